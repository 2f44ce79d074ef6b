//! Business Support's communications: e-mails that keep failing (retried automatically, never
//! dropped) and posted letters waiting to be printed; and one letter as it prints, with its PDF.

use crate::api::letters::{communications_worklist, letter, CommunicationOutcome, MarkPrinted, RetryCommunication};
use crate::components::communications::CommunicationRow;
use crate::components::{ErrorNotice, ErrorSummary, SuccessBanner, TableHead};
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CommunicationsPage() -> impl IntoView {
    let retry = ServerAction::<RetryCommunication>::new();
    let list = Resource::new(move || retry.version().get(), |_| communications_worklist());
    view! {
        <Title text="Letters and e-mails"/>
        <h1 class="govuk-heading-l">"Letters and e-mails"</h1>
        {move || match retry.value().get() {
            Some(Ok(CommunicationOutcome::Done { message, .. })) => Some(view! { <SuccessBanner message=message testid="retried"/> }.into_any()),
            Some(Err(e)) => Some(view! { <ErrorNotice error=e/> }.into_any()),
            _ => None,
        }}
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(w) => view! {
                        <h2 class="govuk-heading-m">"Letters to print"</h2>
                        {if w.to_print.is_empty() {
                            view! { <p class="govuk-body">"No letters are waiting to be printed."</p> }.into_any()
                        } else {
                            view! {
                                <div class="fd-table-scroll"><table class="govuk-table" data-testid="to-print">
                                    <TableHead columns=&["Contact", "Letter", "Recipient", "Sent by", "Status", "Download"]/>
                                    <tbody class="govuk-table__body">
                                        {w.to_print.into_iter().map(|c| view! { <CommunicationRow c=c with_reference=true/> }).collect_view()}
                                    </tbody>
                                </table></div>
                            }.into_any()
                        }}
                        <h2 class="govuk-heading-m">"E-mails that failed"</h2>
                        <p class="govuk-body">"Each is tried again automatically, less often as time goes on, until it is sent. Nothing is dropped."</p>
                        {if w.failed.is_empty() {
                            view! { <p class="govuk-body" data-testid="no-failed">"No e-mails are failing."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="govuk-list" data-testid="failed">
                                    {w.failed.into_iter().map(|c| {
                                        let id = c.id.clone();
                                        view! {
                                            <li>
                                                <div class="fd-table-scroll"><table class="govuk-table">
                                                    <TableHead columns=&["Contact", "Letter", "Recipient", "Sent by", "Status", "Download"]/>
                                                    <tbody class="govuk-table__body"><CommunicationRow c=c with_reference=true/></tbody>
                                                </table></div>
                                                <button type="button" class="govuk-button govuk-button--secondary"
                                                    on:click=move |_| { retry.dispatch(RetryCommunication { id: id.clone() }); }>"Try again now"</button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// One letter as it prints: address block, date, subject, text. "Print" opens the browser's
/// print dialogue (the print stylesheet leaves only the letter); the PDF is made by the server.
#[component]
pub fn LetterPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    let printed = ServerAction::<MarkPrinted>::new();
    let loaded = Resource::new(move || (id.get(), printed.version().get()), |(id, _)| letter(id));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    Effect::new(move |_| {
        if let Some(Ok(CommunicationOutcome::Invalid { errors: e })) = printed.value().get() {
            errors.set(e);
        }
    });
    view! {
        <ErrorSummary errors=errors/>
        {move || match printed.value().get() {
            Some(Ok(CommunicationOutcome::Done { message, .. })) => Some(view! { <SuccessBanner message=message testid="marked-printed"/> }.into_any()),
            Some(Err(e)) => Some(view! { <ErrorNotice error=e/> }.into_any()),
            _ => None,
        }}
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading the letter…"</p> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(l) => {
                        let c = l.communication.clone();
                        let pdf = format!("/staff/communications/{}/pdf", c.id);
                        view! {
                            <Title text=format!("{} to {}", c.letter, c.recipient)/>
                            <div class="fd-no-print">
                                <a class="govuk-back-link" href=format!("/staff/contacts/{}", c.contact_id)>{format!("Back to contact {}", c.reference)}</a>
                                <span class="govuk-caption-l">{format!("{} · {} · {}", c.letter, c.channel, c.status_label)}</span>
                                <div class="govuk-button-group">
                                    <button type="button" class="govuk-button govuk-button--secondary" data-testid="print-letter"
                                        on:click=move |_| crate::components::print_page()>"Print"</button>
                                    <a class="govuk-button govuk-button--secondary" href=pdf rel="external" download="" data-testid="download-pdf">"Download as PDF"</a>
                                    {l.can_mark_printed.then(|| {
                                        let id = c.id.clone();
                                        view! {
                                            <button type="button" class="govuk-button" data-testid="mark-printed"
                                                on:click=move |_| { printed.dispatch(MarkPrinted { id: id.clone() }); }>"Mark as printed and posted"</button>
                                        }
                                    })}
                                </div>
                            </div>
                            <article class="fd-letter" data-testid="letter">
                                <address class="govuk-body fd-letter__address">
                                    <strong>{c.recipient.clone()}</strong>
                                    {l.recipient_address.into_iter().map(|line| view! { <br/>{line} }).collect_view()}
                                    {(!l.recipient_email.is_empty()).then(|| view! { <br/>{l.recipient_email.clone()} })}
                                </address>
                                <p class="govuk-body">{l.date}</p>
                                <h1 class="govuk-heading-m" data-testid="letter-subject">{l.subject}</h1>
                                {l.paragraphs.into_iter().map(|p| view! { <p class="govuk-body fd-note__text">{p}</p> }).collect_view()}
                            </article>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
