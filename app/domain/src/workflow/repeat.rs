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
