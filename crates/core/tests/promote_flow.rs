//! Promotion, merge, pipeline, snapshots, patch and audit, as a user would
//! go through them.
#![allow(clippy::unwrap_used)]

use preflight_core::audit::{self, AuditAction, AuditFilter};
use preflight_core::changeset::{ChangeSet, ChangeSetBuilder};
use preflight_core::environment::Environment;
use preflight_core::jiff::Timestamp;
use preflight_core::patch::{self, OpProblem, PatchError};
use preflight_core::pipeline::{self, PipelineError};
use preflight_core::promote::{self, PromoteError, Promotion, Resolution, Selection, Warning};
use preflight_core::snapshot::{self, SnapshotReason};
use preflight_core::{demo, pointer, EnvId, Workspace};
use serde_json::{json, Value};

fn now() -> Timestamp {
    "2026-11-22T09:00:00Z".parse().unwrap()
}

fn id(s: &str) -> EnvId {
    EnvId::from(s)
}

fn two(dev: Value, qa: Value) -> Workspace {
    let mut ws = Workspace::empty();
    ws.environments = vec![
        Environment::new("dev", "Development", dev),
        Environment::new("qa", "QA", qa),
    ];
    ws
}

fn config(ws: &Workspace, env: &str) -> Value {
    ws.env(&id(env)).unwrap().config.as_ref().clone()
}

fn edit(ws: &mut Workspace, env: &str, path: &str, v: Value) {
    let e = ws.env_mut(&id(env)).unwrap();
    let mut c = (*e.config).clone();
    pointer::set(&mut c, path, v).unwrap();
    e.set_config(c);
}

#[test]
fn demo_promotion_records_everything_once() {
    let mut ws = demo::workspace();
    let set = ChangeSet::between(&ws, &id("development"), &id("qa")).unwrap();
    assert!(!set.is_empty());
    assert!(set.verify(&ws.settings.compiled_patterns()));
    assert!(set.changes.iter().any(|c| c.pinned));
    let qa_before = config(&ws, "qa");

    let report =
        promote::promote(&mut ws, &set, &Selection::all(), "sprint 42", "Ada", now()).unwrap();

    assert_eq!(ws.audit.len(), 1);
    assert_eq!(ws.snapshots.len(), 2);
    let event = &ws.audit[0];
    assert_eq!(event.id, report.event);
    assert_eq!(event.action, AuditAction::Promotion);
    assert_eq!(event.comment, "sprint 42");
    assert_eq!(event.actor, "Ada");
    assert_eq!(event.environments, vec![id("development"), id("qa")]);
    assert_eq!(
        event.snapshots,
        vec![report.before.clone(), report.after.clone()]
    );
    assert_eq!(event.changeset_hash.as_deref(), Some(set.hash.as_str()));
    assert!(!event.chain_override);
    assert_eq!(
        snapshot::get(&ws, &report.before).unwrap().content,
        qa_before
    );
    assert_eq!(
        snapshot::get(&ws, &report.after).unwrap().reason,
        SnapshotReason::AfterPromotion
    );

    let qa = ws.env(&id("qa")).unwrap();
    assert_eq!(qa.version, 2);
    assert_eq!(report.version, 2);
    let base = qa.promoted_base.as_ref().unwrap();
    assert_eq!(base.from, id("development"));
    assert_eq!(base.snapshot.as_deref(), Some(report.after.as_str()));

    // Pinned keys stayed; everything else now matches development.
    for c in set.changes.iter().filter(|c| c.pinned) {
        assert_eq!(
            pointer::get(&qa.config, &c.path),
            pointer::get(&qa_before, &c.path),
            "{}",
            c.path
        );
    }
    let again = ChangeSet::between(&ws, &id("development"), &id("qa")).unwrap();
    assert!(
        again.changes.iter().all(|c| c.pinned),
        "{:#?}",
        again.changes
    );

    // No secret in clear anywhere in the audit trail.
    let trail = audit::to_json(&ws.audit);
    for secret in ["dev-sf-4c1d9a77e2", "dev-erp-pass-91"] {
        assert!(!trail.contains(secret), "{secret} leaked into the audit");
    }
}

#[test]
fn stale_review_is_refused_and_nothing_changes() {
    let mut ws = two(json!({"a": 1}), json!({"a": 0}));
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    edit(&mut ws, "qa", "/b", json!(true));
    let before = ws.to_json().unwrap();
    let err = promote::promote(&mut ws, &set, &Selection::all(), "", "", now()).unwrap_err();
    assert_eq!(
        err,
        PromoteError::Stale {
            env: id("qa"),
            reviewed: 1,
            current: 2
        }
    );
    assert!(err.to_string().contains("review again"));
    assert_eq!(ws.to_json().unwrap(), before);
}

#[test]
fn a_moved_source_is_a_warning_not_a_refusal() {
    let mut ws = two(json!({"a": 1}), json!({"a": 0}));
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    edit(&mut ws, "dev", "/a", json!(2));
    let r = promote::promote(&mut ws, &set, &Selection::all(), "", "", now()).unwrap();
    assert_eq!(
        config(&ws, "qa"),
        json!({"a": 1}),
        "the reviewed value is applied"
    );
    assert!(r.warnings.contains(&Warning::SourceChanged {
        env: id("dev"),
        reviewed: 1,
        current: 2
    }));
}

