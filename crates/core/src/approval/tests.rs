//! Links, files and attaching: the envelope and the stale check.

#![allow(clippy::unwrap_used)]
use super::tests_signed::{seal_with, trust_key, GRACE};
use super::*;
use crate::audit::AuditAction;
use crate::changeset::ChangeSet;
use crate::demo;
use crate::environment::EnvId;
use crate::workspace::Workspace;
use jiff::Timestamp;
use serde_json::Value;

fn now() -> Timestamp {
    Timestamp::from_second(1_800_000_000).unwrap()
}

fn sample() -> (Workspace, ChangeSet, ApprovalRequest) {
    let ws = demo::workspace();
    let set = ChangeSet::between(&ws, &EnvId::new("qa"), &EnvId::new("production")).unwrap();
    let req = request(
        &ws,
        &set,
        vec!["/logging/level".into()],
        "please",
        "Ada",
        now(),
        false,
    );
    (ws, set, req)
}

#[test]
fn a_request_round_trips_by_link_and_file_without_secrets() {
    let (_, set, req) = sample();
    let link = to_link_payload(&Shared::Request(req.clone()));
    assert!(link.len() < LINK_WARN_CHARS, "{}", link.len());
    assert_eq!(
        from_link_payload(&link).unwrap(),
        Shared::Request(req.clone())
    );
    assert_eq!(
        from_link_payload(&format!("https://x.test/approve#r={link}")).unwrap(),
        Shared::Request(req.clone())
    );
    let file = to_file(&Shared::Request(req.clone()));
    assert_eq!(from_file(&file).unwrap(), Shared::Request(req.clone()));
    for secret in ["qa-erp-pass-37", "live-erp-pass-2f8c", "qa-sf-0b8e3f5512"] {
        assert!(!file.contains(secret));
    }
    assert_eq!(req.changeset_hash, set.hash);
}

#[test]
fn damaged_links_are_refused_specifically() {
    let (_, _, req) = sample();
    let link = to_link_payload(&Shared::Request(req));
    assert_eq!(from_link_payload(""), Err(ShareError::Empty));
    assert!(matches!(
        from_link_payload(&format!("{link}!")),
        Err(ShareError::NotBase64 { .. })
    ));
    assert!(from_link_payload(&link[..link.len() / 2]).is_err());
    // Change one character anywhere: never accepted as valid.
    for i in (0..link.len()).step_by(7) {
        let mut bytes = link.clone().into_bytes();
        bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(bytes).unwrap();
        if tampered != link {
            assert!(
                from_link_payload(&tampered).is_err(),
                "accepted a change at {i}"
            );
        }
    }
    let mut file: Value = serde_json::from_str(&to_file(&Shared::Request(sample().2))).unwrap();
    file["body"]["comment"] = "edited".into();
    assert!(matches!(
        from_file(&file.to_string()),
        Err(ShareError::Tampered { .. })
    ));
    file["version"] = 9.into();
    assert!(matches!(
        from_file(&file.to_string()),
        Err(ShareError::TooNew { .. })
    ));
    assert!(matches!(
        from_file("{"),
        Err(ShareError::NotPreflight { .. })
    ));
}

#[test]
fn a_record_attaches_only_while_the_change_set_is_unchanged() {
    let (mut ws, _, req) = sample();
    trust_key(&mut ws, GRACE, "Grace");
    let mut record = answer(&req, Decision::Approved, "Grace", "ok", now()).unwrap();
    record.approval = seal_with(record.approval, GRACE);
    assert!(answer(&req, Decision::Approved, "  ", "", now()).is_err());
    let link = to_link_payload(&Shared::Record(record.clone()));
    let Shared::Record(back) = from_link_payload(&link).unwrap() else {
        panic!()
    };
    let mut stale = ws.clone();
    stale
        .env_mut(&EnvId::new("production"))
        .unwrap()
        .set_config(serde_json::json!({}));
    assert!(matches!(
        attach(&mut stale, &back, "Ada", now()),
        Err(AttachError::Stale { .. })
    ));
    let preview = inspect(&ws, &back).unwrap();
    assert_eq!(preview.signer.name, "Grace");
    assert_eq!(preview.scope, ["/logging/level"]);
    assert!(ws.approvals.is_empty(), "inspect changes nothing");
    attach(&mut ws, &back, "Ada", now()).unwrap();
    assert_eq!(latest(&ws, &req.changeset_hash).unwrap().approver, "Grace");
    assert_eq!(ws.approvals[0].attached_at, Some(now()));
    let event = ws.audit.last().unwrap();
    assert_eq!(event.action, AuditAction::Approval);
    assert!(
        event.comment.starts_with("Approved by Grace (key "),
        "{}",
        event.comment
    );
    assert_eq!(
        attach(&mut ws, &back, "Ada", now()),
        Err(AttachError::Duplicate)
    );
}
