//! RFC 6901 JSON Pointers: parse, escape, and read or write a value at one.
//!
//! Every change, pattern and selection in Preflight is addressed by a
//! pointer such as `/connections/erp/baseUrl` or `/flows/0/schedule`.

use serde_json::{Map, Value};
use thiserror::Error;

/// Why a pointer could not be parsed or followed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PointerError {
    #[error("JSON Pointer {0:?} must be empty or start with '/'")]
    NoLeadingSlash(String),
    #[error("JSON Pointer {pointer:?} has a bad escape (only ~0 and ~1 are allowed)")]
    BadEscape { pointer: String },
    #[error("nothing at {0}")]
    NotFound(String),
    #[error("{pointer}: {token:?} is not an index into the array")]
    BadIndex { pointer: String, token: String },
    #[error("{0}: the parent is neither an object nor an array")]
    NotAContainer(String),
    #[error("the root cannot be removed")]
    RemoveRoot,
}

/// Escapes one reference token (`~` → `~0`, `/` → `~1`).
pub fn escape(token: &str) -> String {
    if !token.contains(['~', '/']) {
        return token.to_owned();
    }
    token.replace('~', "~0").replace('/', "~1")
}

/// Undoes [`escape`].
pub fn unescape(token: &str) -> String {
    if !token.contains('~') {
        return token.to_owned();
    }
    token.replace("~1", "/").replace("~0", "~")
}

/// Splits a pointer into unescaped reference tokens.
pub fn parse(pointer: &str) -> Result<Vec<String>, PointerError> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(PointerError::NoLeadingSlash(pointer.to_owned()));
    };
    rest.split('/')
        .map(|t| {
            let mut chars = t.chars().peekable();
            while let Some(c) = chars.next() {
                if c == '~' && !matches!(chars.peek(), Some('0') | Some('1')) {
                    return Err(PointerError::BadEscape {
                        pointer: pointer.to_owned(),
                    });
                }
            }
            Ok(unescape(t))
        })
        .collect()
}

/// Joins unescaped tokens into a pointer.
pub fn join<I, S>(tokens: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for t in tokens {
        out.push('/');
        out.push_str(&escape(t.as_ref()));
    }
    out
}

/// Appends one token to a pointer.
pub fn child(parent: &str, token: &str) -> String {
    format!("{parent}/{}", escape(token))
}

/// The parent pointer and the last token; `None` for the root.
pub fn split_last(pointer: &str) -> Option<(&str, String)> {
    let idx = pointer.rfind('/')?;
    Some((&pointer[..idx], unescape(&pointer[idx + 1..])))
}

/// The value at `pointer`, if any.
pub fn get<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    root.pointer(pointer)
}

fn array_index(
    pointer: &str,
    token: &str,
    len: usize,
    allow_end: bool,
) -> Result<usize, PointerError> {
    let bad = || PointerError::BadIndex {
        pointer: pointer.to_owned(),
        token: token.to_owned(),
    };
    if token == "-" && allow_end {
        return Ok(len);
    }
    let i = index(token).ok_or_else(bad)?;
    let limit = if allow_end {
        len
    } else {
        len.saturating_sub(1)
    };
    if i > limit || (!allow_end && len == 0) {
        return Err(bad());
    }
    Ok(i)
}

/// An RFC 6901 array index: `0`, or ASCII digits without a leading zero.
/// `+1`, `01`, `-0` and ` 1` are not indices (Rust's `usize` parser
/// would accept the `+`).
pub fn index(token: &str) -> Option<usize> {
    let digits = !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit());
    if !digits || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token.parse().ok()
}

/// Sets the value at `pointer`, replacing what is there.
///
/// Missing objects along the way are created; into an array, an index equal
/// to its length (or `-`) appends. The root pointer replaces everything.
pub fn set(root: &mut Value, pointer: &str, value: Value) -> Result<(), PointerError> {
    let tokens = parse(pointer)?;
    let Some((last, parents)) = tokens.split_last() else {
        *root = value;
        return Ok(());
    };
    let mut cur = root;
    for t in parents {
        cur = match cur {
            Value::Object(map) => map
                .entry(t.clone())
                .or_insert_with(|| Value::Object(Map::new())),
            Value::Array(items) => {
                let i = array_index(pointer, t, items.len(), false)?;
                &mut items[i]
            }
            _ => return Err(PointerError::NotAContainer(pointer.to_owned())),
        };
    }
    match cur {
        Value::Object(map) => {
            map.insert(last.clone(), value);
            Ok(())
        }
        Value::Array(items) => {
            let i = array_index(pointer, last, items.len(), true)?;
            if i == items.len() {
                items.push(value);
            } else {
                items[i] = value;
            }
            Ok(())
        }
        _ => Err(PointerError::NotAContainer(pointer.to_owned())),
    }
}

