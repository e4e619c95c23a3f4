//! The DNS side of a check: every query of one domain, concurrently, on the
//! floor's [`ServerPool`] and runtime, within one deadline (the config's
//! `timeout` bounds the whole check). The exchanges' A/AAAA queries start
//! as soon as the MX answer is in, while the TXT queries are still running.

use std::net::IpAddr;
use std::sync::Arc;

use tokio::sync::OnceCell;

use super::ask::{host, map, query, query_do, Ctx};
use super::data::{DomainData, Host, Lookup};
use super::hosts::gather::{exchange, MAX_CHECKED_HOSTS};
use super::hosts::HostChecks;
use super::report::{build, DomainReport};
use super::spf::{walk, Tree};
use crate::discovery::record::mx_record;
use crate::discovery::{DiscoveryConfig, LookupError};
use crate::dns::name::{normalize, QueryName};
use crate::dns::{self, deadline_after, runtime, Record, ServerPool, Type};
use crate::mail::{MxRecord, MxSet};
use crate::probe::{self, ProbeOptions};

/// Checks `domain` on `pool`, a pool shared by the checks of one run
/// (`crate::check::run`); the config's `timeout` bounds the check from now.
pub async fn check_domain_on(
    pool: Result<Arc<ServerPool>, dns::Error>,
    config: &DiscoveryConfig,
    domain: &str,
) -> Result<DomainReport, LookupError> {
    let q = normalize(domain)?;
    let deadline = deadline_after(config.timeout);
    let ctx = Arc::new(Ctx { pool, deadline });
    let data = gather(ctx, q, domain.trim().to_owned(), config.implicit_mx).await;
    Ok(build(&data))
}

/// Checks `domain` (blocking): the report, or [`LookupError::InvalidDomain`].
pub fn check_domain(config: &DiscoveryConfig, domain: &str) -> Result<DomainReport, LookupError> {
    check_domain_probed(config, domain, &ProbeOptions::default())
}

/// [`check_domain`] with the transport probes of `probes` (issue 9).
pub fn check_domain_probed(
    config: &DiscoveryConfig,
    domain: &str,
    probes: &ProbeOptions,
) -> Result<DomainReport, LookupError> {
    let q = normalize(domain)?;
    let (_, rt) = runtime::current(runtime::Kind::Shared)
        .map_err(|e| LookupError::Internal(format!("cannot start the DNS runtime: {e}")))?;
    let work = check_normalized(config.clone(), q, domain.trim().to_owned(), probes.clone());
    Ok(runtime::block_on(&rt, work))
}

/// Checks `domain` on the runtime (the future must run inside it).
pub async fn check_domain_async(
    config: DiscoveryConfig,
    domain: String,
) -> Result<DomainReport, LookupError> {
    check_domain_async_probed(config, domain, ProbeOptions::default()).await
}

/// [`check_domain_async`] with the transport probes of `probes`.
pub async fn check_domain_async_probed(
    config: DiscoveryConfig,
    domain: String,
    probes: ProbeOptions,
) -> Result<DomainReport, LookupError> {
    let q = normalize(&domain)?;
    Ok(check_normalized(config, q, domain.trim().to_owned(), probes).await)
}

async fn check_normalized(
    config: DiscoveryConfig,
    q: QueryName,
    written: String,
    probes: ProbeOptions,
) -> DomainReport {
    let ctx = Arc::new(Ctx::new(&config));
    let mut data = gather(ctx.clone(), q, written, config.implicit_mx).await;
    if probes.any() {
        let hosts: Vec<(String, Vec<IpAddr>)> = data
            .exchanges
            .iter()
            .map(|h| (h.name.clone(), h.addresses().map(|a| a.ip).collect()))
            .collect();
        let pool = ctx.pool.as_deref().ok();
        data.probes = probe::run(pool, &probes, config.timeout, &data.name, &hosts).await;
    }
    build(&data)
}

