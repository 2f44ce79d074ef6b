//! The Return Interview Form after a missing child comes back (seed 003 §7): uploaded with
//! `POST /staff/return-interviews/{id}/form` (a multipart form with `form`, the file,
//! `cse_screening` and `version`, so it works with JavaScript off) and downloaded with
//! `GET /staff/return-interviews/{id}/form`. Both need the role and the child's record open
//! (worklist or a reason given this session), and both are audited on the child's record.
//! Problems go back to the record page in its address (`domain::missing::FormProblem` codes).

use crate::inbox_upload::{ctx_of, refusal};
use app::ssr::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::audit::{AuditAction, RecordKind};
use domain::missing::{check_form, may_record, FormProblem, InterviewStatus, FORM_DOCUMENT_TYPE, MAX_FORM_BYTES};

/// Back to the record with the problems, keeping the CSE tick (a file cannot be chosen again
/// for the user: browsers do not allow it).
fn back(person_id: &str, id: &str, problems: &[FormProblem], cse: bool) -> Response {
    let codes: Vec<&str> = problems.iter().map(|p| p.code()).collect();
    let tick = if cse { "&ri_cse=yes" } else { "" };
    Redirect::to(&format!("/staff/people/{person_id}?ri={id}&ri_error={}{tick}#return-interviews", codes.join(","))).into_response()
}

/// The interview, once the caller's role and access to the child's record are checked.
async fn load(ctx: &app::ssr::Ctx, id: &str) -> Result<(storage::ReturnInterviewRow, Option<String>, String), Response> {
    let s = ctx.require(|u| may_record(&u.roles)).map_err(refusal)?.clone();
    let row = match ctx.state.store.return_interview(id).await {
        Ok(Some(r)) => r,
        Ok(None) => return Err(refusal(app::error::AppError::NotFound)),
        Err(e) => return Err(refusal(ctx.internal(e))),
    };
    let reason = app::ssr::access::require(ctx, &s, RecordKind::Person, &row.person_id).await.map_err(refusal)?;
    Ok((row, reason, s.user.id))
}

async fn upload(State(state): State<AppState>, Path(id): Path<String>, req: axum::extract::Request) -> Response {
    let (parts, body) = req.into_parts();
    let Some(ctx) = ctx_of(state.clone(), &parts) else { return StatusCode::INTERNAL_SERVER_ERROR.into_response() };
    let (row, reason, user) = match load(&ctx, &id).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let req = axum::extract::Request::from_parts(parts, body);
    let mut form = match <Multipart as axum::extract::FromRequest<AppState>>::from_request(req, &state).await {
        Ok(m) => m,
        Err(_) => return back(&row.person_id, &id, &[FormProblem::NoFile], false),
    };
    let (mut file, mut cse, mut version) = (None::<(String, String, Vec<u8>)>, false, None::<i64>);
    loop {
        match form.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("form") => {
                    let name = field.file_name().unwrap_or_default().to_string();
                    let content_type = field.content_type().unwrap_or("application/octet-stream").to_string();
                    match field.bytes().await {
                        Ok(b) => file = Some((name, content_type, b.to_vec())),
                        Err(_) => return back(&row.person_id, &id, &[FormProblem::TooLarge], cse),
                    }
                }
                Some("cse_screening") => cse = field.text().await.map(|t| t == "yes").unwrap_or(false),
                Some("version") => version = field.text().await.ok().and_then(|t| t.trim().parse().ok()),
                _ => continue,
            },
            Ok(None) => break,
            // The body limit cut the upload short.
            Err(_) => return back(&row.person_id, &id, &[FormProblem::TooLarge], cse),
        }
    }
    let (name, content_type, bytes) = file.unwrap_or_default();
    let problems = check_form(&name, bytes.len(), cse);
    if !problems.is_empty() {
        return back(&row.person_id, &id, &problems, cse);
    }
    let sha = storage::sha256_hex(&bytes);
    let upload = storage::ReturnInterviewForm { file_name: &name, content_type: &content_type, bytes: &bytes, sha256: &sha, cse_screening_completed: cse };
    let (due, done) = (InterviewStatus::Due.slug(), InterviewStatus::Completed.slug());
    match ctx.state.store.complete_return_interview(&id, upload, (due, done), &user, version.unwrap_or(row.version), ctx.now()).await {
        Ok(true) => {}
        Ok(false) => return back(&row.person_id, &id, &[FormProblem::AlreadyUploaded], cse),
        Err(e) => return refusal(ctx.internal(e)),
    }
    let summary = format!("Uploaded the {FORM_DOCUMENT_TYPE} {name} ({} bytes, sha256 {sha}) for return interview {id}", bytes.len());
    if let Err(e) = ctx.audit(AuditAction::Update, RecordKind::Person, &row.person_id, &summary, reason.as_deref()).await {
        return refusal(e);
    }
    Redirect::to(&format!("/staff/people/{}?ri_uploaded={id}#return-interviews", row.person_id)).into_response()
}

async fn download(State(state): State<AppState>, Path(id): Path<String>, req: axum::extract::Request) -> Response {
    let (parts, _) = req.into_parts();
    let Some(ctx) = ctx_of(state, &parts) else { return StatusCode::INTERNAL_SERVER_ERROR.into_response() };
    let (row, reason, _) = match load(&ctx, &id).await {
        Ok(found) => found,
        Err(r) => return r,
    };
    let (name, content_type, bytes) = match ctx.state.store.return_interview_form(&id).await {
        Ok(Some(f)) => f,
        Ok(None) => return refusal(app::error::AppError::NotFound),
        Err(e) => return refusal(ctx.internal(e)),
    };
    if let Err(e) = ctx.audit(AuditAction::Read, RecordKind::Person, &row.person_id, &format!("Downloaded the {FORM_DOCUMENT_TYPE} {name}"), reason.as_deref()).await {
        return refusal(e);
    }
    let safe: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect();
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")).unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    // Always a download, never rendered in our origin, whatever the uploader's browser said.
    let content_type = HeaderValue::from_str(&content_type).unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    ([(header::CONTENT_TYPE, content_type), (header::CONTENT_DISPOSITION, disposition), (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"))], bytes)
        .into_response()
}

pub fn router() -> axum::Router<AppState> {
    axum::Router::new().route(
        "/staff/return-interviews/{id}/form",
        axum::routing::post(upload).get(download).layer(DefaultBodyLimit::max(MAX_FORM_BYTES + 64 * 1024)),
    )
}
