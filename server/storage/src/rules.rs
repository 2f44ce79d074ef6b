//! Versioned rule sets (threshold framework, scripts), added non-working days, and the level
//! decisions made under them. The content is JSON that `domain::rules` validated before it got
//! here; this module only keeps it.

use crate::error::conflict_as;
use crate::time::{date_from_db, date_to_db, from_db, to_db};
use crate::{new_id, Result, Store};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Row;

#[derive(Clone, Debug)]
pub struct RuleSetRow {
    pub id: String,
    /// `framework` or `scripts`.
    pub kind: String,
    pub version: String,
    pub content: String,
    /// `draft`, `active` or `superseded`.
    pub status: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    pub activated_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug)]
pub struct NonWorkingDay {
    pub day: NaiveDate,
    pub title: String,
}

pub struct NewLevelDecision<'a> {
    pub contact_id: &'a str,
    pub level: &'a str,
    pub suggested: &'a str,
    /// JSON array of indicator ids.
    pub indicators: &'a str,
    pub framework_version: &'a str,
    pub scripts_version: &'a str,
    pub script_id: &'a str,
    /// JSON of the answers the decision was made on.
    pub answers: &'a str,
    pub rationale: &'a str,
    pub departure_reason: Option<&'a str>,
    pub previous_level: Option<&'a str>,
    pub decided_by: &'a str,
    pub decided_at: DateTime<Utc>,
}

#[derive(Clone, Debug)]
pub struct LevelDecisionRow {
    pub id: String,
    pub level: String,
    pub suggested: String,
    pub indicators: String,
    pub framework_version: String,
    pub scripts_version: String,
    pub script_id: String,
    pub rationale: String,
    pub departure_reason: Option<String>,
    pub previous_level: Option<String>,
    pub decided_by_name: String,
    pub decided_at: DateTime<Utc>,
}

const RULE_SET_COLUMNS: &str = "id, kind, version, content, status, uploaded_by, uploaded_at, activated_at";

