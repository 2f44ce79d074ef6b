//! Administration of the public site: the information pages and the service contacts the pages
//! and the online form show. Both are previewed before they are published; what an
//! administrator types into a page is kept as a draft until it is published.

use crate::api::public::{
    page_draft_key, public_content, public_page_for_edit, ContactPlace, ContactPreviewOutcome, ContentSaveOutcome, PreviewOutcome, PreviewPublicPage,
    PreviewServiceContact, SavePublicPage, SaveServiceContact,
};
use crate::components::drafts::{forget_local, keep_draft, DraftPlace, DraftStatus};
use crate::components::govuk::{SuccessBanner, TableHead};
use crate::components::{ErrorNotice, ErrorSummary, TextArea, TextInput};
use crate::pages::public::content::Blocks;
use crate::pages::public::pages::{InfoPage, InfoPageView};
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A contact's new value as previewed, waiting for "Publish".
#[derive(Clone, Debug, PartialEq)]
struct ContactPreview {
    key: String,
    value: String,
    version: i64,
    places: Vec<ContactPlace>,
    contacts: BTreeMap<String, String>,
}

#[component]
pub fn ContentPage() -> impl IntoView {
    let save = ServerAction::<SaveServiceContact>::new();
    let previewing = ServerAction::<PreviewServiceContact>::new();
    let content = Resource::new(move || save.version().get(), |_| public_content());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saved = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None);
    // The contact being previewed (one at a time), and the version its form was loaded at.
    let preview = RwSignal::new(None::<ContactPreview>);
    let preview_version = StoredValue::new(0_i64);
    Effect::new(move |_| match previewing.value().get() {
        Some(Ok(ContactPreviewOutcome::Preview { key, value, places, contacts })) => {
            errors.set(Vec::new());
            preview.set(Some(ContactPreview { key, value, version: preview_version.get_value(), places, contacts }));
        }
        Some(Ok(ContactPreviewOutcome::Invalid { errors: e })) => {
            preview.set(None);
            errors.set(e);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(ContentSaveOutcome::Saved { version })) => {
            errors.set(Vec::new());
            preview.set(None);
            saved.set(Some(format!("Contact published (version {version}).")));
        }
        Some(Ok(ContentSaveOutcome::Invalid { errors: e })) => {
            saved.set(None);
            preview.set(None);
            errors.set(e);
        }
        Some(Ok(ContentSaveOutcome::Stale { .. })) => {
            saved.set(None);
            preview.set(None);
            errors.set(vec![FieldError::new("value", "Someone else changed this contact: it has been reloaded, check it and preview it again")]);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    view! {
        <Title text="Public pages and contacts"/>
        {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
        <ErrorSummary errors=errors/>
        {move || saved.get().map(|m| view! { <SuccessBanner message=m testid="contact-saved"/> })}
        <h1 class="govuk-heading-l">"Public pages and contacts"</h1>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match content.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(c) => view! {
                        <h2 class="govuk-heading-m">"Pages"</h2>
                        <div class="fd-table-scroll">
                            <table class="govuk-table" data-testid="public-pages">
                                <TableHead columns=&["Page", "Version", "Last changed"]/>
                                <tbody class="govuk-table__body">
                                    {c.pages.into_iter().map(|p| view! {
                                        <tr class="govuk-table__row">
                                            <td class="govuk-table__cell">
                                                <a class="govuk-link" href=format!("/staff/admin/content/{}", p.slug)>{p.title}</a>
                                                <br/><span class="fd-meta">{format!("/{}", p.slug)}</span>
                                            </td>
                                            <td class="govuk-table__cell">{p.version}</td>
                                            <td class="govuk-table__cell">{format!("{} by {}", p.updated, p.updated_by)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <h2 class="govuk-heading-m">"Contact details"</h2>
                        <div class="govuk-warning-text">
                            <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                            <strong class="govuk-warning-text__text">
                                <span class="govuk-visually-hidden">"Warning"</span>
                                "The council must set these before the site is public: the numbers and addresses written at installation (such as 0100 000 0000) are fictional placeholders."
                            </strong>
                        </div>
                        <p class="govuk-body">"Pages show a contact where their text says " <code>"{{key}}"</code> "."</p>
                        {c.contacts.into_iter().map(|k| {
                            let value = RwSignal::new(k.value.clone());
                            let (key, version) = (k.key.clone(), k.version);
                            let input_id = format!("contact-{}", k.key);
                            let this = k.key.clone();
                            view! {
                                <form class="fd-contact-form" data-testid=format!("contact-{}", k.key) on:submit=move |ev| {
                                    ev.prevent_default();
                                    saved.set(None);
                                    preview_version.set_value(version);
                                    previewing.dispatch(PreviewServiceContact { key: key.clone(), value: value.get_untracked() });
                                }>
                                    <div class="govuk-form-group">
                                        <label class="govuk-label govuk-label--s" for=input_id.clone()>{k.label}</label>
                                        <div class="govuk-hint">{format!("{} Key: {{{{{}}}}}. Version {} ({} by {}).", k.hint, k.key, k.version, k.updated, k.updated_by)}</div>
                                        <input class="govuk-input govuk-!-width-two-thirds" id=input_id name="value" type="text"
                                            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                                    </div>
                                    <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                                        "Preview"<span class="govuk-visually-hidden">{format!(" {}", k.key)}</span>
                                    </button>
                                    {move || preview.get().filter(|p| p.key == this).map(|p| view! { <ContactPreviewView preview=p save=save cancel=preview/> })}
                                </form>
                            }
                        }).collect_view()}
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ContentEditPage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let loaded = Resource::new(move || slug.get(), public_page_for_edit);
    view! {
        <Title text="Edit a public page"/>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(p) => view! { <PageEditor slug=p.slug title=p.title body=p.body version=p.version/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What the page editor holds, kept as a draft while it is written.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct PageText {
    title: String,
    body: String,
}

/// A contact's new value where the public pages show it, with "Publish" and "Change".
#[component]
fn ContactPreviewView(preview: ContactPreview, save: ServerAction<SaveServiceContact>, cancel: RwSignal<Option<ContactPreview>>) -> impl IntoView {
    let ContactPreview { key, value, version, places, contacts } = preview;
    let (k, v) = (key.clone(), value.clone());
    view! {
        <div class="fd-contact-preview govuk-!-margin-bottom-6" data-testid="contact-preview">
            <h3 class="govuk-heading-s">{format!("Preview: “{value}”")}</h3>
            <div class="govuk-inset-text">"This is how the public pages will show it. It is not published until you choose “Publish”."</div>
            {if places.is_empty() {
                view! { <p class="govuk-body">"No public page names this contact; the online form may still show it."</p> }.into_any()
            } else {
                places.into_iter().map(|p| {
                    let contacts = contacts.clone();
                    view! {
                        <div class="fd-preview">
                            <p class="govuk-body-s fd-meta">{format!("On “{}” (/{})", p.title, p.slug)}</p>
                            <Blocks blocks=p.blocks contacts=contacts/>
                        </div>
                    }
                }).collect_view().into_any()
            }}
            <div class="govuk-button-group">
                <button type="button" class="govuk-button" data-module="govuk-button" data-testid="publish-contact"
                    on:click=move |_| { save.dispatch(SaveServiceContact { key: k.clone(), value: v.clone(), version }); }>
                    "Publish"<span class="govuk-visually-hidden">{format!(" {key}")}</span>
                </button>
                <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" on:click=move |_| cancel.set(None)>"Change"</button>
            </div>
        </div>
    }
}

/// Edit, then preview (rendered exactly as the public page), then publish.
#[component]
fn PageEditor(slug: String, title: String, body: String, version: i64) -> impl IntoView {
    let title = RwSignal::new(title);
    let body = RwSignal::new(body);
    let version = RwSignal::new(version);
    // What is typed is kept as a draft (this browser and the server) until it is published.
    let draft_key = StoredValue::new(page_draft_key(&slug));
    let draft = keep_draft(
        DraftPlace {
            form_key: draft_key.get_value(),
            title: format!("Public page “{}”", title.get_untracked()),
            path: format!("/staff/admin/content/{slug}"),
            record_kind: "public_content",
            record_id: format!("page:{slug}"),
        },
        Signal::derive(move || PageText { title: title.get(), body: body.get() }),
        move |d: PageText| {
            title.set(d.title);
            body.set(d.body);
        },
    );
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let preview = RwSignal::new(None::<InfoPage>);
    let published = RwSignal::new(None::<i64>);
    let failure = RwSignal::new(None);
    let publish = ServerAction::<SavePublicPage>::new();
    let previewing = ServerAction::<PreviewPublicPage>::new();
    let slug = StoredValue::new(slug);
    Effect::new(move |_| match previewing.value().get() {
        Some(Ok(PreviewOutcome::Preview { title, blocks, contacts })) => {
            errors.set(Vec::new());
            preview.set(Some(InfoPage { slug: slug.get_value(), title, blocks, contacts, updated: None }));
        }
        Some(Ok(PreviewOutcome::Invalid { errors: e })) => errors.set(e),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    Effect::new(move |_| match publish.value().get() {
        Some(Ok(ContentSaveOutcome::Saved { version: v })) => {
            // Published: the server has removed its copy of the draft, so remove this browser's.
            draft_key.with_value(|k| forget_local(k));
            version.set(v);
            preview.set(None);
            published.set(Some(v));
        }
        Some(Ok(ContentSaveOutcome::Invalid { errors: e })) => {
            preview.set(None);
            errors.set(e);
        }
        Some(Ok(ContentSaveOutcome::Stale { current })) => {
            preview.set(None);
            errors.set(vec![FieldError::new("body", format!("Someone else published version {current} while you were editing. Copy your changes, reload the page and apply them again."))]);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let public_href = format!("/{}", slug.get_value());
    view! {
        {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
        <ErrorSummary errors=errors/>
        {move || published.get().map(|v| view! { <SuccessBanner message=format!("Published version {v}.") testid="page-published"/> })}
        <a class="govuk-back-link" href="/staff/admin/content">"Public pages and contacts"</a>
        <Show
            when=move || preview.get().is_some()
            fallback=move || view! {
                <h1 class="govuk-heading-l">"Edit a public page"</h1>
                <p class="govuk-body">"Version " {move || version.get()} ". Shown at " <a class="govuk-link" href=public_href.clone()>{public_href.clone()}</a> "."</p>
                <form data-testid="page-editor" on:submit=move |ev| {
                    ev.prevent_default();
                    published.set(None);
                    previewing.dispatch(PreviewPublicPage { slug: slug.get_value(), title: title.get_untracked(), body: body.get_untracked() });
                }>
                    <TextInput id="title" label="Title" value=title errors=errors/>
                    <TextArea id="body" label="Page text" value=body errors=errors rows=24
                        hint="Blank lines separate paragraphs. “## ” starts a heading, “### ” a smaller heading, “- ” a bullet, “1. ” a numbered item, “! ” a warning, “> ” inset text. **bold**, [link text](/page or https://…), and {{key}} for a contact."/>
                    <DraftStatus state=draft/>
                    <button type="submit" class="govuk-button" data-module="govuk-button">"Preview"</button>
                </form>
            }
            .into_any()
        >
            <h1 class="govuk-heading-l">"Preview"</h1>
            <div class="govuk-inset-text">"This is how the page will look. It is not published until you choose “Publish”."</div>
            <div class="fd-preview" data-testid="page-preview">
                {move || preview.get().map(|page| view! { <InfoPageView page=page/> }.into_any())}
            </div>
            <div class="govuk-button-group">
                <button type="button" class="govuk-button" data-module="govuk-button" data-testid="publish"
                    on:click=move |_| {
                        publish.dispatch(SavePublicPage { slug: slug.get_value(), title: title.get_untracked(), body: body.get_untracked(), version: version.get_untracked() });
                    }>"Publish"</button>
                <button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button" on:click=move |_| preview.set(None)>"Change the text"</button>
            </div>
        </Show>
    }
    .into_any()
}
