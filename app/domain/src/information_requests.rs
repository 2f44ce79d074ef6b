//! Information requests from professionals (IRR) and OFSTED suitability checks through LADO, seed
//! 002 from end to end: the Business Support check, the IRR folder (tags, urgency, "None urgent"),
//! the consent gate, the need-to-know response, sending only to a safe address, the household's
//! siblings, duplicate OFSTED checks, and each request's age and deadline.
//!
//! Pure: the day, the time and every fact looked up are arguments. The rules themselves live in
//! `rules::irr` (urgency, request depth, involvement, address kinds), `rules::consent` (route
//! `InformationRequest`: who may consent, the exceptions) and `rules::routing`
//! (`route_information_request`, `route_ofsted_suitability_check`); this module puts them in order
//! and turns their refusals into the GOV.UK error summary's shape.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::roles::{Role, RoleSet};
use crate::rules::calendar::{uk_local_time, WorkingCalendar};
use crate::rules::consent::{
    age_on, check_disclosure, ConsentEvidence, ConsentException, ConsentForm, ConsentGiver, ConsentRoute,
    DisclosureDecision, DisclosureRequest,
};
use crate::rules::irr::{
    check_response_address, irr_email_title, irr_urgency, CscInvolvement, IrrUrgency, RequestDepth, ResponseAddress,
    UrgencyCriterion,
};
use crate::rules::routing::{route_information_request, route_ofsted_suitability_check, IrrFacts, Route};
use crate::rules::timescales::{deadline, office_start, Deadline, OfficeHours, Timescale};
use crate::rules::RuleViolation;
use crate::validation::Validation;

/// Longest free text kept with a request (the professional's narrative, replies, responses).
pub const MAX_TEXT: usize = 10_000;
/// Longest short field (names, organisations, addresses).
pub const MAX_SHORT: usize = 200;

labelled_enum!(
    /// What kind of request it is.
    RequestKind {
        /// A professional's request for information (the CASS Information Requests form or an e-mail).
        Professional => "Information request from a professional",
        /// An OFSTED suitability check that LADO passed to CASS.
        OfstedSuitability => "OFSTED suitability check via LADO",
    }
);

labelled_enum!(
    /// How the request reached CASS.
    RequestChannel {
        /// The public CASS Information Requests form.
        OnlineForm => "CASS Information Requests form",
        /// An e-mail in the CASS inbox, recorded by Business Support.
        Inbox => "CASS inbox",
        /// LADO passed an OFSTED suitability check.
        Lado => "LADO",
    }
);

labelled_enum!(
    /// Where a request is (seed 002).
    RequestStatus {
        /// Business Support has not yet checked whether the child or family are known.
        AwaitingCheck => "Waiting for the Business Support check",
        /// Business Support answered (not known, or a level 1 request).
        AnsweredByBusinessSupport => "Answered by Business Support",
        /// Saved in the case notes; the allocated worker and their Team Manager respond.
        WithAllocatedWorker => "With the allocated worker and their Team Manager",
        /// In the Information Requests (IRR) folder for an RAO.
        InIrrFolder => "In the IRR folder",
        /// Done: a response sent, or the professional asked to resubmit with consent.
        Actioned => "Actioned",
    }
);

labelled_enum!(
    /// How an actioned request ended.
    RequestOutcome {
        NotKnownReply => "Business Support replied: not known to Children's Social Care",
        LevelOneReply => "Business Support answered the level 1 request",
        PassedToAllocatedWorker => "Passed to the allocated worker and their Team Manager",
        ResponseSent => "Response sent",
        ResubmitWithConsentRequested => "Asked to resubmit with consent",
        OfstedResponseSent => "Response sent to OFSTED",
    }
);

macro_rules! slugs {
    ($t:ty { $($var:ident => $slug:literal),* $(,)? }) => {
        impl $t {
            /// The value stored in the database and sent by forms.
            pub fn slug(self) -> &'static str { match self { $(<$t>::$var => $slug),* } }
            pub fn from_slug(s: &str) -> Option<$t> { <$t>::ALL.iter().copied().find(|v| v.slug() == s) }
        }
    };
}

slugs!(RequestKind { Professional => "professional", OfstedSuitability => "ofsted_suitability" });
slugs!(RequestChannel { OnlineForm => "online_form", Inbox => "inbox", Lado => "lado" });
slugs!(RequestStatus {
    AwaitingCheck => "awaiting_check",
    AnsweredByBusinessSupport => "answered_by_business_support",
    WithAllocatedWorker => "with_allocated_worker",
    InIrrFolder => "in_irr_folder",
    Actioned => "actioned",
});
slugs!(RequestOutcome {
    NotKnownReply => "not_known_reply",
    LevelOneReply => "level_one_reply",
    PassedToAllocatedWorker => "passed_to_allocated_worker",
    ResponseSent => "response_sent",
    ResubmitWithConsentRequested => "resubmit_with_consent_requested",
    OfstedResponseSent => "ofsted_response_sent",
});

