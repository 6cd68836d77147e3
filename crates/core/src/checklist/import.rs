//! Importing checklists (always as a preview first) and exporting them.
//!
//! ## Flow
//!
//! [`import_checklist`] parses Markdown, CSV or our JSON into an
//! [`ImportPreview`]: the parsed checklist, its [`ImportCounts`] and
//! row-level [`ImportWarning`]s with line numbers. The UI shows it, lets the
//! user fix timeframe offsets in `preview.checklist`, and then calls
//! [`ImportPreview::accept`]. Only input that yields nothing usable at all
//! is an [`ImportError`]; everything else imports with warnings.
//!
//! ## Columns
//!
//! Markdown tables and CSV share one column vocabulary, matched without
//! case or punctuation: ID (or CODE), CATEGORY, NAME (or TITLE, TASK),
//! DESCRIPTION, NOTE, OWNER, STATUS, DUE, LINK (or URL) and GATES; CSV also
//! reads TIMEFRAME and OFFSET. Any other column is kept in the item's note
//! as a `Column: value` line. Missing cells are empty.
//!
//! ## Round trips
//!
//! Text fields are stored as [`normalize`](super::text::normalize) leaves them. For a
//! checklist in that form ([`Checklist::normalize`]), with at least one
//! timeframe, unique non-empty timeframe names and a non-empty name on
//! every item, exporting to
//! Markdown or CSV and importing again gives back an equal checklist, apart
//! from the id (and, for CSV, the checklist's name and go-live date, which
//! CSV has no place for). JSON round-trips everything.

use super::text::{is_safe_href, link_target, normalize_line};
use super::{ops, Checklist, Item, Status, Timeframe};
use crate::Workspace;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use thiserror::Error;

pub use super::csv::{export_csv, import_csv};
pub use super::markdown::{export_markdown, import_markdown};

/// The formats a checklist can be imported from and exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ImportFormat {
    /// GitHub-flavoured Markdown tables under `##` headings.
    Markdown,
    /// CSV with a header row (comma, semicolon or tab separated).
    Csv,
    /// Our own JSON: the serde form of [`Checklist`].
    Json,
}

impl ImportFormat {
    /// The format a file name suggests, by extension.
    pub fn from_file_name(name: &str) -> Option<Self> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" | "mdown" | "txt" => Some(Self::Markdown),
            "csv" | "tsv" => Some(Self::Csv),
            "json" => Some(Self::Json),
            _ => None,
        }
    }

    /// A guess from the content, for pasted text: JSON starts with `{`,
    /// Markdown has a heading or a table line, anything else is CSV.
    pub fn sniff(text: &str) -> Self {
        let text = text.trim_start_matches('\u{feff}').trim_start();
        if text.starts_with('{') {
            return Self::Json;
        }
        let markdown = text.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with('#') || l.starts_with('|')
        });
        if markdown {
            Self::Markdown
        } else {
            Self::Csv
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }

    /// The media type for a download.
    pub fn mime_type(self) -> &'static str {
        match self {
            Self::Markdown => "text/markdown;charset=utf-8",
            Self::Csv => "text/csv;charset=utf-8",
            Self::Json => "application/json",
        }
    }
}

/// Why nothing could be imported.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("found no checklist table: expected `##` headings with tables that have an ID or NAME column")]
    NoTables,
    #[error("the header row (line {line}) has no ID or NAME column; it has: {}", found.join(", "))]
    MissingColumns { line: usize, found: Vec<String> },
    #[error("CSV is not readable at line {line}: {message}")]
    Csv { line: usize, message: String },
    #[error("not a checklist in JSON at line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
}

/// Something imported in a way the user should check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportWarning {
    /// 1-based line of the source (the row, heading or header), if known.
    pub line: Option<usize>,
    pub kind: WarningKind,
}

impl fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.kind),
            None => write!(f, "{}", self.kind),
        }
    }
}

/// What an [`ImportWarning`] is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Error)]
pub enum WarningKind {
    #[error("no timeframe recognised in {heading:?}; its offset is set to 0 days, edit it before importing")]
    UnrecognisedTimeframe { heading: String },
    #[error("heading {heading:?} has no table and no recognisable timeframe; skipped")]
    SkippedHeading { heading: String },
    #[error("table has no ID or NAME column (columns: {}); skipped", headers.join(", "))]
    TableWithoutItemColumns { headers: Vec<String> },
    #[error("table is not under a `##` heading; its items go to timeframe {timeframe:?}")]
    TableOutsideTimeframe { timeframe: String },
    #[error("columns {} are not known; their values are kept in the note", columns.join(", "))]
    ExtraColumns { columns: Vec<String> },
    #[error("no TIMEFRAME column; all items go to timeframe {timeframe:?}")]
    NoTimeframeColumn { timeframe: String },
    #[error("empty row skipped")]
    EmptyRow,
    #[error("item {code:?} has no name")]
    MissingName { code: String },
    #[error("status {value:?} is not known; set to To do")]
    UnknownStatus { value: String },
    #[error("due date {value:?} is not a date like 2026-03-31; ignored")]
    BadDueDate { value: String },
    #[error("gates value {value:?} is not yes or no; read as no")]
    BadGates { value: String },
    #[error("offset {value:?} is not a whole number of days")]
    BadOffset { value: String },
    #[error("link {value:?} is not an http, https or mailto URL; it will not be clickable")]
    UnsafeLink { value: String },
    #[error("code {code:?} is used more than once")]
    DuplicateCode { code: String },
    #[error("the row of item {code:?} went on in line {continued}; the two lines were joined into one row")]
    RowContinued { code: String, continued: usize },
    #[error("skipped {count} {what}")]
    Skipped { what: String, count: usize },
    #[error("{count} site-relative links resolved against {base}")]
    LinksResolved { count: usize, base: String },
    #[error("{} relative links stay text, not links (no base URL, or a Liquid variable such as {{{{site.version}}}} in them): {}", links.len(), links.join(", "))]
    UnresolvedLinks { links: Vec<String> },
    #[error(
        "item {code:?} points at timeframe {index}, which does not exist; moved to {timeframe:?}"
    )]
    TimeframeOutOfRange {
        code: String,
        index: usize,
        timeframe: String,
    },
}

