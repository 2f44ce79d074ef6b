//! The form for the step a worker holds on a contact: choose what happens next, give your
//! reasons, and see at once what that will do (the shared `domain::workflow::decide` runs in the
//! browser on every change); the server runs the same function again on submit. A level
//! decision brings the essential questions and the RHRT guidance beside it. What is typed is
//! kept as a draft until the decision is stored.

use crate::api::rules::rules_in_force;
use crate::api::workflow::{as_field_errors, DecideOutcome, DecideStep, WorkflowView};
use crate::components::drafts::{forget_local, keep_draft, DraftPlace, DraftStatus};
use crate::components::guided_decision::{script_questions, Guidance, QuestionField};
use crate::components::{ErrorNotice, ErrorSummary, TextArea};
use crate::error::AppError;
use chrono::NaiveDateTime;
use domain::rules::{check_level_decision, visible_answers, Answers, ConsentScope, Level, RuleSet};
use domain::workflow::{decide, worklist_from_slug, CallResult, ContactFlow, Decision, FamilySupportService, Outcome, Stage};
use domain::{FieldError, Role};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything the form holds, kept as the draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepForm {
    pub decision: String,
    pub text: String,
    pub level: String,
    pub insufficient_information: bool,
    pub consent: bool,
    pub relationship: bool,
    pub service: String,
    pub call_at: String,
    pub call_result: String,
    pub scopes: Vec<String>,
    pub script_id: String,
    pub answers: Answers,
    pub departure: String,
}

impl Default for StepForm {
    fn default() -> Self {
        StepForm {
            decision: String::new(),
            text: String::new(),
            level: String::new(),
            insufficient_information: false,
            consent: false,
            relationship: false,
            service: String::new(),
            call_at: String::new(),
            call_result: String::new(),
            scopes: Vec::new(),
            script_id: String::new(),
            answers: Answers::new(),
            departure: String::new(),
        }
    }
}

/// What each choice is called on the form.
pub fn choice_label(slug: &str) -> &'static str {
    match slug {
        "level" => "Decide the threshold level",
        "transfer_to_social_worker" => "Transfer to a CASS Social Worker",
        "no_identifying_details" => "No details identify the child or family: discuss with the Team Leader",
        "pass_to_allocated_worker" => "The child has an allocated worker: pass the concern to them",
        "checks_done" => "Partner checks done and relationships updated",
        "grouping_done" => "Siblings grouped and contact complete: back to the Social Worker",
        "recommend" => "Give your recommendation to the Team Manager",
        "agree" => "Agree",
        "change_level" => "Agree, at a different level",
        "send_back" => "Send back with your reasons",
        "allocate_family_support" => "Allocate to an area Family Support Team or Think Family",
        "seek_consent" => "Ask an Early Help RAO to ring the parent for consent",
        "propose_social_work" => "Complex and Significant: ask a TM/SP to agree",
        "set_actions" => "Universal Plus: set actions for an RAO",
        "parent_call" => "Record a call to the parent",
        "stop_trying" => "The parent cannot be reached: to the EHFS Team Desktop",
        "actions_done" => "The actions are done",
        "close_with_advice" => "Advice given: close",
        "strategy_discussion_held" => "The strategy discussion has been held",
        "assessment_started" => "The Family Assessment has started",
        "allocation_accepted" => "Accept the allocation",
        _ => "Decide",
    }
}

fn text_label(slug: &str) -> &'static str {
    match slug {
        "level" | "recommend" | "agree" | "change_level" | "send_back" | "allocate_family_support" | "propose_social_work" | "stop_trying" => "Rationale",
        "seek_consent" => "Instructions for the Early Help RAO",
        "set_actions" => "The actions",
        "parent_call" => "Notes of the call (optional)",
        _ => "What was done",
    }
}

