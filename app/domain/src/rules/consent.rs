//! Consent rules (issue 3 point 3): when consent is needed on each route and what happens
//! without it, the consent scopes A/B/C (seed 000), who may consent for an information request
//! (seed 002), the exceptions, the Duty Manager's override (seed 004) and Parental
//! Responsibility gating (seed 004).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::routing::{route_contact, Action, ContactChannel, ContactFacts};
use super::violation::{long_enough, RuleViolation, MIN_REASON_CHARS};
use crate::roles::Role;

/// The consent levels an Early Help RAO asks a parent for (seed 000 "Universal Plus identified":
/// "A. to support via an Early Help Assessment B. to support from single agency e.g. Women's Aid.
/// C. sharing their information with a third party who is not the referrer e.g. school").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentScope {
    /// A: support through an Early Help Assessment.
    SupportThroughEha,
    /// B: support from a single agency.
    SupportFromSingleAgency,
    /// C: sharing information with a third party who is not the referrer.
    SharingWithThirdParty,
}

impl ConsentScope {
    pub const ALL: [ConsentScope; 3] = [
        ConsentScope::SupportThroughEha,
        ConsentScope::SupportFromSingleAgency,
        ConsentScope::SharingWithThirdParty,
    ];
    pub fn letter(self) -> char {
        match self {
            ConsentScope::SupportThroughEha => 'A',
            ConsentScope::SupportFromSingleAgency => 'B',
            ConsentScope::SharingWithThirdParty => 'C',
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            ConsentScope::SupportThroughEha => "A: support through an Early Help Assessment",
            ConsentScope::SupportFromSingleAgency => "B: support from a single agency",
            ConsentScope::SharingWithThirdParty => {
                "C: sharing information with a third party who is not the referrer"
            }
        }
    }
}

/// The places in the seeds where consent decides what happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentRoute {
    /// Seed 000 "Universal Plus identified".
    CassUniversalPlus,
    /// Seed 000 "CASS Contacts" and "Additional Need identified".
    CassAdditionalNeeds,
    /// Partner checks and other information gathering (seed 004; seed 000 Complex and Significant).
    CassInformationGathering,
    /// Significant Harm: a strategy discussion (seed 000; Working Together 2023).
    CassSignificantHarm,
    /// Seed 001 anonymous call at Universal Plus.
    AnonymousUniversalPlus,
    /// Seed 001 anonymous call at Additional Needs.
    AnonymousAdditionalNeeds,
    /// Seed 003 §1.1: an EHA at the Early Help MASH desk.
    EarlyHelpAssessment,
    /// Seed 003 §4.2: step down from Children's Social Care.
    StepDown,
    /// Seed 003 §6.1: an EHA for a child in another council's area.
    OutOfAuthority,
    /// Seed 002: a professional's information request.
    InformationRequest,
}

impl ConsentRoute {
    pub const ALL: [ConsentRoute; 10] = [
        ConsentRoute::CassUniversalPlus,
        ConsentRoute::CassAdditionalNeeds,
        ConsentRoute::CassInformationGathering,
        ConsentRoute::CassSignificantHarm,
        ConsentRoute::AnonymousUniversalPlus,
        ConsentRoute::AnonymousAdditionalNeeds,
        ConsentRoute::EarlyHelpAssessment,
        ConsentRoute::StepDown,
        ConsentRoute::OutOfAuthority,
        ConsentRoute::InformationRequest,
    ];
    pub fn label(self) -> &'static str {
        match self {
            ConsentRoute::CassUniversalPlus => "a Universal Plus contact",
            ConsentRoute::CassAdditionalNeeds => "an Additional Needs contact",
            ConsentRoute::CassInformationGathering => "information gathering (partner checks)",
            ConsentRoute::CassSignificantHarm => "a Significant Harm referral",
            ConsentRoute::AnonymousUniversalPlus => "an anonymous call at Universal Plus",
            ConsentRoute::AnonymousAdditionalNeeds => "an anonymous call at Additional Needs",
            ConsentRoute::EarlyHelpAssessment => "an Early Help Assessment",
            ConsentRoute::StepDown => "a step down from Children's Social Care",
            ConsentRoute::OutOfAuthority => "an out of authority EHA",
            ConsentRoute::InformationRequest => "an information request",
        }
    }
}

