//! The online Request for Support (issue 4) as pure Rust: no IO, no Leptos. The server's handlers
//! (`server::public_form`) and the browser's WASM (`app/public-guidance`) both use it, so the
//! guidance a referrer sees as they type is the very code that decides what the server shows
//! after each post and stores with the request.
//!
//! - `form`: the answers, the steps in order and which apply to whom, and each step's checks.
//! - `guidance`: the shared rules (`domain::rules`) applied to the answers, worded for a referrer.
//! - `panel`: the guidance panel's HTML, the one renderer both sides use.
//! - `browser`: what the browser is given (the rules in force and the draft as JSON) and the
//!   adapter its WASM calls on every answer.

pub mod browser;
pub mod form;
pub mod guidance;
pub mod panel;

/// One choice of a radio or checkbox question.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Choice {
        Choice { value: value.into(), label: label.into(), hint: None }
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Choice {
        self.hint = Some(hint.into());
        self
    }
}
