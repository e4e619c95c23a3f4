//! Findings of the SPF tree (RFC 7208): every problem of the evaluation
//! ([`crate::check::spf::eval`]) as a finding naming the record and term at
//! fault, and the effective `all` of a record that ends in `redirect=`. The
//! domain's own lookup, missing and multiple records stay with
//! [`super::spf`].

use super::super::catalog::{self, Rule};
use super::super::data::record_text;
use super::super::finding::Finding;
use super::super::spf::eval::{Evaluation, Problem, MAX_LOOKUPS, MAX_VOID_LOOKUPS};
use super::super::spf::tree::Via;
use super::super::spf::{evaluate, Tree};
use crate::mail::spf_term::Qualifier;

/// The findings of the tree under the checked domain.
pub fn findings(tree: &Tree) -> Vec<Finding> {
    let ev = evaluate(tree);
    let mut out: Vec<Finding> = Vec::new();
    // The same target reached twice gives the same finding once.
    for f in ev.problems.iter().map(|p| finding(tree, p)) {
        if !out.iter().any(|o| o.id == f.id && o.message == f.message) {
            out.push(f);
        }
    }
    out.extend(redirect_all(tree, &ev));
    out
}

/// The record at `name` in presentation form, when the tree has it.
fn records_of(tree: &Tree, name: &str) -> Vec<String> {
    tree.nodes
        .iter()
        .find(|n| n.name == name && n.record.is_some())
        .and_then(|n| n.spf.first())
        .map(|r| vec![record_text(name, "TXT", r)])
        .unwrap_or_default()
}

fn at(tree: &Tree, rule: &Rule, node: &str, message: String) -> Finding {
    Finding::new(rule, message, records_of(tree, node))
}

fn finding(tree: &Tree, p: &Problem) -> Finding {
    use catalog::*;
    match p {
        Problem::Syntax { node, term, reason } => at(
            tree,
            &SPF_SYNTAX_ERROR,
            node,
            format!("the SPF record of {node} has an invalid term {term:?}: {reason} (permerror, RFC 7208 §4.6)"),
        ),
        Problem::BadTarget { node, term } => at(
            tree,
            &SPF_SYNTAX_ERROR,
            node,
            format!("the SPF record of {node} has a term {term:?} whose target is not a valid domain name (permerror, RFC 7208 §4.8)"),
        ),
        Problem::DuplicateModifier { node, modifier, count } => at(
            tree,
            &SPF_DUPLICATE_MODIFIER,
            node,
            format!("the SPF record of {node} has {modifier}= {count} times; at most once is allowed (permerror, RFC 7208 §6)"),
        ),
        Problem::Multiple { node, count } => at(
            tree,
            &SPF_MULTIPLE,
            node,
            format!("{node}, reached through the SPF tree, has {count} SPF records; more than one is a permerror (RFC 7208 §4.5)"),
        ),
        Problem::NoRecord { node, via, target, nxdomain } => {
            let (rule, what, section) = match via {
                Via::Redirect => (&SPF_REDIRECT_NO_SPF, "redirect=", "§6.1"),
                _ => (&SPF_INCLUDE_NO_SPF, "include:", "§5.2"),
            };
            let why = if *nxdomain { "does not exist (NXDOMAIN)" } else { "has no SPF record" };
            at(
                tree,
                rule,
                node,
                format!("the SPF record of {node} has {what}{target}, but {target} {why}: permerror (RFC 7208 {section})"),
            )
        }
        Problem::Loop { path, target } => {
            let first = path.first().cloned().unwrap_or_default();
            let holder = path.iter().rev().nth(1).cloned().unwrap_or_default();
            at(
                tree,
                &SPF_INCLUDE_LOOP,
                &holder,
                format!(
                    "the SPF tree of {first} loops back to {target}: {} (permerror, RFC 7208 §4.6.4)",
                    path.join(" -> ")
                ),
            )
        }
        Problem::TooManyLookups { count } => at(
            tree,
            &SPF_TOO_MANY_LOOKUPS,
            &root_name(tree),
            format!(
                "the SPF tree of {} needs {count} DNS-querying terms (include, a, mx, ptr, exists, redirect); more than {MAX_LOOKUPS} is a permerror (RFC 7208 §4.6.4)",
                root_name(tree)
            ),
        ),
        Problem::TooManyVoid { count, terms } => at(
            tree,
            &SPF_TOO_MANY_VOID_LOOKUPS,
            &root_name(tree),
            format!(
                "the SPF tree of {} has {count} void lookups (no records or NXDOMAIN): {}; more than {MAX_VOID_LOOKUPS} is a permerror (RFC 7208 §4.6.4)",
                root_name(tree),
                terms.join(", ")
            ),
        ),
        Problem::TooManyMx { node, term, names } => at(
            tree,
            &SPF_MX_TOO_MANY,
            node,
            format!("the SPF record of {node} has {term:?}, whose target has {names} MX records; more than 10 is a permerror (RFC 7208 §4.6.4)"),
        ),
        Problem::TempError { node, term, reason } => at(
            tree,
            &SPF_TEMPERROR,
            node,
            format!("the lookup for {term:?} in the SPF record of {node} failed ({reason}): temperror, that part of the SPF tree was not checked (RFC 7208 §2.6.6)"),
        ),
        Problem::MxNoMx { node, term, target, nxdomain } => {
            let why = if *nxdomain { "does not exist" } else { "has no MX records" };
            at(
                tree,
                &SPF_MX_NO_MX,
                node,
                format!("the SPF record of {node} has {term:?}, but {target} {why}: the mechanism matches nothing and is a void lookup (RFC 7208 §5.4, §4.6.4)"),
            )
        }
        Problem::Ptr { node, term } => at(
            tree,
            &SPF_PTR,
            node,
            format!("the SPF record of {node} uses {term:?}: the ptr mechanism SHOULD NOT be used (RFC 7208 §5.5)"),
        ),
        Problem::TooLong { node, octets } => at(
            tree,
            &SPF_TOO_LONG,
            node,
            format!("the SPF record of {node} is {octets} octets, over 512: its DNS answer may not fit in UDP (RFC 7208 §3.4)"),
        ),
    }
}

fn root_name(tree: &Tree) -> String {
    tree.nodes
        .first()
        .map(|n| n.name.clone())
        .unwrap_or_default()
}

/// For a domain record without `all` that ends in `redirect=`: neutral or
/// pass for unlisted senders after the redirects (RFC 7208 §6.1, §4.7).
fn redirect_all(tree: &Tree, ev: &Evaluation) -> Option<Finding> {
    let root = tree.nodes.first()?;
    let record = root.record.as_ref()?;
    if record.all().is_some() {
        return None;
    }
    let target = record.redirect()?.0.clone();
    let name = &root.name;
    let (rule, what) = match ev.effective_all? {
        Qualifier::Neutral => (
            &catalog::SPF_REDIRECT_NEUTRAL,
            "ends in ?all or has no all: unlisted senders get neutral, use -all or ~all",
        ),
        Qualifier::Pass => (
            &catalog::SPF_PLUS_ALL,
            "ends in +all: any host may send mail as the domain",
        ),
        Qualifier::Fail | Qualifier::SoftFail => return None,
    };
    Some(at(
        tree,
        rule,
        name,
        format!(
            "the SPF record of {name} redirects to {target}, whose record {what} (RFC 7208 §6.1)"
        ),
    ))
}
