use super::*;
use chrono::TimeZone;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 10, 0, 0).single().expect("valid time")
}

fn complete_intake() -> IntakeForm {
    IntakeForm {
        source: "mash".into(),
        referrer_name: "A Referrer".into(),
        referrer_organisation: "Hill School".into(),
        referrer_email: "referrer@example.org".into(),
        consent: "yes".into(),
        child_given_name: "Sam".into(),
        child_family_name: "Green".into(),
        child_date_of_birth: "01/02/2016".into(),
        child_address: "1 High Street".into(),
        child_postcode: "B70 7AB".into(),
        parents_or_carers: "Jo Green".into(),
        siblings: "Alex Green, 03/04/2018".into(),
        no_household_members: true,
        ethnicity: "White British".into(),
        special_needs: "None".into(),
        ..IntakeForm::default()
    }
}

fn facts(f: &IntakeForm) -> DeskFacts {
    DeskFacts { form: eha_form(f), cin_primary: Some("N1".into()), authorities: vec!["Birmingham".into(), "Walsall".into()], ..DeskFacts::default() }
}

#[test]
fn a_complete_eha_with_consent_goes_to_validation_with_the_receipt_letter_and_its_priority() {
    let o = decide(DeskStage::ConsentCheck, &DeskDecision::Accept, &facts(&complete_intake()), now()).expect("accepted");
    assert_eq!(o.next, Some(DeskStage::Validation));
    assert_eq!(o.letters, vec![Letter::EhaReceiptConfirmation]);
    assert_eq!(o.priority, Some(EhaPriority::One), "MASH is priority 1");
    let mut f = complete_intake();
    f.source = "white_mail".into();
    assert_eq!(decide(DeskStage::ConsentCheck, &DeskDecision::Accept, &facts(&f), now()).expect("accepted").priority, Some(EhaPriority::Two));
}

#[test]
fn accepting_refuses_every_missing_mandatory_field_and_no_consent() {
    let mut f = complete_intake();
    f.consent = "no".into();
    f.child_postcode.clear();
    f.siblings = "Alex Green".into();
    f.ethnicity.clear();
    let e = decide(DeskStage::ConsentCheck, &DeskDecision::Accept, &facts(&f), now()).expect_err("refused");
    let all: Vec<&str> = e.errors.iter().map(|e| e.message.as_str()).collect();
    assert!(all.iter().any(|m| m.contains("consent")), "{all:?}");
    assert!(all.iter().any(|m| m.contains("postcode")), "{all:?}");
    assert!(all.iter().any(|m| m.contains("date of birth of sibling 1")), "{all:?}");
    assert!(all.iter().any(|m| m.contains("ethnicity")), "{all:?}");
}

#[test]
fn no_consent_closes_with_the_letter_the_final_level_and_30_days_retention() {
    let mut f = complete_intake();
    f.consent = "no".into();
    let d = DeskDecision::NoConsent { advice: "Ask the parent to sign the consent section".into(), final_level: Some(Level::UniversalPlus) };
    let o = decide(DeskStage::ConsentCheck, &d, &facts(&f), now()).expect("closed");
    assert!(o.closes.is_some());
    assert_eq!(o.letters, vec![Letter::EhaNoConsentLetter]);
    assert_eq!(o.destroy_after_days, Some(30));
    assert_eq!(o.record.final_level, Some(Level::UniversalPlus));
    assert_eq!(o.record.closure_reason.as_deref(), Some("Consent denied"));
    // Without a level, and when the EHA says consent was given, it is refused.
    let e = decide(DeskStage::ConsentCheck, &DeskDecision::NoConsent { advice: "x".into(), final_level: None }, &facts(&complete_intake()), now()).expect_err("refused");
    assert!(e.for_field("final_level").is_some());
    assert!(e.for_field("decision").is_some());
}

