//! The online Request for Support as data: the answers (kept server-side in a draft), the steps
//! in order and which apply to whom, and the checks on each step. Pure: the server's handlers
//! call these on every post, and the same checks run again over every step before anything is
//! sent. The child and family fields follow seed 003 §1.1 (the EHA's mandatory fields, checked
//! with `domain::rules::eha::missing_mandatory_fields` for professionals).

use chrono::{Datelike, NaiveDate};
use domain::rules::eha::{missing_mandatory_fields, MandatoryField, PersonDetails};
use domain::rules::{EhaForm, RuleSet};
use domain::FieldError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A name, an e-mail address, a phone number, a postcode.
pub const MAX_SHORT: usize = 200;
/// A list of people (one per line) or a description.
pub const MAX_LIST: usize = 3_000;
/// The concern in the referrer's own words.
pub const MAX_LONG: usize = 8_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Professional,
    Public,
}

/// Everything entered so far. Every field is a string as typed (or a list of chosen values), so
/// a page with mistakes comes back exactly as it was sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SupportAnswers {
    /// `professional` or `member_of_public`.
    pub referrer_kind: String,
    /// `yes` or `no`.
    pub immediate_danger: String,
    pub your_name: String,
    pub your_organisation: String,
    pub your_role: String,
    pub your_email: String,
    pub your_phone: String,
    /// Professional: `yes`/`no`, an ongoing professional relationship with the family.
    pub ongoing_relationship: String,
    /// Member of the public: how they know the child (see [`PUBLIC_RELATIONSHIPS`]).
    pub relationship: String,
    /// `yes`, `no` or `not_sure`.
    pub parental_responsibility: String,
    pub child_first_name: String,
    pub child_last_name: String,
    pub child_dob: String,
    pub child_dob_month: String,
    pub child_dob_year: String,
    pub child_address: String,
    pub child_postcode: String,
    pub child_ethnicity: String,
    pub child_special_needs: String,
    /// One per line.
    pub parents: String,
    /// One per line, "name, date of birth", or "none".
    pub siblings: String,
    pub household: String,
    pub concern_summary: String,
    pub concern_areas: Vec<String>,
    /// Answers to the follow-up questions of the essential-question script, by question id.
    pub follow_ups: BTreeMap<String, String>,
    /// `given`, `refused` or `not_asked` (`not_asked` only for professionals).
    pub consent: String,
    pub consent_given_by: String,
    pub consent_scopes: Vec<String>,
    /// A member of the public without Parental Responsibility: does a parent know? `yes`/`no`/`not_known`.
    pub parent_aware: String,
}

/// How a member of the public knows the child. The first group may have Parental Responsibility.
pub const PUBLIC_RELATIONSHIPS: &[(&str, &str, bool)] = &[
    ("mother", "Mother", true),
    ("father", "Father", true),
    ("step_parent", "Step-parent", true),
    ("grandparent", "Grandparent", true),
    ("other_relative", "Another relative", true),
    ("foster_carer", "Foster carer", true),
    ("other_carer", "Another carer", true),
    ("neighbour", "Neighbour", false),
    ("friend", "Family friend", false),
    ("other", "Someone else who knows the child", false),
];

/// The consent scopes of seed 000, in the words the form uses.
pub const CONSENT_SCOPES: &[(&str, &str, &str)] = &[
    ("a_eha", "Support through an Early Help Assessment", "A professional who knows the family works with them to agree what help they need."),
    ("b_single_agency", "Support from a single service", "For example a parenting course or a domestic abuse service."),
    ("c_third_party", "Sharing information with another organisation", "For example the child's school, so they can help."),
];

/// An extra concern area for anything the list does not name (no threshold indicator reads it).
pub const OTHER_CONCERN: &str = "other";

impl SupportAnswers {
    pub fn audience(&self) -> Option<Audience> {
        match self.referrer_kind.as_str() {
            "professional" => Some(Audience::Professional),
            "member_of_public" => Some(Audience::Public),
            _ => None,
        }
    }

    pub fn is_professional(&self) -> bool {
        self.audience() == Some(Audience::Professional)
    }

    /// A relative or carer, who may have Parental Responsibility and is asked.
    pub fn may_have_pr(&self) -> bool {
        !self.is_professional() && PUBLIC_RELATIONSHIPS.iter().any(|(v, _, pr)| *pr && *v == self.relationship)
    }

    pub fn has_pr(&self) -> bool {
        self.may_have_pr() && self.parental_responsibility == "yes"
    }

