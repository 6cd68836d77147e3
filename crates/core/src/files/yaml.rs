//! YAML, edited through `yaml-edit`'s lossless syntax tree.
//!
//! `yaml-edit` (0.3; a rowan tree like rust-analyzer's, maintained for
//! Debian's packaging tools, pure Rust on rowan only, builds for wasm32)
//! keeps every byte of the file in its tree and edits it in place: a set
//! value keeps the key, the comments around it and a comment after the
//! value; an inserted entry takes the mapping's indentation; a removed
//! entry takes its lines (and, through `files::comments`, the comment
//! lines written above it); flow collections (`{ cpu: 1, memory: 2Gi }`)
//! are edited in flow style. The file is read into the tree by
//! [`crate::formats`] (serde_yaml_ng), as on import; `yaml-edit` only
//! edits.
//!
//! - A changed scalar keeps its style where that still reads back as the
//!   value: plain stays plain, `"double"` and `'single'` quotes stay, a
//!   `|` block stays a block with its indentation and the blank lines after
//!   it.
//! - A new value is written by [`crate::formats::render`] (block style,
//!   strings quoted only when they would read as something else, lists
//!   under a key not indented) and grafted into the tree. A value the
//!   source wrote through an anchor or merge key is written out resolved.
//! - A moved list item is read again from its own text (comments inside it
//!   included) and put in its new place; a comment line written above it
//!   stays where it was (`yaml-edit` keeps it with the item before).
//!
//! Cannot place (reported with the path, never guessed):
//!
//! - a value that is an alias (`*name`), or a key that only exists
//!   through a merge key (`<<: *base`): the text to change is the anchor's,
//!   which other places share;
//! - an edit inside an anchored node (`&name`) that is merged or aliased
//!   elsewhere: the check after the edit sees the other places change too,
//!   and names the first of them;
//! - a change of the whole document's type, tagged values, keys that are
//!   not plain strings in the text, and a file of several documents (it is
//!   not read in the first place).

use super::reconcile::{Edit, Item, Member};
use super::steps::{array_steps, Insert};
use super::Unplaceable;
use crate::formats::{self, Format};
use crate::pointer;
use serde_json::Value;
use std::str::FromStr;
use yaml_edit::{Mapping, Sequence, YamlFile, YamlNode};

/// Applies `edit` (from the root) to YAML text.
pub(crate) fn edit(text: &str, edit: &Edit) -> Result<String, Vec<Unplaceable>> {
    let stripped = strip_removed_comments(text, edit);
    let file = YamlFile::from_str(&stripped).map_err(|e| {
        vec![Unplaceable::new(
            "",
            format!("yaml-edit cannot read this file: {e}"),
        )]
    })?;
    let Some(doc) = file.documents().next() else {
        return Err(vec![Unplaceable::new(
            "",
            "the file holds no YAML document",
        )]);
    };
    let mut problems = Vec::new();
    let mut path = String::new();
    match (edit, doc.as_mapping(), doc.as_sequence()) {
        (Edit::Object(members), Some(m), _) => object(&m, members, &mut path, &mut problems),
        (Edit::Array(items), _, Some(s)) => array(&s, items, &mut path, &mut problems),
        _ => problems.push(Unplaceable::new(
            "",
            "the whole document would change type; edit the file by hand",
        )),
    }
    if problems.is_empty() {
        Ok(file.to_string())
    } else {
        Err(problems)
    }
}

/// The text without the comment lines of the entries `edit` removes (see
/// [`super::comments`]), found with the positions of `yaml-edit`'s tree.
fn strip_removed_comments(text: &str, edit: &Edit) -> String {
    fn span(n: &YamlNode) -> std::ops::Range<usize> {
        let r = n.byte_range();
        r.start as usize..r.end as usize
    }
    fn walk(node: &YamlNode, e: &Edit, out: &mut Vec<super::comments::Span>) {
        match (node, e) {
            (YamlNode::Mapping(m), Edit::Object(members)) => {
                for member in members {
                    match member {
                        Member::Remove(k) => {
                            if let Some(entry) = m.find_entry_by_key(k.as_str()) {
                                let key = entry.key_node().map(|n| span(&n));
                                let value = entry.value_node().map(|n| span(&n));
                                if let Some(key) = key {
                                    out.push((key.start..value.map_or(key.end, |v| v.end), false));
                                }
                            }
                        }
                        Member::Edit(k, e) => {
                            if let Some(n) = m.get(k.as_str()) {
                                walk(&n, e, out);
                            }
                        }
                        Member::Insert { .. } => {}
                    }
                }
            }
            (YamlNode::Sequence(s), Edit::Array(items)) => {
                let mut kept = vec![false; s.len()];
                for it in items {
                    if let Item::Old(i, e) = it {
                        if let Some(k) = kept.get_mut(*i) {
                            *k = true;
                        }
                        if let (Some(e), Some(n)) = (e, s.get(*i)) {
                            walk(&n, e, out);
                        }
                    }
                }
                for (i, kept) in kept.into_iter().enumerate() {
                    if let (false, Some(n)) = (kept, s.get(i)) {
                        out.push((span(&n), true));
                    }
                }
            }
            _ => {}
        }
    }
    let Ok(file) = YamlFile::from_str(text) else {
        return text.to_owned();
    };
    let Some(doc) = file.documents().next() else {
        return text.to_owned();
    };
    let root = doc
        .as_mapping()
        .map(YamlNode::Mapping)
        .or_else(|| doc.as_sequence().map(YamlNode::Sequence));
    let mut spans = Vec::new();
    if let Some(root) = root {
        walk(&root, edit, &mut spans);
    }
    super::comments::strip_owned(text, &spans, super::comments::yaml_comment)
}

