//! The timeout warning's endpoints (issue 9): `session/clock` tells how long is left without
//! counting as activity, `session/extend` keeps the session, and signing in again after a
//! timeout goes back to the page (a safe /staff path only) with the draft still there.

use crate::support::TestApp;
use axum::http::{header, StatusCode};

fn token_hash(cookie: &str) -> String {
    app::ssr::auth::hash_token(cookie.trim_start_matches("fd_session="))
}

/// Pretends the session's last request was `ago` ago.
async fn idle_for(app: &TestApp, cookie: &str, ago: chrono::Duration) -> chrono::DateTime<chrono::Utc> {
    app.store.touch_session(&token_hash(cookie), chrono::Utc::now() - ago).await.expect("touch");
    // As stored (the database keeps microseconds).
    last_seen(app, cookie).await
}

async fn last_seen(app: &TestApp, cookie: &str) -> chrono::DateTime<chrono::Utc> {
    app.store.get_session(&token_hash(cookie)).await.expect("session").expect("live").last_seen_at
}

#[tokio::test]
async fn asking_the_clock_does_not_keep_the_session_alive() {
    let app = TestApp::with_config(|c| c.session_warning_secs = 90).await;
    let cookie = app.sign_in("rao").await;
    let at = idle_for(&app, &cookie, chrono::Duration::minutes(20)).await;
    for _ in 0..2 {
        let r = app.call("session/clock", Some(&cookie), &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let v = r.json();
        let left = v["seconds_left"].as_i64().expect("seconds");
        assert!((595..=600).contains(&left), "ten minutes of the thirty left: {v}");
        assert_eq!(v["warn_secs"], 90);
        assert_eq!(v["can_extend"], true);
        assert_eq!(last_seen(&app, &cookie).await, at, "the clock is not activity");
    }
    // Any other request is.
    app.call("auth/me", Some(&cookie), &[]).await;
    assert!(last_seen(&app, &cookie).await > at);
}

#[tokio::test]
async fn staying_signed_in_restarts_the_inactivity_timeout() {
    let app = TestApp::new().await;
    let cookie = app.sign_in("rao").await;
    let at = idle_for(&app, &cookie, chrono::Duration::minutes(29)).await;
    let v = app.call("session/clock", Some(&cookie), &[]).await.json();
    assert!(v["seconds_left"].as_i64().is_some_and(|s| s <= 60), "{v}");
    assert_eq!(v["warn_secs"], 120, "two minutes by default");
    let r = app.call("session/extend", Some(&cookie), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.json()["seconds_left"].as_i64().is_some_and(|s| s >= 1795), "{}", r.body);
    assert!(last_seen(&app, &cookie).await > at);
}

#[tokio::test]
async fn an_ended_session_cannot_be_extended_and_the_absolute_limit_is_not_extendable() {
    let app = TestApp::new().await;
    let cookie = app.sign_in("rao").await;
    idle_for(&app, &cookie, chrono::Duration::minutes(31)).await;
    assert_eq!(app.call("session/clock", Some(&cookie), &[]).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.call("session/extend", Some(&cookie), &[]).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.call("session/clock", None, &[]).await.status, StatusCode::UNAUTHORIZED);

    let app = TestApp::with_config(|c| c.session_absolute_secs = 60).await;
    let cookie = app.sign_in("rao").await;
    let v = app.call("session/extend", Some(&cookie), &[]).await.json();
    assert!(v["seconds_left"].as_i64().is_some_and(|s| s <= 60), "{v}");
    assert_eq!(v["can_extend"], false, "{v}");
}

#[tokio::test]
async fn signing_in_again_returns_to_a_staff_page_only() {
    let app = TestApp::new().await;
    let next_after = |next: &'static str| {
        let app = &app;
        async move {
            let r = app.call("auth/sign_in", None, &[("username", "rao"), ("password", crate::support::PASSWORD), ("next", next)]).await;
            r.json()["SignedIn"]["next"].as_str().unwrap_or_default().to_string()
        }
    };
    assert_eq!(next_after("/staff/contacts/abc?tab=notes").await, "/staff/contacts/abc?tab=notes");
    for bad in ["https://evil.example/staff", "//evil.example/staff", "/staff//evil.example", "/staffing.example", "/staff/\r\nSet-Cookie: a=b", "/staff/../sign-in", "javascript:alert(1)"] {
        assert_eq!(next_after(bad).await, "/staff", "{bad:?}");
    }
    // Without JavaScript the browser comes back to the sign-in page, which sends it on.
    let cookie = app.sign_in("rao").await;
    let location = |r: &crate::support::Reply| r.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let r = app.get("/sign-in?next=%2Fstaff%2Fpeople%2F1", Some(&cookie)).await;
    assert_eq!((r.status, location(&r)), (StatusCode::SEE_OTHER, "/staff/people/1".to_string()));
    for bad in ["%2F%2Fevil.example", "https%3A%2F%2Fevil.example", "%2Fstaff%0D%0ASet-Cookie%3A%20a%3Db", "%2Fstaff%2F%C3%A9"] {
        let r = app.get(&format!("/sign-in?next={bad}"), Some(&cookie)).await;
        assert_eq!((r.status, location(&r)), (StatusCode::SEE_OTHER, "/staff".to_string()), "{bad}");
    }
}

