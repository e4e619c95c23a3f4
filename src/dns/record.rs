//! The floor's own record type: what layers above `dns` see of an answer
//! (they never see hickory's types).

use std::net::{Ipv4Addr, Ipv6Addr};

use hickory_resolver::proto::rr::{Name, RData, Record as WireRecord, RecordType};

/// The record types the floor queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Type {
    /// IPv4 address (RFC 1035 §3.4.1).
    A,
    /// IPv6 address (RFC 3596 §2.1).
    Aaaa,
    /// Mail exchange (RFC 1035 §3.3.9).
    Mx,
    /// Text strings (RFC 1035 §3.3.14).
    Txt,
    /// Alias (RFC 1035 §3.3.1).
    Cname,
    /// Domain name pointer (RFC 1035 §3.3.12).
    Ptr,
    /// DANE TLSA (RFC 6698 §2).
    Tlsa,
}

impl Type {
    pub(super) fn wire(self) -> RecordType {
        match self {
            Self::A => RecordType::A,
            Self::Aaaa => RecordType::AAAA,
            Self::Mx => RecordType::MX,
            Self::Txt => RecordType::TXT,
            Self::Cname => RecordType::CNAME,
            Self::Ptr => RecordType::PTR,
            Self::Tlsa => RecordType::TLSA,
        }
    }
}

/// One answer record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The owner name in ASCII, without the trailing dot ("" for the root).
    pub name: String,
    /// The TTL in seconds.
    pub ttl: u32,
    /// The record data.
    pub data: Data,
}

/// The data of one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Data {
    /// An IPv4 address.
    A(Ipv4Addr),
    /// An IPv6 address.
    Aaaa(Ipv6Addr),
    /// A mail exchange; `exchange` has no trailing dot and is "" for the
    /// root (a Null MX, RFC 7505).
    Mx {
        /// Lower is preferred.
        preference: u16,
        /// The exchange name in ASCII, case as sent.
        exchange: String,
    },
    /// The character-strings of one TXT record, as sent.
    Txt(Vec<Vec<u8>>),
    /// The alias target (no trailing dot).
    Cname(String),
    /// The pointer target (no trailing dot).
    Ptr(String),
    /// A TLSA record (RFC 6698 §2.1).
    Tlsa {
        /// Certificate usage field.
        usage: u8,
        /// Selector field.
        selector: u8,
        /// Matching type field.
        matching: u8,
        /// Certificate association data.
        data: Vec<u8>,
    },
    /// Any other type, by number.
    Other(u16),
}

impl Data {
    /// The type of this data (`None` for [`Data::Other`]).
    pub fn record_type(&self) -> Option<Type> {
        Some(match self {
            Self::A(_) => Type::A,
            Self::Aaaa(_) => Type::Aaaa,
            Self::Mx { .. } => Type::Mx,
            Self::Txt(_) => Type::Txt,
            Self::Cname(_) => Type::Cname,
            Self::Ptr(_) => Type::Ptr,
            Self::Tlsa { .. } => Type::Tlsa,
            Self::Other(_) => return None,
        })
    }

    /// For TXT: the strings of the record concatenated without separators
    /// (RFC 7208 §3.3), non-UTF-8 bytes replaced; `None` for other types.
    pub fn txt_text(&self) -> Option<String> {
        match self {
            Self::Txt(strings) => {
                Some(strings.iter().map(|s| String::from_utf8_lossy(s)).collect())
            }
            _ => None,
        }
    }
}

/// A name in ASCII without the trailing dot ("" for the root).
pub(super) fn name_text(name: &Name) -> String {
    let text = name.to_ascii();
    text.strip_suffix('.').unwrap_or(&text).to_owned()
}

impl From<&WireRecord> for Record {
    fn from(r: &WireRecord) -> Self {
        let data = match &r.data {
            RData::A(a) => Data::A(a.0),
            RData::AAAA(a) => Data::Aaaa(a.0),
            RData::MX(mx) => Data::Mx {
                preference: mx.preference,
                exchange: name_text(&mx.exchange),
            },
            RData::TXT(t) => Data::Txt(t.txt_data.iter().map(|s| s.to_vec()).collect()),
            RData::CNAME(c) => Data::Cname(name_text(&c.0)),
            RData::PTR(p) => Data::Ptr(name_text(&p.0)),
            RData::TLSA(t) => Data::Tlsa {
                usage: u8::from(t.cert_usage),
                selector: u8::from(t.selector),
                matching: u8::from(t.matching),
                data: t.cert_data.clone(),
            },
            other => Data::Other(u16::from(other.record_type())),
        };
        Self {
            name: name_text(&r.name),
            ttl: r.ttl,
            data,
        }
    }
}
