//! The .env line editor.
//!
//! A .env file is a list of lines, so it is edited as one: an assignment
//! (`KEY=value`, `export KEY=value`, a quoted value over several lines) is
//! found with a small scanner that follows [`crate::formats::env`]'s
//! grammar, and every edit touches only the lines of the keys it changes.
//!
//! - **Modified**: only the value is rewritten; `export`, the spacing
//!   around `=` and a trailing `# comment` stay. The value keeps its old
//!   quotes when they still hold it exactly, else it takes the first form
//!   that does ([`crate::formats::env`]'s writer).
//! - **Added**: a new `KEY=value` line right after the lines of the key
//!   before it (or before the first assignment), with that neighbour's
//!   indentation and `export` prefix.
//! - **Removed**: the key's lines go, and so do the comment lines right
//!   above it, unless another assignment follows it directly: a comment
//!   above several keys in a row heads the group and stays (the rule of
//!   `files::comments`, which the YAML and JSONC editors follow too).
//!
//! Cannot place (reported, never guessed): nested paths (a .env file is
//! flat), values that are not text (numbers, booleans, null, lists and
//! objects would not read back as the same value), text no .env quoting
//! holds, and keys assigned more than once (the first position and last
//! value are two places).

use super::reconcile::{Edit, Member};
use super::Unplaceable;
use crate::pointer;
use serde_json::Value;

/// One assignment: its lines and where its value is.
#[derive(Debug, Clone)]
struct Assignment {
    key: String,
    /// Byte range of the whole lines (newline included).
    lines: std::ops::Range<usize>,
    /// Byte range of the raw value (quotes included, spaces trimmed).
    value: std::ops::Range<usize>,
    /// Indentation and `export ` before the key.
    prefix: String,
}

fn key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// The assignments of `text`, in order.
fn scan(text: &str) -> Vec<Assignment> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let line = &text[at..line_end];
        let body = line.trim_start();
        let indent = line.len() - body.len();
        let rest = body
            .strip_prefix("export")
            .filter(|r| r.starts_with([' ', '\t']));
        let (prefix_len, after_export) = match rest {
            Some(r) => {
                let r2 = r.trim_start();
                (indent + (body.len() - r2.len()), r2)
            }
            None => (indent, body),
        };
        let key_len = after_export
            .find(|c: char| !key_char(c))
            .unwrap_or(after_export.len());
        let after_key = after_export[key_len..].trim_start_matches([' ', '\t']);
        let is_assignment =
            key_len > 0 && !body.starts_with('#') && after_key.starts_with(['=', ':']);
        if !is_assignment {
            at = line_end;
            continue;
        }
        let key = after_export[..key_len].to_owned();
        let value_from_rel = line.len() - after_key.len() + 1;
        let mut v_start = at + value_from_rel;
        while text[v_start..].starts_with([' ', '\t']) {
            v_start += 1;
        }
        let (v_end, end) = match text[v_start..].chars().next() {
            Some(q @ ('"' | '\'' | '`')) => {
                // The first quote not escaped by a backslash closes it.
                let mut i = v_start + 1;
                let bytes = text.as_bytes();
                while i < text.len() && bytes[i] != q as u8 {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let close = (i + 1).min(text.len());
                let end = text[close..]
                    .find('\n')
                    .map_or(text.len(), |j| close + j + 1);
                (close, end)
            }
            _ => {
                let line_rest = &text[v_start..line_end];
                let stop = line_rest
                    .find(" #")
                    .or_else(|| line_rest.find("\t#"))
                    .unwrap_or(line_rest.trim_end_matches(['\n', '\r']).len());
                let raw = line_rest[..stop].trim_end();
                (v_start + raw.len(), line_end)
            }
        };
        out.push(Assignment {
            key,
            lines: at..end,
            value: v_start..v_end,
            prefix: line[..prefix_len].to_owned(),
        });
        at = end.max(line_end);
    }
    out
}

/// A text edit: replace this byte range with this text.
type Splice = (std::ops::Range<usize>, String);

