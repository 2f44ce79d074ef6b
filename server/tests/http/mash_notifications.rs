//! MASH notifications at the Early Help desk through the real router (seed 003 §8): a Red request
//! for information answered by both representatives, returned, discussed and logged Green after
//! MASH; the domestic-abuse lists answered by the TYS representative alone; Green sent on to the
//! Early Help desk; deadlines stored from the calendar; stale versions; roles; the audit trail.

use crate::support::TestApp;
use axum::http::StatusCode;
use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::audit::{AuditAction, RecordKind};
use domain::Role;
use serde_json::Value;

struct Desk {
    app: TestApp,
    mash: String,
    tys: String,
    eh: String,
}

async fn setup() -> Desk {
    let app = TestApp::new().await;
    // Green notifications go on to the Early Help desk, whose Triage worktray a team holds.
    let admin = app.store.find_user_by_username("admin").await.expect("admin").expect("admin").id;
    app.store.set_worklist_team("early_help_triage", &app.eh_team, &admin, Utc::now()).await.expect("worklist team");
    app.user("mash", &[Role::MashTeam], &[]).await;
    app.user("tys", &[Role::MashTysRepresentative], std::slice::from_ref(&app.eh_team)).await;
    app.user("ehrep", &[Role::MashEarlyHelpRepresentative], std::slice::from_ref(&app.eh_team)).await;
    let mash = app.sign_in("mash").await;
    let tys = app.sign_in("tys").await;
    let eh = app.sign_in("ehrep").await;
    Desk { app, mash, tys, eh }
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().expect("valid time")
}

/// A UTC instant as the form's UK local `YYYY-MM-DDTHH:MM`.
fn local(t: DateTime<Utc>) -> String {
    domain::rules::uk_local_time(t).format("%Y-%m-%dT%H:%M").to_string()
}

fn fields(v: &Value) -> Vec<String> {
    v["Invalid"]["errors"].as_array().map(|a| a.iter().filter_map(|e| e["field"].as_str().map(String::from)).collect()).unwrap_or_default()
}

impl Desk {
    async fn call(&self, endpoint: &str, cookie: &str, form: &[(&str, &str)]) -> Value {
        let r = self.app.call(&format!("mash/{endpoint}"), Some(cookie), form).await;
        assert_eq!(r.status, StatusCode::OK, "{endpoint}: {}", r.body);
        r.json()
    }

    async fn status(&self, endpoint: &str, cookie: Option<&str>, form: &[(&str, &str)]) -> StatusCode {
        self.app.call(&format!("mash/{endpoint}"), cookie, form).await.status
    }

    async fn record(&self, kind: &str, priority: &str, received_at: &str, person_id: &str) -> String {
        let v = self
            .call(
                "record",
                &self.mash,
                &[
                    ("kind", kind),
                    ("priority", priority),
                    ("mash_log_reference", "ML-1234"),
                    ("child_name", "Ada Example"),
                    ("child_date_of_birth", "2014-05-01"),
                    ("person_id", person_id),
                    ("concern", "Police notification of an incident at home"),
                    ("received_at", received_at),
                    // Read only for a Green notification sent on to the Early Help desk.
                    ("consent", "yes"),
                ],
            )
            .await;
        v["Created"]["id"].as_str().unwrap_or_else(|| panic!("created: {v}")).to_string()
    }

    async fn row(&self, id: &str) -> storage::MashNotificationRow {
        self.app.store.mash_notification(id).await.expect("get").expect("exists")
    }

    async fn version(&self, id: &str) -> String {
        self.row(id).await.version.to_string()
    }

    async fn write(&self, cookie: &str, id: &str, part: &str, text: &str) -> Value {
        let version = self.version(id).await;
        self.call("write", cookie, &[("id", id), ("part", part), ("text", text), ("version", &version)]).await
    }

    async fn step(&self, endpoint: &str, cookie: &str, id: &str, form: &[(&str, &str)]) -> Value {
        let version = self.version(id).await;
        let mut all = vec![("id", id), ("version", version.as_str())];
        all.extend_from_slice(form);
        self.call(endpoint, cookie, &all).await
    }
}

