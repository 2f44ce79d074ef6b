//! Issue 3 point 4: routing for each channel and level, as seeds 000, 001 and 002 say.
mod common;

use common::*;
use domain::rules::irr::{CscInvolvement, RequestDepth};
use domain::rules::routing::{
    check_parent_contact_letter, route_ofsted_suitability_check, suitable_call_count, CaseStatus,
    IrrFacts, ParentContact,
};
use domain::rules::{
    check_route, route_contact, route_inbox_filter, route_information_request, Action,
    ContactChannel, ContactFacts, Letter, Level, Worklist,
};

struct Row {
    seed: &'static str,
    channel: ContactChannel,
    facts: ContactFacts,
    next: Option<Worklist>,
    closes: bool,
    referral: bool,
    letters: &'static [Letter],
    first_action: Option<Action>,
}

fn f(level: Level) -> ContactFacts {
    ContactFacts::new(level)
}

#[test]
fn contacts_route_by_channel_and_level() {
    use ContactChannel::*;
    use Level::*;
    use Worklist::*;
    let rows = vec![
        // --- written Requests for Support (inbox and online form) ---
        Row {
            seed: "000 CASS Contacts (insufficient information)",
            channel: Inbox,
            facts: ContactFacts {
                sufficient_information: false,
                ..f(ComplexAndSignificant)
            },
            next: None,
            closes: true,
            referral: false,
            letters: &[Letter::RequestForMoreInformation],
            first_action: Some(Action::ReturnToReferrerForMoreInformation),
        },
        Row {
            seed: "000 CASS Contacts; 004 possible outcomes",
            channel: Inbox,
            facts: f(Universal),
            next: None,
            closes: true,
            referral: false,
            letters: &[Letter::OutcomesLetter],
            first_action: Some(Action::AdviseAndSignpost),
        },
        Row {
            seed: "000 CASS Contacts (Universal Plus, referrer with an ongoing relationship)",
            channel: Inbox,
            facts: ContactFacts {
                referrer_has_ongoing_relationship: true,
                ..f(UniversalPlus)
            },
            next: None,
            closes: true,
            referral: false,
            letters: &[Letter::UndertakeEhaRequest],
            first_action: Some(Action::ReturnToReferrerToUndertakeEha),
        },
        Row {
            seed: "000 Universal Plus identified",
            channel: Inbox,
            facts: f(UniversalPlus),
            next: Some(EarlyHelpReferralAndAdviceOfficer),
            closes: false,
            referral: false,
            letters: &[],
            first_action: Some(Action::EhRaoContactsParentForConsent),
        },
        Row {
            seed: "000 Universal Plus identified",
            channel: OnlineForm,
            facts: ContactFacts {
                parent_contact: ParentContact::SpokeAndConsented,
                ..f(UniversalPlus)
            },
            next: None,
            closes: true,
            referral: false,
            letters: &[],
            first_action: Some(Action::RequestPartnerAgencyEha),
        },
        Row {
            seed: "000 Universal Plus identified (consent not gained)",
            channel: Inbox,
            facts: ContactFacts {
                parent_contact: ParentContact::SpokeAndRefused,
                ..f(UniversalPlus)
            },
            next: None,
            closes: true,
            referral: false,
            letters: &[],
            first_action: None,
        },
        Row {
            seed: "000 Universal Plus identified (consent not gained: unable to contact parent)",
            channel: Inbox,
            facts: ContactFacts {
                parent_contact: ParentContact::CouldNotContact { calls: 3 },
                ..f(UniversalPlus)
            },
            next: None,
            closes: true,
            referral: false,
            letters: &[],
            first_action: None,
        },
        Row {
            seed: "000 Universal Plus identified",
            channel: Inbox,
            facts: ContactFacts {
                parent_contact: ParentContact::CouldNotContact { calls: 1 },
                ..f(UniversalPlus)
            },
            next: Some(EarlyHelpReferralAndAdviceOfficer),
            closes: false,
            referral: false,
            letters: &[],
            first_action: Some(Action::EhRaoContactsParentForConsent),
        },
        Row {
            seed: "000 CASS Contacts (Additional Needs, no consent, referrer has a relationship)",
            channel: Inbox,
            facts: ContactFacts {
                referrer_has_ongoing_relationship: true,
                ..f(AdditionalNeeds)
            },
            next: None,
            closes: true,
            referral: false,
            letters: &[Letter::GainConsentAndResubmit],
            first_action: Some(Action::ReturnToReferrerToGainConsent),
        },
        Row {
            seed: "000 Additional Need identified",
            channel: Inbox,
            facts: ContactFacts {
                consent: true,
                referrer_has_ongoing_relationship: true,
                ..f(AdditionalNeeds)
            },
            next: Some(EarlyHelpManagersWorklist),
            closes: false,
            referral: false,
            letters: &[],
            first_action: Some(Action::EarlyHelpManagerReviews),
        },
        Row {
            seed: "000 Additional Need identified",
            channel: OnlineForm,
            facts: f(AdditionalNeeds),
            next: Some(EarlyHelpManagersWorklist),
            closes: false,
            referral: false,
            letters: &[],
            first_action: Some(Action::EarlyHelpManagerReviews),
        },
        Row {
            seed: "000 Additional Need identified",
            channel: Inbox,
            facts: ContactFacts {
                parent_contact: ParentContact::SpokeAndConsented,
                ..f(AdditionalNeeds)
            },
            next: Some(AreaFamilySupportTeam),
            closes: false,
            referral: false,
            letters: &[],
            first_action: Some(Action::AllocateToFamilySupportOrThinkFamily),
        },
        Row {
            seed: "000 Additional Need identified",
            channel: Inbox,
            facts: ContactFacts {
                parent_contact: ParentContact::SpokeAndRefused,
                ..f(AdditionalNeeds)
            },
            next: None,
            closes: true,
            referral: false,
            letters: &[],
            first_action: None,
        },
        Row {
            seed: "000 CASS Contacts; 000 Complex and Significant",
            channel: Inbox,
            facts: f(ComplexAndSignificant),
            next: Some(CassSocialWorker),
            closes: false,
            referral: true,
            letters: &[],
            first_action: Some(Action::EmailRaoAdminBoxForPartnerChecks),
        },
        Row {
            seed: "000 Complex and Significant (Significant Harm)",
            channel: OnlineForm,
            facts: f(SignificantHarm),
            next: Some(CpWorklist),
            closes: false,
            referral: true,
            letters: &[],
            first_action: Some(Action::PrioritiseForStrategyDiscussion),
        },
        // --- phone ---
        Row {
            seed: "000 CASS Phone line; 004 possible outcomes",
            channel: Phone,
            facts: f(Universal),
            next: None,
            closes: true,
            referral: false,
            letters: &[Letter::OutcomesLetter],
            first_action: Some(Action::RaoOffersAdviceToCaller),
        },
        Row {
            seed: "000 CASS Phone line; 000 CASS Contacts (Universal Plus",
            channel: Phone,
            facts: ContactFacts {
                referrer_has_ongoing_relationship: true,
                ..f(UniversalPlus)
            },
            next: None,
            closes: true,
            referral: false,
            letters: &[Letter::UndertakeEhaRequest],
            first_action: Some(Action::RaoOffersAdviceToCaller),
        },
        Row {
            seed: "000 CASS Phone line; 000 Universal Plus identified",
            channel: Phone,
            facts: f(UniversalPlus),
            next: Some(EarlyHelpReferralAndAdviceOfficer),
            closes: false,
            referral: false,
            letters: &[],
            first_action: Some(Action::RaoOffersAdviceToCaller),
        },
        Row {
            seed: "000 CASS Phone line; 000 Additional Need identified",
            channel: Phone,
            facts: ContactFacts {
                consent: true,
                ..f(AdditionalNeeds)
            },
            next: Some(EarlyHelpManagersWorklist),
            closes: false,
            referral: false,
            letters: &[],
            first_action: Some(Action::RaoOffersAdviceToCaller),
        },
        Row {
            seed: "000 CASS Phone line; 000 Complex and Significant",
            channel: Phone,
            facts: f(ComplexAndSignificant),
            next: Some(RaoAdminBox),
            closes: false,
            referral: true,
            letters: &[],
            first_action: Some(Action::SwAdvisesCaller),
        },
        Row {
            seed: "000 CASS Phone line; 000 Complex and Significant (Significant Harm) phone",
            channel: Phone,
            facts: f(SignificantHarm),
            next: Some(RaoAdminBox),
            closes: false,
            referral: true,
            letters: &[],
            first_action: Some(Action::SwAdvisesCaller),
        },
        // --- anonymous calls ---
        Row {
            seed: "001 RAO: no details to identify the child/family",
            channel: AnonymousCall,
            facts: ContactFacts {
                child_identifiable: false,
                ..f(SignificantHarm)
            },
            next: Some(CassTeamLeader),
            closes: false,
            referral: false,
            letters: &[],
            first_action: Some(Action::DiscussWithCassTeamLeader),
        },
        Row {
            seed: "001 Complex & Significant (significant harm)",
            channel: AnonymousCall,
            facts: f(SignificantHarm),
            next: Some(CassSocialWorker),
            closes: false,
            referral: true,
            letters: &[],
            first_action: Some(Action::TransferToCassSocialWorker),
        },
        Row {
            seed: "001 Complex & Significant",
            channel: AnonymousCall,
            facts: f(ComplexAndSignificant),
            next: Some(CassSocialWorker),
            closes: false,
            referral: true,
            letters: &[],
            first_action: Some(Action::TransferToCassSocialWorker),
        },
        Row {
            seed: "001 Additional Needs",
            channel: AnonymousCall,
            facts: f(AdditionalNeeds),
            next: Some(CassSocialWorker),
            closes: false,
            referral: false,
            letters: &[],
            first_action: Some(Action::TransferToCassSocialWorker),
        },
        Row {
            seed: "001 Additional Needs (consent refused)",
            channel: AnonymousCall,
            facts: ContactFacts {
                parent_contact: ParentContact::SpokeAndRefused,
                ..f(AdditionalNeeds)
            },
            next: None,
            closes: true,
            referral: false,
            letters: &[],
            first_action: Some(Action::SwClosesContactConsentRefused),
        },
        Row {
            seed: "001 Additional Needs (consent given)",
            channel: AnonymousCall,
            facts: ContactFacts {
                parent_contact: ParentContact::SpokeAndConsented,
                ..f(AdditionalNeeds)
            },
            next: Some(EhfsTeamDesktop),
            closes: false,
            referral: false,
            letters: &[],
            first_action: Some(Action::RecommendFamilySupport),
        },
        Row {
            seed: "001 Additional Needs (parent not reached)",
            channel: AnonymousCall,
            facts: ContactFacts {
                parent_contact: ParentContact::CouldNotContact { calls: 0 },
                ..f(AdditionalNeeds)
            },
            next: Some(EhfsTeamDesktop),
            closes: false,
            referral: false,
            letters: &[],
            first_action: Some(Action::RecommendFamilySupport),
        },
        Row {
            seed: "001 Additional Needs (3 calls, then a letter)",
            channel: AnonymousCall,
            facts: ContactFacts {
                parent_contact: ParentContact::CouldNotContact { calls: 3 },
                ..f(AdditionalNeeds)
            },
            next: None,
            closes: true,
            referral: false,
            letters: &[Letter::AnonymousReferralParentLetter],
            first_action: None,
        },
        Row {
            seed: "001 Universal Plus",
            channel: AnonymousCall,
            facts: f(UniversalPlus),
            next: Some(EarlyHelpTeamLeader),
            closes: false,
            referral: false,
            letters: &[],
            first_action: Some(Action::TransferToCassSocialWorker),
        },
        Row {
            seed: "001 Universal Plus (RAO speaks to the parent)",
            channel: AnonymousCall,
            facts: ContactFacts {
                parent_contact: ParentContact::SpokeAndConsented,
                ..f(UniversalPlus)
            },
            next: None,
            closes: true,
            referral: false,
            letters: &[],
            first_action: Some(Action::RaoDiscussesSupportWithParent),
        },
        Row {
            seed: "001 Universal Plus (3 calls, then a letter)",
            channel: AnonymousCall,
            facts: ContactFacts {
                parent_contact: ParentContact::CouldNotContact { calls: 3 },
                ..f(UniversalPlus)
            },
            next: None,
            closes: true,
            referral: false,
            letters: &[Letter::AnonymousReferralParentLetter],
            first_action: None,
        },
        Row {
            seed: "001 (Social Worker speaks to caller); 004 possible outcomes",
            channel: AnonymousCall,
            facts: f(Universal),
            next: None,
            closes: true,
            referral: false,
            letters: &[Letter::OutcomesLetter],
            first_action: Some(Action::TransferToCassSocialWorker),
        },
        // --- Emergency Duty Team hand-back ---
        Row {
            seed: "000 Emergency Duty Team",
            channel: EdtHandBack,
            facts: ContactFacts {
                further_action_required: false,
                ..f(ComplexAndSignificant)
            },
            next: None,
            closes: true,
            referral: false,
            letters: &[],
            first_action: Some(Action::EdtNoHandBack),
        },
        Row {
            seed: "000 Emergency Duty Team; 000 Complex and Significant (Significant Harm)",
            channel: EdtHandBack,
            facts: f(SignificantHarm),
            next: Some(CpWorklist),
            closes: false,
            referral: true,
            letters: &[],
            first_action: Some(Action::EdtReassignsToCass),
        },
        Row {
            seed: "000 Emergency Duty Team; 000 Additional Need identified",
            channel: EdtHandBack,
            facts: ContactFacts {
                consent: true,
                ..f(AdditionalNeeds)
            },
            next: Some(EarlyHelpManagersWorklist),
            closes: false,
            referral: false,
            letters: &[],
            first_action: Some(Action::EdtReassignsToCass),
        },
    ];
    for r in rows {
        let route = route_contact(r.channel, &r.facts);
        assert!(
            route.seed.starts_with(r.seed),
            "seed: {}: route cites {:?}",
            r.seed,
            route.seed
        );
        assert_eq!(route.next_worklist, r.next, "seed: {}", r.seed);
        assert_eq!(route.closes_contact, r.closes, "seed: {}", r.seed);
        assert_eq!(route.becomes_referral, r.referral, "seed: {}", r.seed);
        assert_eq!(route.letters, r.letters, "seed: {}", r.seed);
        assert_eq!(
            route.actions.first().copied(),
            r.first_action,
            "seed: {}",
            r.seed
        );
        // What the rules give always passes the server's check.
        assert!(
            check_route(&route, route.next_worklist, route.closes_contact).is_ok(),
            "seed: {}",
            r.seed
        );
    }
}

