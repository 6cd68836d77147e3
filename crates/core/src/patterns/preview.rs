//! What each secret rule masks, for the Settings preview.
//!
//! Editing a secret pattern is guesswork without seeing what it catches.
//! [`MaskPreview::of`] lists, for every secret pattern and every value
//! [`Detector`], the keys of each environment it masks, so a page can show
//! "`**/pin`: QA `/atm/pin`" and the user sees both a pattern that catches
//! nothing and one that catches too much. A view model only: nothing here
//! changes the workspace.

use super::{Detector, PatternSet, Patterns};
use crate::environment::EnvId;
use crate::workspace::Workspace;
use serde_json::Value;

/// One rule that makes values secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MaskRule {
    /// A secret pattern, as the user wrote it.
    Pattern(String),
    /// A value detector.
    Detector(Detector),
}

/// The keys one rule masks in one environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvHits {
    pub env: EnvId,
    pub name: String,
    /// Pointers, in document order. For a pattern, the outermost matching
    /// key only: everything under it is masked with it.
    pub keys: Vec<String>,
}

/// One rule and what it masks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleHits {
    pub rule: MaskRule,
    /// False for a pattern that does not compile (it matches nothing).
    pub valid: bool,
    /// One entry per environment, in workspace order (empty `keys` when
    /// the rule masks nothing there).
    pub environments: Vec<EnvHits>,
}

impl RuleHits {
    /// How many keys the rule masks, over all environments.
    pub fn total(&self) -> usize {
        self.environments.iter().map(|e| e.keys.len()).sum()
    }
}

/// Every secret pattern, then every detector, with what each masks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaskPreview {
    pub rules: Vec<RuleHits>,
}

impl MaskPreview {
    /// The preview of `patterns` (the lists being edited, which may not be
    /// saved yet) over the environments of `ws`.
    pub fn of(ws: &Workspace, patterns: &PatternSet) -> Self {
        let mut rules = Vec::new();
        for p in &patterns.secret {
            let one = PatternSet {
                pinned: Vec::new(),
                secret: vec![p.clone()],
            };
            let valid = one.compile().is_ok();
            let compiled = one.lenient();
            let environments = hits(ws, |config, out| {
                by_pattern(&compiled, config, "", out);
            });
            rules.push(RuleHits {
                rule: MaskRule::Pattern(p.clone()),
                valid,
                environments,
            });
        }
        for d in Detector::ALL {
            let environments = hits(ws, |config, out| by_detector(d, config, "", out));
            rules.push(RuleHits {
                rule: MaskRule::Detector(d),
                valid: true,
                environments,
            });
        }
        Self { rules }
    }
}

impl From<&Workspace> for MaskPreview {
    fn from(ws: &Workspace) -> Self {
        Self::of(ws, &ws.settings.patterns)
    }
}

fn hits(ws: &Workspace, mut walk: impl FnMut(&Value, &mut Vec<String>)) -> Vec<EnvHits> {
    ws.environments
        .iter()
        .map(|e| {
            let mut keys = Vec::new();
            walk(&e.config, &mut keys);
            EnvHits {
                env: e.id.clone(),
                name: e.name.clone(),
                keys,
            }
        })
        .collect()
}

/// Children of a container, with their pointers.
fn children<'v>(value: &'v Value, at: &str) -> Vec<(String, &'v Value)> {
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| (crate::pointer::child(at, k), v))
            .collect(),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (crate::pointer::child(at, &i.to_string()), v))
            .collect(),
        _ => Vec::new(),
    }
}

fn by_pattern(patterns: &Patterns, value: &Value, at: &str, out: &mut Vec<String>) {
    for (p, v) in children(value, at) {
        if patterns.is_secret_here(&p) {
            out.push(p);
        } else {
            by_pattern(patterns, v, &p, out);
        }
    }
}

fn by_detector(d: Detector, value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::String(s) if d.matches(s) && super::is_mask_token(s).is_none() => {
            out.push(at.to_owned())
        }
        _ => {
            for (p, v) in children(value, at) {
                by_detector(d, v, &p, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::environment::Environment;
    use serde_json::json;

    #[test]
    fn lists_the_keys_each_rule_masks_per_environment() {
        let mut ws = Workspace::empty();
        ws.environments = vec![
            Environment::new(
                "qa",
                "QA",
                json!({"atm": {"pin": 1234, "shipping": "x"}, "db": {"password": {"v": "p"}},
                       "erp": {"endpoint": "postgres://a:b@h/db"}}),
            ),
            Environment::new("prod", "Production", json!({"pipeline": "x"})),
        ];
        let set = PatternSet {
            pinned: vec![],
            secret: vec!["**/pin".into(), "**/*password*".into(), "/bad/[".into()],
        };
        let preview = MaskPreview::of(&ws, &set);
        let rule = |r: &MaskRule| preview.rules.iter().find(|h| &h.rule == r).unwrap();
        let pin = rule(&MaskRule::Pattern("**/pin".into()));
        assert_eq!(pin.environments[0].keys, ["/atm/pin"]);
        assert!(pin.environments[1].keys.is_empty());
        assert_eq!(pin.environments[1].name, "Production");
        // The outermost key only: the value under it goes with it.
        let pw = rule(&MaskRule::Pattern("**/*password*".into()));
        assert_eq!(pw.environments[0].keys, ["/db/password"]);
        let bad = rule(&MaskRule::Pattern("/bad/[".into()));
        assert!(!bad.valid && bad.total() == 0);
        let url = rule(&MaskRule::Detector(Detector::UrlPassword));
        assert_eq!(url.environments[0].keys, ["/erp/endpoint"]);
        assert_eq!(rule(&MaskRule::Detector(Detector::Jwt)).total(), 0);
        assert_eq!(preview.rules.len(), 3 + Detector::ALL.len());
        assert_eq!(
            MaskPreview::from(&ws).rules.len(),
            ws.settings.patterns.secret.len() + 4
        );
    }
}
