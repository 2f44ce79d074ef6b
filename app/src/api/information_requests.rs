//! Information requests from professionals (IRR) and OFSTED suitability checks via LADO (seed
//! 002, issue 6). Every function checks the caller's role with `domain::information_requests`,
//! re-runs the shared rules on its arguments, and audits on the request (and on each child whose
//! case notes it writes). Refusals a worker can act on are typed values; roles are 403.

use crate::error::AppError;
use domain::information_requests::IntakeForm;
use domain::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FolderRow {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub kind_label: String,
    pub status_label: String,
    pub urgent: bool,
    pub child: String,
    pub requester: String,
    pub age: String,
    pub due: String,
    pub tagged_by: Option<String>,
    pub tagged_by_me: bool,
}

/// The IRR folder and the requests around it, each list urgent first then oldest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FolderView {
    /// Waiting for the Business Support check.
    pub awaiting_check: Vec<FolderRow>,
    /// The IRR folder (the RAO queue).
    pub folder: Vec<FolderRow>,
    pub with_allocated_workers: Vec<FolderRow>,
    pub actioned: Vec<FolderRow>,
    pub may_check: bool,
    pub may_work: bool,
    pub may_pass_ofsted: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageView {
    pub kind_label: String,
    /// "Waiting to be sent", "Sent on …" or "Failed, will be tried again: …".
    pub status: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub when: String,
    pub by: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CandidateView {
    pub id: String,
    pub name: String,
    pub date_of_birth: String,
    /// What the person index records of Children's Social Care involvement, in words.
    pub csc: String,
    /// The allocated worker's e-mail address on an open involvement.
    pub worker_email: String,
}

/// The consent gate as it stands on the request's evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GateView {
    /// Consent given, or not needed under an exception: the response may be compiled.
    pub proceed: bool,
    pub basis: String,
    /// Why the professional must resubmit (when not `proceed` and nothing is missing).
    pub reasons: Vec<String>,
    /// What the RAO must supply first (a date of birth, what a professional showed).
    pub missing: Vec<FieldError>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DuplicateView {
    pub reference: String,
    pub received: String,
    pub response: Option<String>,
    pub responded: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestView {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub kind: String,
    pub kind_label: String,
    pub channel_label: String,
    pub status: String,
    pub status_label: String,
    pub outcome_label: Option<String>,
    pub urgent: bool,
    pub criteria: Vec<String>,
    pub said_urgent: bool,
    pub urgency_reason: String,
    pub requester_name: String,
    pub requester_organisation: String,
    pub requester_email: String,
    pub requester_phone: String,
    pub child_name: String,
    pub child_date_of_birth: String,
    pub child_address: String,
    pub family_details: String,
    pub information_needed: String,
    pub reason: String,
    pub consent_summary: String,
    pub ofsted_reference: String,
    pub applicant_name: String,
    pub applicant_date_of_birth: String,
    pub person_id: Option<String>,
    pub person_name: Option<String>,
    pub check_reply: String,
    pub checked_by: Option<String>,
    pub tagged_by: Option<String>,
    pub tagged_by_me: bool,
    pub gate: GateView,
    pub agreement_requested: bool,
    pub agreement: Option<String>,
    pub received: String,
    pub age: String,
    pub due: String,
    pub messages: Vec<MessageView>,
    /// The response's starting point from the recorded history.
    pub draft_period: String,
    pub draft_key_events: String,
    pub household: Vec<String>,
    pub candidates: Vec<CandidateView>,
    pub duplicate_of: Option<DuplicateView>,
    pub may_check: bool,
    pub may_tag: bool,
    /// The reader holds the request and may work it (urgency, consent, respond).
    pub may_work: bool,
    pub may_agree: bool,
}

/// The result of a step on a request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum IrrOutcome {
    Done { message: String },
    /// Mistakes against their fields (GOV.UK error summary).
    Invalid { errors: Vec<FieldError> },
    /// The rules or the request's state refuse the step; the message says why.
    Refused { message: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RecordOutcome {
    Created { id: String, reference: String },
    Invalid { errors: Vec<FieldError> },
    /// An OFSTED check already answered (or already with CASS): LADO answers OFSTED directly.
    Duplicate { duplicate: DuplicateView },
    Refused { message: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecureAddressesView {
    pub version: i64,
    pub entries: String,
    pub saved_by: String,
    pub saved: String,
    pub versions: Vec<(i64, String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SaveOutcome {
    Saved { version: i64 },
    Invalid { errors: Vec<FieldError> },
    /// Someone saved a newer version first.
    Stale,
}

#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn done(message: impl Into<String>) -> IrrOutcome {
    IrrOutcome::Done { message: message.into() }
}

#[cfg_attr(not(feature = "ssr"), allow(dead_code))]
fn refused(message: impl Into<String>) -> IrrOutcome {
    IrrOutcome::Refused { message: message.into() }
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::ssr::Ctx;
    use chrono::{DateTime, NaiveDate, Utc};
    use domain::audit::{AuditAction, RecordKind};
    use domain::information_requests as irr;
    use domain::information_requests::{RequestKind, RequestOutcome, RequestStatus};
    use domain::rules::Letter;
    use std::collections::BTreeMap;
    use storage::InformationRequestRow;

    pub async fn load(ctx: &Ctx, id: &str) -> Result<InformationRequestRow, AppError> {
        ctx.state.store.information_request(id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)
    }

    pub fn status(r: &InformationRequestRow) -> RequestStatus {
        RequestStatus::from_slug(&r.status).unwrap_or(RequestStatus::AwaitingCheck)
    }

    pub fn holder(r: &InformationRequestRow) -> Option<(&str, &str)> {
        r.tagged_by.as_deref().map(|id| (id, r.tagged_by_name.as_deref().unwrap_or("Another RAO")))
    }

    pub fn today(now: DateTime<Utc>) -> NaiveDate {
        domain::rules::uk_local_time(now).date()
    }

    pub async fn audit(ctx: &Ctx, action: AuditAction, id: &str, summary: &str) -> Result<(), AppError> {
        ctx.audit(action, RecordKind::InformationRequest, id, summary, None).await
    }

    /// Audits a note written on each child's record.
    pub async fn audit_people(ctx: &Ctx, people: &[String], summary: &str) -> Result<(), AppError> {
        for p in people {
            ctx.audit(AuditAction::Create, RecordKind::Person, p, summary, None).await?;
        }
        Ok(())
    }

    pub fn gate(r: &InformationRequestRow) -> Result<irr::GateOutcome, domain::Validation> {
        let record = irr::consent_record(&r.consent, &r.consent_given_by, &r.consent_form, &r.exception, &r.requester_organisation, &r.exception_details);
        irr::consent_gate(&record, today(r.received_at), r.child_date_of_birth)
    }

    pub fn consent_summary(r: &InformationRequestRow) -> String {
        match irr::consent_record(&r.consent, &r.consent_given_by, &r.consent_form, &r.exception, &r.requester_organisation, &r.exception_details) {
            irr::ConsentRecord::Given { given_by, form } => format!("{} gave {}", given_by.label(), form.label()),
            irr::ConsentRecord::Exception(e) => format!("Consent not needed: {}", e.label()),
            irr::ConsentRecord::NoConsent => "No consent given".to_string(),
        }
    }

    pub async fn contacts(ctx: &Ctx) -> Result<BTreeMap<String, String>, AppError> {
        crate::ssr::letters::contact_values(&ctx.state.store, ctx.now()).await.map_err(|e| ctx.internal(e))
    }

    /// Renders a letter template in force for a request; `Err(message)` names what is missing.
    pub async fn render(ctx: &Ctx, letter: Letter, r: &InformationRequestRow, recipient: &str, outcome: &str) -> Result<Result<(String, String), String>, AppError> {
        let mut values = contacts(ctx).await?;
        values.insert("recipient_name".into(), recipient.to_string());
        values.insert("child_name".into(), r.person_name.clone().unwrap_or_else(|| r.child_name.clone()));
        values.insert("reference".into(), r.reference.clone());
        values.insert("outcome".into(), outcome.to_string());
        values.insert("referrer_name".into(), r.requester_name.clone());
        values.insert("referrer_organisation".into(), r.requester_organisation.clone());
        // The sign-off names the person sending.
        values.insert("worker_name".into(), ctx.staff()?.user.display_name.clone());
        match crate::ssr::letters::render_active(&ctx.state.store, letter, &values, ctx.now()).await.map_err(|e| ctx.internal(e))? {
            Ok(rendered) => Ok(Ok((rendered.subject, rendered.body))),
            Err(missing) => Ok(Err(format!("The letter template cannot be completed: {} is missing. An administrator can set it.", missing.join(", ")))),
        }
    }

    pub async fn household(ctx: &Ctx, r: &InformationRequestRow) -> Result<Vec<String>, AppError> {
        match &r.person_id {
            Some(p) => crate::ssr::information_requests::household(&ctx.state.store, p, today(ctx.now())).await.map_err(|e| ctx.internal(e)),
            None => Ok(Vec::new()),
        }
    }

    pub async fn calendar(ctx: &Ctx) -> Result<domain::rules::WorkingCalendar, AppError> {
        Ok(crate::ssr::rules::in_force(ctx).await?.calendar)
    }

    pub fn row(r: &InformationRequestRow, me: &str, now: DateTime<Utc>, cal: &domain::rules::WorkingCalendar) -> FolderRow {
        let kind = RequestKind::from_slug(&r.kind).unwrap_or(RequestKind::Professional);
        FolderRow {
            id: r.id.clone(),
            reference: r.reference.clone(),
            title: r.title.clone(),
            kind_label: kind.label().to_string(),
            status_label: status(r).label().to_string(),
            urgent: r.urgent,
            child: r.person_name.clone().unwrap_or_else(|| r.child_name.clone()),
            requester: format!("{} ({})", r.requester_name, r.requester_organisation),
            age: irr::age_text(r.urgent, r.received_at, now, cal),
            due: irr::due_text(r.urgent, domain::rules::uk_local_time(r.due_at), now),
            tagged_by: r.tagged_by_name.clone(),
            tagged_by_me: r.tagged_by.as_deref() == Some(me),
        }
    }

    pub fn outcome_label(r: &InformationRequestRow) -> Option<String> {
        r.outcome.as_deref().and_then(RequestOutcome::from_slug).map(|o| o.label().to_string())
    }

    pub fn message_kind_label(kind: &str) -> &'static str {
        match kind {
            "level_one_reply" => "Business Support's reply",
            "worker_notice" => "Notice to the allocated worker and their Team Manager",
            "response" => "Response to the professional",
            "resubmit_with_consent" => "Request to resubmit with consent",
            "ofsted_response" => "Response to OFSTED",
            _ => "Message",
        }
    }
}

/// The IRR folder and the requests around it.
#[server(prefix = "/api", endpoint = "information-requests/folder")]
pub async fn irr_folder() -> Result<FolderView, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::information_requests as irr;
    use server::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| irr::may_read(&u.roles))?.clone();
            let cal = calendar(&ctx).await?;
            let now = ctx.now();
            let store = &ctx.state.store;
            let c = &ctx;
            let list = |statuses: &'static [&'static str]| async move { store.information_requests(statuses, 500).await.map_err(|e| c.internal(e)) };
            let rows = |v: Vec<storage::InformationRequestRow>| v.iter().map(|r| row(r, &s.user.id, now, &cal)).collect::<Vec<_>>();
            let awaiting = rows(list(&["awaiting_check"]).await?);
            let folder = rows(list(&["in_irr_folder"]).await?);
            let workers = rows(list(&["with_allocated_worker"]).await?);
            let mut actioned = list(&["actioned"]).await?;
            actioned.sort_by(|a, b| b.actioned_at.cmp(&a.actioned_at));
            actioned.truncate(50);
            let actioned = rows(actioned);
            ctx.audit(domain::audit::AuditAction::Read, domain::audit::RecordKind::InformationRequest, "folder", "Read the information requests folder", None).await?;
            Ok(FolderView {
                awaiting_check: awaiting,
                folder,
                with_allocated_workers: workers,
                actioned,
                may_check: irr::may_check(&s.user.roles),
                may_work: irr::may_work_folder(&s.user.roles),
                may_pass_ofsted: irr::may_pass_ofsted_check(&s.user.roles),
            })
        }
        .await,
    )
}

