//! Information requests (IRR) and OFSTED suitability checks (seed 002): the request as given,
//! its state (the Business Support check, the RAO's tag by conditional update, urgency, consent
//! basis, the Team Manager's agreement, actioned), what CASS sent, the case notes it wrote on
//! every sibling, and the versioned list of secure generic addresses. Rules are the domain's
//! (`domain::information_requests`); this module only stores what they decided.

use crate::error::conflict_as;
use crate::time::{date_from_db, date_to_db, from_db, to_db};
use crate::{flag, new_id, Result, StorageError, Store};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A new request: what was given, and what the server computed (title, urgency, deadline).
#[derive(Clone, Debug, Default)]
pub struct NewInformationRequest<'a> {
    pub reference: &'a str,
    /// `domain::information_requests::RequestKind` slug.
    pub kind: &'a str,
    pub channel: &'a str,
    pub inbox_item_id: Option<&'a str>,
    pub status: &'a str,
    pub title: &'a str,
    pub urgent: bool,
    pub said_urgent: bool,
    /// Urgency criterion slugs, comma separated.
    pub urgency_criteria: &'a str,
    pub urgency_reason: &'a str,
    pub requester_name: &'a str,
    pub requester_organisation: &'a str,
    pub requester_email: &'a str,
    pub requester_phone: &'a str,
    pub child_name: &'a str,
    pub child_date_of_birth: Option<NaiveDate>,
    pub child_address: &'a str,
    pub family_details: &'a str,
    pub information_needed: &'a str,
    pub reason: &'a str,
    pub consent: &'a str,
    pub consent_given_by: &'a str,
    pub consent_form: &'a str,
    pub exception: &'a str,
    pub exception_details: &'a str,
    pub ofsted_reference: &'a str,
    pub applicant_name: &'a str,
    pub applicant_date_of_birth: Option<NaiveDate>,
    pub person_id: Option<&'a str>,
    pub duplicate_of: Option<&'a str>,
    pub received_at: DateTime<Utc>,
    pub timescale: &'a str,
    /// UTC.
    pub due_at: DateTime<Utc>,
    pub calendar_version: &'a str,
    pub created_by: Option<&'a str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InformationRequestRow {
    pub id: String,
    pub reference: String,
    pub kind: String,
    pub channel: String,
    pub inbox_item_id: Option<String>,
    pub status: String,
    pub outcome: Option<String>,
    pub title: String,
    pub urgent: bool,
    pub said_urgent: bool,
    pub urgency_criteria: Vec<String>,
    pub urgency_reason: String,
    pub requester_name: String,
    pub requester_organisation: String,
    pub requester_email: String,
    pub requester_phone: String,
    pub child_name: String,
    pub child_date_of_birth: Option<NaiveDate>,
    pub child_address: String,
    pub family_details: String,
    pub information_needed: String,
    pub reason: String,
    pub consent: String,
    pub consent_given_by: String,
    pub consent_form: String,
    pub exception: String,
    pub exception_details: String,
    pub ofsted_reference: String,
    pub applicant_name: String,
    pub applicant_date_of_birth: Option<NaiveDate>,
    pub person_id: Option<String>,
    pub person_name: Option<String>,
    pub involvement: Option<String>,
    pub depth: Option<String>,
    pub check_reply: String,
    pub checked_by_name: Option<String>,
    pub tagged_by: Option<String>,
    pub tagged_by_name: Option<String>,
    pub consent_basis: Option<String>,
    pub agreement_requested_at: Option<DateTime<Utc>>,
    pub agreement_note: String,
    pub agreed_by_name: Option<String>,
    pub agreed_at: Option<DateTime<Utc>>,
    pub duplicate_of: Option<String>,
    pub received_at: DateTime<Utc>,
    pub timescale: String,
    pub due_at: DateTime<Utc>,
    pub calendar_version: String,
    pub actioned_at: Option<DateTime<Utc>>,
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RequestMessageRow {
    pub id: String,
    pub request_id: String,
    pub message_kind: String,
    pub recipients: Vec<String>,
    pub address_kind: String,
    pub subject: String,
    pub body: String,
    /// `queued`, `sent` or `failed_retrying`.
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub sent_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Something CASS sends about a request.
#[derive(Clone, Debug)]
pub struct NewRequestMessage<'a> {
    pub message_kind: &'a str,
    pub recipients: &'a [String],
    pub address_kind: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

/// A case note a request writes, linked to every child given.
#[derive(Clone, Debug)]
pub struct RequestNote<'a> {
    pub note_type: &'a str,
    pub body: &'a str,
    pub person_ids: &'a [String],
}

