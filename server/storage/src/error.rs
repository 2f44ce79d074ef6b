use thiserror::Error;

#[derive(Debug, Error)]
pub enum StorageError {
    #[error("unsupported database URL {0}: use sqlite:path/to/file.db or postgres://...")]
    UnsupportedUrl(String),
    #[error("could not connect to the database: {0}")]
    Connect(String),
    #[error("migrating the database failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A unique constraint refused the write (for example a username already taken).
    #[error("{0} already exists")]
    Conflict(&'static str),
    #[error("stored value is not valid: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for StorageError {
    fn from(e: sqlx::Error) -> Self {
        StorageError::Database(e)
    }
}

/// Maps a unique-constraint violation to [`StorageError::Conflict`], anything else unchanged.
pub(crate) fn conflict_as(what: &'static str) -> impl Fn(sqlx::Error) -> StorageError {
    move |e| match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StorageError::Conflict(what),
        _ => StorageError::Database(e),
    }
}
