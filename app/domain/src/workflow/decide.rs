//! The decisions a worker takes on a contact at each stage, and what follows from each: the next
//! work item, whether the contact closes, the letters and the actions. Where the seeds branch
//! on level, consent or the parent's answer, the routing table (`rules::route_contact`) is asked,
//! so a rule lives in one place; the stages after it (grouping, the Social Worker, the TM's
//! review) follow seeds 000 and 001 step by step. `docs/WORKFLOW.md` draws the whole machine.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::stage::{may_work, Stage};
use crate::roles::{Role, RoleSet};
use crate::rules::routing::{suitable_call_count, ParentContact, PARENT_CONTACT_CALLS};
use crate::rules::{route_contact, Action, ConsentScope, ContactChannel, ContactFacts, Letter, Level, Route, Worklist};
use crate::rules::{RuleViolation, MIN_REASON_CHARS};

/// What the workflow knows about a contact. The server stores it on the contact and loads it
/// before every decision; the browser gets a copy to show what each choice would do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFlow {
    pub channel: ContactChannel,
    /// The level in force (the latest decision), if one has been made.
    pub level: Option<Level>,
    pub sufficient_information: bool,
    /// The appropriate level of consent has been given.
    pub consent: bool,
    /// Seed 000: the referrer has an ongoing professional relationship with the family.
    pub referrer_has_ongoing_relationship: bool,
    /// Seed 001: something identifies the child or family.
    pub child_identifiable: bool,
    /// The contact has become (or is being progressed as) a referral.
    pub referral: bool,
    /// The Social Worker's recommendation waiting for the Team Manager.
    pub recommended_level: Option<Level>,
    /// Calls to the parent made in the current parent-contact step (UK local time).
    pub parent_calls: Vec<NaiveDateTime>,
    /// A Duty Manager has overridden the need for consent to gather information (seed 004). The
    /// server sets it from the stored override (`consent_overrides`) before every decision.
    #[serde(default)]
    pub consent_overridden: bool,
}

impl ContactFlow {
    pub fn new(channel: ContactChannel) -> ContactFlow {
        ContactFlow {
            channel,
            level: None,
            sufficient_information: true,
            consent: false,
            referrer_has_ongoing_relationship: false,
            child_identifiable: true,
            referral: false,
            recommended_level: None,
            parent_calls: Vec::new(),
            consent_overridden: false,
        }
    }

    fn anonymous(&self) -> bool {
        self.channel == ContactChannel::AnonymousCall
    }

    fn facts(&self, level: Level) -> ContactFacts {
        ContactFacts {
            level,
            sufficient_information: self.sufficient_information,
            consent: self.consent,
            referrer_has_ongoing_relationship: self.referrer_has_ongoing_relationship,
            child_identifiable: self.child_identifiable,
            parent_contact: ParentContact::NotYetTried,
            further_action_required: true,
        }
    }
}

/// Where the Family Support allocation goes (seed 000 "Additional Need identified").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FamilySupportService {
    AreaFamilySupportTeam,
    ThinkFamilyTeam,
}

impl FamilySupportService {
    pub fn worklist(self) -> Worklist {
        match self {
            FamilySupportService::AreaFamilySupportTeam => Worklist::AreaFamilySupportTeam,
            FamilySupportService::ThinkFamilyTeam => Worklist::ThinkFamilyTeam,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            FamilySupportService::AreaFamilySupportTeam => "an area Family Support Team",
            FamilySupportService::ThinkFamilyTeam => "the Think Family Team",
        }
    }
}

/// The answer a call to the parent got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum CallResult {
    /// Nobody answered, or not the parent.
    NoAnswer,
    /// The parent consented, to these scopes (seed 000: A, B, C).
    Consented { scopes: Vec<ConsentScope> },
    /// The parent refused support or sharing.
    Refused,
}

