//! Routing (issue 3 point 4): for each channel and level, the next worklist, the actions, the
//! letters and whether the contact closes, as seeds 000, 001 and 002 say. docs/RULES.md has the
//! same table in prose; each `Route` carries the seed section it comes from.
//!
//! A route is the *next step*. Where the seeds describe a later stage that depends on what
//! happens next (an Early Help RAO reaching the parent, say), the facts include that outcome
//! and routing is asked again.

use chrono::{NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

use super::irr::{CscInvolvement, RequestDepth};
use super::threshold::Level;
use super::timescales::Timescale;
use super::violation::RuleViolation;

labelled_enum! {
    /// Where work goes next, in the seeds' words.
    Worklist {
        CassTeamManager => "CASS Team Manager / Senior Practitioner worklist",
        RaoAdminBox => "RAO ADMIN box",
        CassReferralAndAdviceOfficer => "CASS Referral and Advice Officer",
        CassSocialWorker => "CASS Social Worker",
        CassTeamLeader => "CASS Team Leader",
        CpWorklist => "CP worklist (CP Desk) for a strategy discussion",
        AstiTeam => "ASTI Team in MASH for a Family Assessment",
        EarlyHelpManagersWorklist => "CASS Early Help Manager's worklist",
        EhfsTeamDesktop => "EHFS Team Desktop",
        EarlyHelpReferralAndAdviceOfficer => "Early Help Referral and Advice Officer",
        EarlyHelpTeamLeader => "Early Help Team Leader",
        AreaFamilySupportTeam => "area Family Support Team",
        ThinkFamilyTeam => "Think Family Team",
        AllocatedWorker => "the allocated worker and their Team Manager",
        IrrFolder => "Information Requests (IRR) folder",
        EarlyHelpTriage => "Early Help desk Triage worktray (Senior Early Help Coordinator)",
        EarlyHelpTriageSupport => "Early Help desk Triage Support worktray (Business Support)",
        CogTeam => "COG Team worktray (chosen by the child's postcode)",
        FstGroup => "Family Solutions Team (FST) Group",
        MashTeam => "MASH Team (Children's Social Care)",
    }
}

labelled_enum! {
    /// A step someone takes.
    Action {
        // seed 000 CASS Inbox: Business Support filter
        RedirectToAllocatedWorker => "Business Support redirects the e-mail to the allocated worker of the open case; no CASS contact is created",
        SignpostNotForCass => "Business Support signposts the sender elsewhere: the request is not for CASS",
        ReviewWhetherContactNeeded => "An RAO or CASS TM/SP reviews whether a contact needs to be created (the child or a sibling was open in the last 4 weeks)",
        GroupSiblings => "Group siblings",
        CreateContact => "Create a contact for the Request for Support",
        InitialRhrtAnalysis => "CASS TM/SP analyses the Request for Support using RHRT and reassigns the contact at the appropriate level",
        // seed 000 CASS Contacts and levels
        ReturnToReferrerForMoreInformation => "Return to the referrer asking them to resubmit with more information",
        CopyToPartnerInCass => "Send a copy of the response to the Partner in CASS",
        AdviseAndSignpost => "Give advice and, if necessary, direct to the service that can best meet the needs",
        ReturnToReferrerToUndertakeEha => "Return to the referrer asking them to undertake an Early Help Assessment, gaining consent from the parent if not already given",
        ReturnToReferrerToGainConsent => "Return to the referrer asking them to gain the appropriate level of consent and resubmit to CASS",
        EhRaoContactsParentForConsent => "Early Help RAO follows the rationale's instructions and contacts the parent to gain consent: A (support through an EHA), B (support from a single agency), C (sharing with a third party)",
        RequestPartnerAgencyEha => "With consent A: ask an appropriate partner agency to undertake an Early Help Assessment",
        SendSignpostingToSingleAgency => "With consent B: send signposting information to the single agency",
        ShareWithAgreedAgency => "With consent C: share information with the agreed agency",
        EarlyHelpManagerReviews => "The CASS Early Help Manager reviews the case (if Complex and Significant, discusses with the TM/SP and, if agreed, reassigns to a CASS Social Worker; if Universal Plus, adds actions and reassigns to an RAO)",
        AllocateToFamilySupportOrThinkFamily => "With consent, allocate to an area Family Support Team or the Think Family Team",
        EmailRaoAdminBoxForPartnerChecks => "TM/SP e-mails the RAO ADMIN box: RAOs complete partner checks and update Eclipse relationships",
        SwReviewsHistoryAndChecks => "CASS Social Worker follows the TM/SP's instructions: reviews the Request for Support and previous history, checks with partner agencies, calls parents and referrers as necessary",
        SwSendsRationaleToTeamManager => "Social Worker adds their rationale and sends to a CASS Team Manager for review and recommendation",
        TmSendsToAstiForFamilyAssessment => "If in agreement, the Team Manager sends to the ASTI Team in MASH to progress a Family Assessment",
        PrioritiseForStrategyDiscussion => "Prioritise: send to AST (CP worklist) for a strategy discussion in MASH",
        TmSendsToCpWorklist => "Team Manager reviews, adds their recommendation and, if in agreement, sends the referral to the CP worklist for a strategy discussion in MASH",
        // seed 000 CASS Phone line
        RaoOffersAdviceToCaller => "RAO offers advice to the caller",
        SwAdvisesCaller => "Social Worker gives the caller advice, directly or through the RAO",
        RaoCompletesContactTemplate => "RAO completes a contact template and sends it to the CASS RAO ADMIN inbox",
        GroupingRaoCreatesContact => "Grouping/relationships RAO gathers information, groups siblings, creates the contact, updates relationships and reassigns it to the phone Social Worker",
        SwProgressesToReferral => "Social Worker progresses the contact to a referral and sends it with their rationale to a CASS Team Manager",
        // seed 001 anonymous calls
        DiscussWithCassTeamLeader => "No details identify the child or family: do not transfer the call; the RAO discusses it with the CASS Team Leader",
        TransferToCassSocialWorker => "Transfer the call to a CASS Social Worker straight away; the RAO completes a contact template when the Social Worker asks",
        SwConvertsToReferral => "Social Worker adds information and rationale and converts the contact to a referral",
        TmAgreesStrategyDiscussion => "Team Manager agrees the strategy discussion, adds their rationale and reassigns to the CP Desk; ASTI picks it up for a strategy discussion in MASH",
        SwContactsParentAndChecks => "Social Worker contacts the parent, does partner checks and reviews history",
        TmOpensAssessmentWorklist => "Team Manager agrees the Family Assessment, adds their rationale, closes the referral and opens an assessment worklist for the relevant ASTI Team",
        SwAttemptsParentContact => "Social Worker tries to contact the parent to discuss the concern and get consent",
        SwClosesContactConsentRefused => "The parent refused consent to support: the Social Worker closes the contact",
        RecommendFamilySupport => "Reassign the contact to the EHFS Team Desktop with a recommendation of Family Support",
        EhManagerSendsToFamilySupport => "EH Manager reviews; if in agreement that it is Additional Needs and consent has been gained, sends to the area Family Support Team",
        EhRaoThreeCalls => "Early Help RAO (via the Team Leader) tries to contact the parent: 3 calls at different times of the day",
        SwAsksRaoToContactParent => "Social Worker adds rationale (suggesting a partner to lead an EHA or signposting) and reassigns to the EH Team Leader asking an RAO to contact the parent",
        RaoDiscussesSupportWithParent => "RAO explains the anonymous referral and discusses support: whether a professional already supports the family, whether the parent could ask a known professional (e.g. school, nursery, health visitor) to undertake an EHA, or consents to CASS arranging it",
        // seed 000 Emergency Duty Team
        EdtReassignsToCass => "The Emergency Duty Team reassigns the case to CASS because further action is required",
        EdtNoHandBack => "No further action is required: the Emergency Duty Team does not hand the case back to CASS",
        // seed 002 information requests
        BssChecksCf => "Business Support checks CF to see whether the child or family are known to Children's Social Care",
        BssRespondsLevelOne => "Business Support replies with whether there is an allocated worker, their name and contact details, or when the case closed",
        BssRespondsNotKnown => "Business Support replies that the child or family are not known",
        SaveRequestToCaseNotes => "Save the information request into case notes",
        EmailAllocatedWorkerAndTeamManager => "E-mail the allocated worker and their Team Manager that an information request has been received and the worker needs to respond",
        MoveToIrrFolder => "Move the request into the Information Requests (IRR) folder",
        RaoTagsAndPrioritises => "RAO tags the request as being worked on, urgent requests (meeting the criteria) first",
        RaoChecksConsent => "RAO saves the request and consent into Eclipse case notes and checks consent (seeking a Social Work Team Manager's advice if needed)",
        RaoCompilesNeedToKnowResponse => "RAO reviews history on CF/Eclipse and compiles a basic 'need to know' response: period of involvement, reasons, key information with dates",
        GiveDisclosuresTeamContact => "If more detail is needed, give the professional the Disclosures Team's contact to book an appointment to view the file",
        SendBySecureRoute => "Send the response by a secure route to the requester's own (or a secure generic) e-mail address",
        SaveResponseOnAllSiblings => "Save the response in case notes on all siblings in the household",
        MarkActioned => "Mark the e-mail as actioned in the folder",
        AskToResubmitWithConsent => "E-mail the professional asking them to resubmit with the appropriate consent, saying CASS will not save the request and they must provide all details again",
        SaveEmailToCaseRecordings => "Save the e-mail into Case Recordings in Eclipse",
        SendIrrFormAndGuidance => "If the request was not made on the CASS information requests form, send the form and guidance",
        ReviewHistoryForOfsted => "Review the history and reply to both OFSTED e-mail addresses; save the request and response in case notes on all siblings in the household",
        LadoRespondsAlreadyAnswered => "A CASS response is already in case notes: LADO tells OFSTED a response has already been given and does not send the check to CASS",
        // seed 003 Early Help MASH desk
        AdviseReferrerHowToObtainConsent => "Senior Early Help Coordinator contacts the referring agency with advice on how to obtain consent",
        RecordConsentDenied => "Business Support creates or updates the child on ecaf, records that no consent was obtained and reassigns the consent denied stage to the Senior Early Help Coordinator",
        CloseEpisodeConsentDenied => "Senior Early Help Coordinator records the closure reason, date and final vulnerability level under the consent denied stage and closes the episode; the EHA is kept for 30 days then destroyed",
        ReturnForMandatoryFields => "Return the EHA to the referrer: it is not processed until all mandatory fields are completed",
        LogOnEarlyHelpMashDatabase => "Senior Early Help Coordinator logs the EHA on the Early Help MASH database and sets the level of need and priority",
        CreateChildAndFinaliseEha => "Business Support creates the child on ecaf, or populates and finalises the EHA if completed on the system",
        ValidateEha => "Business Support validates the EHA within 24 hours: system checks recorded on the Triage Support Involvement Checklist, then workflow to Triage",
        AdviseReferrerByPhone => "Senior Early Help Coordinator tells the referrer by phone what information they need to provide; recorded as a case note and end reason, and the episode is closed",
        AdviseSingleAgencySupport => "Senior Early Help Coordinator advises the referrer, electronically or by phone, which single agency can support; recorded as the end reason and the episode completed",
        AskAgencyToCompleteEha => "Advise the professional to engage the family and submit an EHA to the Early Help desk within 7 days; chase at 7 days, review for closure at 14 days",
        ProgressToMeetingCog => "Update ecaf to progress to meeting and workflow to the relevant COG Team (by the child's address) with the recommendation",
        ProgressToMeetingFst => "Update ecaf to progress to meeting and workflow to the relevant FST Group",
        DiscussStepUpWithMashTeamManager => "Discuss with the MASH Team Manager; if agreed, tell the referrer a referral to Children's Social Care is required (they advise the family) and choose Transfer to ICS",
        AwaitCscDecision => "Await Children's Social Care's decision (within 24 hours), then close the Early Help episode within 24 hours",
        NotifyRelevantAuthority => "Senior Early Help Coordinator notifies the relevant authority by telephone; Business Support forwards a copy of the EHA securely",
        CloseOutOfAuthorityEpisode => "Close the episode with the reason Out of LA Area (name of LA)",
    }
}

labelled_enum! {
    /// Letters and e-mails the seeds require. Templates are configuration.
    Letter {
        RequestForMoreInformation => "To the referrer: please resubmit with more information (copy to the Partner in CASS)",
        UndertakeEhaRequest => "To the referrer: please undertake an Early Help Assessment, gaining consent from the parent (copy to the Partner in CASS)",
        GainConsentAndResubmit => "To the referrer: please gain the appropriate level of consent and resubmit",
        AnonymousReferralParentLetter => "To the parent: contact CASS if you need support or wish to know the nature of the anonymous referral",
        OutcomesLetter => "Outcomes letter to those with Parental Responsibility (a copy to a referring professional)",
        IrrLevelOneReply => "E-mail to the requesting professional: allocated worker, contact details or closure date, or not known",
        IrrResubmitWithConsent => "E-mail to the requesting professional: resubmit with consent",
        IrrResponse => "Secure e-mail response to the requesting professional",
        OfstedSuitabilityResponse => "Response to both OFSTED e-mail addresses",
        EhaNoConsentLetter => "Standard letter to the referrer within 24 hours: the Early Help episode is closed; resubmit once consent is obtained",
        EhaReceiptConfirmation => "Standard confirmation letter (code RCP) to the parent, with the Fair Processing Notice",
        BelowEarlyHelpLetter => "Letter to the referrer within 48 hours naming the relevant service and its contact number",
        EhaNotReceivedLetter => "Letter to the allocated agency: the EHA has not been received within 7 days",
        EhaClosureLetter => "Letter confirming closure when the EHA has not been received after 14 days",
        OutOfAuthorityClosureLetter => "Closure letter to the referrer: the EHA has been sent to the relevant authority",
        StepDownNoConsentEmail => "E-mail within 24 hours to the Social Worker and their line manager: the contact is closed; resubmit with consent",
        MissingChildNoteCopy => "Copy of the missing-child case note to the missing-children partner worker",
    }
}

/// The next step for a contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// `None` when nothing further goes to a worklist.
    pub next_worklist: Option<Worklist>,
    pub actions: Vec<Action>,
    pub letters: Vec<Letter>,
    /// Whether the contact is closed at this step.
    pub closes_contact: bool,
    /// Whether the contact becomes (or is progressed towards) a referral.
    pub becomes_referral: bool,
    /// Clocks that start at this step.
    pub timescales: Vec<Timescale>,
    /// The seed and section this row comes from, e.g. "000 Universal Plus identified".
    pub seed: String,
}

