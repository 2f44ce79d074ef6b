//! Issue 3 point 4: the four urgency criteria for an information request (seed 002), and Early
//! Help Assessment priority, mandatory fields and triage outcomes (seed 003).
mod common;

use common::*;
use domain::rules::eha::{
    eha_no_consent_route, missing_mandatory_fields, out_of_authority_route, EhaSource,
    MandatoryField, PersonDetails,
};
use domain::rules::irr::{
    check_response_address, irr_email_title, ResponseAddress, NON_URGENT_TITLE_MARK,
};
use domain::rules::{
    check_eha, check_irr_urgency, eha_priority, irr_urgency, triage_route, EhaForm, EhaPriority,
    Letter, Timescale, TriageOutcome, UrgencyCriterion, Worklist,
};

#[test]
fn an_irr_is_urgent_only_when_a_criterion_is_met() {
    use UrgencyCriterion::*;
    // (seed, recorded urgent, criteria, urgent?, refused?)
    let rows: [(&str, bool, &[UrgencyCriterion], bool, bool); 7] = [
        (
            "002 urgent criterion 1: another LA's S47 strategy discussion",
            true,
            &[OtherLaStrategyDiscussion],
            true,
            false,
        ),
        (
            "002 urgent criterion 2: court proceedings or a CP enquiry (CAFCASS)",
            true,
            &[CourtProceedingsOrCpEnquiry],
            true,
            false,
        ),
        (
            "002 urgent criterion 3: probation releasing a prisoner",
            true,
            &[ProbationReleasingPrisoner],
            true,
            false,
        ),
        (
            "002 urgent criterion 4: significant harm if not received promptly (police)",
            true,
            &[SignificantHarmIfDelayed],
            true,
            false,
        ),
        (
            "002 urgent: more than one criterion",
            true,
            &[SignificantHarmIfDelayed, OtherLaStrategyDiscussion],
            true,
            false,
        ),
        (
            "002 'None urgent': said urgent, no criterion",
            true,
            &[],
            false,
            true,
        ),
        ("002 non-urgent request", false, &[], false, false),
    ];
    for (seed, recorded, criteria, urgent, refused) in rows {
        assert_eq!(irr_urgency(criteria).is_urgent(), urgent, "seed: {seed}");
        let checked = check_irr_urgency(recorded, criteria);
        assert_eq!(checked.is_err(), refused, "seed: {seed}");
        if let Err(v) = checked {
            assert_eq!(v[0].code(), "urgency_criteria_not_met");
            assert!(v[0].to_string().contains("None urgent"));
        }
    }
    assert_eq!(UrgencyCriterion::ALL.len(), 4);
    // seed: "002 Professional states that request is urgent": the RAO inserts 'None urgent'.
    let u = irr_urgency(&[]);
    assert_eq!(
        irr_email_title("IRR: family at 1 Street", true, &u),
        format!("{NON_URGENT_TITLE_MARK}: IRR: family at 1 Street")
    );
    assert_eq!(irr_email_title("IRR", false, &u), "IRR");
    assert_eq!(
        irr_email_title("IRR", true, &irr_urgency(&[ProbationReleasingPrisoner])),
        "IRR"
    );
}

#[test]
fn the_response_goes_only_to_a_safe_address() {
    // seed: "002 RAO sends information to the requesting professional" (GDPR)
    let rows = [
        (
            "002 GDPR: the requester's own address",
            ResponseAddress::RequestersOwn,
            true,
        ),
        (
            "002 GDPR: a secure generic address",
            ResponseAddress::SecureGeneric,
            true,
        ),
        (
            "002 GDPR: a non-secure generic address",
            ResponseAddress::NonSecureGeneric,
            false,
        ),
    ];
    for (seed, addr, ok) in rows {
        assert_eq!(check_response_address(addr).is_ok(), ok, "seed: {seed}");
    }
}

#[test]
fn eha_priority_by_where_it_came_from() {
    let rows = [
        (
            "003 §1.1.2: received from MASH",
            EhaSource::Mash,
            EhaPriority::One,
        ),
        (
            "003 §1.1.2: received from MAET",
            EhaSource::Maet,
            EhaPriority::One,
        ),
        (
            "003 §1.1.2: all other routes (ecaf)",
            EhaSource::Ecaf,
            EhaPriority::Two,
        ),
        (
            "003 §1.1.2: all other routes (white mail)",
            EhaSource::WhiteMailOrElectronic,
            EhaPriority::Two,
        ),
        (
            "003 §1.1.2: all other routes (direct call)",
            EhaSource::DirectPhoneCall,
            EhaPriority::Two,
        ),
    ];
    for (seed, source, want) in rows {
        assert_eq!(eha_priority(source), want, "seed: {seed}");
    }
}

fn complete_form() -> EhaForm {
    EhaForm {
        source: Some(EhaSource::Mash),
        consent_given: true,
        child_name: "A Child".into(),
        child_date_of_birth: Some(date("2018-05-01")),
        child_address: "1 Example Road, Town".into(),
        child_postcode: "AB1 2CD".into(),
        parents_or_carers: vec!["A Parent".into()],
        siblings: Some(vec![PersonDetails {
            name: "A Sibling".into(),
            date_of_birth: Some(date("2020-01-01")),
        }]),
        other_household_members: Some(vec![]),
        ethnicity: "White British".into(),
        special_needs: "None".into(),
    }
}

