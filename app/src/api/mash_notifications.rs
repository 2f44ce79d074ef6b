//! MASH notifications at the Early Help desk (seed 003 §8): the MASH Log, recording a
//! notification, the representatives' synopses and chronology, the return to the MASH team, the
//! MASH discussion and the Green-after-MASH log. Every function checks the caller's role with
//! `domain::mash_notifications`, re-runs the shared rules, writes under the version the page read,
//! and audits on the notification and on the child's record when one is linked. Mistakes and
//! refusals a worker can act on are typed values; roles are 403.

use crate::error::AppError;
use domain::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A deadline as the log and the notification show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DueView {
    /// "2 June 2025 at 2:00pm".
    pub when: String,
    /// "due in 3 hours 20 minutes", "overdue by 1 day 2 hours".
    pub text: String,
    /// `red`, `amber` or `green` (`workflow::Rag`).
    pub rag: String,
    /// "Overdue", "Due soon" or "On time": the tag's words.
    pub rag_label: String,
    pub timescale: String,
    pub calendar_version: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogRow {
    pub id: String,
    pub reference: String,
    pub kind_label: String,
    pub priority: String,
    pub priority_label: String,
    pub status_label: String,
    pub child: String,
    pub received: String,
    /// The response clock while the desk is answering; `None` for Green or once returned.
    pub due: Option<DueView>,
    /// "Returned within the timescale" or "Returned late by …".
    pub responded: Option<String>,
}

/// The MASH Log as the Early Help desk monitors it: open notifications Red first, then by due.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MashLogView {
    pub open: Vec<LogRow>,
    /// Finished notifications, newest first.
    pub closed: Vec<LogRow>,
    pub may_record: bool,
}

/// One part of the response as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartView {
    /// `ResponsePart` slug: also the field's id.
    pub part: String,
    pub label: String,
    pub text: String,
    /// "Written by … on …".
    pub written: Option<String>,
    pub may_write: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: String,
    pub reference: String,
    pub kind_label: String,
    pub domestic_abuse: bool,
    pub priority: String,
    pub priority_label: String,
    pub status: String,
    pub status_label: String,
    pub mash_log_reference: String,
    pub child_name: String,
    pub child_date_of_birth: String,
    pub person_id: Option<String>,
    pub person_name: Option<String>,
    pub concern: String,
    pub received: String,
    pub recorded_by: String,
    pub due: Option<DueView>,
    pub responded: Option<String>,
    /// The parts this kind needs, in order.
    pub parts: Vec<PartView>,
    /// Labels of the parts still to write.
    pub missing: Vec<String>,
    pub returned: Option<String>,
    pub rating_after: Option<String>,
    pub rating_after_label: Option<String>,
    pub discussion_outcome: String,
    pub discussed: Option<String>,
    pub logged: Option<String>,
    /// The EHA a Green notification opened on the Early Help desk: `(contact id, reference)`.
    pub eha: Option<(String, String)>,
    pub version: i64,
    /// Today in England, `YYYY-MM-DD`: the log's date field starts at it.
    pub today: String,
    pub may_return: bool,
    pub may_discuss: bool,
    pub may_log: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RecordOutcome {
    Created { id: String, reference: String },
    /// Mistakes against their fields (GOV.UK error summary).
    Invalid { errors: Vec<FieldError> },
}

/// The result of a step on a notification.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum StepOutcome {
    Done { message: String },
    Invalid { errors: Vec<FieldError> },
    /// The notification's kind or status does not allow the step; the message says why.
    Refused { message: String },
    /// Someone changed the notification since the page was loaded: nothing was written.
    Stale { message: String },
}

/// The draft of a notification being recorded (cleared when it is recorded).
pub const NEW_DRAFT_KEY: &str = "mash-new";

