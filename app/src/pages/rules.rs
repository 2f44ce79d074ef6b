//! Reading the rules: the versions in force and every uploaded version, and one version in full
//! (the threshold framework's levels and indicators, or the scripts' questions). Older decisions
//! link here to the version they were made under.

use crate::api::rules::{rule_version, rule_versions, RuleDoc, VersionRow};
use crate::components::ErrorNotice;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RulesPage() -> impl IntoView {
    let versions = Resource::new(|| (), |_| rule_versions());
    view! {
        <Title text="Threshold guidance and scripts"/>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match versions.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(v) => view! {
                        <h1 class="govuk-heading-l">"Threshold guidance and scripts"</h1>
                        <p class="govuk-body">"The Right Help, Right Time framework and the essential-question scripts that guide every call. The council replaces them by uploading a new version; each decision records the versions it was made under."</p>
                        <dl class="govuk-summary-list" data-testid="in-force">
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">"Framework in force"</dt>
                                <dd class="govuk-summary-list__value"><a class="govuk-link" href=format!("/staff/rules/framework/{}", v.framework_in_force)>{v.framework_in_force.clone()}</a></dd>
                            </div>
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">"Scripts in force"</dt>
                                <dd class="govuk-summary-list__value"><a class="govuk-link" href=format!("/staff/rules/scripts/{}", v.scripts_in_force)>{v.scripts_in_force.clone()}</a></dd>
                            </div>
                        </dl>
                        {v.can_administer.then(|| view! {
                            <p class="govuk-body"><a class="govuk-link" href="/staff/admin/rules">"Upload or activate a version"</a></p>
                        })}
                        <VersionTable caption="Framework versions" kind="framework" rows=v.framework/>
                        <VersionTable caption="Script versions" kind="scripts" rows=v.scripts/>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn VersionTable(caption: &'static str, kind: &'static str, rows: Vec<VersionRow>, #[prop(optional)] actions: Option<Callback<String, AnyView>>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="govuk-body">{format!("{caption}: none uploaded yet; the built-in version is in force.")}</p> }.into_any();
    }
    view! {
        <table class="govuk-table" data-testid=format!("versions-{kind}")>
            <caption class="govuk-table__caption govuk-table__caption--m">{caption}</caption>
            <thead class="govuk-table__head">
                <tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"Version"</th>
                    <th scope="col" class="govuk-table__header">"Status"</th>
                    <th scope="col" class="govuk-table__header">"Uploaded"</th>
                    <th scope="col" class="govuk-table__header">"Activated"</th>
                    {actions.is_some().then(|| view! { <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">"Actions"</span></th> })}
                </tr>
            </thead>
            <tbody class="govuk-table__body">
                {rows.into_iter().map(|r| {
                    let tag = match r.status.as_str() {
                        "active" => "govuk-tag govuk-tag--green",
                        "draft" => "govuk-tag govuk-tag--yellow",
                        _ => "govuk-tag govuk-tag--grey",
                    };
                    let action = actions.map(|a| a.run(r.id.clone()));
                    view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell"><a class="govuk-link" href=format!("/staff/rules/{kind}/{}", r.version)>{r.version.clone()}</a></td>
                            <td class="govuk-table__cell"><strong class=tag>{r.status.clone()}</strong></td>
                            <td class="govuk-table__cell">{r.uploaded}</td>
                            <td class="govuk-table__cell">{r.activated.unwrap_or_default()}</td>
                            {action.map(|a| view! { <td class="govuk-table__cell">{if r.status == "active" { ().into_any() } else { a }}</td> })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
pub fn RuleVersionPage() -> impl IntoView {
    let params = use_params_map();
    let key = Memo::new(move |_| {
        let p = params.read();
        (p.get("kind").unwrap_or_default(), p.get("version").unwrap_or_default())
    });
    let doc = Resource::new(move || key.get(), |(kind, version)| rule_version(kind, version));
    view! {
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match doc.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(d) => view! { <RuleDocView doc=d/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RuleDocView(doc: RuleDoc) -> impl IntoView {
    let heading = if doc.kind == "framework" { "Threshold framework" } else { "Essential-question scripts" };
    view! {
        <Title text=format!("{heading} {}", doc.version)/>
        <a class="govuk-back-link" href="/staff/rules">"All versions"</a>
        <span class="govuk-caption-l">{format!("Version {} ({})", doc.version, doc.status)}</span>
        <h1 class="govuk-heading-l" data-testid="rule-doc-heading">{heading}</h1>
        {doc.framework.map(|f| view! {
            <p class="govuk-body-l">{f.title.clone()}</p>
            {f.levels.into_iter().map(|l| view! {
                <h2 class="govuk-heading-m">{l.level.label()}</h2>
                <p class="govuk-body">{l.descriptor}</p>
                <p class="govuk-body"><strong>"Response: "</strong>{l.response}</p>
                <ul class="govuk-list govuk-list--bullet">
                    {l.indicators.into_iter().map(|i| view! { <li>{i.text}</li> }).collect_view()}
                </ul>
            }).collect_view()}
        })}
        {doc.scripts.map(|s| s.scripts.into_iter().map(|script| view! {
            <h2 class="govuk-heading-m">{script.title.clone()}</h2>
            {script.introduction.map(|i| view! { <p class="govuk-body">{i}</p> })}
            <ol class="govuk-list govuk-list--number">
                {script.questions.into_iter().map(|q| view! {
                    <li>
                        {q.prompt}
                        {(!q.required).then(|| " (optional)")}
                        {q.help.map(|h| view! { <br/><span class="govuk-hint">{h}</span> })}
                    </li>
                }).collect_view()}
            </ol>
        }).collect_view())}
    }
}
