//! The CASS inbox's e-mails through the real router (issue 5 point 3, seed 000's Business Support
//! filter): upload, parse and de-duplicate; take and release; every filter outcome, re-checked on
//! the server; attachments downloaded and audited. Same tests on SQLite and PostgreSQL.

use crate::support::TestApp;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use domain::Role;
use serde_json::{json, Value};

const BOUNDARY: &str = "XyZboundary";

fn eml(subject: &str) -> String {
    format!(
        "From: Example School <office@school.example>\r\nTo: cass@council.example\r\nSubject: {subject}\r\n\
Date: Mon, 2 Nov 2026 09:30:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>The pupil arrived <b>hungry</b> again.</p>\r\n\
--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"notes.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1--\r\n"
    )
}

struct Inbox {
    app: TestApp,
    bso: String,
}

async fn inbox() -> Inbox {
    let app = TestApp::new().await;
    let now = chrono::Utc::now();
    for l in ["cass_team_manager", "cass_referral_and_advice_officer"] {
        app.store.set_worklist_team(l, &app.cass_team, "setup", now).await.expect("worklist team");
    }
    app.user("bso", &[Role::BusinessSupportOfficer], std::slice::from_ref(&app.cass_team)).await;
    app.user("bso2", &[Role::BusinessSupportOfficer], std::slice::from_ref(&app.cass_team)).await;
    app.user("sw", &[Role::CassSocialWorker], std::slice::from_ref(&app.cass_team)).await;
    let bso = app.sign_in("bso").await;
    Inbox { app, bso }
}

impl Inbox {
    async fn upload(&self, cookie: &str, bytes: &[u8]) -> crate::support::Reply {
        let mut body = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.eml\"\r\nContent-Type: message/rfc822\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        let req = Request::post("/staff/inbox/upload")
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
            .header(header::HOST, "frontdoor.test")
            .header(header::COOKIE, cookie)
            .body(Body::from(body))
            .expect("request");
        self.app.send(req).await
    }

    /// Uploads an e-mail and returns its id.
    async fn item(&self, subject: &str) -> String {
        let r = self.upload(&self.bso, eml(subject).as_bytes()).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let to = r.headers[header::LOCATION].to_str().expect("location");
        to.strip_prefix("/staff/inbox/").expect("item address").to_string()
    }

    async fn take(&self, cookie: &str, id: &str) -> crate::support::Reply {
        self.app.call("inbox/take", Some(cookie), &[("id", id)]).await
    }

    async fn decide(&self, cookie: &str, form: Value) -> Value {
        let r = self.app.call_json("inbox/decide", Some(cookie), &json!({ "form": form })).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()
    }

    async fn view(&self, cookie: &str, id: &str) -> Value {
        let r = self.app.call("inbox/item", Some(cookie), &[("id", id)]).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()
    }

    async fn person(&self, given: &str) -> String {
        let p = storage::NewPerson { given_name: given, family_name: "Sample", date_of_birth: None, address: "", postcode: "" };
        self.app.store.create_person(p, chrono::Utc::now()).await.expect("person")
    }
}

#[tokio::test]
async fn an_uploaded_email_is_parsed_kept_once_and_listed() {
    let t = inbox().await;
    let id = t.item("Concern about a pupil").await;
    // The same file again is the same item.
    assert_eq!(t.item("Concern about a pupil").await, id);
    let v = t.view(&t.bso, &id).await;
    assert_eq!(v["subject"], "Concern about a pupil");
    assert_eq!(v["from"], "Example School <office@school.example>");
    assert!(v["body"].as_str().expect("body").contains("The pupil arrived hungry again."), "{v}");
    assert_eq!(v["status"], "new");
    assert_eq!(v["source_label"], "Uploaded e-mail");
    assert_eq!(v["attachments"][0]["file_name"], "notes.pdf");
    assert_eq!(v["attachments"][0]["scan"], "Not scanned");

    let items = t.app.call("inbox/items", Some(&t.bso), &[]).await.json();
    let mine: Vec<&Value> = items.as_array().expect("list").iter().filter(|i| i["href"] == format!("/staff/inbox/{id}")).collect();
    assert_eq!(mine.len(), 1, "{items}");

    // The attachment downloads as sent, and the download is audited.
    let att = v["attachments"][0]["id"].as_str().expect("attachment id");
    let r = t.app.get(&format!("/staff/inbox/attachments/{att}"), Some(&t.bso)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, "%PDF-1.4\n");
    assert!(r.headers[header::CONTENT_DISPOSITION].to_str().expect("header").contains("notes.pdf"));
    let audit = t.app.store.audit_for_record(domain::audit::RecordKind::InboxItem, &id, 50).await.expect("audit");
    assert!(audit.iter().any(|a| a.summary.contains("Downloaded the attachment notes.pdf")), "{audit:?}");
    assert!(audit.iter().any(|a| a.summary.starts_with("Read inbox e-mail")));
}

