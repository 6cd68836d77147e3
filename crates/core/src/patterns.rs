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
//! ## Masking
//!
//! [`mask`] shows a secret as a fixed mask and a short hash of the value,
//! such as `••••••• #3fa2c1`: equal secrets look equal, and the text does
//! not give the secret away.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

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
        }
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
#[derive(Debug, Clone)]
pub struct Patterns {
    pinned: Matcher,
    secret: Matcher,
}

impl PartialEq for Patterns {
    fn eq(&self, other: &Self) -> bool {
        self.pinned.sources == other.pinned.sources && self.secret.sources == other.secret.sources
    }
}

impl Patterns {
    /// True when `pointer` (or an ancestor) is an environment-specific key,
    /// a secret included (see [`PatternSet::is_pinned`]).
    pub fn is_pinned(&self, pointer: &str) -> bool {
        self.pinned.is_match(pointer) || self.secret.is_match(pointer)
    }

    /// True when `pointer` (or an ancestor) holds a secret.
    pub fn is_secret(&self, pointer: &str) -> bool {
        self.secret.is_match(pointer)
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
        if self.is_secret(at) {
            return serde_json::Value::String(mask(value));
        }
        self.mask_inside(value, at)
    }

    /// Masks below `at`, which is known not to be secret.
    fn mask_inside(&self, value: &serde_json::Value, at: &str) -> serde_json::Value {
        use serde_json::Value;
        let child = |key: &str, v: &Value| {
            let p = crate::pointer::child(at, key);
            if self.is_secret_here(&p) {
                Value::String(mask(v))
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
        }
    }
}

/// One list, compiled. Each pattern is matched as written and with `_` and
/// `-` dropped. Patterns of the form `**/<glob>` with no further `/` (most
/// of them: `**/password`, `**/*url`) depend only on a pointer's last token,
/// so they are kept apart and matched against that token, which callers
/// can cache; the rest are matched against the whole pointer.
#[derive(Debug, Clone)]
struct Matcher {
    sources: Vec<String>,
    paths: Pair,
    names: Pair,
    /// The first-token globs of the whole-pointer patterns, when every one
    /// starts with a plain `/<glob>`: a pointer whose first token matches
    /// none of them cannot match any (a cheap, cacheable pre-check).
    heads: Option<Pair>,
}

/// A glob set as written, and the same with `_` and `-` dropped.
#[derive(Debug, Clone)]
struct Pair {
    exact: GlobSet,
    loose: GlobSet,
    empty: bool,
}

impl Pair {
    fn build(globs: &[String], list: PatternList) -> Result<Self, PatternError> {
        let set = |texts: &mut dyn Iterator<Item = String>| {
            let mut b = GlobSetBuilder::new();
            for t in texts {
                b.add(glob(&t).map_err(|e| PatternError::Invalid {
                    list,
                    index: 0,
                    pattern: t.clone(),
                    reason: e.kind().to_string(),
                })?);
            }
            b.build().map_err(|e| PatternError::Invalid {
                list,
                index: 0,
                pattern: String::new(),
                reason: e.to_string(),
            })
        };
        Ok(Self {
            exact: set(&mut globs.iter().cloned())?,
            loose: set(&mut globs.iter().map(|g| loosen(g)))?,
            empty: globs.is_empty(),
        })
    }

