//! The person index's shared Rust: computing a person's match keys (on every save), a search's
//! candidate keys, scoring one candidate, and ranking a 200-candidate set (a search's worst case
//! is a few hundred candidates from a million people; see docs/MATCHING.md). Also how fast the
//! synthetic population generates.
//!
//! Run: `cargo bench -p domain --bench matching`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use domain::matching::generator::{noisy_query, GeneratedPerson, Population, PopulationConfig};
use domain::matching::{candidate_keys, match_keys, rank, score, PersonFacts, PreparedQuery};

fn people(n: usize) -> Vec<GeneratedPerson> {
    Population::new(PopulationConfig { seed: 42, people: n, reference_year: 2025 }).collect()
}

fn bench(c: &mut Criterion) {
    let population = people(200);
    let facts: Vec<PersonFacts> = population.iter().map(|p| p.facts.clone()).collect();
    // A noisy search for a child in the middle of the set: names, a date, maybe a postcode.
    let subject = population.iter().filter(|p| p.facts.date_of_birth.is_some()).nth(100);
    let subject = match subject {
        Some(p) => p,
        None => panic!("the generator made no one with a date of birth"),
    };
    let query = noisy_query(subject, 7).query;
    let one = &subject.facts;

    c.bench_function("match_keys + index_keys for one person", |b| {
        b.iter(|| black_box(match_keys(black_box(one)).index_keys()))
    });

    c.bench_function("candidate_keys for one search", |b| {
        b.iter(|| black_box(candidate_keys(black_box(&query))))
    });

    c.bench_function("score one candidate (query prepared each time)", |b| {
        b.iter(|| black_box(score(black_box(&query), black_box(one))))
    });

    let prepared = PreparedQuery::new(&query);
    c.bench_function("score one candidate (prepared query)", |b| {
        b.iter(|| black_box(prepared.score(black_box(one))))
    });

    let mut group = c.benchmark_group("rank");
    group.throughput(Throughput::Elements(facts.len() as u64));
    group.bench_function("rank 200 candidates", |b| {
        b.iter(|| black_box(rank(black_box(&query), black_box(&facts))))
    });
    group.finish();

    let mut group = c.benchmark_group("generator");
    group.sample_size(10);
    group.throughput(Throughput::Elements(100_000));
    group.bench_function("generate 100,000 people", |b| {
        b.iter(|| {
            let config = PopulationConfig { seed: 1, people: 100_000, reference_year: 2025 };
            black_box(Population::new(config).count())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
