//! Delivering outcome e-mails. A job runs in every instance; each round it *claims* due e-mails
//! (`Store::claim_due_emails`: a conditional UPDATE with a lease that only one instance wins),
//! hands each to the configured [`Transport`], and records the result. A failure is retried with
//! a growing delay (`domain::letters::retry_delay`) for as long as it keeps failing: it stays on
//! Business Support's failed list and on the contact, and is never dropped. If an instance dies
//! mid-send its lease runs out and another takes the e-mail over (at-least-once delivery).
//! Information requests' e-mails (`information_request_messages`) go the same way each round.

use chrono::{DateTime, Utc};
use lettre::message::{header::ContentType, Mailbox, Message};
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use storage::{CommunicationRow, StorageError, Store};

/// Something that delivers an RFC 5322 message.
pub trait Transport: Send + Sync {
    /// Delivers `message` (the communication `id`'s e-mail); the error is kept as `last_error`.
    fn send(&self, id: &str, message: &Message) -> impl Future<Output = Result<(), String>> + Send;
}

/// Writes each message as `<id>.eml` into a folder: the default for demo and development, and a
/// hand-off point for a mail system that picks files up.
#[derive(Clone, Debug)]
pub struct FileDrop {
    pub dir: PathBuf,
}

impl Transport for FileDrop {
    async fn send(&self, id: &str, message: &Message) -> Result<(), String> {
        let dir = self.dir.clone();
        let bytes = message.formatted();
        let name = format!("{}.eml", id.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_"));
        tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            // Written aside then renamed, so a reader of the folder never sees half a message.
            let tmp = dir.join(format!(".{name}.tmp"));
            std::fs::write(&tmp, &bytes).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
            std::fs::rename(&tmp, dir.join(&name)).map_err(|e| format!("cannot move {name} into place: {e}"))
        })
        .await
        .map_err(|e| format!("writing the message stopped: {e}"))?
    }
}

/// SMTP through the council's mail relay (`lettre`), with STARTTLS, implicit TLS or none.
pub struct Smtp {
    transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpTls {
    StartTls,
    Tls,
    /// Only for a relay on the same trusted network (or tests).
    None,
}

impl Smtp {
    pub fn new(host: &str, port: u16, tls: SmtpTls, username: &str, password: &str) -> Result<Smtp, String> {
        use lettre::transport::smtp::authentication::Credentials;
        use lettre::{AsyncSmtpTransport, Tokio1Executor};
        let builder = match tls {
            SmtpTls::StartTls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host).map_err(|e| e.to_string())?,
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host).map_err(|e| e.to_string())?,
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
        };
        let mut builder = builder.port(port).timeout(Some(std::time::Duration::from_secs(30)));
        if !username.is_empty() {
            builder = builder.credentials(Credentials::new(username.to_string(), password.to_string()));
        }
        Ok(Smtp { transport: builder.build() })
    }
}

