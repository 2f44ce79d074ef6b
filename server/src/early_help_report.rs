//! `GET /staff/early-help/reports/{report}.csv?from=&to=`: a desk report (seed 003 §1.2, §1.3,
//! §1.8, the log) as CSV, the same rows the report page shows. The role is checked again here and
//! every download is audited as an export.

use app::ssr::early_help::{report, report_period, require_reader};
use app::ssr::{AppState, Ctx, RequestMeta, SessionState};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::audit::{AuditAction, RecordKind};
use domain::early_help::Report;

pub async fn download(State(state): State<AppState>, Path(file): Path<String>, Query(q): Query<crate::annex_a_export::PeriodQuery>, req: axum::extract::Request) -> Response {
    let Some(meta) = req.extensions().get::<RequestMeta>().cloned() else { return StatusCode::INTERNAL_SERVER_ERROR.into_response() };
    let session = match req.extensions().get::<SessionState>() {
        Some(SessionState::Active(s)) => Some(s.clone()),
        _ => None,
    };
    let ctx = Ctx { state, meta, session };
    let Some(which) = file.strip_suffix(".csv").and_then(Report::from_slug) else { return (StatusCode::NOT_FOUND, "No such report").into_response() };
    if let Err(e) = require_reader(&ctx) {
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::FORBIDDEN);
        return (status, e.to_string()).into_response();
    }
    let (from, to, errors) = report_period(q.from(), q.to(), app::ssr::annex_a::today(&ctx));
    if !errors.is_empty() {
        let words: Vec<String> = errors.into_iter().map(|e| e.message).collect();
        return (StatusCode::BAD_REQUEST, words.join(". ")).into_response();
    }
    let rows = match report(&ctx.state.store, which, from, to, ctx.now()).await {
        Ok(r) => r,
        Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, ctx.internal(e).to_string()).into_response(),
    };
    let summary = format!("{} as CSV, {from} to {to}: {} row(s)", which.label(), rows.rows.len());
    if let Err(e) = ctx.audit(AuditAction::Export, RecordKind::Report, which.slug(), &summary, None).await {
        return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response();
    }
    let body = domain::annex_a::to_csv(&rows.header, &rows.rows);
    let name = format!("early-help-{}-{from}-to-{to}.csv", which.slug());
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")).unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}
