//! Inbox e-mails on whichever engine TEST_DATABASE_URL names: stored once per SHA-256, attachments
//! kept byte for byte, one holder at a time, decisions written with what they create or not at all.

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::Role;
use storage::testing::TestDb;
use storage::{
    Imported, InboxDecided, InboxDecisionWrite, NewAttachment, NewCaseContact, NewInboxMail, NewPerson, NewTeam, NewUser, NewWorkItem,
    Referrer, WorklistScope, NOT_SCANNED,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).single().expect("valid time")
}

async fn user(db: &TestDb, name: &str, team: &str) -> String {
    db.store
        .create_user(
            NewUser {
                username: name,
                display_name: name,
                email: "",
                password_hash: "h",
                must_change_password: false,
                is_demo: false,
                roles: &[Role::BusinessSupportOfficer],
                team_ids: &[team.to_string()],
            },
            t0(),
        )
        .await
        .expect("user")
}

fn mail<'a>(raw: &'a [u8], attachments: Vec<NewAttachment<'a>>) -> NewInboxMail<'a> {
    NewInboxMail {
        source: "email",
        raw,
        from_address: "school@example.org",
        subject: "Concern about a pupil",
        sent_at: Some(t0()),
        text_body: "Body",
        status: "new",
        uploaded_by: None,
        attachments,
    }
}

fn review_item(team: &str) -> NewWorkItem<'_> {
    NewWorkItem {
        stage: "inbox_review",
        worklist: "cass_referral_and_advice_officer",
        team_id: Some(team),
        assigned_user_id: None,
        timescale: "contact_initial_response",
        started_at: t0(),
        due_at: t0() + Duration::days(1),
        calendar_version: "test",
    }
}

#[tokio::test]
async fn a_message_is_stored_once_with_its_attachments() {
    let db = TestDb::new().await.expect("db");
    let pdf = [0u8, 159, 146, 150, 255];
    let first = db
        .store
        .import_inbox_mail(
            mail(b"raw message", vec![NewAttachment { file_name: "a.pdf", content_type: "application/pdf", content: &pdf, scan_status: NOT_SCANNED }]),
            t0(),
        )
        .await
        .expect("import");
    let Imported::Created(id) = first.clone() else { panic!("first import creates: {first:?}") };
    let again = db.store.import_inbox_mail(mail(b"raw message", vec![]), t0()).await.expect("again");
    assert_eq!(again, Imported::Duplicate(id.clone()));
    assert_eq!(db.store.inbox_mail(10).await.expect("list").len(), 1);
    assert_eq!(db.store.inbox_mail_raw(&id).await.expect("raw").as_deref(), Some(&b"raw message"[..]));
    let atts = db.store.inbox_attachments(&id).await.expect("attachments");
    assert_eq!(atts.len(), 1);
    assert_eq!((atts[0].size_bytes, atts[0].scan_status.as_str()), (5, NOT_SCANNED));
    assert_eq!(atts[0].sha256, storage::sha256_hex(&pdf));
    let (_, bytes) = db.store.inbox_attachment(&atts[0].id).await.expect("get").expect("found");
    assert_eq!(bytes, pdf);
    db.store.set_attachment_scan(&atts[0].id, "clean", t0()).await.expect("scan");
    assert_eq!(db.store.inbox_attachments(&id).await.expect("attachments")[0].scan_status, "clean");
}

#[tokio::test]
async fn concurrent_imports_of_the_same_message_store_one() {
    let db = TestDb::new().await.expect("db");
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let store = db.store.clone();
            tokio::spawn(async move { store.import_inbox_mail(mail(b"same bytes", vec![]), t0()).await })
        })
        .collect();
    let mut created = 0;
    for t in tasks {
        if let Imported::Created(_) = t.await.expect("join").expect("import") {
            created += 1;
        }
    }
    assert_eq!(created, 1);
    assert_eq!(db.store.inbox_mail(10).await.expect("list").len(), 1);
}

