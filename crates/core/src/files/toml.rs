//! TOML, read and edited with `toml_edit`.
//!
//! `toml_edit` (toml-rs, the crate behind `cargo add`; pure Rust, builds
//! for wasm32) keeps each key's and value's decoration (comments, spacing,
//! quoting, the order of tables in the file) and writes untouched parts
//! back as they were.
//!
//! ## Reading: exactly, or an error
//!
//! A TOML value becomes JSON as it is: strings, integers (all TOML
//! integers fit in an i64), floats, booleans, arrays, tables and arrays of
//! tables. What JSON cannot hold exactly is refused with its path and
//! line, never changed: dates and times (offset, local, date-only and
//! time-only: JSON has no such type, and a string would not write back as
//! one) and `nan` / `inf`. Key order is the order in which keys first
//! appear in the file.
//!
//! ## Writing
//!
//! - A modified value keeps its key, its comment and the spacing around
//!   it; a table keeps its header.
//! - An added key goes right after its neighbour in its table (keys after
//!   it are taken out and put back with their decoration). A new object
//!   becomes an inline table where its siblings are inline tables (as in
//!   Cargo's `[dependencies]`), else a `[table]`; a new list of objects
//!   becomes `[[array of tables]]` likewise.
//! - Arrays of tables are reordered by reusing the elements' places in the
//!   file, so a moved `[[bin]]` takes its comments along.
//!
//! - A removed key takes the comment lines above it: `toml_edit` keeps
//!   them in the key's own decoration (so a comment heading a group goes
//!   with the group's first key).
//!
//! Cannot place: `null` (TOML has none), integers above i64::MAX, and the
//! order of keys where TOML's own rule decides it (plain keys before
//! sub-tables): key order is therefore not compared for TOML (tables are
//! unordered in TOML).

mod tables;

use super::reconcile::{Edit, Member};
use super::steps::{array_steps, Insert};
use super::{FileError, Unplaceable};
use crate::pointer;
use serde_json::{Map, Number, Value};
use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value as T};

/// Reads TOML text (see the module docs).
pub(crate) fn parse(text: &str) -> Result<Value, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > crate::formats::MAX_INPUT_BYTES {
        return Err(FileError::at(text, 0, "the file is larger than 32 MiB"));
    }
    let doc = toml_edit::Document::parse(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        FileError::at(text, at, e.message().trim())
    })?;
    let mut path = String::new();
    table(doc.as_table(), &mut path, text)
}

fn table(t: &Table, path: &mut String, text: &str) -> Result<Value, FileError> {
    let mut out = Map::with_capacity(t.len());
    for (k, item) in t.iter() {
        let len = path.len();
        path.push('/');
        path.push_str(&pointer::escape(k));
        let v = match item {
            Item::None => None,
            Item::Value(v) => Some(value(v, path, text)?),
            Item::Table(t) => Some(table(t, path, text)?),
            Item::ArrayOfTables(a) => {
                let mut items = Vec::with_capacity(a.len());
                for (i, t) in a.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("/{i}"));
                    items.push(table(t, path, text)?);
                    path.truncate(len);
                }
                Some(Value::Array(items))
            }
        };
        path.truncate(len);
        if let Some(v) = v {
            out.insert(k.to_owned(), v);
        }
    }
    Ok(Value::Object(out))
}

fn value(v: &T, path: &mut String, text: &str) -> Result<Value, FileError> {
    let unsupported = |what: &str| {
        let at = v.span().map_or(0, |s| s.start);
        FileError::at(
            text,
            at,
            format!("the value at {path} is {what}, which JSON cannot hold exactly"),
        )
    };
    Ok(match v {
        T::String(s) => Value::String(s.value().clone()),
        T::Integer(i) => Value::from(*i.value()),
        T::Float(f) => Value::Number(
            Number::from_f64(*f.value()).ok_or_else(|| unsupported("nan or infinity"))?,
        ),
        T::Boolean(b) => Value::Bool(*b.value()),
        T::Datetime(_) => {
            return Err(unsupported(
                "a TOML date or time (quote it to keep it as text)",
            ))
        }
        T::Array(a) => {
            let mut items = Vec::with_capacity(a.len());
            for (i, v) in a.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("/{i}"));
                items.push(value(v, path, text)?);
                path.truncate(len);
            }
            Value::Array(items)
        }
        T::InlineTable(t) => {
            let mut out = Map::with_capacity(t.len());
            for (k, v) in t.iter() {
                let len = path.len();
                path.push('/');
                path.push_str(&pointer::escape(k));
                out.insert(k.to_owned(), value(v, path, text)?);
                path.truncate(len);
            }
            Value::Object(out)
        }
    })
}

// ---------------------------------------------------------------------------
// Writing

type Problems = Vec<Unplaceable>;

