//! Essential-question scripts as data (issue 3 point 2): the CASS phone line for each kind of
//! caller (seed 000 "CASS Phone line": the RAO identifies "the concerns from the caller using
//! essential questions and RHRT"; seed 001 for anonymous callers; seed 004 for Parental
//! Responsibility), a missing child (seed 003 §7) and a professional's information request
//! (seed 002). Versioned like the framework: `data/scripts.json`.
//!
//! Skip logic: a question shows only when its `show_when` holds, and may only look back at
//! earlier questions, so the order of the script is the order of the call. Answers to questions
//! that are hidden are ignored (and dropped from what is stored).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::answers::{read_condition, Answer, Answers, Condition};
use super::data::{check_id, index, parse_json, to_pretty_json, DataProblem, Obj, Problems};
use super::threshold::RHRT_INDICATORS_QUESTION;
use super::violation::RuleViolation;

/// Who is on the phone (seed 000 "take other calls as detailed in the phone procedures e.g.
/// anonymous, parents"; GLOSSARY; CIN census contact sources).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallerKind {
    Professional,
    ParentOrCarer,
    MemberOfPublic,
    Anonymous,
    ChildOrYoungPerson,
}

impl CallerKind {
    pub const ALL: [CallerKind; 5] = [
        CallerKind::Professional,
        CallerKind::ParentOrCarer,
        CallerKind::MemberOfPublic,
        CallerKind::Anonymous,
        CallerKind::ChildOrYoungPerson,
    ];
    pub fn slug(self) -> &'static str {
        match self {
            CallerKind::Professional => "professional",
            CallerKind::ParentOrCarer => "parent_or_carer",
            CallerKind::MemberOfPublic => "member_of_public",
            CallerKind::Anonymous => "anonymous",
            CallerKind::ChildOrYoungPerson => "child_or_young_person",
        }
    }
    pub fn from_slug(s: &str) -> Option<CallerKind> {
        CallerKind::ALL.into_iter().find(|c| c.slug() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            CallerKind::Professional => "Professional",
            CallerKind::ParentOrCarer => "Parent or carer",
            CallerKind::MemberOfPublic => "Member of the public",
            CallerKind::Anonymous => "Anonymous caller",
            CallerKind::ChildOrYoungPerson => "Child or young person",
        }
    }
}

/// What a script is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScriptPurpose {
    /// The CASS phone line; one script per [`CallerKind`].
    CassPhone,
    /// A call saying a child is missing (seed 003 §7).
    MissingChild,
    /// A professional's information request (seed 002).
    InformationRequest,
}

