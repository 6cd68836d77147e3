//! Change sets: what a promotion would do, frozen for review.
//!
//! A [`ChangeSet`] names the source and target environments at the versions
//! that were compared, lists the [`Change`]s that turn the target towards the
//! source, and carries a SHA-256 [`hash`](ChangeSet::hash) of its canonical
//! form, so that an approval given to one exact change set cannot be reused
//! for another.
//!
//! ## Building
//!
//! - [`ChangeSet::between`]: the usual case, with three-way merge.
//! - [`ChangeSetBuilder`]: the same with options (diff options, two-way).
//! - [`ChangeSet::from_changes`]: the low level, for changes from elsewhere
//!   (an imported RFC 6902 patch, see [`crate::patch`]).
//!
//! ## Three-way merge
//!
//! The merge base is the content the target and the source agreed on at the
//! last promotion into the target ([`merge_base`]). For each change of
//! `diff(target, source)`:
//!
//! - only the **source** changed since the base: an ordinary change;
//! - **both** changed: the change carries a [`Conflict`] (base, source and
//!   target values) and is never applied unless the selection resolves it;
//! - only the **target** changed (a hotfix made in QA, say): applying the
//!   change would silently revert target work, so it is not proposed. It is
//!   listed in [`ChangeSet::kept`] for display, and the promotion leaves the
//!   target's value alone. [`ChangeSetBuilder::include_target_only`] puts
//!   such changes back in, marked as conflicts, for a deliberate reset.
//!
//! "Changed since the base" is asked at the change's path, with elements of
//! keyed arrays found by identity (so a flow edited in QA and another flow
//! edited in Development do not conflict, even when QA reordered the
//! list). Two cases are asked of a whole array instead, because an index
//! can name a different element in another document: a path through a
//! positional array (one without identity keys), and a Moved element (a
//! move changes the array's order). Coarser there, but never wrong in the
//! direction of overwriting target work.
//!
//! Without a base (nothing was promoted into the target yet) every
//! difference is an ordinary change.
//!
//! ## Canonical form and hash
//!
//! The canonical form is compact JSON with a fixed field order, written by
//! hand here rather than derived, so that a new field on a shared type
//! cannot silently change every hash:
//!
//! ```text
//! {"format":"preflight-changeset/1","from":{"id":..,"version":..}|null,
//!  "to":{"id":..,"version":..},"base":{"from":..,"version":..}|null,
//!  "changes":[C..],"kept":[C..]}
//! C = {"path","kind","old"?,"new"?,"group","pinned","secret",
//!      "to"?,"steps"?,"slot"?,"conflict"?}
//! conflict = {"base"?,"source"?,"target"?}
//! ```
//!
//! A missing `old`/`new` (absent value) is left out, which keeps it apart
//! from a JSON `null`; `steps` and `slot` are written in their serde form.
//! Config values keep their own key order: in Preflight key order is
//! content, so reordering keys in a value is a different change set. The
//! form is stable across serialize/deserialize because `serde_json` here
//! preserves key order, and `Change` keeps a present `null` old/new apart
//! from an absent one (see `optional_value`).
//!
//! ## Secrets in the hash
//!
//! The hash is taken of the **masked** form: every secret value is first
//! replaced by its keyed mask ([`Change::masked`]). A hash of the clear
//! form would let anyone holding an approval link (which carries the hash
//! and the masked changes) test guesses of a secret by hashing candidate
//! change sets. Over the masked form, the hash is a function of what the
//! approver was shown: different secrets still give different masks, so
//! the hash tells them apart within the workspace, but nobody without the
//! workspace's mask key can confirm a guess. Masking a masked value changes
//! nothing, so [`ChangeSet::masked`] keeps the hash, and
//! [`ChangeSet::hash_of_masked`] computes it from masked values alone.
//!
//! This is also the hash when a requester chooses to include secrets in a
//! request: an approval binds to one hash per change set (the one the
//! promotion gate looks up), whatever the link showed.

use crate::diff::{self, Change, ChangeKind, Conflict, DiffOptions};
use crate::environment::{EnvId, PromotedBase};
use crate::patterns::Patterns;
use crate::pointer;
use crate::snapshot::{self, Snapshot};
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use thiserror::Error;

/// An environment at one version.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EnvRef {
    /// The environment.
    pub id: EnvId,
    /// Its version when the change set was computed.
    pub version: u64,
}

