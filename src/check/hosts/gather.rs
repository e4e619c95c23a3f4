//! The DNS I/O of one MX host beyond its addresses: its TLSA records (asked
//! with the DO bit, RFC 7672 §2.2.3) at the same time as its A/AAAA, then
//! the PTR of each public address and the A/AAAA of each PTR target, all
//! within the check's one deadline. Fan-out is bounded so a hostile zone
//! cannot multiply the queries.

use std::future::Future;
use std::net::IpAddr;
use std::sync::Arc;

use super::super::ask::{host, map, query, query_do, Ctx};
use super::super::data::{Host, Lookup};
use super::super::rules::exchange::{is_ip_literal, is_public, malformed};
use super::data::{Forward, HostChecks, Reverse, TlsaLookup, TlsaRecord};
use super::reverse::reverse_name;
use crate::dns::{Data, Record, Type};

/// The exchanges (in RFC 5321 order) whose TLSA and reverse DNS are checked.
pub const MAX_CHECKED_HOSTS: usize = 10;

/// The addresses of one exchange whose reverse DNS is checked (A first).
pub const MAX_PTR_ADDRESSES: usize = 10;

/// The PTR targets of one address looked up forward (RFC 7208 §5.5 bounds
/// its PTR walk the same way).
pub const MAX_PTR_NAMES: usize = 10;

/// The failure reason of a lookup whose task was lost.
const LOST: &str = "lookup task failed";

/// Runs `futures` as tasks at once and collects their outputs in order
/// (`None` for a task that panicked or was cancelled).
async fn all<T, F>(futures: impl IntoIterator<Item = F>) -> Vec<Option<T>>
where
    T: Send + 'static,
    F: Future<Output = T> + Send + 'static,
{
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::with_capacity(handles.len());
    for h in handles {
        out.push(h.await.ok());
    }
    out
}

/// The A/AAAA of `exchange` and, when `checked` and the exchange is a host
/// name, its TLSA records and the reverse DNS of its addresses.
pub(in crate::check) async fn exchange(
    ctx: Arc<Ctx>,
    exchange: String,
    checked: bool,
) -> (Host, Option<HostChecks>) {
    if !checked || is_ip_literal(&exchange) || malformed(&exchange).is_some() {
        return (host(ctx, exchange).await, None);
    }
    let (addresses, tlsa) =
        tokio::join!(host(ctx.clone(), exchange.clone()), tlsa(&ctx, &exchange));
    let reverse = reverse_all(&ctx, &addresses).await;
    let checks = HostChecks {
        exchange,
        reverse,
        tlsa,
    };
    (addresses, Some(checks))
}

/// The TLSA records at `_25._tcp.<exchange>` and the AD bit of the answer.
async fn tlsa(ctx: &Ctx, exchange: &str) -> TlsaLookup {
    let name = format!("_25._tcp.{exchange}");
    let (lookup, authenticated) = query_do(ctx, &name, Type::Tlsa).await;
    let record = |r: &Record| match &r.data {
        Data::Tlsa {
            usage,
            selector,
            matching,
            data,
        } => Some(TlsaRecord {
            usage: *usage,
            selector: *selector,
            matching: *matching,
            data: data.clone(),
        }),
        _ => None,
    };
    TlsaLookup {
        lookup: map(lookup, record),
        authenticated,
        name,
    }
}

/// The reverse DNS of the public addresses of `host` (non-public ones have
/// their own finding and no meaningful PTR), at most [`MAX_PTR_ADDRESSES`].
async fn reverse_all(ctx: &Arc<Ctx>, host: &Host) -> Vec<Reverse> {
    let ips: Vec<IpAddr> = host
        .addresses()
        .map(|a| a.ip)
        .filter(|ip| is_public(*ip))
        .take(MAX_PTR_ADDRESSES)
        .collect();
    let known = Arc::new(host.clone());
    let tasks = ips
        .iter()
        .map(|ip| reverse(ctx.clone(), *ip, known.clone()));
    let done = all(tasks).await;
    ips.iter()
        .zip(done)
        .map(|(ip, r)| {
            r.unwrap_or_else(|| Reverse {
                ip: *ip,
                name: reverse_name(*ip),
                ptr: Lookup::Failed(LOST.to_owned()),
                forward: Vec::new(),
            })
        })
        .collect()
}

/// The PTR of `ip` and the forward lookup of its first targets; a target
/// that is the exchange itself (`known`, the usual case) reuses its answers.
async fn reverse(ctx: Arc<Ctx>, ip: IpAddr, known: Arc<Host>) -> Reverse {
    let name = reverse_name(ip);
    let ptr = map(query(&ctx, &name, Type::Ptr).await, |r| match &r.data {
        Data::Ptr(target) => Some(target.clone()),
        _ => None,
    });
    let family = if ip.is_ipv4() { Type::A } else { Type::Aaaa };
    let targets: Vec<String> = ptr.records().iter().take(MAX_PTR_NAMES).cloned().collect();
    let tasks = targets
        .iter()
        .map(|t| forward(ctx.clone(), t.clone(), family, known.clone()));
    let done = all(tasks).await;
    let forward = targets
        .iter()
        .zip(done)
        .map(|(t, f)| {
            f.unwrap_or_else(|| Forward {
                name: t.clone(),
                addresses: Lookup::Failed(LOST.to_owned()),
            })
        })
        .collect();
    Reverse {
        ip,
        name,
        ptr,
        forward,
    }
}

/// The addresses of `name` of one family (`Type::A` or `Type::Aaaa`),
/// taken from `known` when `name` is its name.
async fn forward(ctx: Arc<Ctx>, name: String, family: Type, known: Arc<Host>) -> Forward {
    if name.eq_ignore_ascii_case(&known.name) {
        let lookup = if family == Type::A {
            &known.a
        } else {
            &known.aaaa
        };
        let addresses = match lookup {
            Lookup::Found(v) => Lookup::Found(v.iter().map(|a| a.ip).collect()),
            Lookup::NxDomain => Lookup::NxDomain,
            Lookup::Failed(r) => Lookup::Failed(r.clone()),
        };
        return Forward { name, addresses };
    }
    let addresses = map(query(&ctx, &name, family).await, |r| match &r.data {
        Data::A(a) => Some(IpAddr::V4(*a)),
        Data::Aaaa(a) => Some(IpAddr::V6(*a)),
        _ => None,
    });
    Forward { name, addresses }
}
