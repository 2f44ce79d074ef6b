//! The request context a server function works in. The server's middleware resolves the session
//! cookie and the request id once per request and puts them in the request's extensions; here
//! they are read back, and every role check and audit entry goes through them.

use super::state::AppState;
use crate::error::AppError;
use chrono::Utc;
use domain::audit::{AuditAction, RecordKind};
use domain::roles::RoleSet;
use domain::StaffUser;
use leptos::prelude::*;
use storage::NewAuditEntry;

/// Set by the request-id middleware on every request.
#[derive(Clone, Debug)]
pub struct RequestMeta {
    pub request_id: String,
    pub ip: String,
    pub user_agent: String,
}

#[derive(Clone, Debug)]
pub struct SessionInfo {
    /// SHA-256 of the cookie's token, the session's key in the database.
    pub token_hash: String,
    pub user: StaffUser,
}

/// What the session middleware found for this request.
#[derive(Clone, Debug)]
pub enum SessionState {
    None,
    /// The cookie named a session that timed out or no longer exists.
    Ended,
    Active(SessionInfo),
}

pub struct Ctx {
    pub state: AppState,
    pub meta: RequestMeta,
    pub session: Option<SessionInfo>,
}

impl Ctx {
    pub fn load() -> Result<Ctx, AppError> {
        let state = use_context::<AppState>().ok_or_else(|| internal_without_ctx("AppState missing from context"))?;
        let parts = use_context::<http::request::Parts>().ok_or_else(|| internal_without_ctx("request parts missing"))?;
        let meta = parts.extensions.get::<RequestMeta>().cloned().unwrap_or_else(|| RequestMeta {
            request_id: uuid::Uuid::new_v4().to_string(),
            ip: "unknown".into(),
            user_agent: String::new(),
        });
        let session = match parts.extensions.get::<SessionState>() {
            Some(SessionState::Active(s)) => Some(s.clone()),
            _ => None,
        };
        Ok(Ctx { state, meta, session })
    }

    /// The signed-in user, who must have chosen their own password already.
    pub fn staff(&self) -> Result<&SessionInfo, AppError> {
        let s = self.signed_in()?;
        if s.user.must_change_password {
            return Err(AppError::PasswordChangeRequired);
        }
        Ok(s)
    }

    /// The signed-in user, even one who still has to change an issued password.
    pub fn signed_in(&self) -> Result<&SessionInfo, AppError> {
        self.session.as_ref().ok_or(AppError::Unauthenticated)
    }

    /// The signed-in user, if `allowed` says their roles permit the action; otherwise 403.
    pub fn require(&self, allowed: impl Fn(&StaffUser) -> bool) -> Result<&SessionInfo, AppError> {
        let s = self.staff()?;
        if allowed(&s.user) {
            Ok(s)
        } else {
            Err(AppError::Forbidden)
        }
    }

    pub fn require_admin(&self) -> Result<&SessionInfo, AppError> {
        self.require(|u| u.can_administer())
    }

    pub fn now(&self) -> chrono::DateTime<Utc> {
        Utc::now()
    }

    /// Appends to the audit trail as the signed-in user (or as `username` when nobody is).
    pub async fn audit(
        &self,
        action: AuditAction,
        kind: RecordKind,
        record_id: &str,
        summary: &str,
        reason: Option<&str>,
    ) -> Result<(), AppError> {
        let (user_id, username, roles) = match &self.session {
            Some(s) => (
                Some(s.user.id.as_str()),
                s.user.username.clone(),
                s.user.roles.iter().map(|r| r.slug()).collect::<Vec<_>>().join(","),
            ),
            None => (None, "anonymous".to_string(), String::new()),
        };
        self.audit_as(user_id, &username, &roles, action, kind, record_id, summary, reason).await
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn audit_as(
        &self,
        user_id: Option<&str>,
        username: &str,
        roles: &str,
        action: AuditAction,
        kind: RecordKind,
        record_id: &str,
        summary: &str,
        reason: Option<&str>,
    ) -> Result<(), AppError> {
        self.state
            .store
            .append_audit(NewAuditEntry {
                at: self.now(),
                user_id,
                username,
                roles,
                action,
                record_kind: kind,
                record_id,
                summary,
                reason,
                ip: &self.meta.ip,
                request_id: &self.meta.request_id,
            })
            .await
            .map_err(|e| self.internal(e))?;
        Ok(())
    }

    /// Logs an unexpected failure with the request id and turns it into the plain message the
    /// user sees. Nothing of `err` reaches the browser.
    pub fn internal(&self, err: impl std::fmt::Display) -> AppError {
        tracing::error!(request_id = %self.meta.request_id, error = %err, "request failed");
        AppError::Internal { request_id: self.meta.request_id.clone() }
    }
}

fn internal_without_ctx(what: &str) -> AppError {
    let request_id = uuid::Uuid::new_v4().to_string();
    tracing::error!(request_id = %request_id, error = what, "request failed");
    AppError::Internal { request_id }
}

/// Every server function's result passes through here so that refusals carry their HTTP status
/// (401, 403, 404) and the browser's code sees the typed error, not a generic 500.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(status) = http::StatusCode::from_u16(e.status()) {
                res.set_status(status);
            }
        }
    }
    result
}
