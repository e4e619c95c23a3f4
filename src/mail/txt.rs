//! Selecting the TXT records of one kind (SPF, DMARC, MTA-STS, TLS-RPT)
//! under a [`Reading`].

use std::borrow::Cow;

use super::pystr::octodns_fold;
use super::reading::Reading;

/// The kinds of mail policy published in TXT records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `v=spf1` at the domain (RFC 7208 §4.5).
    Spf,
    /// `v=DMARC1` at `_dmarc` (RFC 7489 §6.4).
    Dmarc,
    /// `v=STSv1` at `_mta-sts` (RFC 8461 §3.1).
    MtaSts,
    /// `v=TLSRPTv1` at `_smtp._tls` (RFC 8460 §3).
    TlsRpt,
}

impl Kind {
    /// The version tag that starts a record of this kind, as the RFC spells it.
    pub fn version(self) -> &'static str {
        match self {
            Kind::Spf => "v=spf1",
            Kind::Dmarc => "v=DMARC1",
            Kind::MtaSts => "v=STSv1",
            Kind::TlsRpt => "v=TLSRPTv1",
        }
    }

    /// The version tag lower-cased: what octoDNS 1.22.0 matches folded values against.
    pub fn octodns_prefix(self) -> &'static str {
        match self {
            Kind::Spf => "v=spf1",
            Kind::Dmarc => "v=dmarc1",
            Kind::MtaSts => "v=stsv1",
            Kind::TlsRpt => "v=tlsrptv1",
        }
    }

    /// Whether `text` is a record of this kind by the RFCs: SPF is `v=spf1`
    /// (any case) then a space or the end (RFC 7208 §4.5); the tag-list kinds
    /// are the version tag then `;`, a space/tab or the end.
    pub fn is_rfc_record(self, text: &str) -> bool {
        let version = self.version();
        let Some(head) = text.get(..version.len()) else {
            return false;
        };
        let rest = &text[version.len()..];
        match self {
            Kind::Spf => {
                head.eq_ignore_ascii_case(version) && (rest.is_empty() || rest.starts_with(' '))
            }
            _ => head == version && (rest.is_empty() || rest.starts_with([';', ' ', '\t'])),
        }
    }
}

/// The values of `values` that are records of `kind` under `reading`, in
/// value order. The RFC reading returns them as published; octoDNS's returns
/// them folded (lower-cased, backslashes removed) and counts every value
/// whose folded form starts with the lower-cased version tag.
pub fn select<'a>(values: &'a [String], kind: Kind, reading: Reading) -> Vec<Cow<'a, str>> {
    match reading {
        Reading::Rfc => values
            .iter()
            .filter(|v| kind.is_rfc_record(v))
            .map(|v| Cow::Borrowed(v.as_str()))
            .collect(),
        Reading::OctoDns1_22 => octodns_select(values, kind)
            .into_iter()
            .map(Cow::Owned)
            .collect(),
    }
}

/// octoDNS's selection: the folded values that start with the kind's
/// lower-cased version tag.
pub fn octodns_select(values: &[String], kind: Kind) -> Vec<String> {
    let prefix = kind.octodns_prefix();
    values
        .iter()
        .filter(|v| folded_prefix_may_match(v, prefix))
        .map(|v| octodns_fold(v))
        .filter(|v| v.starts_with(prefix))
        .collect()
}

/// Cheap pre-check: could `v`, lower-cased without backslashes, start with
/// the ASCII `prefix`? Saves the allocations for the many values that cannot.
fn folded_prefix_may_match(v: &str, prefix: &str) -> bool {
    let mut want = prefix.chars();
    for c in v.chars().filter(|&c| c != '\\') {
        let Some(p) = want.next() else {
            return true;
        };
        if !c.is_ascii() {
            return true; // let the full folding decide
        }
        if c.to_ascii_lowercase() != p {
            return false;
        }
    }
    want.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn rfc_selection_needs_the_version_then_a_separator() {
        let v = texts(&[
            "v=DMARC1; p=reject",
            "v=DMARC10; p=none",
            "other",
            "v=DMARC1",
        ]);
        assert_eq!(select(&v, Kind::Dmarc, Reading::Rfc).len(), 2);
        let v = texts(&["V=SPF1 -all", "v=spf10 -all", "v=spf1", "v=spf1\t-all"]);
        assert_eq!(
            select(&v, Kind::Spf, Reading::Rfc),
            ["V=SPF1 -all", "v=spf1"]
        );
    }

    #[test]
    fn octodns_selection_folds_and_matches_a_prefix() {
        let v = texts(&["V=SPF1 -ALL", "v=spf10", "v\\=spf1 a", "x v=spf1"]);
        let got = select(&v, Kind::Spf, Reading::OctoDns1_22);
        assert_eq!(got, ["v=spf1 -all", "v=spf10", "v=spf1 a"]);
        let v = texts(&["v=DMARC1; p=reject", "İv=dmarc1"]);
        assert_eq!(select(&v, Kind::Dmarc, Reading::OctoDns1_22).len(), 1);
    }
}
