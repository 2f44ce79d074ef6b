//! Configuration: defaults, then an optional TOML file, then environment variables (which win).
//! Every key is documented in the README.

use serde::Deserialize;
use std::net::SocketAddr;
use std::path::Path;

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub addr: SocketAddr,
    pub demo: bool,
    /// Where cargo-leptos put the built site (pkg/ with the WASM, JS and CSS).
    pub site_root: String,
    pub session_idle_secs: i64,
    pub session_absolute_secs: i64,
    /// How long before the inactivity timeout staff are warned and offered to stay signed in.
    pub session_warning_secs: i64,
    pub throttle_account_failures: u32,
    pub throttle_address_failures: u32,
    pub throttle_window_minutes: u32,
    /// The address users reach the service at; `https://` turns on Secure cookies.
    pub public_url: String,
    /// Believe `X-Forwarded-For` / `X-Forwarded-Proto` (only behind a load balancer you run).
    pub trust_proxy: bool,
    pub db_max_connections: u32,
    pub log: String,
    /// How long an unfinished online Request for Support is kept after its last change.
    pub request_draft_hours: u32,
    /// Requests for Support one address may send in an hour.
    pub request_submissions_per_hour: u32,
    /// Form pages one address may post in an hour.
    pub request_posts_per_hour: u32,
    /// How outcome e-mails leave: `file` (an .eml per message in `mail_dir`) or `smtp`.
    pub mail_transport: String,
    pub mail_dir: String,
    /// `Name <address>` outcome e-mails come from.
    pub mail_from: String,
    pub smtp_host: String,
    pub smtp_port: u16,
    /// `starttls`, `tls` (implicit, usually port 465) or `none`.
    pub smtp_tls: String,
    pub smtp_username: String,
    pub smtp_password: String,
    /// How often each instance looks for e-mails to send.
    pub mail_poll_secs: u32,
    /// The mailbox folder whose *.eml files become CASS inbox items; empty turns it off.
    pub inbox_dir: String,
    /// How often each instance looks in `inbox_dir`.
    pub inbox_poll_secs: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: "sqlite:data/frontdoor.db".into(),
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            demo: false,
            site_root: "target/site".into(),
            session_idle_secs: 30 * 60,
            session_absolute_secs: 10 * 60 * 60,
            session_warning_secs: 2 * 60,
            throttle_account_failures: 5,
            throttle_address_failures: 20,
            throttle_window_minutes: 15,
            public_url: String::new(),
            trust_proxy: false,
            db_max_connections: 10,
            log: "info".into(),
            request_draft_hours: 24,
            request_submissions_per_hour: 10,
            request_posts_per_hour: 300,
            mail_transport: "file".into(),
            mail_dir: "data/outbox".into(),
            mail_from: "Children's Front Door <no-reply@council.example>".into(),
            smtp_host: String::new(),
            smtp_port: 587,
            smtp_tls: "starttls".into(),
            smtp_username: String::new(),
            smtp_password: String::new(),
            mail_poll_secs: 15,
            inbox_dir: String::new(),
            inbox_poll_secs: 30,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read configuration file {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("configuration file {path} is not valid: {message}")]
    File { path: String, message: String },
    #[error("environment variable {name}={value:?} is not valid: {message}")]
    Env { name: &'static str, value: String, message: String },
}

/// The same keys as the environment variables, in lower case without the `FRONTDOOR_` prefix.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    addr: Option<SocketAddr>,
    demo: Option<bool>,
    site_root: Option<String>,
    session_idle_secs: Option<i64>,
    session_absolute_secs: Option<i64>,
    session_warning_secs: Option<i64>,
    throttle_account_failures: Option<u32>,
    throttle_address_failures: Option<u32>,
    throttle_window_minutes: Option<u32>,
    public_url: Option<String>,
    trust_proxy: Option<bool>,
    db_max_connections: Option<u32>,
    log: Option<String>,
    request_draft_hours: Option<u32>,
    request_submissions_per_hour: Option<u32>,
    request_posts_per_hour: Option<u32>,
    mail_transport: Option<String>,
    mail_dir: Option<String>,
    mail_from: Option<String>,
    smtp_host: Option<String>,
    smtp_port: Option<u16>,
    smtp_tls: Option<String>,
    smtp_username: Option<String>,
    smtp_password: Option<String>,
    mail_poll_secs: Option<u32>,
    inbox_dir: Option<String>,
    inbox_poll_secs: Option<u32>,
}

