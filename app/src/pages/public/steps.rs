//! The pages of the online Request for Support, rendered on the server: the start page, one page
//! per step (one thing per page), check your answers, the confirmation and the refusals. Every
//! page is a plain HTML form posted to the server; with JavaScript on, `/request-support/enhance.js`
//! re-renders the guidance panel in the browser as people type, with the `public_guidance` WASM
//! (see `server::public_form` and `request_for_support::browser`).

use super::fields::*;
use super::form::{Step, SupportAnswers, CONSENT_SCOPES, PUBLIC_RELATIONSHIPS};
use domain::FieldError;
use leptos::prelude::*;
use std::collections::BTreeMap;

pub const FORM_SCRIPT: &str = "/request-support/enhance.js";
/// The script's source, served by the server at [`FORM_SCRIPT`].
pub const FORM_SCRIPT_SOURCE: &str = include_str!("enhance.js");

/// A follow-up question of the concern, ready to render.
#[derive(Clone, Debug, PartialEq)]
pub struct FollowUp {
    pub id: String,
    pub prompt: String,
    pub choices: Vec<Choice>,
}

pub struct StepPage {
    pub step: Step,
    pub answers: SupportAnswers,
    pub errors: Vec<FieldError>,
    /// The guidance panel's HTML (`panel::for_answers`), on pages with guidance.
    pub guidance: Option<String>,
    /// What the page's script needs to re-render the panel in the browser; `None` when the
    /// guidance WASM is not built (the panel then changes only when the page is posted).
    pub browser_guidance: Option<BrowserGuidance>,
    pub concern_choices: Vec<Choice>,
    pub follow_ups: Vec<FollowUp>,
    pub back: Option<String>,
    pub from_check: bool,
    /// A message above the form (for example: earlier answers were deleted after expiring).
    pub notice: Option<String>,
    pub contacts: BTreeMap<String, String>,
    /// The answers given so far, sealed for this browser's cookie (`server::public_seal`): posted
    /// back with the page so the server can rebuild a draft it has deleted after expiry.
    pub sealed: Option<String>,
}

/// Where the page's script finds the guidance WASM and the rules, and the page's own data
/// (`browser::GuidancePage` as JSON). Addresses carry content hashes, so they are cached for good.
#[derive(Clone, Debug, PartialEq)]
pub struct BrowserGuidance {
    pub module: String,
    pub wasm: String,
    pub rules: String,
    pub page: String,
}

pub fn contact(contacts: &BTreeMap<String, String>, key: &str) -> String {
    contacts.get(key).cloned().unwrap_or_default()
}

/// The page's `<title>` (GOV.UK: "Error: " first when the page has mistakes).
pub fn step_title(step: Step, a: &SupportAnswers, has_errors: bool) -> String {
    let pro = a.is_professional();
    let t = match step {
        Step::Who => "Are you a professional or a member of the public?",
        Step::Danger => "Is a child in immediate danger right now?",
        Step::CallNow => "Call 999 now",
        Step::AboutYou => "About you",
        Step::Relationship if pro => "Do you have an ongoing professional relationship with the family?",
        Step::Relationship => "How do you know the child?",
        Step::ParentalResponsibility => "Do you have Parental Responsibility for the child?",
        Step::Child => "About the child",
        Step::AboutChild => "The child's ethnicity and any special needs",
        Step::Family => "The child's family and household",
        Step::Concern => "What are you worried about?",
        Step::ConcernDetails => "Tell us more about the concern",
        Step::Consent if pro => "Has a parent or carer agreed to this request?",
        Step::Consent if a.has_pr() => "Do you agree to us offering support?",
        Step::Consent => "Does the child's parent or carer know you are contacting us?",
        Step::Check => "Check your answers before sending your request",
    };
    if has_errors {
        format!("Error: {t}")
    } else {
        t.to_string()
    }
}

fn optional(label: &str, required: bool) -> String {
    if required {
        label.to_string()
    } else {
        format!("{label} (optional)")
    }
}

