//! The Frontdoor server: reads configuration, opens the database (running migrations), and
//! serves the Leptos app and its server functions through axum. `main.rs` is a thin wrapper so
//! integration tests can build the same router in-process.

pub mod annex_a_export;
pub mod config;
pub mod delivery;
pub mod demo;
pub mod early_help_report;
pub mod demo_early_help;
pub mod demo_inbox;
pub mod demo_workflow;
pub mod inbox_upload;
pub mod return_interviews;
pub mod inbox_watch;
pub mod jobs;
pub mod letter_pdf;
pub mod live;
pub mod middleware;
pub mod public_form;
pub mod public_irr;
pub mod public_seal;

use app::ssr::AppState;
use app::{shell, App};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;
use storage::Store;

pub use config::Config;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error(transparent)]
    Storage(#[from] storage::StorageError),
    #[error("creating demo data failed: {0}")]
    Demo(#[from] demo::DemoError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: String, source: std::io::Error },
    #[error("server stopped: {0}")]
    Serve(std::io::Error),
}

/// Opens the store, prepares demo data (or disables it), and builds the router.
pub async fn build(config: &Config) -> Result<(Router, AppState), StartError> {
    let store = Store::connect(&config.database_url, config.db_max_connections).await?;
    // People from before the index (or keyed under an older KEYS_VERSION) are keyed again before
    // anyone searches; a no-op once done. Rows count the same on every instance, so two
    // instances doing it at once only repeat work.
    while store.rekey_stale_people(1_000).await? > 0 {}
    if config.demo {
        demo::seed(&store).await?;
    } else {
        let n = store.disable_demo_users(chrono::Utc::now()).await?;
        if n > 0 {
            tracing::warn!(count = n, "demo accounts disabled: the server is not in demo mode");
        }
    }
    let live = live::Live::spawn(store.clone(), config.database_url.clone());
    let state = AppState { store, auth: Arc::new(config.auth()), leptos_options: leptos_options(config) };
    Ok((router(state.clone(), config).layer(axum::Extension(live)), state))
}

pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("frontdoor")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .env(leptos_config_env())
        .build()
}

fn leptos_config_env() -> leptos::config::Env {
    match std::env::var("LEPTOS_ENV").as_deref() {
        Ok("PROD") | Ok("prod") | Ok("production") => leptos::config::Env::PROD,
        _ => leptos::config::Env::DEV,
    }
}

pub fn router(state: AppState, config: &Config) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let settings = middleware::Settings { trust_proxy: config.trust_proxy };
    Router::new()
        .leptos_routes_with_context(&state, routes, || {}, move || shell(options.clone()))
        // A letter as a PDF download (checked and audited as reading it on screen).
        .route("/staff/communications/{id}/pdf", axum::routing::get(letter_pdf::download))
        // Ofsted Annex A lists as CSV or Excel (managers only, audited as exports).
        .route("/staff/exports/annex-a/{file}", axum::routing::get(annex_a_export::download))
        .route("/staff/early-help/reports/{file}", axum::routing::get(early_help_report::download))
        // Live worklists: server-sent events when work items change on any instance.
        .route("/staff/events", axum::routing::get(live::events))
        // Uploading an .eml into the CASS inbox, and an e-mail's attachments (checked, audited).
        .merge(inbox_upload::router())
        .merge(return_interviews::router())
        // The public site (no WASM): information pages and the online Request for Support.
        .merge(public_form::router(state.clone(), public_form::PublicSettings::from_config(config)))
        // The professionals' CASS Information Requests form (no WASM).
        .merge(public_irr::router(state.clone(), public_form::PublicSettings::from_config(config)))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // Inside the request-context layer, so a panic still gets the request id and the plain
        // message (see middleware::PANICKED).
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(middleware::panic_response))
        .layer(axum::middleware::from_fn_with_state((state.clone(), settings), middleware::request_context))
        .with_state(state)
}
