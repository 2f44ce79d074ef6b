//! The facts behind Ofsted's Annex A lists, on whichever engine TEST_DATABASE_URL names: one row
//! per child per contact in the period, referrals with the child's other referrals and the team
//! and worker holding them, and children's gender and ethnicity kept beside the person index.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use domain::Role;
use storage::testing::TestDb;
use storage::{NewCaseContact, NewPerson, NewTeam, NewUser, NewWorkItem, Referrer};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).single().expect("valid time")
}

struct World {
    db: TestDb,
    team: String,
    worker: String,
}

async fn world() -> World {
    let db = TestDb::new().await.expect("db");
    let team = db.store.create_team(NewTeam { name: "ASTI", description: "" }, t0()).await.expect("team");
    let user = NewUser {
        username: "sw",
        display_name: "A Social Worker",
        email: "",
        password_hash: "h",
        must_change_password: false,
        is_demo: false,
        roles: &[Role::CassSocialWorker],
        team_ids: std::slice::from_ref(&team),
    };
    let worker = db.store.create_user(user, t0()).await.expect("user");
    World { db, team, worker }
}

async fn person(w: &World, given: &str, dob: Option<NaiveDate>) -> String {
    let p = NewPerson { given_name: given, family_name: "Annex", date_of_birth: dob, address: "", postcode: "" };
    w.db.store.create_person(p, t0()).await.expect("person")
}

async fn contact(w: &World, reference: &str, received: DateTime<Utc>, source: &str, children: &[String], holder: Option<&str>) -> String {
    let item = NewWorkItem {
        stage: "family_assessment",
        worklist: "asti",
        team_id: Some(&w.team),
        assigned_user_id: holder,
        timescale: "contact_initial_response",
        started_at: received,
        due_at: received + Duration::days(1),
        calendar_version: "test",
    };
    let c = NewCaseContact {
        reference,
        status: "open",
        channel: "phone",
        caller_kind: None,
        summary: "",
        concern: "",
        referrer: Referrer::default(),
        contact_source: source,
        flow: "{}",
        level: None,
        received_at: received,
        created_by: &w.worker,
        children,
        repeat_within_7_days: false,
        referral_within_12_months: false,
        first_items: vec![item],
    };
    w.db.store.create_case_contact(c, t0()).await.expect("contact")
}

async fn make_referral(w: &World, contact: &str, at: DateTime<Utc>) {
    let sql = format!("UPDATE contacts SET is_referral = 1, referral_at = '{}' WHERE id = '{contact}'", storage::time::to_db(at));
    w.db.store.execute_raw_for_tests(&sql).await.expect("referral");
}

#[tokio::test]
async fn list_1_has_each_child_on_each_contact_in_the_period() {
    let w = world().await;
    let s = &w.db.store;
    let ava = person(&w, "Ava", NaiveDate::from_ymd_opt(2015, 3, 27)).await;
    let leo = person(&w, "Leo", None).await;
    assert!(s.set_person_demographics(&ava, "female", "WBRI", t0()).await.expect("set"));
    assert_eq!(s.person_demographics(&ava).await.expect("read"), Some(("female".into(), "WBRI".into())));
    assert_eq!(s.person_demographics(&leo).await.expect("read"), Some(("not_stated".into(), "NOBT".into())), "defaults");

    let siblings = [ava.clone(), leo.clone()];
    let both = contact(&w, "C-1", t0(), "2A", &siblings, None).await;
    contact(&w, "C-2", t0() - Duration::days(1), "6", std::slice::from_ref(&ava), None).await;
    contact(&w, "C-3", t0() + Duration::days(30), "6", std::slice::from_ref(&ava), None).await;

    let rows = s.annex_a_contacts(t0(), t0() + Duration::days(30)).await.expect("list 1");
    assert_eq!(rows.len(), 2, "C-1 for each sibling; C-2 before and C-3 at the end are outside: {rows:?}");
    assert!(rows.iter().all(|r| r.contact_id == both && r.source == "2A" && r.received_at == t0()));
    let a = rows.iter().find(|r| r.child.person_id == ava).expect("ava");
    assert_eq!((a.child.gender.as_str(), a.child.ethnicity.as_str(), a.child.date_of_birth), ("female", "WBRI", NaiveDate::from_ymd_opt(2015, 3, 27)));
}

#[tokio::test]
async fn list_3_has_referrals_with_the_childs_others_and_who_holds_them() {
    let w = world().await;
    let s = &w.db.store;
    let ava = person(&w, "Ava", None).await;
    let kids = [ava.clone()];
    // Over a year before the period: not needed for the 12-month count, so not read.
    let long_ago = contact(&w, "C-09", t0() - Duration::days(400), "3B", &kids, None).await;
    make_referral(&w, &long_ago, t0() - Duration::days(399)).await;
    let earlier = contact(&w, "C-10", t0() - Duration::days(200), "3B", &kids, None).await;
    make_referral(&w, &earlier, t0() - Duration::days(199)).await;
    let now = contact(&w, "C-11", t0(), "6", &kids, Some(&w.worker)).await;
    make_referral(&w, &now, t0() + Duration::hours(2)).await;
    contact(&w, "C-12", t0(), "6", &kids, None).await; // a contact, not a referral

    let rows = s.annex_a_referrals(t0(), t0() + Duration::days(1)).await.expect("list 3");
    assert_eq!(rows.len(), 1, "{rows:?}");
    let r = &rows[0];
    assert_eq!((r.contact_id.as_str(), r.source.as_str(), r.status.as_str()), (now.as_str(), "6", "open"));
    assert_eq!(r.referral_at, t0() + Duration::hours(2));
    let mut others = r.child_referrals.clone();
    others.sort();
    assert_eq!(others, vec![t0() - Duration::days(199), t0() + Duration::hours(2)]);
    assert_eq!((r.team.as_str(), r.worker.as_str()), ("ASTI", "A Social Worker"));
}

