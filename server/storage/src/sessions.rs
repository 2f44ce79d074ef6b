//! Server-side sessions. Kept in the database so any instance behind a load balancer can serve
//! any request. The caller hashes the cookie's token; only the hash is stored.

use crate::time::{from_db, to_db};
use crate::{Result, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

#[derive(Clone, Debug)]
pub struct SessionRow {
    pub token_hash: String,
    pub user_id: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

impl Store {
    pub async fn create_session(&self, token_hash: &str, user_id: &str, ip: &str, user_agent: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, ip, user_agent) VALUES ($1, $2, $3, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(to_db(now))
        .bind(ip)
        .bind(user_agent)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn get_session(&self, token_hash: &str) -> Result<Option<SessionRow>> {
        let row = sqlx::query("SELECT token_hash, user_id, created_at, last_seen_at FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(self.pool())
            .await?;
        match row {
            None => Ok(None),
            Some(r) => Ok(Some(SessionRow {
                token_hash: r.try_get("token_hash")?,
                user_id: r.try_get("user_id")?,
                created_at: from_db(&r.try_get::<String, _>("created_at")?)?,
                last_seen_at: from_db(&r.try_get::<String, _>("last_seen_at")?)?,
            })),
        }
    }

    pub async fn touch_session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(to_db(now))
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM access_grants WHERE token_hash = $1").bind(token_hash).execute(self.pool()).await?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(self.pool()).await?;
        Ok(())
    }

    /// Signs a user out everywhere (after a password change or when an account is disabled).
    pub async fn delete_sessions_for_user(&self, user_id: &str) -> Result<()> {
        sqlx::query("DELETE FROM access_grants WHERE token_hash IN (SELECT token_hash FROM sessions WHERE user_id = $1)")
            .bind(user_id)
            .execute(self.pool())
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user_id).execute(self.pool()).await?;
        Ok(())
    }

    /// Removes sessions idle since `idle_before` or started before `started_before`.
    pub async fn delete_expired_sessions(&self, idle_before: DateTime<Utc>, started_before: DateTime<Utc>) -> Result<u64> {
        let (idle, started) = (to_db(idle_before), to_db(started_before));
        sqlx::query(
            "DELETE FROM access_grants WHERE token_hash IN
               (SELECT token_hash FROM sessions WHERE last_seen_at < $1 OR created_at < $2)",
        )
        .bind(&idle)
        .bind(&started)
        .execute(self.pool())
        .await?;
        let n = sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
            .bind(&idle)
            .bind(&started)
            .execute(self.pool())
            .await?
            .rows_affected();
        Ok(n)
    }
}