/// What a worker decides at a stage. Text fields are the worker's own words, kept on the record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    /// The level, at the end of a call or at the TM/SP's initial analysis, with the facts the
    /// routing table needs. The level itself is checked against the guidance separately
    /// (`rules::check_level_decision`).
    Level {
        level: Level,
        sufficient_information: bool,
        consent: bool,
        referrer_has_ongoing_relationship: bool,
        rationale: String,
    },
    /// The RAO puts the caller through to a CASS Social Worker, who continues the same record.
    TransferToSocialWorker,
    /// An anonymous caller gave nothing that identifies the child or family (seed 001).
    NoIdentifyingDetails { summary: String },
    /// The child has an allocated worker: the concern goes to them (seed 004).
    PassToAllocatedWorker { summary: String },
    /// RAO ADMIN box: partner checks done and relationships updated.
    ChecksDone { summary: String },
    /// Grouping RAO: siblings grouped, contact completed, back to the phone Social Worker.
    GroupingDone { summary: String },
    /// The Social Worker's recommendation, with their rationale.
    Recommend { level: Level, rationale: String },
    /// A Team Manager agrees (the recommendation, or the Early Help Manager's proposal).
    Agree { rationale: String },
    /// A Team Manager agrees a different level from the one recommended.
    ChangeLevel { level: Level, rationale: String },
    /// A Team Manager sends the work back with their reasons.
    SendBack { rationale: String },
    /// Early Help Manager: consent is in place; allocate to Family Support or Think Family.
    AllocateFamilySupport { service: FamilySupportService, rationale: String },
    /// Early Help Manager: ask an Early Help RAO to ring the parent for consent.
    SeekConsent { instructions: String },
    /// Early Help Manager: the concerns are Complex and Significant; a TM/SP must agree.
    ProposeSocialWork { rationale: String },
    /// Early Help Manager: Universal Plus; these actions for an RAO.
    SetActions { actions: String },
    /// A call to the parent and what it got.
    ParentCall { at: NaiveDateTime, result: CallResult, note: String },
    /// The Social Worker could not reach the parent on an anonymous Additional Needs call.
    StopTrying { rationale: String },
    /// The RAO has carried out the Early Help Manager's actions.
    ActionsDone { summary: String },
    /// Team Leader: advice given; nothing more can be done without identifying details.
    CloseWithAdvice { summary: String },
    /// MASH: the strategy discussion was held.
    StrategyDiscussionHeld { summary: String },
    /// ASTI: the Family Assessment has started.
    AssessmentStarted { summary: String },
    /// The Family Support or Think Family team accepts the allocation.
    AllocationAccepted { summary: String },
}

impl Decision {
    pub fn slug(&self) -> &'static str {
        match self {
            Decision::Level { .. } => "level",
            Decision::TransferToSocialWorker => "transfer_to_social_worker",
            Decision::NoIdentifyingDetails { .. } => "no_identifying_details",
            Decision::PassToAllocatedWorker { .. } => "pass_to_allocated_worker",
            Decision::ChecksDone { .. } => "checks_done",
            Decision::GroupingDone { .. } => "grouping_done",
            Decision::Recommend { .. } => "recommend",
            Decision::Agree { .. } => "agree",
            Decision::ChangeLevel { .. } => "change_level",
            Decision::SendBack { .. } => "send_back",
            Decision::AllocateFamilySupport { .. } => "allocate_family_support",
            Decision::SeekConsent { .. } => "seek_consent",
            Decision::ProposeSocialWork { .. } => "propose_social_work",
            Decision::SetActions { .. } => "set_actions",
            Decision::ParentCall { .. } => "parent_call",
            Decision::StopTrying { .. } => "stop_trying",
            Decision::ActionsDone { .. } => "actions_done",
            Decision::CloseWithAdvice { .. } => "close_with_advice",
            Decision::StrategyDiscussionHeld { .. } => "strategy_discussion_held",
            Decision::AssessmentStarted { .. } => "assessment_started",
            Decision::AllocationAccepted { .. } => "allocation_accepted",
        }
    }

    /// The worker's words, for the record.
    pub fn text(&self) -> &str {
        match self {
            Decision::TransferToSocialWorker => "",
            Decision::Level { rationale: t, .. }
            | Decision::NoIdentifyingDetails { summary: t }
            | Decision::PassToAllocatedWorker { summary: t }
            | Decision::ChecksDone { summary: t }
            | Decision::GroupingDone { summary: t }
            | Decision::Recommend { rationale: t, .. }
            | Decision::Agree { rationale: t }
            | Decision::ChangeLevel { rationale: t, .. }
            | Decision::SendBack { rationale: t }
            | Decision::AllocateFamilySupport { rationale: t, .. }
            | Decision::SeekConsent { instructions: t }
            | Decision::ProposeSocialWork { rationale: t }
            | Decision::SetActions { actions: t }
            | Decision::ParentCall { note: t, .. }
            | Decision::StopTrying { rationale: t }
            | Decision::ActionsDone { summary: t }
            | Decision::CloseWithAdvice { summary: t }
            | Decision::StrategyDiscussionHeld { summary: t }
            | Decision::AssessmentStarted { summary: t }
            | Decision::AllocationAccepted { summary: t } => t,
        }
    }
}

