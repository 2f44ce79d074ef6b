//! Match quality at scale: generates a synthetic population, makes noisy searches for 5,000 of its
//! people, fetches candidates exactly as the server would (same index keys), ranks them with the
//! shared scorer, and prints recall@1, recall@5 and the candidate-set sizes.
//!
//! Run: `cargo run --release -p domain --example matching_quality -- [people] [queries] [seed]`
//! (defaults: 200000 people, 5000 queries, seed 2025). Figures go in docs/MATCHING.md and
//! docs/PERFORMANCE.md.

use std::time::Instant;

use domain::matching::generator::PopulationConfig;
use domain::matching::keys::{candidate_keys, KeyKind};
use domain::matching::quality::{evaluate, sample};

fn arg(n: usize, default: u64) -> u64 {
    std::env::args().nth(n).and_then(|a| a.replace('_', "").parse().ok()).unwrap_or(default)
}

fn main() {
    let people = usize::try_from(arg(1, 200_000)).unwrap_or(200_000);
    let queries = usize::try_from(arg(2, 5_000)).unwrap_or(5_000);
    let seed = arg(3, 2025);
    let config = PopulationConfig { seed, people, ..PopulationConfig::default() };

    let started = Instant::now();
    let s = sample(config, queries);
    let built = started.elapsed();
    println!(
        "population: {} people, {} index rows ({:.1} a person, {} distinct keys), generated and indexed in {:.1} s",
        s.people.len(),
        s.index.rows(),
        s.index.rows() as f64 / s.people.len().max(1) as f64,
        s.index.len(),
        built.as_secs_f64()
    );

    let started = Instant::now();
    let report = evaluate(&s);
    let per_query = started.elapsed().as_secs_f64() * 1000.0 / report.queries.max(1) as f64;
    println!("searches: {} (seed {seed})", report.queries);
    println!("{}", report.top1_line());
    println!("{}", report.top5_line());
    println!(
        "true person fetched: {:.1}% ({}/{})",
        report.fetch_recall(),
        report.fetched,
        report.queries
    );
    println!(
        "candidates per search: p50 {}, p95 {}, p99 {}, max {} ({} searches reached the limit)",
        report.candidates_at(50.0),
        report.candidates_at(95.0),
        report.candidates_at(99.0),
        report.candidates_at(100.0),
        report.truncated
    );
    println!("in-memory fetch + score + rank: {per_query:.3} ms per search (this build)");

    // Which kinds of key a search looks up, on average.
    let mut per_kind = [0usize; KeyKind::ALL.len()];
    for q in &s.queries {
        for k in candidate_keys(&q.query).keys {
            if let Some(i) = k.kind().and_then(|kind| KeyKind::ALL.iter().position(|x| *x == kind))
            {
                per_kind[i] += 1;
            }
        }
    }
    let kinds: Vec<String> = KeyKind::ALL
        .iter()
        .zip(per_kind)
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{} {:.1}", k.prefix(), n as f64 / s.queries.len().max(1) as f64))
        .collect();
    println!("keys looked up per search: {}", kinds.join(", "));

    if !report.misses.is_empty() {
        let not_fetched = report.misses.iter().filter(|m| !m.fetched).count();
        println!(
            "misses: {} ({} not fetched, {} ranked below 5th)",
            report.misses.len(),
            not_fetched,
            report.misses.len() - not_fetched
        );
        for (noise, n) in report.misses_by_noise() {
            println!("  {:>4}  {}", n, noise.label());
        }
    }
}