/// The draft of everything typed on a notification's page.
pub fn draft_key(id: &str) -> String {
    format!("mash:{id}")
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::ssr::Ctx;
    use chrono::{DateTime, Utc};
    use domain::audit::{AuditAction, RecordKind};
    use domain::mash_notifications as mash;
    use domain::mash_notifications::{NotificationKind, NotificationStatus, PartRefusal, Priority, ResponsePart};
    use domain::rules::{Timescale, WorkingCalendar};
    use storage::MashNotificationRow;

    pub async fn load(ctx: &Ctx, id: &str) -> Result<MashNotificationRow, AppError> {
        ctx.state.store.mash_notification(id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)
    }

    pub fn kind(r: &MashNotificationRow) -> NotificationKind {
        NotificationKind::from_slug(&r.kind).unwrap_or(NotificationKind::RequestForInformation)
    }

    pub fn priority(r: &MashNotificationRow) -> Priority {
        Priority::from_slug(&r.priority).unwrap_or(Priority::Red)
    }

    pub fn status(r: &MashNotificationRow) -> NotificationStatus {
        NotificationStatus::from_slug(&r.status).unwrap_or(NotificationStatus::AwaitingResponses)
    }

    pub fn written(r: &MashNotificationRow) -> mash::Written<'_> {
        mash::Written { tys_synopsis: &r.tys_synopsis, eh_synopsis: &r.eh_synopsis, chronology: &r.chronology }
    }

    pub fn child(r: &MashNotificationRow) -> String {
        r.person_name.clone().unwrap_or_else(|| r.child_name.clone())
    }

    /// Audits on the notification and, when it is linked to a child, on the child's record.
    pub async fn audit(ctx: &Ctx, action: AuditAction, r: &MashNotificationRow, summary: &str) -> Result<(), AppError> {
        ctx.audit(action, RecordKind::MashNotification, &r.id, summary, None).await?;
        if let Some(p) = &r.person_id {
            ctx.audit(action, RecordKind::Person, p, summary, None).await?;
        }
        Ok(())
    }

    /// A role refused on a notification is recorded (so probing is visible), then 403.
    pub async fn forbidden<T>(ctx: &Ctx, r: &MashNotificationRow, what: &str) -> Result<T, AppError> {
        ctx.audit(AuditAction::Refused, RecordKind::MashNotification, &r.id, &format!("Refused: {what} on {}", r.reference), None).await?;
        Err(AppError::Forbidden)
    }

    /// The step's refusal as the page shows it.
    pub async fn refusal(ctx: &Ctx, r: &MashNotificationRow, what: &str, e: PartRefusal) -> Result<StepOutcome, AppError> {
        match e {
            PartRefusal::Role => forbidden(ctx, r, what).await,
            PartRefusal::State(message) => Ok(StepOutcome::Refused { message }),
            PartRefusal::Invalid(v) => Ok(StepOutcome::Invalid { errors: v.errors }),
        }
    }

    pub fn stale() -> StepOutcome {
        StepOutcome::Stale { message: "Someone else changed this notification while you were working on it. Nothing was saved: your text is kept below; check the notification and try again.".into() }
    }

    pub fn due(r: &MashNotificationRow, now: DateTime<Utc>, cal: &WorkingCalendar) -> Option<DueView> {
        let (due_at, slug) = (r.due_at?, r.timescale.as_deref()?);
        if status(r) != NotificationStatus::AwaitingResponses {
            return None;
        }
        let t: Timescale = domain::workflow::from_slug(slug)?;
        let rag = mash::due_state(due_at, t, now, cal);
        Some(DueView {
            when: domain::display::date_time(due_at),
            text: mash::due_text(due_at, now),
            rag: domain::workflow::slug_of(&rag),
            rag_label: rag.label().to_string(),
            timescale: t.label().to_string(),
            calendar_version: r.calendar_version.clone().unwrap_or_default(),
        })
    }

    pub fn responded(r: &MashNotificationRow) -> Option<String> {
        Some(mash::responded_text(r.due_at?, r.returned_at?))
    }

    pub fn by(name: &Option<String>, at: Option<DateTime<Utc>>) -> Option<String> {
        at.map(|at| format!("{} on {}", name.clone().unwrap_or_else(|| "Someone".into()), domain::display::date_time(at)))
    }

    pub fn row(r: &MashNotificationRow, now: DateTime<Utc>, cal: &WorkingCalendar) -> LogRow {
        LogRow {
            id: r.id.clone(),
            reference: r.reference.clone(),
            kind_label: kind(r).label().to_string(),
            priority: r.priority.clone(),
            priority_label: priority(r).label().to_string(),
            status_label: status(r).label().to_string(),
            child: child(r),
            received: domain::display::date_time(r.received_at),
            due: due(r, now, cal),
            responded: responded(r),
        }
    }

    pub fn part_text(r: &MashNotificationRow, p: ResponsePart) -> (&str, Option<String>) {
        match p {
            ResponsePart::TysSynopsis => (&r.tys_synopsis, by(&r.tys_by_name, r.tys_at)),
            ResponsePart::EarlyHelpSynopsis => (&r.eh_synopsis, by(&r.eh_by_name, r.eh_at)),
            ResponsePart::Chronology => (&r.chronology, by(&r.chronology_by_name, r.chronology_at)),
        }
    }

    pub fn storage_part(p: ResponsePart) -> storage::MashPart {
        match p {
            ResponsePart::TysSynopsis => storage::MashPart::TysSynopsis,
            ResponsePart::EarlyHelpSynopsis => storage::MashPart::EarlyHelpSynopsis,
            ResponsePart::Chronology => storage::MashPart::Chronology,
        }
    }
}

