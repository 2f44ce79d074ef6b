//! The CASS inbox as the online Request for Support fills it: a submitted request becomes a
//! person (the child), a contact with status `inbox` assigned to the CASS team, and the online
//! request's details beside the contact, all in one transaction.

use crate::time::{from_db, to_db};
use crate::{flag, new_id, NewPerson, Result, Store};
use chrono::{DateTime, Utc};
use sqlx::Row;

/// The status of a contact waiting in the CASS inbox for Business Support.
pub const INBOX_STATUS: &str = "inbox";
/// The channel recorded for requests made on the public online form.
pub const ONLINE_FORM_CHANNEL: &str = "online_form";

pub struct NewOnlineRequest<'a> {
    pub reference: &'a str,
    pub child: NewPerson<'a>,
    pub summary: &'a str,
    pub assigned_team_id: Option<&'a str>,
    pub received_at: DateTime<Utc>,
    pub referrer_kind: &'a str,
    pub referrer_name: &'a str,
    pub referrer_organisation: &'a str,
    pub referrer_role: &'a str,
    pub referrer_email: &'a str,
    pub referrer_phone: &'a str,
    pub relationship: &'a str,
    pub ongoing_relationship: bool,
    pub parental_responsibility: &'a str,
    pub consent: &'a str,
    pub consent_given_by: &'a str,
    pub consent_scopes: &'a str,
    pub immediate_danger: bool,
    pub suggested_level: &'a str,
    pub framework_version: &'a str,
    pub scripts_version: &'a str,
    /// Everything entered, as JSON.
    pub answers: &'a str,
}

#[derive(Clone, Debug)]
pub struct CreatedContact {
    pub person_id: String,
    pub contact_id: String,
}

/// One contact waiting in the inbox, newest first.
#[derive(Clone, Debug)]
pub struct InboxItem {
    pub contact_id: String,
    pub reference: String,
    pub person_id: String,
    pub person_name: String,
    pub summary: String,
    pub team_name: Option<String>,
    pub received_at: DateTime<Utc>,
    /// `None` for contacts that did not come from the online form.
    pub channel: Option<String>,
    pub referrer_kind: Option<String>,
    pub referrer_name: Option<String>,
    pub referrer_organisation: Option<String>,
    pub suggested_level: Option<String>,
    pub consent: Option<String>,
    pub immediate_danger: bool,
}

#[derive(Clone, Debug)]
pub struct OnlineRequestRow {
    pub contact_id: String,
    pub channel: String,
    pub referrer_kind: String,
    pub referrer_name: String,
    pub referrer_organisation: String,
    pub referrer_role: String,
    pub referrer_email: String,
    pub referrer_phone: String,
    pub relationship: String,
    pub ongoing_relationship: bool,
    pub parental_responsibility: String,
    pub consent: String,
    pub consent_given_by: String,
    pub consent_scopes: String,
    pub immediate_danger: bool,
    pub suggested_level: String,
    pub framework_version: String,
    pub scripts_version: String,
    pub answers: String,
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Creates the child, the contact (status `inbox`) and the online request together.
    pub async fn create_online_request(&self, r: NewOnlineRequest<'_>, now: DateTime<Utc>) -> Result<CreatedContact> {
        let person_id = new_id();
        let contact_id = new_id();
        let mut tx = self.pool().begin().await?;
        crate::people::insert_person(&mut tx, &person_id, &crate::people::facts_of(&r.child), now).await?;
        sqlx::query(
            "INSERT INTO contacts (id, reference, person_id, status, summary, assigned_team_id, assigned_user_id, received_at, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, $8, $8)",
        )
        .bind(&contact_id)
        .bind(r.reference)
        .bind(&person_id)
        .bind(INBOX_STATUS)
        .bind(r.summary)
        .bind(r.assigned_team_id)
        .bind(to_db(r.received_at))
        .bind(to_db(now))
        .execute(&mut *tx)
        .await
        .map_err(crate::error::conflict_as("A contact with that reference"))?;
        sqlx::query(
            "INSERT INTO online_requests (contact_id, channel, referrer_kind, referrer_name, referrer_organisation, referrer_role,
                referrer_email, referrer_phone, relationship, ongoing_relationship, parental_responsibility, consent,
                consent_given_by, consent_scopes, immediate_danger, suggested_level, framework_version, scripts_version,
                answers, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
        )
        .bind(&contact_id)
        .bind(ONLINE_FORM_CHANNEL)
        .bind(r.referrer_kind)
        .bind(r.referrer_name)
        .bind(r.referrer_organisation)
        .bind(r.referrer_role)
        .bind(r.referrer_email)
        .bind(r.referrer_phone)
        .bind(r.relationship)
        .bind(flag(r.ongoing_relationship))
        .bind(r.parental_responsibility)
        .bind(r.consent)
        .bind(r.consent_given_by)
        .bind(r.consent_scopes)
        .bind(flag(r.immediate_danger))
        .bind(r.suggested_level)
        .bind(r.framework_version)
        .bind(r.scripts_version)
        .bind(r.answers)
        .bind(to_db(now))
        .execute(&mut *tx)
        .await?;
        // Business Support filters it like an e-mail (seed 000): its inbox item points at the
        // waiting contact, which the filter's decision opens or closes.
        sqlx::query(
            "INSERT INTO inbox_items (id, source, raw_sha256, raw_base64, from_address, subject, sent_at, text_body, status,
                 received_at, contact_id, version)
             VALUES ($1, $2, $3, '', $4, $5, NULL, $6, 'new', $7, $8, 1)",
        )
        .bind(new_id())
        .bind(ONLINE_FORM_CHANNEL)
        .bind(format!("online:{contact_id}"))
        .bind(r.referrer_email)
        .bind(format!("Request for Support {}", r.reference))
        .bind(r.summary)
        .bind(to_db(r.received_at))
        .bind(&contact_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await.map_err(crate::error::conflict_as("A contact with that reference"))?;
        Ok(CreatedContact { person_id, contact_id })
    }

