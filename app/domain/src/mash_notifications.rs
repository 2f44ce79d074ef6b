//! MASH notifications at the Early Help desk (seed 003 §8): the MASH team's incoming cases on the
//! MASH Log, the priority each carries (Red: respond within 4 hours; Amber: within 72 hours;
//! Green: sent on to the Early Help desk "for processing in the usual way" unless it meets the
//! domestic-abuse criteria), the TYS and Early Help representatives' synopses and the chronology,
//! the record returned to the MASH team, the MASH discussion, and the TYS representative logging
//! a case rated Green after MASH on the Early Help MASH database with its outcome and date.
//!
//! Pure: the time is an argument, the calendar is given. The server runs these checks again on
//! every request and stores each deadline with the calendar version it was computed under.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::roles::{Role, RoleSet};
use crate::rules::calendar::{uk_local_time, utc_from_uk_local, WorkingCalendar};
use crate::rules::timescales::{deadline, Deadline, OfficeHours, Timescale};
use crate::validation::Validation;
use crate::workflow::{rag_at, Rag};

/// Longest synopsis or chronology (a few pages of text).
pub const MAX_TEXT: usize = 10_000;
/// Longest concern summary and discussion outcome.
pub const MAX_SUMMARY: usize = 2_000;
/// Longest short field (a name, the MASH Log's reference).
pub const MAX_SHORT: usize = 200;

labelled_enum!(
    /// Which list on the MASH Log the notification came from (seed 003 §8.1, §8.2).
    NotificationKind {
        /// A request for information on the TYS and Early Help sections of the MASH Log (§8.1).
        RequestForInformation => "MASH request for information",
        /// The "Domestic Abuse Child" list (§8.2).
        DomesticAbuseChild => "Domestic Abuse Child",
        /// The "Domestic Abuse" list (§8.2).
        DomesticAbuse => "Domestic Abuse",
    }
);

labelled_enum!(
    /// The MASH team's red/amber/green rating, on receipt and again after the MASH discussion.
    Priority {
        Red => "Red",
        Amber => "Amber",
        Green => "Green",
    }
);

labelled_enum!(
    /// Where a notification is.
    NotificationStatus {
        /// The representatives are checking their systems and writing the agency response.
        AwaitingResponses => "Waiting for the desk's responses",
        /// The synopses (and chronology) are with the MASH team for the MASH discussion.
        ReturnedToMash => "Returned to the MASH team",
        /// Discussed at MASH and rated Green: the TYS representative logs it with its outcome.
        GreenAwaitingLog => "Green after MASH: to be logged on the Early Help MASH database",
        /// Discussed at MASH and rated Red or Amber: it stays with Children's Social Care.
        Discussed => "Discussed at MASH",
        /// Logged on the Early Help MASH database with its outcome and date.
        OutcomeLogged => "Outcome logged on the Early Help MASH database",
        /// Green on receipt and not domestic abuse: processed by the Early Help desk in the usual way.
        SentToEarlyHelpDesk => "Sent on to the Early Help desk",
    }
);

labelled_enum!(
    /// The outcome the TYS representative logs on the Early Help MASH database (the outcomes the
    /// desk records elsewhere in seed 003 §1).
    LoggedOutcome {
        SentToEarlyHelpDesk => "Sent to the Early Help desk for processing in the usual way",
        EarlyHelpAssessmentRequired => "Early Help Assessment required",
        ProgressToCog => "Progress to COG",
        FamilySolutionsTeam => "Meets Family Solutions Team criteria",
        AdviceAndInformation => "Advice and information given (single agency support)",
        NoFurtherAction => "No further action for Early Help",
    }
);

labelled_enum!(
    /// The parts of the agency response, each written by one representative.
    ResponsePart {
        /// The TYS representative's synopsis from YOIS and UMIS (or, for domestic abuse, from every
        /// Early Help and TYS system).
        TysSynopsis => "TYS synopsis",
        /// The Early Help representative's synopsis from the Early Help systems.
        EarlyHelpSynopsis => "Early Help synopsis",
        /// The Early Help representative's chronology for the MASH discussion.
        Chronology => "Chronology",
    }
);

