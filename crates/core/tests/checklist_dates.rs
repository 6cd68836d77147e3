//! Due dates, ranges, overdue and the countdown across month ends, year ends
//! and leap years.

#![allow(clippy::unwrap_used)]

use preflight_core::checklist::dates::{add_days, days_between};
use preflight_core::checklist::{Checklist, DateRange, Item, Status, Template};
use preflight_core::jiff::civil::{date, Date};
use proptest::prelude::*;

fn one_item(go_live: Date, offset: i32) -> Checklist {
    let mut c = Checklist::blank("c", "x");
    c.go_live = Some(go_live);
    c.add_timeframe("tf", offset);
    c.add_item(Item::new("A-01", "A", "a", 0)).unwrap();
    c
}

#[test]
fn due_dates_across_month_ends_and_leap_years() {
    for (go_live, offset, due) in [
        (date(2024, 3, 1), -1, date(2024, 2, 29)),
        (date(2023, 3, 1), -1, date(2023, 2, 28)),
        (date(2000, 3, 1), -1, date(2000, 2, 29)),
        (date(2100, 3, 1), -1, date(2100, 2, 28)),
        (date(2024, 3, 31), -28, date(2024, 3, 3)),
        (date(2024, 3, 31), -56, date(2024, 2, 4)),
        (date(2025, 3, 31), -56, date(2025, 2, 3)),
        (date(2025, 1, 1), -14, date(2024, 12, 18)),
        (date(2024, 12, 31), 1, date(2025, 1, 1)),
        (date(2024, 2, 28), 1, date(2024, 2, 29)),
        (date(2024, 5, 31), -31, date(2024, 4, 30)),
    ] {
        assert_eq!(
            one_item(go_live, offset).due(0),
            Some(due),
            "{go_live} {offset}"
        );
    }
}

#[test]
fn override_wins_and_no_go_live_means_no_due_date() {
    let mut c = one_item(date(2024, 3, 1), -7);
    c.items[0].due_override = Some(date(2024, 2, 29));
    assert_eq!(c.due(0), Some(date(2024, 2, 29)));
    c.items[0].due_override = None;
    c.go_live = None;
    assert_eq!(c.due(0), None);
    assert_eq!(c.timeframe_range(0), None);
    assert_eq!(c.days_to_go_live(date(2024, 1, 1)), None);
    assert!(!c.is_overdue(0, date(2099, 1, 1)));
}

#[test]
fn template_due_dates_from_go_live() {
    let mut c = Template::GoLivePreparation.build("c");
    c.go_live = Some(date(2026, 3, 2));
    let due = |code: &str| {
        let i = c.items.iter().position(|i| i.code == code).unwrap();
        c.due(i).unwrap()
    };
    assert_eq!(due("GEN-01"), date(2026, 1, 5));
    assert_eq!(c.timeframe_date(1), Some(date(2026, 2, 2)));
    assert_eq!(c.timeframe_date(2), Some(date(2026, 2, 16)));
    assert_eq!(c.timeframe_date(3), Some(date(2026, 3, 2)));
    assert_eq!(
        c.timeframe_range(0),
        Some(DateRange {
            start: date(2026, 1, 5),
            end: date(2026, 2, 1)
        })
    );
}

#[test]
fn ranges_over_a_leap_february() {
    let mut c = Checklist::blank("c", "x");
    c.go_live = Some(date(2024, 3, 15));
    c.add_timeframe("Four weeks before", -28);
    c.add_timeframe("Two weeks before", -14);
    let r = c.timeframe_range(0).unwrap();
    assert_eq!((r.start, r.end), (date(2024, 2, 16), date(2024, 2, 29)));
    assert!(r.contains(date(2024, 2, 29)));
    assert!(!r.contains(date(2024, 3, 1)));
    c.go_live = Some(date(2023, 3, 15));
    let r = c.timeframe_range(0).unwrap();
    assert_eq!((r.start, r.end), (date(2023, 2, 15), date(2023, 2, 28)));
}

#[test]
fn countdown_and_overdue_around_leap_day() {
    let mut c = one_item(date(2024, 3, 1), -1);
    assert_eq!(c.days_to_go_live(date(2024, 2, 28)), Some(2));
    assert_eq!(c.days_to_go_live(date(2023, 3, 1)), Some(366));
    assert!(!c.is_overdue(0, date(2024, 2, 29)));
    assert!(c.is_overdue(0, date(2024, 3, 1)));
    c.items[0].status = Status::NotApplicable;
    assert!(!c.is_overdue(0, date(2024, 3, 1)));
}

proptest! {
    #[test]
    fn adding_days_is_undone_by_counting_them(
        (y, m, d) in (1800i16..2200, 1i8..=12, 1i8..=28),
        days in -5000i32..5000,
    ) {
        let start = date(y, m, d);
        let moved = add_days(start, days).unwrap();
        prop_assert_eq!(days_between(start, moved), days);
        prop_assert_eq!(add_days(moved, -days), Some(start));
        let c = one_item(start, days);
        prop_assert_eq!(c.due(0), Some(moved));
    }
}
