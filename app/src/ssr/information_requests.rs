//! Information requests on the server: making one (from the public form, an inbox e-mail or
//! LADO) with its title, urgency and deadline from the shared rules and the calendar in force;
//! the household a request's notes go on; the recorded history a response starts from.

use chrono::{DateTime, Utc};
use domain::information_requests::{
    check_intake, criteria_from_slugs, household_children, parse_date, request_deadline, urgency_and_title, InvolvementPeriod, IntakeForm,
    KeyEvent, KeyEventKind, RecordedHistory, Relative, RequestChannel, RequestKind, RequestStatus,
};
use domain::rules::{utc_from_uk_local, OfficeHours, WorkingCalendar};
use domain::FieldError;
use storage::{NewInformationRequest, StorageError, Store};

/// A new request's reference, readable on the phone.
pub fn new_reference(prefix: &str) -> String {
    let bytes = uuid::Uuid::new_v4().into_bytes();
    let mut random = [0u8; 8];
    random.copy_from_slice(&bytes[..8]);
    domain::codes::readable_reference(prefix, random)
}

#[derive(Clone, Debug, PartialEq)]
pub struct Created {
    pub id: String,
    pub reference: String,
}

/// What else a new request carries besides the intake form.
pub struct Origin<'a> {
    pub kind: RequestKind,
    pub channel: RequestChannel,
    pub inbox_item_id: Option<&'a str>,
    /// The e-mail's subject, or empty to make a title from the form.
    pub subject: &'a str,
    pub created_by: Option<&'a str>,
    pub ofsted_reference: &'a str,
    pub applicant_name: &'a str,
    pub applicant_date_of_birth: Option<chrono::NaiveDate>,
    pub duplicate_of: Option<&'a str>,
}

