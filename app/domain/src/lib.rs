//! Frontdoor's shared domain: the types and rules that the browser and the server both use.
//!
//! Invariant: nothing here does IO or knows about Leptos, axum or sqlx. Every function is a pure
//! function of its arguments (the current time is always passed in), so the same code can run in
//! the WASM bundle while a call handler types, and again on the server before anything is stored.

/// An enum whose variants have plain-English labels, serialised in snake_case.
macro_rules! labelled_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident => $label:expr),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $var),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),*];
            /// Plain-English words for screens, letters and docs.
            pub fn label(self) -> &'static str { match self { $($name::$var => $label),* } }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.label()) }
        }
    };
}

/// `slug()` and `from_slug()` for an enum: the value stored in the database and sent by forms.
macro_rules! slugs_for {
    ($t:ty { $($var:ident => $slug:literal),* $(,)? }) => {
        impl $t {
            pub fn slug(self) -> &'static str { match self { $(<$t>::$var => $slug),* } }
            pub fn from_slug(s: &str) -> Option<$t> { match s { $($slug => Some(<$t>::$var),)* _ => None } }
        }
    };
}

pub mod annex_a;
pub mod audit;
pub mod codes;
pub mod display;
pub mod find;
pub mod matching;
pub mod roles;
// `labelled_enum!` is shared with the modules declared after this one.
#[macro_use]
pub mod rules;
pub mod early_help;
pub mod inbox;
pub mod information_requests;
pub mod letters;
pub mod mash_notifications;
pub mod missing;
pub mod notes;
pub mod people;
pub mod performance;
pub mod sign_in;
pub mod staff;
pub mod validation;
pub mod workflow;

pub use roles::Role;
pub use staff::{StaffUser, TeamRef};
pub use validation::{FieldError, Validation};