/// The MASH Log: open notifications Red first, then by when they are due; the latest finished.
#[server(prefix = "/api", endpoint = "mash/log")]
pub async fn mash_log() -> Result<MashLogView, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::mash_notifications as mash;
    use server::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| mash::may_read(&u.roles))?.clone();
            let cal = crate::ssr::rules::calendar(&ctx).await?;
            let now = ctx.now();
            let store = &ctx.state.store;
            let open_statuses: Vec<&str> = mash::NotificationStatus::ALL.iter().filter(|st| st.is_open()).map(|st| st.slug()).collect();
            let closed_statuses: Vec<&str> = mash::NotificationStatus::ALL.iter().filter(|st| !st.is_open()).map(|st| st.slug()).collect();
            let mut open = store.mash_notifications(&open_statuses, 1000).await.map_err(|e| ctx.internal(e))?;
            // Only notifications still waiting for the desk have a running clock.
            let running = |r: &storage::MashNotificationRow| if status(r) == mash::NotificationStatus::AwaitingResponses { r.due_at } else { None };
            open.sort_by(|a, b| mash::log_order((priority(a), running(a), a.received_at), (priority(b), running(b), b.received_at)));
            let closed = store.mash_notifications(&closed_statuses, 50).await.map_err(|e| ctx.internal(e))?;
            ctx.audit(domain::audit::AuditAction::Read, domain::audit::RecordKind::MashNotification, "log", "Read the MASH Log", None).await?;
            Ok(MashLogView {
                open: open.iter().map(|r| row(r, now, &cal)).collect(),
                closed: closed.iter().map(|r| row(r, now, &cal)).collect(),
                may_record: mash::may_record(&s.user.roles),
            })
        }
        .await,
    )
}

