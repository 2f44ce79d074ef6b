//! The public site over plain axum handlers (issue 4): the information pages and the online
//! Request for Support. Every page is complete server-rendered HTML (Leptos components rendered
//! to a string), so it works with JavaScript off and loads no WASM.
//!
//! The form: GET renders a step; POST saves what was sent into the draft, checks it, and either
//! redirects to the next step (303) or renders the same step with the GOV.UK error summary and
//! every answer kept. Answers live server-side in `support_drafts`, keyed by the SHA-256 of an
//! opaque random token in an HttpOnly, SameSite=Strict session cookie scoped to
//! `/request-support`: no personal data in addresses, nothing in the browser's storage. A draft
//! lives for `FRONTDOOR_REQUEST_DRAFT_HOURS` after its last change; a page posted after that
//! brings back every answer given so far from the value sealed into the page for this browser's
//! cookie (`public_seal`), or, failing that, starts a new draft with the page's answers; either
//! way it says so. Posts and submissions are counted
//! per address in the database (the limits hold across instances); the request body and every
//! field have size limits; a honeypot field catches simple bots.
//!
//! Guidance as people type runs in the browser, not here: pages with guidance name the small
//! `public_guidance` WASM and the rules in force (`BrowserRules` JSON), both at addresses keyed
//! by a hash of their content so a phone fetches them once; the form's script renders the panel
//! with the same `request_for_support` code the server renders pages with.
//! Sending creates a contact with status `inbox` (assigned to the team named "CASS" if there is
//! one), audited as created by the online form.

use app::pages::public::content::{self, Block};
use app::pages::public::defaults::{self, CONTACTS, PAGES};
use app::pages::public::form::{self, Step, SupportAnswers};
use app::pages::public::browser::{BrowserRules, GuidancePage};
use app::pages::public::guidance::{self, GuidanceView};
use app::pages::public::panel;
use app::pages::public::layout::{document, PublicFrame};
use app::pages::public::pages::{InfoPage, InfoPageView};
use app::pages::public::steps::{self, BrowserGuidance, FollowUp, Sent, StepPage, FORM_SCRIPT, FORM_SCRIPT_SOURCE};
use app::ssr::{auth, AppState, Ctx, RequestMeta};
use axum::extract::rejection::FormRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use chrono::{DateTime, Duration, Utc};
use domain::audit::{AuditAction, RecordKind};
use domain::rules::RuleSet;
use domain::FieldError;
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;
use storage::{DefaultContact, NewAuditEntry, NewOnlineRequest, NewPerson, StorageError};

pub const DRAFT_COOKIE: &str = "fd_request";
const COOKIE_PATH: &str = "/request-support";

/// The public site's limits. Read from the environment (documented in ARCHITECTURE.md).
#[derive(Clone, Debug)]
pub struct PublicSettings {
    /// How long a draft is kept after its last change.
    pub draft_lifetime: Duration,
    pub submissions_per_hour: u32,
    pub posts_per_hour: u32,
    /// Largest request body accepted from the form.
    pub body_limit_bytes: usize,
    pub secure_cookies: bool,
}

impl Default for PublicSettings {
    fn default() -> Self {
        PublicSettings {
            draft_lifetime: Duration::hours(24),
            submissions_per_hour: 10,
            posts_per_hour: 300,
            body_limit_bytes: 64 * 1024,
            secure_cookies: false,
        }
    }
}

impl PublicSettings {
    /// The form's limits from the server's configuration (validated when it was loaded).
    pub fn from_config(c: &crate::Config) -> PublicSettings {
        PublicSettings {
            draft_lifetime: Duration::hours(i64::from(c.request_draft_hours)),
            submissions_per_hour: c.request_submissions_per_hour,
            posts_per_hour: c.request_posts_per_hour,
            secure_cookies: c.public_url.starts_with("https://"),
            ..PublicSettings::default()
        }
    }
}

#[derive(Clone)]
struct Public {
    app: AppState,
    settings: Arc<PublicSettings>,
    defaults_written: Arc<tokio::sync::OnceCell<()>>,
    /// The guidance WASM, read from the site root the first time a page asks for it.
    guidance_wasm: Arc<tokio::sync::OnceCell<GuidanceWasm>>,
}

