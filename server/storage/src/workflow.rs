//! The contact workflow's storage (issue 5): contacts as the front door records them, their
//! children, work items on worklists, the decision log, claims and reassignments. Nothing here
//! decides anything: `app::api::workflow` runs `domain::workflow::decide` and hands the result
//! over to be written in one transaction, guarded by the contact's version so no decision
//! silently overwrites another, and claims are conditional updates so only one person wins.

use crate::time::{date_from_db, from_db, to_db};
use crate::{flag, new_id, Result, Store};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;

/// Work items are about a subject; contacts are the first kind.
pub const CONTACT_SUBJECT: &str = "contact";

pub struct NewWorkItem<'a> {
    pub stage: &'a str,
    pub worklist: &'a str,
    pub team_id: Option<&'a str>,
    pub assigned_user_id: Option<&'a str>,
    pub timescale: &'a str,
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub calendar_version: &'a str,
}

/// A contact as a call or a Request for Support records it.
pub struct NewCaseContact<'a> {
    pub reference: &'a str,
    /// `call` while a call is in progress, `open` otherwise.
    pub status: &'a str,
    pub channel: &'a str,
    pub caller_kind: Option<&'a str>,
    pub summary: &'a str,
    pub concern: &'a str,
    pub referrer: Referrer<'a>,
    pub contact_source: &'a str,
    pub flow: &'a str,
    pub level: Option<&'a str>,
    pub received_at: DateTime<Utc>,
    pub created_by: &'a str,
    pub children: &'a [String],
    pub repeat_within_7_days: bool,
    pub referral_within_12_months: bool,
    pub first_items: Vec<NewWorkItem<'a>>,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Referrer<'a> {
    pub name: &'a str,
    pub organisation: &'a str,
    pub role: &'a str,
    pub relationship: &'a str,
    pub phone: &'a str,
    pub email: &'a str,
    pub consent_given_by: &'a str,
    pub consent_scopes: &'a str,
}

#[derive(Clone, Debug)]
pub struct ChildRow {
    pub person_id: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
}

impl ChildRow {
    pub fn name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }
}

/// Everything the contact page shows about the contact itself.
#[derive(Clone, Debug)]
pub struct ContactDetail {
    pub id: String,
    pub reference: String,
    pub status: String,
    pub channel: String,
    pub caller_kind: Option<String>,
    pub summary: String,
    pub concern: String,
    pub referrer_name: String,
    pub referrer_organisation: String,
    pub referrer_role: String,
    pub referrer_relationship: String,
    pub referrer_phone: String,
    pub referrer_email: String,
    pub contact_source: String,
    pub consent_given_by: String,
    pub consent_scopes: String,
    pub flow: String,
    pub level: Option<String>,
    pub is_referral: bool,
    pub referral_at: Option<DateTime<Utc>>,
    pub repeat_within_7_days: bool,
    pub referral_within_12_months: bool,
    pub outcome: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub received_at: DateTime<Utc>,
    pub version: i64,
    /// The version of the call details (see `update_call_details`).
    pub details_version: i64,
    pub children: Vec<ChildRow>,
}

#[derive(Clone, Debug)]
pub struct WorkItemRow {
    pub id: String,
    pub subject_kind: String,
    pub subject_id: String,
    pub stage: String,
    pub worklist: String,
    pub team_id: Option<String>,
    pub team_name: Option<String>,
    pub assigned_user_id: Option<String>,
    pub assigned_name: Option<String>,
    pub status: String,
    pub timescale: String,
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub claimed_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    pub completed_by_name: Option<String>,
    pub decision: Option<String>,
    pub version: i64,
}

/// A work item with what a worklist shows about its contact.
#[derive(Clone, Debug)]
pub struct WorklistRow {
    pub item: WorkItemRow,
    pub reference: String,
    pub channel: String,
    pub summary: String,
    pub level: Option<String>,
    pub is_referral: bool,
    pub repeat_within_7_days: bool,
    pub referral_within_12_months: bool,
    pub received_at: DateTime<Utc>,
    pub children: Vec<String>,
}

/// Which items a worklist query returns.
#[derive(Clone, Debug)]
pub enum WorklistScope<'a> {
    /// Open items assigned to this user.
    AssignedTo(&'a str),
    /// Open items nobody has claimed, on these worklists, held by these teams.
    Unclaimed { team_ids: &'a [String], worklists: &'a [String] },
    /// Every open item held by these teams (a manager's view).
    Teams(&'a [String]),
}

/// Open items counted per worklist, team and holder (None = unclaimed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorklistCount {
    pub worklist: String,
    pub team_id: Option<String>,
    pub team_name: Option<String>,
    pub assigned_user_id: Option<String>,
    pub assigned_name: Option<String>,
    pub open: i64,
    pub overdue: i64,
}

/// What changes on the contact when a decision is stored.
pub struct ContactChange<'a> {
    pub flow: &'a str,
    pub level: Option<&'a str>,
    pub is_referral: bool,
    pub status: &'a str,
    pub outcome: Option<&'a str>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// One line of the decision log.
pub struct DecisionLog<'a> {
    pub stage: &'a str,
    pub worklist: &'a str,
    pub decision: &'a str,
    pub detail: &'a str,
    pub reason: &'a str,
    pub outcome: &'a str,
    pub seed: &'a str,
    pub decided_by: &'a str,
    pub decided_at: DateTime<Utc>,
}

