//! The Early Help MASH desk through the real router (seed 003 §1–§6, issue 7): an EHA from
//! receipt through the consent check and validation to each triage outcome; no consent with its
//! letter and destruction after 30 days (exactly once); the 7-day letter and the 14-day review;
//! step up with CSC's decision; disputes escalated and resolved; out of authority; CIN codes;
//! deadlines from the working-day calendar; roles and audit.

use crate::support::TestApp;
use axum::http::StatusCode;
use chrono::{Duration, Utc};
use domain::audit::RecordKind;
use domain::early_help::DeskStage;
use domain::rules::Timescale;
use domain::Role;
use serde_json::{json, Value};

struct Desk {
    app: TestApp,
    ehm: String,
    bso: String,
}

async fn setup() -> Desk {
    let app = TestApp::new().await;
    let now = Utc::now();
    let admin = app.store.find_user_by_username("admin").await.expect("admin").expect("admin").id;
    for w in ["early_help_triage", "early_help_triage_support"] {
        app.store.set_worklist_team(w, &app.eh_team, &admin, now).await.expect("worklist team");
    }
    app.user("ehbso", &[Role::BusinessSupportOfficer], std::slice::from_ref(&app.eh_team)).await;
    app.user("cog", &[Role::CogManager], &[]).await;
    let ehm = app.sign_in("ehm").await;
    let bso = app.sign_in("ehbso").await;
    Desk { app, ehm, bso }
}

fn intake(source: &str, consent: &str) -> Value {
    json!({
        "source": source,
        "referrer_name": "Pat Referrer",
        "referrer_organisation": "Hill Primary School",
        "referrer_email": "pat@school.example",
        "consent": consent,
        "child_given_name": "Sam",
        "child_family_name": "Green",
        "child_date_of_birth": "01/02/2016",
        "child_address": "1 High Street",
        "child_postcode": "AB1 2CD",
        "parents_or_carers": "Jo Green",
        "no_siblings": true,
        "no_household_members": true,
        "ethnicity": "White British",
        "special_needs": "None",
        "needs": "Attendance has fallen this term",
        "welfare_rights": true,
    })
}

fn checklist() -> Value {
    json!({
        "previous_csc_contacts": "None found", "csc_involvement": "None found", "yos": "None found", "tys": "None found",
        "schools": "Hill Primary since 09/2020", "education_services": "None found",
        "attendance_and_exclusions": "88% attendance, no exclusions", "key_agencies": "School nurse",
    })
}

fn errors(v: &Value) -> Vec<String> {
    v["Refused"]["errors"].as_array().map(|a| a.iter().filter_map(|e| e["field"].as_str().map(String::from)).collect()).unwrap_or_default()
}

impl Desk {
    async fn log(&self, form: Value) -> String {
        let r = self.app.call_json("eha/new", Some(&self.bso), &json!({ "form": form })).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()["Done"]["id"].as_str().unwrap_or_else(|| panic!("logged: {}", r.body)).to_string()
    }

