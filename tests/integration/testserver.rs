//! The test DNS server against a real client (hickory-resolver) and raw sockets.

use std::net::{IpAddr, Ipv4Addr, UdpSocket};
use std::time::{Duration, Instant};

use _core::testserver::{DnsServer, Fault, Records, Transport};
use hickory_resolver::config::{
    ConnectionConfig, NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts,
};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::{Message, Query, ResponseCode};
use hickory_resolver::proto::rr::{Name, RData, RecordType};
use hickory_resolver::TokioResolver;

/// A resolver that asks only `server`, without cache or retries.
fn resolver(server: &DnsServer, timeout: Duration) -> TokioResolver {
    let mut udp = ConnectionConfig::udp();
    udp.port = server.port();
    let mut tcp = ConnectionConfig::tcp();
    tcp.port = server.port();
    let ns = NameServerConfig::new(IpAddr::V4(Ipv4Addr::LOCALHOST), true, vec![udp, tcp]);
    let config = ResolverConfig::from_name_servers(vec![ns]);
    let mut builder = TokioResolver::builder_with_config(config, TokioRuntimeProvider::default());
    let mut opts = ResolverOpts::default();
    opts.cache_size = 0;
    opts.attempts = 0;
    opts.timeout = timeout;
    opts.use_hosts_file = ResolveHosts::Never;
    *builder.options_mut() = opts;
    builder.build().expect("resolver")
}

fn zone() -> Records {
    let mut r = Records::new();
    r.add("example.com", "MX", "10 mx1.example.com.", 300)
        .unwrap();
    r.add("example.com", "MX", "20 mx2.example.com.", 300)
        .unwrap();
    r.add("example.com", "TXT", "v=spf1 -all", 60).unwrap();
    r.add("mx1.example.com", "A", "192.0.2.1", 120).unwrap();
    r.add("alias.example.com", "CNAME", "example.com.", 300)
        .unwrap();
    r.add("deep.sub.example.com", "A", "192.0.2.9", 300)
        .unwrap();
    r.add("null.example", "MX", "0 .", 300).unwrap();
    r
}

fn start() -> (DnsServer, TokioResolver) {
    let server = DnsServer::start(zone()).expect("server starts");
    let resolver = resolver(&server, Duration::from_secs(2));
    (server, resolver)
}

fn mx_of(answers: &[hickory_resolver::proto::rr::Record]) -> Vec<(u16, String, u32)> {
    answers
        .iter()
        .filter_map(|r| match &r.data {
            RData::MX(mx) => Some((mx.preference, mx.exchange.to_ascii(), r.ttl)),
            _ => None,
        })
        .collect()
}

fn rcode_of(err: &NetError) -> Option<ResponseCode> {
    match err {
        NetError::Dns(DnsError::ResponseCode(code)) => Some(*code),
        NetError::Dns(DnsError::NoRecordsFound(no)) => Some(no.response_code),
        _ => None,
    }
}

#[tokio::test]
async fn answers_mx_with_ttl_case_insensitively() {
    let (server, resolver) = start();
    let lookup = resolver
        .lookup("EXAMPLE.com.", RecordType::MX)
        .await
        .unwrap();
    let mut mx = mx_of(lookup.answers());
    mx.sort();
    assert_eq!(
        mx,
        [
            (10, "mx1.example.com.".into(), 300),
            (20, "mx2.example.com.".into(), 300)
        ]
    );
    let null = resolver
        .lookup("null.example.", RecordType::MX)
        .await
        .unwrap();
    assert_eq!(mx_of(null.answers()), [(0, ".".into(), 300)]);
    assert_eq!(server.query_count("example.com"), 1);
    assert_eq!(server.query_count("EXAMPLE.COM."), 1);
}

#[tokio::test]
async fn nxdomain_differs_from_nodata() {
    let (_server, resolver) = start();
    let nx = resolver
        .lookup("nope.example.com.", RecordType::MX)
        .await
        .unwrap_err();
    assert!(nx.is_nx_domain(), "{nx}");
    for name in ["mx1.example.com.", "sub.example.com."] {
        let nodata = resolver.lookup(name, RecordType::MX).await.unwrap_err();
        assert!(!nodata.is_nx_domain(), "{name}: {nodata}");
        assert_eq!(rcode_of(&nodata), Some(ResponseCode::NoError), "{name}");
    }
}

