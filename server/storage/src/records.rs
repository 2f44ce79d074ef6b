//! Case records at foundation level: people (children and family members) and contacts, and
//! the worklist question every read asks: is this record in the reader's worklists?

use crate::time::{date_from_db, from_db, to_db};
use crate::{new_id, Result, Store};
use chrono::{DateTime, NaiveDate, Utc};
use domain::audit::RecordKind;
use sqlx::Row;

#[derive(Clone, Debug)]
pub struct PersonRecord {
    pub id: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub address: String,
    pub postcode: String,
}

pub struct NewPerson<'a> {
    pub given_name: &'a str,
    pub family_name: &'a str,
    pub date_of_birth: Option<NaiveDate>,
    pub address: &'a str,
    pub postcode: &'a str,
}

#[derive(Clone, Debug)]
pub struct ContactRecord {
    pub id: String,
    pub reference: String,
    /// The first child; `None` for an anonymous call that identifies nobody.
    pub person_id: Option<String>,
    pub status: String,
    pub summary: String,
    pub assigned_team_id: Option<String>,
    pub assigned_team_name: Option<String>,
    pub assigned_user_id: Option<String>,
    pub assigned_user_name: Option<String>,
    pub received_at: DateTime<Utc>,
}

pub struct NewContact<'a> {
    pub reference: &'a str,
    pub person_id: &'a str,
    pub summary: &'a str,
    pub assigned_team_id: Option<&'a str>,
    pub assigned_user_id: Option<&'a str>,
    pub received_at: DateTime<Utc>,
}

/// One open contact in a worklist, with just enough to recognise it.
#[derive(Clone, Debug)]
pub struct WorklistItem {
    pub contact_id: String,
    pub reference: String,
    pub person_id: String,
    pub person_name: String,
    pub summary: String,
    pub worklist: String,
    pub received_at: DateTime<Utc>,
}

pub(crate) const CONTACT_SELECT: &str = "SELECT c.id, c.reference, c.person_id, c.status, c.summary, c.assigned_team_id, t.name AS team_name,
        c.assigned_user_id, u.display_name AS user_name, c.received_at
     FROM contacts c LEFT JOIN teams t ON t.id = c.assigned_team_id LEFT JOIN users u ON u.id = c.assigned_user_id";

impl Store {
    /// Creates a person with their match keys (see `people`): every person is in the index.
    pub async fn create_person(&self, p: NewPerson<'_>, now: DateTime<Utc>) -> Result<String> {
        self.create_indexed_person(&crate::people::facts_of(&p), now).await
    }

