//! The session's clock (issue 9, WCAG 2.2.1 Timing Adjustable): how long a signed-in member of
//! staff has before the inactivity timeout, and a way to stay signed in. `session/clock` does
//! not count as activity (the server's middleware does not touch the session for it), so the
//! warning's own polling can never keep an unattended session alive.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Asking how long is left is not activity.
pub const CLOCK_PATH: &str = "/api/session/clock";

/// Requests a page makes by itself, not because someone did something: the session middleware
/// does not count them as activity, so a live page left open still times out.
pub const BACKGROUND_PATHS: [&str; 3] = [CLOCK_PATH, "/api/worklists/refresh", "/staff/events"];

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionTime {
    /// Seconds until the session ends: the inactivity timeout or the absolute limit, whichever
    /// comes first.
    pub seconds_left: i64,
    /// Warn this many seconds before the end (the setting, at most half the inactivity timeout;
    /// 0 turns the warning off).
    pub warn_secs: i64,
    /// Whether staying signed in gives more time (false once the absolute limit is closer).
    pub can_extend: bool,
}

#[server(prefix = "/api", endpoint = "session/clock")]
pub async fn session_clock() -> Result<SessionTime, AppError> {
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.signed_in()?.clone();
            imp::clock(&ctx, &s.token_hash).await
        }
        .await,
    )
}

/// Stays signed in: counts as activity now, whatever the middleware's rate limit on touching.
#[server(prefix = "/api", endpoint = "session/extend")]
pub async fn extend_session() -> Result<SessionTime, AppError> {
    use crate::ssr::{respond, Ctx};
    respond(
        async move {
            let ctx = Ctx::load()?;
            let s = ctx.signed_in()?.clone();
            ctx.state.store.touch_session(&s.token_hash, ctx.now()).await.map_err(|e| ctx.internal(e))?;
            imp::clock(&ctx, &s.token_hash).await
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
mod imp {
    use super::*;
    use crate::ssr::Ctx;

    pub async fn clock(ctx: &Ctx, token_hash: &str) -> Result<SessionTime, AppError> {
        let row = ctx.state.store.get_session(token_hash).await.map_err(|e| ctx.internal(e))?.ok_or(AppError::Unauthenticated)?;
        let now = ctx.now();
        let auth = &ctx.state.auth;
        let idle_left = (auth.idle_timeout - (now - row.last_seen_at)).num_seconds().max(0);
        let absolute_left = (auth.absolute_lifetime - (now - row.created_at)).num_seconds().max(0);
        Ok(SessionTime {
            seconds_left: idle_left.min(absolute_left),
            // Never more than half the timeout, or every page would open with the warning.
            warn_secs: auth.warn_before.num_seconds().min(auth.idle_timeout.num_seconds() / 2),
            can_extend: absolute_left > idle_left,
        })
    }
}