/// What an import found, for the preview's summary line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    /// Timeframes found.
    pub timeframes: usize,
    /// Items found.
    pub items: usize,
    /// Items per timeframe, in timeframe order.
    pub items_per_timeframe: Vec<usize>,
    /// Items with `gates_promotion` set.
    pub gating: usize,
    /// Warnings to review.
    pub warnings: usize,
}

/// A parsed import, shown to the user before it is accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// The parsed checklist; its id is replaced on [`ImportPreview::accept`].
    /// The UI may edit it (timeframe offsets, name) before accepting.
    pub checklist: Checklist,
    /// The format the text was read as.
    pub format: ImportFormat,
    /// Row-level findings, ordered by line.
    pub warnings: Vec<ImportWarning>,
}

impl ImportPreview {
    /// Counts over the (possibly edited) checklist.
    pub fn counts(&self) -> ImportCounts {
        let c = &self.checklist;
        ImportCounts {
            timeframes: c.timeframes.len(),
            items: c.items.len(),
            items_per_timeframe: (0..c.timeframes.len())
                .map(|t| c.items.iter().filter(|i| i.timeframe == t).count())
                .collect(),
            gating: c.items.iter().filter(|i| i.gates_promotion).count(),
            warnings: self.warnings.len(),
        }
    }

    /// Adds the checklist to the workspace under a fresh id and returns it.
    pub fn accept(self, ws: &mut Workspace) -> String {
        ops::create_checklist(ws, "", ops::Source::Imported(self.checklist))
    }
}

/// Parses `text` in `format`. `fallback_name` names the checklist when the
/// text does not (CSV never does; Markdown does with a `#` heading).
pub fn import_checklist(
    text: &str,
    format: ImportFormat,
    fallback_name: &str,
) -> Result<ImportPreview, ImportError> {
    match format {
        ImportFormat::Markdown => import_markdown(text, fallback_name),
        ImportFormat::Csv => import_csv(text, fallback_name),
        ImportFormat::Json => import_json(text),
    }
}

/// Reads our JSON form. Text is taken as is; only items pointing at a
/// missing timeframe are repaired, with a warning.
pub fn import_json(text: &str) -> Result<ImportPreview, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let mut checklist: Checklist = serde_json::from_str(text).map_err(|e| ImportError::Json {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let mut warnings = Vec::new();
    for (index, code) in checklist.repair_timeframes() {
        let timeframe = checklist
            .timeframes
            .last()
            .map(|t| t.name.clone())
            .unwrap_or_default();
        warnings.push(ImportWarning {
            line: None,
            kind: WarningKind::TimeframeOutOfRange {
                code,
                index,
                timeframe,
            },
        });
    }
    Ok(ImportPreview {
        checklist,
        format: ImportFormat::Json,
        warnings,
    })
}

/// Our JSON form, pretty-printed.
pub fn export_json(checklist: &Checklist) -> String {
    // Plain data with string keys always serializes.
    serde_json::to_string_pretty(checklist).unwrap_or_default()
}

/// A UTF-8 byte order mark: spreadsheet programs (Excel above all) read a
/// CSV file as UTF-8 only when it starts with one. Every importer here
/// skips it.
pub const SPREADSHEET_BOM: char = '\u{feff}';

/// The text of a downloaded export in `format`: [`export_markdown`],
/// [`export_csv`] (with [`SPREADSHEET_BOM`] in front, so accents and
/// symbols survive a spreadsheet) or [`export_json`].
pub fn export_file(checklist: &Checklist, format: ImportFormat) -> String {
    match format {
        ImportFormat::Markdown => super::export_markdown(checklist),
        ImportFormat::Csv => format!("{SPREADSHEET_BOM}{}", super::export_csv(checklist)),
        ImportFormat::Json => export_json(checklist),
    }
}

/// The name an import gets when the text has none.
pub(crate) fn fallback(name: &str) -> String {
    let name = normalize_line(name);
    if name.is_empty() {
        "Imported checklist".to_owned()
    } else {
        name
    }
}

/// The timeframes of a checklist with their items, for the exports. Items
/// pointing at a missing timeframe are gathered under a trailing
/// "Unscheduled" group rather than dropped.
pub(crate) fn groups(c: &Checklist) -> Vec<(Timeframe, Vec<&Item>)> {
    let mut out: Vec<(Timeframe, Vec<&Item>)> = c
        .timeframes
        .iter()
        .map(|t| (t.clone(), Vec::new()))
        .collect();
    let mut dangling = Vec::new();
    for item in &c.items {
        match out.get_mut(item.timeframe) {
            Some((_, items)) => items.push(item),
            None => dangling.push(item),
        }
    }
    if !dangling.is_empty() {
        out.push((Timeframe::new("Unscheduled", 0), dangling));
    }
    out
}

mod offsets;
mod rows;

pub use offsets::infer_offset;
pub(crate) use offsets::{parse_go_live_line, parse_offset_line};
pub(crate) use rows::*;

#[cfg(test)]
mod tests;
