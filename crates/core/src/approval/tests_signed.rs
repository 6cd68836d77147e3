//! Signatures and trust: the round trip, each refusal with its own error,
//! the order that decides, selections, key cards and backup merges.

#![allow(clippy::unwrap_used)]
use super::signing::{fingerprint, verify_signature};
use super::*;
use crate::audit::AuditAction;
use crate::changeset::ChangeSet;
use crate::demo;
use crate::environment::EnvId;
use crate::promote::{self, PromoteError, Selection};
use crate::workspace::Workspace;
use ed25519_dalek::{Signer as _, SigningKey};
use jiff::Timestamp;

/// Seeds of test keys (never used outside tests).
pub(super) const GRACE: [u8; 32] = [7; 32];
pub(super) const MALLORY: [u8; 32] = [66; 32];

fn at(s: i64) -> Timestamp {
    Timestamp::from_second(s).unwrap()
}

fn now() -> Timestamp {
    at(1_800_000_000)
}

fn public(seed: [u8; 32]) -> [u8; 32] {
    SigningKey::from_bytes(&seed).verifying_key().to_bytes()
}

/// `a` signed as the browser would, with the key of `seed`.
pub(super) fn seal_with(a: Approval, seed: [u8; 32]) -> Approval {
    let key = SigningKey::from_bytes(&seed);
    let sig = key.sign(&signing_bytes(&a)).to_bytes();
    seal(a, &public(seed), &sig).unwrap()
}

pub(super) fn card(seed: [u8; 32], name: &str) -> KeyCard {
    let key = SigningKey::from_bytes(&seed);
    let sig = key.sign(&KeyCard::bytes(name, &public(seed))).to_bytes();
    KeyCard::new(name, &public(seed), &sig).unwrap()
}

pub(super) fn trust_key(ws: &mut Workspace, seed: [u8; 32], name: &str) {
    trust::trust(ws, &card(seed, name), "Ada", now()).unwrap();
}

fn production() -> (Workspace, ChangeSet) {
    let mut ws = demo::workspace();
    ws.settings.require_approval = true;
    let set = ChangeSet::between(&ws, &EnvId::new("qa"), &EnvId::new("production")).unwrap();
    (ws, set)
}

fn approval(set: &ChangeSet, decision: Decision, name: &str, time: Timestamp) -> Approval {
    Approval {
        changeset_hash: set.hash.clone(),
        decision,
        approver: name.into(),
        comment: "ok".into(),
        time,
        selected: Some(set.changes.iter().map(|c| c.path.clone()).collect()),
        signature: None,
        attached_at: None,
    }
}

fn record(set: &ChangeSet, a: Approval) -> ApprovalRecord {
    let label = |id: &EnvId, version| EnvLabel {
        id: id.clone(),
        name: id.to_string(),
        version,
    };
    ApprovalRecord {
        from: label(
            &set.from.as_ref().unwrap().id,
            set.from.as_ref().unwrap().version,
        ),
        to: label(&set.to.id, set.to.version),
        approval: a,
    }
}

#[test]
fn a_signed_approval_round_trips_through_a_link_and_verifies() {
    let (mut ws, set) = production();
    trust_key(&mut ws, GRACE, "Grace");
    let signed = seal_with(approval(&set, Decision::Approved, "Grace", now()), GRACE);
    let link = to_link_payload(&Shared::Record(record(&set, signed.clone())));
    let Shared::Record(back) = from_link_payload(&link).unwrap() else {
        panic!()
    };
    assert_eq!(back.approval, signed);
    let signer = verify(&back.approval, &ws.settings.trusted_approvers).unwrap();
    assert_eq!(signer.name, "Grace");
    assert_eq!(signer.fingerprint, fingerprint(&public(GRACE)));
    assert_eq!(signer.grouped().len(), 64 + 15);
    attach(&mut ws, &back, "Ada", now()).unwrap();
    promote::promote(&mut ws, &set, &Selection::all(), "", "Ada", now()).unwrap();
}

