//! The public site through the real router: information pages without WASM, the online Request
//! for Support from the first page to the CASS inbox, its safety (no personal data in addresses,
//! the cookie, size and rate limits, the honeypot, expiry keeping answers), the guidance, and the
//! administrators' content editing.

use crate::support::{enc, Reply, TestApp};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use domain::Role;

/// A browser: keeps the `fd_request` cookie and sends pages as a form posts them.
struct Visitor<'a> {
    app: &'a TestApp,
    cookie: Option<String>,
    ip: &'static str,
    /// Every address the server sent the visitor to.
    locations: Vec<String>,
}

impl<'a> Visitor<'a> {
    fn new(app: &'a TestApp) -> Self {
        Visitor { app, cookie: None, ip: "10.1.1.1", locations: Vec::new() }
    }

    fn remember(&mut self, r: &Reply) {
        for c in r.set_cookies() {
            if let Some(pair) = c.split(';').next().filter(|p| p.starts_with("fd_request=")) {
                self.cookie = if c.contains("Max-Age=0") { None } else { Some(pair.to_string()) };
            }
        }
        if let Some(l) = r.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()) {
            self.locations.push(l.to_string());
        }
    }

    async fn get(&mut self, path: &str) -> Reply {
        let mut req = Request::get(path).header(header::HOST, "frontdoor.test").header("x-forwarded-for", self.ip);
        if let Some(c) = &self.cookie {
            req = req.header(header::COOKIE, c);
        }
        let r = self.app.send(req.body(Body::empty()).expect("request")).await;
        self.remember(&r);
        r
    }

    async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Reply {
        let mut fields: Vec<(&str, &str)> = vec![("website", "")];
        fields.extend_from_slice(form);
        let body = fields.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&");
        self.post_raw(path, body).await
    }

    async fn post_raw(&mut self, path: &str, body: String) -> Reply {
        let mut req = Request::post(path)
            .header(header::HOST, "frontdoor.test")
            .header(header::ORIGIN, "http://frontdoor.test")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("x-forwarded-for", self.ip);
        if let Some(c) = &self.cookie {
            req = req.header(header::COOKIE, c);
        }
        let r = self.app.send(req.body(Body::from(body)).expect("request")).await;
        self.remember(&r);
        r
    }

    /// Posts a page and expects to be sent on to `next`.
    async fn step(&mut self, path: &str, form: &[(&str, &str)], next: &str) {
        let r = self.post(path, form).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{path}: {}", text(&r.body));
        assert_eq!(location(&r), next, "after {path}");
    }
}

fn location(r: &Reply) -> String {
    r.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or("").to_string()
}

/// The page's text without tags, for readable assertions.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ").replace("&#x27;", "'").replace("&quot;", "\"")
}

const PROFESSIONAL: &[(&str, &[(&str, &str)], &str)] = &[
    ("/request-support/who", &[("referrer_kind", "professional")], "/request-support/danger"),
    ("/request-support/danger", &[("immediate_danger", "no")], "/request-support/about-you"),
    (
        "/request-support/about-you",
        &[("your_name", "Alex Teacher"), ("your_organisation", "Example Primary School"), ("your_role", "Safeguarding lead"), ("your_email", "alex@school.example")],
        "/request-support/relationship",
    ),
    ("/request-support/relationship", &[("ongoing_relationship", "yes")], "/request-support/child"),
    (
        "/request-support/child",
        &[
            ("child_first_name", "Robin"),
            ("child_last_name", "Testchild"),
            ("child_dob", "12"),
            ("child_dob-month", "3"),
            ("child_dob-year", "2017"),
            ("child_address", "1 Example Road\nExampletown"),
            ("child_postcode", "ab1 2cd"),
        ],
        "/request-support/about-the-child",
    ),
    ("/request-support/about-the-child", &[("child_ethnicity", "White British"), ("child_special_needs", "None")], "/request-support/family"),
    ("/request-support/family", &[("parents", "Jo Testchild"), ("siblings", "none"), ("household", "Pat Testchild, 01/02/1980")], "/request-support/concern"),
    ("/request-support/concern", &[("concern_summary", "Robin's behaviour in class has changed a lot"), ("concern_areas", "behaviour")], "/request-support/consent"),
    ("/request-support/consent", &[("consent", "given"), ("consent_given_by", "Jo Testchild, mother"), ("consent_scopes", "a_eha")], "/request-support/check-your-answers"),
];

async fn start(v: &mut Visitor<'_>) {
    let r = v.post("/request-support", &[]).await;
    assert_eq!((r.status, location(&r)), (StatusCode::SEE_OTHER, "/request-support/who".to_string()));
}

