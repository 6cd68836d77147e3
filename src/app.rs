//! The root component: the store, the theme, the banners, the navigation
//! bar and the routes of DESIGN.md section 3.
//!
//! The router runs under the base path the build was made for (read from
//! `<base href>`, see [`crate::hosting`]); a share link at the root is
//! turned into its route before the router reads the address.

use crate::browser;
use crate::components::nav_bar::NavBar;
use crate::components::save_error_banner::SaveErrorBanner;
use crate::components::storage_banner::StorageBanner;
use crate::components::update_banner::UpdateBanner;
use crate::hosting;
use crate::offline::Offline;
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
    hosting::follow_share_link();
    let store = Store::new(WorkspaceStorage::default());
    provide_context(store);
    crate::today::provide_today();
    Offline::start();

    // Only an explicit choice sets data-theme; otherwise CSS follows the system.
    Effect::new(move |_| match store.theme() {
        Theme::System => browser::apply_theme(None),
        Theme::Light => browser::apply_theme(Some("light")),
        Theme::Dark => browser::apply_theme(Some("dark")),
    });

    let skip_to_main = |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("main"))
            .and_then(|m| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(m).ok())
        {
            let _ = main.focus();
        }
    };

    view! {
        <Router base=hosting::base_path()>
            // Handled here: with a <base href>, "#main" would resolve to the
            // app's root, and the router would navigate there.
            <a class="skip-link" href="#main" on:click=skip_to_main>"Skip to content"</a>
            <NavBar/>
            // Outside the banners' box, so that it can stay pinned.
            <SaveErrorBanner/>
            <StorageBanner/>
            <UpdateBanner/>
            <main id="main" class="page" tabindex="-1">
                <Show
                    when=move || !store.status.with(|s| s.loading)
                    fallback=|| view! { <p class="loading" role="status" data-testid="loading">"Opening your workspace…"</p> }
                >
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
                </Show>
            </main>
        </Router>
    }
}
