//! Selective, three-way, all-or-nothing promotion of a [`ChangeSet`].
//!
//! ## Two layers
//!
//! - [`promote`] and [`preview`]: the plain calls, with the chain rule on.
//! - [`Promotion`]: the same as a builder, with the chain override.
//!
//! ## What a promotion guarantees
//!
//! - **All or nothing.** The work is done on a copy of the workspace, which
//!   replaces the original only when every step succeeded.
//! - **No stale reviews.** The target's version must still be the one the
//!   change set was computed against ([`PromoteError::Stale`]), and the
//!   change set must still match its hash ([`PromoteError::HashMismatch`]).
//!   A source that moved on since is only a warning: what is applied is the
//!   reviewed change set, not the source's current content.
//! - **Pinned keys stay** unless a [`Selection`] names their exact path.
//! - **Conflicts are never overwritten** without a [`Resolution`].
//! - **Records**: a snapshot before and after, one audit event (secrets
//!   masked), a version bump, and a new `promoted_base` on the target.
//! - **Chain rule**: only into the next environment up, unless
//!   [`Promotion::override_chain`] is set; the override is then written
//!   into the audit event and reported as a warning.
//! - **Go-live gate**: into production, the open gating items of the
//!   checklist chosen in the settings block the promotion
//!   ([`crate::checklist::gate_status`]) unless a
//!   [`GateOverride`] with a reason is given; the reason goes into the
//!   audit event.
//! - **Approval**: when the settings require one, a promotion into
//!   production needs the latest approval recorded for this change set's
//!   hash to be "approved".
//!
//! [`Promotion::preview`] and [`Promotion::warnings`] skip the chain, gate
//! and approval checks: they show what would happen, for the page that
//! asks for the override or the approval.
//!
//! ## The merge base it leaves behind
//!
//! The next promotion into the target merges against the content both
//! sides *agreed on* (stored on the after-snapshot as `merge_base`), not
//! simply the source's content:
//!
//! - a change that was selected (whatever its resolution) and a target-only
//!   change that was kept count as agreed at the source's value, so a
//!   "keep target" decision is remembered instead of asked again;
//! - a change left unselected (a pinned key, or one deferred) counts as
//!   agreed at the target's value, so it is proposed again next time rather
//!   than mistaken for target work and dropped.
//!
//! Change sets imported from a patch have no source environment: they skip
//! the chain rule and leave `promoted_base` unchanged.
//!
//! ## The target's own file
//!
//! A target that keeps its file is promoted by editing that text in place
//! ([`crate::files::plan_edits_to`] towards the promoted tree); the config
//! written is what the edited text reads as. A change the editor cannot
//! place refuses the whole promotion ([`PromoteError::Unplaceable`], every
//! path with why): never a silent re-serialization. [`placement`] lists
//! those changes for the review before Execute; [`preview_patch`] gives the
//! edit as a unified diff.

mod placement;

pub use placement::{placement, preview_patch, preview_source};

use crate::approval::Decision;
use crate::audit::{self, AuditAction, AuditEvent};
use crate::changeset::ChangeSet;
use crate::checklist::{gate_status, GateOverride, GateStatus};
use crate::diff::{self, Change, ChangeKind};
use crate::environment::{self, EnvId, PromotedBase};
use crate::snapshot::{self, SnapshotReason};
use crate::workspace::Workspace;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use thiserror::Error;

/// How much of a list of changes a selection covers: what a tri-state
/// "select all" box shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Coverage {
    /// Nothing is selected.
    None,
    /// Some, but not every non-pinned change.
    Some,
    /// Every non-pinned change (pinned keys never count against "all").
    All,
}

/// How to settle one change (required for a conflict).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Resolution {
    /// Apply the source's value.
    TakeSource,
    /// Leave the target's value as it is.
    KeepTarget,
    /// Write this value instead of either.
    Custom(Value),
}

