//! "Find anything" (issue 9): contacts by their reference, the inbox e-mails a contact was made
//! from, and inbox e-mails by their subject or sender. People are found by the person index's own search (`people`), staff from
//! `list_users`.

use crate::records::{row_to_contact, CONTACT_SELECT};
use crate::time::from_db;
use crate::{ContactRecord, Result, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

/// An inbox e-mail as a search shows it.
#[derive(Clone, Debug)]
pub struct InboxMatch {
    pub id: String,
    pub subject: String,
    pub from_address: String,
    pub received_at: DateTime<Utc>,
}

impl Store {
    /// Contacts whose reference, upper-cased without hyphens, is `compact` (see
    /// `domain::find::reference_key`): "c100001" finds "C-100001". An exact reference uses the
    /// unique index; anything else compares every reference, which is cheap at a council's size.
    pub async fn contacts_by_reference(&self, typed: &str, compact: &str) -> Result<Vec<ContactRecord>> {
        let exact = sqlx::query(&format!("{CONTACT_SELECT} WHERE c.reference = $1")).bind(typed).fetch_all(self.pool()).await?;
        if !exact.is_empty() {
            return exact.into_iter().map(row_to_contact).collect();
        }
        let rows = sqlx::query(&format!("{CONTACT_SELECT} WHERE REPLACE(UPPER(c.reference), '-', '') = $1 ORDER BY c.received_at DESC LIMIT 10"))
            .bind(compact)
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().map(row_to_contact).collect()
    }

    /// The inbox e-mails a contact was made from (usually none or one).
    pub async fn inbox_items_for_contact(&self, contact_id: &str) -> Result<Vec<InboxMatch>> {
        let rows = sqlx::query("SELECT id, subject, from_address, received_at FROM inbox_items WHERE contact_id = $1 ORDER BY received_at, id")
            .bind(contact_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(inbox_match).collect()
    }

    /// Inbox e-mails whose subject or sender contains `text` (case ignored), newest first. The
    /// body is not searched: it is the family's story, read only by opening the e-mail.
    pub async fn inbox_mail_matching(&self, text: &str, limit: i64) -> Result<Vec<InboxMatch>> {
        let like = format!("%{}%", text.trim().to_lowercase().replace(['%', '_'], ""));
        let rows = sqlx::query(
            "SELECT id, subject, from_address, received_at FROM inbox_items
             WHERE LOWER(subject) LIKE $1 OR LOWER(from_address) LIKE $1 ORDER BY received_at DESC, id LIMIT $2",
        )
        .bind(like)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(inbox_match).collect()
    }
}

fn inbox_match(r: &sqlx::any::AnyRow) -> Result<InboxMatch> {
    Ok(InboxMatch {
        id: r.try_get("id")?,
        subject: r.try_get("subject")?,
        from_address: r.try_get("from_address")?,
        received_at: from_db(&r.try_get::<String, _>("received_at")?)?,
    })
}
