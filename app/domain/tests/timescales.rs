//! Issue 3 point 5: every deadline in codes-and-timescales.md, on its clock, with due-soon, due
//! and overdue states.
mod common;

use common::*;
use domain::rules::timescales::{
    check_step_down_notice, latest_step_down_notice, next_incomplete_eha_report, office_start, Span,
};
use domain::rules::{deadline, timescale_rule, Clock, DueState, OfficeHours, Timescale};

#[test]
fn every_timescale_has_a_rule_clock_and_citation() {
    use Timescale::*;
    // (seed, timescale, span, clock)
    let rows = [
        (
            "004 Time Scales",
            ContactInitialResponse,
            Span::Hours(24),
            Clock::OfficeHours,
        ),
        (
            "Working Together 2023",
            ReferralDecision,
            Span::WorkingDays(1),
            Clock::OfficeHours,
        ),
        (
            "Working Together 2023",
            InitialChildProtectionConference,
            Span::WorkingDays(15),
            Clock::OfficeHours,
        ),
        (
            "Working Together 2023",
            AssessmentCompletion,
            Span::WorkingDays(45),
            Clock::OfficeHours,
        ),
        (
            "003 §1.2",
            EhaValidation,
            Span::Hours(24),
            Clock::OfficeHours,
        ),
        (
            "003 §1.1.1",
            EhaNoConsentLetter,
            Span::Hours(24),
            Clock::OfficeHours,
        ),
        (
            "003 §1.1.1",
            EhaDestroyAfterNoConsent,
            Span::Days(30),
            Clock::Elapsed,
        ),
        (
            "003 §1.6",
            BelowEarlyHelpLetter,
            Span::Hours(48),
            Clock::OfficeHours,
        ),
        (
            "003 §1.8",
            EhaRequiredSubmission,
            Span::Days(7),
            Clock::Elapsed,
        ),
        (
            "003 §1.8",
            EhaRequiredClosureReview,
            Span::Days(14),
            Clock::Elapsed,
        ),
        (
            "003 §1.3",
            IncompleteEhaCompletion,
            Span::Days(7),
            Clock::Elapsed,
        ),
        (
            "003 §3.2",
            CscStepUpDecision,
            Span::Hours(24),
            Clock::OfficeHours,
        ),
        (
            "003 §3.2",
            StepUpEpisodeClosure,
            Span::Hours(24),
            Clock::OfficeHours,
        ),
        (
            "003 §5.1.2, §5.1.4",
            DisputeResolution,
            Span::Hours(24),
            Clock::OfficeHours,
        ),
        (
            "003 §4.2.1",
            StepDownNoConsentEmail,
            Span::Hours(24),
            Clock::OfficeHours,
        ),
        (
            "003 §4.4",
            StepDownNotice,
            Span::WorkingDays(10),
            Clock::OfficeHours,
        ),
        (
            "003 §4.4.3",
            StepDownIcsHandover,
            Span::WorkingDays(5),
            Clock::OfficeHours,
        ),
        ("003 §8.1", MashRed, Span::Hours(4), Clock::Elapsed),
        ("003 §8.1", MashAmber, Span::Hours(72), Clock::Elapsed),
        ("003 §7", ReturnInterview, Span::Hours(72), Clock::Elapsed),
        (
            "000 Additional Need identified; 001 (our reading)",
            ParentContactAttempts,
            Span::WorkingDays(3),
            Clock::OfficeHours,
        ),
        (
            "002 Professional states that request is urgent (our reading)",
            IrrUrgentResponse,
            Span::Hours(4),
            Clock::OfficeHours,
        ),
        (
            "003 §1.4 (our reading)",
            EhaTriageDecision,
            Span::WorkingDays(1),
            Clock::OfficeHours,
        ),
        (
            "002 RAO reviews requests (our reading)",
            IrrResponse,
            Span::WorkingDays(10),
            Clock::OfficeHours,
        ),
        (
            "002 OFSTED suitability checks via LADO (our reading)",
            OfstedSuitabilityResponse,
            Span::WorkingDays(10),
            Clock::OfficeHours,
        ),
    ];
    assert_eq!(Timescale::ALL.len(), rows.len());
    for (seed, t, span, clock) in rows {
        let r = timescale_rule(t);
        assert_eq!(r.seed, seed, "{t:?}");
        assert_eq!(r.span, span, "seed: {seed}");
        assert_eq!(r.clock, clock, "seed: {seed}");
        assert!(!t.label().is_empty() && !r.starts.is_empty());
    }
}

