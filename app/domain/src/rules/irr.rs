//! Information Request Response (IRR) rules from seed 002: what kind of request it is, the four
//! urgency criteria, and the GDPR rule on where the response may be sent. The consent side is in
//! [`super::consent`] (route `InformationRequest`); the worklists are in [`super::routing`].

use serde::{Deserialize, Serialize};

use super::violation::RuleViolation;

/// Seed 002 "Professional states that request is urgent": "An IRR would only be classed as
/// urgent if" one of these holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UrgencyCriterion {
    /// 1. Another LA is waiting for this information to undertake a S47 strategy discussion.
    OtherLaStrategyDiscussion,
    /// 2. Urgently needed for court proceedings or a CP enquiry (usually CAFCASS).
    CourtProceedingsOrCpEnquiry,
    /// 3. Probation is releasing a prisoner to an address and they may pose a risk to children.
    ProbationReleasingPrisoner,
    /// 4. Otherwise a child may be at risk of significant harm if the information is not
    ///    received promptly (e.g. police).
    SignificantHarmIfDelayed,
}

impl UrgencyCriterion {
    pub const ALL: [UrgencyCriterion; 4] = [
        UrgencyCriterion::OtherLaStrategyDiscussion,
        UrgencyCriterion::CourtProceedingsOrCpEnquiry,
        UrgencyCriterion::ProbationReleasingPrisoner,
        UrgencyCriterion::SignificantHarmIfDelayed,
    ];
    pub fn label(self) -> &'static str {
        match self {
            UrgencyCriterion::OtherLaStrategyDiscussion => "Another local authority is waiting for this information to hold a section 47 strategy discussion",
            UrgencyCriterion::CourtProceedingsOrCpEnquiry => "The information is urgently needed for court proceedings or a child protection enquiry (usually CAFCASS)",
            UrgencyCriterion::ProbationReleasingPrisoner => "Probation is releasing a prisoner to an address and they may pose a risk to children",
            UrgencyCriterion::SignificantHarmIfDelayed => "A child may be at risk of significant harm unless the professional receives this promptly (e.g. police)",
        }
    }
}

/// The marker seed 002 has the RAO put in the e-mail title of a request that was said to be
/// urgent but does not meet the criteria (the seed's own wording).
pub const NON_URGENT_TITLE_MARK: &str = "None urgent";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "urgency", rename_all = "snake_case")]
pub enum IrrUrgency {
    Urgent { criteria: Vec<UrgencyCriterion> },
    NonUrgent,
}

impl IrrUrgency {
    pub fn is_urgent(&self) -> bool {
        matches!(self, IrrUrgency::Urgent { .. })
    }
}

/// Urgent only when a criterion is met, whatever the professional said.
pub fn irr_urgency(criteria_met: &[UrgencyCriterion]) -> IrrUrgency {
    if criteria_met.is_empty() {
        IrrUrgency::NonUrgent
    } else {
        let mut criteria = criteria_met.to_vec();
        criteria.sort();
        criteria.dedup();
        IrrUrgency::Urgent { criteria }
    }
}

/// Server check: a request recorded as urgent must name a criterion.
pub fn check_irr_urgency(
    recorded_urgent: bool,
    criteria_met: &[UrgencyCriterion],
) -> Result<IrrUrgency, Vec<RuleViolation>> {
    let urgency = irr_urgency(criteria_met);
    if recorded_urgent && !urgency.is_urgent() {
        Err(vec![RuleViolation::UrgencyCriteriaNotMet])
    } else {
        Ok(urgency)
    }
}

/// The e-mail title once urgency is decided: a request the professional called urgent that
/// does not meet the criteria gets "None urgent" inserted (seed 002).
pub fn irr_email_title(
    original: &str,
    professional_said_urgent: bool,
    urgency: &IrrUrgency,
) -> String {
    if professional_said_urgent && !urgency.is_urgent() && !original.contains(NON_URGENT_TITLE_MARK)
    {
        format!("{NON_URGENT_TITLE_MARK}: {original}")
    } else {
        original.to_string()
    }
}

/// How much the professional wants (seed 002 "IRR received in CASS inbox").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestDepth {
    /// Level 1: only whether the child has an allocated worker, the worker's name and contact
    /// details, or when the case closed. Business Support answers.
    LevelOne,
    /// More detailed information.
    Detailed,
}

/// What CF/Eclipse shows about the child or family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CscInvolvement {
    NotKnown,
    OpenWithAllocatedWorker,
    /// History of involvement, case now closed.
    ClosedWithHistory,
}

/// The address the response would go to (seed 002 "RAO sends information to the requesting
/// professional": under GDPR, to the requester's own address unless it is a secure generic one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResponseAddress {
    RequestersOwn,
    SecureGeneric,
    NonSecureGeneric,
}

pub fn check_response_address(address: ResponseAddress) -> Result<(), Vec<RuleViolation>> {
    match address {
        ResponseAddress::NonSecureGeneric => Err(vec![RuleViolation::NonSecureAddress]),
        _ => Ok(()),
    }
}

/// What the RAO's response may contain (seed 002 "Consent provided or consent not required"):
/// a basic "need to know" level only.
pub const RESPONSE_MAY_INCLUDE: [&str; 3] = [
    "The period of involvement with Children's Social Care",
    "The reasons for involvement (e.g. neglect)",
    "Key information with dates: assessments, CP plans, section 47 enquiries, CIN plans",
];

/// Seed 002: details within an assessment are not sent; the professional books an appointment
/// with the Disclosures Team to view the file. A contact key, not an address, so a council
/// configures it.
pub const DISCLOSURES_TEAM_CONTACT_KEY: &str = "disclosures_team";
