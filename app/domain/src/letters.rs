//! Letters and outcome communications: the placeholders a letter template may use, checking a
//! template an administrator writes (an unknown placeholder is a listed error), rendering it,
//! the written defaults for every [`Letter`] the seeds require, and the vocabulary of a
//! communication (channel, recipient role, status) with its retry schedule.
//!
//! Templates are plain text: blank lines separate paragraphs, `{{name}}` is a placeholder. The
//! same `{{key}}` names a service contact (phone line, opening hours...), so contact details in
//! letters come from the data an administrator keeps, never from code.

use crate::rules::Letter;
use crate::validation::{FieldError, Validation};
use chrono::Duration;
use std::collections::BTreeMap;

/// The stable slug stored for a letter kind (and used in addresses such as
/// `/staff/admin/letters/outcomes_letter`).
pub fn letter_slug(l: Letter) -> &'static str {
    match l {
        Letter::RequestForMoreInformation => "request_for_more_information",
        Letter::UndertakeEhaRequest => "undertake_eha_request",
        Letter::GainConsentAndResubmit => "gain_consent_and_resubmit",
        Letter::AnonymousReferralParentLetter => "anonymous_referral_parent_letter",
        Letter::OutcomesLetter => "outcomes_letter",
        Letter::IrrLevelOneReply => "irr_level_one_reply",
        Letter::IrrResubmitWithConsent => "irr_resubmit_with_consent",
        Letter::IrrResponse => "irr_response",
        Letter::OfstedSuitabilityResponse => "ofsted_suitability_response",
        Letter::EhaNoConsentLetter => "eha_no_consent_letter",
        Letter::EhaReceiptConfirmation => "eha_receipt_confirmation",
        Letter::BelowEarlyHelpLetter => "below_early_help_letter",
        Letter::EhaNotReceivedLetter => "eha_not_received_letter",
        Letter::EhaClosureLetter => "eha_closure_letter",
        Letter::OutOfAuthorityClosureLetter => "out_of_authority_closure_letter",
        Letter::StepDownNoConsentEmail => "step_down_no_consent_email",
        Letter::MissingChildNoteCopy => "missing_child_note_copy",
    }
}

pub fn letter_from_slug(s: &str) -> Option<Letter> {
    Letter::ALL.iter().copied().find(|l| letter_slug(*l) == s)
}

labelled_enum! {
    /// How a communication reaches its recipient.
    Channel {
        Email => "E-mail",
        Post => "Post",
    }
}

labelled_enum! {
    /// Who a communication is for, in the seeds' words.
    RecipientRole {
        PersonWithParentalResponsibility => "person with Parental Responsibility",
        Parent => "parent or carer",
        Referrer => "referrer",
        ReferringProfessional => "referring professional",
        PartnerInCass => "Partner in CASS",
        ProfessionalContacted => "professional contacted during enquiries",
        RequestingProfessional => "requesting professional",
        Ofsted => "OFSTED",
        AllocatedAgency => "allocated agency",
        SocialWorker => "Social Worker and their line manager",
        MissingChildrenWorker => "missing-children partner worker",
    }
}

labelled_enum! {
    /// Where a communication is. E-mails are queued, then sent (or failed and retrying, never
    /// dropped); posted letters are ready to print until Business Support marks them printed.
    CommunicationStatus {
        Queued => "Queued",
        Sent => "Sent",
        FailedRetrying => "Failed: retrying",
        ReadyToPrint => "Ready to print",
        Printed => "Printed",
    }
}

/// Stable slugs for the small enums above (serde's snake_case names).
macro_rules! slugs {
    ($t:ty { $($var:ident => $slug:literal),* $(,)? }) => {
        impl $t {
            pub fn slug(self) -> &'static str { match self { $(<$t>::$var => $slug),* } }
            pub fn from_slug(s: &str) -> Option<$t> { <$t>::ALL.iter().copied().find(|v| v.slug() == s) }
        }
    };
}

