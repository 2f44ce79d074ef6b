//! A person's page section from the person index: their details and identifiers (change them,
//! with the version they were read at), Children's Social Care status (record an
//! allocated worker, close), relationships with the Parental Responsibility flag (link a person
//! found with the picker; withdraw one recorded in error, with a reason, and restore it), and for managers merging a duplicate into this record and
//! undoing a merge. Embedded on the person page with one line.

use crate::api::people::{
    close_involvement, get_person_index, link_people, merge_people, person_details_draft_key, record_involvement, restore_relationship, unmerge_people, update_person,
    withdraw_relationship, ChangeOutcome, PersonOutcome,
};
use crate::components::drafts::{forget_local, keep_draft_into, DraftPlace, DraftState, DraftStatus};
use crate::components::person_fields::{PersonFieldInputs, PersonFields, EDIT_PERSON_IDS};
use crate::components::person_picker::{csc_words, PersonPicker};
use crate::components::{ErrorNotice, ErrorSummary, SuccessBanner, TextInput};
use crate::error::AppError;
use domain::people::InvolvementForm;
use domain::FieldError;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

type Change = Pin<Box<dyn Future<Output = Result<ChangeOutcome, AppError>> + Send>>;

#[component]
pub fn PersonIndexSection(#[prop(into)] person_id: String) -> impl IntoView {
    let pid = StoredValue::new(person_id);
    let change = Action::new(|f: &std::sync::Arc<dyn Fn() -> Change + Send + Sync>| f());
    let view_of = Resource::new(move || change.version().get(), move |_| get_person_index(pid.get_value()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let message = RwSignal::new(None::<String>);
    // The relationship being withdrawn (id, relative's name) and why; one form, under the table.
    let withdrawing = RwSignal::new(None::<(String, String)>);
    let withdraw_reason = RwSignal::new(String::new());
    Effect::new(move |_| match change.value().get() {
        Some(Ok(ChangeOutcome::Done { message: m })) => {
            errors.set(Vec::new());
            withdrawing.set(None);
            message.set(Some(m));
        }
        Some(Ok(ChangeOutcome::Invalid { errors: e })) => {
            message.set(None);
            errors.set(e);
        }
        Some(Err(e)) => errors.set(vec![FieldError::new("kind", e.to_string())]),
        None => {}
    });
    let run = move |f: std::sync::Arc<dyn Fn() -> Change + Send + Sync>| {
        change.dispatch(f);
    };

    // Change details: filled from the record once, then only from what is typed.
    let details = PersonFields::new();
    let details_version = RwSignal::new(None::<i64>);
    let save_details = Action::new(move |(form, version): &(domain::people::PersonForm, i64)| update_person(pid.get_value(), form.clone(), *version));
    // What is typed into the details is kept as a draft once the record has filled them in,
    // with the version it was read at: a draft restored after someone else changed the record
    // says so, so their change is not written over unseen.
    let details_changed_since = RwSignal::new(false);
    let details_draft = RwSignal::new(DraftState::Nothing);
    // Opened (never closed) when a draft comes back, so the user sees their words.
    let details_open = RwSignal::new(false);
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) || details_version.get().is_none() {
            return started == Some(true);
        }
        let id = pid.get_value();
        let place = DraftPlace { form_key: person_details_draft_key(&id), title: "Changes to a person's details".into(), path: format!("/staff/people/{id}"), record_kind: "person", record_id: id };
        keep_draft_into(
            place,
            Signal::derive(move || (details.tracked(), details_version.get_untracked().unwrap_or_default())),
            move |(form, version): (domain::people::PersonForm, i64)| {
                details.fill(&form);
                details_open.set(true);
                // The draft is saved against the record as it is now, so it can be saved at all;
                // if the record moved on since, the user is told to check it first.
                details_changed_since.set(details_version.get_untracked() != Some(version));
            },
            details_draft,
        );
        true
    });
    Effect::new(move |_| match save_details.value().get() {
        Some(Ok(PersonOutcome::Saved { name, version, .. })) => {
            errors.set(Vec::new());
            forget_local(&person_details_draft_key(&pid.get_value()));
            details_draft.set(DraftState::Nothing);
            details_changed_since.set(false);
            details_version.set(Some(version));
            message.set(Some(format!("The details of {name} are saved.")));
        }
        Some(Ok(PersonOutcome::Invalid { errors: e })) => {
            message.set(None);
            errors.set(EDIT_PERSON_IDS.errors_for(e));
        }
        Some(Ok(PersonOutcome::Stale { message: m } | PersonOutcome::SearchFirst { message: m })) => {
            message.set(None);
            errors.set(vec![FieldError::new(EDIT_PERSON_IDS.given_names, m)]);
        }
        Some(Err(e)) => errors.set(vec![FieldError::new(EDIT_PERSON_IDS.given_names, e.to_string())]),
        None => {}
    });

    // Forms live outside the reloaded view so nothing typed is lost.
    let inv = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (closed_on, closure_reason) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let relative = RwSignal::new(Vec::<(String, String)>::new());
    let kind = RwSignal::new(String::new());
    let pr = RwSignal::new(false);
    let household = RwSignal::new(false);
    let duplicate = RwSignal::new(Vec::<(String, String)>::new());
    let merge_reason = RwSignal::new(String::new());
    let unmerge_reason = RwSignal::new(String::new());

    view! {
        <section class="fd-person-index" data-testid="person-index" aria-labelledby="person-index-heading">
            <h2 class="govuk-heading-m" id="person-index-heading">"Family and Children's Social Care"</h2>
            {move || message.get().map(|m| view! { <SuccessBanner message=m testid="index-saved"/> })}
            <ErrorSummary errors=errors/>
            <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match view_of.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(v) => {
                            let open = v.involvements.iter().find(|i| i.open).cloned();
                            let latest = v.involvements.first().cloned();
                            let kinds = v.kinds.clone();
                            if details_version.get_untracked().is_none() {
                                details.fill(&v.form);
                                details_version.set(Some(v.version));
                            }
                            let read_version = v.version;
                            view! {
                                {v.merged_into.clone().map(|(id, name)| view! {
                                    <div class="govuk-warning-text"><strong class="govuk-warning-text__text">
                                        "This record is merged into " <a class="govuk-link" href=format!("/staff/people/{id}")>{name}</a>
                                    </strong></div>
                                })}
                                // A merged record takes no changes: its survivor does.
                                {v.merged_into.is_none().then(|| view! {
                                    <details class="govuk-details" data-testid="change-details" prop:open=move || details_open.get()>
                                        <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Change details and identifiers"</span></summary>
                                        <div class="govuk-details__text">
                                            {move || details_changed_since.get().then(|| view! {
                                                <div class="govuk-warning-text" data-testid="draft-record-changed"><span class="govuk-warning-text__icon" aria-hidden="true">"!"</span><strong class="govuk-warning-text__text">
                                                    "Someone changed this record after your draft was kept. Check each field against the record before you save."
                                                </strong></div>
                                            })}
                                            <PersonFieldInputs fields=details ids=&EDIT_PERSON_IDS errors=errors/>
                                            <button type="button" class="govuk-button govuk-button--secondary" data-testid="save-details" disabled=move || save_details.pending().get()
                                                on:click=move |_| {
                                                    let version = details_version.get_untracked().unwrap_or(read_version);
                                                    save_details.dispatch((details.form(), version));
                                                }>"Save details"</button>
                                            <DraftStatus state=details_draft/>
                                        </div>
                                    </details>
                                })}
                                <h3 class="govuk-heading-s">"Children's Social Care"</h3>
                                <p class="govuk-body" data-testid="csc-status">{csc_words(&latest)}</p>
                                {match open {
                                    Some(o) => {
                                        let id = o.id.clone();
                                        view! {
                                            <TextInput id="closed_on" label="Closed on" value=closed_on errors=errors hint="For example, 27/3/2026"/>
                                            <TextInput id="closure_reason" label="Why was the case closed?" value=closure_reason errors=errors/>
                                            <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| {
                                                let id = id.clone();
                                                run(std::sync::Arc::new(move || Box::pin(close_involvement(id.clone(), closed_on.get_untracked(), closure_reason.get_untracked())) as Change));
                                            }>"Close the involvement"</button>
                                        }.into_any()
                                    }
                                    None => view! {
                                        <details class="govuk-details">
                                            <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Record that this person is open to Children's Social Care"</span></summary>
                                            <div class="govuk-details__text">
                                                <TextInput id="worker_name" label="Allocated worker" value=inv.0 errors=errors/>
                                                <TextInput id="worker_team" label="Team" value=inv.1 errors=errors/>
                                                <TextInput id="worker_phone" label="Worker's phone" value=inv.2 errors=errors input_type="tel"/>
                                                <TextInput id="worker_email" label="Worker's email" value=inv.3 errors=errors input_type="email"/>
                                                <TextInput id="opened_on" label="Opened on" value=inv.4 errors=errors hint="For example, 27/3/2026"/>
                                                <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| {
                                                    let form = InvolvementForm { worker_name: inv.0.get_untracked(), worker_team: inv.1.get_untracked(), worker_phone: inv.2.get_untracked(), worker_email: inv.3.get_untracked(), opened_on: inv.4.get_untracked() };
                                                    run(std::sync::Arc::new(move || Box::pin(record_involvement(pid.get_value(), form.clone())) as Change));
                                                }>"Record involvement"</button>
                                            </div>
                                        </details>
                                    }.into_any(),
                                }}
                                <h3 class="govuk-heading-s">"Relationships"</h3>
                                {if v.relationships.is_empty() {
                                    view! { <p class="govuk-body" data-testid="no-relationships">"No relationships recorded."</p> }.into_any()
                                } else {
                                    view! {
                                        <table class="govuk-table" id="relationships" data-testid="relationships">
                                            <thead class="govuk-table__head"><tr class="govuk-table__row">
                                                <th scope="col" class="govuk-table__header">"Name"</th>
                                                <th scope="col" class="govuk-table__header">"Relationship"</th>
                                                <th scope="col" class="govuk-table__header">"Parental Responsibility"</th>
                                                <th scope="col" class="govuk-table__header">"Household"</th>
                                                <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Actions"</span></th>
                                            </tr></thead>
                                            <tbody class="govuk-table__body">
                                                {v.relationships.iter().cloned().map(|r| {
                                                    let (rid, name) = (r.id.clone(), r.relative_name.clone());
                                                    let action = match (&r.withdrawn, r.can_restore) {
                                                        (None, _) => view! {
                                                            <button type="button" class="fd-link-button" data-testid="withdraw-relationship" on:click=move |_| {
                                                                withdraw_reason.set(String::new());
                                                                withdrawing.set(Some((rid.clone(), name.clone())));
                                                            }>"Withdraw"<span class="govuk-visually-hidden">{format!(" the link with {}", r.relative_name)}</span></button>
                                                        }.into_any(),
                                                        (Some(_), true) => view! {
                                                            <button type="button" class="fd-link-button" data-testid="restore-relationship" on:click=move |_| {
                                                                let rid = rid.clone();
                                                                run(std::sync::Arc::new(move || Box::pin(restore_relationship(pid.get_value(), rid.clone())) as Change));
                                                            }>"Restore"<span class="govuk-visually-hidden">{format!(" the link with {}", r.relative_name)}</span></button>
                                                        }.into_any(),
                                                        (Some(_), false) => ().into_any(),
                                                    };
                                                    view! {
                                                        <tr class="govuk-table__row" data-withdrawn=r.withdrawn.is_some().to_string()>
                                                            <td class="govuk-table__cell">
                                                                <a class="govuk-link" href=format!("/staff/people/{}", r.relative_id)>{r.relative_name.clone()}</a>" ("{r.relative_date_of_birth.clone()}")"
                                                                {r.withdrawn.clone().map(|w| view! {
                                                                    " " <strong class="govuk-tag govuk-tag--grey">"Withdrawn"</strong>
                                                                    <p class="govuk-body-s govuk-!-margin-bottom-0" data-testid="relationship-withdrawn-by">{w}</p>
                                                                })}
                                                            </td>
                                                            <td class="govuk-table__cell">{r.label.clone()}</td>
                                                            <td class="govuk-table__cell">{if r.parental_responsibility.is_empty() { "No".to_string() } else { r.parental_responsibility.clone() }}</td>
                                                            <td class="govuk-table__cell">{if r.household_member { "Yes" } else { "No" }}</td>
                                                            <td class="govuk-table__cell">{action}</td>
                                                        </tr>
                                                    }
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    }.into_any()
                                }}
                                {move || withdrawing.get().map(|(rid, name)| view! {
                                    <div class="govuk-inset-text" data-testid="withdraw-relationship-form">
                                        <TextInput id="withdraw_reason" label=format!("Why are you withdrawing the link with {name}?") value=withdraw_reason errors=errors
                                            hint="It stays on both records, marked as withdrawn, and stops counting for siblings, Parental Responsibility and letters."/>
                                        <div class="govuk-button-group">
                                            <button type="button" class="govuk-button govuk-button--warning" data-testid="confirm-withdraw-relationship" on:click=move |_| {
                                                let (rid, why) = (rid.clone(), withdraw_reason.get_untracked());
                                                run(std::sync::Arc::new(move || Box::pin(withdraw_relationship(pid.get_value(), rid.clone(), why.clone())) as Change));
                                            }>"Withdraw relationship"</button>
                                            <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| withdrawing.set(None)>"Cancel"</button>
                                        </div>
                                    </div>
                                })}
                                <details class="govuk-details">
                                    <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Link a family or household member"</span></summary>
                                    <div class="govuk-details__text">
                                        <PersonPicker chosen=relative action="Choose"/>
                                        <p class="govuk-body">{move || relative.get().last().map(|(_, n)| format!("Chosen: {n}")).unwrap_or_else(|| "Search and choose the person to link.".into())}</p>
                                        <div class="govuk-form-group">
                                            <label class="govuk-label" for="kind">"They are this person's…"</label>
                                            <select class="govuk-select" id="kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                                                <option value="">"Choose"</option>
                                                {kinds.into_iter().map(|(slug, label)| view! { <option value=slug>{label}</option> }).collect_view()}
                                            </select>
                                        </div>
                                        <div class="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-bottom-4">
                                            <div class="govuk-checkboxes__item">
                                                <input class="govuk-checkboxes__input" type="checkbox" id="parental_responsibility" prop:checked=move || pr.get() on:change=move |ev| pr.set(event_target_checked(&ev))/>
                                                <label class="govuk-label govuk-checkboxes__label" for="parental_responsibility">"They hold Parental Responsibility for this person"</label>
                                            </div>
                                            <div class="govuk-checkboxes__item">
                                                <input class="govuk-checkboxes__input" type="checkbox" id="household_member" prop:checked=move || household.get() on:change=move |ev| household.set(event_target_checked(&ev))/>
                                                <label class="govuk-label govuk-checkboxes__label" for="household_member">"They live in the same household"</label>
                                            </div>
                                        </div>
                                        <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| {
                                            let other = relative.get_untracked().last().map(|(id, _)| id.clone()).unwrap_or_default();
                                            let (k, p, h) = (kind.get_untracked(), pr.get_untracked(), household.get_untracked());
                                            // Rows read "person is <kind> of other": the chosen relative is the subject.
                                            run(std::sync::Arc::new(move || Box::pin(link_people(other.clone(), pid.get_value(), k.clone(), p, h, pid.get_value())) as Change));
                                        }>"Link"</button>
                                    </div>
                                </details>
                                {(!v.merges.is_empty()).then(|| view! {
                                    <h3 class="govuk-heading-s">"Merges"</h3>
                                    <ul class="govuk-list" data-testid="merges">
                                        {v.merges.iter().cloned().map(|m| {
                                            let mid = m.id.clone();
                                            view! {
                                                <li>
                                                    <a class="govuk-link" href=format!("/staff/people/{}", m.other_id)>{m.summary.clone()}</a>
                                                    {format!(" on {}: {}", m.at, m.reason)}
                                                    {m.undone.clone().map(|u| view! { <span class="fd-meta">{format!(" ({u})")}</span> })}
                                                    {m.can_unmerge.then(|| view! {
                                                        <TextInput id="unmerge_reason" label="Why are they not the same person?" value=unmerge_reason errors=errors/>
                                                        <button type="button" class="govuk-button govuk-button--warning" on:click=move |_| {
                                                            let (mid, why) = (mid.clone(), unmerge_reason.get_untracked());
                                                            run(std::sync::Arc::new(move || Box::pin(unmerge_people(mid.clone(), why.clone())) as Change));
                                                        }>"Unmerge"</button>
                                                    })}
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                })}
                                {v.can_merge.then(|| view! {
                                    <details class="govuk-details">
                                        <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Merge a duplicate record into this one"</span></summary>
                                        <div class="govuk-details__text">
                                            <PersonPicker chosen=duplicate action="Choose"/>
                                            <p class="govuk-body" id="merge_with">{move || duplicate.get().last().map(|(_, n)| format!("Duplicate: {n}")).unwrap_or_else(|| "Search and choose the duplicate.".into())}</p>
                                            <TextInput id="merge_reason" label="Why are these records the same person?" value=merge_reason errors=errors/>
                                            <button type="button" class="govuk-button govuk-button--warning" on:click=move |_| {
                                                let dup = duplicate.get_untracked().last().map(|(id, _)| id.clone()).unwrap_or_default();
                                                let why = merge_reason.get_untracked();
                                                run(std::sync::Arc::new(move || Box::pin(merge_people(pid.get_value(), dup.clone(), why.clone())) as Change));
                                            }>"Merge into this record"</button>
                                        </div>
                                    </details>
                                })}
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
    .into_any()
}
