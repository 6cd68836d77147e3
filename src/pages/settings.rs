//! `/settings`: display name and theme (more settings land with later issues).

use crate::components::workspace_backup::WorkspaceBackup;
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::workspace::Theme;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let store = use_store();
    let name = move || store.workspace.with(|ws| ws.settings.display_name.clone());
    let (name_error, set_name_error) = signal(None::<&'static str>);
    let set_name = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let trimmed = value.trim();
        if trimmed.is_empty() {
            // Keep the last good name: audit events need one.
            set_name_error.set(Some("Enter a name; it is written into the audit trail."));
            return;
        }
        set_name_error.set(None);
        let trimmed = trimmed.to_owned();
        store.update(|ws| ws.settings.display_name = trimmed);
    };
    let theme_value = move || match store.theme() {
        Theme::System => "system",
        Theme::Light => "light",
        Theme::Dark => "dark",
    };
    let set_theme = move |ev: leptos::ev::Event| {
        let theme = match event_target_value(&ev).as_str() {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::System,
        };
        store.update(|ws| ws.settings.theme = theme);
    };
    view! {
        <h1>"Settings"</h1>
        <section class="card">
            <h2>"You"</h2>
            <label class="field">
                <span class="field-label">"Display name"</span>
                <input
                    type="text"
                    data-testid="display-name"
                    prop:value=name
                    on:change=set_name
                    aria-describedby="display-name-help"
                />
                <span id="display-name-help" class="field-help">
                    "Shown in the audit trail and on approvals you give."
                </span>
                {move || name_error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
            </label>
            <label class="field">
                <span class="field-label">"Theme"</span>
                <select data-testid="theme-select" prop:value=theme_value on:change=set_theme>
                    <option value="system">"Follow the system"</option>
                    <option value="light">"Light"</option>
                    <option value="dark">"Dark"</option>
                </select>
            </label>
        </section>
        <WorkspaceBackup/>
    }
}