slugs!(Channel { Email => "email", Post => "post" });
slugs!(RecipientRole {
    PersonWithParentalResponsibility => "person_with_parental_responsibility",
    Parent => "parent",
    Referrer => "referrer",
    ReferringProfessional => "referring_professional",
    PartnerInCass => "partner_in_cass",
    ProfessionalContacted => "professional_contacted",
    RequestingProfessional => "requesting_professional",
    Ofsted => "ofsted",
    AllocatedAgency => "allocated_agency",
    SocialWorker => "social_worker",
    MissingChildrenWorker => "missing_children_worker",
});
slugs!(CommunicationStatus {
    Queued => "queued",
    Sent => "sent",
    FailedRetrying => "failed_retrying",
    ReadyToPrint => "ready_to_print",
    Printed => "printed",
});

impl CommunicationStatus {
    /// The first status of a new communication.
    pub fn initial(channel: Channel) -> CommunicationStatus {
        match channel {
            Channel::Email => CommunicationStatus::Queued,
            Channel::Post => CommunicationStatus::ReadyToPrint,
        }
    }
}

/// Who works the failed-communications and printing lists and marks letters printed: Business
/// Support, who send letters (seed 000 glossary: BSS "send letters"), and managers.
pub fn works_communications(roles: &[crate::Role]) -> bool {
    roles.iter().any(|r| *r == crate::Role::BusinessSupportOfficer || r.is_manager())
}

/// How long to wait before trying a failed e-mail again: quickly at first, then every six hours
/// for as long as it keeps failing. It is never given up on; it stays on the failed list.
pub fn retry_delay(attempts: u32) -> Duration {
    const MINUTES: [i64; 6] = [1, 5, 15, 60, 180, 360];
    let i = usize::try_from(attempts.saturating_sub(1)).unwrap_or(usize::MAX).min(MINUTES.len() - 1);
    Duration::minutes(MINUTES[i])
}

labelled_enum! {
    /// What a letter template may say with `{{name}}`, besides the service contacts' keys.
    Placeholder {
        ChildName => "The child's name (all the children's names when a letter is about several)",
        Reference => "The contact's reference",
        Date => "Today's date, as in “2 March 2026”",
        RecipientName => "The recipient's name",
        RecipientRole => "The recipient's role, such as “person with Parental Responsibility”",
        ReferrerName => "The referrer's name",
        ReferrerOrganisation => "The referrer's organisation",
        ConcernSummary => "A summary of the concern",
        Outcome => "What the service will do (the decision in plain words)",
        WorkerName => "The name of the worker sending the letter",
    }
}

slugs!(Placeholder {
    ChildName => "child_name",
    Reference => "reference",
    Date => "date",
    RecipientName => "recipient_name",
    RecipientRole => "recipient_role",
    ReferrerName => "referrer_name",
    ReferrerOrganisation => "referrer_organisation",
    ConcernSummary => "concern_summary",
    Outcome => "outcome",
    WorkerName => "worker_name",
});

/// Something on a line of a template (the line counts from 1).
type OnLine = (usize, String);

/// Every `{{name}}` in `text`, and the problems (unclosed braces), each with its line.
fn scan(text: &str) -> (Vec<OnLine>, Vec<OnLine>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find("{{") {
            let after = &rest[start + 2..];
            match after.find("}}") {
                Some(end) => {
                    found.push((i + 1, after[..end].trim().to_string()));
                    rest = &after[end + 2..];
                }
                None => {
                    problems.push((i + 1, "“{{” is not closed with “}}”".to_string()));
                    break;
                }
            }
        }
    }
    (found, problems)
}

