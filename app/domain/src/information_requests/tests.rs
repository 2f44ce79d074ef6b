use super::*;
use chrono::{NaiveDate, TimeZone};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().expect("valid time")
}

fn cal() -> WorkingCalendar {
    WorkingCalendar::builtin().expect("calendar")
}

#[test]
fn business_support_answers_not_known_and_level_one_and_passes_on_the_rest() {
    let r = business_support_check(CscInvolvement::NotKnown, RequestDepth::Detailed, "Not known to CSC").expect("ok");
    assert_eq!((r.status, r.outcome), (RequestStatus::Actioned, Some(RequestOutcome::NotKnownReply)));
    assert!(r.route.closes_contact);
    let r = business_support_check(CscInvolvement::OpenWithAllocatedWorker, RequestDepth::LevelOne, "Allocated to a worker in the East team").expect("ok");
    assert_eq!((r.status, r.outcome), (RequestStatus::Actioned, Some(RequestOutcome::LevelOneReply)));
    let r = business_support_check(CscInvolvement::ClosedWithHistory, RequestDepth::LevelOne, "Closed on 1 June 2021").expect("ok");
    assert_eq!(r.outcome, Some(RequestOutcome::LevelOneReply));
    let r = business_support_check(CscInvolvement::OpenWithAllocatedWorker, RequestDepth::Detailed, "").expect("ok");
    assert_eq!(r.status, RequestStatus::WithAllocatedWorker);
    assert!(r.save_to_case_notes && r.notify_allocated_worker);
    let r = business_support_check(CscInvolvement::ClosedWithHistory, RequestDepth::Detailed, "").expect("ok");
    assert_eq!((r.status, r.outcome), (RequestStatus::InIrrFolder, None));
    assert!(!r.save_to_case_notes && !r.notify_allocated_worker);
    // A reply is needed when Business Support answers.
    let e = business_support_check(CscInvolvement::NotKnown, RequestDepth::LevelOne, " ").err().expect("refused");
    assert_eq!(e.errors[0].field, "reply");
}

#[test]
fn no_two_raos_tag_one_request() {
    let rao = [Role::ReferralAndAdviceOfficer];
    assert_eq!(check_tag(&rao, RequestStatus::InIrrFolder, None, "me"), Ok(()));
    assert_eq!(check_tag(&rao, RequestStatus::InIrrFolder, Some(("me", "Me")), "me"), Ok(()));
    assert_eq!(
        check_tag(&rao, RequestStatus::InIrrFolder, Some(("other", "Sam Other")), "me"),
        Err(TagRefusal::TaggedByAnother { holder: "Sam Other".into() })
    );
    assert_eq!(check_tag(&rao, RequestStatus::Actioned, None, "me"), Err(TagRefusal::NotInFolder));
    assert_eq!(check_tag(&[Role::BusinessSupportOfficer], RequestStatus::InIrrFolder, None, "me"), Err(TagRefusal::NotAnRao));
    assert!(check_holder(RequestStatus::InIrrFolder, None, "me").is_err());
    assert!(check_holder(RequestStatus::InIrrFolder, Some(("me", "Me")), "me").is_ok());
}

#[test]
fn urgent_only_on_the_four_criteria_otherwise_none_urgent() {
    for c in UrgencyCriterion::ALL {
        let (u, title) = urgency_and_title("Request about A", &[c]);
        assert!(u.is_urgent(), "{c:?}");
        assert_eq!(title, "Request about A");
        assert_eq!(criterion_from_slug(criterion_slug(c)), Some(c));
    }
    let (u, title) = urgency_and_title("URGENT request about A", &[]);
    assert!(!u.is_urgent());
    assert_eq!(title, "None urgent: URGENT request about A");
    // Marked once.
    assert_eq!(urgency_and_title(&title, &[]).1, title);
    assert_eq!(criteria_from_slugs(&["court_proceedings_or_cp_enquiry".into(), "made_up".into()]), vec![UrgencyCriterion::CourtProceedingsOrCpEnquiry]);
}

#[test]
fn folder_is_urgent_first_then_oldest() {
    let mut items = vec![("old", false, utc(2026, 1, 1, 9, 0)), ("new-urgent", true, utc(2026, 1, 3, 9, 0)), ("mid", false, utc(2026, 1, 2, 9, 0)), ("old-urgent", true, utc(2026, 1, 2, 8, 0))];
    folder_order(&mut items, |i| i.1, |i| i.2);
    assert_eq!(items.iter().map(|i| i.0).collect::<Vec<_>>(), vec!["old-urgent", "new-urgent", "old", "mid"]);
}