#[test]
fn tampered_change_set_is_refused() {
    let mut ws = two(json!({"a": 1}), json!({"a": 0}));
    let mut set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    set.changes[0].new = Some(json!(666));
    let err = promote::promote(&mut ws, &set, &Selection::all(), "", "", now()).unwrap_err();
    assert!(matches!(err, PromoteError::HashMismatch { .. }));
}

#[test]
fn chain_rule_and_audited_override() {
    let mut ws = demo::workspace();
    let set = ChangeSet::between(&ws, &id("development"), &id("production")).unwrap();
    let err = promote::promote(&mut ws, &set, &Selection::all(), "", "", now()).unwrap_err();
    assert_eq!(
        err,
        PromoteError::Chain {
            from: id("development"),
            to: id("production"),
            expected: "qa".into()
        }
    );
    assert!(ws.audit.is_empty());
    // Preview does not enforce the chain: the page shows what an override would do.
    assert!(promote::preview(&ws, &set, &Selection::all()).is_ok());

    let r = Promotion::new(&set, &Selection::all())
        .comment("hotfix")
        .override_chain(true)
        .execute(&mut ws, now())
        .unwrap();
    assert!(r.warnings.contains(&Warning::ChainOverride {
        from: id("development"),
        to: id("production")
    }));
    assert!(ws.audit[0].chain_override);
    assert_eq!(
        ws.audit[0].actor, ws.settings.display_name,
        "empty actor: display name"
    );

    let back = ChangeSet::between(&ws, &id("qa"), &id("development")).unwrap();
    assert!(matches!(
        promote::promote(&mut ws, &back, &Selection::all(), "", "", now()),
        Err(PromoteError::Chain { .. })
    ));
}

#[test]
fn selection_rules() {
    let dev = json!({"svc": {"host": "dev", "timeout": 5, "retries": 3}, "x": 1, "password": "p1"});
    let qa = json!({"svc": {"host": "qa", "timeout": 1, "retries": 1}, "x": 0, "password": "p0"});
    let ws = two(dev, qa);
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    let host = set.change("/svc/host").unwrap();
    assert!(host.pinned);
    assert!(set.change("/password").unwrap().secret);

    // Pinned left out by "all" and by group; in by explicit path.
    let all = promote::preview(&ws, &set, &Selection::all()).unwrap();
    assert_eq!(all["svc"]["host"], "qa");
    assert_eq!(all["svc"]["timeout"], 5);
    let grp = promote::preview(&ws, &set, &Selection::new().group("/svc")).unwrap();
    assert_eq!(
        grp,
        json!({"svc": {"host": "qa", "timeout": 5, "retries": 3}, "x": 0, "password": "p0"})
    );
    let pinned =
        promote::preview(&ws, &set, &Selection::all().include_pinned("/svc/host")).unwrap();
    assert_eq!(pinned["svc"]["host"], "dev");
    let excl = promote::preview(&ws, &set, &Selection::all().exclude("/x")).unwrap();
    assert_eq!(excl["x"], 0);

    // Bundle warning for a half-selected group; pinned leftovers do not count.
    let sel = Selection::new().path("/svc/timeout");
    let warnings = Promotion::new(&set, &sel).warnings(&ws).unwrap();
    assert_eq!(
        warnings,
        vec![Warning::PartialGroup {
            group: "/svc".into(),
            selected: vec!["/svc/timeout".into()],
            left_out: vec!["/svc/retries".into()],
        }]
    );
    assert!(promote::bundle_warnings(&set, &Selection::new().group("/svc")).is_empty());

    assert_eq!(
        promote::preview(&ws, &set, &Selection::new()).unwrap_err(),
        PromoteError::NothingSelected
    );
    assert_eq!(
        promote::preview(&ws, &set, &Selection::new().path("/nope")).unwrap_err(),
        PromoteError::UnknownPath("/nope".into())
    );
}

#[test]
fn select_all_boxes_follow_the_pinned_rule() {
    use preflight_core::promote::Coverage;
    let dev = json!({"svc": {"host": "dev", "timeout": 5, "retries": 3}, "x": 1});
    let qa = json!({"svc": {"host": "qa", "timeout": 1, "retries": 1}, "x": 0});
    let ws = two(dev, qa);
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    let svc: Vec<&preflight_core::diff::Change> =
        set.changes.iter().filter(|c| c.group == "/svc").collect();
    let mut sel = Selection::all();
    // Every non-pinned change is in: "all", though the pinned host is not.
    assert_eq!(sel.coverage(&set.changes), Coverage::All);
    assert!(!sel.is_selected(set.change("/svc/host").unwrap()));
    sel.set_many(svc.iter().copied(), false);
    assert_eq!(sel.coverage(svc.iter().copied()), Coverage::None);
    assert_eq!(sel.coverage(&set.changes), Coverage::Some);
    // Ticking a group never ticks its pinned key.
    sel.set_many(svc.iter().copied(), true);
    assert!(!sel.is_selected(set.change("/svc/host").unwrap()));
    assert_eq!(sel.coverage(svc.iter().copied()), Coverage::All);
    // A pinned key ticked by hand survives "select all" and goes with "none".
    sel.toggle(set.change("/svc/host").unwrap());
    sel.set_all(true);
    assert!(sel.is_selected(set.change("/svc/host").unwrap()));
    sel.set_all(false);
    assert_eq!(sel.coverage(&set.changes), Coverage::None);
    assert!(sel.selected(&set).is_empty());
}

