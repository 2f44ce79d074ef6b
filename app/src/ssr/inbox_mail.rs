//! E-mails into the CASS inbox: an RFC 5322 message parsed by `mail-parser` (an HTML-only body
//! becomes text), its attachments scanned by the configured [`AttachmentScanner`] and stored
//! once per SHA-256. The watched folder (`server::inbox_watch`) and the upload page both call
//! [`import_message`].

use chrono::{DateTime, Utc};
use domain::inbox::{InboxSource, InboxStatus};
use domain::workflow::slug_of;
use mail_parser::{MessageParser, MimeHeaders};
use storage::{Imported, NewAttachment, NewInboxMail, Store, StorageError, NOT_SCANNED};

/// Largest .eml accepted by upload or from the folder (attachments included).
pub const MAX_MESSAGE_BYTES: usize = 20 * 1024 * 1024;

/// What a virus scanner says about an attachment, stored as `scan_status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScanResult {
    NotScanned,
    Clean,
    Infected,
}

impl ScanResult {
    pub fn slug(self) -> &'static str {
        match self {
            ScanResult::NotScanned => NOT_SCANNED,
            ScanResult::Clean => "clean",
            ScanResult::Infected => "infected",
        }
    }
}

/// Extension point for virus scanning. A council plugs in its scanner (ClamAV over its socket, a
/// cloud API…) by implementing this and passing it to [`import_message`]; the default,
/// [`NoScanner`], records every attachment as "not scanned", and the item page says so.
pub trait AttachmentScanner: Send + Sync {
    fn scan(&self, file_name: &str, content_type: &str, content: &[u8]) -> ScanResult;
}

/// The default: nothing is scanned.
pub struct NoScanner;

impl AttachmentScanner for NoScanner {
    fn scan(&self, _: &str, _: &str, _: &[u8]) -> ScanResult {
        ScanResult::NotScanned
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("The file is empty")]
    Empty,
    #[error("The file is larger than {} MB", MAX_MESSAGE_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("The file is not an e-mail message (.eml): it has no sender or subject")]
    NotAnEmail,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// The parts of a message the inbox shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedMail {
    pub from: String,
    pub subject: String,
    pub sent_at: Option<DateTime<Utc>>,
    pub text_body: String,
    pub attachments: Vec<ParsedAttachment>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedAttachment {
    pub file_name: String,
    pub content_type: String,
    pub content: Vec<u8>,
}

/// Parses an RFC 5322 message; refuses what is not one.
pub fn parse(raw: &[u8]) -> Result<ParsedMail, ImportError> {
    if raw.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty);
    }
    if raw.len() > MAX_MESSAGE_BYTES {
        return Err(ImportError::TooLarge);
    }
    let msg = MessageParser::default().parse(raw).ok_or(ImportError::NotAnEmail)?;
    let from = msg
        .from()
        .and_then(|a| a.first())
        .map(|a| match (a.name(), a.address()) {
            (Some(n), Some(e)) => format!("{n} <{e}>"),
            (None, Some(e)) => e.to_string(),
            (Some(n), None) => n.to_string(),
            (None, None) => String::new(),
        })
        .unwrap_or_default();
    let subject = msg.subject().unwrap_or("").trim().to_string();
    let text_body = msg.body_text(0).map(|b| b.trim().to_string()).unwrap_or_default();
    // Bytes with no headers parse as a body alone: a real e-mail names its sender or subject.
    if from.is_empty() && subject.is_empty() {
        return Err(ImportError::NotAnEmail);
    }
    let sent_at = msg.date().and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0));
    let attachments = msg
        .attachments()
        .enumerate()
        .map(|(i, part)| ParsedAttachment {
            file_name: part.attachment_name().map(str::to_string).unwrap_or_else(|| format!("attachment-{}", i + 1)),
            content_type: part
                .content_type()
                .map(|c| match c.subtype() {
                    Some(s) => format!("{}/{}", c.ctype(), s),
                    None => c.ctype().to_string(),
                })
                .unwrap_or_else(|| "application/octet-stream".to_string()),
            content: part.contents().to_vec(),
        })
        .collect();
    Ok(ParsedMail { from, subject, sent_at, text_body, attachments })
}

/// Parses, scans and stores a message; a message already stored is a no-op.
pub async fn import_message(
    store: &Store,
    scanner: &dyn AttachmentScanner,
    raw: &[u8],
    source: InboxSource,
    uploaded_by: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Imported, ImportError> {
    let mail = parse(raw)?;
    let scans: Vec<ScanResult> = mail.attachments.iter().map(|a| scanner.scan(&a.file_name, &a.content_type, &a.content)).collect();
    let source = slug_of(&source);
    let status = slug_of(&InboxStatus::New);
    let new = NewInboxMail {
        source: &source,
        raw,
        from_address: &mail.from,
        subject: &mail.subject,
        sent_at: mail.sent_at,
        text_body: &mail.text_body,
        status: &status,
        uploaded_by,
        attachments: mail
            .attachments
            .iter()
            .zip(&scans)
            .map(|(a, s)| NewAttachment { file_name: &a.file_name, content_type: &a.content_type, content: &a.content, scan_status: s.slug() })
            .collect(),
    };
    Ok(store.import_inbox_mail(new, now).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HTML_WITH_ATTACHMENT: &str = "From: A School <office@school.example>\r\n\
To: cass@council.example\r\n\
Subject: Concern about a pupil\r\n\
Date: Mon, 2 Nov 2026 09:30:00 +0000\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b1\"\r\n\
\r\n\
--b1\r\n\
Content-Type: text/html; charset=utf-8\r\n\
\r\n\
<html><body><p>The pupil arrived <b>hungry</b> again.</p></body></html>\r\n\
--b1\r\n\
Content-Type: application/pdf\r\n\
Content-Disposition: attachment; filename=\"notes.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
JVBERi0xLjQK\r\n\
--b1--\r\n";

    #[test]
    fn html_bodies_become_text_and_attachments_are_kept() {
        let m = parse(HTML_WITH_ATTACHMENT.as_bytes()).expect("parses");
        assert_eq!(m.from, "A School <office@school.example>");
        assert_eq!(m.subject, "Concern about a pupil");
        assert!(m.text_body.contains("The pupil arrived hungry again."), "{}", m.text_body);
        assert!(!m.text_body.contains('<'));
        assert_eq!(m.sent_at.map(|d| d.to_rfc3339()), Some("2026-11-02T09:30:00+00:00".to_string()));
        assert_eq!(m.attachments.len(), 1);
        assert_eq!((m.attachments[0].file_name.as_str(), m.attachments[0].content_type.as_str()), ("notes.pdf", "application/pdf"));
        assert_eq!(m.attachments[0].content, b"%PDF-1.4\n");
    }

    #[test]
    fn not_an_email_is_refused() {
        assert!(matches!(parse(b"  \n"), Err(ImportError::Empty)));
        assert!(matches!(parse(&[0u8, 1, 2, 3]), Err(ImportError::NotAnEmail)));
        assert!(matches!(parse(b"just some text\r\nand more"), Err(ImportError::NotAnEmail)));
        let big = vec![b'a'; MAX_MESSAGE_BYTES + 1];
        assert!(matches!(parse(&big), Err(ImportError::TooLarge)));
    }
}
