//! Demo e-mails in the CASS inbox (demo mode only): invented senders and children, one for each
//! way Business Support filters, so the inbox has something to work on.

use app::ssr::inbox_mail::{import_message, ImportError, NoScanner};
use chrono::{DateTime, Utc};
use domain::inbox::InboxSource;
use storage::Store;

const DEMO_EMAILS: &[(&str, &str, &str)] = &[
    (
        "Pastoral Lead <pastoral@primary.example>",
        "Concern about a Year 4 pupil",
        "<p>Good morning,</p><p>A Year 4 pupil has arrived <b>hungry and tired</b> on most days this half term and has said there is no food at home. Their younger brother attends our nursery. Parents are aware we are contacting you.</p><p>Pastoral Lead</p>",
    ),
    (
        "Housing Officer <housing@council.example>",
        "Tenancy query for a family",
        "<p>Hello, could you tell me who deals with a tenancy transfer for a family with children? There are no concerns about the children.</p>",
    ),
    (
        "Health Visitor <hv@health.example>",
        "Update for the allocated social worker",
        "<p>Please pass this update to the family's allocated social worker: the baby was weighed today and has gained weight as planned.</p>",
    ),
];

fn message(from: &str, subject: &str, html: &str, at: DateTime<Utc>) -> String {
    format!(
        "From: {from}\r\nTo: CASS <cass@council.example>\r\nSubject: {subject}\r\nDate: {}\r\nMIME-Version: 1.0\r\n\
Content-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n",
        at.to_rfc2822()
    )
}

pub async fn seed(store: &Store, now: DateTime<Utc>) -> Result<(), ImportError> {
    for (i, (from, subject, html)) in DEMO_EMAILS.iter().enumerate() {
        let at = now - chrono::Duration::minutes(30 * (i as i64 + 1));
        import_message(store, &NoScanner, message(from, subject, html, at).as_bytes(), InboxSource::Email, None, at).await?;
    }
    Ok(())
}
