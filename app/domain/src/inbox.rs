//! The CASS inbox and the Business Support filter (seed 000, "Business Support Service (BSS)
//! Filter Process"): e-mails redirecting open cases, signposting what is not for CASS, grouping
//! siblings into a contact on closed or unknown cases, and sending an e-mail about a child or
//! sibling open in the last 4 weeks to an RAO or TM/SP to decide whether a contact is needed.
//!
//! `filter` is pure: the item page runs it as the worker chooses, and `inbox/decide` runs it again
//! on the server with the facts the server looked up before anything is stored.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::roles::{Role, RoleSet};
use crate::validation::Validation;

labelled_enum!(
    /// Where an inbox item came from.
    InboxSource {
        /// Picked up from the watched mailbox folder.
        Email => "E-mail",
        /// An .eml file uploaded by staff.
        Upload => "Uploaded e-mail",
        /// The public online Request for Support.
        OnlineForm => "Online form",
    }
);

labelled_enum!(
    /// Where an inbox item is in the filter.
    InboxStatus {
        /// Waiting for Business Support to filter it.
        New => "New",
        /// Sent to an RAO or TM/SP to decide whether a contact is needed (open in the last 4 weeks).
        AwaitingReview => "Awaiting RAO or TM/SP review",
        /// Redirected to the child's allocated worker.
        Redirected => "Redirected to the allocated worker",
        /// Not for CASS: signposted, with the reply recorded.
        Signposted => "Signposted",
        /// A contact was created on the TM/SP worklist.
        ContactCreated => "Contact created",
        /// The RAO or TM/SP decided no contact is needed.
        NoContactNeeded => "No contact needed",
        /// A professional's information request (seed 002): recorded and worked as one.
        InformationRequest => "Recorded as an information request",
        /// An online Request for Support sent on to the Early Help desk as an EHA (seed 003 §1.0).
        SentToEarlyHelpDesk => "Sent to the Early Help desk as an EHA",
    }
);

impl InboxStatus {
    /// Still waiting for someone to act on it.
    pub fn is_open(self) -> bool {
        matches!(self, InboxStatus::New | InboxStatus::AwaitingReview)
    }
}

/// The seed's window for "open in the last 4 weeks".
pub const RECENT_OPEN_DAYS: i64 = 28;
/// Longest reply or reason kept with a decision.
pub const MAX_TEXT: usize = 5000;

/// Whether a child's case with Children's Social Care is open, as the case system shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    OpenWithAllocatedWorker,
    Closed,
    Unknown,
}

/// What the filter knows about one child named in the item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildFacts {
    pub person_id: String,
    pub case: CaseStatus,
    /// The child, or a sibling, had a contact open at some time in the last 4 weeks.
    pub open_in_last_four_weeks: bool,
}

/// A contact was open at some time in the 4 weeks before `now`: it is still open, or it closed
/// within the window.
pub fn open_within_four_weeks(received_at: DateTime<Utc>, closed_at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    let start = now - Duration::days(RECENT_OPEN_DAYS);
    received_at <= now && closed_at.is_none_or(|c| c >= start)
}

/// Who is deciding: Business Support filtering, or the RAO/TM-SP review of a recent case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FilterStep {
    Filter,
    Review,
}

/// What the worker chose on the item page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "choice", rename_all = "snake_case")]
pub enum FilterChoice {
    /// Redirect to the allocated worker (named as the case system shows them).
    Redirect { worker: String },
    /// Not for CASS: signpost, with the reply sent.
    Signpost { reply: String },
    /// Group the chosen children and create a contact.
    CreateContact,
    /// A child or sibling was open in the last 4 weeks: an RAO or TM/SP decides.
    SendForReview,
    /// The review's answer: no contact is needed, and why.
    NoContact { reason: String },
    /// An online Request for Support for early help: an EHA on the Early Help desk, which checks
    /// consent and the mandatory fields itself (seed 003 §1.0, "submitted online").
    SendToEarlyHelpDesk,
}

