//! A modal confirmation built on `<dialog>`: focus is trapped by the
//! browser, Escape cancels, and the confirm button says what will happen.

use leptos::html::Dialog;
use leptos::prelude::*;

/// Asks before something that cannot be undone lightly.
#[component]
pub fn ConfirmDialog(
    /// Open while true; set back to false on close.
    open: RwSignal<bool>,
    /// The dialog's heading.
    #[prop(into)]
    title: Signal<String>,
    /// The confirm button's label, e.g. "Delete QA".
    #[prop(into)]
    confirm_label: Signal<String>,
    /// Styles the confirm button as destructive.
    #[prop(optional)]
    danger: bool,
    /// Disables the confirm button (e.g. until a reason is typed).
    #[prop(optional, into)]
    confirm_disabled: Option<Signal<bool>>,
    /// Called when the user confirms; the dialog then closes.
    on_confirm: Callback<()>,
    /// The body: what will happen, and any inputs.
    children: ChildrenFn,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        let Some(el) = dialog.get() else { return };
        if open.get() {
            if !el.open() {
                let _ = el.show_modal();
            }
        } else if el.open() {
            el.close();
        }
    });
    let disabled = move || confirm_disabled.map(|s| s.get()).unwrap_or(false);
    let confirm_class = if danger {
        "button button-danger"
    } else {
        "button"
    };
    view! {
        <dialog
            node_ref=dialog
            class="dialog"
            aria-labelledby="dialog-title"
            data-testid="confirm-dialog"
            on:close=move |_| open.set(false)
        >
            <h2 id="dialog-title">{move || title.get()}</h2>
            <div class="dialog-body">{children()}</div>
            <div class="dialog-actions">
                <button type="button" class="button button-quiet" data-testid="dialog-cancel" on:click=move |_| open.set(false)>
                    "Cancel"
                </button>
                <button
                    type="button"
                    class=confirm_class
                    data-testid="dialog-confirm"
                    prop:disabled=disabled
                    on:click=move |_| {
                        if !disabled() {
                            on_confirm.run(());
                            open.set(false);
                        }
                    }
                >
                    {move || confirm_label.get()}
                </button>
            </div>
        </dialog>
    }
}
