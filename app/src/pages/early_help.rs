//! The Early Help MASH desk (seed 003, issue 7): the worktrays, logging an EHA and a direct phone
//! call, one EHA with the step its reader can take, the reports and the administrator's settings.
//! The step form reads its decision with the shared rules (`DecisionForm::to_decision`) before
//! sending; the server reads it again and runs the desk's rules with what it holds.

use crate::api::early_help::*;
use crate::components::drafts::{keep_draft, DraftPlace, DraftStatus};
use crate::components::govuk::TableHead;
use crate::components::workflow_panel::RagTag;
use crate::components::{ErrorNotice, ErrorSummary, SuccessBanner, TextArea, TextInput};
use crate::pages::information_requests::RadioGroup;
use domain::early_help::{DecisionForm, IntakeForm, Report, TriageChecklist, CHECKLIST_QUESTIONS};
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// Today in England, by the browser's clock (the WASM has no `Utc::now`).
fn browser_today() -> chrono::NaiveDate {
    let now = chrono::DateTime::from_timestamp_millis(crate::pages::call::js_now()).unwrap_or_default();
    domain::rules::uk_local_time(now).date()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[component]
fn DeskTable(rows: Vec<DeskRow>, #[prop(into)] caption: String, testid: &'static str) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="govuk-body" data-testid=format!("{testid}-empty")>{format!("{caption}: nothing waiting.")}</p> }.into_any();
    }
    view! {
        <div class="fd-table-scroll">
            <table class="govuk-table" data-testid=testid>
                <caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>
                <TableHead columns=&["EHA", "Child", "Step", "Priority", "Received", "Due", "Held by"]/>
                <tbody class="govuk-table__body">
                    {rows.into_iter().map(|r| view! {
                        <tr class="govuk-table__row" data-testid="eha-row">
                            <td class="govuk-table__cell"><a class="govuk-link" href=format!("/staff/early-help/{}", r.id)>{r.reference.clone()}</a><br/><span class="fd-meta">{r.source}</span></td>
                            <td class="govuk-table__cell">{r.child}</td>
                            <td class="govuk-table__cell">{r.stage}</td>
                            <td class="govuk-table__cell">{r.priority}</td>
                            <td class="govuk-table__cell">{r.received}</td>
                            <td class="govuk-table__cell"><RagTag rag=r.rag/>" "{r.due}</td>
                            <td class="govuk-table__cell">{r.held_by.unwrap_or_else(|| "The team".into())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The desk: Triage and Triage Support, soonest due first, and what closed lately.
#[component]
pub fn EarlyHelpDeskPage() -> impl IntoView {
    let desk = Resource::new(|| (), |_| eha_desk());
    view! {
        <Title text="Early Help desk"/>
        <h1 class="govuk-heading-l" data-testid="eha-desk-heading">"Early Help MASH desk"</h1>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading the worktrays…"</p> }>
            {move || Suspend::new(async move {
                match desk.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(d) => view! {
                        <div class="govuk-button-group">
                            {d.may_log.then(|| view! {
                                <a class="govuk-button" href="/staff/early-help/new" data-testid="eha-log-link">"Log an EHA"</a>
                                <a class="govuk-button govuk-button--secondary" href="/staff/early-help/phone-call" data-testid="eha-call-link">"Log a direct phone call"</a>
                            })}
                            <a class="govuk-button govuk-button--secondary" href="/staff/early-help/reports" data-testid="eha-reports-link">"Reports"</a>
                            {d.may_configure.then(|| view! { <a class="govuk-button govuk-button--secondary" href="/staff/admin/early-help">"COG table and authorities"</a> })}
                        </div>
                        {d.trays.into_iter().enumerate().map(|(i, t)| {
                            let testid = if i == 0 { "eha-triage" } else { "eha-support" };
                            view! { <h2 class="govuk-heading-m">{t.title.clone()}</h2><DeskTable rows=t.rows caption=t.title testid=testid/> }
                        }).collect_view()}
                        <crate::components::return_interviews::ReturnInterviewsDue/>
                        <h2 class="govuk-heading-m">"Closed lately"</h2>
                        {if d.closed.is_empty() {
                            view! { <p class="govuk-body">"None yet."</p> }.into_any()
                        } else {
                            view! {
                                <table class="govuk-table" data-testid="eha-closed">
                                    <TableHead columns=&["EHA", "Child", "Outcome", "Closed"]/>
                                    <tbody class="govuk-table__body">
                                        {d.closed.into_iter().map(|c| view! {
                                            <tr class="govuk-table__row">
                                                <td class="govuk-table__cell"><a class="govuk-link" href=format!("/staff/early-help/{}", c.id)>{c.reference}</a></td>
                                                <td class="govuk-table__cell">{if c.destroyed { "Destroyed after 30 days".to_string() } else { c.child }}</td>
                                                <td class="govuk-table__cell">{c.outcome}</td>
                                                <td class="govuk-table__cell">{c.closed}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// The EHA's fields as signals, so a refusal loses nothing and a draft can fill them.
#[derive(Clone, Copy)]
struct IntakeFields {
    source: RwSignal<String>,
    referrer_name: RwSignal<String>,
    referrer_organisation: RwSignal<String>,
    referrer_email: RwSignal<String>,
    referrer_phone: RwSignal<String>,
    consent: RwSignal<String>,
    given: RwSignal<String>,
    family: RwSignal<String>,
    dob: RwSignal<String>,
    address: RwSignal<String>,
    postcode: RwSignal<String>,
    parents: RwSignal<String>,
    siblings: RwSignal<String>,
    no_siblings: RwSignal<bool>,
    household: RwSignal<String>,
    no_household: RwSignal<bool>,
    ethnicity: RwSignal<String>,
    special_needs: RwSignal<String>,
    needs: RwSignal<String>,
    welfare_rights: RwSignal<bool>,
    cin_meeting: RwSignal<String>,
    line_manager: RwSignal<String>,
    assessment_started: RwSignal<String>,
    assessment_completed: RwSignal<String>,
}

impl IntakeFields {
    fn new() -> Self {
        IntakeFields {
            source: RwSignal::new(String::new()),
            referrer_name: RwSignal::new(String::new()),
            referrer_organisation: RwSignal::new(String::new()),
            referrer_email: RwSignal::new(String::new()),
            referrer_phone: RwSignal::new(String::new()),
            consent: RwSignal::new(String::new()),
            given: RwSignal::new(String::new()),
            family: RwSignal::new(String::new()),
            dob: RwSignal::new(String::new()),
            address: RwSignal::new(String::new()),
            postcode: RwSignal::new(String::new()),
            parents: RwSignal::new(String::new()),
            siblings: RwSignal::new(String::new()),
            no_siblings: RwSignal::new(false),
            household: RwSignal::new(String::new()),
            no_household: RwSignal::new(false),
            ethnicity: RwSignal::new(String::new()),
            special_needs: RwSignal::new(String::new()),
            needs: RwSignal::new(String::new()),
            welfare_rights: RwSignal::new(false),
            cin_meeting: RwSignal::new(String::new()),
            line_manager: RwSignal::new(String::new()),
            assessment_started: RwSignal::new(String::new()),
            assessment_completed: RwSignal::new(String::new()),
        }
    }
    fn form(&self) -> IntakeForm {
        IntakeForm {
            source: self.source.get(),
            referrer_name: self.referrer_name.get(),
            referrer_organisation: self.referrer_organisation.get(),
            referrer_email: self.referrer_email.get(),
            referrer_phone: self.referrer_phone.get(),
            consent: self.consent.get(),
            child_given_name: self.given.get(),
            child_family_name: self.family.get(),
            child_date_of_birth: self.dob.get(),
            child_address: self.address.get(),
            child_postcode: self.postcode.get(),
            parents_or_carers: self.parents.get(),
            siblings: self.siblings.get(),
            no_siblings: self.no_siblings.get(),
            household_members: self.household.get(),
            no_household_members: self.no_household.get(),
            ethnicity: self.ethnicity.get(),
            special_needs: self.special_needs.get(),
            needs: self.needs.get(),
            welfare_rights: self.welfare_rights.get(),
            cin_meeting_date: self.cin_meeting.get(),
            line_manager_email: self.line_manager.get(),
            assessment_started: self.assessment_started.get(),
            assessment_completed: self.assessment_completed.get(),
        }
    }
    fn fill(&self, f: IntakeForm) {
        self.source.set(f.source);
        self.referrer_name.set(f.referrer_name);
        self.referrer_organisation.set(f.referrer_organisation);
        self.referrer_email.set(f.referrer_email);
        self.referrer_phone.set(f.referrer_phone);
        self.consent.set(f.consent);
        self.given.set(f.child_given_name);
        self.family.set(f.child_family_name);
        self.dob.set(f.child_date_of_birth);
        self.address.set(f.child_address);
        self.postcode.set(f.child_postcode);
        self.parents.set(f.parents_or_carers);
        self.siblings.set(f.siblings);
        self.no_siblings.set(f.no_siblings);
        self.household.set(f.household_members);
        self.no_household.set(f.no_household_members);
        self.ethnicity.set(f.ethnicity);
        self.special_needs.set(f.special_needs);
        self.needs.set(f.needs);
        self.welfare_rights.set(f.welfare_rights);
        self.cin_meeting.set(f.cin_meeting_date);
        self.line_manager.set(f.line_manager_email);
        self.assessment_started.set(f.assessment_started);
        self.assessment_completed.set(f.assessment_completed);
    }
}

#[component]
fn Tick(id: &'static str, #[prop(into)] label: String, value: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="govuk-checkboxes govuk-checkboxes--small govuk-form-group">
            <div class="govuk-checkboxes__item">
                <input class="govuk-checkboxes__input" id=id type="checkbox" prop:checked=move || value.get() on:change=move |ev| value.set(event_target_checked(&ev))/>
                <label class="govuk-label govuk-checkboxes__label" for=id>{label}</label>
            </div>
        </div>
    }
}

#[component]
fn IntakeInputs(f: IntakeFields, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let e = Signal::derive(move || errors.get());
    let sources = pairs(&[
        ("ecaf", "Submitted online (Request for Support)"),
        ("white_mail", "Received by e-mail or post (white mail)"),
        ("phone", "Direct phone call"),
        ("mash", "From MASH"),
        ("maet", "From MAET"),
        ("step_down_cin", "Step down from a CIN plan (the social worker's e-mail)"),
        ("step_down_care_management", "Step down after a Care Management Single Assessment"),
        ("step_down_maet", "Step down after a MAET Single Assessment"),
    ]);
    view! {
        <RadioGroup id="source" legend="How was the EHA received?" choices=sources value=f.source errors=e/>
        <h2 class="govuk-heading-m">"Referrer"</h2>
        <TextInput id="referrer_name" label="Referrer's name" value=f.referrer_name errors=e max=200/>
        <TextInput id="referrer_organisation" label="Referring agency" value=f.referrer_organisation errors=e max=200/>
        <TextInput id="referrer_email" label="Referrer's e-mail address" value=f.referrer_email errors=e input_type="email" hint="Letters to the referrer go here"/>
        <TextInput id="referrer_phone" label="Referrer's phone number" value=f.referrer_phone errors=e input_type="tel"/>
        {move || f.source.get().starts_with("step_down").then(|| view! {
            <TextInput id="cin_meeting_date" label="Date of the next CIN meeting" value=f.cin_meeting errors=e hint="A step down from a CIN plan needs at least 10 working days' notice, like 16/12/2026" width_class="govuk-input--width-10"/>
            <TextInput id="line_manager_email" label="The social worker's line manager's e-mail address" value=f.line_manager errors=e input_type="email"/>
        })}
        <RadioGroup id="consent" legend="Does the EHA record consent?" choices=pairs(&[("yes", "Yes"), ("no", "No")]) value=f.consent errors=e/>
        <h2 class="govuk-heading-m">"The child or young person"</h2>
        <TextInput id="child_given_name" label="First name" value=f.given errors=e max=200/>
        <TextInput id="child_family_name" label="Last name" value=f.family errors=e max=200/>
        <TextInput id="child_date_of_birth" label="Date of birth" value=f.dob errors=e hint="For example, 27/03/2015" width_class="govuk-input--width-10"/>
        <TextInput id="child_address" label="Address" value=f.address errors=e max=200/>
        <TextInput id="child_postcode" label="Postcode" value=f.postcode errors=e width_class="govuk-input--width-10"/>
        <TextInput id="ethnicity" label="Ethnicity" value=f.ethnicity errors=e max=200/>
        <TextArea id="special_needs" label="Special needs" value=f.special_needs errors=e hint="Write \"None\" if there are none" rows=2/>
        <h2 class="govuk-heading-m">"The household"</h2>
        <TextArea id="parents_or_carers" label="Parents or carers" value=f.parents errors=e hint="One name a line" rows=2/>
        <TextArea id="siblings" label="Siblings" value=f.siblings errors=e hint="One a line: name, date of birth (like Alex Green, 03/04/2018)" rows=2/>
        <Tick id="no_siblings" label="There are no siblings" value=f.no_siblings/>
        <TextArea id="household_members" label="Other household members" value=f.household errors=e hint="One a line: name, date of birth" rows=2/>
        <Tick id="no_household_members" label="There are no other household members" value=f.no_household/>
        <TextArea id="needs" label="What has led to this child or young person being assessed?" value=f.needs errors=e rows=4/>
        <TextInput id="assessment_started" label="Date the assessment was started (optional)" value=f.assessment_started errors=e
            hint="As the EHA records it, like 02/02/2026. Ofsted's Annex A List 2 reports it." width_class="govuk-input--width-10"/>
        <TextInput id="assessment_completed" label="Date the assessment was completed (optional)" value=f.assessment_completed errors=e
            hint="Leave empty to use the day the desk received the EHA" width_class="govuk-input--width-10"/>
        <Tick id="welfare_rights" label="The family asked or agreed to be contacted by the Welfare Rights Team" value=f.welfare_rights/>
    }
}

/// Logging an EHA from any route (seed 003 §1.0). What is typed is kept as a draft.
#[component]
pub fn EhaNewPage() -> impl IntoView {
    let f = IntakeFields::new();
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<crate::error::AppError>);
    let draft = keep_draft(
        DraftPlace { form_key: intake_draft_key(), title: "An EHA being logged".into(), path: "/staff/early-help/new".into(), record_kind: "", record_id: String::new() },
        Signal::derive(move || f.form()),
        move |form: IntakeForm| f.fill(form),
    );
    let navigate = use_navigate();
    let send = Action::new(move |form: &IntakeForm| eha_new(form.clone()));
    Effect::new(move |_| match send.value().get() {
        Some(Ok(DeskOutcome::Done { id, .. })) => navigate(&format!("/staff/early-help/{id}"), Default::default()),
        Some(Ok(DeskOutcome::Refused { errors: e })) => errors.set(e),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = f.form();
        let v = domain::early_help::check_intake(&form, browser_today());
        if !v.is_ok() {
            errors.set(v.errors);
            return;
        }
        send.dispatch(form);
    };
    view! {
        <Title text="Log an EHA"/>
        <a class="govuk-back-link" href="/staff/early-help">"Back to the Early Help desk"</a>
        <ErrorSummary errors=Signal::derive(move || errors.get())/>
        {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
        <h1 class="govuk-heading-l">"Log an EHA"</h1>
        <p class="govuk-body">"Log every EHA however it arrived. Missing fields can be followed up: the Senior Early Help Coordinator checks consent and the mandatory fields next."</p>
        <DraftStatus state=draft/>
        <form on:submit=submit novalidate>
            <IntakeInputs f=f errors=errors/>
            <button class="govuk-button" type="submit" data-testid="eha-log-submit" disabled=move || send.pending().get()>"Log the EHA"</button>
        </form>
    }
}

/// Everything a step form can hold.
#[derive(Clone, Copy)]
struct StepFields {
    decision: RwSignal<String>,
    text: [RwSignal<String>; 18],
    notified: RwSignal<bool>,
    told: RwSignal<bool>,
    checklist: [RwSignal<String>; 8],
}

const TEXT_FIELDS: [&str; 18] = [
    "advice", "final_level", "follow_up", "authority", "route", "reason", "note", "agencies", "detail", "service", "service_contact", "agency", "cog_team",
    "recommendation", "fst_route", "mash_team_manager_agrees", "reasons", "update",
];

impl StepFields {
    fn new() -> Self {
        StepFields {
            decision: RwSignal::new(String::new()),
            text: std::array::from_fn(|_| RwSignal::new(String::new())),
            notified: RwSignal::new(false),
            told: RwSignal::new(false),
            checklist: std::array::from_fn(|_| RwSignal::new(String::new())),
        }
    }
    fn sig(&self, name: &str) -> RwSignal<String> {
        let i = TEXT_FIELDS.iter().position(|f| *f == name).unwrap_or(0);
        self.text[i]
    }
    fn form(&self, extra: &StepExtra) -> DecisionForm {
        let g = |n: &str| self.sig(n).get();
        let c = |i: usize| self.checklist[i].get();
        DecisionForm {
            decision: self.decision.get(),
            advice: g("advice"),
            final_level: g("final_level"),
            follow_up: g("follow_up"),
            authority: g("authority"),
            notified_by_phone: self.notified.get(),
            route: g("route"),
            reason: g("reason"),
            note: g("note"),
            checklist: TriageChecklist {
                previous_csc_contacts: c(0),
                csc_involvement: c(1),
                yos: c(2),
                tys: c(3),
                schools: c(4),
                education_services: c(5),
                attendance_and_exclusions: c(6),
                key_agencies: c(7),
            },
            agencies: g("agencies"),
            detail: g("detail"),
            service: g("service"),
            service_contact: g("service_contact"),
            agency: g("agency"),
            cog_team: g("cog_team"),
            recommendation: g("recommendation"),
            fst_route: g("fst_route"),
            mash_team_manager_agrees: g("mash_team_manager_agrees"),
            referrer_told: self.told.get(),
            reasons: g("reasons"),
            update: g("update"),
            level4_confirmed: extra.level4.get(),
            outcome: extra.outcome.get(),
            decided_by: extra.decided_by.get(),
            rationale: extra.rationale.get(),
        }
    }
}

#[derive(Clone, Copy)]
struct StepExtra {
    level4: RwSignal<String>,
    outcome: RwSignal<String>,
    decided_by: RwSignal<String>,
    rationale: RwSignal<String>,
}

/// The fields a decision needs, shown once it is chosen.
#[component]
fn DecisionFields(f: StepFields, x: StepExtra, errors: RwSignal<Vec<FieldError>>, cog_teams: Vec<String>, cog_suggestion: Option<String>, authorities: Vec<String>) -> impl IntoView {
    let e = Signal::derive(move || errors.get());
    let levels: Vec<(String, String)> = domain::rules::Level::ALL.iter().map(|l| (l.slug().to_string(), l.label().to_string())).collect();
    let fst: Vec<(String, String)> = domain::early_help::FstRoute::ALL.iter().map(|r| (r.slug().to_string(), r.label().to_string())).collect();
    let outcomes: Vec<(String, String)> = domain::early_help::DisputeOutcome::ALL.iter().map(|r| (r.slug().to_string(), r.label().to_string())).collect();
    let routes: Vec<(String, String)> = domain::early_help::SecureRoute::ALL.iter().map(|r| (r.slug().to_string(), r.label().to_string())).collect();
    if let Some(s) = cog_suggestion.clone() {
        if f.sig("cog_team").get_untracked().is_empty() {
            f.sig("cog_team").set(s);
        }
    }
    let cog_hint = match cog_suggestion {
        Some(s) => format!("The child's postcode is in {s}'s area. Teams: {}", cog_teams.join(", ")),
        None => format!("The postcode table did not find a team for the child's postcode. Teams: {}", cog_teams.join(", ")),
    };
    let authority_hint = format!("Neighbouring authorities: {}. Any other is recorded as \"Out of LA Area Other\".", authorities.join(", "));
    view! {
        {move || match f.decision.get().as_str() {
            "no_consent" => view! {
                <TextArea id="advice" label="Advice given to the referrer on obtaining consent" value=f.sig("advice") errors=e rows=3/>
                <RadioGroup id="final_level" legend="Final vulnerability level" choices=levels.clone() value=f.sig("final_level") errors=e/>
            }.into_any(),
            "incomplete" => view! { <TextArea id="follow_up" label="How the referring agency was followed up" value=f.sig("follow_up") errors=e rows=3/> }.into_any(),
            "out_of_authority" => view! {
                <TextInput id="authority" label="Receiving authority" value=f.sig("authority") errors=e hint=authority_hint.clone()/>
                <Tick id="notified_by_phone" label="I have notified the receiving authority by telephone" value=f.notified/>
                <RadioGroup id="route" legend="How the EHA was sent to them" choices=routes.clone() value=f.sig("route") errors=e/>
            }.into_any(),
            "close_not_required" => view! { <TextArea id="reason" label="Why the EHA is not required" value=f.sig("reason") errors=e rows=3/> }.into_any(),
            "meeting_accepted" | "meeting_rejected" => view! { <TextArea id="note" label="What the CIN meeting decided" value=f.sig("note") errors=e rows=3/> }.into_any(),
            "raise_with_cog_manager" | "escalate" => view! { <TextArea id="note" label="What was raised, and why" value=f.sig("note") errors=e rows=3/> }.into_any(),
            "validated" => view! {
                <h3 class="govuk-heading-s">"Triage Support Involvement Checklist"</h3>
                {CHECKLIST_QUESTIONS.iter().enumerate().map(|(i, (id, q))| view! { <TextArea id=*id label=*q value=f.checklist[i] errors=e rows=2/> }).collect_view()}
            }.into_any(),
            "further_information" => view! {
                <TextInput id="agencies" label="Agencies asked" value=f.sig("agencies") errors=e hint="For example Police, Health, CAMHS, Housing"/>
                <TextArea id="detail" label="The information needed" value=f.sig("detail") errors=e rows=3/>
            }.into_any(),
            "insufficient_information" => view! { <TextArea id="advice" label="Advice given by phone" value=f.sig("advice") errors=e rows=3/> }.into_any(),
            "below_early_help" => view! {
                <TextInput id="service" label="Single-agency service" value=f.sig("service") errors=e/>
                <TextInput id="service_contact" label="The service's contact number" value=f.sig("service_contact") errors=e/>
                <TextArea id="advice" label="Advice given" value=f.sig("advice") errors=e rows=3/>
            }.into_any(),
            "eha_required" => view! { <TextInput id="agency" label="Agency that will complete the EHA within 7 days" value=f.sig("agency") errors=e/> }.into_any(),
            "progress_to_cog" => view! {
                <TextInput id="cog_team" label="COG team" value=f.sig("cog_team") errors=e hint=cog_hint.clone()/>
                <TextArea id="recommendation" label="Your recommendation" value=f.sig("recommendation") errors=e rows=3/>
            }.into_any(),
            "meets_fst" => view! {
                <RadioGroup id="fst_route" legend="Start reason" choices=fst.clone() value=f.sig("fst_route") errors=e/>
                <TextArea id="recommendation" label="Your recommendation" value=f.sig("recommendation") errors=e rows=3/>
            }.into_any(),
            "meets_level4" => view! {
                <RadioGroup id="mash_team_manager_agrees" legend="Does the MASH Team Manager agree the step up?" choices=pairs(&[("yes", "Yes"), ("no", "No: follow the dispute resolution process")]) value=f.sig("mash_team_manager_agrees") errors=e/>
                <Tick id="referrer_told" label="I have told the referrer a referral to Children's Social Care is needed" value=f.told/>
                <TextArea id="reasons" label="Reasons for the step up" value=f.sig("reasons") errors=e rows=3/>
            }.into_any(),
            "close_not_received" => view! { <TextArea id="update" label="What the agency said when called" value=f.sig("update") errors=e rows=3/> }.into_any(),
            "csc_decision" => view! {
                <RadioGroup id="level4_confirmed" legend="Did Children's Social Care confirm level 4?" choices=pairs(&[("yes", "Yes"), ("no", "No: dispute resolution")]) value=x.level4 errors=e/>
                <TextArea id="detail" label="Their decision" value=f.sig("detail") errors=e rows=3/>
            }.into_any(),
            "resolve" => view! {
                <RadioGroup id="outcome" legend="Outcome" choices=outcomes.clone() value=x.outcome errors=e/>
                <TextInput id="decided_by" label="Who decided (name and role)" value=x.decided_by errors=e/>
                <TextArea id="rationale" label="The decision and its reasons" value=x.rationale errors=e rows=3/>
            }.into_any(),
            _ => ().into_any(),
        }}
    }
}

/// The step its reader can take on an EHA.
#[component]
fn StepForm(id: String, version: i64, step: StepView, cog_teams: Vec<String>, cog_suggestion: Option<String>, authorities: Vec<String>, done: RwSignal<Option<String>>, reload: RwSignal<u32>) -> impl IntoView {
    let f = StepFields::new();
    let x = StepExtra { level4: RwSignal::new(String::new()), outcome: RwSignal::new(String::new()), decided_by: RwSignal::new(String::new()), rationale: RwSignal::new(String::new()) };
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None::<crate::error::AppError>);
    let draft = keep_draft(
        DraftPlace { form_key: decision_draft_key(&step.item_id), title: format!("A decision: {}", step.stage_label), path: format!("/staff/early-help/{id}"), record_kind: "contact", record_id: id.clone() },
        Signal::derive(move || f.form(&x)),
        move |d: DecisionForm| {
            f.decision.set(d.decision.clone());
            for (i, name) in TEXT_FIELDS.iter().enumerate() {
                let v = match *name {
                    "advice" => d.advice.clone(),
                    "final_level" => d.final_level.clone(),
                    "follow_up" => d.follow_up.clone(),
                    "authority" => d.authority.clone(),
                    "route" => d.route.clone(),
                    "reason" => d.reason.clone(),
                    "note" => d.note.clone(),
                    "agencies" => d.agencies.clone(),
                    "detail" => d.detail.clone(),
                    "service" => d.service.clone(),
                    "service_contact" => d.service_contact.clone(),
                    "agency" => d.agency.clone(),
                    "cog_team" => d.cog_team.clone(),
                    "recommendation" => d.recommendation.clone(),
                    "fst_route" => d.fst_route.clone(),
                    "mash_team_manager_agrees" => d.mash_team_manager_agrees.clone(),
                    "reasons" => d.reasons.clone(),
                    _ => d.update.clone(),
                };
                f.text[i].set(v);
            }
            f.notified.set(d.notified_by_phone);
            f.told.set(d.referrer_told);
            for (i, (q, _)) in CHECKLIST_QUESTIONS.iter().enumerate() {
                f.checklist[i].set(d.checklist.answer(q).to_string());
            }
            x.level4.set(d.level4_confirmed);
            x.outcome.set(d.outcome);
            x.decided_by.set(d.decided_by);
            x.rationale.set(d.rationale);
        },
    );
    let item_id = step.item_id.clone();
    let send = Action::new(move |(id, item, form): &(String, String, DecisionForm)| eha_decide(id.clone(), item.clone(), version, form.clone()));
    Effect::new(move |_| match send.value().get() {
        Some(Ok(DeskOutcome::Done { message, .. })) => {
            errors.set(Vec::new());
            done.set(Some(message));
            reload.update(|n| *n += 1);
        }
        Some(Ok(DeskOutcome::Refused { errors: e })) => errors.set(e),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let id2 = id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = f.form(&x);
        // The shared rules read the form first: a missing choice is shown before anything is sent.
        if let Err(v) = form.to_decision() {
            errors.set(v.errors);
            return;
        }
        send.dispatch((id2.clone(), item_id.clone(), form));
    };
    let e = Signal::derive(move || errors.get());
    view! {
        <ErrorSummary errors=e/>
        {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
        <form on:submit=submit novalidate data-testid="eha-step-form">
            <DraftStatus state=draft/>
            <RadioGroup id="decision" legend=format!("{}: your decision", step.stage_label) choices=step.decisions.clone() value=f.decision errors=e/>
            <DecisionFields f=f x=x errors=errors cog_teams=cog_teams cog_suggestion=cog_suggestion authorities=authorities/>
            <button class="govuk-button" type="submit" data-testid="eha-step-submit" disabled=move || send.pending().get()>"Confirm the decision"</button>
        </form>
    }
}

fn row(label: &'static str, value: String) -> impl IntoView {
    (!value.trim().is_empty()).then(|| view! {
        <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{label}</dt><dd class="govuk-summary-list__value" style="white-space: pre-wrap">{value}</dd></div>
    })
}

/// One EHA: what was received, the open steps with their deadlines, the step the reader can
/// take, CIN codes, Welfare Rights, the desk's log and the letters.
#[component]
pub fn EhaEpisodePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    // A counter, not a trigger: the resource refetches only when its source's value changes.
    let reload = RwSignal::new(0u32);
    let episode = Resource::new(move || (id(), reload.get()), |(id, _)| eha_get(id));
    let done = RwSignal::new(None::<String>);
    view! {
        <Title text="EHA"/>
        <a class="govuk-back-link" href="/staff/early-help">"Back to the Early Help desk"</a>
        {move || done.get().map(|m| view! { <SuccessBanner message=m testid="eha-done"/> })}
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading the EHA…"</p> }>
            {move || Suspend::new(async move {
                match episode.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(v) => episode_view(v, done, reload).into_any(),
                }
            })}
        </Suspense>
    }
}

fn episode_view(v: EpisodeView, done: RwSignal<Option<String>>, reload: RwSignal<u32>) -> impl IntoView {
    let form = v.form.clone();
    let status = if v.open { "Open".to_string() } else { format!("Closed {}", v.closed.clone().unwrap_or_default()) };
    let id = v.id.clone();
    view! {
        <span class="govuk-caption-l">"EHA "{v.reference.clone()}</span>
        <h1 class="govuk-heading-l" data-testid="eha-heading">{form.as_ref().map(|f| format!("{} {}", f.child_given_name, f.child_family_name)).unwrap_or_else(|| "EHA destroyed".into())}</h1>
        {v.destroyed.clone().map(|d| view! { <div class="govuk-inset-text" data-testid="eha-destroyed">{format!("This EHA was closed for no consent and destroyed on {d}, 30 days after closure. Only its reference, dates and outcome are kept.")}</div> })}
        <dl class="govuk-summary-list" data-testid="eha-summary">
            {row("Status", status)}
            {row("Outcome", v.outcome.clone().unwrap_or_default())}
            {row("Received", format!("{} ({})", v.received, v.source))}
            {row("Priority", v.priority.clone().unwrap_or_default())}
            {row("Referrer", v.referrer.clone())}
            {row("Primary CIN code", v.cin_primary.clone().unwrap_or_default())}
            {row("Secondary CIN code", v.cin_secondary.clone().unwrap_or_default())}
            {row("Closure reason", v.closure_reason.clone().unwrap_or_default())}
            {row("Final vulnerability level", v.final_level.clone().unwrap_or_default())}
            {row("Agency or team", v.agency.clone().unwrap_or_default())}
            {row("Dispute escalated to", v.escalation.clone().unwrap_or_default())}
            {row("To be destroyed after", v.destroy_after.clone().filter(|_| v.destroyed.is_none()).unwrap_or_default())}
            {row("Decided under", format!("framework {}, calendar {}", v.framework_version, v.calendar_version))}
        </dl>
        {(!v.missing.is_empty()).then(|| view! {
            <div class="govuk-warning-text" data-testid="eha-missing">
                <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">"Warning"</span>{format!("Mandatory fields missing: {}", v.missing.join("; "))}</strong>
            </div>
        })}
        <h2 class="govuk-heading-m">"Open steps"</h2>
        {if v.steps.is_empty() { view! { <p class="govuk-body">"None: the episode is closed."</p> }.into_any() } else { view! {
            <table class="govuk-table" data-testid="eha-steps">
                <TableHead columns=&["Step", "Worktray", "Due"]/>
                <tbody class="govuk-table__body">
                    {v.steps.iter().map(|s| view! {
                        <tr class="govuk-table__row" data-stage=s.stage.clone()>
                            <td class="govuk-table__cell">{s.stage_label.clone()}</td>
                            <td class="govuk-table__cell">{s.worktray.clone()}</td>
                            <td class="govuk-table__cell"><RagTag rag=s.rag/>" "{s.due.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }.into_any() }}
        {v.steps.iter().filter(|s| s.may_decide).take(1).map(|s| view! {
            <StepForm id=id.clone() version=v.version step=s.clone() cog_teams=v.cog_teams.clone() cog_suggestion=v.cog_suggestion.clone() authorities=v.authorities.clone() done=done reload=reload/>
        }).collect_view()}
        {v.may_set_cin.then(|| view! { <CinCodes id=id.clone() done=done reload=reload/> })}
        {(v.open && form.as_ref().is_some_and(|f| f.welfare_rights)).then(|| view! { <WelfareRights id=id.clone() done=done reload=reload/> })}
        {form.map(|f| view! {
            <h2 class="govuk-heading-m">"The EHA as received"</h2>
            <dl class="govuk-summary-list">
                {row("Consent", if f.consent == "yes" { "Given".into() } else { "Not given".into() })}
                {row("Date of birth", f.child_date_of_birth)}
                {row("Address", format!("{}\n{}", f.child_address, f.child_postcode))}
                {row("Parents or carers", f.parents_or_carers)}
                {row("Siblings", if f.no_siblings { "None".into() } else { f.siblings })}
                {row("Other household members", if f.no_household_members { "None".into() } else { f.household_members })}
                {row("Ethnicity", f.ethnicity)}
                {row("Special needs", f.special_needs)}
                {row("What led to the assessment", f.needs)}
                {row("Next CIN meeting", f.cin_meeting_date)}
                {row("Welfare Rights", if f.welfare_rights { "The family agreed to be contacted".into() } else { String::new() })}
            </dl>
        })}
        {v.checklist.clone().map(|c| view! {
            <h2 class="govuk-heading-m">"Triage Support Involvement Checklist"</h2>
            <dl class="govuk-summary-list" data-testid="eha-checklist">
                {CHECKLIST_QUESTIONS.iter().map(|(k, q)| view! {
                    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{*q}</dt><dd class="govuk-summary-list__value">{c.answer(k).to_string()}</dd></div>
                }).collect_view()}
            </dl>
        })}
        <h2 class="govuk-heading-m">"The desk's log"</h2>
        <table class="govuk-table" data-testid="eha-log">
            <TableHead columns=&["When", "By", "What happened", "Outcome"]/>
            <tbody class="govuk-table__body">
                {v.log.into_iter().map(|l| view! {
                    <tr class="govuk-table__row"><td class="govuk-table__cell">{l.at}</td><td class="govuk-table__cell">{l.by}</td><td class="govuk-table__cell">{l.summary}</td><td class="govuk-table__cell">{l.outcome}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <h2 class="govuk-heading-m">"Letters"</h2>
        {if v.letters.is_empty() { view! { <p class="govuk-body">"None yet."</p> }.into_any() } else { view! {
            <table class="govuk-table" data-testid="eha-letters">
                <TableHead columns=&["Queued", "To", "Subject", "Status"]/>
                <tbody class="govuk-table__body">
                    {v.letters.into_iter().map(|l| view! {
                        <tr class="govuk-table__row"><td class="govuk-table__cell">{l.at}</td><td class="govuk-table__cell">{l.by}</td><td class="govuk-table__cell">{l.summary}</td><td class="govuk-table__cell">{l.outcome}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }.into_any() }}
    }
}

#[component]
fn CinCodes(id: String, done: RwSignal<Option<String>>, reload: RwSignal<u32>) -> impl IntoView {
    let primary = RwSignal::new(String::new());
    let secondary = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let send = Action::new(move |(id, p, s): &(String, String, String)| eha_cin_codes(id.clone(), p.clone(), s.clone()));
    Effect::new(move |_| match send.value().get() {
        Some(Ok(DeskOutcome::Done { message, .. })) => {
            done.set(Some(message));
            reload.update(|n| *n += 1);
        }
        Some(Ok(DeskOutcome::Refused { errors: e })) => errors.set(e),
        _ => {}
    });
    let options = |blank: &'static str| {
        std::iter::once(view! { <option value="">{blank}</option> }.into_any())
            .chain(domain::codes::PRIMARY_NEEDS.iter().map(|(c, l)| view! { <option value=*c>{format!("{c}: {l}")}</option> }.into_any()))
            .collect_view()
    };
    let err = move |f: &str| errors.get().iter().find(|e| e.field == f).map(|e| e.message.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let v = domain::early_help::check_cin_codes(&primary.get(), &secondary.get());
        if !v.is_ok() {
            errors.set(v.errors);
            return;
        }
        send.dispatch((id.clone(), primary.get(), secondary.get()));
    };
    view! {
        <h2 class="govuk-heading-m">"CIN codes"</h2>
        <ErrorSummary errors=Signal::derive(move || errors.get())/>
        <form on:submit=submit novalidate data-testid="eha-cin-form">
            <div class="govuk-form-group">
                <label class="govuk-label" for="cin_primary">"Primary CIN code"</label>
                {move || err("cin_primary").map(|m| view! { <p class="govuk-error-message">{m}</p> })}
                <select class="govuk-select" id="cin_primary" on:change=move |ev| primary.set(event_target_value(&ev)) prop:value=move || primary.get()>{options("Choose a code")}</select>
            </div>
            <div class="govuk-form-group">
                <label class="govuk-label" for="cin_secondary">"Secondary CIN code (optional)"</label>
                {move || err("cin_secondary").map(|m| view! { <p class="govuk-error-message">{m}</p> })}
                <select class="govuk-select" id="cin_secondary" on:change=move |ev| secondary.set(event_target_value(&ev)) prop:value=move || secondary.get()>{options("None")}</select>
            </div>
            <button class="govuk-button govuk-button--secondary" type="submit" data-testid="eha-cin-submit">"Save the CIN codes"</button>
        </form>
    }
}

#[component]
fn WelfareRights(id: String, done: RwSignal<Option<String>>, reload: RwSignal<u32>) -> impl IntoView {
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let send = Action::new(move |(id, n): &(String, String)| eha_welfare_rights(id.clone(), n.clone()));
    Effect::new(move |_| match send.value().get() {
        Some(Ok(DeskOutcome::Done { message, .. })) => {
            done.set(Some(message));
            reload.update(|n| *n += 1);
        }
        Some(Ok(DeskOutcome::Refused { errors: e })) => errors.set(e),
        _ => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.dispatch((id.clone(), note.get()));
    };
    view! {
        <details class="govuk-details">
            <summary class="govuk-details__summary"><span class="govuk-details__summary-text">"Welfare Rights referral (the family agreed)"</span></summary>
            <div class="govuk-details__text">
                <form on:submit=submit novalidate>
                    <TextArea id="note" label="Case note for the Welfare Rights Team" value=note errors=Signal::derive(move || errors.get()) rows=3/>
                    <button class="govuk-button govuk-button--secondary" type="submit">"Record the referral"</button>
                </form>
            </div>
        </details>
    }
}

/// A direct phone call to the desk (seed 003 §1.10).
#[component]
pub fn EhaPhoneCallPage() -> impl IntoView {
    let caller = RwSignal::new(String::new());
    let child = RwSignal::new(String::new());
    let concern = RwSignal::new(String::new());
    let advice = RwSignal::new(String::new());
    let outcome = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let done = RwSignal::new(None::<String>);
    let fields = [caller, child, concern, advice, outcome];
    let draft = keep_draft(
        DraftPlace { form_key: "eha-phone-call".into(), title: "A direct phone call".into(), path: "/staff/early-help/phone-call".into(), record_kind: "", record_id: String::new() },
        Signal::derive(move || fields.map(|f| f.get()).to_vec()),
        move |values: Vec<String>| {
            for (f, v) in fields.iter().zip(values) {
                f.set(v);
            }
        },
    );
    let send = Action::new(move |v: &Vec<String>| eha_phone_call(v[0].clone(), v[1].clone(), v[2].clone(), v[3].clone(), v[4].clone()));
    Effect::new(move |_| match send.value().get() {
        Some(Ok(DeskOutcome::Done { message, .. })) => {
            errors.set(Vec::new());
            for f in fields {
                f.set(String::new());
            }
            done.set(Some(message));
        }
        Some(Ok(DeskOutcome::Refused { errors: e })) => errors.set(e),
        _ => {}
    });
    let e = Signal::derive(move || errors.get());
    view! {
        <Title text="Log a direct phone call"/>
        <a class="govuk-back-link" href="/staff/early-help">"Back to the Early Help desk"</a>
        {move || done.get().map(|m| view! { <SuccessBanner message=m testid="eha-call-done"/> })}
        <ErrorSummary errors=e/>
        <h1 class="govuk-heading-l">"Log a direct phone call"</h1>
        <DraftStatus state=draft/>
        <form on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); send.dispatch(fields.map(|f| f.get()).to_vec()); } novalidate>
            <RadioGroup id="caller" legend="Who called?" choices=pairs(&[("public", "A child, relative or member of the public"), ("professional", "A professional")]) value=caller errors=e/>
            <TextInput id="child" label="The child or young person (if known)" value=child errors=e/>
            <TextArea id="concern" label="The concern" value=concern errors=e rows=3/>
            <TextArea id="advice" label="Advice and guidance given" value=advice errors=e rows=3/>
            <TextInput id="outcome" label="Outcome of the call" value=outcome errors=e/>
            <button class="govuk-button" type="submit" data-testid="eha-call-submit">"Log the call"</button>
        </form>
    }
}

/// The desk's reports on screen, with the same rows as CSV.
#[component]
pub fn EhaReportsPage() -> impl IntoView {
    let query = use_query_map();
    let which = move || query.read().get("report").unwrap_or_else(|| "eha-not-received".into());
    let from = move || query.read().get("from").unwrap_or_default();
    let to = move || query.read().get("to").unwrap_or_default();
    let report = Resource::new(move || (which(), from(), to()), |(r, f, t)| eha_report(r, f, t));
    view! {
        <Title text="Early Help desk reports"/>
        <a class="govuk-back-link" href="/staff/early-help">"Back to the Early Help desk"</a>
        <h1 class="govuk-heading-l">"Early Help desk reports"</h1>
        <form method="get" action="/staff/early-help/reports" class="govuk-!-margin-bottom-6">
            <div class="govuk-form-group">
                <label class="govuk-label" for="report">"Report"</label>
                <select class="govuk-select" id="report" name="report">
                    {Report::ALL.iter().map(|r| { let slug = r.slug(); view! { <option value=slug selected=move || which() == slug>{r.label()}</option> } }).collect_view()}
                </select>
            </div>
            <div class="govuk-form-group"><label class="govuk-label" for="from">"From (the log only)"</label><input class="govuk-input govuk-input--width-10" id="from" name="from" prop:value=from/></div>
            <div class="govuk-form-group"><label class="govuk-label" for="to">"To"</label><input class="govuk-input govuk-input--width-10" id="to" name="to" prop:value=to/></div>
            <button class="govuk-button govuk-button--secondary" type="submit" data-testid="eha-report-run">"Show the report"</button>
        </form>
        <Suspense fallback=|| view! { <p class="govuk-body">"Running the report…"</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(r) if !r.errors.is_empty() => view! { <ErrorSummary errors=Signal::derive(move || r.errors.clone())/> }.into_any(),
                    Ok(r) => {
                        let csv = format!("/staff/early-help/reports/{}.csv?from={}&to={}", which(), r.from, r.to);
                        view! {
                            <h2 class="govuk-heading-m">{r.title.clone()}</h2>
                            <p class="govuk-body">{format!("{} row(s). ", r.rows.len())}<a class="govuk-link" href=csv download data-testid="eha-report-csv">"Download as CSV"</a></p>
                            <div class="fd-table-scroll">
                                <table class="govuk-table" data-testid="eha-report">
                                    <thead class="govuk-table__head"><tr class="govuk-table__row">{r.header.iter().map(|h| view! { <th scope="col" class="govuk-table__header">{h.clone()}</th> }).collect_view()}</tr></thead>
                                    <tbody class="govuk-table__body">
                                        {r.rows.into_iter().map(|row| view! { <tr class="govuk-table__row">{row.into_iter().map(|c| view! { <td class="govuk-table__cell">{c}</td> }).collect_view()}</tr> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// The administrator's COG table and neighbouring authorities, versioned.
#[component]
pub fn EhaSettingsPage() -> impl IntoView {
    let settings = Resource::new(|| (), |_| eha_settings());
    view! {
        <Title text="Early Help desk settings"/>
        <h1 class="govuk-heading-l">"Early Help desk: COG table and authorities"</h1>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(s) => view! {
                        <SettingForm key="cog_table" label="Postcode to COG team" hint="One a line: a postcode district or sector, a comma, the COG team (like \"B70 7, Tipton COG\"). The longest match wins." body=s.cog_table version=s.cog_version/>
                        <SettingForm key="authorities" label="Neighbouring authorities" hint="One a line. Out-of-authority closures name one of these, or \"Other\"." body=s.authorities version=s.authorities_version/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SettingForm(key: &'static str, label: &'static str, hint: &'static str, body: String, version: i64) -> impl IntoView {
    let text = RwSignal::new(body);
    let version = RwSignal::new(version);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let done = RwSignal::new(None::<String>);
    let send = Action::new(move |(b, v): &(String, i64)| eha_save_setting(key.to_string(), b.clone(), *v));
    Effect::new(move |_| match send.value().get() {
        Some(Ok(DeskOutcome::Done { message, .. })) => {
            errors.set(Vec::new());
            version.update(|v| *v += 1);
            done.set(Some(message));
        }
        Some(Ok(DeskOutcome::Refused { errors: e })) => errors.set(e),
        _ => {}
    });
    view! {
        <h2 class="govuk-heading-m">{label}</h2>
        {move || done.get().map(|m| view! { <SuccessBanner message=m testid="eha-setting-done"/> })}
        <ErrorSummary errors=Signal::derive(move || errors.get())/>
        <form on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); send.dispatch((text.get(), version.get())); } novalidate>
            <TextArea id=key label=label value=text errors=Signal::derive(move || errors.get()) hint=hint rows=8/>
            <button class="govuk-button" type="submit">"Save a new version"</button>
        </form>
    }
}
