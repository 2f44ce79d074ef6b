//! Ofsted Annex A lists for a period: the storage facts turned into rows by `domain::annex_a`,
//! shared by the exports page (counts) and the download (`server::annex_a_export`). Only
//! managers draw them; each download is audited as an export naming the list, period and rows.

use super::Ctx;
use crate::error::AppError;
use domain::annex_a::{self, Period, LIST_1_COLUMNS, LIST_2_COLUMNS, LIST_3_COLUMNS};
use domain::roles::RoleSet;

/// The lists this service draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnnexList {
    Contacts,
    EarlyHelpAssessments,
    Referrals,
}

impl AnnexList {
    pub fn from_slug(s: &str) -> Option<AnnexList> {
        match s {
            "list-1" => Some(AnnexList::Contacts),
            "list-2" => Some(AnnexList::EarlyHelpAssessments),
            "list-3" => Some(AnnexList::Referrals),
            _ => None,
        }
    }
    pub fn slug(self) -> &'static str {
        match self {
            AnnexList::Contacts => "list-1",
            AnnexList::EarlyHelpAssessments => "list-2",
            AnnexList::Referrals => "list-3",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            AnnexList::Contacts => "Annex A List 1: contacts",
            AnnexList::EarlyHelpAssessments => "Annex A List 2: early help assessments",
            AnnexList::Referrals => "Annex A List 3: referrals",
        }
    }
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            AnnexList::Contacts => &LIST_1_COLUMNS,
            AnnexList::EarlyHelpAssessments => &LIST_2_COLUMNS,
            AnnexList::Referrals => &LIST_3_COLUMNS,
        }
    }
}

/// The rows of one list for the period (the caller has checked the period and the role).
pub async fn rows(ctx: &Ctx, list: AnnexList, period: Period) -> Result<Vec<Vec<String>>, AppError> {
    let (from, to) = period.utc_bounds();
    let store = &ctx.state.store;
    Ok(match list {
        AnnexList::Contacts => {
            let facts = store.annex_a_contacts(from, to).await.map_err(|e| ctx.internal(e))?;
            annex_a::list_1_rows(&facts.into_iter().map(storage::AnnexContact::line).collect::<Vec<_>>())
        }
        AnnexList::EarlyHelpAssessments => {
            // Started in the period and received after it: look a quarter past its end.
            let facts = store.annex_a_assessments(from, to + chrono::Duration::days(92)).await.map_err(|e| ctx.internal(e))?;
            annex_a::list_2_rows(&facts.into_iter().map(assessment_line).collect::<Vec<_>>(), &period)
        }
        AnnexList::Referrals => {
            let facts = store.annex_a_referrals(from, to).await.map_err(|e| ctx.internal(e))?;
            annex_a::list_3_rows(&facts.into_iter().map(storage::AnnexReferral::line).collect::<Vec<_>>())
        }
    })
}

/// An EHA's Annex A facts: the dates and consent as its intake form records them. A destroyed
/// EHA (closed for no consent) keeps no form and counts as without consent.
fn assessment_line(a: storage::AnnexAssessment) -> annex_a::AssessmentLine {
    use domain::early_help::{parse_date, IntakeForm};
    let form: Option<IntakeForm> = a.form.as_deref().and_then(|f| serde_json::from_str(f).ok());
    annex_a::AssessmentLine {
        started: form.as_ref().and_then(|f| parse_date(&f.assessment_started)),
        completed: form.as_ref().and_then(|f| parse_date(&f.assessment_completed)),
        consent: form.as_ref().is_some_and(|f| f.consent == "yes"),
        received_at: a.received_at,
        organisation: a.organisation,
        child: a.child.into(),
    }
}

/// Managers only; anyone else is refused (and the refusal audited by `require`'s caller).
pub fn may_export(user: &domain::StaffUser) -> bool {
    user.can_export_returns()
}

/// Today in England, for checking a period.
pub fn today(ctx: &Ctx) -> chrono::NaiveDate {
    domain::rules::uk_local_time(ctx.now()).date()
}
