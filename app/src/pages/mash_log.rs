//! The MASH Log at the Early Help desk (seed 003 §8): open notifications Red first with each
//! response clock's red/amber/green state in words, recording a notification (the MASH team),
//! and one notification with the TYS and Early Help representatives' parts, the return to the
//! MASH team, the MASH discussion and the Green-after-MASH log. The server re-runs every rule;
//! its refusals come back in the error summary, and every form keeps a draft as it is typed.

use crate::api::mash_notifications::*;
use crate::components::drafts::{forget_local, keep_draft, DraftPlace, DraftStatus};
use crate::components::govuk::TableHead;
use crate::components::{ErrorNotice, ErrorSummary, SuccessBanner, TextArea, TextInput};
use crate::error::AppError;
use domain::mash_notifications::{part_words, LoggedOutcome, NotificationKind, Priority, ResponsePart, MAX_SHORT, MAX_SUMMARY};
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// The rating's tag: its colour and, always, its name.
fn priority_tag(slug: &str, label: String) -> impl IntoView {
    let class = Priority::from_slug(slug).map(|p| p.tag_class()).unwrap_or("govuk-tag govuk-tag--grey");
    view! { <strong class=class data-testid="mash-priority">{label}</strong> }
}

/// A response clock: the state's tag in words, when, and how long is left or how late it is.
fn due_cell(due: Option<DueView>, responded: Option<String>) -> impl IntoView {
    match (due, responded) {
        (Some(d), _) => {
            let class = match d.rag.as_str() {
                "red" => "govuk-tag govuk-tag--red",
                "amber" => "govuk-tag govuk-tag--orange",
                _ => "govuk-tag govuk-tag--green",
            };
            view! {
                <strong class=class data-testid="mash-due-state">{d.rag_label}</strong>
                " "<span data-testid="mash-due-text">{d.text}</span>
                <br/><span class="fd-meta">{d.when}</span>
            }
            .into_any()
        }
        (None, Some(r)) => view! { <span>{r}</span> }.into_any(),
        (None, None) => view! { <span>"No response clock"</span> }.into_any(),
    }
}

