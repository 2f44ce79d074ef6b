//! The Early Help MASH desk (seed 003 §1–§6): an EHA from receipt to its outcome. Every EHA is a
//! contact on the desk (channel `eha`) whose work moves through the desk's stages; this module
//! says what each stage allows, who may decide it, and what each decision does (the next stage
//! and its clock, the closure, the letter, the case note, the line in the desk's log).
//!
//! Pure: the time, the calendar and every fact looked up (the COG team for a postcode, the
//! neighbouring authorities, the CIN codes already set) are arguments. The older building blocks
//! are `rules::eha` (mandatory fields, priority, the routes) and `rules::timescales`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::codes::primary_need_label;
use crate::notes::NoteType;
use crate::roles::{Role, RoleSet};
use crate::rules::eha::{check_eha, eha_priority, missing_mandatory_fields, EhaForm, EhaPriority, EhaSource, PersonDetails};
use crate::rules::{Letter, Level, Timescale, Worklist};
use crate::validation::Validation;

/// Longest free text kept with an EHA decision.
pub const MAX_TEXT: usize = 5_000;
/// Longest short field (names, agencies, services).
pub const MAX_SHORT: usize = 200;
/// Seed 003 §1.1.1: an EHA closed for no consent is "retained for 30 days, and then destroyed".
pub const RETENTION_DAYS: i64 = 30;
/// The contact channel an EHA is recorded under.
pub const CHANNEL: &str = "eha";

labelled_enum!(
    /// Where an EHA's work waits on the desk.
    DeskStage {
        /// The Senior Early Help Coordinator checks consent and the mandatory fields (§1.1).
        ConsentCheck => "Check consent and mandatory fields",
        /// Consent given but a mandatory field is missing: followed up with the referring agency,
        /// which has 7 days before the case is raised with the COG Manager (§1.3).
        Incomplete => "Incomplete EHA: follow up with the referring agency",
        /// Business Support validates within 24 hours of receipt: the Triage Support Involvement
        /// Checklist (§1.2).
        Validation => "Validate: Triage Support Involvement Checklist",
        /// The Senior Early Help Coordinator decides the service response (§1.4–§1.9).
        Triage => "Triage decision",
        /// An Early Help Assessment is required from the agency within 7 days (§1.8).
        AwaitingEha => "Waiting for the agency's Early Help Assessment",
        /// Not received after 7 days (letter sent); reviewed for closure at 14 days (§1.8).
        ClosureReview => "EHA not received: review and close at 14 days",
        /// Transferred to Children's Social Care; their decision is due within 24 hours (§3.2).
        AwaitingCscDecision => "Waiting for Children's Social Care's decision",
        /// CSC confirmed level 4: close the episode within 24 hours (§3.2).
        StepUpClosure => "Close the episode: transferred to Children's Social Care",
        /// The coordinator and the MASH Team Manager disagree on the threshold (§3.3, §5).
        Dispute => "Threshold dispute: agree within 24 hours or escalate",
        /// §4.4: a step down from a CIN plan waits for the CIN meeting ("Awaiting Step Down
        /// Decision"); the Early Help representative records whether it was accepted.
        StepDownMeeting => "Awaiting Step Down Decision: the CIN meeting",
        /// §4.4.2, §4.4.3: accepted at the CIN meeting; Care Management hands over on ICS within
        /// 5 working days of it.
        StepDownHandover => "Step Down Accepted: awaiting the handover",
    }
);

impl DeskStage {
    pub fn slug(self) -> &'static str {
        match self {
            DeskStage::ConsentCheck => "eha_consent_check",
            DeskStage::Incomplete => "eha_incomplete",
            DeskStage::Validation => "eha_validation",
            DeskStage::Triage => "eha_triage",
            DeskStage::AwaitingEha => "eha_awaiting_eha",
            DeskStage::ClosureReview => "eha_closure_review",
            DeskStage::AwaitingCscDecision => "eha_awaiting_csc_decision",
            DeskStage::StepUpClosure => "eha_step_up_closure",
            DeskStage::Dispute => "eha_dispute",
            DeskStage::StepDownMeeting => "eha_step_down_meeting",
            DeskStage::StepDownHandover => "eha_step_down_handover",
        }
    }
    pub fn from_slug(s: &str) -> Option<DeskStage> {
        DeskStage::ALL.iter().copied().find(|d| d.slug() == s)
    }
    /// The worktray the stage's work sits in.
    pub fn worklist(self) -> Worklist {
        match self {
            DeskStage::Validation | DeskStage::AwaitingCscDecision | DeskStage::StepUpClosure => Worklist::EarlyHelpTriageSupport,
            _ => Worklist::EarlyHelpTriage,
        }
    }
    /// The clock that runs while the stage waits.
    pub fn timescale(self) -> Timescale {
        match self {
            DeskStage::ConsentCheck | DeskStage::Validation => Timescale::EhaValidation,
            DeskStage::Incomplete => Timescale::IncompleteEhaCompletion,
            DeskStage::Triage => Timescale::EhaTriageDecision,
            DeskStage::AwaitingEha => Timescale::EhaRequiredSubmission,
            DeskStage::ClosureReview => Timescale::EhaRequiredClosureReview,
            DeskStage::AwaitingCscDecision => Timescale::CscStepUpDecision,
            DeskStage::StepUpClosure => Timescale::StepUpEpisodeClosure,
            DeskStage::Dispute => Timescale::DisputeResolution,
            DeskStage::StepDownMeeting => Timescale::StepDownNotice,
            DeskStage::StepDownHandover => Timescale::StepDownIcsHandover,
        }
    }
    /// Where a newly logged EHA starts: a step down from a CIN plan waits for its meeting (§4.4);
    /// everything else has its consent checked first (§1.1, §4.2).
    pub fn first_for(source: Option<EhaSource>) -> DeskStage {
        match source {
            Some(EhaSource::StepDownCin) => DeskStage::StepDownMeeting,
            _ => DeskStage::ConsentCheck,
        }
    }
}

/// The desk's roles: the Senior Early Help Coordinator (held by Early Help Managers) decides;
/// Business Support keys in, validates and sends; the COG Manager may set CIN codes (§1.4).
pub fn may_read(roles: &[Role]) -> bool {
    roles.has_role(Role::EarlyHelpManager)
        || roles.has_role(Role::BusinessSupportOfficer)
        || roles.has_role(Role::CogManager)
        || roles.has_role(Role::MashEarlyHelpRepresentative)
        || roles.has_role(Role::Administrator)
}

/// Who may log an incoming EHA or a direct phone call (§1.0, §1.10).
pub fn may_log(roles: &[Role]) -> bool {
    roles.has_role(Role::EarlyHelpManager) || roles.has_role(Role::BusinessSupportOfficer) || roles.has_role(Role::MashEarlyHelpRepresentative)
}

/// Who may decide at a stage.
pub fn may_decide(roles: &[Role], stage: DeskStage) -> bool {
    match stage.worklist() {
        Worklist::EarlyHelpTriageSupport => roles.has_role(Role::BusinessSupportOfficer) || roles.has_role(Role::EarlyHelpManager),
        _ => roles.has_role(Role::EarlyHelpManager),
    }
}

