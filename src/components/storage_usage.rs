//! Settings → Storage: what Preflight keeps in this browser, by kind
//! (environment configs, snapshots, audit trail, checklists, automatic
//! backups, other; computed in [`preflight_core::stored::usage`] from what
//! the database holds), next to the browser's own estimate
//! (`navigator.storage.estimate()`) and whether it has promised to keep
//! the data (`navigator.storage.persist()`). Read again after each commit.

use crate::idb;
use crate::storage::StorageError;
use crate::store::use_store;
use leptos::prelude::*;
use leptos::task::spawn_local;
use preflight_core::stored::usage::{size_text, StorageBreakdown};

/// The breakdown, what could not be read, or nothing stored at all.
#[derive(Clone, PartialEq)]
enum Read {
    Pending,
    Done(StorageBreakdown),
    Failed(String),
    NoDatabase,
}

#[component]
pub fn StorageUsage(
    /// Bumped by the parent when it keeps or deletes a backup.
    #[prop(into)]
    refresh: Signal<u32>,
) -> impl IntoView {
    let store = use_store();
    let estimate = RwSignal::new(None::<(f64, f64)>);
    let persisted = RwSignal::new(None::<bool>);
    let breakdown = RwSignal::new(Read::Pending);
    // Reads can finish out of order: only the latest one is shown.
    let latest = StoredValue::new(0u64);
    Effect::new(move |_| {
        store.commits.track();
        refresh.track();
        // Loading ends with the store opened (or not).
        if store.status.with(|s| s.loading) {
            return;
        }
        latest.update_value(|n| *n += 1);
        let this = latest.get_value();
        spawn_local(async move {
            let read = match store.breakdown().await {
                Some(Ok(b)) => Read::Done(b),
                Some(Err(e)) => Read::Failed(e.to_string()),
                None => Read::NoDatabase,
            };
            if latest.get_value() != this {
                return;
            }
            breakdown.set(read);
            estimate.set(idb::storage_estimate().await);
            if let Some(p) = idb::persisted().await {
                persisted.set(Some(p));
            }
        });
    });
    let persisted = move || store.status.with(|s| s.persisted).or(persisted.get());
    // "Remove unused data": its outcome, shown once the commit has landed.
    let removing = RwSignal::new(false);
    let removal = RwSignal::new(None::<Result<String, String>>);
    let remove_unused = move |_| {
        removing.set(true);
        removal.set(None);
        spawn_local(async move {
            let outcome = match store.remove_unused().await {
                Ok(Some(r)) => Ok(format!(
                    "Removed {} unused node(s), {}.",
                    r.nodes,
                    size_text(r.bytes)
                )),
                Ok(None) => Ok("Nothing was unused.".to_owned()),
                Err(StorageError::Conflict { .. }) => Err(
                    "Nothing was removed: another tab saved meanwhile. Reload the page and try again."
                        .to_owned(),
                ),
                Err(e) => Err(format!("Nothing was removed: {e}.")),
            };
            removing.set(false);
            removal.set(Some(outcome));
        });
    };
    let lines = move || {
        match breakdown.get() {
        Read::Pending => view! { <p class="muted">"Reading what is stored…"</p> }.into_any(),
        Read::NoDatabase => view! {
            <p data-testid="usage-none">"Nothing is stored in this browser: this tab works in memory only."</p>
        }
        .into_any(),
        Read::Failed(e) => view! {
            <p class="field-error" data-testid="usage-error">{format!("What is stored could not be read: {e}")}</p>
        }
        .into_any(),
        Read::Done(b) => {
            let total = size_text(b.total());
            let note = b.shared_note();
            view! {
                <table class="usage-lines" data-testid="usage-lines">
                    <caption class="visually-hidden">"What Preflight keeps in this browser, by kind"</caption>
                    <thead><tr><th scope="col">"Kind"</th><th scope="col">"Size"</th><th scope="col">"Share"</th><th scope="col">"Holds"</th></tr></thead>
                    <tbody>
                        {b.lines().into_iter().map(|l| view! {
                            <tr data-testid="usage-line" data-kind=l.kind.id()>
                                <th scope="row">{l.label}</th>
                                <td class="num" data-testid="usage-size">{l.size}</td>
                                <td class="num">{format!("{}%", l.percent)}</td>
                                <td class="muted">{l.detail}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot><tr data-testid="usage-total"><th scope="row">"Total"</th><td class="num">{total}</td><td></td><td></td></tr></tfoot>
                </table>
                {note.map(|n| view! { <p class="muted" data-testid="usage-shared">{n}</p> })}
                {(b.unused.nodes > 0).then(|| view! {
                    <p data-testid="usage-unused">
                        {format!(
                            "{} node(s), {}, are no longer used by any environment or snapshot (left by edits, deleted environments or restores). ",
                            b.unused.nodes,
                            size_text(b.unused.bytes)
                        )}
                        <button type="button" class="button button-quiet" data-testid="remove-unused"
                            prop:disabled=move || removing.get() on:click=remove_unused>
                            {move || if removing.get() { "Removing…" } else { "Remove unused data" }}
                        </button>
                    </p>
                })}
            }
            .into_any()
        }
    }
    };
    view! {
        <div class="storage-usage" data-testid="database-usage">
            <h3>"Storage"</h3>
            {lines}
            {move || removal.get().map(|r| match r {
                Ok(t) => view! { <p role="status" data-testid="removal-message">{t}</p> }.into_any(),
                Err(e) => view! { <p class="field-error" role="alert" data-testid="removal-message">{e}</p> }.into_any(),
            })}
            <p data-testid="usage-estimate">
                {move || match estimate.get() {
                    Some((used, quota)) => format!(
                        "The browser estimates that Preflight's database uses {} of the {} it allows this site (its figure includes its own overhead).",
                        size_text(used as usize),
                        size_text(quota as usize)
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
