//! Issue 3 point 5: the working-day calendar. Property tests: adding n working days never lands
//! on a weekend or holiday, is monotonic, and counts correctly across Christmas and Easter.
mod common;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use common::*;
use domain::rules::calendar::{added_days_from_json, BankHoliday};
use domain::rules::{uk_local_time, BankHolidays, WorkingCalendar};
use proptest::prelude::*;

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // 2019-01-01 .. 2028-12-31: the years the bank holidays file covers.
    (0i64..3650).prop_map(|d| date("2019-01-01") + Duration::days(d))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn adding_working_days_never_lands_on_a_day_off(start in any_date(), n in 0u32..400) {
        let cal = calendar();
        let d = cal.add_working_days(start, n);
        prop_assert!(!matches!(d.weekday(), Weekday::Sat | Weekday::Sun), "{start} + {n} = {d}");
        prop_assert!(cal.holiday(d).is_none(), "{start} + {n} = {d} ({:?})", cal.holiday(d));
    }

    #[test]
    fn adding_working_days_is_monotonic(start in any_date(), n in 0u32..200, m in 0u32..200, later in 0i64..30) {
        let cal = calendar();
        let (lo, hi) = (n.min(m), n.max(m));
        prop_assert!(cal.add_working_days(start, lo) <= cal.add_working_days(start, hi));
        // Strictly later, except that from a day off "+0" already moves to the next working day,
        // which is also "+1" (start itself never counts): a Saturday referral due in one working
        // day is due on Monday.
        if lo < hi && (lo > 0 || cal.is_working_day(start)) {
            prop_assert!(cal.add_working_days(start, lo) < cal.add_working_days(start, hi));
        }
        if lo == 0 && hi == 1 && !cal.is_working_day(start) {
            prop_assert_eq!(cal.add_working_days(start, 0), cal.add_working_days(start, 1));
        }
        let start2 = start + Duration::days(later);
        prop_assert!(cal.add_working_days(start, n) <= cal.add_working_days(start2, n));
    }

    #[test]
    fn adding_then_counting_gives_n_back(start in any_date(), n in 1u32..400) {
        let cal = calendar();
        let d = cal.add_working_days(start, n);
        prop_assert_eq!(cal.working_days_between(start, d), n as i64);
        prop_assert_eq!(cal.working_days_between(d, start), -(n as i64));
        // Counting back from a working day returns to the last working day on or before start.
        let back = cal.subtract_working_days(d, n);
        prop_assert!(back <= start);
        prop_assert_eq!(cal.working_days_between(back, start), 0);
    }

    #[test]
    fn admin_added_days_are_skipped(start in any_date(), n in 1u32..60, pick in 1u32..30) {
        let cal = calendar();
        let target = cal.add_working_days(start, pick);
        let added = cal.clone().with_added_days(&[BankHoliday { date: target, title: "Royal event".into() }]).unwrap();
        let d = added.add_working_days(start, n);
        prop_assert_ne!(d, target);
        prop_assert!(added.add_working_days(start, n) >= cal.add_working_days(start, n));
    }
}

#[test]
fn counting_across_christmas_and_easter() {
    let cal = calendar();
    // (seed-style citation, start, working days, expected)
    let rows = [
        (
            "bank holidays 2026: Christmas Fri 25, Boxing Day (substitute) Mon 28",
            "2026-12-24",
            1,
            "2026-12-29",
        ),
        (
            "bank holidays 2026/27: New Year's Day Fri 1 Jan",
            "2026-12-24",
            5,
            "2027-01-05",
        ),
        (
            "bank holidays 2025: Christmas Thu 25, Boxing Day Fri 26",
            "2025-12-24",
            1,
            "2025-12-29",
        ),
        (
            "bank holidays 2022: Christmas substitute Tue 27",
            "2022-12-23",
            1,
            "2022-12-28",
        ),
        (
            "bank holidays 2026: Good Friday 3 Apr, Easter Monday 6 Apr",
            "2026-04-02",
            1,
            "2026-04-07",
        ),
        (
            "bank holidays 2027: Good Friday 26 Mar, Easter Monday 29 Mar",
            "2027-03-25",
            2,
            "2027-03-31",
        ),
        (
            "bank holidays 2022: Queen's state funeral Mon 19 Sep",
            "2022-09-16",
            1,
            "2022-09-20",
        ),
        (
            "Working Together 2023: 45 working days of a referral",
            "2026-11-16",
            45,
            "2027-01-21",
        ),
        (
            "weekend start: next working day counts as the first",
            "2026-03-07",
            1,
            "2026-03-09",
        ),
        (
            "zero days on a holiday: roll forward",
            "2026-12-25",
            0,
            "2026-12-29",
        ),
    ];
    for (seed, start, n, want) in rows {
        assert_eq!(
            cal.add_working_days(date(start), n),
            date(want),
            "seed: {seed}"
        );
    }
    assert_eq!(
        cal.working_days_between(date("2026-12-24"), date("2027-01-04")),
        4,
        "24 Dec 2026 to 4 Jan 2027"
    );
}

