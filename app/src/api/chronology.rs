//! A child's chronology: their contacts, the threshold decisions on them, the case notes linked
//! to them and the letters and e-mails sent, in date order, to read or print for a MASH
//! discussion (seed 003 §8.1: "produce a chronology for inclusion in the MASH discussion").

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChronologyEntry {
    /// As people read it ("2 March 2026 at 9:05am").
    pub when: String,
    /// "Contact", "Threshold decision", "Case note: Phone call", "Letter"...
    pub kind: String,
    pub title: String,
    pub detail: String,
    pub by: String,
    /// The contact it belongs to, if any.
    pub reference: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChronologyView {
    pub person_id: String,
    pub child: String,
    pub date_of_birth: Option<String>,
    pub address: String,
    /// Oldest first.
    pub entries: Vec<ChronologyEntry>,
    /// Withdrawn notes are left out; how many were.
    pub withdrawn_notes: usize,
    pub produced: String,
}

#[server(prefix = "/api", endpoint = "chronology/for_person")]
pub async fn chronology(person_id: String) -> Result<ChronologyView, AppError> {
    use crate::ssr::{respond, Ctx};
    use chrono::{DateTime, Utc};
    use domain::audit::{AuditAction, RecordKind};
    use domain::roles::RoleSet;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.staff()?.clone();
            let store = &ctx.state.store;
            let person = store.get_person(&person_id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            if !s.user.can_open_case_records() {
                ctx.audit(AuditAction::Refused, RecordKind::Person, &person_id, "Chronology: role does not work with case records", None).await?;
                return Err(AppError::Forbidden);
            }
            let reason = crate::ssr::access::require(&ctx, &s, RecordKind::Person, &person_id).await?;
            let level = |slug: &str| domain::rules::Level::from_slug(slug).map(|l| l.label().to_string()).unwrap_or_else(|| slug.to_string());
            let mut timeline: Vec<(DateTime<Utc>, ChronologyEntry)> = Vec::new();
            let entry = |kind: String, title: String, detail: String, by: String, reference: Option<String>| ChronologyEntry { when: String::new(), kind, title, detail, by, reference };
            for c in store.contacts_for_person(&person_id).await.map_err(|e| ctx.internal(e))? {
                let assigned = c.assigned_team_name.clone().or(c.assigned_user_name.clone()).unwrap_or_default();
                timeline.push((c.received_at, entry("Contact".into(), format!("Contact {} received", c.reference), c.summary.clone(), assigned, Some(c.reference.clone()))));
                for d in store.level_decisions_for_contact(&c.id).await.map_err(|e| ctx.internal(e))? {
                    let title = format!("Threshold level: {}", level(&d.level));
                    let mut detail = d.rationale.clone();
                    if let Some(r) = &d.departure_reason {
                        detail.push_str(&format!("\n\nDeparting from the suggestion ({}): {r}", level(&d.suggested)));
                    }
                    timeline.push((d.decided_at, entry("Threshold decision".into(), title, detail, d.decided_by_name, Some(c.reference.clone()))));
                }
            }
            let mut withdrawn_notes = 0;
            for n in store.case_notes_for_person(&person_id).await.map_err(|e| ctx.internal(e))? {
                if n.withdrawal.is_some() {
                    withdrawn_notes += 1;
                    continue;
                }
                let label = domain::notes::NoteType::from_slug(&n.note_type).map(|t| t.label().to_string()).unwrap_or(n.note_type.clone());
                let others: Vec<String> = n.people.iter().filter(|p| p.id != person_id).map(|p| p.name.clone()).collect();
                let title = if others.is_empty() { label.clone() } else { format!("{label} (also on {})", others.join(", ")) };
                timeline.push((n.written_at, entry(format!("Case note: {label}"), title, n.body, n.author_name, n.contact_reference)));
            }
            for m in store.communications_for_person(&person_id).await.map_err(|e| ctx.internal(e))? {
                let role = domain::letters::RecipientRole::from_slug(&m.recipient_role).map(|r| r.label()).unwrap_or("");
                let channel = domain::letters::Channel::from_slug(&m.channel).map(|c| c.label()).unwrap_or("");
                let status = domain::letters::CommunicationStatus::from_slug(&m.status).map(|s| s.label()).unwrap_or("");
                let title = format!("{channel} to {} ({role}): {}", m.recipient_name, m.subject);
                timeline.push((m.created_at, entry("Letter".into(), title, format!("Status: {status}"), m.created_by, Some(m.contact_reference))));
            }
            timeline.sort_by_key(|(at, _)| *at);
            let entries = timeline
                .into_iter()
                .map(|(at, mut e)| {
                    e.when = domain::display::date_time(at);
                    e
                })
                .collect();
            let child = format!("{} {}", person.given_name, person.family_name);
            ctx.audit(AuditAction::Read, RecordKind::Person, &person_id, &format!("Viewed the chronology of {child}"), reason.as_deref()).await?;
            Ok(ChronologyView {
                person_id,
                child,
                date_of_birth: person.date_of_birth.map(domain::display::date),
                address: format!("{}, {}", person.address, person.postcode),
                entries,
                withdrawn_notes,
                produced: domain::display::date_time(ctx.now()),
            })
        }
        .await,
    )
}