/// One notification, with what the reader may do. Audited as a read of the notification and of
/// the child's record when linked.
#[server(prefix = "/api", endpoint = "mash/get")]
pub async fn mash_get(id: String) -> Result<NotificationView, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::mash_notifications as mash;
    use server::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| mash::may_read(&u.roles))?.clone();
            let r = load(&ctx, &id).await?;
            let cal = crate::ssr::rules::calendar(&ctx).await?;
            let roles = &s.user.roles;
            let (k, st) = (kind(&r), status(&r));
            let parts = k
                .parts_needed()
                .iter()
                .map(|p| {
                    let (text, written) = part_text(&r, *p);
                    PartView {
                        part: p.slug().to_string(),
                        label: p.label().to_string(),
                        text: text.to_string(),
                        written,
                        may_write: mash::may_write(roles, *p) && st == mash::NotificationStatus::AwaitingResponses,
                    }
                })
                .collect();
            let rating_after = r.rating_after.as_deref().and_then(mash::Priority::from_slug);
            let logged = match (r.logged_outcome.as_deref().and_then(mash::LoggedOutcome::from_slug), r.logged_on) {
                (Some(o), Some(on)) => Some(format!("{} on {} (logged by {})", o.label(), domain::display::date(on), r.logged_by_name.clone().unwrap_or_default())),
                _ => None,
            };
            audit(&ctx, AuditAction::Read, &r, &format!("Read MASH notification {}", r.reference)).await?;
            Ok(NotificationView {
                id: r.id.clone(),
                reference: r.reference.clone(),
                kind_label: k.label().to_string(),
                domestic_abuse: k.is_domestic_abuse(),
                priority: r.priority.clone(),
                priority_label: priority(&r).label().to_string(),
                status: r.status.clone(),
                status_label: st.label().to_string(),
                mash_log_reference: r.mash_log_reference.clone(),
                child_name: r.child_name.clone(),
                child_date_of_birth: r.child_date_of_birth.map(domain::display::date).unwrap_or_default(),
                person_id: r.person_id.clone(),
                person_name: r.person_name.clone(),
                concern: r.concern.clone(),
                received: domain::display::date_time(r.received_at),
                recorded_by: by(&r.created_by_name, Some(r.created_at)).unwrap_or_default(),
                due: due(&r, ctx.now(), &cal),
                responded: responded(&r),
                parts,
                missing: mash::missing_parts(k, &written(&r)).iter().map(|p| p.label().to_string()).collect(),
                returned: by(&r.returned_by_name, r.returned_at),
                rating_after: rating_after.map(|p| p.slug().to_string()),
                rating_after_label: rating_after.map(|p| p.label().to_string()),
                discussion_outcome: r.discussion_outcome.clone(),
                discussed: by(&r.discussed_by_name, r.discussed_at),
                logged,
                eha: r.eha_contact_id.clone().zip(r.eha_reference.clone()),
                version: r.version,
                today: domain::rules::uk_local_time(ctx.now()).date().format("%Y-%m-%d").to_string(),
                may_return: mash::may_return(roles, k) && st == mash::NotificationStatus::AwaitingResponses,
                may_discuss: mash::may_record_discussion(roles) && st == mash::NotificationStatus::ReturnedToMash,
                may_log: mash::may_log_outcome(roles) && st == mash::NotificationStatus::GreenAwaitingLog,
            })
        }
        .await,
    )
}

