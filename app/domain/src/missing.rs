//! Missing children (seed 003 §7): when a case note of type "Missing status: found" says a child
//! is back, the missing-children partner worker "carries out return interview within 72 hours of
//! return, including completing CSE Screening tool and uploads to child's record ... using
//! internal document type ... Return Interview Form". This module holds the rules for that
//! interview: when the child came back, the stored 72-hour deadline, and what a completed
//! interview must carry.
//!
//! Pure rules: the time is always an argument.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::mash_notifications::parse_local_time;
use crate::roles::{Role, RoleSet};
use crate::rules::calendar::{uk_local_time, utc_from_uk_local, WorkingCalendar};
use crate::rules::timescales::{deadline, Deadline, OfficeHours, Timescale};
use crate::validation::Validation;
use crate::workflow::{rag_at, Rag};

/// The document type the seed names for the uploaded form.
pub const FORM_DOCUMENT_TYPE: &str = "Return Interview Form";
/// Large enough for a scanned form; the bytes are kept in the database.
pub const MAX_FORM_BYTES: usize = 10 * 1024 * 1024;
/// Forms as a partner worker writes them: a PDF, a word-processed document or a scan.
pub const FORM_EXTENSIONS: &[&str] = &["pdf", "doc", "docx", "odt", "rtf", "txt", "jpg", "jpeg", "png"];
/// How far back a return may be recorded: a return found out about weeks later is still
/// recorded, with a clock that is already overdue.
pub const MAX_DAYS_BACK: i64 = 90;

/// Where a return interview is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterviewStatus {
    /// The child is back; the interview and its form are awaited.
    Due,
    /// The form is on the child's record.
    Completed,
}

impl InterviewStatus {
    pub fn slug(self) -> &'static str {
        match self {
            InterviewStatus::Due => "due",
            InterviewStatus::Completed => "completed",
        }
    }
    pub fn from_slug(s: &str) -> Option<Self> {
        match s {
            "due" => Some(InterviewStatus::Due),
            "completed" => Some(InterviewStatus::Completed),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            InterviewStatus::Due => "Return interview due",
            InterviewStatus::Completed => "Return interview form uploaded",
        }
    }
}

/// Who records a return and uploads the form: staff who work with children's records (the desk
/// keys in the partner worker's form when the worker has no account).
pub fn may_record(roles: &[Role]) -> bool {
    roles.can_open_case_records()
}

/// When the child came back (field `returned_at`, `YYYY-MM-DDTHH:MM` in UK time); empty means
/// now, the usual case of a note written as the call comes in.
pub fn check_returned_at(value: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, Validation> {
    let mut v = Validation::new();
    if value.trim().is_empty() {
        return Ok(now);
    }
    let Some(local) = parse_local_time(value) else {
        v.add("returned_at", "Enter when the child returned as a date and time, like 2026-03-27 14:30");
        return Err(v);
    };
    let at = utc_from_uk_local(local);
    if at > now + Duration::minutes(5) {
        v.add("returned_at", "When the child returned must be now or in the past");
    } else if at < now - Duration::days(MAX_DAYS_BACK) {
        v.add("returned_at", format!("When the child returned must be within the last {MAX_DAYS_BACK} days"));
    }
    if v.is_ok() { Ok(at) } else { Err(v) }
}

/// The return interview's deadline: 72 hours round the clock from the child's return
/// (`Timescale::ReturnInterview`), with the calendar version it was computed under.
pub fn interview_deadline(returned_at: DateTime<Utc>, cal: &WorkingCalendar) -> (Deadline, DateTime<Utc>) {
    let d = deadline(Timescale::ReturnInterview, uk_local_time(returned_at), cal, &OfficeHours::default());
    let due = utc_from_uk_local(d.due);
    (d, due)
}

/// Red when overdue, amber on the day it falls due and the day before, green before that (the
/// worklists' rule).
pub fn due_state(due: DateTime<Utc>, now: DateTime<Utc>, cal: &WorkingCalendar) -> Rag {
    rag_at(due, Timescale::ReturnInterview, now, cal)
}

/// What can be wrong with an uploaded form. The upload is a plain multipart form (it works with
/// JavaScript off), so a problem travels back in the page address as its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormProblem {
    NoFile,
    WrongType,
    TooLarge,
    NoCseScreening,
    /// Someone else uploaded the form first, or the interview is no longer due.
    AlreadyUploaded,
}

impl FormProblem {
    pub const ALL: &'static [FormProblem] = &[FormProblem::NoFile, FormProblem::WrongType, FormProblem::TooLarge, FormProblem::NoCseScreening, FormProblem::AlreadyUploaded];
    pub fn code(self) -> &'static str {
        match self {
            FormProblem::NoFile => "no_file",
            FormProblem::WrongType => "wrong_type",
            FormProblem::TooLarge => "too_large",
            FormProblem::NoCseScreening => "no_cse",
            FormProblem::AlreadyUploaded => "already_uploaded",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        FormProblem::ALL.iter().copied().find(|p| p.code() == code)
    }
    /// The field the message belongs to (the error summary links to it).
    pub fn field(self) -> &'static str {
        match self {
            FormProblem::NoCseScreening => "cse_screening",
            _ => "form",
        }
    }
    pub fn message(self) -> String {
        match self {
            FormProblem::NoFile => format!("Choose the {FORM_DOCUMENT_TYPE} to upload"),
            FormProblem::WrongType => format!("The {FORM_DOCUMENT_TYPE} must be a PDF, a document (DOC, DOCX, ODT, RTF, TXT) or a scan (JPG, PNG)"),
            FormProblem::TooLarge => format!("The {FORM_DOCUMENT_TYPE} must be smaller than {} MB", MAX_FORM_BYTES / (1024 * 1024)),
            FormProblem::NoCseScreening => "Confirm the CSE screening tool was completed as part of the return interview".to_string(),
            FormProblem::AlreadyUploaded => format!("The {FORM_DOCUMENT_TYPE} for this return has already been uploaded: nothing was changed"),
        }
    }
}

