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
fn default_secret_names_cover_common_credentials_by_whole_segment() {
    let p = PatternSet::default().compile().unwrap();
    for key in [
        "DB_PASS",
        "smtp-pass",
        "pass",
        "pwd",
        "DB_PWD",
        "passphrase",
        "keyPassphrase",
        "SENTRY_DSN",
        "REDIS_URL",
        "redisUrl",
        "MONGODB_URI",
        "mongoUri",
        "connectionString",
        "DB_CONNECTION_STRING",
        "bearer",
        "bearerToken",
        "authorization",
        "Authorization",
        "cookie",
        "SESSION_COOKIE",
        "signingKey",
        "JWT_SIGNING_KEY",
        "accessKey",
        "AWS_ACCESS_KEY_ID",
        "pin",
        "PIN",
        "atm_pin",
        "PIN_CODE",
        "otpSeed",
        "OTP_SEED",
        "certificate",
        "clientCertificate",
        "salt",
        "HASH_SALT",
        "salt-rounds",
    ] {
        assert!(p.is_secret(&format!("/x/{key}")), "{key} should be secret");
    }
    for key in [
        "shipping",
        "pipeline",
        "pinned",
        "spin",
        "opinion",
        "compass",
        "bypass",
        "passengers",
        "basalt",
        "saltire",
        "cookieConsent",
        "authorizationUrl",
        "certificateExpiryDays",
        "timeoutMs",
    ] {
        assert!(
            !p.is_secret(&format!("/x/{key}")),
            "{key} should not be secret"
        );
    }
}

#[test]
fn older_lists_can_be_offered_the_new_defaults() {
    assert!(PatternSet::default().missing_default_secrets().is_empty());
    let old = PatternSet {
        pinned: vec![],
        secret: vec!["**/*password*".into()],
    };
    let missing = old.missing_default_secrets();
    assert!(missing.contains(&"**/pin".to_owned()));
    assert!(!missing.contains(&"**/*password*".to_owned()));
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

fn key(byte: u8) -> MaskKey {
    MaskKey::from_bytes([byte; MaskKey::LEN])
}

#[test]
fn masks_are_keyed_stable_and_opaque() {
    let k = key(7);
    let a = k.mask(&json!("hunter2"));
    assert_eq!(a, k.mask(&json!("hunter2")));
    assert_ne!(a, k.mask(&json!("hunter3")));
    assert_ne!(a, key(8).mask(&json!("hunter2")));
    assert!(a.starts_with("••••••• ~"));
    assert!(!a.contains("hunter"));
    assert_eq!(a.chars().count(), "••••••• ~".chars().count() + 8);
    assert_eq!(is_mask_token(&a), Some(MaskKind::Current));
    // Non-strings are masked by their JSON text.
    assert_eq!(k.mask(&json!(1234)), k.mask(&json!("1234")));
    // Masking a mask changes nothing (the change-set hash relies on it).
    assert_eq!(k.mask(&json!(a)), a);
    assert_eq!(key(9).mask(&json!(a)), a);
}

#[test]
fn without_a_key_masks_show_only_dots() {
    let p = PatternSet::default().lenient();
    assert_eq!(p.mask_key(), None);
    assert_eq!(p.mask(&json!("hunter2")), "•••••••");
    assert_eq!(is_mask_token("•••••••"), Some(MaskKind::Opaque));
    let keyed = p.with_key(Some(key(1)));
    assert_eq!(
        keyed.mask_value(&json!({"password": "x"}), "/db")["password"],
        json!(key(1).mask(&json!("x")))
    );
}

#[test]
fn token_shapes_are_told_apart() {
    assert_eq!(is_mask_token("••••••• #3fa2c1"), Some(MaskKind::Legacy));
    assert_eq!(is_mask_token("••••••• ~q3Xa9f-_"), Some(MaskKind::Current));
    for not in [
        "",
        "hunter2",
        "••••••• #3fa2c",
        "••••••• #3FA2C1",
        "••••••• #3fa2c1x",
        "••••••• ~q3Xa9f",
        "••••••• ~q3Xa9f!!",
        " •••••••",
        "••••••••",
    ] {
        assert_eq!(is_mask_token(not), None, "{not:?}");
    }
    assert!(has_legacy_mask(&json!({"a": ["••••••• #3fa2c1"]})));
    assert!(!has_legacy_mask(&json!({"a": [key(1).mask(&json!("x"))]})));
}

#[test]
fn mask_keys_serialize_as_base64url_and_never_debug_print() {
    let k = MaskKey::from_bytes(std::array::from_fn(|i| (i as u8).wrapping_mul(9)));
    let text = serde_json::to_string(&k).unwrap();
    assert_eq!(text.len(), 43 + 2);
    assert!(!text.contains(['+', '/', '=']));
    let back: MaskKey = serde_json::from_str(&text).unwrap();
    assert_eq!(back, k);
    assert_eq!(format!("{k:?}"), "MaskKey(…)");
    assert!(serde_json::from_str::<MaskKey>("\"AAAA\"").is_err());
    assert!(serde_json::from_str::<MaskKey>("\"not base64!\"").is_err());
}

proptest::proptest! {
    /// A mask never contains the clear value (past a few characters, which
    /// could occur in any tag by chance) and differs under different keys.
    #[test]
    fn masks_hide_the_value_and_depend_on_the_key(
        value in "[ -~]{4,40}",
        a in proptest::array::uniform32(proptest::num::u8::ANY),
        b in proptest::array::uniform32(proptest::num::u8::ANY),
    ) {
        proptest::prop_assume!(a != b);
        proptest::prop_assume!(is_mask_token(&value).is_none());
        let (ka, kb) = (MaskKey::from_bytes(a), MaskKey::from_bytes(b));
        let ma = ka.mask(&json!(value));
        proptest::prop_assert!(!ma.contains(&value), "{} in {}", value, ma);
        proptest::prop_assert!(!ka.mask(&json!(value)).is_empty());
        proptest::prop_assert_ne!(ma, kb.mask(&json!(value)));
    }
}

#[test]
fn credentials_are_secret_by_value_whatever_their_key() {
    let p = PatternSet::default().lenient().with_key(Some(key(2)));
    let url = json!("postgres://app:hunter2@db/erp");
    assert!(!p.is_secret("/services/erp/endpoint"));
    assert!(p.is_secret_value("/services/erp/endpoint", &url));
    assert!(!p.is_secret_value("/services/erp/endpoint", &json!("https://db/erp")));
    let masked = p.mask_value(
        &json!({"endpoint": url, "token": "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "n": 1}),
        "/services/erp",
    );
    let text = masked.to_string();
    assert!(
        !text.contains("hunter2") && !text.contains("ghp_"),
        "{text}"
    );
    assert_eq!(masked["n"], json!(1));
    assert_eq!(p.mask_value(&url, "/x"), json!(p.mask(&url)));

    let a = json!({"erp": {"endpoint": "https://db/erp", "retries": 1}});
    let b = json!({"erp": {"endpoint": "postgres://app:hunter2@db/erp", "retries": 2}});
    let changes = crate::diff::diff(
        &a,
        &b,
        &crate::diff::DiffOptions::default().patterns(p.clone()),
    );
    let flags: Vec<(&str, bool, bool)> = changes
        .iter()
        .map(|c| (c.path.as_str(), c.pinned, c.secret))
        .collect();
    assert_eq!(
        flags,
        [
            ("/erp/endpoint", true, true),
            ("/erp/retries", false, false)
        ]
    );
    assert!(!serde_json::to_string(&changes[0].masked(&p))
        .unwrap()
        .contains("hunter2"));
}
