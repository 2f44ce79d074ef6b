//! Workflow storage on whichever engine TEST_DATABASE_URL names: contacts with children and
//! work items, decisions guarded by versions, claims that only one person wins, reassignment,
//! worklists with counts, repeat-concern history and drafts.

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::Role;
use storage::testing::TestDb;
use storage::{
    Applied, ContactChange, DecisionLog, DecisionWrite, NewCaseContact, NewDraft, NewPerson, NewTeam, NewUser, NewWorkItem, Referrer,
    Store, WorklistScope,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).single().expect("valid time")
}

struct World {
    db: TestDb,
    team: String,
    rao: String,
    tm: String,
    children: Vec<String>,
}

async fn world() -> World {
    let db = TestDb::new().await.expect("test database");
    let team = db.store.create_team(NewTeam { name: "CASS", description: "" }, t0()).await.expect("team");
    let mut users = Vec::new();
    for (name, role) in [("rao", Role::ReferralAndAdviceOfficer), ("tm", Role::TeamManager)] {
        let id = db
            .store
            .create_user(
                NewUser {
                    username: name,
                    display_name: name,
                    email: "",
                    password_hash: "h",
                    must_change_password: false,
                    is_demo: false,
                    roles: &[role],
                    team_ids: std::slice::from_ref(&team),
                },
                t0(),
            )
            .await
            .expect("user");
        users.push(id);
    }
    let mut children = Vec::new();
    for given in ["Ava", "Leo"] {
        let p = NewPerson { given_name: given, family_name: "Example", date_of_birth: None, address: "", postcode: "" };
        children.push(db.store.create_person(p, t0()).await.expect("person"));
    }
    let (rao, tm) = (users[0].clone(), users[1].clone());
    World { db, team, rao, tm, children }
}

fn item<'a>(stage: &'a str, worklist: &'a str, team: &'a str, user: Option<&'a str>, due: DateTime<Utc>) -> NewWorkItem<'a> {
    NewWorkItem {
        stage,
        worklist,
        team_id: Some(team),
        assigned_user_id: user,
        timescale: "contact_initial_response",
        started_at: t0(),
        due_at: due,
        calendar_version: "test",
    }
}

async fn contact(w: &World, reference: &str, received: DateTime<Utc>, due: DateTime<Utc>) -> String {
    w.db.store
        .create_case_contact(
            NewCaseContact {
                reference,
                status: "open",
                channel: "inbox",
                caller_kind: None,
                summary: "Arrived hungry",
                concern: "A long account of the concern.",
                referrer: Referrer { name: "A Teacher", organisation: "School", ..Referrer::default() },
                contact_source: "2A",
                flow: "{}",
                level: None,
                received_at: received,
                created_by: &w.rao,
                children: &w.children,
                repeat_within_7_days: false,
                referral_within_12_months: false,
                first_items: vec![item("initial_analysis", "cass_team_manager", &w.team, None, due)],
            },
            t0(),
        )
        .await
        .expect("contact")
}

fn decision<'a>(contact_id: &'a str, version: i64, item_id: &'a str, by: &'a str, new_items: Vec<NewWorkItem<'a>>) -> DecisionWrite<'a> {
    DecisionWrite {
        contact_id,
        expected_version: version,
        item_id,
        complete_item: true,
        change: ContactChange { flow: "{\"level\":\"x\"}", level: Some("complex_and_significant"), is_referral: true, status: "open", outcome: None, closed_at: None },
        new_items,
        cancel_other_items: false,
        log: DecisionLog {
            stage: "initial_analysis",
            worklist: "cass_team_manager",
            decision: "level",
            detail: "{}",
            reason: "Reasons for the record",
            outcome: "{}",
            seed: "000 CASS Contacts",
            decided_by: by,
            decided_at: t0(),
        },
    }
}

#[tokio::test]
async fn a_contact_groups_siblings_and_starts_on_a_worklist() {
    let w = world().await;
    let id = contact(&w, "C-AAA111", t0(), t0() + Duration::hours(24)).await;
    let c = w.db.store.get_contact_detail(&id).await.expect("read").expect("exists");
    assert_eq!(c.children.len(), 2, "both siblings on one contact");
    assert_eq!(c.version, 1);
    assert_eq!(c.referrer_organisation, "School");
    let items = w.db.store.work_items_for_contact(&id).await.expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!((items[0].stage.as_str(), items[0].status.as_str()), ("initial_analysis", "open"));
    assert!(items[0].assigned_user_id.is_none());
    // Every child's record is in the team's worklists.
    for child in &w.children {
        assert!(w.db.store.record_in_worklists(&w.tm, domain::audit::RecordKind::Person, child).await.expect("access"));
    }
}

