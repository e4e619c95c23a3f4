//! The octoDNS-layout input (`Zone::from_input`): an `InputValue` tree built
//! from the fuzz bytes (nesting bounded as the Python conversion bounds it),
//! with record types and keys drawn mostly from the ones the loader knows.
#![no_main]

use _core::zone::{InputValue, Zone};
use libfuzzer_sys::fuzz_target;

/// Deepest nesting built (the Python side refuses deeper data).
const MAX_DEPTH: usize = 8;

const KEYS: [&str; 10] = [
    "type",
    "ttl",
    "value",
    "values",
    "preference",
    "exchange",
    "priority",
    "octodns",
    "",
    "x",
];
const TYPES: [&str; 8] = ["MX", "TXT", "A", "AAAA", "CNAME", "NS", "SPF", "mx"];

/// Reads values from the bytes; every read consumes at least one byte, or
/// yields `Null` at the end.
struct Reader<'a> {
    data: &'a [u8],
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.data.split_first()?;
        self.data = rest;
        Some(b)
    }

    fn string(&mut self) -> String {
        let len = usize::from(self.byte().unwrap_or(0) % 48);
        let take = len.min(self.data.len());
        let (head, rest) = self.data.split_at(take);
        self.data = rest;
        String::from_utf8_lossy(head).into_owned()
    }

    fn key(&mut self) -> String {
        let b = self.byte().unwrap_or(0);
        match KEYS.get(usize::from(b % 16)) {
            Some(k) => (*k).to_owned(),
            None => self.string(),
        }
    }

    fn value(&mut self, depth: usize) -> InputValue {
        let Some(tag) = self.byte() else {
            return InputValue::Null;
        };
        let nested = depth < MAX_DEPTH;
        match tag % 12 {
            0 => InputValue::Null,
            1 => InputValue::Bool(tag & 0x10 != 0),
            2 => {
                let mut n = [0u8; 8];
                for b in &mut n {
                    *b = self.byte().unwrap_or(0);
                }
                InputValue::Int(i64::from_le_bytes(n))
            }
            3 => InputValue::Int(i64::from(self.byte().unwrap_or(0))),
            4 => InputValue::Float(f64::from(self.byte().unwrap_or(0)) / 4.0),
            5 => {
                let t = TYPES[usize::from(self.byte().unwrap_or(0)) % TYPES.len()];
                InputValue::Str(t.to_owned())
            }
            6 | 7 => InputValue::Str(self.string()),
            8 | 9 if nested => {
                let n = usize::from(self.byte().unwrap_or(0) % 6);
                InputValue::List((0..n).map(|_| self.value(depth + 1)).collect())
            }
            10 | 11 if nested => {
                let n = usize::from(self.byte().unwrap_or(0) % 6);
                InputValue::Map(
                    (0..n)
                        .map(|_| (self.key(), self.value(depth + 1)))
                        .collect(),
                )
            }
            _ => InputValue::Other("object".to_owned()),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut reader = Reader { data };
    let escape = reader.byte().unwrap_or(0) & 1 == 1;
    let mut entries = Vec::new();
    while !reader.data.is_empty() && entries.len() < 64 {
        let name = reader.string();
        entries.push((name, reader.value(0)));
    }
    if let Ok(zone) = Zone::from_input("example.com", vec!["sub".into()], &entries, escape) {
        for record in zone.records() {
            let _ = record.decoded_fqdn(zone.names());
        }
    }
});