    pub fn relationship_label(&self) -> String {
        PUBLIC_RELATIONSHIPS.iter().find(|(v, ..)| *v == self.relationship).map(|(_, l, _)| l.to_string()).unwrap_or_default()
    }

    pub fn consent_given(&self) -> bool {
        self.consent == "given"
    }

    pub fn child_name(&self) -> String {
        format!("{} {}", self.child_first_name.trim(), self.child_last_name.trim()).trim().to_string()
    }

    pub fn child_date_of_birth(&self) -> Option<NaiveDate> {
        parse_date_parts(&self.child_dob, &self.child_dob_month, &self.child_dob_year)
    }
}

/// The pages of the form, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    Who,
    Danger,
    CallNow,
    AboutYou,
    Relationship,
    ParentalResponsibility,
    Child,
    AboutChild,
    Family,
    Concern,
    ConcernDetails,
    Consent,
    Check,
}

pub const STEPS: [Step; 13] = [
    Step::Who,
    Step::Danger,
    Step::CallNow,
    Step::AboutYou,
    Step::Relationship,
    Step::ParentalResponsibility,
    Step::Child,
    Step::AboutChild,
    Step::Family,
    Step::Concern,
    Step::ConcernDetails,
    Step::Consent,
    Step::Check,
];

impl Step {
    pub fn slug(self) -> &'static str {
        match self {
            Step::Who => "who",
            Step::Danger => "danger",
            Step::CallNow => "call-now",
            Step::AboutYou => "about-you",
            Step::Relationship => "relationship",
            Step::ParentalResponsibility => "parental-responsibility",
            Step::Child => "child",
            Step::AboutChild => "about-the-child",
            Step::Family => "family",
            Step::Concern => "concern",
            Step::ConcernDetails => "concern-details",
            Step::Consent => "consent",
            Step::Check => "check-your-answers",
        }
    }

    pub fn from_slug(s: &str) -> Option<Step> {
        STEPS.into_iter().find(|st| st.slug() == s)
    }

    pub fn path(self) -> String {
        format!("/request-support/{}", self.slug())
    }

    /// Whether this page is part of the form for these answers.
    pub fn applies(self, a: &SupportAnswers, rules: &RuleSet) -> bool {
        match self {
            Step::CallNow => a.immediate_danger == "yes",
            Step::ParentalResponsibility => a.may_have_pr(),
            Step::ConcernDetails => !super::guidance::follow_up_questions(rules, a).is_empty(),
            _ => true,
        }
    }

    pub fn next(self, a: &SupportAnswers, rules: &RuleSet) -> Step {
        let i = STEPS.iter().position(|s| *s == self).unwrap_or(0);
        STEPS[i + 1..].iter().copied().find(|s| s.applies(a, rules)).unwrap_or(Step::Check)
    }

    pub fn previous(self, a: &SupportAnswers, rules: &RuleSet) -> Option<Step> {
        let i = STEPS.iter().position(|s| *s == self)?;
        STEPS[..i].iter().rev().copied().find(|s| s.applies(a, rules))
    }

    /// The names of the form fields this page sends.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Step::Who => &["referrer_kind"],
            Step::Danger => &["immediate_danger"],
            Step::CallNow | Step::Check => &[],
            Step::AboutYou => &["your_name", "your_organisation", "your_role", "your_email", "your_phone"],
            Step::Relationship => &["ongoing_relationship", "relationship"],
            Step::ParentalResponsibility => &["parental_responsibility"],
            Step::Child => &["child_first_name", "child_last_name", "child_dob", "child_dob-month", "child_dob-year", "child_address", "child_postcode"],
            Step::AboutChild => &["child_ethnicity", "child_special_needs"],
            Step::Family => &["parents", "siblings", "household"],
            Step::Concern => &["concern_summary", "concern_areas"],
            Step::ConcernDetails => &[],
            Step::Consent => &["consent", "consent_given_by", "consent_scopes", "parent_aware"],
        }
    }
}

