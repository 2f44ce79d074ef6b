//! The contact workflow of seeds 000 and 001, path by path. Each test names the seed section it
//! walks; a path is a list of (stage, worklist, roles, decision) steps and what must follow.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use domain::rules::{Action, ConsentScope, ContactChannel, Letter, Level, RuleViolation, Worklist};
use domain::workflow::{
    check_consent_override, consent_route, decide, information_gathering_waits, repeat_flags, Assign, CallResult, ContactFlow, ContactOutcome, Decision, FamilySupportService, Outcome, Stage,
};
use domain::Role;

const WHY: &str = "Reasons written in full for the record.";

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test time")
}

fn level(level: Level, consent: bool, relationship: bool) -> Decision {
    Decision::Level {
        level,
        sufficient_information: true,
        consent,
        referrer_has_ongoing_relationship: relationship,
        rationale: WHY.into(),
    }
}

fn ok(flow: &ContactFlow, stage: Stage, worklist: Worklist, role: Role, d: Decision) -> Outcome {
    match decide(flow, stage, worklist, &[role], &d) {
        Ok(o) => o,
        Err(v) => panic!("{stage:?} {d:?} refused: {v:?}"),
    }
}

fn refused(flow: &ContactFlow, stage: Stage, worklist: Worklist, role: Role, d: Decision) -> Vec<&'static str> {
    match decide(flow, stage, worklist, &[role], &d) {
        Ok(o) => panic!("{stage:?} {d:?} should be refused, gave {o:?}"),
        Err(v) => v.iter().map(RuleViolation::code).collect(),
    }
}

/// The single next step of an outcome.
fn next(o: &Outcome) -> (Stage, Worklist, Assign) {
    assert_eq!(o.next.len(), 1, "one next step expected: {o:?}");
    (o.next[0].stage, o.next[0].worklist, o.next[0].assign)
}

fn written() -> ContactFlow {
    ContactFlow::new(ContactChannel::Inbox)
}

fn call(channel: ContactChannel) -> ContactFlow {
    ContactFlow::new(channel)
}

fn call_parent(o: &Outcome, worklist: Worklist, role: Role, when: &str, result: CallResult) -> Outcome {
    ok(&o.flow, Stage::ParentContact, worklist, role, Decision::ParentCall { at: at(when), result, note: String::new() })
}

#[test]
fn seed_000_insufficient_information_is_returned_and_closed() {
    let d = Decision::Level {
        level: Level::AdditionalNeeds,
        sufficient_information: false,
        consent: true,
        referrer_has_ongoing_relationship: true,
        rationale: WHY.into(),
    };
    let o = ok(&written(), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, d);
    assert_eq!(o.closes, Some(ContactOutcome::ReturnedForMoreInformation));
    assert_eq!(o.letters, vec![Letter::RequestForMoreInformation]);
    assert!(o.actions.contains(&Action::CopyToPartnerInCass), "copy also sent to Partner in CASS");
    assert!(o.next.is_empty());
}

#[test]
fn seed_000_universal_plus_with_an_ongoing_relationship_goes_back_for_an_eha() {
    let o = ok(&written(), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, level(Level::UniversalPlus, false, true));
    assert_eq!(o.closes, Some(ContactOutcome::ReturnedToUndertakeEha));
    assert_eq!(o.letters, vec![Letter::UndertakeEhaRequest]);
}

#[test]
fn seed_000_additional_needs_without_consent_from_a_known_referrer_goes_back_for_consent() {
    let o = ok(&written(), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, level(Level::AdditionalNeeds, false, true));
    assert_eq!(o.closes, Some(ContactOutcome::ReturnedToGainConsent));
    assert_eq!(o.letters, vec![Letter::GainConsentAndResubmit]);
}

#[test]
fn seed_004_universal_is_advice_with_the_outcomes_letter() {
    let o = ok(&written(), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, level(Level::Universal, false, false));
    assert_eq!(o.closes, Some(ContactOutcome::AdviceAndSignposting));
    assert_eq!(o.letters, vec![Letter::OutcomesLetter]);
}

#[test]
fn seed_000_universal_plus_without_a_relationship_eh_rao_gains_consent_for_what_the_parent_agreed() {
    let o = ok(&written(), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, level(Level::UniversalPlus, false, false));
    assert_eq!(next(&o), (Stage::ParentContact, Worklist::EarlyHelpReferralAndAdviceOfficer, Assign::Pool));
    let done = call_parent(
        &o,
        Worklist::EarlyHelpReferralAndAdviceOfficer,
        Role::EarlyHelpReferralAndAdviceOfficer,
        "2026-03-02 10:00",
        CallResult::Consented { scopes: vec![ConsentScope::SupportThroughEha, ConsentScope::SharingWithThirdParty] },
    );
    assert_eq!(done.closes, Some(ContactOutcome::EarlyHelpArranged));
    assert!(done.actions.contains(&Action::RequestPartnerAgencyEha));
    assert!(done.actions.contains(&Action::ShareWithAgreedAgency));
    assert!(!done.actions.contains(&Action::SendSignpostingToSingleAgency), "B was not agreed");
    assert!(done.flow.consent);
}

