//! Secrets across features: the mask key never leaves the workspace (links,
//! files, config exports), and what is shared is masked under it.

#![allow(clippy::unwrap_used)]

use jiff::Timestamp;
use preflight_core::approval::{self, Shared};
use preflight_core::changeset::ChangeSet;
use preflight_core::demo;
use preflight_core::environment::EnvId;
use preflight_core::formats::{render_masked, Format};
use preflight_core::patterns::{is_mask_token, MaskKind};

const KEY: [u8; 32] = [0x5a; 32];

fn keyed_demo() -> preflight_core::workspace::Workspace {
    let mut ws = demo::workspace();
    assert!(ws.ensure_mask_key(KEY));
    ws
}

fn key_text(ws: &preflight_core::workspace::Workspace) -> String {
    serde_json::to_value(&ws.settings.mask_key)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn approval_links_and_files_carry_masks_not_the_key() {
    let ws = keyed_demo();
    let key = key_text(&ws);
    let set = ChangeSet::between(&ws, &EnvId::new("qa"), &EnvId::new("production")).unwrap();
    let now = Timestamp::from_second(1_800_000_000).unwrap();
    for include in [false, true] {
        let req = approval::request(&ws, &set, vec![], "", "Ada", now, include);
        assert_eq!(req.changeset_hash, set.hash);
        let link = approval::to_link_payload(&Shared::Request(req.clone()));
        let file = approval::to_file(&Shared::Request(req.clone()));
        assert!(!file.contains(&key) && !link.contains(&key));
        if !include {
            assert!(!file.contains("live-erp-pass-2f8c"));
            assert!(req.changes.iter().any(|c| c
                .new
                .as_ref()
                .and_then(|v| v.as_str())
                .and_then(is_mask_token)
                == Some(MaskKind::Current)));
            // The masked changes are the masked change set's: an approver
            // recomputes the hash from them without the key.
            let shared = set.masked(&ws.settings.compiled_patterns());
            assert_eq!(shared.changes, req.changes);
            assert_eq!(shared.hash_of_masked(), req.changeset_hash);
        }
    }
}

#[test]
fn config_exports_mask_under_the_key_and_never_include_it() {
    let ws = keyed_demo();
    let key = key_text(&ws);
    let patterns = ws.settings.compiled_patterns();
    let prod = ws.env(&EnvId::new("production")).unwrap();
    for format in [Format::Json, Format::Yaml, Format::Env] {
        let Ok(text) = render_masked(&prod.config, format, &patterns) else {
            continue; // .env takes flat configs only
        };
        assert!(!text.contains(&key), "{format:?}");
        assert!(!text.contains("live-erp-pass-2f8c"), "{format:?}");
        assert!(text.contains("••••••• ~"), "{format:?}: {text}");
    }
}

#[test]
fn masks_differ_between_workspaces() {
    let a = keyed_demo();
    let mut b = demo::workspace();
    b.ensure_mask_key([1; 32]);
    let v = serde_json::json!("live-erp-pass-2f8c");
    assert_ne!(
        a.settings.compiled_patterns().mask(&v),
        b.settings.compiled_patterns().mask(&v)
    );
}
