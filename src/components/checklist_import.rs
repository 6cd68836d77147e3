//! Import a checklist from a file, picked or dropped, or from pasted text
//! (a documentation page copied from the browser): a Markdown table, CSV or
//! our JSON, chosen by the file's extension or, for pasted text, by what it
//! looks like. The parsed checklist
//! is shown first, with counts, row-level warnings (with line numbers) and
//! editable timeframe offsets; nothing is added until the user accepts.

use crate::browser;
use crate::components::file_drop::FileDrop;
use crate::store::use_store;
use leptos::prelude::*;
use leptos::task::spawn_local;
use preflight_core::checklist::markdown::import_markdown_with;
use preflight_core::checklist::{import_checklist, ImportFormat, ImportPreview};

/// A parsed file waiting for the user's decision.
#[derive(Clone)]
struct Pending {
    file: String,
    preview: ImportPreview,
}

fn format_name(format: ImportFormat) -> &'static str {
    match format {
        ImportFormat::Markdown => "Markdown",
        ImportFormat::Csv => "CSV",
        ImportFormat::Json => "JSON",
    }
}

/// The format a file name says, or a message naming what is accepted.
fn format_of(name: &str) -> Result<ImportFormat, String> {
    ImportFormat::from_file_name(name).ok_or_else(|| {
        format!(
            "{name}: unknown file type. Choose a Markdown table (.md), a CSV file (.csv) or a Preflight checklist (.json)."
        )
    })
}