#[test]
fn seed_000_three_calls_at_different_times_then_the_contact_closes() {
    let o = ok(&written(), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, level(Level::UniversalPlus, false, false));
    let w = Worklist::EarlyHelpReferralAndAdviceOfficer;
    let r = Role::EarlyHelpReferralAndAdviceOfficer;
    let first = call_parent(&o, w, r, "2026-03-02 09:30", CallResult::NoAnswer);
    assert!(!first.completes_item && first.closes.is_none());
    // A second call ten minutes later is not "a different time of the day".
    let second = call_parent(&first, w, r, "2026-03-02 09:40", CallResult::NoAnswer);
    assert!(!second.completes_item);
    let third = call_parent(&second, w, r, "2026-03-02 13:00", CallResult::NoAnswer);
    assert!(!third.completes_item, "only two suitable calls so far");
    let fourth = call_parent(&third, w, r, "2026-03-03 17:30", CallResult::NoAnswer);
    assert!(fourth.completes_item);
    assert_eq!(fourth.closes, Some(ContactOutcome::ConsentNotGained));
    assert!(fourth.letters.is_empty(), "seed 000 closes the contact without a letter");
}

#[test]
fn seed_000_parent_refuses_and_the_contact_closes() {
    let o = ok(&written(), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, level(Level::UniversalPlus, false, false));
    let done = call_parent(&o, Worklist::EarlyHelpReferralAndAdviceOfficer, Role::EarlyHelpReferralAndAdviceOfficer, "2026-03-02 10:00", CallResult::Refused);
    assert_eq!(done.closes, Some(ContactOutcome::ConsentNotGained));
}

#[test]
fn seed_000_additional_needs_with_consent_goes_to_the_early_help_manager_who_allocates() {
    let o = ok(&written(), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, level(Level::AdditionalNeeds, true, true));
    assert_eq!(next(&o), (Stage::EarlyHelpManagerReview, Worklist::EarlyHelpManagersWorklist, Assign::Pool));
    let allocate = Decision::AllocateFamilySupport { service: FamilySupportService::ThinkFamilyTeam, rationale: WHY.into() };
    let a = ok(&o.flow, Stage::EarlyHelpManagerReview, Worklist::EarlyHelpManagersWorklist, Role::EarlyHelpManager, allocate);
    assert_eq!(next(&a), (Stage::FamilySupportAllocation, Worklist::ThinkFamilyTeam, Assign::Pool));
    let accepted = ok(&a.flow, Stage::FamilySupportAllocation, Worklist::ThinkFamilyTeam, Role::EarlyHelpManager, Decision::AllocationAccepted { summary: WHY.into() });
    assert_eq!(accepted.closes, Some(ContactOutcome::AllocatedToFamilySupport));
}

#[test]
fn seed_000_additional_needs_without_consent_eh_rao_rings_then_the_manager_allocates() {
    let o = ok(&written(), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, level(Level::AdditionalNeeds, false, false));
    assert_eq!(next(&o), (Stage::EarlyHelpManagerReview, Worklist::EarlyHelpManagersWorklist, Assign::Pool));
    let allocate = Decision::AllocateFamilySupport { service: FamilySupportService::AreaFamilySupportTeam, rationale: WHY.into() };
    assert_eq!(
        refused(&o.flow, Stage::EarlyHelpManagerReview, Worklist::EarlyHelpManagersWorklist, Role::EarlyHelpManager, allocate.clone()),
        vec!["consent_needed_for_family_support"]
    );
    let seek = ok(&o.flow, Stage::EarlyHelpManagerReview, Worklist::EarlyHelpManagersWorklist, Role::EarlyHelpManager, Decision::SeekConsent { instructions: WHY.into() });
    assert_eq!(next(&seek), (Stage::ParentContact, Worklist::EarlyHelpReferralAndAdviceOfficer, Assign::Pool));
    let consent = call_parent(
        &seek,
        Worklist::EarlyHelpReferralAndAdviceOfficer,
        Role::EarlyHelpReferralAndAdviceOfficer,
        "2026-03-02 11:00",
        CallResult::Consented { scopes: vec![ConsentScope::SupportThroughEha] },
    );
    assert_eq!(next(&consent), (Stage::EarlyHelpManagerReview, Worklist::EarlyHelpManagersWorklist, Assign::Pool));
    let a = ok(&consent.flow, Stage::EarlyHelpManagerReview, Worklist::EarlyHelpManagersWorklist, Role::EarlyHelpManager, allocate);
    assert_eq!(next(&a), (Stage::FamilySupportAllocation, Worklist::AreaFamilySupportTeam, Assign::Pool));
}