/// One request, with what the reader may do. Audited as a read of the request.
#[server(prefix = "/api", endpoint = "information-requests/get")]
pub async fn irr_get(id: String) -> Result<RequestView, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::information_requests as irr;
    use domain::information_requests::{RequestChannel, RequestKind};
    use server::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| irr::may_read(&u.roles))?.clone();
            let r = load(&ctx, &id).await?;
            let store = &ctx.state.store;
            let now = ctx.now();
            let cal = calendar(&ctx).await?;
            let roles = &s.user.roles;
            let st = status(&r);
            let gate_view = match gate(&r) {
                Ok(irr::GateOutcome::Proceed(d)) => GateView {
                    proceed: true,
                    basis: match d.basis {
                        domain::rules::consent::DisclosureBasis::Consent { evidence } => format!("Consent: {} gave {}", evidence.given_by.label(), evidence.form.label()),
                        domain::rules::consent::DisclosureBasis::Exception { exception } => format!("Consent is not needed: {}", exception.label()),
                        _ => "Consent is not needed".to_string(),
                    },
                    reasons: Vec::new(),
                    missing: Vec::new(),
                },
                Ok(irr::GateOutcome::ResubmitWithConsent { reasons }) => GateView { proceed: false, basis: String::new(), reasons, missing: Vec::new() },
                Err(v) => GateView { proceed: false, basis: String::new(), reasons: Vec::new(), missing: v.errors },
            };
            let household_ids = household(&ctx, &r).await?;
            let mut household_names = Vec::new();
            for p in &household_ids {
                if let Some(p) = store.get_person(p).await.map_err(|e| ctx.internal(e))? {
                    household_names.push(format!("{} {}", p.given_name, p.family_name).trim().to_string());
                }
            }
            let (draft_period, draft_key_events) = match &r.person_id {
                Some(p) => {
                    let h = crate::ssr::information_requests::recorded_history(store, p, &household_ids).await.map_err(|e| ctx.internal(e))?;
                    (irr::period_text(&h), irr::key_events_text(&h))
                }
                None => (String::new(), String::new()),
            };
            let candidates = if r.person_id.is_none() && irr::may_check(roles) && !r.child_name.trim().is_empty() {
                let family = r.child_name.split_whitespace().last().unwrap_or("");
                let found = store.people_named(family, 20).await.map_err(|e| ctx.internal(e))?;
                let ids: Vec<String> = found.iter().map(|(id, ..)| id.clone()).collect();
                let involvements = store.involvements_of(&ids).await.map_err(|e| ctx.internal(e))?;
                found
                    .into_iter()
                    .map(|(id, name, dob)| {
                        // Open first, then the most recent (the store's order).
                        let inv = involvements.iter().find(|i| i.person_id == id);
                        let csc = match inv {
                            Some(i) if i.status == "open" => format!("Open: allocated to {} ({})", i.worker_name, i.worker_team),
                            Some(i) => format!("Closed {}", i.closed_on.map(domain::display::date).unwrap_or_default()),
                            None => "No involvement recorded".to_string(),
                        };
                        CandidateView {
                            worker_email: inv.filter(|i| i.status == "open").map(|i| i.worker_email.clone()).unwrap_or_default(),
                            csc,
                            id,
                            name,
                            date_of_birth: dob.as_deref().and_then(irr::parse_date).map(domain::display::date).unwrap_or_default(),
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let duplicate_of = match &r.duplicate_of {
                Some(d) => match store.information_request(d).await.map_err(|e| ctx.internal(e))? {
                    Some(earlier) => {
                        let response = store.information_request_messages(&earlier.id).await.map_err(|e| ctx.internal(e))?.into_iter().rev().find(|m| m.message_kind == "ofsted_response");
                        Some(DuplicateView {
                            reference: earlier.reference,
                            received: domain::display::date_time(earlier.received_at),
                            responded: response.as_ref().map(|m| domain::display::date_time(m.created_at)),
                            response: response.map(|m| m.body),
                        })
                    }
                    None => None,
                },
                None => None,
            };
            let messages = store
                .information_request_messages(&r.id)
                .await
                .map_err(|e| ctx.internal(e))?
                .into_iter()
                .map(|m| MessageView {
                    status: match (m.status.as_str(), m.sent_at) {
                        ("sent", Some(at)) => format!("Sent {}", domain::display::date_time(at)),
                        ("failed_retrying", _) => format!("Failed, will be tried again: {}", m.last_error.clone().unwrap_or_default()),
                        _ => "Waiting to be sent".to_string(),
                    },
                    kind_label: message_kind_label(&m.message_kind).to_string(),
                    to: m.recipients.join(", "),
                    subject: m.subject,
                    body: m.body,
                    when: domain::display::date_time(m.created_at),
                    by: m.sent_by_name.unwrap_or_default(),
                })
                .collect();
            audit(&ctx, AuditAction::Read, &r.id, &format!("Read information request {}", r.reference)).await?;
            // The page shows the child's household and recorded history: a read of their record.
            if let Some(p) = &r.person_id {
                ctx.audit(AuditAction::Read, domain::audit::RecordKind::Person, p, &format!("Read the recorded history for information request {}", r.reference), None).await?;
            }
            let kind = RequestKind::from_slug(&r.kind).unwrap_or(RequestKind::Professional);
            Ok(RequestView {
                id: r.id.clone(),
                reference: r.reference.clone(),
                title: r.title.clone(),
                kind: r.kind.clone(),
                kind_label: kind.label().to_string(),
                channel_label: RequestChannel::from_slug(&r.channel).map(|c| c.label().to_string()).unwrap_or_default(),
                status: r.status.clone(),
                status_label: st.label().to_string(),
                outcome_label: outcome_label(&r),
                urgent: r.urgent,
                criteria: r.urgency_criteria.iter().filter_map(|c| irr::criterion_from_slug(c)).map(|c| c.label().to_string()).collect(),
                said_urgent: r.said_urgent,
                urgency_reason: r.urgency_reason.clone(),
                requester_name: r.requester_name.clone(),
                requester_organisation: r.requester_organisation.clone(),
                requester_email: r.requester_email.clone(),
                requester_phone: r.requester_phone.clone(),
                child_name: r.child_name.clone(),
                child_date_of_birth: r.child_date_of_birth.map(domain::display::date).unwrap_or_default(),
                child_address: r.child_address.clone(),
                family_details: r.family_details.clone(),
                information_needed: r.information_needed.clone(),
                reason: r.reason.clone(),
                consent_summary: consent_summary(&r),
                ofsted_reference: r.ofsted_reference.clone(),
                applicant_name: r.applicant_name.clone(),
                applicant_date_of_birth: r.applicant_date_of_birth.map(domain::display::date).unwrap_or_default(),
                person_id: r.person_id.clone(),
                person_name: r.person_name.clone(),
                check_reply: r.check_reply.clone(),
                checked_by: r.checked_by_name.clone(),
                tagged_by: r.tagged_by_name.clone(),
                tagged_by_me: r.tagged_by.as_deref() == Some(s.user.id.as_str()),
                gate: gate_view,
                agreement_requested: r.agreement_requested_at.is_some(),
                agreement: r.agreed_at.map(|at| format!("{} ({}, {})", r.agreement_note, r.agreed_by_name.clone().unwrap_or_default(), domain::display::date_time(at))),
                received: domain::display::date_time(r.received_at),
                age: irr::age_text(r.urgent, r.received_at, now, &cal),
                due: irr::due_text(r.urgent, domain::rules::uk_local_time(r.due_at), now),
                messages,
                draft_period,
                draft_key_events,
                household: household_names,
                candidates,
                duplicate_of,
                may_check: irr::may_check(roles) && st == irr::RequestStatus::AwaitingCheck,
                may_tag: irr::check_tag(roles, st, holder(&r), &s.user.id).is_ok() && r.tagged_by.is_none(),
                may_work: irr::check_holder(st, holder(&r), &s.user.id).is_ok(),
                may_agree: irr::may_agree(roles) && st == irr::RequestStatus::InIrrFolder,
            })
        }
        .await,
    )
}

/// Business Support records a request that came by e-mail (from the inbox item, when given).
#[server(prefix = "/api", endpoint = "information-requests/record", input = leptos::server_fn::codec::Json)]
pub async fn irr_record(form: IntakeForm, #[server(default)] inbox_item_id: String) -> Result<RecordOutcome, AppError> {
    use crate::ssr::information_requests::{create, CreateError, Origin};
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::information_requests as irr;
    use server::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| irr::may_check(&u.roles))?.clone();
            let cal = calendar(&ctx).await?;
            let store = &ctx.state.store;
            let mut origin = Origin::professional(irr::RequestChannel::Inbox);
            origin.created_by = Some(&s.user.id);
            let item = if inbox_item_id.is_empty() { None } else { store.get_inbox_mail(&inbox_item_id).await.map_err(|e| ctx.internal(e))? };
            if !inbox_item_id.is_empty() && item.is_none() {
                return Err(AppError::NotFound);
            }
            let subject = item.as_ref().map(|i| i.subject.clone()).unwrap_or_default();
            origin.subject = &subject;
            origin.inbox_item_id = item.as_ref().map(|i| i.id.as_str());
            match create(store, &cal, &form, origin, ctx.now()).await {
                Ok(Ok(c)) => {
                    audit(&ctx, AuditAction::Create, &c.id, &format!("Recorded information request {} from the CASS inbox", c.reference)).await?;
                    if let Some(i) = &item {
                        ctx.audit(AuditAction::Update, domain::audit::RecordKind::InboxItem, &i.id, &format!("Recorded as information request {}", c.reference), None).await?;
                    }
                    crate::api::drafts::clear(&ctx, &s.user.id, &irr_new_draft_key(&inbox_item_id)).await?;
                    Ok(RecordOutcome::Created { id: c.id, reference: c.reference })
                }
                Ok(Err(errors)) => Ok(RecordOutcome::Invalid { errors }),
                Err(CreateError::InboxItemTaken) => Ok(RecordOutcome::Refused { message: "This e-mail has already been filtered or recorded.".into() }),
                Err(CreateError::Storage(e)) => Err(ctx.internal(e)),
            }
        }
        .await,
    )
}

