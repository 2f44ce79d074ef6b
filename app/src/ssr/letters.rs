//! Issuing letters: the contact workflow (and timed jobs) call [`issue`] with the letter the
//! rules named, the recipients (explicit names and addresses: this module never reads the person
//! index) and the facts of the step. The active template is rendered with those facts and the
//! service contacts, and one communication per recipient is queued: e-mails for the delivery job
//! to send, posted letters ready to print. Issuing is idempotent per contact, letter, step and
//! recipient, so a retried request never sends a letter twice.

use super::Ctx;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use domain::audit::{AuditAction, RecordKind};
use domain::letters::{check_recipient, default_template, letter_slug, render, Channel, CommunicationStatus, Placeholder, RecipientRole};
use domain::rules::Letter;
use domain::FieldError;
use std::collections::BTreeMap;
use storage::{NewCommunication, StorageError, Store};

/// Who a communication goes to, as the caller knows them.
#[derive(Clone, Debug, PartialEq)]
pub struct Recipient {
    pub name: String,
    pub role: RecipientRole,
    pub channel: Channel,
    /// Required for e-mail.
    pub email: String,
    /// Required for post: the lines of the postal address.
    pub address: String,
}

/// The facts of the step a letter is sent for. Empty values are simply not available: a
/// template that needs one is refused rather than sent with a gap.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LetterFacts {
    /// Defaults to the contact's child.
    pub child_name: String,
    pub referrer_name: String,
    pub referrer_organisation: String,
    pub concern_summary: String,
    /// What the service will do, in plain words (the outcomes letter's heart).
    pub outcome: String,
    pub worker_name: String,
}

