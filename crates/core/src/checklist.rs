//! Go-live checklists: timeframes counted back from a go-live date, items,
//! progress, import and export, and the production gate.
//!
//! ## Model
//!
//! A [`Checklist`] has a go-live date, an ordered list of [`Timeframe`]s
//! (a name and an offset in days from go-live: "Eight weeks before" is -56)
//! and [`Item`]s. Each item points at its timeframe by index. Its due date
//! is the go-live date plus the timeframe's offset, unless set by hand
//! ([`Item::due_override`]).
//!
//! Items are kept grouped by timeframe, in timeframe order: the editing
//! methods here preserve that, and the exports rely on it.
//!
//! ## Layers
//!
//! - Editing: the methods on [`Checklist`] (items, timeframes, statuses of
//!   many items at once) and the workspace-level functions in [`ops`]
//!   (create from a [`Template`], blank or import; rename, duplicate,
//!   delete).
//! - [`dates`]: due dates, timeframe ranges, overdue items, the countdown.
//! - [`progress`]: percent done by timeframe and category, filters, sorts
//!   and the dashboard's [`Readiness`].
//! - [`text`]: plain-text descriptions split into segments the UI renders
//!   without ever interpreting HTML.
//! - [`import`] (with [`markdown`] and [`csv`]): always a preview first,
//!   with counts and row-level warnings; and the matching exports.
//! - [`gate`]: whether promotion into production is blocked.
//!
//! "Today" is always a parameter: nothing here reads a clock.

pub mod csv;
pub mod dates;
pub mod format;
pub mod gate;
pub mod gating;
pub mod import;
pub mod markdown;
pub mod ops;
pub mod progress;
mod spoof;
pub mod template;
pub mod text;

pub use dates::DateRange;
pub use format::{formatted, Styled};
pub use gate::{gate_status, BlockingItem, GateError, GateOpen, GateOverride, GateStatus};
pub use import::{
    export_csv, export_file, export_json, export_markdown, import_checklist, ImportCounts,
    ImportError, ImportFormat, ImportPreview, ImportWarning, WarningKind,
};
pub use ops::{create_checklist, delete_checklist, duplicate_checklist, rename_checklist, Source};
pub use progress::{ItemFilter, Progress, Readiness, SortKey, SortOrder};
pub use spoof::spoofed_host;
pub use template::Template;
pub use text::{is_safe_href, segments, Segment};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// The state of one checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Status {
    /// Not started ("To do").
    #[default]
    Todo,
    /// Someone is working on it.
    InProgress,
    /// Finished.
    Done,
    /// Does not apply to this go-live ("N/A"); counts as resolved.
    NotApplicable,
    /// Cannot move until something else happens.
    Blocked,
}

impl Status {
    /// Every status, in the order a status picker shows them.
    pub const ALL: [Status; 5] = [
        Status::Todo,
        Status::InProgress,
        Status::Done,
        Status::NotApplicable,
        Status::Blocked,
    ];

    /// Done or N/A: nothing left to do, and it no longer holds the gate.
    pub fn is_resolved(self) -> bool {
        matches!(self, Status::Done | Status::NotApplicable)
    }

    /// The label people read and the exports write: "To do", "N/A", ...
    pub fn label(self) -> &'static str {
        match self {
            Status::Todo => "To do",
            Status::InProgress => "In progress",
            Status::Done => "Done",
            Status::NotApplicable => "N/A",
            Status::Blocked => "Blocked",
        }
    }

    /// Reads a status the way people write it in a spreadsheet: any case,
    /// with or without spaces ("to do", "TODO", "n/a", "in-progress", "x").
    /// An empty string is [`Status::Todo`]; `None` means unrecognised.
    pub fn parse_lenient(text: &str) -> Option<Status> {
        let key: String = text
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '/')
            .flat_map(char::to_lowercase)
            .collect();
        Some(match key.as_str() {
            "" | "todo" | "open" | "notstarted" | "new" => Status::Todo,
            "inprogress" | "doing" | "started" | "wip" | "ongoing" => Status::InProgress,
            "done" | "x" | "complete" | "completed" | "finished" => Status::Done,
            "n/a" | "na" | "notapplicable" | "skip" | "skipped" => Status::NotApplicable,
            "blocked" | "onhold" | "stuck" => Status::Blocked,
            _ => return None,
        })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A named period counted from go-live, e.g. "Eight weeks before" is -56.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeframe {
    /// The heading people read, e.g. "Two weeks before".
    pub name: String,
    /// Days from the go-live date: negative before, 0 on the day, positive
    /// after.
    #[serde(default)]
    pub offset_days: i32,
}

