//! The manager's dashboard and the inspection exports at national scale (issue 8 point 5).
//! Loads the generator's population and a history of contacts (two years, several per person
//! over a large council's lifetime: children, codes, levels, referrals, work items, with the last
//! few days' contacts still open on 30 teams' worklists), then times what the pages run:
//! - the worklists/dashboard page for a manager of two teams (`worklists/view`: their own work,
//!   the work waiting for them, every open item of their teams, the counts per worklist and person);
//! - the service performance facts for six months (`performance/*`), all teams and one team;
//! - Annex A List 1 and List 3 for the last six months, from the query to the CSV text.
//! Prints p50/p95 for each. See docs/PERFORMANCE.md.
//!
//! cargo run --release -p storage --example bench_dashboard -- <database-url> [people] [contacts] [repeats]

use chrono::{Duration, Utc};
use domain::annex_a::{self, LIST_1_COLUMNS, LIST_3_COLUMNS};
use domain::matching::generator::{Population, PopulationConfig};
use domain::rules::{Level, Worklist};
use domain::workflow::worklist_slug;
use domain::Role;
use std::time::Instant;
use storage::{BulkContact, BulkItem, NewTeam, NewUser, Store, WorklistScope};

const TEAMS: usize = 30;
const USERS_PER_TEAM: usize = 8;
const SOURCES: [&str; 22] = ["1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10"];
const OUTCOMES: [&str; 5] = ["advice_given", "universal_services", "family_assessment", "strategy_discussion", "no_further_action"];

