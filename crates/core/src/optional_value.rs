//! Serde for `Option<Value>` fields where JSON `null` is a real value.
//!
//! Plain serde reads `"old": null` as `None`, so a change from `null` to
//! `1` would come back from storage as "added" and its hash would no
//! longer match. With [`present`], an absent field is `None` and a present
//! one, `null` included, is `Some`.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// Deserializes a present field as `Some(value)`, even when it is `null`.
pub(crate) fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

#[cfg(test)]
mod tests {
    use crate::diff::{Change, ChangeKind, Conflict};
    use serde_json::{json, Value};

    #[test]
    fn null_survives_a_round_trip() {
        let c = Change {
            path: "/a".into(),
            kind: ChangeKind::Modified,
            old: Some(Value::Null),
            new: Some(json!(1)),
            group: String::new(),
            pinned: false,
            secret: false,
            conflict: Some(Box::new(Conflict {
                base: None,
                source: Some(Value::Null),
                target: Some(json!(2)),
            })),
            ..serde_json::from_value(json!({"path": "/a", "kind": "Modified", "group": ""}))
                .unwrap()
        };
        let back: Change = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }
}
