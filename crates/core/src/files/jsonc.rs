//! JSON and JSONC, read and edited through `jsonc-parser`'s CST.
//!
//! `jsonc-parser` (dprint's, used by Deno and dprint) keeps every token,
//! comment and newline in its CST (`cst` feature) and edits in place: a
//! set value keeps the member's key, spacing and comments; an inserted
//! member takes the object's indentation, newline kind and trailing-comma
//! style; a removed one takes its comma along. Array elements that move
//! are reordered with `sort_elements`, which carries the comments written
//! above an element with it.
//!
//! **JSONC** is JSON plus `//` and `/* */` comments and trailing commas,
//! as VS Code reads it; the JSON5 extras `jsonc-parser` could accept
//! (single quotes, hex numbers, bare keys) are refused, so that a file
//! Preflight accepts is one every JSONC tool reads alike. **JSON** is read
//! by [`crate::formats`] (strict) and edited here the same way; a strict
//! JSON file never gains a comment or a trailing comma.
//!
//! What it cannot do: an inserted member makes a one-line object span
//! several lines (`jsonc-parser` always inserts on a line of its own), and
//! a new value is written in the file's indentation but in JSON's own
//! layout. A value replaced whole (a scalar, or a different type) loses
//! comments inside the old value.

use super::reconcile::{Edit, Item, Member};
use super::steps::{array_steps, Insert};
use super::{FileError, SourceFormat, Unplaceable};
use crate::pointer;
use jsonc_parser::cst::{CstContainerNode, CstInputValue, CstLeafNode, CstNode, CstRootNode};
use jsonc_parser::ParseOptions;
use serde_json::Value;

