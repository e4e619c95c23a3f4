//! Queries on the wire: one hickory resolver per configured server, tried in
//! order within one deadline, each server getting a share of the time left.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use hickory_resolver::config::{
    ConnectionConfig, NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts,
};
use hickory_resolver::lookup::Lookup;
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::{Name, RData, RecordType};
use hickory_resolver::TokioResolver;
use tokio::time::Instant;

use super::error::LookupError;
use super::record::{sort_and_dedupe, Answer, MxRecord};

/// One resolver per nameserver, in the configured order.
pub struct ServerPool {
    pub(super) resolvers: Vec<TokioResolver>,
}

/// The nameservers of the system configuration (`/etc/resolv.conf`).
pub fn system_servers() -> Result<Vec<SocketAddr>, String> {
    let (config, _) = hickory_resolver::system_conf::read_system_conf()
        .map_err(|e| format!("cannot read the system resolver configuration: {e}"))?;
    let mut servers = Vec::new();
    for ns in config.name_servers() {
        let port = ns.connections.first().map_or(53, |c| c.port);
        let addr = SocketAddr::new(ns.ip, port);
        if !servers.contains(&addr) {
            servers.push(addr);
        }
    }
    Ok(servers)
}

/// Builds a resolver that asks only `server`: UDP with TCP on truncation,
/// hickory's cache and hosts file off, no retries (our loop handles them).
fn single_server(
    server: SocketAddr,
    timeout: Duration,
    max_active: usize,
) -> Result<TokioResolver, String> {
    let mut udp = ConnectionConfig::udp();
    udp.port = server.port();
    let mut tcp = ConnectionConfig::tcp();
    tcp.port = server.port();
    let ns = NameServerConfig::new(server.ip(), true, vec![udp, tcp]);
    let mut builder = TokioResolver::builder_with_config(
        ResolverConfig::from_name_servers(vec![ns]),
        TokioRuntimeProvider::default(),
    );
    let opts: &mut ResolverOpts = builder.options_mut();
    opts.cache_size = 0;
    opts.use_hosts_file = ResolveHosts::Never;
    opts.timeout = timeout;
    opts.attempts = 0;
    opts.ndots = 0;
    opts.max_active_requests = max_active.max(32);
    builder
        .build()
        .map_err(|e| format!("cannot set up a resolver for {server}: {e}"))
}

impl ServerPool {
    /// A pool over `servers` (in order); must be called inside the runtime.
    pub fn new(
        servers: &[SocketAddr],
        timeout: Duration,
        max_active: usize,
    ) -> Result<Self, String> {
        let resolvers = servers
            .iter()
            .map(|s| single_server(*s, timeout, max_active))
            .collect::<Result<_, _>>()?;
        Ok(Self { resolvers })
    }

    /// Looks up the MX records of `name`, trying each server in order; the
    /// whole call ends by `deadline`. Timeouts, rcodes and network errors
    /// move on to the next server; answers, NXDOMAIN and NODATA are final.
    pub async fn lookup(
        &self,
        name: &Name,
        deadline: Instant,
        implicit_mx: bool,
        timeout_text: &str,
    ) -> Result<Answer, LookupError> {
        self.in_order(deadline, timeout_text, |resolver| {
            ask_server(resolver, name, implicit_mx, timeout_text)
        })
        .await
    }

    /// Runs `ask` on each server in order until one gives a final outcome,
    /// each server getting an equal share of the time left before `deadline`
    /// (the last one all of it). Errors for which
    /// [`LookupError::try_next_server`] holds move on to the next server.
    pub(super) async fn in_order<'a, T, F, Fut>(
        &'a self,
        deadline: Instant,
        timeout_text: &str,
        ask: F,
    ) -> Result<T, LookupError>
    where
        F: Fn(&'a TokioResolver) -> Fut,
        Fut: Future<Output = Result<T, LookupError>> + 'a,
    {
        let timeout = || LookupError::Timeout {
            timeout: timeout_text.to_owned(),
        };
        let mut last = timeout();
        let count = self.resolvers.len();
        for (i, resolver) in self.resolvers.iter().enumerate() {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            let share = (deadline - now) / (count - i) as u32;
            let result = tokio::time::timeout(share, ask(resolver))
                .await
                .unwrap_or_else(|_| Err(timeout()));
            match result {
                Ok(answer) => return Ok(answer),
                Err(e) if e.try_next_server() => last = e,
                Err(e) => return Err(e),
            }
        }
        Err(last)
    }
}

/// The outcome of one query that did not give records.
pub(super) enum Failure {
    /// NOERROR without records of the asked type.
    NoData,
    /// Anything else, already mapped.
    Error(LookupError),
}

