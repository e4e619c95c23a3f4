//! The project's own DNS server for tests: answers from in-memory records on
//! 127.0.0.1 over UDP and TCP, and injects faults per name (no reply,
//! SERVFAIL, REFUSED, truncation, delays). Pure Rust; the Python class
//! `mailtrace_mx.testing.DnsServer` wraps it.
//!
//! ```no_run
//! use _core::testserver::{DnsServer, Fault, Records};
//! let mut records = Records::new();
//! records.add("example.com", "MX", "10 mx1.example.com.", 300).unwrap();
//! let server = DnsServer::start(records).unwrap();
//! server.set_fault("broken.example", Fault::ServFail);
//! println!("{}", server.address()); // 127.0.0.1:PORT
//! server.stop();
//! ```

mod answer;
mod error;
mod fault;
mod parse;
mod records;
mod respond;
mod server;
mod state;
mod transport;

pub use answer::{answer, Answer};
pub use error::RecordError;
pub use error::SUPPORTED_TYPES;
pub use fault::{Fault, FaultSet};
pub use records::{parse_record, Records};
pub use server::DnsServer;
pub use state::{QueryLog, ServerState, Transport};