/// Business Support's check (seed 002 "IRR received in CASS inbox").
#[server(prefix = "/api", endpoint = "information-requests/check")]
pub async fn irr_check(
    id: String,
    #[server(default)] involvement: String,
    #[server(default)] depth: String,
    #[server(default)] reply: String,
    #[server(default)] person_id: String,
    #[server(default)] worker_email: String,
    #[server(default)] manager_email: String,
) -> Result<IrrOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::information_requests as irr;
    use domain::notes::NoteType;
    use domain::rules::irr::CscInvolvement;
    use domain::rules::Letter;
    use server::*;
    use storage::{CheckWrite, NewRequestMessage, RequestNote};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| irr::may_check(&u.roles))?.clone();
            let r = load(&ctx, &id).await?;
            if status(&r) != irr::RequestStatus::AwaitingCheck {
                return Ok(refused("This request has already been checked."));
            }
            let mut v = domain::Validation::new();
            let inv = irr::involvement_from_slug(&involvement);
            let dep = irr::depth_from_slug(&depth);
            v.check(inv.is_none(), "involvement", "Say whether the child or family are known to Children's Social Care");
            v.check(dep.is_none(), "depth", "Say how much the professional wants to know");
            let (Some(inv), Some(dep)) = (inv, dep) else { return Ok(IrrOutcome::Invalid { errors: v.errors }) };
            let outcome = match irr::business_support_check(inv, dep, &reply) {
                Ok(o) => o,
                Err(e) => return Ok(IrrOutcome::Invalid { errors: e.errors }),
            };
            let store = &ctx.state.store;
            // A known child is found in the person index, so notes can go on their record.
            let person = if inv == CscInvolvement::NotKnown || person_id.is_empty() { None } else { store.get_person(&person_id).await.map_err(|e| ctx.internal(e))? };
            if inv != CscInvolvement::NotKnown && person.is_none() && (outcome.save_to_case_notes || outcome.status == irr::RequestStatus::InIrrFolder) {
                return Ok(IrrOutcome::Invalid { errors: vec![FieldError::new("person_id", "Choose the child in the person index")] });
            }
            let mut r = r;
            r.person_name = person.as_ref().map(|p| format!("{} {}", p.given_name, p.family_name));
            r.person_id = person.as_ref().map(|p| p.id.clone());
            let mut recipients: Vec<String> = Vec::new();
            // The allocated worker's address as the person index records it, unless typed.
            let worker_email = if worker_email.trim().is_empty() {
                match &r.person_id {
                    Some(p) => store
                        .involvements_of(std::slice::from_ref(p))
                        .await
                        .map_err(|e| ctx.internal(e))?
                        .into_iter()
                        .find(|i| i.status == "open")
                        .map(|i| i.worker_email)
                        .unwrap_or_default(),
                    None => String::new(),
                }
            } else {
                worker_email
            };
            let (kind, subject, body) = if outcome.notify_allocated_worker {
                for (field, address, missing) in [
                    ("worker_email", &worker_email, "Enter the allocated worker's e-mail address"),
                    ("manager_email", &manager_email, "Enter their Team Manager's e-mail address"),
                ] {
                    if !irr::looks_like_email(address) {
                        v.add(field, missing);
                    }
                }
                if !v.is_ok() {
                    return Ok(IrrOutcome::Invalid { errors: v.errors });
                }
                recipients = vec![worker_email.trim().to_string(), manager_email.trim().to_string()];
                (
                    "worker_notice",
                    format!("Information request received: {} ({})", r.person_name.clone().unwrap_or_default(), r.reference),
                    format!(
                        "An information request has been received from {} ({}) about {}. It is saved in the case notes. The allocated worker needs to respond.\n\nWhat they need: {}\nWhy: {}",
                        r.requester_name, r.requester_organisation, r.person_name.clone().unwrap_or_default(), r.information_needed, r.reason
                    ),
                )
            } else if outcome.status == irr::RequestStatus::Actioned {
                recipients = vec![r.requester_email.clone()];
                match render(&ctx, Letter::IrrLevelOneReply, &r, &r.requester_name, reply.trim()).await? {
                    Ok((subject, body)) => ("level_one_reply", subject, body),
                    Err(m) => return Ok(refused(m)),
                }
            } else {
                ("", String::new(), String::new())
            };
            let household_ids = match &r.person_id {
                Some(p) => crate::ssr::information_requests::household(store, p, today(ctx.now())).await.map_err(|e| ctx.internal(e))?,
                None => Vec::new(),
            };
            let note_body = format!(
                "Information request {} from {} ({}, {}).\nWhat they need: {}\nWhy: {}\nConsent: {}",
                r.reference,
                r.requester_name,
                r.requester_organisation,
                r.requester_email,
                r.information_needed,
                r.reason,
                consent_summary(&r)
            );
            let w = CheckWrite {
                id: &r.id,
                involvement: &involvement,
                depth: &depth,
                reply: reply.trim(),
                person_id: r.person_id.as_deref(),
                status: outcome.status.slug(),
                outcome: outcome.outcome.map(|o| o.slug()),
                by: &s.user.id,
                message: (!kind.is_empty()).then_some(NewRequestMessage { message_kind: kind, recipients: &recipients, address_kind: "requesters_own", subject: &subject, body: &body }),
                note: outcome.save_to_case_notes.then_some(RequestNote { note_type: NoteType::InformationRequest.slug(), body: &note_body, person_ids: &household_ids }),
            };
            if !store.record_information_request_check(w, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                return Ok(refused("This request has already been checked."));
            }
            let label = outcome.outcome.map(|o| o.label()).unwrap_or("Moved to the IRR folder");
            audit(&ctx, AuditAction::Update, &r.id, &format!("Business Support check of {}: {label}", r.reference)).await?;
            if outcome.save_to_case_notes {
                audit_people(&ctx, &household_ids, &format!("Added a case note (Information request {})", r.reference)).await?;
            }
            Ok(done(match outcome.status {
                irr::RequestStatus::InIrrFolder => "The request is in the IRR folder for an RAO.".to_string(),
                irr::RequestStatus::WithAllocatedWorker => "The request is saved in the case notes and the allocated worker and their Team Manager have been told.".to_string(),
                _ => "Your reply has been sent and the request is actioned.".to_string(),
            }))
        }
        .await,
    )
}

