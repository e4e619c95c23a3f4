//! The value grammar of each DMARC tag (RFC 7489 §6.3/§6.4, RFC 9989 §4.7
//! and §4.8 "Tag Names and Values"). Keywords compare case-insensitively
//! (RFC 5234 §2.3); the tag list itself is parsed by [`crate::mail::tags`].

use crate::mail::TagList;

/// A policy value (`p`, `sp`, `np`): `dmarc-request`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Policy {
    /// `none`: monitoring only.
    None,
    /// `quarantine`.
    Quarantine,
    /// `reject`.
    Reject,
}

impl Policy {
    /// Parses `none`, `quarantine` or `reject` (any case).
    pub fn parse(value: &str) -> Option<Self> {
        match value.to_ascii_lowercase().as_str() {
            "none" => Some(Self::None),
            "quarantine" => Some(Self::Quarantine),
            "reject" => Some(Self::Reject),
            _ => None,
        }
    }

    /// `"none"`, `"quarantine"` or `"reject"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Quarantine => "quarantine",
            Self::Reject => "reject",
        }
    }
}

/// Every registered tag: RFC 7489 §6.3 (`pct`, `rf`, `ri` removed by RFC
/// 9989 but still read by RFC 7489 receivers) and RFC 9989 §4.7 (`np`,
/// `psd`, `t`).
pub const KNOWN: [&str; 14] = [
    "v", "p", "sp", "np", "adkim", "aspf", "fo", "rf", "ri", "rua", "ruf", "pct", "t", "psd",
];

/// A registered tag whose value is outside its grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadValue {
    /// The tag as written.
    pub tag: String,
    /// The value as written.
    pub value: String,
    /// What the grammar allows, for messages.
    pub expected: &'static str,
}

/// One tag's value grammar.
struct Grammar {
    /// The tag name.
    tag: &'static str,
    /// Whether a value is in the grammar.
    ok: fn(&str) -> bool,
    /// What the grammar allows, for messages.
    expected: &'static str,
}

/// The tags with a value grammar of their own (`p`/`sp`/`np`, `rua`/`ruf`
/// and `v` are checked separately).
const GRAMMARS: [Grammar; 8] = [
    Grammar {
        tag: "adkim",
        ok: is_r_or_s,
        expected: "r or s (RFC 7489 §6.3, RFC 9989 §4.7)",
    },
    Grammar {
        tag: "aspf",
        ok: is_r_or_s,
        expected: "r or s (RFC 7489 §6.3, RFC 9989 §4.7)",
    },
    Grammar {
        tag: "fo",
        ok: is_fo,
        expected: "0, 1, d or s, colon-separated (RFC 7489 §6.3)",
    },
    Grammar {
        tag: "rf",
        ok: is_rf,
        expected: "afrf, colon-separated (RFC 7489 §6.3)",
    },
    Grammar {
        tag: "ri",
        ok: is_uint32,
        expected: "an unsigned 32-bit integer of seconds (RFC 7489 §6.3)",
    },
    Grammar {
        tag: "pct",
        ok: is_percent,
        expected: "an integer from 0 to 100 (RFC 7489 §6.3)",
    },
    Grammar {
        tag: "t",
        ok: is_y_or_n,
        expected: "y or n (RFC 9989 §4.7)",
    },
    Grammar {
        tag: "psd",
        ok: is_psd,
        expected: "y, n or u (RFC 9989 §4.7)",
    },
];

/// The registered tags of `tags` whose value is outside its grammar, in
/// record order (RFC 9989 §4.7: receivers use the default instead).
pub fn bad_values(tags: &TagList) -> Vec<BadValue> {
    tags.pairs
        .iter()
        .filter_map(|(tag, value)| {
            let grammar = GRAMMARS.iter().find(|g| tag.eq_ignore_ascii_case(g.tag))?;
            (!(grammar.ok)(value)).then(|| BadValue {
                tag: tag.clone(),
                value: value.clone(),
                expected: grammar.expected,
            })
        })
        .collect()
}

