//! Import a config from a file, picked or dropped: JSON, YAML or .env,
//! detected from the name and the content. What would change is shown
//! first; nothing is written until the user accepts.

use crate::browser;
use crate::components::change_list::ChangeList;
use crate::components::file_drop::FileDrop;
use crate::store::{use_store, NotSaved};
use leptos::prelude::*;
use leptos::task::spawn_local;
use preflight_core::diff::{Change, ChangeKind};
use preflight_core::edit::{self, ConfigEdit, EditSource};
use preflight_core::formats::Format;
use preflight_core::patterns::KeptSecret;
use preflight_core::EnvId;
use serde_json::Value;

/// A parsed file waiting for the user's decision.
#[derive(Clone)]
struct Pending {
    file: String,
    format: Format,
    config: Value,
    base_version: u64,
    changes: Vec<Change>,
    /// Secrets kept because the file held their masks.
    kept: Vec<KeptSecret>,
}

/// The import card of an environment page.
#[component]
pub fn ConfigImport(
    /// The environment that receives the file.
    #[prop(into)]
    id: Signal<EnvId>,
) -> impl IntoView {
    let store = use_store();
    let pending = RwSignal::new(None::<Pending>);
    let (error, set_error) = signal(None::<String>);
    let (done, set_done) = signal(None::<String>);

    let take_file = move |file: web_sys::File| {
        set_error.set(None);
        set_done.set(None);
        pending.set(None);
        spawn_local(async move {
            let name = file.name();
            let text = match browser::read_file(file).await {
                Ok(t) => t,
                Err(e) => return set_error.set(Some(e)),
            };
            let (format, config) = match edit::read_config_file(&name, &text) {
                Ok(ok) => ok,
                Err(e) => return set_error.set(Some(e.to_string())),
            };
            let env = id.get_untracked();
            let result = store.workspace.with_untracked(|ws| {
                let version = ws.env(&env).map(|e| e.version).unwrap_or_default();
                edit::prepare_import(ws, &env, config).map(|plan| (version, plan))
            });
            match result {
                Ok((base_version, plan)) => pending.set(Some(Pending {
                    file: name,
                    format,
                    config: plan.config,
                    base_version,
                    changes: plan.changes,
                    kept: plan.kept,
                })),
                Err(e) => set_error.set(Some(e.to_string())),
            }
        });
    };

    let accept = move |_| {
        let Some(p) = pending.get_untracked() else {
            return;
        };
        let actor = store.actor();
        let change = ConfigEdit {
            env: id.get_untracked(),
            base_version: p.base_version,
            config: p.config,
            source: EditSource::Import,
            note: format!("Imported {}", p.file),
        };
        let (file, count) = (p.file.clone(), p.changes.len());
        store.apply_saved(
            |ws| edit::set_config(ws, change, &actor, browser::now()),
            move |result| match result {
                Ok(_) => {
                    set_done.set(Some(format!("Imported {file} ({count} change(s)).")));
                    pending.set(None);
                }
                Err(NotSaved::Refused(e)) => set_error.set(Some(e.to_string())),
                Err(NotSaved::Storage(e)) => set_error.set(Some(format!(
                    "Not imported: {e}. The configuration is unchanged; try again."
                ))),
            },
        );
    };

    let summary = move || {
        pending.with(|p| {
            p.as_ref().map(|p| {
                let count = |k: ChangeKind| p.changes.iter().filter(|c| c.kind == k).count();
                format!(
                    "{} read as {}: {} added, {} removed, {} modified, {} moved.",
                    p.file,
                    p.format,
                    count(ChangeKind::Added),
                    count(ChangeKind::Removed),
                    count(ChangeKind::Modified) + count(ChangeKind::TypeChanged),
                    count(ChangeKind::Moved)
                )
            })
        })
    };

    view! {
        <section class="card" aria-labelledby="import-heading">
            <h2 id="import-heading">"Import"</h2>
            <FileDrop zone_testid="drop-zone" input_testid="import-file" accept=".json,.yaml,.yml,.env,.txt,application/json,text/yaml,text/plain" prompt="Drop a JSON, YAML or .env file here, or " hint="You will see what changes before anything is saved." on_file=Callback::new(take_file) on_nothing=Callback::new(move |()| set_error.set(Some("Drop a file (JSON, YAML or .env) here.".into())))/>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="import-error">{e}</p> })}
            {move || done.get().map(|d| view! { <p class="muted" role="status" data-testid="import-done">{d}</p> })}
            <Show when=move || pending.with(|p| p.is_some())>
                <div class="import-preview" data-testid="import-preview">
                    <h3>"Preview"</h3>
                    <p data-testid="import-summary">{summary}</p>
                    <KeptSecrets kept=Signal::derive(move || pending.with(|p| p.as_ref().map(|p| p.kept.clone()).unwrap_or_default()))/>
                    <ChangeList
                        changes=Signal::derive(move || pending.with(|p| p.as_ref().map(|p| p.changes.clone()).unwrap_or_default()))
                        empty="The file holds exactly the current configuration."
                    />
                    <div class="toolbar">
                        <button type="button" class="button button-quiet" data-testid="import-cancel" on:click=move |_| pending.set(None)>
                            "Cancel"
                        </button>
                        <button type="button" class="button" data-testid="import-accept" on:click=accept
                            prop:disabled=move || pending.with(|p| p.as_ref().is_some_and(|p| p.changes.is_empty()))>
                            "Replace the configuration"
                        </button>
                    </div>
                </div>
            </Show>
        </section>
    }
}

/// The secrets an import keeps because the file held only their masks.
#[component]
fn KeptSecrets(#[prop(into)] kept: Signal<Vec<KeptSecret>>) -> impl IntoView {
    view! {
        <Show when=move || kept.with(|k| !k.is_empty())>
            <div class="banner banner-info" data-testid="import-kept">
                <p>{move || format!("{} secret(s) kept: the file holds only their masks, so the current values stay.", kept.with(Vec::len))}</p>
                <ul>
                    <For each=move || kept.get() key=|k| k.path.clone() let:k>
                        <li data-testid="import-kept-path">
                            <code>{k.path.clone()}</code>
                            {if k.same { " kept (masked in the file)" } else { " kept (masked in the file, by another workspace or an older Preflight)" }}
                        </li>
                    </For>
                </ul>
            </div>
        </Show>
    }
}
