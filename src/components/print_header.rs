//! The header of a printed document ("Print → Save as PDF"): what it is,
//! who and when, and the hash that names its exact content.

use leptos::prelude::*;

/// A document header with a list of facts.
#[component]
pub fn PrintHeader(
    /// What kind of document, e.g. "Promotion summary".
    #[prop(into)]
    kind: String,
    /// Its title, e.g. "QA → Production".
    #[prop(into)]
    title: Signal<String>,
    /// Label and value pairs: who, when, the hash.
    #[prop(into)]
    facts: Signal<Vec<(String, String)>>,
    /// Only in print (the page shows the same facts its own way).
    #[prop(optional)]
    print_only: bool,
) -> impl IntoView {
    view! {
        <header class="print-header" class:print-only=print_only data-testid="print-header">
            <p class="eyebrow">{format!("Preflight · {kind}")}</p>
            <h2>{move || title.get()}</h2>
            <dl class="facts">
                {move || facts.get().into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
            </dl>
        </header>
    }
}
