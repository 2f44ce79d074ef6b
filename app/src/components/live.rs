//! Live pages (issue 8 point 1): `use_live_updates` opens the server-sent events stream
//! (`/staff/events`) in the browser and calls back whenever work items changed on any server
//! instance, and again when a dropped connection comes back (changes may have been missed); the
//! browser's offline and online events close and reopen the stream at once.
//! `LiveStatus` says, politely to screen readers, whether the page is live. `DueClock` counts
//! down to a stored deadline and is redrawn every 30 seconds; the deadline itself is the server's.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveState {
    /// Rendered on the server, or before the stream opens.
    Starting,
    Live,
    Reconnecting,
}

/// Calls `on_change` when work changes; the returned signal says how the stream is.
pub fn use_live_updates(on_change: Callback<()>) -> RwSignal<LiveState> {
    let state = RwSignal::new(LiveState::Starting);
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        type Listener = Closure<dyn FnMut(web_sys::Event)>;
        let was_live = StoredValue::new(false);
        // Opens the stream with its listeners (kept alive beside it).
        let open = move || -> Option<(web_sys::EventSource, [Listener; 3])> {
            let es = web_sys::EventSource::new("/staff/events").ok()?;
            let on_ready = Listener::new(move |_| {
                // A reconnection: anything that changed while we were away is fetched now.
                if was_live.get_value() {
                    on_change.run(());
                }
                was_live.set_value(true);
                state.set(LiveState::Live);
            });
            let on_work = Listener::new(move |_| on_change.run(()));
            let on_error = Listener::new(move |_| state.set(LiveState::Reconnecting));
            let _ = es.add_event_listener_with_callback("ready", on_ready.as_ref().unchecked_ref());
            let _ = es.add_event_listener_with_callback("work", on_work.as_ref().unchecked_ref());
            let _ = es.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
            Some((es, [on_ready, on_work, on_error]))
        };
        let stream = StoredValue::new_local(open());
        let close = move || stream.update_value(|s| if let Some((es, _)) = s.take() { es.close() });
        // A tablet that loses its network says so at once (the stream's own retry can take a
        // while to notice a dead connection) and opens a fresh stream when the network returns,
        // whose `ready` fetches what was missed.
        let on_offline = Listener::new(move |_| {
            close();
            state.set(LiveState::Reconnecting);
        });
        let on_online = Listener::new(move |_| {
            close();
            let fresh = open();
            stream.update_value(|s| *s = fresh);
        });
        if let Some(w) = web_sys::window() {
            let _ = w.add_event_listener_with_callback("offline", on_offline.as_ref().unchecked_ref());
            let _ = w.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        }
        let network = StoredValue::new_local((on_offline, on_online));
        on_cleanup(move || {
            if let Some(w) = web_sys::window() {
                network.with_value(|(off, on)| {
                    let _ = w.remove_event_listener_with_callback("offline", off.as_ref().unchecked_ref());
                    let _ = w.remove_event_listener_with_callback("online", on.as_ref().unchecked_ref());
                });
            }
            close();
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = on_change;
    state
}

#[component]
pub fn LiveStatus(state: RwSignal<LiveState>) -> impl IntoView {
    view! {
        <p class="govuk-body-s fd-live-status" role="status" data-testid="live-status" data-state=move || format!("{:?}", state.get()).to_lowercase()>
            {move || match state.get() {
                LiveState::Starting => "",
                LiveState::Live => "Live: changes by anyone appear here as they happen.",
                LiveState::Reconnecting => "Reconnecting: this page will update when the connection returns.",
            }}
        </p>
    }
}

/// "in 3 hours 5 minutes" or "overdue by 20 minutes", from a deadline in Unix milliseconds.
pub fn due_words(due_ms: i64, now_ms: i64) -> String {
    let mins = (due_ms - now_ms) / 60_000;
    let span = |m: i64| {
        let (d, h, m) = (m / 1440, (m % 1440) / 60, m % 60);
        let part = |n: i64, unit: &str| if n == 1 { format!("1 {unit}") } else { format!("{n} {unit}s") };
        match (d, h) {
            (0, 0) => part(m, "minute"),
            (0, _) => format!("{} {}", part(h, "hour"), part(m, "minute")),
            _ => format!("{} {}", part(d, "day"), part(h, "hour")),
        }
    };
    if mins >= 0 { format!("in {}", span(mins)) } else { format!("overdue by {}", span(-mins)) }
}

/// Now in Unix milliseconds: the browser's clock (chrono has none in WASM), or the server's.
fn now_ms() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window().and_then(|w| w.performance()).map(|p| (p.time_origin() + p.now()) as i64).unwrap_or(0)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        chrono::Utc::now().timestamp_millis()
    }
}

/// Now, in Unix milliseconds, ticking every 30 seconds in the browser.
pub fn use_clock() -> ReadSignal<i64> {
    let (now, set_now) = signal(now_ms());
    #[cfg(feature = "hydrate")]
    {
        if let Ok(handle) = set_interval_with_handle(move || set_now.set(now_ms()), std::time::Duration::from_secs(30)) {
            on_cleanup(move || handle.clear());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = set_now;
    now
}

#[component]
pub fn DueClock(due_ms: i64, now: ReadSignal<i64>) -> impl IntoView {
    view! { <span class="govuk-body-s fd-due-clock" data-testid="due-clock">{move || due_words(due_ms, now.get())}</span> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_read_as_people_say_them() {
        let m = 60_000;
        assert_eq!(due_words(5 * m, 0), "in 5 minutes");
        assert_eq!(due_words(185 * m, 0), "in 3 hours 5 minutes");
        assert_eq!(due_words((2 * 1440 + 61) * m, 0), "in 2 days 1 hour");
        assert_eq!(due_words(0, 20 * m), "overdue by 20 minutes");
        assert_eq!(due_words(0, 61 * m), "overdue by 1 hour 1 minute");
    }
}
