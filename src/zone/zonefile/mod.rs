//! RFC 1035 master files: `Zone::from_zonefile_text` and `Zone::from_zonefile_path`.
//!
//! Our own small parser (rather than hickory-proto's) so that every error
//! names its line and `$INCLUDE` can be confined to the zone file's folder.

mod lexer;
mod parser;

use std::path::Path;

use self::parser::{Includes, ParsedRr, Parser, Rdata};
use super::error::ZoneError;
use super::input::InputValue;
use super::model::Zone;
use super::record::RType;

pub use self::parser::parse_ttl;

impl Zone {
    /// Parses zone text. `$INCLUDE` is an error here. `origin` defaults to the
    /// first `$ORIGIN` of the text.
    pub fn from_zonefile_text(text: &str, origin: Option<&str>) -> Result<Zone, ZoneError> {
        let mut parser = Parser::new(origin.map(absolute_origin), None);
        parser.parse(text, None)?;
        build(parser)
    }

    /// Reads a zone file; `$INCLUDE`s are followed relative to its folder and
    /// never outside it.
    pub fn from_zonefile_path(path: &Path, origin: Option<&str>) -> Result<Zone, ZoneError> {
        let io = |e: std::io::Error| ZoneError::Io {
            path: path.display().to_string(),
            not_found: e.kind() == std::io::ErrorKind::NotFound,
            message: e.to_string(),
        };
        let canonical = path.canonicalize().map_err(io)?;
        let text = std::fs::read_to_string(&canonical).map_err(io)?;
        let root = canonical
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let includes = Includes { root };
        let mut parser = Parser::new(origin.map(absolute_origin), Some(&includes));
        parser.parse(&text, Some(&canonical))?;
        build(parser)
    }
}

fn absolute_origin(origin: &str) -> String {
    let lower = origin.to_lowercase();
    if lower.ends_with('.') {
        lower
    } else {
        format!("{lower}.")
    }
}

/// (relative name, type) -> (TTL of the first RR, distinct rdata, first RR).
type RecordSet<'a> = ((String, RType), (i64, Vec<Rdata>, &'a ParsedRr));

/// Groups the parsed RRs into record sets and loads them into a zone.
fn build(parser: Parser<'_>) -> Result<Zone, ZoneError> {
    let origin = parser.first_origin.clone().ok_or(ZoneError::Syntax {
        file: None,
        line: 1,
        message: "no origin: pass origin= or start the file with $ORIGIN".into(),
    })?;
    let mut zone = Zone::new(&origin, Vec::new())?;
    let mut sets: Vec<RecordSet<'_>> = Vec::new();
    let mut index = std::collections::HashMap::new();
    // (set, value) pairs seen: duplicates are dropped in constant time each.
    let mut seen = std::collections::HashSet::new();
    for rr in &parser.records {
        let name = relative(&rr.owner, zone.name()).ok_or_else(|| {
            syntax(
                rr,
                format!("\"{}\" is outside the zone \"{}\"", rr.owner, zone.name()),
            )
        })?;
        let key = (name, rr.rtype.clone());
        let at = *index.entry(key.clone()).or_insert_with(|| {
            sets.push((key, (rr.ttl, Vec::new(), rr)));
            sets.len() - 1
        });
        if seen.insert((at, &rr.rdata)) {
            sets[at].1 .1.push(rr.rdata.clone());
        }
    }
    for ((name, rtype), (ttl, values, first)) in sets {
        let inputs = InputValue::List(values.into_iter().map(input).collect());
        zone.add_input(&name, rtype.as_str(), &inputs, ttl, false, false)
            .map_err(|e| syntax(first, e.to_string()))?;
    }
    Ok(zone)
}

fn syntax(rr: &ParsedRr, message: String) -> ZoneError {
    ZoneError::Syntax {
        file: rr.file.clone(),
        line: rr.line,
        message,
    }
}

fn input(rdata: Rdata) -> InputValue {
    match rdata {
        Rdata::Mx(preference, exchange) => InputValue::Map(vec![
            ("preference".into(), InputValue::Int(i64::from(preference))),
            ("exchange".into(), InputValue::Str(exchange)),
        ]),
        Rdata::Txt(s) | Rdata::Text(s) => InputValue::Str(s),
    }
}

/// `owner` relative to `zone` (both absolute), or `None` if outside it.
fn relative(owner: &str, zone: &str) -> Option<String> {
    if owner == zone {
        return Some(String::new());
    }
    if zone == "." {
        return Some(owner.trim_end_matches('.').to_string());
    }
    let prefix = owner.strip_suffix(zone)?;
    prefix.strip_suffix('.').map(str::to_string)
}
