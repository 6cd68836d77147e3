//! Progress, filters, sorting and the dashboard summary.
//!
//! Everything here returns counts or item indices into
//! [`Checklist::items`], so the UI keeps one source of truth and can map
//! an index back to its row, its link and its edit form.
//!
//! An item counts as **done** when it is Done or N/A: a not-applicable item
//! needs no more work and does not hold the gate either.
//!
//! ```
//! use preflight_core::checklist::{Checklist, ItemFilter, SortKey, SortOrder, Status, Template};
//! let c = Template::GoLivePreparation.build("c1");
//! let mut rows = c.filter(&ItemFilter::new().status(Status::Todo).text("dns"));
//! c.sort(&mut rows, SortKey::Code, SortOrder::Ascending);
//! assert!(!rows.is_empty());
//! ```

use super::{Checklist, Status};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// Counts of items by state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Progress {
    /// All items counted.
    pub total: usize,
    /// Done or N/A.
    pub done: usize,
    /// In progress.
    pub in_progress: usize,
    /// Blocked.
    pub blocked: usize,
}

impl Progress {
    /// Done share from 0 to 100, rounded down so 100 means all done. An
    /// empty group is 0.
    pub fn percent(&self) -> u8 {
        if self.total == 0 {
            return 0;
        }
        // done <= total, so the quotient is at most 100.
        u8::try_from(self.done * 100 / self.total).unwrap_or(100)
    }

    /// Items still to do (not Done or N/A).
    pub fn open(&self) -> usize {
        self.total - self.done
    }

    fn count(&mut self, status: Status) {
        self.total += 1;
        match status {
            Status::Done | Status::NotApplicable => self.done += 1,
            Status::InProgress => self.in_progress += 1,
            Status::Blocked => self.blocked += 1,
            Status::Todo => {}
        }
    }
}

/// Which items to show. Empty criteria match everything; all given
/// criteria must match.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ItemFilter {
    /// Any of these statuses; empty means any status.
    pub statuses: Vec<Status>,
    /// Exact category, ignoring case.
    pub category: Option<String>,
    /// Exact owner, ignoring case; `Some("")` finds unowned items.
    pub owner: Option<String>,
    /// Only this timeframe.
    pub timeframe: Option<usize>,
    /// Words that must all appear, ignoring case, in the code, name,
    /// description, note, owner or category.
    pub text: String,
    /// Only items overdue on this day.
    pub overdue_on: Option<Date>,
}

impl ItemFilter {
    /// A filter that matches every item.
    pub fn new() -> Self {
        Self::default()
    }

    /// Also accept items in `status`.
    pub fn status(mut self, status: Status) -> Self {
        self.statuses.push(status);
        self
    }

    /// Only this category (any case).
    pub fn category(mut self, category: impl Into<String>) -> Self {
        self.category = Some(category.into());
        self
    }

    /// Only this owner (any case); `""` for unowned items.
    pub fn owner(mut self, owner: impl Into<String>) -> Self {
        self.owner = Some(owner.into());
        self
    }

    /// Only this timeframe.
    pub fn timeframe(mut self, timeframe: usize) -> Self {
        self.timeframe = Some(timeframe);
        self
    }

    /// Only items containing all these words.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.text = text.into();
        self
    }

    /// Only items overdue on `today`.
    pub fn overdue_on(mut self, today: Date) -> Self {
        self.overdue_on = Some(today);
        self
    }

    /// True when the item at `index` passes every criterion.
    pub fn matches(&self, checklist: &Checklist, index: usize) -> bool {
        let Some(item) = checklist.items.get(index) else {
            return false;
        };
        let same = |want: &Option<String>, have: &str| {
            want.as_ref()
                .is_none_or(|w| w.trim().to_lowercase() == have.trim().to_lowercase())
        };
        if !self.statuses.is_empty() && !self.statuses.contains(&item.status) {
            return false;
        }
        if !same(&self.category, &item.category) || !same(&self.owner, &item.owner) {
            return false;
        }
        if self.timeframe.is_some_and(|t| t != item.timeframe) {
            return false;
        }
        if self
            .overdue_on
            .is_some_and(|today| !checklist.is_overdue(index, today))
        {
            return false;
        }
        let haystack = [
            &item.code,
            &item.name,
            &item.description,
            &item.note,
            &item.owner,
            &item.category,
        ]
        .map(|s| s.to_lowercase())
        .join("\n");
        self.text
            .split_whitespace()
            .all(|word| haystack.contains(&word.to_lowercase()))
    }
}

