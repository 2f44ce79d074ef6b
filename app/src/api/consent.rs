//! Consent on a contact's information gathering (issue 3 point 3, seed 004): what the contact
//! page says about it, and the Duty Manager's override of the need for consent, always with a
//! recorded reason. The rule is `domain::workflow::check_consent_override`, run in the browser
//! as the Duty Manager submits and again here; the partner checks wait until there is consent
//! or an override (`domain::workflow::information_gathering_waits`).

use crate::error::AppError;
use domain::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The override as the contact page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverrideView {
    pub by: String,
    pub role: String,
    pub at: String,
    pub reason: String,
}

/// What the contact page says about consent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsentView {
    /// Where the contact stands, in plain words.
    pub state: String,
    pub overridden: Option<OverrideView>,
    /// Information gathering (the partner checks) waits for consent or an override.
    pub waits: bool,
    /// The reader is a Duty Manager and the contact is open, so the form is shown.
    pub can_override: bool,
    /// Today in England: the browser checks the override on the same day the server does.
    pub today: chrono::NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum OverrideOutcome {
    Done { message: String },
    Refused { errors: Vec<FieldError> },
}

/// Where a refusal belongs on the one-field form: always the reason.
pub fn as_reason_errors(vs: Vec<domain::rules::RuleViolation>) -> Vec<FieldError> {
    vs.into_iter().map(|v| FieldError::new("override_reason", v.to_string())).collect()
}

/// The form's draft key: one per contact.
pub fn override_draft_key(contact_id: &str) -> String {
    format!("consent-override:{contact_id}")
}

/// Builds the page's consent section from the flow (with `consent_overridden` already set).
#[cfg(feature = "ssr")]
pub(crate) fn consent_view(flow: &domain::workflow::ContactFlow, row: Option<&storage::ConsentOverrideRow>, roles: &[domain::Role], open: bool, today: chrono::NaiveDate) -> ConsentView {
    use domain::roles::RoleSet;
    use domain::rules::consent_rule;
    use domain::workflow::{consent_route, information_gathering_waits};
    let route = consent_route(flow);
    let state = match (flow.consent, row, route) {
        (_, Some(_), _) => "A Duty Manager has overridden the need for consent to gather information.".to_string(),
        (true, _, _) => "The appropriate level of consent has been given.".to_string(),
        (false, None, None) if flow.level.is_none() => "No level has been recorded yet: whether consent is needed depends on it.".to_string(),
        (false, None, None) => "Advice and signposting: no consent is needed.".to_string(),
        (false, None, Some(r)) if !consent_rule(r).needed => consent_rule(r).without_consent.to_string(),
        (false, None, Some(r)) => format!("Consent has not been given. {}", consent_rule(r).without_consent),
    };
    let waits = information_gathering_waits(flow);
    ConsentView {
        state,
        overridden: row.map(|o| OverrideView {
            by: o.by_name.clone(),
            role: domain::Role::from_slug(&o.by_role).map(|r| r.label().to_string()).unwrap_or_else(|| o.by_role.clone()),
            at: domain::display::date_time(o.decided_at),
            reason: o.reason.clone(),
        }),
        waits,
        can_override: open && waits && roles.has_role(domain::Role::DutyManager),
        today,
    }
}

/// A Duty Manager overrides the need for consent to gather information on a contact, with
/// their reason. Anyone else, a short reason, or a contact where there is nothing to override
/// is refused with the rule's words; the override is stored once and audited on the contact
/// and on every child.
#[server(prefix = "/api", endpoint = "contacts/override_consent")]
pub async fn override_consent(contact_id: String, #[server(default)] reason: String) -> Result<OverrideOutcome, AppError> {
    use crate::ssr::access::require;
    use crate::ssr::workflow::flow_of;
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::roles::RoleSet;
    use domain::rules::consent::DisclosureBasis;
    use domain::workflow::check_consent_override;

    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.staff()?.clone();
            if !s.user.can_open_case_records() {
                ctx.audit(AuditAction::Refused, RecordKind::Contact, &contact_id, "Role does not work with case records", None).await?;
                return Err(AppError::Forbidden);
            }
            let store = &ctx.state.store;
            let contact = store.get_contact_detail(&contact_id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::NotFound)?;
            let access_reason = require(&ctx, &s, RecordKind::Contact, &contact_id).await?;
            let refuse = |message: &str| OverrideOutcome::Refused { errors: vec![FieldError::new("override_reason", message)] };
            if contact.status == "closed" {
                return Ok(refuse("This contact is closed: there is no information gathering left to override consent for."));
            }
            let existing = store.consent_override(&contact_id).await.map_err(|e| ctx.internal(e))?;
            let mut flow = flow_of(&contact);
            flow.consent_overridden = existing.is_some();
            let decision = match check_consent_override(&flow, &s.user.roles, &reason, crate::ssr::annex_a::today(&ctx)) {
                Ok(d) => d,
                Err(vs) => {
                    let summary = format!("Consent override refused on {}: {}", contact.reference, vs.iter().map(|v| v.code()).collect::<Vec<_>>().join(", "));
                    ctx.audit(AuditAction::Refused, RecordKind::Contact, &contact_id, &summary, access_reason.as_deref()).await?;
                    return Ok(OverrideOutcome::Refused { errors: as_reason_errors(vs) });
                }
            };
            let DisclosureBasis::DutyManagerOverride { r#override } = &decision.basis else {
                return Err(ctx.internal(format!("an override on {} gave another basis", contact.reference)));
            };
            let route = domain::workflow::slug_of(&decision.route);
            let new = storage::NewConsentOverride { contact_id: &contact_id, route: &route, reason: &r#override.reason, by_user_id: &s.user.id, by_role: r#override.by.slug() };
            if !store.record_consent_override(new, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                return Ok(refuse("Another Duty Manager overrode the need for consent on this contact a moment ago: their reason is shown on the contact."));
            }
            let summary = format!("The Duty Manager overrode the need for consent to gather information on {}", contact.reference);
            ctx.audit(AuditAction::Update, RecordKind::Contact, &contact_id, &summary, Some(&r#override.reason)).await?;
            for child in &contact.children {
                ctx.audit(AuditAction::Update, RecordKind::Person, &child.person_id, &summary, Some(&r#override.reason)).await?;
            }
            crate::api::drafts::clear(&ctx, &s.user.id, &override_draft_key(&contact_id)).await?;
            Ok(OverrideOutcome::Done { message: "The need for consent is overridden, with your reason. The partner checks can go ahead.".into() })
        }
        .await,
    )
}
