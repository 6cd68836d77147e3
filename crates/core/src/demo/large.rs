//! Large generated documents for the benchmarks.
//!
//! The criterion benches, the native memory bench and the browser benchmark
//! page all measure these same documents, so their figures compare. The
//! generator is deterministic and needs no extra dependency.

use crate::diff::{diff, DiffOptions};
use crate::formats::{parse, Format, ImportError};
use serde_json::{json, Map, Value};

/// A small deterministic generator (a linear congruential one).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn word(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| (b'a' + self.below(26) as u8) as char)
            .collect()
    }
}

/// A config-like document with about `leaves` leaves: sections of
/// settings, some scalar lists and some keyed lists. 50k leaves make about
/// 4.8 MB of pretty JSON.
pub fn document(leaves: usize, seed: u64) -> Value {
    let mut rng = Rng(seed);
    let mut root = Map::new();
    let mut count = 0;
    let mut s = 0;
    while count < leaves {
        let mut section = Map::new();
        for k in 0..40 {
            let v = match k % 8 {
                0 => Value::from(rng.below(100_000)),
                1 => Value::Bool(rng.below(2) == 0),
                _ => Value::from(format!(
                    "https://{}.example.test/{}",
                    rng.word(12),
                    rng.word(80)
                )),
            };
            section.insert(format!("setting_{k:02}_{}", rng.word(6)), v);
        }
        let tags: Vec<Value> = (0..5).map(|_| Value::from(rng.word(10))).collect();
        section.insert("tags".into(), Value::Array(tags));
        let items: Vec<Value> = (0..5)
            .map(|i| json!({"id": format!("item-{s}-{i}"), "value": rng.word(30)}))
            .collect();
        section.insert("items".into(), Value::Array(items));
        count += 40 + 5 + 10;
        root.insert(format!("section_{s:05}"), Value::Object(section));
        s += 1;
    }
    Value::Object(root)
}

/// `doc` with `share` of its leaves changed (strings, numbers, booleans).
/// Identity keys stay, so keyed lists match element by element.
pub fn mutate(doc: &Value, share: f64, seed: u64) -> Value {
    fn walk(v: &mut Value, rng: &mut Rng, every: usize) {
        match v {
            Value::Object(m) => m.values_mut().for_each(|c| walk(c, rng, every)),
            Value::Array(a) => a.iter_mut().for_each(|c| walk(c, rng, every)),
            Value::String(s) if rng.below(every) == 0 && !s.starts_with("item-") => {
                s.push_str("-changed")
            }
            Value::Number(n) if rng.below(every) == 0 => {
                *v = Value::from(n.as_u64().unwrap_or(0) + 1)
            }
            Value::Bool(b) if rng.below(every) == 0 => *b = !*b,
            _ => {}
        }
    }
    let mut out = doc.clone();
    walk(&mut out, &mut Rng(seed), (1.0 / share.max(1e-9)) as usize);
    out
}

/// Two documents holding one `n`-element keyed list (`/flows`): 5% of the
/// elements changed and 5% moved to another place.
pub fn keyed_lists(n: usize) -> (Value, Value) {
    let mut rng = Rng(7);
    let a: Vec<Value> = (0..n)
        .map(|i| {
            json!({"id": format!("flow-{i:06}"), "schedule": "*/5 * * * *", "enabled": true,
                   "target": rng.word(20), "retries": rng.below(10)})
        })
        .collect();
    let mut b = a.clone();
    for _ in 0..n / 20 {
        let i = rng.below(n);
        b[i]["target"] = Value::from(rng.word(20));
    }
    for _ in 0..n / 20 {
        let from = rng.below(b.len());
        let el = b.remove(from);
        let to = rng.below(b.len());
        b.insert(to, el);
    }
    (json!({ "flows": a }), json!({ "flows": b }))
}

/// The two 50k-leaf documents of the memory benches, as pretty JSON.
pub fn memory_texts() -> (String, String) {
    let a = document(50_000, 1);
    let b = mutate(&a, 0.1, 2);
    let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default();
    (pretty(&a), pretty(&b))
}

/// Parses two JSON texts and diffs them the way the app holds them: each
/// text is asked for only when the one before is parsed, and dropped once
/// parsed. `read(0)` and `read(1)` give the texts. Returns the number of
/// input bytes and of changes; the peak memory of this call is what the
/// memory benches measure.
pub fn parse_then_diff<E: From<ImportError>>(
    mut read: impl FnMut(usize) -> Result<String, E>,
) -> Result<(usize, usize), E> {
    let text = read(0)?;
    let mut bytes = text.len();
    let a = parse(&text, Format::Json)?;
    drop(text);
    let text = read(1)?;
    bytes += text.len();
    let b = parse(&text, Format::Json)?;
    drop(text);
    Ok((bytes, diff(&a, &b, &DiffOptions::default()).len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_have_the_asked_size_and_share_of_changes() {
        let a = document(5_000, 1);
        let leaves = crate::pointer::leaves(&a).len();
        assert!((5_000..5_100).contains(&leaves), "{leaves} leaves");
        let b = mutate(&a, 0.1, 2);
        let changes = diff(&a, &b, &DiffOptions::default()).len();
        assert!((300..700).contains(&changes), "{changes} changes");
        assert_eq!(document(5_000, 1), a, "deterministic");
    }

    #[test]
    fn keyed_lists_move_without_a_cascade() {
        let (a, b) = keyed_lists(2_000);
        let changes = diff(&a, &b, &DiffOptions::default());
        assert!(
            changes.len() <= 2 * 2_000 / 20 + 10,
            "{} changes",
            changes.len()
        );
    }

    #[test]
    fn parse_then_diff_reads_each_text_once() {
        let texts = [r#"{"a":1,"b":[1,2]}"#, r#"{"a":2,"b":[1,2,3]}"#];
        let mut asked = vec![];
        let got = parse_then_diff::<ImportError>(|i| {
            asked.push(i);
            Ok(texts[i].to_string())
        });
        assert_eq!(got.ok(), Some((texts[0].len() + texts[1].len(), 2)));
        assert_eq!(asked, [0, 1]);
        assert!(parse_then_diff::<ImportError>(|_| Ok("{".into())).is_err());
    }
}
