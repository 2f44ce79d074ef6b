//! `PersonPicker`: finding a child or family member in the person index while the caller talks.
//! A search (Enter in any field) shows ranked candidates with the reasons behind each score and
//! whether they are known to Children's Social Care (with the allocated worker, seed 004); each
//! can be added to the call. A new person can be created only after a search (the server
//! enforces it), with the search's details filled in.

use crate::api::people::{create_person, search_people, Candidate, CscStatus, PersonOutcome, SearchOutcome};
use crate::components::person_fields::{PersonFieldInputs, PersonFields, NEW_PERSON_IDS};
use crate::components::{ErrorSummary, TextInput};
use domain::people::{PersonForm, SearchForm};
use domain::FieldError;
use leptos::prelude::*;

/// The search fields, kept as typed.
#[derive(Clone, Copy)]
struct SearchFields {
    given: RwSignal<String>,
    family: RwSignal<String>,
    dob: RwSignal<String>,
    postcode: RwSignal<String>,
    phone: RwSignal<String>,
    identifier: RwSignal<String>,
}

impl SearchFields {
    fn new() -> Self {
        SearchFields {
            given: RwSignal::new(String::new()),
            family: RwSignal::new(String::new()),
            dob: RwSignal::new(String::new()),
            postcode: RwSignal::new(String::new()),
            phone: RwSignal::new(String::new()),
            identifier: RwSignal::new(String::new()),
        }
    }
    fn form(&self) -> SearchForm {
        SearchForm {
            given_name: self.given.get_untracked(),
            family_name: self.family.get_untracked(),
            date_of_birth: self.dob.get_untracked(),
            postcode: self.postcode.get_untracked(),
            address: String::new(),
            phone: self.phone.get_untracked(),
            identifier: self.identifier.get_untracked(),
        }
    }
}

/// The new person's fields, prefilled from the search.
/// Words for a candidate's Children's Social Care status.
pub fn csc_words(c: &Option<CscStatus>) -> String {
    match c {
        None => "Not known to Children's Social Care".into(),
        Some(s) if s.open => {
            let reach: Vec<&str> = [s.worker_phone.as_str(), s.worker_email.as_str()].into_iter().filter(|x| !x.is_empty()).collect();
            let team = if s.worker_team.is_empty() { String::new() } else { format!(", {}", s.worker_team) };
            format!("Known to Children's Social Care: open since {}. Allocated worker: {}{} ({})", s.opened_on, s.worker_name, team, reach.join(", "))
        }
        Some(s) => format!("Known to Children's Social Care: closed on {}", s.closed_on.clone().unwrap_or_default()),
    }
}

