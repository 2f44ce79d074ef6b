//! Letter templates (one per letter kind, every version kept) and the communications rendered
//! from them: queued idempotently, claimed for sending with a lease so exactly one instance sends
//! each, retried on failure and never dropped; posted letters wait to be printed.

use crate::error::conflict_as;
use crate::time::{from_db, to_db};
use crate::versioned::Versioned;
use crate::{new_id, Result, StorageError, Store, VersionedSave};
use chrono::{DateTime, Duration, Utc};
use sqlx::Row;

#[derive(Clone, Debug, PartialEq)]
pub struct LetterTemplateRow {
    pub letter_kind: String,
    pub subject: String,
    pub body: String,
    pub version: i64,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

pub struct NewCommunication<'a> {
    /// Issuing the same letter for the same step twice finds the first one by this key.
    pub idempotency_key: &'a str,
    pub contact_id: &'a str,
    pub letter_kind: &'a str,
    pub template_version: i64,
    pub recipient_name: &'a str,
    pub recipient_role: &'a str,
    /// `email` or `post`.
    pub channel: &'a str,
    pub recipient_email: &'a str,
    pub recipient_address: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// `queued` for e-mail, `ready_to_print` for post.
    pub status: &'a str,
    pub created_by: &'a str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CommunicationRow {
    pub id: String,
    pub contact_id: String,
    pub contact_reference: String,
    pub person_id: String,
    pub letter_kind: String,
    pub template_version: i64,
    pub recipient_name: String,
    pub recipient_role: String,
    pub channel: String,
    pub recipient_email: String,
    pub recipient_address: String,
    pub subject: String,
    pub body: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub printed_by: Option<String>,
    pub printed_at: Option<DateTime<Utc>>,
}

const TEMPLATES: Versioned =
    Versioned { table: "letter_templates", versions: "letter_template_versions", key: "letter_kind", first: "subject", what: "That template" };
const TEMPLATE_COLUMNS: &str = "letter_kind, subject, body, version, updated_by, updated_at";
const COMMUNICATION_SELECT: &str = "SELECT m.id, m.contact_id, c.reference, c.person_id, m.letter_kind, m.template_version, m.recipient_name,
        m.recipient_role, m.channel, m.recipient_email, m.recipient_address, m.subject, m.body, m.status, m.attempts,
        m.next_attempt_at, m.last_error, m.created_by, m.created_at, m.sent_at, m.printed_by, m.printed_at
     FROM communications m JOIN contacts c ON c.id = m.contact_id";
/// E-mails that may be sent (or tried again).
const SENDABLE: &str = "m.channel = 'email' AND m.status IN ('queued', 'failed_retrying')";

impl Store {
    pub async fn letter_template(&self, kind: &str) -> Result<Option<LetterTemplateRow>> {
        let row = sqlx::query(&format!("SELECT {TEMPLATE_COLUMNS} FROM letter_templates WHERE letter_kind = $1"))
            .bind(kind)
            .fetch_optional(self.pool())
            .await?;
        row.map(row_to_template).transpose()
    }

    pub async fn letter_templates(&self) -> Result<Vec<LetterTemplateRow>> {
        let rows = sqlx::query(&format!("SELECT {TEMPLATE_COLUMNS} FROM letter_templates ORDER BY letter_kind")).fetch_all(self.pool()).await?;
        rows.into_iter().map(row_to_template).collect()
    }

    /// Writes a template's default as version 1 unless it exists (safe from several instances).
    pub async fn insert_letter_template_if_missing(&self, kind: &str, subject: &str, body: &str, now: DateTime<Utc>) -> Result<bool> {
        TEMPLATES.insert_default(self, kind, subject, body, now).await
    }

