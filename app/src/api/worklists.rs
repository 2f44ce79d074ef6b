//! Worklists (issue 5 point 5): the work a person holds, the work waiting on the worklists their
//! roles take from in their teams, and for managers every open item in their teams with counts
//! per worklist and per person. Every item shows its stored deadline and red/amber/green state.

use crate::error::AppError;
use domain::workflow::Rag;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkRow {
    pub item_id: String,
    /// The contact, or for an inbox review the e-mail, the item is about.
    pub contact_id: String,
    /// Where the item is worked: the contact's page or the inbox e-mail's.
    pub href: String,
    pub reference: String,
    pub children: Vec<String>,
    pub summary: String,
    pub stage: String,
    pub worklist: String,
    pub team: String,
    pub holder: Option<String>,
    pub due: String,
    /// The stored deadline in Unix milliseconds, for the live clock.
    pub due_ms: i64,
    pub rag: Rag,
    pub channel: String,
    pub level: Option<String>,
    /// Repeat concern, referral in the last 12 months, referral.
    pub flags: Vec<String>,
    pub version: i64,
}

/// A deadline that is not a work item: a MASH request for information waiting for the desk's
/// response (Red 4 hours, Amber 72 hours) or a missing child's return interview (72 hours). No
/// child is named here: the link opens the notification or the record, which check access.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OtherClock {
    /// "MASH request (Red)", "Return interview".
    pub what: String,
    pub reference: String,
    pub href: String,
    pub due: String,
    pub due_ms: i64,
    pub rag: Rag,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorklistSection {
    pub title: String,
    pub team: String,
    pub rows: Vec<WorkRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountRow {
    pub worklist: String,
    pub team: String,
    pub holder: String,
    pub open: i64,
    pub overdue: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    pub name: String,
    /// Worklist slugs this person's roles take work from.
    pub worklists: Vec<String>,
    pub team_ids: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorklistsView {
    pub mine: Vec<WorkRow>,
    pub pools: Vec<WorklistSection>,
    /// Managers: every open item in their teams, and counts.
    pub team: Vec<WorkRow>,
    pub counts: Vec<CountRow>,
    pub can_reassign: bool,
    /// Managers: the people they may give work to.
    pub members: Vec<Member>,
    /// Managers: the MASH requests and return interviews their roles see, soonest due first.
    #[serde(default)]
    pub clocks: Vec<OtherClock>,
}

/// How many rows each list shows; counts cover everything.
pub const LIST_LIMIT: i64 = 200;

#[server(prefix = "/api", endpoint = "worklists/view")]
pub async fn worklists() -> Result<WorklistsView, AppError> {
    use crate::ssr::{respond, rules, Ctx};
    use domain::roles::RoleSet;
    use domain::workflow::{may_reassign, may_work, worklist_slug};
    use storage::WorklistScope;

    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.staff()?.clone();
            if !s.user.can_open_case_records() {
                return Err(AppError::Forbidden);
            }
            let store = &ctx.state.store;
            let rules = rules::in_force(&ctx).await?;
            let now = ctx.now();
            let to_row = |r: storage::WorklistRow| row(r, now, &rules.calendar);
            let team_ids: Vec<String> = s.user.teams.iter().map(|t| t.id.clone()).collect();
            let worklists: Vec<String> = domain::rules::Worklist::ALL
                .iter()
                .filter(|w| may_work(&s.user.roles, **w))
                .map(|w| worklist_slug(*w).to_string())
                .collect();
            let mine: Vec<WorkRow> = store
                .worklist_rows(WorklistScope::AssignedTo(&s.user.id), LIST_LIMIT)
                .await
                .map_err(|e| ctx.internal(e))?
                .into_iter()
                .map(to_row)
                .collect();
            let waiting = store
                .worklist_rows(WorklistScope::Unclaimed { team_ids: &team_ids, worklists: &worklists }, LIST_LIMIT)
                .await
                .map_err(|e| ctx.internal(e))?;
            let mut pools: Vec<WorklistSection> = Vec::new();
            for r in waiting.into_iter().map(to_row) {
                match pools.iter_mut().find(|p| p.title == r.worklist && p.team == r.team) {
                    Some(p) => p.rows.push(r),
                    None => pools.push(WorklistSection { title: r.worklist.clone(), team: r.team.clone(), rows: vec![r] }),
                }
            }
            let can_reassign = may_reassign(&s.user.roles);
            let (team, counts, members) = if can_reassign {
                let team: Vec<WorkRow> = store
                    .worklist_rows(WorklistScope::Teams(&team_ids), LIST_LIMIT)
                    .await
                    .map_err(|e| ctx.internal(e))?
                    .into_iter()
                    .map(to_row)
                    .collect();
                let counts = store
                    .worklist_counts(&team_ids, now)
                    .await
                    .map_err(|e| ctx.internal(e))?
                    .into_iter()
                    .map(|c| CountRow {
                        worklist: domain::workflow::worklist_from_slug(&c.worklist).map(domain::workflow::worklist_short_name).unwrap_or("Other").to_string(),
                        team: c.team_name.unwrap_or_default(),
                        holder: c.assigned_name.unwrap_or_else(|| "Not yet claimed".into()),
                        open: c.open,
                        overdue: c.overdue,
                    })
                    .collect();
                let members = store
                    .list_users()
                    .await
                    .map_err(|e| ctx.internal(e))?
                    .into_iter()
                    .filter(|u| u.active && u.teams.iter().any(|t| team_ids.contains(&t.id)))
                    .map(|u| Member {
                        worklists: domain::rules::Worklist::ALL.iter().filter(|w| may_work(&u.roles, **w)).map(|w| worklist_slug(*w).to_string()).collect(),
                        team_ids: u.teams.iter().map(|t| t.id.clone()).collect(),
                        id: u.id,
                        name: u.display_name,
                    })
                    .collect();
                (team, counts, members)
            } else {
                (Vec::new(), Vec::new(), Vec::new())
            };
            let clocks = if can_reassign { other_clocks(&ctx, &s.user.roles, &rules.calendar).await? } else { Vec::new() };
            Ok(WorklistsView { mine, pools, team, counts, can_reassign, members, clocks })
        }
        .await,
    )
}

