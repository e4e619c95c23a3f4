//! RFC 7208 evaluation of a gathered [`Tree`] without a sender: terms in
//! evaluation order (depth first, `include:` where it stands, `redirect=`
//! last and only without `all`, §6.1), counting DNS-querying terms (§4.6.4:
//! more than 10 is a permerror) and void lookups (more than 2), and noting
//! every problem with whether it makes the result a permerror or temperror.
//! A tree still being gathered gives the lookups still wanted
//! ([`Evaluation::wants`]); only terms within the first 10 DNS terms are
//! ever wanted, which bounds the queries of a hostile tree.

use super::super::data::Lookup;
use std::collections::HashSet;

use super::tree::{has_macros, target_name, Answer, Node, Resolution, Tree, Via};
use crate::mail::spf_term::{DomainSpec, Mechanism, Modifier, Qualifier, Term};

/// Most DNS-querying terms of one evaluation (RFC 7208 §4.6.4).
pub const MAX_LOOKUPS: usize = 10;
/// Most void lookups of one evaluation (RFC 7208 §4.6.4).
pub const MAX_VOID_LOOKUPS: usize = 2;
/// Most MX names one `mx` mechanism may give (RFC 7208 §4.6.4).
pub const MAX_MX_NAMES: usize = 10;
/// The size a published SPF record should stay within (RFC 7208 §3.4).
pub const MAX_RECORD_OCTETS: usize = 512;
/// Syntax errors reported per record (the first makes it a permerror; a
/// hostile record may hold thousands).
const MAX_SYNTAX_PROBLEMS: usize = 10;

/// The SPF result the evaluation would give for an unlisted sender's
/// errors (RFC 7208 §2.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Outcome {
    /// No problem that ends evaluation.
    Ok,
    /// The domain publishes no SPF record (§2.6.1); also the summary of a
    /// report that was not gathered (built from Python).
    #[default]
    None,
    /// A record in the tree is broken (§2.6.7).
    PermError,
    /// A lookup failed or timed out (§2.6.6).
    TempError,
}

impl Outcome {
    /// `"ok"`, `"none"`, `"permerror"` or `"temperror"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::None => "none",
            Self::PermError => "permerror",
            Self::TempError => "temperror",
        }
    }
}

/// One problem of the tree. `node` is the name whose record holds the
/// term at fault, `term` that term as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A term that does not parse (§4.6, §5, §7.1): permerror.
    Syntax {
        /// The record's owner.
        node: String,
        /// The term.
        term: String,
        /// What is wrong with it.
        reason: String,
    },
    /// `redirect=` or `exp=` more than once (§6): permerror.
    DuplicateModifier {
        /// The record's owner.
        node: String,
        /// `"redirect"` or `"exp"`.
        modifier: &'static str,
        /// How often it appears.
        count: usize,
    },
    /// An include/redirect target with more than one SPF record (§4.5): permerror.
    Multiple {
        /// The target.
        node: String,
        /// How many SPF records it has.
        count: usize,
    },
    /// An include/redirect target without an SPF record (§5.2, §6.1): permerror.
    NoRecord {
        /// The record holding the include/redirect.
        node: String,
        /// Include or redirect.
        via: Via,
        /// The target name.
        target: String,
        /// Whether the target does not exist at all.
        nxdomain: bool,
    },
    /// A target that is not a usable DNS name (§4.8): permerror.
    BadTarget {
        /// The record's owner.
        node: String,
        /// The term.
        term: String,
    },
    /// An include/redirect back to a name on the current path: permerror.
    Loop {
        /// The names from the domain down to the repeated one.
        path: Vec<String>,
        /// The repeated name.
        target: String,
    },
    /// More than [`MAX_LOOKUPS`] DNS terms (§4.6.4): permerror.
    TooManyLookups {
        /// The DNS terms counted.
        count: usize,
    },
    /// More than [`MAX_VOID_LOOKUPS`] void lookups (§4.6.4): permerror.
    TooManyVoid {
        /// The void lookups counted.
        count: usize,
        /// Each void term, with the record holding it.
        terms: Vec<String>,
    },
    /// An `mx` term giving more than [`MAX_MX_NAMES`] names (§4.6.4): permerror.
    TooManyMx {
        /// The record's owner.
        node: String,
        /// The term.
        term: String,
        /// The MX records of its target.
        names: usize,
    },
    /// A lookup of the tree failed (§2.6.6, §5): temperror.
    TempError {
        /// The record's owner.
        node: String,
        /// The term whose lookup failed.
        term: String,
        /// Why (`SERVFAIL`, `Timeout after 2s`, ...).
        reason: String,
    },
    /// An `mx` term whose target has no MX (a void lookup; §5.4 forbids the
    /// implicit MX): it matches nothing.
    MxNoMx {
        /// The record's owner.
        node: String,
        /// The term.
        term: String,
        /// The target name.
        target: String,
        /// Whether the target does not exist at all.
        nxdomain: bool,
    },
    /// A `ptr` mechanism (§5.5: SHOULD NOT be used).
    Ptr {
        /// The record's owner.
        node: String,
        /// The term.
        term: String,
    },
    /// A record over [`MAX_RECORD_OCTETS`] octets (§3.4).
    TooLong {
        /// The record's owner.
        node: String,
        /// Its length.
        octets: usize,
    },
}

