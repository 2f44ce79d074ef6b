//! The front door's workflow through the real router (issue 5 points 1, 4, 5, 8): calls on the
//! phone line, written Requests for Support, every level of seeds 000 and 001, claims,
//! reassignment, stale decisions, deadlines and drafts. Same tests on SQLite and PostgreSQL.

use crate::support::TestApp;
use axum::http::StatusCode;
use domain::rules::{Answers, ContactChannel, Level, RuleSet};
use domain::workflow::{slug_of, step_deadline, worklist_slug, ContactFlow, Stage};
use domain::Role;
use serde_json::{json, Value};

/// The front door's teams and people, with every worklist held by a team.
struct Front {
    app: TestApp,
    children: Vec<String>,
}

const TEAMS: &[(&str, &[&str])] = &[
    ("CASS", &["cass_team_manager", "cass_referral_and_advice_officer", "cass_social_worker", "cass_team_leader", "allocated_worker"]),
    ("RAO admin box", &["rao_admin_box"]),
    ("CASS Early Help", &["early_help_managers_worklist", "ehfs_team_desktop", "early_help_referral_and_advice_officer", "early_help_team_leader"]),
    ("ASTI", &["cp_worklist", "asti_team"]),
    ("Family Support", &["area_family_support_team", "think_family_team"]),
];

async fn front() -> Front {
    let app = TestApp::new().await;
    let now = chrono::Utc::now();
    let mut ids = std::collections::HashMap::new();
    for (name, lists) in TEAMS {
        let id = if *name == "CASS" {
            app.cass_team.clone()
        } else {
            app.store.create_team(storage::NewTeam { name, description: "" }, now).await.expect("team")
        };
        for l in *lists {
            app.store.set_worklist_team(l, &id, "setup", now).await.expect("worklist team");
        }
        ids.insert(*name, id);
    }
    let t = |n: &str| ids.get(n).cloned().expect("team");
    // `rao` and `tm` exist already in CASS; RAOs also work the RAO ADMIN box.
    let rao_id = app.store.find_user_by_username("rao").await.expect("read").expect("rao").id;
    let tm_id = app.store.find_user_by_username("tm").await.expect("read").expect("tm").id;
    for (user, team) in [(&rao_id, t("RAO admin box")), (&tm_id, t("CASS"))] {
        let u = app.store.get_user(user).await.expect("read").expect("user");
        let mut teams: Vec<String> = u.teams.iter().map(|x| x.id.clone()).collect();
        teams.push(team);
        teams.dedup();
        app.store
            .update_user(user, storage::UserUpdate { display_name: &u.display_name, email: "", roles: &u.roles, team_ids: &teams }, now)
            .await
            .expect("update");
    }
    app.user("sw", &[Role::CassSocialWorker], &[t("CASS")]).await;
    app.user("sw2", &[Role::CassSocialWorker], &[t("CASS")]).await;
    app.user("tl", &[Role::TeamLeader], &[t("CASS")]).await;
    app.user("bso", &[Role::BusinessSupportOfficer], &[t("CASS")]).await;
    app.user("eh", &[Role::EarlyHelpManager], &[t("CASS Early Help"), t("Family Support")]).await;
    app.user("ehrao", &[Role::EarlyHelpReferralAndAdviceOfficer], &[t("CASS Early Help")]).await;
    app.user("mash", &[Role::MashTeam], &[t("ASTI")]).await;
    app.user("duty", &[Role::DutyManager], &[t("CASS")]).await;
    let mut children = Vec::new();
    for given in ["Ava", "Leo"] {
        let p = storage::NewPerson { given_name: given, family_name: "Sample", date_of_birth: None, address: "1 Example Street", postcode: "ZZ99 1ZZ" };
        children.push(app.store.create_person(p, now).await.expect("person"));
    }
    Front { app, children }
}

impl Front {
    async fn as_(&self, user: &str) -> String {
        self.app.sign_in(user).await
    }

    /// A written Request for Support waiting for the TM/SP's initial analysis, as the inbox
    /// filter leaves it (channel `inbox` or `edt_hand_back`).
    async fn written(&self, channel: ContactChannel, reference: &str) -> String {
        let now = chrono::Utc::now();
        let cal = domain::rules::WorkingCalendar::builtin().expect("calendar");
        let (d, due) = step_deadline(Stage::InitialAnalysis, now, &cal, &domain::rules::OfficeHours::default());
        let flow = serde_json::to_string(&ContactFlow::new(channel)).expect("json");
        let team = self.app.cass_team.clone();
        let ts = slug_of(&d.timescale);
        let ch = slug_of(&channel);
        self.app
            .store
            .create_case_contact(
                storage::NewCaseContact {
                    reference,
                    status: "open",
                    channel: &ch,
                    caller_kind: None,
                    summary: "School concern",
                    concern: "Full account",
                    referrer: storage::Referrer { name: "A Teacher", organisation: "Example School", email: "teacher@school.example", ..Default::default() },
                    contact_source: "2A",
                    flow: &flow,
                    level: None,
                    received_at: now,
                    created_by: "setup",
                    children: &self.children,
                    repeat_within_7_days: false,
                    referral_within_12_months: false,
                    first_items: vec![storage::NewWorkItem {
                        stage: Stage::InitialAnalysis.slug(),
                        worklist: worklist_slug(domain::rules::Worklist::CassTeamManager),
                        team_id: Some(&team),
                        assigned_user_id: None,
                        timescale: &ts,
                        started_at: now,
                        due_at: due,
                        calendar_version: &d.calendar_version,
                    }],
                },
                now,
            )
            .await
            .expect("contact")
    }

