//! Finding the child while the caller talks: the person index's picker, adding each child found
//! (or created after a search) to the call. INTEGRATION PENDING: replaced by the person index's
//! `PersonPicker` when that branch lands; until then children cannot be added from the console.

use leptos::prelude::*;

#[component]
pub fn ChildLookup(chosen: RwSignal<Vec<(String, String)>>) -> impl IntoView {
    let _ = chosen;
}
