//! Checklists as CSV, one item per row.
//!
//! ## Reading
//!
//! The first row is the header (columns: see [`super::import`]); the
//! separator is a comma, a semicolon or a tab, whichever the header line
//! uses most. TIMEFRAME names the item's timeframe and OFFSET its offset in
//! days; without OFFSET the offset is inferred from the name. Timeframes are
//! created in order of first appearance and keyed by name and offset;
//! items are grouped by timeframe, otherwise kept in file order. A row that
//! has a TIMEFRAME but no item fields declares an empty timeframe. Without
//! a TIMEFRAME column every item goes to one "Go-live day" timeframe.
//!
//! ## Writing
//!
//! [`export_csv`] writes every column, quoting fields that need it, with
//! `\r\n` between records (RFC 4180), so spreadsheets open it as is. A
//! cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
//! `@`, a tab or a carriage return, numbers aside) gets a leading `'`
//! ([`crate::csv_cell::guard`]), in every column: item codes and notes come
//! from other people's files.
//!
//! Reading drops that `'` again ([`crate::csv_cell::unguard`]: one leading
//! `'` before a trigger character or another `'`), so an export reads back
//! exactly. The same happens to a hand-written `'=…` cell, which is what a
//! spreadsheet would show for it too.

use super::import::{
    columns, fallback, groups, has_item_columns, infer_offset, item_from_row, sort_warnings,
    warn_duplicate_codes, Column, ImportError, ImportFormat, ImportPreview, ImportWarning,
    WarningKind, HEADERS,
};
use super::markdown::cell_text;
use super::text::{normalize, normalize_line};
use super::{Checklist, Timeframe};

/// Parses a CSV checklist into a preview named `fallback_name`.
pub fn import_csv(text: &str, fallback_name: &str) -> Result<ImportPreview, ImportError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(guess_delimiter(text))
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(record)) => record,
        Some(Err(e)) => return Err(csv_error(&e, 1)),
        None => return Err(ImportError::Empty),
    };
    let header_line = line_of(&header, 1);
    let headers: Vec<String> = header.iter().map(normalize_line).collect();
    let cols = columns(&headers, true);
    if !has_item_columns(&cols) {
        return Err(ImportError::MissingColumns {
            line: header_line,
            found: headers,
        });
    }

    let mut warnings = Vec::new();
    let extras = super::import::extra_names(&cols);
    if !extras.is_empty() {
        warnings.push(ImportWarning {
            line: Some(header_line),
            kind: WarningKind::ExtraColumns { columns: extras },
        });
    }
    let has_timeframe_column = cols.contains(&Column::Timeframe);
    let mut timeframes: Vec<Timeframe> = Vec::new();
    if !has_timeframe_column {
        let only = Timeframe::new("Go-live day", 0);
        warnings.push(ImportWarning {
            line: Some(header_line),
            kind: WarningKind::NoTimeframeColumn {
                timeframe: only.name.clone(),
            },
        });
        timeframes.push(only);
    }
    let mut items = Vec::new();
    let mut item_lines = Vec::new();
    let mut previous_line = header_line;
    for record in records {
        let record = record.map_err(|e| csv_error(&e, previous_line + 1))?;
        let line = line_of(&record, previous_line + 1);
        previous_line = line;
        let cells: Vec<String> = record
            .iter()
            .map(|c| normalize(crate::csv_cell::unguard(c)))
            .collect();
        let item = item_from_row(&cols, &cells, 0, line, &mut warnings);
        let declares = has_timeframe_column && !cell(&cols, &cells, &Column::Timeframe).is_empty();
        // Only rows that hold an item or name a timeframe create one, so a
        // stray blank row never adds an "Unscheduled" timeframe.
        let timeframe = if has_timeframe_column && (item.is_some() || declares) {
            timeframe_of(&cols, &cells, line, &mut timeframes, &mut warnings)
        } else {
            0
        };
        match item {
            Some(item) => {
                items.push(super::Item { timeframe, ..item });
                item_lines.push(line);
            }
            None if declares => {}
            None => warnings.push(ImportWarning {
                line: Some(line),
                kind: WarningKind::EmptyRow,
            }),
        }
    }
    warn_duplicate_codes(&items, &item_lines, &mut warnings);
    sort_warnings(&mut warnings);
    // A stable sort: rows of one timeframe keep their file order.
    items.sort_by_key(|i| i.timeframe);
    Ok(ImportPreview {
        checklist: Checklist {
            id: String::new(),
            name: fallback(fallback_name),
            go_live: None,
            timeframes,
            items,
        },
        format: ImportFormat::Csv,
        warnings,
    })
}

