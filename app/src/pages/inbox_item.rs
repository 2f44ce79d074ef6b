//! One e-mail in the CASS inbox: the message and its attachments (downloads are audited), take
//! and release, and the Business Support filter's decision form (seed 000). The server runs the
//! filter rule again; its refusals come back in the GOV.UK error summary with everything kept.

use crate::api::inbox::{inbox_draft_key, inbox_item, DecideForm, PersonChoice, DecideOutcome, InboxDecide, InboxItemView, InboxRelease, InboxTake, TakeOutcome};
use crate::components::chosen_children::ChosenChildren;
use crate::components::drafts::{forget_local, keep_draft_into, DraftPlace, DraftState, DraftStatus};
use crate::components::{ErrorNotice, ErrorSummary, SuccessBanner, TextArea, TextInput};
use domain::inbox::FilterStep;
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Only an online Request for Support goes to the Early Help desk from the filter (an EHA sent by
/// e-mail is keyed in on the desk).
const EARLY_HELP_DESK: &str = "send_to_early_help_desk";

/// The choices at each step, as (value, label, hint).
fn choices(step: FilterStep) -> &'static [(&'static str, &'static str, &'static str)] {
    match step {
        FilterStep::Filter => &[
            ("redirect", "Redirect to the allocated worker", "A child's case is open with an allocated worker"),
            ("signpost", "Signpost: not for CASS", "Record the reply sent"),
            ("create_contact", "Create a contact", "The children's cases are closed or unknown: the contact goes to the TM/SP worklist"),
            ("send_for_review", "Send to an RAO or TM/SP", "A child or sibling was open in the last 4 weeks: they decide whether a contact is needed"),
            (EARLY_HELP_DESK, "Send to the Early Help desk as an EHA", "An online request for early help: the desk checks consent and the EHA's mandatory fields"),
        ],
        FilterStep::Review => &[
            ("create_contact", "A contact is needed", "The contact goes to the TM/SP worklist"),
            ("no_contact", "No contact is needed", "Say why"),
            ("redirect", "Redirect to the allocated worker", "A child's case is open with an allocated worker"),
            ("signpost", "Signpost: not for CASS", "Record the reply sent"),
        ],
    }
}

/// What the worker has chosen so far. Created by the page, outside the part that is fetched
/// again, so nothing typed is lost when the server sends the form back.
#[derive(Clone, Copy)]
struct Typed {
    choice: RwSignal<String>,
    worker: RwSignal<String>,
    reply: RwSignal<String>,
    reason: RwSignal<String>,
    case_open: RwSignal<bool>,
    children: RwSignal<Vec<String>>,
    names: RwSignal<Vec<PersonChoice>>,
    /// The form has been shown and filled from the item: keeping a draft starts here.
    filled: RwSignal<bool>,
}

/// What a draft of the decision holds.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct DecisionDraft {
    choice: String,
    worker: String,
    reply: String,
    reason: String,
    case_open: bool,
    children: Vec<String>,
    names: Vec<PersonChoice>,
}

impl Typed {
    fn new() -> Self {
        Typed {
            choice: RwSignal::new(String::new()),
            worker: RwSignal::new(String::new()),
            reply: RwSignal::new(String::new()),
            reason: RwSignal::new(String::new()),
            case_open: RwSignal::new(false),
            children: RwSignal::new(Vec::new()),
            names: RwSignal::new(Vec::new()),
            filled: RwSignal::new(false),
        }
    }

    fn snapshot(&self) -> DecisionDraft {
        DecisionDraft {
            choice: self.choice.get(),
            worker: self.worker.get(),
            reply: self.reply.get(),
            reason: self.reason.get(),
            case_open: self.case_open.get(),
            children: self.children.get(),
            names: self.names.get(),
        }
    }

    fn restore(&self, d: DecisionDraft) {
        self.choice.set(d.choice);
        self.worker.set(d.worker);
        self.reply.set(d.reply);
        self.reason.set(d.reason);
        self.case_open.set(d.case_open);
        self.children.set(d.children);
        self.names.set(d.names);
    }
}

