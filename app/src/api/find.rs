//! "Find anything" (issue 9): the staff header's one search box. People through the person
//! index's own fuzzy search (a misspelt name still finds the child), contacts and online
//! requests by their reference with the inbox e-mail a contact came from, inbox e-mails by
//! subject or sender (for those who work the inbox), and staff by name.
//! Case records only for roles that work with them (administrators see staff only); every
//! person and contact shown is audited as read, as `people/search` does.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonHit {
    pub id: String,
    pub name: String,
    pub date_of_birth: String,
    pub postcode: String,
    /// "Strong match", "Possible match"… as the person index words it.
    pub strength: String,
    pub href: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ContactHit {
    pub id: String,
    pub reference: String,
    pub status: String,
    pub received: String,
    pub summary: String,
    pub children: Vec<String>,
    pub team: String,
    pub href: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InboxHit {
    pub id: String,
    pub subject: String,
    pub from: String,
    pub received: String,
    /// The reference of the contact the e-mail became, when it was found by that reference.
    pub reference: String,
    pub href: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StaffHit {
    pub name: String,
    pub roles: String,
    pub teams: String,
    pub email: String,
    /// The account's page, for administrators only.
    pub href: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FindResults {
    /// The query as read (trimmed, at most `domain::find::MAX_QUERY_CHARS`).
    pub query: String,
    pub people: Vec<PersonHit>,
    pub contacts: Vec<ContactHit>,
    pub inbox: Vec<InboxHit>,
    pub staff: Vec<StaffHit>,
    /// Whether the caller's roles let them find case records at all.
    pub case_records: bool,
    /// The person search matched more people than it could rank: add a date of birth.
    pub too_broad: bool,
    /// Why people were not searched (a date of birth in the future…), in the index's words.
    pub people_note: Option<String>,
}

impl FindResults {
    pub fn total(&self) -> usize {
        self.people.len() + self.contacts.len() + self.inbox.len() + self.staff.len()
    }
}

/// People shown at most; the person index ranks them best first.
pub const PEOPLE_SHOWN: usize = 10;
/// Staff shown at most.
pub const STAFF_SHOWN: usize = 20;
/// Inbox e-mails shown at most, and the shortest query that searches their subjects and senders.
pub const INBOX_SHOWN: usize = 10;
pub const INBOX_MIN_CHARS: usize = 3;

#[server(prefix = "/api", endpoint = "search/everything")]
pub async fn search_everything(#[server(default)] q: String) -> Result<FindResults, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::roles::RoleSet;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.staff()?.clone();
            let query = domain::find::parse(&q);
            let case_records = s.user.can_open_case_records();
            let mut out = FindResults { query: query.text.clone(), case_records, ..FindResults::default() };
            if query.is_empty() {
                return Ok(out);
            }
            if case_records {
                imp::people(&ctx, &query, &mut out).await?;
                imp::contacts(&ctx, &s.user, &query, &mut out).await?;
                imp::inbox(&ctx, &s.user, &query, &mut out).await?;
            }
            imp::staff(&ctx, &s.user, &query, &mut out).await?;
            Ok(out)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
mod imp {
    use super::*;
    use crate::ssr::Ctx;
    use domain::audit::{AuditAction, RecordKind};
    use domain::find::FindQuery;
    use domain::roles::RoleSet;
    use domain::StaffUser;

    const SHOWN: &str = "Shown in a search from the page header";

    pub async fn people(ctx: &Ctx, query: &FindQuery, out: &mut FindResults) -> Result<(), AppError> {
        let Some(form) = &query.person else { return Ok(()) };
        let today = domain::rules::uk_local_time(ctx.now()).date();
        let search = match domain::people::check_search(form, today) {
            Ok(q) => q,
            Err(errors) => {
                out.people_note = errors.into_iter().next().map(|e| e.message);
                return Ok(());
            }
        };
        let found = ctx.state.store.search_people(&search).await.map_err(|e| ctx.internal(e))?;
        out.too_broad = found.too_broad;
        for (p, m) in found.ranked.into_iter().take(PEOPLE_SHOWN) {
            ctx.audit(AuditAction::Read, RecordKind::Person, &p.id, SHOWN, None).await?;
            out.people.push(PersonHit {
                name: format!("{} {}", p.facts.given_names, p.facts.family_name).trim().to_string(),
                date_of_birth: p.facts.date_of_birth.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_else(|| "Not known".into()),
                postcode: p.facts.postcode.clone().unwrap_or_default(),
                strength: strength(m.strength()).into(),
                href: format!("/staff/people/{}", p.id),
                id: p.id,
            });
        }
        Ok(())
    }

    pub async fn contacts(ctx: &Ctx, user: &StaffUser, query: &FindQuery, out: &mut FindResults) -> Result<(), AppError> {
        let Some(compact) = &query.reference else { return Ok(()) };
        let store = &ctx.state.store;
        let found = store.contacts_by_reference(&query.text.to_ascii_uppercase(), compact).await.map_err(|e| ctx.internal(e))?;
        let inbox_worker = crate::api::inbox::may_work_inbox(user);
        for c in found {
            let children = store.contact_children(&c.id).await.map_err(|e| ctx.internal(e))?.iter().map(|ch| ch.name()).collect();
            ctx.audit(AuditAction::Read, RecordKind::Contact, &c.id, SHOWN, None).await?;
            if inbox_worker {
                for m in store.inbox_items_for_contact(&c.id).await.map_err(|e| ctx.internal(e))? {
                    push_inbox(ctx, out, m, &c.reference).await?;
                }
            }
            out.contacts.push(ContactHit {
                href: format!("/staff/contacts/{}", c.id),
                reference: c.reference,
                status: c.status,
                received: domain::display::date_time(c.received_at),
                summary: c.summary,
                children,
                team: c.assigned_user_name.or(c.assigned_team_name).unwrap_or_default(),
                id: c.id,
            });
        }
        Ok(())
    }

    /// Inbox e-mails by subject or sender, for those who work the inbox.
    pub async fn inbox(ctx: &Ctx, user: &StaffUser, query: &FindQuery, out: &mut FindResults) -> Result<(), AppError> {
        if !crate::api::inbox::may_work_inbox(user) || query.text.chars().count() < INBOX_MIN_CHARS {
            return Ok(());
        }
        let found = ctx.state.store.inbox_mail_matching(&query.text, INBOX_SHOWN as i64).await.map_err(|e| ctx.internal(e))?;
        for m in found {
            push_inbox(ctx, out, m, "").await?;
        }
        Ok(())
    }

    async fn push_inbox(ctx: &Ctx, out: &mut FindResults, m: storage::InboxMatch, reference: &str) -> Result<(), AppError> {
        if out.inbox.iter().any(|i| i.id == m.id) {
            return Ok(());
        }
        ctx.audit(AuditAction::Read, RecordKind::InboxItem, &m.id, SHOWN, None).await?;
        out.inbox.push(InboxHit {
            href: format!("/staff/inbox/{}", m.id),
            from: m.from_address,
            received: domain::display::date_time(m.received_at),
            reference: reference.to_string(),
            subject: m.subject,
            id: m.id,
        });
        Ok(())
    }

    pub async fn staff(ctx: &Ctx, me: &StaffUser, query: &FindQuery, out: &mut FindResults) -> Result<(), AppError> {
        let admin = me.can_administer();
        let users = ctx.state.store.list_users().await.map_err(|e| ctx.internal(e))?;
        out.staff = users
            .into_iter()
            .filter(|u| u.active && domain::find::staff_matches(&query.text, &u.display_name, &u.username))
            .take(STAFF_SHOWN)
            .map(|u| StaffHit {
                roles: u.roles.iter().map(|r| r.label()).collect::<Vec<_>>().join(", "),
                teams: u.teams.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", "),
                email: u.email.clone(),
                href: admin.then(|| format!("/staff/admin/users/{}", u.id)),
                name: u.display_name,
            })
            .collect();
        Ok(())
    }

    fn strength(s: domain::matching::MatchStrength) -> &'static str {
        use domain::matching::MatchStrength::*;
        match s {
            Identifier => "Identifier match",
            Strong => "Strong match",
            Possible => "Possible match",
            Weak => "Weak match",
        }
    }
}
