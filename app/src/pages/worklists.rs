//! `/staff/worklists` (issue 5 point 5): your work, the work waiting for your roles in your
//! teams (take it with one button; two people can never take the same item), and for managers
//! every open item in their teams with counts per worklist and person, and reassignment with a
//! reason. Each item shows its stored deadline and red/amber/green state.

use crate::api::workflow::{Claim, ClaimOutcome, Reassign, ReassignOutcome};
use crate::api::worklists::{worklists, worklists_refresh, Member, OtherClock, WorkRow, WorklistsView};
use crate::components::live::{use_clock, use_live_updates, DueClock, LiveStatus};
use crate::components::drag_reassign::{DragHandle, DragState, DropTargets, Target};
use crate::components::workflow_panel::RagTag;
use crate::components::{ErrorNotice, ErrorSummary, SuccessBanner, TableHead};
use domain::FieldError;
use leptos::prelude::*;
use leptos_meta::Title;
use std::collections::{HashMap, HashSet};

/// The page's ticking clock, shared by every deadline on it.
#[derive(Clone, Copy)]
struct NowClock(ReadSignal<i64>);

/// What a manager has typed into reassign forms, kept by the page rather than by the rows: the
/// lists are drawn again whenever work changes, and a half-written reason must survive that.
#[derive(Clone, Copy)]
struct ReassignForms {
    /// The items whose form is open. While any is, changes from elsewhere wait (`held`).
    open: RwSignal<HashSet<String>>,
    drafts: StoredValue<HashMap<String, ReassignDraft>>,
}

/// Reference-counted signals, so they outlive the row that drew them.
#[derive(Clone)]
struct ReassignDraft {
    to: ArcRwSignal<String>,
    reason: ArcRwSignal<String>,
    errors: ArcRwSignal<Vec<FieldError>>,
}

impl ReassignForms {
    fn new() -> Self {
        Self { open: RwSignal::new(HashSet::new()), drafts: StoredValue::new(HashMap::new()) }
    }

    fn draft(&self, item_id: &str) -> ReassignDraft {
        self.drafts.update_value(|m| {
            m.entry(item_id.to_string()).or_insert_with(|| ReassignDraft {
                to: ArcRwSignal::new(String::new()),
                reason: ArcRwSignal::new(String::new()),
                errors: ArcRwSignal::new(Vec::new()),
            });
        });
        self.drafts.with_value(|m| m[item_id].clone())
    }

    fn set_open(&self, item_id: &str, open: bool) {
        self.open.update(|s| {
            if open {
                s.insert(item_id.to_string());
            } else {
                s.remove(item_id);
            }
        });
    }

    /// Done: the next form for this item starts empty. (Closing a form keeps what was typed.)
    fn forget(&self, item_id: &str) {
        self.set_open(item_id, false);
        self.drafts.update_value(|m| {
            m.remove(item_id);
        });
    }
}

