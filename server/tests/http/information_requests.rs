//! Information requests (IRR) and OFSTED suitability checks through the real router (seed 002,
//! issue 6): the Business Support check's four branches, the IRR folder's tags, urgency, each
//! consent exception, a child who turns 16 on the day, no consent (resubmit e-mail saved in the
//! case recordings), a non-secure generic address, a duplicate OFSTED check, roles and audit.

use crate::support::TestApp;
use axum::http::StatusCode;
use chrono::{Datelike, NaiveDate};
use domain::audit::{AuditAction, RecordKind};
use domain::Role;
use serde_json::{json, Value};
use storage::{NewInboxMail, NewPerson};

struct Irr {
    app: TestApp,
    bso: String,
    rao: String,
    /// Ada's sibling at the same address.
    ben: String,
}

async fn setup() -> Irr {
    let app = TestApp::new().await;
    app.user("bso", &[Role::BusinessSupportOfficer], std::slice::from_ref(&app.cass_team)).await;
    app.user("rao2", &[Role::ReferralAndAdviceOfficer], std::slice::from_ref(&app.cass_team)).await;
    app.user("lado", &[Role::Lado], &[]).await;
    let ben = app
        .store
        .create_person(NewPerson { given_name: "Ben", family_name: "Example", date_of_birth: None, address: "1 Street", postcode: "AB1 2CD" }, chrono::Utc::now())
        .await
        .expect("sibling");
    let bso = app.sign_in("bso").await;
    let rao = app.sign_in("rao").await;
    Irr { app, bso, rao, ben }
}

fn today() -> NaiveDate {
    domain::rules::uk_local_time(chrono::Utc::now()).date()
}

fn intake(consent: Value) -> Value {
    let mut f = json!({
        "requester_name": "Pat Doe",
        "requester_organisation": "Exampleshire Police",
        "requester_email": "pat.doe@police.example",
        "child_name": "Ada Example",
        "information_needed": "Any history of involvement",
        "reason": "A strategy discussion about a visitor to the home",
        "said_urgent": true,
        "urgency_reason": "Strategy discussion this afternoon",
        "urgency_criteria": ["other_la_strategy_discussion"],
    });
    if let (Some(f), Some(c)) = (f.as_object_mut(), consent.as_object()) {
        for (k, v) in c {
            f.insert(k.clone(), v.clone());
        }
    }
    f
}

fn fields(v: &Value) -> Vec<String> {
    v["Invalid"]["errors"].as_array().map(|a| a.iter().filter_map(|e| e["field"].as_str().map(String::from)).collect()).unwrap_or_default()
}

impl Irr {
    async fn record(&self, form: Value, inbox_item_id: &str) -> String {
        let r = self.app.call_json("information-requests/record", Some(&self.bso), &json!({ "form": form, "inbox_item_id": inbox_item_id })).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()["Created"]["id"].as_str().unwrap_or_else(|| panic!("created: {}", r.body)).to_string()
    }

    async fn call(&self, endpoint: &str, cookie: &str, form: &[(&str, &str)]) -> Value {
        let r = self.app.call(&format!("information-requests/{endpoint}"), Some(cookie), form).await;
        assert_eq!(r.status, StatusCode::OK, "{endpoint}: {}", r.body);
        r.json()
    }

    /// Recorded, checked by Business Support as a closed case with history, tagged by the RAO.
    async fn in_folder_tagged(&self, consent: Value) -> String {
        let id = self.record(intake(consent), "").await;
        let v = self.call("check", &self.bso, &[("id", &id), ("involvement", "closed_with_history"), ("depth", "detailed"), ("person_id", &self.app.child)]).await;
        assert!(v.get("Done").is_some(), "{v}");
        let v = self.call("tag", &self.rao, &[("id", &id)]).await;
        assert!(v.get("Done").is_some(), "{v}");
        id
    }

    async fn respond(&self, id: &str, send_to: &str, kind: &str) -> Value {
        self.call(
            "respond",
            &self.rao,
            &[
                ("id", id),
                ("period", "3 March 2019 to 1 June 2021"),
                ("reasons", "Neglect"),
                ("key_events", "Assessment: 4 March 2019\nChild protection plan: 1 May 2019"),
                ("wants_assessment_detail", "true"),
                ("send_to", send_to),
                ("address_kind", kind),
            ],
        )
        .await
    }

