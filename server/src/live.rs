//! Live worklists (issue 8 point 1): `GET /staff/events`, a server-sent events stream that says
//! `work` whenever work items changed — through this instance or any other, as
//! `storage::ChangeListener` hears them — so open worklist pages fetch again within a second or
//! two. The browser's EventSource reconnects by itself after a dropped connection; the page
//! fetches again when it does, so nothing missed in between stays stale.

use app::ssr::SessionState;
use axum::extract::Extension;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use domain::roles::RoleSet;
use futures_util::stream::{self, StreamExt};
use std::convert::Infallible;
use std::time::Duration;
use storage::Store;
use tokio::sync::broadcast;

/// What every open events stream on this instance subscribes to.
#[derive(Clone)]
pub struct Live(broadcast::Sender<()>);

impl Live {
    /// Listens for changes for as long as the process runs; a failed listener is started again
    /// after a pause, and pages are told to refresh since news may have been lost meanwhile.
    pub fn spawn(store: Store, url: String) -> Live {
        let (tx, _) = broadcast::channel(64);
        let out = tx.clone();
        tokio::spawn(async move {
            loop {
                match store.change_listener(&url).await {
                    Ok(mut listener) => loop {
                        match listener.next_change().await {
                            Ok(()) => {
                                let _ = out.send(());
                            }
                            Err(e) => {
                                tracing::warn!(error = %e, "the change listener stopped; starting it again");
                                break;
                            }
                        }
                    },
                    Err(e) => tracing::warn!(error = %e, "the change listener could not start; trying again"),
                }
                tokio::time::sleep(Duration::from_secs(2)).await;
                let _ = out.send(());
            }
        });
        Live(tx)
    }

    #[cfg(test)]
    fn quiet() -> Live {
        Live(broadcast::channel(4).0)
    }
}

/// Staff who work with case records get the stream; anyone else a plain refusal.
pub async fn events(Extension(live): Extension<Live>, req: axum::extract::Request) -> Response {
    match req.extensions().get::<SessionState>() {
        Some(SessionState::Active(s)) if s.user.can_open_case_records() => {}
        Some(SessionState::Active(_)) => return (StatusCode::FORBIDDEN, "Live updates are for staff who work with case records").into_response(),
        _ => return (StatusCode::UNAUTHORIZED, "Sign in to get live updates").into_response(),
    }
    let ready = stream::once(async { Ok::<Event, Infallible>(Event::default().event("ready").data("listening")) });
    let changes = stream::unfold(live.0.subscribe(), |mut rx| async move {
        match rx.recv().await {
            // Lagging behind only means several changes: one refresh covers them all.
            Ok(()) | Err(broadcast::error::RecvError::Lagged(_)) => Some((Ok(Event::default().event("work").data("changed")), rx)),
            Err(broadcast::error::RecvError::Closed) => None,
        }
    });
    Sse::new(ready.chain(changes)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn without_a_session_there_is_no_stream() {
        let req = axum::extract::Request::new(axum::body::Body::empty());
        let res = events(Extension(Live::quiet()), req).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
}