    pub async fn get_person(&self, id: &str) -> Result<Option<PersonRecord>> {
        let row = sqlx::query("SELECT id, given_name, family_name, date_of_birth, address, postcode FROM people WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        let Some(r) = row else { return Ok(None) };
        let dob: Option<String> = r.try_get("date_of_birth")?;
        Ok(Some(PersonRecord {
            id: r.try_get("id")?,
            given_name: r.try_get("given_name")?,
            family_name: r.try_get("family_name")?,
            date_of_birth: dob.as_deref().map(date_from_db).transpose()?,
            address: r.try_get("address")?,
            postcode: r.try_get("postcode")?,
        }))
    }

    pub async fn create_contact(&self, c: NewContact<'_>, now: DateTime<Utc>) -> Result<String> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO contacts (id, reference, person_id, status, summary, assigned_team_id, assigned_user_id, received_at, created_at, updated_at)
             VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $8)",
        )
        .bind(&id)
        .bind(c.reference)
        .bind(c.person_id)
        .bind(c.summary)
        .bind(c.assigned_team_id)
        .bind(c.assigned_user_id)
        .bind(to_db(c.received_at))
        .bind(to_db(now))
        .execute(self.pool())
        .await
        .map_err(crate::error::conflict_as("A contact with that reference"))?;
        Ok(id)
    }

    pub async fn get_contact(&self, id: &str) -> Result<Option<ContactRecord>> {
        let row = sqlx::query(&format!("{CONTACT_SELECT} WHERE c.id = $1")).bind(id).fetch_optional(self.pool()).await?;
        row.map(row_to_contact).transpose()
    }

    pub async fn contacts_for_person(&self, person_id: &str) -> Result<Vec<ContactRecord>> {
        let rows = sqlx::query(&format!("{CONTACT_SELECT} WHERE c.person_id = $1 ORDER BY c.received_at DESC"))
            .bind(person_id)
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().map(row_to_contact).collect()
    }

    /// Open contacts assigned to the user or a team they belong to, or with an open work item
    /// held by them or their teams, oldest first; a contact about several children is one row per child.
    pub async fn worklist_for_user(&self, user_id: &str, limit: i64) -> Result<Vec<WorklistItem>> {
        let rows = sqlx::query(
            "SELECT c.id, c.reference, p.id AS person_id, p.given_name, p.family_name, c.summary, c.received_at,
                    COALESCE(t.name, wt.name, 'Assigned to you') AS worklist
             FROM contacts c
             LEFT JOIN contact_children cc ON cc.contact_id = c.id
             LEFT JOIN people p ON p.id = COALESCE(cc.person_id, c.person_id)
             LEFT JOIN teams t ON t.id = c.assigned_team_id
             LEFT JOIN teams wt ON wt.id = (SELECT MIN(w.team_id) FROM work_items w
                                            WHERE w.subject_kind = 'contact' AND w.subject_id = c.id AND w.status = 'open')
             WHERE (c.status IN ('open', 'inbox')
                    AND (c.assigned_user_id = $1
                         OR c.assigned_team_id IN (SELECT team_id FROM team_members WHERE user_id = $1)))
                OR EXISTS (SELECT 1 FROM work_items w WHERE w.subject_kind = 'contact' AND w.subject_id = c.id AND w.status = 'open'
                           AND (w.assigned_user_id = $1 OR w.team_id IN (SELECT team_id FROM team_members WHERE user_id = $1)))
             ORDER BY c.received_at, c.id, p.date_of_birth, p.id
             LIMIT $2",
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                let given: Option<String> = r.try_get("given_name")?;
                let family: Option<String> = r.try_get("family_name")?;
                Ok(WorklistItem {
                    contact_id: r.try_get("id")?,
                    reference: r.try_get("reference")?,
                    person_id: r.try_get::<Option<String>, _>("person_id")?.unwrap_or_default(),
                    person_name: match (given, family) {
                        (Some(g), Some(f)) => format!("{g} {f}"),
                        _ => "No child identified".to_string(),
                    },
                    summary: r.try_get("summary")?,
                    worklist: r.try_get("worklist")?,
                    received_at: from_db(&r.try_get::<String, _>("received_at")?)?,
                })
            })
            .collect()
    }

    /// Is the record reachable through one of the user's worklists (an open contact assigned to
    /// them or their team)? If not, opening it needs a reason (break-glass).
    pub async fn record_in_worklists(&self, user_id: &str, kind: RecordKind, record_id: &str) -> Result<bool> {
        // An inbox contact (an online Request for Support not yet filtered) is work for the team it
        // is assigned to, exactly as an open one is; so is any open work item on a contact. Whoever
        // decided a step keeps the contact open while it is still being worked elsewhere (they
        // follow what became of their decision); once it closes they need a reason like anyone.
        let mine = "c.status IN ('open', 'inbox') AND (c.assigned_user_id = $1
                      OR c.assigned_team_id IN (SELECT team_id FROM team_members WHERE user_id = $1))";
        let item = "EXISTS (SELECT 1 FROM work_items w WHERE w.subject_kind = 'contact' AND w.subject_id = c.id AND w.status = 'open'
                      AND (w.assigned_user_id = $1 OR w.team_id IN (SELECT team_id FROM team_members WHERE user_id = $1)))
                    OR (EXISTS (SELECT 1 FROM work_items w WHERE w.subject_kind = 'contact' AND w.subject_id = c.id AND w.completed_by = $1)
                        AND EXISTS (SELECT 1 FROM work_items w WHERE w.subject_kind = 'contact' AND w.subject_id = c.id AND w.status = 'open'))";
        let sql = match kind {
            RecordKind::Person => format!(
                "SELECT COUNT(*) FROM contacts c WHERE (c.person_id = $2 OR c.id IN (SELECT contact_id FROM contact_children WHERE person_id = $2))
                   AND (({mine}) OR {item})"
            ),
            RecordKind::Contact => format!("SELECT COUNT(*) FROM contacts c WHERE c.id = $2 AND (({mine}) OR {item})"),
            _ => return Ok(false),
        };
        let n: i64 = sqlx::query(&sql).bind(user_id).bind(record_id).fetch_one(self.pool()).await?.try_get(0)?;
        Ok(n > 0)
    }

    pub async fn grant_access(&self, token_hash: &str, kind: RecordKind, record_id: &str, reason: &str, now: DateTime<Utc>) -> Result<()> {
        // Delete-then-insert keeps it portable (no ON CONFLICT dialect differences to worry about).
        let mut tx = self.pool().begin().await?;
        sqlx::query("DELETE FROM access_grants WHERE token_hash = $1 AND record_kind = $2 AND record_id = $3")
            .bind(token_hash)
            .bind(kind.slug())
            .bind(record_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO access_grants (token_hash, record_kind, record_id, reason, granted_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(token_hash)
            .bind(kind.slug())
            .bind(record_id)
            .bind(reason)
            .bind(to_db(now))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The reason given earlier in this session for opening the record, if any.
    pub async fn access_grant(&self, token_hash: &str, kind: RecordKind, record_id: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT reason FROM access_grants WHERE token_hash = $1 AND record_kind = $2 AND record_id = $3")
            .bind(token_hash)
            .bind(kind.slug())
            .bind(record_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(match row {
            Some(r) => Some(r.try_get("reason")?),
            None => None,
        })
    }

    pub async fn count_contacts(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) FROM contacts").fetch_one(self.pool()).await?.try_get(0)?)
    }
}

pub(crate) fn row_to_contact(r: sqlx::any::AnyRow) -> Result<ContactRecord> {
    Ok(ContactRecord {
        id: r.try_get("id")?,
        reference: r.try_get("reference")?,
        person_id: r.try_get("person_id")?,
        status: r.try_get("status")?,
        summary: r.try_get("summary")?,
        assigned_team_id: r.try_get("assigned_team_id")?,
        assigned_team_name: r.try_get("team_name")?,
        assigned_user_id: r.try_get("assigned_user_id")?,
        assigned_user_name: r.try_get("user_name")?,
        received_at: from_db(&r.try_get::<String, _>("received_at")?)?,
    })
}