/// The MASH team records a notification from the MASH Log. The response deadline comes from the
/// priority's timescale and the calendar in force, and is stored with the calendar's version.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api", endpoint = "mash/record")]
pub async fn mash_record(
    #[server(default)] kind: String,
    #[server(default)] priority: String,
    #[server(default)] mash_log_reference: String,
    #[server(default)] child_name: String,
    #[server(default)] child_date_of_birth: String,
    #[server(default)] person_id: String,
    #[server(default)] concern: String,
    #[server(default)] received_at: String,
    #[server(default)] consent: String,
) -> Result<RecordOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::mash_notifications as mash;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| mash::may_record(&u.roles))?.clone();
            let now = ctx.now();
            let form = mash::NotificationForm { kind, priority, mash_log_reference, child_name, child_date_of_birth, person_id, concern, received_at, consent };
            let checked = match mash::check_notification(&form, now) {
                Ok(c) => c,
                Err(v) => return Ok(RecordOutcome::Invalid { errors: v.errors }),
            };
            let store = &ctx.state.store;
            let person = match form.person_id.trim() {
                "" => None,
                p => match store.get_person(p).await.map_err(|e| ctx.internal(e))? {
                    Some(p) => Some(p),
                    None => return Ok(RecordOutcome::Invalid { errors: vec![FieldError::new("person_id", "That child is not in the person index: search again or leave the link empty")] }),
                },
            };
            // A Green notification goes on to the Early Help desk as an EHA (§8.1): its intake
            // is checked before anything is written, its mistakes shown against this form.
            let to_desk = (checked.status == mash::NotificationStatus::SentToEarlyHelpDesk).then(|| {
                let linked = person.as_ref().map(|p| mash::LinkedChild {
                    given_name: p.given_name.clone(),
                    family_name: p.family_name.clone(),
                    date_of_birth: p.date_of_birth,
                    address: p.address.clone(),
                    postcode: p.postcode.clone(),
                });
                mash::desk_intake(&form, &checked, linked.as_ref(), &s.user.display_name)
            });
            if let Some(intake) = &to_desk {
                if let Err(errors) = crate::api::early_help::check_eha(&ctx, intake).await? {
                    // The EHA's fields come from this form's: each mistake goes to the field it came from.
                    let field = |f: &str| match f {
                        "source" => "priority",
                        f if f.starts_with("child_date") => "child_date_of_birth",
                        "needs" => "concern",
                        _ => "child_name",
                    };
                    let errors = errors.into_iter().map(|e| FieldError::new(field(&e.field), e.message)).collect();
                    return Ok(RecordOutcome::Invalid { errors });
                }
            }
            let cal = crate::ssr::rules::calendar(&ctx).await?;
            let deadline = mash::response_deadline(checked.priority, checked.received_at, &cal);
            let timescale = deadline.as_ref().map(|(d, _)| domain::workflow::slug_of(&d.timescale));
            for _ in 0..5 {
                let reference = crate::ssr::information_requests::new_reference("MASH");
                let n = storage::NewMashNotification {
                    reference: &reference,
                    kind: checked.kind.slug(),
                    priority: checked.priority.slug(),
                    status: checked.status.slug(),
                    mash_log_reference: form.mash_log_reference.trim(),
                    child_name: form.child_name.trim(),
                    child_date_of_birth: checked.child_date_of_birth,
                    person_id: person.as_ref().map(|p| p.id.as_str()),
                    concern: form.concern.trim(),
                    received_at: checked.received_at,
                    deadline: match (&deadline, &timescale) {
                        (Some((d, due)), Some(t)) => Some((t.as_str(), *due, d.calendar_version.as_str())),
                        _ => None,
                    },
                    created_by: &s.user.id,
                };
                match store.create_mash_notification(n, now).await {
                    Ok(id) => {
                        let summary = format!("Recorded MASH notification {reference} ({}, {})", checked.kind.label(), checked.priority.label());
                        ctx.audit(AuditAction::Create, RecordKind::MashNotification, &id, &summary, None).await?;
                        if let Some(p) = &person {
                            ctx.audit(AuditAction::Update, RecordKind::Person, &p.id, &summary, None).await?;
                        }
                        if let Some(intake) = &to_desk {
                            let logged = match crate::api::early_help::log_eha(&ctx, intake, person.as_ref().map(|p| p.id.as_str()), &s.user.id).await? {
                                Ok(l) => l,
                                Err(errors) => return Err(ctx.internal(format!("EHA from MASH notification {reference} refused after its check: {errors:?}"))),
                            };
                            ctx.state.store.link_mash_eha(&id, &logged.id).await.map_err(|e| ctx.internal(e))?;
                            let summary = format!("Sent MASH notification {reference} on to the Early Help desk as EHA {}", logged.reference);
                            ctx.audit(AuditAction::Update, RecordKind::MashNotification, &id, &summary, None).await?;
                        }
                        crate::api::drafts::clear(&ctx, &s.user.id, NEW_DRAFT_KEY).await?;
                        return Ok(RecordOutcome::Created { id, reference });
                    }
                    // A reference already taken: draw another.
                    Err(storage::StorageError::Conflict(_)) => continue,
                    Err(e) => return Err(ctx.internal(e)),
                }
            }
            Err(ctx.internal("no free MASH reference after five tries"))
        }
        .await,
    )
}

/// A representative writes their part of the agency response (the TYS synopsis; the Early Help
/// synopsis or the chronology), under the version their page read.
#[server(prefix = "/api", endpoint = "mash/write")]
pub async fn mash_write(id: String, #[server(default)] part: String, #[server(default)] text: String, #[server(default)] version: i64) -> Result<StepOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::mash_notifications as mash;
    use server::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| mash::may_read(&u.roles))?.clone();
            let r = load(&ctx, &id).await?;
            let Some(p) = mash::ResponsePart::from_slug(&part) else {
                return Ok(StepOutcome::Invalid { errors: vec![FieldError::new("part", "Choose which part of the response you are writing")] });
            };
            if let Err(e) = mash::check_part(&s.user.roles, kind(&r), status(&r), p, &text) {
                return refusal(&ctx, &r, &format!("write the {}", p.label()), e).await;
            }
            let done = ctx.state.store.write_mash_part(&r.id, storage_part(p), text.trim(), &s.user.id, version, ctx.now()).await.map_err(|e| ctx.internal(e))?;
            if !done {
                return Ok(stale());
            }
            audit(&ctx, AuditAction::Update, &r, &format!("Wrote the {} on MASH notification {}", mash::part_words(p), r.reference)).await?;
            crate::api::drafts::clear(&ctx, &s.user.id, &format!("{}:{}", draft_key(&r.id), p.slug())).await?;
            Ok(StepOutcome::Done { message: format!("The {} is saved.", mash::part_words(p)) })
        }
        .await,
    )
}

