use crate::api::auth::{ChangePassword, ChangePasswordOutcome};
use crate::components::{ErrorNotice, ErrorSummary, TextInput};
use domain::sign_in::PASSWORD_MIN_CHARS;
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let action = ServerAction::<ChangePassword>::new();
    let current = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let changed = RwSignal::new(false);
    let failure = RwSignal::new(None);

    Effect::new(move |_| match action.value().get() {
        Some(Ok(ChangePasswordOutcome::Changed)) => {
            errors.set(Vec::new());
            current.set(String::new());
            new_password.set(String::new());
            confirm.set(String::new());
            changed.set(true);
        }
        Some(Ok(ChangePasswordOutcome::Invalid { errors: e })) => errors.set(e),
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });

    view! {
        <Title text=move || if errors.get().is_empty() { "Change your password".to_string() } else { "Error: Change your password".to_string() }/>
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                {move || failure.get().map(|e| view! { <ErrorNotice error=e/> })}
                <Show when=move || changed.get()>
                    <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="changed-title" data-testid="password-changed">
                        <div class="govuk-notification-banner__header">
                            <h2 class="govuk-notification-banner__title" id="changed-title">"Success"</h2>
                        </div>
                        <div class="govuk-notification-banner__content">
                            <p class="govuk-notification-banner__heading">"Your password has been changed. You have been signed out everywhere else."</p>
                            <p class="govuk-body"><a class="govuk-notification-banner__link" href="/staff">"Go to your home page"</a></p>
                        </div>
                    </div>
                </Show>
                <ErrorSummary errors=errors/>
                <h1 class="govuk-heading-l">"Change your password"</h1>
                <form novalidate on:submit=move |ev| {
                    ev.prevent_default();
                    action.dispatch(ChangePassword {
                        current: current.get_untracked(),
                        new_password: new_password.get_untracked(),
                        confirm: confirm.get_untracked(),
                    });
                }>
                    <TextInput id="current" label="Current password" value=current errors=errors input_type="password" autocomplete="current-password" width_class="govuk-!-width-two-thirds"/>
                    <TextInput id="new_password" label="New password" value=new_password errors=errors input_type="password" autocomplete="new-password"
                        width_class="govuk-!-width-two-thirds"
                        hint=format!("Use {PASSWORD_MIN_CHARS} characters or more. A few unrelated words together make a strong password.")/>
                    <TextInput id="confirm" label="Confirm new password" value=confirm errors=errors input_type="password" autocomplete="new-password" width_class="govuk-!-width-two-thirds"/>
                    <button type="submit" class="govuk-button" disabled=move || action.pending().get()>"Change password"</button>
                </form>
            </div>
        </div>
    }
}
