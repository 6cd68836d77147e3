//! Masked values never overwrite: a file exported masked (the default) and
//! imported again holds mask tokens where the secrets were. Writing those
//! tokens would replace every real secret with the text of its mask, so
//! before anything is compared or saved, each token is replaced by the
//! target's own value at the same place, and the preview lists it as kept.
//!
//! A token is only ever taken as "keep what is there": its value cannot be
//! recovered from it (masks are keyed and one-way). Where the target has
//! nothing to keep (no value at that path, or one that is not a secret),
//! the import is refused with the path, rather than storing the token.

use super::{is_mask_token, MaskKind, Patterns};
use crate::pointer;
use serde_json::Value;
use thiserror::Error;

/// One secret kept because the incoming file held its mask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptSecret {
    pub path: String,
    /// The file's mask is the mask of the value kept (this workspace's
    /// key); false for a legacy or keyless mask, or another value's.
    pub same: bool,
}

/// Why incoming content holding masks was refused. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MaskedValueError {
    #[error("{path} holds a masked value, but the configuration has no value there to keep; put the real value in the file, or remove the key")]
    NothingToKeep { path: String },
    #[error("{path} holds a masked value, but the value there is not a secret; put the real value in the file")]
    NotASecret { path: String },
}

/// `incoming` with every mask token replaced by `current`'s value at the
/// same path, and the paths kept, in document order.
pub fn restore_masked(
    current: &Value,
    incoming: Value,
    patterns: &Patterns,
) -> Result<(Value, Vec<KeptSecret>), MaskedValueError> {
    let mut kept = Vec::new();
    let out = walk(current, incoming, "", 0, patterns, &mut kept)?;
    Ok((out, kept))
}

/// [`restore_masked`] for one value found at pointer `at` of its config
/// (a conflict's resolution): `current` is what was there, and secrets
/// are matched by their full pointers, `at` included.
pub fn restore_masked_at(
    current: &Value,
    incoming: Value,
    at: &str,
    patterns: &Patterns,
) -> Result<(Value, Vec<KeptSecret>), MaskedValueError> {
    let mut kept = Vec::new();
    let out = walk(current, incoming, at, at.len(), patterns, &mut kept)?;
    Ok((out, kept))
}

/// `root` is how much of `at` lies above `current` (what [`restore_masked_at`]
/// was given), so `current` is read at the rest.
fn walk(
    current: &Value,
    value: Value,
    at: &str,
    root: usize,
    patterns: &Patterns,
    kept: &mut Vec<KeptSecret>,
) -> Result<Value, MaskedValueError> {
    match value {
        Value::String(s) => match is_mask_token(&s) {
            None => Ok(Value::String(s)),
            Some(kind) => {
                let path = at.to_owned();
                let Some(there) = at.get(root..).and_then(|rel| pointer::get(current, rel)) else {
                    return Err(MaskedValueError::NothingToKeep { path });
                };
                if !patterns.is_secret_value(at, there) {
                    return Err(MaskedValueError::NotASecret { path });
                }
                let same = kind == MaskKind::Current && patterns.mask(there) == s;
                kept.push(KeptSecret { path, same });
                Ok(there.clone())
            }
        },
        Value::Object(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (k, v) in map {
                let p = pointer::child(at, &k);
                let v = walk(current, v, &p, root, patterns, kept)?;
                out.insert(k, v);
            }
            Ok(Value::Object(out))
        }
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                walk(
                    current,
                    v,
                    &pointer::child(at, &i.to_string()),
                    root,
                    patterns,
                    kept,
                )
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::{MaskKey, PatternSet};
    use serde_json::json;

    fn patterns() -> Patterns {
        PatternSet::default()
            .lenient()
            .with_key(Some(MaskKey::from_bytes([7; 32])))
    }

    #[test]
    fn a_masked_export_imported_again_keeps_every_secret() {
        let p = patterns();
        let current = json!({"db": {"host": "h", "password": "hunter2"}, "apiKey": "k-1", "n": 1});
        // What a masked export writes, with one setting changed.
        let masked = p.mask_value(&current, "");
        let mut incoming = masked.clone();
        incoming["n"] = json!(2);
        assert_ne!(
            incoming["apiKey"], current["apiKey"],
            "the export is masked"
        );
        let (restored, kept) = restore_masked(&current, incoming, &p).unwrap();
        assert_eq!(
            restored,
            json!({"db": {"host": "h", "password": "hunter2"}, "apiKey": "k-1", "n": 2})
        );
        let paths: Vec<_> = kept.iter().map(|k| (k.path.as_str(), k.same)).collect();
        assert_eq!(paths, [("/db/password", true), ("/apiKey", true)]);
    }

    #[test]
    fn legacy_or_foreign_masks_keep_the_secret_and_say_they_differ() {
        let p = patterns();
        let current = json!({"password": "hunter2"});
        for token in ["••••••• #3fa2c1", "•••••••", "••••••• ~AAAAAAAA"]
        {
            let (restored, kept) =
                restore_masked(&current, json!({"password": token}), &p).unwrap();
            assert_eq!(restored, current, "{token}");
            assert!(!kept[0].same, "{token}");
        }
    }

    #[test]
    fn a_mask_with_nothing_to_keep_is_refused_with_its_path() {
        let p = patterns();
        let current = json!({"db": {"host": "h"}, "name": "x"});
        let token = p.mask(&json!("s"));
        assert_eq!(
            restore_masked(&current, json!({"db": {"password": token.clone()}}), &p),
            Err(MaskedValueError::NothingToKeep {
                path: "/db/password".into()
            })
        );
        assert_eq!(
            restore_masked(&current, json!({"name": token}), &p),
            Err(MaskedValueError::NotASecret {
                path: "/name".into()
            })
        );
    }

    #[test]
    fn text_that_merely_looks_like_dots_is_left_alone() {
        let p = patterns();
        let current = json!({"note": "x"});
        let incoming = json!({"note": "••• loading", "other": "••••••• ~short"});
        let (restored, kept) = restore_masked(&current, incoming.clone(), &p).unwrap();
        assert_eq!(restored, incoming);
        assert!(kept.is_empty());
    }
}
