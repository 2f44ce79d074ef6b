//! The person and family index (issue 5, point 2): search with ranked candidates and their
//! reasons, a person's index details, create (only after a search: enforced here), update,
//! relationships, Children's Social Care involvement, and merges a manager can undo. Every
//! server function checks the role; reads and changes of a person are audited on that person.

use crate::error::AppError;
use domain::people::{InvolvementForm, PersonForm, SearchForm};
use domain::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReasonView {
    pub label: String,
    pub points: i32,
    /// Counts against the match ("Date of birth different").
    pub against: bool,
}

/// Children's Social Care involvement as shown on a candidate and a person's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CscStatus {
    pub id: String,
    pub open: bool,
    pub worker_name: String,
    pub worker_team: String,
    pub worker_phone: String,
    pub worker_email: String,
    pub opened_on: String,
    pub closed_on: Option<String>,
    pub closure_reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub date_of_birth: String,
    pub postcode: String,
    pub address: String,
    pub score: u32,
    /// "Identifier match", "Strong match", "Possible match" or "Weak match".
    pub strength: String,
    pub reasons: Vec<ReasonView>,
    /// The latest involvement (open first); `None` when not known to Children's Social Care.
    pub csc: Option<CscStatus>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SearchOutcome {
    Found {
        candidates: Vec<Candidate>,
        /// How many were fetched and scored (more than are shown).
        fetched: usize,
        /// The search matched too many people to trust the list: add a given name or a date.
        too_broad: bool,
        /// Present when the search named someone (both names): creating that person needs it.
        search_token: Option<String>,
        /// The search's details as a new person's form, to prefill "create".
        new_person: PersonForm,
    },
    Invalid { errors: Vec<FieldError> },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PersonOutcome {
    Saved { id: String, name: String, version: i64 },
    Invalid { errors: Vec<FieldError> },
    /// Create without a matching, recent search of the caller's own.
    SearchFirst { message: String },
    /// Someone else changed the record first: reload and make the change again.
    Stale { message: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ChangeOutcome {
    Done { message: String },
    Invalid { errors: Vec<FieldError> },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RelationshipView {
    pub id: String,
    pub relative_id: String,
    pub relative_name: String,
    pub relative_date_of_birth: String,
    /// What the relative is to this person ("Parent", "Sibling", "Child").
    pub label: String,
    /// "Holds Parental Responsibility for …" from whichever side holds it; empty when neither.
    pub parental_responsibility: String,
    pub household_member: bool,
    /// "Withdrawn by … on …: reason" when it was withdrawn (it then counts for nothing).
    pub withdrawn: Option<String>,
    /// Whether this reader may restore it (the server decides again).
    pub can_restore: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergeView {
    pub id: String,
    /// "Eva Tomson was merged into this record" or "This record was merged into Ava Thompson".
    pub summary: String,
    pub other_id: String,
    pub reason: String,
    pub at: String,
    pub undone: Option<String>,
    pub can_unmerge: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonIndexView {
    pub id: String,
    pub name: String,
    pub form: PersonForm,
    pub version: i64,
    pub merged_into: Option<(String, String)>,
    pub relationships: Vec<RelationshipView>,
    pub involvements: Vec<CscStatus>,
    pub merges: Vec<MergeView>,
    pub can_merge: bool,
    /// (slug, label) of every relationship kind, for the link form.
    pub kinds: Vec<(String, String)>,
}

#[cfg(feature = "ssr")]
mod imp {
    use super::*;
    use crate::ssr::{Ctx, SessionInfo};
    use domain::audit::{AuditAction, RecordKind};
    use domain::matching::{MatchStrength, PersonFacts};
    use domain::roles::RoleSet;

    pub fn today(ctx: &Ctx) -> chrono::NaiveDate {
        domain::rules::uk_local_time(ctx.now()).date()
    }

    /// Staff who work case records may use the index; refusals are audited.
    pub async fn staff(ctx: &Ctx, what: &str) -> Result<SessionInfo, AppError> {
        let s = ctx.staff()?.clone();
        if !s.user.can_open_case_records() {
            ctx.audit(AuditAction::Refused, RecordKind::Person, "", &format!("{what}: role does not work with case records"), None).await?;
            return Err(AppError::Forbidden);
        }
        Ok(s)
    }

    /// A person the reader may open (in their worklists or opened with a reason): returns the
    /// reason for the audit entry.
    pub async fn open(ctx: &Ctx, s: &SessionInfo, person_id: &str) -> Result<(storage::IndexedPerson, Option<String>), AppError> {
        let p = ctx.state.store.get_indexed_person(person_id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
        let reason = crate::ssr::access::require(ctx, s, RecordKind::Person, person_id).await?;
        Ok((p, reason))
    }

    pub fn name(p: &PersonFacts) -> String {
        format!("{} {}", p.given_names, p.family_name).trim().to_string()
    }

    pub fn dob(d: Option<chrono::NaiveDate>) -> String {
        d.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_else(|| "Not known".into())
    }

    pub fn csc(i: storage::InvolvementRow) -> CscStatus {
        CscStatus {
            open: i.status == domain::people::InvolvementStatus::Open.slug(),
            id: i.id,
            worker_name: i.worker_name,
            worker_team: i.worker_team,
            worker_phone: i.worker_phone,
            worker_email: i.worker_email,
            opened_on: dob(Some(i.opened_on)),
            closed_on: i.closed_on.map(|d| dob(Some(d))),
            closure_reason: i.closure_reason,
        }
    }

    pub fn strength(s: MatchStrength) -> &'static str {
        match s {
            MatchStrength::Identifier => "Identifier match",
            MatchStrength::Strong => "Strong match",
            MatchStrength::Possible => "Possible match",
            MatchStrength::Weak => "Weak match",
        }
    }

    pub fn is_manager(s: &SessionInfo) -> bool {
        s.user.roles.iter().any(|r| r.is_manager())
    }
}

/// Searches the index. Candidates come ranked, best first, with the reasons behind each score
/// and their Children's Social Care status; each one shown is audited as read.
#[server(prefix = "/api", endpoint = "people/search")]
pub async fn search_people(search: SearchForm) -> Result<SearchOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use imp::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = staff(&ctx, "Person search").await?;
            let query = match domain::people::check_search(&search, today(&ctx)) {
                Ok(q) => q,
                Err(errors) => return Ok(SearchOutcome::Invalid { errors }),
            };
            let store = &ctx.state.store;
            let found = store.search_people(&query).await.map_err(|e| ctx.internal(e))?;
            let shown: Vec<_> = found.ranked.into_iter().take(domain::people::SHOWN_CANDIDATES).collect();
            let ids: Vec<String> = shown.iter().map(|(p, _)| p.id.clone()).collect();
            let involvements = store.involvements_of(&ids).await.map_err(|e| ctx.internal(e))?;
            let mut candidates = Vec::new();
            for (p, m) in shown {
                // Open first, then the latest: the first row per person is the one to show.
                let status = involvements.iter().find(|i| i.person_id == p.id).cloned().map(csc);
                ctx.audit(AuditAction::Read, RecordKind::Person, &p.id, "Shown as a candidate in a person search", None).await?;
                candidates.push(Candidate {
                    name: name(&p.facts),
                    date_of_birth: dob(p.facts.date_of_birth),
                    postcode: p.facts.postcode.clone().unwrap_or_default(),
                    address: p.facts.address.clone().unwrap_or_default(),
                    score: m.score,
                    strength: strength(m.strength()).into(),
                    reasons: m.reasons.iter().map(|r| ReasonView { label: r.label.clone(), points: r.points, against: r.is_against() }).collect(),
                    csc: status,
                    id: p.id,
                });
            }
            let search_token = match domain::people::search_identity_key(&query) {
                Some(key) => Some(store.record_person_search(&s.user.id, &key, ctx.now()).await.map_err(|e| ctx.internal(e))?),
                None => None,
            };
            let new_person = PersonForm {
                given_names: search.given_name.trim().into(),
                family_name: search.family_name.trim().into(),
                date_of_birth: search.date_of_birth.trim().into(),
                postcode: search.postcode.trim().into(),
                address: search.address.trim().into(),
                phone: search.phone.trim().into(),
                nhs_number: query.nhs_number.clone().unwrap_or_default(),
                upn: query.upn.clone().unwrap_or_default(),
                la_child_id: query.la_child_id.clone().unwrap_or_default(),
                ..PersonForm::default()
            };
            Ok(SearchOutcome::Found { candidates, fetched: found.fetched, too_broad: found.too_broad, search_token, new_person })
        }
        .await,
    )
}

/// A person's index details: identifiers, relationships, CSC involvement and merges.
#[server(prefix = "/api", endpoint = "people/get")]
pub async fn get_person_index(person_id: String) -> Result<PersonIndexView, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::people::RelationshipKind;
    use imp::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = staff(&ctx, "Person index details").await?;
            let (p, reason) = open(&ctx, &s, &person_id).await?;
            let store = &ctx.state.store;
            let merged_into = match &p.merged_into {
                Some(id) => store.get_indexed_person(id).await.map_err(|e| ctx.internal(e))?.map(|o| (o.id.clone(), name(&o.facts))),
                None => None,
            };
            let relationships = store
                .relationships_with_withdrawn(&p.id)
                .await
                .map_err(|e| ctx.internal(e))?
                .into_iter()
                .map(|r| {
                    let kind = RelationshipKind::from_slug(&r.kind);
                    // Rows read "subject is <kind> of other": the relative's label is the kind when
                    // they are the subject, its inverse when this person is.
                    let label = match kind {
                        Some(k) if r.reader_is_subject => k.inverse_label().to_string(),
                        Some(k) => k.label().to_string(),
                        None => r.kind.clone(),
                    };
                    let parental_responsibility = match (r.parental_responsibility, r.reader_is_subject) {
                        (false, _) => String::new(),
                        (true, true) => "This person holds Parental Responsibility for them".into(),
                        (true, false) => "Holds Parental Responsibility for this person".into(),
                    };
                    let can_restore = r.withdrawal.as_ref().is_some_and(|w| {
                        let w = domain::notes::Withdrawal { by: &w.by, at: w.at };
                        domain::people::may_restore_relationship(Some(w), &s.user.id, &s.user.roles, ctx.now()).is_ok()
                    });
                    RelationshipView {
                        withdrawn: r.withdrawal.as_ref().map(|w| format!("Withdrawn by {} on {}: {}", w.by_name, domain::display::date_time(w.at), w.reason)),
                        can_restore,
                        id: r.id,
                        relative_id: r.relative_id,
                        relative_name: r.relative_name,
                        relative_date_of_birth: dob(r.relative_date_of_birth),
                        label,
                        parental_responsibility,
                        household_member: r.household_member,
                    }
                })
                .collect();
            let involvements = store.involvements_of(std::slice::from_ref(&p.id)).await.map_err(|e| ctx.internal(e))?.into_iter().map(csc).collect();
            let manager = is_manager(&s);
            let mut merges = Vec::new();
            for m in store.merges_of(&p.id).await.map_err(|e| ctx.internal(e))? {
                let survivor = m.survivor_id == p.id;
                let other_id = if survivor { m.merged_id.clone() } else { m.survivor_id.clone() };
                let other = store.get_indexed_person(&other_id).await.map_err(|e| ctx.internal(e))?.map(|o| name(&o.facts)).unwrap_or_default();
                merges.push(MergeView {
                    summary: if survivor { format!("{other} was merged into this record") } else { format!("This record was merged into {other}") },
                    other_id,
                    reason: m.reason,
                    at: domain::display::date_time(m.merged_at),
                    undone: m.unmerged_at.map(|at| format!("Unmerged {}: {}", domain::display::date_time(at), m.unmerge_reason)),
                    can_unmerge: manager && m.unmerged_at.is_none(),
                    id: m.id,
                });
            }
            let n = name(&p.facts);
            ctx.audit(AuditAction::Read, RecordKind::Person, &p.id, &format!("Read the index details of {n}"), reason.as_deref()).await?;
            let mut form = domain::people::form_of(&p.facts);
            if let Some((gender, ethnicity)) = ctx.state.store.person_demographics(&p.id).await.map_err(|e| ctx.internal(e))? {
                form.gender = gender;
                form.ethnicity = ethnicity;
            }
            Ok(PersonIndexView {
                id: p.id.clone(),
                name: n,
                form,
                version: p.version,
                merged_into,
                relationships,
                involvements,
                merges,
                can_merge: manager && p.merged_into.is_none(),
                kinds: RelationshipKind::ALL.iter().map(|k| (k.slug().to_string(), k.label().to_string())).collect(),
            })
        }
        .await,
    )
}

