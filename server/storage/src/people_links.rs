//! What the index knows around a person: relationships (with the Parental Responsibility and
//! household flags), Children's Social Care involvement, and merges that can be undone.

use crate::people::{insert_person_keys, placeholders};
use crate::time::{date_from_db, date_to_db, from_db, to_db};
use crate::{flag, new_id, Result, Store};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

pub struct NewRelationship<'a> {
    /// "person is <kind> of other person".
    pub person_id: &'a str,
    pub other_person_id: &'a str,
    pub kind: &'a str,
    /// The person holds Parental Responsibility for the other person.
    pub parental_responsibility: bool,
    pub household_member: bool,
    pub created_by: Option<&'a str>,
}

/// A relationship as seen from one person (`of`): `forward` when they are its subject ("Ava's
/// parent is …" is read from Ava's side as the inverse).
#[derive(Clone, Debug, PartialEq)]
pub struct RelationshipRow {
    pub id: String,
    pub person_id: String,
    pub other_person_id: String,
    pub kind: String,
    pub parental_responsibility: bool,
    pub household_member: bool,
    /// The person at the other end from the reader, with their date of birth.
    pub relative_id: String,
    pub relative_name: String,
    pub relative_date_of_birth: Option<NaiveDate>,
    /// True when the reader is `person_id`: the reader is `kind` of the relative (otherwise the
    /// relative is `kind` of the reader, and a screen shows the kind's inverse).
    pub reader_is_subject: bool,
    /// Set when the relationship was withdrawn (it then counts for nothing).
    pub withdrawal: Option<RelationshipWithdrawal>,
}

/// Who withdrew a relationship, when and why.
#[derive(Clone, Debug, PartialEq)]
pub struct RelationshipWithdrawal {
    pub by: String,
    pub by_name: String,
    pub at: DateTime<Utc>,
    pub reason: String,
}

pub struct NewInvolvement<'a> {
    pub person_id: &'a str,
    pub worker_name: &'a str,
    pub worker_team: &'a str,
    pub worker_phone: &'a str,
    pub worker_email: &'a str,
    pub opened_on: NaiveDate,
    pub created_by: Option<&'a str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InvolvementRow {
    pub id: String,
    pub person_id: String,
    /// `open` or `closed` (domain::people::InvolvementStatus slugs).
    pub status: String,
    pub worker_name: String,
    pub worker_team: String,
    pub worker_phone: String,
    pub worker_email: String,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub closure_reason: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MergeRow {
    pub id: String,
    pub survivor_id: String,
    pub merged_id: String,
    pub reason: String,
    pub merged_by: Option<String>,
    pub merged_at: DateTime<Utc>,
    pub unmerged_at: Option<DateTime<Utc>>,
    pub unmerge_reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeOutcome {
    Merged { merge_id: String, moved: usize },
    /// One of the two is missing, or already merged into another record.
    NotMergeable,
}

/// Rows that point at a person and move to the survivor on a merge: (table, key column, person
/// column, a condition that leaves a row behind when moving it would duplicate or self-link).
const MOVABLE: &[(&str, &str, &str, &str)] = &[
    ("contacts", "id", "person_id", ""),
    ("contact_children", "contact_id", "person_id", "AND contact_id NOT IN (SELECT contact_id FROM contact_children WHERE person_id = $2)"),
    ("case_note_people", "note_id", "person_id", "AND note_id NOT IN (SELECT note_id FROM case_note_people WHERE person_id = $2)"),
    (
        "relationships",
        "id",
        "person_id",
        "AND other_person_id <> $2 AND NOT EXISTS (SELECT 1 FROM relationships r2 WHERE r2.person_id = $2
            AND r2.other_person_id = relationships.other_person_id AND r2.kind = relationships.kind)",
    ),
    (
        "relationships",
        "id",
        "other_person_id",
        "AND person_id <> $2 AND NOT EXISTS (SELECT 1 FROM relationships r2 WHERE r2.other_person_id = $2
            AND r2.person_id = relationships.person_id AND r2.kind = relationships.kind)",
    ),
    ("csc_involvements", "id", "person_id", ""),
];

fn row_to_involvement(r: &AnyRow) -> Result<InvolvementRow> {
    let opened: String = r.try_get("opened_on")?;
    let closed: Option<String> = r.try_get("closed_on")?;
    Ok(InvolvementRow {
        id: r.try_get("id")?,
        person_id: r.try_get("person_id")?,
        status: r.try_get("status")?,
        worker_name: r.try_get("worker_name")?,
        worker_team: r.try_get("worker_team")?,
        worker_phone: r.try_get("worker_phone")?,
        worker_email: r.try_get("worker_email")?,
        opened_on: date_from_db(&opened)?,
        closed_on: closed.as_deref().map(date_from_db).transpose()?,
        closure_reason: r.try_get("closure_reason")?,
    })
}

