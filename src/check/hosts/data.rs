//! What the DNS said about one MX host beyond its addresses (no I/O here).

use std::net::IpAddr;

use super::super::data::Lookup;

/// The forward lookup of one PTR target: its A (for an IPv4 address) or
/// AAAA (for IPv6) records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forward {
    /// The PTR target (no trailing dot).
    pub name: String,
    /// Its addresses of the family of the address being confirmed.
    pub addresses: Lookup<IpAddr>,
}

/// The reverse DNS of one address of an MX host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reverse {
    /// The address.
    pub ip: IpAddr,
    /// Its reverse name (`in-addr.arpa` / `ip6.arpa`, no trailing dot).
    pub name: String,
    /// The PTR query of `name`: the target names.
    pub ptr: Lookup<String>,
    /// The forward lookups of the first PTR targets (at most
    /// [`super::gather::MAX_PTR_NAMES`]), in PTR answer order.
    pub forward: Vec<Forward>,
}

/// The verdict on one address's reverse DNS (forward-confirmed reverse DNS:
/// some PTR target's A/AAAA records contain the address; RFC 8601 §3,
/// RFC 1912 §2.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fcrdns {
    /// This PTR target resolves back to the address.
    Confirmed(String),
    /// PTR targets exist, none resolves back to the address.
    NotConfirmed(Vec<String>),
    /// No PTR record (NXDOMAIN or no records).
    Missing,
    /// A lookup failed (the reason) and no target confirmed the address:
    /// undecided (a temporary error, never "missing").
    Failed(String),
}

impl Reverse {
    /// The FCrDNS verdict of this address.
    pub fn verdict(&self) -> Fcrdns {
        if let Some(reason) = self.ptr.failure() {
            return Fcrdns::Failed(format!("PTR lookup of {}: {reason}", self.name));
        }
        let targets = self.ptr.records();
        if targets.is_empty() {
            return Fcrdns::Missing;
        }
        if let Some(f) = self
            .forward
            .iter()
            .find(|f| f.addresses.records().contains(&self.ip))
        {
            return Fcrdns::Confirmed(f.name.clone());
        }
        if let Some((name, reason)) = self
            .forward
            .iter()
            .find_map(|f| f.addresses.failure().map(|r| (&f.name, r)))
        {
            return Fcrdns::Failed(format!("address lookup of {name}: {reason}"));
        }
        Fcrdns::NotConfirmed(targets.to_vec())
    }
}

/// One TLSA record (RFC 6698 §2.1), fields as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsaRecord {
    /// Certificate usage: 0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE (RFC 7218).
    pub usage: u8,
    /// Selector: 0 full certificate, 1 SubjectPublicKeyInfo.
    pub selector: u8,
    /// Matching type: 0 full, 1 SHA-256, 2 SHA-512.
    pub matching: u8,
    /// Certificate association data.
    pub data: Vec<u8>,
}

impl TlsaRecord {
    /// The presentation form, `3 1 1 <hex>` (RFC 6698 §2.2).
    pub fn text(&self) -> String {
        let hex: String = self.data.iter().map(|b| format!("{b:02x}")).collect();
        format!("{} {} {} {hex}", self.usage, self.selector, self.matching)
    }
}

/// The TLSA query of one MX host, asked with the DO bit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsaLookup {
    /// The queried name, `_25._tcp.<exchange>` (RFC 7672 §2.2.3).
    pub name: String,
    /// The records.
    pub lookup: Lookup<TlsaRecord>,
    /// Whether the resolver set the AD bit on the answer (RFC 4035 §3.2.3):
    /// only then do DANE senders use the records (RFC 7672 §2.1.1).
    pub authenticated: bool,
}

/// Everything gathered about one MX host beyond its addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostChecks {
    /// The exchange as published (no trailing dot).
    pub exchange: String,
    /// The reverse DNS of its public addresses (at most
    /// [`super::gather::MAX_PTR_ADDRESSES`]), A first.
    pub reverse: Vec<Reverse>,
    /// Its TLSA records.
    pub tlsa: TlsaLookup,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reverse(ptr: Lookup<String>, forward: Vec<Forward>) -> Reverse {
        Reverse {
            ip: "192.0.2.1".parse().unwrap(),
            name: "1.2.0.192.in-addr.arpa".into(),
            ptr,
            forward,
        }
    }

    fn fwd(name: &str, addresses: Lookup<IpAddr>) -> Forward {
        Forward {
            name: name.into(),
            addresses,
        }
    }

    #[test]
    fn verdicts() {
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let other: IpAddr = "192.0.2.9".parse().unwrap();
        let names = || Lookup::Found(vec!["a.e".to_owned(), "b.e".to_owned()]);
        assert_eq!(reverse(Lookup::NxDomain, vec![]).verdict(), Fcrdns::Missing);
        assert_eq!(
            reverse(Lookup::Found(vec![]), vec![]).verdict(),
            Fcrdns::Missing
        );
        assert!(matches!(
            reverse(Lookup::Failed("SERVFAIL".into()), vec![]).verdict(),
            Fcrdns::Failed(r) if r.contains("SERVFAIL")
        ));
        let confirmed = reverse(
            names(),
            vec![
                fwd("a.e", Lookup::Failed("SERVFAIL".into())),
                fwd("b.e", Lookup::Found(vec![other, ip])),
            ],
        );
        assert_eq!(confirmed.verdict(), Fcrdns::Confirmed("b.e".into()));
        let failed = reverse(
            names(),
            vec![
                fwd("a.e", Lookup::Found(vec![other])),
                fwd("b.e", Lookup::Failed("Timeout after 1s".into())),
            ],
        );
        assert!(matches!(failed.verdict(), Fcrdns::Failed(r) if r.contains("b.e")));
        let not = reverse(
            names(),
            vec![
                fwd("a.e", Lookup::NxDomain),
                fwd("b.e", Lookup::Found(vec![other])),
            ],
        );
        assert_eq!(
            not.verdict(),
            Fcrdns::NotConfirmed(vec!["a.e".into(), "b.e".into()])
        );
    }

    #[test]
    fn tlsa_text() {
        let r = TlsaRecord {
            usage: 3,
            selector: 1,
            matching: 1,
            data: vec![0x0a, 0xff],
        };
        assert_eq!(r.text(), "3 1 1 0aff");
    }
}
