//! Public page content as data: a small, safe text format an administrator writes, parsed into
//! blocks and rendered with GOV.UK classes. Nothing from the database is ever output as raw HTML:
//! every piece of text is escaped by the renderer, links may only point to our own pages,
//! `https://`, `mailto:` or `tel:`, and `{{key}}` is replaced by a service contact's value.
//!
//! ```text
//! ## Heading            ### Smaller heading
//! A paragraph, with **bold words** and [a link](/what-to-expect).
//! - a bulleted item     1. a numbered item
//! ! Warning text (the GOV.UK warning, e.g. "If a child is in immediate danger, call 999")
//! > Inset text
//! Call us on {{cass_phone_line}}.
//! ```
//! Blocks are separated by blank lines; consecutive list lines form one list.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest page body an administrator may save.
pub const MAX_BODY_CHARS: usize = 30_000;
pub const MAX_TITLE_CHARS: usize = 120;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Inline {
    Text(String),
    Bold(String),
    Link { text: String, href: String },
    /// A service contact, by key.
    Contact(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    Heading2(Vec<Inline>),
    Heading3(Vec<Inline>),
    Paragraph(Vec<Inline>),
    Bullets(Vec<Vec<Inline>>),
    Numbers(Vec<Vec<Inline>>),
    Warning(Vec<Inline>),
    Inset(Vec<Inline>),
}

/// Whether `block` shows the contact `key` (`{{key}}`).
pub fn mentions(block: &Block, key: &str) -> bool {
    let named = |inlines: &Vec<Inline>| inlines.iter().any(|i| matches!(i, Inline::Contact(k) if k == key));
    match block {
        Block::Heading2(i) | Block::Heading3(i) | Block::Paragraph(i) | Block::Warning(i) | Block::Inset(i) => named(i),
        Block::Bullets(items) | Block::Numbers(items) => items.iter().any(named),
    }
}

/// One problem in a page body, with its line number (from 1) so the editor can find it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentProblem {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ContentProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Line {}: {}", self.line, self.message)
    }
}

/// Parses a body. `known_contacts` lists the contact keys a `{{key}}` may name.
pub fn parse(body: &str, known_contacts: &[String]) -> Result<Vec<Block>, Vec<ContentProblem>> {
    let mut blocks = Vec::new();
    let mut problems = Vec::new();
    let mut paragraph: Vec<String> = Vec::new();
    let mut para_line = 0;
    let mut list: Option<(bool, Vec<Vec<Inline>>)> = None;

    fn flush_para(paragraph: &mut Vec<String>, blocks: &mut Vec<Block>, line: usize, known: &[String], problems: &mut Vec<ContentProblem>) {
        if !paragraph.is_empty() {
            let text = paragraph.join(" ");
            blocks.push(Block::Paragraph(inline(&text, line, known, problems)));
            paragraph.clear();
        }
    }
    fn flush_list(list: &mut Option<(bool, Vec<Vec<Inline>>)>, blocks: &mut Vec<Block>) {
        if let Some((numbered, items)) = list.take() {
            blocks.push(if numbered { Block::Numbers(items) } else { Block::Bullets(items) });
        }
    }

    for (i, raw) in body.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            flush_para(&mut paragraph, &mut blocks, para_line, known_contacts, &mut problems);
            flush_list(&mut list, &mut blocks);
            continue;
        }
        let numbered_item = numbered_prefix(line);
        if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            flush_para(&mut paragraph, &mut blocks, para_line, known_contacts, &mut problems);
            if matches!(list, Some((true, _))) {
                flush_list(&mut list, &mut blocks);
            }
            list.get_or_insert((false, Vec::new())).1.push(inline(rest.trim(), n, known_contacts, &mut problems));
            continue;
        }
        if let Some(rest) = numbered_item {
            flush_para(&mut paragraph, &mut blocks, para_line, known_contacts, &mut problems);
            if matches!(list, Some((false, _))) {
                flush_list(&mut list, &mut blocks);
            }
            list.get_or_insert((true, Vec::new())).1.push(inline(rest.trim(), n, known_contacts, &mut problems));
            continue;
        }
        flush_list(&mut list, &mut blocks);
        let single = if let Some(rest) = line.strip_prefix("### ") {
            Some(Block::Heading3(inline(rest.trim(), n, known_contacts, &mut problems)))
        } else if let Some(rest) = line.strip_prefix("## ") {
            Some(Block::Heading2(inline(rest.trim(), n, known_contacts, &mut problems)))
        } else if line.starts_with('#') {
            problems.push(ContentProblem { line: n, message: "Use “## ” for a heading or “### ” for a smaller heading (the page title is the only main heading)".into() });
            None
        } else if let Some(rest) = line.strip_prefix("! ") {
            Some(Block::Warning(inline(rest.trim(), n, known_contacts, &mut problems)))
        } else if let Some(rest) = line.strip_prefix("> ") {
            Some(Block::Inset(inline(rest.trim(), n, known_contacts, &mut problems)))
        } else {
            None
        };
        match single {
            Some(b) => {
                flush_para(&mut paragraph, &mut blocks, para_line, known_contacts, &mut problems);
                blocks.push(b);
            }
            None if line.starts_with('#') => {}
            None => {
                if paragraph.is_empty() {
                    para_line = n;
                }
                paragraph.push(line.to_string());
            }
        }
    }
    flush_para(&mut paragraph, &mut blocks, para_line, known_contacts, &mut problems);
    flush_list(&mut list, &mut blocks);
    if blocks.is_empty() && problems.is_empty() {
        problems.push(ContentProblem { line: 1, message: "The page has no content".into() });
    }
    if problems.is_empty() {
        Ok(blocks)
    } else {
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }
}