#[tokio::test]
async fn cname_is_followed() {
    let (_server, resolver) = start();
    let lookup = resolver
        .lookup("alias.example.com.", RecordType::MX)
        .await
        .unwrap();
    let types: Vec<_> = lookup.answers().iter().map(|r| r.record_type()).collect();
    assert_eq!(types[0], RecordType::CNAME);
    assert_eq!(mx_of(lookup.answers()).len(), 2);
}

#[tokio::test]
async fn txt_strings_and_long_values() {
    let (server, resolver) = start();
    server
        .add_record("long.example", "TXT", &"a".repeat(300), 60)
        .unwrap();
    let lookup = resolver
        .lookup("long.example.", RecordType::TXT)
        .await
        .unwrap();
    let RData::TXT(txt) = &lookup.answers()[0].data else {
        panic!("not TXT");
    };
    let lens: Vec<usize> = txt.txt_data.iter().map(|s| s.len()).collect();
    assert_eq!(lens, [255, 45]);
}

#[tokio::test]
async fn servfail_and_refused() {
    let (server, resolver) = start();
    server.set_fault("example.com", Fault::ServFail);
    let err = resolver
        .lookup("example.com.", RecordType::MX)
        .await
        .unwrap_err();
    assert_eq!(rcode_of(&err), Some(ResponseCode::ServFail), "{err}");
    server.clear_faults();
    server.set_fault("Example.COM.", Fault::Refused);
    let err = resolver
        .lookup("example.com.", RecordType::MX)
        .await
        .unwrap_err();
    assert_eq!(rcode_of(&err), Some(ResponseCode::Refused), "{err}");
    server.clear_faults();
    assert!(resolver
        .lookup("example.com.", RecordType::MX)
        .await
        .is_ok());
}

#[tokio::test]
async fn no_reply_times_out_but_counts() {
    let server = DnsServer::start(zone()).unwrap();
    let resolver = resolver(&server, Duration::from_millis(300));
    server.set_fault("example.com", Fault::NoReply);
    let started = Instant::now();
    let err = resolver
        .lookup("example.com.", RecordType::MX)
        .await
        .unwrap_err();
    assert!(matches!(err, NetError::Timeout), "{err}");
    assert!(started.elapsed() >= Duration::from_millis(250));
    assert!(server.query_count("example.com") >= 1);
    assert!(resolver
        .lookup("mx1.example.com.", RecordType::A)
        .await
        .is_ok());
}

