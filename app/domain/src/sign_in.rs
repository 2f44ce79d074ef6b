//! Rules for staff accounts: usernames, passwords and how failed sign-ins are throttled.
//! Pure so the browser can show the same messages before the server refuses.

use crate::validation::{non_blank, Validation};
use serde::{Deserialize, Serialize};

pub const PASSWORD_MIN_CHARS: usize = 12;
/// Long enough for any passphrase, short enough that hashing cannot be used to exhaust the server.
pub const PASSWORD_MAX_CHARS: usize = 256;
pub const USERNAME_MAX_CHARS: usize = 64;

/// Sign-in form: both fields are required; nothing else is checked before the server compares.
pub fn validate_sign_in(username: &str, password: &str) -> Validation {
    let mut v = Validation::new();
    v.check(non_blank(username).is_none(), "username", "Enter your username");
    v.check(password.is_empty(), "password", "Enter your password");
    v
}

/// Usernames are case-insensitive: stored and compared in lower case.
pub fn normalise_username(username: &str) -> String {
    username.trim().to_lowercase()
}

pub fn validate_username(username: &str) -> Validation {
    let mut v = Validation::new();
    let u = normalise_username(username);
    if u.is_empty() {
        v.add("username", "Enter a username");
    } else if u.chars().count() > USERNAME_MAX_CHARS {
        v.add("username", format!("Username must be {USERNAME_MAX_CHARS} characters or fewer"));
    } else if !u.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')) {
        v.add("username", "Username can only include letters, numbers, full stops, hyphens and underscores");
    }
    v
}

/// NCSC-style policy: length matters, composition rules do not; refuse the obvious.
pub fn validate_new_password(field: &str, password: &str, confirm_field: &str, confirm: &str, username: &str) -> Validation {
    let mut v = Validation::new();
    let chars = password.chars().count();
    if password.is_empty() {
        v.add(field, "Enter a new password");
    } else if chars < PASSWORD_MIN_CHARS {
        v.add(field, format!("Password must be {PASSWORD_MIN_CHARS} characters or more"));
    } else if chars > PASSWORD_MAX_CHARS {
        v.add(field, format!("Password must be {PASSWORD_MAX_CHARS} characters or fewer"));
    } else if !username.is_empty() && password.to_lowercase().contains(&normalise_username(username)) {
        v.add(field, "Password must not contain your username");
    } else if is_common_password(password) {
        v.add(field, "Choose a less common password");
    }
    if v.for_field(field).is_none() && password != confirm {
        v.add(confirm_field, "Passwords do not match");
    }
    v
}

fn is_common_password(password: &str) -> bool {
    const COMMON: [&str; 8] = [
        "password1234", "passwordpassword", "123456789012", "qwertyuiopas",
        "letmein12345", "welcome12345", "changeme1234", "password123!",
    ];
    let lower = password.to_lowercase();
    COMMON.contains(&lower.as_str()) || lower.chars().all(|c| c == lower.chars().next().unwrap_or(' '))
}

/// How many failures, over what window, lock an account or an address. Configurable by the
/// server; these are the defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThrottlePolicy {
    pub max_failures_per_account: u32,
    pub max_failures_per_address: u32,
    pub window_minutes: u32,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        ThrottlePolicy { max_failures_per_account: 5, max_failures_per_address: 20, window_minutes: 15 }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Throttle {
    Allowed,
    /// Refused before the password is even checked, so guessing gains nothing.
    Locked { minutes: u32 },
}

impl ThrottlePolicy {
    /// `account_failures` and `address_failures` are counts within the window ending now.
    pub fn decide(&self, account_failures: u32, address_failures: u32) -> Throttle {
        if account_failures >= self.max_failures_per_account || address_failures >= self.max_failures_per_address {
            Throttle::Locked { minutes: self.window_minutes }
        } else {
            Throttle::Allowed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_needs_both_fields() {
        let v = validate_sign_in("  ", "");
        assert_eq!(v.errors.len(), 2);
        assert_eq!(v.errors[0].field, "username");
        assert_eq!(v.errors[1].message, "Enter your password");
        assert!(validate_sign_in("tm", "x").is_ok());
    }

    #[test]
    fn password_rules() {
        let cases = [
            ("", "", Some("Enter a new password")),
            ("short", "short", Some("Password must be 12 characters or more")),
            ("aaaaaaaaaaaaaa", "aaaaaaaaaaaaaa", Some("Choose a less common password")),
            ("my-jsmith-password", "my-jsmith-password", Some("Password must not contain your username")),
            ("correct horse battery", "correct horse battery", None),
        ];
        for (pw, confirm, expected) in cases {
            let v = validate_new_password("new", pw, "confirm", confirm, "JSmith");
            assert_eq!(v.for_field("new"), expected, "{pw}");
        }
        let v = validate_new_password("new", "correct horse battery", "confirm", "correct horse batter", "x");
        assert_eq!(v.for_field("confirm"), Some("Passwords do not match"));
    }

    #[test]
    fn usernames() {
        assert!(validate_username("Team.Manager-1").is_ok());
        assert!(!validate_username("bad name").is_ok());
        assert!(!validate_username("").is_ok());
        assert_eq!(normalise_username("  TM "), "tm");
    }

    #[test]
    fn throttle_locks_account_and_address_independently() {
        let p = ThrottlePolicy::default();
        assert_eq!(p.decide(4, 19), Throttle::Allowed);
        assert_eq!(p.decide(5, 0), Throttle::Locked { minutes: 15 });
        assert_eq!(p.decide(0, 20), Throttle::Locked { minutes: 15 });
    }
}
