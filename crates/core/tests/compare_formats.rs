//! Import and export of JSON, YAML and .env: cases, bad input, round trips.
#![allow(clippy::unwrap_used)]

use preflight_core::formats::{
    parse, render, render_lines, ExportError, Format, ImportError, RenderOptions, MAX_INPUT_BYTES,
};
use preflight_core::patterns::PatternSet;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn detects_formats() {
    assert_eq!(Format::from_file_name("a/b/qa.JSON"), Some(Format::Json));
    assert_eq!(Format::from_file_name("values.yml"), Some(Format::Yaml));
    assert_eq!(Format::from_file_name("staging.env"), Some(Format::Env));
    assert_eq!(Format::from_file_name(".env"), Some(Format::Env));
    assert_eq!(Format::from_file_name(".env.production"), Some(Format::Env));
    assert_eq!(Format::from_file_name("notes.txt"), None);
    assert_eq!(Format::sniff(" {\"a\": 1}"), Format::Json);
    assert_eq!(Format::sniff(&fixture("staging.env")), Format::Env);
    assert_eq!(Format::sniff(&fixture("values-dev.yaml")), Format::Yaml);
    assert_eq!(Format::detect(Some("x.txt"), "A=1\n"), Format::Env);
    assert_eq!(Format::detect(Some("x.json"), "A=1\n"), Format::Json);
}

#[test]
fn samples_parse_with_order() {
    let dev = parse(&fixture("development.json"), Format::Json).unwrap();
    let keys: Vec<&String> = dev.as_object().unwrap().keys().collect();
    assert_eq!(keys[..3], ["integration", "connections", "database"]);

    let env = parse(&fixture("staging.env"), Format::Env).unwrap();
    assert_eq!(env["PAYMENT_API_KEY"], "sk_test_51HxStaging");
    assert_eq!(
        env["MAIL_FROM"],
        "Shop Staging <noreply@staging.shop.example.test>"
    );
    assert_eq!(env["LOG_LEVEL"], "debug");
    assert_eq!(env.as_object().unwrap().keys().next().unwrap(), "APP_ENV");

    let yaml = parse(&fixture("values-dev.yaml"), Format::Yaml).unwrap();
    assert_eq!(yaml["image"]["tag"], "2.4.0-rc.3");
    assert_eq!(yaml["resources"]["limits"]["cpu"], "500m");
    assert_eq!(yaml["env"][0]["name"], "LOG_LEVEL");
}

#[test]
fn json_errors_have_line_and_column() {
    let err = parse("{\n  \"a\": 1,\n  \"b\": ,\n}", Format::Json).unwrap_err();
    match &err {
        ImportError::Syntax {
            line,
            column,
            format,
            ..
        } => {
            assert_eq!((*format, *line, *column), (Format::Json, 3, 8));
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("line 3, column 8"), "{err}");
    assert!(matches!(
        parse("", Format::Json),
        Err(ImportError::Syntax { .. })
    ));
    let deep = "[".repeat(10_000);
    assert!(parse(&deep, Format::Json).is_err());
}

#[test]
fn yaml_anchors_merges_and_errors() {
    let v = parse(
        "base: &b {a: 1, b: 2}\nuse: *b\nmerged:\n  <<: *b\n  b: 3\n1: one\ntrue: yes\n",
        Format::Yaml,
    )
    .unwrap();
    assert_eq!(v["use"], json!({"a": 1, "b": 2}));
    assert_eq!(v["merged"], json!({"a": 1, "b": 3}));
    assert_eq!(v["1"], "one");
    assert_eq!(v["true"], "yes");

    let err = parse("a: 1\n---\nb: 2\n", Format::Yaml).unwrap_err();
    assert_eq!(err, ImportError::MultipleDocuments { count: 2, line: 2 });
    assert!(err.to_string().contains("2 documents"));
    // One document with explicit markers is fine.
    assert_eq!(
        parse("---\na: 1\n...\n", Format::Yaml).unwrap(),
        json!({"a": 1})
    );
    assert_eq!(parse("# nothing\n", Format::Yaml).unwrap(), json!({}));

    match parse("a: 1\nb: [1, 2\nc: 3\n", Format::Yaml).unwrap_err() {
        ImportError::Syntax {
            line,
            format: Format::Yaml,
            ..
        } => assert!(line >= 2),
        other => panic!("{other:?}"),
    }
    match parse("a:\n  b: !Ref x\n", Format::Yaml).unwrap_err() {
        ImportError::Unsupported { path, .. } => assert_eq!(path, "/a/b"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        parse("a: .nan\n", Format::Yaml),
        Err(ImportError::Unsupported { .. })
    ));
    assert!(matches!(
        parse("? [1]\n: x\n", Format::Yaml),
        Err(ImportError::Unsupported { .. })
    ));
    assert!(parse("a: 1\na: 2\n", Format::Yaml).is_err());
    // A billion laughs is refused, not expanded.
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{}, *a{}, *a{}, *a{}, *a{}, *a{}, *a{}, *a{}, *a{}]\n",
            if i == 1 {
                String::new()
            } else {
                (i - 1).to_string()
            },
            if i == 1 {
                String::new()
            } else {
                (i - 1).to_string()
            },
            if i == 1 {
                String::new()
            } else {
                (i - 1).to_string()
            },
            if i == 1 {
                String::new()
            } else {
                (i - 1).to_string()
            },
            if i == 1 {
                String::new()
            } else {
                (i - 1).to_string()
            },
            if i == 1 {
                String::new()
            } else {
                (i - 1).to_string()
            },
            if i == 1 {
                String::new()
            } else {
                (i - 1).to_string()
            },
            if i == 1 {
                String::new()
            } else {
                (i - 1).to_string()
            },
            if i == 1 {
                String::new()
            } else {
                (i - 1).to_string()
            }
        ));
    }
    assert!(parse(&bomb, Format::Yaml).is_err());
}

