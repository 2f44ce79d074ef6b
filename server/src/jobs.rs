//! Housekeeping that runs on a timer in every instance. Each task here is an idempotent delete,
//! so two instances doing it at once is harmless; jobs that must run exactly once (chasers,
//! retention) will claim a row lock first.

use chrono::Utc;
use storage::Store;
use std::time::Duration;

pub fn spawn_housekeeping(store: Store, idle: chrono::Duration, absolute: chrono::Duration, throttle_window: chrono::Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(300));
        loop {
            tick.tick().await;
            let now = Utc::now();
            if let Err(e) = store.delete_expired_sessions(now - idle, now - absolute).await {
                tracing::warn!(error = %e, "removing expired sessions failed");
            }
            if let Err(e) = store.prune_sign_in_failures(now - throttle_window).await {
                tracing::warn!(error = %e, "pruning failed sign-ins failed");
            }
            // A search counts for creating a person for SEARCH_VALID_MINUTES; older ones go.
            let searches = now - chrono::Duration::minutes(domain::people::SEARCH_VALID_MINUTES);
            if let Err(e) = store.delete_person_searches_before(searches).await {
                tracing::warn!(error = %e, "removing old person searches failed");
            }
            // A queued submission is resent within minutes or hours; after 30 days its answer goes.
            if let Err(e) = store.prune_submissions(now - chrono::Duration::days(30)).await {
                tracing::warn!(error = %e, "removing old submission outcomes failed");
            }
            early_help(&store, now).await;
        }
    });
}

/// The Early Help desk's timed work (seed 003 §1.8 the 7-day letter and the 14-day review;
/// §1.1.1 destroying an EHA 30 days after closure for no consent). Every step is a conditional
/// update, so instances running it at once move, write to and destroy each EHA exactly once.
async fn early_help(store: &Store, now: chrono::DateTime<Utc>) {
    let cal = match app::ssr::early_help::calendar_of(store).await {
        Ok(Some(c)) => c,
        Ok(None) => return tracing::warn!("the working-day calendar is unreadable: the Early Help desk's job waits"),
        Err(e) => return tracing::warn!(error = %e, "reading the calendar for the Early Help desk's job failed"),
    };
    match app::ssr::early_help::run_daily(store, &cal, now).await {
        Ok((0, 0)) => {}
        Ok((chased, destroyed)) => tracing::info!(chased, destroyed, "Early Help desk: EHAs chased at 7 days and destroyed after 30"),
        Err(e) => tracing::warn!(error = %e, "the Early Help desk's job failed"),
    }
}