/// Applies `edit` (from the root) to `.env` text.
pub(crate) fn edit(text: &str, edit: &Edit) -> Result<String, Vec<Unplaceable>> {
    let Edit::Object(members) = edit else {
        return Err(vec![Unplaceable::new(
            "",
            ".env holds one flat list of variables",
        )]);
    };
    let found = scan(text);
    let mut problems = Vec::new();
    let mut splices: Vec<Splice> = Vec::new();
    let one = |key: &str| -> Result<&Assignment, String> {
        let all: Vec<&Assignment> = found.iter().filter(|a| a.key == key).collect();
        match all.as_slice() {
            [a] => Ok(a),
            [] => Err("the variable's line was not found".to_owned()),
            _ => Err(format!(
                "{key} is assigned {} times in this file; edit it by hand",
                all.len()
            )),
        }
    };
    // Inserted lines, by the byte where they go, in order.
    let mut inserts: Vec<(usize, String)> = Vec::new();
    let mut last_insert: std::collections::HashMap<String, usize> = Default::default();
    for m in members {
        let path = |k: &str| format!("/{}", pointer::escape(k));
        match m {
            Member::Remove(k) => match one(k) {
                Ok(a) => splices.push(removal(text, &found, a)),
                Err(r) => problems.push(Unplaceable::new(path(k), r)),
            },
            Member::Edit(k, Edit::Replace(v)) => match (one(k), v) {
                (Ok(a), Value::String(s)) => match value_for(k, s, &text[a.value.clone()]) {
                    Ok(t) => splices.push((a.value.clone(), t)),
                    Err(r) => problems.push(Unplaceable::new(path(k), r)),
                },
                (Ok(_), _) => problems.push(not_text(&path(k), v)),
                (Err(r), _) => problems.push(Unplaceable::new(path(k), r)),
            },
            Member::Edit(k, _) => problems.push(not_text(&path(k), &Value::Null)),
            Member::Insert { after, key, value } => {
                let Value::String(s) = value else {
                    problems.push(not_text(&path(key), value));
                    continue;
                };
                if !crate::formats::env::valid_key(key) {
                    problems.push(Unplaceable::new(
                        path(key),
                        "not a valid .env variable name (letters, digits, '_', '.' and '-')",
                    ));
                    continue;
                }
                let (at, prefix) = match after {
                    Some(a) if last_insert.contains_key(a) => {
                        (last_insert[a], found_prefix(&found, a))
                    }
                    Some(a) => match one(a) {
                        Ok(n) => (n.lines.end, n.prefix.clone()),
                        Err(r) => {
                            problems.push(Unplaceable::new(path(key), r));
                            continue;
                        }
                    },
                    None => (first_position(text, &found), found_prefix(&found, "")),
                };
                match crate::formats::env::value_text(key, s, &path(key)) {
                    Ok(v) => {
                        // A last line without a newline gets one first.
                        let lead = if at == text.len() && !text.is_empty() && !text.ends_with('\n')
                        {
                            "\n"
                        } else {
                            ""
                        };
                        inserts.push((at, format!("{lead}{prefix}{key}={v}\n")));
                        last_insert.insert(key.clone(), at);
                    }
                    Err(e) => problems.push(Unplaceable::new(path(key), e.to_string())),
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let crlf = super::uses_crlf(text);
    for (at, t) in inserts {
        // New lines end the way the file's lines do.
        splices.push((at..at, if crlf { super::to_crlf(&t) } else { t }));
    }
    Ok(splice(text, splices))
}

fn not_text(path: &str, v: &Value) -> Unplaceable {
    let what = match v {
        Value::Null => "null or a nested value",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
        Value::String(_) => "text",
    };
    Unplaceable::new(
        path,
        format!(
            ".env values are text; this one would be {what}, which would not read back as it is"
        ),
    )
}

fn found_prefix(found: &[Assignment], key: &str) -> String {
    found
        .iter()
        .find(|a| a.key == key)
        .or(found.first())
        .map(|a| a.prefix.clone())
        .unwrap_or_default()
}

/// Before the first assignment and the comment lines right above it.
fn first_position(text: &str, found: &[Assignment]) -> usize {
    let Some(first) = found.first() else {
        return text.len();
    };
    comments_above(text, first.lines.start)
}

/// The start of the run of comment lines that ends right at `line_start`.
fn comments_above(text: &str, line_start: usize) -> usize {
    let mut start = line_start;
    while start > 0 {
        let prev_start = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        if !text[prev_start..start].trim_start().starts_with('#') {
            break;
        }
        start = prev_start;
    }
    start
}

/// The bytes to delete for a removed assignment (see the module docs).
fn removal(text: &str, found: &[Assignment], a: &Assignment) -> Splice {
    let next_line = &text[a.lines.end..];
    let next_is_assignment = found.iter().any(|b| b.lines.start == a.lines.end);
    let prev_is_assignment = found.iter().any(|b| b.lines.end == a.lines.start);
    let mut start = a.lines.start;
    let mut end = a.lines.end;
    // A comment above a run of assignments heads the group and stays.
    if !next_is_assignment {
        start = comments_above(text, start);
    }
    if !next_is_assignment && !prev_is_assignment {
        // One blank line after a lone paragraph goes with it.
        let blank_after = next_line
            .split_inclusive('\n')
            .next()
            .filter(|l| l.trim().is_empty());
        if let Some(l) = blank_after {
            if start == 0 || text[..start].ends_with("\n\n") {
                end += l.len();
            }
        } else if end >= text.len() && text[..start].ends_with("\n\n") {
            // The last paragraph goes with the blank line before it.
            start -= 1;
        }
    }
    (start..end, String::new())
}

/// The text after `KEY=` for `s`: the old quoting when it still holds `s`
/// exactly, else the writer's first form that does.
fn value_for(key: &str, s: &str, old_raw: &str) -> Result<String, String> {
    let path = format!("/{}", pointer::escape(key));
    if let Some(q @ ('"' | '\'' | '`')) = old_raw.chars().next() {
        let body = if q == '"' {
            s.replace('\n', "\\n").replace('\r', "\\r")
        } else {
            s.to_owned()
        };
        let candidate = format!("{q}{body}{q}");
        let line = format!("{key}={candidate}\n");
        let back = crate::formats::parse(&line, crate::formats::Format::Env).ok();
        if back
            .as_ref()
            .and_then(|v| v.get(key))
            .and_then(Value::as_str)
            == Some(s)
        {
            return Ok(candidate);
        }
    }
    crate::formats::env::value_text(key, s, &path).map_err(|e| e.to_string())
}

/// Applies non-overlapping splices.
pub(crate) fn splice(text: &str, mut splices: Vec<Splice>) -> String {
    // Insertions at one byte keep their order; deletions sort by start.
    splices.sort_by_key(|(r, _)| (r.start, r.end != r.start));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, t) in splices {
        if r.start < at {
            // An insertion inside a deleted range goes where the range was.
            if r.is_empty() {
                out.push_str(&t);
            }
            continue;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(&t);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(text: &str, e: Edit) -> String {
        edit(text, &e).unwrap_or_else(|u| format!("{u:?}"))
    }

    #[test]
    fn edits_only_the_lines_it_changes() {
        let text =
            "# db\nDB_HOST=localhost # local\nexport DB_PORT = '5432'\n\n# cache\nCACHE=on\n";
        let e = Edit::Object(vec![
            Member::Remove("CACHE".into()),
            Member::Edit("DB_HOST".into(), Edit::Replace(json!("db.internal"))),
            Member::Edit("DB_PORT".into(), Edit::Replace(json!("6432"))),
            Member::Insert {
                after: Some("DB_PORT".into()),
                key: "DB_USER".into(),
                value: json!("app user"),
            },
        ]);
        assert_eq!(
            run(text, e),
            "# db\nDB_HOST=db.internal # local\nexport DB_PORT = '6432'\nexport DB_USER=\"app user\"\n"
        );
    }
}