#[test]
fn the_signed_bytes_are_canonical_and_prefixed() {
    let (_, set) = production();
    let a = approval(&set, Decision::Rejected, "Grace", at(2));
    let bytes = signing_bytes(&a);
    assert!(bytes.starts_with(b"preflight/approval-signature/v1\0"));
    let mut expected = b"preflight/approval-signature/v1\0".to_vec();
    let mut put = |b: &[u8]| {
        expected.extend((b.len() as u32).to_be_bytes());
        expected.extend(b);
    };
    put(set.hash.as_bytes());
    let paths = a.selected.clone().unwrap();
    expected.extend((paths.len() as u32).to_be_bytes());
    let mut put = |b: &[u8]| {
        expected.extend((b.len() as u32).to_be_bytes());
        expected.extend(b);
    };
    for p in &paths {
        put(p.as_bytes());
    }
    for field in ["rejected", "Grace", "ok", "2000000000"] {
        put(field.as_bytes());
    }
    assert_eq!(bytes, expected);
}

#[test]
fn each_altered_field_is_refused_as_altered() {
    let (ws, set) = production();
    let signed = seal_with(approval(&set, Decision::Rejected, "Grace", now()), GRACE);
    let alterations: Vec<fn(&mut Approval)> = vec![
        |a| a.decision = Decision::Approved,
        |a| a.approver = "CTO".into(),
        |a| a.comment = "fine".into(),
        |a| a.time = at(4_070_908_800),
        |a| a.selected = Some(vec!["/anything".into()]),
        |a| a.changeset_hash = "00".into(),
    ];
    for alter in alterations {
        let mut a = signed.clone();
        alter(&mut a);
        assert_eq!(
            verify(&a, &ws.settings.trusted_approvers),
            Err(SignatureError::Altered)
        );
    }
}

#[test]
fn a_signature_by_another_key_is_refused_as_forged() {
    let (mut ws, set) = production();
    trust_key(&mut ws, GRACE, "Grace");
    // Mallory signs, then claims Grace's key.
    let mut a = seal_with(approval(&set, Decision::Approved, "Grace", now()), MALLORY);
    if let Some(s) = a.signature.as_mut() {
        s.public_key = signing::encode(&public(GRACE));
    }
    assert!(matches!(
        verify(&a, &ws.settings.trusted_approvers),
        Err(SignatureError::Forged { .. })
    ));
    // Made-up bytes, and a field edited with its digest recomputed.
    let mut b = seal_with(approval(&set, Decision::Approved, "Grace", now()), GRACE);
    if let Some(s) = b.signature.as_mut() {
        s.signature = signing::encode(&[1; 64]);
    }
    assert!(matches!(
        verify_signature(&b),
        Err(SignatureError::Forged { .. })
    ));
    let mut c = seal_with(approval(&set, Decision::Rejected, "Grace", now()), GRACE);
    c.decision = Decision::Approved;
    let digest = super::signing::hex(&<sha2::Sha256 as sha2::Digest>::digest(signing_bytes(&c)));
    if let Some(s) = c.signature.as_mut() {
        s.signed_digest = digest;
    }
    assert!(matches!(
        verify_signature(&c),
        Err(SignatureError::Forged { .. })
    ));
    // A key that is not a key.
    let mut d = b.clone();
    if let Some(s) = d.signature.as_mut() {
        s.public_key = "short".into();
    }
    assert!(matches!(
        verify_signature(&d),
        Err(SignatureError::Forged { .. })
    ));
    // The browser's signature is checked before a record leaves.
    let e = approval(&set, Decision::Approved, "Grace", now());
    assert!(seal(e, &public(GRACE), &[0; 64]).is_err());
}

