//! Administration of the rules: upload a new framework or script version (validated, every
//! problem listed), activate it, and add one-off non-working days to the calendar.

use crate::api::rules::{added_days, rule_versions, AdminActivateRules, AdminAddDay, AdminRemoveDay, AdminUploadRules, DayOutcome, UploadOutcome, ADDED_DAY_DRAFT_KEY};
use crate::components::drafts::{keep_draft, DraftPlace, DraftStatus};
use crate::components::{ErrorNotice, ErrorSummary, TextArea, TextInput};
use crate::pages::rules::VersionTable;
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AdminRulesPage() -> impl IntoView {
    let upload = ServerAction::<AdminUploadRules>::new();
    let activate = ServerAction::<AdminActivateRules>::new();
    let versions = Resource::new(move || (upload.version().get(), activate.version().get()), |_| rule_versions());
    let kind = RwSignal::new("framework".to_string());
    let content = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let notice = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None);

    let handle = move |v: Option<Result<UploadOutcome, crate::error::AppError>>, verb: &'static str| match v {
        Some(Ok(UploadOutcome::Saved { version, .. })) => {
            errors.set(Vec::new());
            if verb == "Uploaded" {
                content.set(String::new());
            }
            notice.set(Some(format!("{verb} version {version}.")));
        }
        Some(Ok(UploadOutcome::Invalid { problems })) => {
            notice.set(None);
            errors.set(problems.into_iter().map(|p| FieldError::new("content", p)).collect());
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    };
    Effect::new(move |_| handle(upload.value().get(), "Uploaded"));
    Effect::new(move |_| handle(activate.value().get(), "Activated"));

    let activate_button = Callback::new(move |id: String| {
        view! {
            <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-testid="activate"
                on:click=move |_| { activate.dispatch(AdminActivateRules { id: id.clone() }); }>"Activate"</button>
        }
        .into_any()
    });

    view! {
        <Title text=move || if errors.get().is_empty() { "Rules administration".to_string() } else { "Error: Rules administration".to_string() }/>
        {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
        {move || notice.get().map(|n| view! { <crate::components::SuccessBanner message=n testid="rules-notice"/> })}
        <ErrorSummary errors=errors/>
        <h1 class="govuk-heading-l">"Threshold guidance and scripts"</h1>
        <h2 class="govuk-heading-m">"Upload a new version"</h2>
        <p class="govuk-body">"Upload the JSON file (its format is described in the guidance for administrators). It is checked in full and kept as a draft; nothing changes for staff until you activate it."</p>
        <form novalidate on:submit=move |ev| {
            ev.prevent_default();
            upload.dispatch(AdminUploadRules { kind: kind.get_untracked(), content: content.get_untracked() });
        }>
            <div class="govuk-form-group">
                <fieldset class="govuk-fieldset">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"What are you uploading?"</legend>
                    <div class="govuk-radios govuk-radios--small govuk-radios--inline">
                        <div class="govuk-radios__item">
                            <input class="govuk-radios__input" id="kind-framework" name="kind" type="radio" value="framework"
                                prop:checked=move || kind.get() == "framework" on:change=move |_| kind.set("framework".into())/>
                            <label class="govuk-label govuk-radios__label" for="kind-framework">"Threshold framework"</label>
                        </div>
                        <div class="govuk-radios__item">
                            <input class="govuk-radios__input" id="kind-scripts" name="kind" type="radio" value="scripts"
                                prop:checked=move || kind.get() == "scripts" on:change=move |_| kind.set("scripts".into())/>
                            <label class="govuk-label govuk-radios__label" for="kind-scripts">"Scripts"</label>
                        </div>
                    </div>
                </fieldset>
            </div>
            <div class="govuk-form-group">
                <label class="govuk-label" for="file">"Choose the file"</label>
                <input class="govuk-file-upload" id="file" type="file" accept=".json,application/json"
                    on:change=move |ev| read_file_into(ev, content)/>
            </div>
            <TextArea id="content" label="Or paste its contents" value=content errors=errors rows=8/>
            <button type="submit" class="govuk-button" data-testid="upload" disabled=move || upload.pending().get()>"Upload and check"</button>
        </form>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match versions.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(v) => view! {
                        <p class="govuk-body">{format!("In force: framework {}, scripts {}.", v.framework_in_force, v.scripts_in_force)}</p>
                        <VersionTable caption="Framework versions" kind="framework" rows=v.framework actions=activate_button/>
                        <VersionTable caption="Script versions" kind="scripts" rows=v.scripts actions=activate_button/>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
        <AddedDays/>
    }
}

/// Reads a chosen file's text into `into` (in the browser only).
fn read_file_into(ev: leptos::ev::Event, into: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let file = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        if let Some(file) = file {
            leptos::task::spawn_local(async move {
                if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                    if let Some(text) = text.as_string() {
                        into.set(text);
                    }
                }
            });
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, into);
}

