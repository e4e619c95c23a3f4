//! SPF terms and DMARC / MTA-STS / TLS-RPT tag lists: arbitrary TXT text
//! through the tag parser and every TXT rule of the live check.
#![no_main]

use _core::check::data::{DomainData, Host, Lookup, RawMx};
use _core::check::rules::{self, tags, tls};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let _ = tags::parse(&text);
    let _ = tls::mta_sts_problem(&text);
    let _ = tls::tlsrpt_problem(&text);
    let _ = rules::spf::is_spf(&text);
    // The same text under every version prefix the rules select on.
    let txts: Vec<String> = ["", "v=spf1 ", "v=DMARC1; ", "v=STSv1; ", "v=TLSRPTv1; "]
        .iter()
        .map(|p| format!("{p}{text}"))
        .collect();
    let host = Host {
        name: "mx.example.com".into(),
        a: Lookup::Found(Vec::new()),
        aaaa: Lookup::Found(Vec::new()),
        alias_of: None,
    };
    let domain = DomainData {
        domain: "example.com".into(),
        name: "example.com".into(),
        implicit_mx: false,
        mx: Lookup::Found(vec![RawMx {
            preference: 10,
            exchange: "mx.example.com".into(),
            ttl: 300,
        }]),
        domain_host: host.clone(),
        exchanges: vec![host],
        spf: Lookup::Found(txts.clone()),
        dmarc: Lookup::Found(txts.clone()),
        mta_sts: Lookup::Found(txts.clone()),
        tlsrpt: Lookup::Found(txts),
    };
    let _ = rules::all(&domain);
});
