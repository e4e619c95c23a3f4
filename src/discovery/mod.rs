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
pub use error::{emit_warnings, ConfigError, LookupError, LOG_TARGET};
pub use hosts::get_hosts;
pub use record::MxRecord;

/// Default cap on lookups on the wire at once, per engine.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 256;
/// Default cap on cached domains, per engine.
pub const DEFAULT_MAX_CACHE_ENTRIES: usize = 100_000;