labelled_enum! {
    /// How a contact ended at the front door, in plain English.
    ContactOutcome {
        AdviceAndSignposting => "Advice given and signposted",
        ReturnedForMoreInformation => "Returned to the referrer for more information",
        ReturnedToUndertakeEha => "Returned to the referrer to undertake an Early Help Assessment",
        ReturnedToGainConsent => "Returned to the referrer to gain consent and resubmit",
        EarlyHelpArranged => "Consent gained: early help arranged as the parent agreed",
        ConsentNotGained => "Consent not gained: the parent refused or could not be contacted",
        SupportDiscussedWithParent => "Support discussed with the parent",
        AnonymousReferralLetterSent => "Parent not reached after 3 calls: letter sent",
        AllocatedToFamilySupport => "Allocated for family support",
        PassedToAllocatedWorker => "Passed to the child's allocated worker",
        StrategyDiscussion => "Referral: strategy discussion held in MASH",
        FamilyAssessment => "Referral: Family Assessment by ASTI",
        ActionsCompleted => "Universal Plus actions completed",
        NoIdentifyingDetails => "Anonymous call discussed with the Team Leader: no identifying details",
    }
}

/// Who gets the next work item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Assign {
    /// The worklist's team; anyone with the right role claims it.
    Pool,
    /// The person who took this decision keeps it.
    Actor,
    /// Whoever last completed a step at this stage (the Social Worker who took the call, the
    /// Early Help Manager who proposed social work).
    LastHolderOf(Stage),
}

/// A new work item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextStep {
    pub stage: Stage,
    pub worklist: Worklist,
    pub assign: Assign,
}

/// What follows from a decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The contact's flow after the decision.
    pub flow: ContactFlow,
    /// `false` when the item stays open (a call to the parent that was not the third).
    pub completes_item: bool,
    pub next: Vec<NextStep>,
    pub closes: Option<ContactOutcome>,
    pub letters: Vec<Letter>,
    pub actions: Vec<Action>,
    /// The seed and section the step follows.
    pub seed: String,
}

impl Outcome {
    fn new(flow: ContactFlow, seed: impl Into<String>) -> Outcome {
        Outcome { flow, completes_item: true, next: Vec::new(), closes: None, letters: Vec::new(), actions: Vec::new(), seed: seed.into() }
    }
    fn to(mut self, stage: Stage, worklist: Worklist, assign: Assign) -> Outcome {
        self.next.push(NextStep { stage, worklist, assign });
        self
    }
    fn close(mut self, why: ContactOutcome) -> Outcome {
        self.closes = Some(why);
        self
    }
    fn with(mut self, route: &Route) -> Outcome {
        self.letters.extend(route.letters.iter().copied());
        self.actions.extend(route.actions.iter().copied());
        self
    }
}

/// The decisions a stage offers, for the page to show and the server to check.
pub fn decisions_at(stage: Stage, flow: &ContactFlow) -> &'static [&'static str] {
    match stage {
        Stage::Call if flow.anonymous() => &["transfer_to_social_worker", "no_identifying_details", "level", "pass_to_allocated_worker"],
        Stage::Call => &["level", "transfer_to_social_worker", "pass_to_allocated_worker"],
        Stage::InitialAnalysis => &["level"],
        Stage::PartnerChecks => &["checks_done"],
        Stage::Grouping => &["grouping_done"],
        Stage::SocialWorkerAssessment => &["recommend"],
        Stage::TeamManagerReview => &["agree", "change_level", "send_back"],
        Stage::TeamManagerAgreement => &["agree", "send_back"],
        Stage::EarlyHelpManagerReview => &["allocate_family_support", "seek_consent", "propose_social_work", "set_actions"],
        Stage::ParentContact => &["parent_call", "stop_trying"],
        Stage::RaoActions => &["actions_done"],
        Stage::TeamLeaderDiscussion => &["close_with_advice", "transfer_to_social_worker"],
        Stage::StrategyDiscussion => &["strategy_discussion_held"],
        Stage::FamilyAssessment => &["assessment_started"],
        Stage::FamilySupportAllocation => &["allocation_accepted"],
        // Decided on the inbox item's page (`domain::inbox::filter`), not as a contact step.
        Stage::InboxReview => &[],
    }
}

