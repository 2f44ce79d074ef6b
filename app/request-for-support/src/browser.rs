//! What the browser is given to show the guidance as people type, and the adapter its WASM
//! (`app/public-guidance`) calls on every answer. The page carries a [`GuidancePage`] (its step,
//! the draft's answers from the other pages, the phone line) and the address of the rules in
//! force as [`BrowserRules`] JSON, fetched once and cached by its content hash. On every answer
//! the adapter puts the page's fields into the draft exactly as a post would (`form::apply`) and
//! renders the panel with `panel::for_answers`, the function the server renders pages with.

use crate::form::{self, Step, SupportAnswers};
use crate::panel;
use domain::rules::calendar::DIVISION;
use domain::rules::scripts::ScriptPurpose;
use domain::rules::{BankHolidays, Framework, RuleSet, ScriptSet, WorkingCalendar};
use serde::{Deserialize, Serialize};

/// The part of the rules in force the form reads: the framework and the phone scripts whose
/// questions it shares (a third of the scripts file; no calendar: the form computes no deadline).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrowserRules {
    pub framework: Framework,
    pub scripts: ScriptSet,
}

impl BrowserRules {
    pub fn from_rules(rules: &RuleSet) -> BrowserRules {
        let scripts = rules.scripts.scripts.iter().filter(|s| s.purpose == ScriptPurpose::CassPhone).cloned().collect();
        BrowserRules { framework: rules.framework.clone(), scripts: ScriptSet { version: rules.scripts.version.clone(), scripts } }
    }

    pub fn to_json(&self) -> String {
        // Serialising plain data structures with string keys cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A `RuleSet` for the form's functions. The server checked these rules when they were
    /// activated; the calendar is empty because nothing here reads it.
    pub fn into_rules(self) -> RuleSet {
        let no_holidays = BankHolidays { version: String::new(), division: DIVISION.to_string(), source: None, dates: Vec::new() };
        RuleSet { framework: self.framework, scripts: self.scripts, calendar: WorkingCalendar::new(&no_holidays) }
    }
}

/// What a form page tells its script, as JSON in a data attribute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuidancePage {
    /// The step's slug, e.g. `concern`.
    pub step: String,
    /// The draft with this page's own fields left empty: the form supplies them.
    pub answers: SupportAnswers,
    /// The CASS phone line (a service contact), for the immediate-danger warning.
    pub phone: String,
}

impl GuidancePage {
    pub fn new(step: Step, draft: &SupportAnswers, rules: &RuleSet, phone: &str) -> GuidancePage {
        let mut answers = draft.clone();
        form::apply(step, &[], &mut answers, rules);
        GuidancePage { step: step.slug().to_string(), answers, phone: phone.to_string() }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum GuideError {
    Rules(String),
    Page(String),
    UnknownStep(String),
    Fields(String),
}

impl std::fmt::Display for GuideError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GuideError::Rules(e) => write!(f, "the rules could not be read: {e}"),
            GuideError::Page(e) => write!(f, "the page's guidance data could not be read: {e}"),
            GuideError::UnknownStep(s) => write!(f, "no form step is called {s:?}"),
            GuideError::Fields(e) => write!(f, "the form's fields could not be read: {e}"),
        }
    }
}

impl std::error::Error for GuideError {}

/// The adapter for one page: built once when the WASM has loaded, asked on every answer.
pub struct Guide {
    rules: RuleSet,
    step: Step,
    base: SupportAnswers,
    phone: String,
}

impl Guide {
    pub fn new(rules_json: &str, page_json: &str) -> Result<Guide, GuideError> {
        let rules: BrowserRules = serde_json::from_str(rules_json).map_err(|e| GuideError::Rules(e.to_string()))?;
        let page: GuidancePage = serde_json::from_str(page_json).map_err(|e| GuideError::Page(e.to_string()))?;
        let step = Step::from_slug(&page.step).ok_or_else(|| GuideError::UnknownStep(page.step.clone()))?;
        Ok(Guide { rules: rules.into_rules(), step, base: page.answers, phone: page.phone })
    }

    /// The panel for the form's fields as they stand: `[[name, value], …]` as JSON, in the
    /// order a post would send them. Empty when the rules have nothing to say.
    pub fn panel(&self, fields_json: &str) -> Result<String, GuideError> {
        let pairs: Vec<(String, String)> = serde_json::from_str(fields_json).map_err(|e| GuideError::Fields(e.to_string()))?;
        Ok(self.panel_for(&pairs))
    }

