//! Static hosting: base paths, in-app links under them, and share links
//! that work on any static host, as pure string functions (the shell in
//! `src/hosting.rs` reads the browser's address and calls these).
//!
//! ## Base path
//!
//! A build for `/some/sub/path/` runs with the base `"/some/sub/path"`
//! ([`normalize_base`]); the root of a host has the base `""`. In-app paths
//! such as `/environments/qa` become hrefs with [`with_base`].
//!
//! ## Share links
//!
//! The root of the app is served by every static host, deep paths only by
//! hosts that answer unknown paths with the app (a `404.html` copy of it).
//! Share links therefore point at the root and name the route:
//!
//! - `<base>/?to=/approve#<payload>` opens `/approve#<payload>`
//!   ([`share_link_for`] writes it);
//! - `<base>/#approve=<payload>` is the short form of the same.
//!
//! [`share_target`] decides where such an address goes; it only ever
//! returns a path inside the app. The payload stays in the fragment, which
//! browsers never send to a server.

/// The query parameter of a share link that names the route.
pub const ROUTE_PARAM: &str = "to";

/// The fragment prefix of the short approve link.
pub const APPROVE_FRAGMENT: &str = "approve=";

/// A `<base href>` path as the router wants it: leading slash, no
/// trailing one, and `""` for the root.
pub fn normalize_base(path: &str) -> String {
    let trimmed = path.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else if trimmed.starts_with('/') {
        trimmed.to_owned()
    } else {
        format!("/{trimmed}")
    }
}

/// An in-app path (`/environments/qa`) as an href under `base`. Anything
/// that is not an absolute path (`#main`, `https://…`, `//host`) is
/// returned as it is.
pub fn with_base(base: &str, path: &str) -> String {
    if path.starts_with('/') && !path.starts_with("//") {
        format!("{base}{path}")
    } else {
        path.to_owned()
    }
}

/// The in-app route of a browser path: the base taken off, `/` at least.
pub fn route_of(base: &str, pathname: &str) -> String {
    let rest = pathname.strip_prefix(base).unwrap_or(pathname);
    let rest = rest.trim_end_matches('/');
    if rest.is_empty() {
        "/".to_owned()
    } else if rest.starts_with('/') {
        rest.to_owned()
    } else {
        format!("/{rest}")
    }
}

/// A share link that opens `route` with `fragment` from the root of the
/// app at `origin` + `base`: `https://host/base/?to=/approve#payload`.
pub fn share_link_for(origin: &str, base: &str, route: &str, fragment: &str) -> String {
    let route = if route.starts_with('/') {
        route.to_owned()
    } else {
        format!("/{route}")
    };
    let mut link = format!("{origin}{base}/?{ROUTE_PARAM}={route}");
    if !fragment.is_empty() {
        link.push('#');
        link.push_str(fragment);
    }
    link
}

/// Where a share link at the root should go: the in-app path plus
/// fragment, or `None` when the address is not a share link.
///
/// `route` is the current route (base taken off), `search` and `hash` as
/// `location` gives them (with their `?` and `#`).
pub fn share_target(route: &str, search: &str, hash: &str) -> Option<String> {
    if route != "/" {
        return None;
    }
    let fragment = hash.strip_prefix('#').unwrap_or(hash);
    if let Some(payload) = fragment.strip_prefix(APPROVE_FRAGMENT) {
        return Some(format!("/approve#{payload}"));
    }
    let query = search.strip_prefix('?').unwrap_or(search);
    let to = query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == ROUTE_PARAM).then(|| decode(value))
    })??;
    // Only a path inside the app: never another origin.
    let safe = to.starts_with('/')
        && !to.starts_with("//")
        && !to.contains('\\')
        && !to.contains("://")
        && !to.chars().any(char::is_control);
    if !safe {
        return None;
    }
    let path = to.split('#').next().unwrap_or_default();
    Some(if fragment.is_empty() {
        path.to_owned()
    } else {
        format!("{path}#{fragment}")
    })
}

/// Percent-decoding of a query value (`+` is a space there).
fn decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = value.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_are_normalized() {
        assert_eq!(normalize_base("/"), "");
        assert_eq!(normalize_base(""), "");
        assert_eq!(normalize_base("/some/sub/path/"), "/some/sub/path");
        assert_eq!(normalize_base("/some/sub/path"), "/some/sub/path");
    }

    #[test]
    fn links_get_the_base() {
        assert_eq!(with_base("", "/environments"), "/environments");
        assert_eq!(with_base("/a/b", "/environments"), "/a/b/environments");
        assert_eq!(with_base("/a/b", "/"), "/a/b/");
        assert_eq!(with_base("/a/b", "#main"), "#main");
        assert_eq!(with_base("/a/b", "//evil.example/x"), "//evil.example/x");
    }

    #[test]
    fn routes_drop_the_base() {
        assert_eq!(route_of("", "/"), "/");
        assert_eq!(route_of("/a/b", "/a/b/"), "/");
        assert_eq!(route_of("/a/b", "/a/b"), "/");
        assert_eq!(route_of("/a/b", "/a/b/approve"), "/approve");
    }

    #[test]
    fn share_links_point_at_the_root() {
        assert_eq!(
            share_link_for("https://x.example", "/repo", "/approve", "v1.abc"),
            "https://x.example/repo/?to=/approve#v1.abc"
        );
        assert_eq!(
            share_link_for("http://127.0.0.1:8080", "", "approve", ""),
            "http://127.0.0.1:8080/?to=/approve"
        );
    }

    #[test]
    fn share_targets() {
        assert_eq!(
            share_target("/", "?to=/approve", "#v1.abc"),
            Some("/approve#v1.abc".into())
        );
        assert_eq!(
            share_target("/", "?to=%2Fapprove", "#p"),
            Some("/approve#p".into())
        );
        assert_eq!(
            share_target("/", "?x=1&to=/environments/qa", ""),
            Some("/environments/qa".into())
        );
        assert_eq!(
            share_target("/", "", "#approve=v1.abc"),
            Some("/approve#v1.abc".into())
        );
        // Not at the root, or not a share link: nothing happens.
        assert_eq!(share_target("/approve", "?to=/x", "#p"), None);
        assert_eq!(share_target("/", "", "#main"), None);
        assert_eq!(share_target("/", "", ""), None);
        // Never anywhere else.
        assert_eq!(share_target("/", "?to=//evil.example/", ""), None);
        assert_eq!(share_target("/", "?to=https://evil.example/", ""), None);
        assert_eq!(share_target("/", "?to=/%5C%5Cevil", ""), None);
        assert_eq!(share_target("/", "?to=approve", ""), None);
        assert_eq!(share_target("/", "?to=%zz", ""), None);
    }
}
