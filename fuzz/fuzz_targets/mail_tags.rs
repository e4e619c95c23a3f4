//! SPF terms and DMARC / MTA-STS / TLS-RPT tag lists: arbitrary TXT text
//! through the mail-facts layer (`src/mail/`: both readings) and the TXT
//! rules of the live check.
#![no_main]

use _core::check::rules::tls;
use _core::mail::macros::{check_domain_spec, check_macro_string};
use _core::mail::{dmarc, spf, txt, Reading, SpfRecord, TagList};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let _ = TagList::parse(&text).map(|t| t.duplicates().len());
    let _ = _core::mail::tags::octodns_pairs(&text);
    let record = SpfRecord::parse(&text);
    let _ = (record.all(), record.redirect(), record.errors().count());
    let _ = check_macro_string(&text);
    let _ = check_domain_spec(&text);
    for reading in [Reading::OctoDns1_22, Reading::Rfc] {
        let _ = spf::terminated(&text, reading);
        let _ = dmarc::policy(&text, reading);
    }
    let _ = tls::mta_sts_problem(&text);
    let _ = tls::tlsrpt_problem(&text);
    // The same text under every version prefix the selection reads.
    let values: Vec<String> = ["", "v=spf1 ", "v=DMARC1; ", "v=STSv1; ", "v=TLSRPTv1; "]
        .iter()
        .map(|p| format!("{p}{text}"))
        .collect();
    for kind in [
        txt::Kind::Spf,
        txt::Kind::Dmarc,
        txt::Kind::MtaSts,
        txt::Kind::TlsRpt,
    ] {
        for reading in [Reading::OctoDns1_22, Reading::Rfc] {
            let _ = txt::select(&values, kind, reading);
        }
        let _ = txt::octodns_select(&values, kind);
    }
});
