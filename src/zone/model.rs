//! The zone: records by (name, type), sub-zones, and octoDNS's ownership rules.

use std::collections::HashMap;
use std::sync::Arc;

use super::error::ZoneError;
use super::idna::{idna_decode, idna_encode};
use super::record::{RData, RType, Record, ZoneName};

/// A DNS zone as octoDNS models it: records keyed by (relative name, type).
#[derive(Debug, Clone)]
pub struct Zone {
    names: Arc<ZoneName>,
    sub_zones: Vec<String>,
    /// name -> records at that name, sorted by type.
    nodes: HashMap<String, Vec<Arc<Record>>>,
    count: usize,
}

impl Zone {
    /// A zone named `name` (`example.com` or `example.com.`; IDN accepted).
    /// `sub_zones` are names relative to the zone, as octoDNS takes them.
    pub fn new(name: &str, sub_zones: Vec<String>) -> Result<Zone, ZoneError> {
        let bad = |reason: &str| ZoneError::InvalidZoneName {
            name: name.to_string(),
            reason: reason.to_string(),
        };
        if name.is_empty() {
            return Err(bad("empty name"));
        }
        if name.chars().any(char::is_whitespace) {
            return Err(bad("whitespace not allowed"));
        }
        let dotted = if name.ends_with('.') {
            name.to_string()
        } else {
            format!("{name}.")
        };
        if dotted.contains("..") {
            return Err(bad("double dot not allowed"));
        }
        let encoded = idna_encode(&dotted).map_err(|e| bad(&e))?;
        let decoded = idna_decode(&encoded).map_err(|e| bad(&e))?;
        Ok(Zone {
            names: Arc::new(ZoneName {
                name: encoded,
                decoded,
            }),
            sub_zones,
            nodes: HashMap::new(),
            count: 0,
        })
    }

    /// IDNA-encoded name with the trailing dot.
    pub fn name(&self) -> &str {
        &self.names.name
    }

    /// Unicode name with the trailing dot.
    pub fn decoded_name(&self) -> &str {
        &self.names.decoded
    }

    /// Both names, shared with records for their fqdns.
    pub fn names(&self) -> &Arc<ZoneName> {
        &self.names
    }

    /// Sub-zone names, relative, as given.
    pub fn sub_zones(&self) -> &[String] {
        &self.sub_zones
    }

    /// Number of records (record sets).
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when the zone has no record.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Normalises a relative record name the way octoDNS does (IDNA, lower case).
    pub fn normalize_name(&self, name: &str) -> Result<(String, String), ZoneError> {
        let bad = |reason: String| ZoneError::InvalidRecordName {
            name: name.to_string(),
            reason,
        };
        if name.contains(' ') || name.contains('\t') || name.contains('\n') {
            return Err(bad("whitespace is not allowed".into()));
        }
        let encoded = idna_encode(name).map_err(bad)?;
        let decoded = idna_decode(&encoded).map_err(bad)?;
        Ok((encoded, decoded))
    }

    /// The fqdn a relative name would have (for error messages).
    pub fn fqdn_of(&self, name: &str) -> String {
        if name.is_empty() {
            self.names.name.clone()
        } else {
            format!("{name}.{}", self.names.name)
        }
    }

    /// Adds a record built by the caller. Names under a sub-zone are accepted
    /// with a warning, as octoDNS does for lenient records; a second record
    /// with the same (name, type) is an error unless `replace`.
    pub fn insert(&mut self, record: Record, replace: bool) -> Result<Arc<Record>, ZoneError> {
        self.warn_if_sub_zone(&record);
        let record = Arc::new(record);
        let node = self.nodes.entry(record.name.clone()).or_default();
        match node.binary_search_by(|r| r.rtype.cmp(&record.rtype)) {
            Ok(i) if replace => node[i] = record.clone(),
            Ok(_) => {
                return Err(ZoneError::Duplicate {
                    fqdn: record.fqdn(&self.names),
                    rtype: record.rtype.as_str().to_string(),
                })
            }
            Err(i) => {
                node.insert(i, record.clone());
                self.count += 1;
            }
        }
        Ok(record)
    }

