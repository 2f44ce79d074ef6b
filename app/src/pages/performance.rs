//! Service performance for managers (issue 8 point 3): contacts per week by source and by level,
//! the share decided within 24 hours, and conversion to referral with re-referrals, for a period
//! and team chosen with a GET form (works with JavaScript off). Every chart is followed by its
//! figures as a table; each week links to the contacts behind it. The Early Help desk follows:
//! EHAs received with the step downs among them, and episodes closed by outcome (step ups first).

use crate::api::performance::{performance_contacts, performance_ehas, performance_view, PerformanceContact, PerformanceEha, PerformanceFigures, PerformanceOutcome};
use crate::components::charts::StackedBars;
use crate::components::{ErrorNotice, ErrorSummary, TableHead, TextInput};
use domain::performance::{Bucket, EhaWeek, Week};
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn pct(p: Option<u32>) -> String {
    p.map(|p| format!("{p}%")).unwrap_or_else(|| "–".into())
}

fn week_label(w: &Week) -> String {
    w.start.format("%-d %b").to_string()
}

/// The days a bucket's figures count: the bucket, inside the period.
fn span(start: chrono::NaiveDate, by: Bucket, first_day: chrono::NaiveDate, last_day: chrono::NaiveDate) -> (chrono::NaiveDate, chrono::NaiveDate) {
    (start.max(first_day), (start + chrono::Duration::days(by.days() - 1)).min(last_day))
}

fn eha_drill(w: &EhaWeek, by: Bucket, first_day: chrono::NaiveDate, last_day: chrono::NaiveDate) -> String {
    let (start, end) = span(w.start, by, first_day, last_day);
    format!("/staff/performance/ehas?from={start}&to={end}")
}

fn drill(w: &Week, by: Bucket, team: &str, first_day: chrono::NaiveDate, last_day: chrono::NaiveDate) -> String {
    let (start, end) = span(w.start, by, first_day, last_day);
    format!("/staff/performance/contacts?from={start}&to={end}&team={team}")
}

