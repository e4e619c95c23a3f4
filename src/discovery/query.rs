//! Queries of any record type (A, AAAA, TXT, raw MX, ...) on the same
//! [`ServerPool`] as MX discovery: the servers are tried in order within one
//! deadline, each getting a share of the time left, exactly as for MX.

use hickory_resolver::proto::rr::{Name, Record, RecordType};
use tokio::time::Instant;

use super::error::LookupError;
use super::resolver::{classify, Failure, ServerPool};

impl ServerPool {
    /// The answer records of `name`/`rtype` (CNAMEs on the way included, as
    /// the server sent them); an empty list for NOERROR without records.
    /// NXDOMAIN is [`LookupError::NxDomain`]; timeouts, rcodes and network
    /// errors move on to the next server, and the call ends by `deadline`.
    pub async fn query(
        &self,
        name: &Name,
        rtype: RecordType,
        deadline: Instant,
        timeout_text: &str,
    ) -> Result<Vec<Record>, LookupError> {
        self.in_order(deadline, timeout_text, |resolver| async move {
            match resolver.lookup(name.clone(), rtype).await {
                Ok(lookup) => Ok(lookup.answers().to_vec()),
                Err(err) => match classify(err, timeout_text) {
                    Failure::NoData => Ok(Vec::new()),
                    Failure::Error(e) => Err(e),
                },
            }
        })
        .await
    }
}
