//! The running server: sockets on 127.0.0.1, a background thread with its own
//! tokio runtime, one task per query.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::thread::JoinHandle;
use std::time::Duration;

use super::error::RecordError;
use super::fault::Fault;
use super::records::Records;
use super::state::{QueryLog, ServerState};
use super::transport::{bind_pair, serve};

/// A DNS server on 127.0.0.1 (UDP and TCP on the same free port) answering
/// from in-memory records, with injectable faults. Stops on [`DnsServer::stop`]
/// or drop, joining its thread.
#[derive(Debug)]
pub struct DnsServer {
    addr: SocketAddr,
    state: ServerState,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
    pid: u32,
}

impl DnsServer {
    /// Starts a server answering from `records`.
    pub fn start(records: Records) -> io::Result<DnsServer> {
        Self::serve(ServerState::new(records))
    }

    /// Starts a server on an existing state (shared with other handles).
    pub fn serve(state: ServerState) -> io::Result<DnsServer> {
        let (udp, tcp) = bind_pair(Ipv4Addr::LOCALHOST)?;
        let addr = udp.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (shutdown, stopped) = tokio::sync::oneshot::channel();
        let served = state.clone();
        let thread = std::thread::Builder::new()
            .name(format!("mailtrace-dns-test-server-{}", addr.port()))
            .spawn(move || runtime.block_on(serve(udp, tcp, served, stopped)))?;
        Ok(DnsServer {
            addr,
            state,
            shutdown: Some(shutdown),
            thread: Some(thread),
            pid: std::process::id(),
        })
    }

    /// The socket address (127.0.0.1 and the port).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `"127.0.0.1:PORT"`.
    pub fn address(&self) -> String {
        self.addr.to_string()
    }

    /// The port (the same for UDP and TCP).
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The shared state (records, faults, query log).
    pub fn state(&self) -> &ServerState {
        &self.state
    }

    /// Adds one record; `value` is in presentation format (see [`Records::add`]).
    pub fn add_record(
        &self,
        name: &str,
        rtype: &str,
        value: &str,
        ttl: u32,
    ) -> Result<(), RecordError> {
        self.state.add_record(name, rtype, value, ttl)
    }

    /// Replaces all records.
    pub fn set_records(&self, records: Records) {
        self.state.set_records(records);
    }

    /// Adds a fault for queries of `name` (case-insensitive); faults combine.
    pub fn set_fault(&self, name: &str, fault: Fault) {
        self.state.set_fault(name, fault);
    }

    /// Marks `name` and the names under it signed (see [`ServerState::sign`]).
    pub fn sign(&self, name: &str) {
        self.state.sign(name);
    }

    /// Removes every fault.
    pub fn clear_faults(&self) {
        self.state.clear_faults();
    }

    /// Delay applied to every query that has no delay fault of its own.
    pub fn set_default_delay(&self, delay: Duration) {
        self.state.set_default_delay(delay);
    }

    /// Removes records, faults and the query log.
    pub fn clear(&self) {
        self.state.clear();
    }

    /// Queries received for `name` (case-insensitive), UDP and TCP together.
    pub fn query_count(&self, name: &str) -> usize {
        self.state.query_count(name)
    }

    /// Every query received, oldest first.
    pub fn queries(&self) -> Vec<QueryLog> {
        self.state.queries()
    }

    /// Stops the server and waits for its thread to end.
    pub fn stop(self) {
        drop(self);
    }

    /// Signals the loop to end and joins the thread (only in the process that
    /// started it: after a fork the thread does not exist in the child).
    fn shutdown(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            if self.pid == std::process::id() {
                let _ = thread.join();
            } else {
                std::mem::forget(thread);
            }
        }
    }
}

impl Drop for DnsServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}
