//! Case notes: written once and linked to every child they concern, shown on each child's
//! record, withdrawn (never deleted) and restored. Every read and change is audited on each
//! record it touches; access is the record-access rule of `ssr::access`.

use crate::error::AppError;
use domain::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChildOption {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoteTypeOption {
    pub slug: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WithdrawnView {
    pub by: String,
    pub at: String,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoteView {
    pub id: String,
    pub type_label: String,
    pub text: String,
    pub author: String,
    pub written: String,
    pub contact_id: Option<String>,
    pub contact_reference: Option<String>,
    pub children: Vec<ChildOption>,
    pub withdrawn: Option<WithdrawnView>,
    pub can_withdraw: bool,
    pub can_restore: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotesView {
    /// Newest first; withdrawn notes are listed, marked, with their text folded away.
    pub notes: Vec<NoteView>,
    /// The children a new note may be linked to (the contact's child and those recorded at the
    /// same address until the person index records siblings).
    pub children: Vec<ChildOption>,
    /// Ticked to begin with: the record's own child (or the contact's).
    pub default_children: Vec<String>,
    pub types: Vec<NoteTypeOption>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum NoteOutcome {
    Saved { message: String },
    /// Mistakes or a refusal by the rules, each against its field (`note_type`, `text`,
    /// `children`, `reason`, or `note` for the note as a whole).
    Invalid { errors: Vec<FieldError> },
}

#[cfg(feature = "ssr")]
fn note_types() -> Vec<NoteTypeOption> {
    domain::notes::NoteType::ALL.iter().map(|t| NoteTypeOption { slug: t.slug().to_string(), label: t.label().to_string() }).collect()
}

/// The record a notes request is anchored on: a person's page or a contact's page.
#[cfg(feature = "ssr")]
struct Anchor {
    kind: domain::audit::RecordKind,
    id: String,
    /// The children the anchor is about (a contact may concern several siblings); the
    /// household choices come from them.
    people: Vec<String>,
    label: String,
    reason: Option<String>,
}

/// Loads the anchor and checks the reader may see it (403 when a reason would be needed: the
/// record page asks for it first).
#[cfg(feature = "ssr")]
async fn anchor(ctx: &crate::ssr::Ctx, person_id: &str, contact_id: &str) -> Result<Anchor, AppError> {
    use domain::audit::{AuditAction, RecordKind};
    use domain::roles::RoleSet;
    let s = ctx.staff()?.clone();
    let store = &ctx.state.store;
    let (kind, id, person, label) = if !contact_id.is_empty() {
        let c = store.get_contact(contact_id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
        let children = store.contact_children(&c.id).await.map_err(|e| ctx.internal(e))?;
        (RecordKind::Contact, c.id, children.into_iter().map(|ch| ch.person_id).collect(), format!("contact {}", c.reference))
    } else {
        let p = store.get_person(person_id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
        (RecordKind::Person, p.id, vec![person_id.to_string()], format!("{} {}", p.given_name, p.family_name))
    };
    if !s.user.can_open_case_records() {
        ctx.audit(AuditAction::Refused, kind, &id, "Case notes: role does not work with case records", None).await?;
        return Err(AppError::Forbidden);
    }
    let reason = crate::ssr::access::require(ctx, &s, kind, &id).await?;
    Ok(Anchor { kind, id, people: person, label, reason })
}

#[cfg(feature = "ssr")]
async fn household(ctx: &crate::ssr::Ctx, people: &[String]) -> Result<Vec<ChildOption>, AppError> {
    let mut out: Vec<ChildOption> = Vec::new();
    for person_id in people {
        let found = ctx.state.store.people_at_same_address(person_id).await.map_err(|e| ctx.internal(e))?;
        for p in found {
            if !out.iter().any(|o| o.id == p.id) {
                out.push(ChildOption { id: p.id, name: format!("{} {}", p.given_name, p.family_name).trim().to_string() });
            }
        }
    }
    Ok(out)
}

#[cfg(feature = "ssr")]
fn note_view(n: storage::CaseNoteRow, user: &domain::StaffUser, now: chrono::DateTime<chrono::Utc>) -> NoteView {
    use domain::notes::{can_offer_restore, may_withdraw, NoteType};
    let withdrawn = n.withdrawal.as_ref();
    NoteView {
        can_withdraw: may_withdraw(&n.author_id, withdrawn.is_some(), &user.id, &user.roles).is_ok(),
        can_restore: withdrawn.is_some_and(|w| can_offer_restore(&w.by_id, w.at, &user.id, &user.roles, now)),
        withdrawn: n.withdrawal.map(|w| WithdrawnView { by: w.by_name, at: domain::display::date_time(w.at), reason: w.reason }),
        id: n.id,
        type_label: NoteType::from_slug(&n.note_type).map(|t| t.label().to_string()).unwrap_or(n.note_type),
        text: n.body,
        author: n.author_name,
        written: domain::display::date_time(n.written_at),
        contact_id: n.contact_id,
        contact_reference: n.contact_reference,
        children: n.people.into_iter().map(|p| ChildOption { id: p.id, name: p.name }).collect(),
    }
}

#[cfg(feature = "ssr")]
async fn list(person_id: String, contact_id: String) -> Result<NotesView, AppError> {
    use crate::ssr::Ctx;
    use domain::audit::{AuditAction, RecordKind};
    let ctx = Ctx::load()?;
    let a = anchor(&ctx, &person_id, &contact_id).await?;
    let store = &ctx.state.store;
    let rows = match a.kind {
        RecordKind::Contact => store.case_notes_for_contact(&a.id).await,
        _ => store.case_notes_for_person(&a.id).await,
    }
    .map_err(|e| ctx.internal(e))?;
    let user = ctx.staff()?.user.clone();
    let now = ctx.now();
    let notes = rows.into_iter().map(|n| note_view(n, &user, now)).collect();
    ctx.audit(AuditAction::Read, a.kind, &a.id, &format!("Read the case notes of {}", a.label), a.reason.as_deref()).await?;
    Ok(NotesView { notes, children: household(&ctx, &a.people).await?, default_children: a.people, types: note_types() })
}

/// The notes linked to a child, newest first.
#[server(prefix = "/api", endpoint = "notes/for_person")]
pub async fn notes_for_person(person_id: String) -> Result<NotesView, AppError> {
    crate::ssr::respond(list(person_id, String::new()).await)
}

/// The notes written on a contact, newest first.
#[server(prefix = "/api", endpoint = "notes/for_contact")]
pub async fn notes_for_contact(contact_id: String) -> Result<NotesView, AppError> {
    crate::ssr::respond(list(String::new(), contact_id).await)
}

/// Writes a note once and links it to every chosen child. Give `contact_id` when it is written
/// on a contact, otherwise `person_id`. `children` are person ids (`children[0]=…`).
/// The draft of a new note on a record (issue 9 point 1): one per record and author.
pub fn note_draft_key(person_id: &str, contact_id: &str) -> String {
    if contact_id.is_empty() { format!("note:person:{person_id}") } else { format!("note:contact:{contact_id}") }
}

#[server(prefix = "/api", endpoint = "notes/add")]
pub async fn add_note(
    note_type: String,
    text: String,
    #[server(default)] children: Vec<String>,
    #[server(default)] contact_id: String,
    #[server(default)] person_id: String,
    // "Missing status: found" only: when the child came back (`YYYY-MM-DDTHH:MM`, UK time;
    // empty means now). The return interview's 72-hour clock starts there (seed 003 §7).
    #[server(default)] returned_at: String,
) -> Result<NoteOutcome, AppError> {
    use crate::ssr::access::{access, Access};
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::notes::{check_new_note, NoteType};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let a = anchor(&ctx, &person_id, &contact_id).await?;
            let s = ctx.staff()?.clone();
            let v = check_new_note(&note_type, &text, &children);
            if !v.is_ok() {
                return Ok(NoteOutcome::Invalid { errors: v.errors });
            }
            let found = NoteType::from_slug(&note_type) == Some(NoteType::MissingStatusFound);
            let returned = if found {
                match domain::missing::check_returned_at(&returned_at, ctx.now()) {
                    Ok(at) => Some(at),
                    Err(v) => return Ok(NoteOutcome::Invalid { errors: v.errors }),
                }
            } else {
                None
            };
            // A child outside the anchor's household must be open to the writer on their own.
            let offered = household(&ctx, &a.people).await?;
            let mut names = Vec::new();
            for child in &children {
                if let Some(o) = offered.iter().find(|o| &o.id == child) {
                    names.push((o.id.clone(), o.name.clone()));
                    continue;
                }
                let p = ctx.state.store.get_person(child).await.map_err(|e| ctx.internal(e))?;
                let open = match &p {
                    Some(_) => !matches!(access(&ctx, &s, RecordKind::Person, child).await?, Access::NeedsReason),
                    None => false,
                };
                match p.filter(|_| open) {
                    Some(p) => names.push((p.id, format!("{} {}", p.given_name, p.family_name))),
                    None => {
                        let message = "You can only add a note to a child in this family or whose record you have open";
                        return Ok(NoteOutcome::Invalid { errors: vec![FieldError::new("children", message)] });
                    }
                }
            }
            let t = NoteType::from_slug(&note_type).ok_or(AppError::NotFound)?;
            let contact = (a.kind == RecordKind::Contact).then_some(a.id.as_str());
            let id = ctx
                .state
                .store
                .add_case_note(storage::NewCaseNote { note_type: t.slug(), body: &text, contact_id: contact, author_id: &s.user.id, person_ids: &children }, ctx.now())
                .await
                .map_err(|e| ctx.internal(e))?;
            let all: Vec<&str> = names.iter().map(|(_, n)| n.as_str()).collect();
            let summary = format!("Added a case note ({}, {id}) about {}", t.label(), all.join(", "));
            for (pid, _) in &names {
                ctx.audit(AuditAction::Create, RecordKind::Person, pid, &summary, a.reason.as_deref()).await?;
            }
            if let Some(c) = contact {
                ctx.audit(AuditAction::Create, RecordKind::Contact, c, &summary, a.reason.as_deref()).await?;
            }
            if let Some(at) = returned {
                crate::api::missing::open_for_found_note(&ctx, &id, &children, at, &s.user.id, a.reason.as_deref()).await?;
            }
            // The note is saved, so its draft is done with.
            crate::api::drafts::clear(&ctx, &s.user.id, &note_draft_key(&person_id, &contact_id)).await?;
            let mut message = if names.len() == 1 { "The note has been added.".to_string() } else { format!("The note has been added to {} children's records.", names.len()) };
            if matches!(t, NoteType::MissingStatusMissing | NoteType::MissingStatusUpdate | NoteType::MissingStatusFound) {
                message.push_str(&copy_missing_children_worker(&ctx, contact, &children, &id, &text).await?);
            }
            if returned.is_some() {
                message.push_str(" The return interview is due within 72 hours of the child's return: see Return interviews on the child's record.");
            }
            Ok(NoteOutcome::Saved { message })
        }
        .await,
    )
}

/// Seed 003 §7: every missing-status note is copied to the missing-children partner worker (a
/// service contact the council keeps). Letters belong to a contact: the one the note was written
/// on, else the child's latest. What happened is said back to the writer; the note's id makes a
/// retry send it once.
#[cfg(feature = "ssr")]
async fn copy_missing_children_worker(ctx: &crate::ssr::Ctx, contact: Option<&str>, children: &[String], note_id: &str, text: &str) -> Result<String, AppError> {
    use domain::audit::{AuditAction, RecordKind};
    let store = &ctx.state.store;
    let from = match (contact, children.first()) {
        (Some(c), _) => Some(c.to_string()),
        (None, Some(child)) => store.contacts_for_person(child).await.map_err(|e| ctx.internal(e))?.into_iter().next().map(|c| c.id),
        (None, None) => None,
    };
    let detail = match from {
        Some(id) => store.get_contact_detail(&id).await.map_err(|e| ctx.internal(e))?,
        None => None,
    };
    let Some(detail) = detail else {
        return Ok(" The missing-children partner worker was not copied in: the child has no contact to send the copy from, so tell them by phone.".into());
    };
    let said = crate::ssr::workflow_letters::send_for_decision(ctx, &detail, &[domain::rules::Letter::MissingChildNoteCopy], &format!("note-{note_id}"), text).await;
    ctx.audit(AuditAction::Update, RecordKind::Contact, &detail.id, &format!("Copied in on case note {note_id}: {}", said.join("; ")), None).await?;
    Ok(format!(" {}.", said.join("; ")))
}

/// Loads a note for a change and checks the reader may see at least one record it is on.
#[cfg(feature = "ssr")]
async fn note_for_change(ctx: &crate::ssr::Ctx, note_id: &str) -> Result<(storage::CaseNoteRow, Option<String>), AppError> {
    use crate::ssr::access::{access, Access};
    use domain::audit::RecordKind;
    use domain::roles::RoleSet;
    let s = ctx.staff()?.clone();
    if !s.user.can_open_case_records() {
        return Err(AppError::Forbidden);
    }
    let note = ctx.state.store.case_note(note_id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
    let mut records: Vec<(RecordKind, String)> = note.people.iter().map(|p| (RecordKind::Person, p.id.clone())).collect();
    records.extend(note.contact_id.clone().map(|c| (RecordKind::Contact, c)));
    for (kind, id) in records {
        match access(ctx, &s, kind, &id).await? {
            Access::Worklist => return Ok((note, None)),
            Access::Reason(r) => return Ok((note, Some(r))),
            Access::NeedsReason => {}
        }
    }
    Err(AppError::Forbidden)
}

#[cfg(feature = "ssr")]
async fn audit_note_change(ctx: &crate::ssr::Ctx, note: &storage::CaseNoteRow, summary: &str, reason: Option<&str>) -> Result<(), AppError> {
    use domain::audit::{AuditAction, RecordKind};
    for p in &note.people {
        ctx.audit(AuditAction::Update, RecordKind::Person, &p.id, summary, reason).await?;
    }
    if let Some(c) = &note.contact_id {
        ctx.audit(AuditAction::Update, RecordKind::Contact, c, summary, reason).await?;
    }
    Ok(())
}

/// Withdraws a note (its author or a manager), with the reason. Nothing is deleted.
#[server(prefix = "/api", endpoint = "notes/withdraw")]
pub async fn withdraw_note(note_id: String, reason: String) -> Result<NoteOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::notes::{check_withdraw_reason, may_withdraw, NoteRefusal};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let (note, _) = note_for_change(&ctx, &note_id).await?;
            let s = ctx.staff()?.clone();
            if let Err(refusal) = may_withdraw(&note.author_id, note.withdrawal.is_some(), &s.user.id, &s.user.roles) {
                return Ok(NoteOutcome::Invalid { errors: vec![FieldError::new("note", refusal.to_string())] });
            }
            let v = check_withdraw_reason(&reason);
            if !v.is_ok() {
                return Ok(NoteOutcome::Invalid { errors: v.errors });
            }
            if !ctx.state.store.withdraw_case_note(&note.id, &s.user.id, reason.trim(), ctx.now()).await.map_err(|e| ctx.internal(e))? {
                return Ok(NoteOutcome::Invalid { errors: vec![FieldError::new("note", NoteRefusal::AlreadyWithdrawn.to_string())] });
            }
            audit_note_change(&ctx, &note, &format!("Withdrew case note {}", note.id), Some(reason.trim())).await?;
            let message = format!("The note has been withdrawn. You can restore it in the next {} minutes; after that, ask a manager.", domain::notes::UNDO_MINUTES);
            Ok(NoteOutcome::Saved { message })
        }
        .await,
    )
}

/// Restores a withdrawn note: whoever withdrew it, for a short time; a manager, at any time.
#[server(prefix = "/api", endpoint = "notes/restore")]
pub async fn restore_note(note_id: String) -> Result<NoteOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::notes::{may_restore, NoteRefusal, Withdrawal};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let (note, reason) = note_for_change(&ctx, &note_id).await?;
            let s = ctx.staff()?.clone();
            let w = note.withdrawal.as_ref().map(|w| Withdrawal { by: &w.by_id, at: w.at });
            if let Err(refusal) = may_restore(w, &s.user.id, &s.user.roles, ctx.now()) {
                return Ok(NoteOutcome::Invalid { errors: vec![FieldError::new("note", refusal.to_string())] });
            }
            if !ctx.state.store.restore_case_note(&note.id, &s.user.id, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                return Ok(NoteOutcome::Invalid { errors: vec![FieldError::new("note", NoteRefusal::NotWithdrawn.to_string())] });
            }
            audit_note_change(&ctx, &note, &format!("Restored case note {}", note.id), reason.as_deref()).await?;
            Ok(NoteOutcome::Saved { message: "The note has been restored.".to_string() })
        }
        .await,
    )
}