impl std::fmt::Display for ConsentRoute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// Who gave consent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentGiver {
    /// A parent with Parental Responsibility.
    Parent,
    /// A carer (no Parental Responsibility).
    Carer,
    ChildOrYoungPerson,
}

impl ConsentGiver {
    pub fn label(self) -> &'static str {
        match self {
            ConsentGiver::Parent => "A parent",
            ConsentGiver::Carer => "A carer",
            ConsentGiver::ChildOrYoungPerson => "The child or young person",
        }
    }
}

/// How consent was given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentForm {
    Written,
    /// A statement from the professional that consent has been gained (seed 002).
    ProfessionalStatement,
    /// Given to CASS staff directly, e.g. on the phone.
    Verbal,
}

impl ConsentForm {
    pub fn label(self) -> &'static str {
        match self {
            ConsentForm::Written => "written consent",
            ConsentForm::ProfessionalStatement => {
                "a statement from the professional that consent has been gained"
            }
            ConsentForm::Verbal => "verbal consent",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentEvidence {
    pub given_by: ConsentGiver,
    pub form: ConsentForm,
    /// The scopes agreed; information requests need none.
    pub scopes: Vec<ConsentScope>,
}

/// Seed 002: "a few instances where consent is not required".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ConsentException {
    /// A local authority undertaking a section 47 enquiry.
    Section47Enquiry,
    /// CAFCASS or a local authority writing a section 7 or section 37 report.
    Section7Or37Report,
    /// Pre-proceedings (PLO) or court proceedings.
    PloOrCourtProceedings,
    /// A professional who demonstrates the child may be at risk of significant harm
    /// (e.g. police, some probation). What they showed is recorded.
    SignificantHarmDemonstrated { agency: String, details: String },
}

impl ConsentException {
    pub fn label(&self) -> &'static str {
        match self {
            ConsentException::Section47Enquiry => "a local authority's section 47 enquiry",
            ConsentException::Section7Or37Report => {
                "a section 7 or 37 report (CAFCASS or a local authority)"
            }
            ConsentException::PloOrCourtProceedings => "PLO or court proceedings",
            ConsentException::SignificantHarmDemonstrated { .. } => {
                "a professional has demonstrated a risk of significant harm"
            }
        }
    }
}

/// Seed 004: "there will be times when the need for consent is overridden by the Duty Manager".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyManagerOverride {
    /// The role the person acted in; must be Duty Manager.
    pub by: Role,
    pub reason: String,
}

/// What the seeds say about consent on one route.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsentRule {
    pub route: ConsentRoute,
    pub needed: bool,
    /// The scopes that may be asked for on this route.
    pub scopes: &'static [ConsentScope],
    pub who_may_give: &'static [ConsentGiver],
    /// Accepted forms; empty means any.
    pub forms: &'static [ConsentForm],
    pub without_consent: &'static str,
    /// Whether the seed 002 exceptions apply.
    pub exceptions_apply: bool,
    pub duty_manager_may_override: bool,
    pub seed: &'static str,
}

const PARENT_OR_CARER: &[ConsentGiver] = &[ConsentGiver::Parent, ConsentGiver::Carer];
const ALL_SCOPES: &[ConsentScope] = &ConsentScope::ALL;

