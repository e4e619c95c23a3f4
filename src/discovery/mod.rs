//! MX discovery: the pure-Rust engine behind `mailtrace_mx.MXDiscovery`.
//!
//! [`MxDiscovery`] resolves MX records on the DNS floor ([`crate::dns`]:
//! runtimes, server pool, queries), reads the answers ([`answer`]), caches
//! them ([`cache`]), expands `mx:`
//! cluster entries concurrently and reports failures as [`LookupError`]s
//! whose [`LookupError::warning`] texts are those of the API contract. It
//! holds no PyO3 types; the bindings release the GIL around its blocking calls
//! and emit its warnings on the calling thread.

pub mod answer;
pub mod cache;
pub mod config;
pub mod engine;
pub mod error;
pub mod hosts;
pub mod record;

pub use config::DiscoveryConfig;
pub use engine::{parse_entry, Entry, MxDiscovery};
pub use error::{ConfigError, LookupError};
pub use hosts::get_hosts;
pub use record::MxRecord;

/// The Python logger (and `log` target) every warning goes to.
pub const LOG_TARGET: &str = "mailtrace.mx_discovery";
/// Default cap on lookups on the wire at once, per engine.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 256;
/// Default cap on cached domains, per engine.
pub const DEFAULT_MAX_CACHE_ENTRIES: usize = 100_000;

/// Logs each warning text to [`LOG_TARGET`] at WARNING, in order.
pub fn emit_warnings(warnings: &[String]) {
    for w in warnings {
        log::warn!(target: LOG_TARGET, "{w}");
    }
}
