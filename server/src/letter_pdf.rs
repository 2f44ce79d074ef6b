//! Letters as PDF files, made by the server: A4, the recipient's address, the date, the subject
//! and the text, wrapped to the page with the embedded DejaVu Sans (an open font under the
//! Bitstream Vera licence, `assets/fonts/DejaVu-LICENSE.txt`; never the GDS Transport font).
//! `GET /staff/communications/{id}/pdf` serves one, with the same access check and audit as
//! reading the letter on screen.

use app::ssr::{AppState, Ctx, RequestMeta, SessionState};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use printpdf::{IndirectFontRef, Mm, PdfDocument, PdfDocumentReference, PdfLayerReference};

const FONT: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const MARGIN: f32 = 25.0;
const TEXT_PT: f32 = 11.0;
const SUBJECT_PT: f32 = 13.0;
const PT_TO_MM: f32 = 0.352_778;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the embedded font cannot be read: {0}")]
    Font(String),
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// What goes on the page.
pub struct LetterContent<'a> {
    pub title: &'a str,
    pub recipient: &'a str,
    pub address_lines: Vec<&'a str>,
    pub date: &'a str,
    pub subject: &'a str,
    pub paragraphs: Vec<String>,
    /// Printed small at the foot of every page (the contact's reference).
    pub footer: &'a str,
}

/// Measures text in the embedded font, to wrap lines to the page.
struct Metrics<'a> {
    face: ttf_parser::Face<'a>,
}

impl Metrics<'_> {
    fn width_mm(&self, text: &str, pt: f32) -> f32 {
        let upem = f32::from(self.face.units_per_em());
        let units: f32 = text
            .chars()
            .map(|c| self.face.glyph_index(c).and_then(|g| self.face.glyph_hor_advance(g)).map(f32::from).unwrap_or(upem * 0.5))
            .sum();
        units / upem * pt * PT_TO_MM
    }

    /// Greedy word wrap; a word longer than the line is broken where it must be.
    fn wrap(&self, text: &str, pt: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for raw in text.lines() {
            let mut line = String::new();
            for word in raw.split_whitespace() {
                let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
                if self.width_mm(&candidate, pt) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let mut piece = String::new();
                for c in word.chars() {
                    piece.push(c);
                    if self.width_mm(&piece, pt) > width {
                        piece.pop();
                        lines.push(std::mem::take(&mut piece));
                        piece.push(c);
                    }
                }
                line = piece;
            }
            lines.push(line);
        }
        lines
    }
}

/// Writes lines top to bottom, starting a new page when one is full.
struct Writer {
    doc: PdfDocumentReference,
    layer: PdfLayerReference,
    font: IndirectFontRef,
    y: f32,
    pages: usize,
    footer: String,
}

impl Writer {
    fn footer(&self) {
        let text = format!("{} · page {}", self.footer, self.pages);
        self.layer.use_text(text, 8.0, Mm(MARGIN), Mm(12.0), &self.font);
    }

    fn line(&mut self, text: &str, pt: f32) {
        let step = pt * PT_TO_MM * 1.45;
        if self.y - step < MARGIN {
            self.footer();
            let (page, layer) = self.doc.add_page(Mm(PAGE_W), Mm(PAGE_H), "Letter");
            self.layer = self.doc.get_page(page).get_layer(layer);
            self.pages += 1;
            self.y = PAGE_H - MARGIN;
        }
        self.y -= step;
        if !text.is_empty() {
            self.layer.use_text(text, pt, Mm(MARGIN), Mm(self.y), &self.font);
        }
    }
}

pub fn render(content: &LetterContent<'_>) -> Result<Vec<u8>, PdfError> {
    let metrics = Metrics { face: ttf_parser::Face::parse(FONT, 0).map_err(|e| PdfError::Font(e.to_string()))? };
    let (doc, page, layer) = PdfDocument::new(content.title, Mm(PAGE_W), Mm(PAGE_H), "Letter");
    let font = doc.add_external_font(std::io::Cursor::new(FONT)).map_err(|e| PdfError::Font(e.to_string()))?;
    let layer = doc.get_page(page).get_layer(layer);
    let mut w = Writer { doc, layer, font, y: PAGE_H - MARGIN, pages: 1, footer: content.footer.to_string() };
    let width = PAGE_W - 2.0 * MARGIN;
    w.line(content.recipient, TEXT_PT);
    for l in &content.address_lines {
        w.line(l, TEXT_PT);
    }
    w.line("", TEXT_PT);
    w.line(content.date, TEXT_PT);
    w.line("", TEXT_PT);
    for l in metrics.wrap(content.subject, SUBJECT_PT, width) {
        w.line(&l, SUBJECT_PT);
    }
    for p in &content.paragraphs {
        w.line("", TEXT_PT);
        for l in metrics.wrap(p, TEXT_PT, width) {
            w.line(&l, TEXT_PT);
        }
    }
    w.footer();
    let bytes = w.doc.save_to_bytes().map_err(|e| PdfError::Write(e.to_string()))?;
    repair(&bytes)
}

