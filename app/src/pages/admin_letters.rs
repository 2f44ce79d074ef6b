//! Administration of letter templates: the list of every letter the seeds require, and an
//! editor with a preview (example values, real service contacts) before a new version is saved.
//! Every version is kept and listed; every communication records the version it used.

use crate::api::letters::{letter_template, letter_templates, template_draft_key, PreviewLetterTemplate, SaveLetterTemplate, TemplatePreview};
use crate::components::drafts::{forget_local, keep_draft, DraftPlace, DraftState, DraftStatus};
use crate::api::public::ContentSaveOutcome;
use crate::components::{ErrorNotice, ErrorSummary, SuccessBanner, TableHead, TextArea, TextInput};
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn LettersPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| letter_templates());
    view! {
        <Title text="Letter templates"/>
        <h1 class="govuk-heading-l">"Letter templates"</h1>
        <p class="govuk-body">"The letters and e-mails the service sends. Each is plain text with placeholders such as "
            <code>"{{child_name}}"</code>" and the service contacts such as "<code>"{{cass_phone_line}}"</code>
            ". Every saved version is kept, and every letter sent records the version it used."</p>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(rows) => view! {
                        <div class="fd-table-scroll">
                            <table class="govuk-table" data-testid="letter-templates">
                                <TableHead columns=&["Letter", "Version", "Last changed"]/>
                                <tbody class="govuk-table__body">
                                    {rows.into_iter().map(|t| view! {
                                        <tr class="govuk-table__row">
                                            <td class="govuk-table__cell">
                                                <a class="govuk-link" href=format!("/staff/admin/letters/{}", t.slug)>{t.title}</a>
                                                <br/><span class="fd-meta">{format!("{} (seed {})", t.purpose, t.seed)}</span>
                                            </td>
                                            <td class="govuk-table__cell">{t.version}</td>
                                            <td class="govuk-table__cell">{format!("{} by {}", t.updated, t.updated_by)}</td>
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
pub fn LetterEditPage() -> impl IntoView {
    let params = use_params_map();
    let kind = Memo::new(move |_| params.read().get("kind").unwrap_or_default());
    let loaded = Resource::new(move || kind.get(), letter_template);
    view! {
        <Title text="Edit a letter template"/>
        <a class="govuk-back-link" href="/staff/admin/letters">"Letter templates"</a>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(t) => view! { <LetterEditor edit=t/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LetterEditor(edit: crate::api::letters::TemplateEdit) -> impl IntoView {
    let kind = StoredValue::new(edit.summary.slug.clone());
    let subject = RwSignal::new(edit.subject.clone());
    let body = RwSignal::new(edit.body.clone());
    let version = RwSignal::new(edit.summary.version);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let preview = RwSignal::new(None::<(String, Vec<String>)>);
    let saved = RwSignal::new(None::<i64>);
    let failure = RwSignal::new(None);
    let previewing = ServerAction::<PreviewLetterTemplate>::new();
    let save = ServerAction::<SaveLetterTemplate>::new();
    // The text being edited is kept as a draft with the version it was begun from; one restored
    // after someone else saved a newer version says so before it is saved over theirs.
    let changed_since = RwSignal::new(false);
    let slug = kind.get_value();
    let draft = keep_draft(
        DraftPlace { form_key: template_draft_key(&slug), title: format!("Letter template: {}", edit.summary.title), path: format!("/staff/admin/letters/{slug}"), record_kind: "", record_id: String::new() },
        Signal::derive(move || (subject.get(), body.get(), version.get_untracked())),
        move |(s, b, v): (String, String, i64)| {
            subject.set(s);
            body.set(b);
            changed_since.set(v != version.get_untracked());
        },
    );
    Effect::new(move |_| match previewing.value().get() {
        Some(Ok(TemplatePreview::Preview { subject, paragraphs })) => {
            errors.set(Vec::new());
            preview.set(Some((subject, paragraphs)));
        }
        Some(Ok(TemplatePreview::Invalid { errors: e })) => errors.set(e),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(ContentSaveOutcome::Saved { version: v })) => {
            version.set(v);
            preview.set(None);
            saved.set(Some(v));
            changed_since.set(false);
            draft.set(DraftState::Nothing);
            forget_local(&template_draft_key(&kind.get_value()));
        }
        Some(Ok(ContentSaveOutcome::Invalid { errors: e })) => {
            preview.set(None);
            errors.set(e);
        }
        Some(Ok(ContentSaveOutcome::Stale { current })) => {
            preview.set(None);
            errors.set(vec![FieldError::new("body", format!("Someone else saved version {current} while you were editing. Your text is kept as a draft: reload the page, compare it with their version under “Earlier versions”, and save again."))]);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let placeholders = edit.placeholders.clone();
    let versions = edit.versions.clone();
    view! {
        {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
        <ErrorSummary errors=errors/>
        {move || saved.get().map(|v| view! { <SuccessBanner message=format!("Saved version {v}. Letters issued from now on use it.") testid="template-saved"/> })}
        <span class="govuk-caption-l">"Letter template"</span>
        <h1 class="govuk-heading-l">{edit.summary.title.clone()}</h1>
        <p class="govuk-body">{edit.summary.purpose.clone()} " " <span class="fd-meta">{format!("(seed {})", edit.summary.seed)}</span></p>
        <Show
            when=move || preview.get().is_some()
            fallback=move || view! {
                <p class="govuk-body">"Version " {move || version.get()} "."</p>
                {move || changed_since.get().then(|| view! {
                    <div class="govuk-warning-text" data-testid="draft-record-changed"><span class="govuk-warning-text__icon" aria-hidden="true">"!"</span><strong class="govuk-warning-text__text">
                        "Someone saved a newer version after your draft was kept. Compare your text with it under “Earlier versions” before you save."
                    </strong></div>
                })}
                <form data-testid="template-editor" on:submit=move |ev| {
                    ev.prevent_default();
                    saved.set(None);
                    previewing.dispatch(PreviewLetterTemplate { kind: kind.get_value(), subject: subject.get_untracked(), body: body.get_untracked() });
                }>
                    <TextInput id="subject" label="Subject" value=subject errors=errors/>
                    <TextArea id="body" label="Letter text" value=body errors=errors rows=22
                        hint="Blank lines separate paragraphs. Placeholders are written {{name}}: see the list below."/>
                    <button type="submit" class="govuk-button" data-module="govuk-button">"Preview"</button>
                    <DraftStatus state=draft/>
                </form>
            }
            .into_any()
        >
            <h2 class="govuk-heading-m">"Preview"</h2>
            <div class="govuk-inset-text">"Shown with invented example values and the service's real contact details. It is not saved until you choose “Save”."</div>
            <div class="fd-preview fd-letter" data-testid="template-preview">
                {move || preview.get().map(|(s, ps)| view! {
                    <h3 class="govuk-heading-s">{s}</h3>
                    {ps.into_iter().map(|p| view! { <p class="govuk-body fd-note__text">{p}</p> }).collect_view()}
                })}
            </div>
            <div class="govuk-button-group">
                <button type="button" class="govuk-button" data-module="govuk-button" data-testid="save-template"
                    on:click=move |_| {
                        save.dispatch(SaveLetterTemplate { kind: kind.get_value(), subject: subject.get_untracked(), body: body.get_untracked(), version: version.get_untracked() });
                    }>"Save"</button>
                <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| preview.set(None)>"Change the text"</button>
            </div>
        </Show>
        <h2 class="govuk-heading-m">"Placeholders"</h2>
        <dl class="govuk-summary-list" data-testid="placeholders">
            {placeholders.into_iter().map(|(name, meaning)| view! {
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key"><code>{format!("{{{{{name}}}}}")}</code></dt>
                    <dd class="govuk-summary-list__value">{meaning}</dd>
                </div>
            }).collect_view()}
        </dl>
        <h2 class="govuk-heading-m">"Earlier versions"</h2>
        {versions.into_iter().map(|v| view! {
            <details class="govuk-details">
                <summary class="govuk-details__summary"><span class="govuk-details__summary-text">{format!("Version {} — {} by {}", v.version, v.updated, v.updated_by)}</span></summary>
                <div class="govuk-details__text">
                    <p class="govuk-body"><strong>{v.subject}</strong></p>
                    <p class="govuk-body fd-note__text">{v.body}</p>
                </div>
            </details>
        }).collect_view()}
    }
}