#[tokio::test]
async fn uploads_are_checked_and_only_inbox_roles_work_the_inbox() {
    let t = inbox().await;
    let r = t.upload(&t.bso, b"this is not an e-mail at all \x00\x01").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let to = r.headers[header::LOCATION].to_str().expect("location");
    assert_eq!(to, "/staff/inbox/upload?error=not_email");
    let r = t.upload(&t.bso, b"").await;
    assert_eq!(r.headers[header::LOCATION], "/staff/inbox/upload?error=no_file");

    let sw = t.app.sign_in("sw").await;
    assert_eq!(t.upload(&sw, eml("x").as_bytes()).await.status, StatusCode::FORBIDDEN);
    let id = t.item("Roles").await;
    assert_eq!(t.app.call("inbox/item", Some(&sw), &[("id", &id)]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.app.call("inbox/items", Some(&sw), &[]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(t.take(&sw, &id).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn one_holder_at_a_time_and_only_the_holder_decides() {
    let t = inbox().await;
    let id = t.item("Holder").await;
    let other = t.app.sign_in("bso2").await;
    let signpost = json!({ "item_id": id, "choice": "signpost", "reply": "Please contact the housing team" });
    assert_eq!(t.decide(&t.bso, signpost.clone()).await, json!("Stale"), "not held yet");
    assert_eq!(t.take(&t.bso, &id).await.json(), json!("Taken"));
    assert_eq!(t.take(&other, &id).await.json(), json!("NotAvailable"));
    assert_eq!(t.decide(&other, signpost.clone()).await, json!("Stale"));
    assert_eq!(t.view(&other, &id).await["held_by"], "bso");
    assert_eq!(t.app.call("inbox/release", Some(&other), &[("id", &id)]).await.json(), json!(false));
    assert_eq!(t.app.call("inbox/release", Some(&t.bso), &[("id", &id)]).await.json(), json!(true));
    assert_eq!(t.take(&other, &id).await.json(), json!("Taken"));
}

#[tokio::test]
async fn not_for_cass_is_signposted_with_the_reply_recorded() {
    let t = inbox().await;
    let id = t.item("Housing question").await;
    t.take(&t.bso, &id).await;
    // The decision being typed is kept as a draft until it is saved (issue 9 point 1).
    let key = format!("inbox:{id}");
    t.app.keep_draft(&t.bso, &key, &format!("/staff/inbox/{id}")).await;
    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "signpost", "reply": "  " })).await;
    assert_eq!(r["Refused"]["errors"][0]["field"], "reply", "{r}");
    assert!(t.app.has_draft(&t.bso, &key).await, "kept while refused");
    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "signpost", "reply": "Please contact the housing team" })).await;
    assert_eq!(r["Done"]["status"], "signposted", "{r}");
    assert!(!t.app.has_draft(&t.bso, &key).await, "removed when the decision is saved");
    let v = t.view(&t.bso, &id).await;
    assert_eq!(v["status"], "signposted");
    assert!(v["decision"].as_str().expect("decision").contains("Please contact the housing team"));
    assert_eq!(v["open"], false);
    assert_eq!(t.take(&t.bso, &id).await.json(), json!("NotAvailable"), "a decided e-mail cannot be taken again");
}

#[tokio::test]
async fn an_open_case_is_redirected_to_the_allocated_worker() {
    let t = inbox().await;
    let child = t.person("Mia").await;
    let id = t.item("About a child with a worker").await;
    t.take(&t.bso, &id).await;
    // The server refuses anything but a redirect while the case is open.
    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "create_contact", "case_open": true, "children": [child] })).await;
    assert_eq!(r["Refused"]["errors"][0]["field"], "choice", "{r}");
    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "redirect", "case_open": true, "children": [child], "worker": "" })).await;
    assert_eq!(r["Refused"]["errors"][0]["field"], "worker", "{r}");
    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "redirect", "case_open": true, "children": [child], "worker": "The allocated social worker" })).await;
    assert_eq!(r["Done"]["status"], "redirected", "{r}");
    assert_eq!(r["Done"]["contact_id"], Value::Null);
}