impl Route {
    fn new(seed: &str, next: Option<Worklist>, actions: &[Action]) -> Route {
        Route {
            next_worklist: next,
            actions: actions.to_vec(),
            letters: Vec::new(),
            closes_contact: false,
            becomes_referral: false,
            timescales: Vec::new(),
            seed: seed.to_string(),
        }
    }
    fn closed(mut self) -> Route {
        self.closes_contact = true;
        self
    }
    fn letters(mut self, letters: &[Letter]) -> Route {
        self.letters = letters.to_vec();
        self
    }
    fn referral(mut self) -> Route {
        self.becomes_referral = true;
        self
    }
    fn clocks(mut self, t: &[Timescale]) -> Route {
        self.timescales = t.to_vec();
        self
    }
    fn first(mut self, action: Action, seed: &str) -> Route {
        self.actions.insert(0, action);
        self.seed = format!("{seed}; {}", self.seed);
        self
    }
}

/// How a Request for Support or call reached CASS (issue 3 point 4). Information requests have
/// their own function, [`route_information_request`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactChannel {
    Phone,
    Inbox,
    OnlineForm,
    AnonymousCall,
    EdtHandBack,
}

impl ContactChannel {
    pub const ALL: [ContactChannel; 5] = [
        ContactChannel::Phone,
        ContactChannel::Inbox,
        ContactChannel::OnlineForm,
        ContactChannel::AnonymousCall,
        ContactChannel::EdtHandBack,
    ];
    pub fn label(self) -> &'static str {
        match self {
            ContactChannel::Phone => "Phone",
            ContactChannel::Inbox => "CASS inbox",
            ContactChannel::OnlineForm => "Online form",
            ContactChannel::AnonymousCall => "Anonymous call",
            ContactChannel::EdtHandBack => "Emergency Duty Team hand-back",
        }
    }
}

