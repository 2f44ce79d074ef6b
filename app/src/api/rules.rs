//! The rules in force and their versions: read by every member of staff (the browser evaluates
//! guidance locally with the set it fetched), uploaded and activated by administrators, with the
//! working-day calendar's added days. A level decision is re-checked here against the set in
//! force before it is stored.

use crate::error::AppError;
use domain::rules::{Framework, RuleSet, ScriptSet};
use domain::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionRow {
    pub id: String,
    pub version: String,
    pub status: String,
    pub uploaded: String,
    pub activated: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionHistory {
    /// Versions in force now (built-in until a council activates its own).
    pub framework_in_force: String,
    pub scripts_in_force: String,
    pub framework: Vec<VersionRow>,
    pub scripts: Vec<VersionRow>,
    pub can_administer: bool,
}

/// One version to read: exactly one of the two is set, according to `kind`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleDoc {
    pub kind: String,
    pub version: String,
    pub status: String,
    pub framework: Option<Framework>,
    pub scripts: Option<ScriptSet>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum UploadOutcome {
    Saved { id: String, version: String },
    /// Every problem found in the file, each with where it is.
    Invalid { problems: Vec<String> },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayRow {
    pub date: String,
    pub label: String,
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DayOutcome {
    Saved,
    Invalid { errors: Vec<FieldError> },
}

#[server(prefix = "/api", endpoint = "rules/in_force")]
pub async fn rules_in_force() -> Result<RuleSet, AppError> {
    use crate::ssr::{respond, rules, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.staff()?;
            rules::in_force(&ctx).await
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "rules/versions")]
pub async fn rule_versions() -> Result<VersionHistory, AppError> {
    use crate::ssr::{respond, rules, Ctx};
    use domain::roles::RoleSet;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let can_administer = ctx.staff()?.user.can_administer();
            let in_force = rules::in_force(&ctx).await?;
            let store = &ctx.state.store;
            let rows = |list: Vec<storage::RuleSetRow>| -> Vec<VersionRow> {
                list.into_iter()
                    .map(|r| VersionRow {
                        id: r.id,
                        version: r.version,
                        status: r.status,
                        uploaded: domain::display::date_time(r.uploaded_at),
                        activated: r.activated_at.map(domain::display::date_time),
                    })
                    .collect()
            };
            Ok(VersionHistory {
                framework_in_force: in_force.framework.version.clone(),
                scripts_in_force: in_force.scripts.version.clone(),
                framework: rows(store.list_rule_sets(rules::FRAMEWORK).await.map_err(|e| ctx.internal(e))?),
                scripts: rows(store.list_rule_sets(rules::SCRIPTS).await.map_err(|e| ctx.internal(e))?),
                can_administer,
            })
        }
        .await,
    )
}

/// A version to read: stored ones by version, or the built-in one.
#[server(prefix = "/api", endpoint = "rules/version")]
pub async fn rule_version(kind: String, version: String) -> Result<RuleDoc, AppError> {
    use crate::ssr::{respond, rules, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.staff()?;
            if kind != rules::FRAMEWORK && kind != rules::SCRIPTS {
                return Err(AppError::NotFound);
            }
            let stored = ctx.state.store.rule_set_by_version(&kind, &version).await.map_err(|e| ctx.internal(e))?;
            let (content, status) = match stored {
                Some(row) => (Some(row.content), row.status),
                None => (None, "built in".to_string()),
            };
            let doc = |framework: Option<Framework>, scripts: Option<ScriptSet>| RuleDoc {
                kind: kind.clone(),
                version: version.clone(),
                status: status.clone(),
                framework,
                scripts,
            };
            let bad = |p: Vec<domain::rules::DataProblem>| ctx.internal(format!("stored rules do not parse: {p:?}"));
            if kind == rules::FRAMEWORK {
                let f = match content {
                    Some(c) => Framework::from_json(&c).map_err(bad)?,
                    None => Framework::builtin().map_err(bad)?,
                };
                if f.version != version {
                    return Err(AppError::NotFound);
                }
                Ok(doc(Some(f), None))
            } else {
                let s = match content {
                    Some(c) => ScriptSet::from_json(&c).map_err(bad)?,
                    None => ScriptSet::builtin().map_err(bad)?,
                };
                if s.version != version {
                    return Err(AppError::NotFound);
                }
                Ok(doc(None, Some(s)))
            }
        }
        .await,
    )
}

/// Validates an uploaded file and keeps it as a draft. Nothing changes for users until it is
/// activated.
#[server(prefix = "/api", endpoint = "admin/rules/upload")]
pub async fn admin_upload_rules(kind: String, content: String) -> Result<UploadOutcome, AppError> {
    use crate::ssr::{respond, rules, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let admin = ctx.require_admin()?.user.username.clone();
            if content.trim().is_empty() {
                return Ok(UploadOutcome::Invalid { problems: vec!["Choose a file or paste its contents".into()] });
            }
            let parsed = match kind.as_str() {
                k if k == rules::FRAMEWORK => Framework::from_json(&content).map(|f| f.version),
                k if k == rules::SCRIPTS => ScriptSet::from_json(&content).map(|s| s.version),
                _ => return Err(AppError::NotFound),
            };
            let version = match parsed {
                Ok(v) => v,
                Err(problems) => {
                    return Ok(UploadOutcome::Invalid { problems: problems.into_iter().map(|p| p.to_string()).collect() })
                }
            };
            match ctx.state.store.insert_rule_set(&kind, &version, &content, &admin, ctx.now()).await {
                Ok(id) => {
                    ctx.audit(AuditAction::Create, RecordKind::RuleSet, &id, &format!("Uploaded {kind} version {version}"), None).await?;
                    Ok(UploadOutcome::Saved { id, version })
                }
                Err(storage::StorageError::Conflict(_)) => Ok(UploadOutcome::Invalid {
                    problems: vec![format!("version: {version} has already been uploaded; give the new file a new version")],
                }),
                Err(e) => Err(ctx.internal(e)),
            }
        }
        .await,
    )
}

