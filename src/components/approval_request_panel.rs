//! On the promote page: ask a stakeholder to approve this change set (by
//! link or file), and see their answer once it has been attached: the
//! answer that counts with its signer's name and key fingerprint, what it
//! leaves uncovered, and attached records that do not count, with why
//! (the core's [`approval::card`]).

use crate::browser;
use crate::components::link::A;
use crate::components::share_output::ShareOutput;
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::approval::{self, ApprovalCard, Decision, Shared};
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
    let card = Memo::new(move |_| {
        let h = hash();
        let paths: Vec<String> = set.with(|s| match s {
            Ok(s) => selection.with(|sel| sel.selected(s).iter().map(|c| c.path.clone()).collect()),
            Err(_) => Vec::new(),
        });
        store
            .workspace
            .with(|ws| approval::card(ws, &h, paths.iter().map(String::as_str)))
    });
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
            {move || status_view(card.get())}
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

/// The answer that counts, what it leaves out, and what does not count.
fn status_view(card: ApprovalCard) -> impl IntoView {
    let decided = match card.decided {
        Some(d) => {
            let (class, badge) = if d.decision == Decision::Approved {
                ("badge-line approved", "badge badge-ok")
            } else {
                ("badge-line rejected", "badge badge-bad")
            };
            view! {
                <p class=class data-testid="approval-status">
                    <span class=badge>{d.decision.label()}</span>
                    {format!(" {} by {} at {}", d.decision.label(), d.signer, browser::format_time(d.claimed_time))}
                    {(!d.comment.is_empty()).then(|| format!(": “{}”", d.comment))}
                </p>
                <p class="muted small" data-testid="approval-signer">
                    {format!("Signed by {}, key ", d.signer)}<code class="fingerprint">{d.fingerprint.clone()}</code>
                    {d.attached_at.map(|t| format!("; attached at {}", browser::format_time(t)))}
                </p>
            }
            .into_any()
        }
        None => view! {
            <p class="muted" data-testid="approval-status">
                {if card.required { "An approval of this exact change set, signed by a trusted approver, is required before promoting into production." } else { "No approval yet (not required)." }}
            </p>
        }
        .into_any(),
    };
    let uncovered = card.uncovered;
    view! {
        {decided}
        {(!uncovered.is_empty()).then(|| view! {
            <p class="field-error" role="status" data-testid="approval-scope">
                {format!(
                    "The approval does not cover {} of the selected changes ({}{}); request an approval of this selection, or untick them.",
                    uncovered.len(),
                    uncovered.iter().take(3).cloned().collect::<Vec<_>>().join(", "),
                    if uncovered.len() > 3 { ", …" } else { "" },
                )}
            </p>
        })}
        {(!card.refused.is_empty()).then(|| view! {
            <ul class="refused-approvals" data-testid="approval-refused">
                {card.refused.into_iter().map(|r| view! {
                    <li class="muted small">{format!("Does not count: {} by {}, {}.", r.decision.label(), r.approver, r.reason)}</li>
                }).collect_view()}
            </ul>
        })}
    }
}