/// The public routes, to merge into the app's router (inside its middleware).
pub fn router<S: Clone + Send + Sync + 'static>(app: AppState, settings: PublicSettings) -> Router<S> {
    let limit = settings.body_limit_bytes;
    let state = Public {
        app,
        settings: Arc::new(settings),
        defaults_written: Arc::new(tokio::sync::OnceCell::new()),
        guidance_wasm: Arc::new(tokio::sync::OnceCell::new()),
    };
    let mut r = Router::new();
    for p in PAGES {
        r = r.route(&format!("/{}", p.slug), get(info_page));
    }
    r.route("/", get(home))
        .route("/request-support", get(start).post(start_post))
        .route("/request-support/enhance.js", get(script))
        .route("/request-support/confirmation", get(confirmation))
        .route("/request-support/delete", post(delete))
        .route("/request-support/{step}", get(step_get).post(step_post))
        .route("/request-support/rules/{file}", get(browser_rules))
        .route("/request-support/pkg/{file}", get(guidance_asset))
        .layer(DefaultBodyLimit::max(limit))
        // Public pages go to phones: gzip what the browser accepts.
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(state)
}

#[derive(Debug, thiserror::Error)]
enum PublicError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("answers in a draft are unreadable: {0}")]
    Draft(#[from] serde_json::Error),
    #[error("the rules in force could not be loaded")]
    Rules,
    #[error("no reference could be made after several tries")]
    Reference,
}

fn meta(m: Option<Extension<RequestMeta>>) -> RequestMeta {
    m.map(|Extension(m)| m).unwrap_or_else(|| RequestMeta { request_id: uuid::Uuid::new_v4().to_string(), ip: "unknown".into(), user_agent: String::new() })
}

/// The plain message the rest of the app shows for the unexpected (details only in the log).
fn internal(meta: &RequestMeta, err: impl std::fmt::Display) -> Response {
    tracing::error!(request_id = %meta.request_id, error = %err, "public site request failed");
    let body = format!("Sorry, there is a problem with the service. Try again later. Reference: {}", meta.request_id);
    (StatusCode::INTERNAL_SERVER_ERROR, no_store(), body).into_response()
}

fn no_store() -> [(header::HeaderName, &'static str); 1] {
    [(header::CACHE_CONTROL, "no-store")]
}

impl Public {
    async fn ensure_defaults(&self) -> Result<(), StorageError> {
        self.defaults_written
            .get_or_try_init(|| async {
                let now = Utc::now();
                let contacts: Vec<DefaultContact> = CONTACTS
                    .iter()
                    .enumerate()
                    .map(|(i, (key, label, value, hint))| DefaultContact { key, label, value, hint, position: i64::try_from(i).unwrap_or(0) })
                    .collect();
                self.app.store.insert_service_contacts_if_missing(&contacts, now).await?;
                for p in PAGES {
                    self.app.store.insert_public_page_if_missing(p.slug, p.title, p.body, now).await?;
                }
                Ok::<(), StorageError>(())
            })
            .await
            .map(|_| ())
    }

    async fn contacts(&self) -> Result<BTreeMap<String, String>, StorageError> {
        self.ensure_defaults().await?;
        Ok(self.app.store.service_contacts().await?.into_iter().map(|c| (c.key, c.value)).collect())
    }

    async fn rules(&self, meta: &RequestMeta) -> Result<RuleSet, PublicError> {
        let ctx = Ctx { state: self.app.clone(), meta: meta.clone(), session: None };
        app::ssr::rules::in_force(&ctx).await.map_err(|_| PublicError::Rules)
    }

    fn cookie(&self, token: &str) -> String {
        let secure = if self.settings.secure_cookies { "; Secure" } else { "" };
        format!("{DRAFT_COOKIE}={token}; Path={COOKIE_PATH}; HttpOnly; SameSite=Strict{secure}")
    }

    fn clear_cookie(&self) -> String {
        let secure = if self.settings.secure_cookies { "; Secure" } else { "" };
        format!("{DRAFT_COOKIE}=; Path={COOKIE_PATH}; HttpOnly; SameSite=Strict; Max-Age=0{secure}")
    }

    /// Counts this post and says whether the address is over its limit for the last hour.
    async fn over_limit(&self, ip: &str, kind: &str, limit: u32) -> Result<bool, StorageError> {
        let now = Utc::now();
        let n = self.app.store.count_public_form_events(ip, kind, now - Duration::hours(1)).await?;
        if n >= limit {
            return Ok(true);
        }
        self.app.store.record_public_form_event(ip, kind, now).await?;
        Ok(false)
    }

    fn hours(&self) -> i64 {
        self.settings.draft_lifetime.num_hours().max(1)
    }
}

fn render(title: &str, current: &str, scripts: &[&str], body: impl FnOnce() -> AnyView) -> String {
    let current = current.to_string();
    Owner::new().with(|| {
        let inner = body();
        document(title, "Children's services: what to expect and how to ask for support for a child.", scripts, view! { <PublicFrame current=current>{inner}</PublicFrame> }.into_any())
    })
}

fn html(status: StatusCode, page: String) -> Response {
    (status, no_store(), Html(page)).into_response()
}

/// The token in the request's `fd_request` cookie.
fn draft_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(n, v)| *n == DRAFT_COOKIE && !v.is_empty() && v.len() <= 128)
        .map(|(_, v)| v.to_string())
}