#[tokio::test]
async fn truncation_is_retried_over_tcp() {
    let (server, resolver) = start();
    server.set_fault("example.com", Fault::Truncate);
    let lookup = resolver
        .lookup("example.com.", RecordType::MX)
        .await
        .unwrap();
    assert_eq!(mx_of(lookup.answers()).len(), 2);
    let protocols: Vec<Transport> = server.queries().iter().map(|q| q.protocol).collect();
    assert_eq!(protocols, [Transport::Udp, Transport::Tcp]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delayed_queries_run_concurrently() {
    let (server, resolver) = start();
    // Distinct names: hickory merges identical in-flight queries.
    for i in 0..50 {
        let name = format!("host{i}.example.com");
        server.add_record(&name, "A", "192.0.2.50", 60).unwrap();
        server.set_fault(&name, Fault::Delay(Duration::from_millis(200)));
    }
    let started = Instant::now();
    let lookups = (0..50).map(|i| {
        let resolver = resolver.clone();
        async move {
            resolver
                .lookup(format!("host{i}.example.com."), RecordType::A)
                .await
        }
    });
    let results = futures_join_all(lookups).await;
    let elapsed = started.elapsed();
    assert!(results.iter().all(Result::is_ok));
    assert!(elapsed >= Duration::from_millis(200), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(900), "{elapsed:?}");
    assert_eq!(server.queries().len(), 50);
}

#[tokio::test]
async fn default_delay_and_per_name_delay() {
    let (server, resolver) = start();
    server.set_default_delay(Duration::from_millis(150));
    let started = Instant::now();
    resolver
        .lookup("example.com.", RecordType::MX)
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(150));
    server.set_fault("example.com", Fault::Delay(Duration::ZERO));
    let started = Instant::now();
    resolver
        .lookup("example.com.", RecordType::MX)
        .await
        .unwrap();
    assert!(started.elapsed() < Duration::from_millis(140));
}

#[tokio::test]
async fn clear_forgets_records_and_counts() {
    let (server, resolver) = start();
    resolver
        .lookup("example.com.", RecordType::MX)
        .await
        .unwrap();
    server.clear();
    assert_eq!(server.query_count("example.com"), 0);
    let err = resolver
        .lookup("example.com.", RecordType::MX)
        .await
        .unwrap_err();
    assert!(err.is_nx_domain());
}

#[test]
fn malformed_packets_are_ignored() {
    let server = DnsServer::start(zone()).unwrap();
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    for junk in [&b""[..], &b"\x00"[..], &[0xff; 40][..]] {
        socket.send_to(junk, server.addr()).unwrap();
    }
    let mut query = Message::query();
    query.metadata.id = 7;
    query.add_query(Query::query(
        Name::from_ascii("example.com.").unwrap(),
        RecordType::MX,
    ));
    socket
        .send_to(&query.to_vec().unwrap(), server.addr())
        .unwrap();
    let mut buf = [0u8; 2048];
    let (len, _) = socket
        .recv_from(&mut buf)
        .expect("only the valid query is answered");
    let reply = Message::from_vec(&buf[..len]).unwrap();
    assert_eq!(reply.metadata.id, 7);
    assert!(reply.metadata.authoritative);
    assert_eq!(reply.answers.len(), 2);
    assert_eq!(server.queries().len(), 1);
}

#[test]
fn stop_frees_the_port_and_many_servers_start() {
    let servers: Vec<DnsServer> = (0..12)
        .map(|_| DnsServer::start(Records::new()).unwrap())
        .collect();
    let addr = servers[0].addr();
    for server in servers {
        server.stop();
    }
    UdpSocket::bind(addr).expect("port free after stop");
    std::net::TcpListener::bind(addr).expect("tcp port free after stop");
}

/// Awaits every future (a tiny `join_all` without the futures crate).
async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.expect("task"));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_delayed_queries_take_about_one_round_trip() {
    let (server, resolver) = start();
    for i in 0..1000 {
        server
            .add_record(&format!("n{i}.bulk.test"), "A", "192.0.2.77", 60)
            .unwrap();
    }
    server.set_default_delay(Duration::from_millis(20));
    let started = Instant::now();
    let lookups = (0..1000).map(|i| {
        let resolver = resolver.clone();
        async move {
            resolver
                .lookup(format!("n{i}.bulk.test."), RecordType::A)
                .await
        }
    });
    let results = futures_join_all(lookups).await;
    let elapsed = started.elapsed();
    let failures = results.iter().filter(|r| r.is_err()).count();
    eprintln!("1000 lookups with 20 ms delay: {elapsed:?}, {failures} failed");
    assert_eq!(failures, 0);
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

/// The floor's DO query against names the server marks signed: the DO bit
/// reaches the server and the AD bit comes back only for signed names; the
/// plain query sends no DO and gets no AD.
#[tokio::test]
async fn floor_do_queries_get_the_ad_bit_of_signed_names() {
    use _core::dns::{deadline_after, ServerPool, Type};
    let server = DnsServer::start(zone()).expect("server starts");
    server.sign("example.com");
    let addr: std::net::SocketAddr = server.address().parse().unwrap();
    let pool = ServerPool::new(&[addr], Duration::from_secs(2), "2", 8).unwrap();
    let deadline = deadline_after(Duration::from_secs(2));
    let signed = pool
        .query_do("deep.sub.example.com", Type::A, deadline)
        .await
        .unwrap();
    assert!(signed.authenticated);
    assert_eq!(signed.of_type(Type::A).count(), 1);
    let plain = pool
        .query("deep.sub.example.com", Type::A, deadline)
        .await
        .unwrap();
    assert!(!plain.authenticated);
    let unsigned = pool
        .query_do("null.example", Type::Mx, deadline)
        .await
        .unwrap();
    assert!(!unsigned.authenticated);
    let nx = pool.query_do("nope.example.com", Type::A, deadline).await;
    assert_eq!(nx, Err(_core::dns::Error::NxDomain));
    let flags: Vec<(String, bool)> = server
        .queries()
        .into_iter()
        .map(|q| (q.name, q.dnssec_ok))
        .collect();
    assert_eq!(
        flags,
        [
            ("deep.sub.example.com".to_owned(), true),
            ("deep.sub.example.com".to_owned(), false),
            ("null.example".to_owned(), true),
            ("nope.example.com".to_owned(), true),
        ]
    );
}
