//! The timeout warning (issue 9; WCAG 2.2.1 Timing Adjustable, the GOV.UK/HMRC timeout
//! pattern). In the staff frame, the browser asks `session/clock` how long the session has
//! left (asking is not activity) and asks again when the warning is due, since work in this
//! or another tab may have moved the end. When `warn_secs` are left a modal dialog takes focus
//! and says when the user will be signed out; "Stay signed in" (or Escape) calls
//! `session/extend`. If the session ends anyway, the page goes to sign in with this page as
//! `next`; drafts are kept (`components::drafts`), so signing in again brings the work back.

use crate::api::session::{extend_session, session_clock, SessionTime};
use leptos::html;
use leptos::prelude::*;

/// "2 minutes", "1 minute 5 seconds", "40 seconds".
pub fn words_for(seconds: i64) -> String {
    let s = seconds.max(0);
    let (m, r) = (s / 60, s % 60);
    let unit = |n: i64, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    match (m, r) {
        (0, r) => unit(r, "second"),
        (m, 0) => unit(m, "minute"),
        (m, r) => format!("{} {}", unit(m, "minute"), unit(r, "second")),
    }
}

#[derive(Clone, Copy)]
struct Timer {
    shown: RwSignal<bool>,
    left: RwSignal<i64>,
    can_extend: RwSignal<bool>,
    /// When the session ends, in the page's `performance.now()` milliseconds.
    end_ms: StoredValue<f64>,
    pending: StoredValue<Option<TimeoutHandle>>,
    ticking: StoredValue<Option<IntervalHandle>>,
    dialog: NodeRef<html::Div>,
}

#[component]
pub fn SessionTimeout() -> impl IntoView {
    let t = Timer {
        shown: RwSignal::new(false),
        left: RwSignal::new(0),
        can_extend: RwSignal::new(true),
        end_ms: StoredValue::new(0.0),
        pending: StoredValue::new(None),
        ticking: StoredValue::new(None),
        dialog: NodeRef::new(),
    };
    // Effects run only in the browser, once hydrated.
    Effect::new(move |_| check(t));
    on_cleanup(move || {
        if let Some(h) = t.pending.get_value() {
            h.clear();
        }
        if let Some(h) = t.ticking.get_value() {
            h.clear();
        }
    });
    // Focus moves into the dialog when it opens, so it is announced and the keyboard is there.
    Effect::new(move |_| {
        if t.shown.get() {
            if let Some(el) = t.dialog.get() {
                let _ = el.focus();
            }
        }
    });

    let stay = move || {
        leptos::task::spawn_local(async move {
            match extend_session().await {
                Ok(c) => {
                    t.shown.set(false);
                    stop_ticking(t);
                    plan(t, c);
                }
                Err(_) => ended(),
            }
        });
    };
    let sign_out = move || {
        leptos::task::spawn_local(async move {
            crate::components::drafts::forget_all_local();
            let _ = crate::api::auth::sign_out().await;
            super::go_to("/sign-in?signed-out=1");
        });
    };
    let keys = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            stay();
        } else if ev.key() == "Tab" {
            // Keep the keyboard inside the dialog while it is open.
            trap_tab(&ev, t.dialog);
        }
    };

    view! {
        <Show when=move || t.shown.get()>
            <div class="fd-timeout__overlay" aria-hidden="true"></div>
            <div class="fd-timeout" role="alertdialog" aria-modal="true" aria-labelledby="fd-timeout-heading" aria-describedby="fd-timeout-text"
                tabindex="-1" node_ref=t.dialog on:keydown=keys data-testid="timeout-warning">
                <h2 class="govuk-heading-m" id="fd-timeout-heading">"You are about to be signed out"</h2>
                <p class="govuk-body" id="fd-timeout-text">
                    {move || if t.can_extend.get() {
                        format!("For your security, you will be signed out in {} if you do nothing. Anything you have typed is kept as a draft.", words_for(t.left.get()))
                    } else {
                        format!("You have been signed in for the longest time allowed and will be signed out in {}. Anything you have typed is kept as a draft: sign in again to carry on.", words_for(t.left.get()))
                    }}
                </p>
                <div class="govuk-button-group">
                    {move || t.can_extend.get().then(|| view! {
                        <button type="button" class="govuk-button" data-module="govuk-button" data-testid="stay-signed-in" on:click=move |_| stay()>"Stay signed in"</button>
                    })}
                    <button type="button" class="fd-link-button" data-testid="timeout-sign-out" on:click=move |_| sign_out()>"Sign out"</button>
                </div>
            </div>
        </Show>
    }
    // Type-erased: the staff frame's view type is otherwise too deep for the compiler.
    .into_any()
}

