//! Storage integration tests. Run on SQLite by default; `TEST_DATABASE_URL=postgres://...` runs
//! the very same tests on PostgreSQL (see storage::testing).

use chrono::{Duration, TimeZone, Utc};
use domain::audit::{AuditAction, RecordKind};
use domain::Role;
use storage::testing::TestDb;
use storage::{Engine, NewAuditEntry, NewContact, NewPerson, NewTeam, NewUser, StorageError, UserUpdate};

fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).single().expect("valid time")
}

async fn db() -> TestDb {
    TestDb::new().await.expect("test database")
}

async fn user(db: &TestDb, username: &str, roles: &[Role], teams: &[String]) -> String {
    db.store
        .create_user(
            NewUser {
                username,
                display_name: username,
                email: "",
                password_hash: "hash",
                must_change_password: false,
                is_demo: false,
                roles,
                team_ids: teams,
            },
            t0(),
        )
        .await
        .expect("create user")
}

#[tokio::test]
async fn migrations_apply_and_sqlite_uses_wal_with_foreign_keys() {
    let db = db().await;
    assert_eq!(db.store.scalar_text("SELECT 1").await.expect("select"), "1");
    if db.engine() == Engine::Sqlite {
        assert_eq!(db.store.scalar_text("PRAGMA journal_mode").await.expect("pragma"), "wal");
        assert_eq!(db.store.scalar_text("PRAGMA foreign_keys").await.expect("pragma"), "1");
    }
    // A second connect to the same database finds nothing left to migrate.
    let again = storage::Store::connect(&db.url, 2).await.expect("reconnect");
    assert_eq!(again.count_users().await.expect("count"), 0);
}

#[tokio::test]
async fn foreign_keys_are_enforced() {
    let db = db().await;
    let err = db
        .store
        .create_contact(
            NewContact { reference: "C-1", person_id: "no-such-person", summary: "", assigned_team_id: None, assigned_user_id: None, received_at: t0() },
            t0(),
        )
        .await;
    assert!(err.is_err(), "a contact about a person who does not exist must be refused");
}

#[tokio::test]
async fn users_roles_and_teams_round_trip() {
    let db = db().await;
    let cass = db.store.create_team(NewTeam { name: "CASS", description: "Front door" }, t0()).await.expect("team");
    let id = user(&db, "tm", &[Role::TeamManager, Role::DutyManager], &[cass.clone()]).await;
    let u = db.store.find_user_by_username("tm").await.expect("find").expect("exists");
    assert_eq!(u.id, id);
    assert_eq!(u.roles, vec![Role::DutyManager, Role::TeamManager]);
    assert_eq!(u.teams.len(), 1);
    assert_eq!(u.teams[0].name, "CASS");
    assert!(u.active);

    let updated = db
        .store
        .update_user(&id, UserUpdate { display_name: "Team Manager", email: "tm@example.org", roles: &[Role::TeamLeader], team_ids: &[] }, t0())
        .await
        .expect("update");
    assert!(updated);
    let u = db.store.get_user(&id).await.expect("get").expect("exists");
    assert_eq!((u.display_name.as_str(), u.roles.as_slice(), u.teams.len()), ("Team Manager", &[Role::TeamLeader][..], 0));

    let dup = db
        .store
        .create_user(
            NewUser { username: "tm", display_name: "x", email: "", password_hash: "h", must_change_password: false, is_demo: false, roles: &[], team_ids: &[] },
            t0(),
        )
        .await;
    assert!(matches!(dup, Err(StorageError::Conflict(_))), "{dup:?}");

    let teams = db.store.list_teams().await.expect("teams");
    assert_eq!((teams.len(), teams[0].member_count, teams[0].version), (1, 0, 1));
    db.store.update_team(&cass, "CASS front door", "", true, t0()).await.expect("rename");
    assert_eq!(db.store.list_teams().await.expect("teams")[0].version, 2);
}

#[tokio::test]
async fn sessions_live_in_the_database_and_expire() {
    let db = db().await;
    let uid = user(&db, "bso", &[Role::BusinessSupportOfficer], &[]).await;
    db.store.create_session("hash-a", &uid, "127.0.0.1", "test", t0()).await.expect("session");
    db.store.create_session("hash-b", &uid, "127.0.0.1", "test", t0() + Duration::hours(2)).await.expect("session");
    let s = db.store.get_session("hash-a").await.expect("get").expect("exists");
    assert_eq!(s.user_id, uid);
    db.store.touch_session("hash-a", t0() + Duration::minutes(5)).await.expect("touch");
    let s = db.store.get_session("hash-a").await.expect("get").expect("exists");
    assert_eq!(s.last_seen_at, t0() + Duration::minutes(5));

    // Idle for more than 30 minutes at t0+1h: hash-a goes, hash-b (created later) stays.
    let removed = db
        .store
        .delete_expired_sessions(t0() + Duration::minutes(30), t0() - Duration::hours(12))
        .await
        .expect("expire");
    assert_eq!(removed, 1);
    assert!(db.store.get_session("hash-a").await.expect("get").is_none());
    assert!(db.store.get_session("hash-b").await.expect("get").is_some());

    db.store.set_user_active(&uid, false, t0()).await.expect("disable");
    assert!(db.store.get_session("hash-b").await.expect("get").is_none(), "disabling signs the user out everywhere");
}

