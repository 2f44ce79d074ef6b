//! Issue 3 point 1: the RHRT framework as data, guidance, and the level decision check.
mod common;

use common::*;
use domain::rules::threshold::RHRT_INDICATORS_QUESTION;
use domain::rules::{
    check_framework_version, check_level_change, check_level_decision, guidance, Framework, Level,
    RuleViolation,
};

struct GuidanceCase {
    seed: &'static str,
    answers: Vec<(&'static str, domain::rules::Answer)>,
    suggested: Level,
    drivers: &'static [&'static str],
}

#[test]
fn guidance_suggests_the_level_and_names_the_indicators() {
    let f = framework();
    let cases = vec![
        GuidanceCase {
            seed: "GLOSSARY Threshold levels: Universal",
            answers: vec![],
            suggested: Level::Universal,
            drivers: &[],
        },
        GuidanceCase {
            seed: "GLOSSARY Threshold levels: Universal (ticked by hand)",
            answers: vec![(RHRT_INDICATORS_QUESTION, choices(&["u-advice-only"]))],
            suggested: Level::Universal,
            drivers: &["u-advice-only"],
        },
        GuidanceCase {
            seed: "000 Universal Plus identified",
            answers: vec![("concern_areas", choices(&["parenting_support"]))],
            suggested: Level::UniversalPlus,
            drivers: &["up-parenting-support"],
        },
        GuidanceCase {
            seed: "000 Universal Plus identified (two needs)",
            answers: vec![("concern_areas", choices(&["behaviour", "young_carer"]))],
            suggested: Level::UniversalPlus,
            drivers: &["up-behaviour", "up-young-carer"],
        },
        GuidanceCase {
            seed: "000 Additional Need identified (several Universal Plus needs together)",
            answers: vec![(
                "concern_areas",
                choices(&["behaviour", "young_carer", "family_stress"]),
            )],
            suggested: Level::AdditionalNeeds,
            drivers: &["up-behaviour", "up-family-stress", "up-young-carer"],
        },
        GuidanceCase {
            seed: "000 Additional Need identified",
            answers: vec![("concern_areas", choices(&["domestic_abuse", "behaviour"]))],
            suggested: Level::AdditionalNeeds,
            drivers: &["an-domestic-abuse"],
        },
        GuidanceCase {
            seed: "000 Complex and Significant",
            answers: vec![
                ("concern_areas", choices(&["domestic_abuse"])),
                ("domestic_abuse_child_present", yes()),
            ],
            suggested: Level::ComplexAndSignificant,
            drivers: &["cs-dv-child-present"],
        },
        GuidanceCase {
            seed: "000 Complex and Significant (several Additional Needs together)",
            answers: vec![(
                "concern_areas",
                choices(&["domestic_abuse", "parent_health", "emotional_harm"]),
            )],
            suggested: Level::ComplexAndSignificant,
            drivers: &["an-domestic-abuse", "an-parent-health", "an-emotional-harm"],
        },
        GuidanceCase {
            seed: "000 Complex and Significant (Significant Harm)",
            answers: vec![
                ("concern_areas", choices(&["physical_injury"])),
                ("injury_unexplained", yes()),
            ],
            suggested: Level::SignificantHarm,
            drivers: &["sh-unexplained-injury"],
        },
        GuidanceCase {
            seed: "004 Time Scales: immediate action for a safeguarding issue",
            answers: vec![
                ("immediate_danger", yes()),
                ("concern_areas", choices(&["behaviour"])),
            ],
            suggested: Level::SignificantHarm,
            drivers: &["sh-immediate-danger"],
        },
        GuidanceCase {
            seed: "000 CASS Contacts (indicator ticked by the worker)",
            answers: vec![(
                RHRT_INDICATORS_QUESTION,
                choices(&["cs-complex-disability"]),
            )],
            suggested: Level::ComplexAndSignificant,
            drivers: &["cs-complex-disability"],
        },
    ];
    for c in cases {
        let g = guidance(&f, &answers(&c.answers));
        assert_eq!(g.suggested, c.suggested, "seed: {}", c.seed);
        assert_eq!(g.driver_ids(), c.drivers, "seed: {}", c.seed);
        assert_eq!(g.framework_version, f.version, "seed: {}", c.seed);
    }
}

