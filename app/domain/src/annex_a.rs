//! Ofsted ILACS Annex A lists (issue 8 point 4; columns and codes from
//! ../shared/reference/codes-and-timescales.md): List 1 (contacts, one row per child per contact),
//! List 2 (early help assessments: the EHAs the Early Help desk received) and List 3 (referrals).
//! Pure: the server fetches the facts for a period and these functions make the rows, so the
//! columns are defined and tested once, whatever the file format.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use crate::codes::{gender_annex_a_code, ETHNICITY_NOT_OBTAINED};
use crate::rules::uk_local_time;
use crate::validation::{FieldError, Validation};

/// The columns every list starts with.
pub const COMMON_COLUMNS: [&str; 5] = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"];
pub const LIST_1_COLUMNS: [&str; 7] =
    ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Date of Contact", "Contact Source"];
pub const LIST_2_COLUMNS: [&str; 8] = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Assessment Start Date",
    "Assessment Completion Date",
    "Organisation Completing Assessment",
];
pub const LIST_3_COLUMNS: [&str; 11] = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Date of Referral",
    "Referral Source",
    "Referral NFA?",
    "Number of Referrals in Last 12 Months",
    "Allocated Team",
    "Allocated Worker",
];

/// The longest period one export covers: Annex A asks for six months; a year leaves room for a
/// council's own comparisons without letting one request read the whole database.
pub const MAX_PERIOD_DAYS: i64 = 366;

/// The child's columns, as the person index holds them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Child {
    /// The LA child id when recorded, otherwise the person's id in this system.
    pub unique_id: String,
    /// A `codes::GENDERS` slug.
    pub gender: String,
    /// A DfE ethnicity code (`codes::ETHNICITIES`).
    pub ethnicity: String,
    pub date_of_birth: Option<NaiveDate>,
}

/// One child on one contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactLine {
    pub child: Child,
    pub received_at: DateTime<Utc>,
    /// CIN census N00152 code.
    pub source: String,
}

/// One child on one EHA the Early Help desk received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssessmentLine {
    pub child: Child,
    /// When the desk received the EHA.
    pub received_at: DateTime<Utc>,
    /// As the EHA records them (`early_help::IntakeForm`), when it does.
    pub started: Option<NaiveDate>,
    pub completed: Option<NaiveDate>,
    /// The referring agency, which completed the assessment.
    pub organisation: String,
    /// The EHA records consent. One without it is not processed (§1.1.1): not an assessment
    /// the service holds, so not on the list.
    pub consent: bool,
}

impl AssessmentLine {
    /// The completion date Annex A reports: as the EHA records it, else the day the desk
    /// received it (an EHA reaches the desk completed).
    pub fn completion(&self) -> NaiveDate {
        self.completed.unwrap_or_else(|| local_date(self.received_at))
    }

    /// Started or completed within the period (inclusive days).
    pub fn in_period(&self, p: &Period) -> bool {
        let within = |d: NaiveDate| d >= p.from && d <= p.to;
        self.consent && (self.started.is_some_and(within) || within(self.completion()))
    }
}

/// One child on one referral.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReferralLine {
    pub child: Child,
    pub referral_at: DateTime<Utc>,
    pub source: String,
    /// Closed with no further action: no assessment, section 47, conference or plan followed.
    pub nfa: bool,
    /// The child's referrals (this one included, at least those of the 12 months before it),
    /// to count those in the last 12 months.
    pub child_referrals: Vec<DateTime<Utc>>,
    pub team: String,
    pub worker: String,
}

/// Referral outcomes that went on to an assessment or enquiry, or to the child's allocated
/// worker: not "no further action".
const NOT_NFA: [&str; 3] = ["strategy_discussion", "family_assessment", "passed_to_allocated_worker"];

/// A referral closed without an assessment, enquiry or allocated worker following.
pub fn no_further_action(status: &str, outcome: Option<&str>) -> bool {
    status == "closed" && !outcome.is_some_and(|o| NOT_NFA.contains(&o))
}

