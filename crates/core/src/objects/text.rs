//! A file's text as a tree of chunks, so that it is stored like a config:
//! content-addressed, shared across snapshots, and changed by an edit only
//! near the edit.
//!
//! The text is cut into *units* (lines with their line ends; a very long
//! line, such as minified JSON, is cut further into pieces), units are
//! gathered into *chunks* and chunks into *groups*:
//!
//! ```text
//! [ [ ["line 1\n", "line 2\n", …], [ … ] ], [ … ] ]   top → groups → chunks → units
//! ```
//!
//! Every boundary is content-defined (chosen by a hash of the unit or
//! bytes before it, with a cap on size), as in rsync or restic: an edit
//! moves at most the boundaries next to it, so the chunk it falls in and
//! the group and top nodes above change, each as a small delta
//! ([`super::delta`]), and every other chunk keeps its id. Concatenating
//! the units gives the exact bytes back ([`text_of`]).

use serde_json::Value;

/// A chunk ends after a unit whose hash has these low bits clear (about
/// every 32 units), or at these caps.
const CHUNK_MASK: u64 = 31;
const CHUNK_MAX_UNITS: usize = 128;
const CHUNK_MAX_BYTES: usize = 8 * 1024;
/// A group ends after a chunk whose last unit's hash has these (other) bits
/// clear (about every 32 chunks), or at this cap.
const GROUP_MASK: u64 = 31 << 20;
const GROUP_MAX_CHUNKS: usize = 128;
/// Lines longer than this are cut into pieces of about `PIECE_MASK + 1`
/// bytes, never more than `PIECE_MAX`.
const LONG_LINE: usize = 2048;
const PIECE_MIN: usize = 64;
const PIECE_MASK: u64 = 511;
const PIECE_MAX: usize = 4096;

/// FNV-1a: stable across builds and platforms (ids depend on it).
fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A byte's pseudo-random weight for the rolling (gear) hash.
fn gear(b: u8) -> u64 {
    let mut z = u64::from(b).wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Pushes `line` as one unit, or as content-defined pieces when long.
fn push_line<'t>(line: &'t str, units: &mut Vec<&'t str>) {
    if line.len() <= LONG_LINE {
        units.push(line);
        return;
    }
    let bytes = line.as_bytes();
    let (mut start, mut h) = (0usize, 0u64);
    for i in 0..bytes.len() {
        h = (h << 1).wrapping_add(gear(bytes[i]));
        let len = i + 1 - start;
        let cut = (len >= PIECE_MIN && h & PIECE_MASK == 0) || len >= PIECE_MAX;
        if cut && line.is_char_boundary(i + 1) {
            units.push(&line[start..=i]);
            start = i + 1;
            h = 0;
        }
    }
    if start < line.len() {
        units.push(&line[start..]);
    }
}

/// `text` as its tree of chunks (see the module docs).
pub fn text_tree(text: &str) -> Value {
    let mut units = Vec::new();
    for line in text.split_inclusive('\n') {
        push_line(line, &mut units);
    }
    let mut groups: Vec<Value> = Vec::new();
    let mut group: Vec<Value> = Vec::new();
    let mut chunk: Vec<Value> = Vec::new();
    let mut bytes = 0usize;
    for unit in units {
        let h = fnv(unit.as_bytes());
        chunk.push(Value::String(unit.to_owned()));
        bytes += unit.len();
        let end = h & CHUNK_MASK == 0 || chunk.len() >= CHUNK_MAX_UNITS || bytes >= CHUNK_MAX_BYTES;
        if end {
            group.push(Value::Array(std::mem::take(&mut chunk)));
            bytes = 0;
            if h & GROUP_MASK == 0 || group.len() >= GROUP_MAX_CHUNKS {
                groups.push(Value::Array(std::mem::take(&mut group)));
            }
        }
    }
    if !chunk.is_empty() {
        group.push(Value::Array(chunk));
    }
    if !group.is_empty() {
        groups.push(Value::Array(group));
    }
    Value::Array(groups)
}

/// The text a tree of chunks holds: its units concatenated. `None` when
/// `tree` is not such a tree.
pub fn text_of(tree: &Value) -> Option<String> {
    let mut out = String::new();
    for group in tree.as_array()? {
        for chunk in group.as_array()? {
            for unit in chunk.as_array()? {
                out.push_str(unit.as_str()?);
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn texts_come_back_exactly() {
        for t in [
            "",
            "a",
            "a\n",
            "\n\n",
            "a\r\nb\r\n",
            "x\u{feff}é\n",
            "no end",
        ] {
            assert_eq!(text_of(&text_tree(t)).as_deref(), Some(t));
        }
        let long = "é,".repeat(40_000);
        let tree = text_tree(&long);
        assert_eq!(text_of(&tree).as_deref(), Some(long.as_str()));
        let pieces: usize = tree
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(Value::as_array)
            .map(Vec::len)
            .sum();
        assert!(pieces > 10, "a long line is cut: {pieces}");
    }

    #[test]
    fn an_edit_changes_only_nearby_chunks() {
        let text: String = (0..5000).map(|i| format!("key{i}: value {i}\n")).collect();
        let edited = text.replace("key2500: value 2500\n", "key2500: other\n");
        let (a, b) = (text_tree(&text), text_tree(&edited));
        let chunks = |v: &Value| -> Vec<Value> {
            v.as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_array)
                .flatten()
                .cloned()
                .collect()
        };
        let (ca, cb) = (chunks(&a), chunks(&b));
        assert_eq!(ca.len(), cb.len());
        let differing = ca.iter().zip(&cb).filter(|(x, y)| x != y).count();
        assert_eq!(differing, 1);
    }

    proptest! {
        #[test]
        fn any_text_round_trips(lines in proptest::collection::vec("[a-z\u{e9} ,:\r]{0,40}", 0..300), long in 0usize..3) {
            let mut text = lines.join("\n");
            if long > 0 {
                text.push_str(&"ab,é".repeat(long * 1500));
            }
            prop_assert_eq!(text_of(&text_tree(&text)), Some(text));
        }
    }
}