#[test]
fn a_lost_merge_base_is_reported_not_hidden() {
    let mut ws = diverged(
        json!({"a": 1, "b": 1}),
        &[("/a", json!(2))],
        &[("/b", json!(3))],
    );
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    assert!(!set.base_missing);
    assert_eq!(set.kept.len(), 1, "qa's own /b is kept, not proposed");
    // The snapshots behind the last promotion are gone (an edited backup).
    ws.snapshots.clear();
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    assert!(set.base_missing);
    assert!(
        set.change("/b").is_some(),
        "two-way now: qa's /b looks like a change"
    );
}

#[test]
fn a_refreshed_review_keeps_the_choices_that_still_apply() {
    let mut ws = two(
        json!({"a": 1, "b": 1, "c": 1, "host": "dev"}),
        json!({"a": 0, "b": 0, "c": 0, "host": "qa"}),
    );
    let old = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    let mut sel = Selection::all();
    sel.toggle(old.change("/b").unwrap());
    sel.toggle(old.change("/host").unwrap());
    // The target catches up on /a and /c changes again meanwhile.
    edit(&mut ws, "qa", "/a", json!(1));
    edit(&mut ws, "qa", "/c", json!(5));
    let new = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    let carried = sel.carried_over(&old, &new);
    let picked: Vec<&str> = carried
        .selected(&new)
        .iter()
        .map(|c| c.path.as_str())
        .collect();
    assert_eq!(picked, ["/c", "/host"]);
    // Nothing names a path the new review lacks, so it can be executed.
    promote::preview(&ws, &new, &carried).unwrap();
}

/// dev and qa in agreement at `base`, then each edited.
fn diverged(base: Value, dev_edits: &[(&str, Value)], qa_edits: &[(&str, Value)]) -> Workspace {
    let mut ws = two(base.clone(), base);
    // Establish a merge base with one real promotion.
    edit(&mut ws, "dev", "/_sync", json!(1));
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    promote::promote(&mut ws, &set, &Selection::all(), "", "", now()).unwrap();
    for (p, v) in dev_edits {
        edit(&mut ws, "dev", p, v.clone());
    }
    for (p, v) in qa_edits {
        edit(&mut ws, "qa", p, v.clone());
    }
    ws
}

#[test]
fn conflicts_need_a_resolution() {
    let base = json!({"a": 1, "b": 1, "c": 1});
    let mut ws = diverged(
        base,
        &[("/a", json!(2)), ("/b", json!(2))],
        &[("/a", json!(3)), ("/c", json!(3))],
    );
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    assert!(set.base.is_some());
    let a = set.change("/a").unwrap();
    let k = a.conflict.as_ref().unwrap();
    assert_eq!(
        (k.base.clone(), k.source.clone(), k.target.clone()),
        (Some(json!(1)), Some(json!(2)), Some(json!(3)))
    );
    assert!(set.change("/b").unwrap().conflict.is_none());
    // /c was changed by qa only: kept, not proposed as a revert.
    assert!(set.change("/c").is_none());
    assert_eq!(set.kept.len(), 1);
    assert_eq!(set.kept[0].path, "/c");

    let before = ws.to_json().unwrap();
    let unresolved: Vec<&str> = Selection::all()
        .unresolved(&set.changes)
        .iter()
        .map(|c| c.path.as_str())
        .collect();
    assert_eq!(unresolved, ["/a"]);
    assert!(Selection::all()
        .resolve("/a", Resolution::KeepTarget)
        .unresolved(&set.changes)
        .is_empty());
    let err = promote::promote(&mut ws, &set, &Selection::all(), "", "", now()).unwrap_err();
    assert_eq!(err, PromoteError::UnresolvedConflict("/a".into()));
    assert_eq!(ws.to_json().unwrap(), before);

    // Leaving the conflict out is fine.
    let only_b = promote::preview(&ws, &set, &Selection::all().exclude("/a")).unwrap();
    assert_eq!(only_b, json!({"a": 3, "b": 2, "c": 3, "_sync": 1}));
    let custom = promote::preview(
        &ws,
        &set,
        &Selection::all().resolve("/a", Resolution::Custom(json!(9))),
    )
    .unwrap();
    assert_eq!(custom["a"], 9);
    let take = promote::preview(
        &ws,
        &set,
        &Selection::all().resolve("/a", Resolution::TakeSource),
    )
    .unwrap();
    assert_eq!(take["a"], 2);

    let r = promote::promote(
        &mut ws,
        &set,
        &Selection::all().resolve("/a", Resolution::KeepTarget),
        "",
        "",
        now(),
    )
    .unwrap();
    assert_eq!(
        config(&ws, "qa"),
        json!({"a": 3, "b": 2, "c": 3, "_sync": 1})
    );
    assert_eq!(r.applied, vec!["/b".to_string()]);
    // "Keep target" is remembered: /a is target work now, like /c.
    let next = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    assert!(next.is_empty(), "{:#?}", next.changes);
    let kept: Vec<_> = next.kept.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(kept, ["/a", "/c"]);

    // A deliberate reset brings target-only work back, as conflicts.
    let reset = ChangeSetBuilder::new("dev", "qa")
        .include_target_only(true)
        .build(&ws)
        .unwrap();
    assert!(reset.changes.iter().all(|c| c.conflict.is_some()));
    assert_eq!(reset.changes.len(), 2);
    // Two-way: plain differences, no conflicts.
    let plain = ChangeSetBuilder::new("dev", "qa")
        .three_way(false)
        .build(&ws)
        .unwrap();
    assert_eq!(plain.changes.len(), 2);
    assert!(plain.conflicts().next().is_none());
}

