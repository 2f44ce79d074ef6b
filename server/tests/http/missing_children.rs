//! Missing children through the real router (seed 003 §7): a "Missing status: found" note opens
//! the return interview with its 72-hour deadline stored from the calendar; the Return Interview
//! Form is uploaded (with the CSE screening confirmed) and downloaded; problems come back to the
//! record page; roles, record access and the audit trail.

use crate::support::TestApp;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{Duration, Utc};
use domain::audit::{AuditAction, RecordKind};
use domain::Role;
use serde_json::Value;

const BOUNDARY: &str = "return-interview-boundary";

fn local(t: chrono::DateTime<Utc>) -> String {
    domain::rules::uk_local_time(t).format("%Y-%m-%dT%H:%M").to_string()
}

/// The minute a typed local time stands for.
fn typed(t: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
    domain::rules::utc_from_uk_local(chrono::NaiveDateTime::parse_from_str(&local(t), "%Y-%m-%dT%H:%M").expect("typed"))
}

/// A multipart upload of the form as the record page's plain form sends it.
async fn upload(app: &TestApp, cookie: &str, id: &str, file: Option<(&str, &[u8])>, cse: bool, version: i64) -> crate::support::Reply {
    let mut body = Vec::new();
    let mut part = |head: String, bytes: &[u8]| {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n{head}\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    };
    part("Content-Disposition: form-data; name=\"version\"".into(), version.to_string().as_bytes());
    match file {
        Some((name, bytes)) => part(format!("Content-Disposition: form-data; name=\"form\"; filename=\"{name}\"\r\nContent-Type: application/pdf"), bytes),
        // A browser sends an empty file part when nothing was chosen.
        None => part("Content-Disposition: form-data; name=\"form\"; filename=\"\"\r\nContent-Type: application/octet-stream".into(), b""),
    }
    if cse {
        part("Content-Disposition: form-data; name=\"cse_screening\"".into(), b"yes");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    let req = Request::post(format!("/staff/return-interviews/{id}/form"))
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .header(header::HOST, "frontdoor.test")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .expect("request");
    app.send(req).await
}

async fn found_note(app: &TestApp, cookie: &str, returned_at: &str) -> Value {
    let r = app
        .call(
            "notes/add",
            Some(cookie),
            &[("note_type", "missing_status_found"), ("text", "Child found by police at a friend's house"), ("children[0]", &app.child), ("contact_id", &app.contact), ("returned_at", returned_at)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.json()
}

#[tokio::test]
async fn a_found_note_starts_the_72_hour_return_interview_and_the_form_closes_it() {
    let app = TestApp::new().await;
    let rao = app.sign_in("rao").await;
    let returned = Utc::now() - Duration::hours(5);
    let v = found_note(&app, &rao, &local(returned)).await;
    assert!(v["Saved"]["message"].as_str().unwrap_or("").contains("return interview is due within 72 hours"), "{v}");
    // One interview, due 72 elapsed hours after the return (to the minute typed), stored with
    // the calendar it was computed under and linked to the found note.
    let rows = app.store.return_interviews_for_person(&app.child).await.expect("interviews");
    assert_eq!(rows.len(), 1);
    let ri = &rows[0];
    assert_eq!((ri.returned_at, ri.due_at, ri.status.as_str()), (typed(returned), typed(returned) + Duration::hours(72), "due"));
    assert_eq!(ri.calendar_version, domain::rules::WorkingCalendar::builtin().expect("calendar").version);
    let notes = app.store.case_notes_for_person(&app.child).await.expect("notes");
    assert_eq!(ri.found_note_id.as_deref(), notes.iter().find(|n| n.note_type == "missing_status_found").map(|n| n.id.as_str()));
    // The record shows it with its live clock.
    let r = app.call("missing/for_person", Some(&rao), &[("person_id", &app.child)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    let shown = &v["interviews"][0];
    assert_eq!((shown["status"].as_str(), shown["rag"].as_str()), (Some("due"), Some("green")));
    assert!(shown["due_text"].as_str().unwrap_or("").starts_with("due in 2 days 18 hours"), "{shown}");
    // A second found note about the same return does not start a second clock.
    found_note(&app, &rao, "").await;
    assert_eq!(app.store.return_interviews_for_person(&app.child).await.expect("interviews").len(), 1);
    // Nor can two found notes at once: the database holds one waiting interview per child.
    let second = format!(
        "INSERT INTO return_interviews (id, person_id, returned_at, due_at, calendar_version, status, created_at, cse_screening_completed, version)
         VALUES ('ri-two', '{}', '{}', '{}', 'test', 'due', '{}', 0, 1)",
        app.child, storage::time::to_db(returned), storage::time::to_db(returned), storage::time::to_db(returned)
    );
    assert!(app.store.execute_raw_for_tests(&second).await.is_err(), "a second waiting interview is refused");
    // Every missing-status note is copied to the missing-children partner worker at the address
    // the council keeps: from the contact it was written on, or (on the child's own record) the
    // child's latest contact. Once per note.
    let r = app.call("notes/add", Some(&rao), &[("note_type", "missing_status_update"), ("text", "Seen in town"), ("children[0]", &app.child), ("person_id", &app.child)]).await;
    assert!(r.json()["Saved"]["message"].as_str().unwrap_or("").contains("Missing child: copy of the case note: queued for 1"), "{}", r.body);
    let sent = app.store.communications_for_contact(&app.contact).await.expect("communications");
    let copies: Vec<_> = sent.iter().filter(|c| c.letter_kind == "missing_child_note_copy").collect();
    assert_eq!(copies.len(), 3, "two found notes and the update: {sent:?}");
    assert!(copies.iter().all(|c| c.recipient_email == "missing-children@partner.example"));
    assert!(copies.iter().any(|c| c.body.contains("Seen in town")), "{copies:?}");

    // Problems come back to the record page, against the interview, each as its code.
    let r = upload(&app, &rao, &ri.id, None, false, ri.version).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers[header::LOCATION], format!("/staff/people/{}?ri={}&ri_error=no_file,no_cse#return-interviews", app.child, ri.id));
    let r = upload(&app, &rao, &ri.id, Some(("form.exe", b"MZ")), true, ri.version).await;
    assert!(r.headers[header::LOCATION].to_str().expect("location").contains("ri_error=wrong_type&ri_cse=yes#"), "the tick is kept");
    assert_eq!(app.store.return_interview(&ri.id).await.expect("get").expect("row").status, "due");

    // The form, with the CSE screening tool completed: on the record, within the 72 hours.
    let pdf = b"%PDF-1.4 return interview";
    let r = upload(&app, &rao, &ri.id, Some(("return interview.pdf", pdf)), true, ri.version).await;
    assert_eq!(r.headers[header::LOCATION], format!("/staff/people/{}?ri_uploaded={}#return-interviews", app.child, ri.id));
    let done = app.store.return_interview(&ri.id).await.expect("get").expect("row");
    assert_eq!((done.status.as_str(), done.form_file_name.as_deref(), done.cse_screening_completed), ("completed", Some("return interview.pdf"), true));
    let v = app.call("missing/for_person", Some(&rao), &[("person_id", &app.child)]).await.json();
    let shown = &v["interviews"][0];
    assert!(shown["form"].as_str().unwrap_or("").starts_with("Return Interview Form: return interview.pdf (1 KB, CSE screening tool completed), uploaded by rao"), "{shown}");
    assert!(shown["timeliness"].as_str().unwrap_or("").starts_with("Within 72 hours of the child's return"), "{shown}");
    assert_eq!(shown["rag"], "");
    // Downloaded as it was uploaded, always as an attachment.
    let r = app.get(&format!("/staff/return-interviews/{}/form", ri.id), Some(&rao)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.as_bytes(), pdf);
    assert_eq!(r.headers[header::CONTENT_DISPOSITION], "attachment; filename=\"return_interview.pdf\"");
    assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    // A second upload changes nothing.
    let r = upload(&app, &rao, &ri.id, Some(("other.pdf", b"%PDF other")), true, done.version).await;
    assert!(r.headers[header::LOCATION].to_str().expect("location").contains("ri_error=already_uploaded"));
    assert_eq!(app.store.return_interview(&ri.id).await.expect("get").expect("row").form_file_name.as_deref(), Some("return interview.pdf"));
    // Each step is in the child's audit trail.
    let trail = app.store.audit_for_record(RecordKind::Person, &app.child, 50).await.expect("audit");
    let has = |action: AuditAction, words: &str| trail.iter().any(|e| e.action == action && e.summary.contains(words));
    assert!(has(AuditAction::Create, "Return interview") && has(AuditAction::Create, "did not start a second clock"), "{trail:?}");
    assert!(has(AuditAction::Update, "Uploaded the Return Interview Form return interview.pdf"), "{trail:?}");
    assert!(has(AuditAction::Read, "Downloaded the Return Interview Form") && has(AuditAction::Read, "Read the child's return interviews"), "{trail:?}");
}

#[tokio::test]
async fn the_return_time_is_checked_and_a_late_return_is_already_overdue() {
    let app = TestApp::new().await;
    let rao = app.sign_in("rao").await;
    // In the future: refused against its field, and no note written.
    let v = found_note(&app, &rao, &local(Utc::now() + Duration::hours(3))).await;
    assert_eq!(v["Invalid"]["errors"][0]["field"], "returned_at");
    assert!(app.store.case_notes_for_person(&app.child).await.expect("notes").is_empty());
    let v = found_note(&app, &rao, "last Tuesday").await;
    assert_eq!(v["Invalid"]["errors"][0]["field"], "returned_at");
    // Other note types ignore the field.
    let r = app.call("notes/add", Some(&rao), &[("note_type", "missing_status_missing"), ("text", "Reported missing"), ("children[0]", &app.child), ("contact_id", &app.contact), ("returned_at", "nonsense")]).await;
    assert!(r.json()["Saved"].is_object(), "{}", r.body);
    assert!(app.store.return_interviews_for_person(&app.child).await.expect("interviews").is_empty());
    // Back four days ago, found out only now: the clock is already red.
    found_note(&app, &rao, &local(Utc::now() - Duration::days(4))).await;
    let v = app.call("missing/for_person", Some(&rao), &[("person_id", &app.child)]).await.json();
    assert_eq!(v["interviews"][0]["rag"], "red");
    assert!(v["interviews"][0]["due_text"].as_str().unwrap_or("").starts_with("overdue by 1 day"), "{v}");
}

#[tokio::test]
async fn the_desk_lists_interviews_due_and_only_those_with_the_record_open_may_upload() {
    let app = TestApp::new().await;
    let rao = app.sign_in("rao").await;
    let ehm = app.sign_in("ehm").await;
    found_note(&app, &rao, "").await;
    let ri = app.store.return_interviews_for_person(&app.child).await.expect("interviews").remove(0);
    // The Early Help desk sees every interview still due, soonest first, each read audited.
    let r = app.call("missing/due", Some(&ehm), &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert_eq!(v["interviews"].as_array().map(|a| a.len()), Some(1));
    assert_eq!((v["interviews"][0]["person_id"].as_str(), v["interviews"][0]["child"].as_str()), (Some(app.child.as_str()), Some("Ada Example")));
    let trail = app.store.audit_for_record(RecordKind::Person, &app.child, 50).await.expect("audit");
    assert!(trail.iter().any(|e| e.summary == "Listed on the return interviews due"));
    // The CASS phone line does not work the desk's list.
    assert_eq!(app.call("missing/due", Some(&rao), &[]).await.status, StatusCode::FORBIDDEN);
    // The Early Help Manager has not opened this child's record: no reading, no uploading.
    assert_eq!(app.call("missing/for_person", Some(&ehm), &[("person_id", &app.child)]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(upload(&app, &ehm, &ri.id, Some(("f.pdf", b"%PDF")), true, ri.version).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("/staff/return-interviews/{}/form", ri.id), Some(&ehm)).await.status, StatusCode::FORBIDDEN);
    // Nor can anyone signed out, nor a role that does not work with case records.
    assert_ne!(upload(&app, "", &ri.id, Some(("f.pdf", b"%PDF")), true, ri.version).await.status, StatusCode::SEE_OTHER);
    app.user("lado", &[Role::Lado], &[]).await;
    let lado = app.sign_in("lado").await;
    let status = app.call("missing/for_person", Some(&lado), &[("person_id", &app.child)]).await.status;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.return_interview(&ri.id).await.expect("get").expect("row").status, "due");
    // Once the form is in, the desk's list is empty.
    upload(&app, &rao, &ri.id, Some(("f.pdf", b"%PDF")), true, ri.version).await;
    let v = app.call("missing/due", Some(&ehm), &[]).await.json();
    assert_eq!(v["interviews"].as_array().map(|a| a.len()), Some(0));
    // An unknown interview is 404.
    assert_eq!(app.get("/staff/return-interviews/nope/form", Some(&rao)).await.status, StatusCode::NOT_FOUND);
}

/// Issue 8 point 1: the manager's dashboard shows the deadlines outside the worklists their roles
/// see — MASH requests waiting for the desk (Red 4 hours) and return interviews (72 hours) —
/// soonest first, with no child named.
#[tokio::test]
async fn the_early_help_managers_dashboard_shows_mash_and_return_interview_clocks() {
    let app = TestApp::new().await;
    app.user("mash", &[Role::MashTeam], &[]).await;
    let mash = app.sign_in("mash").await;
    let rao = app.sign_in("rao").await;
    let r = app
        .call("mash/record", Some(&mash), &[("kind", "request_for_information"), ("priority", "red"), ("child_name", "Ada Example"), ("concern", "Police notification")])
        .await;
    let reference = r.json()["Created"]["reference"].as_str().unwrap_or_else(|| panic!("{}", r.body)).to_string();
    found_note(&app, &rao, "").await;
    let ehm = app.sign_in("ehm").await;
    let v = app.call("worklists/view", Some(&ehm), &[]).await.json();
    let clocks = v["clocks"].as_array().expect("clocks");
    assert_eq!(clocks.len(), 2, "{v}");
    assert_eq!((clocks[0]["what"].as_str(), clocks[0]["reference"].as_str(), clocks[0]["rag"].as_str()), (Some("MASH request (Red)"), Some(reference.as_str()), Some("amber")));
    assert_eq!((clocks[1]["what"].as_str(), clocks[1]["rag"].as_str()), (Some("Return interview"), Some("green")));
    assert!(clocks[1]["href"].as_str().unwrap_or("").ends_with("#return-interviews"));
    assert!(!v["clocks"].to_string().contains("Ada"), "no child named on the dashboard");
    // A CASS Team Manager sees neither (not a MASH or Early Help desk role); an RAO is no manager.
    let tm = app.sign_in("tm").await;
    assert_eq!(app.call("worklists/view", Some(&tm), &[]).await.json()["clocks"], serde_json::json!([]));
    assert_eq!(app.call("worklists/view", Some(&rao), &[]).await.json()["clocks"], serde_json::json!([]));
}
