//! The one query function: a name and a type asked of one server, or of the
//! pool in order within one deadline.

use hickory_resolver::proto::rr::Name;
use tokio::time::Instant;

use super::error::{classify, Error, Failure};
use super::pool::{Server, ServerPool};
use super::record::{Record, Type};

/// The answer to one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The answer records (CNAMEs on the way included, as the server sent
    /// them); empty for NOERROR without records (NODATA).
    pub records: Vec<Record>,
    /// The AD bit of the response (RFC 4035 §3.2.3): the server says it
    /// validated the answer with DNSSEC.
    pub authenticated: bool,
}

impl Response {
    /// The records of `rtype` type, in answer order.
    pub fn of_type(&self, rtype: Type) -> impl Iterator<Item = &Record> {
        self.records
            .iter()
            .filter(move |r| r.data.record_type() == Some(rtype))
    }
}

/// `name` (ASCII, without the trailing dot) as a fully qualified wire name.
pub(super) fn fqdn(name: &str) -> Result<Name, Error> {
    Name::from_ascii(format!("{name}.")).map_err(|_| Error::InvalidName)
}

impl Server {
    /// Asks this server for `name`/`rtype`. NXDOMAIN is [`Error::NxDomain`];
    /// NODATA an empty response.
    pub async fn query(&self, name: &str, rtype: Type) -> Result<Response, Error> {
        let fqdn = fqdn(name)?;
        match self.resolver.lookup(fqdn, rtype.wire()).await {
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
    /// Asks the servers in order for `name`/`rtype` until one gives a final
    /// outcome; timeouts, rcodes and network errors move on to the next
    /// server, and the call ends by `deadline`.
    ///
    /// With a run-wide cap ([`ServerPool::shared`]) the query first waits
    /// for a permit; the wait counts against `deadline` (the check's
    /// timeout covers all of it, so a check never outlives its timeout),
    /// and the servers share what is left once the query is on the wire.
    pub async fn query(
        &self,
        name: &str,
        rtype: Type,
        deadline: Instant,
    ) -> Result<Response, Error> {
        let _permit = self.permit(deadline).await?;
        self.in_order(deadline, |server| server.query(name, rtype))
            .await
    }

    /// A place under the run-wide cap, when the pool has one (`None`
    /// otherwise); waiting past `deadline` is a timeout.
    pub(super) async fn permit(
        &self,
        deadline: Instant,
    ) -> Result<Option<tokio::sync::OwnedSemaphorePermit>, Error> {
        match self.limiter() {
            Some(limiter) => match limiter.acquire(deadline).await {
                Some(permit) => Ok(Some(permit)),
                None => Err(self.timeout_error()),
            },
            None => Ok(None),
        }
    }
}