macro_rules! slugs {
    ($t:ty { $($var:ident => $slug:literal),* $(,)? }) => {
        impl $t {
            /// The value stored in the database and sent by forms.
            pub fn slug(self) -> &'static str { match self { $(<$t>::$var => $slug),* } }
            pub fn from_slug(s: &str) -> Option<$t> { <$t>::ALL.iter().copied().find(|v| v.slug() == s) }
        }
    };
}

slugs!(NotificationKind { RequestForInformation => "request_for_information", DomesticAbuseChild => "domestic_abuse_child", DomesticAbuse => "domestic_abuse" });
slugs!(Priority { Red => "red", Amber => "amber", Green => "green" });
slugs!(NotificationStatus {
    AwaitingResponses => "awaiting_responses",
    ReturnedToMash => "returned_to_mash",
    GreenAwaitingLog => "green_awaiting_log",
    Discussed => "discussed",
    OutcomeLogged => "outcome_logged",
    SentToEarlyHelpDesk => "sent_to_early_help_desk",
});
slugs!(LoggedOutcome {
    SentToEarlyHelpDesk => "sent_to_early_help_desk",
    EarlyHelpAssessmentRequired => "eha_required",
    ProgressToCog => "progress_to_cog",
    FamilySolutionsTeam => "family_solutions_team",
    AdviceAndInformation => "advice_and_information",
    NoFurtherAction => "no_further_action",
});
slugs!(ResponsePart { TysSynopsis => "tys_synopsis", EarlyHelpSynopsis => "eh_synopsis", Chronology => "chronology" });

impl NotificationKind {
    /// Seed 003 §8.2: the domestic-abuse lists, which the TYS representative answers alone.
    pub fn is_domestic_abuse(self) -> bool {
        matches!(self, NotificationKind::DomesticAbuseChild | NotificationKind::DomesticAbuse)
    }

    /// The parts the agency response needs before it goes back to the MASH team.
    pub fn parts_needed(self) -> &'static [ResponsePart] {
        if self.is_domestic_abuse() {
            &[ResponsePart::TysSynopsis]
        } else {
            &[ResponsePart::TysSynopsis, ResponsePart::EarlyHelpSynopsis, ResponsePart::Chronology]
        }
    }
}

impl Priority {
    /// The response clock a priority starts. Green has none: the seed sets no timescale for it.
    pub fn timescale(self) -> Option<Timescale> {
        match self {
            Priority::Red => Some(Timescale::MashRed),
            Priority::Amber => Some(Timescale::MashAmber),
            Priority::Green => None,
        }
    }

    /// Red first, then Amber, then Green (the MASH Log's order).
    pub fn rank(self) -> u8 {
        match self {
            Priority::Red => 0,
            Priority::Amber => 1,
            Priority::Green => 2,
        }
    }

    /// The GOV.UK tag class for the rating; the tag's text always names it too.
    pub fn tag_class(self) -> &'static str {
        match self {
            Priority::Red => "govuk-tag govuk-tag--red",
            Priority::Amber => "govuk-tag govuk-tag--orange",
            Priority::Green => "govuk-tag govuk-tag--green",
        }
    }
}

impl NotificationStatus {
    /// Whether the Early Help desk still has something to do.
    pub fn is_open(self) -> bool {
        matches!(self, NotificationStatus::AwaitingResponses | NotificationStatus::ReturnedToMash | NotificationStatus::GreenAwaitingLog)
    }
}

// --- who does what ---

/// Who may read the MASH Log and its notifications: the desk's representatives, the MASH team and
/// the Early Help Manager. Administrators configure the service and never read a child's details.
pub fn may_read(roles: &[Role]) -> bool {
    [Role::MashTysRepresentative, Role::MashEarlyHelpRepresentative, Role::MashTeam, Role::EarlyHelpManager].into_iter().any(|r| roles.has_role(r))
}

/// The MASH team records incoming notifications on the MASH Log and rates them.
pub fn may_record(roles: &[Role]) -> bool {
    roles.has_role(Role::MashTeam)
}

