//! The Early Help MASH desk (seed 003 §1–§6, issue 7): the worktrays, logging an EHA from every
//! route and a direct phone call, one EHA with its steps, the desk's decisions, CIN codes, the
//! Welfare Rights referral, the reports and the administrator's COG table and authorities.
//! Every function checks the caller's role, re-runs `domain::early_help` on its arguments and
//! audits on the EHA (a contact) and its child. Refusals a worker can act on are typed values.

use crate::error::AppError;
use domain::early_help::{DecisionForm, IntakeForm, TriageChecklist};
use domain::workflow::Rag;
use domain::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskRow {
    pub id: String,
    pub reference: String,
    pub child: String,
    pub stage: String,
    pub priority: String,
    pub source: String,
    pub received: String,
    pub due: String,
    pub rag: Rag,
    pub held_by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tray {
    pub title: String,
    pub rows: Vec<DeskRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClosedRow {
    pub id: String,
    pub reference: String,
    pub child: String,
    pub outcome: String,
    pub closed: String,
    pub destroyed: bool,
}

/// The desk's page: its two worktrays and what closed lately.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskView {
    pub trays: Vec<Tray>,
    pub closed: Vec<ClosedRow>,
    pub may_log: bool,
    pub may_configure: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepView {
    pub item_id: String,
    pub stage: String,
    pub stage_label: String,
    pub worktray: String,
    pub due: String,
    pub rag: Rag,
    pub may_decide: bool,
    pub decisions: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogLine {
    pub at: String,
    pub by: String,
    pub summary: String,
    pub outcome: String,
}

/// One EHA as the desk sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EpisodeView {
    pub id: String,
    pub reference: String,
    pub open: bool,
    pub outcome: Option<String>,
    pub received: String,
    pub closed: Option<String>,
    pub source: String,
    pub priority: Option<String>,
    pub referrer: String,
    /// `None` once destroyed (seed 003 §1.1.1).
    pub form: Option<IntakeForm>,
    pub destroyed: Option<String>,
    pub destroy_after: Option<String>,
    pub missing: Vec<String>,
    pub checklist: Option<TriageChecklist>,
    pub cin_primary: Option<String>,
    pub cin_secondary: Option<String>,
    pub closure_reason: Option<String>,
    pub final_level: Option<String>,
    pub agency: Option<String>,
    pub escalation: Option<String>,
    pub steps: Vec<StepView>,
    pub version: i64,
    pub log: Vec<LogLine>,
    pub letters: Vec<LogLine>,
    /// The COG team the child's postcode finds (§1.7), and every team in the table.
    pub cog_suggestion: Option<String>,
    pub cog_teams: Vec<String>,
    pub authorities: Vec<String>,
    pub may_set_cin: bool,
    pub may_edit: bool,
    pub framework_version: String,
    pub calendar_version: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum DeskOutcome {
    Done { id: String, message: String },
    Refused { errors: Vec<FieldError> },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportView {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub from: String,
    pub to: String,
    pub errors: Vec<FieldError>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SettingsView {
    pub cog_table: String,
    pub cog_version: i64,
    pub authorities: String,
    pub authorities_version: i64,
}

/// The draft keys of the desk's forms.
pub fn intake_draft_key() -> String {
    "eha-intake".to_string()
}
pub fn decision_draft_key(item_id: &str) -> String {
    format!("eha-decision:{item_id}")
}

#[cfg(feature = "ssr")]
fn refused(v: domain::Validation) -> DeskOutcome {
    DeskOutcome::Refused { errors: v.errors }
}

#[cfg(feature = "ssr")]
fn child_name(f: &IntakeForm) -> String {
    format!("{} {}", f.child_given_name.trim(), f.child_family_name.trim()).trim().to_string()
}

/// The desk's worktrays (Triage for the Senior Early Help Coordinator, Triage Support for
/// Business Support), soonest due first, and the EHAs closed lately.
#[server(prefix = "/api", endpoint = "eha/desk")]
pub async fn eha_desk() -> Result<DeskView, AppError> {
    use crate::ssr::early_help::{form_of, rag_of, require_reader};
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::early_help::{may_log, priority_label, source_label, DeskStage};
    use domain::rules::Worklist;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = require_reader(&ctx)?.clone();
            let store = &ctx.state.store;
            let rules = crate::ssr::rules::in_force(&ctx).await?;
            let now = ctx.now();
            let items = store.eha_open_items().await.map_err(|e| ctx.internal(e))?;
            let mut trays = Vec::new();
            for w in [Worklist::EarlyHelpTriage, Worklist::EarlyHelpTriageSupport] {
                let rows = items
                    .iter()
                    .filter(|i| i.worklist == domain::workflow::worklist_slug(w))
                    .map(|i| {
                        let form = form_of(&i.episode).unwrap_or_default();
                        DeskRow {
                            id: i.episode.contact_id.clone(),
                            reference: i.episode.reference.clone(),
                            child: child_name(&form),
                            stage: DeskStage::from_slug(&i.stage).map(|s| s.label().to_string()).unwrap_or_default(),
                            priority: i.episode.priority.as_deref().map(|p| format!("Priority {p}")).unwrap_or_else(|| priority_label(domain::early_help::priority_for(&i.episode.source)).to_string() + " (on acceptance)"),
                            source: domain::rules::eha::EhaSource::from_slug(&i.episode.source).map(source_label).unwrap_or("").to_string(),
                            received: domain::display::date_time(i.episode.received_at),
                            due: domain::display::date_time(i.due_at),
                            rag: rag_of(i, now, &rules.calendar),
                            held_by: i.assigned_name.clone(),
                        }
                    })
                    .collect();
                trays.push(Tray { title: w.label().to_string(), rows });
            }
            let closed = store
                .eha_closed(50)
                .await
                .map_err(|e| ctx.internal(e))?
                .into_iter()
                .map(|e| ClosedRow {
                    id: e.contact_id.clone(),
                    reference: e.reference.clone(),
                    child: form_of(&e).map(|f| child_name(&f)).unwrap_or_default(),
                    outcome: e.outcome.clone().unwrap_or_default(),
                    closed: e.closed_at.map(domain::display::date_time).unwrap_or_default(),
                    destroyed: e.destroyed_at.is_some(),
                })
                .collect();
            ctx.audit(AuditAction::Read, RecordKind::Report, "eha-desk", "Opened the Early Help desk's worktrays", None).await?;
            Ok(DeskView { trays, closed, may_log: may_log(&s.user.roles), may_configure: { use domain::roles::RoleSet; s.user.roles.can_administer() } })
        }
        .await,
    )
}

/// Logs an EHA received by any route (§1.0): the child's record is found (same name, date of
/// birth and postcode) or created, and the EHA waits for the consent check on Triage.
#[server(prefix = "/api", endpoint = "eha/new", input = leptos::server_fn::codec::Json)]
pub async fn eha_new(form: IntakeForm) -> Result<DeskOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::early_help::may_log;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| may_log(&u.roles))?.clone();
            match log_eha(&ctx, &form, None, &s.user.id).await? {
                Err(errors) => Ok(DeskOutcome::Refused { errors }),
                Ok(logged) => {
                    crate::api::drafts::clear(&ctx, &s.user.id, &intake_draft_key()).await?;
                    Ok(DeskOutcome::Done { id: logged.id, message: logged.message })
                }
            }
        }
        .await,
    )
}

