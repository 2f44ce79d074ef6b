//! The call console (issue 5 point 1; seed 000 "CASS Phone line", seed 001): start a call,
//! record the caller, the children and the concern while talking, follow the essential
//! questions with the RHRT guidance beside them, and end the call with its outcome. Keyboard
//! first: every control is reachable with Tab, and Alt with a letter jumps to each part.
//! Everything typed is kept as it is typed: saved to the contact, and as a draft in the browser
//! for a dropped network.

use crate::api::calls::{check_call_details, CallDetails, SaveCallOutcome, StartCall, StartCallOutcome};
use crate::api::records::{open_record, RecordBody, RecordOutcome};
use crate::api::workflow::WorkflowView;
use crate::components::drafts::{keep_draft, DraftPlace, DraftStatus};
use crate::components::workflow_step::WorkflowStep;
use crate::components::{go_to, ErrorNotice, ErrorSummary, SuccessBanner, TextArea, TextInput};
use domain::rules::CallerKind;
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/staff/calls/new`: who is calling?
#[component]
pub fn NewCallPage() -> impl IntoView {
    let kind = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let start = ServerAction::<StartCall>::new();
    Effect::new(move |_| match start.value().get() {
        Some(Ok(StartCallOutcome::Started { contact_id })) => go_to(&format!("/staff/calls/{contact_id}")),
        Some(Ok(StartCallOutcome::Refused { errors: e })) => errors.set(e),
        Some(Err(e)) => errors.set(vec![FieldError::new("caller_kind", e.to_string())]),
        None => {}
    });
    view! {
        <Title text="Take a call"/>
        <ErrorSummary errors=errors/>
        <h1 class="govuk-heading-l">"Take a call"</h1>
        <form on:submit=move |ev| {
            ev.prevent_default();
            if kind.get_untracked().is_empty() {
                errors.set(vec![FieldError::new("caller_kind", "Choose who is calling")]);
                return;
            }
            start.dispatch(StartCall { caller_kind: kind.get_untracked() });
        }>
            <div class=move || if errors.get().is_empty() { "govuk-form-group" } else { "govuk-form-group govuk-form-group--error" }>
                <fieldset class="govuk-fieldset" id="caller_kind">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">"Who is calling?"</legend>
                    {move || errors.get().first().map(|e| view! { <p class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{e.message.clone()}</p> })}
                    <div class="govuk-radios">
                        {CallerKind::ALL.into_iter().map(|k| {
                            let id = format!("caller_kind-{}", k.slug());
                            view! {
                                <div class="govuk-radios__item">
                                    <input class="govuk-radios__input" id=id.clone() name="caller_kind" type="radio" value=k.slug()
                                        prop:checked=move || kind.get() == k.slug() on:change=move |_| kind.set(k.slug().to_string())/>
                                    <label class="govuk-label govuk-radios__label" for=id>{k.label()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            <button type="submit" class="govuk-button" data-testid="start-call" disabled=move || start.pending().get()>"Start the call"</button>
        </form>
    }
}

/// `/staff/calls/:id`: the console for a call in progress.
#[component]
pub fn CallPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let record = Resource::new(move || id.get(), |id| open_record("contact".into(), id, String::new()));
    let notice = RwSignal::new(None::<String>);
    let done = Callback::new(move |m: String| {
        notice.set(Some(m));
        record.refetch();
    });
    view! {
        <Title text="Call"/>
        {move || notice.get().map(|n| view! { <SuccessBanner message=n testid="call-notice"/> })}
        <Suspense fallback=|| view! { <p class="govuk-body">"Opening the call…"</p> }>
            {move || Suspend::new(async move {
                match record.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(RecordOutcome::Opened { body: RecordBody::Contact(c), .. }) => match c.workflow {
                        Some(wf) if wf.status == "call" && wf.mine.is_some() => view! { <Console contact_id=c.id.clone() wf=wf done=done/> }.into_any(),
                        Some(wf) => view! {
                            <h1 class="govuk-heading-l">{format!("Call {}", wf.reference)}</h1>
                            <p class="govuk-body" data-testid="call-ended">"This call is no longer with you. "
                                <a class="govuk-link" href=format!("/staff/contacts/{}", c.id)>"See the contact"</a></p>
                        }.into_any(),
                        None => view! { <ErrorNotice error=crate::error::AppError::NotFound/> }.into_any(),
                    },
                    Ok(_) => view! { <ErrorNotice error=crate::error::AppError::Forbidden/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Console(contact_id: String, wf: WorkflowView, done: Callback<String>) -> impl IntoView {
    let d = wf.details.clone();
    let caller_kind = RwSignal::new(d.caller_kind.clone());
    let summary = RwSignal::new(d.summary.clone());
    let concern = RwSignal::new(d.concern.clone());
    let referrer_name = RwSignal::new(d.referrer_name.clone());
    let referrer_organisation = RwSignal::new(d.referrer_organisation.clone());
    let referrer_role = RwSignal::new(d.referrer_role.clone());
    let referrer_relationship = RwSignal::new(d.referrer_relationship.clone());
    let referrer_phone = RwSignal::new(d.referrer_phone.clone());
    let referrer_email = RwSignal::new(d.referrer_email.clone());
    let contact_source = RwSignal::new(d.contact_source.clone());
    let children = RwSignal::new(wf.children.iter().map(|c| (c.person_id.clone(), c.name.clone())).collect::<Vec<_>>());
    let details = Signal::derive(move || CallDetails {
        caller_kind: caller_kind.get(),
        summary: summary.get(),
        concern: concern.get(),
        referrer_name: referrer_name.get(),
        referrer_organisation: referrer_organisation.get(),
        referrer_role: referrer_role.get(),
        referrer_relationship: referrer_relationship.get(),
        referrer_phone: referrer_phone.get(),
        referrer_email: referrer_email.get(),
        contact_source: contact_source.get(),
        children: children.get().into_iter().map(|(id, _)| id).collect(),
    });
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let draft = keep_draft(
        DraftPlace {
            form_key: format!("call:{contact_id}"),
            title: format!("Call {}", wf.reference),
            path: format!("/staff/calls/{contact_id}"),
            record_kind: "contact",
            record_id: contact_id.clone(),
        },
        details,
        move |r: CallDetails| {
            caller_kind.set(r.caller_kind);
            summary.set(r.summary);
            concern.set(r.concern);
            referrer_name.set(r.referrer_name);
            referrer_organisation.set(r.referrer_organisation);
            referrer_role.set(r.referrer_role);
            referrer_relationship.set(r.referrer_relationship);
            referrer_phone.set(r.referrer_phone);
            referrer_email.set(r.referrer_email);
            contact_source.set(r.contact_source);
        },
    );

    // Saved to the contact a moment after typing stops, so a transfer carries everything.
    let details_version = RwSignal::new(wf.details_version);
    let saved_state = RwSignal::new(String::new());
    let contact = StoredValue::new(contact_id.clone());
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let save_now = move || {
        let d = details.get_untracked();
        let problems = check_call_details(&d);
        if !problems.is_empty() {
            errors.set(problems);
            return;
        }
        errors.set(Vec::new());
        let id = contact.get_value();
        let v = details_version.get_untracked();
        leptos::task::spawn_local(async move {
            match crate::api::calls::save_call(id, v, d).await {
                Ok(SaveCallOutcome::Saved { version }) => {
                    details_version.set(version);
                    saved_state.set("Saved to the contact.".into());
                }
                Ok(SaveCallOutcome::Refused { errors: e }) => errors.set(e),
                Ok(SaveCallOutcome::Stale { message }) => saved_state.set(message),
                Err(_) => saved_state.set("Not saved to the contact yet: no connection. Your words are kept on this computer.".into()),
            }
        });
    };
    Effect::new(move |previous: Option<CallDetails>| {
        let now = details.get();
        if previous.is_some() && previous.as_ref() != Some(&now) {
            if let Some(h) = pending.get_value() {
                h.clear();
            }
            pending.set_value(set_timeout_with_handle(save_now, std::time::Duration::from_millis(1200)).ok());
        }
        now
    });

    // The call timer, from when the call started.
    let started = chrono::DateTime::parse_from_rfc3339(&wf.received_iso).map(|t| t.timestamp_millis()).unwrap_or(0);
    let elapsed = RwSignal::new(String::from("0:00"));
    Effect::new(move |_| {
        let tick = move || {
            let now = js_now();
            let secs = ((now - started).max(0) / 1000) as u64;
            elapsed.set(format!("{}:{:02}", secs / 60, secs % 60));
        };
        tick();
        let _ = set_interval_with_handle(tick, std::time::Duration::from_secs(1));
    });

    let kind = CallerKind::from_slug(&d.caller_kind);
    let keys = move |ev: leptos::ev::KeyboardEvent| {
        if !ev.alt_key() {
            return;
        }
        let target = match ev.key().to_lowercase().as_str() {
            "c" => Some("referrer_name"),
            "h" => Some("children-heading"),
            "n" => Some("concern"),
            "q" => Some("step-heading"),
            _ => None,
        };
        if let Some(id) = target {
            ev.prevent_default();
            focus(id);
        }
        if ev.key().to_lowercase() == "s" {
            ev.prevent_default();
            save_now();
        }
    };
    let sources = domain::codes::CONTACT_SOURCES;
    view! {
        <div class="fd-console" on:keydown=keys data-testid="call-console">
            <div class="fd-console__bar">
                <h1 class="govuk-heading-l govuk-!-margin-bottom-2">{format!("Call {}", wf.reference)}</h1>
                <p class="govuk-body govuk-!-margin-bottom-2">
                    {kind.map(|k| k.label()).unwrap_or("Caller")}" · "
                    <span class="fd-timer" role="timer" aria-label="Call time" data-testid="call-timer">{move || elapsed.get()}</span>
                </p>
                <details class="govuk-details govuk-!-margin-bottom-2">
                    <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Keyboard shortcuts"</span></summary>
                    <div class="govuk-details__text">
                        <ul class="govuk-list">
                            <li>"Alt+C: the caller"</li><li>"Alt+H: the child and family"</li><li>"Alt+N: the concern"</li>
                            <li>"Alt+Q: questions and outcome"</li><li>"Alt+S: save now"</li>
                        </ul>
                    </div>
                </details>
            </div>
            <ErrorSummary errors=errors/>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-one-half">
                    <h2 class="govuk-heading-m">"The caller"</h2>
                    <TextInput id="referrer_name" label="Caller's name" value=referrer_name errors=errors hint="Leave blank if they will not say"/>
                    <TextInput id="referrer_organisation" label="Organisation (professionals)" value=referrer_organisation errors=errors/>
                    <TextInput id="referrer_role" label="Role" value=referrer_role errors=errors/>
                    <TextInput id="referrer_relationship" label="Relationship with the family" value=referrer_relationship errors=errors/>
                    <TextInput id="referrer_phone" label="Phone" value=referrer_phone errors=errors/>
                    <TextInput id="referrer_email" label="Email" value=referrer_email errors=errors/>
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="contact_source">"Contact source"</label>
                        <select class="govuk-select" id="contact_source" name="contact_source" on:change=move |ev| contact_source.set(event_target_value(&ev))>
                            {sources.iter().map(|(code, label)| view! {
                                <option value=*code prop:selected=move || contact_source.get() == *code>{format!("{label} ({code})")}</option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="govuk-grid-column-one-half">
                    <h2 class="govuk-heading-m" id="children-heading" tabindex="-1">"The child and family"</h2>
                    <ul class="govuk-list" data-testid="call-children">
                        {move || children.get().into_iter().map(|(pid, name)| view! {
                            <li>{name.clone()}" "
                                <button type="button" class="fd-link-button" on:click=move |_| children.update(|c| c.retain(|(i, _)| *i != pid))>
                                    "Remove"<span class="govuk-visually-hidden">{format!(" {name}")}</span>
                                </button>
                            </li>
                        }).collect_view()}
                    </ul>
                    <crate::components::person_picker::PersonPicker chosen=children/>
                    <h2 class="govuk-heading-m">"The concern"</h2>
                    <TextInput id="summary" label="Summary (one line)" value=summary errors=errors hint="Shown on worklists" max=crate::api::calls::SUMMARY_MAX/>
                    <TextArea id="concern" label="What the caller is telling you" value=concern errors=errors rows=8/>
                    <p class="govuk-body-s fd-meta" aria-live="polite" data-testid="call-saved">{move || saved_state.get()}</p>
                    <DraftStatus state=draft/>
                    <button type="button" class="govuk-button govuk-button--secondary" data-testid="save-call" on:click=move |_| save_now()>"Save now"</button>
                </div>
            </div>
            <WorkflowStep contact_id=contact_id.clone() view=wf.clone() on_done=done caller_kind=kind/>
        </div>
    }
}

fn focus(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

pub(crate) fn js_now() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys_now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        chrono::Utc::now().timestamp_millis()
    }
}

#[cfg(feature = "hydrate")]
fn js_sys_now() -> i64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| (p.time_origin() + p.now()) as i64).unwrap_or(0)
}

/// `/staff/hand-back`: the Emergency Duty Team hands a case back to CASS (seed 000).
#[component]
pub fn HandBackPage() -> impl IntoView {
    use crate::api::calls::{HandBack, HandBackOutcome};
    let summary = RwSignal::new(String::new());
    let concern = RwSignal::new(String::new());
    let referrer_phone = RwSignal::new(String::new());
    let referrer_email = RwSignal::new(String::new());
    let children = RwSignal::new(Vec::<(String, String)>::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let details = Signal::derive(move || CallDetails {
        caller_kind: "professional".into(),
        summary: summary.get(),
        concern: concern.get(),
        referrer_phone: referrer_phone.get(),
        referrer_email: referrer_email.get(),
        contact_source: "5A".into(),
        children: children.get().into_iter().map(|(id, _)| id).collect(),
        ..CallDetails::default()
    });
    let draft = keep_draft(
        DraftPlace { form_key: "hand_back".into(), title: "Hand back to CASS".into(), path: "/staff/hand-back".into(), record_kind: "contact", record_id: String::new() },
        details,
        move |d: CallDetails| {
            summary.set(d.summary);
            concern.set(d.concern);
            referrer_phone.set(d.referrer_phone);
            referrer_email.set(d.referrer_email);
        },
    );
    let send = ServerAction::<HandBack>::new();
    Effect::new(move |_| match send.value().get() {
        Some(Ok(HandBackOutcome::Created { contact_id, .. })) => {
            crate::components::drafts::forget_local("hand_back");
            go_to(&format!("/staff/contacts/{contact_id}"));
        }
        Some(Ok(HandBackOutcome::Refused { errors: e })) => errors.set(e),
        Some(Err(e)) => errors.set(vec![FieldError::new("summary", e.to_string())]),
        None => {}
    });
    view! {
        <Title text="Hand back to CASS"/>
        <ErrorSummary errors=errors/>
        <h1 class="govuk-heading-l">"Hand a case back to CASS"</h1>
        <p class="govuk-body">"When further action is needed after the out-of-hours service, CASS takes the case on: a Team Manager or Senior Practitioner analyses it first thing."</p>
        <form novalidate on:submit=move |ev| { ev.prevent_default(); send.dispatch(HandBack { details: details.get_untracked() }); }>
            <h2 class="govuk-heading-m" id="children">"The child and family"</h2>
            <ul class="govuk-list" data-testid="hand-back-children">
                {move || children.get().into_iter().map(|(_, name)| view! { <li>{name}</li> }).collect_view()}
            </ul>
            <crate::components::person_picker::PersonPicker chosen=children/>
            <TextInput id="summary" label="Summary (one line)" value=summary errors=errors max=crate::api::calls::SUMMARY_MAX/>
            <TextArea id="concern" label="What happened out of hours, and what CASS needs to do" value=concern errors=errors rows=8/>
            <TextInput id="referrer_phone" label="Your phone (optional)" value=referrer_phone errors=errors/>
            <TextInput id="referrer_email" label="Your email (optional)" value=referrer_email errors=errors/>
            <DraftStatus state=draft/>
            <button type="submit" class="govuk-button" data-testid="hand-back" disabled=move || send.pending().get()>"Hand back to CASS"</button>
        </form>
    }
}