fn cell<'a>(cols: &[Column], cells: &'a [String], column: &Column) -> &'a str {
    super::import::cell(cols, cells, column)
}

/// Finds or creates the row's timeframe and returns its index.
fn timeframe_of(
    cols: &[Column],
    cells: &[String],
    line: usize,
    timeframes: &mut Vec<Timeframe>,
    warnings: &mut Vec<ImportWarning>,
) -> usize {
    let name = normalize_line(cell(cols, cells, &Column::Timeframe));
    let name = if name.is_empty() {
        "Unscheduled".to_owned()
    } else {
        name
    };
    let offset_text = cell(cols, cells, &Column::Offset);
    let explicit = if offset_text.is_empty() {
        None
    } else {
        let digits = offset_text.strip_prefix('+').unwrap_or(offset_text);
        let parsed = digits.parse::<i32>().ok();
        if parsed.is_none() {
            warnings.push(ImportWarning {
                line: Some(line),
                kind: WarningKind::BadOffset {
                    value: offset_text.to_owned(),
                },
            });
        }
        parsed
    };
    let inferred = infer_offset(&name);
    let offset = explicit.or(inferred).unwrap_or(0);
    if let Some(at) = timeframes
        .iter()
        .position(|t| t.name == name && t.offset_days == offset)
    {
        return at;
    }
    if explicit.is_none() && inferred.is_none() {
        warnings.push(ImportWarning {
            line: Some(line),
            kind: WarningKind::UnrecognisedTimeframe {
                heading: name.clone(),
            },
        });
    }
    timeframes.push(Timeframe::new(name, offset));
    timeframes.len() - 1
}

/// The separator the header line uses most; a comma when none.
fn guess_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.matches(c).count();
    [b';', b'\t']
        .into_iter()
        .filter(|&d| count(char::from(d)) > count(','))
        .max_by_key(|&d| count(char::from(d)))
        .unwrap_or(b',')
}

fn line_of(record: &::csv::StringRecord, fallback: usize) -> usize {
    record
        .position()
        .and_then(|p| usize::try_from(p.line()).ok())
        .unwrap_or(fallback)
}

fn csv_error(e: &::csv::Error, fallback: usize) -> ImportError {
    let line = e
        .position()
        .and_then(|p| usize::try_from(p.line()).ok())
        .unwrap_or(fallback);
    ImportError::Csv {
        line,
        message: e.to_string(),
    }
}

/// Writes a checklist as CSV that [`import_csv`] reads back.
pub fn export_csv(checklist: &Checklist) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut rows: Vec<Vec<String>> = vec![HEADERS.iter().map(|(_, h)| (*h).to_owned()).collect()];
    for (timeframe, items) in groups(checklist) {
        let frame = [timeframe.name.clone(), timeframe.offset_days.to_string()];
        if items.is_empty() {
            let mut row = frame.to_vec();
            row.resize(HEADERS.len(), String::new());
            rows.push(row);
        }
        for item in items {
            let mut row = frame.to_vec();
            row.extend(HEADERS[2..].iter().map(|(c, _)| cell_text(item, c)));
            rows.push(row);
        }
    }
    for row in rows {
        // Writing into a Vec cannot fail.
        let guarded = row.iter().map(|c| crate::csv_cell::guard(c));
        if writer
            .write_record(guarded.map(|c| c.into_owned()))
            .is_err()
        {
            break;
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_guess() {
        assert_eq!(guess_delimiter("ID;NAME;NOTE\n"), b';');
        assert_eq!(guess_delimiter("ID\tNAME\n"), b'\t');
        assert_eq!(guess_delimiter("ID,NAME;x\n"), b',');
        assert_eq!(guess_delimiter("NAME\n"), b',');
    }
}