/// The same lists, fetched by the page itself (a live change, the minute's refresh): not counted
/// as activity by the session middleware, so an open worklists page still times out.
#[server(prefix = "/api", endpoint = "worklists/refresh")]
pub async fn worklists_refresh() -> Result<WorklistsView, AppError> {
    worklists().await
}

/// The clocks outside the worklists a manager's roles may see: MASH requests still waiting for
/// the desk's response (the MASH Log's readers) and return interviews due (the Early Help desk's).
#[cfg(feature = "ssr")]
async fn other_clocks(ctx: &crate::ssr::Ctx, roles: &[domain::Role], cal: &domain::rules::WorkingCalendar) -> Result<Vec<OtherClock>, AppError> {
    use domain::mash_notifications as mash;
    use domain::rules::Timescale;
    let store = &ctx.state.store;
    let now = ctx.now();
    let mut out = Vec::new();
    if mash::may_read(roles) {
        for r in store.mash_notifications(&[mash::NotificationStatus::AwaitingResponses.slug()], LIST_LIMIT).await.map_err(|e| ctx.internal(e))? {
            let (Some(due), Some(t)) = (r.due_at, r.timescale.as_deref().and_then(domain::workflow::from_slug::<Timescale>)) else { continue };
            let priority = mash::Priority::from_slug(&r.priority).map(|p| p.label()).unwrap_or("");
            out.push(OtherClock {
                what: format!("MASH request ({priority})"),
                reference: r.reference.clone(),
                href: format!("/staff/mash-log/{}", r.id),
                due: domain::display::date_time(due),
                due_ms: due.timestamp_millis(),
                rag: mash::due_state(due, t, now, cal),
            });
        }
    }
    if domain::early_help::may_read(roles) {
        for r in store.return_interviews_in(domain::missing::InterviewStatus::Due.slug(), LIST_LIMIT).await.map_err(|e| ctx.internal(e))? {
            out.push(OtherClock {
                what: "Return interview".into(),
                reference: "Missing child returned".into(),
                href: format!("/staff/people/{}#return-interviews", r.person_id),
                due: domain::display::date_time(r.due_at),
                due_ms: r.due_at.timestamp_millis(),
                rag: domain::missing::due_state(r.due_at, now, cal),
            });
        }
    }
    out.sort_by_key(|c| c.due_ms);
    Ok(out)
}

