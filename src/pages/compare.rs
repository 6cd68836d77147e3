//! `/compare/:from/:to`: what promoting `from` into `to` would change, as a
//! change list by path (structural) or as the two documents (text), side
//! by side or inline, with filters and j/k navigation.

use crate::browser;
use crate::components::link::A;
use crate::components::promote_now_dialog::PromoteNowDialog;
use crate::components::structural_diff::StructuralDiff;
use crate::components::text_diff::{Layout, TextDiff};
use crate::env_pair::{use_env_pair, EnvPair};
use crate::pages::not_found::NotFound;
use crate::store::use_store;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use preflight_core::display::{self, DisplayOptions, Row, RowKind};
use preflight_core::formats::Format;
use preflight_core::review::{self, step_cursor, ChangeFilter, KindCounts, KindFilter};
use preflight_core::{pipeline, EnvId};
use std::collections::HashSet;
use std::sync::Arc;

/// Below this width the text view goes inline by itself.
const NARROW_PX: f64 = 900.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Structural,
    Text,
}

fn viewport_width() -> f64 {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .unwrap_or(1280.0)
}

/// Whether a key press came from a text field (where j and k are letters).
fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
        .unwrap_or(false)
}

#[component]
pub fn ComparePage() -> impl IntoView {
    let EnvPair { from, to, valid } = use_env_pair();
    view! {
        <Show when=move || valid.get() fallback=|| view! { <NotFound/> }>
            <CompareView from=from to=to/>
        </Show>
    }
}

