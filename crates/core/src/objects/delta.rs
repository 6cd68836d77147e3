//! Delta records: a node stored as the edits that turn another node (its
//! base, usually the same place in the previous version) into it.
//!
//! A promotion that changes a few leaves of a large object would otherwise
//! store the whole object again; as a delta it stores the changed entries and
//! a reference (what git's packfiles do). The node's id is still the hash of
//! its full canonical record, and a rebuilt record is checked against it, so
//! a delta can never silently change content.
//!
//! ```text
//! {"d":"<base id>","n":<depth>,"e":[[at,removed,[entry,…]],…]}
//! ```
//!
//! `e` edits the base's entry list (`[key,child]` pairs of an object, the
//! children of an array): at `at`, remove `removed` entries and insert the
//! given ones. Entries are copied verbatim, never re-serialized. `n` is the
//! length of the chain down to a full record; it is capped at
//! [`MAX_CHAIN`], so reading a node applies at most that many deltas.
//! The diff of the entry lists is `similar`'s Myers diff.

use super::NodeId;
use serde::Deserialize;
use serde_json::value::RawValue;

/// The longest chain of deltas a record may sit on.
pub const MAX_CHAIN: u8 = 16;

#[derive(Deserialize)]
struct Full<'a> {
    #[serde(borrow, default)]
    o: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    a: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
struct Delta<'a> {
    d: String,
    n: u8,
    #[serde(borrow)]
    e: Vec<(usize, usize, Vec<&'a RawValue>)>,
}

/// Whether a stored record is a delta rather than a full node.
pub fn is_delta(record: &str) -> bool {
    record.starts_with("{\"d\":")
}

/// The base and chain length of a delta record.
pub fn base_of(record: &str) -> Option<(NodeId, u8)> {
    let d: Delta<'_> = serde_json::from_str(record)
        .ok()
        .filter(|_| is_delta(record))?;
    Some((NodeId::from_stored(d.d), d.n))
}

/// The entries of a full record, verbatim, and whether it is an object.
fn entries(record: &str) -> Option<(bool, Vec<&str>)> {
    let f: Full<'_> = serde_json::from_str(record).ok()?;
    match (f.o, f.a) {
        (Some(o), None) => Some((true, o.into_iter().map(RawValue::get).collect())),
        (None, Some(a)) => Some((false, a.into_iter().map(RawValue::get).collect())),
        _ => None,
    }
}

/// `record` as a delta over `base` (whose chain length is `base_depth`),
/// when that is worth it: the base is not at the end of a chain, both are
/// the same kind of node, and the delta is at most half the record.
pub fn encode(base_id: &NodeId, base_depth: u8, base: &str, record: &str) -> Option<String> {
    if base_depth >= MAX_CHAIN {
        return None;
    }
    let (base_obj, old) = entries(base)?;
    let (obj, new) = entries(record)?;
    if base_obj != obj {
        return None;
    }
    let mut out = format!(
        "{{\"d\":\"{}\",\"n\":{},\"e\":[",
        base_id.as_str(),
        base_depth + 1
    );
    let mut first = true;
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old, &new) {
        let (at, removed, inserted) = match op {
            similar::DiffOp::Equal { .. } => continue,
            similar::DiffOp::Delete {
                old_index, old_len, ..
            } => (old_index, old_len, &new[0..0]),
            similar::DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (old_index, 0, &new[new_index..new_index + new_len]),
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (old_index, old_len, &new[new_index..new_index + new_len]),
        };
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&format!("[{at},{removed},[{}]]", inserted.join(",")));
        if out.len() * 2 > record.len() {
            return None;
        }
    }
    out.push_str("]}");
    Some(out)
}