#[component]
pub fn WorklistsPage() -> impl IntoView {
    // A refetch the page starts by itself goes to `worklists/refresh`, which is not activity.
    let background = StoredValue::new(false);
    let data = Resource::new(
        || (),
        move |_| {
            let by_itself = background.get_value();
            background.set_value(false);
            async move { if by_itself { worklists_refresh().await } else { worklists().await } }
        },
    );
    let forms = ReassignForms::new();
    provide_context(forms);
    // A change from elsewhere while a reassign form is open waits until it is closed, so the
    // rows never move under the manager's hands.
    let held = RwSignal::new(false);
    let refresh = move || {
        if forms.open.with_untracked(|s| !s.is_empty()) {
            held.set(true);
            return;
        }
        background.set_value(true);
        data.refetch();
    };
    Effect::new(move |_| {
        if forms.open.with(|s| s.is_empty()) && held.get_untracked() {
            held.set(false);
            refresh();
        }
    });
    let notice = RwSignal::new(None::<String>);
    let claim = ServerAction::<Claim>::new();
    Effect::new(move |_| {
        if let Some(r) = claim.value().get() {
            notice.set(Some(match r {
                Ok(ClaimOutcome::Claimed) => "The work is yours: it is now under “Your work”.".to_string(),
                Ok(ClaimOutcome::AlreadyTaken) => "Someone else took that a moment ago. It has gone from the list.".to_string(),
                Ok(ClaimOutcome::NotYours { message }) => message,
                Err(e) => e.to_string(),
            }));
            data.refetch();
        }
    });
    let refetch = Callback::new(move |m: String| {
        notice.set(Some(m));
        data.refetch();
    });
    // Live: anyone's change to work items (on any server instance) fetches the lists again, and
    // every minute too, so red/amber/green states move on with the clock.
    let live = use_live_updates(Callback::new(move |_| refresh()));
    #[cfg(feature = "hydrate")]
    if let Ok(h) = set_interval_with_handle(refresh, std::time::Duration::from_secs(60)) {
        on_cleanup(move || h.clear());
    }
    provide_context(NowClock(use_clock()));
    view! {
        <Title text="Worklists"/>
        <h1 class="govuk-heading-l">"Worklists"</h1>
        <LiveStatus state=live/>
        <p class="govuk-body-s fd-meta" role="status" data-testid="live-held">
            {move || held.get().then_some("Work has changed since this page was drawn: the lists will update when you close the reassign form.")}
        </p>
        <crate::components::PrintButton/>
        {move || notice.get().map(|n| view! { <SuccessBanner message=n testid="worklist-notice"/> })}
        <Suspense fallback=|| view! { <p class="govuk-body">"Loading the worklists…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                    Ok(v) => view! { <Lists v=v claim=claim refetch=refetch/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Lists(v: WorklistsView, claim: ServerAction<Claim>, refetch: Callback<String>) -> impl IntoView {
    let WorklistsView { mine, pools, team, counts, can_reassign, members, clocks } = v;
    // Dragging a case onto a person opens its reassign form with them chosen (issue 8).
    let targets: Vec<Target> = std::iter::once(Target { user_id: String::new(), label: "Back to the worklist".into(), held: 0 })
        .chain(members.iter().map(|m| Target {
            user_id: m.id.clone(),
            label: m.name.clone(),
            held: team.iter().filter(|r| r.holder.as_deref() == Some(m.name.as_str())).count(),
        }))
        .collect();
    let worklist_of = StoredValue::new(team.iter().map(|r| (r.item_id.clone(), r.worklist.clone())).collect::<HashMap<_, _>>());
    let members = StoredValue::new(members);
    let forms = use_context::<ReassignForms>().unwrap_or_else(ReassignForms::new);
    let on_drop = Callback::new(move |(item_id, to): (String, String)| {
        let worklist = worklist_of.with_value(|m| m.get(&item_id).cloned()).unwrap_or_default();
        let ids = format!("reassign-{item_id}");
        let draft = forms.draft(&item_id);
        let person = members.with_value(|ms| ms.iter().find(|m| m.id == to).cloned());
        let focus = match person {
            Some(m) if !works(&m, &worklist) => {
                let message = format!("{} does not work the {worklist} worklist: choose someone who does.", m.name);
                draft.errors.set(vec![FieldError::new(format!("{ids}-to"), message)]);
                // The error summary takes focus, as GOV.UK's does.
                None
            }
            _ => {
                draft.to.set(to);
                draft.errors.set(Vec::new());
                Some(format!("{ids}-reason"))
            }
        };
        forms.set_open(&item_id, true);
        if let Some(id) = focus {
            focus_soon(id);
        }
    });
    provide_context(DragState::new(on_drop));
    let waiting: usize = pools.iter().map(|p| p.rows.len()).sum();
    view! {
        <h2 class="govuk-heading-m" id="your-work">{format!("Your work ({})", mine.len())}</h2>
        {if mine.is_empty() {
            view! { <p class="govuk-body" data-testid="my-work-empty">"You hold no work. Take some from the worklists below."</p> }.into_any()
        } else {
            view! { <WorkTable rows=mine testid="my-work" action=Action::None/> }.into_any()
        }}
        <h2 class="govuk-heading-m" id="waiting">{format!("Waiting to be taken ({waiting})")}</h2>
        {if pools.is_empty() {
            view! { <p class="govuk-body" data-testid="pools-empty">"Nothing is waiting on the worklists you work."</p> }.into_any()
        } else {
            pools.into_iter().map(|p| view! {
                <h3 class="govuk-heading-s">{format!("{} — {} ({})", p.title, p.team, p.rows.len())}</h3>
                <WorkTable rows=p.rows testid="pool" action=Action::Take(claim)/>
            }).collect_view().into_any()
        }}
        {can_reassign.then(|| view! {
            <h2 class="govuk-heading-m" id="team">"Your teams"</h2>
            <div class="fd-table-scroll">
                <table class="govuk-table" data-testid="counts">
                    <caption class="govuk-table__caption govuk-table__caption--s">"Open work by worklist and person"</caption>
                    <TableHead columns=&["Worklist", "Team", "Held by", "Open", "Overdue"]/>
                    <tbody class="govuk-table__body">
                        {counts.into_iter().map(|c| view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{c.worklist}</td>
                                <td class="govuk-table__cell">{c.team}</td>
                                <td class="govuk-table__cell">{c.holder}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{c.open}</td>
                                <td class="govuk-table__cell govuk-table__cell--numeric">{c.overdue}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <DropTargets targets=targets/>
            <WorkTable rows=team testid="team-work" action=Action::Reassign(members, refetch)/>
        })}
        {(!clocks.is_empty()).then(|| view! { <OtherClocks clocks=clocks/> })}
    }
}

/// Deadlines outside the worklists: MASH requests waiting for the desk and return interviews.
#[component]
fn OtherClocks(clocks: Vec<OtherClock>) -> impl IntoView {
    let now = use_context::<NowClock>().map(|c| c.0).unwrap_or_else(use_clock);
    view! {
        <h2 class="govuk-heading-m" id="other-clocks">"MASH requests and return interviews"</h2>
        <div class="fd-table-scroll">
            <table class="govuk-table" data-testid="other-clocks">
                <TableHead columns=&["What", "Reference", "Due", "State"]/>
                <tbody class="govuk-table__body">
                    {clocks.into_iter().map(|c| view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell">{c.what.clone()}</td>
                            <td class="govuk-table__cell"><a class="govuk-link" href=c.href.clone()>{c.reference.clone()}</a></td>
                            <td class="govuk-table__cell">{c.due.clone()}<br/><DueClock due_ms=c.due_ms now=now/></td>
                            <td class="govuk-table__cell"><RagTag rag=c.rag/></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[derive(Clone, Copy)]
enum Action {
    None,
    Take(ServerAction<Claim>),
    Reassign(StoredValue<Vec<Member>>, Callback<String>),
}

#[component]
fn WorkTable(rows: Vec<WorkRow>, testid: &'static str, action: Action) -> impl IntoView {
    let now = use_context::<NowClock>().map(|c| c.0).unwrap_or_else(use_clock);
    let columns: &'static [&'static str] = match action {
        Action::None => &["Contact", "Children", "Step", "Due", "State"],
        _ => &["Contact", "Children", "Step", "Due", "State", "Action"],
    };
    view! {
        <div class="fd-table-scroll">
            <table class="govuk-table fd-worklist" data-testid=testid>
                <TableHead columns=columns/>
                <tbody class="govuk-table__body">
                    {rows.into_iter().map(|r| {
                        let reference = r.reference.clone();
                        view! {
                            <tr class="govuk-table__row" data-reference=r.reference.clone()>
                                <td class="govuk-table__cell">
                                    <a class="govuk-link" href=r.href.clone()>{r.reference.clone()}</a>
                                    <br/><span class="fd-meta">{r.channel.clone()}</span>
                                    {r.flags.iter().map(|f| view! { <br/><strong class="govuk-tag govuk-tag--orange fd-flag">{f.clone()}</strong> }).collect_view()}
                                </td>
                                <td class="govuk-table__cell">{if r.children.is_empty() { "Not identified yet".to_string() } else { r.children.join(", ") }}
                                    <br/><span class="fd-meta">{r.summary.clone()}</span></td>
                                <td class="govuk-table__cell">{r.stage.clone()}<br/><span class="fd-meta">{format!("{} · {}", r.worklist, r.team)}</span>
                                    {r.holder.clone().map(|h| view! { <br/><span class="fd-meta">{format!("Held by {h}")}</span> })}
                                    {r.level.clone().map(|l| view! { <br/><span class="fd-meta">{l}</span> })}</td>
                                <td class="govuk-table__cell">{r.due.clone()}<br/><DueClock due_ms=r.due_ms now=now/></td>
                                <td class="govuk-table__cell"><RagTag rag=r.rag/></td>
                                {match action {
                                    Action::None => ().into_any(),
                                    Action::Take(claim) => {
                                        let item = r.item_id.clone();
                                        view! {
                                            <td class="govuk-table__cell">
                                                <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-testid="take"
                                                    on:click=move |_| { claim.dispatch(crate::api::workflow::Claim { item_id: item.clone() }); }>
                                                    "Take"<span class="govuk-visually-hidden">{format!(" {reference}")}</span>
                                                </button>
                                            </td>
                                        }.into_any()
                                    }
                                    Action::Reassign(members, refetch) => view! {
                                        <td class="govuk-table__cell">
                                            <DragHandle item_id=r.item_id.clone() reference=r.reference.clone()/>
                                            <ReassignForm row=r.clone() members=members refetch=refetch/>
                                        </td>
                                    }.into_any(),
                                }}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A manager gives the item to someone who works its worklist, with their reasons.
#[component]
fn ReassignForm(row: WorkRow, members: StoredValue<Vec<Member>>, refetch: Callback<String>) -> impl IntoView {
    let forms = use_context::<ReassignForms>().unwrap_or_else(ReassignForms::new);
    let draft = forms.draft(&row.item_id);
    let (to, reason, errors) = (RwSignal::from(draft.to), RwSignal::from(draft.reason), RwSignal::from(draft.errors));
    let open = {
        let id = row.item_id.clone();
        Signal::derive(move || forms.open.with(|s| s.contains(&id)))
    };
    let set_open = {
        let id = row.item_id.clone();
        move |o: bool| forms.set_open(&id, o)
    };
    let action = ServerAction::<Reassign>::new();
    let ids = format!("reassign-{}", row.item_id);
    // The error summary links to this row's own fields.
    let field = {
        let ids = ids.clone();
        move |f: &str| if f == "to_user" { format!("{ids}-to") } else { format!("{ids}-reason") }
    };
    let done = {
        let id = row.item_id.clone();
        move || forms.forget(&id)
    };
    Effect::new(move |_| match action.value().get() {
        Some(Ok(ReassignOutcome::Done)) => {
            done();
            refetch.run("The work has been reassigned.".to_string());
        }
        Some(Ok(ReassignOutcome::Refused { errors: e })) => errors.set(e.into_iter().map(|e| FieldError::new(field(&e.field), e.message)).collect()),
        Some(Ok(ReassignOutcome::Stale { message })) => errors.set(vec![FieldError::new(field("reason"), message)]),
        Some(Err(e)) => errors.set(vec![FieldError::new(field("reason"), e.to_string())]),
        None => {}
    });
    let worklist = row.worklist.clone();
    let candidates: Vec<(String, String)> =
        members.with_value(|ms| ms.iter().filter(|m| works(m, &worklist)).map(|m| (m.id.clone(), m.name.clone())).collect());
    let (item_id, version, reference) = (row.item_id.clone(), row.version, row.reference.clone());
    view! {
        <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 fd-touch" aria-expanded=move || open.get().to_string()
            on:click=move |_| set_open(!open.get_untracked())>
            "Reassign"<span class="govuk-visually-hidden">{format!(" {reference}")}</span>
        </button>
        <Show when=move || open.get()>
            <form class="fd-reassign" on:submit={
                let item_id = item_id.clone();
                move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    action.dispatch(Reassign { item_id: item_id.clone(), version, to_user: to.get_untracked(), reason: reason.get_untracked() });
                }
            }>
                <ErrorSummary errors=errors/>
                <div class="govuk-form-group">
                    <label class="govuk-label" for=format!("{ids}-to")>"Give to"</label>
                    <select class="govuk-select" id=format!("{ids}-to") name="to_user" on:change=move |ev| to.set(event_target_value(&ev))>
                        <option value="">"Back to the worklist"</option>
                        {candidates.clone().into_iter().map(|(id, name)| {
                            let chosen = id.clone();
                            view! { <option value=id selected=move || to.get() == chosen>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="govuk-form-group">
                    <label class="govuk-label" for=format!("{ids}-reason")>"Why?"</label>
                    <textarea class="govuk-textarea" id=format!("{ids}-reason") name="reason" rows="2"
                        prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </div>
                <button type="submit" class="govuk-button govuk-!-margin-bottom-0">"Reassign"</button>
            </form>
        </Show>
    }
}

/// Whether a person's roles take work from a worklist (by its short name, as rows show it).
fn works(m: &Member, worklist: &str) -> bool {
    m.worklists.iter().any(|w| domain::workflow::worklist_from_slug(w).map(domain::workflow::worklist_short_name) == Some(worklist))
}

/// Moves focus to a field once the form that holds it has been drawn.
fn focus_soon(id: String) {
    #[cfg(feature = "hydrate")]
    set_timeout(
        move || {
            use wasm_bindgen::JsCast;
            if let Some(el) = document().get_element_by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = el.focus();
            }
        },
        std::time::Duration::from_millis(50),
    );
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}