    async fn row(&self, id: &str) -> storage::InformationRequestRow {
        self.app.store.information_request(id).await.expect("get").expect("exists")
    }
}

#[tokio::test]
async fn business_support_answers_or_passes_on_each_request() {
    let t = setup().await;
    // Not known: Business Support replies, the request is actioned.
    let id = t.record(intake(json!({ "consent": "none" })), "").await;
    let v = t.call("check", &t.bso, &[("id", &id), ("involvement", "not_known"), ("depth", "detailed")]).await;
    assert_eq!(fields(&v), vec!["reply"]);
    let v = t.call("check", &t.bso, &[("id", &id), ("involvement", "not_known"), ("depth", "detailed"), ("reply", "Not known to Children's Social Care.")]).await;
    assert!(v.get("Done").is_some(), "{v}");
    let row = t.row(&id).await;
    assert_eq!((row.status.as_str(), row.outcome.as_deref()), ("actioned", Some("not_known_reply")));
    let m = t.app.store.information_request_messages(&id).await.expect("messages");
    assert_eq!((m[0].message_kind.as_str(), m[0].recipients.clone()), ("level_one_reply", vec!["pat.doe@police.example".to_string()]));
    assert!(m[0].body.contains("Not known to Children's Social Care."));
    // Checked once.
    let v = t.call("check", &t.bso, &[("id", &id), ("involvement", "not_known"), ("depth", "detailed"), ("reply", "again")]).await;
    assert!(v.get("Refused").is_some(), "{v}");

    // Level 1: the allocated worker's details.
    let id = t.record(intake(json!({ "consent": "none" })), "").await;
    let v = t
        .call("check", &t.bso, &[("id", &id), ("involvement", "open_with_allocated_worker"), ("depth", "level_one"), ("reply", "Allocated to a worker in the East team."), ("person_id", &t.app.child)])
        .await;
    assert!(v.get("Done").is_some(), "{v}");
    assert_eq!(t.row(&id).await.outcome.as_deref(), Some("level_one_reply"));

    // An open case and more detail: saved in the case notes of the household, worker and TM told.
    let id = t.record(intake(json!({ "consent": "none" })), "").await;
    let v = t.call("check", &t.bso, &[("id", &id), ("involvement", "open_with_allocated_worker"), ("depth", "detailed"), ("person_id", &t.app.child)]).await;
    assert_eq!(fields(&v), vec!["worker_email", "manager_email"]);
    let v = t
        .call(
            "check",
            &t.bso,
            &[("id", &id), ("involvement", "open_with_allocated_worker"), ("depth", "detailed"), ("person_id", &t.app.child), ("worker_email", "worker@council.example"), ("manager_email", "tm@council.example")],
        )
        .await;
    assert!(v.get("Done").is_some(), "{v}");
    let reference = t.row(&id).await.reference;
    assert_eq!(t.row(&id).await.status, "with_allocated_worker");
    for p in [&t.app.child, &t.ben] {
        let notes = t.app.store.case_notes_for_person(p).await.expect("notes");
        assert!(notes.iter().any(|n| n.note_type == "information_request" && n.body.contains(&reference)), "{p}");
        let trail = t.app.store.audit_for_record(RecordKind::Person, p, 20).await.expect("audit");
        assert!(trail.iter().any(|e| e.action == AuditAction::Create && e.summary.contains("Information request")));
    }
    let m = t.app.store.information_request_messages(&id).await.expect("messages");
    assert_eq!(m[0].recipients, vec!["worker@council.example", "tm@council.example"]);

    // The allocated worker's address comes from the person index when not typed.
    t.app
        .store
        .record_involvement(
            storage::NewInvolvement {
                person_id: &t.ben,
                worker_name: "Sam Worker",
                worker_team: "East",
                worker_phone: "",
                worker_email: "sam.worker@council.example",
                opened_on: today(),
                created_by: None,
            },
            chrono::Utc::now(),
        )
        .await
        .expect("involvement");
    let mut ben_request = intake(json!({ "consent": "none" }));
    ben_request["child_name"] = json!("Ben Example");
    let id = t.record(ben_request, "").await;
    let view = t.call("get", &t.bso, &[("id", &id)]).await;
    let ben = view["candidates"].as_array().and_then(|c| c.iter().find(|c| c["name"] == "Ben Example").cloned()).expect("Ben offered");
    assert_eq!((ben["csc"].as_str(), ben["worker_email"].as_str()), (Some("Open: allocated to Sam Worker (East)"), Some("sam.worker@council.example")));
    let v = t
        .call("check", &t.bso, &[("id", &id), ("involvement", "open_with_allocated_worker"), ("depth", "detailed"), ("person_id", &t.ben), ("manager_email", "tm@council.example")])
        .await;
    assert!(v.get("Done").is_some(), "{v}");
    let m = t.app.store.information_request_messages(&id).await.expect("messages");
    assert_eq!(m[0].recipients, vec!["sam.worker@council.example", "tm@council.example"]);

    // A closed case with history and more detail: the IRR folder.
    let id = t.record(intake(json!({ "consent": "none" })), "").await;
    let v = t.call("check", &t.bso, &[("id", &id), ("involvement", "closed_with_history"), ("depth", "detailed")]).await;
    assert_eq!(fields(&v), vec!["person_id"]);
    let v = t.call("check", &t.bso, &[("id", &id), ("involvement", "closed_with_history"), ("depth", "detailed"), ("person_id", &t.app.child)]).await;
    assert!(v.get("Done").is_some(), "{v}");
    assert_eq!(t.row(&id).await.status, "in_irr_folder");
    let trail = t.app.store.audit_for_record(RecordKind::InformationRequest, &id, 20).await.expect("audit");
    assert!(trail.iter().any(|e| e.summary.contains("Business Support check")));
}

