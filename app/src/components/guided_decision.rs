//! Recording a threshold level with the essential-question script and RHRT guidance beside it.
//! Everything here runs in the browser on every answer (the rules in force were fetched once);
//! the server re-runs the same rules when the decision is submitted.

use crate::api::decisions::{as_field_errors, DecisionOutcome, RecordLevelDecision};
use crate::api::rules::rules_in_force;
use crate::components::{ErrorNotice, ErrorSummary};
use domain::rules::scripts::{Question, QuestionKind};
use domain::rules::{check_level_decision, visible_answers, Answer, Answers, Level, RuleSet};
use domain::FieldError;
use leptos::prelude::*;

#[component]
pub fn LevelDecisionForm(contact_id: String, #[prop(into)] on_recorded: Callback<()>) -> impl IntoView {
    let rules = Resource::new(|| (), |_| rules_in_force());
    view! {
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading the guidance…"</p> }>
            {
                let contact_id = contact_id.clone();
                move || {
                    let contact_id = contact_id.clone();
                    Suspend::new(async move {
                        match rules.await {
                            Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                            Ok(set) => view! { <GuidedForm rules=set contact_id=contact_id on_recorded=on_recorded/> }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

#[component]
fn GuidedForm(rules: RuleSet, contact_id: String, on_recorded: Callback<()>) -> impl IntoView {
    let scripts: Vec<(String, String)> = rules.scripts.scripts.iter().map(|s| (s.id.clone(), s.title.clone())).collect();
    let indicator_options: Vec<(String, String, String)> =
        rules.framework.indicators().map(|(level, i)| (i.id.clone(), i.text.clone(), level.label().to_string())).collect();
    let levels: Vec<Level> = rules.framework.levels.iter().map(|l| l.level).collect();
    let rules = StoredValue::new(rules);
    let script_id = RwSignal::new(scripts.first().map(|s| s.0.clone()).unwrap_or_default());
    let answers = RwSignal::new(Answers::new());
    let evaluation = Memo::new(move |_| rules.with_value(|r| r.evaluate_call(&script_id.get(), &answers.get()).ok()));
    let chosen = RwSignal::new(String::new());
    let rationale = RwSignal::new(String::new());
    let departure = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None);
    let action = ServerAction::<RecordLevelDecision>::new();

    let suggested = Memo::new(move |_| evaluation.get().map(|e| e.guidance.suggested));
    let departs = move || {
        let c = Level::from_slug(&chosen.get());
        matches!((c, suggested.get()), (Some(c), Some(s)) if c != s)
    };

    Effect::new(move |_| match action.value().get() {
        Some(Ok(DecisionOutcome::Recorded)) => {
            errors.set(Vec::new());
            answers.set(Answers::new());
            chosen.set(String::new());
            rationale.set(String::new());
            departure.set(String::new());
            on_recorded.run(());
        }
        Some(Ok(DecisionOutcome::Refused { errors: e })) => errors.set(e),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let sid = script_id.get_untracked();
        let level = Level::from_slug(&chosen.get_untracked());
        // The same check the server makes, run here first so the worker hears at once.
        let local: Vec<FieldError> = rules.with_value(|r| {
            let Some(script) = r.scripts.script(&sid) else { return vec![FieldError::new("questions", "Choose a script")] };
            let visible = visible_answers(script, &answers.get_untracked());
            match level {
                None => vec![FieldError::new("level", "Choose a threshold level")],
                Some(l) => {
                    let dep = departure.get_untracked();
                    match check_level_decision(&r.framework, &visible, l, &rationale.get_untracked(), Some(dep.as_str()).filter(|d| !d.trim().is_empty())) {
                        Ok(_) => Vec::new(),
                        Err(vs) => as_field_errors(vs),
                    }
                }
            }
        });
        if !local.is_empty() {
            errors.set(local);
            return;
        }
        let (framework_version, scripts_version) = rules.with_value(|r| (r.framework.version.clone(), r.scripts.version.clone()));
        action.dispatch(RecordLevelDecision {
            contact_id: contact_id.clone(),
            script_id: sid,
            scripts_version,
            framework_version,
            answers: serde_json::to_string(&answers.get_untracked()).unwrap_or_default(),
            level: chosen.get_untracked(),
            rationale: rationale.get_untracked(),
            departure_reason: departure.get_untracked(),
        });
    };

    let indicator_options = StoredValue::new(indicator_options);
    view! {
        <section class="fd-decision" aria-labelledby="decision-heading" data-testid="level-decision">
            <h2 class="govuk-heading-m" id="decision-heading">"Record a threshold level"</h2>
            {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
            <ErrorSummary errors=errors/>
            <form novalidate on:submit=submit>
                <div class="govuk-form-group">
                    <label class="govuk-label" for="script">"Essential questions"</label>
                    <select class="govuk-select" id="script" name="script"
                        on:change=move |ev| { script_id.set(event_target_value(&ev)); answers.set(Answers::new()); }>
                        {scripts.into_iter().map(|(id, title)| {
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

                <div class=move || if errors.get().iter().any(|e| e.field == "level") { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                    <fieldset class="govuk-fieldset" id="level">
                        <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">"Your decision: threshold level"</legend>
                        <div class="govuk-radios govuk-radios--small" data-module="govuk-radios">
                            {levels.into_iter().map(|l| {
                                let id = format!("level-{}", l.slug());
                                let slug = l.slug().to_string();
                                let checked = { let slug = slug.clone(); move || chosen.get() == slug };
                                view! {
                                    <div class="govuk-radios__item">
                                        <input class="govuk-radios__input" id=id.clone() name="level" type="radio" value=slug.clone()
                                            prop:checked=checked on:change=move |_| chosen.set(slug.clone())/>
                                        <label class="govuk-label govuk-radios__label" for=id>{l.label()}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                </div>
                <crate::components::TextArea id="rationale" label="Rationale" value=rationale errors=errors rows=4
                    hint="Why this level: what you heard, what you checked, and what happens next."/>
                <Show when=departs>
                    <crate::components::TextArea id="departure_reason" label="Why are you departing from the suggested level?" value=departure errors=errors rows=3/>
                </Show>
                <button type="submit" class="govuk-button" data-testid="record-level" disabled=move || action.pending().get()>"Record level"</button>
            </form>
        </section>
    }
}

/// The RHRT suggestion and what the script says to do, updated as each answer is given.
#[component]
pub(crate) fn Guidance(evaluation: Memo<Option<domain::rules::CallEvaluation>>, rules: StoredValue<RuleSet>, script_id: RwSignal<String>) -> impl IntoView {
    // What the answers lead to, in the script's words (shared rules, on every answer).
    let reached = Memo::new(move |_| {
        let ids = evaluation.get().map(|e| e.script.outcomes).unwrap_or_default();
        rules.with_value(|r| {
            let Some(script) = r.scripts.script(&script_id.get()) else { return Vec::new() };
            ids.iter()
                .filter_map(|id| script.outcome(id))
                .map(|o| {
                    let next = o.next_script.as_ref().and_then(|n| r.scripts.script(n)).map(|s| (s.id.clone(), s.title.clone()));
                    (o.clone(), next)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        {move || {
            let outcomes = reached.get();
            (!outcomes.is_empty()).then(|| view! {
                <div class="fd-guidance govuk-!-margin-bottom-4" aria-live="polite" data-testid="script-outcomes">
                    <h3 class="govuk-heading-s">"What happens now"</h3>
                    {outcomes.into_iter().map(|(o, next)| view! {
                        <div class="govuk-!-margin-bottom-3" data-testid="script-outcome">
                            {o.say.clone().map(|s| view! { <p class="govuk-body-s"><strong>"Tell the caller: "</strong>{s}</p> })}
                            {(!o.staff_actions.is_empty()).then(|| view! {
                                <ul class="govuk-list govuk-list--bullet govuk-body-s">
                                    {o.staff_actions.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}
                                </ul>
                            })}
                            {o.case_note_type.as_deref().and_then(domain::notes::NoteType::from_slug).map(|t| view! {
                                <p class="govuk-body-s" data-testid="outcome-case-note">{format!("Recording the level adds a case note of type “{}” to the child's record.", t.label())}</p>
                            })}
                            {(!o.copy_in.is_empty()).then(|| view! {
                                <p class="govuk-body-s">{format!("Copy in: {}.", o.copy_in_words().join(", "))}</p>
                            })}
                            {next.map(|(id, title)| view! {
                                <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-testid="continue-script"
                                    on:click=move |_| script_id.set(id.clone())>{format!("Continue with: {title}")}</button>
                            })}
                        </div>
                    }).collect_view()}
                </div>
            })
        }}
        <div class="fd-guidance" aria-live="polite" data-testid="guidance">
            <h3 class="govuk-heading-s">"Threshold guidance"</h3>
            {move || evaluation.get().map(|e| {
                let g = e.guidance;
                view! {
                    <p class="govuk-body">"Suggested level: " <strong class="govuk-tag govuk-tag--blue" data-testid="suggested-level">{g.suggested.label()}</strong></p>
                    {(!g.drivers.is_empty()).then(|| view! {
                        <p class="govuk-body-s">"Because:"</p>
                        <ul class="govuk-list govuk-list--bullet govuk-body-s">
                            {g.drivers.into_iter().map(|d| view! { <li>{d.text}</li> }).collect_view()}
                        </ul>
                    })}
                    <p class="govuk-body-s fd-meta">{format!("Framework {}", g.framework_version)}</p>
                    {(!e.script.missing_required.is_empty()).then(|| view! {
                        <p class="govuk-body-s">{format!("{} required question(s) still to answer", e.script.missing_required.len())}</p>
                    })}
                }
            })}
        </div>
    }
}

/// The questions to show, keyed by script as well: switching scripts draws each question afresh.
pub(crate) fn script_questions(e: &domain::rules::CallEvaluation) -> Vec<(String, String)> {
    e.script.visible.iter().map(|q| (e.script.script_id.clone(), q.clone())).collect()
}

#[component]
pub(crate) fn QuestionField(question: Question, answers: RwSignal<Answers>, indicators: StoredValue<Vec<(String, String, String)>>) -> impl IntoView {
    let qid = question.id.clone();
    let dom_id = format!("q-{qid}");
    let set = {
        let qid = qid.clone();
        move |a: Option<Answer>| {
            answers.update(|all| match a {
                Some(a) if a.is_given() => {
                    all.set(qid.clone(), a);
                }
                _ => {
                    all.remove(&qid);
                }
            })
        }
    };
    let current = {
        let qid = qid.clone();
        move || answers.with(|a| a.get(&qid).cloned())
    };
    let label = format!("{}{}", question.prompt, if question.required { "" } else { " (optional)" });
    let help = question.help.clone().map(|h| view! { <div class="govuk-hint">{h}</div> });
    let say = question.say.clone().map(|s| view! { <div class="govuk-inset-text govuk-!-margin-top-1">"Say: " {s}</div> });

    let control = match question.kind {
        QuestionKind::YesNo => {
            let options = vec![("yes".to_string(), "Yes".to_string()), ("no".to_string(), "No".to_string())];
            radios(&dom_id, options, {
                let current = current.clone();
                move |v: &str| matches!(current(), Some(Answer::YesNo(b)) if b == (v == "yes"))
            }, {
                let set = set.clone();
                move |v: String| set(Some(Answer::YesNo(v == "yes")))
            })
        }
        QuestionKind::Choice => {
            let options = question.options.iter().map(|o| (o.value.clone(), o.label.clone())).collect();
            radios(&dom_id, options, {
                let current = current.clone();
                move |v: &str| matches!(current(), Some(Answer::Choice(c)) if c == v)
            }, {
                let set = set.clone();
                move |v: String| set(Some(Answer::Choice(v)))
            })
        }
        QuestionKind::Choices | QuestionKind::Indicators => {
            let options: Vec<(String, String)> = if question.kind == QuestionKind::Indicators {
                indicators.with_value(|list| list.iter().map(|(id, text, level)| (id.clone(), format!("{text} ({level})"))).collect())
            } else {
                question.options.iter().map(|o| (o.value.clone(), o.label.clone())).collect()
            };
            let chosen = {
                let current = current.clone();
                move || match current() {
                    Some(Answer::Choices(v)) => v,
                    _ => Vec::new(),
                }
            };
            view! {
                <div class="govuk-checkboxes govuk-checkboxes--small" id=dom_id.clone()>
                    {options.into_iter().enumerate().map(|(i, (value, text))| {
                        let id = format!("{dom_id}-{i}");
                        let is_on = { let chosen = chosen.clone(); let value = value.clone(); move || chosen().contains(&value) };
                        let toggle = {
                            let chosen = chosen.clone();
                            let set = set.clone();
                            let value = value.clone();
                            move |ev| {
                                let mut list = chosen();
                                list.retain(|v| *v != value);
                                if event_target_checked(&ev) { list.push(value.clone()); }
                                set(Some(Answer::Choices(list)));
                            }
                        };
                        view! {
                            <div class="govuk-checkboxes__item">
                                <input class="govuk-checkboxes__input" id=id.clone() type="checkbox" value=value prop:checked=is_on on:change=toggle/>
                                <label class="govuk-label govuk-checkboxes__label" for=id>{text}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            }
            .into_any()
        }
        QuestionKind::Confirm => {
            let is_on = { let current = current.clone(); move || matches!(current(), Some(Answer::YesNo(true))) };
            let set = set.clone();
            let id = format!("{dom_id}-confirm");
            view! {
                <div class="govuk-checkboxes govuk-checkboxes--small" id=dom_id.clone()>
                    <div class="govuk-checkboxes__item">
                        <input class="govuk-checkboxes__input" id=id.clone() type="checkbox" prop:checked=is_on
                            on:change=move |ev| set(event_target_checked(&ev).then_some(Answer::YesNo(true)))/>
                        <label class="govuk-label govuk-checkboxes__label" for=id>"Done"</label>
                    </div>
                </div>
            }
            .into_any()
        }
        QuestionKind::Text => {
            let value = { let current = current.clone(); move || match current() { Some(Answer::Text(t)) => t, _ => String::new() } };
            let set = set.clone();
            view! {
                <textarea class="govuk-textarea" id=dom_id.clone() rows="2" prop:value=value
                    on:input=move |ev| set(Some(Answer::Text(event_target_value(&ev))))></textarea>
            }
            .into_any()
        }
        QuestionKind::Number => {
            let value = { let current = current.clone(); move || match current() { Some(Answer::Number(n)) => n.to_string(), _ => String::new() } };
            let set = set.clone();
            view! {
                <input class="govuk-input govuk-input--width-4" id=dom_id.clone() type="text" inputmode="numeric" prop:value=value
                    on:input=move |ev| set(event_target_value(&ev).trim().parse::<i64>().ok().map(Answer::Number))/>
            }
            .into_any()
        }
        QuestionKind::Date => {
            let value = { let current = current.clone(); move || match current() { Some(Answer::Date(d)) => d.format("%Y-%m-%d").to_string(), _ => String::new() } };
            let set = set.clone();
            view! {
                <input class="govuk-input govuk-input--width-10" id=dom_id.clone() type="date" prop:value=value
                    on:input=move |ev| set(chrono::NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d").ok().map(Answer::Date))/>
            }
            .into_any()
        }
    };

    let is_group = matches!(question.kind, QuestionKind::YesNo | QuestionKind::Choice | QuestionKind::Choices | QuestionKind::Indicators | QuestionKind::Confirm);
    view! {
        <div class="govuk-form-group" data-question=qid>
            {if is_group {
                view! { <p class="govuk-label govuk-!-font-weight-bold" id=format!("{dom_id}-label")>{label}</p> }.into_any()
            } else {
                view! { <label class="govuk-label govuk-!-font-weight-bold" for=dom_id.clone()>{label}</label> }.into_any()
            }}
            {help}
            {say}
            {control}
        </div>
    }
}

pub(crate) fn radios(
    dom_id: &str,
    options: Vec<(String, String)>,
    is_checked: impl Fn(&str) -> bool + Clone + Send + Sync + 'static,
    on_pick: impl Fn(String) + Clone + Send + Sync + 'static,
) -> AnyView {
    let inline = options.len() == 2;
    view! {
        <div class=if inline { "govuk-radios govuk-radios--small govuk-radios--inline" } else { "govuk-radios govuk-radios--small" }
            id=dom_id.to_string() role="radiogroup" aria-labelledby=format!("{dom_id}-label")>
            {options.into_iter().enumerate().map(|(i, (value, text))| {
                let id = format!("{dom_id}-{i}");
                let checked = { let is_checked = is_checked.clone(); let value = value.clone(); move || is_checked(&value) };
                let pick = { let on_pick = on_pick.clone(); let value = value.clone(); move |_| on_pick(value.clone()) };
                view! {
                    <div class="govuk-radios__item">
                        <input class="govuk-radios__input" id=id.clone() name=dom_id.to_string() type="radio" value=value prop:checked=checked on:change=pick/>
                        <label class="govuk-label govuk-radios__label" for=id>{text}</label>
                    </div>
                }
            }).collect_view()}
        </div>
    }
    .into_any()
}