// --- who does what ---

/// Business Support checks CF and answers level 1 and "not known" requests; RAOs may do it too.
pub fn may_check(roles: &[Role]) -> bool {
    roles.has_role(Role::BusinessSupportOfficer) || roles.has_role(Role::ReferralAndAdviceOfficer)
}

/// RAOs have access to the IRR folder, tag requests and respond (seed 002).
pub fn may_work_folder(roles: &[Role]) -> bool {
    roles.has_role(Role::ReferralAndAdviceOfficer)
}

/// A CASS Team Manager agrees the level of information shared, when the RAO asks.
pub fn may_agree(roles: &[Role]) -> bool {
    roles.has_role(Role::TeamManager)
}

/// LADO passes OFSTED suitability checks to CASS.
pub fn may_pass_ofsted_check(roles: &[Role]) -> bool {
    roles.has_role(Role::Lado)
}

/// Who may read the folder and requests: those who work them and LADO (for its checks).
pub fn may_read(roles: &[Role]) -> bool {
    may_check(roles) || may_work_folder(roles) || may_agree(roles) || may_pass_ofsted_check(roles)
}

// --- intake ---

/// What a professional (or Business Support, from an e-mail) records about a request. Fields are
/// as typed; `check_intake` says what is missing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IntakeForm {
    pub requester_name: String,
    pub requester_organisation: String,
    /// The requester's own e-mail address.
    pub requester_email: String,
    pub requester_phone: String,
    pub child_name: String,
    /// `YYYY-MM-DD`, or empty when not known.
    pub child_date_of_birth: String,
    pub child_address: String,
    pub family_details: String,
    pub information_needed: String,
    pub reason: String,
    /// The professional says the request is urgent.
    pub said_urgent: bool,
    pub urgency_reason: String,
    /// `UrgencyCriterion` slugs the professional says hold.
    pub urgency_criteria: Vec<String>,
    /// `consent_given`, `exception` or `none`.
    pub consent: String,
    /// `parent` or `child_or_young_person` (who gave consent).
    pub consent_given_by: String,
    /// `written` or `professional_statement`.
    pub consent_form: String,
    /// `section47_enquiry`, `section7_or37_report`, `plo_or_court_proceedings` or
    /// `significant_harm_demonstrated`.
    pub exception: String,
    /// What the professional showed (for a demonstrated risk of significant harm).
    pub exception_details: String,
}

pub fn criterion_slug(c: UrgencyCriterion) -> &'static str {
    match c {
        UrgencyCriterion::OtherLaStrategyDiscussion => "other_la_strategy_discussion",
        UrgencyCriterion::CourtProceedingsOrCpEnquiry => "court_proceedings_or_cp_enquiry",
        UrgencyCriterion::ProbationReleasingPrisoner => "probation_releasing_prisoner",
        UrgencyCriterion::SignificantHarmIfDelayed => "significant_harm_if_delayed",
    }
}

pub fn criterion_from_slug(s: &str) -> Option<UrgencyCriterion> {
    UrgencyCriterion::ALL.into_iter().find(|c| criterion_slug(*c) == s)
}

pub const EXCEPTIONS: [(&str, &str); 4] = [
    ("section47_enquiry", "A local authority is undertaking a section 47 enquiry"),
    ("section7_or37_report", "CAFCASS or a local authority is writing a section 7 or section 37 report"),
    ("plo_or_court_proceedings", "The family is in pre-proceedings (PLO) or court proceedings"),
    ("significant_harm_demonstrated", "I can show that a child may be at risk of significant harm"),
];

/// The exception a form's fields name, if any.
pub fn exception_from(slug: &str, agency: &str, details: &str) -> Option<ConsentException> {
    match slug {
        "section47_enquiry" => Some(ConsentException::Section47Enquiry),
        "section7_or37_report" => Some(ConsentException::Section7Or37Report),
        "plo_or_court_proceedings" => Some(ConsentException::PloOrCourtProceedings),
        "significant_harm_demonstrated" => Some(ConsentException::SignificantHarmDemonstrated {
            agency: agency.trim().to_string(),
            details: details.trim().to_string(),
        }),
        _ => None,
    }
}

pub fn giver_from_slug(s: &str) -> Option<ConsentGiver> {
    match s {
        "parent" => Some(ConsentGiver::Parent),
        "carer" => Some(ConsentGiver::Carer),
        "child_or_young_person" => Some(ConsentGiver::ChildOrYoungPerson),
        _ => None,
    }
}