/// The tags of `tags` that are not registered, in record order (RFC 7489
/// §6.3, RFC 9989 §4.7: receivers ignore them).
pub fn unknown(tags: &TagList) -> Vec<&str> {
    tags.pairs
        .iter()
        .map(|(tag, _)| tag.as_str())
        .filter(|tag| !KNOWN.iter().any(|k| tag.eq_ignore_ascii_case(k)))
        .collect()
}

/// The `psd=` flag (RFC 9989 §4.7), `None` when absent or not `y`/`n`.
pub fn psd(tags: &TagList) -> Option<bool> {
    match tags.get("psd").map(str::to_ascii_lowercase).as_deref() {
        Some("y") => Some(true),
        Some("n") => Some(false),
        _ => None,
    }
}

fn is_r_or_s(v: &str) -> bool {
    v.eq_ignore_ascii_case("r") || v.eq_ignore_ascii_case("s")
}

fn is_y_or_n(v: &str) -> bool {
    v.eq_ignore_ascii_case("y") || v.eq_ignore_ascii_case("n")
}

fn is_psd(v: &str) -> bool {
    is_y_or_n(v) || v.eq_ignore_ascii_case("u")
}

/// A colon-separated list (`*WSP ":" *WSP` between items) whose every item
/// satisfies `item`.
fn colon_list(v: &str, item: impl Fn(&str) -> bool) -> bool {
    v.split(':').all(|i| item(i.trim_matches([' ', '\t'])))
}

fn is_fo(v: &str) -> bool {
    colon_list(v, |i| matches!(i, "0" | "1" | "d" | "s" | "D" | "S"))
}

fn is_rf(v: &str) -> bool {
    colon_list(v, |i| i.eq_ignore_ascii_case("afrf"))
}

fn is_uint32(v: &str) -> bool {
    !v.is_empty() && v.bytes().all(|c| c.is_ascii_digit()) && v.parse::<u32>().is_ok()
}

/// `1*3DIGIT` with a value of at most 100.
fn is_percent(v: &str) -> bool {
    (1..=3).contains(&v.len())
        && v.bytes().all(|c| c.is_ascii_digit())
        && v.parse::<u8>().is_ok_and(|n| n <= 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bad(record: &str) -> Vec<String> {
        let tags = TagList::parse(record).unwrap();
        bad_values(&tags).into_iter().map(|b| b.tag).collect()
    }

    #[test]
    fn each_tag_grammar() {
        assert!(bad(
            "v=DMARC1; p=reject; adkim=s; aspf=R; fo=0:d:S; rf=afrf; ri=86400; pct=100; t=y; psd=u"
        )
        .is_empty());
        assert_eq!(bad("v=DMARC1; adkim=x"), ["adkim"]);
        assert_eq!(bad("v=DMARC1; aspf=relaxed"), ["aspf"]);
        assert_eq!(bad("v=DMARC1; fo=2"), ["fo"]);
        assert_eq!(bad("v=DMARC1; fo=0:"), ["fo"]);
        assert_eq!(bad("v=DMARC1; rf=iodef"), ["rf"]);
        assert_eq!(bad("v=DMARC1; ri=4294967296"), ["ri"]);
        assert_eq!(bad("v=DMARC1; ri=-1"), ["ri"]);
        assert_eq!(bad("v=DMARC1; pct=150"), ["pct"]);
        assert_eq!(bad("v=DMARC1; pct=0100"), ["pct"]);
        assert_eq!(bad("v=DMARC1; pct=5.5"), ["pct"]);
        assert_eq!(bad("v=DMARC1; t=yes"), ["t"]);
        assert_eq!(bad("v=DMARC1; psd=x"), ["psd"]);
    }

    #[test]
    fn unknown_tags_and_psd() {
        let tags = TagList::parse("v=DMARC1; p=none; foo=1; PSD=Y").unwrap();
        assert_eq!(unknown(&tags), ["foo"]);
        assert_eq!(psd(&tags), Some(true));
        assert_eq!(Policy::parse("Reject"), Some(Policy::Reject));
        assert_eq!(Policy::parse("block"), None);
    }
}
