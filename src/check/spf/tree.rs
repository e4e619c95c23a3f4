//! The SPF record tree of one domain as gathered (no I/O here): a node per
//! record fetched (the domain's own, then one per `include:`/`redirect=`
//! followed), and what each DNS-querying term's lookup gave.

use super::super::data::Lookup;
use crate::mail::txt::select;
use crate::mail::{Kind, Reading, SpfRecord};

/// How a node was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// The checked domain itself.
    Root,
    /// An `include:` mechanism (RFC 7208 §5.2).
    Include,
    /// A `redirect=` modifier (RFC 7208 §6.1).
    Redirect,
}

impl Via {
    /// `"root"`, `"include"` or `"redirect"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Root => "root",
            Self::Include => "include",
            Self::Redirect => "redirect",
        }
    }
}

/// What the queries of one `a`, `mx` or `exists` term gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// This many records (addresses, or MX records).
    Found(usize),
    /// NOERROR without records: a void lookup (RFC 7208 §4.6.4).
    NoData,
    /// NXDOMAIN: a void lookup (RFC 7208 §4.6.4).
    NxDomain,
    /// The query failed (SERVFAIL, timeout, ...): temperror (RFC 7208 §2.6.6).
    Failed(String),
}

impl Answer {
    /// Combines the outcomes of several queries of one term (A and AAAA of
    /// an `a` term): found if any has records, else failed if any failed,
    /// else NXDOMAIN if any said so, else NODATA.
    pub fn combine(parts: &[Answer]) -> Answer {
        let found: usize = parts
            .iter()
            .map(|p| match p {
                Answer::Found(n) => *n,
                _ => 0,
            })
            .sum();
        if found > 0 {
            return Answer::Found(found);
        }
        if let Some(reason) = parts.iter().find_map(|p| match p {
            Answer::Failed(r) => Some(r.clone()),
            _ => None,
        }) {
            return Answer::Failed(reason);
        }
        if parts.contains(&Answer::NxDomain) {
            Answer::NxDomain
        } else {
            Answer::NoData
        }
    }

    /// Whether it is a void lookup (RFC 7208 §4.6.4).
    pub fn is_void(&self) -> bool {
        matches!(self, Answer::NoData | Answer::NxDomain)
    }
}

/// What is known of one term's DNS side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Not looked up: not a DNS term, beyond the lookup limit, after `all`,
    /// unexpandable (macros), or not reached yet.
    Pending,
    /// The `a`/`mx`/`exists` lookup's outcome.
    Answer(Answer),
    /// The node (index in [`Tree::nodes`]) this `include:`/`redirect=` leads to.
    Child(usize),
}

/// One SPF record fetched: the domain's own or an include/redirect target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The name whose TXT records were asked (lower case, no trailing dot).
    pub name: String,
    /// How it was reached.
    pub via: Via,
    /// The node that led here (`None` for the root).
    pub parent: Option<usize>,
    /// The TXT answer at `name`.
    pub txt: Lookup<String>,
    /// The SPF records among the TXT answer (RFC 7208 §4.5), as published.
    pub spf: Vec<String>,
    /// The parsed record when there is exactly one.
    pub record: Option<SpfRecord>,
    /// Each term of `record` as written, in order.
    pub texts: Vec<String>,
    /// One entry per term of `record`, in order.
    pub resolved: Vec<Resolution>,
}

impl Node {
    /// A node from its TXT answer.
    pub fn new(name: String, via: Via, parent: Option<usize>, txt: Lookup<String>) -> Self {
        let spf: Vec<String> = select(txt.records(), Kind::Spf, Reading::Rfc)
            .into_iter()
            .map(|t| t.into_owned())
            .collect();
        let record = match spf.as_slice() {
            [one] => Some(SpfRecord::parse(one)),
            _ => None,
        };
        // The same split as `SpfRecord::parse` (§4.6.1), so indexes agree.
        let texts: Vec<String> = match (&record, spf.first()) {
            (Some(_), Some(text)) => text
                .get(6..)
                .unwrap_or("")
                .split(' ')
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        let terms = record.as_ref().map_or(0, |r| r.terms.len());
        Self {
            name,
            via,
            parent,
            txt,
            spf,
            record,
            texts,
            resolved: vec![Resolution::Pending; terms],
        }
    }
}

/// The whole tree; `nodes[0]` is the checked domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tree {
    /// Every node, parents before children.
    pub nodes: Vec<Node>,
}