/// An RAO tags a request in the folder as theirs (no two RAOs on one request).
#[server(prefix = "/api", endpoint = "information-requests/tag")]
pub async fn irr_tag(id: String) -> Result<IrrOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::information_requests as irr;
    use server::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| irr::may_work_folder(&u.roles))?.clone();
            let r = load(&ctx, &id).await?;
            if let Err(e) = irr::check_tag(&s.user.roles, status(&r), holder(&r), &s.user.id) {
                return Ok(refused(e.to_string()));
            }
            if !ctx.state.store.tag_information_request(&r.id, &s.user.id, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                let again = load(&ctx, &id).await?;
                return Ok(refused(irr::check_tag(&s.user.roles, status(&again), holder(&again), &s.user.id).err().map(|e| e.to_string()).unwrap_or_else(|| "Another RAO tagged this request first.".into())));
            }
            audit(&ctx, AuditAction::Update, &r.id, &format!("Tagged {} as being worked on", r.reference)).await?;
            Ok(done("You are working on this request."))
        }
        .await,
    )
}

/// The RAO who tagged a request gives it back to the folder.
#[server(prefix = "/api", endpoint = "information-requests/untag")]
pub async fn irr_untag(id: String) -> Result<IrrOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::information_requests as irr;
    use server::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| irr::may_work_folder(&u.roles))?.clone();
            let r = load(&ctx, &id).await?;
            if !ctx.state.store.untag_information_request(&r.id, &s.user.id).await.map_err(|e| ctx.internal(e))? {
                return Ok(refused("You are not working on this request."));
            }
            audit(&ctx, AuditAction::Update, &r.id, &format!("Gave {} back to the folder", r.reference)).await?;
            Ok(done("The request is back in the folder."))
        }
        .await,
    )
}