impl Problem {
    /// The result this problem gives, when it ends evaluation.
    pub fn outcome(&self) -> Option<Outcome> {
        match self {
            Self::TempError { .. } => Some(Outcome::TempError),
            Self::MxNoMx { .. } | Self::Ptr { .. } | Self::TooLong { .. } => None,
            _ => Some(Outcome::PermError),
        }
    }
}

/// A lookup the evaluation still needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Want {
    /// The node holding the term.
    pub node: usize,
    /// The term's index in that node's record.
    pub term: usize,
    /// What to ask.
    pub ask: Ask,
}

/// What a [`Want`] asks for (names are query names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// The TXT records of an include/redirect target.
    Record(String, Via),
    /// A and AAAA (an `a` term).
    Addresses(String),
    /// MX (an `mx` term).
    Mx(String),
    /// A (an `exists` term).
    Exists(String),
}

/// The evaluation of a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// DNS-querying terms counted (§4.6.4), in the records known.
    pub lookups: usize,
    /// Void lookups among the terms looked up (§4.6.4).
    pub void_lookups: usize,
    /// What an unlisted sender gets: the `all` qualifier after redirects,
    /// neutral without `all` or `redirect=` (§4.7); `None` when unknown
    /// (no record, a broken record, an unresolved redirect).
    pub effective_all: Option<Qualifier>,
    /// The result of the first problem that ends evaluation, in order.
    pub outcome: Outcome,
    /// Every problem, in evaluation order.
    pub problems: Vec<Problem>,
    /// Lookups still needed (empty once gathered).
    pub wants: Vec<Want>,
    /// Terms whose domain-spec has macros: counted, not resolved (§7).
    pub unexpanded: Vec<(usize, String)>,
}

/// How one node evaluated, as its parent sees it.
enum NodeResult {
    /// A record, and its effective `all` (after its redirects).
    Record(Option<Qualifier>),
    /// No SPF record at the name.
    NoRecord { nxdomain: bool },
    /// The TXT lookup failed.
    Failed(String),
    /// The record is broken (already reported).
    Broken,
}

struct Walker<'t> {
    tree: &'t Tree,
    lookups: usize,
    voids: Vec<String>,
    outcome: Option<Outcome>,
    problems: Vec<Problem>,
    wants: Vec<Want>,
    unexpanded: Vec<(usize, String)>,
    ptr_nodes: HashSet<usize>,
}

/// Evaluates `tree` (complete or still being gathered).
pub fn evaluate(tree: &Tree) -> Evaluation {
    let mut w = Walker {
        tree,
        lookups: 0,
        voids: Vec::new(),
        outcome: None,
        problems: Vec::new(),
        wants: Vec::new(),
        unexpanded: Vec::new(),
        ptr_nodes: HashSet::new(),
    };
    let root = w.node(0);
    let (effective_all, root_outcome) = match root {
        NodeResult::Record(all) => (all, None),
        NodeResult::NoRecord { .. } => (None, Some(Outcome::None)),
        NodeResult::Failed(_) => (None, Some(Outcome::TempError)),
        NodeResult::Broken => (None, Some(Outcome::PermError)),
    };
    if w.lookups > MAX_LOOKUPS {
        w.problems
            .push(Problem::TooManyLookups { count: w.lookups });
    }
    if w.voids.len() > MAX_VOID_LOOKUPS {
        w.problems.push(Problem::TooManyVoid {
            count: w.voids.len(),
            terms: w.voids.clone(),
        });
    }
    Evaluation {
        lookups: w.lookups,
        void_lookups: w.voids.len(),
        effective_all,
        outcome: root_outcome.or(w.outcome).unwrap_or(Outcome::Ok),
        problems: w.problems,
        wants: w.wants,
        unexpanded: w.unexpanded,
    }
}

