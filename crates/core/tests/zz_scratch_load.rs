use preflight_core::changeset::ChangeSet;
use preflight_core::demo;
use preflight_core::objects::NodeId;
use preflight_core::promote::{self, Selection};
use preflight_core::stored::{Area, StoredWorkspace};
use std::collections::HashMap;
use std::time::Instant;

#[test]
#[ignore]
fn scratch_load() {
    let rounds: u64 = std::env::var("R")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(50);
    let mut ws = demo::workspace();
    demo::history::seed(&mut ws, 50_000);
    let (dev, qa) = (ws.environments[0].id.clone(), ws.environments[1].id.clone());
    let mut records: HashMap<String, String> = HashMap::new();
    let mut nodes: HashMap<NodeId, String> = HashMap::new();
    let mut stored = StoredWorkspace::empty();
    let mut save = |stored: &mut StoredWorkspace, ws: &preflight_core::Workspace| {
        let c = stored.plan(ws);
        for (a, k, v) in &c.puts {
            match a {
                Area::Records => {
                    records.insert(k.clone(), v.clone());
                }
                Area::Nodes => {
                    nodes.insert(NodeId::from_stored(k.clone()), v.clone());
                }
                Area::Meta => {}
            }
        }
        stored.committed(c);
    };
    save(&mut stored, &ws);
    let t = Instant::now();
    for round in 1..=rounds {
        demo::history::edit(&mut ws, &dev, round).unwrap();
        save(&mut stored, &ws);
        let set = ChangeSet::between(&ws, &dev, &qa).unwrap();
        promote::promote(
            &mut ws,
            &set,
            &Selection::all(),
            "",
            "Ada",
            preflight_core::jiff::Timestamp::now(),
        )
        .unwrap();
        save(&mut stored, &ws);
    }
    eprintln!("built {rounds} rounds in {:?}", t.elapsed());
    drop(save);
    let rec_bytes: usize = records.values().map(|v| v.len()).sum();
    let audit_bytes: usize = records
        .iter()
        .filter(|(k, _)| k.starts_with("audit/"))
        .map(|(_, v)| v.len())
        .sum();
    eprintln!(
        "records {} bytes, audit {} bytes, nodes {}",
        rec_bytes,
        audit_bytes,
        nodes.len()
    );
    let t = Instant::now();
    let (_ws, _st, _r) = StoredWorkspace::load_records(
        &records,
        &HashMap::<NodeId, String>::new(),
        nodes.keys().cloned(),
        1,
    )
    .unwrap()
    .unwrap();
    eprintln!("load_records {:?}", t.elapsed());
    let only_audit: HashMap<String, String> = records
        .iter()
        .filter(|(k, _)| k.starts_with("audit/"))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let t = Instant::now();
    for v in only_audit.values() {
        let _e: preflight_core::audit::AuditEvent = serde_json::from_str(v).unwrap();
    }
    eprintln!("audit parse {:?}", t.elapsed());
    let t = Instant::now();
    for e in &ws.environments {
        let _ = preflight_core::objects::hash_tree(&e.config);
    }
    eprintln!("hash 3 {:?}", t.elapsed());
    let t = Instant::now();
    let _c = ws.clone();
    eprintln!("clone ws {:?}", t.elapsed());
}
