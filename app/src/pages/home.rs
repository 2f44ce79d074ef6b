use crate::api::home::staff_home;
use crate::components::ErrorNotice;
use leptos::prelude::*;
use leptos_meta::Title;

/// The role-aware home page: the work in your worklists, or, for an administrator, the service's
/// configuration.
#[component]
pub fn HomePage() -> impl IntoView {
    let home = Resource::new(|| (), |_| staff_home());
    view! {
        <Title text="Home"/>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading your work…"</p> }>
            {move || Suspend::new(async move {
                match home.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(h) => {
                        let count = h.worklist.len();
                        view! {
                            <h1 class="govuk-heading-l" data-testid="home-heading">{format!("Welcome, {}", h.display_name)}</h1>
                            <dl class="govuk-summary-list govuk-!-margin-bottom-9">
                                <div class="govuk-summary-list__row">
                                    <dt class="govuk-summary-list__key">"Your roles"</dt>
                                    <dd class="govuk-summary-list__value" data-testid="home-roles">{h.roles.join(", ")}</dd>
                                </div>
                                <div class="govuk-summary-list__row">
                                    <dt class="govuk-summary-list__key">"Your teams"</dt>
                                    <dd class="govuk-summary-list__value">{if h.teams.is_empty() { "None".to_string() } else { h.teams.join(", ") }}</dd>
                                </div>
                            </dl>
                            {h.is_admin.then(|| view! {
                                <h2 class="govuk-heading-m">"Administration"</h2>
                                <ul class="govuk-list">
                                    <li><a class="govuk-link" href="/staff/admin/users">"Users and their roles"</a></li>
                                    <li><a class="govuk-link" href="/staff/admin/teams">"Teams"</a></li>
                                    <li><a class="govuk-link" href="/staff/admin/secure-addresses">"Secure e-mail addresses for information requests"</a></li>
                                </ul>
                            })}
                            {h.information_requests.then(|| view! {
                                <h2 class="govuk-heading-m">"Information requests"</h2>
                                <p class="govuk-body"><a class="govuk-link" href="/staff/information-requests" data-testid="irr-link">"Information requests from professionals and OFSTED suitability checks (the IRR folder)"</a></p>
                            })}
                            {h.works_with_case_records.then(|| view! {
                                <Drafts/>
                                <h2 class="govuk-heading-m" id="worklists">"Your worklists"</h2>
                                <p class="govuk-body"><a class="govuk-link" href="/staff/worklists" data-testid="worklists-link">"Take and decide work on the worklists page"</a></p>
                                {h.is_manager.then(|| view! {
                                    <p class="govuk-body">"As a manager you can see who has opened each record: open a record and choose “Access history”."</p>
                                })}
                                {if count == 0 {
                                    view! { <p class="govuk-body" data-testid="worklist-empty">"There is nothing waiting in your worklists."</p> }.into_any()
                                } else {
                                    view! {
                                        <div class="fd-table-scroll">
                                            <table class="govuk-table" data-testid="worklist">
                                                <caption class="govuk-table__caption govuk-table__caption--s">{format!("{count} open contact(s), oldest first")}</caption>
                                                <crate::components::TableHead columns=&["Reference", "Child", "Concern", "Worklist", "Received"]/>
                                                <tbody class="govuk-table__body">
                                                    {h.worklist.into_iter().map(|w| view! {
                                                        <tr class="govuk-table__row">
                                                            <td class="govuk-table__cell fd-nowrap"><a class="govuk-link" href=format!("/staff/contacts/{}", w.contact_id)>{w.reference}</a></td>
                                                            <td class="govuk-table__cell">{if w.person_id.is_empty() {
                                                                view! { <span>{w.person_name}</span> }.into_any()
                                                            } else {
                                                                view! { <a class="govuk-link" href=format!("/staff/people/{}", w.person_id)>{w.person_name}</a> }.into_any()
                                                            }}</td>
                                                            <td class="govuk-table__cell">{w.summary}</td>
                                                            <td class="govuk-table__cell">{w.worklist}</td>
                                                            <td class="govuk-table__cell">{w.received}</td>
                                                        </tr>
                                                    }).collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                    }.into_any()
                                }}
                            })}
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Forms the user started and has not saved: each links back to where they were.
#[component]
fn Drafts() -> impl IntoView {
    use crate::api::drafts::{my_drafts, DiscardDraft};
    let discard = ServerAction::<DiscardDraft>::new();
    let drafts = Resource::new(move || discard.version().get(), |_| my_drafts());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match drafts.await {
                    Ok(list) if !list.is_empty() => view! {
                        <h2 class="govuk-heading-m" id="drafts">"Your unsaved work"</h2>
                        <ul class="govuk-list" data-testid="drafts">
                            {list.into_iter().map(|d| {
                                let key = d.form_key.clone();
                                view! {
                                    <li>
                                        <a class="govuk-link" href=d.path.clone()>{d.title.clone()}</a>
                                        <span class="fd-meta">{format!(" (last typed {})", d.saved)}</span>" "
                                        <button type="button" class="fd-link-button" on:click=move |_| {
                                            crate::components::drafts::forget_local(&key);
                                            discard.dispatch(DiscardDraft { form_key: key.clone() });
                                        }>"Discard"<span class="govuk-visually-hidden">{format!(" {}", d.title)}</span></button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}
