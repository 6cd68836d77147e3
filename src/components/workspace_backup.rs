//! Workspace backup and restore (Settings): download the whole workspace as
//! one file; read a backup, picked or dropped, into a preview; then replace
//! the workspace (after keeping the current one as an automatic backup in
//! this browser) or merge the backup's environments and checklists into it.
//! Also lists the automatic backups and shows what the storage holds.
//!
//! Reading, validating, migrating and merging are
//! [`preflight_core::backup`]'s; the automatic backups are kept in the
//! browser database through the store ([`crate::store::Store::keep_backup`]).
//! This file only turns clicks into those calls.

use crate::browser;
use crate::components::backup_download::{left_out_note, BackupDownload};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::file_drop::FileDrop;
use crate::components::storage_usage::StorageUsage;
use crate::storage::{KeptBackup, StorageError};
use crate::store::{use_store, NotSaved};
use leptos::prelude::*;
use leptos::task::spawn_local;
use preflight_core::backup::{self, BackupPreview, MergeReport, RenamedKind};
use preflight_core::stored::usage::size_text;
use preflight_core::Workspace;
use std::convert::Infallible;

/// A backup read and checked, waiting for Replace or Merge.
#[derive(Clone)]
struct Pending {
    /// Where it came from: a file name, or "the automatic backup of …".
    source: String,
    workspace: Workspace,
    preview: BackupPreview,
}

/// What the confirmation dialog is asking about.
#[derive(Clone, PartialEq)]
enum Ask {
    Replace,
    Delete(KeptBackup),
}