#[tokio::test]
async fn a_draft_typed_before_a_timeout_is_there_after_signing_in_again() {
    let app = TestApp::new().await;
    let cookie = app.sign_in("rao").await;
    let save = |cookie: String| {
        let app = &app;
        async move {
            let form = [
                ("form_key", "call:abc"),
                ("record_kind", "contact"),
                ("record_id", ""),
                ("title", "Call in progress"),
                ("path", "/staff/calls/abc"),
                ("data", r#"{"concern":"Every word typed"}"#),
            ];
            app.call("drafts/save", Some(&cookie), &form).await
        }
    };
    assert_eq!(save(cookie.clone()).await.json(), serde_json::json!("Saved"));
    idle_for(&app, &cookie, chrono::Duration::minutes(31)).await;
    // The session has ended: the page is sent to sign in, with itself as the way back.
    let r = app.get("/staff/calls/abc", Some(&cookie)).await;
    let location = r.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert_eq!(location, "/sign-in?next=/staff/calls/abc&ended=1");
    assert_eq!(save(cookie.clone()).await.status, StatusCode::UNAUTHORIZED);

    let again = app.sign_in("rao").await;
    let r = app.call("drafts/get", Some(&again), &[("form_key", "call:abc")]).await;
    assert_eq!(r.json()["data"], r#"{"concern":"Every word typed"}"#, "{}", r.body);
    assert_eq!(r.json()["path"], "/staff/calls/abc");
}

#[tokio::test]
async fn without_javascript_signing_in_again_also_returns_to_the_page() {
    use axum::body::Body;
    use axum::http::Request;
    let app = TestApp::new().await;
    // The sign-in form posted by the browser itself, from the page the middleware sent it to.
    let referer = "http://frontdoor.test/sign-in?next=/staff/search%3Fq%3DAva&ended=1";
    let body = format!("username=rao&password={}&next=%2Fstaff%2Fsearch%3Fq%3DAva", crate::support::enc(crate::support::PASSWORD));
    let req = Request::post("/api/auth/sign_in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::REFERER, referer)
        .header(header::HOST, "frontdoor.test")
        .body(Body::from(body))
        .expect("request");
    let r = app.send(req).await;
    assert!(r.status.is_redirection(), "{} {}", r.status, r.body);
    let cookie = r.session_cookie().expect("signed in");
    let back = r.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(back.contains("/sign-in?next="), "{back}");
    let r = app.get("/sign-in?next=/staff/search%3Fq%3DAva&ended=1", Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()), Some("/staff/search?q=Ava"));
}

/// A live page refreshing itself (a change elsewhere, the minute's refresh, the events stream)
/// is not someone working: an open worklists page still times out.
#[tokio::test]
async fn a_live_page_refreshing_itself_does_not_keep_the_session_alive() {
    let app = TestApp::new().await;
    let cookie = app.sign_in("tm").await;
    let at = idle_for(&app, &cookie, chrono::Duration::minutes(20)).await;
    let r = app.call("worklists/refresh", Some(&cookie), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.json()["mine"].is_array());
    assert_eq!(last_seen(&app, &cookie).await, at, "a background refresh is not activity");
    app.call("worklists/view", Some(&cookie), &[]).await;
    assert!(last_seen(&app, &cookie).await > at, "opening the worklists is");
}
