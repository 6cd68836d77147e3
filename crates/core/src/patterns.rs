//! Pinned (environment-specific) and secret keys, as glob patterns over
//! pointers, and the masking of secret values.
//!
//! ## Patterns
//!
//! A pattern is a glob over RFC 6901 pointers: `*` matches within one
//! token, `**` across tokens, so `/connections/*/baseUrl`, `/database/**`
//! and `**/password` do what they look like. Matching is
//! case-insensitive, and `_` and `-` are ignored in key names, so
//! `**/apiKey` also matches `API_KEY` and `api-key`. A pointer matches
//! when it or any of its ancestors does: everything under a secret is
//! secret, and `/database/**` also covers `/database` itself.
//!
//! [`PatternSet`] is the user's editable lists (stored in the workspace
//! settings); [`PatternSet::compile`] turns it into [`Patterns`], or a
//! typed [`PatternError`] naming the bad pattern.
//!
//! ## Secret values
//!
//! A value is secret when its pointer matches a secret pattern, or when
//! the value itself is recognisably a credential (a URL with a password, a
//! PEM block, a JWT, a well-known token prefix; see [`Detector`]), whatever
//! its key: [`Patterns::is_secret_value`] asks both, and masking and the
//! `secret` flag of changes follow it.
//!
//! [`MaskPreview`] lists what each secret pattern and each detector masks
//! in each environment, for the Settings page.
//!
//! ## Masking
//!
//! [`Patterns::mask`] shows a secret as dots and a keyed tag, such as
//! `••••••• ~q3Xa9fZk`: equal secrets look equal within the workspace, and
//! nobody without the workspace's [`MaskKey`] can test a guess against it
//! (see the `mask` submodule docs for why, and for the older token shapes
//! that [`is_mask_token`] still recognises). Compiled [`Patterns`] carry the
//! key, so whoever decides what is secret also masks it;
//! [`Settings::compiled_patterns`](crate::workspace::Settings::compiled_patterns)
//! builds them from a workspace.

use serde::{Deserialize, Serialize};
use thiserror::Error;

mod detect;
mod mask;
mod matcher;
mod preview;
mod restore;
#[cfg(test)]
mod tests;

pub use self::detect::{detect, detect_text, Detector};
pub use self::mask::*;
use self::matcher::{first_token, last_token, Matcher};
#[cfg(test)]
use self::matcher::{glob, with_container};
pub use self::preview::{EnvHits, MaskPreview, MaskRule, RuleHits};
pub use self::restore::{restore_masked, restore_masked_at, KeptSecret, MaskedValueError};

/// The user's pinned and secret patterns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatternSet {
    pub pinned: Vec<String>,
    pub secret: Vec<String>,
}

impl Default for PatternSet {
    fn default() -> Self {
        Self {
            pinned: [
                "/database/**",
                "**/baseUrl",
                "**/*url",
                "**/account",
                "**/concurrency",
                "**/host",
                "**/app_env",
            ]
            .map(String::from)
            .to_vec(),
            secret: [
                "**/*password*",
                "**/*passwd*",
                "**/*apiKey*",
                "**/*secret*",
                "**/*token*",
                "**/*credential*",
                "**/*private*key*",
                "**/database_url",
                // Short words match as whole key segments only (the key
                // itself, or after/before a `_` or `-`), so that `pin`
                // does not catch `shipping` or `pipeline`, nor `pass`
                // `compass`. Globs cannot see camelCase boundaries: a
                // `userPin` needs a pattern of its own.
                "**/pass",
                "**/*[_-]pass",
                "**/pin",
                "**/*[_-]pin",
                "**/pin[_-]*",
                "**/salt",
                "**/*[_-]salt",
                "**/salt[_-]*",
                "**/cookie",
                "**/*[_-]cookie",
                "**/authorization",
                "**/*pwd*",
                "**/*passphrase*",
                "**/*dsn",
                "**/*bearer*",
                // Longer names: `_` and `-` are ignored, so these also
                // match camelCase (`signingKey`, `connectionString`).
                "**/*redis_url",
                "**/*mongo*_uri",
                "**/*mongo*_url",
                "**/*connection_string*",
                "**/*signing_key*",
                "**/*access_key*",
                "**/*otp_seed*",
                "**/*certificate",
            ]
            .map(String::from)
            .to_vec(),
        }
    }
}