    fn is_match(&self, text: &str) -> bool {
        if self.empty {
            return false;
        }
        let candidate = globset::Candidate::new(text);
        self.exact.is_match_candidate(&candidate)
            || if text.contains(['_', '-']) {
                self.loose.is_match(loosen(text))
            } else {
                self.loose.is_match_candidate(&candidate)
            }
    }
}

/// The token glob of a `**/<glob>` pattern whose glob has no `/`.
fn name_glob(pattern: &str) -> Option<&str> {
    pattern
        .strip_prefix("**/")
        .filter(|rest| !rest.is_empty() && !rest.contains('/') && !rest.contains("**"))
}

/// The glob of a whole-pointer pattern's first token, when it has a plain one.
fn head_glob(pattern: &str) -> Option<&str> {
    let rest = pattern.strip_prefix('/')?;
    let head = rest.split('/').next()?;
    (!head.contains("**")).then_some(head)
}

/// The first token of a pointer (`None` for the root).
fn first_token(pointer: &str) -> Option<&str> {
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').next().unwrap_or(rest))
}

/// The last token of a pointer (empty for the root).
fn last_token(pointer: &str) -> &str {
    pointer.rfind('/').map_or("", |i| &pointer[i + 1..])
}

fn glob(pattern: &str) -> Result<globset::Glob, globset::Error> {
    GlobBuilder::new(pattern)
        .case_insensitive(true)
        .literal_separator(true)
        .build()
}

/// Drops `_` and `-` (outside character classes) so that spellings agree.
fn loosen(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_class = false;
    for c in text.chars() {
        match c {
            '[' => in_class = true,
            ']' => in_class = false,
            '_' | '-' if !in_class => continue,
            _ => {}
        }
        out.push(c);
    }
    out
}

/// A pattern ending in `/**` also matches the container itself.
fn with_container(pattern: &str) -> Vec<String> {
    let mut v = vec![pattern.to_owned()];
    if let Some(base) = pattern.strip_suffix("/**") {
        v.push(base.to_owned());
    }
    v
}

impl Matcher {
    fn new(patterns: &[String], list: PatternList) -> Result<Self, PatternError> {
        let (mut paths, mut names) = (Vec::new(), Vec::new());
        for (index, p) in patterns.iter().enumerate() {
            for q in with_container(p) {
                // Every form must compile, so an error names the pattern.
                for text in [q.clone(), loosen(&q)] {
                    glob(&text).map_err(|e| PatternError::Invalid {
                        list,
                        index,
                        pattern: p.clone(),
                        reason: e.kind().to_string(),
                    })?;
                }
                match name_glob(&q) {
                    Some(name) => names.push(name.to_owned()),
                    None => paths.push(q),
                }
            }
        }
        let heads: Option<Vec<String>> = paths
            .iter()
            .map(|p| head_glob(p).map(str::to_owned))
            .collect();
        Ok(Self {
            sources: patterns.to_vec(),
            paths: Pair::build(&paths, list)?,
            names: Pair::build(&names, list)?,
            heads: heads.map(|h| Pair::build(&h, list)).transpose()?,
        })
    }

    /// Skips invalid patterns instead of failing.
    fn lenient(patterns: &[String]) -> Self {
        let valid: Vec<String> = patterns
            .iter()
            .filter(|p| {
                with_container(p)
                    .iter()
                    .all(|q| glob(q).is_ok() && glob(&loosen(q)).is_ok())
            })
            .cloned()
            .collect();
        Self::new(&valid, PatternList::Pinned).unwrap_or_else(|_| Self {
            sources: Vec::new(),
            paths: Pair::empty(),
            names: Pair::empty(),
            heads: None,
        })
    }

    /// Whether a `**/<glob>` pattern matches this last token.
    fn is_name_match(&self, token: &str) -> bool {
        self.names.is_match(token)
    }

    /// Whether a whole-pointer pattern matches `p` itself.
    fn is_path_match(&self, p: &str) -> bool {
        self.paths.is_match(p)
    }

    /// False when no whole-pointer pattern can match a pointer whose first
    /// token is `head` (true when that cannot be told from the head).
    fn may_path_match(&self, head: &str) -> bool {
        !self.paths.empty && self.heads.as_ref().is_none_or(|h| h.is_match(head))
    }

    /// Matches `pointer` itself, not its ancestors.
    fn is_match_own(&self, p: &str) -> bool {
        !self.sources.is_empty() && (self.is_name_match(last_token(p)) || self.is_path_match(p))
    }

