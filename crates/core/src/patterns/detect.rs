//! Secrets recognised by their value, whatever their key is called.
//!
//! Name patterns miss a credential stored under an innocent key
//! (`/services/erp/endpoint` holding `postgres://app:hunter2@db/erp`), so
//! values that are recognisably credentials are secret too. Each
//! [`Detector`] is narrow on purpose: a false alarm only hides a value
//! behind a mask the user can reveal, but a detector that fires on
//! ordinary text would mask half a config and teach people to ignore masks.
//!
//! - [`Detector::UrlPassword`]: a URL with a password in its userinfo,
//!   `scheme://user:pass@host` (a user alone is not a secret);
//! - [`Detector::PemBlock`]: a PEM block, `-----BEGIN …-----`;
//! - [`Detector::Jwt`]: three base64url segments whose first decodes to a
//!   JSON object with an `alg`;
//! - [`Detector::TokenPrefix`]: the documented prefixes of well-known API
//!   tokens (Stripe, GitHub, GitLab, Slack, AWS key ids, Google API keys),
//!   followed by a token-shaped rest.
//!
//! Only strings are looked at; a mask token is never a credential.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What made a value look like a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Detector {
    UrlPassword,
    PemBlock,
    Jwt,
    TokenPrefix,
}

impl Detector {
    /// Every detector, in the order they are tried.
    pub const ALL: [Detector; 4] = [
        Detector::UrlPassword,
        Detector::PemBlock,
        Detector::Jwt,
        Detector::TokenPrefix,
    ];

    /// A short description for people (the Settings preview).
    pub fn label(self) -> &'static str {
        match self {
            Detector::UrlPassword => "URL with a password",
            Detector::PemBlock => "PEM key or certificate",
            Detector::Jwt => "JSON Web Token",
            Detector::TokenPrefix => "API token (known prefix)",
        }
    }

    /// True when this detector recognises `text`.
    pub fn matches(self, text: &str) -> bool {
        let text = text.trim();
        match self {
            Detector::UrlPassword => url_password(text),
            Detector::PemBlock => pem_block(text),
            Detector::Jwt => jwt(text),
            Detector::TokenPrefix => token_prefix(text),
        }
    }
}

/// The detector that recognises `value` as a credential, if any.
pub fn detect(value: &Value) -> Option<Detector> {
    let Value::String(text) = value else {
        return None;
    };
    detect_text(text)
}

/// Like [`detect`], for text.
pub fn detect_text(text: &str) -> Option<Detector> {
    if super::is_mask_token(text).is_some() {
        return None;
    }
    Detector::ALL.into_iter().find(|d| d.matches(text))
}

fn url_password(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    // The last `@` ends the userinfo: a password may itself hold an `@`.
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return false;
    };
    let password = userinfo.split_once(':').map_or("", |(_, p)| p);
    !password.is_empty() && !host.is_empty()
}

fn pem_block(text: &str) -> bool {
    text.find("-----BEGIN ").is_some_and(|at| {
        let label = &text[at + "-----BEGIN ".len()..];
        label.find("-----").is_some_and(|end| {
            end > 0
                && label[..end]
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c == ' ' || c.is_ascii_digit())
        })
    })
}

