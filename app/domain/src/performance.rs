//! Service performance for managers (issue 8 point 3): contacts per week by source and by level,
//! the share decided within 24 hours, conversion from contact to referral and re-referrals
//! within 12 months. Pure: the server fetches one fact per contact; these functions bucket them
//! by week (Monday to Sunday, in England) so the charts, their text tables and the tests agree.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::annex_a::local_date;

/// The seeds' initial response to a contact (004): decided within 24 hours of arriving.
pub const DECISION_HOURS: i64 = 24;

/// What one contact contributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactFact {
    pub received_at: DateTime<Utc>,
    /// CIN census N00152 code.
    pub source: String,
    /// A `rules::Level` slug once a level was recorded.
    pub level: Option<String>,
    pub is_referral: bool,
    /// A referral within 12 months of an earlier one for the same child.
    pub re_referral: bool,
    /// When the first step on the contact was decided.
    pub first_decided_at: Option<DateTime<Utc>>,
}

/// The source groups a chart can show legibly (the census codes' first part).
pub const SOURCE_GROUPS: [&str; 9] =
    ["Individuals", "Schools and education", "Health", "Housing", "LA services", "Police", "Legal agencies", "Other", "Anonymous or unknown"];

pub fn source_group(code: &str) -> &'static str {
    match code.trim() {
        c if c.starts_with('1') && c.len() == 2 && c.ends_with(|x: char| x.is_ascii_alphabetic()) => SOURCE_GROUPS[0],
        c if c.starts_with('2') => SOURCE_GROUPS[1],
        c if c.starts_with('3') => SOURCE_GROUPS[2],
        "4" => SOURCE_GROUPS[3],
        c if c.starts_with('5') => SOURCE_GROUPS[4],
        "6" => SOURCE_GROUPS[5],
        "7" => SOURCE_GROUPS[6],
        "8" => SOURCE_GROUPS[7],
        _ => SOURCE_GROUPS[8],
    }
}

/// Levels in chart order, with "Not yet decided" last.
pub const LEVEL_SERIES: [(&str, &str); 6] = [
    ("universal", "Universal"),
    ("universal_plus", "Universal Plus"),
    ("additional_needs", "Additional Needs"),
    ("complex_and_significant", "Complex and Significant"),
    ("significant_harm", "Significant Harm"),
    ("", "Not yet decided"),
];

/// How the charts count: per day or per week (Monday to Sunday).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Day,
    #[default]
    Week,
}

/// The longest period shown per day: beyond it the bars are too thin to read.
pub const MAX_DAILY_DAYS: i64 = 62;

/// Per day only for periods of up to `MAX_DAILY_DAYS` (field `by`).
pub fn check_bucket(bucket: Bucket, from: NaiveDate, to: NaiveDate) -> crate::validation::Validation {
    let mut v = crate::validation::Validation::new();
    let days = (to - from).num_days() + 1;
    if bucket == Bucket::Day && days > MAX_DAILY_DAYS {
        v.add("by", format!("Show figures per day for up to {MAX_DAILY_DAYS} days; this period has {days}: choose per week"));
    }
    v
}

impl Bucket {
    /// `day`, or anything else (blank included) for weeks.
    pub fn from_form(s: &str) -> Bucket {
        if s.trim() == "day" { Bucket::Day } else { Bucket::Week }
    }
    pub fn slug(self) -> &'static str {
        match self {
            Bucket::Day => "day",
            Bucket::Week => "week",
        }
    }
    pub fn days(self) -> i64 {
        match self {
            Bucket::Day => 1,
            Bucket::Week => 7,
        }
    }
    /// The first day of the bucket `d` falls in.
    pub fn start(self, d: NaiveDate) -> NaiveDate {
        match self {
            Bucket::Day => d,
            Bucket::Week => week_start(d),
        }
    }
}

/// One bucket's figures (a week's, or a day's when counting per day).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Week {
    /// The bucket's first day: the Monday of a week, or the day.
    pub start: NaiveDate,
    pub contacts: usize,
    /// Counts in `SOURCE_GROUPS` order.
    pub by_source: Vec<usize>,
    /// Counts in `LEVEL_SERIES` order.
    pub by_level: Vec<usize>,
    pub decided: usize,
    pub decided_in_time: usize,
    pub referrals: usize,
    pub re_referrals: usize,
}

