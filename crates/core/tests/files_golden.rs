//! Golden files of format-preserving promotion (issue 13).
//!
//! Each case in `tests/files/<case>/` holds a target file as written
//! (`*.target.<ext>`), the source environment's file (`*.source.<ext>`),
//! the paths of the changes to promote (`select.txt`, one RFC 6901
//! pointer of `diff(target, source)` per line, optionally followed by the
//! change's kind; `#` starts a comment line), and
//! the checked-in result (`*.expected.<ext>`), compared byte for byte.
//!
//! For every case the test also writes the target and the generated patch
//! into a temporary directory and runs the system `git apply --check`, then
//! applies it and compares the file with the expected one.
//!
//! `UPDATE_GOLDEN=1 cargo test -p preflight-core --test files_golden`
//! rewrites the expected files (review the diff before committing).
#![allow(clippy::unwrap_used)]

use preflight_core::diff::{self, Change, DiffOptions};
use preflight_core::files::{
    apply_edits, first_difference, parse, unified_patch, SourceFormat, SourceText,
};
use std::path::{Path, PathBuf};
use std::process::Command;

struct Case {
    dir: PathBuf,
    /// The file's name in the repository (`values.yaml`).
    name: String,
    format: SourceFormat,
}

fn file(dir: &Path, role: &str) -> PathBuf {
    let found = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.contains(&format!(".{role}")))
        });
    found.unwrap_or_else(|| panic!("no {role} file in {}", dir.display()))
}

fn case(dir: &str) -> Case {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/files")
        .join(dir);
    let target = file(&dir, "target");
    let base = target.file_name().unwrap().to_str().unwrap().to_owned();
    // `values.target.yaml` is `values.yaml` in the repository.
    let name = base.replacen(".target", "", 1);
    let format =
        SourceFormat::from_file_name(&name).unwrap_or_else(|| panic!("no format for {name}"));
    Case { dir, name, format }
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

fn selection(case: &Case, changes: &[Change]) -> Vec<Change> {
    let text = read(&case.dir.join("select.txt"));
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // `path [Kind] [comment]`: a kind picks one of two changes at a path.
        let mut words = line.split_whitespace();
        let path = words.next().unwrap_or(line);
        let kind = words
            .next()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase));
        let found = changes
            .iter()
            .find(|c| c.path == path && kind.is_none_or(|k| format!("{:?}", c.kind) == k));
        match found {
            Some(c) => out.push(c.clone()),
            None => panic!(
                "{}: {path} is not a change; the changes are:\n{}",
                case.dir.display(),
                changes
                    .iter()
                    .map(|c| format!("{} {:?}", c.path, c.kind))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }
    }
    out
}

/// Runs `git apply` on the patch in a scratch directory holding the target.
fn git_apply(case: &Case, original: &str, patch: &str, expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join(&case.name);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(&target, original).unwrap();
    let patch_file = dir.path().join("promotion.patch");
    std::fs::write(&patch_file, patch).unwrap();
    for args in [
        &["apply", "--check", "promotion.patch"][..],
        &["apply", "promotion.patch"],
    ] {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("git is installed");
        assert!(
            out.status.success(),
            "{}: git {args:?} refused the patch: {}\n{patch}",
            case.dir.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        read(&target),
        expected,
        "{}: git apply result",
        case.dir.display()
    );
}

fn run(dir: &str) {
    let update = std::env::var("UPDATE_GOLDEN").is_ok();
    let case = &case(dir);
    let original = read(&file(&case.dir, "target"));
    let target = SourceText::new(case.format, original.clone());
    let source = SourceText::new(case.format, read(&file(&case.dir, "source")));
    let (t, s) = (parse(&target).unwrap(), parse(&source).unwrap());
    let changes = diff::diff(&t, &s, &DiffOptions::default());
    let selected = selection(case, &changes);
    let edited = apply_edits(&target, &selected)
        .unwrap_or_else(|u| panic!("{}: unplaceable {u:?}", case.dir.display()));

    // The text reads as the promotion's own result.
    let mut promoted = t.clone();
    diff::apply(&mut promoted, &selected).unwrap();
    let back = parse(&SourceText::new(case.format, edited.clone())).unwrap();
    let ordered = case.format != SourceFormat::Toml;
    assert_eq!(
        first_difference(&back, &promoted, ordered),
        None,
        "{}",
        case.dir.display()
    );

    let expected_path = case.dir.join(case.name.replacen('.', ".expected.", 1));
    if update {
        std::fs::write(&expected_path, &edited).unwrap();
    }
    let expected = read(&expected_path);
    assert_eq!(
        edited,
        expected,
        "{}: differs from the golden file",
        case.dir.display()
    );

    let patch = unified_patch(&original, &edited, &case.name);
    git_apply(case, &original, &patch, &expected);
}

/// `../shared/samples/values-{dev,prod}-commented.yaml`, copied here.
#[test]
fn helm_samples_pair() {
    run("helm-samples");
}

/// A commented Helm chart's values: anchors and merge keys, a block
/// scalar, flow sequences, lists of maps keyed by `name`.
#[test]
fn helm_values() {
    run("helm");
}

/// An ASP.NET Core `appsettings.json`, read as JSONC: line and block
/// comments, trailing commas, a list of services keyed by `name`.
#[test]
fn jsonc_appsettings() {
    run("appsettings");
}

/// A Cargo manifest: tables, dotted and quoted table names, inline
/// tables, arrays of tables (`[[bin]]` keyed by `name`).
#[test]
fn toml_cargo_manifest() {
    run("cargo");
}

/// A commented `.env`: sections, quoted values, `export`, trailing
/// comments, a double-quoted value with `\n`.
#[test]
fn dotenv_file() {
    run("dotenv");
}
