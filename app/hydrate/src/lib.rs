//! The browser entry point. Kept in its own tiny crate so that native builds never compile the
//! `app` crate as a `cdylib` (which doubles its link time on a 2-core machine).
// The hydrating view types nest deeply; a release build lays them out past the default limit.
#![recursion_limit = "256"]

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}

/// Re-evaluates the call screen's guidance `iterations` times in this browser, alternating one
/// answer as a call handler would, and returns the mean milliseconds per evaluation (or -1 if
/// the built-in rules do not load). `scripts/perf-guidance` calls it to record the figure.
#[wasm_bindgen]
pub fn bench_guidance(iterations: u32) -> f64 {
    use domain::rules::{Answer, Answers, RuleSet};
    let Ok(rules) = RuleSet::builtin() else { return -1.0 };
    let Some(window) = web_sys::window() else { return -1.0 };
    let Some(performance) = window.performance() else { return -1.0 };
    let mut answers = Answers::new();
    answers.set("child_missing", Answer::YesNo(false));
    answers.set("concern_areas", Answer::Choices(vec!["neglect".into(), "domestic_abuse".into()]));
    let start = performance.now();
    let mut suggested = 0usize;
    for i in 0..iterations {
        answers.set("immediate_danger", Answer::YesNo(i % 2 == 0));
        if let Ok(e) = rules.evaluate_call("cass_phone_anonymous", &answers) {
            suggested += e.guidance.drivers.len();
        }
    }
    let elapsed = performance.now() - start;
    // Use the result so the loop cannot be optimised away.
    if suggested == usize::MAX {
        return -1.0;
    }
    elapsed / f64::from(iterations.max(1))
}