    pub fn panel_for(&self, pairs: &[(String, String)]) -> String {
        let mut a = self.base.clone();
        form::apply(self.step, pairs, &mut a, &self.rules);
        panel::for_answers(&self.rules, &a, &self.phone).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::tests::complete_professional;

    fn rules() -> RuleSet {
        RuleSet::builtin().unwrap_or_else(|p| panic!("built-in rules: {p:?}"))
    }

    fn pairs(p: &[(&str, &str)]) -> String {
        serde_json::to_string(&p.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>()).unwrap_or_default()
    }

    fn guide(step: Step, draft: &SupportAnswers) -> Guide {
        let r = rules();
        let page = GuidancePage::new(step, draft, &r, "0100 000 0000");
        Guide::new(&BrowserRules::from_rules(&r).to_json(), &page.to_json()).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The browser's panel is the server's panel for the same answers, byte for byte.
    #[test]
    fn the_browser_renders_the_same_html_as_the_server_for_the_same_answers() {
        let r = rules();
        let draft = complete_professional();
        let cases: &[(Step, &[(&str, &str)])] = &[
            (Step::Concern, &[("concern_summary", "Shouting <at> home & more"), ("concern_areas", "domestic_abuse")]),
            (Step::Concern, &[("concern_summary", "x"), ("concern_areas", "behaviour")]),
            (Step::Concern, &[("concern_summary", "x"), ("concern_areas", "neglect"), ("concern_areas", "other")]),
            (Step::Consent, &[("consent", "refused")]),
            (Step::Consent, &[("consent", "given"), ("consent_given_by", "A parent"), ("consent_scopes", "a_eha")]),
            (Step::Consent, &[]),
        ];
        for (step, fields) in cases {
            let browser = guide(*step, &draft).panel(&pairs(fields)).unwrap_or_else(|e| panic!("{e}"));
            // What the server does with the same page posted: apply, then render the page's panel.
            let mut posted = draft.clone();
            let owned: Vec<(String, String)> = fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            form::apply(*step, &owned, &mut posted, &r);
            let server = panel::for_answers(&r, &posted, "0100 000 0000").unwrap_or_default();
            assert!(!server.is_empty());
            assert_eq!(browser, server, "{step:?} {fields:?}");
        }
    }

    #[test]
    fn follow_up_answers_count_in_the_browser_as_on_the_server() {
        let mut draft = complete_professional();
        draft.concern_areas = vec!["neglect".into()];
        let g = guide(Step::ConcernDetails, &draft);
        assert!(g.base.follow_ups.is_empty(), "the page's own answers come from the form");
        assert!(g.panel(&pairs(&[("neglect_severity", "severe")])).unwrap_or_default().contains("data-level=\"significant_harm\""));
        assert!(g.panel(&pairs(&[("neglect_severity", "not_known")])).unwrap_or_default().contains("data-level=\"universal\""));
    }

    #[test]
    fn the_browser_is_sent_only_the_phone_scripts() {
        let r = rules();
        let b = BrowserRules::from_rules(&r);
        assert!(!b.scripts.scripts.is_empty() && b.scripts.scripts.iter().all(|s| s.purpose == ScriptPurpose::CassPhone));
        assert!(b.scripts.scripts.len() < r.scripts.scripts.len());
        let back: BrowserRules = serde_json::from_str(&b.to_json()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, b);
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let r = rules();
        let page = GuidancePage::new(Step::Concern, &SupportAnswers::default(), &r, "");
        let rules_json = BrowserRules::from_rules(&r).to_json();
        assert!(matches!(Guide::new("{", &page.to_json()), Err(GuideError::Rules(_))));
        assert!(matches!(Guide::new(&rules_json, "[]"), Err(GuideError::Page(_))));
        let other = GuidancePage { step: "nowhere".into(), ..page.clone() };
        assert!(matches!(Guide::new(&rules_json, &other.to_json()), Err(GuideError::UnknownStep(_))));
        let g = Guide::new(&rules_json, &page.to_json()).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(g.panel("{\"a\":1}"), Err(GuideError::Fields(_))));
    }
}