#[tokio::test]
async fn a_decision_on_an_old_version_changes_nothing() {
    let w = world().await;
    let id = contact(&w, "C-AAA112", t0(), t0() + Duration::hours(24)).await;
    let item_id = w.db.store.work_items_for_contact(&id).await.expect("items")[0].id.clone();
    let next = vec![item("social_worker_assessment", "cass_social_worker", &w.team, None, t0() + Duration::days(1))];
    let first = w.db.store.apply_decision(decision(&id, 1, &item_id, &w.tm, next), t0()).await.expect("apply");
    assert_eq!(first, Applied::Yes { version: 2 });
    // A second manager who loaded version 1 is refused, and nothing of theirs is written.
    let again = w.db.store.apply_decision(decision(&id, 1, &item_id, &w.rao, Vec::new()), t0()).await.expect("apply");
    assert_eq!(again, Applied::Stale);
    let items = w.db.store.work_items_for_contact(&id).await.expect("items");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].status, "done");
    assert_eq!(items[1].stage, "social_worker_assessment");
    let c = w.db.store.get_contact_detail(&id).await.expect("read").expect("exists");
    assert_eq!(c.version, 2);
    assert!(c.is_referral && c.referral_at.is_some());
    let log = w.db.store.decision_log(&id).await.expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].decided_by_name, "tm");
    assert_eq!(w.db.store.last_holder_of(&id, "initial_analysis").await.expect("holder"), Some(w.tm.clone()));
}

#[tokio::test]
async fn the_home_worklist_names_every_child_of_a_contact() {
    let w = world().await;
    let id = contact(&w, "C-AAA120", t0(), t0() + Duration::hours(24)).await;
    let rows = w.db.store.worklist_for_user(&w.tm, 50).await.expect("worklist");
    let mut mine: Vec<(&str, &str)> = rows.iter().filter(|r| r.contact_id == id).map(|r| (r.person_id.as_str(), r.person_name.as_str())).collect();
    mine.sort_by_key(|m| m.1);
    assert_eq!(mine, vec![(w.children[0].as_str(), "Ava Example"), (w.children[1].as_str(), "Leo Example")]);
}

#[tokio::test]
async fn whoever_decided_keeps_the_contact_open_while_it_is_worked_elsewhere() {
    let w = world().await;
    let mash = w.db.store.create_team(NewTeam { name: "MASH", description: "" }, t0()).await.expect("team");
    let id = contact(&w, "C-AAA119", t0(), t0() + Duration::hours(24)).await;
    let first = w.db.store.work_items_for_contact(&id).await.expect("items")[0].id.clone();
    // The rao is in CASS but never worked this contact: the step moving to MASH takes it away.
    let next = vec![item("strategy_discussion", "cp_worklist", &mash, None, t0() + Duration::days(1))];
    assert_eq!(w.db.store.apply_decision(decision(&id, 1, &first, &w.tm, next), t0()).await.expect("apply"), Applied::Yes { version: 2 });
    assert!(w.db.store.record_in_worklists(&w.tm, domain::audit::RecordKind::Contact, &id).await.expect("access"));
    assert!(!w.db.store.record_in_worklists(&w.rao, domain::audit::RecordKind::Contact, &id).await.expect("access"));
}

#[tokio::test]
async fn closing_cancels_the_other_open_items() {
    let w = world().await;
    let id = contact(&w, "C-AAA113", t0(), t0() + Duration::hours(24)).await;
    let first = w.db.store.work_items_for_contact(&id).await.expect("items")[0].id.clone();
    let next = vec![
        item("social_worker_assessment", "cass_social_worker", &w.team, None, t0() + Duration::days(1)),
        item("partner_checks", "rao_admin_box", &w.team, None, t0() + Duration::days(1)),
    ];
    assert_eq!(w.db.store.apply_decision(decision(&id, 1, &first, &w.tm, next), t0()).await.expect("apply"), Applied::Yes { version: 2 });
    let sw_item = w.db.store.work_items_for_contact(&id).await.expect("items")[1].id.clone();
    let mut close = decision(&id, 2, &sw_item, &w.tm, Vec::new());
    close.cancel_other_items = true;
    close.change.status = "closed";
    close.change.outcome = Some("advice_and_signposting");
    close.change.closed_at = Some(t0());
    assert_eq!(w.db.store.apply_decision(close, t0()).await.expect("apply"), Applied::Yes { version: 3 });
    let statuses: Vec<String> = w.db.store.work_items_for_contact(&id).await.expect("items").into_iter().map(|i| i.status).collect();
    assert_eq!(statuses, vec!["done", "done", "cancelled"]);
    assert!(!w.db.store.record_in_worklists(&w.tm, domain::audit::RecordKind::Contact, &id).await.expect("access"));
}