/// The placeholders a template uses, in order of first use.
pub fn placeholders_used(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, name) in scan(text).0 {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Checks a template before it is saved. Every unknown placeholder is listed against the field
/// it is in (`subject` or `body`), with its line, so the error summary shows them all.
pub fn check_template(subject: &str, body: &str, contact_keys: &[String]) -> Vec<FieldError> {
    let known = |name: &str| Placeholder::from_slug(name).is_some() || contact_keys.iter().any(|k| k == name);
    let all_names = || {
        Placeholder::ALL.iter().map(|p| p.slug().to_string()).chain(contact_keys.iter().cloned()).collect::<Vec<_>>().join(", ")
    };
    let mut v = Validation::new();
    if subject.trim().is_empty() {
        v.add("subject", "Enter a subject");
    } else if subject.contains('\n') {
        v.add("subject", "The subject must be one line");
    }
    if body.trim().is_empty() {
        v.add("body", "Enter the letter's text");
    }
    for (field, text) in [("subject", subject), ("body", body)] {
        let (found, problems) = scan(text);
        for (line, message) in problems {
            v.add(field, format!("Line {line}: {message}"));
        }
        for (line, name) in found.into_iter().filter(|(_, n)| !known(n)) {
            let message = if name.is_empty() {
                format!("Line {line}: “{{{{}}}}” has no placeholder name in it")
            } else {
                format!("Line {line}: there is no placeholder called “{name}”. Use one of: {}", all_names())
            };
            v.add(field, message);
        }
    }
    v.errors
}

/// Replaces every `{{name}}` with its value. Names without a value are returned, so a letter is
/// never sent with a gap in it.
pub fn render(text: &str, values: &BTreeMap<String, String>) -> Result<String, Vec<String>> {
    let mut out = String::with_capacity(text.len());
    let mut missing: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let name = after[..end].trim();
        match values.get(name).filter(|v| !v.trim().is_empty()) {
            Some(v) => out.push_str(v),
            None => {
                if !missing.iter().any(|m| m == name) {
                    missing.push(name.to_string());
                }
            }
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(missing)
    }
}

/// Example values for an administrator's preview (clearly invented).
pub fn sample_values() -> BTreeMap<String, String> {
    [
        (Placeholder::ChildName, "Sam Example"),
        (Placeholder::Reference, "C-000123"),
        (Placeholder::Date, "2 March 2026"),
        (Placeholder::RecipientName, "Alex Example"),
        (Placeholder::RecipientRole, "person with Parental Responsibility"),
        (Placeholder::ReferrerName, "Jo Referrer"),
        (Placeholder::ReferrerOrganisation, "Example Primary School"),
        (Placeholder::ConcernSummary, "Sam has arrived at school hungry on several days this week"),
        (Placeholder::Outcome, "We will work with your family to offer Early Help support"),
        (Placeholder::WorkerName, "A. Worker"),
    ]
    .into_iter()
    .map(|(p, v)| (p.slug().to_string(), v.to_string()))
    .collect()
}

/// Checks a recipient. Fields: `recipient_name`, `recipient_email`, `recipient_address`.
pub fn check_recipient(name: &str, channel: Channel, email: &str, address: &str) -> Validation {
    let mut v = Validation::new();
    v.check(name.trim().is_empty(), "recipient_name", "Enter the recipient's name");
    match channel {
        Channel::Email => {
            let e = email.trim();
            let plausible = e.split_once('@').is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.') && !domain.starts_with('.'))
                && !e.contains(char::is_whitespace);
            v.check(!plausible, "recipient_email", "Enter an e-mail address in the correct format, like name@example.com");
        }
        Channel::Post => {
            v.check(address.trim().is_empty(), "recipient_address", "Enter the recipient's postal address");
        }
    }
    v
}

/// A short name for lists and headings (the label says the whole of what the seeds require).
pub fn letter_title(l: Letter) -> &'static str {
    default_template(l).title
}

/// The written default of a letter: what the service says until an administrator changes it.
pub struct DefaultTemplate {
    pub title: &'static str,
    pub subject: &'static str,
    pub body: &'static str,
    /// Where the seeds require it.
    pub seed: &'static str,
}