/// Which changes of a change set to promote.
///
/// A change is selected when its path is not excluded and either its exact
/// path was named ([`path`](Self::path), [`include_pinned`](Self::include_pinned)
/// or [`resolve`](Self::resolve)), or it is not pinned and [`all`](Self::all)
/// or its [`group`](Self::group) was chosen. Naming a path is the only way
/// to promote a pinned key.
///
/// ```
/// use preflight_core::promote::{Resolution, Selection};
/// let sel = Selection::all()
///     .exclude("/features/autoRefunds")
///     .resolve("/flows", Resolution::KeepTarget);
/// # let _ = sel;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Selection {
    all: bool,
    paths: BTreeSet<String>,
    groups: BTreeSet<String>,
    excluded: BTreeSet<String>,
    resolutions: BTreeMap<String, Resolution>,
}

impl Selection {
    /// Nothing selected.
    pub fn new() -> Self {
        Self::default()
    }
    /// Every change that is not pinned.
    pub fn all() -> Self {
        Self {
            all: true,
            ..Self::default()
        }
    }
    /// The change at exactly this path (pinned or not).
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.paths.insert(path.into());
        self
    }
    /// Several exact paths.
    pub fn paths<I, S>(mut self, paths: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.paths.extend(paths.into_iter().map(Into::into));
        self
    }
    /// A pinned key, explicitly: the same as [`Selection::path`], named for
    /// what it means at the call site.
    pub fn include_pinned(self, path: impl Into<String>) -> Self {
        self.path(path)
    }
    /// Every non-pinned change whose group is `group`.
    pub fn group(mut self, group: impl Into<String>) -> Self {
        self.groups.insert(group.into());
        self
    }
    /// Never this path, whatever else selects it.
    pub fn exclude(mut self, path: impl Into<String>) -> Self {
        self.excluded.insert(path.into());
        self
    }
    /// Settles the change at `path` (and selects it).
    pub fn resolve(mut self, path: impl Into<String>, resolution: Resolution) -> Self {
        self.resolutions.insert(path.into(), resolution);
        self
    }

    /// Flips one change, the way a checkbox does: a selected change gets
    /// excluded, an unselected one gets named (pinned ones included).
    pub fn toggle(&mut self, change: &Change) {
        let p = &change.path;
        if self.is_selected(change) {
            self.paths.remove(p);
            self.resolutions.remove(p);
            self.excluded.insert(p.clone());
        } else {
            self.excluded.remove(p);
            self.paths.insert(p.clone());
        }
    }

    /// Sets or clears the resolution for `path`. Setting one selects the
    /// change; clearing it leaves the change selected.
    pub fn set_resolution(&mut self, path: impl Into<String>, resolution: Option<Resolution>) {
        let path = path.into();
        match resolution {
            Some(r) => {
                self.excluded.remove(&path);
                self.resolutions.insert(path, r);
            }
            None => {
                self.resolutions.remove(&path);
            }
        }
    }

    /// Ticks or unticks `changes` the way a group's box does. Ticking never
    /// selects a pinned key: that stays a deliberate, one-by-one choice.
    /// Unticking clears them all, pinned ones and resolutions included.
    pub fn set_many<'a>(&mut self, changes: impl IntoIterator<Item = &'a Change>, on: bool) {
        for c in changes {
            if self.is_selected(c) != on && (!on || !c.pinned) {
                self.toggle(c);
            }
        }
    }

    /// [`Selection::set_many`] over a whole change set, in constant time:
    /// ticking keeps pinned keys and resolutions already chosen.
    pub fn set_all(&mut self, on: bool) {
        if on {
            // Only unticked changes are excluded, so nothing chosen is lost.
            self.all = true;
            self.excluded.clear();
            self.groups.clear();
        } else {
            *self = Selection::new();
        }
    }

    /// How much of `changes` is selected (see [`Coverage`]).
    pub fn coverage<'a>(&self, changes: impl IntoIterator<Item = &'a Change>) -> Coverage {
        let (mut on, mut eligible, mut eligible_on) = (0usize, 0usize, 0usize);
        for c in changes {
            let selected = self.is_selected(c);
            on += usize::from(selected);
            if !c.pinned {
                eligible += 1;
                eligible_on += usize::from(selected);
            }
        }
        if on == 0 {
            Coverage::None
        } else if eligible_on == eligible {
            Coverage::All
        } else {
            Coverage::Some
        }
    }

    /// The selected conflicts of `changes` still waiting for a resolution:
    /// while there is one, the promotion is refused.
    pub fn unresolved<'a>(&self, changes: impl IntoIterator<Item = &'a Change>) -> Vec<&'a Change> {
        changes
            .into_iter()
            .filter(|c| {
                c.conflict.is_some() && self.is_selected(c) && self.resolution(&c.path).is_none()
            })
            .collect()
    }

    /// This selection moved onto `new`, a fresh review of the same pair
    /// (after the target changed, say): ticks and unticks of paths still
    /// proposed are kept, the rest dropped, and a resolution is kept only
    /// when its change is exactly what it was in `old`, because a decision
    /// about other values is no decision.
    pub fn carried_over(&self, old: &ChangeSet, new: &ChangeSet) -> Selection {
        let present = |p: &String| new.change(p).is_some();
        let same = |p: &String| match (old.change(p), new.change(p)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        };
        Selection {
            all: self.all,
            paths: self.paths.iter().filter(|p| present(p)).cloned().collect(),
            groups: self.groups.clone(),
            excluded: self
                .excluded
                .iter()
                .filter(|p| present(p))
                .cloned()
                .collect(),
            resolutions: self
                .resolutions
                .iter()
                .filter(|(p, _)| same(p))
                .map(|(p, r)| (p.clone(), r.clone()))
                .collect(),
        }
    }

    /// The selected changes of `set`, in its order (for the Execute card).
    pub fn selected<'c>(&self, set: &'c ChangeSet) -> Vec<&'c Change> {
        set.changes.iter().filter(|c| self.is_selected(c)).collect()
    }

    /// True when `change` is selected.
    pub fn is_selected(&self, change: &Change) -> bool {
        let p = &change.path;
        !self.excluded.contains(p)
            && (self.paths.contains(p)
                || self.resolutions.contains_key(p)
                || (!change.pinned && (self.all || self.groups.contains(&change.group))))
    }

    /// The resolution given for `path`.
    pub fn resolution(&self, path: &str) -> Option<&Resolution> {
        self.resolutions.get(path)
    }

    fn named_paths(&self) -> impl Iterator<Item = &String> {
        self.paths.iter().chain(self.resolutions.keys())
    }
}

