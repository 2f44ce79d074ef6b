//! Frontdoor's shared domain: the types and rules that the browser and the server both use.
//!
//! Invariant: nothing here does IO or knows about Leptos, axum or sqlx. Every function is a pure
//! function of its arguments (the current time is always passed in), so the same code can run in
//! the WASM bundle while a call handler types, and again on the server before anything is stored.

pub mod audit;
pub mod display;
pub mod matching;
pub mod roles;
pub mod rules;
pub mod sign_in;
pub mod staff;
pub mod validation;

pub use roles::Role;
pub use staff::{StaffUser, TeamRef};
pub use validation::{FieldError, Validation};
