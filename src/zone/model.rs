//! The zone: records by (name, type), sub-zones, and octoDNS's ownership rules.

use std::collections::HashMap;
use std::sync::Arc;

use super::error::ZoneError;
use super::idna::{idna_decode, idna_encode};
use super::record::{RData, RType, Record, ZoneName};
use super::txt_facts::SpfSummary;

mod ownership;

use ownership::is_under;

/// A DNS zone as octoDNS models it: records keyed by (relative name, type).
///
/// Besides the records it keeps, computed as records are added, what the mail
/// rules look up: per name a bit per type present and a summary of its SPF
/// values; per MX record (in insertion order) the name each exchange resolves
/// to inside the zone. Validation then walks compact arrays only.
#[derive(Debug, Clone)]
pub struct Zone {
    names: Arc<ZoneName>,
    sub_zones: Vec<String>,
    /// name -> node id.
    index: HashMap<Box<str>, u32, foldhash::fast::RandomState>,
    nodes: Vec<Node>,
    /// MX records in insertion order.
    mx: Vec<MxEntry>,
    /// Per MX value: the node its exchange names when the zone owns it.
    targets: Vec<Option<u32>>,
    /// False when a partial read for the mail rule alone skips resolving them.
    resolve_targets: bool,
    count: usize,
}

/// The records at one name, sorted by type; a bit per type present (a type
/// can be present without its record when the zone was read partially, for
/// validation only); the SPF facts of its TXT record.
#[derive(Debug, Clone, Default)]
struct Node {
    mask: u8,
    spf: SpfSummary,
    /// Position of its MX record in `Zone::mx`.
    mx_slot: Option<u32>,
    records: Vec<(RType, Arc<Record>)>,
}

/// An MX record with what the rules need of it at hand.
#[derive(Debug, Clone)]
pub struct MxEntry {
    /// The MX record itself.
    pub record: Arc<Record>,
    /// Node of the record's own name.
    pub node: u32,
    /// Number of values, and whether they are exactly one Null MX.
    pub values: usize,
    /// Whether the record is exactly one Null MX (`0 .`).
    pub null: bool,
    targets: (usize, usize),
}

