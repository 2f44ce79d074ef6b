//! The Early Help desk on the server (issue 7): turning a desk decision's outcome into stored
//! work (the next item on its worktray with its deadline from the calendar, the episode, the
//! logs), the case notes and letters it names, the daily job (the 7-day letter, the 14-day
//! review, retention) and the reports. `domain::early_help` decides; this module stores.

use super::Ctx;
use crate::error::AppError;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::audit::{AuditAction, RecordKind};
use domain::early_help::{DeskStage, IntakeForm, Report};
use domain::rules::{deadline, uk_local_time, utc_from_uk_local, AddedDay, OfficeHours, Timescale, WorkingCalendar};
use domain::workflow::{rag_at, slug_of, worklist_slug, Rag};
use storage::{DeskItemRow, EhaEpisodeRow, NewWorkItem, Store};

/// The settings an administrator keeps for the desk.
pub const COG_TABLE: &str = "cog_table";
pub const AUTHORITIES: &str = "authorities";

/// The neighbouring authorities seed 003 §6.3 lists, until an administrator saves their own.
pub const DEFAULT_AUTHORITIES: &str = "Birmingham\nWolverhampton\nWalsall\nDudley";

/// A planned desk item: its worktray's team and its deadline.
pub struct Planned {
    pub stage: DeskStage,
    pub team_id: String,
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub calendar_version: String,
    pub timescale: String,
}

impl Planned {
    pub fn item(&self) -> NewWorkItem<'_> {
        NewWorkItem {
            stage: self.stage.slug(),
            worklist: worklist_slug(self.stage.worklist()),
            team_id: Some(&self.team_id),
            assigned_user_id: None,
            timescale: &self.timescale,
            started_at: self.started_at,
            due_at: self.due_at,
            calendar_version: &self.calendar_version,
        }
    }
}

/// When a clock started at `started` runs out, stored in UTC.
pub fn due(t: Timescale, started: DateTime<Utc>, cal: &WorkingCalendar) -> (DateTime<Utc>, String) {
    let d = deadline(t, uk_local_time(started), cal, &OfficeHours::default());
    (utc_from_uk_local(d.due), d.calendar_version)
}

/// The team that works a stage's worktray; `Err` with words for the worker when none is set.
pub async fn plan(store: &Store, stage: DeskStage, started: DateTime<Utc>, clock_from: DateTime<Utc>, cal: &WorkingCalendar) -> Result<Result<Planned, String>, storage::StorageError> {
    let worklist = stage.worklist();
    let Some(team_id) = store.worklist_team(worklist_slug(worklist)).await? else {
        return Ok(Err(format!("No team holds the {} yet: ask an administrator to choose one under Teams.", worklist.label())));
    };
    // A CIN step down waits until its meeting: the meeting is the step's deadline (§4.4).
    let (due_at, calendar_version) = if stage == DeskStage::StepDownMeeting { (clock_from, cal.version.clone()) } else { due(stage.timescale(), clock_from, cal) };
    Ok(Ok(Planned { stage, team_id, started_at: started, due_at, calendar_version, timescale: slug_of(&stage.timescale()) }))
}

/// The EHA as keyed in (absent once destroyed).
pub fn form_of(e: &EhaEpisodeRow) -> Option<IntakeForm> {
    serde_json::from_str(&e.form).ok()
}

/// The settings in force, with the built-in default for the authorities.
pub async fn setting(store: &Store, key: &str) -> Result<(String, i64), storage::StorageError> {
    Ok(match store.eha_setting(key).await? {
        Some(r) => (r.body, r.version),
        None if key == AUTHORITIES => (DEFAULT_AUTHORITIES.to_string(), 0),
        None => (String::new(), 0),
    })
}

/// Red, amber or green for an open desk item.
pub fn rag_of(i: &DeskItemRow, now: DateTime<Utc>, cal: &WorkingCalendar) -> Rag {
    rag_at(i.due_at, domain::workflow::from_slug::<Timescale>(&i.timescale).unwrap_or(Timescale::EhaValidation), now, cal)
}

