//! "Promote now": every non-pinned change from the environment below, at
//! once, behind a confirmation that says exactly that.

use crate::browser;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::link::A;
use crate::store::{use_store, NotSaved};
use leptos::prelude::*;
use preflight_core::changeset::{ChangeCounts, ChangeSet};
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
    // What the button would do, and what would stop it (conflicts, the
    // gate, a missing approval): checked by the core before the user clicks.
    let check = {
        let (from, to) = (from.clone(), to.clone());
        Memo::new(move |_| {
            // Only while the dialog is open: building the change set of a
            // large pair takes a while, and the dialog sits on many pages.
            if !open.get() {
                return Ok((ChangeCounts::default(), None));
            }
            store.workspace.with(|ws| {
                let set = ChangeSet::between(ws, &from, &to).map_err(|e| e.to_string())?;
                let blocker = Promotion::new(&set, &Selection::all())
                    .check(ws)
                    .err()
                    .map(|e| e.to_string());
                Ok::<_, String>((set.counts(), blocker))
            })
        })
    };
    let blocked = Signal::derive(move || check.with(|c| !matches!(c, Ok((_, None)))));
    let review = format!("/promote/{from}/{to}");
    let review2 = review.clone();
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
            store.apply_saved(
                |ws| {
                    let set = ChangeSet::between(ws, &from, &to).map_err(|e| e.to_string())?;
                    let selection = Selection::all();
                    Promotion::new(&set, &selection)
                        .comment(note.trim())
                        .actor(actor)
                        .execute(ws, browser::now())
                        .map_err(|e| e.to_string())
                },
                move |result| {
                    set_outcome.set(Some(match result {
                        Ok(r) => Ok(format!(
                            "Promoted {} change(s); now version {}.",
                            r.applied.len(),
                            r.version
                        )),
                        Err(NotSaved::Refused(e)) => Err(e),
                        Err(NotSaved::Storage(e)) => {
                            Err(format!("not saved: {e}; nothing was changed"))
                        }
                    }))
                },
            );
            comment.set(String::new());
        })
    };
    view! {
        <ConfirmDialog
            open=open
            title=title
            confirm_label=Signal::derive(|| "Promote now".to_owned())
            confirm_disabled=blocked
            on_confirm=confirm
        >
            {
                let names = names.clone();
                let review = review.clone();
                move || {
                    let (f, t) = names();
                    match check.get() {
                        Err(e) => view! { <p class="field-error" data-testid="promote-now-blocked">{e}</p> }.into_any(),
                        Ok((counts, blocker)) => view! {
                            <p data-testid="promote-now-summary">
                                {format!("This applies every non-pinned change from {f} to {t} at once: {} change(s). ", counts.promotable)}
                                {format!("{} environment-specific key(s) stay as they are in {t}. ", counts.pinned)}
                                "A snapshot is taken before and after, and the promotion is written to the audit trail."
                            </p>
                            {blocker.map(|b| view! {
                                <p class="field-error" data-testid="promote-now-blocked">
                                    {format!("It cannot run now: {b}. ")}
                                    <A href=review.clone()>"Review and promote"</A>" settles that change by change."
                                </p>
                            })}
                        }.into_any(),
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
                    <p>{format!("Nothing was promoted: {e}.")} " " <A href=review2.clone()>"Review and promote"</A></p>
                </div>
            }.into_any(),
        })}
    }
}
