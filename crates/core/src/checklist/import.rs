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

/// A column of a Markdown table or CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Column {
    Code,
    Category,
    Name,
    Description,
    Note,
    Owner,
    Status,
    Due,
    Link,
    Gates,
    Timeframe,
    Offset,
    /// Unknown: kept in the note under this header.
    Extra(String),
}

/// The column headers our exports write, in order.
pub(crate) const HEADERS: [(Column, &str); 12] = [
    (Column::Timeframe, "TIMEFRAME"),
    (Column::Offset, "OFFSET"),
    (Column::Code, "ID"),
    (Column::Category, "CATEGORY"),
    (Column::Name, "NAME"),
    (Column::Description, "DESCRIPTION"),
    (Column::Note, "NOTE"),
    (Column::Owner, "OWNER"),
    (Column::Status, "STATUS"),
    (Column::Due, "DUE"),
    (Column::Link, "LINK"),
    (Column::Gates, "GATES"),
];

/// Maps headers to columns. A repeated column and, unless
/// `with_timeframe`, TIMEFRAME and OFFSET are extras.
pub(crate) fn columns(headers: &[String], with_timeframe: bool) -> Vec<Column> {
    let mut out: Vec<Column> = Vec::new();
    for (n, header) in headers.iter().enumerate() {
        // An unnamed column still needs a label for its note lines.
        let label = if header.trim().is_empty() {
            format!("Column {}", n + 1)
        } else {
            header.trim().to_owned()
        };
        let key: String = header
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        let column = match key.as_str() {
            "id" | "code" | "ref" | "reference" | "key" => Column::Code,
            "category" | "cat" | "area" | "group" => Column::Category,
            "name" | "title" | "item" | "task" | "summary" => Column::Name,
            "description" | "desc" | "details" | "detail" => Column::Description,
            "note" | "notes" | "comment" | "comments" | "remarks" => Column::Note,
            "owner" | "assignee" | "responsible" | "who" => Column::Owner,
            "status" | "state" => Column::Status,
            "due" | "duedate" | "deadline" | "date" => Column::Due,
            "link" | "url" | "links" => Column::Link,
            "gates" | "gate" | "gatespromotion" | "gating" => Column::Gates,
            "timeframe" | "phase" | "period" | "when" if with_timeframe => Column::Timeframe,
            "offset" | "offsetdays" | "days" if with_timeframe => Column::Offset,
            _ => Column::Extra(label.clone()),
        };
        let column = if !matches!(column, Column::Extra(_)) && out.contains(&column) {
            Column::Extra(label)
        } else {
            column
        };
        out.push(column);
    }
    out
}

/// True when the columns can describe items at all.
pub(crate) fn has_item_columns(columns: &[Column]) -> bool {
    columns
        .iter()
        .any(|c| matches!(c, Column::Code | Column::Name))
}

/// The names of the extra columns, for the one warning per table.
pub(crate) fn extra_names(columns: &[Column]) -> Vec<String> {
    columns
        .iter()
        .filter_map(|c| match c {
            Column::Extra(name) => Some(name.clone()),
            _ => None,
        })
        .collect()
}

/// The cell of `column` in a row, normalized; missing cells are empty.
pub(crate) fn cell<'a>(columns: &[Column], cells: &'a [String], column: &Column) -> &'a str {
    columns
        .iter()
        .position(|c| c == column)
        .and_then(|i| cells.get(i))
        .map_or("", String::as_str)
}

