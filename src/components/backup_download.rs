//! The "Download a backup" button: the whole workspace, its history read
//! back from storage first, as one JSON file ([`preflight_core::backup`]).
//! Used by Settings → Backup and restore and by the banner shown when the
//! browser's storage is full.

use crate::browser;
use crate::store::{use_store, Store};
use leptos::prelude::*;
use leptos::task::spawn_local;
use preflight_core::backup;

/// Writes the backup file; what to tell the user (the file's name, and the
/// damaged snapshots it had to leave out), or why nothing was written.
pub async fn download_backup(store: Store) -> Result<String, String> {
    // A backup holds the whole history: read what is still stored.
    store
        .read_all_snapshots()
        .await
        .map_err(|e| format!("No backup was written: {e}."))?;
    let left_out = store.left_out_of_backups();
    let text = store
        .workspace
        .with_untracked(|ws| backup::write_backup(ws, browser::now()));
    let name = backup::file_name(browser::today());
    text.map_err(|e| e.to_string())
        .and_then(|text| browser::download_text(&name, "application/json", &text))
        .map_err(|e| format!("No backup was written: {e}."))?;
    Ok(format!("Downloaded {name}.{}", left_out_note(&left_out)))
}

/// What a backup leaves out, as a sentence to append (empty if nothing).
pub fn left_out_note(left_out: &[String]) -> String {
    if left_out.is_empty() {
        return String::new();
    }
    format!(
        " It leaves out {} damaged snapshot(s) whose content could not be read ({}).",
        left_out.len(),
        left_out.join(", ")
    )
}

/// A button that downloads a backup of the workspace.
#[component]
pub fn BackupDownload(
    /// The button's `data-testid`.
    testid: &'static str,
    /// Hears the outcome: what was downloaded, or why nothing was written.
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
