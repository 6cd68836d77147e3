//! The conflict card's view model: a conflict's three values as the card
//! shows them, and the value a person types to resolve it.
//!
//! A conflict is often at a container (both sides changed an object), so a
//! secret can sit anywhere inside its values: every secret in them is
//! masked, at any depth, unless revealed. The custom value starts from the
//! source's value in the same form, so a mask left in it stands for the
//! secret behind it, and [`custom_value`] puts that secret back: a mask is
//! never stored as a value.

use crate::diff::Conflict;
use crate::patterns::{restore_masked_at, MaskedValueError, Patterns};
use serde_json::Value;
use thiserror::Error;

/// The three values of a conflict as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictShown {
    pub base: Option<Value>,
    pub source: Option<Value>,
    pub target: Option<Value>,
    /// The text the custom value starts from: the source's value, or
    /// nothing when the source removed it.
    pub custom_start: String,
}

/// Why a typed custom value was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CustomValueError {
    #[error("Not JSON (line {line}, column {column}): write text in quotes, e.g. \"value\".")]
    NotJson { line: usize, column: usize },
    #[error(transparent)]
    Masked(#[from] MaskedValueError),
}

/// `conflict` at `path`, masked by `patterns` unless `reveal`.
pub fn shown(conflict: &Conflict, path: &str, patterns: &Patterns, reveal: bool) -> ConflictShown {
    let show = |v: &Option<Value>| {
        v.as_ref().map(|v| {
            if reveal {
                v.clone()
            } else {
                patterns.mask_value(v, path)
            }
        })
    };
    let source = show(&conflict.source);
    ConflictShown {
        base: show(&conflict.base),
        custom_start: source.as_ref().map(Value::to_string).unwrap_or_default(),
        source,
        target: show(&conflict.target),
    }
}

/// The value `text` stands for at `path`: JSON, with every mask in it
/// replaced by the secret it masks, from the source's value or the
/// target's.
pub fn custom_value(
    conflict: &Conflict,
    path: &str,
    text: &str,
    patterns: &Patterns,
) -> Result<Value, CustomValueError> {
    let typed: Value = serde_json::from_str(text).map_err(|e| CustomValueError::NotJson {
        line: e.line(),
        column: e.column(),
    })?;
    let restore = |side: &Option<Value>| {
        restore_masked_at(
            side.as_ref().unwrap_or(&Value::Null),
            typed.clone(),
            path,
            patterns,
        )
    };
    // Each mask is kept from the side whose secret it masks; a mask of
    // neither keeps the source's (it stands for "keep what is there").
    let exact = |r: &Result<(Value, Vec<crate::patterns::KeptSecret>), _>| matches!(r, Ok((_, kept)) if kept.iter().all(|k| k.same));
    let from_source = restore(&conflict.source);
    if exact(&from_source) {
        return Ok(from_source.map(|(v, _)| v)?);
    }
    let from_target = restore(&conflict.target);
    if exact(&from_target) {
        return Ok(from_target.map(|(v, _)| v)?);
    }
    match (from_source, from_target) {
        (Ok((v, _)), _) | (Err(_), Ok((v, _))) => Ok(v),
        (Err(e), Err(_)) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::patterns::{MaskKey, PatternSet};
    use serde_json::json;

    fn patterns() -> Patterns {
        PatternSet::default()
            .lenient()
            .with_key(Some(MaskKey::from_bytes([7; 32])))
    }

    fn conflict() -> Conflict {
        Conflict {
            base: Some(json!({"host": "a", "password": "base-pass"})),
            source: Some(
                json!({"host": "b", "password": "source-pass", "deep": [{"token": "t-1"}]}),
            ),
            target: Some(json!({"host": "c", "password": "target-pass"})),
        }
    }

    #[test]
    fn secrets_nested_in_the_values_are_masked_unless_revealed() {
        let p = patterns();
        let s = shown(&conflict(), "/db", &p, false);
        let text = format!("{:?}", s);
        for secret in ["base-pass", "source-pass", "target-pass", "t-1"] {
            assert!(!text.contains(secret), "{secret} shown: {text}");
        }
        assert_eq!(s.source.as_ref().unwrap()["host"], "b");
        let revealed = shown(&conflict(), "/db", &p, true);
        assert_eq!(revealed.source, conflict().source);
    }

    #[test]
    fn the_masked_start_saved_as_typed_keeps_the_real_secrets() {
        let p = patterns();
        let s = shown(&conflict(), "/db", &p, false);
        let edited = s.custom_start.replace("\"b\"", "\"custom\"");
        let v = custom_value(&conflict(), "/db", &edited, &p).unwrap();
        assert_eq!(v["host"], "custom");
        assert_eq!(v["password"], "source-pass");
        assert_eq!(v["deep"][0]["token"], "t-1");
        // The target's mask, pasted, keeps the target's secret.
        let target = shown(&conflict(), "/db", &p, false).target.unwrap();
        let v = custom_value(&conflict(), "/db", &target.to_string(), &p).unwrap();
        assert_eq!(v["password"], "target-pass");
    }

    #[test]
    fn bad_json_and_orphan_masks_are_refused() {
        let p = patterns();
        assert!(matches!(
            custom_value(&conflict(), "/db", "not json", &p),
            Err(CustomValueError::NotJson { line: 1, .. })
        ));
        let orphan = json!({"other": p.mask(&json!("x"))}).to_string();
        assert!(matches!(
            custom_value(&conflict(), "/db", &orphan, &p),
            Err(CustomValueError::Masked(_))
        ));
    }
}