struct Draft {
    token: String,
    answers: SupportAnswers,
    reference: Option<String>,
    raw: String,
}

async fn load_draft(p: &Public, headers: &HeaderMap, now: DateTime<Utc>) -> Result<Option<Draft>, PublicError> {
    let Some(token) = draft_token(headers) else { return Ok(None) };
    let Some(row) = p.app.store.support_draft(&auth::hash_token(&token), now).await? else { return Ok(None) };
    let answers = if row.reference.is_some() { SupportAnswers::default() } else { serde_json::from_str(&row.answers)? };
    Ok(Some(Draft { token, answers, reference: row.reference, raw: row.answers }))
}

async fn save_draft(p: &Public, token: &str, answers: &SupportAnswers, now: DateTime<Utc>) -> Result<(), PublicError> {
    let json = serde_json::to_string(answers)?;
    p.app.store.save_support_draft(&auth::hash_token(token), &json, now, now + p.settings.draft_lifetime).await?;
    Ok(())
}

fn with_cookie(mut res: Response, cookie: Option<String>) -> Response {
    if let Some(c) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

// ---------------------------------------------------------------------------------------------
// Information pages

/// The start page: emergency advice, the public pages and the way to staff sign-in.
async fn home() -> Response {
    let page = render("Children's Front Door", "/", &[], || view! { <app::pages::public_home::HomeContent/> }.into_any());
    (StatusCode::OK, Html(page)).into_response()
}

async fn info_page(State(p): State<Public>, uri: Uri, m: Option<Extension<RequestMeta>>) -> Response {
    let meta = meta(m);
    let slug = uri.path().trim_start_matches('/').to_string();
    match info_page_inner(&p, &slug).await {
        Ok(Some((title, page))) => (StatusCode::OK, Html(render(&title, uri.path(), &[], move || view! { <InfoPageView page=page/> }.into_any()))).into_response(),
        Ok(None) => see_other("/what-to-expect"),
        Err(e) => internal(&meta, e),
    }
}

async fn info_page_inner(p: &Public, slug: &str) -> Result<Option<(String, InfoPage)>, PublicError> {
    let contacts = p.contacts().await?;
    let Some(row) = p.app.store.public_page(slug).await? else { return Ok(None) };
    let keys = defaults::contact_keys();
    // Content is checked when it is saved; should a stored body ever fail to parse (a contact
    // removed since), the written default is shown rather than nothing.
    let blocks: Vec<Block> = match content::parse(&row.body, &keys) {
        Ok(b) => b,
        Err(problems) => {
            tracing::warn!(page = slug, problems = ?problems, "stored page content does not parse; showing the default");
            defaults::page(slug).and_then(|d| content::parse(d.body, &keys).ok()).unwrap_or_default()
        }
    };
    let updated = Some(domain::display::date(domain::rules::uk_local_time(row.updated_at).date()));
    Ok(Some((row.title.clone(), InfoPage { slug: row.slug, title: row.title, blocks, contacts, updated })))
}

// ---------------------------------------------------------------------------------------------
// The form

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        FORM_SCRIPT_SOURCE,
    )
        .into_response()
}

#[derive(serde::Deserialize, Default)]
struct StartQuery {
    #[serde(default)]
    expired: Option<String>,
    #[serde(default)]
    deleted: Option<String>,
}

async fn start(State(p): State<Public>, headers: HeaderMap, Query(q): Query<StartQuery>, m: Option<Extension<RequestMeta>>) -> Response {
    let meta = meta(m);
    let result = async {
        let contacts = p.contacts().await?;
        let draft = load_draft(&p, &headers, Utc::now()).await?;
        let resume = match &draft {
            Some(d) if d.reference.is_none() && d.answers != SupportAnswers::default() => {
                let rules = p.rules(&meta).await?;
                let today = domain::rules::uk_local_time(Utc::now()).date();
                Some(form::first_incomplete(&d.answers, &rules, today).unwrap_or(Step::Check).path())
            }
            _ => None,
        };
        let notice = if q.deleted.is_some() {
            Some("Your answers have been deleted.".to_string())
        } else if q.expired.is_some() {
            Some(format!("Your earlier answers were deleted because they had not been changed for {} hours. Please start again.", p.hours()))
        } else {
            None
        };
        let hours = p.hours();
        Ok::<_, PublicError>(render("Ask for support for a child", "/request-support", &[FORM_SCRIPT], move || steps::start_body(&contacts, hours, resume, notice)))
    }
    .await;
    match result {
        Ok(page) => html(StatusCode::OK, page),
        Err(e) => internal(&meta, e),
    }
}

type Pairs = Vec<(String, String)>;