fn yes_no() -> Vec<Choice> {
    vec![Choice::new("yes", "Yes"), Choice::new("no", "No")]
}

/// A hidden field people cannot see or reach; only a bot fills it in.
#[component]
pub fn Honeypot() -> impl IntoView {
    view! {
        <div class="fd-honeypot" aria-hidden="true">
            <label for="website">"Leave this field empty"</label>
            <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" value=""/>
        </div>
    }
}

fn notice_banner(notice: Option<String>) -> impl IntoView {
    notice.map(|n| {
        view! {
            <div class="govuk-notification-banner" role="region" aria-labelledby="notice-title" data-module="govuk-notification-banner" data-testid="form-notice">
                <div class="govuk-notification-banner__header">
                    <h2 class="govuk-notification-banner__title" id="notice-title">"Important"</h2>
                </div>
                <div class="govuk-notification-banner__content">
                    <p class="govuk-notification-banner__heading">{n}</p>
                </div>
            </div>
        }
    })
}

/// The body of one step's page.
pub fn step_body(p: StepPage) -> AnyView {
    let StepPage { step, answers: a, errors, guidance, browser_guidance, concern_choices, follow_ups, back, from_check, notice, contacts, sealed } = p;
    let pro = a.is_professional();
    let phone = contact(&contacts, "cass_phone_line");
    let action = step.path();
    let has_guidance = guidance.is_some();
    let e = errors.clone();
    let fields: AnyView = match step {
        Step::Who => view! {
            <RadiosField id="referrer_kind" legend_text=step_title(step, &a, false) legend_is_heading=true value=a.referrer_kind.clone() errors=e
                choices=vec![
                    Choice::new("professional", "As a professional").hint("For example a teacher, health visitor, GP, police officer or youth worker"),
                    Choice::new("member_of_public", "As a parent, relative or member of the public").hint("For example a parent, grandparent, neighbour or family friend"),
                ]/>
        }
        .into_any(),
        Step::Danger => view! {
            <RadiosField id="immediate_danger" legend_text=step_title(step, &a, false) legend_is_heading=true value=a.immediate_danger.clone() errors=e
                hint="For example, a child is being hurt now, or is alone and unsafe." inline=true choices=yes_no()/>
        }
        .into_any(),
        Step::CallNow => {
            let edt = contact(&contacts, "edt_phone_line");
            let hours = contact(&contacts, "cass_hours");
            view! {
                <h1 class="govuk-heading-l" data-testid="call-now">"Call 999 now"</h1>
                <div class="govuk-warning-text">
                    <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                    <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">"Warning"</span>
                        "If a child is in immediate danger, call 999 and ask for the police. Do not use this form instead."</strong>
                </div>
                <p class="govuk-body">"Then call the Children's Advice and Support Service (CASS) on "<strong class="fd-nowrap">{phone.clone()}</strong>" ("{hours}")."</p>
                <p class="govuk-body">"At other times, call the Emergency Duty Team on "<strong class="fd-nowrap">{edt}</strong>"."</p>
                <p class="govuk-body">"Nobody reads this form straight away. When you have called, you can carry on and tell us the details here too."</p>
            }
            .into_any()
        }
        Step::AboutYou => view! {
            <h1 class="govuk-heading-l">"About you"</h1>
            {(!pro).then(|| view! { <p class="govuk-body">"You do not have to give your name, but it helps us if we can contact you."</p> })}
            <TextField id="your_name" label=optional("Your full name", pro) value=a.your_name.clone() errors=e.clone() autocomplete="name" spellcheck_off=true/>
            {pro.then(|| view! {
                <TextField id="your_organisation" label="Your organisation" value=a.your_organisation.clone() errors=e.clone() autocomplete="organization"
                    hint="For example the name of the school, surgery or police station"/>
                <TextField id="your_role" label="Your role" value=a.your_role.clone() errors=e.clone() autocomplete="organization-title"/>
            })}
            <TextField id="your_email" label=optional("Your e-mail address", false) value=a.your_email.clone() errors=e.clone() input_type="email"
                autocomplete="email" spellcheck_off=true hint=if pro { "We need an e-mail address or a phone number to contact you" } else { "We will only use it to contact you about this request" }/>
            <TextField id="your_phone" label=optional("Your phone number", false) value=a.your_phone.clone() errors=e input_type="tel"
                autocomplete="tel" width="govuk-input--width-20"/>
        }
        .into_any(),
        Step::Relationship if pro => view! {
            <RadiosField id="ongoing_relationship" legend_text=step_title(step, &a, false) legend_is_heading=true value=a.ongoing_relationship.clone() errors=e
                hint="For example as the child's school, nursery or health visitor. Services that see a family once, such as an ambulance crew, 111 or a helpline, do not."
                inline=true choices=yes_no()/>
        }
        .into_any(),
        Step::Relationship => view! {
            <RadiosField id="relationship" legend_text=step_title(step, &a, false) legend_is_heading=true value=a.relationship.clone() errors=e
                choices=PUBLIC_RELATIONSHIPS.iter().map(|(v, l, _)| Choice::new(*v, *l)).collect()/>
        }
        .into_any(),
        Step::ParentalResponsibility => view! {
            <RadiosField id="parental_responsibility" legend_text=step_title(step, &a, false) legend_is_heading=true value=a.parental_responsibility.clone() errors=e
                hint="Parental Responsibility (PR) is the legal rights and duties a parent has for a child. A mother has it, and so do most fathers; other people can have it through a court order."
                choices=vec![Choice::new("yes", "Yes"), Choice::new("no", "No"), Choice::new("not_sure", "I am not sure")]/>
            <div class="govuk-inset-text">"If you do not have Parental Responsibility, we will still listen to you and write down what you tell us, but we cannot give you any information about the child or their family."</div>
        }
        .into_any(),
        Step::Child => view! {
            <h1 class="govuk-heading-l">"About the child"</h1>
            <p class="govuk-body">"If you are worried about more than one child in a family, tell us about one of them here and list the others on the family page."</p>
            <TextField id="child_first_name" label="First name" value=a.child_first_name.clone() errors=e.clone() spellcheck_off=true width="govuk-!-width-two-thirds"/>
            <TextField id="child_last_name" label=optional("Last name", pro) value=a.child_last_name.clone() errors=e.clone() spellcheck_off=true width="govuk-!-width-two-thirds"/>
            <DateField id="child_dob" legend_text=optional("Date of birth", pro) day=a.child_dob.clone() month=a.child_dob_month.clone() year=a.child_dob_year.clone()
                errors=e.clone() hint="For example, 27 3 2016"/>
            <TextAreaField id="child_address" label=optional("Address", pro) value=a.child_address.clone() errors=e.clone() rows=3
                hint=if pro { "Where the child lives now" } else { "Where the child lives now, if you know" }/>
            <TextField id="child_postcode" label=optional("Postcode", pro) value=a.child_postcode.clone() errors=e width="govuk-input--width-10" autocomplete="off"/>
        }
        .into_any(),
        Step::AboutChild => view! {
            <h1 class="govuk-heading-l">{step_title(step, &a, false)}</h1>
            <TextField id="child_ethnicity" label=optional("Ethnicity", pro) value=a.child_ethnicity.clone() errors=e.clone()
                hint="For example White British, Black Caribbean or Mixed. Write “not known” if you do not know." width="govuk-!-width-two-thirds"/>
            <TextAreaField id="child_special_needs" label=optional("Special needs", pro) value=a.child_special_needs.clone() errors=e rows=3
                hint="For example a disability, a health condition or special educational needs. Write “none” if there are none."/>
        }
        .into_any(),
        Step::Family => view! {
            <h1 class="govuk-heading-l">{step_title(step, &a, false)}</h1>
            {(!pro).then(|| view! { <p class="govuk-body">"Tell us what you know. You can leave these empty."</p> })}
            <TextAreaField id="parents" label=optional("Names of the child's parents or carers", pro) value=a.parents.clone() errors=e.clone() rows=3
                hint="One name per line"/>
            <TextAreaField id="siblings" label=optional("Brothers and sisters", pro) value=a.siblings.clone() errors=e.clone() rows=3
                hint="One per line with their date of birth, like “Sam Smith, 12/03/2015”. Write “none” if there are none."/>
            <TextAreaField id="household" label=optional("Other people who live with the child", pro) value=a.household.clone() errors=e rows=3
                hint="One per line with their date of birth, like “Pat Smith, 01/02/1980”. Write “none” if there are none."/>
        }
        .into_any(),
        Step::Concern => view! {
            <TextAreaField id="concern_summary" label=step_title(step, &a, false) label_is_heading=true value=a.concern_summary.clone() errors=e.clone() rows=8
                hint="Tell us what has happened, when, and who was there. Include anything the child has said."/>
            <CheckboxesField id="concern_areas" legend_text="What is the concern about?" choices=concern_choices values=a.concern_areas.clone() errors=e
                hint="Select all that apply."/>
        }
        .into_any(),
        Step::ConcernDetails => view! {
            <h1 class="govuk-heading-l">{step_title(step, &a, false)}</h1>
            {follow_ups.into_iter().map(|q| {
                let value = a.follow_ups.get(&q.id).cloned().unwrap_or_default();
                view! { <RadiosField id=q.id legend_text=q.prompt value=value errors=e.clone() choices=q.choices/> }
            }).collect_view()}
        }
        .into_any(),
        Step::Consent if pro => view! {
            <RadiosField id="consent" legend_text=step_title(step, &a, false) legend_is_heading=true value=a.consent.clone() errors=e.clone()
                hint="We usually need a parent's or carer's consent to offer early help. You do not need consent to tell us a child may be at risk of significant harm."
                choices=vec![
                    Choice::new("given", "Yes, they have given consent"),
                    Choice::new("refused", "No, they have refused"),
                    Choice::new("not_asked", "I have not asked them"),
                ]/>
            <TextField id="consent_given_by" label="If yes, who gave consent?" value=a.consent_given_by.clone() errors=e.clone()
                hint="Their name and who they are to the child, for example “Jo Smith, mother”"/>
            <CheckboxesField id="consent_scopes" legend_text="If yes, what did they agree to?" values=a.consent_scopes.clone() errors=e
                choices=CONSENT_SCOPES.iter().map(|(v, l, h)| Choice::new(*v, *l).hint(*h)).collect() hint="Select all that apply."/>
        }
        .into_any(),
        Step::Consent if a.has_pr() => view! {
            <RadiosField id="consent" legend_text=step_title(step, &a, false) legend_is_heading=true value=a.consent.clone() errors=e.clone()
                hint="Early help is only offered with the agreement of a parent or carer."
                choices=vec![Choice::new("given", "Yes, I agree"), Choice::new("refused", "No, I do not agree")]/>
            <CheckboxesField id="consent_scopes" legend_text="If yes, what do you agree to?" values=a.consent_scopes.clone() errors=e
                choices=CONSENT_SCOPES.iter().map(|(v, l, h)| Choice::new(*v, *l).hint(*h)).collect() hint="Select all that apply."/>
        }
        .into_any(),
        Step::Consent => view! {
            <RadiosField id="parent_aware" legend_text=step_title(step, &a, false) legend_is_heading=true value=a.parent_aware.clone() errors=e
                choices=vec![Choice::new("yes", "Yes"), Choice::new("no", "No"), Choice::new("not_known", "I do not know")]/>
        }
        .into_any(),
        Step::Check => check_answers(&a, &concern_choices, &follow_ups).into_any(),
    };
    let button = match step {
        Step::Check => "Send request",
        Step::CallNow => "Continue with this form",
        _ => "Continue",
    };
    let guidance_html = guidance.unwrap_or_default();
    let (module, wasm, rules, page) = match browser_guidance {
        Some(b) => (Some(b.module), Some(b.wasm), Some(b.rules), Some(b.page)),
        None => (None, None, None, None),
    };
    view! {
        {back.map(|href| view! { <a href=href class="govuk-back-link">"Back"</a> })}
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                {notice_banner(notice)}
                <ServerErrorSummary errors=errors/>
                <form method="post" action=action novalidate="novalidate" data-testid="support-form" data-guidance=has_guidance.then_some("true")
                    data-guidance-module=module data-guidance-wasm=wasm data-guidance-rules=rules data-guidance-page=page>
                    <Honeypot/>
                    {from_check.then(|| view! { <input type="hidden" name="from" value="check"/> })}
                    {sealed.map(|v| view! { <input type="hidden" name="sealed" value=v/> })}
                    {fields}
                    {(step == Step::Check).then(|| view! {
                        <h2 class="govuk-heading-m">"Now send your request"</h2>
                        <p class="govuk-body">"By sending this request you confirm that, to the best of your knowledge, the details you have given are correct."</p>
                    })}
                    <div id="guidance" class="fd-guidance-slot" inner_html=guidance_html></div>
                    <div class="govuk-visually-hidden" id="guidance-status" role="status"></div>
                    <button type="submit" class="govuk-button" data-module="govuk-button">{button}</button>
                </form>
                <form method="post" action="/request-support/delete" class="fd-delete-answers">
                    <button type="submit" class="fd-link-button" data-testid="delete-answers">"Delete my answers and start again"</button>
                </form>
            </div>
        </div>
    }
    .into_any()
}

