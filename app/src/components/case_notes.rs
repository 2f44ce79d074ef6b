//! Case notes on a person's or a contact's record: the notes (newest first, withdrawn ones
//! folded away with who, when and why), a form to add one and link it to the children it is
//! about, and withdraw / restore. Embedded on the record pages with one line each.

use crate::api::notes::{note_draft_key, notes_for_contact, notes_for_person, AddNote, NoteOutcome, NoteView, NotesView, RestoreNote, WithdrawNote};
use crate::components::drafts::{forget_local, keep_draft, DraftPlace, DraftStatus};
use crate::components::{CheckboxItem, Checkboxes, ErrorNotice, ErrorSummary, SuccessBanner, TextArea, TextInput};
use domain::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the note form holds, kept as a draft while it is written.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct NoteForm {
    note_type: String,
    text: String,
    children: Vec<String>,
    #[serde(default)]
    returned_at: String,
}

#[component]
pub fn CaseNotes(#[prop(optional, into)] person_id: Option<String>, #[prop(optional, into)] contact_id: Option<String>) -> impl IntoView {
    let add = ServerAction::<AddNote>::new();
    let withdraw = ServerAction::<WithdrawNote>::new();
    let restore = ServerAction::<RestoreNote>::new();
    let (person, contact) = (StoredValue::new(person_id.unwrap_or_default()), StoredValue::new(contact_id.unwrap_or_default()));
    let notes = Resource::new(
        move || (add.version().get(), withdraw.version().get(), restore.version().get()),
        move |_| async move {
            let (p, c) = (person.get_value(), contact.get_value());
            if c.is_empty() {
                notes_for_person(p).await
            } else {
                notes_for_contact(c).await
            }
        },
    );

    // The form lives outside the list so nothing typed is lost when the list is fetched again.
    let note_type = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    // "Missing status: found" only: when the child came back (the return interview's clock).
    let returned_at = RwSignal::new(String::new());
    let found = Memo::new(move |_| note_type.get() == domain::notes::NoteType::MissingStatusFound.slug());
    let notes_changed = use_context::<crate::components::return_interviews::NotesChanged>();
    let chosen = RwSignal::new(Vec::<String>::new());
    let chosen_set = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let change_errors = RwSignal::new(Vec::<FieldError>::new());
    let message = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None);

    // Nothing typed into a note is lost to a timeout or a dropped network.
    let draft_key = StoredValue::new(note_draft_key(&person.get_value(), &contact.get_value()));
    let (record_kind, record_id, path) = if contact.get_value().is_empty() {
        ("person", person.get_value(), format!("/staff/people/{}", person.get_value()))
    } else {
        ("contact", contact.get_value(), format!("/staff/contacts/{}", contact.get_value()))
    };
    let draft = keep_draft(
        DraftPlace { form_key: draft_key.get_value(), title: "A case note".into(), path, record_kind, record_id },
        // Children chosen on a note with no type and no words are not worth a draft.
        Signal::derive(move || {
            let (note_type, text) = (note_type.get(), text.get());
            if note_type.is_empty() && text.trim().is_empty() {
                return NoteForm::default();
            }
            NoteForm { note_type, text, children: chosen.get(), returned_at: returned_at.get() }
        }),
        move |f: NoteForm| {
            note_type.set(f.note_type);
            text.set(f.text);
            returned_at.set(f.returned_at);
            if !f.children.is_empty() {
                chosen.set(f.children);
                chosen_set.set(true);
            }
        },
    );

    Effect::new(move |_| {
        if let Some(Ok(v)) = notes.get() {
            if !chosen_set.get_untracked() {
                chosen.set(v.default_children.clone());
                chosen_set.set(true);
            }
        }
    });
    Effect::new(move |_| match add.value().get() {
        Some(Ok(NoteOutcome::Saved { message: m })) => {
            errors.set(Vec::new());
            draft_key.with_value(|k| forget_local(k));
            note_type.set(String::new());
            text.set(String::new());
            returned_at.set(String::new());
            chosen_set.set(false);
            message.set(Some(m));
            if let Some(c) = notes_changed {
                c.0.update(|n| *n += 1);
            }
        }
        Some(Ok(NoteOutcome::Invalid { errors: e })) => {
            message.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    for action_value in [withdraw.value(), restore.value()] {
        Effect::new(move |_| match action_value.get() {
            Some(Ok(NoteOutcome::Saved { message: m })) => {
                change_errors.set(Vec::new());
                message.set(Some(m));
            }
            Some(Ok(NoteOutcome::Invalid { errors: e })) => {
                message.set(None);
                change_errors.set(e);
            }
            Some(Err(e)) => failure.set(Some(e)),
            None => {}
        });
    }

    let form = move |v: &NotesView| {
        let items: Vec<CheckboxItem> = v.children.iter().map(|c| CheckboxItem { value: c.id.clone(), label: c.name.clone() }).collect();
        let types = v.types.clone();
        let type_error = Memo::new(move |_| errors.get().iter().find(|e| e.field == "note_type").map(|e| e.message.clone()));
        view! {
            <form class="fd-no-print" data-testid="add-note-form" on:submit=move |ev| {
                ev.prevent_default();
                message.set(None);
                add.dispatch(AddNote {
                    note_type: note_type.get_untracked(),
                    text: text.get_untracked(),
                    children: chosen.get_untracked(),
                    contact_id: contact.get_value(),
                    person_id: person.get_value(),
                    returned_at: if found.get_untracked() { returned_at.get_untracked() } else { String::new() },
                });
            }>
                <h3 class="govuk-heading-s">"Add a case note"</h3>
                <div class=move || if type_error.get().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                    <label class="govuk-label" for="note_type">"Type of note"</label>
                    {move || type_error.get().map(|m| view! { <p class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{m}</p> })}
                    <select class="govuk-select" id="note_type" name="note_type" prop:value=move || note_type.get()
                        on:change=move |ev| note_type.set(event_target_value(&ev))>
                        <option value="">"Choose a type"</option>
                        {types.into_iter().map(|t| view! { <option value=t.slug.clone() selected=move || note_type.get() == t.slug>{t.label}</option> }).collect_view()}
                    </select>
                </div>
                {move || found.get().then(|| view! {
                    <TextInput id="returned_at" label="When did the child return?" value=returned_at errors=errors input_type="datetime-local" width_class="govuk-input--width-20"
                        hint="Leave empty if the child is back just now. The return interview is due within 72 hours of this time."/>
                })}
                <TextArea id="text" label="Note" value=text errors=errors rows=8 hint="Write as much as you need: there is no limit."/>
                <Checkboxes id="children" legend="Which children is this note about?" items=items chosen=chosen errors=errors
                    hint="The note is written once and shows on every child you choose."/>
                <DraftStatus state=draft/>
                <button type="submit" class="govuk-button" data-module="govuk-button">"Add note"</button>
            </form>
        }
    };

    view! {
        <section class="fd-case-notes" data-testid="case-notes" aria-labelledby="case-notes-heading">
            <h2 class="govuk-heading-m" id="case-notes-heading">"Case notes"</h2>
            {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
            {move || message.get().map(|m| view! { <SuccessBanner message=m testid="note-saved"/> })}
            <ErrorSummary errors=Signal::derive(move || { let mut e = errors.get(); e.extend(change_errors.get()); e })/>
            <Suspense fallback=|| view! { <p class="govuk-body">"Loading the notes…"</p> }>
                {move || Suspend::new(async move {
                    match notes.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(v) => view! {
                            {if v.notes.is_empty() {
                                view! { <p class="govuk-body" data-testid="no-notes">"No case notes yet."</p> }.into_any()
                            } else {
                                view! {
                                    <ol class="govuk-list fd-notes" data-testid="notes">
                                        {v.notes.clone().into_iter().map(|n| view! { <NoteItem note=n withdraw=withdraw restore=restore/> }).collect_view()}
                                    </ol>
                                }.into_any()
                            }}
                            {form(&v)}
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn NoteItem(note: NoteView, withdraw: ServerAction<WithdrawNote>, restore: ServerAction<RestoreNote>) -> impl IntoView {
    let id = StoredValue::new(note.id.clone());
    let asking = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let reason_id = format!("reason-{}", note.id);
    let children = note.children.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(", ");
    let meta = format!(
        "{} by {}{} · About: {children}",
        note.written,
        note.author,
        note.contact_reference.as_ref().map(|r| format!(" · Contact {r}")).unwrap_or_default()
    );
    let text = note.text.clone();
    view! {
        <li class="fd-note" data-testid="note" data-withdrawn=note.withdrawn.is_some().to_string()>
            <h3 class="govuk-heading-s fd-note__type">
                {note.type_label.clone()}
                {note.withdrawn.is_some().then(|| view! { " " <strong class="govuk-tag govuk-tag--grey">"Withdrawn"</strong> })}
            </h3>
            <p class="govuk-body-s fd-meta">{meta}</p>
            {match note.withdrawn.clone() {
                None => view! { <p class="govuk-body fd-note__text" data-testid="note-text">{text}</p> }.into_any(),
                Some(w) => view! {
                    <p class="govuk-body-s" data-testid="withdrawn-by">{format!("Withdrawn by {} on {}. Reason: {}", w.by, w.at, w.reason)}</p>
                    <details class="govuk-details">
                        <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Show the withdrawn note"</span></summary>
                        <div class="govuk-details__text fd-note__text">{text}</div>
                    </details>
                }
                .into_any(),
            }}
            {note.can_restore.then(|| view! {
                <button type="button" class="govuk-button govuk-button--secondary fd-no-print" data-testid="restore-note"
                    on:click=move |_| { restore.dispatch(RestoreNote { note_id: id.get_value() }); }>"Restore note"</button>
            })}
            {note.can_withdraw.then(|| view! {
                <Show when=move || asking.get() fallback=move || view! {
                    <button type="button" class="govuk-button govuk-button--secondary fd-no-print" data-testid="withdraw-note"
                        on:click=move |_| asking.set(true)>"Withdraw note"</button>
                }>
                    <form class="fd-no-print" on:submit=move |ev| {
                        ev.prevent_default();
                        withdraw.dispatch(WithdrawNote { note_id: id.get_value(), reason: reason.get_untracked() });
                    }>
                        <div class="govuk-form-group">
                            <label class="govuk-label" for=reason_id.clone()>"Why are you withdrawing this note?"</label>
                            <div class="govuk-hint">"The note is not deleted: it is hidden, with your name, the time and your reason."</div>
                            <textarea class="govuk-textarea" id=reason_id.clone() rows=2 prop:value=move || reason.get()
                                on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                        </div>
                        <div class="govuk-button-group">
                            <button type="submit" class="govuk-button govuk-button--warning" data-testid="confirm-withdraw">"Withdraw"</button>
                            <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| asking.set(false)>"Cancel"</button>
                        </div>
                    </form>
                </Show>
            })}
        </li>
    }
}