/// §1.4: "The CIN code … can only be updated by a Senior Early Help Coordinator or a COG Manager."
pub fn may_set_cin_codes(roles: &[Role]) -> bool {
    roles.has_role(Role::EarlyHelpManager) || roles.has_role(Role::CogManager)
}

slugs_for!(EhaSource {
    Mash => "mash",
    Maet => "maet",
    Ecaf => "ecaf",
    WhiteMailOrElectronic => "white_mail",
    DirectPhoneCall => "phone",
    StepDownCin => "step_down_cin",
    StepDownCareManagement => "step_down_care_management",
    StepDownMaet => "step_down_maet",
});

/// The words for each route in (§1.0).
pub fn source_label(s: EhaSource) -> &'static str {
    match s {
        EhaSource::Mash => "From MASH",
        EhaSource::Maet => "From MAET",
        EhaSource::Ecaf => "Submitted online (Request for Support)",
        EhaSource::WhiteMailOrElectronic => "Received by e-mail or post (white mail)",
        EhaSource::DirectPhoneCall => "Direct phone call",
        EhaSource::StepDownCin => "Step Down from Care Management CIN",
        EhaSource::StepDownCareManagement => "Step Down from Care Management Single Assessment",
        EhaSource::StepDownMaet => "Step Down from MAET Single Assessment",
    }
}

pub fn priority_label(p: EhaPriority) -> &'static str {
    match p {
        EhaPriority::One => "Priority 1",
        EhaPriority::Two => "Priority 2",
    }
}

/// The Triage Support Involvement Checklist (seed 003 §1.2, Appendix A). Each answer is what the
/// systems showed ("None found" is an answer; blank is not).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TriageChecklist {
    pub previous_csc_contacts: String,
    pub csc_involvement: String,
    pub yos: String,
    pub tys: String,
    pub schools: String,
    pub education_services: String,
    pub attendance_and_exclusions: String,
    pub key_agencies: String,
}

/// Each checklist question, its form field and the words the desk uses.
pub const CHECKLIST_QUESTIONS: &[(&str, &str)] = &[
    ("previous_csc_contacts", "Previous contacts to Children's Social Care (with dates), no action taken"),
    ("csc_involvement", "Open or previously known to Children's Social Care (dates, team or person responsible)"),
    ("yos", "Youth Offending Service: open (order start, duration, YOS officer) or previously known (dates of orders)"),
    ("tys", "Targeted Youth Support / prevention: open (start, Lead Professional) or previously known"),
    ("schools", "Current and previous school or nursery (name, dates registered and left)"),
    ("education_services", "Attendance Service, Inclusion Support, Exclusions Team, BEST Team (dates, team or professional)"),
    ("attendance_and_exclusions", "Attendance level, previous or current exclusions, Long Term Absence Team"),
    ("key_agencies", "Key agencies identified from the checks"),
];

impl TriageChecklist {
    pub fn answer(&self, field: &str) -> &str {
        match field {
            "previous_csc_contacts" => &self.previous_csc_contacts,
            "csc_involvement" => &self.csc_involvement,
            "yos" => &self.yos,
            "tys" => &self.tys,
            "schools" => &self.schools,
            "education_services" => &self.education_services,
            "attendance_and_exclusions" => &self.attendance_and_exclusions,
            "key_agencies" => &self.key_agencies,
            _ => "",
        }
    }
}

/// Seed 003 §1.2: every check recorded.
pub fn check_checklist(c: &TriageChecklist) -> Validation {
    let mut v = Validation::new();
    for (field, question) in CHECKLIST_QUESTIONS {
        let a = c.answer(field).trim();
        if !v.check(a.is_empty(), field, format!("Record what the checks found for: {question} (write \"None found\" if nothing)")) {
            v.check(a.chars().count() > MAX_TEXT, field, format!("Keep each answer under {MAX_TEXT} characters"));
        }
    }
    v
}

labelled_enum!(
    /// §2.1, §2.2: the episode's start reason when the family meets the FST criteria.
    FstRoute {
        CrisisResponse => "FST Crisis Response",
        Level4Fst => "Level 4 FST",
        StepUpUPlusFst => "Step Up U+ - FST",
        StepUpCafFst => "Step Up CAF-FST (historic)",
    }
);
slugs_for!(FstRoute { CrisisResponse => "crisis", Level4Fst => "level4", StepUpUPlusFst => "step_up_u_plus", StepUpCafFst => "step_up_caf" });

labelled_enum!(
    /// §5.1.3: who a threshold dispute is escalated to, in turn.
    Escalation {
        Managers => "Senior Early Help Coordinator and MASH Team Manager",
        GroupHead => "Group Head",
        ServiceDirector => "Service Director",
    }
);
slugs_for!(Escalation { Managers => "managers", GroupHead => "group_head", ServiceDirector => "service_director" });

impl Escalation {
    pub fn next(self) -> Option<Escalation> {
        match self {
            Escalation::Managers => Some(Escalation::GroupHead),
            Escalation::GroupHead => Some(Escalation::ServiceDirector),
            Escalation::ServiceDirector => None,
        }
    }
}

labelled_enum!(
    /// §5.1.5, §5.1.6: where a resolved dispute sends the referral.
    DisputeOutcome {
        EarlyHelp => "Early Help Action Required (C): the referral goes to the Early Help desk",
        SingleAssessment => "Continue the transfer to MASH: the MASH Team Manager workflows a Single Assessment",
    }
);
slugs_for!(DisputeOutcome { EarlyHelp => "early_help", SingleAssessment => "single_assessment" });

labelled_enum!(
    /// §6.2: how the EHA went to the receiving authority.
    SecureRoute {
        SecureEmail => "Secure e-mail",
        MoveIt => "MoveIT (secure transfer)",
    }
);
slugs_for!(SecureRoute { SecureEmail => "secure_email", MoveIt => "moveit" });

/// A decision at a stage, as the worker makes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum DeskDecision {
    // --- ConsentCheck (§1.1, §6.1) ---
    /// §1.1.1: advice given on obtaining consent; the episode closes with its final level.
    NoConsent { advice: String, final_level: Option<Level> },
    /// §1.1: consent given but a mandatory field is missing.
    Incomplete { follow_up: String },
    /// §1.1.2: consent and every mandatory field.
    Accept,
    /// §6: the child lives in another council's area.
    OutOfAuthority { authority: String, notified_by_phone: bool, route: Option<SecureRoute> },
    // --- Incomplete (§1.3) ---
    /// The agency completed the EHA (its form now has every mandatory field).
    Completed,
    /// Started in error or not required.
    CloseNotRequired { reason: String },
    /// 7 days after the follow-up: the case is highlighted to the COG Manager.
    RaiseWithCogManager { note: String },
    // --- Validation (§1.2) ---
    Validated { checklist: TriageChecklist },
    // --- Triage (§1.4–§1.9) ---
    /// §1.4: information wanted from named agencies before a decision; the EHA stays in Triage.
    FurtherInformation { agencies: String, detail: String },
    /// §1.5.
    InsufficientInformation { advice: String },
    /// §1.6: single-agency support, the letter within 48 hours naming the service.
    BelowEarlyHelp { service: String, service_contact: String, advice: String },
    /// §1.8: the agency is to complete an EHA within 7 days.
    EhaRequired { agency: String },
    /// §1.7: progress to meeting with the COG team for the child's postcode.
    ProgressToCog { cog_team: String, recommendation: String },
    /// §1.8, §2: progress to meeting with the FST Group.
    MeetsFst { route: FstRoute, recommendation: String },
    /// §1.9, §3.1: level 4. With the MASH Team Manager's agreement and the referrer told, the
    /// EHA is transferred to Children's Social Care; without agreement it is a dispute.
    MeetsLevel4 { mash_team_manager_agrees: bool, referrer_told: bool, reasons: String },
    // --- AwaitingEha, ClosureReview (§1.8) ---
    EhaReceived,
    CloseNotReceived { update: String },
    // --- AwaitingCscDecision (§3.2) ---
    CscDecision { level4_confirmed: bool, detail: String },
    // --- StepUpClosure ---
    CloseTransferred,
    // --- Dispute (§5) ---
    Escalate { note: String },
    Resolve { outcome: DisputeOutcome, decided_by: String, rationale: String },
    // --- Step down from a CIN plan (§4.4) ---
    /// §4.4.2: "CIN Meeting Accepted".
    MeetingAccepted { note: String },
    /// §4.4.1: "CIN Meeting Rejected": the case stays with Care Management.
    MeetingRejected { note: String },
    /// §4.4.3: the handover arrived on ICS (consent details, the plan and minutes).
    HandoverReceived,
    /// §4.4.3: 5 working days after the meeting and no handover: "Step Down Accepted not
    /// workflowed"; the episode starts anyway.
    HandoverNotWorkflowed,
}