/// Copies what a page sent into the answers: that page's fields are replaced (a field not sent,
/// such as radios with none chosen, becomes empty); nothing is checked here.
pub fn apply(step: Step, pairs: &[(String, String)], a: &mut SupportAnswers, rules: &RuleSet) {
    let one = |name: &str| -> Option<String> { pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.replace("\r\n", "\n")) };
    let all = |name: &str| -> Vec<String> { pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect() };
    macro_rules! set {
        ($($field:ident => $name:expr),* $(,)?) => {{ $( a.$field = one($name).unwrap_or_default(); )* }};
    }
    match step {
        Step::Who => set!(referrer_kind => "referrer_kind"),
        Step::Danger => set!(immediate_danger => "immediate_danger"),
        Step::AboutYou => set!(your_name => "your_name", your_organisation => "your_organisation", your_role => "your_role",
            your_email => "your_email", your_phone => "your_phone"),
        Step::Relationship => set!(ongoing_relationship => "ongoing_relationship", relationship => "relationship"),
        Step::ParentalResponsibility => set!(parental_responsibility => "parental_responsibility"),
        Step::Child => set!(child_first_name => "child_first_name", child_last_name => "child_last_name", child_dob => "child_dob",
            child_dob_month => "child_dob-month", child_dob_year => "child_dob-year", child_address => "child_address",
            child_postcode => "child_postcode"),
        Step::AboutChild => set!(child_ethnicity => "child_ethnicity", child_special_needs => "child_special_needs"),
        Step::Family => set!(parents => "parents", siblings => "siblings", household => "household"),
        Step::Concern => {
            set!(concern_summary => "concern_summary");
            a.concern_areas = all("concern_areas");
        }
        Step::ConcernDetails => {
            for q in super::guidance::follow_up_questions(rules, a) {
                match one(&q.id) {
                    Some(v) => {
                        a.follow_ups.insert(q.id.clone(), v);
                    }
                    None => {
                        a.follow_ups.remove(&q.id);
                    }
                }
            }
        }
        Step::Consent => {
            set!(consent => "consent", consent_given_by => "consent_given_by", parent_aware => "parent_aware");
            a.consent_scopes = all("consent_scopes");
        }
        Step::CallNow | Step::Check => {}
    }
}

