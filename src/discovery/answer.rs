//! Discovery's reading of an MX answer: the records, a Null MX (RFC 7505),
//! or with `implicit_mx` the domain itself when it has addresses but no MX
//! (RFC 5321 §5.1). Asked of each server in turn on the floor's pool.

use tokio::time::Instant;

use super::error::LookupError;
use super::record::{sort_and_dedupe, Answer, MxRecord};
use crate::dns::{self, Data, Response, Server, ServerPool, Type};

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

/// The MX part of a response: `None` when it holds no MX record at all.
fn mx_answer(response: &Response) -> Option<Answer> {
    let mut records = Vec::new();
    let mut null_mx = false;
    for record in &response.records {
        if let Data::Mx {
            preference,
            exchange,
        } = &record.data
        {
            if exchange.is_empty() {
                null_mx = true;
            } else {
                records.push(MxRecord {
                    preference: *preference,
                    exchange: exchange.clone(),
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
    for rtype in [Type::A, Type::Aaaa] {
        match server.query(name, rtype).await {
            Ok(response) => {
                if let Some(ttl) = response.of_type(rtype).map(|r| r.ttl).min() {
                    return Ok(Answer::Implicit { ttl });
                }
            }
            Err(dns::Error::NxDomain) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Err(LookupError::NoMxRecords)
}
