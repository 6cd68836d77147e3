//! A placeholder that says what a page will hold once its issue lands.

use leptos::prelude::*;

/// An empty state: a heading, what will be here, and optional actions.
#[component]
pub fn EmptyState(
    /// The page's heading.
    #[prop(into)]
    title: String,
    /// What the page will hold.
    #[prop(into)]
    description: String,
    /// Links or buttons to show under the text.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <section class="empty-state" data-testid="empty-state">
            <h1>{title}</h1>
            <p>{description}</p>
            {children.map(|c| view! { <div class="empty-actions">{c()}</div> })}
        </section>
    }
}