/// `record` as a delta over `base`, when the caller knows which entries
/// changed: `entries` are their positions (in order; the base has the same
/// number of entries, so a position is the same in both) and their byte
/// ranges in `record`. No diff of the two records is needed. The same rules
/// as [`encode`] decide whether it is worth it.
pub fn encode_edited(
    base_id: &NodeId,
    base_depth: u8,
    record: &str,
    entries: &[(usize, std::ops::Range<usize>)],
) -> Option<String> {
    if base_depth >= MAX_CHAIN {
        return None;
    }
    let mut out = format!(
        "{{\"d\":\"{}\",\"n\":{},\"e\":[",
        base_id.as_str(),
        base_depth + 1
    );
    let mut i = 0;
    while i < entries.len() {
        // A run of neighbouring positions is one edit.
        let mut j = i + 1;
        while j < entries.len() && entries[j].0 == entries[j - 1].0 + 1 {
            j += 1;
        }
        if i > 0 {
            out.push(',');
        }
        let (at, removed) = (entries[i].0, j - i);
        out.push_str(&format!("[{at},{removed},["));
        for (n, (_, range)) in entries[i..j].iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            out.push_str(record.get(range.clone())?);
        }
        out.push_str("]]");
        if out.len() * 2 > record.len() {
            return None;
        }
        i = j;
    }
    out.push_str("]}");
    Some(out)
}

/// Rebuilds the full record from its base's full record and a delta.
pub fn apply(base: &str, delta: &str) -> Result<String, String> {
    let d: Delta<'_> =
        serde_json::from_str(delta).map_err(|e| format!("not a delta record ({e})"))?;
    let (obj, old) = entries(base).ok_or("the base is not a node record")?;
    let mut out: Vec<&str> = Vec::with_capacity(old.len());
    let mut cursor = 0;
    for (at, removed, inserted) in &d.e {
        let end = at
            .checked_add(*removed)
            .filter(|end| *at >= cursor && *end <= old.len())
            .ok_or("an edit is out of order or out of range")?;
        out.extend_from_slice(&old[cursor..*at]);
        out.extend(inserted.iter().map(|r| r.get()));
        cursor = end;
    }
    out.extend_from_slice(&old[cursor..]);
    let head = if obj { "{\"o\":[" } else { "{\"a\":[" };
    Ok(format!("{head}{}]}}", out.join(",")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delta_rebuilds_the_record_exactly() {
        let base = r#"{"o":[["a",1],["b","x"],["c",["ID1"]],["d",true]]}"#;
        let next = r#"{"o":[["a",2],["b","x"],["new",null],["c",["ID1"]]]}"#;
        let id = NodeId::of(base);
        // Small records are not worth a delta; force one by a long base.
        let long_base = base.replace("\"x\"", &format!("\"{}\"", "x".repeat(400)));
        let long_next = next.replace("\"x\"", &format!("\"{}\"", "x".repeat(400)));
        let d = encode(&id, 0, &long_base, &long_next).unwrap();
        assert!(is_delta(&d));
        assert_eq!(base_of(&d), Some((id, 1)));
        assert_eq!(apply(&long_base, &d).unwrap(), long_next);
        assert!(
            encode(&NodeId::of(base), 0, base, next).is_none(),
            "not worth it"
        );
        assert!(encode(&NodeId::of(base), MAX_CHAIN, &long_base, &long_next).is_none());
        let arr = encode(&NodeId::of("x"), 0, &long_base, r#"{"a":[1]}"#);
        assert!(arr.is_none(), "an object is never a delta of an array");
    }

    #[test]
    fn broken_deltas_are_errors() {
        let base = r#"{"a":[1,2,3]}"#;
        assert!(apply(base, r#"{"d":"x","n":1,"e":[[5,1,[]]]}"#).is_err());
        assert!(apply(base, r#"{"d":"x","n":1,"e":[[2,0,[]],[1,0,[]]]}"#).is_err());
        assert!(apply(base, "nonsense").is_err());
        assert!(apply("{}", r#"{"d":"x","n":1,"e":[]}"#).is_err());
    }
}
