//! Plain text with line breaks and safe links, built from core
//! [`segments`]: every piece of user text becomes a text node, a `<br>` or
//! an `<a>` whose `href` passed `is_safe_href`. Nothing is parsed as HTML,
//! so `<script>` typed into a description shows as `<script>`.

use leptos::prelude::*;
use preflight_core::checklist::{segments, Segment};

/// Renders a description or note.
#[component]
pub fn RichText(
    /// The plain text to show.
    #[prop(into)]
    text: String,
) -> impl IntoView {
    segments(&text)
        .into_iter()
        .map(|s| match s {
            Segment::Text(t) => t.into_any(),
            Segment::LineBreak => view! { <br/> }.into_any(),
            Segment::Link { href, label } => view! {
                <a href=href rel="noopener noreferrer" target="_blank">{label}</a>
            }
            .into_any(),
        })
        .collect_view()
}
