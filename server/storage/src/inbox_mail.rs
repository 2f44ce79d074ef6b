//! E-mails in the CASS inbox (issue 5 point 3): the raw message and its attachments, kept once
//! per SHA-256 so a redelivered e-mail is a no-op; one holder at a time by a conditional update;
//! the Business Support filter's decision written with the contact or review item it creates, in
//! one transaction guarded by the item's status and holder.

use crate::time::{from_db, to_db};
use crate::workflow::{close_inbox_contact, insert_case_contact, insert_item_about, promote_inbox_contact};
use crate::{new_id, NewCaseContact, NewWorkItem, Result, StorageError, Store};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::Row;

/// Work items about an inbox item (the RAO/TM-SP review) carry this subject kind.
pub const INBOX_ITEM_SUBJECT: &str = "inbox_item";
/// An attachment no scanner has looked at.
pub const NOT_SCANNED: &str = "not_scanned";

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn unb64(s: &str) -> Result<Vec<u8>> {
    base64::engine::general_purpose::STANDARD.decode(s).map_err(|e| StorageError::Corrupt(format!("base64: {e}")))
}

pub struct NewInboxMail<'a> {
    pub source: &'a str,
    pub raw: &'a [u8],
    pub from_address: &'a str,
    pub subject: &'a str,
    pub sent_at: Option<DateTime<Utc>>,
    pub text_body: &'a str,
    pub status: &'a str,
    pub uploaded_by: Option<&'a str>,
    pub attachments: Vec<NewAttachment<'a>>,
}

pub struct NewAttachment<'a> {
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub content: &'a [u8],
    pub scan_status: &'a str,
}

/// What importing a message did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Imported {
    Created(String),
    /// The same bytes were imported before: nothing new was stored.
    Duplicate(String),
}

impl Imported {
    pub fn id(&self) -> &str {
        match self {
            Imported::Created(id) | Imported::Duplicate(id) => id,
        }
    }
}

#[derive(Clone, Debug)]
pub struct AttachmentRow {
    pub id: String,
    pub item_id: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub scan_status: String,
}

#[derive(Clone, Debug)]
pub struct InboxMailRow {
    pub id: String,
    pub source: String,
    pub raw_sha256: String,
    pub from_address: String,
    pub subject: String,
    pub sent_at: Option<DateTime<Utc>>,
    pub text_body: String,
    pub status: String,
    pub received_at: DateTime<Utc>,
    pub claimed_by: Option<String>,
    pub claimed_by_name: Option<String>,
    pub decision: Option<String>,
    pub decision_detail: String,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub contact_id: Option<String>,
    pub contact_reference: Option<String>,
    /// The contact's status: `inbox` while an online request waits for the filter.
    pub contact_status: Option<String>,
    /// The contact's main child (an online request names one from the start).
    pub contact_person_id: Option<String>,
    pub contact_person_name: Option<String>,
    pub contact_person_dob: Option<String>,
    pub version: i64,
}

/// The filter's decision, and what it creates.
pub struct InboxDecisionWrite<'a> {
    pub item_id: &'a str,
    /// The status the decider saw; another decision in between makes this one stale.
    pub expected_status: &'a str,
    pub new_status: &'a str,
    pub decided_by: &'a str,
    pub decision: &'a str,
    pub detail: &'a str,
    pub contact: Option<NewCaseContact<'a>>,
    pub review_item: Option<NewWorkItem<'a>>,
    /// An online Request for Support's waiting contact: opened with `contact`'s fields instead
    /// of a new contact, or closed with `close_outcome` when the decision needs no contact.
    pub online_contact: Option<&'a str>,
    pub close_outcome: Option<&'a str>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InboxDecided {
    Yes { contact_id: Option<String> },
    /// Someone else decided first, or the decider no longer holds the item.
    Stale,
}

const ITEM_SELECT: &str = "SELECT i.id, i.source, i.raw_sha256, i.from_address, i.subject, i.sent_at, i.text_body, i.status,
        i.received_at, i.claimed_by, cu.display_name AS claimed_by_name, i.decision, i.decision_detail,
        du.display_name AS decided_by_name, i.decided_at, i.contact_id, c.reference AS contact_reference, i.version,
        c.status AS contact_status, c.person_id AS contact_person_id, p.given_name, p.family_name, p.date_of_birth
     FROM inbox_items i
     LEFT JOIN users cu ON cu.id = i.claimed_by
     LEFT JOIN users du ON du.id = i.decided_by
     LEFT JOIN contacts c ON c.id = i.contact_id
     LEFT JOIN people p ON p.id = c.person_id";