/// An EHA on the desk, as `log_eha` left it.
#[cfg(feature = "ssr")]
pub(crate) struct LoggedEha {
    pub id: String,
    pub reference: String,
    pub message: String,
}

/// An EHA's intake that passed its checks, with the desk step it starts on.
#[cfg(feature = "ssr")]
pub(crate) struct CheckedEha {
    first: domain::early_help::DeskStage,
    planned: crate::ssr::early_help::Planned,
    rules: domain::rules::RuleSet,
}

/// Checks an EHA's intake form and that the desk can take it (a team holds the worktray its
/// first step goes to), writing nothing. The mistakes, each against its field.
#[cfg(feature = "ssr")]
pub(crate) async fn check_eha(ctx: &crate::ssr::Ctx, form: &IntakeForm) -> Result<Result<CheckedEha, Vec<FieldError>>, AppError> {
    use crate::ssr::early_help::plan;
    use domain::early_help::{check_intake, DeskStage};
    let now = ctx.now();
    let v = check_intake(form, crate::ssr::annex_a::today(ctx));
    if !v.is_ok() {
        return Ok(Err(v.errors));
    }
    let rules = crate::ssr::rules::in_force(ctx).await?;
    let v = domain::early_help::check_step_down_intake(form, crate::ssr::annex_a::today(ctx), &rules.calendar);
    if !v.is_ok() {
        return Ok(Err(v.errors));
    }
    let first = DeskStage::first_for(domain::rules::eha::EhaSource::from_slug(&form.source));
    let clock = if first == DeskStage::StepDownMeeting { crate::ssr::early_help::meeting_time(form).unwrap_or(now) } else { now };
    match plan(&ctx.state.store, first, now, clock, &rules.calendar).await.map_err(|e| ctx.internal(e))? {
        Ok(planned) => Ok(Ok(CheckedEha { first, planned, rules })),
        Err(why) => Ok(Err(vec![FieldError::new("source", why)])),
    }
}