impl FilterChoice {
    pub fn slug(&self) -> &'static str {
        match self {
            FilterChoice::Redirect { .. } => "redirect",
            FilterChoice::Signpost { .. } => "signpost",
            FilterChoice::CreateContact => "create_contact",
            FilterChoice::SendForReview => "send_for_review",
            FilterChoice::NoContact { .. } => "no_contact",
            FilterChoice::SendToEarlyHelpDesk => "send_to_early_help_desk",
        }
    }

    /// The worker's own words kept with the decision.
    pub fn text(&self) -> &str {
        match self {
            FilterChoice::Redirect { worker: t } | FilterChoice::Signpost { reply: t } | FilterChoice::NoContact { reason: t } => t,
            _ => "",
        }
    }
}

/// What the filter decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FilterOutcome {
    Redirected { worker: String },
    Signposted { reply: String },
    /// Create one contact for these children (the siblings grouped), at Initial analysis.
    CreateContact { children: Vec<String> },
    /// Create an RAO/TM-SP review work item.
    Review,
    NoContact { reason: String },
    /// Log an EHA on the Early Help desk for this child.
    SentToEarlyHelpDesk { children: Vec<String> },
}

impl FilterOutcome {
    /// The item's status once this outcome is stored.
    pub fn status(&self) -> InboxStatus {
        match self {
            FilterOutcome::Redirected { .. } => InboxStatus::Redirected,
            FilterOutcome::Signposted { .. } => InboxStatus::Signposted,
            FilterOutcome::CreateContact { .. } => InboxStatus::ContactCreated,
            FilterOutcome::Review => InboxStatus::AwaitingReview,
            FilterOutcome::NoContact { .. } => InboxStatus::NoContactNeeded,
            FilterOutcome::SentToEarlyHelpDesk { .. } => InboxStatus::SentToEarlyHelpDesk,
        }
    }
}

/// Who works the CASS inbox: Business Support, RAOs and TM/SPs (seed 000).
pub fn may_work_inbox(roles: &[Role]) -> bool {
    [Role::BusinessSupportOfficer, Role::ReferralAndAdviceOfficer, Role::TeamManager].into_iter().any(|r| roles.has_role(r))
}

/// Who decides whether a contact is needed on a case open in the last 4 weeks (seed 000).
pub fn may_review(roles: &[Role]) -> bool {
    [Role::ReferralAndAdviceOfficer, Role::TeamManager].into_iter().any(|r| roles.has_role(r))
}

fn required_text(v: &mut Validation, field: &str, text: &str, missing: &str) {
    if text.trim().is_empty() {
        v.add(field, missing);
    } else if text.chars().count() > MAX_TEXT {
        v.add(field, format!("Must be {MAX_TEXT} characters or fewer"));
    }
}