impl Walker<'_> {
    fn problem(&mut self, p: Problem) {
        if self.outcome.is_none() {
            self.outcome = p.outcome();
        }
        self.problems.push(p);
    }

    /// Marks an ending result that has no problem entry of its own (the
    /// lookup or void limit, reported once at the end).
    fn end(&mut self, o: Outcome) {
        self.outcome.get_or_insert(o);
    }

    /// Counts one DNS-querying term; whether it is within the limit.
    fn count_lookup(&mut self) -> bool {
        self.lookups += 1;
        if self.lookups > MAX_LOOKUPS {
            self.end(Outcome::PermError);
            return false;
        }
        true
    }

    fn node(&mut self, idx: usize) -> NodeResult {
        let tree = self.tree;
        let Some(n) = tree.nodes.get(idx) else {
            return NodeResult::Broken;
        };
        match &n.txt {
            Lookup::Failed(reason) => return NodeResult::Failed(reason.clone()),
            Lookup::NxDomain => return NodeResult::NoRecord { nxdomain: true },
            Lookup::Found(_) => {}
        }
        let Some(record) = &n.record else {
            if n.spf.is_empty() {
                return NodeResult::NoRecord { nxdomain: false };
            }
            if n.via != Via::Root {
                self.problem(Problem::Multiple {
                    node: n.name.clone(),
                    count: n.spf.len(),
                });
            }
            return NodeResult::Broken;
        };
        if !self.record_checks(n) {
            return NodeResult::Broken;
        }
        let mut all = None;
        for (i, term) in record.terms.iter().enumerate() {
            match term {
                Ok(Term::Directive(q, Mechanism::All)) => {
                    all = Some(*q);
                    break; // §5.1: mechanisms after "all" are never tested
                }
                Ok(Term::Directive(_, m)) => self.mechanism(idx, i, m),
                _ => {}
            }
        }
        if all.is_some() {
            return NodeResult::Record(all); // §6.1: redirect ignored with "all"
        }
        let redirect = record.terms.iter().enumerate().find_map(|(i, t)| match t {
            Ok(Term::Modifier(Modifier::Redirect(d))) => Some((i, d)),
            _ => None,
        });
        match redirect {
            // §4.7: no match and no redirect: neutral.
            None => NodeResult::Record(Some(Qualifier::Neutral)),
            Some((i, spec)) => self.redirect(idx, i, spec),
        }
    }

    /// Size, syntax and duplicate modifiers of one record; whether it may
    /// be evaluated (§4.6: a syntax error is a permerror before any term).
    fn record_checks(&mut self, n: &Node) -> bool {
        let octets = n.spf.first().map_or(0, String::len);
        if octets > MAX_RECORD_OCTETS {
            self.problem(Problem::TooLong {
                node: n.name.clone(),
                octets,
            });
        }
        let Some(record) = &n.record else {
            return false;
        };
        let mut ok = true;
        for e in record.errors().take(MAX_SYNTAX_PROBLEMS) {
            ok = false;
            self.problem(Problem::Syntax {
                node: n.name.clone(),
                term: e.term.clone(),
                reason: e.reason.clone(),
            });
        }
        for (modifier, count) in modifier_counts(record.valid_terms()) {
            if count > 1 {
                ok = false;
                self.problem(Problem::DuplicateModifier {
                    node: n.name.clone(),
                    modifier,
                    count,
                });
            }
        }
        ok
    }

    /// One mechanism other than `all` at term `i` of node `idx`.
    fn mechanism(&mut self, idx: usize, i: usize, m: &Mechanism) {
        let tree = self.tree;
        let Some(n) = tree.nodes.get(idx) else { return };
        // One finding per record, however many ptr terms it has.
        if matches!(m, Mechanism::Ptr(_)) && self.ptr_nodes.insert(idx) {
            self.problem(Problem::Ptr {
                node: n.name.clone(),
                term: term_text(n, i),
            });
        }
        if !m.queries_dns() || !self.count_lookup() {
            return;
        }
        let spec = match m {
            Mechanism::Include(d) | Mechanism::Exists(d) => Some(d),
            Mechanism::A(d, _) | Mechanism::Mx(d, _) | Mechanism::Ptr(d) => d.as_ref(),
            _ => None,
        };
        let target = match spec {
            Some(d) if has_macros(&d.0) => {
                self.unexpanded.push((idx, term_text(n, i)));
                return;
            }
            Some(d) => match target_name(&d.0) {
                Some(t) => t,
                None => {
                    self.problem(Problem::BadTarget {
                        node: n.name.clone(),
                        term: term_text(n, i),
                    });
                    return;
                }
            },
            None => n.name.clone(),
        };
        match m {
            Mechanism::Include(_) => {
                self.follow(idx, i, target, Via::Include);
            }
            Mechanism::A(..) => self.answer(idx, i, Ask::Addresses(target)),
            Mechanism::Mx(..) => self.answer(idx, i, Ask::Mx(target)),
            Mechanism::Exists(_) => self.answer(idx, i, Ask::Exists(target)),
            _ => {} // ptr: needs the sender's address
        }
    }

    /// The lookup of an `a`/`mx`/`exists` term: void and failure accounting.
    fn answer(&mut self, idx: usize, i: usize, ask: Ask) {
        let tree = self.tree;
        let Some(n) = tree.nodes.get(idx) else { return };
        let answer = match n.resolved.get(i) {
            Some(Resolution::Answer(a)) => a,
            _ => {
                self.wants.push(Want {
                    node: idx,
                    term: i,
                    ask,
                });
                return;
            }
        };
        let term = term_text(n, i);
        match (answer, &ask) {
            (Answer::Failed(reason), _) => self.problem(Problem::TempError {
                node: n.name.clone(),
                term,
                reason: reason.clone(),
            }),
            (Answer::Found(names), Ask::Mx(_)) if *names > MAX_MX_NAMES => {
                self.problem(Problem::TooManyMx {
                    node: n.name.clone(),
                    term,
                    names: *names,
                })
            }
            (Answer::Found(_), _) => {}
            (void, _) => {
                if let Ask::Mx(target) = &ask {
                    self.problem(Problem::MxNoMx {
                        node: n.name.clone(),
                        term: term.clone(),
                        target: target.clone(),
                        nxdomain: *void == Answer::NxDomain,
                    });
                }
                self.voids.push(format!("{term} (in {})", n.name));
                if self.voids.len() > MAX_VOID_LOOKUPS {
                    self.end(Outcome::PermError);
                }
            }
        }
    }

    /// An include (or redirect) target: loop check, then the child's result.
    fn follow(&mut self, idx: usize, i: usize, target: String, via: Via) -> NodeResult {
        let tree = self.tree;
        let Some(n) = tree.nodes.get(idx) else {
            return NodeResult::Broken;
        };
        if tree.on_path(idx, &target) {
            let mut path = tree.path(idx);
            path.push(target.clone());
            self.problem(Problem::Loop { path, target });
            return NodeResult::Broken;
        }
        let child = match n.resolved.get(i) {
            Some(Resolution::Child(c)) => *c,
            _ => {
                self.wants.push(Want {
                    node: idx,
                    term: i,
                    ask: Ask::Record(target, via),
                });
                return NodeResult::Broken;
            }
        };
        let result = self.node(child);
        match &result {
            NodeResult::Failed(reason) => self.problem(Problem::TempError {
                node: n.name.clone(),
                term: term_text(n, i),
                reason: reason.clone(),
            }),
            NodeResult::NoRecord { nxdomain } => self.problem(Problem::NoRecord {
                node: n.name.clone(),
                via,
                target,
                nxdomain: *nxdomain,
            }),
            NodeResult::Broken | NodeResult::Record(_) => {}
        }
        result
    }

    /// The `redirect=` at term `i` of node `idx` (§6.1): counted, followed,
    /// its target's effective `all` becomes this record's.
    fn redirect(&mut self, idx: usize, i: usize, spec: &DomainSpec) -> NodeResult {
        let tree = self.tree;
        let Some(n) = tree.nodes.get(idx) else {
            return NodeResult::Broken;
        };
        if !self.count_lookup() {
            return NodeResult::Broken;
        }
        if has_macros(&spec.0) {
            self.unexpanded.push((idx, term_text(n, i)));
            return NodeResult::Record(None);
        }
        let Some(target) = target_name(&spec.0) else {
            self.problem(Problem::BadTarget {
                node: n.name.clone(),
                term: term_text(n, i),
            });
            return NodeResult::Broken;
        };
        match self.follow(idx, i, target, Via::Redirect) {
            NodeResult::Record(all) => NodeResult::Record(all),
            _ => NodeResult::Broken,
        }
    }
}

