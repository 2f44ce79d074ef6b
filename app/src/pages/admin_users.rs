//! Administration: the list of staff accounts, and the page to add or edit one.

use crate::api::admin::{admin_directory, user_draft_key, AdminResetPassword, AdminSaveUser, AdminSetUserActive, Directory, SaveOutcome};
use crate::components::drafts::{forget_local, keep_draft, DraftPlace, DraftState, DraftStatus};
use crate::components::{CheckboxItem, Checkboxes, ErrorNotice, ErrorSummary, TextInput};
use crate::error::AppError;
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn UsersPage() -> impl IntoView {
    let dir = Resource::new(|| (), |_| admin_directory());
    view! {
        <Title text="Users"/>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match dir.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(d) => view! {
                        <h1 class="govuk-heading-l">"Users"</h1>
                        <a href="/staff/admin/users/new" class="govuk-button" data-testid="add-user">"Add a user"</a>
                        <div class="fd-table-scroll">
                            <table class="govuk-table" data-testid="users">
                                <crate::components::TableHead columns=&["Name", "Username", "Roles", "Teams", "Status"]/>
                                <tbody class="govuk-table__body">
                                    {d.users.into_iter().map(|u| view! {
                                        <tr class="govuk-table__row">
                                            <td class="govuk-table__cell"><a class="govuk-link" href=format!("/staff/admin/users/{}", u.id)>{u.display_name}</a></td>
                                            <td class="govuk-table__cell">{u.username}</td>
                                            <td class="govuk-table__cell">{u.role_labels.join(", ")}</td>
                                            <td class="govuk-table__cell">{u.teams.join(", ")}</td>
                                            <td class="govuk-table__cell">
                                                {if u.active { view! { <strong class="govuk-tag govuk-tag--green">"Active"</strong> }.into_any() }
                                                 else { view! { <strong class="govuk-tag govuk-tag--grey">"Disabled"</strong> }.into_any() }}
                                                {u.is_demo.then(|| view! { " " <strong class="govuk-tag govuk-tag--yellow">"Demo"</strong> })}
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn UserEditPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let dir = Resource::new(|| (), |_| admin_directory());
    view! {
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match dir.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(d) => view! { <UserForm dir=d id=id.get_untracked()/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UserForm(dir: Directory, id: String) -> impl IntoView {
    let existing = dir.users.iter().find(|u| u.id == id).cloned();
    if !id.is_empty() && existing.is_none() {
        return view! { <ErrorNotice error=AppError::NotFound/> }.into_any();
    }
    let is_new = existing.is_none();
    let is_me = id == dir.me;
    let username = RwSignal::new(existing.as_ref().map(|u| u.username.clone()).unwrap_or_default());
    let display_name = RwSignal::new(existing.as_ref().map(|u| u.display_name.clone()).unwrap_or_default());
    let email = RwSignal::new(existing.as_ref().map(|u| u.email.clone()).unwrap_or_default());
    let roles = RwSignal::new(existing.as_ref().map(|u| u.roles.clone()).unwrap_or_default());
    let teams = RwSignal::new(existing.as_ref().map(|u| u.team_ids.clone()).unwrap_or_default());
    let active = RwSignal::new(existing.as_ref().map(|u| u.active).unwrap_or(true));
    let saved_id = RwSignal::new(id.clone());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let notice = RwSignal::new(None::<String>);
    let temporary = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<AppError>);

    // What is typed is kept as a draft (never a password: the form has none).
    let draft_key = StoredValue::new(user_draft_key(&id));
    let draft = keep_draft(
        DraftPlace {
            form_key: draft_key.get_value(),
            title: if is_new { "A new user".to_string() } else { format!("Changes to {}", display_name.get_untracked()) },
            path: if is_new { "/staff/admin/users/new".to_string() } else { format!("/staff/admin/users/{id}") },
            record_kind: "",
            record_id: String::new(),
        },
        Signal::derive(move || (username.get(), display_name.get(), email.get(), roles.get(), teams.get())),
        move |(u, d, e, r, t): (String, String, String, Vec<String>, Vec<String>)| {
            username.set(u);
            display_name.set(d);
            email.set(e);
            roles.set(r);
            teams.set(t);
        },
    );
    let save = ServerAction::<AdminSaveUser>::new();
    let set_active = ServerAction::<AdminSetUserActive>::new();
    let reset = ServerAction::<AdminResetPassword>::new();
    let handle = move |result: Option<Result<SaveOutcome, AppError>>, message: &'static str| match result {
        Some(Ok(SaveOutcome::Saved { id, temporary_password })) => {
            errors.set(Vec::new());
            saved_id.set(id);
            if temporary_password.is_some() {
                temporary.set(temporary_password);
            }
            notice.set(Some(message.to_string()));
        }
        Some(Ok(SaveOutcome::Invalid { errors: e })) => errors.set(e),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    };
    Effect::new(move |_| {
        let v = save.value().get();
        if let Some(Ok(SaveOutcome::Saved { .. })) = &v {
            forget_local(&draft_key.get_value());
            draft.set(DraftState::Nothing);
        }
        handle(v, "The user has been saved.")
    });
    Effect::new(move |_| {
        let v = set_active.value().get();
        if let Some(Ok(SaveOutcome::Saved { .. })) = &v {
            active.update(|a| *a = !*a);
        }
        handle(v, "The account's status has been changed.")
    });
    Effect::new(move |_| handle(reset.value().get(), "A temporary password has been issued and the user's sessions ended."));

    let role_items: Vec<CheckboxItem> = dir.roles.iter().map(|r| CheckboxItem { value: r.slug.clone(), label: r.label.clone() }).collect();
    let team_items: Vec<CheckboxItem> = dir.teams.iter().filter(|t| t.active).map(|t| CheckboxItem { value: t.id.clone(), label: t.name.clone() }).collect();
    let heading = if is_new { "Add a user".to_string() } else { format!("Edit {}", display_name.get_untracked()) };

    view! {
        <Title text=heading.clone()/>
        <a class="govuk-back-link" href="/staff/admin/users">"Back to users"</a>
        {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
        {move || notice.get().map(|n| view! { <crate::components::SuccessBanner message=n testid="user-saved"/> })}
        {move || temporary.get().map(|t| view! {
            <div class="govuk-panel govuk-panel--confirmation" data-testid="temporary-password">
                <h2 class="govuk-panel__title">"Temporary password"</h2>
                <div class="govuk-panel__body"><code>{t}</code></div>
            </div>
            <p class="govuk-body">"Give this to the user in person or by phone. It is shown only once; they must choose their own password when they first sign in."</p>
        })}
        <ErrorSummary errors=errors/>
        <h1 class="govuk-heading-l">{heading}</h1>
        <form novalidate on:submit=move |ev| {
            ev.prevent_default();
            save.dispatch(AdminSaveUser {
                id: saved_id.get_untracked(),
                username: username.get_untracked(),
                display_name: display_name.get_untracked(),
                email: email.get_untracked(),
                roles: roles.get_untracked(),
                team_ids: teams.get_untracked(),
            });
        }>
            {if is_new {
                view! { <TextInput id="username" label="Username" value=username errors=errors width_class="govuk-!-width-one-half" spellcheck_off=true
                    hint="Letters, numbers, full stops, hyphens and underscores. Used to sign in."/> }.into_any()
            } else {
                view! {
                    <dl class="govuk-summary-list">
                        <div class="govuk-summary-list__row">
                            <dt class="govuk-summary-list__key">"Username"</dt>
                            <dd class="govuk-summary-list__value">{username.get_untracked()}</dd>
                        </div>
                    </dl>
                }.into_any()
            }}
            <TextInput id="display_name" label="Full name" value=display_name errors=errors width_class="govuk-!-width-two-thirds" autocomplete="off"/>
            <TextInput id="email" label="Work email address (optional)" value=email errors=errors input_type="email" width_class="govuk-!-width-two-thirds" spellcheck_off=true/>
            <Checkboxes id="roles" legend="Roles" items=role_items chosen=roles errors=errors hint="Select all that apply. A user can hold several roles."/>
            <Checkboxes id="teams" legend="Teams" items=team_items chosen=teams errors=errors hint="Work assigned to a team appears in its members' worklists."/>
            <button type="submit" class="govuk-button" data-testid="save-user" disabled=move || save.pending().get()>"Save user"</button>
            <DraftStatus state=draft/>
        </form>
        {(!is_new && !is_me).then(|| view! {
            <h2 class="govuk-heading-m">"Account"</h2>
            <div class="govuk-button-group">
                <button type="button" class="govuk-button govuk-button--secondary" data-testid="toggle-active"
                    on:click=move |_| { set_active.dispatch(AdminSetUserActive { id: saved_id.get_untracked(), active: !active.get_untracked() }); }>
                    {move || if active.get() { "Disable account" } else { "Enable account" }}
                </button>
                <button type="button" class="govuk-button govuk-button--warning" data-testid="reset-password"
                    on:click=move |_| { reset.dispatch(AdminResetPassword { id: saved_id.get_untracked() }); }>
                    "Issue a temporary password"
                </button>
            </div>
        })}
    }
    .into_any()
}
