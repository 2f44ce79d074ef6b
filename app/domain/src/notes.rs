//! Case notes: typed as the seeds name them, written once and linked to every child they
//! concern, never deleted. A note is *withdrawn* with who, when and why; the person who withdrew
//! it may undo that for a short time, a manager at any time (issue 9 point 5).
//!
//! Pure rules: the time is always an argument.

use crate::roles::Role;
use crate::validation::Validation;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Note types as `(variant, stable slug, label, where the seeds name it)`.
macro_rules! note_types {
    ($($var:ident => ($slug:literal, $label:literal, $seed:literal)),* $(,)?) => {
        /// The kinds of case note the seeds name.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum NoteType { $($var),* }
        impl NoteType {
            pub const ALL: &'static [NoteType] = &[$(NoteType::$var),*];
            /// The value stored in the database and sent by forms.
            pub fn slug(self) -> &'static str { match self { $(NoteType::$var => $slug),* } }
            pub fn label(self) -> &'static str { match self { $(NoteType::$var => $label),* } }
            /// The seed section that names this kind of note.
            pub fn seed(self) -> &'static str { match self { $(NoteType::$var => $seed),* } }
            pub fn from_slug(s: &str) -> Option<NoteType> { NoteType::ALL.iter().copied().find(|t| t.slug() == s) }
        }
    };
}

note_types! {
    CaseNote => ("case_note", "Case note", "002 'save the information request into case notes'; 003 §1.1.1 'adds a general note'"),
    ContactNote => ("contact_note", "Contact note", "000 CASS Inbox 'create a contact'; 001 'RAO completes a contact template'"),
    PhoneCall => ("phone_call", "Phone call", "000 'make calls to parents and referrers'; 003 §1.10 direct phone call"),
    ParentContactAttempt => ("parent_contact_attempt", "Attempt to contact the parent", "001 '3 calls at different times of the day'"),
    AdviceGiven => ("advice_given", "Advice given", "000 CASS Phone line 'RAO to offer advice'; 003 §1.5 advice recorded as a case note"),
    PartnerChecks => ("partner_checks", "Partner checks", "000 'RAOs to complete partner checks'; 001 'SW does partner checks'"),
    Rationale => ("rationale", "Rationale", "000 'SW includes their rationale'; 001 'TM completes their rationale'"),
    StrategyDiscussion => ("strategy_discussion", "Strategy discussion", "000 Significant Harm 'CP worklist for a strategy discussion'; 001"),
    Consent => ("consent", "Consent", "002 'RAO saves the IRR request & consent into case notes'; 003 §1.1 check for consent"),
    InformationRequest => ("information_request", "Information request", "002 'BSS will save the information request into case notes'"),
    InformationRequestResponse => ("information_request_response", "Information request response", "002 'RAO then saves response in Case Notes all siblings'"),
    OfstedSuitabilityCheck => ("ofsted_suitability_check", "OFSTED suitability check", "002 OFSTED suitability checks via LADO: 'saved in Case Notes on all siblings'"),
    IncomingInformation => ("incoming_information", "Incoming information", "003 §3 Transfer to ICS 'case note type of Incoming Information (C)'"),
    DisputeResolution => ("dispute_resolution", "Dispute resolution", "003 §5.1.4 'casenote type of dispute resolution'"),
    MissingStatusMissing => ("missing_status_missing", "Missing status: missing", "003 §7 'casenote type missing status: missing'"),
    MissingStatusUpdate => ("missing_status_update", "Missing status: update", "003 §7 'casenote of type Missing status: update'"),
    MissingStatusFound => ("missing_status_found", "Missing status: found", "003 §7 'casenote type missing status: found'"),
    FstCrisisContact => ("fst_crisis_contact", "FST Crisis Contact", "003 §2.1 'casenote type FST Crisis Contact'"),
    WelfareRightsReferral => ("welfare_rights_referral", "Welfare Rights referral", "003 §1.4 'a casenote added to advise of a Welfare Rights referral'"),
    CinMeeting => ("cin_meeting", "CIN Meeting", "003 §4.4 'general note using type CIN Meeting'"),
    CinMeetingAccepted => ("cin_meeting_accepted", "CIN Meeting Accepted", "003 §4.4.2 'general notes with the type CIN Meeting Accepted'"),
    CinMeetingRejected => ("cin_meeting_rejected", "CIN Meeting Rejected", "003 §4.4.1 'general notes with type CIN Meeting Rejected'"),
    LetterSent => ("letter_sent", "Letter sent", "000 and 001 letters to referrers and parents; 003 standard letters"),
}

/// How long the person who withdrew a note may restore it themselves.
pub const UNDO_MINUTES: i64 = 15;
/// A withdrawal reason must say something real.
pub const WITHDRAW_REASON_MIN_CHARS: usize = 10;

/// Checks a new note: a type, some text (no upper limit: narrative is never cut short), and at
/// least one child. Fields: `note_type`, `text`, `children`.
pub fn check_new_note(note_type: &str, text: &str, children: &[String]) -> Validation {
    let mut v = Validation::new();
    v.check(NoteType::from_slug(note_type).is_none(), "note_type", "Choose the type of note");
    v.check(text.trim().is_empty(), "text", "Enter the note");
    v.check(children.is_empty(), "children", "Choose at least one child the note is about");
    v
}

