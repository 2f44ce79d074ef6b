//! Reading the versioned data files (framework, scripts, bank holidays) from JSON text.
//!
//! Why a hand-written reader rather than `serde_json::from_str::<Framework>`: a council uploads
//! these files, and serde stops at the first problem. Walking a `serde_json::Value` lets loading
//! report *every* problem at once, each with a path such as `levels[2].indicators[0].id`.
//! The typed structs still derive `Serialize`/`Deserialize` (for the database and the browser);
//! round-trip tests keep the two in step.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One problem found while loading a data file: where it is, and what is wrong, in plain English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{path}: {message}")]
pub struct DataProblem {
    /// Path-like location, e.g. `levels[2].indicators[0].id`; `(file)` for the whole file.
    pub path: String,
    pub message: String,
}

/// Collects problems while a file is walked.
#[derive(Default, Debug)]
pub(crate) struct Problems(pub(crate) Vec<DataProblem>);

impl Problems {
    pub(crate) fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(DataProblem {
            path: path.into(),
            message: message.into(),
        });
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// `Ok(value)` when nothing was found, otherwise every problem.
    pub(crate) fn finish<T>(self, value: Option<T>) -> Result<T, Vec<DataProblem>> {
        match value {
            Some(v) if self.0.is_empty() => Ok(v),
            _ if self.0.is_empty() => Err(vec![DataProblem {
                path: "(file)".into(),
                message: "the file could not be read".into(),
            }]),
            _ => Err(self.0),
        }
    }
}

/// Parses JSON text; a syntax error is reported with its line and column.
pub(crate) fn parse_json(text: &str) -> Result<Value, Vec<DataProblem>> {
    serde_json::from_str(text).map_err(|e| {
        vec![DataProblem {
            path: "(file)".into(),
            message: format!(
                "not valid JSON at line {}, column {}: {}",
                e.line(),
                e.column(),
                e
            ),
        }]
    })
}

pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

pub(crate) fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A JSON object being read, with its path for messages.
pub(crate) struct Obj<'a> {
    map: &'a Map<String, Value>,
    pub(crate) path: String,
}

impl<'a> Obj<'a> {
    pub(crate) fn new(v: &'a Value, path: &str, p: &mut Problems) -> Option<Obj<'a>> {
        match v {
            Value::Object(map) => Some(Obj {
                map,
                path: path.to_string(),
            }),
            other => {
                let at = if path.is_empty() { "(file)" } else { path };
                p.push(
                    at,
                    format!("expected an object {{ … }}, found {}", type_name(other)),
                );
                None
            }
        }
    }

    pub(crate) fn at(&self, key: &str) -> String {
        join(&self.path, key)
    }

    pub(crate) fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// Reports keys this object does not know: usually a misspelling in a council's file.
    pub(crate) fn allow_only(&self, allowed: &[&str], p: &mut Problems) {
        for key in self.map.keys() {
            if !allowed.contains(&key.as_str()) {
                p.push(
                    self.at(key),
                    format!(
                        "unknown field \"{key}\" (expected one of: {})",
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    /// A required, non-blank string.
    pub(crate) fn req_str(&self, key: &str, p: &mut Problems) -> Option<String> {
        match self.get(key) {
            None => {
                p.push(self.at(key), "is required");
                None
            }
            Some(Value::String(s)) if s.trim().is_empty() => {
                p.push(self.at(key), "must not be blank");
                None
            }
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                p.push(
                    self.at(key),
                    format!("expected text, found {}", type_name(other)),
                );
                None
            }
        }
    }

    /// An optional string; present but blank counts as absent.
    pub(crate) fn opt_str(&self, key: &str, p: &mut Problems) -> Option<String> {
        match self.get(key) {
            None => None,
            Some(Value::String(s)) if s.trim().is_empty() => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                p.push(
                    self.at(key),
                    format!("expected text, found {}", type_name(other)),
                );
                None
            }
        }
    }

    pub(crate) fn opt_bool(&self, key: &str, default: bool, p: &mut Problems) -> bool {
        match self.get(key) {
            None => default,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                p.push(
                    self.at(key),
                    format!("expected true or false, found {}", type_name(other)),
                );
                default
            }
        }
    }

    pub(crate) fn req_i64(&self, key: &str, p: &mut Problems) -> Option<i64> {
        match self.get(key) {
            None => {
                p.push(self.at(key), "is required");
                None
            }
            Some(Value::Number(n)) => match n.as_i64() {
                Some(i) => Some(i),
                None => {
                    p.push(self.at(key), "expected a whole number");
                    None
                }
            },
            Some(other) => {
                p.push(
                    self.at(key),
                    format!("expected a whole number, found {}", type_name(other)),
                );
                None
            }
        }
    }

    /// A required list (may be empty unless the caller checks).
    pub(crate) fn req_array(&self, key: &str, p: &mut Problems) -> &'a [Value] {
        match self.get(key) {
            None => {
                p.push(self.at(key), "is required");
                &[]
            }
            Some(v) => self.as_array(key, v, p),
        }
    }

    pub(crate) fn opt_array(&self, key: &str, p: &mut Problems) -> &'a [Value] {
        match self.get(key) {
            None => &[],
            Some(v) => self.as_array(key, v, p),
        }
    }

    fn as_array(&self, key: &str, v: &'a Value, p: &mut Problems) -> &'a [Value] {
        match v {
            Value::Array(items) => items.as_slice(),
            other => {
                p.push(
                    self.at(key),
                    format!("expected a list [ … ], found {}", type_name(other)),
                );
                &[]
            }
        }
    }

    /// A list of non-blank strings.
    pub(crate) fn str_list(&self, key: &str, p: &mut Problems) -> Vec<String> {
        let path = self.at(key);
        self.opt_array(key, p)
            .iter()
            .enumerate()
            .filter_map(|(i, v)| match v {
                Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
                Value::String(_) => {
                    p.push(index(&path, i), "must not be blank");
                    None
                }
                other => {
                    p.push(
                        index(&path, i),
                        format!("expected text, found {}", type_name(other)),
                    );
                    None
                }
            })
            .collect()
    }
}

/// Identifiers in data files: lower-case letters, digits, `_` and `-`, so they are safe in URLs,
/// form values and database keys.
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

pub(crate) fn check_id(id: &str, path: &str, p: &mut Problems) {
    if !valid_id(id) {
        p.push(
            path,
            format!("\"{id}\" is not a valid id (use lower-case letters, digits, '-' and '_', at most 64)"),
        );
    }
}

/// Serialises a value that cannot fail to serialise (plain structs, string-keyed maps).
pub(crate) fn to_pretty_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}