#[test]
fn deferred_changes_are_proposed_again() {
    let mut ws = diverged(
        json!({"x": 0, "y": 0}),
        &[("/x", json!(1)), ("/y", json!(1))],
        &[],
    );
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    promote::promote(&mut ws, &set, &Selection::new().path("/x"), "", "", now()).unwrap();
    let next = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    let paths: Vec<_> = next.changes.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(paths, ["/y"]);
    assert!(next.changes[0].conflict.is_none());
}

#[test]
fn keyed_elements_conflict_by_identity_positional_arrays_as_a_whole() {
    let base = json!({"flows": [{"id": "a", "on": true}, {"id": "b", "on": true}], "tags": [1, 2]});
    // Different elements: dev's change is ordinary, qa's is kept.
    let mut ws = diverged(
        base.clone(),
        &[("/flows/0/on", json!(false))],
        &[("/flows/1/on", json!(false))],
    );
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    assert_eq!(set.changes.len(), 1, "{:#?}", set.changes);
    assert_eq!(set.changes[0].path, "/flows/0/on");
    assert!(set.changes[0].conflict.is_none());
    assert_eq!(set.kept.len(), 1);
    promote::promote(&mut ws, &set, &Selection::all(), "", "", now()).unwrap();
    assert_eq!(
        config(&ws, "qa")["flows"],
        json!([{"id": "a", "on": false}, {"id": "b", "on": false}])
    );
    assert!(ChangeSet::between(&ws, &id("dev"), &id("qa"))
        .unwrap()
        .is_empty());

    // Same element, same field: a conflict with the element-level values.
    let ws = diverged(
        base.clone(),
        &[("/flows/1/on", json!(false))],
        &[("/flows/1/on", json!("maybe"))],
    );
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    let k = set.changes[0].conflict.as_ref().unwrap();
    assert_eq!(
        (k.base.clone(), k.source.clone(), k.target.clone()),
        (Some(json!(true)), Some(json!(false)), Some(json!("maybe")))
    );

    // Qa moved element b to the front; dev added c. The element is found by
    // identity, so dev's addition is ordinary and qa's order is kept.
    let ws = diverged(
        base.clone(),
        &[("/flows/2", json!({"id": "c", "on": true}))],
        &[(
            "/flows",
            json!([{"id": "b", "on": true}, {"id": "a", "on": true}]),
        )],
    );
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    let added = set
        .changes
        .iter()
        .find(|c| c.kind == preflight_core::diff::ChangeKind::Added)
        .unwrap();
    assert!(added.conflict.is_none());

    // Positional arrays: both sides touched /tags, so it is one conflict.
    let ws = diverged(base, &[("/tags/0", json!(9))], &[("/tags/1", json!(8))]);
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    assert!(!set.is_empty());
    assert!(
        set.changes.iter().all(|c| c.conflict.is_some()),
        "{:#?}",
        set.changes
    );
}

