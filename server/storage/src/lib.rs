//! All of Frontdoor's SQL lives in this crate.
//!
//! One [`Store`] talks to SQLite (the embedded default) or PostgreSQL (production, several
//! server instances) through sqlx's `Any` driver. Queries are written once, in the subset of SQL
//! both engines share: `$n` placeholders, TEXT ids made by the server, BIGINT numbers and 0/1
//! flags, and timestamps as fixed-width UTC text (see [`time`]). The only engine-specific SQL is in
//! the migrations' companion files (triggers) and in [`Store::connect`] (SQLite pragmas).

mod annex_a;
mod bulk;
mod consent_overrides;
mod early_help;
mod audit;
mod error;
mod find;
mod inbox;
mod inbox_mail;
mod information_requests;
mod letters;
mod live;
mod mash_notifications;
mod migrate;
mod missing;
mod notes;
mod people;
mod people_links;
mod performance;
mod public;
mod records;
mod rules;
mod sessions;
mod sign_in;
mod teams;
pub mod testing;
pub mod time;
mod users;
mod workflow;
mod versioned;

pub use annex_a::{AnnexAssessment, AnnexChild, AnnexContact, AnnexReferral};
pub use bulk::{BulkContact, BulkItem};
pub use consent_overrides::{ConsentOverrideRow, NewConsentOverride};
pub use early_help::{DeskItemRow, DeskWrite, EhaEpisodeRow, EhaLogRow, EhaSettingRow, EpisodeChange, NewEha, NewEhaLog};
pub use audit::{AuditEntry, NewAuditEntry};
pub use error::StorageError;
pub use find::InboxMatch;
pub use inbox_mail::{
    sha256_hex, AttachmentRow, Imported, InboxDecided, InboxDecisionWrite, InboxMailRow, NewAttachment, NewInboxMail, INBOX_ITEM_SUBJECT,
    NOT_SCANNED,
};
pub use live::ChangeListener;
pub use information_requests::{
    CheckWrite, FinishWrite, InformationRequestRow, NewInformationRequest, NewRequestMessage, OfstedCheckRow, RequestMessageRow, RequestNote,
    SecureAddressesRow, MESSAGE_QUEUED,
};
pub use letters::{CommunicationRow, LetterTemplateRow, NewCommunication};
pub use mash_notifications::{MashNotificationRow, MashPart, NewMashNotification};
pub use missing::{NewReturnInterview, ReturnInterviewForm, ReturnInterviewRow};
pub use notes::{CaseNoteRow, NewCaseNote, NotePerson, WithdrawalRow};
pub use inbox::{CreatedContact, InboxItem, NewOnlineRequest, OnlineRequestRow, INBOX_STATUS, ONLINE_FORM_CHANNEL};
pub use people::{IndexedPerson, PeopleSearch};
pub use performance::{EhaPerformanceRow, PerformanceRow};
pub use people_links::{InvolvementRow, MergeOutcome, MergeRow, NewInvolvement, NewRelationship, RelationshipRow, RelationshipWithdrawal};
pub use public::{DefaultContact, PublicPageRow, ServiceContactRow, SupportDraftRow, VersionedSave};
pub use records::{ContactRecord, NewContact, NewPerson, PersonRecord, WorklistItem};
pub use rules::{LevelDecisionRow, NewLevelDecision, NonWorkingDay, RuleSetRow};
pub use sessions::SessionRow;
pub use teams::{NewTeam, TeamRow};
pub use users::{NewUser, UserRow, UserUpdate};
pub use workflow::{
    Applied, ChildHistory, ChildRow, ContactChange, ContactDetail, DecisionLog, DecisionLogRow, DecisionWrite, DraftRow,
    NewCaseContact, NewDraft, NewWorkItem, Referrer, WorkItemRow, WorklistCount, WorklistRow, WorklistScope, CONTACT_SUBJECT,
};

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor};
use std::time::Duration;

pub type Result<T> = std::result::Result<T, StorageError>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn from_url(url: &str) -> Result<Engine> {
        if url.starts_with("sqlite:") {
            Ok(Engine::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Engine::Postgres)
        } else {
            Err(StorageError::UnsupportedUrl(redact(url)))
        }
    }
}

/// The handle every other part of the server uses. Cheap to clone (a pool inside).
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
}

impl Store {
    /// Connects, applies SQLite's pragmas, and runs pending migrations. For SQLite the file and
    /// its folder are created when missing, so the app starts with nothing installed.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let engine = Engine::from_url(url)?;
        let url = match engine {
            Engine::Sqlite => prepare_sqlite_url(url)?,
            Engine::Postgres => url.to_string(),
        };
        let mut options = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(10));
        if engine == Engine::Sqlite {
            options = options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    // WAL lets readers carry on while one writer commits; foreign keys are off by
                    // default in SQLite itself, so say so on every connection.
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    conn.execute("PRAGMA busy_timeout = 10000").await?;
                    Ok(())
                })
            });
        }
        let pool = options.connect(&url).await.map_err(|e| StorageError::Connect(e.to_string()))?;
        let store = Store { pool, engine };
        migrate::run(&store).await?;
        Ok(store)
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Runs `sql` as given. Only for tests that prove the database itself refuses something
    /// (for example that audit entries cannot be changed); the application never calls it.
    pub async fn execute_raw_for_tests(&self, sql: &str) -> Result<u64> {
        Ok(sqlx::query(sql).execute(&self.pool).await?.rows_affected())
    }

    /// A one-value query for health checks and tests (`SELECT 1`, `PRAGMA journal_mode`).
    pub async fn scalar_text(&self, sql: &str) -> Result<String> {
        use sqlx::Row;
        let row: AnyRow = sqlx::query(sql).fetch_one(&self.pool).await?;
        if let Ok(s) = row.try_get::<String, _>(0) {
            return Ok(s);
        }
        Ok(row.try_get::<i64, _>(0)?.to_string())
    }
}

/// `sqlite:data/frontdoor.db` → ensures `data/` exists and asks SQLite to create the file.
fn prepare_sqlite_url(url: &str) -> Result<String> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        return Err(StorageError::UnsupportedUrl(
            "in-memory SQLite is not supported: every connection would see a different database".into(),
        ));
    }
    if let Some(parent) = std::path::Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(|e| StorageError::Connect(format!("cannot create {}: {e}", parent.display())))?;
        }
    }
    Ok(if rest.contains("mode=") { format!("sqlite:{rest}") } else if rest.contains('?') { format!("sqlite:{rest}&mode=rwc") } else { format!("sqlite:{rest}?mode=rwc") })
}

/// Hides a password in a database URL before it reaches a log or an error page.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let creds = &url[scheme_end + 3..at];
            match creds.find(':') {
                Some(colon) => format!("{}{}:***{}", &url[..scheme_end + 3], &creds[..colon], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

pub(crate) fn flag(b: bool) -> i64 {
    i64::from(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(redact("postgres://fd:secret@db:5432/fd"), "postgres://fd:***@db:5432/fd");
        assert_eq!(redact("sqlite:data/x.db"), "sqlite:data/x.db");
    }

    #[test]
    fn sqlite_urls_create_the_file() {
        let dir = std::env::temp_dir().join(format!("fd-url-{}", uuid::Uuid::new_v4()));
        let url = format!("sqlite:{}/x.db", dir.display());
        assert!(prepare_sqlite_url(&url).unwrap_or_default().ends_with("?mode=rwc"));
        assert!(dir.exists());
        assert!(prepare_sqlite_url("sqlite::memory:").is_err());
    }
}