pub fn consent_form_from_slug(s: &str) -> Option<ConsentForm> {
    match s {
        "written" => Some(ConsentForm::Written),
        "professional_statement" => Some(ConsentForm::ProfessionalStatement),
        "verbal" => Some(ConsentForm::Verbal),
        _ => None,
    }
}

/// A plausible e-mail address: one `@`, something either side, a dot in the domain, no spaces.
pub fn looks_like_email(s: &str) -> bool {
    let s = s.trim();
    let mut parts = s.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(char::is_whitespace)
        }
        _ => false,
    }
}

pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

fn text(v: &mut Validation, field: &str, value: &str, max: usize, missing: &str) {
    if value.trim().is_empty() {
        v.add(field, missing);
    } else if value.chars().count() > max {
        v.add(field, format!("Must be {max} characters or fewer"));
    }
}

/// Checks the intake: who is asking (with their own e-mail), the child, what and why, and the
/// consent evidence or exception as the professional states it. Whether that consent is enough
/// is the consent gate's question, asked by the RAO; here only its completeness is checked.
pub fn check_intake(f: &IntakeForm, today: NaiveDate) -> Validation {
    let mut v = Validation::new();
    text(&mut v, "requester_name", &f.requester_name, MAX_SHORT, "Enter your name");
    text(&mut v, "requester_organisation", &f.requester_organisation, MAX_SHORT, "Enter your organisation");
    if f.requester_email.trim().is_empty() {
        v.add("requester_email", "Enter your own work e-mail address");
    } else if !looks_like_email(&f.requester_email) || f.requester_email.len() > MAX_SHORT {
        v.add("requester_email", "Enter an e-mail address in the correct format, like name@example.org");
    }
    v.check(f.requester_phone.chars().count() > MAX_SHORT, "requester_phone", format!("Must be {MAX_SHORT} characters or fewer"));
    text(&mut v, "child_name", &f.child_name, MAX_SHORT, "Enter the child's full name");
    if !f.child_date_of_birth.trim().is_empty() {
        match parse_date(&f.child_date_of_birth) {
            None => v.add("child_date_of_birth", "Enter the date of birth as a real date"),
            Some(d) if d > today => v.add("child_date_of_birth", "Date of birth must be in the past"),
            Some(_) => {}
        }
    }
    v.check(f.child_address.chars().count() > MAX_SHORT, "child_address", format!("Must be {MAX_SHORT} characters or fewer"));
    v.check(f.family_details.chars().count() > MAX_TEXT, "family_details", format!("Must be {MAX_TEXT} characters or fewer"));
    text(&mut v, "information_needed", &f.information_needed, MAX_TEXT, "Enter what information you need");
    text(&mut v, "reason", &f.reason, MAX_TEXT, "Enter why you need it");
    if f.said_urgent {
        text(&mut v, "urgency_reason", &f.urgency_reason, MAX_TEXT, "Enter why the request is urgent");
    }
    for c in &f.urgency_criteria {
        v.check(criterion_from_slug(c).is_none(), "urgency_criteria", "Choose the urgency reasons from the list");
    }
    match f.consent.as_str() {
        "consent_given" => {
            v.check(giver_from_slug(&f.consent_given_by).is_none(), "consent_given_by", "Choose who gave consent");
            v.check(consent_form_from_slug(&f.consent_form).is_none(), "consent_form", "Choose how consent was given");
        }
        "exception" => {
            if exception_from(&f.exception, "", "").is_none() {
                v.add("exception", "Choose why consent is not needed");
            } else if f.exception == "significant_harm_demonstrated" {
                text(&mut v, "exception_details", &f.exception_details, MAX_TEXT, "Say how a child may be at risk of significant harm");
            }
        }
        "none" => {}
        _ => v.add("consent", "Say whether consent has been given"),
    }
    v
}

/// The CASS Information Requests form's questions and guidance, as text for an e-mail to a
/// professional who did not use the form (seed 002 "No Consent & consent is required").
pub fn form_and_guidance_text() -> String {
    let mut out = String::from("CASS Information Requests form\n\nPlease give all of these details again:\n");
    for q in [
        "Your name, organisation and your own work e-mail address (not a shared mailbox)",
        "The child's full name, date of birth and address, and the family members",
        "What information you need, and why",
        "If the request is urgent, why",
        "Consent: written consent, or your statement that consent has been gained, from a parent, or from the young person if they are 16 or over on the day of the request; or the reason consent is not needed",
    ] {
        out.push_str("- ");
        out.push_str(q);
        out.push('\n');
    }
    out.push_str("\nGuidance\n");
    out.push_str("Consent is not needed when a local authority is undertaking a section 47 enquiry, when CAFCASS or a local authority is writing a section 7 or section 37 report, in pre-proceedings (PLO) or court proceedings, or when you can show that a child may be at risk of significant harm.\n");
    out.push_str("A request is urgent only when another local authority is waiting for the information to hold a section 47 strategy discussion; the information is urgently needed for court proceedings or a child protection enquiry; probation is releasing a prisoner to an address and they may pose a risk to children; or a child may be at risk of significant harm unless you receive it promptly.\n");
    out.push_str("Responses are sent only to your own e-mail address or to a secure generic address.");
    out
}