/// Seed 000's filter. `children` are the children the worker chose (siblings grouped), with what
/// the case system and the contact history say about each. Refusals name the form field.
pub fn filter(step: FilterStep, choice: &FilterChoice, children: &[ChildFacts]) -> Result<FilterOutcome, Validation> {
    let mut v = Validation::new();
    let open_case = children.iter().any(|c| c.case == CaseStatus::OpenWithAllocatedWorker);
    let recent = children.iter().any(|c| c.open_in_last_four_weeks);
    let ids = || children.iter().map(|c| c.person_id.clone()).collect::<Vec<_>>();
    let outcome = match (step, choice) {
        (_, FilterChoice::Redirect { worker }) => {
            if !open_case {
                v.add("choice", "Redirect only when a child's case is open with an allocated worker");
            }
            required_text(&mut v, "worker", worker, "Enter the allocated worker the e-mail was redirected to");
            FilterOutcome::Redirected { worker: worker.trim().to_string() }
        }
        (_, FilterChoice::Signpost { reply }) => {
            if open_case {
                v.add("choice", "A child's case is open with an allocated worker: redirect the e-mail to them");
            }
            required_text(&mut v, "reply", reply, "Enter the reply sent when signposting");
            FilterOutcome::Signposted { reply: reply.trim().to_string() }
        }
        (step, FilterChoice::CreateContact) => {
            if open_case {
                v.add("choice", "A child's case is open with an allocated worker: redirect the e-mail to them");
            } else if recent && step == FilterStep::Filter {
                v.add("choice", "A child or sibling was open in the last 4 weeks: send it to an RAO or TM/SP to decide whether a contact is needed");
            }
            if children.is_empty() {
                v.add("children", "Choose the children the e-mail is about");
            }
            FilterOutcome::CreateContact { children: ids() }
        }
        (FilterStep::Filter, FilterChoice::SendForReview) => {
            if open_case {
                v.add("choice", "A child's case is open with an allocated worker: redirect the e-mail to them");
            } else if !recent {
                v.add("choice", "No child or sibling was open in the last 4 weeks: create a contact");
            }
            FilterOutcome::Review
        }
        (FilterStep::Review, FilterChoice::SendForReview) => {
            v.add("choice", "This is the review: decide whether a contact is needed");
            FilterOutcome::Review
        }
        (FilterStep::Filter, FilterChoice::NoContact { .. }) => {
            v.add("choice", "Only an RAO or TM/SP reviewing a recent case decides that no contact is needed");
            FilterOutcome::Review
        }
        (FilterStep::Filter, FilterChoice::SendToEarlyHelpDesk) => {
            if open_case {
                v.add("choice", "A child's case is open with an allocated worker: redirect the request to them");
            }
            if children.len() != 1 {
                v.add("children", "Choose the one child the EHA is about: the Early Help desk keeps an EHA for each child");
            }
            FilterOutcome::SentToEarlyHelpDesk { children: ids() }
        }
        (FilterStep::Review, FilterChoice::SendToEarlyHelpDesk) => {
            v.add("choice", "This is the review: decide whether a contact is needed");
            FilterOutcome::Review
        }
        (FilterStep::Review, FilterChoice::NoContact { reason }) => {
            required_text(&mut v, "reason", reason, "Enter why no contact is needed");
            FilterOutcome::NoContact { reason: reason.trim().to_string() }
        }
    };
    if v.errors.is_empty() {
        Ok(outcome)
    } else {
        Err(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn child(id: &str, case: CaseStatus, recent: bool) -> ChildFacts {
        ChildFacts { person_id: id.into(), case, open_in_last_four_weeks: recent }
    }

    fn fields(r: Result<FilterOutcome, Validation>) -> Vec<String> {
        r.expect_err("refused").errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn open_case_with_allocated_worker_is_redirected_and_nothing_else() {
        let kids = [child("a", CaseStatus::Closed, false), child("b", CaseStatus::OpenWithAllocatedWorker, false)];
        let r = filter(FilterStep::Filter, &FilterChoice::Redirect { worker: " A Worker ".into() }, &kids);
        assert_eq!(r, Ok(FilterOutcome::Redirected { worker: "A Worker".into() }));
        assert_eq!(fields(filter(FilterStep::Filter, &FilterChoice::CreateContact, &kids)), ["choice"]);
        assert_eq!(fields(filter(FilterStep::Filter, &FilterChoice::Signpost { reply: "x".into() }, &kids)), ["choice"]);
        assert_eq!(fields(filter(FilterStep::Filter, &FilterChoice::Redirect { worker: " ".into() }, &kids)), ["worker"]);
    }

    #[test]
    fn an_online_request_for_early_help_goes_to_the_desk_for_one_child_not_open_to_csc() {
        let kid = [child("a", CaseStatus::Unknown, true)];
        let r = filter(FilterStep::Filter, &FilterChoice::SendToEarlyHelpDesk, &kid);
        assert_eq!(r, Ok(FilterOutcome::SentToEarlyHelpDesk { children: vec!["a".into()] }));
        assert_eq!(r.map(|o| o.status()), Ok(InboxStatus::SentToEarlyHelpDesk));
        let open = [child("a", CaseStatus::OpenWithAllocatedWorker, false)];
        assert_eq!(fields(filter(FilterStep::Filter, &FilterChoice::SendToEarlyHelpDesk, &open)), ["choice"]);
        let two = [child("a", CaseStatus::Closed, false), child("b", CaseStatus::Closed, false)];
        assert_eq!(fields(filter(FilterStep::Filter, &FilterChoice::SendToEarlyHelpDesk, &two)), ["children"]);
        assert_eq!(fields(filter(FilterStep::Filter, &FilterChoice::SendToEarlyHelpDesk, &[])), ["children"]);
        assert_eq!(fields(filter(FilterStep::Review, &FilterChoice::SendToEarlyHelpDesk, &kid)), ["choice"]);
        assert!(!InboxStatus::SentToEarlyHelpDesk.is_open());
    }

    #[test]
    fn redirect_needs_an_open_case() {
        let kids = [child("a", CaseStatus::Unknown, false)];
        assert_eq!(fields(filter(FilterStep::Filter, &FilterChoice::Redirect { worker: "W".into() }, &kids)), ["choice"]);
    }

    #[test]
    fn signposting_records_the_reply_and_needs_no_child() {
        let r = filter(FilterStep::Filter, &FilterChoice::Signpost { reply: "Please contact the housing team".into() }, &[]);
        assert_eq!(r.map(|o| o.status()), Ok(InboxStatus::Signposted));
        assert_eq!(fields(filter(FilterStep::Filter, &FilterChoice::Signpost { reply: "  ".into() }, &[])), ["reply"]);
        let long = "x".repeat(MAX_TEXT + 1);
        assert_eq!(fields(filter(FilterStep::Filter, &FilterChoice::Signpost { reply: long }, &[])), ["reply"]);
    }

    #[test]
    fn closed_or_unknown_cases_group_the_siblings_into_one_contact() {
        let kids = [child("a", CaseStatus::Closed, false), child("b", CaseStatus::Unknown, false)];
        let r = filter(FilterStep::Filter, &FilterChoice::CreateContact, &kids);
        assert_eq!(r, Ok(FilterOutcome::CreateContact { children: vec!["a".into(), "b".into()] }));
        assert_eq!(fields(filter(FilterStep::Filter, &FilterChoice::CreateContact, &[])), ["children"]);
        assert_eq!(fields(filter(FilterStep::Filter, &FilterChoice::SendForReview, &kids)), ["choice"]);
    }

    #[test]
    fn a_sibling_open_in_the_last_four_weeks_goes_to_review_then_the_reviewer_decides() {
        let kids = [child("a", CaseStatus::Closed, false), child("b", CaseStatus::Closed, true)];
        assert_eq!(fields(filter(FilterStep::Filter, &FilterChoice::CreateContact, &kids)), ["choice"]);
        assert_eq!(filter(FilterStep::Filter, &FilterChoice::SendForReview, &kids), Ok(FilterOutcome::Review));
        assert_eq!(fields(filter(FilterStep::Filter, &FilterChoice::NoContact { reason: "r".into() }, &kids)), ["choice"]);
        // The reviewer may create the contact, or say why none is needed.
        assert!(matches!(filter(FilterStep::Review, &FilterChoice::CreateContact, &kids), Ok(FilterOutcome::CreateContact { .. })));
        assert_eq!(
            filter(FilterStep::Review, &FilterChoice::NoContact { reason: "Already being assessed".into() }, &kids).map(|o| o.status()),
            Ok(InboxStatus::NoContactNeeded)
        );
        assert_eq!(fields(filter(FilterStep::Review, &FilterChoice::NoContact { reason: "".into() }, &kids)), ["reason"]);
        assert_eq!(fields(filter(FilterStep::Review, &FilterChoice::SendForReview, &kids)), ["choice"]);
    }

    #[test]
    fn four_week_window() {
        let now = Utc.with_ymd_and_hms(2026, 3, 31, 12, 0, 0).unwrap();
        let days = |n| now - Duration::days(n);
        assert!(open_within_four_weeks(days(100), None, now), "still open");
        assert!(open_within_four_weeks(days(100), Some(days(27)), now), "closed inside the window");
        assert!(open_within_four_weeks(days(100), Some(days(28)), now), "closed on the window's first moment");
        assert!(!open_within_four_weeks(days(100), Some(days(29)), now), "closed before the window");
        assert!(!open_within_four_weeks(now + Duration::days(1), None, now), "not yet received");
    }

    #[test]
    fn roles() {
        assert!(may_work_inbox(&[Role::BusinessSupportOfficer]));
        assert!(may_work_inbox(&[Role::TeamManager]));
        assert!(!may_work_inbox(&[Role::CassSocialWorker]));
        assert!(may_review(&[Role::ReferralAndAdviceOfficer]));
        assert!(!may_review(&[Role::BusinessSupportOfficer]));
    }

    #[test]
    fn labels_and_slugs() {
        assert_eq!(InboxStatus::AwaitingReview.label(), "Awaiting RAO or TM/SP review");
        assert!(InboxStatus::New.is_open() && !InboxStatus::Signposted.is_open());
        assert_eq!(crate::workflow::slug_of(&InboxSource::OnlineForm), "online_form");
        assert_eq!(FilterChoice::SendForReview.slug(), "send_for_review");
    }
}
