//! Sanity of the built-in templates: size, codes, categories, timeframes
//! and every topic issue 5 asks the go-live template to cover.

#![allow(clippy::unwrap_used)]

use preflight_core::checklist::{Status, Template};
use std::collections::HashSet;

#[test]
fn go_live_template_shape() {
    let c = Template::GoLivePreparation.build("c");
    assert_eq!(c.name, "Go-live preparation");
    assert!(c.items.len() >= 40, "{} items", c.items.len());
    let frames: Vec<(&str, i32)> = c
        .timeframes
        .iter()
        .map(|t| (t.name.as_str(), t.offset_days))
        .collect();
    assert_eq!(
        frames,
        [
            ("Eight weeks before", -56),
            ("Four weeks before", -28),
            ("Two weeks before", -14),
            ("Go-live day", 0)
        ]
    );
    let categories: HashSet<&str> = c.items.iter().map(|i| i.category.as_str()).collect();
    for want in [
        "General",
        "Infrastructure",
        "Application",
        "Security",
        "Testing",
        "Data",
        "SEO",
        "Training",
    ] {
        assert!(categories.contains(want), "missing category {want}");
    }
    assert_eq!(categories.len(), 8);
}

#[test]
fn every_template_has_unique_well_formed_codes_and_descriptions() {
    for t in Template::ALL {
        let c = t.build("c");
        let mut seen = HashSet::new();
        for item in &c.items {
            assert!(seen.insert(item.code.as_str()), "duplicate {}", item.code);
            let (prefix, number) = item.code.split_once('-').unwrap();
            assert_eq!(prefix.len(), 3, "{}", item.code);
            assert!(
                prefix.chars().all(|ch| ch.is_ascii_uppercase()),
                "{}",
                item.code
            );
            assert_eq!(number.len(), 2, "{}", item.code);
            assert!(number.parse::<u32>().unwrap() >= 1);
            assert!(item.description.len() > 40, "{} is too terse", item.code);
            assert!(item.timeframe < c.timeframes.len());
            assert_eq!(item.status, Status::Todo);
        }
        // Grouped by timeframe, every timeframe used.
        assert!(c.items.windows(2).all(|w| w[0].timeframe <= w[1].timeframe));
        for tf in 0..c.timeframes.len() {
            assert!(
                !c.items_in(tf).is_empty(),
                "{} timeframe {tf} empty",
                t.title()
            );
        }
        assert!(c.items.iter().any(|i| i.gates_promotion));
        assert!(c.items.iter().any(|i| !i.gates_promotion));
    }
}

/// Every topic of issue 5 item 2, with words that must appear in one item.
#[test]
fn go_live_template_covers_every_topic() {
    let c = Template::GoLivePreparation.build("c");
    let texts: Vec<String> = c
        .items
        .iter()
        .map(|i| format!("{} {}", i.name, i.description).to_lowercase())
        .collect();
    let topics: &[&[&str]] = &[
        &["go-live plan"],
        &["network diagram"],
        &["third-party", "routing"],
        &["dos protection"],
        &["dns strategy"],
        &["dns records"],
        &["allow-list", "proxies", "firewalls"],
        &["ip address"],
        &["upgrade dependencies"],
        &["security updates"],
        &["secrets", "config", "git"],
        &["per-environment service accounts"],
        &["rotate secrets"],
        &["legal", "gdpr"],
        &["admin"],
        &["log rotation"],
        &["deployment tests"],
        &["payment tests"],
        &["acceptance"],
        &["redirect"],
        &["sitemap"],
        &["robots.txt"],
        &["favicon"],
        &["internal training"],
        &["external training"],
        &["customer training"],
        &["rollback strategy"],
        &["performance monitoring", "alerting"],
        &["environment variables"],
        &["production database"],
        &["load", "stress"],
        &["penetration test"],
        &["data migration"],
        &["real data"],
        &["code freeze"],
        &["go/no-go"],
        &["third-party systems", "production mode"],
        &["analytics", "read replica"],
        &["go-live support team"],
        &["runbook"],
        &["communication plan"],
        &["demo data", "default users"],
        &["translations", "email"],
        &["smoke-test production"],
        &["email restrictions"],
        &["basic auth"],
        &["destructive pipelines"],
        &["72 hours", "old system"],
        &["backup"],
    ];
    for words in topics {
        assert!(
            texts.iter().any(|t| words.iter().all(|w| t.contains(w))),
            "no item covers {words:?}"
        );
    }
}

#[test]
fn cutover_template_covers_every_topic() {
    let c = Template::SandboxCutover.build("c");
    assert_eq!(c.name, "Sandbox to production cutover");
    let texts: Vec<String> = c
        .items
        .iter()
        .map(|i| format!("{} {} {}", i.category, i.name, i.description).to_lowercase())
        .collect();
    let topics: &[&[&str]] = &[
        &["uat", "super-users"],
        &["uat", "settings and mappings"],
        &["multi-step", "production-like data"],
        &["retest", "consistent"],
        &["scheduled job", "frequency"],
        &["cutover", "clone", "future pulls"],
        &["snapshot before go-live"],
        &["concurrency"],
        &["dedicate", "high-priority"],
        &["error notifications", "auto-resolve"],
        &["permissions", "least privilege"],
        &["audit log"],
        &["mfa", "sso"],
        &["documentation"],
        &["where to get help"],
    ];
    for words in topics {
        assert!(
            texts.iter().any(|t| words.iter().all(|w| t.contains(w))),
            "no item covers {words:?}"
        );
    }
}
