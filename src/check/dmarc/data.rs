//! What the DNS said about one domain's DMARC policy: the input of the
//! DMARC rules (no I/O here).

use crate::check::data::Lookup;

/// One external destination's authorization lookup (RFC 7489 §7.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// The destination domain (a `mailto:` address's domain).
    pub destination: String,
    /// The name queried, `<policy-domain>._report._dmarc.<destination>`.
    pub name: String,
    /// Its TXT answer.
    pub answer: Lookup<String>,
}

/// The DMARC lookups of one domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DmarcData {
    /// TXT at `_dmarc.DOMAIN`.
    pub own: Lookup<String>,
    /// The tree walk's TXT answers, `(domain, answer)` for `_dmarc.<domain>`
    /// in walk order (empty when the domain's own record applies).
    pub walk: Vec<(String, Lookup<String>)>,
    /// The authorization lookups of the applied record's external
    /// destinations, in record order.
    pub authorizations: Vec<Authorization>,
}

impl DmarcData {
    /// Only the domain's own answer (no walk, no destinations looked up).
    pub fn own(own: Lookup<String>) -> Self {
        Self {
            own,
            walk: Vec::new(),
            authorizations: Vec::new(),
        }
    }
}