#[tokio::test]
async fn an_urgent_request_from_the_inbox_to_a_sent_response_on_a_secure_route() {
    let t = setup().await;
    let item = t
        .app
        .store
        .import_inbox_mail(
            NewInboxMail {
                source: "email",
                raw: b"Subject: URGENT information request\r\n\r\nPlease send history.",
                from_address: "pat.doe@police.example",
                subject: "URGENT information request",
                sent_at: None,
                text_body: "Please send history.",
                status: "new",
                uploaded_by: None,
                attachments: Vec::new(),
            },
            chrono::Utc::now(),
        )
        .await
        .expect("import");
    let key = format!("irr-new:{}", item.id());
    t.app.keep_draft(&t.bso, &key, "/staff/information-requests/new").await;
    let id = t.record(intake(json!({ "consent": "exception", "exception": "section47_enquiry" })), item.id()).await;
    assert!(!t.app.has_draft(&t.bso, &key).await, "the draft of the recorded request is removed");
    let row = t.row(&id).await;
    assert_eq!((row.title.as_str(), row.urgent, row.timescale.as_str()), ("URGENT information request", true, "irr_urgent_response"));
    assert_eq!(t.app.store.get_inbox_mail(item.id()).await.expect("item").expect("exists").status, "information_request");
    // The same e-mail cannot be recorded twice.
    let r = t.app.call_json("information-requests/record", Some(&t.bso), &json!({ "form": intake(json!({"consent": "none"})), "inbox_item_id": item.id() })).await;
    assert!(r.json().get("Refused").is_some(), "{}", r.body);

    t.call("check", &t.bso, &[("id", &id), ("involvement", "closed_with_history"), ("depth", "detailed"), ("person_id", &t.app.child)]).await;
    let folder = t.call("folder", &t.rao, &[]).await;
    assert_eq!(folder["folder"][0]["id"], json!(id));
    assert!(folder["folder"][0]["age"].as_str().is_some_and(|a| a.ends_with("hours")), "{folder}");
    assert!(folder["may_work"].as_bool().unwrap_or(false));

    // No two RAOs on one request.
    let v = t.call("tag", &t.rao, &[("id", &id)]).await;
    assert!(v.get("Done").is_some(), "{v}");
    let rao2 = t.app.sign_in("rao2").await;
    let v = t.call("tag", &rao2, &[("id", &id)]).await;
    assert_eq!(v["Refused"]["message"], "rao is already working on this request");
    let v = t.call("respond", &rao2, &[("id", &id)]).await;
    assert!(v.get("Refused").is_some(), "only the holder responds: {v}");

    // The RAO confirms no criterion holds: "None urgent", dealt with in turn.
    t.call("urgency", &t.rao, &[("id", &id)]).await;
    let row = t.row(&id).await;
    assert_eq!((row.title.as_str(), row.urgent, row.timescale.as_str()), ("None urgent: URGENT information request", false, "irr_response"));
    t.call("urgency", &t.rao, &[("id", &id), ("criteria[0]", "court_proceedings_or_cp_enquiry")]).await;
    let row = t.row(&id).await;
    assert_eq!((row.title.as_str(), row.urgent), ("URGENT information request", true));

    // A Team Manager agrees what is shared.
    t.call("ask-agreement", &t.rao, &[("id", &id)]).await;
    let tm = t.app.sign_in("tm").await;
    let v = t.call("agree", &tm, &[("id", &id), ("note", "Dates and reasons only")]).await;
    assert!(v.get("Done").is_some(), "{v}");
    assert_eq!(t.app.call("information-requests/agree", Some(&t.rao), &[("id", &id), ("note", "x")]).await.status, StatusCode::FORBIDDEN);

    // A non-secure generic address blocks sending.
    let v = t.respond(&id, "office@police.example", "generic").await;
    assert_eq!(fields(&v), vec!["send_to"], "{v}");
    assert!(v["Invalid"]["errors"][0]["message"].as_str().unwrap_or("").contains("GDPR"));
    let trail = t.app.store.audit_for_record(RecordKind::InformationRequest, &id, 50).await.expect("audit");
    assert!(trail.iter().any(|e| e.action == AuditAction::Refused && e.summary.contains("non-secure")));
    assert_eq!(t.row(&id).await.status, "in_irr_folder");

    // An administrator keeps the secure list; a secure generic address may then be used.
    let admin = t.app.sign_in("admin").await;
    t.app.keep_draft(&admin, "secure-addresses", "/staff/admin/secure-addresses").await;
    let v = t.call("save-secure-addresses", &admin, &[("entries", "police.example\nnot a domain"), ("version", "0")]).await;
    assert_eq!(fields(&v), vec!["entries"]);
    assert!(t.app.has_draft(&admin, "secure-addresses").await, "kept while refused");
    let v = t.call("save-secure-addresses", &admin, &[("entries", "# police forces\npolice.example"), ("version", "0")]).await;
    assert_eq!(v["Saved"]["version"], 1);
    assert!(!t.app.has_draft(&admin, "secure-addresses").await, "removed when saved");
    let v = t.call("save-secure-addresses", &admin, &[("entries", "x.example"), ("version", "0")]).await;
    assert_eq!(v, json!("Stale"));
    assert_eq!(t.app.call("information-requests/save-secure-addresses", Some(&t.rao), &[("entries", "x.example"), ("version", "1")]).await.status, StatusCode::FORBIDDEN);

    let v = t.respond(&id, "mash@police.example", "generic").await;
    assert!(v.get("Done").is_some(), "{v}");
    let row = t.row(&id).await;
    assert_eq!((row.status.as_str(), row.outcome.as_deref()), ("actioned", Some("response_sent")));
    assert!(row.consent_basis.as_deref().unwrap_or("").contains("section47_enquiry"));
    let m = t.app.store.information_request_messages(&id).await.expect("messages");
    let sent = m.iter().find(|m| m.message_kind == "response").expect("response");
    assert_eq!((sent.recipients.clone(), sent.address_kind.as_str()), (vec!["mash@police.example".to_string()], "secure_generic"));
    assert!(sent.body.contains("Reasons for involvement: Neglect"));
    assert!(sent.body.contains("disclosures@council.example"), "the Disclosures Team's address is data: {}", sent.body);
    for p in [&t.app.child, &t.ben] {
        let types: Vec<String> = t.app.store.case_notes_for_person(p).await.expect("notes").into_iter().map(|n| n.note_type).collect();
        assert!(types.contains(&"information_request".to_string()) && types.contains(&"information_request_response".to_string()), "{p}: {types:?}");
    }
    let notes = t.app.store.case_notes_for_person(&t.ben).await.expect("notes");
    assert!(notes.iter().any(|n| n.body.contains("Dates and reasons only")), "the TM's agreement is recorded with the response");
    // Actioned: no more tags.
    let v = t.call("tag", &t.rao, &[("id", &id)]).await;
    assert!(v.get("Refused").is_some());

    // The delivery job sends what was queued (the first reply is on the request as well).
    let sent = std::sync::Mutex::new(Vec::<String>::new());
    let transport = Capture(&sent);
    let settings = server::delivery::Settings { from: "Frontdoor <no-reply@council.example>".parse().expect("mailbox"), holder: "one".into(), lease: chrono::Duration::minutes(5), batch: 10 };
    let round = server::delivery::run_once(&t.app.store, &transport, &settings, chrono::Utc::now()).await.expect("round");
    assert!(round.sent >= 1 && round.failed == 0, "{round:?}");
    let texts = sent.lock().map(|s| s.clone()).unwrap_or_default();
    assert!(texts.iter().any(|m| m.contains("To: mash@police.example") && m.contains("Neglect")), "{texts:?}");
    let m = t.app.store.information_request_messages(&id).await.expect("messages");
    assert!(m.iter().all(|m| m.status == "sent" && m.sent_at.is_some()));
    let view = t.call("get", &t.rao, &[("id", &id)]).await;
    assert!(view["messages"][0]["status"].as_str().unwrap_or("").starts_with("Sent "), "{view}");
    assert_eq!(server::delivery::run_once(&t.app.store, &transport, &settings, chrono::Utc::now()).await.expect("round").sent, 0, "sent once");
}

