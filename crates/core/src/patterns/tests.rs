//! Tests of pattern matching and masking.
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
