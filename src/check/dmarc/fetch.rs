//! The DMARC lookups of one check: `_dmarc.DOMAIN`, then (only when it has
//! no single record) the tree walk's names all at once, then the
//! authorization records of the applied record's external destinations all
//! at once. Every query goes through the check's pool and deadline (the
//! `txt` function the caller passes).

use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::Poll;

use crate::check::data::Lookup;

use super::data::{Authorization, DmarcData};
use super::external::{authorization_name, destinations};
use super::walk::{ancestors, discover, needs_walk};

/// Longest DNS name in presentation form, without the trailing dot.
const MAX_NAME_LEN: usize = 253;

/// Runs the DMARC lookups of `domain` (a normalised key) with `txt`, which
/// gives the TXT texts at a name.
pub async fn fetch<F, Fut>(domain: &str, txt: F) -> DmarcData
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Lookup<String>>,
{
    let own = txt(format!("_dmarc.{domain}")).await;
    let names = if needs_walk(&own) {
        ancestors(domain)
    } else {
        Vec::new()
    };
    let answers = join_all(names.iter().map(|n| txt(format!("_dmarc.{n}")))).await;
    let walk: Vec<(String, Lookup<String>)> = names.into_iter().zip(answers).collect();
    let found = discover(domain, &own, &walk);
    let queries: Vec<(String, String)> = match &found.applied {
        Some(applied) => destinations(applied, &found.org_domain)
            .into_iter()
            .map(|dest| (authorization_name(&applied.domain, &dest), dest))
            .collect(),
        None => Vec::new(),
    };
    let answers = join_all(queries.iter().map(|(name, _)| authorization(&txt, name))).await;
    let authorizations = queries
        .into_iter()
        .zip(answers)
        .map(|((name, destination), answer)| Authorization {
            destination,
            name,
            answer,
        })
        .collect();
    DmarcData {
        own,
        walk,
        authorizations,
    }
}

/// The TXT answer at an authorization name; a name longer than a DNS name
/// can be (RFC 1035 §2.3.4: 253 octets in presentation form) holds no
/// record, so it is not asked.
async fn authorization<F, Fut>(txt: &F, name: &str) -> Lookup<String>
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Lookup<String>>,
{
    if name.len() > MAX_NAME_LEN {
        return Lookup::NxDomain;
    }
    txt(name.to_owned()).await
}

/// Polls every future until all are done; the outputs in input order.
async fn join_all<Fut: Future>(futures: impl IntoIterator<Item = Fut>) -> Vec<Fut::Output> {
    let mut futures: Vec<Pin<Box<Fut>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<Fut::Output>> = futures.iter().map(|_| None).collect();
    poll_fn(|cx| {
        let mut pending = false;
        for (future, output) in futures.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => *output = Some(value),
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().flatten().collect()
}