/// The consent rule for a route.
pub fn consent_rule(route: ConsentRoute) -> ConsentRule {
    use ConsentRoute::*;
    let base = ConsentRule {
        route,
        needed: true,
        scopes: ALL_SCOPES,
        who_may_give: PARENT_OR_CARER,
        forms: &[],
        without_consent: "",
        exceptions_apply: false,
        duty_manager_may_override: false,
        seed: "",
    };
    match route {
        CassUniversalPlus => ConsentRule {
            without_consent: "If the referrer has an ongoing relationship with the family, the contact is returned asking them to undertake an EHA, gaining consent from the parent; otherwise an Early Help RAO contacts the parent, and if consent is not gained (parent unreachable or refuses) the contact is closed.",
            seed: "000 Universal Plus identified",
            ..base
        },
        CassAdditionalNeeds => ConsentRule {
            without_consent: "If the referrer has a relationship with the family, the contact is returned asking them to gain consent and resubmit, then closed; otherwise it goes to the CASS Early Help Manager's worklist and an Early Help RAO rings the parent to try to gain consent.",
            seed: "000 CASS Contacts; 000 Additional Need identified",
            ..base
        },
        CassInformationGathering => ConsentRule {
            scopes: &[],
            without_consent: "Information gathering usually waits for consent, but a Duty Manager may override the need for consent, recording the reason, because the service must make sure children are adequately safeguarded.",
            duty_manager_may_override: true,
            seed: "004 What to expect (consent); 000 Complex and Significant",
            ..base
        },
        CassSignificantHarm => ConsentRule {
            needed: false,
            scopes: &[],
            who_may_give: &[],
            without_consent: "Consent is not needed to share information where a child is at risk of significant harm; the reason for sharing is recorded.",
            seed: "000 Complex and Significant (Significant Harm); Working Together 2023 (codes-and-timescales.md)",
            ..base
        },
        AnonymousUniversalPlus => ConsentRule {
            without_consent: "An RAO tries to contact the parent (3 calls at different times of the day); if unable, a letter asks them to contact CASS if they need support or want to know the nature of the anonymous referral, and the contact is closed.",
            seed: "001 Universal Plus",
            ..base
        },
        AnonymousAdditionalNeeds => ConsentRule {
            without_consent: "If the Social Worker speaks to the parent and consent is refused, the contact is closed; if the parent cannot be reached, an Early Help RAO makes 3 calls at different times of the day, then sends a letter and closes the contact.",
            seed: "001 Additional Needs",
            ..base
        },
        EarlyHelpAssessment => ConsentRule {
            scopes: &[ConsentScope::SupportThroughEha, ConsentScope::SharingWithThirdParty],
            without_consent: "The EHA is not processed: the Senior Early Help Coordinator advises the referrer how to obtain consent, a letter goes to the referrer within 24 hours saying the episode is closed and may be resubmitted with consent, and the EHA is destroyed after 30 days.",
            seed: "003 §1.1, §1.1.1",
            ..base
        },
        StepDown => ConsentRule {
            scopes: &[ConsentScope::SupportThroughEha, ConsentScope::SharingWithThirdParty],
            who_may_give: &[ConsentGiver::Parent, ConsentGiver::Carer, ConsentGiver::ChildOrYoungPerson],
            without_consent: "The Senior Early Help Coordinator advises the Social Worker to obtain consent; if it is not provided, an e-mail within 24 hours to the Social Worker and their line manager says the contact is closed and may be resubmitted with consent.",
            seed: "003 §4.1, §4.2.1",
            ..base
        },
        OutOfAuthority => ConsentRule {
            scopes: &[ConsentScope::SupportThroughEha, ConsentScope::SharingWithThirdParty],
            without_consent: "As for any EHA: not processed, letter to the referrer within 24 hours, episode closed, EHA destroyed after 30 days.",
            seed: "003 §6.1, §6.1.1",
            ..base
        },
        InformationRequest => ConsentRule {
            scopes: &[],
            who_may_give: &[ConsentGiver::Parent, ConsentGiver::ChildOrYoungPerson],
            forms: &[ConsentForm::Written, ConsentForm::ProfessionalStatement],
            without_consent: "The RAO e-mails the professional asking them to resubmit with the appropriate consent, saying CASS will not save the request; the e-mail is saved in Case Recordings, with the CASS information request form and guidance if the form was not used.",
            exceptions_apply: true,
            seed: "002 RAO reviews requests; 002 No Consent & consent is required",
            ..base
        },
    }
}

