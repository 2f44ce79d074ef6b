//! The CASS inbox: contacts waiting for Business Support, newest first, including every Request
//! for Support made on the public online form. Listing shows only what is needed to recognise a
//! contact; opening one goes through `records/open`, which checks access and audits the read.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxRow {
    pub contact_id: String,
    pub reference: String,
    pub child: String,
    pub summary: String,
    /// "Online form", or empty for contacts made another way.
    pub channel: String,
    pub referrer: String,
    pub suggested_level: String,
    pub consent: String,
    pub immediate_danger: bool,
    pub team: String,
    pub received: String,
}

/// The roles that work the CASS inbox (`domain::inbox::may_work_inbox`).
pub fn may_work_inbox(user: &domain::StaffUser) -> bool {
    domain::inbox::may_work_inbox(&user.roles)
}

#[cfg(feature = "ssr")]
fn consent_label(c: &str) -> &'static str {
    match c {
        "given" => "Given",
        "refused" => "Refused",
        "not_asked" => "Not asked",
        "not_applicable" => "Not applicable (no PR)",
        _ => "",
    }
}

#[server(prefix = "/api", endpoint = "inbox/list")]
pub async fn inbox_list() -> Result<Vec<InboxRow>, AppError> {
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require(may_work_inbox)?;
            let items = ctx.state.store.inbox(500).await.map_err(|e| ctx.internal(e))?;
            Ok(items
                .into_iter()
                .map(|i| {
                    let referrer = match (i.referrer_kind.as_deref(), i.referrer_name.as_deref(), i.referrer_organisation.as_deref()) {
                        (Some("professional"), name, org) => format!("{} ({})", name.unwrap_or(""), org.unwrap_or("")).trim().to_string(),
                        (Some(_), Some(name), _) if !name.trim().is_empty() => format!("{name} (member of the public)"),
                        (Some(_), _, _) => "A member of the public".to_string(),
                        (None, ..) => String::new(),
                    };
                    InboxRow {
                        contact_id: i.contact_id,
                        reference: i.reference,
                        child: i.person_name,
                        summary: i.summary,
                        channel: if i.channel.as_deref() == Some(storage::ONLINE_FORM_CHANNEL) { "Online form".into() } else { String::new() },
                        referrer,
                        suggested_level: i
                            .suggested_level
                            .as_deref()
                            .and_then(domain::rules::Level::from_slug)
                            .map(|l| l.label().to_string())
                            .unwrap_or_default(),
                        consent: consent_label(i.consent.as_deref().unwrap_or("")).to_string(),
                        immediate_danger: i.immediate_danger,
                        team: i.team_name.unwrap_or_default(),
                        received: domain::display::date_time(i.received_at),
                    }
                })
                .collect())
        }
        .await,
    )
}

// --- E-mails in the inbox and the Business Support filter (seed 000) ---

/// One line of the inbox: an e-mail, or a Request for Support from the online form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxEntry {
    /// `email`/`upload` items open on `/staff/inbox/<id>`; online requests on their contact.
    pub source: String,
    pub source_label: String,
    pub href: String,
    pub from: String,
    pub subject: String,
    /// The child the request names (online requests); empty until an e-mail is filtered.
    pub child: String,
    pub status: String,
    pub status_label: String,
    pub held_by: Option<String>,
    pub received: String,
    #[serde(skip)]
    pub received_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttachmentView {
    pub id: String,
    pub file_name: String,
    pub content_type: String,
    pub size: String,
    pub scan: String,
}

