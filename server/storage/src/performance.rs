//! One fact per contact for the service performance charts (issue 8 point 3): when it arrived,
//! its source and level, whether it became a (repeat) referral, and when its first step was
//! decided. Optionally only contacts a team worked on.

use crate::time::{from_db, to_db};
use crate::{Result, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerformanceRow {
    pub contact_id: String,
    pub reference: String,
    pub received_at: DateTime<Utc>,
    pub source: String,
    pub level: Option<String>,
    pub is_referral: bool,
    pub re_referral: bool,
    pub first_decided_at: Option<DateTime<Utc>>,
}

/// One EHA on the Early Help desk, for its figures: when it came, by which route, and how and
/// when it closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EhaPerformanceRow {
    pub contact_id: String,
    pub reference: String,
    pub received_at: DateTime<Utc>,
    pub source: String,
    pub closed_at: Option<DateTime<Utc>>,
    pub outcome: Option<String>,
}

impl Store {
    /// EHAs received or closed in `[from, to)`, oldest first.
    pub async fn eha_performance_facts(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<EhaPerformanceRow>> {
        sqlx::query(
            "SELECT c.id, c.reference, c.received_at, c.closed_at, c.outcome, e.source
             FROM contacts c JOIN eha_episodes e ON e.contact_id = c.id
             WHERE c.channel = 'eha' AND ((c.received_at >= $1 AND c.received_at < $2) OR (c.closed_at >= $1 AND c.closed_at < $2))
             ORDER BY c.received_at, c.id",
        )
        .bind(to_db(from))
        .bind(to_db(to))
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            let closed: Option<String> = r.try_get("closed_at")?;
            Ok(EhaPerformanceRow {
                contact_id: r.try_get("id")?,
                reference: r.try_get("reference")?,
                received_at: from_db(&r.try_get::<String, _>("received_at")?)?,
                source: r.try_get("source")?,
                closed_at: closed.as_deref().map(from_db).transpose()?,
                outcome: r.try_get("outcome")?,
            })
        })
        .collect()
    }

    /// Contacts received in `[from, to)`, oldest first; with `team`, only those with a work item
    /// held by that team. Online requests still waiting for the inbox filter are left out, and so are EHAs (the Early Help desk's).
    pub async fn performance_facts(&self, from: DateTime<Utc>, to: DateTime<Utc>, team: Option<&str>) -> Result<Vec<PerformanceRow>> {
        let team_clause = if team.is_some() {
            " AND EXISTS (SELECT 1 FROM work_items t WHERE t.subject_kind = 'contact' AND t.subject_id = c.id AND t.team_id = $4)"
        } else {
            ""
        };
        let sql = format!(
            "SELECT c.id, c.reference, c.received_at, c.contact_source, c.level, c.is_referral, c.referral_within_12_months,
                    (SELECT MIN(w.completed_at) FROM work_items w
                     WHERE w.subject_kind = 'contact' AND w.subject_id = c.id AND w.completed_at IS NOT NULL) AS first_decided_at
             FROM contacts c
             WHERE c.received_at >= $1 AND c.received_at < $2 AND c.status <> $3 AND c.channel <> 'eha'{team_clause}
             ORDER BY c.received_at, c.id"
        );
        let mut q = sqlx::query(&sql).bind(to_db(from)).bind(to_db(to)).bind(crate::INBOX_STATUS);
        if let Some(t) = team {
            q = q.bind(t);
        }
        q.fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                let decided: Option<String> = r.try_get("first_decided_at")?;
                Ok(PerformanceRow {
                    contact_id: r.try_get("id")?,
                    reference: r.try_get("reference")?,
                    received_at: from_db(&r.try_get::<String, _>("received_at")?)?,
                    source: r.try_get("contact_source")?,
                    level: r.try_get("level")?,
                    is_referral: r.try_get::<i64, _>("is_referral")? != 0,
                    re_referral: r.try_get::<i64, _>("referral_within_12_months")? != 0,
                    first_decided_at: decided.as_deref().map(from_db).transpose()?,
                })
            })
            .collect()
    }
}