#[component]
fn AddedDays() -> impl IntoView {
    let add = ServerAction::<AdminAddDay>::new();
    let remove = ServerAction::<AdminRemoveDay>::new();
    let days = Resource::new(move || (add.version().get(), remove.version().get()), |_| added_days());
    let (day, month, year, title) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    // Emptied when the day is added, which also drops the draft.
    let draft = keep_draft(
        DraftPlace { form_key: ADDED_DAY_DRAFT_KEY.into(), title: "A non-working day".into(), path: "/staff/admin/rules#calendar".into(), record_kind: "", record_id: String::new() },
        Signal::derive(move || [day, month, year, title].map(|s| s.get()).to_vec()),
        move |values: Vec<String>| {
            for (s, v) in [day, month, year, title].into_iter().zip(values) {
                s.set(v);
            }
        },
    );
    Effect::new(move |_| match add.value().get() {
        Some(Ok(DayOutcome::Saved)) => {
            errors.set(Vec::new());
            for s in [day, month, year, title] {
                s.set(String::new());
            }
        }
        Some(Ok(DayOutcome::Invalid { errors: e })) => errors.set(e),
        _ => {}
    });
    let date_error = Memo::new(move |_| errors.get().into_iter().find(|e| e.field == "day-day").map(|e| e.message));
    view! {
        <h2 class="govuk-heading-m" id="calendar">"Non-working days added to the calendar"</h2>
        <p class="govuk-body">"Bank holidays for England and Wales are built in. Add a one-off day (for example a royal event announced at short notice) and every deadline computed afterwards skips it."</p>
        <ErrorSummary errors=errors/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match days.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="govuk-body" data-testid="no-added-days">"No days have been added."</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="govuk-list" data-testid="added-days">
                            {list.into_iter().map(|d| {
                                let date = d.date.clone();
                                view! {
                                    <li>{format!("{}: {} ", d.label, d.title)}
                                        <button type="button" class="fd-link-button" on:click=move |_| { remove.dispatch(AdminRemoveDay { date: date.clone() }); }>
                                            "Remove" <span class="govuk-visually-hidden">{format!(" {}", d.label)}</span>
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
        <form novalidate on:submit=move |ev| {
            ev.prevent_default();
            add.dispatch(AdminAddDay { day: day.get_untracked(), month: month.get_untracked(), year: year.get_untracked(), title: title.get_untracked() });
        }>
            <div class=move || if date_error.get().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                <fieldset class="govuk-fieldset" role="group" aria-describedby="day-hint">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Date"</legend>
                    <div class="govuk-hint" id="day-hint">"For example, 8 5 2027"</div>
                    {move || date_error.get().map(|m| view! { <p class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{m}</p> })}
                    <div class="govuk-date-input" id="day">
                        {[("day-day", "Day", day, "govuk-input--width-2"), ("day-month", "Month", month, "govuk-input--width-2"), ("day-year", "Year", year, "govuk-input--width-4")]
                            .into_iter()
                            .map(|(id, label, sig, w)| view! {
                                <div class="govuk-date-input__item">
                                    <div class="govuk-form-group">
                                        <label class="govuk-label govuk-date-input__label" for=id>{label}</label>
                                        <input class=move || format!("govuk-input govuk-date-input__input {w}{}", if date_error.get().is_some() { " govuk-input--error" } else { "" })
                                            id=id name=id type="text" inputmode="numeric" prop:value=move || sig.get() on:input=move |ev| sig.set(event_target_value(&ev))/>
                                    </div>
                                </div>
                            })
                            .collect_view()}
                    </div>
                </fieldset>
            </div>
            <TextInput id="title" label="What is the day?" value=title errors=errors width_class="govuk-!-width-two-thirds"/>
            <button type="submit" class="govuk-button govuk-button--secondary" data-testid="add-day">"Add day"</button>
            <DraftStatus state=draft/>
        </form>
    }
}