#[tokio::test]
async fn closed_or_unknown_cases_become_one_contact_for_the_siblings_on_the_tm_worklist() {
    let t = inbox().await;
    let (a, b) = (t.person("Ava").await, t.person("Leo").await);
    let id = t.item("Two siblings").await;
    t.take(&t.bso, &id).await;
    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "create_contact", "children": [] })).await;
    assert_eq!(r["Refused"]["errors"][0]["field"], "children", "{r}");
    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "create_contact", "children": ["no-such-person"] })).await;
    assert_eq!(r["Refused"]["errors"][0]["field"], "children", "{r}");
    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "create_contact", "children": [a, b] })).await;
    let contact = r["Done"]["contact_id"].as_str().unwrap_or_else(|| panic!("contact created: {r}")).to_string();
    let kids = t.app.store.contact_children(&contact).await.expect("children");
    assert_eq!(kids.len(), 2);
    let items = t.app.store.work_items_for_contact(&contact).await.expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!((items[0].stage.as_str(), items[0].worklist.as_str()), ("initial_analysis", "cass_team_manager"));
    let detail = t.app.store.get_contact_detail(&contact).await.expect("read").expect("contact");
    assert_eq!((detail.summary.as_str(), detail.channel.as_str()), ("Two siblings", "inbox"));
    assert_eq!(detail.referrer_email, "Example School <office@school.example>");
    // The TM/SP sees it waiting on their worklist.
    let tm = t.app.sign_in("tm").await;
    let lists = t.app.call("worklists/view", Some(&tm), &[]).await;
    assert!(lists.body.contains(&detail.reference), "{}", lists.body);
    let v = t.view(&t.bso, &id).await;
    assert_eq!((v["status"].as_str(), v["contact_id"].as_str()), (Some("contact_created"), Some(contact.as_str())));
}

#[tokio::test]
async fn a_child_open_in_the_last_four_weeks_goes_to_an_rao_or_tm_to_decide() {
    let t = inbox().await;
    // `app.child` has a contact opened today.
    let child = t.app.child.clone();
    let id = t.item("Recently open").await;
    t.take(&t.bso, &id).await;
    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "create_contact", "children": [child] })).await;
    assert_eq!(r["Refused"]["errors"][0]["field"], "choice", "{r}");
    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "send_for_review", "children": [child] })).await;
    assert_eq!(r["Done"]["status"], "awaiting_review", "{r}");
    // Business Support may not take the review; an RAO may.
    assert_eq!(t.take(&t.bso, &id).await.status, StatusCode::FORBIDDEN);
    let rao = t.app.sign_in("rao").await;
    assert_eq!(t.take(&rao, &id).await.json(), json!("Taken"));
    let r = t.decide(&rao, json!({ "item_id": id, "choice": "no_contact", "children": [child], "reason": "" })).await;
    assert_eq!(r["Refused"]["errors"][0]["field"], "reason", "{r}");
    let r = t.decide(&rao, json!({ "item_id": id, "choice": "no_contact", "children": [child], "reason": "Already being assessed" })).await;
    assert_eq!(r["Done"]["status"], "no_contact_needed", "{r}");
    let v = t.view(&rao, &id).await;
    assert!(v["decision"].as_str().expect("decision").contains("Already being assessed"));
}

#[tokio::test]
async fn the_reviewer_may_create_the_contact() {
    let t = inbox().await;
    let child = t.app.child.clone();
    let id = t.item("Recently open, contact needed").await;
    t.take(&t.bso, &id).await;
    t.decide(&t.bso, json!({ "item_id": id, "choice": "send_for_review", "children": [child] })).await;
    let tm = t.app.sign_in("tm").await;
    assert_eq!(t.take(&tm, &id).await.json(), json!("Taken"));
    let r = t.decide(&tm, json!({ "item_id": id, "choice": "create_contact", "children": [child] })).await;
    assert!(r["Done"]["contact_id"].is_string(), "{r}");
}

