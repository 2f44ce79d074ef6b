//! The staff header's one search box (issue 9): a plain GET form to `/staff/search`, so it
//! works without JavaScript. Ctrl+K (⌘K on a Mac) focuses it from anywhere, and "/" does when
//! the user is not typing in a field.

use leptos::html;
use leptos::prelude::*;

/// The search input's id, for the shortcut and for tests.
pub const INPUT_ID: &str = "fd-find-q";

#[component]
pub fn HeaderSearch() -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if is_shortcut(&ev) {
                if let Some(el) = input.get_untracked() {
                    ev.prevent_default();
                    let _ = el.focus();
                    el.select();
                }
            }
        });
        on_cleanup(move || handle.remove());
    }
    view! {
        <div class="fd-find fd-no-print">
            <form method="get" action="/staff/search" role="search" aria-label="Find a child, a contact or a member of staff" class="fd-find__form" data-testid="header-search">
                <label class="govuk-label fd-find__label" for=INPUT_ID>"Search"<span class="govuk-visually-hidden">" for a child, a contact reference or a member of staff"</span></label>
                <input class="govuk-input fd-find__input" id=INPUT_ID name="q" type="search" autocomplete="off" spellcheck="false"
                    aria-describedby="fd-find-hint" aria-keyshortcuts="Control+K Meta+K /" node_ref=input/>
                <button type="submit" class="govuk-button govuk-button--secondary fd-find__button" data-module="govuk-button">"Find"</button>
                <span id="fd-find-hint" class="fd-find__hint">"Name, reference or staff. Press Ctrl+K or / to search from any page."</span>
            </form>
        </div>
    }
}

/// Ctrl+K or ⌘K anywhere; "/" only when not typing in a field (it is a character there).
#[cfg(feature = "hydrate")]
fn is_shortcut(ev: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    let key = ev.key();
    if (ev.ctrl_key() || ev.meta_key()) && !ev.alt_key() && key.eq_ignore_ascii_case("k") {
        return true;
    }
    if key != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return false;
    }
    let typing = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()).is_some_and(|el| {
        matches!(el.tag_name().to_ascii_uppercase().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable()
    });
    !typing
}