impl DeskDecision {
    pub fn slug(&self) -> &'static str {
        use DeskDecision::*;
        match self {
            NoConsent { .. } => "no_consent",
            Incomplete { .. } => "incomplete",
            Accept => "accept",
            OutOfAuthority { .. } => "out_of_authority",
            Completed => "completed",
            CloseNotRequired { .. } => "close_not_required",
            RaiseWithCogManager { .. } => "raise_with_cog_manager",
            Validated { .. } => "validated",
            FurtherInformation { .. } => "further_information",
            InsufficientInformation { .. } => "insufficient_information",
            BelowEarlyHelp { .. } => "below_early_help",
            EhaRequired { .. } => "eha_required",
            ProgressToCog { .. } => "progress_to_cog",
            MeetsFst { .. } => "meets_fst",
            MeetsLevel4 { .. } => "meets_level4",
            EhaReceived => "eha_received",
            CloseNotReceived { .. } => "close_not_received",
            CscDecision { .. } => "csc_decision",
            CloseTransferred => "close_transferred",
            Escalate { .. } => "escalate",
            Resolve { .. } => "resolve",
            MeetingAccepted { .. } => "meeting_accepted",
            MeetingRejected { .. } => "meeting_rejected",
            HandoverReceived => "handover_received",
            HandoverNotWorkflowed => "handover_not_workflowed",
        }
    }

    /// The stages a decision belongs to.
    pub fn allowed_at(&self, stage: DeskStage) -> bool {
        use DeskDecision::*;
        use DeskStage as S;
        matches!(
            (self, stage),
            (NoConsent { .. } | Incomplete { .. } | Accept | OutOfAuthority { .. }, S::ConsentCheck)
                | (Completed | CloseNotRequired { .. } | RaiseWithCogManager { .. }, S::Incomplete)
                | (Validated { .. }, S::Validation)
                | (
                    FurtherInformation { .. }
                        | InsufficientInformation { .. }
                        | BelowEarlyHelp { .. }
                        | EhaRequired { .. }
                        | ProgressToCog { .. }
                        | MeetsFst { .. }
                        | MeetsLevel4 { .. },
                    S::Triage
                )
                | (EhaReceived, S::AwaitingEha | S::ClosureReview)
                | (CloseNotReceived { .. }, S::ClosureReview)
                | (CscDecision { .. }, S::AwaitingCscDecision)
                | (CloseTransferred, S::StepUpClosure)
                | (Escalate { .. } | Resolve { .. }, S::Dispute)
                | (MeetingAccepted { .. } | MeetingRejected { .. }, S::StepDownMeeting)
                | (HandoverReceived | HandoverNotWorkflowed, S::StepDownHandover)
        )
    }
}

/// The decisions a worker can choose at a stage, with their labels (the form's radios).
pub fn decisions_at(stage: DeskStage) -> &'static [(&'static str, &'static str)] {
    match stage {
        DeskStage::ConsentCheck => &[
            ("accept", "Consent given and every mandatory field complete: log it and send it for validation"),
            ("incomplete", "Consent given but a mandatory field is missing: follow up with the referring agency"),
            ("no_consent", "No consent: advise the referrer how to obtain it and close the episode"),
            ("out_of_authority", "The child lives in another council's area: notify that authority and close"),
        ],
        DeskStage::Incomplete => &[
            ("completed", "The agency has completed the EHA: check it again"),
            ("close_not_required", "Close: started in error or not required"),
            ("raise_with_cog_manager", "7 days have passed: raise the case with the COG Manager"),
        ],
        DeskStage::Validation => &[("validated", "Checks done: send to Triage")],
        DeskStage::Triage => &[
            ("further_information", "Further information needed from named agencies before deciding"),
            ("insufficient_information", "Insufficient information: advice by phone, close the episode"),
            ("below_early_help", "Below Early Help level: single-agency support, letter within 48 hours"),
            ("eha_required", "Early Help Assessment required from the agency within 7 days"),
            ("progress_to_cog", "Meets the Early Help threshold: progress to the COG team"),
            ("meets_fst", "Meets the Family Solutions Team criteria: progress to the FST Group"),
            ("meets_level4", "Meets level 4: step up to Children's Social Care"),
        ],
        DeskStage::AwaitingEha => &[("eha_received", "The agency's EHA has arrived: check it")],
        DeskStage::ClosureReview => &[
            ("eha_received", "The agency's EHA has arrived: check it"),
            ("close_not_received", "Not received: the agency has been called; close with a letter"),
        ],
        DeskStage::AwaitingCscDecision => &[("csc_decision", "Record Children's Social Care's decision")],
        DeskStage::StepUpClosure => &[("close_transferred", "Close the episode: transfer to ICS")],
        DeskStage::Dispute => &[
            ("resolve", "Agreement reached: record the outcome and who decided"),
            ("escalate", "No agreement: escalate to the next level"),
        ],
        DeskStage::StepDownMeeting => &[
            ("meeting_accepted", "CIN Meeting Accepted: the case may transfer to Integrated Services"),
            ("meeting_rejected", "CIN Meeting Rejected: the case stays with Care Management"),
        ],
        DeskStage::StepDownHandover => &[
            ("handover_received", "The handover arrived on ICS: check consent"),
            ("handover_not_workflowed", "5 working days and no handover: Step Down Accepted not workflowed"),
        ],
    }
}

/// What the desk knows about an EHA when a decision is made.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeskFacts {
    pub form: EhaForm,
    /// The primary CIN code already set on the child (§1.4).
    pub cin_primary: Option<String>,
    /// Where an open dispute stands.
    pub escalation: Option<Escalation>,
    /// When the Incomplete follow-up started (its 7 days).
    pub incomplete_due: Option<DateTime<Utc>>,
    /// When the open step is due (a step down's handover: its 5 working days).
    pub stage_due: Option<DateTime<Utc>>,
    /// The neighbouring authorities an administrator keeps (§6.3), without "Other".
    pub authorities: Vec<String>,
}