impl Timeframe {
    /// A timeframe `offset_days` from go-live.
    pub fn new(name: impl Into<String>, offset_days: i32) -> Self {
        Self {
            name: name.into(),
            offset_days,
        }
    }
}

/// One thing to do before go-live.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Item {
    /// A short reference such as `GEN-01`.
    #[serde(default)]
    pub code: String,
    /// A grouping such as "Security"; progress is also shown per category.
    #[serde(default)]
    pub category: String,
    /// What to do, in a few words.
    #[serde(default)]
    pub name: String,
    /// Plain text; render it with [`segments`].
    #[serde(default)]
    pub description: String,
    /// Plain text; render it with [`segments`].
    #[serde(default)]
    pub note: String,
    /// Who is responsible; free text.
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub status: Status,
    /// Index into the checklist's timeframes.
    #[serde(default)]
    pub timeframe: usize,
    /// Set by hand; otherwise computed from the timeframe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_override: Option<Date>,
    /// A URL; only make it clickable when [`is_safe_href`] says so.
    #[serde(default)]
    pub link: String,
    /// The item must be Done or N/A before a promotion into production.
    #[serde(default)]
    pub gates_promotion: bool,
}

impl Item {
    /// An item to do with a code, category and name, in timeframe `timeframe`.
    pub fn new(
        code: impl Into<String>,
        category: impl Into<String>,
        name: impl Into<String>,
        timeframe: usize,
    ) -> Self {
        Self {
            code: code.into(),
            category: category.into(),
            name: name.into(),
            timeframe,
            ..Self::default()
        }
    }

    /// Puts the text fields into the form an import produces (see
    /// [`Checklist::normalize`]), so that what was typed in the app
    /// exports and imports back unchanged.
    pub fn normalize(&mut self) {
        for field in [
            &mut self.code,
            &mut self.category,
            &mut self.name,
            &mut self.description,
            &mut self.note,
            &mut self.owner,
            &mut self.link,
        ] {
            *field = text::normalize(field);
        }
        self.link = text::link_target(&self.link);
    }
}

/// A go-live checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checklist {
    /// Unique within the workspace; empty in an import preview.
    #[serde(default)]
    pub id: String,
    pub name: String,
    /// The day everything counts back from; no due dates until it is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub go_live: Option<Date>,
    #[serde(default)]
    pub timeframes: Vec<Timeframe>,
    #[serde(default)]
    pub items: Vec<Item>,
}

/// Why an edit of a checklist was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ChecklistError {
    #[error("there is no checklist with id {id:?}")]
    NotFound { id: String },
    #[error("a checklist with id {id:?} already exists")]
    DuplicateId { id: String },
    #[error("a checklist needs a name")]
    EmptyName,
    #[error("there is no item {index} (the checklist has {len})")]
    NoSuchItem { index: usize, len: usize },
    #[error("there is no timeframe {index} (the checklist has {len})")]
    NoSuchTimeframe { index: usize, len: usize },
    #[error("timeframe {name:?} still has {items} item(s); move or delete them first")]
    TimeframeNotEmpty { name: String, items: usize },
    #[error("a timeframe needs a name, e.g. “One week before go-live”")]
    EmptyTimeframeName,
    #[error("there is already a timeframe {name:?} with the same offset")]
    DuplicateTimeframe { name: String },
}

