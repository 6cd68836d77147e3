//! The persistent navigation bar.

use crate::components::link::A;
use crate::components::theme_toggle::ThemeToggle;
use crate::store::use_store;
use leptos::prelude::*;

/// Brand, the main routes, and the theme toggle.
#[component]
pub fn NavBar() -> impl IntoView {
    let store = use_store();
    // Compare opens the lowest pair; with fewer than two environments it
    // points at the environments page, where one can be added.
    let compare_href = move || {
        store.workspace.with(|ws| match ws.environments.as_slice() {
            [a, b, ..] => format!("/compare/{}/{}", a.id, b.id),
            _ => "/environments".to_owned(),
        })
    };
    view! {
        <header class="topbar">
            <nav class="nav" aria-label="Main">
                <A href="/" exact=true attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"✈"</span>
                    " Preflight"
                </A>
                <ul class="nav-links">
                    <li><A href="/" exact=true attr:data-testid="nav-dashboard">"Dashboard"</A></li>
                    <li><A href="/environments" attr:data-testid="nav-environments">"Environments"</A></li>
                    <li><A href=compare_href attr:data-testid="nav-compare">"Compare"</A></li>
                    <li><A href="/drift" attr:data-testid="nav-drift">"Drift"</A></li>
                    <li><A href="/checklists" attr:data-testid="nav-checklists">"Checklists"</A></li>
                    <li><A href="/history" attr:data-testid="nav-history">"History"</A></li>
                    <li><A href="/approve" attr:data-testid="nav-approve">"Approve"</A></li>
                    <li><A href="/settings" attr:data-testid="nav-settings">"Settings"</A></li>
                </ul>
                <ThemeToggle/>
            </nav>
        </header>
    }
}
