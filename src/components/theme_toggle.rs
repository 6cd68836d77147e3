//! The light/dark toggle in the navigation bar; the choice is saved in the
//! workspace settings.

use crate::browser;
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::workspace::Theme;

/// Switches between light and dark, starting from what is shown now.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let store = use_store();
    let is_dark = move || match store.theme() {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::System => browser::prefers_dark(),
    };
    let toggle = move |_| {
        let next = if is_dark() { Theme::Light } else { Theme::Dark };
        store.update(|ws| ws.settings.theme = next);
    };
    view! {
        <button
            type="button"
            class="theme-toggle"
            data-testid="theme-toggle"
            aria-pressed=move || is_dark().to_string()
            title=move || if is_dark() { "Switch to light theme" } else { "Switch to dark theme" }
            on:click=toggle
        >
            <span aria-hidden="true">{move || if is_dark() { "☾" } else { "☀" }}</span>
            <span class="visually-hidden">"Dark theme"</span>
        </button>
    }
}