/// Age in whole years on a day; a 29 February birthday is reached on 1 March in other years.
pub fn age_on(date_of_birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    if on < date_of_birth {
        return None;
    }
    let mut years = on.year() - date_of_birth.year();
    if (on.month(), on.day()) < (date_of_birth.month(), date_of_birth.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

/// The age at which a child may consent to an information request (seed 002 "the parent or
/// child over 16"; the issue reads it as 16 or over on the day of the request).
pub const INFORMATION_REQUEST_CONSENT_AGE: u32 = 16;

/// A proposed disclosure or consent-dependent step, as the browser or server sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosureRequest {
    pub route: ConsentRoute,
    /// The day of the request: ages are worked out on this day.
    pub on: NaiveDate,
    /// The scopes this step needs (e.g. C to share with a school).
    pub scopes_needed: Vec<ConsentScope>,
    pub consent: Option<ConsentEvidence>,
    pub exception: Option<ConsentException>,
    pub duty_manager_override: Option<DutyManagerOverride>,
    pub child_date_of_birth: Option<NaiveDate>,
}

impl DisclosureRequest {
    pub fn new(route: ConsentRoute, on: NaiveDate) -> Self {
        DisclosureRequest {
            route,
            on,
            scopes_needed: Vec::new(),
            consent: None,
            exception: None,
            duty_manager_override: None,
            child_date_of_birth: None,
        }
    }
}

/// Why a disclosure may go ahead; stored with the decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "basis", rename_all = "snake_case")]
pub enum DisclosureBasis {
    ConsentNotNeeded,
    Consent { evidence: ConsentEvidence },
    Exception { exception: ConsentException },
    DutyManagerOverride { r#override: DutyManagerOverride },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosureDecision {
    pub route: ConsentRoute,
    pub on: NaiveDate,
    pub basis: DisclosureBasis,
}

/// Checks that a disclosure has a lawful basis under the seeds' rules, and that everything
/// recorded with it (consent, exception, override) is itself valid: an invalid override is
/// refused even when consent was also given, so nothing false is stored.
pub fn check_disclosure(req: &DisclosureRequest) -> Result<DisclosureDecision, Vec<RuleViolation>> {
    let rule = consent_rule(req.route);
    let route = req.route.label().to_string();
    let mut violations = Vec::new();

    let consent_ok = req.consent.as_ref().map(|c| {
        let before = violations.len();
        check_consent(&rule, req, c, &mut violations);
        violations.len() == before
    });
    let exception_ok = req.exception.as_ref().map(|e| {
        let before = violations.len();
        if !rule.exceptions_apply {
            violations.push(RuleViolation::ExceptionNotApplicable {
                exception: e.label().to_string(),
                route: route.clone(),
            });
        } else if let ConsentException::SignificantHarmDemonstrated { agency, details } = e {
            if agency.trim().is_empty() || !long_enough(details, MIN_REASON_CHARS) {
                violations.push(RuleViolation::SignificantHarmNotDemonstrated);
            }
        }
        violations.len() == before
    });
    let override_ok = req.duty_manager_override.as_ref().map(|o| {
        let before = violations.len();
        if o.by != Role::DutyManager {
            violations.push(RuleViolation::OverrideNotByDutyManager {
                role: o.by.label().to_string(),
            });
        }
        if !long_enough(&o.reason, MIN_REASON_CHARS) {
            violations.push(RuleViolation::OverrideReasonMissing {
                min: MIN_REASON_CHARS,
            });
        }
        if !rule.duty_manager_may_override && rule.needed {
            violations.push(RuleViolation::OverrideNotAllowed {
                route: route.clone(),
                why: override_refusal(req.route).to_string(),
            });
        }
        violations.len() == before
    });
    if !violations.is_empty() {
        return Err(violations);
    }
    let basis = if !rule.needed {
        DisclosureBasis::ConsentNotNeeded
    } else if let (Some(true), Some(c)) = (consent_ok, &req.consent) {
        DisclosureBasis::Consent {
            evidence: c.clone(),
        }
    } else if let (Some(true), Some(e)) = (exception_ok, &req.exception) {
        DisclosureBasis::Exception {
            exception: e.clone(),
        }
    } else if let (Some(true), Some(o)) = (override_ok, &req.duty_manager_override) {
        DisclosureBasis::DutyManagerOverride {
            r#override: DutyManagerOverride {
                by: o.by,
                reason: o.reason.trim().to_string(),
            },
        }
    } else {
        return Err(vec![RuleViolation::DisclosureWithoutConsent { route }]);
    };
    Ok(DisclosureDecision {
        route: req.route,
        on: req.on,
        basis,
    })
}

fn override_refusal(route: ConsentRoute) -> &'static str {
    match route {
        ConsentRoute::InformationRequest => "use one of the exceptions (section 47, section 7 or 37 reports, PLO or court proceedings, demonstrated risk of significant harm); otherwise the professional must resubmit with consent (seed 002).",
        _ => "early help is offered with the family's agreement (seed 003 §1.1: information cannot be shared with agencies unless consent has been provided). If the worry is significant harm, change the level instead.",
    }
}

