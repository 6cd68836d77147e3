//! `/checklists/:id`: one checklist. The go-live date and its countdown;
//! progress overall, by timeframe and by category; items grouped under
//! their timeframe headings (with date ranges), filtered and sorted;
//! statuses one by one, in bulk or from the keyboard; editing, adding and
//! removing items; exports. `#item-N` in the address scrolls to item N and
//! highlights it (the promote page's gate links use it).

use crate::browser;
use crate::components::bulk_status_bar::BulkStatusBar;
use crate::components::checklist_item::{ChecklistItem, ItemAction};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::item_editor::{status_from_value, status_value, ItemEditor};
use crate::components::link::A;
use crate::components::print_header::PrintHeader;
use crate::components::progress_bar::ProgressBar;
use crate::components::timeframe_head::{TimeframeHead, TimeframeSummary};
use crate::pages::checklists::countdown_text;
use crate::pages::not_found::NotFound;
use crate::store::{use_store, Store};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};
use preflight_core::checklist::{
    export_file, gating, Checklist, ChecklistError, DateRange, ImportFormat, Item, ItemFilter,
    Progress, SortKey, SortOrder, Status,
};
use preflight_core::jiff::civil::Date;
use std::collections::BTreeSet;

#[component]
pub fn ChecklistPage() -> impl IntoView {
    let store = use_store();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let exists = move || store.workspace.with(|ws| ws.checklist(&id.get()).is_some());
    view! {
        <Show when=exists fallback=|| view! { <NotFound/> }>
            {move || view! { <ChecklistView id=id.get()/>}}
        </Show>
    }
}

/// Runs an edit of one checklist as an all-or-nothing store operation;
/// status changes of gating items are audited (core's `gating`).
fn edit<T>(
    store: Store,
    id: &str,
    f: impl FnOnce(&mut Checklist) -> Result<T, ChecklistError>,
) -> Result<T, String> {
    let actor = store.actor();
    store
        .apply(|ws| gating::edit_checklist(ws, id, &actor, browser::now(), f).map(|(t, _)| t))
        .map_err(|e| e.to_string())
}

/// One line of the item list: a timeframe heading or an item.
#[derive(Debug, Clone, PartialEq)]
enum Entry {
    Head {
        timeframe: usize,
        name: String,
        offset: i32,
        range: Option<DateRange>,
        done: usize,
        total: usize,
    },
    Row {
        index: usize,
        item: Item,
        due: Option<Date>,
        overdue: bool,
    },
}

fn range_text(range: Option<DateRange>) -> String {
    match range {
        Some(r) if r.start == r.end => r.start.to_string(),
        Some(r) => format!("{} – {}", r.start, r.end),
        None => "set a go-live date to see the dates".to_owned(),
    }
}

fn offset_text(days: i32) -> String {
    match days {
        0 => "on go-live day".to_owned(),
        d if d < 0 => format!("{} days before go-live", -d),
        d => format!("{d} days after go-live"),
    }
}

/// A file name from a checklist name: letters, digits and dashes.
fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "checklist".to_owned()
    } else {
        stem
    }
}

fn sort_value(key: SortKey) -> &'static str {
    match key {
        SortKey::Document => "document",
        SortKey::Due => "due",
        SortKey::Code => "code",
        SortKey::Name => "name",
        SortKey::Status => "status",
        SortKey::Category => "category",
        SortKey::Owner => "owner",
        SortKey::Timeframe => "timeframe",
    }
}

const SORT_KEYS: [(SortKey, &str); 7] = [
    (SortKey::Document, "Checklist order"),
    (SortKey::Due, "Due date"),
    (SortKey::Code, "Code"),
    (SortKey::Name, "Name"),
    (SortKey::Status, "Status (open first)"),
    (SortKey::Category, "Category"),
    (SortKey::Owner, "Owner"),
];