/// Builds an item from one row of normalized cells; `None` when the row
/// has nothing that makes an item (no code, name, text or extra value).
pub(crate) fn item_from_row(
    columns: &[Column],
    cells: &[String],
    timeframe: usize,
    line: usize,
    warnings: &mut Vec<ImportWarning>,
) -> Option<Item> {
    let get = |c: &Column| cell(columns, cells, c).to_owned();
    let extras: Vec<String> = columns
        .iter()
        .zip(cells)
        .filter_map(|(c, v)| match c {
            Column::Extra(name) if !v.is_empty() => Some(format!("{name}: {v}")),
            _ => None,
        })
        .collect();
    let mut item = Item {
        code: get(&Column::Code),
        category: get(&Column::Category),
        name: get(&Column::Name),
        description: get(&Column::Description),
        note: get(&Column::Note),
        owner: get(&Column::Owner),
        link: link_target(cell(columns, cells, &Column::Link)),
        timeframe,
        ..Item::default()
    };
    let substance = [
        &item.code,
        &item.category,
        &item.name,
        &item.description,
        &item.note,
        &item.owner,
        &item.link,
    ]
    .iter()
    .any(|s| !s.is_empty());
    if !substance && extras.is_empty() {
        return None;
    }
    let mut warn = |kind| {
        warnings.push(ImportWarning {
            line: Some(line),
            kind,
        })
    };
    if !extras.is_empty() {
        if !item.note.is_empty() {
            item.note.push('\n');
        }
        item.note.push_str(&extras.join("\n"));
    }
    if item.name.is_empty() {
        warn(WarningKind::MissingName {
            code: item.code.clone(),
        });
    }
    let status = cell(columns, cells, &Column::Status);
    item.status = Status::parse_lenient(status).unwrap_or_else(|| {
        warn(WarningKind::UnknownStatus {
            value: status.to_owned(),
        });
        Status::Todo
    });
    let due = cell(columns, cells, &Column::Due);
    if !due.is_empty() {
        match due.parse::<Date>() {
            Ok(date) => item.due_override = Some(date),
            Err(_) => warn(WarningKind::BadDueDate {
                value: due.to_owned(),
            }),
        }
    }
    let gates = cell(columns, cells, &Column::Gates);
    item.gates_promotion = parse_yes_no(gates).unwrap_or_else(|| {
        warn(WarningKind::BadGates {
            value: gates.to_owned(),
        });
        false
    });
    if !item.link.is_empty() && !is_safe_href(&item.link) {
        warn(WarningKind::UnsafeLink {
            value: item.link.clone(),
        });
    }
    Some(item)
}

/// Adds a warning for every code used before, at the later line.
pub(crate) fn warn_duplicate_codes(
    items: &[Item],
    lines: &[usize],
    warnings: &mut Vec<ImportWarning>,
) {
    let mut seen: HashMap<&str, ()> = HashMap::new();
    for (item, line) in items.iter().zip(lines) {
        if item.code.is_empty() {
            continue;
        }
        if seen.insert(item.code.as_str(), ()).is_some() {
            warnings.push(ImportWarning {
                line: Some(*line),
                kind: WarningKind::DuplicateCode {
                    code: item.code.clone(),
                },
            });
        }
    }
}

/// Sorts warnings by line, keeping the order of warnings on one line.
pub(crate) fn sort_warnings(warnings: &mut [ImportWarning]) {
    warnings.sort_by_key(|w| w.line.unwrap_or(0));
}

fn parse_yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "" | "no" | "n" | "false" | "0" | "-" => Some(false),
        "yes" | "y" | "true" | "1" | "x" | "✓" | "✔" | "gates" => Some(true),
        _ => None,
    }
}

