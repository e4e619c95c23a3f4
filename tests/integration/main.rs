//! The Rust integration tests: one binary (links once), a module per topic.
//! Every DNS test talks to the project's own server on 127.0.0.1
//! (`_core::testserver::DnsServer`); no mocks.

mod bulk_run;
mod check;
mod check_dmarc;
mod check_hosts;
mod check_spf;
mod discovery;
mod dns;
mod hostile_zonefile;
mod mail_facts;
mod probes;
mod readme;
mod testserver;
mod zone_file;
mod zone_validators;
