use crate::error::AppError;
use domain::FieldError;
use leptos::html;
use leptos::prelude::*;

/// The GOV.UK error summary: a list of problems linking to their fields, focused when it appears
/// so screen-reader and keyboard users land on it.
#[component]
pub fn ErrorSummary(#[prop(into)] errors: Signal<Vec<FieldError>>) -> impl IntoView {
    let node = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if !errors.get().is_empty() {
            if let Some(el) = node.get() {
                let _ = el.focus();
            }
        }
    });
    view! {
        <Show when=move || !errors.get().is_empty()>
            <div class="govuk-error-summary" data-module="govuk-error-summary" tabindex="-1" node_ref=node>
                <div role="alert">
                    <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                    <div class="govuk-error-summary__body">
                        <ul class="govuk-list govuk-error-summary__list">
                            {move || {
                                errors
                                    .get()
                                    .into_iter()
                                    .map(|e| {
                                        let href = format!("#{}", e.field);
                                        let field = e.field.clone();
                                        view! {
                                            <li>
                                                <a href=href on:click=move |ev| {
                                                    ev.prevent_default();
                                                    focus_field(&field);
                                                }>{e.message}</a>
                                            </li>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </ul>
                    </div>
                </div>
            </div>
        </Show>
    }
}

/// Moves focus to the field a summary link names, as GOV.UK's error summary script does (the
/// router would otherwise treat the `#id` link as a navigation and leave focus where it was).
fn focus_field(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            el.scroll_into_view();
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// What to show when a server function refused or failed. An ended session sends the user to
/// sign in again and brings them back here afterwards.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    match error {
        AppError::Unauthenticated => {
            let path = super::current_path();
            let href = format!("/sign-in?ended=1&next={}", encode(&path));
            Effect::new({
                let href = href.clone();
                move |_| super::go_to(&href)
            });
            view! {
                <h1 class="govuk-heading-l">"You have been signed out"</h1>
                <p class="govuk-body">"Your session ended. " <a class="govuk-link" href=href>"Sign in again"</a> " to carry on."</p>
            }
            .into_any()
        }
        AppError::PasswordChangeRequired => {
            Effect::new(move |_| super::go_to("/staff/account/password"));
            view! {
                <h1 class="govuk-heading-l">"Change your password"</h1>
                <p class="govuk-body"><a class="govuk-link" href="/staff/account/password">"Choose your own password"</a> " before you continue."</p>
            }
            .into_any()
        }
        AppError::Forbidden => view! {
            <h1 class="govuk-heading-l">"You do not have access to this page"</h1>
            <p class="govuk-body">"Your roles do not allow this. If you need access, ask your manager or an administrator."</p>
            <p class="govuk-body"><a class="govuk-link" href="/staff">"Go to your home page"</a></p>
        }
        .into_any(),
        AppError::NotFound => view! {
            <h1 class="govuk-heading-l">"Page not found"</h1>
            <p class="govuk-body">"If you typed the web address, check it is correct. If you followed a link, the record may have been moved or merged."</p>
            <p class="govuk-body"><a class="govuk-link" href="/staff">"Go to your home page"</a></p>
        }
        .into_any(),
        AppError::Internal { request_id } => view! {
            <h1 class="govuk-heading-l">"Sorry, there is a problem with the service"</h1>
            <p class="govuk-body">"Try again later. Nothing you entered has been lost from this page."</p>
            <p class="govuk-body">"If it keeps happening, tell the service desk this reference: " <strong class="fd-request-id">{request_id}</strong></p>
        }
        .into_any(),
        AppError::Unreachable(_) => view! {
            <h1 class="govuk-heading-l">"The service could not be reached"</h1>
            <p class="govuk-body">"Check your connection and try again. Nothing you entered has been lost from this page."</p>
        }
        .into_any(),
    }
}

/// Percent-encodes a path for use inside a query string.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
