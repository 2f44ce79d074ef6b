//! MASH notifications at the Early Help desk (seed 003 §8, migration 0018): the notification as
//! the MASH team recorded it with its stored deadline, each representative's part of the response,
//! the return to the MASH team, the MASH discussion and the Green-after-MASH log. Rules are the
//! domain's (`domain::mash_notifications`); every write here is conditional on the status the
//! rule allowed and on the `version` the writer read, so two people never overwrite each other.

use crate::error::conflict_as;
use crate::time::{date_from_db, date_to_db, from_db, to_db};
use crate::{new_id, Result, Store};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;

/// A new notification: what the MASH team recorded and what the server computed.
#[derive(Clone, Debug)]
pub struct NewMashNotification<'a> {
    pub reference: &'a str,
    pub kind: &'a str,
    pub priority: &'a str,
    pub status: &'a str,
    pub mash_log_reference: &'a str,
    pub child_name: &'a str,
    pub child_date_of_birth: Option<NaiveDate>,
    pub person_id: Option<&'a str>,
    pub concern: &'a str,
    pub received_at: DateTime<Utc>,
    /// `(timescale slug, due at (UTC), calendar version)`; `None` for Green.
    pub deadline: Option<(&'a str, DateTime<Utc>, &'a str)>,
    pub created_by: &'a str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MashNotificationRow {
    pub id: String,
    pub reference: String,
    pub kind: String,
    pub priority: String,
    pub status: String,
    pub mash_log_reference: String,
    pub child_name: String,
    pub child_date_of_birth: Option<NaiveDate>,
    pub person_id: Option<String>,
    pub person_name: Option<String>,
    pub concern: String,
    pub received_at: DateTime<Utc>,
    pub timescale: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub calendar_version: Option<String>,
    pub tys_synopsis: String,
    pub tys_by_name: Option<String>,
    pub tys_at: Option<DateTime<Utc>>,
    pub eh_synopsis: String,
    pub eh_by_name: Option<String>,
    pub eh_at: Option<DateTime<Utc>>,
    pub chronology: String,
    pub chronology_by_name: Option<String>,
    pub chronology_at: Option<DateTime<Utc>>,
    pub returned_by_name: Option<String>,
    pub returned_at: Option<DateTime<Utc>>,
    pub rating_after: Option<String>,
    pub discussion_outcome: String,
    pub discussed_by_name: Option<String>,
    pub discussed_at: Option<DateTime<Utc>>,
    pub logged_outcome: Option<String>,
    pub logged_on: Option<NaiveDate>,
    pub logged_by_name: Option<String>,
    pub logged_at: Option<DateTime<Utc>>,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub version: i64,
    /// The EHA a Green notification opened on the Early Help desk (§8.1), and its reference.
    pub eha_contact_id: Option<String>,
    pub eha_reference: Option<String>,
}

/// Which part of the response a write fills in. The column names come from here, never from
/// the caller's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MashPart {
    TysSynopsis,
    EarlyHelpSynopsis,
    Chronology,
}

impl MashPart {
    fn columns(self) -> (&'static str, &'static str, &'static str) {
        match self {
            MashPart::TysSynopsis => ("tys_synopsis", "tys_by", "tys_at"),
            MashPart::EarlyHelpSynopsis => ("eh_synopsis", "eh_by", "eh_at"),
            MashPart::Chronology => ("chronology", "chronology_by", "chronology_at"),
        }
    }
}

const SELECT: &str = "SELECT n.*, p.given_name AS p_given, p.family_name AS p_family, tu.display_name AS tys_by_name, eu.display_name AS eh_by_name,
        cu.display_name AS chronology_by_name, ru.display_name AS returned_by_name, du.display_name AS discussed_by_name,
        lu.display_name AS logged_by_name, mu.display_name AS created_by_name, ec.reference AS eha_reference
     FROM mash_notifications n
     LEFT JOIN people p ON p.id = n.person_id
     LEFT JOIN users tu ON tu.id = n.tys_by
     LEFT JOIN users eu ON eu.id = n.eh_by
     LEFT JOIN users cu ON cu.id = n.chronology_by
     LEFT JOIN users ru ON ru.id = n.returned_by
     LEFT JOIN users du ON du.id = n.discussed_by
     LEFT JOIN users lu ON lu.id = n.logged_by
     LEFT JOIN users mu ON mu.id = n.created_by
     LEFT JOIN contacts ec ON ec.id = n.eha_contact_id";

