//! "Find anything" (issue 9): contacts by their reference, and the inbox e-mails a contact was
//! made from. People are found by the person index's own search (`people`), staff from
//! `list_users`.

use crate::records::{row_to_contact, CONTACT_SELECT};
use crate::{ContactRecord, Result, Store};
use sqlx::Row;

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
    pub async fn inbox_items_for_contact(&self, contact_id: &str) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query("SELECT id, subject FROM inbox_items WHERE contact_id = $1 ORDER BY received_at")
            .bind(contact_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("subject")?))).collect()
    }
}
