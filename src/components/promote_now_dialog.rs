//! "Promote now": every non-pinned change from the environment below, at
//! once, behind a confirmation that says exactly that.

use crate::browser;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::link::A;
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::changeset::ChangeSet;
use preflight_core::promote::{Promotion, Selection};
use preflight_core::EnvId;

/// The confirmation dialog and, after it, the outcome.
#[component]
pub fn PromoteNowDialog(
    /// Open while true.
    open: RwSignal<bool>,
    /// The source (the environment below).
    from: EnvId,
    /// The target.
    to: EnvId,
) -> impl IntoView {
    let store = use_store();
    let comment = RwSignal::new(String::new());
    let (outcome, set_outcome) = signal(None::<Result<String, String>>);
    let names = {
        let (from, to) = (from.clone(), to.clone());
        move || {
            store
                .workspace
                .with(|ws| (ws.env_name(&from), ws.env_name(&to)))
        }
    };
    let counts = {
        let (from, to) = (from.clone(), to.clone());
        move || {
            store.workspace.with(|ws| {
                ChangeSet::between(ws, &from, &to)
                    .map(|set| {
                        let pinned = set.changes.iter().filter(|c| c.pinned).count();
                        let conflicts = set.changes.iter().filter(|c| c.conflict.is_some()).count();
                        (set.changes.len() - pinned, pinned, conflicts)
                    })
                    .unwrap_or_default()
            })
        }
    };
    let title = {
        let names = names.clone();
        Signal::derive(move || {
            let (f, t) = names();
            format!("Promote everything from {f} into {t}?")
        })
    };
    let confirm = {
        let (from, to) = (from.clone(), to.clone());
        Callback::new(move |()| {
            let actor = store.actor();
            let note = comment.get_untracked();
            let result = store.apply(|ws| {
                let set = ChangeSet::between(ws, &from, &to).map_err(|e| e.to_string())?;
                let selection = Selection::all();
                Promotion::new(&set, &selection)
                    .comment(note.trim())
                    .actor(actor)
                    .execute(ws, browser::now())
                    .map_err(|e| e.to_string())
            });
            set_outcome.set(Some(result.map(|r| {
                format!(
                    "Promoted {} change(s); now version {}.",
                    r.applied.len(),
                    r.version
                )
            })));
            comment.set(String::new());
        })
    };
    let review = format!("/promote/{from}/{to}");
    view! {
        <ConfirmDialog
            open=open
            title=title
            confirm_label=Signal::derive(|| "Promote now".to_owned())
            on_confirm=confirm
        >
            {
                let names = names.clone();
                let counts = counts.clone();
                move || {
                    let (f, t) = names();
                    let (n, pinned, conflicts) = counts();
                    view! {
                        <p data-testid="promote-now-summary">
                            {format!("This applies every non-pinned change from {f} to {t} at once: {n} change(s). ")}
                            {format!("{pinned} environment-specific key(s) stay as they are in {t}. ")}
                            "A snapshot is taken before and after, and the promotion is written to the audit trail."
                        </p>
                        {(conflicts > 0).then(|| view! {
                            <p class="field-error">{format!("{conflicts} conflict(s) need a decision first; use Review and promote.")}</p>
                        })}
                    }
                }
            }
            <label class="field">
                <span class="field-label">"Comment (optional)"</span>
                <textarea
                    rows="2"
                    data-testid="promote-now-comment"
                    prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))
                ></textarea>
            </label>
        </ConfirmDialog>
        {move || outcome.get().map(|r| match r {
            Ok(msg) => view! {
                <div class="banner banner-info" role="status" data-testid="promote-now-done">
                    <p>{msg} " " <A href="/history">"See the audit trail"</A></p>
                </div>
            }.into_any(),
            Err(e) => view! {
                <div class="banner banner-error" role="alert" data-testid="promote-now-error">
                    <p>{format!("Nothing was promoted: {e}.")} " " <A href=review.clone()>"Review and promote"</A></p>
                </div>
            }.into_any(),
        })}
    }
}
