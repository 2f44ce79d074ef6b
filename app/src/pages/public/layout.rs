//! The frame of every public page: a complete HTML document with GOV.UK's template, the skip
//! links, the Generic header with the public service navigation, "Exit this page", and the
//! footer. No WASM and no hydration: HTML, the stylesheet, and our own small deferred scripts.

use leptos::prelude::*;

use super::defaults::PAGES;

/// Where "Exit this page" goes: a neutral site, as GOV.UK's guidance suggests.
pub const EXIT_URL: &str = "https://www.bbc.co.uk/weather";
pub const SERVICE_NAME: &str = crate::components::layout::SERVICE_NAME;

/// The GOV.UK "Exit this page" button. Without JavaScript it is a plain link to a neutral site;
/// `/exit-this-page.js` makes it replace the page and its history entry, and adds Shift × 3.
#[component]
pub fn ExitThisPage() -> impl IntoView {
    view! {
        <div class="govuk-exit-this-page" data-module="govuk-exit-this-page" data-testid="exit-this-page">
            <a href=EXIT_URL role="button" draggable="false"
                class="govuk-button govuk-button--warning govuk-exit-this-page__button govuk-js-exit-this-page-button"
                data-module="govuk-button" rel="nofollow noreferrer">
                <span class="govuk-visually-hidden">"Emergency"</span>" Exit this page"
            </a>
        </div>
    }
}

/// `current` is the path of the page, to mark the navigation item.
#[component]
pub fn PublicFrame(#[prop(into)] current: String, children: Children) -> impl IntoView {
    let nav: Vec<(String, &'static str)> = PAGES
        .iter()
        .filter(|p| matches!(p.slug, "what-to-expect" | "ask-for-support" | "out-of-hours"))
        .map(|p| (format!("/{}", p.slug), p.nav_label))
        .chain(std::iter::once(("/request-support".to_string(), "Request support online")))
        .collect();
    let footer: Vec<(String, &'static str)> = PAGES
        .iter()
        .filter(|p| matches!(p.slug, "privacy" | "accessibility"))
        .map(|p| (format!("/{}", p.slug), p.nav_label))
        .collect();
    view! {
        <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">"Skip to main content"</a>
        <a href=EXIT_URL class="govuk-skip-link govuk-js-exit-this-page-skiplink" rel="nofollow noreferrer">"Exit this page"</a>
        <header class="govuk-generic-header" role="banner">
            <div class="govuk-generic-header__container govuk-width-container">
                <div class="govuk-generic-header__logo">
                    <a href="/what-to-expect" class="govuk-generic-header__homepage-link">"Frontdoor"</a>
                </div>
            </div>
        </header>
        <section aria-label="Service information" class="govuk-service-navigation" data-module="govuk-service-navigation">
            <div class="govuk-width-container">
                <div class="govuk-service-navigation__container">
                    <span class="govuk-service-navigation__service-name">
                        <a href="/what-to-expect" class="govuk-service-navigation__link">{SERVICE_NAME}</a>
                    </span>
                    <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                        <ul class="govuk-service-navigation__list" id="navigation">
                            {nav.into_iter().map(|(href, label)| {
                                let active = current == href || (href == "/request-support" && current.starts_with("/request-support"));
                                let class = if active { "govuk-service-navigation__item govuk-service-navigation__item--active" } else { "govuk-service-navigation__item" };
                                view! {
                                    <li class=class>
                                        <a class="govuk-service-navigation__link" href=href aria-current=active.then_some("page")>{label}</a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </nav>
                </div>
            </div>
        </section>
        <div class="govuk-width-container">
            <ExitThisPage/>
            <main class="govuk-main-wrapper" id="main-content">{children()}</main>
        </div>
        <footer class="govuk-footer" role="contentinfo">
            <div class="govuk-width-container">
                <div class="govuk-footer__meta">
                    <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                        <h2 class="govuk-visually-hidden">"Support links"</h2>
                        <ul class="govuk-footer__inline-list">
                            {footer.into_iter().map(|(href, label)| view! {
                                <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href=href>{label}</a></li>
                            }).collect_view()}
                            <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/sign-in">"Staff sign in"</a></li>
                        </ul>
                    </div>
                </div>
            </div>
        </footer>
    }
}

/// A whole public HTML document around `body`. `scripts` are extra deferred scripts of ours.
pub fn document(title: &str, description: &str, scripts: &[&str], body: AnyView) -> String {
    let full_title = format!("{title} – {SERVICE_NAME}");
    let description = description.to_string();
    let scripts: Vec<String> = scripts.iter().map(|s| s.to_string()).collect();
    let html = view! {
        <html lang="en" class="govuk-template govuk-template--rebranded">
            <head>
                <meta charset="utf-8"/>
                <title>{full_title}</title>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                <meta name="description" content=description/>
                <meta name="theme-color" content="#0b0c0c"/>
                <link rel="stylesheet" href="/pkg/frontdoor.css"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <script src="/exit-this-page.js" defer></script>
                {scripts.into_iter().map(|s| view! { <script src=s defer></script> }).collect_view()}
            </head>
            <body class="govuk-template__body">{body}</body>
        </html>
    }
    .to_html();
    format!("<!DOCTYPE html>{html}")
}
