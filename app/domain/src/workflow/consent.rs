//! Consent on a contact's information gathering (seed 004: "You will usually be asked to give
//! consent before information gathering is carried out. However, there will be times when the
//! need for consent is overridden by the Duty Manager"). The contact's level picks the consent
//! route (`rules::consent_rule`); the Duty Manager's override is checked by the same
//! `check_disclosure` the information requests use, so the reason and the role are checked once.

use chrono::NaiveDate;

use super::decide::ContactFlow;
use crate::roles::{Role, RoleSet};
use crate::rules::consent::{check_disclosure, DisclosureDecision, DisclosureRequest, DutyManagerOverride};
use crate::rules::{consent_rule, ConsentRoute, ContactChannel, Level, RuleViolation};

/// The consent route a contact's information gathering falls under, by its level in force.
pub fn consent_route(flow: &ContactFlow) -> Option<ConsentRoute> {
    let anonymous = flow.channel == ContactChannel::AnonymousCall;
    Some(match flow.level? {
        Level::Universal => return None,
        Level::UniversalPlus if anonymous => ConsentRoute::AnonymousUniversalPlus,
        Level::AdditionalNeeds if anonymous => ConsentRoute::AnonymousAdditionalNeeds,
        Level::UniversalPlus => ConsentRoute::CassUniversalPlus,
        Level::AdditionalNeeds => ConsentRoute::CassAdditionalNeeds,
        Level::ComplexAndSignificant => ConsentRoute::CassInformationGathering,
        Level::SignificantHarm => ConsentRoute::CassSignificantHarm,
    })
}

/// Whether information gathering (the partner checks) must wait: the route needs consent,
/// the parent has not given it and no Duty Manager has overridden the need for it.
pub fn information_gathering_waits(flow: &ContactFlow) -> bool {
    let needs = consent_route(flow).is_some_and(|r| r == ConsentRoute::CassInformationGathering && consent_rule(r).needed);
    needs && !flow.consent && !flow.consent_overridden
}

/// Checks a Duty Manager's override of the need for consent on a contact, made by someone with
/// `roles`, and returns the decision to store (its basis names the override and its reason).
pub fn check_consent_override(flow: &ContactFlow, roles: &[Role], reason: &str, on: NaiveDate) -> Result<DisclosureDecision, Vec<RuleViolation>> {
    let not_needed = |why: &str| Err(vec![RuleViolation::ConsentOverrideNotNeeded { why: why.to_string() }]);
    if flow.consent {
        return not_needed("The parent has consented to information gathering: there is nothing to override.");
    }
    if flow.consent_overridden {
        return not_needed("A Duty Manager has already overridden the need for consent on this contact.");
    }
    let Some(route) = consent_route(flow) else {
        return not_needed("Record the contact's level first: whether consent is needed depends on it.");
    };
    if !consent_rule(route).needed {
        return not_needed("Consent is not needed where a child is at risk of significant harm: the reason for sharing is recorded with the level.");
    }
    // The role the person acts in: Duty Manager if they hold it, so anyone else is refused by
    // the rule itself with its own words.
    let by = if roles.has_role(Role::DutyManager) { Role::DutyManager } else { roles.first().copied().unwrap_or(Role::ReferralAndAdviceOfficer) };
    let mut req = DisclosureRequest::new(route, on);
    req.duty_manager_override = Some(DutyManagerOverride { by, reason: reason.to_string() });
    check_disclosure(&req)
}
