//! One environment in the reorderable list of the environments page.

use crate::components::link::A;
use leptos::prelude::*;
use preflight_core::EnvId;

/// What a row asks its page to do.
#[derive(Debug, Clone, PartialEq)]
pub enum RowAction {
    Rename(String),
    Up,
    Down,
    MoveTo(usize),
    Clone,
    Delete,
}

/// A draggable row with rename, move, clone and delete controls.
#[component]
pub fn EnvironmentRow(
    /// The environment's id.
    id: EnvId,
    /// Its display name.
    name: String,
    /// Its position, 0 being the lowest.
    index: usize,
    /// How many environments there are.
    count: usize,
    /// The environment being dragged, shared by all rows.
    dragged: RwSignal<Option<EnvId>>,
    /// Receives the row's requests.
    on_action: Callback<(EnvId, RowAction)>,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(name.clone());
    let over = RwSignal::new(false);
    let act = {
        let id = id.clone();
        move |a: RowAction| on_action.run((id.clone(), a))
    };
    let save = {
        let act = act.clone();
        move || {
            act(RowAction::Rename(draft.get_untracked()));
            editing.set(false);
        }
    };
    let drag_id = id.clone();
    let href = format!("/environments/{id}");
    let label = name.clone();
    view! {
        <li
            class="env-row"
            class:drop-target=move || over.get()
            data-testid="env-row"
            draggable="true"
            on:dragstart=move |ev| {
                dragged.set(Some(drag_id.clone()));
                if let Some(dt) = ev.data_transfer() {
                    let _ = dt.set_data("text/plain", drag_id.as_str());
                    dt.set_effect_allowed("move");
                }
            }
            on:dragend=move |_| dragged.set(None)
            on:dragover=move |ev| {
                ev.prevent_default();
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=move |ev| {
                ev.prevent_default();
                over.set(false);
                if let Some(from) = dragged.get_untracked() {
                    on_action.run((from, RowAction::MoveTo(index)));
                }
            }
        >
            <span class="drag-handle" aria-hidden="true" title="Drag to reorder">"⠿"</span>
            <span class="env-position" aria-hidden="true">{index + 1}</span>
            <Show
                when=move || editing.get()
                fallback={
                    let href = href.clone();
                    let name = name.clone();
                    move || {
                        let (href, name) = (href.clone(), name.clone());
                        view! { <A href=href attr:class="env-row-name">{name}</A> }
                    }
                }
            >
                {
                    let save = save.clone();
                    let save2 = save.clone();
                    view! {
                        <input
                            type="text"
                            class="env-rename"
                            data-testid="rename-input"
                            aria-label="New name"
                            prop:value=move || draft.get()
                            on:input=move |ev| draft.set(event_target_value(&ev))
                            on:keydown=move |ev| match ev.key().as_str() {
                                "Enter" => save(),
                                "Escape" => editing.set(false),
                                _ => {}
                            }
                        />
                        <button type="button" class="button" data-testid="rename-save" on:click=move |_| save2()>"Save"</button>
                    }
                }
            </Show>
            <div class="env-row-actions">
                <button
                    type="button"
                    class="icon-button"
                    data-testid="move-down"
                    aria-label=format!("Move {label} lower")
                    disabled={index == 0}
                    on:click={ let act = act.clone(); move |_| act(RowAction::Down) }
                >"↑"</button>
                <button
                    type="button"
                    class="icon-button"
                    data-testid="move-up"
                    aria-label=format!("Move {label} higher")
                    disabled={index + 1 >= count}
                    on:click={ let act = act.clone(); move |_| act(RowAction::Up) }
                >"↓"</button>
                <button type="button" class="button button-quiet" data-testid="rename" on:click=move |_| editing.set(true)>
                    "Rename"
                </button>
                <button type="button" class="button button-quiet" data-testid="clone" on:click={ let act = act.clone(); move |_| act(RowAction::Clone) }>
                    "Clone up"
                </button>
                <button type="button" class="button button-quiet danger-text" data-testid="delete" on:click={ let act = act.clone(); move |_| act(RowAction::Delete) }>
                    "Delete"
                </button>
            </div>
        </li>
    }
}
