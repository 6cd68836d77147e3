//! A long history for the storage benchmark: three environments of about
//! 50,000 leaves (about 1.5 MB of JSON each) and rounds of edits to 10% of
//! the leaves, each promoted into the next environment up.
//!
//! The documents have the shape of [`super::large`]'s (sections of 40
//! settings and a keyed list) with shorter strings, so that 50k leaves make
//! the 1.5 MB the issue names. The benchmark page runs the rounds through
//! the app's own store, one commit per edit and one per promotion, so what
//! it measures is what a person doing the same would store.

use crate::environment::EnvId;
use crate::workspace::Workspace;
use serde_json::{json, Map, Value};

/// Settings per section; two more leaves are in its keyed list.
const SETTINGS: usize = 40;

/// A linear congruential generator (deterministic, no dependency).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
    fn word(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b'a' + self.below(26) as u8))
            .collect()
    }
}

/// A config of about `leaves` leaves: sections of 40 settings (one in
/// eight a number, the rest short URLs) and a one-item keyed list.
pub fn config(leaves: usize, seed: u64) -> Value {
    let mut rng = Rng(seed);
    let mut root = Map::new();
    let mut count = 0;
    let mut s = 0;
    while count < leaves {
        let mut section = Map::new();
        for k in 0..SETTINGS {
            let v = if k % 8 == 0 {
                Value::from(rng.below(100_000))
            } else {
                Value::from(format!("https://{}.test", rng.word(8)))
            };
            section.insert(format!("k{k:02}"), v);
        }
        section.insert(
            "items".into(),
            json!([{"id": format!("item-{s}"), "value": rng.word(8)}]),
        );
        root.insert(format!("s{s:04}"), Value::Object(section));
        count += SETTINGS + 2;
        s += 1;
    }
    Value::Object(root)
}

/// `config` with every tenth string setting changed (a different tenth
/// each round), and the bytes of the changed leaves as compact JSON.
pub fn mutated(config: &Value, round: u64) -> (Value, usize) {
    let mut out = config.clone();
    let mut i = 0u64;
    let mut bytes = 0;
    if let Value::Object(sections) = &mut out {
        for section in sections.values_mut() {
            let Value::Object(settings) = section else {
                continue;
            };
            for v in settings.values_mut() {
                if let Value::String(s) = v {
                    if i % 10 == round % 10 {
                        s.push_str(&format!("-r{round}"));
                        bytes += s.len() + 2;
                    }
                    i += 1;
                }
            }
        }
    }
    (out, bytes)
}

/// Gives every environment of `ws` the same config of `leaves` leaves.
/// Returns the bytes of one config as compact JSON.
pub fn seed(ws: &mut Workspace, leaves: usize) -> usize {
    let doc = config(leaves, 7);
    let bytes = doc.to_string().len();
    for env in &mut ws.environments {
        env.set_config(doc.clone());
    }
    bytes
}

/// One round's edit: `env`'s config [`mutated`]. Returns the bytes of the
/// changed leaves, or `None` when there is no such environment.
pub fn edit(ws: &mut Workspace, env: &EnvId, round: u64) -> Option<usize> {
    let e = ws.environments.iter_mut().find(|e| &e.id == env)?;
    let (next, bytes) = mutated(&e.config, round);
    e.set_config(next);
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{diff, DiffOptions};

    #[test]
    fn fifty_thousand_leaves_make_about_one_and_a_half_megabytes() {
        let doc = config(50_000, 7);
        let len = doc.to_string().len();
        assert!((1_300_000..1_800_000).contains(&len), "{len}");
        assert_eq!(doc, config(50_000, 7));
    }

    #[test]
    fn a_round_changes_a_tenth_of_the_strings_and_counts_their_bytes() {
        let doc = config(4_200, 1);
        let (next, bytes) = mutated(&doc, 3);
        let changes = diff(&doc, &next, &DiffOptions::default());
        // 100 sections × 35 strings, a tenth of them.
        assert_eq!(changes.len(), 350);
        let counted: usize = changes
            .iter()
            .map(|c| c.new.as_ref().map_or(0, |v| v.to_string().len()))
            .sum();
        assert_eq!(counted, bytes);
    }

    #[test]
    fn seeding_and_editing_go_through_the_environments() {
        let mut ws = crate::demo::workspace();
        let bytes = seed(&mut ws, 420);
        assert!(bytes > 0);
        assert_eq!(ws.environments[0].config, ws.environments[2].config);
        let dev = ws.environments[0].id.clone();
        let v = ws.environments[0].version;
        assert!(edit(&mut ws, &dev, 1).is_some_and(|b| b > 0));
        assert_eq!(ws.environments[0].version, v + 1);
        assert_eq!(edit(&mut ws, &EnvId::new("nowhere"), 1), None);
    }
}
