//! Return interviews after a missing child comes back (seed 003 §7): opened by a case note of
//! type "Missing status: found" (`notes::add_note`), listed on the child's record and on the
//! Early Help desk with their live 72-hour clock, closed by the upload of the Return Interview
//! Form (`server/src/return_interviews.rs`, a multipart form that works with JavaScript off).
//! Reads are audited on each child's record.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One return interview as the record and the desk show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReturnInterviewView {
    pub id: String,
    pub person_id: String,
    pub child: String,
    /// "4 December 2026 at 4:00pm".
    pub returned: String,
    pub due: String,
    /// "due in 2 days 3 hours", "overdue by 5 hours"; empty once the form is uploaded.
    pub due_text: String,
    /// `red`, `amber` or `green` while due; empty once the form is uploaded.
    pub rag: String,
    pub rag_label: String,
    /// `domain::missing::InterviewStatus` slug and its words.
    pub status: String,
    pub status_label: String,
    pub calendar_version: String,
    /// "Return Interview Form: form.pdf (12 KB), uploaded by … on …", once uploaded.
    pub form: Option<String>,
    /// Within the 72 hours or how late, once uploaded.
    pub timeliness: Option<String>,
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReturnInterviewsView {
    pub interviews: Vec<ReturnInterviewView>,
    /// The reader may upload forms (the upload form is shown).
    pub may_upload: bool,
}

#[cfg(feature = "ssr")]
pub(crate) fn view_of(r: storage::ReturnInterviewRow, now: chrono::DateTime<chrono::Utc>, cal: &domain::rules::WorkingCalendar) -> ReturnInterviewView {
    use domain::missing::{completed_text, due_state, InterviewStatus, FORM_DOCUMENT_TYPE};
    let status = InterviewStatus::from_slug(&r.status).unwrap_or(InterviewStatus::Due);
    let open = status == InterviewStatus::Due;
    let rag = due_state(r.due_at, now, cal);
    let form = r.form_file_name.as_ref().map(|name| {
        let size = r.form_size_bytes.unwrap_or(0);
        let kb = (size + 1023) / 1024;
        let by = r.completed_by_name.clone().unwrap_or_else(|| "someone".into());
        let when = r.completed_at.map(domain::display::date_time).unwrap_or_default();
        let cse = if r.cse_screening_completed { ", CSE screening tool completed" } else { "" };
        format!("{FORM_DOCUMENT_TYPE}: {name} ({kb} KB{cse}), uploaded by {by} on {when}")
    });
    ReturnInterviewView {
        id: r.id,
        person_id: r.person_id,
        child: r.person_name,
        returned: domain::display::date_time(r.returned_at),
        due: domain::display::date_time(r.due_at),
        due_text: if open { domain::mash_notifications::due_text(r.due_at, now) } else { String::new() },
        rag: if open { domain::workflow::slug_of(&rag) } else { String::new() },
        rag_label: if open { rag.label().to_string() } else { String::new() },
        status: status.slug().to_string(),
        status_label: status.label().to_string(),
        calendar_version: r.calendar_version,
        form,
        timeliness: r.completed_at.map(|at| completed_text(r.due_at, at)),
        version: r.version,
    }
}

/// After a "Missing status: found" note is saved: a return interview for each child it is about,
/// due 72 hours after `returned_at`, unless one is already waiting for that child. Audited on
/// each child's record.
#[cfg(feature = "ssr")]
pub(crate) async fn open_for_found_note(
    ctx: &crate::ssr::Ctx,
    note_id: &str,
    children: &[String],
    returned_at: chrono::DateTime<chrono::Utc>,
    by: &str,
    reason: Option<&str>,
) -> Result<(), AppError> {
    use domain::audit::{AuditAction, RecordKind};
    use domain::missing::{interview_deadline, InterviewStatus};
    let cal = crate::ssr::rules::calendar(ctx).await?;
    let (d, due) = interview_deadline(returned_at, &cal);
    for child in children {
        let n = storage::NewReturnInterview { person_id: child, found_note_id: Some(note_id), returned_at, due_at: due, calendar_version: &d.calendar_version, created_by: by };
        let (id, opened) = ctx.state.store.open_return_interview(n, InterviewStatus::Due.slug(), ctx.now()).await.map_err(|e| ctx.internal(e))?;
        let summary = if opened {
            format!("Return interview {id} due by {} (72 hours from the child's return)", domain::display::date_time(due))
        } else {
            format!("Return interview {id} already waiting: the found note {note_id} did not start a second clock")
        };
        ctx.audit(AuditAction::Create, RecordKind::Person, child, &summary, reason).await?;
    }
    Ok(())
}

/// A child's return interviews, the latest first. Needs the record open (worklist or reason).
#[server(prefix = "/api", endpoint = "missing/for_person")]
pub async fn return_interviews_for_person(person_id: String) -> Result<ReturnInterviewsView, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| domain::missing::may_record(&u.roles))?.clone();
            let reason = crate::ssr::access::require(&ctx, &s, RecordKind::Person, &person_id).await?;
            let cal = crate::ssr::rules::calendar(&ctx).await?;
            let rows = ctx.state.store.return_interviews_for_person(&person_id).await.map_err(|e| ctx.internal(e))?;
            if !rows.is_empty() {
                ctx.audit(AuditAction::Read, RecordKind::Person, &person_id, "Read the child's return interviews", reason.as_deref()).await?;
            }
            let now = ctx.now();
            Ok(ReturnInterviewsView { interviews: rows.into_iter().map(|r| view_of(r, now, &cal)).collect(), may_upload: true })
        }
        .await,
    )
}

/// Every return interview still due, the soonest first: the Early Help desk's list. Each child
/// listed gets a read in their audit trail.
#[server(prefix = "/api", endpoint = "missing/due")]
pub async fn return_interviews_due() -> Result<ReturnInterviewsView, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::missing::InterviewStatus;
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require(|u| domain::early_help::may_read(&u.roles))?;
            let cal = crate::ssr::rules::calendar(&ctx).await?;
            let rows = ctx.state.store.return_interviews_in(InterviewStatus::Due.slug(), 500).await.map_err(|e| ctx.internal(e))?;
            for r in &rows {
                ctx.audit(AuditAction::Read, RecordKind::Person, &r.person_id, "Listed on the return interviews due", None).await?;
            }
            let now = ctx.now();
            Ok(ReturnInterviewsView { interviews: rows.into_iter().map(|r| view_of(r, now, &cal)).collect(), may_upload: false })
        }
        .await,
    )
}