#[test]
fn env_quotes_comments_export_and_dollars() {
    let text = "# c\nexport A=1\nB='single $HOME # x'\nC=\"dq 'q' $HOME \\n end\" # trailing\nD=plain # hash\nE= spaced # comment\nF=\nG=${PATH}\nH=\"multi\nline\"\nI=`tick 'a' \"b\"`\nJ: yaml style\n";
    let v = parse(text, Format::Env).unwrap();
    assert_eq!(
        v,
        json!({
            "A": "1",
            "B": "single $HOME # x",
            "C": "dq 'q' $HOME \n end",
            "D": "plain",
            "E": "spaced",
            "F": "",
            "G": "${PATH}",
            "H": "multi\nline",
            "I": "tick 'a' \"b\"",
            "J": "yaml style",
        })
    );
    assert_eq!(parse("", Format::Env).unwrap(), json!({}));
    assert_eq!(parse("A=1 ", Format::Env).unwrap(), json!({"A": "1"}));
}

/// Regressions (issue 12): what motdotla/dotenv reads, we read.
#[test]
fn env_reads_what_users_files_mean() {
    let read = |t: &str| parse(t, Format::Env).unwrap();
    assert_eq!(read("APP_NAME=My App\n"), json!({"APP_NAME": "My App"}));
    assert_eq!(read("DIR=C:\\new\n"), json!({"DIR": "C:\\new"}));
    assert_eq!(read("P=C:\\tmp\\x\n"), json!({"P": "C:\\tmp\\x"}));
    assert_eq!(
        read("A=1\rB=2\rC=3\r"),
        json!({"A": "1", "B": "2", "C": "3"})
    );
    assert_eq!(read("A=1\r\nB=2\r\n"), json!({"A": "1", "B": "2"}));
    let v = read("export A=1\nexport B='x y'\n");
    let out = render(&v, Format::Env).unwrap();
    assert_eq!(parse(&out, Format::Env).unwrap(), v);
    assert_eq!(read("export=1\n"), json!({"export": "1"}));
}

#[test]
fn env_errors_have_line_and_column() {
    let at = |t: &str| match parse(t, Format::Env).unwrap_err() {
        ImportError::Syntax {
            line,
            column,
            format: Format::Env,
            ..
        } => (line, column),
        other => panic!("{other:?}"),
    };
    assert_eq!(at("A=1\nB=2\n%C=x\n"), (3, 1));
    assert_eq!(at("A=1\nB=\"open\n"), (2, 3));
    // Meanings that differ between implementations are refused.
    assert_eq!(at("A=1\nB=a#b\n"), (2, 4));
    assert_eq!(at("A=\"a\\\"b\"\n"), (1, 5));
    assert_eq!(at("A=1\r\nB=\"x\" y\r\n"), (2, 3));
    assert_eq!(at("A:\nB=1\n"), (1, 2));
}

