//! An in-process Frontdoor for HTTP-level tests: the real router, middleware and server
//! functions over a fresh database (SQLite by default, PostgreSQL when TEST_DATABASE_URL says so).

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use axum::Router;
use domain::Role;
use http_body_util::BodyExt;
use server::Config;
use storage::testing::TestDb;
use storage::{NewContact, NewPerson, NewTeam, NewUser, Store};
use tower::ServiceExt;

pub const PASSWORD: &str = "a long test password";

pub struct TestApp {
    pub router: Router,
    pub store: Store,
    pub db: TestDb,
    pub cass_team: String,
    pub eh_team: String,
    pub child: String,
    pub contact: String,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or(serde_json::Value::Null)
    }
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("fd_session=") && !c.contains("Max-Age=0"))
            .and_then(|c| c.split(';').next())
            .map(str::to_string)
    }
    pub fn set_cookies(&self) -> Vec<String> {
        self.headers.get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok().map(str::to_string)).collect()
    }
}

impl TestApp {
    pub async fn new() -> TestApp {
        Self::with_config(|_| {}).await
    }

    pub async fn with_config(adjust: impl FnOnce(&mut Config)) -> TestApp {
        let db = TestDb::new().await.expect("test database");
        let mut config = Config { database_url: db.url.clone(), trust_proxy: true, ..Config::default() };
        adjust(&mut config);
        let (router, state) = server::build(&config).await.expect("app builds");
        let store = state.store.clone();
        let now = chrono::Utc::now();
        let cass_team = store.create_team(NewTeam { name: "CASS", description: "" }, now).await.expect("team");
        let eh_team = store.create_team(NewTeam { name: "Early Help MASH desk", description: "" }, now).await.expect("team");
        let child = store
            .create_person(NewPerson { given_name: "Ada", family_name: "Example", date_of_birth: None, address: "1 Street", postcode: "AB1 2CD" }, now)
            .await
            .expect("person");
        let contact = store
            .create_contact(
                NewContact { reference: "C-000001", person_id: &child, summary: "Concern from school", assigned_team_id: Some(&cass_team), assigned_user_id: None, received_at: now },
                now,
            )
            .await
            .expect("contact");
        let app = TestApp { router, store, db, cass_team, eh_team, child, contact };
        let (cass, eh) = (app.cass_team.clone(), app.eh_team.clone());
        app.user("rao", &[Role::ReferralAndAdviceOfficer], &[cass.clone()]).await;
        app.user("tm", &[Role::TeamManager], &[cass]).await;
        app.user("ehm", &[Role::EarlyHelpManager], &[eh]).await;
        app.user("admin", &[Role::Administrator], &[]).await;
        app
    }

    pub async fn user(&self, username: &str, roles: &[Role], teams: &[String]) -> String {
        let hash = app::ssr::auth::hash_password(PASSWORD.to_string()).await.expect("hash");
        self.store
            .create_user(
                NewUser { username, display_name: username, email: "", password_hash: &hash, must_change_password: false, is_demo: false, roles, team_ids: teams },
                chrono::Utc::now(),
            )
            .await
            .expect("user")
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        // A page render that never finishes has been seen, rarely, only when many tests share
        // one process (never alone, never in the browser tests): a GET is tried once more after
        // naming the path; anything else fails loudly rather than hanging CI.
        let again = (req.method() == axum::http::Method::GET).then(|| {
            let mut r = Request::get(req.uri().clone()).body(Body::empty()).expect("request");
            *r.headers_mut() = req.headers().clone();
            r
        });
        let path = req.uri().to_string();
        let limit = std::time::Duration::from_secs(20);
        match tokio::time::timeout(limit, self.fetch(req)).await {
            Ok(reply) => reply,
            Err(_) => {
                let retry = again.unwrap_or_else(|| panic!("{path} did not answer within 20 seconds"));
                eprintln!("warning: GET {path} did not answer within 20 seconds; asking again");
                tokio::time::timeout(limit, self.fetch(retry)).await.unwrap_or_else(|_| panic!("GET {path} did not answer twice"))
            }
        }
    }

    async fn fetch(&self, req: Request<Body>) -> Reply {
        let res: Response<Body> = self.router.clone().oneshot(req).await.expect("response");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.map(|b| b.to_bytes()).unwrap_or_default();
        Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
    }

    /// Keeps a draft of `form_key` for the user, as a form does while they type.
    pub async fn keep_draft(&self, cookie: &str, form_key: &str, path: &str) {
        let form = [("form_key", form_key), ("record_kind", ""), ("record_id", ""), ("title", "A form"), ("path", path), ("data", "{\"typed\":\"every word\"}")];
        let r = self.call("drafts/save", Some(cookie), &form).await;
        assert_eq!(r.body, "\"Saved\"", "draft of {form_key} kept");
    }

    /// Whether the user still has a draft of `form_key` (saving the record removes it).
    pub async fn has_draft(&self, cookie: &str, form_key: &str) -> bool {
        !self.call("drafts/get", Some(cookie), &[("form_key", form_key)]).await.json().is_null()
    }

    /// POSTs a server function with form-encoded arguments, as the browser does.
    pub async fn call(&self, endpoint: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> Reply {
        self.call_from(endpoint, cookie, form, "10.0.0.1").await
    }

    pub async fn call_from(&self, endpoint: &str, cookie: Option<&str>, form: &[(&str, &str)], ip: &str) -> Reply {
        let body = form.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&");
        let mut req = Request::post(format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "frontdoor.test")
            .header("x-forwarded-for", ip);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body)).expect("request")).await
    }

    /// POSTs a server function whose arguments are JSON (`input = Json`).
    pub async fn call_json(&self, endpoint: &str, cookie: Option<&str>, body: &serde_json::Value) -> Reply {
        let mut req = Request::post(format!("/api/{endpoint}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::HOST, "frontdoor.test")
            .header("x-forwarded-for", "10.0.0.1");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body.to_string())).expect("request")).await
    }

    /// An EHA on the Early Help desk for `child`, as `eha/new` stores one (with no work item):
    /// for tests of what reads EHAs, not of the desk. Returns its contact id.
    pub async fn eha(&self, child: &str, reference: &str, source: &str, received: chrono::DateTime<chrono::Utc>, form: &serde_json::Value) -> String {
        let by = self.store.find_user_by_username("ehm").await.expect("user").expect("ehm").id;
        let children = [child.to_string()];
        let organisation = form["referrer_organisation"].as_str().unwrap_or("");
        let contact = storage::NewCaseContact {
            reference,
            status: "open",
            channel: "eha",
            caller_kind: None,
            summary: "",
            concern: "",
            referrer: storage::Referrer { organisation, ..Default::default() },
            contact_source: "10",
            flow: "",
            level: None,
            received_at: received,
            created_by: &by,
            children: &children,
            repeat_within_7_days: false,
            referral_within_12_months: false,
            first_items: Vec::new(),
        };
        let e = storage::NewEha { contact, source, form: &form.to_string(), framework_version: "test", calendar_version: "test", log_summary: "EHA received" };
        self.store.create_eha(e, received).await.expect("eha")
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        let mut req = Request::get(path).header(header::HOST, "frontdoor.test");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::empty()).expect("request")).await
    }

    /// Signs in and returns the `fd_session=...` cookie pair.
    pub async fn sign_in(&self, username: &str) -> String {
        let r = self.call("auth/sign_in", None, &[("username", username), ("password", PASSWORD)]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.json().get("SignedIn").is_some(), "sign in as {username}: {}", r.body);
        r.session_cookie().expect("session cookie")
    }
}

pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
