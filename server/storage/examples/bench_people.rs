//! The person index at scale (issue 5): loads a generated population through the store, then
//! times `Store::search_people` (SQL fetch + shared scorer) for the generator's noisy searches and
//! prints p50/p95 and how often the true person is in the top 5. See docs/PERFORMANCE.md.
//!
//! cargo run --release -p server --example bench_people -- <database-url> [people] [searches] [seed]

use domain::matching::generator::{noisy_query, Population, PopulationConfig};
use std::time::Instant;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let url = args.get(1).cloned().unwrap_or_else(|| "sqlite:data/bench-people.db".into());
    let people: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let searches: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(2_000);
    let seed: u64 = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(2025);
    let store = storage::Store::connect(&url, 4).await?;
    let config = PopulationConfig { seed, people, reference_year: 2025 };
    // The same stride as domain::matching::quality::sample: searches spread through the population.
    let stride = (people / searches.max(1)).max(1) as u64;
    let mut facts = Vec::with_capacity(people);
    let mut queries = Vec::with_capacity(searches);
    for p in Population::new(config) {
        if p.id % stride == stride / 2 && queries.len() < searches {
            queries.push(noisy_query(&p, seed ^ 0x5EA2C4));
        }
        facts.push(p.facts);
    }
    let started = Instant::now();
    let ids = store.bulk_load_people(&facts, 10_000, chrono::Utc::now()).await?;
    println!("engine {:?}: loaded {} people in {:.1} s", store.engine(), ids.len(), started.elapsed().as_secs_f64());
    drop(facts);
    let (mut times, mut top5, mut top1) = (Vec::with_capacity(queries.len()), 0usize, 0usize);
    for q in &queries {
        let t = Instant::now();
        let found = store.search_people(&q.query).await?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        let truth = ids.get(q.person_id as usize);
        let at = found.ranked.iter().position(|(p, _)| Some(&p.id) == truth);
        top5 += usize::from(at.is_some_and(|i| i < 5));
        top1 += usize::from(at == Some(0));
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| times.get(((times.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(0.0);
    let n = queries.len().max(1) as f64;
    println!("searches {}: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms", queries.len(), pct(0.5), pct(0.95), pct(0.99), pct(1.0));
    println!("top-1 recall {:.1}%, top-5 recall {:.1}%", 100.0 * top1 as f64 / n, 100.0 * top5 as f64 / n);
    store.close().await;
    Ok(())
}