fn row_to_merge(r: &AnyRow) -> Result<MergeRow> {
    let at: String = r.try_get("merged_at")?;
    let un: Option<String> = r.try_get("unmerged_at")?;
    Ok(MergeRow {
        id: r.try_get("id")?,
        survivor_id: r.try_get("survivor_id")?,
        merged_id: r.try_get("merged_id")?,
        reason: r.try_get("reason")?,
        merged_by: r.try_get("merged_by")?,
        merged_at: from_db(&at)?,
        unmerged_at: un.as_deref().map(from_db).transpose()?,
        unmerge_reason: r.try_get("unmerge_reason")?,
    })
}

impl Store {
    /// Links two people; a link of the same kind between the same two is a `Conflict`.
    pub async fn link_people(&self, r: NewRelationship<'_>, now: DateTime<Utc>) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO relationships (id, person_id, other_person_id, kind, parental_responsibility, household_member, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&id)
        .bind(r.person_id)
        .bind(r.other_person_id)
        .bind(r.kind)
        .bind(flag(r.parental_responsibility))
        .bind(flag(r.household_member))
        .bind(r.created_by)
        .bind(to_db(now))
        .execute(self.pool())
        .await
        .map_err(crate::error::conflict_as("That relationship"))?;
        Ok(id)
    }

    /// Withdraws a relationship recorded in error (never deletes it); returns its two people
    /// (for the audit of both) when it was in force.
    pub async fn withdraw_relationship(&self, relationship_id: &str, by: &str, reason: &str, now: DateTime<Utc>) -> Result<Option<(String, String)>> {
        let done = sqlx::query("UPDATE relationships SET withdrawn_at = $1, withdrawn_by = $2, withdraw_reason = $3 WHERE id = $4 AND withdrawn_at IS NULL")
            .bind(to_db(now))
            .bind(by)
            .bind(reason)
            .bind(relationship_id)
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        self.relationship_people(relationship_id).await
    }

    /// Puts a withdrawn relationship back in force; returns its two people when it was withdrawn.
    pub async fn restore_relationship(&self, relationship_id: &str) -> Result<Option<(String, String)>> {
        let done = sqlx::query("UPDATE relationships SET withdrawn_at = NULL, withdrawn_by = NULL, withdraw_reason = NULL WHERE id = $1 AND withdrawn_at IS NOT NULL")
            .bind(relationship_id)
            .execute(self.pool())
            .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        self.relationship_people(relationship_id).await
    }

    async fn relationship_people(&self, relationship_id: &str) -> Result<Option<(String, String)>> {
        let row = sqlx::query("SELECT person_id, other_person_id FROM relationships WHERE id = $1").bind(relationship_id).fetch_optional(self.pool()).await?;
        row.map(|r| Ok((r.try_get("person_id")?, r.try_get("other_person_id")?))).transpose()
    }

    /// Everyone related to `person_id` by a relationship in force, from either side, oldest link
    /// first: what siblings, Parental Responsibility and letters are worked out from.
    pub async fn relationships_of(&self, person_id: &str) -> Result<Vec<RelationshipRow>> {
        self.relationships(person_id, false).await
    }

    /// As `relationships_of`, with withdrawn relationships too: what a person's page shows.
    pub async fn relationships_with_withdrawn(&self, person_id: &str) -> Result<Vec<RelationshipRow>> {
        self.relationships(person_id, true).await
    }

