//! The professionals' CASS Information Requests form at `/request-information` (seed 002, issue
//! 6), as plain axum handlers like the Request for Support: GET renders the page, POST checks it
//! with the shared rules and either stores the request (303 to the confirmation, reference in the
//! address: it names nothing personal) or renders the page again with the GOV.UK error summary
//! and everything typed kept (422). Works with JavaScript off. Posts and submissions are counted
//! per address in the database, with the public form's limits; a honeypot field catches bots.

use crate::public_form::PublicSettings;
use app::pages::public::layout::{document, PublicFrame};
use app::pages::public::request_information::{self as page, Typed, PATH, SENT_PATH};
use app::ssr::information_requests::{create, CreateError, Origin};
use app::ssr::{AppState, Ctx, RequestMeta};
use axum::extract::rejection::FormRejection;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use chrono::{Duration, Utc};
use domain::audit::{AuditAction, RecordKind};
use domain::information_requests::RequestChannel;
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;
use storage::NewAuditEntry;

#[derive(Clone)]
struct IrrPublic {
    app: AppState,
    settings: Arc<PublicSettings>,
}

pub fn router<S: Clone + Send + Sync + 'static>(app: AppState, settings: PublicSettings) -> Router<S> {
    let limit = settings.body_limit_bytes;
    Router::new()
        .route(PATH, get(form_get).post(form_post))
        .route(SENT_PATH, get(sent))
        .layer(DefaultBodyLimit::max(limit))
        .with_state(IrrPublic { app, settings: Arc::new(settings) })
}

fn meta(m: Option<Extension<RequestMeta>>) -> RequestMeta {
    m.map(|Extension(m)| m).unwrap_or_else(|| RequestMeta { request_id: uuid::Uuid::new_v4().to_string(), ip: "unknown".into(), user_agent: String::new() })
}

fn html(status: StatusCode, page: String) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], Html(page)).into_response()
}

fn internal(meta: &RequestMeta, err: impl std::fmt::Display) -> Response {
    tracing::error!(request_id = %meta.request_id, error = %err, "information request form failed");
    let body = format!("Sorry, there is a problem with the service. Try again later. Reference: {}", meta.request_id);
    (StatusCode::INTERNAL_SERVER_ERROR, [(header::CACHE_CONTROL, "no-store")], body).into_response()
}

fn render(title: &str, body: impl FnOnce() -> AnyView) -> String {
    Owner::new().with(|| {
        let inner = body();
        document(
            title,
            "Ask Children's Social Care for information about a child: for professionals.",
            &["/request-support/enhance.js"],
            view! { <PublicFrame current=PATH.to_string()>{inner}</PublicFrame> }.into_any(),
        )
    })
}

async fn contacts(p: &IrrPublic) -> BTreeMap<String, String> {
    app::ssr::letters::contact_values(&p.app.store, Utc::now()).await.unwrap_or_default()
}

async fn form_get(State(p): State<IrrPublic>) -> Response {
    let c = contacts(&p).await;
    html(StatusCode::OK, render("Ask for information about a child", move || page::form_body(Typed::default(), Vec::new(), &c)))
}

async fn problem(p: &IrrPublic, status: StatusCode, title: &str, text: &str) -> Response {
    let c = contacts(p).await;
    let (title, text) = (title.to_string(), text.to_string());
    html(status, render(&title.clone(), move || app::pages::public::steps::problem_body(&title, vec![text], &c)))
}

/// Counts this event and says whether the address is over its limit for the last hour.
async fn over_limit(p: &IrrPublic, ip: &str, kind: &str, limit: u32) -> Result<bool, storage::StorageError> {
    let now = Utc::now();
    if p.app.store.count_public_form_events(ip, kind, now - Duration::hours(1)).await? >= limit {
        return Ok(true);
    }
    p.app.store.record_public_form_event(ip, kind, now).await?;
    Ok(false)
}