/// The RAO confirms which urgency criteria hold: urgent only on one of the four, otherwise
/// "None urgent" in the title; the deadline is computed again.
#[server(prefix = "/api", endpoint = "information-requests/urgency")]
pub async fn irr_urgency(id: String, #[server(default)] criteria: Vec<String>) -> Result<IrrOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::information_requests as irr;
    use server::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| irr::may_work_folder(&u.roles))?.clone();
            let r = load(&ctx, &id).await?;
            if let Err(e) = irr::check_holder(status(&r), holder(&r), &s.user.id) {
                return Ok(refused(e.to_string()));
            }
            let chosen = irr::criteria_from_slugs(&criteria);
            if chosen.len() != criteria.len() {
                return Ok(IrrOutcome::Invalid { errors: vec![FieldError::new("criteria", "Choose the urgency criteria from the list")] });
            }
            let base = r.title.trim_start_matches(&format!("{}: ", domain::rules::irr::NON_URGENT_TITLE_MARK)).to_string();
            let (urgency, title) = irr::urgency_and_title(&base, &chosen);
            let kind = irr::RequestKind::from_slug(&r.kind).unwrap_or(irr::RequestKind::Professional);
            let cal = calendar(&ctx).await?;
            let d = irr::request_deadline(kind, urgency.is_urgent(), r.received_at, &cal, &domain::rules::OfficeHours::default());
            let slugs: Vec<&str> = chosen.iter().map(|c| irr::criterion_slug(*c)).collect();
            ctx.state
                .store
                .set_information_request_urgency(&r.id, urgency.is_urgent(), &slugs.join(","), &title, &domain::workflow::slug_of(&d.timescale), domain::rules::utc_from_uk_local(d.due), &d.calendar_version)
                .await
                .map_err(|e| ctx.internal(e))?;
            let word = if urgency.is_urgent() { "urgent" } else { "not urgent (None urgent)" };
            audit(&ctx, AuditAction::Update, &r.id, &format!("Urgency of {} confirmed: {word}", r.reference)).await?;
            Ok(done(format!("The request is {word}.")))
        }
        .await,
    )
}

/// The holder links the request to the child in the person index or records the child's date
/// of birth as the records show it (the consent gate works ages out on the day of the request).
#[server(prefix = "/api", endpoint = "information-requests/child")]
pub async fn irr_child(id: String, #[server(default)] person_id: String, #[server(default)] child_date_of_birth: String) -> Result<IrrOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::information_requests as irr;
    use server::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| irr::may_work_folder(&u.roles))?.clone();
            let r = load(&ctx, &id).await?;
            if let Err(e) = irr::check_holder(status(&r), holder(&r), &s.user.id) {
                return Ok(refused(e.to_string()));
            }
            let dob = if child_date_of_birth.trim().is_empty() { None } else { irr::parse_date(&child_date_of_birth) };
            if !child_date_of_birth.trim().is_empty() && dob.is_none_or(|d| d > today(ctx.now())) {
                return Ok(IrrOutcome::Invalid { errors: vec![FieldError::new("child_date_of_birth", "Enter the date of birth as a real date in the past")] });
            }
            let person = if person_id.is_empty() { None } else { Some(ctx.state.store.get_person(&person_id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?) };
            ctx.state.store.set_information_request_child(&r.id, person.as_ref().map(|p| p.id.as_str()), dob).await.map_err(|e| ctx.internal(e))?;
            audit(&ctx, AuditAction::Update, &r.id, &format!("Recorded the child's details on {}", r.reference)).await?;
            Ok(done("The child's details are recorded."))
        }
        .await,
    )
}