/// The rcode mnemonic as DNS tools print it.
pub fn rcode_mnemonic(rc: ResponseCode) -> String {
    match u16::from(rc) {
        0 => "NOERROR".to_owned(),
        1 => "FORMERR".to_owned(),
        2 => "SERVFAIL".to_owned(),
        3 => "NXDOMAIN".to_owned(),
        4 => "NOTIMP".to_owned(),
        5 => "REFUSED".to_owned(),
        6 => "YXDOMAIN".to_owned(),
        7 => "YXRRSET".to_owned(),
        8 => "NXRRSET".to_owned(),
        9 => "NOTAUTH".to_owned(),
        10 => "NOTZONE".to_owned(),
        16 => "BADVERS".to_owned(),
        n => format!("RCODE{n}"),
    }
}

pub(super) fn classify(err: NetError, timeout_text: &str) -> Failure {
    let failure = |rcode: Option<String>, reason: String| {
        Failure::Error(LookupError::ServerFailure { rcode, reason })
    };
    match err {
        NetError::Dns(DnsError::NoRecordsFound(nr))
            if nr.response_code == ResponseCode::NXDomain =>
        {
            Failure::Error(LookupError::NxDomain)
        }
        NetError::Dns(DnsError::NoRecordsFound(_)) => Failure::NoData,
        NetError::Dns(DnsError::ResponseCode(ResponseCode::NXDomain)) => {
            Failure::Error(LookupError::NxDomain)
        }
        NetError::Dns(DnsError::ResponseCode(rc)) => {
            let m = rcode_mnemonic(rc);
            failure(Some(m.clone()), m)
        }
        NetError::Timeout => Failure::Error(LookupError::Timeout {
            timeout: timeout_text.to_owned(),
        }),
        NetError::Io(e) => failure(None, format!("network error: {e}")),
        NetError::Proto(e) => failure(None, format!("malformed reply: {e}")),
        other => failure(None, other.to_string()),
    }
}

/// The MX part of an answer: `None` when it holds no MX record at all.
fn mx_answer(lookup: &Lookup) -> Option<Answer> {
    let mut records = Vec::new();
    let mut null_mx = false;
    for record in lookup.answers() {
        if let RData::MX(mx) = &record.data {
            if mx.exchange.is_root() {
                null_mx = true;
            } else {
                let text = mx.exchange.to_ascii();
                let exchange = text.strip_suffix('.').unwrap_or(&text).to_owned();
                records.push(MxRecord {
                    preference: mx.preference,
                    exchange,
                    ttl: record.ttl,
                });
            }
        }
    }
    if null_mx {
        Some(Answer::NullMx)
    } else if records.is_empty() {
        None
    } else {
        Some(Answer::Records(sort_and_dedupe(records)))
    }
}

/// The smallest TTL of the address records of `rtype` in an answer.
fn address_ttl(lookup: &Lookup, rtype: RecordType) -> Option<u32> {
    lookup
        .answers()
        .iter()
        .filter(|r| r.record_type() == rtype)
        .map(|r| r.ttl)
        .min()
}

/// One server's answer for `name`: MX records, or (with `implicit_mx`) the
/// domain itself when it has addresses but no MX.
async fn ask_server(
    resolver: &TokioResolver,
    name: &Name,
    implicit_mx: bool,
    timeout_text: &str,
) -> Result<Answer, LookupError> {
    match resolver.mx_lookup(name.clone()).await {
        Ok(lookup) => match mx_answer(&lookup) {
            Some(answer) => Ok(answer),
            None => no_mx(resolver, name, implicit_mx, timeout_text).await,
        },
        Err(err) => match classify(err, timeout_text) {
            Failure::NoData => no_mx(resolver, name, implicit_mx, timeout_text).await,
            Failure::Error(e) => Err(e),
        },
    }
}

/// What a domain without MX resolves to: itself if `implicit_mx` and it has
/// A or AAAA records, otherwise [`LookupError::NoMxRecords`].
async fn no_mx(
    resolver: &TokioResolver,
    name: &Name,
    implicit_mx: bool,
    timeout_text: &str,
) -> Result<Answer, LookupError> {
    if !implicit_mx {
        return Err(LookupError::NoMxRecords);
    }
    for rtype in [RecordType::A, RecordType::AAAA] {
        match resolver.lookup(name.clone(), rtype).await {
            Ok(lookup) => {
                if let Some(ttl) = address_ttl(&lookup, rtype) {
                    return Ok(Answer::Implicit { ttl });
                }
            }
            Err(err) => match classify(err, timeout_text) {
                Failure::NoData | Failure::Error(LookupError::NxDomain) => {}
                Failure::Error(e) => return Err(e),
            },
        }
    }
    Err(LookupError::NoMxRecords)
}