pub fn default_template(l: Letter) -> DefaultTemplate {
    let (title, subject, body, seed) = match l {
        Letter::RequestForMoreInformation => ("Return to referrer: more information needed", "Your Request for Support about {{child_name}} (reference {{reference}})", REQUEST_MORE_INFO, "000 CASS Contacts"),
        Letter::UndertakeEhaRequest => ("Return to referrer: please undertake an Early Help Assessment", "Your Request for Support about {{child_name}}: an Early Help Assessment is the next step (reference {{reference}})", UNDERTAKE_EHA, "000 CASS Contacts"),
        Letter::GainConsentAndResubmit => ("Return to referrer: gain consent and resubmit", "Your Request for Support about {{child_name}}: consent is needed (reference {{reference}})", GAIN_CONSENT, "000 CASS Contacts"),
        Letter::AnonymousReferralParentLetter => ("Letter to a parent after an anonymous referral", "Please contact us about {{child_name}} (reference {{reference}})", ANONYMOUS_PARENT, "001 Additional Needs and Universal Plus"),
        Letter::OutcomesLetter => ("Outcomes letter", "What we will do after your contact about {{child_name}} (reference {{reference}})", OUTCOMES, "004 possible outcomes"),
        Letter::IrrLevelOneReply => ("Information request: level 1 reply", "Your information request about {{child_name}} (reference {{reference}})", IRR_LEVEL_ONE, "002 IRR received in CASS inbox"),
        Letter::IrrResubmitWithConsent => ("Information request: resubmit with consent", "Your information request about {{child_name}}: consent is needed (reference {{reference}})", IRR_RESUBMIT, "002 No Consent & consent is required"),
        Letter::IrrResponse => ("Information request response", "Response to your information request about {{child_name}} (reference {{reference}})", IRR_RESPONSE, "002 RAO sends information"),
        Letter::OfstedSuitabilityResponse => ("OFSTED suitability check response", "Suitability check: {{child_name}} (reference {{reference}})", OFSTED, "002 OFSTED suitability checks via LADO"),
        Letter::EhaNoConsentLetter => ("Early Help Assessment closed: no consent", "Early Help Assessment for {{child_name}}: closed because there is no consent (reference {{reference}})", EHA_NO_CONSENT, "003 §1.1.1"),
        Letter::EhaReceiptConfirmation => ("Early Help Assessment received (RCP)", "We have received the Early Help Assessment for {{child_name}} (reference {{reference}})", EHA_RECEIPT, "003 §1.1.2"),
        Letter::BelowEarlyHelpLetter => ("Below Early Help level: the service that can help", "Support for {{child_name}} (reference {{reference}})", BELOW_EARLY_HELP, "003 §1.6"),
        Letter::EhaNotReceivedLetter => ("Early Help Assessment not received after 7 days", "Early Help Assessment for {{child_name}} not yet received (reference {{reference}})", EHA_NOT_RECEIVED, "003 §1.8"),
        Letter::EhaClosureLetter => ("Early Help Assessment not received: closure", "Early Help Assessment for {{child_name}}: the case is closed (reference {{reference}})", EHA_CLOSURE, "003 §1.8"),
        Letter::OutOfAuthorityClosureLetter => ("Out of authority: sent to the relevant authority", "Early Help Assessment for {{child_name}} sent to the child's own council (reference {{reference}})", OUT_OF_AUTHORITY, "003 §6.3"),
        Letter::StepDownNoConsentEmail => ("Step down closed: no consent", "Step down for {{child_name}}: closed because there is no consent (reference {{reference}})", STEP_DOWN_NO_CONSENT, "003 §4.2.1"),
        Letter::MissingChildNoteCopy => ("Missing child: copy of the case note", "Missing child: {{child_name}} (reference {{reference}})", MISSING_CHILD_COPY, "003 §7.1"),
    };
    DefaultTemplate { title, subject, body, seed }
}

macro_rules! sign_off {
    () => {
        "Yours sincerely\n\n{{worker_name}}\nChildren's Advice and Support Service (CASS), {{council_name}}"
    };
}
const SIGN_OFF: &str = sign_off!();

/// A default letter: its paragraphs, then the sign-off.
macro_rules! letter {
    ($($line:expr),* $(,)?) => { concat!($($line, "\n\n"),*, sign_off!()) };
}

const REQUEST_MORE_INFO: &str = letter!(
    "Dear {{recipient_name}}",
    "Thank you for your Request for Support about {{child_name}}, which we received with the reference {{reference}}.",
    "We have read it carefully, but it does not give us enough information to decide what help is needed. Please send it to us again with more detail: what you are worried about, what you have seen or been told and when, what has already been tried, and whether the family knows you have contacted us.",
    "We have closed this contact. Your new request will be looked at as soon as it arrives. A copy of this reply has been sent to the Partner in CASS.",
    "If you want to talk it through first, call us on {{cass_phone_line}} ({{cass_hours}}). If you think a child is in immediate danger, call 999.",
);