impl Week {
    /// Whole per cent, or `None` when there is nothing to divide by.
    pub fn percent(part: usize, whole: usize) -> Option<u32> {
        (whole > 0).then(|| ((part as f64 / whole as f64) * 100.0).round() as u32)
    }
    pub fn decided_in_time_percent(&self) -> Option<u32> {
        Self::percent(self.decided_in_time, self.contacts)
    }
    pub fn conversion_percent(&self) -> Option<u32> {
        Self::percent(self.referrals, self.contacts)
    }
    pub fn re_referral_percent(&self) -> Option<u32> {
        Self::percent(self.re_referrals, self.referrals)
    }
}

/// The Monday of the week `d` falls in.
pub fn week_start(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// Every week from the one holding `from` to the one holding `to`, empty weeks included, so a
/// chart's gaps are real.
pub fn weekly(facts: &[ContactFact], from: NaiveDate, to: NaiveDate) -> Vec<Week> {
    bucketed(facts, from, to, Bucket::Week)
}

/// The first day of each bucket from the one holding `from` to the one holding `to`.
fn starts(from: NaiveDate, to: NaiveDate, bucket: Bucket) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut start = bucket.start(from);
    while start <= to {
        out.push(start);
        start += Duration::days(bucket.days());
    }
    out
}

/// As `weekly`, per day or per week.
pub fn bucketed(facts: &[ContactFact], from: NaiveDate, to: NaiveDate, bucket: Bucket) -> Vec<Week> {
    let mut weeks: Vec<Week> =
        starts(from, to, bucket).into_iter().map(|start| Week { start, by_source: vec![0; SOURCE_GROUPS.len()], by_level: vec![0; LEVEL_SERIES.len()], ..Week::default() }).collect();
    for f in facts {
        let day = local_date(f.received_at);
        let Some(w) = weeks.iter_mut().find(|w| day >= w.start && day < w.start + Duration::days(bucket.days())) else { continue };
        w.contacts += 1;
        let g = SOURCE_GROUPS.iter().position(|s| *s == source_group(&f.source)).unwrap_or(SOURCE_GROUPS.len() - 1);
        w.by_source[g] += 1;
        let level = f.level.as_deref().unwrap_or("");
        let l = LEVEL_SERIES.iter().position(|(slug, _)| *slug == level).unwrap_or(LEVEL_SERIES.len() - 1);
        w.by_level[l] += 1;
        if let Some(at) = f.first_decided_at {
            w.decided += 1;
            if at - f.received_at <= Duration::hours(DECISION_HOURS) {
                w.decided_in_time += 1;
            }
        }
        if f.is_referral {
            w.referrals += 1;
            if f.re_referral {
                w.re_referrals += 1;
            }
        }
    }
    weeks
}

/// Totals over the weeks, for the headline figures.
pub fn totals(weeks: &[Week]) -> Week {
    let mut t = Week { by_source: vec![0; SOURCE_GROUPS.len()], by_level: vec![0; LEVEL_SERIES.len()], ..Week::default() };
    for w in weeks {
        t.contacts += w.contacts;
        t.decided += w.decided;
        t.decided_in_time += w.decided_in_time;
        t.referrals += w.referrals;
        t.re_referrals += w.re_referrals;
        for (a, b) in t.by_source.iter_mut().zip(&w.by_source) {
            *a += b;
        }
        for (a, b) in t.by_level.iter_mut().zip(&w.by_level) {
            *a += b;
        }
    }
    t
}

/// What one EHA on the Early Help desk contributes: received (a step down from Children's
/// Social Care or not) in one week, closed with its outcome perhaps in another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EhaFact {
    pub received_at: DateTime<Utc>,
    /// An `EhaSource` slug.
    pub source: String,
    pub closed_at: Option<DateTime<Utc>>,
    /// As `early_help::decide` wrote it.
    pub outcome: Option<String>,
}

/// One week at the Early Help desk: EHAs received (step downs among them) and episodes closed,
/// by outcome (`early_help::OutcomeGroup::ALL`'s order; step ups are the first).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EhaWeek {
    pub start: NaiveDate,
    pub received: usize,
    pub step_downs: usize,
    pub closed: usize,
    pub by_outcome: Vec<usize>,
}

impl EhaWeek {
    pub fn step_ups(&self) -> usize {
        self.by_outcome.first().copied().unwrap_or(0)
    }
}

/// Every week from `from` to `to`, as `weekly` does for contacts.
pub fn eha_weekly(facts: &[EhaFact], from: NaiveDate, to: NaiveDate) -> Vec<EhaWeek> {
    eha_bucketed(facts, from, to, Bucket::Week)
}

