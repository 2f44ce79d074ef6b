//! Migrations: each step is a portable `.sql` file plus, where an engine needs something the
//! other cannot express (triggers), a `.sqlite.sql` / `.postgres.sql` companion appended to it.
//! sqlx's migrator then applies them with its usual checksums, transactions and (on PostgreSQL)
//! an advisory lock, so several instances starting together migrate once.

use crate::{Engine, Result, Store};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use std::borrow::Cow;

struct Step {
    version: i64,
    description: &'static str,
    portable: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const STEPS: &[Step] = &[
    Step {
        version: 1,
        description: "foundation",
        portable: include_str!("../migrations/0001_foundation.sql"),
        sqlite: include_str!("../migrations/0001_foundation.sqlite.sql"),
        postgres: include_str!("../migrations/0001_foundation.postgres.sql"),
    },
    Step { version: 2, description: "rules", portable: include_str!("../migrations/0002_rules.sql"), sqlite: "", postgres: "" },
    Step { version: 3, description: "public", portable: include_str!("../migrations/0003_public.sql"), sqlite: "", postgres: "" },
    Step { version: 5, description: "notes_letters", portable: include_str!("../migrations/0005_notes_letters.sql"), sqlite: "", postgres: "" },
    Step {
        version: 6,
        description: "workflow",
        portable: include_str!("../migrations/0006_workflow.sql"),
        sqlite: include_str!("../migrations/0006_workflow.sqlite.sql"),
        postgres: include_str!("../migrations/0006_workflow.postgres.sql"),
    },
    Step { version: 7, description: "person_index", portable: include_str!("../migrations/0007_person_index.sql"), sqlite: "", postgres: "" },
    Step { version: 8, description: "inbox_mail", portable: include_str!("../migrations/0008_inbox_mail.sql"), sqlite: "", postgres: "" },
    Step {
        version: 9,
        description: "information_requests",
        portable: include_str!("../migrations/0009_information_requests.sql"),
        sqlite: "",
        postgres: "",
    },
    Step {
        version: 11,
        description: "online_requests_filtered",
        portable: include_str!("../migrations/0011_online_requests_filtered.sql"),
        sqlite: "",
        postgres: "",
    },
    Step { version: 12, description: "annex_a", portable: include_str!("../migrations/0012_annex_a.sql"), sqlite: "", postgres: "" },
    Step {
        version: 13,
        description: "live",
        portable: include_str!("../migrations/0013_live.sql"),
        sqlite: include_str!("../migrations/0013_live.sqlite.sql"),
        postgres: include_str!("../migrations/0013_live.postgres.sql"),
    },
    Step { version: 14, description: "submissions", portable: include_str!("../migrations/0014_submissions.sql"), sqlite: "", postgres: "" },
    Step { version: 15, description: "relationship withdrawals", portable: include_str!("../migrations/0015_relationship_withdrawals.sql"), sqlite: "", postgres: "" },
    Step { version: 16, description: "consent overrides", portable: include_str!("../migrations/0016_consent_overrides.sql"), sqlite: "", postgres: "" },
    Step { version: 17, description: "early help desk", portable: include_str!("../migrations/0017_early_help.sql"), sqlite: "", postgres: "" },
    Step { version: 18, description: "mash notifications", portable: include_str!("../migrations/0018_mash_notifications.sql"), sqlite: "", postgres: "" },
    Step {
        version: 19,
        description: "missing children and green mash to the desk",
        portable: include_str!("../migrations/0019_missing_children.sql"),
        sqlite: include_str!("../migrations/0019_missing_children.sqlite.sql"),
        postgres: include_str!("../migrations/0019_missing_children.postgres.sql"),
    },
];

fn migrator(engine: Engine) -> Migrator {
    migrator_to(engine, i64::MAX)
}

/// The steps up to and including `last` (tests migrate part-way, add rows, then finish).
fn migrator_to(engine: Engine, last: i64) -> Migrator {
    let migrations: Vec<Migration> = STEPS
        .iter()
        .filter(|s| s.version <= last)
        .map(|s| {
            let extra = match engine {
                Engine::Sqlite => s.sqlite,
                Engine::Postgres => s.postgres,
            };
            let sql = format!("{}\n{}", s.portable, extra);
            Migration::new(s.version, Cow::Borrowed(s.description), MigrationType::Simple, Cow::Owned(sql), false)
        })
        .collect();
    Migrator { migrations: Cow::Owned(migrations), ignore_missing: false, locking: true, no_tx: false }
}

pub(crate) async fn run(store: &Store) -> Result<()> {
    match store.engine() {
        Engine::Postgres => migrator(Engine::Postgres).run(store.pool()).await?,
        Engine::Sqlite => {
            let mut conn = store.pool().acquire().await?;
            run_sqlite(&mut conn, migrator(Engine::Sqlite)).await?;
        }
    }
    Ok(())
}

/// SQLite cannot drop a constraint in place: a step rebuilds the table, which SQLite's
/// documentation says to do with foreign keys off — and that pragma is ignored inside a
/// transaction, so it is switched off around the whole run, then every reference is checked.
async fn run_sqlite(conn: &mut sqlx::pool::PoolConnection<sqlx::Any>, m: Migrator) -> Result<()> {
    use sqlx::Executor;
    conn.execute("PRAGMA foreign_keys = OFF").await?;
    let ran = m.run(&mut **conn).await;
    let broken = sqlx::query("PRAGMA foreign_key_check").fetch_all(&mut **conn).await;
    conn.execute("PRAGMA foreign_keys = ON").await?;
    ran?;
    if !broken?.is_empty() {
        return Err(crate::StorageError::Corrupt("a migration left rows pointing at nothing (PRAGMA foreign_key_check)".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::any::AnyPoolOptions;
    use sqlx::{Executor, Row};

    /// The SQLite rebuild in step 6 keeps every contact, and the rows that point at them, in a
    /// database that already has data (foreign keys on, as every connection sets them).
    #[tokio::test]
    async fn sqlite_rebuild_keeps_existing_rows() -> std::result::Result<(), Box<dyn std::error::Error>> {
        sqlx::any::install_default_drivers();
        let path = std::env::temp_dir().join(format!("fd-migrate-{}.db", uuid::Uuid::new_v4()));
        let pool = AnyPoolOptions::new()
            .max_connections(1)
            .after_connect(|conn, _| Box::pin(async move { conn.execute("PRAGMA foreign_keys = ON").await.map(|_| ()) }))
            .connect(&format!("sqlite:{}?mode=rwc", path.display()))
            .await?;
        let mut conn = pool.acquire().await?;
        run_sqlite(&mut conn, migrator_to(Engine::Sqlite, 3)).await?;
        for sql in [
            "INSERT INTO teams VALUES ('t', 'CASS', '', 1, 1, 'x', 'x')",
            "INSERT INTO users VALUES ('u', 'u', 'U', '', 'h', 0, 1, 0, 'x', 'x')",
            "INSERT INTO people VALUES ('p', 'A', 'B', NULL, '', '', 'x', 'x')",
            "INSERT INTO contacts VALUES ('c', 'C-1', 'p', 'open', 's', 't', NULL, 'x', 'x', 'x')",
            "INSERT INTO level_decisions VALUES ('l', 'c', 'universal', 'universal', '[]', 'f', 's', 'p', '{}', 'r', NULL, NULL, 'u', 'x')",
            // An online request waiting in the inbox: step 11 gives it an inbox item to filter.
            "INSERT INTO contacts VALUES ('w', 'RFS-1', 'p', 'inbox', 'worried', 't', NULL, '2026-11-02T09:00:00Z', 'x', 'x')",
            "INSERT INTO online_requests VALUES ('w', 'online_form', 'professional', 'A', 'School', 'DSL', 'a@school.example', '', 'professional', 1, '', 'given', 'Jo', 'a_eha', 0, 'universal_plus', 'f', 's', '{}', 'x')",
        ] {
            sqlx::query(sql).execute(&mut *conn).await?;
        }
        run_sqlite(&mut conn, migrator(Engine::Sqlite)).await?;
        drop(conn);
        let row = sqlx::query("SELECT reference, channel, version FROM contacts WHERE id = 'c'").fetch_one(&pool).await?;
        assert_eq!(row.try_get::<String, _>("reference")?, "C-1");
        assert_eq!(row.try_get::<String, _>("channel")?, "inbox");
        assert_eq!(row.try_get::<i64, _>("version")?, 1);
        let items = sqlx::query("SELECT contact_id, source, status, subject, from_address FROM inbox_items").fetch_all(&pool).await?;
        assert_eq!(items.len(), 1, "only the waiting online request gets an inbox item");
        assert_eq!(items[0].try_get::<String, _>("contact_id")?, "w");
        assert_eq!(items[0].try_get::<String, _>("source")?, "online_form");
        assert_eq!(items[0].try_get::<String, _>("status")?, "new");
        assert_eq!(items[0].try_get::<String, _>("subject")?, "Request for Support RFS-1");
        assert_eq!(items[0].try_get::<String, _>("from_address")?, "a@school.example");
        sqlx::query("INSERT INTO contacts (id, reference, person_id, status, summary, received_at, created_at, updated_at) VALUES ('n', 'C-2', NULL, 'call', '', 'x', 'x', 'x')")
            .execute(&pool)
            .await?;
        // Foreign keys are on again and still point at the rebuilt table.
        let bad = sqlx::query("INSERT INTO level_decisions VALUES ('m', 'missing', 'universal', 'universal', '[]', 'f', 's', 'p', '{}', 'r', NULL, NULL, 'u', 'x')")
            .execute(&pool)
            .await;
        assert!(bad.is_err(), "a decision on a missing contact must be refused");
        let problems = sqlx::query("PRAGMA foreign_key_check").fetch_all(&pool).await?;
        assert!(problems.is_empty());
        pool.close().await;
        let _ = std::fs::remove_file(&path);
        Ok(())
    }
}
