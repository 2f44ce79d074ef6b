//! The person and family index's rules outside matching (issue 5, point 2): what a person record
//! and a search need, relationships with the Parental Responsibility flag, Children's Social Care
//! involvement, and the identity a search-before-create token is tied to. Pure: the picker checks
//! as the call handler types and the server checks again.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::matching::normalise::{
    first_given_name, normalise_family_name, normalise_la_child_id, normalise_nhs_number,
    normalise_phone, normalise_upn, parse_date_of_birth, parse_postcode, parse_postcode_part,
};
use crate::matching::{PersonFacts, SearchQuery};
use crate::validation::{non_blank, FieldError, Validation};

/// How long a search counts for creating a person with the same name and date of birth.
pub const SEARCH_VALID_MINUTES: i64 = 30;

/// Candidates a search returns to the screen (the rest are scored but not shown).
pub const SHOWN_CANDIDATES: usize = 20;

/// A person's details as a form sends them: every field as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonForm {
    pub given_names: String,
    pub family_name: String,
    /// As typed: "27/03/2015", "27 3 2015", "2015-03-27"; blank when not known.
    pub date_of_birth: String,
    pub address: String,
    pub postcode: String,
    /// An earlier postcode, when the family has moved.
    #[serde(default)]
    pub previous_postcode: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub nhs_number: String,
    #[serde(default)]
    pub upn: String,
    #[serde(default)]
    pub la_child_id: String,
    /// A `codes::GENDERS` slug; blank when not recorded (Annex A's common columns).
    #[serde(default)]
    pub gender: String,
    /// A DfE ethnicity code (`codes::ETHNICITIES`); blank when not recorded.
    #[serde(default)]
    pub ethnicity: String,
}

/// Gender and ethnicity as stored: what the form chose, or "not recorded". Not matching facts:
/// nobody is found by them; Ofsted's Annex A lists report them.
pub fn demographics_of(f: &PersonForm) -> (String, String) {
    let gender = non_blank(&f.gender).unwrap_or(crate::codes::GENDER_NOT_STATED).to_string();
    let ethnicity = non_blank(&f.ethnicity).unwrap_or(crate::codes::ETHNICITY_NOT_OBTAINED).to_string();
    (gender, ethnicity)
}

/// A search as the picker sends it. `identifier` takes an NHS number, a UPN or an LA child id:
/// the first two are recognised by their check characters, anything else is an LA child id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchForm {
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: String,
    pub postcode: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub identifier: String,
}

fn opt(s: &str) -> Option<String> {
    non_blank(s).map(str::to_string)
}

fn check_dob(v: &mut Validation, field: &str, typed: &str, today: NaiveDate) -> Option<NaiveDate> {
    let typed = non_blank(typed)?;
    match parse_date_of_birth(typed) {
        Ok(d) if d > today => {
            v.add(field, "Date of birth must be today or in the past");
            None
        }
        Ok(d) if d < today - chrono::Duration::days(366 * 120) => {
            v.add(field, "Date of birth must be within the last 120 years");
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            v.add(field, e.to_string());
            None
        }
    }
}

