//! Dates and times as people in England read them: "2 March 2026", "2 March 2026 at 9:05am",
//! in UK local time (GMT or BST, via `rules::uk_local_time`). Stored times are UTC; only display
//! converts.

use crate::rules::uk_local_time as uk_local;
use chrono::{DateTime, NaiveDate, Utc};

pub fn date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

pub fn date_time(t: DateTime<Utc>) -> String {
    let local = uk_local(t);
    let hour12 = match local.format("%-I").to_string().parse::<u32>() {
        Ok(h) => h,
        Err(_) => 12,
    };
    let ampm = if local.format("%P").to_string() == "am" { "am" } else { "pm" };
    format!("{} at {}:{}{}", local.format("%-d %B %Y"), hour12, local.format("%M"), ampm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().unwrap_or_default()
    }

    #[test]
    fn gmt_and_bst() {
        // 2026: BST runs from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(date_time(utc(2026, 1, 15, 9, 5)), "15 January 2026 at 9:05am");
        assert_eq!(date_time(utc(2026, 7, 1, 12, 30)), "1 July 2026 at 1:30pm");
        assert_eq!(date_time(utc(2026, 3, 29, 0, 59)), "29 March 2026 at 12:59am");
        assert_eq!(date_time(utc(2026, 3, 29, 1, 0)), "29 March 2026 at 2:00am");
        assert_eq!(date_time(utc(2026, 10, 25, 0, 59)), "25 October 2026 at 1:59am");
        assert_eq!(date_time(utc(2026, 10, 25, 1, 0)), "25 October 2026 at 1:00am");
    }

    #[test]
    fn dates() {
        assert_eq!(date(NaiveDate::from_ymd_opt(2015, 3, 2).unwrap_or_default()), "2 March 2015");
    }
}
