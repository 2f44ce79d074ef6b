//! The contact workflow's server functions (issue 5 points 4 and 5): decide at a step, claim,
//! release and reassign work. Each re-runs the shared rules (`domain::workflow::decide`) on what
//! the browser sent, checks the role and record access, writes under the contact's version (a
//! decision made on an out-of-date page is refused, never silently applied) and audits.

use crate::error::AppError;
use domain::rules::RuleViolation;
use domain::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What happened to a decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DecideOutcome {
    /// Stored. `next` names where the work went; `closed` the outcome if the contact closed.
    Done { next: Vec<String>, closed: Option<String>, letters: Vec<String> },
    /// A call to the parent was recorded; the step stays open for the next call.
    Recorded { message: String },
    /// Refused by a rule, each reason against the part of the form it concerns.
    Refused { errors: Vec<FieldError> },
    /// Someone changed the contact (or finished the step) first: nothing was stored.
    Stale { message: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ClaimOutcome {
    Claimed,
    /// Someone else took it first.
    AlreadyTaken,
    /// The user's roles do not work this worklist.
    NotYours { message: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ReassignOutcome {
    Done,
    Refused { errors: Vec<FieldError> },
    Stale { message: String },
}

/// Which part of a decision form a refusal belongs to.
pub fn field_for(v: &RuleViolation) -> &'static str {
    match v.code() {
        "decision_reason_missing" => "reason",
        "consent_scope_missing" => "scopes",
        "parent_contact_attempts_incomplete" => "reason",
        "rationale_missing" | "level_change_without_rationale" => "reason",
        "departure_reason_missing" => "departure_reason",
        _ => "decision",
    }
}

pub fn as_field_errors(vs: Vec<RuleViolation>) -> Vec<FieldError> {
    vs.into_iter().map(|v| FieldError::new(field_for(&v), v.to_string())).collect()
}

#[cfg(feature = "ssr")]
const STALE: &str = "Someone else changed this contact while you were working on it. Nothing has been saved: your words are still in the form. Check the contact again, then submit.";

/// Takes a decision on a work item. `decision` is a `domain::workflow::Decision` as JSON; a
/// `level` decision also carries the essential questions' answers, checked against the
/// guidance exactly as `records/level_decision` does.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "contacts/decide")]
pub async fn decide_step(
    contact_id: String,
    item_id: String,
    version: i64,
    decision: String,
    #[server(default)] script_id: String,
    #[server(default)] scripts_version: String,
    #[server(default)] framework_version: String,
    #[server(default)] answers: String,
    #[server(default)] departure_reason: String,
    // Given by the browser once per decision and kept when it is queued and sent again.
    #[server(default)] submission_id: String,
) -> Result<DecideOutcome, AppError> {
    use crate::api::decisions::{check_level, store_level, LevelInput};
    use crate::ssr::access::{access, Access};
    use crate::ssr::workflow::{flow_of, plan, store_outcome};
    use crate::ssr::{respond, rules, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::roles::RoleSet;
    use domain::workflow::{decide, worklist_from_slug, Decision, Stage};
    use storage::Applied;

    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.staff()?.clone();
            if !s.user.can_open_case_records() {
                ctx.audit(AuditAction::Refused, RecordKind::Contact, &contact_id, "Role does not work with case records", None).await?;
                return Err(AppError::Forbidden);
            }
            let store = &ctx.state.store;
            let contact = store.get_contact_detail(&contact_id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            let item = store.get_work_item(&item_id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            if item.subject_id != contact.id {
                return Err(AppError::NotFound);
            }
            let reason = match access(&ctx, &s, RecordKind::Contact, &contact_id).await? {
                Access::Worklist => None,
                Access::Reason(r) => Some(r),
                Access::NeedsReason => return Err(AppError::Forbidden),
            };
            // A decision sent again (queued during a network drop, or its answer lost) gets the
            // answer it first had and changes nothing.
            if let Some(o) = replayed(&ctx, &s.user.id, &submission_id).await? {
                return Ok(o);
            }
            if version != contact.version || item.status != "open" {
                return Ok(DecideOutcome::Stale { message: STALE.into() });
            }
            // Work is decided by whoever holds it; an unclaimed item is claimed by deciding.
            if item.assigned_user_id.as_deref().is_some_and(|u| u != s.user.id) {
                let message = format!("{} holds this step. Ask a manager to reassign it if you need to decide it.", item.assigned_name.clone().unwrap_or_default());
                return Ok(DecideOutcome::Refused { errors: vec![FieldError::new("decision", message)] });
            }
            let Ok(decision) = serde_json::from_str::<Decision>(&decision) else {
                return Ok(DecideOutcome::Refused { errors: vec![FieldError::new("decision", "Choose what happens next")] });
            };
            let (Some(stage), Some(worklist)) = (Stage::from_slug(&item.stage), worklist_from_slug(&item.worklist)) else {
                return Err(ctx.internal(format!("work item {} has an unknown stage or worklist", item.id)));
            };
            let mut flow = flow_of(&contact);
            flow.consent_overridden = store.consent_override(&contact.id).await.map_err(|e| ctx.internal(e))?.is_some();
            let outcome = match decide(&flow, stage, worklist, &s.user.roles, &decision) {
                Ok(o) => o,
                Err(vs) => {
                    let summary = format!("Decision refused on {}: {}", contact.reference, vs.iter().map(|v| v.code()).collect::<Vec<_>>().join(", "));
                    ctx.audit(AuditAction::Refused, RecordKind::Contact, &contact_id, &summary, reason.as_deref()).await?;
                    return Ok(DecideOutcome::Refused { errors: as_field_errors(vs) });
                }
            };
            // 004: only a child whose case is open with an allocated worker goes to that worker.
            if matches!(decision, Decision::PassToAllocatedWorker { .. }) {
                let children: Vec<String> = contact.children.iter().map(|c| c.person_id.clone()).collect();
                let open = store.involvements_of(&children).await.map_err(|e| ctx.internal(e))?;
                if !open.iter().any(|i| i.status == "open" && !i.worker_name.trim().is_empty()) {
                    let message = "None of the children on this contact has an open case with an allocated worker: add the child, or choose another step";
                    return Ok(DecideOutcome::Refused { errors: vec![FieldError::new("decision", message)] });
                }
            }
            let rules = rules::in_force(&ctx).await?;
            // A level decision is checked against the guidance and the scripts in force.
            let level_input = match &decision {
                Decision::Level { level, rationale, .. } => Some((level.slug(), rationale.clone())),
                _ => None,
            };
            let mut checked_level = None;
            if let Some((level, rationale)) = &level_input {
                let input = LevelInput {
                    script_id: &script_id,
                    scripts_version: &scripts_version,
                    framework_version: &framework_version,
                    answers: &answers,
                    level,
                    rationale,
                    departure_reason: &departure_reason,
                };
                match check_level(&ctx, &rules, &contact_id, &input).await? {
                    Ok(c) => checked_level = Some(c),
                    Err(errors) => return Ok(DecideOutcome::Refused { errors }),
                }
            }
            let now = ctx.now();
            let planned = match plan(&ctx, &contact_id, &outcome.next, &s.user.id, &rules, now).await? {
                Ok(p) => p,
                Err(missing) => return Ok(DecideOutcome::Refused { errors: vec![FieldError::new("decision", missing.to_string())] }),
            };
            match store_outcome(&ctx, &contact, &item, &decision, &outcome, &planned, &s.user.id, now).await? {
                Applied::Stale => {
                    // The same decision, sent twice at once: the other copy was stored.
                    if let Some(o) = replayed(&ctx, &s.user.id, &submission_id).await? {
                        return Ok(o);
                    }
                    return Ok(DecideOutcome::Stale { message: STALE.into() });
                }
                Applied::Yes { .. } => {}
            }
            if let (Some(checked), Some((level, rationale))) = (&checked_level, &level_input) {
                let input = LevelInput {
                    script_id: &script_id,
                    scripts_version: &scripts_version,
                    framework_version: &framework_version,
                    answers: &answers,
                    level,
                    rationale,
                    departure_reason: &departure_reason,
                };
                store_level(&ctx, &rules, &contact_id, &input, checked, &s.user.id).await?;
            }
            let next: Vec<String> = planned
                .iter()
                .map(|p| format!("{}: {}", domain::workflow::worklist_short_name(p.worklist), p.stage.label()))
                .collect();
            let closed = outcome.closes.map(|c| c.label().to_string());
            let outcome_words = closed.clone().unwrap_or_else(|| next.join("; "));
            let letters = crate::ssr::workflow_letters::send_for_decision(&ctx, &contact, &outcome.letters, &item.id, &outcome_words).await;
            let summary = format!(
                "{} on {} at {}{}",
                decision.slug().replace('_', " "),
                contact.reference,
                stage.label(),
                closed.as_ref().map(|c| format!(": closed ({c})")).unwrap_or_default()
            );
            ctx.audit(AuditAction::Update, RecordKind::Contact, &contact_id, &summary, reason.as_deref()).await?;
            // The forms' drafts are done with once their decision is stored.
            crate::api::drafts::clear(&ctx, &s.user.id, &format!("decide:{contact_id}:{}", item.id)).await?;
            if stage == Stage::Call && outcome.completes_item {
                crate::api::drafts::clear(&ctx, &s.user.id, &format!("call:{contact_id}")).await?;
            }
            let answer = if outcome.completes_item {
                DecideOutcome::Done { next, closed, letters }
            } else {
                DecideOutcome::Recorded { message: "Call recorded. Try again at a different time of the day.".into() }
            };
            if !submission_id.is_empty() && submission_id.len() <= 64 {
                let kept = serde_json::to_string(&answer).map_err(|e| ctx.internal(e))?;
                store.record_submission(&submission_id, &s.user.id, "contacts/decide", &kept, ctx.now()).await.map_err(|e| ctx.internal(e))?;
            }
            Ok(answer)
        }
        .await,
    )
}

/// The answer already given to this user's submission, if it was seen before.
#[cfg(feature = "ssr")]
async fn replayed(ctx: &crate::ssr::Ctx, user_id: &str, submission_id: &str) -> Result<Option<DecideOutcome>, AppError> {
    if submission_id.is_empty() || submission_id.len() > 64 {
        return Ok(None);
    }
    let kept = ctx.state.store.submission_outcome(user_id, submission_id).await.map_err(|e| ctx.internal(e))?;
    Ok(kept.and_then(|k| serde_json::from_str(&k).ok()))
}

/// Takes an unclaimed work item. Exactly one of several people asking at once gets it.
#[server(prefix = "/api", endpoint = "worklists/claim")]
pub async fn claim(item_id: String) -> Result<ClaimOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::workflow::{may_work, worklist_from_slug};

    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.staff()?.clone();
            let store = &ctx.state.store;
            let item = store.get_work_item(&item_id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            let Some(worklist) = worklist_from_slug(&item.worklist) else { return Err(AppError::NotFound) };
            let in_team = item.team_id.as_deref().is_some_and(|t| s.user.in_team(t));
            let kind = subject_record_kind(&item);
            if !may_work(&s.user.roles, worklist) || !in_team {
                ctx.audit(AuditAction::Refused, kind, &item.subject_id, "Claim refused: not this user's worklist", None).await?;
                let message = format!("Only members of {} with the right role take work from the {} worklist.", item.team_name.clone().unwrap_or_default(), domain::workflow::worklist_short_name(worklist));
                return Ok(ClaimOutcome::NotYours { message });
            }
            if !store.claim_work_item(&item_id, &s.user.id, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                return Ok(ClaimOutcome::AlreadyTaken);
            }
            ctx.audit(AuditAction::Update, kind, &item.subject_id, "Claimed a work item", None).await?;
            Ok(ClaimOutcome::Claimed)
        }
        .await,
    )
}

/// Puts a held item back on its worklist.
#[server(prefix = "/api", endpoint = "worklists/release")]
pub async fn release(item_id: String) -> Result<bool, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;

    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.staff()?.clone();
            let store = &ctx.state.store;
            let item = store.get_work_item(&item_id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            let released = store.release_work_item(&item_id, &s.user.id, ctx.now()).await.map_err(|e| ctx.internal(e))?;
            if released {
                ctx.audit(AuditAction::Update, subject_record_kind(&item), &item.subject_id, "Released a work item to its worklist", None).await?;
            }
            Ok(released)
        }
        .await,
    )
}