/// What to sort items by. Ties keep checklist order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortKey {
    /// Checklist order (timeframe by timeframe).
    Document,
    /// Due date; items without one come last.
    Due,
    /// Code, with numbers compared as numbers (`GEN-2` before `GEN-10`).
    Code,
    /// Name, ignoring case.
    Name,
    /// Open first: Blocked, In progress, To do, then Done and N/A.
    Status,
    /// Category, ignoring case.
    Category,
    /// Owner, ignoring case.
    Owner,
    /// Timeframe offset, earliest first.
    Timeframe,
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum SortOrder {
    /// Smallest, earliest or first first.
    #[default]
    Ascending,
    /// The reverse.
    Descending,
}

/// A dashboard summary of one checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readiness {
    /// Done (or N/A) out of all items.
    pub progress: Progress,
    /// How many open items are past due.
    pub overdue: usize,
    /// See [`Checklist::days_to_go_live`].
    pub days_to_go_live: Option<i32>,
    /// The open items due next (today or later), soonest first.
    pub next_due: Vec<usize>,
}

impl Checklist {
    /// Progress over all items.
    pub fn progress(&self) -> Progress {
        let mut p = Progress::default();
        for item in &self.items {
            p.count(item.status);
        }
        p
    }

    /// Progress of each timeframe, in timeframe order (one entry per
    /// timeframe, empty ones included).
    pub fn progress_by_timeframe(&self) -> Vec<Progress> {
        let mut out = vec![Progress::default(); self.timeframes.len()];
        for item in &self.items {
            if let Some(p) = out.get_mut(item.timeframe) {
                p.count(item.status);
            }
        }
        out
    }

    /// Progress of each category, in order of first appearance. Categories
    /// that differ only in case or surrounding spaces are one group, shown
    /// as first written.
    pub fn progress_by_category(&self) -> Vec<(String, Progress)> {
        let mut out: Vec<(String, Progress)> = Vec::new();
        for item in &self.items {
            let key = item.category.trim();
            let at = match out
                .iter()
                .position(|(c, _)| c.to_lowercase() == key.to_lowercase())
            {
                Some(at) => at,
                None => {
                    out.push((key.to_owned(), Progress::default()));
                    out.len() - 1
                }
            };
            out[at].1.count(item.status);
        }
        out
    }

    /// Indices of the items that pass `filter`, in checklist order.
    pub fn filter(&self, filter: &ItemFilter) -> Vec<usize> {
        (0..self.items.len())
            .filter(|&i| filter.matches(self, i))
            .collect()
    }

    /// Sorts item indices in place; out-of-range indices go last.
    pub fn sort(&self, indices: &mut [usize], key: SortKey, order: SortOrder) {
        indices.sort_by(|&a, &b| {
            let (Some(x), Some(y)) = (self.items.get(a), self.items.get(b)) else {
                return self
                    .items
                    .get(b)
                    .is_some()
                    .cmp(&self.items.get(a).is_some());
            };
            let by_key = match key {
                SortKey::Document => Ordering::Equal,
                SortKey::Due => match (self.item_due(x), self.item_due(y)) {
                    (Some(p), Some(q)) => directed(p.cmp(&q), order),
                    // Undated items stay last in both directions.
                    (p, q) => q.is_some().cmp(&p.is_some()),
                },
                SortKey::Code => directed(natural_cmp(&x.code, &y.code), order),
                SortKey::Name => directed(caseless_cmp(&x.name, &y.name), order),
                SortKey::Status => {
                    directed(status_rank(x.status).cmp(&status_rank(y.status)), order)
                }
                SortKey::Category => directed(caseless_cmp(&x.category, &y.category), order),
                SortKey::Owner => directed(caseless_cmp(&x.owner, &y.owner), order),
                SortKey::Timeframe => {
                    let offset = |t: usize| self.timeframes.get(t).map(|t| t.offset_days);
                    directed(offset(x.timeframe).cmp(&offset(y.timeframe)), order)
                }
            };
            let tie = if key == SortKey::Document {
                directed(a.cmp(&b), order)
            } else {
                a.cmp(&b)
            };
            by_key.then(tie)
        });
    }

