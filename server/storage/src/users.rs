//! Staff accounts, their roles and team memberships.

use crate::error::conflict_as;
use crate::time::{from_db, to_db};
use crate::{flag, new_id, Result, StorageError, Store};
use chrono::{DateTime, Utc};
use domain::{Role, StaffUser, TeamRef};
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Clone, Debug)]
pub struct UserRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub password_hash: String,
    pub must_change_password: bool,
    pub active: bool,
    pub is_demo: bool,
    pub created_at: DateTime<Utc>,
    pub roles: Vec<Role>,
    pub teams: Vec<TeamRef>,
}

impl UserRow {
    pub fn to_staff(&self) -> StaffUser {
        StaffUser {
            id: self.id.clone(),
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            roles: self.roles.clone(),
            teams: self.teams.clone(),
            must_change_password: self.must_change_password,
        }
    }
}

pub struct NewUser<'a> {
    /// Already normalised (lower case) by the caller.
    pub username: &'a str,
    pub display_name: &'a str,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub must_change_password: bool,
    pub is_demo: bool,
    pub roles: &'a [Role],
    pub team_ids: &'a [String],
}

pub struct UserUpdate<'a> {
    pub display_name: &'a str,
    pub email: &'a str,
    pub roles: &'a [Role],
    pub team_ids: &'a [String],
}

const USER_COLUMNS: &str =
    "id, username, display_name, email, password_hash, must_change_password, active, is_demo, created_at";

impl Store {
    pub async fn create_user(&self, new: NewUser<'_>, now: DateTime<Utc>) -> Result<String> {
        let id = new_id();
        let at = to_db(now);
        let mut tx = self.pool().begin().await?;
        sqlx::query(
            "INSERT INTO users (id, username, display_name, email, password_hash, must_change_password, active, is_demo, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $8)",
        )
        .bind(&id)
        .bind(new.username)
        .bind(new.display_name)
        .bind(new.email)
        .bind(new.password_hash)
        .bind(flag(new.must_change_password))
        .bind(flag(new.is_demo))
        .bind(&at)
        .execute(&mut *tx)
        .await
        .map_err(conflict_as("A user with that username"))?;
        write_roles_and_teams(&mut tx, &id, new.roles, new.team_ids).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_user(&self, id: &str, update: UserUpdate<'_>, now: DateTime<Utc>) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let n = sqlx::query("UPDATE users SET display_name = $1, email = $2, updated_at = $3 WHERE id = $4")
            .bind(update.display_name)
            .bind(update.email)
            .bind(to_db(now))
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Ok(false);
        }
        sqlx::query("DELETE FROM user_roles WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM team_members WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
        write_roles_and_teams(&mut tx, id, update.roles, update.team_ids).await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn set_user_active(&self, id: &str, active: bool, now: DateTime<Utc>) -> Result<bool> {
        let n = sqlx::query("UPDATE users SET active = $1, updated_at = $2 WHERE id = $3")
            .bind(flag(active))
            .bind(to_db(now))
            .bind(id)
            .execute(self.pool())
            .await?
            .rows_affected();
        if !active {
            self.delete_sessions_for_user(id).await?;
        }
        Ok(n > 0)
    }

    pub async fn set_password(&self, id: &str, password_hash: &str, must_change: bool, now: DateTime<Utc>) -> Result<bool> {
        let n = sqlx::query("UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4")
            .bind(password_hash)
            .bind(flag(must_change))
            .bind(to_db(now))
            .bind(id)
            .execute(self.pool())
            .await?
            .rows_affected();
        Ok(n > 0)
    }

    /// Outside demo mode no demo account may sign in: disable them all and end their sessions.
    pub async fn disable_demo_users(&self, now: DateTime<Utc>) -> Result<u64> {
        sqlx::query("DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE is_demo = 1)")
            .execute(self.pool())
            .await?;
        Ok(sqlx::query("UPDATE users SET active = 0, updated_at = $1 WHERE is_demo = 1 AND active = 1")
            .bind(to_db(now))
            .execute(self.pool())
            .await?
            .rows_affected())
    }

    pub async fn find_user_by_username(&self, username: &str) -> Result<Option<UserRow>> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1"))
            .bind(username)
            .fetch_optional(self.pool())
            .await?;
        match row {
            Some(r) => Ok(Some(self.hydrate_user(r).await?)),
            None => Ok(None),
        }
    }

    pub async fn get_user(&self, id: &str) -> Result<Option<UserRow>> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        match row {
            Some(r) => Ok(Some(self.hydrate_user(r).await?)),
            None => Ok(None),
        }
    }

    pub async fn list_users(&self) -> Result<Vec<UserRow>> {
        let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY display_name, username"))
            .fetch_all(self.pool())
            .await?;
        let mut users = Vec::with_capacity(rows.len());
        for r in rows {
            users.push(self.hydrate_user(r).await?);
        }
        Ok(users)
    }

    pub async fn count_users(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) FROM users").fetch_one(self.pool()).await?;
        Ok(row.try_get::<i64, _>(0)?)
    }

    async fn hydrate_user(&self, r: AnyRow) -> Result<UserRow> {
        let id: String = r.try_get("id")?;
        let roles = sqlx::query("SELECT role FROM user_roles WHERE user_id = $1 ORDER BY role")
            .bind(&id)
            .fetch_all(self.pool())
            .await?
            .into_iter()
            .map(|row| {
                let slug: String = row.try_get("role")?;
                Role::from_slug(&slug).ok_or_else(|| StorageError::Corrupt(format!("unknown role {slug:?}")))
            })
            .collect::<Result<Vec<_>>>()?;
        let teams = sqlx::query(
            "SELECT t.id, t.name FROM team_members m JOIN teams t ON t.id = m.team_id WHERE m.user_id = $1 ORDER BY t.name",
        )
        .bind(&id)
        .fetch_all(self.pool())
        .await?
        .into_iter()
        .map(|row| Ok(TeamRef { id: row.try_get("id")?, name: row.try_get("name")? }))
        .collect::<Result<Vec<_>>>()?;
        Ok(UserRow {
            id,
            username: r.try_get("username")?,
            display_name: r.try_get("display_name")?,
            email: r.try_get("email")?,
            password_hash: r.try_get("password_hash")?,
            must_change_password: r.try_get::<i64, _>("must_change_password")? != 0,
            active: r.try_get::<i64, _>("active")? != 0,
            is_demo: r.try_get::<i64, _>("is_demo")? != 0,
            created_at: from_db(&r.try_get::<String, _>("created_at")?)?,
            roles,
            teams,
        })
    }
}

async fn write_roles_and_teams(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user_id: &str,
    roles: &[Role],
    team_ids: &[String],
) -> Result<()> {
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    for role in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(user_id)
            .bind(role.slug())
            .execute(&mut **tx)
            .await?;
    }
    let mut team_ids = team_ids.to_vec();
    team_ids.sort();
    team_ids.dedup();
    for team_id in team_ids {
        sqlx::query("INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)")
            .bind(&team_id)
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
