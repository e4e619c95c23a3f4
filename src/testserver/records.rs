//! The record data a test server answers from.

use std::collections::{BTreeMap, HashSet};

use hickory_proto::rr::{Name, Record, RecordType};

use super::error::RecordError;
use super::parse::{name_key, parse_name, parse_rdata, parse_type};

/// Records keyed by owner name (lower case, no trailing dot).
///
/// There is no zone cut: every name in the data is authoritative, and a name
/// that is neither in the data nor above a name in the data does not exist.
#[derive(Debug, Clone, Default)]
pub struct Records {
    by_name: BTreeMap<String, Vec<Record>>,
    /// Every name strictly above a name in the data (its parents, their
    /// parents, ...): answers "is this an empty non-terminal?" in one lookup,
    /// so an NXDOMAIN costs the same whatever the size of the data.
    parents: HashSet<String>,
}

impl Records {
    /// No records.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one record; `value` is in presentation format for `rtype`
    /// (`"10 mx1.example.com."`, `"192.0.2.1"`, `"v=spf1 -all"`, ...).
    pub fn add(
        &mut self,
        name: &str,
        rtype: &str,
        value: &str,
        ttl: u32,
    ) -> Result<(), RecordError> {
        let record = parse_record(name, rtype, value, ttl)?;
        self.insert(record);
        Ok(())
    }

    /// Adds an already parsed record; adding the same data again only
    /// updates its TTL.
    pub fn insert(&mut self, record: Record) {
        let key = name_key(&record.name);
        let mut rest = key.as_str();
        while let Some((_, parent)) = rest.split_once('.') {
            if !self.parents.insert(parent.to_owned()) {
                break; // its own parents are in already
            }
            rest = parent;
        }
        let rrs = self.by_name.entry(key).or_default();
        match rrs.iter_mut().find(|r| r.data == record.data) {
            Some(existing) => existing.ttl = record.ttl,
            None => rrs.push(record),
        }
    }

    /// Removes every record.
    pub fn clear(&mut self) {
        self.by_name.clear();
        self.parents.clear();
    }

    /// The number of records.
    pub fn len(&self) -> usize {
        self.by_name.values().map(Vec::len).sum()
    }

    /// True when there are no records.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// The records owned by `key` (a [`name_key`]), if the name has any.
    pub(crate) fn at(&self, key: &str) -> Option<&[Record]> {
        self.by_name.get(key).map(Vec::as_slice)
    }

    /// True when some name in the data lies strictly below `key`
    /// (`key` is then an empty non-terminal if it has no records itself).
    pub(crate) fn has_names_below(&self, key: &str) -> bool {
        if key.is_empty() {
            return !self.by_name.is_empty();
        }
        self.parents.contains(key)
    }
}

/// Builds a record from its textual parts.
pub fn parse_record(name: &str, rtype: &str, value: &str, ttl: u32) -> Result<Record, RecordError> {
    let owner: Name = parse_name(name)?;
    let rtype: RecordType = parse_type(rtype)?;
    let rdata = parse_rdata(rtype, value)?;
    Ok(Record::from_rdata(owner, ttl, rdata))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_keys_names_case_insensitively_and_dedups() {
        let mut records = Records::new();
        records
            .add("Example.com.", "MX", "10 mx.example.com.", 60)
            .unwrap();
        records
            .add("example.COM", "mx", "10 mx.example.com.", 60)
            .unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records.at("example.com").unwrap().len(), 1);
        assert!(records.add("example.com", "WKS", "x", 60).is_err());
    }

    #[test]
    fn names_below() {
        let mut records = Records::new();
        records
            .add("a.b.example.com", "A", "192.0.2.1", 60)
            .unwrap();
        assert!(records.has_names_below("b.example.com"));
        assert!(records.has_names_below("example.com"));
        assert!(records.has_names_below(""));
        assert!(!records.has_names_below("a.b.example.com"));
        assert!(!records.has_names_below("ample.com"));
    }
}