fn given(by: ConsentGiver, form: ConsentForm) -> ConsentRecord {
    ConsentRecord::Given { given_by: by, form }
}

#[test]
fn consent_from_a_parent_in_writing_or_by_statement() {
    let on = day(2026, 3, 2);
    for form in [ConsentForm::Written, ConsentForm::ProfessionalStatement] {
        assert!(matches!(consent_gate(&given(ConsentGiver::Parent, form), on, None), Ok(GateOutcome::Proceed(_))));
    }
    // Verbal consent to CASS is not what the seed accepts from a professional; a carer cannot consent.
    assert!(matches!(consent_gate(&given(ConsentGiver::Parent, ConsentForm::Verbal), on, None), Ok(GateOutcome::ResubmitWithConsent { .. })));
    assert!(matches!(consent_gate(&given(ConsentGiver::Carer, ConsentForm::Written), on, None), Ok(GateOutcome::ResubmitWithConsent { .. })));
    match consent_gate(&ConsentRecord::NoConsent, on, None) {
        Ok(GateOutcome::ResubmitWithConsent { reasons }) => assert!(reasons[0].contains("no consent"), "{reasons:?}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_child_may_consent_from_the_day_they_turn_16() {
    let dob = day(2010, 3, 2);
    let child = given(ConsentGiver::ChildOrYoungPerson, ConsentForm::Written);
    // The birthday is the day of the request.
    assert!(matches!(consent_gate(&child, day(2026, 3, 2), Some(dob)), Ok(GateOutcome::Proceed(_))));
    assert!(child_may_consent(dob, day(2026, 3, 2)));
    // The day before, they are 15.
    match consent_gate(&child, day(2026, 3, 1), Some(dob)) {
        Ok(GateOutcome::ResubmitWithConsent { reasons }) => assert!(reasons[0].contains("this child was 15"), "{reasons:?}"),
        other => panic!("{other:?}"),
    }
    // A 29 February birthday is reached on 1 March in other years.
    assert!(matches!(consent_gate(&child, day(2024, 3, 1), Some(day(2008, 2, 29))), Ok(GateOutcome::Proceed(_))));
    assert!(!child_may_consent(day(2008, 2, 29), day(2024, 2, 28)));
    // Without a date of birth the RAO must find it: an error to fix, not a refusal.
    let e = consent_gate(&child, day(2026, 3, 2), None).err().expect("needs dob");
    assert_eq!(e.errors[0].field, "child_date_of_birth");
}

#[test]
fn each_exception_lifts_the_need_for_consent() {
    let on = day(2026, 3, 2);
    for (slug, _) in EXCEPTIONS {
        let e = exception_from(slug, "Police", "Officer says the child is at risk of significant harm from a visitor").expect(slug);
        match consent_gate(&ConsentRecord::Exception(e.clone()), on, None) {
            Ok(GateOutcome::Proceed(d)) => assert_eq!(d.basis, crate::rules::consent::DisclosureBasis::Exception { exception: e }),
            other => panic!("{slug}: {other:?}"),
        }
    }
    // A demonstrated risk of significant harm must say who and what.
    let bare = exception_from("significant_harm_demonstrated", "", "").expect("exception");
    let e = consent_gate(&ConsentRecord::Exception(bare), on, None).err().expect("needs details");
    assert_eq!(e.errors[0].field, "exception_details");
    assert_eq!(consent_record("exception", "", "", "plo_or_court_proceedings", "", ""), ConsentRecord::Exception(ConsentException::PloOrCourtProceedings));
    assert_eq!(consent_record("none", "parent", "written", "", "", ""), ConsentRecord::NoConsent);
}

#[test]
fn the_response_is_need_to_know_with_the_disclosures_team_for_detail() {
    let h = RecordedHistory {
        periods: vec![InvolvementPeriod { opened_on: day(2019, 3, 3), closed_on: Some(day(2021, 6, 1)) }],
        events: vec![
            KeyEvent { kind: KeyEventKind::ChildProtectionPlan, on: day(2019, 5, 1), note: String::new() },
            KeyEvent { kind: KeyEventKind::Assessment, on: day(2019, 3, 4), note: "completed".into() },
        ],
    };
    assert_eq!(period_text(&h), "3 March 2019 to 1 June 2021");
    assert_eq!(key_events_text(&h), "Assessment: 4 March 2019 (completed)\nChild protection plan: 1 May 2019");
    let d = ResponseDraft { period: period_text(&h), reasons: "Neglect".into(), key_events: key_events_text(&h), wants_assessment_detail: true };
    let text = compile_response(&d, "disclosures@council.example").expect("compiles");
    assert!(text.contains("Reasons for involvement: Neglect"));
    assert!(text.contains("Child protection plan: 1 May 2019"));
    assert!(text.contains("Disclosures Team at disclosures@council.example"));
    let e = compile_response(&ResponseDraft { wants_assessment_detail: true, ..Default::default() }, "").err().expect("refused");
    assert_eq!(e.errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), vec!["period", "reasons", "wants_assessment_detail"]);
    assert!(!check_agreement(&[Role::ReferralAndAdviceOfficer], "Agreed").is_ok());
    assert!(check_agreement(&[Role::TeamManager], "Agreed: dates only").is_ok());
}

#[test]
fn responses_go_only_to_the_requesters_own_or_a_secure_generic_address() {
    let list = SecureList::parse("# secure domains\n@police.example\nschool.gov.example\nsafeguarding@academy.example\n").expect("parses");
    assert_eq!(check_send_address("pat@anything.example", Some(AddressKind::RequestersOwn), &list), Ok(ResponseAddress::RequestersOwn));
    assert_eq!(check_send_address("mash@police.example", Some(AddressKind::Generic), &list), Ok(ResponseAddress::SecureGeneric));
    assert_eq!(check_send_address("desk@east.police.example", Some(AddressKind::Generic), &list), Ok(ResponseAddress::SecureGeneric));
    assert_eq!(check_send_address("Safeguarding@Academy.example", Some(AddressKind::Generic), &list), Ok(ResponseAddress::SecureGeneric));
    let e = check_send_address("office@academy.example", Some(AddressKind::Generic), &list).err().expect("blocked");
    assert_eq!(e.errors[0].field, "send_to");
    assert!(e.errors[0].message.contains("own e-mail address"));
    assert!(!list.is_secure("x@notpolice.example"));
    assert_eq!(check_send_address("not an address", Some(AddressKind::RequestersOwn), &list).err().expect("bad").errors[0].field, "send_to");
    assert_eq!(check_send_address("a@b.example", None, &list).err().expect("kind").errors[0].field, "address_kind");
    let e = SecureList::parse("ok.example\nnot a domain\nbad@\n").err().expect("bad lines");
    assert_eq!(e.errors.len(), 2);
    assert!(e.errors[0].message.starts_with("Line 2"));
}

#[test]
fn the_household_is_the_child_and_the_children_who_live_with_them() {
    let on = day(2026, 3, 2);
    let rel = |id: &str, kind: &str, household: bool, dob: Option<NaiveDate>| Relative { person_id: id.into(), kind: kind.into(), household_member: household, date_of_birth: dob };
    let relatives = vec![
        rel("sis", "sibling", true, Some(day(2015, 1, 1))),
        rel("away", "half_sibling", false, Some(day(2014, 1, 1))),
        rel("mum", "parent", true, None),
        rel("mum", "same_address", false, None),
        rel("lodger", "same_address", false, Some(day(1990, 1, 1))),
        rel("baby", "same_address", false, None),
        rel("sis", "same_address", false, Some(day(2015, 1, 1))),
    ];
    assert_eq!(household_children("ava", &relatives, on), vec!["ava", "sis", "baby"]);
}

#[test]
fn a_duplicate_ofsted_check_is_found_with_the_earlier_response() {
    let subject = |r: &str, n: &str, d: Option<NaiveDate>| OfstedSubject { ofsted_reference: r.into(), applicant_name: n.into(), applicant_date_of_birth: d };
    let earlier = vec![
        EarlierCheck { request_id: "1".into(), subject: subject("EY123", "Jo Bloggs", None), received_at: utc(2026, 1, 5, 9, 0), response: Some("Known: closed 2019".into()), responded_at: Some(utc(2026, 1, 6, 9, 0)) },
        EarlierCheck { request_id: "2".into(), subject: subject("", "Sam  Smith", Some(day(1980, 4, 1))), received_at: utc(2026, 1, 7, 9, 0), response: None, responded_at: None },
    ];
    let dup = find_duplicate(&subject(" ey123 ", "Someone", None), &earlier).expect("same reference");
    assert_eq!(dup.request_id, "1");
    assert_eq!(ofsted_route(Some(dup)).actions, vec![crate::rules::routing::Action::LadoRespondsAlreadyAnswered]);
    let dup = find_duplicate(&subject("", "sam smith", Some(day(1980, 4, 1))), &earlier).expect("same person");
    assert_eq!(dup.request_id, "2");
    // Not answered yet: CASS still reviews it.
    assert_eq!(ofsted_route(Some(dup)).actions, vec![crate::rules::routing::Action::ReviewHistoryForOfsted]);
    assert!(find_duplicate(&subject("", "Sam Smith", Some(day(1981, 4, 1))), &earlier).is_none());
    assert!(find_duplicate(&subject("", "Sam Smith", None), &earlier).is_none());
    assert!(!check_ofsted_subject(&OfstedSubject::default(), "").is_ok());
}

#[test]
fn urgent_requests_are_due_in_office_hours_and_the_rest_in_working_days() {
    let c = cal();
    let hours = OfficeHours::default();
    // Friday 6 March 2026, 16:00 GMT: one office hour left on Friday, three on Monday.
    let fri = utc(2026, 3, 6, 16, 0);
    let d = request_deadline(RequestKind::Professional, true, fri, &c, &hours);
    assert_eq!(d.timescale, Timescale::IrrUrgentResponse);
    assert_eq!(d.due, day(2026, 3, 9).and_hms_opt(12, 0, 0).expect("time"));
    let d = request_deadline(RequestKind::Professional, false, fri, &c, &hours);
    assert_eq!(d.due, day(2026, 3, 20).and_hms_opt(17, 0, 0).expect("time"));
    let d = request_deadline(RequestKind::OfstedSuitability, true, fri, &c, &hours);
    assert_eq!(d.timescale, Timescale::OfstedSuitabilityResponse);
    // Ages: hours when urgent, working days otherwise.
    assert_eq!(age_text(true, fri, utc(2026, 3, 6, 21, 30), &c), "5 hours");
    assert_eq!(age_text(true, fri, utc(2026, 3, 6, 17, 0), &c), "1 hour");
    assert_eq!(age_text(false, fri, utc(2026, 3, 10, 9, 0), &c), "2 working days");
    let due = day(2026, 3, 9).and_hms_opt(12, 0, 0).expect("time");
    assert_eq!(due_text(true, due, utc(2026, 3, 9, 9, 30)), "9 March 2026 at 12:00pm (in 3 hours)");
    assert_eq!(due_text(true, due, utc(2026, 3, 9, 13, 0)), "9 March 2026 at 12:00pm (overdue by 1 hour)");
    assert_eq!(due_text(false, due, utc(2026, 3, 10, 9, 0)), "9 March 2026 at 12:00pm (overdue)");
}

#[test]
fn intake_needs_the_requester_the_child_what_and_why_and_the_consent_position() {
    let today = day(2026, 3, 2);
    let e = check_intake(&IntakeForm::default(), today);
    let fields: Vec<&str> = e.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["requester_name", "requester_organisation", "requester_email", "child_name", "information_needed", "reason", "consent"]);
    let f = IntakeForm {
        requester_name: "Pat Doe".into(),
        requester_organisation: "Police".into(),
        requester_email: "pat.doe@police.example".into(),
        child_name: "Ava Example".into(),
        child_date_of_birth: "2010-03-02".into(),
        information_needed: "History".into(),
        reason: "Strategy discussion".into(),
        said_urgent: true,
        urgency_reason: "Strategy discussion tomorrow".into(),
        urgency_criteria: vec!["other_la_strategy_discussion".into()],
        consent: "exception".into(),
        exception: "significant_harm_demonstrated".into(),
        ..Default::default()
    };
    let e = check_intake(&f, today);
    assert_eq!(e.errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), vec!["exception_details"]);
    let f = IntakeForm { exception_details: "A risk from a released prisoner".into(), ..f };
    assert!(check_intake(&f, today).is_ok());
    let f = IntakeForm { requester_email: "pat at police".into(), child_date_of_birth: "2030-01-01".into(), consent: "consent_given".into(), ..f };
    let fields: Vec<String> = check_intake(&f, today).errors.into_iter().map(|e| e.field).collect();
    assert_eq!(fields, vec!["requester_email", "child_date_of_birth", "consent_given_by", "consent_form"]);
}
