//! Transport probes (issue 9, API.md §5), off unless asked: the MTA-STS
//! policy fetch over HTTPS (RFC 8461 §3.3, [`https`], parsed by
//! [`policy`]) and the SMTP STARTTLS probe of every MX address (RFC 3207,
//! [`smtp`]) with its certificate checks ([`cert`], [`trust`]) and DANE
//! (RFC 7672, [`dane`]). Names are resolved through the check's
//! [`ServerPool`], never the system resolver when servers are configured.
//! Nothing here raises: every failure is data the rules turn into findings.

pub mod cert;
pub mod dane;
pub mod https;
pub mod policy;
pub mod smtp;
pub mod trust;

use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::time::Instant;

use crate::dns::{deadline_after, Data, ServerPool, Type};

pub use dane::Tlsa;
pub use https::{FetchFailure, Fetched};
pub use policy::{Mode, Policy, PolicyError};
pub use smtp::{SmtpFailure, SmtpProbe};
pub use trust::{Trust, Verdict};

/// At most this many MX addresses are probed per check.
pub const MAX_ADDRESSES: usize = 32;
/// At most this many MX hosts are probed (and TLSA-queried) per check.
pub const MAX_HOSTS: usize = 10;
/// At most this many SMTP probes run at once per check.
const MAX_CONCURRENT: usize = 8;
/// TLSA records are looked up for the SMTP service (RFC 7672 §2.2.1).
const TLSA_PORT: u16 = 25;

/// Which probes to run and how.
#[derive(Debug, Clone)]
pub struct ProbeOptions {
    /// Fetch the MTA-STS policy.
    pub fetch_policy: bool,
    /// Probe each MX address with STARTTLS.
    pub probe_smtp: bool,
    /// The roots (system plus `cafile`); `None` when no probe is asked.
    pub trust: Option<Trust>,
    /// SMTP port (25).
    pub smtp_port: u16,
    /// HTTPS port of the policy host (443).
    pub https_port: u16,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        Self {
            fetch_policy: false,
            probe_smtp: false,
            trust: None,
            smtp_port: 25,
            https_port: 443,
        }
    }
}

impl ProbeOptions {
    /// The options; loads the roots (and `cafile`) only when a probe is
    /// asked. An unusable `cafile` is an error naming it.
    pub fn new(
        fetch_policy: bool,
        probe_smtp: bool,
        cafile: Option<&Path>,
        smtp_port: u16,
        https_port: u16,
    ) -> Result<Self, String> {
        let trust = if fetch_policy || probe_smtp {
            Some(Trust::new(cafile)?)
        } else {
            None
        };
        Ok(Self {
            fetch_policy,
            probe_smtp,
            trust,
            smtp_port,
            https_port,
        })
    }

    /// Whether any probe runs.
    pub fn any(&self) -> bool {
        self.fetch_policy || self.probe_smtp
    }
}

/// The TLSA records of one MX host, and whether they count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsaLookup {
    /// The answer: records, and the AD bit (RFC 7672 §2.1.1: only
    /// authenticated records are used).
    Found {
        /// The TLSA records at `_25._tcp.HOST`.
        records: Vec<Tlsa>,
        /// The AD bit of the answer.
        authenticated: bool,
    },
    /// The lookup failed (reason).
    Failed(String),
}

/// The SMTP probe of one address with the DANE outcome of its host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsProbe {
    /// The probe.
    pub smtp: SmtpProbe,
    /// The host's TLSA lookup.
    pub tlsa: TlsaLookup,
    /// The usable, authenticated record the presented chain matched
    /// (`"3 1 1"`), if any.
    pub dane_match: Option<String>,
}

/// The policy fetch and what it parsed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyProbe {
    /// The fetch.
    pub fetched: Fetched,
    /// The parse of the body, when one was fetched.
    pub policy: Option<Result<Policy, PolicyError>>,
}

/// Everything the probes found (empty when none ran).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Probed {
    /// The MTA-STS policy fetch, when asked.
    pub policy: Option<PolicyProbe>,
    /// The SMTP probes, when asked, in MX then address order.
    pub tls: Option<Vec<TlsProbe>>,
    /// When the probes ran, seconds since the Unix epoch (for expiry).
    pub at: i64,
}

/// Runs the asked probes for `domain` (ASCII, no trailing dot) whose MX
/// hosts and addresses are `hosts`, all by one deadline of `timeout` from now.
pub async fn run(
    pool: Option<&ServerPool>,
    options: &ProbeOptions,
    timeout: Duration,
    domain: &str,
    hosts: &[(String, Vec<IpAddr>)],
) -> Probed {
    let Some(trust) = options.trust.as_ref().filter(|_| options.any()) else {
        return Probed::default();
    };
    let deadline = deadline_after(timeout);
    let policy = async {
        if !options.fetch_policy {
            return None;
        }
        Some(fetch_policy(pool, trust, domain, options.https_port, deadline).await)
    };
    let tls = async {
        if !options.probe_smtp {
            return None;
        }
        Some(probe_hosts(pool, trust, hosts, options.smtp_port, deadline).await)
    };
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    let (policy, tls) = tokio::join!(policy, tls);
    Probed { policy, tls, at }
}

