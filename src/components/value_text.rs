//! One JSON value as short text (always text, never HTML).

use leptos::prelude::*;
use serde_json::Value;

/// How long a value may get before it is cut, in characters.
const MAX_CHARS: usize = 160;

/// Compact JSON for display, cut at [`MAX_CHARS`] with an ellipsis.
pub fn short(value: &Value) -> String {
    let full = match value {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    };
    if full.chars().count() <= MAX_CHARS {
        full
    } else {
        let cut: String = full.chars().take(MAX_CHARS).collect();
        format!("{cut}…")
    }
}

/// `value` masked under the workspace's key (the store's, when one is
/// provided; without it, or before the workspace has a key, only dots).
pub fn masked(value: &Value) -> String {
    let key = use_context::<crate::store::Store>().and_then(|s| {
        s.workspace
            .with_untracked(|ws| ws.settings.mask_key.clone())
    });
    preflight_core::patterns::mask_with(key.as_ref(), value)
}

/// A change's old or new value as a row shows it: `(absent)` when there is
/// none, masked when secret unless revealed, else [`short`].
pub fn shown(value: &Option<Value>, secret: bool, reveal: bool) -> String {
    match value {
        None => "(absent)".to_owned(),
        Some(v) if secret && !reveal => masked(v),
        Some(v) => short(v),
    }
}

/// Like [`shown`], for a value that may hold secrets deeper down: `masked`
/// is the same value with every nested secret masked (core's
/// `Change::masked`), shown unless `reveal`.
pub fn shown_deep(
    clear: &Option<Value>,
    masked: &Option<Value>,
    secret: bool,
    reveal: bool,
) -> String {
    if reveal || secret {
        shown(clear, secret, reveal)
    } else {
        shown(masked, false, true)
    }
}

/// A value in a `<code>`, its full text in the title.
#[component]
pub fn ValueText(
    /// The value.
    value: Value,
    /// Extra CSS class, e.g. `value-old`.
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    let text = short(&value);
    let title = value.to_string();
    view! { <code class=format!("value {class}") title=title>{text}</code> }
}
