//! The walk behind [`diff`](super::diff) and
//! [`diff_indexed`](super::diff_indexed): both documents descended together,
//! with the two pointers kept in reusable buffers, emitting one [`Change`] per
//! difference. Objects are compared here; arrays (keyed, positional or
//! unordered) in [`arrays`].

use super::*;

mod arrays;

pub(crate) use arrays::{hash_value, id_value, same};

/// The walk behind [`diff`] and [`diff_indexed`]: `skip` says which pairs
/// are known equal without looking (never any, for [`Full`]).
pub(super) fn walk<S: Skip>(a: &Value, b: &Value, opts: &DiffOptions, skip: S) -> Vec<Change> {
    let mut w = Walker {
        opts,
        skip,
        out: Vec::new(),
        a_path: String::new(),
        b_path: String::new(),
        depth: 0,
        a_tokens: (!opts.identity_at.is_empty()).then(Vec::new),
        steps: Vec::new(),
    };
    w.value(a, b);
    let mut out = w.out;
    // The list outlives the walk (a review holds it); its doubling slack
    // would be up to half its size.
    out.shrink_to_fit();
    if let Some(p) = &opts.patterns {
        flag(&mut out, p);
    }
    out
}

/// One token on the way down: an object key or an array index.
#[derive(Clone, Copy)]
pub(super) enum T<'k> {
    Key(&'k str),
    Idx(usize),
}

/// Appends the decimal digits of `i` without going through `fmt`.
pub(super) fn push_index(buf: &mut String, mut i: usize) {
    let mut digits = [0u8; 20];
    let mut n = digits.len();
    loop {
        n -= 1;
        digits[n] = b'0' + (i % 10) as u8;
        i /= 10;
        if i == 0 {
            break;
        }
    }
    for &d in &digits[n..] {
        buf.push(char::from(d));
    }
}

pub(super) fn push_token(buf: &mut String, t: T<'_>) {
    buf.push('/');
    match t {
        T::Key(k) if !k.bytes().any(|b| b == b'~' || b == b'/') => buf.push_str(k),
        T::Key(k) => {
            for c in k.chars() {
                match c {
                    '~' => buf.push_str("~0"),
                    '/' => buf.push_str("~1"),
                    c => buf.push(c),
                }
            }
        }
        T::Idx(i) => push_index(buf, i),
    }
}

/// The walk keeps both paths in reusable buffers and allocates only
/// for the changes it emits.
pub(super) struct Walker<'o, 'v, S> {
    opts: &'o DiffOptions,
    skip: S,
    out: Vec<Change>,
    a_path: String,
    b_path: String,
    /// Number of tokens in `a_path`.
    depth: usize,
    /// Unescaped tokens of `a_path`, kept only for per-path options.
    a_tokens: Option<Vec<String>>,
    /// Keyed elements along the path: (depth, key, id).
    steps: Vec<(usize, &'o str, &'v Value)>,
}

