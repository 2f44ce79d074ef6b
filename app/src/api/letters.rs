//! Letter templates (administrators: list, edit with a preview, every version kept) and the
//! communications made from them (the contact's list, a printable letter, the failed and
//! ready-to-print lists for Business Support, marking printed, retrying, issuing by hand).

use crate::api::public::ContentSaveOutcome;
use crate::error::AppError;
use domain::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateSummary {
    pub slug: String,
    pub title: String,
    /// What the seeds require this letter to say, and to whom.
    pub purpose: String,
    pub seed: String,
    pub version: i64,
    pub updated: String,
    pub updated_by: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateVersion {
    pub version: i64,
    pub subject: String,
    pub body: String,
    pub updated: String,
    pub updated_by: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateEdit {
    pub summary: TemplateSummary,
    pub subject: String,
    pub body: String,
    /// (name, what it stands for), placeholders first, then the service contacts.
    pub placeholders: Vec<(String, String)>,
    /// Newest first, the current one included.
    pub versions: Vec<TemplateVersion>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TemplatePreview {
    /// Rendered with invented example values and the real service contacts.
    Preview { subject: String, paragraphs: Vec<String> },
    Invalid { errors: Vec<FieldError> },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommunicationView {
    pub id: String,
    pub contact_id: String,
    pub reference: String,
    pub letter: String,
    pub template_version: i64,
    pub recipient: String,
    pub recipient_role: String,
    pub channel: String,
    /// `queued`, `sent`, `failed_retrying`, `ready_to_print`, `printed`.
    pub status: String,
    pub status_label: String,
    pub attempts: i64,
    pub next_attempt: Option<String>,
    pub last_error: Option<String>,
    pub created: String,
    pub created_by: String,
    pub done: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LetterView {
    pub communication: CommunicationView,
    pub recipient_address: Vec<String>,
    pub recipient_email: String,
    pub date: String,
    pub subject: String,
    pub paragraphs: Vec<String>,
    pub can_mark_printed: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommunicationLists {
    pub failed: Vec<CommunicationView>,
    pub to_print: Vec<CommunicationView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CommunicationOutcome {
    Done { message: String, ids: Vec<String> },
    Invalid { errors: Vec<FieldError> },
}

/// Paragraphs of a rendered letter: blank lines separate them; single line breaks are kept.
pub fn paragraphs(body: &str) -> Vec<String> {
    body.replace("\r\n", "\n").split("\n\n").map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

#[cfg(feature = "ssr")]
fn summary_of(l: domain::rules::Letter, row: Option<&storage::LetterTemplateRow>) -> TemplateSummary {
    let d = domain::letters::default_template(l);
    TemplateSummary {
        slug: domain::letters::letter_slug(l).to_string(),
        title: d.title.to_string(),
        purpose: l.label().to_string(),
        seed: d.seed.to_string(),
        version: row.map(|r| r.version).unwrap_or(1),
        updated: row.map(|r| domain::display::date_time(r.updated_at)).unwrap_or_default(),
        updated_by: row.map(|r| r.updated_by.clone()).unwrap_or_default(),
    }
}

#[cfg(feature = "ssr")]
fn letter_of(slug: &str) -> Result<domain::rules::Letter, AppError> {
    domain::letters::letter_from_slug(slug).ok_or(AppError::NotFound)
}

/// Every letter's template, in the order the seeds' letters are listed.
#[server(prefix = "/api", endpoint = "letters/templates")]
pub async fn letter_templates() -> Result<Vec<TemplateSummary>, AppError> {
    use crate::ssr::{letters::ensure_templates, respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require_admin()?;
            ensure_templates(&ctx.state.store, ctx.now()).await.map_err(|e| ctx.internal(e))?;
            let rows = ctx.state.store.letter_templates().await.map_err(|e| ctx.internal(e))?;
            Ok(domain::rules::Letter::ALL
                .iter()
                .map(|l| summary_of(*l, rows.iter().find(|r| r.letter_kind == domain::letters::letter_slug(*l))))
                .collect())
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "letters/template")]
pub async fn letter_template(kind: String) -> Result<TemplateEdit, AppError> {
    use crate::ssr::{letters::ensure_templates, respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require_admin()?;
            let l = letter_of(&kind)?;
            let store = &ctx.state.store;
            ensure_templates(store, ctx.now()).await.map_err(|e| ctx.internal(e))?;
            let row = store.letter_template(&kind).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            let versions = store
                .letter_template_versions(&kind)
                .await
                .map_err(|e| ctx.internal(e))?
                .into_iter()
                .map(|v| TemplateVersion { version: v.version, subject: v.subject, body: v.body, updated: domain::display::date_time(v.updated_at), updated_by: v.updated_by })
                .collect();
            let mut placeholders: Vec<(String, String)> =
                domain::letters::Placeholder::ALL.iter().map(|p| (p.slug().to_string(), p.label().to_string())).collect();
            placeholders.extend(crate::pages::public::defaults::CONTACTS.iter().map(|(k, label, ..)| (k.to_string(), format!("Service contact: {label}"))));
            Ok(TemplateEdit { summary: summary_of(l, Some(&row)), subject: row.subject, body: row.body, placeholders, versions })
        }
        .await,
    )
}

/// The letter as it would read with example values (nothing is saved).
#[server(prefix = "/api", endpoint = "letters/preview")]
pub async fn preview_letter_template(kind: String, subject: String, body: String) -> Result<TemplatePreview, AppError> {
    use crate::ssr::{letters::contact_values, respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require_admin()?;
            letter_of(&kind)?;
            let errors = domain::letters::check_template(&subject, &body, &crate::pages::public::defaults::contact_keys());
            if !errors.is_empty() {
                return Ok(TemplatePreview::Invalid { errors });
            }
            let mut values = contact_values(&ctx.state.store, ctx.now()).await.map_err(|e| ctx.internal(e))?;
            values.extend(domain::letters::sample_values());
            let render = |t: &str| domain::letters::render(t, &values).unwrap_or_else(|missing| format!("{t} [no value for {}]", missing.join(", ")));
            Ok(TemplatePreview::Preview { subject: render(&subject), paragraphs: paragraphs(&render(&body)) })
        }
        .await,
    )
}

/// The draft of a letter template being edited (issue 9 point 1); cleared when a version is saved.
pub fn template_draft_key(kind: &str) -> String {
    format!("letter-template:{kind}")
}

/// Saves a new version of a template if `version` is still the current one.
#[server(prefix = "/api", endpoint = "letters/save")]
pub async fn save_letter_template(kind: String, subject: String, body: String, version: i64) -> Result<ContentSaveOutcome, AppError> {
    use crate::ssr::{letters::ensure_templates, respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use storage::VersionedSave;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let admin = ctx.require_admin()?.clone();
            let l = letter_of(&kind)?;
            let errors = domain::letters::check_template(&subject, &body, &crate::pages::public::defaults::contact_keys());
            if !errors.is_empty() {
                return Ok(ContentSaveOutcome::Invalid { errors });
            }
            let store = &ctx.state.store;
            ensure_templates(store, ctx.now()).await.map_err(|e| ctx.internal(e))?;
            let body = body.replace("\r\n", "\n");
            match store.save_letter_template(&kind, subject.trim(), &body, version, &admin.user.username, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                VersionedSave::Saved { version } => {
                    let summary = format!("Saved letter template “{}” version {version}", domain::letters::letter_title(l));
                    ctx.audit(AuditAction::Update, RecordKind::LetterTemplate, &kind, &summary, None).await?;
                    crate::api::drafts::clear(&ctx, &admin.user.id, &template_draft_key(&kind)).await?;
                    Ok(ContentSaveOutcome::Saved { version })
                }
                VersionedSave::Stale { current } => Ok(ContentSaveOutcome::Stale { current }),
                VersionedSave::NotFound => Err(AppError::NotFound),
            }
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
fn communication_view(c: &storage::CommunicationRow) -> CommunicationView {
    use domain::letters::{letter_from_slug, letter_title, Channel, CommunicationStatus, RecipientRole};
    let done = c.sent_at.or(c.printed_at).map(domain::display::date_time);
    CommunicationView {
        id: c.id.clone(),
        contact_id: c.contact_id.clone(),
        reference: c.contact_reference.clone(),
        letter: letter_from_slug(&c.letter_kind).map(letter_title).unwrap_or(&c.letter_kind).to_string(),
        template_version: c.template_version,
        recipient: c.recipient_name.clone(),
        recipient_role: RecipientRole::from_slug(&c.recipient_role).map(|r| r.label()).unwrap_or("").to_string(),
        channel: Channel::from_slug(&c.channel).map(|r| r.label()).unwrap_or("").to_string(),
        status: c.status.clone(),
        status_label: CommunicationStatus::from_slug(&c.status).map(|s| s.label()).unwrap_or("").to_string(),
        attempts: c.attempts,
        next_attempt: (c.status == "failed_retrying").then(|| c.next_attempt_at.map(domain::display::date_time)).flatten(),
        last_error: c.last_error.clone(),
        created: domain::display::date_time(c.created_at),
        created_by: c.created_by.clone(),
        done,
    }
}

/// The signed-in reader of a contact (a role that works with case records, the contact in their
/// worklists or opened with a reason), the contact, and that reason.
#[cfg(feature = "ssr")]
async fn contact_for_reader(ctx: &crate::ssr::Ctx, contact_id: &str) -> Result<(crate::ssr::SessionInfo, storage::ContactRecord, Option<String>), AppError> {
    use domain::roles::RoleSet;
    let s = ctx.staff()?.clone();
    if !s.user.can_open_case_records() {
        return Err(AppError::Forbidden);
    }
    let c = ctx.state.store.get_contact(contact_id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
    let reason = crate::ssr::access::require(ctx, &s, domain::audit::RecordKind::Contact, contact_id).await?;
    Ok((s, c, reason))
}

/// The communications issued on a contact, oldest first.
#[server(prefix = "/api", endpoint = "communications/for_contact")]
pub async fn communications_for_contact(contact_id: String) -> Result<Vec<CommunicationView>, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let (_, c, reason) = contact_for_reader(&ctx, &contact_id).await?;
            let store = &ctx.state.store;
            let rows = store.communications_for_contact(&contact_id).await.map_err(|e| ctx.internal(e))?;
            ctx.audit(AuditAction::Read, RecordKind::Contact, &contact_id, &format!("Read the communications of contact {}", c.reference), reason.as_deref()).await?;
            Ok(rows.iter().map(communication_view).collect())
        }
        .await,
    )
}

/// One letter in full, to read, print or download (audited).
#[server(prefix = "/api", endpoint = "communications/letter")]
pub async fn letter(id: String) -> Result<LetterView, AppError> {
    use crate::ssr::{letters::communication_for_reader, respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let c = communication_for_reader(&ctx, &id, "Opened the letter").await?;
            let user = &ctx.staff()?.user;
            Ok(LetterView {
                communication: communication_view(&c),
                recipient_address: c.recipient_address.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect(),
                recipient_email: c.recipient_email.clone(),
                date: domain::display::date(domain::rules::uk_local_time(c.created_at).date()),
                subject: c.subject.clone(),
                paragraphs: paragraphs(&c.body),
                can_mark_printed: c.status == "ready_to_print" && domain::letters::works_communications(&user.roles),
            })
        }
        .await,
    )
}

/// Business Support's lists: e-mails that keep failing, and letters waiting to be printed.
#[server(prefix = "/api", endpoint = "communications/worklist")]
pub async fn communications_worklist() -> Result<CommunicationLists, AppError> {
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require(|u| domain::letters::works_communications(&u.roles))?;
            let store = &ctx.state.store;
            let failed = store.failed_communications(500).await.map_err(|e| ctx.internal(e))?;
            let to_print = store.communications_to_print(500).await.map_err(|e| ctx.internal(e))?;
            Ok(CommunicationLists { failed: failed.iter().map(communication_view).collect(), to_print: to_print.iter().map(communication_view).collect() })
        }
        .await,
    )
}

/// Business Support has printed and posted a letter.
#[server(prefix = "/api", endpoint = "communications/mark_printed")]
pub async fn mark_printed(id: String) -> Result<CommunicationOutcome, AppError> {
    use crate::ssr::{letters::communication_for_reader, respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| domain::letters::works_communications(&u.roles))?.clone();
            let c = communication_for_reader(&ctx, &id, "Opened the letter to mark it printed").await?;
            if !ctx.state.store.mark_communication_printed(&id, &s.user.username, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                return Ok(CommunicationOutcome::Invalid { errors: vec![FieldError::new("letter", "This letter is not waiting to be printed")] });
            }
            ctx.audit(AuditAction::Update, RecordKind::Contact, &c.contact_id, &format!("Marked the letter to {} printed", c.recipient_name), None).await?;
            Ok(CommunicationOutcome::Done { message: format!("The letter to {} is marked as printed.", c.recipient_name), ids: vec![id] })
        }
        .await,
    )
}

/// Tries a failed e-mail again at once (the delivery job picks it up on its next round).
#[server(prefix = "/api", endpoint = "communications/retry")]
pub async fn retry_communication(id: String) -> Result<CommunicationOutcome, AppError> {
    use crate::ssr::{letters::communication_for_reader, respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require(|u| domain::letters::works_communications(&u.roles))?;
            let c = communication_for_reader(&ctx, &id, "Opened the e-mail to retry it").await?;
            if !ctx.state.store.retry_communication_now(&id, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                return Ok(CommunicationOutcome::Invalid { errors: vec![FieldError::new("letter", "Only a failed e-mail can be tried again")] });
            }
            ctx.audit(AuditAction::Update, RecordKind::Contact, &c.contact_id, &format!("Asked to retry the e-mail to {} now", c.recipient_name), None).await?;
            Ok(CommunicationOutcome::Done { message: format!("The e-mail to {} will be tried again now.", c.recipient_name), ids: vec![id] })
        }
        .await,
    )
}

