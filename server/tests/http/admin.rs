use crate::support::{TestApp, PASSWORD};
use axum::http::StatusCode;
use domain::audit::RecordKind;

#[tokio::test]
async fn only_administrators_reach_administration() {
    let app = TestApp::new().await;
    for who in ["rao", "tm", "ehm"] {
        let cookie = app.sign_in(who).await;
        assert_eq!(app.call("admin/directory", Some(&cookie), &[]).await.status, StatusCode::FORBIDDEN, "{who}");
        let r = app.call("admin/save_team", Some(&cookie), &[("name", "Sneaky team")]).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{who}");
    }
    let admin = app.sign_in("admin").await;
    let r = app.call("admin/directory", Some(&admin), &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["roles"].as_array().map(Vec::len), Some(16));
    assert_eq!(r.json()["users"].as_array().map(Vec::len), Some(4));
}

#[tokio::test]
async fn an_administrator_creates_a_user_who_must_choose_a_password() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let r = app.call("admin/save_user", Some(&admin), &[("username", "new sw"), ("display_name", ""), ("roles[0]", "cass_social_worker")]).await;
    let fields: Vec<String> = r.json()["Invalid"]["errors"].as_array().cloned().unwrap_or_default().iter().map(|e| e["field"].as_str().unwrap_or("").to_string()).collect();
    assert_eq!(fields, vec!["username", "display_name"], "{}", r.body);
    app.keep_draft(&admin, "admin-user:new", "/staff/admin/users/new").await;

    let r = app
        .call(
            "admin/save_user",
            Some(&admin),
            &[("username", "new.sw"), ("display_name", "New Social Worker"), ("roles[0]", "cass_social_worker"), ("team_ids[0]", &app.cass_team)],
        )
        .await;
    let temporary = r.json()["Saved"]["temporary_password"].as_str().unwrap_or_default().to_string();
    assert!(temporary.len() >= 12, "{}", r.body);
    let new_id = r.json()["Saved"]["id"].as_str().unwrap_or_default().to_string();
    assert!(!app.has_draft(&admin, "admin-user:new").await, "the new user's draft is removed when saved");
    let created = app.store.get_user(&new_id).await.expect("get").expect("created");
    assert_eq!(created.roles, vec![domain::Role::CassSocialWorker]);
    assert_eq!(created.teams[0].name, "CASS");
    assert_eq!(app.store.audit_for_record(RecordKind::User, &new_id, 5).await.expect("audit")[0].username, "admin");

    let dup = app.call("admin/save_user", Some(&admin), &[("username", "NEW.SW"), ("display_name", "Dup"), ("roles[0]", "lado")]).await;
    assert_eq!(dup.json()["Invalid"]["errors"][0]["message"], "That username is already taken");

    let r = app.call("auth/sign_in", None, &[("username", "new.sw"), ("password", &temporary)]).await;
    assert_eq!(r.json()["SignedIn"]["next"], "/staff/account/password");
    let cookie = r.session_cookie().expect("cookie");
    let home = app.call("staff/home", Some(&cookie), &[]).await;
    assert_eq!(home.status, StatusCode::FORBIDDEN);
    assert_eq!(home.json(), serde_json::json!("PasswordChangeRequired"));
    let r = app.call("auth/change_password", Some(&cookie), &[("current", &temporary), ("new_password", "my own long passphrase"), ("confirm", "my own long passphrase")]).await;
    let cookie = r.session_cookie().expect("renewed");
    assert_eq!(app.call("staff/home", Some(&cookie), &[]).await.status, StatusCode::OK);
}

#[tokio::test]
async fn disabling_an_account_signs_it_out_and_stops_sign_in() {
    let app = TestApp::new().await;
    let rao_session = app.sign_in("rao").await;
    let admin = app.sign_in("admin").await;
    let rao = app.store.find_user_by_username("rao").await.expect("find").expect("rao");
    let r = app.call("admin/set_user_active", Some(&admin), &[("id", &rao.id)]).await;
    assert!(r.json().get("Saved").is_some(), "{}", r.body);
    assert_eq!(app.call("staff/home", Some(&rao_session), &[]).await.status, StatusCode::UNAUTHORIZED);
    let r = app.call("auth/sign_in", None, &[("username", "rao"), ("password", PASSWORD)]).await;
    assert!(r.json().get("Invalid").is_some());
    app.call("admin/set_user_active", Some(&admin), &[("id", &rao.id), ("active", "true")]).await;
    app.sign_in("rao").await;

    let me = app.store.find_user_by_username("admin").await.expect("find").expect("admin");
    let r = app.call("admin/set_user_active", Some(&admin), &[("id", &me.id)]).await;
    assert_eq!(r.json()["Invalid"]["errors"][0]["message"], "You cannot disable your own account");
}

#[tokio::test]
async fn teams_are_created_renamed_and_versioned() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    app.keep_draft(&admin, "admin-team-new", "/staff/admin/teams").await;
    let r = app.call("admin/save_team", Some(&admin), &[("name", "  ")]).await;
    assert_eq!(r.json()["Invalid"]["errors"][0]["field"], "name");
    assert!(app.has_draft(&admin, "admin-team-new").await, "kept while refused");
    let r = app.call("admin/save_team", Some(&admin), &[("name", "CASS")]).await;
    assert_eq!(r.json()["Invalid"]["errors"][0]["message"], "A team with that name already exists");
    let r = app.call("admin/save_team", Some(&admin), &[("name", "ASTI South"), ("description", "Assessment team")]).await;
    let id = r.json()["Saved"]["id"].as_str().unwrap_or_default().to_string();
    assert!(!app.has_draft(&admin, "admin-team-new").await, "removed when the team is added");
    app.call("admin/save_team", Some(&admin), &[("id", &id), ("name", "ASTI South and West"), ("active", "true")]).await;
    let teams = app.store.list_teams().await.expect("teams");
    let t = teams.iter().find(|t| t.id == id).expect("team");
    assert_eq!((t.name.as_str(), t.version, t.active), ("ASTI South and West", 2, true));
}

#[tokio::test]
async fn temporary_passwords_can_be_reissued() {
    let app = TestApp::new().await;
    let admin = app.sign_in("admin").await;
    let tm = app.store.find_user_by_username("tm").await.expect("find").expect("tm");
    let r = app.call("admin/reset_password", Some(&admin), &[("id", &tm.id)]).await;
    let temporary = r.json()["Saved"]["temporary_password"].as_str().unwrap_or_default().to_string();
    let r = app.call("auth/sign_in", None, &[("username", "tm"), ("password", PASSWORD)]).await;
    assert!(r.json().get("Invalid").is_some(), "the old password no longer works");
    let r = app.call("auth/sign_in", None, &[("username", "tm"), ("password", &temporary)]).await;
    assert_eq!(r.json()["SignedIn"]["next"], "/staff/account/password");
}
