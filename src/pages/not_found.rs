//! Shown for any address the app does not know.

use crate::components::link::A;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="empty-state" data-testid="not-found">
            <h1>"Nothing here"</h1>
            <p>"This address does not match a page or an item in your workspace."</p>
            <A href="/" attr:class="button">"Back to the dashboard"</A>
        </section>
    }
}
