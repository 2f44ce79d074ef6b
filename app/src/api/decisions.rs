//! Recording a threshold level on a contact. The browser shows guidance as the worker answers;
//! this re-runs the same rules on the server against the versions in force and refuses, with
//! the rules' own plain-English reasons, anything that breaks one.

use crate::error::AppError;
use domain::rules::RuleViolation;
use domain::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionRow {
    pub level: String,
    pub suggested: String,
    pub indicators: Vec<String>,
    pub framework_version: String,
    pub scripts_version: String,
    pub rationale: String,
    pub departure_reason: Option<String>,
    pub previous_level: Option<String>,
    pub decided_by: String,
    pub decided_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DecisionOutcome {
    Recorded,
    /// Why the decision cannot be recorded, in the rules' words, each against the part of the
    /// form it concerns.
    Refused { errors: Vec<FieldError> },
}

/// Which part of the decision form a rule's refusal belongs to (the error summary links there).
/// Shared: the browser files its own pre-check the same way.
pub fn field_for(v: &RuleViolation) -> &'static str {
    match v.code() {
        "rationale_missing" | "level_change_without_rationale" => "rationale",
        "departure_reason_missing" => "departure_reason",
        "version_mismatch" | "unknown_indicator" => "level",
        _ => "questions",
    }
}

pub fn as_field_errors(vs: Vec<RuleViolation>) -> Vec<FieldError> {
    vs.into_iter().map(|v| FieldError::new(field_for(&v), v.to_string())).collect()
}

