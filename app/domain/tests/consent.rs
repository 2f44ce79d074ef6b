//! Issue 3 point 3: consent rules, exceptions, the Duty Manager's override and PR gating.
mod common;

use common::*;
use domain::rules::consent::{
    age_on, caller_may_be_told_about_child, ConsentForm, ConsentGiver, DisclosureBasis,
};
use domain::rules::{
    check_caller_disclosure, check_disclosure, consent_rule, ConsentEvidence, ConsentException,
    ConsentRoute, ConsentScope, DisclosureRequest, DutyManagerOverride,
};
use domain::Role;

#[test]
fn when_consent_is_needed_on_each_route() {
    use ConsentRoute::*;
    // (seed, route, needed, exceptions apply, Duty Manager may override)
    let cases = [
        (
            "000 Universal Plus identified",
            CassUniversalPlus,
            true,
            false,
            false,
        ),
        (
            "000 CASS Contacts; 000 Additional Need identified",
            CassAdditionalNeeds,
            true,
            false,
            false,
        ),
        (
            "004 What to expect (consent)",
            CassInformationGathering,
            true,
            false,
            true,
        ),
        (
            "000 Complex and Significant (Significant Harm); Working Together 2023",
            CassSignificantHarm,
            false,
            false,
            false,
        ),
        (
            "001 Universal Plus",
            AnonymousUniversalPlus,
            true,
            false,
            false,
        ),
        (
            "001 Additional Needs",
            AnonymousAdditionalNeeds,
            true,
            false,
            false,
        ),
        ("003 §1.1", EarlyHelpAssessment, true, false, false),
        ("003 §4.2", StepDown, true, false, false),
        ("003 §6.1", OutOfAuthority, true, false, false),
        (
            "002 RAO reviews requests",
            InformationRequest,
            true,
            true,
            false,
        ),
    ];
    for (seed, route, needed, exceptions, dm) in cases {
        let r = consent_rule(route);
        assert_eq!(r.needed, needed, "seed: {seed}");
        assert_eq!(r.exceptions_apply, exceptions, "seed: {seed}");
        assert_eq!(r.duty_manager_may_override, dm, "seed: {seed}");
        assert!(!r.without_consent.is_empty(), "seed: {seed}");
        assert!(r.seed.starts_with(&seed[..3]), "seed: {seed} vs {}", r.seed);
    }
    assert_eq!(ConsentRoute::ALL.len(), cases.len());
}

fn consent(
    by: ConsentGiver,
    form: ConsentForm,
    scopes: &[ConsentScope],
) -> Option<ConsentEvidence> {
    Some(ConsentEvidence {
        given_by: by,
        form,
        scopes: scopes.to_vec(),
    })
}

