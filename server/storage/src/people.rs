//! The person and family index: people with the match keys the server derives from them
//! (`domain::matching::match_keys`), written in the same transaction as the person; the candidate
//! fetch (one portable `WHERE key IN (…)`, bounded) scored by the shared Rust scorer; re-keying
//! when `KEYS_VERSION` changes; a batched bulk loader for the synthetic population; and the
//! search tokens that enforce search-before-create.

use crate::time::{date_from_db, date_to_db, from_db, to_db};
use crate::{new_id, Result, Store};
use chrono::{DateTime, Utc};
use domain::matching::{candidate_keys, match_keys, rank, Match, PersonFacts, SearchQuery, KEYS_VERSION};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// A person as the index stores them.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexedPerson {
    pub id: String,
    pub facts: PersonFacts,
    pub version: i64,
    /// Set while this record is merged into another.
    pub merged_into: Option<String>,
    pub updated_at: DateTime<Utc>,
}

/// What a search found: ranked candidates, best first, and whether the fetch reached its limit
/// (the search is too broad to trust the list: ask for a given name or a date of birth).
#[derive(Clone, Debug, Default)]
pub struct PeopleSearch {
    pub ranked: Vec<(IndexedPerson, Match)>,
    pub fetched: usize,
    pub too_broad: bool,
}

const PERSON_COLUMNS: &str = "id, given_name, family_name, date_of_birth, address, postcode, phone, nhs_number, upn, la_child_id,
    previous_postcodes, version, merged_into, updated_at";

const INSERT_PERSON: &str = "INSERT INTO people (id, given_name, family_name, date_of_birth, address, postcode, phone, nhs_number, upn,
    la_child_id, previous_postcodes, key_surname_primary, key_surname_alternate, key_given_code, key_given_canonical, key_dob,
    key_postcode_sector, key_phone, key_nhs_number, key_upn, key_la_child_id, keys_version, created_at, updated_at)
    VALUES ";
const PERSON_PARAMS: usize = 24;

fn text(o: &Option<String>) -> String {
    o.clone().unwrap_or_default()
}