/// Business Support's check, written only if the request is still waiting for it.
pub struct CheckWrite<'a> {
    pub id: &'a str,
    pub involvement: &'a str,
    pub depth: &'a str,
    pub reply: &'a str,
    pub person_id: Option<&'a str>,
    pub status: &'a str,
    pub outcome: Option<&'a str>,
    pub by: &'a str,
    pub message: Option<NewRequestMessage<'a>>,
    pub note: Option<RequestNote<'a>>,
}

/// The end of a request in the folder: a message sent, notes written, actioned, in one
/// transaction, only by the RAO who holds it.
pub struct FinishWrite<'a> {
    pub id: &'a str,
    pub by: &'a str,
    pub outcome: &'a str,
    /// `information_requests.status` values the request may be in.
    pub from_statuses: &'a [&'a str],
    /// Whether the writer must hold the tag (folder requests) or not.
    pub must_hold: bool,
    pub consent_basis: Option<&'a str>,
    /// Seed 002: a request sent back for consent is not kept; its narrative is cleared (who asked,
    /// about whom and the e-mail sent remain, as the record of what CASS did).
    pub forget_details: bool,
    pub message: Option<NewRequestMessage<'a>>,
    pub notes: Vec<RequestNote<'a>>,
}

/// An earlier OFSTED check and CASS's response to it, if any.
#[derive(Clone, Debug, PartialEq)]
pub struct OfstedCheckRow {
    pub request: InformationRequestRow,
    pub response: Option<RequestMessageRow>,
}

