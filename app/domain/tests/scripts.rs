//! Issue 3 point 2: essential-question scripts with skip logic, required answers and help text.
mod common;

use common::*;
use domain::rules::scripts::{QuestionKind, ScriptPurpose};
use domain::rules::{check_script_answers, evaluate_script, Answer, CallerKind, ScriptSet};

#[test]
fn there_is_a_phone_script_for_every_kind_of_caller_and_the_other_purposes() {
    let s = scripts();
    let cases = [
        (
            "000 CASS Phone line (professional)",
            CallerKind::Professional,
        ),
        (
            "000 CASS Phone line; 004 (parent or carer)",
            CallerKind::ParentOrCarer,
        ),
        (
            "000 CASS Phone line; 004 (member of the public)",
            CallerKind::MemberOfPublic,
        ),
        ("001 Anonymous calls", CallerKind::Anonymous),
        (
            "000 CASS Phone line (child or young person)",
            CallerKind::ChildOrYoungPerson,
        ),
    ];
    for (seed, caller) in cases {
        let script = s
            .phone_script(caller)
            .unwrap_or_else(|| panic!("seed: {seed}"));
        assert!(
            script
                .questions
                .iter()
                .any(|q| q.id == "concern_summary" && q.required),
            "seed: {seed}"
        );
        assert!(
            script
                .questions
                .iter()
                .any(|q| q.kind == QuestionKind::Indicators),
            "seed: {seed}"
        );
        assert!(
            script.questions.iter().all(|q| !q.prompt.is_empty()),
            "seed: {seed}"
        );
    }
    assert!(
        s.for_purpose(ScriptPurpose::MissingChild).is_some(),
        "seed: 003 §7"
    );
    assert!(
        s.for_purpose(ScriptPurpose::InformationRequest).is_some(),
        "seed: 002"
    );
}

struct SkipCase {
    seed: &'static str,
    script: &'static str,
    answers: Vec<(&'static str, Answer)>,
    visible: &'static [&'static str],
    hidden: &'static [&'static str],
    outcomes: &'static [&'static str],
}