    /// Saves a new version if `expected_version` is still the current one; the old one is kept.
    pub async fn save_letter_template(
        &self,
        kind: &str,
        subject: &str,
        body: &str,
        expected_version: i64,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<VersionedSave> {
        if let Some(version) = TEMPLATES.save(self, kind, subject, body, expected_version, by, now).await? {
            return Ok(VersionedSave::Saved { version });
        }
        Ok(match self.letter_template(kind).await? {
            Some(t) => VersionedSave::Stale { current: t.version },
            None => VersionedSave::NotFound,
        })
    }

    /// Every saved version of a template, newest first.
    pub async fn letter_template_versions(&self, kind: &str) -> Result<Vec<LetterTemplateRow>> {
        let rows = sqlx::query(&format!("SELECT {TEMPLATE_COLUMNS} FROM letter_template_versions WHERE letter_kind = $1 ORDER BY version DESC"))
            .bind(kind)
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().map(row_to_template).collect()
    }

    /// Queues a communication unless one with the same idempotency key exists. Returns its id
    /// and whether it was new.
    pub async fn queue_communication(&self, c: NewCommunication<'_>, now: DateTime<Utc>) -> Result<(String, bool)> {
        if let Some(id) = self.communication_by_key(c.idempotency_key).await? {
            return Ok((id, false));
        }
        let id = new_id();
        let r = sqlx::query(
            "INSERT INTO communications (id, idempotency_key, contact_id, letter_kind, template_version, recipient_name, recipient_role,
                channel, recipient_email, recipient_address, subject, body, status, attempts, next_attempt_at, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, $14, $15, $16, $16)",
        )
        .bind(&id)
        .bind(c.idempotency_key)
        .bind(c.contact_id)
        .bind(c.letter_kind)
        .bind(c.template_version)
        .bind(c.recipient_name)
        .bind(c.recipient_role)
        .bind(c.channel)
        .bind(c.recipient_email)
        .bind(c.recipient_address)
        .bind(c.subject)
        .bind(c.body)
        .bind(c.status)
        .bind((c.channel == "email").then(|| to_db(now)))
        .bind(c.created_by)
        .bind(to_db(now))
        .execute(self.pool())
        .await
        .map_err(conflict_as("That communication"));
        match r {
            Ok(_) => Ok((id, true)),
            Err(StorageError::Conflict(_)) => match self.communication_by_key(c.idempotency_key).await? {
                Some(existing) => Ok((existing, false)),
                None => Err(StorageError::Conflict("That communication")),
            },
            Err(e) => Err(e),
        }
    }

    async fn communication_by_key(&self, key: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT id FROM communications WHERE idempotency_key = $1").bind(key).fetch_optional(self.pool()).await?;
        Ok(match row {
            Some(r) => Some(r.try_get("id")?),
            None => None,
        })
    }

    pub async fn communication(&self, id: &str) -> Result<Option<CommunicationRow>> {
        let row = sqlx::query(&format!("{COMMUNICATION_SELECT} WHERE m.id = $1")).bind(id).fetch_optional(self.pool()).await?;
        row.map(row_to_communication).transpose()
    }

    /// Oldest first.
    pub async fn communications_for_contact(&self, contact_id: &str) -> Result<Vec<CommunicationRow>> {
        let rows = sqlx::query(&format!("{COMMUNICATION_SELECT} WHERE m.contact_id = $1 ORDER BY m.created_at, m.id"))
            .bind(contact_id)
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().map(row_to_communication).collect()
    }

    /// Every communication on any of the child's contacts, oldest first.
    pub async fn communications_for_person(&self, person_id: &str) -> Result<Vec<CommunicationRow>> {
        let rows = sqlx::query(&format!("{COMMUNICATION_SELECT} WHERE c.person_id = $1 ORDER BY m.created_at, m.id"))
            .bind(person_id)
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().map(row_to_communication).collect()
    }

    /// Claims up to `limit` e-mails that are due and not held by anyone, each with a conditional
    /// UPDATE only one instance can win; returns the ones this `holder` won.
    pub async fn claim_due_emails(&self, holder: &str, now: DateTime<Utc>, lease: Duration, limit: i64) -> Result<Vec<CommunicationRow>> {
        let free = "(m.claimed_until IS NULL OR m.claimed_until <= $1)";
        let due = "(m.next_attempt_at IS NULL OR m.next_attempt_at <= $1)";
        let candidates = sqlx::query(&format!(
            "SELECT m.id FROM communications m WHERE {SENDABLE} AND {due} AND {free} ORDER BY m.next_attempt_at, m.id LIMIT $2"
        ))
        .bind(to_db(now))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let mut won = Vec::new();
        for r in candidates {
            let id: String = r.try_get("id")?;
            // The conditions are on the row itself (no subquery): PostgreSQL re-checks them
            // against the row a concurrent winner just wrote, so the loser updates nothing.
            let n = sqlx::query(
                "UPDATE communications SET claimed_by = $2, claimed_until = $3
                 WHERE id = $4 AND channel = 'email' AND status IN ('queued', 'failed_retrying')
                   AND (claimed_until IS NULL OR claimed_until <= $1)",
            )
            .bind(to_db(now))
            .bind(holder)
            .bind(to_db(now + lease))
            .bind(&id)
            .execute(self.pool())
            .await?
            .rows_affected();
            if n == 1 {
                won.extend(self.communication(&id).await?);
            }
        }
        Ok(won)
    }