/// Search the index and add people to `chosen` (person id, display name). `action` words the
/// button ("Add to the call").
#[component]
pub fn PersonPicker(chosen: RwSignal<Vec<(String, String)>>, #[prop(default = "Add to the call")] action: &'static str) -> impl IntoView {
    let fields = SearchFields::new();
    let new_person = PersonFields::new();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let creating = RwSignal::new(false);
    let token = RwSignal::new(None::<String>);
    let found = RwSignal::new(None::<(Vec<Candidate>, bool)>);
    let search = Action::new(move |form: &SearchForm| search_people(form.clone()));
    let create = Action::new(move |(form, token): &(PersonForm, String)| create_person(form.clone(), token.clone()));

    Effect::new(move |_| match search.value().get() {
        Some(Ok(SearchOutcome::Found { candidates, too_broad, search_token, new_person: prefill, .. })) => {
            errors.set(Vec::new());
            token.set(search_token);
            new_person.fill(&prefill);
            creating.set(false);
            found.set(Some((candidates, too_broad)));
        }
        Some(Ok(SearchOutcome::Invalid { errors: e })) => errors.set(e),
        Some(Err(e)) => errors.set(vec![FieldError::new("search_family_name", e.to_string())]),
        None => {}
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(PersonOutcome::Saved { id, name, .. })) => {
            errors.set(Vec::new());
            chosen.update(|c| {
                if !c.iter().any(|(i, _)| *i == id) {
                    c.push((id, name));
                }
            });
            creating.set(false);
            found.set(None);
        }
        Some(Ok(PersonOutcome::Invalid { errors: e })) => errors.set(e),
        Some(Ok(PersonOutcome::SearchFirst { message } | PersonOutcome::Stale { message })) => errors.set(vec![FieldError::new("given_names", message)]),
        Some(Err(e)) => errors.set(vec![FieldError::new("given_names", e.to_string())]),
        None => {}
    });

    let run_search = move || {
        search.dispatch(fields.form());
    };
    // Enter in any search field searches: the picker sits inside other forms, so it has none.
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            run_search();
        }
    };
    let add = move |id: String, name: String| {
        chosen.update(|c| {
            if !c.iter().any(|(i, _)| *i == id) {
                c.push((id, name));
            }
        })
    };

    view! {
        <div class="fd-picker" role="search" aria-labelledby="picker-heading" data-testid="person-picker">
            <h3 class="govuk-heading-s" id="picker-heading">"Find a child or family member"</h3>
            <ErrorSummary errors=errors/>
            <div on:keydown=on_key>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-one-half">
                        <TextInput id="search_given_name" label="Given name" value=fields.given errors=errors spellcheck_off=true/>
                    </div>
                    <div class="govuk-grid-column-one-half">
                        <TextInput id="search_family_name" label="Family name" value=fields.family errors=errors spellcheck_off=true/>
                    </div>
                </div>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-one-half">
                        <TextInput id="search_date_of_birth" label="Date of birth" value=fields.dob errors=errors hint="For example, 27/3/2015"/>
                    </div>
                    <div class="govuk-grid-column-one-half">
                        <TextInput id="search_postcode" label="Postcode" value=fields.postcode errors=errors hint="Or the start of one"/>
                    </div>
                </div>
                <div class="govuk-grid-row">
                    <div class="govuk-grid-column-one-half">
                        <TextInput id="search_phone" label="Phone" value=fields.phone errors=errors input_type="tel"/>
                    </div>
                    <div class="govuk-grid-column-one-half">
                        <TextInput id="search_identifier" label="NHS number, UPN or LA child ID" value=fields.identifier errors=errors/>
                    </div>
                </div>
                <button type="button" class="govuk-button govuk-button--secondary" data-testid="person-search" on:click=move |_| run_search() disabled=move || search.pending().get()>
                    "Search"
                </button>
            </div>
            {move || found.get().map(|(candidates, too_broad)| view! {
                <div aria-live="polite">
                    {too_broad.then(|| view! {
                        <div class="govuk-inset-text">"This search matches too many people to list them all. Add a given name or a date of birth."</div>
                    })}
                    {candidates.is_empty().then(|| view! { <p class="govuk-body" data-testid="no-candidates">"No one on the index matches this search."</p> })}
                    <ol class="govuk-list fd-candidates" data-testid="candidates">
                        {candidates.into_iter().map(|c| {
                            let (id, name) = (c.id.clone(), c.name.clone());
                            let added = { let id = id.clone(); move || chosen.get().iter().any(|(i, _)| *i == id) };
                            let known = c.csc.as_ref().is_some_and(|s| s.open);
                            view! {
                                <li class="fd-candidate" data-testid="candidate">
                                    <p class="govuk-body govuk-!-margin-bottom-1">
                                        <strong>{c.name.clone()}</strong>" · "{c.date_of_birth.clone()}" · "{c.postcode.clone()}" "
                                        <strong class="govuk-tag govuk-tag--grey">{format!("{} ({})", c.strength, c.score)}</strong>
                                    </p>
                                    <p class=if known { "govuk-body-s govuk-!-font-weight-bold govuk-!-margin-bottom-1" } else { "govuk-body-s govuk-!-margin-bottom-1" } data-testid="csc-status">
                                        {csc_words(&c.csc)}
                                    </p>
                                    <ul class="govuk-list govuk-list--bullet govuk-body-s govuk-!-margin-bottom-1">
                                        {c.reasons.iter().map(|r| view! {
                                            <li class=if r.against { "fd-reason fd-reason--against" } else { "fd-reason" }>
                                                {format!("{} ({}{})", r.label, if r.points > 0 { "+" } else { "" }, r.points)}
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                    <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-2" data-testid="add-candidate"
                                        disabled=added.clone() on:click={ let (id, name) = (id.clone(), name.clone()); move |_| add(id.clone(), name.clone()) }>
                                        {let added = added.clone(); move || if added() { "Added".to_string() } else { action.to_string() }}
                                        <span class="govuk-visually-hidden">{format!(": {name}")}</span>
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                    {move || match token.get() {
                        Some(_) if !creating.get() => view! {
                            <button type="button" class="govuk-button govuk-button--secondary" data-testid="start-create" on:click=move |_| creating.set(true)>
                                "None of these: create a new person"
                            </button>
                        }.into_any(),
                        Some(_) => ().into_any(),
                        None => view! { <p class="govuk-body-s">"To create a new person, search with their given name and family name first."</p> }.into_any(),
                    }}
                </div>
            })}
            {move || (creating.get() && token.get().is_some()).then(|| view! {
                <div class="fd-picker__create" data-testid="create-person">
                    <h4 class="govuk-heading-s">"New person"</h4>
                    <p class="govuk-body-s">"The names and date of birth must be those you searched for; search again to change them."</p>
                    <PersonFieldInputs fields=new_person ids=&NEW_PERSON_IDS errors=errors/>
                    <button type="button" class="govuk-button" data-testid="create-person-submit" disabled=move || create.pending().get()
                        on:click=move |_| { create.dispatch((new_person.form(), token.get_untracked().unwrap_or_default())); }>
                        "Create and add to the call"
                    </button>
                </div>
            })}
        </div>
    }
    .into_any()
}
