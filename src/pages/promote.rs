//! `/promote/:from/:to`, the propagation window: tick changes one by one
//! or all at once, settle conflicts, see the target after apply, and
//! execute with a comment. The review is frozen when the page opens; if
//! the target changes meanwhile (another tab, say), executing is refused
//! until the review is refreshed.

use crate::browser;
use crate::components::approval_request_panel::ApprovalRequestPanel;
use crate::components::change_list::{kind_class, kind_label, kind_marker};
use crate::components::conflict_resolver::ConflictResolver;
use crate::components::gate_panel::GatePanel;
use crate::components::link::A;
use crate::components::tri_checkbox::{Tri, TriCheckbox};
use crate::components::value_text::short;
use crate::env_pair::{use_env_pair, EnvPair};
use crate::pages::not_found::NotFound;
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::changeset::ChangeSet;
use preflight_core::checklist::GateOverride;
use preflight_core::diff::Change;
use preflight_core::formats::{self, Format};
use preflight_core::patterns;
use preflight_core::promote::{
    bundle_warnings, PromoteError, Promotion, PromotionReport, Selection, Warning,
};
use preflight_core::{pipeline, EnvId};
use serde_json::Value;
use std::collections::HashSet;

#[component]
pub fn PromotePage() -> impl IntoView {
    let EnvPair { from, to, valid } = use_env_pair();
    view! {
        <Show when=move || valid.get() fallback=|| view! { <NotFound/> }>
            {move || view! { <PromoteView from=from.get() to=to.get()/> }}
        </Show>
    }
}