/// Creates a person, only after a search: `search_token` must come from the caller's own search
/// for the same names and date of birth within `SEARCH_VALID_MINUTES`. A person whose NHS number,
/// UPN or LA child id is already on the index is refused (open that record instead).
#[server(prefix = "/api", endpoint = "people/create")]
pub async fn create_person(person: PersonForm, #[server(default)] search_token: String) -> Result<PersonOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::matching::{MatchStrength, SearchQuery};
    use imp::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = staff(&ctx, "Create a person").await?;
            let facts = match domain::people::check_person(&person, today(&ctx)) {
                Ok(f) => f,
                Err(errors) => return Ok(PersonOutcome::Invalid { errors }),
            };
            let store = &ctx.state.store;
            let key = domain::people::identity_key(&facts.given_names, &facts.family_name, facts.date_of_birth);
            let since = ctx.now() - chrono::Duration::minutes(domain::people::SEARCH_VALID_MINUTES);
            if !store.person_search_counts(&search_token, &s.user.id, &key, since).await.map_err(|e| ctx.internal(e))? {
                return Ok(PersonOutcome::SearchFirst {
                    message: format!(
                        "Search for this person first, with the same names and date of birth, to check they are not already known. A search counts for {} minutes.",
                        domain::people::SEARCH_VALID_MINUTES
                    ),
                });
            }
            // The server checks again: an identifier already on the index is the same person.
            let by_ids = SearchQuery { nhs_number: facts.nhs_number.clone(), upn: facts.upn.clone(), la_child_id: facts.la_child_id.clone(), ..SearchQuery::default() };
            if by_ids.nhs_number.is_some() || by_ids.upn.is_some() || by_ids.la_child_id.is_some() {
                let found = store.search_people(&by_ids).await.map_err(|e| ctx.internal(e))?;
                if let Some((p, _)) = found.ranked.iter().find(|(_, m)| m.strength() == MatchStrength::Identifier) {
                    let field = if p.facts.nhs_number.is_some() && p.facts.nhs_number == facts.nhs_number {
                        "nhs_number"
                    } else if p.facts.upn.is_some() && p.facts.upn == facts.upn {
                        "upn"
                    } else {
                        "la_child_id"
                    };
                    return Ok(PersonOutcome::Invalid {
                        errors: vec![FieldError::new(field, format!("{} already has this identifier: add them to the call instead", name(&p.facts)))],
                    });
                }
            }
            let id = store.create_indexed_person(&facts, ctx.now()).await.map_err(|e| ctx.internal(e))?;
            let (gender, ethnicity) = domain::people::demographics_of(&person);
            store.set_person_demographics(&id, &gender, &ethnicity, ctx.now()).await.map_err(|e| ctx.internal(e))?;
            let n = name(&facts);
            ctx.audit(AuditAction::Create, RecordKind::Person, &id, &format!("Created {n} after a search"), None).await?;
            Ok(PersonOutcome::Saved { id, name: n, version: 1 })
        }
        .await,
    )
}