/// A saved version of the secure address list.
#[derive(Clone, Debug, PartialEq)]
pub struct SecureAddressesRow {
    pub version: i64,
    pub entries: String,
    pub saved_by: String,
    pub saved_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT r.*, p.given_name AS p_given, p.family_name AS p_family, cu.display_name AS checked_by_name,
        tu.display_name AS tagged_by_name, au.display_name AS agreed_by_name
     FROM information_requests r
     LEFT JOIN people p ON p.id = r.person_id
     LEFT JOIN users cu ON cu.id = r.checked_by
     LEFT JOIN users tu ON tu.id = r.tagged_by
     LEFT JOIN users au ON au.id = r.agreed_by";

fn opt_time(r: &AnyRow, col: &str) -> Result<Option<DateTime<Utc>>> {
    r.try_get::<Option<String>, _>(col)?.as_deref().map(from_db).transpose()
}

fn opt_date(r: &AnyRow, col: &str) -> Result<Option<NaiveDate>> {
    r.try_get::<Option<String>, _>(col)?.as_deref().map(date_from_db).transpose()
}

fn row_to_request(r: &AnyRow) -> Result<InformationRequestRow> {
    let criteria: String = r.try_get("urgency_criteria")?;
    let person_name = match (r.try_get::<Option<String>, _>("p_given")?, r.try_get::<Option<String>, _>("p_family")?) {
        (Some(g), Some(f)) => Some(format!("{g} {f}").trim().to_string()),
        _ => None,
    };
    Ok(InformationRequestRow {
        id: r.try_get("id")?,
        reference: r.try_get("reference")?,
        kind: r.try_get("kind")?,
        channel: r.try_get("channel")?,
        inbox_item_id: r.try_get("inbox_item_id")?,
        status: r.try_get("status")?,
        outcome: r.try_get("outcome")?,
        title: r.try_get("title")?,
        urgent: r.try_get::<i64, _>("urgent")? != 0,
        said_urgent: r.try_get::<i64, _>("said_urgent")? != 0,
        urgency_criteria: criteria.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect(),
        urgency_reason: r.try_get("urgency_reason")?,
        requester_name: r.try_get("requester_name")?,
        requester_organisation: r.try_get("requester_organisation")?,
        requester_email: r.try_get("requester_email")?,
        requester_phone: r.try_get("requester_phone")?,
        child_name: r.try_get("child_name")?,
        child_date_of_birth: opt_date(r, "child_date_of_birth")?,
        child_address: r.try_get("child_address")?,
        family_details: r.try_get("family_details")?,
        information_needed: r.try_get("information_needed")?,
        reason: r.try_get("reason")?,
        consent: r.try_get("consent")?,
        consent_given_by: r.try_get("consent_given_by")?,
        consent_form: r.try_get("consent_form")?,
        exception: r.try_get("exception")?,
        exception_details: r.try_get("exception_details")?,
        ofsted_reference: r.try_get("ofsted_reference")?,
        applicant_name: r.try_get("applicant_name")?,
        applicant_date_of_birth: opt_date(r, "applicant_date_of_birth")?,
        person_id: r.try_get("person_id")?,
        person_name,
        involvement: r.try_get("involvement")?,
        depth: r.try_get("depth")?,
        check_reply: r.try_get("check_reply")?,
        checked_by_name: r.try_get("checked_by_name")?,
        tagged_by: r.try_get("tagged_by")?,
        tagged_by_name: r.try_get("tagged_by_name")?,
        consent_basis: r.try_get("consent_basis")?,
        agreement_requested_at: opt_time(r, "agreement_requested_at")?,
        agreement_note: r.try_get("agreement_note")?,
        agreed_by_name: r.try_get("agreed_by_name")?,
        agreed_at: opt_time(r, "agreed_at")?,
        duplicate_of: r.try_get("duplicate_of")?,
        received_at: from_db(&r.try_get::<String, _>("received_at")?)?,
        timescale: r.try_get("timescale")?,
        due_at: from_db(&r.try_get::<String, _>("due_at")?)?,
        calendar_version: r.try_get("calendar_version")?,
        actioned_at: opt_time(r, "actioned_at")?,
        version: r.try_get("version")?,
    })
}

fn row_to_message(r: &AnyRow) -> Result<RequestMessageRow> {
    let recipients: String = r.try_get("recipients")?;
    Ok(RequestMessageRow {
        id: r.try_get("id")?,
        request_id: r.try_get("request_id")?,
        message_kind: r.try_get("message_kind")?,
        recipients: recipients.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect(),
        address_kind: r.try_get("address_kind")?,
        subject: r.try_get("subject")?,
        body: r.try_get("body")?,
        status: r.try_get("status")?,
        attempts: r.try_get("attempts")?,
        last_error: r.try_get("last_error")?,
        sent_at: opt_time(r, "sent_at")?,
        sent_by_name: r.try_get("sent_by_name")?,
        created_at: from_db(&r.try_get::<String, _>("created_at")?)?,
    })
}

const MESSAGE_SELECT: &str =
    "SELECT m.*, u.display_name AS sent_by_name FROM information_request_messages m LEFT JOIN users u ON u.id = m.sent_by";

/// The status a message is recorded with, waiting for the e-mail delivery job.
pub const MESSAGE_QUEUED: &str = "queued";

async fn insert_message(conn: &mut AnyConnection, request_id: &str, m: &NewRequestMessage<'_>, by: &str, now: DateTime<Utc>) -> Result<String> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO information_request_messages (id, request_id, message_kind, recipients, address_kind, subject, body, status, sent_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(request_id)
    .bind(m.message_kind)
    .bind(m.recipients.join("\n"))
    .bind(m.address_kind)
    .bind(m.subject)
    .bind(m.body)
    .bind(MESSAGE_QUEUED)
    .bind(by)
    .bind(to_db(now))
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// One case note linked to every child (duplicates ignored) and to the request.
async fn insert_note(conn: &mut AnyConnection, request_id: &str, n: &RequestNote<'_>, by: &str, now: DateTime<Utc>) -> Result<String> {
    let id = new_id();
    sqlx::query("INSERT INTO case_notes (id, note_type, body, contact_id, author_id, written_at) VALUES ($1, $2, $3, NULL, $4, $5)")
        .bind(&id)
        .bind(n.note_type)
        .bind(n.body)
        .bind(by)
        .bind(to_db(now))
        .execute(&mut *conn)
        .await?;
    let mut seen: Vec<&str> = Vec::new();
    for person in n.person_ids.iter().map(String::as_str).filter(|p| !p.is_empty()) {
        if seen.contains(&person) {
            continue;
        }
        seen.push(person);
        sqlx::query("INSERT INTO case_note_people (note_id, person_id) VALUES ($1, $2)").bind(&id).bind(person).execute(&mut *conn).await?;
    }
    sqlx::query("INSERT INTO information_request_notes (request_id, note_id) VALUES ($1, $2)").bind(request_id).bind(&id).execute(&mut *conn).await?;
    Ok(id)
}

impl Store {
    /// Creates the request. One made from an inbox e-mail marks the e-mail as recorded in the
    /// same transaction, only while it is still new: a second try is a `Conflict`.
    pub async fn create_information_request(&self, n: NewInformationRequest<'_>, now: DateTime<Utc>) -> Result<String> {
        let id = new_id();
        let mut tx = self.pool().begin().await?;
        if let Some(item) = n.inbox_item_id {
            let done = sqlx::query(
                "UPDATE inbox_items SET status = 'information_request', decision = 'information_request', decision_detail = $1,
                    decided_by = $2, decided_at = $3, version = version + 1 WHERE id = $4 AND status = 'new'",
            )
            .bind(n.reference)
            .bind(n.created_by)
            .bind(to_db(now))
            .bind(item)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Err(StorageError::Conflict("An information request for that e-mail"));
            }
        }
        sqlx::query(
            "INSERT INTO information_requests (id, reference, kind, channel, inbox_item_id, status, outcome, title, urgent, said_urgent,
                urgency_criteria, urgency_reason, requester_name, requester_organisation, requester_email, requester_phone, child_name,
                child_date_of_birth, child_address, family_details, information_needed, reason, consent, consent_given_by, consent_form,
                exception, exception_details, ofsted_reference, applicant_name, applicant_date_of_birth, person_id, check_reply,
                agreement_note, duplicate_of, received_at, timescale, due_at, calendar_version, created_by, version)
             VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
                $25, $26, $27, $28, $29, $30, '', '', $31, $32, $33, $34, $35, $36, 1)",
        )
        .bind(&id)
        .bind(n.reference)
        .bind(n.kind)
        .bind(n.channel)
        .bind(n.inbox_item_id)
        .bind(n.status)
        .bind(n.title)
        .bind(flag(n.urgent))
        .bind(flag(n.said_urgent))
        .bind(n.urgency_criteria)
        .bind(n.urgency_reason)
        .bind(n.requester_name)
        .bind(n.requester_organisation)
        .bind(n.requester_email)
        .bind(n.requester_phone)
        .bind(n.child_name)
        .bind(n.child_date_of_birth.map(date_to_db))
        .bind(n.child_address)
        .bind(n.family_details)
        .bind(n.information_needed)
        .bind(n.reason)
        .bind(n.consent)
        .bind(n.consent_given_by)
        .bind(n.consent_form)
        .bind(n.exception)
        .bind(n.exception_details)
        .bind(n.ofsted_reference)
        .bind(n.applicant_name)
        .bind(n.applicant_date_of_birth.map(date_to_db))
        .bind(n.person_id)
        .bind(n.duplicate_of)
        .bind(to_db(n.received_at))
        .bind(n.timescale)
        .bind(to_db(n.due_at))
        .bind(n.calendar_version)
        .bind(n.created_by)
        .execute(&mut *tx)
        .await
        .map_err(conflict_as("An information request with that reference"))?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn information_request(&self, id: &str) -> Result<Option<InformationRequestRow>> {
        let row = sqlx::query(&format!("{SELECT} WHERE r.id = $1")).bind(id).fetch_optional(self.pool()).await?;
        row.as_ref().map(row_to_request).transpose()
    }