impl PatternSet {
    /// Compiles both lists; the first invalid pattern is an error.
    pub fn compile(&self) -> Result<Patterns, PatternError> {
        self.check()?;
        Ok(self.lenient())
    }

    /// Compiles both lists, skipping invalid patterns (which never match)
    /// and keeping every valid one: what to match with when the stored
    /// lists may be damaged (an old backup, a hand-edited file). Falling
    /// back to the defaults instead would drop the user's own secret
    /// patterns and show those values in clear. [`PatternSet::compile`]
    /// reports what was skipped.
    pub fn lenient(&self) -> Patterns {
        Patterns {
            pinned: Matcher::lenient(&self.pinned),
            secret: Matcher::lenient(&self.secret),
            key: None,
        }
    }

    /// Default secret patterns this set lacks: a workspace keeps the lists
    /// it was created with, so defaults added later (such as `**/pin`)
    /// reach it only when the user takes them; Settings can offer these.
    pub fn missing_default_secrets(&self) -> Vec<String> {
        PatternSet::default()
            .secret
            .into_iter()
            .filter(|d| !self.secret.contains(d))
            .collect()
    }

    /// The first invalid pattern, if any.
    fn check(&self) -> Result<(), PatternError> {
        Matcher::new(&self.pinned, PatternList::Pinned)?;
        Matcher::new(&self.secret, PatternList::Secret)?;
        Ok(())
    }

    /// True when `pointer` is an environment-specific key. Secrets count
    /// as pinned too: credentials differ per environment, so they are
    /// never promoted unless ticked. Invalid patterns never match; to
    /// match many pointers, compile once with [`PatternSet::lenient`].
    pub fn is_pinned(&self, pointer: &str) -> bool {
        self.lenient().is_pinned(pointer)
    }

    /// True when `pointer` holds a secret (invalid patterns never match).
    pub fn is_secret(&self, pointer: &str) -> bool {
        self.lenient().is_secret(pointer)
    }
}

/// Which list a pattern came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternList {
    Pinned,
    Secret,
}

impl std::fmt::Display for PatternList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PatternList::Pinned => "pinned",
            PatternList::Secret => "secret",
        })
    }
}

/// Why a pattern could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PatternError {
    #[error("{list} pattern {index} ({pattern:?}) is not a valid glob: {reason}")]
    Invalid {
        list: PatternList,
        /// Position in the list, from 0.
        index: usize,
        pattern: String,
        reason: String,
    },
}

/// Compiled pinned and secret patterns.
///
/// They carry the workspace's mask key (none until [`Patterns::with_key`]),
/// so that every mask they make is keyed.
#[derive(Debug, Clone)]
pub struct Patterns {
    pinned: Matcher,
    secret: Matcher,
    key: Option<MaskKey>,
}

impl PartialEq for Patterns {
    fn eq(&self, other: &Self) -> bool {
        self.pinned.sources == other.pinned.sources
            && self.secret.sources == other.secret.sources
            && self.key == other.key
    }
}

impl Patterns {
    /// The same patterns masking under `key` (`None`: masks show only dots).
    pub fn with_key(mut self, key: Option<MaskKey>) -> Self {
        self.key = key;
        self
    }

    /// The mask key, if there is one.
    pub fn mask_key(&self) -> Option<&MaskKey> {
        self.key.as_ref()
    }

    /// `value` as a mask under these patterns' key (see [`mask_with`]).
    pub fn mask(&self, value: &serde_json::Value) -> String {
        mask_with(self.key.as_ref(), value)
    }

    /// True when `pointer` (or an ancestor) is an environment-specific key,
    /// a secret included (see [`PatternSet::is_pinned`]).
    pub fn is_pinned(&self, pointer: &str) -> bool {
        self.pinned.is_match(pointer) || self.secret.is_match(pointer)
    }

    /// True when `pointer` (or an ancestor) holds a secret.
    pub fn is_secret(&self, pointer: &str) -> bool {
        self.secret.is_match(pointer)
    }

    /// True when `value`, found at `pointer`, is secret: by the patterns,
    /// or because the value is recognisably a credential ([`detect`]).
    pub fn is_secret_value(&self, pointer: &str, value: &serde_json::Value) -> bool {
        detect(value).is_some() || self.is_secret(pointer)
    }

