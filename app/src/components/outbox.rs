//! A decision made while the network is down is not lost and not sent twice (issue 8 point 2).
//! The form gives each decision an id when it is confirmed. If the server cannot be reached the
//! decision waits here, in the browser's storage, and `use_resend` sends it again (the same id)
//! when the browser says it is back online, every 15 seconds while it waits, and when the page
//! opens again. The server answers a repeated id with the answer it first gave
//! (`contacts/decide`, the `submissions` table), so a decision whose answer was lost is never
//! taken twice. Keys sit under the drafts' prefix, so they belong to whoever signed in, as drafts do.

use crate::components::drafts::LOCAL_PREFIX;
#[cfg(feature = "hydrate")]
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Where a form's waiting decision is kept.
pub fn key(form: &str) -> String {
    format!("{LOCAL_PREFIX}outbox:{form}")
}

pub fn put<T: Serialize>(key: &str, value: &T) {
    #[cfg(feature = "hydrate")]
    if let (Some(s), Ok(v)) = (web_sys::window().and_then(|w| w.local_storage().ok().flatten()), serde_json::to_string(value)) {
        let _ = s.set_item(key, &v);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (key, serde_json::to_string(value));
}

pub fn waiting<T: DeserializeOwned>(key: &str) -> Option<T> {
    #[cfg(feature = "hydrate")]
    {
        let s = web_sys::window().and_then(|w| w.local_storage().ok().flatten())?;
        s.get_item(key).ok().flatten().and_then(|v| serde_json::from_str(&v).ok())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key;
        None
    }
}

pub fn remove(key: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.remove_item(key);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = key;
}

/// Calls `resend` when the connection comes back, every 15 seconds, and once now (after the
/// page has hydrated); `resend` looks in the outbox itself and does nothing when it is empty.
pub fn use_resend(resend: impl Fn() + Clone + Send + Sync + 'static) {
    #[cfg(feature = "hydrate")]
    {
        let on_online = resend.clone();
        let handle = window_event_listener(leptos::ev::online, move |_| on_online());
        on_cleanup(move || handle.remove());
        let tick = resend.clone();
        if let Ok(h) = set_interval_with_handle(move || tick(), std::time::Duration::from_secs(15)) {
            on_cleanup(move || h.clear());
        }
        Effect::new(move |_| resend());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = resend;
}