// --- urgency ---

/// Urgent only when one of seed 002's four criteria holds, whatever the professional said; a
/// request that is not urgent has "None urgent" put in its title and is dealt with in turn.
pub fn urgency_and_title(subject: &str, criteria: &[UrgencyCriterion]) -> (IrrUrgency, String) {
    let urgency = irr_urgency(criteria);
    // Every request that is not urgent is marked, not only those the professional called urgent:
    // the folder is worked urgent first, and the mark is how the queue says "in turn".
    let title = irr_email_title(subject, true, &urgency);
    (urgency, title)
}

/// The RAO's confirmation of urgency: the criteria they find hold (any the professional gave
/// that the RAO does not confirm are dropped).
pub fn criteria_from_slugs(slugs: &[String]) -> Vec<UrgencyCriterion> {
    let mut c: Vec<UrgencyCriterion> = slugs.iter().filter_map(|s| criterion_from_slug(s)).collect();
    c.sort();
    c.dedup();
    c
}

// --- the Business Support check ---

/// What Business Support found and how much the professional wants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckOutcome {
    pub status: RequestStatus,
    pub outcome: Option<RequestOutcome>,
    /// The request is saved into the case notes of the child (and siblings).
    pub save_to_case_notes: bool,
    /// The allocated worker and their Team Manager are told to respond.
    pub notify_allocated_worker: bool,
    pub route: Route,
}

/// Seed 002 "IRR received in CASS inbox". `reply` is Business Support's answer for "not known"
/// and level 1 requests (the allocated worker, how to contact them, or when the case closed).
pub fn business_support_check(involvement: CscInvolvement, depth: RequestDepth, reply: &str) -> Result<CheckOutcome, Validation> {
    let route = route_information_request(&IrrFacts { involvement, depth, consent_ok: None });
    let mut v = Validation::new();
    let answered_by_bs = involvement == CscInvolvement::NotKnown || depth == RequestDepth::LevelOne;
    if answered_by_bs {
        text(&mut v, "reply", reply, MAX_TEXT, "Enter the reply to the professional");
    }
    if !v.is_ok() {
        return Err(v);
    }
    Ok(match (involvement, depth) {
        (CscInvolvement::NotKnown, _) => CheckOutcome {
            status: RequestStatus::Actioned,
            outcome: Some(RequestOutcome::NotKnownReply),
            save_to_case_notes: false,
            notify_allocated_worker: false,
            route,
        },
        (_, RequestDepth::LevelOne) => CheckOutcome {
            status: RequestStatus::Actioned,
            outcome: Some(RequestOutcome::LevelOneReply),
            save_to_case_notes: false,
            notify_allocated_worker: false,
            route,
        },
        (CscInvolvement::OpenWithAllocatedWorker, RequestDepth::Detailed) => CheckOutcome {
            status: RequestStatus::WithAllocatedWorker,
            outcome: Some(RequestOutcome::PassedToAllocatedWorker),
            save_to_case_notes: true,
            notify_allocated_worker: true,
            route,
        },
        (CscInvolvement::ClosedWithHistory, RequestDepth::Detailed) => CheckOutcome {
            status: RequestStatus::InIrrFolder,
            outcome: None,
            save_to_case_notes: false,
            notify_allocated_worker: false,
            route,
        },
    })
}

pub fn involvement_from_slug(s: &str) -> Option<CscInvolvement> {
    match s {
        "not_known" => Some(CscInvolvement::NotKnown),
        "open_with_allocated_worker" => Some(CscInvolvement::OpenWithAllocatedWorker),
        "closed_with_history" => Some(CscInvolvement::ClosedWithHistory),
        _ => None,
    }
}

pub fn depth_from_slug(s: &str) -> Option<RequestDepth> {
    match s {
        "level_one" => Some(RequestDepth::LevelOne),
        "detailed" => Some(RequestDepth::Detailed),
        _ => None,
    }
}

