//! The contact workflow (issue 5): seeds 000 and 001 as a state machine over work items. A
//! contact holds a `ContactFlow`; each open work item sits at a `Stage` on a `Worklist`; a
//! worker's `Decision` there gives an `Outcome` (next items, closure, letters, actions). Pure, so
//! the contact page shows what each choice would do before it is sent, and the server runs the
//! same function again before it stores anything. `docs/WORKFLOW.md` describes every path.

mod consent;
mod decide;
mod repeat;
mod stage;

pub use decide::{
    decide, decisions_at, Assign, CallResult, ContactFlow, ContactOutcome, Decision, FamilySupportService, NextStep, Outcome,
};
pub use consent::{check_consent_override, consent_route, information_gathering_waits};
pub use repeat::{rag_at, repeat_flags, step_deadline, Rag, RepeatFlags};
pub use stage::{may_reassign, may_work, stage_label, worklist_from_slug, worklist_roles, worklist_short_name, worklist_slug, Stage};

/// The snake_case name serde gives a unit variant (how enums are stored in the database).
pub fn slug_of<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The inverse of [`slug_of`].
pub fn from_slug<T: serde::de::DeserializeOwned>(slug: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(slug.to_string())).ok()
}