/// Changes a person's details; `version` is the one the form was filled from.
#[server(prefix = "/api", endpoint = "people/update")]
pub async fn update_person(person_id: String, person: PersonForm, version: i64) -> Result<PersonOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use imp::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = staff(&ctx, "Update a person").await?;
            let (stored, reason) = open(&ctx, &s, &person_id).await?;
            let facts = match domain::people::check_person(&person, today(&ctx)) {
                Ok(f) => domain::people::updated_facts(&stored.facts, f),
                Err(errors) => return Ok(PersonOutcome::Invalid { errors }),
            };
            match ctx.state.store.update_person(&person_id, &facts, version, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                Some(v) => {
                    let n = name(&facts);
                    let (gender, ethnicity) = domain::people::demographics_of(&person);
                    ctx.state.store.set_person_demographics(&person_id, &gender, &ethnicity, ctx.now()).await.map_err(|e| ctx.internal(e))?;
                    ctx.audit(AuditAction::Update, RecordKind::Person, &person_id, &format!("Changed the details of {n}"), reason.as_deref()).await?;
                    crate::api::drafts::clear(&ctx, &s.user.id, &person_details_draft_key(&person_id)).await?;
                    Ok(PersonOutcome::Saved { id: person_id, name: n, version: v })
                }
                None => Ok(PersonOutcome::Stale { message: "Someone else changed this record (or merged it) after you opened it. Reload the page and make your change again.".into() }),
            }
        }
        .await,
    )
}