fn is_base64url(segment: &str) -> bool {
    segment
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn jwt(text: &str) -> bool {
    let parts: Vec<&str> = text.split('.').collect();
    let [header, payload, signature] = parts.as_slice() else {
        return false;
    };
    if header.is_empty()
        || payload.is_empty()
        || ![header, payload, signature].iter().all(|s| is_base64url(s))
    {
        return false;
    }
    let Ok(bytes) = URL_SAFE_NO_PAD.decode(header) else {
        return false;
    };
    serde_json::from_slice::<Value>(&bytes)
        .ok()
        .is_some_and(|h| h.get("alg").is_some_and(Value::is_string))
}

/// Prefixes and how long the rest is at least (exactly, for AWS key ids).
const PREFIXES: [(&str, usize); 11] = [
    ("sk_live_", 10),
    ("sk_test_", 10),
    ("ghp_", 20),
    ("gho_", 20),
    ("github_pat_", 20),
    ("xoxb-", 10),
    ("xoxp-", 10),
    ("glpat-", 16),
    ("AIza", 30),
    ("AKIA", 16),
    ("ASIA", 16),
];

fn token_prefix(text: &str) -> bool {
    PREFIXES.iter().any(|&(prefix, len)| {
        let Some(rest) = text.strip_prefix(prefix) else {
            return false;
        };
        if prefix.starts_with("AKIA") || prefix.starts_with("ASIA") {
            // AWS access key ids: exactly 16 upper-case letters and digits,
            // so that a word such as "ASIAN_MARKETS" is not one.
            return rest.len() == len
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        }
        rest.len() >= len && is_base64url(rest)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn urls_with_a_password_are_credentials() {
        for t in [
            "postgres://app:hunter2@db.internal:5432/erp",
            "redis://:s3cret@cache:6379/0",
            "mongodb+srv://u:p%40ss@cluster0.x.net/db?retryWrites=true",
            "amqp://guest:pa@ss@rabbit/",
            "  https://user:pw@example.test  ",
        ] {
            assert_eq!(detect_text(t), Some(Detector::UrlPassword), "{t}");
        }
        for t in [
            "https://example.test/a:b@c",
            "https://user@example.test",
            "https://user:@example.test",
            "mailto:a@b.test",
            "not a url: x@y",
            "1http://a:b@c",
        ] {
            assert_eq!(detect_text(t), None, "{t}");
        }
    }

    #[test]
    fn pem_blocks_and_jwts_are_credentials() {
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n";
        assert_eq!(detect_text(pem), Some(Detector::PemBlock));
        assert_eq!(detect_text("-----BEGIN -----"), None);
        assert_eq!(detect_text("----- BEGIN here -----"), None);
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let jwt = format!("{header}.eyJzdWIiOiIxIn0.c2ln");
        assert_eq!(detect_text(&jwt), Some(Detector::Jwt));
        let unsigned = format!("{header}.eyJzdWIiOiIxIn0.");
        assert_eq!(detect_text(&unsigned), Some(Detector::Jwt));
        let no_alg = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT"}"#);
        assert_eq!(detect_text(&format!("{no_alg}.e30.c2ln")), None);
        for t in ["1.2.3", "a.b.c", "www.example.test", "v1.2.3-beta"] {
            assert_eq!(detect_text(t), None, "{t}");
        }
    }

    #[test]
    fn known_token_prefixes_are_credentials() {
        for t in [
            "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
            "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
            "gho_16C7e42F292c6912E7710c838347Ae178B4a",
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnop",
            "xoxb-123456789012-1234567890123-abcdef",
            "xoxp-123456789012-1234567890123-abcdef",
            "glpat-abcdefghij0123456789",
            "AKIAIOSFODNN7EXAMPLE",
            "ASIAIOSFODNN7EXAMPLE",
            "AIzaSyA-1234567890abcdefghijklmnopqrstu",
        ] {
            assert_eq!(detect_text(t), Some(Detector::TokenPrefix), "{t}");
        }
        for t in [
            "sk_live_",
            "ghp_short",
            "ASIAN_MARKETS",
            "AKIA is a prefix",
            "AKIAIOSFODNN7EXAMPLEX",
            "xoxb-has spaces in it",
            "AIzawhat",
        ] {
            assert_eq!(detect_text(t), None, "{t}");
        }
    }

    #[test]
    fn only_strings_and_never_masks() {
        assert_eq!(detect(&json!(12)), None);
        assert_eq!(detect(&json!(["postgres://a:b@c"])), None);
        assert_eq!(
            detect(&json!("postgres://a:b@c")),
            Some(Detector::UrlPassword)
        );
        assert_eq!(detect(&json!("••••••• ~abcdefgh")), None);
    }
}