/// Issues a letter on a contact by hand (the contact workflow calls `ssr::letters::issue`
/// directly). `step` keeps a repeated request from sending the letter twice.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "communications/issue")]
pub async fn issue_letter(
    contact_id: String,
    letter: String,
    recipient_name: String,
    recipient_role: String,
    channel: String,
    #[server(default)] recipient_email: String,
    #[server(default)] recipient_address: String,
    #[server(default)] outcome: String,
    #[server(default)] referrer_name: String,
    #[server(default)] referrer_organisation: String,
    #[server(default)] step: String,
) -> Result<CommunicationOutcome, AppError> {
    use crate::ssr::letters::{issue, LetterFacts, Recipient};
    use crate::ssr::{respond, Ctx};
    use domain::letters::{letter_from_slug, Channel, RecipientRole};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let (s, _, _) = contact_for_reader(&ctx, &contact_id).await?;
            let mut errors = Vec::new();
            let l = letter_from_slug(&letter);
            let role = RecipientRole::from_slug(&recipient_role);
            let ch = Channel::from_slug(&channel);
            if l.is_none() {
                errors.push(FieldError::new("letter", "Choose the letter to send"));
            }
            if role.is_none() {
                errors.push(FieldError::new("recipient_role", "Choose who the recipient is"));
            }
            if ch.is_none() {
                errors.push(FieldError::new("channel", "Choose e-mail or post"));
            }
            let (Some(l), Some(role), Some(ch)) = (l, role, ch) else {
                return Ok(CommunicationOutcome::Invalid { errors });
            };
            let recipient = Recipient { name: recipient_name, role, channel: ch, email: recipient_email, address: recipient_address };
            let facts = LetterFacts { outcome, referrer_name, referrer_organisation, worker_name: s.user.display_name.clone(), ..LetterFacts::default() };
            let step = if step.trim().is_empty() { "by_hand".to_string() } else { step };
            match issue(&ctx, &contact_id, l, std::slice::from_ref(&recipient), &facts, &step).await? {
                Ok(ids) => Ok(CommunicationOutcome::Done { message: format!("The letter to {} has been issued.", recipient.name.trim()), ids }),
                Err(errors) => Ok(CommunicationOutcome::Invalid { errors }),
            }
        }
        .await,
    )
}