/// What happened when someone tried to reach the parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ParentContact {
    NotYetTried,
    SpokeAndConsented,
    SpokeAndRefused,
    /// Could not reach the parent; `calls` counts calls at different times of the day
    /// (see [`suitable_call_count`]).
    CouldNotContact {
        calls: u32,
    },
}

/// The facts routing needs besides the channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFacts {
    /// The worker's level (the `LevelDecision`), not the suggestion.
    pub level: Level,
    /// Seed 000: enough information to make a decision.
    pub sufficient_information: bool,
    /// The appropriate level of consent has been given.
    pub consent: bool,
    /// Seed 000: the referrer has an ongoing professional relationship with the family
    /// (e.g. school, health visitor), unlike e.g. ambulance, 111, NSPCC.
    pub referrer_has_ongoing_relationship: bool,
    /// Seed 001: the anonymous caller gave details that identify the child or family.
    pub child_identifiable: bool,
    pub parent_contact: ParentContact,
    /// Seed 000: an EDT case needs further action by CASS.
    pub further_action_required: bool,
}

impl ContactFacts {
    /// Facts with the usual defaults: enough information, no consent yet, no ongoing
    /// relationship, child identifiable, parent not yet contacted, further action required.
    pub fn new(level: Level) -> ContactFacts {
        ContactFacts {
            level,
            sufficient_information: true,
            consent: false,
            referrer_has_ongoing_relationship: false,
            child_identifiable: true,
            parent_contact: ParentContact::NotYetTried,
            further_action_required: true,
        }
    }
}