#[tokio::test]
async fn one_holder_and_decisions_only_by_the_holder() {
    let db = TestDb::new().await.expect("db");
    let team = db.store.create_team(NewTeam { name: "CASS", description: "" }, t0()).await.expect("team");
    let (a, b) = (user(&db, "a", &team).await, user(&db, "b", &team).await);
    let id = db.store.import_inbox_mail(mail(b"m", vec![]), t0()).await.expect("import").id().to_string();
    let open = ["new", "awaiting_review"];
    let (ra, rb) = tokio::join!(db.store.claim_inbox_mail(&id, &a, &open, t0()), db.store.claim_inbox_mail(&id, &b, &open, t0()));
    assert!(ra.expect("a") ^ rb.expect("b"), "exactly one claim wins");
    let holder = db.store.get_inbox_mail(&id).await.expect("get").expect("found").claimed_by.expect("held");
    let other = if holder == a { b.clone() } else { a.clone() };
    assert!(!db.store.release_inbox_mail(&id, &other).await.expect("release"), "only the holder releases");

    let write = |by: &'static str| InboxDecisionWrite {
        item_id: "",
        expected_status: "new",
        new_status: "awaiting_review",
        decided_by: by,
        decision: "send_for_review",
        detail: "{}",
        contact: None,
        review_item: None,
        online_contact: None,
        close_outcome: None,
    };
    let stale = db
        .store
        .decide_inbox_mail(
            InboxDecisionWrite { item_id: &id, decided_by: &other, review_item: Some(review_item(&team)), ..write("") },
            t0(),
        )
        .await
        .expect("decide");
    assert_eq!(stale, InboxDecided::Stale);
    let done = db
        .store
        .decide_inbox_mail(
            InboxDecisionWrite { item_id: &id, decided_by: &holder, review_item: Some(review_item(&team)), ..write("") },
            t0(),
        )
        .await
        .expect("decide");
    assert_eq!(done, InboxDecided::Yes { contact_id: None });
    let row = db.store.get_inbox_mail(&id).await.expect("get").expect("found");
    assert_eq!((row.status.as_str(), row.claimed_by.as_deref()), ("awaiting_review", None), "released for the reviewer");

    // The reviewer creates the contact: the review item completes, the contact exists with both children.
    let kids: Vec<String> = {
        let mut v = Vec::new();
        for given in ["Ava", "Leo"] {
            let p = NewPerson { given_name: given, family_name: "Example", date_of_birth: None, address: "", postcode: "" };
            v.push(db.store.create_person(p, t0()).await.expect("person"));
        }
        v
    };
    assert!(db.store.claim_inbox_mail(&id, &a, &open, t0()).await.expect("claim"));
    let contact = NewCaseContact {
        reference: "CASS-1",
        status: "open",
        channel: "inbox",
        caller_kind: None,
        summary: "Concern about a pupil",
        concern: "Body",
        referrer: Referrer { email: "school@example.org", ..Referrer::default() },
        contact_source: "",
        flow: "{}",
        level: None,
        received_at: t0(),
        created_by: &a,
        children: &kids,
        repeat_within_7_days: false,
        referral_within_12_months: false,
        first_items: vec![NewWorkItem { stage: "initial_analysis", worklist: "cass_team_manager", ..review_item(&team) }],
    };
    let done = db
        .store
        .decide_inbox_mail(
            InboxDecisionWrite {
                item_id: &id,
                expected_status: "awaiting_review",
                new_status: "contact_created",
                decided_by: &a,
                decision: "create_contact",
                detail: "{}",
                contact: Some(contact),
                review_item: None,
                online_contact: None,
                close_outcome: None,
            },
            t0(),
        )
        .await
        .expect("decide");
    let InboxDecided::Yes { contact_id: Some(contact_id) } = done else { panic!("contact created: {done:?}") };
    let row = db.store.get_inbox_mail(&id).await.expect("get").expect("found");
    assert_eq!(row.contact_reference.as_deref(), Some("CASS-1"));
    assert_eq!(db.store.contact_children(&contact_id).await.expect("children").len(), 2);
    let items = db.store.work_items_for_contact(&contact_id).await.expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].stage, "initial_analysis");

    // The contact's span shows for both children; the name search finds them.
    let spans = db.store.contact_spans(&kids).await.expect("spans");
    assert_eq!(spans.len(), 3, "each child on contact_children, and the main child: {spans:?}");
    assert_eq!(db.store.people_named("ava ex", 10).await.expect("search").len(), 1);
    assert_eq!(db.store.people_named("example", 10).await.expect("search").len(), 2);
}

