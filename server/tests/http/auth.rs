use crate::support::{TestApp, PASSWORD};
use axum::http::{header, StatusCode};
use domain::audit::RecordKind;

#[tokio::test]
async fn sign_in_sets_an_http_only_strict_cookie_and_stores_only_its_hash() {
    let app = TestApp::new().await;
    let r = app.call("auth/sign_in", None, &[("username", "RAO "), ("password", PASSWORD), ("next", "/staff/people/1")]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["SignedIn"]["next"], "/staff/people/1");
    let set = r.set_cookies().join("\n");
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/"), "{set}");
    assert!(!set.contains("Secure"), "plain HTTP in tests: no Secure flag");
    let token = r.session_cookie().expect("cookie").trim_start_matches("fd_session=").to_string();
    assert!(app.store.get_session(&token).await.expect("lookup").is_none(), "the raw token must not be stored");
    assert!(app.store.get_session(&app::ssr::auth::hash_token(&token)).await.expect("lookup").is_some());
}

#[tokio::test]
async fn cookies_are_secure_when_the_service_is_served_over_https() {
    let app = TestApp::with_config(|c| c.public_url = "https://frontdoor.example.gov.uk".into()).await;
    let r = app.call("auth/sign_in", None, &[("username", "rao"), ("password", PASSWORD)]).await;
    assert!(r.set_cookies().iter().any(|c| c.contains("; Secure")), "{:?}", r.set_cookies());
}

#[tokio::test]
async fn signing_in_again_renews_the_session_id() {
    let app = TestApp::new().await;
    let first = app.sign_in("rao").await;
    let r = app.call("auth/sign_in", Some(&first), &[("username", "rao"), ("password", PASSWORD)]).await;
    let second = r.session_cookie().expect("new cookie");
    assert_ne!(first, second);
    let me = app.call("auth/me", Some(&first), &[]).await;
    assert_eq!(me.json(), serde_json::Value::Null, "the old session id must be dead: {}", me.body);
    let me = app.call("auth/me", Some(&second), &[]).await;
    assert_eq!(me.json()["user"]["username"], "rao");
}

