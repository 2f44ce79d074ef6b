//! Case notes, letter templates, communications and job leases, on SQLite by default and on
//! PostgreSQL with TEST_DATABASE_URL (see storage::testing).

use chrono::{Duration, TimeZone, Utc};
use domain::Role;
use storage::testing::TestDb;
use storage::{NewCaseNote, NewCommunication, NewContact, NewPerson, NewUser, Store, VersionedSave};

fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).single().expect("valid time")
}

async fn db() -> TestDb {
    TestDb::new().await.expect("test database")
}

async fn user(store: &Store, username: &str) -> String {
    store
        .create_user(
            NewUser {
                username,
                display_name: username,
                email: "",
                password_hash: "hash",
                must_change_password: false,
                is_demo: false,
                roles: &[Role::ReferralAndAdviceOfficer],
                team_ids: &[],
            },
            t0(),
        )
        .await
        .expect("create user")
}

async fn child(store: &Store, given: &str, postcode: &str) -> String {
    store
        .create_person(NewPerson { given_name: given, family_name: "Example", date_of_birth: None, address: "1 Street", postcode }, t0())
        .await
        .expect("person")
}

async fn contact(store: &Store, reference: &str, person: &str) -> String {
    store
        .create_contact(NewContact { reference, person_id: person, summary: "Concern", assigned_team_id: None, assigned_user_id: None, received_at: t0() }, t0())
        .await
        .expect("contact")
}

#[tokio::test]
async fn a_note_written_once_shows_on_every_linked_sibling() {
    let db = db().await;
    let s = &db.store;
    let rao = user(s, "rao").await;
    let (a, b, c) = (child(s, "Ava", "AB1 2CD").await, child(s, "Leo", "ab12cd").await, child(s, "Mia", "AB1 2CD").await);
    let other = child(s, "Zed", "ZZ9 9ZZ").await;
    let k = contact(s, "C-1", &a).await;
    let text = "OFSTED suitability check answered.\n\n".repeat(2_000);
    let ids = vec![a.clone(), b.clone(), c.clone(), a.clone()];
    let id = s
        .add_case_note(NewCaseNote { note_type: "ofsted_suitability_check", body: &text, contact_id: Some(&k), author_id: &rao, person_ids: &ids }, t0())
        .await
        .expect("note");
    for p in [&a, &b, &c] {
        let notes = s.case_notes_for_person(p).await.expect("notes");
        assert_eq!(notes.len(), 1, "on {p}");
        assert_eq!(notes[0].id, id);
        assert_eq!(notes[0].body, text, "long text kept whole");
        assert_eq!(notes[0].people.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), vec!["Ava Example", "Leo Example", "Mia Example"]);
        assert_eq!(notes[0].contact_reference.as_deref(), Some("C-1"));
        assert_eq!(notes[0].author_name, "rao");
    }
    assert!(s.case_notes_for_person(&other).await.expect("notes").is_empty());
    assert_eq!(s.case_notes_for_contact(&k).await.expect("notes").len(), 1);

    // The stop-gap household: same address and postcode, however the postcode is spaced.
    let household: Vec<String> = s.people_at_same_address(&a).await.expect("household").into_iter().map(|p| p.given_name).collect();
    assert_eq!(household, vec!["Ava", "Leo", "Mia"]);
}

#[tokio::test]
async fn notes_are_withdrawn_and_restored_never_deleted() {
    let db = db().await;
    let s = &db.store;
    let rao = user(s, "rao").await;
    let tm = user(s, "tm").await;
    let a = child(s, "Ava", "AB1 2CD").await;
    let ids = vec![a.clone()];
    let id = s.add_case_note(NewCaseNote { note_type: "phone_call", body: "Called mum", contact_id: None, author_id: &rao, person_ids: &ids }, t0()).await.expect("note");

    assert!(s.withdraw_case_note(&id, &rao, "Written on the wrong child", t0()).await.expect("withdraw"));
    assert!(!s.withdraw_case_note(&id, &tm, "Twice", t0()).await.expect("second withdraw refused"), "one withdrawal in force");
    let note = s.case_note(&id).await.expect("read").expect("still there");
    let w = note.withdrawal.expect("withdrawn");
    assert_eq!((w.by_name.as_str(), w.reason.as_str(), w.at), ("rao", "Written on the wrong child", t0()));
    assert_eq!(s.case_notes_for_person(&a).await.expect("notes").len(), 1, "a withdrawn note is still listed (marked)");

    assert!(s.restore_case_note(&id, &tm, t0() + Duration::hours(2)).await.expect("restore"));
    assert!(!s.restore_case_note(&id, &tm, t0()).await.expect("restore again"), "nothing to restore");
    assert!(s.case_note(&id).await.expect("read").expect("note").withdrawal.is_none());
    // Withdrawn again later: both withdrawals are kept.
    assert!(s.withdraw_case_note(&id, &tm, "Duplicate of the earlier note", t0() + Duration::hours(3)).await.expect("withdraw"));
    assert_eq!(s.case_note_withdrawal_count(&id).await.expect("count"), 2);
}