/// Checks a withdrawal reason (field `reason`).
pub fn check_withdraw_reason(reason: &str) -> Validation {
    let mut v = Validation::new();
    let n = reason.trim().chars().count();
    if n == 0 {
        v.add("reason", "Enter why you are withdrawing this note");
    } else if n < WITHDRAW_REASON_MIN_CHARS {
        v.add("reason", format!("Reason must be {WITHDRAW_REASON_MIN_CHARS} characters or more"));
    }
    v
}

/// Why a withdrawal or a restore is refused, in words for the person who asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum NoteRefusal {
    #[error("Only the person who wrote a note, or a manager, can withdraw it")]
    NotAuthorOrManager,
    #[error("This note has already been withdrawn")]
    AlreadyWithdrawn,
    #[error("This note is not withdrawn")]
    NotWithdrawn,
    #[error("Only a manager can restore a note more than {UNDO_MINUTES} minutes after it was withdrawn, or one someone else withdrew")]
    UndoWindowPassed,
}

fn is_manager(roles: &[Role]) -> bool {
    roles.iter().any(|r| r.is_manager())
}

/// May `actor` withdraw a note written by `author_id` (currently withdrawn or not)?
pub fn may_withdraw(author_id: &str, withdrawn: bool, actor_id: &str, actor_roles: &[Role]) -> Result<(), NoteRefusal> {
    if withdrawn {
        return Err(NoteRefusal::AlreadyWithdrawn);
    }
    if actor_id == author_id || is_manager(actor_roles) {
        Ok(())
    } else {
        Err(NoteRefusal::NotAuthorOrManager)
    }
}

/// The open withdrawal of a note: who withdrew it and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Withdrawal<'a> {
    pub by: &'a str,
    pub at: DateTime<Utc>,
}

/// May `actor` restore a note? The person who withdrew it, within [`UNDO_MINUTES`]; a manager,
/// at any time.
pub fn may_restore(withdrawal: Option<Withdrawal<'_>>, actor_id: &str, actor_roles: &[Role], now: DateTime<Utc>) -> Result<(), NoteRefusal> {
    let Some(w) = withdrawal else { return Err(NoteRefusal::NotWithdrawn) };
    if is_manager(actor_roles) {
        return Ok(());
    }
    if w.by == actor_id && now - w.at <= Duration::minutes(UNDO_MINUTES) {
        return Ok(());
    }
    Err(NoteRefusal::UndoWindowPassed)
}

/// Whether the page should offer "Restore" to this reader (the server decides again).
pub fn can_offer_restore(withdrawn_by: &str, withdrawn_at: DateTime<Utc>, actor_id: &str, actor_roles: &[Role], now: DateTime<Utc>) -> bool {
    may_restore(Some(Withdrawal { by: withdrawn_by, at: withdrawn_at }), actor_id, actor_roles, now).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 10, min, 0).single().unwrap_or_default()
    }

    #[test]
    fn slugs_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for t in NoteType::ALL {
            assert_eq!(NoteType::from_slug(t.slug()), Some(*t));
            assert!(seen.insert(t.slug()), "{}", t.slug());
            assert!(!t.seed().is_empty() && !t.label().is_empty());
        }
        assert_eq!(NoteType::from_slug("missing_status_found"), Some(NoteType::MissingStatusFound));
        assert_eq!(NoteType::from_slug("gossip"), None);
    }

    #[test]
    fn a_note_needs_a_type_text_and_a_child() {
        let v = check_new_note("", " ", &[]);
        assert_eq!(v.errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), vec!["note_type", "text", "children"]);
        let long = "x".repeat(100_000);
        assert!(check_new_note("phone_call", &long, &["p1".into()]).is_ok(), "no arbitrary limit on narrative");
    }

    #[test]
    fn authors_and_managers_withdraw() {
        assert!(may_withdraw("u1", false, "u1", &[Role::ReferralAndAdviceOfficer]).is_ok());
        assert!(may_withdraw("u1", false, "u2", &[Role::TeamManager]).is_ok());
        assert_eq!(may_withdraw("u1", false, "u2", &[Role::CassSocialWorker]), Err(NoteRefusal::NotAuthorOrManager));
        assert_eq!(may_withdraw("u1", true, "u1", &[Role::TeamManager]), Err(NoteRefusal::AlreadyWithdrawn));
    }

    #[test]
    fn undo_is_short_for_the_user_and_open_for_managers() {
        let w = || Some(Withdrawal { by: "u1", at: t(0) });
        let rao = [Role::ReferralAndAdviceOfficer];
        assert!(may_restore(w(), "u1", &rao, t(UNDO_MINUTES as u32)).is_ok());
        assert_eq!(may_restore(w(), "u1", &rao, t(UNDO_MINUTES as u32 + 1)), Err(NoteRefusal::UndoWindowPassed));
        assert_eq!(may_restore(w(), "u2", &rao, t(1)), Err(NoteRefusal::UndoWindowPassed));
        assert!(may_restore(w(), "u2", &[Role::TeamManager], t(59)).is_ok());
        assert_eq!(may_restore(None, "u1", &rao, t(1)), Err(NoteRefusal::NotWithdrawn));
    }

    #[test]
    fn withdrawal_needs_a_reason() {
        assert_eq!(check_withdraw_reason("").for_field("reason"), Some("Enter why you are withdrawing this note"));
        assert!(!check_withdraw_reason("typo").is_ok());
        assert!(check_withdraw_reason("Written on the wrong child").is_ok());
    }
}
