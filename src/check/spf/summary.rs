//! What a report says about the SPF tree: the domain's record, the lookup
//! counts, the effective `all`, the result, and the include/redirect tree.

use super::super::data::Lookup;
use super::eval::{evaluate, Evaluation, Outcome};
use super::tree::{Node, Resolution, Tree, Via};
use crate::mail::spf_term::Qualifier;

/// One include/redirect target in the tree, with its own targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    /// The target name (lower case, no trailing dot).
    pub name: String,
    /// How it was reached (`include` or `redirect`).
    pub via: Via,
    /// Its SPF record when it has exactly one.
    pub record: Option<String>,
    /// `"ok"`, `"none"` (no SPF record), `"nxdomain"`, `"multiple"` or
    /// `"temperror"` (its TXT lookup failed).
    pub status: &'static str,
    /// The targets its record leads to, in term order.
    pub children: Vec<Branch>,
}

/// The SPF part of a domain's report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpfSummary {
    /// The domain's SPF record when it has exactly one.
    pub record: Option<String>,
    /// DNS-querying terms across the tree (RFC 7208 §4.6.4).
    pub lookups: usize,
    /// Void lookups across the tree (RFC 7208 §4.6.4).
    pub void_lookups: usize,
    /// What an unlisted sender gets after redirects (`None`: unknown).
    pub effective_all: Option<Qualifier>,
    /// The evaluation's result.
    pub result: Outcome,
    /// The include/redirect targets of the domain's record.
    pub tree: Vec<Branch>,
    /// Terms whose domain-spec has macros, as (record owner, term): counted
    /// as lookups, not resolved (they need a sender, RFC 7208 §7).
    pub unexpanded: Vec<(String, String)>,
}

/// `"pass"`, `"fail"`, `"softfail"` or `"neutral"`.
pub fn qualifier_name(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Pass => "pass",
        Qualifier::Fail => "fail",
        Qualifier::SoftFail => "softfail",
        Qualifier::Neutral => "neutral",
    }
}

/// The summary of a gathered tree.
pub fn summarize(tree: &Tree) -> SpfSummary {
    let ev: Evaluation = evaluate(tree);
    let root = tree.nodes.first();
    SpfSummary {
        record: root.and_then(|n| n.record.as_ref().and(n.spf.first().cloned())),
        lookups: ev.lookups,
        void_lookups: ev.void_lookups,
        effective_all: ev.effective_all,
        result: ev.outcome,
        tree: root.map_or_else(Vec::new, |n| branches(tree, n, 0)),
        unexpanded: ev
            .unexpanded
            .iter()
            .filter_map(|(i, term)| tree.nodes.get(*i).map(|n| (n.name.clone(), term.clone())))
            .collect(),
    }
}

/// The children of `node`, in term order (`depth` bounds the recursion,
/// though parents always precede children).
fn branches(tree: &Tree, node: &Node, depth: usize) -> Vec<Branch> {
    if depth > tree.nodes.len() {
        return Vec::new();
    }
    node.resolved
        .iter()
        .filter_map(|r| match r {
            Resolution::Child(c) => tree.nodes.get(*c),
            _ => None,
        })
        .map(|child| Branch {
            name: child.name.clone(),
            via: child.via,
            record: child.record.as_ref().and(child.spf.first().cloned()),
            status: status(child),
            children: branches(tree, child, depth + 1),
        })
        .collect()
}

fn status(n: &Node) -> &'static str {
    match (&n.txt, n.spf.len()) {
        (Lookup::Failed(_), _) => "temperror",
        (Lookup::NxDomain, _) => "nxdomain",
        (_, 0) => "none",
        (_, 1) => "ok",
        _ => "multiple",
    }
}