fn too_long(v: &mut Vec<FieldError>, field: &str, value: &str, max: usize, what: &str) -> bool {
    let n = value.chars().count();
    if n > max {
        v.push(FieldError::new(field, format!("{what} must be {max} characters or fewer (you have entered {n})")));
        true
    } else {
        false
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// The problems on one page, in the order of its fields. Empty means the page is complete.
pub fn validate(step: Step, a: &SupportAnswers, rules: &RuleSet, today: NaiveDate) -> Vec<FieldError> {
    let mut v = Vec::new();
    let pro = a.is_professional();
    match step {
        Step::Who => {
            if a.audience().is_none() {
                v.push(FieldError::new("referrer_kind", "Select whether you are a professional or a member of the public"));
            }
        }
        Step::Danger => {
            if !matches!(a.immediate_danger.as_str(), "yes" | "no") {
                v.push(FieldError::new("immediate_danger", "Select yes if a child is in immediate danger right now"));
            }
        }
        Step::CallNow | Step::Check => {}
        Step::AboutYou => {
            let fields = [
                ("your_name", &a.your_name, "Your name", "Enter your full name"),
                ("your_organisation", &a.your_organisation, "Your organisation", "Enter the name of your organisation"),
                ("your_role", &a.your_role, "Your role", "Enter your role"),
            ];
            for (id, value, what, missing) in fields {
                if !too_long(&mut v, id, value, MAX_SHORT, what) && pro && blank(value) {
                    v.push(FieldError::new(id, missing));
                }
            }
            if !too_long(&mut v, "your_email", &a.your_email, MAX_SHORT, "Your e-mail address") && !blank(&a.your_email) && !looks_like_email(&a.your_email) {
                v.push(FieldError::new("your_email", "Enter an e-mail address in the correct format, like name@example.com"));
            }
            if !too_long(&mut v, "your_phone", &a.your_phone, MAX_SHORT, "Your phone number") && !blank(&a.your_phone) && !looks_like_phone(&a.your_phone) {
                v.push(FieldError::new("your_phone", "Enter a phone number, like 01632 960 001 or 07700 900 982"));
            }
            if pro && blank(&a.your_email) && blank(&a.your_phone) && !v.iter().any(|e| e.field == "your_email") {
                v.push(FieldError::new("your_email", "Enter an e-mail address or a phone number so we can contact you"));
            }
        }
        Step::Relationship => {
            if pro {
                if !matches!(a.ongoing_relationship.as_str(), "yes" | "no") {
                    v.push(FieldError::new("ongoing_relationship", "Select yes if you have an ongoing professional relationship with the family"));
                }
            } else if !PUBLIC_RELATIONSHIPS.iter().any(|(val, ..)| *val == a.relationship) {
                v.push(FieldError::new("relationship", "Select how you know the child"));
            }
        }
        Step::ParentalResponsibility => {
            if !matches!(a.parental_responsibility.as_str(), "yes" | "no" | "not_sure") {
                v.push(FieldError::new("parental_responsibility", "Select yes if you have Parental Responsibility for the child"));
            }
        }
        Step::Child => {
            let mandatory = mandatory(a);
            let first_missing = blank(&a.child_first_name);
            if !too_long(&mut v, "child_first_name", &a.child_first_name, MAX_SHORT, "First name") && first_missing {
                v.push(FieldError::new("child_first_name", "Enter the child's first name"));
            }
            if !too_long(&mut v, "child_last_name", &a.child_last_name, MAX_SHORT, "Last name") && pro && blank(&a.child_last_name) {
                v.push(FieldError::new("child_last_name", "Enter the child's last name"));
            }
            match date_problem(&a.child_dob, &a.child_dob_month, &a.child_dob_year, today) {
                Some(p) => v.push(FieldError::new("child_dob", p)),
                None if pro && a.child_date_of_birth().is_none() => {
                    v.push(FieldError::new("child_dob", "Enter the child's date of birth"));
                }
                None => {}
            }
            if !too_long(&mut v, "child_address", &a.child_address, MAX_LIST, "The address") && pro && mandatory.contains(&MandatoryField::ChildAddress) {
                v.push(FieldError::new("child_address", "Enter the child's address"));
            }
            if !too_long(&mut v, "child_postcode", &a.child_postcode, MAX_SHORT, "The postcode") && !blank(&a.child_postcode) && !looks_like_postcode(&a.child_postcode) {
                v.push(FieldError::new("child_postcode", "Enter a real postcode, like AA1 1AA"));
            } else if pro && mandatory.contains(&MandatoryField::ChildPostcode) {
                v.push(FieldError::new("child_postcode", "Enter the postcode of the child's address"));
            }
        }
        Step::AboutChild => {
            let mandatory = mandatory(a);
            if !too_long(&mut v, "child_ethnicity", &a.child_ethnicity, MAX_SHORT, "Ethnicity") && pro && mandatory.contains(&MandatoryField::Ethnicity) {
                v.push(FieldError::new("child_ethnicity", "Enter the child's ethnicity, or “not known”"));
            }
            if !too_long(&mut v, "child_special_needs", &a.child_special_needs, MAX_LIST, "Special needs")
                && pro
                && mandatory.contains(&MandatoryField::SpecialNeeds)
            {
                v.push(FieldError::new("child_special_needs", "Enter the child's special needs, or “none”"));
            }
        }
        Step::Family => {
            let mandatory = mandatory(a);
            if !too_long(&mut v, "parents", &a.parents, MAX_LIST, "Parents or carers") && pro && mandatory.contains(&MandatoryField::ParentOrCarerName) {
                v.push(FieldError::new("parents", "Enter the name of at least one parent or carer"));
            }
            for (field, text, whom, none_field) in [
                ("siblings", &a.siblings, "brother or sister", MandatoryField::Siblings),
                ("household", &a.household, "person who lives with the child", MandatoryField::OtherHouseholdMembers),
            ] {
                if too_long(&mut v, field, text, MAX_LIST, "This list") {
                    continue;
                }
                if !pro {
                    continue;
                }
                if mandatory.contains(&none_field) {
                    v.push(FieldError::new(field, format!("List each {whom} with their date of birth, or write “none”")));
                    continue;
                }
                if let Some(p) = people_problem(text, whom) {
                    v.push(FieldError::new(field, p));
                }
            }
        }
        Step::Concern => {
            if !too_long(&mut v, "concern_summary", &a.concern_summary, MAX_LONG, "Your description") && blank(&a.concern_summary) {
                v.push(FieldError::new("concern_summary", "Describe what you are worried about"));
            }
            let known = super::guidance::concern_choices(rules, a);
            if a.concern_areas.is_empty() {
                v.push(FieldError::new("concern_areas", "Select what the concern is about, or “Something else”"));
            } else if a.concern_areas.iter().any(|c| !known.iter().any(|k| k.value == *c)) {
                v.push(FieldError::new("concern_areas", "Select what the concern is about from the list"));
            }
        }
        Step::ConcernDetails => {
            for q in super::guidance::follow_up_questions(rules, a) {
                let given = a.follow_ups.get(&q.id).map(String::as_str).unwrap_or("");
                let ok = given == super::guidance::NOT_KNOWN || super::guidance::follow_up_choices(q).iter().any(|c| c.value == given);
                if !ok {
                    v.push(FieldError::new(q.id.clone(), format!("Select an answer to: {}", q.prompt)));
                }
            }
        }
        Step::Consent => {
            if pro {
                if !matches!(a.consent.as_str(), "given" | "refused" | "not_asked") {
                    v.push(FieldError::new("consent", "Select whether a parent or carer has agreed to this request"));
                } else if a.consent_given() {
                    if !too_long(&mut v, "consent_given_by", &a.consent_given_by, MAX_SHORT, "Who gave consent") && blank(&a.consent_given_by) {
                        v.push(FieldError::new("consent_given_by", "Enter the name of the parent or carer who gave consent, and who they are to the child"));
                    }
                    scopes_problem(&mut v, a);
                } else if let Some(refused) = super::guidance::refusal(rules, a) {
                    // Seed 000: re-checked here on every post and before sending.
                    v.push(FieldError::new("consent", refused.to_string()));
                }
            } else if a.has_pr() {
                if !matches!(a.consent.as_str(), "given" | "refused") {
                    v.push(FieldError::new("consent", "Select yes if you agree to us offering support and sharing information"));
                } else if a.consent_given() {
                    scopes_problem(&mut v, a);
                }
            } else if !matches!(a.parent_aware.as_str(), "yes" | "no" | "not_known") {
                v.push(FieldError::new("parent_aware", "Select whether the child's parent or carer knows you are contacting us"));
            }
        }
    }
    v
}

fn scopes_problem(v: &mut Vec<FieldError>, a: &SupportAnswers) {
    if a.consent_scopes.is_empty() {
        v.push(FieldError::new("consent_scopes", "Select what the parent or carer agreed to"));
    } else if a.consent_scopes.iter().any(|s| !CONSENT_SCOPES.iter().any(|(k, ..)| k == s)) {
        v.push(FieldError::new("consent_scopes", "Select what was agreed from the list"));
    }
}

/// The first page, in order, that is part of the form and not yet complete.
pub fn first_incomplete(a: &SupportAnswers, rules: &RuleSet, today: NaiveDate) -> Option<Step> {
    STEPS.into_iter().filter(|s| *s != Step::Check).find(|s| s.applies(a, rules) && !validate(*s, a, rules, today).is_empty())
}

/// Seed 003 §1.1's mandatory fields still missing, as the shared rule sees them.
pub fn mandatory(a: &SupportAnswers) -> Vec<MandatoryField> {
    missing_mandatory_fields(&eha_form(a))
}

/// The answers in the shape of the shared EHA rule.
pub fn eha_form(a: &SupportAnswers) -> EhaForm {
    EhaForm {
        source: None,
        consent_given: a.consent_given(),
        child_name: a.child_name(),
        child_date_of_birth: a.child_date_of_birth(),
        child_address: a.child_address.trim().to_string(),
        child_postcode: a.child_postcode.trim().to_string(),
        parents_or_carers: a.parents.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect(),
        siblings: people(&a.siblings),
        other_household_members: people(&a.household),
        ethnicity: a.child_ethnicity.trim().to_string(),
        special_needs: a.child_special_needs.trim().to_string(),
    }
}

/// The answers as an EHA on the Early Help desk (seed 003 §1.0, "submitted online"), when the
/// inbox filter sends the request there: route `ecaf`, the referrer as they gave themselves,
/// consent only when it was given for an Early Help Assessment (scope A: the desk's gate reads
/// it), the child, household and concern as typed. The desk checks the mandatory fields again.
pub fn eha_intake(a: &SupportAnswers) -> domain::early_help::IntakeForm {
    let listed = |text: &str| match people(text) {
        Some(list) if list.is_empty() => (String::new(), true),
        Some(list) => {
            let line = |p: &PersonDetails| match p.date_of_birth {
                Some(d) => format!("{}, {}", p.name, d.format("%d/%m/%Y")),
                None => p.name.clone(),
            };
            (list.iter().map(line).collect::<Vec<_>>().join("\n"), false)
        }
        None => (String::new(), false),
    };
    let (siblings, no_siblings) = listed(&a.siblings);
    let (household_members, no_household_members) = listed(&a.household);
    let organisation = if a.is_professional() {
        a.your_organisation.trim().to_string()
    } else {
        match a.relationship_label() {
            l if l.is_empty() => "Member of the public".to_string(),
            l => format!("Member of the public ({})", l.to_lowercase()),
        }
    };
    let consent = a.consent_given() && a.consent_scopes.iter().any(|s| s == "a_eha");
    domain::early_help::IntakeForm {
        source: "ecaf".into(),
        referrer_name: a.your_name.trim().to_string(),
        referrer_organisation: organisation,
        referrer_email: a.your_email.trim().to_string(),
        referrer_phone: a.your_phone.trim().to_string(),
        consent: if consent { "yes" } else { "no" }.into(),
        child_given_name: a.child_first_name.trim().to_string(),
        child_family_name: a.child_last_name.trim().to_string(),
        child_date_of_birth: a.child_date_of_birth().map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default(),
        child_address: a.child_address.trim().to_string(),
        child_postcode: a.child_postcode.trim().to_string(),
        parents_or_carers: a.parents.trim().to_string(),
        siblings,
        no_siblings,
        household_members,
        no_household_members,
        ethnicity: a.child_ethnicity.trim().to_string(),
        special_needs: a.child_special_needs.trim().to_string(),
        needs: a.concern_summary.trim().to_string(),
        ..Default::default()
    }
}

/// A list written one person per line as "name, date of birth"; "none" means there are none;
/// blank means not answered.
pub fn people(text: &str) -> Option<Vec<PersonDetails>> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if is_none_answer(t) {
        return Some(Vec::new());
    }
    Some(
        t.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|line| match line.rsplit_once(',') {
                Some((name, date)) => match parse_date_text(date) {
                    Some(d) => PersonDetails { name: name.trim().to_string(), date_of_birth: Some(d) },
                    None => PersonDetails { name: line.to_string(), date_of_birth: None },
                },
                None => PersonDetails { name: line.to_string(), date_of_birth: None },
            })
            .collect(),
    )
}

