//! Administration of staff accounts, teams and roles. Administrators only; every change is
//! audited against the user or team it touched.

use crate::error::AppError;
use domain::FieldError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub roles: Vec<String>,
    pub role_labels: Vec<String>,
    pub team_ids: Vec<String>,
    pub teams: Vec<String>,
    pub active: bool,
    pub is_demo: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamSummary {
    pub id: String,
    pub name: String,
    pub description: String,
    pub active: bool,
    pub version: i64,
    pub member_count: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleOption {
    pub slug: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Directory {
    pub users: Vec<UserSummary>,
    pub teams: Vec<TeamSummary>,
    pub roles: Vec<RoleOption>,
    pub me: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SaveOutcome {
    /// Saved. For a new account (or a reset) the temporary password to hand over, shown once.
    Saved { id: String, temporary_password: Option<String> },
    Invalid { errors: Vec<FieldError> },
}

#[server(prefix = "/api", endpoint = "admin/directory")]
pub async fn admin_directory() -> Result<Directory, AppError> {
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let me = ctx.require_admin()?.user.id.clone();
            let store = &ctx.state.store;
            let users = store.list_users().await.map_err(|e| ctx.internal(e))?;
            let teams = store.list_teams().await.map_err(|e| ctx.internal(e))?;
            Ok(Directory {
                users: users
                    .into_iter()
                    .map(|u| UserSummary {
                        roles: u.roles.iter().map(|r| r.slug().to_string()).collect(),
                        role_labels: u.roles.iter().map(|r| r.label().to_string()).collect(),
                        team_ids: u.teams.iter().map(|t| t.id.clone()).collect(),
                        teams: u.teams.iter().map(|t| t.name.clone()).collect(),
                        id: u.id,
                        username: u.username,
                        display_name: u.display_name,
                        email: u.email,
                        active: u.active,
                        is_demo: u.is_demo,
                    })
                    .collect(),
                teams: teams
                    .into_iter()
                    .map(|t| TeamSummary {
                        id: t.id,
                        name: t.name,
                        description: t.description,
                        active: t.active,
                        version: t.version,
                        member_count: t.member_count,
                    })
                    .collect(),
                roles: domain::Role::ALL.iter().map(|r| RoleOption { slug: r.slug().into(), label: r.label().into() }).collect(),
                me,
            })
        }
        .await,
    )
}

/// Creates (no `id`) or edits a user. A new user gets a temporary password they must change.
/// The draft of a user being added (`id` empty) or changed (issue 9 point 1); cleared when saved.
pub fn user_draft_key(id: &str) -> String {
    format!("admin-user:{}", if id.is_empty() { "new" } else { id })
}

/// The draft of a team being added; cleared when it is added.
pub const TEAM_DRAFT_KEY: &str = "admin-team-new";

#[server(prefix = "/api", endpoint = "admin/save_user")]
pub async fn admin_save_user(
    #[server(default)] id: String,
    username: String,
    display_name: String,
    #[server(default)] email: String,
    #[server(default)] roles: Vec<String>,
    #[server(default)] team_ids: Vec<String>,
) -> Result<SaveOutcome, AppError> {
    use crate::ssr::{auth, respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::sign_in::{normalise_username, validate_username};
    use domain::validation::non_blank;
    use storage::{NewUser, StorageError, UserUpdate};

    respond(
        async move {
            let ctx = Ctx::load()?;
            let me = ctx.require_admin()?.user.id.clone();
            let is_new = id.trim().is_empty();
            let mut v = if is_new { validate_username(&username) } else { domain::Validation::new() };
            v.check(non_blank(&display_name).is_none(), "display_name", "Enter the person's full name");
            v.check(!email.trim().is_empty() && !email.contains('@'), "email", "Enter an email address in the correct format, like name@example.org");
            let parsed: Vec<domain::Role> = roles.iter().filter_map(|r| domain::Role::from_slug(r)).collect();
            v.check(parsed.len() != roles.len(), "roles", "Choose roles from the list");
            v.check(parsed.is_empty(), "roles", "Choose at least one role");
            if !is_new && id == me && !parsed.contains(&domain::Role::Administrator) {
                v.add("roles", "You cannot remove your own Administrator role");
            }
            if !v.is_ok() {
                return Ok(SaveOutcome::Invalid { errors: v.errors });
            }
            let store = &ctx.state.store;
            let now = ctx.now();
            if is_new {
                let username = normalise_username(&username);
                let temp = auth::temporary_password();
                let hash = auth::hash_password(temp.clone()).await.map_err(|e| ctx.internal(e))?;
                let created = store
                    .create_user(
                        NewUser {
                            username: &username,
                            display_name: display_name.trim(),
                            email: email.trim(),
                            password_hash: &hash,
                            must_change_password: true,
                            is_demo: false,
                            roles: &parsed,
                            team_ids: &team_ids,
                        },
                        now,
                    )
                    .await;
                let new_id = match created {
                    Ok(new_id) => new_id,
                    Err(StorageError::Conflict(_)) => {
                        return Ok(SaveOutcome::Invalid { errors: vec![FieldError::new("username", "That username is already taken")] })
                    }
                    Err(e) => return Err(ctx.internal(e)),
                };
                let summary = format!("Created user {username} with roles {}", roles.join(", "));
                ctx.audit(AuditAction::Create, RecordKind::User, &new_id, &summary, None).await?;
                crate::api::drafts::clear(&ctx, &me, &user_draft_key("")).await?;
                Ok(SaveOutcome::Saved { id: new_id, temporary_password: Some(temp) })
            } else {
                let found = store
                    .update_user(&id, UserUpdate { display_name: display_name.trim(), email: email.trim(), roles: &parsed, team_ids: &team_ids }, now)
                    .await
                    .map_err(|e| ctx.internal(e))?;
                if !found {
                    return Err(AppError::NotFound);
                }
                let summary = format!("Set roles to {} and {} team(s)", roles.join(", "), team_ids.len());
                ctx.audit(AuditAction::Update, RecordKind::User, &id, &summary, None).await?;
                crate::api::drafts::clear(&ctx, &me, &user_draft_key(&id)).await?;
                Ok(SaveOutcome::Saved { id, temporary_password: None })
            }
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/set_user_active")]
pub async fn admin_set_user_active(id: String, #[server(default)] active: bool) -> Result<SaveOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let me = ctx.require_admin()?.user.id.clone();
            if id == me && !active {
                return Ok(SaveOutcome::Invalid { errors: vec![FieldError::new("active", "You cannot disable your own account")] });
            }
            if !ctx.state.store.set_user_active(&id, active, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                return Err(AppError::NotFound);
            }
            let summary = if active { "Enabled account" } else { "Disabled account and ended its sessions" };
            ctx.audit(AuditAction::Update, RecordKind::User, &id, summary, None).await?;
            Ok(SaveOutcome::Saved { id, temporary_password: None })
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "admin/reset_password")]
pub async fn admin_reset_password(id: String) -> Result<SaveOutcome, AppError> {
    use crate::ssr::{auth, respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    respond(
        async move {
            let ctx = Ctx::load()?;
            ctx.require_admin()?;
            let store = &ctx.state.store;
            let temp = auth::temporary_password();
            let hash = auth::hash_password(temp.clone()).await.map_err(|e| ctx.internal(e))?;
            if !store.set_password(&id, &hash, true, ctx.now()).await.map_err(|e| ctx.internal(e))? {
                return Err(AppError::NotFound);
            }
            store.delete_sessions_for_user(&id).await.map_err(|e| ctx.internal(e))?;
            ctx.audit(AuditAction::Update, RecordKind::User, &id, "Issued a temporary password", None).await?;
            Ok(SaveOutcome::Saved { id, temporary_password: Some(temp) })
        }
        .await,
    )
}

/// Creates (no `id`) or edits a team.
#[server(prefix = "/api", endpoint = "admin/save_team")]
pub async fn admin_save_team(
    #[server(default)] id: String,
    name: String,
    #[server(default)] description: String,
    #[server(default)] active: bool,
) -> Result<SaveOutcome, AppError> {
    use crate::ssr::{respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::validation::non_blank;
    use storage::{NewTeam, StorageError};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let me = ctx.require_admin()?.user.id.clone();
            let mut v = domain::Validation::new();
            v.check(non_blank(&name).is_none(), "name", "Enter a team name");
            if !v.is_ok() {
                return Ok(SaveOutcome::Invalid { errors: v.errors });
            }
            let store = &ctx.state.store;
            let (name, description) = (name.trim(), description.trim());
            let result = if id.trim().is_empty() {
                store.create_team(NewTeam { name, description }, ctx.now()).await.map(Some)
            } else {
                store.update_team(&id, name, description, active, ctx.now()).await.map(|found| found.then(|| id.clone()))
            };
            match result {
                Ok(Some(team_id)) => {
                    let action = if id.trim().is_empty() { AuditAction::Create } else { AuditAction::Update };
                    ctx.audit(action, RecordKind::Team, &team_id, &format!("Saved team {name}"), None).await?;
                    if id.trim().is_empty() {
                        crate::api::drafts::clear(&ctx, &me, TEAM_DRAFT_KEY).await?;
                    }
                    Ok(SaveOutcome::Saved { id: team_id, temporary_password: None })
                }
                Ok(None) => Err(AppError::NotFound),
                Err(StorageError::Conflict(_)) => {
                    Ok(SaveOutcome::Invalid { errors: vec![FieldError::new("name", "A team with that name already exists")] })
                }
                Err(e) => Err(ctx.internal(e)),
            }
        }
        .await,
    )
}