// --- the IRR folder: tags ---

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum TagRefusal {
    #[error("This request is not in the IRR folder")]
    NotInFolder,
    #[error("{holder} is already working on this request")]
    TaggedByAnother { holder: String },
    #[error("Only Referral and Advice Officers tag requests in the IRR folder")]
    NotAnRao,
}

/// An RAO tags a request as theirs; no two RAOs on one request. Tagging one's own again is fine.
pub fn check_tag(roles: &[Role], status: RequestStatus, holder: Option<(&str, &str)>, me: &str) -> Result<(), TagRefusal> {
    if !may_work_folder(roles) {
        return Err(TagRefusal::NotAnRao);
    }
    if status != RequestStatus::InIrrFolder {
        return Err(TagRefusal::NotInFolder);
    }
    match holder {
        Some((id, name)) if id != me => Err(TagRefusal::TaggedByAnother { holder: name.to_string() }),
        _ => Ok(()),
    }
}

/// Only the RAO who tagged a request works it (compiles, asks a TM, sends, marks actioned).
pub fn check_holder(status: RequestStatus, holder: Option<(&str, &str)>, me: &str) -> Result<(), TagRefusal> {
    if status != RequestStatus::InIrrFolder {
        return Err(TagRefusal::NotInFolder);
    }
    match holder {
        Some((id, _)) if id == me => Ok(()),
        Some((_, name)) => Err(TagRefusal::TaggedByAnother { holder: name.to_string() }),
        None => Err(TagRefusal::TaggedByAnother { holder: "Nobody".to_string() }),
    }
}

/// Folder order: urgent first, then the oldest first (dealt with in turn).
pub fn folder_order<T>(items: &mut [T], urgent: impl Fn(&T) -> bool, received: impl Fn(&T) -> DateTime<Utc>) {
    items.sort_by(|a, b| urgent(b).cmp(&urgent(a)).then(received(a).cmp(&received(b))));
}

// --- the consent gate ---

/// What the RAO records about consent (from the request's evidence, checked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsentRecord {
    Given { given_by: ConsentGiver, form: ConsentForm },
    Exception(ConsentException),
    NoConsent,
}

/// The gate's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GateOutcome {
    /// Consent given, or not required under an exception: compile the response.
    Proceed(DisclosureDecision),
    /// Consent is required and there is none that counts (none given, or given by someone who
    /// cannot consent): the professional is asked to resubmit. The reasons say why.
    ResubmitWithConsent { reasons: Vec<String> },
}

/// Seed 002's consent rule through `check_disclosure` (route `InformationRequest`). Ages are
/// worked out on the day of the request, so a child who turns 16 that day may consent. Missing
/// facts the RAO can supply (a date of birth, what a professional showed) are errors to fix,
/// not a reason to turn the professional away.
pub fn consent_gate(record: &ConsentRecord, request_day: NaiveDate, child_date_of_birth: Option<NaiveDate>) -> Result<GateOutcome, Validation> {
    let mut req = DisclosureRequest::new(ConsentRoute::InformationRequest, request_day);
    req.child_date_of_birth = child_date_of_birth;
    match record {
        ConsentRecord::Given { given_by, form } => {
            req.consent = Some(ConsentEvidence { given_by: *given_by, form: *form, scopes: Vec::new() });
        }
        ConsentRecord::Exception(e) => req.exception = Some(e.clone()),
        ConsentRecord::NoConsent => {}
    }
    match check_disclosure(&req) {
        Ok(d) => Ok(GateOutcome::Proceed(d)),
        Err(violations) => {
            let mut v = Validation::new();
            let mut reasons = Vec::new();
            for r in violations {
                match r {
                    RuleViolation::ChildDateOfBirthNeeded => v.add("child_date_of_birth", r.to_string()),
                    RuleViolation::SignificantHarmNotDemonstrated => v.add("exception_details", r.to_string()),
                    other => reasons.push(other.to_string()),
                }
            }
            if v.is_ok() {
                Ok(GateOutcome::ResubmitWithConsent { reasons })
            } else {
                Err(v)
            }
        }
    }
}

/// The consent record a request's stored evidence describes.
pub fn consent_record(consent: &str, given_by: &str, form: &str, exception: &str, agency: &str, details: &str) -> ConsentRecord {
    match consent {
        "consent_given" => match (giver_from_slug(given_by), consent_form_from_slug(form)) {
            (Some(given_by), Some(form)) => ConsentRecord::Given { given_by, form },
            _ => ConsentRecord::NoConsent,
        },
        "exception" => exception_from(exception, agency, details).map(ConsentRecord::Exception).unwrap_or(ConsentRecord::NoConsent),
        _ => ConsentRecord::NoConsent,
    }
}

