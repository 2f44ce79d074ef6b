use super::*;
use chrono::TimeZone;

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().expect("valid time")
}

fn cal() -> WorkingCalendar {
    WorkingCalendar::builtin().expect("calendar")
}

const TYS: [Role; 1] = [Role::MashTysRepresentative];
const EH: [Role; 1] = [Role::MashEarlyHelpRepresentative];
const MASH: [Role; 1] = [Role::MashTeam];

fn form(kind: &str, priority: &str) -> NotificationForm {
    NotificationForm {
        kind: kind.into(),
        priority: priority.into(),
        child_name: "Ada Example".into(),
        concern: "Police notification after an incident at home".into(),
        ..NotificationForm::default()
    }
}

fn fields(v: &Validation) -> Vec<&str> {
    v.errors.iter().map(|e| e.field.as_str()).collect()
}

fn invalid(r: Result<impl std::fmt::Debug, PartRefusal>) -> Vec<String> {
    match r {
        Err(PartRefusal::Invalid(v)) => v.errors.into_iter().map(|e| e.field).collect(),
        other => panic!("expected mistakes, got {other:?}"),
    }
}

#[test]
fn each_priority_implies_its_timescale_and_green_has_none() {
    assert_eq!(Priority::Red.timescale(), Some(Timescale::MashRed));
    assert_eq!(Priority::Amber.timescale(), Some(Timescale::MashAmber));
    assert_eq!(Priority::Green.timescale(), None);
    assert!(Priority::Red.rank() < Priority::Amber.rank() && Priority::Amber.rank() < Priority::Green.rank());
    // The tag names the rating in words; colour is never the only cue.
    for p in Priority::ALL {
        assert!(p.tag_class().starts_with("govuk-tag"));
        assert!(!p.label().is_empty());
    }
}

#[test]
fn green_goes_on_to_the_early_help_desk_unless_it_is_domestic_abuse() {
    use NotificationKind::*;
    assert_eq!(starting_status(RequestForInformation, Priority::Green), NotificationStatus::SentToEarlyHelpDesk);
    assert_eq!(starting_status(DomesticAbuseChild, Priority::Green), NotificationStatus::AwaitingResponses);
    assert_eq!(starting_status(DomesticAbuse, Priority::Green), NotificationStatus::AwaitingResponses);
    assert_eq!(starting_status(RequestForInformation, Priority::Red), NotificationStatus::AwaitingResponses);
    assert_eq!(starting_status(RequestForInformation, Priority::Amber), NotificationStatus::AwaitingResponses);
    assert!(!NotificationStatus::SentToEarlyHelpDesk.is_open());
}

#[test]
fn a_green_notification_for_the_desk_says_whether_the_family_consented() {
    let now = utc(2025, 6, 2, 10, 0);
    // Sent on to the Early Help desk: the desk's consent gate needs to know.
    let e = check_notification(&form("request_for_information", "green"), now).err().expect("mistakes");
    assert_eq!(fields(&e), vec!["consent"]);
    for answer in ["yes", "no"] {
        let mut f = form("request_for_information", "green");
        f.consent = answer.into();
        assert_eq!(check_notification(&f, now).expect("valid").status, NotificationStatus::SentToEarlyHelpDesk);
    }
    // Green domestic abuse stays with the TYS representative, and Red and Amber are answered at
    // MASH: none of them goes to the desk, so none asks.
    assert!(check_notification(&form("domestic_abuse", "green"), now).is_ok());
    assert!(check_notification(&form("request_for_information", "red"), now).is_ok());
    // The EHA needs a first and a last name: one word will not do unless the record is linked.
    let mut f = form("request_for_information", "green");
    (f.consent, f.child_name) = ("yes".into(), "Ada".into());
    assert_eq!(fields(&check_notification(&f, now).err().expect("mistakes")), vec!["child_name"]);
    f.person_id = "p1".into();
    assert!(check_notification(&f, now).is_ok());
}