    /// Builds and adds a record from already-typed values.
    pub fn add(
        &mut self,
        name: &str,
        rtype: RType,
        ttl: i64,
        data: RData,
    ) -> Result<Arc<Record>, ZoneError> {
        let (name, decoded_name) = self.normalize_name(name)?;
        self.insert(
            Record {
                name,
                decoded_name,
                rtype,
                ttl,
                data,
            },
            false,
        )
    }

    fn warn_if_sub_zone(&self, record: &Record) {
        if self.sub_zones.is_empty() {
            return;
        }
        let name = &record.name;
        if self.sub_zones.iter().any(|s| s == name) {
            if !matches!(&record.rtype, RType::Other(t) if t == "NS" || t == "DS") {
                log::warn!(
                    "Record {} is a managed sub-zone and not of type NS or DS",
                    record.fqdn(&self.names)
                );
            }
        } else if self.sub_zones.iter().any(|s| is_under(name, s)) {
            log::warn!(
                "Record {} is under a managed subzone",
                record.fqdn(&self.names)
            );
        }
    }

    /// All records, sorted by (name, type).
    pub fn records(&self) -> Vec<Arc<Record>> {
        let mut names: Vec<&String> = self.nodes.keys().collect();
        names.sort();
        names
            .into_iter()
            .flat_map(|n| self.nodes[n].iter().cloned())
            .collect()
    }

