//! The public site's storage: page content and contacts with versions, drafts with expiry, rate
//! counts, and online requests landing in the CASS inbox. SQLite by default; the same tests run
//! on PostgreSQL with TEST_DATABASE_URL.

use chrono::{Duration, TimeZone, Utc};
use storage::testing::TestDb;
use domain::Role;
use storage::{
    DefaultContact, InboxDecided, InboxDecisionWrite, NewCaseContact, NewOnlineRequest, NewPerson, NewTeam, NewUser, NewWorkItem, Referrer,
    StorageError, VersionedSave, INBOX_STATUS,
};

fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).single().expect("valid time")
}

async fn db() -> TestDb {
    TestDb::new().await.expect("test database")
}

#[tokio::test]
async fn page_defaults_are_written_once_and_saves_are_versioned() {
    let db = db().await;
    let s = &db.store;
    assert!(s.insert_public_page_if_missing("privacy", "Privacy notice", "Text", t0()).await.expect("insert"));
    assert!(!s.insert_public_page_if_missing("privacy", "Other", "Other", t0()).await.expect("second insert"), "a default never overwrites");
    let p = s.public_page("privacy").await.expect("read").expect("page");
    assert_eq!((p.title.as_str(), p.version, p.updated_by.as_str()), ("Privacy notice", 1, "default"));

    let later = t0() + Duration::hours(1);
    assert_eq!(s.save_public_page("privacy", "Privacy", "New text", 1, "admin", later).await.expect("save"), VersionedSave::Saved { version: 2 });
    assert_eq!(s.save_public_page("privacy", "Stale", "Stale", 1, "other", later).await.expect("stale"), VersionedSave::Stale { current: 2 });
    assert_eq!(s.save_public_page("nope", "x", "y", 1, "admin", later).await.expect("missing"), VersionedSave::NotFound);
    let p = s.public_page("privacy").await.expect("read").expect("page");
    assert_eq!((p.body.as_str(), p.version, p.updated_by.as_str(), p.updated_at), ("New text", 2, "admin", later));
    let history = s.public_page_versions("privacy").await.expect("history");
    assert_eq!(history.iter().map(|h| (h.version, h.body.as_str())).collect::<Vec<_>>(), vec![(2, "New text"), (1, "Text")]);
}

#[tokio::test]
async fn contacts_default_once_and_save_with_versions() {
    let db = db().await;
    let s = &db.store;
    let defaults = [
        DefaultContact { key: "cass_phone_line", label: "CASS phone line", value: "0100 000 0000", hint: "", position: 0 },
        DefaultContact { key: "edt_phone_line", label: "EDT", value: "0100 000 0001", hint: "", position: 1 },
    ];
    assert_eq!(s.insert_service_contacts_if_missing(&defaults, t0()).await.expect("insert"), 2);
    assert_eq!(s.save_service_contact("cass_phone_line", "01632 960 000", 1, "admin", t0()).await.expect("save"), VersionedSave::Saved { version: 2 });
    assert_eq!(s.insert_service_contacts_if_missing(&defaults, t0()).await.expect("again"), 0, "an edited contact is never reset");
    let c = s.service_contacts().await.expect("contacts");
    assert_eq!(c.iter().map(|c| (c.key.as_str(), c.value.as_str(), c.version)).collect::<Vec<_>>(), vec![
        ("cass_phone_line", "01632 960 000", 2),
        ("edt_phone_line", "0100 000 0001", 1)
    ]);
    assert_eq!(s.save_service_contact("cass_phone_line", "x", 1, "admin", t0()).await.expect("stale"), VersionedSave::Stale { current: 2 });
}