#[test]
fn a_green_notification_opens_an_eha_from_mash_with_what_it_carries() {
    let now = utc(2025, 6, 2, 10, 0);
    let mut f = form("request_for_information", "green");
    (f.consent, f.child_name, f.child_date_of_birth, f.mash_log_reference) = ("yes".into(), "Ada Mary Example".into(), "2015-03-27".into(), "ML-77".into());
    let c = check_notification(&f, now).expect("valid");
    let e = desk_intake(&f, &c, None, "Sam MASH");
    assert_eq!((e.source.as_str(), e.consent.as_str()), ("mash", "yes"));
    assert_eq!((e.child_given_name.as_str(), e.child_family_name.as_str(), e.child_date_of_birth.as_str()), ("Ada Mary", "Example", "27/03/2015"));
    assert_eq!((e.referrer_name.as_str(), e.referrer_organisation.as_str()), ("Sam MASH", "MASH team (MASH Log ML-77)"));
    assert_eq!(e.needs, "Police notification after an incident at home");
    assert_eq!(crate::rules::eha::EhaSource::from_slug(&e.source).map(crate::rules::eha::eha_priority), Some(crate::rules::eha::EhaPriority::One));
    // A linked record gives the names, date of birth, address and postcode as the index has them.
    let linked = LinkedChild { given_name: "Ada".into(), family_name: "Example".into(), date_of_birth: None, address: "1 High Street".into(), postcode: "B70 7AA".into() };
    let e = desk_intake(&f, &c, Some(&linked), "Sam MASH");
    assert_eq!((e.child_given_name.as_str(), e.child_address.as_str(), e.child_postcode.as_str(), e.child_date_of_birth.as_str()), ("Ada", "1 High Street", "B70 7AA", "27/03/2015"));
    assert!(crate::early_help::check_intake(&e, now.date_naive()).is_ok());
}

#[test]
fn red_is_due_four_hours_after_receipt_round_the_clock() {
    // Sunday 23:00 UK time (BST: 22:00 UTC) → Monday 03:00: the elapsed clock ignores weekends.
    let received = utc(2025, 6, 1, 22, 0);
    let (d, due) = response_deadline(Priority::Red, received, &cal()).expect("a clock");
    assert_eq!(d.timescale, Timescale::MashRed);
    assert_eq!(due, utc(2025, 6, 2, 2, 0));
    assert_eq!(d.calendar_version, cal().version);
    assert!(response_deadline(Priority::Green, received, &cal()).is_none());
}

#[test]
fn amber_is_due_72_hours_later_over_a_bank_holiday_weekend() {
    // Good Friday 2025 at 15:00 BST → Easter Monday at 15:00: 72 elapsed hours, holidays and all.
    let received = utc(2025, 4, 18, 14, 0);
    let (d, due) = response_deadline(Priority::Amber, received, &cal()).expect("a clock");
    assert_eq!(due, utc(2025, 4, 21, 14, 0));
    assert_eq!(d.clock, crate::rules::Clock::Elapsed);
}

#[test]
fn the_mash_team_records_a_notification_with_every_mistake_named() {
    let now = utc(2025, 6, 2, 10, 0);
    let c = check_notification(&form("request_for_information", "red"), now).expect("valid");
    assert_eq!((c.kind, c.priority, c.received_at, c.status), (NotificationKind::RequestForInformation, Priority::Red, now, NotificationStatus::AwaitingResponses));
    let e = check_notification(&NotificationForm::default(), now).err().expect("mistakes");
    assert_eq!(fields(&e), vec!["kind", "priority", "child_name", "concern"]);
    let mut f = form("domestic_abuse", "amber");
    f.child_date_of_birth = "2030-01-01".into();
    f.received_at = "2025-06-02T12:00".into(); // 11:00 UTC: an hour ahead of now
    f.concern = "x".repeat(MAX_SUMMARY + 1);
    f.mash_log_reference = "r".repeat(MAX_SHORT + 1);
    let e = check_notification(&f, now).err().expect("mistakes");
    assert_eq!(fields(&e), vec!["mash_log_reference", "child_date_of_birth", "concern", "received_at"]);
    let mut f = form("domestic_abuse", "amber");
    f.child_date_of_birth = "27/03/2015".into();
    f.received_at = "yesterday".into();
    assert_eq!(fields(&check_notification(&f, now).err().expect("mistakes")), vec!["child_date_of_birth", "received_at"]);
    // A time given is UK time.
    let mut f = form("domestic_abuse", "amber");
    f.received_at = "2025-06-02T09:30".into();
    f.child_date_of_birth = "2015-03-27".into();
    let c = check_notification(&f, now).expect("valid");
    assert_eq!(c.received_at, utc(2025, 6, 2, 8, 30));
    assert_eq!(c.child_date_of_birth, parse_date("2015-03-27"));
}

