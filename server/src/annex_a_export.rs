//! `GET /staff/exports/annex-a/{list}.{csv|xlsx}?from=&to=`: an Ofsted Annex A list as CSV or as
//! an Excel workbook. The period and the manager's role are checked again here; every download
//! is audited as an export naming the list, the period and how many rows left the system.

use app::ssr::annex_a::{may_export, rows, today, AnnexList};
use app::ssr::{AppState, Ctx, RequestMeta, SessionState};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::audit::{AuditAction, RecordKind};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct PeriodQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

impl PeriodQuery {
    pub fn from(&self) -> &str {
        &self.from
    }
    pub fn to(&self) -> &str {
        &self.to
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format_ {
    Csv,
    Xlsx,
}

fn parse_file(file: &str) -> Option<(AnnexList, Format_)> {
    let (name, ext) = file.rsplit_once('.')?;
    let format = match ext {
        "csv" => Format_::Csv,
        "xlsx" => Format_::Xlsx,
        _ => return None,
    };
    Some((AnnexList::from_slug(name)?, format))
}

/// One sheet named after the list, the header in bold and frozen, every cell text so codes such
/// as "10" or "2A" and dates stay exactly as Annex A writes them.
pub fn workbook(sheet: &str, header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet)?;
    let bold = Format::new().set_bold();
    for (c, h) in header.iter().enumerate() {
        let col = u16::try_from(c).unwrap_or(u16::MAX);
        ws.write_string_with_format(0, col, *h, &bold)?;
        ws.set_column_width(col, (h.len().max(12) + 2) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (r, row) in rows.iter().enumerate() {
        let line = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, v) in row.iter().enumerate() {
            ws.write_string(line, u16::try_from(c).unwrap_or(u16::MAX), v)?;
        }
    }
    book.save_to_buffer()
}

pub async fn download(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(q): Query<PeriodQuery>,
    req: axum::extract::Request,
) -> Response {
    let Some(meta) = req.extensions().get::<RequestMeta>().cloned() else { return StatusCode::INTERNAL_SERVER_ERROR.into_response() };
    let session = match req.extensions().get::<SessionState>() {
        Some(SessionState::Active(s)) => Some(s.clone()),
        _ => None,
    };
    let ctx = Ctx { state, meta, session };
    let Some((list, format)) = parse_file(&file) else { return (StatusCode::NOT_FOUND, "No such list").into_response() };
    if let Err(e) = ctx.require(may_export) {
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::FORBIDDEN);
        return (status, e.to_string()).into_response();
    }
    let period = match domain::annex_a::check_period(&q.from, &q.to, today(&ctx)) {
        Ok(p) => p,
        Err(errors) => {
            let words: Vec<String> = errors.into_iter().map(|e| e.message).collect();
            return (StatusCode::BAD_REQUEST, words.join(". ")).into_response();
        }
    };
    let lines = match rows(&ctx, list, period).await {
        Ok(r) => r,
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return (status, e.to_string()).into_response();
        }
    };
    let stem = format!("annex-a-{}-{}-to-{}", list.slug(), period.from, period.to);
    let (bytes, content_type, name) = match format {
        Format_::Csv => (domain::annex_a::to_csv(list.columns(), &lines).into_bytes(), "text/csv; charset=utf-8", format!("{stem}.csv")),
        Format_::Xlsx => match workbook(list.title().split(':').next().unwrap_or("Annex A"), list.columns(), &lines) {
            Ok(b) => (b, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", format!("{stem}.xlsx")),
            Err(e) => {
                let err = ctx.internal(e);
                return (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response();
            }
        },
    };
    let summary = format!("{} ({}), {} to {}: {} row(s)", list.title(), name.rsplit('.').next().unwrap_or(""), period.from, period.to, lines.len());
    if let Err(e) = ctx.audit(AuditAction::Export, RecordKind::Report, list.slug(), &summary, None).await {
        let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return (status, e.to_string()).into_response();
    }
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")).unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_name_a_list_and_a_format() {
        assert_eq!(parse_file("list-1.csv"), Some((AnnexList::Contacts, Format_::Csv)));
        assert_eq!(parse_file("list-3.xlsx"), Some((AnnexList::Referrals, Format_::Xlsx)));
        assert_eq!(parse_file("list-2.csv"), Some((AnnexList::EarlyHelpAssessments, Format_::Csv)));
        assert_eq!(parse_file("list-4.csv"), None);
        assert_eq!(parse_file("list-1.pdf"), None);
    }
}
