//! On the promote page: ask a stakeholder to approve this change set (by
//! link or file), and see their answer once it has been imported.

use crate::browser;
use crate::components::link::A;
use crate::components::share_output::ShareOutput;
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::approval::{self, Decision, Shared};
use preflight_core::changeset::ChangeSet;
use preflight_core::promote::Selection;

/// The approval card.
#[component]
pub fn ApprovalRequestPanel(
    /// The reviewed change set.
    #[prop(into)]
    set: Signal<Result<ChangeSet, String>>,
    /// The current selection.
    #[prop(into)]
    selection: Signal<Selection>,
    /// The requester's comment.
    #[prop(into)]
    comment: Signal<String>,
) -> impl IntoView {
    let store = use_store();
    let include_secrets = RwSignal::new(false);
    let shared = RwSignal::new(None::<Shared>);
    let hash = move || set.with(|s| s.as_ref().map(|s| s.hash.clone()).unwrap_or_default());
    let status = move || {
        let h = hash();
        store.workspace.with(|ws| approval::latest(ws, &h).cloned())
    };
    let required = move || store.workspace.with(|ws| ws.settings.require_approval);
    // An approval covers the selection the approver saw, not a wider one.
    let uncovered = move || {
        let a = status()?;
        let paths = set.with(|s| {
            let s = s.as_ref().ok()?;
            let selected = selection.with(|sel| sel.selected(s));
            Some(a.uncovered(selected.iter().map(|c| c.path.as_str())))
        })?;
        (a.decision == Decision::Approved && !paths.is_empty()).then_some(paths)
    };
    let make = move |_| {
        let Ok(s) = set.get_untracked() else { return };
        let selected = selection
            .with_untracked(|sel| sel.selected(&s).iter().map(|c| c.path.clone()).collect());
        let req = store.workspace.with_untracked(|ws| {
            approval::request(
                ws,
                &s,
                selected,
                &comment.get_untracked(),
                &store.actor(),
                browser::now(),
                include_secrets.get_untracked(),
            )
        });
        shared.set(Some(Shared::Request(req)));
    };
    // A new selection or secret choice makes an old link misleading.
    Effect::new(move |_| {
        selection.track();
        include_secrets.track();
        comment.track();
        shared.set(None);
    });
    let link = Signal::derive(move || {
        shared.with(|s| {
            s.as_ref()
                .map(|s| {
                    crate::hosting::share_link(
                        "/approve",
                        &format!("r={}", approval::to_link_payload(s)),
                    )
                })
                .unwrap_or_default()
        })
    });
    let file_text = Signal::derive(move || {
        shared.with(|s| s.as_ref().map(approval::to_file).unwrap_or_default())
    });
    view! {
        <section class="card" aria-labelledby="approval-heading" data-testid="approval-panel">
            <h2 id="approval-heading">"Approval"</h2>
            {move || match status() {
                Some(a) if a.decision == Decision::Approved => view! {
                    <p class="badge-line approved" data-testid="approval-status">
                        <span class="badge badge-ok">"Approved"</span>
                        {format!(" Approved by {} at {}", a.approver, browser::format_time(a.time))}
                        {(!a.comment.is_empty()).then(|| format!(": “{}”", a.comment))}
                    </p>
                }.into_any(),
                Some(a) => view! {
                    <p class="badge-line rejected" data-testid="approval-status">
                        <span class="badge badge-bad">"Rejected"</span>
                        {format!(" Rejected by {} at {}", a.approver, browser::format_time(a.time))}
                        {(!a.comment.is_empty()).then(|| format!(": “{}”", a.comment))}
                    </p>
                }.into_any(),
                None => view! {
                    <p class="muted" data-testid="approval-status">
                        {move || if required() { "An approval of this exact change set is required before promoting into production." } else { "No approval yet (not required)." }}
                    </p>
                }.into_any(),
            }}
            {move || uncovered().map(|paths| view! {
                <p class="field-error" role="status" data-testid="approval-scope">
                    {format!(
                        "The approval does not cover {} of the selected changes ({}{}); request an approval of this selection, or untick them.",
                        paths.len(),
                        paths.iter().take(3).cloned().collect::<Vec<_>>().join(", "),
                        if paths.len() > 3 { ", …" } else { "" },
                    )}
                </p>
            })}
            <p class="muted small">{move || format!("Change set {}", approval::short_hash(&hash()))}</p>
            <div class="toolbar">
                <label class="check">
                    <input type="checkbox" data-testid="request-include-secrets" prop:checked=move || include_secrets.get()
                        on:change=move |ev| include_secrets.set(event_target_checked(&ev))/>
                    " Include secret values"
                </label>
                <button type="button" class="button button-quiet" data-testid="request-approval" on:click=make>"Request approval"</button>
            </div>
            <Show when=move || shared.with(|s| s.is_some())>
                <ShareOutput link=link file_text=file_text file_name=Signal::derive(|| "approval-request.preflight.json".to_owned()) testid="request"/>
            </Show>
            <p class="muted small">"When the answer comes back, open its link here or drop its file on the " <A href="/approve">"Approve page"</A> "."</p>
        </section>
    }
}
