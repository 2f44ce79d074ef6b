//! Ofsted Annex A exports through the real router (issue 8 point 4): Lists 1, 2 and 3 as CSV,
//! checked column by column, and as an Excel workbook; managers only; a bad period refused in
//! words; every download audited. Same tests on SQLite and PostgreSQL.

use crate::support::TestApp;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{NaiveDate, TimeZone, Utc};
use domain::Role;
use http_body_util::BodyExt;
use std::io::Read;
use tower::ServiceExt;

const PERIOD: &str = "from=2026-01-01&to=2026-06-30";

/// A child with Annex A's details, on a contact in March 2026 that became a referral (their
/// second in 12 months), held by a named worker in the CASS team.
async fn data(app: &TestApp) -> String {
    let at = |y, m, d, h| Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().expect("time");
    let worker = app.user("sw1", &[Role::CassSocialWorker], std::slice::from_ref(&app.cass_team)).await;
    let s = &app.store;
    let p = storage::NewPerson { given_name: "Mia", family_name: "Annex", date_of_birth: NaiveDate::from_ymd_opt(2015, 3, 27), address: "", postcode: "" };
    let child = s.create_person(p, at(2026, 1, 1, 9)).await.expect("person");
    s.execute_raw_for_tests(&format!("UPDATE people SET la_child_id = 'LA-0042' WHERE id = '{child}'")).await.expect("la id");
    s.set_person_demographics(&child, "female", "BAFR", at(2026, 1, 1, 9)).await.expect("demographics");
    let children = [child.clone()];
    for (reference, received, referral, source, holder) in [
        ("C-EXP-0001", at(2025, 9, 1, 10), at(2025, 9, 2, 10), "3B", None),
        ("C-EXP-0002", at(2026, 3, 10, 10), at(2026, 3, 11, 10), "2A", Some(worker.as_str())),
    ] {
        let item = storage::NewWorkItem {
            stage: "family_assessment",
            worklist: "asti",
            team_id: Some(&app.cass_team),
            assigned_user_id: holder,
            timescale: "contact_initial_response",
            started_at: referral,
            due_at: referral,
            calendar_version: "test",
        };
        let c = storage::NewCaseContact {
            reference,
            status: "open",
            channel: "phone",
            caller_kind: None,
            summary: "",
            concern: "",
            referrer: storage::Referrer::default(),
            contact_source: source,
            flow: "{}",
            level: None,
            received_at: received,
            created_by: &worker,
            children: &children,
            repeat_within_7_days: false,
            referral_within_12_months: false,
            first_items: vec![item],
        };
        let id = s.create_case_contact(c, received).await.expect("contact");
        let when = storage::time::to_db(referral);
        s.execute_raw_for_tests(&format!("UPDATE contacts SET is_referral = 1, referral_at = '{when}' WHERE id = '{id}'")).await.expect("referral");
    }
    child
}

async fn download(app: &TestApp, cookie: &str, path: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let req = Request::get(path).header(header::HOST, "frontdoor.test").header(header::COOKIE, cookie).body(Body::empty()).expect("request");
    let res = app.router.clone().oneshot(req).await.expect("response");
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = res.into_body().collect().await.map(|b| b.to_bytes().to_vec()).unwrap_or_default();
    (status, headers, bytes)
}

