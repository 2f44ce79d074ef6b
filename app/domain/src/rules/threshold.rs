//! Right Help, Right Time (RHRT): the threshold framework as data, the guidance function, and the
//! check on a worker's level decision (issue 3 point 1).
//!
//! Seed 000 "CASS Contacts": TM/SPs "undertake an initial analysis of the Request for Support using
//! Right Help Right Time (RHRT) and reassign contacts at appropriate level". The guidance only
//! *suggests*; the worker decides and writes a rationale, and the stored decision keeps the
//! suggestion, the indicators behind it and the framework version, so a later reader can see why.

use serde::{Deserialize, Serialize};

use super::answers::{read_condition, Answer, Answers, Condition};
use super::data::{check_id, index, parse_json, to_pretty_json, DataProblem, Obj, Problems};
use super::violation::{long_enough, RuleViolation, MIN_REASON_CHARS};

/// The five RHRT levels, lowest need first (GLOSSARY "Threshold levels").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Universal,
    UniversalPlus,
    AdditionalNeeds,
    ComplexAndSignificant,
    SignificantHarm,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::Universal,
        Level::UniversalPlus,
        Level::AdditionalNeeds,
        Level::ComplexAndSignificant,
        Level::SignificantHarm,
    ];

    /// The identifier used in data files, form values and the database.
    pub fn slug(self) -> &'static str {
        match self {
            Level::Universal => "universal",
            Level::UniversalPlus => "universal_plus",
            Level::AdditionalNeeds => "additional_needs",
            Level::ComplexAndSignificant => "complex_and_significant",
            Level::SignificantHarm => "significant_harm",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.slug() == slug)
    }

    /// The name in the seeds' words.
    pub fn label(self) -> &'static str {
        match self {
            Level::Universal => "Universal",
            Level::UniversalPlus => "Universal Plus",
            Level::AdditionalNeeds => "Additional Needs",
            Level::ComplexAndSignificant => "Complex and Significant",
            Level::SignificantHarm => "Significant Harm",
        }
    }

    /// Whether the level meets the threshold for a statutory social-care response, which makes the
    /// contact a referral (GLOSSARY "Contact / referral").
    pub fn is_statutory(self) -> bool {
        self >= Level::ComplexAndSignificant
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// The answer key of the "RHRT indicators" question: the worker may tick indicators directly.
/// Its answer is `Answer::Choices` of indicator ids.
pub const RHRT_INDICATORS_QUESTION: &str = "rhrt_indicators";

/// A council's threshold framework: the versioned file `data/rhrt-framework.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Framework {
    /// e.g. `"rhrt-2026.1"`; stored with every decision made under it.
    pub version: String,
    pub title: String,
    /// All five levels, once each, lowest first.
    pub levels: Vec<LevelGuidance>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelGuidance {
    pub level: Level,
    /// What children and families at this level look like.
    pub descriptor: String,
    /// The usual response at this level, in a sentence.
    pub response: String,
    pub indicators: Vec<Indicator>,
    /// Several needs at this level together may suggest a higher level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation: Option<Escalation>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// Unique across the framework, e.g. `"dv-child-present"`.
    pub id: String,
    pub text: String,
    /// When the answers show this indicator. Without it the indicator is only ticked by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
}

/// "`count` or more indicators at this level suggest `to`".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    pub count: u32,
    pub to: Level,
}

/// The built-in framework, embedded so the app works before a council uploads its own.
pub const BUILTIN_FRAMEWORK_JSON: &str = include_str!("../../data/rhrt-framework.json");

impl Framework {
    /// Parses and validates a framework file, listing every problem found.
    pub fn from_json(text: &str) -> Result<Framework, Vec<DataProblem>> {
        let value = parse_json(text)?;
        let mut p = Problems::default();
        let framework = read_framework(&value, &mut p);
        if let Some(f) = &framework {
            validate_framework(f, &mut p);
        }
        p.finish(framework)
    }

    pub fn to_json(&self) -> String {
        to_pretty_json(self)
    }

    pub fn builtin() -> Result<Framework, Vec<DataProblem>> {
        Framework::from_json(BUILTIN_FRAMEWORK_JSON)
    }

    pub fn level(&self, level: Level) -> Option<&LevelGuidance> {
        self.levels.iter().find(|l| l.level == level)
    }

