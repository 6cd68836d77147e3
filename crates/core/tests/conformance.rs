//! Public conformance suites, vendored in `tests/conformance/` (sources and
//! commits in its README), run case by case through the paths a user's
//! input takes. A case passes or is on the allow-list
//! (`conformance/allowed.tsv`, with a reason); an allowed case that starts
//! passing fails the run too, so that the list stays true. An expected
//! error must be an error: a panic or a silent success is a failure.
#![allow(clippy::unwrap_used)]

use preflight_core::changeset::ChangeSet;
use preflight_core::checklist::{formatted, import_checklist, ImportFormat, Segment};
use preflight_core::environment::Environment;
use preflight_core::formats::{parse, Format, ImportError};
use preflight_core::promote::{Promotion, Selection};
use preflight_core::{patch, pointer, EnvId, Workspace};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn read(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/conformance/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn read_json(name: &str) -> Value {
    serde_json::from_str(&read(name)).unwrap()
}

/// Suite → case → reason.
fn allowed() -> BTreeMap<(String, String), String> {
    read("allowed.tsv")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            let suite = parts.next().unwrap_or("").to_owned();
            let case = parts.next().unwrap_or("").to_owned();
            let reason = parts.next().unwrap_or("").to_owned();
            assert!(
                !reason.trim().is_empty(),
                "allowed.tsv: {l:?} has no reason"
            );
            ((suite, case), reason)
        })
        .collect()
}

/// Collects outcomes and checks them against the allow-list.
struct Tally {
    suite: &'static str,
    passed: usize,
    allowed: Vec<String>,
    failed: Vec<String>,
    allow: BTreeMap<(String, String), String>,
    seen: Vec<String>,
}

impl Tally {
    fn new(suite: &'static str) -> Self {
        Self {
            suite,
            passed: 0,
            allowed: Vec::new(),
            failed: Vec::new(),
            allow: allowed(),
            seen: Vec::new(),
        }
    }

    fn case(&mut self, id: &str, outcome: Result<(), String>) {
        self.seen.push(id.to_owned());
        let key = (self.suite.to_owned(), id.to_owned());
        match (outcome, self.allow.contains_key(&key)) {
            (Ok(()), false) => self.passed += 1,
            (Ok(()), true) => self
                .failed
                .push(format!("{id}: passes now; remove it from allowed.tsv")),
            (Err(_), true) => self.allowed.push(id.to_owned()),
            (Err(e), false) => self.failed.push(format!("{id}: {e}")),
        }
    }

    fn finish(self) {
        let stale: Vec<_> = self
            .allow
            .keys()
            .filter(|(s, c)| s == self.suite && !self.seen.contains(c))
            .map(|(_, c)| c.clone())
            .collect();
        println!(
            "{}: {} passed, {} failed, {} allowed",
            self.suite,
            self.passed,
            self.failed.len(),
            self.allowed.len()
        );
        assert!(
            stale.is_empty(),
            "allowed.tsv names unknown cases: {stale:?}"
        );
        assert!(
            self.failed.is_empty(),
            "{} failures:\n{}",
            self.suite,
            self.failed.join("\n")
        );
    }
}

fn guarded<F: FnOnce() -> Result<(), String>>(f: F) -> Result<(), String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err("panicked".to_owned()))
}

// ---------------------------------------------------------------------------
// json-patch-tests: import the patch against an environment, review it as a
// change set, promote every change, compare with `expected`.

fn through_import(doc: &Value, patch_ops: &Value) -> Result<Value, String> {
    let mut ws = Workspace::empty();
    ws.environments = vec![Environment::new("qa", "QA", doc.clone())];
    let qa = EnvId::from("qa");
    let text = serde_json::to_string(patch_ops).map_err(|e| e.to_string())?;
    let set: ChangeSet = patch::import(&ws, &qa, &text).map_err(|e| format!("error: {e}"))?;
    if set.changes.is_empty() {
        return Ok(doc.clone());
    }
    let paths: Vec<String> = set.changes.iter().map(|c| c.path.clone()).collect();
    let sel = Selection::new().paths(paths);
    Promotion::new(&set, &sel)
        .preview(&ws)
        .map_err(|e| format!("promotion: {e}"))
}

