//! Reusable pieces of page in the GOV.UK Design System's markup.

pub mod drafts;
pub mod case_notes;
pub mod charts;
pub mod chosen_children;
pub mod communications;
pub mod consent_panel;
pub mod drag_reassign;
pub mod errors;
pub mod fields;
pub mod govuk;
pub mod guided_decision;
pub mod header_search;
pub mod layout;
pub mod live;
pub mod outbox;
pub mod person_fields;
pub mod person_index;
pub mod person_picker;
pub mod print_button;
pub mod return_interviews;
pub mod session_timeout;
pub mod workflow_panel;
pub mod workflow_step;

pub use errors::{ErrorNotice, ErrorSummary};
pub use fields::{CheckboxItem, Checkboxes, TextArea, TextInput};
pub use govuk::{SuccessBanner, TableHead};
pub use layout::{Footer, PublicLayout, SiteHeader, StaffLayout};
pub use print_button::PrintButton;

/// Runs only in the browser: a full page load of `href` (used after signing in or out so every
/// piece of state on the page starts again from the new session).
pub fn go_to(href: &str) {
    #[cfg(feature = "hydrate")]
    {
        if let Some(w) = web_sys::window() {
            let _ = w.location().assign(href);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = href;
}

/// The current path and query, in the browser; empty on the server.
pub fn current_path() -> String {
    #[cfg(feature = "hydrate")]
    {
        if let Some(w) = web_sys::window() {
            let l = w.location();
            return format!("{}{}", l.pathname().unwrap_or_default(), l.search().unwrap_or_default());
        }
    }
    String::new()
}

/// Opens the browser's print dialogue (the print stylesheet drops navigation and controls).
pub fn print_page() {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}