    /// The indicator with this id and the level it belongs to.
    pub fn indicator(&self, id: &str) -> Option<(Level, &Indicator)> {
        self.levels
            .iter()
            .flat_map(|l| l.indicators.iter().map(move |i| (l.level, i)))
            .find(|(_, i)| i.id == id)
    }

    /// Every indicator, lowest level first, in file order.
    pub fn indicators(&self) -> impl Iterator<Item = (Level, &Indicator)> {
        self.levels
            .iter()
            .flat_map(|l| l.indicators.iter().map(move |i| (l.level, i)))
    }
}

fn read_framework(v: &serde_json::Value, p: &mut Problems) -> Option<Framework> {
    let obj = Obj::new(v, "", p)?;
    obj.allow_only(&["version", "title", "levels"], p);
    let version = obj.req_str("version", p);
    let title = obj.req_str("title", p);
    let levels: Vec<Option<LevelGuidance>> = obj
        .req_array("levels", p)
        .iter()
        .enumerate()
        .map(|(i, l)| read_level(l, &index("levels", i), p))
        .collect();
    let levels: Option<Vec<LevelGuidance>> = levels.into_iter().collect();
    Some(Framework {
        version: version?,
        title: title?,
        levels: levels?,
    })
}

fn read_level_slug(obj: &Obj, key: &str, p: &mut Problems) -> Option<Level> {
    let slug = obj.req_str(key, p)?;
    let level = Level::from_slug(&slug);
    if level.is_none() {
        let all: Vec<&str> = Level::ALL.iter().map(|l| l.slug()).collect();
        p.push(
            obj.at(key),
            format!(
                "unknown level \"{slug}\" (expected one of: {})",
                all.join(", ")
            ),
        );
    }
    level
}

fn read_level(v: &serde_json::Value, path: &str, p: &mut Problems) -> Option<LevelGuidance> {
    let obj = Obj::new(v, path, p)?;
    obj.allow_only(
        &[
            "level",
            "descriptor",
            "response",
            "indicators",
            "escalation",
        ],
        p,
    );
    let level = read_level_slug(&obj, "level", p);
    let descriptor = obj.req_str("descriptor", p);
    let response = obj.req_str("response", p);
    let ind_path = obj.at("indicators");
    let indicators: Vec<Option<Indicator>> = obj
        .req_array("indicators", p)
        .iter()
        .enumerate()
        .map(|(i, v)| read_indicator(v, &index(&ind_path, i), p))
        .collect();
    let escalation = match obj.get("escalation") {
        None => Some(None),
        Some(e) => read_escalation(e, &obj.at("escalation"), p).map(Some),
    };
    let indicators: Option<Vec<Indicator>> = indicators.into_iter().collect();
    Some(LevelGuidance {
        level: level?,
        descriptor: descriptor?,
        response: response?,
        indicators: indicators?,
        escalation: escalation?,
    })
}

fn read_indicator(v: &serde_json::Value, path: &str, p: &mut Problems) -> Option<Indicator> {
    let obj = Obj::new(v, path, p)?;
    obj.allow_only(&["id", "text", "when"], p);
    let id = obj.req_str("id", p);
    if let Some(id) = &id {
        check_id(id, &obj.at("id"), p);
    }
    let text = obj.req_str("text", p);
    let when = match obj.get("when") {
        None => Some(None),
        Some(c) => read_condition(c, &obj.at("when"), p).map(Some),
    };
    Some(Indicator {
        id: id?,
        text: text?,
        when: when?,
    })
}

fn read_escalation(v: &serde_json::Value, path: &str, p: &mut Problems) -> Option<Escalation> {
    let obj = Obj::new(v, path, p)?;
    obj.allow_only(&["count", "to"], p);
    let count = obj.req_i64("count", p);
    let to = read_level_slug(&obj, "to", p);
    let count = count?;
    if !(2..=50).contains(&count) {
        p.push(
            obj.at("count"),
            format!("must be between 2 and 50, found {count}"),
        );
        return None;
    }
    Some(Escalation {
        count: count as u32,
        to: to?,
    })
}

