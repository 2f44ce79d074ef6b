//! The audit trail. There is deliberately no update or delete here, and the database refuses
//! them too (triggers in the migrations), so nothing in the application can rewrite history.

use crate::time::{from_db, to_db};
use crate::{new_id, Result, StorageError, Store};
use chrono::{DateTime, Utc};
use domain::audit::{AuditAction, RecordKind};
use sqlx::Row;

pub struct NewAuditEntry<'a> {
    pub at: DateTime<Utc>,
    pub user_id: Option<&'a str>,
    pub username: &'a str,
    /// The user's roles at the time, comma-separated slugs.
    pub roles: &'a str,
    pub action: AuditAction,
    pub record_kind: RecordKind,
    pub record_id: &'a str,
    pub summary: &'a str,
    pub reason: Option<&'a str>,
    pub ip: &'a str,
    pub request_id: &'a str,
}

#[derive(Clone, Debug)]
pub struct AuditEntry {
    pub id: String,
    pub at: DateTime<Utc>,
    pub user_id: Option<String>,
    pub username: String,
    pub roles: String,
    pub action: AuditAction,
    pub record_kind: RecordKind,
    pub record_id: String,
    pub summary: String,
    pub reason: Option<String>,
    pub ip: String,
    pub request_id: String,
}

impl Store {
    pub async fn append_audit(&self, e: NewAuditEntry<'_>) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO audit_events (id, at, user_id, username, roles, action, record_kind, record_id, summary, reason, ip, request_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(&id)
        .bind(to_db(e.at))
        .bind(e.user_id)
        .bind(e.username)
        .bind(e.roles)
        .bind(e.action.slug())
        .bind(e.record_kind.slug())
        .bind(e.record_id)
        .bind(e.summary)
        .bind(e.reason)
        .bind(e.ip)
        .bind(e.request_id)
        .execute(self.pool())
        .await?;
        Ok(id)
    }

    /// Newest first: who touched this record, when, how and why.
    pub async fn audit_for_record(&self, kind: RecordKind, record_id: &str, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT id, at, user_id, username, roles, action, record_kind, record_id, summary, reason, ip, request_id
             FROM audit_events WHERE record_kind = $1 AND record_id = $2 ORDER BY at DESC, id DESC LIMIT $3",
        )
        .bind(kind.slug())
        .bind(record_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(row_to_entry).collect()
    }

    pub async fn audit_for_user(&self, user_id: &str, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT id, at, user_id, username, roles, action, record_kind, record_id, summary, reason, ip, request_id
             FROM audit_events WHERE user_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(row_to_entry).collect()
    }
}

fn row_to_entry(r: sqlx::any::AnyRow) -> Result<AuditEntry> {
    let action: String = r.try_get("action")?;
    let kind: String = r.try_get("record_kind")?;
    Ok(AuditEntry {
        id: r.try_get("id")?,
        at: from_db(&r.try_get::<String, _>("at")?)?,
        user_id: r.try_get("user_id")?,
        username: r.try_get("username")?,
        roles: r.try_get("roles")?,
        action: AuditAction::from_slug(&action).ok_or_else(|| StorageError::Corrupt(format!("audit action {action:?}")))?,
        record_kind: RecordKind::from_slug(&kind).ok_or_else(|| StorageError::Corrupt(format!("record kind {kind:?}")))?,
        record_id: r.try_get("record_id")?,
        summary: r.try_get("summary")?,
        reason: r.try_get("reason")?,
        ip: r.try_get("ip")?,
        request_id: r.try_get("request_id")?,
    })
}