    /// Records a successful send by the instance holding the claim.
    pub async fn communication_sent(&self, id: &str, holder: &str, now: DateTime<Utc>) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE communications SET status = 'sent', attempts = attempts + 1, sent_at = $1, last_error = NULL, next_attempt_at = NULL,
                    claimed_by = NULL, claimed_until = NULL, updated_at = $1
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
    pub async fn communication_failed(&self, id: &str, holder: &str, error: &str, next_attempt_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE communications SET status = 'failed_retrying', attempts = attempts + 1, last_error = $1, next_attempt_at = $2,
                    claimed_by = NULL, claimed_until = NULL, updated_at = $3
             WHERE id = $4 AND claimed_by = $5",
        )
        .bind(error)
        .bind(to_db(next_attempt_at))
        .bind(to_db(now))
        .bind(id)
        .bind(holder)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(n > 0)
    }

    /// E-mails that have failed and are waiting to be tried again, oldest first.
    pub async fn failed_communications(&self, limit: i64) -> Result<Vec<CommunicationRow>> {
        self.communications_with_status("failed_retrying", limit).await
    }

    /// Posted letters waiting to be printed, oldest first.
    pub async fn communications_to_print(&self, limit: i64) -> Result<Vec<CommunicationRow>> {
        self.communications_with_status("ready_to_print", limit).await
    }

    async fn communications_with_status(&self, status: &str, limit: i64) -> Result<Vec<CommunicationRow>> {
        let rows = sqlx::query(&format!("{COMMUNICATION_SELECT} WHERE m.status = $1 ORDER BY m.created_at, m.id LIMIT $2"))
            .bind(status)
            .bind(limit)
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().map(row_to_communication).collect()
    }

    /// Business Support has printed and posted the letter. `false` unless it was ready to print.
    pub async fn mark_communication_printed(&self, id: &str, by: &str, now: DateTime<Utc>) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE communications SET status = 'printed', printed_by = $1, printed_at = $2, updated_at = $2 WHERE id = $3 AND status = 'ready_to_print'",
        )
        .bind(by)
        .bind(to_db(now))
        .bind(id)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(n > 0)
    }

    /// Brings a failed e-mail's next attempt forward to now. `false` unless it is failed.
    pub async fn retry_communication_now(&self, id: &str, now: DateTime<Utc>) -> Result<bool> {
        let n = sqlx::query("UPDATE communications SET next_attempt_at = $1, updated_at = $1 WHERE id = $2 AND status = 'failed_retrying'")
            .bind(to_db(now))
            .bind(id)
            .execute(self.pool())
            .await?
            .rows_affected();
        Ok(n > 0)
    }

    /// Claims a once-per-period job (chasers, retention...): `true` for exactly one caller until
    /// `now + lease`, whichever instance asks first. The same holder asking again inside the
    /// period gets `false` too: the period is spent.
    pub async fn try_claim_job(&self, name: &str, holder: &str, now: DateTime<Utc>, lease: Duration) -> Result<bool> {
        let until = to_db(now + lease);
        let inserted = sqlx::query("INSERT INTO job_leases (name, holder, leased_until, claimed_at) VALUES ($1, $2, $3, $4)")
            .bind(name)
            .bind(holder)
            .bind(&until)
            .bind(to_db(now))
            .execute(self.pool())
            .await
            .map_err(conflict_as("That job lease"));
        match inserted {
            Ok(_) => return Ok(true),
            Err(StorageError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
        let n = sqlx::query("UPDATE job_leases SET holder = $1, leased_until = $2, claimed_at = $3 WHERE name = $4 AND leased_until <= $3")
            .bind(holder)
            .bind(&until)
            .bind(to_db(now))
            .bind(name)
            .execute(self.pool())
            .await?
            .rows_affected();
        Ok(n == 1)
    }
}

fn row_to_template(r: sqlx::any::AnyRow) -> Result<LetterTemplateRow> {
    Ok(LetterTemplateRow {
        letter_kind: r.try_get("letter_kind")?,
        subject: r.try_get("subject")?,
        body: r.try_get("body")?,
        version: r.try_get("version")?,
        updated_by: r.try_get("updated_by")?,
        updated_at: from_db(&r.try_get::<String, _>("updated_at")?)?,
    })
}

fn optional_time(r: &sqlx::any::AnyRow, column: &str) -> Result<Option<DateTime<Utc>>> {
    r.try_get::<Option<String>, _>(column)?.as_deref().map(from_db).transpose()
}

fn row_to_communication(r: sqlx::any::AnyRow) -> Result<CommunicationRow> {
    Ok(CommunicationRow {
        next_attempt_at: optional_time(&r, "next_attempt_at")?,
        sent_at: optional_time(&r, "sent_at")?,
        printed_at: optional_time(&r, "printed_at")?,
        id: r.try_get("id")?,
        contact_id: r.try_get("contact_id")?,
        contact_reference: r.try_get("reference")?,
        person_id: r.try_get("person_id")?,
        letter_kind: r.try_get("letter_kind")?,
        template_version: r.try_get("template_version")?,
        recipient_name: r.try_get("recipient_name")?,
        recipient_role: r.try_get("recipient_role")?,
        channel: r.try_get("channel")?,
        recipient_email: r.try_get("recipient_email")?,
        recipient_address: r.try_get("recipient_address")?,
        subject: r.try_get("subject")?,
        body: r.try_get("body")?,
        status: r.try_get("status")?,
        attempts: r.try_get("attempts")?,
        last_error: r.try_get("last_error")?,
        created_by: r.try_get("created_by")?,
        created_at: from_db(&r.try_get::<String, _>("created_at")?)?,
        printed_by: r.try_get("printed_by")?,
    })
}
