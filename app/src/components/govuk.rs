//! Small GOV.UK pieces used on many pages.

use leptos::prelude::*;

/// The success notification banner (role=alert so screen readers hear it at once).
#[component]
pub fn SuccessBanner(#[prop(into)] message: String, testid: &'static str) -> impl IntoView {
    let title_id = format!("{testid}-title");
    let labelled_by = title_id.clone();
    view! {
        <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby=labelled_by data-testid=testid>
            <div class="govuk-notification-banner__header">
                <h2 class="govuk-notification-banner__title" id=title_id>"Success"</h2>
            </div>
            <div class="govuk-notification-banner__content">
                <p class="govuk-notification-banner__heading">{message}</p>
            </div>
        </div>
    }
}

/// A table's header row of plain column names.
#[component]
pub fn TableHead(columns: &'static [&'static str]) -> impl IntoView {
    view! {
        <thead class="govuk-table__head">
            <tr class="govuk-table__row">
                {columns.iter().map(|c| view! { <th scope="col" class="govuk-table__header">{*c}</th> }).collect_view()}
            </tr>
        </thead>
    }
}