#[test]
fn seed_000_early_help_manager_finds_complex_and_significant_and_a_tm_must_agree() {
    let o = ok(&written(), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, level(Level::AdditionalNeeds, true, false));
    let p = ok(&o.flow, Stage::EarlyHelpManagerReview, Worklist::EarlyHelpManagersWorklist, Role::EarlyHelpManager, Decision::ProposeSocialWork { rationale: WHY.into() });
    assert_eq!(next(&p), (Stage::TeamManagerAgreement, Worklist::CassTeamManager, Assign::Pool));
    // The Early Help Manager cannot agree their own proposal.
    assert_eq!(
        refused(&p.flow, Stage::TeamManagerAgreement, Worklist::CassTeamManager, Role::EarlyHelpManager, Decision::Agree { rationale: WHY.into() }),
        vec!["not_your_worklist"]
    );
    let agreed = ok(&p.flow, Stage::TeamManagerAgreement, Worklist::CassTeamManager, Role::TeamManager, Decision::Agree { rationale: WHY.into() });
    assert_eq!(next(&agreed), (Stage::SocialWorkerAssessment, Worklist::CassSocialWorker, Assign::Pool));
    assert_eq!(agreed.flow.level, Some(Level::ComplexAndSignificant));
    let disagreed = ok(&p.flow, Stage::TeamManagerAgreement, Worklist::CassTeamManager, Role::TeamManager, Decision::SendBack { rationale: WHY.into() });
    assert_eq!(
        next(&disagreed),
        (Stage::EarlyHelpManagerReview, Worklist::EarlyHelpManagersWorklist, Assign::LastHolderOf(Stage::EarlyHelpManagerReview))
    );
}

#[test]
fn seed_000_early_help_manager_sets_universal_plus_actions_for_an_rao() {
    let o = ok(&written(), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, level(Level::AdditionalNeeds, true, false));
    let s = ok(&o.flow, Stage::EarlyHelpManagerReview, Worklist::EarlyHelpManagersWorklist, Role::EarlyHelpManager, Decision::SetActions { actions: WHY.into() });
    assert_eq!(next(&s), (Stage::RaoActions, Worklist::CassReferralAndAdviceOfficer, Assign::Pool));
    assert_eq!(s.flow.level, Some(Level::UniversalPlus));
    let d = ok(&s.flow, Stage::RaoActions, Worklist::CassReferralAndAdviceOfficer, Role::ReferralAndAdviceOfficer, Decision::ActionsDone { summary: WHY.into() });
    assert_eq!(d.closes, Some(ContactOutcome::ActionsCompleted));
}

#[test]
fn seed_000_complex_and_significant_social_worker_then_tm_then_asti() {
    let o = ok(&written(), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, level(Level::ComplexAndSignificant, false, true));
    let stages: Vec<(Stage, Worklist)> = o.next.iter().map(|n| (n.stage, n.worklist)).collect();
    assert_eq!(
        stages,
        vec![(Stage::SocialWorkerAssessment, Worklist::CassSocialWorker), (Stage::PartnerChecks, Worklist::RaoAdminBox)],
        "TM/SP e-mails the RAO ADMIN box for partner checks and reassigns to a CASS SW"
    );
    // seed: "004 consent": without the parent's consent the partner checks wait for a Duty
    // Manager's override.
    let checks_done = || Decision::ChecksDone { summary: WHY.into() };
    assert_eq!(refused(&o.flow, Stage::PartnerChecks, Worklist::RaoAdminBox, Role::ReferralAndAdviceOfficer, checks_done()), vec!["information_gathering_without_consent"]);
    let mut overridden = o.flow.clone();
    overridden.consent_overridden = true;
    let checks = ok(&overridden, Stage::PartnerChecks, Worklist::RaoAdminBox, Role::ReferralAndAdviceOfficer, checks_done());
    assert!(checks.next.is_empty() && checks.closes.is_none() && checks.completes_item);
    let r = ok(&o.flow, Stage::SocialWorkerAssessment, Worklist::CassSocialWorker, Role::CassSocialWorker, Decision::Recommend { level: Level::ComplexAndSignificant, rationale: WHY.into() });
    assert_eq!(next(&r), (Stage::TeamManagerReview, Worklist::CassTeamManager, Assign::Pool));
    assert!(r.flow.referral);
    let back = ok(&r.flow, Stage::TeamManagerReview, Worklist::CassTeamManager, Role::TeamManager, Decision::SendBack { rationale: WHY.into() });
    assert_eq!(
        next(&back),
        (Stage::SocialWorkerAssessment, Worklist::CassSocialWorker, Assign::LastHolderOf(Stage::SocialWorkerAssessment))
    );
    let agreed = ok(&r.flow, Stage::TeamManagerReview, Worklist::CassTeamManager, Role::TeamManager, Decision::Agree { rationale: WHY.into() });
    assert_eq!(next(&agreed), (Stage::FamilyAssessment, Worklist::AstiTeam, Assign::Pool));
    let started = ok(&agreed.flow, Stage::FamilyAssessment, Worklist::AstiTeam, Role::MashTeam, Decision::AssessmentStarted { summary: WHY.into() });
    assert_eq!(started.closes, Some(ContactOutcome::FamilyAssessment));
}