#[tokio::test]
async fn list_1_and_list_3_are_exact_column_by_column() {
    let app = TestApp::new().await;
    data(&app).await;
    let tm = app.sign_in("tm").await;

    let (status, headers, body) = download(&app, &tm, &format!("/staff/exports/annex-a/list-1.csv?{PERIOD}")).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert_eq!(headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert!(headers[header::CONTENT_DISPOSITION].to_str().expect("ascii").contains("annex-a-list-1-2026-01-01-to-2026-06-30.csv"));
    let csv = String::from_utf8(body).expect("utf-8");
    let lines: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(lines[0], ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Date of Contact", "Contact Source"]);
    // The September 2025 contact and the test app's contact from today are outside the period.
    assert_eq!(lines[1..], [vec!["LA-0042", "b", "BAFR", "27/03/2015", "10", "10/03/2026", "2A"]], "{csv}");

    let (status, _, body) = download(&app, &tm, &format!("/staff/exports/annex-a/list-3.csv?{PERIOD}")).await;
    assert_eq!(status, StatusCode::OK);
    let csv = String::from_utf8(body).expect("utf-8");
    let lines: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(lines[0][5..], ["Date of Referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"]);
    assert_eq!(lines[1..], [vec!["LA-0042", "b", "BAFR", "27/03/2015", "10", "11/03/2026", "2A", "No", "2", "CASS", "sw1"]], "{csv}");

    // Each download is in the audit trail with the list, period and rows.
    let trail = app.store.audit_for_record(domain::audit::RecordKind::Report, "list-3", 10).await.expect("audit");
    assert!(trail.iter().any(|e| e.action.slug() == "export" && e.username == "tm" && e.summary.contains("2026-01-01 to 2026-06-30: 1 row(s)")), "{trail:?}");
}

#[tokio::test]
async fn the_workbook_holds_the_same_cells() {
    let app = TestApp::new().await;
    data(&app).await;
    let tm = app.sign_in("tm").await;
    let (status, headers, body) = download(&app, &tm, &format!("/staff/exports/annex-a/list-3.xlsx?{PERIOD}")).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert_eq!(headers[header::CONTENT_TYPE], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(body)).expect("an xlsx is a zip");
    let mut text = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}")).read_to_string(&mut s).expect("read");
        s
    };
    let workbook = text("xl/workbook.xml");
    assert!(workbook.contains("name=\"Annex A List 3\""), "{workbook}");
    let strings = text("xl/sharedStrings.xml");
    for cell in ["Child Unique ID", "Referral NFA?", "Allocated Worker", "LA-0042", "BAFR", "27/03/2015", "11/03/2026", "2A", "No", "CASS", "sw1"] {
        assert!(strings.contains(&format!(">{cell}<")), "{cell} in the workbook: {strings}");
    }
    let sheet = text("xl/worksheets/sheet1.xml");
    assert_eq!(sheet.matches("<row ").count(), 2, "the header and one referral: {sheet}");
}