/// What Business Support finds on the child's record before creating a contact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Unknown,
    Closed,
    /// The child or a sibling has been open in the last 4 weeks.
    OpenInLastFourWeeks,
    /// Open now, with an allocated worker.
    Open,
}

/// Seed 000 "Business Support Service (BSS) Filter Process", for the inbox and online form.
pub fn route_inbox_filter(status: CaseStatus, for_cass: bool) -> Route {
    const SEED: &str = "000 CASS Inbox: Business Support Service (BSS) Filter Process";
    use Action::*;
    if !for_cass {
        return Route::new(SEED, None, &[SignpostNotForCass]).closed();
    }
    match status {
        CaseStatus::Open => Route::new(
            SEED,
            Some(Worklist::AllocatedWorker),
            &[RedirectToAllocatedWorker],
        )
        .closed(),
        CaseStatus::OpenInLastFourWeeks => Route::new(
            SEED,
            Some(Worklist::CassTeamManager),
            &[ReviewWhetherContactNeeded],
        ),
        CaseStatus::Unknown | CaseStatus::Closed => Route::new(
            "000 CASS Inbox: BSS Filter Process; 000 CASS Contacts",
            Some(Worklist::CassTeamManager),
            &[GroupSiblings, CreateContact, InitialRhrtAnalysis],
        )
        .clocks(&[Timescale::ContactInitialResponse]),
    }
}

