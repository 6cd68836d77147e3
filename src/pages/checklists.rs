//! `/checklists`: every go-live checklist with its progress and dates;
//! create one from a built-in template, start blank, or import one; rename,
//! duplicate and delete (with confirmation).

use crate::browser;
use crate::components::checklist_import::ChecklistImport;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::link::A;
use crate::components::progress_bar::ProgressBar;
use crate::store::use_store;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use preflight_core::checklist::{
    create_checklist, delete_checklist, duplicate_checklist, rename_checklist, Source, Template,
};

/// What one row of the list shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Row {
    id: String,
    name: String,
    items: usize,
    percent: u8,
    go_live: Option<String>,
    days: Option<i32>,
}

/// "12 days to go-live", "Go-live is today", "3 days since go-live".
pub fn countdown_text(days: i32) -> String {
    match days {
        0 => "Go-live is today".to_owned(),
        1 => "1 day to go-live".to_owned(),
        d if d > 0 => format!("{d} days to go-live"),
        -1 => "1 day since go-live".to_owned(),
        d => format!("{} days since go-live", -d),
    }
}

#[component]
pub fn ChecklistsPage() -> impl IntoView {
    let store = use_store();
    let navigate = use_navigate();
    let (error, set_error) = signal(None::<String>);
    let (blank_name, set_blank_name) = signal(String::new());

    let rename_open = RwSignal::new(false);
    let delete_open = RwSignal::new(false);
    let target = RwSignal::new(None::<(String, String)>);
    let new_name = RwSignal::new(String::new());

    let today = crate::today::use_today();
    let rows = move || {
        store.workspace.with(|ws| {
            ws.checklists
                .iter()
                .map(|c| Row {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    items: c.items.len(),
                    percent: c.percent_done(),
                    go_live: c.go_live.map(|d| d.to_string()),
                    days: c.days_to_go_live(today.get()),
                })
                .collect::<Vec<_>>()
        })
    };

    let open_checklist = {
        let navigate = navigate.clone();
        move |id: String| navigate(&format!("/checklists/{id}"), Default::default())
    };
    let create = {
        let open_checklist = open_checklist.clone();
        move |name: String, source: Source| {
            let mut id = String::new();
            store.update(|ws| id = create_checklist(ws, &name, source));
            set_error.set(None);
            open_checklist(id);
        }
    };
    let create_blank = {
        let create = create.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            create(blank_name.get_untracked(), Source::Blank);
        }
    };
    let on_imported = Callback::new(open_checklist);

    let confirm_rename = Callback::new(move |()| {
        let Some((id, _)) = target.get_untracked() else {
            return;
        };
        let name = new_name.get_untracked();
        set_error.set(
            store
                .apply(|ws| rename_checklist(ws, &id, &name))
                .err()
                .map(|e| e.to_string()),
        );
    });
    let confirm_delete = Callback::new(move |()| {
        let Some((id, _)) = target.get_untracked() else {
            return;
        };
        let actor = store.actor();
        set_error.set(
            store
                .apply(|ws| delete_checklist(ws, &id, &actor, browser::now()).map(|_| ()))
                .err()
                .map(|e| e.to_string()),
        );
    });
    let duplicate = move |id: String| {
        set_error.set(
            store
                .apply(|ws| duplicate_checklist(ws, &id, None).map(|_| ()))
                .err()
                .map(|e| e.to_string()),
        );
    };
    let target_name = move || target.get().map(|t| t.1).unwrap_or_default();

    view! {
        <h1>"Checklists"</h1>
        {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="checklists-error">{e}</p> })}
        <section class="card" aria-labelledby="checklist-list-heading">
            <h2 id="checklist-list-heading">"Your checklists"</h2>
            <Show
                when=move || store.workspace.with(|ws| !ws.checklists.is_empty())
                fallback=|| view! {
                    <p class="muted" data-testid="checklists-empty">
                        "No checklist yet. Start from a template below, start blank, or import a file."
                    </p>
                }
            >
                <ul class="checklist-list" data-testid="checklist-list">
                    <For each=rows key=|r| r.clone() let:row>
                        {
                            let Row { id, name, items, percent, go_live, days } = row;
                            let (rid, rname) = (id.clone(), name.clone());
                            let (did, dname) = (id.clone(), name.clone());
                            let dup_id = id.clone();
                            let label = format!("{name}: {percent}% done");
                            view! {
                                <li class="checklist-row" data-testid="checklist-row" data-id=id.clone()>
                                    <div class="checklist-row-main">
                                        <A href=format!("/checklists/{id}") attr:class="checklist-row-name" attr:data-testid="checklist-link">{name.clone()}</A>
                                        <span class="muted" data-testid="checklist-meta">
                                            {format!("{items} items · {percent}% done")}
                                            {match go_live {
                                                Some(d) => format!(" · go-live {d}"),
                                                None => " · no go-live date".to_owned(),
                                            }}
                                            {days.map(|d| format!(" · {}", countdown_text(d)))}
                                        </span>
                                        <ProgressBar percent=Signal::derive(move || percent) label=label/>
                                    </div>
                                    <div class="row-actions">
                                        <button type="button" class="button button-quiet" data-testid="rename-checklist"
                                            on:click=move |_| {
                                                new_name.set(rname.clone());
                                                target.set(Some((rid.clone(), rname.clone())));
                                                rename_open.set(true);
                                            }>
                                            "Rename"
                                        </button>
                                        <button type="button" class="button button-quiet" data-testid="duplicate-checklist"
                                            on:click=move |_| duplicate(dup_id.clone())>
                                            "Duplicate"
                                        </button>
                                        <button type="button" class="button button-quiet danger-text" data-testid="delete-checklist"
                                            on:click=move |_| {
                                                target.set(Some((did.clone(), dname.clone())));
                                                delete_open.set(true);
                                            }>
                                            "Delete"
                                        </button>
                                    </div>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </Show>
        </section>
        <section class="card" aria-labelledby="new-checklist-heading">
            <h2 id="new-checklist-heading">"New checklist"</h2>
            <ul class="template-list">
                {Template::ALL.into_iter().map(|t| {
                    let create = create.clone();
                    view! {
                        <li class="template-card" data-testid="template-card">
                            <h3>{t.title()}</h3>
                            <p class="muted">{t.summary()}</p>
                            <button type="button" class="button" data-testid="create-from-template"
                                on:click=move |_| create(String::new(), Source::Template(t))>
                                {format!("Create “{}”", t.title())}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="inline-form" on:submit=create_blank>
                <label class="field">
                    <span class="field-label">"Blank checklist name"</span>
                    <input type="text" data-testid="blank-name" placeholder="e.g. Shop relaunch"
                        prop:value=blank_name on:input=move |ev| set_blank_name.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="button button-quiet" data-testid="create-blank">"Start blank"</button>
            </form>
        </section>
        <ChecklistImport on_imported=on_imported/>
        <ConfirmDialog
            open=rename_open
            title=Signal::derive(move || format!("Rename “{}”", target_name()))
            confirm_label="Rename"
            confirm_disabled=Signal::derive(move || new_name.get().trim().is_empty())
            on_confirm=confirm_rename
        >
            <label class="field">
                <span class="field-label">"New name"</span>
                <input type="text" data-testid="rename-input" prop:value=move || new_name.get()
                    on:input=move |ev| new_name.set(event_target_value(&ev))/>
            </label>
        </ConfirmDialog>
        <ConfirmDialog
            open=delete_open
            title=Signal::derive(move || format!("Delete “{}”?", target_name()))
            confirm_label="Delete checklist"
            danger=true
            on_confirm=confirm_delete
        >
            <p>"The checklist and all its items are removed from this browser. Export it first if you may need it again. If it gates production, the gate is cleared."</p>
        </ConfirmDialog>
    }
}