/// Rules that need the whole file: every level once and in order, ids unique, escalations upward.
fn validate_framework(f: &Framework, p: &mut Problems) {
    let mut seen_ids: Vec<(&str, String)> = Vec::new();
    for (i, lg) in f.levels.iter().enumerate() {
        let path = index("levels", i);
        if let Some(j) = f.levels[..i].iter().position(|o| o.level == lg.level) {
            p.push(
                format!("{path}.level"),
                format!(
                    "\"{}\" is listed twice (also at levels[{j}])",
                    lg.level.slug()
                ),
            );
        }
        if i > 0 && f.levels[i - 1].level > lg.level {
            p.push(
                format!("{path}.level"),
                format!(
                    "levels must be listed lowest first; \"{}\" comes after \"{}\"",
                    lg.level.slug(),
                    f.levels[i - 1].level.slug()
                ),
            );
        }
        if lg.level > Level::Universal && lg.indicators.is_empty() {
            p.push(
                format!("{path}.indicators"),
                "has no indicators, so guidance could never suggest this level",
            );
        }
        if let Some(e) = &lg.escalation {
            if e.to <= lg.level {
                p.push(
                    format!("{path}.escalation.to"),
                    format!("must be a higher level than \"{}\"", lg.level.slug()),
                );
            }
            if e.count as usize > lg.indicators.len() {
                p.push(
                    format!("{path}.escalation.count"),
                    format!(
                        "is {} but the level has only {} indicators",
                        e.count,
                        lg.indicators.len()
                    ),
                );
            }
        }
        for (k, ind) in lg.indicators.iter().enumerate() {
            let ipath = format!("{path}.indicators[{k}].id");
            if let Some((_, first)) = seen_ids.iter().find(|(id, _)| *id == ind.id) {
                p.push(
                    ipath.clone(),
                    format!("duplicate id \"{}\" (first used at {first})", ind.id),
                );
            } else {
                seen_ids.push((&ind.id, ipath));
            }
            if let Some(when) = &ind.when {
                for (q, _) in when.references() {
                    if q == RHRT_INDICATORS_QUESTION {
                        p.push(
                            format!("{path}.indicators[{k}].when"),
                            format!("must not read \"{RHRT_INDICATORS_QUESTION}\"; ticked indicators count already"),
                        );
                    }
                }
            }
        }
    }
    for level in Level::ALL {
        if !f.levels.iter().any(|l| l.level == level) {
            p.push(
                "levels",
                format!(
                    "level \"{}\" is missing; all five RHRT levels are needed",
                    level.slug()
                ),
            );
        }
    }
}

/// An indicator that the answers show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorHit {
    pub id: String,
    pub level: Level,
    pub text: String,
}

/// The guidance after the answers so far: the suggested level and the indicators that drove it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guidance {
    pub framework_version: String,
    pub suggested: Level,
    /// The indicators that put the suggestion at its level (empty for Universal with no needs).
    pub drivers: Vec<IndicatorHit>,
    /// Every indicator shown, lowest level first, for the worker to weigh.
    pub shown: Vec<IndicatorHit>,
    /// Set when several needs at a lower level together raised the suggestion.
    pub escalated_from: Option<Level>,
}

impl Guidance {
    pub fn driver_ids(&self) -> Vec<String> {
        self.drivers.iter().map(|d| d.id.clone()).collect()
    }
}

/// Suggests a level from the answers so far. The highest level with an indicator shown wins;
/// a level's `escalation` lets several lesser needs together suggest a higher level. With no
/// indicator shown, the suggestion is Universal (needs met by everyday services).
///
/// Pure and allocation-light: it runs in the browser on every answer (see `benches/guidance.rs`).
pub fn guidance(framework: &Framework, answers: &Answers) -> Guidance {
    let ticked: &[String] = match answers.get(RHRT_INDICATORS_QUESTION) {
        Some(Answer::Choices(ids)) => ids,
        _ => &[],
    };
    let mut shown = Vec::new();
    let mut suggested = Level::Universal;
    let mut escalated_from = None;
    for lg in &framework.levels {
        let before = shown.len();
        for ind in &lg.indicators {
            let by_answers = ind.when.as_ref().is_some_and(|c| c.holds(answers));
            if by_answers || ticked.contains(&ind.id) {
                shown.push(IndicatorHit {
                    id: ind.id.clone(),
                    level: lg.level,
                    text: ind.text.clone(),
                });
            }
        }
        let count = shown.len() - before;
        if count > 0 && lg.level >= suggested {
            suggested = lg.level;
            escalated_from = None;
        }
        if let Some(e) = &lg.escalation {
            if count >= e.count as usize && e.to > suggested {
                suggested = e.to;
                escalated_from = Some(lg.level);
            }
        }
    }
    let driving_level = escalated_from.unwrap_or(suggested);
    let drivers = shown
        .iter()
        .filter(|h| h.level == driving_level)
        .cloned()
        .collect();
    Guidance {
        framework_version: framework.version.clone(),
        suggested,
        drivers,
        shown,
        escalated_from,
    }
}