#[test]
fn guidance_on_the_call_screen_ignores_answers_to_hidden_questions() {
    // seed: "000 CASS Phone line": the worker unticks physical injury after answering the follow-up.
    let r = rules();
    let a = answers(&[
        ("concern_areas", choices(&["behaviour"])),
        ("injury_unexplained", yes()),
    ]);
    let e = r.evaluate_call("cass_phone_professional", &a).unwrap();
    assert_eq!(e.guidance.suggested, Level::UniversalPlus);
    assert!(!e.script.visible.contains(&"injury_unexplained".to_string()));
}

struct DecisionCase {
    seed: &'static str,
    chosen: Level,
    rationale: &'static str,
    departure: Option<&'static str>,
    expect: Result<(), &'static [&'static str]>,
}

#[test]
fn level_decisions_need_a_rationale_and_a_reason_to_depart() {
    let f = framework();
    // The guidance suggests Additional Needs for these answers.
    let a = answers(&[("concern_areas", choices(&["domestic_abuse"]))]);
    let ok = "Mother describes incidents; school reports the child is withdrawn.";
    let cases = [
        DecisionCase {
            seed: "issue 3 point 1: agree with the suggestion",
            chosen: Level::AdditionalNeeds,
            rationale: ok,
            departure: None,
            expect: Ok(()),
        },
        DecisionCase {
            seed: "issue 3 point 1: a rationale is always written",
            chosen: Level::AdditionalNeeds,
            rationale: "  ",
            departure: None,
            expect: Err(&["rationale_missing"]),
        },
        DecisionCase {
            seed: "issue 3 point 1: a rationale must say something",
            chosen: Level::AdditionalNeeds,
            rationale: "ok",
            departure: None,
            expect: Err(&["rationale_missing"]),
        },
        DecisionCase {
            seed: "issue 3 point 1: departing needs a reason",
            chosen: Level::ComplexAndSignificant,
            rationale: ok,
            departure: None,
            expect: Err(&["departure_reason_missing"]),
        },
        DecisionCase {
            seed: "issue 3 point 1: departing needs a real reason",
            chosen: Level::UniversalPlus,
            rationale: ok,
            departure: Some("no"),
            expect: Err(&["departure_reason_missing"]),
        },
        DecisionCase {
            seed: "issue 3 point 1: departing with a reason",
            chosen: Level::ComplexAndSignificant,
            rationale: ok,
            departure: Some("Police log shows three call-outs this month."),
            expect: Ok(()),
        },
        DecisionCase {
            seed: "issue 3 point 1: both missing",
            chosen: Level::Universal,
            rationale: "",
            departure: None,
            expect: Err(&["rationale_missing", "departure_reason_missing"]),
        },
    ];
    for c in cases {
        let got = check_level_decision(&f, &a, c.chosen, c.rationale, c.departure);
        match (got, c.expect) {
            (Ok(d), Ok(())) => {
                assert_eq!(d.level, c.chosen, "seed: {}", c.seed);
                assert_eq!(d.suggested, Level::AdditionalNeeds, "seed: {}", c.seed);
                assert_eq!(
                    d.indicators,
                    vec!["an-domestic-abuse".to_string()],
                    "seed: {}",
                    c.seed
                );
                assert_eq!(d.framework_version, "rhrt-2026.1", "seed: {}", c.seed);
                assert_eq!(
                    d.departure_reason.is_some(),
                    d.departs_from_suggestion(),
                    "seed: {}",
                    c.seed
                );
            }
            (Err(v), Err(codes)) => {
                let got: Vec<&str> = v.iter().map(RuleViolation::code).collect();
                assert_eq!(got, codes, "seed: {}", c.seed);
                assert!(v.iter().all(|x| !x.to_string().is_empty()));
            }
            (got, want) => panic!("seed: {}: got {got:?}, wanted {want:?}", c.seed),
        }
    }
}

#[test]
fn a_level_change_with_no_rationale_is_refused() {
    // seed: "000 Complex and Significant": a SW steps a referral up to Significant Harm.
    let f = framework();
    let a = answers(&[
        ("concern_areas", choices(&["physical_injury"])),
        ("injury_unexplained", yes()),
    ]);
    let first = check_level_decision(
        &f,
        &a,
        Level::ComplexAndSignificant,
        "Initial view before checks.",
        Some("Waiting on partner checks before deciding."),
    )
    .unwrap();
    let err = check_level_change(&f, &a, &first, Level::SignificantHarm, "", None).unwrap_err();
    assert_eq!(err[0].code(), "level_change_without_rationale");
    assert!(err[0]
        .to_string()
        .contains("Complex and Significant to Significant Harm"));
    let step_up = check_level_change(
        &f,
        &a,
        &first,
        Level::SignificantHarm,
        "Health confirm the injury is non-accidental.",
        None,
    )
    .unwrap();
    assert!(step_up.is_step_up());
    assert_eq!(step_up.previous_level, Some(Level::ComplexAndSignificant));
}