impl ScriptPurpose {
    fn from_slug(s: &str) -> Option<ScriptPurpose> {
        match s {
            "cass_phone" => Some(ScriptPurpose::CassPhone),
            "missing_child" => Some(ScriptPurpose::MissingChild),
            "information_request" => Some(ScriptPurpose::InformationRequest),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    YesNo,
    /// One of `options`.
    Choice,
    /// Any of `options`.
    Choices,
    Text,
    Number,
    Date,
    /// A tick box that must be ticked when required: "I have told the caller …".
    Confirm,
    /// RHRT indicators ticked by the worker; options come from the threshold framework.
    Indicators,
}

impl QuestionKind {
    const SLUGS: [(&'static str, QuestionKind); 8] = [
        ("yes_no", QuestionKind::YesNo),
        ("choice", QuestionKind::Choice),
        ("choices", QuestionKind::Choices),
        ("text", QuestionKind::Text),
        ("number", QuestionKind::Number),
        ("date", QuestionKind::Date),
        ("confirm", QuestionKind::Confirm),
        ("indicators", QuestionKind::Indicators),
    ];
    fn from_slug(s: &str) -> Option<QuestionKind> {
        Self::SLUGS.iter().find(|(k, _)| *k == s).map(|(_, v)| *v)
    }
    fn has_options(self) -> bool {
        matches!(self, QuestionKind::Choice | QuestionKind::Choices)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerOption {
    pub value: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    /// What the worker asks, in the words to use.
    pub prompt: String,
    pub kind: QuestionKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Something to tell the caller when the question shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub say: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<AnswerOption>,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_when: Option<Condition>,
}

/// What follows from the answers: words to say, staff actions, the case note type, who to copy in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptOutcome {
    pub id: String,
    pub when: Condition,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub say: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub staff_actions: Vec<String>,
    /// The case note type to record, e.g. `"missing_status_missing"` (seed 003 §7.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_note_type: Option<String>,
    /// Contact keys (configuration a council edits) to copy in, e.g. `"missing_children_worker"`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copy_in: Vec<String>,
    /// Another script to continue with, e.g. the missing-child script.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_script: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Script {
    pub id: String,
    pub title: String,
    pub purpose: ScriptPurpose,
    /// Set for `cass_phone` scripts only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller: Option<CallerKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub introduction: Option<String>,
    pub questions: Vec<Question>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<ScriptOutcome>,
}

impl Script {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn outcome(&self, id: &str) -> Option<&ScriptOutcome> {
        self.outcomes.iter().find(|o| o.id == id)
    }
}

/// The letter that copies an outcome's case note to a `copy_in` key's recipient, whose address
/// is a service contact the council keeps. A key with no letter is shown on screen only.
pub fn copy_in_letter(key: &str) -> Option<super::Letter> {
    match key {
        "missing_children_worker" => Some(super::Letter::MissingChildNoteCopy),
        _ => None,
    }
}

impl ScriptOutcome {
    /// A contact key as words for the screen ("missing_children_worker" → "missing children
    /// worker"); the council's service contacts give the name and how to reach them.
    pub fn copy_in_words(&self) -> Vec<String> {
        self.copy_in.iter().map(|k| k.replace('_', " ")).collect()
    }

    /// The text of the case note an outcome with a `case_note_type` records (seed 003 §7.1: the
    /// note is added with that type and the named workers copied in), so the record says what
    /// the caller was told and what staff did, in the script's own words.
    pub fn case_note_text(&self, script_title: &str) -> String {
        let mut lines = vec![format!("Recorded from the essential questions: {script_title}.")];
        if let Some(say) = &self.say {
            lines.push(format!("The caller was told: {say}"));
        }
        if !self.staff_actions.is_empty() {
            lines.push(format!("Staff actions: {}", self.staff_actions.join(" ")));
        }
        if !self.copy_in.is_empty() {
            lines.push(format!("Copy in: {}.", self.copy_in_words().join(", ")));
        }
        lines.join("\n")
    }
}

/// The versioned file of scripts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptSet {
    pub version: String,
    pub scripts: Vec<Script>,
}

pub const BUILTIN_SCRIPTS_JSON: &str = include_str!("../../data/scripts.json");

impl ScriptSet {
    pub fn from_json(text: &str) -> Result<ScriptSet, Vec<DataProblem>> {
        let value = parse_json(text)?;
        let mut p = Problems::default();
        let set = read_set(&value, &mut p);
        if let Some(s) = &set {
            validate_set(s, &mut p);
        }
        p.finish(set)
    }
    pub fn to_json(&self) -> String {
        to_pretty_json(self)
    }
    pub fn builtin() -> Result<ScriptSet, Vec<DataProblem>> {
        ScriptSet::from_json(BUILTIN_SCRIPTS_JSON)
    }
    pub fn script(&self, id: &str) -> Option<&Script> {
        self.scripts.iter().find(|s| s.id == id)
    }
    /// The CASS phone script for this kind of caller.
    pub fn phone_script(&self, caller: CallerKind) -> Option<&Script> {
        self.scripts
            .iter()
            .find(|s| s.purpose == ScriptPurpose::CassPhone && s.caller == Some(caller))
    }
    pub fn for_purpose(&self, purpose: ScriptPurpose) -> Option<&Script> {
        self.scripts.iter().find(|s| s.purpose == purpose)
    }
}

fn read_set(v: &Value, p: &mut Problems) -> Option<ScriptSet> {
    let obj = Obj::new(v, "", p)?;
    obj.allow_only(&["version", "scripts"], p);
    let version = obj.req_str("version", p);
    let scripts: Vec<Option<Script>> = obj
        .req_array("scripts", p)
        .iter()
        .enumerate()
        .map(|(i, s)| read_script(s, &index("scripts", i), p))
        .collect();
    let scripts: Option<Vec<Script>> = scripts.into_iter().collect();
    Some(ScriptSet {
        version: version?,
        scripts: scripts?,
    })
}

fn read_script(v: &Value, path: &str, p: &mut Problems) -> Option<Script> {
    let obj = Obj::new(v, path, p)?;
    obj.allow_only(
        &[
            "id",
            "title",
            "purpose",
            "caller",
            "introduction",
            "questions",
            "outcomes",
        ],
        p,
    );
    let id = obj.req_str("id", p);
    if let Some(id) = &id {
        check_id(id, &obj.at("id"), p);
    }
    let title = obj.req_str("title", p);
    let purpose = obj.req_str("purpose", p).and_then(|s| {
        let found = ScriptPurpose::from_slug(&s);
        if found.is_none() {
            p.push(obj.at("purpose"), format!("unknown purpose \"{s}\" (expected cass_phone, missing_child or information_request)"));
        }
        found
    });
    let caller = match obj.opt_str("caller", p) {
        None => Some(None),
        Some(s) => match CallerKind::from_slug(&s) {
            Some(c) => Some(Some(c)),
            None => {
                let all: Vec<&str> = CallerKind::ALL.iter().map(|c| c.slug()).collect();
                p.push(
                    obj.at("caller"),
                    format!(
                        "unknown caller \"{s}\" (expected one of: {})",
                        all.join(", ")
                    ),
                );
                None
            }
        },
    };
    let introduction = obj.opt_str("introduction", p);
    let qpath = obj.at("questions");
    let questions: Vec<Option<Question>> = obj
        .req_array("questions", p)
        .iter()
        .enumerate()
        .map(|(i, q)| read_question(q, &index(&qpath, i), p))
        .collect();
    let opath = obj.at("outcomes");
    let outcomes: Vec<Option<ScriptOutcome>> = obj
        .opt_array("outcomes", p)
        .iter()
        .enumerate()
        .map(|(i, o)| read_outcome(o, &index(&opath, i), p))
        .collect();
    let questions: Option<Vec<Question>> = questions.into_iter().collect();
    let outcomes: Option<Vec<ScriptOutcome>> = outcomes.into_iter().collect();
    Some(Script {
        id: id?,
        title: title?,
        purpose: purpose?,
        caller: caller?,
        introduction,
        questions: questions?,
        outcomes: outcomes?,
    })
}

fn read_question(v: &Value, path: &str, p: &mut Problems) -> Option<Question> {
    let obj = Obj::new(v, path, p)?;
    obj.allow_only(
        &[
            "id",
            "prompt",
            "kind",
            "help",
            "say",
            "options",
            "required",
            "show_when",
        ],
        p,
    );
    let id = obj.req_str("id", p);
    if let Some(id) = &id {
        check_id(id, &obj.at("id"), p);
    }
    let prompt = obj.req_str("prompt", p);
    let kind = obj.req_str("kind", p).and_then(|s| {
        let k = QuestionKind::from_slug(&s);
        if k.is_none() {
            let all: Vec<&str> = QuestionKind::SLUGS.iter().map(|(s, _)| *s).collect();
            p.push(
                obj.at("kind"),
                format!("unknown kind \"{s}\" (expected one of: {})", all.join(", ")),
            );
        }
        k
    });
    let help = obj.opt_str("help", p);
    let say = obj.opt_str("say", p);
    let opath = obj.at("options");
    let options: Vec<Option<AnswerOption>> = obj
        .opt_array("options", p)
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let path = index(&opath, i);
            let o = Obj::new(o, &path, p)?;
            o.allow_only(&["value", "label"], p);
            let value = o.req_str("value", p);
            if let Some(v) = &value {
                check_id(v, &o.at("value"), p);
            }
            let label = o.req_str("label", p);
            Some(AnswerOption {
                value: value?,
                label: label?,
            })
        })
        .collect();
    let required = obj.opt_bool("required", false, p);
    let show_when = match obj.get("show_when") {
        None => Some(None),
        Some(c) => read_condition(c, &obj.at("show_when"), p).map(Some),
    };
    let options: Option<Vec<AnswerOption>> = options.into_iter().collect();
    Some(Question {
        id: id?,
        prompt: prompt?,
        kind: kind?,
        help,
        say,
        options: options?,
        required,
        show_when: show_when?,
    })
}

fn read_outcome(v: &Value, path: &str, p: &mut Problems) -> Option<ScriptOutcome> {
    let obj = Obj::new(v, path, p)?;
    obj.allow_only(
        &[
            "id",
            "when",
            "say",
            "staff_actions",
            "case_note_type",
            "copy_in",
            "next_script",
        ],
        p,
    );
    let id = obj.req_str("id", p);
    if let Some(id) = &id {
        check_id(id, &obj.at("id"), p);
    }
    let when = match obj.get("when") {
        None => {
            p.push(obj.at("when"), "is required");
            None
        }
        Some(c) => read_condition(c, &obj.at("when"), p),
    };
    let say = obj.opt_str("say", p);
    let staff_actions = obj.str_list("staff_actions", p);
    let case_note_type = obj.opt_str("case_note_type", p);
    if let Some(t) = &case_note_type {
        check_id(t, &obj.at("case_note_type"), p);
    }
    let copy_in = obj.str_list("copy_in", p);
    for (i, key) in copy_in.iter().enumerate() {
        check_id(key, &index(&obj.at("copy_in"), i), p);
    }
    let next_script = obj.opt_str("next_script", p);
    if say.is_none()
        && staff_actions.is_empty()
        && case_note_type.is_none()
        && next_script.is_none()
    {
        p.push(path, "an outcome must say something, list staff actions, set a case note type or name a next script");
    }
    Some(ScriptOutcome {
        id: id?,
        when: when?,
        say,
        staff_actions,
        case_note_type,
        copy_in,
        next_script,
    })
}

fn validate_set(set: &ScriptSet, p: &mut Problems) {
    for (i, s) in set.scripts.iter().enumerate() {
        let path = index("scripts", i);
        if let Some(j) = set.scripts[..i].iter().position(|o| o.id == s.id) {
            p.push(
                format!("{path}.id"),
                format!("duplicate id \"{}\" (also scripts[{j}])", s.id),
            );
        }
        match (s.purpose, s.caller) {
            (ScriptPurpose::CassPhone, None) => p.push(
                format!("{path}.caller"),
                "a cass_phone script must say which caller it is for",
            ),
            (ScriptPurpose::CassPhone, Some(c)) => {
                if let Some(j) = set.scripts[..i]
                    .iter()
                    .position(|o| o.purpose == ScriptPurpose::CassPhone && o.caller == Some(c))
                {
                    p.push(
                        format!("{path}.caller"),
                        format!(
                            "there is already a phone script for \"{}\" (scripts[{j}])",
                            c.slug()
                        ),
                    );
                }
            }
            (_, Some(_)) => p.push(
                format!("{path}.caller"),
                "only cass_phone scripts name a caller",
            ),
            (purpose, None) => {
                if let Some(j) = set.scripts[..i].iter().position(|o| o.purpose == purpose) {
                    p.push(
                        format!("{path}.purpose"),
                        format!("there is already a script for this purpose (scripts[{j}])"),
                    );
                }
            }
        }
        validate_script(set, s, &path, p);
    }
    for c in CallerKind::ALL {
        if set.phone_script(c).is_none() {
            p.push(
                "scripts",
                format!("there is no cass_phone script for \"{}\"", c.slug()),
            );
        }
    }
    for (purpose, slug) in [
        (ScriptPurpose::MissingChild, "missing_child"),
        (ScriptPurpose::InformationRequest, "information_request"),
    ] {
        if set.for_purpose(purpose).is_none() {
            p.push("scripts", format!("there is no {slug} script"));
        }
    }
}

fn validate_script(set: &ScriptSet, s: &Script, path: &str, p: &mut Problems) {
    if s.questions.is_empty() {
        p.push(
            format!("{path}.questions"),
            "a script needs at least one question",
        );
    }
    for (k, q) in s.questions.iter().enumerate() {
        let qpath = format!("{path}.questions[{k}]");
        if let Some(j) = s.questions[..k].iter().position(|o| o.id == q.id) {
            p.push(
                format!("{qpath}.id"),
                format!("duplicate id \"{}\" (also questions[{j}])", q.id),
            );
        }
        if (q.id == RHRT_INDICATORS_QUESTION) != (q.kind == QuestionKind::Indicators) {
            p.push(
                format!("{qpath}.kind"),
                format!("the question \"{RHRT_INDICATORS_QUESTION}\", and only it, has kind \"indicators\""),
            );
        }
        if q.kind.has_options() && q.options.len() < 2 {
            p.push(
                format!("{qpath}.options"),
                "a choice question needs at least two options",
            );
        }
        if !q.kind.has_options() && !q.options.is_empty() {
            p.push(
                format!("{qpath}.options"),
                "only choice and choices questions have options",
            );
        }
        for (o, opt) in q.options.iter().enumerate() {
            if q.options[..o].iter().any(|x| x.value == opt.value) {
                p.push(
                    format!("{qpath}.options[{o}].value"),
                    format!("duplicate value \"{}\"", opt.value),
                );
            }
        }
        if let Some(c) = &q.show_when {
            for (rq, value) in c.references() {
                match s.questions[..k].iter().find(|e| e.id == rq) {
                    Some(earlier) => check_value(earlier, value, &format!("{qpath}.show_when"), p),
                    None if s.question(rq).is_some() => p.push(
                        format!("{qpath}.show_when"),
                        format!("refers to \"{rq}\", which comes later in the script (skip logic may only look back)"),
                    ),
                    None => p.push(format!("{qpath}.show_when"), format!("refers to unknown question \"{rq}\"")),
                }
            }
        }
    }
    for (k, o) in s.outcomes.iter().enumerate() {
        let opath = format!("{path}.outcomes[{k}]");
        if s.outcomes[..k].iter().any(|x| x.id == o.id) {
            p.push(format!("{opath}.id"), format!("duplicate id \"{}\"", o.id));
        }
        for (rq, value) in o.when.references() {
            match s.question(rq) {
                Some(q) => check_value(q, value, &format!("{opath}.when"), p),
                None => p.push(
                    format!("{opath}.when"),
                    format!("refers to unknown question \"{rq}\""),
                ),
            }
        }
        if let Some(next) = &o.next_script {
            if next == &s.id {
                p.push(
                    format!("{opath}.next_script"),
                    "a script cannot continue with itself",
                );
            } else if set.script(next).is_none() {
                p.push(
                    format!("{opath}.next_script"),
                    format!("unknown script \"{next}\""),
                );
            }
        }
    }
}

/// A compared value must be one the question can give.
pub(crate) fn check_value(q: &Question, value: Option<&str>, path: &str, p: &mut Problems) {
    let Some(value) = value else { return };
    let ok = match q.kind {
        QuestionKind::YesNo | QuestionKind::Confirm => value == "yes" || value == "no",
        QuestionKind::Choice | QuestionKind::Choices => q.options.iter().any(|o| o.value == value),
        QuestionKind::Number => value.parse::<i64>().is_ok(),
        QuestionKind::Date => value.parse::<chrono::NaiveDate>().is_ok(),
        QuestionKind::Text | QuestionKind::Indicators => true,
    };
    if !ok {
        p.push(
            path,
            format!("\"{value}\" is not a possible answer to \"{}\"", q.id),
        );
    }
}

/// Where a call or form has got to: what to show, what to ask next, what follows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptState {
    pub script_id: String,
    pub scripts_version: String,
    /// Ids of the questions to show now, in order.
    pub visible: Vec<String>,
    /// The first visible question without an answer.
    pub next_question: Option<String>,
    /// Visible required questions still unanswered.
    pub missing_required: Vec<String>,
    /// Answers of the wrong kind or outside the options.
    pub invalid: Vec<RuleViolation>,
    /// Ids of the outcomes the answers lead to.
    pub outcomes: Vec<String>,
    /// Nothing required is missing and nothing is invalid.
    pub complete: bool,
}

