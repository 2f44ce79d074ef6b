//! Reassigning work by dragging it onto a person (issue 8 point 2), for managers on tablets.
//! Pointer events, so a finger, a pen and a mouse all work the same way: press a case's handle,
//! move onto a person (or "Back to the worklist") and let go. Dropping never reassigns by
//! itself: it opens that case's reassign form with the person chosen and the reason to write,
//! because every reassignment carries a reason. The Reassign button beside each case does the
//! same without dragging (WCAG 2.2 2.5.7), and the server checks everything again.

use leptos::prelude::*;

/// The case being dragged.
#[derive(Clone, Debug, PartialEq)]
pub struct Dragged {
    pub item_id: String,
    pub reference: String,
}

/// One drag at a time on a page: what is dragged, where the pointer is, which target it is over.
#[derive(Clone, Copy)]
pub struct DragState {
    pub dragging: RwSignal<Option<Dragged>>,
    pub at: RwSignal<(i32, i32)>,
    /// The `data-drop-user` of the target under the pointer ("" is "Back to the worklist").
    pub over: RwSignal<Option<String>>,
    /// Called with (item id, user id) when a case is dropped on a target.
    pub on_drop: Callback<(String, String)>,
}

impl DragState {
    pub fn new(on_drop: Callback<(String, String)>) -> Self {
        Self { dragging: RwSignal::new(None), at: RwSignal::new((0, 0)), over: RwSignal::new(None), on_drop }
    }

    fn finish(&self, target: Option<String>) {
        let dragged = self.dragging.get_untracked();
        self.dragging.set(None);
        self.over.set(None);
        if let (Some(d), Some(user)) = (dragged, target) {
            self.on_drop.run((d.item_id, user));
        }
    }
}

/// The drop target under a point, by its `data-drop-user`.
#[cfg(feature = "hydrate")]
fn target_at(x: i32, y: i32) -> Option<String> {
    let doc = web_sys::window()?.document()?;
    let el = doc.element_from_point(x as f32, y as f32)?;
    el.closest("[data-drop-user]").ok().flatten()?.get_attribute("data-drop-user")
}
#[cfg(not(feature = "hydrate"))]
fn target_at(_: i32, _: i32) -> Option<String> {
    None
}

/// The handle a finger or mouse drags a case by. Hidden from assistive technology: the case's
/// Reassign button is the way there, and the way for the keyboard.
#[component]
pub fn DragHandle(item_id: String, reference: String) -> impl IntoView {
    let Some(drag) = use_context::<DragState>() else { return ().into_any() };
    let dragged = Dragged { item_id, reference };
    view! {
        <div class="fd-drag-handle" aria-hidden="true" data-testid="drag-handle" title="Drag onto a person to reassign"
            on:pointerdown=move |ev: leptos::ev::PointerEvent| {
                if !ev.is_primary() {
                    return;
                }
                ev.prevent_default();
                #[cfg(feature = "hydrate")]
                {
                    use wasm_bindgen::JsCast;
                    if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                        let _ = el.set_pointer_capture(ev.pointer_id());
                    }
                }
                drag.at.set((ev.client_x(), ev.client_y()));
                drag.dragging.set(Some(dragged.clone()));
            }
            on:pointermove=move |ev: leptos::ev::PointerEvent| {
                if drag.dragging.with_untracked(Option::is_some) {
                    drag.at.set((ev.client_x(), ev.client_y()));
                    let over = target_at(ev.client_x(), ev.client_y());
                    if drag.over.get_untracked() != over {
                        drag.over.set(over);
                    }
                }
            }
            on:pointerup=move |ev: leptos::ev::PointerEvent| {
                if drag.dragging.with_untracked(Option::is_some) {
                    drag.finish(target_at(ev.client_x(), ev.client_y()));
                }
            }
            on:pointercancel=move |_| drag.finish(None)>
            <span class="fd-drag-handle__grip">"⠿"</span>" Drag"
        </div>
    }
    .into_any()
}

/// A person (or the worklist) a case can be dropped on.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// The user's id; empty for "Back to the worklist".
    pub user_id: String,
    pub label: String,
    /// How many of the listed cases they hold now.
    pub held: usize,
}

/// The people of the manager's teams as drop targets, and the case following the pointer.
#[component]
pub fn DropTargets(targets: Vec<Target>) -> impl IntoView {
    let Some(drag) = use_context::<DragState>() else { return ().into_any() };
    view! {
        // While a case is dragged the people stay in view above a long list (sticky).
        <div class=move || if drag.dragging.with(Option::is_some) { "fd-drop-targets fd-drop-targets--dragging" } else { "fd-drop-targets" } data-testid="drop-targets">
            <p class="govuk-body-s fd-meta">"On a touch screen, drag a case's handle onto a person to reassign it; or use its Reassign button."</p>
            <ul class="fd-drop-list">
                {targets.into_iter().map(|t| {
                    let id = t.user_id.clone();
                    let class = move || {
                        let over = drag.over.with(|o| o.as_deref() == Some(id.as_str()));
                        match (drag.dragging.with(Option::is_some), over) {
                            (true, true) => "fd-drop-target fd-drop-target--over",
                            (true, false) => "fd-drop-target fd-drop-target--ready",
                            _ => "fd-drop-target",
                        }
                    };
                    let held = if t.user_id.is_empty() { String::new() } else { format!(" ({} held)", t.held) };
                    view! {
                        <li class=class data-drop-user=t.user_id.clone() data-testid="drop-target">
                            <strong>{t.label}</strong><span class="fd-meta">{held}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || drag.dragging.get().map(|d| {
                let (x, y) = drag.at.get();
                view! { <div class="fd-drag-ghost" style=format!("left: {}px; top: {}px", x + 12, y + 12) data-testid="drag-ghost">{d.reference}</div> }
            })}
        </div>
    }
    .into_any()
}
