//! The watched mailbox folder (`FRONTDOOR_INBOX_DIR`): every poll imports each `*.eml` into the
//! CASS inbox and moves it to `done/`, or to `failed/` with a `.error.txt` saying why. Safe with
//! several instances watching one folder: the message's SHA-256 is unique in the database, so a
//! file two instances import at once is stored once, and whichever moves it second finds it gone.

use app::ssr::inbox_mail::{import_message, AttachmentScanner, ImportError, MAX_MESSAGE_BYTES};
use chrono::Utc;
use domain::inbox::InboxSource;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use storage::Store;

/// What one pass over the folder did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub imported: usize,
    pub duplicates: usize,
    pub failed: usize,
}

fn move_into(file: &Path, folder: &str) -> std::io::Result<PathBuf> {
    let parent = file.parent().unwrap_or(Path::new(".")).join(folder);
    std::fs::create_dir_all(&parent)?;
    let target = parent.join(file.file_name().unwrap_or_default());
    match std::fs::rename(file, &target) {
        // Another instance moved it first.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(target),
        other => other.map(|_| target),
    }
}

/// Imports every `*.eml` directly in `dir`.
pub async fn run_once(store: &Store, scanner: &dyn AttachmentScanner, dir: &Path) -> std::io::Result<Pass> {
    let mut pass = Pass::default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("eml")))
        .collect();
    files.sort();
    for file in files {
        let raw = match std::fs::metadata(&file) {
            Ok(m) if m.len() > MAX_MESSAGE_BYTES as u64 => Err(ImportError::TooLarge),
            Ok(_) => match std::fs::read(&file) {
                Ok(raw) => Ok(raw),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        let result = match raw {
            Ok(raw) => import_message(store, scanner, &raw, InboxSource::Email, None, Utc::now()).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(storage::Imported::Created(_)) => {
                pass.imported += 1;
                move_into(&file, "done")?;
            }
            Ok(storage::Imported::Duplicate(_)) => {
                pass.duplicates += 1;
                move_into(&file, "done")?;
            }
            // The database is unreachable: leave the file for the next pass.
            Err(ImportError::Storage(e)) => tracing::warn!(error = %e, file = %file.display(), "inbox import failed; retrying later"),
            Err(e) => {
                pass.failed += 1;
                let moved = move_into(&file, "failed")?;
                let mut note = moved.into_os_string();
                note.push(".error.txt");
                std::fs::write(note, e.to_string())?;
            }
        }
    }
    Ok(pass)
}

/// Polls the folder for ever (nothing when `dir` is empty).
pub fn spawn(store: Store, scanner: Arc<dyn AttachmentScanner>, dir: String, every: std::time::Duration) {
    if dir.trim().is_empty() {
        return;
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match run_once(&store, scanner.as_ref(), Path::new(&dir)).await {
                Ok(p) if p != Pass::default() => tracing::info!(?p, dir = %dir, "inbox folder imported"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, dir = %dir, "reading the inbox folder failed"),
            }
        }
    });
}