/// The next step for a contact at its level.
pub fn route_contact(channel: ContactChannel, f: &ContactFacts) -> Route {
    match channel {
        ContactChannel::Inbox | ContactChannel::OnlineForm => written(f),
        ContactChannel::Phone => phone(f),
        ContactChannel::AnonymousCall => anonymous(f),
        ContactChannel::EdtHandBack => {
            if f.further_action_required {
                written(f).first(Action::EdtReassignsToCass, "000 Emergency Duty Team")
            } else {
                Route::new("000 Emergency Duty Team", None, &[Action::EdtNoHandBack]).closed()
            }
        }
    }
}

/// A Request for Support in writing (seed 000 "CASS Contacts" and the level sections).
fn written(f: &ContactFacts) -> Route {
    use Action::*;
    if !f.sufficient_information {
        return Route::new(
            "000 CASS Contacts (insufficient information)",
            None,
            &[ReturnToReferrerForMoreInformation, CopyToPartnerInCass],
        )
        .letters(&[Letter::RequestForMoreInformation])
        .closed();
    }
    match f.level {
        Level::Universal => universal("000 CASS Contacts; 004 possible outcomes"),
        Level::UniversalPlus => universal_plus(f),
        Level::AdditionalNeeds => additional_needs(f),
        Level::ComplexAndSignificant => Route::new(
            "000 CASS Contacts; 000 Complex and Significant",
            Some(Worklist::CassSocialWorker),
            &[
                EmailRaoAdminBoxForPartnerChecks,
                SwReviewsHistoryAndChecks,
                SwSendsRationaleToTeamManager,
                TmSendsToAstiForFamilyAssessment,
            ],
        )
        .referral()
        .clocks(&[Timescale::ReferralDecision, Timescale::AssessmentCompletion]),
        Level::SignificantHarm => Route::new(
            "000 Complex and Significant (Significant Harm)",
            Some(Worklist::CpWorklist),
            &[PrioritiseForStrategyDiscussion],
        )
        .referral()
        .clocks(&[Timescale::ReferralDecision]),
    }
}

fn universal(seed: &str) -> Route {
    Route::new(seed, None, &[Action::AdviseAndSignpost])
        .letters(&[Letter::OutcomesLetter])
        .closed()
}