/// Asks the server how long is left, then plans the next step.
fn check(t: Timer) {
    leptos::task::spawn_local(async move {
        match session_clock().await {
            Ok(c) => plan(t, c),
            Err(crate::error::AppError::Unauthenticated) => ended(),
            // A dropped connection: ask again shortly rather than sign anyone out.
            Err(_) => after(t, 15, move || check(t)),
        }
    });
}

fn plan(t: Timer, c: SessionTime) {
    if c.warn_secs <= 0 {
        // The warning is turned off: the page behaves as before (the next request finds the
        // session ended and goes to sign in).
        return;
    }
    t.end_ms.set_value(now_ms() + (c.seconds_left as f64) * 1000.0);
    t.can_extend.set(c.can_extend);
    if c.seconds_left <= 0 {
        // Less than a second left: the server says when it has ended (401 → `ended`).
        after(t, 1, move || check(t));
    } else if c.seconds_left <= c.warn_secs {
        show(t);
    } else {
        t.shown.set(false);
        stop_ticking(t);
        // Ask again when the warning is due: activity may have moved the end by then.
        after(t, c.seconds_left - c.warn_secs, move || check(t));
    }
}

fn show(t: Timer) {
    tick(t);
    t.shown.set(true);
    if t.ticking.get_value().is_none() {
        let h = set_interval_with_handle(move || tick(t), std::time::Duration::from_secs(1)).ok();
        t.ticking.set_value(h);
    }
}

fn tick(t: Timer) {
    let left = ((t.end_ms.get_value() - now_ms()) / 1000.0).ceil() as i64;
    t.left.set(left.max(0));
    if left <= 0 {
        stop_ticking(t);
        // The server decides: another tab may have kept the session alive.
        check(t);
    }
}

fn stop_ticking(t: Timer) {
    if let Some(h) = t.ticking.get_value() {
        h.clear();
    }
    t.ticking.set_value(None);
}

fn after(t: Timer, seconds: i64, f: impl FnOnce() + 'static) {
    if let Some(h) = t.pending.get_value() {
        h.clear();
    }
    let h = set_timeout_with_handle(f, std::time::Duration::from_secs(seconds.max(1) as u64)).ok();
    t.pending.set_value(h);
}

/// The session has ended: sign in again and come back to this page.
fn ended() {
    let next = super::current_path();
    // The same address the server's middleware sends an ended session to.
    super::go_to(&format!("/sign-in?next={}&ended=1", super::errors::encode(&next)));
}

fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}

fn trap_tab(ev: &leptos::ev::KeyboardEvent, dialog: NodeRef<html::Div>) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(d) = dialog.get() else { return };
        let Ok(list) = d.query_selector_all("button, a[href]") else { return };
        let items: Vec<web_sys::HtmlElement> = (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into().ok()).collect();
        let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
        let active = web_sys::window().and_then(|w| w.document()).and_then(|doc| doc.active_element());
        let at = |el: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>());
        let on_dialog = active.as_ref().is_some_and(|a| a == d.unchecked_ref::<web_sys::Element>());
        if ev.shift_key() && (at(first) || on_dialog) {
            ev.prevent_default();
            let _ = last.focus();
        } else if !ev.shift_key() && at(last) {
            ev.prevent_default();
            let _ = first.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, dialog);
}

#[cfg(test)]
mod tests {
    use super::words_for;

    #[test]
    fn time_left_in_words() {
        assert_eq!(words_for(120), "2 minutes");
        assert_eq!(words_for(65), "1 minute 5 seconds");
        assert_eq!(words_for(1), "1 second");
        assert_eq!(words_for(-3), "0 seconds");
    }
}