fn is_none_answer(t: &str) -> bool {
    matches!(t.to_lowercase().trim_end_matches('.'), "none" | "no" | "n/a" | "na" | "no siblings" | "nobody" | "no one" | "none known")
}

fn people_problem(text: &str, whom: &str) -> Option<String> {
    let list = people(text)?;
    let without = list.iter().position(|p| p.date_of_birth.is_none())?;
    Some(format!("Enter a date of birth for each {whom}, like “Sam Smith, 12/03/2015” (line {} has none)", without + 1))
}

/// A date written as 12/03/2015, 12-3-2015, 12.03.2015, 2015-03-12 or 12 March 2015.
pub fn parse_date_text(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    for f in ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Some(d);
        }
    }
    None
}

pub fn parse_date_parts(day: &str, month: &str, year: &str) -> Option<NaiveDate> {
    let d = day.trim().parse::<u32>().ok()?;
    let m = month_number(month.trim())?;
    let y = year.trim().parse::<i32>().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month_number(m: &str) -> Option<u32> {
    if let Ok(n) = m.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    const NAMES: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let lower = m.to_lowercase();
    NAMES.iter().position(|n| lower.len() >= 3 && lower.starts_with(n)).and_then(|i| u32::try_from(i + 1).ok())
}

/// The GOV.UK date input's messages. `None`: a valid date, or nothing entered.
fn date_problem(day: &str, month: &str, year: &str, today: NaiveDate) -> Option<String> {
    let parts = [day.trim(), month.trim(), year.trim()];
    if parts.iter().all(|p| p.is_empty()) {
        return None;
    }
    let missing: Vec<&str> = ["a day", "a month", "a year"].into_iter().zip(parts).filter(|(_, p)| p.is_empty()).map(|(w, _)| w).collect();
    if !missing.is_empty() {
        return Some(format!("Date of birth must include {}", missing.join(" and ")));
    }
    if year.trim().len() != 4 {
        return Some("Year must include 4 numbers".into());
    }
    let Some(date) = parse_date_parts(day, month, year) else {
        return Some("Date of birth must be a real date".into());
    };
    if date > today {
        return Some("Date of birth must be in the past".into());
    }
    if today.year() - date.year() > 25 {
        return Some("Date of birth must be for a child or young person under 25".into());
    }
    None
}

pub fn looks_like_email(s: &str) -> bool {
    let s = s.trim();
    match s.split_once('@') {
        Some((local, domain)) => !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !s.contains(char::is_whitespace),
        None => false,
    }
}

pub fn looks_like_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    s.chars().all(|c| c.is_ascii_digit() || " +()-".contains(c)) && (10..=15).contains(&digits)
}