fn opt_time(r: &AnyRow, col: &str) -> Result<Option<DateTime<Utc>>> {
    r.try_get::<Option<String>, _>(col)?.as_deref().map(from_db).transpose()
}

fn opt_date(r: &AnyRow, col: &str) -> Result<Option<NaiveDate>> {
    r.try_get::<Option<String>, _>(col)?.as_deref().map(date_from_db).transpose()
}

fn row_to_notification(r: &AnyRow) -> Result<MashNotificationRow> {
    let person_name = match (r.try_get::<Option<String>, _>("p_given")?, r.try_get::<Option<String>, _>("p_family")?) {
        (Some(g), Some(f)) => Some(format!("{g} {f}").trim().to_string()),
        _ => None,
    };
    Ok(MashNotificationRow {
        id: r.try_get("id")?,
        reference: r.try_get("reference")?,
        kind: r.try_get("kind")?,
        priority: r.try_get("priority")?,
        status: r.try_get("status")?,
        mash_log_reference: r.try_get("mash_log_reference")?,
        child_name: r.try_get("child_name")?,
        child_date_of_birth: opt_date(r, "child_date_of_birth")?,
        person_id: r.try_get("person_id")?,
        person_name,
        concern: r.try_get("concern")?,
        received_at: from_db(&r.try_get::<String, _>("received_at")?)?,
        timescale: r.try_get("timescale")?,
        due_at: opt_time(r, "due_at")?,
        calendar_version: r.try_get("calendar_version")?,
        tys_synopsis: r.try_get("tys_synopsis")?,
        tys_by_name: r.try_get("tys_by_name")?,
        tys_at: opt_time(r, "tys_at")?,
        eh_synopsis: r.try_get("eh_synopsis")?,
        eh_by_name: r.try_get("eh_by_name")?,
        eh_at: opt_time(r, "eh_at")?,
        chronology: r.try_get("chronology")?,
        chronology_by_name: r.try_get("chronology_by_name")?,
        chronology_at: opt_time(r, "chronology_at")?,
        returned_by_name: r.try_get("returned_by_name")?,
        returned_at: opt_time(r, "returned_at")?,
        rating_after: r.try_get("rating_after")?,
        discussion_outcome: r.try_get("discussion_outcome")?,
        discussed_by_name: r.try_get("discussed_by_name")?,
        discussed_at: opt_time(r, "discussed_at")?,
        logged_outcome: r.try_get("logged_outcome")?,
        logged_on: opt_date(r, "logged_on")?,
        logged_by_name: r.try_get("logged_by_name")?,
        logged_at: opt_time(r, "logged_at")?,
        created_by_name: r.try_get("created_by_name")?,
        created_at: from_db(&r.try_get::<String, _>("created_at")?)?,
        version: r.try_get("version")?,
        eha_contact_id: r.try_get("eha_contact_id")?,
        eha_reference: r.try_get("eha_reference")?,
    })
}