#[test]
fn incomplete_waits_7_days_before_the_cog_manager_is_raised() {
    let mut f = complete_intake();
    f.special_needs.clear();
    let o = decide(DeskStage::ConsentCheck, &DeskDecision::Incomplete { follow_up: "Rang the school".into() }, &facts(&f), now()).expect("incomplete");
    assert_eq!(o.next, Some(DeskStage::Incomplete));
    let mut fx = facts(&f);
    fx.incomplete_due = Some(now() + chrono::Duration::days(1));
    let raise = DeskDecision::RaiseWithCogManager { note: "No reply".into() };
    assert!(decide(DeskStage::Incomplete, &raise, &fx, now()).is_err(), "too soon");
    fx.incomplete_due = Some(now() - chrono::Duration::hours(1));
    let o = decide(DeskStage::Incomplete, &raise, &fx, now()).expect("raised");
    assert!(!o.completes_item && o.next.is_none());
    // A complete EHA is accepted, not marked incomplete.
    assert!(decide(DeskStage::ConsentCheck, &DeskDecision::Incomplete { follow_up: "x".into() }, &facts(&complete_intake()), now()).is_err());
}

#[test]
fn validation_needs_every_checklist_answer() {
    let e = decide(DeskStage::Validation, &DeskDecision::Validated { checklist: TriageChecklist::default() }, &facts(&complete_intake()), now()).expect_err("refused");
    assert_eq!(e.errors.len(), CHECKLIST_QUESTIONS.len());
    let c = TriageChecklist {
        previous_csc_contacts: "None found".into(),
        csc_involvement: "None found".into(),
        yos: "None found".into(),
        tys: "None found".into(),
        schools: "Hill Primary, 09/2020 to date".into(),
        education_services: "None found".into(),
        attendance_and_exclusions: "92% attendance, no exclusions".into(),
        key_agencies: "School nurse".into(),
    };
    let o = decide(DeskStage::Validation, &DeskDecision::Validated { checklist: c.clone() }, &facts(&complete_intake()), now()).expect("validated");
    assert_eq!(o.next, Some(DeskStage::Triage));
    assert_eq!(o.record.checklist, Some(c));
}

#[test]
fn every_closing_decision_falls_in_its_chart_group() {
    use OutcomeGroup as G;
    let fx = facts(&complete_intake());
    let closes = |stage: DeskStage, d: DeskDecision, fx: &DeskFacts| decide(stage, &d, fx, now()).expect("decided").closes.expect("closes");
    let group = |stage: DeskStage, d: DeskDecision| OutcomeGroup::of(&closes(stage, d, &fx));
    assert_eq!(group(DeskStage::Triage, DeskDecision::InsufficientInformation { advice: "Send the school report".into() }), G::InsufficientInformation);
    let below = DeskDecision::BelowEarlyHelp { service: "School nursing".into(), service_contact: "0100 000 0000".into(), advice: "Single agency".into() };
    assert_eq!(group(DeskStage::Triage, below), G::BelowEarlyHelp);
    assert_eq!(group(DeskStage::Triage, DeskDecision::ProgressToCog { cog_team: "Tipton COG".into(), recommendation: "Family support".into() }), G::ProgressToCog);
    assert_eq!(group(DeskStage::Triage, DeskDecision::MeetsFst { route: FstRoute::CrisisResponse, recommendation: "Crisis".into() }), G::FamilySolutions);
    assert_eq!(group(DeskStage::StepUpClosure, DeskDecision::CloseTransferred), G::StepUp);
    let mut f = complete_intake();
    f.consent = "no".into();
    let d = DeskDecision::NoConsent { advice: "Ask the parent to sign the consent section".into(), final_level: Some(Level::UniversalPlus) };
    assert_eq!(OutcomeGroup::of(&closes(DeskStage::ConsentCheck, d, &facts(&f))), G::NoConsent);
    f.source = "step_down_cin".into();
    let rejected = DeskDecision::MeetingRejected { note: "Stays with Care Management".into() };
    assert_eq!(OutcomeGroup::of(&closes(DeskStage::StepDownMeeting, rejected, &facts(&f))), G::StepDownRejected);
    assert_eq!(OutcomeGroup::of("Closed: Out of LA Area Sandwell"), G::OutOfAuthority);
    assert_eq!(OutcomeGroup::of("Closed: the Early Help Assessment was not received after 14 days"), G::EhaNotReceived);
    assert_eq!(OutcomeGroup::of("Something new"), G::Other);
}