pub struct DecisionWrite<'a> {
    pub contact_id: &'a str,
    /// The version of the contact the decision was made on.
    pub expected_version: i64,
    pub item_id: &'a str,
    /// Complete the item (false: a call to the parent that leaves it open).
    pub complete_item: bool,
    pub change: ContactChange<'a>,
    pub new_items: Vec<NewWorkItem<'a>>,
    /// When the contact closes, any other open items on it are cancelled.
    pub cancel_other_items: bool,
    pub log: DecisionLog<'a>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applied {
    /// Stored; the contact's new version.
    Yes { version: i64 },
    /// Someone changed the contact (or finished the item) first; nothing was written.
    Stale,
}

#[derive(Clone, Debug)]
pub struct DecisionLogRow {
    pub id: String,
    pub stage: String,
    pub worklist: String,
    pub decision: String,
    pub detail: String,
    pub reason: String,
    pub outcome: String,
    pub seed: String,
    pub decided_by_name: String,
    pub decided_at: DateTime<Utc>,
}

/// The earlier contacts and referrals of a group of children, for the repeat-concern flags.
#[derive(Clone, Debug, Default)]
pub struct ChildHistory {
    pub contacts: Vec<DateTime<Utc>>,
    pub referrals: Vec<DateTime<Utc>>,
}

#[derive(Clone, Debug)]
pub struct DraftRow {
    pub form_key: String,
    pub record_kind: String,
    pub record_id: String,
    pub title: String,
    pub path: String,
    pub data: String,
    pub updated_at: DateTime<Utc>,
}

pub struct NewDraft<'a> {
    pub user_id: &'a str,
    pub form_key: &'a str,
    pub record_kind: &'a str,
    pub record_id: &'a str,
    pub title: &'a str,
    pub path: &'a str,
    pub data: &'a str,
}

const ITEM_SELECT: &str = "SELECT w.id, w.subject_kind, w.subject_id, w.stage, w.worklist, w.team_id, t.name AS team_name,
        w.assigned_user_id, u.display_name AS assigned_name, w.status, w.timescale, w.started_at, w.due_at, w.claimed_at,
        w.completed_at, cu.display_name AS completed_by_name, w.decision, w.version
     FROM work_items w
     LEFT JOIN teams t ON t.id = w.team_id
     LEFT JOIN users u ON u.id = w.assigned_user_id
     LEFT JOIN users cu ON cu.id = w.completed_by";

const CONTACT_DETAIL_SELECT: &str = "SELECT id, reference, status, channel, caller_kind, summary, concern, referrer_name,
        referrer_organisation, referrer_role, referrer_relationship, referrer_phone, referrer_email, contact_source,
        consent_given_by, consent_scopes, flow, level, is_referral, referral_at, repeat_within_7_days,
        referral_within_12_months, outcome, closed_at, received_at, version, details_version
     FROM contacts";

fn opt_time(r: &AnyRow, col: &str) -> Result<Option<DateTime<Utc>>> {
    let s: Option<String> = r.try_get(col)?;
    s.as_deref().map(from_db).transpose()
}

fn bool_col(r: &AnyRow, col: &str) -> Result<bool> {
    Ok(r.try_get::<i64, _>(col)? != 0)
}

fn row_to_item(r: &AnyRow) -> Result<WorkItemRow> {
    Ok(WorkItemRow {
        id: r.try_get("id")?,
        subject_kind: r.try_get("subject_kind")?,
        subject_id: r.try_get("subject_id")?,
        stage: r.try_get("stage")?,
        worklist: r.try_get("worklist")?,
        team_id: r.try_get("team_id")?,
        team_name: r.try_get("team_name")?,
        assigned_user_id: r.try_get("assigned_user_id")?,
        assigned_name: r.try_get("assigned_name")?,
        status: r.try_get("status")?,
        timescale: r.try_get("timescale")?,
        started_at: from_db(&r.try_get::<String, _>("started_at")?)?,
        due_at: from_db(&r.try_get::<String, _>("due_at")?)?,
        claimed_at: opt_time(r, "claimed_at")?,
        completed_at: opt_time(r, "completed_at")?,
        completed_by_name: r.try_get("completed_by_name")?,
        decision: r.try_get("decision")?,
        version: r.try_get("version")?,
    })
}

