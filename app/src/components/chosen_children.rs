//! The children an inbox e-mail is about, chosen from people already on the index by a simple
//! name search. The choice is only a `Vec<String>` of person ids, so the person index's picker
//! can replace this component without touching the form around it.

use crate::api::inbox::{InboxPeople, PersonChoice};
use domain::FieldError;
use leptos::prelude::*;

#[component]
pub fn ChosenChildren(
    chosen: RwSignal<Vec<String>>,
    /// Names of the chosen children, for display only; owned by the form so they survive the
    /// page fetching the item again.
    names: RwSignal<Vec<PersonChoice>>,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let search = ServerAction::<InboxPeople>::new();
    let query = RwSignal::new(String::new());
    let error = Memo::new(move |_| errors.get().iter().find(|e| e.field == "children").map(|e| e.message.clone()));
    let run = move || search.dispatch(InboxPeople { q: query.get_untracked() });
    view! {
        <div class=move || if error.get().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" } id="children">
            <fieldset class="govuk-fieldset">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Children this e-mail is about"</legend>
                <div class="govuk-hint">"Search by name and add each child. Add siblings together: they share one contact."</div>
                {move || error.get().map(|m| view! { <p class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{m}</p> })}
                <ul class="govuk-list" data-testid="chosen-children">
                    {move || names.get().into_iter().map(|p| {
                        let id = p.id.clone();
                        view! {
                            <li>{p.name.clone()}" "
                                <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                                    on:click=move |_| {
                                        chosen.update(|c| c.retain(|x| *x != id));
                                        names.update(|n| n.retain(|x| x.id != id));
                                    }>"Remove"<span class="govuk-visually-hidden">{format!(" {}", p.name)}</span></button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <label class="govuk-label" for="child-search">"Child's name"</label>
                <div class="govuk-input__wrapper">
                    <input class="govuk-input govuk-input--width-20" id="child-search" type="search" autocomplete="off"
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))
                        on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); run(); }/>
                    <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-left-2" data-testid="child-search-button"
                        on:click=move |_| { run(); }>"Search"</button>
                </div>
                {move || search.value().get().map(|r| match r {
                    Err(e) => view! { <crate::components::ErrorNotice error=e/> }.into_any(),
                    Ok(found) if found.is_empty() => view! { <p class="govuk-body">"No one found with that name."</p> }.into_any(),
                    Ok(found) => view! {
                        <ul class="govuk-list" data-testid="child-results">
                            {found.into_iter().map(|p| {
                                let person = p.clone();
                                let pid = p.id.clone();
                                let label = if p.date_of_birth.is_empty() { p.name.clone() } else { format!("{} (born {})", p.name, p.date_of_birth) };
                                view! {
                                    <li>{label}" "
                                        <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                                            disabled=move || chosen.get().contains(&pid)
                                            on:click={
                                                let person = person.clone();
                                                move |_| {
                                                    if !chosen.get_untracked().contains(&person.id) {
                                                        chosen.update(|c| c.push(person.id.clone()));
                                                        names.update(|n| n.push(person.clone()));
                                                    }
                                                }
                                            }>"Add"<span class="govuk-visually-hidden">{format!(" {}", p.name)}</span></button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </fieldset>
        </div>
    }
}
