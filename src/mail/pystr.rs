//! Python's string semantics where a reading must match Python code
//! (octoDNS) or Python callers (`str.strip` on arguments).

/// Whether Python's `str.isspace` holds for `c` (Unicode White_Space plus
/// the separators U+001C..U+001F).
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// `s.strip()` as Python does it.
pub fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

/// A TXT value as octoDNS 1.22.0 reads it: `value.lower().replace('\\', '')`.
pub fn octodns_fold(value: &str) -> String {
    value.to_lowercase().replace('\\', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_and_folds_like_python() {
        assert_eq!(py_strip("\u{1f} p\u{a0}"), "p");
        assert_eq!(octodns_fold("V=SPF1 a\\;b"), "v=spf1 a;b");
    }
}