    async fn get(&self, id: &str, cookie: &str) -> Value {
        let r = self.app.call("eha/get", Some(cookie), &[("id", id)]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()
    }

    /// Decides the EHA's one open step; the answer as JSON.
    async fn decide(&self, id: &str, cookie: &str, form: Value) -> Value {
        let v = self.get(id, cookie).await;
        let step = &v["steps"][0];
        let r = self
            .app
            .call_json("eha/decide", Some(cookie), &json!({ "id": id, "item_id": step["item_id"], "version": v["version"], "form": form }))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()
    }

    async fn stage(&self, id: &str) -> Option<String> {
        self.get(id, &self.ehm).await["steps"][0]["stage"].as_str().map(String::from)
    }

    /// Logged, accepted and validated: waiting on Triage with a primary CIN code.
    async fn at_triage(&self) -> String {
        let id = self.log(intake("mash", "yes")).await;
        let ok = self.decide(&id, &self.ehm, json!({ "decision": "accept" })).await;
        assert!(ok.get("Done").is_some(), "{ok}");
        let ok = self.decide(&id, &self.bso, json!({ "decision": "validated", "checklist": checklist() })).await;
        assert!(ok.get("Done").is_some(), "{ok}");
        let r = self.app.call("eha/cin_codes", Some(&self.ehm), &[("id", &id), ("primary", "N2")]).await;
        assert!(r.json().get("Done").is_some(), "{}", r.body);
        assert_eq!(self.stage(&id).await.as_deref(), Some(DeskStage::Triage.slug()));
        id
    }

    async fn letters(&self, id: &str) -> Vec<String> {
        self.app.store.communications_for_contact(id).await.expect("letters").into_iter().map(|c| c.letter_kind).collect()
    }
}

#[tokio::test]
async fn an_eha_is_logged_checked_for_consent_validated_and_triaged_with_its_letters_notes_and_deadlines() {
    let d = setup().await;
    let id = d.log(intake("mash", "yes")).await;
    let e = d.app.store.eha_episode(&id).await.expect("read").expect("episode");
    assert_eq!(e.status, "open");
    // The consent check waits on Triage, due 24 office hours from receipt on the calendar.
    let items = d.app.store.eha_items_for(&id).await.expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].stage, DeskStage::ConsentCheck.slug());
    let cal = app::ssr::early_help::calendar_of(&d.app.store).await.expect("calendar").expect("valid");
    let (due, _) = app::ssr::early_help::due(Timescale::EhaValidation, items[0].started_at, &cal);
    assert_eq!(items[0].due_at, due);
    // It is on the desk team's worklist in the desk's words, and opens on the desk's page.
    let lists = d.app.call("worklists/view", Some(&d.ehm), &[]).await.json();
    let rows: Vec<&Value> = lists["pools"].as_array().expect("pools").iter().flat_map(|p| p["rows"].as_array().expect("rows")).collect();
    let row = rows.iter().find(|r| r["contact_id"] == json!(id)).unwrap_or_else(|| panic!("on the worklist: {lists}"));
    assert_eq!(row["stage"], "Check consent and mandatory fields");
    assert_eq!(row["href"], json!(format!("/staff/early-help/{id}")));
    // The child's record was created, and logging again finds the same child.
    let again = d.log(intake("white_mail", "yes")).await;
    let a = d.app.store.contact_children(&id).await.expect("children");
    let b = d.app.store.contact_children(&again).await.expect("children");
    assert_eq!(a[0].person_id, b[0].person_id, "the same child is found, not created twice");

    let ok = d.decide(&id, &d.ehm, json!({ "decision": "accept" })).await;
    assert!(ok["Done"]["message"].as_str().is_some_and(|m| m.contains("Validate")), "{ok}");
    let e = d.app.store.eha_episode(&id).await.expect("read").expect("episode");
    assert_eq!(e.priority.as_deref(), Some("1"), "MASH is priority 1");
    assert_eq!(d.letters(&id).await, vec!["eha_receipt_confirmation"], "the RCP letter to the parent");
    // Validation is Business Support's: every checklist answer is needed.
    let refused = d.decide(&id, &d.bso, json!({ "decision": "validated", "checklist": { "yos": "None found" } })).await;
    assert!(errors(&refused).contains(&"schools".to_string()), "{refused}");
    let ok = d.decide(&id, &d.bso, json!({ "decision": "validated", "checklist": checklist() })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    let view = d.get(&id, &d.ehm).await;
    assert_eq!(view["checklist"]["schools"], "Hill Primary since 09/2020");
    // A threshold decision needs the primary CIN code, which Business Support cannot set.
    let refused = d.decide(&id, &d.ehm, json!({ "decision": "eha_required", "agency": "Hill Primary School" })).await;
    assert!(errors(&refused).contains(&"cin_primary".to_string()), "{refused}");
    let r = d.app.call("eha/cin_codes", Some(&d.bso), &[("id", &id), ("primary", "N2")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let cog = d.app.sign_in("cog").await;
    let r = d.app.call("eha/cin_codes", Some(&cog), &[("id", &id), ("primary", "N2"), ("secondary", "N2")]).await;
    assert_eq!(errors(&r.json()), vec!["cin_secondary"]);
    let r = d.app.call("eha/cin_codes", Some(&cog), &[("id", &id), ("primary", "N2"), ("secondary", "N3")]).await;
    assert!(r.json().get("Done").is_some(), "{}", r.body);
    // Welfare Rights: the family agreed, so a case note of that type is written.
    let r = d.app.call("eha/welfare_rights", Some(&d.ehm), &[("id", &id), ("note", "Family asked for a benefits check")]).await;
    assert!(r.json().get("Done").is_some(), "{}", r.body);
    let notes = d.app.store.case_notes_for_contact(&id).await.expect("notes");
    assert!(notes.iter().any(|n| n.note_type == "welfare_rights_referral"));
    // Further information keeps it in Triage; the COG team comes from the administrator's table.
    let ok = d.decide(&id, &d.ehm, json!({ "decision": "further_information", "agencies": "Health", "detail": "GP view" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    assert_eq!(d.stage(&id).await.as_deref(), Some(DeskStage::Triage.slug()));
    let admin = d.app.sign_in("admin").await;
    let r = d.app.call("eha/save_setting", Some(&admin), &[("setting", "cog_table"), ("body", "AB1, COG North\nAB1 2, COG Central"), ("version", "0")]).await;
    assert!(r.json().get("Done").is_some(), "{}", r.body);
    let r = d.app.call("eha/save_setting", Some(&admin), &[("setting", "cog_table"), ("body", "no comma here"), ("version", "1")]).await;
    assert_eq!(errors(&r.json()), vec!["cog_table"]);
    let view = d.get(&id, &d.ehm).await;
    assert_eq!(view["cog_suggestion"], "COG Central", "the longest matching prefix");
    let ok = d.decide(&id, &d.ehm, json!({ "decision": "progress_to_cog", "cog_team": "COG Central", "recommendation": "Family support worker" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    let e = d.app.store.eha_episode(&id).await.expect("read").expect("episode");
    assert_eq!((e.status.as_str(), e.cog_team.as_deref()), ("closed", Some("COG Central")));
    assert!(d.app.store.eha_items_for(&id).await.expect("items").is_empty());
    // The desk's log has every step with its outcome, and every read and write is audited.
    let log = d.app.store.eha_log_for(&id).await.expect("log");
    assert!(log.len() >= 5, "{log:?}");
    assert!(log.last().is_some_and(|l| l.outcome.contains("COG Central")));
    let trail = d.app.store.audit_for_record(RecordKind::Contact, &id, 50).await.expect("audit");
    assert!(trail.iter().any(|a| a.action == domain::audit::AuditAction::Read));
    assert!(trail.iter().filter(|a| a.action == domain::audit::AuditAction::Update).count() >= 4);
    let child = &d.app.store.contact_children(&id).await.expect("children")[0].person_id;
    assert!(!d.app.store.audit_for_record(RecordKind::Person, child, 50).await.expect("audit").is_empty());
}

#[tokio::test]
async fn each_triage_outcome_closes_or_moves_the_eha_as_the_seed_says() {
    let d = setup().await;
    let id = d.at_triage().await;
    let ok = d.decide(&id, &d.ehm, json!({ "decision": "insufficient_information", "advice": "Send the attendance report" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    let notes = d.app.store.case_notes_for_contact(&id).await.expect("notes");
    assert!(notes.iter().any(|n| n.note_type == "advice_given"));
    assert_eq!(d.app.store.eha_episode(&id).await.expect("read").expect("e").status, "closed");

    let id = d.at_triage().await;
    let ok = d.decide(&id, &d.ehm, json!({ "decision": "below_early_help", "service": "School nursing", "service_contact": "0100 000 0000", "advice": "Single agency" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    assert!(d.letters(&id).await.contains(&"below_early_help_letter".to_string()));

    let id = d.at_triage().await;
    let refused = d.decide(&id, &d.ehm, json!({ "decision": "meets_fst", "recommendation": "Crisis" })).await;
    assert_eq!(errors(&refused), vec!["fst_route"]);
    let ok = d.decide(&id, &d.ehm, json!({ "decision": "meets_fst", "fst_route": "crisis", "recommendation": "Crisis at home" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    assert!(d.app.store.case_notes_for_contact(&id).await.expect("notes").iter().any(|n| n.note_type == "fst_crisis_contact"));
    assert_eq!(d.app.store.eha_episode(&id).await.expect("read").expect("e").fst_route.as_deref(), Some("crisis"));
}

#[tokio::test]
async fn no_consent_closes_with_the_letter_and_the_eha_is_destroyed_after_30_days_exactly_once() {
    let d = setup().await;
    let id = d.log(intake("white_mail", "no")).await;
    let refused = d.decide(&id, &d.ehm, json!({ "decision": "no_consent", "advice": "" })).await;
    assert!(errors(&refused).contains(&"final_level".to_string()) && errors(&refused).contains(&"advice".to_string()), "{refused}");
    let ok = d.decide(&id, &d.ehm, json!({ "decision": "no_consent", "advice": "Ask the parent to sign the consent section", "final_level": "universal_plus" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    let e = d.app.store.eha_episode(&id).await.expect("read").expect("episode");
    assert_eq!(e.status, "closed");
    assert_eq!((e.closure_reason.as_deref(), e.final_level.as_deref()), (Some("Consent denied"), Some("universal_plus")));
    let closed = e.closed_at.expect("closed at");
    assert_eq!(e.destroy_after, Some(closed + Duration::days(30)));
    assert_eq!(d.letters(&id).await, vec!["eha_no_consent_letter"]);
    let cal = app::ssr::early_help::calendar_of(&d.app.store).await.expect("calendar").expect("valid");
    // Not before the 30 days.
    let (_, destroyed) = app::ssr::early_help::run_daily(&d.app.store, &cal, closed + Duration::days(29)).await.expect("job");
    assert_eq!(destroyed, 0);
    // Two instances at once: one destroys it.
    let later = closed + Duration::days(30) + Duration::minutes(1);
    let (a, b) = tokio::join!(app::ssr::early_help::run_daily(&d.app.store, &cal, later), app::ssr::early_help::run_daily(&d.app.store, &cal, later));
    assert_eq!(a.expect("job").1 + b.expect("job").1, 1, "destroyed exactly once");
    let e = d.app.store.eha_episode(&id).await.expect("read").expect("episode");
    assert!(e.destroyed_at.is_some());
    assert_eq!((e.form.as_str(), e.checklist.as_str()), ("", ""), "none of the content is kept");
    let view = d.get(&id, &d.ehm).await;
    assert!(view["form"].is_null() && view["destroyed"].is_string());
    let log = d.app.store.eha_log_for(&id).await.expect("log");
    assert!(log.iter().any(|l| l.outcome == "Destroyed"));
    assert!(log.iter().all(|l| l.child.is_empty()), "the child's name goes from the log too");
    let trail = d.app.store.audit_for_record(RecordKind::Contact, &id, 50).await.expect("audit");
    assert!(trail.iter().any(|a| a.summary.contains("destroyed")));
}

#[tokio::test]
async fn an_eha_required_and_not_received_gets_the_7_day_letter_then_the_14_day_review_and_closure() {
    let d = setup().await;
    let id = d.at_triage().await;
    let ok = d.decide(&id, &d.ehm, json!({ "decision": "eha_required", "agency": "Hill Primary School" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    let item = d.app.store.eha_items_for(&id).await.expect("items").remove(0);
    assert_eq!(item.stage, DeskStage::AwaitingEha.slug());
    assert_eq!(item.due_at, item.started_at + Duration::days(7));
    let cal = app::ssr::early_help::calendar_of(&d.app.store).await.expect("calendar").expect("valid");
    assert_eq!(app::ssr::early_help::run_daily(&d.app.store, &cal, item.started_at + Duration::days(6)).await.expect("job").0, 0);
    let at = item.started_at + Duration::days(7) + Duration::minutes(5);
    let (a, b) = tokio::join!(app::ssr::early_help::run_daily(&d.app.store, &cal, at), app::ssr::early_help::run_daily(&d.app.store, &cal, at));
    let (a, b) = (a.unwrap_or_else(|e| panic!("job: {e:?}")), b.unwrap_or_else(|e| panic!("job: {e:?}")));
    assert_eq!(a.0 + b.0, 1, "chased exactly once");
    let letters = d.letters(&id).await;
    assert_eq!(letters.iter().filter(|l| *l == "eha_not_received_letter").count(), 1, "{letters:?}");
    let review = d.app.store.eha_items_for(&id).await.expect("items").remove(0);
    assert_eq!(review.stage, DeskStage::ClosureReview.slug());
    assert_eq!(review.due_at, item.started_at + Duration::days(14), "the review is due 14 days from the decision");
    let report = app::ssr::early_help::report(&d.app.store, domain::early_help::Report::EhaNotReceived, at.date_naive(), at.date_naive(), at).await.expect("report");
    assert_eq!(report.rows.len(), 1);
    let ok = d.decide(&id, &d.ehm, json!({ "decision": "close_not_received", "update": "The school says the family moved" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    assert!(d.letters(&id).await.contains(&"eha_closure_letter".to_string()));
    // The CSV of the log holds the period's lines (the job's line is dated when it ran).
    let to = domain::rules::uk_local_time(at).date().format("%d/%m/%Y").to_string();
    let r = d.app.get(&format!("/staff/early-help/reports/log.csv?to={to}&from={}", domain::rules::uk_local_time(item.started_at).date().format("%d/%m/%Y")), Some(&d.ehm)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.starts_with("Date,Reference"), "{}", r.body);
    assert!(r.body.contains("EHA not received within 7 days"));
}

#[tokio::test]
async fn step_up_waits_for_csc_then_closes_and_a_dispute_escalates_and_is_resolved_with_a_case_note() {
    let d = setup().await;
    let id = d.at_triage().await;
    let refused = d.decide(&id, &d.ehm, json!({ "decision": "meets_level4", "mash_team_manager_agrees": "yes", "reasons": "Injury seen at school" })).await;
    assert_eq!(errors(&refused), vec!["referrer_told"]);
    let ok = d.decide(&id, &d.ehm, json!({ "decision": "meets_level4", "mash_team_manager_agrees": "yes", "referrer_told": true, "reasons": "Injury seen at school" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    let item = d.app.store.eha_items_for(&id).await.expect("items").remove(0);
    assert_eq!(item.stage, DeskStage::AwaitingCscDecision.slug());
    let cal = app::ssr::early_help::calendar_of(&d.app.store).await.expect("calendar").expect("valid");
    assert_eq!(item.due_at, app::ssr::early_help::due(Timescale::CscStepUpDecision, item.started_at, &cal).0);
    let ok = d.decide(&id, &d.bso, json!({ "decision": "csc_decision", "level4_confirmed": "yes", "detail": "Strategy discussion held" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    assert_eq!(d.stage(&id).await.as_deref(), Some(DeskStage::StepUpClosure.slug()));
    let ok = d.decide(&id, &d.bso, json!({ "decision": "close_transferred" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    assert_eq!(d.app.store.eha_episode(&id).await.expect("read").expect("e").outcome.as_deref(), Some("Closed: transfer to ICS"));

    let id = d.at_triage().await;
    let ok = d.decide(&id, &d.ehm, json!({ "decision": "meets_level4", "mash_team_manager_agrees": "no", "reasons": "Coordinator sees level 4" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    assert_eq!(d.stage(&id).await.as_deref(), Some(DeskStage::Dispute.slug()));
    for level in ["group_head", "service_director"] {
        let ok = d.decide(&id, &d.ehm, json!({ "decision": "escalate", "note": "No agreement" })).await;
        assert!(ok.get("Done").is_some(), "{ok}");
        assert_eq!(d.app.store.eha_episode(&id).await.expect("read").expect("e").escalation.as_deref(), Some(level));
    }
    let refused = d.decide(&id, &d.ehm, json!({ "decision": "escalate", "note": "Still none" })).await;
    assert_eq!(errors(&refused), vec!["decision"]);
    let ok = d.decide(&id, &d.ehm, json!({ "decision": "resolve", "outcome": "early_help", "decided_by": "Service Director, Children's Services", "rationale": "Needs can be met at Early Help" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    assert_eq!(d.stage(&id).await.as_deref(), Some(DeskStage::Triage.slug()));
    let notes = d.app.store.case_notes_for_contact(&id).await.expect("notes");
    assert!(notes.iter().any(|n| n.note_type == "dispute_resolution" && n.body.contains("Service Director, Children's Services")));
}

#[tokio::test]
async fn out_of_authority_and_incomplete_ehas_and_roles() {
    let d = setup().await;
    let id = d.log(intake("ecaf", "yes")).await;
    let refused = d.decide(&id, &d.ehm, json!({ "decision": "out_of_authority", "authority": "Walsall" })).await;
    let f = errors(&refused);
    assert!(f.contains(&"notified_by_phone".to_string()) && f.contains(&"route".to_string()), "{refused}");
    let ok = d.decide(&id, &d.ehm, json!({ "decision": "out_of_authority", "authority": "walsall", "notified_by_phone": true, "route": "moveit" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    let e = d.app.store.eha_episode(&id).await.expect("read").expect("e");
    assert_eq!(e.closure_reason.as_deref(), Some("Out of LA Area Walsall"));
    assert!(d.letters(&id).await.contains(&"out_of_authority_closure_letter".to_string()));

    // Incomplete: followed up, corrected, then accepted.
    let mut form = intake("ecaf", "yes");
    form["special_needs"] = json!("");
    let id = d.log(form.clone()).await;
    let refused = d.decide(&id, &d.ehm, json!({ "decision": "accept" })).await;
    assert_eq!(errors(&refused), vec!["decision"]);
    let ok = d.decide(&id, &d.ehm, json!({ "decision": "incomplete", "follow_up": "Rang the school for the special needs answer" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    let item = d.app.store.eha_items_for(&id).await.expect("items").remove(0);
    assert_eq!((item.stage.as_str(), item.due_at), (DeskStage::Incomplete.slug(), item.started_at + Duration::days(7)));
    let refused = d.decide(&id, &d.ehm, json!({ "decision": "raise_with_cog_manager", "note": "No reply" })).await;
    assert_eq!(errors(&refused), vec!["decision"], "too soon: the agency still has 7 days");
    let report = app::ssr::early_help::report(&d.app.store, domain::early_help::Report::Incomplete, Utc::now().date_naive(), Utc::now().date_naive(), Utc::now()).await.expect("report");
    assert_eq!(report.rows.len(), 1);
    form["special_needs"] = json!("None");
    let v = d.get(&id, &d.ehm).await;
    let r = d.app.call_json("eha/update", Some(&d.bso), &json!({ "id": id, "version": v["version"], "form": form })).await;
    assert!(r.json().get("Done").is_some(), "{}", r.body);
    let ok = d.decide(&id, &d.ehm, json!({ "decision": "completed" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    assert_eq!(d.stage(&id).await.as_deref(), Some(DeskStage::Validation.slug()));

    // A direct phone call is logged with its advice and outcome.
    let r = d.app.call("eha/phone_call", Some(&d.bso), &[("caller", "public"), ("concern", "Worried about a neighbour's child"), ("advice", "Call the CASS line")]).await;
    assert_eq!(errors(&r.json()), vec!["outcome"]);
    let r = d.app.call("eha/phone_call", Some(&d.bso), &[("caller", "public"), ("concern", "Worried about a neighbour's child"), ("advice", "Call the CASS line"), ("outcome", "Signposted")]).await;
    assert!(r.json().get("Done").is_some(), "{}", r.body);

    // Roles: a CASS RAO does not work the desk; Business Support does not triage.
    let rao = d.app.sign_in("rao").await;
    assert_eq!(d.app.call("eha/desk", Some(&rao), &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(d.app.call("eha/get", Some(&rao), &[("id", &id)]).await.status, StatusCode::FORBIDDEN);
    let tri = d.at_triage().await;
    let v = d.get(&tri, &d.bso).await;
    let r = d.app.call_json("eha/decide", Some(&d.bso), &json!({ "id": tri, "item_id": v["steps"][0]["item_id"], "version": v["version"], "form": { "decision": "insufficient_information", "advice": "x" } })).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let desk = d.app.call("eha/desk", Some(&d.ehm), &[]).await.json();
    assert_eq!(desk["trays"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn an_added_non_working_day_moves_the_stored_validation_deadline() {
    let d = setup().await;
    let admin = d.app.store.find_user_by_username("admin").await.expect("admin").expect("admin").id;
    // Every working day of the next fortnight is closed: the 24 office hours run past them.
    let today = domain::rules::uk_local_time(Utc::now()).date();
    let cal = domain::rules::WorkingCalendar::builtin().expect("calendar");
    for n in 0..14 {
        let day = today + Duration::days(n);
        if cal.is_working_day(day) {
            d.app.store.add_non_working_day(day, "Closed for the test", &admin, Utc::now()).await.expect("day");
        }
    }
    let id = d.log(intake("mash", "yes")).await;
    let item = d.app.store.eha_items_for(&id).await.expect("items").remove(0);
    assert!(domain::rules::uk_local_time(item.due_at).date() > today + Duration::days(13), "due {}", item.due_at);
}

#[tokio::test]
async fn a_cin_step_down_waits_for_the_meeting_then_the_handover_within_5_working_days_then_consent() {
    let d = setup().await;
    let cal = app::ssr::early_help::calendar_of(&d.app.store).await.expect("calendar").expect("valid");
    let today = domain::rules::uk_local_time(Utc::now()).date();
    let mut form = intake("step_down_cin", "no");
    form["referrer_name"] = json!("Sam Social Worker");
    form["referrer_organisation"] = json!("Care Management");
    form["referrer_email"] = json!("sw@council.example");
    form["line_manager_email"] = json!("tm@council.example");
    // Too little notice: refused with the rule's words, on the meeting date.
    form["cin_meeting_date"] = json!(cal.add_working_days(today, 5).format("%d/%m/%Y").to_string());
    let r = d.app.call_json("eha/new", Some(&d.bso), &json!({ "form": form })).await;
    assert_eq!(errors(&r.json()), vec!["cin_meeting_date"], "{}", r.body);
    let meeting = cal.add_working_days(today, 12);
    form["cin_meeting_date"] = json!(meeting.format("%d/%m/%Y").to_string());
    let id = d.log(form).await;
    let item = d.app.store.eha_items_for(&id).await.expect("items").remove(0);
    assert_eq!(item.stage, DeskStage::StepDownMeeting.slug());
    assert_eq!(domain::rules::uk_local_time(item.due_at).date(), meeting, "the meeting is the step's deadline");

    let ok = d.decide(&id, &d.ehm, json!({ "decision": "meeting_accepted", "note": "Agreed at the CIN meeting" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    assert!(d.app.store.case_notes_for_contact(&id).await.expect("notes").iter().any(|n| n.note_type == "cin_meeting_accepted"));
    let item = d.app.store.eha_items_for(&id).await.expect("items").remove(0);
    assert_eq!(item.stage, DeskStage::StepDownHandover.slug());
    let start = domain::rules::utc_from_uk_local(meeting.and_time(domain::rules::OfficeHours::default().opens));
    assert_eq!(item.due_at, app::ssr::early_help::due(Timescale::StepDownIcsHandover, start, &cal).0, "5 working days from the meeting");
    let report = app::ssr::early_help::report(&d.app.store, domain::early_help::Report::StepDownHandover, today, today, Utc::now()).await.expect("report");
    assert_eq!(report.rows.len(), 1);
    let refused = d.decide(&id, &d.ehm, json!({ "decision": "handover_not_workflowed" })).await;
    assert_eq!(errors(&refused), vec!["decision"], "Care Management still has time");
    let ok = d.decide(&id, &d.ehm, json!({ "decision": "handover_received" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    assert_eq!(d.stage(&id).await.as_deref(), Some(DeskStage::ConsentCheck.slug()));
    // No consent on a step down: the e-mail to the social worker and their line manager; kept.
    let ok = d.decide(&id, &d.ehm, json!({ "decision": "no_consent", "advice": "Obtain the parents' consent", "final_level": "additional_needs" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    let sent: Vec<(String, String)> = d.app.store.communications_for_contact(&id).await.expect("letters").into_iter().map(|c| (c.letter_kind, c.recipient_email)).collect();
    assert!(sent.contains(&("step_down_no_consent_email".into(), "sw@council.example".into())), "{sent:?}");
    assert!(sent.contains(&("step_down_no_consent_email".into(), "tm@council.example".into())), "{sent:?}");
    assert_eq!(d.app.store.eha_episode(&id).await.expect("read").expect("e").destroy_after, None);

    // A rejected step down closes with its note.
    let mut form = intake("step_down_cin", "yes");
    form["cin_meeting_date"] = json!(meeting.format("%d/%m/%Y").to_string());
    let id = d.log(form).await;
    let ok = d.decide(&id, &d.ehm, json!({ "decision": "meeting_rejected", "note": "Remains with Care Management" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    let e = d.app.store.eha_episode(&id).await.expect("read").expect("e");
    assert_eq!((e.status.as_str(), e.closure_reason.as_deref()), ("closed", Some("Step Down Rejected")));
    assert!(d.app.store.case_notes_for_contact(&id).await.expect("notes").iter().any(|n| n.note_type == "cin_meeting_rejected"));

    // From a MAET Single Assessment: the consent check first, priority 1.
    let id = d.log(intake("step_down_maet", "yes")).await;
    let ok = d.decide(&id, &d.ehm, json!({ "decision": "accept" })).await;
    assert!(ok.get("Done").is_some(), "{ok}");
    assert_eq!(d.app.store.eha_episode(&id).await.expect("read").expect("e").priority.as_deref(), Some("1"));
}

#[tokio::test]
async fn the_assessment_dates_are_checked_and_kept_with_the_eha_for_annex_a() {
    let d = setup().await;
    let mut form = intake("white_mail", "yes");
    (form["assessment_started"], form["assessment_completed"]) = (json!("20/11/2026"), json!("02/11/2026"));
    let r = d.app.call_json("eha/new", Some(&d.bso), &json!({ "form": form })).await;
    assert_eq!(errors(&r.json()), vec!["assessment_completed"], "{}", r.body);
    form["assessment_completed"] = json!("20/11/2026");
    form["assessment_started"] = json!("02/11/2026");
    let id = d.log(form).await;
    let episode = d.app.store.eha_episode(&id).await.expect("get").expect("episode");
    let kept: Value = serde_json::from_str(&episode.form).expect("form");
    assert_eq!((kept["assessment_started"].as_str(), kept["assessment_completed"].as_str()), (Some("02/11/2026"), Some("20/11/2026")));
}