#[test]
fn revert_is_exact_and_restores_the_merge_base() {
    let dev = json!({"z": 1, "a": {"c": [1, 2], "b": "x"}, "password": "s3cr3t-new"});
    let qa = json!({"a": {"b": "y", "c": [2]}, "z": 0, "password": "s3cr3t-old"});
    let mut ws = two(dev, qa);
    let qa_text = serde_json::to_string(&config(&ws, "qa")).unwrap();
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    let p = promote::promote(&mut ws, &set, &Selection::all(), "", "", now()).unwrap();
    let after_text = serde_json::to_string(&config(&ws, "qa")).unwrap();

    let r = snapshot::revert(&mut ws, &p.before, "broke checkout", "Bob", now()).unwrap();
    assert_eq!(serde_json::to_string(&config(&ws, "qa")).unwrap(), qa_text);
    assert_eq!(r.version, 3);
    assert_eq!(ws.snapshots.len(), 4);
    let ev = ws.audit.last().unwrap();
    assert_eq!(ev.action, AuditAction::Revert);
    assert_eq!(ev.restored_snapshot.as_deref(), Some(p.before.as_str()));
    assert_eq!(ev.snapshots, vec![r.before.clone(), r.after.clone()]);
    assert!(
        !audit::to_json([ev]).contains("s3cr3t"),
        "secret masked in revert event"
    );
    assert_eq!(ws.env(&id("qa")).unwrap().promoted_base, None);
    // The reverted changes are proposed again, not mistaken for qa work.
    let again = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    assert_eq!(again.changes.len(), set.changes.len());

    // Revert forward to the after-snapshot: exact too, and its base returns.
    snapshot::revert(&mut ws, &p.after, "", "", now()).unwrap();
    assert_eq!(
        serde_json::to_string(&config(&ws, "qa")).unwrap(),
        after_text
    );
    assert!(ws.env(&id("qa")).unwrap().promoted_base.is_some());

    // Diff between snapshots, and a manual one.
    let d = snapshot::diff_snapshots(&ws, &p.before, &p.after, &Default::default()).unwrap();
    assert!(!d.is_empty());
    let m = snapshot::take_manual(&mut ws, &id("qa"), "before the big change", "", now()).unwrap();
    assert_eq!(
        snapshot::get(&ws, &m).unwrap().reason,
        SnapshotReason::Manual("before the big change".into())
    );
    assert_eq!(ws.audit.last().unwrap().action, AuditAction::Snapshot);
    assert!(
        snapshot::diff_snapshots(&ws, &m, &p.after, &Default::default())
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        snapshot::revert(&mut ws, "snap-999", "", "", now()),
        Err(snapshot::SnapshotError::UnknownSnapshot(_))
    ));
    assert_eq!(snapshot::for_env(&ws, &id("qa")).len(), 7);
}

#[test]
fn pipeline_editing() {
    let mut ws = Workspace::empty();
    let dev = pipeline::add(&mut ws, "Development", json!({"a": 1}), "Ada", now()).unwrap();
    let qa = pipeline::add(&mut ws, "  QA / Test!  ", json!({}), "Ada", now()).unwrap();
    assert_eq!((dev.as_str(), qa.as_str()), ("development", "qa-test"));
    assert_eq!(
        pipeline::add(&mut ws, "QA / test", json!({}), "", now())
            .unwrap()
            .as_str(),
        "qa-test-2"
    );
    assert_eq!(
        pipeline::add(&mut ws, " ", json!({}), "", now()),
        Err(PipelineError::EmptyName)
    );
    assert_eq!(pipeline::slug("Prod (EU) ✓"), "prod-eu");
    assert_eq!(pipeline::slug("✓"), "env");

    pipeline::rename(&mut ws, &qa, "QA", "", now()).unwrap();
    assert_eq!(ws.env(&qa).unwrap().name, "QA");
    let order = |ws: &Workspace| {
        ws.environments
            .iter()
            .map(|e| e.id.to_string())
            .collect::<Vec<_>>()
    };
    assert!(pipeline::move_to(&mut ws, &dev, 2, "", now()).unwrap());
    assert_eq!(order(&ws), ["qa-test", "qa-test-2", "development"]);
    assert!(!pipeline::move_up(&mut ws, &dev, "", now()).unwrap());
    assert!(pipeline::move_down(&mut ws, &dev, "", now()).unwrap());
    assert_eq!(
        pipeline::move_to(&mut ws, &dev, 3, "", now()),
        Err(PipelineError::IndexOutOfRange { index: 3, max: 2 })
    );
    let gone = pipeline::delete(&mut ws, &id("qa-test-2"), "", now()).unwrap();
    assert_eq!(gone.name, "QA / test");
    // Its id stays taken: history still names it.
    assert_eq!(
        pipeline::add(&mut ws, "QA / test", json!({}), "", now())
            .unwrap()
            .as_str(),
        "qa-test-3"
    );

    let clone = pipeline::clone_up(&mut ws, &dev, "Staging", "", now()).unwrap();
    let i = ws.env_index(&dev).unwrap();
    assert_eq!(ws.environments[i + 1].id, clone);
    let c = ws.env(&clone).unwrap();
    assert_eq!(c.cloned_from, Some(dev.clone()));
    assert_eq!(*c.config, json!({"a": 1}));
    assert!(c.promoted_base.is_some());
    assert_eq!(pipeline::next_up(&ws, &dev).unwrap().id, clone);
    assert!(pipeline::check_chain(&ws, &dev, &clone).is_ok());

    let actions: Vec<_> = ws.audit.iter().map(|e| e.action.clone()).collect();
    use AuditAction::*;
    assert_eq!(
        actions,
        [
            EnvironmentAdded,
            EnvironmentAdded,
            EnvironmentAdded,
            EnvironmentRenamed,
            EnvironmentReordered,
            EnvironmentReordered,
            EnvironmentDeleted,
            EnvironmentAdded,
            EnvironmentCloned
        ]
    );
    assert_eq!(
        AuditFilter::new()
            .action(EnvironmentCloned)
            .apply(&ws.audit)
            .len(),
        1
    );
}