#[test]
fn triage_outcomes_follow_the_seed() {
    let fx = facts(&complete_intake());
    let close = |d: DeskDecision| decide(DeskStage::Triage, &d, &fx, now()).expect("decided");
    let o = close(DeskDecision::InsufficientInformation { advice: "Send the school report".into() });
    assert!(o.closes.is_some() && o.notes[0].note_type == NoteType::AdviceGiven);
    let o = close(DeskDecision::BelowEarlyHelp { service: "School nursing".into(), service_contact: "0100 000 0000".into(), advice: "Single agency".into() });
    assert_eq!(o.letters, vec![Letter::BelowEarlyHelpLetter]);
    let o = close(DeskDecision::EhaRequired { agency: "Hill School".into() });
    assert_eq!(o.next, Some(DeskStage::AwaitingEha));
    let o = close(DeskDecision::ProgressToCog { cog_team: "Tipton COG".into(), recommendation: "Family support".into() });
    assert_eq!(o.record.cog_team.as_deref(), Some("Tipton COG"));
    assert!(o.closes.as_deref().is_some_and(|c| c.contains("Tipton COG")));
    let o = close(DeskDecision::MeetsFst { route: FstRoute::CrisisResponse, recommendation: "Crisis".into() });
    assert_eq!(o.notes[0].note_type, NoteType::FstCrisisContact);
    let o = close(DeskDecision::FurtherInformation { agencies: "Police, Health".into(), detail: "Recent incidents".into() });
    assert!(!o.completes_item, "the EHA stays in Triage");
}

#[test]
fn a_threshold_decision_needs_the_primary_cin_code_first() {
    let mut fx = facts(&complete_intake());
    fx.cin_primary = None;
    let e = decide(DeskStage::Triage, &DeskDecision::EhaRequired { agency: "Hill School".into() }, &fx, now()).expect_err("refused");
    assert!(e.for_field("cin_primary").is_some());
    assert!(check_cin_codes("N1", "N1").for_field("cin_secondary").is_some());
    assert!(check_cin_codes("N1", "N2").is_ok());
    assert!(check_cin_codes("", "").for_field("cin_primary").is_some());
    assert!(may_set_cin_codes(&[Role::CogManager]) && !may_set_cin_codes(&[Role::BusinessSupportOfficer]));
}

#[test]
fn step_up_with_agreement_waits_for_csc_then_closes_and_without_it_is_a_dispute() {
    let fx = facts(&complete_intake());
    let agreed = DeskDecision::MeetsLevel4 { mash_team_manager_agrees: true, referrer_told: true, reasons: "Injury".into() };
    let o = decide(DeskStage::Triage, &agreed, &fx, now()).expect("stepped up");
    assert_eq!(o.next, Some(DeskStage::AwaitingCscDecision));
    assert_eq!(DeskStage::AwaitingCscDecision.timescale(), Timescale::CscStepUpDecision);
    let untold = DeskDecision::MeetsLevel4 { mash_team_manager_agrees: true, referrer_told: false, reasons: "Injury".into() };
    assert!(decide(DeskStage::Triage, &untold, &fx, now()).expect_err("refused").for_field("referrer_told").is_some());
    let o = decide(DeskStage::AwaitingCscDecision, &DeskDecision::CscDecision { level4_confirmed: true, detail: "Strategy".into() }, &fx, now()).expect("ok");
    assert_eq!(o.next, Some(DeskStage::StepUpClosure));
    assert_eq!(DeskStage::StepUpClosure.timescale(), Timescale::StepUpEpisodeClosure);
    let disagree = DeskDecision::MeetsLevel4 { mash_team_manager_agrees: false, referrer_told: false, reasons: "Injury".into() };
    let o = decide(DeskStage::Triage, &disagree, &fx, now()).expect("dispute");
    assert_eq!((o.next, o.escalation), (Some(DeskStage::Dispute), Some(Escalation::Managers)));
}

