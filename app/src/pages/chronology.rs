//! A child's chronology, one page to read or print for a MASH discussion. The print stylesheet
//! (`style/frontdoor/_print.scss`, `_notes_letters.scss`) drops the navigation and keeps each entry together.

use crate::api::chronology::chronology;
use crate::components::ErrorNotice;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ChronologyPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let view_ = Resource::new(move || id.get(), chronology);
    view! {
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading the chronology…"</p> }>
            {move || Suspend::new(async move {
                match view_.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(c) => view! {
                        <Title text=format!("Chronology: {}", c.child)/>
                        <a class="govuk-back-link fd-no-print" href=format!("/staff/people/{}", c.person_id)>{format!("Back to {}", c.child)}</a>
                        <span class="govuk-caption-l">"Chronology"</span>
                        <h1 class="govuk-heading-l" data-testid="chronology-heading">{c.child.clone()}</h1>
                        <dl class="govuk-summary-list govuk-summary-list--no-border fd-chronology__child">
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">"Date of birth"</dt>
                                <dd class="govuk-summary-list__value">{c.date_of_birth.clone().unwrap_or_else(|| "Not known".into())}</dd>
                            </div>
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">"Address"</dt>
                                <dd class="govuk-summary-list__value">{c.address.clone()}</dd>
                            </div>
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">"Produced"</dt>
                                <dd class="govuk-summary-list__value">{c.produced.clone()}</dd>
                            </div>
                        </dl>
                        <crate::components::PrintButton label="Print this chronology" testid="print-chronology"/>
                        {(c.withdrawn_notes > 0).then(|| view! {
                            <p class="govuk-body-s fd-meta">{format!("{} withdrawn case note(s) are not shown.", c.withdrawn_notes)}</p>
                        })}
                        {if c.entries.is_empty() {
                            view! { <p class="govuk-body">"Nothing has been recorded about this child yet."</p> }.into_any()
                        } else {
                            view! {
                                <ol class="fd-chronology" data-testid="chronology">
                                    {c.entries.into_iter().map(|e| view! {
                                        <li class="fd-chronology__entry" data-testid="chronology-entry">
                                            <p class="govuk-body-s fd-chronology__when"><strong>{e.when}</strong>
                                                {e.reference.map(|r| view! { " · " {format!("Contact {r}")} })}</p>
                                            <h2 class="govuk-heading-s fd-chronology__title">
                                                <span class="govuk-caption-s">{e.kind}</span>{e.title}
                                            </h2>
                                            {(!e.detail.is_empty()).then(|| view! { <p class="govuk-body fd-note__text">{e.detail}</p> })}
                                            {(!e.by.is_empty()).then(|| view! { <p class="govuk-body-s fd-meta">{format!("By {}", e.by)}</p> })}
                                        </li>
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }}
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}