#[test]
fn seed_000_social_worker_steps_up_to_significant_harm_and_the_tm_sends_to_the_cp_worklist() {
    let o = ok(&written(), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, level(Level::ComplexAndSignificant, false, false));
    let r = ok(&o.flow, Stage::SocialWorkerAssessment, Worklist::CassSocialWorker, Role::CassSocialWorker, Decision::Recommend { level: Level::SignificantHarm, rationale: WHY.into() });
    let agreed = ok(&r.flow, Stage::TeamManagerReview, Worklist::CassTeamManager, Role::TeamManager, Decision::Agree { rationale: WHY.into() });
    assert_eq!(next(&agreed), (Stage::StrategyDiscussion, Worklist::CpWorklist, Assign::Pool));
    assert_eq!(agreed.flow.level, Some(Level::SignificantHarm));
    let held = ok(&agreed.flow, Stage::StrategyDiscussion, Worklist::CpWorklist, Role::MashTeam, Decision::StrategyDiscussionHeld { summary: WHY.into() });
    assert_eq!(held.closes, Some(ContactOutcome::StrategyDiscussion));
}

#[test]
fn seed_000_tm_can_agree_a_different_level_than_recommended() {
    let o = ok(&written(), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, level(Level::ComplexAndSignificant, false, false));
    let r = ok(&o.flow, Stage::SocialWorkerAssessment, Worklist::CassSocialWorker, Role::CassSocialWorker, Decision::Recommend { level: Level::ComplexAndSignificant, rationale: WHY.into() });
    let sh = ok(&r.flow, Stage::TeamManagerReview, Worklist::CassTeamManager, Role::TeamManager, Decision::ChangeLevel { level: Level::SignificantHarm, rationale: WHY.into() });
    assert_eq!(next(&sh), (Stage::StrategyDiscussion, Worklist::CpWorklist, Assign::Pool));
}

#[test]
fn seed_000_social_worker_steps_down_to_the_early_help_manager() {
    let o = ok(&written(), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, level(Level::ComplexAndSignificant, false, false));
    let r = ok(&o.flow, Stage::SocialWorkerAssessment, Worklist::CassSocialWorker, Role::CassSocialWorker, Decision::Recommend { level: Level::AdditionalNeeds, rationale: WHY.into() });
    assert_eq!(next(&r), (Stage::EarlyHelpManagerReview, Worklist::EarlyHelpManagersWorklist, Assign::Pool));
}

#[test]
fn seed_000_significant_harm_at_initial_analysis_goes_to_the_cp_worklist() {
    let o = ok(&written(), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, level(Level::SignificantHarm, false, false));
    assert_eq!(next(&o), (Stage::StrategyDiscussion, Worklist::CpWorklist, Assign::Pool));
    assert!(o.flow.referral);
}

#[test]
fn seed_000_emergency_duty_team_hand_back_is_analysed_like_a_written_request() {
    let o = ok(&call(ContactChannel::EdtHandBack), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, level(Level::AdditionalNeeds, true, false));
    assert_eq!(o.actions.first(), Some(&Action::EdtReassignsToCass));
    assert_eq!(next(&o), (Stage::EarlyHelpManagerReview, Worklist::EarlyHelpManagersWorklist, Assign::Pool));
}

