//! Inspection exports (issue 8 point 4): how many rows each Ofsted Annex A list has for a period,
//! before a manager downloads it from `/staff/exports/annex-a/<list>.<csv|xlsx>`.

use crate::error::AppError;
use domain::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExportList {
    /// `list-1` or `list-3`.
    pub slug: String,
    pub title: String,
    pub rows: usize,
    /// Download addresses with the period in the query.
    pub csv: String,
    pub xlsx: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ExportSummary {
    /// `from`/`to` as the form shows them ("6/6/2026").
    Ready { period: String, from: String, to: String, lists: Vec<ExportList> },
    Refused { errors: Vec<FieldError> },
}

/// The lists for the period typed (`from`, `to`: "1 6 2026", "1/6/2026" or "2026-06-01").
#[server(prefix = "/api", endpoint = "exports/annex-a")]
pub async fn annex_a_summary(from: String, to: String) -> Result<ExportSummary, AppError> {
    use crate::ssr::annex_a::{may_export, rows, today, AnnexList};
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require(may_export)?;
            // Nothing typed yet: the six months before today, as inspectors ask.
            let period = if from.trim().is_empty() && to.trim().is_empty() {
                domain::annex_a::Period::six_months_to(today(&ctx))
            } else {
                match domain::annex_a::check_period(&from, &to, today(&ctx)) {
                    Ok(p) => p,
                    Err(errors) => return Ok(ExportSummary::Refused { errors }),
                }
            };
            let query = format!("from={}&to={}", period.from, period.to);
            let mut lists = Vec::new();
            for list in [AnnexList::Contacts, AnnexList::EarlyHelpAssessments, AnnexList::Referrals] {
                let n = rows(&ctx, list, period).await?.len();
                lists.push(ExportList {
                    slug: list.slug().to_string(),
                    title: list.title().to_string(),
                    rows: n,
                    csv: format!("/staff/exports/annex-a/{}.csv?{query}", list.slug()),
                    xlsx: format!("/staff/exports/annex-a/{}.xlsx?{query}", list.slug()),
                });
            }
            let shown = |d: chrono::NaiveDate| d.format("%-d/%-m/%Y").to_string();
            let words = format!("{} to {}", domain::display::date(period.from), domain::display::date(period.to));
            Ok(ExportSummary::Ready { period: words, from: shown(period.from), to: shown(period.to), lists })
        }
        .await,
    )
}