    fn is_match(&self, pointer: &str) -> bool {
        if self.sources.is_empty() {
            return false;
        }
        let mut p = pointer;
        loop {
            if self.is_match_own(p) {
                return true;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return false,
            }
        }
    }
}

impl Pair {
    fn empty() -> Self {
        Self {
            exact: GlobSet::empty(),
            loose: GlobSet::empty(),
            empty: true,
        }
    }
}

/// A secret value as every display and export shows it: a fixed mask and a
/// short hash, so that equal secrets still look equal.
pub fn mask(value: &serde_json::Value) -> String {
    let canonical = match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let digest = Sha256::digest(canonical.as_bytes());
    let mut hex = String::with_capacity(6);
    for b in &digest[..3] {
        hex.push_str(&format!("{b:02x}"));
    }
    format!("••••••• #{hex}")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn default_patterns() {
        let p = PatternSet::default().compile().unwrap();
        assert!(p.is_pinned("/database"));
        assert!(p.is_pinned("/database/host"));
        assert!(p.is_pinned("/connections/erp/baseUrl"));
        assert!(p.is_pinned("/APP_URL"));
        assert!(!p.is_pinned("/connections/erp/timeoutMs"));
        assert!(p.is_secret("/connections/shop/apiKey"));
        assert!(p.is_secret("/PAYMENT_API_KEY"));
        assert!(p.is_secret("/x/APIKEY"));
        assert!(p.is_secret("/connections/erp/password"));
        assert!(p.is_secret("/auth/clientSecret/value"));
        assert!(p.is_secret("/GITHUB_TOKEN"));
        assert!(!p.is_secret("/connections/erp/account"));
        assert!(!p.is_secret(""));
    }

    #[test]
    fn star_stays_in_one_token() {
        let set = PatternSet {
            pinned: vec!["/connections/*/baseUrl".into()],
            secret: vec![],
        };
        assert!(set.is_pinned("/connections/erp/baseUrl"));
        assert!(!set.is_pinned("/connections/erp/x/baseUrl"));
        assert!(!set.is_secret("/connections/erp/baseUrl"));
    }

    #[test]
    fn invalid_patterns_are_typed_errors() {
        let set = PatternSet {
            pinned: vec!["/ok/**".into()],
            secret: vec!["**/ok".into(), "/bad/[".into()],
        };
        let err = set.compile().unwrap_err();
        assert!(matches!(
            err,
            PatternError::Invalid {
                list: PatternList::Secret,
                index: 1,
                ..
            }
        ));
        assert!(err.to_string().contains("/bad/["));
        // Lenient matching skips the bad one and keeps the rest.
        assert!(set.is_secret("/a/ok"));
    }

    proptest::proptest! {
        /// Matching `**/<glob>` patterns by last token gives the same
        /// answers as matching every pattern against the whole pointer.
        #[test]
        fn token_matching_agrees_with_whole_pointer_globs(
            pattern in proptest::sample::select(vec![
                "**/pass*", "**/*url", "**/a", "/a/**", "/a/*/b", "**/a/b", "**/*",
                "*", "/a", "**/[ab]x", "**", "**/a/**", "/*/url",
            ]),
            tokens in proptest::collection::vec(
                proptest::sample::select(vec!["a", "b", "Url", "baseURL", "passX", "ax", "bx", "x", ""]),
                0..4,
            ),
        ) {
            let pointer: String = tokens.iter().map(|t| format!("/{t}")).collect();
            let reference = with_container(pattern)
                .iter()
                .any(|q| glob(q).unwrap().compile_matcher().is_match(&pointer));
            let m = Matcher::new(&[pattern.to_owned()], PatternList::Secret).unwrap();
            proptest::prop_assert_eq!(m.is_match_own(&pointer), reference, "{} on {:?}", pattern, pointer);
        }

        /// The classifier (caches by key name and first token) answers as
        /// matching each pointer on its own does.
        #[test]
        fn classifier_agrees_with_plain_matching(
            pinned in proptest::collection::vec(proptest::sample::select(vec![
                "/database/**", "**/host", "/a/*/b", "**/*url", "**/a/b", "*", "/db-x/**",
            ]), 0..4),
            secret in proptest::collection::vec(proptest::sample::select(vec![
                "**/pass*", "**/*key*", "/a/**", "**/b", "/*/secret",
            ]), 0..3),
            pointers in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(vec![
                    "a", "b", "database", "db_x", "Host", "baseUrl", "api_key", "passwd", "secret", "x",
                ]), 0..4),
                1..12,
            ),
        ) {
            let set = PatternSet {
                pinned: pinned.iter().map(|p| p.to_string()).collect(),
                secret: secret.iter().map(|p| p.to_string()).collect(),
            };
            let patterns = set.lenient();
            let mut classify = patterns.classifier();
            for tokens in pointers {
                let p: String = tokens.iter().map(|t| format!("/{t}")).collect();
                proptest::prop_assert_eq!(
                    classify.flags(&p),
                    (patterns.is_pinned(&p), patterns.is_secret(&p)),
                    "{:?}", p
                );
            }
        }
    }

    #[test]
    fn masks_are_stable_and_opaque() {
        let a = mask(&json!("hunter2"));
        assert_eq!(a, mask(&json!("hunter2")));
        assert_ne!(a, mask(&json!("hunter3")));
        assert!(a.starts_with("••••••• #"));
        assert!(!a.contains("hunter"));
        assert_eq!(a.chars().count(), "••••••• #".chars().count() + 6);
    }
}
