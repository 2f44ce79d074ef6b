//! Round trips for the versioned data files (parse → serialise → parse gives the same value), and
//! the checks that tie the framework to the scripts.
mod common;

use common::*;
use domain::rules::calendar::BUILTIN_BANK_HOLIDAYS_JSON;
use domain::rules::scripts::BUILTIN_SCRIPTS_JSON;
use domain::rules::threshold::BUILTIN_FRAMEWORK_JSON;
use domain::rules::{cross_check, BankHolidays, Framework, RuleSet, ScriptSet};

#[test]
fn the_framework_round_trips() {
    let f = framework();
    assert_eq!(f.version, "rhrt-2026.1");
    assert_eq!(Framework::from_json(&f.to_json()).unwrap(), f);
    // The validated loader and plain serde agree on the format.
    assert_eq!(
        serde_json::from_str::<Framework>(BUILTIN_FRAMEWORK_JSON).unwrap(),
        f
    );
}

#[test]
fn the_scripts_round_trip() {
    let s = scripts();
    assert_eq!(s.version, "cass-scripts-2026.1");
    assert_eq!(ScriptSet::from_json(&s.to_json()).unwrap(), s);
    assert_eq!(
        serde_json::from_str::<ScriptSet>(BUILTIN_SCRIPTS_JSON).unwrap(),
        s
    );
}

#[test]
fn the_bank_holidays_round_trip() {
    let b = BankHolidays::builtin().unwrap();
    assert_eq!(BankHolidays::from_json(&b.to_json()).unwrap(), b);
    assert_eq!(
        serde_json::from_str::<BankHolidays>(BUILTIN_BANK_HOLIDAYS_JSON).unwrap(),
        b
    );
}

#[test]
fn the_whole_rule_set_round_trips_for_the_browser() {
    // The server sends the rules in force to the browser as JSON.
    let r = rules();
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(serde_json::from_str::<RuleSet>(&json).unwrap(), r);
}

#[test]
fn indicators_must_read_questions_the_scripts_ask() {
    let mut f = framework();
    let s = scripts();
    assert!(cross_check(&f, &s).is_empty());
    let text = f
        .to_json()
        .replace(
            "\"question\": \"injury_unexplained\"",
            "\"question\": \"injury_unexplaned\"",
        )
        .replace(
            "\"value\": \"persistent_absence\"",
            "\"value\": \"persistently_absent\"",
        );
    f = Framework::from_json(&text).unwrap();
    let shown: Vec<String> = cross_check(&f, &s).iter().map(|p| p.to_string()).collect();
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert!(shown.iter().any(|p| p.contains(
        "reads question \"injury_unexplaned\", which no script in scripts cass-scripts-2026.1 asks"
    )));
    assert!(shown
        .iter()
        .any(|p| p.contains("\"persistently_absent\" is not a possible answer to \"attendance\"")));
    assert!(RuleSet::new(f, s, calendar()).is_err());
}

#[test]
fn data_files_hold_no_contact_details() {
    // Names, phone numbers and e-mail addresses are configuration (seeds README): refer to them by key.
    for (name, text) in [
        ("framework", BUILTIN_FRAMEWORK_JSON),
        ("scripts", BUILTIN_SCRIPTS_JSON),
    ] {
        assert!(!text.contains('@'), "{name} contains an e-mail address");
        let mut run = 0;
        for c in text.chars() {
            run = if c.is_ascii_digit() { run + 1 } else { 0 };
            assert!(run < 6, "{name} contains what looks like a phone number");
        }
    }
}

#[test]
fn the_call_screen_evaluation_names_an_unknown_script() {
    let r = rules();
    let err = r
        .evaluate_call("no_such_script", &Default::default())
        .unwrap_err();
    assert_eq!(err.code(), "unknown_script");
    assert!(err.to_string().contains("cass-scripts-2026.1"));
}