/// Who writes a part: the TYS representative their synopsis (§8.1, and the domestic-abuse synopsis
/// of §8.2); the Early Help representative the Early Help synopsis and the chronology.
pub fn may_write(roles: &[Role], part: ResponsePart) -> bool {
    match part {
        ResponsePart::TysSynopsis => roles.has_role(Role::MashTysRepresentative),
        ResponsePart::EarlyHelpSynopsis | ResponsePart::Chronology => roles.has_role(Role::MashEarlyHelpRepresentative),
    }
}

/// "This record is then returned to the MASH Team": by a representative who answers it.
pub fn may_return(roles: &[Role], kind: NotificationKind) -> bool {
    kind.parts_needed().iter().any(|p| may_write(roles, *p))
}

/// The MASH team records the MASH discussion and the rating after it.
pub fn may_record_discussion(roles: &[Role]) -> bool {
    roles.has_role(Role::MashTeam)
}

/// "If the case is RAG rated as Green after MASH the TYS Representative will log this on the
/// Early Help Mash database with the appropriate outcome and date."
pub fn may_log_outcome(roles: &[Role]) -> bool {
    roles.has_role(Role::MashTysRepresentative)
}

// --- recording a notification ---

/// What the MASH team records from the MASH Log. Fields are as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NotificationForm {
    /// `NotificationKind` slug.
    pub kind: String,
    /// `Priority` slug.
    pub priority: String,
    /// The MASH Log's own reference, if it has one.
    pub mash_log_reference: String,
    pub child_name: String,
    /// `YYYY-MM-DD`, or empty when not known.
    pub child_date_of_birth: String,
    /// The person index's id of the child, when found.
    pub person_id: String,
    pub concern: String,
    /// When the notification was received, `YYYY-MM-DDTHH:MM` in UK time; empty means now.
    pub received_at: String,
    /// A Green notification sent on to the Early Help desk: "yes" or "no", whether it records
    /// the family's consent to Early Help (the desk's consent gate, §1.1, starts from it).
    pub consent: String,
}

/// A checked notification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedNotification {
    pub kind: NotificationKind,
    pub priority: Priority,
    pub child_date_of_birth: Option<NaiveDate>,
    pub received_at: DateTime<Utc>,
    /// Where it starts: waiting for the desk, or (Green, not domestic abuse) sent on.
    pub status: NotificationStatus,
}

pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// `YYYY-MM-DDTHH:MM` (what `<input type="datetime-local">` sends) or `YYYY-MM-DD HH:MM`, in UK time.
pub fn parse_local_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"].iter().find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
}

fn text(v: &mut Validation, field: &str, value: &str, max: usize, missing: &str) {
    if value.trim().is_empty() {
        v.add(field, missing);
    } else if value.chars().count() > max {
        v.add(field, format!("Must be {max} characters or fewer"));
    }
}

fn optional_text(v: &mut Validation, field: &str, value: &str, max: usize) {
    if value.chars().count() > max {
        v.add(field, format!("Must be {max} characters or fewer"));
    }
}

/// Green notifications go on to the Early Help desk "for processing in the usual way unless they
/// meet the Domestic abuse criteria", which are answered here as §8.2 says.
pub fn starting_status(kind: NotificationKind, priority: Priority) -> NotificationStatus {
    if priority == Priority::Green && !kind.is_domestic_abuse() {
        NotificationStatus::SentToEarlyHelpDesk
    } else {
        NotificationStatus::AwaitingResponses
    }
}

