//! Inspection exports for managers (issue 8 point 4): choose a period (a GET form, so it works
//! with JavaScript off and the address can be bookmarked), see how many rows each Ofsted Annex A
//! list has, and download it as CSV or as an Excel workbook. A bad period gets the error summary
//! and keeps what was typed.

use crate::api::exports::{annex_a_summary, ExportSummary};
use crate::components::{ErrorNotice, ErrorSummary, TextInput};
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ExportsPage() -> impl IntoView {
    let query = use_query_map();
    let typed = move || query.with(|q| (q.get("from").unwrap_or_default(), q.get("to").unwrap_or_default()));
    let summary = Resource::new(typed, |(from, to)| annex_a_summary(from, to));
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    // What the address holds is what the form shows: typed values are never lost.
    Effect::new(move |_| {
        let (f, t) = typed();
        from.set(f);
        to.set(t);
    });
    view! {
        <Title text="Inspection exports"/>
        <ErrorSummary errors=errors/>
        <h1 class="govuk-heading-l">"Inspection exports"</h1>
        <p class="govuk-body">"Ofsted's Annex A lists for any period of up to a year: List 1 (contacts, one row per child per contact) and List 3 (referrals). Each download is recorded in the audit trail with the list, the period and the number of rows."</p>
        <Suspense fallback=|| view! { <p class="govuk-body">"Counting…"</p> }>
            {move || Suspend::new(async move {
                match summary.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(ExportSummary::Refused { errors: e }) => {
                        errors.set(e);
                        view! { <PeriodForm from=from to=to errors=errors/> }.into_any()
                    }
                    Ok(ExportSummary::Ready { period, from: f, to: t, lists }) => {
                        errors.set(Vec::new());
                        if from.get_untracked().is_empty() && to.get_untracked().is_empty() {
                            from.set(f);
                            to.set(t);
                        }
                        view! {
                            <PeriodForm from=from to=to errors=errors/>
                            <h2 class="govuk-heading-m" data-testid="export-period">{period}</h2>
                            <table class="govuk-table" data-testid="exports">
                                <caption class="govuk-table__caption govuk-table__caption--s">"Annex A lists for the period"</caption>
                                <thead class="govuk-table__head"><tr class="govuk-table__row">
                                    <th scope="col" class="govuk-table__header">"List"</th>
                                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Rows"</th>
                                    <th scope="col" class="govuk-table__header">"Download"</th>
                                </tr></thead>
                                <tbody class="govuk-table__body">
                                    {lists.into_iter().map(|l| view! {
                                        <tr class="govuk-table__row" data-testid=format!("export-{}", l.slug)>
                                            <th scope="row" class="govuk-table__header">{l.title.clone()}</th>
                                            <td class="govuk-table__cell govuk-table__cell--numeric" data-testid="export-rows">{l.rows}</td>
                                            <td class="govuk-table__cell">
                                                <a class="govuk-link" href=l.csv rel="external" download="">"CSV"<span class="govuk-visually-hidden">{format!(" of {}", l.title)}</span></a>
                                                " · "
                                                <a class="govuk-link" href=l.xlsx rel="external" download="">"Excel"<span class="govuk-visually-hidden">{format!(" of {}", l.title)}</span></a>
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <p class="govuk-body govuk-!-font-size-16">"List 2 (early help assessments) will follow with the Early Help desk."</p>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn PeriodForm(from: RwSignal<String>, to: RwSignal<String>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    view! {
        <form method="get" action="/staff/exports" data-testid="period-form" novalidate="">
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-one-third">
                    <TextInput id="from" label="First day" hint="For example, 1/6/2026" value=from errors=errors width_class="govuk-input--width-10"/>
                </div>
                <div class="govuk-grid-column-one-third">
                    <TextInput id="to" label="Last day" hint="For example, 30/11/2026" value=to errors=errors width_class="govuk-input--width-10"/>
                </div>
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Show the lists"</button>
        </form>
    }
}