#[test]
fn out_of_sync_ignores_pinned_only_differences() {
    let ws = two(
        json!({"db": {"host": "dev"}, "a": 1}),
        json!({"db": {"host": "qa"}, "a": 1}),
    );
    let s = pipeline::sync_status(&ws);
    assert_eq!(s.len(), 1);
    assert_eq!(
        (s[0].differences, s[0].pinned, s[0].out_of_sync),
        (0, 1, false)
    );
    let ws = two(json!({"a": 2}), json!({"a": 1}));
    assert!(pipeline::is_out_of_sync(&ws, &id("qa")));
    assert!(!pipeline::is_out_of_sync(&ws, &id("dev")));
    let demo = demo::workspace();
    assert!(pipeline::sync_status(&demo).iter().all(|s| s.out_of_sync));
}

#[test]
fn drift_grid_covers_every_leaf_and_masks_secrets() {
    let ws = two(
        json!({"a": 1, "apiKey": "k1", "only_dev": true}),
        json!({"a": 1, "apiKey": "k2", "only_qa": []}),
    );
    let grid = pipeline::drift(&ws);
    assert_eq!(grid.environments, vec![id("dev"), id("qa")]);
    let paths: Vec<_> = grid.rows.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, ["/a", "/apiKey", "/only_dev", "/only_qa"]);
    assert!(!grid.rows[0].differs);
    let key = &grid.rows[1];
    assert!(key.secret && key.differs);
    assert!(!serde_json::to_string(&grid).unwrap().contains("k1"));
    assert_eq!(grid.rows[2].values, vec![Some(json!(true)), None]);
    assert_eq!(grid.differing().count(), 3);
}

#[test]
fn drift_marks_each_cell_against_the_environment_below() {
    let mut ws = demo::workspace();
    let set = |ws: &mut Workspace, env: &str, v: Value| {
        ws.env_mut(&id(env)).unwrap().config = json!({ "k": v }).into();
    };
    set(&mut ws, "development", json!("a"));
    set(&mut ws, "qa", json!("b"));
    set(&mut ws, "production", json!("a"));
    let grid = pipeline::drift(&ws);
    // Production equals Development but not QA, the one it is promoted from.
    assert_eq!(grid.rows[0].changed, vec![false, true, true]);
    set(&mut ws, "qa", json!("a"));
    assert_eq!(
        pipeline::drift(&ws).rows[0].changed,
        vec![false, false, false]
    );
    assert!(!pipeline::drift(&ws).rows[0].differs);
    ws.env_mut(&id("production")).unwrap().config = json!({}).into();
    assert_eq!(
        pipeline::drift(&ws).rows[0].changed,
        vec![false, false, true]
    );
}

#[test]
fn patch_export_and_import() {
    let mut ws = demo::workspace();
    let set = ChangeSet::between(&ws, &id("development"), &id("qa")).unwrap();
    let sel = Selection::all();
    let ops = patch::export(&ws, &set, &sel).unwrap();
    assert!(ops.iter().any(|o| matches!(o, patch::PatchOp::Test { .. })));
    let text = patch::to_json(&ops);

    // json-patch agrees with our preview.
    let mut doc = config(&ws, "qa");
    let theirs: json_patch::Patch = serde_json::from_str(&text).unwrap();
    json_patch::patch(&mut doc, &theirs).unwrap();
    assert_eq!(doc, promote::preview(&ws, &set, &sel).unwrap());

    // Imported back as a change set with no source environment.
    let imported = patch::import(&ws, &id("qa"), &text).unwrap();
    assert!(imported.from.is_none());
    let r = promote::promote(
        &mut ws,
        &imported,
        &Selection::all(),
        "from a file",
        "",
        now(),
    )
    .unwrap();
    assert_eq!(r.from, None);
    assert_eq!(config(&ws, "qa"), doc);
    assert_eq!(ws.env(&id("qa")).unwrap().promoted_base, None);

    // The guards now fail: qa moved on.
    let err = patch::import(&ws, &id("qa"), &text).unwrap_err();
    assert!(
        matches!(
            err,
            PatchError::Op {
                problem: OpProblem::TestFailed { .. },
                ..
            }
        ),
        "{err}"
    );
    assert!(matches!(
        patch::import(&ws, &id("nope"), "[]"),
        Err(PatchError::UnknownEnvironment(_))
    ));
}

#[test]
fn custom_values_land_on_the_right_element() {
    let base = json!({"flows": [{"id": "a", "on": true}, {"id": "b", "on": true}]});
    let ws = diverged(
        base,
        &[(
            "/flows",
            json!([{"id": "z", "on": true}, {"id": "a", "on": true}, {"id": "b", "on": false}]),
        )],
        &[("/flows/1/on", json!("x"))],
    );
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    let conflict = set.conflicts().next().unwrap().path.clone();
    let sel = Selection::all().resolve(conflict.clone(), Resolution::Custom(json!(42)));
    let after = promote::preview(&ws, &set, &sel).unwrap();
    assert_eq!(
        after["flows"],
        json!([{"id": "z", "on": true}, {"id": "a", "on": true}, {"id": "b", "on": 42}])
    );
}

