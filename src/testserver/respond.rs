//! Turning one request packet into a reply (or silence) under the current state.

use std::time::Duration;

use hickory_proto::op::{Edns, Message, MessageType, OpCode, ResponseCode};

use super::answer::answer;
use super::fault::FaultSet;
use super::parse::name_key;
use super::state::{QueryLog, ServerState, Transport};

/// What to do for one request: wait `delay`, then send `reply` if any.
#[derive(Debug)]
pub(crate) struct Plan {
    pub(crate) delay: Duration,
    pub(crate) reply: Option<Vec<u8>>,
}

/// Decides the reply to `packet`; `None` means ignore it (malformed, or not a query).
pub(crate) fn plan(state: &ServerState, packet: &[u8], transport: Transport) -> Option<Plan> {
    let request = Message::from_vec(packet).ok()?;
    if request.metadata.message_type != MessageType::Query {
        return None;
    }
    if request.queries.len() != 1 {
        return Some(immediate(error_reply(&request, ResponseCode::FormErr)));
    }
    if request.metadata.op_code != OpCode::Query {
        return Some(immediate(error_reply(&request, ResponseCode::NotImp)));
    }
    let query = &request.queries[0];
    let key = name_key(query.name());
    let mut inner = state.lock();
    inner.log.push(QueryLog {
        name: key.clone(),
        rtype: query.query_type().to_string(),
        protocol: transport,
        dnssec_ok: dnssec_ok(&request),
    });
    let faults = inner.faults.get(&key).copied().unwrap_or_default();
    let delay = faults.delay.unwrap_or(inner.default_delay);
    let authenticated = inner.is_signed(&key) && wants_ad(&request);
    let reply = reply(&inner.records, &request, faults, transport, authenticated);
    Some(Plan { delay, reply })
}

/// Whether the request has EDNS(0) with the DO bit set (RFC 3225 §3).
fn dnssec_ok(request: &Message) -> bool {
    request.edns.as_ref().is_some_and(|e| e.flags().dnssec_ok)
}

/// Whether the client asked for the AD bit: DO or AD set in the query
/// (RFC 6840 §5.7; RFC 4035 §3.2.3).
fn wants_ad(request: &Message) -> bool {
    dnssec_ok(request) || request.metadata.authentic_data
}

/// A plan that answers at once.
fn immediate(reply: Option<Vec<u8>>) -> Plan {
    Plan {
        delay: Duration::ZERO,
        reply,
    }
}

/// The reply bytes for a well-formed single question, with faults applied.
fn reply(
    records: &super::records::Records,
    request: &Message,
    faults: FaultSet,
    transport: Transport,
    authenticated: bool,
) -> Option<Vec<u8>> {
    if faults.no_reply {
        return None;
    }
    let mut response = response_to(request);
    if faults.truncate && transport == Transport::Udp {
        response.metadata.truncation = true;
        return encode(&response, request, transport);
    }
    if let Some(rcode) = faults.rcode {
        response.metadata.response_code = rcode;
        return encode(&response, request, transport);
    }
    let query = &request.queries[0];
    let found = answer(records, query.name(), query.query_type());
    // A validating resolver sets AD on answers it proved secure, positive
    // or negative (RFC 4035 §3.2.3); fault replies above never carry it.
    response.metadata.authentic_data = authenticated;
    response.metadata.response_code = found.rcode;
    response.answers = found.answers;
    response.authorities = found.authorities;
    encode(&response, request, transport)
}

/// An empty authoritative response echoing the request's id, flags and question.
fn response_to(request: &Message) -> Message {
    let mut response = Message::response(request.metadata.id, request.metadata.op_code);
    response.metadata.authoritative = true;
    response.metadata.recursion_desired = request.metadata.recursion_desired;
    response.metadata.checking_disabled = request.metadata.checking_disabled;
    response.queries = request.queries.clone();
    if let Some(edns) = &request.edns {
        let mut reply_edns = Edns::new();
        reply_edns.set_max_payload(edns.max_payload().max(512));
        // The DO bit is copied into the response (RFC 3225 §3).
        reply_edns.set_dnssec_ok(edns.flags().dnssec_ok);
        response.edns = Some(reply_edns);
    }
    response
}

/// An error reply (FORMERR, NOTIMP) to an unusual request.
fn error_reply(request: &Message, rcode: ResponseCode) -> Option<Vec<u8>> {
    let mut response = response_to(request);
    response.metadata.response_code = rcode;
    encode(&response, request, Transport::Tcp)
}

