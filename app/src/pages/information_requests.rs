//! Information requests (seed 002): the IRR folder (urgent first, tag as mine, actioned), one
//! request (Business Support's check, the consent gate, the need-to-know response built from the
//! recorded history, the Team Manager's agreement, sending), recording a request from an inbox
//! e-mail, LADO's OFSTED suitability check, and the administrators' secure address list. The
//! server re-runs every rule; its refusals come back in the error summary with nothing lost.

use crate::api::information_requests::*;
use crate::components::drafts::{forget_local, keep_draft, keep_draft_into, DraftPlace, DraftState, DraftStatus};
use crate::components::govuk::TableHead;
use crate::components::{Checkboxes, CheckboxItem, ErrorNotice, ErrorSummary, SuccessBanner, TextArea, TextInput};
use crate::error::AppError;
use domain::information_requests::{criterion_slug, IntakeForm, EXCEPTIONS};
use domain::rules::UrgencyCriterion;
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// What a step's answer does to the page: mistakes into the summary, a message into the banner.
fn apply(v: Option<Result<IrrOutcome, AppError>>, errors: RwSignal<Vec<FieldError>>, notice: RwSignal<Option<String>>, refusal: RwSignal<Option<String>>, failure: RwSignal<Option<AppError>>) {
    match v {
        Some(Ok(IrrOutcome::Done { message })) => {
            errors.set(Vec::new());
            refusal.set(None);
            notice.set(Some(message));
        }
        Some(Ok(IrrOutcome::Invalid { errors: e })) => errors.set(e),
        Some(Ok(IrrOutcome::Refused { message })) => {
            notice.set(None);
            refusal.set(Some(message));
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    }
}

/// Radios bound to a signal; the first radio carries the field's id for the error summary.
#[component]
pub(crate) fn RadioGroup(id: &'static str, #[prop(into)] legend: String, choices: Vec<(String, String)>, value: RwSignal<String>, #[prop(into)] errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let error = Memo::new(move |_| errors.get().iter().find(|e| e.field == id).map(|e| e.message.clone()));
    view! {
        <div class=move || if error.get().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
            <fieldset class="govuk-fieldset">
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
                {move || error.get().map(|m| view! { <p class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{m}</p> })}
                <div class="govuk-radios govuk-radios--small">
                    {choices.into_iter().enumerate().map(|(i, (v, label))| {
                        let input_id = if i == 0 { id.to_string() } else { format!("{id}-{v}") };
                        let v2 = v.clone();
                        let v3 = v.clone();
                        view! {
                            <div class="govuk-radios__item">
                                <input class="govuk-radios__input" id=input_id.clone() name=id type="radio" value=v.clone() data-testid=format!("{id}-{v}")
                                    prop:checked=move || value.get() == v2 on:change=move |_| value.set(v3.clone())/>
                                <label class="govuk-label govuk-radios__label" for=input_id>{label}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[component]
fn FolderTable(rows: Vec<FolderRow>, #[prop(into)] caption: String, testid: &'static str) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="govuk-body" data-testid=format!("{testid}-empty")>{format!("{caption}: none.")}</p> }.into_any();
    }
    view! {
        <div class="fd-table-scroll">
            <table class="govuk-table" data-testid=testid>
                <caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>
                <TableHead columns=&["Request", "Child", "From", "Age", "Deadline", "Status", "Working on it"]/>
                <tbody class="govuk-table__body">
                    {rows.into_iter().map(|r| view! {
                        <tr class="govuk-table__row" data-testid="irr-row">
                            <td class="govuk-table__cell">
                                {r.urgent.then(|| view! { <strong class="govuk-tag govuk-tag--red">"Urgent"</strong>" " })}
                                <a class="govuk-link" href=format!("/staff/information-requests/{}", r.id)>{r.reference.clone()}</a>
                                <br/><span class="fd-meta">{r.title.clone()}</span>
                            </td>
                            <td class="govuk-table__cell">{r.child}</td>
                            <td class="govuk-table__cell">{r.requester}</td>
                            <td class="govuk-table__cell fd-nowrap">{r.age}</td>
                            <td class="govuk-table__cell">{r.due}</td>
                            <td class="govuk-table__cell">{r.status_label}</td>
                            <td class="govuk-table__cell">{if r.tagged_by_me { "You".to_string() } else { r.tagged_by.unwrap_or_default() }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The IRR folder: what Business Support checks, the RAO queue (urgent first), what allocated
/// workers answer, and what was recently actioned.
#[component]
pub fn IrrFolderPage() -> impl IntoView {
    let folder = Resource::new(|| (), |_| irr_folder());
    view! {
        <Title text="Information requests"/>
        <h1 class="govuk-heading-l" data-testid="irr-heading">"Information requests (IRR folder)"</h1>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading the folder…"</p> }>
            {move || Suspend::new(async move {
                match folder.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(f) => view! {
                        <div class="govuk-button-group">
                            {f.may_check.then(|| view! { <a class="govuk-button govuk-button--secondary" href="/staff/information-requests/new">"Record a request from an e-mail"</a> })}
                            {f.may_pass_ofsted.then(|| view! { <a class="govuk-button govuk-button--secondary" href="/staff/information-requests/ofsted" data-testid="ofsted-link">"Pass an OFSTED suitability check to CASS"</a> })}
                        </div>
                        <h2 class="govuk-heading-m">"Waiting for the Business Support check"</h2>
                        <FolderTable rows=f.awaiting_check caption="Waiting for the check, urgent first" testid="irr-awaiting"/>
                        <h2 class="govuk-heading-m">"IRR folder"</h2>
                        <p class="govuk-body">"Urgent requests first, then the rest in turn. Tag a request as yours before you work on it; no two RAOs work on one request."</p>
                        <FolderTable rows=f.folder caption="In the IRR folder" testid="irr-folder"/>
                        <h2 class="govuk-heading-m">"With allocated workers"</h2>
                        <FolderTable rows=f.with_allocated_workers caption="Saved in case notes; the allocated worker responds" testid="irr-workers"/>
                        <h2 class="govuk-heading-m">"Recently actioned"</h2>
                        <FolderTable rows=f.actioned caption="Actioned" testid="irr-actioned"/>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

fn row(label: &'static str, value: String) -> impl IntoView {
    (!value.trim().is_empty()).then(|| view! {
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{label}</dt><dd class="govuk-summary-list__value" style="white-space: pre-wrap">{value}</dd></div>
    })
}

/// Everything typed on the request page, kept outside the part fetched again.
#[derive(Clone, Copy)]
struct Typed {
    involvement: RwSignal<String>,
    depth: RwSignal<String>,
    reply: RwSignal<String>,
    person_id: RwSignal<String>,
    worker_email: RwSignal<String>,
    manager_email: RwSignal<String>,
    criteria: RwSignal<Vec<String>>,
    child_dob: RwSignal<String>,
    period: RwSignal<String>,
    reasons: RwSignal<String>,
    key_events: RwSignal<String>,
    assessment_detail: RwSignal<bool>,
    send_to: RwSignal<String>,
    address_kind: RwSignal<String>,
    agreement: RwSignal<String>,
    ofsted_response: RwSignal<String>,
    /// The draft was filled from the request once.
    filled: RwSignal<bool>,
}

/// What `Typed` holds, kept as a draft.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct TypedDraft {
    involvement: String,
    depth: String,
    reply: String,
    person_id: String,
    worker_email: String,
    manager_email: String,
    criteria: Vec<String>,
    child_dob: String,
    period: String,
    reasons: String,
    key_events: String,
    assessment_detail: bool,
    send_to: String,
    address_kind: String,
    agreement: String,
    ofsted_response: String,
}

impl Typed {
    fn snapshot(&self) -> TypedDraft {
        TypedDraft {
            involvement: self.involvement.get(),
            depth: self.depth.get(),
            reply: self.reply.get(),
            person_id: self.person_id.get(),
            worker_email: self.worker_email.get(),
            manager_email: self.manager_email.get(),
            criteria: self.criteria.get(),
            child_dob: self.child_dob.get(),
            period: self.period.get(),
            reasons: self.reasons.get(),
            key_events: self.key_events.get(),
            assessment_detail: self.assessment_detail.get(),
            send_to: self.send_to.get(),
            address_kind: self.address_kind.get(),
            agreement: self.agreement.get(),
            ofsted_response: self.ofsted_response.get(),
        }
    }

    fn restore(&self, d: TypedDraft) {
        self.involvement.set(d.involvement);
        self.depth.set(d.depth);
        self.reply.set(d.reply);
        self.person_id.set(d.person_id);
        self.worker_email.set(d.worker_email);
        self.manager_email.set(d.manager_email);
        self.criteria.set(d.criteria);
        self.child_dob.set(d.child_dob);
        self.period.set(d.period);
        self.reasons.set(d.reasons);
        self.key_events.set(d.key_events);
        self.assessment_detail.set(d.assessment_detail);
        self.send_to.set(d.send_to);
        if !d.address_kind.is_empty() {
            self.address_kind.set(d.address_kind);
        }
        self.agreement.set(d.agreement);
        self.ofsted_response.set(d.ofsted_response);
    }

    fn new() -> Typed {
        Typed {
            involvement: RwSignal::new(String::new()),
            depth: RwSignal::new(String::new()),
            reply: RwSignal::new(String::new()),
            person_id: RwSignal::new(String::new()),
            worker_email: RwSignal::new(String::new()),
            manager_email: RwSignal::new(String::new()),
            criteria: RwSignal::new(Vec::new()),
            child_dob: RwSignal::new(String::new()),
            period: RwSignal::new(String::new()),
            reasons: RwSignal::new(String::new()),
            key_events: RwSignal::new(String::new()),
            assessment_detail: RwSignal::new(false),
            send_to: RwSignal::new(String::new()),
            address_kind: RwSignal::new("requesters_own".into()),
            agreement: RwSignal::new(String::new()),
            ofsted_response: RwSignal::new(String::new()),
            filled: RwSignal::new(false),
        }
    }

    fn fill(&self, v: &RequestView) {
        if self.filled.get_untracked() {
            return;
        }
        self.filled.set(true);
        self.period.set(v.draft_period.clone());
        self.key_events.set(v.draft_key_events.clone());
        self.send_to.set(v.requester_email.clone());
        self.criteria.set(
            UrgencyCriterion::ALL.iter().filter(|c| v.criteria.iter().any(|l| l == c.label())).map(|c| criterion_slug(*c).to_string()).collect(),
        );
    }
}

/// One request and the steps the reader may take on it.
#[component]
pub fn IrrRequestPage() -> impl IntoView {
    let params = use_params_map();
    let check = ServerAction::<IrrCheck>::new();
    let tag = ServerAction::<IrrTag>::new();
    let untag = ServerAction::<IrrUntag>::new();
    let urgency = ServerAction::<IrrUrgency>::new();
    let child = ServerAction::<IrrChild>::new();
    let ask = ServerAction::<IrrAskAgreement>::new();
    let agree = ServerAction::<IrrAgree>::new();
    let respond_action = ServerAction::<IrrRespond>::new();
    let resubmit = ServerAction::<IrrResubmit>::new();
    let ofsted = ServerAction::<IrrOfstedRespond>::new();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let notice = RwSignal::new(None::<String>);
    let refusal = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<AppError>);
    let typed = Typed::new();
    // Everything typed is kept as a draft, starting once the request has filled the form in
    // (so what the request filled in is not taken for typing).
    let draft = RwSignal::new(DraftState::Nothing);
    let draft_key = StoredValue::new(String::new());
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) || !typed.filled.get() {
            return started == Some(true);
        }
        let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
        draft_key.set_value(irr_draft_key(&id));
        let place = DraftPlace { form_key: irr_draft_key(&id), title: "An information request".into(), path: format!("/staff/information-requests/{id}"), record_kind: "information_request", record_id: id };
        keep_draft_into(place, Signal::derive(move || typed.snapshot()), move |d| typed.restore(d), draft);
        true
    });
    let request = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").unwrap_or_default()),
                check.version().get() + tag.version().get() + untag.version().get() + urgency.version().get() + child.version().get(),
                ask.version().get() + agree.version().get() + respond_action.version().get() + resubmit.version().get() + ofsted.version().get(),
            )
        },
        |(id, ..)| irr_get(id),
    );
    Effect::new(move |_| apply(check.value().get(), errors, notice, refusal, failure));
    Effect::new(move |_| apply(tag.value().get(), errors, notice, refusal, failure));
    Effect::new(move |_| apply(untag.value().get(), errors, notice, refusal, failure));
    Effect::new(move |_| apply(urgency.value().get(), errors, notice, refusal, failure));
    Effect::new(move |_| apply(child.value().get(), errors, notice, refusal, failure));
    Effect::new(move |_| apply(ask.value().get(), errors, notice, refusal, failure));
    Effect::new(move |_| apply(agree.value().get(), errors, notice, refusal, failure));
    Effect::new(move |_| apply(respond_action.value().get(), errors, notice, refusal, failure));
    Effect::new(move |_| apply(resubmit.value().get(), errors, notice, refusal, failure));
    Effect::new(move |_| apply(ofsted.value().get(), errors, notice, refusal, failure));
    // The request is finished: the server has removed its draft, and this browser's goes too.
    for finished in [respond_action.value(), resubmit.value(), ofsted.value()] {
        Effect::new(move |_| {
            if let Some(Ok(IrrOutcome::Done { .. })) = finished.get() {
                draft_key.with_value(|k| forget_local(k));
            }
        });
    }
    let clear = move || {
        notice.set(None);
        refusal.set(None);
        failure.set(None);
    };
    view! {
        <Title text="Information request"/>
        <a href="/staff/information-requests" class="govuk-back-link">"Back to the IRR folder"</a>
        <ErrorSummary errors=errors/>
        {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
        {move || notice.get().map(|m| view! { <SuccessBanner message=m testid="irr-notice"/> })}
        {move || refusal.get().map(|m| view! { <div class="govuk-inset-text" data-testid="irr-refusal">{m}</div> })}
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading the request…"</p> }>
            {move || Suspend::new(async move {
                match request.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(v) => {
                        typed.fill(&v);
                        let id = StoredValue::new(v.id.clone());
                        let is_ofsted = v.kind == "ofsted_suitability";
                        let criteria_items: Vec<CheckboxItem> = UrgencyCriterion::ALL.iter().map(|c| CheckboxItem { value: criterion_slug(*c).into(), label: c.label().into() }).collect();
                        let candidates: Vec<(String, String)> = v
                            .candidates
                            .iter()
                            .map(|c| (c.id.clone(), format!("{}{} · {}", c.name, if c.date_of_birth.is_empty() { String::new() } else { format!(" (born {})", c.date_of_birth) }, c.csc)))
                            .collect();
                        let worker_emails = StoredValue::new(v.candidates.iter().map(|c| (c.id.clone(), c.worker_email.clone())).collect::<Vec<_>>());
                        let has_candidates = !candidates.is_empty();
                        let gate = v.gate.clone();
                        view! {
                            <span class="govuk-caption-l">{format!("{} · {}", v.kind_label, v.reference)}</span>
                            <h1 class="govuk-heading-l" data-testid="irr-title">
                                {v.urgent.then(|| view! { <strong class="govuk-tag govuk-tag--red" data-testid="irr-urgent">"Urgent"</strong>" " })}
                                {v.title.clone()}
                            </h1>
                            <dl class="govuk-summary-list">
                                <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Status"</dt>
                                    <dd class="govuk-summary-list__value" data-testid="irr-status">{v.status_label.clone()}{v.outcome_label.clone().map(|o| format!(": {o}"))}</dd></div>
                                {row("Received", format!("{} (via {})", v.received, v.channel_label))}
                                {row("Age", v.age.clone())}
                                {row("Deadline", v.due.clone())}
                                {row("Working on it", v.tagged_by.clone().map(|t| if v.tagged_by_me { "You".to_string() } else { t }).unwrap_or_else(|| "Nobody".into()))}
                                {row("From", format!("{} ({}), {} {}", v.requester_name, v.requester_organisation, v.requester_email, v.requester_phone))}
                                {row("Child", format!("{}{}", v.child_name, if v.child_date_of_birth.is_empty() { String::new() } else { format!(", born {}", v.child_date_of_birth) }))}
                                {row("Linked to", v.person_name.clone().unwrap_or_default())}
                                {row("Household", v.household.join(", "))}
                                {row("Address", v.child_address.clone())}
                                {row("Family", v.family_details.clone())}
                                {row("OFSTED reference", v.ofsted_reference.clone())}
                                {row("Applicant", format!("{} {}", v.applicant_name, v.applicant_date_of_birth))}
                                {row("What they need", v.information_needed.clone())}
                                {row("Why", v.reason.clone())}
                                {row("Urgency criteria", v.criteria.join("\n"))}
                                {row("Why urgent (as they said)", v.urgency_reason.clone())}
                                {row("Consent", v.consent_summary.clone())}
                                {row("Business Support's reply", v.check_reply.clone())}
                                {row("Team Manager's agreement", v.agreement.clone().unwrap_or_default())}
                            </dl>
                            {v.duplicate_of.clone().map(|d| view! {
                                <div class="govuk-inset-text">{format!("Duplicate of {} received {}.", d.reference, d.received)}{d.response.map(|r| format!(" CASS responded: {r}"))}</div>
                            })}

                            // Business Support's check.
                            {v.may_check.then(|| view! {
                                <form data-testid="irr-check-form" on:change=move |_| {
                                    // Choosing a child with an open case fills in their allocated worker's address.
                                    let chosen = typed.person_id.get_untracked();
                                    if typed.worker_email.get_untracked().is_empty() {
                                        if let Some((_, e)) = worker_emails.get_value().into_iter().find(|(id, e)| *id == chosen && !e.is_empty()) {
                                            typed.worker_email.set(e);
                                        }
                                    }
                                } on:submit=move |ev: leptos::ev::SubmitEvent| {
                                    ev.prevent_default();
                                    clear();
                                    check.dispatch(IrrCheck {
                                        id: id.get_value(),
                                        involvement: typed.involvement.get_untracked(),
                                        depth: typed.depth.get_untracked(),
                                        reply: typed.reply.get_untracked(),
                                        person_id: typed.person_id.get_untracked(),
                                        worker_email: typed.worker_email.get_untracked(),
                                        manager_email: typed.manager_email.get_untracked(),
                                    });
                                }>
                                    <h2 class="govuk-heading-m">"Business Support check"</h2>
                                    <RadioGroup id="involvement" legend="Is the child or family known to Children's Social Care?" value=typed.involvement errors=errors
                                        choices=pairs(&[("not_known", "Not known"), ("open_with_allocated_worker", "Open case with an allocated worker"), ("closed_with_history", "Closed case with history")])/>
                                    <RadioGroup id="depth" legend="What does the professional want?" value=typed.depth errors=errors
                                        choices=pairs(&[("level_one", "Level 1: whether there is an allocated worker, who and how to contact them, or when the case closed"), ("detailed", "More detailed information")])/>
                                    {if has_candidates {
                                        view! { <RadioGroup id="person_id" legend="The child in the person index" value=typed.person_id errors=errors choices=candidates.clone()/> }.into_any()
                                    } else {
                                        view! { <p class="govuk-body">"No one with this family name is in the person index."</p> }.into_any()
                                    }}
                                    <TextArea id="reply" label="Your reply (not known, or a level 1 answer)" value=typed.reply errors=errors rows=3/>
                                    <TextInput id="worker_email" label="Allocated worker's e-mail address (open case, more detail)" value=typed.worker_email errors=errors input_type="email"/>
                                    <TextInput id="manager_email" label="Their Team Manager's e-mail address" value=typed.manager_email errors=errors input_type="email"/>
                                    <button type="submit" class="govuk-button" data-testid="irr-check-submit">"Save the check"</button>
                                </form>
                            })}

                            // The RAO's tag.
                            <div class="govuk-button-group">
                                {v.may_tag.then(|| view! {
                                    <button class="govuk-button" data-testid="irr-tag" on:click=move |_| { clear(); tag.dispatch(IrrTag { id: id.get_value() }); }>"Tag as mine"</button>
                                })}
                                {v.may_work.then(|| view! {
                                    <button class="govuk-button govuk-button--secondary" data-testid="irr-untag" on:click=move |_| { clear(); untag.dispatch(IrrUntag { id: id.get_value() }); }>"Give it back to the folder"</button>
                                })}
                            </div>

                            {(v.may_work && !is_ofsted).then(|| view! {
                                <h2 class="govuk-heading-m">"Urgency"</h2>
                                <form on:submit=move |ev: leptos::ev::SubmitEvent| {
                                    ev.prevent_default();
                                    clear();
                                    urgency.dispatch(IrrUrgency { id: id.get_value(), criteria: typed.criteria.get_untracked() });
                                }>
                                    <Checkboxes id="criteria" legend="Which urgency criteria hold?" items=criteria_items.clone() chosen=typed.criteria errors=errors
                                        hint="None: the title is marked “None urgent” and the request is dealt with in turn."/>
                                    <button type="submit" class="govuk-button govuk-button--secondary" data-testid="irr-urgency-submit">"Confirm urgency"</button>
                                </form>
                            })}

                            {v.may_work.then(|| view! {
                                <h2 class="govuk-heading-m">"The child"</h2>
                                <form on:submit=move |ev: leptos::ev::SubmitEvent| {
                                    ev.prevent_default();
                                    clear();
                                    child.dispatch(IrrChild { id: id.get_value(), person_id: typed.person_id.get_untracked(), child_date_of_birth: typed.child_dob.get_untracked() });
                                }>
                                    {has_candidates.then(|| view! { <RadioGroup id="person_id" legend="Link to the child in the person index" value=typed.person_id errors=errors choices=candidates.clone()/> })}
                                    <TextInput id="child_date_of_birth" label="Child's date of birth as the records show it (YYYY-MM-DD)" value=typed.child_dob errors=errors
                                        hint="Needed when the young person gave consent: they must be 16 or over on the day of the request."/>
                                    <button type="submit" class="govuk-button govuk-button--secondary">"Save the child's details"</button>
                                </form>
                            })}

                            // The consent gate and the response.
                            {(v.may_work && !is_ofsted).then(|| {
                                let gate = gate.clone();
                                view! {
                                    <h2 class="govuk-heading-m">"Consent"</h2>
                                    {if gate.proceed {
                                        view! { <div class="govuk-inset-text" data-testid="irr-gate">{gate.basis.clone()}</div> }.into_any()
                                    } else if !gate.missing.is_empty() {
                                        view! { <div class="govuk-inset-text" data-testid="irr-gate">{gate.missing.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join(" ")}</div> }.into_any()
                                    } else {
                                        view! {
                                            <div class="govuk-warning-text" data-testid="irr-gate">
                                                <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                                                <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">"Warning"</span>
                                                    {format!("No consent that counts: {} Nothing can be shared.", gate.reasons.join(" "))}</strong>
                                            </div>
                                            <button class="govuk-button govuk-button--warning" data-testid="irr-resubmit" on:click=move |_| { clear(); resubmit.dispatch(IrrResubmit { id: id.get_value() }); }>
                                                "Ask the professional to resubmit with consent"
                                            </button>
                                        }.into_any()
                                    }}
                                    <h2 class="govuk-heading-m">"Team Manager's agreement"</h2>
                                    {if v.agreement.is_some() {
                                        view! { <p class="govuk-body">"Agreed: "{v.agreement.clone().unwrap_or_default()}</p> }.into_any()
                                    } else if v.agreement_requested {
                                        view! { <p class="govuk-body">"A Team Manager has been asked to agree what is shared."</p> }.into_any()
                                    } else {
                                        view! { <button class="govuk-button govuk-button--secondary" on:click=move |_| { clear(); ask.dispatch(IrrAskAgreement { id: id.get_value() }); }>"Ask a Team Manager to agree what is shared"</button> }.into_any()
                                    }}
                                    {gate.proceed.then(|| view! {
                                        <form data-testid="irr-respond-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                                            ev.prevent_default();
                                            clear();
                                            respond_action.dispatch(IrrRespond {
                                                id: id.get_value(),
                                                period: typed.period.get_untracked(),
                                                reasons: typed.reasons.get_untracked(),
                                                key_events: typed.key_events.get_untracked(),
                                                wants_assessment_detail: typed.assessment_detail.get_untracked(),
                                                send_to: typed.send_to.get_untracked(),
                                                address_kind: typed.address_kind.get_untracked(),
                                            });
                                        }>
                                            <h2 class="govuk-heading-m">"Compile the response"</h2>
                                            <p class="govuk-body">"A basic need-to-know response only: the period of involvement, the reasons, and key events with dates. Never the content of an assessment."</p>
                                            <TextInput id="period" label="Period of involvement with Children's Social Care" value=typed.period errors=errors/>
                                            <TextInput id="reasons" label="Reasons for involvement" value=typed.reasons errors=errors hint="For example, neglect"/>
                                            <TextArea id="key_events" label="Key events with dates" value=typed.key_events errors=errors rows=6
                                                hint="Assessments, child protection plans, section 47 enquiries, child in need plans: one a line, from the recorded history"/>
                                            <div class="govuk-form-group" id="wants_assessment_detail">
                                                <div class="govuk-checkboxes govuk-checkboxes--small">
                                                    <div class="govuk-checkboxes__item">
                                                        <input class="govuk-checkboxes__input" id="assessment_detail" type="checkbox" prop:checked=move || typed.assessment_detail.get()
                                                            on:change=move |ev| typed.assessment_detail.set(event_target_checked(&ev))/>
                                                        <label class="govuk-label govuk-checkboxes__label" for="assessment_detail">"They asked for detail within an assessment: give them the Disclosures Team's address"</label>
                                                    </div>
                                                </div>
                                            </div>
                                            <TextInput id="send_to" label="Send to" value=typed.send_to errors=errors input_type="email"/>
                                            <RadioGroup id="address_kind" legend="Whose address is it?" value=typed.address_kind errors=errors
                                                choices=pairs(&[("requesters_own", "The requester's own address"), ("generic", "A generic (shared) address")])/>
                                            <button type="submit" class="govuk-button" data-testid="irr-send">"Send the response"</button>
                                        </form>
                                    })}
                                }
                            })}

                            {(v.may_agree && !v.tagged_by_me).then(|| view! {
                                <form on:submit=move |ev: leptos::ev::SubmitEvent| {
                                    ev.prevent_default();
                                    clear();
                                    agree.dispatch(IrrAgree { id: id.get_value(), note: typed.agreement.get_untracked() });
                                }>
                                    <h2 class="govuk-heading-m">"Agree what is shared"</h2>
                                    <TextArea id="agreement" label="What may be shared" value=typed.agreement errors=errors rows=3/>
                                    <button type="submit" class="govuk-button govuk-button--secondary">"Record my agreement"</button>
                                </form>
                            })}

                            {(v.may_work && is_ofsted).then(|| view! {
                                <form on:submit=move |ev: leptos::ev::SubmitEvent| {
                                    ev.prevent_default();
                                    clear();
                                    ofsted.dispatch(IrrOfstedRespond { id: id.get_value(), response: typed.ofsted_response.get_untracked() });
                                }>
                                    <h2 class="govuk-heading-m">"Respond to OFSTED"</h2>
                                    <TextArea id="response" label="CASS's response after reviewing the history" value=typed.ofsted_response errors=errors rows=5
                                        hint="Sent to both OFSTED addresses and saved with the check on every sibling in the household"/>
                                    <button type="submit" class="govuk-button">"Send to OFSTED"</button>
                                </form>
                            })}

                            {(!v.messages.is_empty()).then(|| view! {
                                <h2 class="govuk-heading-m">"Sent"</h2>
                                <crate::components::PrintButton label="Print this request and its response" testid="print-irr"/>
                                {v.messages.clone().into_iter().map(|m| view! {
                                    <div class="govuk-summary-card" data-testid="irr-message">
                                        <div class="govuk-summary-card__title-wrapper"><h3 class="govuk-summary-card__title">{format!("{} to {}", m.kind_label, m.to)}</h3></div>
                                        <div class="govuk-summary-card__content">
                                            <p class="govuk-body"><strong>{m.subject}</strong>" · "{m.when}" · "{m.by}" · "<span data-testid="irr-message-status">{m.status}</span></p>
                                            <p class="govuk-body" style="white-space: pre-wrap">{m.body}</p>
                                        </div>
                                    </div>
                                }).collect_view()}
                            })}
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
        <DraftStatus state=draft/>
    }
}

/// Business Support records a request that came by e-mail (`?inbox=<id>` fills it from the e-mail).
#[component]
pub fn IrrNewPage() -> impl IntoView {
    let query = use_query_map();
    let record = ServerAction::<IrrRecord>::new();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let refusal = RwSignal::new(None::<String>);
    let fields = [(); 14].map(|_| RwSignal::new(String::new()));
    let [name, org, email, phone, child, dob, address, family, needed, reason, urgency_reason, consent, giver, form_kind] = fields;
    let exception = RwSignal::new(String::new());
    let exception_details = RwSignal::new(String::new());
    let criteria = RwSignal::new(Vec::<String>::new());
    let inbox_id = Memo::new(move |_| query.with(|q| q.get("inbox").unwrap_or_default()));
    let email_item = Resource::new(move || inbox_id.get(), |id| async move {
        if id.is_empty() { Ok(None) } else { crate::api::inbox::inbox_item(id).await.map(Some) }
    });
    // Everything typed is kept as a draft, starting once the e-mail (if any) has filled the form.
    let filled = RwSignal::new(false);
    let draft = RwSignal::new(DraftState::Nothing);
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) || !filled.get() {
            return started == Some(true);
        }
        let inbox = inbox_id.get_untracked();
        let path = if inbox.is_empty() { "/staff/information-requests/new".to_string() } else { format!("/staff/information-requests/new?inbox={inbox}") };
        let place = DraftPlace { form_key: irr_new_draft_key(&inbox), title: "A new information request".into(), path, record_kind: "", record_id: String::new() };
        let snapshot = Signal::derive(move || (fields.map(|f| f.get()).to_vec(), exception.get(), exception_details.get(), criteria.get()));
        keep_draft_into(
            place,
            snapshot,
            move |(values, ex, details, chosen): (Vec<String>, String, String, Vec<String>)| {
                for (f, v) in fields.iter().zip(values) {
                    f.set(v);
                }
                exception.set(ex);
                exception_details.set(details);
                criteria.set(chosen);
            },
            draft,
        );
        true
    });
    Effect::new(move |_| match record.value().get() {
        Some(Ok(RecordOutcome::Created { id, .. })) => {
            forget_local(&irr_new_draft_key(&inbox_id.get_untracked()));
            crate::components::go_to(&format!("/staff/information-requests/{id}"))
        }
        Some(Ok(RecordOutcome::Invalid { errors: e })) => errors.set(e),
        Some(Ok(RecordOutcome::Refused { message })) => refusal.set(Some(message)),
        _ => {}
    });
    let criteria_items: Vec<CheckboxItem> = UrgencyCriterion::ALL.iter().map(|c| CheckboxItem { value: criterion_slug(*c).into(), label: c.label().into() }).collect();
    let exceptions: Vec<(String, String)> = EXCEPTIONS.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = criteria.get_untracked();
        record.dispatch(IrrRecord {
            form: IntakeForm {
                requester_name: name.get_untracked(),
                requester_organisation: org.get_untracked(),
                requester_email: email.get_untracked(),
                requester_phone: phone.get_untracked(),
                child_name: child.get_untracked(),
                child_date_of_birth: dob.get_untracked(),
                child_address: address.get_untracked(),
                family_details: family.get_untracked(),
                information_needed: needed.get_untracked(),
                reason: reason.get_untracked(),
                said_urgent: !chosen.is_empty() || !urgency_reason.get_untracked().trim().is_empty(),
                urgency_reason: urgency_reason.get_untracked(),
                urgency_criteria: chosen,
                consent: consent.get_untracked(),
                consent_given_by: giver.get_untracked(),
                consent_form: form_kind.get_untracked(),
                exception: exception.get_untracked(),
                exception_details: exception_details.get_untracked(),
            },
            inbox_item_id: inbox_id.get_untracked(),
        });
    };
    view! {
        <Title text="Record an information request"/>
        <a href="/staff/information-requests" class="govuk-back-link">"Back to the IRR folder"</a>
        <ErrorSummary errors=errors/>
        {move || refusal.get().map(|m| view! { <div class="govuk-inset-text">{m}</div> })}
        <h1 class="govuk-heading-l">"Record an information request"</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let found = email_item.await;
                if !filled.get_untracked() {
                    if let Ok(Some(item)) = &found {
                        email.set(item.from.clone());
                        needed.set(item.body.clone());
                    }
                    filled.set(true);
                }
                match found {
                    Ok(Some(item)) => {
                        view! {
                            <div class="govuk-inset-text" data-testid="irr-from-email">
                                <p class="govuk-body"><strong>{item.subject.clone()}</strong>" from "{item.from.clone()}</p>
                                <p class="govuk-body" style="white-space: pre-wrap">{item.body.clone()}</p>
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
        <form on:submit=submit data-testid="irr-record-form">
            <TextInput id="requester_name" label="Requester's name" value=name errors=errors/>
            <TextInput id="requester_organisation" label="Organisation" value=org errors=errors/>
            <TextInput id="requester_email" label="Requester's own e-mail address" value=email errors=errors input_type="email"/>
            <TextInput id="requester_phone" label="Phone (optional)" value=phone errors=errors/>
            <TextInput id="child_name" label="Child's full name" value=child errors=errors/>
            <TextInput id="child_date_of_birth" label="Child's date of birth (YYYY-MM-DD, if known)" value=dob errors=errors/>
            <TextInput id="child_address" label="Child's address (if known)" value=address errors=errors/>
            <TextArea id="family_details" label="Family members" value=family errors=errors rows=3/>
            <TextArea id="information_needed" label="What they need" value=needed errors=errors/>
            <TextArea id="reason" label="Why" value=reason errors=errors rows=3/>
            <Checkboxes id="urgency_criteria" legend="Urgency criteria the professional gives" items=criteria_items chosen=criteria errors=errors/>
            <TextArea id="urgency_reason" label="Why they say it is urgent" value=urgency_reason errors=errors rows=2/>
            <RadioGroup id="consent" legend="Consent" value=consent errors=errors choices=pairs(&[("consent_given", "Consent given"), ("exception", "Consent not needed (an exception)"), ("none", "No consent")])/>
            <RadioGroup id="consent_given_by" legend="Consent given by" value=giver errors=errors choices=pairs(&[("parent", "A parent"), ("child_or_young_person", "The young person (16 or over)"), ("carer", "A carer")])/>
            <RadioGroup id="consent_form" legend="How" value=form_kind errors=errors choices=pairs(&[("written", "Written consent"), ("professional_statement", "The professional's statement that consent was gained")])/>
            <RadioGroup id="exception" legend="Exception" value=exception errors=errors choices=exceptions/>
            <TextArea id="exception_details" label="How a child may be at risk of significant harm" value=exception_details errors=errors rows=2/>
            <button type="submit" class="govuk-button" data-testid="irr-record-submit">"Record the request"</button>
            <DraftStatus state=draft/>
        </form>
    }
}

/// LADO passes an OFSTED suitability check; a duplicate is shown with CASS's earlier response.
#[component]
pub fn OfstedCheckPage() -> impl IntoView {
    let pass = ServerAction::<IrrOfsted>::new();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let [applicant, dob, reference, child, family, lado_email, lado_name] = [(); 7].map(|_| RwSignal::new(String::new()));
    let duplicate = RwSignal::new(None::<DuplicateView>);
    let created = RwSignal::new(None::<(String, String)>);
    let fields = [applicant, dob, reference, child, family, lado_email, lado_name];
    let draft = keep_draft(
        DraftPlace { form_key: OFSTED_DRAFT_KEY.into(), title: "An OFSTED suitability check".into(), path: "/staff/information-requests/ofsted".into(), record_kind: "", record_id: String::new() },
        Signal::derive(move || fields.map(|f| f.get()).to_vec()),
        move |values: Vec<String>| {
            for (f, v) in fields.iter().zip(values) {
                f.set(v);
            }
        },
    );
    Effect::new(move |_| match pass.value().get() {
        Some(Ok(RecordOutcome::Created { id, reference })) => {
            forget_local(OFSTED_DRAFT_KEY);
            draft.set(DraftState::Nothing);
            for f in fields {
                f.set(String::new());
            }
            created.set(Some((id, reference)))
        }
        Some(Ok(RecordOutcome::Invalid { errors: e })) => errors.set(e),
        Some(Ok(RecordOutcome::Duplicate { duplicate: d })) => {
            errors.set(Vec::new());
            duplicate.set(Some(d));
        }
        _ => {}
    });
    view! {
        <Title text="OFSTED suitability check"/>
        <a href="/staff/information-requests" class="govuk-back-link">"Back to information requests"</a>
        <ErrorSummary errors=errors/>
        <h1 class="govuk-heading-l">"Pass an OFSTED suitability check to CASS"</h1>
        <p class="govuk-body">"Only where the applicant or a household member is known to Children's Social Care. Tell OFSTED yourself whether they are known to LADO."</p>
        {move || duplicate.get().map(|d| view! {
            <div class="govuk-notification-banner" role="region" data-testid="ofsted-duplicate">
                <div class="govuk-notification-banner__content">
                    <p class="govuk-notification-banner__heading">{format!("This check was already received ({}, {}).", d.reference, d.received)}</p>
                    {match d.response {
                        Some(r) => view! { <p class="govuk-body">{format!("CASS responded on {}: {r}", d.responded.unwrap_or_default())}</p><p class="govuk-body">"Tell OFSTED a response has already been given."</p> }.into_any(),
                        None => view! { <p class="govuk-body">"CASS has not responded yet."</p> }.into_any(),
                    }}
                </div>
            </div>
        })}
        {move || created.get().map(|(id, reference)| view! {
            <SuccessBanner message=format!("Check {reference} is in the IRR folder.") testid="ofsted-created"/>
            <p class="govuk-body"><a class="govuk-link" href=format!("/staff/information-requests/{id}")>"Open it"</a></p>
        })}
        <form on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            duplicate.set(None);
            pass.dispatch(IrrOfsted {
                applicant_name: applicant.get_untracked(),
                applicant_date_of_birth: dob.get_untracked(),
                ofsted_reference: reference.get_untracked(),
                child_name: child.get_untracked(),
                family_details: family.get_untracked(),
                lado_email: lado_email.get_untracked(),
                lado_name: lado_name.get_untracked(),
            });
        }>
            <TextInput id="applicant_name" label="Applicant's full name" value=applicant errors=errors/>
            <TextInput id="applicant_date_of_birth" label="Applicant's date of birth (YYYY-MM-DD)" value=dob errors=errors/>
            <TextInput id="ofsted_reference" label="OFSTED reference" value=reference errors=errors/>
            <TextInput id="child_name" label="The child or family member known to Children's Social Care" value=child errors=errors/>
            <TextArea id="family_details" label="Household members" value=family errors=errors rows=3/>
            <TextInput id="lado_name" label="Your name" value=lado_name errors=errors/>
            <TextInput id="lado_email" label="Your e-mail address" value=lado_email errors=errors input_type="email"/>
            <button type="submit" class="govuk-button">"Pass to CASS"</button>
            <DraftStatus state=draft/>
        </form>
    }
}

/// Administrators keep the secure generic addresses and domains (versioned).
#[component]
pub fn SecureAddressesPage() -> impl IntoView {
    let save = ServerAction::<IrrSaveSecureAddresses>::new();
    let list = Resource::new(move || save.version().get(), |_| irr_secure_addresses());
    let entries = RwSignal::new(String::new());
    let version = RwSignal::new(0_i64);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let notice = RwSignal::new(None::<String>);
    // The list being edited is kept as a draft once the saved list has filled the form.
    let filled = RwSignal::new(false);
    let draft = RwSignal::new(DraftState::Nothing);
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) || !filled.get() {
            return started == Some(true);
        }
        let place = DraftPlace {
            form_key: SECURE_ADDRESSES_DRAFT_KEY.into(),
            title: "The secure e-mail address list".into(),
            path: "/staff/admin/secure-addresses".into(),
            record_kind: "",
            record_id: String::new(),
        };
        keep_draft_into(place, Signal::derive(move || entries.get()), move |d: String| entries.set(d), draft);
        true
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(SaveOutcome::Saved { version: v })) => {
            errors.set(Vec::new());
            forget_local(SECURE_ADDRESSES_DRAFT_KEY);
            draft.set(DraftState::Nothing);
            notice.set(Some(format!("Version {v} saved.")));
        }
        Some(Ok(SaveOutcome::Invalid { errors: e })) => errors.set(e),
        Some(Ok(SaveOutcome::Stale)) => notice.set(Some("Someone else saved a newer version: check it and save again.".into())),
        _ => {}
    });
    view! {
        <Title text="Secure e-mail addresses"/>
        <ErrorSummary errors=errors/>
        {move || notice.get().map(|m| view! { <SuccessBanner message=m testid="secure-saved"/> })}
        <h1 class="govuk-heading-l">"Secure e-mail addresses for information requests"</h1>
        <p class="govuk-body">"Responses to information requests go only to the requester's own address or to a secure generic address on this list (seed 002, GDPR). One a line: a domain (police.example or @police.example) or a full address. Lines starting with # are comments."</p>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(l) => {
                        // Filled from the saved list once: after that only typing (or a draft) changes it.
                        if !filled.get_untracked() {
                            entries.set(l.entries.clone());
                            filled.set(true);
                        }
                        version.set(l.version);
                        view! {
                            <p class="govuk-body">{if l.version == 0 { "No list saved yet.".to_string() } else { format!("Version {} saved by {} on {}.", l.version, l.saved_by, l.saved) }}</p>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
        <form on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            notice.set(None);
            save.dispatch(IrrSaveSecureAddresses { entries: entries.get_untracked(), version: version.get_untracked() });
        }>
            <TextArea id="entries" label="Secure domains and addresses" value=entries errors=errors rows=12/>
            <button type="submit" class="govuk-button">"Save a new version"</button>
            <DraftStatus state=draft/>
        </form>
    }
}
