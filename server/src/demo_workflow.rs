//! Demo contacts part-way through the front door's workflow, so each role has work waiting:
//! siblings grouped on a school's Request for Support waiting for a TM/SP's initial analysis, a
//! police call at Significant Harm waiting for grouping in the RAO ADMIN box, and a health
//! visitor's request with consent on the Early Help Manager's worklist, and a school's request
//! at Complex and Significant whose partner checks wait for consent or the Duty Manager's
//! override (seed 004).

use chrono::{DateTime, Duration, Utc};
use domain::rules::{ContactChannel, Level, OfficeHours, WorkingCalendar, Worklist};
use domain::workflow::{slug_of, step_deadline, worklist_slug, ContactFlow, Stage};
use std::collections::HashMap;
use storage::{NewCaseContact, NewWorkItem, Referrer, Store};

struct DemoContact<'a> {
    reference: &'a str,
    children: &'a [usize],
    channel: ContactChannel,
    level: Option<Level>,
    consent: bool,
    stage: Stage,
    worklist: Worklist,
    team: &'a str,
    hours_ago: i64,
    summary: &'a str,
    concern: &'a str,
    referrer: Referrer<'a>,
    source: &'a str,
    /// A second step opened with the first (a TM/SP's Complex and Significant decision opens
    /// the Social Worker's assessment and the RAO ADMIN box's partner checks together).
    also: Option<(Stage, Worklist, &'a str)>,
}

const CONTACTS: &[DemoContact] = &[
    DemoContact {
        reference: "C-100001",
        children: &[0, 1],
        channel: ContactChannel::Inbox,
        level: None,
        consent: true,
        stage: Stage::InitialAnalysis,
        worklist: Worklist::CassTeamManager,
        team: "CASS",
        hours_ago: 5,
        summary: "School: Ava arriving hungry; concerns about home conditions",
        concern: "The school reports Ava has arrived hungry on several days this week and has been wearing the same clothes. Her younger brother Leo's nursery has noticed the same. Mum has told the school things are difficult at home since a recent move.",
        referrer: Referrer { name: "Ms Example Teacher", organisation: "Example Primary School", role: "Designated Safeguarding Lead", relationship: "Ava's school", phone: "", email: "dsl@school.example", consent_given_by: "Mother", consent_scopes: "A" },
        source: "2A",
        also: None,
    },
    DemoContact {
        reference: "C-100002",
        children: &[2],
        channel: ContactChannel::Phone,
        level: Some(Level::SignificantHarm),
        consent: false,
        stage: Stage::Grouping,
        worklist: Worklist::RaoAdminBox,
        team: "RAO admin box",
        hours_ago: 2,
        summary: "Police: domestic incident at the family home last night",
        concern: "Police attended a domestic incident at the family home overnight. Mia (14) was present and said she was frightened to go home. The Social Worker took the call and found the concern meets Significant Harm.",
        referrer: Referrer { name: "PC Example", organisation: "Example Police", role: "Officer in case", relationship: "Attended the incident", phone: "", email: "", consent_given_by: "", consent_scopes: "" },
        source: "6",
        also: None,
    },
    DemoContact {
        reference: "C-100003",
        children: &[3],
        channel: ContactChannel::OnlineForm,
        level: Some(Level::AdditionalNeeds),
        consent: true,
        stage: Stage::EarlyHelpManagerReview,
        worklist: Worklist::EarlyHelpManagersWorklist,
        team: "CASS Early Help",
        hours_ago: 26,
        summary: "Health visitor requests early help support for the family",
        concern: "The health visitor asks for early help: the family have moved into temporary accommodation and mum is struggling with a new baby and Noah's school attendance. Mum has agreed to an Early Help Assessment.",
        referrer: Referrer { name: "Example Health Visitor", organisation: "Example Health Visiting Service", role: "Health visitor", relationship: "Health visitor for the baby", phone: "", email: "", consent_given_by: "Mother", consent_scopes: "A" },
        source: "3B",
        also: None,
    },
    DemoContact {
        reference: "C-100004",
        children: &[2],
        channel: ContactChannel::Inbox,
        level: Some(Level::ComplexAndSignificant),
        consent: false,
        stage: Stage::SocialWorkerAssessment,
        worklist: Worklist::CassSocialWorker,
        team: "CASS",
        hours_ago: 3,
        summary: "School: Mia says she is kept home to look after her mother; mother refuses consent",
        concern: "Mia's school reports she has missed 12 days this term and says she stays home to care for her mother, who has been unwell and drinking. The TM/SP found the concerns Complex and Significant. The mother refuses consent to checks with other agencies.",
        referrer: Referrer { name: "Example Attendance Officer", organisation: "Example Secondary School", role: "Attendance officer", relationship: "Mia's school", phone: "", email: "attendance@school.example", consent_given_by: "", consent_scopes: "" },
        source: "2A",
        also: Some((Stage::PartnerChecks, Worklist::RaoAdminBox, "RAO admin box")),
    },
];