/// How often each of `redirect=` and `exp=` appears.
fn modifier_counts<'a>(terms: impl Iterator<Item = &'a Term>) -> [(&'static str, usize); 2] {
    let mut counts = [("redirect", 0), ("exp", 0)];
    for t in terms {
        match t {
            Term::Modifier(Modifier::Redirect(_)) => counts[0].1 += 1,
            Term::Modifier(Modifier::Exp(_)) => counts[1].1 += 1,
            _ => {}
        }
    }
    counts
}

/// Term `i` of a node's record as written.
pub fn term_text(n: &Node, i: usize) -> String {
    n.texts.get(i).cloned().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::spf::tree::Node;

    fn tree(records: &[(&str, &str)]) -> Tree {
        let found = |t: &str| Lookup::Found(vec![t.to_owned()]);
        let mut tree = Tree::root(records[0].0, found(records[0].1));
        for (name, text) in &records[1..] {
            tree.nodes.push(Node::new(
                (*name).to_owned(),
                Via::Include,
                Some(0),
                found(text),
            ));
        }
        tree
    }

    #[test]
    fn wants_stop_at_the_tenth_dns_term() {
        let text = format!(
            "v=spf1 {} -all",
            (1..=12)
                .map(|i| format!("a:h{i}.e.com"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        let ev = evaluate(&tree(&[("e.com", &text)]));
        assert_eq!(ev.wants.len(), MAX_LOOKUPS);
        assert_eq!(ev.lookups, 12);
        assert_eq!(ev.outcome, Outcome::PermError);
        assert_eq!(ev.problems, [Problem::TooManyLookups { count: 12 }]);
        assert_eq!(ev.wants[9].ask, Ask::Addresses("h10.e.com".into()));
    }

    #[test]
    fn effective_all_and_ordering() {
        let ev = evaluate(&tree(&[("e.com", "v=spf1 ip4:192.0.2.1")]));
        assert_eq!(ev.effective_all, Some(Qualifier::Neutral));
        assert!(ev.wants.is_empty() && ev.problems.is_empty());
        // Terms after "all" are never evaluated (§5.1); redirect is ignored (§6.1).
        let ev = evaluate(&tree(&[(
            "e.com",
            "v=spf1 ~all a:x.e.com redirect=r.e.com",
        )]));
        assert_eq!(
            (ev.lookups, ev.effective_all),
            (0, Some(Qualifier::SoftFail))
        );
        assert!(ev.wants.is_empty());
        // A syntax error stops evaluation of the record before any term.
        let ev = evaluate(&tree(&[("e.com", "v=spf1 include:x.e.com ip4:1.2.3 -all")]));
        assert!(ev.wants.is_empty() && ev.effective_all.is_none());
        assert_eq!(ev.outcome, Outcome::PermError);
    }

    #[test]
    fn a_temperror_before_a_permerror_decides_the_result() {
        let mut t = tree(&[("e.com", "v=spf1 a:x.e.com ip4:1.2.3.4 -all")]);
        t.nodes[0].resolved[0] = Resolution::Answer(Answer::Failed("SERVFAIL".into()));
        let ev = evaluate(&t);
        assert_eq!(ev.outcome, Outcome::TempError);
        assert!(matches!(ev.problems[0], Problem::TempError { .. }));
    }

    #[test]
    fn a_hostile_record_gives_bounded_problems() {
        let text = format!(
            "v=spf1 {} {} -all",
            "ptr ".repeat(8000),
            "ip4:x ".repeat(8000)
        );
        let ev = evaluate(&tree(&[("e.com", &text)]));
        assert_eq!(
            ev.problems.len(),
            MAX_SYNTAX_PROBLEMS + 1,
            "too long, then syntax"
        );
        let text = format!("v=spf1 {}-all", "ptr ".repeat(8000));
        let ev = evaluate(&tree(&[("e.com", &text)]));
        assert_eq!(ev.lookups, 8000);
        let ptrs = ev
            .problems
            .iter()
            .filter(|p| matches!(p, Problem::Ptr { .. }));
        assert_eq!(ptrs.count(), 1);
        assert!(ev.wants.is_empty());
    }
}