/// Checks the MASH team's form at `now`.
pub fn check_notification(f: &NotificationForm, now: DateTime<Utc>) -> Result<CheckedNotification, Validation> {
    let mut v = Validation::new();
    let kind = NotificationKind::from_slug(&f.kind);
    if kind.is_none() {
        v.add("kind", "Select which list on the MASH Log the notification is from");
    }
    let priority = Priority::from_slug(&f.priority);
    if priority.is_none() {
        v.add("priority", "Select the notification's priority: Red, Amber or Green");
    }
    optional_text(&mut v, "mash_log_reference", &f.mash_log_reference, MAX_SHORT);
    text(&mut v, "child_name", &f.child_name, MAX_SHORT, "Enter the child's name");
    let today = uk_local_time(now).date();
    let dob = if f.child_date_of_birth.trim().is_empty() {
        None
    } else {
        match parse_date(&f.child_date_of_birth) {
            Some(d) if d > today => {
                v.add("child_date_of_birth", "The child's date of birth must be today or in the past");
                None
            }
            Some(d) => Some(d),
            None => {
                v.add("child_date_of_birth", "Enter the child's date of birth as a real date, for example 2015-03-27");
                None
            }
        }
    };
    text(&mut v, "concern", &f.concern, MAX_SUMMARY, "Enter what the notification is about");
    let received_at = if f.received_at.trim().is_empty() {
        now
    } else {
        match parse_local_time(&f.received_at) {
            Some(local) if utc_from_uk_local(local) > now => {
                v.add("received_at", "The time the notification was received must be now or in the past");
                now
            }
            Some(local) => utc_from_uk_local(local),
            None => {
                v.add("received_at", "Enter when the notification was received as a date and time, for example 2026-03-27T14:30");
                now
            }
        }
    };
    if let (Some(k), Some(p)) = (kind, priority) {
        if starting_status(k, p) == NotificationStatus::SentToEarlyHelpDesk {
            v.check(f.consent != "yes" && f.consent != "no", "consent", "Say whether the notification records the family's consent to Early Help");
            let words = f.child_name.split_whitespace().count();
            if f.person_id.trim().is_empty() && words == 1 {
                v.add("child_name", "Enter the child's first and last name, or link the child's record: the EHA on the Early Help desk needs both");
            }
        }
    }
    match (kind, priority) {
        (Some(kind), Some(priority)) if v.is_ok() => {
            Ok(CheckedNotification { kind, priority, child_date_of_birth: dob, received_at, status: starting_status(kind, priority) })
        }
        _ => Err(v),
    }
}

/// The child's record a notification is linked to, as the EHA takes it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkedChild {
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub address: String,
    pub postcode: String,
}

/// The EHA a Green notification opens on the Early Help desk (§8.1: "workflowed through to the
/// Early Help desk ... for processing in the usual way"): from MASH (priority 1), referred by the
/// MASH team member who recorded it, with the child as the linked record has them or as the
/// notification names them (last word the family name), and the concern as the needs. What the
/// notification does not carry (parents, siblings, ethnicity...) is left for the desk's
/// mandatory-field check to ask for, as for any incomplete EHA (§1.3).
pub fn desk_intake(f: &NotificationForm, c: &CheckedNotification, linked: Option<&LinkedChild>, recorded_by: &str) -> crate::early_help::IntakeForm {
    let (given, family) = match linked {
        Some(l) => (l.given_name.clone(), l.family_name.clone()),
        None => {
            let name = f.child_name.trim();
            match name.rsplit_once(char::is_whitespace) {
                Some((g, fam)) => (g.trim().to_string(), fam.trim().to_string()),
                None => (name.to_string(), String::new()),
            }
        }
    };
    let dob = linked.and_then(|l| l.date_of_birth).or(c.child_date_of_birth);
    let reference = f.mash_log_reference.trim();
    crate::early_help::IntakeForm {
        source: "mash".into(),
        referrer_name: recorded_by.to_string(),
        referrer_organisation: if reference.is_empty() { "MASH team".into() } else { format!("MASH team (MASH Log {reference})") },
        consent: f.consent.clone(),
        child_given_name: given,
        child_family_name: family,
        child_date_of_birth: dob.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default(),
        child_address: linked.map(|l| l.address.clone()).unwrap_or_default(),
        child_postcode: linked.map(|l| l.postcode.clone()).unwrap_or_default(),
        needs: f.concern.trim().to_string(),
        ..Default::default()
    }
}

/// The response deadline for a notification received at `received` (UTC), on its priority's
/// clock (MASH Red and Amber run round the clock), or `None` for Green. The server stores it
/// with `Deadline::calendar_version`.
pub fn response_deadline(priority: Priority, received: DateTime<Utc>, cal: &WorkingCalendar) -> Option<(Deadline, DateTime<Utc>)> {
    let t = priority.timescale()?;
    let d = deadline(t, uk_local_time(received), cal, &OfficeHours::default());
    let due = utc_from_uk_local(d.due);
    Some((d, due))
}

// --- writing the response ---