/// The RAO asks a CASS Team Manager to agree what is shared.
#[server(prefix = "/api", endpoint = "information-requests/ask-agreement")]
pub async fn irr_ask_agreement(id: String) -> Result<IrrOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::information_requests as irr;
    use server::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| irr::may_work_folder(&u.roles))?.clone();
            let r = load(&ctx, &id).await?;
            if !ctx.state.store.request_information_agreement(&r.id, &s.user.id, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                return Ok(refused("Tag the request as yours before asking a Team Manager."));
            }
            audit(&ctx, AuditAction::Update, &r.id, &format!("Asked a Team Manager to agree what is shared on {}", r.reference)).await?;
            Ok(done("A Team Manager has been asked to agree what is shared."))
        }
        .await,
    )
}

/// A Team Manager records what they agree may be shared.
#[server(prefix = "/api", endpoint = "information-requests/agree")]
pub async fn irr_agree(id: String, #[server(default)] note: String) -> Result<IrrOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::information_requests as irr;
    use server::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| irr::may_agree(&u.roles))?.clone();
            let r = load(&ctx, &id).await?;
            let v = irr::check_agreement(&s.user.roles, &note);
            if !v.is_ok() {
                return Ok(IrrOutcome::Invalid { errors: v.errors });
            }
            if !ctx.state.store.record_information_agreement(&r.id, &s.user.id, note.trim(), ctx.now()).await.map_err(|e| ctx.internal(e))? {
                return Ok(refused("This request is not in the IRR folder."));
            }
            audit(&ctx, AuditAction::Update, &r.id, &format!("Team Manager agreed what is shared on {}", r.reference)).await?;
            Ok(done("Your agreement is recorded."))
        }
        .await,
    )
}

/// The draft of everything typed on a request's page (issue 9 point 1).
pub fn irr_draft_key(id: &str) -> String {
    format!("irr:{id}")
}

/// The draft of a request being recorded (from an inbox e-mail, or by hand when `inbox_item_id`
/// is empty); cleared when it is recorded.
pub fn irr_new_draft_key(inbox_item_id: &str) -> String {
    format!("irr-new:{inbox_item_id}")
}

/// The draft of an OFSTED suitability check being passed to CASS; cleared when it is passed.
pub const OFSTED_DRAFT_KEY: &str = "ofsted-new";

/// The RAO's need-to-know response: through the consent gate, only to a safe address, saved
/// with the request and consent on every sibling in the household, and the request actioned.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "information-requests/respond")]
pub async fn irr_respond(
    id: String,
    #[server(default)] period: String,
    #[server(default)] reasons: String,
    #[server(default)] key_events: String,
    #[server(default)] wants_assessment_detail: bool,
    #[server(default)] send_to: String,
    #[server(default)] address_kind: String,
) -> Result<IrrOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::information_requests as irr;
    use domain::notes::NoteType;
    use domain::rules::Letter;
    use server::*;
    use storage::{FinishWrite, NewRequestMessage, RequestNote};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| irr::may_work_folder(&u.roles))?.clone();
            let r = load(&ctx, &id).await?;
            if r.kind != irr::RequestKind::Professional.slug() {
                return Ok(refused("Answer an OFSTED suitability check with the OFSTED response."));
            }
            if let Err(e) = irr::check_holder(status(&r), holder(&r), &s.user.id) {
                return Ok(refused(e.to_string()));
            }
            // The gate first: nothing is compiled or sent without consent or an exception.
            let decision = match gate(&r) {
                Ok(irr::GateOutcome::Proceed(d)) => d,
                Ok(irr::GateOutcome::ResubmitWithConsent { reasons }) => {
                    return Ok(refused(format!("{} Ask the professional to resubmit with consent.", reasons.join(" "))));
                }
                Err(v) => return Ok(IrrOutcome::Invalid { errors: v.errors }),
            };
            if r.person_id.is_none() {
                return Ok(refused("Link the request to the child in the person index first, so the response is saved on their record."));
            }
            let store = &ctx.state.store;
            let list = match store.secure_addresses().await.map_err(|e| ctx.internal(e))? {
                Some(row) => irr::SecureList::parse(&row.entries).unwrap_or_default(),
                None => irr::SecureList::default(),
            };
            let mut errors = Vec::new();
            let draft = irr::ResponseDraft { period, reasons, key_events, wants_assessment_detail };
            let values = contacts(&ctx).await?;
            let disclosures = values.get(domain::rules::irr::DISCLOSURES_TEAM_CONTACT_KEY).cloned().unwrap_or_default();
            let text = match irr::compile_response(&draft, &disclosures) {
                Ok(t) => Some(t),
                Err(v) => {
                    errors.extend(v.errors);
                    None
                }
            };
            let address = match irr::check_send_address(&send_to, irr::AddressKind::from_slug(&address_kind), &list) {
                Ok(a) => Some(a),
                Err(v) => {
                    errors.extend(v.errors);
                    None
                }
            };
            let (Some(text), Some(address)) = (text, address) else {
                if errors.iter().any(|e| e.field == "send_to" && e.message.contains("GDPR")) {
                    audit(&ctx, AuditAction::Refused, &r.id, &format!("Sending {} refused: a non-secure generic address", r.reference)).await?;
                }
                return Ok(IrrOutcome::Invalid { errors });
            };
            let (subject, body) = match render(&ctx, Letter::IrrResponse, &r, &r.requester_name, &text).await? {
                Ok(x) => x,
                Err(m) => return Ok(refused(m)),
            };
            let household_ids = household(&ctx, &r).await?;
            let basis = serde_json::to_string(&decision).unwrap_or_default();
            let request_note = format!(
                "Information request {} from {} ({}, {}).\nWhat they need: {}\nWhy: {}\nConsent: {}",
                r.reference, r.requester_name, r.requester_organisation, r.requester_email, r.information_needed, r.reason, consent_summary(&r)
            );
            let mut response_note = format!("Response to information request {} sent to {}:\n\n{}", r.reference, send_to.trim(), text);
            if let Some(agreed) = r.agreed_at {
                response_note.push_str(&format!("\n\nAgreed by {} on {}: {}", r.agreed_by_name.clone().unwrap_or_default(), domain::display::date_time(agreed), r.agreement_note));
            }
            let to = vec![send_to.trim().to_string()];
            let address_slug = domain::workflow::slug_of(&address);
            let w = FinishWrite {
                id: &r.id,
                by: &s.user.id,
                outcome: irr::RequestOutcome::ResponseSent.slug(),
                from_statuses: &["in_irr_folder"],
                must_hold: true,
                consent_basis: Some(&basis),
                forget_details: false,
                message: Some(NewRequestMessage { message_kind: "response", recipients: &to, address_kind: &address_slug, subject: &subject, body: &body }),
                notes: vec![
                    RequestNote { note_type: NoteType::InformationRequest.slug(), body: &request_note, person_ids: &household_ids },
                    RequestNote { note_type: NoteType::InformationRequestResponse.slug(), body: &response_note, person_ids: &household_ids },
                ],
            };
            if !store.finish_information_request(w, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                return Ok(refused("This request was actioned, or given back, in the meantime."));
            }
            audit(&ctx, AuditAction::Update, &r.id, &format!("Sent the response to {} and marked it actioned", r.reference)).await?;
            audit_people(&ctx, &household_ids, &format!("Added case notes (Information request {} and its response)", r.reference)).await?;
            crate::api::drafts::clear(&ctx, &s.user.id, &irr_draft_key(&r.id)).await?;
            Ok(done(format!("The response has been sent to {} and saved on {} children's records. The request is actioned.", send_to.trim(), household_ids.len())))
        }
        .await,
    )
}