#[test]
fn an_untrusted_key_and_an_unsigned_record_are_refused_each_as_such() {
    let (mut ws, set) = production();
    trust_key(&mut ws, GRACE, "Grace");
    let a = seal_with(approval(&set, Decision::Approved, "CTO", now()), MALLORY);
    let err = verify(&a, &ws.settings.trusted_approvers).unwrap_err();
    assert_eq!(
        err,
        SignatureError::Untrusted {
            fingerprint: fingerprint(&public(MALLORY)),
            signed_as: "CTO".into()
        }
    );
    assert!(err.to_string().starts_with("untrusted: "));
    let unsigned = approval(&set, Decision::Approved, "Grace", now());
    assert_eq!(
        verify(&unsigned, &ws.settings.trusted_approvers),
        Err(SignatureError::Unsigned)
    );
    // A trusted key signing in another name.
    let renamed = seal_with(approval(&set, Decision::Approved, "CTO", now()), GRACE);
    assert!(matches!(
        verify(&renamed, &ws.settings.trusted_approvers),
        Err(SignatureError::WrongName { .. })
    ));
    // None of them attaches, and the gate stays shut.
    for a in [a, unsigned, renamed] {
        let err = attach(&mut ws, &record(&set, a.clone()), "Ada", now()).unwrap_err();
        assert!(matches!(err, AttachError::Refused(_)), "{err}");
        ws.approvals.push(a);
    }
    assert_eq!(latest(&ws, &set.hash), None);
    assert!(matches!(
        promote::promote(&mut ws, &set, &Selection::all(), "", "Ada", now()),
        Err(PromoteError::NotApproved { .. })
    ));
    let verdicts: Vec<String> = entries(&ws, &set.hash)
        .into_iter()
        .map(|e| e.verdict.unwrap_err().to_string())
        .collect();
    assert!(verdicts[0].starts_with("untrusted"));
    assert!(verdicts[1].starts_with("unsigned"));
    assert!(verdicts[2].starts_with("signed with the key of trusted approver “Grace”"));
}

#[test]
fn the_order_of_attaching_decides_not_the_time_a_record_claims() {
    let (mut ws, set) = production();
    trust_key(&mut ws, GRACE, "Grace");
    let year_2099 = at(4_070_908_800);
    let early = seal_with(
        approval(&set, Decision::Approved, "Grace", year_2099),
        GRACE,
    );
    let rejection = seal_with(approval(&set, Decision::Rejected, "Grace", now()), GRACE);
    attach(&mut ws, &record(&set, early), "Ada", at(1)).unwrap();
    attach(&mut ws, &record(&set, rejection), "Ada", at(2)).unwrap();
    assert_eq!(latest(&ws, &set.hash).unwrap().decision, Decision::Rejected);
    assert!(matches!(
        promote::promote(&mut ws, &set, &Selection::all(), "", "Ada", now()),
        Err(PromoteError::Rejected { .. })
    ));
    // An unsigned approval attached later (say, by an old build) counts
    // for nothing either.
    ws.approvals
        .push(approval(&set, Decision::Approved, "Grace", year_2099));
    assert_eq!(latest(&ws, &set.hash).unwrap().decision, Decision::Rejected);
    // A later, real approval does decide.
    let again = seal_with(approval(&set, Decision::Approved, "Grace", at(3)), GRACE);
    attach(&mut ws, &record(&set, again), "Ada", at(3)).unwrap();
    assert_eq!(latest(&ws, &set.hash).unwrap().decision, Decision::Approved);
}

#[test]
fn a_record_with_no_selection_covers_nothing() {
    let (mut ws, set) = production();
    trust_key(&mut ws, GRACE, "Grace");
    let paths: Vec<&str> = set.changes.iter().map(|c| c.path.as_str()).collect();
    for selected in [None, Some(vec![])] {
        let mut a = approval(&set, Decision::Approved, "Grace", now());
        a.selected = selected;
        assert_eq!(a.uncovered(paths.iter().copied()).len(), paths.len());
    }
    let mut a = approval(&set, Decision::Approved, "Grace", now());
    a.selected = None;
    attach(&mut ws, &record(&set, seal_with(a, GRACE)), "Ada", now()).unwrap();
    assert!(matches!(
        promote::promote(&mut ws, &set, &Selection::all(), "", "Ada", now()),
        Err(PromoteError::NotApprovedSelection { .. })
    ));
}