/// Whether the child could consent on the day (16 or over on that day).
pub fn child_may_consent(date_of_birth: NaiveDate, on: NaiveDate) -> bool {
    age_on(date_of_birth, on).is_some_and(|a| a >= crate::rules::consent::INFORMATION_REQUEST_CONSENT_AGE)
}

// --- the need-to-know response ---

labelled_enum!(
    /// The key events a response may list with their dates (seed 002).
    KeyEventKind {
        Assessment => "Assessment",
        ChildProtectionPlan => "Child protection plan",
        Section47Enquiry => "Section 47 enquiry",
        ChildInNeedPlan => "Child in need plan",
        StrategyDiscussion => "Strategy discussion",
        Contact => "Contact",
    }
);

/// One dated line of the recorded history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyEvent {
    pub kind: KeyEventKind,
    pub on: NaiveDate,
    /// A few words (for example "closed: no further action"); never the content of an assessment.
    pub note: String,
}

/// A period of involvement with Children's Social Care as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvolvementPeriod {
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
}

/// What the recorded history says, gathered on the server.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedHistory {
    pub periods: Vec<InvolvementPeriod>,
    pub events: Vec<KeyEvent>,
}

fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// The period of involvement in words ("3 March 2019 to 1 June 2021").
pub fn period_text(h: &RecordedHistory) -> String {
    let mut periods = h.periods.clone();
    periods.sort_by_key(|p| p.opened_on);
    periods
        .iter()
        .map(|p| match p.closed_on {
            Some(c) => format!("{} to {}", long_date(p.opened_on), long_date(c)),
            None => format!("{} to date", long_date(p.opened_on)),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The key events, oldest first, one a line ("Assessment: 4 March 2019").
pub fn key_events_text(h: &RecordedHistory) -> String {
    let mut events = h.events.clone();
    events.sort_by_key(|e| e.on);
    events
        .iter()
        .map(|e| {
            if e.note.trim().is_empty() {
                format!("{}: {}", e.kind.label(), long_date(e.on))
            } else {
                format!("{}: {} ({})", e.kind.label(), long_date(e.on), e.note.trim())
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The RAO's response, as compiled on the request page (starting from the recorded history).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseDraft {
    pub period: String,
    /// The reasons for involvement, for example "Neglect".
    pub reasons: String,
    pub key_events: String,
    /// The professional asked for detail inside an assessment: give the Disclosures Team's address.
    pub wants_assessment_detail: bool,
}

/// Checks the draft and writes the response's need-to-know text. `disclosures_address` is the
/// Disclosures Team's e-mail address (data); it is required when detail inside an assessment is
/// wanted.
pub fn compile_response(d: &ResponseDraft, disclosures_address: &str) -> Result<String, Validation> {
    let mut v = Validation::new();
    text(&mut v, "period", &d.period, MAX_TEXT, "Enter the period of involvement with Children's Social Care");
    text(&mut v, "reasons", &d.reasons, MAX_TEXT, "Enter the reasons for involvement, for example neglect");
    v.check(d.key_events.chars().count() > MAX_TEXT, "key_events", format!("Must be {MAX_TEXT} characters or fewer"));
    if d.wants_assessment_detail && disclosures_address.trim().is_empty() {
        v.add("wants_assessment_detail", "The Disclosures Team's address is not set: an administrator sets it under Public pages");
    }
    if !v.is_ok() {
        return Err(v);
    }
    let mut out = format!(
        "Period of involvement with Children's Social Care: {}\nReasons for involvement: {}",
        d.period.trim(),
        d.reasons.trim()
    );
    if !d.key_events.trim().is_empty() {
        out.push_str("\nKey information:\n");
        out.push_str(d.key_events.trim());
    }
    if d.wants_assessment_detail {
        out.push_str(&format!(
            "\nFor details within an assessment, please contact the Disclosures Team at {} to book an appointment to view the file.",
            disclosures_address.trim()
        ));
    }
    Ok(out)
}

/// A Team Manager's agreement of what is shared: who (a TM) and what they said.
pub fn check_agreement(roles: &[Role], note: &str) -> Validation {
    let mut v = Validation::new();
    v.check(!may_agree(roles), "agreement", "Only a CASS Team Manager can agree what is shared");
    text(&mut v, "agreement", note, MAX_TEXT, "Enter what you agree may be shared");
    v
}

// --- sending safely (GDPR) ---

/// The secure generic addresses and domains an administrator keeps (one a line; `@domain` or a
/// bare domain for a whole domain, a full address for one mailbox; `#` starts a comment).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecureList {
    pub domains: Vec<String>,
    pub addresses: Vec<String>,
}

impl SecureList {
    /// Parses the administrator's text; each bad line is reported with its number.
    pub fn parse(text: &str) -> Result<SecureList, Validation> {
        let mut list = SecureList::default();
        let mut v = Validation::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim().to_lowercase();
            if line.is_empty() {
                continue;
            }
            if line.contains('@') && !line.starts_with('@') {
                if looks_like_email(&line) {
                    list.addresses.push(line);
                } else {
                    v.add("entries", format!("Line {}: “{}” is not an e-mail address", i + 1, raw.trim()));
                }
            } else {
                let d = line.trim_start_matches('@').to_string();
                if d.contains('.') && !d.contains(char::is_whitespace) && !d.starts_with('.') && !d.ends_with('.') && !d.contains('@') {
                    list.domains.push(d);
                } else {
                    v.add("entries", format!("Line {}: “{}” is not a domain or an e-mail address", i + 1, raw.trim()));
                }
            }
        }
        if v.is_ok() {
            list.domains.sort();
            list.domains.dedup();
            list.addresses.sort();
            list.addresses.dedup();
            Ok(list)
        } else {
            Err(v)
        }
    }

    pub fn is_secure(&self, address: &str) -> bool {
        let a = address.trim().to_lowercase();
        if self.addresses.contains(&a) {
            return true;
        }
        let Some((_, domain)) = a.rsplit_once('@') else { return false };
        self.domains.iter().any(|d| domain == d || domain.ends_with(&format!(".{d}")))
    }
}

/// Whether the address the response would go to is the requester's own or a generic mailbox.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AddressKind {
    RequestersOwn,
    Generic,
}

impl AddressKind {
    pub fn from_slug(s: &str) -> Option<AddressKind> {
        match s {
            "requesters_own" => Some(AddressKind::RequestersOwn),
            "generic" => Some(AddressKind::Generic),
            _ => None,
        }
    }
}

/// Seed 002 "RAO sends information": only to the requester's own address, or to a generic
/// address on the secure list. A non-secure generic address blocks sending until the requester's
/// own address is obtained (field `send_to`).
pub fn check_send_address(to: &str, kind: Option<AddressKind>, list: &SecureList) -> Result<ResponseAddress, Validation> {
    let mut v = Validation::new();
    if !looks_like_email(to) {
        v.add("send_to", "Enter the e-mail address the response goes to, like name@example.org");
        return Err(v);
    }
    let address = match kind {
        None => {
            v.add("address_kind", "Say whether this is the requester's own address or a generic one");
            return Err(v);
        }
        Some(AddressKind::RequestersOwn) => ResponseAddress::RequestersOwn,
        Some(AddressKind::Generic) if list.is_secure(to) => ResponseAddress::SecureGeneric,
        Some(AddressKind::Generic) => ResponseAddress::NonSecureGeneric,
    };
    match check_response_address(address) {
        Ok(()) => Ok(address),
        Err(violations) => {
            for r in violations {
                v.add("send_to", r.to_string());
            }
            Err(v)
        }
    }
}

// --- the household ---

/// Someone the person index links to the child, as the server found them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relative {
    pub person_id: String,
    /// `domain::people::RelationshipKind` slug, or `same_address` for someone recorded at the
    /// child's address with no relationship.
    pub kind: String,
    pub household_member: bool,
    pub date_of_birth: Option<NaiveDate>,
}

/// The children of the household a request and its response are saved on (seed 002: "all
/// siblings within the household"): the child, siblings who live with them, and other children
/// recorded at the same address. Adults (18 or over on the day) and the child's parents and
/// carers are left out.
pub fn household_children(child_id: &str, relatives: &[Relative], on: NaiveDate) -> Vec<String> {
    let adult_kinds = ["parent", "step_parent", "carer", "grandparent"];
    let mut out = vec![child_id.to_string()];
    let is_adult = |r: &Relative| r.date_of_birth.and_then(|d| age_on(d, on)).is_some_and(|a| a >= 18);
    for r in relatives {
        let sibling = matches!(r.kind.as_str(), "sibling" | "half_sibling" | "step_sibling") && r.household_member;
        let same_address = r.kind == "same_address";
        let excluded = relatives.iter().any(|o| o.person_id == r.person_id && adult_kinds.contains(&o.kind.as_str()));
        if (sibling || same_address) && !excluded && !is_adult(r) && !out.contains(&r.person_id) {
            out.push(r.person_id.clone());
        }
    }
    out
}

// --- OFSTED suitability checks ---

/// What identifies the person an OFSTED suitability check is about.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfstedSubject {
    /// OFSTED's reference for the application (URN or similar).
    pub ofsted_reference: String,
    pub applicant_name: String,
    pub applicant_date_of_birth: Option<NaiveDate>,
}

/// An earlier check, with CASS's response if one was given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierCheck {
    pub request_id: String,
    pub subject: OfstedSubject,
    pub received_at: DateTime<Utc>,
    pub response: Option<String>,
    pub responded_at: Option<DateTime<Utc>>,
}