/// Checks a person's details (seed 003 §1.1: name, date of birth, address with postcode; the
/// date of birth may be unknown) and turns them into the facts the index keys.
pub fn check_person(f: &PersonForm, today: NaiveDate) -> Result<PersonFacts, Vec<FieldError>> {
    let mut v = Validation::new();
    v.check(non_blank(&f.given_names).is_none(), "given_names", "Enter the person's given name");
    v.check(f.given_names.chars().count() > 100, "given_names", "Given names must be 100 characters or fewer");
    v.check(non_blank(&f.family_name).is_none(), "family_name", "Enter the person's family name");
    v.check(f.family_name.chars().count() > 100, "family_name", "Family name must be 100 characters or fewer");
    let dob = check_dob(&mut v, "date_of_birth", &f.date_of_birth, today);
    v.check(f.address.chars().count() > 300, "address", "Address must be 300 characters or fewer");
    for (field, typed) in [("postcode", &f.postcode), ("previous_postcode", &f.previous_postcode)] {
        if let Some(p) = non_blank(typed) {
            if let Err(e) = parse_postcode(p) {
                v.add(field, e.to_string());
            }
        }
    }
    if let Some(p) = non_blank(&f.phone) {
        if let Err(e) = normalise_phone(p) {
            v.add("phone", e.to_string());
        }
    }
    if let Some(n) = non_blank(&f.nhs_number) {
        if let Err(e) = normalise_nhs_number(n) {
            v.add("nhs_number", e.to_string());
        }
    }
    if let Some(n) = non_blank(&f.upn) {
        if let Err(e) = normalise_upn(n) {
            v.add("upn", e.to_string());
        }
    }
    if let Some(n) = non_blank(&f.la_child_id) {
        if let Err(e) = normalise_la_child_id(n) {
            v.add("la_child_id", e.to_string());
        }
    }
    if let Some(g) = non_blank(&f.gender) {
        v.check(crate::codes::gender_label(g).is_none(), "gender", "Choose the person's gender from the list");
    }
    if let Some(e) = non_blank(&f.ethnicity) {
        v.check(crate::codes::ethnicity_label(e).is_none(), "ethnicity", "Choose the person's ethnicity from the list");
    }
    v.into_result()?;
    let postcode = |s: &str| non_blank(s).and_then(|p| parse_postcode(p).ok()).map(|p| p.as_str().to_string());
    Ok(PersonFacts {
        given_names: f.given_names.trim().to_string(),
        family_name: f.family_name.trim().to_string(),
        date_of_birth: dob,
        postcode: postcode(&f.postcode),
        previous_postcodes: postcode(&f.previous_postcode).into_iter().collect(),
        address: opt(&f.address),
        phone: non_blank(&f.phone).and_then(|p| normalise_phone(p).ok()),
        nhs_number: non_blank(&f.nhs_number).and_then(|n| normalise_nhs_number(n).ok()),
        upn: non_blank(&f.upn).and_then(|n| normalise_upn(n).ok()),
        la_child_id: non_blank(&f.la_child_id).and_then(|n| normalise_la_child_id(n).ok()),
    })
}

/// A person's changed details, keeping where they lived before: the form holds one earlier
/// postcode, the record a list (most recent first). A new current postcode moves the old one
/// onto the list, so a search by the family's old address still finds them.
pub fn updated_facts(old: &PersonFacts, mut new: PersonFacts) -> PersonFacts {
    let mut previous: Vec<String> = Vec::new();
    if old.postcode.is_some() && old.postcode != new.postcode {
        previous.extend(old.postcode.clone());
    }
    previous.append(&mut new.previous_postcodes);
    previous.extend(old.previous_postcodes.iter().cloned());
    let mut seen = std::collections::HashSet::new();
    new.previous_postcodes = previous.into_iter().filter(|p| Some(p) != new.postcode.as_ref() && seen.insert(p.clone())).collect();
    new
}

/// The form a stored person fills in again (to edit, or to prefill "create" from a search).
pub fn form_of(p: &PersonFacts) -> PersonForm {
    PersonForm {
        given_names: p.given_names.clone(),
        family_name: p.family_name.clone(),
        date_of_birth: p.date_of_birth.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default(),
        address: p.address.clone().unwrap_or_default(),
        postcode: p.postcode.clone().unwrap_or_default(),
        previous_postcode: p.previous_postcodes.first().cloned().unwrap_or_default(),
        phone: p.phone.clone().unwrap_or_default(),
        nhs_number: p.nhs_number.clone().unwrap_or_default(),
        upn: p.upn.clone().unwrap_or_default(),
        la_child_id: p.la_child_id.clone().unwrap_or_default(),
        gender: String::new(),
        ethnicity: String::new(),
    }
}