/// Walks the script in order, hiding questions whose `show_when` fails. Answers to hidden
/// questions are not seen by later conditions, so changing an early answer cannot leave a
/// stale branch open.
pub fn evaluate_script(set: &ScriptSet, script: &Script, answers: &Answers) -> ScriptState {
    let (visible_answers, visible) = visible_answers_and_ids(script, answers);
    let mut next_question = None;
    let mut missing_required = Vec::new();
    let mut invalid = Vec::new();
    for q in script.questions.iter().filter(|q| visible.contains(&q.id)) {
        match visible_answers.get(&q.id) {
            None => {
                if next_question.is_none() {
                    next_question = Some(q.id.clone());
                }
                if q.required {
                    missing_required.push(q.id.clone());
                }
            }
            Some(a) => {
                if let Some(reason) = answer_problem(q, a) {
                    invalid.push(RuleViolation::InvalidAnswer {
                        question: q.id.clone(),
                        prompt: q.prompt.clone(),
                        reason,
                    });
                } else if q.kind == QuestionKind::Confirm
                    && q.required
                    && a == &Answer::YesNo(false)
                {
                    missing_required.push(q.id.clone());
                    if next_question.is_none() {
                        next_question = Some(q.id.clone());
                    }
                }
            }
        }
    }
    let outcomes = script
        .outcomes
        .iter()
        .filter(|o| o.when.holds(&visible_answers))
        .map(|o| o.id.clone())
        .collect();
    let complete = missing_required.is_empty() && invalid.is_empty();
    ScriptState {
        script_id: script.id.clone(),
        scripts_version: set.version.clone(),
        visible,
        next_question,
        missing_required,
        invalid,
        outcomes,
        complete,
    }
}

