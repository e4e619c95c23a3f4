//! RFC 7208 evaluation of a domain's whole SPF record tree, without a
//! sender: [`walk`] gathers it (the records of `include:` and `redirect=`
//! targets and the lookups of `a`, `mx` and `exists` terms, concurrently, on
//! the check's pool within its deadline), [`eval`] evaluates it (lookup and
//! void-lookup limits, loops, permerror vs temperror, the effective `all`),
//! [`summary`] is what the report shows of it. Terms whose domain-spec has
//! macros (§7) are counted as DNS terms but not expanded: that needs a
//! message.

pub mod eval;
pub mod summary;
pub mod tree;
pub mod walk;

pub use eval::{evaluate, Evaluation, Outcome, Problem};
pub use summary::{summarize, Branch, SpfSummary};
pub use tree::Tree;
pub use walk::walk;
