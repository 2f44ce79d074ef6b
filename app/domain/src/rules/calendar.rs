//! The working-day calendar for England and Wales (issue 3 point 5): weekends, the GOV.UK bank
//! holidays in `data/bank-holidays-england-and-wales.json`, and days an administrator adds at
//! short notice (royal events). No clock is read here: every date comes in as an argument.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

use super::data::{index, parse_json, to_pretty_json, DataProblem, Obj, Problems};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankHoliday {
    pub date: NaiveDate,
    pub title: String,
}

/// The bank holidays file. `version` identifies the file a deadline was computed under.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankHolidays {
    pub version: String,
    pub division: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub dates: Vec<BankHoliday>,
}

pub const BUILTIN_BANK_HOLIDAYS_JSON: &str =
    include_str!("../../data/bank-holidays-england-and-wales.json");

/// The only division this calendar follows (Scotland and Northern Ireland differ).
pub const DIVISION: &str = "england-and-wales";

impl BankHolidays {
    pub fn from_json(text: &str) -> Result<BankHolidays, Vec<DataProblem>> {
        let value = parse_json(text)?;
        let mut p = Problems::default();
        let file = read_bank_holidays(&value, &mut p);
        p.finish(file)
    }
    pub fn to_json(&self) -> String {
        to_pretty_json(self)
    }
    pub fn builtin() -> Result<BankHolidays, Vec<DataProblem>> {
        BankHolidays::from_json(BUILTIN_BANK_HOLIDAYS_JSON)
    }
}

fn read_date(obj: &Obj, key: &str, p: &mut Problems) -> Option<NaiveDate> {
    let text = obj.req_str(key, p)?;
    match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            p.push(
                obj.at(key),
                format!("\"{text}\" is not a date written as YYYY-MM-DD"),
            );
            None
        }
    }
}

fn read_days(obj: &Obj, key: &str, p: &mut Problems) -> Option<Vec<BankHoliday>> {
    let list_path = obj.at(key);
    let days: Vec<Option<BankHoliday>> = obj
        .req_array(key, p)
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let path = index(&list_path, i);
            let o = Obj::new(v, &path, p)?;
            o.allow_only(&["date", "title"], p);
            let date = read_date(&o, "date", p);
            let title = o.req_str("title", p);
            Some(BankHoliday {
                date: date?,
                title: title?,
            })
        })
        .collect();
    // Whole-list checks run on the entries that did parse, so every problem is reported at once.
    for (i, d) in days.iter().enumerate() {
        let Some(d) = d else { continue };
        let path = format!("{}.date", index(&list_path, i));
        if let Some(j) = days[..i]
            .iter()
            .position(|o| o.as_ref().is_some_and(|o| o.date == d.date))
        {
            p.push(
                &path,
                format!("{} is listed twice (also {key}[{j}])", d.date),
            );
        }
        if is_weekend(d.date) {
            p.push(
                &path,
                format!(
                    "{} is a {}; list the substitute weekday that is taken off instead",
                    d.date,
                    day_name(d.date)
                ),
            );
        }
    }
    days.into_iter().collect()
}

fn read_bank_holidays(v: &serde_json::Value, p: &mut Problems) -> Option<BankHolidays> {
    let obj = Obj::new(v, "", p)?;
    obj.allow_only(&["version", "division", "source", "dates"], p);
    let version = obj.req_str("version", p);
    let division = obj.req_str("division", p);
    if let Some(d) = &division {
        if d != DIVISION {
            p.push(
                "division",
                format!("is \"{d}\"; this calendar follows \"{DIVISION}\""),
            );
        }
    }
    let source = obj.opt_str("source", p);
    let dates = read_days(&obj, "dates", p);
    Some(BankHolidays {
        version: version?,
        division: division?,
        source,
        dates: dates?,
    })
}

fn day_name(d: NaiveDate) -> String {
    d.format("%A").to_string()
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A non-working day an administrator adds without a release (e.g. a royal funeral).
pub type AddedDay = BankHoliday;

/// Reads the administrator's added days, written as `{"added_days": [{"date", "title"}]}`.
pub fn added_days_from_json(text: &str) -> Result<Vec<AddedDay>, Vec<DataProblem>> {
    let value = parse_json(text)?;
    let mut p = Problems::default();
    let days = Obj::new(&value, "", &mut p).and_then(|obj| {
        obj.allow_only(&["added_days"], &mut p);
        read_days(&obj, "added_days", &mut p)
    });
    p.finish(days)
}

/// Working days: Monday to Friday, less bank holidays and added days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingCalendar {
    /// The bank holidays file version, plus "+N added" when an administrator has added days.
    pub version: String,
    holidays: BTreeMap<NaiveDate, String>,
    /// The years the bank holidays file covers; beyond them only weekends are known.
    first_year: i32,
    last_year: i32,
}