#[test]
fn deadlines_on_their_clocks() {
    use Timescale::*;
    let cal = calendar();
    let hours = OfficeHours::default();
    // (seed, timescale, started, due)
    let rows = [
        (
            "004 Time Scales: Friday afternoon to Monday",
            ContactInitialResponse,
            "2026-03-06 15:00",
            "2026-03-09 15:00",
        ),
        (
            "004 Time Scales: over Easter",
            ContactInitialResponse,
            "2026-04-02 10:00",
            "2026-04-07 10:00",
        ),
        (
            "004 Time Scales: arrives on a Saturday",
            ContactInitialResponse,
            "2026-03-07 11:00",
            "2026-03-10 09:00",
        ),
        (
            "004 Time Scales: arrives after closing",
            ContactInitialResponse,
            "2026-03-09 18:30",
            "2026-03-11 09:00",
        ),
        (
            "004 Time Scales: arrives before opening",
            ContactInitialResponse,
            "2026-03-09 07:00",
            "2026-03-10 09:00",
        ),
        (
            "003 §1.2: validation over Christmas",
            EhaValidation,
            "2026-12-24 10:00",
            "2026-12-29 10:00",
        ),
        (
            "003 §1.1.1",
            EhaNoConsentLetter,
            "2026-03-11 11:00",
            "2026-03-12 11:00",
        ),
        (
            "003 §1.6: 48 hours over Christmas",
            BelowEarlyHelpLetter,
            "2026-12-24 10:00",
            "2026-12-30 10:00",
        ),
        (
            "003 §3.2",
            CscStepUpDecision,
            "2026-03-11 11:00",
            "2026-03-12 11:00",
        ),
        (
            "003 §3.2",
            StepUpEpisodeClosure,
            "2026-03-13 16:00",
            "2026-03-16 16:00",
        ),
        (
            "003 §5.1.2",
            DisputeResolution,
            "2026-03-11 11:00",
            "2026-03-12 11:00",
        ),
        (
            "003 §4.2.1",
            StepDownNoConsentEmail,
            "2026-03-11 11:00",
            "2026-03-12 11:00",
        ),
        (
            "Working Together 2023: 1 working day",
            ReferralDecision,
            "2026-03-09 10:00",
            "2026-03-10 17:00",
        ),
        (
            "Working Together 2023: ICPC 15 working days",
            InitialChildProtectionConference,
            "2026-03-09 14:00",
            "2026-03-30 17:00",
        ),
        (
            "Working Together 2023: 45 working days over Christmas",
            AssessmentCompletion,
            "2026-11-16 09:30",
            "2027-01-21 17:00",
        ),
        (
            "003 §1.1.1: 30 days",
            EhaDestroyAfterNoConsent,
            "2026-03-01 10:00",
            "2026-03-31 10:00",
        ),
        (
            "003 §1.8: 7 days",
            EhaRequiredSubmission,
            "2026-03-09 10:00",
            "2026-03-16 10:00",
        ),
        (
            "003 §1.8: 14 days",
            EhaRequiredClosureReview,
            "2026-03-09 10:00",
            "2026-03-23 10:00",
        ),
        (
            "003 §1.3: 7 days",
            IncompleteEhaCompletion,
            "2026-03-11 10:00",
            "2026-03-18 10:00",
        ),
        (
            "003 §4.4.3: 5 working days",
            StepDownIcsHandover,
            "2026-12-17 10:00",
            "2026-12-24 17:00",
        ),
        (
            "003 §4.4: 10 working days' notice before the meeting",
            StepDownNotice,
            "2026-03-23 10:00",
            "2026-03-09 17:00",
        ),
        (
            "003 §8.1: Red 4 hours, round the clock",
            MashRed,
            "2026-03-06 16:00",
            "2026-03-06 20:00",
        ),
        (
            "003 §8.1: Amber 72 hours over a weekend",
            MashAmber,
            "2026-03-06 16:00",
            "2026-03-09 16:00",
        ),
        (
            "003 §7: return interview 72 hours",
            ReturnInterview,
            "2026-03-07 22:00",
            "2026-03-10 22:00",
        ),
    ];
    for (seed, t, started, due) in rows {
        let d = deadline(t, at(started), &cal, &hours);
        assert_eq!(d.due, at(due), "seed: {seed}");
        assert_eq!(d.clock, timescale_rule(t).clock, "seed: {seed}");
        assert_eq!(d.calendar_version, cal.version);
        assert!(!d.beyond_known_holidays, "seed: {seed}");
    }
    let late = deadline(AssessmentCompletion, at("2028-12-20 10:00"), &cal, &hours);
    assert!(
        late.beyond_known_holidays,
        "a deadline in 2029 is past the bank holidays file"
    );
}