/// Links `person_id` to `other_person_id`: "person is <kind> of other person". Unchecked boxes
/// are absent from a form, hence the defaults. `from` names the record the user is working on
/// (one of the two; `person_id` when absent): access is checked on it, and the other end need
/// only be on the index, as when a relative just found or created is linked to a child.
#[server(prefix = "/api", endpoint = "people/link")]
pub async fn link_people(
    person_id: String,
    other_person_id: String,
    kind: String,
    #[server(default)] parental_responsibility: bool,
    #[server(default)] household_member: bool,
    #[server(default)] from: String,
) -> Result<ChangeOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use imp::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = staff(&ctx, "Link people").await?;
            let k = match domain::people::check_relationship(&person_id, &other_person_id, &kind, parental_responsibility) {
                Ok(k) => k,
                Err(errors) => return Ok(ChangeOutcome::Invalid { errors }),
            };
            let from = if from.is_empty() { person_id.clone() } else { from };
            let far_end = if from == person_id { &other_person_id } else if from == other_person_id { &person_id } else { return Err(AppError::NotFound) };
            let (near, reason) = open(&ctx, &s, &from).await?;
            let far = ctx.state.store.get_indexed_person(far_end).await.map_err(|e| ctx.internal(e))?;
            let Some(far) = far.filter(|p| p.merged_into.is_none()) else {
                return Ok(ChangeOutcome::Invalid { errors: vec![FieldError::new("other_person", "Choose a person from the index")] });
            };
            let (a, b) = if from == person_id { (near, far) } else { (far, near) };
            let new = storage::NewRelationship {
                person_id: &a.id,
                other_person_id: &b.id,
                kind: k.slug(),
                parental_responsibility,
                household_member,
                created_by: Some(&s.user.id),
            };
            match ctx.state.store.link_people(new, ctx.now()).await {
                Ok(_) => {}
                Err(storage::StorageError::Conflict(_)) => {
                    let message = "These two people are already linked that way (if that link was withdrawn, restore it instead)";
                    return Ok(ChangeOutcome::Invalid { errors: vec![FieldError::new("kind", message)] });
                }
                Err(e) => return Err(ctx.internal(e)),
            }
            let summary = format!("Linked {} as {} of {}{}", name(&a.facts), k.label().to_lowercase(), name(&b.facts), if parental_responsibility { ", with Parental Responsibility" } else { "" });
            ctx.audit(AuditAction::Update, RecordKind::Person, &a.id, &summary, reason.as_deref()).await?;
            ctx.audit(AuditAction::Update, RecordKind::Person, &b.id, &summary, reason.as_deref()).await?;
            Ok(ChangeOutcome::Done { message: summary })
        }
        .await,
    )
}

