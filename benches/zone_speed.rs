//! Timing probe for the validators on a large zone (a benchmark, not a test; run with
//! `cargo bench --no-default-features --bench zone_speed`).

use std::time::Instant;

use _core::validators::default_validators;
use _core::zone::{InputValue, Zone};

fn big_zone(blocks: usize) -> Zone {
    let mut z = Zone::new("example.com.", Vec::new()).unwrap();
    let s = |v: String| InputValue::Str(v);
    for i in 0..blocks {
        z.add_input(
            &format!("host{i}"),
            "A",
            &s(format!("10.0.{}.{}", i / 256 % 256, i % 256)),
            3600,
            false,
            false,
        )
        .unwrap();
        z.add_input(
            &format!("www{i}"),
            "CNAME",
            &s(format!("host{i}.example.com.")),
            3600,
            false,
            false,
        )
        .unwrap();
        let mx = InputValue::List(vec![
            s(format!("10 host{i}.example.com.")),
            s(format!("20 mx{}.mail.example.net.", i % 7)),
        ]);
        z.add_input(&format!("mail{i}"), "MX", &mx, 3600, false, false)
            .unwrap();
        z.add_input(
            &format!("mail{i}"),
            "TXT",
            &s("v=spf1 mx ~all".into()),
            3600,
            false,
            false,
        )
        .unwrap();
        z.add_input(
            &format!("k{i}._domainkey"),
            "TXT",
            &s("v=DKIM1\\; p=x".into()),
            3600,
            false,
            false,
        )
        .unwrap();
    }
    z
}

fn main() {
    let t = Instant::now();
    let z = big_zone(20_000);
    println!("build {:?}", t.elapsed());
    for v in default_validators() {
        let mut best = std::time::Duration::MAX;
        let mut n = 0;
        for _ in 0..20 {
            let t = Instant::now();
            n = v.validate(&z).len();
            best = best.min(t.elapsed());
        }
        println!("{} {best:?} ({n})", v.id());
    }
    let t = Instant::now();
    let mx = z.records_of_type(&_core::zone::RType::Mx);
    println!("records_of_type {:?} ({})", t.elapsed(), mx.len());
}