/// Checks an EHA's intake form and logs it on the desk for `by` (who must already be allowed:
/// the desk's staff keying one in, or the MASH team sending a Green notification on, §8.1).
/// `known_child` is the child's record when the sender had it linked; otherwise it is found
/// or created. The mistakes, each against its field, when the form cannot be logged.
#[cfg(feature = "ssr")]
pub(crate) async fn log_eha(ctx: &crate::ssr::Ctx, form: &IntakeForm, known_child: Option<&str>, by: &str) -> Result<Result<LoggedEha, Vec<FieldError>>, AppError> {
    use domain::audit::{AuditAction, RecordKind};
    use domain::early_help::{source_label, DeskStage, CHANNEL};
    let CheckedEha { first, planned, rules } = match check_eha(ctx, form).await? {
        Ok(c) => c,
        Err(errors) => return Ok(Err(errors)),
    };
    let store = &ctx.state.store;
    let now = ctx.now();
    let person_id = match known_child {
        Some(id) => id.to_string(),
        None => find_or_create_child(ctx, form).await?,
    };
    let reference = crate::ssr::information_requests::new_reference("EH");
    let name = child_name(form);
    let json = serde_json::to_string(form).map_err(|e| ctx.internal(e))?;
    let source = domain::rules::eha::EhaSource::from_slug(&form.source).map(source_label).unwrap_or("");
    let children = vec![person_id.clone()];
    let contact = storage::NewCaseContact {
        reference: &reference,
        status: "open",
        channel: CHANNEL,
        caller_kind: None,
        summary: &name,
        concern: &form.needs,
        referrer: storage::Referrer {
            name: &form.referrer_name,
            organisation: &form.referrer_organisation,
            phone: &form.referrer_phone,
            email: &form.referrer_email,
            consent_given_by: if form.consent == "yes" { "parent" } else { "" },
            ..Default::default()
        },
        contact_source: "10",
        flow: "",
        level: None,
        received_at: now,
        created_by: by,
        children: &children,
        repeat_within_7_days: false,
        referral_within_12_months: false,
        first_items: vec![planned.item()],
    };
    let summary = format!("EHA received ({source}) from {} about {name}", form.referrer_organisation.trim());
    let new = storage::NewEha {
        contact,
        source: &form.source,
        form: &json,
        framework_version: &rules.framework.version,
        calendar_version: &rules.calendar.version,
        log_summary: &summary,
    };
    let id = store.create_eha(new, now).await.map_err(|e| ctx.internal(e))?;
    ctx.audit(AuditAction::Create, RecordKind::Contact, &id, &format!("Logged EHA {reference}"), None).await?;
    ctx.audit(AuditAction::Update, RecordKind::Person, &person_id, &format!("EHA {reference} logged for this child"), None).await?;
    let next = if first == DeskStage::StepDownMeeting { "It waits for the CIN meeting's step down decision." } else { "It waits on Triage for the consent check." };
    Ok(Ok(LoggedEha { message: format!("EHA {reference} logged. {next}"), id, reference }))
}

/// The child's record: a person with the same name, date of birth and postcode, or a new one.
#[cfg(feature = "ssr")]
async fn find_or_create_child(ctx: &crate::ssr::Ctx, f: &IntakeForm) -> Result<String, AppError> {
    use domain::early_help::parse_date;
    let store = &ctx.state.store;
    let dob = parse_date(&f.child_date_of_birth);
    let q = domain::matching::SearchQuery {
        given_name: Some(f.child_given_name.trim().to_string()),
        family_name: Some(f.child_family_name.trim().to_string()),
        date_of_birth: dob,
        postcode: (!f.child_postcode.trim().is_empty()).then(|| f.child_postcode.trim().to_string()),
        ..Default::default()
    };
    let norm = |s: &str| s.split_whitespace().collect::<String>().to_lowercase();
    let found = store.search_people(&q).await.map_err(|e| ctx.internal(e))?;
    for (p, _) in &found.ranked {
        let same = norm(&p.facts.given_names).starts_with(&norm(&f.child_given_name))
            && norm(&p.facts.family_name) == norm(&f.child_family_name)
            && p.facts.date_of_birth == dob
            && dob.is_some()
            && p.facts.postcode.as_deref().map(norm) == Some(norm(&f.child_postcode));
        if same {
            return Ok(p.id.clone());
        }
    }
    let id = store
        .create_person(storage::NewPerson { given_name: f.child_given_name.trim(), family_name: f.child_family_name.trim(), date_of_birth: dob, address: f.child_address.trim(), postcode: f.child_postcode.trim() }, ctx.now())
        .await
        .map_err(|e| ctx.internal(e))?;
    ctx.audit(domain::audit::AuditAction::Create, domain::audit::RecordKind::Person, &id, "Created the child's record from an EHA", None).await?;
    Ok(id)
}

