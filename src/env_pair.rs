//! The `:from`/`:to` route parameters that the compare and promote pages
//! share, and whether they name two different existing environments.

use crate::store::use_store;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use preflight_core::EnvId;

/// The pair in the address, and whether it is usable.
pub struct EnvPair {
    pub from: Memo<EnvId>,
    pub to: Memo<EnvId>,
    pub valid: Signal<bool>,
}

/// Reads `:from` and `:to` from the current route.
pub fn use_env_pair() -> EnvPair {
    let store = use_store();
    let params = use_params_map();
    let from = Memo::new(move |_| EnvId::new(params.with(|p| p.get("from").unwrap_or_default())));
    let to = Memo::new(move |_| EnvId::new(params.with(|p| p.get("to").unwrap_or_default())));
    let valid = Signal::derive(move || {
        let (f, t) = (from.get(), to.get());
        f != t
            && store
                .workspace
                .with(|ws| ws.env(&f).is_some() && ws.env(&t).is_some())
    });
    EnvPair { from, to, valid }
}
