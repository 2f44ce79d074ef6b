//! Repeat concerns (issue 5 point 8) and the red/amber/green state of a deadline.

use chrono::{DateTime, Months, Utc};
use serde::{Deserialize, Serialize};

use crate::rules::DueState;

/// Flags shown on the worklist and the contact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepeatFlags {
    /// Another contact about the same child was received in the 7 days before this one.
    pub repeat_within_7_days: bool,
    /// The child was referred in the 12 months before this contact (a re-referral if this one
    /// becomes a referral; Annex A List 3 counts them).
    pub referral_within_12_months: bool,
}

/// Flags for a contact received at `received`, given the times of the child's earlier contacts
/// and referrals (any order; later ones are ignored).
pub fn repeat_flags(received: DateTime<Utc>, earlier_contacts: &[DateTime<Utc>], earlier_referrals: &[DateTime<Utc>]) -> RepeatFlags {
    let week_before = received - chrono::Duration::days(7);
    let year_before = received.checked_sub_months(Months::new(12)).unwrap_or(received);
    RepeatFlags {
        repeat_within_7_days: earlier_contacts.iter().any(|c| *c < received && *c >= week_before),
        referral_within_12_months: earlier_referrals.iter().any(|r| *r < received && *r >= year_before),
    }
}

/// Red, amber or green, as managers read a worklist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Red,
    Amber,
    Green,
}

impl Rag {
    pub fn from_due(state: DueState) -> Rag {
        match state {
            DueState::Overdue => Rag::Red,
            DueState::Due | DueState::DueSoon => Rag::Amber,
            DueState::NotYetDue => Rag::Green,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Rag::Red => "Overdue",
            Rag::Amber => "Due soon",
            Rag::Green => "On time",
        }
    }
}

/// When a step started at `started` is due, on its stage's clock, as a UTC instant (deadlines
/// are worked in UK time, because office hours and working days are, and stored in UTC).
pub fn step_deadline(
    stage: super::Stage,
    started: DateTime<Utc>,
    cal: &crate::rules::WorkingCalendar,
    hours: &crate::rules::OfficeHours,
) -> (crate::rules::Deadline, DateTime<Utc>) {
    let d = crate::rules::deadline(stage.timescale(), crate::rules::uk_local_time(started), cal, hours);
    let due = crate::rules::utc_from_uk_local(d.due);
    (d, due)
}

/// Red, amber or green for an item due at `due` (UTC) on `timescale`'s clock, at `now`.
pub fn rag_at(due: DateTime<Utc>, timescale: crate::rules::Timescale, now: DateTime<Utc>, cal: &crate::rules::WorkingCalendar) -> Rag {
    let rule = crate::rules::timescale_rule(timescale);
    let d = crate::rules::Deadline {
        timescale,
        started: crate::rules::uk_local_time(due),
        due: crate::rules::uk_local_time(due),
        clock: rule.clock,
        calendar_version: cal.version.clone(),
        beyond_known_holidays: false,
    };
    Rag::from_due(d.state(crate::rules::uk_local_time(now), cal))
}