/// One EHA, audited as a read on the EHA and its child.
#[server(prefix = "/api", endpoint = "eha/get")]
pub async fn eha_get(id: String) -> Result<EpisodeView, AppError> {
    use crate::ssr::early_help::{form_of, rag_of, require_reader, setting, AUTHORITIES, COG_TABLE};
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::early_help::{cog_team_for, decisions_at, eha_form, may_decide, may_set_cin_codes, parse_authorities, parse_cog_table, priority_label, source_label, DeskStage};
    use domain::rules::eha::missing_mandatory_fields;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = require_reader(&ctx)?.clone();
            let store = &ctx.state.store;
            let e = store.eha_episode(&id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            let rules = crate::ssr::rules::in_force(&ctx).await?;
            let now = ctx.now();
            let form = form_of(&e);
            let (cog_text, _) = setting(store, COG_TABLE).await.map_err(|e| ctx.internal(e))?;
            let table = parse_cog_table(&cog_text).unwrap_or_default();
            let (auth_text, _) = setting(store, AUTHORITIES).await.map_err(|e| ctx.internal(e))?;
            let mut cog_teams: Vec<String> = table.iter().map(|a| a.team.clone()).collect();
            cog_teams.sort();
            cog_teams.dedup();
            let open = e.status == "open";
            let steps = store
                .eha_items_for(&id)
                .await
                .map_err(|e| ctx.internal(e))?
                .iter()
                .filter_map(|i| {
                    let stage = DeskStage::from_slug(&i.stage)?;
                    Some(StepView {
                        item_id: i.item_id.clone(),
                        stage: stage.slug().to_string(),
                        stage_label: stage.label().to_string(),
                        worktray: stage.worklist().label().to_string(),
                        due: domain::display::date_time(i.due_at),
                        rag: rag_of(i, now, &rules.calendar),
                        may_decide: may_decide(&s.user.roles, stage),
                        decisions: decisions_at(stage).iter().map(|(a, b)| (a.to_string(), b.to_string())).collect(),
                    })
                })
                .collect();
            let log = store
                .eha_log_for(&id)
                .await
                .map_err(|e| ctx.internal(e))?
                .into_iter()
                .map(|l| LogLine { at: domain::display::date_time(l.at), by: l.by_name, summary: l.summary, outcome: l.outcome })
                .collect();
            let letters = store
                .communications_for_contact(&id)
                .await
                .map_err(|e| ctx.internal(e))?
                .into_iter()
                .map(|c| LogLine { at: domain::display::date_time(c.created_at), by: c.recipient_name, summary: c.subject, outcome: c.status })
                .collect();
            let code = |c: &Option<String>| c.as_deref().map(|c| format!("{c}: {}", domain::codes::primary_need_label(c).unwrap_or("")));
            let view = EpisodeView {
                id: e.contact_id.clone(),
                reference: e.reference.clone(),
                open,
                outcome: e.outcome.clone(),
                received: domain::display::date_time(e.received_at),
                closed: e.closed_at.map(domain::display::date_time),
                source: domain::rules::eha::EhaSource::from_slug(&e.source).map(source_label).unwrap_or("").to_string(),
                priority: e.priority.as_deref().map(|p| if p == "1" { priority_label(domain::rules::eha::EhaPriority::One) } else { priority_label(domain::rules::eha::EhaPriority::Two) }.to_string()),
                referrer: format!("{} ({})", e.referrer_name, e.referrer_organisation),
                missing: form.as_ref().map(|f| missing_mandatory_fields(&eha_form(f)).into_iter().map(|m| m.label()).collect()).unwrap_or_default(),
                cog_suggestion: form.as_ref().and_then(|f| cog_team_for(&f.child_postcode, &table)),
                form,
                destroyed: e.destroyed_at.map(domain::display::date_time),
                destroy_after: e.destroy_after.map(domain::display::date_time),
                checklist: serde_json::from_str(&e.checklist).ok(),
                cin_primary: code(&e.cin_primary),
                cin_secondary: code(&e.cin_secondary),
                closure_reason: e.closure_reason.clone(),
                final_level: e.final_level.as_deref().and_then(domain::rules::Level::from_slug).map(|l| l.label().to_string()),
                agency: e.agency.clone().or_else(|| e.cog_team.clone()),
                escalation: e.escalation.as_deref().and_then(domain::early_help::Escalation::from_slug).map(|x| x.label().to_string()),
                steps,
                version: e.version,
                log,
                letters,
                cog_teams,
                authorities: parse_authorities(&auth_text),
                may_set_cin: open && may_set_cin_codes(&s.user.roles),
                may_edit: open && domain::early_help::may_log(&s.user.roles),
                framework_version: e.framework_version.clone(),
                calendar_version: e.calendar_version.clone(),
            };
            ctx.audit(AuditAction::Read, RecordKind::Contact, &id, &format!("Opened EHA {}", e.reference), None).await?;
            for child in store.contact_children(&id).await.map_err(|e| ctx.internal(e))? {
                ctx.audit(AuditAction::Read, RecordKind::Person, &child.person_id, &format!("Opened EHA {}", e.reference), None).await?;
            }
            Ok(view)
        }
        .await,
    )
}