pub(super) fn same_type(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

impl<'o, 'v, S: Skip> Walker<'o, 'v, S> {
    fn group(&self) -> String {
        match self.a_path.rfind('/') {
            Some(i) => self.a_path[..i].to_owned(),
            None => String::new(),
        }
    }

    fn emit(
        &mut self,
        kind: ChangeKind,
        old: Option<&Value>,
        new: Option<&Value>,
        slot: Option<Slot>,
    ) {
        let to = (kind != ChangeKind::Removed && self.a_path != self.b_path)
            .then(|| self.b_path.clone());
        let change = Change {
            path: self.a_path.clone(),
            kind,
            old: old.cloned(),
            new: new.cloned(),
            group: self.group(),
            pinned: false,
            secret: false,
            conflict: None,
            to,
            steps: self
                .steps
                .iter()
                .map(|&(depth, key, id)| Step {
                    depth,
                    key: key.to_owned(),
                    id: id.clone(),
                })
                .collect(),
            slot,
        };
        self.out.push(change);
    }

    /// Runs `f` with both paths extended by one token.
    fn enter<R>(&mut self, a_tok: T<'_>, b_tok: T<'_>, f: impl FnOnce(&mut Self) -> R) -> R {
        let (la, lb) = (self.a_path.len(), self.b_path.len());
        push_token(&mut self.a_path, a_tok);
        push_token(&mut self.b_path, b_tok);
        if let Some(tokens) = &mut self.a_tokens {
            tokens.push(match a_tok {
                T::Key(k) => k.to_owned(),
                T::Idx(i) => i.to_string(),
            });
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        if let Some(tokens) = &mut self.a_tokens {
            tokens.pop();
        }
        self.a_path.truncate(la);
        self.b_path.truncate(lb);
        r
    }

    fn value(&mut self, a: &'v Value, b: &'v Value) {
        // Every container pair is compared here, whoever recursed.
        if self.skip.equal(a, b, &self.a_path, &self.b_path) {
            return;
        }
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => self.object(x, y),
            (Value::Array(x), Value::Array(y)) => self.array(x, y),
            _ if !same_type(a, b) => self.emit(ChangeKind::TypeChanged, Some(a), Some(b), None),
            _ if !same(a, b) => self.emit(ChangeKind::Modified, Some(a), Some(b), None),
            _ => {}
        }
    }

    fn object(&mut self, a: &'v Map<String, Value>, b: &'v Map<String, Value>) {
        // Fast path, and the common case: the same keys in the same order.
        if a.len() == b.len() && a.keys().zip(b.keys()).all(|(x, y)| x == y) {
            for ((k, va), vb) in a.iter().zip(b.values()) {
                if !self.skip.equal_leaves(va, vb) {
                    self.enter(T::Key(k), T::Key(k), |w| w.value(va, vb));
                }
            }
            return;
        }
        // Added keys are interleaved in b's order, just before the next key
        // both sides share; an index of b's keys avoids quadratic lookups.
        let b_keys: Vec<&'v String> = b.keys().collect();
        let b_pos: FxMap<&str, usize> = if a.len() > 16 {
            b_keys
                .iter()
                .enumerate()
                .map(|(i, k)| (k.as_str(), i))
                .collect()
        } else {
            FxMap::default()
        };
        let pos_in_b = |k: &str| -> Option<usize> {
            if b_pos.is_empty() {
                b_keys.iter().position(|x| x.as_str() == k)
            } else {
                b_pos.get(k).copied()
            }
        };
        let mut next_b = 0;
        for (k, va) in a {
            match b.get(k) {
                None => self.enter(T::Key(k), T::Key(k), |w| {
                    w.emit(ChangeKind::Removed, Some(va), None, None)
                }),
                Some(vb) => {
                    if let Some(p) = pos_in_b(k) {
                        self.added_keys(a, &b_keys, b, next_b, p);
                        next_b = next_b.max(p + 1);
                    }
                    if !self.skip.equal_leaves(va, vb) {
                        self.enter(T::Key(k), T::Key(k), |w| w.value(va, vb));
                    }
                }
            }
        }
        self.added_keys(a, &b_keys, b, next_b, b_keys.len());
    }

    fn added_keys(
        &mut self,
        a: &Map<String, Value>,
        b_keys: &[&'v String],
        b: &'v Map<String, Value>,
        from: usize,
        to: usize,
    ) {
        for i in from..to {
            let k = b_keys[i];
            if a.contains_key(k.as_str()) {
                continue;
            }
            let after = i.checked_sub(1).map(|j| b_keys[j].clone());
            if let Some(v) = b.get(k.as_str()) {
                self.enter(T::Key(k), T::Key(k), |w| {
                    w.emit(
                        ChangeKind::Added,
                        None,
                        Some(v),
                        Some(Slot::AfterKey(after)),
                    )
                });
            }
        }
    }
}
