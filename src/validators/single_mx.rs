//! Single-MX provider exemptions: Python-`re`-style patterns (lookarounds
//! included, via fancy-regex) searched in an exchange, with a bounded
//! backtracking budget. Patterns Python's `re` rejects are rejected first
//! ([`super::py_regex`]), as octoDNS rejects them.

use fancy_regex::{Regex, RegexBuilder};

use super::error::ValidatorError;
use super::py_regex;

/// octoDNS 1.22.0's `MailZoneValidator.DEFAULT_SINGLE_MX_REGEXES`.
pub const DEFAULT_SINGLE_MX_REGEXES: [&str; 6] = [
    r"^(feedback|inbound)-smtp\..+\.amazon(aws|ses)\.com\.$",
    r"^inbound\.postmarkapp\.com\.$",
    r"^mx\.hubapi\.com\.$",
    r"^mx\.sendgrid\.net\.$",
    r"^smtp\.google\.com\.$",
    r"^smtp\.siftrock\.com.",
];

/// Backtracking steps allowed per pattern and exchange.
pub const BACKTRACK_LIMIT: usize = 100_000;

/// The compiled default and user patterns.
#[derive(Debug, Clone)]
pub struct SingleMxMatcher {
    /// Each pattern as given, and compiled (rewritten for fancy-regex).
    regexes: Vec<(String, Regex)>,
}

impl SingleMxMatcher {
    /// Compiles the defaults plus `extra` (duplicates compiled once).
    pub fn new(extra: &[String]) -> Result<Self, ValidatorError> {
        let mut patterns: Vec<&str> = DEFAULT_SINGLE_MX_REGEXES.to_vec();
        for p in extra {
            if !patterns.contains(&p.as_str()) {
                patterns.push(p);
            }
        }
        let regexes = patterns
            .into_iter()
            .map(|p| {
                // Python's syntax rules first: octoDNS compiles with `re`.
                let translated =
                    py_regex::check(p).map_err(|message| ValidatorError::InvalidPattern {
                        pattern: p.to_string(),
                        message,
                    })?;
                RegexBuilder::new(&translated)
                    .backtrack_limit(BACKTRACK_LIMIT)
                    .build()
                    .map(|re| (p.to_string(), re))
                    .map_err(|e| ValidatorError::InvalidPattern {
                        pattern: p.to_string(),
                        message: e.to_string(),
                    })
            })
            .collect::<Result<_, _>>()?;
        Ok(SingleMxMatcher { regexes })
    }

    /// True if `exchange` (a trailing dot added if missing) matches a pattern.
    /// A pattern that runs out of backtracking budget counts as no match.
    pub fn matches(&self, exchange: &str) -> bool {
        let dotted: std::borrow::Cow<str> = if exchange.ends_with('.') {
            exchange.into()
        } else {
            format!("{exchange}.").into()
        };
        self.regexes
            .iter()
            .any(|(pattern, re)| match re.is_match(&dotted) {
                Ok(found) => found,
                Err(e) => {
                    log::warn!(
                        "single_mx_regexes pattern \"{}\" gave up on exchange \"{}\": {}",
                        pattern,
                        dotted,
                        e
                    );
                    false
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_trailing_dot() {
        let m = SingleMxMatcher::new(&[]).unwrap();
        assert!(m.matches("smtp.google.com"));
        assert!(m.matches("inbound-smtp.us-east-1.amazonaws.com."));
        assert!(m.matches("smtp.siftrock.comX"));
        assert!(!m.matches("mx.google.com."));
    }

    #[test]
    fn user_patterns_lookaround_and_errors() {
        let m = SingleMxMatcher::new(&[r"^mx(?!bad)\w+\.example\.$".into()]).unwrap();
        assert!(m.matches("mxgood.example."));
        assert!(!m.matches("mxbad.example."));
        let e = SingleMxMatcher::new(&["(?P<a>x)(?P<a>y)".into()]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Invalid single_mx_regexes pattern \"(?P<a>x)(?P<a>y)\": redefinition of group \
             name 'a' as group 2; was group 1 at position 12"
        );
        let e = SingleMxMatcher::new(&["(".into()]).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("Invalid single_mx_regexes pattern \"(\": "));
    }

    #[test]
    fn backtracking_limit_is_no_match() {
        let m = SingleMxMatcher::new(&[r"^(a|a)*(?=b)c".into()]).unwrap();
        assert!(!m.matches(&"a".repeat(40)));
    }
}
