use crate::support::TestApp;
use axum::http::StatusCode;
use domain::audit::{AuditAction, RecordKind};

fn actions(entries: &[storage::AuditEntry]) -> Vec<&'static str> {
    entries.iter().map(|e| e.action.slug()).collect()
}

#[tokio::test]
async fn opening_a_record_in_your_worklist_writes_an_audit_entry() {
    let app = TestApp::new().await;
    let cookie = app.sign_in("rao").await;
    let r = app.call("records/open", Some(&cookie), &[("kind", "person"), ("id", &app.child)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["Opened"]["body"]["Person"]["name"], "Ada Example");
    let trail = app.store.audit_for_record(RecordKind::Person, &app.child, 10).await.expect("audit");
    assert_eq!(actions(&trail), vec!["read"]);
    assert_eq!((trail[0].username.as_str(), trail[0].roles.as_str(), trail[0].ip.as_str()), ("rao", "referral_and_advice_officer", "10.0.0.1"));
    assert!(!trail[0].request_id.is_empty());

    let r = app.call("records/open", Some(&cookie), &[("kind", "contact"), ("id", &app.contact)]).await;
    assert_eq!(r.json()["Opened"]["body"]["Contact"]["reference"], "C-000001");
    let trail = app.store.audit_for_record(RecordKind::Contact, &app.contact, 10).await.expect("audit");
    assert_eq!(actions(&trail), vec!["read"]);
}

#[tokio::test]
async fn a_record_outside_your_worklists_needs_a_reason_first() {
    let app = TestApp::new().await;
    let cookie = app.sign_in("ehm").await;
    let r = app.call("records/open", Some(&cookie), &[("kind", "person"), ("id", &app.child)]).await;
    assert_eq!(r.json(), serde_json::json!("ReasonRequired"), "nothing about the record is sent: {}", r.body);
    assert!(!r.body.contains("Ada"));
    assert!(app.store.audit_for_record(RecordKind::Person, &app.child, 10).await.expect("audit").is_empty());

    let r = app.call("records/open", Some(&cookie), &[("kind", "person"), ("id", &app.child), ("reason", "look")]).await;
    assert_eq!(r.json()["Invalid"]["errors"][0]["field"], "reason");

    let reason = "Police asked for a welfare check this afternoon";
    let r = app.call("records/open", Some(&cookie), &[("kind", "person"), ("id", &app.child), ("reason", reason)]).await;
    assert_eq!(r.json()["Opened"]["reason"], reason);
    let trail = app.store.audit_for_record(RecordKind::Person, &app.child, 10).await.expect("audit");
    assert_eq!(actions(&trail), vec!["read", "break_glass"]);
    assert!(trail.iter().all(|e| e.reason.as_deref() == Some(reason)));

    // The reason holds for the rest of the session; each read is still audited with it.
    let r = app.call("records/open", Some(&cookie), &[("kind", "person"), ("id", &app.child)]).await;
    assert_eq!(r.json()["Opened"]["reason"], reason);
    assert_eq!(app.store.audit_for_record(RecordKind::Person, &app.child, 10).await.expect("audit").len(), 3);

    // A new session asks again.
    let fresh = app.sign_in("ehm").await;
    let r = app.call("records/open", Some(&fresh), &[("kind", "person"), ("id", &app.child)]).await;
    assert_eq!(r.json(), serde_json::json!("ReasonRequired"));
}

#[tokio::test]
async fn administrators_never_open_case_records() {
    let app = TestApp::new().await;
    let cookie = app.sign_in("admin").await;
    let r = app.call("records/open", Some(&cookie), &[("kind", "person"), ("id", &app.child), ("reason", "I am curious about this child")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json(), serde_json::json!("Forbidden"));
    let trail = app.store.audit_for_record(RecordKind::Person, &app.child, 10).await.expect("audit");
    assert_eq!(actions(&trail), vec!["refused"]);
}

#[tokio::test]
async fn records_need_a_session_and_unknown_ones_are_not_found() {
    let app = TestApp::new().await;
    let r = app.call("records/open", None, &[("kind", "person"), ("id", &app.child)]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let cookie = app.sign_in("rao").await;
    let r = app.call("records/open", Some(&cookie), &[("kind", "person"), ("id", "no-such-person")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.call("records/open", Some(&cookie), &[("kind", "user"), ("id", &app.child)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "only case records open here");
}

#[tokio::test]
async fn managers_see_who_opened_a_record_and_that_viewing_is_audited() {
    let app = TestApp::new().await;
    let rao = app.sign_in("rao").await;
    app.call("records/open", Some(&rao), &[("kind", "person"), ("id", &app.child)]).await;

    let r = app.call("records/access_history", Some(&rao), &[("kind", "person"), ("id", &app.child)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "access history is for managers");

    let tm = app.sign_in("tm").await;
    let r = app.call("records/access_history", Some(&tm), &[("kind", "person"), ("id", &app.child)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let entries = r.json()["entries"].as_array().cloned().unwrap_or_default();
    assert!(entries.iter().any(|e| e["who"] == "rao" && e["action"] == "Opened"), "{}", r.body);
    assert!(entries.iter().any(|e| e["action"] == "Refused"), "the refused attempt shows too: {}", r.body);
    let trail = app.store.audit_for_record(RecordKind::Person, &app.child, 10).await.expect("audit");
    assert_eq!(trail[0].action, AuditAction::ViewAccessHistory);
    assert_eq!(trail[0].username, "tm");
}

#[tokio::test]
async fn the_worklist_on_the_home_page_follows_team_membership() {
    let app = TestApp::new().await;
    let rao = app.sign_in("rao").await;
    let home = app.call("staff/home", Some(&rao), &[]).await.json();
    assert_eq!(home["worklist"][0]["reference"], "C-000001");
    assert_eq!(home["works_with_case_records"], true);
    let ehm = app.sign_in("ehm").await;
    let home = app.call("staff/home", Some(&ehm), &[]).await.json();
    assert_eq!(home["worklist"].as_array().map(Vec::len), Some(0));
    let admin = app.sign_in("admin").await;
    let home = app.call("staff/home", Some(&admin), &[]).await.json();
    assert_eq!((home["is_admin"].clone(), home["works_with_case_records"].clone()), (serde_json::json!(true), serde_json::json!(false)));
}

/// The application offers no way to change the audit trail: this is every server function it
/// registers, and none of them updates or deletes audit entries (the database refuses too; see
/// the storage tests). A new endpoint must be added here consciously.
#[tokio::test]
async fn no_endpoint_can_change_the_audit_trail() {
    let _app = TestApp::new().await;
    let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p.to_string()).collect();
    paths.sort();
    let mut expected = vec![
            "/api/admin/directory",
            "/api/admin/reset_password",
            "/api/admin/save_team",
            "/api/admin/save_user",
            "/api/admin/set_user_active",
            "/api/admin/set_worklist_team",
            "/api/admin/worklist_teams",
            "/api/auth/change_password",
            "/api/auth/me",
            "/api/auth/sign_in",
            "/api/admin/calendar/add_day",
            "/api/admin/calendar/remove_day",
            "/api/admin/rules/activate",
            "/api/admin/rules/upload",
            "/api/auth/sign_out",
            "/api/calendar/added_days",
            "/api/calls/save",
            "/api/calls/start",
            "/api/contacts/decide",
            "/api/contacts/override_consent",
            "/api/eha/cin_codes",
            "/api/eha/decide",
            "/api/eha/desk",
            "/api/eha/get",
            "/api/eha/new",
            "/api/eha/phone_call",
            "/api/eha/report",
            "/api/eha/save_setting",
            "/api/eha/settings",
            "/api/eha/update",
            "/api/eha/welfare_rights",
            "/api/contacts/hand_back",
            "/api/drafts/discard",
            "/api/drafts/get",
            "/api/drafts/mine",
            "/api/drafts/save",
            "/api/exports/annex-a",
            "/api/chronology/for_person",
            "/api/communications/for_contact",
            "/api/communications/issue",
            "/api/communications/letter",
            "/api/communications/mark_printed",
            "/api/communications/retry",
            "/api/communications/worklist",
            "/api/inbox/decide",
            "/api/inbox/item",
            "/api/inbox/items",
            "/api/inbox/list",
            "/api/inbox/people",
            "/api/inbox/release",
            "/api/inbox/take",
            "/api/information-requests/agree",
            "/api/information-requests/ask-agreement",
            "/api/information-requests/check",
            "/api/information-requests/child",
            "/api/information-requests/folder",
            "/api/information-requests/get",
            "/api/information-requests/ofsted",
            "/api/information-requests/ofsted-respond",
            "/api/information-requests/record",
            "/api/information-requests/respond",
            "/api/information-requests/resubmit",
            "/api/information-requests/save-secure-addresses",
            "/api/information-requests/secure-addresses",
            "/api/information-requests/tag",
            "/api/information-requests/untag",
            "/api/information-requests/urgency",
            "/api/mash/discussion",
            "/api/mash/get",
            "/api/mash/log",
            "/api/mash/log-outcome",
            "/api/mash/record",
            "/api/mash/return",
            "/api/mash/write",
            "/api/missing/due",
            "/api/missing/for_person",
            "/api/letters/preview",
            "/api/letters/save",
            "/api/letters/template",
            "/api/letters/templates",
            "/api/notes/add",
            "/api/notes/for_contact",
            "/api/notes/for_person",
            "/api/notes/restore",
            "/api/notes/withdraw",
            "/api/people/close_involvement",
            "/api/people/create",
            "/api/people/get",
            "/api/people/link",
            "/api/people/merge",
            "/api/people/record_involvement",
            "/api/people/restore_relationship",
            "/api/people/search",
            "/api/people/unmerge",
            "/api/people/update",
            "/api/people/withdraw_relationship",
            "/api/performance/contacts",
            "/api/performance/ehas",
            "/api/performance/view",
            "/api/public/content",
            "/api/public/page",
            "/api/public/preview_contact",
            "/api/public/preview_page",
            "/api/public/save_contact",
            "/api/public/save_page",
            "/api/records/access_history",
            "/api/records/level_decision",
            "/api/records/open",
            "/api/rules/in_force",
            "/api/rules/version",
            "/api/rules/versions",
            "/api/search/everything",
            "/api/session/clock",
            "/api/session/extend",
            "/api/staff/home",
            "/api/worklists/claim",
            "/api/worklists/reassign",
            "/api/worklists/refresh",
            "/api/worklists/release",
            "/api/worklists/view",
    ];
    expected.sort_unstable();
    assert_eq!(paths, expected);
}