/// Decides what follows `decision`, taken by someone with `roles` on an item at `stage` in
/// `worklist`, or refuses with the rules' reasons. Pure: the server runs it again on submit.
pub fn decide(
    flow: &ContactFlow,
    stage: Stage,
    worklist: Worklist,
    roles: &[Role],
    decision: &Decision,
) -> Result<Outcome, Vec<RuleViolation>> {
    if !may_work(roles, worklist) {
        return Err(vec![RuleViolation::NotYourWorklist { worklist: worklist.label().to_string() }]);
    }
    if !decisions_at(stage, flow).contains(&decision.slug()) {
        return Err(vec![RuleViolation::DecisionNotAvailable { stage: stage.label().to_string() }]);
    }
    let mut f = flow.clone();
    use Decision as D;
    use Stage as S;
    let out = match (stage, decision) {
        (S::Call, D::TransferToSocialWorker) => {
            if roles.has_role(Role::CassSocialWorker) && !roles.has_role(Role::ReferralAndAdviceOfficer) {
                return Err(vec![RuleViolation::DecisionNotAvailable { stage: "a call already with a Social Worker".into() }]);
            }
            Outcome::new(f, "000 CASS Phone line; 001 calls with identifying details are transferred straight away")
                .to(S::Call, Worklist::CassSocialWorker, Assign::Pool)
        }
        (S::Call, D::NoIdentifyingDetails { .. }) => {
            f.child_identifiable = false;
            Outcome::new(f, "001 no details to identify the child/family").to(S::TeamLeaderDiscussion, Worklist::CassTeamLeader, Assign::Pool)
        }
        (S::Call, D::PassToAllocatedWorker { .. }) => Outcome::new(f, "004 allocated workers")
            .close(ContactOutcome::PassedToAllocatedWorker),
        (S::Call, D::Level { level, sufficient_information, consent, referrer_has_ongoing_relationship, .. }) => {
            let social_worker = roles.has_role(Role::CassSocialWorker);
            if f.anonymous() && !social_worker {
                return Err(vec![RuleViolation::TransferAnonymousCall]);
            }
            if *level >= Level::ComplexAndSignificant && !social_worker {
                return Err(vec![RuleViolation::SocialWorkerNeeded { level: *level }]);
            }
            f.level = Some(*level);
            f.sufficient_information = *sufficient_information;
            f.consent = *consent;
            f.referrer_has_ongoing_relationship = *referrer_has_ongoing_relationship;
            call_level(f)
        }
        (S::InitialAnalysis, D::Level { level, sufficient_information, consent, referrer_has_ongoing_relationship, .. }) => {
            f.level = Some(*level);
            f.sufficient_information = *sufficient_information;
            f.consent = *consent;
            f.referrer_has_ongoing_relationship = *referrer_has_ongoing_relationship;
            initial_analysis(f)
        }
        (S::PartnerChecks, D::ChecksDone { .. }) => {
            // Seed 004: information is gathered with consent, unless a Duty Manager overrides
            // the need for it; at Significant Harm it is not needed (`super::consent`).
            if super::consent::information_gathering_waits(&f) {
                return Err(vec![RuleViolation::InformationGatheringWithoutConsent]);
            }
            Outcome::new(f, "000 CASS Contacts: RAO ADMIN box partner checks")
        }
        (S::Grouping, D::GroupingDone { .. }) => Outcome::new(f, "000 Complex and Significant (phone); 001 Grouping/Relationships RAO sends contact to Social Worker")
            .to(S::SocialWorkerAssessment, Worklist::CassSocialWorker, Assign::LastHolderOf(S::Call)),
        (S::SocialWorkerAssessment, D::Recommend { level, .. }) => recommend(f, *level),
        (S::TeamManagerReview, D::Agree { .. }) => {
            let Some(level) = f.recommended_level else {
                return Err(vec![RuleViolation::DecisionNotAvailable { stage: "a review without a recommendation".into() }]);
            };
            team_manager_level(f, level)
        }
        (S::TeamManagerReview, D::ChangeLevel { level, .. }) => team_manager_level(f, *level),
        (S::TeamManagerReview, D::SendBack { .. }) => {
            f.recommended_level = None;
            Outcome::new(f, "000 Complex and Significant: TM review")
                .to(S::SocialWorkerAssessment, Worklist::CassSocialWorker, Assign::LastHolderOf(S::SocialWorkerAssessment))
        }
        (S::TeamManagerAgreement, D::Agree { .. }) => {
            f.level = Some(Level::ComplexAndSignificant);
            Outcome::new(f, "000 Additional Need identified: EH Manager discusses with the TM/SP; if agreed, reassigned to a CASS SW")
                .to(S::SocialWorkerAssessment, Worklist::CassSocialWorker, Assign::Pool)
        }
        (S::TeamManagerAgreement, D::SendBack { .. }) => Outcome::new(f, "000 Additional Need identified")
            .to(S::EarlyHelpManagerReview, Worklist::EarlyHelpManagersWorklist, Assign::LastHolderOf(S::EarlyHelpManagerReview)),
        (S::EarlyHelpManagerReview, D::AllocateFamilySupport { service, .. }) => {
            if !f.consent {
                return Err(vec![RuleViolation::ConsentNeededForFamilySupport]);
            }
            f.level = Some(Level::AdditionalNeeds);
            let mut o = Outcome::new(f, "000 Additional Need identified; 001 EH manager sends to area Family Support Team")
                .to(S::FamilySupportAllocation, service.worklist(), Assign::Pool);
            o.actions.push(Action::AllocateToFamilySupportOrThinkFamily);
            o
        }
        (S::EarlyHelpManagerReview, D::SeekConsent { .. }) => {
            if f.consent {
                return Err(vec![RuleViolation::ConsentAlreadyGiven]);
            }
            f.parent_calls.clear();
            let seed = if f.anonymous() { "001 EH manager reassigns to the EH RAO via the Team Leader: 3 calls" } else { "000 Additional Need identified: EH RAO rings the parent for consent" };
            let mut o = Outcome::new(f, seed).to(S::ParentContact, Worklist::EarlyHelpReferralAndAdviceOfficer, Assign::Pool);
            o.actions.push(Action::EhRaoContactsParentForConsent);
            o
        }
        (S::EarlyHelpManagerReview, D::ProposeSocialWork { .. }) => Outcome::new(f, "000 Additional Need identified: discuss with the TM/SP")
            .to(S::TeamManagerAgreement, Worklist::CassTeamManager, Assign::Pool),
        (S::EarlyHelpManagerReview, D::SetActions { .. }) => {
            f.level = Some(Level::UniversalPlus);
            Outcome::new(f, "000 Additional Need identified: Universal Plus, actions for an RAO")
                .to(S::RaoActions, Worklist::CassReferralAndAdviceOfficer, Assign::Pool)
        }
        (S::ParentContact, D::ParentCall { at, result, .. }) => parent_call(f, worklist, *at, result)?,
        (S::ParentContact, D::StopTrying { .. }) => {
            if !(f.anonymous() && worklist == Worklist::CassSocialWorker) {
                return Err(vec![RuleViolation::ParentContactAttemptsIncomplete {
                    calls: suitable_call_count(&f.parent_calls) as usize,
                    gap_hours: crate::rules::routing::CALL_GAP_HOURS,
                }]);
            }
            let mut o = Outcome::new(f, "001 Additional Needs: SW cannot contact the parent: EHFS Team Desktop with a recommendation of Family Support")
                .to(S::EarlyHelpManagerReview, Worklist::EhfsTeamDesktop, Assign::Pool);
            o.actions.push(Action::RecommendFamilySupport);
            o
        }
        (S::RaoActions, D::ActionsDone { .. }) => Outcome::new(f, "000 Additional Need identified (Universal Plus actions)").close(ContactOutcome::ActionsCompleted),
        (S::TeamLeaderDiscussion, D::CloseWithAdvice { .. }) => {
            Outcome::new(f, "001 RAO discusses the call with the CASS Team Leader").close(ContactOutcome::NoIdentifyingDetails)
        }
        (S::TeamLeaderDiscussion, D::TransferToSocialWorker) => {
            f.child_identifiable = true;
            Outcome::new(f, "001 calls with information to identify the child/family go to a CASS Social Worker")
                .to(S::SocialWorkerAssessment, Worklist::CassSocialWorker, Assign::Pool)
        }
        (S::StrategyDiscussion, D::StrategyDiscussionHeld { .. }) => {
            Outcome::new(f, "000 Significant Harm: strategy discussion in MASH").close(ContactOutcome::StrategyDiscussion)
        }
        (S::FamilyAssessment, D::AssessmentStarted { .. }) => {
            Outcome::new(f, "000 Complex and Significant: ASTI progresses a Family Assessment").close(ContactOutcome::FamilyAssessment)
        }
        (S::FamilySupportAllocation, D::AllocationAccepted { .. }) => {
            Outcome::new(f, "000 Additional Need identified: allocated to Family Support or Think Family").close(ContactOutcome::AllocatedToFamilySupport)
        }
        _ => return Err(vec![RuleViolation::DecisionNotAvailable { stage: stage.label().to_string() }]),
    };
    // Checked last so the worker first hears what the rules say about the choice itself (for
    // example "transfer the call") while the reasons are still being written.
    check_text(decision)?;
    Ok(out)
}

