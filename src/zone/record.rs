//! Records: a name relative to the zone, a type, a TTL and typed values.

use std::net::IpAddr;

/// The record types the rules look at, plus any other type kept by mnemonic.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RType {
    /// IPv4 address.
    A,
    /// IPv6 address.
    Aaaa,
    /// Canonical name (alias).
    Cname,
    /// Mail exchange.
    Mx,
    /// Text (SPF, DMARC, ...).
    Txt,
    /// Any other type, by its upper-case mnemonic (`NS`, `SRV`, `TYPE65`, ...).
    Other(String),
}

impl RType {
    /// Parses a type mnemonic, case-insensitively; `None` if it is not one.
    pub fn parse(s: &str) -> Option<RType> {
        let upper = s.to_ascii_uppercase();
        let valid = !upper.is_empty()
            && upper.len() <= 16
            && upper.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && upper
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic());
        if !valid {
            return None;
        }
        Some(match upper.as_str() {
            "A" => RType::A,
            "AAAA" => RType::Aaaa,
            "CNAME" => RType::Cname,
            "MX" => RType::Mx,
            "TXT" => RType::Txt,
            _ => RType::Other(upper),
        })
    }

    /// The mnemonic, as octoDNS spells it (`MX`, `TXT`, ...).
    pub fn as_str(&self) -> &str {
        match self {
            RType::A => "A",
            RType::Aaaa => "AAAA",
            RType::Cname => "CNAME",
            RType::Mx => "MX",
            RType::Txt => "TXT",
            RType::Other(s) => s,
        }
    }
}

impl PartialOrd for RType {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Types sort by mnemonic, as octoDNS sorts `(name, _type)`.
impl Ord for RType {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// One MX value: preference and exchange (IDNA-encoded, lower-case).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MxValue {
    /// Lower is preferred (RFC 5321 §5.1).
    pub preference: u16,
    /// The exchange host name, IDNA-encoded and lower-case (`.` for a Null MX).
    pub exchange: String,
}

impl MxValue {
    /// `0 .`, the Null MX of RFC 7505.
    pub fn is_null(&self) -> bool {
        self.preference == 0 && crate::mail::mx::is_root(&self.exchange)
    }
}

/// Zone values are read as an MX set through the mail-facts layer.
impl crate::mail::MxFields for MxValue {
    fn preference(&self) -> u16 {
        self.preference
    }
    fn exchange(&self) -> &str {
        &self.exchange
    }
}

/// Typed record values, sorted the way octoDNS sorts them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RData {
    /// MX values.
    Mx(Vec<MxValue>),
    /// TXT values in octoDNS's internal form (`;` escaped as `\;` when it was).
    Txt(Vec<String>),
    /// A and AAAA addresses.
    Address(Vec<IpAddr>),
    /// CNAME target (at most one) or values of any other type, as text.
    Text(Vec<String>),
}

impl RData {
    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            RData::Mx(v) => v.len(),
            RData::Txt(v) | RData::Text(v) => v.len(),
            RData::Address(v) => v.len(),
        }
    }

    /// True when the record has no value at all (octoDNS lenient accepts that).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The zone's names, shared by its records for their `fqdn`s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZoneName {
    /// IDNA-encoded, lower-case, with the trailing dot.
    pub name: String,
    /// Unicode form of `name`.
    pub decoded: String,
}

/// A record set: every value of one type at one name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Relative to the zone, IDNA-encoded and lower-case; `""` is the apex.
    pub name: String,
    /// Unicode form of `name`.
    pub decoded_name: String,
    /// The record type.
    pub rtype: RType,
    /// Time to live, in seconds.
    pub ttl: i64,
    /// The values, typed by `rtype`.
    pub data: RData,
}

impl Record {
    /// Fully qualified, IDNA-encoded name (`name.zone.` or `zone.`).
    pub fn fqdn(&self, zone: &ZoneName) -> String {
        join(&self.name, &zone.name)
    }

    /// Fully qualified Unicode name.
    pub fn decoded_fqdn(&self, zone: &ZoneName) -> String {
        join(&self.decoded_name, &zone.decoded)
    }

    /// MX values, empty for other types.
    pub fn mx_values(&self) -> &[MxValue] {
        match &self.data {
            RData::Mx(v) => v,
            _ => &[],
        }
    }

    /// TXT values, empty for other types.
    pub fn txt_values(&self) -> &[String] {
        match &self.data {
            RData::Txt(v) => v,
            _ => &[],
        }
    }
}

fn join(name: &str, zone: &str) -> String {
    if name.is_empty() {
        zone.to_string()
    } else {
        format!("{name}.{zone}")
    }
}
