//! The server's half of the inbox filter: the facts `domain::inbox::filter` needs, looked up here
//! rather than taken from the browser (who the children are, their contacts in the last 4
//! weeks), and the stored result: the decision with the contact or review item it creates.

use super::workflow::plan;
use super::{rules, Ctx};
use crate::api::inbox::DecideOutcome;
use crate::error::AppError;
use domain::audit::{AuditAction, RecordKind};
use domain::inbox::{open_within_four_weeks, CaseStatus, ChildFacts, FilterChoice, FilterOutcome, FilterStep};
use domain::rules::{ContactChannel, Worklist};
use domain::workflow::{repeat_flags, slug_of, Assign, ContactFlow, NextStep, Stage};
use domain::FieldError;
use storage::{InboxDecided, InboxDecisionWrite, InboxMailRow, NewCaseContact, Referrer, StorageError};

/// Each chosen child with their case status and whether they were open in the last 4 weeks.
/// A case is open when the person index records an open involvement with an allocated worker, or
/// when the worker read so in the case system (`case_open`, for a case the index does not hold).
pub async fn child_facts(ctx: &Ctx, children: &[String], case_open: bool) -> Result<Result<Vec<ChildFacts>, Vec<FieldError>>, AppError> {
    let store = &ctx.state.store;
    let mut ids: Vec<String> = Vec::new();
    for id in children {
        if !ids.contains(id) {
            ids.push(id.clone());
        }
    }
    for id in &ids {
        if store.get_person(id).await.map_err(|e| ctx.internal(e))?.is_none() {
            return Ok(Err(vec![FieldError::new("children", "A child chosen is no longer on the index: choose again")]));
        }
    }
    let now = ctx.now();
    // Each child's siblings on the index count for the 4-week check too (seed 000: "a child or
    // sibling was open in the last 4 weeks").
    let mut family: Vec<(String, String)> = ids.iter().map(|id| (id.clone(), id.clone())).collect();
    for id in &ids {
        for r in store.relationships_of(id).await.map_err(|e| ctx.internal(e))? {
            if domain::people::RelationshipKind::from_slug(&r.kind).is_some_and(|k| k.is_sibling()) {
                family.push((id.clone(), r.relative_id));
            }
        }
    }
    let everyone: Vec<String> = family.iter().map(|(_, p)| p.clone()).collect();
    let spans = store.contact_spans(&everyone).await.map_err(|e| ctx.internal(e))?;
    // The person index's Children's Social Care involvement; the worker's tick box covers a case
    // the index does not hold yet.
    let involvements = store.involvements_of(&ids).await.map_err(|e| ctx.internal(e))?;
    let case_of = |id: &str| {
        let mine: Vec<_> = involvements.iter().filter(|i| i.person_id == id).collect();
        if case_open || mine.iter().any(|i| i.status == "open" && !i.worker_name.trim().is_empty()) {
            CaseStatus::OpenWithAllocatedWorker
        } else if mine.is_empty() {
            CaseStatus::Unknown
        } else {
            CaseStatus::Closed
        }
    };
    let mut facts: Vec<ChildFacts> = ids
        .iter()
        .map(|id| ChildFacts {
            case: case_of(id),
            open_in_last_four_weeks: family
                .iter()
                .filter(|(child, _)| child == id)
                .any(|(_, who)| spans.iter().any(|(p, from, to)| p == who && open_within_four_weeks(*from, *to, now))),
            person_id: id.clone(),
        })
        .collect();
    let case = if case_open { CaseStatus::OpenWithAllocatedWorker } else { CaseStatus::Unknown };
    // The case system may show an open case for a child not yet on our index.
    if case_open && facts.is_empty() {
        facts.push(ChildFacts { person_id: String::new(), case, open_in_last_four_weeks: false });
    }
    Ok(Ok(facts))
}