/// Serialises `response`; over UDP, a reply larger than the client accepts is
/// sent truncated (TC set, records removed), as a real server does.
fn encode(response: &Message, request: &Message, transport: Transport) -> Option<Vec<u8>> {
    let bytes = match response.to_vec() {
        Ok(bytes) => bytes,
        Err(_) => {
            let mut failure = response_to(request);
            failure.metadata.response_code = ResponseCode::ServFail;
            return failure.to_vec().ok();
        }
    };
    if transport == Transport::Udp && bytes.len() > usize::from(request.max_payload()) {
        return response.truncate().to_vec().ok();
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testserver::fault::Fault;
    use crate::testserver::records::Records;
    use hickory_proto::op::Query;
    use hickory_proto::rr::{Name, RecordType};

    fn query(name: &str, rtype: RecordType) -> Vec<u8> {
        let mut msg = Message::query();
        msg.metadata.id = 4242;
        msg.add_query(Query::query(Name::from_ascii(name).unwrap(), rtype));
        msg.to_vec().unwrap()
    }

    fn state() -> ServerState {
        let mut records = Records::new();
        records
            .add("example.com", "MX", "10 mx.example.com.", 300)
            .unwrap();
        ServerState::new(records)
    }

    fn decode(plan: Plan) -> Message {
        Message::from_vec(&plan.reply.expect("a reply")).unwrap()
    }

    #[test]
    fn answers_echo_id_and_question_and_set_aa() {
        let reply = decode(
            plan(
                &state(),
                &query("example.com.", RecordType::MX),
                Transport::Udp,
            )
            .unwrap(),
        );
        assert_eq!(reply.metadata.id, 4242);
        assert!(reply.metadata.authoritative);
        assert_eq!(reply.metadata.message_type, MessageType::Response);
        assert_eq!(reply.queries.len(), 1);
        assert_eq!(reply.answers.len(), 1);
    }

    #[test]
    fn garbage_and_responses_are_ignored() {
        let s = state();
        assert!(plan(&s, b"", Transport::Udp).is_none());
        assert!(plan(&s, &[0xff; 7], Transport::Udp).is_none());
        let mut response = Message::from_vec(&query("example.com.", RecordType::MX)).unwrap();
        response.metadata.message_type = MessageType::Response;
        assert!(plan(&s, &response.to_vec().unwrap(), Transport::Udp).is_none());
        assert_eq!(s.total_queries(), 0);
    }

    #[test]
    fn faults_shape_the_reply() {
        let s = state();
        let q = query("Example.com.", RecordType::MX);
        s.set_fault("example.com", Fault::Truncate);
        let udp = decode(plan(&s, &q, Transport::Udp).unwrap());
        assert!(udp.metadata.truncation && udp.answers.is_empty());
        let tcp = decode(plan(&s, &q, Transport::Tcp).unwrap());
        assert!(!tcp.metadata.truncation && tcp.answers.len() == 1);
        s.set_fault("EXAMPLE.COM.", Fault::ServFail);
        s.set_fault("example.com", Fault::Delay(Duration::from_millis(7)));
        let failed = plan(&s, &q, Transport::Tcp).unwrap();
        assert_eq!(failed.delay, Duration::from_millis(7));
        assert_eq!(
            decode(failed).metadata.response_code,
            ResponseCode::ServFail
        );
        s.set_fault("example.com", Fault::NoReply);
        assert!(plan(&s, &q, Transport::Udp).unwrap().reply.is_none());
        assert_eq!(s.query_count("example.com"), 4);
    }

    fn query_with(name: &str, do_bit: bool, ad_bit: bool) -> Vec<u8> {
        let mut msg = Message::from_vec(&query(name, RecordType::MX)).unwrap();
        msg.metadata.authentic_data = ad_bit;
        let mut edns = Edns::new();
        edns.set_dnssec_ok(do_bit);
        msg.edns = Some(edns);
        msg.to_vec().unwrap()
    }

    #[test]
    fn signed_names_get_ad_when_asked_and_do_is_echoed() {
        let s = state();
        s.add_record("sub.example.com", "MX", "10 mx.example.com.", 60)
            .unwrap();
        let ask = |name: &str, do_bit: bool, ad_bit: bool| {
            decode(plan(&s, &query_with(name, do_bit, ad_bit), Transport::Udp).unwrap())
        };
        let unsigned = ask("example.com.", true, false);
        assert!(!unsigned.metadata.authentic_data);
        assert!(unsigned.edns.as_ref().unwrap().flags().dnssec_ok);
        s.sign("Example.COM.");
        assert_eq!(s.signed(), ["example.com"]);
        assert!(ask("example.com.", true, false).metadata.authentic_data);
        assert!(ask("sub.example.com.", false, true).metadata.authentic_data);
        // Neither DO nor AD in the query: no AD (RFC 6840 §5.7).
        let plain = ask("sub.example.com.", false, false);
        assert!(!plain.metadata.authentic_data);
        assert!(!plain.edns.as_ref().unwrap().flags().dnssec_ok);
        // NXDOMAIN under a signed name is authenticated too; a name that only
        // ends with the zone's text is not under it.
        let nx = ask("nope.example.com.", true, false);
        assert_eq!(nx.metadata.response_code, ResponseCode::NXDomain);
        assert!(nx.metadata.authentic_data);
        assert!(
            !ask("otherexample.com.", true, false)
                .metadata
                .authentic_data
        );
        s.set_fault("example.com", Fault::ServFail);
        assert!(!ask("example.com.", true, false).metadata.authentic_data);
        let logged: Vec<bool> = s.queries().iter().map(|q| q.dnssec_ok).collect();
        assert_eq!(logged.iter().filter(|d| **d).count(), 5);
        s.unsign("example.com");
        assert!(!ask("sub.example.com.", true, false).metadata.authentic_data);
        s.sign("example.com");
        s.clear();
        assert!(s.signed().is_empty());
    }

    #[test]
    fn oversized_udp_answers_are_truncated() {
        let s = ServerState::default();
        for i in 0..40 {
            s.add_record(
                "big.test",
                "TXT",
                &format!("string number {i} {}", "x".repeat(20)),
                60,
            )
            .unwrap();
        }
        let q = query("big.test.", RecordType::TXT);
        let udp = decode(plan(&s, &q, Transport::Udp).unwrap());
        assert!(udp.metadata.truncation);
        let tcp = decode(plan(&s, &q, Transport::Tcp).unwrap());
        assert_eq!(tcp.answers.len(), 40);
    }
}