pub async fn seed_contacts(
    store: &Store,
    team_ids: &HashMap<&str, String>,
    user_ids: &HashMap<&str, String>,
    people: &[String],
    now: DateTime<Utc>,
) -> Result<Vec<String>, storage::StorageError> {
    let calendar = WorkingCalendar::builtin().map_err(|p| storage::StorageError::Corrupt(format!("built-in calendar: {p:?}")))?;
    let Some(created_by) = user_ids.get("admin") else { return Ok(Vec::new()) };
    let mut created = Vec::new();
    for c in CONTACTS {
        let Some(team_id) = team_ids.get(c.team) else { continue };
        let children: Vec<String> = c.children.iter().filter_map(|i| people.get(*i).cloned()).collect();
        let received = now - Duration::hours(c.hours_ago);
        let mut flow = ContactFlow::new(c.channel);
        flow.level = c.level;
        flow.consent = c.consent;
        flow.referral = c.level == Some(Level::SignificantHarm);
        let flow = serde_json::to_string(&flow).map_err(|e| storage::StorageError::Corrupt(e.to_string()))?;
        let (deadline, due_at) = step_deadline(c.stage, received, &calendar, &OfficeHours::default());
        let timescale = slug_of(&deadline.timescale);
        let also = c.also.and_then(|(stage, worklist, team)| {
            let (d, due) = step_deadline(stage, received, &calendar, &OfficeHours::default());
            Some((stage, worklist, team_ids.get(team)?.clone(), slug_of(&d.timescale), due, d.calendar_version))
        });
        let channel = slug_of(&c.channel);
        let id = store
            .create_case_contact(
                NewCaseContact {
                    reference: c.reference,
                    status: "open",
                    channel: &channel,
                    caller_kind: None,
                    summary: c.summary,
                    concern: c.concern,
                    referrer: c.referrer,
                    contact_source: c.source,
                    flow: &flow,
                    level: c.level.map(|l| l.slug()),
                    received_at: received,
                    created_by,
                    children: &children,
                    repeat_within_7_days: false,
                    referral_within_12_months: false,
                    first_items: std::iter::once(NewWorkItem {
                        stage: c.stage.slug(),
                        worklist: worklist_slug(c.worklist),
                        team_id: Some(team_id),
                        assigned_user_id: None,
                        timescale: &timescale,
                        started_at: received,
                        due_at,
                        calendar_version: &deadline.calendar_version,
                    })
                    .chain(also.as_ref().map(|(stage, worklist, team, ts, due, version)| NewWorkItem {
                        stage: stage.slug(),
                        worklist: worklist_slug(*worklist),
                        team_id: Some(team),
                        assigned_user_id: None,
                        timescale: ts,
                        started_at: received,
                        due_at: *due,
                        calendar_version: version,
                    }))
                    .collect(),
                },
                now,
            )
            .await?;
        created.push(id);
    }
    Ok(created)
}
