//! Discovery's reading of an MX answer: the records, a Null MX (RFC 7505),
//! or with `implicit_mx` the domain itself when it has addresses but no MX
//! (RFC 5321 §5.1). Asked of each server in turn on the floor's pool.

use tokio::time::Instant;

use super::error::LookupError;
use super::record::{mx_record, Answer};
use crate::dns::{self, Response, Server, ServerPool, Type};
use crate::mail::mx::AddressTtls;
use crate::mail::{MxRecord, MxSet};

/// The MX answer of `name` (a normalised key), the servers tried in order
/// until `deadline`.
pub async fn lookup(
    pool: &ServerPool,
    name: &str,
    deadline: Instant,
    implicit_mx: bool,
) -> Result<Answer, LookupError> {
    pool.in_order(deadline, |server| ask_server(server, name, implicit_mx))
        .await
}

/// The MX part of a response: `None` when it holds no MX record at all; a
/// Null MX when any exchange is the root ([`MxSet::null_any`], RFC 7505 as
/// Postfix reads it); else the published set in RFC 5321 order.
fn mx_answer(response: &Response) -> Option<Answer> {
    let records: Vec<MxRecord> = response.records.iter().filter_map(mx_record).collect();
    let set = MxSet::new(&records);
    if records.is_empty() {
        None
    } else if set.null_any() {
        Some(Answer::NullMx)
    } else {
        Some(Answer::Records(set.published()))
    }
}

/// One server's answer for `name`: MX records, or (with `implicit_mx`) the
/// domain itself when it has addresses but no MX.
async fn ask_server(server: &Server, name: &str, implicit_mx: bool) -> Result<Answer, LookupError> {
    let response = server.query(name, Type::Mx).await?;
    match mx_answer(&response) {
        Some(answer) => Ok(answer),
        None => no_mx(server, name, implicit_mx).await,
    }
}

/// What a domain without MX resolves to: itself if `implicit_mx` and it has
/// A or AAAA records, otherwise [`LookupError::NoMxRecords`].
async fn no_mx(server: &Server, name: &str, implicit_mx: bool) -> Result<Answer, LookupError> {
    if !implicit_mx {
        return Err(LookupError::NoMxRecords);
    }
    let mut ttls = AddressTtls::default();
    for rtype in [Type::A, Type::Aaaa] {
        let ttl = match server.query(name, rtype).await {
            Ok(response) => response.of_type(rtype).map(|r| r.ttl).min(),
            Err(dns::Error::NxDomain) => None,
            Err(e) => return Err(e.into()),
        };
        match rtype {
            Type::A => ttls.a = ttl,
            _ => ttls.aaaa = ttl,
        }
        // A first: AAAA is not asked when A decides (the same rule as the check's)
        if let Some(ttl) = ttls.implicit_ttl() {
            return Ok(Answer::Implicit { ttl });
        }
    }
    Err(LookupError::NoMxRecords)
}
