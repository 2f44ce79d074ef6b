//! Helpers shared by the rules tests.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use domain::rules::{Answer, Answers, Framework, RuleSet, ScriptSet, WorkingCalendar};

pub fn rules() -> RuleSet {
    RuleSet::builtin().expect("built-in rules load")
}
pub fn framework() -> Framework {
    Framework::builtin().expect("built-in framework loads")
}
pub fn scripts() -> ScriptSet {
    ScriptSet::builtin().expect("built-in scripts load")
}
pub fn calendar() -> WorkingCalendar {
    WorkingCalendar::builtin().expect("built-in calendar loads")
}
pub fn date(s: &str) -> NaiveDate {
    s.parse().expect("date")
}
pub fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("date and time")
}
pub fn yes() -> Answer {
    Answer::YesNo(true)
}
pub fn no() -> Answer {
    Answer::YesNo(false)
}
pub fn choice(v: &str) -> Answer {
    Answer::Choice(v.into())
}
pub fn choices(v: &[&str]) -> Answer {
    Answer::Choices(v.iter().map(|s| s.to_string()).collect())
}
pub fn text(v: &str) -> Answer {
    Answer::Text(v.into())
}
/// Answers from (question, answer) pairs.
pub fn answers(pairs: &[(&str, Answer)]) -> Answers {
    let mut a = Answers::new();
    for (q, v) in pairs {
        a.set(*q, v.clone());
    }
    a
}