#[tokio::test]
async fn a_failed_contact_leaves_the_item_undecided() {
    let db = TestDb::new().await.expect("db");
    let team = db.store.create_team(NewTeam { name: "CASS", description: "" }, t0()).await.expect("team");
    let a = user(&db, "a", &team).await;
    let id = db.store.import_inbox_mail(mail(b"m2", vec![]), t0()).await.expect("import").id().to_string();
    assert!(db.store.claim_inbox_mail(&id, &a, &["new", "awaiting_review"], t0()).await.expect("claim"));
    // A child that does not exist breaks the contact's foreign key: nothing is written.
    let missing = vec!["no-such-person".to_string()];
    let contact = NewCaseContact {
        reference: "CASS-2",
        status: "open",
        channel: "inbox",
        caller_kind: None,
        summary: "",
        concern: "",
        referrer: Referrer::default(),
        contact_source: "",
        flow: "{}",
        level: None,
        received_at: t0(),
        created_by: &a,
        children: &missing,
        repeat_within_7_days: false,
        referral_within_12_months: false,
        first_items: vec![],
    };
    let r = db
        .store
        .decide_inbox_mail(
            InboxDecisionWrite {
                item_id: &id,
                expected_status: "new",
                new_status: "contact_created",
                decided_by: &a,
                decision: "create_contact",
                detail: "{}",
                contact: Some(contact),
                review_item: None,
                online_contact: None,
                close_outcome: None,
            },
            t0(),
        )
        .await;
    assert!(r.is_err());
    let row = db.store.get_inbox_mail(&id).await.expect("get").expect("found");
    assert_eq!((row.status.as_str(), row.claimed_by.as_deref()), ("new", Some(a.as_str())));
}

#[tokio::test]
async fn an_inbox_review_is_on_the_worklists_and_moves_with_its_work_item() {
    let db = TestDb::new().await.expect("db");
    let team = db.store.create_team(NewTeam { name: "CASS", description: "" }, t0()).await.expect("team");
    let (a, b) = (user(&db, "a", &team).await, user(&db, "b", &team).await);
    let id = db.store.import_inbox_mail(mail(b"review me", vec![]), t0()).await.expect("import").id().to_string();
    let open = ["new", "awaiting_review"];
    assert!(db.store.claim_inbox_mail(&id, &a, &open, t0()).await.expect("claim"));
    let write = InboxDecisionWrite {
        item_id: &id,
        expected_status: "new",
        new_status: "awaiting_review",
        decided_by: &a,
        decision: "send_for_review",
        detail: "{}",
        contact: None,
        review_item: Some(review_item(&team)),
        online_contact: None,
        close_outcome: None,
    };
    assert_eq!(db.store.decide_inbox_mail(write, t0()).await.expect("decide"), InboxDecided::Yes { contact_id: None });

    // Waiting on the RAO worklist, with the e-mail's subject and source.
    let lists = ["cass_referral_and_advice_officer".to_string()];
    let teams = [team.clone()];
    let waiting = db.store.worklist_rows(WorklistScope::Unclaimed { team_ids: &teams, worklists: &lists }, 50).await.expect("rows");
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    let row = &waiting[0];
    assert_eq!((row.item.subject_kind.as_str(), row.item.subject_id.as_str()), ("inbox_item", id.as_str()));
    assert_eq!((row.summary.as_str(), row.channel.as_str(), row.reference.as_str()), ("Concern about a pupil", "email", ""));
    assert_eq!(db.store.worklist_rows(WorklistScope::Teams(&teams), 50).await.expect("team rows").len(), 1);

    // Taken from the worklist: the e-mail is b's to decide.
    let item_id = row.item.id.clone();
    assert!(db.store.claim_work_item(&item_id, &b, t0()).await.expect("claim item"));
    let mail_row = db.store.get_inbox_mail(&id).await.expect("get").expect("found");
    assert_eq!(mail_row.claimed_by.as_deref(), Some(b.as_str()));
    assert!(!db.store.claim_inbox_mail(&id, &a, &open, t0()).await.expect("claim"), "held by b");

    // Given back from the inbox page: back on the worklist too.
    assert!(db.store.release_inbox_mail(&id, &b).await.expect("release"));
    let waiting = db.store.worklist_rows(WorklistScope::Unclaimed { team_ids: &teams, worklists: &lists }, 50).await.expect("rows");
    assert_eq!(waiting.len(), 1, "unclaimed again");

    // Taken from the inbox page: under a's work.
    assert!(db.store.claim_inbox_mail(&id, &a, &open, t0()).await.expect("claim"));
    let mine = db.store.worklist_rows(WorklistScope::AssignedTo(&a), 50).await.expect("mine");
    assert_eq!(mine.len(), 1);

    // A manager reassigns the item to b: the e-mail goes with it.
    let version = mine[0].item.version;
    let applied = db.store.reassign_work_item(&item_id, version, Some(&b), None, "a is on leave", &a, t0()).await.expect("reassign");
    assert!(matches!(applied, storage::Applied::Yes { .. }), "{applied:?}");
    let mail_row = db.store.get_inbox_mail(&id).await.expect("get").expect("found");
    assert_eq!(mail_row.claimed_by.as_deref(), Some(b.as_str()));
}
