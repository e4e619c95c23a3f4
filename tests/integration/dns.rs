//! Integration tests of the DNS floor (`_core::dns`): the one query function
//! over the server pool, its own record and error types, failover within one
//! deadline. Against the project's own DNS server on 127.0.0.1; no mocks.

use std::time::{Duration, Instant};

use _core::dns::runtime::{self, Kind};
use _core::dns::{deadline_after, Data, Error, Response, ServerPool, Type};
use _core::testserver::{DnsServer, Fault, Records};

fn server() -> DnsServer {
    let mut r = Records::new();
    r.add("mail.test", "MX", "10 mx1.mail.test.", 300).unwrap();
    r.add("null.test", "MX", "0 .", 300).unwrap();
    r.add("mail.test", "TXT", "\"v=spf1 \" \"-all\"", 120)
        .unwrap();
    r.add("mail.test", "A", "192.0.2.1", 60).unwrap();
    r.add("mail.test", "AAAA", "2001:db8::1", 60).unwrap();
    r.add("alias.test", "CNAME", "mail.test.", 30).unwrap();
    r.add("1.2.0.192.in-addr.arpa", "PTR", "mail.test.", 30)
        .unwrap();
    DnsServer::start(r).unwrap()
}

/// Runs one query on a fresh pool over `servers` (blocking).
fn ask(servers: &[&DnsServer], name: &str, rtype: Type, timeout: f64) -> Result<Response, Error> {
    let addrs: Vec<_> = servers.iter().map(|s| s.addr()).collect();
    let timeout = Duration::from_secs_f64(timeout);
    let (_, rt) = runtime::current(Kind::Shared).unwrap();
    runtime::block_on(&rt, async move {
        let pool = ServerPool::new(&addrs, timeout, "T", 8)?;
        pool.query(name, rtype, deadline_after(timeout)).await
    })
}

#[test]
fn records_are_the_floors_own_types() {
    let s = server();
    let mx = ask(&[&s], "mail.test", Type::Mx, 2.0).unwrap();
    assert_eq!(mx.records.len(), 1);
    assert_eq!(mx.records[0].name, "mail.test");
    assert_eq!(mx.records[0].ttl, 300);
    assert_eq!(
        mx.records[0].data,
        Data::Mx {
            preference: 10,
            exchange: "mx1.mail.test".to_owned()
        }
    );
    assert!(!mx.authenticated);
    let null = ask(&[&s], "null.test", Type::Mx, 2.0).unwrap();
    assert_eq!(
        null.records[0].data,
        Data::Mx {
            preference: 0,
            exchange: String::new()
        }
    );
    let txt = ask(&[&s], "mail.test", Type::Txt, 2.0).unwrap();
    assert_eq!(
        txt.records[0].data,
        Data::Txt(vec![b"v=spf1 ".to_vec(), b"-all".to_vec()])
    );
    assert_eq!(
        txt.records[0].data.txt_text().as_deref(),
        Some("v=spf1 -all")
    );
    let a = ask(&[&s], "mail.test", Type::A, 2.0).unwrap();
    assert_eq!(a.records[0].data, Data::A("192.0.2.1".parse().unwrap()));
    let aaaa = ask(&[&s], "mail.test", Type::Aaaa, 2.0).unwrap();
    assert_eq!(
        aaaa.records[0].data,
        Data::Aaaa("2001:db8::1".parse().unwrap())
    );
    let ptr = ask(&[&s], "1.2.0.192.in-addr.arpa", Type::Ptr, 2.0).unwrap();
    assert_eq!(ptr.records[0].data, Data::Ptr("mail.test".to_owned()));
}

#[test]
fn cname_chains_come_with_the_answer() {
    let s = server();
    let a = ask(&[&s], "alias.test", Type::A, 2.0).unwrap();
    assert!(a
        .records
        .iter()
        .any(|r| r.name == "alias.test" && r.data == Data::Cname("mail.test".to_owned())));
    let addrs: Vec<_> = a.of_type(Type::A).map(|r| r.data.clone()).collect();
    assert_eq!(addrs, vec![Data::A("192.0.2.1".parse().unwrap())]);
}

#[test]
fn nodata_nxdomain_and_rcodes() {
    let s = server();
    assert!(ask(&[&s], "null.test", Type::Txt, 2.0)
        .unwrap()
        .records
        .is_empty());
    assert_eq!(
        ask(&[&s], "missing.test", Type::Mx, 2.0),
        Err(Error::NxDomain)
    );
    s.set_fault("broken.test", Fault::ServFail);
    assert_eq!(
        ask(&[&s], "broken.test", Type::Mx, 2.0),
        Err(Error::ServerFailure {
            rcode: Some("SERVFAIL".to_owned()),
            reason: "SERVFAIL".to_owned()
        })
    );
}

#[test]
fn a_silent_server_fails_over_within_one_deadline() {
    let silent = server();
    let good = server();
    silent.set_fault("mail.test", Fault::NoReply);
    let start = Instant::now();
    let r = ask(&[&silent, &good], "mail.test", Type::Mx, 1.0).unwrap();
    assert_eq!(r.records.len(), 1);
    assert!(start.elapsed() < Duration::from_millis(900));
    let start = Instant::now();
    assert_eq!(
        ask(&[&silent], "mail.test", Type::Mx, 0.5),
        Err(Error::Timeout {
            timeout: "T".to_owned()
        })
    );
    let took = start.elapsed();
    assert!(took >= Duration::from_millis(450) && took < Duration::from_millis(900));
}

#[test]
fn invalid_names_are_refused_before_the_wire() {
    let s = server();
    assert_eq!(ask(&[&s], "a..b", Type::Mx, 1.0), Err(Error::InvalidName));
    assert_eq!(s.queries().len(), 0);
}
