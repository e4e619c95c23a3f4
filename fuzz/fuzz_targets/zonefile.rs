//! The zone-file reader (`Zone::from_zonefile_text`) on arbitrary text.
//! Bytes that are not UTF-8 are read as Latin-1, so every code point up to
//! U+00FF (NEL, NO-BREAK SPACE, C1 controls) is reachable from short inputs.
#![no_main]

use _core::zone::Zone;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = match std::str::from_utf8(rest) {
        Ok(s) => s.to_owned(),
        Err(_) => rest.iter().map(|&b| char::from(b)).collect(),
    };
    let origin = (mode & 1 == 0).then_some("example.com");
    if let Ok(zone) = Zone::from_zonefile_text(&text, origin) {
        // Whatever was read must be walkable.
        for record in zone.records() {
            let _ = record.fqdn(zone.names());
        }
    }
});