#[cfg(feature = "ssr")]
fn row(r: storage::WorklistRow, now: chrono::DateTime<chrono::Utc>, cal: &domain::rules::WorkingCalendar) -> WorkRow {
    use domain::rules::{ContactChannel, Level, Timescale};
    use domain::workflow::{from_slug, rag_at, worklist_from_slug, worklist_short_name};
    let timescale: Timescale = from_slug(&r.item.timescale).unwrap_or(Timescale::ContactInitialResponse);
    let mut flags = Vec::new();
    if r.repeat_within_7_days {
        flags.push("Repeat within 7 days".to_string());
    }
    if r.referral_within_12_months {
        flags.push("Referral in last 12 months".to_string());
    }
    if r.is_referral {
        flags.push("Referral".to_string());
    }
    let inbox = r.item.subject_kind == storage::INBOX_ITEM_SUBJECT;
    let (href, reference) = if inbox {
        (format!("/staff/inbox/{}", r.item.subject_id), "Inbox e-mail".to_string())
    } else if r.channel == domain::early_help::CHANNEL {
        // An EHA is worked on the Early Help desk's page, where its steps are decided.
        (format!("/staff/early-help/{}", r.item.subject_id), r.reference)
    } else {
        (format!("/staff/contacts/{}", r.item.subject_id), r.reference)
    };
    let channel = match (inbox, from_slug::<ContactChannel>(&r.channel), from_slug::<domain::inbox::InboxSource>(&r.channel)) {
        (false, Some(c), _) => c.label().to_string(),
        (true, _, Some(s)) => s.label().to_string(),
        _ => r.channel,
    };
    WorkRow {
        item_id: r.item.id.clone(),
        contact_id: r.item.subject_id.clone(),
        href,
        reference,
        children: r.children,
        summary: r.summary,
        stage: domain::workflow::stage_label(&r.item.stage),
        worklist: worklist_from_slug(&r.item.worklist).map(worklist_short_name).unwrap_or("Other").to_string(),
        team: r.item.team_name.clone().unwrap_or_default(),
        holder: r.item.assigned_name.clone(),
        due: domain::display::date_time(r.item.due_at),
        due_ms: r.item.due_at.timestamp_millis(),
        rag: rag_at(r.item.due_at, timescale, now, cal),
        channel,
        level: r.level.as_deref().and_then(Level::from_slug).map(|l| l.label().to_string()),
        flags,
        version: r.item.version,
    }
}

/// One worklist and the team that holds it (administration).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorklistTeamRow {
    pub worklist: String,
    pub label: String,
    pub roles: String,
    pub team_id: Option<String>,
}

/// Every worklist the front door routes to, with the team that holds it. Administrators only.
#[server(prefix = "/api", endpoint = "admin/worklist_teams")]
pub async fn worklist_teams() -> Result<Vec<WorklistTeamRow>, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::workflow::{worklist_roles, worklist_slug};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require_admin()?;
            let set = ctx.state.store.worklist_teams().await.map_err(|e| ctx.internal(e))?;
            Ok(domain::rules::Worklist::ALL
                .iter()
                .map(|w| {
                    let slug = worklist_slug(*w);
                    WorklistTeamRow {
                        worklist: slug.to_string(),
                        label: w.label().to_string(),
                        roles: worklist_roles(*w).iter().map(|r| r.label()).collect::<Vec<_>>().join(", "),
                        team_id: set.iter().find(|(l, _)| l == slug).map(|(_, t)| t.clone()),
                    }
                })
                .collect())
        }
        .await,
    )
}

/// Says which team holds a worklist. New work goes there; work already waiting stays put.
#[server(prefix = "/api", endpoint = "admin/set_worklist_team")]
pub async fn set_worklist_team(worklist: String, team_id: String) -> Result<bool, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require_admin()?.clone();
            if domain::workflow::worklist_from_slug(&worklist).is_none() {
                return Err(AppError::NotFound);
            }
            let store = &ctx.state.store;
            if !store.list_teams().await.map_err(|e| ctx.internal(e))?.iter().any(|t| t.id == team_id && t.active) {
                return Ok(false);
            }
            store.set_worklist_team(&worklist, &team_id, &s.user.id, ctx.now()).await.map_err(|e| ctx.internal(e))?;
            ctx.audit(AuditAction::Update, RecordKind::Team, &team_id, &format!("Now holds the {worklist} worklist"), None).await?;
            Ok(true)
        }
        .await,
    )
}