impl Tree {
    /// A tree holding only the domain's own TXT answer.
    pub fn root(name: &str, txt: Lookup<String>) -> Self {
        Self {
            nodes: vec![Node::new(name.to_owned(), Via::Root, None, txt)],
        }
    }

    /// Whether `name` is `node` or one of its ancestors (a loop if followed).
    pub fn on_path(&self, node: usize, name: &str) -> bool {
        let mut at = Some(node);
        // Parents have smaller indexes, so this ends within nodes.len() steps.
        while let Some(i) = at {
            let Some(n) = self.nodes.get(i) else {
                return false;
            };
            if n.name == name {
                return true;
            }
            at = n.parent.filter(|p| *p < i);
        }
        false
    }

    /// The names from the root down to `node`.
    pub fn path(&self, node: usize) -> Vec<String> {
        let mut names = Vec::new();
        let mut at = Some(node);
        while let Some(i) = at {
            let Some(n) = self.nodes.get(i) else { break };
            names.push(n.name.clone());
            at = n.parent.filter(|p| *p < i);
        }
        names.reverse();
        names
    }
}

/// The query name of a domain-spec without macros: lower case, trailing
/// dot removed; `None` when it is not a usable DNS name (a label empty or
/// over 63 octets, the name over 253: RFC 7208 §4.3, §4.8).
pub fn target_name(spec: &str) -> Option<String> {
    let bare = spec.strip_suffix('.').unwrap_or(spec).to_ascii_lowercase();
    let labels_ok = bare.split('.').all(|l| !l.is_empty() && l.len() <= 63);
    (labels_ok && !bare.is_empty() && bare.len() <= 253 && bare.is_ascii()).then_some(bare)
}

/// Whether a domain-spec has macros (`%`): it names a different domain for
/// each sender, so a check without a message cannot resolve it (§7).
pub fn has_macros(spec: &str) -> bool {
    spec.contains('%')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_combine() {
        use Answer::*;
        assert_eq!(Answer::combine(&[NoData, Found(2)]), Found(2));
        assert_eq!(
            Answer::combine(&[NoData, Failed("x".into())]),
            Failed("x".into())
        );
        assert_eq!(Answer::combine(&[NxDomain, NxDomain]), NxDomain);
        assert_eq!(Answer::combine(&[NoData, NoData]), NoData);
        assert!(NoData.is_void() && NxDomain.is_void() && !Found(1).is_void());
    }

    #[test]
    fn targets_and_paths() {
        assert_eq!(
            target_name("_SPF.Example.com."),
            Some("_spf.example.com".into())
        );
        assert_eq!(target_name("a..b"), None);
        assert_eq!(target_name(&format!("{}.com", "x".repeat(64))), None);
        assert!(has_macros("%{i}.e.com") && !has_macros("e.com"));
        let mut t = Tree::root(
            "e.com",
            Lookup::Found(vec!["v=spf1 include:a.e.com -all".into()]),
        );
        assert_eq!(t.nodes[0].resolved.len(), 2);
        t.nodes.push(Node::new(
            "a.e.com".into(),
            Via::Include,
            Some(0),
            Lookup::NxDomain,
        ));
        assert!(t.on_path(1, "e.com") && t.on_path(1, "a.e.com") && !t.on_path(0, "a.e.com"));
        assert_eq!(t.path(1), ["e.com", "a.e.com"]);
    }
}