/// Runs every query of one domain concurrently.
async fn gather(ctx: Arc<Ctx>, q: QueryName, written: String, implicit_mx: bool) -> DomainData {
    let name = q.key.clone();
    let domain_mx: SharedAnswer = Arc::default();
    let mx_and_hosts = async {
        let (mx, mx_authenticated) = mx_lookup(&ctx, &name, &domain_mx).await;
        let published = MxSet::new(mx.records()).published();
        // A task per exchange; dropping the check (a cancelled call) aborts them.
        let mut tasks = tokio::task::JoinSet::new();
        let mut done: Vec<Option<(Host, Option<HostChecks>)>> =
            published.iter().map(|_| None).collect();
        for (i, r) in published.iter().enumerate() {
            let (ctx, e) = (ctx.clone(), r.exchange.clone());
            let checked = i < MAX_CHECKED_HOSTS;
            tasks.spawn(async move { (i, exchange(ctx, e, checked).await) });
        }
        while let Some(finished) = tasks.join_next().await {
            if let Ok((i, h)) = finished {
                if let Some(place) = done.get_mut(i) {
                    *place = Some(h);
                }
            }
        }
        let mut hosts = Vec::with_capacity(published.len());
        let mut checks = Vec::new();
        for (h, r) in done.into_iter().zip(&published) {
            let (host, checked) =
                h.unwrap_or_else(|| (Host::failed(&r.exchange, "lookup task failed"), None));
            hosts.push(host);
            checks.extend(checked);
        }
        (mx, mx_authenticated, published, hosts, checks)
    };
    let (
        (mx, mx_authenticated, published, exchanges, hosts),
        domain_host,
        (spf, spf_tree),
        dmarc,
        mta_sts,
        tlsrpt,
    ) = tokio::join!(
        mx_and_hosts,
        host(ctx.clone(), name.clone()),
        spf_tree(ctx.clone(), name.clone(), domain_mx.clone()),
        super::dmarc::fetch(&name, |n| txt(&ctx, n)),
        txt(&ctx, format!("_mta-sts.{name}")),
        txt(&ctx, format!("_smtp._tls.{name}")),
    );
    DomainData {
        domain: written,
        name,
        implicit_mx,
        mx,
        published,
        domain_host,
        exchanges,
        spf,
        spf_tree,
        dmarc,
        mta_sts,
        tlsrpt,
        probes: Default::default(),
        mx_authenticated,
        hosts,
    }
}

/// One answer asked at most once per check, by whichever user comes first,
/// and whether it was authenticated (asked with DO).
type SharedAnswer = Arc<OnceCell<(Lookup<Record>, bool)>>;

/// The MX records as published (Null MX kept as an empty exchange), asked
/// with the DO bit, and whether the answer was authenticated; the answer is
/// shared with the SPF tree's `mx` at the domain.
async fn mx_lookup(ctx: &Ctx, name: &str, once: &SharedAnswer) -> (Lookup<MxRecord>, bool) {
    let (lookup, authenticated) = once.get_or_init(|| query_do(ctx, name, Type::Mx)).await;
    (map(lookup.clone(), mx_record), *authenticated)
}

/// The TXT texts at `name`, each record's strings concatenated (RFC 7208 §3.3).
async fn txt(ctx: &Ctx, name: String) -> Lookup<String> {
    map(query(ctx, &name, Type::Txt).await, |r| r.data.txt_text())
}

/// The TXT answer at the domain and the SPF tree under it (RFC 7208),
/// every lookup on the check's pool within its deadline.
/// The domain's own MX answer (`domain_mx`) is the one the MX check uses.
async fn spf_tree(ctx: Arc<Ctx>, name: String, domain_mx: SharedAnswer) -> (Lookup<String>, Tree) {
    let root = txt(&ctx, name.clone()).await;
    let domain = name.clone();
    let tree = walk(&name, root.clone(), move |n: String, t: Type| {
        let (ctx, once, own_mx) = (ctx.clone(), domain_mx.clone(), t == Type::Mx && n == domain);
        async move {
            if own_mx {
                once.get_or_init(|| query_do(&ctx, &n, t)).await.0.clone()
            } else {
                query(&ctx, &n, t).await
            }
        }
    })
    .await;
    (root, tree)
}

/// The addresses (A, then AAAA) of each host name, all queried at once
/// within one deadline (blocking); a name whose lookups fail has none.
pub fn addresses_of(config: &DiscoveryConfig, names: &[String]) -> Vec<Vec<IpAddr>> {
    let Ok((_, rt)) = runtime::current(runtime::Kind::Shared) else {
        return vec![Vec::new(); names.len()];
    };
    runtime::block_on(&rt, addresses_of_async(config.clone(), names.to_vec()))
}

/// [`addresses_of`] as a future on the shared runtime.
pub async fn addresses_of_async(config: DiscoveryConfig, names: Vec<String>) -> Vec<Vec<IpAddr>> {
    let ctx = Arc::new(Ctx::new(&config));
    let mut tasks = tokio::task::JoinSet::new();
    for (i, name) in names.iter().enumerate() {
        let key = normalize(name).map(|q| q.key).unwrap_or_default();
        let ctx = ctx.clone();
        tasks.spawn(async move { (i, host(ctx, key).await) });
    }
    let mut out = vec![Vec::new(); names.len()];
    while let Some(done) = tasks.join_next().await {
        if let Ok((i, host)) = done {
            if let Some(place) = out.get_mut(i) {
                *place = host.addresses().map(|a| a.ip).collect();
            }
        }
    }
    out
}