#[tokio::test]
async fn a_review_waits_on_the_rao_worklist_and_is_taken_from_there() {
    let t = inbox().await;
    let child = t.app.child.clone();
    let id = t.item("Recently open, on the worklist").await;
    t.take(&t.bso, &id).await;
    t.decide(&t.bso, json!({ "item_id": id, "choice": "send_for_review", "children": [child] })).await;
    let rao = t.app.sign_in("rao").await;
    let lists = t.app.call("worklists/view", Some(&rao), &[]).await.json();
    let rows: Vec<&Value> = lists["pools"].as_array().expect("pools").iter().flat_map(|p| p["rows"].as_array().expect("rows")).collect();
    let row = rows.iter().find(|r| r["contact_id"] == json!(id)).unwrap_or_else(|| panic!("review on the worklist: {lists}"));
    assert_eq!(row["href"], json!(format!("/staff/inbox/{id}")));
    assert_eq!((row["reference"].as_str(), row["summary"].as_str()), (Some("Inbox e-mail"), Some("Recently open, on the worklist")));
    assert_eq!(row["channel"], "Uploaded e-mail");
    // Taken on the worklist, the e-mail is the RAO's to decide.
    let item_id = row["item_id"].as_str().expect("item id").to_string();
    assert_eq!(t.app.call("worklists/claim", Some(&rao), &[("item_id", &item_id)]).await.json(), json!("Claimed"));
    let r = t.decide(&rao, json!({ "item_id": id, "choice": "no_contact", "children": [child], "reason": "Known and being assessed" })).await;
    assert_eq!(r["Done"]["status"], "no_contact_needed", "{r}");
    let lists = t.app.call("worklists/view", Some(&rao), &[]).await.json();
    assert_eq!(lists["mine"].as_array().map(Vec::len), Some(0), "the review is done: {lists}");
}

#[tokio::test]
async fn the_watched_folder_imports_each_email_once_and_moves_it() {
    let t = inbox().await;
    let dir = std::env::temp_dir().join(format!("frontdoor-inbox-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("a.eml"), eml("From the mailbox")).expect("write");
    std::fs::write(dir.join("b.eml"), eml("From the mailbox")).expect("write"); // redelivered
    std::fs::write(dir.join("c.eml"), b"\x00\x01 not mail").expect("write");
    std::fs::write(dir.join("notes.txt"), b"ignored").expect("write");
    let scanner = app::ssr::inbox_mail::NoScanner;
    // Two instances watching the same folder at once.
    let (p1, p2) = tokio::join!(
        server::inbox_watch::run_once(&t.app.store, &scanner, &dir),
        server::inbox_watch::run_once(&t.app.store, &scanner, &dir)
    );
    let (p1, p2) = (p1.expect("pass"), p2.expect("pass"));
    assert_eq!(p1.imported + p2.imported, 1, "{p1:?} {p2:?}");
    let items = t.app.store.inbox_mail(10).await.expect("list");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].source, "email");
    assert!(dir.join("done/a.eml").exists() && dir.join("done/b.eml").exists());
    assert!(dir.join("failed/c.eml").exists());
    assert!(std::fs::read_to_string(dir.join("failed/c.eml.error.txt")).expect("reason").contains("not an e-mail"));
    assert!(dir.join("notes.txt").exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn demo_mode_loads_synthetic_emails_into_the_inbox() {
    let fresh = storage::testing::TestDb::new().await.expect("db");
    let config = server::Config { database_url: fresh.url.clone(), demo: true, ..server::Config::default() };
    let (_, state) = server::build(&config).await.expect("demo build");
    let items = state.store.inbox_mail(10).await.expect("list");
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|i| i.status == "new" && !i.text_body.contains('<')), "{items:?}");
}

#[tokio::test]
async fn the_inbox_lists_newest_first() {
    let t = inbox().await;
    let first = t.item("First").await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let second = t.item("Second").await;
    let items = t.app.call("inbox/items", Some(&t.bso), &[]).await.json();
    let hrefs: Vec<&str> = items.as_array().expect("list").iter().filter_map(|i| i["href"].as_str()).collect();
    let (a, b) = (format!("/staff/inbox/{first}"), format!("/staff/inbox/{second}"));
    let pos = |h: &str| hrefs.iter().position(|x| *x == h).expect("listed");
    assert!(pos(&b) < pos(&a), "{hrefs:?}");
}