fn row(key: &'static str, value: String, step: Step, what: &'static str) -> impl IntoView {
    let href = format!("{}?from=check", step.path());
    let shown = if value.trim().is_empty() { "Not given".to_string() } else { value };
    view! {
        <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">{key}</dt>
            <dd class="govuk-summary-list__value fd-pre-line">{shown}</dd>
            <dd class="govuk-summary-list__actions">
                <a class="govuk-link" href=href>"Change"<span class="govuk-visually-hidden">{format!(" {what}")}</span></a>
            </dd>
        </div>
    }
}

fn summary(title: &'static str, rows: Vec<AnyView>) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">{title}</h2>
        <dl class="govuk-summary-list govuk-!-margin-bottom-9">{rows}</dl>
    }
}

fn label_list(values: &[String], choices: &[Choice]) -> String {
    values.iter().map(|v| choices.iter().find(|c| c.value == *v).map(|c| c.label.clone()).unwrap_or_else(|| v.clone())).collect::<Vec<_>>().join("\n")
}

fn yes_no_label(v: &str) -> String {
    match v {
        "yes" => "Yes",
        "no" => "No",
        "not_sure" => "Not sure",
        "not_known" => "Not known",
        _ => "",
    }
    .to_string()
}

/// Check your answers: every answer with a link to change it.
pub fn check_answers(a: &SupportAnswers, concern_choices: &[Choice], follow_ups: &[FollowUp]) -> impl IntoView {
    let pro = a.is_professional();
    let mut you = vec![
        row("Asking as", if pro { "A professional".into() } else { "A parent, relative or member of the public".into() }, Step::Who, "who you are").into_any(),
        row("A child in immediate danger", yes_no_label(&a.immediate_danger), Step::Danger, "whether a child is in immediate danger").into_any(),
        row("Your name", a.your_name.clone(), Step::AboutYou, "your name").into_any(),
    ];
    if pro {
        you.push(row("Organisation and role", format!("{}\n{}", a.your_organisation.trim(), a.your_role.trim()), Step::AboutYou, "your organisation and role").into_any());
    }
    you.push(row("How to contact you", format!("{}\n{}", a.your_email.trim(), a.your_phone.trim()).trim().to_string(), Step::AboutYou, "how to contact you").into_any());
    if pro {
        you.push(row("Ongoing relationship with the family", yes_no_label(&a.ongoing_relationship), Step::Relationship, "your relationship with the family").into_any());
    } else {
        you.push(row("How you know the child", a.relationship_label(), Step::Relationship, "how you know the child").into_any());
        if a.may_have_pr() {
            you.push(row("Parental Responsibility", yes_no_label(&a.parental_responsibility), Step::ParentalResponsibility, "whether you have Parental Responsibility").into_any());
        }
    }
    let dob = a.child_date_of_birth().map(domain::display::date).unwrap_or_default();
    let child = vec![
        row("Name", a.child_name(), Step::Child, "the child's name").into_any(),
        row("Date of birth", dob, Step::Child, "the child's date of birth").into_any(),
        row("Address", format!("{}\n{}", a.child_address.trim(), a.child_postcode.trim()).trim().to_string(), Step::Child, "the child's address").into_any(),
        row("Ethnicity", a.child_ethnicity.clone(), Step::AboutChild, "the child's ethnicity").into_any(),
        row("Special needs", a.child_special_needs.clone(), Step::AboutChild, "the child's special needs").into_any(),
    ];
    let family = vec![
        row("Parents or carers", a.parents.clone(), Step::Family, "the parents or carers").into_any(),
        row("Brothers and sisters", a.siblings.clone(), Step::Family, "the brothers and sisters").into_any(),
        row("Others in the household", a.household.clone(), Step::Family, "the others in the household").into_any(),
    ];
    let mut concern = vec![
        row("What you are worried about", a.concern_summary.clone(), Step::Concern, "what you are worried about").into_any(),
        row("The concern is about", label_list(&a.concern_areas, concern_choices), Step::Concern, "what the concern is about").into_any(),
    ];
    if !follow_ups.is_empty() {
        let details = follow_ups
            .iter()
            .map(|q| {
                let given = a.follow_ups.get(&q.id).cloned().unwrap_or_default();
                format!("{} {}", q.prompt, label_list(&[given], &q.choices))
            })
            .collect::<Vec<_>>()
            .join("\n");
        concern.push(row("More about the concern", details, Step::ConcernDetails, "more about the concern").into_any());
    }
    let consent_text = if pro || a.has_pr() {
        let who = if pro { a.consent_given_by.trim().to_string() } else { "You".to_string() };
        match a.consent.as_str() {
            "given" => {
                let scopes: Vec<&str> = CONSENT_SCOPES.iter().filter(|(k, ..)| a.consent_scopes.iter().any(|s| s == k)).map(|(_, l, _)| *l).collect();
                format!("Given by {who}\n{}", scopes.join("\n"))
            }
            "refused" => "Refused".to_string(),
            "not_asked" => "Not asked yet".to_string(),
            _ => String::new(),
        }
    } else {
        format!("Parent or carer knows: {}", yes_no_label(&a.parent_aware))
    };
    let consent = vec![row("Consent", consent_text, Step::Consent, "consent").into_any()];
    view! {
        <h1 class="govuk-heading-l">"Check your answers before sending your request"</h1>
        {summary("About you", you)}
        {summary("The child", child)}
        {summary("The family", family)}
        {summary("The concern", concern)}
        {summary("Consent", consent)}
    }
}