/// The reviewed difference between two environments (or a patch and an
/// environment), with its content hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeSet {
    /// The source environment; `None` for an imported patch.
    pub from: Option<EnvRef>,
    /// The target, at the version the changes were computed against.
    pub to: EnvRef,
    /// The last promotion into the target, whose agreed content was the
    /// merge base; `None` for a two-way comparison.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<PromotedBase>,
    /// The proposed changes, in document order.
    pub changes: Vec<Change>,
    /// Differences only the target made since the base: not proposed, and
    /// left alone by a promotion.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept: Vec<Change>,
    /// SHA-256 of the canonical form, lowercase hex.
    pub hash: String,
    /// The target was promoted into before, but the content that promotion
    /// agreed on is gone (a restored or hand-edited workspace): the merge
    /// fell back to a two-way comparison, so differences the target made
    /// itself look like ordinary changes. The review should say so.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub base_missing: bool,
}

/// Why a change set could not be built.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ChangeSetError {
    #[error("there is no environment {0:?}")]
    UnknownEnvironment(EnvId),
    #[error("cannot compare environment {0:?} with itself")]
    SameEnvironment(EnvId),
    /// The merge base is in a snapshot that has not been read from storage
    /// (the app reads merge bases when it loads, so this is a bug if seen).
    #[error("the merge base in snapshot {0:?} has not been read from storage yet")]
    BaseNotLoaded(String),
}

impl ChangeSet {
    /// The changes that promote `from` into `to`, merged three ways against
    /// the last promotion into `to`, with pinned and secret flags set from
    /// the workspace's patterns.
    pub fn between(ws: &Workspace, from: &EnvId, to: &EnvId) -> Result<Self, ChangeSetError> {
        ChangeSetBuilder::new(from.clone(), to.clone()).build(ws)
    }

    /// A change set from changes computed elsewhere; the hash is filled in
    /// (secrets masked under `patterns`, see the module docs).
    pub fn from_changes(
        from: Option<EnvRef>,
        to: EnvRef,
        changes: Vec<Change>,
        patterns: &Patterns,
    ) -> Self {
        let mut set = Self {
            from,
            to,
            base: None,
            changes,
            kept: Vec::new(),
            hash: String::new(),
            base_missing: false,
        };
        set.rehash(patterns);
        set
    }

    /// Recomputes [`ChangeSet::hash`] after the fields were edited.
    pub fn rehash(&mut self, patterns: &Patterns) {
        self.hash = self.compute_hash(patterns);
    }

    /// The same change set with every secret in its changes (proposed and
    /// kept) masked under `patterns`: what may be shown or shared. Its hash
    /// is the same, and [`ChangeSet::hash_of_masked`] recomputes it.
    pub fn masked(&self, patterns: &Patterns) -> ChangeSet {
        ChangeSet {
            changes: self.changes.iter().map(|c| c.masked(patterns)).collect(),
            kept: self.kept.iter().map(|c| c.masked(patterns)).collect(),
            ..self.clone()
        }
    }

    /// The canonical JSON text the hash is taken of: this change set's,
    /// secrets masked under `patterns` (see the module docs).
    pub fn canonical_json(&self, patterns: &Patterns) -> String {
        canonical(&self.masked(patterns)).to_string()
    }

    /// SHA-256 of [`ChangeSet::canonical_json`], lowercase hex.
    pub fn compute_hash(&self, patterns: &Patterns) -> String {
        hex_sha256(&self.canonical_json(patterns))
    }

    /// The hash as someone holding only masked values computes it (no
    /// patterns, no key): the values are taken as they are. For a set from
    /// [`ChangeSet::masked`] it equals [`ChangeSet::hash`].
    pub fn hash_of_masked(&self) -> String {
        hex_sha256(&canonical(self).to_string())
    }

    /// True when the stored hash matches the content (not edited since).
    pub fn verify(&self, patterns: &Patterns) -> bool {
        self.hash == self.compute_hash(patterns)
    }

    /// True when nothing is proposed (kept target-only changes aside).
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The change at exactly this path.
    pub fn change(&self, path: &str) -> Option<&Change> {
        self.changes.iter().find(|c| c.path == path)
    }