#[tokio::test]
async fn the_person_index_says_when_a_case_is_open_and_who_the_siblings_are() {
    let t = inbox().await;
    let now = chrono::Utc::now();
    // An open involvement on the index: only a redirect, without the worker ticking anything.
    let mia = t.person("Mia").await;
    let involvement = storage::NewInvolvement {
        person_id: &mia,
        worker_name: "A Social Worker",
        worker_team: "Children in Need",
        worker_phone: "",
        worker_email: "",
        opened_on: now.date_naive(),
        created_by: None,
    };
    t.app.store.record_involvement(involvement, now).await.expect("involvement");
    let id = t.item("About a child the index knows is open").await;
    t.take(&t.bso, &id).await;
    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "create_contact", "children": [mia] })).await;
    assert_eq!(r["Refused"]["errors"][0]["field"], "choice", "{r}");
    assert!(r["Refused"]["errors"][0]["message"].as_str().is_some_and(|m| m.contains("redirect")), "{r}");

    // A sibling on the index with a contact opened today: the 4-week rule applies to the brother.
    let brother = t.person("Noah").await;
    let r = storage::NewRelationship { person_id: &brother, other_person_id: &t.app.child, kind: "sibling", parental_responsibility: false, household_member: true, created_by: None };
    t.app.store.link_people(r, now).await.expect("link");
    let id = t.item("About the brother of a child open today").await;
    t.take(&t.bso, &id).await;
    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "create_contact", "children": [brother] })).await;
    assert!(r["Refused"]["errors"][0]["message"].as_str().is_some_and(|m| m.contains("4 weeks")), "{r}");
    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "send_for_review", "children": [brother] })).await;
    assert_eq!(r["Done"]["status"], "awaiting_review", "{r}");
}

impl Inbox {
    /// An online Request for Support as the public form stores it; returns (contact, child).
    async fn online(&self, reference: &str) -> (String, String) {
        self.online_with(reference, "{}").await
    }

    async fn online_with(&self, reference: &str, answers: &str) -> (String, String) {
        let r = storage::NewOnlineRequest {
            reference,
            child: storage::NewPerson { given_name: "Robin", family_name: "Online", date_of_birth: None, address: "", postcode: "AB1 2CD" },
            summary: "Online Request for Support from a professional (School): worried",
            assigned_team_id: Some(&self.app.cass_team),
            received_at: chrono::Utc::now(),
            referrer_kind: "professional",
            referrer_name: "Alex Teacher",
            referrer_organisation: "Example Primary School",
            referrer_role: "DSL",
            referrer_email: "alex@school.example",
            referrer_phone: "",
            relationship: "professional",
            ongoing_relationship: true,
            parental_responsibility: "",
            consent: "given",
            consent_given_by: "Jo Online, mother",
            consent_scopes: "a_eha",
            immediate_danger: false,
            suggested_level: "universal_plus",
            framework_version: "rhrt-2026.1",
            scripts_version: "cass-scripts-2026.1",
            answers,
        };
        let c = self.app.store.create_online_request(r, chrono::Utc::now()).await.expect("online request");
        (c.contact_id, c.person_id)
    }

    async fn online_item(&self, contact: &str) -> String {
        let items = self.app.store.inbox_mail(50).await.expect("items");
        items.into_iter().find(|i| i.contact_id.as_deref() == Some(contact)).map(|i| i.id).expect("an inbox item for the request")
    }
}

