//! Tag lists (`tag=value; tag=value`): DMARC (RFC 7489 §6.4), MTA-STS
//! (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3) records.

use std::fmt;

use super::pystr::py_strip;

/// A tag list that does not follow the grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagListError {
    /// The offending `;`-separated part, trimmed.
    pub part: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for TagListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} {}", self.part, self.reason)
    }
}

/// A parsed tag list: `(tag, value)` pairs in order, trimmed, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagList {
    /// The pairs in order (duplicates kept).
    pub pairs: Vec<(String, String)>,
}

/// Whitespace around tags and values (`WSP`: space and tab).
const WSP: [char; 2] = [' ', '\t'];

impl TagList {
    /// Parses `tag-spec *( ";" tag-spec ) [ ";" ]` where `tag-spec =
    /// [WSP] tag-name [WSP] "=" [WSP] tag-value [WSP]` (RFC 7489 §6.4 by way
    /// of RFC 6376 §3.2). A tag name is a letter or digit then letters,
    /// digits, `_`, `-` or `.`: the union of DMARC's (`ALPHA *ALNUMPUNC`),
    /// MTA-STS's (RFC 8461 §3.1) and TLS-RPT's (RFC 8460 §3) names. Empty
    /// parts (`;;`, a trailing `;`) are allowed; duplicates are kept (see
    /// [`TagList::duplicates`]).
    pub fn parse(text: &str) -> Result<TagList, TagListError> {
        let mut pairs = Vec::new();
        for part in text.split(';') {
            let part = part.trim_matches(WSP);
            if part.is_empty() {
                continue;
            }
            let fail = |reason| TagListError {
                part: part.to_owned(),
                reason,
            };
            let (tag, value) = part.split_once('=').ok_or_else(|| fail("has no '='"))?;
            let tag = tag.trim_matches(WSP);
            if !is_tag_name(tag) {
                return Err(fail("has no valid tag name before '='"));
            }
            pairs.push((tag.to_owned(), value.trim_matches(WSP).to_owned()));
        }
        Ok(TagList { pairs })
    }

    /// The value of the first `tag` (tag names compare case-insensitively).
    pub fn get(&self, tag: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(t, _)| t.eq_ignore_ascii_case(tag))
            .map(|(_, v)| v.as_str())
    }

    /// The tags that appear more than once (each named once, first-seen order).
    pub fn duplicates(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for (i, (tag, _)) in self.pairs.iter().enumerate() {
            let again = self.pairs[..i]
                .iter()
                .any(|(t, _)| t.eq_ignore_ascii_case(tag));
            if again && !out.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                out.push(tag);
            }
        }
        out
    }
}

/// `(ALPHA / DIGIT) *( ALPHA / DIGIT / "_" / "-" / "." )`.
fn is_tag_name(tag: &str) -> bool {
    let mut b = tag.bytes();
    b.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && b.all(|c| c.is_ascii_alphanumeric() || b"_-.".contains(&c))
}

/// octoDNS 1.22.0's `_parse_dmarc_tags`, never failing: parts split on `;`
/// then on the first `=`, each stripped as Python's `str.strip`, lower-cased;
/// a part without `=` is the tag with an empty value. The pairs in order
/// (callers take the last, as the Python dict does).
pub fn octodns_pairs(value: &str) -> Vec<(String, String)> {
    value
        .split(';')
        .map(py_strip)
        .filter(|p| !p.is_empty())
        .map(|part| match part.split_once('=') {
            Some((tag, val)) => (py_strip(tag).to_lowercase(), py_strip(val).to_lowercase()),
            None => (part.to_lowercase(), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reports_malformed_parts() {
        let tags = TagList::parse("v=DMARC1;  p = reject ;rua=mailto:a@b;").unwrap();
        assert_eq!(tags.get("p"), Some("reject"));
        assert_eq!(tags.get("V"), Some("DMARC1"));
        assert_eq!(tags.pairs.len(), 3);
        let err = TagList::parse("v=DMARC1; p=reject; junk").unwrap_err();
        assert_eq!(err.to_string(), "\"junk\" has no '='");
        assert!(TagList::parse("=x").is_err());
        assert!(TagList::parse("p x=y").is_err());
        assert!(TagList::parse("_p=x").is_err());
        let dup = TagList::parse("v=DMARC1; p=none; P=reject; p=x").unwrap();
        assert_eq!(dup.get("p"), Some("none"));
        assert_eq!(dup.duplicates(), ["P"]);
    }

    #[test]
    fn octodns_pairs_never_fail() {
        let pairs = octodns_pairs("v=dmarc1; p ; P = Reject ;;");
        assert_eq!(pairs[1], ("p".to_owned(), String::new()));
        assert_eq!(pairs[2], ("p".to_owned(), "reject".to_owned()));
    }
}