/// Something the caller should see, though the promotion may go ahead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Warning {
    /// Some changes of a group are selected and some are not; such a bundle
    /// (say a URL and its credentials) usually belongs together. Pinned
    /// changes left out do not count.
    PartialGroup {
        group: String,
        selected: Vec<String>,
        left_out: Vec<String>,
    },
    /// The source changed since the review; the reviewed changes are what
    /// is applied.
    SourceChanged {
        env: EnvId,
        reviewed: u64,
        current: u64,
    },
    /// The promotion skips the chain rule.
    ChainOverride { from: EnvId, to: EnvId },
    /// The go-live gate was overridden.
    GateOverride {
        /// The reason given.
        reason: String,
        /// Codes of the gating items still open.
        open_items: Vec<String>,
    },
}

/// Why a promotion was refused. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PromoteError {
    #[error("there is no environment {0:?}")]
    UnknownEnvironment(EnvId),
    #[error("the change set was edited after it was hashed (hash {stored}, content {actual})")]
    HashMismatch { stored: String, actual: String },
    #[error(
        "{env} changed since the review (reviewed version {reviewed}, now {current}); review again"
    )]
    Stale {
        env: EnvId,
        reviewed: u64,
        current: u64,
    },
    #[error("{from} may only be promoted into the next environment up ({expected}), not {to}; an override is needed")]
    Chain {
        from: EnvId,
        to: EnvId,
        expected: String,
    },
    #[error("the go-live gate is closed: {}", describe_gate(.0))]
    GateBlocked(GateStatus),
    #[error("promotion into production needs an approval of change set {hash}")]
    NotApproved { hash: String },
    #[error("change set {hash} was rejected by {approver}")]
    Rejected { hash: String, approver: String },
    #[error(
        "the approval by {approver} does not cover {}: it was given for another selection; request an approval of this one",
        list_paths(.paths)
    )]
    NotApprovedSelection {
        approver: String,
        /// The selected paths the approval does not cover.
        paths: Vec<String>,
    },
    #[error("the selection names {0}, which is not a change of this change set")]
    UnknownPath(String),
    #[error(
        "{0} was changed in both environments since the last promotion; choose which value to keep"
    )]
    UnresolvedConflict(String),
    #[error("the resolution for {path} cannot be used: {reason}")]
    BadResolution { path: String, reason: String },
    #[error("no change is selected")]
    NothingSelected,
    #[error("cannot apply the change at {path}: {reason}")]
    Apply { path: String, reason: String },
    /// The target keeps its file and these changes cannot be written into
    /// its text; nothing was changed.
    #[error("{} cannot be written into the target's file: {}", list_paths(&.0.iter().map(|u| u.path.clone()).collect::<Vec<_>>()), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Unplaceable(Vec<crate::files::Unplaceable>),
}

