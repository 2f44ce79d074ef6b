//! The browser entry point. Kept in its own tiny crate so that native builds never compile the
//! `app` crate as a `cdylib` (which doubles its link time on a 2-core machine).

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