/// What the item page shows as the decision, in plain words.
fn described(outcome: &FilterOutcome) -> String {
    match outcome {
        FilterOutcome::Redirected { worker } => format!("Redirected to the allocated worker: {worker}"),
        FilterOutcome::Signposted { reply } => format!("Signposted. Reply sent: {reply}"),
        FilterOutcome::CreateContact { children } => format!("Contact created for {} child(ren)", children.len()),
        FilterOutcome::Review => "Sent to an RAO or TM/SP: a child or sibling was open in the last 4 weeks".into(),
        FilterOutcome::NoContact { reason } => format!("No contact needed: {reason}"),
        FilterOutcome::SentToEarlyHelpDesk { .. } => "Sent to the Early Help desk as an EHA (submitted online)".into(),
    }
}

fn refused(message: impl Into<String>) -> DecideOutcome {
    DecideOutcome::Refused { errors: vec![FieldError::new("choice", message)] }
}

/// Stores the decision, the contact or the review item, and audits.
pub async fn store(
    ctx: &Ctx,
    item: &InboxMailRow,
    step: FilterStep,
    choice: &FilterChoice,
    outcome: &FilterOutcome,
    actor: &str,
) -> Result<DecideOutcome, AppError> {
    let store = &ctx.state.store;
    let now = ctx.now();
    let next = match outcome {
        FilterOutcome::CreateContact { .. } => Some(NextStep { stage: Stage::InitialAnalysis, worklist: Worklist::CassTeamManager, assign: Assign::Pool }),
        FilterOutcome::Review => Some(NextStep { stage: Stage::InboxReview, worklist: Worklist::CassReferralAndAdviceOfficer, assign: Assign::Pool }),
        _ => None,
    };
    let planned = match next {
        Some(step) => {
            let rules = rules::in_force(ctx).await?;
            match plan(ctx, "", &[step], actor, &rules, now).await? {
                Ok(p) => p,
                Err(missing) => return Ok(refused(missing.to_string())),
            }
        }
        None => Vec::new(),
    };
    let children: &[String] = match outcome {
        FilterOutcome::CreateContact { children } => children,
        _ => &[],
    };
    let status = slug_of(&outcome.status());
    // An online Request for Support already has its contact, waiting in status `inbox`: the
    // decision opens or closes that one, with the referrer the form recorded.
    let online = match (&item.contact_id, item.source == slug_of(&domain::inbox::InboxSource::OnlineForm)) {
        (Some(id), true) => store.online_request(id).await.map_err(|e| ctx.internal(e))?,
        _ => None,
    };
    // An online Request for Support for early help goes on to the desk as an EHA (seed 003 §1.0):
    // its intake is checked, and the desk must be staffed, before anything is written.
    let to_desk = match outcome {
        FilterOutcome::SentToEarlyHelpDesk { children } => {
            let Some(o) = &online else {
                return Ok(refused("Only an online Request for Support goes to the Early Help desk from here: key in an EHA sent by e-mail on the desk"));
            };
            // The public form keeps everything entered under "form" (`server::public_form::submit`).
            let stored: serde_json::Value = serde_json::from_str(&o.answers).map_err(|e| ctx.internal(e))?;
            let Some(form) = stored.get("form").filter(|f| f.is_object()) else {
                return Ok(refused("This request's answers were not kept with it: key the EHA in on the Early Help desk"));
            };
            let answers: request_for_support::form::SupportAnswers = serde_json::from_value(form.clone()).map_err(|e| ctx.internal(e))?;
            let intake = request_for_support::form::eha_intake(&answers);
            if let Err(errors) = crate::api::early_help::check_eha(ctx, &intake).await? {
                let errors = errors.into_iter().map(|e| FieldError::new("choice", format!("The Early Help desk cannot take it: {}", e.message))).collect();
                return Ok(DecideOutcome::Refused { errors });
            }
            children.first().cloned().map(|child| (intake, child))
        }
        _ => None,
    };
    let channel_is = if online.is_some() { ContactChannel::OnlineForm } else { ContactChannel::Inbox };
    let flow = serde_json::to_string(&ContactFlow::new(channel_is)).map_err(|e| ctx.internal(e))?;
    let channel = slug_of(&channel_is);
    let referrer = match &online {
        Some(o) => Referrer {
            name: &o.referrer_name,
            organisation: &o.referrer_organisation,
            role: &o.referrer_role,
            relationship: &o.relationship,
            phone: &o.referrer_phone,
            email: &o.referrer_email,
            consent_given_by: &o.consent_given_by,
            consent_scopes: &o.consent_scopes,
        },
        None => Referrer { email: &item.from_address, ..Referrer::default() },
    };
    let waiting = online.as_ref().map(|o| o.contact_id.as_str());
    let close_outcome = match outcome {
        FilterOutcome::CreateContact { .. } | FilterOutcome::Review => None,
        _ => Some(status.as_str()),
    };
    let history = store.child_history(children, None).await.map_err(|e| ctx.internal(e))?;
    let flags = repeat_flags(item.received_at, &history.contacts, &history.referrals);
    let detail = described(outcome);
    let expected = item.status.clone();
    // References are random; on the rare clash, draw another.
    for _ in 0..5 {
        let reference = domain::codes::readable_reference("C", random8());
        let contact = matches!(outcome, FilterOutcome::CreateContact { .. }).then(|| NewCaseContact {
            reference: &reference,
            status: "open",
            channel: &channel,
            caller_kind: None,
            summary: &item.subject,
            concern: &item.text_body,
            referrer,
            contact_source: "",
            flow: &flow,
            level: None,
            received_at: item.received_at,
            created_by: actor,
            children,
            repeat_within_7_days: flags.repeat_within_7_days,
            referral_within_12_months: flags.referral_within_12_months,
            first_items: planned.iter().map(|p| p.as_new()).collect(),
        });
        let review_item = match outcome {
            FilterOutcome::Review => planned.first().map(|p| p.as_new()),
            _ => None,
        };
        let write = InboxDecisionWrite {
            item_id: &item.id,
            expected_status: &expected,
            new_status: &status,
            decided_by: actor,
            decision: choice.slug(),
            detail: &detail,
            contact,
            review_item,
            online_contact: waiting,
            close_outcome,
        };
        match store.decide_inbox_mail(write, now).await {
            Ok(InboxDecided::Stale) => return Ok(DecideOutcome::Stale),
            Ok(InboxDecided::Yes { contact_id }) => {
                let at = if step == FilterStep::Review { " (review)" } else { "" };
                ctx.audit(AuditAction::Update, RecordKind::InboxItem, &item.id, &format!("{detail}{at}"), None).await?;
                if let Some((intake, child)) = &to_desk {
                    let logged = match crate::api::early_help::log_eha(ctx, intake, Some(child), actor).await? {
                        Ok(l) => l,
                        Err(errors) => return Err(ctx.internal(format!("EHA from online request {} refused after its check: {errors:?}", item.id))),
                    };
                    let summary = format!("Sent on to the Early Help desk as EHA {}", logged.reference);
                    ctx.audit(AuditAction::Update, RecordKind::InboxItem, &item.id, &summary, None).await?;
                }
                match (&contact_id, waiting) {
                    (Some(id), Some(_)) => {
                        let what = if matches!(outcome, FilterOutcome::CreateContact { .. }) { "opened" } else { "closed" };
                        let reference = item.contact_reference.as_deref().unwrap_or_default();
                        let note = format!("Online Request for Support {reference} {what} by the inbox filter");
                        ctx.audit(AuditAction::Update, RecordKind::Contact, id, &note, None).await?;
                    }
                    (Some(id), None) => {
                        ctx.audit(AuditAction::Create, RecordKind::Contact, id, &format!("Contact {reference} created from an inbox e-mail"), None)
                            .await?;
                    }
                    _ => {}
                }
                return Ok(DecideOutcome::Done { status, contact_id });
            }
            Err(StorageError::Conflict(_)) => continue,
            Err(e) => return Err(ctx.internal(e)),
        }
    }
    Err(ctx.internal("no free contact reference"))
}

fn random8() -> [u8; 8] {
    let mut out = [0u8; 8];
    out.copy_from_slice(&uuid::Uuid::new_v4().into_bytes()[..8]);
    out
}
