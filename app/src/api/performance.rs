//! Service performance for managers (issue 8 point 3): weekly figures for a period and team,
//! bucketed by `domain::performance`, and the contacts behind any week (the drill-down).

use crate::error::AppError;
use domain::performance::{EhaWeek, Week};
use domain::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PerformanceFigures {
    /// "5 October 2026 to 29 November 2026".
    pub period: String,
    /// As the form shows them ("5/10/2026").
    pub from: String,
    pub to: String,
    /// The period's first and last days: a week's drill-down stays inside them, as its figures do.
    pub first_day: chrono::NaiveDate,
    pub last_day: chrono::NaiveDate,
    pub team: String,
    pub teams: Vec<(String, String)>,
    /// `day` or `week`: what each of `weeks` (and `eha_weeks`) covers.
    pub by: String,
    pub weeks: Vec<Week>,
    pub totals: Week,
    /// Series names, in the order of `Week::by_source` and `Week::by_level`.
    pub sources: Vec<String>,
    pub levels: Vec<String>,
    /// The Early Help desk's weeks: EHAs received (step downs among them) and closed by outcome
    /// (step ups first). Empty when the team chosen is not the desk's.
    pub eha_weeks: Vec<EhaWeek>,
    pub eha_totals: EhaWeek,
    /// Series names, in the order of `EhaWeek::by_outcome`.
    pub eha_outcomes: Vec<String>,
    pub eha_shown: bool,
}

/// One EHA behind the Early Help desk's figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PerformanceEha {
    pub contact_id: String,
    pub reference: String,
    pub received: String,
    pub route: String,
    pub closed: String,
    pub outcome: String,
    pub group: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PerformanceOutcome {
    Ready(Box<PerformanceFigures>),
    Refused { errors: Vec<FieldError> },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PerformanceContact {
    pub contact_id: String,
    pub reference: String,
    pub received: String,
    pub source: String,
    pub level: String,
    pub decided_in_time: bool,
    pub referral: bool,
}

/// The weeks (or, with `by=day`, the days) for `from`..`to` (blank: the eight weeks to today)
/// and `team` (blank: all the manager's teams' contacts, that is every contact).
#[server(prefix = "/api", endpoint = "performance/view")]
pub async fn performance_view(
    #[server(default)] from: String,
    #[server(default)] to: String,
    #[server(default)] team: String,
    #[server(default)] by: String,
) -> Result<PerformanceOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(crate::ssr::annex_a::may_export)?.clone();
            let (period, facts) = match imp::facts(&ctx, &from, &to, &team).await? {
                Ok(x) => x,
                Err(errors) => return Ok(PerformanceOutcome::Refused { errors }),
            };
            let bucket = domain::performance::Bucket::from_form(&by);
            let v = domain::performance::check_bucket(bucket, period.from, period.to);
            if !v.is_ok() {
                return Ok(PerformanceOutcome::Refused { errors: v.errors });
            }
            let weeks = domain::performance::bucketed(&facts.iter().map(|(_, f)| f.clone()).collect::<Vec<_>>(), period.from, period.to, bucket);
            let totals = domain::performance::totals(&weeks);
            let eha_shown = imp::desk_shown(&ctx, &team).await?;
            let eha_weeks = if eha_shown {
                let ehas = imp::eha_facts(&ctx, &period).await?;
                domain::performance::eha_bucketed(&ehas.into_iter().map(|(_, f)| f).collect::<Vec<_>>(), period.from, period.to, bucket)
            } else {
                Vec::new()
            };
            let eha_totals = domain::performance::eha_totals(&eha_weeks);
            let shown = |d: chrono::NaiveDate| d.format("%-d/%-m/%Y").to_string();
            Ok(PerformanceOutcome::Ready(Box::new(PerformanceFigures {
                period: format!("{} to {}", domain::display::date(period.from), domain::display::date(period.to)),
                from: shown(period.from),
                to: shown(period.to),
                first_day: period.from,
                last_day: period.to,
                team,
                teams: s.user.teams.iter().map(|t| (t.id.clone(), t.name.clone())).collect(),
                by: bucket.slug().to_string(),
                weeks,
                totals,
                sources: domain::performance::SOURCE_GROUPS.iter().map(|s| s.to_string()).collect(),
                levels: domain::performance::LEVEL_SERIES.iter().map(|(_, l)| l.to_string()).collect(),
                eha_weeks,
                eha_totals,
                eha_outcomes: domain::early_help::OutcomeGroup::ALL.iter().map(|g| g.label().to_string()).collect(),
                eha_shown,
            })))
        }
        .await,
    )
}

