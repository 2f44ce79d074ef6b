//! The rules in force: the active framework and scripts from the database (or the built-in
//! versions until a council activates its own), with the calendar's added days. Loaded per
//! request (a few kilobytes of JSON) so every instance sees an activation at once.

use super::Ctx;
use crate::error::AppError;
use domain::rules::{AddedDay, Framework, RuleSet, ScriptSet, WorkingCalendar};

pub const FRAMEWORK: &str = "framework";
pub const SCRIPTS: &str = "scripts";

pub async fn in_force(ctx: &Ctx) -> Result<RuleSet, AppError> {
    let store = &ctx.state.store;
    let framework = match store.active_rule_set(FRAMEWORK).await.map_err(|e| ctx.internal(e))? {
        Some(row) => Framework::from_json(&row.content),
        None => Framework::builtin(),
    }
    .map_err(|p| ctx.internal(format!("framework in force is invalid: {p:?}")))?;
    let scripts = match store.active_rule_set(SCRIPTS).await.map_err(|e| ctx.internal(e))? {
        Some(row) => ScriptSet::from_json(&row.content),
        None => ScriptSet::builtin(),
    }
    .map_err(|p| ctx.internal(format!("scripts in force are invalid: {p:?}")))?;
    let calendar = calendar(ctx).await?;
    RuleSet::new(framework, scripts, calendar).map_err(|p| ctx.internal(format!("rules in force disagree: {p:?}")))
}

/// Days an administrator added to the calendar, in date order.
pub async fn added_days(ctx: &Ctx) -> Result<Vec<AddedDay>, AppError> {
    Ok(ctx
        .state
        .store
        .non_working_days()
        .await
        .map_err(|e| ctx.internal(e))?
        .into_iter()
        .map(|d| AddedDay { date: d.day, title: d.title })
        .collect())
}

pub async fn calendar(ctx: &Ctx) -> Result<WorkingCalendar, AppError> {
    let added = added_days(ctx).await?;
    WorkingCalendar::builtin()
        .and_then(|c| c.with_added_days(&added))
        .map_err(|p| ctx.internal(format!("calendar is invalid: {p:?}")))
}
