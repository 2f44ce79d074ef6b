//! The Early Help MASH desk (seed 003, issue 7): an EHA is a contact (channel `eha`) with its work
//! items on the desk's worktrays and one `eha_episodes` row for what only an EHA has; the desk's
//! log (the "Early Help MASH database"); the administrator's COG table and authorities; the
//! retention of EHAs closed for no consent. Nothing here decides: `domain::early_help` does, and
//! `app::api::early_help` hands its outcome over to be written in one transaction.

use crate::time::{from_db, to_db};
use crate::workflow::{insert_case_contact, insert_item, insert_log, DecisionLog, NewCaseContact, NewWorkItem, CONTACT_SUBJECT};
use crate::{new_id, Result, StorageError, Store};
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;

/// A new EHA: the contact with its child and first work item, and the episode.
pub struct NewEha<'a> {
    pub contact: NewCaseContact<'a>,
    pub source: &'a str,
    /// JSON of `domain::early_help::IntakeForm`.
    pub form: &'a str,
    pub framework_version: &'a str,
    pub calendar_version: &'a str,
    /// The desk's log line for the receipt.
    pub log_summary: &'a str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EhaEpisodeRow {
    pub contact_id: String,
    pub reference: String,
    pub status: String,
    pub outcome: Option<String>,
    pub received_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub referrer_name: String,
    pub referrer_organisation: String,
    pub referrer_email: String,
    pub summary: String,
    pub version: i64,
    pub source: String,
    pub priority: Option<String>,
    pub form: String,
    pub checklist: String,
    pub cin_primary: Option<String>,
    pub cin_secondary: Option<String>,
    pub escalation: Option<String>,
    pub agency: Option<String>,
    pub cog_team: Option<String>,
    pub fst_route: Option<String>,
    pub closure_reason: Option<String>,
    pub final_level: Option<String>,
    pub incomplete_due_at: Option<DateTime<Utc>>,
    pub chased_at: Option<DateTime<Utc>>,
    pub destroy_after: Option<DateTime<Utc>>,
    pub destroyed_at: Option<DateTime<Utc>>,
    pub framework_version: String,
    pub calendar_version: String,
}

/// What a desk decision changes on the episode (the domain's `DeskRecord` and the rest).
#[derive(Default)]
pub struct EpisodeChange<'a> {
    pub priority: Option<&'a str>,
    pub checklist: Option<&'a str>,
    pub escalation: Option<&'a str>,
    pub agency: Option<&'a str>,
    pub cog_team: Option<&'a str>,
    pub fst_route: Option<&'a str>,
    pub closure_reason: Option<&'a str>,
    pub final_level: Option<&'a str>,
    pub incomplete_due_at: Option<DateTime<Utc>>,
    pub destroy_after: Option<DateTime<Utc>>,
}

/// A desk decision, stored all or nothing.
pub struct DeskWrite<'a> {
    pub contact_id: &'a str,
    pub expected_version: i64,
    pub item_id: &'a str,
    pub complete_item: bool,
    /// The contact's outcome when the episode closes.
    pub closes: Option<&'a str>,
    pub new_items: Vec<NewWorkItem<'a>>,
    pub episode: EpisodeChange<'a>,
    pub log: DecisionLog<'a>,
    /// The line in the desk's log.
    pub desk_log: &'a str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EhaLogRow {
    pub id: String,
    pub contact_id: Option<String>,
    pub reference: Option<String>,
    pub kind: String,
    pub caller: String,
    pub child: String,
    pub summary: String,
    pub outcome: String,
    pub at: DateTime<Utc>,
    pub by_name: String,
}

pub struct NewEhaLog<'a> {
    pub contact_id: Option<&'a str>,
    /// `eha`, `decision`, `phone_call`, `job`.
    pub kind: &'a str,
    pub caller: &'a str,
    pub child: &'a str,
    pub summary: &'a str,
    pub outcome: &'a str,
    pub by: Option<&'a str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EhaSettingRow {
    pub version: i64,
    pub body: String,
    pub saved_by: String,
    pub saved_at: DateTime<Utc>,
}

/// An open desk work item with its EHA, for the worktrays and the reports.
#[derive(Clone, Debug, PartialEq)]
pub struct DeskItemRow {
    pub item_id: String,
    pub stage: String,
    pub worklist: String,
    pub assigned_user_id: Option<String>,
    pub assigned_name: Option<String>,
    pub timescale: String,
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub episode: EhaEpisodeRow,
}