    /// Contacts waiting in the CASS inbox, newest first.
    pub async fn inbox(&self, limit: i64) -> Result<Vec<InboxItem>> {
        let rows = sqlx::query(
            "SELECT c.id, c.reference, c.person_id, p.given_name, p.family_name, c.summary, t.name AS team_name, c.received_at,
                    o.channel, o.referrer_kind, o.referrer_name, o.referrer_organisation, o.suggested_level, o.consent,
                    o.immediate_danger
             FROM contacts c
             JOIN people p ON p.id = c.person_id
             LEFT JOIN teams t ON t.id = c.assigned_team_id
             LEFT JOIN online_requests o ON o.contact_id = c.id
             WHERE c.status = $1
             ORDER BY c.received_at DESC, c.id DESC
             LIMIT $2",
        )
        .bind(INBOX_STATUS)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(InboxItem {
                    contact_id: r.try_get("id")?,
                    reference: r.try_get("reference")?,
                    person_id: r.try_get("person_id")?,
                    person_name: format!("{} {}", r.try_get::<String, _>("given_name")?, r.try_get::<String, _>("family_name")?)
                        .trim()
                        .to_string(),
                    summary: r.try_get("summary")?,
                    team_name: r.try_get("team_name")?,
                    received_at: from_db(&r.try_get::<String, _>("received_at")?)?,
                    channel: r.try_get("channel")?,
                    referrer_kind: r.try_get("referrer_kind")?,
                    referrer_name: r.try_get("referrer_name")?,
                    referrer_organisation: r.try_get("referrer_organisation")?,
                    suggested_level: r.try_get("suggested_level")?,
                    consent: r.try_get("consent")?,
                    immediate_danger: r.try_get::<Option<i64>, _>("immediate_danger")?.unwrap_or(0) != 0,
                })
            })
            .collect()
    }

    pub async fn online_request(&self, contact_id: &str) -> Result<Option<OnlineRequestRow>> {
        let row = sqlx::query(
            "SELECT contact_id, channel, referrer_kind, referrer_name, referrer_organisation, referrer_role, referrer_email,
                    referrer_phone, relationship, ongoing_relationship, parental_responsibility, consent, consent_given_by,
                    consent_scopes, immediate_danger, suggested_level, framework_version, scripts_version, answers, created_at
             FROM online_requests WHERE contact_id = $1",
        )
        .bind(contact_id)
        .fetch_optional(self.pool())
        .await?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(OnlineRequestRow {
            contact_id: r.try_get("contact_id")?,
            channel: r.try_get("channel")?,
            referrer_kind: r.try_get("referrer_kind")?,
            referrer_name: r.try_get("referrer_name")?,
            referrer_organisation: r.try_get("referrer_organisation")?,
            referrer_role: r.try_get("referrer_role")?,
            referrer_email: r.try_get("referrer_email")?,
            referrer_phone: r.try_get("referrer_phone")?,
            relationship: r.try_get("relationship")?,
            ongoing_relationship: r.try_get::<i64, _>("ongoing_relationship")? != 0,
            parental_responsibility: r.try_get("parental_responsibility")?,
            consent: r.try_get("consent")?,
            consent_given_by: r.try_get("consent_given_by")?,
            consent_scopes: r.try_get("consent_scopes")?,
            immediate_danger: r.try_get::<i64, _>("immediate_danger")? != 0,
            suggested_level: r.try_get("suggested_level")?,
            framework_version: r.try_get("framework_version")?,
            scripts_version: r.try_get("scripts_version")?,
            answers: r.try_get("answers")?,
            created_at: from_db(&r.try_get::<String, _>("created_at")?)?,
        }))
    }
}
