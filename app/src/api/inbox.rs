//! The CASS inbox: contacts waiting for Business Support, newest first, including every Request
//! for Support made on the public online form. Listing shows only what is needed to recognise a
//! contact; opening one goes through `records/open`, which checks access and audits the read.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxRow {
    pub contact_id: String,
    pub reference: String,
    pub child: String,
    pub summary: String,
    /// "Online form", or empty for contacts made another way.
    pub channel: String,
    pub referrer: String,
    pub suggested_level: String,
    pub consent: String,
    pub immediate_danger: bool,
    pub team: String,
    pub received: String,
}

/// The roles that work the CASS inbox.
pub fn may_work_inbox(user: &domain::StaffUser) -> bool {
    use domain::roles::{Role, RoleSet};
    [Role::BusinessSupportOfficer, Role::ReferralAndAdviceOfficer, Role::TeamManager].into_iter().any(|r| user.has_role(r))
}

#[cfg(feature = "ssr")]
fn consent_label(c: &str) -> &'static str {
    match c {
        "given" => "Given",
        "refused" => "Refused",
        "not_asked" => "Not asked",
        "not_applicable" => "Not applicable (no PR)",
        _ => "",
    }
}

#[server(prefix = "/api", endpoint = "inbox/list")]
pub async fn inbox_list() -> Result<Vec<InboxRow>, AppError> {
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require(may_work_inbox)?;
            let items = ctx.state.store.inbox(500).await.map_err(|e| ctx.internal(e))?;
            Ok(items
                .into_iter()
                .map(|i| {
                    let referrer = match (i.referrer_kind.as_deref(), i.referrer_name.as_deref(), i.referrer_organisation.as_deref()) {
                        (Some("professional"), name, org) => format!("{} ({})", name.unwrap_or(""), org.unwrap_or("")).trim().to_string(),
                        (Some(_), Some(name), _) if !name.trim().is_empty() => format!("{name} (member of the public)"),
                        (Some(_), _, _) => "A member of the public".to_string(),
                        (None, ..) => String::new(),
                    };
                    InboxRow {
                        contact_id: i.contact_id,
                        reference: i.reference,
                        child: i.person_name,
                        summary: i.summary,
                        channel: if i.channel.as_deref() == Some(storage::ONLINE_FORM_CHANNEL) { "Online form".into() } else { String::new() },
                        referrer,
                        suggested_level: i
                            .suggested_level
                            .as_deref()
                            .and_then(domain::rules::Level::from_slug)
                            .map(|l| l.label().to_string())
                            .unwrap_or_default(),
                        consent: consent_label(i.consent.as_deref().unwrap_or("")).to_string(),
                        immediate_danger: i.immediate_danger,
                        team: i.team_name.unwrap_or_default(),
                        received: domain::display::date_time(i.received_at),
                    }
                })
                .collect())
        }
        .await,
    )
}