/// Every decision that carries the worker's reasons needs some.
fn check_text(decision: &Decision) -> Result<(), Vec<RuleViolation>> {
    let needs_reason = !matches!(decision, Decision::TransferToSocialWorker | Decision::ParentCall { .. });
    if needs_reason && decision.text().trim().chars().count() < MIN_REASON_CHARS {
        return Err(vec![RuleViolation::DecisionReasonMissing { min: MIN_REASON_CHARS }]);
    }
    if let Decision::ParentCall { result: CallResult::Consented { scopes }, .. } = decision {
        if scopes.is_empty() {
            return Err(vec![RuleViolation::ConsentScopeMissing { scope: "any of A, B or C".into() }]);
        }
    }
    Ok(())
}

/// Where a routing table row's next worklist leads, as a stage.
fn follow(route: &Route, f: ContactFlow) -> Outcome {
    let mut o = Outcome::new(f, route.seed.clone()).with(route);
    if route.becomes_referral {
        o.flow.referral = true;
    }
    match route.next_worklist {
        None => {}
        Some(Worklist::RaoAdminBox) => o = o.to(Stage::Grouping, Worklist::RaoAdminBox, Assign::Pool),
        Some(Worklist::CassSocialWorker) => {
            o = o.to(Stage::SocialWorkerAssessment, Worklist::CassSocialWorker, Assign::Pool);
            if route.actions.contains(&Action::EmailRaoAdminBoxForPartnerChecks) {
                o = o.to(Stage::PartnerChecks, Worklist::RaoAdminBox, Assign::Pool);
            }
        }
        Some(Worklist::CpWorklist) => o = o.to(Stage::StrategyDiscussion, Worklist::CpWorklist, Assign::Pool),
        Some(Worklist::AstiTeam) => o = o.to(Stage::FamilyAssessment, Worklist::AstiTeam, Assign::Pool),
        Some(w @ (Worklist::EarlyHelpManagersWorklist | Worklist::EhfsTeamDesktop)) => o = o.to(Stage::EarlyHelpManagerReview, w, Assign::Pool),
        Some(w @ (Worklist::EarlyHelpReferralAndAdviceOfficer | Worklist::EarlyHelpTeamLeader)) => {
            o.flow.parent_calls.clear();
            o = o.to(Stage::ParentContact, w, Assign::Pool)
        }
        Some(Worklist::CassTeamLeader) => o = o.to(Stage::TeamLeaderDiscussion, Worklist::CassTeamLeader, Assign::Pool),
        Some(Worklist::CassReferralAndAdviceOfficer) => o = o.to(Stage::RaoActions, Worklist::CassReferralAndAdviceOfficer, Assign::Pool),
        Some(w @ (Worklist::AreaFamilySupportTeam | Worklist::ThinkFamilyTeam)) => o = o.to(Stage::FamilySupportAllocation, w, Assign::Pool),
        Some(w) => o = o.to(Stage::InitialAnalysis, w, Assign::Pool),
    }
    if route.closes_contact {
        o.closes = Some(closing_outcome(route, &o.flow));
    }
    o
}

