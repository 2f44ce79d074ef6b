//! The server's half of the contact workflow: load a contact's flow, run `domain::workflow::
//! decide` again on what the browser sent, turn the outcome into stored work items (team from
//! configuration, holder, deadline from the calendar) and write it all in one transaction.

use super::Ctx;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use domain::rules::{OfficeHours, RuleSet, Worklist};
use domain::workflow::{slug_of, step_deadline, worklist_slug, Assign, ContactFlow, Decision, NextStep, Outcome, Stage};
use storage::{Applied, ContactChange, ContactDetail, DecisionLog, DecisionWrite, NewWorkItem, WorkItemRow};

/// A work item ready to be stored.
pub struct PlannedItem {
    pub stage: Stage,
    pub worklist: Worklist,
    pub team_id: String,
    pub assigned_user_id: Option<String>,
    pub due_at: DateTime<Utc>,
    pub started_at: DateTime<Utc>,
    pub calendar_version: String,
    pub timescale: String,
}

impl PlannedItem {
    pub fn as_new(&self) -> NewWorkItem<'_> {
        NewWorkItem {
            stage: self.stage.slug(),
            worklist: worklist_slug(self.worklist),
            team_id: Some(&self.team_id),
            assigned_user_id: self.assigned_user_id.as_deref(),
            timescale: &self.timescale,
            started_at: self.started_at,
            due_at: self.due_at,
            calendar_version: &self.calendar_version,
        }
    }
}

/// Why a planned step cannot be stored: configuration is missing (an administrator must say
/// which team holds a worklist). Reported to the worker as a plain message.
#[derive(Debug, thiserror::Error)]
#[error("No team holds the {0} worklist yet: ask an administrator to choose one under Teams.")]
pub struct NoTeamFor(pub String);

/// The team holding each worklist, the holder and the deadline of each next step.
pub async fn plan(
    ctx: &Ctx,
    contact_id: &str,
    steps: &[NextStep],
    actor: &str,
    rules: &RuleSet,
    now: DateTime<Utc>,
) -> Result<Result<Vec<PlannedItem>, NoTeamFor>, AppError> {
    let store = &ctx.state.store;
    let mut out = Vec::new();
    for step in steps {
        let Some(team_id) = store.worklist_team(worklist_slug(step.worklist)).await.map_err(|e| ctx.internal(e))? else {
            return Ok(Err(NoTeamFor(step.worklist.label().to_string())));
        };
        let assigned_user_id = match step.assign {
            Assign::Pool => None,
            Assign::Actor => Some(actor.to_string()),
            Assign::LastHolderOf(stage) => store.last_holder_of(contact_id, stage.slug()).await.map_err(|e| ctx.internal(e))?,
        };
        let (deadline, due_at) = step_deadline(step.stage, now, &rules.calendar, &OfficeHours::default());
        out.push(PlannedItem {
            stage: step.stage,
            worklist: step.worklist,
            team_id,
            assigned_user_id,
            due_at,
            started_at: now,
            calendar_version: deadline.calendar_version,
            timescale: slug_of(&deadline.timescale),
        });
    }
    Ok(Ok(out))
}

/// The contact's flow as stored (a contact from before the workflow starts a fresh one).
pub fn flow_of(c: &ContactDetail) -> ContactFlow {
    serde_json::from_str(&c.flow).unwrap_or_else(|_| {
        let channel = domain::workflow::from_slug(&c.channel).unwrap_or(domain::rules::ContactChannel::Inbox);
        ContactFlow::new(channel)
    })
}

/// What the decision log keeps of an outcome, in plain words.
#[derive(serde::Serialize)]
struct LoggedOutcome<'a> {
    next: Vec<String>,
    closes: Option<&'static str>,
    letters: Vec<&'static str>,
    actions: Vec<&'static str>,
    seed: &'a str,
}

/// Stores a decision and its outcome. `Ok(Applied::Stale)` when someone changed the contact or
/// finished the item first.
#[allow(clippy::too_many_arguments)]
pub async fn store_outcome(
    ctx: &Ctx,
    contact: &ContactDetail,
    item: &WorkItemRow,
    decision: &Decision,
    outcome: &Outcome,
    planned: &[PlannedItem],
    actor: &str,
    now: DateTime<Utc>,
) -> Result<Applied, AppError> {
    let flow = serde_json::to_string(&outcome.flow).map_err(|e| ctx.internal(e))?;
    let detail = serde_json::to_string(decision).map_err(|e| ctx.internal(e))?;
    let logged = LoggedOutcome {
        next: planned.iter().map(|p| format!("{} ({})", p.stage.label(), domain::workflow::worklist_short_name(p.worklist))).collect(),
        closes: outcome.closes.map(|c| c.label()),
        letters: outcome.letters.iter().map(|l| l.label()).collect(),
        actions: outcome.actions.iter().map(|a| a.label()).collect(),
        seed: &outcome.seed,
    };
    let logged = serde_json::to_string(&logged).map_err(|e| ctx.internal(e))?;
    let level = outcome.flow.level.map(|l| l.slug());
    let outcome_slug = outcome.closes.map(|c| slug_of(&c));
    let closes = outcome.closes.is_some();
    let status = if closes {
        "closed"
    } else if contact.status == "call" && planned.iter().all(|p| p.stage == Stage::Call) {
        "call"
    } else {
        "open"
    };
    let write = DecisionWrite {
        contact_id: &contact.id,
        expected_version: contact.version,
        item_id: &item.id,
        complete_item: outcome.completes_item,
        change: ContactChange {
            flow: &flow,
            level,
            is_referral: outcome.flow.referral,
            status,
            outcome: outcome_slug.as_deref(),
            closed_at: closes.then_some(now),
        },
        new_items: planned.iter().map(PlannedItem::as_new).collect(),
        cancel_other_items: closes,
        log: DecisionLog {
            stage: &item.stage,
            worklist: &item.worklist,
            decision: decision.slug(),
            detail: &detail,
            reason: decision.text(),
            outcome: &logged,
            seed: &outcome.seed,
            decided_by: actor,
            decided_at: now,
        },
    };
    ctx.state.store.apply_decision(write, now).await.map_err(|e| ctx.internal(e))
}
