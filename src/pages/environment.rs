//! `/environments/:id`: one environment: its config (viewed masked, edited
//! with live validation), import and export, the pinned and secret
//! patterns, and its snapshots.

use crate::browser;
use crate::components::config_editor::{ConfigEditor, TextError};
use crate::components::config_import::ConfigImport;
use crate::components::out_of_sync_banner::OutOfSyncBanner;
use crate::components::patterns_editor::PatternsEditor;
use crate::components::snapshot_panel::SnapshotPanel;
use crate::pages::not_found::NotFound;
use crate::store::{use_store, NotSaved};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use preflight_core::edit::{self, ConfigEdit, EditSource};
use preflight_core::formats::{self, Format};
use preflight_core::EnvId;

#[component]
pub fn EnvironmentPage() -> impl IntoView {
    let store = use_store();
    let params = use_params_map();
    let id = Memo::new(move |_| EnvId::new(params.with(|p| p.get("id").unwrap_or_default())));
    let exists = move || store.workspace.with(|ws| ws.env(&id.get()).is_some());
    view! {
        <Show when=exists fallback=|| view! { <NotFound/> }>
            <EnvironmentView id=id/>
        </Show>
    }
}

/// The page body for an environment that exists.
#[component]
fn EnvironmentView(id: Memo<EnvId>) -> impl IntoView {
    let store = use_store();
    let env = move || store.workspace.with(|ws| ws.env(&id.get()).cloned());
    let name = move || env().map(|e| e.name).unwrap_or_default();
    let version = move || env().map(|e| e.version).unwrap_or_default();
    let position = move || {
        store.workspace.with(|ws| {
            let i = ws.env_index(&id.get()).unwrap_or(0);
            let below = i
                .checked_sub(1)
                .and_then(|j| ws.environments.get(j))
                .map(|e| e.name.clone());
            let above = ws.environments.get(i + 1).map(|e| e.name.clone());
            (i + 1, ws.environments.len(), below, above)
        })
    };
    let cloned_from = move || {
        store.workspace.with(|ws| {
            let env = ws.env(&id.get())?;
            let src = env.cloned_from.as_ref()?;
            Some(
                ws.env(src)
                    .map(|e| e.name.clone())
                    .unwrap_or_else(|| src.to_string()),
            )
        })
    };

    // Editing: a draft of the text and the version it started from.
    let editing = RwSignal::new(false);
    let draft = RwSignal::new(String::new());
    let base_version = RwSignal::new(0u64);
    let (save_error, set_save_error) = signal(None::<String>);
    let (saved_note, set_saved_note) = signal(None::<String>);
    let parsed = Memo::new(move |_| draft.with(|t| formats::parse(t, Format::Json)));
    let text_error = Signal::derive(move || {
        parsed.with(|p| match p {
            Ok(_) => None,
            Err(formats::ImportError::Syntax {
                line,
                column,
                message,
                ..
            }) => Some(TextError {
                line: *line,
                column: *column,
                message: message.clone(),
            }),
            Err(other) => Some(TextError {
                line: 1,
                column: 1,
                message: other.to_string(),
            }),
        })
    });
    // Viewing and editing: masked unless revealed. The editor opens in the
    // view's mode; a mask left in place keeps its secret on save.
    let reveal = RwSignal::new(false);
    let current_text = move || {
        store.workspace.with_untracked(|ws| {
            edit::config_text(
                ws,
                &id.get_untracked(),
                Format::Json,
                reveal.get_untracked(),
            )
            .and_then(Result::ok)
            .unwrap_or_default()
        })
    };
    let dirty = move || editing.get() && draft.get() != current_text();
    let start_edit = move |_| {
        draft.set(current_text());
        base_version.set(version());
        set_save_error.set(None);
        set_saved_note.set(None);
        editing.set(true);
    };
    let save = Callback::new(move |()| {
        let Some(Ok(config)) = parsed.with_untracked(|p| Some(p.clone())) else {
            set_save_error.set(Some(
                "Fix the error first: invalid text is never saved.".into(),
            ));
            return;
        };
        let actor = store.actor();
        let change = ConfigEdit {
            env: id.get_untracked(),
            base_version: base_version.get_untracked(),
            config,
            source: EditSource::Editor,
            note: String::new(),
        };
        store.apply_saved(
            |ws| edit::set_config(ws, change, &actor, browser::now()),
            move |result| match result {
                Ok(changed) => {
                    set_save_error.set(None);
                    base_version.set(version());
                    draft.set(current_text());
                    set_saved_note.set(Some(if changed {
                        format!("Saved as version {}.", version())
                    } else {
                        "Nothing changed.".to_owned()
                    }));
                }
                Err(NotSaved::Refused(e)) => set_save_error.set(Some(e.to_string())),
                Err(NotSaved::Storage(e)) => set_save_error.set(Some(format!(
                    "Not saved: {e}. Your text is still in the editor; try again."
                ))),
            },
        );
    });

    let shown_text = move || {
        store.workspace.with(|ws| {
            edit::config_text(ws, &id.get(), Format::Json, reveal.get())
                .and_then(Result::ok)
                .unwrap_or_default()
        })
    };

    let (export_error, set_export_error) = signal(None::<String>);
    let include_secrets = RwSignal::new(false);
    let export = move |format: Format| {
        let result = store.workspace.with_untracked(|ws| {
            let env = id.get_untracked();
            let text = edit::config_text(ws, &env, format, include_secrets.get_untracked())
                .ok_or("the environment is gone")?
                .map_err(|e| e.to_string())?;
            let file = format!("{}.{}", env, format.extension());
            let mime = if format == Format::Json {
                "application/json"
            } else {
                "text/plain"
            };
            browser::download_text(&file, mime, &text)
        });
        set_export_error.set(result.err().map(|e: String| e));
    };

    view! {
        <div class="page-head">
            <div>
                <p class="eyebrow">{move || { let (i, n, _, _) = position(); format!("Environment {i} of {n}") }}</p>
                <h1 data-testid="environment-name">{name}</h1>
                <p class="muted">
                    <span data-testid="environment-version">{move || format!("Version {}", version())}</span>
                    {move || cloned_from().map(|s| format!(" · cloned from {s}"))}
                </p>
            </div>
        </div>
        <OutOfSyncBanner id=id/>
        <section class="card" aria-labelledby="config-heading">
            <div class="card-head">
                <h2 id="config-heading">"Configuration"</h2>
                <div class="toolbar">
                    <Show
                        when=move || editing.get()
                        fallback=move || view! {
                            <label class="check">
                                <input type="checkbox" data-testid="reveal-config" prop:checked=move || reveal.get()
                                    on:change=move |ev| reveal.set(event_target_checked(&ev))/>
                                " Reveal secrets"
                            </label>
                            <button type="button" class="button" data-testid="edit-config" on:click=start_edit>"Edit"</button>
                        }
                    >
                        <button type="button" class="button button-quiet" data-testid="close-editor"
                            on:click=move |_| editing.set(false)>
                            {move || if dirty() { "Discard changes" } else { "Close editor" }}
                        </button>
                        <button type="button" class="button" data-testid="save-config"
                            prop:disabled=move || text_error.with(|e| e.is_some()) || !dirty()
                            on:click=move |_| save.run(())>
                            "Save"
                        </button>
                    </Show>
                </div>
            </div>
            <Show
                when=move || editing.get()
                fallback=move || view! { <pre class="code" tabindex="0" aria-label="Configuration" data-testid="config-view">{shown_text}</pre> }
            >
                <Show when=move || !reveal.get()>
                    <p class="muted small" data-testid="editor-masked-note">
                        "Secrets are shown masked. Leave a mask as it is to keep that secret; type over it to change it."
                    </p>
                </Show>
                <ConfigEditor text=draft error=text_error on_save=save label="Configuration as JSON"/>
                {move || save_error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="save-error">{e}</p> })}
                {move || saved_note.get().map(|n| view! { <p class="muted" role="status" data-testid="saved-note">{n}</p> })}
            </Show>
            <div class="export-row">
                <span class="field-label">"Export"</span>
                <button type="button" class="button button-quiet" data-testid="export-json" on:click=move |_| export(Format::Json)>"JSON"</button>
                <button type="button" class="button button-quiet" data-testid="export-yaml" on:click=move |_| export(Format::Yaml)>"YAML"</button>
                <button type="button" class="button button-quiet" data-testid="export-env" on:click=move |_| export(Format::Env)>".env"</button>
                <label class="check">
                    <input type="checkbox" data-testid="export-secrets" prop:checked=move || include_secrets.get()
                        on:change=move |ev| include_secrets.set(event_target_checked(&ev))/>
                    " Include secret values"
                </label>
            </div>
            {move || export_error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="export-error">{e}</p> })}
        </section>
        <ConfigImport id=id/>
        <SnapshotPanel id=id/>
        <PatternsEditor/>
    }
}
