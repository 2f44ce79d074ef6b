use crate::api::records::access_history;
use crate::components::ErrorNotice;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Who opened or changed a record, newest first (managers only).
#[component]
pub fn AccessHistoryPage() -> impl IntoView {
    let params = use_params_map();
    let key = Memo::new(move |_| {
        let p = params.read();
        (p.get("kind").unwrap_or_default(), p.get("id").unwrap_or_default())
    });
    let history = Resource::new(move || key.get(), |(kind, id)| access_history(kind, id));
    view! {
        <Title text="Access history"/>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match history.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(h) => {
                        let back = format!("/staff/{}/{}", if h.kind == "person" { "people" } else { "contacts" }, key.get_untracked().1);
                        view! {
                            <a class="govuk-back-link" href=back>"Back to the record"</a>
                            <span class="govuk-caption-l">{h.record_label.clone()}</span>
                            <h1 class="govuk-heading-l">"Access history"</h1>
                            <p class="govuk-body">"Every time anyone opened or changed this record. Entries cannot be changed or deleted."</p>
                            <div class="fd-table-scroll">
                                <table class="govuk-table" data-testid="access-history">
                                    <crate::components::TableHead columns=&["When", "Who", "What", "Reason given", "From"]/>
                                    <tbody class="govuk-table__body">
                                        {h.entries.into_iter().map(|e| view! {
                                            <tr class="govuk-table__row">
                                                <td class="govuk-table__cell">{e.at}</td>
                                                <td class="govuk-table__cell">{e.who}<br/><span class="fd-meta">{e.roles}</span></td>
                                                <td class="govuk-table__cell">{e.action}<br/><span class="fd-meta">{e.summary}</span></td>
                                                <td class="govuk-table__cell">{e.reason.unwrap_or_default()}</td>
                                                <td class="govuk-table__cell">{e.address}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
