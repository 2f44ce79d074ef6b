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