/// What the server stores for a level decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelDecision {
    /// The worker's level: this, not the suggestion, routes the contact.
    pub level: Level,
    pub suggested: Level,
    /// Ids of the indicators that drove the suggestion.
    pub indicators: Vec<String>,
    pub framework_version: String,
    pub rationale: String,
    /// Why the worker departed from the suggestion; present exactly when `level != suggested`.
    pub departure_reason: Option<String>,
    /// The level before, when this decision changes an earlier one (a step up or step down).
    pub previous_level: Option<Level>,
}

impl LevelDecision {
    pub fn departs_from_suggestion(&self) -> bool {
        self.level != self.suggested
    }
    pub fn is_step_up(&self) -> bool {
        self.previous_level.is_some_and(|p| self.level > p)
    }
    pub fn is_step_down(&self) -> bool {
        self.previous_level.is_some_and(|p| self.level < p)
    }
}

/// Checks a worker's level choice against the guidance and builds the decision to store.
/// Refuses a missing rationale, and a departure from the suggestion without a reason.
/// Also refuses ticked indicators that the framework does not have.
pub fn check_level_decision(
    framework: &Framework,
    answers: &Answers,
    chosen: Level,
    rationale: &str,
    departure_reason: Option<&str>,
) -> Result<LevelDecision, Vec<RuleViolation>> {
    decide(
        framework,
        answers,
        chosen,
        rationale,
        departure_reason,
        None,
    )
}

/// The same check when a decision changes an earlier level (e.g. seed 000: a CASS Social Worker
/// steps a referral up to Significant Harm, or down to Additional Needs). A change always needs
/// its own rationale.
pub fn check_level_change(
    framework: &Framework,
    answers: &Answers,
    previous: &LevelDecision,
    chosen: Level,
    rationale: &str,
    departure_reason: Option<&str>,
) -> Result<LevelDecision, Vec<RuleViolation>> {
    decide(
        framework,
        answers,
        chosen,
        rationale,
        departure_reason,
        Some(previous.level),
    )
}

fn decide(
    framework: &Framework,
    answers: &Answers,
    chosen: Level,
    rationale: &str,
    departure_reason: Option<&str>,
    previous: Option<Level>,
) -> Result<LevelDecision, Vec<RuleViolation>> {
    let mut violations = Vec::new();
    if let Some(Answer::Choices(ids)) = answers.get(RHRT_INDICATORS_QUESTION) {
        for id in ids {
            if framework.indicator(id).is_none() {
                violations.push(RuleViolation::UnknownIndicator {
                    id: id.clone(),
                    version: framework.version.clone(),
                });
            }
        }
    }
    let g = guidance(framework, answers);
    if !long_enough(rationale, MIN_REASON_CHARS) {
        violations.push(match previous {
            Some(from) if from != chosen => RuleViolation::LevelChangeWithoutRationale {
                from,
                to: chosen,
                min: MIN_REASON_CHARS,
            },
            _ => RuleViolation::RationaleMissing {
                level: chosen,
                min: MIN_REASON_CHARS,
            },
        });
    }
    let departure = departure_reason.map(str::trim).filter(|r| !r.is_empty());
    if chosen != g.suggested && !departure.is_some_and(|r| long_enough(r, MIN_REASON_CHARS)) {
        violations.push(RuleViolation::DepartureReasonMissing {
            suggested: g.suggested,
            chosen,
        });
    }
    if !violations.is_empty() {
        return Err(violations);
    }
    Ok(LevelDecision {
        level: chosen,
        suggested: g.suggested,
        indicators: g.driver_ids(),
        framework_version: g.framework_version,
        rationale: rationale.trim().to_string(),
        departure_reason: if chosen == g.suggested {
            None
        } else {
            departure.map(str::to_string)
        },
        previous_level: previous,
    })
}

/// The server refuses a decision the browser made under another framework version: the
/// suggestion it showed the worker may differ from today's.
pub fn check_framework_version(
    framework: &Framework,
    submitted: &str,
) -> Result<(), RuleViolation> {
    if framework.version == submitted {
        Ok(())
    } else {
        Err(RuleViolation::VersionMismatch {
            what: "threshold framework".into(),
            submitted: submitted.into(),
            current: framework.version.clone(),
        })
    }
}
