//! The CASS inbox for Business Support, RAOs and Team Managers: contacts waiting to be filtered,
//! newest first. Each links to the contact, which `records/open` opens (and audits).

use crate::api::inbox::inbox_list;
use crate::components::govuk::TableHead;
use crate::components::ErrorNotice;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn InboxPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| inbox_list());
    view! {
        <Title text="CASS inbox"/>
        <h1 class="govuk-heading-l" data-testid="inbox-heading">"CASS inbox"</h1>
        <p class="govuk-body">"Requests for Support waiting to be filtered, newest first. The suggested level is the online form's guidance: a Team Manager decides the level."</p>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading the inbox…"</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p class="govuk-body" data-testid="inbox-empty">"The inbox is empty."</p> }.into_any(),
                    Ok(rows) => {
                        let count = rows.len();
                        view! {
                            <div class="fd-table-scroll">
                                <table class="govuk-table" data-testid="inbox">
                                    <caption class="govuk-table__caption govuk-table__caption--s">{format!("{count} contact(s) in the inbox")}</caption>
                                    <TableHead columns=&["Reference", "Child", "From", "Concern", "Suggested level", "Consent", "Received"]/>
                                    <tbody class="govuk-table__body">
                                        {rows.into_iter().map(|r| {
                                            let href = format!("/staff/contacts/{}", r.contact_id);
                                            view! {
                                                <tr class="govuk-table__row" data-testid="inbox-row">
                                                    <td class="govuk-table__cell"><a class="govuk-link" href=href>{r.reference}</a></td>
                                                    <td class="govuk-table__cell">{r.child}</td>
                                                    <td class="govuk-table__cell">{r.referrer}<br/><span class="fd-meta">{r.channel}</span></td>
                                                    <td class="govuk-table__cell">
                                                        {r.immediate_danger.then(|| view! { <strong class="govuk-tag govuk-tag--red">"Immediate danger"</strong><br/> })}
                                                        {r.summary}
                                                    </td>
                                                    <td class="govuk-table__cell">{r.suggested_level}</td>
                                                    <td class="govuk-table__cell">{r.consent}</td>
                                                    <td class="govuk-table__cell fd-nowrap">{r.received}</td>
                                                </tr>
                                            }
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
