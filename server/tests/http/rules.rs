use crate::support::TestApp;
use axum::http::StatusCode;
use domain::rules::scripts::QuestionKind;
use domain::rules::{evaluate_script, Answer, Answers, Framework, RuleSet};

/// Answers every required question the script shows (following its skip logic) with the
/// plainest possible answer, so a decision can be tested on a complete call.
fn complete_answers(rules: &RuleSet, script_id: &str) -> Answers {
    let script = rules.scripts.script(script_id).expect("script");
    let mut answers = Answers::new();
    for _ in 0..50 {
        let state = evaluate_script(&rules.scripts, script, &answers);
        let Some(qid) = state.missing_required.first().cloned() else { break };
        let q = script.question(&qid).expect("question");
        let a = match q.kind {
            QuestionKind::YesNo => Answer::YesNo(false),
            QuestionKind::Confirm => Answer::YesNo(true),
            QuestionKind::Choice => Answer::Choice(q.options[0].value.clone()),
            QuestionKind::Choices => Answer::Choices(vec![q.options[0].value.clone()]),
            QuestionKind::Indicators => Answer::Choices(vec![]),
            QuestionKind::Text => Answer::Text("Details given by the caller".into()),
            QuestionKind::Number => Answer::Number(10),
            QuestionKind::Date => Answer::Date(chrono::NaiveDate::from_ymd_opt(2015, 3, 2).expect("date")),
        };
        answers.set(qid, a);
    }
    answers
}

fn builtin() -> RuleSet {
    RuleSet::builtin().expect("built-in rules")
}