    async fn relationships(&self, person_id: &str, with_withdrawn: bool) -> Result<Vec<RelationshipRow>> {
        let in_force = if with_withdrawn { "" } else { "AND r.withdrawn_at IS NULL" };
        let rows = sqlx::query(&format!(
            "SELECT r.id, r.person_id, r.other_person_id, r.kind, r.parental_responsibility, r.household_member, r.created_at,
                    r.withdrawn_at, r.withdrawn_by, r.withdraw_reason, u.display_name AS withdrawn_by_name,
                    p.id AS relative_id, p.given_name, p.family_name, p.date_of_birth
             FROM relationships r JOIN people p ON p.id = CASE WHEN r.person_id = $1 THEN r.other_person_id ELSE r.person_id END
             LEFT JOIN users u ON u.id = r.withdrawn_by
             WHERE (r.person_id = $1 OR r.other_person_id = $1) {in_force}
             ORDER BY r.created_at, r.id"
        ))
        .bind(person_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| {
                let given: String = r.try_get("given_name")?;
                let family: String = r.try_get("family_name")?;
                let dob: Option<String> = r.try_get("date_of_birth")?;
                let subject: String = r.try_get("person_id")?;
                let withdrawn_at: Option<String> = r.try_get("withdrawn_at")?;
                let withdrawal = match withdrawn_at {
                    Some(at) => Some(RelationshipWithdrawal {
                        by: r.try_get::<Option<String>, _>("withdrawn_by")?.unwrap_or_default(),
                        by_name: r.try_get::<Option<String>, _>("withdrawn_by_name")?.unwrap_or_default(),
                        at: from_db(&at)?,
                        reason: r.try_get::<Option<String>, _>("withdraw_reason")?.unwrap_or_default(),
                    }),
                    None => None,
                };
                Ok(RelationshipRow {
                    id: r.try_get("id")?,
                    reader_is_subject: subject == person_id,
                    person_id: subject,
                    other_person_id: r.try_get("other_person_id")?,
                    kind: r.try_get("kind")?,
                    parental_responsibility: r.try_get::<i64, _>("parental_responsibility")? != 0,
                    household_member: r.try_get::<i64, _>("household_member")? != 0,
                    relative_id: r.try_get("relative_id")?,
                    relative_name: format!("{given} {family}"),
                    relative_date_of_birth: dob.as_deref().map(date_from_db).transpose()?,
                    withdrawal,
                })
            })
            .collect()
    }