#[tokio::test]
async fn drafts_expire_and_are_pruned() {
    let db = db().await;
    let s = &db.store;
    let expires = t0() + Duration::hours(24);
    s.save_support_draft("hash-a", r#"{"child_first_name":"Sam"}"#, t0(), expires).await.expect("create");
    s.save_support_draft("hash-a", r#"{"child_first_name":"Sam Two"}"#, t0() + Duration::minutes(5), expires + Duration::minutes(5)).await.expect("update");
    let d = s.support_draft("hash-a", t0() + Duration::hours(1)).await.expect("read").expect("draft");
    assert_eq!((d.answers.as_str(), d.reference, d.created_at), (r#"{"child_first_name":"Sam Two"}"#, None, t0()));
    assert!(s.support_draft("hash-a", expires + Duration::minutes(6)).await.expect("read").is_none(), "an expired draft is not returned");

    s.mark_support_draft_sent("hash-a", "RFS-AAAA-BBBB", r#"{"reference":"RFS-AAAA-BBBB"}"#, t0()).await.expect("sent");
    let d = s.support_draft("hash-a", t0()).await.expect("read").expect("draft");
    assert_eq!(d.reference.as_deref(), Some("RFS-AAAA-BBBB"));
    assert!(!d.answers.contains("Sam"), "the answers are wiped once sent");

    s.save_support_draft("hash-b", "{}", t0(), t0() + Duration::hours(1)).await.expect("create b");
    assert_eq!(s.prune_support_drafts(t0() + Duration::hours(2)).await.expect("prune"), 1);
    assert!(s.support_draft("hash-a", t0()).await.expect("read").is_some());
    s.delete_support_draft("hash-a").await.expect("delete");
    assert!(s.support_draft("hash-a", t0()).await.expect("read").is_none());
}

#[tokio::test]
async fn form_events_are_counted_per_address_and_kind() {
    let db = db().await;
    let s = &db.store;
    for i in 0..3 {
        s.record_public_form_event("10.0.0.1", "post", t0() + Duration::minutes(i)).await.expect("record");
    }
    s.record_public_form_event("10.0.0.1", "submit", t0()).await.expect("record");
    s.record_public_form_event("10.0.0.2", "post", t0()).await.expect("record");
    assert_eq!(s.count_public_form_events("10.0.0.1", "post", t0()).await.expect("count"), 3);
    assert_eq!(s.count_public_form_events("10.0.0.1", "post", t0() + Duration::minutes(1)).await.expect("count"), 2);
    assert_eq!(s.count_public_form_events("10.0.0.1", "submit", t0()).await.expect("count"), 1);
    assert_eq!(s.prune_public_form_events(t0() + Duration::minutes(2)).await.expect("prune"), 4, "all but the newest");
}

fn request<'a>(reference: &'a str, team: Option<&'a str>, answers: &'a str) -> NewOnlineRequest<'a> {
    NewOnlineRequest {
        reference,
        child: NewPerson { given_name: "Sam", family_name: "Example", date_of_birth: None, address: "1 Road", postcode: "AB1 2CD" },
        summary: "Online Request for Support from a professional (School): worried",
        assigned_team_id: team,
        received_at: t0(),
        referrer_kind: "professional",
        referrer_name: "Alex",
        referrer_organisation: "School",
        referrer_role: "DSL",
        referrer_email: "alex@school.example",
        referrer_phone: "",
        relationship: "professional",
        ongoing_relationship: true,
        parental_responsibility: "",
        consent: "given",
        consent_given_by: "Jo Example, mother",
        consent_scopes: "a_eha",
        immediate_danger: false,
        suggested_level: "universal_plus",
        framework_version: "rhrt-2026.1",
        scripts_version: "cass-scripts-2026.1",
        answers,
    }
}

#[tokio::test]
async fn an_online_request_lands_in_the_inbox_with_everything() {
    let db = db().await;
    let s = &db.store;
    let team = s.create_team(NewTeam { name: "CASS", description: "" }, t0()).await.expect("team");
    let created = s.create_online_request(request("RFS-AAAA-0001", Some(&team), r#"{"form":{}}"#), t0()).await.expect("create");
    let contact = s.get_contact(&created.contact_id).await.expect("read").expect("contact");
    assert_eq!((contact.status.as_str(), contact.assigned_team_name.as_deref(), contact.assigned_user_id), (INBOX_STATUS, Some("CASS"), None));
    assert_eq!(s.get_person(&created.person_id).await.expect("person").map(|p| p.given_name), Some("Sam".to_string()));
    let o = s.online_request(&created.contact_id).await.expect("read").expect("online request");
    assert_eq!((o.channel.as_str(), o.consent_given_by.as_str(), o.suggested_level.as_str(), o.framework_version.as_str()), ("online_form", "Jo Example, mother", "universal_plus", "rhrt-2026.1"));
    assert!(o.ongoing_relationship && !o.immediate_danger);

    let later = s.create_online_request(NewOnlineRequest { received_at: t0() + Duration::minutes(1), ..request("RFS-AAAA-0002", None, "{}") }, t0()).await.expect("second");
    let inbox = s.inbox(10).await.expect("inbox");
    assert_eq!(inbox.iter().map(|i| i.reference.as_str()).collect::<Vec<_>>(), vec!["RFS-AAAA-0002", "RFS-AAAA-0001"], "newest first");
    assert_eq!(inbox[0].contact_id, later.contact_id);
    assert_eq!((inbox[1].referrer_organisation.as_deref(), inbox[1].channel.as_deref()), (Some("School"), Some("online_form")));

    // A reference is unique; the whole request is refused and nothing half-made is left behind.
    let people_before = s.scalar_text("SELECT COUNT(*) FROM people").await.expect("count");
    let dup = s.create_online_request(request("RFS-AAAA-0001", None, "{}"), t0()).await;
    assert!(matches!(dup, Err(StorageError::Conflict(_))), "{dup:?}");
    assert_eq!(s.scalar_text("SELECT COUNT(*) FROM people").await.expect("count"), people_before);
}

async fn business_support(s: &storage::Store, team: &str) -> String {
    let user = NewUser {
        username: "bso",
        display_name: "BSO",
        email: "",
        password_hash: "h",
        must_change_password: false,
        is_demo: false,
        roles: &[Role::BusinessSupportOfficer],
        team_ids: &[team.to_string()],
    };
    s.create_user(user, t0()).await.expect("user")
}

fn waiting_item(team: &str) -> NewWorkItem<'_> {
    NewWorkItem {
        stage: "initial_analysis",
        worklist: "cass_team_manager",
        team_id: Some(team),
        assigned_user_id: None,
        timescale: "contact_initial_response",
        started_at: t0(),
        due_at: t0() + Duration::days(1),
        calendar_version: "test",
    }
}

fn opened<'a>(children: &'a [String], by: &'a str, first_items: Vec<NewWorkItem<'a>>) -> NewCaseContact<'a> {
    NewCaseContact {
        reference: "unused: the waiting contact keeps its own",
        status: "open",
        channel: "online_form",
        caller_kind: None,
        summary: "",
        concern: "worried",
        referrer: Referrer { name: "Alex", email: "alex@school.example", ..Referrer::default() },
        contact_source: "",
        flow: "{}",
        level: None,
        received_at: t0(),
        created_by: by,
        children,
        repeat_within_7_days: false,
        referral_within_12_months: false,
        first_items,
    }
}

/// Seed 000: an online Request for Support waits in the inbox as an item Business Support filters
/// like an e-mail. "Create a contact" opens the waiting contact (same reference, the request
/// kept beside it) rather than making a second one; any other outcome closes it.
#[tokio::test]
async fn an_online_request_is_filtered_like_an_email_and_opens_or_closes_its_contact() {
    let db = db().await;
    let s = &db.store;
    let team = s.create_team(NewTeam { name: "CASS", description: "" }, t0()).await.expect("team");
    let bso = business_support(s, &team).await;
    let first = s.create_online_request(request("RFS-AAAA-0001", Some(&team), "{}"), t0()).await.expect("first");
    let second = s.create_online_request(request("RFS-AAAA-0002", Some(&team), "{}"), t0()).await.expect("second");

    let items = s.inbox_mail(10).await.expect("items");
    let item_of = |contact: &str| items.iter().find(|i| i.contact_id.as_deref() == Some(contact)).cloned().expect("an inbox item per request");
    let (one, two) = (item_of(&first.contact_id), item_of(&second.contact_id));
    assert_eq!((one.source.as_str(), one.status.as_str()), ("online_form", "new"));
    assert_eq!((one.subject.as_str(), one.from_address.as_str()), ("Request for Support RFS-AAAA-0001", "alex@school.example"));
    assert_eq!(one.contact_reference.as_deref(), Some("RFS-AAAA-0001"));

    // Create a contact: the waiting contact is opened with its first work item.
    let open = ["new", "awaiting_review"];
    assert!(s.claim_inbox_mail(&one.id, &bso, &open, t0()).await.expect("claim"));
    let children = [first.person_id.clone()];
    let write = InboxDecisionWrite {
        item_id: &one.id,
        expected_status: "new",
        new_status: "contact_created",
        decided_by: &bso,
        decision: "create_contact",
        detail: "Contact created",
        contact: Some(opened(&children, &bso, vec![waiting_item(&team)])),
        review_item: None,
        online_contact: Some(&first.contact_id),
        close_outcome: None,
    };
    let decided = s.decide_inbox_mail(write, t0()).await.expect("decide");
    assert_eq!(decided, InboxDecided::Yes { contact_id: Some(first.contact_id.clone()) }, "the waiting contact, not a new one");
    let c = s.get_contact_detail(&first.contact_id).await.expect("read").expect("contact");
    assert_eq!((c.status.as_str(), c.reference.as_str(), c.channel.as_str()), ("open", "RFS-AAAA-0001", "online_form"));
    assert_eq!((c.concern.as_str(), c.referrer_email.as_str()), ("worried", "alex@school.example"));
    assert_eq!(c.children.iter().map(|k| k.person_id.as_str()).collect::<Vec<_>>(), vec![first.person_id.as_str()]);
    assert_eq!(s.work_items_for_contact(&first.contact_id).await.expect("items").len(), 1);
    assert!(s.online_request(&first.contact_id).await.expect("request").is_some(), "the request stays beside its contact");
    assert_eq!(s.scalar_text("SELECT COUNT(*) FROM contacts").await.expect("count"), "2", "no second contact");

    // Signposted: the waiting contact is closed with that outcome and leaves the inbox list.
    assert!(s.claim_inbox_mail(&two.id, &bso, &open, t0()).await.expect("claim"));
    let signposted = InboxDecisionWrite {
        item_id: &two.id,
        expected_status: "new",
        new_status: "signposted",
        decided_by: &bso,
        decision: "signpost",
        detail: "Signposted",
        contact: None,
        review_item: None,
        online_contact: Some(&second.contact_id),
        close_outcome: Some("signposted"),
    };
    assert_eq!(s.decide_inbox_mail(signposted, t0()).await.expect("decide"), InboxDecided::Yes { contact_id: Some(second.contact_id.clone()) });
    let c = s.get_contact_detail(&second.contact_id).await.expect("read").expect("contact");
    assert_eq!((c.status.as_str(), c.outcome.as_deref(), c.closed_at), ("closed", Some("signposted"), Some(t0())));
    assert!(s.inbox(10).await.expect("inbox").is_empty(), "neither request waits any longer");
    let two_after = s.get_inbox_mail(&two.id).await.expect("read").expect("item");
    assert_eq!((two_after.status.as_str(), two_after.contact_id.as_deref()), ("signposted", Some(second.contact_id.as_str())));
}

/// A waiting contact opened some other way in between is not opened twice: nothing is written.
#[tokio::test]
async fn an_online_request_already_opened_is_stale() {
    let db = db().await;
    let s = &db.store;
    let team = s.create_team(NewTeam { name: "CASS", description: "" }, t0()).await.expect("team");
    let bso = business_support(s, &team).await;
    let r = s.create_online_request(request("RFS-AAAA-0003", Some(&team), "{}"), t0()).await.expect("request");
    s.execute_raw_for_tests(&format!("UPDATE contacts SET status = 'open' WHERE id = '{}'", r.contact_id)).await.expect("open");
    let item = s.inbox_mail(10).await.expect("items").into_iter().next().expect("item");
    assert!(s.claim_inbox_mail(&item.id, &bso, &["new"], t0()).await.expect("claim"));
    let children = [r.person_id.clone()];
    let write = InboxDecisionWrite {
        item_id: &item.id,
        expected_status: "new",
        new_status: "contact_created",
        decided_by: &bso,
        decision: "create_contact",
        detail: "",
        contact: Some(opened(&children, &bso, vec![waiting_item(&team)])),
        review_item: None,
        online_contact: Some(&r.contact_id),
        close_outcome: None,
    };
    assert_eq!(s.decide_inbox_mail(write, t0()).await.expect("decide"), InboxDecided::Stale);
    let after = s.get_inbox_mail(&item.id).await.expect("read").expect("item");
    assert_eq!(after.status, "new", "nothing was written");
    assert!(s.work_items_for_contact(&r.contact_id).await.expect("items").is_empty());
}