/// Checks a search and turns it into the matching core's query. A search needs something to
/// look up: a family name, a date of birth, a phone number or an identifier.
pub fn check_search(f: &SearchForm, today: NaiveDate) -> Result<SearchQuery, Vec<FieldError>> {
    let mut v = Validation::new();
    let dob = check_dob(&mut v, "search_date_of_birth", &f.date_of_birth, today);
    if let Some(p) = non_blank(&f.postcode) {
        if parse_postcode_part(p).is_err() {
            v.add("search_postcode", "Enter a postcode, like AA1 1AA, or the start of one, like AA1 1");
        }
    }
    if let Some(p) = non_blank(&f.phone) {
        if let Err(e) = normalise_phone(p) {
            v.add("search_phone", e.to_string());
        }
    }
    let (mut nhs, mut upn, mut la) = (None, None, None);
    if let Some(id) = non_blank(&f.identifier) {
        let digits: String = id.chars().filter(|c| !c.is_whitespace()).collect();
        if let Ok(n) = normalise_nhs_number(id) {
            nhs = Some(n);
        } else if let Ok(u) = normalise_upn(id) {
            upn = Some(u);
        } else if digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit()) {
            // Ten digits is an NHS number's shape: say its check digit is wrong rather than
            // quietly searching for an LA child id nobody has.
            v.add("search_identifier", "Enter a valid NHS number: the last digit does not match the others, so one may be mistyped");
        } else {
            match normalise_la_child_id(id) {
                Ok(l) => la = Some(l),
                Err(e) => v.add("search_identifier", e.to_string()),
            }
        }
    }
    let has_name = non_blank(&f.family_name).is_some();
    if v.is_ok() && !has_name && dob.is_none() && non_blank(&f.phone).is_none() && non_blank(&f.identifier).is_none() {
        v.add("search_family_name", "Enter a family name, a date of birth, a phone number or an identifier to search");
    }
    v.into_result()?;
    Ok(SearchQuery {
        given_name: opt(&f.given_name),
        family_name: opt(&f.family_name),
        date_of_birth: dob,
        postcode: opt(&f.postcode),
        address: opt(&f.address),
        phone: opt(&f.phone),
        nhs_number: nhs,
        upn,
        la_child_id: la,
    })
}

/// What search-before-create ties a search to: the normalised family name, first given name and
/// date of birth ("SMITH|AVA|2016-04-12"; "-" for an unknown date). A person may be created only
/// after a search whose key equals the new person's.
pub fn identity_key(given_names: &str, family_name: &str, date_of_birth: Option<NaiveDate>) -> String {
    let family = normalise_family_name(family_name).key;
    let given = first_given_name(given_names);
    let dob = date_of_birth.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "-".into());
    format!("{family}|{given}|{dob}")
}

/// The identity key of a search, when it names someone well enough to create them after it:
/// both names must have been searched for.
pub fn search_identity_key(q: &SearchQuery) -> Option<String> {
    let given = q.given_name.as_deref().and_then(non_blank)?;
    let family = q.family_name.as_deref().and_then(non_blank)?;
    Some(identity_key(given, family, q.date_of_birth))
}

labelled_enum! {
    /// How one person is related to another: "person is <kind> of other person".
    RelationshipKind {
        Parent => "Parent",
        StepParent => "Step-parent",
        Carer => "Carer",
        Grandparent => "Grandparent",
        Sibling => "Sibling",
        HalfSibling => "Half-sibling",
        StepSibling => "Step-sibling",
        OtherRelative => "Other relative",
        HouseholdMember => "Household member",
    }
}

impl RelationshipKind {
    pub fn slug(self) -> &'static str {
        match self {
            RelationshipKind::Parent => "parent",
            RelationshipKind::StepParent => "step_parent",
            RelationshipKind::Carer => "carer",
            RelationshipKind::Grandparent => "grandparent",
            RelationshipKind::Sibling => "sibling",
            RelationshipKind::HalfSibling => "half_sibling",
            RelationshipKind::StepSibling => "step_sibling",
            RelationshipKind::OtherRelative => "other_relative",
            RelationshipKind::HouseholdMember => "household_member",
        }
    }
    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.slug() == s)
    }
    /// Brothers and sisters of every kind: what seed 000's "child or sibling" means.
    pub fn is_sibling(self) -> bool {
        matches!(self, RelationshipKind::Sibling | RelationshipKind::HalfSibling | RelationshipKind::StepSibling)
    }
    /// The words seen from the other side: the parent's child is shown as "Child".
    pub fn inverse_label(self) -> &'static str {
        match self {
            RelationshipKind::Parent => "Child",
            RelationshipKind::StepParent => "Step-child",
            RelationshipKind::Carer => "Cared for",
            RelationshipKind::Grandparent => "Grandchild",
            other => other.label(),
        }
    }
}

/// What linking two people needs. Parental Responsibility is held by a parent, step-parent,
/// carer, grandparent or other relative (by order or agreement), never by a sibling for their
/// sibling as a sibling: record a court order's holder under "Other relative" or "Carer".
pub fn check_relationship(person_id: &str, other_id: &str, kind: &str, parental_responsibility: bool) -> Result<RelationshipKind, Vec<FieldError>> {
    let mut v = Validation::new();
    v.check(person_id == other_id, "other_person", "Choose a different person: a person cannot be related to themselves");
    let k = RelationshipKind::from_slug(kind);
    v.check(k.is_none(), "kind", "Choose how they are related");
    if let Some(k) = k {
        let siblings = matches!(k, RelationshipKind::Sibling | RelationshipKind::HalfSibling | RelationshipKind::StepSibling | RelationshipKind::HouseholdMember);
        v.check(parental_responsibility && siblings, "parental_responsibility", format!("A {} does not hold Parental Responsibility as such: choose Carer or Other relative for a sibling with a court order", k.label().to_lowercase()));
    }
    v.into_result()?;
    k.ok_or_else(Vec::new)
}

