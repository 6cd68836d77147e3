#![allow(clippy::unwrap_used)]
use super::export::*;
use super::*;

#[test]
fn cells_escape_what_markdown_would_read() {
    assert_eq!(escape_cell("a|b\nc"), "a\\|b<br>c");
    assert_eq!(
        escape_cell("see [x_y](https://a.test/?q=1&r=a|b)!"),
        "see [x\\_y](https://a.test/?q=1\\&r=a\\|b)!"
    );
    assert_eq!(
        escape_cell("wow![x](https://a.test)"),
        "wow\\![x](https://a.test)"
    );
    assert_eq!(escape_heading("Week #1 *"), "Week \\#1 \\*");
    assert_eq!(escape_cell("`a``b`"), "\\`a\\``b`");
    assert_eq!(
        escape_cell("in `config/` and `a|b` but ` x` and `\\n` and `"),
        "in `config/` and `a\\|b` but \\` x\\` and \\`\\\\n\\` and \\`"
    );
}

#[test]
fn line_break_tags() {
    for tag in ["<br>", "<BR/>", "<br />"] {
        assert!(is_line_break_tag(tag));
    }
    assert!(!is_line_break_tag("<b>"));
}
