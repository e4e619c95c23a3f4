//! The DNS floor under discovery and the check: the process's runtimes
//! ([`runtime`]), names ([`name`]), the server pool with per-server
//! failover within one deadline ([`pool`]), the one query function
//! ([`query`]), its own record type ([`record`]) and error type
//! ([`error`]), the run-wide cap on queries in flight ([`limiter`]) and
//! how connections are opened ([`connections`]: no UDP re-send storm). Nothing above this module talks to hickory.

pub mod connections;
pub mod dnssec;
mod do_client;
pub mod error;
pub mod limiter;
pub mod name;
pub mod pool;
pub mod query;
pub mod record;
pub mod runtime;
pub mod text;

pub use error::Error;
pub use limiter::Limiter;
pub use pool::{deadline_after, Failover, Server, ServerPool};
pub use query::Response;
pub use record::{Data, Record, Type};