/// Puts an uploaded version in force, if it agrees with the other half of the rules in force
/// (every indicator must read a question some script asks).
#[server(prefix = "/api", endpoint = "admin/rules/activate")]
pub async fn admin_activate_rules(id: String) -> Result<UploadOutcome, AppError> {
    use crate::ssr::{respond, rules, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let admin = ctx.require_admin()?.user.username.clone();
            let store = &ctx.state.store;
            let row = store.get_rule_set(&id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            let current = rules::in_force(&ctx).await?;
            let bad = |p: Vec<domain::rules::DataProblem>| UploadOutcome::Invalid { problems: p.into_iter().map(|p| p.to_string()).collect() };
            let combined = if row.kind == rules::FRAMEWORK {
                Framework::from_json(&row.content).and_then(|f| RuleSet::new(f, current.scripts, current.calendar))
            } else {
                ScriptSet::from_json(&row.content).and_then(|s| RuleSet::new(current.framework, s, current.calendar))
            };
            if let Err(problems) = combined {
                return Ok(bad(problems));
            }
            match store.activate_rule_set(&row.id, &row.kind, &admin, ctx.now()).await {
                Ok(true) => {}
                Ok(false) => return Err(AppError::NotFound),
                Err(storage::StorageError::Conflict(_)) => {
                    return Ok(UploadOutcome::Invalid { problems: vec!["Another version was activated at the same moment; try again".into()] })
                }
                Err(e) => return Err(ctx.internal(e)),
            }
            ctx.audit(AuditAction::Update, RecordKind::RuleSet, &row.id, &format!("Activated {} version {}", row.kind, row.version), None).await?;
            Ok(UploadOutcome::Saved { id: row.id, version: row.version })
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "calendar/added_days")]
pub async fn added_days() -> Result<Vec<DayRow>, AppError> {
    use crate::ssr::{respond, rules, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.staff()?;
            Ok(rules::added_days(&ctx)
                .await?
                .into_iter()
                .map(|d| DayRow { date: d.date.format("%Y-%m-%d").to_string(), label: d.date.format("%A %-d %B %Y").to_string(), title: d.title })
                .collect())
        }
        .await,
    )
}

/// Adds a one-off non-working day (royal events are announced at short notice). Deadlines
/// computed after this skip it.
/// The draft of a non-working day being added (issue 9 point 1); cleared when it is added.
pub const ADDED_DAY_DRAFT_KEY: &str = "admin-added-day";

#[server(prefix = "/api", endpoint = "admin/calendar/add_day")]
pub async fn admin_add_day(day: String, month: String, year: String, title: String) -> Result<DayOutcome, AppError> {
    use crate::ssr::{respond, rules, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let (admin, admin_id) = ctx.require_admin().map(|s| (s.user.username.clone(), s.user.id.clone()))?;
            let mut errors = Vec::new();
            let date = match (day.trim().parse::<u32>(), month.trim().parse::<u32>(), year.trim().parse::<i32>()) {
                (Ok(d), Ok(m), Ok(y)) if (2000..=2100).contains(&y) => chrono::NaiveDate::from_ymd_opt(y, m, d),
                _ => None,
            };
            if day.trim().is_empty() && month.trim().is_empty() && year.trim().is_empty() {
                errors.push(FieldError::new("day-day", "Enter the date of the day off"));
            } else if date.is_none() {
                errors.push(FieldError::new("day-day", "Date must be a real date, like 8 5 2027"));
            }
            if title.trim().is_empty() {
                errors.push(FieldError::new("title", "Enter what the day is, for example a royal event"));
            }
            let Some(date) = date.filter(|_| errors.is_empty()) else { return Ok(DayOutcome::Invalid { errors }) };
            let calendar = rules::calendar(&ctx).await?;
            let added = domain::rules::AddedDay { date, title: title.trim().to_string() };
            if let Err(problems) = calendar.with_added_days(std::slice::from_ref(&added)) {
                let message = problems.first().map(|p| p.message.clone()).unwrap_or_else(|| "That day cannot be added".into());
                return Ok(DayOutcome::Invalid { errors: vec![FieldError::new("day-day", capitalise(&message))] });
            }
            match ctx.state.store.add_non_working_day(date, title.trim(), &admin, ctx.now()).await {
                Ok(()) => {}
                Err(storage::StorageError::Conflict(_)) => {
                    return Ok(DayOutcome::Invalid { errors: vec![FieldError::new("day-day", "That day has already been added")] })
                }
                Err(e) => return Err(ctx.internal(e)),
            }
            ctx.audit(AuditAction::Create, RecordKind::Calendar, &date.to_string(), &format!("Added non-working day: {}", title.trim()), None).await?;
            crate::api::drafts::clear(&ctx, &admin_id, ADDED_DAY_DRAFT_KEY).await?;
            Ok(DayOutcome::Saved)
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/calendar/remove_day")]
pub async fn admin_remove_day(date: String) -> Result<DayOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require_admin()?;
            let day = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").map_err(|_| AppError::NotFound)?;
            if !ctx.state.store.remove_non_working_day(day).await.map_err(|e| ctx.internal(e))? {
                return Err(AppError::NotFound);
            }
            ctx.audit(AuditAction::Update, RecordKind::Calendar, &date, "Removed an added non-working day", None).await?;
            Ok(DayOutcome::Saved)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
