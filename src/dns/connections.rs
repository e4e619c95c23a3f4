//! How the floor's resolvers open connections: hickory's own, except that a
//! UDP query is re-sent only after a per-try timeout.
//!
//! hickory's UDP stream re-sends a query every `max(333 ms, 1.2 x the
//! server's smoothed RTT)`, up to 3 datagrams, and nothing in
//! `ResolverOpts` changes that. A slow but answering server (a loaded
//! resolver, or many queries queued at it) then gets each question two or
//! three times, which loads it further: a re-send storm. Here the interval
//! is the per-try timeout ([`resend_after`]): a query is sent once, and
//! again only when no answer came within that time (a lost datagram).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use hickory_resolver::config::{ConnectionConfig, ProtocolConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::udp::UdpClientStream;
use hickory_resolver::net::xfer::DnsExchange;
use hickory_resolver::net::NetError;
use hickory_resolver::{ConnectionProvider, PoolContext};

/// Datagrams per UDP query at most: the first and one re-send.
pub const MAX_SENDS: u8 = 2;

/// The shortest re-send interval (hickory's own floor).
const MIN_RESEND: Duration = Duration::from_millis(333);

/// The per-try timeout of a query bounded by `timeout`: a re-send goes out
/// after half of it (at least 333 ms), so a lost datagram still leaves the
/// second try as much time as the first.
pub fn resend_after(timeout: Duration) -> Duration {
    (timeout / u32::from(MAX_SENDS)).max(MIN_RESEND)
}

/// hickory's tokio connections with the re-send interval set.
#[derive(Clone)]
pub struct Connections {
    runtime: TokioRuntimeProvider,
    resend_after: Duration,
}

impl Connections {
    /// Connections whose UDP queries are re-sent after `resend_after`.
    pub fn new(resend_after: Duration) -> Self {
        Self {
            runtime: TokioRuntimeProvider::default(),
            resend_after,
        }
    }
}

impl ConnectionProvider for Connections {
    type Conn = DnsExchange<TokioRuntimeProvider>;
    type FutureConn = <TokioRuntimeProvider as ConnectionProvider>::FutureConn;
    type RuntimeProvider = TokioRuntimeProvider;

    fn new_connection(
        &self,
        ip: IpAddr,
        config: &ConnectionConfig,
        cx: &PoolContext,
    ) -> Result<Self::FutureConn, NetError> {
        if !matches!(config.protocol, ProtocolConfig::Udp) {
            return self.runtime.new_connection(ip, config, cx);
        }
        let floor_ms = u64::try_from(self.resend_after.as_millis()).unwrap_or(u64::MAX);
        let stream =
            UdpClientStream::builder(SocketAddr::new(ip, config.port), self.runtime.clone())
                .with_timeout(Some(cx.options.timeout))
                .with_os_port_selection(cx.options.os_port_selection)
                .avoid_local_ports(cx.options.avoid_local_udp_ports.clone())
                .with_bind_addr(config.bind_addr)
                .with_max_retries(MAX_SENDS)
                .with_retry_interval_floor(floor_ms);
        Ok(Box::pin(async move { Ok(stream.exchange()) }))
    }

    fn runtime_provider(&self) -> &Self::RuntimeProvider {
        &self.runtime
    }
}