/// The contacts behind a figure: those received `from`..`to` (for `team`). Audited as a read of
/// the list, naming how many contacts it showed.
#[server(prefix = "/api", endpoint = "performance/contacts")]
pub async fn performance_contacts(from: String, to: String, #[server(default)] team: String) -> Result<Result<Vec<PerformanceContact>, Vec<FieldError>>, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require(crate::ssr::annex_a::may_export)?;
            let (period, facts) = match imp::facts(&ctx, &from, &to, &team).await? {
                Ok(x) => x,
                Err(errors) => return Ok(Err(errors)),
            };
            let note = format!("Listed the {} contact(s) received {} to {}", facts.len(), period.from, period.to);
            ctx.audit(AuditAction::Read, RecordKind::Report, "performance", &note, None).await?;
            Ok(Ok(facts
                .into_iter()
                .map(|(row, f)| PerformanceContact {
                    decided_in_time: f.first_decided_at.is_some_and(|d| d - f.received_at <= chrono::Duration::hours(domain::performance::DECISION_HOURS)),
                    referral: f.is_referral,
                    level: f.level.as_deref().and_then(domain::rules::Level::from_slug).map(|l| l.label().to_string()).unwrap_or_else(|| "Not yet decided".into()),
                    source: domain::codes::contact_source_label(&f.source).unwrap_or("Unknown").to_string(),
                    received: domain::display::date_time(f.received_at),
                    contact_id: row.contact_id,
                    reference: row.reference,
                })
                .collect()))
        }
        .await,
    )
}

/// The EHAs behind a week of the Early Help desk's figures: received or closed `from`..`to`.
/// Audited as a read of the list.
#[server(prefix = "/api", endpoint = "performance/ehas")]
pub async fn performance_ehas(from: String, to: String) -> Result<Result<Vec<PerformanceEha>, Vec<FieldError>>, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require(crate::ssr::annex_a::may_export)?;
            let period = match domain::annex_a::check_period(&from, &to, crate::ssr::annex_a::today(&ctx)) {
                Ok(p) => p,
                Err(errors) => return Ok(Err(errors)),
            };
            let rows = imp::eha_facts(&ctx, &period).await?;
            let note = format!("Listed the {} EHA(s) received or closed {} to {}", rows.len(), period.from, period.to);
            ctx.audit(AuditAction::Read, RecordKind::Report, "performance", &note, None).await?;
            Ok(Ok(rows
                .into_iter()
                .map(|(r, _)| PerformanceEha {
                    route: domain::rules::eha::EhaSource::from_slug(&r.source).map(domain::early_help::source_label).unwrap_or("Unknown").to_string(),
                    received: domain::display::date_time(r.received_at),
                    closed: r.closed_at.map(domain::display::date_time).unwrap_or_else(|| "Open".into()),
                    group: r.outcome.as_deref().map(|o| domain::early_help::OutcomeGroup::of(o).label().to_string()).unwrap_or_default(),
                    outcome: r.outcome.unwrap_or_default(),
                    contact_id: r.contact_id,
                    reference: r.reference,
                })
                .collect()))
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
mod imp {
    use crate::error::AppError;
    use crate::ssr::Ctx;
    use domain::annex_a::Period;
    use domain::performance::ContactFact;
    use domain::FieldError;

    /// The Early Help desk's figures show for all teams, or for the team holding its Triage worktray.
    pub async fn desk_shown(ctx: &Ctx, team: &str) -> Result<bool, AppError> {
        if team.trim().is_empty() {
            return Ok(true);
        }
        let desk = ctx.state.store.worklist_team("early_help_triage").await.map_err(|e| ctx.internal(e))?;
        Ok(desk.as_deref() == Some(team.trim()))
    }

    /// The EHAs received or closed in the period, with their facts.
    pub async fn eha_facts(ctx: &Ctx, period: &Period) -> Result<Vec<(storage::EhaPerformanceRow, domain::performance::EhaFact)>, AppError> {
        let (start, end) = period.utc_bounds();
        let rows = ctx.state.store.eha_performance_facts(start, end).await.map_err(|e| ctx.internal(e))?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let f = domain::performance::EhaFact { received_at: r.received_at, source: r.source.clone(), closed_at: r.closed_at, outcome: r.outcome.clone() };
                (r, f)
            })
            .collect())
    }

    /// The checked period and each contact's facts; a team must be one of the manager's own.
    pub async fn facts(ctx: &Ctx, from: &str, to: &str, team: &str) -> Result<Result<(Period, Vec<(storage::PerformanceRow, ContactFact)>), Vec<FieldError>>, AppError> {
        let today = crate::ssr::annex_a::today(ctx);
        let period = if from.trim().is_empty() && to.trim().is_empty() {
            Period { from: domain::performance::week_start(today) - chrono::Duration::weeks(7), to: today }
        } else {
            match domain::annex_a::check_period(from, to, today) {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            }
        };
        let s = ctx.staff()?;
        let team = team.trim();
        if !team.is_empty() && !s.user.teams.iter().any(|t| t.id == team) {
            return Ok(Err(vec![FieldError::new("team", "Choose one of your teams")]));
        }
        let (start, end) = period.utc_bounds();
        let rows = ctx.state.store.performance_facts(start, end, (!team.is_empty()).then_some(team)).await.map_err(|e| ctx.internal(e))?;
        Ok(Ok((
            period,
            rows.into_iter()
                .map(|r| {
                    let f = ContactFact {
                        received_at: r.received_at,
                        source: r.source.clone(),
                        level: r.level.clone(),
                        is_referral: r.is_referral,
                        re_referral: r.re_referral,
                        first_decided_at: r.first_decided_at,
                    };
                    (r, f)
                })
                .collect(),
        )))
    }
}