fn one<'a>(pairs: &'a Pairs, name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// A refusal page (429, 413, 400, 422) that keeps the draft as it was.
async fn refusal(p: &Public, status: StatusCode, title: &str, paragraphs: Vec<String>) -> Response {
    let contacts = p.contacts().await.unwrap_or_default();
    let title_owned = title.to_string();
    html(status, render(title, "/request-support", &[], move || steps::problem_body(&title_owned, paragraphs, &contacts)))
}

async fn too_many(p: &Public) -> Response {
    refusal(
        p,
        StatusCode::TOO_MANY_REQUESTS,
        "You have sent too many pages",
        vec!["To protect this service, we limit how many pages can be sent from one address in an hour. Your answers so far are kept. Wait a while, then try again.".into()],
    )
    .await
}

async fn form_problem(p: &Public, rejection: FormRejection) -> Response {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        refusal(p, StatusCode::PAYLOAD_TOO_LARGE, "That page is too large to send", vec![
            "What you entered on that page is longer than we can accept. Your earlier answers are kept. Go back, shorten your answers and send the page again.".into(),
        ])
        .await
    } else {
        refusal(p, StatusCode::BAD_REQUEST, "That page could not be read", vec!["Go back and send the page again.".into()]).await
    }
}

async fn bot(p: &Public, meta: &RequestMeta) -> Response {
    tracing::warn!(request_id = %meta.request_id, ip = %meta.ip, "online form: honeypot field filled in; nothing stored");
    refusal(p, StatusCode::UNPROCESSABLE_ENTITY, "Sorry, we could not accept that page", vec![
        "Something filled in a field on the page that people cannot see, so we could not tell whether a person sent it.".into(),
    ])
    .await
}

async fn start_post(State(p): State<Public>, m: Option<Extension<RequestMeta>>, body: Result<Form<Pairs>, FormRejection>) -> Response {
    let meta = meta(m);
    let pairs = match body {
        Ok(Form(pairs)) => pairs,
        Err(r) => return form_problem(&p, r).await,
    };
    if one(&pairs, "website").is_some_and(|v| !v.is_empty()) {
        return bot(&p, &meta).await;
    }
    let result = async {
        if p.over_limit(&meta.ip, "post", p.settings.posts_per_hour).await? {
            return Ok::<_, PublicError>(None);
        }
        let now = Utc::now();
        // Housekeeping that every instance may do: expired drafts and old counts go.
        p.app.store.prune_support_drafts(now).await?;
        p.app.store.prune_public_form_events(now - Duration::hours(2)).await?;
        let token = auth::new_token();
        save_draft(&p, &token, &SupportAnswers::default(), now).await?;
        Ok(Some(token))
    }
    .await;
    match result {
        Ok(Some(token)) => with_cookie(see_other(&Step::Who.path()), Some(p.cookie(&token))),
        Ok(None) => too_many(&p).await,
        Err(e) => internal(&meta, e),
    }
}

async fn delete(State(p): State<Public>, headers: HeaderMap, m: Option<Extension<RequestMeta>>) -> Response {
    let meta = meta(m);
    if let Some(token) = draft_token(&headers) {
        if let Err(e) = p.app.store.delete_support_draft(&auth::hash_token(&token)).await {
            return internal(&meta, e);
        }
    }
    with_cookie(see_other("/request-support?deleted=1"), Some(p.clear_cookie()))
}

#[derive(serde::Deserialize, Default)]
struct StepQuery {
    #[serde(default)]
    from: Option<String>,
}

fn with_guidance(step: Step) -> bool {
    matches!(step, Step::Concern | Step::ConcernDetails | Step::Consent | Step::Check)
}

/// Everything a step's page needs besides the answers and errors.
struct PageContext<'a> {
    rules: &'a RuleSet,
    from_check: bool,
    notice: Option<String>,
    contacts: BTreeMap<String, String>,
    wasm: Option<&'a GuidanceWasm>,
    /// The draft's cookie token: the page carries the answers sealed for it.
    token: &'a str,
}

fn page_for(step: Step, a: SupportAnswers, errors: Vec<FieldError>, c: PageContext<'_>) -> StepPage {
    let PageContext { rules, from_check, notice, contacts, wasm, token } = c;
    let sealed = crate::public_seal::seal(token, &a, Utc::now());
    let phone = steps::contact(&contacts, "cass_phone_line");
    let guidance = if with_guidance(step) { panel::for_answers(rules, &a, &phone) } else { None };
    let browser_guidance = guidance.as_ref().and_then(|_| browser_guidance(step, &a, rules, &phone, wasm));
    let follow_ups = guidance::follow_up_questions(rules, &a)
        .into_iter()
        .map(|q| FollowUp { id: q.id.clone(), prompt: q.prompt.clone(), choices: guidance::follow_up_choices(q) })
        .collect();
    let back = if from_check { Some(Step::Check.path()) } else { step.previous(&a, rules).map(Step::path).or_else(|| Some("/request-support".to_string())) };
    StepPage {
        step,
        concern_choices: guidance::concern_choices(rules, &a),
        follow_ups,
        guidance,
        browser_guidance,
        back,
        from_check,
        notice,
        contacts,
        sealed,
        answers: a,
        errors,
    }
}

