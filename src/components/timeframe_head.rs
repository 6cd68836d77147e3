//! A timeframe's heading on the checklist page: name, date range, offset
//! and progress, with an inline editor for the name and the offset (every
//! item moves with it) and a delete for an empty timeframe.

use leptos::prelude::*;

/// What the heading shows.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeframeSummary {
    /// Index in the checklist's timeframes.
    pub index: usize,
    pub name: String,
    /// Days from go-live (negative: before).
    pub offset: i32,
    /// The date range, as text.
    pub range: String,
    /// The offset, as text.
    pub offset_text: String,
    pub done: usize,
    pub total: usize,
}

/// A timeframe heading that can be edited in place.
#[component]
pub fn TimeframeHead(
    /// The timeframe.
    summary: TimeframeSummary,
    /// Saves a new name and offset; an error is shown under the form.
    on_save: Callback<(String, i32), Result<(), String>>,
    /// Deletes the timeframe (refused while it has items).
    on_delete: Callback<(), Result<(), String>>,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let name = RwSignal::new(summary.name.clone());
    let offset = RwSignal::new(summary.offset.to_string());
    let (error, set_error) = signal(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = offset.get_untracked();
        let Ok(days) = text.trim().parse::<i32>() else {
            set_error.set(Some(format!(
                "The offset {text:?} is not a whole number of days (e.g. -7 for one week before)."
            )));
            return;
        };
        match on_save.run((name.get_untracked(), days)) {
            Ok(()) => {
                set_error.set(None);
                editing.set(false);
            }
            Err(e) => set_error.set(Some(e)),
        }
    };
    let delete = move |_| {
        if let Err(e) = on_delete.run(()) {
            set_error.set(Some(e));
        }
    };
    let TimeframeSummary {
        index,
        name: title,
        range,
        offset_text,
        done,
        total,
        offset: days,
    } = summary;
    let reset = {
        let title = title.clone();
        move |_| {
            name.set(title.clone());
            offset.set(days.to_string());
            set_error.set(None);
            editing.set(false);
        }
    };
    view! {
        <div class="timeframe-block">
            <Show when=move || !editing.get() fallback=move || view! {
                <form class="inline-form timeframe-form no-print" data-testid="timeframe-form" on:submit=save>
                    <label class="field">
                        <span class="field-label">"Timeframe"</span>
                        <input type="text" data-testid="timeframe-name" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    </label>
                    <label class="field">
                        <span class="field-label">"Days from go-live"</span>
                        <input type="number" step="1" data-testid="timeframe-offset" prop:value=move || offset.get() on:input=move |ev| offset.set(event_target_value(&ev))/>
                    </label>
                    <button type="submit" class="button" data-testid="timeframe-save">"Save"</button>
                    <button type="button" class="button button-quiet" on:click=reset.clone()>"Cancel"</button>
                    <button type="button" class="button button-quiet button-danger-quiet" data-testid="timeframe-delete" on:click=delete>"Delete timeframe"</button>
                </form>
            }>
                <h3 class="timeframe-head" data-testid="timeframe-heading" data-timeframe=index.to_string()>
                    <span class="timeframe-name">{title.clone()}</span>
                    <span class="timeframe-range" data-testid="timeframe-range">{range.clone()}</span>
                    <span class="muted timeframe-meta">{format!("{offset_text} · {done}/{total} done")}</span>
                    <button type="button" class="button button-quiet button-small no-print" data-testid="timeframe-edit"
                        aria-label=format!("Edit timeframe {title}") on:click=move |_| editing.set(true)>"Edit"</button>
                </h3>
            </Show>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="timeframe-error">{e}</p> })}
        </div>
    }
}
