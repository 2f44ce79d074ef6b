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
