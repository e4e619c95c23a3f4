//! DNS answers as the check reads them: the bytes are decoded with hickory's
//! `Message::from_vec` (what the resolver does with a reply), each answer
//! record goes through the floor's mapping (`dns::Record::from`: names,
//! addresses, TXT strings, TLSA, ...), the MX records through discovery's
//! `mx_record` and the mail layer's `MxSet` (both readings of a Null MX), and
//! TXT through the RFC 7208 §3.3 concatenation.
//!
//! The first record of the answer, in text form, also goes through the test
//! server's record parser (`testserver::parse_record`).
#![no_main]

use _core::discovery::record::mx_record;
use _core::dns::Record;
use _core::mail::MxSet;
use _core::testserver::parse_record;
use hickory_proto::op::Message;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(message) = Message::from_vec(data) else {
        return;
    };
    let records: Vec<Record> = message.answers.iter().map(Record::from).collect();
    let mx: Vec<_> = records.iter().filter_map(mx_record).collect();
    let set = MxSet::new(&mx);
    let _ = (set.null_any(), set.single_null(), set.published().len());
    for r in &records {
        let _ = (r.data.record_type(), r.data.txt_text());
    }
    if let Some(r) = message.answers.first() {
        let rtype = r.record_type().to_string();
        let _ = parse_record(&r.name.to_ascii(), &rtype, &r.data.to_string(), r.ttl);
    }
});
