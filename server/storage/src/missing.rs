//! Return interviews after a missing child comes back (seed 003 §7, migration 0019): opened by
//! a "Missing status: found" note with the deadline the server computed, closed by the upload
//! of the Return Interview Form. The rules are `domain::missing`'s.

use crate::error::conflict_as;
use crate::time::{from_db, to_db};
use crate::{new_id, Result, Store, StorageError};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;

/// A return, with the deadline the server computed for the interview.
#[derive(Clone, Debug)]
pub struct NewReturnInterview<'a> {
    pub person_id: &'a str,
    pub found_note_id: Option<&'a str>,
    pub returned_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub calendar_version: &'a str,
    pub created_by: &'a str,
}

/// The uploaded Return Interview Form.
#[derive(Clone, Debug)]
pub struct ReturnInterviewForm<'a> {
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub bytes: &'a [u8],
    pub sha256: &'a str,
    pub cse_screening_completed: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReturnInterviewRow {
    pub id: String,
    pub person_id: String,
    pub person_name: String,
    pub found_note_id: Option<String>,
    pub returned_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub calendar_version: String,
    pub status: String,
    pub created_by_name: Option<String>,
    pub form_file_name: Option<String>,
    pub form_size_bytes: Option<i64>,
    pub cse_screening_completed: bool,
    pub completed_by_name: Option<String>,
    pub completed_at: Option<DateTime<Utc>>,
    pub version: i64,
}

const SELECT: &str = "SELECT r.id, r.person_id, p.given_name, p.family_name, r.found_note_id, r.returned_at, r.due_at, r.calendar_version,
        r.status, cu.display_name AS created_by_name, r.form_file_name, r.form_size_bytes, r.cse_screening_completed,
        du.display_name AS completed_by_name, r.completed_at, r.version
     FROM return_interviews r
     JOIN people p ON p.id = r.person_id
     LEFT JOIN users cu ON cu.id = r.created_by
     LEFT JOIN users du ON du.id = r.completed_by";

fn to_row(r: &AnyRow) -> Result<ReturnInterviewRow> {
    let (given, family): (String, String) = (r.try_get("given_name")?, r.try_get("family_name")?);
    Ok(ReturnInterviewRow {
        id: r.try_get("id")?,
        person_id: r.try_get("person_id")?,
        person_name: format!("{given} {family}").trim().to_string(),
        found_note_id: r.try_get("found_note_id")?,
        returned_at: from_db(&r.try_get::<String, _>("returned_at")?)?,
        due_at: from_db(&r.try_get::<String, _>("due_at")?)?,
        calendar_version: r.try_get("calendar_version")?,
        status: r.try_get("status")?,
        created_by_name: r.try_get("created_by_name")?,
        form_file_name: r.try_get("form_file_name")?,
        form_size_bytes: r.try_get("form_size_bytes")?,
        cse_screening_completed: r.try_get::<i64, _>("cse_screening_completed")? != 0,
        completed_by_name: r.try_get("completed_by_name")?,
        completed_at: r.try_get::<Option<String>, _>("completed_at")?.as_deref().map(from_db).transpose()?,
        version: r.try_get("version")?,
    })
}

impl Store {
    /// Opens a return interview, unless one is already waiting for this child (a second "found"
    /// note about the same return must not start a second clock; the unique index
    /// `return_interviews_one_due` settles two at once): `(id, opened)`.
    pub async fn open_return_interview(&self, n: NewReturnInterview<'_>, due_status: &str, now: DateTime<Utc>) -> Result<(String, bool)> {
        let waiting = |person: &str| {
            sqlx::query("SELECT id FROM return_interviews WHERE person_id = $1 AND status = $2").bind(person.to_string()).bind(due_status.to_string())
        };
        if let Some(r) = waiting(n.person_id).fetch_optional(self.pool()).await? {
            return Ok((r.try_get("id")?, false));
        }
        let id = new_id();
        let inserted = sqlx::query(
            "INSERT INTO return_interviews (id, person_id, found_note_id, returned_at, due_at, calendar_version, status, created_by, created_at,
                cse_screening_completed, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, 1)",
        )
        .bind(&id)
        .bind(n.person_id)
        .bind(n.found_note_id)
        .bind(to_db(n.returned_at))
        .bind(to_db(n.due_at))
        .bind(n.calendar_version)
        .bind(due_status)
        .bind(n.created_by)
        .bind(to_db(now))
        .execute(self.pool())
        .await
        .map_err(conflict_as("A waiting return interview for this child"));
        match inserted {
            Ok(_) => Ok((id, true)),
            // Someone opened one in the same moment: theirs is the one waiting.
            Err(StorageError::Conflict(_)) => match waiting(n.person_id).fetch_optional(self.pool()).await? {
                Some(r) => Ok((r.try_get("id")?, false)),
                None => Err(StorageError::Conflict("A return interview changed while it was opened")),
            },
            Err(e) => Err(e),
        }
    }

    pub async fn return_interview(&self, id: &str) -> Result<Option<ReturnInterviewRow>> {
        let row = sqlx::query(&format!("{SELECT} WHERE r.id = $1")).bind(id).fetch_optional(self.pool()).await?;
        row.as_ref().map(to_row).transpose()
    }

    /// A child's return interviews, the latest return first.
    pub async fn return_interviews_for_person(&self, person_id: &str) -> Result<Vec<ReturnInterviewRow>> {
        sqlx::query(&format!("{SELECT} WHERE r.person_id = $1 ORDER BY r.returned_at DESC, r.id"))
            .bind(person_id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(to_row)
            .collect()
    }

    /// Interviews in one status, the soonest due first (the desk's list of those awaited).
    pub async fn return_interviews_in(&self, status: &str, limit: i64) -> Result<Vec<ReturnInterviewRow>> {
        sqlx::query(&format!("{SELECT} WHERE r.status = $1 ORDER BY r.due_at, r.id LIMIT $2"))
            .bind(status)
            .bind(limit)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(to_row)
            .collect()
    }

    /// Puts the form on the interview, moving it `(from, to)` while it is still `from` at
    /// `version`: `false` when someone else uploaded first.
    pub async fn complete_return_interview(&self, id: &str, form: ReturnInterviewForm<'_>, (from, to): (&str, &str), by: &str, version: i64, now: DateTime<Utc>) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE return_interviews SET status = $1, form_file_name = $2, form_content_type = $3, form_size_bytes = $4, form_sha256 = $5,
                form_base64 = $6, cse_screening_completed = $7, completed_by = $8, completed_at = $9, version = version + 1
             WHERE id = $10 AND status = $11 AND version = $12",
        )
        .bind(to)
        .bind(form.file_name)
        .bind(form.content_type)
        .bind(form.bytes.len() as i64)
        .bind(form.sha256)
        .bind(base64::engine::general_purpose::STANDARD.encode(form.bytes))
        .bind(i64::from(form.cse_screening_completed))
        .bind(by)
        .bind(to_db(now))
        .bind(id)
        .bind(from)
        .bind(version)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// The uploaded form: `(file name, content type, bytes)`.
    pub async fn return_interview_form(&self, id: &str) -> Result<Option<(String, String, Vec<u8>)>> {
        let row = sqlx::query("SELECT form_file_name, form_content_type, form_base64 FROM return_interviews WHERE id = $1 AND form_base64 IS NOT NULL")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        let Some(r) = row else { return Ok(None) };
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(r.try_get::<String, _>("form_base64")?)
            .map_err(|e| StorageError::Corrupt(format!("base64: {e}")))?;
        Ok(Some((r.try_get("form_file_name")?, r.try_get("form_content_type")?, bytes)))
    }
}