/// A manager gives an item to someone in its team (or back to the worklist), with reasons.
#[server(prefix = "/api", endpoint = "worklists/reassign")]
pub async fn reassign(item_id: String, version: i64, #[server(default)] to_user: String, #[server(default)] reason: String) -> Result<ReassignOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::workflow::{may_reassign, may_work, worklist_from_slug};
    use storage::Applied;

    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.staff()?.clone();
            let store = &ctx.state.store;
            let item = store.get_work_item(&item_id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            let in_team = item.team_id.as_deref().is_some_and(|t| s.user.in_team(t));
            if !may_reassign(&s.user.roles) || !in_team {
                ctx.audit(AuditAction::Refused, subject_record_kind(&item), &item.subject_id, "Reassignment refused: managers of the team only", None).await?;
                return Err(AppError::Forbidden);
            }
            let mut errors = Vec::new();
            if reason.trim().chars().count() < domain::rules::MIN_REASON_CHARS {
                errors.push(FieldError::new("reason", format!("Write why you are reassigning this (at least {} characters).", domain::rules::MIN_REASON_CHARS)));
            }
            let to = to_user.trim();
            if !to.is_empty() {
                let target = store.get_user(to).await.map_err(|e| ctx.internal(e))?;
                let fits = match (&target, worklist_from_slug(&item.worklist), &item.team_id) {
                    (Some(u), Some(w), Some(team)) => u.active && u.teams.iter().any(|t| &t.id == team) && may_work(&u.roles, w),
                    _ => false,
                };
                if !fits {
                    errors.push(FieldError::new("to_user", "Choose someone in the team who works this worklist"));
                }
            }
            if !errors.is_empty() {
                return Ok(ReassignOutcome::Refused { errors });
            }
            let to_user = Some(to).filter(|t| !t.is_empty());
            match store.reassign_work_item(&item_id, version, to_user, None, reason.trim(), &s.user.id, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                Applied::Stale => Ok(ReassignOutcome::Stale { message: "Someone changed this work while you were looking. Check it again.".into() }),
                Applied::Yes { .. } => {
                    let summary = match to_user {
                        Some(_) => "Reassigned a work item to a named worker",
                        None => "Returned a work item to its worklist",
                    };
                    ctx.audit(AuditAction::Update, subject_record_kind(&item), &item.subject_id, summary, Some(reason.trim())).await?;
                    Ok(ReassignOutcome::Done)
                }
            }
        }
        .await,
    )
}

