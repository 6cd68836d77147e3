//! Random documents for the files property tests: a tree that each format
//! can hold, rendered as a commented file in that format, and a changed
//! copy of it (the "source") to diff against.
//!
//! Every key and element gets a comment line `c<N>` right above it, so the
//! tests can tell which comment belongs to which path.
#![allow(dead_code, clippy::unwrap_used)]

pub mod render;

use preflight_core::files::SourceFormat;
use serde_json::{Map, Number, Value};

/// A small deterministic generator (SplitMix64): proptest picks the seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What a format can hold.
#[derive(Clone, Copy)]
pub struct Rules {
    pub format: SourceFormat,
}

impl Rules {
    fn flat(self) -> bool {
        self.format == SourceFormat::Env
    }
    fn toml(self) -> bool {
        self.format == SourceFormat::Toml
    }
}

const ODD_KEYS: &[&str] = &[
    "name", "port", "a", "b c", "d.e", "q\"uote", "ünï", "ti~lde", "sl/ash", "~1", "x-y", "k_9",
    "true", "01", "",
];
const ENV_KEYS: &[&str] = &[
    "APP_NAME",
    "DB_HOST",
    "DB_PORT",
    "LOG_LEVEL",
    "FEATURE_X",
    "API_URL",
    "CACHE_TTL",
    "A",
    "B_2",
    "x.y",
    "with-dash",
];
const STRINGS: &[&str] = &[
    "plain",
    "two words",
    "",
    "true",
    "123",
    "null",
    "a: b",
    "# not a comment",
    "it's",
    "say \"hi\"",
    "C:\\dir",
    "ünïcödé",
    "line\nbreak",
    "-dash",
    "[x]",
    "{y}",
    "~",
    "*star",
    "&amp",
];

pub fn scalar(rng: &mut Rng, rules: Rules) -> Value {
    if rules.flat() {
        let s = rng.pick(STRINGS);
        // .env cannot hold every text: keep to what its writer can quote.
        return Value::String(
            if s.contains('\\') || s.contains('"') {
                "x"
            } else {
                s
            }
            .to_string(),
        );
    }
    match rng.below(if rules.toml() { 9 } else { 11 }) {
        0 => Value::Bool(rng.chance(50)),
        1 => Value::from(rng.below(1000) as i64 - 500),
        2 => Value::from(*rng.pick(&[i64::MIN, i64::MAX, 9_007_199_254_740_993, -1])),
        3 => Value::Number(
            Number::from_f64(*rng.pick(&[0.1, 1.5, -2.25, 1e300, 6.02e23, 0.5])).unwrap(),
        ),
        4..=8 => Value::String(rng.pick(STRINGS).to_string()),
        9 => Value::Null,
        _ => Value::from(*rng.pick(&[u64::MAX, 1u64 << 63])),
    }
}

fn key(rng: &mut Rng, rules: Rules, taken: &Map<String, Value>) -> String {
    let pool = if rules.flat() { ENV_KEYS } else { ODD_KEYS };
    for _ in 0..20 {
        let mut k = rng.pick(pool).to_string();
        if rng.chance(30) && !rules.flat() {
            k.push_str(&rng.below(10).to_string());
        }
        if rules.toml() && k.is_empty() {
            continue;
        }
        if !taken.contains_key(&k) {
            return k;
        }
    }
    format!("k{}", rng.below(1_000_000))
}

/// A random document the format holds (an object at the top).
pub fn document(rng: &mut Rng, rules: Rules) -> Value {
    object(rng, rules, 0)
}

fn object(rng: &mut Rng, rules: Rules, depth: usize) -> Value {
    let n = 1 + rng.below(if rules.flat() { 8 } else { 6 });
    let mut m = Map::new();
    for _ in 0..n {
        let k = key(rng, rules, &m);
        let v = value(rng, rules, depth + 1);
        m.insert(k, v);
    }
    if rules.toml() {
        toml_order(&mut m);
    }
    Value::Object(m)
}