fn builtin_calendar_version() -> String {
    domain::rules::WorkingCalendar::builtin().expect("calendar").version
}

#[tokio::test]
async fn a_red_request_is_answered_by_both_representatives_returned_discussed_and_logged_green() {
    let t = setup().await;
    let received = Utc::now() - Duration::minutes(30);
    let id = t.record("request_for_information", "red", &local(received), &t.app.child).await;
    let row = t.row(&id).await;
    // The clock is MashRed: 4 elapsed hours from receipt (to the minute typed), stored with the calendar.
    let typed = chrono::NaiveDateTime::parse_from_str(&local(received), "%Y-%m-%dT%H:%M").expect("typed time");
    let received_min = domain::rules::utc_from_uk_local(typed);
    assert_eq!(row.received_at, received_min);
    assert_eq!((row.status.as_str(), row.timescale.as_deref()), ("awaiting_responses", Some("mash_red")));
    assert_eq!(row.due_at, Some(row.received_at + Duration::hours(4)));
    assert_eq!(row.calendar_version, Some(builtin_calendar_version()));
    assert_eq!(row.person_id.as_deref(), Some(t.app.child.as_str()));

    // The page shows the clock with its state and the time left.
    let v = t.call("get", &t.tys, &[("id", &id)]).await;
    assert_eq!(v["due"]["rag"], "amber", "{v}");
    assert!(v["due"]["text"].as_str().unwrap_or("").starts_with("due in 3 hours"), "{v}");
    assert_eq!(v["parts"].as_array().map(Vec::len), Some(3));

    // TYS writes their synopsis; the record cannot go back without the Early Help parts.
    let v = t.write(&t.tys, &id, "tys_synopsis", "Known to TYS in 2024; no current order (YOIS, UMIS checked)").await;
    assert!(v.get("Done").is_some(), "{v}");
    let v = t.step("return", &t.tys, &id, &[]).await;
    assert_eq!(fields(&v), vec!["eh_synopsis", "chronology"]);
    let v = t.write(&t.eh, &id, "eh_synopsis", "Early Help episode closed in 2023").await;
    assert!(v.get("Done").is_some(), "{v}");
    let v = t.write(&t.eh, &id, "chronology", "").await;
    assert_eq!(fields(&v), vec!["chronology"]);
    let v = t.write(&t.eh, &id, "chronology", "1 May 2023: EHA started\n1 Sep 2023: episode closed").await;
    assert!(v.get("Done").is_some(), "{v}");
    let v = t.step("return", &t.eh, &id, &[]).await;
    assert!(v.get("Done").is_some(), "{v}");
    let row = t.row(&id).await;
    assert_eq!(row.status, "returned_to_mash");
    assert!(row.returned_at.is_some());
    // Returned: the response is fixed.
    let v = t.write(&t.tys, &id, "tys_synopsis", "Later thoughts").await;
    assert!(v.get("Refused").is_some(), "{v}");
    let v = t.call("get", &t.mash, &[("id", &id)]).await;
    assert!(v["due"].is_null() && v["responded"] == "Returned within the timescale", "{v}");
    assert_eq!(v["may_discuss"], true);

    // The logging waits for the MASH discussion.
    let today = domain::rules::uk_local_time(Utc::now()).date().format("%Y-%m-%d").to_string();
    let v = t.step("log-outcome", &t.tys, &id, &[("logged_outcome", "sent_to_early_help_desk"), ("logged_on", &today)]).await;
    assert!(v.get("Refused").is_some(), "{v}");
    let v = t.step("discussion", &t.mash, &id, &[("rating", ""), ("discussion_outcome", "")]).await;
    assert_eq!(fields(&v), vec!["rating", "discussion_outcome"]);
    let v = t.step("discussion", &t.mash, &id, &[("rating", "green"), ("discussion_outcome", "Early Help support agreed with the family")]).await;
    assert!(v.get("Done").is_some(), "{v}");
    assert_eq!(t.row(&id).await.status, "green_awaiting_log");
    let v = t.step("log-outcome", &t.tys, &id, &[("logged_outcome", "sent_to_early_help_desk"), ("logged_on", &today)]).await;
    assert!(v.get("Done").is_some(), "{v}");
    let row = t.row(&id).await;
    assert_eq!((row.status.as_str(), row.rating_after.as_deref(), row.logged_outcome.as_deref()), ("outcome_logged", Some("green"), Some("sent_to_early_help_desk")));
    assert_eq!(row.logged_on.map(|d| d.format("%Y-%m-%d").to_string()), Some(today));

    // Every read and write is on the notification's audit trail and on the child's.
    let on_notification = t.app.store.audit_for_record(RecordKind::MashNotification, &id, 100).await.expect("audit");
    let count = |entries: &[storage::AuditEntry], a: AuditAction| entries.iter().filter(|e| e.action == a).count();
    assert_eq!(count(&on_notification, AuditAction::Create), 1);
    // Three parts, the return, the discussion and the log (refusals and mistakes write nothing).
    assert_eq!(count(&on_notification, AuditAction::Update), 6);
    assert_eq!(count(&on_notification, AuditAction::Read), 2);
    let on_child = t.app.store.audit_for_record(RecordKind::Person, &t.app.child, 100).await.expect("audit");
    assert_eq!((count(&on_child, AuditAction::Update), count(&on_child, AuditAction::Read)), (7, 2));
    assert!(on_child.iter().any(|e| e.summary.contains("Recorded MASH notification") && e.username == "mash"));
    assert!(on_notification.iter().any(|e| e.summary.contains("Logged") && e.username == "tys"));
}