    async fn workflow(&self, cookie: &str, contact: &str) -> Value {
        let r = self.app.call("records/open", Some(cookie), &[("kind", "contact"), ("id", contact)]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()["Opened"]["body"]["Contact"]["workflow"].clone()
    }

    /// Decides on the step `cookie`'s user can act on, with `decision` as the domain's JSON.
    async fn decide(&self, cookie: &str, contact: &str, decision: Value) -> Value {
        let form = self.decision_form(cookie, contact, decision).await;
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = self.app.call("contacts/decide", Some(cookie), &pairs).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()
    }

    /// The form the step page sends for `decision` on the step `cookie`'s user can act on.
    async fn decision_form(&self, cookie: &str, contact: &str, decision: Value) -> Vec<(&'static str, String)> {
        let w = self.workflow(cookie, contact).await;
        let item = w["mine"]["id"].as_str().unwrap_or_else(|| panic!("no step for this user on {contact}: {w}")).to_string();
        let version = w["version"].as_i64().expect("version").to_string();
        let mut form = vec![("contact_id", contact.to_string()), ("item_id", item), ("version", version), ("decision", decision.to_string())];
        if decision["decision"] == "level" {
            let rules = RuleSet::builtin().expect("rules");
            let script = rules.scripts.scripts[0].id.clone();
            form.push(("script_id", script.clone()));
            form.push(("scripts_version", rules.scripts.version.clone()));
            form.push(("framework_version", rules.framework.version.clone()));
            form.push(("answers", serde_json::to_string(&complete(&rules, &script)).expect("json")));
            form.push(("departure_reason", "The worker's own reasons for this level".into()));
        }
        form
    }

    async fn open_stages(&self, contact: &str) -> Vec<(String, String)> {
        self.app
            .store
            .work_items_for_contact(contact)
            .await
            .expect("items")
            .into_iter()
            .filter(|i| i.status == "open")
            .map(|i| (i.stage, i.worklist))
            .collect()
    }

    async fn contact(&self, id: &str) -> storage::ContactDetail {
        self.app.store.get_contact_detail(id).await.expect("read").expect("contact")
    }

    async fn start_call(&self, cookie: &str, caller: &str) -> String {
        let r = self.app.call("calls/start", Some(cookie), &[("caller_kind", caller)]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()["Started"]["contact_id"].as_str().expect("started").to_string()
    }

    async fn save_call(&self, cookie: &str, contact: &str, caller: &str, children: &[String]) -> Value {
        let version = self.contact(contact).await.details_version;
        let details = json!({
            "caller_kind": caller, "summary": "Caller worried about the children", "concern": "What the caller said, in full.",
            "referrer_name": "A Caller", "referrer_organisation": "", "referrer_role": "", "referrer_relationship": "Neighbour",
            "referrer_phone": "", "referrer_email": "", "contact_source": "1B", "children": children,
        });
        let r = self.app.call_json("calls/save", Some(cookie), &json!({ "contact_id": contact, "version": version, "details": details })).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()
    }
}

fn complete(rules: &RuleSet, script_id: &str) -> Answers {
    use domain::rules::scripts::QuestionKind;
    use domain::rules::{evaluate_script, Answer};
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

fn level(l: Level, consent: bool, relationship: bool) -> Value {
    json!({"decision": "level", "level": l.slug(), "sufficient_information": true, "consent": consent,
           "referrer_has_ongoing_relationship": relationship, "rationale": "Rationale written in full"})
}

fn said(decision: &str, field: &str) -> Value {
    json!({"decision": decision, field: "Reasons written in full for the record"})
}

fn closed_as(outcome: &Value) -> Option<String> {
    outcome["Done"]["closed"].as_str().map(String::from)
}

fn pair(stage: &str, worklist: &str) -> (String, String) {
    (stage.to_string(), worklist.to_string())
}

#[tokio::test]
async fn seed_000_written_complex_and_significant_from_tm_to_asti() {
    let f = front().await;
    let c = f.written(ContactChannel::Inbox, "C-HTTP-0001").await;
    let tm = f.as_("tm").await;
    let o = f.decide(&tm, &c, level(Level::ComplexAndSignificant, false, true)).await;
    assert!(o.get("Done").is_some(), "{o}");
    assert_eq!(
        f.open_stages(&c).await,
        vec![pair("social_worker_assessment", "cass_social_worker"), pair("partner_checks", "rao_admin_box")]
    );
    // The level decision is kept with the rule versions it was made under.
    assert_eq!(f.app.store.level_decisions_for_contact(&c).await.expect("levels").len(), 1);
    // Seed 004: without consent, information gathering waits for the Duty Manager's override.
    let rao = f.as_("rao").await;
    let o = f.decide(&rao, &c, said("checks_done", "summary")).await;
    assert!(o["Refused"]["errors"][0]["message"].as_str().is_some_and(|m| m.contains("waits for consent")), "{o}");
    assert_eq!(f.workflow(&rao, &c).await["consent"]["waits"], json!(true));
    let duty = f.as_("duty").await;
    let override_with = |cookie: String, reason: &'static str| {
        let (app, c) = (&f.app, c.clone());
        async move {
            let r = app.call("contacts/override_consent", Some(&cookie), &[("contact_id", &c), ("reason", reason)]).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            r.json()
        }
    };
    let o = override_with(tm.clone(), "The child is at risk and the parent cannot be found").await;
    assert!(o["Refused"]["errors"][0]["message"].as_str().is_some_and(|m| m.contains("Duty Manager")), "a Team Manager may not: {o}");
    let o = override_with(duty.clone(), "").await;
    assert_eq!(o["Refused"]["errors"][0]["field"], json!("override_reason"), "a reason is always recorded: {o}");
    assert!(f.app.store.consent_override(&c).await.expect("read").is_none(), "nothing stored on a refusal");
    let why = "The child is at risk and the parent cannot be found";
    let o = override_with(duty.clone(), why).await;
    assert!(o.get("Done").is_some(), "{o}");
    let stored = f.app.store.consent_override(&c).await.expect("read").expect("stored");
    assert_eq!((stored.reason.as_str(), stored.by_role.as_str(), stored.route.as_str()), (why, "duty_manager", "cass_information_gathering"));
    let o = override_with(duty.clone(), why).await;
    assert!(o.get("Refused").is_some(), "only once: {o}");
    let shown = f.workflow(&rao, &c).await["consent"].clone();
    assert_eq!((shown["waits"].clone(), shown["overridden"]["reason"].clone()), (json!(false), json!(why)), "{shown}");
    // Audited on the contact with the reason, and on each child.
    let trail = f.app.store.audit_for_record(domain::audit::RecordKind::Contact, &c, 50).await.expect("audit");
    assert!(trail.iter().any(|e| e.summary.contains("overrode the need for consent") && e.reason.as_deref() == Some(why)));
    for child in &f.children {
        let trail = f.app.store.audit_for_record(domain::audit::RecordKind::Person, child, 50).await.expect("audit");
        assert!(trail.iter().any(|e| e.summary.contains("overrode the need for consent")), "child {child}");
    }
    let o = f.decide(&rao, &c, said("checks_done", "summary")).await;
    assert!(o.get("Done").is_some(), "{o}");
    let sw = f.as_("sw").await;
    let o = f.decide(&sw, &c, json!({"decision": "recommend", "level": "complex_and_significant", "rationale": "History and checks support it"})).await;
    assert!(o.get("Done").is_some(), "{o}");
    assert_eq!(f.open_stages(&c).await, vec![pair("team_manager_review", "cass_team_manager")]);
    let o = f.decide(&tm, &c, said("agree", "rationale")).await;
    assert!(o.get("Done").is_some(), "{o}");
    assert_eq!(f.open_stages(&c).await, vec![pair("family_assessment", "asti_team")]);
    let mash = f.as_("mash").await;
    let o = f.decide(&mash, &c, said("assessment_started", "summary")).await;
    assert_eq!(closed_as(&o).as_deref(), Some("Referral: Family Assessment by ASTI"));
    let done = f.contact(&c).await;
    assert_eq!((done.status.as_str(), done.outcome.as_deref(), done.is_referral), ("closed", Some("family_assessment"), true));
    // Each decision was audited as a change of the contact.
    let trail = f.app.store.audit_for_record(domain::audit::RecordKind::Contact, &c, 50).await.expect("audit");
    assert!(trail.iter().filter(|e| e.action.slug() == "update").count() >= 5);
}

#[tokio::test]
async fn seed_000_return_to_referrer_outcomes_close_the_contact_with_their_letters() {
    let f = front().await;
    let tm = f.as_("tm").await;
    let cases = [
        (json!({"decision": "level", "level": "additional_needs", "sufficient_information": false, "consent": true,
                "referrer_has_ongoing_relationship": true, "rationale": "Rationale written in full"}),
         "Returned to the referrer for more information", "request_for_more_information", true),
        (level(Level::AdditionalNeeds, false, true), "Returned to the referrer to gain consent and resubmit", "gain_consent_and_resubmit", false),
        (level(Level::UniversalPlus, false, true), "Returned to the referrer to undertake an Early Help Assessment", "undertake_eha_request", true),
    ];
    for (i, (decision, outcome, letter, partner_copy)) in cases.into_iter().enumerate() {
        let c = f.written(ContactChannel::Inbox, &format!("C-HTTP-01{i}")).await;
        let o = f.decide(&tm, &c, decision).await;
        assert_eq!(closed_as(&o).as_deref(), Some(outcome), "{o}");
        let expected = if partner_copy { "queued for 2 recipients" } else { "queued for 1 recipient" };
        assert!(o["Done"]["letters"][0].as_str().is_some_and(|l| l.contains(expected)), "{o}");
        // The letter is queued as an e-mail to the referrer, rendered from the template in force;
        // seed 000's copy to the Partner in CASS goes to the address kept among the service contacts.
        let sent = f.app.store.communications_for_contact(&c).await.expect("communications");
        let to: Vec<(&str, &str, &str)> = sent.iter().map(|s| (s.letter_kind.as_str(), s.channel.as_str(), s.recipient_email.as_str())).collect();
        let mut want = vec![(letter, "email", "teacher@school.example")];
        if partner_copy {
            want.push((letter, "email", "cass-partners@council.example"));
        }
        assert_eq!(to.len(), want.len(), "{sent:?}");
        for w in &want {
            assert!(to.contains(w), "{w:?} in {to:?}");
        }
        assert!(sent[0].body.contains("Ava Sample"), "{}", sent[0].body);
        assert!(f.open_stages(&c).await.is_empty());
    }
    // Without a Partner in CASS address the copy is not guessed: the worker is told.
    f.app.store.execute_raw_for_tests("UPDATE service_contacts SET contact_value = '' WHERE contact_key = 'partner_in_cass_email'").await.expect("clear");
    let c = f.written(ContactChannel::Inbox, "C-HTTP-0199").await;
    let o = f.decide(&tm, &c, level(Level::UniversalPlus, false, true)).await;
    let said = o["Done"]["letters"][0].as_str().unwrap_or_default().to_string();
    assert!(said.contains("queued for 1 recipient") && said.contains("no address for the Partner in CASS"), "{o}");
}

#[tokio::test]
async fn seed_000_additional_needs_without_consent_eh_rao_rings_and_the_manager_allocates() {
    let f = front().await;
    let c = f.written(ContactChannel::Inbox, "C-HTTP-0002").await;
    let tm = f.as_("tm").await;
    f.decide(&tm, &c, level(Level::AdditionalNeeds, false, false)).await;
    assert_eq!(f.open_stages(&c).await, vec![pair("early_help_manager_review", "early_help_managers_worklist")]);
    let eh = f.as_("eh").await;
    // Family Support needs consent first: refused in the rule's words, against the form.
    let o = f.decide(&eh, &c, json!({"decision": "allocate_family_support", "service": "area_family_support_team", "rationale": "Family support suits"})).await;
    assert_eq!(o["Refused"]["errors"][0]["field"], "decision", "{o}");
    f.decide(&eh, &c, said("seek_consent", "instructions")).await;
    assert_eq!(f.open_stages(&c).await, vec![pair("parent_contact", "early_help_referral_and_advice_officer")]);
    let ehrao = f.as_("ehrao").await;
    let o = f.decide(&ehrao, &c, json!({"decision": "parent_call", "at": "2026-03-02T10:00:00", "result": {"result": "consented", "scopes": ["support_through_eha"]}, "note": "Mum agreed"})).await;
    assert!(o.get("Done").is_some(), "{o}");
    let o = f.decide(&eh, &c, json!({"decision": "allocate_family_support", "service": "think_family_team", "rationale": "Think Family suits"})).await;
    assert!(o.get("Done").is_some(), "{o}");
    assert_eq!(f.open_stages(&c).await, vec![pair("family_support_allocation", "think_family_team")]);
    let o = f.decide(&eh, &c, said("allocation_accepted", "summary")).await;
    assert_eq!(closed_as(&o).as_deref(), Some("Allocated for family support"));
}

#[tokio::test]
async fn seed_000_universal_plus_three_calls_then_closed_and_emergency_duty_team_hand_back() {
    let f = front().await;
    let c = f.written(ContactChannel::EdtHandBack, "C-HTTP-0003").await;
    let tm = f.as_("tm").await;
    f.decide(&tm, &c, level(Level::UniversalPlus, false, false)).await;
    let log = f.app.store.decision_log(&c).await.expect("log");
    assert!(log[0].outcome.contains("The Emergency Duty Team reassigns the case to CASS"), "{}", log[0].outcome);
    let ehrao = f.as_("ehrao").await;
    let call = |at: &str| json!({"decision": "parent_call", "at": at, "result": {"result": "no_answer"}, "note": ""});
    let o = f.decide(&ehrao, &c, call("2026-03-02T09:00:00")).await;
    assert!(o.get("Recorded").is_some(), "the step stays open: {o}");
    f.decide(&ehrao, &c, call("2026-03-02T13:00:00")).await;
    let o = f.decide(&ehrao, &c, call("2026-03-03T17:00:00")).await;
    assert_eq!(closed_as(&o).as_deref(), Some("Consent not gained: the parent refused or could not be contacted"));
}

#[tokio::test]
async fn seed_000_phone_significant_harm_transfer_grouping_and_the_cp_worklist() {
    let f = front().await;
    let rao = f.as_("rao").await;
    let c = f.start_call(&rao, "professional").await;
    assert_eq!(f.contact(&c).await.status, "call");
    let saved = f.save_call(&rao, &c, "professional", &f.children).await;
    assert!(saved.get("Saved").is_some(), "{saved}");
    assert_eq!(f.contact(&c).await.children.len(), 2);
    // An RAO does not decide Complex and Significant concerns on the phone.
    let o = f.decide(&rao, &c, level(Level::SignificantHarm, false, false)).await;
    assert!(o["Refused"]["errors"][0]["message"].as_str().unwrap_or("").contains("Social Worker"), "{o}");
    f.decide(&rao, &c, json!({"decision": "transfer_to_social_worker"})).await;
    assert_eq!(f.open_stages(&c).await, vec![pair("call", "cass_social_worker")]);
    let sw = f.as_("sw").await;
    let o = f.decide(&sw, &c, level(Level::SignificantHarm, false, false)).await;
    assert!(o.get("Done").is_some(), "{o}");
    assert_eq!(f.contact(&c).await.status, "open");
    assert_eq!(f.open_stages(&c).await, vec![pair("grouping", "rao_admin_box")]);
    f.decide(&rao, &c, said("grouping_done", "summary")).await;
    // Back to the Social Worker who took the call, not to the pool.
    let items = f.app.store.work_items_for_contact(&c).await.expect("items");
    let sw_item = items.iter().find(|i| i.status == "open").expect("open item");
    assert_eq!(sw_item.assigned_name.as_deref(), Some("sw"));
    let sw2 = f.as_("sw2").await;
    let w = f.workflow(&sw2, &c).await;
    assert!(w["mine"].is_null(), "another Social Worker cannot take it: {w}");
    f.decide(&sw, &c, json!({"decision": "recommend", "level": "significant_harm", "rationale": "Strategy discussion needed"})).await;
    let tm = f.as_("tm").await;
    f.decide(&tm, &c, said("agree", "rationale")).await;
    assert_eq!(f.open_stages(&c).await, vec![pair("strategy_discussion", "cp_worklist")]);
    let mash = f.as_("mash").await;
    let o = f.decide(&mash, &c, said("strategy_discussion_held", "summary")).await;
    assert_eq!(closed_as(&o).as_deref(), Some("Referral: strategy discussion held in MASH"));
}

#[tokio::test]
async fn seed_000_phone_advice_at_universal_closes_with_the_outcomes_letter() {
    let f = front().await;
    let rao = f.as_("rao").await;
    let c = f.start_call(&rao, "parent_or_carer").await;
    f.save_call(&rao, &c, "parent_or_carer", &f.children[..1]).await;
    let o = f.decide(&rao, &c, level(Level::Universal, false, false)).await;
    assert_eq!(closed_as(&o).as_deref(), Some("Advice given and signposted"));
    // 004: to the parent or carer at the child's address (the caller is not a professional, so no copy).
    assert!(o["Done"]["letters"][0].as_str().is_some_and(|l| l.starts_with("Outcomes letter: queued for 1 recipient")), "{o}");
    let sent = f.app.store.communications_for_contact(&c).await.expect("communications");
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!((sent[0].letter_kind.as_str(), sent[0].channel.as_str()), ("outcomes_letter", "post"));
    assert_eq!(sent[0].recipient_address, "1 Example Street\nZZ99 1ZZ");
    // The call's draft is gone once the call is saved.
    assert!(f.app.store.drafts_for_user(&f.app.store.find_user_by_username("rao").await.expect("r").expect("u").id).await.expect("drafts").is_empty());
}

#[tokio::test]
async fn seed_001_anonymous_without_details_goes_to_the_team_leader() {
    let f = front().await;
    let rao = f.as_("rao").await;
    let c = f.start_call(&rao, "anonymous").await;
    assert_eq!(f.contact(&c).await.contact_source, "9", "anonymous calls are source 9");
    // Identifiable or not, an RAO never decides the level of an anonymous call.
    let o = f.decide(&rao, &c, level(Level::UniversalPlus, false, false)).await;
    assert!(o.get("Refused").is_some(), "{o}");
    f.decide(&rao, &c, said("no_identifying_details", "summary")).await;
    assert_eq!(f.open_stages(&c).await, vec![pair("team_leader_discussion", "cass_team_leader")]);
    let tl = f.as_("tl").await;
    let o = f.decide(&tl, &c, said("close_with_advice", "summary")).await;
    assert_eq!(closed_as(&o).as_deref(), Some("Anonymous call discussed with the Team Leader: no identifying details"));
}

#[tokio::test]
async fn seed_001_anonymous_additional_needs_sw_then_eh_rao_three_calls_then_the_letter() {
    let f = front().await;
    let rao = f.as_("rao").await;
    let c = f.start_call(&rao, "anonymous").await;
    f.save_call(&rao, &c, "anonymous", &f.children).await;
    f.decide(&rao, &c, json!({"decision": "transfer_to_social_worker"})).await;
    let sw = f.as_("sw").await;
    f.decide(&sw, &c, level(Level::AdditionalNeeds, false, false)).await;
    assert_eq!(f.open_stages(&c).await, vec![pair("grouping", "rao_admin_box")]);
    f.decide(&rao, &c, said("grouping_done", "summary")).await;
    f.decide(&sw, &c, json!({"decision": "recommend", "level": "additional_needs", "rationale": "Family support would help"})).await;
    assert_eq!(f.open_stages(&c).await, vec![pair("parent_contact", "cass_social_worker")]);
    f.decide(&sw, &c, said("stop_trying", "rationale")).await;
    assert_eq!(f.open_stages(&c).await, vec![pair("early_help_manager_review", "ehfs_team_desktop")]);
    let eh = f.as_("eh").await;
    f.decide(&eh, &c, said("seek_consent", "instructions")).await;
    let ehrao = f.as_("ehrao").await;
    let call = |at: &str| json!({"decision": "parent_call", "at": at, "result": {"result": "no_answer"}, "note": ""});
    f.decide(&ehrao, &c, call("2026-03-02T09:00:00")).await;
    f.decide(&ehrao, &c, call("2026-03-02T12:30:00")).await;
    let o = f.decide(&ehrao, &c, call("2026-03-02T16:00:00")).await;
    assert_eq!(closed_as(&o).as_deref(), Some("Parent not reached after 3 calls: letter sent"));
    // Two siblings at one address: one letter to their parent or carer.
    assert!(o["Done"]["letters"][0].as_str().is_some_and(|l| l.contains("queued for 1 recipient")), "{o}");
    let sent = f.app.store.communications_for_contact(&c).await.expect("communications");
    assert_eq!(sent.iter().map(|x| x.letter_kind.as_str()).collect::<Vec<_>>(), vec!["anonymous_referral_parent_letter"]);
}

#[tokio::test]
async fn seed_001_anonymous_universal_plus_rao_speaks_to_the_parent() {
    let f = front().await;
    let rao = f.as_("rao").await;
    let c = f.start_call(&rao, "anonymous").await;
    f.save_call(&rao, &c, "anonymous", &f.children).await;
    f.decide(&rao, &c, json!({"decision": "transfer_to_social_worker"})).await;
    let sw = f.as_("sw").await;
    f.decide(&sw, &c, level(Level::UniversalPlus, false, false)).await;
    f.decide(&rao, &c, said("grouping_done", "summary")).await;
    f.decide(&sw, &c, json!({"decision": "recommend", "level": "universal_plus", "rationale": "Suggest school leads an EHA"})).await;
    assert_eq!(f.open_stages(&c).await, vec![pair("parent_contact", "early_help_team_leader")]);
    let ehrao = f.as_("ehrao").await;
    let o = f.decide(&ehrao, &c, json!({"decision": "parent_call", "at": "2026-03-02T10:00:00", "result": {"result": "refused"}, "note": "Support already in place"})).await;
    assert_eq!(closed_as(&o).as_deref(), Some("Support discussed with the parent"));
}

#[tokio::test]
async fn decisions_on_an_old_page_and_by_the_wrong_people_are_refused() {
    let f = front().await;
    let c = f.written(ContactChannel::Inbox, "C-HTTP-0004").await;
    let (tm, bso, rao) = (f.as_("tm").await, f.as_("bso").await, f.as_("rao").await);
    let w = f.workflow(&tm, &c).await;
    let item = w["mine"]["id"].as_str().expect("item").to_string();
    // Business Support have no step here, and cannot decide one.
    assert!(f.workflow(&bso, &c).await["mine"].is_null());
    let d = level(Level::Universal, false, false).to_string();
    let form = [("contact_id", c.as_str()), ("item_id", item.as_str()), ("version", "1"), ("decision", d.as_str())];
    let r = f.app.call("contacts/decide", Some(&bso), &form).await;
    assert!(r.json()["Refused"]["errors"][0]["message"].as_str().unwrap_or("").contains("CASS TM/SP") || r.json()["Refused"].is_object(), "{}", r.body);
    // An RAO saves the call details nothing: they do not hold this contact.
    let r = f.app.call_json("calls/save", Some(&rao), &json!({"contact_id": c, "version": 1, "details": {}})).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The TM decides; a second decision made on the same page (version 1) is stale.
    f.decide(&tm, &c, level(Level::ComplexAndSignificant, false, false)).await;
    let rules = RuleSet::builtin().expect("rules");
    let answers = serde_json::to_string(&complete(&rules, &rules.scripts.scripts[0].id)).expect("json");
    let late = [
        ("contact_id", c.as_str()),
        ("item_id", item.as_str()),
        ("version", "1"),
        ("decision", d.as_str()),
        ("script_id", rules.scripts.scripts[0].id.as_str()),
        ("scripts_version", rules.scripts.version.as_str()),
        ("framework_version", rules.framework.version.as_str()),
        ("answers", answers.as_str()),
        ("departure_reason", "Because of what I know"),
    ];
    let r = f.app.call("contacts/decide", Some(&tm), &late).await;
    assert!(r.json().get("Stale").is_some(), "{}", r.body);
    assert_eq!(f.contact(&c).await.version, 2, "nothing of the late decision was stored");
    // A step someone holds is theirs to decide.
    let sw = f.as_("sw").await;
    let sw_item = f.workflow(&sw, &c).await["mine"]["id"].as_str().expect("item").to_string();
    assert_eq!(f.app.call("worklists/claim", Some(&sw), &[("item_id", &sw_item)]).await.json(), json!("Claimed"));
    let sw2 = f.as_("sw2").await;
    assert_eq!(f.app.call("worklists/claim", Some(&sw2), &[("item_id", &sw_item)]).await.json(), json!("AlreadyTaken"));
    assert!(f.workflow(&sw2, &c).await["mine"]["id"] != json!(sw_item), "not offered to someone else");
}

#[tokio::test]
async fn a_decision_sent_again_under_its_id_gets_its_first_answer_and_is_taken_once() {
    let f = front().await;
    let c = f.written(ContactChannel::Inbox, "C-HTTP-0007").await;
    let tm = f.as_("tm").await;
    let form = f.decision_form(&tm, &c, level(Level::ComplexAndSignificant, false, false)).await;
    let send = |cookie: String, id: &'static str| {
        let mut form = form.clone();
        form.push(("submission_id", id.to_string()));
        let app = &f.app;
        async move {
            let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("contacts/decide", Some(&cookie), &pairs).await
        }
    };
    const ID: &str = "0f5e7c1a-2b3c-4d5e-8f90-a1b2c3d4e5f6";
    let first = send(tm.clone(), ID).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert!(first.json().get("Done").is_some(), "{}", first.body);
    let decided = f.app.store.decision_log(&c).await.expect("log").len();
    let version_after = f.contact(&c).await.version;
    // The tablet's queue sends it again (its answer was lost): the same answer, nothing stored twice.
    let again = send(tm.clone(), ID).await;
    assert_eq!(again.json(), first.json(), "{}", again.body);
    assert_eq!(f.app.store.decision_log(&c).await.expect("log").len(), decided);
    assert_eq!(f.contact(&c).await.version, version_after);
    // A new decision made on the same old page is another submission: stale, as before.
    let other = send(tm.clone(), "7a7a7a7a-2b3c-4d5e-8f90-a1b2c3d4e5f6").await;
    assert!(other.json().get("Stale").is_some(), "{}", other.body);
    // Someone else cannot collect the answer by sending the id.
    let theirs = send(f.as_("sw").await, ID).await;
    assert!(theirs.json().get("Done").is_none(), "{}", theirs.body);
    assert_eq!(f.app.store.decision_log(&c).await.expect("log").len(), decided);
}

#[tokio::test]
async fn managers_reassign_with_reasons_and_see_counts_and_deadlines() {
    let f = front().await;
    let c = f.written(ContactChannel::Inbox, "C-HTTP-0005").await;
    let tm = f.as_("tm").await;
    f.decide(&tm, &c, level(Level::ComplexAndSignificant, false, false)).await;
    let sw_item = f.app.store.work_items_for_contact(&c).await.expect("items").into_iter().find(|i| i.stage == "social_worker_assessment").expect("item");
    let sw2_id = f.app.store.find_user_by_username("sw2").await.expect("r").expect("u").id;
    let rao = f.as_("rao").await;
    let r = f.app.call("worklists/reassign", Some(&rao), &[("item_id", &sw_item.id), ("version", "1"), ("to_user", &sw2_id), ("reason", "Knows the family")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "only managers reassign");
    let r = f.app.call("worklists/reassign", Some(&tm), &[("item_id", &sw_item.id), ("version", "1"), ("to_user", &sw2_id), ("reason", "")]).await;
    assert_eq!(r.json()["Refused"]["errors"][0]["field"], "reason");
    let tl_id = f.app.store.find_user_by_username("tl").await.expect("r").expect("u").id;
    let r = f.app.call("worklists/reassign", Some(&tm), &[("item_id", &sw_item.id), ("version", "1"), ("to_user", &tl_id), ("reason", "Team Leader covers")]).await;
    assert_eq!(r.json()["Refused"]["errors"][0]["field"], "to_user", "a Team Leader does not work the Social Worker list: {}", r.body);
    let r = f.app.call("worklists/reassign", Some(&tm), &[("item_id", &sw_item.id), ("version", "1"), ("to_user", &sw2_id), ("reason", "Knows the family already")]).await;
    assert_eq!(r.json(), json!("Done"), "{}", r.body);
    let r = f.app.call("worklists/reassign", Some(&tm), &[("item_id", &sw_item.id), ("version", "1"), ("to_user", "")]).await;
    assert_eq!(r.json()["Refused"]["errors"][0]["field"], "reason", "no reason sent: {}", r.body);
    let r = f.app.call("worklists/reassign", Some(&tm), &[("item_id", &sw_item.id), ("version", "1"), ("to_user", ""), ("reason", "Back to the pool")]).await;
    assert!(r.json().get("Stale").is_some(), "version 1 is out of date now: {}", r.body);
    let sw2 = f.as_("sw2").await;
    let v = f.app.call("worklists/view", Some(&sw2), &[]).await.json();
    assert_eq!(v["mine"][0]["reference"], "C-HTTP-0005", "{v}");
    assert_eq!(v["mine"][0]["rag"], "amber", "a 1-working-day step is due soon: {v}");
    assert_eq!(v["mine"][0]["children"], json!(["Ava Sample", "Leo Sample"]));
    let v = f.app.call("worklists/view", Some(&tm), &[]).await.json();
    assert!(v["can_reassign"].as_bool().unwrap_or(false));
    let counts = v["counts"].as_array().cloned().unwrap_or_default();
    assert!(counts.iter().any(|c| c["holder"] == "sw2" && c["open"] == 1), "{v}");
    let rao_v = f.app.call("worklists/view", Some(&rao), &[]).await.json();
    assert!(rao_v["pools"].as_array().is_some_and(|p| p.iter().any(|s| s["title"] == "RAO ADMIN box")), "partner checks wait for RAOs: {rao_v}");
}

#[tokio::test]
async fn a_step_on_a_worklist_no_team_holds_is_refused_with_a_plain_message() {
    let app = TestApp::new().await;
    let rao = app.sign_in("rao").await;
    let r = app.call("calls/start", Some(&rao), &[("caller_kind", "professional")]).await;
    let msg = r.json()["Refused"]["errors"][0]["message"].as_str().unwrap_or("").to_string();
    assert!(msg.contains("ask an administrator"), "{}", r.body);
}

#[tokio::test]
async fn repeat_concerns_are_flagged_when_the_children_are_known() {
    let f = front().await;
    let first = f.written(ContactChannel::Inbox, "C-HTTP-0006").await;
    let tm = f.as_("tm").await;
    f.decide(&tm, &first, level(Level::ComplexAndSignificant, false, false)).await;
    let rao = f.as_("rao").await;
    let c = f.start_call(&rao, "professional").await;
    f.save_call(&rao, &c, "professional", &f.children[1..]).await;
    let d = f.contact(&c).await;
    assert!(d.repeat_within_7_days, "a second contact about Leo within 7 days");
    assert!(d.referral_within_12_months, "Leo was referred today");
    let w = f.workflow(&rao, &c).await;
    assert!(w["flags"].as_array().is_some_and(|f| f.len() == 2), "{w}");
}

#[tokio::test]
async fn drafts_are_kept_for_their_author_only() {
    let f = front().await;
    let rao = f.as_("rao").await;
    let tm = f.as_("tm").await;
    let form = [("form_key", "call:x"), ("record_kind", "contact"), ("record_id", "x"), ("title", "Call"), ("path", "/staff/calls/x"), ("data", "{\"concern\":\"every word\"}")];
    assert_eq!(f.app.call("drafts/save", Some(&rao), &form).await.json(), json!("Saved"));
    let bad = [("form_key", "call:x"), ("record_kind", "contact"), ("record_id", "x"), ("title", "Call"), ("path", "https://elsewhere"), ("data", "{}")];
    assert_eq!(f.app.call("drafts/save", Some(&rao), &bad).await.json()["Refused"]["errors"][0]["field"], "path");
    assert_eq!(f.app.call("drafts/get", Some(&rao), &[("form_key", "call:x")]).await.json()["data"], "{\"concern\":\"every word\"}");
    assert!(f.app.call("drafts/get", Some(&tm), &[("form_key", "call:x")]).await.json().is_null());
    assert_eq!(f.app.call("drafts/mine", Some(&rao), &[]).await.json().as_array().map(|a| a.len()), Some(1));
    assert_eq!(f.app.call("drafts/discard", Some(&rao), &[("form_key", "call:x")]).await.json(), json!(true));
    assert_eq!(f.app.call("drafts/save", None, &form).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn administrators_choose_the_team_that_holds_each_worklist() {
    let app = TestApp::new().await;
    let (admin, tm) = (app.sign_in("admin").await, app.sign_in("tm").await);
    assert_eq!(app.call("admin/worklist_teams", Some(&tm), &[]).await.status, StatusCode::FORBIDDEN);
    let rows = app.call("admin/worklist_teams", Some(&admin), &[]).await.json();
    let cp = rows.as_array().and_then(|r| r.iter().find(|r| r["worklist"] == "cp_worklist").cloned()).expect("cp worklist listed");
    assert!(cp["team_id"].is_null());
    assert_eq!(cp["roles"], "ASTI / MASH team");
    let r = app.call("admin/set_worklist_team", Some(&admin), &[("worklist", "cp_worklist"), ("team_id", &app.eh_team)]).await;
    assert_eq!(r.json(), json!(true));
    assert_eq!(app.store.worklist_team("cp_worklist").await.expect("read"), Some(app.eh_team.clone()));
    let r = app.call("admin/set_worklist_team", Some(&admin), &[("worklist", "cp_worklist"), ("team_id", "no-such-team")]).await;
    assert_eq!(r.json(), json!(false));
    let r = app.call("admin/set_worklist_team", Some(&admin), &[("worklist", "nonsense"), ("team_id", &app.eh_team)]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // With the RAO's worklist held by CASS, a call can start.
    app.call("admin/set_worklist_team", Some(&admin), &[("worklist", "cass_referral_and_advice_officer"), ("team_id", &app.cass_team)]).await;
    let rao = app.sign_in("rao").await;
    assert!(app.call("calls/start", Some(&rao), &[("caller_kind", "professional")]).await.json().get("Started").is_some());
}

#[tokio::test]
async fn seed_004_a_call_goes_to_the_allocated_worker_only_when_the_childs_case_is_open() {
    let f = front().await;
    let rao = f.as_("rao").await;
    let c = f.start_call(&rao, "professional").await;
    f.save_call(&rao, &c, "professional", &f.children[..1]).await;
    let pass = said("pass_to_allocated_worker", "summary");
    let o = f.decide(&rao, &c, pass.clone()).await;
    assert!(o["Refused"]["errors"][0]["message"].as_str().is_some_and(|m| m.contains("allocated worker")), "{o}");
    let today = chrono::Utc::now().date_naive();
    let involvement = storage::NewInvolvement {
        person_id: &f.children[0],
        worker_name: "A Social Worker",
        worker_team: "Children in Need",
        worker_phone: "",
        worker_email: "worker@council.example",
        opened_on: today,
        created_by: None,
    };
    f.app.store.record_involvement(involvement, chrono::Utc::now()).await.expect("involvement");
    let o = f.decide(&rao, &c, pass).await;
    assert_eq!(closed_as(&o).as_deref(), Some("Passed to the child's allocated worker"), "{o}");
}

#[tokio::test]
async fn seed_004_the_outcomes_letter_goes_to_each_person_with_parental_responsibility() {
    let f = front().await;
    let now = chrono::Utc::now();
    let mut holders = Vec::new();
    for (given, address, pr) in [("Sam", "2 Other Road", true), ("Alex", "3 Third Lane", true), ("Jo", "4 Fourth Way", false)] {
        let p = storage::NewPerson { given_name: given, family_name: "Sample", date_of_birth: None, address, postcode: "ZZ99 2AB" };
        let id = f.app.store.create_person(p, now).await.expect("person");
        for child in &f.children {
            let r = storage::NewRelationship { person_id: &id, other_person_id: child, kind: "parent", parental_responsibility: pr, household_member: false, created_by: None };
            f.app.store.link_people(r, now).await.expect("link");
        }
        holders.push(id);
    }
    let rao = f.as_("rao").await;
    let c = f.start_call(&rao, "parent_or_carer").await;
    f.save_call(&rao, &c, "parent_or_carer", &f.children).await;
    let o = f.decide(&rao, &c, level(Level::Universal, false, false)).await;
    assert!(o["Done"]["letters"][0].as_str().is_some_and(|l| l.starts_with("Outcomes letter: queued for 2 recipients")), "{o}");
    let mut sent: Vec<(String, String)> =
        f.app.store.communications_for_contact(&c).await.expect("communications").into_iter().map(|x| (x.recipient_name, x.recipient_address)).collect();
    sent.sort();
    // One letter each to the two with PR (whatever number of the children), none to Jo.
    assert_eq!(sent, vec![("Alex Sample".to_string(), "3 Third Lane\nZZ99 2AB".to_string()), ("Sam Sample".to_string(), "2 Other Road\nZZ99 2AB".to_string())]);
}

/// Issue 3 point 5: a day an administrator adds (a royal event, announced at short notice) moves
/// the deadlines the server computes and stores from then on, and the step records the
/// calendar version it was computed under.
#[tokio::test]
async fn a_non_working_day_an_administrator_adds_moves_the_deadlines_the_server_stores() {
    use domain::rules::calendar::BankHoliday;
    use domain::rules::{uk_local_time, OfficeHours, WorkingCalendar};
    let f = front().await;
    let cal = WorkingCalendar::builtin().expect("calendar");
    let today = uk_local_time(chrono::Utc::now()).date();
    let d1 = cal.next_working_day_on_or_after(today.succ_opt().expect("tomorrow"));
    let d2 = cal.next_working_day_on_or_after(d1.succ_opt().expect("day after"));
    let admin = f.as_("admin").await;
    use chrono::Datelike;
    for d in [d1, d2] {
        let (day, month, year) = (d.day().to_string(), d.month().to_string(), d.year().to_string());
        let r = f.app.call("admin/calendar/add_day", Some(&admin), &[("day", &day), ("month", &month), ("year", &year), ("title", "Royal event")]).await;
        assert_eq!(r.json(), json!("Saved"), "{d}: {}", r.body);
    }
    let c = f.written(ContactChannel::Inbox, "C-HTTP-0100").await;
    let tm = f.as_("tm").await;
    let o = f.decide(&tm, &c, level(Level::ComplexAndSignificant, true, true)).await;
    assert!(o.get("Done").is_some(), "{o}");
    let items = f.app.store.work_items_for_contact(&c).await.expect("items");
    let item = items.iter().find(|i| i.stage == Stage::SocialWorkerAssessment.slug()).expect("the Social Worker's step");
    let added: Vec<BankHoliday> = [d1, d2].iter().map(|d| BankHoliday { date: *d, title: "Royal event".into() }).collect();
    let with_days = cal.clone().with_added_days(&added).expect("added");
    let (_, expected) = step_deadline(Stage::SocialWorkerAssessment, item.started_at, &with_days, &OfficeHours::default());
    let (_, before) = step_deadline(Stage::SocialWorkerAssessment, item.started_at, &cal, &OfficeHours::default());
    assert_eq!(item.due_at, expected, "the stored deadline skips the added days");
    assert!(expected > before, "the added days moved it later ({before} → {expected})");
}
