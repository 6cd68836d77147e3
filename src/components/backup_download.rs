//! The "Download a backup" button: the whole workspace, its history read
//! back from storage first, as one JSON file ([`preflight_core::backup`]).
//! Used by Settings → Backup and restore and by the banner shown when the
//! browser's storage is full.

use crate::browser;
use crate::store::{use_store, Store};
use leptos::prelude::*;
use leptos::task::spawn_local;
use preflight_core::backup;

/// Writes the backup file; the file's name, or why nothing was written.
pub async fn download_backup(store: Store) -> Result<String, String> {
    // A backup holds the whole history: read what is still stored.
    store
        .read_all_snapshots()
        .await
        .map_err(|e| format!("No backup was written: {e}."))?;
    let text = store
        .workspace
        .with_untracked(|ws| backup::write_backup(ws, browser::now()));
    let name = backup::file_name(browser::today());
    text.map_err(|e| e.to_string())
        .and_then(|text| browser::download_text(&name, "application/json", &text))
        .map_err(|e| format!("No backup was written: {e}."))?;
    Ok(name)
}

/// A button that downloads a backup of the workspace.
#[component]
pub fn BackupDownload(
    /// The button's `data-testid`.
    testid: &'static str,
    /// Hears the outcome: the file's name, or why nothing was written.
    on_result: Callback<Result<String, String>>,
) -> impl IntoView {
    let store = use_store();
    let (busy, set_busy) = signal(false);
    let click = move |_| {
        set_busy.set(true);
        spawn_local(async move {
            let result = download_backup(store).await;
            set_busy.set(false);
            on_result.run(result);
        });
    };
    view! {
        <button type="button" class="button" data-testid=testid prop:disabled=move || busy.get() on:click=click>
            "Download a backup"
        </button>
    }
}