/// A value as this page shows it: masked when secret unless revealed.
fn show(value: &Option<Value>, secret: bool, reveal: bool) -> String {
    match value {
        None => "(absent)".to_owned(),
        Some(v) if secret && !reveal => patterns::mask(v),
        Some(v) => short(v),
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
    let (outcome, set_outcome) = signal(None::<Result<PromotionReport, PromoteError>>);
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
            store.sync_from_storage();
            set.set(store.workspace.with_untracked(|ws| review(ws, &f, &t)));
            selection.set(Selection::all());
            set_outcome.set(None);
            set_other_error.set(None);
        }
    };

    let changes =
        Memo::new(move |_| set.with(|s| s.as_ref().map(|s| s.changes.clone()).unwrap_or_default()));
    let groups = Memo::new(move |_| {
        let mut out: Vec<(String, Vec<usize>)> = Vec::new();
        changes.with(|cs| {
            for (i, c) in cs.iter().enumerate() {
                match out.iter_mut().find(|(g, _)| *g == c.group) {
                    Some((_, v)) => v.push(i),
                    None => out.push((c.group.clone(), vec![i])),
                }
            }
        });
        out
    });
    let tri = move |indices: &[usize]| {
        let (mut on, mut eligible, mut eligible_on) = (0, 0, 0);
        changes.with(|cs| {
            selection.with(|s| {
                for &i in indices {
                    let c = &cs[i];
                    let sel = s.is_selected(c);
                    on += usize::from(sel);
                    if !c.pinned {
                        eligible += 1;
                        eligible_on += usize::from(sel);
                    }
                }
            })
        });
        if on == 0 {
            Tri::None
        } else if eligible_on == eligible {
            Tri::All
        } else {
            Tri::Some
        }
    };
    let set_many = move |indices: Vec<usize>, on: bool| {
        changes.with_untracked(|cs| {
            selection.update(|s| {
                for i in indices {
                    let c = &cs[i];
                    // Select-all never ticks a pinned key; that stays a deliberate choice.
                    if s.is_selected(c) != on && (!on || !c.pinned) {
                        s.toggle(c);
                    }
                }
            })
        });
    };
    let all_state =
        Signal::derive(move || tri(&(0..changes.with(|c| c.len())).collect::<Vec<_>>()));
    let select_all = Callback::new(move |on: bool| {
        set_many((0..changes.with_untracked(|c| c.len())).collect(), on)
    });

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
    let unresolved = move || {
        changes.with(|cs| {
            selection.with(|s| {
                cs.iter()
                    .filter(|c| {
                        c.conflict.is_some() && s.is_selected(c) && s.resolution(&c.path).is_none()
                    })
                    .count()
            })
        })
    };
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

    let preview = Memo::new(move |_| {
        let sel = core_selection();
        set.with(|s| {
            let s = s.as_ref().ok()?;
            store.workspace.with(|ws| {
                let result = Promotion::new(s, &sel).preview(ws);
                Some(result.map(|v| {
                    let patterns = ws.settings.patterns.lenient();
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
            // Another tab may have written since this review was opened.
            store.sync_from_storage();
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
            let result = store.apply(|ws| {
                let mut p = Promotion::new(&s, &sel)
                    .comment(note.trim())
                    .actor(actor)
                    .override_chain(!chain_ok.get_untracked() && override_chain.get_untracked());
                if let Some(g) = gate {
                    p = p.override_gate(g);
                }
                p.execute(ws, browser::now())
            });
            set_outcome.set(Some(result));
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
        <GatePanel to=to.clone() reason=gate_reason/>

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
                    <For each=move || groups.get() key=|g| g.clone() let:group>
                        {
                            let (name, indices) = group;
                            let indices2 = indices.clone();
                            let indices3 = indices.clone();
                            let gname = name.clone();
                            let state = Signal::derive(move || tri(&indices2));
                            let on_group = Callback::new(move |on: bool| set_many(indices3.clone(), on));
                            let partial = { let g = gname.clone(); move || partial_groups().contains(&g) };
                            let title = if name.is_empty() { "/ (top level)".to_owned() } else { name.clone() };
                            view! {
                                <div class="change-group" data-testid="change-group" data-group=name.clone()>
                                    <div class="group-head">
                                        <label class="check">
                                            <TriCheckbox state=state on_change=on_group label=format!("Select group {title}") testid="group-checkbox"/>
                                            <code>{title.clone()}</code>
                                        </label>
                                        <Show when=partial.clone()>
                                            <span class="badge badge-warn" data-testid="bundle-warning" title="Changes in one object usually belong together">
                                                "Partly selected: these settings may belong together"
                                            </span>
                                        </Show>
                                    </div>
                                    <ul class="promote-rows">
                                        {indices.into_iter().map(|i| view! { <PromoteRow index=i changes=changes selection=selection reveal=reveal/> }).collect_view()}
                                    </ul>
                                </div>
                            }
                        }
                    </For>
                </Show>
            </section>

            <aside class="promote-side">
                <section class="card execute-card" aria-labelledby="execute-heading" data-testid="execute-card">
                    <h2 id="execute-heading">"Execute promotion"</h2>
                    <p class="muted">{move || format!("{} → {}", from_name.get(), to_name.get())}</p>
                    <ul class="execute-items" tabindex="0" aria-label="Selected changes" data-testid="execute-items">
                        {move || changes.with(|cs| selection.with(|s| cs.iter().filter(|c| s.is_selected(c)).map(|c| {
                            let r = reveal.get();
                            let (old, new) = (show(&c.old, c.secret, r), match s.resolution(&c.path) {
                                Some(preflight_core::promote::Resolution::KeepTarget) => "(kept)".to_owned(),
                                Some(preflight_core::promote::Resolution::Custom(v)) => show(&Some(v.clone()), c.secret, r),
                                _ => show(&c.new, c.secret, r),
                            });
                            view! { <li data-testid="execute-item"><code>{c.path.clone()}</code>": " <span class="value value-old">{old}</span>" → "<span class="value value-new">{new}</span></li> }
                        }).collect_view()))}
                    </ul>
                    <label class="field">
                        <span class="field-label">"Comment (optional)"</span>
                        <textarea rows="3" data-testid="promote-comment" placeholder="Why, ticket, release…"
                            prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    </label>
                    {move || (unresolved() > 0).then(|| view! { <p class="field-error" data-testid="unresolved-note">{format!("{} conflict(s) need a decision.", unresolved())}</p> })}
                    <button type="button" class="button execute-button" data-testid="execute" prop:disabled=move || !can_execute() on:click=execute>
                        {move || format!("Execute promotion ({} change{})", selected_count(), if selected_count() == 1 { "" } else { "s" })}
                    </button>
                    {move || other_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                    {let r = refresh.clone(); move || outcome.get().map(|o| match o {
                        Ok(report) => view! {
                            <div class="banner banner-info" role="status" data-testid="promote-success">
                                <p>
                                    {format!("Promoted {} change(s); {} is now version {}. ", report.applied.len(), report.to, report.version)}
                                    <A href=format!("/environments/{}", report.to) attr:data-testid="snapshot-link">"Snapshots before and after"</A>
                                    " · "
                                    <A href=format!("/history?event={}", report.event) attr:data-testid="audit-link">"Audit entry"</A>
                                </p>
                            </div>
                        }.into_any(),
                        Err(PromoteError::Stale { .. }) => {
                            let r = r.clone();
                            view! {
                                <div class="banner banner-error" role="alert" data-testid="stale-error">
                                    <p>{format!("Not promoted: {}. Nothing was changed.", o_err_text(&o))}</p>
                                    <button type="button" class="button" data-testid="stale-refresh" on:click=move |_| r()>"Refresh review"</button>
                                </div>
                            }.into_any()
                        }
                        Err(e) => view! {
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
                    {move || match preview.get() {
                        Some(Ok(text)) => view! { <pre class="code preview" tabindex="0" aria-label="Target after promotion" data-testid="target-preview">{text}</pre> }.into_any(),
                        Some(Err(e)) => view! { <p class="muted" data-testid="target-preview">{e.to_string()}</p> }.into_any(),
                        None => view! { <p class="muted">"No preview."</p> }.into_any(),
                    }}
                </section>
            </aside>
        </div>
    }
}

fn o_err_text(o: &Result<PromotionReport, PromoteError>) -> String {
    match o {
        Err(e) => e.to_string(),
        Ok(_) => String::new(),
    }
}

/// One change with its checkbox and, for a conflict, its resolver.
#[component]
fn PromoteRow(
    index: usize,
    changes: Memo<Vec<Change>>,
    selection: RwSignal<Selection>,
    reveal: RwSignal<bool>,
) -> impl IntoView {
    let Some(change) = changes.with_untracked(|c| c.get(index).cloned()) else {
        return ().into_any();
    };
    let c2 = change.clone();
    let checked = move || selection.with(|s| s.is_selected(&c2));
    let c3 = change.clone();
    let toggle = move |_| selection.update(|s| s.toggle(&c3));
    let kind = change.kind;
    let secret = change.secret;
    let (old, new) = (change.old.clone(), change.new.clone());
    let path = change.path.clone();
    view! {
        <li class=format!("promote-row {}", kind_class(kind)) data-testid="promote-row" data-path=path.clone()
            class:unselected=move || !checked()>
            <label class="check promote-check">
                <input type="checkbox" data-testid="change-checkbox" prop:checked=checked.clone() on:change=toggle
                    aria-label=format!("Promote {path}")/>
                <span class="kind-marker" title=kind_label(kind)>{kind_marker(kind)}</span>
                <code class="change-path">{path.clone()}</code>
            </label>
            <span class="muted kind-text">{kind_label(kind)}</span>
            {change.pinned.then(|| view! { <span class="badge badge-info" data-testid="pinned-badge" title="Environment-specific: not promoted unless you tick it">"pinned"</span> })}
            {secret.then(|| view! { <span class="badge badge-warn">"secret"</span> })}
            {change.conflict.is_some().then(|| view! { <span class="badge badge-bad" data-testid="conflict-badge">"conflict"</span> })}
            <div class="change-values">
                <span class="value value-old">{let o = old.clone(); move || show(&o, secret, reveal.get())}</span>
                <span class="arrow">" → "</span>
                <span class="value value-new">{let n = new.clone(); move || show(&n, secret, reveal.get())}</span>
            </div>
            {change.conflict.clone().map(|conflict| view! {
                <ConflictResolver path=change.path.clone() conflict=conflict secret=secret selection=selection reveal=reveal/>
            })}
        </li>
    }.into_any()
}
