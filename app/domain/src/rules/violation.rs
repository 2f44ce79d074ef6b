//! The one error type for "this decision breaks a rule": the server refuses a submission with a
//! list of these, and the browser shows the same messages before anything is sent.

use serde::{Deserialize, Serialize};

use super::threshold::Level;

/// A broken rule, with a plain-English message (its `Display`) and a stable `code()`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RuleViolation {
    // --- threshold decisions (issue 3 point 1) ---
    #[error("Write a rationale for choosing {level} (at least {min} characters).")]
    RationaleMissing { level: Level, min: usize },
    #[error("The guidance suggested {suggested} but you chose {chosen}: give a reason for departing from the suggestion.")]
    DepartureReasonMissing { suggested: Level, chosen: Level },
    #[error(
        "Changing the level from {from} to {to} needs a rationale (at least {min} characters)."
    )]
    LevelChangeWithoutRationale { from: Level, to: Level, min: usize },
    #[error("The {what} has changed since this was filled in (it used {submitted}; the current one is {current}). Check the answers again against the current version.")]
    VersionMismatch {
        what: String,
        submitted: String,
        current: String,
    },
    #[error("\"{id}\" is not an indicator in the threshold framework {version}.")]
    UnknownIndicator { id: String, version: String },

    // --- essential-question scripts (point 2) ---
    #[error("There is no script \"{script}\" in scripts {version}.")]
    UnknownScript { script: String, version: String },
    #[error("\"{prompt}\" needs an answer.")]
    RequiredAnswerMissing { question: String, prompt: String },
    #[error("The answer to \"{prompt}\" is not valid: {reason}.")]
    InvalidAnswer {
        question: String,
        prompt: String,
        reason: String,
    },

    // --- consent and Parental Responsibility (point 3) ---
    #[error("Information cannot be shared for {route}: there is no consent, no exception applies and no Duty Manager has overridden the need for consent.")]
    DisclosureWithoutConsent { route: String },
    #[error("The consent given does not cover {scope}.")]
    ConsentScopeMissing { scope: String },
    #[error("{giver} cannot give consent for {route}; {who}.")]
    ConsentGiverNotAccepted {
        giver: String,
        route: String,
        who: String,
    },
    #[error("For {route} consent must be {accepted}; this was {form}.")]
    ConsentFormNotAccepted {
        form: String,
        route: String,
        accepted: String,
    },
    #[error("A child or young person can consent only when 16 or over on the day of the request; this child was {age}.")]
    ChildTooYoungToConsent { age: u32 },
    #[error("The child's date of birth is needed to check they were 16 or over on the day of the request.")]
    ChildDateOfBirthNeeded,
    #[error("The exception \"{exception}\" does not apply to {route}.")]
    ExceptionNotApplicable { exception: String, route: String },
    #[error("Record how the professional has shown that the child may be at risk of significant harm (which agency, and what they said).")]
    SignificantHarmNotDemonstrated,
    #[error("Only a Duty Manager can override the need for consent; this was a {role}.")]
    OverrideNotByDutyManager { role: String },
    #[error(
        "A Duty Manager's override of consent needs a recorded reason (at least {min} characters)."
    )]
    OverrideReasonMissing { min: usize },
    #[error("The need for consent cannot be overridden for {route}: {why}")]
    OverrideNotAllowed { route: String, why: String },
    #[error("Ask the caller whether they have Parental Responsibility before telling them anything about the child or family.")]
    ParentalResponsibilityNotAsked,
    #[error("The caller does not have Parental Responsibility: record what they tell you, but do not give them any information about the child or family.")]
    NoParentalResponsibility,
    #[error("Business Support staff cannot discuss the details of a case; put the caller through to a social worker.")]
    BusinessSupportCannotDiscussCase,
    #[error("This request cannot be sent without consent: at {level}, a request from someone who knows the family needs the agreement of the child's parent or carer. Ask them for consent, then send it.")]
    OnlineRequestWithoutConsent { level: Level },

    // --- routing (point 4) ---
    #[error("This goes to {expected}, not {chosen}.")]
    WrongWorklist { expected: String, chosen: String },
    #[error("The contact should be closed at this point: {why}")]
    ContactMustClose { why: String },
    #[error("The contact cannot be closed yet: it goes next to {next}.")]
    ContactMustNotClose { next: String },
    #[error("Send the letter only after 3 calls to the parent at different times of the day (at least {gap_hours} hours apart); {calls} suitable call(s) so far.")]
    ParentContactAttemptsIncomplete { calls: usize, gap_hours: u32 },
    #[error("A request marked urgent must meet one of the four urgency criteria; otherwise put 'None urgent' in the e-mail title and deal with it as non-urgent.")]
    UrgencyCriteriaNotMet,
    #[error("Under GDPR the response must go to the requester's own e-mail address or a secure generic address; contact the requester for their own address before sending.")]
    NonSecureAddress,

    // --- Early Help Assessments (seed 003 §1.1) ---
    #[error("The EHA cannot be processed without consent: advise the referrer how to obtain it.")]
    EhaWithoutConsent,
    #[error("The EHA cannot be processed until this mandatory field is completed: {field}.")]
    EhaMandatoryFieldMissing { field: String },

    // --- the contact workflow (issue 5) ---
    #[error("Only {worklist} staff can take or decide this work.")]
    NotYourWorklist { worklist: String },
    #[error("That decision is not available at this step ({stage}).")]
    DecisionNotAvailable { stage: String },
    #[error("Write your reasons (at least {min} characters).")]
    DecisionReasonMissing { min: usize },
    #[error("An anonymous caller who gives details that identify the child or family must be transferred to a CASS Social Worker straight away.")]
    TransferAnonymousCall,
    #[error("{level} concerns are for a CASS Social Worker: transfer the call.")]
    SocialWorkerNeeded { level: Level },
    #[error("Family Support or Think Family needs the parent's consent: ask an Early Help RAO to ring the parent first.")]
    ConsentNeededForFamilySupport,
    #[error("Consent has already been given: allocate the support instead.")]
    ConsentAlreadyGiven,
    #[error("Information gathering waits for consent: the parent has not consented, and no Duty Manager has overridden the need for consent. Ask the Duty Manager, who records the reason on the contact (seed 004).")]
    InformationGatheringWithoutConsent,
    #[error("{why}")]
    ConsentOverrideNotNeeded { why: String },
    #[error("Someone else changed this record while you were working on it. Your words are kept below: check the record again, then submit.")]
    StaleRecord,

    // --- timescales (point 5) ---
    #[error("A step down from a CIN plan needs at least {required} working days' notice before the CIN meeting; this gives {given}.")]
    StepDownNoticeTooShort { given: u32, required: u32 },
}

