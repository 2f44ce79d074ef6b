//! The CASS phone line (issue 5 point 1; seed 000 "CASS Phone line", seed 001): a call starts a
//! contact held by the call handler, what they record is saved as they go, and the call ends
//! with a decision through `contacts/decide` like any other step.

use crate::error::AppError;
use domain::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum StartCallOutcome {
    Started { contact_id: String },
    Refused { errors: Vec<FieldError> },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SaveCallOutcome {
    Saved { version: i64 },
    Refused { errors: Vec<FieldError> },
    Stale { message: String },
}

/// What the call handler records about the call besides the essential questions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CallDetails {
    pub caller_kind: String,
    pub summary: String,
    pub concern: String,
    pub referrer_name: String,
    pub referrer_organisation: String,
    pub referrer_role: String,
    pub referrer_relationship: String,
    pub referrer_phone: String,
    pub referrer_email: String,
    pub contact_source: String,
    /// Person ids of the children the call is about.
    pub children: Vec<String>,
}

/// The longest one-line summary: it heads worklists; the concern itself has no limit.
pub const SUMMARY_MAX: usize = 200;

/// Checks what a call handler records. Shared: the browser shows the same messages at once.
pub fn check_call_details(d: &CallDetails) -> Vec<FieldError> {
    let mut e = Vec::new();
    if domain::rules::CallerKind::from_slug(&d.caller_kind).is_none() {
        e.push(FieldError::new("caller_kind", "Choose who is calling"));
    }
    if d.summary.chars().count() > SUMMARY_MAX {
        e.push(FieldError::new("summary", format!("Summary must be {SUMMARY_MAX} characters or fewer: the concern below has no limit")));
    }
    if domain::codes::contact_source_label(&d.contact_source).is_none() {
        e.push(FieldError::new("contact_source", "Choose the contact source"));
    }
    let email = d.referrer_email.trim();
    if !email.is_empty() && !(email.contains('@') && email.rsplit('@').next().is_some_and(|h| h.contains('.')) && !email.contains(char::is_whitespace)) {
        e.push(FieldError::new("referrer_email", "Enter an email address in the correct format, like name@example.com"));
    }
    e
}

/// Starts a call on the phone line: a new contact, held by the caller's handler.
#[server(prefix = "/api", endpoint = "calls/start")]
pub async fn start_call(caller_kind: String) -> Result<StartCallOutcome, AppError> {
    use crate::ssr::workflow::plan;
    use crate::ssr::{respond, rules, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::roles::Role;
    use domain::rules::{CallerKind, ContactChannel, Worklist};
    use domain::workflow::{slug_of, Assign, ContactFlow, NextStep, Stage};
    use domain::roles::RoleSet;

    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.staff()?.clone();
            let worklist = if s.user.has_role(Role::ReferralAndAdviceOfficer) {
                Worklist::CassReferralAndAdviceOfficer
            } else if s.user.has_role(Role::CassSocialWorker) {
                Worklist::CassSocialWorker
            } else {
                ctx.audit(AuditAction::Refused, RecordKind::Contact, "-", "Only RAOs and CASS Social Workers take calls", None).await?;
                return Err(AppError::Forbidden);
            };
            let Some(kind) = CallerKind::from_slug(&caller_kind) else {
                return Ok(StartCallOutcome::Refused { errors: vec![FieldError::new("caller_kind", "Choose who is calling")] });
            };
            let channel = if kind == CallerKind::Anonymous { ContactChannel::AnonymousCall } else { ContactChannel::Phone };
            let flow = ContactFlow::new(channel);
            let rules = rules::in_force(&ctx).await?;
            let now = ctx.now();
            let step = NextStep { stage: Stage::Call, worklist, assign: Assign::Actor };
            let planned = match plan(&ctx, "", &[step], &s.user.id, &rules, now).await? {
                Ok(p) => p,
                Err(missing) => return Ok(StartCallOutcome::Refused { errors: vec![FieldError::new("caller_kind", missing.to_string())] }),
            };
            let flow_json = serde_json::to_string(&flow).map_err(|e| ctx.internal(e))?;
            let channel_slug = slug_of(&channel);
            let store = &ctx.state.store;
            // A clash of random references is astronomically rare; try again rather than fail.
            let mut created = None;
            for _ in 0..5 {
                let bytes = uuid::Uuid::new_v4().into_bytes();
                let mut random = [0u8; 8];
                random.copy_from_slice(&bytes[..8]);
                let reference = domain::codes::readable_reference("C", random);
                let new = storage::NewCaseContact {
                    reference: &reference,
                    status: "call",
                    channel: &channel_slug,
                    caller_kind: Some(kind.slug()),
                    summary: "",
                    concern: "",
                    referrer: storage::Referrer::default(),
                    contact_source: domain::codes::default_source_for(kind),
                    flow: &flow_json,
                    level: None,
                    received_at: now,
                    created_by: &s.user.id,
                    children: &[],
                    repeat_within_7_days: false,
                    referral_within_12_months: false,
                    first_items: planned.iter().map(|p| p.as_new()).collect(),
                };
                match store.create_case_contact(new, now).await {
                    Ok(id) => {
                        created = Some((id, reference));
                        break;
                    }
                    Err(storage::StorageError::Conflict(_)) => continue,
                    Err(e) => return Err(ctx.internal(e)),
                }
            }
            let Some((id, reference)) = created else { return Err(ctx.internal("no free contact reference")) };
            ctx.audit(AuditAction::Create, RecordKind::Contact, &id, &format!("Started call {reference} ({})", kind.label()), None).await?;
            Ok(StartCallOutcome::Started { contact_id: id })
        }
        .await,
    )
}