/// The answers to the questions that show, dropping answers to hidden ones. Pass these (or a
/// stored `ScriptRecord`'s answers) to `guidance`, so a branch the caller has left cannot still
/// drive the suggestion.
pub fn visible_answers(script: &Script, answers: &Answers) -> Answers {
    visible_answers_and_ids(script, answers).0
}

fn visible_answers_and_ids(script: &Script, answers: &Answers) -> (Answers, Vec<String>) {
    let mut kept = Answers::new();
    let mut visible = Vec::new();
    for q in &script.questions {
        if q.show_when.as_ref().is_none_or(|c| c.holds(&kept)) {
            visible.push(q.id.clone());
            if let Some(a) = answers.get(&q.id) {
                kept.set(q.id.clone(), a.clone());
            }
        }
    }
    (kept, visible)
}

fn answer_problem(q: &Question, a: &Answer) -> Option<String> {
    let in_options = |v: &str| q.options.iter().any(|o| o.value == v);
    match (q.kind, a) {
        (QuestionKind::YesNo | QuestionKind::Confirm, Answer::YesNo(_)) => None,
        (QuestionKind::Choice, Answer::Choice(v)) if in_options(v) => None,
        (QuestionKind::Choice, Answer::Choice(v)) => {
            Some(format!("\"{v}\" is not one of the options"))
        }
        (QuestionKind::Choices, Answer::Choices(vs)) => vs
            .iter()
            .find(|v| !in_options(v))
            .map(|v| format!("\"{v}\" is not one of the options")),
        (QuestionKind::Indicators, Answer::Choices(_)) => None,
        (QuestionKind::Text, Answer::Text(_)) => None,
        (QuestionKind::Number, Answer::Number(_)) => None,
        (QuestionKind::Date, Answer::Date(_)) => None,
        (kind, _) => Some(format!("expected {} answer", kind_article(kind))),
    }
}

