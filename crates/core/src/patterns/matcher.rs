//! The compiled form of one pattern list: glob sets over pointers, split
//! into patterns that depend only on a pointer's last token (cacheable by
//! key name) and whole-pointer patterns.

use super::{PatternError, PatternList};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// One list, compiled. Each pattern is matched as written and with `_` and
/// `-` dropped. Patterns of the form `**/<glob>` with no further `/` (most
/// of them: `**/password`, `**/*url`) depend only on a pointer's last token,
/// so they are kept apart and matched against that token, which callers
/// can cache; the rest are matched against the whole pointer.
#[derive(Debug, Clone)]
pub(super) struct Matcher {
    pub(super) sources: Vec<String>,
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
pub(super) fn first_token(pointer: &str) -> Option<&str> {
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').next().unwrap_or(rest))
}

/// The last token of a pointer (empty for the root).
pub(super) fn last_token(pointer: &str) -> &str {
    pointer.rfind('/').map_or("", |i| &pointer[i + 1..])
}

pub(super) fn glob(pattern: &str) -> Result<globset::Glob, globset::Error> {
    GlobBuilder::new(pattern)
        .case_insensitive(true)
        .literal_separator(true)
        .build()
}

/// Drops `_` and `-` (outside character classes) so that spellings agree.
pub(super) fn loosen(text: &str) -> String {
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
pub(super) fn with_container(pattern: &str) -> Vec<String> {
    let mut v = vec![pattern.to_owned()];
    if let Some(base) = pattern.strip_suffix("/**") {
        v.push(base.to_owned());
    }
    v
}

impl Matcher {
    pub(super) fn new(patterns: &[String], list: PatternList) -> Result<Self, PatternError> {
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
    pub(super) fn lenient(patterns: &[String]) -> Self {
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
    pub(super) fn is_name_match(&self, token: &str) -> bool {
        self.names.is_match(token)
    }

    /// Whether a whole-pointer pattern matches `p` itself.
    pub(super) fn is_path_match(&self, p: &str) -> bool {
        self.paths.is_match(p)
    }

    /// False when no whole-pointer pattern can match a pointer whose first
    /// token is `head` (true when that cannot be told from the head).
    pub(super) fn may_path_match(&self, head: &str) -> bool {
        !self.paths.empty && self.heads.as_ref().is_none_or(|h| h.is_match(head))
    }

    /// Matches `pointer` itself, not its ancestors.
    pub(super) fn is_match_own(&self, p: &str) -> bool {
        !self.sources.is_empty() && (self.is_name_match(last_token(p)) || self.is_path_match(p))
    }

    pub(super) fn is_match(&self, pointer: &str) -> bool {
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