/// A date as Annex A writes it: dd/mm/yyyy.
pub fn annex_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The date in England of a stored UTC time.
pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    uk_local_time(t).date()
}

/// Whole years from `dob` to `at`; `None` before birth or without a date of birth.
pub fn age_in_years(dob: Option<NaiveDate>, at: NaiveDate) -> Option<u32> {
    let dob = dob?;
    if at < dob {
        return None;
    }
    let mut years = at.year() - dob.year();
    if (at.month(), at.day()) < (dob.month(), dob.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

/// Referrals in the 12 months up to and including `at` (this referral counts).
pub fn referrals_in_last_12_months(all: &[DateTime<Utc>], at: DateTime<Utc>) -> usize {
    let at_day = local_date(at);
    let start = at_day.checked_sub_months(chrono::Months::new(12)).unwrap_or(at_day);
    all.iter().map(|t| local_date(*t)).filter(|d| *d > start && *d <= at_day).count()
}

fn common(c: &Child, at: NaiveDate) -> Vec<String> {
    let ethnicity = if c.ethnicity.trim().is_empty() { ETHNICITY_NOT_OBTAINED.to_string() } else { c.ethnicity.clone() };
    vec![
        c.unique_id.clone(),
        gender_annex_a_code(&c.gender).to_string(),
        ethnicity,
        c.date_of_birth.map(annex_date).unwrap_or_default(),
        age_in_years(c.date_of_birth, at).map(|a| a.to_string()).unwrap_or_default(),
    ]
}

/// List 1 rows, oldest contact first (the caller's order is kept).
pub fn list_1_rows(lines: &[ContactLine]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| {
            let day = local_date(l.received_at);
            let mut row = common(&l.child, day);
            row.push(annex_date(day));
            row.push(l.source.clone());
            row
        })
        .collect()
}

/// List 2 rows: the EHAs started or completed in the period, with consent, in the caller's
/// order. The child's age is at the assessment's start (or completion when no start is given).
/// A start date the EHA does not give is left empty rather than guessed.
pub fn list_2_rows(lines: &[AssessmentLine], period: &Period) -> Vec<Vec<String>> {
    lines
        .iter()
        .filter(|l| l.in_period(period))
        .map(|l| {
            let completed = l.completion();
            let mut row = common(&l.child, l.started.unwrap_or(completed));
            row.push(l.started.map(annex_date).unwrap_or_default());
            row.push(annex_date(completed));
            row.push(l.organisation.trim().to_string());
            row
        })
        .collect()
}

/// List 3 rows.
pub fn list_3_rows(lines: &[ReferralLine]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| {
            let day = local_date(l.referral_at);
            let mut row = common(&l.child, day);
            row.push(annex_date(day));
            row.push(l.source.clone());
            row.push(if l.nfa { "Yes" } else { "No" }.to_string());
            row.push(referrals_in_last_12_months(&l.child_referrals, l.referral_at).to_string());
            row.push(l.team.clone());
            row.push(l.worker.clone());
            row
        })
        .collect()
}

/// CSV as RFC 4180 (CRLF, quotes doubled). A cell a spreadsheet would run as a formula gets a
/// leading apostrophe: team and worker names are typed by people.
pub fn to_csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let cell = |s: &str| {
        let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s
        }
    };
    let mut out = String::new();
    out.push_str(&header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// The period an export covers, both days included (England's dates).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The six months before `today`, as inspectors ask.
    pub fn six_months_to(today: NaiveDate) -> Period {
        let from = today.checked_sub_months(chrono::Months::new(6)).unwrap_or(today);
        Period { from: from + Duration::days(1), to: today }
    }
}

impl Period {
    /// The period as stored times: from midnight in England on the first day to midnight after
    /// the last, the end excluded.
    pub fn utc_bounds(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = crate::rules::utc_from_uk_local(self.from.and_time(chrono::NaiveTime::MIN));
        let end = crate::rules::utc_from_uk_local((self.to + Duration::days(1)).and_time(chrono::NaiveTime::MIN));
        (start, end)
    }
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    let t = s.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d").ok().or_else(|| crate::matching::normalise::parse_date_of_birth(t).ok())
}