/// The start page of the form.
pub fn start_body(contacts: &BTreeMap<String, String>, draft_hours: i64, resume: Option<String>, notice: Option<String>) -> AnyView {
    let phone = contact(contacts, "cass_phone_line");
    let hours_text = if draft_hours == 1 { "1 hour".to_string() } else { format!("{draft_hours} hours") };
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                {notice_banner(notice)}
                <h1 class="govuk-heading-xl">"Ask for support for a child"</h1>
                <div class="govuk-warning-text">
                    <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                    <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">"Warning"</span>
                        {format!("If a child is in immediate danger, call 999. If it is urgent, call CASS on {phone}.")}</strong>
                </div>
                <p class="govuk-body">"Use this form to tell the Children's Advice and Support Service (CASS) you are worried about a child, or to ask for support for a family. Professionals and members of the public can both use it."</p>
                <p class="govuk-body">"It takes about 15 minutes. You will need:"</p>
                <ul class="govuk-list govuk-list--bullet">
                    <li>"the child's name and, if you know them, their date of birth and address"</li>
                    <li>"the names of the child's parents or carers and who lives with them"</li>
                    <li>"what you are worried about"</li>
                    <li>"whether a parent or carer has agreed to this request"</li>
                </ul>
                <p class="govuk-body">"As you answer, we tell you what is likely to happen next."</p>
                <p class="govuk-body">{format!("Your answers are kept for {hours_text} after your last change, then deleted. Nothing is stored in your browser. On a shared computer, close the browser when you have finished.")}</p>
                {match resume {
                    Some(href) => view! {
                        <h2 class="govuk-heading-m">"You have a request you have not sent"</h2>
                        <div class="govuk-button-group">
                            <a href=href class="govuk-button" data-module="govuk-button" data-testid="continue-request">"Continue your request"</a>
                        </div>
                        <form method="post" action="/request-support/delete">
                            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Delete it and start again"</button>
                        </form>
                    }
                    .into_any(),
                    None => view! {
                        <form method="post" action="/request-support">
                            <Honeypot/>
                            <button type="submit" draggable="false" class="govuk-button govuk-button--start" data-module="govuk-button" data-testid="start-now">
                                "Start now"
                                <svg class="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
                                    <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z"/>
                                </svg>
                            </button>
                        </form>
                    }
                    .into_any(),
                }}
                <p class="govuk-body"><a class="govuk-link" href="/what-to-expect">"What to expect when you contact us"</a></p>
                <p class="govuk-body"><a class="govuk-link" href="/privacy">"How we use your information"</a></p>
            </div>
        </div>
    }
    .into_any()
}