impl Store {
    pub async fn create_mash_notification(&self, n: NewMashNotification<'_>, now: DateTime<Utc>) -> Result<String> {
        let id = new_id();
        let (timescale, due_at, calendar_version) = match n.deadline {
            Some((t, due, v)) => (Some(t), Some(to_db(due)), Some(v)),
            None => (None, None, None),
        };
        sqlx::query(
            "INSERT INTO mash_notifications (id, reference, kind, priority, status, mash_log_reference, child_name, child_date_of_birth, person_id,
                concern, received_at, timescale, due_at, calendar_version, tys_synopsis, eh_synopsis, chronology, discussion_outcome, created_by,
                created_at, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, '', '', '', '', $15, $16, 1)",
        )
        .bind(&id)
        .bind(n.reference)
        .bind(n.kind)
        .bind(n.priority)
        .bind(n.status)
        .bind(n.mash_log_reference)
        .bind(n.child_name)
        .bind(n.child_date_of_birth.map(date_to_db))
        .bind(n.person_id)
        .bind(n.concern)
        .bind(to_db(n.received_at))
        .bind(timescale)
        .bind(due_at)
        .bind(calendar_version)
        .bind(n.created_by)
        .bind(to_db(now))
        .execute(self.pool())
        .await
        .map_err(conflict_as("A MASH notification with that reference"))?;
        Ok(id)
    }

    /// Links a Green notification to the EHA it opened on the Early Help desk (§8.1).
    pub async fn link_mash_eha(&self, id: &str, eha_contact_id: &str) -> Result<()> {
        sqlx::query("UPDATE mash_notifications SET eha_contact_id = $1, version = version + 1 WHERE id = $2")
            .bind(eha_contact_id)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn mash_notification(&self, id: &str) -> Result<Option<MashNotificationRow>> {
        let row = sqlx::query(&format!("{SELECT} WHERE n.id = $1")).bind(id).fetch_optional(self.pool()).await?;
        row.as_ref().map(row_to_notification).transpose()
    }

    /// Notifications in these statuses, oldest first (the log orders them by priority and due).
    pub async fn mash_notifications(&self, statuses: &[&str], limit: i64) -> Result<Vec<MashNotificationRow>> {
        if statuses.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=statuses.len()).map(|i| format!("${i}")).collect();
        let sql = format!("{SELECT} WHERE n.status IN ({}) ORDER BY n.received_at DESC, n.id LIMIT ${}", marks.join(", "), statuses.len() + 1);
        let mut q = sqlx::query(&sql);
        for s in statuses {
            q = q.bind(*s);
        }
        q.bind(limit).fetch_all(self.pool()).await?.iter().map(row_to_notification).collect()
    }

    /// Writes one part of the response while the notification waits for responses and is still
    /// at `version`. `false` when someone changed it first (or it has moved on).
    pub async fn write_mash_part(&self, id: &str, part: MashPart, text: &str, by: &str, version: i64, now: DateTime<Utc>) -> Result<bool> {
        let (text_col, by_col, at_col) = part.columns();
        let sql = format!(
            "UPDATE mash_notifications SET {text_col} = $1, {by_col} = $2, {at_col} = $3, version = version + 1
             WHERE id = $4 AND status = 'awaiting_responses' AND version = $5"
        );
        let done = sqlx::query(&sql).bind(text).bind(by).bind(to_db(now)).bind(id).bind(version).execute(self.pool()).await?;
        Ok(done.rows_affected() > 0)
    }

    /// The record goes back to the MASH team.
    pub async fn return_mash_notification(&self, id: &str, by: &str, version: i64, now: DateTime<Utc>) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE mash_notifications SET status = 'returned_to_mash', returned_by = $1, returned_at = $2, version = version + 1
             WHERE id = $3 AND status = 'awaiting_responses' AND version = $4",
        )
        .bind(by)
        .bind(to_db(now))
        .bind(id)
        .bind(version)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The MASH discussion's rating and outcome, and the status they lead to.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_mash_discussion(&self, id: &str, rating: &str, outcome: &str, status: &str, by: &str, version: i64, now: DateTime<Utc>) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE mash_notifications SET rating_after = $1, discussion_outcome = $2, status = $3, discussed_by = $4, discussed_at = $5,
                version = version + 1
             WHERE id = $6 AND status = 'returned_to_mash' AND version = $7",
        )
        .bind(rating)
        .bind(outcome)
        .bind(status)
        .bind(by)
        .bind(to_db(now))
        .bind(id)
        .bind(version)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The TYS representative's entry on the Early Help MASH database for a Green-after-MASH case.
    pub async fn log_mash_outcome(&self, id: &str, outcome: &str, on: NaiveDate, by: &str, version: i64, now: DateTime<Utc>) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE mash_notifications SET logged_outcome = $1, logged_on = $2, logged_by = $3, logged_at = $4, status = 'outcome_logged',
                version = version + 1
             WHERE id = $5 AND status = 'green_awaiting_log' AND version = $6",
        )
        .bind(outcome)
        .bind(date_to_db(on))
        .bind(by)
        .bind(to_db(now))
        .bind(id)
        .bind(version)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }
}