#[component]
pub fn PerformancePage() -> impl IntoView {
    let query = use_query_map();
    let typed = move || {
        query.with(|q| (q.get("from").unwrap_or_default(), q.get("to").unwrap_or_default(), q.get("team").unwrap_or_default(), q.get("by").unwrap_or_default()))
    };
    let view_data = Resource::new(typed, |(f, t, team, by)| performance_view(f, t, team, by));
    let (from, to, team, by) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    Effect::new(move |_| {
        let (f, t, tm, b) = typed();
        from.set(f);
        to.set(t);
        team.set(tm);
        by.set(b);
    });
    view! {
        <Title text="Service performance"/>
        <ErrorSummary errors=errors/>
        <h1 class="govuk-heading-l">"Service performance"</h1>
        <Suspense fallback=|| view! { <p class="govuk-body">"Counting…"</p> }>
            {move || Suspend::new(async move {
                match view_data.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(PerformanceOutcome::Refused { errors: e }) => {
                        errors.set(e);
                        view! { <Filters from=from to=to team=team by=by teams=Vec::new() errors=errors/> }.into_any()
                    }
                    Ok(PerformanceOutcome::Ready(v)) => {
                        errors.set(Vec::new());
                        if from.get_untracked().is_empty() && to.get_untracked().is_empty() {
                            from.set(v.from.clone());
                            to.set(v.to.clone());
                        }
                        let teams = v.teams.clone();
                        view! { <Filters from=from to=to team=team by=by teams=teams errors=errors/> <Figures v=*v/> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Filters(from: RwSignal<String>, to: RwSignal<String>, team: RwSignal<String>, by: RwSignal<String>, teams: Vec<(String, String)>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let by_error = Memo::new(move |_| errors.get().into_iter().find(|e| e.field == "by").map(|e| e.message));
    view! {
        <form method="get" action="/staff/performance" data-testid="performance-filters" novalidate="">
            <div class="govuk-grid-row">
                <div class="govuk-grid-column-one-third">
                    <TextInput id="from" label="First day" hint="For example, 1/10/2026" value=from errors=errors width_class="govuk-input--width-10"/>
                </div>
                <div class="govuk-grid-column-one-third">
                    <TextInput id="to" label="Last day" hint="For example, 30/11/2026" value=to errors=errors width_class="govuk-input--width-10"/>
                </div>
                <div class="govuk-grid-column-one-third">
                    <div class="govuk-form-group">
                        <label class="govuk-label" for="team">"Team"</label>
                        <select class="govuk-select" id="team" name="team" prop:value=move || team.get() on:change=move |ev| team.set(event_target_value(&ev))>
                            <option value="">"All contacts"</option>
                            {teams.into_iter().map(|(id, name)| {
                                let v = id.clone();
                                view! { <option value=id selected=move || team.get() == v>{name}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </div>
            </div>
            <div class=move || if by_error.get().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                <label class="govuk-label" for="by">"Count"</label>
                {move || by_error.get().map(|m| view! { <p class="govuk-error-message" id="by-error"><span class="govuk-visually-hidden">"Error: "</span>{m}</p> })}
                <select class="govuk-select" id="by" name="by" prop:value=move || by.get() on:change=move |ev| by.set(event_target_value(&ev))>
                    <option value="week" selected=move || by.get() != "day">"Per week"</option>
                    <option value="day" selected=move || by.get() == "day">"Per day"</option>
                </select>
            </div>
            <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">"Show the figures"</button>
        </form>
    }
}

#[component]
fn Figures(v: PerformanceFigures) -> impl IntoView {
    let PerformanceFigures { period, team, weeks, totals, sources, levels, first_day, last_day, eha_weeks, eha_totals, eha_outcomes, eha_shown, by, .. } = v;
    let bucket = Bucket::from_form(&by);
    let unit = bucket.slug();
    let labels: Vec<String> = weeks.iter().map(week_label).collect();
    let by = |pick: fn(&Week) -> &Vec<usize>, names: &[String]| -> Vec<(String, Vec<usize>)> {
        names.iter().enumerate().map(|(i, n)| (n.clone(), weeks.iter().map(|w| pick(w).get(i).copied().unwrap_or(0)).collect())).collect()
    };
    let source_series = by(|w| &w.by_source, &sources);
    let level_series = by(|w| &w.by_level, &levels);
    let timely = vec![("Decided within 24 hours".to_string(), weeks.iter().map(|w| w.decided_in_time_percent().unwrap_or(0) as usize).collect())];
    let conversion = vec![("Became referrals".to_string(), weeks.iter().map(|w| w.conversion_percent().unwrap_or(0) as usize).collect())];
    let team = StoredValue::new(team);
    let weeks = StoredValue::new(weeks);
    view! {
        <h2 class="govuk-heading-m" data-testid="performance-period">{period}</h2>
        <dl class="govuk-summary-list" data-testid="headline">
            <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Contacts"</dt><dd class="govuk-summary-list__value" data-testid="total-contacts">{totals.contacts}</dd></div>
            <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Decided within 24 hours"</dt><dd class="govuk-summary-list__value">{pct(totals.decided_in_time_percent())}</dd></div>
            <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Became referrals"</dt><dd class="govuk-summary-list__value">{format!("{} ({})", totals.referrals, pct(totals.conversion_percent()))}</dd></div>
            <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Re-referrals within 12 months"</dt><dd class="govuk-summary-list__value">{format!("{} ({} of referrals)", totals.re_referrals, pct(totals.re_referral_percent()))}</dd></div>
        </dl>

        <h2 class="govuk-heading-m">{format!("Contacts per {unit} by source")}</h2>
        <StackedBars id="chart-sources" title=format!("Contacts per {unit} by source")
            description=format!("{} contacts over {} {unit}s; the table below gives every figure.", totals.contacts, labels.len())
            labels=labels.clone() series=source_series/>
        <div class="fd-table-scroll" tabindex="0" role="region" aria-label=format!("Contacts per {unit} by source, table")>
            <table class="govuk-table" data-testid="table-sources">
                <caption class="govuk-table__caption govuk-table__caption--s">{format!("Contacts per {unit} by source (select a {unit} for its contacts)")}</caption>
                <thead class="govuk-table__head"><tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{if bucket == Bucket::Day { "Day" } else { "Week from" }}</th>
                    {sources.iter().map(|s| view! { <th scope="col" class="govuk-table__header govuk-table__header--numeric">{s.clone()}</th> }).collect_view()}
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"All"</th>
                </tr></thead>
                <tbody class="govuk-table__body">
                    {move || weeks.with_value(|ws| ws.iter().map(|w| view! {
                        <tr class="govuk-table__row">
                            <th scope="row" class="govuk-table__header"><a class="govuk-link" href=drill(w, bucket, &team.get_value(), first_day, last_day)>{week_label(w)}</a></th>
                            {w.by_source.iter().map(|n| view! { <td class="govuk-table__cell govuk-table__cell--numeric">{*n}</td> }).collect_view()}
                            <td class="govuk-table__cell govuk-table__cell--numeric">{w.contacts}</td>
                        </tr>
                    }).collect_view())}
                </tbody>
            </table>
        </div>

        <h2 class="govuk-heading-m">{format!("Contacts per {unit} by level of need")}</h2>
        <StackedBars id="chart-levels" title=format!("Contacts per {unit} by level of need")
            description="Levels recorded at the decision; contacts still waiting show as not yet decided. The table below gives every figure.".to_string()
            labels=labels.clone() series=level_series/>
        <div class="fd-table-scroll" tabindex="0" role="region" aria-label=format!("Contacts per {unit} by level of need, table")>
            <table class="govuk-table" data-testid="table-levels">
                <caption class="govuk-table__caption govuk-table__caption--s">{format!("Contacts per {unit} by level of need")}</caption>
                <thead class="govuk-table__head"><tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{if bucket == Bucket::Day { "Day" } else { "Week from" }}</th>
                    {levels.iter().map(|s| view! { <th scope="col" class="govuk-table__header govuk-table__header--numeric">{s.clone()}</th> }).collect_view()}
                </tr></thead>
                <tbody class="govuk-table__body">
                    {move || weeks.with_value(|ws| ws.iter().map(|w| view! {
                        <tr class="govuk-table__row">
                            <th scope="row" class="govuk-table__header">{week_label(w)}</th>
                            {w.by_level.iter().map(|n| view! { <td class="govuk-table__cell govuk-table__cell--numeric">{*n}</td> }).collect_view()}
                        </tr>
                    }).collect_view())}
                </tbody>
            </table>
        </div>

        <h2 class="govuk-heading-m">"Timeliness and conversion"</h2>
        <StackedBars id="chart-timely" title=format!("Share of contacts decided within 24 hours, per {unit}")
            description=format!("Per cent of each {unit}'s contacts whose first step was decided within 24 hours of arriving. The table below gives every figure.")
            labels=labels.clone() series=timely percent=true/>
        <StackedBars id="chart-conversion" title=format!("Share of contacts that became referrals, per {unit}")
            description=format!("Per cent of each {unit}'s contacts that became referrals. The table below gives every figure.")
            labels=labels series=conversion percent=true/>
        <div class="fd-table-scroll" tabindex="0" role="region" aria-label=format!("Timeliness, referrals and re-referrals per {unit}, table")>
            <table class="govuk-table" data-testid="table-timeliness">
                <caption class="govuk-table__caption govuk-table__caption--s">{format!("Timeliness, referrals and re-referrals per {unit}")}</caption>
                <TableHead columns=if bucket == Bucket::Day { &["Day", "Contacts", "Decided within 24 hours", "Became referrals", "Re-referrals within 12 months"] } else { &["Week from", "Contacts", "Decided within 24 hours", "Became referrals", "Re-referrals within 12 months"] }/>
                <tbody class="govuk-table__body">
                    {move || weeks.with_value(|ws| ws.iter().map(|w| view! {
                        <tr class="govuk-table__row">
                            <th scope="row" class="govuk-table__header">{week_label(w)}</th>
                            <td class="govuk-table__cell">{w.contacts}</td>
                            <td class="govuk-table__cell">{format!("{} ({})", w.decided_in_time, pct(w.decided_in_time_percent()))}</td>
                            <td class="govuk-table__cell">{format!("{} ({})", w.referrals, pct(w.conversion_percent()))}</td>
                            <td class="govuk-table__cell">{format!("{} ({})", w.re_referrals, pct(w.re_referral_percent()))}</td>
                        </tr>
                    }).collect_view())}
                </tbody>
            </table>
        </div>
        {if eha_shown {
            view! { <EarlyHelpFigures weeks=eha_weeks totals=eha_totals outcomes=eha_outcomes by=bucket first_day=first_day last_day=last_day/> }.into_any()
        } else {
            view! { <p class="govuk-body" data-testid="eha-not-shown">"The Early Help desk's figures show for all teams or for the desk's own team."</p> }.into_any()
        }}
    }
}

/// The Early Help desk (seed 003): EHAs received with the step downs from Children's Social Care
/// among them, and episodes closed by outcome, step ups to Children's Social Care first.
#[component]
fn EarlyHelpFigures(weeks: Vec<EhaWeek>, totals: EhaWeek, outcomes: Vec<String>, by: Bucket, first_day: chrono::NaiveDate, last_day: chrono::NaiveDate) -> impl IntoView {
    let unit = by.slug();
    let labels: Vec<String> = weeks.iter().map(|w| w.start.format("%-d %b").to_string()).collect();
    let received = vec![
        ("Step downs from Children's Social Care".to_string(), weeks.iter().map(|w| w.step_downs).collect()),
        ("Other routes".to_string(), weeks.iter().map(|w| w.received - w.step_downs).collect()),
    ];
    // Only the outcomes that happened, so the legend stays readable; the table has them all.
    let outcome_series: Vec<(String, Vec<usize>)> = outcomes
        .iter()
        .enumerate()
        .filter(|(i, _)| totals.by_outcome.get(*i).copied().unwrap_or(0) > 0)
        .map(|(i, n)| (n.clone(), weeks.iter().map(|w| w.by_outcome.get(i).copied().unwrap_or(0)).collect()))
        .collect();
    let weeks = StoredValue::new(weeks);
    view! {
        <h2 class="govuk-heading-m">"The Early Help desk: step ups, step downs and outcomes"</h2>
        <dl class="govuk-summary-list" data-testid="eha-headline">
            <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"EHAs received"</dt><dd class="govuk-summary-list__value" data-testid="eha-received">{totals.received}</dd></div>
            <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Step downs from Children's Social Care"</dt><dd class="govuk-summary-list__value" data-testid="eha-step-downs">{totals.step_downs}</dd></div>
            <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Episodes closed"</dt><dd class="govuk-summary-list__value" data-testid="eha-closed-total">{totals.closed}</dd></div>
            <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Step ups to Children's Social Care"</dt><dd class="govuk-summary-list__value" data-testid="eha-step-ups">{totals.step_ups()}</dd></div>
        </dl>
        <StackedBars id="chart-eha-received" title=format!("EHAs received per {unit}, step downs among them")
            description=format!("{} EHAs received, {} of them step downs; the table below gives every figure.", totals.received, totals.step_downs)
            labels=labels.clone() series=received/>
        <StackedBars id="chart-eha-outcomes" title=format!("Early Help episodes closed per {unit}, by outcome")
            description=format!("{} episodes closed, {} stepped up to Children's Social Care; the table below gives every figure.", totals.closed, totals.step_ups())
            labels=labels series=outcome_series/>
        <div class="fd-table-scroll" tabindex="0" role="region" aria-label=format!("The Early Help desk per {unit}, table")>
            <table class="govuk-table" data-testid="table-eha">
                <caption class="govuk-table__caption govuk-table__caption--s">{format!("The Early Help desk per {unit} (select a {unit} for its EHAs)")}</caption>
                <thead class="govuk-table__head"><tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">{if by == Bucket::Day { "Day" } else { "Week from" }}</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Received"</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Step downs"</th>
                    <th scope="col" class="govuk-table__header govuk-table__header--numeric">"Closed"</th>
                    {outcomes.iter().map(|o| view! { <th scope="col" class="govuk-table__header govuk-table__header--numeric">{o.clone()}</th> }).collect_view()}
                </tr></thead>
                <tbody class="govuk-table__body">
                    {move || weeks.with_value(|ws| ws.iter().map(|w| view! {
                        <tr class="govuk-table__row">
                            <th scope="row" class="govuk-table__header"><a class="govuk-link" href=eha_drill(w, by, first_day, last_day)>{w.start.format("%-d %b").to_string()}</a></th>
                            <td class="govuk-table__cell govuk-table__cell--numeric">{w.received}</td>
                            <td class="govuk-table__cell govuk-table__cell--numeric">{w.step_downs}</td>
                            <td class="govuk-table__cell govuk-table__cell--numeric">{w.closed}</td>
                            {w.by_outcome.iter().map(|n| view! { <td class="govuk-table__cell govuk-table__cell--numeric">{*n}</td> }).collect_view()}
                        </tr>
                    }).collect_view())}
                </tbody>
            </table>
        </div>
    }
}

/// The EHAs behind one week of the Early Help desk's figures.
#[component]
pub fn PerformanceEhasPage() -> impl IntoView {
    let query = use_query_map();
    let args = move || query.with(|q| (q.get("from").unwrap_or_default(), q.get("to").unwrap_or_default()));
    let list = Resource::new(args, |(f, t)| performance_ehas(f, t));
    let row = |r: PerformanceEha| {
        view! {
            <tr class="govuk-table__row">
                <td class="govuk-table__cell"><a class="govuk-link" href=format!("/staff/early-help/{}", r.contact_id)>{r.reference}</a></td>
                <td class="govuk-table__cell">{r.received}</td>
                <td class="govuk-table__cell">{r.route}</td>
                <td class="govuk-table__cell">{r.closed}</td>
                <td class="govuk-table__cell">{r.group}{(!r.outcome.is_empty()).then(|| view! { <br/><span class="fd-meta">{r.outcome.clone()}</span> })}</td>
            </tr>
        }
        .into_any()
    };
    let counted = |n: usize| format!("{n} EHA(s) received or closed");
    behind_the_figures("EHAs behind the figures", counted, "drill-ehas", &["EHA", "Received", "Route", "Closed", "Outcome"], list, row)
}

/// The contacts behind one week's figures.
#[component]
pub fn PerformanceContactsPage() -> impl IntoView {
    let query = use_query_map();
    let args = move || query.with(|q| (q.get("from").unwrap_or_default(), q.get("to").unwrap_or_default(), q.get("team").unwrap_or_default()));
    let list = Resource::new(args, |(f, t, team)| performance_contacts(f, t, team));
    let row = |r: PerformanceContact| {
        view! {
            <tr class="govuk-table__row">
                <td class="govuk-table__cell"><a class="govuk-link" href=format!("/staff/contacts/{}", r.contact_id)>{r.reference}</a></td>
                <td class="govuk-table__cell">{r.received}</td>
                <td class="govuk-table__cell">{r.source}</td>
                <td class="govuk-table__cell">{r.level}</td>
                <td class="govuk-table__cell">{if r.decided_in_time { "Yes" } else { "No" }}</td>
                <td class="govuk-table__cell">{if r.referral { "Yes" } else { "No" }}</td>
            </tr>
        }
        .into_any()
    };
    let columns = &["Contact", "Received", "Source", "Level", "Decided within 24 hours", "Referral"];
    behind_the_figures("Contacts behind the figures", |n| format!("{n} contact(s)"), "drill-contacts", columns, list, row)
}

/// What a drill-down page waits for: the rows, or the period's mistakes.
type DrillList<T> = Resource<Result<Result<Vec<T>, Vec<FieldError>>, crate::error::AppError>>;

/// The list behind a figure: a page titled `title`, how many there are, and the rows as a table
/// (`testid`), or the period's mistakes in the error summary.
fn behind_the_figures<T>(
    title: &'static str,
    counted: fn(usize) -> String,
    testid: &'static str,
    columns: &'static [&'static str],
    list: DrillList<T>,
    row: fn(T) -> AnyView,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
{
    let errors = RwSignal::new(Vec::<FieldError>::new());
    view! {
        <Title text=title/>
        <a href="/staff/performance" class="govuk-back-link">"Back to service performance"</a>
        <ErrorSummary errors=errors/>
        <h1 class="govuk-heading-l">{title}</h1>
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(Err(e)) => { errors.set(e); view! { <p class="govuk-body">"Choose the week again from the figures."</p> }.into_any() }
                    Ok(Ok(rows)) => view! {
                        <p class="govuk-body" data-testid="drill-count">{counted(rows.len())}</p>
                        <div class="fd-table-scroll" tabindex="0" role="region" aria-label=format!("{title}, table")>
                            <table class="govuk-table" data-testid=testid>
                                <TableHead columns=columns/>
                                <tbody class="govuk-table__body">{rows.into_iter().map(row).collect_view()}</tbody>
                            </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