    /// Records of one type, sorted by name.
    pub fn records_of_type(&self, rtype: &RType) -> Vec<Arc<Record>> {
        let mut out: Vec<Arc<Record>> = self
            .nodes
            .values()
            .filter_map(|node| node.iter().find(|r| &r.rtype == rtype).cloned())
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// Records at `name` (exact, already normalised), sorted by type.
    pub fn get(&self, name: &str) -> &[Arc<Record>] {
        self.nodes.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The record of `rtype` at `name`, if any.
    pub fn get_type(&self, name: &str, rtype: &RType) -> Option<&Arc<Record>> {
        self.get(name).iter().find(|r| &r.rtype == rtype)
    }

    /// octoDNS `Zone.hostname_from_fqdn` for ASCII names: removes the zone
    /// suffix the way its regex `\.?{zone.name}?$` does (dots in the zone
    /// name match any character, its final dot is optional).
    pub fn hostname_from_fqdn(&self, fqdn: &str) -> String {
        let s = fqdn.to_lowercase();
        match suffix_match_start(s.as_bytes(), self.names.name.as_bytes()) {
            Some(p) => s[..p].to_string(),
            None => s,
        }
    }

    /// octoDNS `Zone.owns`: true if a record of `rtype` at `fqdn` belongs in
    /// this zone rather than outside it or in a sub-zone (NS at a sub-zone
    /// boundary belongs to the parent).
    pub fn owns(&self, rtype: &str, fqdn: &str) -> bool {
        if fqdn.is_empty() {
            return false;
        }
        let dotted: std::borrow::Cow<str> = if fqdn.ends_with('.') {
            fqdn.into()
        } else {
            format!("{fqdn}.").into()
        };
        let zone = self.names.name.as_str();
        if dotted == zone {
            return true;
        }
        let under = dotted.len() > zone.len()
            && dotted.ends_with(zone)
            && dotted.as_bytes()[dotted.len() - zone.len() - 1] == b'.';
        if !under {
            return false;
        }
        if self.sub_zones.is_empty() {
            return true;
        }
        let hostname = self.hostname_from_fqdn(&dotted);
        if self.sub_zones.contains(&hostname) {
            return rtype == "NS";
        }
        !self.sub_zones.iter().any(|s| is_under(&hostname, s))
    }
}

/// `name` ends with `.{sub}`.
fn is_under(name: &str, sub: &str) -> bool {
    name.len() > sub.len()
        && name.ends_with(sub)
        && name.as_bytes()[name.len() - sub.len() - 1] == b'.'
}

/// Start of the leftmost match of `\.?{zone}?$` in `s` (zone's dots are
/// wildcards, its last character optional), if any.
fn suffix_match_start(s: &[u8], zone: &[u8]) -> Option<usize> {
    let m = zone.len();
    if m == 0 {
        return None;
    }
    let core = &zone[..m - 1];
    let core_matches = |t: &[u8]| {
        t.len() == core.len()
            && t.iter()
                .zip(core)
                .all(|(a, b)| *b == b'.' || a.eq_ignore_ascii_case(b))
    };
    let lo = s.len().saturating_sub(m + 1);
    (lo..=s.len()).find(|&p| {
        let t = &s[p..];
        [(true, true), (true, false), (false, true), (false, false)]
            .iter()
            .any(|&(lead, tail)| {
                let need = core.len() + usize::from(lead) + usize::from(tail);
                if t.len() != need || (lead && t[0] != b'.') {
                    return false;
                }
                let start = usize::from(lead);
                core_matches(&t[start..start + core.len()])
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(subs: &[&str]) -> Zone {
        Zone::new("Example.com", subs.iter().map(|s| s.to_string()).collect()).unwrap()
    }

    #[test]
    fn names() {
        let z = Zone::new("Bücher.Example", vec![]).unwrap();
        assert_eq!(z.name(), "xn--bcher-kva.example.");
        assert_eq!(z.decoded_name(), "bücher.example.");
        assert!(Zone::new("a..b.", vec![]).is_err());
        assert!(Zone::new("a b.", vec![]).is_err());
        assert!(Zone::new("", vec![]).is_err());
    }

    #[test]
    fn hostname_from_fqdn_like_octodns() {
        let z = zone(&[]);
        assert_eq!(z.hostname_from_fqdn("www.example.com."), "www");
        assert_eq!(z.hostname_from_fqdn("www.example.com"), "www");
        assert_eq!(z.hostname_from_fqdn("example.com."), "");
        assert_eq!(z.hostname_from_fqdn("a.b.example.com."), "a.b");
        // dots of the zone name are regex wildcards in octoDNS
        assert_eq!(z.hostname_from_fqdn("wwwXexampleYcom."), "wwwx");
        assert_eq!(z.hostname_from_fqdn("other.org."), "other.org.");
    }

    #[test]
    fn owns_like_octodns() {
        let z = zone(&["sub"]);
        assert!(z.owns("A", "example.com."));
        assert!(z.owns("A", "www.example.com"));
        assert!(!z.owns("A", "wwwexample.com."));
        assert!(!z.owns("A", "sub.example.com."));
        assert!(z.owns("NS", "sub.example.com."));
        assert!(!z.owns("A", "x.sub.example.com."));
        assert!(z.owns("A", "xsub.example.com."));
        assert!(!z.owns("A", "."));
        assert!(!z.owns("A", ""));
    }

    #[test]
    fn records_sorted_and_duplicates_rejected() {
        let mut z = zone(&[]);
        z.add("www", RType::Txt, 60, RData::Txt(vec![])).unwrap();
        z.add("", RType::Mx, 60, RData::Mx(vec![])).unwrap();
        z.add("", RType::A, 60, RData::Address(vec![])).unwrap();
        let e = z
            .add("WWW", RType::Txt, 60, RData::Txt(vec![]))
            .unwrap_err();
        assert!(e.to_string().contains("www.example.com."));
        let order: Vec<_> = z
            .records()
            .iter()
            .map(|r| (r.name.clone(), r.rtype.clone()))
            .collect();
        assert_eq!(
            order,
            vec![
                ("".into(), RType::A),
                ("".into(), RType::Mx),
                ("www".into(), RType::Txt)
            ]
        );
        assert_eq!(z.len(), 3);
    }
}