fn json_patch_suite(suite: &'static str, file: &str) {
    let mut tally = Tally::new(suite);
    let mut disabled = 0;
    for (i, case) in read_json(file).as_array().unwrap().iter().enumerate() {
        if case.get("disabled").and_then(Value::as_bool) == Some(true) {
            disabled += 1;
            continue;
        }
        let id = format!("#{i}");
        let outcome = guarded(|| {
            let got = through_import(&case["doc"], &case["patch"]);
            match (case.get("error"), case.get("expected"), got) {
                (Some(_), _, Err(_)) => Ok(()),
                (Some(e), _, Ok(v)) => Err(format!("expected error {e}, got {v}")),
                (None, Some(want), Ok(v)) if &v == want => Ok(()),
                (None, Some(want), Ok(v)) => Err(format!("expected {want}, got {v}")),
                (None, None, Ok(_)) => Ok(()),
                (None, _, Err(e)) => Err(e),
            }
        });
        tally.case(&id, outcome);
    }
    println!("{suite}: {disabled} disabled by the suite itself");
    tally.finish();
}

#[test]
fn json_patch_tests() {
    json_patch_suite("json-patch-tests", "json-patch-tests.json");
}

#[test]
fn json_patch_spec_tests() {
    json_patch_suite("json-patch-spec-tests", "json-patch-spec_tests.json");
}

// ---------------------------------------------------------------------------
// RFC 6901 section 5.

#[test]
fn rfc6901_examples() {
    let suite = read_json("rfc6901.json");
    let doc = &suite["document"];
    let mut tally = Tally::new("rfc6901");
    for case in suite["pointers"].as_array().unwrap() {
        let p = case["pointer"].as_str().unwrap();
        let outcome = guarded(|| {
            if pointer::get(doc, p) != Some(&case["value"]) {
                return Err(format!("get gave {:?}", pointer::get(doc, p)));
            }
            let tokens = pointer::parse(p).map_err(|e| e.to_string())?;
            if pointer::join(&tokens) != p {
                return Err("parse/join does not round trip".to_owned());
            }
            // Writing there and removing it again gives the document back.
            let mut d = doc.clone();
            if !p.is_empty() {
                pointer::set(&mut d, p, json!("x")).map_err(|e| e.to_string())?;
                if pointer::get(&d, p) != Some(&json!("x")) {
                    return Err("set did not land".to_owned());
                }
            }
            Ok(())
        });
        tally.case(&format!("{p:?}"), outcome);
    }
    tally.finish();
}

// ---------------------------------------------------------------------------
// yaml-test-suite: each case's in.yaml through the YAML import, compared
// with its in.json (or refused, where the suite expects an error or JSON
// cannot hold the result).

#[test]
fn yaml_test_suite() {
    let mut tally = Tally::new("yaml-test-suite");
    for case in read_json("yaml-test-suite.json").as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let yaml = case["yaml"].as_str().unwrap();
        let error = case["error"].as_bool().unwrap();
        let want: Option<Vec<Value>> = case["json"].as_str().map(|j| {
            serde_json::Deserializer::from_str(j)
                .into_iter::<Value>()
                .collect::<Result<_, _>>()
                .unwrap()
        });
        let outcome = guarded(|| {
            let got = parse(yaml, Format::Yaml);
            match (error, want, got) {
                (true, _, Err(_)) => Ok(()),
                (true, _, Ok(v)) => Err(format!("expected an error, got {v}")),
                (false, Some(docs), Ok(v)) if docs.len() == 1 && docs[0] == v => Ok(()),
                (false, Some(docs), Ok(v)) if docs.is_empty() && v == json!({}) => Ok(()),
                (false, Some(docs), Ok(v)) => Err(format!("expected {docs:?}, got {v}")),
                (false, Some(docs), Err(e)) => Err(format!("expected {docs:?}, got error {e}")),
                // No JSON form in the suite: refusing is right.
                (false, None, Err(_)) => Ok(()),
                (false, None, Ok(v)) => Err(format!("has no JSON form, but imported as {v}")),
            }
        });
        tally.case(id, outcome);
    }
    assert!(tally.seen.len() >= 50);
    tally.finish();
}