#[test]
fn the_bank_holidays_file_round_trips_and_is_valid() {
    let b = BankHolidays::builtin().unwrap();
    assert_eq!(b.division, "england-and-wales");
    assert!(b.dates.len() >= 80);
    assert_eq!(BankHolidays::from_json(&b.to_json()).unwrap(), b);
    let cal = WorkingCalendar::new(&b);
    assert!(cal.covers(date("2028-12-31")));
    assert!(!cal.covers(date("2029-01-02")));
}

#[test]
fn a_broken_bank_holidays_file_lists_every_problem() {
    let text = r#"{"division": "scotland", "dates": [
        {"date": "2026-12-25", "title": "Christmas"},
        {"date": "2026-12-25", "title": "Christmas again"},
        {"date": "2026-12-26", "title": "Boxing Day on a Saturday"},
        {"date": "25/12/2027", "title": ""}
    ]}"#;
    let shown: Vec<String> = BankHolidays::from_json(text)
        .unwrap_err()
        .iter()
        .map(|p| p.to_string())
        .collect();
    for e in [
        "version: is required",
        "division: is \"scotland\"",
        "dates[1].date: 2026-12-25 is listed twice",
        "dates[2].date: 2026-12-26 is a Sat",
        "dates[3].date: \"25/12/2027\" is not a date",
        "dates[3].title: must not be blank",
    ] {
        assert!(
            shown.iter().any(|s| s.starts_with(e)),
            "missing {e:?} in {shown:#?}"
        );
    }
}

#[test]
fn administrators_add_days_at_short_notice() {
    let cal = calendar();
    let days =
        added_days_from_json(r#"{"added_days": [{"date": "2026-06-15", "title": "Royal event"}]}"#)
            .unwrap();
    let cal2 = cal.clone().with_added_days(&days).unwrap();
    assert!(cal.is_working_day(date("2026-06-15")));
    assert!(!cal2.is_working_day(date("2026-06-15")));
    assert_eq!(
        cal2.add_working_days(date("2026-06-12"), 1),
        date("2026-06-16")
    );
    assert_eq!(cal2.version, "gov-uk-england-and-wales-2019-2028+1 added");
    let err = cal
        .with_added_days(&[
            BankHoliday {
                date: date("2026-06-13"),
                title: "Saturday".into(),
            },
            BankHoliday {
                date: date("2026-12-25"),
                title: "Again".into(),
            },
            BankHoliday {
                date: date("2026-06-17"),
                title: " ".into(),
            },
        ])
        .unwrap_err();
    let shown: Vec<String> = err.iter().map(|p| p.to_string()).collect();
    assert_eq!(shown.len(), 3, "{shown:#?}");
    assert!(shown[0].starts_with("added_days[0].date: 2026-06-13 is a Sat"));
    assert!(
        shown[1].starts_with("added_days[1].date: 2026-12-25 is already a day off (Christmas Day)")
    );
    assert!(shown[2].starts_with("added_days[2].title: must not be blank"));
}

#[test]
fn uk_local_time_follows_british_summer_time() {
    use chrono::{TimeZone, Utc};
    let rows = [
        (
            "GMT in winter",
            Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap(),
            "2026-01-15 12:00",
        ),
        (
            "BST in summer",
            Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap(),
            "2026-07-01 13:00",
        ),
        (
            "BST starts 01:00 UTC last Sunday of March",
            Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap(),
            "2026-03-29 02:00",
        ),
        (
            "just before BST starts",
            Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 0).unwrap(),
            "2026-03-29 00:59",
        ),
        (
            "BST ends 01:00 UTC last Sunday of October",
            Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0).unwrap(),
            "2026-10-25 01:00",
        ),
        (
            "just before BST ends",
            Utc.with_ymd_and_hms(2026, 10, 25, 0, 30, 0).unwrap(),
            "2026-10-25 01:30",
        ),
    ];
    for (why, utc, want) in rows {
        assert_eq!(uk_local_time(utc), at(want), "{why}");
    }
}