impl Checklist {
    /// An empty checklist with no timeframes and no go-live date.
    pub fn blank(id: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            go_live: None,
            timeframes: Vec::new(),
            items: Vec::new(),
        }
    }

    /// A copy under a new id and name. Statuses and notes are kept: a
    /// duplicate is usually the next release's starting point, and
    /// [`Checklist::set_status`] resets them in one call when wanted.
    pub fn duplicate(&self, new_id: impl Into<String>, new_name: impl Into<String>) -> Self {
        Self {
            id: new_id.into(),
            name: new_name.into(),
            ..self.clone()
        }
    }

    /// SHA-256 (hex) of the checklist's JSON export: names this exact
    /// content on a printed copy, so two printouts can be told apart.
    pub fn content_hash(&self) -> String {
        use sha2::{Digest, Sha256};
        Sha256::digest(export_json(self).as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Share of items that are Done or N/A, from 0 to 100, rounded down so
    /// that 100 means everything is resolved.
    pub fn percent_done(&self) -> u8 {
        self.progress().percent()
    }

    /// Sets the status of every listed item; indices out of range are
    /// ignored. Returns how many items actually changed.
    pub fn set_status(&mut self, indices: &[usize], status: Status) -> usize {
        let mut changed = 0;
        for &i in indices {
            if let Some(item) = self.items.get_mut(i) {
                if item.status != status {
                    item.status = status;
                    changed += 1;
                }
            }
        }
        changed
    }

    /// Flips an item between Done and To do (any other status becomes
    /// Done): the keyboard's "toggle done". Returns the new status.
    pub fn toggle_done(&mut self, index: usize) -> Result<Status, ChecklistError> {
        self.check_item(index)?;
        let item = &mut self.items[index];
        item.status = if item.status == Status::Done {
            Status::Todo
        } else {
            Status::Done
        };
        Ok(item.status)
    }

    /// Adds an item at the end of its timeframe's group and returns its
    /// index. Its text is normalized ([`Item::normalize`]).
    pub fn add_item(&mut self, mut item: Item) -> Result<usize, ChecklistError> {
        self.check_timeframe(item.timeframe)?;
        item.normalize();
        // After the last item of the same or an earlier timeframe, so the
        // items stay grouped in timeframe order.
        let at = self
            .items
            .iter()
            .rposition(|i| i.timeframe <= item.timeframe)
            .map_or(0, |p| p + 1);
        self.items.insert(at, item);
        Ok(at)
    }

    /// Removes an item and returns it.
    pub fn remove_item(&mut self, index: usize) -> Result<Item, ChecklistError> {
        self.check_item(index)?;
        Ok(self.items.remove(index))
    }

    /// Replaces an item. If its timeframe changed, it moves to the end of
    /// the new timeframe's group; the returned index is where it now is.
    pub fn update_item(&mut self, index: usize, mut item: Item) -> Result<usize, ChecklistError> {
        self.check_item(index)?;
        self.check_timeframe(item.timeframe)?;
        item.normalize();
        if self.items[index].timeframe == item.timeframe {
            self.items[index] = item;
            return Ok(index);
        }
        self.items.remove(index);
        self.add_item(item)
    }

    /// Appends a timeframe and returns its index.
    pub fn add_timeframe(&mut self, name: impl Into<String>, offset_days: i32) -> usize {
        self.timeframes.push(Timeframe::new(name, offset_days));
        self.timeframes.len() - 1
    }

    /// Renames a timeframe and sets its offset from go-live (every item in
    /// it moves with it). The name is kept on one line and must not be
    /// empty or the name of another timeframe with the same offset, which
    /// an export could not tell apart.
    pub fn update_timeframe(
        &mut self,
        index: usize,
        name: &str,
        offset_days: i32,
    ) -> Result<(), ChecklistError> {
        self.check_timeframe(index)?;
        let name = text::normalize_line(name);
        if name.is_empty() {
            return Err(ChecklistError::EmptyTimeframeName);
        }
        let clash = self
            .timeframes
            .iter()
            .enumerate()
            .any(|(i, t)| i != index && t.name == name && t.offset_days == offset_days);
        if clash {
            return Err(ChecklistError::DuplicateTimeframe { name });
        }
        let tf = &mut self.timeframes[index];
        tf.name = name;
        tf.offset_days = offset_days;
        Ok(())
    }

    /// Removes a timeframe that has no items left.
    pub fn remove_timeframe(&mut self, index: usize) -> Result<Timeframe, ChecklistError> {
        self.check_timeframe(index)?;
        let items = self.items.iter().filter(|i| i.timeframe == index).count();
        if items > 0 {
            return Err(ChecklistError::TimeframeNotEmpty {
                name: self.timeframes[index].name.clone(),
                items,
            });
        }
        for item in &mut self.items {
            if item.timeframe > index {
                item.timeframe -= 1;
            }
        }
        Ok(self.timeframes.remove(index))
    }

    /// Indices of the items in timeframe `timeframe`, in order.
    pub fn items_in(&self, timeframe: usize) -> Vec<usize> {
        (0..self.items.len())
            .filter(|&i| self.items[i].timeframe == timeframe)
            .collect()
    }

    /// The next free code for a prefix: `GEN-03` when `GEN-01` and `GEN-02`
    /// exist. Codes that do not end in a number are ignored.
    pub fn next_code(&self, prefix: &str) -> String {
        let prefix = prefix.trim();
        let highest = self
            .items
            .iter()
            .filter_map(|i| {
                let rest = i.code.strip_prefix(prefix)?;
                let digits = rest.strip_prefix('-').unwrap_or(rest);
                digits.parse::<u32>().ok()
            })
            .max()
            .unwrap_or(0);
        format!("{prefix}-{:02}", highest.saturating_add(1))
    }

    /// Puts the checklist into the form an import produces, which is the
    /// form exports round-trip exactly:
    ///
    /// - text fields as [`text::normalize`] leaves them, names on one line;
    /// - an item's link is the bare URL when it was a Markdown link;
    /// - items that point at a missing timeframe go to the last one (or to a
    ///   new "Unscheduled" timeframe when there is none);
    /// - items grouped by timeframe, otherwise in their order.
    pub fn normalize(&mut self) {
        self.name = text::normalize_line(&self.name);
        for tf in &mut self.timeframes {
            tf.name = text::normalize_line(&tf.name);
        }
        self.repair_timeframes();
        for item in &mut self.items {
            item.normalize();
        }
        // A stable sort keeps the order within each timeframe.
        self.items.sort_by_key(|i| i.timeframe);
    }

    /// Moves items that point at a missing timeframe to the last one,
    /// adding an "Unscheduled" timeframe when there is none. Returns the
    /// old index and the code of every item moved.
    pub fn repair_timeframes(&mut self) -> Vec<(usize, String)> {
        let len = self.timeframes.len();
        if len == 0 && !self.items.is_empty() {
            self.timeframes.push(Timeframe::new("Unscheduled", 0));
        }
        let last = self.timeframes.len().saturating_sub(1);
        let mut moved = Vec::new();
        for item in &mut self.items {
            if item.timeframe >= len {
                moved.push((item.timeframe, item.code.clone()));
                item.timeframe = last;
            }
        }
        moved
    }

    fn check_item(&self, index: usize) -> Result<(), ChecklistError> {
        if index < self.items.len() {
            Ok(())
        } else {
            Err(ChecklistError::NoSuchItem {
                index,
                len: self.items.len(),
            })
        }
    }

    fn check_timeframe(&self, index: usize) -> Result<(), ChecklistError> {
        if index < self.timeframes.len() {
            Ok(())
        } else {
            Err(ChecklistError::NoSuchTimeframe {
                index,
                len: self.timeframes.len(),
            })
        }
    }
}

#[cfg(test)]
mod tests;