    /// Open items due today or later, soonest first, at most `n`.
    pub fn next_due(&self, today: Date, n: usize) -> Vec<usize> {
        let mut open: Vec<usize> = (0..self.items.len())
            .filter(|&i| {
                !self.items[i].status.is_resolved() && self.due(i).is_some_and(|d| d >= today)
            })
            .collect();
        self.sort(&mut open, SortKey::Due, SortOrder::Ascending);
        open.truncate(n);
        open
    }

    /// The distinct categories, in order of first appearance; names that
    /// differ only in case or surrounding spaces count once (as first
    /// written). Empty categories are left out. For the filter pickers.
    pub fn categories(&self) -> Vec<String> {
        distinct(self.items.iter().map(|i| i.category.as_str()))
    }

    /// The distinct owners, like [`Checklist::categories`].
    pub fn owners(&self) -> Vec<String> {
        distinct(self.items.iter().map(|i| i.owner.as_str()))
    }

    /// Splits item indices (e.g. filtered and sorted) by timeframe, in
    /// timeframe order, keeping their order within each timeframe. Only
    /// timeframes with at least one of the items appear; indices out of
    /// range are dropped. This is how the checklist page shows a sorted
    /// view under its timeframe headings.
    pub fn group_by_timeframe(&self, indices: &[usize]) -> Vec<(usize, Vec<usize>)> {
        let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
        for &i in indices {
            let Some(item) = self.items.get(i) else {
                continue;
            };
            match groups.iter_mut().find(|(t, _)| *t == item.timeframe) {
                Some((_, rows)) => rows.push(i),
                None => groups.push((item.timeframe, vec![i])),
            }
        }
        groups.sort_by_key(|(t, _)| *t);
        groups
    }

    /// The dashboard summary: progress, overdue count, countdown and the
    /// next `next_n` items due.
    pub fn readiness(&self, today: Date, next_n: usize) -> Readiness {
        Readiness {
            progress: self.progress(),
            overdue: self.overdue(today).len(),
            days_to_go_live: self.days_to_go_live(today),
            next_due: self.next_due(today, next_n),
        }
    }
}

fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        let v = v.trim();
        if !v.is_empty() && !out.iter().any(|o| o.to_lowercase() == v.to_lowercase()) {
            out.push(v.to_owned());
        }
    }
    out
}

fn directed(o: Ordering, order: SortOrder) -> Ordering {
    match order {
        SortOrder::Ascending => o,
        SortOrder::Descending => o.reverse(),
    }
}

fn status_rank(s: Status) -> u8 {
    match s {
        Status::Blocked => 0,
        Status::InProgress => 1,
        Status::Todo => 2,
        Status::Done => 3,
        Status::NotApplicable => 4,
    }
}

fn caseless_cmp(a: &str, b: &str) -> Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// Compares runs of digits by value and everything else without case, so
/// `GEN-2` < `GEN-10`.
fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a, b);
    loop {
        match (x.chars().next(), y.chars().next()) {
            (None, None) => return caseless_cmp(a, b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) if p.is_ascii_digit() && q.is_ascii_digit() => {
                let (dx, rx) = split_digits(x);
                let (dy, ry) = split_digits(y);
                let (tx, ty) = (dx.trim_start_matches('0'), dy.trim_start_matches('0'));
                let o = tx.len().cmp(&ty.len()).then_with(|| tx.cmp(ty));
                if o != Ordering::Equal {
                    return o;
                }
                (x, y) = (rx, ry);
            }
            (Some(p), Some(q)) => {
                let o = p.to_lowercase().cmp(q.to_lowercase());
                if o != Ordering::Equal {
                    return o;
                }
                (x, y) = (&x[p.len_utf8()..], &y[q.len_utf8()..]);
            }
        }
    }
}

fn split_digits(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s.split_at(end)
}

#[cfg(test)]
mod tests;
