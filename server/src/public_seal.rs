//! The answers given so far, sealed into each page of the online Request for Support, so that a
//! draft the server has deleted (after `FRONTDOOR_REQUEST_DRAFT_HOURS` without changes) can be
//! rebuilt from the next page the person posts (issue 4: "a session that expires keeps the
//! answers given so far").
//!
//! Every page of the form carries a hidden field `sealed`: the draft's answers as JSON, deflated,
//! then encrypted and authenticated with ChaCha20-Poly1305 under a key derived (HMAC-SHA-256)
//! from the random token in the person's `fd_request` cookie. The server never stores that token,
//! only its SHA-256 (`support_drafts.token_hash`), so:
//! - the sealed value cannot be read from the page alone (a copy left in a cache, a saved file),
//!   nor from the database: opening it takes the page and the same browser's cookie together
//!   (the guidance pages do carry the answers readably, in `data-guidance-page`, for the
//!   browser's guidance; this field adds no readable copy anywhere);
//! - nothing goes in an address or in the browser's storage, and it works with JavaScript off
//!   (it is an ordinary form field);
//! - deleting the answers, or closing the browser (the cookie is a session cookie), leaves a
//!   sealed value nobody can open;
//! - a value is only believed for `MAX_AGE` after it was sealed, and one that has been changed,
//!   or sealed for another cookie, is ignored (the page's own answers are still kept).
//!
//! A sealed value carries the person's own answers back to them, so opening one grants nothing
//! they could not type; every page is checked again before anything is sent.

use app::pages::public::form::SupportAnswers;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, CHACHA20_POLY1305, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};
use std::io::{Read, Write};

/// The name of the hidden field every page of the form carries.
pub const FIELD: &str = "sealed";
/// The format's version, the first byte (and authenticated with the rest).
const VERSION: u8 = 1;
/// What the key is for: a key derived for this never opens anything else.
const KEY_LABEL: &[u8] = b"frontdoor/request-support/sealed-answers/v1";
/// Longest sealed value believed: a page left open for a week still brings the answers back.
pub fn max_age() -> Duration {
    Duration::days(7)
}
/// Largest answers accepted after inflating (far above every field's limit put together).
const MAX_PLAIN: u64 = 512 * 1024;

#[derive(serde::Serialize, serde::Deserialize)]
struct Payload {
    /// When it was sealed (Unix seconds).
    at: i64,
    answers: SupportAnswers,
}

fn key(token: &str) -> Option<LessSafeKey> {
    let k = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, token.as_bytes());
    let tag = ring::hmac::sign(&k, KEY_LABEL);
    UnboundKey::new(&CHACHA20_POLY1305, tag.as_ref()).ok().map(LessSafeKey::new)
}

/// The answers sealed for the holder of `token`, for a page's hidden field; `None` only if the
/// system's random source fails (the page then carries nothing, as before).
pub fn seal(token: &str, answers: &SupportAnswers, now: DateTime<Utc>) -> Option<String> {
    let json = serde_json::to_vec(&Payload { at: now.timestamp(), answers: answers.clone() }).ok()?;
    let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&json).ok()?;
    let mut data = z.finish().ok()?;
    let mut nonce = [0u8; NONCE_LEN];
    SystemRandom::new().fill(&mut nonce).ok()?;
    key(token)?.seal_in_place_append_tag(Nonce::assume_unique_for_key(nonce), Aad::from([VERSION]), &mut data).ok()?;
    let mut out = Vec::with_capacity(1 + NONCE_LEN + data.len());
    out.push(VERSION);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&data);
    Some(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(out))
}

/// The answers in `sealed` if it was sealed for `token` within `MAX_AGE` of `now` and has not
/// been changed; otherwise `None`.
pub fn open(token: &str, sealed: &str, now: DateTime<Utc>) -> Option<SupportAnswers> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(sealed.trim()).ok()?;
    let (&version, rest) = bytes.split_first()?;
    if version != VERSION || rest.len() < NONCE_LEN {
        return None;
    }
    let (nonce, data) = rest.split_at(NONCE_LEN);
    let nonce = Nonce::try_assume_unique_for_key(nonce).ok()?;
    let mut data = data.to_vec();
    let plain = key(token)?.open_in_place(nonce, Aad::from([VERSION]), &mut data).ok()?;
    let mut json = Vec::new();
    flate2::read::DeflateDecoder::new(&plain[..]).take(MAX_PLAIN).read_to_end(&mut json).ok()?;
    let p: Payload = serde_json::from_slice(&json).ok()?;
    let at = DateTime::<Utc>::from_timestamp(p.at, 0)?;
    // A few minutes' grace for clocks between instances.
    if at > now + Duration::minutes(5) || now - at > max_age() {
        return None;
    }
    Some(p.answers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers() -> SupportAnswers {
        SupportAnswers { referrer_kind: "professional".into(), your_name: "Alex Teacher".into(), child_first_name: "Robin".into(), ..SupportAnswers::default() }
    }

    #[test]
    fn only_the_same_cookie_opens_it_and_nothing_is_readable() {
        let now = Utc::now();
        let s = seal("token-a", &answers(), now).expect("sealed");
        assert_eq!(open("token-a", &s, now), Some(answers()));
        assert_eq!(open("token-b", &s, now), None, "another cookie's key");
        assert!(!s.contains("Robin") && !s.contains("Alex"));
        assert!(s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "form-safe characters");
        assert_ne!(seal("token-a", &answers(), now), Some(s), "a fresh nonce every time");
    }

    #[test]
    fn a_changed_or_old_value_is_ignored() {
        let now = Utc::now();
        let s = seal("t", &answers(), now).expect("sealed");
        let mut b = s.clone().into_bytes();
        let i = b.len() / 2;
        b[i] = if b[i] == b'A' { b'B' } else { b'A' };
        assert_eq!(open("t", &String::from_utf8(b).expect("ascii"), now), None);
        assert_eq!(open("t", "not base64!", now), None);
        assert_eq!(open("t", "", now), None);
        assert_eq!(open("t", &s, now + max_age() + Duration::minutes(1)), None, "too old");
        assert_eq!(open("t", &s, now - Duration::hours(1)), None, "from the future");
        assert!(open("t", &s, now + Duration::days(2)).is_some(), "a page left open over a weekend");
    }

    #[test]
    fn long_answers_stay_well_inside_the_body_limit() {
        let mut a = answers();
        a.concern_summary = "My worry is that the child is often hungry and tired at school. ".repeat(120);
        a.child_address = "1 Example Road\n".repeat(200);
        let s = seal("t", &a, Utc::now()).expect("sealed");
        assert!(s.len() < 8 * 1024, "{} bytes", s.len());
    }
}