#[test]
fn every_channel_and_level_has_a_cited_route() {
    for ch in ContactChannel::ALL {
        for level in Level::ALL {
            let r = route_contact(ch, &ContactFacts::new(level));
            assert!(r.seed.starts_with("00"), "{ch:?} {level:?}: {}", r.seed);
            assert!(
                r.closes_contact || r.next_worklist.is_some(),
                "{ch:?} {level:?} goes nowhere"
            );
            assert_eq!(r.becomes_referral, level.is_statutory(), "{ch:?} {level:?}");
        }
    }
}

#[test]
fn the_business_support_filter() {
    // (seed, status, for CASS, next, closes)
    let rows = [
        (
            "000 CASS Inbox: Business Support Service (BSS) Filter Process",
            CaseStatus::Open,
            true,
            Some(Worklist::AllocatedWorker),
            true,
        ),
        (
            "000 CASS Inbox: Business Support Service (BSS) Filter Process",
            CaseStatus::OpenInLastFourWeeks,
            true,
            Some(Worklist::CassTeamManager),
            false,
        ),
        (
            "000 CASS Inbox: BSS Filter Process; 000 CASS Contacts",
            CaseStatus::Closed,
            true,
            Some(Worklist::CassTeamManager),
            false,
        ),
        (
            "000 CASS Inbox: BSS Filter Process; 000 CASS Contacts",
            CaseStatus::Unknown,
            true,
            Some(Worklist::CassTeamManager),
            false,
        ),
        (
            "000 CASS Inbox: Business Support Service (BSS) Filter Process",
            CaseStatus::Unknown,
            false,
            None,
            true,
        ),
    ];
    for (seed, status, for_cass, next, closes) in rows {
        let r = route_inbox_filter(status, for_cass);
        assert_eq!(r.seed, seed);
        assert_eq!(r.next_worklist, next, "seed: {seed}");
        assert_eq!(r.closes_contact, closes, "seed: {seed}");
    }
}