    /// True when `pointer` itself (ancestors aside) matches a secret
    /// pattern: for walks that already know about the ancestors.
    pub fn is_secret_here(&self, pointer: &str) -> bool {
        self.secret.is_match_own(pointer)
    }
}

impl Patterns {
    /// `value`, found at `at`, with every secret in it masked: a value at a
    /// secret pointer is masked whole, and containers are walked, so that a
    /// secret nested in an added object is masked too.
    pub fn mask_value(&self, value: &serde_json::Value, at: &str) -> serde_json::Value {
        if self.is_secret_value(at, value) {
            return serde_json::Value::String(self.mask(value));
        }
        self.mask_inside(value, at)
    }

    /// Masks below `at`, which is known not to be secret.
    fn mask_inside(&self, value: &serde_json::Value, at: &str) -> serde_json::Value {
        use serde_json::Value;
        let child = |key: &str, v: &Value| {
            let p = crate::pointer::child(at, key);
            if self.is_secret_here(&p) || detect(v).is_some() {
                Value::String(self.mask(v))
            } else {
                self.mask_inside(v, &p)
            }
        };
        match value {
            Value::Object(map) => {
                Value::Object(map.iter().map(|(k, v)| (k.clone(), child(k, v))).collect())
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| child(&i.to_string(), v))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// A matcher for many pointers that remembers ancestors' answers, so
    /// siblings (most of a diff) are matched against their own key only.
    pub fn classifier(&self) -> Classifier<'_> {
        Classifier {
            patterns: self,
            cache: std::collections::HashMap::new(),
            names: std::collections::HashMap::new(),
            heads: std::collections::HashMap::new(),
        }
    }
}

/// Pinned and secret flags for many pointers; see [`Patterns::classifier`].
pub struct Classifier<'p> {
    patterns: &'p Patterns,
    cache: std::collections::HashMap<String, (bool, bool)>,
    /// Answers of the `**/<glob>` patterns by last token: a config repeats
    /// its key names, so most lookups end here.
    names: std::collections::HashMap<String, (bool, bool)>,
    /// Whether whole-pointer patterns may match, by first token.
    heads: std::collections::HashMap<String, (bool, bool)>,
}

impl Classifier<'_> {
    /// `(pinned, secret)` for `pointer`: the same answers as
    /// [`Patterns::is_pinned`] and [`Patterns::is_secret`].
    pub fn flags(&mut self, pointer: &str) -> (bool, bool) {
        if let Some(&f) = self.cache.get(pointer) {
            return f;
        }
        let (parent_pinned, parent_secret) = match pointer.rfind('/') {
            Some(i) => self.flags(&pointer[..i]),
            None => (false, false),
        };
        let token = last_token(pointer);
        let patterns = self.patterns;
        let (pinned_name, secret_name) = remembered(&mut self.names, token, |t| {
            (
                patterns.pinned.is_name_match(t),
                patterns.secret.is_name_match(t),
            )
        });
        let (may_pinned, may_secret) = match first_token(pointer) {
            None => (true, true),
            Some(head) => remembered(&mut self.heads, head, |h| {
                (
                    patterns.pinned.may_path_match(h),
                    patterns.secret.may_path_match(h),
                )
            }),
        };
        let secret = parent_secret
            || secret_name
            || (may_secret && self.patterns.secret.is_path_match(pointer));
        let pinned = parent_pinned
            || secret
            || pinned_name
            || (may_pinned && self.patterns.pinned.is_path_match(pointer));
        self.cache.insert(pointer.to_owned(), (pinned, secret));
        (pinned, secret)
    }
}

/// The answer for `key` from `cache`, computed and kept on first asking.
fn remembered(
    cache: &mut std::collections::HashMap<String, (bool, bool)>,
    key: &str,
    compute: impl FnOnce(&str) -> (bool, bool),
) -> (bool, bool) {
    if let Some(&f) = cache.get(key) {
        return f;
    }
    let f = compute(key);
    cache.insert(key.to_owned(), f);
    f
}

impl Default for Patterns {
    fn default() -> Self {
        let d = PatternSet::default();
        Self {
            pinned: Matcher::lenient(&d.pinned),
            secret: Matcher::lenient(&d.secret),
            key: None,
        }
    }
}
