//! GOV.UK form fields for the public form, rendered once on the server with the answers as plain
//! attributes (`value`, `checked`), so they work with JavaScript off. (The staff components in
//! `crate::components::fields` bind values as DOM properties, which only exist after hydration.)

use domain::FieldError;
use leptos::prelude::*;

pub fn error_for(errors: &[FieldError], id: &str) -> Option<String> {
    errors.iter().find(|e| e.field == id).map(|e| e.message.clone())
}

fn group_class(error: &Option<String>) -> &'static str {
    if error.is_some() {
        "govuk-form-group govuk-form-group--error"
    } else {
        "govuk-form-group"
    }
}

fn described_by(hint: Option<&str>, error: Option<&str>) -> Option<String> {
    let ids: Vec<&str> = [hint, error].into_iter().flatten().collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

fn error_message(id: &str, error: Option<String>) -> impl IntoView {
    error.map(|m| {
        view! { <p class="govuk-error-message" id=format!("{id}-error")><span class="govuk-visually-hidden">"Error: "</span>{m}</p> }
    })
}

/// A single-line input. `max` is the character limit the server enforces (also `maxlength`
/// is left off on purpose: the browser would cut text silently; the server says so instead).
#[component]
pub fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    errors: Vec<FieldError>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] width: Option<&'static str>,
    #[prop(optional)] label_is_heading: bool,
    #[prop(optional)] spellcheck_off: bool,
) -> impl IntoView {
    let error = error_for(&errors, &id);
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let error_id = error.as_ref().map(|_| format!("{id}-error"));
    let aria = described_by(hint_id.as_deref(), error_id.as_deref());
    let mut class = String::from("govuk-input");
    if let Some(w) = width {
        class.push(' ');
        class.push_str(w);
    }
    if error.is_some() {
        class.push_str(" govuk-input--error");
    }
    let label_view = if label_is_heading {
        view! { <h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" for=id.clone()>{label}</label></h1> }.into_any()
    } else {
        view! { <label class="govuk-label govuk-label--s" for=id.clone()>{label}</label> }.into_any()
    };
    view! {
        <div class=group_class(&error)>
            {label_view}
            {hint.map(|h| view! { <div class="govuk-hint" id=format!("{id}-hint")>{h}</div> })}
            {error_message(&id, error.clone())}
            <input class=class id=id.clone() name=id.clone() type=input_type value=value autocomplete=autocomplete
                spellcheck=spellcheck_off.then_some("false") aria-describedby=aria/>
        </div>
    }
}

#[component]
pub fn TextAreaField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    errors: Vec<FieldError>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(default = 5)] rows: u32,
    #[prop(optional)] label_is_heading: bool,
) -> impl IntoView {
    let error = error_for(&errors, &id);
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let error_id = error.as_ref().map(|_| format!("{id}-error"));
    let aria = described_by(hint_id.as_deref(), error_id.as_deref());
    let class = if error.is_some() { "govuk-textarea govuk-textarea--error" } else { "govuk-textarea" };
    let label_view = if label_is_heading {
        view! { <h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" for=id.clone()>{label}</label></h1> }.into_any()
    } else {
        view! { <label class="govuk-label govuk-label--s" for=id.clone()>{label}</label> }.into_any()
    };
    view! {
        <div class=group_class(&error)>
            {label_view}
            {hint.map(|h| view! { <div class="govuk-hint" id=format!("{id}-hint")>{h}</div> })}
            {error_message(&id, error.clone())}
            <textarea class=class id=id.clone() name=id.clone() rows=rows aria-describedby=aria>{value}</textarea>
        </div>
    }
}

pub use request_for_support::Choice;

/// The legend of a fieldset: the page's `<h1>` when the question is the page.
fn legend(text: String, is_heading: bool) -> impl IntoView {
    if is_heading {
        view! {
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--l">
                <h1 class="govuk-fieldset__heading">{text}</h1>
            </legend>
        }
        .into_any()
    } else {
        view! { <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{text}</legend> }.into_any()
    }
}

/// Radios. The first radio's id is the field's id, so the error summary's link lands on it.
#[component]
pub fn RadiosField(
    #[prop(into)] id: String,
    #[prop(into)] legend_text: String,
    choices: Vec<Choice>,
    #[prop(into)] value: String,
    errors: Vec<FieldError>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] legend_is_heading: bool,
    #[prop(optional)] inline: bool,
) -> impl IntoView {
    let error = error_for(&errors, &id);
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let error_id = error.as_ref().map(|_| format!("{id}-error"));
    let aria = described_by(hint_id.as_deref(), error_id.as_deref());
    let class = if inline { "govuk-radios govuk-radios--inline" } else { "govuk-radios" };
    view! {
        <div class=group_class(&error)>
            <fieldset class="govuk-fieldset" aria-describedby=aria>
                {legend(legend_text, legend_is_heading)}
                {hint.map(|h| view! { <div class="govuk-hint" id=format!("{id}-hint")>{h}</div> })}
                {error_message(&id, error.clone())}
                <div class=class data-module="govuk-radios">
                    {choices.into_iter().enumerate().map(|(i, c)| {
                        let input_id = if i == 0 { id.clone() } else { format!("{id}-{}", i + 1) };
                        let item_hint_id = format!("{input_id}-item-hint");
                        let checked = c.value == value;
                        let has_hint = c.hint.is_some();
                        view! {
                            <div class="govuk-radios__item">
                                <input class="govuk-radios__input" id=input_id.clone() name=id.clone() type="radio" value=c.value checked=checked
                                    aria-describedby=has_hint.then(|| item_hint_id.clone())/>
                                <label class="govuk-label govuk-radios__label" for=input_id>{c.label}</label>
                                {c.hint.map(|h| view! { <div id=item_hint_id class="govuk-hint govuk-radios__hint">{h}</div> })}
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

#[component]
pub fn CheckboxesField(
    #[prop(into)] id: String,
    #[prop(into)] legend_text: String,
    choices: Vec<Choice>,
    values: Vec<String>,
    errors: Vec<FieldError>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional)] legend_is_heading: bool,
) -> impl IntoView {
    let error = error_for(&errors, &id);
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let error_id = error.as_ref().map(|_| format!("{id}-error"));
    let aria = described_by(hint_id.as_deref(), error_id.as_deref());
    view! {
        <div class=group_class(&error)>
            <fieldset class="govuk-fieldset" aria-describedby=aria>
                {legend(legend_text, legend_is_heading)}
                {hint.map(|h| view! { <div class="govuk-hint" id=format!("{id}-hint")>{h}</div> })}
                {error_message(&id, error.clone())}
                <div class="govuk-checkboxes" data-module="govuk-checkboxes">
                    {choices.into_iter().enumerate().map(|(i, c)| {
                        let input_id = if i == 0 { id.clone() } else { format!("{id}-{}", i + 1) };
                        let item_hint_id = format!("{input_id}-item-hint");
                        let checked = values.contains(&c.value);
                        let has_hint = c.hint.is_some();
                        view! {
                            <div class="govuk-checkboxes__item">
                                <input class="govuk-checkboxes__input" id=input_id.clone() name=id.clone() type="checkbox" value=c.value checked=checked
                                    aria-describedby=has_hint.then(|| item_hint_id.clone())/>
                                <label class="govuk-label govuk-checkboxes__label" for=input_id>{c.label}</label>
                                {c.hint.map(|h| view! { <div id=item_hint_id class="govuk-hint govuk-checkboxes__hint">{h}</div> })}
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// The GOV.UK date input. The day's id is the field's id (the error summary links to it); the
/// month and year are `<id>-month` and `<id>-year`.
#[component]
pub fn DateField(
    #[prop(into)] id: String,
    #[prop(into)] legend_text: String,
    #[prop(into)] day: String,
    #[prop(into)] month: String,
    #[prop(into)] year: String,
    errors: Vec<FieldError>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let error = error_for(&errors, &id);
    let hint_id = hint.as_ref().map(|_| format!("{id}-hint"));
    let error_id = error.as_ref().map(|_| format!("{id}-error"));
    let aria = described_by(hint_id.as_deref(), error_id.as_deref());
    let input_class = |w: &str| {
        if error.is_some() {
            format!("govuk-input govuk-date-input__input govuk-input--width-{w} govuk-input--error")
        } else {
            format!("govuk-input govuk-date-input__input govuk-input--width-{w}")
        }
    };
    let (month_id, year_id) = (format!("{id}-month"), format!("{id}-year"));
    view! {
        <div class=group_class(&error)>
            <fieldset class="govuk-fieldset" role="group" aria-describedby=aria>
                {legend(legend_text, false)}
                {hint.map(|h| view! { <div class="govuk-hint" id=format!("{id}-hint")>{h}</div> })}
                {error_message(&id, error.clone())}
                <div class="govuk-date-input">
                    <div class="govuk-date-input__item">
                        <div class="govuk-form-group">
                            <label class="govuk-label govuk-date-input__label" for=id.clone()>"Day"</label>
                            <input class=input_class("2") id=id.clone() name=id.clone() type="text" inputmode="numeric" value=day autocomplete="off"/>
                        </div>
                    </div>
                    <div class="govuk-date-input__item">
                        <div class="govuk-form-group">
                            <label class="govuk-label govuk-date-input__label" for=month_id.clone()>"Month"</label>
                            <input class=input_class("2") id=month_id.clone() name=month_id type="text" inputmode="numeric" value=month autocomplete="off"/>
                        </div>
                    </div>
                    <div class="govuk-date-input__item">
                        <div class="govuk-form-group">
                            <label class="govuk-label govuk-date-input__label" for=year_id.clone()>"Year"</label>
                            <input class=input_class("4") id=year_id.clone() name=year_id type="text" inputmode="numeric" value=year autocomplete="off"/>
                        </div>
                    </div>
                </div>
            </fieldset>
        </div>
    }
}

/// The GOV.UK error summary, rendered on the server. The page's small script focuses it on load
/// (as GOV.UK Frontend does); with JavaScript off it is the first thing after the heading area.
#[component]
pub fn ServerErrorSummary(errors: Vec<FieldError>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        view! {
            <div class="govuk-error-summary" data-module="govuk-error-summary" tabindex="-1">
                <div role="alert">
                    <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                    <div class="govuk-error-summary__body">
                        <ul class="govuk-list govuk-error-summary__list">
                            {errors.into_iter().map(|e| view! { <li><a href=format!("#{}", e.field)>{e.message}</a></li> }).collect_view()}
                        </ul>
                    </div>
                </div>
            </div>
        }
    })
}