const UNDERTAKE_EHA: &str = letter!(
    "Dear {{recipient_name}}",
    "Thank you for your Request for Support about {{child_name}} (reference {{reference}}).",
    "We think the family's needs are best met by an Early Help Assessment led by someone who already knows them. As you have an ongoing professional relationship with the family, please complete an Early Help Assessment with them, gaining the appropriate consent from the parent if you do not already have it.",
    "We have closed this contact. A copy of this reply has been sent to the Partner in CASS.",
    "If you need advice on the assessment, call us on {{cass_phone_line}} ({{cass_hours}}).",
);

const GAIN_CONSENT: &str = letter!(
    "Dear {{recipient_name}}",
    "Thank you for your Request for Support about {{child_name}} (reference {{reference}}).",
    "We think the family may benefit from early help, but we can only go ahead with their agreement. As you have a relationship with the family, please talk to them, gain the appropriate level of consent, and then send your request to us again saying that consent has been given and by whom.",
    "We have closed this contact.",
    "If you need advice, call us on {{cass_phone_line}} ({{cass_hours}}).",
);

const ANONYMOUS_PARENT: &str = letter!(
    "Dear {{recipient_name}}",
    "The Children's Advice and Support Service received a call about {{child_name}}. The person who called did not give their name.",
    "We have tried to telephone you to talk about it, but have not been able to reach you.",
    "Please contact us on {{cass_phone_line}} ({{cass_hours}}) if you would like support for your family, or if you wish to know what the call was about. Please quote the reference {{reference}}.",
    "We have now closed this contact.",
);

const OUTCOMES: &str = letter!(
    "Dear {{recipient_name}}",
    "We are writing to you as a {{recipient_role}} for {{child_name}} to tell you the outcome of the contact we received about them (reference {{reference}}).",
    "What we will do: {{outcome}}",
    "Children and Family Services have a duty to look into every concern about a child's welfare that is brought to our attention. Everything we do is overseen by an experienced manager.",
    "If you have any questions, please call us on {{cass_phone_line}} ({{cass_hours}}) and quote the reference.",
);

const IRR_LEVEL_ONE: &str = letter!(
    "Dear {{recipient_name}}",
    "Thank you for your information request about {{child_name}} (reference {{reference}}).",
    "{{outcome}}",
    "If you need more detailed information, please send a request with the appropriate consent to {{cass_email}}.",
);

const IRR_RESUBMIT: &str = letter!(
    "Dear {{recipient_name}}",
    "Thank you for your information request about {{child_name}} (reference {{reference}}).",
    "We cannot share information without the consent of the parent, or of the young person if they are 16 or over, unless an exception applies (for example a section 47 enquiry, a section 7 or 37 report, or the Public Law Outline). Please send your request again with written consent, or your statement that consent has been gained.",
    "We will not keep this request, so please give all the details again when you resubmit. The CASS information request form and its guidance are available from {{cass_email}}.",
);

const IRR_RESPONSE: &str = letter!(
    "Dear {{recipient_name}}",
    "In response to your information request about {{child_name}} (reference {{reference}}), this is the information we can share on a need-to-know basis:",
    "{{outcome}}",
    "If you need more detail, such as the content of an assessment, please contact the Disclosures Team to book an appointment to view the file.",
    "This response is sent only to your own secure e-mail address. Please keep it securely.",
);

const OFSTED: &str = letter!(
    "Dear {{recipient_name}}",
    "Suitability check: {{child_name}} (reference {{reference}}).",
    "We have reviewed the history held by Children's Social Care. Our response: {{outcome}}",
    "The Local Authority Designated Officer will tell you separately whether the person is known to them.",
);