async fn form_post(State(p): State<IrrPublic>, m: Option<Extension<RequestMeta>>, body: Result<Form<Vec<(String, String)>>, FormRejection>) -> Response {
    let meta = meta(m);
    let pairs = match body {
        Ok(Form(pairs)) => pairs,
        Err(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return problem(&p, StatusCode::PAYLOAD_TOO_LARGE, "Your request is too large to send", "Shorten your answers and send the form again.").await
        }
        Err(_) => return problem(&p, StatusCode::BAD_REQUEST, "The form could not be read", "Go back and send the form again.").await,
    };
    if pairs.iter().any(|(k, v)| k == "website" && !v.is_empty()) {
        tracing::warn!(request_id = %meta.request_id, "information request form: honeypot filled in; nothing stored");
        return problem(&p, StatusCode::UNPROCESSABLE_ENTITY, "Sorry, we could not accept that form", "Something filled in a field that people cannot see.").await;
    }
    match over_limit(&p, &meta.ip, "irr_post", p.settings.posts_per_hour).await {
        Ok(true) => return problem(&p, StatusCode::TOO_MANY_REQUESTS, "You have sent too many forms", "Wait a while, then try again.").await,
        Ok(false) => {}
        Err(e) => return internal(&meta, e),
    }
    let typed = page::from_pairs(&pairs);
    let ctx = Ctx { state: p.app.clone(), meta: meta.clone(), session: None };
    let cal = match app::ssr::rules::in_force(&ctx).await {
        Ok(r) => r.calendar,
        Err(e) => return internal(&meta, e),
    };
    let now = Utc::now();
    // Only a request that would be stored counts towards the submissions limit.
    if domain::information_requests::check_intake(&typed.form, domain::rules::uk_local_time(now).date()).is_ok() {
        match over_limit(&p, &meta.ip, "irr_submit", p.settings.submissions_per_hour).await {
            Ok(true) => return problem(&p, StatusCode::TOO_MANY_REQUESTS, "You have sent too many requests", "Wait a while, then try again.").await,
            Ok(false) => {}
            Err(e) => return internal(&meta, e),
        }
    }
    match create(&p.app.store, &cal, &typed.form, Origin::professional(RequestChannel::OnlineForm), now).await {
        Ok(Ok(created)) => {
            let summary = format!("Information request {} received on the CASS Information Requests form", created.reference);
            let audit = p
                .app
                .store
                .append_audit(NewAuditEntry {
                    at: now,
                    user_id: None,
                    username: "information requests form",
                    roles: "",
                    action: AuditAction::Create,
                    record_kind: RecordKind::InformationRequest,
                    record_id: &created.id,
                    summary: &summary,
                    reason: None,
                    ip: &meta.ip,
                    request_id: &meta.request_id,
                })
                .await;
            if let Err(e) = audit {
                return internal(&meta, e);
            }
            Redirect::to(&format!("{SENT_PATH}?reference={}", created.reference)).into_response()
        }
        Ok(Err(errors)) => {
            let c = contacts(&p).await;
            html(StatusCode::UNPROCESSABLE_ENTITY, render("Error: Ask for information about a child", move || page::form_body(typed, errors, &c)))
        }
        Err(CreateError::InboxItemTaken) => internal(&meta, "no inbox item on the public form"),
        Err(CreateError::Storage(e)) => internal(&meta, e),
    }
}

#[derive(serde::Deserialize)]
struct SentQuery {
    #[serde(default)]
    reference: String,
}

async fn sent(State(p): State<IrrPublic>, Query(q): Query<SentQuery>) -> Response {
    // Only a reference's own characters are shown back.
    let ok = !q.reference.is_empty() && q.reference.len() <= 20 && q.reference.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
    if !ok {
        return Redirect::to(PATH).into_response();
    }
    let c = contacts(&p).await;
    html(StatusCode::OK, render("Request sent", move || page::sent_body(q.reference, &c)))
}