fn universal_plus(f: &ContactFacts) -> Route {
    use Action::*;
    const SEED: &str = "000 Universal Plus identified";
    if f.referrer_has_ongoing_relationship {
        return Route::new(
            "000 CASS Contacts (Universal Plus, referrer with an ongoing relationship)",
            None,
            &[ReturnToReferrerToUndertakeEha, CopyToPartnerInCass],
        )
        .letters(&[Letter::UndertakeEhaRequest])
        .closed();
    }
    match f.parent_contact {
        ParentContact::SpokeAndConsented => Route::new(
            SEED,
            None,
            &[
                RequestPartnerAgencyEha,
                SendSignpostingToSingleAgency,
                ShareWithAgreedAgency,
            ],
        )
        .closed(),
        ParentContact::SpokeAndRefused => Route::new(
            "000 Universal Plus identified (consent not gained)",
            None,
            &[],
        )
        .closed(),
        ParentContact::CouldNotContact { calls } if calls >= PARENT_CONTACT_CALLS => Route::new(
            "000 Universal Plus identified (consent not gained: unable to contact parent)",
            None,
            &[],
        )
        .closed(),
        _ => Route::new(
            SEED,
            Some(Worklist::EarlyHelpReferralAndAdviceOfficer),
            &[EhRaoContactsParentForConsent],
        ),
    }
}

fn additional_needs(f: &ContactFacts) -> Route {
    use Action::*;
    const SEED: &str = "000 Additional Need identified";
    if !f.consent && f.referrer_has_ongoing_relationship {
        return Route::new(
            "000 CASS Contacts (Additional Needs, no consent, referrer has a relationship)",
            None,
            &[ReturnToReferrerToGainConsent],
        )
        .letters(&[Letter::GainConsentAndResubmit])
        .closed();
    }
    if f.consent {
        return Route::new(
            SEED,
            Some(Worklist::EarlyHelpManagersWorklist),
            &[
                EarlyHelpManagerReviews,
                AllocateToFamilySupportOrThinkFamily,
            ],
        );
    }
    match f.parent_contact {
        ParentContact::SpokeAndConsented => Route::new(
            SEED,
            Some(Worklist::AreaFamilySupportTeam),
            &[AllocateToFamilySupportOrThinkFamily],
        ),
        ParentContact::SpokeAndRefused => {
            Route::new("000 Additional Need identified; 000 Universal Plus identified (consent not gained)", None, &[]).closed()
        }
        ParentContact::CouldNotContact { calls } if calls >= PARENT_CONTACT_CALLS => Route::new(
            "000 Additional Need identified; 000 Universal Plus identified (consent not gained: unable to contact parent)",
            None,
            &[],
        )
        .closed(),
        _ => Route::new(
            SEED,
            Some(Worklist::EarlyHelpManagersWorklist),
            &[EarlyHelpManagerReviews, EhRaoContactsParentForConsent],
        ),
    }
}

/// Seed 000 "CASS Phone line".
fn phone(f: &ContactFacts) -> Route {
    use Action::*;
    const SEED: &str = "000 CASS Phone line";
    match f.level {
        Level::Universal => {
            let mut r = universal("000 CASS Phone line; 004 possible outcomes");
            r.actions.insert(0, RaoOffersAdviceToCaller);
            r
        }
        Level::UniversalPlus => universal_plus(f).first(RaoOffersAdviceToCaller, SEED),
        Level::AdditionalNeeds => additional_needs(f).first(RaoOffersAdviceToCaller, SEED),
        Level::ComplexAndSignificant => Route::new(
            "000 CASS Phone line; 000 Complex and Significant",
            Some(Worklist::RaoAdminBox),
            &[
                SwAdvisesCaller,
                RaoCompletesContactTemplate,
                GroupingRaoCreatesContact,
                SwReviewsHistoryAndChecks,
                SwSendsRationaleToTeamManager,
                TmSendsToAstiForFamilyAssessment,
            ],
        )
        .referral()
        .clocks(&[Timescale::ReferralDecision, Timescale::AssessmentCompletion]),
        Level::SignificantHarm => Route::new(
            "000 CASS Phone line; 000 Complex and Significant (Significant Harm) phone",
            Some(Worklist::RaoAdminBox),
            &[
                SwAdvisesCaller,
                RaoCompletesContactTemplate,
                GroupingRaoCreatesContact,
                SwProgressesToReferral,
                TmSendsToCpWorklist,
            ],
        )
        .referral()
        .clocks(&[Timescale::ReferralDecision]),
    }
}