/// Bit of a type in [`Node::mask`].
fn type_bit(rtype: &RType) -> u8 {
    match rtype {
        RType::A => 1,
        RType::Aaaa => 2,
        RType::Cname => 4,
        RType::Mx => 8,
        RType::Txt => 16,
        RType::Other(_) => 32,
    }
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
            index: HashMap::default(),
            nodes: Vec::new(),
            mx: Vec::new(),
            targets: Vec::new(),
            resolve_targets: true,
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
        if name.chars().any(char::is_whitespace) {
            return Err(bad("whitespace is not allowed".into()));
        }
        if name
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
            && !name.contains("xn--")
        {
            return Ok((name.to_string(), name.to_string()));
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
        let id = self.node_id(&record.name);
        let node = &mut self.nodes[id as usize];
        match node.records.binary_search_by(|(t, _)| t.cmp(&record.rtype)) {
            Ok(i) if replace => node.records[i].1 = record.clone(),
            Ok(_) => {
                return Err(ZoneError::Duplicate {
                    fqdn: record.fqdn(&self.names),
                    rtype: record.rtype.as_str().to_string(),
                })
            }
            Err(i) => {
                node.records
                    .insert(i, (record.rtype.clone(), record.clone()));
                self.count += 1;
            }
        }
        node.mask |= type_bit(&record.rtype);
        match record.rtype {
            RType::Txt => node.spf = SpfSummary::of(record.txt_values()),
            RType::Mx => self.index_mx(&record, id),
            _ => {}
        }
        Ok(record)
    }

    /// Do not resolve MX exchanges to names (a read for the mail rule only:
    /// the MX-target rules then see no in-zone target).
    pub fn skip_mx_targets(&mut self) {
        self.resolve_targets = false;
    }

    /// Room for `names` more names (a loader that knows its size).
    pub fn reserve(&mut self, names: usize) {
        self.index.reserve(names);
        self.nodes.reserve(names);
    }

    /// Notes that a record of `rtype` exists at `name` (already normalised)
    /// without keeping it: enough for the ownership and existence rules.
    pub fn insert_stub(&mut self, name: &str, rtype: &RType) {
        let id = self.node_id(name);
        self.nodes[id as usize].mask |= type_bit(rtype);
    }

    /// Fills in the types present at every name that is only known as an MX
    /// target so far (a partial read resolves just those names).
    pub fn fill_target_nodes<E>(
        &mut self,
        mut types_at: impl FnMut(&str, &mut Vec<RType>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut types = Vec::new();
        for (name, &id) in &self.index {
            let node = &mut self.nodes[id as usize];
            if node.mask != 0 || !node.records.is_empty() {
                continue;
            }
            types.clear();
            types_at(name, &mut types)?;
            for rtype in &types {
                node.mask |= type_bit(rtype);
            }
        }
        Ok(())
    }

    /// The node of `name`, created empty if new.
    fn node_id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = u32::try_from(self.nodes.len()).expect("fewer than 2^32 names");
        self.nodes.push(Node::default());
        self.index.insert(name.into(), id);
        id
    }

    /// Records an MX record and resolves its in-zone exchanges to nodes.
    fn index_mx(&mut self, record: &Arc<Record>, node: u32) {
        let start = self.targets.len();
        for value in record.mx_values() {
            // owns() answers the same for every type but NS; the rules ask for A/CNAME
            if !self.resolve_targets {
                self.targets.push(None);
                continue;
            }
            let host = self.owned_hostname("A", &value.exchange);
            let target = host.map(|host| self.node_id(&host));
            self.targets.push(target);
        }
        let values = record.mx_values();
        let entry = MxEntry {
            record: record.clone(),
            node,
            values: values.len(),
            null: crate::mail::MxSet::new(values).single_null(),
            targets: (start, self.targets.len()),
        };
        match self.nodes[node as usize].mx_slot {
            Some(slot) => self.mx[slot as usize] = entry,
            None => {
                let slot = u32::try_from(self.mx.len()).expect("fewer than 2^32 MX records");
                self.nodes[node as usize].mx_slot = Some(slot);
                self.mx.push(entry);
            }
        }
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
        let mut names: Vec<(&Box<str>, &u32)> = self.index.iter().collect();
        names.sort();
        names
            .into_iter()
            .flat_map(|(_, &id)| {
                self.nodes[id as usize]
                    .records
                    .iter()
                    .map(|(_, r)| r.clone())
            })
            .collect()
    }

    /// Records of one type, sorted by name.
    pub fn records_of_type(&self, rtype: &RType) -> Vec<Arc<Record>> {
        if *rtype == RType::Mx {
            let mut out: Vec<Arc<Record>> = self.mx.iter().map(|e| e.record.clone()).collect();
            out.sort_by(|a, b| a.name.cmp(&b.name));
            return out;
        }
        let mut out: Vec<Arc<Record>> = self
            .nodes
            .iter()
            .filter_map(|node| node.records.iter().find(|(t, _)| t == rtype))
            .map(|(_, r)| r.clone())
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// MX records in insertion order (cheapest to walk; sort findings after).
    pub fn mx_entries(&self) -> &[MxEntry] {
        &self.mx
    }

    /// Per value of `entry` (in value order): the node its exchange names
    /// when this zone owns the exchange (for any type but NS).
    pub fn mx_targets(&self, entry: &MxEntry) -> &[Option<u32>] {
        &self.targets[entry.targets.0..entry.targets.1]
    }

    /// True if anything exists at node `id`.
    pub fn node_exists(&self, id: u32) -> bool {
        self.nodes[id as usize].mask != 0
    }

    /// True if a record of `rtype` (not an "other" type) exists at node `id`.
    pub fn node_has(&self, id: u32, rtype: &RType) -> bool {
        self.nodes[id as usize].mask & type_bit(rtype) != 0
    }

    /// SPF facts of the TXT record at node `id`.
    pub fn node_spf(&self, id: u32) -> SpfSummary {
        self.nodes[id as usize].spf
    }

    /// The record of `rtype` at node `id`.
    pub fn node_record(&self, id: u32, rtype: &RType) -> Option<&Arc<Record>> {
        let node = &self.nodes[id as usize];
        node.records
            .iter()
            .find(|(t, _)| t == rtype)
            .map(|(_, r)| r)
    }

    fn node(&self, name: &str) -> Option<&Node> {
        self.index.get(name).map(|&id| &self.nodes[id as usize])
    }

    /// Records at `name` (exact, already normalised), sorted by type.
    pub fn get(&self, name: &str) -> impl Iterator<Item = &Arc<Record>> {
        self.node(name)
            .into_iter()
            .flat_map(|n| n.records.iter().map(|(_, r)| r))
    }

    /// The record of `rtype` at `name`, if any.
    pub fn get_type(&self, name: &str, rtype: &RType) -> Option<&Arc<Record>> {
        let node = self.node(name)?;
        node.records
            .iter()
            .find(|(t, _)| t == rtype)
            .map(|(_, r)| r)
    }

    /// True if anything exists at `name` (octoDNS `bool(zone.get(name))`).
    pub fn has_name(&self, name: &str) -> bool {
        self.node(name).is_some_and(|n| n.mask != 0)
    }

    /// True if a record of `rtype` exists at `name`.
    pub fn has_type(&self, name: &str, rtype: &RType) -> bool {
        match self.node(name) {
            None => false,
            Some(n) if matches!(rtype, RType::Other(_)) => {
                n.records.iter().any(|(t, _)| t == rtype)
            }
            Some(n) => n.mask & type_bit(rtype) != 0,
        }
    }
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