/// A desk decision on one of the EHA's open steps. The server reads the form again, re-runs the
/// desk's rules with what it holds (the EHA, the CIN code, the dispute's level, the COG table,
/// the authorities), stores the outcome in one transaction, then writes the case notes and
/// queues the letters it names.
#[server(prefix = "/api", endpoint = "eha/decide", input = leptos::server_fn::codec::Json)]
pub async fn eha_decide(id: String, item_id: String, version: i64, form: DecisionForm) -> Result<DeskOutcome, AppError> {
    use crate::ssr::early_help::{form_of, plan, setting, AUTHORITIES};
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::early_help::{decide, eha_form, may_decide, parse_authorities, DeskFacts, DeskStage, Escalation};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = crate::ssr::early_help::require_reader(&ctx)?.clone();
            let store = &ctx.state.store;
            let now = ctx.now();
            let e = store.eha_episode(&id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            let item = store.eha_items_for(&id).await.map_err(|e| ctx.internal(e))?.into_iter().find(|i| i.item_id == item_id);
            let Some(item) = item else {
                return Ok(DeskOutcome::Refused { errors: vec![FieldError::new("decision", "This step has already been decided: the EHA has moved on. Reload the page to see where it is now.")] });
            };
            let stage = DeskStage::from_slug(&item.stage).ok_or(AppError::NotFound)?;
            if !may_decide(&s.user.roles, stage) {
                ctx.audit(AuditAction::Refused, RecordKind::Contact, &id, &format!("Desk decision at {} refused: role", stage.label()), None).await?;
                return Err(AppError::Forbidden);
            }
            if e.version != version {
                return Ok(DeskOutcome::Refused { errors: vec![FieldError::new("decision", "Someone else changed this EHA while you were deciding. Reload the page: what you typed is kept.")] });
            }
            let decision = match form.to_decision() {
                Ok(d) => d,
                Err(v) => return Ok(refused(v)),
            };
            let intake = form_of(&e).unwrap_or_default();
            let (auth_text, _) = setting(store, AUTHORITIES).await.map_err(|e| ctx.internal(e))?;
            let facts = DeskFacts {
                form: eha_form(&intake),
                cin_primary: e.cin_primary.clone(),
                escalation: e.escalation.as_deref().and_then(Escalation::from_slug),
                incomplete_due: e.incomplete_due_at,
                stage_due: Some(item.due_at),
                authorities: parse_authorities(&auth_text),
            };
            let outcome = match decide(stage, &decision, &facts, now) {
                Ok(o) => o,
                Err(v) => {
                    let codes: Vec<&str> = v.errors.iter().map(|e| e.field.as_str()).collect();
                    ctx.audit(AuditAction::Refused, RecordKind::Contact, &id, &format!("Desk decision {} at {} refused: {}", decision.slug(), stage.label(), codes.join(", ")), None).await?;
                    return Ok(refused(v));
                }
            };
            let rules = crate::ssr::rules::in_force(&ctx).await?;
            let mut planned = Vec::new();
            if let (true, Some(next)) = (outcome.completes_item, outcome.next) {
                // The handover's 5 working days count from the CIN meeting (§4.4.3).
                let clock = if next == DeskStage::StepDownHandover { crate::ssr::early_help::meeting_start(&intake).unwrap_or(now) } else { now };
                match plan(store, next, now, clock, &rules.calendar).await.map_err(|e| ctx.internal(e))? {
                    Ok(p) => planned.push(p),
                    Err(why) => return Ok(DeskOutcome::Refused { errors: vec![FieldError::new("decision", why)] }),
                }
            }
            let complete_item = outcome.completes_item;
            let r = &outcome.record;
            let checklist = r.checklist.as_ref().map(serde_json::to_string).transpose().map_err(|e| ctx.internal(e))?;
            let incomplete_due = (stage == DeskStage::ConsentCheck && outcome.next == Some(DeskStage::Incomplete)).then(|| planned.first().map(|p| p.due_at)).flatten();
            let priority = outcome.priority.map(|p| if p == domain::rules::eha::EhaPriority::One { "1" } else { "2" });
            let fst = r.fst_route.map(|f| f.slug());
            let level = r.final_level.map(|l| l.slug());
            let escalation = outcome.escalation.map(|x| x.slug());
            let destroy_after = outcome.destroy_after_days.map(|d| now + chrono::Duration::days(d));
            let detail = serde_json::to_string(&decision).map_err(|e| ctx.internal(e))?;
            let next_label = outcome.next.map(|n| n.label()).unwrap_or("");
            let outcome_words = outcome.closes.clone().unwrap_or_else(|| next_label.to_string());
            let write = storage::DeskWrite {
                contact_id: &id,
                expected_version: version,
                item_id: &item_id,
                complete_item,
                closes: outcome.closes.as_deref(),
                new_items: planned.iter().map(|p| p.item()).collect(),
                episode: storage::EpisodeChange {
                    priority,
                    checklist: checklist.as_deref(),
                    escalation,
                    agency: r.agency.as_deref(),
                    cog_team: r.cog_team.as_deref(),
                    fst_route: fst,
                    closure_reason: r.closure_reason.as_deref(),
                    final_level: level,
                    incomplete_due_at: incomplete_due,
                    destroy_after,
                },
                log: storage::DecisionLog {
                    stage: stage.slug(),
                    worklist: &item.worklist,
                    decision: decision.slug(),
                    detail: &detail,
                    reason: "",
                    outcome: &outcome_words,
                    seed: "003",
                    decided_by: &s.user.id,
                    decided_at: now,
                },
                desk_log: &outcome.log,
            };
            if store.apply_desk_decision(write, now).await.map_err(|e| ctx.internal(e))?.is_none() {
                return Ok(DeskOutcome::Refused { errors: vec![FieldError::new("decision", "Someone else decided this step first. Reload the page: what you typed is kept.")] });
            }
            let children = store.contact_children(&id).await.map_err(|e| ctx.internal(e))?;
            let people: Vec<String> = children.iter().map(|c| c.person_id.clone()).collect();
            for n in &outcome.notes {
                let note = storage::NewCaseNote { note_type: n.note_type.slug(), body: &n.text, contact_id: Some(&id), author_id: &s.user.id, person_ids: &people };
                store.add_case_note(note, now).await.map_err(|e| ctx.internal(e))?;
            }
            let summary = format!("Desk decision on {} at {}: {}", e.reference, stage.label(), outcome.log);
            ctx.audit(AuditAction::Update, RecordKind::Contact, &id, &summary, None).await?;
            for p in &people {
                ctx.audit(AuditAction::Update, RecordKind::Person, p, &summary, None).await?;
            }
            let mut said = Vec::new();
            if !outcome.letters.is_empty() {
                let contact = store.get_contact_detail(&id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
                said = crate::ssr::workflow_letters::send_for_decision(&ctx, &contact, &outcome.letters, &format!("eha-{}", item_id), &outcome_words).await;
                // §4.2.1: the Social Worker's line manager is copied into the no-consent e-mail.
                if outcome.letters.contains(&domain::rules::Letter::StepDownNoConsentEmail) && !intake.line_manager_email.trim().is_empty() {
                    let r = crate::ssr::letters::Recipient {
                        name: "The Social Worker's line manager".into(),
                        role: domain::letters::RecipientRole::SocialWorker,
                        channel: domain::letters::Channel::Email,
                        email: intake.line_manager_email.trim().to_string(),
                        address: String::new(),
                    };
                    let facts = crate::ssr::letters::LetterFacts { referrer_name: contact.referrer_name.clone(), referrer_organisation: contact.referrer_organisation.clone(), outcome: outcome_words.clone(), worker_name: s.user.display_name.clone(), ..Default::default() };
                    said.push(match crate::ssr::letters::issue(&ctx, &id, domain::rules::Letter::StepDownNoConsentEmail, &[r], &facts, &format!("eha-{item_id}-line-manager")).await? {
                        Ok(_) => "The line manager is copied in".to_string(),
                        Err(_) => "The line manager's copy could not be queued: send it from Communications".to_string(),
                    });
                }
            }
            crate::api::drafts::clear(&ctx, &s.user.id, &decision_draft_key(&item_id)).await?;
            let mut message = match (&outcome.closes, outcome.next) {
                (Some(c), _) => format!("{c}."),
                (None, Some(n)) if complete_item => format!("Done. Next: {}.", n.label()),
                _ => format!("Recorded: {}.", outcome.log),
            };
            if !said.is_empty() {
                message.push(' ');
                message.push_str(&said.join(". "));
            }
            Ok(DeskOutcome::Done { id, message })
        }
        .await,
    )
}

