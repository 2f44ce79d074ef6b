//! The public site's data: page content and service contacts an administrator edits (each save
//! bumps a version; every published page version is kept), drafts of the online Request for
//! Support (keyed by a hash of an opaque cookie, with an expiry), and counts of posts per address
//! for the rate limit (in the database so it holds across instances).

use crate::error::conflict_as;
use crate::time::{from_db, to_db};
use crate::versioned::Versioned;
use crate::{new_id, Result, StorageError, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

#[derive(Clone, Debug, PartialEq)]
pub struct PublicPageRow {
    pub slug: String,
    pub title: String,
    pub body: String,
    pub version: i64,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ServiceContactRow {
    pub key: String,
    pub label: String,
    pub value: String,
    pub hint: String,
    pub position: i64,
    pub version: i64,
    pub updated_by: String,
    pub updated_at: DateTime<Utc>,
}

/// A default written by the server the first time it is needed.
pub struct DefaultContact<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub value: &'a str,
    pub hint: &'a str,
    pub position: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SupportDraftRow {
    pub answers: String,
    /// Set once the request has been sent: the contact's reference.
    pub reference: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// The outcome of a versioned save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VersionedSave {
    Saved { version: i64 },
    /// Someone else saved first; the caller's copy is out of date.
    Stale { current: i64 },
    NotFound,
}

const PAGES: Versioned = Versioned { table: "public_pages", versions: "public_page_versions", key: "slug", first: "title", what: "That page" };
const PAGE_COLUMNS: &str = "slug, title, body, version, updated_by, updated_at";
const CONTACT_COLUMNS: &str = "contact_key, label, contact_value, hint, position, version, updated_by, updated_at";

impl Store {
    pub async fn public_page(&self, slug: &str) -> Result<Option<PublicPageRow>> {
        let row = sqlx::query(&format!("SELECT {PAGE_COLUMNS} FROM public_pages WHERE slug = $1"))
            .bind(slug)
            .fetch_optional(self.pool())
            .await?;
        row.map(row_to_page).transpose()
    }

    pub async fn public_pages(&self) -> Result<Vec<PublicPageRow>> {
        let rows = sqlx::query(&format!("SELECT {PAGE_COLUMNS} FROM public_pages ORDER BY slug")).fetch_all(self.pool()).await?;
        rows.into_iter().map(row_to_page).collect()
    }

    /// Writes a page's default as version 1 unless the page exists (safe from several
    /// instances at once).
    pub async fn insert_public_page_if_missing(&self, slug: &str, title: &str, body: &str, now: DateTime<Utc>) -> Result<bool> {
        PAGES.insert_default(self, slug, title, body, now).await
    }

    /// Publishes a new version of a page if `expected_version` is still the current one.
    pub async fn save_public_page(
        &self,
        slug: &str,
        title: &str,
        body: &str,
        expected_version: i64,
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<VersionedSave> {
        if let Some(version) = PAGES.save(self, slug, title, body, expected_version, by, now).await? {
            return Ok(VersionedSave::Saved { version });
        }
        Ok(match self.public_page(slug).await? {
            Some(p) => VersionedSave::Stale { current: p.version },
            None => VersionedSave::NotFound,
        })
    }

    /// Every published version of a page, newest first.
    pub async fn public_page_versions(&self, slug: &str) -> Result<Vec<PublicPageRow>> {
        let rows = sqlx::query(&format!("SELECT {PAGE_COLUMNS} FROM public_page_versions WHERE slug = $1 ORDER BY version DESC"))
            .bind(slug)
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().map(row_to_page).collect()
    }

    pub async fn service_contacts(&self) -> Result<Vec<ServiceContactRow>> {
        let rows = sqlx::query(&format!("SELECT {CONTACT_COLUMNS} FROM service_contacts ORDER BY position, contact_key"))
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().map(row_to_contact).collect()
    }

    /// Writes the defaults that are missing (version 1); existing contacts are left alone.
    pub async fn insert_service_contacts_if_missing(&self, defaults: &[DefaultContact<'_>], now: DateTime<Utc>) -> Result<u64> {
        let existing: Vec<String> = self.service_contacts().await?.into_iter().map(|c| c.key).collect();
        let mut added = 0;
        for d in defaults.iter().filter(|d| !existing.iter().any(|k| k == d.key)) {
            let r = sqlx::query(
                "INSERT INTO service_contacts (contact_key, label, contact_value, hint, position, version, updated_by, updated_at)
                 VALUES ($1, $2, $3, $4, $5, 1, 'default', $6)",
            )
            .bind(d.key)
            .bind(d.label)
            .bind(d.value)
            .bind(d.hint)
            .bind(d.position)
            .bind(to_db(now))
            .execute(self.pool())
            .await
            .map_err(conflict_as("That contact"));
            match r {
                Ok(_) => added += 1,
                Err(StorageError::Conflict(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(added)
    }

    pub async fn save_service_contact(&self, key: &str, value: &str, expected_version: i64, by: &str, now: DateTime<Utc>) -> Result<VersionedSave> {
        let n = sqlx::query(
            "UPDATE service_contacts SET contact_value = $1, version = version + 1, updated_by = $2, updated_at = $3
             WHERE contact_key = $4 AND version = $5",
        )
        .bind(value)
        .bind(by)
        .bind(to_db(now))
        .bind(key)
        .bind(expected_version)
        .execute(self.pool())
        .await?
        .rows_affected();
        if n > 0 {
            return Ok(VersionedSave::Saved { version: expected_version + 1 });
        }
        Ok(match self.service_contacts().await?.into_iter().find(|c| c.key == key) {
            Some(c) => VersionedSave::Stale { current: c.version },
            None => VersionedSave::NotFound,
        })
    }

    /// The draft behind a cookie, if it has not expired.
    pub async fn support_draft(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<SupportDraftRow>> {
        let row = sqlx::query(
            "SELECT answers, reference, created_at, updated_at, expires_at FROM support_drafts WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(to_db(now))
        .fetch_optional(self.pool())
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(SupportDraftRow {
            answers: r.try_get("answers")?,
            reference: r.try_get("reference")?,
            created_at: from_db(&r.try_get::<String, _>("created_at")?)?,
            updated_at: from_db(&r.try_get::<String, _>("updated_at")?)?,
            expires_at: from_db(&r.try_get::<String, _>("expires_at")?)?,
        }))
    }

    /// Creates or replaces the draft's answers and moves its expiry on.
    pub async fn save_support_draft(&self, token_hash: &str, answers: &str, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> Result<()> {
        let n = sqlx::query("UPDATE support_drafts SET answers = $1, updated_at = $2, expires_at = $3 WHERE token_hash = $4")
            .bind(answers)
            .bind(to_db(now))
            .bind(to_db(expires_at))
            .bind(token_hash)
            .execute(self.pool())
            .await?
            .rows_affected();
        if n > 0 {
            return Ok(());
        }
        sqlx::query(
            "INSERT INTO support_drafts (token_hash, answers, reference, created_at, updated_at, expires_at) VALUES ($1, $2, NULL, $3, $3, $4)",
        )
        .bind(token_hash)
        .bind(answers)
        .bind(to_db(now))
        .bind(to_db(expires_at))
        .execute(self.pool())
        .await
        .map_err(conflict_as("That draft"))?;
        Ok(())
    }

    /// After sending: the answers are replaced by `confirmation` (what the confirmation page
    /// shows: the reference and the next steps, nothing personal) until the draft expires.
    pub async fn mark_support_draft_sent(&self, token_hash: &str, reference: &str, confirmation: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE support_drafts SET answers = $1, reference = $2, updated_at = $3 WHERE token_hash = $4")
            .bind(confirmation)
            .bind(reference)
            .bind(to_db(now))
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn delete_support_draft(&self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM support_drafts WHERE token_hash = $1").bind(token_hash).execute(self.pool()).await?;
        Ok(())
    }

    pub async fn prune_support_drafts(&self, now: DateTime<Utc>) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM support_drafts WHERE expires_at <= $1").bind(to_db(now)).execute(self.pool()).await?.rows_affected())
    }

    pub async fn record_public_form_event(&self, ip: &str, kind: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("INSERT INTO public_form_events (id, ip, kind, at) VALUES ($1, $2, $3, $4)")
            .bind(new_id())
            .bind(ip)
            .bind(kind)
            .bind(to_db(now))
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn count_public_form_events(&self, ip: &str, kind: &str, since: DateTime<Utc>) -> Result<u32> {
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM public_form_events WHERE ip = $1 AND kind = $2 AND at >= $3")
            .bind(ip)
            .bind(kind)
            .bind(to_db(since))
            .fetch_one(self.pool())
            .await?
            .try_get(0)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    pub async fn prune_public_form_events(&self, before: DateTime<Utc>) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM public_form_events WHERE at < $1").bind(to_db(before)).execute(self.pool()).await?.rows_affected())
    }
}

fn row_to_page(r: sqlx::any::AnyRow) -> Result<PublicPageRow> {
    Ok(PublicPageRow {
        slug: r.try_get("slug")?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        version: r.try_get("version")?,
        updated_by: r.try_get("updated_by")?,
        updated_at: from_db(&r.try_get::<String, _>("updated_at")?)?,
    })
}

fn row_to_contact(r: sqlx::any::AnyRow) -> Result<ServiceContactRow> {
    Ok(ServiceContactRow {
        key: r.try_get("contact_key")?,
        label: r.try_get("label")?,
        value: r.try_get("contact_value")?,
        hint: r.try_get("hint")?,
        position: r.try_get("position")?,
        version: r.try_get("version")?,
        updated_by: r.try_get("updated_by")?,
        updated_at: from_db(&r.try_get::<String, _>("updated_at")?)?,
    })
}
