use domain::sign_in::ThrottlePolicy;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;
use storage::Store;

/// How sessions and sign-in behave; set from the server's configuration.
#[derive(Clone, Debug)]
pub struct AuthConfig {
    /// Signed out after this long without a request.
    pub idle_timeout: chrono::Duration,
    /// Signed out this long after signing in, however active.
    pub absolute_lifetime: chrono::Duration,
    /// Staff are warned this long before the inactivity timeout and offered to stay signed in
    /// (WCAG 2.2.1 Timing Adjustable).
    pub warn_before: chrono::Duration,
    pub throttle: ThrottlePolicy,
    /// Mark the cookie `Secure` (the service is reached over HTTPS).
    pub secure_cookies: bool,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            idle_timeout: chrono::Duration::minutes(30),
            absolute_lifetime: chrono::Duration::hours(10),
            warn_before: chrono::Duration::minutes(2),
            throttle: ThrottlePolicy::default(),
            secure_cookies: false,
        }
    }
}

/// Everything a server function needs, provided to every request through Leptos context.
#[derive(Clone, Debug)]
pub struct AppState {
    pub store: Store,
    pub auth: Arc<AuthConfig>,
    pub leptos_options: LeptosOptions,
}

impl axum::extract::FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