/// A relationship recorded in error is withdrawn with a reason (issue 9 point 5), in the field
/// `withdraw_reason`: the same minimum as a note's withdrawal, since both are read later by
/// whoever wonders where the link went.
pub fn check_relationship_withdrawal(reason: &str) -> Result<(), Vec<FieldError>> {
    let mut v = Validation::new();
    let n = reason.trim().chars().count();
    if n == 0 {
        v.add("withdraw_reason", "Enter why you are withdrawing this relationship");
    } else if n < crate::notes::WITHDRAW_REASON_MIN_CHARS {
        v.add("withdraw_reason", format!("Reason must be {} characters or more", crate::notes::WITHDRAW_REASON_MIN_CHARS));
    }
    v.into_result()
}

/// Why restoring a relationship is refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum RelationshipRefusal {
    #[error("This relationship is not withdrawn")]
    NotWithdrawn,
    #[error("Only a manager can restore a relationship more than {} minutes after it was withdrawn, or one someone else withdrew", crate::notes::UNDO_MINUTES)]
    UndoWindowPassed,
}

/// May `actor` restore a withdrawn relationship? The rule for notes, one rule for every
/// withdrawal: the person who withdrew it for a short time, a manager at any time.
pub fn may_restore_relationship(
    withdrawal: Option<crate::notes::Withdrawal<'_>>,
    actor_id: &str,
    actor_roles: &[crate::roles::Role],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), RelationshipRefusal> {
    use crate::notes::{may_restore, NoteRefusal};
    may_restore(withdrawal, actor_id, actor_roles, now).map_err(|e| match e {
        NoteRefusal::NotWithdrawn => RelationshipRefusal::NotWithdrawn,
        _ => RelationshipRefusal::UndoWindowPassed,
    })
}

labelled_enum! {
    /// Children's Social Care involvement with a person.
    InvolvementStatus {
        Open => "Open to Children's Social Care",
        Closed => "Closed",
    }
}

impl InvolvementStatus {
    pub fn slug(self) -> &'static str {
        match self {
            InvolvementStatus::Open => "open",
            InvolvementStatus::Closed => "closed",
        }
    }
    pub fn from_slug(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.slug() == s)
    }
}

/// An open involvement as a form sends it (seed 004: the allocated worker takes the family's
/// calls, so their name and how to reach them are required).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvolvementForm {
    pub worker_name: String,
    pub worker_team: String,
    pub worker_phone: String,
    pub worker_email: String,
    /// As typed, like a date of birth.
    pub opened_on: String,
}

/// The checked involvement: the opening date parsed and the phone normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedInvolvement {
    pub worker_name: String,
    pub worker_team: String,
    pub worker_phone: String,
    pub worker_email: String,
    pub opened_on: NaiveDate,
}

pub fn check_involvement(f: &InvolvementForm, today: NaiveDate) -> Result<CheckedInvolvement, Vec<FieldError>> {
    let mut v = Validation::new();
    v.check(non_blank(&f.worker_name).is_none(), "worker_name", "Enter the allocated worker's name");
    v.check(non_blank(&f.worker_phone).is_none() && non_blank(&f.worker_email).is_none(), "worker_phone", "Enter the allocated worker's phone number or email address");
    if let Some(p) = non_blank(&f.worker_phone) {
        if let Err(e) = normalise_phone(p) {
            v.add("worker_phone", e.to_string());
        }
    }
    if let Some(e) = non_blank(&f.worker_email) {
        v.check(!e.contains('@') || e.contains(char::is_whitespace), "worker_email", "Enter an email address in the correct format, like name@example.com");
    }
    let opened = match non_blank(&f.opened_on) {
        None => {
            v.add("opened_on", "Enter the date the case was opened");
            None
        }
        Some(_) => check_dob(&mut v, "opened_on", &f.opened_on, today),
    };
    v.into_result()?;
    let opened_on = opened.ok_or_else(Vec::new)?;
    Ok(CheckedInvolvement {
        worker_name: f.worker_name.trim().to_string(),
        worker_team: f.worker_team.trim().to_string(),
        worker_phone: f.worker_phone.trim().to_string(),
        worker_email: f.worker_email.trim().to_string(),
        opened_on,
    })
}

