//! Loading octoDNS's YAML layout: `{name: record | [record, ...]}` where a
//! record is `{type, ttl?, value | values, octodns?}`.

use std::sync::Arc;

use super::error::ZoneError;
use super::input::{typed_values, InputValue};
use super::model::Zone;
use super::record::{RType, Record};

/// Default TTL when a record has none (octoDNS YamlProvider's `default_ttl`).
pub const DEFAULT_TTL: i64 = 3600;

impl Zone {
    /// Adds one record from loosely typed values (a single value or a list),
    /// normalised as octoDNS does with `lenient: true`.
    pub fn add_input(
        &mut self,
        name: &str,
        rtype: &str,
        values: &InputValue,
        ttl: i64,
        escape_semicolons: bool,
        replace: bool,
    ) -> Result<Arc<Record>, ZoneError> {
        let (name, decoded_name) = self.normalize_name(name)?;
        let fqdn = self.fqdn_of(&name);
        let rtype = RType::parse(rtype).ok_or_else(|| ZoneError::InvalidType {
            fqdn: fqdn.clone(),
            rtype: rtype.to_string(),
        })?;
        let list = match values {
            InputValue::List(items) => items.as_slice(),
            single => std::slice::from_ref(single),
        };
        let data = typed_values(&rtype, list, &fqdn, escape_semicolons)?;
        self.insert(
            Record {
                name,
                decoded_name,
                rtype,
                ttl,
                data,
            },
            replace,
        )
    }

    /// Builds a zone from octoDNS's YAML layout.
    pub fn from_input(
        name: &str,
        sub_zones: Vec<String>,
        data: &[(String, InputValue)],
        escape_semicolons: bool,
    ) -> Result<Zone, ZoneError> {
        let mut zone = Zone::new(name, sub_zones)?;
        for (rname, entry) in data {
            zone.add_entry(rname, entry, escape_semicolons)?;
        }
        Ok(zone)
    }

    /// Adds what one name maps to: a record mapping or a list of them.
    pub fn add_entry(
        &mut self,
        name: &str,
        entry: &InputValue,
        escape_semicolons: bool,
    ) -> Result<(), ZoneError> {
        let records = match entry {
            InputValue::List(items) => items.as_slice(),
            single => std::slice::from_ref(single),
        };
        for record in records {
            self.add_record_data(name, record, escape_semicolons)?;
        }
        Ok(())
    }

    /// Adds one `{type, ttl, value(s)}` mapping at `name`.
    pub fn add_record_data(
        &mut self,
        name: &str,
        record: &InputValue,
        escape_semicolons: bool,
    ) -> Result<Arc<Record>, ZoneError> {
        let fqdn = self.fqdn_of(name);
        let invalid = |detail: String| ZoneError::InvalidData {
            detail: format!("record \"{fqdn}\": {detail}"),
        };
        if !matches!(record, InputValue::Map(_)) {
            return Err(invalid(format!("{} is not a mapping", record.describe())));
        }
        let rtype = match record.get("type") {
            Some(InputValue::Str(t)) => t.clone(),
            Some(other) => {
                return Err(invalid(format!(
                    "type {} is not a string",
                    other.describe()
                )))
            }
            None => return Err(invalid("missing type".into())),
        };
        let ttl = match record.get("ttl") {
            None => DEFAULT_TTL,
            Some(InputValue::Int(t)) => *t,
            Some(InputValue::Str(s)) => s
                .trim()
                .parse()
                .map_err(|_| invalid(format!("invalid ttl {s:?}")))?,
            Some(other) => return Err(invalid(format!("invalid ttl {}", other.describe()))),
        };
        let values = match (record.get("values"), record.get("value")) {
            (Some(v), _) | (None, Some(v)) => v.clone(),
            (None, None) => InputValue::List(Vec::new()),
        };
        self.add_input(name, &rtype, &values, ttl, escape_semicolons, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::input::test_values::{map, s};
    use crate::zone::record::RData;

    #[test]
    fn loads_layout() {
        let data = vec![
            (
                String::new(),
                InputValue::List(vec![
                    map(&[("type", s("MX")), ("value", s("10 mx.example.com."))]),
                    map(&[
                        ("type", s("TXT")),
                        ("ttl", InputValue::Int(60)),
                        ("values", InputValue::List(vec![s("v=spf1 -all")])),
                    ]),
                ]),
            ),
            (
                "_DMARC".to_string(),
                map(&[("type", s("TXT")), ("value", s("v=DMARC1\\; p=reject"))]),
            ),
        ];
        let z = Zone::from_input("example.com", vec![], &data, false).unwrap();
        assert_eq!(z.len(), 3);
        let txt = z.get_type("", &RType::Txt).unwrap();
        assert_eq!(txt.ttl, 60);
        assert_eq!(z.get_type("", &RType::Mx).unwrap().ttl, DEFAULT_TTL);
        assert!(
            matches!(&z.get_type("_dmarc", &RType::Txt).unwrap().data, RData::Txt(v) if v[0] == "v=DMARC1\\; p=reject")
        );
    }

    #[test]
    fn bad_layout() {
        let no_type = vec![("www".to_string(), map(&[("value", s("1.2.3.4"))]))];
        let e = Zone::from_input("example.com", vec![], &no_type, false).unwrap_err();
        assert!(e.to_string().contains("www.example.com."), "{e}");
        let bad_type = vec![("www".to_string(), map(&[("type", s("A B"))]))];
        assert!(Zone::from_input("example.com", vec![], &bad_type, false).is_err());
    }
}
