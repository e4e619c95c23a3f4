//! The rules: pure functions from [`DomainData`] to findings, one concept per
//! file, run in the order of [`all`].

use super::data::{DomainData, Lookup};
use super::finding::Finding;
use super::hosts;

pub mod dmarc;
pub mod exchange;
pub mod mx;
pub mod probes;
pub mod spf;
pub mod spf_tree;
pub mod tls;
pub mod txt_failed;

/// Every rule's findings, in report order. A domain that does not exist
/// gets only `nxdomain`; receive-side policies (MTA-STS, TLS-RPT) are only
/// checked when the domain publishes MX hosts.
pub fn all(data: &DomainData) -> Vec<Finding> {
    let mut out = mx::findings(data);
    if matches!(data.mx, Lookup::NxDomain) {
        return out;
    }
    out.extend(hosts::duplicate::findings(&data.name, data.mx.records()));
    let mx = &data.published;
    for record in mx {
        if let Some(host) = data
            .exchanges
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(&record.exchange))
        {
            out.extend(exchange::findings(&data.name, record, host));
        }
        if let Some(checks) = data.hosts.iter().find(|h| h.exchange == record.exchange) {
            out.extend(hosts::ptr::findings(checks));
            out.extend(hosts::tlsa::findings(checks, data.mx_authenticated));
        }
    }
    out.extend(spf::findings(&data.name, &data.spf));
    out.extend(spf_tree::findings(&data.spf_tree));
    out.extend(dmarc::findings(&data.name, &data.dmarc));
    if !mx.is_empty() {
        out.extend(tls::mta_sts(&data.name, &data.mta_sts));
        out.extend(tls::tlsrpt(&data.name, &data.tlsrpt));
    }
    out.extend(probes::findings(data));
    out
}