#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    /// A recipient or the facts do not make a complete letter; nothing was queued.
    #[error("the letter cannot be issued: {0:?}")]
    Invalid(Vec<FieldError>),
    #[error("contact {0} does not exist")]
    NoSuchContact(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// Writes the written default of every letter the first time any is needed.
pub async fn ensure_templates(store: &Store, now: DateTime<Utc>) -> Result<(), StorageError> {
    for l in Letter::ALL {
        let kind = letter_slug(*l);
        if store.letter_template(kind).await?.is_none() {
            let d = default_template(*l);
            store.insert_letter_template_if_missing(kind, d.subject, d.body, now).await?;
        }
    }
    Ok(())
}

/// The service contacts by key (written from their defaults the first time).
pub async fn contact_values(store: &Store, now: DateTime<Utc>) -> Result<BTreeMap<String, String>, StorageError> {
    use crate::pages::public::defaults::CONTACTS;
    let defaults: Vec<storage::DefaultContact> = CONTACTS
        .iter()
        .enumerate()
        .map(|(i, (key, label, value, hint))| storage::DefaultContact { key, label, value, hint, position: i64::try_from(i).unwrap_or(0) })
        .collect();
    store.insert_service_contacts_if_missing(&defaults, now).await?;
    Ok(store.service_contacts().await?.into_iter().map(|c| (c.key, c.value)).collect())
}

/// A letter rendered for one recipient: subject, body and the template version used.
pub struct Rendered {
    pub subject: String,
    pub body: String,
    pub version: i64,
}

/// Renders the active template of `letter` with `values` (placeholders and contacts).
pub async fn render_active(store: &Store, letter: Letter, values: &BTreeMap<String, String>, now: DateTime<Utc>) -> Result<Result<Rendered, Vec<String>>, StorageError> {
    ensure_templates(store, now).await?;
    let Some(t) = store.letter_template(letter_slug(letter)).await? else {
        return Err(StorageError::Corrupt(format!("template {} missing after defaults", letter_slug(letter))));
    };
    Ok(match (render(&t.subject, values), render(&t.body, values)) {
        (Ok(subject), Ok(body)) => Ok(Rendered { subject, body, version: t.version }),
        (s, b) => {
            let mut missing = s.err().unwrap_or_default();
            for m in b.err().unwrap_or_default() {
                if !missing.contains(&m) {
                    missing.push(m);
                }
            }
            Err(missing)
        }
    })
}

/// What each placeholder is called when it is missing (for the refusal message).
fn placeholder_words(name: &str) -> String {
    match Placeholder::from_slug(name) {
        Some(p) => p.label().to_lowercase(),
        None => format!("the service contact “{name}” (set it under Public pages)"),
    }
}

/// Queues `letter` to every recipient. `step` names the workflow step that sends it (for
/// example `"return_to_referrer"`), so issuing again for the same step finds the same rows.
/// Returns the communications' ids, in the recipients' order.
#[allow(clippy::too_many_arguments)]
pub async fn issue_with_store(
    store: &Store,
    by_username: &str,
    contact_id: &str,
    letter: Letter,
    recipients: &[Recipient],
    facts: &LetterFacts,
    step: &str,
    now: DateTime<Utc>,
) -> Result<Vec<String>, IssueError> {
    use sha2::{Digest, Sha256};
    let contact = store.get_contact(contact_id).await?.ok_or_else(|| IssueError::NoSuchContact(contact_id.to_string()))?;
    let mut errors = Vec::new();
    if recipients.is_empty() {
        errors.push(FieldError::new("recipient_name", "Add at least one recipient"));
    }
    for r in recipients {
        errors.extend(check_recipient(&r.name, r.channel, &r.email, &r.address).errors);
    }
    if !errors.is_empty() {
        return Err(IssueError::Invalid(errors));
    }
    let child_name = if facts.child_name.trim().is_empty() {
        let children = store.contact_children(contact_id).await?;
        children.iter().map(|c| c.name()).collect::<Vec<_>>().join(" and ")
    } else {
        facts.child_name.clone()
    };
    let mut values = contact_values(store, now).await?;
    for (p, v) in [
        (Placeholder::ChildName, child_name),
        (Placeholder::Reference, contact.reference.clone()),
        (Placeholder::Date, domain::display::date(domain::rules::uk_local_time(now).date())),
        (Placeholder::ReferrerName, facts.referrer_name.clone()),
        (Placeholder::ReferrerOrganisation, facts.referrer_organisation.clone()),
        (Placeholder::ConcernSummary, if facts.concern_summary.trim().is_empty() { contact.summary.clone() } else { facts.concern_summary.clone() }),
        (Placeholder::Outcome, facts.outcome.clone()),
        (Placeholder::WorkerName, facts.worker_name.clone()),
    ] {
        values.insert(p.slug().to_string(), v);
    }

    let mut rendered = Vec::new();
    for r in recipients {
        values.insert(Placeholder::RecipientName.slug().to_string(), r.name.trim().to_string());
        values.insert(Placeholder::RecipientRole.slug().to_string(), r.role.label().to_string());
        match render_active(store, letter, &values, now).await? {
            Ok(x) => rendered.push(x),
            Err(missing) => {
                let words: Vec<String> = missing.iter().map(|m| placeholder_words(m)).collect();
                return Err(IssueError::Invalid(vec![FieldError::new("outcome", format!("The letter needs {} before it can be sent", words.join(", ")))]));
            }
        }
    }

    let mut ids = Vec::new();
    for (r, x) in recipients.iter().zip(rendered) {
        let identity = format!(
            "{contact_id}|{}|{step}|{}|{}|{}|{}",
            letter_slug(letter),
            r.role.slug(),
            r.channel.slug(),
            r.name.trim().to_lowercase(),
            if r.channel == Channel::Email { r.email.trim().to_lowercase() } else { r.address.trim().to_lowercase() }
        );
        let key = hex::encode(Sha256::digest(identity.as_bytes()));
        let (id, _new) = store
            .queue_communication(
                NewCommunication {
                    idempotency_key: &key,
                    contact_id,
                    letter_kind: letter_slug(letter),
                    template_version: x.version,
                    recipient_name: r.name.trim(),
                    recipient_role: r.role.slug(),
                    channel: r.channel.slug(),
                    recipient_email: r.email.trim(),
                    recipient_address: r.address.trim(),
                    subject: &x.subject,
                    body: &x.body,
                    status: CommunicationStatus::initial(r.channel).slug(),
                    created_by: by_username,
                },
                now,
            )
            .await?;
        ids.push(id);
    }
    Ok(ids)
}

/// [`issue_with_store`] for a server function: as the signed-in user, audited on the contact.
/// The caller has already checked the user's role and their access to the contact.
pub async fn issue(ctx: &Ctx, contact_id: &str, letter: Letter, recipients: &[Recipient], facts: &LetterFacts, step: &str) -> Result<Result<Vec<String>, Vec<FieldError>>, AppError> {
    let s = ctx.staff()?;
    match issue_with_store(&ctx.state.store, &s.user.username, contact_id, letter, recipients, facts, step, ctx.now()).await {
        Ok(ids) => {
            let to: Vec<String> = recipients.iter().map(|r| format!("{} ({}, {})", r.name.trim(), r.role.label(), r.channel.label())).collect();
            let summary = format!("Issued “{}” to {}", domain::letters::letter_title(letter), to.join("; "));
            ctx.audit(AuditAction::Create, RecordKind::Contact, contact_id, &summary, None).await?;
            Ok(Ok(ids))
        }
        Err(IssueError::Invalid(errors)) => Ok(Err(errors)),
        Err(IssueError::NoSuchContact(_)) => Err(AppError::NotFound),
        Err(IssueError::Storage(e)) => Err(ctx.internal(e)),
    }
}

/// A communication for the signed-in reader: the contact must be in their worklists or opened
/// with a reason this session, or they work the communications lists (Business Support and
/// managers print letters for any contact). Every opening is audited on the contact.
pub async fn communication_for_reader(ctx: &Ctx, id: &str, what: &str) -> Result<storage::CommunicationRow, AppError> {
    use super::access::{access, Access};
    use domain::roles::RoleSet;
    let s = ctx.staff()?.clone();
    if !s.user.can_open_case_records() {
        return Err(AppError::Forbidden);
    }
    let c = ctx.state.store.communication(id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
    let reason = match access(ctx, &s, RecordKind::Contact, &c.contact_id).await? {
        Access::Worklist => None,
        Access::Reason(r) => Some(r),
        Access::NeedsReason if domain::letters::works_communications(&s.user.roles) => None,
        Access::NeedsReason => {
            ctx.audit(AuditAction::Refused, RecordKind::Contact, &c.contact_id, &format!("{what} refused: contact not in worklists"), None).await?;
            return Err(AppError::Forbidden);
        }
    };
    let summary = format!("{what} to {} on {}", c.recipient_name, c.contact_reference);
    ctx.audit(AuditAction::Read, RecordKind::Contact, &c.contact_id, &summary, reason.as_deref()).await?;
    Ok(c)
}
