//! YAML mapping keys that are not strings, turned into JSON object keys.
//!
//! JSON keys are strings, so `1`, `true`, `~` and `1.5` used as keys become
//! `"1"`, `"true"`, `"null"` and `"1.5"`. Two keys of one mapping that only
//! differ in type (`1` and `"1"`) would then collapse into one and a value
//! would be lost, so [`KeyTracker`] refuses that with an error naming both
//! keys and their lines (issue 12).
//!
//! `serde_yaml_ng::Value` carries no positions, so the lines are found by
//! reading the key text back from the source: the first line at or after
//! the previous key's line whose key (block `key:` or in a flow mapping)
//! parses to the same YAML value. When no line matches (an unusual layout)
//! the error still names both keys and says the line is unknown.

use serde_yaml_ng::Value as Y;

/// What the key was in YAML, for the message.
pub(crate) fn describe(k: &Y) -> &'static str {
    match k {
        Y::Null => "a null",
        Y::Bool(_) => "a boolean",
        Y::Number(n) if n.is_f64() => "a float",
        Y::Number(_) => "an integer",
        Y::String(_) => "a string",
        _ => "a value",
    }
}

/// The keys of one mapping as read so far, by their JSON form.
#[derive(Default)]
pub(crate) struct KeyTracker {
    seen: std::collections::HashMap<String, Y>,
}

impl KeyTracker {
    /// Records `key` (the JSON form of `original`); the original of an
    /// earlier key with the same JSON form when there is one.
    pub(crate) fn insert(&mut self, key: &str, original: &Y) -> Option<Y> {
        if let Some(first) = self.seen.get(key) {
            return Some(first.clone());
        }
        self.seen.insert(key.to_owned(), original.clone());
        None
    }
}

/// The source form of a key for messages: strings quoted, the rest as YAML
/// writes them.
pub(crate) fn show(k: &Y) -> String {
    match k {
        Y::String(s) => format!("{s:?}"),
        Y::Null => "~".to_owned(),
        Y::Bool(b) => b.to_string(),
        Y::Number(n) => n.to_string(),
        _ => "?".to_owned(),
    }
}

/// 1-based lines of the first and second key in `text` (see the module
/// docs); `None` where no line matches.
pub(crate) fn lines_of(text: &str, first: &Y, second: &Y) -> (Option<usize>, Option<usize>) {
    let a = find_key(text, first, 0);
    let from = a.unwrap_or(0);
    // The second key comes after the first (same line in a flow mapping).
    let b = find_key(text, second, from.saturating_sub(1)).or_else(|| find_key(text, second, 0));
    (a, b)
}

fn find_key(text: &str, key: &Y, skip: usize) -> Option<usize> {
    for (i, line) in text.lines().enumerate().skip(skip) {
        if candidates(line).any(|c| parses_to(c, key)) {
            return Some(i + 1);
        }
    }
    None
}

/// Texts on a line that may be mapping keys: what precedes `:` at the
/// start of a block line (after `- ` and `? ` markers), and the members of
/// a flow mapping.
fn candidates(line: &str) -> impl Iterator<Item = &str> {
    let body = line.trim_start().trim_start_matches(['-', '?', ' ']);
    body.split(['{', ','])
        .filter_map(|part| key_part(part.trim_start()))
        .collect::<Vec<_>>()
        .into_iter()
}

/// The text before the first `:` that ends a key (followed by a space or
/// the end), outside quotes.
fn key_part(s: &str) -> Option<&str> {
    let bytes = s.as_bytes();
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b':' => {
                let next = bytes.get(i + 1).copied();
                if next.is_none() || next == Some(b' ') || next == Some(b'\t') {
                    return Some(s[..i].trim_end());
                }
            }
            None => {}
        }
    }
    None
}

fn parses_to(text: &str, key: &Y) -> bool {
    !text.is_empty() && serde_yaml_ng::from_str::<Y>(text).is_ok_and(|v| &v == key)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn finds_block_and_flow_keys() {
        let s = |t: &str| Y::String(t.to_owned());
        let one = serde_yaml_ng::from_str::<Y>("1").unwrap();
        assert_eq!(
            lines_of("a: 0\n1: x\n\"1\": y\n", &one, &s("1")),
            (Some(2), Some(3))
        );
        assert_eq!(
            lines_of("m: {1: x, '1': y}\n", &one, &s("1")),
            (Some(1), Some(1))
        );
        assert_eq!(key_part("\"a: b\": c"), Some("\"a: b\""));
    }
}