/// Everything the item page shows, and what the reader may do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxItemView {
    pub id: String,
    pub source_label: String,
    pub from: String,
    pub subject: String,
    pub sent: String,
    pub received: String,
    pub body: String,
    pub status: String,
    pub status_label: String,
    pub open: bool,
    pub held_by: Option<String>,
    pub held_by_me: bool,
    /// The filter step the holder decides at.
    pub step: domain::inbox::FilterStep,
    /// The reader may take it (open, nobody holds it, and their roles fit the step).
    pub may_take: bool,
    pub decision: String,
    pub decided_by: Option<String>,
    pub contact_id: Option<String>,
    pub contact_reference: Option<String>,
    /// An online Request for Support: its contact waits (status `inbox`) until the filter decides.
    pub online: bool,
    /// The filter opened a contact from it (a new one for an e-mail, the waiting one for an
    /// online request).
    pub contact_opened: bool,
    /// The children the item already names (an online request's child), chosen to begin with.
    pub children: Vec<PersonChoice>,
    pub attachments: Vec<AttachmentView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TakeOutcome {
    Taken,
    /// Someone else holds it, or it was decided, in the meantime.
    NotAvailable,
}

/// What the worker chose on the item page (JSON, or the form's fields).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DecideForm {
    pub item_id: String,
    /// `redirect`, `signpost`, `create_contact`, `send_for_review`, `no_contact`.
    pub choice: String,
    #[serde(default)]
    pub worker: String,
    #[serde(default)]
    pub reply: String,
    #[serde(default)]
    pub reason: String,
    /// As the case system shows it: a child's case is open with an allocated worker.
    #[serde(default)]
    pub case_open: bool,
    /// Person ids of the children (siblings grouped), chosen with `ChosenChildren`.
    #[serde(default)]
    pub children: Vec<String>,
}