/// Saves what has been recorded on a call in progress (the concern, the caller, the children).
#[server(prefix = "/api", endpoint = "calls/save", input = leptos::server_fn::codec::Json)]
pub async fn save_call(contact_id: String, version: i64, details: CallDetails) -> Result<SaveCallOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::workflow::{repeat_flags, Stage};
    use storage::Applied;

    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.staff()?.clone();
            let store = &ctx.state.store;
            let contact = store.get_contact_detail(&contact_id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            let items = store.work_items_for_contact(&contact_id).await.map_err(|e| ctx.internal(e))?;
            let holds_call = items
                .iter()
                .any(|i| i.status == "open" && i.stage == Stage::Call.slug() && i.assigned_user_id.as_deref() == Some(s.user.id.as_str()));
            if contact.status != "call" || !holds_call {
                ctx.audit(AuditAction::Refused, RecordKind::Contact, &contact_id, "Saving a call the user does not hold", None).await?;
                return Err(AppError::Forbidden);
            }
            let mut errors = check_call_details(&details);
            let mut children = Vec::new();
            for id in &details.children {
                if store.get_person(id).await.map_err(|e| ctx.internal(e))?.is_none() {
                    errors.push(FieldError::new("children", "A child on this call no longer exists: search again"));
                } else if !children.contains(id) {
                    children.push(id.clone());
                }
            }
            if !errors.is_empty() {
                return Ok(SaveCallOutcome::Refused { errors });
            }
            if version != contact.details_version {
                return Ok(SaveCallOutcome::Stale { message: "This call was changed elsewhere. Your words are kept: check and save again.".into() });
            }
            let referrer = storage::Referrer {
                name: details.referrer_name.trim(),
                organisation: details.referrer_organisation.trim(),
                role: details.referrer_role.trim(),
                relationship: details.referrer_relationship.trim(),
                phone: details.referrer_phone.trim(),
                email: details.referrer_email.trim(),
                consent_given_by: "",
                consent_scopes: "",
            };
            let applied = store
                .update_call_details(
                    &contact_id,
                    version,
                    Some(details.caller_kind.as_str()),
                    details.summary.trim(),
                    &details.concern,
                    referrer,
                    &details.contact_source,
                    &children,
                    ctx.now(),
                )
                .await
                .map_err(|e| ctx.internal(e))?;
            let Applied::Yes { version } = applied else {
                return Ok(SaveCallOutcome::Stale { message: "This call was changed elsewhere. Your words are kept: check and save again.".into() });
            };
            // Repeat concerns are flagged as soon as the children are known (issue 5 point 8).
            let history = store.child_history(&children, Some(&contact_id)).await.map_err(|e| ctx.internal(e))?;
            let flags = repeat_flags(contact.received_at, &history.contacts, &history.referrals);
            store.set_repeat_flags(&contact_id, flags.repeat_within_7_days, flags.referral_within_12_months).await.map_err(|e| ctx.internal(e))?;
            ctx.audit(AuditAction::Update, RecordKind::Contact, &contact_id, &format!("Saved call {}", contact.reference), None).await?;
            Ok(SaveCallOutcome::Saved { version })
        }
        .await,
    )
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum HandBackOutcome {
    Created { contact_id: String, reference: String },
    Refused { errors: Vec<FieldError> },
}