#[test]
fn skip_logic_shows_follow_ups_and_outcomes() {
    let s = scripts();
    let cases = vec![
        SkipCase {
            seed: "001 RAO: calls without identifying details are not transferred",
            script: "cass_phone_anonymous",
            answers: vec![
                ("child_missing", no()),
                ("immediate_danger", no()),
                ("child_identifiable", no()),
            ],
            visible: &["child_identifiable", "concern_summary"],
            hidden: &["child_name", "child_address"],
            outcomes: &["discuss_with_team_leader"],
        },
        SkipCase {
            seed: "001 RAO: identifiable calls go straight to a CASS Social Worker",
            script: "cass_phone_anonymous",
            answers: vec![
                ("child_missing", no()),
                ("immediate_danger", no()),
                ("child_identifiable", yes()),
            ],
            visible: &["child_name", "child_address"],
            hidden: &[],
            outcomes: &["transfer_to_social_worker"],
        },
        SkipCase {
            seed: "004 PR: no PR, information only",
            script: "cass_phone_member_of_public",
            answers: vec![("caller_has_pr", no())],
            visible: &["caller_has_pr"],
            hidden: &[],
            outcomes: &["no_parental_responsibility"],
        },
        SkipCase {
            seed: "004 allocated worker: put the call through",
            script: "cass_phone_parent_or_carer",
            answers: vec![("caller_has_pr", yes()), ("allocated_worker", yes())],
            visible: &["consent_scopes"],
            hidden: &[],
            outcomes: &["put_through_to_allocated_worker"],
        },
        SkipCase {
            seed: "004 PR: only a caller with PR is asked for consent",
            script: "cass_phone_parent_or_carer",
            answers: vec![("caller_has_pr", no())],
            visible: &[],
            hidden: &["consent_scopes"],
            outcomes: &["no_parental_responsibility"],
        },
        SkipCase {
            seed: "000 Universal Plus identified: consent scopes A/B/C only once consent is given",
            script: "cass_phone_professional",
            answers: vec![("parent_consent", choice("given"))],
            visible: &["consent_scopes"],
            hidden: &[],
            outcomes: &[],
        },
        SkipCase {
            seed: "000 CASS Phone line: follow-up questions per concern",
            script: "cass_phone_professional",
            answers: vec![("concern_areas", choices(&["domestic_abuse"]))],
            visible: &["domestic_abuse_child_present", "domestic_abuse_repeated"],
            hidden: &["injury_unexplained", "neglect_severity", "attendance"],
            outcomes: &[],
        },
        SkipCase {
            seed: "003 §7.1: a missing child goes to the missing child script",
            script: "cass_phone_professional",
            answers: vec![("child_missing", yes())],
            visible: &[],
            hidden: &[],
            outcomes: &["go_to_missing_child_script"],
        },
        SkipCase {
            seed: "003 §7.1: caller refuses to contact the police; staff call for them",
            script: "missing_child",
            answers: vec![
                ("caller_will_contact_police", no()),
                ("family_known_to_early_help", no()),
            ],
            visible: &["police_called_for_caller"],
            hidden: &[],
            outcomes: &["staff_call_police", "missing_not_known_to_early_help"],
        },
        SkipCase {
            seed: "003 §7.1: caller agrees to contact the police",
            script: "missing_child",
            answers: vec![
                ("caller_will_contact_police", yes()),
                ("family_known_to_early_help", yes()),
            ],
            visible: &[],
            hidden: &["police_called_for_caller"],
            outcomes: &["missing_known_to_early_help"],
        },
        SkipCase {
            seed: "002 Professional states that request is urgent (criteria not met)",
            script: "information_request",
            answers: vec![
                ("request_depth", choice("detailed")),
                ("said_urgent", yes()),
                ("consent_basis", choice("exception")),
                ("exception", choice("significant_harm")),
            ],
            visible: &["urgency_criteria", "significant_harm_details", "exception"],
            hidden: &["consent_form"],
            outcomes: &["mark_none_urgent"],
        },
        SkipCase {
            seed: "002 No Consent & consent is required",
            script: "information_request",
            answers: vec![
                ("request_depth", choice("detailed")),
                ("consent_basis", choice("none")),
                ("on_irr_form", no()),
                ("email_kind", choice("non_secure_generic")),
            ],
            visible: &["reason_for_request"],
            hidden: &["exception", "consent_form"],
            outcomes: &[
                "ask_for_own_address",
                "resubmit_with_consent",
                "send_form_and_guidance",
            ],
        },
        SkipCase {
            seed: "002 IRR received in CASS inbox (level 1)",
            script: "information_request",
            answers: vec![("request_depth", choice("level_one"))],
            visible: &[],
            hidden: &["consent_basis", "reason_for_request"],
            outcomes: &["business_support_replies"],
        },
    ];
    for c in cases {
        let script = s.script(c.script).unwrap();
        let st = evaluate_script(&s, script, &answers(&c.answers));
        for v in c.visible {
            assert!(
                st.visible.iter().any(|x| x == v),
                "seed: {}: {v} should show",
                c.seed
            );
        }
        for h in c.hidden {
            assert!(
                !st.visible.iter().any(|x| x == h),
                "seed: {}: {h} should be hidden",
                c.seed
            );
        }
        assert_eq!(st.outcomes, c.outcomes, "seed: {}", c.seed);
        assert_eq!(st.scripts_version, "cass-scripts-2026.1");
    }
}