/// Seed 000 filters every inbox item, online requests included: "create a contact" opens the
/// request's own contact (its reference and the request kept) on the TM/SP worklist.
#[tokio::test]
async fn an_online_request_is_filtered_and_opens_its_own_contact() {
    let t = inbox().await;
    let (contact, child) = t.online("RFS-TEST-0001").await;
    let id = t.online_item(&contact).await;

    // Listed once, as an online request naming its child.
    let items = t.app.call("inbox/items", Some(&t.bso), &[]).await.json();
    let rows: Vec<&Value> = items.as_array().expect("rows").iter().filter(|r| r["subject"].as_str().is_some_and(|s| s.contains("RFS-TEST-0001"))).collect();
    assert_eq!(rows.len(), 1, "{items}");
    assert_eq!((rows[0]["source"].as_str(), rows[0]["child"].as_str(), rows[0]["href"].as_str()),
        (Some("online_form"), Some("Robin Online"), Some(format!("/staff/inbox/{id}").as_str())));

    // The item names the child to begin with and links to the whole request.
    let v = t.view(&t.bso, &id).await;
    assert_eq!((v["online"].as_bool(), v["contact_opened"].as_bool()), (Some(true), Some(false)));
    assert_eq!(v["children"][0]["id"].as_str(), Some(child.as_str()));
    assert_eq!(v["contact_reference"].as_str(), Some("RFS-TEST-0001"));

    assert_eq!(t.take(&t.bso, &id).await.json(), json!("Taken"));
    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "create_contact", "children": [child] })).await;
    assert_eq!(r["Done"]["contact_id"].as_str(), Some(contact.as_str()), "the request's own contact: {r}");
    let detail = t.app.store.get_contact_detail(&contact).await.expect("read").expect("contact");
    assert_eq!((detail.status.as_str(), detail.channel.as_str(), detail.reference.as_str()), ("open", "online_form", "RFS-TEST-0001"));
    assert_eq!((detail.referrer_organisation.as_str(), detail.consent_given_by.as_str()), ("Example Primary School", "Jo Online, mother"));
    let items = t.app.store.work_items_for_contact(&contact).await.expect("items");
    assert_eq!(items.iter().map(|i| (i.stage.as_str(), i.worklist.as_str())).collect::<Vec<_>>(), vec![("initial_analysis", "cass_team_manager")]);
    assert!(t.app.store.inbox(10).await.expect("inbox").is_empty(), "no longer waiting");
    let tm = t.app.sign_in("tm").await;
    assert!(t.app.call("worklists/view", Some(&tm), &[]).await.body.contains("RFS-TEST-0001"));
    let v = t.view(&t.bso, &id).await;
    assert_eq!(v["contact_opened"].as_bool(), Some(true));
    let trail = t.app.store.audit_for_record(domain::audit::RecordKind::Contact, &contact, 10).await.expect("audit");
    assert!(trail.iter().any(|e| e.username == "bso" && e.summary.contains("opened by the inbox filter")), "{trail:?}");
}

/// Not for CASS: the request is signposted with the reply, and its contact closes with that outcome.
#[tokio::test]
async fn a_signposted_online_request_closes_its_contact() {
    let t = inbox().await;
    let (contact, child) = t.online("RFS-TEST-0002").await;
    let id = t.online_item(&contact).await;
    t.take(&t.bso, &id).await;
    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "signpost", "children": [child], "reply": "Please contact the school nurse" })).await;
    assert_eq!(r["Done"]["status"], "signposted", "{r}");
    let detail = t.app.store.get_contact_detail(&contact).await.expect("read").expect("contact");
    assert_eq!((detail.status.as_str(), detail.outcome.as_deref()), ("closed", Some("signposted")));
    assert!(detail.closed_at.is_some());
    assert!(t.app.store.work_items_for_contact(&contact).await.expect("items").is_empty());
}