#[test]
fn size_cap() {
    let big = " ".repeat(MAX_INPUT_BYTES + 1);
    for f in [Format::Json, Format::Yaml, Format::Env] {
        let err = parse(&big, f).unwrap_err();
        assert!(matches!(err, ImportError::TooLarge { .. }), "{err:?}");
        assert!(err.to_string().contains("limit"));
    }
}

#[test]
fn json_rendering_matches_serde_pretty() {
    for name in ["development.json", "qa.json", "production.json"] {
        let v = parse(&fixture(name), Format::Json).unwrap();
        assert_eq!(
            render(&v, Format::Json).unwrap(),
            serde_json::to_string_pretty(&v).unwrap() + "\n"
        );
    }
    let v = json!({"e": {}, "l": [], "n": [[], {}, [1, {"a": null}]], "s": "q\"\\\n\u{1}"});
    assert_eq!(
        render(&v, Format::Json).unwrap(),
        serde_json::to_string_pretty(&v).unwrap() + "\n"
    );
}

#[test]
fn env_export_quotes_and_refuses_nesting() {
    let v = json!({"A": "plain", "B": "two words", "C": "$HOME \"q\" \\", "D": 3, "E": null, "F": true, "G": "line\nnext", "H": "cr\rx"});
    let text = render(&v, Format::Env).unwrap();
    assert_eq!(
        text,
        "A=plain\nB=\"two words\"\nC=$HOME \"q\" \\\nD=3\nE=\nF=true\nG=\"line\\nnext\"\nH=\"cr\\rx\"\n"
    );
    assert_eq!(parse(&text, Format::Env).unwrap()["C"], "$HOME \"q\" \\");
    assert_eq!(
        render(&json!({"A": "#'\"`"}), Format::Env).unwrap_err(),
        ExportError::Unrepresentable { path: "/A".into() }
    );
    assert_eq!(
        render(&json!({"A": {"b": 1}}), Format::Env).unwrap_err(),
        ExportError::NotFlat {
            path: "/A".into(),
            what: "an object"
        }
    );
    assert!(matches!(
        render(&json!({"A B": "x"}), Format::Env),
        Err(ExportError::InvalidKey { .. })
    ));
    assert!(matches!(
        render(&json!([1]), Format::Env),
        Err(ExportError::NotAnObject { .. })
    ));
}

#[test]
fn lines_carry_pointers_and_mask_secrets() {
    let v = json!({"db": {"password": "hunter2", "port": 5432}, "xs": [{"id": "a"}]});
    let masked = RenderOptions::new().mask_secrets(
        PatternSet::default()
            .compile()
            .unwrap()
            .with_key(Some(preflight_core::patterns::MaskKey::from_bytes([7; 32]))),
    );
    for f in [Format::Json, Format::Yaml] {
        let lines = render_lines(&v, f, &masked).unwrap();
        let pw = lines.iter().find(|l| l.pointer == "/db/password").unwrap();
        assert!(pw.text.contains("••••••• ~"), "{}", pw.text);
        assert!(!lines.iter().any(|l| l.text.contains("hunter2")));
        assert!(lines.iter().any(|l| l.pointer == "/xs/0/id"));
    }
    let yaml = render(&v, Format::Yaml).unwrap();
    assert_eq!(
        yaml,
        "db:\n  password: hunter2\n  port: 5432\nxs:\n- id: a\n"
    );
}

// ---------------------------------------------------------------------------
// Round trips

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 _./:-]{0,12}",
        any::<String>(),
        prop::sample::select(vec![
            "true",
            "no",
            "null",
            "~",
            "1",
            "1.5",
            "-0",
            "0x10",
            "1e3",
            ".inf",
            "-",
            "- x",
            "a: b",
            "#x",
            " lead",
            "trail ",
            "'q'",
            "\"",
            "y",
            "N",
            "2.4.0-rc.3",
            "@at",
            "*star",
            "&amp",
            "!bang",
            "%pct",
            "|",
            ">",
            "[x]",
            "{x}",
            "a #b",
            "$HOME",
            "${X}",
            "\\",
            "tab\there",
            "cr\rlf",
            "\u{85}",
            "\u{2028}",
            "\u{feff}x",
            "é",
        ])
        .prop_map(String::from),
    ]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        text().prop_map(Value::String),
    ]
}