#[tokio::test]
async fn a_wrong_password_gets_one_message_whether_or_not_the_user_exists() {
    let app = TestApp::new().await;
    let wrong = app.call("auth/sign_in", None, &[("username", "rao"), ("password", "nope")]).await;
    let unknown = app.call("auth/sign_in", None, &[("username", "nobody"), ("password", "nope")]).await;
    assert_eq!(wrong.status, StatusCode::OK);
    assert_eq!(wrong.json(), unknown.json());
    assert_eq!(wrong.json()["Invalid"]["errors"][0]["message"], "Enter a correct username and password");
    let blank = app.call("auth/sign_in", None, &[("username", ""), ("password", "")]).await;
    assert_eq!(blank.json()["Invalid"]["errors"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn failed_sign_ins_are_throttled_per_account() {
    let app = TestApp::new().await;
    for _ in 0..5 {
        let r = app.call("auth/sign_in", None, &[("username", "rao"), ("password", "wrong")]).await;
        assert!(r.json().get("Invalid").is_some(), "{}", r.body);
    }
    let r = app.call("auth/sign_in", None, &[("username", "rao"), ("password", PASSWORD)]).await;
    assert_eq!(r.json()["Locked"]["minutes"], 15, "even the right password is refused while locked: {}", r.body);
    assert!(r.session_cookie().is_none());
    // Another account from another address is unaffected.
    app.call_from("auth/sign_in", None, &[("username", "tm"), ("password", PASSWORD)], "10.9.9.9").await.session_cookie().expect("tm signs in");
}

#[tokio::test]
async fn failed_sign_ins_are_throttled_per_address() {
    let app = TestApp::with_config(|c| c.throttle_address_failures = 3).await;
    for name in ["a", "b", "c"] {
        app.call_from("auth/sign_in", None, &[("username", name), ("password", "x")], "10.1.1.1").await;
    }
    let r = app.call_from("auth/sign_in", None, &[("username", "rao"), ("password", PASSWORD)], "10.1.1.1").await;
    assert!(r.json().get("Locked").is_some(), "{}", r.body);
    let r = app.call_from("auth/sign_in", None, &[("username", "rao"), ("password", PASSWORD)], "10.2.2.2").await;
    assert!(r.json().get("SignedIn").is_some(), "{}", r.body);
}

#[tokio::test]
async fn staff_pages_send_visitors_without_a_session_to_sign_in() {
    let app = TestApp::new().await;
    let r = app.get("/staff/people/123?tab=x", None).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()), Some("/sign-in?next=/staff/people/123%3Ftab%3Dx"));
}

#[tokio::test]
async fn sessions_end_after_the_inactivity_timeout() {
    let app = TestApp::with_config(|c| c.session_idle_secs = 1).await;
    let cookie = app.sign_in("rao").await;
    assert_eq!(app.call("auth/me", Some(&cookie), &[]).await.json()["user"]["username"], "rao");
    tokio::time::sleep(std::time::Duration::from_millis(1300)).await;
    let r = app.get("/staff", Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let location = r.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(location.contains("ended=1"), "{location}");
    assert!(r.set_cookies().iter().any(|c| c.contains("Max-Age=0")), "the dead cookie is cleared");
    let r = app.call("staff/home", Some(&cookie), &[]).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json(), serde_json::json!("Unauthenticated"));
}

#[tokio::test]
async fn sessions_end_after_their_absolute_lifetime_however_active() {
    let app = TestApp::with_config(|c| c.session_absolute_secs = 2).await;
    let cookie = app.sign_in("rao").await;
    for _ in 0..3 {
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        app.call("auth/me", Some(&cookie), &[]).await;
    }
    assert_eq!(app.call("staff/home", Some(&cookie), &[]).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sign_out_ends_the_session_in_the_database() {
    let app = TestApp::new().await;
    let cookie = app.sign_in("rao").await;
    let r = app.call("auth/sign_out", Some(&cookie), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.set_cookies().iter().any(|c| c.contains("Max-Age=0")));
    assert_eq!(app.call("staff/home", Some(&cookie), &[]).await.status, StatusCode::UNAUTHORIZED);
    let rao = app.store.find_user_by_username("rao").await.expect("find").expect("rao");
    let trail = app.store.audit_for_record(RecordKind::User, &rao.id, 10).await.expect("audit");
    let actions: Vec<_> = trail.iter().map(|e| e.action.slug()).collect();
    assert_eq!(actions, vec!["sign_out", "sign_in"]);
}

#[tokio::test]
async fn sessions_are_shared_by_every_server_instance() {
    // Two routers over one database stand for two instances behind a load balancer.
    let app = TestApp::new().await;
    let config = server::Config { database_url: app.db.url.clone(), ..server::Config::default() };
    let (other_instance, _) = server::build(&config).await.expect("second instance");
    let cookie = app.sign_in("rao").await;
    let other = TestApp { router: other_instance, ..app };
    assert_eq!(other.call("auth/me", Some(&cookie), &[]).await.json()["user"]["username"], "rao");
}

#[tokio::test]
async fn changing_password_checks_the_old_one_and_ends_other_sessions() {
    let app = TestApp::new().await;
    let elsewhere = app.sign_in("rao").await;
    let here = app.sign_in("rao").await;
    let r = app.call("auth/change_password", Some(&here), &[("current", "wrong"), ("new_password", "a brand new passphrase"), ("confirm", "a brand new passphrase")]).await;
    assert_eq!(r.json()["Invalid"]["errors"][0]["field"], "current");
    let r = app.call("auth/change_password", Some(&here), &[("current", PASSWORD), ("new_password", "short"), ("confirm", "short")]).await;
    assert_eq!(r.json()["Invalid"]["errors"][0]["field"], "new_password");
    let r = app.call("auth/change_password", Some(&here), &[("current", PASSWORD), ("new_password", "a brand new passphrase"), ("confirm", "a brand new passphrase")]).await;
    assert_eq!(r.json(), serde_json::json!("Changed"), "{}", r.body);
    let renewed = r.session_cookie().expect("renewed cookie");
    assert_eq!(app.call("staff/home", Some(&elsewhere), &[]).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.call("staff/home", Some(&renewed), &[]).await.status, StatusCode::OK);
    let r = app.call("auth/sign_in", None, &[("username", "rao"), ("password", "a brand new passphrase")]).await;
    assert!(r.json().get("SignedIn").is_some());
}

#[tokio::test]
async fn cross_site_writes_are_refused() {
    let app = TestApp::new().await;
    let req = axum::http::Request::post("/api/auth/sign_in")
        .header(header::HOST, "frontdoor.test")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(format!("username=rao&password={}", crate::support::enc(PASSWORD))))
        .expect("request");
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.session_cookie().is_none());
}

#[tokio::test]
async fn unexpected_failures_show_a_reference_and_no_internals() {
    let app = TestApp::new().await;
    let cookie = app.sign_in("rao").await;
    app.store.close().await;
    let r = app.call("staff/home", Some(&cookie), &[]).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    let id = r.headers.get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(!id.is_empty());
    assert!(r.body.contains(&id), "the user sees the request id: {}", r.body);
    for leak in ["sqlx", "pool", "Pool", "database", "closed"] {
        assert!(!r.body.contains(leak), "{leak} leaked: {}", r.body);
    }
}

#[tokio::test]
async fn demo_accounts_exist_only_in_demo_mode() {
    let fresh = storage::testing::TestDb::new().await.expect("db");
    let config = server::Config { database_url: fresh.url.clone(), demo: true, ..server::Config::default() };
    let (_, state) = server::build(&config).await.expect("demo build");
    let bso = state.store.find_user_by_username("bso").await.expect("find").expect("demo bso exists");
    assert!(bso.is_demo && bso.active);
    let config = server::Config { demo: false, ..config };
    let (_, state) = server::build(&config).await.expect("production build");
    let bso = state.store.find_user_by_username("bso").await.expect("find").expect("still stored");
    assert!(!bso.active, "outside demo mode demo accounts are disabled");
}

#[tokio::test]
async fn a_panic_becomes_the_plain_message_with_the_request_id() {
    use axum::routing::get;
    let db = storage::testing::TestDb::new().await.expect("db");
    let config = server::Config { database_url: db.url.clone(), ..server::Config::default() };
    let (_, state) = server::build(&config).await.expect("build");
    let settings = server::middleware::Settings { trust_proxy: false };
    let router = axum::Router::new()
        .route("/boom", get(|| async { panic!("internal detail that must not leak") as &'static str }))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(server::middleware::panic_response))
        .layer(axum::middleware::from_fn_with_state((state, settings), server::middleware::request_context));
    let app = TestApp { router, ..TestApp::new().await };
    let r = app.get("/boom", None).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR);
    let id = r.headers.get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(!id.is_empty() && r.body.contains(&id), "{}", r.body);
    assert!(!r.body.contains("internal detail"));
    assert!(r.headers.get(server::middleware::PANICKED).is_none());
}