#[tokio::test]
async fn template_versions_are_all_kept() {
    let db = db().await;
    let s = &db.store;
    assert!(s.insert_letter_template_if_missing("outcomes_letter", "Subject", "Body v1", t0()).await.expect("default"));
    assert!(!s.insert_letter_template_if_missing("outcomes_letter", "Other", "Other", t0()).await.expect("exists"));
    assert_eq!(s.save_letter_template("outcomes_letter", "Subject", "Body v2", 1, "admin", t0()).await.expect("save"), VersionedSave::Saved { version: 2 });
    assert_eq!(s.save_letter_template("outcomes_letter", "Subject", "Late", 1, "admin2", t0()).await.expect("stale"), VersionedSave::Stale { current: 2 });
    assert_eq!(s.save_letter_template("no_such_letter", "S", "B", 1, "admin", t0()).await.expect("missing"), VersionedSave::NotFound);
    let current = s.letter_template("outcomes_letter").await.expect("read").expect("template");
    assert_eq!((current.version, current.body.as_str(), current.updated_by.as_str()), (2, "Body v2", "admin"));
    let versions: Vec<(i64, String)> = s.letter_template_versions("outcomes_letter").await.expect("versions").into_iter().map(|v| (v.version, v.body)).collect();
    assert_eq!(versions, vec![(2, "Body v2".to_string()), (1, "Body v1".to_string())]);
}

fn email<'a>(key: &'a str, contact: &'a str) -> NewCommunication<'a> {
    NewCommunication {
        idempotency_key: key,
        contact_id: contact,
        letter_kind: "outcomes_letter",
        template_version: 1,
        recipient_name: "Alex Example",
        recipient_role: "referring_professional",
        channel: "email",
        recipient_email: "alex@example.org",
        recipient_address: "",
        subject: "Outcome",
        body: "Dear Alex",
        status: "queued",
        created_by: "rao",
    }
}

#[tokio::test]
async fn queueing_is_idempotent_and_posted_letters_wait_for_printing() {
    let db = db().await;
    let s = &db.store;
    let a = child(s, "Ava", "AB1 2CD").await;
    let k = contact(s, "C-1", &a).await;
    let (id, new) = s.queue_communication(email("k1", &k), t0()).await.expect("queue");
    assert!(new);
    assert_eq!(s.queue_communication(email("k1", &k), t0()).await.expect("again"), (id.clone(), false));
    let post = NewCommunication { channel: "post", status: "ready_to_print", recipient_email: "", recipient_address: "2 Road\nTown", ..email("k2", &k) };
    let (letter, _) = s.queue_communication(post, t0()).await.expect("post");
    assert_eq!(s.communications_for_contact(&k).await.expect("list").len(), 2);
    assert_eq!(s.communications_for_person(&a).await.expect("list").len(), 2);
    assert_eq!(s.communications_to_print(10).await.expect("print list").len(), 1);
    // Posted letters are never claimed for e-mail.
    let claimed = s.claim_due_emails("i1", t0(), Duration::minutes(5), 10).await.expect("claim");
    assert_eq!(claimed.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), vec![id.as_str()]);
    assert!(s.mark_communication_printed(&letter, "bso", t0()).await.expect("printed"));
    assert!(!s.mark_communication_printed(&letter, "bso", t0()).await.expect("twice"), "only once");
    let row = s.communication(&letter).await.expect("read").expect("row");
    assert_eq!((row.status.as_str(), row.printed_by.as_deref()), ("printed", Some("bso")));
}