#[test]
fn a_dispute_escalates_to_the_group_head_then_the_service_director_and_is_resolved_with_a_note() {
    let mut fx = facts(&complete_intake());
    let esc = DeskDecision::Escalate { note: "No agreement".into() };
    fx.escalation = Some(Escalation::Managers);
    assert_eq!(decide(DeskStage::Dispute, &esc, &fx, now()).expect("escalated").escalation, Some(Escalation::GroupHead));
    fx.escalation = Some(Escalation::GroupHead);
    assert_eq!(decide(DeskStage::Dispute, &esc, &fx, now()).expect("escalated").escalation, Some(Escalation::ServiceDirector));
    fx.escalation = Some(Escalation::ServiceDirector);
    assert!(decide(DeskStage::Dispute, &esc, &fx, now()).is_err(), "nowhere further");
    let resolve = DeskDecision::Resolve { outcome: DisputeOutcome::EarlyHelp, decided_by: "Group Head, Early Help".into(), rationale: "Needs met at level 3".into() };
    fx.escalation = Some(Escalation::GroupHead);
    let o = decide(DeskStage::Dispute, &resolve, &fx, now()).expect("resolved");
    assert_eq!(o.next, Some(DeskStage::Triage));
    assert_eq!(o.notes[0].note_type, NoteType::DisputeResolution);
    assert!(o.notes[0].text.contains("Group Head, Early Help"));
    let sa = DeskDecision::Resolve { outcome: DisputeOutcome::SingleAssessment, decided_by: "Service Director".into(), rationale: "Risk".into() };
    assert!(decide(DeskStage::Dispute, &sa, &fx, now()).expect("resolved").closes.is_some());
}

#[test]
fn out_of_authority_needs_consent_the_phone_call_and_a_secure_route() {
    let fx = facts(&complete_intake());
    let d = DeskDecision::OutOfAuthority { authority: "walsall".into(), notified_by_phone: true, route: Some(SecureRoute::MoveIt) };
    let o = decide(DeskStage::ConsentCheck, &d, &fx, now()).expect("closed");
    assert_eq!(o.record.closure_reason.as_deref(), Some("Out of LA Area Walsall"));
    assert_eq!(o.letters, vec![Letter::OutOfAuthorityClosureLetter]);
    let other = DeskDecision::OutOfAuthority { authority: "Leeds".into(), notified_by_phone: true, route: Some(SecureRoute::SecureEmail) };
    assert_eq!(decide(DeskStage::ConsentCheck, &other, &fx, now()).expect("closed").record.closure_reason.as_deref(), Some("Out of LA Area Other (Leeds)"));
    let e = decide(DeskStage::ConsentCheck, &DeskDecision::OutOfAuthority { authority: "Walsall".into(), notified_by_phone: false, route: None }, &fx, now()).expect_err("refused");
    assert!(e.for_field("notified_by_phone").is_some() && e.for_field("route").is_some());
}

#[test]
fn a_decision_at_the_wrong_stage_is_refused() {
    let e = decide(DeskStage::Validation, &DeskDecision::Accept, &facts(&complete_intake()), now()).expect_err("refused");
    assert!(e.for_field("decision").is_some());
    for stage in DeskStage::ALL {
        for (slug, _) in decisions_at(*stage) {
            assert!(!slug.is_empty());
        }
        assert_eq!(DeskStage::from_slug(stage.slug()), Some(*stage));
    }
}

#[test]
fn the_cog_team_comes_from_the_longest_matching_postcode_prefix() {
    let table = parse_cog_table("# district or sector, team\nB70, West Bromwich COG\nB70 7, Tipton COG\nB7, Aston COG\n").expect("parsed");
    assert_eq!(cog_team_for("b70 7ab", &table).as_deref(), Some("Tipton COG"));
    assert_eq!(cog_team_for("B70 9XY", &table).as_deref(), Some("West Bromwich COG"));
    assert_eq!(cog_team_for("B7 1AA", &table).as_deref(), Some("Aston COG"));
    assert_eq!(cog_team_for("WS1 1AA", &table), None);
    assert!(parse_cog_table("B70 West Bromwich").is_err());
}

#[test]
fn the_assessment_dates_are_optional_real_past_and_in_order() {
    let today = now().date_naive();
    let mut f = complete_intake();
    (f.assessment_started, f.assessment_completed) = ("02/02/2026".into(), "20/02/2026".into());
    assert!(check_intake(&f, today).is_ok());
    f.assessment_started = "31/02/2026".into();
    assert!(check_intake(&f, today).for_field("assessment_started").is_some());
    (f.assessment_started, f.assessment_completed) = ("20/02/2026".into(), "02/02/2026".into());
    assert!(check_intake(&f, today).for_field("assessment_completed").unwrap_or("").contains("same as or after"));
    f.assessment_completed = (today + chrono::Duration::days(1)).format("%d/%m/%Y").to_string();
    assert!(check_intake(&f, today).for_field("assessment_completed").unwrap_or("").contains("today or in the past"));
}

