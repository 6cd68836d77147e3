//! Today's date as a signal. Due-date colours, overdue counts and the
//! go-live countdown follow the calendar when a tab stays open past
//! midnight (release managers leave one open for days).

use crate::browser;
use leptos::prelude::*;
use preflight_core::jiff::civil::Date;
use std::time::Duration;

#[derive(Clone, Copy)]
struct Today(RwSignal<Date>);

/// Starts the clock; call once, at the root.
pub fn provide_today() {
    let today = RwSignal::new(browser::today());
    // A minute is fine enough for a date, and a check is one Date call.
    set_interval(
        move || {
            let now = browser::today();
            if today.get_untracked() != now {
                today.set(now);
            }
        },
        Duration::from_secs(60),
    );
    provide_context(Today(today));
}

/// Today's date, updated when the calendar turns.
pub fn use_today() -> Signal<Date> {
    use_context::<Today>()
        .map(|t| t.0.into())
        .unwrap_or_else(|| Signal::stored(browser::today()))
}
