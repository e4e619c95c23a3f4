//! The client that asks one nameserver with the DNSSEC OK bit (see
//! [`super::dnssec`]): built with each [`super::pool::Server`], on the same
//! connections (and UDP re-send interval) as its resolver.

use std::sync::Arc;

use hickory_resolver::caching_client::CachingClient;
use hickory_resolver::config::{NameServerConfig, ResolverOpts};
use hickory_resolver::{NameServerPool, PoolContext, TlsConfig};

use super::connections::Connections;
use super::error::Error;

/// A client of one nameserver that asks with the DO bit (no cache).
pub(super) type DoClient = CachingClient<NameServerPool<Connections>>;

/// The DO client of `ns` with `opts` (the options of the server's resolver)
/// and the same UDP re-send interval ([`super::connections::resend_after`]).
pub(super) fn do_client(
    ns: NameServerConfig,
    opts: &ResolverOpts,
    resend_after: std::time::Duration,
) -> Result<DoClient, Error> {
    let tls = TlsConfig::new()
        .map_err(|e| Error::Internal(format!("cannot set up a DNS client: {e}")))?;
    let context = Arc::new(PoolContext::new(opts.clone(), tls));
    let pool = NameServerPool::from_config([ns], context, Connections::new(resend_after));
    Ok(CachingClient::new(0, pool, opts.preserve_intermediates))
}
