//! JSON read into a [`Value`] whose arrays and objects are allocated at
//! their exact length.
//!
//! serde_json's own `Value` visitor grows every array and object by
//! doubling, so a parsed config keeps up to half of its container memory
//! as spare capacity for as long as it lives (and the app keeps every
//! environment's tree). Here the items of each container are gathered on
//! one shared stack and then moved into a container of the right size.
//! The parser, its errors (with line and column) and its recursion limit
//! are serde_json's; only the tree building is ours. Imports and the
//! stored workspace are read with it.

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Parses `text` like `serde_json::from_str::<Value>`, into exact-size
/// containers.
pub(crate) fn from_str(text: &str) -> serde_json::Result<Value> {
    let mut de = serde_json::Deserializer::from_str(text);
    let mut scratch = Scratch::default();
    let value = Exact(&mut scratch).deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// A `deserialize_with` for stored trees (environment configs, snapshot
/// contents), which live as long as the workspace.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(de: D) -> Result<Value, D::Error> {
    Exact(&mut Scratch::default()).deserialize(de)
}

/// [`deserialize`] into a shared tree.
pub(crate) fn deserialize_shared<'de, D: Deserializer<'de>>(
    de: D,
) -> Result<std::sync::Arc<Value>, D::Error> {
    deserialize(de).map(std::sync::Arc::new)
}

/// [`deserialize`] for an optional tree; `null` is `None`, as serde's
/// `Option<Value>` reads it.
pub(crate) fn deserialize_option<'de, D: Deserializer<'de>>(
    de: D,
) -> Result<Option<Value>, D::Error> {
    Ok(Some(deserialize(de)?).filter(|v| !v.is_null()))
}

/// The items of the containers still open, innermost last.
#[derive(Default)]
struct Scratch {
    items: Vec<Value>,
    entries: Vec<(String, Value)>,
}

struct Exact<'s>(&'s mut Scratch);

impl<'de> DeserializeSeed<'de> for Exact<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Exact<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // serde_json's parser never yields a non-finite number; its Value
        // would make one null, and so does this.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<Value, D::Error> {
        self.deserialize(de)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let start = self.0.items.len();
        while let Some(item) = seq.next_element_seed(Exact(&mut *self.0))? {
            self.0.items.push(item);
        }
        // Drain is exact-size, so the collected Vec has no spare capacity.
        Ok(Value::Array(self.0.items.drain(start..).collect()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let start = self.0.entries.len();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Exact(&mut *self.0))?;
            self.0.entries.push((key, value));
        }
        let mut out = Map::with_capacity(self.0.entries.len() - start);
        // A repeated key keeps its first position and its last value, as
        // serde_json's own Value does.
        for (key, value) in self.0.entries.drain(start..) {
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::from_str;
    use serde_json::Value;

    #[test]
    fn agrees_with_serde_json() {
        for text in [
            "{}",
            "[]",
            "null",
            "-0.0",
            "1e308",
            "18446744073709551615",
            "-9223372036854775808",
            r#"{"a":[1,{"b":null,"a":"x\u00e9\n"}],"c":{"d":[[],{}]},"a":2}"#,
            r#"[true,false,"\ud83d\ude00",0.1,12345678901234567890123]"#,
        ] {
            let ours = from_str(text).map_err(|e| e.to_string());
            let theirs = serde_json::from_str::<Value>(text).map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{text}");
            if let Ok(v) = ours {
                assert_eq!(
                    serde_json::to_string(&v).ok(),
                    serde_json::to_string(&theirs.unwrap_or_default()).ok()
                );
            }
        }
    }

    #[test]
    fn errors_agree_with_serde_json() {
        for text in ["{", "[1,]", "{\"a\" 1}", "1 2", "nul", "\"\\x\"", "1e999"] {
            let ours = from_str(text)
                .map(|_| ())
                .map_err(|e| (e.line(), e.column()));
            let theirs = serde_json::from_str::<Value>(text)
                .map(|_| ())
                .map_err(|e| (e.line(), e.column()));
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn containers_have_no_spare_capacity() {
        let v = from_str(r#"{"list":[1,2,3,4,5],"nested":{"a":[{"x":1},{"y":2},{"z":3}]}}"#)
            .unwrap_or_default();
        let list = v["list"].as_array().map(Vec::capacity);
        assert_eq!(list, Some(5));
        let nested = v["nested"]["a"].as_array().map(Vec::capacity);
        assert_eq!(nested, Some(3));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let text = "[".repeat(100_000);
        let e = from_str(&text)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("recursion limit"), "{e}");
    }
}