/// A case note a decision writes on the child's record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskNote {
    pub note_type: NoteType,
    pub text: String,
}

/// What a decision does. The server stores it in one transaction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskOutcome {
    /// The stage the decision was made at stays open (further information; escalation writes a
    /// new item).
    pub completes_item: bool,
    pub next: Option<DeskStage>,
    /// Closes the episode with this outcome (and the contact with it).
    pub closes: Option<String>,
    pub letters: Vec<Letter>,
    pub notes: Vec<DeskNote>,
    /// The line in the Early Help MASH database (the desk's log).
    pub log: String,
    /// The priority, set when an EHA is accepted (§1.1.2).
    pub priority: Option<EhaPriority>,
    /// Set on a dispute's new item.
    pub escalation: Option<Escalation>,
    /// The EHA's content is destroyed this many days after closing (§1.1.1).
    pub destroy_after_days: Option<i64>,
    /// Recorded on the episode: the closure reason (§6.3), the final level (§1.1.1), the COG
    /// team, the FST route, the agency, the checklist.
    pub record: DeskRecord,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeskRecord {
    pub closure_reason: Option<String>,
    pub final_level: Option<Level>,
    pub cog_team: Option<String>,
    pub fst_route: Option<FstRoute>,
    pub agency: Option<String>,
    pub checklist: Option<TriageChecklist>,
}

impl DeskOutcome {
    fn to(next: DeskStage, log: impl Into<String>) -> DeskOutcome {
        DeskOutcome {
            completes_item: true,
            next: Some(next),
            closes: None,
            letters: vec![],
            notes: vec![],
            log: log.into(),
            priority: None,
            escalation: None,
            destroy_after_days: None,
            record: DeskRecord::default(),
        }
    }
    fn close(outcome: impl Into<String>) -> DeskOutcome {
        let outcome = outcome.into();
        DeskOutcome { next: None, closes: Some(outcome.clone()), ..DeskOutcome::to(DeskStage::Triage, outcome) }
    }
}

/// How an episode closed, grouped for the managers' charts (issue 8 point 3), from the outcome
/// `decide` wrote (`DeskOutcome::closes`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OutcomeGroup {
    StepUp,
    ProgressToCog,
    FamilySolutions,
    BelowEarlyHelp,
    InsufficientInformation,
    NoConsent,
    OutOfAuthority,
    EhaNotReceived,
    StepDownRejected,
    NotRequired,
    Other,
}

impl OutcomeGroup {
    pub const ALL: [OutcomeGroup; 11] = [
        OutcomeGroup::StepUp,
        OutcomeGroup::ProgressToCog,
        OutcomeGroup::FamilySolutions,
        OutcomeGroup::BelowEarlyHelp,
        OutcomeGroup::InsufficientInformation,
        OutcomeGroup::NoConsent,
        OutcomeGroup::OutOfAuthority,
        OutcomeGroup::EhaNotReceived,
        OutcomeGroup::StepDownRejected,
        OutcomeGroup::NotRequired,
        OutcomeGroup::Other,
    ];
    pub fn label(self) -> &'static str {
        match self {
            OutcomeGroup::StepUp => "Step up to Children's Social Care",
            OutcomeGroup::ProgressToCog => "Progress to a COG meeting",
            OutcomeGroup::FamilySolutions => "Family Solutions Team",
            OutcomeGroup::BelowEarlyHelp => "Below Early Help level",
            OutcomeGroup::InsufficientInformation => "Insufficient information",
            OutcomeGroup::NoConsent => "No consent",
            OutcomeGroup::OutOfAuthority => "Out of authority",
            OutcomeGroup::EhaNotReceived => "EHA not received",
            OutcomeGroup::StepDownRejected => "Step down rejected",
            OutcomeGroup::NotRequired => "Not required or started in error",
            OutcomeGroup::Other => "Other",
        }
    }
    /// The group of a closed episode's outcome.
    pub fn of(outcome: &str) -> OutcomeGroup {
        let o = outcome.trim();
        if o == "Closed: transfer to ICS" || o.contains("transferred to MASH for a Single Assessment") {
            OutcomeGroup::StepUp
        } else if o.starts_with("Progress to meeting: FST Group") {
            OutcomeGroup::FamilySolutions
        } else if o.starts_with("Progress to meeting:") {
            OutcomeGroup::ProgressToCog
        } else if o.contains("below Early Help level") {
            OutcomeGroup::BelowEarlyHelp
        } else if o.contains("insufficient information") {
            OutcomeGroup::InsufficientInformation
        } else if o.starts_with("Closed: no consent") {
            OutcomeGroup::NoConsent
        } else if o.starts_with("Closed: Out of LA Area") {
            OutcomeGroup::OutOfAuthority
        } else if o.contains("not received after 14 days") {
            OutcomeGroup::EhaNotReceived
        } else if o.starts_with("Step Down Rejected") {
            OutcomeGroup::StepDownRejected
        } else if o.contains("started in error or not required") {
            OutcomeGroup::NotRequired
        } else {
            OutcomeGroup::Other
        }
    }
}

