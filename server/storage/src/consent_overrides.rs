//! A Duty Manager's override of the need for consent on a contact (seed 004), with its reason.
//! One per contact: the unique index decides between two Duty Managers acting at once.

use crate::error::conflict_as;
use crate::time::{from_db, to_db};
use crate::{new_id, Result, StorageError, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

pub struct NewConsentOverride<'a> {
    pub contact_id: &'a str,
    /// `domain::rules::ConsentRoute` as its slug.
    pub route: &'a str,
    pub reason: &'a str,
    pub by_user_id: &'a str,
    pub by_role: &'a str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConsentOverrideRow {
    pub route: String,
    pub reason: String,
    pub by_user_id: String,
    pub by_name: String,
    pub by_role: String,
    pub decided_at: DateTime<Utc>,
}

impl Store {
    /// Records the override. `false` when the contact already has one.
    pub async fn record_consent_override(&self, o: NewConsentOverride<'_>, now: DateTime<Utc>) -> Result<bool> {
        let r = sqlx::query("INSERT INTO consent_overrides (id, contact_id, route, reason, by_user_id, by_role, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(new_id())
            .bind(o.contact_id)
            .bind(o.route)
            .bind(o.reason)
            .bind(o.by_user_id)
            .bind(o.by_role)
            .bind(to_db(now))
            .execute(self.pool())
            .await
            .map_err(conflict_as("An override of consent on that contact"));
        match r {
            Ok(_) => Ok(true),
            Err(StorageError::Conflict(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The contact's override, if a Duty Manager has made one.
    pub async fn consent_override(&self, contact_id: &str) -> Result<Option<ConsentOverrideRow>> {
        let row = sqlx::query(
            "SELECT o.route, o.reason, o.by_user_id, u.display_name, o.by_role, o.decided_at
             FROM consent_overrides o JOIN users u ON u.id = o.by_user_id WHERE o.contact_id = $1",
        )
        .bind(contact_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(ConsentOverrideRow {
                route: r.try_get(0)?,
                reason: r.try_get(1)?,
                by_user_id: r.try_get(2)?,
                by_name: r.try_get(3)?,
                by_role: r.try_get(4)?,
                decided_at: from_db(&r.try_get::<String, _>(5)?)?,
            })
        })
        .transpose()
    }
}