fn some(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

fn row_to_person(r: &AnyRow) -> Result<IndexedPerson> {
    let dob: Option<String> = r.try_get("date_of_birth")?;
    let previous: String = r.try_get("previous_postcodes")?;
    let updated: String = r.try_get("updated_at")?;
    Ok(IndexedPerson {
        id: r.try_get("id")?,
        facts: PersonFacts {
            given_names: r.try_get("given_name")?,
            family_name: r.try_get("family_name")?,
            date_of_birth: dob.as_deref().map(date_from_db).transpose()?,
            postcode: some(r.try_get("postcode")?),
            previous_postcodes: previous.lines().filter(|l| !l.is_empty()).map(str::to_string).collect(),
            address: some(r.try_get("address")?),
            phone: some(r.try_get("phone")?),
            nhs_number: some(r.try_get("nhs_number")?),
            upn: some(r.try_get("upn")?),
            la_child_id: some(r.try_get("la_child_id")?),
        },
        version: r.try_get("version")?,
        merged_into: r.try_get("merged_into")?,
        updated_at: from_db(&updated)?,
    })
}

/// `$from, $from+1, …` for `n` values.
pub(crate) fn placeholders(from: usize, n: usize) -> String {
    (from..from + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds the ten match-key columns, in the order every statement here lists them.
fn bind_keys(q: AnyQuery<'_>, k: domain::matching::MatchKeys) -> AnyQuery<'_> {
    q        .bind(k.surname_primary)
        .bind(k.surname_alternate)
        .bind(k.given_code)
        .bind(k.given_canonical)
        .bind(k.date_of_birth)
        .bind(k.postcode_sector)
        .bind(k.phone)
        .bind(k.nhs_number)
        .bind(k.upn)
        .bind(k.la_child_id)
}

/// Binds one person's row values (in `INSERT_PERSON`'s order) onto a query.
fn bind_person<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    id: &str,
    p: &PersonFacts,
    now: &str,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    bind_details_and_keys(q.bind(id.to_string()), p).bind(now.to_string()).bind(now.to_string())
}

/// Binds a person's details, their match keys and the keys' version, in the column order that
/// `INSERT_PERSON` (after the id) and `update_person` share.
fn bind_details_and_keys<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    p: &PersonFacts,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let q = q
        .bind(p.given_names.clone())
        .bind(p.family_name.clone())
        .bind(p.date_of_birth.map(date_to_db))
        .bind(text(&p.address))
        .bind(text(&p.postcode))
        .bind(text(&p.phone))
        .bind(text(&p.nhs_number))
        .bind(text(&p.upn))
        .bind(text(&p.la_child_id))
        .bind(p.previous_postcodes.join("\n"));
    bind_keys(q, match_keys(p)).bind(i64::from(KEYS_VERSION))
}

/// Inserts a person and their index keys on `conn` (inside the caller's transaction).
pub(crate) async fn insert_person(conn: &mut AnyConnection, id: &str, p: &PersonFacts, now: DateTime<Utc>) -> Result<()> {
    let sql = format!("{INSERT_PERSON}({})", placeholders(1, PERSON_PARAMS));
    bind_person(sqlx::query(&sql), id, p, &to_db(now)).execute(&mut *conn).await?;
    write_keys(conn, id, p).await
}

/// Replaces a person's index keys with those of `p`.
async fn write_keys(conn: &mut AnyConnection, id: &str, p: &PersonFacts) -> Result<()> {
    sqlx::query("DELETE FROM person_match_keys WHERE person_id = $1").bind(id).execute(&mut *conn).await?;
    let keys: Vec<String> = match_keys(p).index_keys().iter().map(|k| k.as_str().to_string()).collect();
    insert_key_rows(conn, keys.iter().map(|k| (k.as_str(), id))).await
}

/// Keys a stored person again from their row (after an unmerge puts them back in searches).
pub(crate) async fn insert_person_keys(conn: &mut AnyConnection, id: &str) -> Result<()> {
    let row = sqlx::query(&format!("SELECT {PERSON_COLUMNS} FROM people WHERE id = $1")).bind(id).fetch_one(&mut *conn).await?;
    let p = row_to_person(&row)?;
    write_keys(conn, id, &p.facts).await
}

/// Multi-row inserts of (key, person id), a few thousand rows a statement.
async fn insert_key_rows<'a>(conn: &mut AnyConnection, rows: impl Iterator<Item = (&'a str, &'a str)>) -> Result<()> {
    let rows: Vec<(&str, &str)> = rows.collect();
    // 500 parameters a statement, as bulk_load_people explains.
    for chunk in rows.chunks(250) {
        let values: Vec<String> = (0..chunk.len()).map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2)).collect();
        let sql = format!("INSERT INTO person_match_keys (key, person_id) VALUES {}", values.join(", "));
        let mut q = sqlx::query(&sql);
        for (k, p) in chunk {
            q = q.bind(k.to_string()).bind(p.to_string());
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The `PersonFacts` an older `NewPerson` stands for (callers that predate the index).
pub(crate) fn facts_of(p: &crate::NewPerson<'_>) -> PersonFacts {
    PersonFacts {
        given_names: p.given_name.to_string(),
        family_name: p.family_name.to_string(),
        date_of_birth: p.date_of_birth,
        postcode: some(p.postcode.trim().to_string()),
        address: some(p.address.trim().to_string()),
        ..PersonFacts::default()
    }
}

impl Store {
    /// Creates a person with their match keys, in one transaction.
    pub async fn create_indexed_person(&self, p: &PersonFacts, now: DateTime<Utc>) -> Result<String> {
        let id = new_id();
        let mut tx = self.pool().begin().await?;
        insert_person(&mut tx, &id, p, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Updates a person's details and keys when `expected_version` is still current; `None` when
    /// someone else changed the record first (or it is merged or missing).
    pub async fn update_person(&self, id: &str, p: &PersonFacts, expected_version: i64, now: DateTime<Utc>) -> Result<Option<i64>> {
        let mut tx = self.pool().begin().await?;
        let q = sqlx::query(
            "UPDATE people SET given_name = $1, family_name = $2, date_of_birth = $3, address = $4, postcode = $5, phone = $6,
                nhs_number = $7, upn = $8, la_child_id = $9, previous_postcodes = $10, key_surname_primary = $11,
                key_surname_alternate = $12, key_given_code = $13, key_given_canonical = $14, key_dob = $15,
                key_postcode_sector = $16, key_phone = $17, key_nhs_number = $18, key_upn = $19, key_la_child_id = $20,
                keys_version = $21, updated_at = $22, version = version + 1
             WHERE id = $23 AND version = $24 AND merged_into IS NULL",
        );
        let done = bind_details_and_keys(q, p)
        .bind(to_db(now))
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        write_keys(&mut tx, id, p).await?;
        tx.commit().await?;
        Ok(Some(expected_version + 1))
    }

    pub async fn get_indexed_person(&self, id: &str) -> Result<Option<IndexedPerson>> {
        let row = sqlx::query(&format!("SELECT {PERSON_COLUMNS} FROM people WHERE id = $1")).bind(id).fetch_optional(self.pool()).await?;
        row.as_ref().map(row_to_person).transpose()
    }

    /// The people with these ids, in no particular order.
    pub async fn people_by_ids(&self, ids: &[String]) -> Result<Vec<IndexedPerson>> {
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            let sql = format!("SELECT {PERSON_COLUMNS} FROM people WHERE id IN ({})", placeholders(1, chunk.len()));
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(id.clone());
            }
            for r in q.fetch_all(self.pool()).await? {
                out.push(row_to_person(&r)?);
            }
        }
        Ok(out)
    }

    /// Fetches every unmerged person holding any of the search's index keys (at most the
    /// candidate limit) and ranks them with the shared scorer. An empty query fetches nothing.
    pub async fn search_people(&self, q: &SearchQuery) -> Result<PeopleSearch> {
        let cq = candidate_keys(q);
        if cq.is_empty() {
            return Ok(PeopleSearch::default());
        }
        let keys = cq.key_strings();
        let sql = format!(
            "SELECT {PERSON_COLUMNS} FROM people WHERE id IN (SELECT person_id FROM person_match_keys WHERE key IN ({}))
               AND merged_into IS NULL LIMIT {}",
            placeholders(1, keys.len()),
            cq.limit + 1
        );
        let mut query = sqlx::query(&sql);
        for k in &keys {
            query = query.bind(k.to_string());
        }
        let rows = query.fetch_all(self.pool()).await?;
        let too_broad = rows.len() > cq.limit;
        let mut people: Vec<IndexedPerson> = rows.iter().take(cq.limit).map(row_to_person).collect::<Result<_>>()?;
        // A stable fetch order makes equal scores rank the same on both engines.
        people.sort_by(|a, b| a.id.cmp(&b.id));
        let facts: Vec<&PersonFacts> = people.iter().map(|p| &p.facts).collect();
        let order = rank(q, &facts);
        let fetched = people.len();
        let mut slots: Vec<Option<IndexedPerson>> = people.into_iter().map(Some).collect();
        let ranked = order.into_iter().filter_map(|(i, m)| slots.get_mut(i).and_then(Option::take).map(|p| (p, m))).collect();
        Ok(PeopleSearch { ranked, fetched, too_broad })
    }

    /// Re-keys up to `batch` people keyed under another `KEYS_VERSION` (or never keyed: rows from
    /// before the index); returns how many. Run until it returns 0.
    pub async fn rekey_stale_people(&self, batch: usize) -> Result<usize> {
        let sql = format!("SELECT {PERSON_COLUMNS} FROM people WHERE keys_version <> $1 AND merged_into IS NULL LIMIT {batch}");
        let rows = sqlx::query(&sql).bind(i64::from(KEYS_VERSION)).fetch_all(self.pool()).await?;
        let people: Vec<IndexedPerson> = rows.iter().map(row_to_person).collect::<Result<_>>()?;
        let mut tx = self.pool().begin().await?;
        for p in &people {
            let q = sqlx::query(
                "UPDATE people SET key_surname_primary = $1, key_surname_alternate = $2, key_given_code = $3, key_given_canonical = $4,
                    key_dob = $5, key_postcode_sector = $6, key_phone = $7, key_nhs_number = $8, key_upn = $9, key_la_child_id = $10,
                    keys_version = $11 WHERE id = $12",
            );
            bind_keys(q, match_keys(&p.facts))
            .bind(i64::from(KEYS_VERSION))
            .bind(p.id.clone())
            .execute(&mut *tx)
            .await?;
            write_keys(&mut tx, &p.id, &p.facts).await?;
        }
        tx.commit().await?;
        Ok(people.len())
    }

    /// Loads many people fast: multi-row inserts, one transaction per `batch` people, keys
    /// computed in Rust. Returns the new ids in input order. For the benchmark and imports.
    pub async fn bulk_load_people(&self, people: &[PersonFacts], batch: usize, now: DateTime<Utc>) -> Result<Vec<String>> {
        let now = to_db(now);
        let mut ids = Vec::with_capacity(people.len());
        // Small statements: sqlx's binding cost grows faster than the parameter count (one
        // 30,000-parameter insert per 1,250 people loaded 20,000 people in 142 s; 500 parameters, 8 s).
        let rows_per_insert = (500 / PERSON_PARAMS).min(batch.max(1));
        for group in people.chunks(batch.max(1)) {
            let mut tx = self.pool().begin().await?;
            if self.engine() == crate::Engine::Sqlite {
                // Keys and ids are random, so every insert lands on a different page of the
                // B-trees: with SQLite's default 2 MB cache a million people thrash the disk.
                sqlx::query("PRAGMA cache_size = -524288").execute(&mut *tx).await?;
            }
            let group_ids: Vec<String> = group.iter().map(|_| new_id()).collect();
            for (chunk, chunk_ids) in group.chunks(rows_per_insert).zip(group_ids.chunks(rows_per_insert)) {
                let values: Vec<String> = (0..chunk.len()).map(|i| format!("({})", placeholders(i * PERSON_PARAMS + 1, PERSON_PARAMS))).collect();
                let sql = format!("{INSERT_PERSON}{}", values.join(", "));
                let mut q = sqlx::query(&sql);
                for (p, id) in chunk.iter().zip(chunk_ids) {
                    q = bind_person(q, id, p, &now);
                }
                q.execute(&mut *tx).await?;
            }
            let mut keys: Vec<(String, &str)> = group
                .iter()
                .zip(&group_ids)
                .flat_map(|(p, id)| match_keys(p).index_keys().into_iter().map(move |k| (k.as_str().to_string(), id.as_str())))
                .collect();
            // In key order, neighbouring rows share B-tree pages.
            keys.sort_unstable();
            insert_key_rows(&mut tx, keys.iter().map(|(k, id)| (k.as_str(), *id))).await?;
            tx.commit().await?;
            ids.extend(group_ids);
        }
        // Fresh statistics, or PostgreSQL plans the key look-up as if the tables were empty
        // until autovacuum gets round to them (a search took 20 s after a million-row load).
        for table in ["people", "person_match_keys"] {
            sqlx::query(&format!("ANALYZE {table}")).execute(self.pool()).await?;
        }
        Ok(ids)
    }

    /// Records a search that named someone; the id is the token creating them needs.
    pub async fn record_person_search(&self, user_id: &str, identity_key: &str, now: DateTime<Utc>) -> Result<String> {
        let id = new_id();
        sqlx::query("INSERT INTO person_searches (id, user_id, identity_key, searched_at) VALUES ($1, $2, $3, $4)")
            .bind(&id)
            .bind(user_id)
            .bind(identity_key)
            .bind(to_db(now))
            .execute(self.pool())
            .await?;
        Ok(id)
    }

    /// True when `token` is this user's search for `identity_key` made at or after `since`.
    pub async fn person_search_counts(&self, token: &str, user_id: &str, identity_key: &str, since: DateTime<Utc>) -> Result<bool> {
        let row = sqlx::query("SELECT 1 FROM person_searches WHERE id = $1 AND user_id = $2 AND identity_key = $3 AND searched_at >= $4")
            .bind(token)
            .bind(user_id)
            .bind(identity_key)
            .bind(to_db(since))
            .fetch_optional(self.pool())
            .await?;
        Ok(row.is_some())
    }

    /// Housekeeping: forgets searches made before `before`.
    pub async fn delete_person_searches_before(&self, before: DateTime<Utc>) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM person_searches WHERE searched_at < $1").bind(to_db(before)).execute(self.pool()).await?.rows_affected())
    }
}