// ---------------------------------------------------------------------------
// dotenv fixtures.

/// Parses a whole fixture file; a refused line is reported with the key on
/// it and blanked, so that every other expectation is still checked.
fn parse_env_file(text: &str) -> (Value, BTreeMap<String, String>) {
    let mut text = text.replace("\r\n", "\n");
    let mut refused = BTreeMap::new();
    for _ in 0..100 {
        match parse(&text, Format::Env) {
            Ok(v) => return (v, refused),
            Err(ImportError::Syntax { line, message, .. }) => {
                let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
                let Some(l) = lines.get_mut(line - 1) else {
                    break;
                };
                let key = l
                    .trim_start()
                    .trim_start_matches("export ")
                    .split(['=', ':'])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_owned();
                refused.insert(key, message);
                l.clear();
                text = lines.join("\n");
            }
            Err(e) => panic!("{e}"),
        }
    }
    panic!("too many refused lines");
}

fn motdotla(suite: &'static str, file: &str) {
    let spec = read_json(file);
    let (v, refused) = parse_env_file(&read(spec["file"].as_str().unwrap()));
    let mut tally = Tally::new(suite);
    for (key, want) in spec["expected"].as_object().unwrap() {
        let outcome = match (v.get(key), refused.get(key)) {
            (Some(got), _) if got == want => Ok(()),
            (Some(got), _) => Err(format!("expected {want}, got {got}")),
            (None, Some(why)) => Err(format!("refused: {why}")),
            (None, None) => Err("missing".to_owned()),
        };
        tally.case(key, outcome);
    }
    for key in spec["absent"].as_array().unwrap() {
        let key = key.as_str().unwrap();
        let outcome = match v.get(key) {
            None => Ok(()),
            Some(got) => Err(format!("should be absent, got {got}")),
        };
        tally.case(&format!("absent {key}"), outcome);
    }
    tally.finish();
}

#[test]
fn motdotla_dotenv_fixtures() {
    motdotla("motdotla/dotenv", "motdotla.expected.json");
    motdotla(
        "motdotla/dotenv multiline",
        "motdotla-multiline.expected.json",
    );
    // The inline cases of its test-parse.js.
    let mut tally = Tally::new("motdotla/dotenv inline");
    let want = json!({"SERVER": "localhost", "PASSWORD": "password", "DB": "tests"});
    for (id, text, expected) in [
        ("buffer", "BUFFER=true", json!({"BUFFER": "true"})),
        (
            "last duplicate wins",
            "DUP=one\nDUP=two",
            json!({"DUP": "two"}),
        ),
        (
            "\\r line endings",
            "SERVER=localhost\rPASSWORD=password\rDB=tests\r",
            want.clone(),
        ),
        (
            "\\n line endings",
            "SERVER=localhost\nPASSWORD=password\nDB=tests\n",
            want.clone(),
        ),
        (
            "\\r\\n line endings",
            "SERVER=localhost\r\nPASSWORD=password\r\nDB=tests\r\n",
            want,
        ),
    ] {
        let outcome = match parse(text, Format::Env) {
            Ok(v) if v == expected => Ok(()),
            Ok(v) => Err(format!("got {v}")),
            Err(e) => Err(e.to_string()),
        };
        tally.case(id, outcome);
    }
    tally.finish();
}