/// What a promotion did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PromotionReport {
    /// The source environment (`None` for an imported patch).
    pub from: Option<EnvId>,
    /// The target environment.
    pub to: EnvId,
    /// Paths whose value was written (a "keep target" resolution is not).
    pub applied: Vec<String>,
    /// The target's version after the promotion.
    pub version: u64,
    /// Snapshot of the target before and after.
    pub before: String,
    pub after: String,
    /// The audit event written.
    pub event: String,
    /// Bundle, source-changed and chain-override warnings.
    pub warnings: Vec<Warning>,
}

/// A promotion with its options.
///
/// ```no_run
/// # use preflight_core::{Workspace, jiff::Timestamp};
/// # use preflight_core::changeset::ChangeSet;
/// # use preflight_core::promote::{Promotion, Selection};
/// # let mut ws = Workspace::empty();
/// # let set: ChangeSet = todo!();
/// let report = Promotion::new(&set, &Selection::all())
///     .comment("hotfix straight to production")
///     .actor("Ada")
///     .override_chain(true)
///     .execute(&mut ws, Timestamp::UNIX_EPOCH)?;
/// # Ok::<(), preflight_core::promote::PromoteError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Promotion<'a> {
    set: &'a ChangeSet,
    selection: &'a Selection,
    comment: String,
    actor: String,
    override_chain: bool,
    gate_override: Option<GateOverride>,
}

/// What a promotion would write, computed without touching the workspace.
struct Plan {
    config: Value,
    /// The target's file edited in place (when it keeps one and the text
    /// was asked for).
    source: Option<crate::environment::EnvSource>,
    /// Changes as written (custom values in `new`), for the audit.
    effective: Vec<Change>,
    merge_base: Option<Value>,
    warnings: Vec<Warning>,
}