/// Checks the period typed on the exports page (`from`, `to`: "1/6/2026" or "2026-06-01").
pub fn check_period(from: &str, to: &str, today: NaiveDate) -> Result<Period, Vec<FieldError>> {
    let mut v = Validation::new();
    let f = parse_day(from);
    let t = parse_day(to);
    v.check(f.is_none(), "from", "Enter the first day of the period as a real date, like 1 6 2026");
    v.check(t.is_none(), "to", "Enter the last day of the period as a real date, like 30 11 2026");
    if let (Some(f), Some(t)) = (f, t) {
        v.check(t < f, "to", "The last day must be the same as or after the first day");
        v.check(t > today, "to", "The last day must be today or in the past");
        v.check((t - f).num_days() >= MAX_PERIOD_DAYS, "to", "A period can be a year at most");
    }
    v.into_result()?;
    match (f, t) {
        (Some(from), Some(to)) => Ok(Period { from, to }),
        _ => Err(vec![FieldError::new("from", "Enter the period")]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_closed_referral_is_nfa_unless_something_followed() {
        assert!(no_further_action("closed", None));
        assert!(no_further_action("closed", Some("advice_given")));
        assert!(!no_further_action("closed", Some("strategy_discussion")));
        assert!(!no_further_action("closed", Some("passed_to_allocated_worker")));
        assert!(!no_further_action("open", None));
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().unwrap_or_default()
    }

    fn child() -> Child {
        Child { unique_id: "LA123".into(), gender: "female".into(), ethnicity: "WBRI".into(), date_of_birth: Some(day(2015, 3, 27)) }
    }

    #[test]
    fn list_1_has_one_row_per_child_per_contact_in_annex_a_columns() {
        let lines = [
            ContactLine { child: child(), received_at: at(2026, 3, 26, 10), source: "2A".into() },
            // 23:30 UTC on 26 March 2026 is still the 26th in England (GMT); 23:30 UTC on 30 June is 1 July (BST).
            ContactLine { child: child(), received_at: at(2026, 6, 30, 23), source: "6".into() },
        ];
        let rows = list_1_rows(&lines);
        assert_eq!(rows[0], vec!["LA123", "b", "WBRI", "27/03/2015", "10", "26/03/2026", "2A"]);
        assert_eq!(rows[1][4..], ["11".to_string(), "01/07/2026".into(), "6".into()]);
        assert_eq!(LIST_1_COLUMNS[..5], COMMON_COLUMNS);
        assert_eq!(LIST_3_COLUMNS[..5], COMMON_COLUMNS);
    }

    #[test]
    fn list_2_has_the_ehas_started_or_completed_in_the_period_with_consent() {
        let period = Period { from: day(2026, 1, 1), to: day(2026, 6, 30) };
        let eha = |started: Option<NaiveDate>, completed: Option<NaiveDate>, received: DateTime<Utc>, consent: bool| AssessmentLine {
            child: child(),
            received_at: received,
            started,
            completed,
            organisation: " Hill Primary School ".into(),
            consent,
        };
        let lines = [
            // Started and completed in the period, as the EHA records them.
            eha(Some(day(2026, 2, 2)), Some(day(2026, 2, 20)), at(2026, 2, 23, 9), true),
            // No dates given: completed the day the desk received it; the start left empty.
            eha(None, None, at(2026, 6, 30, 9), true),
            // Started in the period, completed and received after it.
            eha(Some(day(2026, 6, 29)), Some(day(2026, 7, 3)), at(2026, 7, 6, 9), true),
            // Started and completed before the period, received in it late: not in this period.
            eha(Some(day(2025, 11, 1)), Some(day(2025, 12, 20)), at(2026, 1, 5, 9), true),
            // Received at 23:00 UTC on 30 June, which is 1 July in England (BST): after it.
            eha(None, None, at(2026, 6, 30, 23), true),
            // No consent: not processed, not an assessment the service holds.
            eha(None, None, at(2026, 3, 3, 9), false),
        ];
        let rows = list_2_rows(&lines, &period);
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(rows[0], vec!["LA123", "b", "WBRI", "27/03/2015", "10", "02/02/2026", "20/02/2026", "Hill Primary School"]);
        assert_eq!(rows[1][4..], ["11".to_string(), String::new(), "30/06/2026".into(), "Hill Primary School".into()]);
        assert_eq!(rows[2][5..], ["29/06/2026".to_string(), "03/07/2026".into(), "Hill Primary School".into()]);
        assert_eq!(LIST_2_COLUMNS[..5], COMMON_COLUMNS);
    }

    #[test]
    fn unknown_details_are_written_as_annex_a_expects() {
        let c = Child { unique_id: "p-1".into(), gender: "".into(), ethnicity: "".into(), date_of_birth: None };
        let rows = list_1_rows(&[ContactLine { child: c, received_at: at(2026, 1, 5, 9), source: "10".into() }]);
        assert_eq!(rows[0], vec!["p-1", "c", "NOBT", "", "", "05/01/2026", "10"]);
    }

    #[test]
    fn age_is_whole_years_on_the_day() {
        assert_eq!(age_in_years(Some(day(2010, 6, 15)), day(2026, 6, 14)), Some(15));
        assert_eq!(age_in_years(Some(day(2010, 6, 15)), day(2026, 6, 15)), Some(16));
        assert_eq!(age_in_years(Some(day(2027, 1, 1)), day(2026, 6, 15)), None, "unborn");
        assert_eq!(age_in_years(None, day(2026, 6, 15)), None);
    }

    #[test]
    fn list_3_counts_referrals_in_the_twelve_months_to_this_one() {
        let earlier = [at(2025, 4, 1, 9), at(2025, 9, 1, 9), at(2026, 3, 1, 9)];
        let line = ReferralLine {
            child: child(),
            referral_at: at(2026, 4, 1, 9),
            source: "3B".into(),
            nfa: true,
            child_referrals: earlier.iter().copied().chain([at(2026, 4, 1, 9), at(2026, 5, 1, 9)]).collect(),
            team: "ASTI".into(),
            worker: "A Worker".into(),
        };
        let rows = list_3_rows(&[line]);
        // 1 April 2025 is exactly 12 months before: outside; later referrals do not count.
        assert_eq!(rows[0][5..], ["01/04/2026", "3B", "Yes", "3", "ASTI", "A Worker"].map(String::from));
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let rows = vec![vec!["a,b".to_string(), "say \"hi\"".into(), "=SUM(A1)".into(), "plain".into()]];
        assert_eq!(to_csv(&["h1", "h2", "h3", "h4"], &rows), "h1,h2,h3,h4\r\n\"a,b\",\"say \"\"hi\"\"\",'=SUM(A1),plain\r\n");
    }

    #[test]
    fn periods_are_checked_with_plain_messages() {
        let today = day(2026, 12, 5);
        assert_eq!(check_period("2026-06-06", "5/12/2026", today), Ok(Period { from: day(2026, 6, 6), to: today }));
        assert_eq!(Period::six_months_to(today), Period { from: day(2026, 6, 6), to: today });
        // Summer days start at 23:00 UTC the evening before (BST); winter days at midnight.
        let (start, end) = Period { from: day(2026, 6, 6), to: today }.utc_bounds();
        assert_eq!((start, end), (at(2026, 6, 5, 23), at(2026, 12, 6, 0)));
        let e = check_period("", "31/02/2026", today).unwrap_err();
        assert_eq!(e.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), vec!["from", "to"]);
        assert_eq!(check_period("2026-06-01", "2026-05-01", today).unwrap_err()[0].field, "to");
        assert!(check_period("2026-06-01", "2026-12-06", today).is_err(), "the future");
        assert!(check_period("2025-01-01", "2026-06-01", today).is_err(), "over a year");
    }
}