#[test]
fn a_key_card_is_trusted_once_audited_and_can_be_withdrawn() {
    let (mut ws, set) = production();
    let grace = card(GRACE, "Grace Hopper");
    let link = to_link_payload(&Shared::KeyCard(grace.clone()));
    let Shared::KeyCard(back) =
        from_link_payload(&format!("https://x.test/approve#k={link}")).unwrap()
    else {
        panic!()
    };
    let preview = trust::preview_card(&ws, &back).unwrap();
    assert_eq!(preview.fingerprint, fingerprint(&public(GRACE)));
    assert!(
        ws.settings.trusted_approvers.is_empty(),
        "preview changes nothing"
    );
    trust::trust(&mut ws, &back, "Ada", now()).unwrap();
    assert_eq!(
        trust::trust(&mut ws, &back, "Ada", now()),
        Err(TrustError::AlreadyTrusted {
            name: "Grace Hopper".into()
        })
    );
    let event = ws.audit.last().unwrap();
    assert_eq!(event.action, AuditAction::GuardChanged);
    assert!(event
        .comment
        .starts_with("Trusted approver added: Grace Hopper (key "));
    // A card renamed on the way no longer verifies.
    let mut renamed = grace.clone();
    renamed.name = "CTO".into();
    assert!(matches!(
        trust::preview_card(&ws, &renamed),
        Err(TrustError::BadCard(SignatureError::Forged { .. }))
    ));
    // Withdrawing trust makes the signer's approvals stop counting.
    let signed = seal_with(
        approval(&set, Decision::Approved, "Grace Hopper", now()),
        GRACE,
    );
    attach(&mut ws, &record(&set, signed), "Ada", now()).unwrap();
    assert!(latest(&ws, &set.hash).is_some());
    trust::distrust(&mut ws, &preview.fingerprint, "Ada", now()).unwrap();
    assert!(latest(&ws, &set.hash).is_none());
    assert!(ws
        .audit
        .last()
        .unwrap()
        .comment
        .starts_with("Trusted approver removed"));
    // A restore that would swap the list says so, line by line.
    let mut other = ws.clone();
    trust_key(&mut other, MALLORY, "Mallory");
    let lines = trust::describe_changes(
        &ws.settings.trusted_approvers,
        &other.settings.trusted_approvers,
    );
    assert_eq!(lines.len(), 1);
    assert!(lines[0].starts_with("Trusted approver added: Mallory (key "));
    // The list survives the stored form (settings, serde default).
    let text = serde_json::to_string(&ws).unwrap();
    let back: Workspace = serde_json::from_str(&text).unwrap();
    assert_eq!(
        back.settings.trusted_approvers,
        ws.settings.trusted_approvers
    );
}

#[test]
fn approvals_from_a_backup_merge_are_verified_and_audited() {
    let (mut ws, set) = production();
    trust_key(&mut ws, GRACE, "Grace");
    let mut backup = ws.clone();
    backup.approvals = vec![
        seal_with(approval(&set, Decision::Approved, "Grace", now()), GRACE),
        approval(&set, Decision::Approved, "CTO", now()),
        seal_with(approval(&set, Decision::Approved, "CTO", now()), MALLORY),
    ];
    let mut forged = backup.approvals[0].clone();
    forged.comment = "edited".into();
    backup.approvals.push(forged);
    let events = ws.audit.len();
    let report = crate::backup::merge(&mut ws, backup, "Ada", now());
    assert_eq!(report.approvals_added, 1);
    assert_eq!(report.approvals_refused.len(), 3);
    assert!(report.approvals_refused[0].contains("unsigned"));
    assert!(report.approvals_refused[1].contains("untrusted"));
    assert!(report.approvals_refused[2].contains("altered"));
    assert_eq!(ws.approvals.len(), 1);
    assert_eq!(ws.approvals[0].attached_at, Some(now()));
    let new: Vec<_> = ws.audit[events..].iter().collect();
    assert_eq!(new[0].action, AuditAction::Approval);
    assert!(new[0].comment.contains("from a backup merge"));
    assert!(report
        .summary()
        .contains("1 signed approval(s) added; 3 approval(s) refused"));
    assert_eq!(latest(&ws, &set.hash).unwrap().approver, "Grace");
}