/// As `eha_weekly`, per day or per week.
pub fn eha_bucketed(facts: &[EhaFact], from: NaiveDate, to: NaiveDate, bucket: Bucket) -> Vec<EhaWeek> {
    use crate::early_help::OutcomeGroup;
    use crate::rules::eha::EhaSource;
    let mut weeks: Vec<EhaWeek> = starts(from, to, bucket).into_iter().map(|start| EhaWeek { start, by_outcome: vec![0; OutcomeGroup::ALL.len()], ..EhaWeek::default() }).collect();
    let in_period = |day: NaiveDate| day >= from && day <= to;
    let span = Duration::days(bucket.days());
    for f in facts {
        let day = local_date(f.received_at);
        if in_period(day) {
            if let Some(w) = weeks.iter_mut().find(|w| day >= w.start && day < w.start + span) {
                w.received += 1;
                if EhaSource::from_slug(&f.source).is_some_and(EhaSource::is_step_down) {
                    w.step_downs += 1;
                }
            }
        }
        if let (Some(at), Some(outcome)) = (f.closed_at, f.outcome.as_deref()) {
            let day = local_date(at);
            if in_period(day) {
                if let Some(w) = weeks.iter_mut().find(|w| day >= w.start && day < w.start + span) {
                    w.closed += 1;
                    let g = OutcomeGroup::of(outcome);
                    let i = OutcomeGroup::ALL.iter().position(|x| *x == g).unwrap_or(OutcomeGroup::ALL.len() - 1);
                    w.by_outcome[i] += 1;
                }
            }
        }
    }
    weeks
}

/// Totals over the desk's weeks.
pub fn eha_totals(weeks: &[EhaWeek]) -> EhaWeek {
    let mut t = EhaWeek { by_outcome: vec![0; crate::early_help::OutcomeGroup::ALL.len()], ..EhaWeek::default() };
    for w in weeks {
        t.received += w.received;
        t.step_downs += w.step_downs;
        t.closed += w.closed;
        for (a, b) in t.by_outcome.iter_mut().zip(&w.by_outcome) {
            *a += b;
        }
    }
    t
}