fn step_page(page: StepPage) -> String {
    let title = steps::step_title(page.step, &page.answers, !page.errors.is_empty());
    let current = page.step.path();
    render(&title, &current, &[FORM_SCRIPT], move || steps::step_body(page))
}

fn today() -> chrono::NaiveDate {
    domain::rules::uk_local_time(Utc::now()).date()
}

async fn step_get(
    State(p): State<Public>,
    Path(slug): Path<String>,
    Query(q): Query<StepQuery>,
    headers: HeaderMap,
    m: Option<Extension<RequestMeta>>,
) -> Response {
    let meta = meta(m);
    let Some(step) = Step::from_slug(&slug) else { return see_other("/request-support") };
    let result = async {
        let Some(draft) = load_draft(&p, &headers, Utc::now()).await? else {
            let to = if draft_token(&headers).is_some() { "/request-support?expired=1" } else { "/request-support" };
            return Ok::<_, PublicError>(see_other(to));
        };
        if draft.reference.is_some() {
            return Ok(see_other("/request-support/confirmation"));
        }
        let rules = p.rules(&meta).await?;
        let Draft { answers: a, token, .. } = draft;
        // Pages are filled in order: a later page is reached only once the earlier ones are done.
        let first = form::first_incomplete(&a, &rules, today());
        let position = |s: Step| form::STEPS.iter().position(|x| *x == s).unwrap_or(0);
        if let Some(f) = first {
            if position(step) > position(f) {
                return Ok(see_other(&f.path()));
            }
        }
        if !step.applies(&a, &rules) {
            return Ok(see_other(&first.unwrap_or(Step::Check).path()));
        }
        let contacts = p.contacts().await?;
        let from_check = q.from.as_deref() == Some("check");
        Ok(html(StatusCode::OK, step_page(page_for(step, a, Vec::new(), PageContext { rules: &rules, from_check, notice: None, contacts, wasm: p.guidance_wasm().await, token: &token }))))
    }
    .await;
    result.unwrap_or_else(|e| internal(&meta, e))
}

const RESTORED_NOTICE: &str = "Your answers had not been changed for a while, so we had deleted our copy of them. We have put them back from the page you just sent: check them as you go.";

/// When the draft has gone (expired, or pruned), the answers sealed into the page that was just
/// posted, opened with this browser's cookie (`public_seal`), and that cookie's token. Whatever
/// is left of the old draft under that token (a sent request's confirmation) is removed first,
/// so the rebuilt draft starts clean.
async fn restore_from_page(p: &Public, headers: &HeaderMap, pairs: &Pairs, now: DateTime<Utc>) -> Result<Option<(String, SupportAnswers)>, PublicError> {
    let (Some(token), Some(sealed)) = (draft_token(headers), one(pairs, crate::public_seal::FIELD)) else { return Ok(None) };
    let Some(answers) = crate::public_seal::open(&token, sealed, now) else { return Ok(None) };
    p.app.store.delete_support_draft(&auth::hash_token(&token)).await?;
    Ok(Some((token, answers)))
}

const EXPIRED_NOTICE: &str = "We could not find your earlier answers. They are deleted after a time without changes, or your browser may not be keeping this site's cookie. We have kept the answers from the page you just sent.";

