//! `/promote/:from/:to`, the propagation window: tick changes one by one
//! or all at once, settle conflicts, see the target after apply, and
//! execute with a comment. The review is frozen when the page opens; if
//! the target changes meanwhile (another tab, say), executing is refused
//! until the review is refreshed.

use crate::browser;
use crate::components::approval_request_panel::ApprovalRequestPanel;
use crate::components::change_group_head::ChangeGroupHead;
use crate::components::execute_items::ExecuteItems;
use crate::components::gate_panel::GatePanel;
use crate::components::link::A;
use crate::components::promote_row::PromoteRow;
use crate::components::promotion_summary::PromotionSummary;
use crate::components::tri_checkbox::TriCheckbox;
use crate::components::virtual_list::{RenderRow, VirtualList};
use crate::env_pair::{use_env_pair, EnvPair};
use crate::pages::not_found::NotFound;
use crate::store::{use_store, NotSaved};
use leptos::prelude::*;
use preflight_core::changeset::ChangeSet;
use preflight_core::checklist::GateOverride;
use preflight_core::diff::Change;
use preflight_core::formats::{self, Format};
use preflight_core::promote::{
    bundle_warnings, PromoteError, Promotion, PromotionReport, Selection, Warning,
};
use preflight_core::{pipeline, EnvId};
use std::collections::HashSet;
use std::sync::Arc;

/// Change sets this large are shown as a windowed list of one-line rows
/// (their conflicts in a card of their own), and the target preview is
/// built on request: thousands of full rows would freeze the page.
const WINDOWED_FROM: usize = 300;
const LINE_HEIGHT: f64 = 40.0;

/// One line of the windowed list: a group head or a change.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Line {
    Group(usize),
    Change(usize),
}

#[component]
pub fn PromotePage() -> impl IntoView {
    let EnvPair { from, to, valid } = use_env_pair();
    view! {
        <Show when=move || valid.get() fallback=|| view! { <NotFound/> }>
            {move || view! { <PromoteView from=from.get() to=to.get()/> }}
        </Show>
    }
}

fn review(ws: &preflight_core::Workspace, from: &EnvId, to: &EnvId) -> Result<ChangeSet, String> {
    ChangeSet::between(ws, from, to).map_err(|e| e.to_string())
}

