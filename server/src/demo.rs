//! Demo mode: teams, one account for every role, and a few families with contacts, so a
//! newcomer can sign in as anyone and see real worklists. Never created outside demo mode, and
//! demo accounts are disabled whenever the server starts without it.

use app::ssr::auth::hash_password;
use chrono::{Duration, NaiveDate, Utc};
use domain::Role;
use storage::{NewContact, NewPerson, NewTeam, NewUser, Store};

pub const DEMO_PASSWORD: &str = "frontdoor-demo";

/// (username, display name, role, team names)
pub const DEMO_USERS: &[(&str, &str, Role, &[&str])] = &[
    ("bso", "Jordan Blake", Role::BusinessSupportOfficer, &["CASS"]),
    ("ehbso", "Kai Morgan", Role::BusinessSupportOfficer, &["Early Help MASH desk"]),
    ("rao", "Priya Nair", Role::ReferralAndAdviceOfficer, &["CASS", "RAO admin box"]),
    ("ehrao", "Tom Okafor", Role::EarlyHelpReferralAndAdviceOfficer, &["CASS Early Help"]),
    ("sw", "Hannah Reid", Role::CassSocialWorker, &["CASS"]),
    ("tm", "Marcus Hale", Role::TeamManager, &["CASS"]),
    ("tl", "Grace Lin", Role::TeamLeader, &["CASS"]),
    ("duty", "Owen Price", Role::DutyManager, &["CASS"]),
    ("ehm", "Fatima Rahman", Role::EarlyHelpManager, &["Early Help MASH desk", "CASS Early Help", "Family Support North", "Think Family"]),
    ("cog", "Leah Morris", Role::CogManager, &["COG North"]),
    ("fst", "Daniel Evans", Role::FstManager, &["Family Solutions"]),
    ("mash", "Chloe Adams", Role::MashTeam, &["ASTI East"]),
    ("tys", "Ryan Scott", Role::MashTysRepresentative, &["MASH"]),
    ("ehrep", "Amira Khan", Role::MashEarlyHelpRepresentative, &["MASH"]),
    ("lado", "Ben Carter", Role::Lado, &["LADO"]),
    ("edt", "Nina Walsh", Role::EmergencyDutyTeam, &["Emergency Duty Team"]),
    ("admin", "Sam Taylor", Role::Administrator, &[]),
];

const DEMO_TEAMS: &[(&str, &str)] = &[
    ("CASS", "Children's Advice and Support Service: the front door"),
    ("RAO admin box", "Referral and Advice Officers' shared inbox for partner checks and grouping"),
    ("CASS Early Help", "Early Help Manager's worklist and Early Help RAOs"),
    ("Early Help MASH desk", "EHA intake, validation and triage"),
    ("COG North", "Locality early-help coordination"),
    ("Family Solutions", "Intensive family support"),
    ("ASTI East", "Assessment team: strategy discussions and Family Assessments"),
    ("MASH", "Multi-Agency Safeguarding Hub partners"),
    ("LADO", "Local Authority Designated Officer"),
    ("Emergency Duty Team", "Out-of-hours social work"),
    ("Family Support North", "Area Family Support Team"),
    ("Think Family", "Think Family Team"),
];

/// Which demo team holds each worklist (configuration an administrator edits under Teams).
const DEMO_WORKLISTS: &[(&str, &str)] = &[
    ("cass_team_manager", "CASS"),
    ("rao_admin_box", "RAO admin box"),
    ("cass_referral_and_advice_officer", "CASS"),
    ("cass_social_worker", "CASS"),
    ("cass_team_leader", "CASS"),
    ("cp_worklist", "ASTI East"),
    ("asti_team", "ASTI East"),
    ("early_help_managers_worklist", "CASS Early Help"),
    ("ehfs_team_desktop", "CASS Early Help"),
    ("early_help_referral_and_advice_officer", "CASS Early Help"),
    ("early_help_team_leader", "CASS Early Help"),
    ("area_family_support_team", "Family Support North"),
    ("think_family_team", "Think Family"),
    ("allocated_worker", "CASS"),
    ("irr_folder", "CASS"),
    ("early_help_triage", "Early Help MASH desk"),
    ("early_help_triage_support", "Early Help MASH desk"),
    ("cog_team", "COG North"),
    ("fst_group", "Family Solutions"),
    ("mash_team", "MASH"),
];