#[test]
fn seed_000_phone_rao_advises_on_lower_levels_and_transfers_complex_ones() {
    let flow = call(ContactChannel::Phone);
    let advice = ok(&flow, Stage::Call, Worklist::CassReferralAndAdviceOfficer, Role::ReferralAndAdviceOfficer, level(Level::Universal, false, false));
    assert_eq!(advice.closes, Some(ContactOutcome::AdviceAndSignposting));
    assert_eq!(advice.actions.first(), Some(&Action::RaoOffersAdviceToCaller));
    let an = ok(&flow, Stage::Call, Worklist::CassReferralAndAdviceOfficer, Role::ReferralAndAdviceOfficer, level(Level::AdditionalNeeds, true, false));
    assert_eq!(next(&an), (Stage::EarlyHelpManagerReview, Worklist::EarlyHelpManagersWorklist, Assign::Pool));
    assert_eq!(
        refused(&flow, Stage::Call, Worklist::CassReferralAndAdviceOfficer, Role::ReferralAndAdviceOfficer, level(Level::ComplexAndSignificant, false, false)),
        vec!["social_worker_needed"]
    );
    let t = ok(&flow, Stage::Call, Worklist::CassReferralAndAdviceOfficer, Role::ReferralAndAdviceOfficer, Decision::TransferToSocialWorker);
    assert_eq!(next(&t), (Stage::Call, Worklist::CassSocialWorker, Assign::Pool));
}

#[test]
fn seed_000_phone_significant_harm_rao_admin_groups_then_back_to_the_phone_social_worker() {
    let flow = call(ContactChannel::Phone);
    let sw = ok(&flow, Stage::Call, Worklist::CassSocialWorker, Role::CassSocialWorker, level(Level::SignificantHarm, false, false));
    assert_eq!(next(&sw), (Stage::Grouping, Worklist::RaoAdminBox, Assign::Pool));
    assert!(sw.flow.referral);
    let g = ok(&sw.flow, Stage::Grouping, Worklist::RaoAdminBox, Role::ReferralAndAdviceOfficer, Decision::GroupingDone { summary: WHY.into() });
    assert_eq!(next(&g), (Stage::SocialWorkerAssessment, Worklist::CassSocialWorker, Assign::LastHolderOf(Stage::Call)));
    let r = ok(&g.flow, Stage::SocialWorkerAssessment, Worklist::CassSocialWorker, Role::CassSocialWorker, Decision::Recommend { level: Level::SignificantHarm, rationale: WHY.into() });
    let agreed = ok(&r.flow, Stage::TeamManagerReview, Worklist::CassTeamManager, Role::TeamManager, Decision::Agree { rationale: WHY.into() });
    assert_eq!(next(&agreed), (Stage::StrategyDiscussion, Worklist::CpWorklist, Assign::Pool));
}

#[test]
fn seed_004_a_child_with_an_allocated_worker_goes_to_that_worker() {
    let o = ok(&call(ContactChannel::Phone), Stage::Call, Worklist::CassReferralAndAdviceOfficer, Role::ReferralAndAdviceOfficer, Decision::PassToAllocatedWorker { summary: WHY.into() });
    assert_eq!(o.closes, Some(ContactOutcome::PassedToAllocatedWorker));
}

#[test]
fn seed_001_no_identifying_details_goes_to_the_team_leader_not_a_social_worker() {
    let flow = call(ContactChannel::AnonymousCall);
    let o = ok(&flow, Stage::Call, Worklist::CassReferralAndAdviceOfficer, Role::ReferralAndAdviceOfficer, Decision::NoIdentifyingDetails { summary: WHY.into() });
    assert_eq!(next(&o), (Stage::TeamLeaderDiscussion, Worklist::CassTeamLeader, Assign::Pool));
    assert!(!o.flow.child_identifiable);
    let closed = ok(&o.flow, Stage::TeamLeaderDiscussion, Worklist::CassTeamLeader, Role::TeamLeader, Decision::CloseWithAdvice { summary: WHY.into() });
    assert_eq!(closed.closes, Some(ContactOutcome::NoIdentifyingDetails));
    let found = ok(&o.flow, Stage::TeamLeaderDiscussion, Worklist::CassTeamLeader, Role::TeamLeader, Decision::TransferToSocialWorker);
    assert_eq!(next(&found), (Stage::SocialWorkerAssessment, Worklist::CassSocialWorker, Assign::Pool));
}

#[test]
fn seed_001_identifiable_anonymous_calls_are_transferred_straight_away() {
    let flow = call(ContactChannel::AnonymousCall);
    assert_eq!(
        refused(&flow, Stage::Call, Worklist::CassReferralAndAdviceOfficer, Role::ReferralAndAdviceOfficer, level(Level::UniversalPlus, false, false)),
        vec!["transfer_anonymous_call"]
    );
}

