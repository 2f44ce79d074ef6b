//! Text kept with every version: a current row in one table and each saved version in another,
//! both with the columns (key, first, body, version, updated_by, updated_at). Public pages
//! (title and body) and letter templates (subject and body) are kept this way.

use crate::error::conflict_as;
use crate::time::to_db;
use crate::{Result, StorageError, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

pub(crate) struct Versioned {
    pub table: &'static str,
    pub versions: &'static str,
    pub key: &'static str,
    /// The column beside `body` (`title`, `subject`).
    pub first: &'static str,
    /// For conflict errors: "That page".
    pub what: &'static str,
}

impl Versioned {
    /// Writes a default as version 1 unless the key exists. Safe from several instances at
    /// once: the loser of a race finds it there and changes nothing.
    pub async fn insert_default(&self, store: &Store, key: &str, first: &str, body: &str, now: DateTime<Utc>) -> Result<bool> {
        let Versioned { table, versions, key: key_col, first: first_col, what } = self;
        let n: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM {table} WHERE {key_col} = $1")).bind(key).fetch_one(store.pool()).await?.try_get(0)?;
        if n > 0 {
            return Ok(false);
        }
        let mut tx = store.pool().begin().await?;
        for t in [table, versions] {
            let r = sqlx::query(&format!(
                "INSERT INTO {t} ({key_col}, {first_col}, body, version, updated_by, updated_at) VALUES ($1, $2, $3, 1, 'default', $4)"
            ))
            .bind(key)
            .bind(first)
            .bind(body)
            .bind(to_db(now))
            .execute(&mut *tx)
            .await
            .map_err(conflict_as(what));
            match r {
                Ok(_) => {}
                Err(StorageError::Conflict(_)) => return Ok(false),
                Err(e) => return Err(e),
            }
        }
        match tx.commit().await.map_err(conflict_as(what)) {
            Ok(()) => Ok(true),
            Err(StorageError::Conflict(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Saves a new version if `expected_version` is still the current one, keeping the old one.
    /// `None` when it is not (someone saved first, or there is no such key).
    #[allow(clippy::too_many_arguments)]
    pub async fn save(&self, store: &Store, key: &str, first: &str, body: &str, expected_version: i64, by: &str, now: DateTime<Utc>) -> Result<Option<i64>> {
        let Versioned { table, versions, key: key_col, first: first_col, .. } = self;
        let mut tx = store.pool().begin().await?;
        let n = sqlx::query(&format!(
            "UPDATE {table} SET {first_col} = $1, body = $2, version = version + 1, updated_by = $3, updated_at = $4
             WHERE {key_col} = $5 AND version = $6"
        ))
        .bind(first)
        .bind(body)
        .bind(by)
        .bind(to_db(now))
        .bind(key)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        let version = expected_version + 1;
        sqlx::query(&format!(
            "INSERT INTO {versions} ({key_col}, version, {first_col}, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)"
        ))
        .bind(key)
        .bind(version)
        .bind(first)
        .bind(body)
        .bind(by)
        .bind(to_db(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(version))
    }
}