fn kind_article(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::YesNo => "a yes or no",
        QuestionKind::Confirm => "a tick",
        QuestionKind::Choice => "a single choice",
        QuestionKind::Choices | QuestionKind::Indicators => "a list of choices as the",
        QuestionKind::Text => "a text",
        QuestionKind::Number => "a number",
        QuestionKind::Date => "a date",
    }
}

/// What the server stores from a completed script.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptRecord {
    pub scripts_version: String,
    pub script_id: String,
    /// Answers to the questions that were shown; answers to hidden questions are dropped.
    pub answers: Answers,
    pub outcomes: Vec<ScriptOutcome>,
    /// The case note type the outcomes set (the first, in script order), e.g. Missing Status: Missing.
    pub case_note_type: Option<String>,
}

/// Server check on submission: refuses unknown scripts, missing required answers and invalid
/// answers, and returns the record to store (carrying the scripts version).
pub fn check_script_answers(
    set: &ScriptSet,
    script_id: &str,
    answers: &Answers,
) -> Result<ScriptRecord, Vec<RuleViolation>> {
    let Some(script) = set.script(script_id) else {
        return Err(vec![RuleViolation::UnknownScript {
            script: script_id.to_string(),
            version: set.version.clone(),
        }]);
    };
    let state = evaluate_script(set, script, answers);
    let mut violations = state.invalid.clone();
    for id in &state.missing_required {
        let prompt = script
            .question(id)
            .map(|q| q.prompt.clone())
            .unwrap_or_default();
        violations.push(RuleViolation::RequiredAnswerMissing {
            question: id.clone(),
            prompt,
        });
    }
    if !violations.is_empty() {
        return Err(violations);
    }
    let kept = visible_answers(script, answers);
    let outcomes: Vec<ScriptOutcome> = script
        .outcomes
        .iter()
        .filter(|o| state.outcomes.contains(&o.id))
        .cloned()
        .collect();
    let case_note_type = outcomes.iter().find_map(|o| o.case_note_type.clone());
    Ok(ScriptRecord {
        scripts_version: set.version.clone(),
        script_id: script.id.clone(),
        answers: kept,
        outcomes,
        case_note_type,
    })
}

/// The server refuses answers collected under another scripts version.
pub fn check_scripts_version(set: &ScriptSet, submitted: &str) -> Result<(), RuleViolation> {
    if set.version == submitted {
        Ok(())
    } else {
        Err(RuleViolation::VersionMismatch {
            what: "essential-question scripts".into(),
            submitted: submitted.into(),
            current: set.version.clone(),
        })
    }
}
