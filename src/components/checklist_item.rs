//! One item of a checklist: code, name, category, description and note
//! (as safe rich text), owner, due date, link, the gate flag, an overdue
//! flag in words (not colour alone), its status picker and its actions.

use crate::components::item_editor::{status_from_value, status_value};
use crate::components::rich_text::RichText;
use leptos::prelude::*;
use preflight_core::checklist::{is_safe_href, Item, Status};
use preflight_core::jiff::civil::Date;

/// What the row asks its page to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemAction {
    /// Set this status.
    Status(Status),
    /// Open the editor.
    Edit,
    /// Remove the item (after confirmation).
    Remove,
    /// Go back to the computed due date.
    ResetDue,
    /// Tick or untick for a bulk change.
    Select(bool),
}

/// A checklist item row, anchored as `#item-{index}`.
#[component]
pub fn ChecklistItem(
    /// Index into the checklist's items (also the anchor).
    index: usize,
    /// The item to show.
    item: Item,
    /// When it is due (override or computed), if known.
    due: Option<Date>,
    /// Past due and not resolved, judged by the browser's today.
    overdue: bool,
    /// The keyboard cursor is on this row.
    #[prop(into)]
    current: Signal<bool>,
    /// Ticked for a bulk change.
    #[prop(into)]
    selected: Signal<bool>,
    /// The address pointed at this row (`#item-N`).
    #[prop(into)]
    anchored: Signal<bool>,
    /// Receives what the user asked for.
    on_action: Callback<ItemAction>,
) -> impl IntoView {
    let Item {
        code,
        category,
        name,
        description,
        note,
        owner,
        status,
        link,
        gates_promotion,
        due_override,
        ..
    } = item;
    let title = if code.is_empty() {
        name.clone()
    } else {
        format!("{code} {name}")
    };
    let select_label = format!("Select {title}");
    let status_label = format!("Status of {title}");
    let link_view = (!link.is_empty()).then(|| {
        if is_safe_href(&link) {
            view! { <a href=link.clone() rel="noopener noreferrer" target="_blank" data-testid="item-link">{link.clone()}</a> }.into_any()
        } else {
            view! { <span data-testid="item-link">{link.clone()}</span> }.into_any()
        }
    });
    let resolved = status.is_resolved();
    view! {
        <article
            class="item"
            class:current=move || current.get()
            class:anchored=move || anchored.get()
            class:overdue=overdue
            class:resolved=resolved
            id=format!("item-{index}")
            data-testid="item"
            data-index=index.to_string()
            data-code=code.clone()
            aria-current=move || current.get().then_some("true")
        >
            <input type="checkbox" class="item-select" data-testid="item-select" aria-label=select_label
                prop:checked=move || selected.get()
                on:change=move |ev| on_action.run(ItemAction::Select(event_target_checked(&ev)))/>
            <div class="item-main">
                <div class="item-head">
                    {(!code.is_empty()).then(|| view! { <span class="item-code" data-testid="item-code">{code.clone()}</span> })}
                    <span class="item-name" data-testid="item-name">{name}</span>
                    {(!category.is_empty()).then(|| view! { <span class="badge badge-info" data-testid="item-category">{category}</span> })}
                    {gates_promotion.then(|| view! { <span class="badge badge-warn" data-testid="item-gates">"Gates promotion"</span> })}
                    {overdue.then(|| view! { <span class="badge badge-bad" data-testid="item-overdue">"⚠ Overdue"</span> })}
                    {(status == Status::Done).then(|| view! { <span class="badge badge-ok">"✓ Done"</span> })}
                </div>
                {(!description.is_empty()).then(|| view! {
                    <p class="item-text" data-testid="item-description"><RichText text=description/></p>
                })}
                {(!note.is_empty()).then(|| view! {
                    <p class="item-text item-note" data-testid="item-note"><span class="muted">"Note: "</span><RichText text=note/></p>
                })}
                <dl class="item-meta">
                    <div><dt>"Owner"</dt><dd data-testid="item-owner">{if owner.is_empty() { "—".to_owned() } else { owner }}</dd></div>
                    <div>
                        <dt>"Due"</dt>
                        <dd>
                            <span data-testid="item-due">{due.map(|d| d.to_string()).unwrap_or_else(|| "no go-live date".to_owned())}</span>
                            {due_override.is_some().then(|| view! {
                                <span class="muted" data-testid="item-due-manual">" (set by hand) "</span>
                                <button type="button" class="link-button" data-testid="reset-due"
                                    on:click=move |_| on_action.run(ItemAction::ResetDue)>"Use computed date"</button>
                            })}
                        </dd>
                    </div>
                    {link_view.map(|l| view! { <div><dt>"Link"</dt><dd>{l}</dd></div> })}
                </dl>
            </div>
            <div class="item-side">
                <select data-testid="item-status" aria-label=status_label
                    on:change=move |ev| { if let Some(s) = status_from_value(&event_target_value(&ev)) { on_action.run(ItemAction::Status(s)) } }>
                    {Status::ALL.into_iter().map(|s| view! { <option value=status_value(s) selected=s == status>{s.label()}</option> }).collect_view()}
                </select>
                <div class="item-buttons">
                    <button type="button" class="button button-quiet" data-testid="edit-item" on:click=move |_| on_action.run(ItemAction::Edit)>"Edit"</button>
                    <button type="button" class="button button-quiet danger-text" data-testid="remove-item" on:click=move |_| on_action.run(ItemAction::Remove)>"Remove"</button>
                </div>
            </div>
        </article>
    }
}