/// The offset in days that a timeframe heading describes, if any.
///
/// Understands a number (digits or English words up to ninety-nine, or
/// "a"/"one"/"the") with a unit (day, week, fortnight, month = 30 days) and
/// a direction ("before", "prior", "ahead", "out" are negative; "after",
/// "following" positive), e.g. "Eight weeks before go-live" (-56),
/// "3 weeks before launch" (-21), "The day after" (1); `T-14` and `D+2`;
/// and the day itself ("Go-live day", "Launch day", "Cutover day", "Day
/// of release").
pub fn infer_offset(heading: &str) -> Option<i32> {
    let lower = heading.to_lowercase();
    if let Some(days) = t_minus(&lower) {
        return Some(days);
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        let Some(unit) = unit_days(word) else {
            continue;
        };
        let amount = match i.checked_sub(1) {
            Some(p) => match number_word(words[p]) {
                Number::Value(n) => {
                    // "twenty one", "twenty-one": a tens word before the unit.
                    let tens = p.checked_sub(1).and_then(|q| match number_word(words[q]) {
                        Number::Value(t) if t >= 20 && t % 10 == 0 && n < 10 => Some(t),
                        _ => None,
                    });
                    tens.unwrap_or(0) + n
                }
                Number::TooLarge => return None,
                Number::Word => 1,
            },
            None => 1,
        };
        let direction = words[i + 1..].iter().find_map(|w| match *w {
            "before" | "prior" | "ahead" | "out" | "pre" | "earlier" => Some(-1),
            "after" | "following" | "post" | "later" => Some(1),
            _ => None,
        });
        // Without a direction the unit is not a countdown ("Go-live day").
        if let Some(direction) = direction {
            return amount.checked_mul(unit)?.checked_mul(direction);
        }
        break;
    }
    let anchor = [
        "golive", "live", "launch", "cutover", "release", "d", "switch",
    ];
    let is_day_zero = words.contains(&"day") && words.iter().any(|w| anchor.contains(w));
    let bare = matches!(
        words.as_slice(),
        ["go", "live"] | ["golive"] | ["launch"] | ["cutover"]
    );
    (is_day_zero || bare).then_some(0)
}

fn unit_days(word: &str) -> Option<i32> {
    match word {
        "day" | "days" => Some(1),
        "week" | "weeks" | "wk" | "wks" => Some(7),
        "fortnight" | "fortnights" => Some(14),
        "month" | "months" => Some(30),
        _ => None,
    }
}

enum Number {
    Value(i32),
    TooLarge,
    /// Not a number at all.
    Word,
}

fn number_word(word: &str) -> Number {
    if word.bytes().all(|b| b.is_ascii_digit()) {
        return word.parse().map_or(Number::TooLarge, Number::Value);
    }
    const SMALL: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if matches!(word, "a" | "an" | "the") {
        return Number::Value(1);
    }
    let small = SMALL.iter().position(|w| *w == word);
    let tens = TENS.iter().position(|w| *w == word).map(|n| n * 10 + 20);
    match small.or(tens).and_then(|n| i32::try_from(n).ok()) {
        Some(n) => Number::Value(n),
        None => Number::Word,
    }
}