async fn step_post(
    State(p): State<Public>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    m: Option<Extension<RequestMeta>>,
    body: Result<Form<Pairs>, FormRejection>,
) -> Response {
    let meta = meta(m);
    let Some(step) = Step::from_slug(&slug) else { return see_other("/request-support") };
    let pairs = match body {
        Ok(Form(pairs)) => pairs,
        Err(r) => return form_problem(&p, r).await,
    };
    if one(&pairs, "website").is_some_and(|v| !v.is_empty()) {
        return bot(&p, &meta).await;
    }
    match p.over_limit(&meta.ip, "post", p.settings.posts_per_hour).await {
        Ok(true) => return too_many(&p).await,
        Ok(false) => {}
        Err(e) => return internal(&meta, e),
    }
    let now = Utc::now();
    let result = async {
        let (token, mut a, new_cookie, notice) = match load_draft(&p, &headers, now).await? {
            Some(d) if d.reference.is_some() => return Ok::<_, PublicError>(see_other("/request-support/confirmation")),
            Some(d) => (d.token, d.answers, None, None),
            None => match restore_from_page(&p, &headers, &pairs, now).await? {
                // The page carried the answers given so far, sealed for this browser's cookie.
                Some((token, answers)) => (token, answers, None, Some(RESTORED_NOTICE.to_string())),
                None => {
                    let token = auth::new_token();
                    (token.clone(), SupportAnswers::default(), Some(p.cookie(&token)), Some(EXPIRED_NOTICE.to_string()))
                }
            },
        };
        let rules = p.rules(&meta).await?;
        form::apply(step, &pairs, &mut a, &rules);
        save_draft(&p, &token, &a, now).await?;
        let from_check = one(&pairs, "from") == Some("check");
        let today = today();

        let errors = form::validate(step, &a, &rules, today);
        if !errors.is_empty() {
            let contacts = p.contacts().await?;
            let page = step_page(page_for(step, a, errors, PageContext { rules: &rules, from_check, notice, contacts, wasm: p.guidance_wasm().await, token: &token }));
            return Ok(with_cookie(html(StatusCode::UNPROCESSABLE_ENTITY, page), new_cookie));
        }
        if step == Step::Check {
            // The server checks every page again before anything is sent.
            if let Some(incomplete) = form::first_incomplete(&a, &rules, today) {
                let errors = form::validate(incomplete, &a, &rules, today);
                let contacts = p.contacts().await?;
                let page = step_page(page_for(incomplete, a, errors, PageContext { rules: &rules, from_check: true, notice, contacts, wasm: p.guidance_wasm().await, token: &token }));
                return Ok(with_cookie(html(StatusCode::UNPROCESSABLE_ENTITY, page), new_cookie));
            }
            if p.over_limit(&meta.ip, "submit", p.settings.submissions_per_hour).await? {
                return Ok(with_cookie(too_many(&p).await, new_cookie));
            }
            submit(&p, &meta, &token, &a, &rules, now).await?;
            return Ok(with_cookie(see_other("/request-support/confirmation"), new_cookie));
        }
        let first = form::first_incomplete(&a, &rules, today);
        let next = match (from_check, notice.is_some()) {
            (_, true) => first.unwrap_or(Step::Check),
            (true, false) => first.unwrap_or(Step::Check),
            (false, false) => step.next(&a, &rules),
        };
        let mut to = next.path();
        if from_check && next != Step::Check {
            to.push_str("?from=check");
        }
        if notice.is_some() {
            // Show the notice on the page they land on: render it rather than redirect.
            let contacts = p.contacts().await?;
            let page = step_page(page_for(next, a, Vec::new(), PageContext { rules: &rules, from_check: false, notice, contacts, wasm: p.guidance_wasm().await, token: &token }));
            return Ok(with_cookie(html(StatusCode::OK, page), new_cookie));
        }
        Ok(with_cookie(see_other(&to), new_cookie))
    }
    .await;
    result.unwrap_or_else(|e| internal(&meta, e))
}

// ---------------------------------------------------------------------------------------------
// Guidance in the browser: the WASM and the rules it reads

const GUIDANCE_MODULE: &str = "public_guidance.js";
const GUIDANCE_WASM: &str = "public_guidance_bg.wasm";
/// For addresses that name their content's hash: the content never changes at that address.
const FOREVER: &str = "public, max-age=31536000, immutable";

/// The guidance WASM and its JavaScript glue as built into `<site root>/pkg/` (scripts/lib.sh,
/// `build_public_guidance`), with a hash of both for their addresses.
struct GuidanceWasm {
    module: axum::body::Bytes,
    wasm: axum::body::Bytes,
    version: String,
}