#[test]
fn due_soon_due_and_overdue() {
    use Timescale::*;
    let cal = calendar();
    let hours = OfficeHours::default();
    let office = deadline(ContactInitialResponse, at("2026-03-09 09:00"), &cal, &hours); // due Tue 10 Mar 09:00
    let easter = deadline(ContactInitialResponse, at("2026-04-02 10:00"), &cal, &hours); // due Tue 7 Apr 10:00
    let amber = deadline(MashAmber, at("2026-03-06 16:00"), &cal, &hours); // due Mon 9 Mar 16:00
                                                                           // (seed, deadline, now, state)
    let rows = [
        (
            "004 Time Scales: the day it arrives",
            &office,
            "2026-03-09 09:30",
            DueState::DueSoon,
        ),
        (
            "004 Time Scales: a week before",
            &office,
            "2026-03-02 12:00",
            DueState::NotYetDue,
        ),
        (
            "004 Time Scales: deadline day",
            &office,
            "2026-03-10 08:00",
            DueState::Due,
        ),
        (
            "004 Time Scales: at the deadline",
            &office,
            "2026-03-10 09:00",
            DueState::Due,
        ),
        (
            "004 Time Scales: a minute late",
            &office,
            "2026-03-10 09:01",
            DueState::Overdue,
        ),
        (
            "004 Time Scales: Easter — due soon from the last working day before",
            &easter,
            "2026-04-02 15:00",
            DueState::DueSoon,
        ),
        (
            "004 Time Scales: Easter weekend",
            &easter,
            "2026-04-05 12:00",
            DueState::DueSoon,
        ),
        (
            "004 Time Scales: Easter, a week before",
            &easter,
            "2026-03-26 12:00",
            DueState::NotYetDue,
        ),
        (
            "003 §8.1 Amber: the day before, a Sunday",
            &amber,
            "2026-03-08 12:00",
            DueState::DueSoon,
        ),
        (
            "003 §8.1 Amber: Saturday",
            &amber,
            "2026-03-07 12:00",
            DueState::NotYetDue,
        ),
        (
            "003 §8.1 Amber: Monday morning",
            &amber,
            "2026-03-09 10:00",
            DueState::Due,
        ),
        (
            "003 §8.1 Amber: Monday evening",
            &amber,
            "2026-03-09 18:00",
            DueState::Overdue,
        ),
    ];
    for (seed, d, now, want) in rows {
        assert_eq!(d.state(at(now), &cal), want, "seed: {seed}");
    }
}

#[test]
fn office_hours_start_when_the_office_opens() {
    let cal = calendar();
    let h = OfficeHours::default();
    let rows = [
        (
            "during office hours",
            "2026-03-09 10:15",
            "2026-03-09 10:15",
        ),
        ("before opening", "2026-03-09 06:00", "2026-03-09 09:00"),
        ("after closing", "2026-03-09 17:30", "2026-03-10 09:00"),
        ("on a bank holiday", "2026-12-25 11:00", "2026-12-29 09:00"),
    ];
    for (why, a, want) in rows {
        assert_eq!(office_start(at(a), &cal, &h), at(want), "{why}");
    }
}

#[test]
fn step_down_notice_and_the_wednesday_report() {
    let cal = calendar();
    // seed: "003 §4.4": a minimum of 10 working days' notice.
    assert_eq!(
        latest_step_down_notice(&cal, date("2026-03-23")),
        date("2026-03-09")
    );
    assert_eq!(
        check_step_down_notice(&cal, date("2026-03-09"), date("2026-03-23")),
        Ok(10)
    );
    let err = check_step_down_notice(&cal, date("2026-03-10"), date("2026-03-23")).unwrap_err();
    assert_eq!(err[0].code(), "step_down_notice_too_short");
    assert!(err[0].to_string().contains("this gives 9"));
    // Over Christmas the notice needs more calendar days.
    assert_eq!(
        latest_step_down_notice(&cal, date("2027-01-08")),
        date("2026-12-22")
    );
    // seed: "003 §1.3": the weekly report every Wednesday.
    assert_eq!(
        next_incomplete_eha_report(date("2026-03-11")),
        date("2026-03-11")
    );
    assert_eq!(
        next_incomplete_eha_report(date("2026-03-12")),
        date("2026-03-18")
    );
    assert_eq!(
        next_incomplete_eha_report(date("2026-03-09")),
        date("2026-03-11")
    );
}
