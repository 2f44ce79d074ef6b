//! Service performance through the real router (issue 8 point 3): weekly figures for a period
//! and team, the contacts behind a week (audited), the page's charts with their tables, and
//! managers only. Same tests on SQLite and PostgreSQL.

use crate::support::TestApp;
use axum::http::StatusCode;
use chrono::{Duration, TimeZone, Utc};
use domain::Role;

/// Week of Monday 9 March 2026: a school's contact decided in 5 hours that became a referral,
/// and an anonymous one not yet decided, both worked by CASS.
async fn data(app: &TestApp) -> String {
    let at = |d, h| Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).single().expect("time");
    let worker = app.user("sw1", &[Role::CassSocialWorker], std::slice::from_ref(&app.cass_team)).await;
    let children = [app.child.clone()];
    let mut first = String::new();
    for (reference, received, source) in [("C-PERF-0001", at(10, 9), "2A"), ("C-PERF-0002", at(12, 9), "9")] {
        let item = storage::NewWorkItem {
            stage: "initial_analysis",
            worklist: "cass_team_manager",
            team_id: Some(&app.cass_team),
            assigned_user_id: None,
            timescale: "contact_initial_response",
            started_at: received,
            due_at: received + Duration::days(1),
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
        let id = app.store.create_case_contact(c, received).await.expect("contact");
        if first.is_empty() {
            first = id;
        }
    }
    let done = storage::time::to_db(at(10, 14));
    app.store
        .execute_raw_for_tests(&format!(
            "UPDATE work_items SET status = 'done', completed_at = '{done}' WHERE subject_id = '{first}'"
        ))
        .await
        .expect("decided");
    app.store
        .execute_raw_for_tests(&format!("UPDATE contacts SET is_referral = 1, referral_at = '{done}', level = 'complex_and_significant' WHERE id = '{first}'"))
        .await
        .expect("referral");
    first
}

#[tokio::test]
async fn weekly_figures_the_contacts_behind_them_and_the_page() {
    let app = TestApp::new().await;
    let first = data(&app).await;
    let tm = app.sign_in("tm").await;
    let period = [("from", "9/3/2026"), ("to", "22/3/2026"), ("team", "")];
    let r = app.call("performance/view", Some(&tm), &period).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = &r.json()["Ready"];
    let weeks = v["weeks"].as_array().expect("weeks");
    assert_eq!(weeks.len(), 2, "two weeks, the second empty: {v}");
    let w = &weeks[0];
    assert_eq!((w["start"].as_str(), w["contacts"].as_u64(), w["decided_in_time"].as_u64(), w["referrals"].as_u64()), (Some("2026-03-09"), Some(2), Some(1), Some(1)));
    assert_eq!(w["by_source"][1], 1, "schools");
    assert_eq!(w["by_source"][8], 1, "anonymous");
    assert_eq!(w["by_level"][3], 1, "complex and significant");
    assert_eq!(w["by_level"][5], 1, "not yet decided");
    assert_eq!(weeks[1]["contacts"], 0);
    assert_eq!(v["totals"]["contacts"], 2);

    // A team filter: only contacts a team worked on; another manager's team is not one's own.
    let mine = [("from", "9/3/2026"), ("to", "22/3/2026"), ("team", app.cass_team.as_str())];
    assert_eq!(app.call("performance/view", Some(&tm), &mine).await.json()["Ready"]["totals"]["contacts"], 2);
    let theirs = [("from", "9/3/2026"), ("to", "22/3/2026"), ("team", app.eh_team.as_str())];
    assert_eq!(app.call("performance/view", Some(&tm), &theirs).await.json()["Refused"]["errors"][0]["field"], "team");
    let bad = [("from", "9/3/2026"), ("to", "1/3/2026"), ("team", "")];
    assert_eq!(app.call("performance/view", Some(&tm), &bad).await.json()["Refused"]["errors"][0]["field"], "to");

    // The contacts behind the first week, audited as a read of the list.
    let drill = [("from", "2026-03-09"), ("to", "2026-03-15"), ("team", "")];
    let list = app.call("performance/contacts", Some(&tm), &drill).await.json();
    let rows = list["Ok"].as_array().expect("rows");
    assert_eq!(rows.len(), 2, "{list}");
    assert_eq!((rows[0]["contact_id"].as_str(), rows[0]["reference"].as_str()), (Some(first.as_str()), Some("C-PERF-0001")));
    assert_eq!((rows[0]["decided_in_time"].as_bool(), rows[0]["referral"].as_bool(), rows[0]["source"].as_str()), (Some(true), Some(true), Some("Schools")));
    let trail = app.store.audit_for_record(domain::audit::RecordKind::Report, "performance", 5).await.expect("audit");
    assert!(trail.iter().any(|e| e.username == "tm" && e.summary.contains("Listed the 2 contact(s)")), "{trail:?}");

    // The page: SVG charts named for screen readers, each with its table; weeks link to the list.
    let page = app.get("/staff/performance?from=9%2F3%2F2026&to=22%2F3%2F2026&team=", Some(&tm)).await;
    assert_eq!(page.status, StatusCode::OK);
    // A week only partly in the period links to the part its figures count.
    let part = app.get("/staff/performance?from=11%2F3%2F2026&to=12%2F3%2F2026&team=", Some(&tm)).await;
    assert!(part.body.contains("/staff/performance/contacts?from=2026-03-11&amp;to=2026-03-12"), "{}", part.body);
    for needle in ["role=\"img\"", "<title id=\"chart-sources-title\">Contacts per week by source</title>", "data-testid=\"table-sources\"", "data-testid=\"table-levels\"", "data-testid=\"table-timeliness\"", "/staff/performance/contacts?from=2026-03-09&amp;to=2026-03-15"] {
        assert!(page.body.contains(needle), "{needle} in the page");
    }
}

#[tokio::test]
async fn only_managers_see_performance() {
    let app = TestApp::new().await;
    let rao = app.sign_in("rao").await;
    assert_eq!(app.call("performance/view", Some(&rao), &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call("performance/contacts", Some(&rao), &[("from", "2026-03-09"), ("to", "2026-03-15")]).await.status, StatusCode::FORBIDDEN);
    let ehm = app.sign_in("ehm").await;
    let r = app.call("performance/view", Some(&ehm), &[]).await;
    assert!(r.json()["Ready"]["weeks"].as_array().is_some_and(|w| w.len() >= 8), "eight weeks to today by default: {}", r.body);
}
