//! SPF and DMARC extraction as octoDNS's `MailZoneValidator` does it: values
//! lower-cased with every backslash removed, SPF = values starting `v=spf1`,
//! DMARC = values starting `v=dmarc1`, DMARC tags split on `;` and `=`.

use std::sync::Arc;

use crate::zone::Record;

/// The normalised values of `record` that start with `prefix`, in the
/// record's (sorted) value order.
pub fn tagged_values(record: &Record, prefix: &str) -> Vec<String> {
    crate::zone::tagged_values(record.txt_values(), prefix)
}

/// What `_dmarc` holds: no TXT record, a TXT record without a DMARC value, or
/// the first DMARC value (octoDNS tells these three apart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dmarc {
    NoRecord,
    NoValue,
    Value(String),
}

impl Dmarc {
    /// From the `_dmarc` TXT record, if any; also returns how many DMARC values it has.
    pub fn from_record(record: Option<&Arc<Record>>) -> (Dmarc, usize) {
        let Some(record) = record else {
            return (Dmarc::NoRecord, 0);
        };
        let mut values = tagged_values(record, "v=dmarc1");
        let n = values.len();
        if values.is_empty() {
            (Dmarc::NoValue, 0)
        } else {
            (Dmarc::Value(values.swap_remove(0)), n)
        }
    }

    /// octoDNS's `_parse_dmarc_tags(value).get('p')`: `None` if no `p` tag
    /// (a bare `p` counts as `p=`), the last one winning.
    pub fn policy(&self) -> Option<String> {
        let Dmarc::Value(value) = self else {
            return None;
        };
        let mut policy = None;
        for part in value.split(';') {
            let part = py_strip(part);
            if part.is_empty() {
                continue;
            }
            let (tag, val) = match part.split_once('=') {
                Some((tag, val)) => (py_strip(tag).to_lowercase(), py_strip(val).to_lowercase()),
                None => (part.to_lowercase(), String::new()),
            };
            if tag == "p" {
                policy = Some(val);
            }
        }
        policy
    }
}

/// Python's `str.strip()` with no argument (its whitespace includes U+001C..U+001F).
pub fn py_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

/// SPF terminates with ` -all` or ` ~all`.
pub fn spf_terminated(spf: &str) -> bool {
    spf.ends_with(" -all") || spf.ends_with(" ~all")
}

pub use crate::zone::STRICT_SPF;

#[cfg(test)]
mod tests {
    use super::*;

    fn dmarc(v: &str) -> Dmarc {
        Dmarc::Value(v.to_string())
    }

    #[test]
    fn dmarc_policy() {
        assert_eq!(
            dmarc("v=dmarc1; p=reject;").policy().as_deref(),
            Some("reject")
        );
        assert_eq!(
            dmarc("v=dmarc1; p=none; p = reject ").policy().as_deref(),
            Some("reject")
        );
        assert_eq!(dmarc("v=dmarc1; p").policy().as_deref(), Some(""));
        assert_eq!(dmarc("v=dmarc1; sp=reject").policy(), None);
        assert_eq!(Dmarc::NoValue.policy(), None);
    }

    #[test]
    fn python_strip() {
        assert_eq!(py_strip("\u{1f} p\u{a0}"), "p");
    }
}