/// Corrects the EHA as keyed in (the referrer sent a missing field, §1.3).
#[server(prefix = "/api", endpoint = "eha/update", input = leptos::server_fn::codec::Json)]
pub async fn eha_update(id: String, version: i64, form: IntakeForm) -> Result<DeskOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::early_help::{check_intake, may_log};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require(|u| may_log(&u.roles))?;
            let store = &ctx.state.store;
            let e = store.eha_episode(&id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            if e.destroyed_at.is_some() || e.status != "open" {
                return Ok(DeskOutcome::Refused { errors: vec![FieldError::new("source", "This EHA is closed: it can no longer be changed.")] });
            }
            let v = check_intake(&form, crate::ssr::annex_a::today(&ctx));
            if !v.is_ok() {
                return Ok(refused(v));
            }
            let json = serde_json::to_string(&form).map_err(|e| ctx.internal(e))?;
            if !store.update_eha_form(&id, version, &json, &child_name(&form), ctx.now()).await.map_err(|e| ctx.internal(e))? {
                return Ok(DeskOutcome::Refused { errors: vec![FieldError::new("source", "Someone else changed this EHA first. Reload the page: what you typed is kept.")] });
            }
            ctx.audit(AuditAction::Update, RecordKind::Contact, &id, &format!("Corrected EHA {}", e.reference), None).await?;
            Ok(DeskOutcome::Done { id, message: "The EHA is updated.".into() })
        }
        .await,
    )
}