/// `$start, $start+1, …` for an IN list of `n` values.
fn placeholders(start: usize, n: usize) -> String {
    (start..start + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

pub(crate) async fn insert_item(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    subject_id: &str,
    item: &NewWorkItem<'_>,
    created_by: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    insert_item_about(tx, CONTACT_SUBJECT, subject_id, item, created_by, now).await
}

/// A work item about any subject (a contact, or an inbox item waiting for review).
pub(crate) async fn insert_item_about(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    subject_kind: &str,
    subject_id: &str,
    item: &NewWorkItem<'_>,
    created_by: &str,
    now: DateTime<Utc>,
) -> Result<String> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO work_items (id, subject_kind, subject_id, stage, worklist, team_id, assigned_user_id, status, timescale,
             started_at, due_at, calendar_version, created_at, created_by, claimed_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10, $11, $12, $13, $14, 1)",
    )
    .bind(&id)
    .bind(subject_kind)
    .bind(subject_id)
    .bind(item.stage)
    .bind(item.worklist)
    .bind(item.team_id)
    .bind(item.assigned_user_id)
    .bind(item.timescale)
    .bind(to_db(item.started_at))
    .bind(to_db(item.due_at))
    .bind(item.calendar_version)
    .bind(to_db(now))
    .bind(created_by)
    .bind(item.assigned_user_id.map(|_| to_db(now)))
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// Inserts a contact with its children and first work items inside the caller's transaction.
pub(crate) async fn insert_case_contact(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    c: &NewCaseContact<'_>,
    now: DateTime<Utc>,
) -> Result<String> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO contacts (id, reference, person_id, status, summary, assigned_team_id, assigned_user_id, received_at,
             created_at, updated_at, channel, caller_kind, concern, referrer_name, referrer_organisation, referrer_role,
             referrer_relationship, referrer_phone, referrer_email, contact_source, consent_given_by, consent_scopes, flow,
             level, is_referral, repeat_within_7_days, referral_within_12_months, created_by, version)
         VALUES ($1, $2, $3, $4, $5, NULL, NULL, $6, $7, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
             $21, 0, $22, $23, $24, 1)",
    )
    .bind(&id)
    .bind(c.reference)
    .bind(c.children.first().map(String::as_str))
    .bind(c.status)
    .bind(c.summary)
    .bind(to_db(c.received_at))
    .bind(to_db(now))
    .bind(c.channel)
    .bind(c.caller_kind)
    .bind(c.concern)
    .bind(c.referrer.name)
    .bind(c.referrer.organisation)
    .bind(c.referrer.role)
    .bind(c.referrer.relationship)
    .bind(c.referrer.phone)
    .bind(c.referrer.email)
    .bind(c.contact_source)
    .bind(c.referrer.consent_given_by)
    .bind(c.referrer.consent_scopes)
    .bind(c.flow)
    .bind(c.level)
    .bind(flag(c.repeat_within_7_days))
    .bind(flag(c.referral_within_12_months))
    .bind(c.created_by)
    .execute(&mut **tx)
    .await
    .map_err(crate::error::conflict_as("A contact with that reference"))?;
    for child in c.children {
        sqlx::query("INSERT INTO contact_children (contact_id, person_id) VALUES ($1, $2)")
            .bind(&id)
            .bind(child)
            .execute(&mut **tx)
            .await?;
    }
    for item in &c.first_items {
        insert_item(tx, &id, item, c.created_by, now).await?;
    }
    Ok(id)
}

/// Opens an online Request for Support that Business Support's filter decided needs a contact:
/// the contact waiting in status `inbox` takes the workflow's fields, its children and first
/// work items, keeping its reference and the request beside it. `false` when it is no longer
/// waiting (someone else decided first).
pub(crate) async fn promote_inbox_contact(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    contact_id: &str,
    c: &NewCaseContact<'_>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let n = sqlx::query(
        "UPDATE contacts SET status = $1, channel = $2, concern = $3, referrer_name = $4, referrer_organisation = $5,
             referrer_role = $6, referrer_relationship = $7, referrer_phone = $8, referrer_email = $9, consent_given_by = $10,
             consent_scopes = $11, flow = $12, person_id = $13, repeat_within_7_days = $14, referral_within_12_months = $15,
             created_by = $16, updated_at = $17, version = version + 1
         WHERE id = $18 AND status = $19",
    )
    .bind(c.status)
    .bind(c.channel)
    .bind(c.concern)
    .bind(c.referrer.name)
    .bind(c.referrer.organisation)
    .bind(c.referrer.role)
    .bind(c.referrer.relationship)
    .bind(c.referrer.phone)
    .bind(c.referrer.email)
    .bind(c.referrer.consent_given_by)
    .bind(c.referrer.consent_scopes)
    .bind(c.flow)
    .bind(c.children.first().map(String::as_str))
    .bind(flag(c.repeat_within_7_days))
    .bind(flag(c.referral_within_12_months))
    .bind(c.created_by)
    .bind(to_db(now))
    .bind(contact_id)
    .bind(crate::INBOX_STATUS)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n != 1 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM contact_children WHERE contact_id = $1").bind(contact_id).execute(&mut **tx).await?;
    for child in c.children {
        sqlx::query("INSERT INTO contact_children (contact_id, person_id) VALUES ($1, $2)")
            .bind(contact_id)
            .bind(child)
            .execute(&mut **tx)
            .await?;
    }
    for item in &c.first_items {
        insert_item(tx, contact_id, item, c.created_by, now).await?;
    }
    Ok(true)
}

/// Closes an online Request for Support that the filter decided needs no contact (redirected,
/// signposted, or no contact needed after review), with that outcome. `false` when it is no
/// longer waiting.
pub(crate) async fn close_inbox_contact(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    contact_id: &str,
    outcome: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let n = sqlx::query(
        "UPDATE contacts SET status = 'closed', outcome = $1, closed_at = $2, updated_at = $2, version = version + 1
         WHERE id = $3 AND status = $4",
    )
    .bind(outcome)
    .bind(to_db(now))
    .bind(contact_id)
    .bind(crate::INBOX_STATUS)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(n == 1)
}