pub fn looks_like_postcode(s: &str) -> bool {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    let n = compact.len();
    if !(5..=7).contains(&n) || !compact.chars().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let (outward, inward) = compact.split_at(n - 3);
    let inward: Vec<char> = inward.chars().collect();
    outward.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && inward[0].is_ascii_digit()
        && inward[1].is_ascii_alphabetic()
        && inward[2].is_ascii_alphabetic()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn rules() -> RuleSet {
        RuleSet::builtin().unwrap_or_else(|p| panic!("built-in rules: {p:?}"))
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default()
    }

    pub fn complete_professional() -> SupportAnswers {
        SupportAnswers {
            referrer_kind: "professional".into(),
            immediate_danger: "no".into(),
            your_name: "Alex Teacher".into(),
            your_organisation: "Example Primary School".into(),
            your_role: "Designated safeguarding lead".into(),
            your_email: "alex@school.example".into(),
            ongoing_relationship: "yes".into(),
            child_first_name: "Sam".into(),
            child_last_name: "Example".into(),
            child_dob: "12".into(),
            child_dob_month: "3".into(),
            child_dob_year: "2017".into(),
            child_address: "1 Example Road, Exampletown".into(),
            child_postcode: "AB1 2CD".into(),
            child_ethnicity: "White British".into(),
            child_special_needs: "None".into(),
            parents: "Jo Example".into(),
            siblings: "none".into(),
            household: "Pat Example, 01/02/1980".into(),
            concern_summary: "Sam's behaviour has changed".into(),
            concern_areas: vec!["behaviour".into()],
            consent: "given".into(),
            consent_given_by: "Jo Example, mother".into(),
            consent_scopes: vec!["a_eha".into()],
            ..SupportAnswers::default()
        }
    }

    #[test]
    fn a_request_becomes_an_eha_from_the_online_route_with_consent_only_for_scope_a() {
        let e = eha_intake(&complete_professional());
        assert_eq!((e.source.as_str(), e.consent.as_str()), ("ecaf", "yes"));
        assert_eq!((e.referrer_name.as_str(), e.referrer_organisation.as_str(), e.referrer_email.as_str()), ("Alex Teacher", "Example Primary School", "alex@school.example"));
        assert_eq!((e.child_given_name.as_str(), e.child_family_name.as_str(), e.child_date_of_birth.as_str()), ("Sam", "Example", "12/03/2017"));
        assert_eq!((e.siblings.as_str(), e.no_siblings), ("", true));
        assert_eq!((e.household_members.as_str(), e.no_household_members), ("Pat Example, 01/02/1980", false));
        assert_eq!(e.needs, "Sam's behaviour has changed");
        // The desk's own intake check passes, and its mandatory-field rule finds nothing missing.
        assert!(domain::early_help::check_intake(&e, today()).is_ok());
        // Consent for a single service only is not consent to an Early Help Assessment.
        let a = SupportAnswers { consent_scopes: vec!["b_single_agency".into()], ..complete_professional() };
        assert_eq!(eha_intake(&a).consent, "no");
        let a = SupportAnswers { consent: "refused".into(), ..complete_professional() };
        assert_eq!(eha_intake(&a).consent, "no");
        // A member of the public is named by how they know the child.
        let a = SupportAnswers { referrer_kind: "member_of_public".into(), relationship: "grandparent".into(), your_organisation: String::new(), ..complete_professional() };
        assert_eq!(eha_intake(&a).referrer_organisation, "Member of the public (grandparent)");
    }

    #[test]
    fn a_complete_professional_request_has_no_problems() {
        let r = rules();
        assert_eq!(first_incomplete(&complete_professional(), &r, today()), None);
    }

    #[test]
    fn professionals_must_give_seed_003_mandatory_fields() {
        let r = rules();
        let a = SupportAnswers { child_last_name: String::new(), child_dob: String::new(), child_dob_month: String::new(), child_dob_year: String::new(), ..complete_professional() };
        let fields: Vec<String> = validate(Step::Child, &a, &r, today()).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["child_last_name", "child_dob"]);
        let a = SupportAnswers { siblings: "Max Example".into(), household: String::new(), ..complete_professional() };
        let e = validate(Step::Family, &a, &r, today());
        assert!(e[0].message.contains("line 1"), "{e:?}");
        assert_eq!(e[1].field, "household");
        // A member of the public need not know them.
        let public = SupportAnswers { referrer_kind: "member_of_public".into(), relationship: "neighbour".into(), ..a };
        assert!(validate(Step::Family, &public, &r, today()).is_empty());
    }

    #[test]
    fn steps_follow_the_answers() {
        let r = rules();
        let mut a = complete_professional();
        assert_eq!(Step::Danger.next(&a, &r), Step::AboutYou);
        a.immediate_danger = "yes".into();
        assert_eq!(Step::Danger.next(&a, &r), Step::CallNow);
        assert_eq!(Step::Relationship.next(&a, &r), Step::Child, "professionals are not asked about PR");
        a.referrer_kind = "member_of_public".into();
        a.relationship = "grandparent".into();
        assert_eq!(Step::Relationship.next(&a, &r), Step::ParentalResponsibility);
        a.relationship = "neighbour".into();
        assert_eq!(Step::Relationship.next(&a, &r), Step::Child);
        assert_eq!(Step::Concern.next(&a, &r), Step::Consent, "behaviour has no follow-up questions");
        a.concern_areas = vec!["neglect".into()];
        assert_eq!(Step::Concern.next(&a, &r), Step::ConcernDetails);
        assert_eq!(Step::ConcernDetails.previous(&a, &r), Some(Step::Concern));
    }

    #[test]
    fn dates_and_formats() {
        assert_eq!(parse_date_text("12/03/2015"), NaiveDate::from_ymd_opt(2015, 3, 12));
        assert_eq!(parse_date_text("12 March 2015"), NaiveDate::from_ymd_opt(2015, 3, 12));
        assert_eq!(parse_date_parts("1", "feb", "2020"), NaiveDate::from_ymd_opt(2020, 2, 1));
        assert_eq!(date_problem("31", "2", "2020", today()).as_deref(), Some("Date of birth must be a real date"));
        assert_eq!(date_problem("1", "", "", today()).as_deref(), Some("Date of birth must include a month and a year"));
        assert_eq!(date_problem("1", "1", "2030", today()).as_deref(), Some("Date of birth must be in the past"));
        assert!(looks_like_postcode("ab1 2cd") && looks_like_postcode("SW1A1AA") && !looks_like_postcode("12345"));
        assert!(looks_like_email("a@b.example") && !looks_like_email("a@b"));
        assert!(looks_like_phone("01632 960 001") && !looks_like_phone("call me"));
        assert_eq!(people("none"), Some(Vec::new()));
        assert_eq!(people("  "), None);
    }

    #[test]
    fn limits_are_enforced_and_answers_kept() {
        let r = rules();
        let long = "x".repeat(MAX_LONG + 1);
        let a = SupportAnswers { concern_summary: long.clone(), ..complete_professional() };
        let e = validate(Step::Concern, &a, &r, today());
        assert!(e[0].message.contains("8000 characters or fewer"), "{e:?}");
        assert_eq!(a.concern_summary, long);
    }

    #[test]
    fn additional_needs_without_consent_from_a_referrer_who_knows_the_family_is_refused() {
        let r = rules();
        let mut a = SupportAnswers { concern_areas: vec!["domestic_abuse".into()], consent: "refused".into(), consent_scopes: Vec::new(), ..complete_professional() };
        a.follow_ups.insert("domestic_abuse_child_present".into(), "no".into());
        a.follow_ups.insert("domestic_abuse_repeated".into(), "no".into());
        let e = validate(Step::Consent, &a, &r, today());
        assert_eq!(e.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), vec!["consent"]);
        assert!(e[0].message.contains("cannot be sent without consent") && e[0].message.contains("Additional Needs"), "{e:?}");
        // Sending re-checks every page: the consent page is the one to put right.
        assert_eq!(first_incomplete(&a, &r, today()), Some(Step::Consent));
        a.consent = "not_asked".into();
        assert_eq!(first_incomplete(&a, &r, today()), Some(Step::Consent));
        // Consent, or a referrer without an ongoing relationship (an EH RAO rings the parent).
        let given = SupportAnswers { consent: "given".into(), consent_given_by: "A parent".into(), consent_scopes: vec!["a_eha".into()], ..a.clone() };
        assert_eq!(first_incomplete(&given, &r, today()), None);
        let stranger = SupportAnswers { ongoing_relationship: "no".into(), ..a.clone() };
        assert_eq!(first_incomplete(&stranger, &r, today()), None);
        // Universal Plus goes back to the referrer for an EHA instead: not refused.
        let lower = SupportAnswers { concern_areas: vec!["behaviour".into()], follow_ups: Default::default(), ..a };
        assert_eq!(first_incomplete(&lower, &r, today()), None);
    }

    #[test]
    fn applying_a_page_replaces_its_lists() {
        let r = rules();
        let mut a = complete_professional();
        apply(Step::Concern, &[("concern_summary".into(), "New\r\nwords".into()), ("concern_areas".into(), "neglect".into())], &mut a, &r);
        assert_eq!(a.concern_summary, "New\nwords");
        assert_eq!(a.concern_areas, vec!["neglect".to_string()]);
        apply(Step::Concern, &[("concern_summary".into(), "x".into())], &mut a, &r);
        assert!(a.concern_areas.is_empty());
    }
}