impl DecideForm {
    /// The domain's choice, or the error for an unknown one.
    pub fn to_choice(&self) -> Result<domain::inbox::FilterChoice, domain::Validation> {
        use domain::inbox::FilterChoice as C;
        Ok(match self.choice.as_str() {
            "redirect" => C::Redirect { worker: self.worker.clone() },
            "signpost" => C::Signpost { reply: self.reply.clone() },
            "create_contact" => C::CreateContact,
            "send_for_review" => C::SendForReview,
            "no_contact" => C::NoContact { reason: self.reason.clone() },
            "send_to_early_help_desk" => C::SendToEarlyHelpDesk,
            _ => {
                let mut v = domain::Validation::new();
                v.add("choice", "Choose what happens to this e-mail");
                return Err(v);
            }
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DecideOutcome {
    Done { status: String, contact_id: Option<String> },
    Refused { errors: Vec<domain::FieldError> },
    /// Someone else decided, or the reader no longer holds the item.
    Stale,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonChoice {
    pub id: String,
    pub name: String,
    pub date_of_birth: String,
}

#[cfg(feature = "ssr")]
fn step_of(status: &str) -> domain::inbox::FilterStep {
    if status == domain::workflow::slug_of(&domain::inbox::InboxStatus::AwaitingReview) {
        domain::inbox::FilterStep::Review
    } else {
        domain::inbox::FilterStep::Filter
    }
}

#[cfg(feature = "ssr")]
fn status_of(slug: &str) -> Option<domain::inbox::InboxStatus> {
    domain::workflow::from_slug(slug)
}

/// E-mails and online requests together, newest first.
#[server(prefix = "/api", endpoint = "inbox/items")]
pub async fn inbox_items() -> Result<Vec<InboxEntry>, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::inbox::InboxSource;
    use domain::workflow::{from_slug, slug_of};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require(may_work_inbox)?;
            let store = &ctx.state.store;
            // Online Requests for Support are inbox items too, pointing at their waiting contact.
            let mails = store.inbox_mail(500).await.map_err(|e| ctx.internal(e))?;
            let mut rows: Vec<InboxEntry> = mails
                .into_iter()
                .map(|m| InboxEntry {
                    source_label: from_slug::<InboxSource>(&m.source).map(|s| s.label().to_string()).unwrap_or_default(),
                    href: format!("/staff/inbox/{}", m.id),
                    from: m.from_address,
                    subject: m.subject,
                    child: if m.source == slug_of(&InboxSource::OnlineForm) { m.contact_person_name.unwrap_or_default() } else { String::new() },
                    source: m.source,
                    status_label: status_of(&m.status).map(|s| s.label().to_string()).unwrap_or_default(),
                    status: m.status,
                    held_by: m.claimed_by_name,
                    received: domain::display::date_time(m.received_at),
                    received_at: Some(m.received_at),
                })
                .collect();
            rows.sort_by_key(|r| std::cmp::Reverse(r.received_at));
            Ok(rows)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
async fn load_item(ctx: &crate::ssr::Ctx, id: &str) -> Result<storage::InboxMailRow, AppError> {
    ctx.state.store.get_inbox_mail(id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)
}

/// One e-mail with its attachments. Audited as a read.
#[server(prefix = "/api", endpoint = "inbox/item")]
pub async fn inbox_item(id: String) -> Result<InboxItemView, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::inbox::{may_review, FilterStep, InboxSource};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(may_work_inbox)?.clone();
            let m = load_item(&ctx, &id).await?;
            let atts = ctx.state.store.inbox_attachments(&id).await.map_err(|e| ctx.internal(e))?;
            ctx.audit(AuditAction::Read, RecordKind::InboxItem, &id, &format!("Read inbox e-mail \"{}\"", m.subject), None).await?;
            let status = status_of(&m.status);
            let open = status.is_some_and(|s| s.is_open());
            let step = step_of(&m.status);
            let fits = step == FilterStep::Filter || may_review(&s.user.roles);
            Ok(InboxItemView {
                source_label: domain::workflow::from_slug::<InboxSource>(&m.source).map(|x| x.label().to_string()).unwrap_or_default(),
                from: m.from_address,
                subject: m.subject,
                sent: m.sent_at.map(domain::display::date_time).unwrap_or_default(),
                received: domain::display::date_time(m.received_at),
                body: m.text_body,
                status_label: status.map(|s| s.label().to_string()).unwrap_or_default(),
                status: m.status,
                open,
                held_by_me: m.claimed_by.as_deref() == Some(s.user.id.as_str()),
                may_take: open && m.claimed_by.is_none() && fits,
                held_by: m.claimed_by_name,
                step,
                decision: m.decision_detail,
                decided_by: m.decided_by_name,
                online: m.source == domain::workflow::slug_of(&InboxSource::OnlineForm),
                contact_opened: m.contact_id.is_some() && m.contact_status.as_deref() != Some(storage::INBOX_STATUS)
                    && m.decision.as_deref() == Some("create_contact"),
                children: match (m.contact_person_id, m.contact_person_name) {
                    (Some(id), Some(name)) => vec![PersonChoice { id, name, date_of_birth: m.contact_person_dob.unwrap_or_default() }],
                    _ => Vec::new(),
                },
                contact_id: m.contact_id,
                contact_reference: m.contact_reference,
                attachments: atts
                    .into_iter()
                    .map(|a| AttachmentView {
                        file_name: a.file_name,
                        content_type: a.content_type,
                        size: format!("{:.1} KB", a.size_bytes as f64 / 1024.0),
                        scan: match a.scan_status.as_str() {
                            "clean" => "Scanned: clean".into(),
                            "infected" => "Scanned: infected — do not open".into(),
                            _ => "Not scanned".into(),
                        },
                        id: a.id,
                    })
                    .collect(),
                id: m.id,
            })
        }
        .await,
    )
}

/// Takes an e-mail to work on it; only one person holds it.
#[server(prefix = "/api", endpoint = "inbox/take")]
pub async fn inbox_take(id: String) -> Result<TakeOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::inbox::{may_review, FilterStep, InboxStatus};
    use domain::workflow::slug_of;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(may_work_inbox)?.clone();
            let m = load_item(&ctx, &id).await?;
            if step_of(&m.status) == FilterStep::Review && !may_review(&s.user.roles) {
                ctx.audit(AuditAction::Refused, RecordKind::InboxItem, &id, "Only an RAO or TM/SP takes a review", None).await?;
                return Err(AppError::Forbidden);
            }
            let open = [slug_of(&InboxStatus::New), slug_of(&InboxStatus::AwaitingReview)];
            let open: Vec<&str> = open.iter().map(String::as_str).collect();
            let won = ctx.state.store.claim_inbox_mail(&id, &s.user.id, &open, ctx.now()).await.map_err(|e| ctx.internal(e))?;
            if !won {
                return Ok(TakeOutcome::NotAvailable);
            }
            ctx.audit(AuditAction::Update, RecordKind::InboxItem, &id, "Took the inbox e-mail", None).await?;
            Ok(TakeOutcome::Taken)
        }
        .await,
    )
}

