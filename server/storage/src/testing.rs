//! One test story for both engines: `TEST_DATABASE_URL` names the engine. Unset (or `sqlite`),
//! each test gets a fresh SQLite file; `postgres://host/db`, each test gets a fresh database on
//! that server, dropped afterwards. The same tests therefore run unchanged on either engine.

use crate::{Engine, Result, Store};
use sqlx::migrate::MigrateDatabase;

pub struct TestDb {
    pub store: Store,
    pub url: String,
    engine: Engine,
    dir: Option<std::path::PathBuf>,
}

impl TestDb {
    pub async fn new() -> Result<TestDb> {
        sqlx::any::install_default_drivers();
        let base = std::env::var("TEST_DATABASE_URL").unwrap_or_default();
        let name = format!("fd_test_{}", uuid::Uuid::new_v4().simple());
        if base.starts_with("postgres") {
            let url = replace_database(&base, &name);
            sqlx::Any::create_database(&url).await?;
            let store = Store::connect(&url, 5).await?;
            Ok(TestDb { store, url, engine: Engine::Postgres, dir: None })
        } else {
            let dir = std::env::temp_dir().join(name);
            let url = format!("sqlite:{}/frontdoor.db", dir.display());
            let store = Store::connect(&url, 5).await?;
            Ok(TestDb { store, url, engine: Engine::Sqlite, dir: Some(dir) })
        }
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        if self.engine == Engine::Postgres {
            // Drop is synchronous; a short-lived runtime on its own thread drops the database.
            let url = self.url.clone();
            let _ = std::thread::spawn(move || {
                if let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() {
                    let _ = rt.block_on(sqlx::Any::force_drop_database(&url));
                }
            })
            .join();
        }
    }
}

fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let after_scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
    let root = match base[after_scheme..].find('/') {
        Some(slash) => &base[..after_scheme + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{root}/{name}?{q}"),
        None => format!("{root}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_the_database_name() {
        assert_eq!(super::replace_database("postgres://127.0.0.1:5432/test", "x"), "postgres://127.0.0.1:5432/x");
        assert_eq!(super::replace_database("postgres://u@h/test?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
    }
}
