//! The DMARC part of a report's data (`to_dict()["dmarc"]`): which record
//! applies, from where, its policies and report destinations.

use super::data::DmarcData;
use super::external::{authorized, report_values};
use super::tags::Policy;
use super::walk::discover;
use crate::mail::TagList;

/// What policy discovery found for one domain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DmarcSummary {
    /// The record that applies, as published (`None`: no record applies).
    pub record: Option<String>,
    /// Where it was found (`_dmarc.example.com`).
    pub name: Option<String>,
    /// Found by the RFC 9989 tree walk at a parent, not at the domain itself.
    pub inherited: bool,
    /// The record's `p=`, lower-cased, when valid.
    pub policy: Option<String>,
    /// The policy for sub-domains: `sp=` when valid, else the valid `p=`
    /// (RFC 7489 §6.3).
    pub subdomain_policy: Option<String>,
    /// The `rua=` URIs as written.
    pub rua: Vec<String>,
    /// The `ruf=` URIs as written.
    pub ruf: Vec<String>,
    /// Each external destination checked and whether it authorizes the
    /// reports (`None`: the lookup failed), in record order.
    pub external_authorized: Vec<(String, Option<bool>)>,
}

/// The summary of `domain`'s DMARC lookups.
pub fn summarize(domain: &str, data: &DmarcData) -> DmarcSummary {
    let found = discover(domain, &data.own, &data.walk);
    let Some(applied) = found.applied else {
        return DmarcSummary::default();
    };
    let tags = TagList::parse(&applied.record).unwrap_or_default();
    let valid = |tag| tags.get(tag).and_then(Policy::parse).map(Policy::as_str);
    let policy = valid("p");
    let (rua, ruf) = report_values(&applied.record);
    DmarcSummary {
        name: Some(applied.owner()),
        record: Some(applied.record),
        inherited: applied.inherited,
        policy: policy.map(str::to_owned),
        subdomain_policy: valid("sp").or(policy).map(str::to_owned),
        rua,
        ruf,
        external_authorized: data
            .authorizations
            .iter()
            .map(|a| (a.destination.clone(), authorized(&a.answer)))
            .collect(),
    }
}
