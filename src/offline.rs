//! Offline use and updates.
//!
//! A release build carries a build id (`<meta name="preflight-build">`,
//! written by `tools/post-build.mjs`, which also writes the precache list
//! into `sw.js`). On start the app:
//!
//! - compares the build id with the one this browser ran last time
//!   (kept by the storage adapter, [`crate::storage::swap_build_id`]): a
//!   different one means a new release was picked up, and the user is told;
//! - registers the service worker `sw.js` from the base path, so its scope
//!   is the whole app. The worker precaches the build and answers from the
//!   cache when the network is gone;
//! - listens for the worker's "activated" message: a worker of another
//!   build taking over while this page runs means a new release is ready,
//!   and the user can reload.
//!
//! Debug builds (`trunk serve`) register no worker, so live reload keeps
//! working. Nothing here panics or logs an error: a browser without service
//! workers simply runs online only.

use crate::hosting;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The message type the service worker posts when it activates.
const ACTIVATED: &str = "preflight-activated";

/// What the update banner says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateNotice {
    /// This load runs a different release than the last one in this browser.
    Updated { from: String, to: String },
    /// A newer release was installed while this page runs an older one.
    ReadyToReload,
}

/// Offline state shared through the context.
#[derive(Debug, Clone, Copy)]
pub struct Offline {
    /// The banner's message, cleared when dismissed.
    pub notice: RwSignal<Option<UpdateNotice>>,
    /// True once a service worker controls this page (it works offline).
    pub ready: RwSignal<bool>,
}

impl Offline {
    /// Checks the build id, registers the service worker, and provides the
    /// state as context.
    pub fn start() -> Self {
        let offline = Self {
            notice: RwSignal::new(None),
            ready: RwSignal::new(false),
        };
        provide_context(offline);
        if let Some(build) = build_id() {
            offline.check_build(&build);
            if !cfg!(debug_assertions) {
                offline.register(build);
            }
        }
        offline
    }

    /// Tells the user when this is not the release they ran last time.
    fn check_build(&self, build: &str) {
        if let Some(previous) = crate::storage::swap_build_id(build) {
            if previous != build {
                self.notice.set(Some(UpdateNotice::Updated {
                    from: previous,
                    to: build.to_owned(),
                }));
            }
        }
    }

    fn register(&self, build: String) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let navigator = window.navigator();
        // Only secure contexts (https, localhost) have service workers.
        if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
            return;
        }
        let container = navigator.service_worker();
        let this = *self;
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let data = ev.data();
                let field = |name: &str| {
                    js_sys::Reflect::get(&data, &JsValue::from_str(name))
                        .ok()
                        .and_then(|v| v.as_string())
                };
                if field("type").as_deref() != Some(ACTIVATED) {
                    return;
                }
                this.ready.set(true);
                if field("build").is_some_and(|b| b != build) {
                    this.notice.set(Some(UpdateNotice::ReadyToReload));
                }
            });
        let _ = container
            .add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
        // The listener lives as long as the page.
        on_message.forget();
        if container.controller().is_some() {
            self.ready.set(true);
        }
        let url = hosting::asset("sw.js");
        spawn_local(async move {
            let registered = wasm_bindgen_futures::JsFuture::from(container.register(&url)).await;
            if let Err(e) = registered {
                leptos::logging::warn!("Preflight works online only: {}", js_text(&e));
            }
        });
    }
}

/// The build id of this release, when it has one (release builds do).
pub fn build_id() -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector("meta[name=\"preflight-build\"]")
        .ok()??
        .get_attribute("content")
        .filter(|b| !b.trim().is_empty())
}

/// The offline state provided at the root.
pub fn use_offline() -> Offline {
    expect_context::<Offline>()
}

fn js_text(value: &JsValue) -> String {
    value
        .as_string()
        .or_else(|| {
            js_sys::Reflect::get(value, &JsValue::from_str("message"))
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "the service worker could not be registered".to_owned())
}