fn text(v: &mut Validation, field: &str, value: &str, what: &str, max: usize) {
    if !v.check(value.trim().is_empty(), field, format!("Enter {what}")) {
        v.check(value.chars().count() > max, field, format!("{} must be {max} characters or fewer", capitalise(what)));
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// "Out of LA Area Birmingham", or "Out of LA Area Other (name)" (§6.3).
pub fn out_of_area_reason(authority: &str, authorities: &[String]) -> String {
    match authorities.iter().find(|a| a.eq_ignore_ascii_case(authority.trim())) {
        Some(a) => format!("Out of LA Area {a}"),
        None => format!("Out of LA Area Other ({})", authority.trim()),
    }
}

/// Seed 003 §1–§6: checks a decision at a stage and says what it does. `now` decides whether the
/// Incomplete follow-up's 7 days have passed.
pub fn decide(stage: DeskStage, decision: &DeskDecision, facts: &DeskFacts, now: DateTime<Utc>) -> Result<DeskOutcome, Validation> {
    let mut v = Validation::new();
    if !decision.allowed_at(stage) {
        v.add("decision", format!("That decision cannot be made at \"{}\"", stage.label()));
        return Err(v);
    }
    if let Some(o) = decide_step_down(decision, facts, now, &mut v) {
        return if v.is_ok() { Ok(o) } else { Err(v) };
    }
    use DeskDecision::*;
    let outcome = match decision {
        NoConsent { advice, final_level } => {
            text(&mut v, "advice", advice, "the advice given to the referrer on obtaining consent", MAX_TEXT);
            v.check(final_level.is_none(), "final_level", "Choose the final vulnerability level");
            if facts.form.consent_given {
                v.add("decision", "The EHA records that consent was given: correct the EHA first if it was not");
            }
            let step_down = facts.form.source.is_some_and(EhaSource::is_step_down);
            let mut o = DeskOutcome::close("Closed: no consent (may be resubmitted with consent)");
            o.notes = vec![DeskNote { note_type: NoteType::CaseNote, text: format!("No consent obtained for the Early Help Assessment. Advice given to the referrer: {}", advice.trim()) }];
            if step_down {
                // §4.2.1: the e-mail to the Social Worker (and their line manager) within 24 hours.
                o.letters = vec![Letter::StepDownNoConsentEmail];
            } else {
                // §1.1.1: the standard letter within 24 hours; the EHA kept 30 days, then destroyed.
                o.letters = vec![Letter::EhaNoConsentLetter];
                o.destroy_after_days = Some(RETENTION_DAYS);
            }
            o.record.closure_reason = Some("Consent denied".into());
            o.record.final_level = *final_level;
            o
        }
        Incomplete { follow_up } => {
            text(&mut v, "follow_up", follow_up, "how the referring agency was followed up", MAX_TEXT);
            if !facts.form.consent_given {
                v.add("decision", "There is no consent: close the episode with \"No consent\" instead");
            } else if missing_mandatory_fields(&facts.form).is_empty() {
                v.add("decision", "Every mandatory field is complete: accept the EHA instead");
            }
            DeskOutcome::to(DeskStage::Incomplete, format!("Incomplete EHA followed up with the referring agency: {}", follow_up.trim()))
        }
        Accept | Completed | EhaReceived => {
            if matches!(decision, EhaReceived) {
                DeskOutcome::to(DeskStage::ConsentCheck, "The agency's Early Help Assessment was received")
            } else {
                match check_eha(&facts.form) {
                    Ok(intake) => {
                        let mut o = DeskOutcome::to(DeskStage::Validation, format!("EHA received with consent: {}", priority_label(intake.priority)));
                        o.letters = vec![Letter::EhaReceiptConfirmation];
                        o.priority = Some(intake.priority);
                        o
                    }
                    Err(violations) => {
                        for r in violations {
                            v.add("decision", r.to_string());
                        }
                        return Err(v);
                    }
                }
            }
        }
        OutOfAuthority { authority, notified_by_phone, route } => {
            text(&mut v, "authority", authority, "the receiving authority", MAX_SHORT);
            v.check(!facts.form.consent_given, "decision", "There is no consent: close the episode with \"No consent\" instead (seed 003 §6.1.1)");
            v.check(!notified_by_phone, "notified_by_phone", "Notify the receiving authority by telephone first");
            v.check(route.is_none(), "route", "Choose how the EHA was sent to the receiving authority");
            let reason = out_of_area_reason(authority, &facts.authorities);
            let mut o = DeskOutcome::close(format!("Closed: {reason}"));
            o.letters = vec![Letter::OutOfAuthorityClosureLetter];
            o.record.closure_reason = Some(reason.clone());
            o.log = format!("{reason}: the authority notified by telephone; the EHA sent by {}", route.map(|r| r.label()).unwrap_or(""));
            o
        }
        CloseNotRequired { reason } => {
            text(&mut v, "reason", reason, "why the EHA is not required", MAX_TEXT);
            let mut o = DeskOutcome::close("Closed: started in error or not required");
            o.record.closure_reason = Some(reason.trim().to_string());
            o
        }
        RaiseWithCogManager { note } => {
            text(&mut v, "note", note, "what was raised with the COG Manager", MAX_TEXT);
            if facts.incomplete_due.is_some_and(|d| now < d) {
                v.add("decision", "The agency still has time: the 7 days after the follow-up have not passed");
            }
            let mut o = DeskOutcome::to(DeskStage::Incomplete, format!("Raised with the COG Manager to liaise with the agency: {}", note.trim()));
            o.completes_item = false;
            o.next = None;
            o
        }
        Validated { checklist } => {
            v = check_checklist(checklist);
            let mut o = DeskOutcome::to(DeskStage::Triage, "Validated: Triage Support Involvement Checklist attached; workflowed to Triage");
            o.record.checklist = Some(checklist.clone());
            o
        }
        FurtherInformation { agencies, detail } => {
            text(&mut v, "agencies", agencies, "the agencies asked for information", MAX_SHORT);
            text(&mut v, "detail", detail, "the information needed", MAX_TEXT);
            let mut o = DeskOutcome::to(DeskStage::Triage, format!("Further information requested from {}: {}", agencies.trim(), detail.trim()));
            o.completes_item = false;
            o.next = None;
            o
        }
        InsufficientInformation { advice } => {
            text(&mut v, "advice", advice, "the advice given by phone", MAX_TEXT);
            let mut o = DeskOutcome::close("Closed: insufficient information, advice given by phone");
            o.notes = vec![DeskNote { note_type: NoteType::AdviceGiven, text: advice.trim().to_string() }];
            o.record.closure_reason = Some("Insufficient information".into());
            o
        }
        BelowEarlyHelp { service, service_contact, advice } => {
            text(&mut v, "service", service, "the single-agency service", MAX_SHORT);
            text(&mut v, "service_contact", service_contact, "the service's contact number", MAX_SHORT);
            text(&mut v, "advice", advice, "the advice given", MAX_TEXT);
            let mut o = DeskOutcome::close(format!("Completed: below Early Help level, single agency support from {}", service.trim()));
            o.letters = vec![Letter::BelowEarlyHelpLetter];
            o.notes = vec![DeskNote { note_type: NoteType::AdviceGiven, text: format!("Single agency support from {} ({}). {}", service.trim(), service_contact.trim(), advice.trim()) }];
            o.record.closure_reason = Some("Below Early Help level".into());
            o.record.agency = Some(service.trim().to_string());
            o
        }
        EhaRequired { agency } => {
            text(&mut v, "agency", agency, "the agency that will complete the EHA", MAX_SHORT);
            need_cin_code(&mut v, facts);
            let mut o = DeskOutcome::to(DeskStage::AwaitingEha, format!("Early Help Assessment required from {} within 7 days", agency.trim()));
            o.record.agency = Some(agency.trim().to_string());
            o
        }
        ProgressToCog { cog_team, recommendation } => {
            v.check(cog_team.trim().is_empty(), "cog_team", "Choose the COG team (the child's postcode did not find one)");
            text(&mut v, "recommendation", recommendation, "your recommendation for the COG team", MAX_TEXT);
            need_cin_code(&mut v, facts);
            let mut o = DeskOutcome::close(format!("Progress to meeting: {}", cog_team.trim()));
            o.record.cog_team = Some(cog_team.trim().to_string());
            o.log = format!("Progress to meeting: workflowed to {} with the recommendation: {}", cog_team.trim(), recommendation.trim());
            o
        }
        MeetsFst { route, recommendation } => {
            text(&mut v, "recommendation", recommendation, "your recommendation for the FST Group", MAX_TEXT);
            need_cin_code(&mut v, facts);
            let mut o = DeskOutcome::close(format!("Progress to meeting: FST Group ({})", route.label()));
            o.record.fst_route = Some(*route);
            if *route == FstRoute::CrisisResponse {
                o.notes = vec![DeskNote { note_type: NoteType::FstCrisisContact, text: recommendation.trim().to_string() }];
            }
            o
        }
        MeetsLevel4 { mash_team_manager_agrees, referrer_told, reasons } => {
            text(&mut v, "reasons", reasons, "the reasons for the step up", MAX_TEXT);
            need_cin_code(&mut v, facts);
            if *mash_team_manager_agrees {
                v.check(!referrer_told, "referrer_told", "Tell the referrer that a referral to Children's Social Care is required (seed 003 §3.1.1)");
                let mut o = DeskOutcome::to(DeskStage::AwaitingCscDecision, format!("Step up agreed with the MASH Team Manager; transfer to ICS: {}", reasons.trim()));
                o.notes = vec![DeskNote { note_type: NoteType::IncomingInformation, text: format!("Early Help documents transferred to Children's Social Care. Reasons: {}", reasons.trim()) }];
                o
            } else {
                let mut o = DeskOutcome::to(DeskStage::Dispute, format!("The MASH Team Manager does not agree the step up: dispute resolution. {}", reasons.trim()));
                o.escalation = Some(Escalation::Managers);
                o
            }
        }
        CloseNotReceived { update } => {
            text(&mut v, "update", update, "what the agency said when called", MAX_TEXT);
            let mut o = DeskOutcome::close("Closed: the Early Help Assessment was not received after 14 days");
            o.letters = vec![Letter::EhaClosureLetter];
            o.record.closure_reason = Some("EHA not received".into());
            o
        }
        CscDecision { level4_confirmed, detail } => {
            text(&mut v, "detail", detail, "Children's Social Care's decision", MAX_TEXT);
            if *level4_confirmed {
                DeskOutcome::to(DeskStage::StepUpClosure, format!("Children's Social Care confirmed level 4: {}", detail.trim()))
            } else {
                let mut o = DeskOutcome::to(DeskStage::Dispute, format!("Children's Social Care did not accept the step up: dispute resolution. {}", detail.trim()));
                o.escalation = Some(Escalation::Managers);
                o
            }
        }
        CloseTransferred => {
            let mut o = DeskOutcome::close("Closed: transfer to ICS");
            o.record.closure_reason = Some("Transfer to ICS".into());
            o
        }
        Escalate { note } => {
            text(&mut v, "note", note, "why agreement could not be reached", MAX_TEXT);
            let now_at = facts.escalation.unwrap_or(Escalation::Managers);
            match now_at.next() {
                Some(next) => {
                    let mut o = DeskOutcome::to(DeskStage::Dispute, format!("Escalated to the {}: {}", next.label(), note.trim()));
                    o.escalation = Some(next);
                    o
                }
                None => {
                    v.add("decision", "The dispute is with the Service Director, the last level: record the resolution");
                    return Err(v);
                }
            }
        }
        MeetingAccepted { .. } | MeetingRejected { .. } | HandoverReceived | HandoverNotWorkflowed => {
            v.add("decision", "That decision belongs to a step down");
            return Err(v);
        }
        Resolve { outcome, decided_by, rationale } => {
            text(&mut v, "decided_by", decided_by, "who decided (name and role)", MAX_SHORT);
            text(&mut v, "rationale", rationale, "the decision and its reasons", MAX_TEXT);
            let level = facts.escalation.unwrap_or(Escalation::Managers);
            let note = DeskNote {
                note_type: NoteType::DisputeResolution,
                text: format!("Dispute resolved at the level of the {}. Decided by {}. {} {}", level.label(), decided_by.trim(), outcome.label(), rationale.trim()),
            };
            let mut o = match outcome {
                DisputeOutcome::EarlyHelp => DeskOutcome::to(DeskStage::Triage, format!("Dispute resolved: {}", outcome.label())),
                DisputeOutcome::SingleAssessment => {
                    let mut o = DeskOutcome::close("Closed: dispute resolved, transferred to MASH for a Single Assessment");
                    o.record.closure_reason = Some("Transfer to ICS".into());
                    o
                }
            };
            o.notes = vec![note];
            o
        }
    };
    if v.is_ok() {
        Ok(outcome)
    } else {
        Err(v)
    }
}

/// Seed 003 §4.4: a step down from a CIN plan.
fn decide_step_down(decision: &DeskDecision, facts: &DeskFacts, now: DateTime<Utc>, v: &mut Validation) -> Option<DeskOutcome> {
    use DeskDecision::*;
    Some(match decision {
        MeetingAccepted { note } => {
            text(v, "note", note, "what the CIN meeting decided", MAX_TEXT);
            let mut o = DeskOutcome::to(DeskStage::StepDownHandover, "Step Down Accepted - awaiting handover");
            o.notes = vec![DeskNote { note_type: NoteType::CinMeetingAccepted, text: note.trim().to_string() }];
            o
        }
        MeetingRejected { note } => {
            text(v, "note", note, "what the CIN meeting decided", MAX_TEXT);
            let mut o = DeskOutcome::close("Step Down Rejected: the case remains with Care Management");
            o.notes = vec![DeskNote { note_type: NoteType::CinMeetingRejected, text: note.trim().to_string() }];
            o.record.closure_reason = Some("Step Down Rejected".into());
            o
        }
        HandoverReceived => DeskOutcome::to(DeskStage::ConsentCheck, "Step Down Accepted: the handover was received (please see attached CIN Plan and Minutes)"),
        HandoverNotWorkflowed => {
            if facts.stage_due.is_some_and(|d| now < d) {
                v.add("decision", "Care Management still has time: the 5 working days after the CIN meeting have not passed");
            }
            DeskOutcome::to(DeskStage::ConsentCheck, "Step Down Accepted not workflowed: CIN meeting - Accepted not received via workflow")
        }
        _ => return None,
    })
}

/// Seed 003 §4.4: the notice a CIN step down needs (at least 10 working days before the meeting),
/// read on the server where the calendar is.
pub fn check_step_down_intake(f: &IntakeForm, today: NaiveDate, cal: &crate::rules::WorkingCalendar) -> Validation {
    let mut v = Validation::new();
    if f.source != "step_down_cin" {
        return v;
    }
    match parse_date(&f.cin_meeting_date) {
        None => {
            v.add("cin_meeting_date", "Enter the date of the next CIN meeting as day/month/year");
        }
        Some(meeting) => {
            if let Err(vs) = crate::rules::timescales::check_step_down_notice(cal, today, meeting) {
                for r in vs {
                    v.add("cin_meeting_date", r.to_string());
                }
            }
        }
    }
    v
}

fn need_cin_code(v: &mut Validation, facts: &DeskFacts) {
    v.check(facts.cin_primary.is_none(), "cin_primary", "Set the child's primary CIN code before this decision (seed 003 §1.4)");
}

/// §1.4: a primary CIN code, and a secondary one only if it differs.
pub fn check_cin_codes(primary: &str, secondary: &str) -> Validation {
    let mut v = Validation::new();
    v.check(primary_need_label(primary).is_none(), "cin_primary", "Choose the primary CIN code");
    if !secondary.is_empty() {
        if primary_need_label(secondary).is_none() {
            v.add("cin_secondary", "Choose a secondary CIN code from the list, or none");
        } else {
            v.check(secondary == primary, "cin_secondary", "The secondary CIN code must differ from the primary one");
        }
    }
    v
}

/// §1.4: the Welfare Rights Team is copied in only where the family agreed.
pub fn check_welfare_rights(family_agreed: bool, note: &str) -> Validation {
    let mut v = Validation::new();
    v.check(!family_agreed, "welfare_rights", "The family has not agreed to be contacted by the Welfare Rights Team");
    text(&mut v, "note", note, "the case note for the Welfare Rights Team", MAX_TEXT);
    v
}

// --- intake (§1.0) ---

/// An EHA as Business Support keys it in (or as the Request for Support brought it).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct IntakeForm {
    pub source: String,
    pub referrer_name: String,
    pub referrer_organisation: String,
    pub referrer_email: String,
    pub referrer_phone: String,
    /// "yes" or "no".
    pub consent: String,
    pub child_given_name: String,
    pub child_family_name: String,
    pub child_date_of_birth: String,
    pub child_address: String,
    pub child_postcode: String,
    /// One a line.
    pub parents_or_carers: String,
    /// One a line, "Name, dd/mm/yyyy"; blank with `no_siblings` for none.
    pub siblings: String,
    pub no_siblings: bool,
    pub household_members: String,
    pub no_household_members: bool,
    pub ethnicity: String,
    pub special_needs: String,
    /// What has led to this child being assessed.
    pub needs: String,
    /// The family asked or agreed to be contacted by the Welfare Rights Team (§1.4).
    pub welfare_rights: bool,
    /// §4.4: the date of the next CIN meeting (a step down from a CIN plan).
    pub cin_meeting_date: String,
    /// §4.2.1: the social worker's line manager, copied into the no-consent e-mail.
    pub line_manager_email: String,
    /// When the referring agency started and completed the assessment, as the EHA records them
    /// (day/month/year; optional): Ofsted's Annex A List 2 reports them.
    pub assessment_started: String,
    pub assessment_completed: String,
}

/// "Name, dd/mm/yyyy" a line: a missing or unreadable date is kept as missing (a mandatory field
/// the desk will see).
pub fn parse_people(text: &str) -> Vec<PersonDetails> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (name, dob) = match l.rsplit_once(',') {
                Some((n, d)) if parse_date(d).is_some() => (n.trim().to_string(), parse_date(d)),
                _ => (l.trim().to_string(), None),
            };
            PersonDetails { name, date_of_birth: dob }
        })
        .collect()
}

