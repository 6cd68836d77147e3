//! Offsets in days read from timeframe headings ("Eight weeks before
//! go-live", `T-14`, "The day after") and from `Offset:`/`Go-live:` lines.

use super::*;

/// The offset in days that a timeframe heading describes, if any.
///
/// Understands a number (digits or English words up to ninety-nine, or
/// "a"/"one"/"the") with a unit (day, week, fortnight, month = 30 days) and
/// a direction ("before", "prior", "ahead", "out" are negative; "after",
/// "following" positive), e.g. "Eight weeks before go-live" (-56),
/// "3 weeks before launch" (-21), "The day after" (1); `T-14` and `D+2`;
/// and the day itself ("Go-live day", "Launch day", "Cutover day", "Day
/// of release").
pub fn infer_offset(heading: &str) -> Option<i32> {
    let lower = heading.to_lowercase();
    if let Some(days) = t_minus(&lower) {
        return Some(days);
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        let Some(unit) = unit_days(word) else {
            continue;
        };
        let amount = match i.checked_sub(1) {
            Some(p) => match number_word(words[p]) {
                Number::Value(n) => {
                    // "twenty one", "twenty-one": a tens word before the unit.
                    let tens = p.checked_sub(1).and_then(|q| match number_word(words[q]) {
                        Number::Value(t) if t >= 20 && t % 10 == 0 && n < 10 => Some(t),
                        _ => None,
                    });
                    tens.unwrap_or(0) + n
                }
                Number::TooLarge => return None,
                Number::Word => 1,
            },
            None => 1,
        };
        let direction = words[i + 1..].iter().find_map(|w| match *w {
            "before" | "prior" | "ahead" | "out" | "pre" | "earlier" => Some(-1),
            "after" | "following" | "post" | "later" => Some(1),
            _ => None,
        });
        // Without a direction the unit is not a countdown ("Go-live day").
        if let Some(direction) = direction {
            return amount.checked_mul(unit)?.checked_mul(direction);
        }
        break;
    }
    let anchor = [
        "golive", "live", "launch", "cutover", "release", "d", "switch",
    ];
    let is_day_zero = words.contains(&"day") && words.iter().any(|w| anchor.contains(w));
    let bare = matches!(
        words.as_slice(),
        ["go", "live"] | ["golive"] | ["launch"] | ["cutover"]
    );
    (is_day_zero || bare).then_some(0)
}

pub(super) fn unit_days(word: &str) -> Option<i32> {
    match word {
        "day" | "days" => Some(1),
        "week" | "weeks" | "wk" | "wks" => Some(7),
        "fortnight" | "fortnights" => Some(14),
        "month" | "months" => Some(30),
        _ => None,
    }
}

pub(super) enum Number {
    Value(i32),
    TooLarge,
    /// Not a number at all.
    Word,
}

pub(super) fn number_word(word: &str) -> Number {
    if word.bytes().all(|b| b.is_ascii_digit()) {
        return word.parse().map_or(Number::TooLarge, Number::Value);
    }
    const SMALL: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    if matches!(word, "a" | "an" | "the") {
        return Number::Value(1);
    }
    let small = SMALL.iter().position(|w| *w == word);
    let tens = TENS.iter().position(|w| *w == word).map(|n| n * 10 + 20);
    match small.or(tens).and_then(|n| i32::try_from(n).ok()) {
        Some(n) => Number::Value(n),
        None => Number::Word,
    }
}

/// `t-14`, `d-7`, `t+2`: the military-style countdown.
pub(super) fn t_minus(lower: &str) -> Option<i32> {
    let bytes = lower.as_bytes();
    for i in 0..bytes.len() {
        if !matches!(bytes[i], b't' | b'd') {
            continue;
        }
        if i > 0 && bytes[i - 1].is_ascii_alphanumeric() {
            continue;
        }
        let sign = match bytes.get(i + 1) {
            Some(b'-') => -1,
            Some(b'+') => 1,
            _ => continue,
        };
        let digits: String = lower[i + 2..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if digits.is_empty() {
            continue;
        }
        return digits.parse::<i32>().ok()?.checked_mul(sign);
    }
    None
}

/// `Offset from go-live: -56 days.` (our export) or `Offset: -56`.
pub(crate) fn parse_offset_line(line: &str) -> Option<i32> {
    let lower = line.trim().to_lowercase();
    let rest = lower
        .strip_prefix("offset from go-live:")
        .or_else(|| lower.strip_prefix("offset:"))?;
    let rest = rest.trim().trim_end_matches('.');
    let rest = rest
        .strip_suffix("days")
        .or_else(|| rest.strip_suffix("day"))
        .unwrap_or(rest)
        .trim();
    rest.strip_prefix('+').unwrap_or(rest).parse().ok()
}

/// `Go-live: 2026-03-31` (our export), also `Go-live date:` and `Go live:`.
pub(crate) fn parse_go_live_line(line: &str) -> Option<Date> {
    let lower = line.trim().to_lowercase();
    let rest = ["go-live date:", "go-live:", "go live date:", "go live:"]
        .iter()
        .find_map(|p| lower.strip_prefix(p))?;
    rest.trim().trim_end_matches('.').parse().ok()
}