#[test]
fn information_requests_route_as_seed_002_says() {
    use CscInvolvement::*;
    use RequestDepth::*;
    // (seed, involvement, depth, consent checked, next, closes, letter)
    let rows = [
        (
            "002 IRR received in CASS inbox (not known)",
            NotKnown,
            Detailed,
            None,
            None,
            true,
            Some(Letter::IrrLevelOneReply),
        ),
        (
            "002 IRR received in CASS inbox (level 1)",
            OpenWithAllocatedWorker,
            LevelOne,
            None,
            None,
            true,
            Some(Letter::IrrLevelOneReply),
        ),
        (
            "002 IRR received in CASS inbox (level 1)",
            ClosedWithHistory,
            LevelOne,
            None,
            None,
            true,
            Some(Letter::IrrLevelOneReply),
        ),
        (
            "002 IRR received in CASS inbox (allocated worker)",
            OpenWithAllocatedWorker,
            Detailed,
            None,
            Some(Worklist::AllocatedWorker),
            false,
            None,
        ),
        (
            "002 IRR received in CASS inbox (closed case)",
            ClosedWithHistory,
            Detailed,
            None,
            Some(Worklist::IrrFolder),
            false,
            None,
        ),
        (
            "002 Consent provided or consent not required",
            ClosedWithHistory,
            Detailed,
            Some(true),
            None,
            true,
            Some(Letter::IrrResponse),
        ),
        (
            "002 No Consent & consent is required",
            ClosedWithHistory,
            Detailed,
            Some(false),
            None,
            true,
            Some(Letter::IrrResubmitWithConsent),
        ),
    ];
    for (seed, involvement, depth, consent_ok, next, closes, letter) in rows {
        let r = route_information_request(&IrrFacts {
            involvement,
            depth,
            consent_ok,
        });
        assert!(r.seed.starts_with(seed), "seed: {seed}: {}", r.seed);
        assert_eq!(r.next_worklist, next, "seed: {seed}");
        assert_eq!(r.closes_contact, closes, "seed: {seed}");
        assert_eq!(r.letters.first().copied(), letter, "seed: {seed}");
    }
    let consent_ok = route_information_request(&IrrFacts {
        involvement: ClosedWithHistory,
        depth: Detailed,
        consent_ok: Some(true),
    });
    assert!(
        consent_ok
            .actions
            .contains(&Action::SaveResponseOnAllSiblings),
        "seed: 002 RAO sends information"
    );
    assert!(
        consent_ok.actions.contains(&Action::SendBySecureRoute),
        "seed: 002 RAO sends information"
    );
    // seed: "002 OFSTED suitability checks via LADO"
    assert_eq!(
        route_ofsted_suitability_check(false).letters,
        vec![Letter::OfstedSuitabilityResponse]
    );
    assert_eq!(
        route_ofsted_suitability_check(true).actions,
        vec![Action::LadoRespondsAlreadyAnswered]
    );
}