impl Config {
    /// Reads `FRONTDOOR_CONFIG` (or `./frontdoor.toml` when present), then the environment.
    pub fn load() -> Result<Config, ConfigError> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let path = env("FRONTDOOR_CONFIG").or_else(|| Path::new("frontdoor.toml").exists().then(|| "frontdoor.toml".to_string()));
        let file = match &path {
            Some(p) => {
                let text = std::fs::read_to_string(p).map_err(|source| ConfigError::Read { path: p.clone(), source })?;
                toml::from_str::<FileConfig>(&text).map_err(|e| ConfigError::File { path: p.clone(), message: e.to_string() })?
            }
            None => FileConfig::default(),
        };
        let mut c = Config::default();
        c.apply_file(file);
        c.apply_env(&env)?;
        c.check()?;
        Ok(c)
    }

    fn apply_file(&mut self, f: FileConfig) {
        macro_rules! take {
            ($($field:ident),*) => { $( if let Some(v) = f.$field { self.$field = v; } )* };
        }
        take!(database_url, addr, demo, site_root, session_idle_secs, session_absolute_secs, session_warning_secs, throttle_account_failures,
              throttle_address_failures, throttle_window_minutes, public_url, trust_proxy, db_max_connections, log,
              request_draft_hours, request_submissions_per_hour, request_posts_per_hour, mail_transport, mail_dir, mail_from,
              smtp_host, smtp_port, smtp_tls, smtp_username, smtp_password, mail_poll_secs, inbox_dir, inbox_poll_secs);
    }

    fn apply_env(&mut self, env: &dyn Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        fn parse<T: std::str::FromStr>(name: &'static str, value: String) -> Result<T, ConfigError>
        where
            T::Err: std::fmt::Display,
        {
            value.parse::<T>().map_err(|e| ConfigError::Env { name, message: e.to_string(), value })
        }
        if let Some(v) = env("FRONTDOOR_DATABASE_URL").or_else(|| env("DATABASE_URL")) {
            self.database_url = v;
        }
        if let Some(v) = env("FRONTDOOR_ADDR").or_else(|| env("LEPTOS_SITE_ADDR")) {
            self.addr = parse("FRONTDOOR_ADDR", v)?;
        }
        if let Some(v) = env("FRONTDOOR_DEMO") {
            self.demo = parse_bool("FRONTDOOR_DEMO", v)?;
        }
        if let Some(v) = env("FRONTDOOR_SITE_ROOT").or_else(|| env("LEPTOS_SITE_ROOT")) {
            self.site_root = v;
        }
        if let Some(v) = env("FRONTDOOR_SESSION_IDLE_SECS") {
            self.session_idle_secs = parse("FRONTDOOR_SESSION_IDLE_SECS", v)?;
        }
        if let Some(v) = env("FRONTDOOR_SESSION_ABSOLUTE_SECS") {
            self.session_absolute_secs = parse("FRONTDOOR_SESSION_ABSOLUTE_SECS", v)?;
        }
        if let Some(v) = env("FRONTDOOR_SESSION_WARNING_SECS") {
            self.session_warning_secs = parse("FRONTDOOR_SESSION_WARNING_SECS", v)?;
        }
        if let Some(v) = env("FRONTDOOR_THROTTLE_ACCOUNT_FAILURES") {
            self.throttle_account_failures = parse("FRONTDOOR_THROTTLE_ACCOUNT_FAILURES", v)?;
        }
        if let Some(v) = env("FRONTDOOR_THROTTLE_ADDRESS_FAILURES") {
            self.throttle_address_failures = parse("FRONTDOOR_THROTTLE_ADDRESS_FAILURES", v)?;
        }
        if let Some(v) = env("FRONTDOOR_THROTTLE_WINDOW_MINUTES") {
            self.throttle_window_minutes = parse("FRONTDOOR_THROTTLE_WINDOW_MINUTES", v)?;
        }
        if let Some(v) = env("FRONTDOOR_PUBLIC_URL") {
            self.public_url = v;
        }
        if let Some(v) = env("FRONTDOOR_TRUST_PROXY") {
            self.trust_proxy = parse_bool("FRONTDOOR_TRUST_PROXY", v)?;
        }
        if let Some(v) = env("FRONTDOOR_DB_MAX_CONNECTIONS") {
            self.db_max_connections = parse("FRONTDOOR_DB_MAX_CONNECTIONS", v)?;
        }
        if let Some(v) = env("FRONTDOOR_LOG") {
            self.log = v;
        }
        if let Some(v) = env("FRONTDOOR_REQUEST_DRAFT_HOURS") {
            self.request_draft_hours = parse("FRONTDOOR_REQUEST_DRAFT_HOURS", v)?;
        }
        if let Some(v) = env("FRONTDOOR_REQUEST_SUBMISSIONS_PER_HOUR") {
            self.request_submissions_per_hour = parse("FRONTDOOR_REQUEST_SUBMISSIONS_PER_HOUR", v)?;
        }
        if let Some(v) = env("FRONTDOOR_REQUEST_POSTS_PER_HOUR") {
            self.request_posts_per_hour = parse("FRONTDOOR_REQUEST_POSTS_PER_HOUR", v)?;
        }
        for (name, field) in [
            ("FRONTDOOR_MAIL_TRANSPORT", &mut self.mail_transport),
            ("FRONTDOOR_MAIL_DIR", &mut self.mail_dir),
            ("FRONTDOOR_MAIL_FROM", &mut self.mail_from),
            ("FRONTDOOR_SMTP_HOST", &mut self.smtp_host),
            ("FRONTDOOR_SMTP_TLS", &mut self.smtp_tls),
            ("FRONTDOOR_SMTP_USERNAME", &mut self.smtp_username),
            ("FRONTDOOR_SMTP_PASSWORD", &mut self.smtp_password),
            ("FRONTDOOR_INBOX_DIR", &mut self.inbox_dir),
        ] {
            if let Some(v) = env(name) {
                *field = v;
            }
        }
        if let Some(v) = env("FRONTDOOR_SMTP_PORT") {
            self.smtp_port = parse("FRONTDOOR_SMTP_PORT", v)?;
        }
        if let Some(v) = env("FRONTDOOR_MAIL_POLL_SECS") {
            self.mail_poll_secs = parse("FRONTDOOR_MAIL_POLL_SECS", v)?;
        }
        if let Some(v) = env("FRONTDOOR_INBOX_POLL_SECS") {
            self.inbox_poll_secs = parse("FRONTDOOR_INBOX_POLL_SECS", v)?;
        }
        Ok(())
    }

    /// Ranges that parse but make no sense (a zero limit would shut the form).
    fn check(&self) -> Result<(), ConfigError> {
        let ranges: [(&'static str, u32, u32); 4] = [
            ("FRONTDOOR_INBOX_POLL_SECS", self.inbox_poll_secs, 3600),
            ("FRONTDOOR_REQUEST_DRAFT_HOURS", self.request_draft_hours, 24 * 30),
            ("FRONTDOOR_REQUEST_SUBMISSIONS_PER_HOUR", self.request_submissions_per_hour, 100_000),
            ("FRONTDOOR_REQUEST_POSTS_PER_HOUR", self.request_posts_per_hour, 1_000_000),
        ];
        for (name, value, max) in ranges {
            if !(1..=max).contains(&value) {
                return Err(ConfigError::Env { name, value: value.to_string(), message: format!("use a whole number from 1 to {max}") });
            }
        }
        if !(0..=24 * 60 * 60).contains(&self.session_warning_secs) {
            return Err(ConfigError::Env {
                name: "FRONTDOOR_SESSION_WARNING_SECS",
                value: self.session_warning_secs.to_string(),
                message: "use a whole number of seconds from 0 (no warning) to 86400".into(),
            });
        }
        self.mail().map(|_| ())
    }

    /// The delivery settings, checked: a known transport, a parseable sender, an SMTP host.
    pub fn mail(&self) -> Result<(crate::delivery::Configured, lettre::message::Mailbox), ConfigError> {
        use crate::delivery::{Configured, FileDrop, Smtp, SmtpTls};
        let bad = |name: &'static str, value: &str, message: &str| ConfigError::Env { name, value: value.to_string(), message: message.to_string() };
        let from = self.mail_from.parse().map_err(|_| bad("FRONTDOOR_MAIL_FROM", &self.mail_from, "use Name <address@example.org>"))?;
        if !(1..=3600).contains(&self.mail_poll_secs) {
            return Err(bad("FRONTDOOR_MAIL_POLL_SECS", &self.mail_poll_secs.to_string(), "use a whole number from 1 to 3600"));
        }
        let transport = match self.mail_transport.as_str() {
            "file" => Configured::FileDrop(FileDrop { dir: self.mail_dir.clone().into() }),
            "smtp" => {
                if self.smtp_host.trim().is_empty() {
                    return Err(bad("FRONTDOOR_SMTP_HOST", "", "set the SMTP relay's host name when FRONTDOOR_MAIL_TRANSPORT=smtp"));
                }
                let tls = match self.smtp_tls.as_str() {
                    "starttls" => SmtpTls::StartTls,
                    "tls" => SmtpTls::Tls,
                    "none" => SmtpTls::None,
                    other => return Err(bad("FRONTDOOR_SMTP_TLS", other, "use starttls, tls or none")),
                };
                let smtp = Smtp::new(&self.smtp_host, self.smtp_port, tls, &self.smtp_username, &self.smtp_password)
                    .map_err(|e| bad("FRONTDOOR_SMTP_HOST", &self.smtp_host, &e))?;
                Configured::Smtp(Box::new(smtp))
            }
            other => return Err(bad("FRONTDOOR_MAIL_TRANSPORT", other, "use file or smtp")),
        };
        Ok((transport, from))
    }

    pub fn auth(&self) -> app::ssr::AuthConfig {
        app::ssr::AuthConfig {
            idle_timeout: chrono::Duration::seconds(self.session_idle_secs),
            absolute_lifetime: chrono::Duration::seconds(self.session_absolute_secs),
            warn_before: chrono::Duration::seconds(self.session_warning_secs),
            throttle: domain::sign_in::ThrottlePolicy {
                max_failures_per_account: self.throttle_account_failures,
                max_failures_per_address: self.throttle_address_failures,
                window_minutes: self.throttle_window_minutes,
            },
            secure_cookies: self.public_url.starts_with("https://"),
        }
    }
}

fn parse_bool(name: &'static str, value: String) -> Result<bool, ConfigError> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ConfigError::Env { name, value, message: "use true or false".into() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn with_env(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let mut c = Config::default();
        c.apply_env(&|k| map.get(k).cloned())?;
        Ok(c)
    }

    #[test]
    fn environment_overrides_defaults() {
        let c = with_env(&[("DATABASE_URL", "postgres://127.0.0.1/test"), ("FRONTDOOR_DEMO", "true"), ("FRONTDOOR_SESSION_IDLE_SECS", "5")])
            .expect("valid");
        assert_eq!((c.database_url.as_str(), c.demo, c.session_idle_secs), ("postgres://127.0.0.1/test", true, 5));
        assert!(!c.auth().secure_cookies);
        let c = with_env(&[("FRONTDOOR_PUBLIC_URL", "https://frontdoor.example.gov.uk")]).expect("valid");
        assert!(c.auth().secure_cookies);
    }

    #[test]
    fn request_form_limits_are_configured_and_checked() {
        let c = with_env(&[("FRONTDOOR_REQUEST_DRAFT_HOURS", "2"), ("FRONTDOOR_REQUEST_SUBMISSIONS_PER_HOUR", "3")]).expect("valid");
        assert_eq!((c.request_draft_hours, c.request_submissions_per_hour, c.request_posts_per_hour), (2, 3, 300));
        assert!(c.check().is_ok());
        assert!(with_env(&[("FRONTDOOR_REQUEST_DRAFT_HOURS", "soon")]).is_err());
        let zero = with_env(&[("FRONTDOOR_REQUEST_POSTS_PER_HOUR", "0")]).expect("parses");
        let err = zero.check().err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("FRONTDOOR_REQUEST_POSTS_PER_HOUR"), "{err}");
    }

    #[test]
    fn bad_values_are_named() {
        let err = with_env(&[("FRONTDOOR_SESSION_IDLE_SECS", "soon")]).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("FRONTDOOR_SESSION_IDLE_SECS"), "{err}");
        assert!(with_env(&[("FRONTDOOR_DEMO", "maybe")]).is_err());
    }

    #[test]
    fn mail_settings_are_checked() {
        let c = with_env(&[("FRONTDOOR_MAIL_DIR", "/tmp/outbox")]).expect("valid");
        assert!(matches!(c.mail(), Ok((crate::delivery::Configured::FileDrop(_), _))));
        let smtp = with_env(&[("FRONTDOOR_MAIL_TRANSPORT", "smtp")]).expect("parses");
        assert!(smtp.check().err().map(|e| e.to_string()).unwrap_or_default().contains("FRONTDOOR_SMTP_HOST"));
        let smtp = with_env(&[("FRONTDOOR_MAIL_TRANSPORT", "smtp"), ("FRONTDOOR_SMTP_HOST", "mail.council.example"), ("FRONTDOOR_SMTP_PORT", "465"), ("FRONTDOOR_SMTP_TLS", "tls")])
            .expect("parses");
        assert!(matches!(smtp.mail(), Ok((crate::delivery::Configured::Smtp(_), _))));
        assert!(with_env(&[("FRONTDOOR_MAIL_TRANSPORT", "pigeon")]).expect("parses").check().is_err());
        assert!(with_env(&[("FRONTDOOR_MAIL_FROM", "not an address")]).expect("parses").check().is_err());
    }

    #[test]
    fn file_keys_are_checked() {
        let f: Result<FileConfig, _> = toml::from_str("demo = true\nsession_idle_secs = 60\n");
        let mut c = Config::default();
        c.apply_file(f.expect("valid file"));
        assert!(c.demo);
        assert_eq!(c.session_idle_secs, 60);
        assert!(toml::from_str::<FileConfig>("demmo = true").is_err(), "a misspelt key must be refused");
    }
}
