//! Form fields with the GOV.UK markup: label, hint, error message and the error styling, and the
//! value kept in a signal so nothing typed is lost when the server sends the form back.

use domain::FieldError;
use leptos::prelude::*;

/// `aria-describedby` for a field: its hint, and its error message while there is one.
fn described_by(hint_id: Option<String>, error_id: String, error: Memo<Option<String>>) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static {
    move || {
        let ids: Vec<String> = hint_id.iter().cloned().chain(error.get().map(|_| error_id.clone())).collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

fn error_for(errors: &[FieldError], id: &str) -> Option<String> {
    errors.iter().find(|e| e.field == id).map(|e| e.message.clone())
}

#[component]
pub fn TextInput(
    id: &'static str,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] width_class: Option<&'static str>,
    #[prop(optional)] spellcheck_off: bool,
    /// The limit the server enforces, shown as a live count (GOV.UK character count). The
    /// browser never cuts the text: the count and the server say when it is too long.
    #[prop(optional)] max: Option<usize>,
) -> impl IntoView {
    let error = Memo::new(move |_| error_for(&errors.get(), id));
    let (hint_id, error_id, count_id) = (format!("{id}-hint"), format!("{id}-error"), format!("{id}-info"));
    let described = described_by(hint.is_some().then(|| hint_id.clone()), error_id.clone(), error);
    let described_by = move || match (described(), max) {
        (Some(d), Some(_)) => Some(format!("{d} {count_id}")),
        (None, Some(_)) => Some(count_id.clone()),
        (d, None) => d,
    };
    let input_class = move || {
        let mut c = String::from("govuk-input");
        if let Some(w) = width_class {
            c.push(' ');
            c.push_str(w);
        }
        if error.get().is_some() {
            c.push_str(" govuk-input--error");
        }
        c
    };
    view! {
        <div class=move || if error.get().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
            <label class="govuk-label" for=id>{label}</label>
            {hint.map(|h| view! { <div class="govuk-hint" id=hint_id.clone()>{h}</div> })}
            {move || error.get().map(|m| view! {
                <p class="govuk-error-message" id=error_id.clone()><span class="govuk-visually-hidden">"Error: "</span>{m}</p>
            })}
            <input
                class=input_class
                id=id
                name=id
                type=input_type
                autocomplete=autocomplete
                spellcheck=if spellcheck_off { Some("false") } else { None }
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {max.map(|max| view! { <CharacterCount id=id max=max value=value/> })}
        </div>
    }
}

/// What the count says for `left` characters to spare (negative: over the limit).
pub fn character_count_words(left: i64) -> String {
    let n = left.unsigned_abs();
    let unit = if n == 1 { "character" } else { "characters" };
    if left < 0 { format!("You have {n} {unit} too many") } else { format!("You have {n} {unit} remaining") }
}

/// "You have 12 characters remaining" / "You have 3 characters too many", as the user types.
#[component]
fn CharacterCount(id: &'static str, max: usize, value: RwSignal<String>) -> impl IntoView {
    let left = move || max as i64 - value.with(|v| v.chars().count()) as i64;
    view! {
        <div id=format!("{id}-info") data-testid=format!("{id}-count") aria-live="polite"
            class=move || if left() < 0 { "govuk-error-message govuk-character-count__message" } else { "govuk-hint govuk-character-count__message" }>
            {move || character_count_words(left())}
        </div>
    }
}

/// A textarea with no arbitrary length limit (narrative must never be cut short).
#[component]
pub fn TextArea(
    id: &'static str,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(default = 5)] rows: u32,
) -> impl IntoView {
    let error = Memo::new(move |_| error_for(&errors.get(), id));
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    let described_by = described_by(hint.is_some().then(|| hint_id.clone()), error_id.clone(), error);
    view! {
        <div class=move || if error.get().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
            <label class="govuk-label" for=id>{label}</label>
            {hint.map(|h| view! { <div class="govuk-hint" id=hint_id.clone()>{h}</div> })}
            {move || error.get().map(|m| view! {
                <p class="govuk-error-message" id=error_id.clone()><span class="govuk-visually-hidden">"Error: "</span>{m}</p>
            })}
            <textarea
                class=move || if error.get().is_some() { "govuk-textarea govuk-textarea--error" } else { "govuk-textarea" }
                id=id
                name=id
                rows=rows
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
        </div>
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CheckboxItem {
    pub value: String,
    pub label: String,
}

/// A group of checkboxes bound to a list of chosen values.
#[component]
pub fn Checkboxes(
    id: &'static str,
    #[prop(into)] legend: String,
    items: Vec<CheckboxItem>,
    chosen: RwSignal<Vec<String>>,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
    #[prop(optional, into)] hint: Option<String>,
) -> impl IntoView {
    let error = Memo::new(move |_| error_for(&errors.get(), id));
    view! {
        <div class=move || if error.get().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
            <fieldset class="govuk-fieldset" id=id>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
                {hint.map(|h| view! { <div class="govuk-hint">{h}</div> })}
                {move || error.get().map(|m| view! {
                    <p class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{m}</p>
                })}
                <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                    {items
                        .into_iter()
                        .enumerate()
                        .map(|(i, item)| {
                            let input_id = format!("{id}-{i}");
                            let value = item.value.clone();
                            let checked = {
                                let value = value.clone();
                                move || chosen.get().contains(&value)
                            };
                            let toggle = {
                                let value = value.clone();
                                move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| {
                                        c.retain(|v| *v != value);
                                        if on {
                                            c.push(value.clone());
                                        }
                                    });
                                }
                            };
                            view! {
                                <div class="govuk-checkboxes__item">
                                    <input class="govuk-checkboxes__input" id=input_id.clone() name=id type="checkbox" value=value prop:checked=checked on:change=toggle/>
                                    <label class="govuk-label govuk-checkboxes__label" for=input_id>{item.label}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::character_count_words;

    #[test]
    fn the_count_reads_as_govuk_says_it() {
        assert_eq!(character_count_words(200), "You have 200 characters remaining");
        assert_eq!(character_count_words(1), "You have 1 character remaining");
        assert_eq!(character_count_words(0), "You have 0 characters remaining");
        assert_eq!(character_count_words(-1), "You have 1 character too many");
        assert_eq!(character_count_words(-12), "You have 12 characters too many");
    }
}
