//! Plain text with line breaks, safe links and inline code and emphasis,
//! built from core [`formatted`]: every piece of user text becomes a text
//! node (inside `<code>`, `<em>` or `<strong>` when the core says so), a
//! `<br>` or an `<a>` whose `href` passed `is_safe_href`. Nothing is parsed
//! as HTML, so `<script>` typed into a description shows as `<script>`.
//! A link whose label reads as another host's address is followed by the
//! host it really opens ([`spoofed_host`]).

use leptos::prelude::*;
use preflight_core::checklist::{formatted, spoofed_host, Segment, Styled};

/// One piece, wrapped in the elements its style names.
fn piece(s: Styled) -> AnyView {
    let inner = match s.segment {
        Segment::Text(t) => t.into_any(),
        Segment::LineBreak => return view! { <br/> }.into_any(),
        Segment::Link { href, label } => {
            let real = spoofed_host(&label, &href);
            view! {
                <a href=href rel="noopener noreferrer" target="_blank">{label}</a>
                {real.map(|host| view! {
                    " " <span class="link-real-host" data-testid="link-real-host">{format!("(goes to {host})")}</span>
                })}
            }
            .into_any()
        }
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