impl<'a> Promotion<'a> {
    /// Promotion of `selection` out of `set`; no comment, default actor,
    /// chain rule on.
    pub fn new(set: &'a ChangeSet, selection: &'a Selection) -> Self {
        Self {
            set,
            selection,
            comment: String::new(),
            actor: String::new(),
            override_chain: false,
            gate_override: None,
        }
    }
    /// The comment for the audit event.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = comment.into();
        self
    }
    /// Who promotes; empty means the display name from the settings.
    pub fn actor(mut self, actor: impl Into<String>) -> Self {
        self.actor = actor.into();
        self
    }
    /// Allow a target other than the next environment up (audited).
    pub fn override_chain(mut self, on: bool) -> Self {
        self.override_chain = on;
        self
    }

    /// Go ahead although the go-live gate is closed (audited, with the
    /// reason).
    pub fn override_gate(mut self, gate_override: GateOverride) -> Self {
        self.gate_override = Some(gate_override);
        self
    }

    /// The target's config as it would be after the promotion. Checks all
    /// that [`Promotion::execute`] checks except the chain rule, so a page
    /// can preview a promotion that still needs the override.
    pub fn preview(&self, ws: &Workspace) -> Result<Value, PromoteError> {
        Ok(self.plan(ws, false, false)?.config)
    }

    /// Warnings the promotion would report (bundle warnings and the like),
    /// for showing next to the Execute button.
    pub fn warnings(&self, ws: &Workspace) -> Result<Vec<Warning>, PromoteError> {
        Ok(self.plan(ws, false, false)?.warnings)
    }

    /// Everything [`Promotion::execute`] checks (chain rule, gate, approval,
    /// conflicts), without writing: whether a "Promote now" button can
    /// promise to work, and if not, why.
    pub fn check(&self, ws: &Workspace) -> Result<Vec<Warning>, PromoteError> {
        Ok(self.plan(ws, true, true)?.warnings)
    }

    /// Promotes, or changes nothing and says why.
    pub fn execute(
        &self,
        ws: &mut Workspace,
        now: Timestamp,
    ) -> Result<PromotionReport, PromoteError> {
        let plan = self.plan(ws, true, true)?;
        // Stored only where it differs from the content it sits next to
        // (reading falls back to the content), to keep the workspace small.
        let merge_base = plan
            .merge_base
            .filter(|b| !environment::identical(b, &plan.config));
        let set = self.set;
        let to = set.to.id.clone();
        let unknown = |_| PromoteError::UnknownEnvironment(to.clone());
        let actor = snapshot::actor_or_default(ws, &self.actor);

        let mut next = ws.clone();
        let before = snapshot::take(&mut next, &to, SnapshotReason::BeforePromotion, &actor, now)
            .map_err(unknown)?;
        let after = next.next_id("snap");
        let version = {
            let env = next
                .env_mut(&to)
                .ok_or_else(|| PromoteError::UnknownEnvironment(to.clone()))?;
            // A promotion is a write even when every change was "keep
            // target": the merge base moved.
            if !env.set_config_and_source(plan.config, plan.source) {
                env.version += 1;
            }
            if let Some(from) = &set.from {
                env.promoted_base = Some(PromotedBase {
                    from: from.id.clone(),
                    version: from.version,
                    snapshot: Some(after.clone()),
                });
            }
            env.version
        };
        snapshot::push(
            &mut next,
            after.clone(),
            &to,
            SnapshotReason::AfterPromotion,
            &actor,
            now,
            merge_base,
        )
        .map_err(unknown)?;

        let mut envs: Vec<EnvId> = set.from.iter().map(|f| f.id.clone()).collect();
        envs.push(to.clone());
        let mut event = AuditEvent::new(AuditAction::Promotion, envs, actor, now);
        let (listed, more) =
            audit::listed_changes(&plan.effective, &next.settings.compiled_patterns());
        event.changes = listed;
        event.comment = audit::with_note(&self.comment, more);
        event.snapshots = vec![before.clone(), after.clone()];
        event.chain_override = plan
            .warnings
            .iter()
            .any(|w| matches!(w, Warning::ChainOverride { .. }));
        event.changeset_hash = Some(set.hash.clone());
        if let Some((reason, open_items)) = plan.warnings.iter().find_map(|w| match w {
            Warning::GateOverride { reason, open_items } => Some((reason, open_items)),
            _ => None,
        }) {
            event.gate_override = Some(reason.clone());
            event.gate_open_items = open_items.clone();
        }
        let event = audit::record(&mut next, event);

        *ws = next;
        Ok(PromotionReport {
            from: set.from.as_ref().map(|f| f.id.clone()),
            to,
            applied: plan.effective.iter().map(|c| c.path.clone()).collect(),
            version,
            before,
            after,
            event,
            warnings: plan.warnings,
        })
    }

    /// `with_text`: also edit the target's file (the execute path and the
    /// checks before it; a plain tree preview skips it).
    fn plan(
        &self,
        ws: &Workspace,
        enforce_chain: bool,
        with_text: bool,
    ) -> Result<Plan, PromoteError> {
        let set = self.set;
        let sel = self.selection;
        let actual = set.compute_hash(&ws.settings.compiled_patterns());
        if actual != set.hash {
            return Err(PromoteError::HashMismatch {
                stored: set.hash.clone(),
                actual,
            });
        }
        let target = ws
            .env(&set.to.id)
            .ok_or_else(|| PromoteError::UnknownEnvironment(set.to.id.clone()))?;
        if target.version != set.to.version {
            return Err(PromoteError::Stale {
                env: target.id.clone(),
                reviewed: set.to.version,
                current: target.version,
            });
        }
        let mut warnings = Vec::new();
        if let Some(from) = &set.from {
            let source = ws
                .env(&from.id)
                .ok_or_else(|| PromoteError::UnknownEnvironment(from.id.clone()))?;
            if source.version != from.version {
                warnings.push(Warning::SourceChanged {
                    env: from.id.clone(),
                    reviewed: from.version,
                    current: source.version,
                });
            }
            match crate::pipeline::check_chain(ws, &from.id, &set.to.id) {
                Ok(()) => {}
                Err(_) if self.override_chain => warnings.push(Warning::ChainOverride {
                    from: from.id.clone(),
                    to: set.to.id.clone(),
                }),
                Err(e) if enforce_chain => return Err(e),
                Err(_) => {}
            }
        }
        for p in sel.named_paths() {
            if set.change(p).is_none() {
                return Err(PromoteError::UnknownPath(p.clone()));
            }
        }
        let selected: Vec<&Change> = set.changes.iter().filter(|c| sel.is_selected(c)).collect();
        if enforce_chain {
            self.check_gate_and_approval(ws, &selected, &mut warnings)?;
        }
        if selected.is_empty() {
            return Err(PromoteError::NothingSelected);
        }
        // The changes as they will be written: a custom value rides on its
        // change, so `apply` places it by identity like any other (a bare
        // pointer write could hit a shifted array element).
        let mut effective = Vec::new();
        for c in &selected {
            match (sel.resolution(&c.path), &c.conflict) {
                (None, Some(_)) => return Err(PromoteError::UnresolvedConflict(c.path.clone())),
                (None | Some(Resolution::TakeSource), _) => effective.push((*c).clone()),
                (Some(Resolution::KeepTarget), _) => {}
                (Some(Resolution::Custom(v)), _) => effective.push(with_value(c, v)?),
            }
        }
        warnings.extend(bundle_warnings(set, sel));

        let apply_err = |e: diff::ApplyError| {
            let path = match &e {
                diff::ApplyError::Path { path, .. }
                | diff::ApplyError::BadPointer { path }
                | diff::ApplyError::NotFound { path, .. }
                | diff::ApplyError::Stale { path } => path.clone(),
            };
            PromoteError::Apply {
                path,
                reason: e.to_string(),
            }
        };
        let mut config = (*target.config).clone();
        diff::apply(&mut config, &effective).map_err(apply_err)?;

        let merge_base = match &set.from {
            None => None,
            Some(_) => {
                let mut agreed = (*target.config).clone();
                let all_selected: Vec<Change> = selected.iter().map(|c| (*c).clone()).collect();
                diff::apply(&mut agreed, &all_selected).map_err(apply_err)?;
                // Kept (target-only) changes count as agreed at the
                // source's value. Applied after the selection: apply finds
                // keyed elements by identity, and kept changes never share
                // an anchor with a proposed one.
                diff::apply(&mut agreed, &set.kept).map_err(apply_err)?;
                Some(agreed)
            }
        };

        let (config, source) = match &target.source {
            Some(s) if with_text => {
                let (config, source) = placement::edit_text(s, config, &effective)?;
                (config, Some(source))
            }
            _ => (config, None),
        };

        Ok(Plan {
            config,
            source,
            effective,
            merge_base,
            warnings,
        })
    }
}