#[tokio::test]
async fn public_pages_are_complete_html_without_wasm() {
    let app = TestApp::new().await;
    let mut v = Visitor::new(&app);
    for (path, words) in [
        ("/what-to-expect", &["Parental Responsibility", "outcomes letter", "Duty Manager", "24 hours", "allocated worker", "call 999", "0100 000 0000"][..]),
        ("/ask-for-support", &["If you are a professional", "member of the public", "/request-support"][..]),
        ("/out-of-hours", &["Emergency Duty Team", "0100 000 0001"][..]),
        ("/privacy", &["Data Protection Officer", "cookie", "dpo@council.example"][..]),
        ("/accessibility", &["WCAG", "accessibility@council.example"][..]),
        ("/request-support", &["Ask for support for a child", "Start now", "24 hours"][..]),
    ] {
        let r = v.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        for w in words {
            assert!(r.body.contains(w), "{path} should say {w:?}: {}", text(&r.body));
        }
        assert!(r.body.contains("govuk-exit-this-page__button") && r.body.contains("/exit-this-page.js"), "{path}: Exit this page");
        assert!(!r.body.contains(".wasm") && !r.body.contains("/pkg/frontdoor.js"), "{path} must not load the WASM bundle");
        assert!(r.body.starts_with("<!DOCTYPE html>") && r.body.contains("lang=\"en\""));
    }
    // The app's start page leaves the hydration scripts out too; staff pages keep them.
    assert!(!app.get("/", None).await.body.contains("/pkg/frontdoor.js"));
    assert!(app.get("/sign-in", None).await.body.contains("/pkg/frontdoor.js"));
    // Phone numbers are links a phone can call.
    assert!(v.get("/out-of-hours").await.body.contains("href=\"tel:01000000001\""));
}

