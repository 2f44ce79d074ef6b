//! Administration of the public site: the information pages (edit, preview, publish) and the
//! service contacts the pages and the online form show.

use crate::api::public::{
    public_content, public_page_for_edit, ContentSaveOutcome, PreviewOutcome, PreviewPublicPage, SavePublicPage, SaveServiceContact,
};
use crate::components::govuk::{SuccessBanner, TableHead};
use crate::components::{ErrorNotice, ErrorSummary, TextArea, TextInput};
use crate::pages::public::pages::{InfoPage, InfoPageView};
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ContentPage() -> impl IntoView {
    let save = ServerAction::<SaveServiceContact>::new();
    let content = Resource::new(move || save.version().get(), |_| public_content());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saved = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None);
    Effect::new(move |_| match save.value().get() {
        Some(Ok(ContentSaveOutcome::Saved { version })) => {
            errors.set(Vec::new());
            saved.set(Some(format!("Contact saved (version {version}).")));
        }
        Some(Ok(ContentSaveOutcome::Invalid { errors: e })) => {
            saved.set(None);
            errors.set(e);
        }
        Some(Ok(ContentSaveOutcome::Stale { .. })) => {
            saved.set(None);
            errors.set(vec![FieldError::new("value", "Someone else changed this contact: it has been reloaded, check it and save again")]);
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
                            view! {
                                <form class="fd-contact-form" data-testid=format!("contact-{}", k.key) on:submit=move |ev| {
                                    ev.prevent_default();
                                    save.dispatch(SaveServiceContact { key: key.clone(), value: value.get_untracked(), version });
                                }>
                                    <div class="govuk-form-group">
                                        <label class="govuk-label govuk-label--s" for=input_id.clone()>{k.label}</label>
                                        <div class="govuk-hint">{format!("{} Key: {{{{{}}}}}. Version {} ({} by {}).", k.hint, k.key, k.version, k.updated, k.updated_by)}</div>
                                        <input class="govuk-input govuk-!-width-two-thirds" id=input_id name="value" type="text"
                                            prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                                    </div>
                                    <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">
                                        "Save"<span class="govuk-visually-hidden">{format!(" {}", k.key)}</span>
                                    </button>
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

/// Edit, then preview (rendered exactly as the public page), then publish.
#[component]
fn PageEditor(slug: String, title: String, body: String, version: i64) -> impl IntoView {
    let title = RwSignal::new(title);
    let body = RwSignal::new(body);
    let version = RwSignal::new(version);
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