/// The draft of changes to a person's details (issue 9 point 1); cleared when they are saved.
pub fn person_details_draft_key(person_id: &str) -> String {
    format!("person-details:{person_id}")
}

/// Withdraws a relationship recorded in error, seen from `person_id`'s record, with the reason.
/// Nothing is deleted: it stays on both people's pages, marked, and can be restored.
#[server(prefix = "/api", endpoint = "people/withdraw_relationship")]
pub async fn withdraw_relationship(person_id: String, relationship_id: String, reason: String) -> Result<ChangeOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use imp::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = staff(&ctx, "Withdraw a relationship").await?;
            let (_, access_reason) = open(&ctx, &s, &person_id).await?;
            let store = &ctx.state.store;
            let belongs = store.relationships_with_withdrawn(&person_id).await.map_err(|e| ctx.internal(e))?.iter().any(|r| r.id == relationship_id);
            if !belongs {
                return Err(AppError::NotFound);
            }
            if let Err(errors) = domain::people::check_relationship_withdrawal(&reason) {
                return Ok(ChangeOutcome::Invalid { errors });
            }
            let Some((a, b)) = store.withdraw_relationship(&relationship_id, &s.user.id, reason.trim(), ctx.now()).await.map_err(|e| ctx.internal(e))? else {
                return Ok(ChangeOutcome::Invalid { errors: vec![FieldError::new("withdraw_reason", "This relationship has already been withdrawn")] });
            };
            let summary = format!("Withdrew relationship {relationship_id}: {}", reason.trim());
            for id in [&a, &b] {
                ctx.audit(AuditAction::Update, RecordKind::Person, id, &summary, access_reason.as_deref()).await?;
            }
            let message = format!("The relationship has been withdrawn. You can restore it in the next {} minutes; after that, ask a manager.", domain::notes::UNDO_MINUTES);
            Ok(ChangeOutcome::Done { message })
        }
        .await,
    )
}

