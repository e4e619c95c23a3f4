//! Answering a question from [`Records`]: answers, NXDOMAIN, NODATA, CNAME chains.

use hickory_proto::op::ResponseCode;
use hickory_proto::rr::rdata::SOA;
use hickory_proto::rr::{Name, RData, Record, RecordType};

use super::parse::name_key;
use super::records::Records;

/// The most CNAMEs followed for one question.
const MAX_CHAIN: usize = 16;

/// TTL and negative-caching TTL of the SOA made up when the data has none.
const SYNTHETIC_SOA_TTL: u32 = 60;

/// What the server says to one question.
#[derive(Debug, Clone)]
pub struct Answer {
    /// NOERROR or NXDOMAIN.
    pub rcode: ResponseCode,
    /// The answer section.
    pub answers: Vec<Record>,
    /// The authority section (an SOA for negative answers).
    pub authorities: Vec<Record>,
}

/// Answers `(qname, qtype)`, following CNAMEs at the queried name and after.
pub fn answer(records: &Records, qname: &Name, qtype: RecordType) -> Answer {
    let mut answers = Vec::new();
    let mut owner = qname.clone();
    let mut seen: Vec<String> = Vec::new();
    loop {
        let key = name_key(&owner);
        let Some(rrs) = records.at(&key) else {
            if answers.is_empty() && !records.has_names_below(&key) {
                return negative(records, qname, ResponseCode::NXDomain);
            }
            break;
        };
        seen.push(key);
        let matching: Vec<Record> = rrs
            .iter()
            .filter(|r| qtype == RecordType::ANY || r.record_type() == qtype)
            .map(|r| with_owner(r, &owner))
            .collect();
        if !matching.is_empty() {
            answers.extend(matching);
            break;
        }
        let Some(cname) = rrs.iter().find(|r| r.record_type() == RecordType::CNAME) else {
            break;
        };
        answers.push(with_owner(cname, &owner));
        let RData::CNAME(target) = &cname.data else {
            break;
        };
        if seen.contains(&name_key(target)) || seen.len() >= MAX_CHAIN {
            break;
        }
        owner = target.0.clone();
    }
    if answers.is_empty() {
        return negative(records, qname, ResponseCode::NoError);
    }
    Answer {
        rcode: ResponseCode::NoError,
        answers,
        authorities: Vec::new(),
    }
}

/// The record with its owner spelled as asked (keeps the query's case).
fn with_owner(record: &Record, owner: &Name) -> Record {
    let mut record = record.clone();
    record.name = owner.clone();
    record
}

/// NXDOMAIN or NODATA with an SOA in the authority section.
fn negative(records: &Records, qname: &Name, rcode: ResponseCode) -> Answer {
    Answer {
        rcode,
        answers: Vec::new(),
        authorities: vec![closest_soa(records, qname)],
    }
}

/// The SOA of the closest enclosing name that has one, else a made-up SOA
/// for the query's parent domain (its last two labels).
fn closest_soa(records: &Records, qname: &Name) -> Record {
    let mut name = qname.clone();
    loop {
        let soa = records
            .at(&name_key(&name))
            .and_then(|rrs| rrs.iter().find(|r| r.record_type() == RecordType::SOA));
        if let Some(soa) = soa {
            return soa.clone();
        }
        if name.is_root() {
            break;
        }
        name = name.base_name();
    }
    synthetic_soa(qname)
}

/// An SOA at the last two labels of `qname` (or `qname` itself if shorter).
fn synthetic_soa(qname: &Name) -> Record {
    let apex = qname.trim_to(2.min(qname.num_labels() as usize));
    let child = |label: &str| apex.prepend_label(label).unwrap_or_else(|_| Name::root());
    let soa = SOA::new(
        child("ns"),
        child("hostmaster"),
        1,
        3600,
        600,
        86400,
        SYNTHETIC_SOA_TTL,
    );
    Record::from_rdata(apex, SYNTHETIC_SOA_TTL, RData::SOA(soa))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> Records {
        let mut r = Records::new();
        r.add("example.com", "MX", "10 mx1.example.com.", 300)
            .unwrap();
        r.add("mx1.example.com", "A", "192.0.2.1", 300).unwrap();
        r.add("alias.example.com", "CNAME", "mid.example.com.", 300)
            .unwrap();
        r.add("mid.example.com", "CNAME", "example.com.", 300)
            .unwrap();
        r.add("loop1.example.com", "CNAME", "loop2.example.com.", 300)
            .unwrap();
        r.add("loop2.example.com", "CNAME", "loop1.example.com.", 300)
            .unwrap();
        r.add("out.example.com", "CNAME", "elsewhere.test.", 300)
            .unwrap();
        r.add("deep.sub.example.com", "A", "192.0.2.9", 300)
            .unwrap();
        r
    }

    fn ask(name: &str, t: RecordType) -> Answer {
        answer(&data(), &Name::from_ascii(format!("{name}.")).unwrap(), t)
    }

    #[test]
    fn positive_answer_keeps_query_case() {
        let a = ask("EXAMPLE.com", RecordType::MX);
        assert_eq!(a.rcode, ResponseCode::NoError);
        assert_eq!(a.answers.len(), 1);
        assert_eq!(a.answers[0].name.to_ascii(), "EXAMPLE.com.");
        assert_eq!(a.answers[0].ttl, 300);
    }

    #[test]
    fn nxdomain_nodata_and_empty_non_terminal() {
        let nx = ask("nope.example.com", RecordType::MX);
        assert_eq!(nx.rcode, ResponseCode::NXDomain);
        assert_eq!(nx.authorities[0].record_type(), RecordType::SOA);
        let nodata = ask("mx1.example.com", RecordType::MX);
        assert_eq!(nodata.rcode, ResponseCode::NoError);
        assert!(nodata.answers.is_empty());
        assert_eq!(nodata.authorities.len(), 1);
        let ent = ask("sub.example.com", RecordType::A);
        assert_eq!(ent.rcode, ResponseCode::NoError);
        assert!(ent.answers.is_empty());
    }

    #[test]
    fn cname_chains_loops_and_out_of_data_targets() {
        let chain = ask("alias.example.com", RecordType::MX);
        let types: Vec<_> = chain.answers.iter().map(Record::record_type).collect();
        assert_eq!(
            types,
            [RecordType::CNAME, RecordType::CNAME, RecordType::MX]
        );
        let own = ask("alias.example.com", RecordType::CNAME);
        assert_eq!(own.answers.len(), 1);
        let looped = ask("loop1.example.com", RecordType::A);
        assert_eq!(looped.rcode, ResponseCode::NoError);
        assert_eq!(looped.answers.len(), 2);
        let out = ask("out.example.com", RecordType::A);
        assert_eq!(out.rcode, ResponseCode::NoError);
        assert_eq!(out.answers.len(), 1);
    }
}