/// §1.4: the child's CIN codes, set only by a Senior Early Help Coordinator or a COG Manager.
#[server(prefix = "/api", endpoint = "eha/cin_codes")]
pub async fn eha_cin_codes(id: String, #[server(default)] primary: String, #[server(default)] secondary: String) -> Result<DeskOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::early_help::{check_cin_codes, may_set_cin_codes};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = crate::ssr::early_help::require_reader(&ctx)?.clone();
            if !may_set_cin_codes(&s.user.roles) {
                ctx.audit(AuditAction::Refused, RecordKind::Contact, &id, "CIN codes refused: only a Senior Early Help Coordinator or a COG Manager sets them", None).await?;
                return Err(AppError::Forbidden);
            }
            let store = &ctx.state.store;
            let e = store.eha_episode(&id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            let v = check_cin_codes(&primary, &secondary);
            if !v.is_ok() {
                return Ok(refused(v));
            }
            let secondary = (!secondary.is_empty()).then_some(secondary.as_str());
            store.set_eha_cin_codes(&id, &primary, secondary).await.map_err(|e| ctx.internal(e))?;
            let summary = format!("CIN codes on {}: primary {primary}{}", e.reference, secondary.map(|s| format!(", secondary {s}")).unwrap_or_default());
            ctx.audit(AuditAction::Update, RecordKind::Contact, &id, &summary, None).await?;
            for c in store.contact_children(&id).await.map_err(|e| ctx.internal(e))? {
                ctx.audit(AuditAction::Update, RecordKind::Person, &c.person_id, &summary, None).await?;
            }
            Ok(DeskOutcome::Done { id, message: "CIN codes saved.".into() })
        }
        .await,
    )
}

/// §1.4: the Welfare Rights referral where the family agreed: a case note the Welfare Rights
/// Team is copied into, and a line in the desk's log.
#[server(prefix = "/api", endpoint = "eha/welfare_rights")]
pub async fn eha_welfare_rights(id: String, #[server(default)] note: String) -> Result<DeskOutcome, AppError> {
    use crate::ssr::early_help::form_of;
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::early_help::check_welfare_rights;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| u.roles.contains(&domain::Role::EarlyHelpManager))?.clone();
            let store = &ctx.state.store;
            let e = store.eha_episode(&id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            let agreed = form_of(&e).is_some_and(|f| f.welfare_rights);
            let v = check_welfare_rights(agreed, &note);
            if !v.is_ok() {
                return Ok(refused(v));
            }
            let now = ctx.now();
            let people: Vec<String> = store.contact_children(&id).await.map_err(|e| ctx.internal(e))?.into_iter().map(|c| c.person_id).collect();
            let body = format!("Welfare Rights referral (the Welfare Rights Team is copied in so they may contact the family): {}", note.trim());
            let n = storage::NewCaseNote { note_type: domain::notes::NoteType::WelfareRightsReferral.slug(), body: &body, contact_id: Some(&id), author_id: &s.user.id, person_ids: &people };
            store.add_case_note(n, now).await.map_err(|e| ctx.internal(e))?;
            let log = storage::NewEhaLog { contact_id: Some(&id), kind: "decision", caller: "", child: &e.summary, summary: "Welfare Rights referral: the team copied into a case note", outcome: "Open", by: Some(&s.user.id) };
            store.log_eha(log, now).await.map_err(|e| ctx.internal(e))?;
            ctx.audit(AuditAction::Update, RecordKind::Contact, &id, &format!("Welfare Rights referral on {}", e.reference), None).await?;
            for p in &people {
                ctx.audit(AuditAction::Update, RecordKind::Person, p, "Welfare Rights referral case note", None).await?;
            }
            Ok(DeskOutcome::Done { id, message: "Welfare Rights referral recorded as a case note.".into() })
        }
        .await,
    )
}

/// §1.10: a direct phone call from the public or a professional, logged with the advice given
/// and its outcome.
#[server(prefix = "/api", endpoint = "eha/phone_call")]
pub async fn eha_phone_call(
    #[server(default)] caller: String,
    #[server(default)] child: String,
    #[server(default)] concern: String,
    #[server(default)] advice: String,
    #[server(default)] outcome: String,
) -> Result<DeskOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::early_help::{may_log, MAX_SHORT, MAX_TEXT};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require(|u| may_log(&u.roles))?.clone();
            let mut v = domain::Validation::new();
            v.check(caller != "public" && caller != "professional", "caller", "Say whether the caller is a member of the public or a professional");
            v.check(concern.trim().is_empty(), "concern", "Enter the caller's concern");
            v.check(advice.trim().is_empty(), "advice", "Enter the advice and guidance given");
            v.check(outcome.trim().is_empty(), "outcome", "Enter the outcome of the call");
            for (f, val, max) in [("child", &child, MAX_SHORT), ("concern", &concern, MAX_TEXT), ("advice", &advice, MAX_TEXT), ("outcome", &outcome, MAX_SHORT)] {
                v.check(val.chars().count() > max, f, format!("That answer must be {max} characters or fewer"));
            }
            if !v.is_ok() {
                return Ok(refused(v));
            }
            let who = if caller == "public" { "Member of the public" } else { "Professional" };
            let summary = format!("Direct phone call: {}. Advice given: {}", concern.trim(), advice.trim());
            let log = storage::NewEhaLog { contact_id: None, kind: "phone_call", caller: who, child: child.trim(), summary: &summary, outcome: outcome.trim(), by: Some(&s.user.id) };
            ctx.state.store.log_eha(log, ctx.now()).await.map_err(|e| ctx.internal(e))?;
            ctx.audit(AuditAction::Create, RecordKind::Report, "eha-log", "Logged a direct phone call on the Early Help desk", None).await?;
            crate::api::drafts::clear(&ctx, &s.user.id, "eha-phone-call").await?;
            Ok(DeskOutcome::Done { id: String::new(), message: "The call is logged with its advice and outcome.".into() })
        }
        .await,
    )
}

