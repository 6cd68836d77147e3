//! Dates counted from go-live: due dates, timeframe ranges, overdue items
//! and the countdown.
//!
//! ## Rules
//!
//! - A timeframe's **date** is the go-live date plus its offset in days
//!   (calendar days, so month ends and leap days fall where the calendar
//!   puts them: 2024-03-01 minus 1 day is 2024-02-29).
//! - An item is **due** on its [`Item::due_override`] when set, else on its
//!   timeframe's date. Without a go-live date nothing is computed.
//! - A timeframe's **range** runs from its own date up to the day before
//!   the next later timeframe's date (the nearest larger offset), so the
//!   ranges of "Eight weeks before" (-56) and "Four weeks before" (-28)
//!   are days -56..=-29. The latest timeframe's range is its single day.
//! - An item is **overdue** when its due date is before today and it is
//!   neither Done nor N/A. Due today is not overdue.
//!
//! Arithmetic that would leave jiff's supported years (-9999..=9999)
//! yields `None` instead of panicking.

use super::{Checklist, Item};
use jiff::civil::Date;
use jiff::Span;
use serde::{Deserialize, Serialize};

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    /// The first day.
    pub start: Date,
    /// Inclusive; never before `start`.
    pub end: Date,
}

impl DateRange {
    /// True when `day` falls within the range.
    pub fn contains(&self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }
}

/// `date` moved by `days` calendar days; `None` outside jiff's range.
pub fn add_days(date: Date, days: i32) -> Option<Date> {
    let span = Span::new().try_days(i64::from(days)).ok()?;
    date.checked_add(span).ok()
}

/// Whole days from `from` to `to`: positive when `to` is later.
pub fn days_between(from: Date, to: Date) -> i32 {
    // With days as the largest unit the difference of two civil dates
    // always fits, so the error branch is unreachable in practice.
    from.until(to).map_or(0, |span| span.get_days())
}

impl Checklist {
    /// The date of a timeframe: go-live plus its offset.
    pub fn timeframe_date(&self, timeframe: usize) -> Option<Date> {
        let go_live = self.go_live?;
        add_days(go_live, self.timeframes.get(timeframe)?.offset_days)
    }

    /// The days a timeframe covers (see the module rules).
    pub fn timeframe_range(&self, timeframe: usize) -> Option<DateRange> {
        let own = self.timeframes.get(timeframe)?.offset_days;
        let start = self.timeframe_date(timeframe)?;
        let next_offset = self
            .timeframes
            .iter()
            .map(|t| t.offset_days)
            .filter(|&o| o > own)
            .min();
        let end = match next_offset {
            Some(next) => add_days(start, next.saturating_sub(own).saturating_sub(1))?,
            None => start,
        };
        Some(DateRange { start, end })
    }

    /// When an item is due: its override, else its timeframe's date.
    pub fn item_due(&self, item: &Item) -> Option<Date> {
        item.due_override
            .or_else(|| self.timeframe_date(item.timeframe))
    }

    /// When the item at `index` is due.
    pub fn due(&self, index: usize) -> Option<Date> {
        self.item_due(self.items.get(index)?)
    }

    /// Due before `today` and neither Done nor N/A.
    pub fn is_overdue(&self, index: usize, today: Date) -> bool {
        self.items.get(index).is_some_and(|item| {
            !item.status.is_resolved() && self.item_due(item).is_some_and(|due| due < today)
        })
    }

    /// Indices of the overdue items, in checklist order.
    pub fn overdue(&self, today: Date) -> Vec<usize> {
        (0..self.items.len())
            .filter(|&i| self.is_overdue(i, today))
            .collect()
    }

    /// Days from `today` to go-live: 0 on the day, negative afterwards.
    pub fn days_to_go_live(&self, today: Date) -> Option<i32> {
        Some(days_between(today, self.go_live?))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::checklist::{Item, Status};
    use jiff::civil::date;

    #[test]
    fn ranges_end_the_day_before_the_next_timeframe() {
        let mut c = Checklist::blank("c", "x");
        c.go_live = Some(date(2026, 3, 2));
        c.add_timeframe("Two weeks before", -14);
        c.add_timeframe("Eight weeks before", -56);
        c.add_timeframe("Go-live day", 0);
        assert_eq!(
            c.timeframe_range(1),
            Some(DateRange {
                start: date(2026, 1, 5),
                end: date(2026, 2, 15)
            })
        );
        assert_eq!(c.timeframe_range(0).unwrap().end, date(2026, 3, 1));
        let day = c.timeframe_range(2).unwrap();
        assert_eq!((day.start, day.end), (date(2026, 3, 2), date(2026, 3, 2)));
    }

    #[test]
    fn overdue_needs_an_open_item_due_before_today() {
        let mut c = Checklist::blank("c", "x");
        c.go_live = Some(date(2026, 1, 10));
        c.add_timeframe("Week before", -7);
        c.add_item(Item::new("A", "a", "open", 0)).unwrap();
        c.add_item(Item::new("B", "a", "done", 0)).unwrap();
        c.items[1].status = Status::Done;
        assert!(!c.is_overdue(0, date(2026, 1, 3)), "due today");
        assert!(c.is_overdue(0, date(2026, 1, 4)));
        assert!(!c.is_overdue(1, date(2026, 1, 4)));
        assert_eq!(c.overdue(date(2026, 2, 1)), [0]);
        assert_eq!(c.days_to_go_live(date(2026, 1, 4)), Some(6));
        assert_eq!(c.days_to_go_live(date(2026, 1, 12)), Some(-2));
    }

    #[test]
    fn out_of_range_arithmetic_is_none() {
        assert_eq!(add_days(date(9999, 12, 31), 1), None);
        assert_eq!(add_days(date(2026, 1, 1), i32::MIN), None);
        let mut c = Checklist::blank("c", "x");
        c.go_live = Some(date(9999, 12, 1));
        c.add_timeframe("late", i32::MAX);
        c.add_timeframe("early", i32::MIN);
        assert_eq!(c.timeframe_range(0), None);
        assert_eq!(c.timeframe_range(1), None);
    }
}