/// The record is returned to the MASH team once the response is complete (a request for
/// information: both synopses and the chronology; domestic abuse: the TYS synopsis).
#[server(prefix = "/api", endpoint = "mash/return")]
pub async fn mash_return(id: String, #[server(default)] version: i64) -> Result<StepOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::mash_notifications as mash;
    use server::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| mash::may_read(&u.roles))?.clone();
            let r = load(&ctx, &id).await?;
            if let Err(e) = mash::check_return(&s.user.roles, kind(&r), status(&r), &written(&r)) {
                return refusal(&ctx, &r, "return the record to the MASH team", e).await;
            }
            if !ctx.state.store.return_mash_notification(&r.id, &s.user.id, version, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                return Ok(stale());
            }
            audit(&ctx, AuditAction::Update, &r, &format!("Returned MASH notification {} to the MASH team", r.reference)).await?;
            Ok(StepOutcome::Done { message: "The record is returned to the MASH team.".into() })
        }
        .await,
    )
}

/// The MASH team records the MASH discussion: the RAG rating after it and the outcome. A case
/// rated Green waits for the TYS representative to log it on the Early Help MASH database.
#[server(prefix = "/api", endpoint = "mash/discussion")]
pub async fn mash_discussion(id: String, #[server(default)] rating: String, #[server(default)] discussion_outcome: String, #[server(default)] version: i64) -> Result<StepOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::mash_notifications as mash;
    use server::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| mash::may_read(&u.roles))?.clone();
            let r = load(&ctx, &id).await?;
            let d = match mash::check_discussion(&s.user.roles, status(&r), &rating, &discussion_outcome) {
                Ok(d) => d,
                Err(e) => return refusal(&ctx, &r, "record the MASH discussion", e).await,
            };
            let written = ctx
                .state
                .store
                .record_mash_discussion(&r.id, d.rating.slug(), discussion_outcome.trim(), d.status.slug(), &s.user.id, version, ctx.now())
                .await
                .map_err(|e| ctx.internal(e))?;
            if !written {
                return Ok(stale());
            }
            audit(&ctx, AuditAction::Update, &r, &format!("Recorded the MASH discussion on {}: {} after MASH", r.reference, d.rating.label())).await?;
            crate::api::drafts::clear(&ctx, &s.user.id, &format!("{}:discussion", draft_key(&r.id))).await?;
            let message = if d.rating == mash::Priority::Green {
                "Rated Green after MASH: the TYS representative logs it on the Early Help MASH database."
            } else {
                "The MASH discussion is recorded."
            };
            Ok(StepOutcome::Done { message: message.into() })
        }
        .await,
    )
}

/// The TYS representative logs a case rated Green after MASH on the Early Help MASH database
/// with its outcome and date.
#[server(prefix = "/api", endpoint = "mash/log-outcome")]
pub async fn mash_log_outcome(id: String, #[server(default)] logged_outcome: String, #[server(default)] logged_on: String, #[server(default)] version: i64) -> Result<StepOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::AuditAction;
    use domain::mash_notifications as mash;
    use server::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| mash::may_read(&u.roles))?.clone();
            let r = load(&ctx, &id).await?;
            let (o, on) = match mash::check_log(&s.user.roles, status(&r), &logged_outcome, &logged_on, r.received_at, ctx.now()) {
                Ok(x) => x,
                Err(e) => return refusal(&ctx, &r, "log the outcome on the Early Help MASH database", e).await,
            };
            if !ctx.state.store.log_mash_outcome(&r.id, o.slug(), on, &s.user.id, version, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                return Ok(stale());
            }
            audit(&ctx, AuditAction::Update, &r, &format!("Logged {} on the Early Help MASH database: {} on {}", r.reference, o.label(), domain::display::date(on))).await?;
            crate::api::drafts::clear(&ctx, &s.user.id, &format!("{}:log", draft_key(&r.id))).await?;
            Ok(StepOutcome::Done { message: "The outcome is logged on the Early Help MASH database.".into() })
        }
        .await,
    )
}
