//! Passwords, session tokens and the session cookie.
//!
//! - Passwords: argon2id (the crate's defaults, OWASP's recommended parameters), hashed on a
//!   blocking thread so a burst of sign-ins cannot stall the async runtime.
//! - Sessions: a random 256-bit token in an HttpOnly, SameSite=Strict cookie; the database keeps
//!   only its SHA-256, so any instance can check it and a leaked table cannot be replayed.

use super::ctx::{SessionInfo, SessionState};
use super::state::{AppState, AuthConfig};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use storage::StorageError;

pub const SESSION_COOKIE: &str = "fd_session";

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error("password hashing task failed: {0}")]
    Task(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

pub async fn hash_password(password: String) -> Result<String, AuthError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AuthError::Hash(e.to_string()))
    })
    .await
    .map_err(|e| AuthError::Task(e.to_string()))?
}

/// Checks `password` against `hash`. With no hash (unknown username) a dummy is checked instead,
/// so a wrong username takes as long as a wrong password and reveals nothing.
pub async fn verify_password(password: String, hash: Option<String>) -> Result<bool, AuthError> {
    tokio::task::spawn_blocking(move || {
        let known = hash.is_some();
        let stored = hash.unwrap_or_else(|| DUMMY_HASH.to_string());
        let parsed = PasswordHash::new(&stored).map_err(|e| AuthError::Hash(e.to_string()))?;
        let ok = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
        Ok(ok && known)
    })
    .await
    .map_err(|e| AuthError::Task(e.to_string()))?
}

/// argon2id hash of a random string nobody knows; only used to spend the same time.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1hQe0/8WcO3ZbS0r0vXDb6mX3rQj2yD4mUq0QxJ8gXA";

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A temporary password an administrator hands over; the user must change it at first sign-in.
pub fn temporary_password() -> String {
    const WORDS: [&str; 16] = [
        "river", "maple", "copper", "lantern", "harbour", "meadow", "pebble", "orchard",
        "summit", "willow", "canyon", "beacon", "thistle", "quartz", "falcon", "hollow",
    ];
    let mut rng = rand::thread_rng();
    let mut pick = || WORDS[(rng.next_u32() as usize) % WORDS.len()];
    format!("{}-{}-{}-{}", pick(), pick(), pick(), 10 + rand::thread_rng().next_u32() % 90)
}

pub fn session_cookie(token: &str, cfg: &AuthConfig) -> String {
    let secure = if cfg.secure_cookies { "; Secure" } else { "" };
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        cfg.absolute_lifetime.num_seconds()
    )
}

pub fn clear_session_cookie(cfg: &AuthConfig) -> String {
    let secure = if cfg.secure_cookies { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{secure}")
}

/// The session token from a `Cookie` header, if there is one.
pub fn token_from_cookie_header(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

/// Whether a session is still alive at `now` under `cfg`'s idle and absolute limits.
pub fn session_alive(created: DateTime<Utc>, last_seen: DateTime<Utc>, now: DateTime<Utc>, cfg: &AuthConfig) -> bool {
    now - last_seen < cfg.idle_timeout && now - created < cfg.absolute_lifetime
}

/// Resolves the cookie's token to a live session, ending it if it has timed out. With `touch`,
/// the request counts as activity: the session is touched at most every few seconds so a page
/// of parallel requests is not a burst of writes. The timeout warning's `session/clock` asks
/// without touching, or asking how long is left would itself keep the session alive.
pub async fn resolve_session(state: &AppState, token: Option<&str>, touch: bool) -> Result<SessionState, AuthError> {
    let Some(token) = token else { return Ok(SessionState::None) };
    let hash = hash_token(token);
    let store = &state.store;
    let Some(row) = store.get_session(&hash).await? else { return Ok(SessionState::Ended) };
    let now = Utc::now();
    if !session_alive(row.created_at, row.last_seen_at, now, &state.auth) {
        store.delete_session(&hash).await?;
        return Ok(SessionState::Ended);
    }
    let Some(user) = store.get_user(&row.user_id).await? else { return Ok(SessionState::Ended) };
    if !user.active {
        store.delete_session(&hash).await?;
        return Ok(SessionState::Ended);
    }
    if touch && now - row.last_seen_at > chrono::Duration::seconds(5) {
        store.touch_session(&hash, now).await?;
    }
    Ok(SessionState::Active(SessionInfo { token_hash: hash, user: user.to_staff() }))
}

/// Only local paths under /staff are followed after sign-in (the page a member of staff was on
/// when their session ended), so a crafted link cannot send them to another site. Anything
/// else, including control characters that could split a `Location` header, goes home.
pub fn safe_next(next: &str) -> String {
    let under_staff = next == "/staff" || next.starts_with("/staff/") || next.starts_with("/staff?") || next.starts_with("/staff#");
    let ok = under_staff
        && next.len() <= 2000
        && !next.contains("//")
        && !next.contains("://")
        && !next.contains('\\')
        && !next.contains("/../")
        && !next.ends_with("/..")
        && next.bytes().all(|b| b.is_ascii_graphic());
    if ok { next.to_string() } else { "/staff".to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_attributes() {
        let mut cfg = AuthConfig::default();
        let c = session_cookie("abc", &cfg);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && !c.contains("Secure"));
        cfg.secure_cookies = true;
        assert!(session_cookie("abc", &cfg).ends_with("; Secure"));
        assert!(clear_session_cookie(&cfg).contains("Max-Age=0"));
    }

    #[test]
    fn reads_the_token_from_cookies() {
        assert_eq!(token_from_cookie_header("a=1; fd_session=tok; b=2"), Some("tok"));
        assert_eq!(token_from_cookie_header("fd_session="), None);
        assert_eq!(token_from_cookie_header("other=1"), None);
    }

    #[test]
    fn next_must_stay_on_staff_pages() {
        assert_eq!(safe_next("/staff/people/1"), "/staff/people/1");
        assert_eq!(safe_next("https://evil.example/staff"), "/staff");
        assert_eq!(safe_next("//evil.example"), "/staff");
        assert_eq!(safe_next("/"), "/staff");
        assert_eq!(safe_next("/staff?q=a"), "/staff?q=a");
        assert_eq!(safe_next("/staffing.evil.example"), "/staff");
        assert_eq!(safe_next("/staff//evil.example"), "/staff");
        assert_eq!(safe_next("/staff/../sign-in"), "/staff");
        assert_eq!(safe_next("/staff/\r\nSet-Cookie: x=1"), "/staff");
        assert_eq!(safe_next("/staff/\\evil"), "/staff");
        assert_eq!(safe_next("javascript:alert(1)"), "/staff");
        assert_eq!(safe_next("/staff/é"), "/staff", "a Location header carries ASCII only");
    }

    #[test]
    fn sessions_end_on_idle_or_absolute_limit() {
        let cfg = AuthConfig::default();
        let t = Utc::now();
        assert!(session_alive(t, t, t + chrono::Duration::minutes(29), &cfg));
        assert!(!session_alive(t, t, t + chrono::Duration::minutes(31), &cfg));
        let later = t + chrono::Duration::hours(10);
        assert!(!session_alive(t, later, later, &cfg));
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(hash_token(&a).len(), 64);
        assert_ne!(hash_token(&a), a);
    }

    #[tokio::test]
    async fn argon2id_round_trip() {
        let h = hash_password("correct horse battery".into()).await.expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery".into(), Some(h.clone())).await.expect("verify"));
        assert!(!verify_password("wrong".into(), Some(h)).await.expect("verify"));
        assert!(!verify_password("anything".into(), None).await.expect("verify dummy"));
    }
}