/// (seed, change to a complete form, fields then missing)
type FieldRow = (&'static str, Box<dyn Fn(&mut EhaForm)>, Vec<MandatoryField>);
/// (seed, outcome, next worklist, closes, letters)
type TriageRow = (
    &'static str,
    TriageOutcome,
    Option<Worklist>,
    bool,
    &'static [Letter],
);

#[test]
fn eha_mandatory_fields() {
    use MandatoryField::*;
    let rows: Vec<FieldRow> = vec![
        ("003 §1.1: complete", Box::new(|_| {}), vec![]),
        (
            "003 §1.1 i) child's name",
            Box::new(|f| f.child_name = " ".into()),
            vec![ChildName],
        ),
        (
            "003 §1.1 i) DOB",
            Box::new(|f| f.child_date_of_birth = None),
            vec![ChildDateOfBirth],
        ),
        (
            "003 §1.1 i) address with postcode",
            Box::new(|f| {
                f.child_address.clear();
                f.child_postcode.clear();
            }),
            vec![ChildAddress, ChildPostcode],
        ),
        (
            "003 §1.1 ii) parents or carers",
            Box::new(|f| f.parents_or_carers = vec!["".into()]),
            vec![ParentOrCarerName],
        ),
        (
            "003 §1.1 iii) siblings not answered",
            Box::new(|f| f.siblings = None),
            vec![Siblings],
        ),
        (
            "003 §1.1 iii) sibling name and DOB",
            Box::new(|f| f.siblings = Some(vec![PersonDetails::default()])),
            vec![SiblingName { index: 0 }, SiblingDateOfBirth { index: 0 }],
        ),
        (
            "003 §1.1 iv) household members",
            Box::new(|f| f.other_household_members = None),
            vec![OtherHouseholdMembers],
        ),
        (
            "003 §1.1 iv) household member DOB",
            Box::new(|f| {
                f.other_household_members = Some(vec![PersonDetails {
                    name: "Lodger".into(),
                    date_of_birth: None,
                }])
            }),
            vec![HouseholdMemberDateOfBirth { index: 0 }],
        ),
        (
            "003 §1.1 v) ethnicity and special needs",
            Box::new(|f| {
                f.ethnicity.clear();
                f.special_needs.clear();
            }),
            vec![Ethnicity, SpecialNeeds],
        ),
    ];
    for (seed, change, want) in rows {
        let mut form = complete_form();
        change(&mut form);
        assert_eq!(missing_mandatory_fields(&form), want, "seed: {seed}");
        assert_eq!(check_eha(&form).is_ok(), want.is_empty(), "seed: {seed}");
    }
}

#[test]
fn an_eha_is_not_processed_without_consent_and_every_reason_is_given() {
    // seed: "003 §1.1": consent and all mandatory fields.
    let mut form = complete_form();
    form.consent_given = false;
    form.ethnicity.clear();
    let err = check_eha(&form).unwrap_err();
    let codes: Vec<&str> = err.iter().map(|v| v.code()).collect();
    assert_eq!(
        codes,
        ["eha_without_consent", "eha_mandatory_field_missing"]
    );
    assert!(err[1].to_string().contains("ethnicity"));
    // seed: "003 §1.1.2": accepted, priority 1 from MASH, confirmation letter, validation clock.
    let ok = check_eha(&complete_form()).unwrap();
    assert_eq!(ok.priority, EhaPriority::One);
    assert_eq!(ok.route.next_worklist, Some(Worklist::EarlyHelpTriage));
    assert_eq!(ok.route.letters, vec![Letter::EhaReceiptConfirmation]);
    assert_eq!(ok.route.timescales, vec![Timescale::EhaValidation]);
    // seed: "003 §1.1.1": no consent.
    let r = eha_no_consent_route();
    assert!(r.closes_contact);
    assert_eq!(r.letters, vec![Letter::EhaNoConsentLetter]);
    assert_eq!(
        r.timescales,
        vec![
            Timescale::EhaNoConsentLetter,
            Timescale::EhaDestroyAfterNoConsent
        ]
    );
}

#[test]
fn triage_outcomes() {
    let rows: [TriageRow; 6] = [
        (
            "003 §1.5",
            TriageOutcome::InsufficientInformation,
            None,
            true,
            &[],
        ),
        (
            "003 §1.6",
            TriageOutcome::BelowEarlyHelpLevel,
            None,
            true,
            &[Letter::BelowEarlyHelpLetter],
        ),
        (
            "003 §1.8 (Early Help Assessment Required)",
            TriageOutcome::EhaRequired,
            None,
            false,
            &[Letter::EhaNotReceivedLetter, Letter::EhaClosureLetter],
        ),
        (
            "003 §1.7",
            TriageOutcome::ProgressToCog,
            Some(Worklist::CogTeam),
            false,
            &[],
        ),
        (
            "003 §1.8 (FST criteria), §2.0",
            TriageOutcome::MeetsFstCriteria,
            Some(Worklist::FstGroup),
            false,
            &[],
        ),
        (
            "003 §1.9, §3.1, §3.2",
            TriageOutcome::MeetsLevel4,
            Some(Worklist::MashTeam),
            false,
            &[],
        ),
    ];
    for (seed, outcome, next, closes, letters) in rows {
        let r = triage_route(outcome);
        assert_eq!(r.seed, seed);
        assert_eq!(r.next_worklist, next, "seed: {seed}");
        assert_eq!(r.closes_contact, closes, "seed: {seed}");
        assert_eq!(r.letters, letters, "seed: {seed}");
    }
    // seed: "003 §6": out of authority.
    assert_eq!(
        out_of_authority_route(true).letters,
        vec![Letter::OutOfAuthorityClosureLetter]
    );
    assert_eq!(out_of_authority_route(false).seed, "003 §6.1.1");
}