#[test]
fn intake_needs_the_route_the_referrer_consent_and_the_child_only() {
    let v = check_intake(&IntakeForm::default(), now().date_naive());
    for f in ["source", "referrer_name", "referrer_organisation", "consent", "child_given_name", "child_family_name"] {
        assert!(v.for_field(f).is_some(), "{f}");
    }
    assert!(check_intake(&complete_intake(), now().date_naive()).is_ok());
    let mut f = complete_intake();
    f.child_date_of_birth = "31/02/2016".into();
    assert!(check_intake(&f, now().date_naive()).for_field("child_date_of_birth").is_some());
    assert_eq!(parse_people("Alex Green, 03/04/2018\nBo Green"), vec![
        PersonDetails { name: "Alex Green".into(), date_of_birth: NaiveDate::from_ymd_opt(2018, 4, 3) },
        PersonDetails { name: "Bo Green".into(), date_of_birth: None },
    ]);
}

#[test]
fn a_cin_step_down_waits_for_its_meeting_then_the_handover_then_consent() {
    let mut f = complete_intake();
    f.source = "step_down_cin".into();
    assert_eq!(DeskStage::first_for(EhaSource::from_slug(&f.source)), DeskStage::StepDownMeeting);
    let fx = facts(&f);
    let o = decide(DeskStage::StepDownMeeting, &DeskDecision::MeetingAccepted { note: "Agreed at the CIN meeting".into() }, &fx, now()).expect("accepted");
    assert_eq!(o.next, Some(DeskStage::StepDownHandover));
    assert_eq!(o.notes[0].note_type, NoteType::CinMeetingAccepted);
    let o = decide(DeskStage::StepDownMeeting, &DeskDecision::MeetingRejected { note: "Stays with Care Management".into() }, &fx, now()).expect("rejected");
    assert!(o.closes.is_some_and(|c| c.contains("Step Down Rejected")));
    assert_eq!(o.notes[0].note_type, NoteType::CinMeetingRejected);
    let mut fx2 = fx.clone();
    fx2.stage_due = Some(now() + chrono::Duration::days(1));
    assert!(decide(DeskStage::StepDownHandover, &DeskDecision::HandoverNotWorkflowed, &fx2, now()).is_err(), "5 working days not passed");
    fx2.stage_due = Some(now() - chrono::Duration::hours(1));
    let o = decide(DeskStage::StepDownHandover, &DeskDecision::HandoverNotWorkflowed, &fx2, now()).expect("not workflowed");
    assert_eq!(o.next, Some(DeskStage::ConsentCheck));
    assert!(o.log.contains("not workflowed"));
    // No consent on a step down: the e-mail to the social worker, and nothing destroyed.
    f.consent = "no".into();
    let o = decide(DeskStage::ConsentCheck, &DeskDecision::NoConsent { advice: "Obtain consent".into(), final_level: Some(Level::AdditionalNeeds) }, &facts(&f), now()).expect("closed");
    assert_eq!(o.letters, vec![Letter::StepDownNoConsentEmail]);
    assert_eq!(o.destroy_after_days, None);
}

#[test]
fn a_cin_step_down_needs_10_working_days_notice_of_the_meeting() {
    let cal = crate::rules::WorkingCalendar::builtin().expect("calendar");
    let mut f = complete_intake();
    f.source = "step_down_cin".into();
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    f.cin_meeting_date = "08/12/2026".into();
    assert!(check_step_down_intake(&f, today, &cal).for_field("cin_meeting_date").is_some());
    // Christmas and Boxing Day (moved to Monday 28th) are not working days.
    f.cin_meeting_date = "16/12/2026".into();
    assert!(check_step_down_intake(&f, today, &cal).is_ok());
    f.cin_meeting_date = String::new();
    assert!(check_intake(&f, today).for_field("cin_meeting_date").is_some());
    assert_eq!(eha_priority(EhaSource::StepDownMaet), EhaPriority::One);
}