fn normal_name(s: &str) -> String {
    s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>().join(" ")
}

/// The same check again: the same OFSTED reference, or the same applicant (name and date of birth).
pub fn same_ofsted_check(a: &OfstedSubject, b: &OfstedSubject) -> bool {
    let (ra, rb) = (a.ofsted_reference.trim().to_lowercase(), b.ofsted_reference.trim().to_lowercase());
    if !ra.is_empty() && ra == rb {
        return true;
    }
    a.applicant_date_of_birth.is_some()
        && a.applicant_date_of_birth == b.applicant_date_of_birth
        && !normal_name(&a.applicant_name).is_empty()
        && normal_name(&a.applicant_name) == normal_name(&b.applicant_name)
}

/// Seed 002: OFSTED sometimes sends duplicates; the earlier check is shown (answered ones first,
/// then the most recent) so LADO can tell OFSTED a response has already been given.
pub fn find_duplicate<'a>(subject: &OfstedSubject, earlier: &'a [EarlierCheck]) -> Option<&'a EarlierCheck> {
    earlier
        .iter()
        .filter(|e| same_ofsted_check(subject, &e.subject))
        .max_by(|a, b| a.response.is_some().cmp(&b.response.is_some()).then(a.received_at.cmp(&b.received_at)))
}

/// The route for a new OFSTED check given what is already recorded.
pub fn ofsted_route(duplicate: Option<&EarlierCheck>) -> Route {
    route_ofsted_suitability_check(duplicate.is_some_and(|d| d.response.is_some()))
}

