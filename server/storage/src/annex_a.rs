//! The facts behind Ofsted's Annex A lists (issue 8 point 4) for a period: each child on each
//! contact, and each child on each referral with their other referrals and the team and worker
//! holding it. `domain::annex_a` turns them into rows; this module only reads.

use crate::time::{date_from_db, from_db, to_db};
use crate::{Result, Store};
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;

/// `columns` of each (contact `c`, child `p`) pair where `filter` holds: the children a contact
/// groups, or its one person when it has none listed. The filter is applied inside each branch,
/// so only the period's contacts (or the named children) are read, never the whole history.
fn kids(columns: &str, filter: &str, order: &str) -> String {
    format!(
        "SELECT {columns} FROM contacts c JOIN contact_children k ON k.contact_id = c.id JOIN people p ON p.id = k.person_id
         WHERE {filter}
         UNION ALL
         SELECT {columns} FROM contacts c JOIN people p ON p.id = c.person_id
         WHERE {filter} AND NOT EXISTS (SELECT 1 FROM contact_children x WHERE x.contact_id = c.id)
         {order}"
    )
}

const CHILD_COLUMNS: &str = "p.id AS person_id, p.la_child_id, p.gender, p.ethnicity, p.date_of_birth";

/// A child's Annex A columns as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnexChild {
    pub person_id: String,
    pub la_child_id: String,
    pub gender: String,
    pub ethnicity: String,
    pub date_of_birth: Option<chrono::NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnexContact {
    pub contact_id: String,
    pub received_at: DateTime<Utc>,
    pub source: String,
    pub child: AnnexChild,
}

/// One child on one EHA the Early Help desk received, with the EHA as keyed in (`None` once
/// destroyed after a no-consent closure).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnexAssessment {
    pub contact_id: String,
    pub received_at: DateTime<Utc>,
    pub organisation: String,
    pub form: Option<String>,
    pub child: AnnexChild,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnexReferral {
    pub contact_id: String,
    pub referral_at: DateTime<Utc>,
    pub source: String,
    pub status: String,
    pub outcome: Option<String>,
    pub child: AnnexChild,
    /// This child's referrals from 12 months before the period to its end, this one included.
    pub child_referrals: Vec<DateTime<Utc>>,
    /// The team and worker of the contact's latest work item.
    pub team: String,
    pub worker: String,
}

impl From<AnnexChild> for domain::annex_a::Child {
    /// The LA's own child id where there is one, else the person's id.
    fn from(c: AnnexChild) -> Self {
        let unique_id = if c.la_child_id.trim().is_empty() { c.person_id } else { c.la_child_id };
        domain::annex_a::Child { unique_id, gender: c.gender, ethnicity: c.ethnicity, date_of_birth: c.date_of_birth }
    }
}

impl AnnexContact {
    /// The fact as `domain::annex_a` writes it into List 1.
    pub fn line(self) -> domain::annex_a::ContactLine {
        domain::annex_a::ContactLine { received_at: self.received_at, source: self.source, child: self.child.into() }
    }
}

impl AnnexReferral {
    /// The fact as `domain::annex_a` writes it into List 3.
    pub fn line(self) -> domain::annex_a::ReferralLine {
        domain::annex_a::ReferralLine {
            nfa: domain::annex_a::no_further_action(&self.status, self.outcome.as_deref()),
            referral_at: self.referral_at,
            source: self.source,
            child_referrals: self.child_referrals,
            team: self.team,
            worker: self.worker,
            child: self.child.into(),
        }
    }
}

fn child(r: &AnyRow) -> Result<AnnexChild> {
    let dob: Option<String> = r.try_get("date_of_birth")?;
    Ok(AnnexChild {
        person_id: r.try_get("person_id")?,
        la_child_id: r.try_get("la_child_id")?,
        gender: r.try_get("gender")?,
        ethnicity: r.try_get("ethnicity")?,
        date_of_birth: dob.as_deref().map(date_from_db).transpose()?,
    })
}

