//! Failed sign-ins, counted per account and per address over a window. In the database so the
//! throttle holds across every server instance.

use crate::time::to_db;
use crate::{new_id, Result, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

impl Store {
    pub async fn record_sign_in_failure(&self, username: &str, ip: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("INSERT INTO sign_in_failures (id, username, ip, at) VALUES ($1, $2, $3, $4)")
            .bind(new_id())
            .bind(username)
            .bind(ip)
            .bind(to_db(now))
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// (failures for this username, failures from this address) since `since`.
    pub async fn count_sign_in_failures(&self, username: &str, ip: &str, since: DateTime<Utc>) -> Result<(u32, u32)> {
        let since = to_db(since);
        let by_user = sqlx::query("SELECT COUNT(*) FROM sign_in_failures WHERE username = $1 AND at >= $2")
            .bind(username)
            .bind(&since)
            .fetch_one(self.pool())
            .await?
            .try_get::<i64, _>(0)?;
        let by_ip = sqlx::query("SELECT COUNT(*) FROM sign_in_failures WHERE ip = $1 AND at >= $2")
            .bind(ip)
            .bind(&since)
            .fetch_one(self.pool())
            .await?
            .try_get::<i64, _>(0)?;
        Ok((u32::try_from(by_user).unwrap_or(u32::MAX), u32::try_from(by_ip).unwrap_or(u32::MAX)))
    }

    /// A successful sign-in forgives that account's earlier failures (not the address's).
    pub async fn clear_sign_in_failures(&self, username: &str) -> Result<()> {
        sqlx::query("DELETE FROM sign_in_failures WHERE username = $1").bind(username).execute(self.pool()).await?;
        Ok(())
    }

    pub async fn prune_sign_in_failures(&self, before: DateTime<Utc>) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM sign_in_failures WHERE at < $1")
            .bind(to_db(before))
            .execute(self.pool())
            .await?
            .rows_affected())
    }
}
