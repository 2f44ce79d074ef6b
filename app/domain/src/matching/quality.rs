//! Measuring match quality on a synthetic population: for each noisy search, fetch the candidates
//! exactly as the server would (the same index keys, looked up in an in-memory [`KeyIndex`]), rank
//! them with the shared scorer, and note where the true person came.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::generator::{noisy_query, Noise, NoisyQuery, Population, PopulationConfig};
use super::keys::{candidate_keys, match_keys, KeyIndex};
use super::score::PreparedQuery;
use super::PersonFacts;

/// A synthetic population held for measurement, its index, and searches for some of its people.
pub struct Sample {
    /// Person `i` is the generated person with id `i`.
    pub people: Vec<PersonFacts>,
    pub index: KeyIndex,
    pub queries: Vec<NoisyQuery>,
}

/// Generates `config.people` people (streaming: only the records are kept), indexes them, and
/// makes `queries` noisy searches for people spread evenly through the population.
pub fn sample(config: PopulationConfig, queries: usize) -> Sample {
    let stride = (config.people / queries.max(1)).max(1) as u64;
    let mut people = Vec::with_capacity(config.people);
    let mut index = KeyIndex::new();
    let mut made = Vec::with_capacity(queries);
    for person in Population::new(config) {
        if person.id % stride == stride / 2 && made.len() < queries {
            made.push(noisy_query(&person, config.seed ^ 0x5EA2C4));
        }
        let id = u32::try_from(person.id).unwrap_or(u32::MAX);
        index.insert(id, &match_keys(&person.facts).index_keys());
        people.push(person.facts);
    }
    Sample { people, index, queries: made }
}

/// Where the true person came for one search.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub query: NoisyQuery,
    /// The true person was among the fetched candidates.
    pub fetched: bool,
    /// 1-based position in the ranking, when fetched.
    pub rank: Option<usize>,
    pub candidates: usize,
    /// The fetch reached the candidate limit.
    pub truncated: bool,
}

/// The figures for a set of searches.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QualityReport {
    pub queries: usize,
    pub top1: usize,
    pub top5: usize,
    pub fetched: usize,
    pub truncated: usize,
    /// Candidate-set sizes, ascending.
    pub candidate_sizes: Vec<usize>,
    /// The searches whose true person was not in the top five.
    pub misses: Vec<Outcome>,
}

fn percent(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        100.0 * n as f64 / of as f64
    }
}

impl QualityReport {
    pub fn recall_at_1(&self) -> f64 {
        percent(self.top1, self.queries)
    }
    pub fn recall_at_5(&self) -> f64 {
        percent(self.top5, self.queries)
    }
    /// How often the true person was fetched at all.
    pub fn fetch_recall(&self) -> f64 {
        percent(self.fetched, self.queries)
    }
    /// The candidate-set size at percentile `p` (0–100), nearest rank.
    pub fn candidates_at(&self, p: f64) -> usize {
        let n = self.candidate_sizes.len();
        if n == 0 {
            return 0;
        }
        let rank = ((p / 100.0) * n as f64).ceil() as usize;
        self.candidate_sizes.get(rank.clamp(1, n) - 1).copied().unwrap_or(0)
    }
    /// How many misses each kind of noise took part in.
    pub fn misses_by_noise(&self) -> BTreeMap<Noise, usize> {
        let mut m = BTreeMap::new();
        for miss in &self.misses {
            for n in &miss.query.noise {
                *m.entry(*n).or_insert(0) += 1;
            }
        }
        m
    }
    /// "top-5 recall: 98.9% (1978/2000)".
    pub fn top5_line(&self) -> String {
        format!("top-5 recall: {:.1}% ({}/{})", self.recall_at_5(), self.top5, self.queries)
    }
    /// "top-1 recall: 93.0% (1860/2000)".
    pub fn top1_line(&self) -> String {
        format!("top-1 recall: {:.1}% ({}/{})", self.recall_at_1(), self.top1, self.queries)
    }
}

/// Ranks one search's candidates and finds the true person.
pub fn outcome(people: &[PersonFacts], index: &KeyIndex, q: &NoisyQuery) -> Outcome {
    let cq = candidate_keys(&q.query);
    let (ids, truncated) = index.candidates(&cq);
    let prepared = PreparedQuery::new(&q.query);
    let mut scored: Vec<(u32, u32, u32)> = ids
        .iter()
        .filter_map(|id| people.get(*id as usize).map(|p| (*id, prepared.score(p))))
        .map(|(id, m)| (id, m.score, m.evidence))
        .collect();
    // The order `rank` gives: score, then evidence, stable on the fetch order (ascending id).
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
    let truth = u32::try_from(q.person_id).ok();
    let position = scored.iter().position(|(id, _, _)| Some(*id) == truth);
    Outcome {
        query: q.clone(),
        fetched: position.is_some(),
        rank: position.map(|p| p + 1),
        candidates: ids.len(),
        truncated,
    }
}

/// Measures every search of `sample`.
pub fn evaluate(sample: &Sample) -> QualityReport {
    let mut report = QualityReport { queries: sample.queries.len(), ..QualityReport::default() };
    for q in &sample.queries {
        let o = outcome(&sample.people, &sample.index, q);
        report.candidate_sizes.push(o.candidates);
        report.fetched += usize::from(o.fetched);
        report.truncated += usize::from(o.truncated);
        match o.rank {
            Some(1) => {
                report.top1 += 1;
                report.top5 += 1;
            }
            Some(r) if r <= 5 => report.top5 += 1,
            _ => report.misses.push(o),
        }
    }
    report.candidate_sizes.sort_unstable();
    report
}
