//! A person's or a contact's record. Opening one outside your worklists asks for a reason first
//! (break-glass); nothing about the record is sent to the browser until the reason is accepted.

use crate::api::records::{open_record, OpenRecord, RecordBody, RecordOutcome};
use crate::components::{ErrorNotice, ErrorSummary, TextArea};
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PersonPage() -> impl IntoView {
    view! { <RecordPage kind="person"/> }
}

#[component]
pub fn ContactPage() -> impl IntoView {
    view! { <RecordPage kind="contact"/> }
}

#[component]
fn RecordPage(kind: &'static str) -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let first = Resource::new(move || id.get(), move |id| open_record(kind.to_string(), id, String::new()));
    let with_reason = ServerAction::<OpenRecord>::new();
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());

    Effect::new(move |_| {
        if let Some(Ok(RecordOutcome::Invalid { errors: e })) = with_reason.value().get() {
            errors.set(e);
        }
    });

    // Set by a change made on the page; lives here so it survives the record being fetched again.
    let notice = RwSignal::new(None::<String>);
    let refresh = Callback::new(move |_: ()| {
        notice.set(Some("The level has been recorded.".to_string()));
        first.refetch();
    });
    let step_done = Callback::new(move |message: String| {
        notice.set(Some(message));
        first.refetch();
    });
    let render = move |outcome: Result<RecordOutcome, crate::error::AppError>| -> AnyView {
        match outcome {
            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
            Ok(RecordOutcome::Opened { body, reason, can_view_access_history }) => {
                view! { <RecordView body=body reason=reason can_view_access_history=can_view_access_history refresh=refresh step_done=step_done/> }.into_any()
            }
            Ok(RecordOutcome::ReasonRequired) | Ok(RecordOutcome::Invalid { .. }) => view! {
                <Title text=move || if errors.get().is_empty() { "Give a reason".to_string() } else { "Error: Give a reason".to_string() }/>
                <ErrorSummary errors=errors/>
                <h1 class="govuk-heading-l">"This record is not in your worklists"</h1>
                <div class="govuk-warning-text">
                    <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                    <strong class="govuk-warning-text__text">
                        <span class="govuk-visually-hidden">"Warning"</span>
                        "You can open it, but you must say why. Your name, the time and your reason are recorded and your managers can see them."
                    </strong>
                </div>
                <form data-testid="break-glass-form" on:submit=move |ev| {
                    ev.prevent_default();
                    with_reason.dispatch(OpenRecord { kind: kind.to_string(), id: id.get_untracked(), reason: reason.get_untracked() });
                }>
                    <TextArea id="reason" label="Why do you need to open this record?" value=reason errors=errors
                        hint="For example: the police have asked for a welfare check on this child today" rows=3/>
                    <div class="govuk-button-group">
                        <button type="submit" class="govuk-button">"Open the record"</button>
                        <a class="govuk-link" href="/staff">"Cancel"</a>
                    </div>
                </form>
            }
            .into_any(),
        }
    };

    view! {
        // The page has a title before the record arrives (its own, the person's name or the
        // contact's reference, follows from inside the Suspense): WCAG 2.4.2.
        <Title text=if kind == "person" { "Person record" } else { "Contact record" }/>
        {move || notice.get().map(|n| view! { <crate::components::SuccessBanner message=n testid="decision-recorded"/> })}
        <Suspense fallback=|| view! { <p class="govuk-body">"Opening the record…"</p> }>
            {move || Suspend::new(async move {
                let initial = first.await;
                // Once the record opens by itself (in worklists, or a reason given earlier in
                // this session) the fresh fetch wins over the break-glass answer.
                match (&initial, with_reason.value().get()) {
                    (Ok(RecordOutcome::Opened { .. }), _) => render(initial),
                    (_, Some(Ok(opened @ RecordOutcome::Opened { .. }))) => render(Ok(opened)),
                    (_, Some(Err(e))) => render(Err(e)),
                    _ => render(initial),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RecordView(body: RecordBody, reason: Option<String>, can_view_access_history: bool, refresh: Callback<()>, step_done: Callback<String>) -> impl IntoView {
    let (kind, id) = match &body {
        RecordBody::Person(p) => ("person", p.id.clone()),
        RecordBody::Contact(c) => ("contact", c.id.clone()),
    };
    let history_href = format!("/staff/records/{kind}/{id}/access-history");
    provide_context(crate::components::return_interviews::NotesChanged(RwSignal::new(0)));
    view! {
        {reason.map(|r| view! {
            <div class="govuk-inset-text" data-testid="break-glass-reason">"You opened this record outside your worklists. Your reason: " {r}</div>
        })}
        {match body {
            RecordBody::Person(p) => view! {
                <Title text=p.name.clone()/>
                <span class="govuk-caption-l">"Person"</span>
                <h1 class="govuk-heading-l" data-testid="record-heading">{p.name.clone()}</h1>
                <crate::components::PrintButton/>
                <dl class="govuk-summary-list">
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Date of birth"</dt>
                        <dd class="govuk-summary-list__value">{p.date_of_birth.unwrap_or_else(|| "Not known".into())}</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Address"</dt>
                        <dd class="govuk-summary-list__value">{p.address}<br/>{p.postcode}</dd>
                    </div>
                </dl>
                <p class="govuk-body"><a class="govuk-link" href=format!("/staff/people/{}/chronology", p.id) data-testid="chronology-link">"Chronology"</a></p>
                <h2 class="govuk-heading-m">"Contacts"</h2>
                <ul class="govuk-list">
                    {p.contacts.into_iter().map(|c| view! {
                        <li>
                            <a class="govuk-link" href=format!("/staff/contacts/{}", c.id)>{c.reference}</a>
                            " — " {c.summary} " "
                            <span class="fd-meta">{format!("({}, received {})", c.status, c.received)}</span>
                        </li>
                    }).collect_view()}
                </ul>
                <crate::components::person_index::PersonIndexSection person_id=p.id.clone()/>
                <crate::components::return_interviews::ReturnInterviews person_id=p.id.clone()/>
                <crate::components::case_notes::CaseNotes person_id=p.id.clone()/>
            }
            .into_any(),
            RecordBody::Contact(c) => view! {
                <Title text=format!("Contact {}", c.reference)/>
                <span class="govuk-caption-l">"Contact"</span>
                <h1 class="govuk-heading-l" data-testid="record-heading">{c.reference.clone()}</h1>
                <crate::components::PrintButton/>
                {match c.workflow.clone().filter(|w| !w.items.is_empty()) {
                    Some(wf) => view! { <crate::components::workflow_panel::WorkflowPanel contact_id=c.id.clone() wf=wf on_done=step_done/> }.into_any(),
                    None => view! {
                        <dl class="govuk-summary-list">
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">"Child"</dt>
                                <dd class="govuk-summary-list__value"><a class="govuk-link" href=format!("/staff/people/{}", c.person_id)>{c.person_name.clone()}</a></dd>
                            </div>
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">"Concern"</dt>
                                <dd class="govuk-summary-list__value">{c.summary.clone()}</dd>
                            </div>
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">"Status"</dt>
                                <dd class="govuk-summary-list__value"><strong class="govuk-tag">{c.status.clone()}</strong></dd>
                            </div>
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">"Worklist"</dt>
                                <dd class="govuk-summary-list__value">{c.assigned_to.clone()}</dd>
                            </div>
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">"Received"</dt>
                                <dd class="govuk-summary-list__value">{c.received.clone()}</dd>
                            </div>
                        </dl>
                    }.into_any(),
                }}
                <h2 class="govuk-heading-m">"Threshold decisions"</h2>
                {if c.decisions.is_empty() {
                    view! { <p class="govuk-body" data-testid="no-decisions">"No level has been recorded yet."</p> }.into_any()
                } else {
                    view! {
                        <div class="fd-table-scroll">
                            <table class="govuk-table" data-testid="decisions">
                                <crate::components::TableHead columns=&["Level", "Guidance suggested", "Rationale", "By", "Rules used"]/>
                                <tbody class="govuk-table__body">
                                    {c.decisions.into_iter().map(|d| view! {
                                        <tr class="govuk-table__row">
                                            <td class="govuk-table__cell"><strong>{d.level}</strong>
                                                {d.previous_level.map(|p| view! { <br/><span class="fd-meta">{format!("was {p}")}</span> })}</td>
                                            <td class="govuk-table__cell">{d.suggested}</td>
                                            <td class="govuk-table__cell">{d.rationale}
                                                {d.departure_reason.map(|r| view! { <br/><span class="fd-meta">{format!("Departing from the suggestion: {r}")}</span> })}</td>
                                            <td class="govuk-table__cell">{d.decided_by}<br/><span class="fd-meta">{d.decided_at}</span></td>
                                            <td class="govuk-table__cell">
                                                <a class="govuk-link" href=format!("/staff/rules/framework/{}", d.framework_version)>{d.framework_version.clone()}</a><br/>
                                                <a class="govuk-link" href=format!("/staff/rules/scripts/{}", d.scripts_version)>{d.scripts_version.clone()}</a>
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
                {(c.can_decide_level && c.workflow.as_ref().is_none_or(|w| w.items.is_empty())).then(|| view! {
                    <crate::components::guided_decision::LevelDecisionForm contact_id=c.id.clone() on_recorded=refresh/>
                })}
                <crate::components::communications::ContactCommunications contact_id=c.id.clone()/>
                <crate::components::case_notes::CaseNotes contact_id=c.id.clone()/>
            }
            .into_any(),
        }}
        {can_view_access_history.then(|| view! {
            <p class="govuk-body"><a class="govuk-link" href=history_href.clone() data-testid="access-history-link">"Access history"</a></p>
        })}
    }
}
