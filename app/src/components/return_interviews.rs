//! Return interviews on a child's record (seed 003 §7): each return with its stored 72-hour
//! deadline and live red/amber/green state, and the upload of the Return Interview Form with
//! the CSE screening confirmed. The upload is a plain multipart form posted to the server
//! (`server/src/return_interviews.rs`), which sends problems back in this page's address.

use crate::api::missing::{return_interviews_due, return_interviews_for_person, ReturnInterviewView};
use crate::components::{ErrorNotice, ErrorSummary, SuccessBanner};
use domain::missing::{FormProblem, FORM_DOCUMENT_TYPE, MAX_FORM_BYTES};
use domain::FieldError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Bumped when a case note is added, so a "Missing status: found" note's new interview shows
/// without a reload (provided by the record page, read by the case notes).
#[derive(Clone, Copy)]
pub struct NotesChanged(pub RwSignal<u32>);

fn rag_class(rag: &str) -> &'static str {
    match rag {
        "red" => "govuk-tag govuk-tag--red",
        "amber" => "govuk-tag govuk-tag--yellow",
        _ => "govuk-tag govuk-tag--green",
    }
}

#[component]
pub fn ReturnInterviews(person_id: String) -> impl IntoView {
    let query = use_query_map();
    let changed = use_context::<NotesChanged>().map(|c| c.0);
    let person = StoredValue::new(person_id);
    let list = Resource::new(move || changed.map(|c| c.get()).unwrap_or(0), move |_| return_interviews_for_person(person.get_value()));
    // Problems from the upload come back as codes against the interview they were about.
    let failed = Memo::new(move |_| query.with(|q| q.get("ri").unwrap_or_default()));
    let errors = Memo::new(move |_| {
        let codes = query.with(|q| q.get("ri_error").unwrap_or_default());
        codes.split(',').filter_map(FormProblem::from_code).map(|p| FieldError::new(p.field(), p.message())).collect::<Vec<_>>()
    });
    let uploaded = Memo::new(move |_| query.with(|q| q.get("ri_uploaded").is_some()));
    let cse_ticked = Memo::new(move |_| query.with(|q| q.get("ri_cse").as_deref() == Some("yes")));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(v) if v.interviews.is_empty() => ().into_any(),
                    Ok(v) => view! {
                        <section id="return-interviews" data-testid="return-interviews" aria-labelledby="return-interviews-heading">
                            <h2 class="govuk-heading-m" id="return-interviews-heading">"Return interviews"</h2>
                            {move || uploaded.get().then(|| view! { <SuccessBanner message=format!("The {FORM_DOCUMENT_TYPE} is on the child's record.") testid="return-interview-uploaded"/> })}
                            <ErrorSummary errors=Signal::derive(move || errors.get())/>
                            <p class="govuk-body">"The missing-children partner worker carries out the return interview within 72 hours of the child's return, completes the CSE screening tool, and the form goes on the child's record."</p>
                            {v.interviews.into_iter().map(|i| {
                                let mine = failed.get_untracked() == i.id;
                                let ticked = mine && cse_ticked.get_untracked();
                                view! { <Interview interview=i errors=Signal::derive(move || if mine { errors.get() } else { Vec::new() }) may_upload=v.may_upload cse_ticked=ticked/> }
                            }).collect_view()}
                        </section>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Interview(interview: ReturnInterviewView, errors: Signal<Vec<FieldError>>, may_upload: bool, cse_ticked: bool) -> impl IntoView {
    let i = interview;
    let error = move |field: &'static str| errors.get().into_iter().find(|e| e.field == field).map(|e| e.message);
    let open = i.status == "due";
    let action = format!("/staff/return-interviews/{}/form", i.id);
    view! {
        <div class="govuk-summary-card" data-testid="return-interview" data-status=i.status.clone()>
            <div class="govuk-summary-card__title-wrapper">
                <h3 class="govuk-summary-card__title">{format!("Returned {}", i.returned)}</h3>
                <strong class=if open { rag_class(&i.rag) } else { "govuk-tag govuk-tag--grey" } data-testid="return-interview-state">
                    {if open { i.rag_label.clone() } else { i.status_label.clone() }}
                </strong>
            </div>
            <div class="govuk-summary-card__content">
                <dl class="govuk-summary-list">
                    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Interview due by"</dt>
                        <dd class="govuk-summary-list__value" data-testid="return-interview-due">{i.due.clone()}
                            {open.then(|| view! { <br/><span class="fd-meta">{i.due_text.clone()}</span> })}
                            <br/><span class="fd-meta">{format!("72 hours from the child's return (calendar {})", i.calendar_version)}</span></dd></div>
                    {i.form.clone().map(|f| view! {
                        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{FORM_DOCUMENT_TYPE}</dt>
                            <dd class="govuk-summary-list__value" data-testid="return-interview-form">
                                <a class="govuk-link" href=format!("/staff/return-interviews/{}/form", i.id) rel="external">{f}</a>
                                {i.timeliness.clone().map(|t| view! { <br/><span class="fd-meta">{t}</span> })}
                            </dd></div>
                    })}
                </dl>
                {(open && may_upload).then(|| view! {
                    <form method="post" action=action enctype="multipart/form-data" data-testid="return-interview-upload" novalidate>
                        <input type="hidden" name="version" value=i.version.to_string()/>
                        <div class=move || if error("form").is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                            <label class="govuk-label" for="form">{format!("Upload the {FORM_DOCUMENT_TYPE}")}</label>
                            <div class="govuk-hint" id="form-hint">{format!("PDF, document or scan, up to {} MB", MAX_FORM_BYTES / (1024 * 1024))}</div>
                            {move || error("form").map(|m| view! { <p class="govuk-error-message" id="form-error"><span class="govuk-visually-hidden">"Error: "</span>{m}</p> })}
                            <input class="govuk-file-upload" id="form" name="form" type="file" aria-describedby="form-hint"/>
                        </div>
                        <div class=move || if error("cse_screening").is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                            {move || error("cse_screening").map(|m| view! { <p class="govuk-error-message" id="cse_screening-error"><span class="govuk-visually-hidden">"Error: "</span>{m}</p> })}
                            <div class="govuk-checkboxes govuk-checkboxes--small">
                                <div class="govuk-checkboxes__item">
                                    <input class="govuk-checkboxes__input" id="cse_screening" name="cse_screening" type="checkbox" value="yes" checked=cse_ticked/>
                                    <label class="govuk-label govuk-checkboxes__label" for="cse_screening">"The CSE screening tool was completed as part of the return interview"</label>
                                </div>
                            </div>
                        </div>
                        <button type="submit" class="govuk-button" data-testid="return-interview-submit">"Upload the form"</button>
                    </form>
                })}
            </div>
        </div>
    }
}

/// The Early Help desk's list of return interviews still awaited, the soonest due first.
#[component]
pub fn ReturnInterviewsDue() -> impl IntoView {
    let list = Resource::new(|| (), |_| return_interviews_due());
    view! {
        <h2 class="govuk-heading-m">"Return interviews due"</h2>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading the return interviews…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(v) if v.interviews.is_empty() => view! { <p class="govuk-body" data-testid="no-return-interviews">"None waiting: no child is back from missing without a return interview."</p> }.into_any(),
                    Ok(v) => view! {
                        <div class="fd-table-scroll">
                            <table class="govuk-table" data-testid="return-interviews-due">
                                <caption class="govuk-table__caption govuk-visually-hidden">"Return interviews due"</caption>
                                <crate::components::TableHead columns=&["Child", "Returned", "Due by", "State"]/>
                                <tbody class="govuk-table__body">
                                    {v.interviews.into_iter().map(|i| view! {
                                        <tr class="govuk-table__row">
                                            <td class="govuk-table__cell"><a class="govuk-link" href=format!("/staff/people/{}#return-interviews", i.person_id)>{i.child.clone()}</a></td>
                                            <td class="govuk-table__cell">{i.returned.clone()}</td>
                                            <td class="govuk-table__cell">{i.due.clone()}<br/><span class="fd-meta">{i.due_text.clone()}</span></td>
                                            <td class="govuk-table__cell"><strong class=rag_class(&i.rag)>{i.rag_label.clone()}</strong></td>
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
