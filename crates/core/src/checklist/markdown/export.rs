//! Writing a checklist as Markdown that the importer reads back: one
//! heading per timeframe, one table per group, every cell escaped so that
//! its text survives the round trip.

use super::*;

/// A column written only when `used` holds for some item.
pub(super) type OptionalColumn = (Column, &'static str, fn(&Item) -> bool);

/// Writes a checklist as Markdown that [`import_markdown`] reads back.
pub fn export_markdown(checklist: &Checklist) -> String {
    let mut out = String::new();
    out.push_str(&format!("# {}\n\n", escape_heading(&checklist.name)));
    if let Some(date) = checklist.go_live {
        out.push_str(&format!("Go-live: {date}\n\n"));
    }
    let optional: [OptionalColumn; 5] = [
        (Column::Owner, "OWNER", |i| !i.owner.is_empty()),
        (Column::Status, "STATUS", |i| i.status != Status::Todo),
        (Column::Due, "DUE", |i| i.due_override.is_some()),
        (Column::Link, "LINK", |i| !i.link.is_empty()),
        (Column::Gates, "GATES", |i| i.gates_promotion),
    ];
    let mut cols: Vec<(Column, &str)> = vec![
        (Column::Code, "ID"),
        (Column::Category, "CATEGORY"),
        (Column::Name, "NAME"),
        (Column::Description, "DESCRIPTION"),
        (Column::Note, "NOTE"),
    ];
    for (column, header, used) in optional {
        if checklist.items.iter().any(used) {
            cols.push((column, header));
        }
    }
    for (timeframe, items) in groups(checklist) {
        out.push_str(&format!("## {}\n\n", escape_heading(&timeframe.name)));
        out.push_str(&format!(
            "Offset from go-live: {} days.\n\n",
            timeframe.offset_days
        ));
        if items.is_empty() {
            continue;
        }
        let headers: Vec<&str> = cols.iter().map(|(_, h)| *h).collect();
        out.push_str(&format!("| {} |\n", headers.join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(cols.len())));
        for item in items {
            let cells: Vec<String> = cols
                .iter()
                .map(|(column, _)| escape_cell(&cell_text(item, column)))
                .collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        out.push('\n');
    }
    out
}

/// The text of one field, as the exports write it.
pub(crate) fn cell_text(item: &Item, column: &Column) -> String {
    match column {
        Column::Code => item.code.clone(),
        Column::Category => item.category.clone(),
        Column::Name => item.name.clone(),
        Column::Description => item.description.clone(),
        Column::Note => item.note.clone(),
        Column::Owner => item.owner.clone(),
        Column::Status => item.status.label().to_owned(),
        Column::Due => item.due_override.map(|d| d.to_string()).unwrap_or_default(),
        Column::Link => item.link.clone(),
        Column::Gates => if item.gates_promotion { "yes" } else { "" }.to_owned(),
        Column::Timeframe | Column::Offset | Column::Extra(_) => String::new(),
    }
}

/// Characters that start Markdown (or GitHub) inline syntax, and `|`, which
/// ends a table cell.
pub(super) fn needs_escape(c: char) -> bool {
    matches!(
        c,
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '$'
    )
}

pub(super) fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        if needs_escape(c) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Like [`escape_text`], but writes simple inline code (`like this`) as a
/// code span, so the export still reads as Markdown on GitHub. The import
/// keeps code spans with their backticks, so the text comes back the same.
pub(super) fn escape_text_keeping_code(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        escape_text(&rest[..open], out);
        let after = &rest[open + 1..];
        match after.find('`') {
            // A backtick right after the closing one would lengthen the
            // closing run, and a span only closes on a run of equal length.
            Some(close)
                if is_plain_code(&after[..close]) && !after[close + 1..].starts_with('`') =>
            {
                out.push('`');
                // Inside a code span only the table's `\|` is an escape.
                out.push_str(&after[..close].replace('|', "\\|"));
                out.push('`');
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str("\\`");
                rest = after;
            }
        }
    }
    escape_text(rest, out);
}

/// Code that survives a code span unchanged: not empty, no backslash (a
/// table would read `\|` as an escaped pipe) and no space at either end
/// (CommonMark strips one).
pub(super) fn is_plain_code(code: &str) -> bool {
    !code.is_empty() && !code.contains('\\') && code.trim() == code
}

pub(super) fn escape_heading(text: &str) -> String {
    let mut out = String::new();
    for c in normalize_line(text).chars() {
        if needs_escape(c) || c == '#' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One table cell: line breaks as `<br>`, Markdown links as links, the rest
/// escaped.
pub(super) fn escape_cell(text: &str) -> String {
    let mut out = String::new();
    let tokens = tokenize(text);
    for (i, token) in tokens.iter().enumerate() {
        match *token {
            Token::Text(t) | Token::BareUrl(t) => {
                escape_text_keeping_code(t, &mut out);
                // `!` right before a link would turn it into an image.
                let next_is_link = matches!(tokens.get(i + 1), Some(Token::MdLink { .. }));
                if next_is_link && out.ends_with('!') {
                    out.pop();
                    out.push_str("\\!");
                }
            }
            Token::Break => out.push_str("<br>"),
            Token::MdLink { label, href } => {
                out.push('[');
                escape_text(label, &mut out);
                out.push_str("](");
                for c in href.chars() {
                    if matches!(c, '|' | '&') {
                        out.push('\\');
                    }
                    out.push(c);
                }
                out.push(')');
            }
        }
    }
    out
}