impl WorkingCalendar {
    pub fn new(bank: &BankHolidays) -> WorkingCalendar {
        let holidays: BTreeMap<NaiveDate, String> = bank
            .dates
            .iter()
            .map(|h| (h.date, h.title.clone()))
            .collect();
        let first_year = holidays.keys().next().map(|d| d.year()).unwrap_or(0);
        let last_year = holidays.keys().next_back().map(|d| d.year()).unwrap_or(-1);
        WorkingCalendar {
            version: bank.version.clone(),
            holidays,
            first_year,
            last_year,
        }
    }

    /// The built-in England and Wales bank holidays.
    pub fn builtin() -> Result<WorkingCalendar, Vec<DataProblem>> {
        BankHolidays::builtin().map(|b| WorkingCalendar::new(&b))
    }

    /// Adds an administrator's non-working days. Refuses weekends, days already off, and blank
    /// titles, listing every problem.
    pub fn with_added_days(
        mut self,
        days: &[AddedDay],
    ) -> Result<WorkingCalendar, Vec<DataProblem>> {
        let mut p = Problems::default();
        for (i, d) in days.iter().enumerate() {
            let path = index("added_days", i);
            if is_weekend(d.date) {
                p.push(
                    format!("{path}.date"),
                    format!(
                        "{} is a {}, which is not a working day anyway",
                        d.date,
                        day_name(d.date)
                    ),
                );
            } else if let Some(existing) = self.holidays.get(&d.date) {
                p.push(
                    format!("{path}.date"),
                    format!("{} is already a day off ({existing})", d.date),
                );
            }
            if d.title.trim().is_empty() {
                p.push(format!("{path}.title"), "must not be blank");
            }
        }
        if !p.is_empty() {
            return Err(p.0);
        }
        for d in days {
            self.holidays.insert(d.date, d.title.clone());
        }
        if !days.is_empty() {
            self.version = format!("{}+{} added", self.version, days.len());
        }
        Ok(self)
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !is_weekend(d) && !self.holidays.contains_key(&d)
    }

    /// The bank holiday or added day on this date, if any.
    pub fn holiday(&self, d: NaiveDate) -> Option<&str> {
        self.holidays.get(&d).map(String::as_str)
    }

    /// Whether the bank holidays for this date's year are known. Past the file's last year only
    /// weekends are excluded, so deadlines there may be a day early; say so on screen.
    pub fn covers(&self, d: NaiveDate) -> bool {
        (self.first_year..=self.last_year).contains(&d.year())
    }

    pub fn next_working_day_on_or_after(&self, d: NaiveDate) -> NaiveDate {
        let mut day = d;
        while !self.is_working_day(day) {
            day = step(day, 1);
        }
        day
    }

    /// The date `n` working days after `start` (`start` itself does not count). With `n == 0`,
    /// `start` if it is a working day, otherwise the next working day.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return self.next_working_day_on_or_after(start);
        }
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = step(day, 1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// The date `n` working days before `start`.
    pub fn subtract_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = step(day, -1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days `d` with `from < d <= to`; negative when `to` is before `from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        let mut count = 0;
        let mut day = from;
        while day < to {
            day = step(day, 1);
            if self.is_working_day(day) {
                count += 1;
            }
        }
        count
    }

    /// The working day before `d`.
    pub fn previous_working_day(&self, d: NaiveDate) -> NaiveDate {
        self.subtract_working_days(d, 1)
    }
}

fn step(d: NaiveDate, days: i64) -> NaiveDate {
    d.checked_add_signed(Duration::days(days)).unwrap_or(d)
}

/// UK wall-clock time for a UTC instant: GMT, or BST (UTC+1) from 01:00 UTC on the last Sunday
/// of March to 01:00 UTC on the last Sunday of October. Deadlines are worked in UK time because
/// office hours and working days are.
pub fn uk_local_time(utc: DateTime<Utc>) -> NaiveDateTime {
    let naive = utc.naive_utc();
    let year = naive.year();
    let bst = match (last_sunday(year, 3), last_sunday(year, 10)) {
        (Some(start), Some(end)) => {
            let start = start.and_hms_opt(1, 0, 0);
            let end = end.and_hms_opt(1, 0, 0);
            matches!((start, end), (Some(s), Some(e)) if naive >= s && naive < e)
        }
        _ => false,
    };
    if bst {
        naive + Duration::hours(1)
    } else {
        naive
    }
}

/// The UTC instant of a UK wall-clock time (the inverse of [`uk_local_time`]). In the hour the
/// clocks go back, the earlier (BST) instant; in the hour that does not exist, as if GMT.
pub fn utc_from_uk_local(local: NaiveDateTime) -> DateTime<Utc> {
    let as_bst = (local - Duration::hours(1)).and_utc();
    if uk_local_time(as_bst) == local {
        as_bst
    } else {
        local.and_utc()
    }
}

fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }?;
    let last = first_next.pred_opt()?;
    let back = last.weekday().num_days_from_sunday() as i64;
    Some(last - Duration::days(back))
}
