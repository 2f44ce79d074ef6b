//! The CASS Information Requests form for professionals (seed 002, issue 6): one page, rendered on
//! the server and posted as a plain HTML form, so it works with JavaScript off. `server::public_irr`
//! serves it: GET renders, POST checks with `domain::information_requests::check_intake` and
//! either stores the request (303 to the confirmation) or renders the page again with the GOV.UK
//! error summary and everything typed kept.

use super::fields::{CheckboxesField, DateField, RadiosField, ServerErrorSummary, TextAreaField, TextField};
use super::steps::{contact, Honeypot};
use domain::information_requests::{criterion_slug, IntakeForm, EXCEPTIONS};
use domain::rules::UrgencyCriterion;
use domain::FieldError;
use leptos::prelude::*;
use request_for_support::Choice;
use std::collections::BTreeMap;

pub const PATH: &str = "/request-information";
pub const SENT_PATH: &str = "/request-information/sent";

/// What was typed, including the date's three parts as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Typed {
    pub form: IntakeForm,
    pub dob_day: String,
    pub dob_month: String,
    pub dob_year: String,
    /// `yes`, `no` or nothing, as chosen (the form's field is a plain bool).
    pub said_urgent: String,
}

fn choice(value: &str, label: &str, hint: Option<&str>) -> Choice {
    Choice { value: value.to_string(), label: label.to_string(), hint: hint.map(str::to_string) }
}

/// Reads the posted fields. A date that is partly typed or not real is passed on as typed, so
/// the check reports it (and the page keeps it).
pub fn from_pairs(pairs: &[(String, String)]) -> Typed {
    let one = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    let many = |name: &str| pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect::<Vec<_>>();
    let (day, month, year) = (one("child_date_of_birth"), one("child_date_of_birth-month"), one("child_date_of_birth-year"));
    let dob = if day.is_empty() && month.is_empty() && year.is_empty() {
        String::new()
    } else {
        match (day.parse::<u32>(), month.parse::<u32>(), year.parse::<i32>()) {
            (Ok(d), Ok(m), Ok(y)) if year.len() == 4 => chrono::NaiveDate::from_ymd_opt(y, m, d).map(|d| d.to_string()).unwrap_or_else(|| "not a date".into()),
            _ => "not a date".into(),
        }
    };
    Typed {
        form: IntakeForm {
            requester_name: one("requester_name"),
            requester_organisation: one("requester_organisation"),
            requester_email: one("requester_email"),
            requester_phone: one("requester_phone"),
            child_name: one("child_name"),
            child_date_of_birth: dob,
            child_address: one("child_address"),
            family_details: one("family_details"),
            information_needed: one("information_needed"),
            reason: one("reason"),
            said_urgent: one("said_urgent") == "yes",
            urgency_reason: one("urgency_reason"),
            urgency_criteria: many("urgency_criteria"),
            consent: one("consent"),
            consent_given_by: one("consent_given_by"),
            consent_form: one("consent_form"),
            exception: one("exception"),
            exception_details: one("exception_details"),
        },
        dob_day: day,
        dob_month: month,
        dob_year: year,
        said_urgent: one("said_urgent"),
    }
}

