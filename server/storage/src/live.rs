//! Knowing when work items changed, on every server instance (issue 8 point 1). PostgreSQL:
//! `LISTEN frontdoor_changes`, which a trigger on `work_items` notifies at commit, so an instance
//! hears about changes made through any other. SQLite (one process): a trigger counts changes in
//! `change_counters` and `next_change` polls that one row.

use crate::{Engine, Result, Store};
use sqlx::postgres::PgListener;
use sqlx::Row;
use std::time::Duration;

/// The NOTIFY channel the migration's trigger uses.
pub const CHANNEL: &str = "frontdoor_changes";

/// How often SQLite's counter is read: one indexed row, cheap enough to read every half second.
const POLL: Duration = Duration::from_millis(500);

pub struct ChangeListener {
    inner: Inner,
}

enum Inner {
    Postgres(Box<PgListener>),
    Sqlite { store: Store, seen: i64 },
}

impl Store {
    /// Starts listening for changes to work items. `url` is the one the store was opened with.
    pub async fn change_listener(&self, url: &str) -> Result<ChangeListener> {
        let inner = match self.engine() {
            Engine::Postgres => {
                let mut l = PgListener::connect(url).await?;
                l.listen(CHANNEL).await?;
                Inner::Postgres(Box::new(l))
            }
            Engine::Sqlite => Inner::Sqlite { store: self.clone(), seen: self.work_changes().await? },
        };
        Ok(ChangeListener { inner })
    }

    async fn work_changes(&self) -> Result<i64> {
        let row = sqlx::query("SELECT n FROM change_counters WHERE topic = 'work'").fetch_one(self.pool()).await?;
        Ok(row.try_get("n")?)
    }
}

impl ChangeListener {
    /// Waits until work items may have changed. A dropped PostgreSQL connection is reconnected
    /// by sqlx; since notifications sent meanwhile are lost, that also counts as a change, so
    /// pages refresh rather than miss one.
    pub async fn next_change(&mut self) -> Result<()> {
        match &mut self.inner {
            Inner::Postgres(l) => {
                // `None`: the connection was lost and is being re-established.
                let _ = l.try_recv().await?;
                Ok(())
            }
            Inner::Sqlite { store, seen } => loop {
                tokio::time::sleep(POLL).await;
                let now = store.work_changes().await?;
                if now != *seen {
                    *seen = now;
                    return Ok(());
                }
            },
        }
    }
}
