//! Information requests and OFSTED suitability checks (seed 002), on SQLite by default and on
//! PostgreSQL with TEST_DATABASE_URL (see storage::testing).

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use domain::Role;
use storage::testing::TestDb;
use storage::{CheckWrite, FinishWrite, NewInformationRequest, NewPerson, NewRequestMessage, NewUser, RequestNote, Store};

fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).single().expect("valid time")
}

async fn user(store: &Store, username: &str) -> String {
    store
        .create_user(
            NewUser {
                username,
                display_name: username,
                email: "",
                password_hash: "hash",
                must_change_password: false,
                is_demo: false,
                roles: &[Role::ReferralAndAdviceOfficer],
                team_ids: &[],
            },
            t0(),
        )
        .await
        .expect("create user")
}

async fn child(store: &Store, given: &str) -> String {
    store
        .create_person(NewPerson { given_name: given, family_name: "Example", date_of_birth: None, address: "1 Street", postcode: "AB1 2CD" }, t0())
        .await
        .expect("person")
}

fn request<'a>(reference: &'a str, urgent: bool, status: &'a str, received: chrono::DateTime<Utc>) -> NewInformationRequest<'a> {
    NewInformationRequest {
        reference,
        kind: "professional",
        channel: "online_form",
        status,
        title: if urgent { "Information request" } else { "None urgent: Information request" },
        urgent,
        said_urgent: true,
        urgency_criteria: if urgent { "other_la_strategy_discussion" } else { "" },
        urgency_reason: "Strategy discussion tomorrow",
        requester_name: "Pat Doe",
        requester_organisation: "Police",
        requester_email: "pat.doe@police.example",
        child_name: "Ava Example",
        child_date_of_birth: NaiveDate::from_ymd_opt(2010, 3, 2),
        information_needed: "History",
        reason: "Strategy discussion",
        consent: "exception",
        exception: "section47_enquiry",
        received_at: received,
        timescale: if urgent { "irr_urgent_response" } else { "irr_response" },
        due_at: received + Duration::hours(4),
        calendar_version: "test",
        ..Default::default()
    }
}

#[tokio::test]
async fn a_request_is_checked_once_and_the_folder_is_urgent_first() {
    let db = TestDb::new().await.expect("db");
    let s = &db.store;
    let bso = user(s, "bso").await;
    let (ava, ben) = (child(s, "Ava").await, child(s, "Ben").await);
    let old = s.create_information_request(request("IRR-1", false, "awaiting_check", t0()), t0()).await.expect("create");
    let urgent = s.create_information_request(request("IRR-2", true, "in_irr_folder", t0() + Duration::hours(1)), t0()).await.expect("create");
    assert!(matches!(
        s.create_information_request(request("IRR-2", true, "in_irr_folder", t0()), t0()).await,
        Err(storage::StorageError::Conflict(_))
    ));
    let row = s.information_request(&old).await.expect("get").expect("exists");
    assert_eq!((row.reference.as_str(), row.urgent, row.child_date_of_birth), ("IRR-1", false, NaiveDate::from_ymd_opt(2010, 3, 2)));
    assert!(row.urgency_criteria.is_empty());
    assert_eq!(s.information_request(&urgent).await.expect("get").expect("exists").urgency_criteria, vec!["other_la_strategy_discussion"]);

    // An open case with an allocated worker: saved in the case notes of both children, the worker told.
    let ids = vec![ava.clone(), ben.clone()];
    let recipients = vec!["worker@council.example".to_string(), "tm@council.example".to_string()];
    let w = CheckWrite {
        id: &old,
        involvement: "open_with_allocated_worker",
        depth: "detailed",
        reply: "",
        person_id: Some(&ava),
        status: "with_allocated_worker",
        outcome: Some("passed_to_allocated_worker"),
        by: &bso,
        message: Some(NewRequestMessage { message_kind: "worker_notice", recipients: &recipients, address_kind: "internal", subject: "IRR", body: "Please respond" }),
        note: Some(RequestNote { note_type: "information_request", body: "The request", person_ids: &ids }),
    };
    assert!(s.record_information_request_check(w, t0()).await.expect("check"));
    let again = CheckWrite { id: &old, involvement: "not_known", depth: "detailed", reply: "x", person_id: None, status: "actioned", outcome: None, by: &bso, message: None, note: None };
    assert!(!s.record_information_request_check(again, t0()).await.expect("second check"), "checked once");
    let row = s.information_request(&old).await.expect("get").expect("exists");
    assert_eq!((row.status.as_str(), row.person_name.as_deref(), row.checked_by_name.as_deref()), ("with_allocated_worker", Some("Ava Example"), Some("bso")));
    for p in [&ava, &ben] {
        let notes = s.case_notes_for_person(p).await.expect("notes");
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].note_type, "information_request");
    }
    assert_eq!(s.information_request_note_ids(&old).await.expect("links").len(), 1);
    let m = s.information_request_messages(&old).await.expect("messages");
    assert_eq!(m[0].recipients, recipients);

    let folder = s.information_requests(&["in_irr_folder", "with_allocated_worker"], 10).await.expect("list");
    assert_eq!(folder.iter().map(|r| r.reference.as_str()).collect::<Vec<_>>(), vec!["IRR-2", "IRR-1"]);
}