const EHA_NO_CONSENT: &str = letter!(
    "Dear {{recipient_name}}",
    "We received an Early Help Assessment for {{child_name}} (reference {{reference}}), but it does not show that the family has given consent to share their information.",
    "We cannot process an Early Help Assessment without consent, so we have closed the Early Help episode. You may send the assessment again once consent has been obtained.",
    "For advice on obtaining consent, call us on {{cass_phone_line}} ({{cass_hours}}).",
);

const EHA_RECEIPT: &str = letter!(
    "Dear {{recipient_name}}",
    "We have received the Early Help Assessment for {{child_name}} (reference {{reference}}). We will check it and decide with you what support will help your family.",
    "Our privacy notice, which explains how we use your family's information, is enclosed with this letter.",
    "If you have any questions, call us on {{cass_phone_line}} ({{cass_hours}}).",
);

const BELOW_EARLY_HELP: &str = letter!(
    "Dear {{recipient_name}}",
    "Thank you for the Early Help Assessment for {{child_name}} (reference {{reference}}).",
    "We think the needs it describes can be met by a single agency rather than a multi-agency response. The service that can help is: {{outcome}}",
    "The Early Help episode is now complete. If anything changes, call us on {{cass_phone_line}} ({{cass_hours}}).",
);

const EHA_NOT_RECEIVED: &str = letter!(
    "Dear {{recipient_name}}",
    "On our advice, an Early Help Assessment was to be completed with the family of {{child_name}} (reference {{reference}}) and sent to the Early Help desk within 7 days.",
    "We have not yet received it. Please complete the assessment and send it to us as soon as possible. If the case is not received within 14 days we will review whether to close it.",
);

const EHA_CLOSURE: &str = letter!(
    "Dear {{recipient_name}}",
    "We have not received the Early Help Assessment for {{child_name}} (reference {{reference}}) after 14 days, and as discussed by telephone we have now closed the case.",
    "If the family still needs support, please complete an Early Help Assessment and send it to us.",
);

const OUT_OF_AUTHORITY: &str = letter!(
    "Dear {{recipient_name}}",
    "Thank you for the Early Help Assessment for {{child_name}} (reference {{reference}}).",
    "The child lives in another council's area, so we have sent the assessment securely to that council, who will take it forward: {{outcome}}",
    "We have closed our Early Help episode.",
);

const STEP_DOWN_NO_CONSENT: &str = letter!(
    "Dear {{recipient_name}}",
    "We have closed the request to step down {{child_name}} (reference {{reference}}) to Early Help, because consent and the documents we need have not been provided.",
    "You may send the request again once consent has been obtained.",
);

const MISSING_CHILD_COPY: &str = letter!(
    "Dear {{recipient_name}}",
    "We have recorded a case note about {{child_name}} (reference {{reference}}), who has been reported missing. You are copied in as the missing-children partner worker.",
    "{{outcome}}",
);