/// Seed 001 "Anonymous Calls to CASS".
fn anonymous(f: &ContactFacts) -> Route {
    use Action::*;
    if !f.child_identifiable {
        return Route::new(
            "001 RAO: no details to identify the child/family",
            Some(Worklist::CassTeamLeader),
            &[DiscussWithCassTeamLeader],
        );
    }
    let calls_done = |c: &ParentContact| matches!(c, ParentContact::CouldNotContact { calls } if *calls >= PARENT_CONTACT_CALLS);
    match f.level {
        Level::SignificantHarm => Route::new(
            "001 Complex & Significant (significant harm)",
            Some(Worklist::CassSocialWorker),
            &[
                TransferToCassSocialWorker,
                SwConvertsToReferral,
                TmAgreesStrategyDiscussion,
            ],
        )
        .referral()
        .clocks(&[Timescale::ReferralDecision]),
        Level::ComplexAndSignificant => Route::new(
            "001 Complex & Significant",
            Some(Worklist::CassSocialWorker),
            &[
                TransferToCassSocialWorker,
                SwContactsParentAndChecks,
                SwConvertsToReferral,
                TmOpensAssessmentWorklist,
            ],
        )
        .referral()
        .clocks(&[Timescale::ReferralDecision, Timescale::AssessmentCompletion]),
        Level::AdditionalNeeds => match f.parent_contact {
            ParentContact::NotYetTried => Route::new(
                "001 Additional Needs",
                Some(Worklist::CassSocialWorker),
                &[TransferToCassSocialWorker, SwAttemptsParentContact],
            ),
            ParentContact::SpokeAndRefused => Route::new(
                "001 Additional Needs (consent refused)",
                None,
                &[SwClosesContactConsentRefused],
            )
            .closed(),
            ParentContact::SpokeAndConsented => Route::new(
                "001 Additional Needs (consent given)",
                Some(Worklist::EhfsTeamDesktop),
                &[RecommendFamilySupport, EhManagerSendsToFamilySupport],
            ),
            c if calls_done(&c) => {
                Route::new("001 Additional Needs (3 calls, then a letter)", None, &[])
                    .letters(&[Letter::AnonymousReferralParentLetter])
                    .closed()
            }
            _ => Route::new(
                "001 Additional Needs (parent not reached)",
                Some(Worklist::EhfsTeamDesktop),
                &[RecommendFamilySupport, EhRaoThreeCalls],
            ),
        },
        Level::UniversalPlus => match f.parent_contact {
            ParentContact::SpokeAndConsented | ParentContact::SpokeAndRefused => Route::new(
                "001 Universal Plus (RAO speaks to the parent)",
                None,
                &[RaoDiscussesSupportWithParent],
            )
            .closed(),
            c if calls_done(&c) => {
                Route::new("001 Universal Plus (3 calls, then a letter)", None, &[])
                    .letters(&[Letter::AnonymousReferralParentLetter])
                    .closed()
            }
            _ => Route::new(
                "001 Universal Plus",
                Some(Worklist::EarlyHelpTeamLeader),
                &[TransferToCassSocialWorker, SwAsksRaoToContactParent],
            ),
        },
        Level::Universal => {
            let mut r = universal("001 (Social Worker speaks to caller); 004 possible outcomes");
            r.actions.insert(0, TransferToCassSocialWorker);
            r
        }
    }
}

/// The facts of a professional's information request (seed 002).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IrrFacts {
    pub involvement: CscInvolvement,
    pub depth: RequestDepth,
    /// `None` until the RAO has checked consent; then whether there is a lawful basis
    /// (see `consent::check_disclosure` with route `InformationRequest`).
    pub consent_ok: Option<bool>,
}