impl Transport for Smtp {
    async fn send(&self, _id: &str, message: &Message) -> Result<(), String> {
        use lettre::AsyncTransport;
        self.transport.send(message.clone()).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

/// The transport the configuration chose.
pub enum Configured {
    FileDrop(FileDrop),
    Smtp(Box<Smtp>),
}

impl Transport for Configured {
    async fn send(&self, id: &str, message: &Message) -> Result<(), String> {
        match self {
            Configured::FileDrop(t) => t.send(id, message).await,
            Configured::Smtp(t) => t.send(id, message).await,
        }
    }
}

/// How the delivery job runs in this instance.
#[derive(Clone, Debug)]
pub struct Settings {
    /// `Name <address>` the e-mails come from.
    pub from: Mailbox,
    /// This instance's name in `claimed_by` (unique per process).
    pub holder: String,
    /// How long a claim holds before another instance may take the e-mail over.
    pub lease: chrono::Duration,
    /// At most this many e-mails per round.
    pub batch: i64,
}

/// The RFC 5322 message for a communication.
pub fn message(c: &CommunicationRow, from: &Mailbox) -> Result<Message, String> {
    let address = c.recipient_email.parse::<lettre::Address>().map_err(|e| format!("the recipient's address {:?} is not valid: {e}", c.recipient_email))?;
    let domain = from.email.domain().to_string();
    Message::builder()
        .from(from.clone())
        .to(Mailbox::new(Some(c.recipient_name.clone()), address))
        .subject(c.subject.clone())
        .message_id(Some(format!("<{}@{domain}>", c.id)))
        .header(ContentType::TEXT_PLAIN)
        .body(c.body.clone())
        .map_err(|e| format!("the message could not be built: {e}"))
}

/// The RFC 5322 message for an information request's e-mail (one message to every recipient:
/// the allocated worker and their Team Manager, or both OFSTED addresses).
pub fn request_message(m: &storage::RequestMessageRow, from: &Mailbox) -> Result<Message, String> {
    let domain = from.email.domain().to_string();
    let mut b = Message::builder().from(from.clone());
    if m.recipients.is_empty() {
        return Err("the message has no recipient".into());
    }
    for r in &m.recipients {
        let address = r.parse::<lettre::Address>().map_err(|e| format!("the recipient's address {r:?} is not valid: {e}"))?;
        b = b.to(Mailbox::new(None, address));
    }
    b.subject(m.subject.clone())
        .message_id(Some(format!("<{}@{domain}>", m.id)))
        .header(ContentType::TEXT_PLAIN)
        .body(m.body.clone())
        .map_err(|e| format!("the message could not be built: {e}"))
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub failed: usize,
}

/// One round: claim what is due, send it, record each result.
pub async fn run_once<T: Transport>(store: &Store, transport: &T, settings: &Settings, now: DateTime<Utc>) -> Result<Round, StorageError> {
    let mut round = Round::default();
    for c in store.claim_due_emails(&settings.holder, now, settings.lease, settings.batch).await? {
        let result = match message(&c, &settings.from) {
            Ok(m) => transport.send(&c.id, &m).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {
                store.communication_sent(&c.id, &settings.holder, Utc::now()).await?;
                round.sent += 1;
            }
            Err(error) => {
                let attempts = u32::try_from(c.attempts + 1).unwrap_or(u32::MAX);
                let next = now + domain::letters::retry_delay(attempts);
                tracing::warn!(communication = %c.id, attempts, error = %error, "sending an e-mail failed; it will be tried again");
                store.communication_failed(&c.id, &settings.holder, &error, next, Utc::now()).await?;
                round.failed += 1;
            }
        }
    }
    // Information requests' e-mails (seed 002): replies, responses, notices, OFSTED responses.
    for m in store.claim_due_request_messages(&settings.holder, now, settings.lease, settings.batch).await? {
        let result = match request_message(&m, &settings.from) {
            Ok(msg) => transport.send(&m.id, &msg).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {
                store.request_message_sent(&m.id, &settings.holder, Utc::now()).await?;
                round.sent += 1;
            }
            Err(error) => {
                let attempts = u32::try_from(m.attempts + 1).unwrap_or(u32::MAX);
                let next = now + domain::letters::retry_delay(attempts);
                tracing::warn!(message = %m.id, attempts, error = %error, "sending an information request e-mail failed; it will be tried again");
                store.request_message_failed(&m.id, &settings.holder, &error, next).await?;
                round.failed += 1;
            }
        }
    }
    Ok(round)
}

/// Runs the delivery job every `every` in this instance.
pub fn spawn(store: Store, transport: Arc<Configured>, settings: Settings, every: std::time::Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            if let Err(e) = run_once(&store, transport.as_ref(), &settings, Utc::now()).await {
                tracing::warn!(error = %e, "the delivery round failed; it runs again shortly");
            }
        }
    });
}
