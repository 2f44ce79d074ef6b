//! The contact page's consent section (seed 004): whether consent to gather information is in
//! place, the Duty Manager's override with who, when and why, and, for a Duty Manager, the form
//! to override it. The reason is checked in the browser by the shared rule before it is sent,
//! and again on the server (`api::consent::override_consent`).

use crate::api::consent::{as_reason_errors, override_draft_key, ConsentView, OverrideConsent, OverrideOutcome};
use crate::components::drafts::{forget_local, keep_draft, DraftPlace, DraftStatus};
use crate::components::{ErrorNotice, ErrorSummary, TextArea};
use domain::workflow::{check_consent_override, ContactFlow};
use domain::{FieldError, Role};
use leptos::prelude::*;

#[component]
pub fn ConsentPanel(contact_id: String, view: ConsentView, flow: ContactFlow, roles: Vec<Role>, #[prop(into)] on_done: Callback<String>) -> impl IntoView {
    let action = ServerAction::<OverrideConsent>::new();
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None);
    let key = StoredValue::new(override_draft_key(&contact_id));
    let contact = StoredValue::new(contact_id.clone());
    let draft = view.can_override.then(|| {
        keep_draft(
            DraftPlace {
                form_key: key.get_value(),
                title: "An override of the need for consent".into(),
                path: format!("/staff/contacts/{contact_id}"),
                record_kind: "contact",
                record_id: contact_id.clone(),
            },
            Signal::derive(move || reason.get()),
            move |r: String| reason.set(r),
        )
    });
    Effect::new(move |_| match action.value().get() {
        Some(Ok(OverrideOutcome::Done { message })) => {
            errors.set(Vec::new());
            key.with_value(|k| forget_local(k));
            reason.set(String::new());
            on_done.run(message);
        }
        Some(Ok(OverrideOutcome::Refused { errors: e })) => errors.set(e),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let (flow, roles, today) = (StoredValue::new(flow), StoredValue::new(roles), view.today);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = reason.get_untracked();
        // The same rule the server runs: a missing or short reason is reported at once.
        if let Err(vs) = flow.with_value(|f| roles.with_value(|rs| check_consent_override(f, rs, &r, today))) {
            errors.set(as_reason_errors(vs));
            return;
        }
        errors.set(Vec::new());
        action.dispatch(OverrideConsent { contact_id: contact.get_value(), reason: r });
    };
    let tag = if view.overridden.is_some() {
        view! { <strong class="govuk-tag govuk-tag--orange">"Overridden by the Duty Manager"</strong> }.into_any()
    } else if view.waits {
        view! { <strong class="govuk-tag govuk-tag--red">"Information gathering waits for consent"</strong> }.into_any()
    } else {
        ().into_any()
    };
    view! {
        <section class="fd-consent" data-testid="consent" aria-labelledby="consent-heading">
            <h2 class="govuk-heading-m" id="consent-heading">"Consent"</h2>
            {tag}
            <p class="govuk-body" data-testid="consent-state">{view.state.clone()}</p>
            {view.overridden.clone().map(|o| view! {
                <dl class="govuk-summary-list" data-testid="consent-override">
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Overridden by"</dt>
                        <dd class="govuk-summary-list__value">{format!("{} ({}), {}", o.by, o.role, o.at)}</dd>
                    </div>
                    <div class="govuk-summary-list__row">
                        <dt class="govuk-summary-list__key">"Reason"</dt>
                        <dd class="govuk-summary-list__value fd-prewrap" data-testid="consent-override-reason">{o.reason}</dd>
                    </div>
                </dl>
            })}
            {(view.waits && !view.can_override).then(|| view! {
                <p class="govuk-body">"The partner checks wait until the parent consents or the Duty Manager overrides the need for consent, recording the reason."</p>
            })}
            {view.can_override.then(|| view! {
                {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
                <ErrorSummary errors=errors/>
                <form class="fd-no-print" data-testid="consent-override-form" on:submit=submit>
                    <h3 class="govuk-heading-s">"Override the need for consent"</h3>
                    <div class="govuk-warning-text">
                        <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                        <strong class="govuk-warning-text__text">
                            <span class="govuk-visually-hidden">"Warning"</span>
                            "Only to make sure a child is adequately safeguarded. Your name, the time and your reason are recorded on the contact and on each child's record."
                        </strong>
                    </div>
                    <TextArea id="override_reason" label="Why must information be gathered without consent?" value=reason errors=errors rows=5
                        hint="Say what the risk to the child is and why waiting for consent would not keep them safe."/>
                    {draft.map(|d| view! { <DraftStatus state=d/> })}
                    <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button" data-testid="override-consent">"Override the need for consent"</button>
                </form>
            })}
        </section>
    }
}