/// Restores a withdrawn relationship: whoever withdrew it, for a short time; a manager, at any time.
#[server(prefix = "/api", endpoint = "people/restore_relationship")]
pub async fn restore_relationship(person_id: String, relationship_id: String) -> Result<ChangeOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use imp::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = staff(&ctx, "Restore a relationship").await?;
            let (_, access_reason) = open(&ctx, &s, &person_id).await?;
            let store = &ctx.state.store;
            let found = store.relationships_with_withdrawn(&person_id).await.map_err(|e| ctx.internal(e))?.into_iter().find(|r| r.id == relationship_id);
            let Some(r) = found else { return Err(AppError::NotFound) };
            let w = r.withdrawal.as_ref().map(|w| domain::notes::Withdrawal { by: &w.by, at: w.at });
            if let Err(refusal) = domain::people::may_restore_relationship(w, &s.user.id, &s.user.roles, ctx.now()) {
                return Ok(ChangeOutcome::Invalid { errors: vec![FieldError::new("relationships", refusal.to_string())] });
            }
            let Some((a, b)) = store.restore_relationship(&relationship_id).await.map_err(|e| ctx.internal(e))? else {
                return Ok(ChangeOutcome::Invalid { errors: vec![FieldError::new("relationships", domain::people::RelationshipRefusal::NotWithdrawn.to_string())] });
            };
            for id in [&a, &b] {
                ctx.audit(AuditAction::Update, RecordKind::Person, id, &format!("Restored relationship {relationship_id}"), access_reason.as_deref()).await?;
            }
            Ok(ChangeOutcome::Done { message: "The relationship has been restored.".into() })
        }
        .await,
    )
}

/// Records that a person is open to Children's Social Care, with the allocated worker.
#[server(prefix = "/api", endpoint = "people/record_involvement")]
pub async fn record_involvement(person_id: String, involvement: InvolvementForm) -> Result<ChangeOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use imp::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = staff(&ctx, "Record CSC involvement").await?;
            let (p, reason) = open(&ctx, &s, &person_id).await?;
            let i = match domain::people::check_involvement(&involvement, today(&ctx)) {
                Ok(i) => i,
                Err(errors) => return Ok(ChangeOutcome::Invalid { errors }),
            };
            let new = storage::NewInvolvement {
                person_id: &p.id,
                worker_name: &i.worker_name,
                worker_team: &i.worker_team,
                worker_phone: &i.worker_phone,
                worker_email: &i.worker_email,
                opened_on: i.opened_on,
                created_by: Some(&s.user.id),
            };
            ctx.state.store.record_involvement(new, ctx.now()).await.map_err(|e| ctx.internal(e))?;
            let summary = format!("Recorded {} as open to Children's Social Care, allocated to {}", name(&p.facts), i.worker_name);
            ctx.audit(AuditAction::Update, RecordKind::Person, &p.id, &summary, reason.as_deref()).await?;
            Ok(ChangeOutcome::Done { message: summary })
        }
        .await,
    )
}

