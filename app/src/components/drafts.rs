//! Nothing typed is ever lost (issue 5 point 1, issue 9 point 1). A form hands its state to
//! `keep_draft`: every change is written at once to the browser's storage (which survives a
//! dropped network and a closed tab) and, a moment after typing stops, to the server
//! (`drafts/save`, which survives a timeout or another computer). When the form opens again the
//! draft comes back. Saving the record removes the server's copy; `forget_local` the browser's.

use crate::api::drafts::{discard_draft, get_draft, save_draft, DraftSaved};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The browser's copy of drafts is kept under this prefix; signing out clears them all.
pub const LOCAL_PREFIX: &str = "fd-draft:";

/// Where a draft belongs.
#[derive(Clone, Debug)]
pub struct DraftPlace {
    pub form_key: String,
    pub title: String,
    pub path: String,
    pub record_kind: &'static str,
    pub record_id: String,
}

/// What the user is told about their draft.
#[derive(Clone, Debug, PartialEq)]
pub enum DraftState {
    Nothing,
    Restored,
    SavedOnServer,
    /// The server could not be reached: kept in this browser until it can.
    KeptLocally,
}

impl DraftState {
    pub fn message(&self) -> &'static str {
        match self {
            DraftState::Nothing => "",
            DraftState::Restored => "Your unsaved work has been put back.",
            DraftState::SavedOnServer => "Draft saved.",
            DraftState::KeptLocally => "No connection: your draft is kept on this computer and will be saved when the connection returns.",
        }
    }
}

/// Keeps `state` as a draft and calls `restore` once with a draft found when the form opens.
/// Returns the state to show the user.
pub fn keep_draft<T>(place: DraftPlace, state: Signal<T>, restore: impl Fn(T) + Send + Sync + 'static) -> RwSignal<DraftState>
where
    T: Serialize + DeserializeOwned + Clone + PartialEq + Send + Sync + 'static,
{
    let status = RwSignal::new(DraftState::Nothing);
    keep_draft_into(place, state, restore, status);
    status
}

/// `keep_draft` for a form that starts keeping only once its record has loaded and filled it
/// in (so the filling is not taken for typing): the page owns `status` from the start.
pub fn keep_draft_into<T>(place: DraftPlace, state: Signal<T>, restore: impl Fn(T) + Send + Sync + 'static, status: RwSignal<DraftState>)
where
    T: Serialize + DeserializeOwned + Clone + PartialEq + Send + Sync + 'static,
{
    let ready = RwSignal::new(false);
    let place = StoredValue::new(place);
    let restore = StoredValue::new(restore);
    // What the draft holds now: a change is kept only if it differs (restoring is not a change).
    let baseline = StoredValue::new(None::<String>);
    // The form as it opened (blank): going back to it, as after saving, keeps no draft.
    let blank = StoredValue::new(None::<String>);
    // Whether a copy may be on the server (a save was started, or a draft came back from it).
    let on_server = StoredValue::new(false);
    // Restore first, then start keeping. The browser's copy is written on every change and the
    // server's a moment later, so on this computer the browser's is never older; on another
    // computer only the server's exists.
    Effect::new(move |_| {
        let key = place.with_value(|p| p.form_key.clone());
        // The form as it opened: anything typed while the server is asked for a draft differs
        // from it, so it is kept, and a draft never overwrites it.
        let opened = serde_json::to_string(&state.get_untracked()).ok();
        blank.set_value(opened.clone());
        leptos::task::spawn_local(async move {
            let data = match read_local(&key) {
                Some(local) => Some(local),
                None => get_draft(key.clone()).await.ok().flatten().map(|d| d.data),
            };
            let untouched = serde_json::to_string(&state.get_untracked()).ok() == opened;
            match data.and_then(|d| serde_json::from_str::<T>(&d).ok()) {
                Some(value) if untouched => {
                    on_server.set_value(true);
                    restore.with_value(|r| r(value));
                    status.set(DraftState::Restored);
                    baseline.set_value(serde_json::to_string(&state.get_untracked()).ok());
                }
                _ => baseline.set_value(opened),
            }
            ready.set(true);
        });
    });
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let value = state.get();
        if !ready.get() {
            return;
        }
        let Ok(data) = serde_json::to_string(&value) else { return };
        if baseline.with_value(|b| b.as_deref() == Some(data.as_str())) {
            return;
        }
        baseline.set_value(Some(data.clone()));
        let p = place.get_value();
        if let Some(h) = pending.get_value() {
            h.clear();
        }
        if blank.with_value(|b| b.as_deref() == Some(data.as_str())) {
            forget_local(&p.form_key);
            status.set(DraftState::Nothing);
            if on_server.get_value() {
                on_server.set_value(false);
                leptos::task::spawn_local(async move {
                    let _ = discard_draft(p.form_key).await;
                });
            }
            return;
        }
        write_local(&p.form_key, &data);
        let handle = set_timeout_with_handle(
            move || {
                on_server.set_value(true);
                leptos::task::spawn_local(async move {
                    let saved = save_draft(p.form_key.clone(), p.record_kind.to_string(), p.record_id.clone(), p.title.clone(), p.path.clone(), data).await;
                    status.set(match saved {
                        Ok(DraftSaved::Saved) => DraftState::SavedOnServer,
                        _ => DraftState::KeptLocally,
                    });
                });
            },
            std::time::Duration::from_millis(700),
        );
        pending.set_value(handle.ok());
    });
}

/// Removes the browser's copy (the server removes its own when the record is saved).
pub fn forget_local(form_key: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.remove_item(&format!("{LOCAL_PREFIX}{form_key}"));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = form_key;
}

/// Whose work the browser's copies are (not under `LOCAL_PREFIX`, so signing out keeps it).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const OWNER_KEY: &str = "fd-draft-owner";

/// Called on signing in. The same person (back after a timeout) keeps their copies, so the
/// page they return to puts their work back; anyone else signing in on this computer starts
/// with none, so one person's words are never put in front of another.
pub fn claim_local_for(username: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        if s.get_item(OWNER_KEY).ok().flatten().as_deref() != Some(username) {
            forget_all_local();
            let _ = s.set_item(OWNER_KEY, username);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = username;
}

/// Signing out leaves nothing of anyone's work in this browser.
pub fn forget_all_local() {
    #[cfg(feature = "hydrate")]
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let n = s.length().unwrap_or(0);
        let keys: Vec<String> = (0..n).filter_map(|i| s.key(i).ok().flatten()).filter(|k| k.starts_with(LOCAL_PREFIX)).collect();
        for k in keys {
            let _ = s.remove_item(&k);
        }
    }
}

fn write_local(form_key: &str, data: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(&format!("{LOCAL_PREFIX}{form_key}"), data);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (form_key, data);
}

fn read_local(form_key: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.local_storage().ok().flatten())
            .and_then(|s| s.get_item(&format!("{LOCAL_PREFIX}{form_key}")).ok().flatten())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = form_key;
        None
    }
}

/// The line under a form that says where the draft is.
#[component]
pub fn DraftStatus(state: RwSignal<DraftState>) -> impl IntoView {
    view! {
        <p class="govuk-body-s fd-meta" aria-live="polite" data-testid="draft-status">{move || state.get().message()}</p>
    }
}