/// The new value of a scalar, in the old one's style where that still
/// reads back as the value: plain stays plain, quotes stay quotes, a
/// `|` block stays a block (with the blank lines that followed it).
fn restyled(old: &YamlNode, v: &Value) -> Result<YamlNode, String> {
    let Value::String(s) = v else {
        return node_for(v);
    };
    let raw = old.to_string();
    let candidate = match raw.chars().next() {
        Some('"') => serde_json::to_string(s).ok(),
        Some('\'') if !s.contains('\n') => Some(format!("'{}'", s.replace('\'', "''"))),
        Some('|') => block(&raw, s),
        Some(c) if c != '>' && !s.contains('\n') && s.trim() == s && !s.is_empty() => {
            Some(s.clone())
        }
        _ => None,
    };
    let reads_back = |text: &str| {
        let doc = format!("v: {text}\n");
        formats::parse(&doc, Format::Yaml).ok() == Some(serde_json::json!({ "v": s }))
    };
    match candidate {
        Some(text) if reads_back(&text) => scalar_node(&text),
        _ => node_for(v),
    }
}

/// `s` as a literal block in the layout of the old block `raw` (its
/// header, content indentation and trailing blank lines).
fn block(raw: &str, s: &str) -> Option<String> {
    let (header, body) = raw.split_once('\n')?;
    let indent = body
        .lines()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())?;
    let chomp = match s.strip_suffix('\n') {
        Some(rest) if !rest.ends_with('\n') => "|",
        None => "|-",
        Some(_) => return None,
    };
    if header.trim() != chomp || s.starts_with([' ', '\t']) {
        return None;
    }
    let pad = " ".repeat(indent);
    let mut out = format!("{chomp}\n");
    for line in s.trim_end_matches('\n').split('\n') {
        if !line.is_empty() {
            out.push_str(&pad);
        }
        out.push_str(line);
        out.push('\n');
    }
    // Blank lines after the old block belong to the layout, not the value.
    let trailing = body.len() - body.trim_end_matches('\n').len();
    for _ in 1..trailing {
        out.push('\n');
    }
    Some(out)
}

fn scalar_node(text: &str) -> Result<YamlNode, String> {
    let doc = yaml_edit::Document::from_str(text).map_err(|e| e.to_string())?;
    doc.as_scalar()
        .map(YamlNode::Scalar)
        .ok_or_else(|| format!("{text:?} is no YAML scalar"))
}

/// A value as a YAML node, written the way an import reads it back (a
/// string plain when nothing else reads the same: not `yes`/`on`, which
/// YAML 1.1 tools read as booleans).
fn node_for(v: &Value) -> Result<YamlNode, String> {
    if let Value::String(s) = v {
        let yaml11 =
            ["y", "n", "yes", "no", "on", "off"].contains(&s.to_ascii_lowercase().as_str());
        let simple = !s.is_empty() && s.trim() == s && !s.contains(['\n', '#', '\'', '"']);
        let doc = format!("v: {s}\n");
        let back = formats::parse(&doc, Format::Yaml).ok();
        if simple && !yaml11 && back == Some(serde_json::json!({ "v": s })) {
            return scalar_node(s);
        }
    }
    let text = formats::render(v, Format::Yaml).map_err(|e| e.to_string())?;
    let doc = yaml_edit::Document::from_str(&text).map_err(|e| e.to_string())?;
    if let Some(m) = doc.as_mapping() {
        return Ok(YamlNode::Mapping(m));
    }
    if let Some(s) = doc.as_sequence() {
        return Ok(YamlNode::Sequence(s));
    }
    if let Some(s) = doc.as_scalar() {
        return Ok(YamlNode::Scalar(s));
    }
    Err(format!("{text:?} is no YAML node"))
}

/// A moved item, read again from its own text (comments inside it
/// included) at column 0: `yaml-edit` re-indents a node read from text
/// correctly, but not one detached from a deeper place.
fn regraft(node: &YamlNode) -> Result<YamlNode, String> {
    let text = node.to_string();
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    let rest: Vec<&str> = lines.collect();
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let cut = rest
        .iter()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| indent(l))
        .min()
        .unwrap_or(0);
    let mut out = first.to_owned();
    for l in rest {
        out.push_str(&l[indent(l).min(cut)..]);
    }
    let doc = yaml_edit::Document::from_str(&out).map_err(|e| e.to_string())?;
    doc.as_mapping()
        .map(YamlNode::Mapping)
        .or_else(|| doc.as_sequence().map(YamlNode::Sequence))
        .or_else(|| doc.as_scalar().map(YamlNode::Scalar))
        .ok_or_else(|| "the moved item could not be read again".to_owned())
}