    pub async fn record_involvement(&self, i: NewInvolvement<'_>, now: DateTime<Utc>) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO csc_involvements (id, person_id, status, worker_name, worker_team, worker_phone, worker_email, opened_on,
                created_by, created_at, updated_at)
             VALUES ($1, $2, 'open', $3, $4, $5, $6, $7, $8, $9, $9)",
        )
        .bind(&id)
        .bind(i.person_id)
        .bind(i.worker_name)
        .bind(i.worker_team)
        .bind(i.worker_phone)
        .bind(i.worker_email)
        .bind(date_to_db(i.opened_on))
        .bind(i.created_by)
        .bind(to_db(now))
        .execute(self.pool())
        .await?;
        Ok(id)
    }

    pub async fn get_involvement(&self, id: &str) -> Result<Option<InvolvementRow>> {
        let row = sqlx::query("SELECT * FROM csc_involvements WHERE id = $1").bind(id).fetch_optional(self.pool()).await?;
        row.as_ref().map(row_to_involvement).transpose()
    }

    /// Closes an open involvement; false when it was not open (closed already, or missing).
    pub async fn close_involvement(&self, id: &str, closed_on: NaiveDate, reason: &str, now: DateTime<Utc>) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE csc_involvements SET status = 'closed', closed_on = $1, closure_reason = $2, updated_at = $3 WHERE id = $4 AND status = 'open'",
        )
        .bind(date_to_db(closed_on))
        .bind(reason)
        .bind(to_db(now))
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The involvements of these people, open first, then the most recently opened.
    pub async fn involvements_of(&self, person_ids: &[String]) -> Result<Vec<InvolvementRow>> {
        if person_ids.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT * FROM csc_involvements WHERE person_id IN ({}) ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, opened_on DESC, id",
            placeholders(1, person_ids.len())
        );
        let mut q = sqlx::query(&sql);
        for id in person_ids {
            q = q.bind(id.clone());
        }
        q.fetch_all(self.pool()).await?.iter().map(row_to_involvement).collect()
    }

    /// Merges `merged_id` into `survivor_id`: the merged record stays (marked, out of searches),
    /// every row pointing at it that can move moves to the survivor, and each move is kept so
    /// [`Store::unmerge_people`] can put exactly those rows back.
    pub async fn merge_people(&self, survivor_id: &str, merged_id: &str, reason: &str, by: Option<&str>, now: DateTime<Utc>) -> Result<MergeOutcome> {
        if survivor_id == merged_id {
            return Ok(MergeOutcome::NotMergeable);
        }
        let mut tx = self.pool().begin().await?;
        let live = sqlx::query("SELECT COUNT(*) AS n FROM people WHERE id IN ($1, $2) AND merged_into IS NULL")
            .bind(survivor_id)
            .bind(merged_id)
            .fetch_one(&mut *tx)
            .await?;
        if live.try_get::<i64, _>("n")? != 2 {
            return Ok(MergeOutcome::NotMergeable);
        }
        // Mark first, guarded, so two merges of the same record cannot both win.
        let marked = sqlx::query("UPDATE people SET merged_into = $1, version = version + 1, updated_at = $3 WHERE id = $2 AND merged_into IS NULL")
            .bind(survivor_id)
            .bind(merged_id)
            .bind(to_db(now))
            .execute(&mut *tx)
            .await?;
        if marked.rows_affected() == 0 {
            return Ok(MergeOutcome::NotMergeable);
        }
        let merge_id = new_id();
        sqlx::query("INSERT INTO person_merges (id, survivor_id, merged_id, reason, merged_by, merged_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&merge_id)
            .bind(survivor_id)
            .bind(merged_id)
            .bind(reason)
            .bind(by)
            .bind(to_db(now))
            .execute(&mut *tx)
            .await?;
        let mut moved = 0;
        for (table, key, column, condition) in MOVABLE {
            let sql = format!("SELECT {key} AS k FROM {table} WHERE {column} = $1 {condition}");
            let mut q = sqlx::query(&sql).bind(merged_id);
            if !condition.is_empty() {
                q = q.bind(survivor_id);
            }
            let keys: Vec<String> = q
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| r.try_get::<String, _>("k"))
                .collect::<std::result::Result<_, _>>()?;
            for k in keys {
                move_row(&mut tx, table, key, column, &k, merged_id, survivor_id).await?;
                sqlx::query("INSERT INTO person_merge_moves (merge_id, table_name, column_name, row_key) VALUES ($1, $2, $3, $4)")
                    .bind(&merge_id)
                    .bind(*table)
                    .bind(*column)
                    .bind(&k)
                    .execute(&mut *tx)
                    .await?;
                moved += 1;
            }
        }
        sqlx::query("DELETE FROM person_match_keys WHERE person_id = $1").bind(merged_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(MergeOutcome::Merged { merge_id, moved })
    }

    /// Undoes a merge: the moved rows go back, the merged record is searchable again. `None`
    /// when the merge is unknown or already undone.
    pub async fn unmerge_people(&self, merge_id: &str, reason: &str, by: Option<&str>, now: DateTime<Utc>) -> Result<Option<MergeRow>> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query("UPDATE person_merges SET unmerged_at = $1, unmerged_by = $2, unmerge_reason = $3 WHERE id = $4 AND unmerged_at IS NULL")
            .bind(to_db(now))
            .bind(by)
            .bind(reason)
            .bind(merge_id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        let m = row_to_merge(&sqlx::query("SELECT * FROM person_merges WHERE id = $1").bind(merge_id).fetch_one(&mut *tx).await?)?;
        let moves = sqlx::query("SELECT table_name, column_name, row_key FROM person_merge_moves WHERE merge_id = $1").bind(merge_id).fetch_all(&mut *tx).await?;
        for r in &moves {
            let (table, column, k): (String, String, String) = (r.try_get("table_name")?, r.try_get("column_name")?, r.try_get("row_key")?);
            // Only the statements in MOVABLE ever run: the stored names pick one of them.
            if let Some((t, key, c, _)) = MOVABLE.iter().find(|(t, _, c, _)| *t == table && *c == column) {
                move_row(&mut tx, t, key, c, &k, &m.survivor_id, &m.merged_id).await?;
            }
        }
        sqlx::query("UPDATE people SET merged_into = NULL, version = version + 1, updated_at = $2 WHERE id = $1")
            .bind(&m.merged_id)
            .bind(to_db(now))
            .execute(&mut *tx)
            .await?;
        insert_person_keys(&mut tx, &m.merged_id).await?;
        tx.commit().await?;
        Ok(Some(m))
    }

    pub async fn get_merge(&self, merge_id: &str) -> Result<Option<MergeRow>> {
        let row = sqlx::query("SELECT * FROM person_merges WHERE id = $1").bind(merge_id).fetch_optional(self.pool()).await?;
        row.as_ref().map(row_to_merge).transpose()
    }

    /// Every merge this person took part in, newest first.
    pub async fn merges_of(&self, person_id: &str) -> Result<Vec<MergeRow>> {
        let rows = sqlx::query("SELECT * FROM person_merges WHERE survivor_id = $1 OR merged_id = $1 ORDER BY merged_at DESC, id").bind(person_id).fetch_all(self.pool()).await?;
        rows.iter().map(row_to_merge).collect()
    }
}

async fn move_row(conn: &mut AnyConnection, table: &str, key: &str, column: &str, k: &str, from: &str, to: &str) -> Result<()> {
    let sql = format!("UPDATE {table} SET {column} = $1 WHERE {key} = $2 AND {column} = $3");
    sqlx::query(&sql).bind(to).bind(k).bind(from).execute(&mut *conn).await?;
    Ok(())
}
