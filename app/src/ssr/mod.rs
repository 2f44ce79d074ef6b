//! Server-only code used by the server functions: shared state, the per-request context (who is
//! asking, from where, under which request id), authentication and the audit helper. Compiled
//! only with the `ssr` feature, so none of it reaches the browser bundle.

pub mod access;
pub mod annex_a;
pub mod auth;
pub mod ctx;
pub mod early_help;
pub mod inbox_decide;
pub mod inbox_mail;
pub mod information_requests;
pub mod letters;
pub mod rules;
pub mod state;
pub mod workflow;
pub mod workflow_letters;

pub use ctx::{respond, Ctx, RequestMeta, SessionInfo, SessionState};
pub use state::{AppState, AuthConfig};
