//! The CASS inbox for Business Support, RAOs and TM/SPs: e-mails and online Requests for Support
//! together, newest first, with where each is in the filter and who holds it; and the upload
//! page for .eml files (a plain multipart form, so it works with JavaScript off).

use crate::api::inbox::inbox_items;
use crate::components::govuk::TableHead;
use crate::components::{ErrorNotice, ErrorSummary};
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn InboxPage() -> impl IntoView {
    let rows = Resource::new(|| (), |_| inbox_items());
    view! {
        <Title text="CASS inbox"/>
        <h1 class="govuk-heading-l" data-testid="inbox-heading">"CASS inbox"</h1>
        <p class="govuk-body">"E-mails and online Requests for Support waiting to be filtered, newest first. Take one to redirect it, signpost it, send it for review or create a contact."</p>
        <a href="/staff/inbox/upload" class="govuk-button govuk-button--secondary" data-testid="upload-link">"Upload an e-mail"</a>
        <p class="govuk-body">"Professionals' information requests made on the online form, and e-mails recorded as information requests, wait for the Business Support check in "
            <a class="govuk-link" href="/staff/information-requests" data-testid="inbox-irr-link">"Information requests"</a>"."</p>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading the inbox…"</p> }>
            {move || Suspend::new(async move {
                match rows.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p class="govuk-body" data-testid="inbox-empty">"The inbox is empty."</p> }.into_any(),
                    Ok(rows) => {
                        let count = rows.len();
                        view! {
                            <div class="fd-table-scroll">
                                <table class="govuk-table" data-testid="inbox">
                                    <caption class="govuk-table__caption govuk-table__caption--s">{format!("{count} item(s) in the inbox")}</caption>
                                    <TableHead columns=&["Received", "Subject", "Child", "From", "Came by", "Status", "Held by"]/>
                                    <tbody class="govuk-table__body">
                                        {rows.into_iter().map(|r| view! {
                                            <tr class="govuk-table__row" data-testid="inbox-row">
                                                <td class="govuk-table__cell fd-nowrap">{r.received}</td>
                                                <td class="govuk-table__cell"><a class="govuk-link" href=r.href>{r.subject}</a></td>
                                                <td class="govuk-table__cell">{r.child}</td>
                                                <td class="govuk-table__cell">{r.from}</td>
                                                <td class="govuk-table__cell">{r.source_label}</td>
                                                <td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--grey">{r.status_label}</strong></td>
                                                <td class="govuk-table__cell">{r.held_by.unwrap_or_default()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The message for an upload the server sent back (`?error=` from `server::inbox_upload`).
fn upload_error(code: &str) -> Option<&'static str> {
    Some(match code {
        "" => return None,
        "no_file" => "Select an .eml file",
        "empty" => "The selected file is empty",
        "too_large" => "The selected file must be smaller than 20 MB",
        "not_email" => "The selected file must be an e-mail saved as .eml",
        _ => "The e-mail could not be uploaded. Try again",
    })
}

#[component]
pub fn InboxUploadPage() -> impl IntoView {
    let query = use_query_map();
    let errors = Signal::derive(move || {
        let code = query.with(|q| q.get("error").unwrap_or_default());
        upload_error(&code).map(|m| vec![FieldError::new("file", m)]).unwrap_or_default()
    });
    view! {
        <Title text="Upload an e-mail"/>
        <a href="/staff/inbox" class="govuk-back-link">"Back to the inbox"</a>
        <ErrorSummary errors=errors/>
        <h1 class="govuk-heading-l">"Upload an e-mail"</h1>
        <form method="post" action="/staff/inbox/upload" enctype="multipart/form-data" data-testid="upload-form">
            <div class=move || if errors.get().is_empty() { "govuk-form-group" } else { "govuk-form-group govuk-form-group--error" }>
                <label class="govuk-label" for="file">"E-mail file"</label>
                <div class="govuk-hint" id="file-hint">"Save the e-mail from your mail program as an .eml file (up to 20 MB, attachments included)."</div>
                {move || errors.get().first().map(|e| view! {
                    <p class="govuk-error-message" id="file-error"><span class="govuk-visually-hidden">"Error: "</span>{e.message.clone()}</p>
                })}
                <input class="govuk-file-upload" id="file" name="file" type="file" accept=".eml,message/rfc822" aria-describedby="file-hint"/>
            </div>
            <button type="submit" class="govuk-button" data-module="govuk-button">"Upload"</button>
        </form>
    }
}
