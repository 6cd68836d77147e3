//! An accessible progress bar drawn in CSS.

use leptos::prelude::*;

/// A bar from 0 to 100 with a label for screen readers.
#[component]
pub fn ProgressBar(
    /// Percent done, 0 to 100.
    #[prop(into)]
    percent: Signal<u8>,
    /// What the bar measures, read out by screen readers.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    view! {
        <div
            class="progress"
            role="progressbar"
            aria-label=label
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=move || percent.get().to_string()
        >
            // style:width goes through CSSOM, which the style-src CSP allows.
            <div class="progress-fill" style:width=move || format!("{}%", percent.get())></div>
        </div>
    }
}
