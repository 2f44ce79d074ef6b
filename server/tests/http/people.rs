//! The person and family index through the real router: search with reasons and CSC status,
//! search-before-create enforced on the server, relationships, involvement, merges for managers
//! only, and the audit of every read and change.

use crate::support::TestApp;
use axum::http::StatusCode;
use domain::audit::{AuditAction, RecordKind};
use domain::matching::PersonFacts;
use domain::Role;

fn fields(v: &serde_json::Value) -> Vec<String> {
    v["Invalid"]["errors"].as_array().map(|a| a.iter().filter_map(|e| e["field"].as_str().map(String::from)).collect()).unwrap_or_default()
}

async fn audited(app: &TestApp, person: &str, action: AuditAction) -> Vec<String> {
    let entries = app.store.audit_for_record(RecordKind::Person, person, 100).await.expect("audit");
    entries.into_iter().filter(|e| e.action == action).map(|e| e.summary).collect()
}

/// A child in the test app's worklist (on its contact) with a date of birth and a valid postcode.
async fn known_child(app: &TestApp) -> String {
    let facts = PersonFacts {
        given_names: "Ava".into(),
        family_name: "Thompson".into(),
        date_of_birth: chrono::NaiveDate::from_ymd_opt(2016, 4, 12),
        postcode: Some("AB1 2DE".into()),
        ..PersonFacts::default()
    };
    let id = app.store.create_indexed_person(&facts, chrono::Utc::now()).await.expect("person");
    let now = chrono::Utc::now();
    let contact = storage::NewContact { reference: "C-000009", person_id: &id, summary: "Ava", assigned_team_id: Some(&app.cass_team), assigned_user_id: None, received_at: now };
    app.store.create_contact(contact, now).await.expect("contact");
    id
}

fn search<'a>(given: &'a str, family: &'a str, dob: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![("search[given_name]", given), ("search[family_name]", family), ("search[date_of_birth]", dob), ("search[postcode]", "")]
}

