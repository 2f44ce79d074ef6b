//! Loading a national-scale history of contacts at once, for the dashboard and export benchmark
//! (issue 8 point 5, `examples/bench_dashboard.rs`) and its storage test. Multi-row inserts in
//! statements of about 500 parameters (see `bulk_load_people` for why), one transaction per batch.
//! Not used by the service itself: contacts arrive one at a time through `workflow`.

use crate::people::placeholders;
use crate::time::to_db;
use crate::{new_id, Result, Store};
use chrono::{DateTime, Utc};

/// A contact as it stands after its history: its children, codes and work items.
#[derive(Clone, Debug)]
pub struct BulkContact {
    pub received_at: DateTime<Utc>,
    /// The children it is about (the first is the contact's person).
    pub children: Vec<String>,
    /// CIN census N00152 code.
    pub source: String,
    pub level: Option<String>,
    pub referral_at: Option<DateTime<Utc>>,
    pub re_referral: bool,
    /// Closed, with this outcome; `None` while still open.
    pub outcome: Option<String>,
    pub items: Vec<BulkItem>,
}

#[derive(Clone, Debug)]
pub struct BulkItem {
    pub stage: String,
    pub worklist: String,
    pub team_id: String,
    pub assigned_user_id: Option<String>,
    pub started_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    /// `None`: still open on its worklist.
    pub completed_at: Option<DateTime<Utc>>,
}

const CONTACT_COLS: &str = "id, reference, person_id, status, summary, received_at, created_at, updated_at, channel, contact_source, level, is_referral, referral_at, referral_within_12_months, outcome, closed_at";
const CONTACT_PARAMS: usize = 16;
const ITEM_COLS: &str = "id, subject_kind, subject_id, stage, worklist, team_id, assigned_user_id, status, timescale, started_at, due_at, calendar_version, created_at, completed_at, version";
const ITEM_PARAMS: usize = 15;

impl Store {
    /// Inserts `contacts` with references `{prefix}-{n}`, `batch` to a transaction. Returns their ids.
    pub async fn bulk_load_contacts(&self, contacts: &[BulkContact], prefix: &str, batch: usize) -> Result<Vec<String>> {
        let mut ids = Vec::with_capacity(contacts.len());
        for (b, group) in contacts.chunks(batch.max(1)).enumerate() {
            let mut tx = self.pool().begin().await?;
            if self.engine() == crate::Engine::Sqlite {
                sqlx::query("PRAGMA cache_size = -524288").execute(&mut *tx).await?;
            }
            let group_ids: Vec<String> = group.iter().map(|_| new_id()).collect();
            let per = 500 / CONTACT_PARAMS;
            for (n, (chunk, chunk_ids)) in group.chunks(per).zip(group_ids.chunks(per)).enumerate() {
                let values: Vec<String> = (0..chunk.len()).map(|i| format!("({})", placeholders(i * CONTACT_PARAMS + 1, CONTACT_PARAMS))).collect();
                let sql = format!("INSERT INTO contacts ({CONTACT_COLS}) VALUES {}", values.join(", "));
                let mut q = sqlx::query(&sql);
                for (i, (c, id)) in chunk.iter().zip(chunk_ids).enumerate() {
                    let at = to_db(c.received_at);
                    let closed = c.outcome.as_ref().map(|_| c.items.iter().filter_map(|w| w.completed_at).max().unwrap_or(c.received_at));
                    q = q
                        .bind(id.clone())
                        .bind(format!("{prefix}-{}", b * batch + n * per + i))
                        .bind(c.children.first().cloned())
                        .bind(if c.outcome.is_some() { "closed" } else { "open" })
                        .bind("Generated for the benchmark")
                        .bind(at.clone())
                        .bind(at.clone())
                        .bind(at)
                        .bind("phone")
                        .bind(c.source.clone())
                        .bind(c.level.clone())
                        .bind(i64::from(c.referral_at.is_some()))
                        .bind(c.referral_at.map(to_db))
                        .bind(i64::from(c.re_referral))
                        .bind(c.outcome.clone())
                        .bind(closed.map(to_db));
                }
                q.execute(&mut *tx).await?;
            }
            let kids: Vec<(&str, &str)> = group.iter().zip(&group_ids).flat_map(|(c, id)| c.children.iter().map(move |k| (id.as_str(), k.as_str()))).collect();
            for chunk in kids.chunks(250) {
                let values: Vec<String> = (0..chunk.len()).map(|i| format!("({})", placeholders(i * 2 + 1, 2))).collect();
                let sql = format!("INSERT INTO contact_children (contact_id, person_id) VALUES {}", values.join(", "));
                let mut q = sqlx::query(&sql);
                for (c, p) in chunk {
                    q = q.bind(*c).bind(*p);
                }
                q.execute(&mut *tx).await?;
            }
            let items: Vec<(&str, &BulkItem)> = group.iter().zip(&group_ids).flat_map(|(c, id)| c.items.iter().map(move |w| (id.as_str(), w))).collect();
            for chunk in items.chunks(500 / ITEM_PARAMS) {
                let values: Vec<String> = (0..chunk.len()).map(|i| format!("({})", placeholders(i * ITEM_PARAMS + 1, ITEM_PARAMS))).collect();
                let sql = format!("INSERT INTO work_items ({ITEM_COLS}) VALUES {}", values.join(", "));
                let mut q = sqlx::query(&sql);
                for (contact, w) in chunk {
                    q = q
                        .bind(new_id())
                        .bind("contact")
                        .bind(*contact)
                        .bind(w.stage.clone())
                        .bind(w.worklist.clone())
                        .bind(w.team_id.clone())
                        .bind(w.assigned_user_id.clone())
                        .bind(if w.completed_at.is_some() { "done" } else { "open" })
                        .bind("working_days")
                        .bind(to_db(w.started_at))
                        .bind(to_db(w.due_at))
                        .bind("bench")
                        .bind(to_db(w.started_at))
                        .bind(w.completed_at.map(to_db))
                        .bind(1_i64);
                }
                q.execute(&mut *tx).await?;
            }
            tx.commit().await?;
            ids.extend(group_ids);
        }
        for table in ["contacts", "contact_children", "work_items"] {
            sqlx::query(&format!("ANALYZE {table}")).execute(self.pool()).await?;
        }
        Ok(ids)
    }
}