fn anonymous_to_social_worker(level_found: Level) -> Outcome {
    let flow = call(ContactChannel::AnonymousCall);
    let sw = ok(&flow, Stage::Call, Worklist::CassSocialWorker, Role::CassSocialWorker, level(level_found, false, false));
    assert_eq!(next(&sw), (Stage::Grouping, Worklist::RaoAdminBox, Assign::Pool), "001: Grouping/Relationships RAO sends contact to Social Worker");
    let g = ok(&sw.flow, Stage::Grouping, Worklist::RaoAdminBox, Role::ReferralAndAdviceOfficer, Decision::GroupingDone { summary: WHY.into() });
    assert_eq!(next(&g), (Stage::SocialWorkerAssessment, Worklist::CassSocialWorker, Assign::LastHolderOf(Stage::Call)));
    ok(&g.flow, Stage::SocialWorkerAssessment, Worklist::CassSocialWorker, Role::CassSocialWorker, Decision::Recommend { level: level_found, rationale: WHY.into() })
}

#[test]
fn seed_001_significant_harm_tm_agrees_the_strategy_discussion() {
    let r = anonymous_to_social_worker(Level::SignificantHarm);
    assert!(r.flow.referral, "the SW converts the contact to a referral");
    let agreed = ok(&r.flow, Stage::TeamManagerReview, Worklist::CassTeamManager, Role::TeamManager, Decision::Agree { rationale: WHY.into() });
    assert_eq!(next(&agreed), (Stage::StrategyDiscussion, Worklist::CpWorklist, Assign::Pool));
}

#[test]
fn seed_001_complex_and_significant_tm_opens_the_assessment_worklist() {
    let r = anonymous_to_social_worker(Level::ComplexAndSignificant);
    let agreed = ok(&r.flow, Stage::TeamManagerReview, Worklist::CassTeamManager, Role::TeamManager, Decision::Agree { rationale: WHY.into() });
    assert_eq!(next(&agreed), (Stage::FamilyAssessment, Worklist::AstiTeam, Assign::Pool));
}

#[test]
fn seed_001_additional_needs_parent_refuses_and_the_social_worker_closes() {
    let r = anonymous_to_social_worker(Level::AdditionalNeeds);
    assert_eq!(next(&r), (Stage::ParentContact, Worklist::CassSocialWorker, Assign::Actor));
    let refused_ = call_parent(&r, Worklist::CassSocialWorker, Role::CassSocialWorker, "2026-03-02 10:00", CallResult::Refused);
    assert_eq!(refused_.closes, Some(ContactOutcome::ConsentNotGained));
    assert!(refused_.actions.contains(&Action::SwClosesContactConsentRefused));
}

#[test]
fn seed_001_additional_needs_consent_goes_to_the_ehfs_desktop_recommending_family_support() {
    let r = anonymous_to_social_worker(Level::AdditionalNeeds);
    let c = call_parent(&r, Worklist::CassSocialWorker, Role::CassSocialWorker, "2026-03-02 10:00", CallResult::Consented { scopes: vec![ConsentScope::SupportThroughEha] });
    assert_eq!(next(&c), (Stage::EarlyHelpManagerReview, Worklist::EhfsTeamDesktop, Assign::Pool));
    assert!(c.actions.contains(&Action::RecommendFamilySupport));
    let a = ok(
        &c.flow,
        Stage::EarlyHelpManagerReview,
        Worklist::EhfsTeamDesktop,
        Role::EarlyHelpManager,
        Decision::AllocateFamilySupport { service: FamilySupportService::AreaFamilySupportTeam, rationale: WHY.into() },
    );
    assert_eq!(next(&a), (Stage::FamilySupportAllocation, Worklist::AreaFamilySupportTeam, Assign::Pool));
}

#[test]
fn seed_001_additional_needs_parent_not_reached_eh_rao_three_calls_then_the_letter() {
    let r = anonymous_to_social_worker(Level::AdditionalNeeds);
    let stop = ok(&r.flow, Stage::ParentContact, Worklist::CassSocialWorker, Role::CassSocialWorker, Decision::StopTrying { rationale: WHY.into() });
    assert_eq!(next(&stop), (Stage::EarlyHelpManagerReview, Worklist::EhfsTeamDesktop, Assign::Pool));
    let seek = ok(&stop.flow, Stage::EarlyHelpManagerReview, Worklist::EhfsTeamDesktop, Role::EarlyHelpManager, Decision::SeekConsent { instructions: WHY.into() });
    assert_eq!(next(&seek), (Stage::ParentContact, Worklist::EarlyHelpReferralAndAdviceOfficer, Assign::Pool));
    let (w, role) = (Worklist::EarlyHelpReferralAndAdviceOfficer, Role::EarlyHelpReferralAndAdviceOfficer);
    // An EH RAO cannot give up before three calls.
    assert_eq!(refused(&seek.flow, Stage::ParentContact, w, role, Decision::StopTrying { rationale: WHY.into() }), vec!["parent_contact_attempts_incomplete"]);
    let one = call_parent(&seek, w, role, "2026-03-02 09:15", CallResult::NoAnswer);
    let two = call_parent(&one, w, role, "2026-03-02 13:15", CallResult::NoAnswer);
    let three = call_parent(&two, w, role, "2026-03-03 18:00", CallResult::NoAnswer);
    assert_eq!(three.closes, Some(ContactOutcome::AnonymousReferralLetterSent));
    assert_eq!(three.letters, vec![Letter::AnonymousReferralParentLetter]);
}

