//! `/staff/search?q=` (issue 9): what the header's search box found. A plain GET form, rendered
//! whole on the server (the route is `SsrMode::Async`), so it works with JavaScript off.
//! Opening a result goes through the record's own page, which checks access and audits.

use crate::api::find::{search_everything, ContactHit, FindResults, InboxHit, PersonHit, StaffHit};
use crate::components::ErrorNotice;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let results = Resource::new(move || q.get(), search_everything);
    view! {
        <Title text=move || if q.get().trim().is_empty() { "Search".to_string() } else { format!("Search: {}", q.get().trim()) }/>
        <h1 class="govuk-heading-l">"Search"</h1>
        <form method="get" action="/staff/search" role="search" aria-label="Search again" class="fd-find-page" data-testid="search-page-form">
            <div class="govuk-form-group">
                <label class="govuk-label" for="search-page-q">"Search for a child or family member, a contact reference or a member of staff"</label>
                <div id="search-page-q-hint" class="govuk-hint">"A name (with a date of birth if you know it), a reference like C-ABCD-EFGH, or an NHS number"</div>
                <input class="govuk-input govuk-!-width-two-thirds" id="search-page-q" name="q" type="search" autocomplete="off" spellcheck="false"
                    aria-describedby="search-page-q-hint" prop:value=move || q.get()/>
            </div>
            <button type="submit" class="govuk-button" data-module="govuk-button">"Search"</button>
        </form>
        <Suspense fallback=|| view! { <p class="govuk-body">"Searching…"</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(r) => view! { <Results r=r/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Results(r: FindResults) -> impl IntoView {
    if r.query.is_empty() {
        return view! { <p class="govuk-body" data-testid="search-empty">"Type what you are looking for, then choose Search."</p> }.into_any();
    }
    let total = r.total();
    let FindResults { query, people, contacts, inbox, staff, case_records, too_broad, people_note } = r;
    view! {
        <p class="govuk-body" role="status" data-testid="search-summary">
            {if total == 0 { format!("Nothing found for “{query}”.") } else if total == 1 { format!("1 result for “{query}”.") } else { format!("{total} results for “{query}”.") }}
        </p>
        {(!case_records).then(|| view! {
            <p class="govuk-body fd-meta" data-testid="search-no-case-records">"Your roles do not include case records, so only staff are searched."</p>
        })}
        {people_note.map(|n| view! { <p class="govuk-body fd-meta" data-testid="search-people-note">{format!("People were not searched: {n}")}</p> })}
        {(!contacts.is_empty()).then(|| view! { <Contacts rows=contacts/> })}
        {(!inbox.is_empty()).then(|| view! { <Inbox rows=inbox/> })}
        {(!people.is_empty()).then(|| view! { <People rows=people too_broad=too_broad/> })}
        {(!staff.is_empty()).then(|| view! { <Staff rows=staff/> })}
    }
    .into_any()
}

#[component]
fn People(rows: Vec<PersonHit>, too_broad: bool) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">{format!("Children and family members ({})", rows.len())}</h2>
        {too_broad.then(|| view! { <p class="govuk-body fd-meta">"Many people match: add a date of birth or a postcode to narrow the search."</p> })}
        <ul class="govuk-list fd-find-results" data-testid="search-people">
            {rows.into_iter().map(|p| view! {
                <li class="fd-find-result">
                    <a class="govuk-link govuk-!-font-weight-bold" href=p.href>{p.name}</a>
                    <span class="govuk-body-s fd-meta">{format!(" Born {} · {} · {}", p.date_of_birth, if p.postcode.is_empty() { "No postcode".to_string() } else { p.postcode }, p.strength)}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Contacts(rows: Vec<ContactHit>) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">{format!("Contacts ({})", rows.len())}</h2>
        <ul class="govuk-list fd-find-results" data-testid="search-contacts">
            {rows.into_iter().map(|c| view! {
                <li class="fd-find-result">
                    <a class="govuk-link govuk-!-font-weight-bold" href=c.href>{format!("Contact {}", c.reference)}</a>
                    <span class="govuk-body-s fd-meta">{format!(" {} · received {}{}", c.status, c.received, if c.team.is_empty() { String::new() } else { format!(" · {}", c.team) })}</span>
                    <br/><span class="govuk-body-s">{if c.children.is_empty() { c.summary.clone() } else { format!("{}: {}", c.children.join(", "), c.summary) }}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Inbox(rows: Vec<InboxHit>) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">{format!("CASS inbox e-mails ({})", rows.len())}</h2>
        <ul class="govuk-list fd-find-results" data-testid="search-inbox">
            {rows.into_iter().map(|i| view! {
                <li class="fd-find-result">
                    <a class="govuk-link govuk-!-font-weight-bold" href=i.href>{if i.subject.is_empty() { "(no subject)".to_string() } else { i.subject.clone() }}</a>
                    <span class="govuk-body-s fd-meta">{format!(" from {} · received {}{}", i.from, i.received, if i.reference.is_empty() { String::new() } else { format!(" · became contact {}", i.reference) })}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Staff(rows: Vec<StaffHit>) -> impl IntoView {
    view! {
        <h2 class="govuk-heading-m">{format!("Staff ({})", rows.len())}</h2>
        <ul class="govuk-list fd-find-results" data-testid="search-staff">
            {rows.into_iter().map(|s| view! {
                <li class="fd-find-result">
                    {match s.href {
                        Some(h) => view! { <a class="govuk-link govuk-!-font-weight-bold" href=h>{s.name.clone()}</a> }.into_any(),
                        None => view! { <strong>{s.name.clone()}</strong> }.into_any(),
                    }}
                    <span class="govuk-body-s fd-meta">{format!(" {}{}", s.roles, if s.teams.is_empty() { String::new() } else { format!(" · {}", s.teams) })}</span>
                    {(!s.email.is_empty()).then(|| view! { <br/><a class="govuk-link govuk-body-s" href=format!("mailto:{}", s.email)>{s.email.clone()}</a> })}
                </li>
            }).collect_view()}
        </ul>
    }
}
