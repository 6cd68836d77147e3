//! A promotion as a git patch: the unified diff of a file's old and new
//! text, which `git apply` accepts.
//!
//! Written with `similar`'s unified diff (three lines of context, `a/` and
//! `b/` headers, the `\ No newline at end of file` marker where a side
//! does not end with a newline), which is what `git diff` writes for a
//! text file, without its `diff --git` and `index` lines (which `git
//! apply` does not need).

/// The unified diff from `old` to `new` of the file `file_name` (a path
/// relative to the repository root, with `/` separators); empty when the
/// texts are equal.
pub fn unified_patch(old: &str, new: &str, file_name: &str) -> String {
    if old == new {
        return String::new();
    }
    let name = file_name.trim_start_matches("./").trim_start_matches('/');
    let diff = similar::TextDiff::from_lines(old, new);
    diff.unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_a_missing_final_newline() {
        let p = unified_patch("a: 1\nb: 2", "a: 1\nb: 3", "values.yaml");
        assert!(
            p.starts_with("--- a/values.yaml\n+++ b/values.yaml\n"),
            "{p}"
        );
        assert!(
            p.contains(
                "-b: 2\n\\ No newline at end of file\n+b: 3\n\\ No newline at end of file\n"
            ),
            "{p}"
        );
        assert_eq!(unified_patch("x", "x", "f"), "");
    }
}
