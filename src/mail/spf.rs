//! SPF records (RFC 7208): the term list, and the facts the two readings
//! take from a record.

use super::reading::Reading;
use super::spf_term::{parse_term, DomainSpec, Mechanism, Modifier, Qualifier, Term, TermError};

/// The strict no-mail SPF value (what octoDNS requires for a domain
/// without mail).
pub const STRICT_SPF: &str = "v=spf1 -all";

/// An SPF record's terms in order, each parsed on its own (§4.6.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpfRecord {
    /// Every term after the version, or why it does not parse.
    pub terms: Vec<Result<Term, TermError>>,
}

impl SpfRecord {
    /// Parses the terms of `text`, a record selected as SPF (`v=spf1` then a
    /// space or the end, §4.5). Terms are separated by spaces (§4.6.1:
    /// `1*SP`); empty pieces between spaces are not terms.
    pub fn parse(text: &str) -> Self {
        let body = text.get(6..).unwrap_or("");
        SpfRecord {
            terms: body
                .split(' ')
                .filter(|t| !t.is_empty())
                .map(parse_term)
                .collect(),
        }
    }

    /// The well-formed terms.
    pub fn valid_terms(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter_map(|t| t.as_ref().ok())
    }

    /// The terms that do not follow the grammar (each a permerror, §4.6).
    pub fn errors(&self) -> impl Iterator<Item = &TermError> {
        self.terms.iter().filter_map(|t| t.as_ref().err())
    }

    /// The qualifier of the first `all` mechanism, wherever it stands
    /// (evaluation stops there, §4.6.2, §5.1).
    pub fn all(&self) -> Option<Qualifier> {
        self.valid_terms().find_map(|t| match t {
            Term::Directive(q, Mechanism::All) => Some(*q),
            _ => None,
        })
    }

    /// The target of the first `redirect=` modifier (§6.1).
    pub fn redirect(&self) -> Option<&DomainSpec> {
        self.valid_terms().find_map(|t| match t {
            Term::Modifier(Modifier::Redirect(d)) => Some(d),
            _ => None,
        })
    }
}

/// Whether an SPF value ends unlisted senders with a fail/softfail:
/// - octoDNS 1.22.0: the (folded) value ends with ` -all` or ` ~all`;
/// - RFC 7208: its `all` is `-all` or `~all` wherever it stands (§5.1), or it
///   has no `all` and a `redirect=` (§6.1: the target's record decides).
pub fn terminated(value: &str, reading: Reading) -> bool {
    match reading {
        Reading::OctoDns1_22 => value.ends_with(" -all") || value.ends_with(" ~all"),
        Reading::Rfc => {
            let record = SpfRecord::parse(value);
            match record.all() {
                Some(q) => matches!(q, Qualifier::Fail | Qualifier::SoftFail),
                None => record.redirect().is_some(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_facts() {
        let r = SpfRecord::parse("v=spf1  ip4:999.1.1.1 ~all -all redirect=x.e.com");
        assert_eq!(r.terms.len(), 4);
        assert_eq!(r.errors().count(), 1);
        assert_eq!(r.all(), Some(Qualifier::SoftFail));
        assert_eq!(r.redirect(), Some(&DomainSpec("x.e.com".into())));
        assert!(SpfRecord::parse("v=spf1").terms.is_empty());
    }
}