/// Applies `edit` (from the root) to TOML text.
pub(crate) fn edit(text: &str, edit: &Edit) -> Result<String, Problems> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        vec![Unplaceable::new(
            "",
            format!("the TOML text does not parse: {}", e.message()),
        )]
    })?;
    let mut problems = Vec::new();
    let mut path = String::new();
    match edit {
        Edit::Object(members) => table_edit(doc.as_table_mut(), members, &mut path, &mut problems),
        _ => problems.push(Unplaceable::new("", "a TOML document is always a table")),
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // toml_edit writes LF line ends; a CRLF file keeps its own.
    let out = doc.to_string();
    Ok(if super::uses_crlf(text) {
        super::to_crlf(&out)
    } else {
        out
    })
}

fn push(path: &mut String, token: &str) -> usize {
    let len = path.len();
    path.push('/');
    path.push_str(&pointer::escape(token));
    len
}

/// A new value as an inline TOML value.
fn inline(v: &Value, path: &str) -> Result<T, Unplaceable> {
    Ok(match v {
        Value::Null => return Err(Unplaceable::new(path, "TOML has no null")),
        Value::Bool(b) => T::from(*b),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => T::from(i),
            (None, _) if n.is_u64() => {
                return Err(Unplaceable::new(
                    path,
                    "TOML integers end at 9223372036854775807",
                ))
            }
            (None, Some(f)) => T::from(f),
            (None, None) => return Err(Unplaceable::new(path, "a number TOML cannot hold")),
        },
        Value::String(s) => T::from(s.as_str()),
        Value::Array(items) => {
            let mut a = toml_edit::Array::new();
            for (i, v) in items.iter().enumerate() {
                a.push(inline(v, &format!("{path}/{i}"))?);
            }
            T::Array(a)
        }
        Value::Object(m) => {
            let mut t = InlineTable::new();
            for (k, v) in m {
                t.insert(
                    k.as_str(),
                    inline(v, &format!("{path}/{}", pointer::escape(k)))?,
                );
            }
            T::InlineTable(t)
        }
    })
}

/// A new value in a `[table]`: objects become tables and lists of objects
/// arrays of tables, unless `inline_style`.
fn item(v: &Value, path: &str, inline_style: bool) -> Result<Item, Unplaceable> {
    match v {
        Value::Object(m) if !inline_style => {
            let mut t = Table::new();
            for (k, v) in m {
                t.insert(
                    k,
                    item(v, &format!("{path}/{}", pointer::escape(k)), false)?,
                );
            }
            Ok(Item::Table(t))
        }
        Value::Array(items)
            if !inline_style && !items.is_empty() && items.iter().all(Value::is_object) =>
        {
            let mut a = ArrayOfTables::new();
            for (i, v) in items.iter().enumerate() {
                if let Item::Table(t) = item(v, &format!("{path}/{i}"), false)? {
                    a.push(t);
                }
            }
            Ok(Item::ArrayOfTables(a))
        }
        _ => inline(v, path).map(Item::Value),
    }
}

/// Whether the table writes its objects inline (Cargo's dependencies).
fn uses_inline_tables(t: &Table) -> bool {
    t.iter()
        .any(|(_, i)| matches!(i, Item::Value(T::InlineTable(_))))
}

fn table_edit(t: &mut Table, members: &[Member], path: &mut String, problems: &mut Problems) {
    let inline_style = uses_inline_tables(t);
    for m in members {
        match m {
            Member::Remove(k) => {
                let len = push(path, k);
                if t.remove(k).is_none() {
                    problems.push(Unplaceable::new(path.as_str(), "the key was not found"));
                }
                path.truncate(len);
            }
            Member::Edit(k, e) => {
                let len = push(path, k);
                match t.get_mut(k) {
                    Some(i) => item_edit(i, e, path, problems, inline_style),
                    None => problems.push(Unplaceable::new(path.as_str(), "the key was not found")),
                }
                path.truncate(len);
            }
            Member::Insert { after, key, value } => {
                let len = push(path, key);
                match item(value, path, inline_style) {
                    Ok(new) => {
                        // Keys after the neighbour go out and back in, with
                        // their decoration, so the new key lands after it.
                        let keys: Vec<String> = t.iter().map(|(k, _)| k.to_owned()).collect();
                        let from = match after {
                            None => 0,
                            Some(a) => keys
                                .iter()
                                .position(|k| k == a)
                                .map_or(keys.len(), |p| p + 1),
                        };
                        let tail: Vec<_> = keys[from..]
                            .iter()
                            .filter_map(|k| t.remove_entry(k))
                            .collect();
                        t.insert(key, new);
                        for (k, i) in tail {
                            t.insert_formatted(&k, i);
                        }
                    }
                    Err(u) => problems.push(u),
                }
                path.truncate(len);
            }
        }
    }
}