/// The workflow part of the contact page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkflowView {
    pub status: String,
    pub channel: String,
    pub caller_kind: Option<String>,
    pub concern: String,
    pub referrer: Vec<(String, String)>,
    pub contact_source: String,
    pub flow: domain::workflow::ContactFlow,
    pub level: Option<String>,
    pub flags: Vec<String>,
    pub outcome: Option<String>,
    pub closed: Option<String>,
    pub version: i64,
    pub children: Vec<ChildView>,
    pub items: Vec<ItemView>,
    pub log: Vec<LogView>,
    /// The open step this user holds, or one waiting that their roles take.
    pub mine: Option<ItemView>,
    /// Decision slugs available at `mine`'s stage.
    pub decisions: Vec<String>,
    /// Whether `mine` is already held by this user (otherwise deciding claims it).
    pub held: bool,
    /// The reader's roles: the browser runs the same `decide` to show what a choice would do.
    pub my_roles: Vec<domain::Role>,
    pub reference: String,
    /// When the contact (the call) began, RFC 3339, for the call timer.
    pub received_iso: String,
    /// What was recorded, as the call console edits it, and its own version.
    pub details: crate::api::calls::CallDetails,
    pub details_version: i64,
    /// Consent for information gathering, and the Duty Manager's override.
    pub consent: crate::api::consent::ConsentView,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChildView {
    pub person_id: String,
    pub name: String,
    pub date_of_birth: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemView {
    pub id: String,
    pub stage: String,
    pub stage_label: String,
    pub worklist: String,
    pub worklist_label: String,
    pub team: String,
    pub holder: Option<String>,
    pub status: String,
    pub due: String,
    pub rag: domain::workflow::Rag,
    pub completed: Option<String>,
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogView {
    pub at: String,
    pub who: String,
    pub stage: String,
    pub decision: String,
    pub reason: String,
    pub next: Vec<String>,
    pub closes: Option<String>,
    pub letters: Vec<String>,
    pub seed: String,
}

#[cfg(feature = "ssr")]
pub(crate) async fn workflow_view(ctx: &crate::ssr::Ctx, contact_id: &str) -> Result<Option<WorkflowView>, AppError> {
    use crate::ssr::workflow::flow_of;
    use domain::rules::{CallerKind, ContactChannel, Level, Timescale};
    use domain::workflow::{decisions_at, from_slug, may_work, rag_at, worklist_from_slug, worklist_short_name, ContactOutcome, Stage};
    let s = ctx.staff()?;
    let store = &ctx.state.store;
    let Some(c) = store.get_contact_detail(contact_id).await.map_err(|e| ctx.internal(e))? else { return Ok(None) };
    let rules = crate::ssr::rules::in_force(ctx).await?;
    let now = ctx.now();
    let mut flow = flow_of(&c);
    let consent_override = store.consent_override(contact_id).await.map_err(|e| ctx.internal(e))?;
    flow.consent_overridden = consent_override.is_some();
    let consent = crate::api::consent::consent_view(&flow, consent_override.as_ref(), &s.user.roles, c.status != "closed", crate::ssr::annex_a::today(ctx));
    let items_rows = store.work_items_for_contact(contact_id).await.map_err(|e| ctx.internal(e))?;
    let items: Vec<ItemView> = items_rows
        .iter()
        .map(|i| ItemView {
            id: i.id.clone(),
            stage: i.stage.clone(),
            stage_label: domain::workflow::stage_label(&i.stage),
            worklist: i.worklist.clone(),
            worklist_label: worklist_from_slug(&i.worklist).map(worklist_short_name).unwrap_or("Other").to_string(),
            team: i.team_name.clone().unwrap_or_default(),
            holder: i.assigned_name.clone(),
            status: i.status.clone(),
            due: domain::display::date_time(i.due_at),
            rag: rag_at(i.due_at, from_slug::<Timescale>(&i.timescale).unwrap_or(Timescale::ContactInitialResponse), now, &rules.calendar),
            completed: i.completed_at.map(|t| format!("{} by {}", domain::display::date_time(t), i.completed_by_name.clone().unwrap_or_default())),
            version: i.version,
        })
        .collect();
    // The step this user can act on: one they hold, else one waiting in their teams for their roles.
    let open = items_rows.iter().filter(|i| i.status == "open");
    let held = open.clone().find(|i| i.assigned_user_id.as_deref() == Some(s.user.id.as_str()));
    let takeable = open.clone().find(|i| {
        i.assigned_user_id.is_none()
            && i.team_id.as_deref().is_some_and(|t| s.user.in_team(t))
            && worklist_from_slug(&i.worklist).is_some_and(|w| may_work(&s.user.roles, w))
    });
    let chosen = held.or(takeable);
    let mine = chosen.and_then(|i| items.iter().find(|v| v.id == i.id).cloned());
    let decisions = chosen
        .and_then(|i| Stage::from_slug(&i.stage))
        .map(|st| decisions_at(st, &flow).iter().map(|d| d.to_string()).collect())
        .unwrap_or_default();
    let log = store
        .decision_log(contact_id)
        .await
        .map_err(|e| ctx.internal(e))?
        .into_iter()
        .map(|l| {
            let o: serde_json::Value = serde_json::from_str(&l.outcome).unwrap_or_default();
            let strings = |k: &str| o.get(k).and_then(|v| v.as_array()).map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect()).unwrap_or_default();
            LogView {
                at: domain::display::date_time(l.decided_at),
                who: l.decided_by_name,
                stage: Stage::from_slug(&l.stage).map(|s| s.label().to_string()).unwrap_or(l.stage),
                decision: decision_label(&l.decision).to_string(),
                reason: l.reason,
                next: strings("next"),
                closes: o.get("closes").and_then(|v| v.as_str()).map(String::from),
                letters: strings("letters"),
                seed: l.seed,
            }
        })
        .collect();
    let mut flags = Vec::new();
    if c.repeat_within_7_days {
        flags.push("Repeat concern: another contact about this child in the last 7 days".to_string());
    }
    if c.referral_within_12_months {
        flags.push("Re-referral: this child was referred in the last 12 months".to_string());
    }
    if c.is_referral {
        flags.push(format!("Referral since {}", c.referral_at.map(domain::display::date_time).unwrap_or_default()));
    }
    let referrer: Vec<(String, String)> = [
        ("Name", &c.referrer_name),
        ("Organisation", &c.referrer_organisation),
        ("Role", &c.referrer_role),
        ("Relationship with the family", &c.referrer_relationship),
        ("Phone", &c.referrer_phone),
        ("Email", &c.referrer_email),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| (k.to_string(), v.clone()))
    .collect();
    Ok(Some(WorkflowView {
        status: c.status.clone(),
        channel: from_slug::<ContactChannel>(&c.channel).map(|x| x.label().to_string()).unwrap_or(c.channel.clone()),
        caller_kind: c.caller_kind.as_deref().and_then(CallerKind::from_slug).map(|k| k.label().to_string()),
        concern: c.concern.clone(),
        referrer,
        contact_source: domain::codes::contact_source_label(&c.contact_source).map(|l| format!("{} ({})", l, c.contact_source)).unwrap_or_default(),
        level: c.level.as_deref().and_then(Level::from_slug).map(|l| l.label().to_string()),
        flags,
        outcome: c.outcome.as_deref().and_then(from_slug::<ContactOutcome>).map(|o| o.label().to_string()),
        closed: c.closed_at.map(domain::display::date_time),
        version: c.version,
        children: c
            .children
            .iter()
            .map(|ch| ChildView { person_id: ch.person_id.clone(), name: ch.name(), date_of_birth: ch.date_of_birth.map(domain::display::date) })
            .collect(),
        items,
        log,
        held: held.is_some(),
        my_roles: s.user.roles.clone(),
        reference: c.reference.clone(),
        received_iso: c.received_at.to_rfc3339(),
        details: crate::api::calls::CallDetails {
            caller_kind: c.caller_kind.clone().unwrap_or_default(),
            summary: c.summary.clone(),
            concern: c.concern.clone(),
            referrer_name: c.referrer_name.clone(),
            referrer_organisation: c.referrer_organisation.clone(),
            referrer_role: c.referrer_role.clone(),
            referrer_relationship: c.referrer_relationship.clone(),
            referrer_phone: c.referrer_phone.clone(),
            referrer_email: c.referrer_email.clone(),
            contact_source: c.contact_source.clone(),
            children: c.children.iter().map(|ch| ch.person_id.clone()).collect(),
        },
        details_version: c.details_version,
        mine,
        decisions,
        flow,
        consent,
    }))
}

/// Plain words for a decision slug in the history.
pub fn decision_label(slug: &str) -> &'static str {
    match slug {
        "level" => "Threshold level decided",
        "transfer_to_social_worker" => "Transferred to a CASS Social Worker",
        "no_identifying_details" => "No identifying details: to the Team Leader",
        "pass_to_allocated_worker" => "Passed to the allocated worker",
        "checks_done" => "Partner checks done",
        "grouping_done" => "Siblings grouped, contact completed",
        "recommend" => "Social Worker's recommendation",
        "agree" => "Agreed",
        "change_level" => "Agreed at a different level",
        "send_back" => "Sent back",
        "allocate_family_support" => "Allocated for family support",
        "seek_consent" => "Early Help RAO asked to seek consent",
        "propose_social_work" => "Proposed for social work: TM/SP to agree",
        "set_actions" => "Universal Plus actions set",
        "parent_call" => "Call to the parent",
        "stop_trying" => "Parent not reached",
        "actions_done" => "Actions completed",
        "close_with_advice" => "Closed with advice",
        "strategy_discussion_held" => "Strategy discussion held",
        "assessment_started" => "Family Assessment started",
        "allocation_accepted" => "Allocation accepted",
        "claim" => "Took the work",
        "release" => "Put the work back on the worklist",
        "reassign" => "Reassigned",
        _ => "Decision",
    }
}

/// What a work item is about, as the audit log names it.
#[cfg(feature = "ssr")]
fn subject_record_kind(item: &storage::WorkItemRow) -> domain::audit::RecordKind {
    use domain::audit::RecordKind;
    if item.subject_kind == storage::INBOX_ITEM_SUBJECT { RecordKind::InboxItem } else { RecordKind::Contact }
}
