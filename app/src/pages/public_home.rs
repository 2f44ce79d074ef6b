use crate::components::PublicLayout;
use leptos::prelude::*;
use leptos_meta::Title;

/// The start page. Works without JavaScript: it is plain server-rendered HTML.
#[component]
pub fn PublicHome() -> impl IntoView {
    view! {
        <Title text="Children's Front Door"/>
        <PublicLayout>
            <h1 class="govuk-heading-xl">"Children's Front Door"</h1>
            <div class="govuk-warning-text">
                <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                <strong class="govuk-warning-text__text">
                    <span class="govuk-visually-hidden">"Warning"</span>
                    "If you think a child is in immediate danger, call 999."
                </strong>
            </div>
            <p class="govuk-body">"This is the case system for the council's Children's Advice and Support Service, the Multi-Agency Safeguarding Hub (MASH) and the Early Help desk."</p>
            <p class="govuk-body"><a class="govuk-link" href="/sign-in">"Staff sign in"</a></p>
        </PublicLayout>
    }
}
