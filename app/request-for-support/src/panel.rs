//! The guidance panel as HTML: the likely level, why, and what happens next. The one renderer of
//! the panel: the server puts its output in the page (JavaScript off, and every page as first
//! sent), and the browser's WASM (`public-guidance`) puts its output in the same place as people
//! type. Written as plain string building so it needs no framework in the browser; every piece of
//! text is escaped, because framework descriptors and indicator texts are data a council uploads.

use crate::form::SupportAnswers;
use crate::guidance::{evaluate, GuidanceView};
use domain::rules::RuleSet;
use std::fmt::Write;

/// Escapes text for HTML element content and double-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            _ => out.push(c),
        }
    }
    out
}

fn list(out: &mut String, class: &str, testid: Option<&str>, items: &[String]) {
    let testid = testid.map(|t| format!(" data-testid=\"{t}\"")).unwrap_or_default();
    let tag = if class.contains("number") { "ol" } else { "ul" };
    let _ = write!(out, "<{tag} class=\"{class}\"{testid}>");
    for item in items {
        let _ = write!(out, "<li>{}</li>", escape(item));
    }
    let _ = write!(out, "</{tag}>");
}

/// The panel for the answers as they stand, or `None` when the rules have no script for them.
/// What the server renders into a page and what the browser's WASM renders as people type.
pub fn for_answers(rules: &RuleSet, a: &SupportAnswers, phone: &str) -> Option<String> {
    evaluate(rules, a).map(|e| render(&GuidanceView::new(rules, a, &e), phone))
}

/// The panel for `view`. `phone` is the CASS phone line from the service contacts (data).
pub fn render(view: &GuidanceView, phone: &str) -> String {
    let mut out = String::with_capacity(2048);
    let _ = write!(
        out,
        "<div class=\"fd-guidance\" data-testid=\"guidance\" data-level=\"{}\" data-status=\"{}\">",
        escape(&view.level_slug),
        escape(&view.status_sentence())
    );
    out.push_str("<h2 class=\"govuk-heading-m\">What will happen next</h2>");
    if view.urgent {
        let _ = write!(
            out,
            "<div class=\"govuk-warning-text\" data-testid=\"guidance-urgent\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>\
             <strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>{}</strong></div>",
            escape(&format!("If a child is in immediate danger, call 999 now. Then call CASS on {phone}."))
        );
    }
    let _ = write!(
        out,
        "<p class=\"govuk-body\" data-testid=\"guidance-level\">From your answers so far, the level of need is likely to be <strong>{}</strong>.</p>",
        escape(&view.level)
    );
    let _ = write!(out, "<p class=\"govuk-body\">{}</p>", escape(&view.descriptor));
    if !view.because.is_empty() {
        out.push_str("<p class=\"govuk-body\">This is because you told us about:</p>");
        list(&mut out, "govuk-list govuk-list--bullet", None, &view.because);
    }
    if let Some(stop) = &view.cannot_proceed {
        let _ = write!(out, "<div class=\"govuk-inset-text fd-guidance__stop\" data-testid=\"guidance-cannot-proceed\"><strong>{}</strong></div>", escape(stop));
    }
    list(&mut out, "govuk-list govuk-list--number", Some("guidance-next-steps"), &view.next_steps);
    let _ = write!(
        out,
        "<p class=\"govuk-body-s fd-meta\">{}</p></div>",
        escape(&format!("This is guidance only, from {}. A manager in CASS reads every request and decides what happens.", view.framework))
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> GuidanceView {
        GuidanceView {
            level: "Additional Needs".into(),
            level_slug: "additional_needs".into(),
            descriptor: "Needs <more> support".into(),
            because: vec!["A \"quoted\" & <b>bold</b> indicator".into()],
            next_steps: vec!["First".into(), "Second".into()],
            cannot_proceed: Some("Stop <here>".into()),
            urgent: true,
            framework: "Test framework (version t-1)".into(),
        }
    }

    #[test]
    fn every_text_is_escaped() {
        let html = render(&view(), "0100 <000>");
        assert!(html.contains("A &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt; indicator"), "{html}");
        assert!(html.contains("Needs &lt;more&gt; support") && html.contains("Stop &lt;here&gt;") && html.contains("CASS on 0100 &lt;000&gt;."));
        assert!(!html.contains("<b>") && !html.contains("<more>"));
    }

    #[test]
    fn the_panel_carries_what_the_page_script_and_tests_read() {
        let html = render(&view(), "0100 000 0000");
        assert!(html.starts_with("<div class=\"fd-guidance\" data-testid=\"guidance\" data-level=\"additional_needs\""));
        assert!(html.contains("data-status=\"Guidance updated: the level of need is likely to be Additional Needs.\""));
        assert!(html.contains("<ol class=\"govuk-list govuk-list--number\" data-testid=\"guidance-next-steps\"><li>First</li><li>Second</li></ol>"));
        assert!(html.contains("data-testid=\"guidance-urgent\"") && html.contains("data-testid=\"guidance-cannot-proceed\""));
        let calm = GuidanceView { urgent: false, cannot_proceed: None, because: Vec::new(), ..view() };
        let html = render(&calm, "");
        assert!(!html.contains("guidance-urgent") && !html.contains("cannot-proceed") && !html.contains("This is because"));
        assert!(html.ends_with("</p></div>"));
    }
}