/// Checks a synopsis or chronology: who may write it, on which kind, in which status, how long.
pub fn check_part(roles: &[Role], kind: NotificationKind, status: NotificationStatus, part: ResponsePart, text_value: &str) -> Result<(), PartRefusal> {
    if !may_write(roles, part) {
        return Err(PartRefusal::Role);
    }
    if !kind.parts_needed().contains(&part) {
        return Err(PartRefusal::State(format!("A {} notification has no {}: the TYS representative answers it alone", kind.label(), part.label().to_lowercase())));
    }
    if status != NotificationStatus::AwaitingResponses {
        return Err(PartRefusal::State(format!("The response can no longer be changed: the notification is {}", status.label().to_lowercase())));
    }
    let mut v = Validation::new();
    text(&mut v, part.slug(), text_value, MAX_TEXT, &format!("Enter the {}", part_words(part)));
    if v.is_ok() {
        Ok(())
    } else {
        Err(PartRefusal::Invalid(v))
    }
}

/// Why a step on a notification is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartRefusal {
    /// The roles do not allow it (403).
    Role,
    /// The notification's kind or status does not allow it; the message says why.
    State(String),
    /// Mistakes against fields.
    Invalid(Validation),
}

/// What has been written so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Written<'a> {
    pub tys_synopsis: &'a str,
    pub eh_synopsis: &'a str,
    pub chronology: &'a str,
}

impl Written<'_> {
    fn has(&self, part: ResponsePart) -> bool {
        let t = match part {
            ResponsePart::TysSynopsis => self.tys_synopsis,
            ResponsePart::EarlyHelpSynopsis => self.eh_synopsis,
            ResponsePart::Chronology => self.chronology,
        };
        !t.trim().is_empty()
    }
}

/// The parts still missing before the record can go back to the MASH team.
pub fn missing_parts(kind: NotificationKind, written: &Written<'_>) -> Vec<ResponsePart> {
    kind.parts_needed().iter().copied().filter(|p| !written.has(*p)).collect()
}

/// The response-complete rule: a request for information needs the TYS synopsis, the Early Help
/// synopsis and the chronology; a domestic-abuse notification needs the TYS synopsis (§8.2).
pub fn check_return(roles: &[Role], kind: NotificationKind, status: NotificationStatus, written: &Written<'_>) -> Result<(), PartRefusal> {
    if !may_return(roles, kind) {
        return Err(PartRefusal::Role);
    }
    if status != NotificationStatus::AwaitingResponses {
        return Err(PartRefusal::State(format!("It cannot be returned: the notification is {}", status.label().to_lowercase())));
    }
    let missing = missing_parts(kind, written);
    if missing.is_empty() {
        return Ok(());
    }
    let mut v = Validation::new();
    for p in missing {
        v.add(p.slug(), format!("Write the {} before returning the record to the MASH team", part_words(p)));
    }
    Err(PartRefusal::Invalid(v))
}

/// The part's name inside a sentence ("Write the chronology …").
pub fn part_words(p: ResponsePart) -> &'static str {
    match p {
        ResponsePart::TysSynopsis => "TYS synopsis",
        ResponsePart::EarlyHelpSynopsis => "Early Help synopsis",
        ResponsePart::Chronology => "chronology",
    }
}

// --- the MASH discussion ---

/// What the MASH team records after the MASH discussion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discussion {
    pub rating: Priority,
    /// Green after MASH waits for the TYS representative to log it; Red and Amber stay with
    /// Children's Social Care.
    pub status: NotificationStatus,
}

pub fn check_discussion(roles: &[Role], status: NotificationStatus, rating: &str, outcome: &str) -> Result<Discussion, PartRefusal> {
    if !may_record_discussion(roles) {
        return Err(PartRefusal::Role);
    }
    if status != NotificationStatus::ReturnedToMash {
        return Err(PartRefusal::State(format!("The MASH discussion is recorded once the desk has returned the record; the notification is {}", status.label().to_lowercase())));
    }
    let mut v = Validation::new();
    let rating = Priority::from_slug(rating);
    if rating.is_none() {
        v.add("rating", "Select the RAG rating after the MASH discussion");
    }
    text(&mut v, "discussion_outcome", outcome, MAX_SUMMARY, "Enter the outcome of the MASH discussion");
    match rating {
        Some(rating) if v.is_ok() => Ok(Discussion {
            rating,
            status: if rating == Priority::Green { NotificationStatus::GreenAwaitingLog } else { NotificationStatus::Discussed },
        }),
        _ => Err(PartRefusal::Invalid(v)),
    }
}

