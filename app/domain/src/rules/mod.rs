//! The shared rules of issue 3: threshold guidance, essential-question scripts, consent,
//! routing and timescales. Pure functions of their arguments: the call screen and online form
//! run them in the browser on every answer, and the server runs the same code on every
//! submission, refusing with [`RuleViolation`]s any decision that breaks a rule.
//!
//! Data a council may replace (the RHRT framework, the scripts, bank holidays) is JSON parsed
//! from a `&str`; the built-in versions are embedded from `app/domain/data/`. docs/RULES.md
//! describes every rule and the file formats.

pub mod answers;
pub mod calendar;
pub mod consent;
pub mod data;
pub mod eha;
pub mod irr;
pub mod routing;
pub mod scripts;
pub mod threshold;
pub mod timescales;
mod violation;

pub use answers::{Answer, Answers, Condition};
pub use calendar::{uk_local_time, utc_from_uk_local, AddedDay, BankHolidays, WorkingCalendar};
pub use consent::{
    check_caller_disclosure, check_disclosure, check_online_request_consent, consent_rule, ConsentEvidence, ConsentException,
    ConsentRoute, ConsentScope, DisclosureDecision, DisclosureRequest, DutyManagerOverride,
};
pub use data::DataProblem;
pub use eha::{check_eha, eha_priority, triage_route, EhaForm, EhaPriority, TriageOutcome};
pub use irr::{check_irr_urgency, irr_urgency, IrrUrgency, UrgencyCriterion};
pub use routing::{
    check_route, route_contact, route_inbox_filter, route_information_request, Action,
    ContactChannel, ContactFacts, Letter, Route, Worklist,
};
pub use scripts::{
    check_script_answers, evaluate_script, visible_answers, CallerKind, Script, ScriptRecord,
    ScriptSet, ScriptState,
};
pub use threshold::{
    check_framework_version, check_level_change, check_level_decision, guidance, Framework,
    Guidance, Level, LevelDecision,
};
pub use timescales::{deadline, timescale_rule, Clock, Deadline, DueState, OfficeHours, Timescale};
pub use violation::{RuleViolation, MIN_REASON_CHARS};

use serde::{Deserialize, Serialize};

/// The rules in force: one framework, one set of scripts and one calendar, checked together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSet {
    pub framework: Framework,
    pub scripts: ScriptSet,
    pub calendar: WorkingCalendar,
}

impl RuleSet {
    /// Puts the three together, refusing a framework whose indicators read questions no script
    /// asks (or answers no question can give): such an indicator could never be shown.
    pub fn new(
        framework: Framework,
        scripts: ScriptSet,
        calendar: WorkingCalendar,
    ) -> Result<RuleSet, Vec<DataProblem>> {
        let problems = cross_check(&framework, &scripts);
        if problems.is_empty() {
            Ok(RuleSet {
                framework,
                scripts,
                calendar,
            })
        } else {
            Err(problems)
        }
    }

    /// The built-in rules embedded from `app/domain/data/`.
    pub fn builtin() -> Result<RuleSet, Vec<DataProblem>> {
        let framework = Framework::builtin();
        let scripts = ScriptSet::builtin();
        let calendar = WorkingCalendar::builtin();
        match (framework, scripts, calendar) {
            (Ok(f), Ok(s), Ok(c)) => RuleSet::new(f, s, c),
            (f, s, c) => Err([f.err(), s.err(), c.err()]
                .into_iter()
                .flatten()
                .flatten()
                .collect()),
        }
    }

    /// Everything the call screen shows after an answer: where the script has got to and the
    /// RHRT suggestion. Cheap enough to run on every keystroke.
    pub fn evaluate_call(
        &self,
        script_id: &str,
        answers: &Answers,
    ) -> Result<CallEvaluation, RuleViolation> {
        let script =
            self.scripts
                .script(script_id)
                .ok_or_else(|| RuleViolation::UnknownScript {
                    script: script_id.to_string(),
                    version: self.scripts.version.clone(),
                })?;
        Ok(CallEvaluation {
            script: evaluate_script(&self.scripts, script, answers),
            guidance: guidance(&self.framework, &scripts::visible_answers(script, answers)),
        })
    }
}

impl RuleSet {
    /// The outcomes the answers lead to on a script, in the script's order: what to tell the
    /// caller, what staff do, the case note type to record, whom to copy in, and a script to
    /// continue with. Empty for an unknown script.
    pub fn reached_outcomes(&self, script_id: &str, answers: &Answers) -> Vec<scripts::ScriptOutcome> {
        let Some(script) = self.scripts.script(script_id) else { return Vec::new() };
        let state = evaluate_script(&self.scripts, script, answers);
        state.outcomes.iter().filter_map(|id| script.outcome(id).cloned()).collect()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallEvaluation {
    pub script: ScriptState,
    pub guidance: Guidance,
}

/// Problems between a framework and a set of scripts: each question an indicator reads must be
/// asked by some script, and each value compared must be a possible answer.
pub fn cross_check(framework: &Framework, scripts: &ScriptSet) -> Vec<DataProblem> {
    let mut p = data::Problems::default();
    for (li, lg) in framework.levels.iter().enumerate() {
        for (ii, ind) in lg.indicators.iter().enumerate() {
            let Some(when) = &ind.when else { continue };
            let path = format!("levels[{li}].indicators[{ii}].when");
            for (q, value) in when.references() {
                let asked: Vec<&scripts::Question> = scripts
                    .scripts
                    .iter()
                    .filter_map(|s| s.question(q))
                    .collect();
                if asked.is_empty() {
                    p.push(
                        path.clone(),
                        format!(
                            "reads question \"{q}\", which no script in scripts {} asks",
                            scripts.version
                        ),
                    );
                }
                for question in asked {
                    scripts::check_value(question, value, &path, &mut p);
                }
            }
        }
    }
    p.0.dedup();
    p.0
}
