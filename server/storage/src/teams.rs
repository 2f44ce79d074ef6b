//! Teams are council data: administrators create and rename them; each change bumps `version`.

use crate::error::conflict_as;
use crate::time::to_db;
use crate::{flag, new_id, Result, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

#[derive(Clone, Debug)]
pub struct TeamRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub active: bool,
    pub version: i64,
    pub member_count: i64,
}

pub struct NewTeam<'a> {
    pub name: &'a str,
    pub description: &'a str,
}

impl Store {
    pub async fn create_team(&self, new: NewTeam<'_>, now: DateTime<Utc>) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO teams (id, name, description, active, version, created_at, updated_at) VALUES ($1, $2, $3, 1, 1, $4, $4)",
        )
        .bind(&id)
        .bind(new.name)
        .bind(new.description)
        .bind(to_db(now))
        .execute(self.pool())
        .await
        .map_err(conflict_as("A team with that name"))?;
        Ok(id)
    }

    pub async fn update_team(&self, id: &str, name: &str, description: &str, active: bool, now: DateTime<Utc>) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE teams SET name = $1, description = $2, active = $3, version = version + 1, updated_at = $4 WHERE id = $5",
        )
        .bind(name)
        .bind(description)
        .bind(flag(active))
        .bind(to_db(now))
        .bind(id)
        .execute(self.pool())
        .await
        .map_err(conflict_as("A team with that name"))?
        .rows_affected();
        Ok(n > 0)
    }

    pub async fn list_teams(&self) -> Result<Vec<TeamRow>> {
        let rows = sqlx::query(
            "SELECT t.id, t.name, t.description, t.active, t.version,
                    (SELECT COUNT(*) FROM team_members m WHERE m.team_id = t.id) AS member_count
             FROM teams t ORDER BY t.name",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(TeamRow {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    description: r.try_get("description")?,
                    active: r.try_get::<i64, _>("active")? != 0,
                    version: r.try_get("version")?,
                    member_count: r.try_get("member_count")?,
                })
            })
            .collect()
    }

    pub async fn find_team_by_name(&self, name: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT id FROM teams WHERE name = $1").bind(name).fetch_optional(self.pool()).await?;
        Ok(match row {
            Some(r) => Some(r.try_get("id")?),
            None => None,
        })
    }
}
