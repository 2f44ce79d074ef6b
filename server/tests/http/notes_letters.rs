//! Case notes, the chronology, letter templates and outcome communications through the real
//! router: roles, record access, validation as typed values, audit, delivery and PDFs.

use crate::support::TestApp;
use axum::http::StatusCode;
use domain::audit::{AuditAction, RecordKind};
use domain::Role;
use server::delivery::{run_once, Settings, Transport};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use storage::{NewContact, NewPerson};

/// A sibling of the test child (same address and postcode) with a contact in the CASS worklist.
async fn sibling(app: &TestApp) -> String {
    let now = chrono::Utc::now();
    let id = app
        .store
        .create_person(NewPerson { given_name: "Ben", family_name: "Example", date_of_birth: None, address: "1 Street", postcode: "AB1 2CD" }, now)
        .await
        .expect("person");
    app.store
        .create_contact(
            NewContact { reference: "C-000002", person_id: &id, summary: "Sibling", assigned_team_id: Some(&app.cass_team), assigned_user_id: None, received_at: now },
            now,
        )
        .await
        .expect("contact");
    id
}

fn fields(v: &serde_json::Value) -> Vec<String> {
    v["Invalid"]["errors"].as_array().map(|a| a.iter().filter_map(|e| e["field"].as_str().map(String::from)).collect()).unwrap_or_default()
}

fn audit_summaries(entries: &[storage::AuditEntry], action: AuditAction) -> Vec<String> {
    entries.iter().filter(|e| e.action == action).map(|e| e.summary.clone()).collect()
}