/// printpdf 0.7 writes characters beyond U+FFFF into the font's ToUnicode map as five hex
/// digits, which PDF readers cannot parse, so the text could not be copied, searched or read
/// aloud. Rewrites them as UTF-16 surrogate pairs, as the PDF standard says, and compresses the
/// streams (the embedded font is most of the file).
fn repair(bytes: &[u8]) -> Result<Vec<u8>, PdfError> {
    use printpdf::lopdf::{Document, Object};
    let mut doc = Document::load_mem(bytes).map_err(|e| PdfError::Write(e.to_string()))?;
    for obj in doc.objects.values_mut() {
        if let Object::Stream(stream) = obj {
            if stream.content.windows(11).any(|w| w == b"beginbfchar") {
                let fixed = fix_cmap(&String::from_utf8_lossy(&stream.content));
                stream.set_plain_content(fixed.into_bytes());
            }
        }
    }
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(out)
}

fn fix_cmap(cmap: &str) -> String {
    let mut out = String::with_capacity(cmap.len());
    for line in cmap.split_inclusive('\n') {
        let pair = line.trim().strip_prefix('<').and_then(|l| l.split_once("> <")).and_then(|(g, u)| Some((g, u.strip_suffix('>')?)));
        match pair.and_then(|(g, u)| Some((g, u32::from_str_radix(u, 16).ok()?))) {
            Some((g, cp)) if cp > 0xFFFF => {
                let v = cp - 0x10000;
                out.push_str(&format!("<{g}> <{:04x}{:04x}>\n", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF)));
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// `GET /staff/communications/{id}/pdf`: the letter as a PDF download, checked and audited as
/// reading it on screen is.
pub async fn download(State(state): State<AppState>, Path(id): Path<String>, req: axum::extract::Request) -> Response {
    let meta = req.extensions().get::<RequestMeta>().cloned();
    let session = match req.extensions().get::<SessionState>() {
        Some(SessionState::Active(s)) => Some(s.clone()),
        _ => None,
    };
    let Some(meta) = meta else { return StatusCode::INTERNAL_SERVER_ERROR.into_response() };
    let ctx = Ctx { state, meta, session };
    let c = match app::ssr::letters::communication_for_reader(&ctx, &id, "Downloaded the letter as a PDF").await {
        Ok(c) => c,
        Err(e) => {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return (status, e.to_string()).into_response();
        }
    };
    let paragraphs = app::api::letters::paragraphs(&c.body);
    let date = domain::display::date(domain::rules::uk_local_time(c.created_at).date());
    let footer = format!("Reference {}", c.contact_reference);
    let content = LetterContent {
        title: &c.subject,
        recipient: &c.recipient_name,
        address_lines: if c.channel == "post" { c.recipient_address.lines().map(str::trim).filter(|l| !l.is_empty()).collect() } else { vec![c.recipient_email.as_str()] },
        date: &date,
        subject: &c.subject,
        paragraphs,
        footer: &footer,
    };
    match render(&content) {
        Ok(bytes) => {
            let filename = format!("letter-{}-{}.pdf", c.contact_reference, &c.id[c.id.len().saturating_sub(8)..]);
            let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", filename.replace(|ch: char| !ch.is_ascii_alphanumeric() && ch != '-' && ch != '.', "_")))
                .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
            ([(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf")), (header::CONTENT_DISPOSITION, disposition)], bytes).into_response()
        }
        Err(e) => {
            let err = ctx.internal(e);
            (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_beyond_the_basic_plane_become_surrogate_pairs() {
        let fixed = fix_cmap("1 beginbfchar\r\n<0003> <0020>\n<1712> <1f633>\nendbfchar\r\n");
        assert_eq!(fixed, "1 beginbfchar\r\n<0003> <0020>\n<1712> <d83dde33>\nendbfchar\r\n");
    }

    #[test]
    fn long_words_and_lines_wrap_inside_the_margins() {
        let m = Metrics { face: ttf_parser::Face::parse(FONT, 0).expect("font") };
        let width = PAGE_W - 2.0 * MARGIN;
        let text = format!("{} {}", "word ".repeat(200), "x".repeat(300));
        let lines = m.wrap(&text, TEXT_PT, width);
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| m.width_mm(l, TEXT_PT) <= width), "every line fits");
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""), "nothing is lost");
    }
}
