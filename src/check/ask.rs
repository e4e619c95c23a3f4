//! The DNS access of one check: the pool and deadline every query of the
//! check shares ([`Ctx`]) and the queries themselves, as [`Lookup`]s. Used by
//! the check's gathering (`gather.rs`) and its per-host checks (`hosts/`).

use std::net::IpAddr;
use std::sync::Arc;

use tokio::time::Instant;

use super::data::{Addr, Host, Lookup};
use crate::discovery::DiscoveryConfig;
use crate::dns::{self, deadline_after, Data, Record, ServerPool, Type};

/// Cap on queries on the wire at once per server of one check.
const MAX_ACTIVE: usize = 64;

/// What every query of one check shares.
pub(super) struct Ctx {
    pub(super) pool: Result<Arc<ServerPool>, dns::Error>,
    pub(super) deadline: Instant,
}

impl Ctx {
    /// The pool of the config and the deadline, from now.
    pub(super) fn new(config: &DiscoveryConfig) -> Self {
        Self {
            pool: ServerPool::new(
                &config.servers,
                config.timeout,
                &config.timeout_text,
                MAX_ACTIVE,
            )
            .map(Arc::new),
            deadline: deadline_after(config.timeout),
        }
    }
}

/// One query of `name` with the DNSSEC OK bit, and whether the resolver
/// authenticated the answer (the AD bit, RFC 4035 §3.2.3).
pub(super) async fn query_do(ctx: &Ctx, name: &str, rtype: Type) -> (Lookup<Record>, bool) {
    let pool = match &ctx.pool {
        Ok(p) => p,
        Err(e) => return (Lookup::Failed(e.to_string()), false),
    };
    match pool.query_do(name, rtype, ctx.deadline).await {
        Ok(response) => (Lookup::Found(response.records), response.authenticated),
        Err(dns::Error::NxDomain) => (Lookup::NxDomain, false),
        Err(e) => (Lookup::Failed(e.to_string()), false),
    }
}

/// One query of `name` (ASCII, no trailing dot).
pub(super) async fn query(ctx: &Ctx, name: &str, rtype: Type) -> Lookup<Record> {
    let pool = match &ctx.pool {
        Ok(p) => p,
        Err(e) => return Lookup::Failed(e.to_string()),
    };
    match pool.query(name, rtype, ctx.deadline).await {
        Ok(response) => Lookup::Found(response.records),
        Err(dns::Error::NxDomain) => Lookup::NxDomain,
        Err(e) => Lookup::Failed(e.to_string()),
    }
}

/// Maps the records of a successful lookup.
pub(super) fn map<T>(l: Lookup<Record>, f: impl Fn(&Record) -> Option<T>) -> Lookup<T> {
    match l {
        Lookup::Found(records) => Lookup::Found(records.iter().filter_map(f).collect()),
        Lookup::NxDomain => Lookup::NxDomain,
        Lookup::Failed(r) => Lookup::Failed(r),
    }
}

/// A and AAAA of `name`, and its CNAME target if it is an alias.
pub(super) async fn host(ctx: Arc<Ctx>, name: String) -> Host {
    let (a, aaaa) = tokio::join!(query(&ctx, &name, Type::A), query(&ctx, &name, Type::Aaaa));
    let alias_of = [&a, &aaaa]
        .iter()
        .flat_map(|l| l.records())
        .find_map(|r| match &r.data {
            Data::Cname(target) if r.name.eq_ignore_ascii_case(&name) => Some(target.clone()),
            _ => None,
        });
    let addr = |r: &Record| match &r.data {
        Data::A(a) => Some(Addr {
            ip: IpAddr::V4(*a),
            ttl: r.ttl,
        }),
        Data::Aaaa(a) => Some(Addr {
            ip: IpAddr::V6(*a),
            ttl: r.ttl,
        }),
        _ => None,
    };
    Host {
        a: map(a, addr),
        aaaa: map(aaaa, addr),
        alias_of,
        name,
    }
}
