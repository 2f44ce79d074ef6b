//! `server` runs Frontdoor. `server create-admin <username>` creates an administrator account
//! (the password is read from FRONTDOOR_ADMIN_PASSWORD) for a new installation without demo data.

use server::{build, config::Config, demo, jobs, StartError};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("frontdoor: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_new(&config.log).unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")))
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("create-admin") => create_admin(&config, args.get(1).map(String::as_str)).await,
        None | Some("serve") => serve(config).await,
        Some(other) => {
            eprintln!("frontdoor: unknown command {other:?}. Use `server` or `server create-admin <username>`.");
            return ExitCode::FAILURE;
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("frontdoor: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> Result<(), StartError> {
    let (router, state) = build(&config).await?;
    let c = state.auth.clone();
    jobs::spawn_housekeeping(state.store.clone(), c.idle_timeout, c.absolute_lifetime, chrono::Duration::minutes(i64::from(c.throttle.window_minutes)));
    let (transport, from) = config.mail()?;
    let settings = server::delivery::Settings {
        from,
        holder: format!("{}-{}", config.addr, uuid::Uuid::new_v4()),
        lease: chrono::Duration::minutes(5),
        batch: 50,
    };
    server::delivery::spawn(state.store.clone(), std::sync::Arc::new(transport), settings, std::time::Duration::from_secs(u64::from(config.mail_poll_secs)));
    // Virus scanning plugs in here (app::ssr::inbox_mail::AttachmentScanner); none by default.
    server::inbox_watch::spawn(
        state.store.clone(),
        std::sync::Arc::new(app::ssr::inbox_mail::NoScanner),
        config.inbox_dir.clone(),
        std::time::Duration::from_secs(u64::from(config.inbox_poll_secs)),
    );
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| StartError::Bind { addr: config.addr.to_string(), source })?;
    tracing::info!(addr = %config.addr, database = %storage::redact(&config.database_url), demo = config.demo, "Frontdoor listening");
    if config.demo {
        demo::print_sign_ins(&config.addr.to_string());
    } else {
        println!("Frontdoor is running at http://{}", config.addr);
    }
    axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(StartError::Serve)
}

async fn create_admin(config: &Config, username: Option<&str>) -> Result<(), StartError> {
    let Some(username) = username else {
        eprintln!("usage: server create-admin <username>   (password in FRONTDOOR_ADMIN_PASSWORD)");
        return Ok(());
    };
    let password = std::env::var("FRONTDOOR_ADMIN_PASSWORD").unwrap_or_default();
    let username = domain::sign_in::normalise_username(username);
    let mut v = domain::sign_in::validate_username(&username);
    v.errors.extend(domain::sign_in::validate_new_password("password", &password, "confirm", &password, &username).errors);
    if !v.is_ok() {
        for e in v.errors {
            eprintln!("{}: {}", e.field, e.message);
        }
        return Ok(());
    }
    let store = storage::Store::connect(&config.database_url, 2).await?;
    let hash = app::ssr::auth::hash_password(password).await.map_err(demo::DemoError::from)?;
    store
        .create_user(
            storage::NewUser {
                username: &username,
                display_name: &username,
                email: "",
                password_hash: &hash,
                must_change_password: false,
                is_demo: false,
                roles: &[domain::Role::Administrator],
                team_ids: &[],
            },
            chrono::Utc::now(),
        )
        .await?;
    println!("Administrator {username} created.");
    Ok(())
}