#[tokio::test]
async fn domestic_abuse_is_answered_by_the_tys_representative_alone() {
    let t = setup().await;
    let id = t.record("domestic_abuse_child", "amber", "", "").await;
    assert_eq!(t.row(&id).await.timescale.as_deref(), Some("mash_amber"));
    // No Early Help part on the domestic-abuse lists.
    let v = t.write(&t.eh, &id, "eh_synopsis", "Not ours to write").await;
    assert!(v.get("Refused").is_some(), "{v}");
    // The Early Help representative cannot return it either: it is the TYS representative's.
    let version = t.version(&id).await;
    assert_eq!(t.status("return", Some(&t.eh), &[("id", &id), ("version", &version)]).await, StatusCode::FORBIDDEN);
    let v = t.step("return", &t.tys, &id, &[]).await;
    assert_eq!(fields(&v), vec!["tys_synopsis"]);
    let v = t.write(&t.tys, &id, "tys_synopsis", "Checked every Early Help and TYS system: not known").await;
    assert!(v.get("Done").is_some(), "{v}");
    let v = t.step("return", &t.tys, &id, &[]).await;
    assert!(v.get("Done").is_some(), "{v}");
    let v = t.step("discussion", &t.mash, &id, &[("rating", "amber"), ("discussion_outcome", "Single Assessment by MAET")]).await;
    assert!(v.get("Done").is_some(), "{v}");
    assert_eq!(t.row(&id).await.status, "discussed");
    // Only Green after MASH is logged on the Early Help MASH database.
    let today = domain::rules::uk_local_time(Utc::now()).date().format("%Y-%m-%d").to_string();
    let v = t.step("log-outcome", &t.tys, &id, &[("logged_outcome", "no_further_action"), ("logged_on", &today)]).await;
    assert!(v.get("Refused").is_some(), "{v}");
    // No child linked: nothing on any person's trail.
    let on_child = t.app.store.audit_for_record(RecordKind::Person, &t.app.child, 100).await.expect("audit");
    assert!(on_child.is_empty(), "{on_child:?}");
}