#[tokio::test]
async fn two_instances_racing_for_one_email_only_one_wins() {
    let db = db().await;
    let s = db.store.clone();
    let a = child(&s, "Ava", "AB1 2CD").await;
    let k = contact(&s, "C-1", &a).await;
    for round in 0..10 {
        let key = format!("race-{round}");
        s.queue_communication(email(&key, &k), t0()).await.expect("queue");
        let tasks: Vec<_> = ["one", "two"]
            .into_iter()
            .map(|holder| {
                let s = s.clone();
                tokio::spawn(async move { s.claim_due_emails(holder, t0(), Duration::minutes(5), 10).await.expect("claim").len() })
            })
            .collect();
        let mut total = 0;
        for t in tasks {
            total += t.await.expect("task");
        }
        assert_eq!(total, 1, "round {round}: exactly one instance claims the e-mail");
        // Mark every claimed one sent so the next round has one fresh e-mail.
        for c in s.communications_for_contact(&k).await.expect("list") {
            for holder in ["one", "two"] {
                s.communication_sent(&c.id, holder, t0()).await.expect("sent");
            }
        }
    }
}

#[tokio::test]
async fn a_failed_email_is_retried_later_and_never_lost() {
    let db = db().await;
    let s = &db.store;
    let a = child(s, "Ava", "AB1 2CD").await;
    let k = contact(s, "C-1", &a).await;
    let (id, _) = s.queue_communication(email("k", &k), t0()).await.expect("queue");
    assert_eq!(s.claim_due_emails("i1", t0(), Duration::minutes(5), 10).await.expect("claim").len(), 1);
    // Held by i1: nobody else can take it while the lease runs.
    assert!(s.claim_due_emails("i2", t0() + Duration::minutes(1), Duration::minutes(5), 10).await.expect("claim").is_empty());
    assert!(!s.communication_failed(&id, "i2", "not mine", t0(), t0()).await.expect("not holder"));
    assert!(s.communication_failed(&id, "i1", "connection refused", t0() + Duration::minutes(10), t0()).await.expect("failed"));
    let row = s.communication(&id).await.expect("read").expect("row");
    assert_eq!((row.status.as_str(), row.attempts, row.last_error.as_deref()), ("failed_retrying", 1, Some("connection refused")));
    assert_eq!(s.failed_communications(10).await.expect("failed list").len(), 1);
    assert!(s.claim_due_emails("i1", t0() + Duration::minutes(9), Duration::minutes(5), 10).await.expect("early").is_empty(), "not before its time");
    assert_eq!(s.claim_due_emails("i2", t0() + Duration::minutes(10), Duration::minutes(5), 10).await.expect("due").len(), 1);
    assert!(s.communication_sent(&id, "i2", t0() + Duration::minutes(10)).await.expect("sent"));
    let row = s.communication(&id).await.expect("read").expect("row");
    assert_eq!((row.status.as_str(), row.attempts, row.last_error), ("sent".to_string().as_str(), 2, None));
    assert!(s.failed_communications(10).await.expect("failed list").is_empty());

    // A lease that ran out (the instance died mid-send) is taken over.
    let (id2, _) = s.queue_communication(email("k2", &k), t0()).await.expect("queue");
    assert_eq!(s.claim_due_emails("dead", t0(), Duration::minutes(5), 10).await.expect("claim").len(), 1);
    let taken = s.claim_due_emails("alive", t0() + Duration::minutes(5), Duration::minutes(5), 10).await.expect("claim");
    assert_eq!(taken.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), vec![id2.as_str()]);
    assert!(s.retry_communication_now(&id2, t0()).await.is_ok());
}

#[tokio::test]
async fn a_once_per_period_job_is_claimed_by_one_instance() {
    let db = db().await;
    let s = db.store.clone();
    let tasks: Vec<_> = (0..4)
        .map(|i| {
            let s = s.clone();
            tokio::spawn(async move { s.try_claim_job("chasers", &format!("instance-{i}"), t0(), Duration::hours(24)).await.expect("claim") })
        })
        .collect();
    let mut winners = 0;
    for t in tasks {
        winners += usize::from(t.await.expect("task"));
    }
    assert_eq!(winners, 1);
    assert!(!s.try_claim_job("chasers", "instance-0", t0() + Duration::hours(23), Duration::hours(24)).await.expect("same period"));
    assert!(s.try_claim_job("chasers", "instance-3", t0() + Duration::hours(24), Duration::hours(24)).await.expect("next period"));
    assert!(s.try_claim_job("retention", "instance-3", t0(), Duration::hours(24)).await.expect("another job"));
}