/// The "Backup and restore" card of the settings page.
#[component]
pub fn WorkspaceBackup() -> impl IntoView {
    let store = use_store();
    let pending = RwSignal::new(None::<Pending>);
    let (error, set_error) = signal(None::<String>);
    let (done, set_done) = signal(None::<String>);
    let report = RwSignal::new(None::<MergeReport>);
    let dialog_open = RwSignal::new(false);
    let ask = RwSignal::new(None::<Ask>);
    // Bumped whenever backups are kept or deleted, to re-read storage.
    let refresh = RwSignal::new(0u32);

    let kept = RwSignal::new(Vec::<KeptBackup>::new());
    Effect::new(move |_| {
        refresh.track();
        if store.status.with(|s| s.loading) {
            return;
        }
        spawn_local(async move {
            match store.kept_backups().await {
                Ok(list) => kept.set(list),
                Err(e) => set_error.set(Some(format!(
                    "The automatic backups could not be listed: {e}."
                ))),
            }
        });
    });

    let clear_messages = move || {
        set_error.set(None);
        set_done.set(None);
        report.set(None);
    };

    let take_text = move |source: String, text: String| match backup::read_backup(&text) {
        Ok((workspace, preview)) => pending.set(Some(Pending {
            source,
            workspace,
            preview,
        })),
        Err(e) => {
            pending.set(None);
            set_error.set(Some(format!(
                "{source} was not used: {e}. Nothing was changed."
            )));
        }
    };
    let take_file = move |file: web_sys::File| {
        clear_messages();
        pending.set(None);
        spawn_local(async move {
            let name = file.name();
            match browser::read_file(file).await {
                Ok(text) => take_text(name, text),
                Err(e) => set_error.set(Some(format!("{e}. Nothing was changed."))),
            }
        });
    };
    let downloaded = Callback::new(move |result: Result<String, String>| {
        clear_messages();
        match result {
            Ok(done) => set_done.set(Some(done)),
            Err(e) => set_error.set(Some(e)),
        }
    });

    let replace = move || {
        let Some(p) = pending.get_untracked() else {
            return;
        };
        clear_messages();
        spawn_local(async move {
            // The automatic backup holds the whole history: read it in first.
            // Damaged snapshots cannot be kept, and must not stop the
            // restore that repairs them: they are left out, and said so.
            let current = match store.read_all_snapshots().await {
                Ok(_) => store
                    .workspace
                    .with_untracked(Workspace::to_json)
                    .map_err(|e| e.to_string()),
                Err(e) => Err(e),
            };
            let current = match current {
                Ok(text) => text,
                Err(e) => {
                    set_error.set(Some(format!("Nothing was replaced: {e}.")));
                    return;
                }
            };
            match store.keep_backup(&current).await {
                Ok(kept) => {
                    let key = browser::format_time(time_of(&kept));
                    let source = p.source.clone();
                    let left_out = left_out_note(&store.left_out_of_backups());
                    refresh.update(|n| *n += 1);
                    store.restore(
                    p.workspace,
                    move |result| match result {
                        Ok(()) => {
                            pending.set(None);
                            set_done.set(Some(format!(
                                "The workspace was replaced by {source}. The previous one is kept below as the automatic backup of {key}.{left_out}"
                            )));
                        }
                        Err(e) => set_error.set(Some(format!(
                            "Nothing was replaced: {e}. The current workspace is unchanged."
                        ))),
                    },
                );
                }
                Err(e) => {
                    refresh.update(|n| *n += 1);
                    let why = match e {
                        StorageError::QuotaExceeded => "browser storage is full".to_owned(),
                        other => other.to_string(),
                    };
                    set_error.set(Some(format!(
                    "Nothing was replaced: the current workspace could not be kept as an automatic backup first ({why}). \
                     Download a backup of it, delete automatic backups you no longer need, and try again."
                )));
                }
            }
        });
    };

    let merge = move |_| {
        let Some(p) = pending.get_untracked() else {
            return;
        };
        clear_messages();
        let actor = store.actor();
        let now = browser::now();
        store.apply_saved(
            |ws| Ok::<_, Infallible>(backup::merge(ws, p.workspace.clone(), &actor, now)),
            move |result| match result {
                Ok(r) => {
                    pending.set(None);
                    set_done.set(Some(r.summary()));
                    report.set(Some(r));
                }
                Err(NotSaved::Refused(never)) => match never {},
                Err(NotSaved::Storage(e)) => set_error.set(Some(format!(
                    "Nothing was merged: {e}. The current workspace is unchanged."
                ))),
            },
        );
    };

    let restore_kept = move |kept: KeptBackup| {
        clear_messages();
        let source = format!(
            "The automatic backup of {}",
            browser::format_time(time_of(&kept))
        );
        spawn_local(async move {
            match store.kept_backup_text(&kept).await {
                Ok(Some(text)) => take_text(source, text),
                Ok(None) => set_error.set(Some(format!("{source} is no longer in this browser."))),
                Err(e) => set_error.set(Some(format!("{source} could not be read: {e}."))),
            }
        });
    };
    let download_kept = move |kept: KeptBackup| {
        clear_messages();
        spawn_local(async move {
            let text = match store.kept_backup_text(&kept).await {
                Ok(Some(text)) => text,
                Ok(None) => {
                    set_error.set(Some(
                        "That automatic backup is no longer in this browser.".into(),
                    ));
                    return;
                }
                Err(e) => {
                    set_error.set(Some(format!(
                        "That automatic backup could not be read: {e}."
                    )));
                    return;
                }
            };
            let name = format!("preflight-backup-auto-{}.json", time_of(&kept));
            let name = name.replace(':', "-");
            if let Err(e) = browser::download_text(&name, "application/json", &text) {
                set_error.set(Some(e));
            }
        });
    };

    let on_confirm = Callback::new(move |()| match ask.get_untracked() {
        Some(Ask::Replace) => replace(),
        Some(Ask::Delete(kept)) => {
            clear_messages();
            spawn_local(async move {
                let deleted = store.delete_kept_backup(&kept).await;
                refresh.update(|n| *n += 1);
                match deleted {
                    Ok(()) => set_done.set(Some("The automatic backup was deleted.".into())),
                    Err(e) => {
                        set_error.set(Some(format!("The automatic backup was not deleted: {e}.")))
                    }
                }
            });
        }
        None => {}
    });
    let dialog_title = Signal::derive(move || match ask.get() {
        Some(Ask::Delete(_)) => "Delete this automatic backup?".to_owned(),
        _ => "Replace the whole workspace?".to_owned(),
    });
    let dialog_label = Signal::derive(move || match ask.get() {
        Some(Ask::Delete(_)) => "Delete the backup".to_owned(),
        _ => "Replace the workspace".to_owned(),
    });
    let dialog_body = move || {
        match ask.get() {
        Some(Ask::Delete(kept)) => format!(
            "The copy of the workspace kept on {} ({}) is removed from this browser. Download it first if you may need it.",
            browser::format_time(time_of(&kept)),
            size_text(kept.size)
        ),
        _ => {
            let (envs, lists) = store
                .workspace
                .with(|ws| (ws.environments.len(), ws.checklists.len()));
            let incoming = pending.with(|p| p.as_ref().map(|p| p.source.clone()).unwrap_or_default());
            format!(
                "Everything in this workspace ({envs} environment(s), {lists} checklist(s), its history and settings) \
                 is replaced by {incoming}. The current workspace is first kept in this browser as an automatic \
                 backup, which you can download or restore from this page."
            )
        }
    }
    };

    view! {
        <section class="card backup-card" aria-labelledby="backup-heading" data-testid="workspace-backup">
            <h2 id="backup-heading">"Backup and restore"</h2>
            <StorageUsage refresh=refresh/>

            <h3>"Back up"</h3>
            <p class="muted">"One JSON file with everything: environments, checklists, snapshots, the audit trail, approvals and settings."</p>
            <div class="toolbar">
                <BackupDownload testid="backup-download" on_result=downloaded/>
            </div>

            <h3>"Restore"</h3>
            <FileDrop zone_testid="backup-drop-zone" input_testid="backup-file" accept=".json,application/json" prompt="Drop a Preflight backup here, or " button="choose a backup file" hint="You will see what it holds before anything changes." on_file=Callback::new(take_file) on_nothing=Callback::new(move |()| set_error.set(Some("Drop a Preflight backup file (.json) here.".into())))/>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="backup-error">{e}</p> })}
            {move || done.get().map(|d| view! { <p class="backup-done" role="status" data-testid="backup-done">{d}</p> })}
            {move || report.get().filter(|r| !r.renamed.is_empty()).map(|r| view! {
                <div class="merge-report" data-testid="merge-report">
                    <p>"Renamed so that nothing already here is overwritten:"</p>
                    <ul>
                        {r.renamed.into_iter().map(|n| {
                            let kind = match n.kind {
                                RenamedKind::Environment => "Environment",
                                RenamedKind::Checklist => "Checklist",
                            };
                            let name = n.new_name.map(|new| format!(", now named “{new}”")).unwrap_or_default();
                            view! {
                                <li data-testid="merge-renamed">
                                    {format!("{kind} “{}”: ", n.name)}<code>{n.from}</code>" → "<code>{n.to}</code>{name}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            })}
            {move || pending.get().map(|p| {
                let summary = preview_summary(&p.preview);
                let migrated = p.preview.migrated_from.map(|v| view! {
                    <p data-testid="backup-migrated">
                        {format!("Written in workspace format {v}: it has been upgraded to format {} for this version.", preflight_core::SCHEMA_VERSION)}
                    </p>
                });
                let exported = p.preview.exported_at.map(|t| format!("Backed up {}.", browser::format_time(t)));
                view! {
                    <div class="import-preview backup-preview" data-testid="backup-preview">
                        <h3>"Preview"</h3>
                        <p><strong>{p.source.clone()}</strong>" " {exported} " Workspace format " {p.preview.schema_version} "."</p>
                        <p data-testid="backup-preview-counts">{summary}</p>
                        {migrated}
                        <ul class="backup-preview-names">
                            {p.preview.environment_names.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}
                        </ul>
                        <p class="muted">
                            "Replace: this workspace becomes the backup's (the current one is kept as an automatic backup first). "
                            "Merge: the backup's environments and checklists are added; ids already in use get new ones."
                        </p>
                        <div class="toolbar">
                            <button type="button" class="button button-quiet" data-testid="backup-cancel" on:click=move |_| pending.set(None)>
                                "Cancel"
                            </button>
                            <button type="button" class="button button-quiet" data-testid="backup-merge" on:click=merge>
                                "Merge into this workspace"
                            </button>
                            <button type="button" class="button button-danger" data-testid="backup-replace"
                                on:click=move |_| { ask.set(Some(Ask::Replace)); dialog_open.set(true); }>
                                "Replace this workspace…"
                            </button>
                        </div>
                    </div>
                }
            })}

            <h3>"Automatic backups"</h3>
            <Show
                when=move || kept.with(|k| !k.is_empty())
                fallback=|| view! { <p class="muted" data-testid="no-auto-backups">"None yet: one is kept here every time a backup replaces the workspace."</p> }
            >
                <ul class="auto-backups" data-testid="auto-backups">
                    <For each=move || kept.get() key=|k| k.key.clone() let:k>
                        {
                            let (k1, k2, k3) = (k.clone(), k.clone(), k.clone());
                            view! {
                                <li class="auto-backup" data-testid="auto-backup" data-key=k.key.clone()>
                                    <span>
                                        {browser::format_time(time_of(&k))}
                                        <span class="muted">{format!(" · {}", size_text(k.size))}</span>
                                    </span>
                                    <span class="toolbar">
                                        <button type="button" class="button button-quiet" data-testid="auto-backup-download"
                                            on:click=move |_| download_kept(k1.clone())>"Download"</button>
                                        <button type="button" class="button button-quiet" data-testid="auto-backup-restore"
                                            on:click=move |_| restore_kept(k2.clone())>"Restore…"</button>
                                        <button type="button" class="button button-quiet" data-testid="auto-backup-delete"
                                            on:click=move |_| { ask.set(Some(Ask::Delete(k3.clone()))); dialog_open.set(true); }>"Delete"</button>
                                    </span>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>

            <ConfirmDialog
                open=dialog_open
                title=dialog_title
                confirm_label=dialog_label
                danger=true
                on_confirm=on_confirm
            >
                <p>{dialog_body}</p>
            </ConfirmDialog>
        </section>
    }
}

/// "3 environments, 1 checklist, …" for a preview.
fn preview_summary(p: &BackupPreview) -> String {
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    format!(
        "{}, {}, {}, {} and {}.",
        n(p.environments, "environment", "environments"),
        n(p.checklists, "checklist", "checklists"),
        n(p.snapshots, "snapshot", "snapshots"),
        n(p.audit_events, "audit event", "audit events"),
        n(p.approvals, "approval", "approvals"),
    )
}

fn time_of(kept: &KeptBackup) -> preflight_core::jiff::Timestamp {
    preflight_core::jiff::Timestamp::from_millisecond(i64::try_from(kept.time_ms).unwrap_or(0))
        .unwrap_or(preflight_core::jiff::Timestamp::UNIX_EPOCH)
}
