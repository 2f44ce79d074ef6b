//! The guidance panel of the online Request for Support, in the browser. A thin wasm-bindgen
//! shell over `request_for_support::browser::Guide`, which is tested natively; the form's
//! script (`app/src/pages/public/enhance.js`) loads it only on pages with guidance. Built with
//! the `wasm-release` profile and `wasm-bindgen --target web` into `target/site/pkg/` by
//! `build_public_guidance` in `scripts/lib.sh`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Guide(request_for_support::browser::Guide);

#[wasm_bindgen]
impl Guide {
    /// `rules`: the rules in force as `BrowserRules` JSON; `page`: the page's `GuidancePage` JSON.
    #[wasm_bindgen(constructor)]
    pub fn new(rules: &str, page: &str) -> Result<Guide, JsError> {
        request_for_support::browser::Guide::new(rules, page).map(Guide).map_err(|e| JsError::new(&e.to_string()))
    }

    /// The panel's HTML for the form's fields (`[[name, value], …]` as JSON).
    pub fn panel(&self, fields: &str) -> Result<String, JsError> {
        self.0.panel(fields).map_err(|e| JsError::new(&e.to_string()))
    }
}
