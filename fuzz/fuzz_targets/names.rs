//! Domain names and cluster entries as the discovery API reads them:
//! `normalize`, `cache_key`, `parse_entry` (`mx:` entries) and the display form.
#![no_main]

use _core::discovery::{parse_entry, Entry};
use _core::dns::name::{cache_key, display_without_dot, normalize};
use hickory_proto::rr::Name;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(name) = normalize(&text) {
        let _ = Name::from_ascii(format!("{}.", name.key));
    }
    let _ = cache_key(&text);
    let _ = display_without_dot(&text);
    if let Entry::Mx(domain) = parse_entry(&text) {
        if let Ok(name) = normalize(domain) {
            let _ = Name::from_ascii(format!("{}.", name.key));
        }
    }
});