#[test]
fn bkeepers_dotenv_fixtures() {
    let spec = read_json("bkeepers.expected.json");
    let mut tally = Tally::new("bkeepers/dotenv");
    for (file, want) in spec["fixtures"].as_object().unwrap() {
        let (v, refused) = parse_env_file(&read(file));
        for (key, value) in want.as_object().unwrap() {
            let outcome = match (v.get(key), refused.get(key)) {
                (Some(got), _) if got == value => Ok(()),
                (Some(got), _) => Err(format!("expected {value}, got {got}")),
                (None, Some(why)) => Err(format!("refused: {why}")),
                (None, None) => Err("missing".to_owned()),
            };
            tally.case(&format!("{file} {key}"), outcome);
        }
    }
    for case in spec["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let outcome = guarded(
            || match parse(case["input"].as_str().unwrap(), Format::Env) {
                Ok(v) if v == case["expected"] => Ok(()),
                Ok(v) => Err(format!("expected {}, got {v}", case["expected"])),
                Err(e) => Err(format!("refused: {e}")),
            },
        );
        tally.case(name, outcome);
    }
    tally.finish();
}

// ---------------------------------------------------------------------------
// GFM spec, tables extension: each example's table read by the Markdown
// checklist import (its header row renamed to item columns, one per
// header cell), compared with the cells of the spec's HTML.

/// Rows of cell texts from the spec's expected HTML, tags removed.
fn html_rows(html: &str) -> Vec<Vec<String>> {
    let Some(body) = html.split("<tbody>").nth(1) else {
        return Vec::new();
    };
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<td")
                .skip(1)
                .map(|cell| {
                    let inner = cell.split_once('>').map_or("", |(_, r)| r);
                    let inner = inner.split("</td>").next().unwrap_or("");
                    let mut text = String::new();
                    let mut in_tag = false;
                    for c in inner.chars() {
                        match c {
                            '<' => in_tag = true,
                            '>' => in_tag = false,
                            c if !in_tag => text.push(c),
                            _ => {}
                        }
                    }
                    unescape_html(&text)
                })
                .collect()
        })
        .collect()
}

fn unescape_html(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The text a cell shows: formatting applied, markers gone.
fn shown(text: &str) -> String {
    formatted(text)
        .into_iter()
        .map(|s| match s.segment {
            Segment::Text(t) => t,
            Segment::LineBreak => "\n".to_owned(),
            Segment::Link { label, .. } => label,
        })
        .collect()
}

#[test]
fn gfm_table_examples() {
    const NAMES: [&str; 5] = ["ID", "NAME", "DESCRIPTION", "NOTE", "CATEGORY"];
    let mut tally = Tally::new("gfm-tables");
    for (i, case) in read_json("gfm-tables.json")
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let md = case["markdown"].as_str().unwrap();
        let html = case["html"].as_str().unwrap();
        let is_table = html.contains("<table>");
        let header_cells = html.split("<thead>").nth(1).map_or(0, |h| {
            h.split("</thead>")
                .next()
                .unwrap_or("")
                .matches("<th")
                .count()
        });
        // Rename the header cells (the first line) to item columns.
        let mut lines = md.lines();
        let head = lines.next().unwrap_or("");
        let renamed = if is_table {
            let mut out = String::new();
            out.push_str(&NAMES[..header_cells.min(5)].join(" | "));
            if head.trim_start().starts_with('|') {
                out.insert_str(0, "| ");
            }
            if head.trim_end().ends_with('|') {
                out.push_str(" |");
            }
            out
        } else {
            head.to_owned()
        };
        let text = format!(
            "## Go-live\n\n{renamed}\n{}\n",
            lines.collect::<Vec<_>>().join("\n")
        );
        let want = html_rows(html);
        let outcome = guarded(|| {
            let got = import_checklist(&text, ImportFormat::Markdown, "t");
            let rows: Vec<Vec<String>> = match got {
                Ok(p) => p
                    .checklist
                    .items
                    .iter()
                    .map(|it| {
                        [&it.code, &it.name, &it.description, &it.note, &it.category]
                            .iter()
                            .take(header_cells)
                            .map(|s| shown(s))
                            .collect()
                    })
                    .collect(),
                Err(_) => Vec::new(),
            };
            if rows == want {
                Ok(())
            } else {
                Err(format!("expected rows {want:?}, got {rows:?}"))
            }
        });
        tally.case(&format!("example {}", i + 1), outcome);
    }
    tally.finish();
}