/// Seed 002: Business Support, the allocated worker or the IRR folder, then the RAO's response.
pub fn route_information_request(f: &IrrFacts) -> Route {
    use Action::*;
    match (f.involvement, f.depth) {
        (CscInvolvement::NotKnown, _) => Route::new(
            "002 IRR received in CASS inbox (not known)",
            None,
            &[BssChecksCf, BssRespondsNotKnown],
        )
        .letters(&[Letter::IrrLevelOneReply])
        .closed(),
        (_, RequestDepth::LevelOne) => Route::new(
            "002 IRR received in CASS inbox (level 1)",
            None,
            &[BssChecksCf, BssRespondsLevelOne],
        )
        .letters(&[Letter::IrrLevelOneReply])
        .closed(),
        (CscInvolvement::OpenWithAllocatedWorker, RequestDepth::Detailed) => Route::new(
            "002 IRR received in CASS inbox (allocated worker)",
            Some(Worklist::AllocatedWorker),
            &[
                BssChecksCf,
                SaveRequestToCaseNotes,
                EmailAllocatedWorkerAndTeamManager,
            ],
        ),
        (CscInvolvement::ClosedWithHistory, RequestDepth::Detailed) => match f.consent_ok {
            None => Route::new(
                "002 IRR received in CASS inbox (closed case); 002 RAO reviews requests",
                Some(Worklist::IrrFolder),
                &[
                    BssChecksCf,
                    MoveToIrrFolder,
                    RaoTagsAndPrioritises,
                    RaoChecksConsent,
                ],
            ),
            Some(true) => Route::new(
                "002 Consent provided or consent not required; 002 RAO sends information",
                None,
                &[
                    RaoCompilesNeedToKnowResponse,
                    GiveDisclosuresTeamContact,
                    SendBySecureRoute,
                    SaveResponseOnAllSiblings,
                    MarkActioned,
                ],
            )
            .letters(&[Letter::IrrResponse])
            .closed(),
            Some(false) => Route::new(
                "002 No Consent & consent is required",
                None,
                &[
                    AskToResubmitWithConsent,
                    SaveEmailToCaseRecordings,
                    SendIrrFormAndGuidance,
                    MarkActioned,
                ],
            )
            .letters(&[Letter::IrrResubmitWithConsent])
            .closed(),
        },
    }
}

/// Seed 002 "OFSTED suitability checks via LADO".
pub fn route_ofsted_suitability_check(already_answered_in_case_notes: bool) -> Route {
    if already_answered_in_case_notes {
        Route::new(
            "002 OFSTED suitability checks via LADO (duplicate)",
            None,
            &[Action::LadoRespondsAlreadyAnswered],
        )
        .closed()
    } else {
        Route::new(
            "002 OFSTED suitability checks via LADO",
            None,
            &[Action::ReviewHistoryForOfsted],
        )
        .letters(&[Letter::OfstedSuitabilityResponse])
        .closed()
    }
}

/// Server check: the step the worker submitted is the step the rules give.
pub fn check_route(
    expected: &Route,
    chosen_worklist: Option<Worklist>,
    closes_contact: bool,
) -> Result<(), Vec<RuleViolation>> {
    let mut v = Vec::new();
    if chosen_worklist != expected.next_worklist {
        let name = |w: Option<Worklist>| {
            w.map(|w| w.label().to_string())
                .unwrap_or_else(|| "no worklist".into())
        };
        v.push(RuleViolation::WrongWorklist {
            expected: name(expected.next_worklist),
            chosen: name(chosen_worklist),
        });
    }
    if expected.closes_contact && !closes_contact {
        v.push(RuleViolation::ContactMustClose {
            why: format!("see seed {}", expected.seed),
        });
    }
    if !expected.closes_contact && closes_contact {
        let next = expected
            .next_worklist
            .map(|w| w.label().to_string())
            .unwrap_or_else(|| "the next step".into());
        v.push(RuleViolation::ContactMustNotClose { next });
    }
    if v.is_empty() {
        Ok(())
    } else {
        Err(v)
    }
}

/// Seeds 000 and 001: "3 calls at different times of the day" before a letter.
pub const PARENT_CONTACT_CALLS: u32 = 3;
/// Our reading of "different times of the day": at least this many hours apart by the clock.
pub const CALL_GAP_HOURS: u32 = 2;

/// How many of these calls count as made at different times of the day: the largest set whose
/// times of day are pairwise at least [`CALL_GAP_HOURS`] apart (the day itself does not matter).
pub fn suitable_call_count(calls: &[NaiveDateTime]) -> u32 {
    let mut minutes: Vec<u32> = calls.iter().map(|c| c.hour() * 60 + c.minute()).collect();
    minutes.sort_unstable();
    let mut count = 0;
    let mut last: Option<u32> = None;
    for m in minutes {
        if last.is_none_or(|l| m >= l + CALL_GAP_HOURS * 60) {
            count += 1;
            last = Some(m);
        }
    }
    count
}

/// Refuses the "contact CASS" letter to a parent before 3 calls at different times of the day.
pub fn check_parent_contact_letter(calls: &[NaiveDateTime]) -> Result<(), Vec<RuleViolation>> {
    let n = suitable_call_count(calls);
    if n >= PARENT_CONTACT_CALLS {
        Ok(())
    } else {
        Err(vec![RuleViolation::ParentContactAttemptsIncomplete {
            calls: n as usize,
            gap_hours: CALL_GAP_HOURS,
        }])
    }
}