/// TOML writes plain keys before sub-tables: order the tree that way.
fn toml_order(m: &mut Map<String, Value>) {
    let is_table = |v: &Value| v.is_object() || render::toml_tables(v);
    let entries: Vec<(String, Value)> = std::mem::take(m).into_iter().collect();
    let (tables, plain): (Vec<_>, Vec<_>) = entries.into_iter().partition(|(_, v)| is_table(v));
    m.extend(plain);
    m.extend(tables);
}

fn value(rng: &mut Rng, rules: Rules, depth: usize) -> Value {
    if rules.flat() || depth > 3 || rng.chance(45) {
        return scalar(rng, rules);
    }
    match rng.below(4) {
        0 => object(rng, rules, depth),
        1 | 2 => keyed_list(rng, rules, depth),
        _ => {
            let n = rng.below(4);
            Value::Array((0..n).map(|_| scalar(rng, rules)).collect())
        }
    }
}

fn element(rng: &mut Rng, rules: Rules, depth: usize, id: usize) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), Value::String(format!("item{id}")));
    for _ in 0..rng.below(3) {
        let k = key(rng, rules, &m);
        let v = if depth < 3 && rng.chance(20) {
            object(rng, rules, depth + 1)
        } else {
            scalar(rng, rules)
        };
        m.insert(k, v);
    }
    if rules.toml() {
        toml_order(&mut m);
    }
    Value::Object(m)
}

fn keyed_list(rng: &mut Rng, rules: Rules, depth: usize) -> Value {
    let n = 1 + rng.below(5);
    Value::Array((0..n).map(|i| element(rng, rules, depth, i)).collect())
}

/// A changed copy: values modified, keys added and removed, keyed lists
/// reordered, elements added and removed.
pub fn mutate(rng: &mut Rng, rules: Rules, v: &Value, depth: usize) -> Value {
    match v {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, child) in m {
                if rng.chance(12) {
                    continue;
                }
                let child = if rng.chance(55) {
                    mutate(rng, rules, child, depth + 1)
                } else {
                    child.clone()
                };
                out.insert(k.clone(), child);
                if rng.chance(10) {
                    let nk = key(rng, rules, m);
                    if !out.contains_key(&nk) && !m.contains_key(&nk) {
                        out.insert(nk, value(rng, rules, depth + 1));
                    }
                }
            }
            if out.is_empty() || rng.chance(10) {
                let nk = key(rng, rules, m);
                if !m.contains_key(&nk) {
                    out.insert(nk, value(rng, rules, depth + 1));
                }
            }
            if rules.toml() {
                toml_order(&mut out);
            }
            Value::Object(out)
        }
        Value::Array(items)
            if items.iter().all(|i| i.get("name").is_some()) && !items.is_empty() =>
        {
            let mut out: Vec<Value> = Vec::new();
            for e in items {
                if rng.chance(15) {
                    continue;
                }
                out.push(if rng.chance(35) {
                    mutate(rng, rules, e, depth + 1)
                } else {
                    e.clone()
                });
            }
            out.retain(|e| e.get("name").is_some());
            if out.len() > 1 && rng.chance(60) {
                let (i, j) = (rng.below(out.len()), rng.below(out.len()));
                out.swap(i, j);
            }
            if out.len() > 2 && rng.chance(30) {
                out.rotate_left(1);
            }
            if rng.chance(25) {
                let at = rng.below(out.len() + 1);
                let id = 100 + rng.below(100);
                out.insert(at, element(rng, rules, depth, id));
            }
            dedupe_names(&mut out);
            Value::Array(out)
        }
        Value::Array(items) => {
            let mut out: Vec<Value> = items.iter().filter(|_| !rng.chance(20)).cloned().collect();
            if rng.chance(40) {
                let at = rng.below(out.len() + 1);
                out.insert(at, scalar(rng, rules));
            }
            if !out.is_empty() && rng.chance(30) {
                let at = rng.below(out.len());
                out[at] = scalar(rng, rules);
            }
            Value::Array(out)
        }
        _ => {
            if !rules.flat() && !rules.toml() && depth < 3 && rng.chance(10) {
                object(rng, rules, depth)
            } else {
                scalar(rng, rules)
            }
        }
    }
}

fn dedupe_names(items: &mut Vec<Value>) {
    let mut seen = std::collections::HashSet::new();
    items.retain(|e| seen.insert(e.get("name").map(|n| n.to_string())));
}