/// splitmix64: a repeatable stream without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn percentiles(mut ms: Vec<f64>) -> String {
    ms.sort_by(|a, b| a.total_cmp(b));
    let at = |p: f64| ms.get(((ms.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(0.0);
    format!("p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms ({} runs)", at(0.5), at(0.95), at(1.0), ms.len())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let url = args.get(1).cloned().unwrap_or_else(|| "sqlite:data/bench-dashboard.db".into());
    let people: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let contacts: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(3_000_000);
    let repeats: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(50);
    let store = Store::connect(&url, 4).await?;
    let now = Utc::now();
    let mut rng = Rng(2025);

    // Teams and their people; every worklist is held by some team.
    let mut teams = Vec::new();
    let mut users: Vec<Vec<String>> = Vec::new();
    for t in 0..TEAMS {
        let team = store.create_team(NewTeam { name: &format!("Bench team {t}"), description: "" }, now).await?;
        let mut members = Vec::new();
        for u in 0..USERS_PER_TEAM {
            let name = format!("bench{t}x{u}");
            let roles = if u == 0 { vec![Role::TeamManager] } else { vec![Role::ReferralAndAdviceOfficer] };
            let new = NewUser { username: &name, display_name: &name, email: "", password_hash: "x", must_change_password: false, is_demo: false, roles: &roles, team_ids: std::slice::from_ref(&team) };
            members.push(store.create_user(new, now).await?);
        }
        teams.push(team);
        users.push(members);
    }

    let started = Instant::now();
    let facts: Vec<_> = Population::new(PopulationConfig { seed: 2025, people, reference_year: 2025 }).map(|p| p.facts).collect();
    let person_ids = store.bulk_load_people(&facts, 10_000, now).await?;
    drop(facts);
    println!("engine {:?}: loaded {} people in {:.1} s", store.engine(), person_ids.len(), started.elapsed().as_secs_f64());

    // Two years of contacts, oldest first; those of the last three days are still open.
    let started = Instant::now();
    let span = Duration::days(730);
    let open_since = now - Duration::days(3);
    let levels = Level::ALL;
    let mut open_items = 0usize;
    let chunk = 100_000;
    for first in (0..contacts).step_by(chunk) {
        let n = chunk.min(contacts - first);
        let mut batch = Vec::with_capacity(n);
        for i in 0..n {
            let received_at = now - span + Duration::seconds((span.num_seconds() as f64 * (first + i) as f64 / contacts as f64) as i64);
            let children: Vec<String> = (0..1 + rng.below(3)).map(|_| person_ids[rng.below(person_ids.len())].clone()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
            let t = rng.below(TEAMS);
            let worklist = worklist_slug(Worklist::ALL[rng.below(Worklist::ALL.len())]).to_string();
            let is_open = received_at >= open_since;
            let referral_at = rng.chance(25).then(|| received_at + Duration::hours(20));
            let first_item = BulkItem {
                stage: "initial_analysis".into(),
                worklist: worklist.clone(),
                team_id: teams[t].clone(),
                assigned_user_id: if !is_open || rng.chance(50) { Some(users[t][rng.below(USERS_PER_TEAM)].clone()) } else { None },
                started_at: received_at,
                due_at: received_at + Duration::hours(24),
                completed_at: (!is_open).then(|| received_at + Duration::hours(2 + rng.below(40) as i64)),
            };
            open_items += usize::from(is_open);
            batch.push(BulkContact {
                received_at,
                children,
                source: SOURCES[rng.below(SOURCES.len())].to_string(),
                level: Some(levels[rng.below(levels.len())].slug().to_string()),
                re_referral: referral_at.is_some() && rng.chance(20),
                referral_at,
                outcome: (!is_open).then(|| OUTCOMES[rng.below(OUTCOMES.len())].to_string()),
                items: vec![first_item],
            });
        }
        store.bulk_load_contacts(&batch, &format!("B{}", first / chunk), 20_000).await?;
    }
    println!("loaded {} contacts ({} still open on {} teams' worklists) in {:.1} s", contacts, open_items, TEAMS, started.elapsed().as_secs_f64());

    // The dashboard: a manager of two teams opens the worklists page.
    let manager = users[0][0].clone();
    let mine = [teams[0].clone(), teams[1].clone()];
    let worklists: Vec<String> = Worklist::ALL.iter().map(|w| worklist_slug(*w).to_string()).collect();
    let mut times = Vec::new();
    let mut shown = 0;
    for _ in 0..repeats {
        let t = Instant::now();
        let a = store.worklist_rows(WorklistScope::AssignedTo(&manager), 200).await?;
        let b = store.worklist_rows(WorklistScope::Unclaimed { team_ids: &mine, worklists: &worklists }, 200).await?;
        let c = store.worklist_rows(WorklistScope::Teams(&mine), 200).await?;
        let d = store.worklist_counts(&mine, Utc::now()).await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        shown = a.len() + b.len() + c.len() + d.len();
    }
    println!("dashboard (worklists page for a manager of 2 teams, {shown} rows and counts): {}", percentiles(times));

    let (from, to) = (now - Duration::days(183), now);
    for (label, team) in [("all teams", None), ("one team", Some(teams[0].as_str()))] {
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..repeats.min(10) {
            let t = Instant::now();
            rows = store.performance_facts(from, to, team).await?.len();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        println!("performance facts, six months, {label} ({rows} contacts): {}", percentiles(times));
    }

    let mut times = Vec::new();
    let mut size = (0, 0);
    for _ in 0..3 {
        let t = Instant::now();
        let lines: Vec<_> = store.annex_a_contacts(from, to).await?.into_iter().map(storage::AnnexContact::line).collect();
        let rows = annex_a::list_1_rows(&lines);
        let csv = annex_a::to_csv(&LIST_1_COLUMNS, &rows);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        size = (rows.len(), csv.len());
    }
    println!("Annex A List 1, six months ({} rows, {:.1} MB CSV): {}", size.0, size.1 as f64 / 1e6, percentiles(times));
    let mut times = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let lines: Vec<_> = store.annex_a_referrals(from, to).await?.into_iter().map(storage::AnnexReferral::line).collect();
        let rows = annex_a::list_3_rows(&lines);
        let csv = annex_a::to_csv(&LIST_3_COLUMNS, &rows);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        size = (rows.len(), csv.len());
    }
    println!("Annex A List 3, six months ({} rows, {:.1} MB CSV): {}", size.0, size.1 as f64 / 1e6, percentiles(times));
    store.close().await;
    Ok(())
}