fn opt_time(r: &AnyRow, col: &str) -> Result<Option<DateTime<Utc>>> {
    let s: Option<String> = r.try_get(col)?;
    s.as_deref().map(from_db).transpose()
}

fn to_row(r: &AnyRow) -> Result<InboxMailRow> {
    Ok(InboxMailRow {
        id: r.try_get("id")?,
        source: r.try_get("source")?,
        raw_sha256: r.try_get("raw_sha256")?,
        from_address: r.try_get("from_address")?,
        subject: r.try_get("subject")?,
        sent_at: opt_time(r, "sent_at")?,
        text_body: r.try_get("text_body")?,
        status: r.try_get("status")?,
        received_at: from_db(&r.try_get::<String, _>("received_at")?)?,
        claimed_by: r.try_get("claimed_by")?,
        claimed_by_name: r.try_get("claimed_by_name")?,
        decision: r.try_get("decision")?,
        decision_detail: r.try_get("decision_detail")?,
        decided_by_name: r.try_get("decided_by_name")?,
        decided_at: opt_time(r, "decided_at")?,
        contact_id: r.try_get("contact_id")?,
        contact_reference: r.try_get("contact_reference")?,
        contact_status: r.try_get("contact_status")?,
        contact_person_id: r.try_get("contact_person_id")?,
        contact_person_name: match (r.try_get::<Option<String>, _>("given_name")?, r.try_get::<Option<String>, _>("family_name")?) {
            (None, None) => None,
            (g, f) => Some(format!("{} {}", g.unwrap_or_default(), f.unwrap_or_default()).trim().to_string()),
        },
        contact_person_dob: r.try_get("date_of_birth")?,
        version: r.try_get("version")?,
    })
}

fn to_attachment(r: &AnyRow) -> Result<AttachmentRow> {
    Ok(AttachmentRow {
        id: r.try_get("id")?,
        item_id: r.try_get("item_id")?,
        file_name: r.try_get("file_name")?,
        content_type: r.try_get("content_type")?,
        size_bytes: r.try_get("size_bytes")?,
        sha256: r.try_get("sha256")?,
        scan_status: r.try_get("scan_status")?,
    })
}

impl Store {
    async fn inbox_mail_id_by_sha(&self, sha: &str) -> Result<Option<String>> {
        Ok(sqlx::query("SELECT id FROM inbox_items WHERE raw_sha256 = $1")
            .bind(sha)
            .fetch_optional(self.pool())
            .await?
            .map(|r| r.try_get("id"))
            .transpose()?)
    }

