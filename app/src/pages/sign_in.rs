use crate::api::auth::{SignIn, SignInOutcome};
use crate::components::{go_to, ErrorNotice, ErrorSummary, PublicLayout, TextInput};
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let next = Memo::new(move |_| query.read().get("next").unwrap_or_default());
    let ended = move || query.read().get("ended").is_some();
    let signed_out = move || query.read().get("signed-out").is_some();

    let action = ServerAction::<SignIn>::new();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None);

    Effect::new(move |_| match action.value().get() {
        Some(Ok(SignInOutcome::SignedIn { next })) => {
            // Back after a timeout: this person's drafts stay to be put back; anyone else's go.
            crate::components::drafts::claim_local_for(&domain::sign_in::normalise_username(&username.get_untracked()));
            go_to(&next)
        }
        Some(Ok(SignInOutcome::Invalid { errors: e })) => {
            password.set(String::new());
            errors.set(e);
        }
        Some(Ok(SignInOutcome::Locked { minutes })) => {
            password.set(String::new());
            errors.set(vec![FieldError::new(
                "username",
                format!("You have tried to sign in too many times. Wait {minutes} minutes, then try again."),
            )]);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });

    let title = move || if errors.get().is_empty() { "Sign in".to_string() } else { "Error: Sign in".to_string() };

    view! {
        <Title text=title/>
        <PublicLayout>
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-two-thirds">
                    {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
                    <ErrorSummary errors=errors/>
                    <Show when=ended>
                        <div class="govuk-notification-banner" role="region" aria-labelledby="ended-title" data-testid="session-ended">
                            <div class="govuk-notification-banner__header">
                                <h2 class="govuk-notification-banner__title" id="ended-title">"Important"</h2>
                            </div>
                            <div class="govuk-notification-banner__content">
                                <p class="govuk-notification-banner__heading">"You were signed out because your session ended. Sign in again to carry on."</p>
                            </div>
                        </div>
                    </Show>
                    <Show when=signed_out>
                        <crate::components::SuccessBanner message="You have signed out." testid="signed-out"/>
                    </Show>
                    <h1 class="govuk-heading-l">"Sign in"</h1>
                    <p class="govuk-body">"For staff of the Children's Advice and Support Service, MASH and the Early Help desk."</p>
                    <ActionForm action=action attr:novalidate="true" attr:data-testid="sign-in-form">
                        <input type="hidden" name="next" prop:value=move || next.get()/>
                        <TextInput id="username" label="Username" value=username errors=errors autocomplete="username" width_class="govuk-!-width-two-thirds" spellcheck_off=true/>
                        <TextInput id="password" label="Password" value=password errors=errors input_type="password" autocomplete="current-password" width_class="govuk-!-width-two-thirds"/>
                        <button type="submit" class="govuk-button" data-module="govuk-button" disabled=move || action.pending().get()>"Sign in"</button>
                    </ActionForm>
                    <p class="govuk-body">"If you have forgotten your password, ask an administrator in your team to issue a temporary one."</p>
                </div>
            </div>
        </PublicLayout>
    }
}
