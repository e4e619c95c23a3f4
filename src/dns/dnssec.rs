//! Queries with the DNSSEC OK (DO) bit (RFC 3225 §3): hickory's resolver
//! sets DO only when it validates itself (a crypto feature we do not build),
//! so each server also gets a client on hickory's name-server pool that
//! sends DO; the answer's AD bit (RFC 4035 §3.2.3) then says whether the
//! configured resolver validated it. Same server, options and error
//! classification as [`Server::query`].

use hickory_resolver::config::ResolverOpts;
use hickory_resolver::proto::op::{DnsRequestOptions, Query};
use tokio::time::Instant;

use super::error::{classify, Error, Failure};
use super::pool::{Server, ServerPool};
use super::query::{fqdn, Response};
use super::record::{Record, Type};

/// The request options of a DO query: EDNS(0) with DO set (RFC 3225 §3),
/// recursion desired.
fn do_options(opts: &ResolverOpts) -> DnsRequestOptions {
    let mut options = DnsRequestOptions::default();
    options.use_edns = true;
    options.edns_payload_len = opts.edns_payload_len;
    options.edns_set_dnssec_ok = true;
    options.recursion_desired = opts.recursion_desired;
    options
}

impl Server {
    /// Asks this server for `name`/`rtype` with the DO bit; as
    /// [`Server::query`] otherwise (`authenticated` is the AD bit).
    pub async fn query_do(&self, name: &str, rtype: Type) -> Result<Response, Error> {
        let query = Query::query(fqdn(name)?, rtype.wire());
        let options = do_options(self.resolver.options());
        match self.do_client.lookup(query, options).await {
            Ok(lookup) => Ok(Response {
                records: lookup.answers().iter().map(Record::from).collect(),
                authenticated: lookup.message().metadata.authentic_data,
            }),
            Err(err) => match classify(err, &self.timeout_text) {
                Failure::NoData => Ok(Response {
                    records: Vec::new(),
                    authenticated: false,
                }),
                Failure::Error(e) => Err(e),
            },
        }
    }
}

impl ServerPool {
    /// [`ServerPool::query`] with the DO bit set: the servers in order until
    /// one gives a final outcome, within `deadline`.
    pub async fn query_do(
        &self,
        name: &str,
        rtype: Type,
        deadline: Instant,
    ) -> Result<Response, Error> {
        let _permit = self.permit(deadline).await?;
        self.in_order(deadline, |server| server.query_do(name, rtype))
            .await
    }
}