#[tokio::test]
async fn a_professional_request_reaches_the_cass_inbox_with_everything() {
    let app = TestApp::new().await;
    let mut v = Visitor::new(&app);
    start(&mut v).await;
    let cookie = v.cookie.clone().unwrap_or_default();
    assert!(cookie.starts_with("fd_request="));
    for (path, form, next) in PROFESSIONAL {
        let page = v.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        v.step(path, form, next).await;
    }
    let check = v.get("/request-support/check-your-answers").await;
    let t = text(&check.body);
    for w in ["Robin Testchild", "12 March 2017", "Jo Testchild", "Behaviour at home, school or in the community", "Given by Jo Testchild, mother", "Universal Plus"] {
        assert!(t.contains(w), "check your answers should show {w:?}: {t}");
    }
    assert!(t.contains("complete an Early Help Assessment"), "Universal Plus with a relationship: the referrer is asked to do an EHA: {t}");
    v.step("/request-support/check-your-answers", &[], "/request-support/confirmation").await;
    let done = v.get("/request-support/confirmation").await;
    let reference = done.body.split("data-testid=\"reference\">").nth(1).and_then(|s| s.split('<').next()).unwrap_or("").to_string();
    assert!(reference.starts_with("RFS-"), "{}", text(&done.body));

    // No address the visitor was sent to carries anything they typed.
    for l in &v.locations {
        assert!(!l.contains("Robin") && !l.contains("Testchild") && !l.contains("alex"), "{l}");
    }

    // The contact is in the CASS inbox, assigned to the CASS team, with everything entered.
    let inbox = app.store.inbox(10).await.expect("inbox");
    let item = inbox.iter().find(|i| i.reference == reference).expect("in the inbox");
    assert_eq!((item.person_name.as_str(), item.team_name.as_deref(), item.suggested_level.as_deref()), ("Robin Testchild", Some("CASS"), Some("universal_plus")));
    let o = app.store.online_request(&item.contact_id).await.expect("read").expect("online request");
    assert_eq!((o.referrer_kind.as_str(), o.referrer_organisation.as_str(), o.consent.as_str(), o.consent_given_by.as_str(), o.consent_scopes.as_str()),
        ("professional", "Example Primary School", "given", "Jo Testchild, mother", "a_eha"));
    assert!(o.ongoing_relationship);
    assert_eq!(o.framework_version, "rhrt-2026.1");
    let answers: serde_json::Value = serde_json::from_str(&o.answers).expect("json");
    assert_eq!(answers["form"]["concern_summary"], "Robin's behaviour in class has changed a lot");
    assert_eq!(answers["form"]["household"], "Pat Testchild, 01/02/1980");
    assert_eq!(answers["guidance"]["suggested"], "universal_plus");
    let person = app.store.get_person(&item.person_id).await.expect("person").expect("child");
    assert_eq!((person.postcode.as_str(), person.date_of_birth.map(|d| d.to_string())), ("AB1 2CD", Some("2017-03-12".to_string())));
    let trail = app.store.audit_for_record(domain::audit::RecordKind::Contact, &item.contact_id, 10).await.expect("audit");
    assert_eq!(trail.iter().map(|e| (e.action.slug(), e.username.as_str())).collect::<Vec<_>>(), vec![("create", "online form")]);

    // The draft no longer holds the answers; posting again does not send twice.
    assert!(app.store.scalar_text("SELECT answers FROM support_drafts").await.expect("draft").contains(&reference));
    assert!(!app.store.scalar_text("SELECT answers FROM support_drafts").await.expect("draft").contains("Robin"));
    let again = v.post("/request-support/check-your-answers", &[]).await;
    assert_eq!(location(&again), "/request-support/confirmation");
    assert_eq!(app.store.inbox(10).await.expect("inbox").iter().filter(|i| i.reference.starts_with("RFS-")).count(), 1);

    // Business Support find it in the inbox; opening it goes through records/open and is audited.
    app.user("bso", &[Role::BusinessSupportOfficer], &[app.cass_team.clone()]).await;
    let bso = app.sign_in("bso").await;
    let r = app.call("inbox/list", Some(&bso), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let rows = r.json();
    let row = rows.as_array().and_then(|a| a.iter().find(|x| x["reference"] == reference.as_str())).cloned().unwrap_or_default();
    assert_eq!((row["child"].as_str(), row["channel"].as_str(), row["suggested_level"].as_str(), row["consent"].as_str()),
        (Some("Robin Testchild"), Some("Online form"), Some("Universal Plus"), Some("Given")));
    // An inbox contact assigned to CASS is in the BSO's worklists: it opens without a reason.
    let r = app.call("records/open", Some(&bso), &[("kind", "contact"), ("id", &item.contact_id)]).await;
    assert!(r.json().get("Opened").is_some(), "inbox contacts are in the team's worklist: {}", r.body);
    let trail = app.store.audit_for_record(domain::audit::RecordKind::Contact, &item.contact_id, 10).await.expect("audit");
    assert!(trail.iter().any(|e| e.action.slug() == "read" && e.username == "bso"), "the open is audited");
}

#[tokio::test]
async fn the_inbox_is_for_business_support_raos_and_team_managers() {
    let app = TestApp::new().await;
    let ehm = app.sign_in("ehm").await;
    assert_eq!(app.call("inbox/list", Some(&ehm), &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call("inbox/list", None, &[]).await.status, StatusCode::UNAUTHORIZED);
    let tm = app.sign_in("tm").await;
    assert_eq!(app.call("inbox/list", Some(&tm), &[]).await.status, StatusCode::OK);
}

#[tokio::test]
async fn bad_input_gets_the_error_summary_and_keeps_every_answer() {
    let app = TestApp::new().await;
    let mut v = Visitor::new(&app);
    start(&mut v).await;
    v.step("/request-support/who", &[("referrer_kind", "professional")], "/request-support/danger").await;
    let r = v.post("/request-support/who", &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("Select whether you are a professional or a member of the public"));
    v.step("/request-support/who", &[("referrer_kind", "professional")], "/request-support/danger").await;
    v.step("/request-support/danger", &[("immediate_danger", "no")], "/request-support/about-you").await;
    let r = v.post("/request-support/about-you", &[("your_name", "Alex <b>Teacher</b>"), ("your_email", "not-an-email"), ("your_phone", "07700 900 982")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("<title>Error: About you"), "GOV.UK: the title starts with Error");
    assert!(r.body.contains("govuk-error-summary"));
    assert!(r.body.contains("href=\"#your_organisation\">Enter the name of your organisation"), "{}", r.body);
    assert!(r.body.contains("href=\"#your_email\">Enter an e-mail address in the correct format"));
    assert!(r.body.contains("value=\"Alex &lt;b&gt;Teacher&lt;/b&gt;\""), "kept, and escaped");
    assert!(r.body.contains("value=\"not-an-email\"") && r.body.contains("value=\"07700 900 982\""));
    // Still there when the page is opened again.
    let again = v.get("/request-support/about-you").await;
    assert!(again.body.contains("value=\"not-an-email\""));
    // A later page cannot be reached before this one is done.
    let r = v.get("/request-support/concern").await;
    assert_eq!(location(&r), "/request-support/about-you");
    // A date that does not exist.
    let r = v.post("/request-support/about-you", &[("your_name", "Alex"), ("your_organisation", "School"), ("your_role", "Teacher"), ("your_phone", "07700 900 982")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    v.step("/request-support/relationship", &[("ongoing_relationship", "no")], "/request-support/child").await;
    let r = v.post("/request-support/child", &[("child_first_name", "Robin"), ("child_dob", "31"), ("child_dob-month", "2"), ("child_dob-year", "2019")]).await;
    assert!(r.body.contains("Date of birth must be a real date"));
    assert!(r.body.contains("Enter the child&#x27;s last name") || r.body.contains("Enter the child's last name"), "{}", text(&r.body));
    assert!(r.body.contains("value=\"31\"") && r.body.contains("value=\"2019\""));
}

#[tokio::test]
async fn the_cookie_is_a_session_cookie_only_the_server_can_read() {
    let app = TestApp::new().await;
    let mut v = Visitor::new(&app);
    let r = v.post("/request-support", &[]).await;
    let c = r.set_cookies().into_iter().find(|c| c.starts_with("fd_request=")).unwrap_or_default();
    assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Path=/request-support"), "{c}");
    assert!(!c.contains("Max-Age") && !c.contains("Expires"), "gone when the browser closes: {c}");
    let token = c.split(';').next().and_then(|p| p.strip_prefix("fd_request=")).unwrap_or_default().to_string();
    assert_eq!(token.len(), 64);
    let stored = app.store.scalar_text("SELECT token_hash FROM support_drafts").await.expect("draft");
    assert_ne!(stored, token, "only a hash of the token is stored");
    // Form pages are never cached.
    let page = v.get("/request-support/who").await;
    assert_eq!(page.headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok()), Some("no-store"));
    // Deleting the answers clears the cookie and the draft.
    let r = v.post("/request-support/delete", &[]).await;
    assert_eq!(location(&r), "/request-support?deleted=1");
    assert!(v.cookie.is_none());
    assert_eq!(app.store.scalar_text("SELECT COUNT(*) FROM support_drafts").await.expect("count"), "0");
}

#[tokio::test]
async fn a_member_of_the_public_in_immediate_danger_is_told_to_call_999() {
    let app = TestApp::new().await;
    let mut v = Visitor::new(&app);
    start(&mut v).await;
    v.step("/request-support/who", &[("referrer_kind", "member_of_public")], "/request-support/danger").await;
    v.step("/request-support/danger", &[("immediate_danger", "yes")], "/request-support/call-now").await;
    let r = v.get("/request-support/call-now").await;
    let t = text(&r.body);
    assert!(t.contains("Call 999 now") && t.contains("0100 000 0000") && t.contains("0100 000 0001"), "{t}");
    v.step("/request-support/call-now", &[], "/request-support/about-you").await;
    v.step("/request-support/about-you", &[], "/request-support/relationship").await;
    v.step("/request-support/relationship", &[("relationship", "grandparent")], "/request-support/parental-responsibility").await;
    v.step("/request-support/parental-responsibility", &[("parental_responsibility", "no")], "/request-support/child").await;
    v.step("/request-support/child", &[("child_first_name", "Robin")], "/request-support/about-the-child").await;
    v.step("/request-support/about-the-child", &[], "/request-support/family").await;
    v.step("/request-support/family", &[], "/request-support/concern").await;
    let r = v.post("/request-support/concern", &[("concern_summary", "I heard shouting and a child crying")]).await;
    assert!(r.body.contains("Select what the concern is about"), "{}", text(&r.body));
    let t = text(&r.body);
    assert!(t.contains("If a child is in immediate danger, call 999 now") && t.contains("Significant Harm"), "the guidance repeats it: {t}");
    assert!(r.body.contains("I heard shouting and a child crying"));
    v.step("/request-support/concern", &[("concern_summary", "I heard shouting"), ("concern_areas", "domestic_abuse")], "/request-support/concern-details").await;
    v.step("/request-support/concern-details", &[("domestic_abuse_child_present", "not_known"), ("domestic_abuse_repeated", "yes")], "/request-support/consent").await;
    let r = v.get("/request-support/consent").await;
    assert!(r.body.contains("Does the child&#x27;s parent or carer know") || r.body.contains("Does the child's parent or carer know"));
    v.step("/request-support/consent", &[("parent_aware", "no")], "/request-support/check-your-answers").await;
    v.step("/request-support/check-your-answers", &[], "/request-support/confirmation").await;
    let item = app.store.inbox(5).await.expect("inbox").into_iter().find(|i| i.channel.is_some()).expect("in the inbox");
    assert!(item.immediate_danger && item.summary.starts_with("IMMEDIATE DANGER"), "{}", item.summary);
    assert_eq!(item.suggested_level.as_deref(), Some("significant_harm"));
    let o = app.store.online_request(&item.contact_id).await.expect("read").expect("request");
    assert_eq!((o.relationship.as_str(), o.parental_responsibility.as_str(), o.consent.as_str()), ("grandparent", "no", "not_applicable"));
}

/// The value of `name="…"` on the element that has it, unescaped as a browser reads it.
fn attribute(html: &str, name: &str) -> Option<String> {
    let start = html.find(&format!(" {name}=\""))? + name.len() + 3;
    let raw = &html[start..start + html[start..].find('"')?];
    Some(raw.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&#x27;", "'").replace("&#39;", "'").replace("&amp;", "&"))
}

/// A site root holding a stand-in for the guidance WASM, as `build_public_guidance` leaves it.
fn site_with_guidance_wasm() -> String {
    let root = std::env::temp_dir().join(format!("frontdoor-site-{}", uuid::Uuid::new_v4()));
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).expect("site root");
    std::fs::write(pkg.join("public_guidance.js"), "export default function init() {}").expect("module");
    std::fs::write(pkg.join("public_guidance_bg.wasm"), b"\0asm\x01\0\0\0").expect("wasm");
    root.to_string_lossy().into_owned()
}

#[tokio::test]
async fn guidance_as_typed_runs_in_the_browser_with_the_servers_renderer() {
    use request_for_support::browser::{BrowserRules, Guide};
    let site = site_with_guidance_wasm();
    let app = TestApp::with_config(|c| c.site_root = site.clone()).await;
    let mut v = Visitor::new(&app);
    start(&mut v).await;
    for (path, form, next) in &PROFESSIONAL[..7] {
        v.step(path, form, next).await;
    }
    let page = v.get("/request-support/concern").await.body;
    let module = attribute(&page, "data-guidance-module").expect("the page names the guidance WASM");
    let wasm = attribute(&page, "data-guidance-wasm").expect("and its binary");
    let rules_url = attribute(&page, "data-guidance-rules").expect("and the rules");
    let page_json = attribute(&page, "data-guidance-page").expect("and its own data");
    assert!(module.starts_with("/request-support/pkg/public_guidance.js?v=") && wasm.starts_with("/request-support/pkg/public_guidance_bg.wasm?v="), "{module} {wasm}");
    assert!(rules_url.starts_with("/request-support/rules/") && rules_url.ends_with(".json"), "{rules_url}");
    assert!(page_json.contains("\"step\":\"concern\"") && page_json.contains("Alex Teacher"), "the draft's other answers: {page_json}");

    // The rules and the WASM are fetched once and kept: their addresses name their content.
    let rules = v.get(&rules_url).await;
    assert_eq!(rules.status, StatusCode::OK);
    assert_eq!(rules.headers.get(header::CACHE_CONTROL).and_then(|h| h.to_str().ok()), Some("public, max-age=31536000, immutable"));
    let parsed: BrowserRules = serde_json::from_str(&rules.body).expect("BrowserRules JSON");
    assert_eq!(parsed.framework.version, "rhrt-2026.1");
    assert_eq!(v.get("/request-support/rules/0000000000000000.json").await.headers.get(header::CACHE_CONTROL).and_then(|h| h.to_str().ok()), Some("no-store"));
    for (url, kind) in [(&module, "text/javascript; charset=utf-8"), (&wasm, "application/wasm")] {
        let r = v.get(url).await;
        assert_eq!((r.status, r.headers.get(header::CONTENT_TYPE).and_then(|h| h.to_str().ok())), (StatusCode::OK, Some(kind)), "{url}");
        assert_eq!(r.headers.get(header::CACHE_CONTROL).and_then(|h| h.to_str().ok()), Some("public, max-age=31536000, immutable"));
    }
    assert_eq!(v.get("/request-support/pkg/frontdoor.js").await.status, StatusCode::NOT_FOUND, "only the guidance WASM is served here");

    // The browser's adapter, given what the page gave it, renders exactly the HTML the server
    // renders for the same answers: here when the page comes back with a mistake (422) ...
    let guide = Guide::new(&rules.body, &page_json).expect("the adapter reads the page");
    let fields = [("concern_summary", ""), ("concern_areas", "domestic_abuse")];
    let in_browser = guide.panel_for(&fields.map(|(k, v)| (k.to_string(), v.to_string())));
    assert!(in_browser.contains("data-level=\"additional_needs\""), "{in_browser}");
    let r = v.post("/request-support/concern", &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains(&in_browser), "the server's page holds the browser's panel byte for byte:\n{in_browser}\n{}", r.body);
    // ... and on the next page once it is posted (JavaScript off sees the same).
    let fields = [("concern_summary", "Shouting at home"), ("concern_areas", "domestic_abuse")];
    let in_browser = guide.panel_for(&fields.map(|(k, v)| (k.to_string(), v.to_string())));
    v.step("/request-support/concern", &fields, "/request-support/concern-details").await;
    assert!(v.get("/request-support/concern-details").await.body.contains(&in_browser));

    // The server no longer evaluates guidance as people type.
    assert_eq!(v.post("/request-support/concern/guidance", &fields).await.status, StatusCode::NOT_FOUND);
    let _ = std::fs::remove_dir_all(&site);

    // Without the WASM built, pages still carry the panel (it changes when a page is posted).
    let plain = TestApp::new().await;
    let mut v = Visitor::new(&plain);
    start(&mut v).await;
    for (path, form, next) in &PROFESSIONAL[..7] {
        v.step(path, form, next).await;
    }
    let page = v.get("/request-support/concern").await.body;
    assert!(page.contains("data-testid=\"guidance\"") && !page.contains("data-guidance-module"));
}

#[tokio::test]
async fn additional_needs_without_consent_from_a_referrer_who_knows_the_family_is_not_sent() {
    let app = TestApp::new().await;
    let mut v = Visitor::new(&app);
    start(&mut v).await;
    for (path, form, next) in &PROFESSIONAL[..7] {
        v.step(path, form, next).await;
    }
    v.step("/request-support/concern", &[("concern_summary", "Shouting at home"), ("concern_areas", "domestic_abuse")], "/request-support/concern-details").await;
    v.step("/request-support/concern-details", &[("domestic_abuse_child_present", "no"), ("domestic_abuse_repeated", "no")], "/request-support/consent").await;
    // The guidance says so before the page is sent ...
    assert!(text(&v.get("/request-support/consent").await.body).contains("This request cannot go ahead without consent"));
    // ... and the server refuses the page: error summary, the answer kept.
    let r = v.post("/request-support/consent", &[("consent", "refused")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("<title>Error: "), "{}", text(&r.body));
    assert!(r.body.contains("govuk-error-summary") && r.body.contains("href=\"#consent\">This request cannot be sent without consent: at Additional Needs"), "{}", text(&r.body));
    assert!(r.body.contains("value=\"refused\" checked"), "the answer is kept");
    assert!(text(&r.body).contains("This request cannot go ahead without consent"), "the guidance still says why");
    // "Not asked yet" is no different.
    assert_eq!(v.post("/request-support/consent", &[("consent", "not_asked")]).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Sending is re-checked on the server: the check page is not reachable and posting it
    // directly shows the consent page again, with nothing created.
    assert_eq!(location(&v.get("/request-support/check-your-answers").await), "/request-support/consent");
    let r = v.post("/request-support/check-your-answers", &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("This request cannot be sent without consent") && r.body.contains("value=\"not_asked\" checked"), "{}", text(&r.body));
    assert!(app.store.inbox(10).await.expect("inbox").iter().all(|i| !i.reference.starts_with("RFS-")), "nothing was sent");
    // With consent it goes.
    v.step("/request-support/consent", &[("consent", "given"), ("consent_given_by", "Jo Testchild, mother"), ("consent_scopes", "a_eha")], "/request-support/check-your-answers").await;
    v.step("/request-support/check-your-answers", &[], "/request-support/confirmation").await;
    let item = app.store.inbox(10).await.expect("inbox").into_iter().find(|i| i.reference.starts_with("RFS-")).expect("sent");
    assert_eq!(item.suggested_level.as_deref(), Some("additional_needs"));
}

#[tokio::test]
async fn an_expired_draft_keeps_the_answers_of_the_page_being_sent() {
    let app = TestApp::new().await;
    let mut v = Visitor::new(&app);
    start(&mut v).await;
    v.step("/request-support/who", &[("referrer_kind", "professional")], "/request-support/danger").await;
    let old_cookie = v.cookie.clone();
    app.store.execute_raw_for_tests("UPDATE support_drafts SET expires_at = '2000-01-01T00:00:00.000000Z'").await.expect("expire");
    // Opening a page says the answers have gone.
    let r = v.get("/request-support/danger").await;
    assert_eq!(location(&r), "/request-support?expired=1");
    assert!(v.get("/request-support?expired=1").await.body.contains("Your earlier answers were deleted"));
    // Posting a page keeps what it carried, in a new draft, and says what happened.
    let r = v.post("/request-support/who", &[("referrer_kind", "member_of_public")]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("We could not find your earlier answers"), "{}", text(&r.body));
    assert_ne!(v.cookie, old_cookie, "a new draft, a new cookie");
    let back = v.get("/request-support/who").await;
    assert!(back.body.contains("value=\"member_of_public\" checked"), "{}", text(&back.body));
}

/// The answers sealed into a page (`name="sealed" value="…"`).
fn sealed_field(html: &str) -> String {
    let start = html.find("name=\"sealed\" value=\"").map(|i| i + 21).unwrap_or(0);
    html[start..].split('"').next().unwrap_or("").to_string()
}

#[tokio::test]
async fn an_expired_draft_is_rebuilt_from_the_answers_sealed_into_the_page() {
    let app = TestApp::new().await;
    let mut v = Visitor::new(&app);
    start(&mut v).await;
    for (path, form, next) in &PROFESSIONAL[..7] {
        v.step(path, form, next).await;
    }
    // The concern page carries every answer so far, sealed: nothing readable in the page's
    // source, nothing in its address, nothing in the browser's storage (a form field).
    let page = v.get("/request-support/concern").await;
    let sealed = sealed_field(&page.body);
    assert!(sealed.len() > 40, "the page carries the sealed answers: {}", text(&page.body));
    for secret in ["Alex", "Robin", "Testchild", "Example Primary"] {
        assert!(!sealed.contains(secret));
    }
    assert!(v.locations.iter().all(|l| !l.contains("Robin") && !l.contains("Alex")), "{:?}", v.locations);

    // The server's copy goes (expired, then pruned: the database keeps nothing of it).
    app.store.execute_raw_for_tests("DELETE FROM support_drafts").await.expect("expire");
    let cookie = v.cookie.clone();
    let (concern, areas) = ("Robin has been hungry at school", "behaviour");
    let r = v.post("/request-support/concern", &[("concern_summary", concern), ("concern_areas", areas), ("sealed", &sealed)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", text(&r.body));
    assert!(text(&r.body).contains("We have put them back from the page you just sent"), "{}", text(&r.body));
    assert_eq!(v.cookie, cookie, "the same cookie: nothing new to keep");
    // Every answer given so far is back, with the page just sent, and the request can be sent.
    v.step("/request-support/consent", &[("consent", "given"), ("consent_given_by", "Jo Testchild, mother"), ("consent_scopes", "a_eha")], "/request-support/check-your-answers").await;
    let check = text(&v.get("/request-support/check-your-answers").await.body);
    for answer in ["Alex Teacher", "Example Primary School", "Robin", "Testchild", "White British", "Jo Testchild", "hungry at school"] {
        assert!(check.contains(answer), "{answer} kept: {check}");
    }
    let r = v.post("/request-support/check-your-answers", &[]).await;
    assert_eq!(location(&r), "/request-support/confirmation");
    assert!(app.store.inbox(10).await.expect("inbox").iter().any(|i| i.reference.starts_with("RFS-")));
}

#[tokio::test]
async fn sealed_answers_open_only_with_their_own_cookie_and_unchanged() {
    let app = TestApp::new().await;
    let mut v = Visitor::new(&app);
    start(&mut v).await;
    for (path, form, next) in &PROFESSIONAL[..3] {
        v.step(path, form, next).await;
    }
    let sealed = sealed_field(&v.get("/request-support/relationship").await.body);
    assert!(!sealed.is_empty());
    app.store.execute_raw_for_tests("DELETE FROM support_drafts").await.expect("expire");

    // Another browser (another cookie) posting the same page gets nothing back.
    let mut other = Visitor::new(&app);
    start(&mut other).await;
    app.store.execute_raw_for_tests("DELETE FROM support_drafts").await.expect("expire");
    let r = other.post("/request-support/relationship", &[("ongoing_relationship", "yes"), ("sealed", &sealed)]).await;
    assert!(text(&r.body).contains("We could not find your earlier answers"), "{}", text(&r.body));
    assert!(!app.store.scalar_text("SELECT answers FROM support_drafts WHERE answers LIKE '%Alex Teacher%'").await.is_ok_and(|a| !a.is_empty()), "the other browser got none of it");

    // A changed value is ignored: only the page's own answers are kept.
    let mut changed = sealed.clone().into_bytes();
    let i = changed.len() - 5;
    changed[i] = if changed[i] == b'A' { b'B' } else { b'A' };
    let changed = String::from_utf8(changed).expect("ascii");
    let r = v.post("/request-support/relationship", &[("ongoing_relationship", "yes"), ("sealed", &changed)]).await;
    assert!(text(&r.body).contains("We could not find your earlier answers"), "{}", text(&r.body));

    // Deleting the answers clears the cookie, so the page's sealed copy can no longer be opened.
    let mut w = Visitor::new(&app);
    start(&mut w).await;
    for (path, form, next) in &PROFESSIONAL[..3] {
        w.step(path, form, next).await;
    }
    let sealed = sealed_field(&w.get("/request-support/relationship").await.body);
    w.post("/request-support/delete", &[]).await;
    assert_eq!(w.cookie, None);
    let r = w.post("/request-support/relationship", &[("ongoing_relationship", "yes"), ("sealed", &sealed)]).await;
    assert!(text(&r.body).contains("We could not find your earlier answers"), "{}", text(&r.body));
    assert!(!app.store.scalar_text("SELECT answers FROM support_drafts WHERE answers LIKE '%Alex Teacher%'").await.is_ok_and(|a| !a.is_empty()));
}

#[tokio::test]
async fn limits_on_size_rate_and_bots() {
    let app = TestApp::new().await;
    let mut v = Visitor::new(&app);
    start(&mut v).await;
    v.step("/request-support/who", &[("referrer_kind", "professional")], "/request-support/danger").await;

    // The honeypot: nothing is saved.
    let r = v.post_raw("/request-support/danger", "website=http%3A%2F%2Fspam.example&immediate_danger=no".into()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!app.store.scalar_text("SELECT answers FROM support_drafts").await.expect("draft").contains("immediate_danger\":\"no"));

    // A body over the limit is refused with a page that says what to do.
    let huge = format!("website=&concern_summary={}", "x".repeat(70 * 1024));
    let r = v.post_raw("/request-support/danger", huge).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(text(&r.body).contains("too large"));

    // A field over its limit: the error summary, the text kept.
    for (path, form, next) in &PROFESSIONAL[1..7] {
        v.step(path, form, next).await;
    }
    let long = "a".repeat(8_001);
    let r = v.post("/request-support/concern", &[("concern_summary", &long), ("concern_areas", "behaviour")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("must be 8000 characters or fewer") && r.body.contains(&long));

    // Too many posts from one address in an hour.
    for _ in 0..300 {
        app.store.record_public_form_event(v.ip, "post", chrono::Utc::now()).await.expect("record");
    }
    let r = v.post("/request-support/concern", &[("concern_summary", "x"), ("concern_areas", "behaviour")]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(text(&r.body).contains("too many"));
    // Another address is not affected.
    let mut other = Visitor::new(&app);
    other.ip = "10.9.9.9";
    start(&mut other).await;
}

#[tokio::test]
async fn too_many_submissions_from_one_address_are_refused() {
    let app = TestApp::new().await;
    let mut v = Visitor::new(&app);
    start(&mut v).await;
    for (path, form, next) in PROFESSIONAL {
        v.step(path, form, next).await;
    }
    for _ in 0..10 {
        app.store.record_public_form_event(v.ip, "submit", chrono::Utc::now()).await.expect("record");
    }
    let r = v.post("/request-support/check-your-answers", &[]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(app.store.inbox(10).await.expect("inbox").iter().all(|i| i.channel.is_none()), "nothing was sent");
    assert!(v.get("/request-support/check-your-answers").await.body.contains("Robin"), "the answers are kept");
}

#[tokio::test]
async fn administrators_edit_pages_with_a_preview_and_contacts() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let r = app.call("public/content", Some(&admin), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let content = r.json();
    assert!(content["pages"].as_array().is_some_and(|p| p.iter().any(|p| p["slug"] == "privacy" && p["version"] == 1)));
    let phone = content["contacts"].as_array().and_then(|c| c.iter().find(|c| c["key"] == "cass_phone_line")).cloned().unwrap_or_default();
    assert_eq!(phone["value"], "0100 000 0000");

    // Preview: problems are listed by line and nothing is saved.
    let bad = "Intro\n\n[click](javascript:alert(1))\n{{no_such}}";
    let r = app.call("public/preview_page", Some(&admin), &[("slug", "privacy"), ("title", "Privacy"), ("body", bad)]).await;
    let errors = r.json()["Invalid"]["errors"].clone();
    assert_eq!(errors.as_array().map(Vec::len), Some(2), "{}", r.body);
    assert!(errors[0]["message"].as_str().unwrap_or("").starts_with("Line 3"));
    let body = "## Our promise\nWe keep your data safe. Call {{cass_phone_line}}.";
    let r = app.call("public/preview_page", Some(&admin), &[("slug", "privacy"), ("title", "Privacy notice"), ("body", body)]).await;
    assert!(r.json()["Preview"]["blocks"].as_array().is_some_and(|b| b.len() == 2), "{}", r.body);
    assert!(!app.get("/privacy", None).await.body.contains("Our promise"), "a preview publishes nothing");

    // Publish: the version goes up, the page changes, the save is audited.
    let r = app.call("public/save_page", Some(&admin), &[("slug", "privacy"), ("title", "Privacy notice"), ("body", body), ("version", "1")]).await;
    assert_eq!(r.json(), serde_json::json!({"Saved": {"version": 2}}), "{}", r.body);
    let page = app.get("/privacy", None).await;
    assert!(page.body.contains("id=\"our-promise\"") && page.body.contains("Our promise"));
    let r = app.call("public/save_page", Some(&admin), &[("slug", "privacy"), ("title", "Old copy"), ("body", "Old"), ("version", "1")]).await;
    assert_eq!(r.json(), serde_json::json!({"Stale": {"current": 2}}));

    let r = app.call("public/save_contact", Some(&admin), &[("key", "cass_phone_line"), ("value", "01632 960 123"), ("version", "1")]).await;
    assert_eq!(r.json(), serde_json::json!({"Saved": {"version": 2}}), "{}", r.body);
    assert!(app.get("/privacy", None).await.body.contains("01632 960 123"));
    assert!(app.get("/what-to-expect", None).await.body.contains("01632 960 123"));
    let r = app.call("public/save_contact", Some(&admin), &[("key", "cass_phone_line"), ("value", "  "), ("version", "2")]).await;
    assert!(r.json().get("Invalid").is_some());

    let admin_id = app.store.find_user_by_username("admin").await.expect("read").map(|u| u.id).unwrap_or_default();
    let trail = app.store.audit_for_user(&admin_id, 20).await.expect("audit");
    assert!(trail.iter().any(|e| e.summary.contains("privacy") && e.summary.contains("version 2")), "page save audited");
    assert!(trail.iter().any(|e| e.summary.contains("cass_phone_line")), "contact save audited");

    // Nobody else may.
    let rao = app.sign_in("rao").await;
    assert_eq!(app.call("public/save_page", Some(&rao), &[("slug", "privacy"), ("title", "x"), ("body", "y"), ("version", "2")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call("public/content", None, &[]).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn contact_changes_are_previewed_before_they_are_published() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    assert_eq!(app.call("public/content", Some(&admin), &[]).await.status, StatusCode::OK);

    // The preview: every public page's blocks that show the contact, with the new value.
    let r = app.call("public/preview_contact", Some(&admin), &[("key", "cass_phone_line"), ("value", " 01632 960 777 ")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let preview = r.json()["Preview"].clone();
    assert_eq!(preview["value"], "01632 960 777");
    assert_eq!(preview["contacts"]["cass_phone_line"], "01632 960 777");
    let places = preview["places"].as_array().cloned().unwrap_or_default();
    assert!(places.iter().any(|p| p["slug"] == "what-to-expect"), "{}", r.body);
    assert!(places.iter().all(|p| p["blocks"].as_array().is_some_and(|b| !b.is_empty() && b.iter().all(|b| b.to_string().contains("cass_phone_line")))), "{}", r.body);
    // Nothing is published by a preview.
    assert!(!app.get("/what-to-expect", None).await.body.contains("01632 960 777"));
    assert!(app.get("/what-to-expect", None).await.body.contains("0100 000 0000"));
    let version = app.store.scalar_text("SELECT version FROM service_contacts WHERE contact_key = 'cass_phone_line'").await.expect("version");
    assert_eq!(version, "1");

    // Bad values are refused with the error summary's messages; unknown contacts are not found.
    let r = app.call("public/preview_contact", Some(&admin), &[("key", "cass_phone_line"), ("value", "  ")]).await;
    assert_eq!(r.json()["Invalid"]["errors"][0]["field"], "value", "{}", r.body);
    assert_eq!(app.call("public/preview_contact", Some(&admin), &[("key", "no_such"), ("value", "x")]).await.status, StatusCode::NOT_FOUND);

    // Publishing what was previewed makes it live.
    let r = app.call("public/save_contact", Some(&admin), &[("key", "cass_phone_line"), ("value", "01632 960 777"), ("version", "1")]).await;
    assert_eq!(r.json(), serde_json::json!({"Saved": {"version": 2}}), "{}", r.body);
    assert!(app.get("/what-to-expect", None).await.body.contains("01632 960 777"));

    // Only administrators may preview.
    let rao = app.sign_in("rao").await;
    assert_eq!(app.call("public/preview_contact", Some(&rao), &[("key", "cass_phone_line"), ("value", "1")]).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn publishing_a_page_clears_the_administrators_draft_of_it() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let page = app.call("public/page", Some(&admin), &[("slug", "privacy")]).await.json();
    let data = serde_json::json!({"title": "Privacy notice", "body": "Half-written words"}).to_string();
    let form = [
        ("form_key", "public_page:privacy"),
        ("record_kind", "public_content"),
        ("record_id", "page:privacy"),
        ("title", "Public page “Privacy notice”"),
        ("path", "/staff/admin/content/privacy"),
        ("data", data.as_str()),
    ];
    assert_eq!(app.call("drafts/save", Some(&admin), &form).await.json(), serde_json::json!("Saved"));
    assert_eq!(app.call("drafts/get", Some(&admin), &[("form_key", "public_page:privacy")]).await.json()["data"], data.as_str());
    let version = page["version"].as_i64().unwrap_or(1).to_string();
    let r = app.call("public/save_page", Some(&admin), &[("slug", "privacy"), ("title", "Privacy notice"), ("body", "Finished words."), ("version", &version)]).await;
    assert!(r.json().get("Saved").is_some(), "{}", r.body);
    assert!(app.call("drafts/get", Some(&admin), &[("form_key", "public_page:privacy")]).await.json().is_null(), "the draft is done with");
}
