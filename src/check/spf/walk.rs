//! Gathering the SPF tree of one domain: rounds of concurrent lookups, each
//! round asking what the evaluation of the tree so far still wants (the
//! records of `include:`/`redirect=` targets, the A/AAAA/MX of `a`, `mx`
//! and `exists` terms). Only terms within the first 10 DNS terms in
//! evaluation order are wanted (RFC 7208 §4.6.4), so a hostile tree costs
//! at most 10 TXT and 20 address queries; each (name, type) is asked once.

use std::collections::HashMap;
use std::future::Future;

use tokio::task::JoinSet;

use super::super::data::Lookup;
use super::eval::{evaluate, Ask, Want, MAX_LOOKUPS};
use super::tree::{Answer, Node, Resolution, Tree};
use crate::dns::{Record, Type};

/// Rounds of lookups at most: each round resolves every wanted term, and a
/// term is only wanted within the first [`MAX_LOOKUPS`] DNS terms.
const MAX_ROUNDS: usize = MAX_LOOKUPS + 2;

type Memo = HashMap<(String, Type), Lookup<Record>>;

/// Gathers the tree under `name`, whose TXT answer is `root`, asking
/// `ask(name, type)` for every lookup (the check's pool and deadline).
pub async fn walk<F, Fut>(name: &str, root: Lookup<String>, ask: F) -> Tree
where
    F: Fn(String, Type) -> Fut,
    Fut: Future<Output = Lookup<Record>> + Send + 'static,
{
    let mut tree = Tree::root(name, root);
    let mut memo = Memo::new();
    for _ in 0..MAX_ROUNDS {
        let wants = evaluate(&tree).wants;
        if wants.is_empty() {
            break;
        }
        let mut set = JoinSet::new();
        for key in wants.iter().flat_map(|w| queries(&w.ask)) {
            if memo.contains_key(&key) {
                continue;
            }
            memo.insert(key.clone(), Lookup::Failed("lookup task failed".to_owned()));
            let fut = ask(key.0.clone(), key.1);
            set.spawn(async move { (key, fut.await) });
        }
        while let Some(done) = set.join_next().await {
            if let Ok((key, answer)) = done {
                memo.insert(key, answer);
            }
        }
        for want in wants {
            apply(&mut tree, &memo, want);
        }
    }
    tree
}

/// The queries one want needs.
fn queries(ask: &Ask) -> Vec<(String, Type)> {
    match ask {
        Ask::Record(n, _) => vec![(n.clone(), Type::Txt)],
        Ask::Addresses(n) => vec![(n.clone(), Type::A), (n.clone(), Type::Aaaa)],
        Ask::Mx(n) => vec![(n.clone(), Type::Mx)],
        Ask::Exists(n) => vec![(n.clone(), Type::A)],
    }
}

/// Puts the answers of one want into the tree.
fn apply(tree: &mut Tree, memo: &Memo, want: Want) {
    let get = |key: (String, Type)| {
        memo.get(&key)
            .cloned()
            .unwrap_or_else(|| Lookup::Failed("not asked".to_owned()))
    };
    let resolution = match &want.ask {
        Ask::Record(n, via) => {
            let txt = match get((n.clone(), Type::Txt)) {
                Lookup::Found(r) => {
                    Lookup::Found(r.iter().filter_map(|r| r.data.txt_text()).collect())
                }
                Lookup::NxDomain => Lookup::NxDomain,
                Lookup::Failed(e) => Lookup::Failed(e),
            };
            tree.nodes
                .push(Node::new(n.clone(), *via, Some(want.node), txt));
            Resolution::Child(tree.nodes.len() - 1)
        }
        ask => {
            let parts: Vec<Answer> = queries(ask)
                .into_iter()
                .map(|(n, t)| answer(&get((n, t)), t))
                .collect();
            Resolution::Answer(Answer::combine(&parts))
        }
    };
    if let Some(slot) = tree
        .nodes
        .get_mut(want.node)
        .and_then(|n| n.resolved.get_mut(want.term))
    {
        *slot = resolution;
    }
}

/// One query's outcome as an [`Answer`]: the records of `rtype` counted
/// (CNAMEs on the way are not answers).
fn answer(l: &Lookup<Record>, rtype: Type) -> Answer {
    match l {
        Lookup::Found(records) => {
            match records
                .iter()
                .filter(|r| r.data.record_type() == Some(rtype))
                .count()
            {
                0 => Answer::NoData,
                n => Answer::Found(n),
            }
        }
        Lookup::NxDomain => Answer::NxDomain,
        Lookup::Failed(reason) => Answer::Failed(reason.clone()),
    }
}
