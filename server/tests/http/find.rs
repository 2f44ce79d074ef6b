//! "Find anything" (issue 9) through the real router: the header's search box on every staff
//! page, `search/everything` for people (misspelt names too), contacts by reference and staff,
//! what administrators may not see, the audit of what was shown, and the results page rendered
//! whole for browsers without JavaScript.

use crate::support::TestApp;
use axum::http::StatusCode;
use domain::audit::{AuditAction, RecordKind};
use domain::matching::PersonFacts;
use domain::Role;

async fn ava(app: &TestApp) -> String {
    let facts = PersonFacts {
        given_names: "Ava".into(),
        family_name: "Thompson".into(),
        date_of_birth: chrono::NaiveDate::from_ymd_opt(2016, 4, 12),
        postcode: Some("AB1 2DE".into()),
        ..PersonFacts::default()
    };
    app.store.create_indexed_person(&facts, chrono::Utc::now()).await.expect("person")
}

fn names(v: &serde_json::Value, list: &str, field: &str) -> Vec<String> {
    v[list].as_array().map(|a| a.iter().filter_map(|x| x[field].as_str().map(String::from)).collect()).unwrap_or_default()
}

async fn shown_in_search(app: &TestApp, kind: RecordKind, id: &str) -> usize {
    let trail = app.store.audit_for_record(kind, id, 100).await.expect("audit");
    trail.iter().filter(|e| e.action == AuditAction::Read && e.summary.contains("search from the page header")).count()
}

