//! The public site (issue 4): "What to expect" and the other information pages, and the online
//! Request for Support. Everything here renders on the server to complete HTML that works with
//! JavaScript off and never loads the app's WASM bundle: `server::public_form` serves it through
//! plain axum handlers (GET renders, POST validates and redirects). The only scripts are our own
//! small deferred files: `/exit-this-page.js` on every page, and `/request-support/enhance.js` on
//! the form, which focuses the error summary and, on pages with guidance, loads the small
//! `public_guidance` WASM that re-renders the guidance panel in the browser on every answer.
//!
//! - `content`: the safe text format page content is written in, and its renderer.
//! - `defaults`: the written defaults (seed 004 in plain English) and the service contacts.
//! - `layout`: the HTML document, header, "Exit this page", footer.
//! - `pages`: an information page.
//! - `form`, `guidance`, `panel`, `browser`: re-exported from the pure crate
//!   `request_for_support` (the answers, steps and checks; the shared rules in plain English; the
//!   guidance panel's HTML; what the browser's WASM is given), which the browser runs too.
//! - `fields`, `steps`: GOV.UK fields and the form's pages.
//! - `request_information`: the professionals' CASS Information Requests form (seed 002).

pub mod content;
pub mod defaults;
pub mod fields;
pub mod layout;
pub mod pages;
pub mod request_information;
pub mod steps;

pub use request_for_support::{browser, form, guidance, panel};

/// Paths served by the public site (no WASM, no hydration). The app's shell also leaves the
/// hydration scripts out for these and for the start page `/`.
pub fn is_public_path(path: &str) -> bool {
    path == "/"
        || path == "/request-support"
        || path.starts_with("/request-support/")
        || path == request_information::PATH
        || path.starts_with("/request-information/")
        || defaults::PAGES.iter().any(|p| path.strip_prefix('/') == Some(p.slug))
}
