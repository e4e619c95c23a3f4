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
            let attempt = async {
                match resolver.lookup(name.clone(), rtype).await {
                    Ok(lookup) => Ok(lookup.answers().to_vec()),
                    Err(err) => match classify(err, timeout_text) {
                        Failure::NoData => Ok(Vec::new()),
                        Failure::Error(e) => Err(e),
                    },
                }
            };
            let result = tokio::time::timeout(share, attempt)
                .await
                .unwrap_or_else(|_| Err(timeout()));
            match result {
                Ok(records) => return Ok(records),
                Err(e) if e.try_next_server() => last = e,
                Err(e) => return Err(e),
            }
        }
        Err(last)
    }
}