fn push(path: &mut String, token: &str) -> usize {
    let len = path.len();
    path.push('/');
    path.push_str(&pointer::escape(token));
    len
}

fn has_merge_key(m: &Mapping) -> bool {
    m.contains_key("<<")
}

fn missing(m: &Mapping, path: &str, problems: &mut Vec<Unplaceable>) {
    let why = if has_merge_key(m) {
        "this key comes from a merge key (<<: *anchor): the text to change is the anchor's, which other places share"
    } else {
        "the key was not found as written (a key that is not a plain string?)"
    };
    problems.push(Unplaceable::new(path, why));
}

fn object(m: &Mapping, members: &[Member], path: &mut String, problems: &mut Vec<Unplaceable>) {
    for member in members {
        match member {
            Member::Remove(k) => {
                let len = push(path, k);
                if m.remove(k.as_str()).is_none() {
                    missing(m, path, problems);
                }
                path.truncate(len);
            }
            Member::Edit(k, e) => {
                let len = push(path, k);
                match m.get(k.as_str()) {
                    None => missing(m, path, problems),
                    Some(node) => match e {
                        Edit::Replace(v) => {
                            if node.is_alias() {
                                problems.push(alias(path));
                            } else {
                                let new = if node.is_scalar() {
                                    restyled(&node, v)
                                } else {
                                    node_for(v)
                                };
                                match new {
                                    Ok(n) => m.set(k.as_str(), &n),
                                    Err(r) => problems.push(Unplaceable::new(path.as_str(), r)),
                                }
                            }
                        }
                        inner => nested(&node, inner, path, problems),
                    },
                }
                path.truncate(len);
            }
            Member::Insert { after, key, value } => {
                let len = push(path, key);
                match node_for(value) {
                    Err(r) => problems.push(Unplaceable::new(path.as_str(), r)),
                    Ok(n) => match after {
                        Some(a) => {
                            if !m.insert_after(a.as_str(), key.as_str(), &n) {
                                problems.push(Unplaceable::new(
                                    path.as_str(),
                                    "the key it follows was not found as written",
                                ));
                            }
                        }
                        None => m.insert_at_index(0, key.as_str(), &n),
                    },
                }
                path.truncate(len);
            }
        }
    }
}

fn alias(path: &str) -> Unplaceable {
    Unplaceable::new(
        path,
        "this value is an alias (*anchor): the text to change is the anchor's, which other places share",
    )
}

/// An edit inside a container value.
fn nested(node: &YamlNode, e: &Edit, path: &mut String, problems: &mut Vec<Unplaceable>) {
    if node.is_alias() {
        problems.push(alias(path));
        return;
    }
    match (e, node.as_mapping(), node.as_sequence()) {
        (Edit::Object(members), Some(m), _) => object(m, members, path, problems),
        (Edit::Array(items), _, Some(s)) => array(s, items, path, problems),
        _ => problems.push(Unplaceable::new(
            path.as_str(),
            "the value in the text is not the kind of container expected (a tag?)",
        )),
    }
}

fn array(
    s: &Sequence,
    items: &[super::reconcile::Item],
    path: &mut String,
    problems: &mut Vec<Unplaceable>,
) {
    let steps = array_steps(items, s.len());
    for (i, e) in &steps.inner {
        let len = push(path, &i.to_string());
        match (s.get(*i), e) {
            (None, _) => problems.push(Unplaceable::new(path.as_str(), "the item was not found")),
            (Some(n), Edit::Replace(v)) => {
                if n.is_alias() {
                    problems.push(alias(path));
                } else {
                    let new = if n.is_scalar() {
                        restyled(&n, v)
                    } else {
                        node_for(v)
                    };
                    match new {
                        Ok(new) => {
                            s.set(*i, &new);
                        }
                        Err(r) => problems.push(Unplaceable::new(path.as_str(), r)),
                    }
                }
            }
            (Some(n), inner) => nested(&n, inner, path, problems),
        }
        path.truncate(len);
    }
    // Taken out from the back, so the indices ahead stay valid; moved
    // items are kept to go back in.
    let mut taken: Vec<(usize, YamlNode)> = Vec::new();
    for &i in &steps.remove {
        if let Some(n) = s.remove(i) {
            taken.push((i, n));
        }
    }
    for (pos, ins) in &steps.insert {
        let len = push(path, &pos.to_string());
        match ins {
            Insert::New(v) => match node_for(v) {
                Ok(n) => s.insert(*pos, &n),
                Err(r) => problems.push(Unplaceable::new(path.as_str(), r)),
            },
            Insert::Moved(i) => match taken.iter().find(|(j, _)| j == i).map(|(_, n)| regraft(n)) {
                Some(Ok(n)) => s.insert(*pos, &n),
                Some(Err(r)) => problems.push(Unplaceable::new(path.as_str(), r)),
                None => problems.push(Unplaceable::new(path.as_str(), "the item was not found")),
            },
        }
        path.truncate(len);
    }
}