#[component]
fn CompareView(from: Memo<EnvId>, to: Memo<EnvId>) -> impl IntoView {
    let store = use_store();
    let navigate = use_navigate();

    let name = move |id: EnvId| {
        store
            .workspace
            .with(|ws| ws.env(&id).map(|e| e.name.clone()).unwrap_or_default())
    };
    let from_name = move || name(from.get());
    let to_name = move || name(to.get());
    let captions = Signal::derive(move || (format!("{} now", to_name()), from_name()));

    // Every difference, `to` (left, as it is) against `from` (right). The
    // promote page narrows this to what a promotion proposes (three-way).
    let changes = Memo::new(move |_| {
        browser::mark("compare:diff-start");
        let out = store.workspace.with(|ws| {
            store.with_known(|known| {
                review::compare_known(ws, &to.get(), &from.get(), known).unwrap_or_default()
            })
        });
        let out = Arc::new(out);
        browser::mark("compare:diffed");
        out
    });
    let counts = Memo::new(move |_| changes.with(|c| KindCounts::of(c)));
    // Marks for the browser benchmark: the frame after the rows are in.
    Effect::new(move |_| {
        changes.track();
        request_animation_frame(|| browser::mark("compare:rendered"));
    });
    let filter = RwSignal::new(ChangeFilter::default());
    let visible = Memo::new(move |_| {
        let f = filter.get();
        changes.with(|c| Arc::new(f.apply(c)))
    });

    let mode = RwSignal::new(Mode::Structural);
    let chosen_layout = RwSignal::new(Layout::Split);
    let width = RwSignal::new(viewport_width());
    let resize = window_event_listener(leptos::ev::resize, move |_| width.set(viewport_width()));
    on_cleanup(move || resize.remove());
    let layout = Signal::derive(move || {
        if width.get() < NARROW_PX {
            Layout::Inline
        } else {
            chosen_layout.get()
        }
    });
    let reveal_text = RwSignal::new(false);
    let revealed = RwSignal::new(HashSet::<String>::new());

    // The text view: rendered only when asked for.
    let side_by_side = Memo::new(move |_| {
        if mode.get() != Mode::Text {
            return None;
        }
        let reveal = reveal_text.get();
        store.workspace.with(|ws| {
            let (a, b) = (ws.env(&to.get())?, ws.env(&from.get())?);
            let patterns = ws.settings.compiled_patterns();
            let opts = DisplayOptions::new(Format::Json)
                .patterns(patterns)
                .reveal_secrets(reveal);
            changes.with(|c| display::side_by_side(&a.config, &b.config, c, &opts).ok())
        })
    });
    Effect::new(move |_| {
        if side_by_side.with(|s| s.is_some()) {
            request_animation_frame(|| browser::mark("compare:text-rendered"));
        }
    });
    let expanded = RwSignal::new(HashSet::<usize>::new());
    let text_rows = Memo::new(move |_| {
        let Some(view) = side_by_side.get() else {
            return Arc::new(Vec::new());
        };
        let open = expanded.get();
        let mut rows: Vec<Row> = Vec::with_capacity(view.rows.len());
        for (i, r) in view.rows.iter().enumerate() {
            if r.kind == RowKind::Collapsed && open.contains(&i) {
                rows.extend(r.hidden.iter().cloned());
            } else {
                rows.push(r.clone());
            }
        }
        if layout.get() == Layout::Inline {
            rows = display::SideBySide {
                rows,
                left_lines: view.left_lines,
                right_lines: view.right_lines,
            }
            .inline_rows();
        }
        Arc::new(rows)
    });
    // Expanding is keyed by the folded row's index in the unexpanded view.
    let on_expand = Callback::new(move |shown_index: usize| {
        let Some(view) = side_by_side.get_untracked() else {
            return;
        };
        let open = expanded.get_untracked();
        let mut shown = 0usize;
        for (i, r) in view.rows.iter().enumerate() {
            let width = if r.kind == RowKind::Collapsed && open.contains(&i) {
                r.hidden.len()
            } else {
                1
            };
            if shown == shown_index {
                expanded.update(|e| {
                    e.insert(i);
                });
                return;
            }
            shown += width;
        }
    });
    let expand_all = move |_| {
        if let Some(view) = side_by_side.get_untracked() {
            expanded.set((0..view.rows.len()).collect());
        }
    };
    let collapse_all = move |_| expanded.set(HashSet::new());

    // Navigation: a cursor over the visible changes (structural) or over
    // the rows showing a visible change (text).
    let cursor = RwSignal::new(None::<usize>);
    let text_targets = Memo::new(move |_| {
        let f = filter.get();
        text_rows.with(|rows| {
            changes.with(|c| {
                rows.iter()
                    .enumerate()
                    .filter(|(_, r)| {
                        !matches!(r.kind, RowKind::Equal | RowKind::Collapsed)
                            && (r.changes.is_empty()
                                || r.changes
                                    .iter()
                                    .any(|&i| c.get(i).is_some_and(|ch| f.matches(ch))))
                    })
                    .map(|(i, _)| i)
                    .collect::<Vec<_>>()
            })
        })
    });
    let nav_len = move || match mode.get() {
        Mode::Structural => visible.with(|v| v.len()),
        Mode::Text => text_targets.with(|t| t.len()),
    };
    Effect::new(move |_| {
        // A new filter, mode or layout restarts the walk.
        filter.track();
        mode.track();
        layout.track();
        cursor.set(None);
    });
    let step = move |by: isize| cursor.update(|c| *c = step_cursor(*c, nav_len(), by));
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typing(&ev) {
            return;
        }
        match ev.key().as_str() {
            "j" => step(1),
            "k" => step(-1),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());
    let counter = move || {
        let n = nav_len();
        match cursor.get() {
            Some(i) if n > 0 => format!("{} of {n}", i + 1),
            _ => format!("{n} change{}", if n == 1 { "" } else { "s" }),
        }
    };
    let structural_current = Signal::derive(move || {
        if mode.get() == Mode::Structural {
            cursor.get()
        } else {
            None
        }
    });
    let text_current = Signal::derive(move || {
        if mode.get() != Mode::Text {
            return None;
        }
        cursor
            .get()
            .and_then(|c| text_targets.with(|t| t.get(c).copied()))
    });

    let env_options = move || {
        store.workspace.with(|ws| {
            ws.environments
                .iter()
                .map(|e| (e.id.to_string(), e.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let pick = {
        let navigate = navigate.clone();
        move |which: &'static str, id: String| {
            let (f, t) = if which == "from" {
                (id, to.get_untracked().to_string())
            } else {
                (from.get_untracked().to_string(), id)
            };
            navigate(&format!("/compare/{f}/{t}"), Default::default());
        }
    };
    let pick_from = {
        let pick = pick.clone();
        move |ev: leptos::ev::Event| pick("from", event_target_value(&ev))
    };
    let pick_to = move |ev: leptos::ev::Event| pick("to", event_target_value(&ev));
    let swap = {
        let navigate = navigate.clone();
        move |_| {
            navigate(
                &format!("/compare/{}/{}", to.get_untracked(), from.get_untracked()),
                Default::default(),
            )
        }
    };
    let chain_ok = move || {
        store
            .workspace
            .with(|ws| pipeline::check_chain(ws, &from.get(), &to.get()).is_ok())
    };
    let promote_open = RwSignal::new(false);

    view! {
        <div class="page-head">
            <div>
                <p class="eyebrow">"Compare"</p>
                <h1 data-testid="compare-title">{move || format!("{} → {}", from_name(), to_name())}</h1>
                <p class="muted">{move || format!("Every difference between {} (left, as it is) and {} (right). Review and promote picks what to take over.", to_name(), from_name())}</p>
            </div>
            <div class="toolbar">
                <A href=move || format!("/promote/{}/{}", from.get(), to.get()) attr:class="button" attr:data-testid="compare-review">"Review and promote"</A>
                <button type="button" class="button button-quiet" data-testid="compare-promote-now"
                    prop:disabled=move || !chain_ok()
                    title=move || if chain_ok() { String::new() } else { "Promote now only goes into the next environment up".to_owned() }
                    on:click=move |_| promote_open.set(true)>
                    "Promote now"
                </button>
            </div>
        </div>
        {move || chain_ok().then(|| view! { <PromoteNowDialog open=promote_open from=from.get() to=to.get()/> })}
        <section class="card compare-controls" aria-label="Comparison options">
            <div class="control-row">
                <label class="inline-field">"From "
                    <select data-testid="compare-from" prop:value=move || from.get().to_string() on:change=pick_from>
                        {move || env_options().into_iter().map(|(id, n)| view! { <option value=id>{n}</option> }).collect_view()}
                    </select>
                </label>
                <button type="button" class="icon-button" aria-label="Swap" title="Swap" on:click=swap>"⇄"</button>
                <label class="inline-field">"into "
                    <select data-testid="compare-to" prop:value=move || to.get().to_string() on:change=pick_to>
                        {move || env_options().into_iter().map(|(id, n)| view! { <option value=id>{n}</option> }).collect_view()}
                    </select>
                </label>
                <div class="segmented" role="group" aria-label="View">
                    <button type="button" data-testid="mode-structural" aria-pressed=move || (mode.get() == Mode::Structural).to_string() on:click=move |_| mode.set(Mode::Structural)>"Structural"</button>
                    <button type="button" data-testid="mode-text" aria-pressed=move || (mode.get() == Mode::Text).to_string() on:click=move |_| mode.set(Mode::Text)>"Text"</button>
                </div>
            </div>
            <div class="control-row">
                <div class="kind-filters" role="group" aria-label="Show kinds">
                    {KindFilter::ALL.into_iter().map(|k| view! {
                        <label class="check kind-toggle" data-testid=format!("filter-{}", k.label().to_lowercase())>
                            <input type="checkbox"
                                prop:checked=move || filter.with(|f| f.shows(k))
                                on:change=move |_| filter.update(|f| f.toggle(k))/>
                            {move || format!(" {} ({})", k.label(), counts.get().get(k))}
                        </label>
                    }).collect_view()}
                </div>
                <input type="search" class="path-filter" placeholder="Filter by path" aria-label="Filter by path"
                    data-testid="path-filter"
                    prop:value=move || filter.with(|f| f.text.clone())
                    on:input=move |ev| filter.update(|f| f.text = event_target_value(&ev))/>
                <div class="nav-buttons">
                    <button type="button" class="button button-quiet" data-testid="prev-change" aria-keyshortcuts="k" on:click=move |_| step(-1)>"↑ Previous"</button>
                    <span class="counter" data-testid="change-counter" aria-live="polite">{counter}</span>
                    <button type="button" class="button button-quiet" data-testid="next-change" aria-keyshortcuts="j" on:click=move |_| step(1)>"Next ↓"</button>
                </div>
            </div>
            <Show when=move || mode.get() == Mode::Text>
                <div class="control-row">
                    <div class="segmented" role="group" aria-label="Layout">
                        <button type="button" data-testid="layout-split" aria-pressed=move || (layout.get() == Layout::Split).to_string()
                            prop:disabled=move || width.get() < NARROW_PX
                            on:click=move |_| chosen_layout.set(Layout::Split)>"Side by side"</button>
                        <button type="button" data-testid="layout-inline" aria-pressed=move || (layout.get() == Layout::Inline).to_string()
                            on:click=move |_| chosen_layout.set(Layout::Inline)>"Inline"</button>
                    </div>
                    <button type="button" class="button button-quiet" data-testid="expand-all" on:click=expand_all>"Expand all"</button>
                    <button type="button" class="button button-quiet" data-testid="collapse-all" on:click=collapse_all>"Collapse unchanged"</button>
                    <span class="muted" data-testid="folded-count">{move || {
                        let n = text_rows.with(|r| r.iter().filter(|r| r.kind == RowKind::Collapsed).count());
                        format!("{n} unchanged run{} folded", if n == 1 { "" } else { "s" })
                    }}</span>
                    <label class="check">
                        <input type="checkbox" data-testid="reveal-text" prop:checked=move || reveal_text.get() on:change=move |ev| reveal_text.set(event_target_checked(&ev))/>
                        " Reveal secrets"
                    </label>
                </div>
            </Show>
            <p class="muted keys-hint">"Press j and k to move between changes."</p>
        </section>
        <section class="card" aria-label="Differences">
            <p class="summary" data-testid="compare-summary">
                {move || {
                    let c = counts.get();
                    format!("{} changes: {} added, {} removed, {} modified, {} moved", c.total(), c.added, c.removed, c.modified, c.moved)
                }}
            </p>
            <Show when=move || { counts.get().total() > 0 } fallback=move || view! {
                <p class="muted" data-testid="compare-identical">{move || format!("{} and {} are identical.", from_name(), to_name())}</p>
            }>
                {move || match mode.get() {
                    Mode::Structural => view! {
                        <StructuralDiff
                            changes=Signal::derive(move || changes.get())
                            visible=Signal::derive(move || visible.get())
                            current=structural_current
                            revealed=revealed
                            captions=captions
                        />
                    }.into_any(),
                    Mode::Text => view! {
                        <TextDiff rows=Signal::derive(move || text_rows.get()) layout=layout current=text_current on_expand=on_expand/>
                    }.into_any(),
                }}
            </Show>
        </section>
    }
}