/// A transport that keeps each message's text.
struct Capture<'a>(&'a std::sync::Mutex<Vec<String>>);

impl server::delivery::Transport for Capture<'_> {
    async fn send(&self, _id: &str, message: &lettre::Message) -> Result<(), String> {
        let text = String::from_utf8_lossy(&message.formatted()).into_owned();
        if let Ok(mut s) = self.0.lock() {
            s.push(text);
        }
        Ok(())
    }
}

#[tokio::test]
async fn each_consent_exception_lets_the_response_go() {
    let t = setup().await;
    for (exception, details) in [
        ("section47_enquiry", ""),
        ("section7_or37_report", ""),
        ("plo_or_court_proceedings", ""),
        ("significant_harm_demonstrated", "A released prisoner is moving into the home and may pose a risk to the children"),
    ] {
        let id = t.in_folder_tagged(json!({ "consent": "exception", "exception": exception, "exception_details": details })).await;
        let view = t.call("get", &t.rao, &[("id", &id)]).await;
        assert_eq!(view["gate"]["proceed"], json!(true), "{exception}: {view}");
        let v = t.respond(&id, "pat.doe@police.example", "requesters_own").await;
        assert!(v.get("Done").is_some(), "{exception}: {v}");
    }
    // Consent given by a parent in writing.
    let id = t.in_folder_tagged(json!({ "consent": "consent_given", "consent_given_by": "parent", "consent_form": "written" })).await;
    assert!(t.respond(&id, "pat.doe@police.example", "requesters_own").await.get("Done").is_some());
}