#[tokio::test]
async fn sign_in_failures_are_counted_per_account_and_address() {
    let db = db().await;
    for i in 0..3 {
        db.store.record_sign_in_failure("tm", "10.0.0.1", t0() + Duration::minutes(i)).await.expect("record");
    }
    db.store.record_sign_in_failure("rao", "10.0.0.1", t0()).await.expect("record");
    db.store.record_sign_in_failure("tm", "10.0.0.2", t0() - Duration::hours(1)).await.expect("record");
    let since = t0() - Duration::minutes(15);
    assert_eq!(db.store.count_sign_in_failures("tm", "10.0.0.1", since).await.expect("count"), (3, 4));
    db.store.clear_sign_in_failures("tm").await.expect("clear");
    assert_eq!(db.store.count_sign_in_failures("tm", "10.0.0.1", since).await.expect("count"), (0, 1));
}

#[tokio::test]
async fn worklists_decide_whether_a_record_needs_a_reason() {
    let db = db().await;
    let cass = db.store.create_team(NewTeam { name: "CASS", description: "" }, t0()).await.expect("team");
    let eh = db.store.create_team(NewTeam { name: "Early Help", description: "" }, t0()).await.expect("team");
    let in_cass = user(&db, "rao", &[Role::ReferralAndAdviceOfficer], &[cass.clone()]).await;
    let in_eh = user(&db, "eh", &[Role::EarlyHelpManager], &[eh]).await;
    let child = db
        .store
        .create_person(NewPerson { given_name: "Ada", family_name: "Example", date_of_birth: None, address: "", postcode: "AB1 2CD" }, t0())
        .await
        .expect("person");
    let contact = db
        .store
        .create_contact(
            NewContact { reference: "C-100", person_id: &child, summary: "Concern", assigned_team_id: Some(&cass), assigned_user_id: None, received_at: t0() },
            t0(),
        )
        .await
        .expect("contact");

    assert!(db.store.record_in_worklists(&in_cass, RecordKind::Person, &child).await.expect("check"));
    assert!(db.store.record_in_worklists(&in_cass, RecordKind::Contact, &contact).await.expect("check"));
    assert!(!db.store.record_in_worklists(&in_eh, RecordKind::Person, &child).await.expect("check"));

    let list = db.store.worklist_for_user(&in_cass, 50).await.expect("worklist");
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].reference.as_str(), list[0].person_name.as_str(), list[0].worklist.as_str()), ("C-100", "Ada Example", "CASS"));
    assert!(db.store.worklist_for_user(&in_eh, 50).await.expect("worklist").is_empty());

    assert_eq!(db.store.access_grant("tok", RecordKind::Person, &child).await.expect("grant"), None);
    db.store.grant_access("tok", RecordKind::Person, &child, "Police welfare check", t0()).await.expect("grant");
    db.store.grant_access("tok", RecordKind::Person, &child, "Second reason", t0()).await.expect("grant again");
    assert_eq!(db.store.access_grant("tok", RecordKind::Person, &child).await.expect("grant").as_deref(), Some("Second reason"));
}

#[tokio::test]
async fn audit_entries_are_append_only_in_the_database_itself() {
    let db = db().await;
    let id = db
        .store
        .append_audit(NewAuditEntry {
            at: t0(),
            user_id: Some("u1"),
            username: "rao",
            roles: "referral_and_advice_officer",
            action: AuditAction::Read,
            record_kind: RecordKind::Person,
            record_id: "p1",
            summary: "Opened the record",
            reason: None,
            ip: "127.0.0.1",
            request_id: "req-1",
        })
        .await
        .expect("append");
    let entries = db.store.audit_for_record(RecordKind::Person, "p1", 10).await.expect("read");
    assert_eq!(entries.len(), 1);
    assert_eq!((entries[0].id.as_str(), entries[0].action, entries[0].username.as_str()), (id.as_str(), AuditAction::Read, "rao"));

    let update = db.store.execute_raw_for_tests("UPDATE audit_events SET username = 'someone else'").await;
    assert!(update.is_err(), "UPDATE of audit_events must be refused by the database");
    let delete = db.store.execute_raw_for_tests("DELETE FROM audit_events").await;
    assert!(delete.is_err(), "DELETE from audit_events must be refused by the database");
    let entries = db.store.audit_for_record(RecordKind::Person, "p1", 10).await.expect("read");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].username, "rao");
}

