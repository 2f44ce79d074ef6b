//! A person's details as a form: the picker's "create a new person" and the person page's
//! "Change details" share these fields. Two forms can be on one page (the person page also
//! holds a picker), so each names its inputs with its own `PersonFieldIds`; the server names
//! errors by `PersonForm` field, and `errors_for` moves them onto the form's own ids.

use crate::components::TextInput;
use domain::people::PersonForm;
use domain::FieldError;
use leptos::prelude::*;

/// The input ids of one person form, in `PersonForm` field order.
pub struct PersonFieldIds {
    pub prefix: &'static str,
    pub given_names: &'static str,
    pub family_name: &'static str,
    pub date_of_birth: &'static str,
    pub address: &'static str,
    pub postcode: &'static str,
    pub previous_postcode: &'static str,
    pub phone: &'static str,
    pub nhs_number: &'static str,
    pub upn: &'static str,
    pub la_child_id: &'static str,
    pub gender: &'static str,
    pub ethnicity: &'static str,
}

/// The picker's new person: ids as the server names the fields.
pub const NEW_PERSON_IDS: PersonFieldIds = PersonFieldIds {
    prefix: "",
    given_names: "given_names",
    family_name: "family_name",
    date_of_birth: "date_of_birth",
    address: "address",
    postcode: "postcode",
    previous_postcode: "previous_postcode",
    phone: "phone",
    nhs_number: "nhs_number",
    upn: "upn",
    la_child_id: "la_child_id",
    gender: "gender",
    ethnicity: "ethnicity",
};

/// The person page's "Change details".
pub const EDIT_PERSON_IDS: PersonFieldIds = PersonFieldIds {
    prefix: "edit_",
    given_names: "edit_given_names",
    family_name: "edit_family_name",
    date_of_birth: "edit_date_of_birth",
    address: "edit_address",
    postcode: "edit_postcode",
    previous_postcode: "edit_previous_postcode",
    phone: "edit_phone",
    nhs_number: "edit_nhs_number",
    upn: "edit_upn",
    la_child_id: "edit_la_child_id",
    gender: "edit_gender",
    ethnicity: "edit_ethnicity",
};

impl PersonFieldIds {
    /// The server's errors, named by this form's inputs so the summary links to them.
    pub fn errors_for(&self, errors: Vec<FieldError>) -> Vec<FieldError> {
        errors.into_iter().map(|e| FieldError { field: format!("{}{}", self.prefix, e.field), message: e.message }).collect()
    }
}

/// What is typed into one person form; kept outside any reloading view so nothing is lost.
#[derive(Clone, Copy)]
pub struct PersonFields {
    given: RwSignal<String>,
    family: RwSignal<String>,
    dob: RwSignal<String>,
    address: RwSignal<String>,
    postcode: RwSignal<String>,
    previous_postcode: RwSignal<String>,
    phone: RwSignal<String>,
    nhs: RwSignal<String>,
    upn: RwSignal<String>,
    la_child_id: RwSignal<String>,
    gender: RwSignal<String>,
    ethnicity: RwSignal<String>,
}

impl PersonFields {
    pub fn new() -> Self {
        let s = || RwSignal::new(String::new());
        PersonFields {
            given: s(),
            family: s(),
            dob: s(),
            address: s(),
            postcode: s(),
            previous_postcode: s(),
            phone: s(),
            nhs: s(),
            upn: s(),
            la_child_id: s(),
            gender: s(),
            ethnicity: s(),
        }
    }

    pub fn fill(&self, f: &PersonForm) {
        self.given.set(f.given_names.clone());
        self.family.set(f.family_name.clone());
        self.dob.set(f.date_of_birth.clone());
        self.address.set(f.address.clone());
        self.postcode.set(f.postcode.clone());
        self.previous_postcode.set(f.previous_postcode.clone());
        self.phone.set(f.phone.clone());
        self.nhs.set(f.nhs_number.clone());
        self.upn.set(f.upn.clone());
        self.la_child_id.set(f.la_child_id.clone());
        self.gender.set(f.gender.clone());
        self.ethnicity.set(f.ethnicity.clone());
    }

