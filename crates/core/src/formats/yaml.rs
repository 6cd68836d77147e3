//! YAML import: one document, read with `serde_yaml_ng` into JSON exactly
//! (keys as written, in order; numbers that JSON cannot hold, tags and
//! colliding keys refused with their line).

use super::*;

pub(super) fn parse_yaml(text: &str) -> Result<Value, ImportError> {
    use serde::Deserialize as _;
    let yaml_error = |e: serde_yaml_ng::Error| match e.location() {
        Some(loc) => ImportError::Syntax {
            format: Format::Yaml,
            line: loc.line(),
            column: loc.column(),
            message: strip_position(&e.to_string()),
        },
        None => ImportError::Invalid {
            format: Format::Yaml,
            message: e.to_string(),
        },
    };
    // Only comments and markers (`---`, `...`): an empty document, which
    // libyaml would call a stream with no node.
    let blank = |l: &str| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    };
    if text.lines().all(blank) {
        return Ok(Value::Object(Map::new()));
    }
    let mut docs = serde_yaml_ng::Deserializer::from_str(text);
    let Some(first) = docs.next() else {
        return Ok(Value::Object(Map::new()));
    };
    let mut value = serde_yaml_ng::Value::deserialize(first).map_err(yaml_error)?;
    if let Some(second) = docs.next() {
        // A broken second document is reported as what it is.
        serde_yaml_ng::Value::deserialize(second).map_err(yaml_error)?;
        let count = 2 + docs.take(1000).count();
        return Err(ImportError::MultipleDocuments {
            count,
            line: second_document_line(text),
        });
    }
    value.apply_merge().map_err(yaml_error)?;
    let mut path = String::new();
    yaml_to_json(value, &mut path, text)
}

/// The line of the second `---` marker (or the first, after content).
pub(super) fn second_document_line(text: &str) -> usize {
    let mut seen_content = false;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("---") {
            if seen_content {
                return i + 1;
            }
            seen_content = true;
        } else if !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            seen_content = true;
        }
    }
    1
}

pub(super) fn yaml_to_json(
    v: serde_yaml_ng::Value,
    path: &mut String,
    text: &str,
) -> Result<Value, ImportError> {
    use serde_yaml_ng::Value as Y;
    let unsupported = |path: &str, what: String| ImportError::Unsupported {
        format: Format::Yaml,
        path: path.to_owned(),
        what,
    };
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                Value::Number(
                    Number::from_f64(f).ok_or_else(|| {
                        unsupported(path, format!("the number {n} has no JSON form"))
                    })?,
                )
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let len = path.len();
                path.push('/');
                path.push_str(&i.to_string());
                out.push(yaml_to_json(item, path, text)?);
                path.truncate(len);
            }
            Value::Array(out)
        }
        Y::Mapping(m) => {
            let mut out = Map::with_capacity(m.len());
            let mut keys = yaml_keys::KeyTracker::default();
            for (k, item) in m {
                let key = match &k {
                    Y::String(s) => s.clone(),
                    Y::Bool(b) => b.to_string(),
                    Y::Number(n) => n.to_string(),
                    Y::Null => "null".to_owned(),
                    _ => {
                        return Err(unsupported(
                            path,
                            "a key that is a list, mapping or tagged value".to_owned(),
                        ))
                    }
                };
                if let Some(first) = keys.insert(&key, &k) {
                    let (first_line, second_line) = yaml_keys::lines_of(text, &first, &k);
                    let named = |k: &Y, line| CollidingKey {
                        text: yaml_keys::show(k),
                        kind: yaml_keys::describe(k),
                        line,
                    };
                    return Err(ImportError::KeyCollision {
                        path: path.clone(),
                        key,
                        keys: Box::new((named(&first, first_line), named(&k, second_line))),
                    });
                }
                let len = path.len();
                path.push('/');
                path.push_str(&pointer::escape(&key));
                let item = yaml_to_json(item, path, text)?;
                path.truncate(len);
                out.insert(key, item);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => return Err(unsupported(path, format!("the tag {}", t.tag))),
    })
}
