//! The dialog that edits one checklist item, or fills in a new one: every
//! field, the timeframe, and a due date that is either computed from the
//! timeframe or set by hand (an empty date field means computed).

use crate::components::confirm_dialog::ConfirmDialog;
use leptos::prelude::*;
use preflight_core::checklist::{Item, Status};
use preflight_core::jiff::civil::Date;

/// The value a `<select>` uses for a status.
pub fn status_value(status: Status) -> &'static str {
    match status {
        Status::Todo => "todo",
        Status::InProgress => "in-progress",
        Status::Done => "done",
        Status::NotApplicable => "na",
        Status::Blocked => "blocked",
    }
}

/// The status a `<select>` value names.
pub fn status_from_value(value: &str) -> Option<Status> {
    Status::ALL.into_iter().find(|s| status_value(*s) == value)
}

/// Edits `draft` in a modal; `on_save` stores it.
#[component]
pub fn ItemEditor(
    /// Open while true.
    open: RwSignal<bool>,
    /// The item being edited; the inputs write into it.
    draft: RwSignal<Item>,
    /// The dialog's heading, e.g. "Edit GEN-01".
    #[prop(into)]
    title: Signal<String>,
    /// The checklist's timeframe names, in order.
    #[prop(into)]
    timeframes: Signal<Vec<String>>,
    /// The due date the draft's timeframe gives, when there is a go-live date.
    #[prop(into)]
    computed_due: Signal<Option<Date>>,
    /// Stores the draft.
    on_save: Callback<()>,
) -> impl IntoView {
    let text_field = move |label: &'static str,
                           testid: &'static str,
                           get: fn(&Item) -> String,
                           set: fn(&mut Item, String)| {
        view! {
            <label class="field">
                <span class="field-label">{label}</span>
                <input type="text" data-testid=testid prop:value=move || draft.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| set(d, v)); }/>
            </label>
        }
    };
    let area_field = move |label: &'static str,
                           testid: &'static str,
                           get: fn(&Item) -> String,
                           set: fn(&mut Item, String)| {
        view! {
            <label class="field">
                <span class="field-label">{label}</span>
                <textarea rows="3" data-testid=testid prop:value=move || draft.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); draft.update(|d| set(d, v)); }></textarea>
            </label>
        }
    };
    let due_value =
        move || draft.with(|d| d.due_override.map(|d| d.to_string()).unwrap_or_default());
    let set_due = move |ev: leptos::ev::Event| {
        // An empty or unreadable date field means "computed".
        let due = event_target_value(&ev).parse::<Date>().ok();
        draft.update(|d| d.due_override = due);
    };
    let due_help = move || match computed_due.get() {
        Some(d) => format!("Leave empty to use the computed date ({d})."),
        None => "Leave empty to use the timeframe's date once the go-live date is set.".to_owned(),
    };
    view! {
        <ConfirmDialog
            open=open
            title=title
            confirm_label="Save item"
            confirm_disabled=Signal::derive(move || draft.with(|d| d.name.trim().is_empty()))
            on_confirm=on_save
        >
            <div class="item-editor two-columns" data-testid="item-editor">
                {text_field("Code", "edit-code", |d| d.code.clone(), |d, v| d.code = v)}
                {text_field("Category", "edit-category", |d| d.category.clone(), |d, v| d.category = v)}
                {text_field("Name (required)", "edit-name", |d| d.name.clone(), |d, v| d.name = v)}
                {text_field("Owner", "edit-owner", |d| d.owner.clone(), |d, v| d.owner = v)}
                {area_field("Description", "edit-description", |d| d.description.clone(), |d, v| d.description = v)}
                {area_field("Note", "edit-note", |d| d.note.clone(), |d, v| d.note = v)}
                <label class="field">
                    <span class="field-label">"Status"</span>
                    <select data-testid="edit-status"
                        on:change=move |ev| { if let Some(s) = status_from_value(&event_target_value(&ev)) { draft.update(|d| d.status = s) } }>
                        {Status::ALL.into_iter().map(|s| view! { <option value=status_value(s) prop:selected=move || draft.with(|d| d.status == s)>{s.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field-label">"Timeframe"</span>
                    <select data-testid="edit-timeframe"
                        on:change=move |ev| { if let Ok(t) = event_target_value(&ev).parse::<usize>() { draft.update(|d| d.timeframe = t) } }>
                        {move || timeframes.get().into_iter().enumerate().map(|(i, name)| view! { <option value=i.to_string() prop:selected=move || draft.with(|d| d.timeframe == i)>{name}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span class="field-label">"Due date (set by hand)"</span>
                    <input type="date" data-testid="edit-due" prop:value=due_value on:change=set_due aria-describedby="edit-due-help"/>
                    <span id="edit-due-help" class="field-help">{due_help}</span>
                </label>
                {text_field("Link", "edit-link", |d| d.link.clone(), |d, v| d.link = v)}
                <label class="check">
                    <input type="checkbox" data-testid="edit-gates" prop:checked=move || draft.with(|d| d.gates_promotion)
                        on:change=move |ev| { let v = event_target_checked(&ev); draft.update(|d| d.gates_promotion = v); }/>
                    "Gates promotion into production"
                </label>
            </div>
        </ConfirmDialog>
    }
}