#[tokio::test]
async fn a_child_may_consent_on_the_day_they_turn_16_and_not_the_day_before() {
    let t = setup().await;
    let d = today();
    let sixteen_today = NaiveDate::from_ymd_opt(d.year() - 16, d.month(), d.day()).or_else(|| NaiveDate::from_ymd_opt(d.year() - 16, 3, 1)).expect("date");
    let child_consent = |dob: NaiveDate| json!({ "consent": "consent_given", "consent_given_by": "child_or_young_person", "consent_form": "written", "child_date_of_birth": dob.to_string() });
    let id = t.in_folder_tagged(child_consent(sixteen_today)).await;
    let v = t.respond(&id, "pat.doe@police.example", "requesters_own").await;
    assert!(v.get("Done").is_some(), "16 today may consent: {v}");

    // Sixteen tomorrow: still 15 on the day of the request, so no valid consent.
    let tomorrow = d.succ_opt().expect("date");
    let sixteen_tomorrow = NaiveDate::from_ymd_opt(tomorrow.year() - 16, tomorrow.month(), tomorrow.day()).unwrap_or(sixteen_today.succ_opt().expect("date"));
    let id = t.in_folder_tagged(child_consent(sixteen_tomorrow)).await;
    let view = t.call("get", &t.rao, &[("id", &id)]).await;
    let trail = t.app.store.audit_for_record(RecordKind::Person, &t.app.child, 50).await.expect("audit");
    assert!(trail.iter().any(|e| e.action == AuditAction::Read && e.summary.contains("recorded history")), "reading the history is audited on the child");
    assert_eq!(view["gate"]["proceed"], json!(false));
    assert!(view["gate"]["reasons"][0].as_str().unwrap_or("").contains("this child was 15"), "{view}");
    let v = t.respond(&id, "pat.doe@police.example", "requesters_own").await;
    assert!(v["Refused"]["message"].as_str().unwrap_or("").contains("resubmit"), "{v}");

    // No consent where it is required: the resubmit e-mail, saved in the case recordings.
    let v = t.call("resubmit", &t.rao, &[("id", &id)]).await;
    assert!(v.get("Done").is_some(), "{v}");
    let row = t.row(&id).await;
    assert_eq!((row.status.as_str(), row.outcome.as_deref()), ("actioned", Some("resubmit_with_consent_requested")));
    let m = t.app.store.information_request_messages(&id).await.expect("messages");
    let mail = m.iter().find(|m| m.message_kind == "resubmit_with_consent").expect("e-mail");
    assert!(mail.body.contains("We will not keep this request"), "{}", mail.body);
    assert!(mail.body.contains("CASS Information Requests form"), "not made on the form: the form and guidance go too");
    assert!(row.information_needed.is_empty() && row.reason.is_empty(), "the request is not kept");
    for p in [&t.app.child, &t.ben] {
        let notes = t.app.store.case_notes_for_person(p).await.expect("notes");
        assert!(notes.iter().any(|n| n.note_type == "case_note" && n.body.contains("resubmit")), "{p}");
    }

    // Consent from a child with no date of birth: the RAO must record it first.
    let id = t.in_folder_tagged(json!({ "consent": "consent_given", "consent_given_by": "child_or_young_person", "consent_form": "professional_statement" })).await;
    let v = t.respond(&id, "pat.doe@police.example", "requesters_own").await;
    assert_eq!(fields(&v), vec!["child_date_of_birth"]);
    t.call("child", &t.rao, &[("id", &id), ("child_date_of_birth", &sixteen_today.to_string())]).await;
    assert!(t.respond(&id, "pat.doe@police.example", "requesters_own").await.get("Done").is_some());

    // With consent, there is nothing to resubmit.
    let id = t.in_folder_tagged(json!({ "consent": "consent_given", "consent_given_by": "parent", "consent_form": "written" })).await;
    assert!(t.call("resubmit", &t.rao, &[("id", &id)]).await.get("Refused").is_some());
}