/// The decision the form describes, or what is missing.
pub fn build_decision(f: &StepForm) -> Result<Decision, Vec<FieldError>> {
    let text = f.text.clone();
    let level = || Level::from_slug(&f.level).ok_or_else(|| vec![FieldError::new("level", "Choose a threshold level")]);
    Ok(match f.decision.as_str() {
        "" => return Err(vec![FieldError::new("decision", "Choose what happens next")]),
        "level" => Decision::Level {
            level: level()?,
            sufficient_information: !f.insufficient_information,
            consent: f.consent,
            referrer_has_ongoing_relationship: f.relationship,
            rationale: text,
        },
        "transfer_to_social_worker" => Decision::TransferToSocialWorker,
        "no_identifying_details" => Decision::NoIdentifyingDetails { summary: text },
        "pass_to_allocated_worker" => Decision::PassToAllocatedWorker { summary: text },
        "checks_done" => Decision::ChecksDone { summary: text },
        "grouping_done" => Decision::GroupingDone { summary: text },
        "recommend" => Decision::Recommend { level: level()?, rationale: text },
        "agree" => Decision::Agree { rationale: text },
        "change_level" => Decision::ChangeLevel { level: level()?, rationale: text },
        "send_back" => Decision::SendBack { rationale: text },
        "allocate_family_support" => {
            let service = match f.service.as_str() {
                "area_family_support_team" => FamilySupportService::AreaFamilySupportTeam,
                "think_family_team" => FamilySupportService::ThinkFamilyTeam,
                _ => return Err(vec![FieldError::new("service", "Choose Family Support or Think Family")]),
            };
            Decision::AllocateFamilySupport { service, rationale: text }
        }
        "seek_consent" => Decision::SeekConsent { instructions: text },
        "propose_social_work" => Decision::ProposeSocialWork { rationale: text },
        "set_actions" => Decision::SetActions { actions: text },
        "parent_call" => {
            let Ok(at) = NaiveDateTime::parse_from_str(&f.call_at, "%Y-%m-%dT%H:%M") else {
                return Err(vec![FieldError::new("call_at", "Enter the date and time of the call")]);
            };
            let result = match f.call_result.as_str() {
                "no_answer" => CallResult::NoAnswer,
                "refused" => CallResult::Refused,
                "consented" => CallResult::Consented {
                    scopes: ConsentScope::ALL.iter().copied().filter(|s| f.scopes.contains(&scope_slug(*s).to_string())).collect(),
                },
                _ => return Err(vec![FieldError::new("call_result", "Choose what the call got")]),
            };
            Decision::ParentCall { at, result, note: text }
        }
        "stop_trying" => Decision::StopTrying { rationale: text },
        "actions_done" => Decision::ActionsDone { summary: text },
        "close_with_advice" => Decision::CloseWithAdvice { summary: text },
        "strategy_discussion_held" => Decision::StrategyDiscussionHeld { summary: text },
        "assessment_started" => Decision::AssessmentStarted { summary: text },
        "allocation_accepted" => Decision::AllocationAccepted { summary: text },
        _ => return Err(vec![FieldError::new("decision", "Choose what happens next")]),
    })
}

fn scope_slug(s: ConsentScope) -> &'static str {
    match s {
        ConsentScope::SupportThroughEha => "a",
        ConsentScope::SupportFromSingleAgency => "b",
        ConsentScope::SharingWithThirdParty => "c",
    }
}

/// "What happens next" in plain words, from the shared rules' outcome.
fn describe(o: &Outcome) -> Vec<String> {
    let mut lines = Vec::new();
    if !o.completes_item {
        lines.push("The call is recorded; this step stays with you for the next call.".to_string());
    }
    for n in &o.next {
        lines.push(format!("Goes to the {} worklist: {}", domain::workflow::worklist_short_name(n.worklist), n.stage.label()));
    }
    if let Some(c) = o.closes {
        lines.push(format!("The contact closes: {}", c.label()));
    }
    for l in &o.letters {
        lines.push(format!("Letter: {}", l.label()));
    }
    lines
}