#[tokio::test]
async fn no_two_raos_hold_a_request_and_only_the_holder_finishes_it() {
    let db = TestDb::new().await.expect("db");
    let s = &db.store;
    let (a, b) = (user(s, "rao-a").await, user(s, "rao-b").await);
    let (ava, ben) = (child(s, "Ava").await, child(s, "Ben").await);
    let id = s.create_information_request(request("IRR-3", true, "in_irr_folder", t0()), t0()).await.expect("create");
    let (ra, rb) = tokio::join!(s.tag_information_request(&id, &a, t0()), s.tag_information_request(&id, &b, t0()));
    assert!(ra.expect("a") ^ rb.expect("b"), "exactly one RAO wins");
    let holder = s.information_request(&id).await.expect("get").expect("exists").tagged_by.expect("held");
    let other = if holder == a { b.clone() } else { a.clone() };
    assert!(s.tag_information_request(&id, &holder, t0()).await.expect("again"), "tagging one's own again is fine");
    assert!(!s.untag_information_request(&id, &other).await.expect("untag"));

    // Agreement asked by the holder and recorded.
    assert!(!s.request_information_agreement(&id, &other, t0()).await.expect("not holder"));
    assert!(s.request_information_agreement(&id, &holder, t0()).await.expect("holder"));
    assert!(s.record_information_agreement(&id, &other, "Dates only", t0()).await.expect("agree"));
    let row = s.information_request(&id).await.expect("get").expect("exists");
    assert_eq!(row.agreement_note, "Dates only");
    assert!(row.agreement_requested_at.is_some() && row.agreed_at.is_some());

    let ids = vec![ava.clone(), ben.clone()];
    let to = vec!["pat.doe@police.example".to_string()];
    let w = FinishWrite {
        id: &id,
        by: &other,
        outcome: "response_sent",
        from_statuses: &["in_irr_folder"],
        must_hold: true,
        consent_basis: None,
        forget_details: false,
        message: None,
        notes: Vec::new(),
    };
    assert!(!s.finish_information_request(w, t0()).await.expect("not holder"));
    let w = FinishWrite {
        id: &id,
        by: &holder,
        outcome: "response_sent",
        from_statuses: &["in_irr_folder"],
        must_hold: true,
        consent_basis: Some("{\"basis\":\"exception\"}"),
        forget_details: false,
        message: Some(NewRequestMessage { message_kind: "response", recipients: &to, address_kind: "requesters_own", subject: "Response", body: "Need to know" }),
        notes: vec![RequestNote { note_type: "information_request_response", body: "Response: need to know", person_ids: &ids }],
    };
    assert!(s.finish_information_request(w, t0()).await.expect("holder"));
    let row = s.information_request(&id).await.expect("get").expect("exists");
    assert_eq!((row.status.as_str(), row.outcome.as_deref()), ("actioned", Some("response_sent")));
    assert_eq!(row.consent_basis.as_deref(), Some("{\"basis\":\"exception\"}"));
    for p in [&ava, &ben] {
        assert_eq!(s.case_notes_for_person(p).await.expect("notes")[0].note_type, "information_request_response");
    }
    assert_eq!(s.information_request_messages(&id).await.expect("messages")[0].status, storage::MESSAGE_QUEUED);
    // Actioned: no more tags, no second finish.
    assert!(!s.tag_information_request(&id, &holder, t0()).await.expect("tag"));
    let w = FinishWrite { id: &id, by: &holder, outcome: "response_sent", from_statuses: &["in_irr_folder"], must_hold: true, consent_basis: None, forget_details: false, message: None, notes: Vec::new() };
    assert!(!s.finish_information_request(w, t0()).await.expect("again"));
}

