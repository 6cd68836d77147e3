//! Plain text with line breaks, safe links and inline code and emphasis,
//! built from core [`formatted`]: every piece of user text becomes a text
//! node (inside `<code>`, `<em>` or `<strong>` when the core says so), a
//! `<br>` or an `<a>` whose `href` passed `is_safe_href`. Nothing is parsed
//! as HTML, so `<script>` typed into a description shows as `<script>`.

use leptos::prelude::*;
use preflight_core::checklist::{formatted, Segment, Styled};

/// One piece, wrapped in the elements its style names.
fn piece(s: Styled) -> AnyView {
    let inner = match s.segment {
        Segment::Text(t) => t.into_any(),
        Segment::LineBreak => return view! { <br/> }.into_any(),
        Segment::Link { href, label } => view! {
            <a href=href rel="noopener noreferrer" target="_blank">{label}</a>
        }
        .into_any(),
    };
    let inner = if s.code {
        view! { <code>{inner}</code> }.into_any()
    } else {
        inner
    };
    let inner = if s.emphasis {
        view! { <em>{inner}</em> }.into_any()
    } else {
        inner
    };
    if s.strong {
        view! { <strong>{inner}</strong> }.into_any()
    } else {
        inner
    }
}

/// Renders a description or note.
#[component]
pub fn RichText(
    /// The plain text to show.
    #[prop(into)]
    text: String,
) -> impl IntoView {
    formatted(&text).into_iter().map(piece).collect_view()
}