/// The first 16 hex digits of the SHA-256 of `parts`: enough to tell versions apart.
fn content_hash(parts: &[&[u8]]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in parts {
        h.update(part);
    }
    h.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// The rules in force as the browser reads them, and the hash its address carries.
fn browser_rules_json(rules: &RuleSet) -> (String, String) {
    let json = BrowserRules::from_rules(rules).to_json();
    let hash = content_hash(&[json.as_bytes()]);
    (json, hash)
}

impl Public {
    /// The guidance WASM, or `None` when it has not been built (then pages say nothing about it
    /// and the panel changes only when a page is posted). A miss is not remembered: a build made
    /// after the server started is picked up.
    async fn guidance_wasm(&self) -> Option<&GuidanceWasm> {
        let pkg = std::path::Path::new(&*self.app.leptos_options.site_root).join("pkg");
        self.guidance_wasm
            .get_or_try_init(|| async {
                let module = tokio::fs::read(pkg.join(GUIDANCE_MODULE)).await?;
                let wasm = tokio::fs::read(pkg.join(GUIDANCE_WASM)).await?;
                let version = content_hash(&[&module, &wasm]);
                Ok::<_, std::io::Error>(GuidanceWasm { module: module.into(), wasm: wasm.into(), version })
            })
            .await
            .ok()
    }
}

/// The pages where the guidance changes as people answer (the check page has nothing to type).
fn guidance_as_typed(step: Step) -> bool {
    matches!(step, Step::Concern | Step::ConcernDetails | Step::Consent)
}

/// What a page's script needs to render the panel in the browser.
fn browser_guidance(step: Step, a: &SupportAnswers, rules: &RuleSet, phone: &str, wasm: Option<&GuidanceWasm>) -> Option<BrowserGuidance> {
    let wasm = wasm.filter(|_| guidance_as_typed(step))?;
    let (_, rules_hash) = browser_rules_json(rules);
    Some(BrowserGuidance {
        module: format!("/request-support/pkg/{GUIDANCE_MODULE}?v={}", wasm.version),
        wasm: format!("/request-support/pkg/{GUIDANCE_WASM}?v={}", wasm.version),
        rules: format!("/request-support/rules/{rules_hash}.json"),
        page: GuidancePage::new(step, a, rules, phone).to_json(),
    })
}

/// `GET /request-support/rules/<hash>.json`: the rules in force for the browser. Cached for good
/// when the hash is current; a page older than the last activation gets today's rules, uncached.
async fn browser_rules(State(p): State<Public>, Path(file): Path<String>, m: Option<Extension<RequestMeta>>) -> Response {
    let meta = meta(m);
    let rules = match p.rules(&meta).await {
        Ok(r) => r,
        Err(e) => return internal(&meta, e),
    };
    let (json, hash) = browser_rules_json(&rules);
    let cache = if file == format!("{hash}.json") { FOREVER } else { "no-store" };
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, cache)], json).into_response()
}

#[derive(serde::Deserialize, Default)]
struct VersionQuery {
    #[serde(default)]
    v: Option<String>,
}

/// `GET /request-support/pkg/<file>?v=<hash>`: the guidance WASM and its glue, gzipped by the
/// public router like every public page.
async fn guidance_asset(State(p): State<Public>, Path(file): Path<String>, Query(q): Query<VersionQuery>) -> Response {
    let Some(w) = p.guidance_wasm().await else { return StatusCode::NOT_FOUND.into_response() };
    let (body, content_type) = match file.as_str() {
        GUIDANCE_MODULE => (w.module.clone(), "text/javascript; charset=utf-8"),
        GUIDANCE_WASM => (w.wasm.clone(), "application/wasm"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let cache = if q.v.as_deref() == Some(w.version.as_str()) { FOREVER } else { "no-cache" };
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, cache)], body).into_response()
}

async fn confirmation(State(p): State<Public>, headers: HeaderMap, m: Option<Extension<RequestMeta>>) -> Response {
    let meta = meta(m);
    let result = async {
        let Some(draft) = load_draft(&p, &headers, Utc::now()).await? else { return Ok::<_, PublicError>(see_other("/request-support")) };
        if draft.reference.is_none() {
            return Ok(see_other("/request-support"));
        }
        let sent: Sent = serde_json::from_str(&draft.raw)?;
        let contacts = p.contacts().await?;
        Ok(html(StatusCode::OK, render("Request sent", "/request-support/confirmation", &[], move || steps::confirmation_body(sent, &contacts))))
    }
    .await;
    result.unwrap_or_else(|e| internal(&meta, e))
}

/// A reference people can read out on the phone: no 0/O or 1/I.
fn new_reference() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let bytes = uuid::Uuid::new_v4().into_bytes();
    let chars: String = bytes.iter().take(8).map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect();
    format!("RFS-{}-{}", &chars[..4], &chars[4..])
}

fn summary_line(a: &SupportAnswers) -> String {
    let who = if a.is_professional() {
        format!("from a professional ({})", a.your_organisation.trim())
    } else {
        let rel = a.relationship_label();
        if rel.is_empty() { "from a member of the public".to_string() } else { format!("from a member of the public ({})", rel.to_lowercase()) }
    };
    let mut concern: String = a.concern_summary.split_whitespace().collect::<Vec<_>>().join(" ");
    if concern.chars().count() > 280 {
        concern = concern.chars().take(280).collect::<String>() + "…";
    }
    let danger = if a.immediate_danger == "yes" { "IMMEDIATE DANGER reported. " } else { "" };
    format!("{danger}Online Request for Support {who}: {concern}")
}