/// Seed 000 "Emergency Duty Team": a case the out-of-hours service hands back to CASS because
/// further action is needed becomes a contact waiting for the TM/SP's initial analysis.
#[server(prefix = "/api", endpoint = "contacts/hand_back", input = leptos::server_fn::codec::Json)]
pub async fn hand_back(details: CallDetails) -> Result<HandBackOutcome, AppError> {
    use crate::ssr::workflow::plan;
    use crate::ssr::{respond, rules, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::roles::{Role, RoleSet};
    use domain::rules::{ContactChannel, Worklist};
    use domain::workflow::{repeat_flags, slug_of, Assign, ContactFlow, NextStep, Stage};

    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.staff()?.clone();
            if !s.user.has_role(Role::EmergencyDutyTeam) {
                ctx.audit(AuditAction::Refused, RecordKind::Contact, "-", "Only the Emergency Duty Team hands cases back", None).await?;
                return Err(AppError::Forbidden);
            }
            let mut d = details;
            // The hand-back records EDT's own account; the caller kind is not asked.
            d.caller_kind = "professional".into();
            if d.contact_source.is_empty() {
                d.contact_source = "5A".into();
            }
            let mut errors = check_call_details(&d);
            if d.summary.trim().is_empty() {
                errors.push(FieldError::new("summary", "Enter a one-line summary"));
            }
            if d.concern.trim().is_empty() {
                errors.push(FieldError::new("concern", "Say what happened out of hours and what CASS needs to do"));
            }
            let store = &ctx.state.store;
            let mut children = Vec::new();
            for id in &d.children {
                if store.get_person(id).await.map_err(|e| ctx.internal(e))?.is_some() && !children.contains(id) {
                    children.push(id.clone());
                }
            }
            if children.is_empty() {
                errors.push(FieldError::new("children", "Find the child or children this is about"));
            }
            if !errors.is_empty() {
                return Ok(HandBackOutcome::Refused { errors });
            }
            let rules = rules::in_force(&ctx).await?;
            let now = ctx.now();
            let step = NextStep { stage: Stage::InitialAnalysis, worklist: Worklist::CassTeamManager, assign: Assign::Pool };
            let planned = match plan(&ctx, "", &[step], &s.user.id, &rules, now).await? {
                Ok(p) => p,
                Err(missing) => return Ok(HandBackOutcome::Refused { errors: vec![FieldError::new("summary", missing.to_string())] }),
            };
            let flow = serde_json::to_string(&ContactFlow::new(ContactChannel::EdtHandBack)).map_err(|e| ctx.internal(e))?;
            let history = store.child_history(&children, None).await.map_err(|e| ctx.internal(e))?;
            let flags = repeat_flags(now, &history.contacts, &history.referrals);
            let channel = slug_of(&ContactChannel::EdtHandBack);
            let referrer = storage::Referrer {
                name: &s.user.display_name,
                organisation: "Emergency Duty Team",
                role: d.referrer_role.trim(),
                relationship: "Out-of-hours service",
                phone: d.referrer_phone.trim(),
                email: d.referrer_email.trim(),
                consent_given_by: "",
                consent_scopes: "",
            };
            for _ in 0..5 {
                let bytes = uuid::Uuid::new_v4().into_bytes();
                let mut random = [0u8; 8];
                random.copy_from_slice(&bytes[..8]);
                let reference = domain::codes::readable_reference("C", random);
                let new = storage::NewCaseContact {
                    reference: &reference,
                    status: "open",
                    channel: &channel,
                    caller_kind: None,
                    summary: d.summary.trim(),
                    concern: &d.concern,
                    referrer,
                    contact_source: &d.contact_source,
                    flow: &flow,
                    level: None,
                    received_at: now,
                    created_by: &s.user.id,
                    children: &children,
                    repeat_within_7_days: flags.repeat_within_7_days,
                    referral_within_12_months: flags.referral_within_12_months,
                    first_items: planned.iter().map(|p| p.as_new()).collect(),
                };
                match store.create_case_contact(new, now).await {
                    Ok(id) => {
                        ctx.audit(AuditAction::Create, RecordKind::Contact, &id, &format!("Emergency Duty Team hand-back {reference}"), None).await?;
                        crate::api::drafts::clear(&ctx, &s.user.id, "hand_back").await?;
                        return Ok(HandBackOutcome::Created { contact_id: id, reference });
                    }
                    Err(storage::StorageError::Conflict(_)) => continue,
                    Err(e) => return Err(ctx.internal(e)),
                }
            }
            Err(ctx.internal("no free contact reference"))
        }
        .await,
    )
}
