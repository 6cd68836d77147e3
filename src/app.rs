//! The root component: the store, the theme, the banners, the navigation
//! bar and the routes of DESIGN.md section 3.

use crate::browser;
use crate::components::nav_bar::NavBar;
use crate::components::storage_banner::StorageBanner;
use crate::pages::{
    approve::ApprovePage, bench::BenchPage, checklist::ChecklistPage, checklists::ChecklistsPage,
    compare::ComparePage, dashboard::Dashboard, drift::DriftPage, environment::EnvironmentPage,
    environments::EnvironmentsPage, history::HistoryPage, not_found::NotFound,
    promote::PromotePage, settings::SettingsPage,
};
use crate::storage::WorkspaceStorage;
use crate::store::Store;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use preflight_core::workspace::Theme;

#[component]
pub fn App() -> impl IntoView {
    let store = Store::new(WorkspaceStorage::default());
    provide_context(store);

    // Only an explicit choice sets data-theme; otherwise CSS follows the system.
    Effect::new(move |_| match store.theme() {
        Theme::System => browser::apply_theme(None),
        Theme::Light => browser::apply_theme(Some("light")),
        Theme::Dark => browser::apply_theme(Some("dark")),
    });

    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <NavBar/>
            <StorageBanner/>
            <main id="main" class="page" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Dashboard/>
                    <Route path=path!("/environments") view=EnvironmentsPage/>
                    <Route path=path!("/environments/:id") view=EnvironmentPage/>
                    <Route path=path!("/compare/:from/:to") view=ComparePage/>
                    <Route path=path!("/promote/:from/:to") view=PromotePage/>
                    <Route path=path!("/drift") view=DriftPage/>
                    <Route path=path!("/history") view=HistoryPage/>
                    <Route path=path!("/checklists") view=ChecklistsPage/>
                    <Route path=path!("/checklists/:id") view=ChecklistPage/>
                    <Route path=path!("/approve") view=ApprovePage/>
                    <Route path=path!("/settings") view=SettingsPage/>
                    <Route path=path!("/bench") view=BenchPage/>
                </Routes>
            </main>
        </Router>
    }
}