const EPISODE_SELECT: &str = "SELECT c.id AS contact_id, c.reference, c.status, c.outcome, c.received_at, c.closed_at, c.referrer_name,
        c.referrer_organisation, c.referrer_email, c.summary, c.version, e.source, e.priority, e.form, e.checklist, e.cin_primary,
        e.cin_secondary, e.escalation, e.agency, e.cog_team, e.fst_route, e.closure_reason, e.final_level, e.incomplete_due_at,
        e.chased_at, e.destroy_after, e.destroyed_at, e.framework_version, e.calendar_version
     FROM eha_episodes e JOIN contacts c ON c.id = e.contact_id";

fn opt_time(r: &AnyRow, col: &str) -> Result<Option<DateTime<Utc>>> {
    r.try_get::<Option<String>, _>(col)?.as_deref().map(from_db).transpose()
}

fn episode(r: &AnyRow) -> Result<EhaEpisodeRow> {
    Ok(EhaEpisodeRow {
        contact_id: r.try_get("contact_id")?,
        reference: r.try_get("reference")?,
        status: r.try_get("status")?,
        outcome: r.try_get("outcome")?,
        received_at: from_db(&r.try_get::<String, _>("received_at")?)?,
        closed_at: opt_time(r, "closed_at")?,
        referrer_name: r.try_get("referrer_name")?,
        referrer_organisation: r.try_get("referrer_organisation")?,
        referrer_email: r.try_get("referrer_email")?,
        summary: r.try_get("summary")?,
        version: r.try_get("version")?,
        source: r.try_get("source")?,
        priority: r.try_get("priority")?,
        form: r.try_get("form")?,
        checklist: r.try_get("checklist")?,
        cin_primary: r.try_get("cin_primary")?,
        cin_secondary: r.try_get("cin_secondary")?,
        escalation: r.try_get("escalation")?,
        agency: r.try_get("agency")?,
        cog_team: r.try_get("cog_team")?,
        fst_route: r.try_get("fst_route")?,
        closure_reason: r.try_get("closure_reason")?,
        final_level: r.try_get("final_level")?,
        incomplete_due_at: opt_time(r, "incomplete_due_at")?,
        chased_at: opt_time(r, "chased_at")?,
        destroy_after: opt_time(r, "destroy_after")?,
        destroyed_at: opt_time(r, "destroyed_at")?,
        framework_version: r.try_get("framework_version")?,
        calendar_version: r.try_get("calendar_version")?,
    })
}