/// A closing date must be given, not before the opening and not in the future.
pub fn check_closure(opened_on: NaiveDate, closed_on: &str, reason: &str, today: NaiveDate) -> Result<NaiveDate, Vec<FieldError>> {
    let mut v = Validation::new();
    let closed = match non_blank(closed_on) {
        None => {
            v.add("closed_on", "Enter the date the case was closed");
            None
        }
        Some(_) => check_dob(&mut v, "closed_on", closed_on, today),
    };
    if let Some(c) = closed {
        v.check(c < opened_on, "closed_on", "The closing date must be on or after the date the case was opened");
    }
    v.check(non_blank(reason).is_none(), "closure_reason", "Enter why the case was closed");
    v.into_result()?;
    closed.ok_or_else(Vec::new)
}

/// A merge or an unmerge needs a reason (it is audited and shown in the record's history).
pub fn check_merge(survivor_id: &str, merged_id: &str, reason: &str) -> Result<(), Vec<FieldError>> {
    let mut v = Validation::new();
    v.check(survivor_id == merged_id, "merge_with", "Choose a different record: a record cannot be merged with itself");
    v.check(non_blank(reason).is_none(), "merge_reason", "Enter why these records are the same person");
    v.into_result()
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_relationship_is_withdrawn_with_a_reason_and_restored_by_the_same_rule_as_a_note() {
        use crate::notes::Withdrawal;
        use crate::roles::Role;
        use chrono::{Duration, TimeZone, Utc};
        assert!(check_relationship_withdrawal("").is_err());
        assert!(check_relationship_withdrawal("wrong").is_err(), "too short to say why");
        assert!(check_relationship_withdrawal("Linked to the wrong child").is_ok());
        let at = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).single().unwrap_or_default();
        let w = || Some(Withdrawal { by: "u1", at });
        let rao = [Role::ReferralAndAdviceOfficer];
        assert!(may_restore_relationship(w(), "u1", &rao, at + Duration::minutes(15)).is_ok());
        assert_eq!(may_restore_relationship(w(), "u1", &rao, at + Duration::minutes(16)), Err(RelationshipRefusal::UndoWindowPassed));
        assert_eq!(may_restore_relationship(w(), "u2", &rao, at), Err(RelationshipRefusal::UndoWindowPassed));
        assert!(may_restore_relationship(w(), "u2", &[Role::TeamManager], at + Duration::days(30)).is_ok());
        assert_eq!(may_restore_relationship(None, "u1", &rao, at), Err(RelationshipRefusal::NotWithdrawn));
    }

    #[test]
    fn a_move_keeps_the_old_postcode_among_the_previous_ones() {
        let old = PersonFacts {
            given_names: "Ava".into(),
            family_name: "Example".into(),
            postcode: Some("AB1 2CD".into()),
            previous_postcodes: vec!["EF3 4GH".into(), "JK5 6LM".into()],
            ..PersonFacts::default()
        };
        // The form shows the most recent earlier postcode; the family moves to NP7 8QR.
        let new = PersonFacts { postcode: Some("NP7 8QR".into()), previous_postcodes: vec!["EF3 4GH".into()], ..old.clone() };
        assert_eq!(updated_facts(&old, new).previous_postcodes, vec!["AB1 2CD", "EF3 4GH", "JK5 6LM"]);
        // Nothing moved: the list is unchanged; a postcode is never also its own previous one.
        let same = PersonFacts { previous_postcodes: vec!["EF3 4GH".into()], ..old.clone() };
        assert_eq!(updated_facts(&old, same).previous_postcodes, vec!["EF3 4GH", "JK5 6LM"]);
        let back = PersonFacts { postcode: Some("EF3 4GH".into()), previous_postcodes: vec![], ..old.clone() };
        assert_eq!(updated_facts(&old, back).previous_postcodes, vec!["AB1 2CD", "JK5 6LM"]);
    }

    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or_default()
    }

    #[test]
    fn a_person_needs_names_and_valid_identifiers() {
        let errs = check_person(&PersonForm { nhs_number: "123".into(), postcode: "nope".into(), ..Default::default() }, today()).err().unwrap_or_default();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["given_names", "family_name", "postcode", "nhs_number"]);
        let ok = check_person(
            &PersonForm { given_names: " Ava ".into(), family_name: "Thompson".into(), date_of_birth: "12/4/2016".into(), postcode: "ab12de".into(), phone: "+44 (0)7700 900123".into(), ..Default::default() },
            today(),
        );
        assert!(ok.is_ok(), "{ok:?}");
        let facts = ok.unwrap_or_default();
        assert_eq!(facts.given_names, "Ava");
        assert_eq!(facts.postcode.as_deref(), Some("AB1 2DE"));
        assert_eq!(facts.phone.as_deref(), Some("07700900123"));
        assert_eq!(facts.date_of_birth, NaiveDate::from_ymd_opt(2016, 4, 12));
        let bad = PersonForm { given_names: "A".into(), family_name: "B".into(), gender: "m".into(), ethnicity: "XXXX".into(), ..Default::default() };
        let fields: Vec<String> = check_person(&bad, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["gender", "ethnicity"]);
        let good = PersonForm { gender: "female".into(), ethnicity: "BAFR".into(), ..bad.clone() };
        assert!(check_person(&good, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()).is_ok());
        assert_eq!(demographics_of(&good), ("female".to_string(), "BAFR".to_string()));
        assert_eq!(demographics_of(&PersonForm::default()), ("not_stated".to_string(), "NOBT".to_string()));
    }

    #[test]
    fn a_future_date_of_birth_is_refused() {
        let f = PersonForm { given_names: "A".into(), family_name: "B".into(), date_of_birth: "2/6/2025".into(), ..Default::default() };
        assert_eq!(check_person(&f, today()).err().unwrap_or_default()[0].field, "date_of_birth");
    }

    #[test]
    fn a_search_needs_something_to_look_up_and_classifies_identifiers() {
        let empty = check_search(&SearchForm { given_name: "Ava".into(), ..Default::default() }, today());
        assert_eq!(empty.err().unwrap_or_default()[0].field, "search_family_name");
        let nhs = check_search(&SearchForm { identifier: "943 476 5919".into(), ..Default::default() }, today()).unwrap_or_default();
        assert_eq!(nhs.nhs_number.as_deref(), Some("9434765919"));
        let bad_nhs = check_search(&SearchForm { identifier: "9434765918".into(), ..Default::default() }, today());
        assert_eq!(bad_nhs.err().unwrap_or_default()[0].field, "search_identifier");
        let la = check_search(&SearchForm { identifier: "la-123".into(), ..Default::default() }, today()).unwrap_or_default();
        assert_eq!(la.la_child_id.as_deref(), Some("LA-123"));
    }

    #[test]
    fn identity_keys_ignore_spelling_of_case_and_spacing() {
        let d = NaiveDate::from_ymd_opt(2016, 4, 12);
        assert_eq!(identity_key(" ava  mae", "THOMPSON", d), identity_key("Ava", "thompson", d));
        assert_ne!(identity_key("Ava", "Thompson", d), identity_key("Ava", "Thompson", None));
        let q = SearchQuery { given_name: Some("Ava".into()), family_name: Some("Thompson".into()), date_of_birth: d, ..Default::default() };
        assert_eq!(search_identity_key(&q), Some(identity_key("Ava", "Thompson", d)));
        assert_eq!(search_identity_key(&SearchQuery { family_name: Some("Thompson".into()), ..Default::default() }), None);
    }

    #[test]
    fn relationships_refuse_self_links_and_pr_for_siblings() {
        assert!(check_relationship("a", "a", "parent", false).is_err());
        assert!(check_relationship("a", "b", "sibling", true).is_err());
        assert_eq!(check_relationship("a", "b", "parent", true), Ok(RelationshipKind::Parent));
        assert_eq!(RelationshipKind::Parent.inverse_label(), "Child");
        for k in RelationshipKind::ALL {
            assert_eq!(RelationshipKind::from_slug(k.slug()), Some(*k));
        }
    }

    #[test]
    fn involvement_needs_a_worker_and_a_way_to_reach_them() {
        let errs = check_involvement(&InvolvementForm::default(), today()).err().unwrap_or_default();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["worker_name", "worker_phone", "opened_on"]);
        let opened = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
        assert!(check_closure(opened, "31/12/2024", "Done", today()).is_err());
        assert_eq!(check_closure(opened, "2/1/2025", "Done", today()), Ok(NaiveDate::from_ymd_opt(2025, 1, 2).unwrap_or_default()));
    }
}