/// Gives an e-mail back to the inbox.
#[server(prefix = "/api", endpoint = "inbox/release")]
pub async fn inbox_release(id: String) -> Result<bool, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(may_work_inbox)?.clone();
            let released = ctx.state.store.release_inbox_mail(&id, &s.user.id).await.map_err(|e| ctx.internal(e))?;
            if released {
                ctx.audit(AuditAction::Update, RecordKind::InboxItem, &id, "Released the inbox e-mail", None).await?;
            }
            Ok(released)
        }
        .await,
    )
}

/// People whose name contains what was typed, to choose the children an e-mail is about.
#[server(prefix = "/api", endpoint = "inbox/people")]
pub async fn inbox_people(q: String) -> Result<Vec<PersonChoice>, AppError> {
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require(may_work_inbox)?;
            if q.trim().chars().count() < 2 {
                return Ok(Vec::new());
            }
            let found = ctx.state.store.people_named(&q, 20).await.map_err(|e| ctx.internal(e))?;
            Ok(found.into_iter().map(|(id, name, dob)| PersonChoice { id, name, date_of_birth: dob.unwrap_or_default() }).collect())
        }
        .await,
    )
}

/// The filter decision: runs `domain::inbox::filter` again with the facts the server looks up
/// (each child's contacts in the last 4 weeks), then stores the decision with the contact (at
/// Initial analysis on the TM/SP worklist) or the RAO review item it creates.
#[server(prefix = "/api", endpoint = "inbox/decide", input = leptos::server_fn::codec::Json)]
pub async fn inbox_decide(form: DecideForm) -> Result<DecideOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::inbox::{may_review, FilterStep};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(may_work_inbox)?.clone();
            let m = load_item(&ctx, &form.item_id).await?;
            let step = step_of(&m.status);
            if step == FilterStep::Review && !may_review(&s.user.roles) {
                ctx.audit(AuditAction::Refused, RecordKind::InboxItem, &m.id, "Only an RAO or TM/SP decides a review", None).await?;
                return Err(AppError::Forbidden);
            }
            if m.claimed_by.as_deref() != Some(s.user.id.as_str()) {
                return Ok(DecideOutcome::Stale);
            }
            let choice = match form.to_choice() {
                Ok(c) => c,
                Err(v) => return Ok(DecideOutcome::Refused { errors: v.errors }),
            };
            let facts = match crate::ssr::inbox_decide::child_facts(&ctx, &form.children, form.case_open).await? {
                Ok(f) => f,
                Err(errors) => return Ok(DecideOutcome::Refused { errors }),
            };
            let outcome = match domain::inbox::filter(step, &choice, &facts) {
                Ok(o) => o,
                Err(v) => return Ok(DecideOutcome::Refused { errors: v.errors }),
            };
            let decided = crate::ssr::inbox_decide::store(&ctx, &m, step, &choice, &outcome, &s.user.id).await?;
            if matches!(decided, DecideOutcome::Done { .. }) {
                crate::api::drafts::clear(&ctx, &s.user.id, &inbox_draft_key(&m.id)).await?;
            }
            Ok(decided)
        }
        .await,
    )
}

/// The draft of a decision being made on an inbox item (issue 9 point 1); cleared when it is saved.
pub fn inbox_draft_key(item_id: &str) -> String {
    format!("inbox:{item_id}")
}
