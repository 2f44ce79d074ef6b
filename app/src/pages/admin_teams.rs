//! Administration: teams (the worklists work is assigned to).

use crate::api::admin::{admin_directory, AdminSaveTeam, SaveOutcome, TEAM_DRAFT_KEY};
use crate::components::drafts::{keep_draft, DraftPlace, DraftStatus};
use crate::components::{ErrorNotice, ErrorSummary, TextInput};
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn TeamsPage() -> impl IntoView {
    let save = ServerAction::<AdminSaveTeam>::new();
    let dir = Resource::new(move || save.version().get(), |_| admin_directory());
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None);
    // Emptied when the team is added, which also drops the draft.
    let draft = keep_draft(
        DraftPlace { form_key: TEAM_DRAFT_KEY.into(), title: "A new team".into(), path: "/staff/admin/teams".into(), record_kind: "", record_id: String::new() },
        Signal::derive(move || (name.get(), description.get())),
        move |(n, d): (String, String)| {
            name.set(n);
            description.set(d);
        },
    );
    Effect::new(move |_| match save.value().get() {
        Some(Ok(SaveOutcome::Saved { .. })) => {
            errors.set(Vec::new());
            name.set(String::new());
            description.set(String::new());
        }
        Some(Ok(SaveOutcome::Invalid { errors: e })) => errors.set(e),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });

    view! {
        <Title text="Teams"/>
        {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
        <ErrorSummary errors=errors/>
        <h1 class="govuk-heading-l">"Teams"</h1>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match dir.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(d) => view! {
                        <div class="fd-table-scroll">
                            <table class="govuk-table" data-testid="teams">
                                <thead class="govuk-table__head">
                                    <tr class="govuk-table__row">
                                        <th scope="col" class="govuk-table__header">"Team"</th>
                                        <th scope="col" class="govuk-table__header">"Description"</th>
                                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Members"</th>
                                        <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Version"</th>
                                        <th scope="col" class="govuk-table__header">"Status"</th>
                                    </tr>
                                </thead>
                                <tbody class="govuk-table__body">
                                    {d.teams.into_iter().map(|t| {
                                        let (id, tname, tdesc, tactive) = (t.id.clone(), t.name.clone(), t.description.clone(), t.active);
                                        view! {
                                            <tr class="govuk-table__row">
                                                <td class="govuk-table__cell">{t.name}</td>
                                                <td class="govuk-table__cell">{t.description}</td>
                                                <td class="govuk-table__cell govuk-table__cell--numeric">{t.member_count}</td>
                                                <td class="govuk-table__cell govuk-table__cell--numeric">{t.version}</td>
                                                <td class="govuk-table__cell">
                                                    <button type="button" class="fd-link-button"
                                                        on:click=move |_| { save.dispatch(AdminSaveTeam { id: id.clone(), name: tname.clone(), description: tdesc.clone(), active: !tactive }); }>
                                                        {if tactive { "Active — make inactive" } else { "Inactive — make active" }}
                                                    </button>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
        <h2 class="govuk-heading-m">"Add a team"</h2>
        <form novalidate on:submit=move |ev| {
            ev.prevent_default();
            save.dispatch(AdminSaveTeam { id: String::new(), name: name.get_untracked(), description: description.get_untracked(), active: true });
        }>
            <TextInput id="name" label="Team name" value=name errors=errors width_class="govuk-!-width-one-half"/>
            <TextInput id="description" label="Description (optional)" value=description errors=errors/>
            <button type="submit" class="govuk-button" data-testid="add-team">"Add team"</button>
            <DraftStatus state=draft/>
        </form>
        <WorklistTeams/>
    }
}

/// Which team holds each worklist the front door routes work to.
#[component]
pub fn WorklistTeams() -> impl IntoView {
    use crate::api::worklists::{worklist_teams, SetWorklistTeam};
    let set = ServerAction::<SetWorklistTeam>::new();
    let rows = Resource::new(move || set.version().get(), |_| worklist_teams());
    let dir = Resource::new(|| (), |_| admin_directory());
    view! {
        <h2 class="govuk-heading-m" id="worklists">"Worklists"</h2>
        <p class="govuk-body">"Each step of the front door's work goes to a worklist. Choose the team that holds each: its members with the roles shown take the work. A worklist with no team stops work reaching it, and the worker is told to ask you."</p>
        {move || set.value().get().map(|r| match r {
            Ok(true) => view! { <crate::components::SuccessBanner message="Saved.".to_string() testid="worklist-team-saved"/> }.into_any(),
            Ok(false) => view! { <p class="govuk-error-message">"Choose an active team."</p> }.into_any(),
            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
        })}
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match (rows.await, dir.await) {
                    (Ok(rows), Ok(d)) => {
                        let teams: Vec<(String, String)> = d.teams.into_iter().filter(|t| t.active).map(|t| (t.id, t.name)).collect();
                        view! {
                            <div class="fd-table-scroll">
                                <table class="govuk-table" data-testid="worklist-teams">
                                    <crate::components::TableHead columns=&["Worklist", "Who takes the work", "Team"]/>
                                    <tbody class="govuk-table__body">
                                        {rows.into_iter().map(|r| {
                                            let select_id = format!("team-{}", r.worklist);
                                            let worklist = r.worklist.clone();
                                            let current = r.team_id.clone().unwrap_or_default();
                                            view! {
                                                <tr class="govuk-table__row">
                                                    <td class="govuk-table__cell"><label for=select_id.clone()>{r.label}</label></td>
                                                    <td class="govuk-table__cell">{r.roles}</td>
                                                    <td class="govuk-table__cell">
                                                        <select class="govuk-select" id=select_id name="team_id"
                                                            on:change=move |ev| { set.dispatch(SetWorklistTeam { worklist: worklist.clone(), team_id: event_target_value(&ev) }); }>
                                                            <option value="" selected=current.is_empty()>"No team yet"</option>
                                                            {teams.iter().map(|(id, name)| view! { <option value=id.clone() selected=*id == current>{name.clone()}</option> }).collect_view()}
                                                        </select>
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                    (Err(e), _) | (_, Err(e)) => view! { <ErrorNotice error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