    /// The changes that need a resolution before they can be promoted.
    pub fn conflicts(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.conflict.is_some())
    }

    /// The changes grouped by their group pointer, groups in order of first
    /// appearance (the order bundle warnings are shown in).
    pub fn groups(&self) -> Vec<(&str, Vec<&Change>)> {
        self.group_indices()
            .into_iter()
            .map(|(g, idx)| (g, idx.into_iter().map(|i| &self.changes[i]).collect()))
            .collect()
    }

    /// How many changes "select all" takes, how many it leaves (pinned)
    /// and how many need a decision (conflicts).
    pub fn counts(&self) -> ChangeCounts {
        let pinned = self.changes.iter().filter(|c| c.pinned).count();
        ChangeCounts {
            promotable: self.changes.len() - pinned,
            pinned,
            conflicts: self.conflicts().count(),
        }
    }

    /// [`ChangeSet::groups`] as indices into `changes`.
    pub fn group_indices(&self) -> Vec<(&str, Vec<usize>)> {
        // An index per group: a linear search would be quadratic on the
        // flat, many-group change sets of large configs.
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut out: Vec<(&str, Vec<usize>)> = Vec::new();
        for (i, c) in self.changes.iter().enumerate() {
            let g = *index.entry(c.group.as_str()).or_insert_with(|| {
                out.push((c.group.as_str(), Vec::new()));
                out.len() - 1
            });
            out[g].1.push(i);
        }
        out
    }
}

/// See [`ChangeSet::counts`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChangeCounts {
    /// Not pinned: what "select all" and "Promote now" take.
    pub promotable: usize,
    /// Environment-specific keys, left as they are unless ticked.
    pub pinned: usize,
    /// Changed on both sides since the last promotion.
    pub conflicts: usize,
}

/// Options for building a change set between two environments.
///
/// ```no_run
/// # use preflight_core::{Workspace, EnvId};
/// # use preflight_core::changeset::ChangeSetBuilder;
/// # let ws = Workspace::empty();
/// let set = ChangeSetBuilder::new("development", "qa")
///     .three_way(true)
///     .build(&ws);
/// ```
#[derive(Debug, Clone)]
pub struct ChangeSetBuilder {
    from: EnvId,
    to: EnvId,
    options: DiffOptions,
    three_way: bool,
    include_target_only: bool,
}

impl ChangeSetBuilder {
    /// Promotion from `from` into `to`, three-way, default diff options.
    pub fn new(from: impl Into<EnvId>, to: impl Into<EnvId>) -> Self {
        Self {
            from: from.into(),
            to: to.into(),
            options: DiffOptions::default(),
            three_way: true,
            include_target_only: false,
        }
    }

    /// How to compare (identity keys for arrays and so on).
    pub fn diff_options(mut self, options: DiffOptions) -> Self {
        self.options = options;
        self
    }

    /// Merge against the last promotion into the target (default: on).
    /// Off, every difference is an ordinary change, even one that reverts
    /// target work.
    pub fn three_way(mut self, on: bool) -> Self {
        self.three_way = on;
        self
    }

    /// Also propose target-only changes, each marked as a conflict so that
    /// overwriting the target's work takes an explicit resolution.
    pub fn include_target_only(mut self, on: bool) -> Self {
        self.include_target_only = on;
        self
    }

    /// Compares the two environments as they are in `ws` now.
    pub fn build(&self, ws: &Workspace) -> Result<ChangeSet, ChangeSetError> {
        if self.from == self.to {
            return Err(ChangeSetError::SameEnvironment(self.from.clone()));
        }
        let unknown = |id: &EnvId| ChangeSetError::UnknownEnvironment(id.clone());
        let source = ws.env(&self.from).ok_or_else(|| unknown(&self.from))?;
        let target = ws.env(&self.to).ok_or_else(|| unknown(&self.to))?;
        let patterns = ws.settings.compiled_patterns();
        let mut all = diff::diff(&target.config, &source.config, &self.options);
        diff::flag(&mut all, &patterns);

        let base = if self.three_way {
            merge_base(ws, &self.to)
                .map_err(|e| match e {
                    snapshot::SnapshotError::NotLoaded(id) => ChangeSetError::BaseNotLoaded(id),
                    other => ChangeSetError::BaseNotLoaded(other.to_string()),
                })?
                .map(|b| (target.promoted_base.clone(), b))
        } else {
            None
        };
        let base_missing = self.three_way && base.is_none() && target.promoted_base.is_some();
        let mut changes = Vec::with_capacity(all.len());
        let mut kept = Vec::new();
        match &base {
            None => changes = all,
            Some((_, b)) => {
                for mut c in all {
                    let anchor = Anchor::of(&c, &target.config);
                    let bv = anchor.value_in(b);
                    let tv = anchor.value_in(&target.config);
                    let sv = anchor.value_in(&source.config);
                    let (t_changed, s_changed) = (bv != tv, bv != sv);
                    let conflict = || Conflict {
                        base: bv.cloned(),
                        source: sv.cloned(),
                        target: tv.cloned(),
                    };
                    if t_changed && !s_changed && !self.include_target_only {
                        kept.push(c);
                        continue;
                    }
                    if t_changed {
                        c.conflict = Some(Box::new(conflict()));
                    }
                    changes.push(c);
                }
            }
        }
        let mut set = ChangeSet {
            from: Some(EnvRef {
                id: source.id.clone(),
                version: source.version,
            }),
            to: EnvRef {
                id: target.id.clone(),
                version: target.version,
            },
            base: base.and_then(|(pb, _)| pb),
            changes,
            kept,
            hash: String::new(),
            base_missing,
        };
        set.rehash(&patterns);
        Ok(set)
    }
}