    /// The form as typed, read so that a change to any field is seen (for drafts).
    pub fn tracked(&self) -> PersonForm {
        PersonForm {
            given_names: self.given.get(),
            family_name: self.family.get(),
            date_of_birth: self.dob.get(),
            address: self.address.get(),
            postcode: self.postcode.get(),
            previous_postcode: self.previous_postcode.get(),
            phone: self.phone.get(),
            nhs_number: self.nhs.get(),
            upn: self.upn.get(),
            la_child_id: self.la_child_id.get(),
            gender: self.gender.get(),
            ethnicity: self.ethnicity.get(),
        }
    }

    pub fn form(&self) -> PersonForm {
        PersonForm {
            given_names: self.given.get_untracked(),
            family_name: self.family.get_untracked(),
            date_of_birth: self.dob.get_untracked(),
            address: self.address.get_untracked(),
            postcode: self.postcode.get_untracked(),
            previous_postcode: self.previous_postcode.get_untracked(),
            phone: self.phone.get_untracked(),
            nhs_number: self.nhs.get_untracked(),
            upn: self.upn.get_untracked(),
            la_child_id: self.la_child_id.get_untracked(),
            gender: self.gender.get_untracked(),
            ethnicity: self.ethnicity.get_untracked(),
        }
    }
}

impl Default for PersonFields {
    fn default() -> Self {
        Self::new()
    }
}

/// Every field of a person, with the GOV.UK error pattern.
#[component]
pub fn PersonFieldInputs(fields: PersonFields, ids: &'static PersonFieldIds, #[prop(into)] errors: Signal<Vec<FieldError>>) -> impl IntoView {
    view! {
        <TextInput id=ids.given_names label="Given names" value=fields.given errors=errors/>
        <TextInput id=ids.family_name label="Family name" value=fields.family errors=errors/>
        <TextInput id=ids.date_of_birth label="Date of birth (leave blank if not known)" value=fields.dob errors=errors hint="For example, 27/3/2015"/>
        <TextInput id=ids.address label="Address" value=fields.address errors=errors/>
        <TextInput id=ids.postcode label="Postcode" value=fields.postcode errors=errors width_class="govuk-input--width-10"/>
        <TextInput id=ids.previous_postcode label="Previous postcode (if the family has moved)" value=fields.previous_postcode errors=errors width_class="govuk-input--width-10"/>
        <TextInput id=ids.phone label="Phone" value=fields.phone errors=errors input_type="tel"/>
        <TextInput id=ids.nhs_number label="NHS number" value=fields.nhs errors=errors width_class="govuk-input--width-10"/>
        <TextInput id=ids.upn label="Unique Pupil Number (UPN)" value=fields.upn errors=errors width_class="govuk-input--width-20"/>
        <TextInput id=ids.la_child_id label="LA child ID" value=fields.la_child_id errors=errors width_class="govuk-input--width-20"/>
        <CodeSelect id=ids.gender label="Gender" value=fields.gender errors=errors
            options=domain::codes::GENDERS.iter().map(|(slug, _, label)| (*slug, *label)).collect()/>
        <CodeSelect id=ids.ethnicity label="Ethnicity" value=fields.ethnicity errors=errors
            options=domain::codes::ETHNICITIES.iter().map(|(code, label)| (*code, *label)).collect()/>
    }
}

/// A national code list as a select, with "Not recorded" first (stored as the list's own
/// "not recorded" code).
#[component]
fn CodeSelect(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
    options: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    let error = Memo::new(move |_| errors.get().iter().find(|e| e.field == id).map(|e| e.message.clone()));
    let error_id = format!("{id}-error");
    view! {
        <div class=move || if error.get().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
            <label class="govuk-label" for=id>{label}</label>
            {move || error.get().map(|m| view! { <p class="govuk-error-message" id=error_id.clone()><span class="govuk-visually-hidden">"Error: "</span>{m}</p> })}
            <select class="govuk-select" id=id name=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">"Not recorded"</option>
                {options.into_iter().map(|(code, words)| view! { <option value=code selected=move || value.get() == code>{words}</option> }).collect_view()}
            </select>
        </div>
    }
}