#[test]
fn who_may_do_what() {
    for r in [TYS.as_slice(), &EH, &MASH, &[Role::EarlyHelpManager]] {
        assert!(may_read(r));
    }
    for r in [[Role::Administrator], [Role::ReferralAndAdviceOfficer], [Role::BusinessSupportOfficer]] {
        assert!(!may_read(&r));
    }
    assert!(may_record(&MASH) && !may_record(&TYS) && !may_record(&EH));
    assert!(may_write(&TYS, ResponsePart::TysSynopsis) && !may_write(&TYS, ResponsePart::EarlyHelpSynopsis) && !may_write(&TYS, ResponsePart::Chronology));
    assert!(!may_write(&EH, ResponsePart::TysSynopsis) && may_write(&EH, ResponsePart::EarlyHelpSynopsis) && may_write(&EH, ResponsePart::Chronology));
    assert!(!may_write(&MASH, ResponsePart::TysSynopsis));
    assert!(may_return(&TYS, NotificationKind::DomesticAbuse) && !may_return(&EH, NotificationKind::DomesticAbuse));
    assert!(may_return(&EH, NotificationKind::RequestForInformation) && !may_return(&MASH, NotificationKind::RequestForInformation));
    assert!(may_record_discussion(&MASH) && !may_record_discussion(&TYS));
    assert!(may_log_outcome(&TYS) && !may_log_outcome(&EH) && !may_log_outcome(&MASH));
}

#[test]
fn parts_are_written_by_their_representative_while_waiting_for_responses() {
    use NotificationKind::*;
    use NotificationStatus::*;
    use ResponsePart::*;
    assert_eq!(check_part(&TYS, RequestForInformation, AwaitingResponses, TysSynopsis, "Known to TYS in 2024"), Ok(()));
    assert_eq!(check_part(&EH, RequestForInformation, AwaitingResponses, Chronology, "1 May 2024: EHA"), Ok(()));
    assert_eq!(check_part(&EH, RequestForInformation, AwaitingResponses, TysSynopsis, "x"), Err(PartRefusal::Role));
    assert_eq!(check_part(&TYS, DomesticAbuse, AwaitingResponses, TysSynopsis, "Checked every system"), Ok(()));
    // The domestic-abuse lists have no Early Help part.
    assert!(matches!(check_part(&EH, DomesticAbuseChild, AwaitingResponses, EarlyHelpSynopsis, "x"), Err(PartRefusal::State(_))));
    assert!(matches!(check_part(&TYS, RequestForInformation, ReturnedToMash, TysSynopsis, "x"), Err(PartRefusal::State(_))));
    assert_eq!(invalid(check_part(&TYS, RequestForInformation, AwaitingResponses, TysSynopsis, "  ")), vec!["tys_synopsis"]);
    assert_eq!(invalid(check_part(&EH, RequestForInformation, AwaitingResponses, Chronology, &"c".repeat(MAX_TEXT + 1))), vec!["chronology"]);
    assert_eq!(check_part(&EH, RequestForInformation, AwaitingResponses, Chronology, &"c".repeat(MAX_TEXT)), Ok(()));
}

#[test]
fn a_request_goes_back_only_with_both_synopses_and_the_chronology() {
    use NotificationKind::*;
    use NotificationStatus::*;
    let none = Written::default();
    assert_eq!(invalid(check_return(&TYS, RequestForInformation, AwaitingResponses, &none)), vec!["tys_synopsis", "eh_synopsis", "chronology"]);
    let some = Written { tys_synopsis: "TYS", eh_synopsis: "EH", chronology: " " };
    assert_eq!(invalid(check_return(&EH, RequestForInformation, AwaitingResponses, &some)), vec!["chronology"]);
    let all = Written { tys_synopsis: "TYS", eh_synopsis: "EH", chronology: "Events" };
    assert_eq!(check_return(&EH, RequestForInformation, AwaitingResponses, &all), Ok(()));
    assert_eq!(check_return(&MASH, RequestForInformation, AwaitingResponses, &all), Err(PartRefusal::Role));
    assert!(matches!(check_return(&EH, RequestForInformation, ReturnedToMash, &all), Err(PartRefusal::State(_))));
    // Domestic abuse: the TYS synopsis is the whole response.
    assert_eq!(invalid(check_return(&TYS, DomesticAbuse, AwaitingResponses, &none)), vec!["tys_synopsis"]);
    let tys = Written { tys_synopsis: "Collated", ..Written::default() };
    assert_eq!(check_return(&TYS, DomesticAbuseChild, AwaitingResponses, &tys), Ok(()));
    assert_eq!(missing_parts(RequestForInformation, &tys), vec![ResponsePart::EarlyHelpSynopsis, ResponsePart::Chronology]);
}

#[test]
fn the_mash_discussion_rates_the_case_again() {
    use NotificationStatus::*;
    let d = check_discussion(&MASH, ReturnedToMash, "green", "Early Help support agreed").expect("ok");
    assert_eq!((d.rating, d.status), (Priority::Green, GreenAwaitingLog));
    let d = check_discussion(&MASH, ReturnedToMash, "amber", "Single Assessment by MAET").expect("ok");
    assert_eq!((d.rating, d.status), (Priority::Amber, Discussed));
    assert_eq!(check_discussion(&TYS, ReturnedToMash, "green", "x"), Err(PartRefusal::Role));
    assert!(matches!(check_discussion(&MASH, AwaitingResponses, "green", "x"), Err(PartRefusal::State(_))));
    assert_eq!(invalid(check_discussion(&MASH, ReturnedToMash, "purple", "")), vec!["rating", "discussion_outcome"]);
}

