//! Early Help Assessments at the Early Help MASH desk (seed 003): consent and mandatory fields
//! before anything is processed (§1.1), priority (§1.1.2), and the triage outcomes (§1.4–§1.9,
//! §6 out of authority).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::routing::{Action, Letter, Route, Worklist};
use super::timescales::Timescale;
use super::violation::RuleViolation;

/// Where an EHA came from (seed 003 §1.0: ecaf, white mail or electronic, direct phone call;
/// MASH and MAET for priority).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EhaSource {
    Mash,
    Maet,
    Ecaf,
    WhiteMailOrElectronic,
    DirectPhoneCall,
    /// §4.4: a social worker's request to step down a child subject to a CIN plan.
    StepDownCin,
    /// §4.5: a step down after a Single Assessment by Care Management.
    StepDownCareManagement,
    /// §4.6: a step down after a Single Assessment by MAET (from MAET: priority 1).
    StepDownMaet,
}

impl EhaSource {
    /// Seed 003 §4: the step downs from Children's Social Care.
    pub fn is_step_down(self) -> bool {
        matches!(self, EhaSource::StepDownCin | EhaSource::StepDownCareManagement | EhaSource::StepDownMaet)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EhaPriority {
    /// Received from MASH or MAET.
    One,
    /// All other routes.
    Two,
}

/// Seed 003 §1.1.2: "Received from MASH or MAET - Priority 1. All other routes - Priority 2".
pub fn eha_priority(source: EhaSource) -> EhaPriority {
    match source {
        EhaSource::Mash | EhaSource::Maet | EhaSource::StepDownMaet => EhaPriority::One,
        _ => EhaPriority::Two,
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonDetails {
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
}

/// The parts of an EHA that seed 003 §1.1 makes mandatory. Lists are `None` until the referrer
/// has answered; `Some(vec![])` means "there are none".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EhaForm {
    pub source: Option<EhaSource>,
    pub consent_given: bool,
    pub child_name: String,
    pub child_date_of_birth: Option<NaiveDate>,
    pub child_address: String,
    pub child_postcode: String,
    pub parents_or_carers: Vec<String>,
    pub siblings: Option<Vec<PersonDetails>>,
    pub other_household_members: Option<Vec<PersonDetails>>,
    pub ethnicity: String,
    /// "None" is an answer; blank is not.
    pub special_needs: String,
}

/// Seed 003 §1.1 i)–v), field by field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum MandatoryField {
    ChildName,
    ChildDateOfBirth,
    ChildAddress,
    ChildPostcode,
    ParentOrCarerName,
    Siblings,
    SiblingName { index: usize },
    SiblingDateOfBirth { index: usize },
    OtherHouseholdMembers,
    HouseholdMemberName { index: usize },
    HouseholdMemberDateOfBirth { index: usize },
    Ethnicity,
    SpecialNeeds,
}

impl MandatoryField {
    pub fn label(self) -> String {
        match self {
            MandatoryField::ChildName => "the child or young person's name".into(),
            MandatoryField::ChildDateOfBirth => "the child or young person's date of birth".into(),
            MandatoryField::ChildAddress => "the child or young person's address".into(),
            MandatoryField::ChildPostcode => "the postcode of the child's address".into(),
            MandatoryField::ParentOrCarerName => "the name of a parent or carer".into(),
            MandatoryField::Siblings => "the siblings (or that there are none)".into(),
            MandatoryField::SiblingName { index } => format!("the name of sibling {}", index + 1),
            MandatoryField::SiblingDateOfBirth { index } => {
                format!("the date of birth of sibling {}", index + 1)
            }
            MandatoryField::OtherHouseholdMembers => {
                "the other household members (or that there are none)".into()
            }
            MandatoryField::HouseholdMemberName { index } => {
                format!("the name of household member {}", index + 1)
            }
            MandatoryField::HouseholdMemberDateOfBirth { index } => {
                format!("the date of birth of household member {}", index + 1)
            }
            MandatoryField::Ethnicity => "the child or young person's ethnicity".into(),
            MandatoryField::SpecialNeeds => {
                "the child or young person's special needs (or \"none\")".into()
            }
        }
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// Every mandatory field still missing, in the order of seed 003 §1.1.
pub fn missing_mandatory_fields(form: &EhaForm) -> Vec<MandatoryField> {
    use MandatoryField::*;
    let mut m = Vec::new();
    if blank(&form.child_name) {
        m.push(ChildName);
    }
    if form.child_date_of_birth.is_none() {
        m.push(ChildDateOfBirth);
    }
    if blank(&form.child_address) {
        m.push(ChildAddress);
    }
    if blank(&form.child_postcode) {
        m.push(ChildPostcode);
    }
    if form.parents_or_carers.iter().all(|n| blank(n)) {
        m.push(ParentOrCarerName);
    }
    match &form.siblings {
        None => m.push(Siblings),
        Some(list) => {
            for (index, s) in list.iter().enumerate() {
                if blank(&s.name) {
                    m.push(SiblingName { index });
                }
                if s.date_of_birth.is_none() {
                    m.push(SiblingDateOfBirth { index });
                }
            }
        }
    }
    match &form.other_household_members {
        None => m.push(OtherHouseholdMembers),
        Some(list) => {
            for (index, s) in list.iter().enumerate() {
                if blank(&s.name) {
                    m.push(HouseholdMemberName { index });
                }
                if s.date_of_birth.is_none() {
                    m.push(HouseholdMemberDateOfBirth { index });
                }
            }
        }
    }
    if blank(&form.ethnicity) {
        m.push(Ethnicity);
    }
    if blank(&form.special_needs) {
        m.push(SpecialNeeds);
    }
    m
}

/// An EHA accepted for processing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EhaIntake {
    pub priority: EhaPriority,
    pub route: Route,
}

/// Seed 003 §1.1: "EHAs will not be processed unless consent has been provided and all
/// mandatory fields have been completed". Refuses with every reason; accepted EHAs get their
/// priority and the intake route (log, letter to parent, validation within 24 hours, Triage).
pub fn check_eha(form: &EhaForm) -> Result<EhaIntake, Vec<RuleViolation>> {
    let mut v = Vec::new();
    if !form.consent_given {
        v.push(RuleViolation::EhaWithoutConsent);
    }
    for f in missing_mandatory_fields(form) {
        v.push(RuleViolation::EhaMandatoryFieldMissing { field: f.label() });
    }
    if !v.is_empty() {
        return Err(v);
    }
    let priority = eha_priority(form.source.unwrap_or(EhaSource::WhiteMailOrElectronic));
    Ok(EhaIntake {
        priority,
        route: eha_intake_route(),
    })
}

fn route(
    seed: &str,
    next: Option<Worklist>,
    actions: &[Action],
    letters: &[Letter],
    closes: bool,
    clocks: &[Timescale],
) -> Route {
    Route {
        next_worklist: next,
        actions: actions.to_vec(),
        letters: letters.to_vec(),
        closes_contact: closes,
        becomes_referral: false,
        timescales: clocks.to_vec(),
        seed: seed.to_string(),
    }
}

/// Seed 003 §1.1.2 and §1.2: consent and mandatory fields in place.
pub fn eha_intake_route() -> Route {
    use Action::*;
    route(
        "003 §1.1.2, §1.2",
        Some(Worklist::EarlyHelpTriage),
        &[
            LogOnEarlyHelpMashDatabase,
            CreateChildAndFinaliseEha,
            ValidateEha,
        ],
        &[Letter::EhaReceiptConfirmation],
        false,
        &[Timescale::EhaValidation],
    )
}

/// Seed 003 §1.1.1: no consent.
pub fn eha_no_consent_route() -> Route {
    use Action::*;
    route(
        "003 §1.1.1",
        None,
        &[
            AdviseReferrerHowToObtainConsent,
            RecordConsentDenied,
            CloseEpisodeConsentDenied,
        ],
        &[Letter::EhaNoConsentLetter],
        true,
        &[
            Timescale::EhaNoConsentLetter,
            Timescale::EhaDestroyAfterNoConsent,
        ],
    )
}

/// Seed 003 §1.1: consent given but a mandatory field is missing.
pub fn eha_incomplete_route() -> Route {
    route(
        "003 §1.1 (mandatory fields)",
        None,
        &[Action::ReturnForMandatoryFields],
        &[],
        false,
        &[],
    )
}

/// The Senior Early Help Coordinator's triage decision (seed 003 §1.4–§1.9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriageOutcome {
    InsufficientInformation,
    BelowEarlyHelpLevel,
    EhaRequired,
    ProgressToCog,
    MeetsFstCriteria,
    MeetsLevel4,
}

pub fn triage_route(outcome: TriageOutcome) -> Route {
    use Action::*;
    match outcome {
        TriageOutcome::InsufficientInformation => {
            route("003 §1.5", None, &[AdviseReferrerByPhone], &[], true, &[])
        }
        TriageOutcome::BelowEarlyHelpLevel => route(
            "003 §1.6",
            None,
            &[AdviseSingleAgencySupport],
            &[Letter::BelowEarlyHelpLetter],
            true,
            &[Timescale::BelowEarlyHelpLetter],
        ),
        TriageOutcome::EhaRequired => route(
            "003 §1.8 (Early Help Assessment Required)",
            None,
            &[AskAgencyToCompleteEha],
            &[Letter::EhaNotReceivedLetter, Letter::EhaClosureLetter],
            false,
            &[
                Timescale::EhaRequiredSubmission,
                Timescale::EhaRequiredClosureReview,
            ],
        ),
        TriageOutcome::ProgressToCog => route(
            "003 §1.7",
            Some(Worklist::CogTeam),
            &[ProgressToMeetingCog],
            &[],
            false,
            &[],
        ),
        TriageOutcome::MeetsFstCriteria => route(
            "003 §1.8 (FST criteria), §2.0",
            Some(Worklist::FstGroup),
            &[ProgressToMeetingFst],
            &[],
            false,
            &[],
        ),
        TriageOutcome::MeetsLevel4 => route(
            "003 §1.9, §3.1, §3.2",
            Some(Worklist::MashTeam),
            &[DiscussStepUpWithMashTeamManager, AwaitCscDecision],
            &[],
            false,
            &[
                Timescale::CscStepUpDecision,
                Timescale::StepUpEpisodeClosure,
            ],
        ),
    }
}

/// Seed 003 §6: an EHA for a child living in another council's area.
pub fn out_of_authority_route(consent_given: bool) -> Route {
    use Action::*;
    if !consent_given {
        let mut r = eha_no_consent_route();
        r.seed = "003 §6.1.1".into();
        return r;
    }
    route(
        "003 §6.1.2, §6.2, §6.3",
        None,
        &[NotifyRelevantAuthority, CloseOutOfAuthorityEpisode],
        &[Letter::OutOfAuthorityClosureLetter],
        true,
        &[],
    )
}