#[tokio::test]
async fn two_people_claiming_at_once_only_one_gets_it() {
    let w = world().await;
    let id = contact(&w, "C-AAA114", t0(), t0() + Duration::hours(24)).await;
    let item_id = w.db.store.work_items_for_contact(&id).await.expect("items")[0].id.clone();
    // Twenty claims race on the pool at the same time (two people, ten tabs each).
    let mut tasks = Vec::new();
    for i in 0..20 {
        let store: Store = w.db.store.clone();
        let item_id = item_id.clone();
        let user = if i % 2 == 0 { w.rao.clone() } else { w.tm.clone() };
        tasks.push(tokio::spawn(async move { store.claim_work_item(&item_id, &user, t0()).await }));
    }
    let mut wins = 0;
    for t in tasks {
        if t.await.expect("task").expect("claim") {
            wins += 1;
        }
    }
    assert_eq!(wins, 1, "exactly one claim succeeds");
    let held = w.db.store.get_work_item(&item_id).await.expect("read").expect("exists");
    assert!(held.assigned_user_id.is_some());
    let claims = w.db.store.decision_log(&id).await.expect("log").into_iter().filter(|l| l.decision == "claim").count();
    assert_eq!(claims, 1);
    // The holder can release it; someone else cannot.
    let holder = held.assigned_user_id.clone().unwrap_or_default();
    let other = if holder == w.rao { w.tm.clone() } else { w.rao.clone() };
    assert!(!w.db.store.release_work_item(&item_id, &other, t0()).await.expect("release"));
    assert!(w.db.store.release_work_item(&item_id, &holder, t0()).await.expect("release"));
}

#[tokio::test]
async fn reassignment_is_guarded_by_the_item_version() {
    let w = world().await;
    let id = contact(&w, "C-AAA115", t0(), t0() + Duration::hours(24)).await;
    let it = w.db.store.work_items_for_contact(&id).await.expect("items")[0].clone();
    let moved = w.db.store.reassign_work_item(&it.id, it.version, Some(&w.rao), None, "Priya knows the family", &w.tm, t0()).await;
    assert_eq!(moved.expect("reassign"), Applied::Yes { version: it.version + 1 });
    let stale = w.db.store.reassign_work_item(&it.id, it.version, Some(&w.tm), None, "Second thoughts", &w.tm, t0()).await;
    assert_eq!(stale.expect("reassign"), Applied::Stale);
    let now = w.db.store.get_work_item(&it.id).await.expect("read").expect("exists");
    assert_eq!(now.assigned_user_id.as_deref(), Some(w.rao.as_str()));
    let log = w.db.store.decision_log(&id).await.expect("log");
    assert_eq!(log.last().map(|l| (l.decision.as_str(), l.reason.as_str())), Some(("reassign", "Priya knows the family")));
}

