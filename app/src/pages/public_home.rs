use leptos::prelude::*;

/// The start page's content. Served by the public site (`server::public_form`) inside the public
/// frame, with "Exit this page", as plain HTML that works without JavaScript.
#[component]
pub fn HomeContent() -> impl IntoView {
    view! {
        <h1 class="govuk-heading-xl">"Children's Front Door"</h1>
        <div class="govuk-warning-text">
            <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
            <strong class="govuk-warning-text__text">
                <span class="govuk-visually-hidden">"Warning"</span>
                "If you think a child is in immediate danger, call 999."
            </strong>
        </div>
        <p class="govuk-body">"Children's services: the Children's Advice and Support Service, the Multi-Agency Safeguarding Hub (MASH) and the Early Help desk."</p>
        <ul class="govuk-list">
            <li><a class="govuk-link" href="/what-to-expect">"What to expect when you contact children's services"</a></li>
            <li><a class="govuk-link" href="/ask-for-support">"How to ask for support for a child"</a></li>
            <li><a class="govuk-link" href="/request-support">"Request support online"</a></li>
            <li><a class="govuk-link" href="/out-of-hours">"Out of hours"</a></li>
        </ul>
        <p class="govuk-body"><a class="govuk-link" href="/sign-in">"Staff sign in"</a></p>
    }
}