#[tokio::test]
async fn a_duplicate_ofsted_check_is_shown_with_the_earlier_response() {
    let t = setup().await;
    let lado = t.app.sign_in("lado").await;
    let check = [
        ("applicant_name", "Jo Bloggs"),
        ("applicant_date_of_birth", "1980-04-01"),
        ("ofsted_reference", "EY123456"),
        ("child_name", "Ada Example"),
        ("lado_email", "lado@council.example"),
    ];
    t.app.keep_draft(&lado, "ofsted-new", "/staff/information-requests/ofsted").await;
    let v = t.call("ofsted", &lado, &check).await;
    let id = v["Created"]["id"].as_str().unwrap_or_else(|| panic!("{v}")).to_string();
    assert!(!t.app.has_draft(&lado, "ofsted-new").await, "the draft of the check passed is removed");
    assert_eq!(t.row(&id).await.status, "in_irr_folder");
    // Only LADO passes checks; only RAOs answer them.
    assert_eq!(t.app.call("information-requests/ofsted", Some(&t.rao), &check).await.status, StatusCode::FORBIDDEN);
    // A duplicate before CASS answered: shown, not created again.
    let v = t.call("ofsted", &lado, &check).await;
    assert_eq!(v["Duplicate"]["duplicate"]["response"], Value::Null);

    t.call("tag", &t.rao, &[("id", &id)]).await;
    let v = t.call("ofsted-respond", &t.rao, &[("id", &id), ("response", "Known to Children's Social Care: closed in 2019.")]).await;
    assert!(v.get("Refused").is_some(), "the child must be linked first: {v}");
    t.call("child", &t.rao, &[("id", &id), ("person_id", &t.app.child)]).await;
    let v = t.call("ofsted-respond", &t.rao, &[("id", &id), ("response", "Known to Children's Social Care: closed in 2019.")]).await;
    assert!(v.get("Done").is_some(), "{v}");
    let m = t.app.store.information_request_messages(&id).await.expect("messages");
    assert_eq!(m[0].recipients, vec!["suitability-1@ofsted.example", "suitability-2@ofsted.example"]);
    for p in [&t.app.child, &t.ben] {
        let notes = t.app.store.case_notes_for_person(p).await.expect("notes");
        assert!(notes.iter().any(|n| n.note_type == "ofsted_suitability_check" && n.body.contains("closed in 2019")), "{p}");
    }

    // OFSTED sends it again with a different spelling of the reference: LADO sees the answer.
    let again = [("applicant_name", "JO  BLOGGS"), ("applicant_date_of_birth", "1980-04-01"), ("ofsted_reference", ""), ("child_name", "Ada Example"), ("lado_email", "lado@council.example")];
    let v = t.call("ofsted", &lado, &again).await;
    assert_eq!(v["Duplicate"]["duplicate"]["response"].as_str().map(|s| s.contains("closed in 2019")), Some(true), "{v}");
    assert!(v["Duplicate"]["duplicate"]["reference"].as_str().unwrap_or("").starts_with("OFS-"));
    let v = t.call("ofsted", &lado, &[("applicant_name", "Sam Smith"), ("child_name", "Ada Example")]).await;
    assert_eq!(fields(&v), vec!["lado_email"]);
}