#[tokio::test]
async fn performance_facts_have_each_contact_with_its_first_decision_and_team_filter() {
    let w = world().await;
    let s = &w.db.store;
    let ava = person(&w, "Ava", None).await;
    let kids = [ava.clone()];
    let decided = contact(&w, "C-20", t0(), "2A", &kids, Some(&w.worker)).await;
    let later = t0() + Duration::hours(5);
    s.execute_raw_for_tests(&format!(
        "UPDATE work_items SET status = 'done', completed_at = '{}' WHERE subject_id = '{decided}'",
        storage::time::to_db(later)
    ))
    .await
    .expect("decided");
    make_referral(&w, &decided, later).await;
    let waiting = contact(&w, "C-21", t0() + Duration::hours(1), "6", &kids, None).await;
    let other_team = s.create_team(NewTeam { name: "Other", description: "" }, t0()).await.expect("team");

    let rows = s.performance_facts(t0(), t0() + Duration::days(1), None).await.expect("facts");
    assert_eq!(rows.iter().map(|r| r.contact_id.as_str()).collect::<Vec<_>>(), vec![decided.as_str(), waiting.as_str()]);
    assert_eq!((rows[0].first_decided_at, rows[0].is_referral, rows[0].source.as_str()), (Some(later), true, "2A"));
    assert_eq!((rows[1].first_decided_at, rows[1].is_referral), (None, false));
    assert_eq!(s.performance_facts(t0(), t0() + Duration::days(1), Some(&w.team)).await.expect("team").len(), 2);
    assert!(s.performance_facts(t0(), t0() + Duration::days(1), Some(&other_team)).await.expect("other").is_empty());
}

/// The benchmark's loader (`bulk_load_contacts`) writes contacts the dashboard and the lists
/// read exactly as they read contacts made one at a time, so its figures are the service's.
#[tokio::test]
async fn bulk_loaded_contacts_are_read_like_any_other() {
    let w = world().await;
    let (ava, leo) = (person(&w, "Ava", None).await, person(&w, "Leo", None).await);
    let item = |completed: Option<DateTime<Utc>>, holder: Option<&str>| storage::BulkItem {
        stage: "initial_analysis".into(),
        worklist: "cass_tm".into(),
        team_id: w.team.clone(),
        assigned_user_id: holder.map(String::from),
        started_at: t0(),
        due_at: t0() + Duration::days(1),
        completed_at: completed,
    };
    let contacts = vec![
        storage::BulkContact {
            received_at: t0(),
            children: vec![ava.clone(), leo.clone()],
            source: "1B".into(),
            level: Some("universal_plus".into()),
            referral_at: Some(t0() + Duration::hours(20)),
            re_referral: false,
            outcome: Some("strategy_discussion".into()),
            items: vec![item(Some(t0() + Duration::hours(3)), Some(&w.worker))],
        },
        storage::BulkContact {
            received_at: t0() + Duration::days(1),
            children: vec![ava.clone()],
            source: "3A".into(),
            level: None,
            referral_at: None,
            re_referral: false,
            outcome: None,
            items: vec![item(None, None)],
        },
    ];
    let ids = w.db.store.bulk_load_contacts(&contacts, "BULK", 1).await.expect("load");
    assert_eq!(ids.len(), 2);
    let list_1 = w.db.store.annex_a_contacts(t0(), t0() + Duration::days(7)).await.expect("list 1");
    assert_eq!(list_1.iter().map(|c| (c.contact_id.as_str(), c.source.as_str())).collect::<Vec<_>>(), vec![(ids[0].as_str(), "1B"), (ids[0].as_str(), "1B"), (ids[1].as_str(), "3A")]);
    let list_3 = w.db.store.annex_a_referrals(t0(), t0() + Duration::days(7)).await.expect("list 3");
    assert_eq!(list_3.len(), 2, "one row per child on the referral");
    assert!(list_3.iter().all(|r| r.worker == "A Social Worker" && r.child_referrals.len() == 1));
    assert!(!list_3[0].clone().line().nfa, "a strategy discussion followed");
    let counts = w.db.store.worklist_counts(std::slice::from_ref(&w.team), t0()).await.expect("counts");
    assert_eq!(counts.iter().map(|c| c.open).sum::<i64>(), 1, "only the open contact's item is on a worklist");
    let facts = w.db.store.performance_facts(t0(), t0() + Duration::days(7), None).await.expect("facts");
    assert_eq!(facts.len(), 2);
    assert_eq!(facts[0].first_decided_at, Some(t0() + Duration::hours(3)));
}