#[test]
fn a_move_takes_no_custom_value() {
    let ws = two(
        json!({"l": [{"id": "a"}, {"id": "b"}]}),
        json!({"l": [{"id": "b"}, {"id": "a"}]}),
    );
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    let moved = &set.changes[0];
    assert_eq!(moved.kind, preflight_core::diff::ChangeKind::Moved);
    let sel = Selection::new().resolve(moved.path.clone(), Resolution::Custom(json!(1)));
    assert!(matches!(
        promote::preview(&ws, &set, &sel),
        Err(PromoteError::BadResolution { .. })
    ));
}

#[test]
fn selection_toggles_like_checkboxes() {
    let ws = two(
        json!({"host": "d", "a": 1, "b": 1}),
        json!({"host": "q", "a": 0, "b": 0}),
    );
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    let mut sel = Selection::all();
    let paths = |sel: &Selection| {
        sel.selected(&set)
            .iter()
            .map(|c| c.path.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(paths(&sel), ["/a", "/b"]);
    sel.toggle(set.change("/a").unwrap());
    sel.toggle(set.change("/host").unwrap());
    assert_eq!(paths(&sel), ["/host", "/b"]);
    sel.toggle(set.change("/a").unwrap());
    sel.toggle(set.change("/host").unwrap());
    assert_eq!(paths(&sel), ["/a", "/b"]);
    sel.toggle(set.change("/b").unwrap());
    sel.set_resolution("/b", Some(Resolution::Custom(json!(5))));
    assert_eq!(promote::preview(&ws, &set, &sel).unwrap()["b"], 5);
    // Clearing a resolution leaves the change selected.
    sel.set_resolution("/b", None);
    assert_eq!(paths(&sel), ["/a", "/b"]);
}

fn gated() -> Workspace {
    use preflight_core::checklist::{Checklist, Item};
    let mut ws = two(json!({"a": 1}), json!({"a": 0}));
    let mut c = Checklist::blank("cl-1", "Launch");
    c.add_timeframe("Day", 0);
    let mut gating = Item::new("SEC-01", "Security", "Rotate secrets", 0);
    gating.gates_promotion = true;
    c.add_item(gating).unwrap();
    ws.checklists.push(c);
    ws.settings.gate_checklist = Some("cl-1".into());
    ws
}

#[test]
fn go_live_gate_blocks_production_unless_overridden() {
    use preflight_core::checklist::GateOverride;
    let mut ws = gated();
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    // qa is the last environment, hence production.
    let err = promote::promote(&mut ws, &set, &Selection::all(), "", "", now()).unwrap_err();
    assert!(matches!(err, PromoteError::GateBlocked(_)));
    assert!(err.to_string().contains("SEC-01"), "{err}");
    assert!(ws.audit.is_empty());
    assert!(promote::preview(&ws, &set, &Selection::all()).is_ok());

    let r = Promotion::new(&set, &Selection::all())
        .override_gate(GateOverride::new("  vendor deadline ").unwrap())
        .execute(&mut ws, now())
        .unwrap();
    assert!(r.warnings.contains(&Warning::GateOverride {
        reason: "vendor deadline".into(),
        open_items: vec!["SEC-01".into()],
    }));
    assert_eq!(ws.audit.len(), 1);
    assert_eq!(
        ws.audit[0].gate_override.as_deref(),
        Some("vendor deadline")
    );
    assert_eq!(ws.audit[0].gate_open_items, ["SEC-01"]);
    assert!(audit::to_csv(&ws.audit)
        .unwrap()
        .contains("vendor deadline"));
}

/// Trusts a test key as "Sam" in `ws`, and signs approvals with it.
fn sam(
    ws: &mut Workspace,
) -> impl Fn(preflight_core::approval::Approval) -> preflight_core::approval::Approval {
    use ed25519_dalek::{Signer, SigningKey};
    use preflight_core::approval::{self, trust, KeyCard};
    let key = SigningKey::from_bytes(&[9; 32]);
    let public = key.verifying_key().to_bytes();
    let card_sig = key.sign(&KeyCard::bytes("Sam", &public)).to_bytes();
    let card = KeyCard::new("Sam", &public, &card_sig).unwrap();
    trust::trust(ws, &card, "Ada", now()).unwrap();
    move |a| {
        let sig = key.sign(&approval::signing_bytes(&a)).to_bytes();
        approval::seal(a, &public, &sig).unwrap()
    }
}

#[test]
fn production_can_require_an_approval_of_the_exact_change_set() {
    use preflight_core::approval::{Approval, Decision};
    let mut ws = two(json!({"a": 1}), json!({"a": 0}));
    ws.settings.require_approval = true;
    let sign = sam(&mut ws);
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    let approve = |decision, hash: &str| {
        sign(Approval {
            changeset_hash: hash.to_owned(),
            decision,
            approver: "Sam".into(),
            comment: String::new(),
            time: now(),
            selected: Some(vec!["/a".into()]),
            signature: None,
            attached_at: None,
        })
    };
    assert_eq!(
        promote::promote(&mut ws, &set, &Selection::all(), "", "", now()).unwrap_err(),
        PromoteError::NotApproved {
            hash: set.hash.clone()
        }
    );
    ws.approvals
        .push(approve(Decision::Approved, "some-other-hash"));
    ws.approvals.push(approve(Decision::Rejected, &set.hash));
    assert!(matches!(
        promote::promote(&mut ws, &set, &Selection::all(), "", "", now()),
        Err(PromoteError::Rejected { .. })
    ));
    // An unsigned approval does not count.
    let mut unsigned = approve(Decision::Approved, &set.hash);
    unsigned.signature = None;
    ws.approvals.push(unsigned);
    assert!(matches!(
        promote::promote(&mut ws, &set, &Selection::all(), "", "", now()),
        Err(PromoteError::Rejected { .. })
    ));
    ws.approvals.push(approve(Decision::Approved, &set.hash));
    promote::promote(&mut ws, &set, &Selection::all(), "", "", now()).unwrap();
}

#[test]
fn an_approval_covers_the_selection_it_was_given_for() {
    use preflight_core::approval::{answer, request, Decision};
    let mut ws = two(json!({"a": 1, "b": 1}), json!({"a": 0, "b": 0}));
    ws.settings.require_approval = true;
    let sign = sam(&mut ws);
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    let req = request(&ws, &set, vec!["/a".into()], "", "Ada", now(), false);
    let record = answer(&req, Decision::Approved, "Sam", "", now()).unwrap();
    ws.approvals.push(sign(record.approval));
    // Both changes: /b was never approved.
    assert_eq!(
        promote::promote(&mut ws, &set, &Selection::all(), "", "", now()).unwrap_err(),
        PromoteError::NotApprovedSelection {
            approver: "Sam".into(),
            paths: vec!["/b".into()],
        }
    );
    // What was approved goes through.
    promote::promote(&mut ws, &set, &Selection::new().path("/a"), "", "", now()).unwrap();
    assert_eq!(config(&ws, "qa"), json!({"a": 1, "b": 0}));
}

#[test]
fn the_last_attached_answer_decides_whatever_time_it_claims() {
    use preflight_core::approval::{Approval, Decision};
    let mut ws = two(json!({"a": 1}), json!({"a": 0}));
    ws.settings.require_approval = true;
    let sign = sam(&mut ws);
    let set = ChangeSet::between(&ws, &id("dev"), &id("qa")).unwrap();
    let at = |s| preflight_core::jiff::Timestamp::from_second(s).unwrap();
    let answer = |decision, time| {
        sign(Approval {
            changeset_hash: set.hash.clone(),
            decision,
            approver: "Sam".into(),
            comment: String::new(),
            time,
            selected: Some(vec!["/a".into()]),
            signature: None,
            attached_at: None,
        })
    };
    // An approval claiming 2099 was attached first, a real rejection after.
    ws.approvals
        .push(answer(Decision::Approved, at(4_070_908_800)));
    ws.approvals
        .push(answer(Decision::Rejected, at(1_900_000_000)));
    assert_eq!(
        preflight_core::approval::latest(&ws, &set.hash).map(|a| a.decision),
        Some(Decision::Rejected)
    );
    assert!(matches!(
        promote::promote(&mut ws, &set, &Selection::all(), "", "", now()),
        Err(PromoteError::Rejected { .. })
    ));
}

#[test]
fn a_production_hotfix_survives_the_next_release() {
    let mut ws = demo::workspace();
    let (dev, qa, prod) = (id("development"), id("qa"), id("production"));
    let release = |ws: &mut Workspace, from: &EnvId, to: &EnvId| {
        let set = ChangeSet::between(ws, from, to).unwrap();
        if set.conflicts().any(|c| !c.pinned) || set.is_empty() {
            return set;
        }
        promote::promote(ws, &set, &Selection::all(), "release", "Ada", now()).unwrap();
        set
    };
    release(&mut ws, &dev, &qa);
    release(&mut ws, &qa, &prod);
    // Hotfix straight in production, and unrelated work in development.
    edit(
        &mut ws,
        "production",
        "/connections/erp/timeoutMs",
        json!(45000),
    );
    edit(&mut ws, "development", "/features/autoRefunds", json!(true));
    release(&mut ws, &dev, &qa);
    let set = release(&mut ws, &qa, &prod);
    assert!(set
        .kept
        .iter()
        .any(|c| c.path == "/connections/erp/timeoutMs"));
    let p = config(&ws, "production");
    assert_eq!(p["connections"]["erp"]["timeoutMs"], 45000, "hotfix kept");
    assert_eq!(p["features"]["autoRefunds"], true, "release arrived");
    assert_eq!(ws.audit.len(), 4);
    assert_eq!(ws.snapshots.len(), 8);
}