#[tokio::test]
async fn a_misspelt_name_finds_the_child_and_what_was_shown_is_audited() {
    let app = TestApp::new().await;
    let id = ava(&app).await;
    let rao = app.sign_in("rao").await;
    for q in ["Ava Tompson", "Eva Tomson 12/4/2016", "tomson, eva"] {
        let r = app.call("search/everything", Some(&rao), &[("q", q)]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v = r.json();
        assert_eq!(names(&v, "people", "name").first().map(String::as_str), Some("Ava Thompson"), "{q}: {v}");
        assert_eq!(v["people"][0]["href"], format!("/staff/people/{id}"));
        assert_eq!(v["case_records"], true);
    }
    assert_eq!(shown_in_search(&app, RecordKind::Person, &id).await, 3);
    // Nothing typed is not an error, and finds nothing.
    let r = app.call("search/everything", Some(&rao), &[("q", "   ")]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["query"], "");
    // A date of birth in the future is explained, not an error.
    let r = app.call("search/everything", Some(&rao), &[("q", "Ava Thompson 1/1/2099")]).await;
    assert!(r.json()["people_note"].is_string(), "{}", r.body);
    assert_eq!(app.call("search/everything", None, &[("q", "Ava")]).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_contact_is_found_by_its_reference_however_it_is_typed() {
    let app = TestApp::new().await;
    let tm = app.sign_in("tm").await;
    for q in ["C-000001", "c000001", " c-000001 "] {
        let v = app.call("search/everything", Some(&tm), &[("q", q)]).await.json();
        assert_eq!(names(&v, "contacts", "reference"), vec!["C-000001"], "{q}: {v}");
        assert_eq!(v["contacts"][0]["href"], format!("/staff/contacts/{}", app.contact));
        assert_eq!(v["contacts"][0]["children"][0], "Ada Example");
        assert!(names(&v, "people", "name").is_empty(), "a reference is not searched as a name: {v}");
    }
    assert_eq!(shown_in_search(&app, RecordKind::Contact, &app.contact).await, 3);
    let v = app.call("search/everything", Some(&tm), &[("q", "C-999999")]).await.json();
    assert!(names(&v, "contacts", "reference").is_empty());
}

#[tokio::test]
async fn staff_are_found_by_everyone_and_case_records_never_by_administrators() {
    let app = TestApp::new().await;
    app.user("priya", &[Role::ReferralAndAdviceOfficer], &[app.cass_team.clone()]).await;
    let admin = app.sign_in("admin").await;
    let v = app.call("search/everything", Some(&admin), &[("q", "C-000001")]).await.json();
    assert_eq!(v["case_records"], false);
    assert!(names(&v, "contacts", "reference").is_empty(), "{v}");
    let v = app.call("search/everything", Some(&admin), &[("q", "Ada Example")]).await.json();
    assert!(names(&v, "people", "name").is_empty(), "{v}");
    assert_eq!(shown_in_search(&app, RecordKind::Contact, &app.contact).await, 0);
    assert_eq!(shown_in_search(&app, RecordKind::Person, &app.child).await, 0);
    let v = app.call("search/everything", Some(&admin), &[("q", "pri")]).await.json();
    assert_eq!(names(&v, "staff", "name"), vec!["priya"]);
    assert!(v["staff"][0]["href"].as_str().is_some_and(|h| h.starts_with("/staff/admin/users/")), "administrators open the account: {v}");

    let ehm = app.sign_in("ehm").await;
    let v = app.call("search/everything", Some(&ehm), &[("q", "PRIYA")]).await.json();
    assert_eq!(names(&v, "staff", "name"), vec!["priya"]);
    assert_eq!(v["staff"][0]["roles"], "Referral and Advice Officer");
    assert_eq!(v["staff"][0]["teams"], "CASS");
    assert!(v["staff"][0]["href"].is_null(), "{v}");
}

#[tokio::test]
async fn every_staff_page_has_the_search_box_and_the_results_page_needs_no_javascript() {
    let app = TestApp::new().await;
    let id = ava(&app).await;
    let rao = app.sign_in("rao").await;
    let home = app.get("/staff", Some(&rao)).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains(r#"action="/staff/search""#) && home.body.contains(r#"id="fd-find-q""#), "the header's search box");
    assert!(home.body.contains(r#"role="search""#));

    let r = app.get("/staff/search?q=Ava+Tompson", Some(&rao)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Ava Thompson") && r.body.contains(&format!("/staff/people/{id}")), "{}", r.body);
    // Rendered whole before it was sent: no loading text waiting for a script to swap it.
    assert!(!r.body.contains("Searching…"), "the results are in the HTML itself");
    let r = app.get("/staff/search?q=C-000001", Some(&rao)).await;
    assert!(r.body.contains(&format!("/staff/contacts/{}", app.contact)), "{}", r.body);

    let admin = app.sign_in("admin").await;
    let r = app.get("/staff/search?q=C-000001", Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("only staff are searched") && !r.body.contains("/staff/contacts/"), "{}", r.body);
    // Without a session the page sends the visitor to sign in and back here afterwards.
    let r = app.get("/staff/search?q=Ava", None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn print_buttons_are_offered_only_once_javascript_can_print() {
    let app = TestApp::new().await;
    let tm = app.sign_in("tm").await;
    for path in [format!("/staff/contacts/{}", app.contact), format!("/staff/people/{}", app.child), "/staff/worklists".to_string(), format!("/staff/people/{}/chronology", app.child)] {
        let r = app.get(&path, Some(&tm)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(!r.body.contains(r#"data-testid="print-page""#) && !r.body.contains(r#"data-testid="print-chronology""#), "{path}: no button that cannot work");
        assert!(r.body.contains("Printed by tm from Children"), "{path}: paper says who printed it");
    }
}

#[tokio::test]
async fn inbox_e_mails_are_found_by_subject_or_sender_by_those_who_work_the_inbox() {
    let app = TestApp::new().await;
    let mail = storage::NewInboxMail {
        source: "email",
        raw: b"raw message",
        from_address: "dsl@primary.example",
        subject: "Worried about a pupil in Year 4",
        sent_at: None,
        text_body: "The body is not searched: Zebedee",
        status: "new",
        uploaded_by: None,
        attachments: Vec::new(),
    };
    let id = match app.store.import_inbox_mail(mail, chrono::Utc::now()).await.expect("import") {
        storage::Imported::Created(id) | storage::Imported::Duplicate(id) => id,
    };
    let rao = app.sign_in("rao").await;
    for q in ["year 4", "PRIMARY.example"] {
        let v = app.call("search/everything", Some(&rao), &[("q", q)]).await.json();
        assert_eq!(names(&v, "inbox", "id"), vec![id.clone()], "{q}: {v}");
        assert_eq!(v["inbox"][0]["href"], format!("/staff/inbox/{id}"));
        assert_eq!(v["inbox"][0]["from"], "dsl@primary.example");
    }
    assert_eq!(shown_in_search(&app, RecordKind::InboxItem, &id).await, 2);
    let v = app.call("search/everything", Some(&rao), &[("q", "Zebedee")]).await.json();
    assert!(names(&v, "inbox", "id").is_empty(), "the body is not searched: {v}");
    // An Early Help Manager does not work the inbox.
    let ehm = app.sign_in("ehm").await;
    let v = app.call("search/everything", Some(&ehm), &[("q", "year 4")]).await.json();
    assert!(names(&v, "inbox", "id").is_empty(), "{v}");
}
