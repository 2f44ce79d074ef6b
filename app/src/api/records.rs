//! Opening a child's or family's record. Every open is audited; a record outside the reader's
//! worklists opens only after they give a reason (break-glass), which is audited too; managers
//! can read a record's access history.

use crate::error::AppError;
use domain::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactSummary {
    pub id: String,
    pub reference: String,
    pub status: String,
    pub summary: String,
    pub received: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonView {
    pub id: String,
    pub name: String,
    pub date_of_birth: Option<String>,
    pub address: String,
    pub postcode: String,
    pub contacts: Vec<ContactSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactView {
    pub id: String,
    pub reference: String,
    pub person_id: String,
    pub person_name: String,
    pub status: String,
    pub summary: String,
    pub assigned_to: String,
    pub received: String,
    /// Threshold levels recorded on the contact, newest first, each with its rule versions.
    pub decisions: Vec<crate::api::decisions::DecisionRow>,
    /// Whether the reader's roles may record a level here.
    pub can_decide_level: bool,
    /// The front door's work on the contact: its children, steps, history and the reader's step.
    pub workflow: Option<crate::api::workflow::WorkflowView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RecordBody {
    Person(PersonView),
    Contact(ContactView),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RecordOutcome {
    Opened {
        body: RecordBody,
        /// The reason given to open it outside the reader's worklists, shown as a reminder.
        reason: Option<String>,
        can_view_access_history: bool,
    },
    /// Not in the reader's worklists: nothing about the record is sent until a reason is given.
    ReasonRequired,
    Invalid { errors: Vec<FieldError> },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccessRow {
    pub at: String,
    pub who: String,
    pub roles: String,
    pub action: String,
    pub summary: String,
    pub reason: Option<String>,
    pub address: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccessHistoryView {
    pub kind: String,
    pub record_label: String,
    pub entries: Vec<AccessRow>,
}

/// Opens a person (`kind = "person"`) or contact (`kind = "contact"`). `reason` is sent only from
/// the break-glass form.
#[server(prefix = "/api", endpoint = "records/open")]
pub async fn open_record(kind: String, id: String, #[server(default)] reason: String) -> Result<RecordOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{validate_break_glass_reason, AuditAction, RecordKind};
    use domain::roles::RoleSet;

    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.staff()?.clone();
            let kind = RecordKind::from_slug(&kind).filter(|k| k.is_case_record()).ok_or(AppError::NotFound)?;
            if !s.user.can_open_case_records() {
                ctx.audit(AuditAction::Refused, kind, &id, "Role does not work with case records", None).await?;
                return Err(AppError::Forbidden);
            }
            let store = &ctx.state.store;
            let label = match kind {
                RecordKind::Person => store.get_person(&id).await.map_err(|e| ctx.internal(e))?.map(|p| format!("{} {}", p.given_name, p.family_name)),
                _ => store.get_contact(&id).await.map_err(|e| ctx.internal(e))?.map(|c| c.reference),
            };
            let Some(label) = label else { return Err(AppError::NotFound) };

            use crate::ssr::access::{access, Access};
            let mut reason_used = None;
            let granted = access(&ctx, &s, kind, &id).await?;
            if !matches!(granted, Access::Worklist) {
                match (granted, reason.trim()) {
                    (Access::Reason(earlier), "") => reason_used = Some(earlier),
                    (_, "") => return Ok(RecordOutcome::ReasonRequired),
                    (_, given) => {
                        let v = validate_break_glass_reason(given);
                        if !v.is_ok() {
                            return Ok(RecordOutcome::Invalid { errors: v.errors });
                        }
                        store.grant_access(&s.token_hash, kind, &id, given, ctx.now()).await.map_err(|e| ctx.internal(e))?;
                        ctx.audit(AuditAction::BreakGlass, kind, &id, &format!("Opened {label} outside worklists"), Some(given)).await?;
                        reason_used = Some(given.to_string());
                    }
                }
            }

            let body = match kind {
                RecordKind::Person => RecordBody::Person(load_person(&ctx, &id).await?),
                _ => RecordBody::Contact(load_contact(&ctx, &id).await?),
            };
            ctx.audit(AuditAction::Read, kind, &id, &format!("Opened {label}"), reason_used.as_deref()).await?;
            Ok(RecordOutcome::Opened { body, reason: reason_used, can_view_access_history: s.user.can_view_access_history() })
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
async fn load_person(ctx: &crate::ssr::Ctx, id: &str) -> Result<PersonView, AppError> {
    let store = &ctx.state.store;
    let p = store.get_person(id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
    let contacts = store
        .contacts_for_person(id)
        .await
        .map_err(|e| ctx.internal(e))?
        .into_iter()
        .map(|c| ContactSummary {
            id: c.id,
            reference: c.reference,
            status: c.status,
            summary: c.summary,
            received: domain::display::date_time(c.received_at),
        })
        .collect();
    Ok(PersonView {
        id: p.id,
        name: format!("{} {}", p.given_name, p.family_name),
        date_of_birth: p.date_of_birth.map(domain::display::date),
        address: p.address,
        postcode: p.postcode,
        contacts,
    })
}

#[cfg(feature = "ssr")]
async fn load_contact(ctx: &crate::ssr::Ctx, id: &str) -> Result<ContactView, AppError> {
    let store = &ctx.state.store;
    let c = store.get_contact(id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
    let person = match &c.person_id {
        Some(p) => store.get_person(p).await.map_err(|e| ctx.internal(e))?,
        None => None,
    };
    let assigned_to = match (&c.assigned_user_name, &c.assigned_team_name) {
        (Some(u), Some(t)) => format!("{u} ({t})"),
        (Some(u), None) => u.clone(),
        (None, Some(t)) => t.clone(),
        (None, None) => "Not assigned".to_string(),
    };
    Ok(ContactView {
        id: c.id,
        reference: c.reference,
        person_id: c.person_id.clone().unwrap_or_default(),
        person_name: person.map(|p| format!("{} {}", p.given_name, p.family_name)).unwrap_or_else(|| "No child identified".into()),
        status: c.status,
        summary: c.summary,
        assigned_to,
        received: domain::display::date_time(c.received_at),
        decisions: crate::api::decisions::decisions_for(ctx, id).await?,
        can_decide_level: ctx.staff().map(|s| domain::roles::RoleSet::can_decide_level(&s.user)).unwrap_or(false),
        workflow: crate::api::workflow::workflow_view(ctx, id).await?,
    })
}

/// Who opened or changed a record, newest first. Managers only; viewing it is itself audited.
#[server(prefix = "/api", endpoint = "records/access_history")]
pub async fn access_history(kind: String, id: String) -> Result<AccessHistoryView, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::roles::RoleSet;

    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.staff()?.clone();
            let kind = RecordKind::from_slug(&kind).filter(|k| k.is_case_record()).ok_or(AppError::NotFound)?;
            if !s.user.can_view_access_history() {
                ctx.audit(AuditAction::Refused, kind, &id, "Access history is for managers", None).await?;
                return Err(AppError::Forbidden);
            }
            let store = &ctx.state.store;
            let label = match kind {
                RecordKind::Person => store.get_person(&id).await.map_err(|e| ctx.internal(e))?.map(|p| format!("{} {}", p.given_name, p.family_name)),
                _ => store.get_contact(&id).await.map_err(|e| ctx.internal(e))?.map(|c| format!("Contact {}", c.reference)),
            };
            let Some(record_label) = label else { return Err(AppError::NotFound) };
            let entries = store
                .audit_for_record(kind, &id, 500)
                .await
                .map_err(|e| ctx.internal(e))?
                .into_iter()
                .map(|e| AccessRow {
                    at: domain::display::date_time(e.at),
                    who: e.username,
                    roles: e
                        .roles
                        .split(',')
                        .filter_map(domain::Role::from_slug)
                        .map(|r| r.label())
                        .collect::<Vec<_>>()
                        .join(", "),
                    action: e.action.label().to_string(),
                    summary: e.summary,
                    reason: e.reason,
                    address: e.ip,
                })
                .collect();
            ctx.audit(AuditAction::ViewAccessHistory, kind, &id, &format!("Viewed access history of {record_label}"), None).await?;
            Ok(AccessHistoryView { kind: kind.slug().to_string(), record_label, entries })
        }
        .await,
    )
}