#[tokio::test]
async fn deadlines_are_stored_from_the_timescale_table_and_green_has_none() {
    let t = setup().await;
    // Amber: 72 elapsed hours, over the Easter weekend: Good Friday 15:00 BST → Easter Monday 15:00.
    let id = t.record("request_for_information", "amber", "2025-04-18T15:00", "").await;
    let row = t.row(&id).await;
    assert_eq!((row.received_at, row.due_at), (utc(2025, 4, 18, 14, 0), Some(utc(2025, 4, 21, 14, 0))));
    assert_eq!((row.timescale.as_deref(), row.calendar_version.clone()), (Some("mash_amber"), Some(builtin_calendar_version())));
    // Red: 4 elapsed hours, through the night and into Monday, in winter (GMT).
    let id = t.record("domestic_abuse", "red", "2025-01-05T23:00", "").await;
    let row = t.row(&id).await;
    assert_eq!(row.due_at, Some(utc(2025, 1, 6, 3, 0)));
    // Over the clocks going forward: 4 hours in UK time from 23:00 on 29 March 2025 is 03:00 BST.
    let id = t.record("request_for_information", "red", "2025-03-29T23:00", "").await;
    assert_eq!(t.row(&id).await.due_at, Some(utc(2025, 3, 30, 2, 0)));
    // Green request: sent on to the Early Help desk, no clock.
    let id = t.record("request_for_information", "green", "", "").await;
    let row = t.row(&id).await;
    assert_eq!((row.status.as_str(), row.due_at, row.timescale.clone(), row.calendar_version.clone()), ("sent_to_early_help_desk", None, None, None));
    // Green domestic abuse: processed as §8.2, still with no clock, and no EHA.
    let id = t.record("domestic_abuse", "green", "", "").await;
    let row = t.row(&id).await;
    assert_eq!((row.status.as_str(), row.due_at, row.eha_contact_id), ("awaiting_responses", None, None));
    // A time in the future is refused.
    let v = t.call("record", &t.mash, &[("kind", "domestic_abuse"), ("priority", "red"), ("child_name", "A"), ("concern", "B"), ("received_at", &local(Utc::now() + Duration::hours(2)))]).await;
    assert_eq!(fields(&v), vec!["received_at"]);
}

#[tokio::test]
async fn a_green_notification_opens_an_eha_on_the_early_help_desk() {
    let t = setup().await;
    // §8.1: "workflowed through to the Early Help desk ... for processing in the usual way".
    let id = t.record("request_for_information", "green", "", "").await;
    let row = t.row(&id).await;
    let eha = row.eha_contact_id.clone().expect("an EHA on the desk");
    let episode = t.app.store.eha_episode(&eha).await.expect("get").expect("the EHA");
    assert_eq!(row.eha_reference.as_deref(), Some(episode.reference.as_str()));
    // From MASH: priority 1, referred by the MASH team with the MASH Log's reference, with the
    // consent the notification recorded and the child as it names them.
    assert_eq!((episode.source.as_str(), episode.status.as_str()), ("mash", "open"));
    assert_eq!(episode.referrer_organisation, "MASH team (MASH Log ML-1234)");
    let form: Value = serde_json::from_str(&episode.form).expect("the intake form");
    assert_eq!((form["consent"].as_str(), form["child_given_name"].as_str(), form["child_family_name"].as_str()), (Some("yes"), Some("Ada"), Some("Example")));
    assert_eq!(form["child_date_of_birth"].as_str(), Some("01/05/2014"));
    // It waits on the desk like any EHA received, for the consent check on Triage.
    let items = t.app.store.eha_items_for(&eha).await.expect("items");
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0].worklist, "early_help_triage");
    // The notification and the EHA both say so in their audit trails.
    let trail = t.app.store.audit_for_record(RecordKind::MashNotification, &id, 10).await.expect("audit");
    assert!(trail.iter().any(|e| e.summary.contains(&format!("on to the Early Help desk as EHA {}", episode.reference))), "{trail:?}");
    let trail = t.app.store.audit_for_record(RecordKind::Contact, &eha, 10).await.expect("audit");
    assert!(trail.iter().any(|e| e.action == AuditAction::Create), "{trail:?}");
    // The page shows where it went.
    let v = t.call("get", &t.eh, &[("id", &id)]).await;
    assert_eq!(v["eha"], serde_json::json!([eha, episode.reference]));
    // Without the consent answer nothing is written: the desk's gate needs it.
    let before = t.app.store.mash_notifications(&["sent_to_early_help_desk"], 100).await.expect("list").len();
    let v = t.call("record", &t.mash, &[("kind", "request_for_information"), ("priority", "green"), ("child_name", "Ada Example"), ("concern", "Police notification")]).await;
    assert_eq!(fields(&v), vec!["consent"]);
    // A one-word name cannot make an EHA's first and last name.
    let v = t.call("record", &t.mash, &[("kind", "request_for_information"), ("priority", "green"), ("child_name", "Ada"), ("concern", "Police notification"), ("consent", "no")]).await;
    assert_eq!(fields(&v), vec!["child_name"]);
    assert_eq!(t.app.store.mash_notifications(&["sent_to_early_help_desk"], 100).await.expect("list").len(), before);
    // A linked record gives the EHA the child's address and postcode, and no second record.
    let id = t.record("request_for_information", "green", "", &t.app.child).await;
    let eha = t.row(&id).await.eha_contact_id.expect("an EHA");
    let children = t.app.store.contact_children(&eha).await.expect("children");
    assert_eq!(children.iter().map(|c| c.person_id.as_str()).collect::<Vec<_>>(), vec![t.app.child.as_str()]);
}

