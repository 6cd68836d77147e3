//! In-app links that follow the base path the app is hosted under.
//!
//! `leptos_router`'s `<A>` leaves an absolute `href` such as `/environments`
//! as it is, which under `--public-url /some/sub/path/` points outside the
//! app. This `A` takes the same in-app paths and writes them under the base
//! ([`crate::hosting::href`]); the router's click handler then navigates on
//! the client as usual. Import it instead of `leptos_router::components::A`.

use crate::hosting;
use leptos::prelude::*;
use leptos_router::components::ToHref;
use leptos_router::hooks::use_location;
use preflight_core::hosting::route_of;
use std::sync::Arc;

/// A link to an in-app path, marked `aria-current="page"` when it is the
/// page shown.
#[component]
pub fn A<H>(
    /// The in-app path (`/environments/qa`), static or reactive; the base
    /// path is added.
    href: H,
    /// Current only on exactly this path; otherwise also on paths below it.
    #[prop(optional)]
    exact: bool,
    /// The link's content.
    children: Children,
) -> impl IntoView
where
    H: ToHref + Send + Sync + 'static,
{
    let location = use_location();
    let href = Arc::new(href);
    let full = {
        let href = Arc::clone(&href);
        move || hosting::href(&href.to_href()())
    };
    let current = move || {
        let target = href.to_href()();
        let target = target.split(['?', '#']).next().unwrap_or_default();
        if !target.starts_with('/') {
            return false;
        }
        let here = route_of(hosting::base_path(), &location.pathname.get());
        let target = route_of("", target);
        is_current(&here, &target, exact)
    };
    view! {
        <a href=full aria-current=move || current().then_some("page")>
            {children()}
        </a>
    }
}

/// Whether the route `here` shows the link to `target`.
fn is_current(here: &str, target: &str, exact: bool) -> bool {
    if exact || target == "/" {
        return here == target;
    }
    here == target || here.starts_with(&format!("{target}/"))
}
