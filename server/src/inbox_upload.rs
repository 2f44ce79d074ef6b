//! Staff upload an .eml into the CASS inbox (`POST /staff/inbox/upload`, a multipart form with a
//! `file` field, so it works with JavaScript off), and download an e-mail's attachment
//! (`GET /staff/inbox/attachments/{id}`). Both check the inbox roles and are audited.

use app::ssr::inbox_mail::{import_message, ImportError, NoScanner, MAX_MESSAGE_BYTES};
use app::ssr::{Ctx, RequestMeta, SessionState};
use app::ssr::AppState;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::audit::{AuditAction, RecordKind};
use domain::inbox::InboxSource;
use storage::Imported;

/// Why an upload was refused, as a code in the address the upload page turns into a message.
fn error_code(e: &ImportError) -> &'static str {
    match e {
        ImportError::Empty => "empty",
        ImportError::TooLarge => "too_large",
        ImportError::NotAnEmail => "not_email",
        ImportError::Storage(_) => "failed",
    }
}

pub(crate) fn ctx_of(state: AppState, req: &axum::http::request::Parts) -> Option<Ctx> {
    let meta = req.extensions.get::<RequestMeta>().cloned()?;
    let session = match req.extensions.get::<SessionState>() {
        Some(SessionState::Active(s)) => Some(s.clone()),
        _ => None,
    };
    Some(Ctx { state, meta, session })
}

pub(crate) fn refusal(e: app::error::AppError) -> Response {
    (StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), e.to_string()).into_response()
}

fn back(code: &str) -> Response {
    Redirect::to(&format!("/staff/inbox/upload?error={code}")).into_response()
}

async fn upload(State(state): State<AppState>, req: axum::extract::Request) -> Response {
    let (parts, body) = req.into_parts();
    let Some(ctx) = ctx_of(state.clone(), &parts) else { return StatusCode::INTERNAL_SERVER_ERROR.into_response() };
    let user = match ctx.require(app::api::inbox::may_work_inbox) {
        Ok(s) => s.user.id.clone(),
        Err(e) => return refusal(e),
    };
    let req = axum::extract::Request::from_parts(parts, body);
    let mut form = match <Multipart as axum::extract::FromRequest<AppState>>::from_request(req, &state).await {
        Ok(m) => m,
        Err(_) => return back("no_file"),
    };
    let mut file: Option<Vec<u8>> = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => match field.bytes().await {
                Ok(b) => file = Some(b.to_vec()),
                Err(_) => return back("too_large"),
            },
            Ok(Some(_)) => continue,
            Ok(None) => break,
            // The body limit cut the upload short.
            Err(_) => return back("too_large"),
        }
    }
    let Some(raw) = file.filter(|f| !f.is_empty()) else { return back("no_file") };
    match import_message(&ctx.state.store, &NoScanner, &raw, InboxSource::Upload, Some(&user), ctx.now()).await {
        Ok(imported) => {
            let summary = match &imported {
                Imported::Created(_) => "Uploaded an e-mail into the inbox",
                Imported::Duplicate(_) => "Uploaded an e-mail already in the inbox",
            };
            if let Err(e) = ctx.audit(AuditAction::Create, RecordKind::InboxItem, imported.id(), summary, None).await {
                return refusal(e);
            }
            Redirect::to(&format!("/staff/inbox/{}", imported.id())).into_response()
        }
        Err(ImportError::Storage(e)) => refusal(ctx.internal(e)),
        Err(e) => back(error_code(&e)),
    }
}

async fn attachment(State(state): State<AppState>, Path(id): Path<String>, req: axum::extract::Request) -> Response {
    let (parts, _) = req.into_parts();
    let Some(ctx) = ctx_of(state, &parts) else { return StatusCode::INTERNAL_SERVER_ERROR.into_response() };
    if let Err(e) = ctx.require(app::api::inbox::may_work_inbox) {
        return refusal(e);
    }
    let (row, bytes) = match ctx.state.store.inbox_attachment(&id).await {
        Ok(Some(found)) => found,
        Ok(None) => return refusal(app::error::AppError::NotFound),
        Err(e) => return refusal(ctx.internal(e)),
    };
    let summary = format!("Downloaded the attachment {} (scan: {})", row.file_name, row.scan_status);
    if let Err(e) = ctx.audit(AuditAction::Read, RecordKind::InboxItem, &row.item_id, &summary, None).await {
        return refusal(e);
    }
    let safe: String = row.file_name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect();
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")).unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    // Always a download, never rendered in our origin, whatever the sender said it was.
    let content_type = HeaderValue::from_str(&row.content_type).unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    ([(header::CONTENT_TYPE, content_type), (header::CONTENT_DISPOSITION, disposition), (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"))], bytes)
        .into_response()
}

/// The two routes, with a body limit that fits the largest accepted message.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/staff/inbox/upload", axum::routing::post(upload).layer(DefaultBodyLimit::max(MAX_MESSAGE_BYTES + 64 * 1024)))
        .route("/staff/inbox/attachments/{id}", axum::routing::get(attachment))
}