#[test]
fn green_after_mash_is_logged_with_its_outcome_and_date() {
    use NotificationStatus::*;
    let received = utc(2025, 6, 2, 9, 0);
    let now = utc(2025, 6, 4, 12, 0);
    let (o, d) = check_log(&TYS, GreenAwaitingLog, "sent_to_early_help_desk", "2025-06-04", received, now).expect("ok");
    assert_eq!((o, d), (LoggedOutcome::SentToEarlyHelpDesk, parse_date("2025-06-04").expect("date")));
    assert_eq!(check_log(&EH, GreenAwaitingLog, "sent_to_early_help_desk", "2025-06-04", received, now), Err(PartRefusal::Role));
    assert!(matches!(check_log(&TYS, Discussed, "sent_to_early_help_desk", "2025-06-04", received, now), Err(PartRefusal::State(_))));
    assert_eq!(invalid(check_log(&TYS, GreenAwaitingLog, "", "", received, now)), vec!["logged_outcome", "logged_on"]);
    assert_eq!(invalid(check_log(&TYS, GreenAwaitingLog, "no_further_action", "2025-06-05", received, now)), vec!["logged_on"]);
    assert_eq!(invalid(check_log(&TYS, GreenAwaitingLog, "no_further_action", "2025-06-01", received, now)), vec!["logged_on"]);
    for o in LoggedOutcome::ALL {
        assert_eq!(LoggedOutcome::from_slug(o.slug()), Some(*o));
    }
}

#[test]
fn the_clock_shows_red_amber_or_green_and_how_long_is_left() {
    let c = cal();
    let received = utc(2025, 6, 2, 8, 0);
    let (_, due) = response_deadline(Priority::Amber, received, &c).expect("clock");
    assert_eq!(due_state(due, Timescale::MashAmber, received, &c), Rag::Green);
    assert_eq!(due_state(due, Timescale::MashAmber, utc(2025, 6, 4, 8, 0), &c), Rag::Amber);
    assert_eq!(due_state(due, Timescale::MashAmber, utc(2025, 6, 5, 8, 1), &c), Rag::Red);
    assert_eq!(due_text(due, received), "due in 3 days");
    assert_eq!(due_text(due, utc(2025, 6, 5, 6, 40)), "due in 1 hour 20 minutes");
    assert_eq!(due_text(due, utc(2025, 6, 5, 7, 59)), "due in 1 minute");
    assert_eq!(due_text(due, utc(2025, 6, 6, 10, 0)), "overdue by 1 day 2 hours");
    assert_eq!(responded_text(due, utc(2025, 6, 4, 8, 0)), "Returned within the timescale");
    assert_eq!(responded_text(due, utc(2025, 6, 5, 10, 0)), "Returned late by 2 hours");
}

#[test]
fn the_log_puts_red_first_then_the_soonest_due() {
    let t = |h| utc(2025, 6, 2, h, 0);
    let mut rows = vec![(Priority::Green, None, t(1)), (Priority::Amber, Some(t(20)), t(2)), (Priority::Red, Some(t(9)), t(5)), (Priority::Amber, Some(t(10)), t(3)), (Priority::Red, Some(t(8)), t(4))];
    rows.sort_by(|a, b| log_order(*a, *b));
    let order: Vec<_> = rows.iter().map(|r| (r.0, r.2)).collect();
    assert_eq!(order, vec![(Priority::Red, t(4)), (Priority::Red, t(5)), (Priority::Amber, t(3)), (Priority::Amber, t(2)), (Priority::Green, t(1))]);
}

#[test]
fn slugs_round_trip() {
    for k in NotificationKind::ALL {
        assert_eq!(NotificationKind::from_slug(k.slug()), Some(*k));
    }
    for s in NotificationStatus::ALL {
        assert_eq!(NotificationStatus::from_slug(s.slug()), Some(*s));
    }
    for p in ResponsePart::ALL {
        assert_eq!(ResponsePart::from_slug(p.slug()), Some(*p));
    }
    assert_eq!(Priority::from_slug("red"), Some(Priority::Red));
    assert!(NotificationKind::DomesticAbuseChild.is_domestic_abuse() && !NotificationKind::RequestForInformation.is_domestic_abuse());
}