/// Checks LADO's form.
pub fn check_ofsted_subject(s: &OfstedSubject, child_name: &str) -> Validation {
    let mut v = Validation::new();
    text(&mut v, "applicant_name", &s.applicant_name, MAX_SHORT, "Enter the applicant's full name");
    v.check(s.ofsted_reference.chars().count() > MAX_SHORT, "ofsted_reference", format!("Must be {MAX_SHORT} characters or fewer"));
    text(&mut v, "child_name", child_name, MAX_SHORT, "Enter the name of the child or family member known to Children's Social Care");
    v
}

// --- timeliness ---

/// The timescale a request runs on.
pub fn timescale_for(kind: RequestKind, urgent: bool) -> Timescale {
    match (kind, urgent) {
        (RequestKind::OfstedSuitability, _) => Timescale::OfstedSuitabilityResponse,
        (_, true) => Timescale::IrrUrgentResponse,
        (_, false) => Timescale::IrrResponse,
    }
}

/// The stored deadline of a request received at `received` (UTC), from the working-day calendar.
pub fn request_deadline(kind: RequestKind, urgent: bool, received: DateTime<Utc>, cal: &WorkingCalendar, hours: &OfficeHours) -> Deadline {
    let local = uk_local_time(received);
    deadline(timescale_for(kind, urgent), office_start(local, cal, hours), cal, hours)
}

/// A request's age as shown: hours when urgent, working days otherwise.
pub fn age_text(urgent: bool, received: DateTime<Utc>, now: DateTime<Utc>, cal: &WorkingCalendar) -> String {
    if urgent {
        let h = (now - received).num_hours().max(0);
        plural(h, "hour")
    } else {
        let d = cal.working_days_between(uk_local_time(received).date(), uk_local_time(now).date()).max(0);
        plural(d, "working day")
    }
}

/// The deadline as shown: for urgent requests the hours left or overdue.
pub fn due_text(urgent: bool, due_local: NaiveDateTime, now: DateTime<Utc>) -> String {
    let now_local = uk_local_time(now);
    let when = local_date_time(due_local);
    if urgent {
        let mins = (due_local - now_local).num_minutes();
        if mins >= 0 {
            format!("{when} (in {})", plural((mins + 59) / 60, "hour"))
        } else {
            format!("{when} (overdue by {})", plural((-mins + 59) / 60, "hour"))
        }
    } else if due_local < now_local {
        format!("{when} (overdue)")
    } else {
        when
    }
}

/// "2 March 2026 at 1:05pm" for a UK local time.
pub fn local_date_time(t: NaiveDateTime) -> String {
    let ampm = if t.format("%P").to_string() == "am" { "am" } else { "pm" };
    format!("{} at {}:{}{}", t.format("%-d %B %Y"), t.format("%-I"), t.format("%M"), ampm)
}

fn plural(n: i64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

#[cfg(test)]
mod tests;
