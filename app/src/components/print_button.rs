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