/// No consent where it is required: the professional is asked to resubmit with consent (the
/// request is not kept; the form and guidance go too when it was not used), and the e-mail is
/// saved in the case recordings.
#[server(prefix = "/api", endpoint = "information-requests/resubmit")]
pub async fn irr_resubmit(id: String) -> Result<IrrOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::information_requests as irr;
    use domain::notes::NoteType;
    use domain::rules::Letter;
    use server::*;
    use storage::{FinishWrite, NewRequestMessage, RequestNote};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| irr::may_work_folder(&u.roles))?.clone();
            let r = load(&ctx, &id).await?;
            if let Err(e) = irr::check_holder(status(&r), holder(&r), &s.user.id) {
                return Ok(refused(e.to_string()));
            }
            match gate(&r) {
                Ok(irr::GateOutcome::ResubmitWithConsent { .. }) => {}
                Ok(irr::GateOutcome::Proceed(_)) => return Ok(refused("There is consent, or an exception applies: compile the response instead.")),
                Err(v) => return Ok(IrrOutcome::Invalid { errors: v.errors }),
            }
            let (subject, mut body) = match render(&ctx, Letter::IrrResubmitWithConsent, &r, &r.requester_name, "").await? {
                Ok(x) => x,
                Err(m) => return Ok(refused(m)),
            };
            if r.channel != irr::RequestChannel::OnlineForm.slug() {
                body.push_str("\n\n");
                body.push_str(&irr::form_and_guidance_text());
            }
            let household_ids = household(&ctx, &r).await?;
            let note = format!("E-mail to {} ({}) about information request {}:\n\n{}\n\n{}", r.requester_name, r.requester_email, r.reference, subject, body);
            let to = vec![r.requester_email.clone()];
            let w = FinishWrite {
                id: &r.id,
                by: &s.user.id,
                outcome: irr::RequestOutcome::ResubmitWithConsentRequested.slug(),
                from_statuses: &["in_irr_folder"],
                must_hold: true,
                consent_basis: None,
                forget_details: true,
                message: Some(NewRequestMessage { message_kind: "resubmit_with_consent", recipients: &to, address_kind: "requesters_own", subject: &subject, body: &body }),
                notes: if household_ids.is_empty() { Vec::new() } else { vec![RequestNote { note_type: NoteType::CaseNote.slug(), body: &note, person_ids: &household_ids }] },
            };
            if !ctx.state.store.finish_information_request(w, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                return Ok(refused("This request was actioned, or given back, in the meantime."));
            }
            audit(&ctx, AuditAction::Update, &r.id, &format!("Asked the professional to resubmit {} with consent", r.reference)).await?;
            audit_people(&ctx, &household_ids, &format!("Added a case recording (resubmit with consent, {})", r.reference)).await?;
            crate::api::drafts::clear(&ctx, &s.user.id, &irr_draft_key(&r.id)).await?;
            Ok(done("The professional has been asked to resubmit with consent, and the e-mail is saved in the case recordings. The request is actioned."))
        }
        .await,
    )
}

/// LADO passes an OFSTED suitability check to CASS. A duplicate is not created: the earlier
/// check is shown with CASS's response so LADO can answer OFSTED directly.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "information-requests/ofsted")]
pub async fn irr_ofsted(
    #[server(default)] applicant_name: String,
    #[server(default)] applicant_date_of_birth: String,
    #[server(default)] ofsted_reference: String,
    #[server(default)] child_name: String,
    #[server(default)] family_details: String,
    #[server(default)] lado_email: String,
    #[server(default)] lado_name: String,
) -> Result<RecordOutcome, AppError> {
    use crate::ssr::information_requests::{create, CreateError, Origin};
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::information_requests as irr;
    use server::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| irr::may_pass_ofsted_check(&u.roles))?.clone();
            let dob = if applicant_date_of_birth.trim().is_empty() { None } else { irr::parse_date(&applicant_date_of_birth) };
            let subject = irr::OfstedSubject { ofsted_reference: ofsted_reference.clone(), applicant_name: applicant_name.clone(), applicant_date_of_birth: dob };
            let mut v = irr::check_ofsted_subject(&subject, &child_name);
            v.check(!applicant_date_of_birth.trim().is_empty() && dob.is_none(), "applicant_date_of_birth", "Enter the date of birth as a real date");
            if !v.is_ok() {
                return Ok(RecordOutcome::Invalid { errors: v.errors });
            }
            let store = &ctx.state.store;
            let earlier: Vec<irr::EarlierCheck> = store
                .ofsted_check_candidates(&ofsted_reference, dob)
                .await
                .map_err(|e| ctx.internal(e))?
                .into_iter()
                .map(|c| irr::EarlierCheck {
                    request_id: c.request.id.clone(),
                    subject: irr::OfstedSubject {
                        ofsted_reference: c.request.ofsted_reference.clone(),
                        applicant_name: c.request.applicant_name.clone(),
                        applicant_date_of_birth: c.request.applicant_date_of_birth,
                    },
                    received_at: c.request.received_at,
                    responded_at: c.response.as_ref().map(|m| m.created_at),
                    response: c.response.map(|m| m.body),
                })
                .collect();
            if let Some(d) = irr::find_duplicate(&subject, &earlier) {
                let reference = store.information_request(&d.request_id).await.map_err(|e| ctx.internal(e))?.map(|r| r.reference).unwrap_or_default();
                audit(&ctx, AuditAction::Read, &d.request_id, &format!("Duplicate OFSTED suitability check found: {reference}")).await?;
                return Ok(RecordOutcome::Duplicate {
                    duplicate: DuplicateView {
                        reference,
                        received: domain::display::date_time(d.received_at),
                        response: d.response.clone(),
                        responded: d.responded_at.map(domain::display::date_time),
                    },
                });
            }
            let form = IntakeForm {
                requester_name: if lado_name.trim().is_empty() { s.user.display_name.clone() } else { lado_name },
                requester_organisation: "LADO".into(),
                requester_email: lado_email,
                child_name,
                family_details,
                information_needed: "OFSTED suitability check: is the applicant or a household member known to Children's Social Care?".into(),
                reason: format!("OFSTED suitability check for {}", applicant_name.trim()),
                // Suitability checks are answered to OFSTED, not through the consent gate.
                consent: "none".into(),
                ..Default::default()
            };
            let cal = calendar(&ctx).await?;
            let origin = Origin {
                kind: irr::RequestKind::OfstedSuitability,
                channel: irr::RequestChannel::Lado,
                inbox_item_id: None,
                subject: "",
                created_by: Some(&s.user.id),
                ofsted_reference: &ofsted_reference,
                applicant_name: &applicant_name,
                applicant_date_of_birth: dob,
                duplicate_of: None,
            };
            match create(store, &cal, &form, origin, ctx.now()).await {
                Ok(Ok(c)) => {
                    audit(&ctx, AuditAction::Create, &c.id, &format!("LADO passed OFSTED suitability check {}", c.reference)).await?;
                    crate::api::drafts::clear(&ctx, &s.user.id, OFSTED_DRAFT_KEY).await?;
                    Ok(RecordOutcome::Created { id: c.id, reference: c.reference })
                }
                Ok(Err(errors)) => Ok(RecordOutcome::Invalid {
                    errors: errors
                        .into_iter()
                        .map(|mut e| {
                            e.field = match e.field.as_str() {
                                "requester_email" => "lado_email".into(),
                                "requester_name" => "lado_name".into(),
                                _ => e.field,
                            };
                            e
                        })
                        .collect(),
                }),
                Err(CreateError::InboxItemTaken) => Ok(RecordOutcome::Refused { message: "That e-mail is no longer new.".into() }),
                Err(CreateError::Storage(e)) => Err(ctx.internal(e)),
            }
        }
        .await,
    )
}

