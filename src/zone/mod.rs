//! The zone model: names (relative, absolute, IDN), records by (name, type)
//! with typed MX/TXT/CNAME/A/AAAA values, sub-zones and octoDNS's `owns()`,
//! and three ways in: octoDNS's YAML layout ([`Zone::from_input`]), RFC 1035
//! master files ([`Zone::from_zonefile_text`], [`Zone::from_zonefile_path`])
//! and record by record ([`Zone::add_input`]).

mod dict;
mod error;
mod idna;
mod input;
mod model;
mod record;
mod txt_facts;
mod zonefile;

pub use dict::DEFAULT_TTL;
pub use error::ZoneError;
pub use idna::{idna_decode, idna_encode};
pub use input::{process_txt, typed_values, InputValue};
pub use model::{MxEntry, Zone};
pub use record::{MxValue, RData, RType, Record, ZoneName};
pub use txt_facts::SpfSummary;
pub use zonefile::parse_ttl;
