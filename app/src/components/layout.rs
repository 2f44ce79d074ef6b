//! The page frame: skip link, Generic header (no GOV.UK crown, logo or font), service navigation,
//! main content and footer; the staff frame adds the search box (`header_search`), who is
//! signed in, a sign-out button and the timeout warning (`session_timeout`).

use crate::api::auth::{who_am_i, SignOut};
use crate::components::{go_to, ErrorNotice};
use domain::roles::RoleSet;
use leptos::prelude::*;
use leptos_router::components::Outlet;

pub const SERVICE_NAME: &str = "Children's Front Door";

#[component]
pub fn SiteHeader(#[prop(default = "/")] home: &'static str, children: Children) -> impl IntoView {
    view! {
        <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">"Skip to main content"</a>
        <header class="govuk-generic-header" role="banner">
            <div class="govuk-generic-header__container govuk-width-container">
                <div class="govuk-generic-header__logo">
                    <a href=home class="govuk-generic-header__homepage-link">"Frontdoor"</a>
                </div>
            </div>
        </header>
        <section aria-label="Service information" class="govuk-service-navigation" data-module="govuk-service-navigation">
            <div class="govuk-width-container">
                <div class="govuk-service-navigation__container">
                    <span class="govuk-service-navigation__service-name">
                        <a href=home class="govuk-service-navigation__link">{SERVICE_NAME}</a>
                    </span>
                    {children()}
                </div>
            </div>
        </section>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="govuk-footer" role="contentinfo">
            <div class="govuk-width-container">
                <div class="govuk-footer__meta">
                    <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
                        <h2 class="govuk-visually-hidden">"Support links"</h2>
                        <ul class="govuk-footer__inline-list">
                            <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/" rel="external">"Public information"</a></li>
                            <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/sign-in">"Staff sign in"</a></li>
                        </ul>
                    </div>
                </div>
            </div>
        </footer>
    }
}

#[component]
pub fn PublicLayout(children: Children) -> impl IntoView {
    view! {
        <SiteHeader>{()}</SiteHeader>
        <div class="govuk-width-container">
            <main class="govuk-main-wrapper" id="main-content">{children()}</main>
        </div>
        <Footer/>
    }
}

/// The frame of every staff page. The server's middleware has already sent anyone without a
/// session to the sign-in page; this also handles a session that ends while the page is open.
#[component]
pub fn StaffLayout() -> impl IntoView {
    let me = Resource::new(|| (), |_| who_am_i());
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if sign_out.value().get().is_some() {
            go_to("/sign-in?signed-out=1");
        }
    });

    let nav = move || {
        Suspend::new(async move {
            match me.await {
                Ok(Some(me)) => {
                    let is_admin = me.user.can_administer();
                    let works = me.user.can_open_case_records();
                    view! {
                        <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
                            <ul class="govuk-service-navigation__list" id="navigation">
                                <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/staff">"Home"</a></li>
                                {works.then(|| view! {
                                    <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/staff/worklists">"Worklists"</a></li>
                                })}
                                {(me.user.has_role(domain::Role::ReferralAndAdviceOfficer) || me.user.has_role(domain::Role::CassSocialWorker)).then(|| view! {
                                    <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/staff/calls/new">"Take a call"</a></li>
                                })}
                                {me.user.has_role(domain::Role::EmergencyDutyTeam).then(|| view! {
                                    <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/staff/hand-back">"Hand back to CASS"</a></li>
                                })}
                                {crate::api::inbox::may_work_inbox(&me.user).then(|| view! {
                                    <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/staff/inbox">"CASS inbox"</a></li>
                                })}
                                {domain::information_requests::may_read(&me.user.roles).then(|| view! {
                                    <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/staff/information-requests" data-testid="nav-irr">"Information requests"</a></li>
                                })}
                                {domain::early_help::may_read(&me.user.roles).then(|| view! {
                                    <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/staff/early-help" data-testid="nav-eha">"Early Help desk"</a></li>
                                })}
                                {domain::mash_notifications::may_read(&me.user.roles).then(|| view! {
                                    <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/staff/mash-log" data-testid="nav-mash">"MASH Log"</a></li>
                                })}
                                {domain::letters::works_communications(&me.user.roles).then(|| view! {
                                    <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/staff/communications">"Letters"</a></li>
                                })}
                                {(is_admin || me.user.can_view_access_history()).then(|| view! {
                                    <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/staff/rules">"Rules"</a></li>
                                })}
                                {me.user.can_export_returns().then(|| view! {
                                    <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/staff/performance">"Performance"</a></li>
                                    <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/staff/exports">"Exports"</a></li>
                                })}
                                {is_admin.then(|| view! {
                                    <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/staff/admin/users">"Users"</a></li>
                                    <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/staff/admin/teams">"Teams"</a></li>
                                    <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/staff/admin/content">"Public pages"</a></li>
                                    <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/staff/admin/letters">"Letter templates"</a></li>
                                    <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/staff/admin/secure-addresses">"Secure addresses"</a></li>
                                    <li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="/staff/admin/rules">"Rules admin"</a></li>
                                })}
                            </ul>
                        </nav>
                    }
                    .into_any()
                }
                _ => ().into_any(),
            }
        })
    };

    let user_bar = move || {
        Suspend::new(async move {
            match me.await {
                Ok(Some(me)) => view! {
                    <div class="fd-user-bar" data-testid="user-bar">
                        <span>"Signed in as "<span class="fd-user-bar__name" data-testid="signed-in-name">{me.user.display_name.clone()}</span></span>
                        <span class="fd-meta">{me.user.role_labels()}</span>
                        <a class="govuk-link" href="/staff/account/password">"Change password"</a>
                        <button type="button" class="fd-link-button" data-testid="sign-out" on:click=move |_| { crate::components::drafts::forget_all_local(); sign_out.dispatch(SignOut {}); }>
                            "Sign out"
                        </button>
                    </div>
                }
                .into_any(),
                Ok(None) => view! { <ErrorNotice error=crate::error::AppError::Unauthenticated/> }.into_any(),
                Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
            }
        })
    };

    let stamp = move || {
        Suspend::new(async move {
            me.await.ok().flatten().map(|me| view! { <crate::components::print_button::PrintStamp name=me.user.display_name.clone()/> })
        })
    };

    view! {
        <SiteHeader home="/staff">
            <Suspense fallback=|| ()>{nav}</Suspense>
        </SiteHeader>
        <div class="govuk-width-container">
            <div class="fd-staff-bar">
                <crate::components::header_search::HeaderSearch/>
                <Suspense fallback=|| ()>{user_bar}</Suspense>
            </div>
            <main class="govuk-main-wrapper" id="main-content">
                <Suspense fallback=|| ()>{stamp}</Suspense>
                <Outlet/>
            </main>
        </div>
        <crate::components::session_timeout::SessionTimeout/>
        <Footer/>
    }
}