#[test]
fn the_server_refuses_the_wrong_next_step() {
    // seed: "000 Complex and Significant (Significant Harm)": must go to the CP worklist, not close.
    let r = route_contact(
        ContactChannel::Inbox,
        &ContactFacts::new(Level::SignificantHarm),
    );
    let err = check_route(&r, None, true).unwrap_err();
    let codes: Vec<&str> = err.iter().map(|v| v.code()).collect();
    assert_eq!(codes, ["wrong_worklist", "contact_must_not_close"]);
    assert!(err[0].to_string().contains("CP worklist"));
    // seed: "000 CASS Contacts (insufficient information)": the contact closes.
    let r = route_contact(
        ContactChannel::Inbox,
        &ContactFacts {
            sufficient_information: false,
            ..ContactFacts::new(Level::UniversalPlus)
        },
    );
    let err = check_route(&r, None, false).unwrap_err();
    assert_eq!(err[0].code(), "contact_must_close");
}

#[test]
fn three_calls_at_different_times_of_the_day_before_the_letter() {
    // (seed, calls, suitable count)
    let rows: [(&str, &[&str], u32); 5] = [
        (
            "001 Additional Needs: 3 calls at different times of the day",
            &["2026-03-09 09:30", "2026-03-09 12:00", "2026-03-10 16:00"],
            3,
        ),
        (
            "001: three calls in one hour are one time of day",
            &["2026-03-09 09:00", "2026-03-09 09:20", "2026-03-09 09:50"],
            1,
        ),
        (
            "001: same time on different days counts once",
            &["2026-03-09 10:00", "2026-03-10 10:00", "2026-03-11 10:30"],
            1,
        ),
        (
            "001: two times of day",
            &["2026-03-09 10:00", "2026-03-10 13:00"],
            2,
        ),
        ("001: no calls", &[], 0),
    ];
    for (seed, calls, want) in rows {
        let calls: Vec<_> = calls.iter().map(|c| at(c)).collect();
        assert_eq!(suitable_call_count(&calls), want, "seed: {seed}");
        assert_eq!(
            check_parent_contact_letter(&calls).is_ok(),
            want >= 3,
            "seed: {seed}"
        );
    }
}
