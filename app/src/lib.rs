//! Frontdoor's Leptos application: pages, components and server functions. Compiled twice: with
//! `ssr` into the server (rendering HTML and running server functions) and with `hydrate` into
//! the browser's WASM bundle. Shared rules come from the `domain` crate.

#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod error;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};
use pages::*;

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en" class="govuk-template govuk-template--rebranded">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                <meta name="theme-color" content="#0b0c0c"/>
                <link rel="stylesheet" href="/pkg/frontdoor.css"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <AutoReload options=options.clone()/>
                // Public pages are complete HTML and CSS: they never load the WASM bundle.
                {(!pages::public::is_public_path(&request_path())).then(|| view! { <HydrationScripts options/> })}
                <MetaTags/>
            </head>
            <body class="govuk-template__body">
                <App/>
            </body>
        </html>
    }
}

/// The path of the request being rendered (on the server; empty in the browser).
fn request_path() -> String {
    use_context::<http::request::Parts>().map(|p| p.uri.path().to_string()).unwrap_or_default()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Effects run only in the browser, after hydration: browser tests wait for this marker
    // before they click, so no click lands on a page that is not yet interactive.
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
    view! {
        <Title formatter=|text: String| format!("{text} – Children's Front Door")/>
        <Router>
            <Routes fallback=not_found::NotFound>
                <Route path=path!("/sign-in") view=sign_in::SignInPage/>
                <ParentRoute path=path!("/staff") view=crate::components::StaffLayout>
                    <Route path=path!("") view=home::HomePage/>
                    // Rendered whole before it is sent, so the GET form works without JavaScript.
                    <Route path=path!("search") view=search::SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("people/:id") view=record::PersonPage/>
                    <Route path=path!("contacts/:id") view=record::ContactPage/>
                    <Route path=path!("records/:kind/:id/access-history") view=access_history::AccessHistoryPage/>
                    <Route path=path!("account/password") view=password::ChangePasswordPage/>
                    <Route path=path!("admin/users") view=admin_users::UsersPage/>
                    <Route path=path!("admin/users/new") view=admin_users::UserEditPage/>
                    <Route path=path!("admin/users/:id") view=admin_users::UserEditPage/>
                    <Route path=path!("admin/teams") view=admin_teams::TeamsPage/>
                    <Route path=path!("inbox") view=inbox::InboxPage/>
                    <Route path=path!("inbox/upload") view=inbox::InboxUploadPage/>
                    <Route path=path!("inbox/:id") view=inbox_item::InboxItemPage/>
                    <Route path=path!("worklists") view=worklists::WorklistsPage/>
                    <Route path=path!("exports") view=exports::ExportsPage/>
                    <Route path=path!("performance") view=performance::PerformancePage/>
                    <Route path=path!("performance/contacts") view=performance::PerformanceContactsPage/>
                    <Route path=path!("performance/ehas") view=performance::PerformanceEhasPage/>
                    <Route path=path!("calls/new") view=call::NewCallPage/>
                    <Route path=path!("calls/:id") view=call::CallPage/>
                    <Route path=path!("hand-back") view=call::HandBackPage/>
                    <Route path=path!("admin/content") view=admin_content::ContentPage/>
                    <Route path=path!("admin/content/:slug") view=admin_content::ContentEditPage/>
                    <Route path=path!("admin/rules") view=admin_rules::AdminRulesPage/>
                    <Route path=path!("rules") view=rules::RulesPage/>
                    <Route path=path!("rules/:kind/:version") view=rules::RuleVersionPage/>
                    <Route path=path!("people/:id/chronology") view=chronology::ChronologyPage/>
                    <Route path=path!("communications") view=communications::CommunicationsPage/>
                    <Route path=path!("communications/:id") view=communications::LetterPage/>
                    <Route path=path!("admin/letters") view=admin_letters::LettersPage/>
                    <Route path=path!("admin/letters/:kind") view=admin_letters::LetterEditPage/>
                    <Route path=path!("admin/secure-addresses") view=information_requests::SecureAddressesPage/>
                    <Route path=path!("information-requests") view=information_requests::IrrFolderPage/>
                    <Route path=path!("early-help") view=early_help::EarlyHelpDeskPage/>
                    <Route path=path!("early-help/new") view=early_help::EhaNewPage/>
                    <Route path=path!("early-help/phone-call") view=early_help::EhaPhoneCallPage/>
                    <Route path=path!("early-help/reports") view=early_help::EhaReportsPage/>
                    <Route path=path!("early-help/:id") view=early_help::EhaEpisodePage/>
                    <Route path=path!("admin/early-help") view=early_help::EhaSettingsPage/>
                    <Route path=path!("information-requests/new") view=information_requests::IrrNewPage/>
                    <Route path=path!("information-requests/ofsted") view=information_requests::OfstedCheckPage/>
                    <Route path=path!("information-requests/:id") view=information_requests::IrrRequestPage/>
                    <Route path=path!("mash-log") view=mash_log::MashLogPage/>
                    <Route path=path!("mash-log/new") view=mash_log::MashNewPage/>
                    <Route path=path!("mash-log/:id") view=mash_log::MashNotificationPage/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