/// The TYS representative logs a Green-after-MASH case with its outcome and date, which may be
/// neither in the future nor before the notification was received.
pub fn check_log(roles: &[Role], status: NotificationStatus, outcome: &str, date: &str, received: DateTime<Utc>, now: DateTime<Utc>) -> Result<(LoggedOutcome, NaiveDate), PartRefusal> {
    if !may_log_outcome(roles) {
        return Err(PartRefusal::Role);
    }
    if status != NotificationStatus::GreenAwaitingLog {
        return Err(PartRefusal::State(format!("Only a case rated Green after MASH is logged on the Early Help MASH database; the notification is {}", status.label().to_lowercase())));
    }
    let mut v = Validation::new();
    let o = LoggedOutcome::from_slug(outcome);
    if o.is_none() {
        v.add("logged_outcome", "Select the outcome logged on the Early Help MASH database");
    }
    let d = parse_date(date);
    match d {
        None => v.add("logged_on", "Enter the date of the outcome as a real date, for example 2026-03-27"),
        Some(d) if d > uk_local_time(now).date() => v.add("logged_on", "The date of the outcome must be today or in the past"),
        Some(d) if d < uk_local_time(received).date() => v.add("logged_on", "The date of the outcome cannot be before the notification was received"),
        Some(_) => {}
    }
    match (o, d) {
        (Some(o), Some(d)) if v.is_ok() => Ok((o, d)),
        _ => Err(PartRefusal::Invalid(v)),
    }
}

// --- the response clock as shown ---

/// The response clock of an open notification at `now`: red when overdue, amber on the day it is
/// due (or the day before), green otherwise (`workflow::repeat::rag_at`, the worklists' rule).
pub fn due_state(due: DateTime<Utc>, timescale: Timescale, now: DateTime<Utc>, cal: &WorkingCalendar) -> Rag {
    rag_at(due, timescale, now, cal)
}

/// "due in 3 hours 20 minutes" or "overdue by 1 day 2 hours".
pub fn due_text(due: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let mins = (due - now).num_minutes();
    if mins >= 0 {
        format!("due in {}", span_text(mins))
    } else {
        format!("overdue by {}", span_text(-mins))
    }
}

/// Whether the response went back in time, and by how much it was late if not.
pub fn responded_text(due: DateTime<Utc>, returned: DateTime<Utc>) -> String {
    let late = (returned - due).num_minutes();
    if late <= 0 {
        "Returned within the timescale".to_string()
    } else {
        format!("Returned late by {}", span_text(late))
    }
}

pub(crate) fn span_text(mins: i64) -> String {
    let (days, hours, minutes) = (mins / (24 * 60), (mins / 60) % 24, mins % 60);
    let unit = |n: i64, u: &str| if n == 1 { format!("1 {u}") } else { format!("{n} {u}s") };
    if days > 0 {
        if hours > 0 {
            format!("{} {}", unit(days, "day"), unit(hours, "hour"))
        } else {
            unit(days, "day")
        }
    } else if hours > 0 {
        if minutes > 0 {
            format!("{} {}", unit(hours, "hour"), unit(minutes, "minute"))
        } else {
            unit(hours, "hour")
        }
    } else {
        unit(minutes, "minute")
    }
}

/// The MASH Log's order: open notifications by priority (Red first), then by when they are due
/// (no deadline last), then oldest first.
pub fn log_order(a: (Priority, Option<DateTime<Utc>>, DateTime<Utc>), b: (Priority, Option<DateTime<Utc>>, DateTime<Utc>)) -> std::cmp::Ordering {
    let due = |d: Option<DateTime<Utc>>| (d.is_none(), d);
    (a.0.rank(), due(a.1), a.2).cmp(&(b.0.rank(), due(b.1), b.2))
}

#[cfg(test)]
mod tests;