/// The uploaded form: a file of a kind a form comes in, not empty, not too large, and the CSE
/// screening tool completed with the interview. Every problem, in the form's order.
pub fn check_form(file_name: &str, size_bytes: usize, cse_screening: bool) -> Vec<FormProblem> {
    let mut out = Vec::new();
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if file_name.trim().is_empty() || size_bytes == 0 {
        out.push(FormProblem::NoFile);
    } else if !FORM_EXTENSIONS.contains(&ext.as_str()) {
        out.push(FormProblem::WrongType);
    } else if size_bytes > MAX_FORM_BYTES {
        out.push(FormProblem::TooLarge);
    }
    if !cse_screening {
        out.push(FormProblem::NoCseScreening);
    }
    out
}

/// "within 72 hours: 4 hours to spare" or "3 hours late", for a completed interview.
pub fn completed_text(due: DateTime<Utc>, completed: DateTime<Utc>) -> String {
    let mins = (due - completed).num_minutes();
    if mins >= 0 {
        format!("Within 72 hours of the child's return ({} to spare)", crate::mash_notifications::span_text(mins))
    } else {
        format!("{} after the 72 hours", crate::mash_notifications::span_text(-mins))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn cal() -> WorkingCalendar {
        WorkingCalendar::builtin().expect("the built-in calendar")
    }

    #[test]
    fn the_interview_is_due_72_hours_after_the_return_whatever_the_calendar_says() {
        // Friday 16:00 in winter (UK time is UTC): due Monday 16:00, weekend and all.
        let returned = Utc.with_ymd_and_hms(2026, 12, 4, 16, 0, 0).unwrap();
        let (d, due) = interview_deadline(returned, &cal());
        assert_eq!(due, Utc.with_ymd_and_hms(2026, 12, 7, 16, 0, 0).unwrap());
        assert_eq!(d.timescale, Timescale::ReturnInterview);
        // Over Christmas Day and Boxing Day (bank holidays) the clock does not stop.
        let returned = Utc.with_ymd_and_hms(2026, 12, 24, 10, 0, 0).unwrap();
        assert_eq!(interview_deadline(returned, &cal()).1, Utc.with_ymd_and_hms(2026, 12, 27, 10, 0, 0).unwrap());
        // Summer time: 14:30 UK time is 13:30 UTC; the deadline keeps UK wall-clock time.
        let returned = Utc.with_ymd_and_hms(2027, 6, 1, 13, 30, 0).unwrap();
        assert_eq!(interview_deadline(returned, &cal()).1, Utc.with_ymd_and_hms(2027, 6, 4, 13, 30, 0).unwrap());
    }

    #[test]
    fn the_return_time_is_now_when_left_empty_and_never_in_the_future() {
        let now = Utc.with_ymd_and_hms(2026, 12, 4, 12, 0, 0).unwrap();
        assert_eq!(check_returned_at("", now), Ok(now));
        assert_eq!(check_returned_at("2026-12-04T09:15", now), Ok(Utc.with_ymd_and_hms(2026, 12, 4, 9, 15, 0).unwrap()));
        let err = |s: &str| check_returned_at(s, now).unwrap_err().errors[0].message.clone();
        assert!(err("tomorrow").contains("as a date and time"));
        assert!(err("2026-12-05T09:00").contains("now or in the past"));
        assert!(err("2026-01-01T09:00").contains("within the last 90 days"));
    }

    #[test]
    fn a_form_needs_a_file_of_a_known_kind_and_the_cse_screening() {
        use FormProblem::*;
        assert!(check_form("return-interview.pdf", 2048, true).is_empty());
        assert!(check_form("Scan.JPG", 2048, true).is_empty());
        assert_eq!(check_form("", 0, false), vec![NoFile, NoCseScreening]);
        assert_eq!(check_form("form.exe", 10, true), vec![WrongType]);
        assert_eq!(check_form("form.pdf", MAX_FORM_BYTES + 1, true), vec![TooLarge]);
        assert_eq!(check_form("form.pdf", 10, false), vec![NoCseScreening]);
        // Codes travel in the page address and come back as the same problem, on its field.
        for p in FormProblem::ALL {
            assert_eq!(FormProblem::from_code(p.code()), Some(*p));
        }
        assert_eq!((NoCseScreening.field(), TooLarge.field()), ("cse_screening", "form"));
        assert!(TooLarge.message().contains("10 MB"));
    }

    #[test]
    fn the_clock_turns_amber_on_the_day_and_red_once_overdue() {
        let due = Utc.with_ymd_and_hms(2026, 12, 7, 16, 0, 0).unwrap();
        assert_eq!(due_state(due, due - Duration::days(2), &cal()), Rag::Green);
        assert_eq!(due_state(due, due - Duration::hours(3), &cal()), Rag::Amber);
        assert_eq!(due_state(due, due + Duration::minutes(1), &cal()), Rag::Red);
        assert_eq!(completed_text(due, due - Duration::hours(4)), "Within 72 hours of the child's return (4 hours to spare)");
        assert_eq!(completed_text(due, due + Duration::hours(3)), "3 hours after the 72 hours");
    }
}