    /// Requests in these statuses, oldest first (the folder orders urgent first on top of this).
    pub async fn information_requests(&self, statuses: &[&str], limit: i64) -> Result<Vec<InformationRequestRow>> {
        if statuses.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=statuses.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "{SELECT} WHERE r.status IN ({}) ORDER BY r.urgent DESC, r.received_at, r.id LIMIT ${}",
            marks.join(", "),
            statuses.len() + 1
        );
        let mut q = sqlx::query(&sql);
        for s in statuses {
            q = q.bind(*s);
        }
        q.bind(limit).fetch_all(self.pool()).await?.iter().map(row_to_request).collect()
    }

    /// The request made from an inbox e-mail, if one was.
    pub async fn information_request_for_inbox_item(&self, inbox_item_id: &str) -> Result<Option<InformationRequestRow>> {
        let row = sqlx::query(&format!("{SELECT} WHERE r.inbox_item_id = $1")).bind(inbox_item_id).fetch_optional(self.pool()).await?;
        row.as_ref().map(row_to_request).transpose()
    }

    /// Writes Business Support's check (with its reply or notice, and the note on the children)
    /// in one transaction. `false` when the request was already checked.
    pub async fn record_information_request_check(&self, w: CheckWrite<'_>, now: DateTime<Utc>) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE information_requests SET involvement = $1, depth = $2, check_reply = $3, person_id = COALESCE($4, person_id), status = $5,
                outcome = $6, checked_by = $7, checked_at = $8,
                actioned_by = CASE WHEN $5 = 'actioned' THEN $7 ELSE actioned_by END,
                actioned_at = CASE WHEN $5 = 'actioned' THEN $8 ELSE actioned_at END,
                version = version + 1
             WHERE id = $9 AND status = 'awaiting_check'",
        )
        .bind(w.involvement)
        .bind(w.depth)
        .bind(w.reply)
        .bind(w.person_id)
        .bind(w.status)
        .bind(w.outcome)
        .bind(w.by)
        .bind(to_db(now))
        .bind(w.id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        if let Some(m) = &w.message {
            insert_message(&mut *tx, w.id, m, w.by, now).await?;
        }
        if let Some(n) = &w.note {
            insert_note(&mut *tx, w.id, n, w.by, now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Tags a folder request as the user's: a conditional update, so of two RAOs only one wins.
    /// `true` when the user holds it afterwards.
    pub async fn tag_information_request(&self, id: &str, user_id: &str, now: DateTime<Utc>) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE information_requests SET tagged_by = $1, tagged_at = $2, version = version + 1
             WHERE id = $3 AND status = 'in_irr_folder' AND (tagged_by IS NULL OR tagged_by = $1)",
        )
        .bind(user_id)
        .bind(to_db(now))
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Removes the user's own tag. `false` when they did not hold it.
    pub async fn untag_information_request(&self, id: &str, user_id: &str) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE information_requests SET tagged_by = NULL, tagged_at = NULL, version = version + 1
             WHERE id = $1 AND tagged_by = $2 AND status = 'in_irr_folder'",
        )
        .bind(id)
        .bind(user_id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The RAO's decision on urgency, with the deadline recomputed on the server.
    #[allow(clippy::too_many_arguments)]
    pub async fn set_information_request_urgency(
        &self,
        id: &str,
        urgent: bool,
        criteria: &str,
        title: &str,
        timescale: &str,
        due_at: DateTime<Utc>,
        calendar_version: &str,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE information_requests SET urgent = $1, urgency_criteria = $2, title = $3, timescale = $4, due_at = $5, calendar_version = $6,
                version = version + 1
             WHERE id = $7 AND status <> 'actioned'",
        )
        .bind(flag(urgent))
        .bind(criteria)
        .bind(title)
        .bind(timescale)
        .bind(to_db(due_at))
        .bind(calendar_version)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Links the request to a child in the person index (and records their date of birth as
    /// the RAO found it, for the consent gate).
    pub async fn set_information_request_child(&self, id: &str, person_id: Option<&str>, child_date_of_birth: Option<NaiveDate>) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE information_requests SET person_id = COALESCE($1, person_id), child_date_of_birth = COALESCE($2, child_date_of_birth),
                version = version + 1 WHERE id = $3 AND status <> 'actioned'",
        )
        .bind(person_id)
        .bind(child_date_of_birth.map(date_to_db))
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The RAO asks a Team Manager to agree what is shared.
    pub async fn request_information_agreement(&self, id: &str, by: &str, now: DateTime<Utc>) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE information_requests SET agreement_requested_by = $1, agreement_requested_at = $2, version = version + 1
             WHERE id = $3 AND status = 'in_irr_folder' AND tagged_by = $1",
        )
        .bind(by)
        .bind(to_db(now))
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// A Team Manager's agreement, recorded with what they agreed.
    pub async fn record_information_agreement(&self, id: &str, by: &str, note: &str, now: DateTime<Utc>) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE information_requests SET agreed_by = $1, agreed_at = $2, agreement_note = $3, version = version + 1
             WHERE id = $4 AND status = 'in_irr_folder'",
        )
        .bind(by)
        .bind(to_db(now))
        .bind(note)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Sends, writes the notes and marks the request actioned, in one transaction. `false` (and
    /// nothing written) when the request is not in one of `from_statuses` or, when `must_hold`,
    /// the writer does not hold its tag.
    pub async fn finish_information_request(&self, w: FinishWrite<'_>, now: DateTime<Utc>) -> Result<bool> {
        if w.from_statuses.is_empty() {
            return Ok(false);
        }
        let marks: Vec<String> = (0..w.from_statuses.len()).map(|i| format!("${}", i + 6)).collect();
        let sql = format!(
            "UPDATE information_requests SET status = 'actioned', outcome = $1, actioned_by = $2, actioned_at = $3,
                consent_basis = COALESCE($4, consent_basis), version = version + 1 {}
             WHERE id = $5 AND status IN ({}) {}",
            if w.forget_details {
                ", information_needed = '', reason = '', family_details = '', child_address = '', urgency_reason = '', exception_details = ''"
            } else {
                ""
            },
            marks.join(", "),
            if w.must_hold { format!("AND tagged_by = ${}", w.from_statuses.len() + 6) } else { String::new() }
        );
        let mut tx = self.pool().begin().await?;
        let mut q = sqlx::query(&sql).bind(w.outcome).bind(w.by).bind(to_db(now)).bind(w.consent_basis).bind(w.id);
        for s in w.from_statuses {
            q = q.bind(*s);
        }
        if w.must_hold {
            q = q.bind(w.by);
        }
        if q.execute(&mut *tx).await?.rows_affected() == 0 {
            return Ok(false);
        }
        if let Some(m) = &w.message {
            insert_message(&mut *tx, w.id, m, w.by, now).await?;
        }
        for n in &w.notes {
            insert_note(&mut *tx, w.id, n, w.by, now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Claims queued (or due to be retried) messages for this instance with a lease; of several
    /// instances claiming at once, one wins each message.
    pub async fn claim_due_request_messages(&self, holder: &str, now: DateTime<Utc>, lease: chrono::Duration, limit: i64) -> Result<Vec<RequestMessageRow>> {
        let candidates = sqlx::query(
            "SELECT id FROM information_request_messages
             WHERE status IN ('queued', 'failed_retrying') AND (next_attempt_at IS NULL OR next_attempt_at <= $1)
               AND (claimed_until IS NULL OR claimed_until <= $1)
             ORDER BY created_at, id LIMIT $2",
        )
        .bind(to_db(now))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let mut won = Vec::new();
        for r in candidates {
            let id: String = r.try_get("id")?;
            let n = sqlx::query(
                "UPDATE information_request_messages SET claimed_by = $2, claimed_until = $3
                 WHERE id = $4 AND status IN ('queued', 'failed_retrying') AND (claimed_until IS NULL OR claimed_until <= $1)",
            )
            .bind(to_db(now))
            .bind(holder)
            .bind(to_db(now + lease))
            .bind(&id)
            .execute(self.pool())
            .await?
            .rows_affected();
            if n == 1 {
                let row = sqlx::query(&format!("{MESSAGE_SELECT} WHERE m.id = $1")).bind(&id).fetch_optional(self.pool()).await?;
                if let Some(row) = row {
                    won.push(row_to_message(&row)?);
                }
            }
        }
        Ok(won)
    }

    /// Records a message as sent by the instance that holds it.
    pub async fn request_message_sent(&self, id: &str, holder: &str, now: DateTime<Utc>) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE information_request_messages SET status = 'sent', attempts = attempts + 1, sent_at = $1, last_error = NULL,
                next_attempt_at = NULL, claimed_by = NULL, claimed_until = NULL
             WHERE id = $2 AND claimed_by = $3",
        )
        .bind(to_db(now))
        .bind(id)
        .bind(holder)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(n > 0)
    }

    /// Records a failed attempt and when to try again; the claim is released.
    pub async fn request_message_failed(&self, id: &str, holder: &str, error: &str, next_attempt_at: DateTime<Utc>) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE information_request_messages SET status = 'failed_retrying', attempts = attempts + 1, last_error = $1,
                next_attempt_at = $2, claimed_by = NULL, claimed_until = NULL
             WHERE id = $3 AND claimed_by = $4",
        )
        .bind(error)
        .bind(to_db(next_attempt_at))
        .bind(id)
        .bind(holder)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(n > 0)
    }

    /// Everything CASS sent about a request, oldest first.
    pub async fn information_request_messages(&self, request_id: &str) -> Result<Vec<RequestMessageRow>> {
        sqlx::query(&format!("{MESSAGE_SELECT} WHERE m.request_id = $1 ORDER BY m.created_at, m.id"))
        .bind(request_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(row_to_message)
        .collect()
    }

    /// The case notes a request wrote.
    pub async fn information_request_note_ids(&self, request_id: &str) -> Result<Vec<String>> {
        let rows = sqlx::query("SELECT note_id FROM information_request_notes WHERE request_id = $1 ORDER BY note_id").bind(request_id).fetch_all(self.pool()).await?;
        rows.iter().map(|r| Ok(r.try_get("note_id")?)).collect()
    }

    /// Earlier OFSTED checks that may be the same one: the same reference (ignoring case) or an
    /// applicant with the same date of birth. The domain decides which really are.
    pub async fn ofsted_check_candidates(&self, reference: &str, applicant_date_of_birth: Option<NaiveDate>) -> Result<Vec<OfstedCheckRow>> {
        let rows = sqlx::query(&format!(
            "{SELECT} WHERE r.kind = 'ofsted_suitability'
               AND ((r.ofsted_reference <> '' AND lower(r.ofsted_reference) = $1) OR (r.applicant_date_of_birth IS NOT NULL AND r.applicant_date_of_birth = $2))
             ORDER BY r.received_at, r.id LIMIT 50"
        ))
        .bind(reference.trim().to_lowercase())
        .bind(applicant_date_of_birth.map(date_to_db).unwrap_or_default())
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            let request = row_to_request(r)?;
            let response = self
                .information_request_messages(&request.id)
                .await?
                .into_iter()
                .rev()
                .find(|m| m.message_kind == "ofsted_response");
            out.push(OfstedCheckRow { request, response });
        }
        Ok(out)
    }

    /// The secure address list in force (the highest version), if one was ever saved.
    pub async fn secure_addresses(&self) -> Result<Option<SecureAddressesRow>> {
        let row = sqlx::query("SELECT * FROM secure_address_versions ORDER BY version DESC LIMIT 1").fetch_optional(self.pool()).await?;
        row.map(|r| {
            Ok(SecureAddressesRow {
                version: r.try_get("version")?,
                entries: r.try_get("entries")?,
                saved_by: r.try_get("saved_by")?,
                saved_at: from_db(&r.try_get::<String, _>("saved_at")?)?,
            })
        })
        .transpose()
    }

    /// Every saved version, newest first.
    pub async fn secure_address_versions(&self) -> Result<Vec<SecureAddressesRow>> {
        let rows = sqlx::query("SELECT * FROM secure_address_versions ORDER BY version DESC").fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                Ok(SecureAddressesRow {
                    version: r.try_get("version")?,
                    entries: r.try_get("entries")?,
                    saved_by: r.try_get("saved_by")?,
                    saved_at: from_db(&r.try_get::<String, _>("saved_at")?)?,
                })
            })
            .collect()
    }

    /// Saves a new version on top of `expected_version` (0 when none exists). `None` when
    /// someone else saved first (the primary key decides a race).
    pub async fn save_secure_addresses(&self, entries: &str, expected_version: i64, by: &str, now: DateTime<Utc>) -> Result<Option<i64>> {
        let current = self.secure_addresses().await?.map(|r| r.version).unwrap_or(0);
        if current != expected_version {
            return Ok(None);
        }
        let next = current + 1;
        let r = sqlx::query("INSERT INTO secure_address_versions (version, entries, saved_by, saved_at) VALUES ($1, $2, $3, $4)")
            .bind(next)
            .bind(entries)
            .bind(by)
            .bind(to_db(now))
            .execute(self.pool())
            .await
            .map_err(conflict_as("That version of the secure address list"));
        match r {
            Ok(_) => Ok(Some(next)),
            Err(StorageError::Conflict(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