/// The content the last promotion into `env` agreed on, if there was one.
///
/// Read from the snapshot named by `promoted_base` (its `merge_base`, else
/// its content); failing that, from a snapshot of the source environment at
/// the recorded version. Fails when that snapshot has not been read.
pub fn merge_base(ws: &Workspace, env: &EnvId) -> Result<Option<Value>, snapshot::SnapshotError> {
    let Some((s, named)) = merge_base_snapshot(ws, env) else {
        return Ok(None);
    };
    let base = if named { s.merge_base()? } else { None };
    Ok(Some(match base {
        Some(b) => b.clone(),
        None => s.content()?.clone(),
    }))
}

/// The snapshot [`merge_base`] reads for `env`, and whether it is the one
/// `promoted_base` names (whose own merge base is then the answer).
pub fn merge_base_snapshot<'w>(ws: &'w Workspace, env: &EnvId) -> Option<(&'w Snapshot, bool)> {
    let pb = ws.env(env)?.promoted_base.as_ref()?;
    if let Some(s) = pb.snapshot.as_deref().and_then(|id| snapshot::get(ws, id)) {
        return Some((s, true));
    }
    ws.snapshots
        .iter()
        .rev()
        .find(|s| s.env == pb.from && s.env_version == pb.version)
        .map(|s| (s, false))
}

/// Where to ask "who changed this" for one change: a prefix of its path,
/// with keyed-array elements named by identity rather than index, so that
/// the same element is found in the base, the target and the source.
///
/// The prefix stops at the first positional array (an index there may name
/// another element in another document), and at the array itself for a
/// Moved element (a move changes the array's order, not the element).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Anchor {
    tokens: Vec<String>,
    /// For each token that indexes a keyed array: its key and identity.
    ids: Vec<Option<(String, Value)>>,
}

impl Anchor {
    pub(crate) fn of(c: &Change, target: &Value) -> Self {
        let tokens = pointer::parse(&c.path).unwrap_or_default();
        let mut out = Self {
            tokens: Vec::new(),
            ids: Vec::new(),
        };
        let mut cur = Some(target);
        for (depth, tok) in tokens.iter().enumerate() {
            match cur {
                Some(Value::Array(items)) => {
                    let last = depth + 1 == tokens.len();
                    let Some(step) = c.steps.iter().find(|s| s.depth == depth) else {
                        return out;
                    };
                    if last && c.kind == ChangeKind::Moved {
                        return out;
                    }
                    cur = find_element(items, tok, &step.key, &step.id);
                    out.tokens.push(tok.clone());
                    out.ids.push(Some((step.key.clone(), step.id.clone())));
                }
                Some(Value::Object(map)) => {
                    cur = map.get(tok);
                    out.tokens.push(tok.clone());
                    out.ids.push(None);
                }
                // Below a value the target lacks (or a scalar): the rest of
                // the path is the new value's own shape.
                _ => {
                    out.tokens.push(tok.clone());
                    out.ids.push(None);
                }
            }
        }
        out
    }

    /// The anchored value in `doc`, if it has one.
    pub(crate) fn value_in<'a>(&self, doc: &'a Value) -> Option<&'a Value> {
        let mut cur = doc;
        for (tok, id) in self.tokens.iter().zip(&self.ids) {
            cur = match (cur, id) {
                (Value::Array(items), Some((key, id))) => find_element(items, tok, key, id)?,
                (Value::Object(map), None) => map.get(tok)?,
                _ => return None,
            };
        }
        Some(cur)
    }

    #[cfg(test)]
    fn pointer(&self) -> String {
        pointer::join(&self.tokens)
    }
}