fn numbered_prefix(line: &str) -> Option<&str> {
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    line[digits..].strip_prefix(". ")
}

/// Inline text: `**bold**`, `[text](href)` and `{{contact}}`. Anything else is plain text.
fn inline(text: &str, line: usize, known: &[String], problems: &mut Vec<ContentProblem>) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    let push_plain = |plain: &mut String, out: &mut Vec<Inline>| {
        if !plain.is_empty() {
            out.push(Inline::Text(std::mem::take(plain)));
        }
    };
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("**") {
            if let Some(end) = rest[2..].find("**") {
                let inner = &rest[2..2 + end];
                if !inner.trim().is_empty() {
                    push_plain(&mut plain, &mut out);
                    out.push(Inline::Bold(inner.to_string()));
                    rest = &rest[4 + end..];
                    continue;
                }
            }
        } else if c == '[' {
            if let Some((label, href, used)) = link_at(rest) {
                if safe_href(href) {
                    push_plain(&mut plain, &mut out);
                    out.push(Inline::Link { text: label.to_string(), href: href.to_string() });
                } else {
                    problems.push(ContentProblem {
                        line,
                        message: format!("The link “{href}” is not allowed: links must start with /, https://, mailto: or tel:"),
                    });
                }
                rest = &rest[used..];
                continue;
            }
        } else if rest.starts_with("{{") {
            if let Some(end) = rest.find("}}") {
                let key = rest[2..end].trim();
                if known.iter().any(|k| k == key) {
                    push_plain(&mut plain, &mut out);
                    out.push(Inline::Contact(key.to_string()));
                } else {
                    problems.push(ContentProblem { line, message: format!("There is no contact called “{key}”: use one of {}", known.join(", ")) });
                }
                rest = &rest[end + 2..];
                continue;
            }
        }
        plain.push(c);
        rest = &rest[c.len_utf8()..];
    }
    push_plain(&mut plain, &mut out);
    out
}

/// `[label](href)` at the start of `s`: (label, href, bytes used).
fn link_at(s: &str) -> Option<(&str, &str, usize)> {
    let close = s.find("](")?;
    let label = &s[1..close];
    if label.is_empty() || label.contains('[') {
        return None;
    }
    let after = &s[close + 2..];
    let end = after.find(')')?;
    let href = after[..end].trim();
    Some((label, href, close + 2 + end + 1))
}

/// Links may go to our own pages, to secure sites, or open mail or the phone.
pub fn safe_href(href: &str) -> bool {
    let local = href.starts_with('/') && !href.starts_with("//") && !href.contains('\\');
    let ok_chars = !href.chars().any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>');
    ok_chars && (local || href.starts_with("https://") || href.starts_with("mailto:") || href.starts_with("tel:"))
}

/// The id a heading gets (for the contents list and links to a section).
pub fn slug(inlines: &[Inline]) -> String {
    let text = plain_text(inlines, &BTreeMap::new());
    let mut s = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_string()
}

pub fn plain_text(inlines: &[Inline], contacts: &BTreeMap<String, String>) -> String {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text(t) | Inline::Bold(t) => t.clone(),
            Inline::Link { text, .. } => text.clone(),
            Inline::Contact(k) => contacts.get(k).cloned().unwrap_or_default(),
        })
        .collect()
}

/// The second-level headings, for a contents list: (id, text).
pub fn contents(blocks: &[Block], contacts: &BTreeMap<String, String>) -> Vec<(String, String)> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading2(i) => Some((slug(i), plain_text(i, contacts))),
            _ => None,
        })
        .collect()
}

fn contact_view(value: String) -> AnyView {
    let digits: String = value.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    let looks_like_phone = digits.len() >= 3 && value.chars().all(|c| c.is_ascii_digit() || " +()-".contains(c));
    if looks_like_phone {
        let href = format!("tel:{digits}");
        view! { <a class="govuk-link fd-nowrap" href=href>{value}</a> }.into_any()
    } else if value.contains('@') && !value.contains(' ') {
        let href = format!("mailto:{value}");
        view! { <a class="govuk-link" href=href>{value}</a> }.into_any()
    } else {
        view! { <span>{value}</span> }.into_any()
    }
}

