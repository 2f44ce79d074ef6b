//! Hearing about work-item changes, on whichever engine TEST_DATABASE_URL names: PostgreSQL by
//! LISTEN/NOTIFY from the trigger, SQLite by the trigger's counter. A change made through another
//! handle on the database (another server instance) is heard; quiet means no news.

use chrono::{Duration, TimeZone, Utc};
use std::time::Duration as StdDuration;
use storage::testing::TestDb;
use storage::{NewCaseContact, NewPerson, NewTeam, NewWorkItem, Referrer, Store};

#[tokio::test]
async fn a_change_through_another_instance_is_heard_and_quiet_is_quiet() {
    let db = TestDb::new().await.expect("db");
    let t0 = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).single().expect("time");
    let team = db.store.create_team(NewTeam { name: "CASS", description: "" }, t0).await.expect("team");
    let child = db.store.create_person(NewPerson { given_name: "A", family_name: "B", date_of_birth: None, address: "", postcode: "" }, t0).await.expect("person");
    let mut listener = db.store.change_listener(&db.url).await.expect("listen");
    assert!(tokio::time::timeout(StdDuration::from_millis(1500), listener.next_change()).await.is_err(), "nothing changed yet");

    // A second store on the same database stands for another server instance.
    let other = Store::connect(&db.url, 2).await.expect("second instance");
    let children = [child];
    let item = NewWorkItem {
        stage: "initial_analysis",
        worklist: "cass_team_manager",
        team_id: Some(&team),
        assigned_user_id: None,
        timescale: "contact_initial_response",
        started_at: t0,
        due_at: t0 + Duration::days(1),
        calendar_version: "test",
    };
    let contact = NewCaseContact {
        reference: "C-LIVE-0001",
        status: "open",
        channel: "inbox",
        caller_kind: None,
        summary: "",
        concern: "",
        referrer: Referrer::default(),
        contact_source: "10",
        flow: "{}",
        level: None,
        received_at: t0,
        created_by: "",
        children: &children,
        repeat_within_7_days: false,
        referral_within_12_months: false,
        first_items: vec![item],
    };
    other.create_case_contact(contact, t0).await.expect("contact");
    tokio::time::timeout(StdDuration::from_secs(10), listener.next_change()).await.expect("heard within seconds").expect("no error");
    assert!(tokio::time::timeout(StdDuration::from_millis(1500), listener.next_change()).await.is_err(), "one change, one piece of news");
}