/// The plain-English outcome of a route that closes the contact.
fn closing_outcome(route: &Route, f: &ContactFlow) -> ContactOutcome {
    use Action::*;
    let has = |a: Action| route.actions.contains(&a);
    if has(ReturnToReferrerForMoreInformation) {
        ContactOutcome::ReturnedForMoreInformation
    } else if has(ReturnToReferrerToUndertakeEha) {
        ContactOutcome::ReturnedToUndertakeEha
    } else if has(ReturnToReferrerToGainConsent) {
        ContactOutcome::ReturnedToGainConsent
    } else if route.letters.contains(&Letter::AnonymousReferralParentLetter) {
        ContactOutcome::AnonymousReferralLetterSent
    } else if has(RaoDiscussesSupportWithParent) {
        ContactOutcome::SupportDiscussedWithParent
    } else if has(RequestPartnerAgencyEha) || has(SendSignpostingToSingleAgency) || has(ShareWithAgreedAgency) {
        ContactOutcome::EarlyHelpArranged
    } else if has(AdviseAndSignpost) || f.level == Some(Level::Universal) {
        ContactOutcome::AdviceAndSignposting
    } else {
        ContactOutcome::ConsentNotGained
    }
}

/// Seed 000 "CASS Contacts": the TM/SP's initial analysis of a written Request for Support.
fn initial_analysis(f: ContactFlow) -> Outcome {
    let level = f.level.unwrap_or(Level::Universal);
    let channel = match f.channel {
        c @ (ContactChannel::Inbox | ContactChannel::OnlineForm | ContactChannel::EdtHandBack) => c,
        _ => ContactChannel::Inbox,
    };
    let route = route_contact(channel, &f.facts(level));
    follow(&route, f)
}