#[tokio::test]
async fn earlier_ofsted_checks_are_found_with_their_responses() {
    let db = TestDb::new().await.expect("db");
    let s = &db.store;
    let rao = user(s, "rao").await;
    let dob = NaiveDate::from_ymd_opt(1980, 4, 1);
    let first = NewInformationRequest { kind: "ofsted_suitability", channel: "lado", ofsted_reference: "EY123", applicant_name: "Jo Bloggs", applicant_date_of_birth: dob, ..request("OFS-1", false, "in_irr_folder", t0()) };
    let id = s.create_information_request(first, t0()).await.expect("create");
    assert!(s.tag_information_request(&id, &rao, t0()).await.expect("tag"));
    let to = vec!["a@ofsted.example".to_string(), "b@ofsted.example".to_string()];
    let w = FinishWrite {
        id: &id,
        by: &rao,
        outcome: "ofsted_response_sent",
        from_statuses: &["in_irr_folder"],
        must_hold: true,
        consent_basis: None,
        forget_details: false,
        message: Some(NewRequestMessage { message_kind: "ofsted_response", recipients: &to, address_kind: "ofsted", subject: "Suitability", body: "Known: closed 2019" }),
        notes: Vec::new(),
    };
    assert!(s.finish_information_request(w, t0()).await.expect("finish"));
    let found = s.ofsted_check_candidates(" ey123 ", None).await.expect("by reference");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].response.as_ref().map(|m| m.body.as_str()), Some("Known: closed 2019"));
    assert_eq!(found[0].response.as_ref().map(|m| m.recipients.len()), Some(2));
    assert_eq!(s.ofsted_check_candidates("", dob).await.expect("by dob").len(), 1);
    assert!(s.ofsted_check_candidates("EY999", NaiveDate::from_ymd_opt(1981, 1, 1)).await.expect("none").is_empty());
    assert!(s.ofsted_check_candidates("", None).await.expect("nothing to match").is_empty());
}

#[tokio::test]
async fn the_secure_address_list_keeps_every_version() {
    let db = TestDb::new().await.expect("db");
    let s = &db.store;
    assert!(s.secure_addresses().await.expect("none").is_none());
    assert_eq!(s.save_secure_addresses("police.example", 0, "admin", t0()).await.expect("first"), Some(1));
    assert_eq!(s.save_secure_addresses("stale", 0, "admin", t0()).await.expect("stale"), None);
    assert_eq!(s.save_secure_addresses("police.example\nschool.example", 1, "admin", t0()).await.expect("second"), Some(2));
    let now = s.secure_addresses().await.expect("get").expect("exists");
    assert_eq!((now.version, now.entries.as_str()), (2, "police.example\nschool.example"));
    assert_eq!(s.secure_address_versions().await.expect("versions").len(), 2);
}

#[tokio::test]
async fn queued_messages_are_claimed_once_sent_or_retried() {
    let db = TestDb::new().await.expect("db");
    let s = &db.store;
    let bso = user(s, "bso").await;
    let id = s.create_information_request(request("IRR-9", false, "awaiting_check", t0()), t0()).await.expect("create");
    let to = vec!["pat.doe@police.example".to_string()];
    let w = CheckWrite {
        id: &id,
        involvement: "not_known",
        depth: "detailed",
        reply: "Not known",
        person_id: None,
        status: "actioned",
        outcome: Some("not_known_reply"),
        by: &bso,
        message: Some(NewRequestMessage { message_kind: "level_one_reply", recipients: &to, address_kind: "requesters_own", subject: "Reply", body: "Not known" }),
        note: None,
    };
    assert!(s.record_information_request_check(w, t0()).await.expect("check"));
    let lease = Duration::minutes(5);
    let (a, b) = tokio::join!(s.claim_due_request_messages("one", t0(), lease, 10), s.claim_due_request_messages("two", t0(), lease, 10));
    let (a, b) = (a.expect("a"), b.expect("b"));
    assert_eq!(a.len() + b.len(), 1, "one instance wins the message");
    let (holder, m) = if a.len() == 1 { ("one", &a[0]) } else { ("two", &b[0]) };
    assert!(!s.request_message_sent(&m.id, "nobody", t0()).await.expect("not held"));
    assert!(s.request_message_failed(&m.id, holder, "relay down", t0() + Duration::minutes(1)).await.expect("failed"));
    assert!(s.claim_due_request_messages("one", t0(), lease, 10).await.expect("not yet").is_empty());
    let again = s.claim_due_request_messages("one", t0() + Duration::minutes(2), lease, 10).await.expect("due");
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].last_error.as_deref(), Some("relay down"));
    assert!(s.request_message_sent(&again[0].id, "one", t0() + Duration::minutes(2)).await.expect("sent"));
    let m = &s.information_request_messages(&id).await.expect("messages")[0];
    assert_eq!((m.status.as_str(), m.attempts), ("sent", 2));
    assert!(s.claim_due_request_messages("one", t0() + Duration::hours(1), lease, 10).await.expect("done").is_empty());
}
