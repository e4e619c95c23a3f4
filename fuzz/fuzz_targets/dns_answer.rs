//! DNS answers as the live check reads them: the bytes are decoded with
//! hickory's `Message::from_vec` (what the resolver does with a reply), the
//! answer records are mapped the way `check::gather` maps them (exchange and
//! alias names through `to_ascii`, TXT strings joined, RFC 7208 §3.3), and the
//! resulting `DomainData` goes through every rule and the report. The mapping
//! in `check::gather` is private (it sits inside the async lookups), so it is
//! repeated here; a change there should be mirrored.
//!
//! The first record of the answer, in text form, also goes through the test
//! server's record parser (`testserver::parse_record`).
#![no_main]

use std::net::IpAddr;

use _core::check::data::{Addr, DomainData, Host, Lookup, RawMx};
use _core::check::report;
use _core::testserver::parse_record;
use hickory_proto::op::{Message, ResponseCode};
use hickory_proto::rr::RData;
use libfuzzer_sys::fuzz_target;

fn lookup<T>(nx: bool, v: Vec<T>) -> Lookup<T> {
    if nx {
        Lookup::NxDomain
    } else {
        Lookup::Found(v)
    }
}

fn bare(name: &str) -> String {
    name.strip_suffix('.').unwrap_or(name).to_owned()
}

fuzz_target!(|data: &[u8]| {
    let Ok(message) = Message::from_vec(data) else {
        return;
    };
    let mut mx = Vec::new();
    let mut addrs = Vec::new();
    let mut txts = Vec::new();
    let mut alias_of = None;
    for r in &message.answers {
        match &r.data {
            RData::MX(m) => mx.push(RawMx {
                preference: m.preference,
                exchange: bare(&m.exchange.to_ascii()),
                ttl: r.ttl,
            }),
            RData::A(a) => addrs.push(Addr {
                ip: IpAddr::V4(a.0),
                ttl: r.ttl,
            }),
            RData::AAAA(a) => addrs.push(Addr {
                ip: IpAddr::V6(a.0),
                ttl: r.ttl,
            }),
            RData::CNAME(t) => alias_of = Some(bare(&t.0.to_ascii())),
            RData::TXT(t) => txts.push(
                t.txt_data
                    .iter()
                    .map(|s| String::from_utf8_lossy(s).into_owned())
                    .collect::<String>(),
            ),
            _ => {}
        }
    }
    let nx = message.metadata.response_code == ResponseCode::NXDomain;
    let host = |name: &str| Host {
        name: name.to_owned(),
        a: Lookup::Found(addrs.clone()),
        aaaa: Lookup::Found(Vec::new()),
        alias_of: alias_of.clone(),
    };
    let exchanges = mx.iter().map(|m| host(&m.exchange)).collect();
    let domain = DomainData {
        domain: "example.com".into(),
        name: "example.com".into(),
        implicit_mx: data.len() % 2 == 0,
        mx: lookup(nx, mx),
        domain_host: host("example.com"),
        exchanges,
        spf: lookup(nx, txts.clone()),
        dmarc: lookup(nx, txts.clone()),
        mta_sts: lookup(nx, txts.clone()),
        tlsrpt: lookup(nx, txts),
    };
    let _ = report::build(&domain);
    if let Some(r) = message.answers.first() {
        let rtype = r.record_type().to_string();
        let _ = parse_record(&r.name.to_ascii(), &rtype, &r.data.to_string(), r.ttl);
    }
});
