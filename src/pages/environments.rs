//! `/environments`: the pipeline and its management: add, rename, reorder
//! (drag, or the keyboard-accessible buttons), clone up, delete.

use crate::browser;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::environment_row::{EnvironmentRow, RowAction};
use crate::components::pipeline_strip::PipelineStrip;
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::{pipeline, EnvId};

#[component]
pub fn EnvironmentsPage() -> impl IntoView {
    let store = use_store();
    let (error, set_error) = signal(None::<String>);
    let (new_name, set_new_name) = signal(String::new());
    let dragged = RwSignal::new(None::<EnvId>);

    // The pending dangerous action: which environment, and the clone name.
    let delete_open = RwSignal::new(false);
    let clone_open = RwSignal::new(false);
    let target = RwSignal::new(None::<(EnvId, String)>);
    let clone_name = RwSignal::new(String::new());

    let rows = move || {
        store.workspace.with(|ws| {
            let n = ws.environments.len();
            ws.environments
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.clone(), e.name.clone(), i, n))
                .collect::<Vec<_>>()
        })
    };

    let report = move |r: Result<(), String>| set_error.set(r.err());

    let on_action = Callback::new(move |(id, action): (EnvId, RowAction)| {
        let actor = store.actor();
        let now = browser::now();
        let name = store
            .workspace
            .with_untracked(|ws| ws.env(&id).map(|e| e.name.clone()))
            .unwrap_or_default();
        match action {
            RowAction::Rename(new) => report(
                store
                    .apply(|ws| pipeline::rename(ws, &id, &new, &actor, now))
                    .map_err(|e| e.to_string()),
            ),
            RowAction::Up => report(
                store
                    .apply(|ws| pipeline::move_up(ws, &id, &actor, now).map(|_| ()))
                    .map_err(|e| e.to_string()),
            ),
            RowAction::Down => report(
                store
                    .apply(|ws| pipeline::move_down(ws, &id, &actor, now).map(|_| ()))
                    .map_err(|e| e.to_string()),
            ),
            RowAction::MoveTo(index) => report(
                store
                    .apply(|ws| pipeline::move_to(ws, &id, index, &actor, now).map(|_| ()))
                    .map_err(|e| e.to_string()),
            ),
            RowAction::Clone => {
                clone_name.set(format!("{name} copy"));
                target.set(Some((id, name)));
                clone_open.set(true);
            }
            RowAction::Delete => {
                target.set(Some((id, name)));
                delete_open.set(true);
            }
        }
    });

    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = new_name.get_untracked();
        let actor = store.actor();
        let result = store
            .apply(|ws| pipeline::add(ws, &name, serde_json::json!({}), &actor, browser::now()));
        match result {
            Ok(_) => {
                set_new_name.set(String::new());
                set_error.set(None);
            }
            Err(e) => set_error.set(Some(e.to_string())),
        }
    };

    let confirm_delete = Callback::new(move |()| {
        let Some((id, _)) = target.get_untracked() else {
            return;
        };
        let actor = store.actor();
        report(
            store
                .apply(|ws| pipeline::delete(ws, &id, &actor, browser::now()).map(|_| ()))
                .map_err(|e| e.to_string()),
        );
    });
    let confirm_clone = Callback::new(move |()| {
        let Some((id, _)) = target.get_untracked() else {
            return;
        };
        let actor = store.actor();
        let name = clone_name.get_untracked();
        report(
            store
                .apply(|ws| pipeline::clone_up(ws, &id, &name, &actor, browser::now()).map(|_| ()))
                .map_err(|e| e.to_string()),
        );
    });
    let target_name = move || target.get().map(|t| t.1).unwrap_or_default();

    view! {
        <h1>"Environments"</h1>
        <section class="card">
            <h2>"Pipeline"</h2>
            <p class="muted">"Changes are promoted upwards, one environment at a time."</p>
            <PipelineStrip/>
        </section>
        <section class="card" aria-labelledby="env-list-heading">
            <h2 id="env-list-heading">"Order and names"</h2>
            <p class="muted">"Drag an environment to reorder, or use its arrow buttons. The lowest comes first."</p>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="environments-error">{e}</p> })}
            <ol class="env-list" data-testid="env-list">
                <For each=rows key=|r| r.clone() let:row>
                    <EnvironmentRow
                        id=row.0
                        name=row.1
                        index=row.2
                        count=row.3
                        dragged=dragged
                        on_action=on_action
                    />
                </For>
            </ol>
            <form class="inline-form" on:submit=add>
                <label class="field">
                    <span class="field-label">"New environment"</span>
                    <input
                        type="text"
                        data-testid="new-env-name"
                        placeholder="e.g. Staging"
                        prop:value=new_name
                        on:input=move |ev| set_new_name.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="button" data-testid="add-env">"Add at the top"</button>
            </form>
        </section>
        <ConfirmDialog
            open=delete_open
            title=Signal::derive(move || format!("Delete {}?", target_name()))
            confirm_label=Signal::derive(move || format!("Delete {}", target_name()))
            danger=true
            on_confirm=confirm_delete
        >
            <p>
                "The environment and its configuration leave the pipeline. Its snapshots and audit entries stay in History."
            </p>
        </ConfirmDialog>
        <ConfirmDialog
            open=clone_open
            title=Signal::derive(move || format!("Clone {} into a new environment", target_name()))
            confirm_label=Signal::derive(|| "Clone".to_owned())
            confirm_disabled=Signal::derive(move || clone_name.get().trim().is_empty())
            on_confirm=confirm_clone
        >
            <p>"The copy is placed directly above, with the same configuration, linked to its source."</p>
            <label class="field">
                <span class="field-label">"Name of the new environment"</span>
                <input
                    type="text"
                    data-testid="clone-name"
                    prop:value=move || clone_name.get()
                    on:input=move |ev| clone_name.set(event_target_value(&ev))
                />
            </label>
        </ConfirmDialog>
    }
}