/// The end of a call: seed 000 "CASS Phone line" or seed 001 (anonymous, identifiable).
fn call_level(f: ContactFlow) -> Outcome {
    let level = f.level.unwrap_or(Level::Universal);
    if f.anonymous() {
        // Seed 001: at every level above Universal the Grouping/Relationships RAO completes the
        // contact and sends it back to the Social Worker who took the call.
        if level == Level::Universal {
            let route = route_contact(ContactChannel::AnonymousCall, &f.facts(level));
            return follow(&route, f);
        }
        let mut o = Outcome::new(f, "001 Social Worker speaks to the caller; Grouping/Relationships RAO sends the contact to the Social Worker")
            .to(Stage::Grouping, Worklist::RaoAdminBox, Assign::Pool);
        o.actions.extend([Action::TransferToCassSocialWorker, Action::RaoCompletesContactTemplate]);
        return o;
    }
    let route = route_contact(ContactChannel::Phone, &f.facts(level));
    follow(&route, f)
}

/// The Social Worker's recommendation (seed 000 "Complex and Significant"; seed 001).
fn recommend(mut f: ContactFlow, level: Level) -> Outcome {
    match level {
        Level::SignificantHarm | Level::ComplexAndSignificant => {
            f.recommended_level = Some(level);
            f.referral = true;
            let seed = if level == Level::SignificantHarm {
                "000 Complex and Significant (Significant Harm): SW sends the referral with their rationale to a CASS Team Manager; 001"
            } else {
                "000 Complex and Significant: SW sends to the CASS Team Manager to review; 001"
            };
            let mut o = Outcome::new(f, seed).to(Stage::TeamManagerReview, Worklist::CassTeamManager, Assign::Pool);
            o.actions.push(if level == Level::SignificantHarm { Action::SwProgressesToReferral } else { Action::SwSendsRationaleToTeamManager });
            o
        }
        Level::AdditionalNeeds if f.anonymous() => {
            f.level = Some(level);
            f.parent_calls.clear();
            let mut o = Outcome::new(f, "001 Additional Needs: SW tries to contact the parent").to(Stage::ParentContact, Worklist::CassSocialWorker, Assign::Actor);
            o.actions.push(Action::SwAttemptsParentContact);
            o
        }
        Level::UniversalPlus if f.anonymous() => {
            f.level = Some(level);
            f.parent_calls.clear();
            let mut o = Outcome::new(f, "001 Universal Plus: SW reassigns to the EH Team Leader asking an RAO to contact the parent")
                .to(Stage::ParentContact, Worklist::EarlyHelpTeamLeader, Assign::Pool);
            o.actions.push(Action::SwAsksRaoToContactParent);
            o
        }
        Level::AdditionalNeeds | Level::UniversalPlus => {
            f.level = Some(level);
            let mut o = Outcome::new(f, "000 Complex and Significant: stepped down; the SW reassigns to the Early Help Manager's worklist")
                .to(Stage::EarlyHelpManagerReview, Worklist::EarlyHelpManagersWorklist, Assign::Pool);
            o.actions.push(Action::EarlyHelpManagerReviews);
            o
        }
        Level::Universal => {
            f.level = Some(level);
            let mut o = Outcome::new(f, "000 CASS Phone line; 004 possible outcomes").close(ContactOutcome::AdviceAndSignposting);
            o.actions.push(Action::AdviseAndSignpost);
            o.letters.push(Letter::OutcomesLetter);
            o
        }
    }
}