#[test]
fn seed_001_universal_plus_rao_speaks_to_the_parent_or_writes_after_three_calls() {
    let r = anonymous_to_social_worker(Level::UniversalPlus);
    assert_eq!(next(&r), (Stage::ParentContact, Worklist::EarlyHelpTeamLeader, Assign::Pool));
    let (w, role) = (Worklist::EarlyHelpTeamLeader, Role::EarlyHelpReferralAndAdviceOfficer);
    let spoke = call_parent(&r, w, role, "2026-03-02 10:00", CallResult::Refused);
    assert_eq!(spoke.closes, Some(ContactOutcome::SupportDiscussedWithParent));
    let one = call_parent(&r, w, role, "2026-03-02 09:00", CallResult::NoAnswer);
    let two = call_parent(&one, w, role, "2026-03-02 12:00", CallResult::NoAnswer);
    let three = call_parent(&two, w, role, "2026-03-02 15:00", CallResult::NoAnswer);
    assert_eq!(three.letters, vec![Letter::AnonymousReferralParentLetter]);
    assert_eq!(three.closes, Some(ContactOutcome::AnonymousReferralLetterSent));
}

#[test]
fn roles_reasons_and_stages_are_checked() {
    let flow = written();
    assert_eq!(
        refused(&flow, Stage::InitialAnalysis, Worklist::CassTeamManager, Role::BusinessSupportOfficer, level(Level::Universal, false, false)),
        vec!["not_your_worklist"]
    );
    let no_reason = Decision::Level {
        level: Level::Universal,
        sufficient_information: true,
        consent: false,
        referrer_has_ongoing_relationship: false,
        rationale: "  ".into(),
    };
    assert_eq!(refused(&flow, Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, no_reason), vec!["decision_reason_missing"]);
    assert_eq!(
        refused(&flow, Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, Decision::Agree { rationale: WHY.into() }),
        vec!["decision_not_available"]
    );
    let no_scope = Decision::ParentCall { at: at("2026-03-02 10:00"), result: CallResult::Consented { scopes: vec![] }, note: String::new() };
    assert_eq!(
        refused(&flow, Stage::ParentContact, Worklist::EarlyHelpReferralAndAdviceOfficer, Role::EarlyHelpReferralAndAdviceOfficer, no_scope),
        vec!["consent_scope_missing"]
    );
}

fn utc(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(y, m, d).and_then(|d| d.and_hms_opt(12, 0, 0)).expect("date").and_utc()
}

#[test]
fn issue_5_point_8_repeat_concerns() {
    let now = utc(2026, 3, 10);
    let f = repeat_flags(now, &[utc(2026, 3, 3)], &[]);
    assert!(f.repeat_within_7_days, "exactly 7 days before counts");
    let f = repeat_flags(now, &[utc(2026, 3, 2)], &[]);
    assert!(!f.repeat_within_7_days, "8 days before does not");
    let f = repeat_flags(now, &[utc(2026, 3, 11)], &[utc(2025, 3, 10)]);
    assert!(!f.repeat_within_7_days, "later contacts are ignored");
    assert!(f.referral_within_12_months, "a referral 12 months to the day before counts");
    let f = repeat_flags(now, &[], &[utc(2025, 3, 9)]);
    assert!(!f.referral_within_12_months);
}

#[test]
fn every_step_has_a_stored_deadline_and_a_rag_state() {
    use domain::rules::{OfficeHours, WorkingCalendar};
    use domain::workflow::{rag_at, step_deadline, Rag};
    let cal = WorkingCalendar::builtin().expect("calendar");
    let hours = OfficeHours::default();
    // Friday 1 May 2026, 15:00 BST (14:00 UTC); Monday 4 May is the early May bank holiday.
    let started = "2026-05-01T14:00:00Z".parse::<DateTime<Utc>>().expect("time");
    let (d, due) = step_deadline(Stage::InitialAnalysis, started, &cal, &hours);
    assert_eq!(d.due, at("2026-05-05 15:00"), "24 office hours skip the weekend and the bank holiday");
    assert_eq!(due, "2026-05-05T14:00:00Z".parse::<DateTime<Utc>>().expect("time"), "stored in UTC");
    assert_eq!(rag_at(due, d.timescale, started, &cal), Rag::Amber, "due on the next working day");
    let (a, a_due) = step_deadline(Stage::FamilyAssessment, started, &cal, &hours);
    assert_eq!(rag_at(a_due, a.timescale, started, &cal), Rag::Green, "45 working days away");
    assert_eq!(rag_at(due, d.timescale, "2026-05-05T08:00:00Z".parse().expect("time"), &cal), Rag::Amber);
    assert_eq!(rag_at(due, d.timescale, "2026-05-05T14:01:00Z".parse().expect("time"), &cal), Rag::Red);
    for stage in Stage::ALL {
        let (d, due) = step_deadline(stage, started, &cal, &hours);
        assert!(due > started, "{stage:?}");
        assert_eq!(d.timescale, stage.timescale());
    }
}