/// CASS's response to an OFSTED suitability check: to both OFSTED addresses, saved with the
/// request on every sibling in the household, and actioned.
#[server(prefix = "/api", endpoint = "information-requests/ofsted-respond")]
pub async fn irr_ofsted_respond(id: String, #[server(default)] response: String) -> Result<IrrOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::information_requests as irr;
    use domain::notes::NoteType;
    use domain::rules::Letter;
    use server::*;
    use storage::{FinishWrite, NewRequestMessage, RequestNote};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| irr::may_work_folder(&u.roles))?.clone();
            let r = load(&ctx, &id).await?;
            if r.kind != irr::RequestKind::OfstedSuitability.slug() {
                return Ok(refused("This is not an OFSTED suitability check."));
            }
            if let Err(e) = irr::check_holder(status(&r), holder(&r), &s.user.id) {
                return Ok(refused(e.to_string()));
            }
            if response.trim().is_empty() {
                return Ok(IrrOutcome::Invalid { errors: vec![FieldError::new("response", "Enter the response to OFSTED")] });
            }
            if r.person_id.is_none() {
                return Ok(refused("Link the check to the child in the person index first, so it is saved on the household's records."));
            }
            let values = contacts(&ctx).await?;
            let to: Vec<String> = ["ofsted_email_1", "ofsted_email_2"].iter().filter_map(|k| values.get(*k)).filter(|a| irr::looks_like_email(a)).cloned().collect();
            if to.len() != 2 {
                return Ok(refused("Both OFSTED e-mail addresses must be set (Public pages, service contacts) before responding."));
            }
            let (subject, body) = match render(&ctx, Letter::OfstedSuitabilityResponse, &r, "OFSTED", response.trim()).await? {
                Ok(x) => x,
                Err(m) => return Ok(refused(m)),
            };
            let household_ids = household(&ctx, &r).await?;
            let note = format!(
                "OFSTED suitability check {} (OFSTED reference {}) for {}, passed by LADO.\n\nResponse sent to {}:\n{}",
                r.reference,
                r.ofsted_reference,
                r.applicant_name,
                to.join(" and "),
                response.trim()
            );
            let w = FinishWrite {
                id: &r.id,
                by: &s.user.id,
                outcome: irr::RequestOutcome::OfstedResponseSent.slug(),
                from_statuses: &["in_irr_folder"],
                must_hold: true,
                consent_basis: None,
                forget_details: false,
                message: Some(NewRequestMessage { message_kind: "ofsted_response", recipients: &to, address_kind: "ofsted", subject: &subject, body: &body }),
                notes: vec![RequestNote { note_type: NoteType::OfstedSuitabilityCheck.slug(), body: &note, person_ids: &household_ids }],
            };
            if !ctx.state.store.finish_information_request(w, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                return Ok(refused("This check was actioned, or given back, in the meantime."));
            }
            audit(&ctx, AuditAction::Update, &r.id, &format!("Sent the OFSTED response for {} and marked it actioned", r.reference)).await?;
            audit_people(&ctx, &household_ids, &format!("Added a case note (OFSTED suitability check {})", r.reference)).await?;
            crate::api::drafts::clear(&ctx, &s.user.id, &irr_draft_key(&r.id)).await?;
            Ok(done(format!("The response has been sent to both OFSTED addresses and saved on {} children's records.", household_ids.len())))
        }
        .await,
    )
}

/// The secure generic addresses and domains in force (administrators).
#[server(prefix = "/api", endpoint = "information-requests/secure-addresses")]
pub async fn irr_secure_addresses() -> Result<SecureAddressesView, AppError> {
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require_admin()?;
            let store = &ctx.state.store;
            let versions = store.secure_address_versions().await.map_err(|e| ctx.internal(e))?;
            let current = versions.first().cloned();
            ctx.audit(domain::audit::AuditAction::Read, domain::audit::RecordKind::SecureAddresses, "list", "Read the secure address list", None).await?;
            Ok(SecureAddressesView {
                version: current.as_ref().map(|c| c.version).unwrap_or(0),
                entries: current.as_ref().map(|c| c.entries.clone()).unwrap_or_default(),
                saved_by: current.as_ref().map(|c| c.saved_by.clone()).unwrap_or_default(),
                saved: current.as_ref().map(|c| domain::display::date_time(c.saved_at)).unwrap_or_default(),
                versions: versions.into_iter().map(|v| (v.version, v.saved_by, domain::display::date_time(v.saved_at))).collect(),
            })
        }
        .await,
    )
}

/// Saves a new version of the secure address list on top of `version`.
/// The draft of the secure address list being edited (issue 9 point 1); cleared when saved.
pub const SECURE_ADDRESSES_DRAFT_KEY: &str = "secure-addresses";

#[server(prefix = "/api", endpoint = "information-requests/save-secure-addresses")]
pub async fn irr_save_secure_addresses(#[server(default)] entries: String, version: i64) -> Result<SaveOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require_admin()?.clone();
            if let Err(v) = domain::information_requests::SecureList::parse(&entries) {
                return Ok(SaveOutcome::Invalid { errors: v.errors });
            }
            match ctx.state.store.save_secure_addresses(entries.trim(), version, &s.user.username, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                Some(v) => {
                    ctx.audit(domain::audit::AuditAction::Update, domain::audit::RecordKind::SecureAddresses, "list", &format!("Saved version {v} of the secure address list"), None)
                        .await?;
                    crate::api::drafts::clear(&ctx, &s.user.id, SECURE_ADDRESSES_DRAFT_KEY).await?;
                    Ok(SaveOutcome::Saved { version: v })
                }
                None => Ok(SaveOutcome::Stale),
            }
        }
        .await,
    )
}