/// Seed 003 §1.0: an EHA "submitted online". The filter sends an online Request for Support for
/// early help on to the Early Help desk: its contact closes, and an EHA for the same child waits
/// on Triage for the consent check, with the request's answers as the EHA.
#[tokio::test]
async fn an_online_request_for_early_help_goes_to_the_early_help_desk_as_an_eha() {
    let t = inbox().await;
    let answers = json!({
        "referrer_kind": "professional", "your_name": "Alex Teacher", "your_organisation": "Example Primary School",
        "your_email": "alex@school.example", "child_first_name": "Robin", "child_last_name": "Online", "child_dob": "12",
        "child_dob_month": "3", "child_dob_year": "2017", "child_address": "1 Example Road", "child_postcode": "AB1 2CD",
        "child_ethnicity": "White British", "child_special_needs": "None", "parents": "Jo Online", "siblings": "none",
        "household": "none", "concern_summary": "Robin's attendance has fallen", "consent": "given",
        "consent_given_by": "Jo Online, mother", "consent_scopes": ["a_eha"],
    });
    // Kept as the public form keeps it: everything entered under "form", beside the guidance.
    let stored = json!({ "form": answers, "script_id": "cass_phone", "eha_mandatory_fields_missing": [] });
    let (contact, child) = t.online_with("RFS-TEST-0009", &stored.to_string()).await;
    let id = t.online_item(&contact).await;
    t.take(&t.bso, &id).await;
    // Nobody holds the desk's Triage worktray yet: refused, nothing written.
    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "send_to_early_help_desk", "children": [child] })).await;
    assert!(r["Refused"]["errors"][0]["message"].as_str().unwrap_or("").contains("No team holds the Early Help desk Triage worktray"), "{r}");
    assert_eq!(t.app.store.get_contact_detail(&contact).await.expect("read").expect("contact").status, "inbox");
    let admin = t.app.store.find_user_by_username("admin").await.expect("admin").expect("admin").id;
    t.app.store.set_worklist_team("early_help_triage", &t.app.eh_team, &admin, chrono::Utc::now()).await.expect("worklist team");

    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "send_to_early_help_desk", "children": [child] })).await;
    assert_eq!(r["Done"]["status"], "sent_to_early_help_desk", "{r}");
    let detail = t.app.store.get_contact_detail(&contact).await.expect("read").expect("contact");
    assert_eq!((detail.status.as_str(), detail.outcome.as_deref()), ("closed", Some("sent_to_early_help_desk")));
    // The EHA: submitted online, for the same child, with the request's answers and consent.
    let trail = t.app.store.audit_for_record(domain::audit::RecordKind::InboxItem, &id, 10).await.expect("audit");
    let line = trail.iter().find(|e| e.summary.starts_with("Sent on to the Early Help desk as EHA ")).unwrap_or_else(|| panic!("{trail:?}"));
    let reference = line.summary.trim_start_matches("Sent on to the Early Help desk as EHA ").to_string();
    let ehm = t.app.sign_in("ehm").await;
    let desk = t.app.call("eha/desk", Some(&ehm), &[]).await.json();
    let eha = desk["trays"][0]["rows"].as_array().expect("rows").iter().find(|r| r["reference"] == json!(reference)).unwrap_or_else(|| panic!("{desk}")).clone();
    let eha_id = eha["id"].as_str().expect("id").to_string();
    let episode = t.app.store.eha_episode(&eha_id).await.expect("get").expect("episode");
    assert_eq!((episode.source.as_str(), episode.referrer_name.as_str(), episode.referrer_organisation.as_str()), ("ecaf", "Alex Teacher", "Example Primary School"));
    let form: Value = serde_json::from_str(&episode.form).expect("form");
    assert_eq!((form["consent"].as_str(), form["child_date_of_birth"].as_str(), form["no_siblings"].as_bool()), (Some("yes"), Some("12/03/2017"), Some(true)));
    assert_eq!(form["needs"].as_str(), Some("Robin's attendance has fallen"));
    let children = t.app.store.contact_children(&eha_id).await.expect("children");
    assert_eq!(children.iter().map(|c| c.person_id.as_str()).collect::<Vec<_>>(), vec![child.as_str()]);
    let items = t.app.store.eha_items_for(&eha_id).await.expect("items");
    assert_eq!((items.len(), items[0].worklist.as_str()), (1, "early_help_triage"));
    assert_eq!(t.view(&t.bso, &id).await["status"].as_str(), Some("sent_to_early_help_desk"));
}

/// A request whose answers were not kept (as `{}`, like older test data) is refused in words.
#[tokio::test]
async fn an_online_request_without_its_answers_is_not_sent_to_the_desk() {
    let t = inbox().await;
    let (contact, child) = t.online("RFS-TEST-0010").await;
    let id = t.online_item(&contact).await;
    t.take(&t.bso, &id).await;
    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "send_to_early_help_desk", "children": [child] })).await;
    assert!(r["Refused"]["errors"][0]["message"].as_str().unwrap_or("").contains("answers were not kept"), "{r}");
}

/// An e-mail cannot be sent to the desk from the filter: an EHA that comes by e-mail is keyed in.
#[tokio::test]
async fn an_emailed_item_is_not_sent_to_the_desk_from_the_filter() {
    let t = inbox().await;
    let id = t.item("An EHA for a child").await;
    t.take(&t.bso, &id).await;
    let child = t.app.child.clone();
    let r = t.decide(&t.bso, json!({ "item_id": id, "choice": "send_to_early_help_desk", "children": [child] })).await;
    assert!(r["Refused"]["errors"][0]["message"].as_str().unwrap_or("").contains("Only an online Request for Support"), "{r}");
}