/// Closes an open involvement with its date and reason.
#[server(prefix = "/api", endpoint = "people/close_involvement")]
pub async fn close_involvement(involvement_id: String, closed_on: String, closure_reason: String) -> Result<ChangeOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use imp::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = staff(&ctx, "Close CSC involvement").await?;
            let store = &ctx.state.store;
            let i = store.get_involvement(&involvement_id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            let (p, reason) = open(&ctx, &s, &i.person_id).await?;
            let closed = match domain::people::check_closure(i.opened_on, &closed_on, &closure_reason, today(&ctx)) {
                Ok(d) => d,
                Err(errors) => return Ok(ChangeOutcome::Invalid { errors }),
            };
            if !store.close_involvement(&i.id, closed, closure_reason.trim(), ctx.now()).await.map_err(|e| ctx.internal(e))? {
                return Ok(ChangeOutcome::Invalid { errors: vec![FieldError::new("closed_on", "This involvement is already closed")] });
            }
            let summary = format!("Closed the Children's Social Care involvement of {}", name(&p.facts));
            ctx.audit(AuditAction::Update, RecordKind::Person, &p.id, &summary, reason.as_deref()).await?;
            Ok(ChangeOutcome::Done { message: summary })
        }
        .await,
    )
}

/// Merges `merged_id` into `survivor_id` (managers only; both records open to them). Audited on
/// both records and undone with `people/unmerge`.
#[server(prefix = "/api", endpoint = "people/merge")]
pub async fn merge_people(survivor_id: String, merged_id: String, reason: String) -> Result<ChangeOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use imp::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = staff(&ctx, "Merge records").await?;
            if !is_manager(&s) {
                ctx.audit(AuditAction::Refused, RecordKind::Person, &survivor_id, "Merge records: managers only", None).await?;
                return Err(AppError::Forbidden);
            }
            if let Err(errors) = domain::people::check_merge(&survivor_id, &merged_id, &reason) {
                return Ok(ChangeOutcome::Invalid { errors });
            }
            let (a, why_a) = open(&ctx, &s, &survivor_id).await?;
            let (b, why_b) = open(&ctx, &s, &merged_id).await?;
            match ctx.state.store.merge_people(&a.id, &b.id, reason.trim(), Some(&s.user.id), ctx.now()).await.map_err(|e| ctx.internal(e))? {
                storage::MergeOutcome::Merged { .. } => {
                    let summary = format!("Merged {} into {}: {}", name(&b.facts), name(&a.facts), reason.trim());
                    ctx.audit(AuditAction::Update, RecordKind::Person, &a.id, &summary, why_a.as_deref()).await?;
                    ctx.audit(AuditAction::Update, RecordKind::Person, &b.id, &summary, why_b.as_deref()).await?;
                    Ok(ChangeOutcome::Done { message: summary })
                }
                storage::MergeOutcome::NotMergeable => Ok(ChangeOutcome::Invalid {
                    errors: vec![FieldError::new("merge_with", "One of these records is already merged into another: unmerge it first")],
                }),
            }
        }
        .await,
    )
}

/// Undoes a merge: the rows it moved go back and the merged record is searchable again.
#[server(prefix = "/api", endpoint = "people/unmerge")]
pub async fn unmerge_people(merge_id: String, reason: String) -> Result<ChangeOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use imp::*;
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = staff(&ctx, "Unmerge records").await?;
            if !is_manager(&s) {
                ctx.audit(AuditAction::Refused, RecordKind::Person, &merge_id, "Unmerge records: managers only", None).await?;
                return Err(AppError::Forbidden);
            }
            if domain::validation::non_blank(&reason).is_none() {
                return Ok(ChangeOutcome::Invalid { errors: vec![FieldError::new("unmerge_reason", "Enter why these records are not the same person")] });
            }
            let store = &ctx.state.store;
            let m = store.get_merge(&merge_id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            let (_, why) = open(&ctx, &s, &m.survivor_id).await?;
            let Some(m) = store.unmerge_people(&merge_id, reason.trim(), Some(&s.user.id), ctx.now()).await.map_err(|e| ctx.internal(e))? else {
                return Ok(ChangeOutcome::Invalid { errors: vec![FieldError::new("unmerge_reason", "This merge has already been undone")] });
            };
            let summary = format!("Unmerged two records: {}", reason.trim());
            for id in [&m.survivor_id, &m.merged_id] {
                ctx.audit(AuditAction::Update, RecordKind::Person, id, &summary, why.as_deref()).await?;
            }
            Ok(ChangeOutcome::Done { message: summary })
        }
        .await,
    )
}