/// Addresses of `name` (A then AAAA) through the pool, or the reason none.
async fn addresses(
    pool: Option<&ServerPool>,
    name: &str,
    deadline: Instant,
) -> Result<Vec<IpAddr>, String> {
    let pool = pool.ok_or_else(|| "no DNS servers".to_owned())?;
    let (a, aaaa) = tokio::join!(
        pool.query(name, Type::A, deadline),
        pool.query(name, Type::Aaaa, deadline)
    );
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for r in [a, aaaa] {
        match r {
            Ok(resp) => out.extend(resp.records.iter().filter_map(|r| match r.data {
                Data::A(ip) => Some(IpAddr::V4(ip)),
                Data::Aaaa(ip) => Some(IpAddr::V6(ip)),
                _ => None,
            })),
            Err(e) => errors.push(e.to_string()),
        }
    }
    if out.is_empty() {
        errors.dedup();
        return Err(if errors.is_empty() {
            format!("{name} has no A/AAAA record")
        } else {
            format!("{name}: {}", errors.join(", "))
        });
    }
    Ok(out)
}

async fn fetch_policy(
    pool: Option<&ServerPool>,
    trust: &Trust,
    domain: &str,
    port: u16,
    deadline: Instant,
) -> PolicyProbe {
    let host = format!("mta-sts.{domain}");
    let fetched = match addresses(pool, &host, deadline).await {
        Ok(ips) => https::fetch(trust, domain, &ips, port, deadline).await,
        Err(reason) => Fetched {
            url: https::url(domain, port),
            address: None,
            certificate: None,
            body: Err(FetchFailure::NoAddress(reason)),
        },
    };
    let policy = fetched.body.as_ref().ok().map(|b| policy::parse(b));
    PolicyProbe { fetched, policy }
}

/// TLSA at `_25._tcp.HOST`, asked with the DNSSEC OK bit: the records count
/// only when the resolver authenticated them (the AD bit, RFC 7672 §2.1.1).
async fn tlsa(pool: Option<&ServerPool>, host: &str, deadline: Instant) -> TlsaLookup {
    let Some(pool) = pool else {
        return TlsaLookup::Failed("no DNS servers".to_owned());
    };
    let name = format!("_{TLSA_PORT}._tcp.{host}");
    match pool.query_do(&name, Type::Tlsa, deadline).await {
        Ok(resp) => TlsaLookup::Found {
            records: resp
                .records
                .iter()
                .filter_map(|r| match &r.data {
                    Data::Tlsa {
                        usage,
                        selector,
                        matching,
                        data,
                    } => Some(Tlsa {
                        usage: *usage,
                        selector: *selector,
                        matching: *matching,
                        data: data.clone(),
                    }),
                    _ => None,
                })
                .collect(),
            authenticated: resp.authenticated,
        },
        Err(crate::dns::Error::NxDomain) => TlsaLookup::Found {
            records: Vec::new(),
            authenticated: false,
        },
        Err(e) => TlsaLookup::Failed(e.to_string()),
    }
}

async fn probe_hosts(
    pool: Option<&ServerPool>,
    trust: &Trust,
    hosts: &[(String, Vec<IpAddr>)],
    port: u16,
    deadline: Instant,
) -> Vec<TlsProbe> {
    let hosts = hosts.get(..MAX_HOSTS).unwrap_or(hosts);
    let gate = Arc::new(Semaphore::new(MAX_CONCURRENT));
    let targets: Vec<(&str, IpAddr)> = hosts
        .iter()
        .flat_map(|(h, ips)| ips.iter().map(move |ip| (h.as_str(), *ip)))
        .take(MAX_ADDRESSES)
        .collect();
    let tlsas = futures_join(hosts.iter().map(|(h, _)| tlsa(pool, h, deadline))).await;
    let probes = futures_join(targets.iter().map(|&(host, ip)| {
        let gate = gate.clone();
        async move {
            let _permit = gate.acquire().await;
            smtp::probe(trust, host, ip, port, deadline).await
        }
    }))
    .await;
    probes
        .into_iter()
        .map(|smtp| {
            let tlsa = hosts
                .iter()
                .position(|(h, _)| *h == smtp.host)
                .and_then(|i| tlsas.get(i).cloned())
                .unwrap_or(TlsaLookup::Failed("not looked up".to_owned()));
            let dane_match = match &tlsa {
                TlsaLookup::Found {
                    records,
                    authenticated: true,
                } => dane::first_match(records, &smtp.chain).map(Tlsa::params),
                _ => None,
            };
            TlsProbe {
                smtp,
                tlsa,
                dane_match,
            }
        })
        .collect()
}

/// Runs the futures concurrently on this task; results in input order.
async fn futures_join<F: std::future::Future>(futures: impl Iterator<Item = F>) -> Vec<F::Output> {
    let mut pinned: Vec<_> = futures.map(|f| Some(Box::pin(f))).collect();
    let mut out: Vec<Option<F::Output>> = (0..pinned.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (slot, fut) in out.iter_mut().zip(pinned.iter_mut()) {
            if let Some(f) = fut {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        *slot = Some(v);
                        *fut = None;
                    }
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.into_iter().flatten().collect()
}