/// Inserts into an array at an index (shifting the rest), or sets an object key.
pub fn insert(root: &mut Value, pointer: &str, value: Value) -> Result<(), PointerError> {
    let (parent, last) = split_last(pointer).ok_or(PointerError::RemoveRoot)?;
    let target = root
        .pointer_mut(parent)
        .ok_or_else(|| PointerError::NotFound(parent.to_owned()))?;
    match target {
        Value::Array(items) => {
            let i = array_index(pointer, &last, items.len(), true)?;
            items.insert(i, value);
            Ok(())
        }
        Value::Object(map) => {
            map.insert(last, value);
            Ok(())
        }
        _ => Err(PointerError::NotAContainer(pointer.to_owned())),
    }
}

/// Removes and returns the value at `pointer`, keeping sibling key order.
pub fn remove(root: &mut Value, pointer: &str) -> Result<Value, PointerError> {
    let (parent, last) = split_last(pointer).ok_or(PointerError::RemoveRoot)?;
    let target = root
        .pointer_mut(parent)
        .ok_or_else(|| PointerError::NotFound(parent.to_owned()))?;
    match target {
        Value::Object(map) => map
            .shift_remove(&last)
            .ok_or_else(|| PointerError::NotFound(pointer.to_owned())),
        Value::Array(items) => {
            let i = array_index(pointer, &last, items.len(), false)?;
            Ok(items.remove(i))
        }
        _ => Err(PointerError::NotAContainer(pointer.to_owned())),
    }
}

/// Every leaf (scalar, empty object or empty array) with its pointer, in
/// document order.
pub fn leaves(root: &Value) -> Vec<(String, &Value)> {
    fn walk<'a>(v: &'a Value, at: &mut String, out: &mut Vec<(String, &'a Value)>) {
        match v {
            Value::Object(map) if !map.is_empty() => {
                for (k, child) in map {
                    let len = at.len();
                    at.push('/');
                    at.push_str(&escape(k));
                    walk(child, at, out);
                    at.truncate(len);
                }
            }
            Value::Array(items) if !items.is_empty() => {
                for (i, child) in items.iter().enumerate() {
                    let len = at.len();
                    at.push('/');
                    at.push_str(&i.to_string());
                    walk(child, at, out);
                    at.truncate(len);
                }
            }
            _ => out.push((at.clone(), v)),
        }
    }
    let mut out = Vec::new();
    walk(root, &mut String::new(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn escapes_round_trip() {
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(unescape("a~1b~0c"), "a/b~c");
        assert_eq!(parse("/a~1b/~01").unwrap(), vec!["a/b", "~1"]);
        assert_eq!(join(["a/b", "~1"]), "/a~1b/~01");
    }

    #[test]
    fn bad_pointers_are_typed_errors() {
        assert!(matches!(parse("a"), Err(PointerError::NoLeadingSlash(_))));
        assert!(matches!(parse("/a~2"), Err(PointerError::BadEscape { .. })));
    }

    #[test]
    fn set_insert_remove() {
        let mut v = json!({"a": {"b": [1, 2]}, "z": 0});
        set(&mut v, "/a/b/2", json!(3)).unwrap();
        set(&mut v, "/a/c", json!("x")).unwrap();
        insert(&mut v, "/a/b/0", json!(0)).unwrap();
        assert_eq!(v, json!({"a": {"b": [0, 1, 2, 3], "c": "x"}, "z": 0}));
        assert_eq!(remove(&mut v, "/a/b/1").unwrap(), json!(1));
        assert_eq!(remove(&mut v, "/a").unwrap()["c"], json!("x"));
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"z":0}"#);
        assert!(remove(&mut v, "").is_err());
        assert!(set(&mut v, "/z/q", json!(1)).is_err());
    }

    #[test]
    fn only_canonical_digits_are_array_indices() {
        // Regression (issue 12): `+1` and `+0` were taken as indices.
        for bad in ["+1", "+0", "01", "00", "-0", " 1", "1 ", "", "1e0", "０"] {
            assert_eq!(index(bad), None, "{bad:?}");
            let mut v = json!({"a": [1, 2]});
            let p = format!("/a/{bad}");
            assert!(set(&mut v, &p, json!(9)).is_err(), "set {bad:?}");
            assert!(insert(&mut v, &p, json!(9)).is_err(), "insert {bad:?}");
            assert!(remove(&mut v, &p).is_err(), "remove {bad:?}");
            let mut w = json!([[1]]);
            assert!(set(&mut w, &format!("/{bad}/0"), json!(9)).is_err());
            assert_eq!(v, json!({"a": [1, 2]}));
        }
        assert_eq!(index("0"), Some(0));
        assert_eq!(index("10"), Some(10));
    }

    #[test]
    fn leaves_in_document_order() {
        let v = json!({"b": 1, "a": [true, {}], "c": {"d": null}});
        let paths: Vec<_> = leaves(&v).into_iter().map(|(p, _)| p).collect();
        assert_eq!(paths, vec!["/b", "/a/0", "/a/1", "/c/d"]);
    }
}