#[component]
fn PromoteView(from: EnvId, to: EnvId) -> impl IntoView {
    let store = use_store();
    let (from_c, to_c) = (from.clone(), to.clone());
    let set = RwSignal::new(
        store
            .workspace
            .with_untracked(|ws| review(ws, &from_c, &to_c)),
    );
    let selection = RwSignal::new(Selection::all());
    let comment = RwSignal::new(String::new());
    let reveal = RwSignal::new(false);
    let override_chain = RwSignal::new(false);
    let gate_reason = RwSignal::new(String::new());
    let (outcome, set_outcome) = signal(None::<Result<PromotionReport, NotSaved<PromoteError>>>);
    // Set while the promotion's commit is in flight.
    let saving = RwSignal::new(false);
    let (other_error, set_other_error) = signal(None::<String>);

    let names = {
        let (f, t) = (from.clone(), to.clone());
        move || {
            store
                .workspace
                .with(|ws| (ws.env_name(&f), ws.env_name(&t)))
        }
    };
    let refresh = {
        let (f, t) = (from.clone(), to.clone());
        move || {
            let fresh = store.workspace.with_untracked(|ws| review(ws, &f, &t));
            // Keep the user's ticks and decisions where they still apply.
            let carried = set.with_untracked(|old| match (old, &fresh) {
                (Ok(old), Ok(new)) => selection.with_untracked(|s| s.carried_over(old, new)),
                _ => Selection::all(),
            });
            set.set(fresh);
            selection.set(carried);
            set_outcome.set(None);
            set_other_error.set(None);
        }
    };

    let changes = Memo::new(move |_| {
        Arc::new(set.with(|s| s.as_ref().map(|s| s.changes.clone()).unwrap_or_default()))
    });
    let groups = Memo::new(move |_| {
        set.with(|s| {
            s.as_ref()
                .map(|s| {
                    s.group_indices()
                        .into_iter()
                        .map(|(g, idx)| (g.to_owned(), idx))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let windowed = move || changes.with(|c| c.len()) >= WINDOWED_FROM;
    // A mark for the browser benchmark: the frame after the rows are in.
    Effect::new(move |_| {
        changes.track();
        request_animation_frame(|| browser::mark("promote:rendered"));
    });
    let tri = move |indices: &[usize]| {
        changes.with(|cs| selection.with(|s| s.coverage(indices.iter().filter_map(|&i| cs.get(i)))))
    };
    let set_many = move |indices: &[usize], on: bool| {
        changes.with_untracked(|cs| {
            selection.update(|s| s.set_many(indices.iter().filter_map(|&i| cs.get(i)), on))
        });
    };
    let all_state =
        Signal::derive(move || changes.with(|cs| selection.with(|s| s.coverage(cs.iter()))));
    let select_all = Callback::new(move |on: bool| selection.update(|s| s.set_all(on)));

    let core_selection = move || selection.get();
    let warnings = Memo::new(move |_| {
        set.with(|s| {
            s.as_ref()
                .map(|s| selection.with(|sel| bundle_warnings(s, sel)))
                .unwrap_or_default()
        })
    });
    let partial_groups = move || {
        warnings.with(|w| {
            w.iter()
                .filter_map(|w| match w {
                    Warning::PartialGroup { group, .. } => Some(group.clone()),
                    _ => None,
                })
                .collect::<HashSet<_>>()
        })
    };
    let unresolved = move || changes.with(|cs| selection.with(|s| s.unresolved(cs.iter()).len()));
    let selected_count = move || {
        changes.with(|cs| selection.with(|s| cs.iter().filter(|c| s.is_selected(c)).count()))
    };
    let chain_ok = {
        let (f, t) = (from.clone(), to.clone());
        Signal::derive(move || {
            store
                .workspace
                .with(|ws| pipeline::check_chain(ws, &f, &t).is_ok())
        })
    };
    let gate_blocked = {
        let t = to.clone();
        Signal::derive(move || {
            store
                .workspace
                .with(|ws| preflight_core::checklist::gate_status(ws, &t).is_blocked())
        })
    };

    // Built live for ordinary reviews; for large ones only once asked for.
    let preview_wanted = RwSignal::new(false);
    let preview = Memo::new(move |_| {
        if windowed() && !preview_wanted.get() {
            return None;
        }
        let sel = core_selection();
        set.with(|s| {
            let s = s.as_ref().ok()?;
            store.workspace.with(|ws| {
                let result = Promotion::new(s, &sel).preview(ws);
                Some(result.map(|v| {
                    let patterns = ws.settings.compiled_patterns();
                    if reveal.get() {
                        formats::render(&v, Format::Json)
                    } else {
                        formats::render_masked(&v, Format::Json, &patterns)
                    }
                    .unwrap_or_default()
                }))
            })
        })
    });

    let can_execute = {
        move || {
            set.with(|s| s.is_ok())
                && selected_count() > 0
                && unresolved() == 0
                && (chain_ok.get() || override_chain.get())
                && (!gate_blocked.get() || !gate_reason.get().trim().is_empty())
                && !matches!(outcome.get(), Some(Ok(_)))
        }
    };
    let execute = {
        move |_| {
            // Another tab may have written since this review was opened:
            // the commit checks the stored revision and refuses if so.
            let Ok(s) = set.get_untracked() else { return };
            let sel = selection.get_untracked();
            let actor = store.actor();
            let note = comment.get_untracked();
            let gate = if gate_blocked.get_untracked() {
                match GateOverride::new(&gate_reason.get_untracked()) {
                    Ok(g) => Some(g),
                    Err(e) => return set_other_error.set(Some(e.to_string())),
                }
            } else {
                None
            };
            saving.set(true);
            set_outcome.set(None);
            store.apply_saved(
                |ws| {
                    let mut p = Promotion::new(&s, &sel)
                        .comment(note.trim())
                        .actor(actor)
                        .override_chain(
                            !chain_ok.get_untracked() && override_chain.get_untracked(),
                        );
                    if let Some(g) = gate {
                        p = p.override_gate(g);
                    }
                    p.execute(ws, browser::now())
                },
                move |result| {
                    saving.set(false);
                    let done = result.is_ok();
                    set_outcome.set(Some(result));
                    if done {
                        request_animation_frame(|| browser::scroll_into_view("promotion-summary"));
                    }
                },
            );
        }
    };

    let from_name = {
        let n = names.clone();
        Signal::derive(move || n().0)
    };
    let to_name = {
        let n = names.clone();
        Signal::derive(move || n().1)
    };

    view! {
        <div class="page-head">
            <div>
                <p class="eyebrow">"Review and promote"</p>
                <h1 data-testid="promote-title">{move || format!("{} → {}", from_name.get(), to_name.get())}</h1>
                <p class="muted" data-testid="promote-versions">
                    {move || set.with(|s| s.as_ref().map(|s| format!(
                        "Reviewing {} v{} into {} v{}.",
                        s.from.as_ref().map(|f| f.id.to_string()).unwrap_or_default(),
                        s.from.as_ref().map(|f| f.version).unwrap_or_default(),
                        s.to.id, s.to.version
                    )).unwrap_or_default())}
                </p>
            </div>
            <div class="toolbar">
                <A href=format!("/compare/{from}/{to}") attr:class="button button-quiet">"Compare"</A>
                <button type="button" class="button button-quiet" data-testid="refresh-review" on:click={let r = refresh.clone(); move |_| r()}>"Refresh review"</button>
            </div>
        </div>

        {move || set.get().err().map(|e| view! { <p class="banner banner-error" role="alert">{e}</p> })}

        <Show when=move || !chain_ok.get()>
            <div class="banner banner-warning" role="status" data-testid="chain-warning">
                <p>{move || format!(
                    "{} is not the environment directly below {}. Promotions go one step up at a time; skipping needs an override, which is recorded in the audit trail.", from_name.get(), to_name.get())}</p>
                <label class="check"><input type="checkbox" data-testid="override-chain" prop:checked=move || override_chain.get()
                    on:change=move |ev| override_chain.set(event_target_checked(&ev))/>" Override the chain rule"</label>
            </div>
        </Show>
        {move || set.with(|s| s.as_ref().is_ok_and(|s| s.base_missing)).then(|| view! {
            <div class="banner banner-warning" role="status" data-testid="base-missing">
                <p>{move || format!(
                    "The record of the last promotion into {} is missing (a restored or edited workspace), so Preflight cannot tell which of these differences {} made itself. Check each change before promoting it.",
                    to_name.get(), to_name.get())}</p>
            </div>
        })}
        <GatePanel to=to.clone() reason=gate_reason/>

        {move || outcome.get().and_then(|o| o.ok()).map(|report| view! { <PromotionSummary report=report/> })}

        <div class="promote-layout">
            <section class="card promote-changes" aria-labelledby="changes-heading">
                <div class="card-head">
                    <h2 id="changes-heading">"Changes"</h2>
                    <label class="check"><input type="checkbox" data-testid="reveal-secrets" prop:checked=move || reveal.get()
                        on:change=move |ev| reveal.set(event_target_checked(&ev))/>" Reveal secrets"</label>
                </div>
                <Show when=move || !changes.with(|c| c.is_empty()) fallback=move || view! {
                    <p class="muted" data-testid="nothing-to-promote">"Nothing to promote: the two environments agree (environment-specific keys aside)."</p>
                }>
                    <div class="select-all">
                        <label class="check">
                            <TriCheckbox state=all_state on_change=select_all label="Select all" testid="select-all"/>
                            <span>{move || format!(" Select all ({} of {} selected)", selected_count(), changes.with(|c| c.len()))}</span>
                        </label>
                    </div>
                    {move || if windowed() {
                        view! { <WindowedChanges changes=changes groups=groups selection=selection reveal=reveal partial_groups=Signal::derive(partial_groups)/> }.into_any()
                    } else {
                        view! {
                            <For each=move || groups.get() key=|g| g.clone() let:group>
                                {
                                    let (name, indices) = group;
                                    let (i2, i3) = (indices.clone(), indices.clone());
                                    let state = Signal::derive(move || tri(&i2));
                                    let on_group = Callback::new(move |on: bool| set_many(&i3, on));
                                    let partial = { let g = name.clone(); Signal::derive(move || partial_groups().contains(&g)) };
                                    view! {
                                        <div class="change-group" data-testid="change-group" data-group=name.clone()>
                                            <ChangeGroupHead name=name.clone() state=state on_change=on_group partial=partial/>
                                            <ul class="promote-rows">
                                                {indices.into_iter().filter_map(|i| changes.with_untracked(|cs| cs.get(i).cloned())).map(|c| view! {
                                                    <PromoteRow change=c selection=selection reveal=reveal/>
                                                }).collect_view()}
                                            </ul>
                                        </div>
                                    }
                                }
                            </For>
                        }.into_any()
                    }}
                </Show>
            </section>

            <aside class="promote-side">
                <section class="card execute-card" aria-labelledby="execute-heading" data-testid="execute-card">
                    <h2 id="execute-heading">"Execute promotion"</h2>
                    <p class="muted">{move || format!("{} → {}", from_name.get(), to_name.get())}</p>
                    <ExecuteItems changes=Signal::derive(move || changes.get()) selection=selection reveal=reveal/>
                    <label class="field">
                        <span class="field-label">"Comment (optional)"</span>
                        <textarea rows="3" data-testid="promote-comment" placeholder="Why, ticket, release…"
                            prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    </label>
                    {move || (unresolved() > 0).then(|| view! { <p class="field-error" data-testid="unresolved-note">{format!("{} conflict(s) need a decision.", unresolved())}</p> })}
                    <button type="button" class="button execute-button" data-testid="execute" prop:disabled=move || !can_execute() || saving.get() on:click=execute>
                        {move || format!("Execute promotion ({} change{})", selected_count(), if selected_count() == 1 { "" } else { "s" })}
                    </button>
                    {move || other_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                    {move || saving.get().then(|| view! { <p class="muted" role="status" data-testid="promote-saving">"Saving the promotion…"</p> })}
                    {let r = refresh.clone(); move || outcome.get().map(|o| match o {
                        Ok(_) => view! {
                            <p class="muted" data-testid="promote-done">"Promoted: the summary is at the top of the page."</p>
                        }.into_any(),
                        Err(NotSaved::Storage(e)) => view! {
                            <div class="banner banner-error" role="alert" data-testid="promote-not-saved">
                                <p>{format!("Not promoted: {e}. ")}{e.advice()}</p>
                            </div>
                        }.into_any(),
                        Err(NotSaved::Refused(PromoteError::Stale { .. })) => {
                            let r = r.clone();
                            view! {
                                <div class="banner banner-error" role="alert" data-testid="stale-error">
                                    <p>{format!("Not promoted: {}. Nothing was changed.", o_err_text(&o))}</p>
                                    <button type="button" class="button" data-testid="stale-refresh" on:click=move |_| r()>"Refresh review"</button>
                                </div>
                            }.into_any()
                        }
                        Err(NotSaved::Refused(e)) => view! {
                            <div class="banner banner-error" role="alert" data-testid="promote-error">
                                <p>{format!("Not promoted: {e}. Nothing was changed.")}</p>
                            </div>
                        }.into_any(),
                    })}
                </section>
                <ApprovalRequestPanel
                    set=Signal::derive(move || set.get())
                    selection=Signal::derive(move || selection.get())
                    comment=Signal::derive(move || comment.get())
                />
                <section class="card" aria-labelledby="preview-heading">
                    <h2 id="preview-heading">{move || format!("{} after promotion", to_name.get())}</h2>
                    {move || (windowed() && !preview_wanted.get()).then(|| view! {
                        <p class="muted">"This review is large, so the preview is built on request."</p>
                        <button type="button" class="button button-quiet" data-testid="show-preview" on:click=move |_| preview_wanted.set(true)>"Show the preview"</button>
                    })}
                    {move || match preview.get() {
                        Some(Ok(text)) => view! { <pre class="code preview" tabindex="0" aria-label="Target after promotion" data-testid="target-preview">{text}</pre> }.into_any(),
                        Some(Err(e)) => view! { <p class="muted" data-testid="target-preview">{e.to_string()}</p> }.into_any(),
                        None if windowed() && !preview_wanted.get() => ().into_any(),
                        None => view! { <p class="muted">"No preview."</p> }.into_any(),
                    }}
                </section>
            </aside>
        </div>
    }
}

fn o_err_text(o: &Result<PromotionReport, NotSaved<PromoteError>>) -> String {
    match o {
        Err(NotSaved::Refused(e)) => e.to_string(),
        Err(NotSaved::Storage(e)) => e.to_string(),
        Ok(_) => String::new(),
    }
}

/// The changes of a large review: one windowed list of group heads and
/// one-line rows, with the conflicts and their resolvers in a card above.
#[component]
fn WindowedChanges(
    changes: Memo<Arc<Vec<Change>>>,
    groups: Memo<Vec<(String, Vec<usize>)>>,
    selection: RwSignal<Selection>,
    reveal: RwSignal<bool>,
    partial_groups: Signal<HashSet<String>>,
) -> impl IntoView {
    let lines = Memo::new(move |_| {
        groups.with(|gs| {
            let mut out = Vec::with_capacity(gs.len() + changes.with(|c| c.len()));
            for (g, (_, indices)) in gs.iter().enumerate() {
                out.push(Line::Group(g));
                out.extend(indices.iter().map(|&i| Line::Change(i)));
            }
            Arc::new(out)
        })
    });
    let conflicts = Memo::new(move |_| {
        changes.with(|cs| {
            cs.iter()
                .filter(|c| c.conflict.is_some())
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let render: RenderRow<Line> = Arc::new(move |_, line: &Line| match *line {
        Line::Group(g) => {
            let Some((name, indices)) = groups.with_untracked(|gs| gs.get(g).cloned()) else {
                return ().into_any();
            };
            let idx = Arc::new(indices);
            let (i2, i3) = (idx.clone(), idx);
            let state = Signal::derive(move || {
                changes
                    .with(|cs| selection.with(|s| s.coverage(i2.iter().filter_map(|&i| cs.get(i)))))
            });
            let on_group = Callback::new(move |on: bool| {
                changes.with_untracked(|cs| {
                    selection.update(|s| s.set_many(i3.iter().filter_map(|&i| cs.get(i)), on))
                })
            });
            let partial = {
                let g = name.clone();
                Signal::derive(move || partial_groups.with(|p| p.contains(&g)))
            };
            view! {
                <div class="change-group change-group-line" role="listitem" data-testid="change-group" data-group=name.clone()>
                    <ChangeGroupHead name=name.clone() state=state on_change=on_group partial=partial/>
                </div>
            }
            .into_any()
        }
        Line::Change(i) => match changes.with_untracked(|cs| cs.get(i).cloned()) {
            Some(c) => {
                view! { <PromoteRow change=c selection=selection reveal=reveal compact=true/> }
                    .into_any()
            }
            None => ().into_any(),
        },
    });
    view! {
        <Show when=move || !conflicts.with(|c| c.is_empty())>
            <div class="conflict-card" data-testid="conflict-card">
                <h3>{move || format!("Conflicts to settle ({})", conflicts.with(|c| c.len()))}</h3>
                <ul class="promote-rows">
                    <For each=move || conflicts.get() key=|c| c.path.clone() let:c>
                        <PromoteRow change=c selection=selection reveal=reveal/>
                    </For>
                </ul>
            </div>
        </Show>
        <VirtualList items=Signal::derive(move || lines.get()) row_height=LINE_HEIGHT render=render
            label="Changes to promote" testid="promote-window"/>
    }
}
