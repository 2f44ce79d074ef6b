//! The one error type every server function returns. Expected outcomes (a form with mistakes, a
//! throttled sign-in) are *not* errors: they come back as typed `Ok` values. What is left here are
//! refusals, which reach the browser with a 4xx status, and the unexpected, which reaches it as a
//! plain message with the request id (the details stay in the server log).

use serde::{Deserialize, Serialize};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("You need to sign in to see this page")]
    Unauthenticated,
    #[error("You need to change your password before you continue")]
    PasswordChangeRequired,
    #[error("You do not have permission to do that")]
    Forbidden,
    #[error("Page not found")]
    NotFound,
    #[error("Sorry, there is a problem with the service. Reference: {request_id}")]
    Internal { request_id: String },
    /// The request never reached the service or its answer was unreadable (network drop).
    #[error("The service could not be reached. Check your connection and try again.")]
    Unreachable(String),
}

impl AppError {
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated => 401,
            AppError::PasswordChangeRequired | AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Internal { .. } | AppError::Unreachable(_) => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Unreachable(value.to_string())
    }
}