impl Store {
    /// Creates a contact with its children and first work items, in one transaction.
    pub async fn create_case_contact(&self, c: NewCaseContact<'_>, now: DateTime<Utc>) -> Result<String> {
        let mut tx = self.pool().begin().await?;
        let id = insert_case_contact(&mut tx, &c, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Replaces what a call handler has recorded so far on a contact still being worked on the
    /// phone (children, concern, referrer). Guarded by its own `details_version`, so saving as
    /// they type never makes a decision on the contact look out of date.
    #[allow(clippy::too_many_arguments)]
    pub async fn update_call_details(
        &self,
        contact_id: &str,
        expected_version: i64,
        caller_kind: Option<&str>,
        summary: &str,
        concern: &str,
        referrer: Referrer<'_>,
        contact_source: &str,
        children: &[String],
        now: DateTime<Utc>,
    ) -> Result<Applied> {
        let mut tx = self.pool().begin().await?;
        let n = sqlx::query(
            "UPDATE contacts SET caller_kind = $1, summary = $2, concern = $3, referrer_name = $4, referrer_organisation = $5,
                 referrer_role = $6, referrer_relationship = $7, referrer_phone = $8, referrer_email = $9, contact_source = $10,
                 consent_given_by = $11, consent_scopes = $12, person_id = $13, updated_at = $14, details_version = details_version + 1
             WHERE id = $15 AND details_version = $16",
        )
        .bind(caller_kind)
        .bind(summary)
        .bind(concern)
        .bind(referrer.name)
        .bind(referrer.organisation)
        .bind(referrer.role)
        .bind(referrer.relationship)
        .bind(referrer.phone)
        .bind(referrer.email)
        .bind(contact_source)
        .bind(referrer.consent_given_by)
        .bind(referrer.consent_scopes)
        .bind(children.first().map(String::as_str))
        .bind(to_db(now))
        .bind(contact_id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Ok(Applied::Stale);
        }
        sqlx::query("DELETE FROM contact_children WHERE contact_id = $1").bind(contact_id).execute(&mut *tx).await?;
        for child in children {
            sqlx::query("INSERT INTO contact_children (contact_id, person_id) VALUES ($1, $2)")
                .bind(contact_id)
                .bind(child)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Applied::Yes { version: expected_version + 1 })
    }

    pub async fn get_contact_detail(&self, id: &str) -> Result<Option<ContactDetail>> {
        let Some(r) = sqlx::query(&format!("{CONTACT_DETAIL_SELECT} WHERE id = $1")).bind(id).fetch_optional(self.pool()).await? else {
            return Ok(None);
        };
        let children = self.contact_children(id).await?;
        Ok(Some(ContactDetail {
            id: r.try_get("id")?,
            reference: r.try_get("reference")?,
            status: r.try_get("status")?,
            channel: r.try_get("channel")?,
            caller_kind: r.try_get("caller_kind")?,
            summary: r.try_get("summary")?,
            concern: r.try_get("concern")?,
            referrer_name: r.try_get("referrer_name")?,
            referrer_organisation: r.try_get("referrer_organisation")?,
            referrer_role: r.try_get("referrer_role")?,
            referrer_relationship: r.try_get("referrer_relationship")?,
            referrer_phone: r.try_get("referrer_phone")?,
            referrer_email: r.try_get("referrer_email")?,
            contact_source: r.try_get("contact_source")?,
            consent_given_by: r.try_get("consent_given_by")?,
            consent_scopes: r.try_get("consent_scopes")?,
            flow: r.try_get("flow")?,
            level: r.try_get("level")?,
            is_referral: bool_col(&r, "is_referral")?,
            referral_at: opt_time(&r, "referral_at")?,
            repeat_within_7_days: bool_col(&r, "repeat_within_7_days")?,
            referral_within_12_months: bool_col(&r, "referral_within_12_months")?,
            outcome: r.try_get("outcome")?,
            closed_at: opt_time(&r, "closed_at")?,
            received_at: from_db(&r.try_get::<String, _>("received_at")?)?,
            version: r.try_get("version")?,
            details_version: r.try_get("details_version")?,
            children,
        }))
    }

    /// The children a contact is about (falling back to the foundation's single person).
    pub async fn contact_children(&self, contact_id: &str) -> Result<Vec<ChildRow>> {
        let rows = sqlx::query(
            "SELECT p.id, p.given_name, p.family_name, p.date_of_birth FROM people p
             WHERE p.id IN (SELECT person_id FROM contact_children WHERE contact_id = $1)
                OR p.id = (SELECT person_id FROM contacts WHERE id = $1)
             ORDER BY p.date_of_birth, p.given_name",
        )
        .bind(contact_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let dob: Option<String> = r.try_get("date_of_birth")?;
                Ok(ChildRow {
                    person_id: r.try_get("id")?,
                    given_name: r.try_get("given_name")?,
                    family_name: r.try_get("family_name")?,
                    date_of_birth: dob.as_deref().map(date_from_db).transpose()?,
                })
            })
            .collect()
    }

    pub async fn get_work_item(&self, id: &str) -> Result<Option<WorkItemRow>> {
        let r = sqlx::query(&format!("{ITEM_SELECT} WHERE w.id = $1")).bind(id).fetch_optional(self.pool()).await?;
        r.as_ref().map(row_to_item).transpose()
    }

    /// Every work item on a contact, oldest first.
    pub async fn work_items_for_contact(&self, contact_id: &str) -> Result<Vec<WorkItemRow>> {
        let rows = sqlx::query(&format!("{ITEM_SELECT} WHERE w.subject_kind = $1 AND w.subject_id = $2 ORDER BY w.created_at, w.id"))
            .bind(CONTACT_SUBJECT)
            .bind(contact_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(row_to_item).collect()
    }

    /// Who last completed an item at `stage` on the contact (the Social Worker who took the call).
    pub async fn last_holder_of(&self, contact_id: &str, stage: &str) -> Result<Option<String>> {
        let r = sqlx::query(
            "SELECT completed_by FROM work_items WHERE subject_kind = $1 AND subject_id = $2 AND stage = $3 AND status = 'done'
             AND completed_by IS NOT NULL ORDER BY completed_at DESC, id DESC LIMIT 1",
        )
        .bind(CONTACT_SUBJECT)
        .bind(contact_id)
        .bind(stage)
        .fetch_optional(self.pool())
        .await?;
        Ok(match r {
            Some(r) => r.try_get("completed_by")?,
            None => None,
        })
    }

    /// Stores a decision: the contact (if still at `expected_version`), the item, the new items
    /// and the log line, all or nothing.
    pub async fn apply_decision(&self, w: DecisionWrite<'_>, now: DateTime<Utc>) -> Result<Applied> {
        let mut tx = self.pool().begin().await?;
        let referral_at = w.change.is_referral.then(|| to_db(now));
        let n = sqlx::query(
            "UPDATE contacts SET flow = $1, level = $2, is_referral = $3, referral_at = COALESCE(referral_at, $4), status = $5,
                 outcome = $6, closed_at = $7, updated_at = $8, version = version + 1
             WHERE id = $9 AND version = $10",
        )
        .bind(w.change.flow)
        .bind(w.change.level)
        .bind(flag(w.change.is_referral))
        .bind(referral_at)
        .bind(w.change.status)
        .bind(w.change.outcome)
        .bind(w.change.closed_at.map(to_db))
        .bind(to_db(now))
        .bind(w.contact_id)
        .bind(w.expected_version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Ok(Applied::Stale);
        }
        let done = if w.complete_item {
            sqlx::query(
                "UPDATE work_items SET status = 'done', completed_at = $1, completed_by = $2, decision = $3, version = version + 1
                 WHERE id = $4 AND status = 'open'",
            )
            .bind(to_db(now))
            .bind(w.log.decided_by)
            .bind(w.log.decision)
            .bind(w.item_id)
        } else {
            sqlx::query("UPDATE work_items SET decision = $1, version = version + 1 WHERE id = $2 AND status = 'open'")
                .bind(w.log.decision)
                .bind(w.item_id)
        };
        if done.execute(&mut *tx).await?.rows_affected() == 0 {
            return Ok(Applied::Stale);
        }
        if w.cancel_other_items {
            sqlx::query(
                "UPDATE work_items SET status = 'cancelled', completed_at = $1, version = version + 1
                 WHERE subject_kind = $2 AND subject_id = $3 AND status = 'open'",
            )
            .bind(to_db(now))
            .bind(CONTACT_SUBJECT)
            .bind(w.contact_id)
            .execute(&mut *tx)
            .await?;
        }
        for item in &w.new_items {
            insert_item(&mut tx, w.contact_id, item, w.log.decided_by, now).await?;
        }
        insert_log(&mut tx, w.contact_id, Some(w.item_id), &w.log).await?;
        tx.commit().await?;
        Ok(Applied::Yes { version: w.expected_version + 1 })
    }

    /// Takes an unclaimed item. Only one of any number of people asking at once gets it.
    pub async fn claim_work_item(&self, item_id: &str, user_id: &str, now: DateTime<Utc>) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let n = sqlx::query(
            "UPDATE work_items SET assigned_user_id = $1, claimed_at = $2, version = version + 1
             WHERE id = $3 AND status = 'open' AND assigned_user_id IS NULL",
        )
        .bind(user_id)
        .bind(to_db(now))
        .bind(item_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 1 {
            log_item_event(&mut tx, item_id, "claim", "", user_id, now).await?;
            inbox_holder_follows(&mut tx, item_id).await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    /// Puts an item the user holds back on its worklist.
    pub async fn release_work_item(&self, item_id: &str, user_id: &str, now: DateTime<Utc>) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let n = sqlx::query(
            "UPDATE work_items SET assigned_user_id = NULL, claimed_at = NULL, version = version + 1
             WHERE id = $1 AND status = 'open' AND assigned_user_id = $2",
        )
        .bind(item_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 1 {
            log_item_event(&mut tx, item_id, "release", "", user_id, now).await?;
            inbox_holder_follows(&mut tx, item_id).await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    /// A manager moves an item to a person (or back to the pool) and/or another team, with
    /// their reasons, if nobody has changed it since they looked.
    #[allow(clippy::too_many_arguments)]
    pub async fn reassign_work_item(
        &self,
        item_id: &str,
        expected_version: i64,
        to_user: Option<&str>,
        to_team: Option<&str>,
        reason: &str,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Applied> {
        let mut tx = self.pool().begin().await?;
        let n = sqlx::query(
            "UPDATE work_items SET assigned_user_id = $1, claimed_at = $2, team_id = COALESCE($3, team_id), version = version + 1
             WHERE id = $4 AND status = 'open' AND version = $5",
        )
        .bind(to_user)
        .bind(to_user.map(|_| to_db(now)))
        .bind(to_team)
        .bind(item_id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Ok(Applied::Stale);
        }
        log_item_event(&mut tx, item_id, "reassign", reason, by, now).await?;
        inbox_holder_follows(&mut tx, item_id).await?;
        tx.commit().await?;
        Ok(Applied::Yes { version: expected_version + 1 })
    }

    /// The decision log of a contact, oldest first.
    pub async fn decision_log(&self, contact_id: &str) -> Result<Vec<DecisionLogRow>> {
        let rows = sqlx::query(
            "SELECT d.id, d.stage, d.worklist, d.decision, d.detail, d.reason, d.outcome, d.seed, u.display_name, d.decided_at
             FROM workflow_decisions d JOIN users u ON u.id = d.decided_by
             WHERE d.contact_id = $1 ORDER BY d.decided_at, d.id",
        )
        .bind(contact_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(DecisionLogRow {
                    id: r.try_get("id")?,
                    stage: r.try_get("stage")?,
                    worklist: r.try_get("worklist")?,
                    decision: r.try_get("decision")?,
                    detail: r.try_get("detail")?,
                    reason: r.try_get("reason")?,
                    outcome: r.try_get("outcome")?,
                    seed: r.try_get("seed")?,
                    decided_by_name: r.try_get("display_name")?,
                    decided_at: from_db(&r.try_get::<String, _>("decided_at")?)?,
                })
            })
            .collect()
    }

    /// Work items with their contacts, most urgent first.
    pub async fn worklist_rows(&self, scope: WorklistScope<'_>, limit: i64) -> Result<Vec<WorklistRow>> {
        let base = "SELECT w.id, w.subject_kind, w.subject_id, w.stage, w.worklist, w.team_id, t.name AS team_name,
                w.assigned_user_id, u.display_name AS assigned_name, w.status, w.timescale, w.started_at, w.due_at, w.claimed_at,
                w.completed_at, NULL AS completed_by_name, w.decision, w.version,
                COALESCE(c.reference, '') AS reference, COALESCE(c.channel, i.source) AS channel, COALESCE(c.summary, i.subject) AS summary,
                c.level, COALESCE(c.is_referral, 0) AS is_referral, COALESCE(c.repeat_within_7_days, 0) AS repeat_within_7_days,
                COALESCE(c.referral_within_12_months, 0) AS referral_within_12_months, COALESCE(c.received_at, i.received_at) AS received_at
             FROM work_items w
             LEFT JOIN contacts c ON w.subject_kind = 'contact' AND c.id = w.subject_id
             LEFT JOIN inbox_items i ON w.subject_kind = 'inbox_item' AND i.id = w.subject_id
             LEFT JOIN teams t ON t.id = w.team_id
             LEFT JOIN users u ON u.id = w.assigned_user_id
             WHERE w.status = 'open' AND (c.id IS NOT NULL OR i.id IS NOT NULL)";
        let (sql, binds): (String, Vec<String>) = match scope {
            WorklistScope::AssignedTo(user) => (format!("{base} AND w.assigned_user_id = $1"), vec![user.to_string()]),
            WorklistScope::Unclaimed { team_ids, worklists } => {
                if team_ids.is_empty() || worklists.is_empty() {
                    return Ok(Vec::new());
                }
                let teams = placeholders(1, team_ids.len());
                let lists = placeholders(1 + team_ids.len(), worklists.len());
                let mut b: Vec<String> = team_ids.to_vec();
                b.extend(worklists.iter().cloned());
                (format!("{base} AND w.assigned_user_id IS NULL AND w.team_id IN ({teams}) AND w.worklist IN ({lists})"), b)
            }
            WorklistScope::Teams(team_ids) => {
                if team_ids.is_empty() {
                    return Ok(Vec::new());
                }
                (format!("{base} AND w.team_id IN ({})", placeholders(1, team_ids.len())), team_ids.to_vec())
            }
        };
        let sql = format!("{sql} ORDER BY w.due_at, w.id LIMIT {}", limit.max(1));
        let mut q = sqlx::query(&sql);
        for b in &binds {
            q = q.bind(b);
        }
        let rows = q.fetch_all(self.pool()).await?;
        let mut out: Vec<WorklistRow> = rows
            .iter()
            .map(|r| {
                Ok(WorklistRow {
                    item: row_to_item(r)?,
                    reference: r.try_get("reference")?,
                    channel: r.try_get("channel")?,
                    summary: r.try_get("summary")?,
                    level: r.try_get("level")?,
                    is_referral: bool_col(r, "is_referral")?,
                    repeat_within_7_days: bool_col(r, "repeat_within_7_days")?,
                    referral_within_12_months: bool_col(r, "referral_within_12_months")?,
                    received_at: from_db(&r.try_get::<String, _>("received_at")?)?,
                    children: Vec::new(),
                })
            })
            .collect::<Result<_>>()?;
        let ids: Vec<String> = out.iter().map(|r| r.item.subject_id.clone()).collect();
        let names = self.children_names(&ids).await?;
        for row in &mut out {
            row.children = names.iter().filter(|(c, _)| *c == row.item.subject_id).map(|(_, n)| n.clone()).collect();
        }
        Ok(out)
    }

    /// (contact id, child's name) for these contacts.
    async fn children_names(&self, contact_ids: &[String]) -> Result<Vec<(String, String)>> {
        if contact_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT cc.contact_id, p.given_name, p.family_name FROM contact_children cc JOIN people p ON p.id = cc.person_id
             WHERE cc.contact_id IN ({}) ORDER BY p.date_of_birth, p.given_name",
            placeholders(1, contact_ids.len())
        );
        let mut q = sqlx::query(&sql);
        for id in contact_ids {
            q = q.bind(id);
        }
        q.fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| Ok((r.try_get("contact_id")?, format!("{} {}", r.try_get::<String, _>("given_name")?, r.try_get::<String, _>("family_name")?))))
            .collect()
    }

    /// Open items per worklist, team and holder, with how many are overdue at `now`.
    pub async fn worklist_counts(&self, team_ids: &[String], now: DateTime<Utc>) -> Result<Vec<WorklistCount>> {
        if team_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT w.worklist, w.team_id, t.name AS team_name, w.assigned_user_id, u.display_name AS assigned_name,
                    COUNT(*) AS open_count, SUM(CASE WHEN w.due_at < $1 THEN 1 ELSE 0 END) AS overdue_count
             FROM work_items w LEFT JOIN teams t ON t.id = w.team_id LEFT JOIN users u ON u.id = w.assigned_user_id
             WHERE w.status = 'open' AND w.team_id IN ({})
             GROUP BY w.worklist, w.team_id, t.name, w.assigned_user_id, u.display_name
             ORDER BY w.worklist, t.name, u.display_name",
            placeholders(2, team_ids.len())
        );
        let mut q = sqlx::query(&sql).bind(to_db(now));
        for t in team_ids {
            q = q.bind(t);
        }
        q.fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| {
                Ok(WorklistCount {
                    worklist: r.try_get("worklist")?,
                    team_id: r.try_get("team_id")?,
                    team_name: r.try_get("team_name")?,
                    assigned_user_id: r.try_get("assigned_user_id")?,
                    assigned_name: r.try_get("assigned_name")?,
                    open: r.try_get("open_count")?,
                    overdue: r.try_get::<Option<i64>, _>("overdue_count")?.unwrap_or(0),
                })
            })
            .collect()
    }

    /// The team that holds a worklist, if an administrator has said.
    pub async fn worklist_team(&self, worklist: &str) -> Result<Option<String>> {
        let r = sqlx::query("SELECT team_id FROM worklist_teams WHERE worklist = $1").bind(worklist).fetch_optional(self.pool()).await?;
        Ok(match r {
            Some(r) => Some(r.try_get("team_id")?),
            None => None,
        })
    }

    /// (worklist, team id) for every configured worklist.
    pub async fn worklist_teams(&self) -> Result<Vec<(String, String)>> {
        sqlx::query("SELECT worklist, team_id FROM worklist_teams ORDER BY worklist")
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|r| Ok((r.try_get("worklist")?, r.try_get("team_id")?)))
            .collect()
    }

    pub async fn set_worklist_team(&self, worklist: &str, team_id: &str, by: &str, now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM worklist_teams WHERE worklist = $1").bind(worklist).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO worklist_teams (worklist, team_id, updated_by, updated_at) VALUES ($1, $2, $3, $4)")
            .bind(worklist)
            .bind(team_id)
            .bind(by)
            .bind(to_db(now))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// When these children's earlier contacts arrived and when any became referrals.
    pub async fn child_history(&self, person_ids: &[String], exclude_contact: Option<&str>) -> Result<ChildHistory> {
        if person_ids.is_empty() {
            return Ok(ChildHistory::default());
        }
        let ids = placeholders(2, person_ids.len());
        let sql = format!(
            "SELECT c.received_at, c.referral_at FROM contacts c
             WHERE c.id <> $1 AND (c.person_id IN ({ids}) OR c.id IN (SELECT contact_id FROM contact_children WHERE person_id IN ({ids})))"
        );
        let mut q = sqlx::query(&sql).bind(exclude_contact.unwrap_or(""));
        for id in person_ids {
            q = q.bind(id);
        }
        let mut h = ChildHistory::default();
        for r in q.fetch_all(self.pool()).await? {
            h.contacts.push(from_db(&r.try_get::<String, _>("received_at")?)?);
            if let Some(at) = opt_time(&r, "referral_at")? {
                h.referrals.push(at);
            }
        }
        Ok(h)
    }

    /// Flags a contact as a repeat concern (issue 5 point 8); worked out when its children are known.
    pub async fn set_repeat_flags(&self, contact_id: &str, within_7_days: bool, referral_within_12_months: bool) -> Result<()> {
        sqlx::query("UPDATE contacts SET repeat_within_7_days = $1, referral_within_12_months = $2 WHERE id = $3")
            .bind(flag(within_7_days))
            .bind(flag(referral_within_12_months))
            .bind(contact_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    // --- drafts (issue 5 point 1; issue 9 point 1) ---

    /// Keeps what the user has typed so far; one draft per user and form.
    pub async fn save_draft(&self, d: NewDraft<'_>, now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM drafts WHERE user_id = $1 AND form_key = $2").bind(d.user_id).bind(d.form_key).execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO drafts (id, user_id, form_key, record_kind, record_id, title, path, data, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(new_id())
        .bind(d.user_id)
        .bind(d.form_key)
        .bind(d.record_kind)
        .bind(d.record_id)
        .bind(d.title)
        .bind(d.path)
        .bind(d.data)
        .bind(to_db(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn get_draft(&self, user_id: &str, form_key: &str) -> Result<Option<DraftRow>> {
        let r = sqlx::query(
            "SELECT form_key, record_kind, record_id, title, path, data, updated_at FROM drafts WHERE user_id = $1 AND form_key = $2",
        )
        .bind(user_id)
        .bind(form_key)
        .fetch_optional(self.pool())
        .await?;
        r.as_ref().map(row_to_draft).transpose()
    }

    pub async fn drafts_for_user(&self, user_id: &str) -> Result<Vec<DraftRow>> {
        sqlx::query("SELECT form_key, record_kind, record_id, title, path, data, updated_at FROM drafts WHERE user_id = $1 ORDER BY updated_at DESC")
            .bind(user_id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(row_to_draft)
            .collect()
    }

    /// The outcome first answered for a submission the browser may send again (issue 8 point 2).
    /// Only the same user's submission counts: an id is never a way into another's answer.
    pub async fn submission_outcome(&self, user_id: &str, id: &str) -> Result<Option<String>> {
        let r = sqlx::query("SELECT outcome FROM submissions WHERE id = $1 AND user_id = $2").bind(id).bind(user_id).fetch_optional(self.pool()).await?;
        Ok(r.map(|r| r.try_get("outcome")).transpose()?)
    }

    /// Keeps a submission's outcome. The first one kept wins: returns false if the id was known.
    pub async fn record_submission(&self, id: &str, user_id: &str, endpoint: &str, outcome: &str, now: DateTime<Utc>) -> Result<bool> {
        let n = sqlx::query(
            "INSERT INTO submissions (id, user_id, endpoint, outcome, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(user_id)
        .bind(endpoint)
        .bind(outcome)
        .bind(to_db(now))
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(n > 0)
    }

    pub async fn prune_submissions(&self, before: DateTime<Utc>) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM submissions WHERE created_at < $1").bind(to_db(before)).execute(self.pool()).await?.rows_affected())
    }

    pub async fn delete_draft(&self, user_id: &str, form_key: &str) -> Result<bool> {
        let n = sqlx::query("DELETE FROM drafts WHERE user_id = $1 AND form_key = $2")
            .bind(user_id)
            .bind(form_key)
            .execute(self.pool())
            .await?
            .rows_affected();
        Ok(n > 0)
    }
}

fn row_to_draft(r: &AnyRow) -> Result<DraftRow> {
    Ok(DraftRow {
        form_key: r.try_get("form_key")?,
        record_kind: r.try_get("record_kind")?,
        record_id: r.try_get("record_id")?,
        title: r.try_get("title")?,
        path: r.try_get("path")?,
        data: r.try_get("data")?,
        updated_at: from_db(&r.try_get::<String, _>("updated_at")?)?,
    })
}

pub(crate) async fn insert_log(tx: &mut sqlx::Transaction<'_, sqlx::Any>, contact_id: &str, item_id: Option<&str>, l: &DecisionLog<'_>) -> Result<()> {
    sqlx::query(
        "INSERT INTO workflow_decisions (id, contact_id, work_item_id, stage, worklist, decision, detail, reason, outcome, seed,
             decided_by, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(new_id())
    .bind(contact_id)
    .bind(item_id)
    .bind(l.stage)
    .bind(l.worklist)
    .bind(l.decision)
    .bind(l.detail)
    .bind(l.reason)
    .bind(l.outcome)
    .bind(l.seed)
    .bind(l.decided_by)
    .bind(to_db(l.decided_at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Claims, releases and reassignments go in the decision log too, so the contact's history
/// shows who held it when.
async fn log_item_event(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    item_id: &str,
    event: &str,
    reason: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let r = sqlx::query("SELECT subject_kind, subject_id, stage, worklist FROM work_items WHERE id = $1").bind(item_id).fetch_one(&mut **tx).await?;
    // The decision log is a contact's; an inbox review's moves are in the audit log.
    if r.try_get::<String, _>("subject_kind")? != "contact" {
        return Ok(());
    }
    let contact_id: String = r.try_get("subject_id")?;
    let stage: String = r.try_get("stage")?;
    let worklist: String = r.try_get("worklist")?;
    let log = DecisionLog { stage: &stage, worklist: &worklist, decision: event, detail: "{}", reason, outcome: "", seed: "", decided_by: by, decided_at: now };
    insert_log(tx, &contact_id, Some(item_id), &log).await
}

/// An inbox review's e-mail is held by whoever holds its work item: taking, giving back or
/// reassigning the item on the worklists moves the e-mail with it.
async fn inbox_holder_follows(tx: &mut sqlx::Transaction<'_, sqlx::Any>, work_item_id: &str) -> Result<()> {
    sqlx::query(
        "UPDATE inbox_items SET claimed_by = (SELECT assigned_user_id FROM work_items WHERE id = $1),
            claimed_at = (SELECT claimed_at FROM work_items WHERE id = $1), version = version + 1
         WHERE id IN (SELECT subject_id FROM work_items WHERE id = $1 AND subject_kind = 'inbox_item' AND status = 'open')",
    )
    .bind(work_item_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