#[component]
fn DecisionForm(item: InboxItemView, typed: Typed, decide: ServerAction<InboxDecide>, errors: RwSignal<Vec<FieldError>>, draft: RwSignal<DraftState>) -> impl IntoView {
    let Typed { choice, worker, reply, reason, case_open, children, names, filled } = typed;
    // An online request names its child already: chosen to begin with, and can be changed.
    if children.get_untracked().is_empty() && !item.children.is_empty() {
        children.set(item.children.iter().map(|c| c.id.clone()).collect());
        names.set(item.children.clone());
    }
    filled.set(true);
    let noun = if item.online { "request" } else { "e-mail" };
    let id = StoredValue::new(item.id.clone());
    let choice_error = Memo::new(move |_| errors.get().iter().find(|e| e.field == "choice").map(|e| e.message.clone()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        decide.dispatch(InboxDecide {
            form: DecideForm {
                item_id: id.get_value(),
                choice: choice.get_untracked(),
                worker: worker.get_untracked(),
                reply: reply.get_untracked(),
                reason: reason.get_untracked(),
                case_open: case_open.get_untracked(),
                children: children.get_untracked(),
            },
        });
    };
    view! {
        <form data-testid="decide-form" on:submit=submit>
            <h2 class="govuk-heading-m">{if item.step == FilterStep::Review { "Decide whether a contact is needed".to_string() } else { format!("Filter this {noun}") }}</h2>
            <ChosenChildren chosen=children names=names errors=errors/>
            <div class="govuk-form-group">
                <div class="govuk-checkboxes govuk-checkboxes--small">
                    <div class="govuk-checkboxes__item">
                        <input class="govuk-checkboxes__input" id="case_open" type="checkbox" prop:checked=move || case_open.get()
                            on:change=move |ev| case_open.set(event_target_checked(&ev))/>
                        <label class="govuk-label govuk-checkboxes__label" for="case_open">"The case system shows a child's case open with an allocated worker"</label>
                    </div>
                </div>
            </div>
            <div class=move || if choice_error.get().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" } id="choice">
                <fieldset class="govuk-fieldset">
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{format!("What happens to this {noun}?")}</legend>
                    {move || choice_error.get().map(|m| view! { <p class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{m}</p> })}
                    <div class="govuk-radios">
                        {choices(item.step).iter().filter(|(value, ..)| item.online || *value != EARLY_HELP_DESK).map(|(value, label, hint)| {
                            let input_id = format!("choice-{value}");
                            view! {
                                <div class="govuk-radios__item">
                                    <input class="govuk-radios__input" id=input_id.clone() name="choice" type="radio" value=*value
                                        prop:checked=move || choice.get() == *value
                                        on:change=move |_| choice.set(value.to_string())/>
                                    <label class="govuk-label govuk-radios__label" for=input_id>{*label}</label>
                                    <div class="govuk-hint govuk-radios__hint">{*hint}</div>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            </div>
            <Show when=move || choice.get() == "redirect">
                <TextInput id="worker" label="Allocated worker the e-mail was redirected to" value=worker errors=errors/>
            </Show>
            <Show when=move || choice.get() == "signpost">
                <TextArea id="reply" label="Reply sent to the sender" value=reply errors=errors rows=5/>
            </Show>
            <Show when=move || choice.get() == "no_contact">
                <TextArea id="reason" label="Why no contact is needed" value=reason errors=errors rows=4/>
            </Show>
            <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="decide-button">"Save decision"</button>
            <DraftStatus state=draft/>
        </form>
    }
}

#[component]
pub fn InboxItemPage() -> impl IntoView {
    let params = use_params_map();
    let take = ServerAction::<InboxTake>::new();
    let release = ServerAction::<InboxRelease>::new();
    let decide = ServerAction::<InboxDecide>::new();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let notice = RwSignal::new(None::<String>);
    let typed = Typed::new();
    // The decision being typed is kept as a draft from when the form is shown (and filled from
    // the item), so a timeout or a dropped network loses none of it.
    let draft = RwSignal::new(DraftState::Nothing);
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) || !typed.filled.get() {
            return started == Some(true);
        }
        let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
        let place = DraftPlace { form_key: inbox_draft_key(&id), title: "A decision on an inbox item".into(), path: format!("/staff/inbox/{id}"), record_kind: "inbox_item", record_id: id };
        keep_draft_into(place, Signal::derive(move || typed.snapshot()), move |d| typed.restore(d), draft);
        true
    });
    let item = Resource::new(
        move || (params.with(|p| p.get("id").unwrap_or_default()), take.version().get(), release.version().get(), decide.version().get()),
        |(id, ..)| inbox_item(id),
    );
    Effect::new(move |_| {
        if let Some(Ok(TakeOutcome::NotAvailable)) = take.value().get() {
            notice.set(Some("Someone else took this e-mail, or it was decided, in the meantime.".into()));
        }
    });
    Effect::new(move |_| match decide.value().get() {
        Some(Ok(DecideOutcome::Refused { errors: e })) => errors.set(e),
        Some(Ok(DecideOutcome::Stale)) => notice.set(Some("This e-mail was decided by someone else, or you no longer hold it.".into())),
        Some(Ok(DecideOutcome::Done { .. })) => {
            errors.set(Vec::new());
            draft.set(DraftState::Nothing);
            forget_local(&inbox_draft_key(&params.with_untracked(|p| p.get("id").unwrap_or_default())));
        }
        _ => {}
    });
    let failure = move || [take.value().get().and_then(|r| r.err()), release.value().get().and_then(|r| r.err()), decide.value().get().and_then(|r| r.err())]
        .into_iter()
        .flatten()
        .next();
    view! {
        <Title text="Inbox item"/>
        <a href="/staff/inbox" class="govuk-back-link">"Back to the inbox"</a>
        <ErrorSummary errors=errors/>
        {move || failure().map(|e| view! { <ErrorNotice error=e/> })}
        {move || notice.get().map(|m| view! { <div class="govuk-inset-text" data-testid="inbox-notice">{m}</div> })}
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading the e-mail…"</p> }>
            {move || Suspend::new(async move {
                match item.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(v) => {
                        let id = StoredValue::new(v.id.clone());
                        let holder = v.held_by.clone().map(|h| if v.held_by_me { "You".to_string() } else { h });
                        view! {
                            <span class="govuk-caption-l">{v.source_label.clone()}</span>
                            <h1 class="govuk-heading-l" data-testid="inbox-subject">{if v.subject.is_empty() { "(no subject)".to_string() } else { v.subject.clone() }}</h1>
                            {v.contact_id.clone().filter(|_| v.contact_opened).map(|c| view! {
                                <SuccessBanner message=format!("Contact {} created: it is on the TM/SP worklist.", v.contact_reference.clone().unwrap_or_default()) testid="contact-created"/>
                                <p class="govuk-body"><a class="govuk-link" data-testid="contact-link" href=format!("/staff/contacts/{c}")>"Open the contact"</a></p>
                            })}
                            {v.contact_id.clone().filter(|_| v.online && !v.contact_opened).map(|c| view! {
                                <p class="govuk-body" data-testid="online-request-link">"Made on the online Request for Support form. "
                                    <a class="govuk-link" href=format!("/staff/contacts/{c}")>{format!("Read the whole request {}", v.contact_reference.clone().unwrap_or_default())}</a></p>
                            })}
                            <dl class="govuk-summary-list">
                                <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"From"</dt><dd class="govuk-summary-list__value">{v.from.clone()}</dd></div>
                                <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Sent"</dt><dd class="govuk-summary-list__value">{v.sent.clone()}</dd></div>
                                <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Received"</dt><dd class="govuk-summary-list__value">{v.received.clone()}</dd></div>
                                <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Status"</dt><dd class="govuk-summary-list__value" data-testid="inbox-status">{v.status_label.clone()}</dd></div>
                                <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Held by"</dt><dd class="govuk-summary-list__value" data-testid="inbox-holder">{holder.unwrap_or_else(|| "Nobody".into())}</dd></div>
                                {(!v.decision.is_empty()).then(|| view! {
                                    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Decision"</dt>
                                        <dd class="govuk-summary-list__value" data-testid="inbox-decision">{v.decision.clone()}" ("{v.decided_by.clone().unwrap_or_default()}")"</dd></div>
                                })}
                            </dl>
                            <h2 class="govuk-heading-m">"Message"</h2>
                            <div class="govuk-inset-text fd-email-body" data-testid="inbox-body" style="white-space: pre-wrap">{v.body.clone()}</div>
                            {(!v.attachments.is_empty()).then(|| view! {
                                <h2 class="govuk-heading-m">"Attachments"</h2>
                                <ul class="govuk-list" data-testid="attachments">
                                    {v.attachments.iter().map(|a| view! {
                                        <li><a class="govuk-link" rel="external" href=format!("/staff/inbox/attachments/{}", a.id)>{a.file_name.clone()}</a>
                                            {format!(" ({}, {}) – {}", a.content_type, a.size, a.scan)}</li>
                                    }).collect_view()}
                                </ul>
                            })}
                            <div class="govuk-button-group">
                                {v.may_take.then(|| view! {
                                    <button class="govuk-button" data-testid="take" on:click=move |_| { notice.set(None); take.dispatch(InboxTake { id: id.get_value() }); }>{if v.online { "Take this request" } else { "Take this e-mail" }}</button>
                                })}
                                {(v.held_by_me && v.open).then(|| view! {
                                    <button class="govuk-button govuk-button--secondary" data-testid="release" on:click=move |_| { release.dispatch(InboxRelease { id: id.get_value() }); }>"Give it back"</button>
                                })}
                            </div>
                            {(v.open && v.status == "new").then(|| view! {
                                <p class="govuk-body"><a class="govuk-link" data-testid="record-irr" href=format!("/staff/information-requests/new?inbox={}", v.id)>"This is a professional's information request: record it as one"</a></p>
                            })}
                            {(v.held_by_me && v.open).then(|| view! { <DecisionForm item=v.clone() typed=typed decide=decide errors=errors draft=draft/> })}
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
