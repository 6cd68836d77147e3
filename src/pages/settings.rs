//! `/settings`: display name and theme; the go-live gate (which
//! environment is production, which checklist gates it, and whether a
//! promotion into production needs an approval); the trusted approvers and
//! this browser's key card.

use crate::browser;
use crate::components::signing_key_card::SigningKeyCard;
use crate::components::trusted_approvers::TrustedApprovers;
use crate::components::workspace_backup::WorkspaceBackup;
use crate::store::use_store;
use leptos::prelude::*;
use preflight_core::guards::{self, Guard};
use preflight_core::workspace::Theme;
use preflight_core::EnvId;

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
    // The gate. An empty value means the default: the last environment,
    // or no gating checklist.
    let production_value = move || {
        store.workspace.with(|ws| {
            ws.settings
                .production_env
                .as_ref()
                .filter(|id| ws.env(id).is_some())
                .map(|id| id.to_string())
                .unwrap_or_default()
        })
    };
    let default_production = move || {
        store.workspace.with(|ws| match ws.environments.last() {
            Some(e) => format!("The last environment ({})", e.name),
            None => "The last environment (none yet)".to_owned(),
        })
    };
    let environments = move || {
        store.workspace.with(|ws| {
            ws.environments
                .iter()
                .map(|e| (e.id.to_string(), e.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    // Guards decide what may reach production: the core audits each change.
    let (guard_error, set_guard_error) = signal(None::<String>);
    let guard = move |g: Guard| {
        let actor = store.actor();
        let result = store.apply(|ws| guards::set_guard(ws, g, &actor, browser::now()));
        set_guard_error.set(result.err().map(|e| e.to_string()));
    };
    let set_production = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        guard(Guard::ProductionEnv(
            (!value.is_empty()).then(|| EnvId::new(value)),
        ));
    };
    let gate_value = move || {
        store
            .workspace
            .with(|ws| ws.settings.gate_checklist.clone().unwrap_or_default())
    };
    let checklists = move || {
        store.workspace.with(|ws| {
            ws.checklists
                .iter()
                .map(|c| (c.id.clone(), c.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let set_gate = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        guard(Guard::GateChecklist((!value.is_empty()).then_some(value)));
    };
    let require_approval = move || store.workspace.with(|ws| ws.settings.require_approval);
    let set_require_approval = move |ev: leptos::ev::Event| {
        guard(Guard::RequireApproval(event_target_checked(&ev)));
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
        <section class="card" aria-labelledby="gate-heading">
            <h2 id="gate-heading">"Go-live gate"</h2>
            <p class="muted">"A promotion into production waits until every “gates promotion” item of the gating checklist is Done or N/A, unless someone overrides it with a reason (recorded in the audit trail)."</p>
            <label class="field">
                <span class="field-label">"Production environment"</span>
                <select data-testid="production-env" on:change=set_production>
                    <option value="" prop:selected=move || production_value().is_empty()>{default_production}</option>
                    {move || environments().into_iter().map(|(id, name)| {
                        let selected = { let id = id.clone(); move || production_value() == id };
                        view! { <option value=id prop:selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span class="field-label">"Gating checklist"</span>
                <select data-testid="gate-checklist" on:change=set_gate aria-describedby="gate-checklist-help">
                    <option value="" prop:selected=move || gate_value().is_empty()>"None: production is not gated"</option>
                    {move || checklists().into_iter().map(|(id, name)| {
                        let selected = { let id = id.clone(); move || gate_value() == id };
                        view! { <option value=id prop:selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
                <span id="gate-checklist-help" class="field-help">"Its items marked “gates promotion” must be resolved first."</span>
            </label>
            <label class="check">
                <input type="checkbox" data-testid="require-approval" prop:checked=require_approval on:change=set_require_approval/>
                "Require an approval before promoting into production"
            </label>
            <p class="muted small">"Changes to these three settings are written to the audit trail."</p>
            {move || guard_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </section>
        <TrustedApprovers/>
        <SigningKeyCard/>
        <WorkspaceBackup/>
    }
}