/// A Team Manager's decision on the recommendation (seeds 000 and 001).
fn team_manager_level(mut f: ContactFlow, level: Level) -> Outcome {
    f.level = Some(level);
    f.recommended_level = None;
    match level {
        Level::SignificantHarm => {
            f.referral = true;
            let mut o = Outcome::new(f, "000 Significant Harm: TM sends the referral to the CP worklist for a strategy discussion; 001")
                .to(Stage::StrategyDiscussion, Worklist::CpWorklist, Assign::Pool);
            o.actions.push(Action::TmSendsToCpWorklist);
            o
        }
        Level::ComplexAndSignificant => {
            f.referral = true;
            let mut o = Outcome::new(f, "000 Complex and Significant: TM sends to the ASTI Team in MASH for a Family Assessment; 001")
                .to(Stage::FamilyAssessment, Worklist::AstiTeam, Assign::Pool);
            o.actions.push(Action::TmSendsToAstiForFamilyAssessment);
            o
        }
        lower => recommend(f, lower),
    }
}

/// A call to the parent (seed 000 "Universal Plus identified", "Additional Need identified";
/// seed 001 Additional Needs and Universal Plus).
fn parent_call(mut f: ContactFlow, worklist: Worklist, at: NaiveDateTime, result: &CallResult) -> Result<Outcome, Vec<RuleViolation>> {
    let level = f.level.unwrap_or(Level::AdditionalNeeds);
    f.parent_calls.push(at);
    let by_social_worker = worklist == Worklist::CassSocialWorker;
    match result {
        CallResult::Consented { scopes } => {
            f.consent = true;
            if level == Level::AdditionalNeeds {
                // Seed 000: with consent the EH Manager allocates Family Support or Think Family;
                // seed 001: the SW reassigns to the EHFS Team Desktop recommending Family Support.
                let (w, seed, action) = if by_social_worker {
                    (Worklist::EhfsTeamDesktop, "001 Additional Needs (consent given)", Action::RecommendFamilySupport)
                } else {
                    (Worklist::EarlyHelpManagersWorklist, "000 Additional Need identified (consent gained)", Action::EarlyHelpManagerReviews)
                };
                let mut o = Outcome::new(f, seed).to(Stage::EarlyHelpManagerReview, w, Assign::Pool);
                o.actions.push(action);
                return Ok(o);
            }
            let mut facts = f.facts(level);
            facts.parent_contact = ParentContact::SpokeAndConsented;
            let route = route_contact(if f.anonymous() { ContactChannel::AnonymousCall } else { ContactChannel::Inbox }, &facts);
            let mut o = follow(&route, f);
            if !o.flow.anonymous() {
                // Only what the parent agreed to (seed 000: A, B, C).
                o.actions.retain(|a| match a {
                    Action::RequestPartnerAgencyEha => scopes.contains(&ConsentScope::SupportThroughEha),
                    Action::SendSignpostingToSingleAgency => scopes.contains(&ConsentScope::SupportFromSingleAgency),
                    Action::ShareWithAgreedAgency => scopes.contains(&ConsentScope::SharingWithThirdParty),
                    _ => true,
                });
            }
            Ok(o)
        }
        CallResult::Refused => {
            let mut facts = f.facts(level);
            facts.parent_contact = ParentContact::SpokeAndRefused;
            let channel = if f.anonymous() { ContactChannel::AnonymousCall } else { ContactChannel::Inbox };
            let route = route_contact(channel, &facts);
            let mut o = follow(&route, f);
            if o.closes.is_none() {
                o.closes = Some(ContactOutcome::ConsentNotGained);
            }
            if level == Level::UniversalPlus && o.flow.anonymous() {
                o.closes = Some(ContactOutcome::SupportDiscussedWithParent);
            }
            Ok(o)
        }
        CallResult::NoAnswer => {
            let calls = suitable_call_count(&f.parent_calls);
            if calls < PARENT_CONTACT_CALLS {
                let mut o = Outcome::new(f, "000, 001: 3 calls at different times of the day");
                o.completes_item = false;
                return Ok(o);
            }
            if by_social_worker {
                let mut o = Outcome::new(f, "001 Additional Needs (parent not reached): EHFS Team Desktop")
                    .to(Stage::EarlyHelpManagerReview, Worklist::EhfsTeamDesktop, Assign::Pool);
                o.actions.push(Action::RecommendFamilySupport);
                return Ok(o);
            }
            let mut facts = f.facts(level);
            facts.parent_contact = ParentContact::CouldNotContact { calls };
            let channel = if f.anonymous() { ContactChannel::AnonymousCall } else { ContactChannel::Inbox };
            let route = route_contact(channel, &facts);
            let mut o = follow(&route, f);
            o.next.clear();
            if o.closes.is_none() {
                o.closes = Some(ContactOutcome::ConsentNotGained);
            }
            Ok(o)
        }
    }
}
