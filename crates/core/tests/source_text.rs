//! Environments that keep their file: import, promotion in place (and its
//! refusal when a change cannot be placed), revert, export and patches.

#![allow(clippy::unwrap_used)]

use jiff::Timestamp;
use preflight_core::changeset::ChangeSet;
use preflight_core::edit::{self, EditSource, SourceEdit};
use preflight_core::environment::{EnvId, Environment};
use preflight_core::files::{self, SourceFormat};
use preflight_core::promote::{self, PromoteError, Selection};
use preflight_core::snapshot;
use preflight_core::Workspace;

const DEV: &str = include_str!("../../../../shared/samples/values-dev-commented.yaml");
const PROD: &str = include_str!("../../../../shared/samples/values-prod-commented.yaml");

fn now() -> Timestamp {
    Timestamp::from_second(1_800_000_000).unwrap()
}

/// `dev` and `prod`, each imported from its file.
fn workspace(dev: (&str, &str), prod: (&str, &str)) -> Workspace {
    let mut ws = Workspace::empty();
    ws.ensure_mask_key([7; 32]);
    for (id, (name, text)) in [("dev", dev), ("prod", prod)] {
        ws.environments
            .push(Environment::new(id, id, serde_json::json!({})));
        let (source, _) = edit::read_source_file(name, text).unwrap();
        let e = SourceEdit {
            env: EnvId::new(id),
            base_version: 1,
            source,
            origin: EditSource::Import,
            note: name.to_owned(),
        };
        assert!(edit::set_source(&mut ws, e, "me", now()).unwrap());
    }
    ws
}

fn changed_lines(a: &str, b: &str) -> Vec<String> {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    assert_eq!(a.len(), b.len(), "no line added or removed");
    a.iter()
        .zip(&b)
        .filter(|(x, y)| x != y)
        .map(|(_, y)| y.to_string())
        .collect()
}

#[test]
fn import_keeps_the_text_byte_for_byte() {
    let ws = workspace(("values-dev.yaml", DEV), ("values-prod.yaml", PROD));
    let prod = ws.env(&EnvId::new("prod")).unwrap();
    let s = prod.source.as_ref().unwrap();
    assert_eq!(
        (&*s.text, s.format, s.file_name.as_str()),
        (PROD, SourceFormat::Yaml, "values-prod.yaml")
    );
    assert_eq!(files::parse(&s.source_text()).unwrap(), *prod.config);
    let err = edit::read_source_file("x.yaml", "a: [1,\n").unwrap_err();
    assert!(err.to_string().contains("line"), "{err}");
}

#[test]
fn a_promotion_edits_only_the_promoted_lines() {
    let mut ws = workspace(("values-dev.yaml", DEV), ("values-prod.yaml", PROD));
    let set = ChangeSet::between(&ws, &EnvId::new("dev"), &EnvId::new("prod")).unwrap();
    let sel = Selection::new().paths(["/replicaCount", "/image/tag"]);
    assert!(promote::placement(&ws, &set, &sel).is_empty());
    let patch = promote::preview_patch(&ws, &set, &sel).unwrap().unwrap();
    assert!(patch.contains("--- a/values-prod.yaml"), "{patch}");
    let report = promote::promote(&mut ws, &set, &sel, "two", "me", now()).unwrap();
    let prod = ws.env(&EnvId::new("prod")).unwrap();
    let text = prod.source.as_ref().unwrap().text.to_string();
    assert_eq!(
        changed_lines(PROD, &text),
        ["replicaCount: 1", "  tag: \"2.4.0-rc.3\""]
    );
    assert_eq!(
        files::parse(&prod.source_text().unwrap()).unwrap(),
        *prod.config
    );
    // Snapshots carry the text; the promotion's patch is the same edit.
    let after = snapshot::get(&ws, &report.after).unwrap();
    assert_eq!(after.source().unwrap().unwrap().text.as_ref(), text);
    let p = snapshot::promotion_patch(&ws, &report.before, &report.after)
        .unwrap()
        .unwrap();
    assert_eq!(p, patch);
    // Revert restores the exact text.
    let r = snapshot::revert(&mut ws, &report.before, "", "me", now()).unwrap();
    assert!(!r.source_dropped);
    let prod = ws.env(&EnvId::new("prod")).unwrap();
    assert_eq!(&*prod.source.as_ref().unwrap().text, PROD);
}

