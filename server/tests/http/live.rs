//! Live worklists through the real router: `/staff/events` says `ready`, then `work` within
//! seconds of a work item changing (here through a second store on the same database, as another
//! server instance would); only staff who work with case records get the stream.

use crate::support::TestApp;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use std::time::Duration;
use tower::ServiceExt;

async fn next_text(body: &mut Body) -> String {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), body.frame()).await.expect("an event within seconds");
        let frame = frame.expect("the stream is open").expect("a frame");
        if let Ok(data) = frame.into_data() {
            let text = String::from_utf8_lossy(&data).into_owned();
            // Keep-alive comments are not events.
            if !text.trim().is_empty() && !text.starts_with(':') {
                return text;
            }
        }
    }
}

#[tokio::test]
async fn a_work_item_change_on_another_instance_reaches_an_open_page() {
    let app = TestApp::new().await;
    let tm = app.sign_in("tm").await;
    let req = Request::get("/staff/events").header(header::HOST, "frontdoor.test").header(header::COOKIE, &tm).body(Body::empty()).expect("request");
    let res = app.router.clone().oneshot(req).await.expect("response");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "text/event-stream");
    let mut body = res.into_body();
    assert!(next_text(&mut body).await.contains("event: ready"));

    let other = storage::Store::connect(&app.db.url, 2).await.expect("another instance");
    let now = chrono::Utc::now();
    let item = storage::NewWorkItem {
        stage: "initial_analysis",
        worklist: "cass_team_manager",
        team_id: Some(&app.cass_team),
        assigned_user_id: None,
        timescale: "contact_initial_response",
        started_at: now,
        due_at: now + chrono::Duration::days(1),
        calendar_version: "test",
    };
    let children = [app.child.clone()];
    let contact = storage::NewCaseContact {
        reference: "C-LIVE-0002",
        status: "open",
        channel: "inbox",
        caller_kind: None,
        summary: "",
        concern: "",
        referrer: storage::Referrer::default(),
        contact_source: "10",
        flow: "{}",
        level: None,
        received_at: now,
        created_by: "",
        children: &children,
        repeat_within_7_days: false,
        referral_within_12_months: false,
        first_items: vec![item],
    };
    other.create_case_contact(contact, now).await.expect("contact");
    assert!(next_text(&mut body).await.contains("event: work"));
}

#[tokio::test]
async fn only_staff_who_work_with_case_records_get_the_stream() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let r = app.get("/staff/events", Some(&admin)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app.get("/staff/events", None).await;
    assert_ne!(r.status, StatusCode::OK, "signed out: sent to sign in, never streamed");
}

/// The dashboard's other clocks (issue 8 point 1): a return interview opened, or a MASH request
/// recorded, on another instance reaches an open page as a `work` event too.
#[tokio::test]
async fn a_return_interview_or_mash_request_on_another_instance_reaches_an_open_page() {
    let app = TestApp::new().await;
    let ehm = app.sign_in("ehm").await;
    let req = Request::get("/staff/events").header(header::HOST, "frontdoor.test").header(header::COOKIE, &ehm).body(Body::empty()).expect("request");
    let mut body = app.router.clone().oneshot(req).await.expect("response").into_body();
    assert!(next_text(&mut body).await.contains("event: ready"));
    let other = storage::Store::connect(&app.db.url, 2).await.expect("another instance");
    let now = chrono::Utc::now();
    let by = app.store.find_user_by_username("ehm").await.expect("user").expect("ehm").id;
    let n = storage::NewReturnInterview { person_id: &app.child, found_note_id: None, returned_at: now, due_at: now + chrono::Duration::hours(72), calendar_version: "test", created_by: &by };
    other.open_return_interview(n, "due", now).await.expect("interview");
    assert!(next_text(&mut body).await.contains("event: work"));
    let m = storage::NewMashNotification {
        reference: "MASH-LIVE-1",
        kind: "request_for_information",
        priority: "red",
        status: "awaiting_responses",
        mash_log_reference: "",
        child_name: "Ada Example",
        child_date_of_birth: None,
        person_id: None,
        concern: "Police notification",
        received_at: now,
        deadline: Some(("mash_red", now + chrono::Duration::hours(4), "test")),
        created_by: &by,
    };
    other.create_mash_notification(m, now).await.expect("notification");
    assert!(next_text(&mut body).await.contains("event: work"));
}