/// (given, family, date of birth, postcode, team, concern)
const DEMO_FAMILIES: &[(&str, &str, Option<(i32, u32, u32)>, &str, &str, &str)] = &[
    ("Ava", "Thompson", Some((2016, 4, 12)), "AB1 2DE", "CASS", "School reports Ava has arrived hungry on several days this week"),
    ("Leo", "Thompson", Some((2019, 9, 3)), "AB1 2DE", "CASS", "Sibling of Ava: same household, concerns about home conditions"),
    ("Mia", "Kowalski", Some((2012, 1, 27)), "AB3 4EF", "RAO admin box", "Police notification: domestic incident at the family home"),
    ("Noah", "Begum", Some((2010, 6, 15)), "AB5 6GH", "CASS Early Help", "Health visitor requests early help support for the family"),
    ("Isla", "Morgan", None, "AB7 8JL", "LADO", "OFSTED suitability check on a household member"),
];

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Storage(#[from] storage::StorageError),
    #[error(transparent)]
    Auth(#[from] app::ssr::auth::AuthError),
    #[error("issuing the demo letter failed: {0}")]
    Letter(app::ssr::letters::IssueError),
    #[error("importing a demo e-mail failed: {0}")]
    Inbox(#[from] app::ssr::inbox_mail::ImportError),
}

/// Creates the demo data when the database has no users yet.
pub async fn seed(store: &Store) -> Result<bool, DemoError> {
    if store.count_users().await? > 0 {
        return Ok(false);
    }
    let now = Utc::now();
    let mut team_ids = std::collections::HashMap::new();
    for (name, description) in DEMO_TEAMS {
        let id = store.create_team(NewTeam { name, description }, now).await?;
        team_ids.insert(*name, id);
    }
    let hash = hash_password(DEMO_PASSWORD.to_string()).await?;
    for (username, display_name, role, teams) in DEMO_USERS {
        let ids: Vec<String> = teams.iter().filter_map(|t| team_ids.get(t).cloned()).collect();
        store
            .create_user(
                NewUser {
                    username,
                    display_name,
                    email: "",
                    password_hash: &hash,
                    must_change_password: false,
                    is_demo: true,
                    roles: &[*role],
                    team_ids: &ids,
                },
                now,
            )
            .await?;
    }
    let mut user_ids = std::collections::HashMap::new();
    for (username, ..) in DEMO_USERS {
        if let Some(u) = store.find_user_by_username(username).await? {
            user_ids.insert(*username, u.id);
        }
    }
    for (worklist, team) in DEMO_WORKLISTS {
        if let (Some(team_id), Some(admin)) = (team_ids.get(team), user_ids.get("admin")) {
            store.set_worklist_team(worklist, team_id, admin, now).await?;
        }
    }
    let mut people = Vec::new();
    for (given, family, dob, postcode, _, _) in DEMO_FAMILIES {
        let person = store
            .create_person(
                NewPerson {
                    given_name: given,
                    family_name: family,
                    date_of_birth: dob.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
                    address: "1 Example Street, Exampletown",
                    postcode,
                },
                now,
            )
            .await?;
        people.push(person);
    }
    let contacts = crate::demo_workflow::seed_contacts(store, &team_ids, &user_ids, &people, now).await?;
    crate::demo_inbox::seed(store, now).await?;
    if let Some(admin) = user_ids.get("ehbso") {
        crate::demo_early_help::seed(store, admin, now).await?;
    }
    if let Some(first) = contacts.first() {
        demo_letter(store, first, now).await?;
    }
    demo_mash(store, &user_ids, &people, now).await?;
    // The OFSTED suitability check waits with LADO (seed 002; issue 6).
    if let (Some((.., team, concern)), Some(person)) = (DEMO_FAMILIES.last(), people.last()) {
        store
            .create_contact(
                NewContact {
                    reference: "C-100005",
                    person_id: person,
                    summary: concern,
                    assigned_team_id: team_ids.get(team).map(String::as_str),
                    assigned_user_id: None,
                    received_at: now - Duration::hours(2),
                },
                now,
            )
            .await?;
    }
    Ok(true)
}

/// Two notifications on the MASH Log (seed 003 §8): a Red request for information about the
/// first demo child, with the TYS synopsis written, and an Amber Domestic Abuse Child
/// notification with no child linked. Deadlines come from the built-in calendar, as the server's.
async fn demo_mash(store: &Store, user_ids: &std::collections::HashMap<&str, String>, people: &[String], now: chrono::DateTime<Utc>) -> Result<(), DemoError> {
    use domain::mash_notifications::{response_deadline, NotificationKind, NotificationStatus, Priority};
    let (Some(mash), Some(tys), Ok(cal)) = (user_ids.get("mash"), user_ids.get("tys"), domain::rules::WorkingCalendar::builtin()) else {
        return Ok(());
    };
    let first_child = DEMO_FAMILIES.first().map(|(given, family, ..)| format!("{given} {family}")).unwrap_or_default();
    let demo = [
        ("MASH-DEMO-RED1", NotificationKind::RequestForInformation, Priority::Red, people.first().map(String::as_str), "Police notification: a disturbance at the family home overnight", 1),
        ("MASH-DEMO-AMB1", NotificationKind::DomesticAbuseChild, Priority::Amber, None, "Domestic abuse notification from the police; the child was present", 30),
    ];
    for (reference, kind, priority, person_id, concern, hours_ago) in demo {
        let received_at = now - Duration::hours(hours_ago);
        let deadline = response_deadline(priority, received_at, &cal);
        let timescale = deadline.as_ref().map(|(d, _)| domain::workflow::slug_of(&d.timescale));
        let id = store
            .create_mash_notification(
                storage::NewMashNotification {
                    reference,
                    kind: kind.slug(),
                    priority: priority.slug(),
                    status: NotificationStatus::AwaitingResponses.slug(),
                    mash_log_reference: "",
                    child_name: if person_id.is_some() { first_child.as_str() } else { "Sam Example" },
                    child_date_of_birth: None,
                    person_id,
                    concern,
                    received_at,
                    deadline: match (&deadline, &timescale) {
                        (Some((d, due)), Some(t)) => Some((t.as_str(), *due, d.calendar_version.as_str())),
                        _ => None,
                    },
                    created_by: mash,
                },
                received_at,
            )
            .await?;
        if kind == NotificationKind::RequestForInformation {
            store.write_mash_part(&id, storage::MashPart::TysSynopsis, "Not known to TYS. YOIS and UMIS checked: no orders, no open involvement.", tys, 1, now).await?;
        }
    }
    Ok(())
}

/// An outcomes letter on the first demo contact, ready to print, so the printing list, the
/// letter page and its PDF have something to show.
async fn demo_letter(store: &Store, contact_id: &str, now: chrono::DateTime<Utc>) -> Result<(), DemoError> {
    use app::ssr::letters::{issue_with_store, LetterFacts, Recipient};
    use domain::letters::{Channel, RecipientRole};
    let parent = Recipient {
        name: "Alex Thompson".into(),
        role: RecipientRole::PersonWithParentalResponsibility,
        channel: Channel::Post,
        email: String::new(),
        address: "1 Example Street\nExampletown\nAB1 2DE".into(),
    };
    let facts = LetterFacts {
        outcome: "An Early Help worker will contact you to talk about support for your family.".into(),
        worker_name: "Marcus Hale".into(),
        ..LetterFacts::default()
    };
    issue_with_store(store, "tm", contact_id, domain::rules::Letter::OutcomesLetter, &[parent], &facts, "demo", now).await.map_err(DemoError::Letter)?;
    Ok(())
}

pub fn print_sign_ins(addr: &str) {
    println!();
    println!("Frontdoor is running at http://{addr}");
    println!("Demo sign-ins (password for all: {DEMO_PASSWORD}):");
    for (username, name, role, _) in DEMO_USERS {
        println!("  {username:<6} {name:<14} {}", role.label());
    }
    println!();
}
