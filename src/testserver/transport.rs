//! Sockets and the UDP/TCP serving loops.

use std::io;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener, UdpSocket};
use std::sync::Arc;
use std::time::Duration;

use socket2::{Domain, Protocol, Socket, Type};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::OwnedWriteHalf;
use tokio::sync::{oneshot, Mutex};

use super::respond::plan;
use super::state::{ServerState, Transport};

/// How many port pairs to try before giving up.
const BIND_ATTEMPTS: usize = 64;

/// UDP receive buffer, so bursts of thousands of queries are not dropped.
const UDP_RECV_BUFFER: usize = 4 << 20;

/// Largest DNS message.
const MAX_MESSAGE: usize = 65_535;

/// Binds UDP on a free port of `ip`, then TCP on the same port; retries with
/// a new port when TCP finds it taken.
pub(crate) fn bind_pair(ip: Ipv4Addr) -> io::Result<(UdpSocket, TcpListener)> {
    let mut last_error = None;
    for _ in 0..BIND_ATTEMPTS {
        let udp = bind_udp(ip)?;
        let port = udp.local_addr()?.port();
        match TcpListener::bind(SocketAddrV4::new(ip, port)) {
            Ok(tcp) => {
                tcp.set_nonblocking(true)?;
                return Ok((udp, tcp));
            }
            Err(e) if e.kind() == io::ErrorKind::AddrInUse => last_error = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last_error.unwrap_or_else(|| io::Error::other("no free port")))
}

/// A non-blocking UDP socket on a free port with a large receive buffer.
fn bind_udp(ip: Ipv4Addr) -> io::Result<UdpSocket> {
    let socket = Socket::new(Domain::IPV4, Type::DGRAM, Some(Protocol::UDP))?;
    let _ = socket.set_recv_buffer_size(UDP_RECV_BUFFER);
    socket.bind(&SocketAddr::from(SocketAddrV4::new(ip, 0)).into())?;
    socket.set_nonblocking(true)?;
    Ok(socket.into())
}

/// Serves both sockets until `stopped` fires (or its sender is dropped).
pub(crate) async fn serve(
    udp: UdpSocket,
    tcp: TcpListener,
    state: ServerState,
    stopped: oneshot::Receiver<()>,
) {
    let (Ok(udp), Ok(tcp)) = (
        tokio::net::UdpSocket::from_std(udp),
        tokio::net::TcpListener::from_std(tcp),
    ) else {
        return;
    };
    tokio::select! {
        _ = stopped => {}
        _ = udp_loop(Arc::new(udp), state.clone()) => {}
        _ = tcp_loop(tcp, state) => {}
    }
}

/// Receives datagrams; each is handled in its own task.
async fn udp_loop(socket: Arc<tokio::net::UdpSocket>, state: ServerState) {
    let mut buf = vec![0u8; MAX_MESSAGE];
    loop {
        // Errors here are per-datagram (e.g. ICMP feedback): keep serving.
        let Ok((len, peer)) = socket.recv_from(&mut buf).await else {
            continue;
        };
        let packet = buf[..len].to_vec();
        let socket = Arc::clone(&socket);
        let state = state.clone();
        tokio::spawn(async move {
            if let Some(reply) = handle(&state, &packet, Transport::Udp).await {
                let _ = socket.send_to(&reply, peer).await;
            }
        });
    }
}

/// Accepts connections; each is served in its own task.
async fn tcp_loop(listener: tokio::net::TcpListener, state: ServerState) {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                let _ = stream.set_nodelay(true);
                tokio::spawn(tcp_connection(stream, state.clone()));
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
}

/// Reads length-prefixed messages until EOF; each is answered in its own task
/// (so a delayed query does not hold up the next one on the connection).
async fn tcp_connection(stream: tokio::net::TcpStream, state: ServerState) {
    let (mut reader, writer) = stream.into_split();
    let writer = Arc::new(Mutex::new(writer));
    loop {
        let Ok(len) = reader.read_u16().await else {
            return;
        };
        let mut packet = vec![0u8; usize::from(len)];
        if reader.read_exact(&mut packet).await.is_err() {
            return;
        }
        let writer = Arc::clone(&writer);
        let state = state.clone();
        tokio::spawn(async move {
            if let Some(reply) = handle(&state, &packet, Transport::Tcp).await {
                write_framed(&writer, &reply).await;
            }
        });
    }
}

/// Writes the length prefix and the message in one write (avoids Nagle delays).
async fn write_framed(writer: &Mutex<OwnedWriteHalf>, reply: &[u8]) {
    let Ok(len) = u16::try_from(reply.len()) else {
        return;
    };
    let mut framed = Vec::with_capacity(reply.len() + 2);
    framed.extend_from_slice(&len.to_be_bytes());
    framed.extend_from_slice(reply);
    let _ = writer.lock().await.write_all(&framed).await;
}

/// Plans the reply, waits the planned delay, and returns the bytes to send.
async fn handle(state: &ServerState, packet: &[u8], transport: Transport) -> Option<Vec<u8>> {
    let plan = plan(state, packet, transport)?;
    if !plan.delay.is_zero() {
        tokio::time::sleep(plan.delay).await;
    }
    plan.reply
}
