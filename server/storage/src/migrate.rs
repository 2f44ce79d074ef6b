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
];

fn migrator(engine: Engine) -> Migrator {
    let migrations: Vec<Migration> = STEPS
        .iter()
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
    migrator(store.engine()).run(store.pool()).await?;
    Ok(())
}
