use preflight_core::demo::large::{document, mutate};
use preflight_core::objects::NodeId;
use preflight_core::snapshot::{self, SnapshotReason};
use preflight_core::stored::{Area, StoredWorkspace};
use preflight_core::{demo, jiff::Timestamp};
use std::collections::HashMap;
use std::time::Instant;
fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let mut ws = demo::workspace();
    for (i, env) in ws.environments.iter_mut().enumerate() {
        env.config = document(50_000, 1 + i as u64 % 2).into();
    }
    let mut records = HashMap::new();
    let mut nodes = HashMap::new();
    let mut stored = StoredWorkspace::empty();
    let now = Timestamp::UNIX_EPOCH;
    for round in 0..21u64 {
        let env = ws.environments[1].id.clone();
        if round > 0 {
            let next = mutate(&ws.environments[1].config, 0.1, round + 100);
            let _ = snapshot::take(&mut ws, &env, SnapshotReason::BeforePromotion, "b", now);
            ws.environments[1].set_config(next);
            let _ = snapshot::take(&mut ws, &env, SnapshotReason::AfterPromotion, "b", now);
        }
        let t = Instant::now();
        let c = stored.plan(&ws);
        if mode == "keys" {
            let mut v: Vec<_> = c
                .puts
                .iter()
                .map(|(a, k, v)| (v.len(), format!("{a:?} {k}")))
                .collect();
            v.sort();
            v.reverse();
            eprintln!("{:?}", &v[..6.min(v.len())]);
        }
        if mode != "load" {
            eprintln!(
                "plan {round}: {:?} puts {} bytes {}",
                t.elapsed(),
                c.puts.len(),
                c.bytes()
            );
        }
        for (a, k, v) in &c.puts {
            match a {
                Area::Records => {
                    records.insert(k.clone(), v.clone());
                }
                Area::Nodes => {
                    nodes.insert(NodeId::from_stored(k.clone()), v.clone());
                }
                _ => {}
            }
        }
        stored.committed(c);
    }
    if mode == "load" {
        for _ in 0..3 {
            let t = Instant::now();
            let l = StoredWorkspace::load(&records, &nodes, [], 21);
            eprintln!("load {:?} {}", t.elapsed(), l.is_ok());
        }
    }
}