#[tokio::test]
async fn roles_are_checked_and_reads_are_audited() {
    let t = setup().await;
    let admin = t.app.sign_in("admin").await;
    assert_eq!(t.app.call("information-requests/folder", Some(&admin), &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.app.call("information-requests/folder", None, &[]).await.status, StatusCode::UNAUTHORIZED);
    let ehm = t.app.sign_in("ehm").await;
    assert_eq!(t.app.call("information-requests/folder", Some(&ehm), &[]).await.status, StatusCode::FORBIDDEN);
    let r = t.app.call_json("information-requests/record", Some(&t.rao), &json!({ "form": intake(json!({"consent": "none"})) })).await;
    assert_eq!(r.status, StatusCode::OK, "RAOs may record too: {}", r.body);
    let r = t.app.call_json("information-requests/record", Some(&ehm), &json!({ "form": intake(json!({"consent": "none"})) })).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = t.app.call_json("information-requests/record", Some(&t.bso), &json!({ "form": {} })).await;
    assert!(fields(&r.json()).contains(&"requester_email".to_string()), "{}", r.body);
    let id = t.record(intake(json!({"consent": "none"})), "").await;
    assert_eq!(t.app.call("information-requests/tag", Some(&t.bso), &[("id", &id)]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.app.call("information-requests/get", Some(&t.rao), &[("id", "missing")]).await.status, StatusCode::NOT_FOUND);
    let v = t.call("get", &t.bso, &[("id", &id)]).await;
    assert_eq!(v["may_check"], json!(true));
    assert_eq!(v["candidates"][0]["name"], json!("Ada Example"));
    let trail = t.app.store.audit_for_record(RecordKind::InformationRequest, &id, 20).await.expect("audit");
    assert!(trail.iter().any(|e| e.action == AuditAction::Read));
    assert_eq!(t.app.call("information-requests/secure-addresses", Some(&t.rao), &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.call("secure-addresses", &admin, &[]).await["version"], 0);
}

async fn post_public(app: &TestApp, form: &[(&str, &str)]) -> crate::support::Reply {
    use axum::body::Body;
    use axum::http::{header, Request};
    let body = form.iter().map(|(k, v)| format!("{}={}", crate::support::enc(k), crate::support::enc(v))).collect::<Vec<_>>().join("&");
    let req = Request::post("/request-information")
        .header(header::HOST, "frontdoor.test")
        .header(header::ORIGIN, "http://frontdoor.test")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-for", "10.9.9.9")
        .body(Body::from(body))
        .expect("request");
    app.send(req).await
}

#[tokio::test]
async fn the_public_form_works_without_javascript() {
    let t = setup().await;
    let r = t.app.get("/request-information", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(r#"<form method="post" action="/request-information""#), "a plain HTML form");
    assert!(!r.body.contains(".wasm") && !r.body.contains("/pkg/frontdoor.js"), "no WASM bundle");
    for id in ["requester_email", "child_date_of_birth-year", "urgency_criteria", "consent_given_by", "exception_details"] {
        assert!(r.body.contains(&format!(r#"id="{id}""#)), "{id}");
    }

    // Mistakes: the error summary, everything typed kept, nothing stored.
    let r = post_public(&t.app, &[("website", ""), ("requester_name", "Pat Doe"), ("requester_email", "pat at police"), ("child_date_of_birth", "31"), ("child_date_of_birth-month", "2"), ("child_date_of_birth-year", "2012")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("govuk-error-summary"));
    assert!(r.body.contains(r##"href="#requester_email""##) && r.body.contains(r##"href="#child_date_of_birth""##));
    assert!(r.body.contains(r#"value="Pat Doe""#) && r.body.contains(r#"value="31""#));
    assert!(t.app.store.information_requests(&["awaiting_check"], 10).await.expect("list").is_empty());

    // A bot fills in the hidden field: refused, nothing stored.
    let r = post_public(&t.app, &[("website", "spam"), ("requester_name", "x")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    let form = [
        ("website", ""),
        ("requester_name", "Pat Doe"),
        ("requester_organisation", "Exampleshire Probation"),
        ("requester_email", "pat.doe@probation.example"),
        ("child_name", "Ada Example"),
        ("child_date_of_birth", "2"),
        ("child_date_of_birth-month", "3"),
        ("child_date_of_birth-year", "2012"),
        ("information_needed", "History of involvement"),
        ("reason", "A prisoner is being released to the child's address"),
        ("said_urgent", "yes"),
        ("urgency_criteria", "probation_releasing_prisoner"),
        ("urgency_reason", "Release on Friday"),
        ("consent", "exception"),
        ("exception", "significant_harm_demonstrated"),
        ("exception_details", "The prisoner has convictions for offences against children"),
    ];
    let r = post_public(&t.app, &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let location = r.headers.get(axum::http::header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert!(location.starts_with("/request-information/sent?reference=IRR-"), "{location}");
    let sent = t.app.get(&location, None).await;
    let reference = location.rsplit('=').next().unwrap_or("");
    assert!(sent.body.contains(reference) && sent.body.contains("Request sent"));
    let rows = t.app.store.information_requests(&["awaiting_check"], 10).await.expect("list");
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!((row.channel.as_str(), row.urgent, row.child_date_of_birth), ("online_form", true, NaiveDate::from_ymd_opt(2012, 3, 2)));
    assert_eq!(row.urgency_criteria, vec!["probation_releasing_prisoner"]);
    let trail = t.app.store.audit_for_record(RecordKind::InformationRequest, &row.id, 10).await.expect("audit");
    assert_eq!(trail[0].action, AuditAction::Create);
    // Business Support sees it waiting for the check.
    let folder = t.call("folder", &t.bso, &[]).await;
    assert_eq!(folder["awaiting_check"][0]["reference"], json!(reference));
    // A made-up confirmation address shows nothing.
    let r = t.app.get("/request-information/sent?reference=%3Cscript%3E", None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_staff_pages_render_on_the_server() {
    let t = setup().await;
    let id = t.in_folder_tagged(json!({ "consent": "exception", "exception": "section47_enquiry" })).await;
    let reference = t.row(&id).await.reference;
    let r = t.app.get("/staff/information-requests", Some(&t.rao)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Information requests (IRR folder)"), "{}", r.body);
    assert!(r.body.contains(&reference) && r.body.contains("Urgent"));
    let r = t.app.get(&format!("/staff/information-requests/{id}"), Some(&t.rao)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(&reference) && r.body.contains("Compile the response") && r.body.contains("Consent is not needed"), "{}", r.body);
    let r = t.app.get("/staff", Some(&t.bso)).await;
    assert!(r.body.contains(r#"href="/staff/information-requests""#), "a link where Business Support look");
    let admin = t.app.sign_in("admin").await;
    let r = t.app.get("/staff/admin/secure-addresses", Some(&admin)).await;
    assert!(r.body.contains("Secure e-mail addresses for information requests"));
    let lado = t.app.sign_in("lado").await;
    let r = t.app.get("/staff/information-requests/ofsted", Some(&lado)).await;
    assert!(r.body.contains("Pass an OFSTED suitability check to CASS"));
}