#[test]
fn uk_local_round_trips_across_the_clock_changes() {
    use domain::rules::{uk_local_time, utc_from_uk_local};
    for s in ["2026-01-15T09:05:00Z", "2026-07-01T12:30:00Z", "2026-03-29T01:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"] {
        let t = s.parse::<DateTime<Utc>>().expect("time");
        let back = utc_from_uk_local(uk_local_time(t));
        // In the repeated hour in October both instants read the same; the earlier is chosen.
        assert!(back == t || back == t - chrono::Duration::hours(1), "{s}");
    }
}

/// Seed 004: "there will be times when the need for consent is overridden by the Duty Manager";
/// the override is the Duty Manager's alone, always with a reason, and only where consent is
/// needed for information gathering (Complex and Significant).
#[test]
fn seed_004_a_duty_manager_overrides_the_need_for_consent_with_a_reason() {
    let on = NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
    let cs = ok(&written(), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, level(Level::ComplexAndSignificant, false, true)).flow;
    assert_eq!(consent_route(&cs), Some(domain::rules::ConsentRoute::CassInformationGathering));
    assert!(information_gathering_waits(&cs));
    let codes = |r: Result<_, Vec<RuleViolation>>| r.expect_err("refused").iter().map(RuleViolation::code).collect::<Vec<_>>();
    // Table: (roles, reason, expected refusal codes); each row cites the seed.
    let rows: &[(&[Role], &str, &[&str])] = &[
        // seed 004: the Duty Manager, not a Team Manager.
        (&[Role::TeamManager], WHY, &["override_not_by_duty_manager"]),
        // seed 004 + issue 3: "always with a recorded reason".
        (&[Role::DutyManager], "", &["override_reason_missing"]),
        (&[Role::DutyManager], "risk", &["override_reason_missing"]),
        (&[Role::ReferralAndAdviceOfficer], " ", &["override_not_by_duty_manager", "override_reason_missing"]),
    ];
    for (roles, reason, expected) in rows {
        assert_eq!(&codes(check_consent_override(&cs, roles, reason, on)), expected, "{roles:?} {reason:?}");
    }
    let d = check_consent_override(&cs, &[Role::TeamManager, Role::DutyManager], &format!("  {WHY} "), on).expect("override");
    match d.basis {
        domain::rules::consent::DisclosureBasis::DutyManagerOverride { r#override } => {
            assert_eq!((r#override.by, r#override.reason.as_str()), (Role::DutyManager, WHY), "the reason is stored trimmed");
        }
        other => panic!("basis {other:?}"),
    }
    let mut done = cs.clone();
    done.consent_overridden = true;
    assert!(!information_gathering_waits(&done));
    assert_eq!(codes(check_consent_override(&done, &[Role::DutyManager], WHY, on)), vec!["consent_override_not_needed"], "not twice");
    // Nothing to override: consent given, no level yet, Significant Harm (not needed), and
    // early help, which is offered only with the family's agreement.
    let consented = ok(&written(), Stage::InitialAnalysis, Worklist::CassTeamManager, Role::TeamManager, level(Level::ComplexAndSignificant, true, true)).flow;
    assert!(!information_gathering_waits(&consented));
    assert_eq!(codes(check_consent_override(&consented, &[Role::DutyManager], WHY, on)), vec!["consent_override_not_needed"]);
    assert_eq!(codes(check_consent_override(&written(), &[Role::DutyManager], WHY, on)), vec!["consent_override_not_needed"]);
    let mut harm = cs.clone();
    harm.level = Some(Level::SignificantHarm);
    assert!(!information_gathering_waits(&harm), "consent is not needed at significant harm");
    assert_eq!(codes(check_consent_override(&harm, &[Role::DutyManager], WHY, on)), vec!["consent_override_not_needed"]);
    let mut early_help = cs.clone();
    early_help.level = Some(Level::AdditionalNeeds);
    assert_eq!(codes(check_consent_override(&early_help, &[Role::DutyManager], WHY, on)), vec!["override_not_allowed"]);
}