/// dd/mm/yyyy or yyyy-mm-dd.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%d/%m/%Y").or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d")).ok()
}

/// The EHA as the mandatory-field rules read it.
pub fn eha_form(f: &IntakeForm) -> EhaForm {
    let list = |text: &str, none: bool| if none && text.trim().is_empty() { Some(vec![]) } else if text.trim().is_empty() { None } else { Some(parse_people(text)) };
    EhaForm {
        source: EhaSource::from_slug(&f.source),
        consent_given: f.consent == "yes",
        child_name: format!("{} {}", f.child_given_name.trim(), f.child_family_name.trim()).trim().to_string(),
        child_date_of_birth: parse_date(&f.child_date_of_birth),
        child_address: f.child_address.clone(),
        child_postcode: f.child_postcode.clone(),
        parents_or_carers: f.parents_or_carers.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect(),
        siblings: list(&f.siblings, f.no_siblings),
        other_household_members: list(&f.household_members, f.no_household_members),
        ethnicity: f.ethnicity.clone(),
        special_needs: f.special_needs.clone(),
    }
}

/// What intake itself needs: enough to log the EHA and find the child. The mandatory fields of
/// §1.1 are the desk's check, not intake's: an incomplete EHA is still logged (§1.3).
pub fn check_intake(f: &IntakeForm, today: NaiveDate) -> Validation {
    let mut v = Validation::new();
    v.check(EhaSource::from_slug(&f.source).is_none(), "source", "Choose how the EHA was received");
    text(&mut v, "referrer_name", &f.referrer_name, "the referrer's name", MAX_SHORT);
    text(&mut v, "referrer_organisation", &f.referrer_organisation, "the referring agency", MAX_SHORT);
    if !f.referrer_email.trim().is_empty() {
        v.check(!crate::information_requests::looks_like_email(&f.referrer_email), "referrer_email", "Enter the referrer's e-mail address in the right format, like name@example.org");
    }
    v.check(f.consent != "yes" && f.consent != "no", "consent", "Say whether the EHA records consent");
    text(&mut v, "child_given_name", &f.child_given_name, "the child's first name", MAX_SHORT);
    text(&mut v, "child_family_name", &f.child_family_name, "the child's last name", MAX_SHORT);
    if !f.child_date_of_birth.trim().is_empty() {
        match parse_date(&f.child_date_of_birth) {
            None => {
                v.add("child_date_of_birth", "Enter the child's date of birth as day/month/year, like 27/03/2015");
            }
            Some(d) => {
                v.check(d > today, "child_date_of_birth", "The child's date of birth must be today or in the past");
            }
        }
    }
    if !f.line_manager_email.trim().is_empty() {
        v.check(!crate::information_requests::looks_like_email(&f.line_manager_email), "line_manager_email", "Enter the line manager's e-mail address in the right format, like name@example.org");
    }
    if f.source == "step_down_cin" {
        v.check(parse_date(&f.cin_meeting_date).is_none(), "cin_meeting_date", "Enter the date of the next CIN meeting as day/month/year");
    }
    let mut assessment = |field: &str, value: &str, what: &str| {
        if value.trim().is_empty() {
            return None;
        }
        match parse_date(value) {
            None => {
                v.add(field, format!("Enter the date the assessment was {what} as day/month/year, like 27/03/2026"));
                None
            }
            Some(d) if d > today => {
                v.add(field, format!("The date the assessment was {what} must be today or in the past"));
                None
            }
            Some(d) => Some(d),
        }
    };
    let started = assessment("assessment_started", &f.assessment_started, "started");
    let completed = assessment("assessment_completed", &f.assessment_completed, "completed");
    if let (Some(s), Some(c)) = (started, completed) {
        v.check(c < s, "assessment_completed", "The date the assessment was completed must be the same as or after the date it started");
    }
    for (field, value, max) in [
        ("child_address", &f.child_address, MAX_SHORT),
        ("child_postcode", &f.child_postcode, 10),
        ("parents_or_carers", &f.parents_or_carers, MAX_TEXT),
        ("siblings", &f.siblings, MAX_TEXT),
        ("household_members", &f.household_members, MAX_TEXT),
        ("ethnicity", &f.ethnicity, MAX_SHORT),
        ("special_needs", &f.special_needs, MAX_TEXT),
        ("needs", &f.needs, MAX_TEXT),
    ] {
        v.check(value.chars().count() > max, field, format!("That answer must be {max} characters or fewer"));
    }
    v
}