impl<'a> Origin<'a> {
    pub fn professional(channel: RequestChannel) -> Origin<'a> {
        Origin {
            kind: RequestKind::Professional,
            channel,
            inbox_item_id: None,
            subject: "",
            created_by: None,
            ofsted_reference: "",
            applicant_name: "",
            applicant_date_of_birth: None,
            duplicate_of: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The inbox e-mail was already recorded or filtered.
    #[error("that e-mail is no longer new")]
    InboxItemTaken,
}

/// Checks the form and stores the request. Urgency is the four criteria, never the word
/// "urgent"; the deadline comes from the calendar in force. `Ok(Err(errors))` for mistakes.
pub async fn create(
    store: &Store,
    cal: &WorkingCalendar,
    f: &IntakeForm,
    origin: Origin<'_>,
    now: DateTime<Utc>,
) -> Result<Result<Created, Vec<FieldError>>, CreateError> {
    let today = domain::rules::uk_local_time(now).date();
    let v = check_intake(f, today);
    if !v.is_ok() {
        return Ok(Err(v.errors));
    }
    let criteria = criteria_from_slugs(&f.urgency_criteria);
    let subject = if origin.subject.trim().is_empty() {
        match origin.kind {
            RequestKind::OfstedSuitability => format!("OFSTED suitability check: {}", origin.applicant_name.trim()),
            RequestKind::Professional => format!("Information request: {} ({})", f.child_name.trim(), f.requester_organisation.trim()),
        }
    } else {
        origin.subject.trim().to_string()
    };
    let (urgency, title) = match origin.kind {
        // OFSTED checks have their own timescale and no urgency criteria.
        RequestKind::OfstedSuitability => (domain::rules::IrrUrgency::NonUrgent, subject.clone()),
        RequestKind::Professional => urgency_and_title(&subject, &criteria),
    };
    let urgent = urgency.is_urgent();
    let d = request_deadline(origin.kind, urgent, now, cal, &OfficeHours::default());
    let criteria_slugs: Vec<&str> = criteria.iter().map(|c| domain::information_requests::criterion_slug(*c)).collect();
    let status = match origin.kind {
        RequestKind::OfstedSuitability => RequestStatus::InIrrFolder,
        RequestKind::Professional => RequestStatus::AwaitingCheck,
    };
    let timescale = domain::workflow::slug_of(&d.timescale);
    for _ in 0..5 {
        let reference = new_reference(if origin.kind == RequestKind::OfstedSuitability { "OFS" } else { "IRR" });
        let n = NewInformationRequest {
            reference: &reference,
            kind: origin.kind.slug(),
            channel: origin.channel.slug(),
            inbox_item_id: origin.inbox_item_id,
            status: status.slug(),
            title: &title,
            urgent,
            said_urgent: f.said_urgent,
            urgency_criteria: &criteria_slugs.join(","),
            urgency_reason: f.urgency_reason.trim(),
            requester_name: f.requester_name.trim(),
            requester_organisation: f.requester_organisation.trim(),
            requester_email: f.requester_email.trim(),
            requester_phone: f.requester_phone.trim(),
            child_name: f.child_name.trim(),
            child_date_of_birth: parse_date(&f.child_date_of_birth),
            child_address: f.child_address.trim(),
            family_details: f.family_details.trim(),
            information_needed: f.information_needed.trim(),
            reason: f.reason.trim(),
            consent: &f.consent,
            consent_given_by: &f.consent_given_by,
            consent_form: &f.consent_form,
            exception: &f.exception,
            exception_details: f.exception_details.trim(),
            ofsted_reference: origin.ofsted_reference.trim(),
            applicant_name: origin.applicant_name.trim(),
            applicant_date_of_birth: origin.applicant_date_of_birth,
            person_id: None,
            duplicate_of: origin.duplicate_of,
            received_at: now,
            timescale: &timescale,
            due_at: utc_from_uk_local(d.due),
            calendar_version: &d.calendar_version,
            created_by: origin.created_by,
        };
        match store.create_information_request(n, now).await {
            Ok(id) => return Ok(Ok(Created { id, reference })),
            Err(StorageError::Conflict(what)) if what.contains("e-mail") => return Err(CreateError::InboxItemTaken),
            Err(StorageError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(CreateError::Storage(StorageError::Conflict("A free information request reference")))
}

/// The children of the household: the child, siblings living with them, other children at
/// their address (the domain decides who counts).
pub async fn household(store: &Store, person_id: &str, on: chrono::NaiveDate) -> Result<Vec<String>, StorageError> {
    let mut relatives: Vec<Relative> = store
        .relationships_of(person_id)
        .await?
        .into_iter()
        .map(|r| Relative { person_id: r.relative_id, kind: r.kind, household_member: r.household_member, date_of_birth: r.relative_date_of_birth })
        .collect();
    for p in store.people_at_same_address(person_id).await? {
        if p.id != person_id {
            relatives.push(Relative { person_id: p.id, kind: "same_address".into(), household_member: true, date_of_birth: p.date_of_birth });
        }
    }
    Ok(household_children(person_id, &relatives, on))
}

/// What the records show for the household: periods of involvement and dated key events (never
/// the content of a note or assessment).
pub async fn recorded_history(store: &Store, child_id: &str, household: &[String]) -> Result<RecordedHistory, StorageError> {
    let periods = store
        .involvements_of(household)
        .await?
        .into_iter()
        .map(|i| InvolvementPeriod { opened_on: i.opened_on, closed_on: i.closed_on })
        .collect();
    let mut events = Vec::new();
    for c in store.contacts_for_person(child_id).await? {
        events.push(KeyEvent { kind: KeyEventKind::Contact, on: domain::rules::uk_local_time(c.received_at).date(), note: c.reference });
    }
    for n in store.case_notes_for_person(child_id).await? {
        if n.withdrawal.is_some() {
            continue;
        }
        let kind = match n.note_type.as_str() {
            "strategy_discussion" => KeyEventKind::StrategyDiscussion,
            "cin_meeting" | "cin_meeting_accepted" => KeyEventKind::ChildInNeedPlan,
            _ => continue,
        };
        events.push(KeyEvent { kind, on: domain::rules::uk_local_time(n.written_at).date(), note: String::new() });
    }
    Ok(RecordedHistory { periods, events })
}
