//! The person and family index, pure part (issue 5): how a search finds the person a caller means
//! despite typos, nicknames, transposed dates and moves.
//!
//! 1. [`keys::match_keys`] turns a stored person into [`MatchKeys`]: phonetic codes, the normalised
//!    date of birth and postcode sector, the identifiers, and the short *index keys* the server
//!    writes to an indexed table.
//! 2. [`keys::candidate_keys`] turns a search into the index keys to look up: one portable
//!    `WHERE key IN (…)` fetches a bounded set of candidates on SQLite and PostgreSQL alike.
//! 3. [`score::rank`] scores every candidate (0–100) with plain-English [`Reason`]s and sorts them.
//!
//! The same code scores in the browser (as the call handler types) and on the server (which
//! re-checks before a record is created). [`generator`] makes synthetic families and noisy searches
//! to measure the quality; [`quality`] measures it. `docs/MATCHING.md` explains the design.

pub mod distance;
pub mod generator;
pub mod keys;
pub mod nicknames;
pub mod normalise;
pub mod phonetic;
pub mod quality;
pub mod score;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use keys::{
    candidate_keys, match_keys, CandidateQuery, IndexKey, KeyIndex, KeyKind, MatchKeys,
    KEYS_VERSION,
};
pub use normalise::{IdentifierError, PhoneError, Postcode, PostcodeError};
pub use phonetic::{double_metaphone, phonetic_key, PhoneticCode};
pub use score::{rank, score, Match, MatchStrength, PreparedQuery, Reason, ReasonCode};

/// What the index knows about one person: the stored record, as the server reads it. Values are
/// as typed; matching normalises them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonFacts {
    /// All given names, first name first ("Mary Jane").
    pub given_names: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub postcode: Option<String>,
    /// Postcodes the person lived at before, most recent first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous_postcodes: Vec<String>,
    /// The address, first line first ("12 Oak Road, Townley").
    pub address: Option<String>,
    pub phone: Option<String>,
    pub nhs_number: Option<String>,
    pub upn: Option<String>,
    pub la_child_id: Option<String>,
}

/// What a call handler typed into the search. Every field is optional; blank counts as absent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery {
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    /// A full postcode, or a sector ("AB1 2") or district ("AB1").
    pub postcode: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub nhs_number: Option<String>,
    pub upn: Option<String>,
    pub la_child_id: Option<String>,
}

/// `Some(trimmed)` when the field holds more than white space.
pub(crate) fn present(field: &Option<String>) -> Option<&str> {
    field.as_deref().map(str::trim).filter(|s| !s.is_empty())
}