impl Store {
    pub async fn insert_rule_set(&self, kind: &str, version: &str, content: &str, uploaded_by: &str, now: DateTime<Utc>) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO rule_sets (id, kind, version, content, status, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, 'draft', $5, $6)",
        )
        .bind(&id)
        .bind(kind)
        .bind(version)
        .bind(content)
        .bind(uploaded_by)
        .bind(to_db(now))
        .execute(self.pool())
        .await
        .map_err(conflict_as("That version"))?;
        Ok(id)
    }

    /// Newest first.
    pub async fn list_rule_sets(&self, kind: &str) -> Result<Vec<RuleSetRow>> {
        let rows = sqlx::query(&format!("SELECT {RULE_SET_COLUMNS} FROM rule_sets WHERE kind = $1 ORDER BY uploaded_at DESC, id DESC"))
            .bind(kind)
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().map(row_to_rule_set).collect()
    }

    pub async fn get_rule_set(&self, id: &str) -> Result<Option<RuleSetRow>> {
        let row = sqlx::query(&format!("SELECT {RULE_SET_COLUMNS} FROM rule_sets WHERE id = $1")).bind(id).fetch_optional(self.pool()).await?;
        row.map(row_to_rule_set).transpose()
    }

    pub async fn rule_set_by_version(&self, kind: &str, version: &str) -> Result<Option<RuleSetRow>> {
        let row = sqlx::query(&format!("SELECT {RULE_SET_COLUMNS} FROM rule_sets WHERE kind = $1 AND version = $2"))
            .bind(kind)
            .bind(version)
            .fetch_optional(self.pool())
            .await?;
        row.map(row_to_rule_set).transpose()
    }

    pub async fn active_rule_set(&self, kind: &str) -> Result<Option<RuleSetRow>> {
        let row = sqlx::query(&format!("SELECT {RULE_SET_COLUMNS} FROM rule_sets WHERE kind = $1 AND status = 'active'"))
            .bind(kind)
            .fetch_optional(self.pool())
            .await?;
        row.map(row_to_rule_set).transpose()
    }

    /// Puts `id` in force and supersedes whatever was active, in one transaction. The partial
    /// unique index makes a concurrent second activation fail rather than leave two in force.
    pub async fn activate_rule_set(&self, id: &str, kind: &str, by: &str, now: DateTime<Utc>) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("UPDATE rule_sets SET status = 'superseded' WHERE kind = $1 AND status = 'active' AND id <> $2")
            .bind(kind)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let n = sqlx::query("UPDATE rule_sets SET status = 'active', activated_by = $1, activated_at = $2 WHERE id = $3 AND kind = $4")
            .bind(by)
            .bind(to_db(now))
            .bind(id)
            .bind(kind)
            .execute(&mut *tx)
            .await
            .map_err(conflict_as("Another active version"))?
            .rows_affected();
        tx.commit().await?;
        Ok(n > 0)
    }

    pub async fn add_non_working_day(&self, day: NaiveDate, title: &str, by: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("INSERT INTO non_working_days (day, title, added_by, added_at) VALUES ($1, $2, $3, $4)")
            .bind(date_to_db(day))
            .bind(title)
            .bind(by)
            .bind(to_db(now))
            .execute(self.pool())
            .await
            .map_err(conflict_as("That day"))?;
        Ok(())
    }

    pub async fn remove_non_working_day(&self, day: NaiveDate) -> Result<bool> {
        Ok(sqlx::query("DELETE FROM non_working_days WHERE day = $1").bind(date_to_db(day)).execute(self.pool()).await?.rows_affected() > 0)
    }

    pub async fn non_working_days(&self) -> Result<Vec<NonWorkingDay>> {
        let rows = sqlx::query("SELECT day, title FROM non_working_days ORDER BY day").fetch_all(self.pool()).await?;
        rows.into_iter()
            .map(|r| Ok(NonWorkingDay { day: date_from_db(&r.try_get::<String, _>("day")?)?, title: r.try_get("title")? }))
            .collect()
    }

    pub async fn record_level_decision(&self, d: NewLevelDecision<'_>) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO level_decisions (id, contact_id, level, suggested, indicators, framework_version, scripts_version, script_id,
                                          answers, rationale, departure_reason, previous_level, decided_by, decided_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(&id)
        .bind(d.contact_id)
        .bind(d.level)
        .bind(d.suggested)
        .bind(d.indicators)
        .bind(d.framework_version)
        .bind(d.scripts_version)
        .bind(d.script_id)
        .bind(d.answers)
        .bind(d.rationale)
        .bind(d.departure_reason)
        .bind(d.previous_level)
        .bind(d.decided_by)
        .bind(to_db(d.decided_at))
        .execute(self.pool())
        .await?;
        Ok(id)
    }

    /// Newest first, each with the framework and scripts versions it was made under.
    pub async fn level_decisions_for_contact(&self, contact_id: &str) -> Result<Vec<LevelDecisionRow>> {
        let rows = sqlx::query(
            "SELECT d.id, d.level, d.suggested, d.indicators, d.framework_version, d.scripts_version, d.script_id, d.rationale,
                    d.departure_reason, d.previous_level, u.display_name, d.decided_at
             FROM level_decisions d JOIN users u ON u.id = d.decided_by
             WHERE d.contact_id = $1 ORDER BY d.decided_at DESC, d.id DESC",
        )
        .bind(contact_id)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(LevelDecisionRow {
                    id: r.try_get("id")?,
                    level: r.try_get("level")?,
                    suggested: r.try_get("suggested")?,
                    indicators: r.try_get("indicators")?,
                    framework_version: r.try_get("framework_version")?,
                    scripts_version: r.try_get("scripts_version")?,
                    script_id: r.try_get("script_id")?,
                    rationale: r.try_get("rationale")?,
                    departure_reason: r.try_get("departure_reason")?,
                    previous_level: r.try_get("previous_level")?,
                    decided_by_name: r.try_get("display_name")?,
                    decided_at: from_db(&r.try_get::<String, _>("decided_at")?)?,
                })
            })
            .collect()
    }
}

fn row_to_rule_set(r: sqlx::any::AnyRow) -> Result<RuleSetRow> {
    let activated: Option<String> = r.try_get("activated_at")?;
    Ok(RuleSetRow {
        id: r.try_get("id")?,
        kind: r.try_get("kind")?,
        version: r.try_get("version")?,
        content: r.try_get("content")?,
        status: r.try_get("status")?,
        uploaded_by: r.try_get("uploaded_by")?,
        uploaded_at: from_db(&r.try_get::<String, _>("uploaded_at")?)?,
        activated_at: activated.as_deref().map(from_db).transpose()?,
    })
}
