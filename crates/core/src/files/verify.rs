//! The check behind every edit: the new text must read as the expected
//! tree, exactly (numbers as written, key order included), or the edit is
//! refused with the first path where they differ.

use super::{parse, SourceFormat, SourceText, Unplaceable};
use crate::diff::same;
use crate::pointer;
use serde_json::Value;

/// Parses `text` and compares it with `expected`.
pub(crate) fn check(format: SourceFormat, text: &str, expected: &Value) -> Result<(), Unplaceable> {
    let got = parse(&SourceText::new(format, text)).map_err(|e| {
        Unplaceable::new(
            "",
            format!("the edited text would not parse ({e}); nothing was written"),
        )
    })?;
    // TOML tables are unordered, and TOML puts plain keys before
    // sub-tables: key order is not content there.
    let ordered = format != SourceFormat::Toml;
    match first_difference(&got, expected, ordered) {
        None => Ok(()),
        Some(path) => Err(Unplaceable::new(
            path,
            "the edited text would read differently here: the value shares its text with the edited one (a YAML anchor merged or aliased here), or the editor cannot keep this layout; nothing was written",
        )),
    }
}

/// The pointer of the first place where `a` and `b` differ (values,
/// numbers as written, and with `ordered` the order of keys); `None` when
/// they are the same.
pub fn first_difference(a: &Value, b: &Value, ordered: bool) -> Option<String> {
    let mut path = String::new();
    walk(a, b, ordered, &mut path).then_some(path)
}

fn walk(a: &Value, b: &Value, ordered: bool, path: &mut String) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            if ordered && x.len() == y.len() && !x.keys().eq(y.keys()) {
                return true;
            }
            for (k, v) in x {
                let len = path.len();
                path.push('/');
                path.push_str(&pointer::escape(k));
                let differs = match y.get(k) {
                    Some(w) => walk(v, w, ordered, path),
                    None => true,
                };
                if differs {
                    return true;
                }
                path.truncate(len);
            }
            if let Some(k) = y.keys().find(|k| !x.contains_key(*k)) {
                path.push('/');
                path.push_str(&pointer::escape(k));
                return true;
            }
            false
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                let len = path.len();
                path.push('/');
                path.push_str(&i.to_string());
                if walk(v, w, ordered, path) {
                    return true;
                }
                path.truncate(len);
            }
            if x.len() != y.len() {
                path.push('/');
                path.push_str(&x.len().min(y.len()).to_string());
                return true;
            }
            false
        }
        _ => !same(a, b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_the_first_difference() {
        let a = json!({"a": {"b": [1, 2]}, "c": 1});
        assert_eq!(first_difference(&a, &a, true), None);
        let b = json!({"a": {"b": [1, 3]}, "c": 1});
        assert_eq!(first_difference(&a, &b, true).as_deref(), Some("/a/b/1"));
        let c = json!({"c": 1, "a": {"b": [1, 2]}});
        assert_eq!(first_difference(&a, &c, true).as_deref(), Some(""));
        assert_eq!(first_difference(&a, &c, false), None);
        let d = json!({"a": {"b": [1.0, 2]}, "c": 1});
        assert_eq!(first_difference(&a, &d, true).as_deref(), Some("/a/b/0"));
    }
}
