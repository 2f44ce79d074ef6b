//! The front door's work on a contact, as the contact page shows it: who and what it is about,
//! the step the reader can take, every step with its deadline, and the history of decisions.

use crate::api::workflow::{ItemView, WorkflowView};
use crate::components::workflow_step::WorkflowStep;
use crate::components::TableHead;
use domain::workflow::Rag;
use leptos::prelude::*;

/// A red/amber/green tag with words, never colour alone.
#[component]
pub fn RagTag(rag: Rag) -> impl IntoView {
    let class = match rag {
        Rag::Red => "govuk-tag govuk-tag--red",
        Rag::Amber => "govuk-tag govuk-tag--yellow",
        Rag::Green => "govuk-tag govuk-tag--green",
    };
    view! { <strong class=class data-rag=format!("{rag:?}").to_lowercase()>{rag.label()}</strong> }
}

fn row(label: &'static str, value: impl IntoView + 'static) -> impl IntoView {
    view! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{label}</dt>
            <dd class="govuk-summary-list__value">{value}</dd>
        </div>
    }
}

#[component]
pub fn WorkflowPanel(contact_id: String, wf: WorkflowView, #[prop(into)] on_done: Callback<String>) -> impl IntoView {
    let children = wf.children.clone();
    let items: Vec<ItemView> = wf.items.clone();
    let log = wf.log.clone();
    let referrer = wf.referrer.clone();
    let concern = wf.concern.clone();
    let can_step = wf.mine.is_some() && wf.status != "closed";
    view! {
        {(!wf.flags.is_empty()).then(|| view! {
            <div class="govuk-warning-text" data-testid="contact-flags">
                <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">"Warning"</span>{wf.flags.join(". ")}</strong>
            </div>
        })}
        <dl class="govuk-summary-list" data-testid="contact-summary">
            {row("Children", view! {
                {if children.is_empty() {
                    view! { <span>"No child identified"</span> }.into_any()
                } else {
                    view! {
                        <ul class="govuk-list">
                            {children.into_iter().map(|c| view! {
                                <li><a class="govuk-link" href=format!("/staff/people/{}", c.person_id)>{c.name}</a>
                                    {c.date_of_birth.map(|d| view! { <span class="fd-meta">{format!(" born {d}")}</span> })}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            })}
            {row("How it came in", format!("{}{}", wf.channel, wf.caller_kind.clone().map(|k| format!(" ({k})")).unwrap_or_default()))}
            {row("Contact source", wf.contact_source.clone())}
            {(!referrer.is_empty()).then(|| row("Referrer", view! {
                <ul class="govuk-list">{referrer.into_iter().map(|(k, v)| view! { <li>{format!("{k}: {v}")}</li> }).collect_view()}</ul>
            }))}
            {(!concern.is_empty()).then(|| row("Concern", view! { <div class="fd-prewrap">{concern}</div> }))}
            {row("Threshold level", wf.level.clone().unwrap_or_else(|| "Not decided yet".into()))}
            {wf.outcome.clone().map(|o| row("Outcome", format!("{o} ({})", wf.closed.clone().unwrap_or_default())))}
        </dl>
        <crate::components::consent_panel::ConsentPanel contact_id=contact_id.clone() view=wf.consent.clone() flow=wf.flow.clone() roles=wf.my_roles.clone() on_done=on_done/>
        {can_step.then(|| view! { <WorkflowStep contact_id=contact_id.clone() view=wf.clone() on_done=on_done/> })}
        <h2 class="govuk-heading-m">"Work on this contact"</h2>
        <div class="fd-table-scroll">
            <table class="govuk-table" data-testid="work-items">
                <TableHead columns=&["Step", "Worklist", "Held by", "Due", "State"]/>
                <tbody class="govuk-table__body">
                    {items.into_iter().map(|i| {
                        let state = match i.status.as_str() {
                            "open" => view! { <RagTag rag=i.rag/> }.into_any(),
                            "done" => view! { <span>{format!("Done {}", i.completed.clone().unwrap_or_default())}</span> }.into_any(),
                            _ => view! { <span>"Cancelled: the contact closed"</span> }.into_any(),
                        };
                        view! {
                            <tr class="govuk-table__row" data-stage=i.stage.clone() data-status=i.status.clone()>
                                <td class="govuk-table__cell">{i.stage_label}</td>
                                <td class="govuk-table__cell">{format!("{} ({})", i.worklist_label, i.team)}</td>
                                <td class="govuk-table__cell">{i.holder.unwrap_or_else(|| "Not yet taken".into())}</td>
                                <td class="govuk-table__cell">{i.due}</td>
                                <td class="govuk-table__cell">{state}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <h2 class="govuk-heading-m">"History"</h2>
        {if log.is_empty() {
            view! { <p class="govuk-body">"No decisions yet."</p> }.into_any()
        } else {
            view! {
                <ol class="govuk-list fd-history" data-testid="decision-log">
                    {log.into_iter().map(|l| view! {
                        <li class="fd-history__entry">
                            <p class="govuk-body govuk-!-margin-bottom-1"><strong>{l.decision}</strong>" · "{l.stage}</p>
                            <p class="govuk-body-s fd-meta govuk-!-margin-bottom-1">{format!("{} by {}", l.at, l.who)}</p>
                            {(!l.reason.is_empty()).then(|| view! { <p class="govuk-body fd-prewrap govuk-!-margin-bottom-1">{l.reason.clone()}</p> })}
                            {(!l.next.is_empty()).then(|| view! { <p class="govuk-body-s govuk-!-margin-bottom-1">{format!("Next: {}", l.next.join("; "))}</p> })}
                            {l.closes.clone().map(|c| view! { <p class="govuk-body-s govuk-!-margin-bottom-1">{format!("Closed: {c}")}</p> })}
                            {(!l.letters.is_empty()).then(|| view! { <p class="govuk-body-s govuk-!-margin-bottom-1">{format!("Letters: {}", l.letters.join("; "))}</p> })}
                            {(!l.seed.is_empty()).then(|| view! { <p class="govuk-body-s fd-meta">{format!("Following seed {}", l.seed)}</p> })}
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}