#[tokio::test]
async fn a_note_is_written_once_and_shows_on_each_sibling() {
    let app = TestApp::new().await;
    let ben = sibling(&app).await;
    let rao = app.sign_in("rao").await;

    let r = app.call("notes/for_contact", Some(&rao), &[("contact_id", &app.contact)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(v["default_children"], serde_json::json!([app.child]));
    let offered: Vec<&str> = v["children"].as_array().expect("children").iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(offered, vec!["Ada Example", "Ben Example"]);
    assert!(v["types"].as_array().expect("types").iter().any(|t| t["label"] == "Missing status: found"));

    // Mistakes come back as values against their fields.
    let r = app.call("notes/add", Some(&rao), &[("note_type", ""), ("text", " "), ("contact_id", &app.contact)]).await;
    assert_eq!(fields(&r.json()), vec!["note_type", "text", "children"]);

    let text = format!("Called the school about both children.\n\n{}", "Long narrative. ".repeat(3_000));
    let r = app
        .call("notes/add", Some(&rao), &[("note_type", "phone_call"), ("text", &text), ("children[0]", &app.child), ("children[1]", &ben), ("contact_id", &app.contact)])
        .await;
    assert_eq!(r.json()["Saved"]["message"], "The note has been added to 2 children's records.", "{}", r.body);

    let r = app.call("notes/for_person", Some(&rao), &[("person_id", &ben)]).await;
    let notes = r.json()["notes"].clone();
    assert_eq!(notes.as_array().map(Vec::len), Some(1));
    assert_eq!(notes[0]["type_label"], "Phone call");
    assert_eq!(notes[0]["text"].as_str().map(str::len), Some(text.len()));
    assert_eq!(notes[0]["contact_reference"], "C-000001");
    for person in [&app.child, &ben] {
        let trail = app.store.audit_for_record(RecordKind::Person, person, 20).await.expect("audit");
        assert!(audit_summaries(&trail, AuditAction::Create).iter().any(|s| s.contains("Added a case note (Phone call")), "{person}");
    }

    // A child outside the family whose record is not open to the writer is refused.
    let now = chrono::Utc::now();
    let stranger = app
        .store
        .create_person(NewPerson { given_name: "Zed", family_name: "Other", date_of_birth: None, address: "9 Road", postcode: "ZZ9 9ZZ" }, now)
        .await
        .expect("person");
    let r = app.call("notes/add", Some(&rao), &[("note_type", "case_note"), ("text", "x"), ("children[0]", &stranger), ("contact_id", &app.contact)]).await;
    assert_eq!(r.json()["Invalid"]["errors"][0]["field"], "children");
    assert!(app.store.case_notes_for_person(&stranger).await.expect("notes").is_empty());
}

#[tokio::test]
async fn notes_respect_roles_and_record_access() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    assert_eq!(app.call("notes/for_person", Some(&admin), &[("person_id", &app.child)]).await.status, StatusCode::FORBIDDEN);
    // Not in the Early Help Manager's worklists and no reason given: refused, nothing sent.
    let ehm = app.sign_in("ehm").await;
    let r = app.call("notes/for_person", Some(&ehm), &[("person_id", &app.child)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!r.body.contains("Ada"));
    let r = app.call("notes/add", Some(&ehm), &[("note_type", "case_note"), ("text", "x"), ("children[0]", &app.child), ("person_id", &app.child)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call("notes/for_person", None, &[("person_id", &app.child)]).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.call("notes/for_person", Some(&ehm), &[("person_id", "nobody")]).await.status, StatusCode::NOT_FOUND);
    // With a reason given on the record page, the notes open (and the read is audited with it).
    let reason = "Early Help asked about a sibling this morning";
    app.call("records/open", Some(&ehm), &[("kind", "person"), ("id", &app.child), ("reason", reason)]).await;
    assert_eq!(app.call("notes/for_person", Some(&ehm), &[("person_id", &app.child)]).await.status, StatusCode::OK);
    let trail = app.store.audit_for_record(RecordKind::Person, &app.child, 20).await.expect("audit");
    assert!(trail.iter().any(|e| e.summary.starts_with("Read the case notes") && e.reason.as_deref() == Some(reason)));
}

#[tokio::test]
async fn a_note_is_withdrawn_with_a_reason_and_restored() {
    let app = TestApp::new().await;
    app.user("rao2", &[Role::ReferralAndAdviceOfficer], std::slice::from_ref(&app.cass_team)).await;
    let rao = app.sign_in("rao").await;
    let r = app.call("notes/add", Some(&rao), &[("note_type", "advice_given"), ("text", "Advised mum"), ("children[0]", &app.child), ("person_id", &app.child)]).await;
    assert!(r.json().get("Saved").is_some(), "{}", r.body);
    let note_id = app.store.case_notes_for_person(&app.child).await.expect("notes")[0].id.clone();

    // Someone else who is not a manager may not withdraw it.
    let other = app.sign_in("rao2").await;
    let r = app.call("notes/withdraw", Some(&other), &[("note_id", &note_id), ("reason", "Not mine but wrong")]).await;
    assert_eq!(r.json()["Invalid"]["errors"][0]["message"], "Only the person who wrote a note, or a manager, can withdraw it");

    let r = app.call("notes/withdraw", Some(&rao), &[("note_id", &note_id), ("reason", "oops")]).await;
    assert_eq!(r.json()["Invalid"]["errors"][0]["field"], "reason");
    let r = app.call("notes/withdraw", Some(&rao), &[("note_id", &note_id), ("reason", "Written on the wrong child")]).await;
    assert!(r.json().get("Saved").is_some(), "{}", r.body);
    let listed = app.call("notes/for_person", Some(&rao), &[("person_id", &app.child)]).await.json();
    assert_eq!(listed["notes"][0]["withdrawn"]["reason"], "Written on the wrong child");
    assert_eq!(listed["notes"][0]["can_restore"], true, "the author may undo at once");
    let for_other = app.call("notes/for_person", Some(&other), &[("person_id", &app.child)]).await.json();
    assert_eq!(for_other["notes"][0]["can_restore"], false);
    let r = app.call("notes/restore", Some(&other), &[("note_id", &note_id)]).await;
    assert!(r.json()["Invalid"]["errors"][0]["message"].as_str().unwrap_or("").starts_with("Only a manager can restore"));

    let r = app.call("notes/restore", Some(&rao), &[("note_id", &note_id)]).await;
    assert!(r.json().get("Saved").is_some(), "{}", r.body);
    // Withdrawn again and restored by a manager.
    app.call("notes/withdraw", Some(&rao), &[("note_id", &note_id), ("reason", "Duplicate of an earlier note")]).await;
    let tm = app.sign_in("tm").await;
    let r = app.call("notes/restore", Some(&tm), &[("note_id", &note_id)]).await;
    assert!(r.json().get("Saved").is_some(), "{}", r.body);
    assert!(app.store.case_note(&note_id).await.expect("read").expect("note").withdrawal.is_none());
    assert_eq!(app.store.case_note_withdrawal_count(&note_id).await.expect("count"), 2);
    let trail = app.store.audit_for_record(RecordKind::Person, &app.child, 50).await.expect("audit");
    let changes = audit_summaries(&trail, AuditAction::Update);
    assert_eq!(changes.iter().filter(|s| s.starts_with("Withdrew case note")).count(), 2);
    assert_eq!(changes.iter().filter(|s| s.starts_with("Restored case note")).count(), 2);
    assert!(trail.iter().any(|e| e.reason.as_deref() == Some("Written on the wrong child")));
}

#[tokio::test]
async fn administrators_edit_letter_templates_with_every_version_kept() {
    let app = TestApp::new().await;
    let rao = app.sign_in("rao").await;
    assert_eq!(app.call("letters/templates", Some(&rao), &[]).await.status, StatusCode::FORBIDDEN);
    let admin = app.sign_in("admin").await;
    let list = app.call("letters/templates", Some(&admin), &[]).await.json();
    assert_eq!(list.as_array().map(Vec::len), Some(domain::rules::Letter::ALL.len()));

    let edit = app.call("letters/template", Some(&admin), &[("kind", "outcomes_letter")]).await.json();
    assert_eq!(edit["summary"]["version"], 1);
    let body = edit["body"].as_str().expect("body").to_string();
    let bad = format!("{body}\n\nCall {{{{cass_phone}}}} about {{{{chld_name}}}}.");
    app.keep_draft(&admin, "letter-template:outcomes_letter", "/staff/admin/letters/outcomes_letter").await;
    let r = app.call("letters/save", Some(&admin), &[("kind", "outcomes_letter"), ("subject", "Outcome"), ("body", &bad), ("version", "1")]).await;
    let errors = r.json()["Invalid"]["errors"].clone();
    assert!(app.has_draft(&admin, "letter-template:outcomes_letter").await, "kept while refused");
    assert_eq!(errors.as_array().map(Vec::len), Some(2), "{errors}");
    assert!(errors[0]["message"].as_str().unwrap_or("").contains("no placeholder called “cass_phone”"));
    let r = app.call("letters/preview", Some(&admin), &[("kind", "outcomes_letter"), ("subject", "Outcome for {{child_name}}"), ("body", &bad)]).await;
    assert!(r.json().get("Invalid").is_some());

    let good = format!("{body}\n\nWe will write again if anything changes.");
    let r = app.call("letters/preview", Some(&admin), &[("kind", "outcomes_letter"), ("subject", "Outcome for {{child_name}}"), ("body", &good)]).await;
    assert_eq!(r.json()["Preview"]["subject"], "Outcome for Sam Example");
    let r = app.call("letters/save", Some(&admin), &[("kind", "outcomes_letter"), ("subject", "Outcome for {{child_name}}"), ("body", &good), ("version", "1")]).await;
    assert_eq!(r.json()["Saved"]["version"], 2);
    assert!(!app.has_draft(&admin, "letter-template:outcomes_letter").await, "removed when a version is saved");
    let r = app.call("letters/save", Some(&admin), &[("kind", "outcomes_letter"), ("subject", "Late"), ("body", &good), ("version", "1")]).await;
    assert_eq!(r.json()["Stale"]["current"], 2);
    let edit = app.call("letters/template", Some(&admin), &[("kind", "outcomes_letter")]).await.json();
    assert_eq!(edit["versions"].as_array().map(Vec::len), Some(2));
    assert_eq!(app.call("letters/template", Some(&admin), &[("kind", "no_such_letter")]).await.status, StatusCode::NOT_FOUND);
    let trail = app.store.audit_for_record(RecordKind::LetterTemplate, "outcomes_letter", 5).await.expect("audit");
    assert_eq!(trail[0].summary, "Saved letter template “Outcomes letter” version 2");
}

/// A transport that fails its first `fail` sends, then records what it delivers.
struct Recording {
    fail: AtomicUsize,
    sent: Mutex<Vec<String>>,
}

impl Recording {
    fn new(fail: usize) -> Recording {
        Recording { fail: AtomicUsize::new(fail), sent: Mutex::new(Vec::new()) }
    }
    fn sent(&self) -> Vec<String> {
        self.sent.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl Transport for Recording {
    async fn send(&self, id: &str, message: &lettre::Message) -> Result<(), String> {
        if self.fail.load(Ordering::SeqCst) > 0 {
            self.fail.fetch_sub(1, Ordering::SeqCst);
            return Err("the relay refused the connection".into());
        }
        // Give a racing instance every chance to send it too.
        tokio::task::yield_now().await;
        let text = String::from_utf8_lossy(&message.formatted()).into_owned();
        assert!(text.contains("Subject:"), "{text}");
        if let Ok(mut s) = self.sent.lock() {
            s.push(id.to_string());
        }
        Ok(())
    }
}

fn settings(holder: &str) -> Settings {
    Settings { from: "Frontdoor <no-reply@council.example>".parse().expect("mailbox"), holder: holder.into(), lease: chrono::Duration::minutes(5), batch: 10 }
}

async fn issue(app: &TestApp, cookie: &str, channel: &str, name: &str) -> serde_json::Value {
    let (email, address) = if channel == "email" { ("jo@school.example", "") } else { ("", "2 Road\nExampletown\nAB1 2CD") };
    app.call(
        "communications/issue",
        Some(cookie),
        &[
            ("contact_id", &app.contact),
            ("letter", "outcomes_letter"),
            ("recipient_name", name),
            ("recipient_role", if channel == "email" { "referring_professional" } else { "person_with_parental_responsibility" }),
            ("channel", channel),
            ("recipient_email", email),
            ("recipient_address", address),
            ("outcome", "An Early Help worker will contact you within five working days."),
        ],
    )
    .await
    .json()
}

#[tokio::test]
async fn issued_emails_are_sent_once_retried_on_failure_and_never_lost() {
    let app = TestApp::new().await;
    let rao = app.sign_in("rao").await;
    let r = app.call("communications/issue", Some(&rao), &[("contact_id", &app.contact), ("letter", "outcomes_letter"), ("recipient_name", ""), ("recipient_role", "referrer"), ("channel", "email"), ("recipient_email", "nope")]).await;
    assert_eq!(fields(&r.json()), vec!["recipient_name", "recipient_email"]);
    // The outcomes letter needs the outcome: refused rather than sent with a gap.
    let r = app.call("communications/issue", Some(&rao), &[("contact_id", &app.contact), ("letter", "outcomes_letter"), ("recipient_name", "Jo"), ("recipient_role", "referrer"), ("channel", "email"), ("recipient_email", "jo@school.example")]).await;
    assert!(r.json()["Invalid"]["errors"][0]["message"].as_str().unwrap_or("").contains("what the service will do"), "{}", r.body);

    let first = issue(&app, &rao, "email", "Jo Teacher").await;
    let id = first["Done"]["ids"][0].as_str().expect("id").to_string();
    assert_eq!(issue(&app, &rao, "email", "Jo Teacher").await["Done"]["ids"][0], id.as_str(), "issuing again for the same step is a no-op");
    let row = app.store.communication(&id).await.expect("read").expect("row");
    assert_eq!((row.status.as_str(), row.template_version), ("queued", 1));
    assert!(row.body.contains("Dear Jo Teacher") && row.body.contains("An Early Help worker will contact you"));
    assert!(row.body.contains("0100 000 0000"), "the phone line comes from the service contacts");
    let trail = app.store.audit_for_record(RecordKind::Contact, &app.contact, 10).await.expect("audit");
    assert!(audit_summaries(&trail, AuditAction::Create).iter().any(|s| s.starts_with("Issued “Outcomes letter” to Jo Teacher")));

    // Two instances (two tasks) race for it: exactly one sends it.
    let (one, two) = (std::sync::Arc::new(Recording::new(0)), std::sync::Arc::new(Recording::new(0)));
    let racers: Vec<_> = [("one", one.clone()), ("two", two.clone())]
        .into_iter()
        .map(|(holder, t)| {
            let store = app.store.clone();
            tokio::spawn(async move { run_once(&store, t.as_ref(), &settings(holder), chrono::Utc::now()).await.expect("round").sent })
        })
        .collect();
    let mut sent = 0;
    for r in racers {
        sent += r.await.expect("task");
    }
    assert_eq!(sent, 1);
    assert_eq!(one.sent().len() + two.sent().len(), 1, "the transports saw exactly one message");
    assert_eq!(app.store.communication(&id).await.expect("read").expect("row").status, "sent");

    // A failing relay: the e-mail stays, visible as failed, and goes once the relay is back.
    let second = issue(&app, &rao, "email", "Sam Nurse").await;
    let id2 = second["Done"]["ids"][0].as_str().expect("id").to_string();
    let flaky = Recording::new(1);
    let now = chrono::Utc::now();
    let round = run_once(&app.store, &flaky, &settings("one"), now).await.expect("round");
    assert_eq!((round.sent, round.failed), (0, 1));
    app.user("bso", &[Role::BusinessSupportOfficer], std::slice::from_ref(&app.cass_team)).await;
    let bso = app.sign_in("bso").await;
    let lists = app.call("communications/worklist", Some(&bso), &[]).await.json();
    assert_eq!(lists["failed"][0]["id"], id2.as_str());
    assert_eq!(lists["failed"][0]["last_error"], "the relay refused the connection");
    let on_contact = app.call("communications/for_contact", Some(&rao), &[("contact_id", &app.contact)]).await.json();
    assert!(on_contact.as_array().expect("list").iter().any(|c| c["id"] == id2.as_str() && c["status"] == "failed_retrying"));
    assert_eq!(run_once(&app.store, &flaky, &settings("one"), now).await.expect("round").sent, 0, "not before its next attempt");
    let r = app.call("communications/retry", Some(&bso), &[("id", &id2)]).await;
    assert!(r.json().get("Done").is_some(), "{}", r.body);
    let round = run_once(&app.store, &flaky, &settings("two"), chrono::Utc::now() + chrono::Duration::seconds(1)).await.expect("round");
    assert_eq!(round.sent, 1);
    assert_eq!(flaky.sent(), vec![id2.clone()]);
    let row = app.store.communication(&id2).await.expect("read").expect("row");
    assert_eq!((row.status.as_str(), row.attempts), ("sent", 2));
    assert!(app.call("communications/worklist", Some(&bso), &[]).await.json()["failed"].as_array().expect("failed").is_empty());
    assert_eq!(app.call("communications/worklist", Some(&rao), &[]).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_file_drop_transport_writes_an_rfc_5322_message() {
    let app = TestApp::new().await;
    let rao = app.sign_in("rao").await;
    let id = issue(&app, &rao, "email", "Jo Teacher").await["Done"]["ids"][0].as_str().expect("id").to_string();
    let dir = std::env::temp_dir().join(format!("fd-outbox-{}", uuid::Uuid::new_v4()));
    let drop = server::delivery::FileDrop { dir: dir.clone() };
    assert_eq!(run_once(&app.store, &drop, &settings("one"), chrono::Utc::now()).await.expect("round").sent, 1);
    let eml = std::fs::read_to_string(dir.join(format!("{id}.eml"))).expect("message written");
    assert!(eml.contains("To: \"Jo Teacher\" <jo@school.example>") || eml.contains("To: Jo Teacher <jo@school.example>"), "{eml}");
    assert!(eml.contains("From: Frontdoor <no-reply@council.example>"), "{eml}");
    assert!(eml.contains(&format!("Message-ID: <{id}@council.example>")), "{eml}");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn posted_letters_print_download_as_pdf_and_join_the_chronology() {
    let app = TestApp::new().await;
    let rao = app.sign_in("rao").await;
    app.call("notes/add", Some(&rao), &[("note_type", "strategy_discussion"), ("text", "Strategy discussion held"), ("children[0]", &app.child), ("contact_id", &app.contact)]).await;
    let id = issue(&app, &rao, "post", "Alex Parent").await["Done"]["ids"][0].as_str().expect("id").to_string();
    assert_eq!(app.store.communication(&id).await.expect("read").expect("row").status, "ready_to_print");

    let letter = app.call("communications/letter", Some(&rao), &[("id", &id)]).await.json();
    assert_eq!(letter["recipient_address"], serde_json::json!(["2 Road", "Exampletown", "AB1 2CD"]));
    assert_eq!(letter["can_mark_printed"], false, "an RAO does not work the printing list");

    let pdf = app.send(
        axum::http::Request::get(format!("/staff/communications/{id}/pdf"))
            .header(axum::http::header::HOST, "frontdoor.test")
            .header(axum::http::header::COOKIE, &rao)
            .body(axum::body::Body::empty())
            .expect("request"),
    );
    let pdf = pdf.await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers.get("content-type").and_then(|v| v.to_str().ok()), Some("application/pdf"));
    let bytes = download(&app, &id, &rao).await;
    let text = pdf_extract::extract_text_from_mem(&bytes).expect("text from the PDF");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Alex Parent"), "{flat}");
    assert!(flat.contains("What we will do: An Early Help worker will contact you within five working days."), "{flat}");
    assert!(flat.contains("What we will do after your contact about Ada Example (reference C-000001)"), "{flat}");
    let trail = app.store.audit_for_record(RecordKind::Contact, &app.contact, 20).await.expect("audit");
    assert!(audit_summaries(&trail, AuditAction::Read).iter().any(|s| s.starts_with("Downloaded the letter as a PDF to Alex Parent")));

    let admin = app.sign_in("admin").await;
    assert_eq!(app.get(&format!("/staff/communications/{id}/pdf"), Some(&admin)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("/staff/communications/{id}/pdf"), None).await.status, StatusCode::SEE_OTHER);

    // Business Support prints it and marks it printed.
    app.user("bso", &[Role::BusinessSupportOfficer], &[]).await;
    let bso = app.sign_in("bso").await;
    let lists = app.call("communications/worklist", Some(&bso), &[]).await.json();
    assert_eq!(lists["to_print"][0]["id"], id.as_str());
    assert_eq!(app.call("communications/letter", Some(&bso), &[("id", &id)]).await.json()["can_mark_printed"], true);
    assert!(app.call("communications/mark_printed", Some(&bso), &[("id", &id)]).await.json().get("Done").is_some());
    assert!(app.call("communications/mark_printed", Some(&bso), &[("id", &id)]).await.json().get("Invalid").is_some());
    assert_eq!(app.store.communication(&id).await.expect("read").expect("row").printed_by.as_deref(), Some("bso"));

    // The chronology: the contact, the note and the letter, oldest first; the read is audited.
    let c = app.call("chronology/for_person", Some(&rao), &[("person_id", &app.child)]).await.json();
    let kinds: Vec<&str> = c["entries"].as_array().expect("entries").iter().filter_map(|e| e["kind"].as_str()).collect();
    assert_eq!(kinds, vec!["Contact", "Case note: Strategy discussion", "Letter"]);
    let trail = app.store.audit_for_record(RecordKind::Person, &app.child, 20).await.expect("audit");
    assert!(audit_summaries(&trail, AuditAction::Read).iter().any(|s| s == "Viewed the chronology of Ada Example"));
    assert_eq!(app.call("chronology/for_person", Some(&admin), &[("person_id", &app.child)]).await.status, StatusCode::FORBIDDEN);
}

async fn download(app: &TestApp, id: &str, cookie: &str) -> Vec<u8> {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let req = axum::http::Request::get(format!("/staff/communications/{id}/pdf"))
        .header(axum::http::header::HOST, "frontdoor.test")
        .header(axum::http::header::COOKIE, cookie)
        .body(axum::body::Body::empty())
        .expect("request");
    let res = app.router.clone().oneshot(req).await.expect("response");
    res.into_body().collect().await.map(|b| b.to_bytes().to_vec()).unwrap_or_default()
}