/// The import card of the checklists page.
#[component]
pub fn ChecklistImport(
    /// Called with the new checklist's id once the import is accepted.
    on_imported: Callback<String>,
) -> impl IntoView {
    let store = use_store();
    let pending = RwSignal::new(None::<Pending>);
    let (error, set_error) = signal(None::<String>);

    let take_file = move |file: web_sys::File| {
        set_error.set(None);
        pending.set(None);
        spawn_local(async move {
            let name = file.name();
            let format = match format_of(&name) {
                Ok(f) => f,
                Err(e) => return set_error.set(Some(e)),
            };
            let text = match browser::read_file(file).await {
                Ok(t) => t,
                Err(e) => return set_error.set(Some(e)),
            };
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
            match import_checklist(&text, format, stem) {
                Ok(preview) => pending.set(Some(Pending {
                    file: name,
                    preview,
                })),
                Err(e) => set_error.set(Some(format!("{name}: {e}"))),
            }
        });
    };

    let pasted = RwSignal::new(String::new());
    let base_url = RwSignal::new(String::new());
    let read_pasted = move |_| {
        set_error.set(None);
        pending.set(None);
        let text = pasted.get_untracked();
        if text.trim().is_empty() {
            return set_error.set(Some("Paste the page or table first.".to_owned()));
        }
        let format = ImportFormat::sniff(&text);
        let base = base_url.get_untracked();
        let base = Some(base.trim()).filter(|b| !b.is_empty());
        let preview = match format {
            ImportFormat::Markdown => import_markdown_with(&text, "Pasted checklist", base),
            other => import_checklist(&text, other, "Pasted checklist"),
        };
        match preview {
            Ok(preview) => pending.set(Some(Pending {
                file: "The pasted text".to_owned(),
                preview,
            })),
            Err(e) => set_error.set(Some(format!("The pasted text: {e}"))),
        }
    };

    let accept = move |_| {
        let Some(p) = pending.get_untracked() else {
            return;
        };
        let mut id = String::new();
        store.update(|ws| id = p.preview.accept(ws));
        pending.set(None);
        on_imported.run(id);
    };

    let set_offset = move |t: usize, value: String| match value.trim().parse::<i32>() {
        Ok(days) => {
            set_error.set(None);
            pending.update(|p| {
                if let Some(tf) = p
                    .as_mut()
                    .and_then(|p| p.preview.checklist.timeframes.get_mut(t))
                {
                    tf.offset_days = days;
                }
            });
        }
        Err(_) => set_error.set(Some(format!(
            "The offset {value:?} is not a whole number of days (e.g. -14 for two weeks before)."
        ))),
    };
    let set_name = move |value: String| {
        pending.update(|p| {
            if let Some(p) = p.as_mut() {
                p.preview.checklist.name = value;
            }
        })
    };

    let summary = move || {
        pending.with(|p| {
            p.as_ref().map(|p| {
                let c = p.preview.counts();
                format!(
                    "{} read as {}: {} item(s) in {} timeframe(s), {} gating, {} warning(s).",
                    p.file,
                    format_name(p.preview.format),
                    c.items,
                    c.timeframes,
                    c.gating,
                    c.warnings
                )
            })
        })
    };
    let timeframes = move || {
        pending.with(|p| {
            p.as_ref()
                .map(|p| {
                    let counts = p.preview.counts().items_per_timeframe;
                    p.preview
                        .checklist
                        .timeframes
                        .iter()
                        .enumerate()
                        .map(|(t, tf)| {
                            (
                                t,
                                tf.name.clone(),
                                tf.offset_days,
                                counts.get(t).copied().unwrap_or(0),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let warnings = move || {
        pending.with(|p| {
            p.as_ref()
                .map(|p| {
                    p.preview
                        .warnings
                        .iter()
                        .map(|w| w.to_string())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let preview_name = move || {
        pending.with(|p| {
            p.as_ref()
                .map(|p| p.preview.checklist.name.clone())
                .unwrap_or_default()
        })
    };

    view! {
        <section class="card" aria-labelledby="checklist-import-heading">
            <h2 id="checklist-import-heading">"Import"</h2>
            <FileDrop zone_testid="checklist-drop-zone" input_testid="checklist-import-file" accept=".md,.markdown,.txt,.csv,.tsv,.json,text/markdown,text/csv,application/json,text/plain" prompt="Drop a Markdown table (.md), CSV (.csv) or Preflight JSON (.json) file here, or " hint="You will see the items first; nothing is added until you accept." on_file=Callback::new(take_file) on_nothing=Callback::new(move |()| set_error.set(Some("Drop a file (Markdown, CSV or JSON) here.".to_owned())))/>
            <details class="paste-import">
                <summary>"Or paste a page or table"</summary>
                <label class="field">
                    <span class="field-label">"Pasted text (Markdown, CSV or Preflight JSON)"</span>
                    <textarea rows="8" data-testid="checklist-paste" prop:value=move || pasted.get()
                        on:input=move |ev| pasted.set(event_target_value(&ev))></textarea>
                </label>
                <label class="field">
                    <span class="field-label">"Address of the page (to resolve its site-relative links; optional)"</span>
                    <input type="url" data-testid="checklist-paste-base" placeholder="https://docs.example.com/guide/page.html"
                        prop:value=move || base_url.get() on:input=move |ev| base_url.set(event_target_value(&ev))/>
                </label>
                <button type="button" class="button" data-testid="checklist-paste-read" on:click=read_pasted>"Read the pasted text"</button>
            </details>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="checklist-import-error">{e}</p> })}
            <Show when=move || pending.with(|p| p.is_some())>
                <div class="import-preview" data-testid="checklist-import-preview">
                    <h3>"Preview"</h3>
                    <p data-testid="checklist-import-summary">{summary}</p>
                    <label class="field">
                        <span class="field-label">"Checklist name"</span>
                        <input type="text" data-testid="checklist-import-name" prop:value=preview_name
                            on:input=move |ev| set_name(event_target_value(&ev))/>
                    </label>
                    <table class="table import-timeframes" data-testid="checklist-import-timeframes">
                        <thead>
                            <tr><th scope="col">"Timeframe"</th><th scope="col">"Items"</th><th scope="col">"Offset from go-live (days)"</th></tr>
                        </thead>
                        <tbody>
                            {move || timeframes().into_iter().map(|(t, name, offset, count)| {
                                let label = format!("Offset of {name} in days");
                                view! {
                                    <tr data-testid="import-timeframe">
                                        <td>{name}</td>
                                        <td data-testid="import-timeframe-count">{count}</td>
                                        <td>
                                            <input type="number" step="1" class="offset-input" data-testid="import-offset"
                                                aria-label=label prop:value=offset.to_string()
                                                on:change=move |ev| set_offset(t, event_target_value(&ev))/>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    {move || {
                        let w = warnings();
                        (!w.is_empty()).then(|| view! {
                            <h4>"Check these rows"</h4>
                            <ul class="import-warnings" data-testid="checklist-import-warnings">
                                {w.into_iter().map(|w| view! { <li data-testid="import-warning">{w}</li> }).collect_view()}
                            </ul>
                        })
                    }}
                    <div class="toolbar">
                        <button type="button" class="button button-quiet" data-testid="checklist-import-cancel" on:click=move |_| pending.set(None)>
                            "Cancel"
                        </button>
                        <button type="button" class="button" data-testid="checklist-import-accept" on:click=accept>
                            "Add this checklist"
                        </button>
                    </div>
                </div>
            </Show>
        </section>
    }
}