/// The priority an accepted EHA gets from its route (§1.1.2).
pub fn priority_for(source: &str) -> EhaPriority {
    eha_priority(EhaSource::from_slug(source).unwrap_or(EhaSource::WhiteMailOrElectronic))
}

// --- the postcode-to-COG table (§1.7) ---

/// One line of the administrator's table: a postcode district or sector and its COG team.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CogArea {
    pub prefix: String,
    pub team: String,
}

/// Reads "B70 7, Tipton COG" lines (prefix, team). Every bad line is listed.
pub fn parse_cog_table(text: &str) -> Result<Vec<CogArea>, Validation> {
    let mut v = Validation::new();
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_once(',') {
            Some((p, t)) if !p.trim().is_empty() && !t.trim().is_empty() && p.trim().len() <= 8 => {
                out.push(CogArea { prefix: normalise_postcode(p), team: t.trim().to_string() })
            }
            _ => v.add("cog_table", format!("Line {}: write a postcode district or sector, a comma, then the COG team (like \"B70 7, Tipton COG\")", i + 1)),
        }
    }
    if v.is_ok() {
        Ok(out)
    } else {
        Err(v)
    }
}

fn normalise_postcode(p: &str) -> String {
    p.split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase()
}

/// The COG team for a postcode: the longest matching prefix wins (a sector over its district).
pub fn cog_team_for(postcode: &str, table: &[CogArea]) -> Option<String> {
    let pc = normalise_postcode(postcode);
    let compact: String = pc.chars().filter(|c| !c.is_whitespace()).collect();
    // The outward code, so "B70" does not match "B7".
    let outward = pc.split_whitespace().next().unwrap_or("").to_string();
    table
        .iter()
        .filter(|a| {
            let p = &a.prefix;
            if p.contains(' ') {
                let pc_prefix: String = p.chars().filter(|c| !c.is_whitespace()).collect();
                compact.starts_with(&pc_prefix) && pc.starts_with(p.as_str())
            } else {
                outward == *p
            }
        })
        .max_by_key(|a| a.prefix.len())
        .map(|a| a.team.clone())
}

