//! Shared proptest strategies for the checklist tests.

#![allow(dead_code)]

use preflight_core::checklist::{Checklist, Item, Status, Timeframe};
use preflight_core::jiff::civil::{date, Date};
use proptest::prelude::*;

/// Text made of the pieces Markdown and CSV treat specially, plus
/// arbitrary characters.
pub fn tricky_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => "[a-zA-Z0-9 ]{1,8}",
        1 => "(?s).{0,6}",
        2 => prop::sample::select(vec![
            "|", "\\", "\\|", "`", "``", "*", "**", "_", "__", "[", "]", "(", ")", "<br>",
            "<", ">", "&amp;", "&", "&#35;", "https://x.test/a_b", "http://x.test/(p)",
            "[label](https://x.test/p|q&r)", "[l](mailto:a@b.test)", "[bad](javascript:x)",
            "\n", "\r\n", " ", "  ", "!", "#", "~~", "$", "^", "{{site.version}}", "<script>",
            "</script>", "é", "日本", "\t", "\"", "'", ",", ";", "=", "-", "+", "1.", ":",
            "<https://x.test>", "\u{a0}", "\u{200b}", "x@y.test", "www.x.test",
        ])
        .prop_map(str::to_owned),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

fn any_date() -> impl Strategy<Value = Date> {
    (1900i16..2100, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| date(y, m, d))
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

fn item(timeframes: usize) -> impl Strategy<Value = Item> {
    (
        (tricky_text(), tricky_text(), tricky_text(), tricky_text()),
        (tricky_text(), tricky_text(), tricky_text()),
        (
            status(),
            0..timeframes.max(1),
            prop::option::of(any_date()),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (code, category, name, description),
                (note, owner, link),
                (status, timeframe, due, gates),
            )| Item {
                code,
                category,
                name,
                description,
                note,
                owner,
                status,
                timeframe,
                due_override: due,
                link,
                gates_promotion: gates,
            },
        )
}

/// A checklist in the form imports produce: normalized text, unique
/// non-empty timeframe names (at least one), a name on every item.
pub fn normalized_checklist() -> impl Strategy<Value = Checklist> {
    (
        tricky_text(),
        prop::option::of(any_date()),
        prop::collection::vec((tricky_text(), -400i32..400), 1..5),
    )
        .prop_flat_map(|(name, go_live, frames)| {
            let n = frames.len();
            let items = if n == 0 {
                Just(Vec::new()).boxed()
            } else {
                prop::collection::vec(item(n), 0..8).boxed()
            };
            (Just(name), Just(go_live), Just(frames), items)
        })
        .prop_map(|(name, go_live, frames, items)| {
            let mut c = Checklist {
                id: String::new(),
                name,
                go_live,
                timeframes: frames
                    .into_iter()
                    .map(|(n, o)| Timeframe::new(n, o))
                    .collect(),
                items,
            };
            c.normalize();
            if c.name.is_empty() {
                c.name = "Checklist".into();
            }
            for i in 0..c.timeframes.len() {
                let name = c.timeframes[i].name.clone();
                if name.is_empty() || c.timeframes[..i].iter().any(|t| t.name == name) {
                    c.timeframes[i].name = format!("{name} {i}").trim().to_owned();
                }
            }
            for item in &mut c.items {
                if item.name.is_empty() {
                    item.name = "Item".into();
                }
            }
            c
        })
}
