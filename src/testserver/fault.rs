//! Faults the test server can inject for a queried name.

use std::time::Duration;

use hickory_proto::op::ResponseCode;

/// One way to misbehave for a name; several can be combined on one name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Read the query and never answer (over UDP and TCP).
    NoReply,
    /// Answer SERVFAIL.
    ServFail,
    /// Answer REFUSED.
    Refused,
    /// Over UDP, answer with the TC bit and no records; TCP gets the real answer.
    Truncate,
    /// Wait this long before answering (other queries are not held up).
    Delay(Duration),
}

/// The faults set on one name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FaultSet {
    /// Never answer.
    pub no_reply: bool,
    /// Answer with this error code instead of the data.
    pub rcode: Option<ResponseCode>,
    /// Set TC on UDP answers.
    pub truncate: bool,
    /// Delay before answering (overrides the server's default delay).
    pub delay: Option<Duration>,
}

impl FaultSet {
    /// Adds `fault`; a later SERVFAIL/REFUSED or delay replaces an earlier one.
    pub fn add(&mut self, fault: Fault) {
        match fault {
            Fault::NoReply => self.no_reply = true,
            Fault::ServFail => self.rcode = Some(ResponseCode::ServFail),
            Fault::Refused => self.rcode = Some(ResponseCode::Refused),
            Fault::Truncate => self.truncate = true,
            Fault::Delay(d) => self.delay = Some(d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_combine() {
        let mut set = FaultSet::default();
        set.add(Fault::Delay(Duration::from_millis(5)));
        set.add(Fault::ServFail);
        set.add(Fault::Refused);
        assert_eq!(set.rcode, Some(ResponseCode::Refused));
        assert_eq!(set.delay, Some(Duration::from_millis(5)));
        assert!(!set.no_reply && !set.truncate);
    }
}
