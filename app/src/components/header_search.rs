//! The staff header's one search box (issue 9): a plain GET form to `/staff/search`, so it
//! works without JavaScript. Ctrl+K (⌘K on a Mac) focuses it from anywhere, and "/" does when
//! the user is not typing in a field. "/" is a single-character shortcut, so it can be turned
//! off (WCAG 2.1.4 Character Key Shortcuts; speech input users may say it by accident); the
//! choice is kept in this browser.

use leptos::html;
use leptos::prelude::*;

/// The search input's id, for the shortcut and for tests.
pub const INPUT_ID: &str = "fd-find-q";

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const SLASH_OFF_KEY: &str = "fd-slash-shortcut-off";

#[component]
pub fn HeaderSearch() -> impl IntoView {
    let input = NodeRef::<html::Input>::new();
    // Set once hydrated: the shortcuts need JavaScript, so only then are they offered.
    let ready = RwSignal::new(false);
    let slash_on = RwSignal::new(true);
    Effect::new(move |_| {
        slash_on.set(!slash_turned_off());
        ready.set(true);
    });
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if is_shortcut(&ev, slash_on.get_untracked()) {
                if let Some(el) = input.get_untracked() {
                    ev.prevent_default();
                    let _ = el.focus();
                    el.select();
                }
            }
        });
        on_cleanup(move || handle.remove());
    }
    let toggle = move |_| {
        let on = !slash_on.get_untracked();
        remember_slash(on);
        slash_on.set(on);
    };
    view! {
        <div class="fd-find fd-no-print">
            <form method="get" action="/staff/search" role="search" aria-label="Find a child, a contact or a member of staff" class="fd-find__form" data-testid="header-search">
                <label class="govuk-label fd-find__label" for=INPUT_ID>"Search"<span class="govuk-visually-hidden">" for a child, a contact reference or a member of staff"</span></label>
                <input class="govuk-input fd-find__input" id=INPUT_ID name="q" type="search" autocomplete="off" spellcheck="false"
                    aria-describedby="fd-find-hint" aria-keyshortcuts=move || if slash_on.get() { "Control+K Meta+K /" } else { "Control+K Meta+K" } node_ref=input/>
                <button type="submit" class="govuk-button govuk-button--secondary fd-find__button" data-module="govuk-button">"Find"</button>
                <span class="fd-find__hint">
                    <span id="fd-find-hint">
                        "Name, reference or staff."
                        {move || ready.get().then(|| view! {
                            " "{move || if slash_on.get() { "Press Ctrl+K or / to search from any page." } else { "Press Ctrl+K to search from any page." }}
                        })}
                    </span>
                    {move || ready.get().then(|| view! {
                        " "
                        <button type="button" class="fd-link-button fd-find__toggle" data-testid="slash-shortcut-toggle" on:click=toggle>
                            {move || if slash_on.get() { "Turn off the / shortcut" } else { "Turn on the / shortcut" }}
                        </button>
                    })}
                </span>
            </form>
        </div>
    }
    // Type-erased: the staff frame's view type is otherwise too deep for the compiler.
    .into_any()
}

fn slash_turned_off() -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .and_then(|s| s.get_item(SLASH_OFF_KEY).ok().flatten())
            .is_some()
    }
    #[cfg(not(feature = "hydrate"))]
    false
}

fn remember_slash(on: bool) {
    #[cfg(feature = "hydrate")]
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = if on { s.remove_item(SLASH_OFF_KEY) } else { s.set_item(SLASH_OFF_KEY, "1") };
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = on;
}

/// Ctrl+K or ⌘K anywhere; "/" (when on) only when not typing in a field, where it is a character.
#[cfg(feature = "hydrate")]
fn is_shortcut(ev: &web_sys::KeyboardEvent, slash_on: bool) -> bool {
    use wasm_bindgen::JsCast;
    let key = ev.key();
    if (ev.ctrl_key() || ev.meta_key()) && !ev.alt_key() && key.eq_ignore_ascii_case("k") {
        return true;
    }
    if !slash_on || key != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return false;
    }
    let typing = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()).is_some_and(|el| {
        matches!(el.tag_name().to_ascii_uppercase().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable()
    });
    !typing
}
