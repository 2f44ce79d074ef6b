//! Case notes: written once, linked to every child they concern, never deleted. A withdrawal is
//! a row of its own (who, when, why) that a restore closes, so the history of both is kept; a
//! partial unique index allows one open withdrawal per note.

use crate::error::conflict_as;
use crate::time::{from_db, to_db};
use crate::{new_id, PersonRecord, Result, StorageError, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

pub struct NewCaseNote<'a> {
    /// `domain::notes::NoteType::slug`.
    pub note_type: &'a str,
    pub body: &'a str,
    pub contact_id: Option<&'a str>,
    pub author_id: &'a str,
    /// Every child the note concerns; duplicates are ignored.
    pub person_ids: &'a [String],
}

#[derive(Clone, Debug, PartialEq)]
pub struct NotePerson {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WithdrawalRow {
    pub by_id: String,
    pub by_name: String,
    pub at: DateTime<Utc>,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CaseNoteRow {
    pub id: String,
    pub note_type: String,
    pub body: String,
    pub contact_id: Option<String>,
    pub contact_reference: Option<String>,
    pub author_id: String,
    pub author_name: String,
    pub written_at: DateTime<Utc>,
    /// Every child the note is linked to, by family then given name.
    pub people: Vec<NotePerson>,
    /// The withdrawal in force, if the note is withdrawn.
    pub withdrawal: Option<WithdrawalRow>,
}

const NOTE_SELECT: &str = "SELECT n.id, n.note_type, n.body, n.contact_id, c.reference, n.author_id, u.display_name AS author_name,
        n.written_at, w.withdrawn_by, wu.display_name AS withdrawn_by_name, w.withdrawn_at, w.reason
     FROM case_notes n
     JOIN users u ON u.id = n.author_id
     LEFT JOIN contacts c ON c.id = n.contact_id
     LEFT JOIN case_note_withdrawals w ON w.note_id = n.id AND w.restored_at IS NULL
     LEFT JOIN users wu ON wu.id = w.withdrawn_by";

/// Which notes a query is about; each is a condition on `n` taking `$1`.
enum NotesOf {
    Person,
    Contact,
    Note,
}

impl NotesOf {
    fn condition(&self) -> &'static str {
        match self {
            NotesOf::Person => "n.id IN (SELECT note_id FROM case_note_people WHERE person_id = $1)",
            NotesOf::Contact => "n.contact_id = $1",
            NotesOf::Note => "n.id = $1",
        }
    }
}

impl Store {
    /// Writes the note and its links to every child in one transaction.
    pub async fn add_case_note(&self, n: NewCaseNote<'_>, now: DateTime<Utc>) -> Result<String> {
        let id = new_id();
        let mut tx = self.pool().begin().await?;
        sqlx::query("INSERT INTO case_notes (id, note_type, body, contact_id, author_id, written_at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&id)
            .bind(n.note_type)
            .bind(n.body)
            .bind(n.contact_id)
            .bind(n.author_id)
            .bind(to_db(now))
            .execute(&mut *tx)
            .await?;
        let mut seen: Vec<&str> = Vec::new();
        for person in n.person_ids.iter().map(String::as_str).filter(|p| !p.is_empty()) {
            if seen.contains(&person) {
                continue;
            }
            seen.push(person);
            sqlx::query("INSERT INTO case_note_people (note_id, person_id) VALUES ($1, $2)")
                .bind(&id)
                .bind(person)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    pub async fn case_note(&self, id: &str) -> Result<Option<CaseNoteRow>> {
        Ok(self.notes_of(NotesOf::Note, id).await?.into_iter().next())
    }

    /// Every note linked to the child, newest first, withdrawn ones included (marked).
    pub async fn case_notes_for_person(&self, person_id: &str) -> Result<Vec<CaseNoteRow>> {
        self.notes_of(NotesOf::Person, person_id).await
    }

    /// Every note written on the contact, newest first.
    pub async fn case_notes_for_contact(&self, contact_id: &str) -> Result<Vec<CaseNoteRow>> {
        self.notes_of(NotesOf::Contact, contact_id).await
    }

    async fn notes_of(&self, of: NotesOf, key: &str) -> Result<Vec<CaseNoteRow>> {
        let cond = of.condition();
        let rows = sqlx::query(&format!("{NOTE_SELECT} WHERE {cond} ORDER BY n.written_at DESC, n.id DESC"))
            .bind(key)
            .fetch_all(self.pool())
            .await?;
        let mut notes: Vec<CaseNoteRow> = rows.into_iter().map(row_to_note).collect::<Result<_>>()?;
        let links = sqlx::query(&format!(
            "SELECT l.note_id, p.id, p.given_name, p.family_name FROM case_note_people l JOIN people p ON p.id = l.person_id
             WHERE l.note_id IN (SELECT n.id FROM case_notes n WHERE {cond})
             ORDER BY p.family_name, p.given_name, p.id"
        ))
        .bind(key)
        .fetch_all(self.pool())
        .await?;
        for r in links {
            let note_id: String = r.try_get("note_id")?;
            let person = NotePerson {
                id: r.try_get("id")?,
                name: format!("{} {}", r.try_get::<String, _>("given_name")?, r.try_get::<String, _>("family_name")?).trim().to_string(),
            };
            if let Some(n) = notes.iter_mut().find(|n| n.id == note_id) {
                n.people.push(person);
            }
        }
        Ok(notes)
    }

    /// Withdraws a note. `false` when it is already withdrawn (the unique index decides a race).
    pub async fn withdraw_case_note(&self, note_id: &str, by: &str, reason: &str, now: DateTime<Utc>) -> Result<bool> {
        let r = sqlx::query("INSERT INTO case_note_withdrawals (id, note_id, withdrawn_by, withdrawn_at, reason) VALUES ($1, $2, $3, $4, $5)")
            .bind(new_id())
            .bind(note_id)
            .bind(by)
            .bind(to_db(now))
            .bind(reason)
            .execute(self.pool())
            .await
            .map_err(conflict_as("A withdrawal of that note"));
        match r {
            Ok(_) => Ok(true),
            Err(StorageError::Conflict(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Undoes the withdrawal in force. `false` when the note is not withdrawn.
    pub async fn restore_case_note(&self, note_id: &str, by: &str, now: DateTime<Utc>) -> Result<bool> {
        let n = sqlx::query("UPDATE case_note_withdrawals SET restored_by = $1, restored_at = $2 WHERE note_id = $3 AND restored_at IS NULL")
            .bind(by)
            .bind(to_db(now))
            .bind(note_id)
            .execute(self.pool())
            .await?
            .rows_affected();
        Ok(n > 0)
    }

    /// How many times a note has been withdrawn (restored or not): the history is never lost.
    pub async fn case_note_withdrawal_count(&self, note_id: &str) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) FROM case_note_withdrawals WHERE note_id = $1").bind(note_id).fetch_one(self.pool()).await?.try_get(0)?)
    }

    /// People recorded at the same address and postcode as `person_id` (themselves included).
    /// A stop-gap for "the contact's children" until the person index records siblings and
    /// households; callers pass the chosen ids explicitly, so replacing this changes nothing else.
    pub async fn people_at_same_address(&self, person_id: &str) -> Result<Vec<PersonRecord>> {
        let rows = sqlx::query(
            "SELECT p.id FROM people me JOIN people p
               ON lower(trim(p.address)) = lower(trim(me.address))
              AND upper(replace(p.postcode, ' ', '')) = upper(replace(me.postcode, ' ', ''))
             WHERE me.id = $1 AND trim(me.postcode) <> ''
             ORDER BY p.family_name, p.given_name, p.id
             LIMIT 50",
        )
        .bind(person_id)
        .fetch_all(self.pool())
        .await?;
        let mut people = Vec::new();
        for r in rows {
            let id: String = r.try_get("id")?;
            if let Some(p) = self.get_person(&id).await? {
                people.push(p);
            }
        }
        if people.is_empty() {
            people.extend(self.get_person(person_id).await?);
        }
        Ok(people)
    }
}

fn row_to_note(r: sqlx::any::AnyRow) -> Result<CaseNoteRow> {
    let withdrawn_by: Option<String> = r.try_get("withdrawn_by")?;
    let withdrawal = match withdrawn_by {
        Some(by_id) => Some(WithdrawalRow {
            by_id,
            by_name: r.try_get::<Option<String>, _>("withdrawn_by_name")?.unwrap_or_default(),
            at: from_db(&r.try_get::<String, _>("withdrawn_at")?)?,
            reason: r.try_get("reason")?,
        }),
        None => None,
    };
    Ok(CaseNoteRow {
        id: r.try_get("id")?,
        note_type: r.try_get("note_type")?,
        body: r.try_get("body")?,
        contact_id: r.try_get("contact_id")?,
        contact_reference: r.try_get("reference")?,
        author_id: r.try_get("author_id")?,
        author_name: r.try_get("author_name")?,
        written_at: from_db(&r.try_get::<String, _>("written_at")?)?,
        people: Vec::new(),
        withdrawal,
    })
}