/// A report's header and rows (on screen and as CSV).
pub struct ReportRows {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

fn date_time(t: DateTime<Utc>) -> String {
    domain::display::date_time(t)
}

/// The desk's reports (seed 003 §1.2, §1.3, §1.8): the log between two days (inclusive), the
/// others as they stand now.
pub async fn report(store: &Store, which: Report, from: NaiveDate, to: NaiveDate, now: DateTime<Utc>) -> Result<ReportRows, storage::StorageError> {
    let items = || async { store.eha_open_items().await };
    let row_of = |i: &DeskItemRow| {
        let form = form_of(&i.episode).unwrap_or_default();
        vec![
            i.episode.reference.clone(),
            format!("{} {}", form.child_given_name, form.child_family_name).trim().to_string(),
            format!("{} ({})", i.episode.referrer_name, i.episode.referrer_organisation),
            i.episode.agency.clone().unwrap_or_default(),
            date_time(i.started_at),
            date_time(i.due_at),
            DeskStage::from_slug(&i.stage).map(|s| s.label().to_string()).unwrap_or_default(),
        ]
    };
    let header = vec!["Reference", "Child", "Referrer", "Agency", "Since", "Due", "Stage"];
    Ok(match which {
        Report::EhaNotReceived => {
            let rows = items().await?.iter().filter(|i| matches!(DeskStage::from_slug(&i.stage), Some(DeskStage::ClosureReview))).map(row_of).collect();
            ReportRows { header, rows }
        }
        Report::ValidationOverdue => {
            let rows = items()
                .await?
                .iter()
                .filter(|i| matches!(DeskStage::from_slug(&i.stage), Some(DeskStage::Validation | DeskStage::ConsentCheck)) && i.due_at <= now)
                .map(row_of)
                .collect();
            ReportRows { header, rows }
        }
        Report::StepDownHandover => {
            let rows = items().await?.iter().filter(|i| matches!(DeskStage::from_slug(&i.stage), Some(DeskStage::StepDownHandover))).map(row_of).collect();
            ReportRows { header, rows }
        }
        Report::Incomplete => {
            let rows = items().await?.iter().filter(|i| matches!(DeskStage::from_slug(&i.stage), Some(DeskStage::Incomplete))).map(row_of).collect();
            ReportRows { header, rows }
        }
        Report::Log => {
            let start = utc_from_uk_local(from.and_hms_opt(0, 0, 0).unwrap_or_default());
            let end = utc_from_uk_local((to + Duration::days(1)).and_hms_opt(0, 0, 0).unwrap_or_default());
            let rows = store
                .eha_log(start, end, 10_000)
                .await?
                .into_iter()
                .map(|l| vec![date_time(l.at), l.reference.unwrap_or_default(), l.kind, l.caller, l.child, l.summary, l.outcome, l.by_name])
                .collect();
            ReportRows { header: vec!["Date", "Reference", "Kind", "Caller or referrer", "Child", "What happened", "Outcome", "By"], rows }
        }
    })
}

/// The daily job (seed 003 §1.8, §1.1.1): an EHA required and not received in 7 days gets the
/// letter to the agency and goes to the coordinator's 14-day closure review; EHAs closed for no
/// consent are destroyed after 30 days. Each step is a conditional update, so when several
/// instances run the job at once each EHA is moved, written to and destroyed exactly once.
/// Returns how many EHAs it chased and destroyed.
pub async fn run_daily(store: &Store, cal: &WorkingCalendar, now: DateTime<Utc>) -> Result<(usize, usize), storage::StorageError> {
    let mut chased = 0;
    for i in store.eha_items_due(DeskStage::AwaitingEha.slug(), now).await? {
        let started = i.started_at;
        let planned = match plan(store, DeskStage::ClosureReview, now, started, cal).await? {
            Ok(p) => p,
            Err(why) => {
                tracing::warn!(reference = %i.episode.reference, "{why}");
                continue;
            }
        };
        let write = storage::DeskWrite {
            contact_id: &i.episode.contact_id,
            expected_version: i.episode.version,
            item_id: &i.item_id,
            complete_item: true,
            closes: None,
            new_items: vec![planned.item()],
            episode: storage::EpisodeChange::default(),
            log: storage::DecisionLog {
                stage: &i.stage,
                worklist: &i.worklist,
                decision: "not_received_in_7_days",
                detail: "",
                reason: "",
                outcome: "The EHA was not received within 7 days: letter to the agency; review for closure at 14 days",
                seed: "003 §1.8",
                decided_by: "",
                decided_at: now,
            },
            desk_log: "EHA not received within 7 days: letter sent to the allocated agency",
        };
        // Another instance moved it first: nothing more to do here.
        if store.apply_desk_decision(write, now).await?.is_none() {
            continue;
        }
        chased += 1;
        if store.mark_eha_chased(&i.episode.contact_id, now).await? {
            let recipient = (!i.episode.referrer_email.trim().is_empty()).then(|| super::letters::Recipient {
                name: if i.episode.referrer_organisation.trim().is_empty() { i.episode.referrer_name.clone() } else { i.episode.referrer_organisation.clone() },
                role: domain::letters::RecipientRole::AllocatedAgency,
                channel: domain::letters::Channel::Email,
                email: i.episode.referrer_email.clone(),
                address: String::new(),
            });
            if let Some(r) = recipient {
                let facts = super::letters::LetterFacts {
                    referrer_name: i.episode.referrer_name.clone(),
                    referrer_organisation: i.episode.referrer_organisation.clone(),
                    outcome: "The Early Help Assessment has not been received within 7 days".into(),
                    worker_name: "The Early Help desk".into(),
                    ..Default::default()
                };
                if let Err(e) = super::letters::issue_with_store(store, "system", &i.episode.contact_id, domain::rules::Letter::EhaNotReceivedLetter, &[r], &facts, "eha-7-days", now).await {
                    tracing::warn!(reference = %i.episode.reference, error = %e, "the 7-day letter could not be queued");
                }
            }
        }
        audit(store, &i.episode.contact_id, "The EHA was not received within 7 days: the letter to the agency was queued and the EHA went to the 14-day closure review", now).await?;
    }
    let mut destroyed = 0;
    for id in store.ehas_to_destroy(now).await? {
        if store.destroy_eha(&id, now).await? {
            destroyed += 1;
            audit(store, &id, "EHA destroyed 30 days after closure for no consent (seed 003 §1.1.1); its content is no longer held", now).await?;
        }
    }
    Ok((chased, destroyed))
}

async fn audit(store: &Store, contact_id: &str, summary: &str, now: DateTime<Utc>) -> Result<(), storage::StorageError> {
    store
        .append_audit(storage::NewAuditEntry {
            at: now,
            user_id: None,
            username: "system",
            roles: "",
            action: AuditAction::Update,
            record_kind: RecordKind::Contact,
            record_id: contact_id,
            summary,
            reason: None,
            ip: "",
            request_id: "early-help-daily-job",
        })
        .await?;
    Ok(())
}

/// Whether the reader may work the desk at all.
pub fn require_reader(ctx: &Ctx) -> Result<&super::SessionInfo, AppError> {
    ctx.require(|u| domain::early_help::may_read(&u.roles))
}

/// A report's period from the form: both days inclusive, at most a year; a week to today when
/// blank.
pub fn report_period(from: &str, to: &str, today: NaiveDate) -> (NaiveDate, NaiveDate, Vec<domain::FieldError>) {
    use domain::early_help::parse_date;
    let mut errors = Vec::new();
    let mut read = |value: &str, field: &str, default: NaiveDate| {
        if value.trim().is_empty() {
            return default;
        }
        parse_date(value).unwrap_or_else(|| {
            errors.push(domain::FieldError::new(field, "Enter the date as day/month/year, like 02/12/2026"));
            default
        })
    };
    let t = read(to, "to", today);
    let f = read(from, "from", t - Duration::days(6));
    if errors.is_empty() && f > t {
        errors.push(domain::FieldError::new("from", "The start of the period must be on or before its end"));
    }
    if errors.is_empty() && t - f > Duration::days(366) {
        errors.push(domain::FieldError::new("from", "Choose a period of a year or less"));
    }
    (f, t, errors)
}

/// The working-day calendar in force, for jobs that run without a request: the built-in bank
/// holidays and the days an administrator added. `None` if the data is unreadable.
pub async fn calendar_of(store: &Store) -> Result<Option<WorkingCalendar>, storage::StorageError> {
    let added: Vec<AddedDay> = store.non_working_days().await?.into_iter().map(|d| AddedDay { date: d.day, title: d.title }).collect();
    Ok(WorkingCalendar::builtin().and_then(|c| c.with_added_days(&added)).ok())
}

/// The CIN meeting of a step down (§4.4) as an instant: the end of the office day in England.
pub fn meeting_time(f: &IntakeForm) -> Option<DateTime<Utc>> {
    let day = domain::early_help::parse_date(&f.cin_meeting_date)?;
    Some(utc_from_uk_local(day.and_time(OfficeHours::default().closes)))
}

/// The opening of the meeting's office day: the handover's 5 working days count from it.
pub fn meeting_start(f: &IntakeForm) -> Option<DateTime<Utc>> {
    let day = domain::early_help::parse_date(&f.cin_meeting_date)?;
    Some(utc_from_uk_local(day.and_time(OfficeHours::default().opens)))
}
