//! Field-level validation results in the shape of the GOV.UK error summary: each problem names the
//! field (so the summary can link to it) and says how to fix it in plain English.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The `id` of the input the message belongs to (the summary links to `#field`).
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), message: message.into() }
    }
}

/// An ordered list of problems; empty means valid. Order follows the form so the summary reads
/// top to bottom.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validation {
    pub errors: Vec<FieldError>,
}

impl Validation {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// Records `message` against `field` when `failed` holds; returns `failed` for chaining.
    pub fn check(&mut self, failed: bool, field: &str, message: impl Into<String>) -> bool {
        if failed {
            self.add(field, message);
        }
        failed
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }

    pub fn into_result(self) -> Result<(), Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }
}

/// Trimmed text, or `None` when nothing but white space was entered.
pub fn non_blank(value: &str) -> Option<&str> {
    let v = value.trim();
    (!v.is_empty()).then_some(v)
}