#[test]
fn unplaceable_changes_are_listed_and_refuse_the_promotion() {
    // An edit through a YAML alias cannot be placed.
    let dev = "base: &b\n  x: 1\nuse:\n  <<: *b\n  y: 2\n";
    let target = "base: &b\n  x: 1\nuse:\n  <<: *b\n  y: 1\n";
    let dev_changed = dev.replace("  x: 1\nuse", "  x: 5\nuse");
    let mut ws = workspace(("dev.yaml", &dev_changed), ("prod.yaml", target));
    let set = ChangeSet::between(&ws, &EnvId::new("dev"), &EnvId::new("prod")).unwrap();
    let sel = Selection::all();
    let listed = promote::placement(&ws, &set, &sel);
    assert!(!listed.is_empty(), "{:?}", set.changes);
    let before = ws.clone();
    let err = promote::promote(&mut ws, &set, &sel, "", "me", now()).unwrap_err();
    assert!(
        matches!(err, PromoteError::Unplaceable(ref u) if *u == listed),
        "{err}"
    );
    assert_eq!(ws, before, "nothing changed");
}

#[test]
fn exports_mask_secrets_in_place_and_reimport_keeps_them() {
    let text = "# db\ndb:\n  host: x # the host\n  password: hunter2\n";
    let mut ws = workspace(("dev.yaml", text), ("prod.yaml", text));
    let prod = EnvId::new("prod");
    let file = edit::export_file(&ws, &prod, false, None).unwrap().unwrap();
    assert!(!file.text.contains("hunter2"), "{}", file.text);
    assert!(file.text.contains("# the host") && !file.re_rendered);
    assert_eq!(file.file_name, "prod.yaml");
    let shown = edit::export_file(&ws, &prod, true, None).unwrap().unwrap();
    assert_eq!(shown.text, text);
    // Edited and imported again: the secret stays, in tree and text.
    let edited = file.text.replace("host: x", "host: y");
    let (source, _) = edit::read_source_file("prod.yaml", &edited).unwrap();
    let version = ws.env(&prod).unwrap().version;
    let e = SourceEdit {
        env: prod.clone(),
        base_version: version,
        source,
        origin: EditSource::Editor,
        note: String::new(),
    };
    assert!(edit::set_source(&mut ws, e, "me", now()).unwrap());
    let env = ws.env(&prod).unwrap();
    assert_eq!(env.config["db"]["password"], "hunter2");
    assert_eq!(
        &*env.source.as_ref().unwrap().text,
        text.replace("host: x", "host: y")
    );
    // Converting is explicit, and says it re-rendered.
    let c = edit::convert_source(&mut ws, &prod, SourceFormat::Toml, "me", now()).unwrap();
    assert!(c.re_rendered);
    assert_eq!(
        ws.env(&prod).unwrap().source.as_ref().unwrap().file_name,
        "prod.toml"
    );
}

#[test]
fn golden_targets_keep_their_comments() {
    let cases = [
        (
            "appsettings.json",
            "{\n  // the level\n  \"Level\": \"Info\",\n  \"Keep\": 1, // kept\n}\n",
        ),
        (
            "Cargo.toml",
            "# the package\n[package]\nname = \"x\" # name\nversion = \"1.0.0\"\n",
        ),
        (".env", "# level\nLEVEL=info\n# kept\nKEEP=1\n"),
    ];
    for (name, text) in cases {
        let dev = text
            .replace("Info", "Debug")
            .replace("1.0.0", "2.0.0")
            .replace("=info", "=debug");
        let mut ws = workspace((name, &dev), (name, text));
        let set = ChangeSet::between(&ws, &EnvId::new("dev"), &EnvId::new("prod")).unwrap();
        promote::promote(&mut ws, &set, &Selection::all(), "", "me", now()).unwrap();
        let out = ws
            .env(&EnvId::new("prod"))
            .unwrap()
            .source
            .as_ref()
            .unwrap()
            .text
            .to_string();
        assert_eq!(out, dev, "{name}");
    }
}

#[test]
fn workspaces_from_before_files_load_and_revert_without_text() {
    let old = r#"{"schema_version": 2, "environments": [{"id": "dev", "name": "Dev", "config": {"a": 1}, "version": 1}]}"#;
    let ws = Workspace::from_json(old);
    assert!(ws.is_ok(), "{ws:?}");
    let ws = ws.unwrap();
    assert!(ws.environments[0].source.is_none());
    let text = ws.to_json().unwrap();
    assert!(!text.contains("\"source\""));
}