fn missing_child_answers(
    will_contact: bool,
    police_called: Option<bool>,
) -> Vec<(&'static str, Answer)> {
    let mut a = vec![
        ("caller_relationship", choice("parent")),
        ("child_name", text("A child")),
        ("last_seen", text("Yesterday evening, at home")),
        ("told_to_contact_police", yes()),
        ("caller_will_contact_police", Answer::YesNo(will_contact)),
        ("family_known_to_early_help", no()),
    ];
    if let Some(p) = police_called {
        a.push(("police_called_for_caller", Answer::YesNo(p)));
    }
    a
}

#[test]
fn required_answers_and_the_case_note_type_for_a_missing_child() {
    let s = scripts();
    // seed: "003 §7.1": refusing caller, staff have not yet called the police.
    let err = check_script_answers(
        &s,
        "missing_child",
        &answers(&missing_child_answers(false, None)),
    )
    .unwrap_err();
    assert_eq!(err.len(), 1);
    assert_eq!(err[0].code(), "required_answer_missing");
    assert!(err[0]
        .to_string()
        .contains("called the police on the caller's behalf"));
    // seed: "003 §7.1": the confirm box must be ticked, not just answered.
    let err = check_script_answers(
        &s,
        "missing_child",
        &answers(&missing_child_answers(false, Some(false))),
    )
    .unwrap_err();
    assert_eq!(err[0].code(), "required_answer_missing");
    // seed: "003 §7.1": done; the case note type is set.
    let rec = check_script_answers(
        &s,
        "missing_child",
        &answers(&missing_child_answers(false, Some(true))),
    )
    .unwrap();
    assert_eq!(
        rec.case_note_type.as_deref(),
        Some("missing_status_missing")
    );
    assert_eq!(rec.scripts_version, "cass-scripts-2026.1");
    assert!(rec
        .outcomes
        .iter()
        .any(|o| o.copy_in.contains(&"missing_children_worker".to_string())));
    // seed: "003 §7.1": a caller who will contact the police; the staff-call answer is dropped.
    let mut a = missing_child_answers(true, Some(true));
    a.push(("not_in_script", yes()));
    let rec = check_script_answers(&s, "missing_child", &answers(&a)).unwrap();
    assert!(rec.answers.get("police_called_for_caller").is_none());
    assert!(rec.answers.get("not_in_script").is_none());
}

#[test]
fn the_outcomes_reached_say_what_to_tell_the_caller_and_what_the_case_note_records() {
    let r = rules();
    // seed: "003 §7.1": a refusing caller, the police called for them: the note type, the
    // partner worker copied in, and a case note text in the script's own words.
    let reached = r.reached_outcomes("missing_child", &answers(&missing_child_answers(false, Some(true))));
    let noted: Vec<_> = reached.iter().filter(|o| o.case_note_type.is_some()).collect();
    assert_eq!(noted.len(), 1, "one outcome sets the case note type: {reached:?}");
    let o = noted[0];
    assert_eq!(o.case_note_type.as_deref(), Some("missing_status_missing"));
    assert_eq!(o.copy_in_words(), vec!["missing children worker".to_string()]);
    let text = o.case_note_text("Missing child");
    assert!(text.starts_with("Recorded from the essential questions: Missing child."), "{text}");
    assert!(text.contains("Copy in: missing children worker."), "{text}");
    if let Some(say) = &o.say {
        assert!(text.contains(&format!("The caller was told: {say}")), "{text}");
    }
    for action in &o.staff_actions {
        assert!(text.contains(action.as_str()), "{text}");
    }
    // Before the caller has been told to contact the police, nothing is reached yet.
    assert!(r.reached_outcomes("missing_child", &answers(&[("caller_relationship", choice("parent"))])).iter().all(|o| o.case_note_type.is_none()));
    // An unknown script reaches nothing rather than failing.
    assert!(r.reached_outcomes("no_such_script", &answers(&missing_child_answers(false, Some(true)))).is_empty());
}

