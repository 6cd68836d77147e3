//! One checklist in a list: its name, size and progress.

use crate::components::link::A;
use crate::components::progress_bar::ProgressBar;
use leptos::prelude::*;

/// A line for one checklist with a progress bar.
#[component]
pub fn ChecklistSummary(
    /// The checklist id, for the link.
    id: String,
    /// The checklist's name.
    name: String,
    /// How many items it has.
    items: usize,
    /// Percent done.
    percent: u8,
) -> impl IntoView {
    let label = format!("{name} progress");
    view! {
        <li class="checklist-summary" data-testid="checklist-summary">
            <A href=format!("/checklists/{id}")>{name}</A>
            <span class="muted">{format!(" {items} items · {percent}% done")}</span>
            <ProgressBar percent=Signal::derive(move || percent) label=label/>
        </li>
    }
}