#[tokio::test]
async fn a_misspelt_search_ranks_the_child_first_with_reasons_and_csc_status() {
    let app = TestApp::new().await;
    let ava = known_child(&app).await;
    let rao = app.sign_in("rao").await;
    let tm = app.sign_in("tm").await;
    let r = app
        .call(
            "people/record_involvement",
            Some(&tm),
            &[
                ("person_id", &ava),
                ("involvement[worker_name]", "W Allocated"),
                ("involvement[worker_team]", "Children in Need"),
                ("involvement[worker_phone]", "01234 567890"),
                ("involvement[worker_email]", ""),
                ("involvement[opened_on]", "1/2/2026"),
            ],
        )
        .await;
    assert!(r.json().get("Done").is_some(), "{}", r.body);

    let r = app.call("people/search", Some(&rao), &search("Eva", "Tomson", "12/04/2016")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    let first = &v["Found"]["candidates"][0];
    assert_eq!(first["id"], ava.as_str());
    assert_eq!(first["name"], "Ava Thompson");
    assert!(first["reasons"].as_array().expect("reasons").iter().any(|x| x["label"].as_str().is_some_and(|l| l.contains("Same date of birth"))), "{first}");
    assert_eq!(first["csc"]["open"], true);
    assert_eq!(first["csc"]["worker_name"], "W Allocated");
    assert!(v["Found"]["search_token"].is_string());
    assert!(audited(&app, &ava, AuditAction::Read).await.iter().any(|s| s.contains("person search")));

    // Nothing to look up is a typed mistake, not an error.
    let r = app.call("people/search", Some(&rao), &search("Eva", "", "")).await;
    assert_eq!(fields(&r.json()), vec!["search_family_name"]);
    // Administrators do not work with case records.
    let admin = app.sign_in("admin").await;
    assert_eq!(app.call("people/search", Some(&admin), &search("Eva", "Tomson", "")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call("people/search", None, &search("Eva", "Tomson", "")).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn creating_a_person_needs_a_search_with_the_same_details_first() {
    let app = TestApp::new().await;
    let rao = app.sign_in("rao").await;
    let tm = app.sign_in("tm").await;
    let person = |dob: &'static str| {
        vec![
            ("person[given_names]", "Zara"),
            ("person[family_name]", "Okonkwo"),
            ("person[date_of_birth]", dob),
            ("person[address]", "4 High Street"),
            ("person[postcode]", "ZE2 9XY"),
        ]
    };
    let create = |token: String, dob: &'static str| {
        let mut f = person(dob);
        f.push(("search_token", Box::leak(token.into_boxed_str())));
        f
    };
    let r = app.call("people/create", Some(&rao), &create(String::new(), "3/3/2020")).await;
    assert!(r.json().get("SearchFirst").is_some(), "no search: {}", r.body);

    let r = app.call("people/search", Some(&rao), &search("zara", "OKONKWO", "03/03/2020")).await;
    let token = r.json()["Found"]["search_token"].as_str().expect("token").to_string();
    assert_eq!(r.json()["Found"]["new_person"]["family_name"], "OKONKWO");
    // Another user's search, or a different date of birth, does not count.
    let r = app.call("people/create", Some(&tm), &create(token.clone(), "3/3/2020")).await;
    assert!(r.json().get("SearchFirst").is_some(), "{}", r.body);
    let r = app.call("people/create", Some(&rao), &create(token.clone(), "4/3/2020")).await;
    assert!(r.json().get("SearchFirst").is_some(), "{}", r.body);
    // Mistakes come back against their fields, before the token is looked at.
    let mut bad = create(token.clone(), "3/3/2099");
    bad.push(("person[nhs_number]", "123"));
    assert_eq!(fields(&app.call("people/create", Some(&rao), &bad).await.json()), vec!["date_of_birth", "nhs_number"]);

    let r = app.call("people/create", Some(&rao), &create(token.clone(), "3/3/2020")).await;
    let id = r.json()["Saved"]["id"].as_str().expect("created").to_string();
    assert_eq!(audited(&app, &id, AuditAction::Create).await, vec!["Created Zara Okonkwo after a search"]);
    let found = app.call("people/search", Some(&rao), &search("Zara", "Okonkwo", "")).await.json();
    assert_eq!(found["Found"]["candidates"][0]["id"], id.as_str());

    // An NHS number already on the index is the same person: refused.
    let r = app.call("people/search", Some(&rao), &search("Zed", "Other", "")).await;
    let token = r.json()["Found"]["search_token"].as_str().expect("token").to_string();
    let fixed = app.store.get_indexed_person(&id).await.expect("get").expect("exists");
    let mut with_nhs = fixed.facts.clone();
    with_nhs.nhs_number = Some("9434765919".into());
    app.store.update_person(&id, &with_nhs, fixed.version, chrono::Utc::now()).await.expect("update");
    let dupe = [
        ("person[given_names]", "Zed"),
        ("person[family_name]", "Other"),
        ("person[date_of_birth]", ""),
        ("person[address]", ""),
        ("person[postcode]", ""),
        ("person[nhs_number]", "943 476 5919"),
        ("search_token", token.as_str()),
    ];
    assert_eq!(fields(&app.call("people/create", Some(&rao), &dupe).await.json()), vec!["nhs_number"]);
}

#[tokio::test]
async fn relationships_involvement_and_merges_on_a_persons_record() {
    let app = TestApp::new().await;
    let ava = known_child(&app).await;
    let rao = app.sign_in("rao").await;
    let tm = app.sign_in("tm").await;
    // Ada (the app's child) is Ava's parent for this test, with Parental Responsibility.
    let link = [("person_id", app.child.as_str()), ("other_person_id", ava.as_str()), ("kind", "parent"), ("parental_responsibility", "true")];
    let r = app.call("people/link", Some(&rao), &link).await;
    assert!(r.json().get("Done").is_some(), "{}", r.body);
    assert_eq!(fields(&app.call("people/link", Some(&rao), &link).await.json()), vec!["kind"], "linked twice");
    let sibling_pr = [("person_id", app.child.as_str()), ("other_person_id", ava.as_str()), ("kind", "sibling"), ("parental_responsibility", "true")];
    assert_eq!(fields(&app.call("people/link", Some(&rao), &sibling_pr).await.json()), vec!["parental_responsibility"]);

    let v = app.call("people/get", Some(&rao), &[("person_id", &ava)]).await.json();
    let rel = &v["relationships"][0];
    assert_eq!(rel["label"], "Parent");
    assert_eq!(rel["parental_responsibility"], "Holds Parental Responsibility for this person");
    assert!(audited(&app, &ava, AuditAction::Read).await.iter().any(|s| s.starts_with("Read the index details")));
    assert!(audited(&app, &ava, AuditAction::Update).await.iter().any(|s| s.contains("with Parental Responsibility")));
    let rel_id = rel["id"].as_str().expect("id").to_string();

    // Closing an involvement checks its dates.
    let r = app
        .call(
            "people/record_involvement",
            Some(&rao),
            &[("person_id", &ava), ("involvement[worker_name]", "W"), ("involvement[worker_team]", ""), ("involvement[worker_phone]", ""), ("involvement[worker_email]", "w@example.org"), ("involvement[opened_on]", "1/2/2026")],
        )
        .await;
    assert!(r.json().get("Done").is_some(), "{}", r.body);
    let inv = app.call("people/get", Some(&rao), &[("person_id", &ava)]).await.json()["involvements"][0]["id"].as_str().expect("id").to_string();
    let close = |d: &'static str| vec![("involvement_id", inv.clone()), ("closed_on", d.to_string()), ("closure_reason", "Needs met".to_string())];
    let as_refs = |v: &[(&'static str, String)]| v.iter().map(|(k, s)| (*k, s.clone())).collect::<Vec<_>>();
    let call = |f: Vec<(&'static str, String)>| {
        let app = &app;
        let rao = rao.clone();
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("people/close_involvement", Some(&rao), &pairs).await.json()
        }
    };
    assert_eq!(fields(&call(as_refs(&close("1/1/2026"))).await), vec!["closed_on"]);
    assert!(call(as_refs(&close("2/2/2026"))).await.get("Done").is_some());
    assert_eq!(app.call("people/get", Some(&rao), &[("person_id", &ava)]).await.json()["involvements"][0]["open"], false);

    // Merges are for managers; the merged record's contact moves and comes back on unmerge.
    let merge = [("survivor_id", ava.as_str()), ("merged_id", app.child.as_str()), ("reason", "Same child")];
    assert_eq!(app.call("people/merge", Some(&rao), &merge).await.status, StatusCode::FORBIDDEN);
    let r = app.call("people/merge", Some(&tm), &merge).await;
    assert!(r.json().get("Done").is_some(), "{}", r.body);
    assert_eq!(app.store.get_contact(&app.contact).await.expect("get").expect("exists").person_id.as_deref(), Some(ava.as_str()));
    let v = app.call("people/get", Some(&tm), &[("person_id", &ava)]).await.json();
    let merge_id = v["merges"][0]["id"].as_str().expect("merge").to_string();
    assert_eq!(v["merges"][0]["can_unmerge"], true);
    assert_eq!(app.call("people/unmerge", Some(&rao), &[("merge_id", &merge_id), ("reason", "x")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(fields(&app.call("people/unmerge", Some(&tm), &[("merge_id", &merge_id), ("reason", " ")]).await.json()), vec!["unmerge_reason"]);
    let r = app.call("people/unmerge", Some(&tm), &[("merge_id", &merge_id), ("reason", "Different children")]).await;
    assert!(r.json().get("Done").is_some(), "{}", r.body);
    assert_eq!(app.store.get_contact(&app.contact).await.expect("get").expect("exists").person_id.as_deref(), Some(app.child.as_str()));
    assert!(audited(&app, &app.child, AuditAction::Update).await.iter().any(|s| s.starts_with("Unmerged")));

    // A relationship recorded in error is withdrawn with a reason, never deleted: it stays on the
    // page, marked, stops counting, and comes back whole.
    let withdraw = |why: &'static str| [("person_id", ava.clone()), ("relationship_id", rel_id.clone()), ("reason", why.to_string())];
    let pairs = |f: &[(&'static str, String)]| f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let call = |endpoint: &'static str, who: String, f: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(endpoint, Some(&who), &pairs).await
        }
    };
    assert_eq!(fields(&call("people/withdraw_relationship", rao.clone(), pairs(&withdraw(" "))).await.json()), vec!["withdraw_reason"]);
    let r = call("people/withdraw_relationship", rao.clone(), pairs(&withdraw("Linked to the wrong child"))).await;
    assert!(r.json().get("Done").is_some(), "{}", r.body);
    assert_eq!(fields(&call("people/withdraw_relationship", rao.clone(), pairs(&withdraw("Linked to the wrong child"))).await.json()), vec!["withdraw_reason"], "once only");
    let shown = app.call("people/get", Some(&rao), &[("person_id", &ava)]).await.json()["relationships"][0].clone();
    assert!(shown["withdrawn"].as_str().expect("withdrawn").ends_with(": Linked to the wrong child"), "{shown}");
    assert_eq!(shown["can_restore"], true, "the person who withdrew it, within the undo time");
    assert!(app.store.relationships_of(&ava).await.expect("read").is_empty(), "a withdrawn link counts for nothing");
    assert!(audited(&app, &ava, AuditAction::Update).await.iter().any(|s| s.starts_with("Withdrew relationship") && s.ends_with("Linked to the wrong child")));
    assert!(audited(&app, &app.child, AuditAction::Update).await.iter().any(|s| s.starts_with("Withdrew relationship")), "audited on both people");
    // Someone else who is not a manager cannot restore it; a manager can.
    app.user("sw2", &[Role::CassSocialWorker], std::slice::from_ref(&app.cass_team)).await;
    let sw = app.sign_in("sw2").await;
    let restore = vec![("person_id", ava.clone()), ("relationship_id", rel_id.clone())];
    assert_eq!(app.call("people/get", Some(&sw), &[("person_id", &ava)]).await.json()["relationships"][0]["can_restore"], false);
    assert_eq!(fields(&call("people/restore_relationship", sw.clone(), restore.clone()).await.json()), vec!["relationships"]);
    let r = call("people/restore_relationship", tm.clone(), restore.clone()).await;
    assert!(r.json().get("Done").is_some(), "{}", r.body);
    let back = app.call("people/get", Some(&rao), &[("person_id", &ava)]).await.json()["relationships"][0].clone();
    assert!(back["withdrawn"].is_null() && back["parental_responsibility"] == "Holds Parental Responsibility for this person", "{back}");
    assert_eq!(app.store.relationships_of(&ava).await.expect("read").len(), 1);
    assert!(audited(&app, &ava, AuditAction::Update).await.iter().any(|s| s.starts_with("Restored relationship")));
}

#[tokio::test]
async fn a_relative_just_created_is_linked_from_the_childs_record() {
    let app = TestApp::new().await;
    let ava = known_child(&app).await;
    let rao = app.sign_in("rao").await;
    let aunt = app
        .store
        .create_indexed_person(&PersonFacts { given_names: "Dana".into(), family_name: "Link".into(), ..PersonFacts::default() }, chrono::Utc::now())
        .await
        .expect("person");
    // "Dana is other relative of Ava", asked from Dana's side: the RAO has no access to Dana's record.
    let link = [("person_id", aunt.as_str()), ("other_person_id", ava.as_str()), ("kind", "other_relative")];
    assert_eq!(app.call("people/link", Some(&rao), &link).await.status, StatusCode::FORBIDDEN);
    // From Ava's record, which the RAO works on, the same link is made and audited on both.
    let from_ava = [("person_id", aunt.as_str()), ("other_person_id", ava.as_str()), ("kind", "other_relative"), ("from", ava.as_str())];
    let r = app.call("people/link", Some(&rao), &from_ava).await;
    assert!(r.json().get("Done").is_some(), "{}", r.body);
    assert_eq!(app.store.relationships_of(&ava).await.expect("read")[0].relative_id, aunt);
    assert!(audited(&app, &aunt, AuditAction::Update).await.iter().any(|s| s.starts_with("Linked Dana Link as other relative of")));
    // `from` must be one of the two people.
    let elsewhere = [("person_id", aunt.as_str()), ("other_person_id", ava.as_str()), ("kind", "other_relative"), ("from", app.child.as_str())];
    assert_eq!(app.call("people/link", Some(&rao), &elsewhere).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_person_outside_the_readers_worklists_needs_a_reason_first() {
    let app = TestApp::new().await;
    let stranger = app
        .store
        .create_indexed_person(&PersonFacts { given_names: "Sol".into(), family_name: "Far".into(), ..PersonFacts::default() }, chrono::Utc::now())
        .await
        .expect("person");
    app.user("ehrao", &[Role::EarlyHelpReferralAndAdviceOfficer], &[app.eh_team.clone()]).await;
    let eh = app.sign_in("ehrao").await;
    assert_eq!(app.call("people/get", Some(&eh), &[("person_id", &stranger)]).await.status, StatusCode::FORBIDDEN);
    let upd = [
        ("person_id", stranger.as_str()),
        ("person[given_names]", "Sol"),
        ("person[family_name]", "Far"),
        ("person[date_of_birth]", ""),
        ("person[address]", ""),
        ("person[postcode]", ""),
        ("version", "1"),
    ];
    assert_eq!(app.call("people/update", Some(&eh), &upd).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn changing_details_keeps_the_old_postcode_and_refuses_a_stale_form() {
    let app = TestApp::new().await;
    let ava = known_child(&app).await;
    let rao = app.sign_in("rao").await;
    let form = |postcode: &'static str, upn: &'static str, version: &'static str| {
        vec![
            ("person_id", ava.clone()),
            ("person[given_names]", "Ava".into()),
            ("person[family_name]", "Thompson".into()),
            ("person[date_of_birth]", "12/4/2016".into()),
            ("person[address]", "1 New Street".into()),
            ("person[postcode]", postcode.into()),
            ("person[previous_postcode]", "".into()),
            ("person[phone]", "".into()),
            ("person[nhs_number]", "".into()),
            ("person[upn]", upn.into()),
            ("person[la_child_id]", "LA-77".into()),
            ("version", version.into()),
        ]
    };
    let call = |f: Vec<(&'static str, String)>| {
        let app = &app;
        let rao = rao.clone();
        async move {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call("people/update", Some(&rao), &pairs).await.json()
        }
    };
    // The draft of the change survives a refusal and is removed once the change is saved.
    let key = format!("person-details:{ava}");
    app.keep_draft(&rao, &key, &format!("/staff/people/{ava}")).await;
    let r = call(form("LS1 4AP", "not a upn", "1")).await;
    assert_eq!(fields(&r), vec!["upn"], "{r}");
    assert!(app.has_draft(&rao, &key).await, "kept while the form is refused");
    let r = call(form("LS1 4AP", "", "1")).await;
    assert_eq!(r["Saved"]["version"], 2, "{r}");
    assert!(!app.has_draft(&rao, &key).await, "removed when saved");
    // The family moved: the old postcode is kept among the previous ones, the LA child id saved.
    let got = app.call("people/get", Some(&rao), &[("person_id", &ava)]).await.json();
    assert_eq!(got["form"]["postcode"], "LS1 4AP");
    assert_eq!(got["form"]["previous_postcode"], "AB1 2DE");
    assert_eq!(got["form"]["la_child_id"], "LA-77");
    let stored = app.store.get_indexed_person(&ava).await.expect("get").expect("found");
    assert_eq!(stored.facts.previous_postcodes, vec!["AB1 2DE".to_string()]);
    // A form filled in before that change is refused, not applied over it.
    let r = call(form("M1 1AE", "", "1")).await;
    assert!(r.get("Stale").is_some(), "{r}");
    assert!(audited(&app, &ava, AuditAction::Update).await.iter().any(|s| s.starts_with("Changed the details of Ava Thompson")));
}