#[test]
fn unknown_ticked_indicators_and_old_versions_are_refused() {
    let f = framework();
    let a = answers(&[(RHRT_INDICATORS_QUESTION, choices(&["made-up"]))]);
    let err = check_level_decision(
        &f,
        &a,
        Level::Universal,
        "A rationale that is long enough.",
        None,
    )
    .unwrap_err();
    assert_eq!(err[0].code(), "unknown_indicator");
    assert!(check_framework_version(&f, "rhrt-2026.1").is_ok());
    let v = check_framework_version(&f, "rhrt-2025.3").unwrap_err();
    assert_eq!(v.code(), "version_mismatch");
    assert!(v.to_string().contains("rhrt-2025.3"));
}

#[test]
fn loading_a_broken_framework_lists_every_problem() {
    let text = r#"{
      "version": "",
      "title": "Test",
      "colour": "red",
      "levels": [
        {"level": "universal", "descriptor": "d", "response": "r", "indicators": []},
        {"level": "universal_plus", "descriptor": "d", "response": "r",
         "indicators": [{"id": "dv-high", "text": "t"}, {"id": "dv-high", "text": "t2"}],
         "escalation": {"count": 2, "to": "universal"}},
        {"level": "additional_needs", "descriptor": "", "response": "r",
         "indicators": [{"id": "Bad Id", "text": "t", "when": {"op": "maybe", "question": "q"}}]},
        {"level": "complex", "descriptor": "d", "response": "r", "indicators": [{"id": "x", "text": "t"}]}
      ]
    }"#;
    let problems = Framework::from_json(text).unwrap_err();
    let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    let expect = [
        "version: must not be blank",
        "colour: unknown field \"colour\"",
        "levels[2].descriptor: must not be blank",
        "levels[2].indicators[0].id: \"Bad Id\" is not a valid id",
        "levels[2].indicators[0].when.op: unknown condition \"maybe\"",
        "levels[3].level: unknown level \"complex\"",
    ];
    for e in expect {
        assert!(
            shown.iter().any(|s| s.starts_with(e)),
            "missing {e:?} in {shown:#?}"
        );
    }

    // Once the shape is right, whole-file rules are all reported too.
    let text = r#"{"version": "v1", "title": "t", "levels": [
        {"level": "universal", "descriptor": "d", "response": "r", "indicators": []},
        {"level": "universal_plus", "descriptor": "d", "response": "r",
         "indicators": [{"id": "dv-high", "text": "t"}, {"id": "dv-high", "text": "t2"}],
         "escalation": {"count": 2, "to": "universal"}},
        {"level": "significant_harm", "descriptor": "d", "response": "r", "indicators": [{"id": "a", "text": "t"}]},
        {"level": "additional_needs", "descriptor": "d", "response": "r", "indicators": []}
    ]}"#;
    let shown: Vec<String> = Framework::from_json(text)
        .unwrap_err()
        .iter()
        .map(|p| p.to_string())
        .collect();
    let expect = [
        "levels[1].indicators[1].id: duplicate id \"dv-high\" (first used at levels[1].indicators[0].id)",
        "levels[1].escalation.to: must be a higher level than \"universal_plus\"",
        "levels[3].level: levels must be listed lowest first",
        "levels[3].indicators: has no indicators",
        "levels: level \"complex_and_significant\" is missing",
    ];
    for e in expect {
        assert!(
            shown.iter().any(|s| s.starts_with(e)),
            "missing {e:?} in {shown:#?}"
        );
    }
}

#[test]
fn invalid_json_is_reported_with_line_and_column() {
    let p = Framework::from_json("{\n  \"version\": ,\n}").unwrap_err();
    assert_eq!(p.len(), 1);
    assert!(
        p[0].to_string()
            .starts_with("(file): not valid JSON at line 2"),
        "{}",
        p[0]
    );
}