/// Whether a key press came from a field that takes typing.
fn typing(ev: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| {
            matches!(
                el.tag_name().as_str(),
                "INPUT" | "TEXTAREA" | "SELECT" | "BUTTON" | "A"
            )
        })
        .unwrap_or(false)
}

fn scroll_to_item(index: usize) {
    browser::scroll_into_view(&format!("item-{index}"));
}

fn focus_status(index: usize) {
    use wasm_bindgen::JsCast;
    let picker = document()
        .query_selector(&format!("#item-{index} [data-testid=\"item-status\"]"))
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(picker) = picker {
        let _ = picker.focus();
    }
}

#[component]
fn ChecklistView(id: String) -> impl IntoView {
    let store = use_store();
    let id = StoredValue::new(id);
    let today = crate::today::use_today();
    let checklist = Memo::new(move |_| {
        store
            .workspace
            .with(|ws| ws.checklist(&id.get_value()).cloned())
    });
    let (error, set_error) = signal(None::<String>);
    let (notice, set_notice) = signal(None::<String>);
    let report = move |r: Result<(), String>| set_error.set(r.err());

    // Filters and sort.
    let status_filter = RwSignal::new(String::new());
    let category_filter = RwSignal::new(String::new());
    let owner_filter = RwSignal::new("*".to_owned());
    let text_filter = RwSignal::new(String::new());
    let overdue_only = RwSignal::new(false);
    let sort_key = RwSignal::new(SortKey::Document);
    let descending = RwSignal::new(false);

    let cursor = RwSignal::new(None::<usize>);
    let selected = RwSignal::new(BTreeSet::<usize>::new());
    let anchored = RwSignal::new(None::<usize>);

    let filter = Memo::new(move |_| {
        let mut f = ItemFilter::new().text(text_filter.get());
        if let Some(s) = status_from_value(&status_filter.get()) {
            f = f.status(s);
        }
        let category = category_filter.get();
        if !category.is_empty() {
            f = f.category(category);
        }
        match owner_filter.get().as_str() {
            "*" => {}
            owner => f = f.owner(owner),
        }
        if overdue_only.get() {
            f = f.overdue_on(today.get());
        }
        f
    });

    // The visible items in keyboard order, and the lines to render.
    let rows = Memo::new(move |_| {
        let filter = filter.get();
        let order = if descending.get() {
            SortOrder::Descending
        } else {
            SortOrder::Ascending
        };
        let key = sort_key.get();
        checklist.with(|c| {
            let Some(c) = c else {
                return (Vec::new(), Vec::new());
            };
            let mut visible = c.filter(&filter);
            c.sort(&mut visible, key, order);
            let mut groups = c.group_by_timeframe(&visible);
            if filter == ItemFilter::new() {
                // Unfiltered, every timeframe shows, even an empty one.
                for t in 0..c.timeframes.len() {
                    if !groups.iter().any(|(g, _)| *g == t) {
                        groups.push((t, Vec::new()));
                    }
                }
                groups.sort_by_key(|(t, _)| *t);
            }
            let by_tf = c.progress_by_timeframe();
            let today = today.get();
            let mut flat = Vec::new();
            let mut entries = Vec::new();
            for (t, indices) in groups {
                let Some(tf) = c.timeframes.get(t) else {
                    continue;
                };
                let p = by_tf.get(t).copied().unwrap_or_default();
                entries.push(Entry::Head {
                    timeframe: t,
                    name: tf.name.clone(),
                    offset: tf.offset_days,
                    range: c.timeframe_range(t),
                    done: p.done,
                    total: p.total,
                });
                for i in indices {
                    flat.push(i);
                    entries.push(Entry::Row {
                        index: i,
                        item: c.items[i].clone(),
                        due: c.due(i),
                        overdue: c.is_overdue(i, today),
                    });
                }
            }
            (flat, entries)
        })
    });

    // `#item-N` in the address: scroll to that item and highlight it.
    let location = use_location();
    Effect::new(move |_| {
        let hash = location.hash.get();
        let target = hash
            .trim_start_matches('#')
            .strip_prefix("item-")
            .and_then(|n| n.parse::<usize>().ok());
        anchored.set(target);
        if let Some(i) = target {
            cursor.set(Some(i));
            request_animation_frame(move || scroll_to_item(i));
        }
    });

    let set_go_live = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let date = if value.trim().is_empty() {
            None
        } else {
            match value.parse::<Date>() {
                Ok(d) => Some(d),
                Err(_) => {
                    set_error.set(Some(format!("{value:?} is not a date like 2027-03-01.")));
                    return;
                }
            }
        };
        report(edit(store, &id.get_value(), |c| {
            c.go_live = date;
            Ok(())
        }));
    };

    let set_status = move |indices: Vec<usize>, status: Status| {
        report(edit(store, &id.get_value(), |c| {
            c.set_status(&indices, status);
            Ok(())
        }));
    };

    // The item editor.
    let editor_open = RwSignal::new(false);
    let editing = RwSignal::new(None::<usize>);
    let draft = RwSignal::new(Item::default());
    let editor_title = Signal::derive(move || match editing.get() {
        Some(_) => format!(
            "Edit {}",
            draft.with(|d| if d.code.is_empty() {
                d.name.clone()
            } else {
                d.code.clone()
            })
        ),
        None => "Add an item".to_owned(),
    });
    let timeframe_names = Signal::derive(move || {
        checklist.with(|c| {
            c.as_ref()
                .map(|c| {
                    c.timeframes
                        .iter()
                        .map(|t| t.name.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let computed_due = Signal::derive(move || {
        let t = draft.with(|d| d.timeframe);
        checklist.with(|c| c.as_ref().and_then(|c| c.timeframe_date(t)))
    });
    let save_item = Callback::new(move |()| {
        let item = draft.get_untracked();
        let result = match editing.get_untracked() {
            Some(i) => edit(store, &id.get_value(), |c| c.update_item(i, item)),
            None => edit(store, &id.get_value(), |c| c.add_item(item)),
        };
        match result {
            Ok(at) => {
                set_error.set(None);
                selected.set(BTreeSet::new());
                cursor.set(Some(at));
                set_notice.set(Some("Item saved.".to_owned()));
            }
            Err(e) => set_error.set(Some(e)),
        }
    });
    let add_item = move |_| {
        let has_timeframes =
            checklist.with_untracked(|c| c.as_ref().is_some_and(|c| !c.timeframes.is_empty()));
        if !has_timeframes {
            set_error.set(Some(
                "Add a timeframe first: every item belongs to one.".to_owned(),
            ));
            return;
        }
        editing.set(None);
        draft.set(Item::default());
        editor_open.set(true);
    };

    // Removing an item asks first.
    let remove_open = RwSignal::new(false);
    let remove_target = RwSignal::new(None::<(usize, String)>);
    let confirm_remove = Callback::new(move |()| {
        let Some((i, _)) = remove_target.get_untracked() else {
            return;
        };
        let result = edit(store, &id.get_value(), |c| c.remove_item(i).map(|_| ()));
        if result.is_ok() {
            selected.set(BTreeSet::new());
            cursor.set(None);
        }
        report(result);
    });

    let on_item = move |index: usize, action: ItemAction| match action {
        ItemAction::Status(s) => {
            set_status(vec![index], s);
            // The row is rebuilt with its new status; keep the keyboard
            // user on its status picker rather than dropping focus.
            request_animation_frame(move || focus_status(index));
        }
        ItemAction::Edit => {
            if let Some(item) =
                checklist.with_untracked(|c| c.as_ref().and_then(|c| c.items.get(index).cloned()))
            {
                editing.set(Some(index));
                draft.set(item);
                editor_open.set(true);
            }
        }
        ItemAction::Remove => {
            let name = checklist
                .with_untracked(|c| {
                    c.as_ref()
                        .and_then(|c| c.items.get(index).map(|i| format!("{} {}", i.code, i.name)))
                })
                .unwrap_or_default();
            remove_target.set(Some((index, name.trim().to_owned())));
            remove_open.set(true);
        }
        ItemAction::ResetDue => report(edit(store, &id.get_value(), |c| {
            let len = c.items.len();
            let item = c
                .items
                .get_mut(index)
                .ok_or(ChecklistError::NoSuchItem { index, len })?;
            item.due_override = None;
            Ok(())
        })),
        ItemAction::Select(on) => selected.update(|s| {
            if on {
                s.insert(index);
            } else {
                s.remove(&index);
            }
        }),
    };

    // Keyboard on the focused list: j/k or arrows move, x or Space toggles done.
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typing(&ev) {
            return;
        }
        let flat = rows.with_untracked(|r| r.0.clone());
        if flat.is_empty() {
            return;
        }
        let at = cursor
            .get_untracked()
            .and_then(|c| flat.iter().position(|&i| i == c));
        let step = |by: isize| {
            let next = match at {
                None => {
                    if by > 0 {
                        0
                    } else {
                        flat.len() - 1
                    }
                }
                Some(p) => p.saturating_add_signed(by).min(flat.len() - 1),
            };
            let index = flat[next];
            cursor.set(Some(index));
            scroll_to_item(index);
        };
        match ev.key().as_str() {
            "j" | "ArrowDown" => {
                ev.prevent_default();
                step(1);
            }
            "k" | "ArrowUp" => {
                ev.prevent_default();
                step(-1);
            }
            "x" | " " => {
                ev.prevent_default();
                if let Some(i) = cursor.get_untracked() {
                    report(edit(store, &id.get_value(), |c| {
                        c.toggle_done(i).map(|_| ())
                    }));
                }
            }
            _ => {}
        }
    };

    let select_shown = Callback::new(move |()| {
        selected.set(rows.with_untracked(|r| r.0.iter().copied().collect()))
    });

    // Timeframes.
    let (new_tf_name, set_new_tf_name) = signal(String::new());
    let (new_tf_offset, set_new_tf_offset) = signal(String::new());
    let add_timeframe = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = new_tf_name.get_untracked().trim().to_owned();
        if name.is_empty() {
            set_error.set(Some(
                "A timeframe needs a name, e.g. “One week before”.".to_owned(),
            ));
            return;
        }
        let offset_text = new_tf_offset.get_untracked();
        let Ok(offset) = offset_text.trim().parse::<i32>() else {
            set_error.set(Some(format!(
                "The offset {offset_text:?} is not a whole number of days (e.g. -7 for one week before)."
            )));
            return;
        };
        report(edit(store, &id.get_value(), |c| {
            c.add_timeframe(name, offset);
            Ok(())
        }));
        set_new_tf_name.set(String::new());
        set_new_tf_offset.set(String::new());
    };

    let export = move |format: ImportFormat| {
        let Some(c) = checklist.get_untracked() else {
            return;
        };
        let text = export_file(&c, format);
        let name = format!("{}.{}", file_stem(&c.name), format.extension());
        report(browser::download_text(&name, format.mime_type(), &text));
    };

    let name = move || checklist.with(|c| c.as_ref().map(|c| c.name.clone()).unwrap_or_default());
    let go_live_value = move || {
        checklist.with(|c| {
            c.as_ref()
                .and_then(|c| c.go_live)
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
    };
    let countdown = move || {
        checklist.with(
            |c| match c.as_ref().and_then(|c| c.days_to_go_live(today.get())) {
                Some(d) => countdown_text(d),
                None => "No go-live date yet".to_owned(),
            },
        )
    };
    let progress = move || checklist.with(|c| c.as_ref().map(|c| c.progress()).unwrap_or_default());
    let by_timeframe = move || {
        checklist.with(|c| {
            c.as_ref()
                .map(|c| {
                    c.progress_by_timeframe()
                        .into_iter()
                        .zip(&c.timeframes)
                        .map(|(p, t)| (t.name.clone(), p))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let by_category = move || {
        checklist.with(|c| {
            c.as_ref()
                .map(|c| c.progress_by_category())
                .unwrap_or_default()
        })
    };
    let categories =
        move || checklist.with(|c| c.as_ref().map(|c| c.categories()).unwrap_or_default());
    let owners = move || checklist.with(|c| c.as_ref().map(|c| c.owners()).unwrap_or_default());
    let overdue_count = move || {
        checklist.with(|c| {
            c.as_ref()
                .map(|c| c.overdue(today.get()).len())
                .unwrap_or(0)
        })
    };
    let print_facts = move || {
        checklist.with(|c| {
            let Some(c) = c.as_ref() else {
                return Vec::new();
            };
            let p = c.progress();
            vec![
                (
                    "Go-live".to_owned(),
                    c.go_live
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "not set".to_owned()),
                ),
                (
                    "Progress".to_owned(),
                    format!(
                        "{}% ({} of {} items resolved)",
                        p.percent(),
                        p.done,
                        p.total
                    ),
                ),
                ("Printed by".to_owned(), store.actor()),
                (
                    "Printed at".to_owned(),
                    browser::format_time(browser::now()),
                ),
                ("Content hash".to_owned(), c.content_hash()),
            ]
        })
    };
    let shown = move || rows.with(|r| r.0.len());
    let total = move || checklist.with(|c| c.as_ref().map(|c| c.items.len()).unwrap_or(0));

    view! {
        <PrintHeader kind="go-live checklist" title=Signal::derive(name) facts=Signal::derive(print_facts) print_only=true/>
        <div class="page-head">
            <div>
                <p class="eyebrow"><A href="/checklists">"Checklists"</A></p>
                <h1 data-testid="checklist-name">{name}</h1>
            </div>
            <div class="toolbar export-buttons">
                <span class="muted">"Export:"</span>
                <button type="button" class="button button-quiet" data-testid="export-markdown" on:click=move |_| export(ImportFormat::Markdown)>"Markdown"</button>
                <button type="button" class="button button-quiet" data-testid="export-csv" on:click=move |_| export(ImportFormat::Csv)>"CSV"</button>
                <button type="button" class="button button-quiet" data-testid="export-json" on:click=move |_| export(ImportFormat::Json)>"JSON"</button>
                <button type="button" class="button button-quiet" data-testid="print-checklist" on:click=move |_| browser::print()>"Print"</button>
            </div>
        </div>
        {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="checklist-error">{e}</p> })}
        {move || notice.get().map(|n| view! { <p class="muted" role="status" data-testid="checklist-notice">{n}</p> })}
        <div class="checklist-top">
            <section class="card" aria-labelledby="dates-heading">
                <h2 id="dates-heading">"Go-live"</h2>
                <label class="field">
                    <span class="field-label">"Go-live date"</span>
                    <input type="date" data-testid="go-live-date" prop:value=go_live_value on:change=set_go_live/>
                </label>
                <p class="countdown" data-testid="countdown">{countdown}</p>
                <p class="muted" data-testid="overdue-count">
                    {move || match overdue_count() { 0 => "Nothing overdue.".to_owned(), n => format!("⚠ {n} item(s) overdue.") }}
                </p>
            </section>
            <section class="card progress-card" aria-labelledby="progress-heading">
                <h2 id="progress-heading">"Progress"</h2>
                <p class="overall">
                    <strong data-testid="overall-percent">{move || format!("{}%", progress().percent())}</strong>
                    <span class="muted" data-testid="overall-counts">{move || { let p = progress(); format!(" done · {} of {} items resolved", p.done, p.total) }}</span>
                </p>
                <ProgressBar percent=Signal::derive(move || progress().percent()) label="Overall progress".to_owned()/>
                <div class="progress-groups">
                    <div>
                        <h3>"By timeframe"</h3>
                        <ul class="progress-list" data-testid="progress-by-timeframe">
                            {move || by_timeframe().into_iter().map(|(name, p)| view! {
                                <ProgressRow name=name progress=p testid="timeframe-progress"/>
                            }).collect_view()}
                        </ul>
                    </div>
                    <div>
                        <h3>"By category"</h3>
                        <ul class="progress-list" data-testid="progress-by-category">
                            {move || by_category().into_iter().map(|(name, p)| {
                                let name = if name.is_empty() { "(no category)".to_owned() } else { name };
                                view! { <ProgressRow name=name progress=p testid="category-progress"/> }
                            }).collect_view()}
                        </ul>
                    </div>
                </div>
            </section>
        </div>
        <section class="card" aria-labelledby="items-heading">
            <div class="card-head">
                <h2 id="items-heading">"Items"</h2>
                <button type="button" class="button" data-testid="add-item" on:click=add_item>"Add an item"</button>
            </div>
            <div class="filters checklist-filters" role="group" aria-label="Filter and sort">
                <label class="inline-field">"Status"
                    <select data-testid="filter-status" on:change=move |ev| status_filter.set(event_target_value(&ev))>
                        <option value="">"Any"</option>
                        {Status::ALL.into_iter().map(|s| view! { <option value=status_value(s)>{s.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="inline-field">"Category"
                    <select data-testid="filter-category" on:change=move |ev| category_filter.set(event_target_value(&ev))>
                        <option value="">"Any"</option>
                        {move || categories().into_iter().map(|c| view! { <option value=c.clone() prop:selected={let c = c.clone(); move || category_filter.get() == c}>{c.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="inline-field">"Owner"
                    <select data-testid="filter-owner" on:change=move |ev| owner_filter.set(event_target_value(&ev))>
                        <option value="*">"Anyone"</option>
                        <option value="">"Nobody yet"</option>
                        {move || owners().into_iter().map(|o| view! { <option value=o.clone() prop:selected={let o = o.clone(); move || owner_filter.get() == o}>{o.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="inline-field">"Text"
                    <input type="search" data-testid="filter-text" placeholder="code, name, note…" prop:value=move || text_filter.get()
                        on:input=move |ev| text_filter.set(event_target_value(&ev))/>
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="filter-overdue" prop:checked=move || overdue_only.get()
                        on:change=move |ev| overdue_only.set(event_target_checked(&ev))/>
                    "Only overdue"
                </label>
                <label class="inline-field">"Sort"
                    <select data-testid="sort-key" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some((k, _)) = SORT_KEYS.iter().find(|(k, _)| sort_value(*k) == v) { sort_key.set(*k) }
                    }>
                        {SORT_KEYS.into_iter().map(|(k, label)| view! { <option value=sort_value(k)>{label}</option> }).collect_view()}
                    </select>
                </label>
                <label class="check">
                    <input type="checkbox" data-testid="sort-descending" prop:checked=move || descending.get()
                        on:change=move |ev| descending.set(event_target_checked(&ev))/>
                    "Descending"
                </label>
            </div>
            <p class="muted small" data-testid="shown-count">{move || format!("Showing {} of {} items. Within each timeframe the sort applies.", shown(), total())}</p>
            <BulkStatusBar checklist_id=id.get_value() selected=selected on_select_shown=select_shown
                set_notice=set_notice set_error=set_error/>
            <p class="keys-hint muted" id="item-keys">
                "Keyboard: click the list (or Tab to it), then "<kbd>"j"</kbd>" / "<kbd>"↓"</kbd>" next item, "
                <kbd>"k"</kbd>" / "<kbd>"↑"</kbd>" previous item, "<kbd>"x"</kbd>" or "<kbd>"Space"</kbd>" toggles done."
            </p>
            <div class="item-list" tabindex="0" data-testid="item-list" role="group"
                aria-label="Checklist items" aria-describedby="item-keys" on:keydown=on_key>
                <For each=move || rows.with(|r| r.1.clone()) key=|e| format!("{e:?}") let:entry>
                    {match entry {
                        Entry::Head { timeframe, name, offset, range, done, total } => {
                            let summary = TimeframeSummary {
                                index: timeframe,
                                name,
                                offset,
                                range: range_text(range),
                                offset_text: offset_text(offset),
                                done,
                                total,
                            };
                            let on_save = Callback::new(move |(name, days): (String, i32)| {
                                edit(store, &id.get_value(), |c| c.update_timeframe(timeframe, &name, days))
                            });
                            let on_delete = Callback::new(move |()| {
                                edit(store, &id.get_value(), |c| c.remove_timeframe(timeframe).map(|_| ()))
                            });
                            view! { <TimeframeHead summary=summary on_save=on_save on_delete=on_delete/> }.into_any()
                        }
                        Entry::Row { index, item, due, overdue } => view! {
                            <ChecklistItem
                                index=index
                                item=item
                                due=due
                                overdue=overdue
                                current=Signal::derive(move || cursor.get() == Some(index))
                                selected=Signal::derive(move || selected.with(|s| s.contains(&index)))
                                anchored=Signal::derive(move || anchored.get() == Some(index))
                                on_action=Callback::new(move |a| on_item(index, a))
                            />
                        }.into_any(),
                    }}
                </For>
                <Show when=move || shown() == 0>
                    <p class="muted" data-testid="no-items">
                        {move || if total() == 0 { "No items yet: add a timeframe, then an item." } else { "No item matches the filters." }}
                    </p>
                </Show>
            </div>
            <form class="inline-form add-timeframe" on:submit=add_timeframe>
                <label class="field">
                    <span class="field-label">"New timeframe"</span>
                    <input type="text" data-testid="new-timeframe-name" placeholder="e.g. One week before"
                        prop:value=new_tf_name on:input=move |ev| set_new_tf_name.set(event_target_value(&ev))/>
                </label>
                <label class="field">
                    <span class="field-label">"Days from go-live"</span>
                    <input type="number" step="1" data-testid="new-timeframe-offset" placeholder="-7"
                        prop:value=new_tf_offset on:input=move |ev| set_new_tf_offset.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="button button-quiet" data-testid="add-timeframe">"Add timeframe"</button>
            </form>
        </section>
        <ItemEditor
            open=editor_open
            draft=draft
            title=editor_title
            timeframes=timeframe_names
            computed_due=computed_due
            on_save=save_item
        />
        <ConfirmDialog
            open=remove_open
            title=Signal::derive(move || format!("Remove {}?", remove_target.get().map(|t| t.1).unwrap_or_default()))
            confirm_label="Remove item"
            danger=true
            on_confirm=confirm_remove
        >
            <p>"The item is removed from this checklist."</p>
        </ConfirmDialog>
    }
}

/// One named progress line: label, "40% · 2/5" and a bar.
#[component]
fn ProgressRow(
    /// What is measured (a timeframe or a category).
    name: String,
    /// Its counts.
    progress: Progress,
    /// Test id of the row.
    testid: &'static str,
) -> impl IntoView {
    let percent = progress.percent();
    let label = format!("{name} progress");
    let data_name = name.clone();
    view! {
        <li data-testid=testid data-name=data_name>
            <span class="progress-label">{name}</span>
            <span class="muted progress-count" data-testid="progress-count">
                {format!("{}% · {}/{}", percent, progress.done, progress.total)}
            </span>
            <ProgressBar percent=Signal::derive(move || percent) label=label/>
        </li>
    }
}