    /// Stores a message and its attachments, once: the same bytes again (a redelivery, or two
    /// instances importing the same file) return the first row's id.
    pub async fn import_inbox_mail(&self, m: NewInboxMail<'_>, now: DateTime<Utc>) -> Result<Imported> {
        let sha = sha256_hex(m.raw);
        if let Some(id) = self.inbox_mail_id_by_sha(&sha).await? {
            return Ok(Imported::Duplicate(id));
        }
        let id = new_id();
        let mut tx = self.pool().begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO inbox_items (id, source, raw_sha256, raw_base64, from_address, subject, sent_at, text_body, status,
                 received_at, uploaded_by, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1)",
        )
        .bind(&id)
        .bind(m.source)
        .bind(&sha)
        .bind(b64(m.raw))
        .bind(m.from_address)
        .bind(m.subject)
        .bind(m.sent_at.map(to_db))
        .bind(m.text_body)
        .bind(m.status)
        .bind(to_db(now))
        .bind(m.uploaded_by)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            // Lost a race with another instance importing the same message.
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                drop(tx);
                return match self.inbox_mail_id_by_sha(&sha).await? {
                    Some(existing) => Ok(Imported::Duplicate(existing)),
                    None => Err(StorageError::Conflict("An inbox e-mail with those contents")),
                };
            }
            Err(e) => return Err(e.into()),
        }
        for (position, a) in m.attachments.iter().enumerate() {
            sqlx::query(
                "INSERT INTO inbox_attachments (id, item_id, position, file_name, content_type, size_bytes, sha256, content_base64,
                     scan_status)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(new_id())
            .bind(&id)
            .bind(position as i64)
            .bind(a.file_name)
            .bind(a.content_type)
            .bind(a.content.len() as i64)
            .bind(sha256_hex(a.content))
            .bind(b64(a.content))
            .bind(a.scan_status)
            .execute(&mut *tx)
            .await?;
        }
        match tx.commit().await {
            Ok(()) => Ok(Imported::Created(id)),
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                Ok(Imported::Duplicate(self.inbox_mail_id_by_sha(&sha).await?.unwrap_or(id)))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Inbox e-mails, newest first.
    pub async fn inbox_mail(&self, limit: i64) -> Result<Vec<InboxMailRow>> {
        let sql = format!("{ITEM_SELECT} ORDER BY i.received_at DESC, i.id DESC LIMIT $1");
        sqlx::query(&sql).bind(limit).fetch_all(self.pool()).await?.iter().map(to_row).collect()
    }

    pub async fn get_inbox_mail(&self, id: &str) -> Result<Option<InboxMailRow>> {
        let sql = format!("{ITEM_SELECT} WHERE i.id = $1");
        sqlx::query(&sql).bind(id).fetch_optional(self.pool()).await?.as_ref().map(to_row).transpose()
    }

    /// The message exactly as it arrived.
    pub async fn inbox_mail_raw(&self, id: &str) -> Result<Option<Vec<u8>>> {
        let row = sqlx::query("SELECT raw_base64 FROM inbox_items WHERE id = $1").bind(id).fetch_optional(self.pool()).await?;
        row.map(|r| unb64(&r.try_get::<String, _>("raw_base64")?)).transpose()
    }

    pub async fn inbox_attachments(&self, item_id: &str) -> Result<Vec<AttachmentRow>> {
        sqlx::query(
            "SELECT id, item_id, file_name, content_type, size_bytes, sha256, scan_status FROM inbox_attachments
             WHERE item_id = $1 ORDER BY position",
        )
        .bind(item_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(to_attachment)
        .collect()
    }

    /// One attachment with its bytes.
    pub async fn inbox_attachment(&self, id: &str) -> Result<Option<(AttachmentRow, Vec<u8>)>> {
        let row = sqlx::query(
            "SELECT id, item_id, file_name, content_type, size_bytes, sha256, scan_status, content_base64 FROM inbox_attachments
             WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some((to_attachment(&r)?, unb64(&r.try_get::<String, _>("content_base64")?)?)))
    }

    /// Records what a scanner found (see the server's `AttachmentScanner`).
    pub async fn set_attachment_scan(&self, id: &str, status: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE inbox_attachments SET scan_status = $1, scanned_at = $2 WHERE id = $3")
            .bind(status)
            .bind(to_db(now))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Takes an item nobody holds. Of any number of people asking at once, one wins.
    /// An open review's work item goes with it, so the worklists show who holds it.
    pub async fn claim_inbox_mail(&self, id: &str, user_id: &str, open_statuses: &[&str], now: DateTime<Utc>) -> Result<bool> {
        let (a, b) = (open_statuses.first().copied().unwrap_or(""), open_statuses.get(1).copied().unwrap_or(""));
        let mut tx = self.pool().begin().await?;
        let n = sqlx::query(
            "UPDATE inbox_items SET claimed_by = $1, claimed_at = $2, version = version + 1
             WHERE id = $3 AND claimed_by IS NULL AND status IN ($4, $5)",
        )
        .bind(user_id)
        .bind(to_db(now))
        .bind(id)
        .bind(a)
        .bind(b)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 1 {
            sqlx::query(
                "UPDATE work_items SET assigned_user_id = $1, claimed_at = $2, version = version + 1
                 WHERE subject_kind = $3 AND subject_id = $4 AND status = 'open' AND assigned_user_id IS NULL",
            )
            .bind(user_id)
            .bind(to_db(now))
            .bind(INBOX_ITEM_SUBJECT)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    /// Gives back an item the user holds.
    pub async fn release_inbox_mail(&self, id: &str, user_id: &str) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let n = sqlx::query(
            "UPDATE inbox_items SET claimed_by = NULL, claimed_at = NULL, version = version + 1 WHERE id = $1 AND claimed_by = $2",
        )
        .bind(id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 1 {
            sqlx::query(
                "UPDATE work_items SET assigned_user_id = NULL, claimed_at = NULL, version = version + 1
                 WHERE subject_kind = $1 AND subject_id = $2 AND status = 'open' AND assigned_user_id = $3",
            )
            .bind(INBOX_ITEM_SUBJECT)
            .bind(id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    /// Writes the decision with the contact or review item it creates; completes an open review
    /// item. All or nothing, and only while the decider holds the item in the status they saw.
    pub async fn decide_inbox_mail(&self, w: InboxDecisionWrite<'_>, now: DateTime<Utc>) -> Result<InboxDecided> {
        let mut tx = self.pool().begin().await?;
        let contact_id = match (&w.contact, w.online_contact) {
            (Some(c), Some(waiting)) => {
                if !promote_inbox_contact(&mut tx, waiting, c, now).await? {
                    tx.rollback().await?;
                    return Ok(InboxDecided::Stale);
                }
                Some(waiting.to_string())
            }
            (Some(c), None) => Some(insert_case_contact(&mut tx, c, now).await?),
            (None, Some(waiting)) => {
                if let Some(outcome) = w.close_outcome {
                    if !close_inbox_contact(&mut tx, waiting, outcome, now).await? {
                        tx.rollback().await?;
                        return Ok(InboxDecided::Stale);
                    }
                }
                Some(waiting.to_string())
            }
            (None, None) => None,
        };
        let n = sqlx::query(
            "UPDATE inbox_items SET status = $1, decision = $2, decision_detail = $3, decided_by = $4, decided_at = $5,
                 contact_id = $6, claimed_by = NULL, claimed_at = NULL, version = version + 1
             WHERE id = $7 AND status = $8 AND claimed_by = $4",
        )
        .bind(w.new_status)
        .bind(w.decision)
        .bind(w.detail)
        .bind(w.decided_by)
        .bind(to_db(now))
        .bind(contact_id.as_deref())
        .bind(w.item_id)
        .bind(w.expected_status)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            tx.rollback().await?;
            return Ok(InboxDecided::Stale);
        }
        sqlx::query(
            "UPDATE work_items SET status = 'done', completed_at = $1, completed_by = $2, decision = $3, version = version + 1
             WHERE subject_kind = $4 AND subject_id = $5 AND status = 'open'",
        )
        .bind(to_db(now))
        .bind(w.decided_by)
        .bind(w.decision)
        .bind(INBOX_ITEM_SUBJECT)
        .bind(w.item_id)
        .execute(&mut *tx)
        .await?;
        if let Some(item) = &w.review_item {
            insert_item_about(&mut tx, INBOX_ITEM_SUBJECT, w.item_id, item, w.decided_by, now).await?;
        }
        tx.commit().await?;
        Ok(InboxDecided::Yes { contact_id })
    }

    /// Each of these people's contacts (as the main child or one of several): when it arrived
    /// and when it closed. Online requests still waiting in the inbox are not contacts yet.
    pub async fn contact_spans(&self, person_ids: &[String]) -> Result<Vec<(String, DateTime<Utc>, Option<DateTime<Utc>>)>> {
        if person_ids.is_empty() {
            return Ok(Vec::new());
        }
        let n = person_ids.len();
        let a = (1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        let b = (n + 1..=2 * n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT cc.person_id, c.received_at, c.closed_at FROM contacts c JOIN contact_children cc ON cc.contact_id = c.id
             WHERE cc.person_id IN ({a}) AND c.status <> 'inbox'
             UNION ALL
             SELECT c.person_id, c.received_at, c.closed_at FROM contacts c
             WHERE c.person_id IN ({b}) AND c.status <> 'inbox'"
        );
        let mut q = sqlx::query(&sql);
        for id in person_ids.iter().chain(person_ids) {
            q = q.bind(id);
        }
        q.fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| Ok((r.try_get("person_id")?, from_db(&r.try_get::<String, _>("received_at")?)?, opt_time(r, "closed_at")?)))
            .collect()
    }

    /// People whose name contains the words typed (a stop-gap until the person index's search).
    pub async fn people_named(&self, query: &str, limit: i64) -> Result<Vec<(String, String, Option<String>)>> {
        let like = format!("%{}%", query.trim().to_lowercase().replace(['%', '_'], ""));
        sqlx::query(
            "SELECT id, given_name, family_name, date_of_birth FROM people
             WHERE LOWER(given_name || ' ' || family_name) LIKE $1 ORDER BY family_name, given_name, id LIMIT $2",
        )
        .bind(like)
        .bind(limit)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                format!("{} {}", r.try_get::<String, _>("given_name")?, r.try_get::<String, _>("family_name")?),
                r.try_get("date_of_birth")?,
            ))
        })
        .collect()
    }
}