#[tokio::test]
async fn staff_read_the_rules_in_force_and_administrators_replace_them() {
    let app = TestApp::new().await;
    assert_eq!(app.call("rules/in_force", None, &[]).await.status, StatusCode::UNAUTHORIZED);
    let rao = app.sign_in("rao").await;
    let r = app.call("rules/in_force", Some(&rao), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    let builtin = builtin();
    assert_eq!(r.json()["framework"]["version"], builtin.framework.version.as_str());

    // Uploading is for administrators; a broken file lists every problem and is not kept.
    let r = app.call("admin/rules/upload", Some(&rao), &[("kind", "framework"), ("content", "{}")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let admin = app.sign_in("admin").await;
    let r = app.call("admin/rules/upload", Some(&admin), &[("kind", "framework"), ("content", "{\"version\": 3}")]).await;
    let problems = r.json()["Invalid"]["problems"].as_array().cloned().unwrap_or_default();
    assert!(problems.len() >= 2, "every problem is listed: {}", r.body);
    assert!(problems.iter().any(|p| p.as_str().unwrap_or("").starts_with("version")), "{}", r.body);

    // A valid new version is kept as a draft; nothing changes until it is activated.
    let mut next: Framework = builtin.framework.clone();
    next.version = "rhrt-test.2".into();
    let r = app.call("admin/rules/upload", Some(&admin), &[("kind", "framework"), ("content", &next.to_json())]).await;
    let id = r.json()["Saved"]["id"].as_str().unwrap_or_default().to_string();
    assert!(!id.is_empty(), "{}", r.body);
    let again = app.call("admin/rules/upload", Some(&admin), &[("kind", "framework"), ("content", &next.to_json())]).await;
    assert!(again.json()["Invalid"]["problems"][0].as_str().unwrap_or("").contains("already been uploaded"));
    assert_eq!(app.call("rules/in_force", Some(&rao), &[]).await.json()["framework"]["version"], builtin.framework.version.as_str());
    let r = app.call("admin/rules/activate", Some(&admin), &[("id", &id)]).await;
    assert!(r.json().get("Saved").is_some(), "{}", r.body);
    assert_eq!(app.call("rules/in_force", Some(&rao), &[]).await.json()["framework"]["version"], "rhrt-test.2");

    let history = app.call("rules/versions", Some(&rao), &[]).await.json();
    assert_eq!(history["framework_in_force"], "rhrt-test.2");
    assert_eq!(history["framework"][0]["status"], "active");
    let doc = app.call("rules/version", Some(&rao), &[("kind", "framework"), ("version", builtin.framework.version.as_str())]).await;
    assert_eq!(doc.json()["status"], "built in", "the built-in version stays readable: {}", doc.body);
    let doc = app.call("rules/version", Some(&rao), &[("kind", "framework"), ("version", "no-such-version")]).await;
    assert_eq!(doc.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_framework_whose_indicators_read_unasked_questions_cannot_be_activated() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let builtin = builtin();
    // Point one indicator at a question no script asks: valid alone, inconsistent with the scripts.
    let mut json: serde_json::Value = serde_json::from_str(&builtin.framework.to_json()).expect("json");
    json["version"] = "rhrt-bad.1".into();
    let mut changed = false;
    if let Some(levels) = json["levels"].as_array_mut() {
        'outer: for level in levels {
            if let Some(inds) = level["indicators"].as_array_mut() {
                for ind in inds {
                    if ind.get("when").is_some() {
                        ind["when"] = serde_json::json!({"op": "is", "question": "no_such_question", "value": "yes"});
                        changed = true;
                        break 'outer;
                    }
                }
            }
        }
    }
    assert!(changed, "the built-in framework has conditional indicators");
    let r = app.call("admin/rules/upload", Some(&admin), &[("kind", "framework"), ("content", &json.to_string())]).await;
    // Valid on its own (a framework cannot know the scripts), so it is kept as a draft...
    let id = r.json()["Saved"]["id"].as_str().map(str::to_string).unwrap_or_default();
    assert!(!id.is_empty(), "the file alone is valid: {}", r.body);
    // ...but it cannot be put in force beside scripts that never ask its question.
    let r = app.call("admin/rules/activate", Some(&admin), &[("id", &id)]).await;
    let problems = r.json()["Invalid"]["problems"].as_array().cloned().unwrap_or_default();
    assert!(problems.iter().any(|p| p.as_str().unwrap_or("").contains("no_such_question")), "{}", r.body);
    let rao = app.sign_in("rao").await;
    assert_eq!(app.call("rules/in_force", Some(&rao), &[]).await.json()["framework"]["version"], builtin.framework.version.as_str());
}

#[tokio::test]
async fn administrators_add_non_working_days() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let add = |d: &'static str, m: &'static str, y: &'static str, t: &'static str| [("day", d), ("month", m), ("year", y), ("title", t)];
    let r = app.call("admin/calendar/add_day", Some(&admin), &add("", "", "", "")).await;
    let fields: Vec<String> = r.json()["Invalid"]["errors"].as_array().cloned().unwrap_or_default().iter().map(|e| e["field"].as_str().unwrap_or("").to_string()).collect();
    assert_eq!(fields, vec!["day-day", "title"], "{}", r.body);
    let r = app.call("admin/calendar/add_day", Some(&admin), &add("31", "2", "2027", "Royal event")).await;
    assert_eq!(r.json()["Invalid"]["errors"][0]["message"], "Date must be a real date, like 8 5 2027");
    let r = app.call("admin/calendar/add_day", Some(&admin), &add("5", "6", "2027", "Royal event")).await;
    assert!(r.json().get("Invalid").is_some(), "5 June 2027 is a Saturday: {}", r.body);
    app.keep_draft(&admin, "admin-added-day", "/staff/admin/rules").await;
    let r = app.call("admin/calendar/add_day", Some(&admin), &add("7", "6", "2027", "Royal event")).await;
    assert_eq!(r.json(), serde_json::json!("Saved"), "{}", r.body);
    assert!(!app.has_draft(&admin, "admin-added-day").await, "the draft of the day is removed when it is added");
    let r = app.call("admin/calendar/add_day", Some(&admin), &add("7", "6", "2027", "Again")).await;
    assert!(r.json().get("Invalid").is_some());
    let rao = app.sign_in("rao").await;
    let days = app.call("calendar/added_days", Some(&rao), &[]).await.json();
    assert_eq!(days[0]["date"], "2027-06-07");
    assert_eq!(app.call("admin/calendar/add_day", Some(&rao), &add("8", "6", "2027", "x")).await.status, StatusCode::FORBIDDEN);
    let r = app.call("admin/calendar/remove_day", Some(&admin), &[("date", "2027-06-07")]).await;
    assert_eq!(r.json(), serde_json::json!("Saved"));
}

#[tokio::test]
async fn a_missing_child_level_records_the_case_note_type_the_script_names() {
    let app = TestApp::new().await;
    let rules = builtin();
    // Seed 003 §7.1: the caller will not ring the police (staff do), the family is not known to
    // Early Help: a note of type Missing status: missing, copying in the missing children worker.
    let answers = complete_answers(&rules, "missing_child");
    let suggested = rules.evaluate_call("missing_child", &answers).expect("evaluates").guidance.suggested;
    let tm = app.sign_in("tm").await;
    let form = [
        ("contact_id", app.contact.clone()),
        ("script_id", "missing_child".to_string()),
        ("scripts_version", rules.scripts.version.clone()),
        ("framework_version", rules.framework.version.clone()),
        ("answers", serde_json::to_string(&answers).expect("json")),
        ("level", suggested.slug().to_string()),
        ("rationale", "Child missing overnight; police informed by staff".to_string()),
        ("departure_reason", String::new()),
    ];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.call("records/level_decision", Some(&tm), &pairs).await;
    assert_eq!(r.json(), serde_json::json!("Recorded"), "{}", r.body);
    let notes = app.store.case_notes_for_person(&app.child).await.expect("notes");
    let note = notes.iter().find(|n| n.note_type == "missing_status_missing").expect("the case note the script names");
    assert!(note.body.starts_with("Recorded from the essential questions: A child reported missing."), "{}", note.body);
    assert!(note.body.contains("Add a general note with the note type Missing Status: Missing."), "{}", note.body);
    assert!(note.body.contains("Copy in: missing children worker."), "{}", note.body);
    assert_eq!(note.contact_id.as_deref(), Some(app.contact.as_str()));
    let trail = app.store.audit_for_record(domain::audit::RecordKind::Person, &app.child, 10).await.expect("audit");
    assert!(trail.iter().any(|e| e.summary.contains("(missing_status_missing) from the essential questions")));
    // The missing-children partner worker is copied in, at the address the council keeps for
    // them (a service contact), with the note's words; once, however often it is retried.
    let sent = app.store.communications_for_contact(&app.contact).await.expect("communications");
    let copies: Vec<_> = sent.iter().filter(|c| c.letter_kind == "missing_child_note_copy").collect();
    assert_eq!(copies.len(), 1, "{sent:?}");
    assert_eq!((copies[0].recipient_email.as_str(), copies[0].channel.as_str()), ("missing-children@partner.example", "email"));
    assert!(copies[0].body.contains("Add a general note with the note type Missing Status: Missing."), "{}", copies[0].body);
    // A script whose answers name no case note type adds none.
    let before = app.store.case_notes_for_contact(&app.contact).await.expect("notes").len();
    let script = rules.scripts.scripts[0].id.clone();
    let plain = complete_answers(&rules, &script);
    let level = rules.evaluate_call(&script, &plain).expect("evaluates").guidance.suggested;
    let form = [
        ("contact_id", app.contact.clone()),
        ("script_id", script.clone()),
        ("scripts_version", rules.scripts.version.clone()),
        ("framework_version", rules.framework.version.clone()),
        ("answers", serde_json::to_string(&plain).expect("json")),
        ("level", level.slug().to_string()),
        ("rationale", "A second look after more checks".to_string()),
        ("departure_reason", String::new()),
    ];
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.call("records/level_decision", Some(&tm), &pairs).await;
    assert_eq!(r.json(), serde_json::json!("Recorded"), "{}", r.body);
    assert_eq!(app.store.case_notes_for_contact(&app.contact).await.expect("notes").len(), before);
}

#[tokio::test]
async fn the_server_re_checks_every_level_decision_and_records_its_versions() {
    let app = TestApp::new().await;
    let rules = builtin();
    let script = rules.scripts.scripts[0].id.clone();
    let answers = complete_answers(&rules, &script);
    let suggested = rules.evaluate_call(&script, &answers).expect("evaluates").guidance.suggested;
    let other = domain::rules::Level::ALL.into_iter().find(|l| *l != suggested).expect("another level");
    let answers_json = serde_json::to_string(&answers).expect("json");
    let contact = app.contact.clone();
    let fv = rules.framework.version.clone();
    let sv = rules.scripts.version.clone();
    let decide = |level: &'static str, rationale: &'static str, departure: &'static str, framework: String| {
        vec![
            ("contact_id", contact.clone()),
            ("script_id", script.clone()),
            ("scripts_version", sv.clone()),
            ("framework_version", framework),
            ("answers", answers_json.clone()),
            ("level", level.to_string()),
            ("rationale", rationale.to_string()),
            ("departure_reason", departure.to_string()),
        ]
    };
    let as_refs = |v: &Vec<(&'static str, String)>| v.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let call = |cookie: String, form: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("records/level_decision", Some(&cookie), &pairs).await
        }
    };

    // Business Support do not decide levels.
    let bso_id = app.user("bso", &[domain::Role::BusinessSupportOfficer], &[app.cass_team.clone()]).await;
    let _ = bso_id;
    let bso = app.sign_in("bso").await;
    let r = call(bso, as_refs(&decide(suggested.slug(), "A long enough rationale", "", fv.clone()))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    let tm = app.sign_in("tm").await;
    // No rationale: refused with the rule's words, against the rationale field.
    let r = call(tm.clone(), as_refs(&decide(suggested.slug(), "", "", fv.clone()))).await;
    assert_eq!(r.json()["Refused"]["errors"][0]["field"], "rationale", "{}", r.body);
    // Departing from the suggestion without a reason: refused.
    let r = call(tm.clone(), as_refs(&decide(other.slug(), "A long enough rationale", "", fv.clone()))).await;
    assert!(r.json()["Refused"]["errors"].as_array().is_some_and(|e| e.iter().any(|e| e["field"] == "departure_reason")), "{}", r.body);
    // Made under another framework version: refused, so the worker looks again.
    let r = call(tm.clone(), as_refs(&decide(suggested.slug(), "A long enough rationale", "", "rhrt-old".into()))).await;
    assert!(r.json()["Refused"]["errors"].as_array().is_some_and(|e| e.iter().any(|e| e["field"] == "level")), "{}", r.body);

    // A sound decision is recorded with the versions it was made under.
    let r = call(tm.clone(), as_refs(&decide(other.slug(), "Checks with school and health visitor", "Two agencies already involved", fv.clone()))).await;
    assert_eq!(r.json(), serde_json::json!("Recorded"), "{}", r.body);
    let opened = app.call("records/open", Some(&tm), &[("kind", "contact"), ("id", &app.contact)]).await.json();
    let d = &opened["Opened"]["body"]["Contact"]["decisions"][0];
    assert_eq!(d["framework_version"], fv.as_str());
    assert_eq!(d["scripts_version"], sv.as_str());
    assert_eq!(d["suggested"], suggested.label());
    assert_eq!(d["departure_reason"], "Two agencies already involved");
    let trail = app.store.audit_for_record(domain::audit::RecordKind::Contact, &app.contact, 10).await.expect("audit");
    assert!(trail.iter().any(|e| e.action == domain::audit::AuditAction::Update && e.summary.contains(&fv)));

    // A record outside the decider's worklists needs a reason first.
    let ehm = app.sign_in("ehm").await;
    let r = call(ehm, as_refs(&decide(suggested.slug(), "A long enough rationale", "", fv.clone()))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // Issue 3 point 7: an administrator uploads and activates new scripts and a new framework;
    // the decision already made keeps showing the versions it was made under.
    let admin = app.sign_in("admin").await;
    let mut scripts = rules.scripts.clone();
    scripts.version = "cass-scripts-test.2".into();
    let mut framework = rules.framework.clone();
    framework.version = "rhrt-test.2".into();
    for (kind, content) in [("scripts", scripts.to_json()), ("framework", framework.to_json())] {
        let r = app.call("admin/rules/upload", Some(&admin), &[("kind", kind), ("content", &content)]).await;
        let id = r.json()["Saved"]["id"].as_str().unwrap_or_default().to_string();
        assert!(!id.is_empty(), "{kind}: {}", r.body);
        let r = app.call("admin/rules/activate", Some(&admin), &[("id", &id)]).await;
        assert!(r.json().get("Saved").is_some(), "{kind}: {}", r.body);
    }
    let in_force = app.call("rules/in_force", Some(&tm), &[]).await.json();
    assert_eq!((in_force["scripts"]["version"].as_str(), in_force["framework"]["version"].as_str()), (Some("cass-scripts-test.2"), Some("rhrt-test.2")));
    // The old page's versions are refused now; the worker sees the new ones and decides again.
    let r = call(tm.clone(), as_refs(&decide(suggested.slug(), "Decided again under the new rules", "", fv.clone()))).await;
    assert!(r.json().get("Refused").is_some(), "{}", r.body);
    let mut again = decide(suggested.slug(), "Decided again under the new rules", "", "rhrt-test.2".into());
    if let Some(v) = again.iter_mut().find(|(k, _)| *k == "scripts_version") {
        v.1 = "cass-scripts-test.2".into();
    }
    let r = call(tm.clone(), as_refs(&again)).await;
    assert_eq!(r.json(), serde_json::json!("Recorded"), "{}", r.body);
    let opened = app.call("records/open", Some(&tm), &[("kind", "contact"), ("id", &app.contact)]).await.json();
    let decisions = opened["Opened"]["body"]["Contact"]["decisions"].as_array().cloned().unwrap_or_default();
    let versions: Vec<(String, String)> = decisions
        .iter()
        .map(|d| (d["framework_version"].as_str().unwrap_or("").to_string(), d["scripts_version"].as_str().unwrap_or("").to_string()))
        .collect();
    assert_eq!(versions, vec![("rhrt-test.2".to_string(), "cass-scripts-test.2".to_string()), (fv.clone(), sv.clone())], "newest first, each with its own versions");
}