#[tokio::test]
async fn worklists_order_by_deadline_and_count_what_is_overdue() {
    let w = world().await;
    let late = contact(&w, "C-AAA116", t0(), t0() - Duration::hours(1)).await;
    let soon = contact(&w, "C-AAA117", t0(), t0() + Duration::hours(3)).await;
    let teams = vec![w.team.clone()];
    let lists = vec!["cass_team_manager".to_string()];
    let pool = w.db.store.worklist_rows(WorklistScope::Unclaimed { team_ids: &teams, worklists: &lists }, 50).await.expect("rows");
    let refs: Vec<&str> = pool.iter().map(|r| r.reference.as_str()).collect();
    assert_eq!(refs, vec!["C-AAA116", "C-AAA117"], "most urgent first");
    assert_eq!(pool[0].children, vec!["Ava Example", "Leo Example"]);
    let counts = w.db.store.worklist_counts(&teams, t0()).await.expect("counts");
    assert_eq!(counts.len(), 1);
    assert_eq!((counts[0].open, counts[0].overdue), (2, 1));
    let first = w.db.store.work_items_for_contact(&late).await.expect("items")[0].id.clone();
    assert!(w.db.store.claim_work_item(&first, &w.tm, t0()).await.expect("claim"));
    let mine = w.db.store.worklist_rows(WorklistScope::AssignedTo(&w.tm), 50).await.expect("rows");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].item.subject_id, late);
    let pool = w.db.store.worklist_rows(WorklistScope::Unclaimed { team_ids: &teams, worklists: &lists }, 50).await.expect("rows");
    assert_eq!(pool.len(), 1);
    assert_eq!(pool[0].item.subject_id, soon);
    let all = w.db.store.worklist_rows(WorklistScope::Teams(&teams), 50).await.expect("rows");
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn child_history_finds_earlier_contacts_and_referrals() {
    let w = world().await;
    let first = contact(&w, "C-AAA118", t0() - Duration::days(3), t0()).await;
    let item_id = w.db.store.work_items_for_contact(&first).await.expect("items")[0].id.clone();
    w.db.store.apply_decision(decision(&first, 1, &item_id, &w.tm, Vec::new()), t0()).await.expect("apply");
    let h = w.db.store.child_history(&w.children[1..], None).await.expect("history");
    assert_eq!(h.contacts, vec![t0() - Duration::days(3)]);
    assert_eq!(h.referrals, vec![t0()]);
    let none = w.db.store.child_history(&w.children[1..], Some(&first)).await.expect("history");
    assert!(none.contacts.is_empty());
}

#[tokio::test]
async fn drafts_are_one_per_form_and_private_to_their_author() {
    let w = world().await;
    let d = |data| NewDraft {
        user_id: &w.rao,
        form_key: "call:abc",
        record_kind: "contact",
        record_id: "abc",
        title: "Call C-1",
        path: "/staff/calls/abc",
        data,
    };
    w.db.store.save_draft(d("{\"concern\":\"first\"}"), t0()).await.expect("save");
    w.db.store.save_draft(d("{\"concern\":\"second\"}"), t0() + Duration::seconds(5)).await.expect("save");
    let got = w.db.store.get_draft(&w.rao, "call:abc").await.expect("get").expect("draft");
    assert_eq!(got.data, "{\"concern\":\"second\"}");
    assert!(w.db.store.get_draft(&w.tm, "call:abc").await.expect("get").is_none());
    assert_eq!(w.db.store.drafts_for_user(&w.rao).await.expect("list").len(), 1);
    assert!(w.db.store.delete_draft(&w.rao, "call:abc").await.expect("delete"));
    assert!(w.db.store.get_draft(&w.rao, "call:abc").await.expect("get").is_none());
}

#[tokio::test]
async fn a_submission_keeps_its_first_outcome_for_its_own_user_until_pruned() {
    let w = world().await;
    let s = &w.db.store;
    assert_eq!(s.submission_outcome(&w.tm, "sub-1").await.expect("read"), None);
    assert!(s.record_submission("sub-1", &w.tm, "contacts/decide", "{\"first\":1}", t0()).await.expect("record"));
    // A second answer for the same id does not replace the first.
    assert!(!s.record_submission("sub-1", &w.tm, "contacts/decide", "{\"second\":2}", t0()).await.expect("record"));
    assert_eq!(s.submission_outcome(&w.tm, "sub-1").await.expect("read").as_deref(), Some("{\"first\":1}"));
    // Another user cannot read it by guessing the id.
    assert_eq!(s.submission_outcome(&w.rao, "sub-1").await.expect("read"), None);
    assert_eq!(s.prune_submissions(t0()).await.expect("prune"), 0);
    assert_eq!(s.prune_submissions(t0() + Duration::days(31)).await.expect("prune"), 1);
    assert_eq!(s.submission_outcome(&w.tm, "sub-1").await.expect("read"), None);
}

#[tokio::test]
async fn worklist_teams_are_configuration() {
    let w = world().await;
    assert_eq!(w.db.store.worklist_team("cp_worklist").await.expect("read"), None);
    let mash = w.db.store.create_team(NewTeam { name: "MASH", description: "" }, t0()).await.expect("team");
    w.db.store.set_worklist_team("cp_worklist", &w.team, &w.tm, t0()).await.expect("set");
    w.db.store.set_worklist_team("cp_worklist", &mash, &w.tm, t0()).await.expect("set");
    assert_eq!(w.db.store.worklist_team("cp_worklist").await.expect("read"), Some(mash.clone()));
    assert_eq!(w.db.store.worklist_teams().await.expect("list"), vec![("cp_worklist".to_string(), mash)]);
}
