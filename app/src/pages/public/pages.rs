//! A public information page ("What to expect", "Ask for support", …) from its stored content.

use super::content::{contents, Block, Blocks};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// A page ready to render: its blocks are already parsed and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct InfoPage {
    pub slug: String,
    pub title: String,
    pub blocks: Vec<Block>,
    pub contacts: BTreeMap<String, String>,
    /// e.g. "1 June 2026"; `None` in an administrator's preview.
    pub updated: Option<String>,
}

/// The page body: the title, a contents list when the page has several sections, the blocks.
#[component]
pub fn InfoPageView(page: InfoPage) -> impl IntoView {
    let InfoPage { slug, title, blocks, contacts, updated } = page;
    let sections = contents(&blocks, &contacts);
    let show_contents = sections.len() >= 4;
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds" data-testid=format!("page-{slug}")>
                <h1 class="govuk-heading-xl">{title}</h1>
                {show_contents.then(|| view! {
                    <nav class="fd-contents" aria-labelledby="contents-title">
                        <h2 class="govuk-heading-s" id="contents-title">"Contents"</h2>
                        <ul class="govuk-list">
                            {sections.into_iter().map(|(id, text)| view! { <li><a class="govuk-link" href=format!("#{id}")>{text}</a></li> }).collect_view()}
                        </ul>
                    </nav>
                })}
                <Blocks blocks=blocks contacts=contacts/>
                {updated.map(|u| view! { <p class="govuk-body-s fd-meta">{format!("Page last updated: {u}")}</p> })}
            </div>
        </div>
    }
}
