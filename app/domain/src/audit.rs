//! The vocabulary of the audit trail. Entries are append-only; these types say what happened to
//! which record so the access-history page and any later export read the same words.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Person,
    Contact,
    User,
    Team,
    Session,
    /// A version of the threshold framework or the scripts.
    RuleSet,
    /// The working-day calendar (days an administrator adds).
    Calendar,
    /// A public page or a service contact shown on the public pages.
    PublicContent,
    /// A letter template (every version is kept).
    LetterTemplate,
    /// An e-mail in the CASS inbox, or one of its attachments.
    InboxItem,
    /// A statutory return or inspection list (Annex A) drawn from many children's records.
    Report,
    /// A professional's information request or an OFSTED suitability check (seed 002).
    InformationRequest,
    /// The secure generic e-mail addresses and domains an administrator keeps.
    SecureAddresses,
    /// The Early Help desk's COG table and neighbouring authorities (seed 003 §1.7, §6.3).
    EhaSettings,
    /// A MASH notification on the MASH Log, answered at the Early Help desk (seed 003 §8).
    MashNotification,
}

impl RecordKind {
    pub fn slug(self) -> &'static str {
        match self {
            RecordKind::Person => "person",
            RecordKind::Contact => "contact",
            RecordKind::User => "user",
            RecordKind::Team => "team",
            RecordKind::Session => "session",
            RecordKind::RuleSet => "rule_set",
            RecordKind::Calendar => "calendar",
            RecordKind::PublicContent => "public_content",
            RecordKind::LetterTemplate => "letter_template",
            RecordKind::InboxItem => "inbox_item",
            RecordKind::Report => "report",
            RecordKind::InformationRequest => "information_request",
            RecordKind::SecureAddresses => "secure_addresses",
            RecordKind::EhaSettings => "eha_settings",
            RecordKind::MashNotification => "mash_notification",
        }
    }
    pub fn from_slug(s: &str) -> Option<Self> {
        [
            RecordKind::Person,
            RecordKind::Contact,
            RecordKind::User,
            RecordKind::Team,
            RecordKind::Session,
            RecordKind::RuleSet,
            RecordKind::Calendar,
            RecordKind::PublicContent,
            RecordKind::LetterTemplate,
            RecordKind::InboxItem,
            RecordKind::Report,
            RecordKind::InformationRequest,
            RecordKind::SecureAddresses,
            RecordKind::EhaSettings,
            RecordKind::MashNotification,
        ]
            .into_iter()
            .find(|k| k.slug() == s)
    }
    /// Records about a child or family: reading them needs a reason when they are not in the
    /// reader's worklists, and every read is audited.
    pub fn is_case_record(self) -> bool {
        matches!(self, RecordKind::Person | RecordKind::Contact)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Read,
    Create,
    Update,
    /// Opened a case record outside the user's worklists, with the reason they gave.
    BreakGlass,
    /// A read refused because the user lacks the role (recorded so probing is visible).
    Refused,
    SignIn,
    SignInFailed,
    SignOut,
    PasswordChanged,
    ViewAccessHistory,
    /// Children's details left the system in a file (an Annex A list).
    Export,
}

impl AuditAction {
    pub fn slug(self) -> &'static str {
        match self {
            AuditAction::Read => "read",
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::BreakGlass => "break_glass",
            AuditAction::Refused => "refused",
            AuditAction::SignIn => "sign_in",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::SignOut => "sign_out",
            AuditAction::PasswordChanged => "password_changed",
            AuditAction::ViewAccessHistory => "view_access_history",
            AuditAction::Export => "export",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            AuditAction::Read => "Opened",
            AuditAction::Create => "Created",
            AuditAction::Update => "Changed",
            AuditAction::BreakGlass => "Opened outside worklists",
            AuditAction::Refused => "Refused",
            AuditAction::SignIn => "Signed in",
            AuditAction::SignInFailed => "Failed sign-in",
            AuditAction::SignOut => "Signed out",
            AuditAction::PasswordChanged => "Changed password",
            AuditAction::ViewAccessHistory => "Viewed access history",
            AuditAction::Export => "Exported",
        }
    }
    pub fn from_slug(s: &str) -> Option<Self> {
        use AuditAction::*;
        [Read, Create, Update, BreakGlass, Refused, SignIn, SignInFailed, SignOut, PasswordChanged, ViewAccessHistory, Export]
            .into_iter()
            .find(|a| a.slug() == s)
    }
}

/// A reason for opening a record outside one's worklists must say something real.
pub const BREAK_GLASS_REASON_MIN_CHARS: usize = 10;

pub fn validate_break_glass_reason(reason: &str) -> crate::Validation {
    let mut v = crate::Validation::new();
    let n = reason.trim().chars().count();
    if n == 0 {
        v.add("reason", "Enter why you need to open this record");
    } else if n < BREAK_GLASS_REASON_MIN_CHARS {
        v.add("reason", format!("Reason must be {BREAK_GLASS_REASON_MIN_CHARS} characters or more"));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip() {
        for a in [AuditAction::Read, AuditAction::BreakGlass, AuditAction::ViewAccessHistory] {
            assert_eq!(AuditAction::from_slug(a.slug()), Some(a));
        }
        assert_eq!(RecordKind::from_slug("person"), Some(RecordKind::Person));
        assert!(RecordKind::Contact.is_case_record());
        assert!(!RecordKind::User.is_case_record());
    }

    #[test]
    fn break_glass_needs_a_real_reason() {
        assert_eq!(validate_break_glass_reason(" ").for_field("reason"), Some("Enter why you need to open this record"));
        assert!(!validate_break_glass_reason("checking").is_ok());
        assert!(validate_break_glass_reason("Police asked for a welfare check today").is_ok());
    }
}