fn check_consent(
    rule: &ConsentRule,
    req: &DisclosureRequest,
    c: &ConsentEvidence,
    out: &mut Vec<RuleViolation>,
) {
    let route = req.route.label().to_string();
    if rule.needed && !rule.who_may_give.contains(&c.given_by) {
        let who: Vec<&str> = rule.who_may_give.iter().map(|g| g.label()).collect();
        out.push(RuleViolation::ConsentGiverNotAccepted {
            giver: c.given_by.label().to_string(),
            route: route.clone(),
            who: format!(
                "consent must come from: {}",
                who.join(" or ").to_lowercase()
            ),
        });
    }
    if !rule.forms.is_empty() && !rule.forms.contains(&c.form) {
        let accepted: Vec<&str> = rule.forms.iter().map(|f| f.label()).collect();
        out.push(RuleViolation::ConsentFormNotAccepted {
            form: c.form.label().to_string(),
            route: route.clone(),
            accepted: accepted.join(" or "),
        });
    }
    if req.route == ConsentRoute::InformationRequest
        && c.given_by == ConsentGiver::ChildOrYoungPerson
    {
        match req.child_date_of_birth.and_then(|dob| age_on(dob, req.on)) {
            None => out.push(RuleViolation::ChildDateOfBirthNeeded),
            Some(age) if age < INFORMATION_REQUEST_CONSENT_AGE => {
                out.push(RuleViolation::ChildTooYoungToConsent { age })
            }
            Some(_) => {}
        }
    }
    for scope in &req.scopes_needed {
        if !c.scopes.contains(scope) {
            out.push(RuleViolation::ConsentScopeMissing {
                scope: scope.label().to_string(),
            });
        }
    }
}

/// What a caller may be told (seed 004): without Parental Responsibility "the worker will listen
/// to and record the information", but "it will not be possible for the worker to give you any
/// information about that child or family". `None` means PR has not been asked yet.
pub fn caller_may_be_told_about_child(caller_has_pr: Option<bool>) -> bool {
    caller_has_pr == Some(true)
}

/// Refuses telling a caller about the child or family unless PR is confirmed, and refuses
/// Business Support discussing a case at all (seed 004: "Business Support workers are not
/// trained social workers and will not be able to discuss the details of your case").
pub fn check_caller_disclosure(
    staff_role: Role,
    caller_has_pr: Option<bool>,
) -> Result<(), Vec<RuleViolation>> {
    let mut v = Vec::new();
    if staff_role == Role::BusinessSupportOfficer {
        v.push(RuleViolation::BusinessSupportCannotDiscussCase);
    }
    match caller_has_pr {
        None => v.push(RuleViolation::ParentalResponsibilityNotAsked),
        Some(false) => v.push(RuleViolation::NoParentalResponsibility),
        Some(true) => {}
    }
    if v.is_empty() {
        Ok(())
    } else {
        Err(v)
    }
}

/// Seed 000 "CASS Contacts": "Additional Needs concerns with no consent will be returned to the
/// referrer asking them to gain appropriate level of consent & then resubmit to CASS (referrer
/// has relationship with family). Contact then closed." An online Request for Support in that
/// position is refused before it is sent (issue 4: "Additional Needs without consent — the
/// request cannot proceed"), so the referrer asks for consent first instead of having the
/// request returned. The rule follows the routing table: wherever `route_contact` would return
/// an online request to its referrer for consent, it cannot be sent. Complex and Significant and
/// Significant Harm go ahead without consent (a Duty Manager may override the need for it,
/// seed 004; none is needed where a child may be at risk of significant harm), and Universal
/// Plus is returned for an EHA, for which the referrer gains consent themselves.
pub fn check_online_request_consent(facts: &ContactFacts) -> Result<(), RuleViolation> {
    let route = route_contact(ContactChannel::OnlineForm, facts);
    if route.actions.contains(&Action::ReturnToReferrerToGainConsent) {
        Err(RuleViolation::OnlineRequestWithoutConsent { level: facts.level })
    } else {
        Ok(())
    }
}