impl Store {
    /// Each child on each contact received in `[from, to)`, oldest first. Online requests still
    /// waiting for Business Support's filter are not contacts yet; EHAs at the Early Help desk
    /// are not contacts to Children's Social Care (Annex A List 2 is theirs).
    pub async fn annex_a_contacts(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<AnnexContact>> {
        let sql = kids(
            &format!("c.id AS contact_id, c.received_at, c.contact_source, {CHILD_COLUMNS}"),
            "c.received_at >= $1 AND c.received_at < $2 AND c.status <> $3 AND c.channel <> 'eha'",
            "ORDER BY received_at, contact_id, person_id",
        );
        let rows = sqlx::query(&sql).bind(to_db(from)).bind(to_db(to)).bind(crate::INBOX_STATUS).fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                Ok(AnnexContact {
                    contact_id: r.try_get("contact_id")?,
                    received_at: from_db(&r.try_get::<String, _>("received_at")?)?,
                    source: r.try_get("contact_source")?,
                    child: child(r)?,
                })
            })
            .collect()
    }

    /// Each child on each EHA the desk received in `[from, to)`, oldest first. The period's
    /// own filter (started or completed in it) is `domain::annex_a::list_2_rows`'s: an assessment
    /// is received on or after it starts, so the caller widens `to` for those received late.
    pub async fn annex_a_assessments(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<AnnexAssessment>> {
        let sql = kids(
            &format!(
                "c.id AS contact_id, c.received_at, c.referrer_organisation,
                 (SELECT e.form FROM eha_episodes e WHERE e.contact_id = c.id AND e.destroyed_at IS NULL) AS eha_form, {CHILD_COLUMNS}"
            ),
            "c.channel = 'eha' AND c.received_at >= $1 AND c.received_at < $2",
            "ORDER BY received_at, contact_id, person_id",
        );
        let rows = sqlx::query(&sql).bind(to_db(from)).bind(to_db(to)).fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                Ok(AnnexAssessment {
                    contact_id: r.try_get("contact_id")?,
                    received_at: from_db(&r.try_get::<String, _>("received_at")?)?,
                    organisation: r.try_get("referrer_organisation")?,
                    form: r.try_get("eha_form")?,
                    child: child(r)?,
                })
            })
            .collect()
    }

    /// Each child on each contact that became a referral in `[from, to)`, oldest first, with the
    /// child's other referrals and who holds the referral.
    pub async fn annex_a_referrals(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<AnnexReferral>> {
        let sql = kids(
            &format!("c.id AS contact_id, c.referral_at, c.contact_source, c.status, c.outcome, {CHILD_COLUMNS}"),
            "c.is_referral = 1 AND c.referral_at >= $1 AND c.referral_at < $2",
            "ORDER BY referral_at, contact_id, person_id",
        );
        let rows = sqlx::query(&sql).bind(to_db(from)).bind(to_db(to)).fetch_all(self.pool()).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(AnnexReferral {
                contact_id: r.try_get("contact_id")?,
                referral_at: from_db(&r.try_get::<String, _>("referral_at")?)?,
                source: r.try_get("contact_source")?,
                status: r.try_get("status")?,
                outcome: r.try_get("outcome")?,
                child: child(r)?,
                child_referrals: Vec::new(),
                team: String::new(),
                worker: String::new(),
            });
        }
        // Annex A counts each child's referrals in the 12 months before each referral, so only
        // referrals from a year before the period to its end are read: one range scan, however
        // many children (a day's margin for the count's local dates).
        let since = from - chrono::Duration::days(367);
        let sql = kids("p.id AS person_id, c.referral_at", "c.is_referral = 1 AND c.referral_at >= $1 AND c.referral_at < $2", "");
        let mut referrals_of: HashMap<String, Vec<DateTime<Utc>>> = HashMap::new();
        for r in sqlx::query(&sql).bind(to_db(since)).bind(to_db(to)).fetch_all(self.pool()).await? {
            let at = from_db(&r.try_get::<String, _>("referral_at")?)?;
            referrals_of.entry(r.try_get("person_id")?).or_default().push(at);
        }
        // Who holds each referral: the team and worker of its latest work item.
        let sql = "SELECT w.subject_id, w.started_at, w.id, t.name AS team_name, u.display_name AS worker_name
             FROM contacts c
             JOIN work_items w ON w.subject_kind = 'contact' AND w.subject_id = c.id
             LEFT JOIN teams t ON t.id = w.team_id
             LEFT JOIN users u ON u.id = COALESCE(w.assigned_user_id, w.completed_by)
             WHERE c.is_referral = 1 AND c.referral_at >= $1 AND c.referral_at < $2";
        let mut holder: HashMap<String, (String, String, String)> = HashMap::new();
        for r in sqlx::query(sql).bind(to_db(from)).bind(to_db(to)).fetch_all(self.pool()).await? {
            let contact: String = r.try_get("subject_id")?;
            let started: String = r.try_get("started_at")?;
            let id: String = r.try_get("id")?;
            let key = format!("{started}|{id}");
            let team: Option<String> = r.try_get("team_name")?;
            let worker: Option<String> = r.try_get("worker_name")?;
            // The latest item holds the referral now (or held it last).
            if holder.get(&contact).is_none_or(|(k, ..)| *k < key) {
                holder.insert(contact, (key, team.unwrap_or_default(), worker.unwrap_or_default()));
            }
        }
        for r in &mut out {
            r.child_referrals = referrals_of.get(&r.child.person_id).cloned().unwrap_or_default();
            if let Some((_, team, worker)) = holder.get(&r.contact_id) {
                r.team = team.clone();
                r.worker = worker.clone();
            }
        }
        Ok(out)
    }

    /// A person's gender and ethnicity (Annex A's common columns), kept apart from the matching
    /// facts: they are not used to find anyone.
    pub async fn set_person_demographics(&self, person_id: &str, gender: &str, ethnicity: &str, now: DateTime<Utc>) -> Result<bool> {
        let n = sqlx::query("UPDATE people SET gender = $1, ethnicity = $2, updated_at = $3 WHERE id = $4")
            .bind(gender)
            .bind(ethnicity)
            .bind(to_db(now))
            .bind(person_id)
            .execute(self.pool())
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    pub async fn person_demographics(&self, person_id: &str) -> Result<Option<(String, String)>> {
        let row = sqlx::query("SELECT gender, ethnicity FROM people WHERE id = $1").bind(person_id).fetch_optional(self.pool()).await?;
        row.map(|r| Ok((r.try_get("gender")?, r.try_get("ethnicity")?))).transpose()
    }
}
