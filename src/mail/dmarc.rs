//! DMARC records (RFC 7489): the facts the two readings take from one.

use super::reading::Reading;
use super::tags::{octodns_pairs, TagList, TagListError};

/// The `p=` policy of a DMARC value, as written (`None`: no `p` tag):
/// - octoDNS 1.22.0: the last `p`, a bare `p` counting as `p=`; never fails;
/// - RFC 7489 §6.3/§6.4: the `p` of the tag list; a malformed tag list is an
///   error, and so is a tag given twice (RFC 6376 §3.2, which §6.4 follows:
///   "the entire tag-list is invalid").
pub fn policy(value: &str, reading: Reading) -> Result<Option<String>, TagListError> {
    match reading {
        Reading::OctoDns1_22 => Ok(octodns_pairs(value)
            .into_iter()
            .rev()
            .find(|(tag, _)| tag == "p")
            .map(|(_, v)| v)),
        Reading::Rfc => {
            let tags = TagList::parse(value)?;
            if let Some(tag) = tags.duplicates().first() {
                return Err(TagListError {
                    part: (*tag).to_owned(),
                    reason: "is given more than once (RFC 6376 §3.2)",
                });
            }
            Ok(tags.get("p").map(str::to_owned))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn octodns_policy() {
        let p = |v| policy(v, Reading::OctoDns1_22).unwrap();
        assert_eq!(p("v=dmarc1; p=reject;").as_deref(), Some("reject"));
        assert_eq!(
            p("v=dmarc1; p=none; p = reject ").as_deref(),
            Some("reject")
        );
        assert_eq!(p("v=dmarc1; p").as_deref(), Some(""));
        assert_eq!(p("v=dmarc1; sp=reject"), None);
    }

    #[test]
    fn rfc_policy_reports_malformed_lists() {
        let p = |v| policy(v, Reading::Rfc);
        assert_eq!(p("v=DMARC1; p=reject").unwrap().as_deref(), Some("reject"));
        assert_eq!(p("v=DMARC1; rua=mailto:a@b.c").unwrap(), None);
        assert_eq!(p("v=DMARC1; p=reject; junk").unwrap_err().part, "junk");
        assert_eq!(p("v=DMARC1; p=reject; P=none").unwrap_err().part, "P");
    }
}