/// `t-14`, `d-7`, `t+2`: the military-style countdown.
fn t_minus(lower: &str) -> Option<i32> {
    let bytes = lower.as_bytes();
    for i in 0..bytes.len() {
        if !matches!(bytes[i], b't' | b'd') {
            continue;
        }
        if i > 0 && bytes[i - 1].is_ascii_alphanumeric() {
            continue;
        }
        let sign = match bytes.get(i + 1) {
            Some(b'-') => -1,
            Some(b'+') => 1,
            _ => continue,
        };
        let digits: String = lower[i + 2..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if digits.is_empty() {
            continue;
        }
        return digits.parse::<i32>().ok()?.checked_mul(sign);
    }
    None
}

/// `Offset from go-live: -56 days.` (our export) or `Offset: -56`.
pub(crate) fn parse_offset_line(line: &str) -> Option<i32> {
    let lower = line.trim().to_lowercase();
    let rest = lower
        .strip_prefix("offset from go-live:")
        .or_else(|| lower.strip_prefix("offset:"))?;
    let rest = rest.trim().trim_end_matches('.');
    let rest = rest
        .strip_suffix("days")
        .or_else(|| rest.strip_suffix("day"))
        .unwrap_or(rest)
        .trim();
    rest.strip_prefix('+').unwrap_or(rest).parse().ok()
}

/// `Go-live: 2026-03-31` (our export), also `Go-live date:` and `Go live:`.
pub(crate) fn parse_go_live_line(line: &str) -> Option<Date> {
    let lower = line.trim().to_lowercase();
    let rest = ["go-live date:", "go-live:", "go live date:", "go live:"]
        .iter()
        .find_map(|p| lower.strip_prefix(p))?;
    rest.trim().trim_end_matches('.').parse().ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn offsets_from_headings() {
        for (heading, want) in [
            ("Eight weeks before go-live", Some(-56)),
            ("3 weeks before launch", Some(-21)),
            ("Six weeks before launch", Some(-42)),
            ("One week before", Some(-7)),
            ("10 days before", Some(-10)),
            ("Go-live day", Some(0)),
            ("Launch day", Some(0)),
            ("Day of release", Some(0)),
            ("Go live", Some(0)),
            ("The day before launch", Some(-1)),
            ("Two days after go-live", Some(2)),
            ("Twenty-one days before", Some(-21)),
            ("A fortnight before", Some(-14)),
            ("1 month before", Some(-30)),
            ("T-14", Some(-14)),
            ("Launch (D+3)", Some(3)),
            ("Notes", None),
            ("After launch", None),
            ("Weeks", None),
            ("99999999999 days before", None),
            ("2147483647 weeks before", None),
        ] {
            assert_eq!(infer_offset(heading), want, "{heading}");
        }
    }

    #[test]
    fn meta_lines() {
        assert_eq!(
            parse_offset_line("Offset from go-live: -56 days."),
            Some(-56)
        );
        assert_eq!(parse_offset_line("offset: +3"), Some(3));
        assert_eq!(parse_offset_line("offset: soon"), None);
        assert_eq!(
            parse_go_live_line("Go-live: 2024-02-29"),
            Some(jiff::civil::date(2024, 2, 29))
        );
        assert_eq!(parse_go_live_line("Go-live: 2023-02-29"), None);
    }

    #[test]
    fn column_matching() {
        let headers: Vec<String> = [
            "Id",
            " category ",
            "Task",
            "Notes",
            "Priority",
            "ID",
            "Offset",
            " ",
        ]
        .map(String::from)
        .to_vec();
        let cols = columns(&headers, false);
        assert_eq!(
            cols,
            [
                Column::Code,
                Column::Category,
                Column::Name,
                Column::Note,
                Column::Extra("Priority".into()),
                Column::Extra("ID".into()),
                Column::Extra("Offset".into()),
                Column::Extra("Column 8".into()),
            ]
        );
        assert_eq!(columns(&headers, true)[6], Column::Offset);
    }

    #[test]
    fn format_guesses() {
        assert_eq!(
            ImportFormat::from_file_name("a.MD"),
            Some(ImportFormat::Markdown)
        );
        assert_eq!(
            ImportFormat::from_file_name("a.csv"),
            Some(ImportFormat::Csv)
        );
        assert_eq!(ImportFormat::from_file_name("noext"), None);
        assert_eq!(
            ImportFormat::sniff("\u{feff} {\"name\":1}"),
            ImportFormat::Json
        );
        assert_eq!(ImportFormat::sniff("# x\n"), ImportFormat::Markdown);
        assert_eq!(ImportFormat::sniff("ID,NAME\n"), ImportFormat::Csv);
    }

    #[test]
    fn json_repairs_dangling_timeframes() {
        let text = r#"{"name":"x","timeframes":[{"name":"Day","offset_days":0}],
            "items":[{"code":"A","category":"c","name":"n","timeframe":4}]}"#;
        let p = import_json(text).unwrap();
        assert_eq!(p.checklist.items[0].timeframe, 0);
        assert!(matches!(
            p.warnings[0].kind,
            WarningKind::TimeframeOutOfRange { index: 4, .. }
        ));
        assert!(matches!(
            import_json("{\n\"name\": 3}"),
            Err(ImportError::Json { line: 2, .. })
        ));
        assert_eq!(import_json("  "), Err(ImportError::Empty));
    }
}
