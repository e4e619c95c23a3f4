//! The rules: pure functions from [`DomainData`] to findings, one concept per
//! file, run in the order of [`all`].

use super::data::{DomainData, Lookup};
use super::finding::Finding;

pub mod dmarc;
pub mod exchange;
pub mod mx;
pub mod spf;
pub mod spf_tree;
pub mod tls;

/// Every rule's findings, in report order. A domain that does not exist
/// gets only `nxdomain`; receive-side policies (MTA-STS, TLS-RPT) are only
/// checked when the domain publishes MX hosts.
pub fn all(data: &DomainData) -> Vec<Finding> {
    let mut out = mx::findings(data);
    if matches!(data.mx, Lookup::NxDomain) {
        return out;
    }
    let mx = &data.published;
    for record in mx {
        if let Some(host) = data
            .exchanges
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(&record.exchange))
        {
            out.extend(exchange::findings(&data.name, record, host));
        }
    }
    out.extend(spf::findings(&data.name, &data.spf));
    out.extend(spf_tree::findings(&data.spf_tree));
    out.extend(dmarc::findings(&data.name, &data.dmarc));
    if !mx.is_empty() {
        out.extend(tls::mta_sts(&data.name, &data.mta_sts));
        out.extend(tls::tlsrpt(&data.name, &data.tlsrpt));
    }
    out
}

/// `txt-lookup-failed` for a TXT query of `name` (what it was for in `purpose`).
pub fn txt_failed(name: &str, purpose: &str, reason: &str) -> Finding {
    Finding::new(
        &super::catalog::TXT_LOOKUP_FAILED,
        format!("TXT lookup of {name} failed ({reason}): {purpose} not checked"),
        Vec::new(),
    )
}