async fn insert_eha_log(tx: &mut sqlx::Transaction<'_, sqlx::Any>, l: &NewEhaLog<'_>, now: DateTime<Utc>) -> Result<()> {
    sqlx::query("INSERT INTO eha_log (id, contact_id, kind, caller, child, summary, outcome, at, by_user) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(new_id())
        .bind(l.contact_id)
        .bind(l.kind)
        .bind(l.caller)
        .bind(l.child)
        .bind(l.summary)
        .bind(l.outcome)
        .bind(to_db(now))
        .bind(l.by)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// Logs and opens an EHA: the contact, its child, the first work item, the episode and the
    /// desk's log line, in one transaction.
    pub async fn create_eha(&self, e: NewEha<'_>, now: DateTime<Utc>) -> Result<String> {
        let mut tx = self.pool().begin().await?;
        let id = insert_case_contact(&mut tx, &e.contact, now).await?;
        sqlx::query(
            "INSERT INTO eha_episodes (contact_id, source, form, checklist, framework_version, calendar_version) VALUES ($1, $2, $3, '', $4, $5)",
        )
        .bind(&id)
        .bind(e.source)
        .bind(e.form)
        .bind(e.framework_version)
        .bind(e.calendar_version)
        .execute(&mut *tx)
        .await?;
        let log = NewEhaLog { contact_id: Some(&id), kind: "eha", caller: e.contact.referrer.organisation, child: e.contact.summary, summary: e.log_summary, outcome: "Logged", by: Some(e.contact.created_by) };
        insert_eha_log(&mut tx, &log, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn eha_episode(&self, contact_id: &str) -> Result<Option<EhaEpisodeRow>> {
        let row = sqlx::query(&format!("{EPISODE_SELECT} WHERE c.id = $1")).bind(contact_id).fetch_optional(self.pool()).await?;
        row.as_ref().map(episode).transpose()
    }

    /// Corrects the EHA as keyed in (the referrer sent the missing fields). Guarded by the
    /// contact's version; `false` when someone changed it first.
    pub async fn update_eha_form(&self, contact_id: &str, expected_version: i64, form: &str, summary: &str, now: DateTime<Utc>) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let n = sqlx::query("UPDATE contacts SET summary = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4 AND status = 'open'")
            .bind(summary)
            .bind(to_db(now))
            .bind(contact_id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n != 1 {
            return Ok(false);
        }
        sqlx::query("UPDATE eha_episodes SET form = $1 WHERE contact_id = $2").bind(form).bind(contact_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Stores a desk decision: the contact (if still at `expected_version`), the item, the new
    /// items, the episode, the decision log and the desk's log, all or nothing. `None` when the
    /// EHA moved on first. A blank `decided_by` is the service's own job: nobody completed the
    /// item, and only the desk's log records it (the decision log names people).
    pub async fn apply_desk_decision(&self, w: DeskWrite<'_>, now: DateTime<Utc>) -> Result<Option<i64>> {
        let by = (!w.log.decided_by.is_empty()).then_some(w.log.decided_by);
        let mut tx = self.pool().begin().await?;
        let (status, closed_at) = if w.closes.is_some() { ("closed", Some(to_db(now))) } else { ("open", None) };
        let n = sqlx::query(
            "UPDATE contacts SET status = $1, outcome = COALESCE($2, outcome), closed_at = $3, updated_at = $4, version = version + 1
             WHERE id = $5 AND version = $6 AND status = 'open'",
        )
        .bind(status)
        .bind(w.closes)
        .bind(closed_at)
        .bind(to_db(now))
        .bind(w.contact_id)
        .bind(w.expected_version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Ok(None);
        }
        let item = if w.complete_item {
            sqlx::query(
                "UPDATE work_items SET status = 'done', completed_at = $1, completed_by = $2, decision = $3, version = version + 1
                 WHERE id = $4 AND subject_id = $5 AND status = 'open'",
            )
            .bind(to_db(now))
            .bind(by)
            .bind(w.log.decision)
            .bind(w.item_id)
            .bind(w.contact_id)
        } else {
            sqlx::query("UPDATE work_items SET decision = $1, version = version + 1 WHERE id = $2 AND subject_id = $3 AND status = 'open'")
                .bind(w.log.decision)
                .bind(w.item_id)
                .bind(w.contact_id)
        };
        if item.execute(&mut *tx).await?.rows_affected() != 1 {
            return Ok(None);
        }
        if w.closes.is_some() {
            sqlx::query("UPDATE work_items SET status = 'cancelled', completed_at = $1, version = version + 1 WHERE subject_kind = $2 AND subject_id = $3 AND status = 'open'")
                .bind(to_db(now))
                .bind(CONTACT_SUBJECT)
                .bind(w.contact_id)
                .execute(&mut *tx)
                .await?;
        }
        for item in &w.new_items {
            insert_item(&mut tx, w.contact_id, item, w.log.decided_by, now).await?;
        }
        let e = &w.episode;
        sqlx::query(
            "UPDATE eha_episodes SET priority = COALESCE($1, priority), checklist = COALESCE($2, checklist), escalation = COALESCE($3, escalation),
                 agency = COALESCE($4, agency), cog_team = COALESCE($5, cog_team), fst_route = COALESCE($6, fst_route),
                 closure_reason = COALESCE($7, closure_reason), final_level = COALESCE($8, final_level),
                 incomplete_due_at = COALESCE($9, incomplete_due_at), destroy_after = COALESCE($10, destroy_after)
             WHERE contact_id = $11",
        )
        .bind(e.priority)
        .bind(e.checklist)
        .bind(e.escalation)
        .bind(e.agency)
        .bind(e.cog_team)
        .bind(e.fst_route)
        .bind(e.closure_reason)
        .bind(e.final_level)
        .bind(e.incomplete_due_at.map(to_db))
        .bind(e.destroy_after.map(to_db))
        .bind(w.contact_id)
        .execute(&mut *tx)
        .await?;
        if by.is_some() {
            insert_log(&mut tx, w.contact_id, Some(w.item_id), &w.log).await?;
        }
        let child: Option<String> = sqlx::query("SELECT summary FROM contacts WHERE id = $1").bind(w.contact_id).fetch_one(&mut *tx).await?.try_get(0)?;
        let outcome = w.closes.unwrap_or("Open");
        let log = NewEhaLog { contact_id: Some(w.contact_id), kind: "decision", caller: "", child: child.as_deref().unwrap_or(""), summary: w.desk_log, outcome, by };
        insert_eha_log(&mut tx, &log, now).await?;
        tx.commit().await?;
        Ok(Some(w.expected_version + 1))
    }

    /// Sets the child's CIN codes on the episode (seed 003 §1.4).
    pub async fn set_eha_cin_codes(&self, contact_id: &str, primary: &str, secondary: Option<&str>) -> Result<bool> {
        let n = sqlx::query("UPDATE eha_episodes SET cin_primary = $1, cin_secondary = $2 WHERE contact_id = $3")
            .bind(primary)
            .bind(secondary)
            .bind(contact_id)
            .execute(self.pool())
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    /// A line in the desk's log on its own (a direct phone call, §1.10; a job's action).
    pub async fn log_eha(&self, l: NewEhaLog<'_>, now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        insert_eha_log(&mut tx, &l, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The desk's log between two instants, newest first.
    pub async fn eha_log(&self, from: DateTime<Utc>, to: DateTime<Utc>, limit: i64) -> Result<Vec<EhaLogRow>> {
        let rows = sqlx::query(
            "SELECT l.id, l.contact_id, c.reference, l.kind, l.caller, l.child, l.summary, l.outcome, l.at, COALESCE(u.display_name, 'The service') AS by_name
             FROM eha_log l LEFT JOIN contacts c ON c.id = l.contact_id LEFT JOIN users u ON u.id = l.by_user
             WHERE l.at >= $1 AND l.at < $2 ORDER BY l.at DESC, l.id LIMIT $3",
        )
        .bind(to_db(from))
        .bind(to_db(to))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(log_row).collect()
    }

    pub async fn eha_log_for(&self, contact_id: &str) -> Result<Vec<EhaLogRow>> {
        let rows = sqlx::query(
            "SELECT l.id, l.contact_id, c.reference, l.kind, l.caller, l.child, l.summary, l.outcome, l.at, COALESCE(u.display_name, 'The service') AS by_name
             FROM eha_log l LEFT JOIN contacts c ON c.id = l.contact_id LEFT JOIN users u ON u.id = l.by_user
             WHERE l.contact_id = $1 ORDER BY l.at, l.id",
        )
        .bind(contact_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(log_row).collect()
    }

    /// Every open desk work item (the worktrays), soonest due first.
    pub async fn eha_open_items(&self) -> Result<Vec<DeskItemRow>> {
        self.desk_items("", &[]).await
    }

    /// The open desk items on one EHA.
    pub async fn eha_items_for(&self, contact_id: &str) -> Result<Vec<DeskItemRow>> {
        self.desk_items(" AND w.subject_id = $1", &[contact_id]).await
    }

    /// Open desk items where `filter` (binding `$1`, `$2`…) holds.
    async fn desk_items(&self, filter: &str, binds: &[&str]) -> Result<Vec<DeskItemRow>> {
        let sql = format!(
            "SELECT w.id AS item_id, w.stage, w.worklist, w.assigned_user_id, u.display_name AS assigned_name, w.timescale, w.started_at,
                 w.due_at, x.*
             FROM work_items w JOIN ({EPISODE_SELECT}) x ON x.contact_id = w.subject_id
             LEFT JOIN users u ON u.id = w.assigned_user_id
             WHERE w.subject_kind = 'contact' AND w.status = 'open' AND w.stage LIKE 'eha_%'{filter}
             ORDER BY w.due_at, w.id"
        );
        let mut q = sqlx::query(&sql);
        for b in binds {
            q = q.bind(*b);
        }
        let rows = q.fetch_all(self.pool()).await?;
        rows.iter().map(desk_item).collect()
    }

    /// Closed EHAs, newest first.
    pub async fn eha_closed(&self, limit: i64) -> Result<Vec<EhaEpisodeRow>> {
        let rows = sqlx::query(&format!("{EPISODE_SELECT} WHERE c.status = 'closed' ORDER BY c.closed_at DESC, c.id LIMIT $1"))
            .bind(limit)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(episode).collect()
    }

    /// Open items at `stage` whose clock has run out: the daily job's work (§1.8). The job moves
    /// each on with [`Store::apply_desk_decision`], whose version guard lets only one instance win.
    pub async fn eha_items_due(&self, stage: &str, now: DateTime<Utc>) -> Result<Vec<DeskItemRow>> {
        let now = to_db(now);
        self.desk_items(" AND w.stage = $1 AND w.due_at <= $2", &[stage, &now]).await
    }

    /// EHAs closed for no consent whose 30 days have passed and whose content is still kept.
    pub async fn ehas_to_destroy(&self, now: DateTime<Utc>) -> Result<Vec<String>> {
        let rows = sqlx::query("SELECT contact_id FROM eha_episodes WHERE destroyed_at IS NULL AND destroy_after IS NOT NULL AND destroy_after <= $1")
            .bind(to_db(now))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(|r| Ok(r.try_get("contact_id")?)).collect()
    }

    /// Destroys an EHA's content (§1.1.1): the form, the checklist, the contact's concern and
    /// summary; keeps that it existed, its reference, dates and outcome. `false` when another
    /// instance did it first.
    pub async fn destroy_eha(&self, contact_id: &str, now: DateTime<Utc>) -> Result<bool> {
        let mut tx = self.pool().begin().await?;
        let n = sqlx::query(
            "UPDATE eha_episodes SET form = '', checklist = '', destroyed_at = $1
             WHERE contact_id = $2 AND destroyed_at IS NULL AND destroy_after IS NOT NULL AND destroy_after <= $1",
        )
        .bind(to_db(now))
        .bind(contact_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n != 1 {
            return Ok(false);
        }
        sqlx::query("UPDATE contacts SET concern = '', summary = 'EHA destroyed after 30 days', referrer_phone = '', updated_at = $1, version = version + 1 WHERE id = $2")
            .bind(to_db(now))
            .bind(contact_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE eha_log SET child = '' WHERE contact_id = $1").bind(contact_id).execute(&mut *tx).await?;
        let log = NewEhaLog { contact_id: Some(contact_id), kind: "job", caller: "", child: "", summary: "EHA destroyed 30 days after closure for no consent", outcome: "Destroyed", by: None };
        insert_eha_log(&mut tx, &log, now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Marks the 7-day letter as sent (once: `false` when already marked).
    pub async fn mark_eha_chased(&self, contact_id: &str, now: DateTime<Utc>) -> Result<bool> {
        let n = sqlx::query("UPDATE eha_episodes SET chased_at = $1 WHERE contact_id = $2 AND chased_at IS NULL")
            .bind(to_db(now))
            .bind(contact_id)
            .execute(self.pool())
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    /// The setting in force (`cog_table` or `authorities`), if ever saved.
    pub async fn eha_setting(&self, setting: &str) -> Result<Option<EhaSettingRow>> {
        Ok(self.eha_setting_versions(setting).await?.into_iter().next())
    }

    pub async fn eha_setting_versions(&self, setting: &str) -> Result<Vec<EhaSettingRow>> {
        let rows = sqlx::query("SELECT version, body, saved_by, saved_at FROM eha_setting_versions WHERE setting = $1 ORDER BY version DESC")
            .bind(setting)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(EhaSettingRow { version: r.try_get("version")?, body: r.try_get("body")?, saved_by: r.try_get("saved_by")?, saved_at: from_db(&r.try_get::<String, _>("saved_at")?)? })
            })
            .collect()
    }

    /// Saves a new version on top of `expected_version` (0 when none). `None` when someone saved
    /// first (the primary key decides a race).
    pub async fn save_eha_setting(&self, setting: &str, body: &str, expected_version: i64, by: &str, now: DateTime<Utc>) -> Result<Option<i64>> {
        let current = self.eha_setting(setting).await?.map(|r| r.version).unwrap_or(0);
        if current != expected_version {
            return Ok(None);
        }
        let r = sqlx::query("INSERT INTO eha_setting_versions (setting, version, body, saved_by, saved_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(setting)
            .bind(current + 1)
            .bind(body)
            .bind(by)
            .bind(to_db(now))
            .execute(self.pool())
            .await
            .map_err(crate::error::conflict_as("That version"));
        match r {
            Ok(_) => Ok(Some(current + 1)),
            Err(StorageError::Conflict(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

fn log_row(r: &AnyRow) -> Result<EhaLogRow> {
    Ok(EhaLogRow {
        id: r.try_get("id")?,
        contact_id: r.try_get("contact_id")?,
        reference: r.try_get("reference")?,
        kind: r.try_get("kind")?,
        caller: r.try_get("caller")?,
        child: r.try_get("child")?,
        summary: r.try_get("summary")?,
        outcome: r.try_get("outcome")?,
        at: from_db(&r.try_get::<String, _>("at")?)?,
        by_name: r.try_get("by_name")?,
    })
}

fn desk_item(r: &AnyRow) -> Result<DeskItemRow> {
    Ok(DeskItemRow {
        item_id: r.try_get("item_id")?,
        stage: r.try_get("stage")?,
        worklist: r.try_get("worklist")?,
        assigned_user_id: r.try_get("assigned_user_id")?,
        assigned_name: r.try_get("assigned_name")?,
        timescale: r.try_get("timescale")?,
        started_at: from_db(&r.try_get::<String, _>("started_at")?)?,
        due_at: from_db(&r.try_get::<String, _>("due_at")?)?,
        episode: episode(r)?,
    })
}