/// What the confirmation page needs, kept in the draft after the answers are wiped.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sent {
    pub reference: String,
    pub professional: bool,
    pub next_steps: Vec<String>,
    pub level: String,
}

pub fn confirmation_body(sent: Sent, contacts: &BTreeMap<String, String>) -> AnyView {
    let phone = contact(contacts, "cass_phone_line");
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <div class="govuk-panel govuk-panel--confirmation">
                    <h1 class="govuk-panel__title">"Request sent"</h1>
                    <div class="govuk-panel__body">"Your reference number"<br/><strong data-testid="reference">{sent.reference.clone()}</strong></div>
                </div>
                <p class="govuk-body">"Keep this reference number. Quote it if you contact us about this request."</p>
                <h2 class="govuk-heading-m">"What happens next"</h2>
                {(!sent.level.is_empty()).then(|| view! {
                    <p class="govuk-body">"From your answers, the level of need is likely to be "<strong>{sent.level.clone()}</strong>". A manager in CASS will decide."</p>
                })}
                <ol class="govuk-list govuk-list--number" data-testid="confirmation-next-steps">
                    {sent.next_steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
                </ol>
                <div class="govuk-warning-text">
                    <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                    <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">"Warning"</span>
                        {format!("If a child is in immediate danger, call 999. If you are worried while you wait, call CASS on {phone}.")}</strong>
                </div>
                <p class="govuk-body">"Your answers have been sent and are no longer kept in this form. If you are using a shared computer, close the browser now."</p>
                <p class="govuk-body"><a class="govuk-link" href="/what-to-expect">"What to expect when you contact us"</a></p>
                <form method="post" action="/request-support/delete">
                    <button type="submit" class="fd-link-button">"Make another request"</button>
                </form>
            </div>
        </div>
    }
    .into_any()
}

/// A refusal with a way forward: too many requests, a page too large, a suspected bot.
pub fn problem_body(title: &str, paragraphs: Vec<String>, contacts: &BTreeMap<String, String>) -> AnyView {
    let phone = contact(contacts, "cass_phone_line");
    let title = title.to_string();
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l" data-testid="problem">{title}</h1>
                {paragraphs.into_iter().map(|p| view! { <p class="govuk-body">{p}</p> }).collect_view()}
                <p class="govuk-body">{format!("You can call CASS on {phone} instead. If a child is in immediate danger, call 999.")}</p>
            </div>
        </div>
    }
    .into_any()
}