impl Promotion<'_> {
    fn check_gate_and_approval(
        &self,
        ws: &Workspace,
        selected: &[&Change],
        warnings: &mut Vec<Warning>,
    ) -> Result<(), PromoteError> {
        let to = &self.set.to.id;
        let gate = gate_status(ws, to);
        if gate.is_blocked() {
            match &self.gate_override {
                None => return Err(PromoteError::GateBlocked(gate)),
                Some(o) => warnings.push(Warning::GateOverride {
                    reason: o.reason().to_owned(),
                    open_items: gate
                        .blocking_items()
                        .iter()
                        .map(|b| b.code.clone())
                        .collect(),
                }),
            }
        }
        let into_production = ws.production().is_some_and(|p| &p.id == to);
        if ws.settings.require_approval && into_production {
            let hash = &self.set.hash;
            // The same answer the promote page shows: the latest one.
            match crate::approval::latest(ws, hash) {
                None => return Err(PromoteError::NotApproved { hash: hash.clone() }),
                Some(a) if a.decision == Decision::Rejected => {
                    return Err(PromoteError::Rejected {
                        hash: hash.clone(),
                        approver: a.approver.clone(),
                    })
                }
                Some(a) => {
                    let paths = a.uncovered(selected.iter().map(|c| c.path.as_str()));
                    if !paths.is_empty() {
                        return Err(PromoteError::NotApprovedSelection {
                            approver: a.approver.clone(),
                            paths,
                        });
                    }
                }
            }
        }
        Ok(())
    }
}

