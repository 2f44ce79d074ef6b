//! Answers given so far on a call screen or form, and the conditions that read them.
//!
//! One `Condition` language drives both skip logic in the essential-question scripts and the
//! triggers of threshold indicators, so the browser and the server read answers the same way.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::data::{index, join, Obj, Problems};

/// One answer. Yes/no answers compare as `"yes"`/`"no"` in conditions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    YesNo(bool),
    Choice(String),
    Choices(Vec<String>),
    Text(String),
    Number(i64),
    Date(NaiveDate),
}

impl Answer {
    /// Whether the answer says something (blank text or an empty list is not an answer).
    pub fn is_given(&self) -> bool {
        match self {
            Answer::Text(s) | Answer::Choice(s) => !s.trim().is_empty(),
            Answer::Choices(v) => !v.is_empty(),
            _ => true,
        }
    }

    fn is(&self, value: &str) -> bool {
        match self {
            Answer::YesNo(b) => value == if *b { "yes" } else { "no" },
            Answer::Choice(s) | Answer::Text(s) => s == value,
            Answer::Choices(v) => v.iter().any(|s| s == value),
            Answer::Number(n) => value.parse::<i64>().map(|v| v == *n).unwrap_or(false),
            Answer::Date(d) => value.parse::<NaiveDate>().map(|v| v == *d).unwrap_or(false),
        }
    }

    fn number(&self) -> Option<i64> {
        match self {
            Answer::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// Answers keyed by question id. Ordered, so it serialises the same way every time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers(BTreeMap<String, Answer>);

impl Answers {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn set(&mut self, question: impl Into<String>, answer: Answer) -> &mut Self {
        self.0.insert(question.into(), answer);
        self
    }
    /// Builder form of [`Answers::set`], handy in tests and fixtures.
    pub fn with(mut self, question: impl Into<String>, answer: Answer) -> Self {
        self.0.insert(question.into(), answer);
        self
    }
    pub fn remove(&mut self, question: &str) -> Option<Answer> {
        self.0.remove(question)
    }
    pub fn get(&self, question: &str) -> Option<&Answer> {
        self.0.get(question).filter(|a| a.is_given())
    }
    pub fn yes(&self, question: &str) -> bool {
        matches!(self.get(question), Some(Answer::YesNo(true)))
    }
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Answer)> {
        self.0.iter()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A test on the answers. Written in data files as `{"op": "is", "question": "q", "value": "yes"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Condition {
    /// The question has a non-blank answer.
    Answered {
        question: String,
    },
    /// The answer is this value (`"yes"`/`"no"` for yes/no; one of the chosen values for a list).
    Is {
        question: String,
        value: String,
    },
    /// Same as `is`; reads better for questions with several answers.
    Includes {
        question: String,
        value: String,
    },
    /// A number answer is at least this.
    AtLeast {
        question: String,
        value: i64,
    },
    /// A number answer is at most this.
    AtMost {
        question: String,
        value: i64,
    },
    All {
        of: Vec<Condition>,
    },
    Any {
        of: Vec<Condition>,
    },
    Not {
        condition: Box<Condition>,
    },
}

impl Condition {
    pub fn holds(&self, answers: &Answers) -> bool {
        match self {
            Condition::Answered { question } => answers.get(question).is_some(),
            Condition::Is { question, value } | Condition::Includes { question, value } => {
                answers.get(question).is_some_and(|a| a.is(value))
            }
            Condition::AtLeast { question, value } => answers
                .get(question)
                .and_then(Answer::number)
                .is_some_and(|n| n >= *value),
            Condition::AtMost { question, value } => answers
                .get(question)
                .and_then(Answer::number)
                .is_some_and(|n| n <= *value),
            Condition::All { of } => of.iter().all(|c| c.holds(answers)),
            Condition::Any { of } => of.iter().any(|c| c.holds(answers)),
            Condition::Not { condition } => !condition.holds(answers),
        }
    }

    /// Every (question, compared value) this condition reads, for cross-checking data files.
    pub fn references(&self) -> Vec<(&str, Option<&str>)> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<(&'a str, Option<&'a str>)>) {
        match self {
            Condition::Answered { question }
            | Condition::AtLeast { question, .. }
            | Condition::AtMost { question, .. } => out.push((question, None)),
            Condition::Is { question, value } | Condition::Includes { question, value } => {
                out.push((question, Some(value)))
            }
            Condition::All { of } | Condition::Any { of } => of.iter().for_each(|c| c.collect(out)),
            Condition::Not { condition } => condition.collect(out),
        }
    }
}

const OPS: &str = "answered, is, includes, at_least, at_most, all, any, not";

/// Reads a condition from a data file, reporting every problem under `path`.
pub(crate) fn read_condition(v: &Value, path: &str, p: &mut Problems) -> Option<Condition> {
    let obj = Obj::new(v, path, p)?;
    let op = obj.req_str("op", p)?;
    match op.as_str() {
        "answered" => {
            obj.allow_only(&["op", "question"], p);
            Some(Condition::Answered {
                question: obj.req_str("question", p)?,
            })
        }
        "is" | "includes" => {
            obj.allow_only(&["op", "question", "value"], p);
            let question = obj.req_str("question", p);
            let value = obj.req_str("value", p);
            let (question, value) = (question?, value?);
            Some(if op == "is" {
                Condition::Is { question, value }
            } else {
                Condition::Includes { question, value }
            })
        }
        "at_least" | "at_most" => {
            obj.allow_only(&["op", "question", "value"], p);
            let question = obj.req_str("question", p);
            let value = obj.req_i64("value", p);
            let (question, value) = (question?, value?);
            Some(if op == "at_least" {
                Condition::AtLeast { question, value }
            } else {
                Condition::AtMost { question, value }
            })
        }
        "all" | "any" => {
            obj.allow_only(&["op", "of"], p);
            let list_path = join(path, "of");
            let items = obj.req_array("of", p);
            if items.is_empty() && obj.get("of").is_some() {
                p.push(&list_path, "must list at least one condition");
            }
            let of: Vec<Option<Condition>> = items
                .iter()
                .enumerate()
                .map(|(i, c)| read_condition(c, &index(&list_path, i), p))
                .collect();
            let of: Option<Vec<Condition>> = of.into_iter().collect();
            let of = of?;
            Some(if op == "all" {
                Condition::All { of }
            } else {
                Condition::Any { of }
            })
        }
        "not" => {
            obj.allow_only(&["op", "condition"], p);
            match obj.get("condition") {
                Some(inner) => {
                    read_condition(inner, &join(path, "condition"), p).map(|c| Condition::Not {
                        condition: Box::new(c),
                    })
                }
                None => {
                    p.push(join(path, "condition"), "is required");
                    None
                }
            }
        }
        other => {
            p.push(
                join(path, "op"),
                format!("unknown condition \"{other}\" (expected one of: {OPS})"),
            );
            None
        }
    }
}