/// The element of a keyed array with this identity. Tries the index the
/// path names first: elements rarely move far, and a scan per change would
/// make a large array quadratic.
fn find_element<'a>(items: &'a [Value], token: &str, key: &str, id: &Value) -> Option<&'a Value> {
    let is_it = |e: &&Value| e.get(key) == Some(id);
    token
        .parse::<usize>()
        .ok()
        .and_then(|i| items.get(i))
        .filter(is_it)
        .or_else(|| items.iter().find(is_it))
}

/// Plain data with string keys: serializing cannot fail.
fn hex_sha256(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn to_value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// Sets `pinned` and `secret` on `changes` from the workspace's patterns.
pub(crate) fn flag(ws: &Workspace, changes: &mut [Change]) {
    diff::flag(changes, &ws.settings.compiled_patterns());
}

fn canonical(set: &ChangeSet) -> Value {
    fn env_ref(r: &EnvRef) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), Value::from(r.id.as_str()));
        m.insert("version".into(), Value::from(r.version));
        Value::Object(m)
    }
    fn opt(m: &mut Map<String, Value>, key: &str, v: &Option<Value>) {
        if let Some(v) = v {
            m.insert(key.into(), v.clone());
        }
    }
    fn change(c: &Change) -> Value {
        let mut m = Map::new();
        m.insert("path".into(), Value::from(c.path.as_str()));
        m.insert("kind".into(), Value::from(format!("{:?}", c.kind).as_str()));
        opt(&mut m, "old", &c.old);
        opt(&mut m, "new", &c.new);
        m.insert("group".into(), Value::from(c.group.as_str()));
        m.insert("pinned".into(), Value::from(c.pinned));
        m.insert("secret".into(), Value::from(c.secret));
        if let Some(to) = &c.to {
            m.insert("to".into(), Value::from(to.as_str()));
        }
        if !c.steps.is_empty() {
            m.insert("steps".into(), to_value(&c.steps));
        }
        if let Some(slot) = &c.slot {
            m.insert("slot".into(), to_value(slot));
        }
        if let Some(k) = &c.conflict {
            let mut cm = Map::new();
            opt(&mut cm, "base", &k.base);
            opt(&mut cm, "source", &k.source);
            opt(&mut cm, "target", &k.target);
            m.insert("conflict".into(), Value::Object(cm));
        }
        Value::Object(m)
    }
    let mut m = Map::new();
    m.insert("format".into(), Value::from("preflight-changeset/1"));
    m.insert(
        "from".into(),
        set.from.as_ref().map(env_ref).unwrap_or(Value::Null),
    );
    m.insert("to".into(), env_ref(&set.to));
    m.insert(
        "base".into(),
        set.base
            .as_ref()
            .map(|b| {
                let mut bm = Map::new();
                bm.insert("from".into(), Value::from(b.from.as_str()));
                bm.insert("version".into(), Value::from(b.version));
                Value::Object(bm)
            })
            .unwrap_or(Value::Null),
    );
    m.insert(
        "changes".into(),
        Value::Array(set.changes.iter().map(change).collect()),
    );
    m.insert(
        "kept".into(),
        Value::Array(set.kept.iter().map(change).collect()),
    );
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::diff::ChangeKind;
    use serde_json::json;

    fn sample() -> ChangeSet {
        ChangeSet::from_changes(
            Some(EnvRef {
                id: "dev".into(),
                version: 3,
            }),
            EnvRef {
                id: "qa".into(),
                version: 7,
            },
            vec![Change {
                path: "/a/b".into(),
                kind: ChangeKind::Modified,
                old: Some(json!({"y": 1, "x": null})),
                new: Some(json!([null])),
                group: "/a".into(),
                pinned: false,
                secret: false,
                conflict: None,
                to: None,
                steps: Vec::new(),
                slot: None,
            }],
            &Patterns::default(),
        )
    }

    fn keyed(byte: u8) -> Patterns {
        crate::patterns::PatternSet::default()
            .lenient()
            .with_key(Some(crate::patterns::MaskKey::from_bytes([byte; 32])))
    }

    fn with_secret(value: &str, patterns: &Patterns) -> ChangeSet {
        let a = json!({"db": {"password": "old-pass", "host": "h"}, "new": {}});
        let b = json!({"db": {"password": value, "host": "h"},
            "new": {"svc": {"apiKey": value, "timeout": 3}}});
        let changes = diff::diff(&a, &b, &DiffOptions::default().patterns(patterns.clone()));
        ChangeSet::from_changes(
            Some(EnvRef {
                id: "dev".into(),
                version: 1,
            }),
            EnvRef {
                id: "qa".into(),
                version: 2,
            },
            changes,
            patterns,
        )
    }

    #[test]
    fn the_hash_is_a_function_of_the_masked_change_set() {
        let p = keyed(5);
        let set = with_secret("s3cret-value", &p);
        assert!(set.changes.iter().any(|c| c.secret));
        assert!(!set.canonical_json(&p).contains("s3cret-value"));
        assert!(!set.canonical_json(&p).contains("old-pass"));
        // An approver holds only the masked set, without the key: the hash
        // it computes is the requester's.
        let shared = set.masked(&p);
        assert!(!serde_json::to_string(&shared).unwrap().contains("s3cret"));
        assert_eq!(shared.hash, set.hash);
        assert_eq!(shared.hash_of_masked(), set.hash);
        assert!(
            shared.verify(&keyed(9)),
            "re-masking with any key changes nothing"
        );
        assert!(shared.verify(&Patterns::default()));
        // Within the workspace different secrets still give different
        // hashes; under another key the same secret gives another hash,
        // so a hash cannot be matched to a guess without the key.
        assert_ne!(with_secret("other-value", &p).hash, set.hash);
        assert_eq!(with_secret("s3cret-value", &p).hash, set.hash);
        assert_ne!(with_secret("s3cret-value", &keyed(6)).hash, set.hash);
        // The clear set's own canonical text is not what was hashed.
        assert_ne!(set.hash_of_masked(), set.hash);
    }

    #[test]
    fn hash_is_stable_across_serde() {
        let set = sample();
        assert_eq!(set.hash.len(), 64);
        let p = Patterns::default();
        assert!(set.verify(&p));
        let text = serde_json::to_string(&set).unwrap();
        let back: ChangeSet = serde_json::from_str(&text).unwrap();
        assert_eq!(back.compute_hash(&p), set.hash);
        assert!(back.verify(&p));
    }

    #[test]
    fn hash_sees_every_detail() {
        let base = sample();
        type Edit = Box<dyn Fn(&mut ChangeSet)>;
        let mut edits: Vec<Edit> = vec![
            Box::new(|s| s.to.version += 1),
            Box::new(|s| s.from = None),
            Box::new(|s| s.changes[0].new = None),
            Box::new(|s| s.changes[0].old = Some(json!({"x": null, "y": 1}))),
            Box::new(|s| s.changes[0].pinned = true),
            Box::new(|s| {
                s.changes[0].conflict = Some(Box::new(Conflict {
                    base: None,
                    source: None,
                    target: None,
                }))
            }),
            Box::new(|s| s.kept.push(s.changes[0].clone())),
        ];
        for (i, edit) in edits.iter_mut().enumerate() {
            let mut s = base.clone();
            edit(&mut s);
            assert!(
                !s.verify(&Patterns::default()),
                "edit {i} not seen by the hash"
            );
        }
    }

    #[test]
    fn anchors_follow_identity_and_stop_at_positional_arrays() {
        let t = json!({"a": {"list": [{"b": [1]}]}, "o": {"k": 1},
            "flows": [{"id": "x", "n": 1}, {"id": "y", "n": 2}]});
        let s = json!({"flows": [{"id": "y", "n": 3}, {"id": "x", "n": 1}]});
        let anchors = |t: &Value, s: &Value| -> Vec<(String, String, Option<Value>)> {
            diff::diff(t, s, &DiffOptions::default())
                .iter()
                .map(|c| {
                    let a = Anchor::of(c, t);
                    (c.path.clone(), a.pointer(), a.value_in(s).cloned())
                })
                .collect()
        };
        let got = anchors(&t, &s);
        assert!(got.contains(&("/a".into(), "/a".into(), None)));
        assert!(got.contains(&("/flows/1/n".into(), "/flows/1/n".into(), Some(json!(3)))));
        let moved = got
            .iter()
            .find(|(p, _, _)| p == "/flows/0" || p == "/flows/1");
        assert_eq!(moved.map(|m| m.1.as_str()), Some("/flows"));
        let t2 = json!({"a": {"list": [{"b": [1]}]}});
        let s2 = json!({"a": {"list": [{"b": [2]}]}});
        let got = anchors(&t2, &s2);
        assert!(got.iter().all(|(_, a, _)| a == "/a/list"), "{got:?}");
    }
}
