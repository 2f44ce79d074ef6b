//! The letters and e-mails issued on a contact, with where each one is (queued, sent, failed and
//! retrying, ready to print, printed) and links to read, print or download it as a PDF.

use crate::api::letters::{communications_for_contact, CommunicationView};
use crate::components::{ErrorNotice, TableHead};
use leptos::prelude::*;

/// The GOV.UK tag colour for a communication's status.
pub fn status_tag(status: &str) -> &'static str {
    match status {
        "sent" | "printed" => "govuk-tag govuk-tag--green",
        "failed_retrying" => "govuk-tag govuk-tag--red",
        "ready_to_print" => "govuk-tag govuk-tag--yellow",
        _ => "govuk-tag govuk-tag--blue",
    }
}

/// One row of a communications table (shared by the contact and Business Support's lists).
#[component]
pub fn CommunicationRow(c: CommunicationView, #[prop(optional)] with_reference: bool) -> impl IntoView {
    let detail = match (&c.last_error, &c.next_attempt, &c.done) {
        (Some(err), Some(next), _) => format!("Attempt {} failed: {err}. Next try {next}.", c.attempts),
        (_, _, Some(done)) => done.clone(),
        _ => String::new(),
    };
    view! {
        <tr class="govuk-table__row" data-testid="communication" data-status=c.status.clone()>
            {with_reference.then(|| view! {
                <td class="govuk-table__cell"><a class="govuk-link" href=format!("/staff/contacts/{}", c.contact_id)>{c.reference.clone()}</a></td>
            })}
            <td class="govuk-table__cell">
                <a class="govuk-link" href=format!("/staff/communications/{}", c.id)>{c.letter.clone()}</a>
                <br/><span class="fd-meta">{format!("Template version {}", c.template_version)}</span>
            </td>
            <td class="govuk-table__cell">{c.recipient.clone()}<br/><span class="fd-meta">{c.recipient_role.clone()}</span></td>
            <td class="govuk-table__cell">{c.channel.clone()}</td>
            <td class="govuk-table__cell"><strong class=status_tag(&c.status)>{c.status_label.clone()}</strong>
                {(!detail.is_empty()).then(|| view! { <br/><span class="fd-meta">{detail}</span> })}</td>
            <td class="govuk-table__cell fd-no-print">
                <a class="govuk-link" href=format!("/staff/communications/{}/pdf", c.id) rel="external" download="">
                    "PDF"<span class="govuk-visually-hidden">{format!(" of the letter to {}", c.recipient)}</span>
                </a>
            </td>
        </tr>
    }
}

#[component]
pub fn ContactCommunications(#[prop(into)] contact_id: String) -> impl IntoView {
    let list = Resource::new(move || contact_id.clone(), communications_for_contact);
    view! {
        <section data-testid="contact-communications" aria-labelledby="communications-heading">
            <h2 class="govuk-heading-m" id="communications-heading">"Letters and e-mails"</h2>
            <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! { <p class="govuk-body">"No letters or e-mails have been issued on this contact."</p> }.into_any(),
                        Ok(rows) => view! {
                            <div class="fd-table-scroll">
                                <table class="govuk-table">
                                    <TableHead columns=&["Letter", "Recipient", "Sent by", "Status", "Download"]/>
                                    <tbody class="govuk-table__body">
                                        {rows.into_iter().map(|c| view! { <CommunicationRow c=c/> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