/// A round upper bound for a chart's axis (1, 2, 5 × 10ⁿ), at least 1.
pub fn axis_max(largest: usize) -> usize {
    let mut step = 1usize;
    loop {
        for m in [1, 2, 5] {
            if m * step >= largest.max(1) {
                return m * step;
            }
        }
        step = step.saturating_mul(10);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().unwrap_or_default()
    }

    fn fact(received: DateTime<Utc>, source: &str, level: Option<&str>, decided_after_hours: Option<i64>, referral: bool, re: bool) -> ContactFact {
        ContactFact {
            received_at: received,
            source: source.into(),
            level: level.map(String::from),
            is_referral: referral,
            re_referral: re,
            first_decided_at: decided_after_hours.map(|h| received + Duration::hours(h)),
        }
    }

    #[test]
    fn contacts_are_counted_per_week_by_source_level_and_timeliness() {
        // Monday 2 November 2026 and the week after; Sunday 8 November 23:30 UTC is still Sunday in England (GMT).
        let facts = [
            fact(at(2026, 11, 2, 9), "2A", Some("universal_plus"), Some(3), false, false),
            fact(at(2026, 11, 8, 23), "6", Some("significant_harm"), Some(30), true, true),
            fact(at(2026, 11, 9, 9), "9", None, None, false, false),
            fact(at(2026, 11, 10, 9), "3B", Some("complex_and_significant"), Some(24), true, false),
        ];
        let weeks = weekly(&facts, NaiveDate::from_ymd_opt(2026, 11, 4).unwrap_or_default(), NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default());
        assert_eq!(weeks.iter().map(|w| w.start.to_string()).collect::<Vec<_>>(), ["2026-11-02", "2026-11-09", "2026-11-16"]);
        let (a, b, c) = (&weeks[0], &weeks[1], &weeks[2]);
        assert_eq!((a.contacts, a.decided, a.decided_in_time, a.referrals, a.re_referrals), (2, 2, 1, 1, 1));
        assert_eq!(a.by_source[1], 1, "schools");
        assert_eq!(a.by_source[5], 1, "police");
        assert_eq!((b.contacts, b.decided_in_time), (2, 1), "exactly 24 hours is in time");
        assert_eq!(b.by_level[5], 1, "not yet decided");
        assert_eq!(b.by_source[8], 1, "anonymous");
        assert_eq!(c.contacts, 0, "an empty week is still a week");
        assert_eq!((a.decided_in_time_percent(), a.conversion_percent(), a.re_referral_percent()), (Some(50), Some(50), Some(100)));
        assert_eq!(c.conversion_percent(), None);
        let t = totals(&weeks);
        assert_eq!((t.contacts, t.referrals, t.by_level.iter().sum::<usize>()), (4, 2, 4));
    }

    #[test]
    fn sources_group_as_the_census_codes_do() {
        assert_eq!(source_group("1A"), "Individuals");
        assert_eq!(source_group("2B"), "Schools and education");
        assert_eq!(source_group("3F"), "Health");
        assert_eq!(source_group("5D"), "LA services");
        assert_eq!(source_group("10"), "Anonymous or unknown");
        assert_eq!(source_group(""), "Anonymous or unknown");
    }

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!([0, 1, 3, 7, 10, 11, 180, 4000].map(axis_max), [1, 1, 5, 10, 10, 20, 200, 5000]);
    }

    #[test]
    fn the_desk_counts_ehas_received_step_downs_and_closures_by_outcome_in_their_own_weeks() {
        use crate::early_help::OutcomeGroup;
        use chrono::TimeZone;
        let at = |m: u32, d: u32| Utc.with_ymd_and_hms(2026, m, d, 10, 0, 0).single().unwrap_or_default();
        let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default();
        let facts = [
            // Received Monday 2 November, closed the next week as a step up.
            EhaFact { received_at: at(11, 2), source: "white_mail".into(), closed_at: Some(at(11, 10)), outcome: Some("Closed: transfer to ICS".into()) },
            // A step down received in the first week, still open.
            EhaFact { received_at: at(11, 4), source: "step_down_cin".into(), closed_at: None, outcome: None },
            // Received before the period, closed in it: only the closure counts.
            EhaFact { received_at: at(10, 20), source: "mash".into(), closed_at: Some(at(11, 3)), outcome: Some("Progress to meeting: Tipton COG".into()) },
        ];
        let weeks = eha_weekly(&facts, day(11, 2), day(11, 15));
        assert_eq!(weeks.len(), 2);
        assert_eq!((weeks[0].received, weeks[0].step_downs, weeks[0].closed), (2, 1, 1));
        let cog = OutcomeGroup::ALL.iter().position(|g| *g == OutcomeGroup::ProgressToCog).unwrap_or(0);
        assert_eq!(weeks[0].by_outcome[cog], 1);
        assert_eq!((weeks[1].received, weeks[1].closed, weeks[1].step_ups()), (0, 1, 1));
        let t = eha_totals(&weeks);
        assert_eq!((t.received, t.step_downs, t.closed, t.step_ups()), (2, 1, 2, 1));
    }

    #[test]
    fn figures_can_be_counted_per_day() {
        use chrono::TimeZone;
        let at = |d: u32, h: u32| Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).single().unwrap_or_default();
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d).unwrap_or_default();
        let fact = |t| ContactFact { received_at: t, source: "2A".into(), level: None, is_referral: false, re_referral: false, first_decided_at: None };
        // Wednesday 4 and Thursday 5 November: one bucket a day, empty days kept.
        let days = bucketed(&[fact(at(4, 9)), fact(at(5, 9)), fact(at(5, 15))], day(3), day(6), Bucket::Day);
        assert_eq!(days.iter().map(|d| (d.start, d.contacts)).collect::<Vec<_>>(), vec![(day(3), 0), (day(4), 1), (day(5), 2), (day(6), 0)]);
        // The same facts per week: one week from Monday 2 November.
        let weeks = bucketed(&[fact(at(4, 9)), fact(at(5, 9)), fact(at(5, 15))], day(3), day(6), Bucket::Week);
        assert_eq!(weeks.iter().map(|w| (w.start, w.contacts)).collect::<Vec<_>>(), vec![(day(2), 3)]);
        let eha = EhaFact { received_at: at(4, 9), source: "step_down_cin".into(), closed_at: Some(at(5, 9)), outcome: Some("Closed: transfer to ICS".into()) };
        let e = eha_bucketed(&[eha], day(4), day(5), Bucket::Day);
        assert_eq!((e[0].received, e[0].step_downs, e[0].closed, e[1].received, e[1].step_ups()), (1, 1, 0, 0, 1));
        assert_eq!((Bucket::from_form("day"), Bucket::from_form(""), Bucket::from_form("month")), (Bucket::Day, Bucket::Week, Bucket::Week));
        // Per day up to 62 days; per week for any period.
        assert!(check_bucket(Bucket::Day, day(1), day(30)).is_ok());
        let long = check_bucket(Bucket::Day, day(1), day(1) + Duration::days(MAX_DAILY_DAYS));
        assert!(long.for_field("by").is_some_and(|m| m.contains("63")), "{long:?}");
        assert!(check_bucket(Bucket::Week, day(1), day(1) + Duration::days(300)).is_ok());
    }
}