/// A desk report on screen (§1.2, §1.3, §1.8 and the log); `/staff/early-help/reports/{slug}.csv`
/// gives the same rows as CSV.
#[server(prefix = "/api", endpoint = "eha/report")]
pub async fn eha_report(report: String, #[server(default)] from: String, #[server(default)] to: String) -> Result<ReportView, AppError> {
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            crate::ssr::early_help::require_reader(&ctx)?;
            let which = domain::early_help::Report::from_slug(&report).ok_or(AppError::NotFound)?;
            let today = crate::ssr::annex_a::today(&ctx);
            let (f, t, errors) = crate::ssr::early_help::report_period(&from, &to, today);
            if !errors.is_empty() {
                return Ok(ReportView { title: which.label().to_string(), header: vec![], rows: vec![], from, to, errors });
            }
            let r = crate::ssr::early_help::report(&ctx.state.store, which, f, t, ctx.now()).await.map_err(|e| ctx.internal(e))?;
            ctx.audit(domain::audit::AuditAction::Read, domain::audit::RecordKind::Report, which.slug(), &format!("{}: {} row(s)", which.label(), r.rows.len()), None).await?;
            Ok(ReportView { title: which.label().to_string(), header: r.header.iter().map(|h| h.to_string()).collect(), rows: r.rows, from: f.format("%d/%m/%Y").to_string(), to: t.format("%d/%m/%Y").to_string(), errors })
        }
        .await,
    )
}

/// The COG table and the neighbouring authorities in force.
#[server(prefix = "/api", endpoint = "eha/settings")]
pub async fn eha_settings() -> Result<SettingsView, AppError> {
    use crate::ssr::early_help::{setting, AUTHORITIES, COG_TABLE};
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require_admin()?;
            let store = &ctx.state.store;
            let (cog_table, cog_version) = setting(store, COG_TABLE).await.map_err(|e| ctx.internal(e))?;
            let (authorities, authorities_version) = setting(store, AUTHORITIES).await.map_err(|e| ctx.internal(e))?;
            ctx.audit(domain::audit::AuditAction::Read, domain::audit::RecordKind::EhaSettings, "settings", "Read the Early Help desk's settings", None).await?;
            Ok(SettingsView { cog_table, cog_version, authorities, authorities_version })
        }
        .await,
    )
}

/// Saves a new version of the COG table (`cog_table`) or the authorities (`authorities`).
#[server(prefix = "/api", endpoint = "eha/save_setting")]
pub async fn eha_save_setting(setting: String, #[server(default)] body: String, version: i64) -> Result<DeskOutcome, AppError> {
    use crate::ssr::early_help::{AUTHORITIES, COG_TABLE};
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.require_admin()?.clone();
            let field = match setting.as_str() {
                COG_TABLE => {
                    if let Err(v) = domain::early_help::parse_cog_table(&body) {
                        return Ok(refused(v));
                    }
                    "cog_table"
                }
                AUTHORITIES => {
                    if domain::early_help::parse_authorities(&body).is_empty() {
                        return Ok(DeskOutcome::Refused { errors: vec![FieldError::new("authorities", "Enter at least one neighbouring authority, one a line")] });
                    }
                    "authorities"
                }
                _ => return Err(AppError::NotFound),
            };
            match ctx.state.store.save_eha_setting(&setting, body.trim(), version, &s.user.username, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                Some(v) => {
                    ctx.audit(domain::audit::AuditAction::Update, domain::audit::RecordKind::EhaSettings, &setting, &format!("Saved version {v} of {setting}"), None).await?;
                    Ok(DeskOutcome::Done { id: setting, message: format!("Saved as version {v}. Decisions from now on use it.") })
                }
                None => Ok(DeskOutcome::Refused { errors: vec![FieldError::new(field, "Someone else saved a newer version first. Reload the page: what you typed is kept.")] }),
            }
        }
        .await,
    )
}