fn tree() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 40, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((text(), inner), 0..5)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn env_map() -> impl Strategy<Value = Value> {
    let name = prop_oneof!["[A-Za-z_][A-Za-z0-9_.]{0,8}", Just("export".to_owned())];
    prop::collection::vec((name, text()), 0..8).prop_map(|kv| {
        let mut m = Map::new();
        for (k, v) in kv {
            m.insert(k, Value::String(v));
        }
        Value::Object(m)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn json_round_trips(v in tree()) {
        let text = render(&v, Format::Json).unwrap();
        prop_assert_eq!(parse(&text, Format::Json).unwrap(), v);
    }

    #[test]
    fn yaml_round_trips(v in tree()) {
        let text = render(&v, Format::Yaml).unwrap();
        let back = parse(&text, Format::Yaml).unwrap();
        // An empty document reads as an empty object.
        if v.is_null() { return Ok(()); }
        prop_assert_eq!(back, v, "{}", text);
    }

    #[test]
    fn env_round_trips(v in env_map()) {
        // A text that mixes every quote with what forces quoting has no
        // .env form: that is an error, never a changed value.
        let text = match render(&v, Format::Env) {
            Err(ExportError::Unrepresentable { .. }) => return Ok(()),
            other => other.unwrap(),
        };
        let back = parse(&text, Format::Env).unwrap();
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), serde_json::to_string(&v).unwrap(), "{}", text);
    }

    #[test]
    fn importers_never_panic(s in any::<String>()) {
        for f in [Format::Json, Format::Yaml, Format::Env] {
            let _ = parse(&s, f);
        }
    }

    #[test]
    fn accepted_input_round_trips(s in prop_oneof![
        any::<String>(),
        "([a-z0-9 ]{0,6}[:=\\-]{0,2}[ ]?['\"\\[\\]{},&*!#|>~.$]{0,2}[a-zA-Z0-9 ]{0,6}\n){1,6}",
        "(export )?[A-Z_]{1,4}=['\"]?[a-z $#\\\\]{0,8}['\"]?( #c)?\n",
    ]) {
        // What the fuzz targets check, in plain cargo test.
        for f in [Format::Json, Format::Yaml, Format::Env] {
            if let Ok(v) = parse(&s, f) {
                let out = render(&v, f).unwrap();
                prop_assert_eq!(parse(&out, f).ok(), Some(v), "{:?} via {:?}", f, out);
            }
        }
    }

    #[test]
    fn env_like_garbage_never_panics(s in "[A-Z=#'\" \\\\$\\n\\t{}a-z]{0,40}") {
        let _ = parse(&s, Format::Env);
        let _ = parse(&s, Format::Yaml);
    }
}

#[test]
fn yaml_keys_of_different_types_do_not_collapse() {
    // Regression (issue 12): `1` and `"1"` imported as one key, losing a value.
    for (text, key, lines) in [
        ("1: from-int\n\"1\": from-str\n", "1", (1, 2)),
        ("a: 0\ntrue: b\n'true': s\n", "true", (2, 3)),
        ("~: n\n\"null\": s\n", "null", (1, 2)),
        ("x:\n  1.5: f\n  \"1.5\": s\n", "1.5", (2, 3)),
        ("{1: a, \"1\": b}\n", "1", (1, 1)),
    ] {
        match parse(text, Format::Yaml).unwrap_err() {
            ImportError::KeyCollision { key: k, keys, .. } => {
                assert_eq!(k, key, "{text}");
                assert_eq!(
                    (keys.0.line, keys.1.line),
                    (Some(lines.0), Some(lines.1)),
                    "{text}"
                );
            }
            other => panic!("{text}: {other:?}"),
        }
    }
    let message = parse("1: from-int\n\"1\": from-str\n", Format::Yaml)
        .unwrap_err()
        .to_string();
    assert!(message.contains("1 (line 1, an integer)"), "{message}");
    assert!(message.contains("\"1\" (line 2, a string)"), "{message}");
}
