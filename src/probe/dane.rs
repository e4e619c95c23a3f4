//! DANE for SMTP (RFC 7672) with TLSA records (RFC 6698 §2.1): DANE-EE
//! (usage 3) against the leaf, DANE-TA (usage 2) against an issuer in the
//! presented chain; selector 0 (full certificate) or 1 (SPKI); matching 0
//! (exact), 1 (SHA-256) or 2 (SHA-512). PKIX usages 0 and 1 are not used
//! for SMTP (RFC 7672 §3.1.3) and count as unusable.

use ring::digest;

use super::cert;

/// One TLSA record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tlsa {
    /// Certificate usage.
    pub usage: u8,
    /// Selector.
    pub selector: u8,
    /// Matching type.
    pub matching: u8,
    /// Certificate association data.
    pub data: Vec<u8>,
}

impl Tlsa {
    /// `"3 1 1"`: the three numbers of the record.
    pub fn params(&self) -> String {
        format!("{} {} {}", self.usage, self.selector, self.matching)
    }

    /// Whether a sender can use it (RFC 7672 §3.1: usages 2 and 3,
    /// selectors 0/1, matching 0/1/2).
    pub fn usable(&self) -> bool {
        matches!(self.usage, 2 | 3) && self.selector <= 1 && self.matching <= 2
    }

    /// Whether it matches the DER certificate `der`.
    fn matches_cert(&self, der: &[u8]) -> bool {
        let selected = match self.selector {
            0 => der.to_vec(),
            1 => match cert::spki(der) {
                Some(s) => s,
                None => return false,
            },
            _ => return false,
        };
        match self.matching {
            0 => selected == self.data,
            1 => digest::digest(&digest::SHA256, &selected).as_ref() == self.data.as_slice(),
            2 => digest::digest(&digest::SHA512, &selected).as_ref() == self.data.as_slice(),
            _ => false,
        }
    }
}

/// The first usable record that `chain` (leaf first, DER) matches: usage 3
/// against the leaf, usage 2 against any certificate after it.
pub fn first_match<'a>(records: &'a [Tlsa], chain: &[Vec<u8>]) -> Option<&'a Tlsa> {
    let (leaf, issuers) = chain.split_first()?;
    records
        .iter()
        .filter(|r| r.usable())
        .find(|r| match r.usage {
            3 => r.matches_cert(leaf),
            _ => issuers.iter().any(|c| r.matches_cert(c)),
        })
}