#[tokio::test]
async fn a_green_notification_is_refused_before_anything_is_written_when_no_team_holds_the_desk() {
    let app = TestApp::new().await;
    app.user("mash", &[Role::MashTeam], &[]).await;
    let mash = app.sign_in("mash").await;
    let form = [("kind", "request_for_information"), ("priority", "green"), ("child_name", "Ada Example"), ("concern", "Police notification"), ("consent", "yes")];
    let r = app.call("mash/record", Some(&mash), &form).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(fields(&v), vec!["priority"]);
    assert!(v["Invalid"]["errors"][0]["message"].as_str().unwrap_or("").contains("No team holds the Early Help desk Triage worktray"), "{v}");
    assert!(app.store.mash_notifications(&["sent_to_early_help_desk"], 10).await.expect("list").is_empty());
}

#[tokio::test]
async fn the_log_puts_red_first_then_the_soonest_due() {
    let t = setup().await;
    let now = Utc::now();
    let amber = t.record("request_for_information", "amber", &local(now - Duration::hours(2)), "").await;
    let red_later = t.record("request_for_information", "red", &local(now - Duration::hours(1)), "").await;
    let red_sooner = t.record("domestic_abuse", "red", &local(now - Duration::hours(3)), "").await;
    let overdue = t.record("domestic_abuse_child", "red", &local(now - Duration::hours(5)), "").await;
    let green = t.record("request_for_information", "green", "", "").await;
    let v = t.call("log", &t.eh, &[]).await;
    let ids = |list: &Value| list.as_array().map(|a| a.iter().filter_map(|r| r["id"].as_str().map(String::from)).collect::<Vec<_>>()).unwrap_or_default();
    assert_eq!(ids(&v["open"]), vec![overdue.clone(), red_sooner, red_later, amber]);
    assert_eq!(ids(&v["closed"]), vec![green]);
    assert_eq!(v["may_record"], false);
    let first = &v["open"][0];
    assert_eq!((first["due"]["rag"].as_str(), first["priority"].as_str()), (Some("red"), Some("red")));
    assert!(first["due"]["text"].as_str().unwrap_or("").starts_with("overdue by 1 hour"), "{first}");
    assert_eq!(t.call("log", &t.mash, &[]).await["may_record"], true);
    let reads = t.app.store.audit_for_record(RecordKind::MashNotification, "log", 10).await.expect("audit");
    assert_eq!(reads.len(), 2);
}

