//! The server pool: one hickory resolver per configured nameserver, tried in
//! order within one deadline, each server getting a share of the time left.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use hickory_resolver::config::{
    ConnectionConfig, NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts,
};
use hickory_resolver::Resolver;
use tokio::time::Instant;

use super::connections::{resend_after, Connections};
use super::do_client::{do_client, DoClient};
use super::error::Error;
use super::limiter::Limiter;

/// One nameserver: a resolver that asks only it.
pub struct Server {
    pub(super) resolver: Resolver<Connections>,
    /// The same server asked with the DNSSEC OK bit ([`super::dnssec`]).
    pub(super) do_client: DoClient,
    pub(super) timeout_text: String,
}

/// The nameservers of one configuration, in order.
pub struct ServerPool {
    servers: Vec<Server>,
    timeout_text: String,
    limiter: Option<Limiter>,
}

/// The nameservers of the system configuration (`/etc/resolv.conf`).
pub fn system_servers() -> Result<Vec<SocketAddr>, Error> {
    let (config, _) = hickory_resolver::system_conf::read_system_conf().map_err(|e| {
        Error::Internal(format!(
            "cannot read the system resolver configuration: {e}"
        ))
    })?;
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

/// `servers`, or the system's when it is empty (an error when the system
/// has none either).
fn servers_or_system(servers: &[SocketAddr]) -> Result<Vec<SocketAddr>, Error> {
    if !servers.is_empty() {
        return Ok(servers.to_vec());
    }
    let system = system_servers()?;
    if system.is_empty() {
        return Err(Error::Internal(
            "no nameservers in the system resolver configuration".to_owned(),
        ));
    }
    Ok(system)
}

/// The deadline of a call that starts now and may take `timeout`
/// (saturating: an enormous timeout means a year).
pub fn deadline_after(timeout: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(timeout)
        .unwrap_or_else(|| now + Duration::from_secs(86_400 * 365))
}

/// Builds a resolver that asks only `server`: UDP with TCP on truncation,
/// hickory's cache and hosts file off, no retries (our loop handles them),
/// a UDP re-send only after the per-try timeout ([`resend_after`]).
fn single_server(
    server: SocketAddr,
    timeout: Duration,
    max_active: usize,
) -> Result<(Resolver<Connections>, DoClient), Error> {
    let mut udp = ConnectionConfig::udp();
    udp.port = server.port();
    let mut tcp = ConnectionConfig::tcp();
    tcp.port = server.port();
    let ns = NameServerConfig::new(server.ip(), true, vec![udp, tcp]);
    let mut builder = Resolver::builder_with_config(
        ResolverConfig::from_name_servers(vec![ns.clone()]),
        Connections::new(resend_after(timeout)),
    );
    let opts: &mut ResolverOpts = builder.options_mut();
    opts.cache_size = 0;
    opts.use_hosts_file = ResolveHosts::Never;
    opts.timeout = timeout;
    opts.attempts = 0;
    opts.ndots = 0;
    opts.max_active_requests = max_active.max(32);
    let do_client = do_client(ns, opts, resend_after(timeout))?;
    let resolver = builder
        .build()
        .map_err(|e| Error::Internal(format!("cannot set up a resolver for {server}: {e}")))?;
    Ok((resolver, do_client))
}

impl ServerPool {
    /// The pool of a configuration: `servers` in order, or the system's
    /// nameservers when it is empty; `timeout` bounds each query and
    /// `timeout_text` is how messages print it. Must be called inside the
    /// runtime the queries will run on.
    pub fn new(
        servers: &[SocketAddr],
        timeout: Duration,
        timeout_text: &str,
        max_active: usize,
    ) -> Result<Self, Error> {
        let servers = servers_or_system(servers)?
            .into_iter()
            .map(|s| {
                let (resolver, do_client) = single_server(s, timeout, max_active)?;
                Ok(Server {
                    resolver,
                    do_client,
                    timeout_text: timeout_text.to_owned(),
                })
            })
            .collect::<Result<_, Error>>()?;
        Ok(Self {
            servers,
            timeout_text: timeout_text.to_owned(),
            limiter: None,
        })
    }

    /// The pool of a whole run: as [`ServerPool::new`], shared by every
    /// check of the run, with at most `limiter`'s cap of queries in flight
    /// across all of them (each server allows as many).
    pub fn shared(
        servers: &[SocketAddr],
        timeout: Duration,
        timeout_text: &str,
        limiter: Limiter,
    ) -> Result<Self, Error> {
        let mut pool = Self::new(servers, timeout, timeout_text, limiter.cap())?;
        pool.limiter = Some(limiter);
        Ok(pool)
    }

    /// The run-wide cap, if this pool has one.
    pub fn limiter(&self) -> Option<&Limiter> {
        self.limiter.as_ref()
    }

    /// The timeout error of this pool.
    pub(super) fn timeout_error(&self) -> Error {
        Error::Timeout {
            timeout: self.timeout_text.clone(),
        }
    }

    /// Runs `ask` on each server in order until one gives a final outcome,
    /// each server getting an equal share of the time left before `deadline`
    /// (the last one all of it). Errors for which [`Failover::try_next_server`]
    /// holds move on to the next server; the last such error is returned.
    pub async fn in_order<'a, T, E, F, Fut>(&'a self, deadline: Instant, ask: F) -> Result<T, E>
    where
        E: Failover + From<Error>,
        F: Fn(&'a Server) -> Fut,
        Fut: Future<Output = Result<T, E>> + 'a,
    {
        let timeout = || {
            E::from(Error::Timeout {
                timeout: self.timeout_text.clone(),
            })
        };
        let mut last = timeout();
        let count = self.servers.len();
        for (i, server) in self.servers.iter().enumerate() {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            // count - i >= 1 here; a count above u32::MAX saturates the divisor.
            let left = u32::try_from(count - i).unwrap_or(u32::MAX);
            let share = (deadline - now) / left;
            let result = tokio::time::timeout(share, ask(server))
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

/// Errors that say whether the next server should be asked.
pub trait Failover {
    /// Whether another configured server may give a better answer.
    fn try_next_server(&self) -> bool;
}

impl Failover for Error {
    fn try_next_server(&self) -> bool {
        Error::try_next_server(self)
    }
}
