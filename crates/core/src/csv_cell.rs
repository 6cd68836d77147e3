//! Guarding CSV cells against formula injection (OWASP "CSV injection").
//!
//! A spreadsheet program runs a cell that starts with `=`, `+`, `-` or `@`
//! (and, in some, a tab or carriage return) as a formula, so a checklist
//! item code or an environment id such as `=HYPERLINK("http://…")` would
//! become a live link or worse when an export is opened. Every cell an
//! export writes goes through [`guard`], which puts a `'` in front: the
//! text marker spreadsheets understand and hide.
//!
//! Two refinements keep exports useful and exact:
//!
//! - a cell that is a plain number (`-56`, `+3`, `-0.5`) is left alone: it
//!   cannot be a formula, and quoting it would turn timeframe offsets into
//!   text that no longer sorts;
//! - a cell that already starts with `'` gets one more, so that [`unguard`]
//!   (which the checklist importer applies to every cell) can drop exactly
//!   one leading `'` whenever a guarded character or another `'` follows.
//!   `guard` then `unguard` is the identity on every text (a proptest in
//!   the checklist tests checks it through a whole export and import).

use std::borrow::Cow;

/// Characters that make a spreadsheet read a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// True when `text` is a plain decimal number, optionally signed.
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// `text` as an export writes it: with a leading `'` when a spreadsheet
/// would run it (or when it starts with `'` itself, see the module docs).
pub fn guard(text: &str) -> Cow<'_, str> {
    let risky = text.starts_with(TRIGGERS) && !is_number(text);
    if risky || text.starts_with('\'') {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The text a guarded cell stands for: one leading `'` dropped when a
/// trigger character or another `'` follows it. Other text is kept as it
/// is, so a hand-written `'tis` stays `'tis`.
pub fn unguard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(TRIGGERS) || rest.starts_with('\'') => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_quoted_and_numbers_are_not() {
        assert_eq!(
            guard("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        for t in [
            "+1 from ops",
            "-cmd|' /C calc'!A0",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "-",
            "+",
        ] {
            assert_eq!(guard(t), format!("'{t}"), "{t:?}");
        }
        for t in ["-56", "+3", "-0.5", "12", "GEN-01", "", "plain"] {
            assert_eq!(guard(t), t, "{t:?}");
        }
        assert_eq!(guard("'=x"), "''=x");
        assert_eq!(guard("'tis"), "''tis");
    }

    #[test]
    fn unguard_undoes_guard_exactly() {
        for t in [
            "=1+1", "'=1+1", "''", "'", "'tis", "-56", "-x", "", "a", "@", "\t", "''=",
        ] {
            assert_eq!(unguard(&guard(t)), t, "{t:?}");
        }
        // Hand-written cells keep their apostrophe unless it guards a formula.
        assert_eq!(unguard("'tis"), "'tis");
        assert_eq!(unguard("'=x"), "=x");
    }
}
