//! A monospace config editor with line numbers and live validation.
//!
//! The gutter is a separate element that scrolls with the textarea, so the
//! text stays a plain `<textarea>`: native undo, selection, IME and screen
//! readers keep working.

use leptos::html::{Div, Textarea};
use leptos::prelude::*;

/// Where the text fails to parse, for the message under the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The editor; `text` is the draft, `error` the validation of it.
#[component]
pub fn ConfigEditor(
    /// The draft text, updated on every keystroke.
    text: RwSignal<String>,
    /// Where the draft fails to parse, if it does.
    #[prop(into)]
    error: Signal<Option<TextError>>,
    /// Called on Ctrl+S / Cmd+S.
    on_save: Callback<()>,
    /// The accessible label of the text area.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let area = NodeRef::<Textarea>::new();
    let gutter = NodeRef::<Div>::new();
    let line_count = Memo::new(move |_| text.with(|t| t.split('\n').count()));
    let numbers = move || {
        let bad = error.with(|e| e.as_ref().map(|e| e.line));
        (1..=line_count.get())
            .map(|n| {
                let class = if Some(n) == bad {
                    "gutter-line gutter-bad"
                } else {
                    "gutter-line"
                };
                view! { <span class=class>{n}</span> }
            })
            .collect_view()
    };
    let sync_scroll = move |_| {
        if let (Some(a), Some(g)) = (area.get(), gutter.get()) {
            g.set_scroll_top(a.scroll_top());
        }
    };
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("s") {
            ev.prevent_default();
            on_save.run(());
        }
    };
    view! {
        <div class="editor" class:editor-invalid=move || error.with(|e| e.is_some())>
            <div class="editor-gutter" node_ref=gutter aria-hidden="true">{numbers}</div>
            <textarea
                node_ref=area
                class="editor-text"
                data-testid="config-editor"
                aria-label=label
                aria-invalid=move || error.with(|e| e.is_some()).to_string()
                aria-describedby="editor-status"
                spellcheck="false"
                autocomplete="off"
                wrap="off"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
                on:scroll=sync_scroll
                on:keydown=keydown
            ></textarea>
        </div>
        <p id="editor-status" class="editor-status" aria-live="polite" data-testid="editor-status">
            {move || match error.get() {
                Some(e) => view! {
                    <span class="field-error" data-testid="editor-error">
                        {format!("Line {}, column {}: {}", e.line, e.column, e.message)}
                    </span>
                }.into_any(),
                None => view! { <span class="muted">"Valid JSON"</span> }.into_any(),
            }}
        </p>
    }
}