struct Case {
    seed: &'static str,
    req: DisclosureRequest,
    expect: Result<&'static str, &'static [&'static str]>,
}

fn req(route: ConsentRoute) -> DisclosureRequest {
    DisclosureRequest::new(route, date("2026-03-10"))
}

#[test]
fn disclosures_need_consent_an_exception_or_an_override() {
    use ConsentGiver::*;
    use ConsentRoute::*;
    use ConsentScope::*;
    let dm = |reason: &str| {
        Some(DutyManagerOverride {
            by: Role::DutyManager,
            reason: reason.into(),
        })
    };
    let cases = vec![
        Case {
            seed: "002 No Consent & consent is required",
            req: req(InformationRequest),
            expect: Err(&["disclosure_without_consent"]),
        },
        Case {
            seed: "002 RAO reviews requests: written consent from a parent",
            req: DisclosureRequest {
                consent: consent(Parent, ConsentForm::Written, &[]),
                ..req(InformationRequest)
            },
            expect: Ok("consent"),
        },
        Case {
            seed: "002 RAO reviews requests: a statement from the professional",
            req: DisclosureRequest {
                consent: consent(Parent, ConsentForm::ProfessionalStatement, &[]),
                ..req(InformationRequest)
            },
            expect: Ok("consent"),
        },
        Case {
            seed: "002 RAO reviews requests: only written consent or a professional's statement",
            req: DisclosureRequest {
                consent: consent(Parent, ConsentForm::Verbal, &[]),
                ..req(InformationRequest)
            },
            expect: Err(&["consent_form_not_accepted"]),
        },
        Case {
            seed: "002 RAO reviews requests: a carer cannot consent",
            req: DisclosureRequest {
                consent: consent(Carer, ConsentForm::Written, &[]),
                ..req(InformationRequest)
            },
            expect: Err(&["consent_giver_not_accepted"]),
        },
        Case {
            seed: "002 RAO reviews requests: the child aged 16 on the day (birthday today)",
            req: DisclosureRequest {
                consent: consent(ChildOrYoungPerson, ConsentForm::Written, &[]),
                child_date_of_birth: Some(date("2010-03-10")),
                ..req(InformationRequest)
            },
            expect: Ok("consent"),
        },
        Case {
            seed: "002 RAO reviews requests: the child is 15 (16 tomorrow)",
            req: DisclosureRequest {
                consent: consent(ChildOrYoungPerson, ConsentForm::Written, &[]),
                child_date_of_birth: Some(date("2010-03-11")),
                ..req(InformationRequest)
            },
            expect: Err(&["child_too_young_to_consent"]),
        },
        Case {
            seed: "002 RAO reviews requests: the child's date of birth is needed",
            req: DisclosureRequest {
                consent: consent(ChildOrYoungPerson, ConsentForm::Written, &[]),
                ..req(InformationRequest)
            },
            expect: Err(&["child_date_of_birth_needed"]),
        },
        Case {
            seed: "002 exceptions: LA undertaking a S47",
            req: DisclosureRequest {
                exception: Some(ConsentException::Section47Enquiry),
                ..req(InformationRequest)
            },
            expect: Ok("exception"),
        },
        Case {
            seed: "002 exceptions: CAFCASS or an LA writing S7 or S37 reports",
            req: DisclosureRequest {
                exception: Some(ConsentException::Section7Or37Report),
                ..req(InformationRequest)
            },
            expect: Ok("exception"),
        },
        Case {
            seed: "002 exceptions: PLO or court proceedings",
            req: DisclosureRequest {
                exception: Some(ConsentException::PloOrCourtProceedings),
                ..req(InformationRequest)
            },
            expect: Ok("exception"),
        },
        Case {
            seed: "002 exceptions: a professional demonstrates risk of significant harm (police)",
            req: DisclosureRequest {
                exception: Some(ConsentException::SignificantHarmDemonstrated {
                    agency: "Police".into(),
                    details:
                        "Officer reports the adult has convictions for offences against children."
                            .into(),
                }),
                ..req(InformationRequest)
            },
            expect: Ok("exception"),
        },
        Case {
            seed: "002 exceptions: significant harm must be demonstrated, not asserted",
            req: DisclosureRequest {
                exception: Some(ConsentException::SignificantHarmDemonstrated {
                    agency: "Probation".into(),
                    details: "".into(),
                }),
                ..req(InformationRequest)
            },
            expect: Err(&["significant_harm_not_demonstrated"]),
        },
        Case {
            seed: "002 exceptions apply to information requests only",
            req: DisclosureRequest {
                exception: Some(ConsentException::Section47Enquiry),
                ..req(CassAdditionalNeeds)
            },
            expect: Err(&["exception_not_applicable"]),
        },
        Case {
            seed:
                "004 What to expect: the Duty Manager overrides consent for information gathering",
            req: DisclosureRequest {
                duty_manager_override: dm("Family have moved twice; school raise neglect."),
                ..req(CassInformationGathering)
            },
            expect: Ok("duty_manager_override"),
        },
        Case {
            seed: "004 What to expect: the override always has a recorded reason",
            req: DisclosureRequest {
                duty_manager_override: dm(" "),
                ..req(CassInformationGathering)
            },
            expect: Err(&["override_reason_missing"]),
        },
        Case {
            seed: "004 What to expect: only the Duty Manager overrides",
            req: DisclosureRequest {
                duty_manager_override: Some(DutyManagerOverride {
                    by: Role::TeamManager,
                    reason: "A long enough reason".into(),
                }),
                ..req(CassInformationGathering)
            },
            expect: Err(&["override_not_by_duty_manager"]),
        },
        Case {
            seed: "003 §1.1: early help is by consent; no override",
            req: DisclosureRequest {
                duty_manager_override: dm("Wanted to move it on quickly."),
                ..req(EarlyHelpAssessment)
            },
            expect: Err(&["override_not_allowed"]),
        },
        Case {
            seed: "002 No Consent: no override for an information request",
            req: DisclosureRequest {
                duty_manager_override: dm("The school asked nicely enough."),
                ..req(InformationRequest)
            },
            expect: Err(&["override_not_allowed"]),
        },
        Case {
            seed: "000 Universal Plus identified: consent C to share with a third party",
            req: DisclosureRequest {
                scopes_needed: vec![SharingWithThirdParty],
                consent: consent(Parent, ConsentForm::Verbal, &[SupportThroughEha]),
                ..req(CassUniversalPlus)
            },
            expect: Err(&["consent_scope_missing"]),
        },
        Case {
            seed: "000 Universal Plus identified: consent A and C given",
            req: DisclosureRequest {
                scopes_needed: vec![SupportThroughEha, SharingWithThirdParty],
                consent: consent(
                    Parent,
                    ConsentForm::Verbal,
                    &[SupportThroughEha, SharingWithThirdParty],
                ),
                ..req(CassUniversalPlus)
            },
            expect: Ok("consent"),
        },
        Case {
            seed: "000 Additional Need identified: a carer may consent",
            req: DisclosureRequest {
                consent: consent(Carer, ConsentForm::Verbal, &[]),
                ..req(CassAdditionalNeeds)
            },
            expect: Ok("consent"),
        },
        Case {
            seed: "003 §4.1: a young person may consent to a step down",
            req: DisclosureRequest {
                consent: consent(ChildOrYoungPerson, ConsentForm::Written, &[]),
                ..req(StepDown)
            },
            expect: Ok("consent"),
        },
        Case {
            seed: "003 §1.1: no EHA without consent",
            req: req(EarlyHelpAssessment),
            expect: Err(&["disclosure_without_consent"]),
        },
        Case {
            seed: "Working Together 2023: significant harm needs no consent",
            req: req(CassSignificantHarm),
            expect: Ok("consent_not_needed"),
        },
        Case {
            seed: "issue 3 point 3: an invalid override is refused even with consent",
            req: DisclosureRequest {
                consent: consent(Parent, ConsentForm::Written, &[]),
                duty_manager_override: Some(DutyManagerOverride {
                    by: Role::ReferralAndAdviceOfficer,
                    reason: "A long enough reason".into(),
                }),
                ..req(CassInformationGathering)
            },
            expect: Err(&["override_not_by_duty_manager"]),
        },
    ];
    for c in cases {
        let got = check_disclosure(&c.req);
        match (got, c.expect) {
            (Ok(d), Ok(basis)) => {
                let b = match d.basis {
                    DisclosureBasis::ConsentNotNeeded => "consent_not_needed",
                    DisclosureBasis::Consent { .. } => "consent",
                    DisclosureBasis::Exception { .. } => "exception",
                    DisclosureBasis::DutyManagerOverride { .. } => "duty_manager_override",
                };
                assert_eq!(b, basis, "seed: {}", c.seed);
                assert_eq!(d.route, c.req.route);
            }
            (Err(v), Err(codes)) => {
                let got: Vec<&str> = v.iter().map(|x| x.code()).collect();
                assert_eq!(got, codes, "seed: {}", c.seed);
            }
            (got, want) => panic!("seed: {}: got {got:?}, wanted {want:?}", c.seed),
        }
    }
}

#[test]
fn the_decision_records_the_override_reason() {
    // seed: "004 What to expect": the reason is stored with the decision.
    let d = check_disclosure(&DisclosureRequest {
        duty_manager_override: Some(DutyManagerOverride {
            by: Role::DutyManager,
            reason: "  Risk of harm from a new partner.  ".into(),
        }),
        ..req(ConsentRoute::CassInformationGathering)
    })
    .unwrap();
    match &d.basis {
        DisclosureBasis::DutyManagerOverride { r#override } => {
            assert_eq!(r#override.reason, "Risk of harm from a new partner.")
        }
        other => panic!("{other:?}"),
    }
    let json = serde_json::to_string(&d).unwrap();
    assert_eq!(
        serde_json::from_str::<domain::rules::DisclosureDecision>(&json).unwrap(),
        d
    );
}

#[test]
fn age_on_the_day_of_the_request() {
    // seed: "002 RAO reviews requests": "the parent or child over 16", read as 16 or over on the day.
    let cases = [
        ("2010-03-10", "2026-03-10", Some(16)),
        ("2010-03-11", "2026-03-10", Some(15)),
        ("2008-02-29", "2024-02-28", Some(15)),
        ("2008-02-29", "2024-02-29", Some(16)),
        ("2008-02-29", "2025-02-28", Some(16)),
        ("2009-02-28", "2025-02-28", Some(16)),
        ("2026-03-11", "2026-03-10", None),
    ];
    for (dob, on, want) in cases {
        assert_eq!(age_on(date(dob), date(on)), want, "dob {dob} on {on}");
    }
    // A 29 February birthday is reached on 1 March in other years.
    assert_eq!(age_on(date("2010-02-28"), date("2026-02-27")), Some(15));
    assert_eq!(age_on(date("2012-02-29"), date("2028-02-28")), Some(15));
    assert_eq!(age_on(date("2012-02-29"), date("2028-02-29")), Some(16));
}

#[test]
fn parental_responsibility_gates_what_a_caller_is_told() {
    // (seed, staff role, caller has PR, expected violation codes)
    let cases: [(&str, Role, Option<bool>, &[&str]); 5] = [
        (
            "004 PR: with PR the worker may discuss the child",
            Role::CassSocialWorker,
            Some(true),
            &[],
        ),
        (
            "004 PR: without PR, information only",
            Role::CassSocialWorker,
            Some(false),
            &["no_parental_responsibility"],
        ),
        (
            "004 PR: the worker asks first",
            Role::ReferralAndAdviceOfficer,
            None,
            &["parental_responsibility_not_asked"],
        ),
        (
            "004 Business Support cannot discuss a case",
            Role::BusinessSupportOfficer,
            Some(true),
            &["business_support_cannot_discuss_case"],
        ),
        (
            "004 both",
            Role::BusinessSupportOfficer,
            Some(false),
            &[
                "business_support_cannot_discuss_case",
                "no_parental_responsibility",
            ],
        ),
    ];
    for (seed, role, pr, codes) in cases {
        let got: Vec<&str> = match check_caller_disclosure(role, pr) {
            Ok(()) => vec![],
            Err(v) => v.iter().map(|x| x.code()).collect(),
        };
        assert_eq!(got, codes, "seed: {seed}");
        assert_eq!(
            caller_may_be_told_about_child(pr),
            pr == Some(true),
            "seed: {seed}"
        );
    }
}

#[test]
fn an_online_request_needing_consent_from_a_referrer_who_knows_the_family_cannot_be_sent() {
    use domain::rules::routing::ParentContact;
    use domain::rules::{check_online_request_consent, ContactFacts, Level};
    // (seed section, level, consent, referrer has an ongoing relationship, parent contact, refused)
    let cases = [
        ("000 CASS Contacts: Additional Needs, no consent, referrer has a relationship", Level::AdditionalNeeds, false, true, ParentContact::NotYetTried, true),
        ("000 CASS Contacts: the same when the parent refused", Level::AdditionalNeeds, false, true, ParentContact::SpokeAndRefused, true),
        ("000 Additional Need identified: with consent it goes to the EH Manager", Level::AdditionalNeeds, true, true, ParentContact::NotYetTried, false),
        ("000 Additional Need identified: no relationship, an EH RAO rings the parent", Level::AdditionalNeeds, false, false, ParentContact::NotYetTried, false),
        ("000 CASS Contacts: Universal Plus is returned for an EHA, with consent gained then", Level::UniversalPlus, false, true, ParentContact::NotYetTried, false),
        ("000 CASS Contacts: Universal needs no consent to advise", Level::Universal, false, true, ParentContact::NotYetTried, false),
        ("000 Complex and Significant; 004 a Duty Manager may override consent", Level::ComplexAndSignificant, false, true, ParentContact::NotYetTried, false),
        ("000 Significant Harm: consent is not needed", Level::SignificantHarm, false, true, ParentContact::NotYetTried, false),
    ];
    for (seed, level, consent, relationship, parent_contact, refused) in cases {
        let mut f = ContactFacts::new(level);
        f.consent = consent;
        f.referrer_has_ongoing_relationship = relationship;
        f.parent_contact = parent_contact;
        let r = check_online_request_consent(&f);
        assert_eq!(r.is_err(), refused, "{seed}: {r:?}");
        if let Err(v) = r {
            assert_eq!(v.code(), "online_request_without_consent", "{seed}");
            let message = v.to_string();
            assert!(message.contains("Additional Needs") && message.contains("cannot be sent without consent"), "{seed}: {message}");
        }
    }
}