#[component]
pub fn WorkflowStep(contact_id: String, view: WorkflowView, #[prop(into)] on_done: Callback<String>, #[prop(default = None)] caller_kind: Option<domain::rules::CallerKind>) -> impl IntoView {
    let rules = Resource::new(|| (), |_| rules_in_force());
    let contact_id = StoredValue::new(contact_id);
    let view = StoredValue::new(view);
    // A call starts on the script for its kind of caller.
    let default_script = StoredValue::new(caller_kind);
    view! {
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading the rules…"</p> }>
            {move || Suspend::new(async move {
                match rules.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(r) => view! {
                        <StepDecisionForm rules=r contact_id=contact_id.get_value() wf=view.get_value() on_done=on_done caller_kind=default_script.get_value()/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StepDecisionForm(rules: RuleSet, contact_id: String, wf: WorkflowView, on_done: Callback<String>, caller_kind: Option<domain::rules::CallerKind>) -> impl IntoView {
    let Some(item) = wf.mine.clone() else { return ().into_any() };
    let (Some(stage), Some(worklist)) = (Stage::from_slug(&item.stage), worklist_from_slug(&item.worklist)) else { return ().into_any() };
    let flow: ContactFlow = wf.flow.clone();
    let roles: Vec<Role> = wf.my_roles.clone();
    let version = wf.version;
    let choices = wf.decisions.clone();
    let choices_for_restore = choices.clone();
    let scripts: Vec<(String, String)> = rules.scripts.scripts.iter().map(|s| (s.id.clone(), s.title.clone())).collect();
    let first_script = caller_kind
        .and_then(|k| rules.scripts.phone_script(k).map(|s| s.id.clone()))
        .or_else(|| scripts.first().map(|s| s.0.clone()))
        .unwrap_or_default();
    let indicator_options: Vec<(String, String, String)> =
        rules.framework.indicators().map(|(level, i)| (i.id.clone(), i.text.clone(), level.label().to_string())).collect();
    let indicator_options = StoredValue::new(indicator_options);
    let rules = StoredValue::new(rules);

    // One signal per field (the GOV.UK components bind to these); the draft is their sum.
    let decision = RwSignal::new(if choices.len() == 1 { choices[0].clone() } else { String::new() });
    let text = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let insufficient = RwSignal::new(false);
    let consent = RwSignal::new(flow.consent);
    let relationship = RwSignal::new(flow.referrer_has_ongoing_relationship);
    let service = RwSignal::new(String::new());
    let call_at = RwSignal::new(String::new());
    let call_result = RwSignal::new(String::new());
    let scopes = RwSignal::new(Vec::<String>::new());
    let script_id = RwSignal::new(first_script);
    let answers = RwSignal::new(Answers::new());
    let departure = RwSignal::new(String::new());
    let form = Signal::derive(move || StepForm {
        decision: decision.get(),
        text: text.get(),
        level: level.get(),
        insufficient_information: insufficient.get(),
        consent: consent.get(),
        relationship: relationship.get(),
        service: service.get(),
        call_at: call_at.get(),
        call_result: call_result.get(),
        scopes: scopes.get(),
        script_id: script_id.get(),
        answers: answers.get(),
        departure: departure.get(),
    });
    // One draft per step (work item): words typed at the call must never come back at grouping.
    let draft_key = format!("decide:{contact_id}:{}", item.id);
    let draft = keep_draft(
        DraftPlace {
            form_key: draft_key.clone(),
            title: format!("{} on a contact", stage.label()),
            path: format!("/staff/contacts/{contact_id}"),
            record_kind: "contact",
            record_id: contact_id.clone(),
        },
        form,
        move |f: StepForm| {
            // A restored choice this step no longer offers is dropped, not sent.
            if choices_for_restore.contains(&f.decision) {
                decision.set(f.decision);
            }
            text.set(f.text);
            level.set(f.level);
            insufficient.set(f.insufficient_information);
            consent.set(f.consent);
            relationship.set(f.relationship);
            service.set(f.service);
            call_at.set(f.call_at);
            call_result.set(f.call_result);
            scopes.set(f.scopes);
            if !f.script_id.is_empty() {
                script_id.set(f.script_id);
            }
            answers.set(f.answers);
            departure.set(f.departure);
        },
    );

    let flow = StoredValue::new(flow);
    let roles = StoredValue::new(roles);
    let evaluation = Memo::new(move |_| rules.with_value(|r| r.evaluate_call(&script_id.get(), &answers.get()).ok()));
    let suggested = Memo::new(move |_| evaluation.get().map(|e| e.guidance.suggested));
    let departs = move || {
        decision.get() == "level" && matches!((Level::from_slug(&level.get()), suggested.get()), (Some(c), Some(s)) if c != s)
    };
    // The shared rules, run on every change: what this choice would do.
    let preview = Memo::new(move |_| {
        let f = form.get();
        build_decision(&f).ok().map(|d| flow.with_value(|fl| roles.with_value(|ro| decide(fl, stage, worklist, ro, &d))))
    });

    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None);
    let action = ServerAction::<DecideStep>::new();
    let draft_key = StoredValue::new(draft_key);
    // A decision confirmed during a network drop waits in the outbox and goes by itself.
    let outbox_key = StoredValue::new(crate::components::outbox::key(&format!("decide:{contact_id}:{}", item.id)));
    let queued = RwSignal::new(false);
    let last_sent = StoredValue::new(None::<DecideStep>);
    let resend = move || {
        if action.pending().get_untracked() {
            return;
        }
        if let Some(waiting) = outbox_key.with_value(|k| crate::components::outbox::waiting::<DecideStep>(k)) {
            queued.set(true);
            last_sent.set_value(Some(waiting.clone()));
            action.dispatch(waiting);
        }
    };
    crate::components::outbox::use_resend(resend);
    Effect::new(move |_| {
        let Some(answer) = action.value().get() else { return };
        if let Err(AppError::Unreachable(_)) = answer {
            // Not reached: keep it to send again, under the same id.
            if let Some(sent) = last_sent.get_value() {
                outbox_key.with_value(|k| crate::components::outbox::put(k, &sent));
                queued.set(true);
            }
            return;
        }
        // Answered (whatever the answer): nothing is waiting any more.
        outbox_key.with_value(|k| crate::components::outbox::remove(k));
        queued.set(false);
    });
    Effect::new(move |_| match action.value().get() {
        Some(Ok(DecideOutcome::Done { next, closed, letters })) => {
            errors.set(Vec::new());
            draft_key.with_value(|k| forget_local(k));
            let mut parts: Vec<String> = Vec::new();
            if let Some(c) = closed {
                parts.push(format!("The contact is closed: {c}."));
            }
            if !next.is_empty() {
                parts.push(format!("Sent to {}.", next.join("; ")));
            }
            if !letters.is_empty() {
                parts.push(format!("Letters: {}.", letters.join("; ")));
            }
            on_done.run(if parts.is_empty() { "Your decision has been recorded.".to_string() } else { parts.join(" ") });
        }
        Some(Ok(DecideOutcome::Recorded { message })) => {
            errors.set(Vec::new());
            call_result.set(String::new());
            text.set(String::new());
            on_done.run(message);
        }
        Some(Ok(DecideOutcome::Refused { errors: e })) => errors.set(e),
        Some(Ok(DecideOutcome::Stale { message })) => errors.set(vec![FieldError::new("decision", message)]),
        Some(Err(AppError::Unreachable(_))) => {}
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });

    let item_id = item.id.clone();
    let contact_for_submit = contact_id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let f = form.get_untracked();
        let d = match build_decision(&f) {
            Ok(d) => d,
            Err(e) => {
                errors.set(e);
                return;
            }
        };
        // The same checks the server makes, here first so the worker hears at once.
        let mut local: Vec<FieldError> = match flow.with_value(|fl| roles.with_value(|ro| decide(fl, stage, worklist, ro, &d))) {
            Ok(_) => Vec::new(),
            Err(vs) => as_field_errors(vs),
        };
        if let Decision::Level { level: l, rationale, .. } = &d {
            let level_errors: Vec<FieldError> = rules.with_value(|r| {
                let Some(script) = r.scripts.script(&f.script_id) else { return vec![FieldError::new("questions", "Choose a script")] };
                let visible = visible_answers(script, &f.answers);
                let dep = Some(f.departure.as_str()).filter(|x| !x.trim().is_empty());
                match check_level_decision(&r.framework, &visible, *l, rationale, dep) {
                    Ok(_) => Vec::new(),
                    Err(vs) => crate::api::decisions::as_field_errors(vs)
                        .into_iter()
                        .map(|e| if e.field == "rationale" { FieldError::new("reason", e.message) } else { e })
                        .collect(),
                }
            });
            local.extend(level_errors);
        }
        if !local.is_empty() {
            local.dedup();
            errors.set(local);
            return;
        }
        let (framework_version, scripts_version) = rules.with_value(|r| (r.framework.version.clone(), r.scripts.version.clone()));
        let is_level = matches!(d, Decision::Level { .. });
        let step = DecideStep {
            contact_id: contact_for_submit.clone(),
            item_id: item_id.clone(),
            version,
            decision: serde_json::to_string(&d).unwrap_or_default(),
            script_id: if is_level { f.script_id.clone() } else { String::new() },
            scripts_version: if is_level { scripts_version } else { String::new() },
            framework_version: if is_level { framework_version } else { String::new() },
            answers: if is_level { serde_json::to_string(&f.answers).unwrap_or_default() } else { String::new() },
            departure_reason: f.departure.clone(),
            submission_id: uuid::Uuid::new_v4().to_string(),
        };
        last_sent.set_value(Some(step.clone()));
        action.dispatch(step);
    };

    let levels_for = move || -> Vec<Level> {
        match decision.get().as_str() {
            "change_level" => vec![Level::SignificantHarm, Level::ComplexAndSignificant, Level::AdditionalNeeds, Level::UniversalPlus, Level::Universal],
            _ => Level::ALL.iter().rev().copied().collect(),
        }
    };
    let has_text = move || !matches!(decision.get().as_str(), "" | "transfer_to_social_worker");
    let scope_items = StoredValue::new(ConsentScope::ALL.iter().map(|s| crate::components::CheckboxItem { value: scope_slug(*s).to_string(), label: s.label().to_string() }).collect::<Vec<_>>());
    let holder_note = (!wf.held).then(|| view! {
        <p class="govuk-body-s fd-meta">"Deciding takes this step from the " {item.worklist_label.clone()} " worklist: it will be yours."</p>
    });

    view! {
        <section class="fd-step" aria-labelledby="step-heading" data-testid="workflow-step">
            <h2 class="govuk-heading-m" id="step-heading">{format!("Your step: {}", stage.label())}</h2>
            <p class="govuk-body">{format!("{} worklist · due {}", item.worklist_label, item.due)}</p>
            {holder_note}
            {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
            <ErrorSummary errors=errors/>
            <form novalidate on:submit=submit>
                <div class=move || if errors.get().iter().any(|e| e.field == "decision") { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                    <fieldset class="govuk-fieldset" id="decision">
                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"What happens next?"</legend>
                        {move || errors.get().into_iter().find(|e| e.field == "decision").map(|e| view! {
                            <p class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{e.message}</p>
                        })}
                        <div class="govuk-radios govuk-radios--small">
                            {choices.iter().map(|c| {
                                let id = format!("decision-{c}");
                                let slug = c.clone();
                                let checked = { let slug = slug.clone(); move || decision.get() == slug };
                                view! {
                                    <div class="govuk-radios__item">
                                        <input class="govuk-radios__input" id=id.clone() name="decision" type="radio" value=slug.clone()
                                            prop:checked=checked on:change=move |_| decision.set(slug.clone())/>
                                        <label class="govuk-label govuk-radios__label" for=id>{choice_label(c)}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                </div>

                <Show when=move || decision.get() == "level">
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="script">"Essential questions"</label>
                        <select class="govuk-select" id="script" name="script"
                            on:change=move |ev| { script_id.set(event_target_value(&ev)); answers.set(Answers::new()); }>
                            {rules.with_value(|r| r.scripts.scripts.iter().map(|s| (s.id.clone(), s.title.clone())).collect::<Vec<_>>()).into_iter().map(|(id, title)| {
                                let selected = { let id = id.clone(); move || script_id.get() == id };
                                view! { <option value=id prop:selected=selected>{title}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="govuk-grid-row">
                        <div class="govuk-grid-column-two-thirds">
                            <fieldset class="govuk-fieldset" id="questions">
                                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Questions"</legend>
                                <For
                                    each=move || evaluation.get().map(|e| script_questions(&e)).unwrap_or_default()
                                    key=|q| q.clone()
                                    children=move |(sid, qid)| {
                                        let question = rules.with_value(|r| r.scripts.script(&sid).and_then(|s| s.question(&qid).cloned()));
                                        question.map(|q| view! { <QuestionField question=q answers=answers indicators=indicator_options/> })
                                    }
                                />
                            </fieldset>
                        </div>
                        <div class="govuk-grid-column-one-third">
                            <Guidance evaluation=evaluation rules=rules script_id=script_id/>
                        </div>
                    </div>
                    <div class="govuk-form-group">
                        <fieldset class="govuk-fieldset">
                            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"What you know"</legend>
                            <div class="govuk-checkboxes govuk-checkboxes--small">
                                <div class="govuk-checkboxes__item">
                                    <input class="govuk-checkboxes__input" id="fact-insufficient" type="checkbox" prop:checked=move || insufficient.get()
                                        on:change=move |ev| insufficient.set(event_target_checked(&ev))/>
                                    <label class="govuk-label govuk-checkboxes__label" for="fact-insufficient">"There is not enough information to decide"</label>
                                </div>
                                <div class="govuk-checkboxes__item">
                                    <input class="govuk-checkboxes__input" id="fact-consent" type="checkbox" prop:checked=move || consent.get()
                                        on:change=move |ev| consent.set(event_target_checked(&ev))/>
                                    <label class="govuk-label govuk-checkboxes__label" for="fact-consent">"The parent has given the appropriate consent"</label>
                                </div>
                                <div class="govuk-checkboxes__item">
                                    <input class="govuk-checkboxes__input" id="fact-relationship" type="checkbox" prop:checked=move || relationship.get()
                                        on:change=move |ev| relationship.set(event_target_checked(&ev))/>
                                    <label class="govuk-label govuk-checkboxes__label" for="fact-relationship">"The referrer has an ongoing professional relationship with the family (for example school, health visitor)"</label>
                                </div>
                            </div>
                        </fieldset>
                    </div>
                </Show>

                <Show when=move || matches!(decision.get().as_str(), "level" | "recommend" | "change_level")>
                    <div class=move || if errors.get().iter().any(|e| e.field == "level") { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                        <fieldset class="govuk-fieldset" id="level">
                            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Threshold level"</legend>
                            {move || errors.get().into_iter().find(|e| e.field == "level").map(|e| view! {
                                <p class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{e.message}</p>
                            })}
                            <div class="govuk-radios govuk-radios--small">
                                {move || levels_for().into_iter().map(|l| {
                                    let id = format!("level-{}", l.slug());
                                    let slug = l.slug().to_string();
                                    let checked = { let slug = slug.clone(); move || level.get() == slug };
                                    view! {
                                        <div class="govuk-radios__item">
                                            <input class="govuk-radios__input" id=id.clone() name="level" type="radio" value=slug.clone()
                                                prop:checked=checked on:change=move |_| level.set(slug.clone())/>
                                            <label class="govuk-label govuk-radios__label" for=id>{l.label()}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </div>
                        </fieldset>
                    </div>
                </Show>

                <Show when=move || decision.get() == "allocate_family_support">
                    <div class=move || if errors.get().iter().any(|e| e.field == "service") { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                        <fieldset class="govuk-fieldset" id="service">
                            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Allocate to"</legend>
                            <div class="govuk-radios govuk-radios--small">
                                {[("area_family_support_team", "An area Family Support Team"), ("think_family_team", "The Think Family Team")].into_iter().map(|(v, l)| {
                                    let id = format!("service-{v}");
                                    view! {
                                        <div class="govuk-radios__item">
                                            <input class="govuk-radios__input" id=id.clone() name="service" type="radio" value=v
                                                prop:checked=move || service.get() == v on:change=move |_| service.set(v.to_string())/>
                                            <label class="govuk-label govuk-radios__label" for=id>{l}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </div>
                        </fieldset>
                    </div>
                </Show>

                <Show when=move || decision.get() == "parent_call">
                    <div class=move || if errors.get().iter().any(|e| e.field == "call_at") { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                        <label class="govuk-label" for="call_at">"When was the call?"</label>
                        <div class="govuk-hint">"Calls must be at different times of the day: three, at least 2 hours apart, before a letter."</div>
                        <input class="govuk-input govuk-input--width-20" id="call_at" name="call_at" type="datetime-local"
                            prop:value=move || call_at.get() on:input=move |ev| call_at.set(event_target_value(&ev))/>
                    </div>
                    <div class=move || if errors.get().iter().any(|e| e.field == "call_result") { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                        <fieldset class="govuk-fieldset" id="call_result">
                            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"What did the call get?"</legend>
                            <div class="govuk-radios govuk-radios--small">
                                {[("no_answer", "No answer, or not the parent"), ("consented", "The parent consented"), ("refused", "The parent refused")].into_iter().map(|(v, l)| {
                                    let id = format!("call_result-{v}");
                                    view! {
                                        <div class="govuk-radios__item">
                                            <input class="govuk-radios__input" id=id.clone() name="call_result" type="radio" value=v
                                                prop:checked=move || call_result.get() == v on:change=move |_| call_result.set(v.to_string())/>
                                            <label class="govuk-label govuk-radios__label" for=id>{l}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </div>
                        </fieldset>
                    </div>
                    <Show when=move || call_result.get() == "consented">
                        <crate::components::Checkboxes id="scopes" legend="What did the parent consent to?" items=scope_items.get_value() chosen=scopes errors=errors/>
                    </Show>
                </Show>

                <Show when=has_text>
                    <div class=move || if errors.get().iter().any(|e| e.field == "reason") { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                        <label class="govuk-label" for="reason">{move || text_label(&decision.get())}</label>
                        {move || errors.get().into_iter().find(|e| e.field == "reason").map(|e| view! {
                            <p class="govuk-error-message" id="reason-error"><span class="govuk-visually-hidden">"Error: "</span>{e.message}</p>
                        })}
                        <textarea class="govuk-textarea" id="reason" name="reason" rows="4"
                            aria-describedby=move || errors.get().iter().any(|e| e.field == "reason").then_some("reason-error")
                            prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    </div>
                </Show>
                <Show when=departs>
                    <TextArea id="departure_reason" label="Why are you departing from the suggested level?" value=departure errors=errors rows=3/>
                </Show>

                <div class="govuk-inset-text" aria-live="polite" data-testid="step-preview">
                    {move || match preview.get() {
                        Some(Ok(o)) => view! {
                            <p class="govuk-body govuk-!-font-weight-bold">"What will happen"</p>
                            <ul class="govuk-list govuk-list--bullet">
                                {describe(&o).into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Some(Err(vs)) if vs.iter().any(|v| v.code() != "decision_reason_missing") => view! {
                            <p class="govuk-body">"This cannot be done: " {vs.iter().filter(|v| v.code() != "decision_reason_missing").map(|v| v.to_string()).collect::<Vec<_>>().join(" ")}</p>
                        }.into_any(),
                        _ => view! { <p class="govuk-body">"Choose what happens next to see where the work goes."</p> }.into_any(),
                    }}
                </div>
                <DraftStatus state=draft/>
                {move || queued.get().then(|| view! {
                    <div class="govuk-inset-text" role="status" data-testid="decision-queued">
                        "No connection: your decision is kept on this device and will be sent by itself when the connection returns. You do not need to confirm it again."
                    </div>
                })}
                <button type="submit" class="govuk-button fd-touch" data-testid="decide" disabled=move || action.pending().get() || queued.get()>"Confirm decision"</button>
            </form>
        </section>
    }
    .into_any()
}
