//! The rows of a Markdown table or CSV file: the shared column vocabulary,
//! headers mapped to columns, and one item read from a row with the
//! warnings it raises.

use super::*;

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

pub(super) fn parse_yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "" | "no" | "n" | "false" | "0" | "-" => Some(false),
        "yes" | "y" | "true" | "1" | "x" | "✓" | "✔" | "gates" => Some(true),
        _ => None,
    }
}
