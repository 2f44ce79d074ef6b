//! "Print this page" (issue 9): a button styled as a link that opens the browser's print
//! dialogue. It needs JavaScript, so it appears only once the page is hydrated; without it the
//! browser's own Print still uses the print stylesheet (`style/frontdoor/_print.scss`), which
//! leaves out navigation, the header, the footer and every button.

use leptos::prelude::*;

#[component]
pub fn PrintButton(#[prop(default = "Print this page")] label: &'static str, #[prop(default = "print-page")] testid: &'static str) -> impl IntoView {
    let ready = RwSignal::new(false);
    // Effects run only in the browser: the server's HTML never offers a button that cannot work.
    Effect::new(move |_| ready.set(true));
    view! {
        <Show when=move || ready.get()>
            <p class="govuk-body fd-no-print fd-print-button">
                <button type="button" class="fd-link-button" data-testid=testid on:click=move |_| super::print_page()>{label}</button>
            </p>
        </Show>
    }
}

/// A line that only prints: who printed the page and when, so a sheet found later says how
/// current it was. The time is taken as the print dialogue opens (the button or the browser's
/// own Print); without JavaScript it says who, not when.
#[component]
pub fn PrintStamp(name: String) -> impl IntoView {
    let when = RwSignal::new(String::new());
    #[cfg(feature = "hydrate")]
    {
        let stamp = move || {
            let ms = web_sys::window().and_then(|w| w.performance()).map(|p| p.time_origin() + p.now()).unwrap_or(0.0);
            if let Some(t) = chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms as i64) {
                when.set(domain::display::date_time(t));
            }
        };
        Effect::new(move |_| stamp());
        let handle = window_event_listener_untyped("beforeprint", move |_| stamp());
        on_cleanup(move || handle.remove());
    }
    view! {
        <p class="govuk-body-s fd-print-only" data-testid="print-stamp">
            {move || {
                let when = when.get();
                if when.is_empty() { format!("Printed by {name} from {}", super::layout::SERVICE_NAME) } else { format!("Printed by {name} from {} on {when}", super::layout::SERVICE_NAME) }
            }}
        </p>
    }
}