fn inline_table_edit(
    t: &mut InlineTable,
    members: &[Member],
    path: &mut String,
    problems: &mut Problems,
) {
    for m in members {
        match m {
            Member::Remove(k) => {
                let len = push(path, k);
                if t.remove(k).is_none() {
                    problems.push(Unplaceable::new(path.as_str(), "the key was not found"));
                }
                path.truncate(len);
            }
            Member::Edit(k, e) => {
                let len = push(path, k);
                match t.get_mut(k) {
                    Some(v) => value_edit(v, e, path, problems),
                    None => problems.push(Unplaceable::new(path.as_str(), "the key was not found")),
                }
                path.truncate(len);
            }
            Member::Insert { after, key, value } => {
                let len = push(path, key);
                match inline(value, path) {
                    Ok(new) => {
                        let keys: Vec<String> = t.iter().map(|(k, _)| k.to_owned()).collect();
                        let from = match after {
                            None => 0,
                            Some(a) => keys
                                .iter()
                                .position(|k| k == a)
                                .map_or(keys.len(), |p| p + 1),
                        };
                        let tail: Vec<_> = keys[from..]
                            .iter()
                            .filter_map(|k| t.remove_entry(k))
                            .collect();
                        t.insert(key.as_str(), new);
                        for (k, v) in tail {
                            t.insert_formatted(&k, v);
                        }
                    }
                    Err(u) => problems.push(u),
                }
                path.truncate(len);
            }
        }
    }
}

/// Replaces a value, keeping the old one's comments and spacing.
fn replace_value(v: &mut T, new: &Value, path: &str, problems: &mut Problems) {
    match inline(new, path) {
        Ok(mut n) => {
            *n.decor_mut() = v.decor().clone();
            *v = n;
        }
        Err(u) => problems.push(u),
    }
}

fn item_edit(
    i: &mut Item,
    e: &Edit,
    path: &mut String,
    problems: &mut Problems,
    inline_style: bool,
) {
    match (i, e) {
        (Item::Value(v), e) => value_edit(v, e, path, problems),
        (Item::Table(t), Edit::Object(members)) => table_edit(t, members, path, problems),
        // An empty array of tables would write nothing at all.
        (i @ Item::ArrayOfTables(_), Edit::Array(items)) if items.is_empty() => {
            *i = Item::Value(T::Array(toml_edit::Array::new()));
        }
        (Item::ArrayOfTables(a), Edit::Array(items)) => tables::edit(a, items, path, problems),
        (i, Edit::Replace(new)) => match item(new, path, inline_style) {
            Ok(n) => *i = n,
            Err(u) => problems.push(u),
        },
        _ => problems.push(Unplaceable::new(
            path.as_str(),
            "the value in the text is not the kind of container expected",
        )),
    }
}

fn value_edit(v: &mut T, e: &Edit, path: &mut String, problems: &mut Problems) {
    match (v, e) {
        (v, Edit::Replace(new)) => replace_value(v, new, path, problems),
        (T::InlineTable(t), Edit::Object(members)) => inline_table_edit(t, members, path, problems),
        (T::Array(a), Edit::Array(items)) => {
            let steps = array_steps(items, a.len());
            for (i, e) in &steps.inner {
                let len = push(path, &i.to_string());
                match a.get_mut(*i) {
                    Some(v) => value_edit(v, e, path, problems),
                    None => {
                        problems.push(Unplaceable::new(path.as_str(), "the item was not found"))
                    }
                }
                path.truncate(len);
            }
            let mut taken = Vec::new();
            for &i in &steps.remove {
                if i < a.len() {
                    taken.push((i, a.remove(i)));
                }
            }
            for (pos, ins) in &steps.insert {
                let at = (*pos).min(a.len());
                match ins {
                    Insert::New(v) => match inline(v, &format!("{path}/{pos}")) {
                        Ok(mut n) => {
                            // Laid out like the element before it (on its
                            // own line in a multi-line array).
                            let like = at.checked_sub(1).and_then(|i| a.get(i));
                            let prefix = like
                                .and_then(|e| e.decor().prefix())
                                .and_then(|p| p.as_str())
                                .map(|p| match p.rfind('\n') {
                                    // Its line break and indentation, not
                                    // a comment of the element before.
                                    Some(i) => format!("\n{}", &p[i + 1..]),
                                    None => p.to_owned(),
                                })
                                // The first element's prefix is no separator.
                                .filter(|p| p.trim().is_empty() && (at >= 2 || p.contains('\n')));
                            match prefix {
                                Some(p) => {
                                    n.decor_mut().set_prefix(p);
                                    a.insert_formatted(at, n);
                                }
                                None => a.insert(at, n),
                            }
                        }
                        Err(u) => problems.push(u),
                    },
                    Insert::Moved(i) => {
                        if let Some((_, v)) = taken.iter().find(|(j, _)| j == i) {
                            a.insert_formatted(at, v.clone());
                        }
                    }
                }
            }
        }
        _ => problems.push(Unplaceable::new(
            path.as_str(),
            "the value in the text is not the kind of container expected",
        )),
    }
}