fn list_paths(paths: &[String]) -> String {
    match paths {
        [one] => one.clone(),
        [first, rest @ ..] => format!("{first} and {} more", rest.len()),
        [] => "no change".to_owned(),
    }
}

fn describe_gate(gate: &GateStatus) -> String {
    match gate {
        GateStatus::Open(_) => "open".to_owned(),
        GateStatus::Blocked {
            checklist_name,
            items,
            ..
        } => {
            let codes: Vec<&str> = items.iter().map(|i| i.code.as_str()).collect();
            format!(
                "{checklist_name} has open gating items: {}",
                codes.join(", ")
            )
        }
        GateStatus::ChecklistMissing { checklist_id } => {
            format!("the gating checklist {checklist_id:?} no longer exists")
        }
    }
}

/// `c` writing `v` instead of the source's value.
fn with_value(c: &Change, v: &Value) -> Result<Change, PromoteError> {
    let mut e = c.clone();
    e.kind = match (&c.kind, &c.old) {
        (ChangeKind::Moved, _) => {
            return Err(PromoteError::BadResolution {
                path: c.path.clone(),
                reason: "a move has no value to replace; take the source or keep the target"
                    .to_owned(),
            })
        }
        (_, None) => ChangeKind::Added,
        (_, Some(old)) if same_type(old, v) => ChangeKind::Modified,
        (_, Some(_)) => ChangeKind::TypeChanged,
    };
    e.new = Some(v.clone());
    Ok(e)
}

fn same_type(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// Groups that are only partly selected (pinned changes left out do not
/// count), in the order the groups first appear.
pub fn bundle_warnings(set: &ChangeSet, sel: &Selection) -> Vec<Warning> {
    set.groups()
        .into_iter()
        .filter_map(|(group, changes)| {
            let (mut selected, mut left_out) = (Vec::new(), Vec::new());
            for c in changes {
                if sel.is_selected(c) {
                    selected.push(c.path.clone());
                } else if !c.pinned {
                    left_out.push(c.path.clone());
                }
            }
            (!selected.is_empty() && !left_out.is_empty()).then(|| Warning::PartialGroup {
                group: group.to_owned(),
                selected,
                left_out,
            })
        })
        .collect()
}

/// Promotes the selected changes of `set` into its target (chain rule on).
pub fn promote(
    ws: &mut Workspace,
    set: &ChangeSet,
    sel: &Selection,
    comment: &str,
    actor: &str,
    now: Timestamp,
) -> Result<PromotionReport, PromoteError> {
    Promotion::new(set, sel)
        .comment(comment)
        .actor(actor)
        .execute(ws, now)
}

/// The target's config as it would be after promoting `sel` of `set`.
pub fn preview(ws: &Workspace, set: &ChangeSet, sel: &Selection) -> Result<Value, PromoteError> {
    Promotion::new(set, sel).preview(ws)
}
