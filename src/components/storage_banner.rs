//! Banners that say what happened to browser storage, and offer a way out.

use crate::browser;
use crate::storage::LoadNotice;
use crate::store::use_store;
use leptos::prelude::*;

/// Shows load and save problems: recovery, no storage, quota, migration.
#[component]
pub fn StorageBanner() -> impl IntoView {
    let store = use_store();
    let dismiss = move |_| store.status.update(|s| s.load = None);
    let (download_error, set_download_error) = signal(None::<String>);

    let load_banner = move || {
        let notice = store.status.with(|s| s.load.clone())?;
        let view = match notice {
            LoadNotice::Recovered {
                error,
                backup_key,
                damaged_text,
            } => {
                // Without a kept copy, saving stays off (so the damaged text
                // is not overwritten) until the user downloads it or lets it go.
                let copy_kept = backup_key.is_some();
                let kept = match &backup_key {
                    Some(key) => format!("The original text is kept in this browser under “{key}”."),
                    None => "It could not be copied, so it was left untouched, and nothing is saved until you download it (or choose to let it go).".to_owned(),
                };
                let download = move |_| {
                    match browser::download_text(
                        "preflight-damaged-workspace.json",
                        "application/json",
                        &damaged_text,
                    ) {
                        Ok(()) if !copy_kept => store.resume_saving(),
                        Ok(()) => {}
                        Err(e) => set_download_error.set(Some(e)),
                    }
                };
                let saving_off = move || !store.status.with(|s| s.can_save);
                view! {
                    <div class="banner banner-error" role="alert" data-testid="recovery-banner">
                        <p>
                            <strong>"Your saved workspace could not be read"</strong>
                            " (" {error.to_string()} "). Preflight started with an empty workspace. "
                            {kept}
                        </p>
                        {move || (!copy_kept && !saving_off()).then(|| view! {
                            <p data-testid="saving-resumed">"Saving is on again."</p>
                        })}
                        <div class="banner-actions">
                            <button type="button" class="button" data-testid="download-damaged" on:click=download>
                                "Download damaged data"
                            </button>
                            {move || if saving_off() {
                                view! {
                                    <button type="button" class="button button-quiet" data-testid="discard-damaged" on:click=move |_| store.resume_saving()>
                                        "Let it go and start saving"
                                    </button>
                                }.into_any()
                            } else {
                                view! { <button type="button" class="button button-quiet" on:click=dismiss>"Dismiss"</button> }.into_any()
                            }}
                        </div>
                        {move || download_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
                    </div>
                }
                .into_any()
            }
            LoadNotice::Unavailable(e) => view! {
                <div class="banner banner-warning" role="status" data-testid="storage-unavailable-banner">
                    <p>
                        <strong>"Working in memory only. "</strong>
                        {e.to_string()} ". Your changes stay in this tab until you close it; export a backup to keep them."
                    </p>
                    <button type="button" class="button button-quiet" on:click=dismiss>"Dismiss"</button>
                </div>
            }
            .into_any(),
            LoadNotice::Migrated { from } => view! {
                <div class="banner banner-info" role="status" data-testid="migrated-banner">
                    <p>{format!("Your workspace was upgraded from format {from} to format {}.", preflight_core::SCHEMA_VERSION)}</p>
                    <button type="button" class="button button-quiet" on:click=dismiss>"Dismiss"</button>
                </div>
            }
            .into_any(),
            LoadNotice::MovedToDatabase { from } => view! {
                <div class="banner banner-info" role="status" data-testid="moved-banner">
                    <p>{format!("Your workspace (format {from}) now lives in this browser's database, which holds far more history than before. Nothing was changed.")}</p>
                    <button type="button" class="button button-quiet" on:click=dismiss>"Dismiss"</button>
                </div>
            }
            .into_any(),
            LoadNotice::Refused(e) => view! {
                <div class="banner banner-error" role="alert" data-testid="store-refused-banner">
                    <p>
                        <strong>"Your stored workspace was left untouched. "</strong>
                        {e.to_string()} ". Until then this tab works in memory only and saves nothing."
                    </p>
                </div>
            }
            .into_any(),
            LoadNotice::InMemory(why) => view! {
                <div class="banner banner-info" role="status" data-testid="in-memory-banner">
                    <p><strong>"In memory only: "</strong>{why}" Reload the page to return to your saved workspace."</p>
                </div>
            }
            .into_any(),
            LoadNotice::FirstRun | LoadNotice::None => return None,
        };
        Some(view)
    };

    // Snapshots whose stored content is missing or damaged: named with what
    // their records still say; everything else works.
    let damaged_banner = move || {
        let damaged = store.status.with(|s| s.damaged.clone());
        (!damaged.is_empty()).then(|| view! {
            <div class="banner banner-error" role="alert" data-testid="damaged-snapshots-banner">
                <p><strong>{format!("{} snapshot(s) could not be read back. ", damaged.len())}</strong>
                    "Their records are kept; everything else works. Restore a backup to recover them."</p>
                <ul>
                    {damaged.into_iter().map(|d| view! {
                        <li data-testid="damaged-snapshot">{format!(
                            "{} of {} at version {} ({}): {}",
                            d.id, d.env, d.env_version, d.time, d.error
                        )}</li>
                    }).collect_view()}
                </ul>
            </div>
        })
    };

    let conflict_banner = move || {
        store.status.with(|s| s.conflict).then(|| view! {
            <div class="banner banner-warning" role="alert" data-testid="tab-conflict-banner">
                <p>
                    <strong>"Changed in another tab. "</strong>
                    "This tab's latest change was not saved, so the other tab's work is not overwritten. "
                    "Load their version (your unsaved change is dropped), or keep yours (theirs is replaced)."
                </p>
                <div class="banner-actions">
                    <button type="button" class="button" data-testid="take-theirs" on:click=move |_| store.take_theirs()>"Load their version"</button>
                    <button type="button" class="button button-quiet" data-testid="keep-mine" on:click=move |_| store.keep_mine()>"Keep mine"</button>
                </div>
            </div>
        })
    };

    view! {
        <div class="banners">
            {load_banner}
            {damaged_banner}
            {conflict_banner}
        </div>
    }
}