#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "records/level_decision")]
pub async fn record_level_decision(
    contact_id: String,
    script_id: String,
    scripts_version: String,
    framework_version: String,
    /// The answers as JSON (`domain::rules::Answers`).
    answers: String,
    level: String,
    rationale: String,
    #[server(default)] departure_reason: String,
) -> Result<DecisionOutcome, AppError> {
    use crate::ssr::access::{access, Access};
    use crate::ssr::{respond, rules, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::roles::RoleSet;

    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.staff()?.clone();
            if !s.user.can_decide_level() {
                ctx.audit(AuditAction::Refused, RecordKind::Contact, &contact_id, "Role does not record threshold levels", None).await?;
                return Err(AppError::Forbidden);
            }
            let store = &ctx.state.store;
            let contact = store.get_contact(&contact_id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            let reason = match access(&ctx, &s, RecordKind::Contact, &contact_id).await? {
                Access::Worklist => None,
                Access::Reason(r) => Some(r),
                Access::NeedsReason => return Err(AppError::Forbidden),
            };

            let rules = rules::in_force(&ctx).await?;
            let input = LevelInput { script_id: &script_id, scripts_version: &scripts_version, framework_version: &framework_version, answers: &answers, level: &level, rationale: &rationale, departure_reason: &departure_reason };
            let checked = match check_level(&ctx, &rules, &contact_id, &input).await? {
                Ok(c) => c,
                Err(errors) => return Ok(DecisionOutcome::Refused { errors }),
            };
            store_level(&ctx, &rules, &contact_id, &input, &checked, &s.user.id).await?;
            let decision = checked.decision;
            let summary = format!("Recorded level {} on {} (framework {})", decision.level.label(), contact.reference, decision.framework_version);
            ctx.audit(AuditAction::Update, RecordKind::Contact, &contact_id, &summary, reason.as_deref()).await?;
            Ok(DecisionOutcome::Recorded)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub(crate) async fn decisions_for(ctx: &crate::ssr::Ctx, contact_id: &str) -> Result<Vec<DecisionRow>, AppError> {
    use domain::rules::Level;
    let label = |slug: &str| Level::from_slug(slug).map(|l| l.label().to_string()).unwrap_or_else(|| slug.to_string());
    Ok(ctx
        .state
        .store
        .level_decisions_for_contact(contact_id)
        .await
        .map_err(|e| ctx.internal(e))?
        .into_iter()
        .map(|d| DecisionRow {
            level: label(&d.level),
            suggested: label(&d.suggested),
            indicators: serde_json::from_str(&d.indicators).unwrap_or_default(),
            framework_version: d.framework_version,
            scripts_version: d.scripts_version,
            rationale: d.rationale,
            departure_reason: d.departure_reason,
            previous_level: d.previous_level.as_deref().map(label),
            decided_by: d.decided_by_name,
            decided_at: domain::display::date_time(d.decided_at),
        })
        .collect())
}

/// What a level decision form sends, however it reaches the server.
#[cfg(feature = "ssr")]
pub(crate) struct LevelInput<'a> {
    pub script_id: &'a str,
    pub scripts_version: &'a str,
    pub framework_version: &'a str,
    pub answers: &'a str,
    pub level: &'a str,
    pub rationale: &'a str,
    pub departure_reason: &'a str,
}

#[cfg(feature = "ssr")]
pub(crate) struct CheckedLevel {
    pub decision: domain::rules::LevelDecision,
    pub visible: domain::rules::Answers,
}

/// Re-runs the threshold rules on a level decision against the versions in force: the script's
/// required answers, the rationale, a reason for departing from the suggestion, and a rationale
/// for changing an earlier level. `Ok(Err(errors))` is a refusal in the rules' own words.
#[cfg(feature = "ssr")]
pub(crate) async fn check_level(
    ctx: &crate::ssr::Ctx,
    rules: &domain::rules::RuleSet,
    contact_id: &str,
    input: &LevelInput<'_>,
) -> Result<Result<CheckedLevel, Vec<FieldError>>, AppError> {
    use domain::rules::{check_framework_version, check_level_change, check_level_decision, check_script_answers, Answers, Level, LevelDecision};
    let mut violations: Vec<RuleViolation> = Vec::new();
    violations.extend(check_framework_version(&rules.framework, input.framework_version).err());
    violations.extend(domain::rules::scripts::check_scripts_version(&rules.scripts, input.scripts_version).err());
    let Ok(answers) = serde_json::from_str::<Answers>(input.answers) else {
        let message = "The answers could not be read. Reload the page and answer the questions again.";
        return Ok(Err(vec![FieldError::new("questions", message)]));
    };
    let Some(chosen) = Level::from_slug(input.level) else {
        let mut errors = as_field_errors(violations);
        errors.push(FieldError::new("level", "Choose a threshold level"));
        return Ok(Err(errors));
    };
    let record = match check_script_answers(&rules.scripts, input.script_id, &answers) {
        Ok(r) => Some(r),
        Err(vs) => {
            violations.extend(vs);
            None
        }
    };
    let visible = record.as_ref().map(|r| r.answers.clone()).unwrap_or_default();
    let departure = Some(input.departure_reason).filter(|d| !d.trim().is_empty());
    let previous = ctx.state.store.level_decisions_for_contact(contact_id).await.map_err(|e| ctx.internal(e))?.into_iter().next();
    let checked = match previous.as_ref().and_then(|p| Level::from_slug(&p.level).map(|l| (p, l))) {
        Some((p, previous_level)) => {
            let prior = LevelDecision {
                level: previous_level,
                suggested: Level::from_slug(&p.suggested).unwrap_or(previous_level),
                indicators: Vec::new(),
                framework_version: p.framework_version.clone(),
                rationale: p.rationale.clone(),
                departure_reason: p.departure_reason.clone(),
                previous_level: None,
            };
            check_level_change(&rules.framework, &visible, &prior, chosen, input.rationale, departure)
        }
        None => check_level_decision(&rules.framework, &visible, chosen, input.rationale, departure),
    };
    match checked {
        Ok(decision) if violations.is_empty() => Ok(Ok(CheckedLevel { decision, visible })),
        Ok(_) => Ok(Err(as_field_errors(violations))),
        Err(vs) => {
            violations.extend(vs);
            Ok(Err(as_field_errors(violations)))
        }
    }
}

/// Stores a checked level decision with the versions it was made under.
#[cfg(feature = "ssr")]
pub(crate) async fn store_level(
    ctx: &crate::ssr::Ctx,
    rules: &domain::rules::RuleSet,
    contact_id: &str,
    input: &LevelInput<'_>,
    checked: &CheckedLevel,
    decided_by: &str,
) -> Result<(), AppError> {
    let decision = &checked.decision;
    let indicators = serde_json::to_string(&decision.indicators).map_err(|e| ctx.internal(e))?;
    let answers_json = serde_json::to_string(&checked.visible).map_err(|e| ctx.internal(e))?;
    ctx.state
        .store
        .record_level_decision(storage::NewLevelDecision {
            contact_id,
            level: decision.level.slug(),
            suggested: decision.suggested.slug(),
            indicators: &indicators,
            framework_version: &decision.framework_version,
            scripts_version: &rules.scripts.version,
            script_id: input.script_id,
            answers: &answers_json,
            rationale: &decision.rationale,
            departure_reason: decision.departure_reason.as_deref(),
            previous_level: decision.previous_level.map(|l| l.slug()),
            decided_by,
            decided_at: ctx.now(),
        })
        .await
        .map_err(|e| ctx.internal(e))?;
    script_case_notes(ctx, rules, contact_id, input.script_id, &checked.visible, decided_by).await
}

/// An outcome the answers reached that names a case note type (the missing-child script: seed
/// 003 §7.1, "add a case note with the type Missing Status: Missing and copy in …") is recorded
/// as that case note on every child of the contact, in the script's words, when the level is.
#[cfg(feature = "ssr")]
async fn script_case_notes(
    ctx: &crate::ssr::Ctx,
    rules: &domain::rules::RuleSet,
    contact_id: &str,
    script_id: &str,
    answers: &domain::rules::Answers,
    author: &str,
) -> Result<(), AppError> {
    use domain::audit::{AuditAction, RecordKind};
    let noted: Vec<_> = rules.reached_outcomes(script_id, answers).into_iter().filter(|o| o.case_note_type.is_some()).collect();
    if noted.is_empty() {
        return Ok(());
    }
    let title = rules.scripts.script(script_id).map(|s| s.title.clone()).unwrap_or_default();
    let store = &ctx.state.store;
    let children: Vec<String> = store.contact_children(contact_id).await.map_err(|e| ctx.internal(e))?.into_iter().map(|c| c.person_id).collect();
    for o in noted {
        let note_type = o.case_note_type.clone().unwrap_or_default();
        let body = o.case_note_text(&title);
        let note = storage::NewCaseNote { note_type: &note_type, body: &body, contact_id: Some(contact_id), author_id: author, person_ids: &children };
        let id = store.add_case_note(note, ctx.now()).await.map_err(|e| ctx.internal(e))?;
        let summary = format!("Added case note {id} ({note_type}) from the essential questions");
        ctx.audit(AuditAction::Create, RecordKind::Contact, contact_id, &summary, None).await?;
        for child in &children {
            ctx.audit(AuditAction::Create, RecordKind::Person, child, &summary, None).await?;
        }
        // Those the outcome names are copied in (003 §7.1): each copy-in key's letter goes to
        // the address the council keeps for it; the note's id makes a retry send it once.
        let letters: Vec<domain::rules::Letter> = o.copy_in.iter().filter_map(|k| domain::rules::scripts::copy_in_letter(k)).collect();
        if !letters.is_empty() {
            if let Some(contact) = store.get_contact_detail(contact_id).await.map_err(|e| ctx.internal(e))? {
                let said = crate::ssr::workflow_letters::send_for_decision(ctx, &contact, &letters, &format!("note-{id}"), &body).await;
                ctx.audit(AuditAction::Update, RecordKind::Contact, contact_id, &format!("Copied in on case note {id}: {}", said.join("; ")), None).await?;
            }
        }
    }
    Ok(())
}