fn inlines_view(inlines: Vec<Inline>, contacts: &BTreeMap<String, String>) -> impl IntoView {
    inlines
        .into_iter()
        .map(|i| match i {
            Inline::Text(t) => t.into_any(),
            Inline::Bold(t) => view! { <strong>{t}</strong> }.into_any(),
            Inline::Link { text, href } => view! { <a class="govuk-link" href=href>{text}</a> }.into_any(),
            Inline::Contact(k) => contact_view(contacts.get(&k).cloned().unwrap_or_default()),
        })
        .collect_view()
}

/// Renders blocks with GOV.UK classes. Every string is escaped by Leptos.
#[component]
pub fn Blocks(blocks: Vec<Block>, contacts: BTreeMap<String, String>) -> impl IntoView {
    blocks
        .into_iter()
        .map(|b| match b {
            Block::Heading2(i) => {
                let id = slug(&i);
                view! { <h2 class="govuk-heading-m" id=id>{inlines_view(i, &contacts)}</h2> }.into_any()
            }
            Block::Heading3(i) => view! { <h3 class="govuk-heading-s">{inlines_view(i, &contacts)}</h3> }.into_any(),
            Block::Paragraph(i) => view! { <p class="govuk-body">{inlines_view(i, &contacts)}</p> }.into_any(),
            Block::Bullets(items) => view! {
                <ul class="govuk-list govuk-list--bullet">
                    {items.into_iter().map(|i| view! { <li>{inlines_view(i, &contacts)}</li> }).collect_view()}
                </ul>
            }
            .into_any(),
            Block::Numbers(items) => view! {
                <ol class="govuk-list govuk-list--number">
                    {items.into_iter().map(|i| view! { <li>{inlines_view(i, &contacts)}</li> }).collect_view()}
                </ol>
            }
            .into_any(),
            Block::Warning(i) => view! {
                <div class="govuk-warning-text">
                    <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                    <strong class="govuk-warning-text__text">
                        <span class="govuk-visually-hidden">"Warning"</span>
                        {inlines_view(i, &contacts)}
                    </strong>
                </div>
            }
            .into_any(),
            Block::Inset(i) => view! { <div class="govuk-inset-text">{inlines_view(i, &contacts)}</div> }.into_any(),
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<String> {
        vec!["cass_phone_line".to_string()]
    }

    #[test]
    fn finds_the_blocks_that_show_a_contact() {
        let blocks = parse("Call us.\n\n- one\n- two {{cass_phone_line}}\n\n## Ring {{cass_phone_line}}\n\nNothing here.", &known()).expect("valid");
        let found: Vec<bool> = blocks.iter().map(|b| mentions(b, "cass_phone_line")).collect();
        assert_eq!(found, vec![false, true, true, false]);
        assert!(!blocks.iter().any(|b| mentions(b, "edt_phone_line")));
    }

    #[test]
    fn parses_every_block() {
        let body = "Intro with **bold** and [a link](/what-to-expect).\nSame paragraph.\n\n## Who answers\n- one\n- two {{cass_phone_line}}\n1. first\n! Call 999\n> Inset";
        let blocks = parse(body, &known()).expect("valid");
        assert_eq!(blocks.len(), 6);
        assert_eq!(
            blocks[0],
            Block::Paragraph(vec![
                Inline::Text("Intro with ".into()),
                Inline::Bold("bold".into()),
                Inline::Text(" and ".into()),
                Inline::Link { text: "a link".into(), href: "/what-to-expect".into() },
                Inline::Text(". Same paragraph.".into()),
            ])
        );
        assert!(matches!(&blocks[2], Block::Bullets(items) if items.len() == 2 && items[1].contains(&Inline::Contact("cass_phone_line".into()))));
        assert!(matches!(&blocks[3], Block::Numbers(items) if items.len() == 1));
        assert!(matches!(&blocks[4], Block::Warning(_)));
        assert!(matches!(&blocks[5], Block::Inset(_)));
        assert_eq!(slug(match &blocks[1] { Block::Heading2(i) => i, _ => panic!("heading") }), "who-answers");
    }

    #[test]
    fn refuses_unsafe_links_and_unknown_contacts() {
        let e = parse("[x](javascript:alert(1)) {{nope}}\n# Big", &known()).err().unwrap_or_default();
        assert_eq!(e.len(), 3, "{e:?}");
        assert!(e[0].message.contains("not allowed"));
        assert!(e[1].message.contains("nope"));
        assert_eq!(e[2].line, 2);
        assert!(parse("  \n", &known()).is_err());
        assert!(!safe_href("//evil.example"));
        assert!(safe_href("tel:01000000000"));
    }

    // Rendering to HTML needs the server build (`ssr`); the workspace's test runs enable it.
    #[cfg(feature = "ssr")]
    #[test]
    fn html_in_content_is_only_text() {
        let blocks = parse("<script>alert(1)</script>", &known()).expect("valid");
        let html = Owner::new().with(|| view! { <Blocks blocks=blocks contacts=BTreeMap::new()/> }.to_html());
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("<script>"));
    }
}
