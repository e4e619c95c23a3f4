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
    });
    let faults = inner.faults.get(&key).copied().unwrap_or_default();
    let delay = faults.delay.unwrap_or(inner.default_delay);
    let reply = reply(&inner.records, &request, faults, transport);
    Some(Plan { delay, reply })
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