#[tokio::test]
async fn mistakes_are_values_and_a_stale_version_writes_nothing() {
    let t = setup().await;
    let v = t.call("record", &t.mash, &[]).await;
    assert_eq!(fields(&v), vec!["kind", "priority", "child_name", "concern"]);
    let v = t.call("record", &t.mash, &[("kind", "domestic_abuse"), ("priority", "red"), ("child_name", "A"), ("concern", "B"), ("person_id", "no-such-person")]).await;
    assert_eq!(fields(&v), vec!["person_id"]);
    let long = "x".repeat(domain::mash_notifications::MAX_SUMMARY + 1);
    let v = t.call("record", &t.mash, &[("kind", "domestic_abuse"), ("priority", "red"), ("child_name", "A"), ("concern", &long)]).await;
    assert_eq!(fields(&v), vec!["concern"]);

    let id = t.record("request_for_information", "red", "", "").await;
    let read = t.version(&id).await;
    let v = t.call("write", &t.tys, &[("id", &id), ("part", "tys_synopsis"), ("text", "First"), ("version", &read)]).await;
    assert!(v.get("Done").is_some(), "{v}");
    // The Early Help representative's page still has the old version: nothing is written.
    let v = t.call("write", &t.eh, &[("id", &id), ("part", "eh_synopsis"), ("text", "Second"), ("version", &read)]).await;
    assert!(v.get("Stale").is_some(), "{v}");
    assert_eq!(t.row(&id).await.eh_synopsis, "");
    let v = t.call("write", &t.tys, &[("id", &id), ("part", "elsewhere"), ("text", "x"), ("version", &read)]).await;
    assert_eq!(fields(&v), vec!["part"]);
    assert_eq!(t.status("get", Some(&t.tys), &[("id", "no-such-notification")]).await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn roles_are_refused_with_403_and_recorded() {
    let t = setup().await;
    let id = t.record("request_for_information", "red", "", &t.app.child).await;
    let rao = t.app.sign_in("rao").await;
    let admin = t.app.sign_in("admin").await;
    let ehm = t.app.sign_in("ehm").await;
    for cookie in [&rao, &admin] {
        assert_eq!(t.status("log", Some(cookie), &[]).await, StatusCode::FORBIDDEN);
        assert_eq!(t.status("get", Some(cookie), &[("id", &id)]).await, StatusCode::FORBIDDEN);
    }
    assert_eq!(t.status("log", None, &[]).await, StatusCode::UNAUTHORIZED);
    // The Early Help Manager reads the log but writes nothing.
    assert_eq!(t.status("get", Some(&ehm), &[("id", &id)]).await, StatusCode::OK);
    let form = [("kind", "domestic_abuse"), ("priority", "red"), ("child_name", "A"), ("concern", "B")];
    for cookie in [&t.tys, &t.eh, &ehm] {
        assert_eq!(t.status("record", Some(cookie), &form).await, StatusCode::FORBIDDEN);
    }
    let version = t.version(&id).await;
    for (cookie, part) in [(&t.eh, "tys_synopsis"), (&t.tys, "eh_synopsis"), (&t.tys, "chronology"), (&t.mash, "tys_synopsis"), (&ehm, "chronology")] {
        let f = [("id", id.as_str()), ("part", part), ("text", "x"), ("version", version.as_str())];
        assert_eq!(t.status("write", Some(cookie), &f).await, StatusCode::FORBIDDEN, "{part}");
    }
    assert_eq!(t.status("return", Some(&t.mash), &[("id", &id), ("version", &version)]).await, StatusCode::FORBIDDEN);
    assert_eq!(t.status("discussion", Some(&t.tys), &[("id", &id), ("rating", "green"), ("discussion_outcome", "x"), ("version", &version)]).await, StatusCode::FORBIDDEN);
    assert_eq!(t.status("log-outcome", Some(&t.eh), &[("id", &id), ("logged_outcome", "no_further_action"), ("logged_on", "2025-01-01"), ("version", &version)]).await, StatusCode::FORBIDDEN);
    // Refusals on the notification are on its trail; nothing was written.
    let trail = t.app.store.audit_for_record(RecordKind::MashNotification, &id, 100).await.expect("audit");
    assert_eq!(trail.iter().filter(|e| e.action == AuditAction::Refused).count(), 8);
    let row = t.row(&id).await;
    assert_eq!((row.tys_synopsis.as_str(), row.eh_synopsis.as_str(), row.chronology.as_str(), row.status.as_str()), ("", "", "", "awaiting_responses"));
}