#[test]
fn invalid_answers_and_unknown_scripts_are_refused() {
    let s = scripts();
    let a = answers(&[
        ("caller_relationship", choice("uncle")),
        ("child_name", yes()),
    ]);
    let err = check_script_answers(&s, "missing_child", &a).unwrap_err();
    let codes: Vec<&str> = err.iter().map(|v| v.code()).collect();
    assert!(codes.contains(&"invalid_answer"));
    assert!(err.iter().any(|v| v
        .to_string()
        .contains("\"uncle\" is not one of the options")));
    assert!(err
        .iter()
        .any(|v| v.to_string().contains("expected a text answer")));
    assert_eq!(
        check_script_answers(&s, "nope", &a).unwrap_err()[0].code(),
        "unknown_script"
    );
}

#[test]
fn next_question_follows_the_order_of_the_call() {
    let s = scripts();
    let script = s.phone_script(CallerKind::Anonymous).unwrap();
    let st = evaluate_script(&s, script, &answers(&[]));
    assert_eq!(st.next_question.as_deref(), Some("child_missing"));
    let st = evaluate_script(
        &s,
        script,
        &answers(&[("child_missing", no()), ("immediate_danger", no())]),
    );
    assert_eq!(st.next_question.as_deref(), Some("child_identifiable"));
    assert!(!st.complete);
}

#[test]
fn loading_broken_scripts_lists_every_problem() {
    let text = r#"{"version": "s1", "scripts": [
      {"id": "a", "title": "A", "purpose": "cass_phone", "caller": "professional",
       "questions": [
         {"id": "q1", "prompt": "P", "kind": "yes_no", "show_when": {"op": "is", "question": "q2", "value": "yes"}},
         {"id": "q2", "prompt": "P", "kind": "choice", "options": [{"value": "x", "label": "X"}]},
         {"id": "q2", "prompt": "", "kind": "dropdown"},
         {"id": "q4", "prompt": "P", "kind": "yes_no", "show_when": {"op": "is", "question": "q1", "value": "maybe"}}
       ],
       "outcomes": [{"id": "o", "when": {"op": "answered", "question": "zz"}, "next_script": "ghost"}]},
      {"id": "b", "title": "B", "purpose": "missing_child", "caller": "anonymous", "questions": []}
    ]}"#;
    let shown: Vec<String> = ScriptSet::from_json(text)
        .unwrap_err()
        .iter()
        .map(|p| p.to_string())
        .collect();
    let expect = [
        "scripts[0].questions[2].prompt: must not be blank",
        "scripts[0].questions[2].kind: unknown kind \"dropdown\"",
    ];
    for e in expect {
        assert!(
            shown.iter().any(|s| s.starts_with(e)),
            "missing {e:?} in {shown:#?}"
        );
    }
    let text = text.replace(
        r#"{"id": "q2", "prompt": "", "kind": "dropdown"},"#,
        r#"{"id": "q2", "prompt": "P", "kind": "text"},"#,
    );
    let shown: Vec<String> = ScriptSet::from_json(&text)
        .unwrap_err()
        .iter()
        .map(|p| p.to_string())
        .collect();
    let expect = [
        "scripts[0].questions[0].show_when: refers to \"q2\", which comes later in the script",
        "scripts[0].questions[1].options: a choice question needs at least two options",
        "scripts[0].questions[2].id: duplicate id \"q2\"",
        "scripts[0].questions[3].show_when: \"maybe\" is not a possible answer to \"q1\"",
        "scripts[0].outcomes[0].when: refers to unknown question \"zz\"",
        "scripts[0].outcomes[0].next_script: unknown script \"ghost\"",
        "scripts[1].caller: only cass_phone scripts name a caller",
        "scripts[1].questions: a script needs at least one question",
        "scripts: there is no cass_phone script for \"anonymous\"",
        "scripts: there is no information_request script",
    ];
    for e in expect {
        assert!(
            shown.iter().any(|s| s.starts_with(e)),
            "missing {e:?} in {shown:#?}"
        );
    }
}