/// The form page's body.
pub fn form_body(t: Typed, errors: Vec<FieldError>, contacts: &BTreeMap<String, String>) -> AnyView {
    let f = t.form.clone();
    let phone = contact(contacts, "cass_phone_line");
    let criteria: Vec<Choice> = UrgencyCriterion::ALL.iter().map(|c| choice(criterion_slug(*c), c.label(), None)).collect();
    let exceptions: Vec<Choice> = EXCEPTIONS.iter().map(|(v, l)| choice(v, l, None)).collect();
    let e = errors.clone();
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ServerErrorSummary errors=errors.clone()/>
                <h1 class="govuk-heading-l">"Ask for information about a child (professionals)"</h1>
                <p class="govuk-body">"Use this form if you are a professional who needs information that Children's Social Care holds about a child or family. We will reply only to your own work e-mail address or to a secure shared mailbox."</p>
                <div class="govuk-warning-text">
                    <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                    <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">"Warning"</span>
                        {format!("If a child is in immediate danger, call 999. To discuss an urgent concern, call CASS on {phone}.")}</strong>
                </div>
                <form method="post" action=PATH novalidate>
                    <Honeypot/>
                    <h2 class="govuk-heading-m">"About you"</h2>
                    <TextField id="requester_name" label="Your full name" value=f.requester_name.clone() errors=e.clone() autocomplete="name"/>
                    <TextField id="requester_organisation" label="Your organisation" value=f.requester_organisation.clone() errors=e.clone() autocomplete="organization"/>
                    <TextField id="requester_email" label="Your own work e-mail address" input_type="email" value=f.requester_email.clone() errors=e.clone()
                        hint="Not a shared mailbox unless it is a secure one: we only send information to your own address or a secure shared address." autocomplete="email" spellcheck_off=true/>
                    <TextField id="requester_phone" label="Your phone number (optional)" input_type="tel" value=f.requester_phone.clone() errors=e.clone() autocomplete="tel" width="govuk-input--width-20"/>
                    <h2 class="govuk-heading-m">"The child and family"</h2>
                    <TextField id="child_name" label="The child's full name" value=f.child_name.clone() errors=e.clone()/>
                    <DateField id="child_date_of_birth" legend_text="The child's date of birth (if known)" day=t.dob_day.clone() month=t.dob_month.clone() year=t.dob_year.clone()
                        errors=e.clone() hint="For example, 27 3 2012"/>
                    <TextField id="child_address" label="The child's address (if known)" value=f.child_address.clone() errors=e.clone()/>
                    <TextAreaField id="family_details" label="Other family members (optional)" value=f.family_details.clone() errors=e.clone()
                        hint="Names and dates of birth of parents, brothers and sisters, and others in the household" rows=3/>
                    <h2 class="govuk-heading-m">"What you need"</h2>
                    <TextAreaField id="information_needed" label="What information do you need?" value=f.information_needed.clone() errors=e.clone()/>
                    <TextAreaField id="reason" label="Why do you need it?" value=f.reason.clone() errors=e.clone()/>
                    <RadiosField id="said_urgent" legend_text="Is your request urgent?" inline=true
                        choices=vec![choice("yes", "Yes", None), choice("no", "No", None)]
                        value=t.said_urgent.clone() errors=e.clone()/>
                    <CheckboxesField id="urgency_criteria" legend_text="If it is urgent, which of these applies?" choices=criteria values=f.urgency_criteria.clone() errors=e.clone()
                        hint="We treat a request as urgent only when one of these applies. Otherwise it is dealt with in turn."/>
                    <TextAreaField id="urgency_reason" label="If it is urgent, say why" value=f.urgency_reason.clone() errors=e.clone() rows=3/>
                    <h2 class="govuk-heading-m">"Consent"</h2>
                    <RadiosField id="consent" legend_text="Has consent been given to share information?" value=f.consent.clone() errors=e.clone()
                        hint="Consent must come from a parent, or from the young person if they are 16 or over on the day of your request."
                        choices=vec![
                            choice("consent_given", "Yes, consent has been given", None),
                            choice("exception", "Consent is not needed", Some("For example a section 47 enquiry, a section 7 or 37 report, PLO or court proceedings")),
                            choice("none", "No", Some("We will not be able to share information")),
                        ]/>
                    <RadiosField id="consent_given_by" legend_text="If consent was given, who gave it?" value=f.consent_given_by.clone() errors=e.clone()
                        choices=vec![choice("parent", "A parent", None), choice("child_or_young_person", "The young person (16 or over)", None)]/>
                    <RadiosField id="consent_form" legend_text="How was consent given?" value=f.consent_form.clone() errors=e.clone()
                        choices=vec![choice("written", "Written consent (attach or send it with your request)", None), choice("professional_statement", "I confirm consent has been gained", None)]/>
                    <RadiosField id="exception" legend_text="If consent is not needed, why?" value=f.exception.clone() errors=e.clone() choices=exceptions/>
                    <TextAreaField id="exception_details" label="If a child may be at risk of significant harm, tell us how" value=f.exception_details.clone() errors=e.clone() rows=3/>
                    <button type="submit" class="govuk-button" data-module="govuk-button" data-testid="send-request">"Send request"</button>
                </form>
            </div>
        </div>
    }
    .into_any()
}

/// The confirmation page: the reference and what happens next.
pub fn sent_body(reference: String, contacts: &BTreeMap<String, String>) -> AnyView {
    let phone = contact(contacts, "cass_phone_line");
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <div class="govuk-panel govuk-panel--confirmation">
                    <h1 class="govuk-panel__title">"Request sent"</h1>
                    <div class="govuk-panel__body">"Your reference number"<br/><strong data-testid="reference">{reference}</strong></div>
                </div>
                <h2 class="govuk-heading-m">"What happens next"</h2>
                <ol class="govuk-list govuk-list--number">
                    <li>"Business Support checks whether the child or family are known to Children's Social Care."</li>
                    <li>"If they are not known, or you only asked whether there is an allocated worker, Business Support replies."</li>
                    <li>"Otherwise a Referral and Advice Officer or the allocated worker replies to your own e-mail address. Urgent requests are dealt with first."</li>
                </ol>
                <p class="govuk-body">{format!("If a child is in immediate danger, call 999. To discuss an urgent concern, call CASS on {phone}.")}</p>
                <p class="govuk-body"><a class="govuk-link" href=PATH>"Send another request"</a></p>
            </div>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_keeps_what_was_typed_and_reads_the_date() {
        let pairs: Vec<(String, String)> = [
            ("requester_name", " Pat "),
            ("child_date_of_birth", "2"),
            ("child_date_of_birth-month", "3"),
            ("child_date_of_birth-year", "2010"),
            ("urgency_criteria", "probation_releasing_prisoner"),
            ("urgency_criteria", "significant_harm_if_delayed"),
            ("said_urgent", "yes"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let t = from_pairs(&pairs);
        assert_eq!(t.form.requester_name, "Pat");
        assert_eq!(t.form.child_date_of_birth, "2010-03-02");
        assert_eq!(t.form.urgency_criteria.len(), 2);
        assert!(t.form.said_urgent);
        let bad = from_pairs(&[("child_date_of_birth".to_string(), "31".to_string()), ("child_date_of_birth-month".to_string(), "2".to_string())]);
        assert_eq!(bad.form.child_date_of_birth, "not a date");
        assert_eq!(bad.dob_day, "31");
    }
}
