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

    // Per day: one figure a day, empty days kept; too long a period per day is refused in words.
    let daily = [("from", "9/3/2026"), ("to", "15/3/2026"), ("team", ""), ("by", "day")];
    let v = app.call("performance/view", Some(&tm), &daily).await.json();
    let days = v["Ready"]["weeks"].as_array().expect("days");
    assert_eq!((v["Ready"]["by"].as_str(), days.len()), (Some("day"), 7));
    let counted: Vec<(&str, u64)> = days.iter().filter(|d| d["contacts"].as_u64() > Some(0)).map(|d| (d["start"].as_str().unwrap_or(""), d["contacts"].as_u64().unwrap_or(0))).collect();
    assert_eq!(counted, vec![("2026-03-10", 1), ("2026-03-12", 1)]);
    let long = [("from", "1/1/2026"), ("to", "30/6/2026"), ("team", ""), ("by", "day")];
    let r = app.call("performance/view", Some(&tm), &long).await.json();
    assert_eq!(r["Refused"]["errors"][0]["field"], "by", "{r}");
    let page = app.get("/staff/performance?from=9%2F3%2F2026&to=15%2F3%2F2026&team=&by=day", Some(&tm)).await;
    assert!(page.body.contains("Contacts per day by source") && page.body.contains("/staff/performance/contacts?from=2026-03-10&amp;to=2026-03-10"), "{}", page.body);

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

/// The Early Help desk's figures (issue 8 point 3): EHAs received with the step downs among them,
/// and episodes closed by outcome with the step ups, each week linking to the EHAs behind it.
#[tokio::test]
async fn the_early_help_desk_figures_count_step_downs_step_ups_and_outcomes() {
    let app = TestApp::new().await;
    let at = |d, h| Utc.with_ymd_and_hms(2026, 3, d, h, 0, 0).single().expect("time");
    let form = serde_json::json!({ "consent": "yes", "referrer_organisation": "Hill Primary School" });
    let up = app.eha(&app.child, "EH-PERF-1", "white_mail", at(10, 9), &form).await;
    app.eha(&app.child, "EH-PERF-2", "step_down_cin", at(11, 9), &form).await;
    let cog = app.eha(&app.child, "EH-PERF-3", "mash", at(12, 9), &form).await;
    for (id, when, outcome) in [(&up, at(17, 10), "Closed: transfer to ICS"), (&cog, at(13, 10), "Progress to meeting: Tipton COG")] {
        let closed = storage::time::to_db(when);
        app.store
            .execute_raw_for_tests(&format!("UPDATE contacts SET status = 'closed', closed_at = '{closed}', outcome = '{outcome}' WHERE id = '{id}'"))
            .await
            .expect("closed");
    }
    let tm = app.sign_in("tm").await;
    let v = app.call("performance/view", Some(&tm), &[("from", "9/3/2026"), ("to", "22/3/2026"), ("team", "")]).await.json();
    let v = &v["Ready"];
    assert_eq!(v["eha_shown"], true);
    let weeks = v["eha_weeks"].as_array().expect("weeks");
    assert_eq!((weeks[0]["received"].as_u64(), weeks[0]["step_downs"].as_u64(), weeks[0]["closed"].as_u64()), (Some(3), Some(1), Some(1)));
    let outcomes: Vec<&str> = v["eha_outcomes"].as_array().expect("names").iter().filter_map(|n| n.as_str()).collect();
    let cog_at = outcomes.iter().position(|n| *n == "Progress to a COG meeting").expect("COG series");
    assert_eq!(weeks[0]["by_outcome"][cog_at], 1);
    assert_eq!(outcomes[0], "Step up to Children's Social Care");
    assert_eq!((weeks[1]["closed"].as_u64(), weeks[1]["by_outcome"][0].as_u64()), (Some(1), Some(1)), "the step up closed the next week");
    assert_eq!((v["eha_totals"]["received"].as_u64(), v["eha_totals"]["step_downs"].as_u64(), v["eha_totals"]["closed"].as_u64()), (Some(3), Some(1), Some(2)));
    // Only for all teams or the desk's own team.
    let mine = [("from", "9/3/2026"), ("to", "22/3/2026"), ("team", app.cass_team.as_str())];
    let v = app.call("performance/view", Some(&tm), &mine).await.json();
    assert_eq!((v["Ready"]["eha_shown"].as_bool(), v["Ready"]["eha_weeks"].as_array().map(Vec::len)), (Some(false), Some(0)));
    // The EHAs behind the second week: the step up, with its outcome; audited.
    let list = app.call("performance/ehas", Some(&tm), &[("from", "2026-03-16"), ("to", "2026-03-22")]).await.json();
    let rows = list["Ok"].as_array().expect("rows");
    assert_eq!(rows.len(), 1, "{list}");
    assert_eq!((rows[0]["reference"].as_str(), rows[0]["group"].as_str(), rows[0]["route"].as_str()), (Some("EH-PERF-1"), Some("Step up to Children's Social Care"), Some("Received by e-mail or post (white mail)")));
    let trail = app.store.audit_for_record(domain::audit::RecordKind::Report, "performance", 5).await.expect("audit");
    assert!(trail.iter().any(|e| e.summary.contains("Listed the 1 EHA(s)")), "{trail:?}");
    let rao = app.sign_in("rao").await;
    assert_eq!(app.call("performance/ehas", Some(&rao), &[("from", "2026-03-16"), ("to", "2026-03-22")]).await.status, StatusCode::FORBIDDEN);
    // The page draws both charts with their table, each week linking to its EHAs.
    let page = app.get("/staff/performance?from=9%2F3%2F2026&to=22%2F3%2F2026&team=", Some(&tm)).await;
    for needle in ["chart-eha-received-title", "chart-eha-outcomes-title", "data-testid=\"table-eha\"", "/staff/performance/ehas?from=2026-03-09&amp;to=2026-03-15"] {
        assert!(page.body.contains(needle), "{needle} in the page");
    }
}