/// The neighbouring authorities, one a line (§6.3: "Out of LA Area Birmingham" …).
pub fn parse_authorities(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.eq_ignore_ascii_case("other")).map(str::to_string).collect()
}

// --- reports (§1.3, §1.8, §4.4) ---

labelled_enum!(
    /// The reports the desk runs.
    Report {
        /// §1.8, daily: EHAs required and not received within 7 days, and after 14 days.
        EhaNotReceived => "EHAs required and not received (daily)",
        /// §1.2, daily: EHAs waiting for validation past 24 hours.
        ValidationOverdue => "EHAs not validated within 24 hours (daily)",
        /// §1.3, every Wednesday: EHAs left incomplete, with the referrer.
        Incomplete => "Incomplete EHAs (weekly, Wednesday)",
        /// §4.4.3, daily: step downs accepted at the CIN meeting and waiting for the handover.
        StepDownHandover => "Step downs waiting for the handover (daily)",
        /// The Early Help MASH database: every item logged with its outcome and date.
        Log => "The desk's log: everything received, with outcomes and dates",
    }
);
slugs_for!(Report { EhaNotReceived => "eha-not-received", ValidationOverdue => "validation-overdue", Incomplete => "incomplete", StepDownHandover => "step-down-handover", Log => "log" });

/// A decision as the step form sends it: one field set for every decision, read by
/// [`DecisionForm::to_decision`] in the browser (to show errors as the worker types) and on the
/// server (which trusts only its own reading).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    pub decision: String,
    pub advice: String,
    pub final_level: String,
    pub follow_up: String,
    pub authority: String,
    pub notified_by_phone: bool,
    pub route: String,
    pub reason: String,
    pub note: String,
    pub checklist: TriageChecklist,
    pub agencies: String,
    pub detail: String,
    pub service: String,
    pub service_contact: String,
    pub agency: String,
    pub cog_team: String,
    pub recommendation: String,
    pub fst_route: String,
    /// "yes" or "no".
    pub mash_team_manager_agrees: String,
    pub referrer_told: bool,
    pub reasons: String,
    pub update: String,
    /// "yes" or "no".
    pub level4_confirmed: String,
    pub outcome: String,
    pub decided_by: String,
    pub rationale: String,
}

impl DecisionForm {
    /// The decision the form describes; a choice not made is an error on its field.
    pub fn to_decision(&self) -> Result<DeskDecision, Validation> {
        let mut v = Validation::new();
        let f = self;
        let yes_no = |v: &mut Validation, value: &str, field: &str, message: &str| match value {
            "yes" => Some(true),
            "no" => Some(false),
            _ => {
                v.add(field, message);
                None
            }
        };
        let d = match f.decision.as_str() {
            "no_consent" => DeskDecision::NoConsent { advice: f.advice.clone(), final_level: Level::from_slug(&f.final_level) },
            "incomplete" => DeskDecision::Incomplete { follow_up: f.follow_up.clone() },
            "accept" => DeskDecision::Accept,
            "out_of_authority" => DeskDecision::OutOfAuthority { authority: f.authority.clone(), notified_by_phone: f.notified_by_phone, route: SecureRoute::from_slug(&f.route) },
            "completed" => DeskDecision::Completed,
            "close_not_required" => DeskDecision::CloseNotRequired { reason: f.reason.clone() },
            "raise_with_cog_manager" => DeskDecision::RaiseWithCogManager { note: f.note.clone() },
            "validated" => DeskDecision::Validated { checklist: f.checklist.clone() },
            "further_information" => DeskDecision::FurtherInformation { agencies: f.agencies.clone(), detail: f.detail.clone() },
            "insufficient_information" => DeskDecision::InsufficientInformation { advice: f.advice.clone() },
            "below_early_help" => DeskDecision::BelowEarlyHelp { service: f.service.clone(), service_contact: f.service_contact.clone(), advice: f.advice.clone() },
            "eha_required" => DeskDecision::EhaRequired { agency: f.agency.clone() },
            "progress_to_cog" => DeskDecision::ProgressToCog { cog_team: f.cog_team.clone(), recommendation: f.recommendation.clone() },
            "meets_fst" => match FstRoute::from_slug(&f.fst_route) {
                Some(route) => DeskDecision::MeetsFst { route, recommendation: f.recommendation.clone() },
                None => {
                    v.add("fst_route", "Choose the FST start reason");
                    return Err(v);
                }
            },
            "meets_level4" => match yes_no(&mut v, &f.mash_team_manager_agrees, "mash_team_manager_agrees", "Say whether the MASH Team Manager agrees the step up") {
                Some(agrees) => DeskDecision::MeetsLevel4 { mash_team_manager_agrees: agrees, referrer_told: f.referrer_told, reasons: f.reasons.clone() },
                None => return Err(v),
            },
            "eha_received" => DeskDecision::EhaReceived,
            "close_not_received" => DeskDecision::CloseNotReceived { update: f.update.clone() },
            "csc_decision" => match yes_no(&mut v, &f.level4_confirmed, "level4_confirmed", "Say whether Children's Social Care confirmed level 4") {
                Some(c) => DeskDecision::CscDecision { level4_confirmed: c, detail: f.detail.clone() },
                None => return Err(v),
            },
            "close_transferred" => DeskDecision::CloseTransferred,
            "escalate" => DeskDecision::Escalate { note: f.note.clone() },
            "meeting_accepted" => DeskDecision::MeetingAccepted { note: f.note.clone() },
            "meeting_rejected" => DeskDecision::MeetingRejected { note: f.note.clone() },
            "handover_received" => DeskDecision::HandoverReceived,
            "handover_not_workflowed" => DeskDecision::HandoverNotWorkflowed,
            "resolve" => match DisputeOutcome::from_slug(&f.outcome) {
                Some(outcome) => DeskDecision::Resolve { outcome, decided_by: f.decided_by.clone(), rationale: f.rationale.clone() },
                None => {
                    v.add("outcome", "Choose where the resolved dispute sends the referral");
                    return Err(v);
                }
            },
            _ => {
                v.add("decision", "Choose a decision");
                return Err(v);
            }
        };
        Ok(d)
    }
}

#[cfg(test)]
#[path = "early_help/tests.rs"]
mod tests;
