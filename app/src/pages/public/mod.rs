//! The public site (issue 4): "What to expect" and the other information pages, and the online
//! Request for Support. Everything here renders on the server to complete HTML that works with
//! JavaScript off and loads no WASM: `server::public_form` serves it through plain axum handlers
//! (GET renders, POST validates and redirects). The only scripts are our own small deferred files:
//! `/exit-this-page.js` on every page, and `/request-support/enhance.js` on the form, which
//! refreshes the guidance panel from the server as people type and focuses the error summary.
//!
//! - `content`: the safe text format page content is written in, and its renderer.
//! - `defaults`: the written defaults (seed 004 in plain English) and the service contacts.
//! - `layout`: the HTML document, header, "Exit this page", footer.
//! - `pages`: an information page.
//! - `form`: the answers, the steps and their checks (pure).
//! - `guidance`: the shared rules applied to the answers, in plain English.
//! - `fields`, `steps`: GOV.UK fields and the form's pages.

pub mod content;
pub mod defaults;
pub mod fields;
pub mod form;
pub mod guidance;
pub mod layout;
pub mod pages;
pub mod steps;

/// Paths served by the public site (no WASM, no hydration). The app's shell also leaves the
/// hydration scripts out for these and for the start page `/`.
pub fn is_public_path(path: &str) -> bool {
    path == "/"
        || path == "/request-support"
        || path.starts_with("/request-support/")
        || defaults::PAGES.iter().any(|p| path.strip_prefix('/') == Some(p.slug))
}
