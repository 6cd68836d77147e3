//! Settings → Storage: how much of the browser's storage Preflight's
//! database takes (`navigator.storage.estimate()`), and whether the browser
//! has promised to keep it (`navigator.storage.persist()`).

use crate::idb;
use crate::store::use_store;
use leptos::prelude::*;
use leptos::task::spawn_local;

fn megabytes(bytes: f64) -> String {
    if bytes < 1024.0 * 1024.0 {
        format!("{:.1} KB", bytes / 1024.0)
    } else {
        format!("{:.1} MB", bytes / (1024.0 * 1024.0))
    }
}

#[component]
pub fn StorageUsage() -> impl IntoView {
    let store = use_store();
    let estimate = RwSignal::new(None::<(f64, f64)>);
    let persisted = RwSignal::new(None::<bool>);
    // Read again after every commit: the revision moves.
    Effect::new(move |_| {
        store.workspace.with(|ws| ws.revision);
        spawn_local(async move {
            estimate.set(idb::storage_estimate().await);
            if let Some(p) = idb::persisted().await {
                persisted.set(Some(p));
            }
        });
    });
    let persisted = move || store.status.with(|s| s.persisted).or(persisted.get());
    view! {
        <div class="storage-usage" data-testid="database-usage">
            <p>
                {move || match estimate.get() {
                    Some((used, quota)) => format!(
                        "Preflight's database uses {} of the {} this browser allows this site (the browser's estimate).",
                        megabytes(used),
                        megabytes(quota)
                    ),
                    None => "This browser does not say how much storage Preflight uses.".to_owned(),
                }}
            </p>
            <p data-testid="persisted">
                {move || match persisted() {
                    Some(true) => "The browser has agreed to keep this data: it is not cleared to free space.",
                    Some(false) => "The browser may clear this data when space runs low. Download a backup regularly.",
                    None => "Whether the browser keeps this data for good is asked after your first change.",
                }}
            </p>
        </div>
    }
}
