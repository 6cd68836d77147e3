//! Honest links: a link whose label reads as a web address of another
//! host than the one it opens (`[https://bank.example](https://evil.example)`,
//! or a target like `https://bank.example@evil.example/` whose host is
//! after the `@`) is shown with the host it really goes to. The rule is
//! here so that every view applies the same one.

/// The host `href` really opens, when `label` reads as a web address (with
/// or without `http://`/`https://`) naming another host. `None` when the
/// label is not an address, or names the same host.
///
/// ```
/// use preflight_core::checklist::spoofed_host;
/// assert_eq!(spoofed_host("https://bank.example", "https://evil.example/x"), Some("evil.example".into()));
/// assert_eq!(spoofed_host("bank.example/login", "https://bank.example/login"), None);
/// assert_eq!(spoofed_host("the service desk", "https://desk.example"), None);
/// ```
pub fn spoofed_host(label: &str, href: &str) -> Option<String> {
    let real = host_of(without_scheme(href)?)?;
    let label = label.trim();
    let shown = match without_scheme(label) {
        Some(rest) => host_of(rest)?,
        None if looks_like_host(label) => host_of(label)?,
        None => return None,
    };
    (shown != real).then_some(real)
}

/// What follows `http://` or `https://` (any case).
fn without_scheme(url: &str) -> Option<&str> {
    ["https://", "http://"].iter().find_map(|scheme| {
        let head = url.get(..scheme.len())?;
        head.eq_ignore_ascii_case(scheme)
            .then(|| &url[scheme.len()..])
    })
}

/// The host of an address without its scheme: before the path, query or
/// fragment, after any `user@`, without the port, lowercased, without a
/// trailing dot.
fn host_of(rest: &str) -> Option<String> {
    let authority = rest.split(['/', '?', '#', '\\']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = match host.strip_prefix('[') {
        // An IPv6 literal keeps its colons.
        Some(v6) => v6.split(']').next()?,
        None => host.split(':').next()?,
    };
    let host = host.trim_end_matches('.').to_lowercase();
    (!host.is_empty()).then_some(host)
}

/// A label like `bank.example` or `www.bank.example/login`: dot-separated
/// labels of letters, digits and hyphens before any path, the last one
/// alphabetic (so "v1.2" or "3.5 days" are not hosts).
fn looks_like_host(label: &str) -> bool {
    if label.contains(char::is_whitespace) {
        return false;
    }
    let host = label.split(['/', '?', '#']).next().unwrap_or_default();
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && parts
            .last()
            .is_some_and(|tld| tld.chars().all(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_naming_another_host_shows_the_real_one() {
        for (label, href, real) in [
            (
                "https://bank.example",
                "https://evil.example",
                "evil.example",
            ),
            (
                "HTTPS://Bank.Example/login",
                "https://evil.example/login",
                "evil.example",
            ),
            ("bank.example", "https://evil.example", "evil.example"),
            (
                "www.bank.example/login",
                "http://evil.example:8080/login",
                "evil.example",
            ),
            // The host is after the userinfo.
            (
                "https://bank.example",
                "https://bank.example@evil.example/",
                "evil.example",
            ),
            ("https://bank.example", "https://[::1]:8443/", "::1"),
        ] {
            assert_eq!(
                spoofed_host(label, href).as_deref(),
                Some(real),
                "{label} → {href}"
            );
        }
    }

    #[test]
    fn honest_and_plain_labels_show_nothing_more() {
        for (label, href) in [
            ("https://bank.example/a", "https://bank.example/b"),
            ("bank.example.", "https://BANK.example/"),
            ("Bank.Example", "https://bank.example:443/x?y#z"),
            ("the service desk", "https://desk.example"),
            ("v1.2", "https://evil.example"),
            ("3.5", "https://evil.example"),
            ("release notes (v2.0)", "https://evil.example"),
            ("mailto:a@b.example", "mailto:a@b.example"),
        ] {
            assert_eq!(spoofed_host(label, href), None, "{label} → {href}");
        }
        // Not a web target: nothing to compare with.
        assert_eq!(
            spoofed_host("https://bank.example", "mailto:x@evil.example"),
            None
        );
    }
}