/// The sign-off every default ends with (exposed for tests of the defaults).
pub fn default_sign_off() -> &'static str {
    SIGN_OFF
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Vec<String> {
        ["council_name", "cass_phone_line", "cass_hours", "cass_email"].into_iter().map(String::from).collect()
    }

    #[test]
    fn every_letter_has_a_valid_default_with_a_unique_slug() {
        let mut seen = std::collections::HashSet::new();
        for l in Letter::ALL {
            let d = default_template(*l);
            assert!(seen.insert(letter_slug(*l)));
            assert_eq!(letter_from_slug(letter_slug(*l)), Some(*l));
            assert_eq!(check_template(d.subject, d.body, &keys()), Vec::<FieldError>::new(), "{}", letter_slug(*l));
            assert!(d.body.ends_with(default_sign_off()));
            // Contact details come from service contacts, never from the text itself.
            let digits: Vec<bool> = d.body.chars().map(|c| c.is_ascii_digit()).collect();
            assert!(!digits.windows(4).any(|w| w.iter().all(|d| *d)), "{} has a phone number in it", letter_slug(*l));
        }
    }

    #[test]
    fn unknown_placeholders_are_listed_with_their_lines() {
        let errors = check_template("About {{child_nme}}", "Dear {{recipient_name}}\n\nCall {{phone}} or {{cass_phone_line}}\n{{oops", &keys());
        let msgs: Vec<String> = errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(msgs[0].starts_with("subject: Line 1: there is no placeholder called “child_nme”"));
        assert!(msgs[1].contains("Line 4: “{{” is not closed"), "{msgs:?}");
        assert!(msgs[2].contains("Line 3: there is no placeholder called “phone”"), "{msgs:?}");
        assert!(msgs[2].contains("child_name") && msgs[2].contains("cass_phone_line"));
    }

    #[test]
    fn rendering_fills_every_gap_or_says_which_are_missing() {
        let mut v = sample_values();
        assert_eq!(render("Dear {{ recipient_name }}, re {{reference}}.", &v), Ok("Dear Alex Example, re C-000123.".into()));
        v.remove("outcome");
        assert_eq!(render("{{outcome}} {{cass_hours}} {{outcome}}", &v), Err(vec!["outcome".to_string(), "cass_hours".to_string()]));
    }

    #[test]
    fn retries_back_off_and_never_stop() {
        assert_eq!(retry_delay(1), Duration::minutes(1));
        assert_eq!(retry_delay(2), Duration::minutes(5));
        assert_eq!(retry_delay(50), Duration::hours(6));
        assert_eq!(retry_delay(0), Duration::minutes(1));
    }

    #[test]
    fn recipients_are_checked_for_their_channel() {
        assert!(check_recipient("Alex", Channel::Email, "alex@example.org", "").is_ok());
        assert_eq!(check_recipient("Alex", Channel::Email, "alex@", "").errors[0].field, "recipient_email");
        assert_eq!(check_recipient("", Channel::Post, "", " ").errors.len(), 2);
        assert_eq!(CommunicationStatus::initial(Channel::Post), CommunicationStatus::ReadyToPrint);
        assert_eq!(RecipientRole::from_slug("partner_in_cass"), Some(RecipientRole::PartnerInCass));
    }
}

/// Who each letter is written to, as the seeds say (the first role is the main recipient;
/// the rest receive copies). The server turns these roles into names and addresses.
pub fn addressed_to(l: Letter) -> &'static [RecipientRole] {
    use RecipientRole as R;
    match l {
        Letter::RequestForMoreInformation | Letter::UndertakeEhaRequest => &[R::Referrer, R::PartnerInCass],
        Letter::GainConsentAndResubmit | Letter::EhaNoConsentLetter | Letter::BelowEarlyHelpLetter | Letter::OutOfAuthorityClosureLetter => &[R::Referrer],
        Letter::AnonymousReferralParentLetter | Letter::EhaReceiptConfirmation => &[R::Parent],
        Letter::OutcomesLetter => &[R::PersonWithParentalResponsibility, R::ReferringProfessional],
        Letter::IrrLevelOneReply | Letter::IrrResubmitWithConsent | Letter::IrrResponse => &[R::RequestingProfessional],
        Letter::OfstedSuitabilityResponse => &[R::Ofsted],
        Letter::EhaNotReceivedLetter | Letter::EhaClosureLetter => &[R::AllocatedAgency],
        Letter::StepDownNoConsentEmail => &[R::SocialWorker],
        Letter::MissingChildNoteCopy => &[R::MissingChildrenWorker],
    }
}

#[cfg(test)]
mod addressed_to_tests {
    use super::*;

    #[test]
    fn every_letter_has_a_main_recipient_and_the_seeds_copies() {
        for l in Letter::ALL {
            assert!(!addressed_to(*l).is_empty(), "{l:?} has no recipient");
        }
        // 004: the outcomes letter goes to those with PR, a copy to a referring professional.
        assert_eq!(addressed_to(Letter::OutcomesLetter), &[RecipientRole::PersonWithParentalResponsibility, RecipientRole::ReferringProfessional]);
        // 001: after an anonymous referral the letter goes to the parent.
        assert_eq!(addressed_to(Letter::AnonymousReferralParentLetter), &[RecipientRole::Parent]);
        // 000: returns to the referrer are copied to the Partner in CASS.
        assert!(addressed_to(Letter::UndertakeEhaRequest).contains(&RecipientRole::PartnerInCass));
    }
}
