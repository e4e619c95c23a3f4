//! A run of many checks on one shared pool (`_core::check::Run`): the
//! run-wide cap on queries in flight holds, and a slow but answering server
//! gets each question once (no UDP re-sends). Against the project's own DNS
//! server on 127.0.0.1.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use _core::check::Run;
use _core::discovery::DiscoveryConfig;
use _core::dns::connections::resend_after;
use _core::dns::limiter::{cap_for_limit, DEFAULT_MAX_QUERIES_IN_FLIGHT};
use _core::dns::{runtime, ServerPool, Type};
use _core::testserver::{DnsServer, Fault, Records};

/// Domain `i`: its MX hosts have addresses of their own (198.18.0.0/15, RFC
/// 2544), so no two checks share a question (their PTR queries included).
fn domain(r: &mut Records, d: &str, i: usize) {
    let (hi, lo) = (i / 200, i % 200 + 1);
    r.add(d, "MX", &format!("10 mx1.{d}."), 300).unwrap();
    r.add(d, "MX", &format!("20 mx2.{d}."), 300).unwrap();
    r.add(&format!("mx1.{d}"), "A", &format!("198.18.{hi}.{lo}"), 300)
        .unwrap();
    r.add(&format!("mx2.{d}"), "A", &format!("198.19.{hi}.{lo}"), 300)
        .unwrap();
    r.add(d, "TXT", "v=spf1 mx -all", 300).unwrap();
    r.add(&format!("_dmarc.{d}"), "TXT", "v=DMARC1; p=reject", 300)
        .unwrap();
}

fn server(n: usize, delay: Duration) -> (DnsServer, Vec<String>) {
    let mut r = Records::new();
    let names: Vec<String> = (0..n).map(|i| format!("d{i}.run.test")).collect();
    for (i, d) in names.iter().enumerate() {
        domain(&mut r, d, i);
    }
    let s = DnsServer::start(r).unwrap();
    s.set_default_delay(delay);
    (s, names)
}

fn config(s: &DnsServer, timeout: f64) -> DiscoveryConfig {
    let addr = s.address();
    DiscoveryConfig::new(&[addr.as_str()], timeout, &format!("{timeout}"), 0.0, false).unwrap()
}

/// Checks every name at once on one run; the number of reports with a
/// failed lookup.
fn check_all(run: Arc<Run>, names: &[String]) -> usize {
    let (_, rt) = runtime::current(runtime::Kind::Shared).unwrap();
    let names = names.to_vec();
    rt.block_on(async move {
        let mut tasks = tokio::task::JoinSet::new();
        for d in names {
            let run = run.clone();
            tasks.spawn(async move { run.check(&d).await });
        }
        let mut failed = 0;
        while let Some(done) = tasks.join_next().await {
            let report = done.unwrap().unwrap();
            if report.findings.iter().any(|f| f.id.ends_with("-failed")) {
                failed += 1;
            }
        }
        failed
    })
}

fn sent_and_distinct(s: &DnsServer) -> (usize, usize) {
    let log = s.queries();
    let distinct: HashSet<(String, String)> = log
        .iter()
        .map(|q| (q.name.clone(), q.rtype.clone()))
        .collect();
    (log.len(), distinct.len())
}

#[test]
fn the_cap_bounds_queries_in_flight() {
    // 10 domains x 15 queries at 40 ms each: all at once ~0.1 s; four at a
    // time at least 150 / 4 x 40 ms = 1.5 s.
    let delay = Duration::from_millis(40);
    let (s, names) = server(10, delay);
    let run = Arc::new(Run::new(config(&s, 20.0), Some(4)).unwrap());
    assert_eq!(run.cap(), 4);
    let start = Instant::now();
    assert_eq!(check_all(run, &names), 0);
    let elapsed = start.elapsed();
    let (sent, distinct) = sent_and_distinct(&s);
    assert_eq!(
        sent, distinct,
        "re-sends: {sent} sent for {distinct} questions"
    );
    let floor = delay * u32::try_from(distinct / 4).unwrap();
    assert!(
        elapsed >= floor,
        "{elapsed:?} < {floor:?}: more than 4 in flight"
    );
}

#[test]
fn a_slow_server_is_asked_each_question_once() {
    // 300 domains at 20 ms on one run (default cap): every question once.
    let (s, names) = server(300, Duration::from_millis(20));
    let run = Arc::new(Run::new(config(&s, 10.0), None).unwrap());
    assert_eq!(check_all(run, &names), 0);
    let (sent, distinct) = sent_and_distinct(&s);
    assert_eq!(distinct % 300, 0, "every domain asks the same questions");
    assert!(distinct >= 300 * 11, "{distinct} questions");
    assert_eq!(sent, distinct);
}

#[test]
fn the_default_cap_stays_under_the_open_files_limit() {
    assert_eq!(cap_for_limit(None), DEFAULT_MAX_QUERIES_IN_FLIGHT);
    assert_eq!(cap_for_limit(Some(1024)), 256);
    assert_eq!(cap_for_limit(Some(256)), 64);
    assert_eq!(cap_for_limit(Some(2)), 1);
}

#[test]
fn a_cap_out_of_range_is_refused_with_its_value() {
    let s = DnsServer::start(Records::new()).unwrap();
    for bad in [0, -3, 1 << 40] {
        let err = Run::new(config(&s, 1.0), Some(bad)).err().unwrap();
        assert!(err.to_string().contains(&bad.to_string()), "{err}");
        assert!(err.to_string().contains("max_queries_in_flight"), "{err}");
    }
}

/// Asks the pool of `s` for `name` TXT with `timeout`; the queries the
/// server saw for it.
fn sends_for(s: &DnsServer, name: &str, timeout: Duration) -> usize {
    let (_, rt) = runtime::current(runtime::Kind::Shared).unwrap();
    let addr = s.addr();
    let pool = {
        let _inside = rt.enter();
        ServerPool::new(&[addr], timeout, "t", 8).unwrap()
    };
    rt.block_on(async {
        let deadline = tokio::time::Instant::now() + timeout;
        let _ = pool.query(name, Type::Txt, deadline).await;
    });
    s.query_count(name)
}

#[test]
fn a_query_is_resent_only_after_half_the_timeout() {
    let mut r = Records::new();
    r.add("slow.run.test", "TXT", "x", 300).unwrap();
    let s = DnsServer::start(r).unwrap();
    assert_eq!(resend_after(Duration::from_secs(2)), Duration::from_secs(1));
    assert_eq!(
        resend_after(Duration::from_millis(100)),
        Duration::from_millis(333)
    );
    // Answered after 400 ms, re-send due at 1 s: asked once (hickory's own
    // interval, 333 ms, would have asked twice).
    s.set_fault("slow.run.test", Fault::Delay(Duration::from_millis(400)));
    assert_eq!(sends_for(&s, "slow.run.test", Duration::from_secs(2)), 1);
    // Never answered: the first datagram and one re-send at 500 ms (hickory
    // would have sent three, at 0, 333 and 666 ms).
    s.state().clear_queries();
    s.set_fault("slow.run.test", Fault::NoReply);
    assert_eq!(sends_for(&s, "slow.run.test", Duration::from_secs(1)), 2);
}