#[tokio::test]
async fn rule_sets_are_versioned_with_one_in_force() {
    let db = db().await;
    let v1 = db.store.insert_rule_set("framework", "rhrt-1", "{}", "admin", t0()).await.expect("v1");
    let v2 = db.store.insert_rule_set("framework", "rhrt-2", "{}", "admin", t0() + Duration::minutes(1)).await.expect("v2");
    let dup = db.store.insert_rule_set("framework", "rhrt-1", "{}", "admin", t0()).await;
    assert!(matches!(dup, Err(StorageError::Conflict(_))));
    db.store.insert_rule_set("scripts", "rhrt-1", "{}", "admin", t0()).await.expect("same version, other kind");

    assert!(db.store.active_rule_set("framework").await.expect("active").is_none());
    assert!(db.store.activate_rule_set(&v1, "framework", "admin", t0()).await.expect("activate"));
    assert!(db.store.activate_rule_set(&v2, "framework", "admin", t0()).await.expect("activate"));
    let active = db.store.active_rule_set("framework").await.expect("active").expect("one");
    assert_eq!(active.version, "rhrt-2");
    let all = db.store.list_rule_sets("framework").await.expect("list");
    let statuses: Vec<(&str, &str)> = all.iter().map(|r| (r.version.as_str(), r.status.as_str())).collect();
    assert_eq!(statuses, vec![("rhrt-2", "active"), ("rhrt-1", "superseded")]);
    assert!(!db.store.activate_rule_set(&v1, "scripts", "admin", t0()).await.expect("wrong kind"), "an id of another kind is not activated");

    // The database itself refuses a second active version of a kind.
    let second = db.store.execute_raw_for_tests(&format!("UPDATE rule_sets SET status = 'active' WHERE id = '{v1}'")).await;
    assert!(second.is_err());
}

#[tokio::test]
async fn added_non_working_days_and_level_decisions() {
    let db = db().await;
    let day = chrono::NaiveDate::from_ymd_opt(2027, 6, 7).expect("date");
    db.store.add_non_working_day(day, "Royal event", "admin", t0()).await.expect("add");
    assert!(matches!(db.store.add_non_working_day(day, "Again", "admin", t0()).await, Err(StorageError::Conflict(_))));
    let days = db.store.non_working_days().await.expect("days");
    assert_eq!((days.len(), days[0].day, days[0].title.as_str()), (1, day, "Royal event"));
    assert!(db.store.remove_non_working_day(day).await.expect("remove"));
    assert!(db.store.non_working_days().await.expect("days").is_empty());

    let uid = user(&db, "sw", &[Role::CassSocialWorker], &[]).await;
    let child = db
        .store
        .create_person(NewPerson { given_name: "Ada", family_name: "Example", date_of_birth: None, address: "", postcode: "" }, t0())
        .await
        .expect("person");
    let contact = db
        .store
        .create_contact(NewContact { reference: "C-9", person_id: &child, summary: "", assigned_team_id: None, assigned_user_id: None, received_at: t0() }, t0())
        .await
        .expect("contact");
    db.store
        .record_level_decision(storage::NewLevelDecision {
            contact_id: &contact,
            level: "additional_needs",
            suggested: "universal_plus",
            indicators: "[\"school-attendance\"]",
            framework_version: "rhrt-2026.1",
            scripts_version: "cass-scripts-2026.1",
            script_id: "phone-professional",
            answers: "{}",
            rationale: "Attendance has fallen sharply this term",
            departure_reason: Some("Two agencies are already involved"),
            previous_level: None,
            decided_by: &uid,
            decided_at: t0(),
        })
        .await
        .expect("decision");
    let ds = db.store.level_decisions_for_contact(&contact).await.expect("decisions");
    assert_eq!(ds.len(), 1);
    assert_eq!((ds[0].level.as_str(), ds[0].framework_version.as_str(), ds[0].decided_by_name.as_str()), ("additional_needs", "rhrt-2026.1", "sw"));
    assert_eq!(ds[0].departure_reason.as_deref(), Some("Two agencies are already involved"));
}

#[tokio::test]
async fn contacts_are_found_by_reference_in_any_case_with_or_without_hyphens() {
    let db = db().await;
    let child = db
        .store
        .create_person(NewPerson { given_name: "Ada", family_name: "Example", date_of_birth: None, address: "", postcode: "" }, t0())
        .await
        .expect("person");
    for reference in ["C-ABCD-EF23", "RFS-ABCD-EF23"] {
        db.store
            .create_contact(NewContact { reference, person_id: &child, summary: "", assigned_team_id: None, assigned_user_id: None, received_at: t0() }, t0())
            .await
            .expect("contact");
    }
    let refs = |found: Vec<storage::ContactRecord>| found.into_iter().map(|c| c.reference).collect::<Vec<_>>();
    assert_eq!(refs(db.store.contacts_by_reference("C-ABCD-EF23", "CABCDEF23").await.expect("exact")), vec!["C-ABCD-EF23"]);
    assert_eq!(refs(db.store.contacts_by_reference("cabcdef23", "CABCDEF23").await.expect("compact")), vec!["C-ABCD-EF23"]);
    assert_eq!(refs(db.store.contacts_by_reference("rfs-abcd-ef23", "RFSABCDEF23").await.expect("lower")), vec!["RFS-ABCD-EF23"]);
    assert!(db.store.contacts_by_reference("C-ABCD", "CABCD").await.expect("partial").is_empty(), "a part of a reference finds nothing");
    assert!(db.store.inbox_items_for_contact("none").await.expect("inbox").is_empty());
}
