//! Where the app is hosted, read from the browser: the base path, links
//! under it, and share links (the rules live in
//! [`preflight_core::hosting`]).
//!
//! `trunk build --public-url /some/sub/path/` writes
//! `<base href="/some/sub/path/">` into `index.html` (from
//! `<base data-trunk-public-url />`). [`base_path`] reads it back from
//! `document.baseURI`, so one build knows where it lives without any
//! configuration of its own. The router gets it as its `base`; in-app links
//! go through [`href`] (the [`A`](crate::components::link::A) component does
//! that), while `use_navigate` adds the base by itself.
//!
//! Share links point at the root of the app, which every static host
//! serves: `<base>/?to=/approve#<payload>` (or `<base>/#approve=<payload>`).
//! [`follow_share_link`] turns such an address into the route it names
//! before the router starts.

use preflight_core::hosting as rules;
use std::sync::OnceLock;

/// The app's base path without its trailing slash: `""` at the root of a
/// host, `"/some/sub/path"` under a sub-path.
pub fn base_path() -> &'static str {
    static BASE: OnceLock<String> = OnceLock::new();
    BASE.get_or_init(|| {
        let base_uri = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.base_uri().ok().flatten());
        let path = base_uri
            .and_then(|uri| web_sys::Url::new(&uri).ok())
            .map(|url| url.pathname())
            .unwrap_or_default();
        rules::normalize_base(&path)
    })
}

/// An in-app path (`/environments/qa`) as an `href` under the base.
pub fn href(path: &str) -> String {
    rules::with_base(base_path(), path)
}

/// A file of the build (`sw.js`, `manifest.webmanifest`) under the base.
pub fn asset(name: &str) -> String {
    format!("{}/{}", base_path(), name.trim_start_matches('/'))
}

/// A share link that opens `route` with `fragment` from the root of the
/// app, on any static host: `https://host/base/?to=/approve#payload`.
pub fn share_link(route: &str, fragment: &str) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    rules::share_link_for(&origin, base_path(), route, fragment)
}

/// Rewrites a share link at the root into the route it names, before the
/// router reads the address. Returns the new in-app path when it did.
pub fn follow_share_link() -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let pathname = location.pathname().ok()?;
    let search = location.search().ok()?;
    let hash = location.hash().ok()?;
    let base = base_path();
    let target = rules::share_target(&rules::route_of(base, &pathname), &search, &hash)?;
    let url = rules::with_base(base, &target);
    window
        .history()
        .ok()?
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .ok()?;
    Some(target)
}