impl RuleViolation {
    /// A stable identifier for logs, tests and the browser (the same as the serialised `code`).
    pub fn code(&self) -> &'static str {
        use RuleViolation::*;
        match self {
            RationaleMissing { .. } => "rationale_missing",
            DepartureReasonMissing { .. } => "departure_reason_missing",
            LevelChangeWithoutRationale { .. } => "level_change_without_rationale",
            VersionMismatch { .. } => "version_mismatch",
            UnknownIndicator { .. } => "unknown_indicator",
            UnknownScript { .. } => "unknown_script",
            RequiredAnswerMissing { .. } => "required_answer_missing",
            InvalidAnswer { .. } => "invalid_answer",
            DisclosureWithoutConsent { .. } => "disclosure_without_consent",
            ConsentScopeMissing { .. } => "consent_scope_missing",
            ConsentGiverNotAccepted { .. } => "consent_giver_not_accepted",
            ConsentFormNotAccepted { .. } => "consent_form_not_accepted",
            ChildTooYoungToConsent { .. } => "child_too_young_to_consent",
            ChildDateOfBirthNeeded => "child_date_of_birth_needed",
            ExceptionNotApplicable { .. } => "exception_not_applicable",
            SignificantHarmNotDemonstrated => "significant_harm_not_demonstrated",
            OverrideNotByDutyManager { .. } => "override_not_by_duty_manager",
            OverrideReasonMissing { .. } => "override_reason_missing",
            OverrideNotAllowed { .. } => "override_not_allowed",
            ParentalResponsibilityNotAsked => "parental_responsibility_not_asked",
            NoParentalResponsibility => "no_parental_responsibility",
            BusinessSupportCannotDiscussCase => "business_support_cannot_discuss_case",
            OnlineRequestWithoutConsent { .. } => "online_request_without_consent",
            WrongWorklist { .. } => "wrong_worklist",
            ContactMustClose { .. } => "contact_must_close",
            ContactMustNotClose { .. } => "contact_must_not_close",
            ParentContactAttemptsIncomplete { .. } => "parent_contact_attempts_incomplete",
            UrgencyCriteriaNotMet => "urgency_criteria_not_met",
            NonSecureAddress => "non_secure_address",
            EhaWithoutConsent => "eha_without_consent",
            EhaMandatoryFieldMissing { .. } => "eha_mandatory_field_missing",
            StepDownNoticeTooShort { .. } => "step_down_notice_too_short",
            NotYourWorklist { .. } => "not_your_worklist",
            DecisionNotAvailable { .. } => "decision_not_available",
            DecisionReasonMissing { .. } => "decision_reason_missing",
            TransferAnonymousCall => "transfer_anonymous_call",
            SocialWorkerNeeded { .. } => "social_worker_needed",
            ConsentNeededForFamilySupport => "consent_needed_for_family_support",
            ConsentAlreadyGiven => "consent_already_given",
            InformationGatheringWithoutConsent => "information_gathering_without_consent",
            ConsentOverrideNotNeeded { .. } => "consent_override_not_needed",
            StaleRecord => "stale_record",
        }
    }
}

/// Trimmed text of at least `min` characters: how every rationale and reason is checked.
pub(crate) fn long_enough(text: &str, min: usize) -> bool {
    text.trim().chars().count() >= min
}

/// The shortest rationale or reason accepted: long enough that it must say something.
pub const MIN_REASON_CHARS: usize = 10;
