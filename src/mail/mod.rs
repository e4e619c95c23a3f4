//! Mail facts: what MX and TXT records say, parsed once, with no I/O and no
//! PyO3. Discovery, the live check and the zone validators read their
//! records through this layer.
//!
//! Where octoDNS 1.22.0 (the zone validators) and the RFCs (the check) read
//! a record differently, the function takes a [`Reading`]:
//!
//! | fact | [`Reading::OctoDns1_22`] | [`Reading::Rfc`] |
//! |---|---|---|
//! | value form | lower-cased, backslashes removed | as published |
//! | SPF record ([`txt::select`]) | starts `v=spf1` (`v=spf10` counts) | `v=spf1` then space or end (RFC 7208 §4.5) |
//! | SPF ends well ([`spf::terminated`]) | ends ` -all`/` ~all` | `-all`/`~all` anywhere, or `redirect=` (§5.1, §6.1) |
//! | DMARC `p` ([`dmarc::policy`]) | last wins, bare `p` is `p=` | first wins, malformed list is an error (RFC 7489 §6.4) |
//!
//! MX: one record type ([`MxRecord`], the root spelled `""`) and one set
//! ([`MxSet`]) with `published()` (RFC 5321 §5.1 order), `null_any()`
//! (Postfix's reading of RFC 7505, used by discovery and the check) and
//! `single_null()` (octoDNS's, used by the validators); [`mx::implicit`] for
//! a domain without MX.

pub mod dmarc;
pub mod macros;
pub mod mx;
pub mod pystr;
pub mod reading;
pub mod spf;
pub mod spf_term;
pub mod tags;
pub mod txt;

pub use mx::{MxFields, MxRecord, MxSet};
pub use reading::Reading;
pub use spf::SpfRecord;
pub use tags::TagList;
pub use txt::Kind;
