//! Signing in and out, and changing one's password.

use crate::error::AppError;
use domain::{FieldError, StaffUser};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SignInOutcome {
    SignedIn { next: String },
    /// The form has mistakes, or the username and password do not match (deliberately one
    /// message for both, so nobody can learn which usernames exist).
    Invalid { errors: Vec<FieldError> },
    /// Too many failed attempts for this account or from this address.
    Locked { minutes: u32 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub user: StaffUser,
    /// Seconds of inactivity after which the session ends (for the timeout warning).
    pub idle_timeout_secs: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ChangePasswordOutcome {
    Changed,
    Invalid { errors: Vec<FieldError> },
}

#[server(prefix = "/api", endpoint = "auth/sign_in")]
pub async fn sign_in(username: String, password: String, #[server(default)] next: String) -> Result<SignInOutcome, AppError> {
    use crate::ssr::{auth, respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::sign_in::{normalise_username, validate_sign_in, Throttle};

    respond(
        async move {
            let ctx = Ctx::load()?;
            let v = validate_sign_in(&username, &password);
            if !v.is_ok() {
                return Ok(SignInOutcome::Invalid { errors: v.errors });
            }
            let username = normalise_username(&username);
            let store = &ctx.state.store;
            let policy = ctx.state.auth.throttle;
            let now = ctx.now();
            let since = now - chrono::Duration::minutes(i64::from(policy.window_minutes));
            let (by_account, by_address) =
                store.count_sign_in_failures(&username, &ctx.meta.ip, since).await.map_err(|e| ctx.internal(e))?;
            if let Throttle::Locked { minutes } = policy.decide(by_account, by_address) {
                store.record_sign_in_failure(&username, &ctx.meta.ip, now).await.map_err(|e| ctx.internal(e))?;
                ctx.audit_as(None, &username, "", AuditAction::SignInFailed, RecordKind::User, &username, "Refused: too many failed attempts", None)
                    .await?;
                return Ok(SignInOutcome::Locked { minutes });
            }

            let user = store.find_user_by_username(&username).await.map_err(|e| ctx.internal(e))?;
            let hash = user.as_ref().map(|u| u.password_hash.clone());
            let matches = auth::verify_password(password, hash).await.map_err(|e| ctx.internal(e))?;
            let user = match user {
                Some(u) if matches && u.active => u,
                other => {
                    store.record_sign_in_failure(&username, &ctx.meta.ip, now).await.map_err(|e| ctx.internal(e))?;
                    let record_id = other.as_ref().map(|u| u.id.clone()).unwrap_or_else(|| username.clone());
                    let summary = match &other {
                        Some(u) if !u.active => "Account is disabled",
                        Some(_) => "Wrong password",
                        None => "Unknown username",
                    };
                    ctx.audit_as(None, &username, "", AuditAction::SignInFailed, RecordKind::User, &record_id, summary, None).await?;
                    return Ok(SignInOutcome::Invalid {
                        errors: vec![FieldError::new("username", "Enter a correct username and password")],
                    });
                }
            };

            // A fresh session id at every sign-in: whatever token the browser held before is
            // discarded, so a planted or leaked pre-sign-in cookie is worthless.
            if let Some(old) = &ctx.session {
                store.delete_session(&old.token_hash).await.map_err(|e| ctx.internal(e))?;
            }
            let token = auth::new_token();
            store
                .create_session(&auth::hash_token(&token), &user.id, &ctx.meta.ip, &ctx.meta.user_agent, now)
                .await
                .map_err(|e| ctx.internal(e))?;
            store.clear_sign_in_failures(&username).await.map_err(|e| ctx.internal(e))?;
            let roles = user.roles.iter().map(|r| r.slug()).collect::<Vec<_>>().join(",");
            ctx.audit_as(Some(&user.id), &user.username, &roles, AuditAction::SignIn, RecordKind::User, &user.id, "Signed in", None)
                .await?;
            set_cookie(&auth::session_cookie(&token, &ctx.state.auth));
            let next = if user.must_change_password { "/staff/account/password".to_string() } else { auth::safe_next(&next) };
            Ok(SignInOutcome::SignedIn { next })
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::ssr::{auth, respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};

    respond(
        async move {
            let ctx = Ctx::load()?;
            if let Some(s) = &ctx.session {
                ctx.state.store.delete_session(&s.token_hash).await.map_err(|e| ctx.internal(e))?;
                ctx.audit(AuditAction::SignOut, RecordKind::User, &s.user.id, "Signed out", None).await?;
            }
            set_cookie(&auth::clear_session_cookie(&ctx.state.auth));
            Ok(())
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "auth/me")]
pub async fn who_am_i() -> Result<Option<Me>, AppError> {
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            Ok(ctx.session.as_ref().map(|s| Me { user: s.user.clone(), idle_timeout_secs: ctx.state.auth.idle_timeout.num_seconds() }))
        }
        .await,
    )
}

#[server(prefix = "/api", endpoint = "auth/change_password")]
pub async fn change_password(current: String, new_password: String, confirm: String) -> Result<ChangePasswordOutcome, AppError> {
    use crate::ssr::{auth, respond, Ctx};
    use domain::audit::{AuditAction, RecordKind};
    use domain::sign_in::validate_new_password;

    respond(
        async move {
            let ctx = Ctx::load()?;
            let session = ctx.signed_in()?.clone();
            let mut v = validate_new_password("new_password", &new_password, "confirm", &confirm, &session.user.username);
            if current.is_empty() {
                v.errors.insert(0, FieldError::new("current", "Enter your current password"));
            }
            if !v.is_ok() {
                return Ok(ChangePasswordOutcome::Invalid { errors: v.errors });
            }
            let store = &ctx.state.store;
            let user = store.get_user(&session.user.id).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::Unauthenticated)?;
            if !auth::verify_password(current.clone(), Some(user.password_hash.clone())).await.map_err(|e| ctx.internal(e))? {
                return Ok(ChangePasswordOutcome::Invalid {
                    errors: vec![FieldError::new("current", "Your current password is not correct")],
                });
            }
            if current == new_password {
                return Ok(ChangePasswordOutcome::Invalid {
                    errors: vec![FieldError::new("new_password", "Your new password must be different from your current password")],
                });
            }
            let hash = auth::hash_password(new_password).await.map_err(|e| ctx.internal(e))?;
            let now = ctx.now();
            store.set_password(&user.id, &hash, false, now).await.map_err(|e| ctx.internal(e))?;
            // Every other session of this user ends; this one is replaced by a fresh id.
            store.delete_sessions_for_user(&user.id).await.map_err(|e| ctx.internal(e))?;
            let token = auth::new_token();
            store
                .create_session(&auth::hash_token(&token), &user.id, &ctx.meta.ip, &ctx.meta.user_agent, now)
                .await
                .map_err(|e| ctx.internal(e))?;
            set_cookie(&auth::session_cookie(&token, &ctx.state.auth));
            ctx.audit(AuditAction::PasswordChanged, RecordKind::User, &user.id, "Changed own password", None).await?;
            Ok(ChangePasswordOutcome::Changed)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
fn set_cookie(cookie: &str) {
    if let (Some(res), Ok(value)) = (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(cookie)) {
        res.append_header(http::header::SET_COOKIE, value);
    }
}