#[tokio::test]
async fn only_managers_export_and_a_bad_period_is_refused_in_words() {
    let app = TestApp::new().await;
    let rao = app.sign_in("rao").await;
    let (status, ..) = download(&app, &rao, &format!("/staff/exports/annex-a/list-1.csv?{PERIOD}")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = app.sign_in("admin").await;
    assert_eq!(download(&app, &admin, &format!("/staff/exports/annex-a/list-1.csv?{PERIOD}")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.call("exports/annex-a", Some(&rao), &[("from", ""), ("to", "")]).await.status, StatusCode::FORBIDDEN);

    let tm = app.sign_in("tm").await;
    let (status, _, body) = download(&app, &tm, "/staff/exports/annex-a/list-1.csv?from=2026-06-01&to=2026-05-01").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(String::from_utf8_lossy(&body).contains("The last day must be the same as or after the first day"));
    assert_eq!(download(&app, &tm, &format!("/staff/exports/annex-a/list-4.csv?{PERIOD}")).await.0, StatusCode::NOT_FOUND);

    // The page's counts: refused with the error summary's fields, or the lists with their rows.
    let r = app.call("exports/annex-a", Some(&tm), &[("from", "31/02/2026"), ("to", "")]).await.json();
    let fields: Vec<&str> = r["Refused"]["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, ["from", "to"], "{r}");
    data(&app).await;
    let r = app.call("exports/annex-a", Some(&tm), &[("from", "1/1/2026"), ("to", "30/6/2026")]).await.json();
    let ready = &r["Ready"];
    assert_eq!((ready["from"].as_str(), ready["to"].as_str(), ready["period"].as_str()), (Some("1/1/2026"), Some("30/6/2026"), Some("1 January 2026 to 30 June 2026")));
    assert_eq!(ready["lists"][0]["rows"], 1);
    assert_eq!(ready["lists"][0]["csv"], format!("/staff/exports/annex-a/list-1.csv?{PERIOD}"));
    assert_eq!((ready["lists"][1]["title"].as_str(), ready["lists"][1]["rows"].as_u64()), (Some("Annex A List 2: early help assessments"), Some(0)));
    assert_eq!(ready["lists"][2]["rows"], 1);
    // With nothing typed, the six months to today.
    let r = app.call("exports/annex-a", Some(&tm), &[("from", ""), ("to", "")]).await.json();
    assert!(r["Ready"]["lists"][0]["rows"].as_u64().is_some_and(|n| n >= 1), "the test app's contact from today: {r}");
}

/// An EHA on the desk for `child` with its intake form's consent and assessment dates.
async fn eha(app: &TestApp, child: &str, reference: &str, received: chrono::DateTime<Utc>, consent: &str, started: &str, completed: &str) {
    let form = serde_json::json!({ "source": "white_mail", "consent": consent, "assessment_started": started, "assessment_completed": completed, "referrer_organisation": "Hill Primary School" });
    app.eha(child, reference, "white_mail", received, &form).await;
}

#[tokio::test]
async fn list_2_has_the_early_help_assessments_started_or_completed_in_the_period() {
    let app = TestApp::new().await;
    let child = data(&app).await;
    let at = |y, m, d, h| Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().expect("time");
    // Started and completed in the period, as the EHA records them.
    eha(&app, &child, "EH-EXP-1", at(2026, 2, 23, 9), "yes", "02/02/2026", "20/02/2026").await;
    // No dates on the EHA: completed the day the desk received it, the start left empty.
    eha(&app, &child, "EH-EXP-2", at(2026, 5, 4, 9), "yes", "", "").await;
    // Started in the period, completed and received in July.
    eha(&app, &child, "EH-EXP-3", at(2026, 7, 6, 9), "yes", "29/06/2026", "03/07/2026").await;
    // Before the period; and one without consent (never processed, §1.1.1).
    eha(&app, &child, "EH-EXP-4", at(2025, 12, 1, 9), "yes", "", "").await;
    eha(&app, &child, "EH-EXP-5", at(2026, 3, 3, 9), "no", "", "").await;
    let tm = app.sign_in("tm").await;
    let (status, headers, body) = download(&app, &tm, &format!("/staff/exports/annex-a/list-2.csv?{PERIOD}")).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert!(headers[header::CONTENT_DISPOSITION].to_str().expect("ascii").contains("annex-a-list-2-2026-01-01-to-2026-06-30.csv"));
    let csv = String::from_utf8(body).expect("utf-8");
    let lines: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(
        lines[0],
        ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Assessment Start Date", "Assessment Completion Date", "Organisation Completing Assessment"]
    );
    assert_eq!(
        lines[1..],
        [
            vec!["LA-0042", "b", "BAFR", "27/03/2015", "10", "02/02/2026", "20/02/2026", "Hill Primary School"],
            vec!["LA-0042", "b", "BAFR", "27/03/2015", "11", "", "04/05/2026", "Hill Primary School"],
            vec!["LA-0042", "b", "BAFR", "27/03/2015", "11", "29/06/2026", "03/07/2026", "Hill Primary School"],
        ],
        "{csv}"
    );
    // EHAs are not contacts to Children's Social Care: List 1 still has only the one contact.
    let (_, _, body) = download(&app, &tm, &format!("/staff/exports/annex-a/list-1.csv?{PERIOD}")).await;
    assert_eq!(String::from_utf8(body).expect("utf-8").lines().count(), 2);
    // The workbook carries the same rows, and the download is audited.
    let (status, _, body) = download(&app, &tm, &format!("/staff/exports/annex-a/list-2.xlsx?{PERIOD}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.starts_with(b"PK"), "an XLSX is a zip");
    let trail = app.store.audit_for_record(domain::audit::RecordKind::Report, "list-2", 10).await.expect("audit");
    assert!(trail.iter().any(|e| e.summary.contains("2026-01-01 to 2026-06-30: 3 row(s)")), "{trail:?}");
}

#[tokio::test]
async fn the_exports_page_renders_for_a_manager_without_javascript() {
    let app = TestApp::new().await;
    let tm = app.sign_in("tm").await;
    let page = app.get(&format!("/staff/exports?{PERIOD}"), Some(&tm)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Inspection exports"));
    assert!(page.body.contains("method=\"get\""), "a plain GET form");
    assert!(page.body.contains("/staff/exports/annex-a/list-1.csv?from=2026-01-01&amp;to=2026-06-30"), "{}", page.body);
}