/// Creates the contact in the CASS inbox with everything entered, audits it, and keeps only the
/// reference and the next steps in the draft for the confirmation page.
async fn submit(p: &Public, meta: &RequestMeta, token: &str, a: &SupportAnswers, rules: &RuleSet, now: DateTime<Utc>) -> Result<(), PublicError> {
    let store = &p.app.store;
    let evaluation = guidance::evaluate(rules, a).ok_or(PublicError::Rules)?;
    let view = GuidanceView::new(rules, a, &evaluation);
    let everything = serde_json::json!({
        "form": a,
        "script_id": evaluation.script_id,
        "script_answers": evaluation.answers,
        "guidance": evaluation.guidance,
        "route": evaluation.route,
        "next_steps_shown": view.next_steps,
        "eha_mandatory_fields_missing": form::mandatory(a),
    });
    let answers_json = serde_json::to_string(&everything)?;
    let team = store.find_team_by_name("CASS").await?;
    let summary = summary_line(a);
    let scopes = a.consent_scopes.join(",");
    let (consent, consent_by) = if a.is_professional() {
        (a.consent.clone(), a.consent_given_by.trim().to_string())
    } else if a.has_pr() {
        (a.consent.clone(), format!("{} (the referrer, with Parental Responsibility)", a.your_name.trim()).trim().to_string())
    } else {
        ("not_applicable".to_string(), String::new())
    };
    let relationship = if a.is_professional() { "professional".to_string() } else { a.relationship.clone() };
    let pr = if a.is_professional() { String::new() } else if a.may_have_pr() { a.parental_responsibility.clone() } else { "no".to_string() };
    let mut created = None;
    for _ in 0..5 {
        let reference = new_reference();
        let r = store
            .create_online_request(
                NewOnlineRequest {
                    reference: &reference,
                    child: NewPerson {
                        given_name: a.child_first_name.trim(),
                        family_name: a.child_last_name.trim(),
                        date_of_birth: a.child_date_of_birth(),
                        address: a.child_address.trim(),
                        postcode: &a.child_postcode.trim().to_uppercase(),
                    },
                    summary: &summary,
                    assigned_team_id: team.as_deref(),
                    received_at: now,
                    referrer_kind: &a.referrer_kind,
                    referrer_name: a.your_name.trim(),
                    referrer_organisation: a.your_organisation.trim(),
                    referrer_role: a.your_role.trim(),
                    referrer_email: a.your_email.trim(),
                    referrer_phone: a.your_phone.trim(),
                    relationship: &relationship,
                    ongoing_relationship: a.is_professional() && a.ongoing_relationship == "yes",
                    parental_responsibility: &pr,
                    consent: &consent,
                    consent_given_by: &consent_by,
                    consent_scopes: &scopes,
                    immediate_danger: a.immediate_danger == "yes",
                    suggested_level: evaluation.guidance.suggested.slug(),
                    framework_version: &evaluation.guidance.framework_version,
                    scripts_version: &evaluation.scripts_version,
                    answers: &answers_json,
                },
                now,
            )
            .await;
        match r {
            Ok(c) => {
                created = Some((reference, c));
                break;
            }
            Err(StorageError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    let (reference, contact) = created.ok_or(PublicError::Reference)?;
    store
        .append_audit(NewAuditEntry {
            at: now,
            user_id: None,
            username: "online form",
            roles: "",
            action: AuditAction::Create,
            record_kind: RecordKind::Contact,
            record_id: &contact.contact_id,
            summary: &format!("Online Request for Support {reference} received into the CASS inbox"),
            reason: None,
            ip: &meta.ip,
            request_id: &meta.request_id,
        })
        .await?;
    tracing::info!(request_id = %meta.request_id, contact = %contact.contact_id, reference = %reference, "online Request for Support received");
    let sent = Sent { reference: reference.clone(), professional: a.is_professional(), next_steps: view.next_steps, level: view.level };
    store.mark_support_draft_sent(&auth::hash_token(token), &reference, &serde_json::to_string(&sent)?, now).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_readable() {
        let r = new_reference();
        assert_eq!(r.len(), 13);
        assert!(r.starts_with("RFS-"));
        assert!(!r[4..].contains(['0', 'O', '1', 'I']));
    }

    #[test]
    fn settings_come_from_the_configuration() {
        let c = crate::Config {
            request_draft_hours: 2,
            request_submissions_per_hour: 3,
            request_posts_per_hour: 5,
            public_url: "https://frontdoor.example".into(),
            ..crate::Config::default()
        };
        let s = PublicSettings::from_config(&c);
        assert_eq!((s.draft_lifetime.num_hours(), s.submissions_per_hour, s.posts_per_hour, s.secure_cookies), (2, 3, 5, true));
    }

    #[test]
    fn the_cookie_is_read_only_by_name() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("fd_session=abc; fd_request=tok"));
        assert_eq!(draft_token(&h).as_deref(), Some("tok"));
        h.insert(header::COOKIE, HeaderValue::from_static("fd_request="));
        assert_eq!(draft_token(&h), None);
    }
}