#[component]
fn LogTable(rows: Vec<LogRow>, #[prop(into)] caption: String, testid: &'static str) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="govuk-body" data-testid=format!("{testid}-empty")>{format!("{caption}: none.")}</p> }.into_any();
    }
    view! {
        <div class="fd-table-scroll">
            <table class="govuk-table" data-testid=testid>
                <caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>
                <TableHead columns=&["Notification", "Child", "Priority", "Received", "Response", "Status"]/>
                <tbody class="govuk-table__body">
                    {rows.into_iter().map(|r| view! {
                        <tr class="govuk-table__row" data-testid="mash-row">
                            <td class="govuk-table__cell">
                                <a class="govuk-link" href=format!("/staff/mash-log/{}", r.id)>{r.reference.clone()}</a>
                                <br/><span class="fd-meta">{r.kind_label.clone()}</span>
                            </td>
                            <td class="govuk-table__cell">{r.child.clone()}</td>
                            <td class="govuk-table__cell">{priority_tag(&r.priority, r.priority_label.clone())}</td>
                            <td class="govuk-table__cell">{r.received.clone()}</td>
                            <td class="govuk-table__cell">{due_cell(r.due.clone(), r.responded.clone())}</td>
                            <td class="govuk-table__cell">{r.status_label.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The MASH Log as the desk monitors it.
#[component]
pub fn MashLogPage() -> impl IntoView {
    let log = Resource::new(|| (), |_| mash_log());
    view! {
        <Title text="MASH Log"/>
        <h1 class="govuk-heading-l" data-testid="mash-heading">"MASH Log"</h1>
        <p class="govuk-body">"Red notifications need a response within 4 hours, Amber within 72 hours. Green notifications go on to the Early Help desk unless they are about domestic abuse."</p>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading the MASH Log…"</p> }>
            {move || Suspend::new(async move {
                match log.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(l) => view! {
                        {l.may_record.then(|| view! { <a class="govuk-button govuk-button--secondary" href="/staff/mash-log/new" data-testid="mash-new-link">"Record a MASH notification"</a> })}
                        <h2 class="govuk-heading-m">"Open notifications"</h2>
                        <LogTable rows=l.open caption="Open, Red first, then the soonest due" testid="mash-open"/>
                        <h2 class="govuk-heading-m">"Recently finished"</h2>
                        <LogTable rows=l.closed caption="Finished or sent on to the Early Help desk" testid="mash-closed"/>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// Radios bound to a signal; the first radio carries the field's id for the error summary.
#[component]
fn Radios(id: &'static str, #[prop(into)] legend: String, choices: Vec<(String, String, String)>, value: RwSignal<String>, #[prop(into)] errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let error = Memo::new(move |_| errors.get().iter().find(|e| e.field == id).map(|e| e.message.clone()));
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class=move || if error.get().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
            <fieldset class="govuk-fieldset" aria-describedby=move || error.get().map(|_| described.clone())>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
                {move || error.get().map(|m| view! { <p class="govuk-error-message" id=error_id.clone()><span class="govuk-visually-hidden">"Error: "</span>{m}</p> })}
                <div class="govuk-radios govuk-radios--small">
                    {choices.into_iter().enumerate().map(|(i, (v, label, hint))| {
                        let input_id = if i == 0 { id.to_string() } else { format!("{id}-{v}") };
                        let hint_id = format!("{input_id}-hint");
                        let (v2, v3) = (v.clone(), v.clone());
                        let has_hint = !hint.is_empty();
                        view! {
                            <div class="govuk-radios__item">
                                <input class="govuk-radios__input" id=input_id.clone() name=id type="radio" value=v.clone() data-testid=format!("{id}-{v}")
                                    aria-describedby=has_hint.then(|| hint_id.clone())
                                    prop:checked=move || value.get() == v2 on:change=move |_| value.set(v3.clone())/>
                                <label class="govuk-label govuk-radios__label" for=input_id>{label}</label>
                                {has_hint.then(|| view! { <div class="govuk-hint govuk-radios__hint" id=hint_id.clone()>{hint.clone()}</div> })}
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

fn kind_choices() -> Vec<(String, String, String)> {
    NotificationKind::ALL
        .iter()
        .map(|k| {
            let hint = if k.is_domestic_abuse() { "The TYS representative checks every Early Help and TYS system and writes the synopsis" } else { "The TYS and Early Help representatives each write a synopsis; Early Help adds a chronology" };
            (k.slug().to_string(), k.label().to_string(), hint.to_string())
        })
        .collect()
}

fn priority_choices(on_receipt: bool) -> Vec<(String, String, String)> {
    Priority::ALL
        .iter()
        .map(|p| {
            let hint = match (p, on_receipt) {
                (Priority::Red, true) => "Response within 4 hours",
                (Priority::Amber, true) => "Response within 72 hours",
                (Priority::Green, true) => "Sent on to the Early Help desk, unless it is a domestic-abuse notification",
                (Priority::Green, false) => "The TYS representative logs it on the Early Help MASH database with its outcome and date",
                _ => "",
            };
            (p.slug().to_string(), p.label().to_string(), hint.to_string())
        })
        .collect()
}

fn consent_choices() -> Vec<(String, String, String)> {
    vec![
        ("yes".into(), "Yes".into(), "The EHA goes on to Triage for the validation checks".into()),
        ("no".into(), "No".into(), "The desk advises the referrer and closes the episode; it may be resubmitted with consent".into()),
    ]
}

/// What the new-notification form holds, kept as a draft.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct NewDraft {
    kind: String,
    priority: String,
    mash_log_reference: String,
    child_name: String,
    child_date_of_birth: String,
    concern: String,
    received_at: String,
    consent: String,
}

/// The MASH team records a notification from the MASH Log. `?person=<id>` links the child's
/// record in the person index.
#[component]
pub fn MashNewPage() -> impl IntoView {
    let query = use_query_map();
    let record = ServerAction::<MashRecord>::new();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<AppError>);
    let [kind, priority, reference, child, dob, concern, received, consent] = [(); 8].map(|_| RwSignal::new(String::new()));
    // Green on receipt, not domestic abuse: it goes on to the Early Help desk as an EHA, whose
    // consent gate needs the answer (the server asks the same, `check_notification`).
    let to_desk = Memo::new(move |_| {
        let k = NotificationKind::from_slug(&kind.get());
        let p = Priority::from_slug(&priority.get());
        matches!((k, p), (Some(k), Some(p)) if domain::mash_notifications::starting_status(k, p) == domain::mash_notifications::NotificationStatus::SentToEarlyHelpDesk)
    });
    let person = Memo::new(move |_| query.with(|q| q.get("person").unwrap_or_default()));
    let draft = keep_draft(
        DraftPlace { form_key: NEW_DRAFT_KEY.into(), title: "A new MASH notification".into(), path: "/staff/mash-log/new".into(), record_kind: "", record_id: String::new() },
        Signal::derive(move || NewDraft {
            kind: kind.get(),
            priority: priority.get(),
            mash_log_reference: reference.get(),
            child_name: child.get(),
            child_date_of_birth: dob.get(),
            concern: concern.get(),
            received_at: received.get(),
            consent: consent.get(),
        }),
        move |d: NewDraft| {
            kind.set(d.kind);
            priority.set(d.priority);
            reference.set(d.mash_log_reference);
            child.set(d.child_name);
            dob.set(d.child_date_of_birth);
            concern.set(d.concern);
            received.set(d.received_at);
            consent.set(d.consent);
        },
    );
    Effect::new(move |_| match record.value().get() {
        Some(Ok(RecordOutcome::Created { id, .. })) => {
            forget_local(NEW_DRAFT_KEY);
            crate::components::go_to(&format!("/staff/mash-log/{id}"))
        }
        Some(Ok(RecordOutcome::Invalid { errors: e })) => errors.set(e),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        record.dispatch(MashRecord {
            kind: kind.get_untracked(),
            priority: priority.get_untracked(),
            mash_log_reference: reference.get_untracked(),
            child_name: child.get_untracked(),
            child_date_of_birth: dob.get_untracked(),
            person_id: person.get_untracked(),
            concern: concern.get_untracked(),
            received_at: received.get_untracked(),
            consent: if to_desk.get_untracked() { consent.get_untracked() } else { String::new() },
        });
    };
    view! {
        <Title text="Record a MASH notification"/>
        <a href="/staff/mash-log" class="govuk-back-link">"Back to the MASH Log"</a>
        <ErrorSummary errors=errors/>
        {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
        <h1 class="govuk-heading-l">"Record a MASH notification"</h1>
        {move || (!person.get().is_empty()).then(|| view! { <div class="govuk-inset-text" data-testid="mash-linked">"This notification will be linked to the child's record you came from."</div> })}
        <form on:submit=submit data-testid="mash-record-form" novalidate>
            <Radios id="kind" legend="Which list on the MASH Log is it from?" choices=kind_choices() value=kind errors=errors/>
            <Radios id="priority" legend="Priority on receipt" choices=priority_choices(true) value=priority errors=errors/>
            <TextInput id="mash_log_reference" label="MASH Log reference (optional)" value=reference errors=errors max=MAX_SHORT width_class="govuk-input--width-20"/>
            <TextInput id="child_name" label="Child's full name" value=child errors=errors max=MAX_SHORT autocomplete="off"/>
            <TextInput id="child_date_of_birth" label="Child's date of birth (optional)" hint="For example, 2015-03-27" value=dob errors=errors width_class="govuk-input--width-10"/>
            <TextArea id="concern" label="What the notification is about" hint=format!("Up to {MAX_SUMMARY} characters") value=concern errors=errors rows=4/>
            <TextInput id="received_at" label="When it was received (optional)" hint="Leave empty if it arrived just now. The response clock starts at this time." value=received errors=errors input_type="datetime-local" width_class="govuk-input--width-20"/>
            {move || to_desk.get().then(|| view! {
                <Radios id="consent" legend="Does the notification record the family's consent to Early Help?" choices=consent_choices() value=consent errors=errors/>
            })}
            <button type="submit" class="govuk-button" data-testid="mash-record-submit">"Record the notification"</button>
            <DraftStatus state=draft/>
        </form>
    }
}

fn summary_row(label: &'static str, value: String) -> impl IntoView {
    (!value.trim().is_empty()).then(|| view! {
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{label}</dt><dd class="govuk-summary-list__value" style="white-space: pre-wrap">{value}</dd></div>
    })
}

/// What a step's answer does to the page: mistakes into the summary, a message into the banner.
fn apply(v: Option<Result<StepOutcome, AppError>>, errors: RwSignal<Vec<FieldError>>, notice: RwSignal<Option<String>>, refusal: RwSignal<Option<String>>, failure: RwSignal<Option<AppError>>) {
    match v {
        Some(Ok(StepOutcome::Done { message })) => {
            errors.set(Vec::new());
            refusal.set(None);
            notice.set(Some(message));
        }
        Some(Ok(StepOutcome::Invalid { errors: e })) => {
            notice.set(None);
            errors.set(e)
        }
        Some(Ok(StepOutcome::Refused { message } | StepOutcome::Stale { message })) => {
            notice.set(None);
            refusal.set(Some(message));
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    }
}

/// One representative's part: what is written, and their form while the desk is answering.
#[component]
fn PartForm(id: String, part: PartView, version: i64, action: ServerAction<MashWrite>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let text = RwSignal::new(part.text.clone());
    let key = format!("{}:{}", draft_key(&id), part.part);
    let field: &'static str = match part.part.as_str() {
        "tys_synopsis" => "tys_synopsis",
        "eh_synopsis" => "eh_synopsis",
        _ => "chronology",
    };
    let draft = part.may_write.then(|| {
        keep_draft(
            DraftPlace { form_key: key.clone(), title: format!("{} on a MASH notification", part.label), path: format!("/staff/mash-log/{id}"), record_kind: "mash_notification", record_id: id.clone() },
            Signal::derive(move || text.get()),
            move |t: String| text.set(t),
        )
    });
    let (slug, words) = (part.part.clone(), ResponsePart::from_slug(&part.part).map(part_words).unwrap_or("response"));
    let key = StoredValue::new(key);
    // Only the form that was sent forgets its draft: the page's other parts share the action.
    let sent = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(StepOutcome::Done { .. })) = action.value().get() {
            if sent.get_untracked() {
                key.with_value(|k| forget_local(k));
            }
        }
    });
    view! {
        <h2 class="govuk-heading-m">{part.label.clone()}</h2>
        {match (part.may_write, part.written.clone()) {
            (false, Some(w)) => view! {
                <p class="govuk-body" style="white-space: pre-wrap" data-testid=format!("mash-{}", part.part)>{part.text.clone()}</p>
                <p class="govuk-body-s fd-meta">{format!("Written by {w}")}</p>
            }.into_any(),
            // The id lets the error summary's link for a missing part land here.
            (false, None) => view! { <p class="govuk-body" id=field data-testid=format!("mash-{}-missing", part.part)>"Not written yet."</p> }.into_any(),
            (true, written) => view! {
                <form data-testid=format!("mash-{}-form", part.part) on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    sent.set(true);
                    action.dispatch(MashWrite { id: id.clone(), part: slug.clone(), text: text.get_untracked(), version });
                }>
                    {written.map(|w| view! { <p class="govuk-body-s fd-meta">{format!("Last saved by {w}")}</p> })}
                    <TextArea id=field label=format!("Your {words}") value=text errors=errors rows=6/>
                    <button type="submit" class="govuk-button govuk-button--secondary" data-testid=format!("mash-{}-save", part.part)>{format!("Save the {words}")}</button>
                    {draft.map(|d| view! { <DraftStatus state=d/> })}
                </form>
            }.into_any(),
        }}
    }
}

/// What the discussion and log forms hold, kept as drafts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct ChoiceDraft {
    choice: String,
    text: String,
}

/// The MASH team's record of the MASH discussion.
#[component]
fn DiscussionForm(id: String, version: i64, action: ServerAction<MashDiscussion>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let (rating, outcome) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let key = format!("{}:discussion", draft_key(&id));
    let draft = keep_draft(
        DraftPlace { form_key: key.clone(), title: "A MASH discussion".into(), path: format!("/staff/mash-log/{id}"), record_kind: "mash_notification", record_id: id.clone() },
        Signal::derive(move || ChoiceDraft { choice: rating.get(), text: outcome.get() }),
        move |d: ChoiceDraft| {
            rating.set(d.choice);
            outcome.set(d.text);
        },
    );
    let key = StoredValue::new(key);
    Effect::new(move |_| {
        if let Some(Ok(StepOutcome::Done { .. })) = action.value().get() {
            key.with_value(|k| forget_local(k));
        }
    });
    view! {
        <form data-testid="mash-discussion-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            action.dispatch(MashDiscussion { id: id.clone(), rating: rating.get_untracked(), discussion_outcome: outcome.get_untracked(), version });
        }>
            <h2 class="govuk-heading-m">"MASH discussion"</h2>
            <Radios id="rating" legend="RAG rating after the MASH discussion" choices=priority_choices(false) value=rating errors=errors/>
            <TextArea id="discussion_outcome" label="Outcome of the MASH discussion" value=outcome errors=errors rows=4/>
            <button type="submit" class="govuk-button" data-testid="mash-discussion-submit">"Record the MASH discussion"</button>
            <DraftStatus state=draft/>
        </form>
    }
}

/// The TYS representative logs a Green-after-MASH case on the Early Help MASH database.
#[component]
fn LogForm(id: String, version: i64, today: String, action: ServerAction<MashLogOutcome>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let (outcome, on) = (RwSignal::new(String::new()), RwSignal::new(today));
    let key = format!("{}:log", draft_key(&id));
    let draft = keep_draft(
        DraftPlace { form_key: key.clone(), title: "A Green-after-MASH log entry".into(), path: format!("/staff/mash-log/{id}"), record_kind: "mash_notification", record_id: id.clone() },
        Signal::derive(move || ChoiceDraft { choice: outcome.get(), text: on.get() }),
        move |d: ChoiceDraft| {
            outcome.set(d.choice);
            on.set(d.text);
        },
    );
    let key = StoredValue::new(key);
    Effect::new(move |_| {
        if let Some(Ok(StepOutcome::Done { .. })) = action.value().get() {
            key.with_value(|k| forget_local(k));
        }
    });
    let choices: Vec<(String, String, String)> = LoggedOutcome::ALL.iter().map(|o| (o.slug().to_string(), o.label().to_string(), String::new())).collect();
    view! {
        <form data-testid="mash-log-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            action.dispatch(MashLogOutcome { id: id.clone(), logged_outcome: outcome.get_untracked(), logged_on: on.get_untracked(), version });
        }>
            <h2 class="govuk-heading-m">"Log on the Early Help MASH database"</h2>
            <Radios id="logged_outcome" legend="Outcome" choices=choices value=outcome errors=errors/>
            <TextInput id="logged_on" label="Date of the outcome" value=on errors=errors input_type="date" width_class="govuk-input--width-10"/>
            <button type="submit" class="govuk-button" data-testid="mash-log-submit">"Log the outcome"</button>
            <DraftStatus state=draft/>
        </form>
    }
}

/// One notification and the steps the reader may take on it.
#[component]
pub fn MashNotificationPage() -> impl IntoView {
    let params = use_params_map();
    let write = ServerAction::<MashWrite>::new();
    let give_back = ServerAction::<MashReturn>::new();
    let discussion = ServerAction::<MashDiscussion>::new();
    let log = ServerAction::<MashLogOutcome>::new();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let notice = RwSignal::new(None::<String>);
    let refusal = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<AppError>);
    let notification = Resource::new(
        move || (params.with(|p| p.get("id").unwrap_or_default()), write.version().get() + give_back.version().get() + discussion.version().get() + log.version().get()),
        |(id, _)| mash_get(id),
    );
    Effect::new(move |_| apply(write.value().get(), errors, notice, refusal, failure));
    Effect::new(move |_| apply(give_back.value().get(), errors, notice, refusal, failure));
    Effect::new(move |_| apply(discussion.value().get(), errors, notice, refusal, failure));
    Effect::new(move |_| apply(log.value().get(), errors, notice, refusal, failure));
    view! {
        <Title text="MASH notification"/>
        <a href="/staff/mash-log" class="govuk-back-link">"Back to the MASH Log"</a>
        <ErrorSummary errors=errors/>
        {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
        {move || notice.get().map(|m| view! { <SuccessBanner message=m testid="mash-notice"/> })}
        {move || refusal.get().map(|m| view! { <div class="govuk-inset-text" data-testid="mash-refusal">{m}</div> })}
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading the notification…"</p> }>
            {move || {
                Suspend::new(async move {
                match notification.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(v) => {
                        let id = v.id.clone();
                        let version = v.version;
                        let child = match (&v.person_id, &v.person_name) {
                            (Some(p), Some(n)) => view! { <a class="govuk-link" href=format!("/staff/people/{p}")>{n.clone()}</a> }.into_any(),
                            _ => view! { <span>{v.child_name.clone()}</span> }.into_any(),
                        };
                        let return_id = id.clone();
                        view! {
                            <span class="govuk-caption-l">{format!("{} · {}", v.kind_label, v.reference)}</span>
                            <h1 class="govuk-heading-l" data-testid="mash-title">{priority_tag(&v.priority, v.priority_label.clone())}" "{format!("MASH notification about {}", v.child_name)}</h1>
                            <dl class="govuk-summary-list">
                                <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Status"</dt>
                                    <dd class="govuk-summary-list__value" data-testid="mash-status">{v.status_label.clone()}</dd></div>
                                <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Response"</dt>
                                    <dd class="govuk-summary-list__value" data-testid="mash-due">{due_cell(v.due.clone(), v.responded.clone())}
                                        {v.due.clone().map(|d| view! { <br/><span class="fd-meta">{format!("{} (calendar {})", d.timescale, d.calendar_version)}</span> })}
                                    </dd></div>
                                <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Child"</dt>
                                    <dd class="govuk-summary-list__value">{child}{(!v.child_date_of_birth.is_empty()).then(|| format!(", born {}", v.child_date_of_birth))}</dd></div>
                                {summary_row("MASH Log reference", v.mash_log_reference.clone())}
                                {summary_row("About", v.concern.clone())}
                                {summary_row("Received", v.received.clone())}
                                {summary_row("Recorded by", v.recorded_by.clone())}
                                {summary_row("Returned to the MASH team", v.returned.clone().unwrap_or_default())}
                                {summary_row("RAG rating after MASH", v.rating_after_label.clone().unwrap_or_default())}
                                {summary_row("MASH discussion", v.discussion_outcome.clone())}
                                {summary_row("Discussion recorded by", v.discussed.clone().unwrap_or_default())}
                                {summary_row("Early Help MASH database", v.logged.clone().unwrap_or_default())}
                                {v.eha.clone().map(|(eha_id, eha_ref)| view! {
                                    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"On the Early Help desk"</dt>
                                        <dd class="govuk-summary-list__value" data-testid="mash-eha"><a class="govuk-link" href=format!("/staff/early-help/{eha_id}")>{format!("EHA {eha_ref}")}</a></dd></div>
                                })}
                            </dl>
                            {v.parts.clone().into_iter().map(|p| view! { <PartForm id=id.clone() part=p version=version action=write errors=errors/> }).collect_view()}
                            {v.may_return.then(|| {
                                let missing = v.missing.clone();
                                view! {
                                    <h2 class="govuk-heading-m">"Return to the MASH team"</h2>
                                    {(!missing.is_empty()).then(|| view! {
                                        <p class="govuk-body">"Still to write before the record goes back:"</p>
                                        <ul class="govuk-list govuk-list--bullet" data-testid="mash-missing">{missing.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                                    })}
                                    <form data-testid="mash-return-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                                        ev.prevent_default();
                                        give_back.dispatch(MashReturn { id: return_id.clone(), version });
                                    }>
                                        <button type="submit" class="govuk-button" data-testid="mash-return-submit">"Return the record to the MASH team"</button>
                                    </form>
                                }
                            })}
                            {v.may_discuss.then(|| view! { <DiscussionForm id=id.clone() version=version action=discussion errors=errors/> })}
                            {v.may_log.then(|| view! { <LogForm id=id.clone() version=version today=v.today.clone() action=log errors=errors/> })}
                        }
                        .into_any()
                    }
                }
                })
            }}
        </Suspense>
    }
}
