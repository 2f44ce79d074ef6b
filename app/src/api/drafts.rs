//! Drafts (issue 5 point 1, issue 9 point 1): what a user has typed into a form, kept on the
//! server as they type so that a timeout, a reload or a closed tab loses nothing. Only the
//! author reads a draft; saving the record removes it. Saves are frequent and are the user's own
//! words, so they are not audited one by one; restoring and discarding are.

use crate::error::AppError;
use domain::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftView {
    pub form_key: String,
    pub title: String,
    pub path: String,
    pub data: String,
    pub saved: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DraftSaved {
    Saved,
    Refused { errors: Vec<FieldError> },
}

/// A draft is a form's fields as JSON; a megabyte is far more than any narrative.
pub const DRAFT_MAX_BYTES: usize = 1_000_000;

pub fn check_draft(form_key: &str, path: &str, data: &str) -> Vec<FieldError> {
    let mut e = Vec::new();
    if form_key.is_empty() || form_key.len() > 200 {
        e.push(FieldError::new("form_key", "The form has no name"));
    }
    if !path.starts_with("/staff/") || path.len() > 500 {
        e.push(FieldError::new("path", "A draft belongs to a staff page"));
    }
    if data.len() > DRAFT_MAX_BYTES {
        e.push(FieldError::new("data", "This draft is too large to keep"));
    }
    e
}

#[server(prefix = "/api", endpoint = "drafts/save")]
pub async fn save_draft(form_key: String, record_kind: String, record_id: String, title: String, path: String, data: String) -> Result<DraftSaved, AppError> {
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            // A draft may be saved by someone whose session is about to need a new password,
            // but never by nobody.
            let s = ctx.signed_in()?.clone();
            let errors = check_draft(&form_key, &path, &data);
            if !errors.is_empty() {
                return Ok(DraftSaved::Refused { errors });
            }
            let title: String = title.chars().take(200).collect();
            let d = storage::NewDraft { user_id: &s.user.id, form_key: &form_key, record_kind: &record_kind, record_id: &record_id, title: &title, path: &path, data: &data };
            ctx.state.store.save_draft(d, ctx.now()).await.map_err(|e| ctx.internal(e))?;
            Ok(DraftSaved::Saved)
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "drafts/get")]
pub async fn get_draft(form_key: String) -> Result<Option<DraftView>, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.staff()?.clone();
            let Some(d) = ctx.state.store.get_draft(&s.user.id, &form_key).await.map_err(|e| ctx.internal(e))? else { return Ok(None) };
            if let Some(kind) = RecordKind::from_slug(&d.record_kind).filter(|k| k.is_case_record() && !d.record_id.is_empty()) {
                ctx.audit(AuditAction::Read, kind, &d.record_id, "Restored the user's own draft", None).await?;
            }
            Ok(Some(view(d)))
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "drafts/discard")]
pub async fn discard_draft(form_key: String) -> Result<bool, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.staff()?.clone();
            let existing = ctx.state.store.get_draft(&s.user.id, &form_key).await.map_err(|e| ctx.internal(e))?;
            let removed = ctx.state.store.delete_draft(&s.user.id, &form_key).await.map_err(|e| ctx.internal(e))?;
            if let Some(d) = existing {
                if let Some(kind) = RecordKind::from_slug(&d.record_kind).filter(|k| k.is_case_record() && !d.record_id.is_empty()) {
                    ctx.audit(AuditAction::Update, kind, &d.record_id, "Discarded the user's own draft", None).await?;
                }
            }
            Ok(removed)
        }
        .await,
    )
}

/// The user's drafts, newest first, for the home page.
#[server(prefix = "/api", endpoint = "drafts/mine")]
pub async fn my_drafts() -> Result<Vec<DraftView>, AppError> {
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.staff()?.clone();
            Ok(ctx.state.store.drafts_for_user(&s.user.id).await.map_err(|e| ctx.internal(e))?.into_iter().map(view).collect())
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
fn view(d: storage::DraftRow) -> DraftView {
    DraftView { form_key: d.form_key, title: d.title, path: d.path, data: d.data, saved: domain::display::date_time(d.updated_at) }
}

/// Removes the user's draft of a form once the record it was for has been saved.
#[cfg(feature = "ssr")]
pub(crate) async fn clear(ctx: &crate::ssr::Ctx, user_id: &str, form_key: &str) -> Result<(), AppError> {
    ctx.state.store.delete_draft(user_id, form_key).await.map_err(|e| ctx.internal(e))?;
    Ok(())
}