/// JSONC as VS Code reads it: comments and trailing commas, nothing more.
fn options() -> ParseOptions {
    ParseOptions {
        allow_comments: true,
        allow_loose_object_property_names: false,
        allow_trailing_commas: true,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Reads JSONC text.
pub(crate) fn parse(text: &str) -> Result<Value, FileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > crate::formats::MAX_INPUT_BYTES {
        return Err(FileError::at(text, 0, "the file is larger than 32 MiB"));
    }
    let value: Option<Value> =
        jsonc_parser::parse_to_serde_value(text, &options()).map_err(|e| FileError {
            line: e.line_display(),
            column: e.column_display(),
            message: e.kind().to_string(),
        })?;
    // An empty file (only comments) is an empty object, as for YAML.
    Ok(value.unwrap_or_else(|| Value::Object(Default::default())))
}

/// Applies `edit` (from the root) to JSON or JSONC text.
pub(crate) fn edit(
    text: &str,
    format: SourceFormat,
    edit: &Edit,
) -> Result<String, Vec<Unplaceable>> {
    let stripped = strip_removed_comments(text, edit);
    let root = CstRootNode::parse(&stripped, &options()).map_err(|e| {
        vec![Unplaceable::new(
            "",
            format!("the {} text does not parse: {}", format.label(), e.kind()),
        )]
    })?;
    let mut problems = Vec::new();
    match root.value() {
        Some(node) => apply(node, edit, &mut String::new(), &mut problems),
        None => match edit {
            Edit::Replace(v) => root.set_value(input(v)),
            _ => root.set_value(CstInputValue::Object(Vec::new())),
        },
    }
    if problems.is_empty() {
        Ok(root.to_string())
    } else {
        Err(problems)
    }
}

/// The text without the comment lines of the members `edit` removes (see
/// [`super::comments`]), found with `jsonc-parser`'s AST ranges.
fn strip_removed_comments(text: &str, edit: &Edit) -> String {
    use jsonc_parser::{ast, CollectOptions};
    fn walk(v: &ast::Value, e: &Edit, out: &mut Vec<super::comments::Span>) {
        match (v, e) {
            (ast::Value::Object(o), Edit::Object(members)) => {
                let prop = |k: &str| o.properties.iter().find(|p| p.name.as_str() == k);
                for m in members {
                    match m {
                        Member::Remove(k) => {
                            out.extend(prop(k).map(|p| (p.range.start..p.range.end, false)));
                        }
                        Member::Edit(k, e) => {
                            if let Some(p) = prop(k) {
                                walk(&p.value, e, out);
                            }
                        }
                        Member::Insert { .. } => {}
                    }
                }
            }
            (ast::Value::Array(a), Edit::Array(items)) => {
                let mut kept = vec![false; a.elements.len()];
                for it in items {
                    if let Item::Old(i, e) = it {
                        if let Some(k) = kept.get_mut(*i) {
                            *k = true;
                        }
                        if let (Some(e), Some(el)) = (e, a.elements.get(*i)) {
                            walk(el, e, out);
                        }
                    }
                }
                for (el, kept) in a.elements.iter().zip(kept) {
                    if !kept {
                        let r = jsonc_parser::common::Ranged::range(el);
                        out.push((r.start..r.end, true));
                    }
                }
            }
            _ => {}
        }
    }
    let collect = CollectOptions {
        comments: jsonc_parser::CommentCollectionStrategy::Off,
        tokens: false,
    };
    let Ok(parsed) = jsonc_parser::parse_to_ast(text, &collect, &options()) else {
        return text.to_owned();
    };
    let mut spans = Vec::new();
    if let Some(v) = &parsed.value {
        walk(v, edit, &mut spans);
    }
    super::comments::strip_owned(text, &spans, super::comments::jsonc_comment)
}

/// A value as `jsonc-parser` inserts it; numbers keep their exact text.
fn input(v: &Value) -> CstInputValue {
    match v {
        Value::Null => CstInputValue::Null,
        Value::Bool(b) => CstInputValue::Bool(*b),
        Value::Number(n) => CstInputValue::Number(n.to_string()),
        Value::String(s) => CstInputValue::String(s.clone()),
        Value::Array(items) => CstInputValue::Array(items.iter().map(input).collect()),
        Value::Object(m) => {
            CstInputValue::Object(m.iter().map(|(k, v)| (k.clone(), input(v))).collect())
        }
    }
}

fn replace(node: CstNode, v: &Value) -> bool {
    let new = input(v);
    let done = match node {
        CstNode::Container(CstContainerNode::Object(o)) => o.replace_with(new),
        CstNode::Container(CstContainerNode::Array(a)) => a.replace_with(new),
        CstNode::Leaf(CstLeafNode::StringLit(s)) => s.replace_with(new),
        CstNode::Leaf(CstLeafNode::NumberLit(n)) => n.replace_with(new),
        CstNode::Leaf(CstLeafNode::BooleanLit(b)) => b.replace_with(new),
        CstNode::Leaf(CstLeafNode::NullKeyword(n)) => n.replace_with(new),
        CstNode::Leaf(CstLeafNode::WordLit(w)) => w.replace_with(new),
        _ => None,
    };
    done.is_some()
}

fn push(path: &mut String, token: &str) -> usize {
    let len = path.len();
    path.push('/');
    path.push_str(&pointer::escape(token));
    len
}

fn apply(node: CstNode, edit: &Edit, path: &mut String, problems: &mut Vec<Unplaceable>) {
    let fail = |problems: &mut Vec<Unplaceable>, path: &str, why: &str| {
        problems.push(Unplaceable::new(path, why));
    };
    match edit {
        Edit::Replace(v) => {
            if !replace(node, v) {
                fail(problems, path, "this value cannot be replaced in the text");
            }
        }
        Edit::Object(members) => {
            let Some(obj) = node.as_object() else {
                return fail(problems, path, "expected an object in the text");
            };
            for m in members {
                match m {
                    Member::Remove(k) => match obj.get(k) {
                        Some(p) => p.remove(),
                        None => fail(problems, &join(path, k), "the member was not found"),
                    },
                    Member::Edit(k, e) => {
                        let len = push(path, k);
                        match obj.get(k).and_then(|p| p.value()) {
                            Some(v) => apply(v, e, path, problems),
                            None => fail(problems, path, "the member was not found"),
                        }
                        path.truncate(len);
                    }
                    Member::Insert { after, key, value } => {
                        let index = match after {
                            None => Some(0),
                            Some(a) => obj.get(a).map(|p| p.property_index() + 1),
                        };
                        match index {
                            Some(i) => {
                                obj.insert(i, key, input(value));
                            }
                            None => fail(
                                problems,
                                &join(path, key),
                                "the key it follows was not found",
                            ),
                        }
                    }
                }
            }
        }
        Edit::Array(items) => {
            let Some(arr) = node.as_array() else {
                return fail(problems, path, "expected a list in the text");
            };
            let old = arr.elements();
            let steps = array_steps(items, old.len());
            for (i, e) in &steps.inner {
                let len = push(path, &i.to_string());
                match old.get(*i) {
                    Some(n) => apply(n.clone(), e, path, problems),
                    None => fail(problems, path, "the element was not found"),
                }
                path.truncate(len);
            }
            // Elements that go; moved ones stay for the sort below.
            let moved: Vec<usize> = steps
                .insert
                .iter()
                .filter_map(|(_, ins)| match ins {
                    Insert::Moved(i) => Some(*i),
                    Insert::New(_) => None,
                })
                .collect();
            for &i in &steps.remove {
                if !moved.contains(&i) {
                    if let Some(n) = arr.elements().get(i) {
                        n.clone().remove();
                    }
                }
            }
            if !moved.is_empty() {
                // The rank of each old element that is left, in the new
                // order (old elements only; new ones go in afterwards).
                let kept: Vec<usize> = items
                    .iter()
                    .filter_map(|it| match it {
                        Item::Old(i, _) => Some(*i),
                        Item::New(_) => None,
                    })
                    .collect();
                let mut sorted = kept.clone();
                sorted.sort_unstable();
                // rank_of[k] = new rank of the k-th remaining element.
                let rank_of: Vec<usize> = sorted
                    .iter()
                    .map(|i| kept.iter().position(|j| j == i).unwrap_or(usize::MAX))
                    .collect();
                // Keys are worked out once, before anything moves.
                arr.sort_elements().by_key(|n| {
                    n.element_index()
                        .and_then(|k| rank_of.get(k).copied())
                        .unwrap_or(usize::MAX)
                });
            }
            for (pos, ins) in &steps.insert {
                if let Insert::New(v) = ins {
                    arr.insert(*pos, input(v));
                }
            }
        }
    }
}

fn join(path: &str, key: &str) -> String {
    format!("{path}/{}", pointer::escape(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_jsonc_with_comments_and_trailing_commas() {
        let v = parse("// top\n{\n  \"a\": 1, /* x */\n  \"b\": [1, 2,],\n}\n").ok();
        assert_eq!(v, Some(json!({"a": 1, "b": [1, 2]})));
        let e = parse("{\n  'a': 1\n}").err().map(|e| (e.line, e.column));
        assert_eq!(e, Some((2, 3)));
    }
}
