//! The staff home page: who you are and the work waiting in your worklists.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorklistRow {
    pub contact_id: String,
    pub reference: String,
    pub person_id: String,
    pub person_name: String,
    pub summary: String,
    pub worklist: String,
    pub received: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeView {
    pub display_name: String,
    pub roles: Vec<String>,
    pub teams: Vec<String>,
    /// Case-working roles see their worklists; an administrator sees none.
    pub works_with_case_records: bool,
    pub is_admin: bool,
    pub is_manager: bool,
    /// Works information requests (Business Support, RAOs, Team Managers, LADO).
    pub information_requests: bool,
    pub worklist: Vec<WorklistRow>,
}

#[server(prefix = "/api", endpoint = "staff/home")]
pub async fn staff_home() -> Result<HomeView, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::roles::RoleSet;

    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.staff()?;
            let u = &s.user;
            let worklist = if u.can_open_case_records() {
                ctx.state
                    .store
                    .worklist_for_user(&u.id, 200)
                    .await
                    .map_err(|e| ctx.internal(e))?
                    .into_iter()
                    .map(|w| WorklistRow {
                        contact_id: w.contact_id,
                        reference: w.reference,
                        person_id: w.person_id,
                        person_name: w.person_name,
                        summary: w.summary,
                        worklist: w.worklist,
                        received: domain::display::date_time(w.received_at),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            Ok(HomeView {
                display_name: u.display_name.clone(),
                roles: u.roles.iter().map(|r| r.label().to_string()).collect(),
                teams: u.teams.iter().map(|t| t.name.clone()).collect(),
                works_with_case_records: u.can_open_case_records(),
                is_admin: u.can_administer(),
                is_manager: u.can_view_access_history(),
                information_requests: domain::information_requests::may_read(&u.roles),
                worklist,
            })
        }
        .await,
    )
}
