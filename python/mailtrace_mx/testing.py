"""A real DNS server on 127.0.0.1 for tests: serves given records over UDP and TCP on
one free port and injects faults per name (no reply, SERVFAIL, REFUSED, truncation,
delays).

    from mailtrace_mx.testing import DnsServer

    with DnsServer({"example.com": {"MX": ["10 mx1.example.com."]}}) as server:
        MXDiscoveryConfig(servers=[server.address])

The native part lives in ``mailtrace_mx._core``; it is imported when a server is
created, so importing this module is cheap.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import socket
import ssl
import threading
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Optional, TypeVar, Union

if TYPE_CHECKING:
    from types import TracebackType

__all__ = [
    "CERT_KINDS",
    "DEFAULT_TTL",
    "FAULT_KINDS",
    "DnsServer",
    "HttpsServer",
    "SmtpServer",
    "TestPKI",
]

#: TTL of records added without one.
DEFAULT_TTL = 300

#: The fault kinds accepted by :meth:`DnsServer.fault`.
FAULT_KINDS = ("timeout", "drop", "servfail", "refused", "truncate", "delay")

RecordTuple = tuple[str, str, str, int]


class DnsServer:
    """A DNS server on 127.0.0.1 answering from ``records``.

    ``records`` maps a name to ``{type: values}``; values are a str, a list of str, or
    ``{"ttl": int, "values": ...}`` (``"value"`` also accepted). MX values may also be
    ``(preference, exchange)`` tuples or ``{"preference": .., "exchange": ..}`` dicts;
    ``"0 ."`` is a Null MX. TLSA values are ``"USAGE SELECTOR MATCHING HEX"`` (``"3 1 1
    ab12..."``), PTR values a name (``"mx1.example.com."``). TXT values are plain text
    (split into 255-byte strings) or quoted presentation format (``'"part one" "part
    two"'``).

    Answers are authoritative: a name in the data with other types (or with names
    below it) gets NOERROR with no answer, any other name NXDOMAIN; CNAMEs are
    followed. ``delay`` (seconds) is applied to every query.

    The server runs between :meth:`start` and :meth:`stop` (or inside ``with``);
    records, faults and the delay can be changed at any time.
    """

    def __init__(
        self, records: Optional[Mapping[str, Mapping[str, Any]]] = None, *, delay: float = 0.0
    ) -> None:
        from ._core import _DnsServer

        self._native = _DnsServer()
        if records is not None:
            self.set_records(records)
        self.delay = delay

    # --- lifecycle -------------------------------------------------------------------

    def start(self) -> DnsServer:
        """Starts serving (on a new free port after a stop); returns ``self``."""
        self._native.start()
        return self

    def stop(self) -> None:
        """Stops serving; records, faults and counters are kept."""
        self._native.stop()

    def __enter__(self) -> DnsServer:
        return self.start()

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """True while the server is serving."""
        return self._native.running

    @property
    def host(self) -> str:
        """Always ``"127.0.0.1"``."""
        return "127.0.0.1"

    @property
    def port(self) -> int:
        """The UDP and TCP port (``RuntimeError`` when not running)."""
        return self._native.port

    @property
    def address(self) -> str:
        """``"127.0.0.1:PORT"``, usable in ``MXDiscoveryConfig.servers``."""
        return f"{self.host}:{self.port}"

    # --- data ------------------------------------------------------------------------

    def add(self, name: str, type: str, values: Any, ttl: int = DEFAULT_TTL) -> None:
        """Adds records of one name and type (values as in the records mapping)."""
        self._native.add_records(_type_records(name, type, values, ttl))

    def set_records(self, records: Mapping[str, Mapping[str, Any]]) -> None:
        """Replaces all records (on an error the old records stay)."""
        self._native.set_records(_all_records(records))

    def fault(self, name: str, kind: str, *, delay: Optional[float] = None) -> None:
        """Injects a fault for queries of ``name`` (case-insensitive).

        ``kind``: ``"timeout"`` (alias ``"drop"``: read the query, never answer),
        ``"servfail"``, ``"refused"``, ``"truncate"`` (UDP answers have TC set and no
        records, so clients retry over TCP, which gets the real answer) or ``"delay"``
        (answer after ``delay`` seconds). Faults on one name combine, e.g.
        ``fault(n, "servfail", delay=0.5)``.
        """
        _check_str(name, "name")
        _check_str(kind, "fault kind")
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r} (expected one of {FAULT_KINDS})")
        self._native.set_fault(name, kind, delay)

    def clear_faults(self) -> None:
        """Removes every fault."""
        self._native.clear_faults()

    def sign(self, name: str) -> None:
        """Marks ``name`` and every name under it as signed (case-insensitive): answers
        to queries with the DO or AD bit carry the AD bit, as a validating resolver's
        answers do (RFC 6840 §5.7). Only the flag is served, no signatures."""
        _check_str(name, "name")
        self._native.sign(name)

    def unsign(self, name: str) -> None:
        """Removes ``name`` from the signed names (see :meth:`sign`)."""
        _check_str(name, "name")
        self._native.unsign(name)

    @property
    def signed(self) -> list[str]:
        """The names marked signed, sorted, lower-cased without the trailing dot."""
        return self._native.signed()

    def reset(self) -> None:
        """Back to empty: no records, no faults, no signed names, no delay, counters at
        zero."""
        self._native.clear()
        self._native.delay = 0.0

    @property
    def delay(self) -> float:
        """Seconds every query waits before its answer (a name's delay fault wins)."""
        return self._native.delay

    @delay.setter
    def delay(self, seconds: float) -> None:
        self._native.delay = seconds

    # --- what arrived ----------------------------------------------------------------

    def query_count(self, name: Optional[str] = None) -> int:
        """Queries received for ``name`` (any case, trailing dot optional), or all."""
        if name is not None:
            _check_str(name, "name")
        return self._native.query_count(name)

    @property
    def queries(self) -> list[tuple[str, str, str]]:
        """Every query received, oldest first: ``(name, type, "udp" | "tcp")``, the name
        lower-cased without the trailing dot."""
        return self._native.queries()

    @property
    def dnssec_ok_queries(self) -> list[tuple[str, str]]:
        """The queries that carried EDNS(0) with the DNSSEC OK bit (RFC 3225), oldest
        first: ``(name, type)``."""
        return self._native.dnssec_ok_queries()

    def clear_queries(self) -> None:
        """Resets the query log and counters."""
        self._native.clear_queries()

    def __repr__(self) -> str:
        where = self.address if self.running else "stopped"
        return f"<DnsServer {where}>"


def _all_records(records: Mapping[str, Mapping[str, Any]]) -> list[RecordTuple]:
    if not isinstance(records, Mapping):
        raise TypeError(f"records must be a mapping of name to {{type: values}}, not {records!r}")
    out: list[RecordTuple] = []
    for name, by_type in records.items():
        if not isinstance(by_type, Mapping):
            raise TypeError(f"records of {name!r} must be a mapping of type to values")
        for rtype, values in by_type.items():
            out.extend(_type_records(name, rtype, values, DEFAULT_TTL))
    return out


def _type_records(name: Any, rtype: Any, values: Any, ttl: Any) -> list[RecordTuple]:
    _check_str(name, "record name")
    _check_str(rtype, "record type")
    rtype = rtype.upper()
    if isinstance(values, Mapping) and not _is_mx_mapping(rtype, values):
        ttl, values = _ttl_and_values(name, rtype, values)
    _check_ttl(ttl)
    return [(name, rtype, _value_text(rtype, v), ttl) for v in _value_list(rtype, values)]


def _is_mx_mapping(rtype: str, values: Mapping[str, Any]) -> bool:
    return rtype == "MX" and ("exchange" in values or "preference" in values)


def _ttl_and_values(name: str, rtype: str, spec: Mapping[str, Any]) -> tuple[Any, Any]:
    unknown = set(spec) - {"ttl", "values", "value"}
    if unknown:
        raise ValueError(f"unknown key {sorted(unknown)[0]!r} in {rtype} records of {name!r}")
    if "values" in spec and "value" in spec:
        raise ValueError(f"{rtype} records of {name!r}: give 'values' or 'value', not both")
    if "values" not in spec and "value" not in spec:
        raise ValueError(f"{rtype} records of {name!r} have no 'values'")
    values = spec["values"] if "values" in spec else spec["value"]
    return spec.get("ttl", DEFAULT_TTL), values


def _value_list(rtype: str, values: Any) -> list[Any]:
    if isinstance(values, (str, Mapping)) or _is_mx_pair(rtype, values):
        return [values]
    if isinstance(values, Iterable) and not isinstance(values, (bytes, bytearray)):
        return list(values)
    return [values]


def _is_mx_pair(rtype: str, value: Any) -> bool:
    return (
        rtype == "MX"
        and isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], int)
        and not isinstance(value[0], bool)
    )


def _value_text(rtype: str, value: Any) -> str:
    if rtype == "MX" and not isinstance(value, str):
        return _mx_text(value)
    if isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"{rtype} value must be a str, not {value!r}")
    return value


def _mx_text(value: Any) -> str:
    if isinstance(value, Mapping):
        unknown = set(value) - {"preference", "exchange"}
        if unknown or "preference" not in value or "exchange" not in value:
            raise ValueError(f"bad MX value {value!r}: expected keys 'preference', 'exchange'")
        preference, exchange = value["preference"], value["exchange"]
    elif isinstance(value, (tuple, list)) and len(value) == 2:
        preference, exchange = value
    else:
        raise TypeError(f"bad MX value {value!r}: expected 'PREF EXCHANGE' or (pref, exchange)")
    if isinstance(preference, bool) or not isinstance(preference, int):
        raise TypeError(f"bad MX value {value!r}: preference must be an int")
    if not 0 <= preference <= 65535:
        raise ValueError(f"bad MX value {value!r}: preference must be in 0..65535")
    if not isinstance(exchange, str):
        raise TypeError(f"bad MX value {value!r}: exchange must be a str")
    return f"{preference} {exchange}"


def _check_str(value: Any, what: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {value!r}")


def _check_ttl(ttl: Any) -> None:
    if isinstance(ttl, bool) or not isinstance(ttl, int):
        raise TypeError(f"ttl must be an int, not {ttl!r}")
    if not 0 <= ttl <= 2_147_483_647:
        raise ValueError(f"invalid ttl {ttl!r}: must be between 0 and 2147483647")


# --- transport probes: a test PKI, an SMTP server with STARTTLS, an HTTPS server -----------
#
# These serve real TLS on loopback for tests of ``check_domain(..., probe_smtp=True,
# fetch_policy=True)``. Each server runs in a thread of its own (blocking sockets, a
# thread per connection), so they work on every supported Python and in any test style.

#: The certificate kinds :meth:`TestPKI.context` makes.
CERT_KINDS = ("ok", "wrong-name", "expired", "expiring", "untrusted", "tls1.0")


class TestPKI:
    """A certificate authority made for one test run (with ``trustme``), and a second,
    untrusted one. ``cafile`` is a PEM file of the trusted CA, for ``check_domain``'s
    ``cafile``. Needs the ``trustme`` package (the ``test`` extra)."""

    __test__ = False  # not a pytest test class

    def __init__(self) -> None:
        import tempfile

        import trustme

        self._ca = trustme.CA()
        self._other = trustme.CA()
        self._dir = tempfile.TemporaryDirectory(prefix="mailtrace-mx-pki-")
        self.cafile = os.path.join(self._dir.name, "ca.pem")
        self._ca.cert_pem.write_to_path(self.cafile)

    def context(self, *names: str, kind: str = "ok") -> ssl.SSLContext:
        """A server ``SSLContext`` for ``names`` (DNS SANs). ``kind``: ``"ok"``,
        ``"wrong-name"`` (the certificate names ``wrong.invalid`` instead), ``"expired"``
        (ended a day ago), ``"expiring"`` (ends in 3 days), ``"untrusted"`` (issued by a
        CA not in ``cafile``) or ``"tls1.0"`` (valid, but the server speaks TLS 1.0 only,
        if the local OpenSSL allows it)."""
        if kind not in CERT_KINDS:
            raise ValueError(f"unknown certificate kind {kind!r} (expected one of {CERT_KINDS})")
        now = datetime.datetime.now(datetime.timezone.utc)
        ca = self._other if kind == "untrusted" else self._ca
        identities = ("wrong.invalid",) if kind == "wrong-name" else names
        not_after = {
            "expired": now - datetime.timedelta(days=1),
            "expiring": now + datetime.timedelta(days=3),
        }.get(kind)
        not_before = now - datetime.timedelta(days=30) if not_after is not None else None
        cert = ca.issue_cert(*identities, not_before=not_before, not_after=not_after)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        if kind == "tls1.0":
            ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
            ctx.minimum_version = ssl.TLSVersion.TLSv1
            ctx.maximum_version = ssl.TLSVersion.TLSv1
        cert.configure_cert(ctx)
        return ctx

    def close(self) -> None:
        """Removes the ``cafile``."""
        self._dir.cleanup()


_S = TypeVar("_S", bound="_Server")


class _Server:
    """A threaded TCP server on ``host:port`` counting connections."""

    def __init__(self, host: str, port: int) -> None:
        ipaddress.ip_address(host)  # a literal address, e.g. 127.0.0.2
        self._host = host
        self._want_port = port
        self._sock: Optional[socket.socket] = None
        self._thread: Optional[threading.Thread] = None
        self._lock = threading.Lock()
        self._connections = 0
        self._open: set[socket.socket] = set()

    @property
    def host(self) -> str:
        """The address served on."""
        return self._host

    @property
    def port(self) -> int:
        """The port (``RuntimeError`` when not running)."""
        if self._sock is None:
            raise RuntimeError("server is not running")
        return int(self._sock.getsockname()[1])

    @property
    def connections(self) -> int:
        """Connections accepted since the start (or :meth:`clear`)."""
        with self._lock:
            return self._connections

    def clear(self) -> None:
        """Resets the connection counter."""
        with self._lock:
            self._connections = 0

    def start(self: _S) -> _S:
        """Binds and starts accepting; returns ``self``."""
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self._host, self._want_port))
        sock.listen(64)
        self._sock = sock
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stops accepting and closes open connections."""
        sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        with self._lock:
            for conn in list(self._open):
                try:
                    conn.close()
                except OSError:
                    pass
            self._open.clear()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self: _S) -> _S:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _accept(self) -> None:
        sock = self._sock
        while sock is not None:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            with self._lock:
                self._connections += 1
                self._open.add(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        try:
            self.handle(conn)
        except (OSError, ValueError):
            pass
        finally:
            with self._lock:
                self._open.discard(conn)
            try:
                conn.close()
            except OSError:
                pass

    def handle(self, conn: socket.socket) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class SmtpServer(_Server):
    """An SMTP server with STARTTLS on ``host:port`` (port 0: a free one), e.g. on
    ``127.0.0.2`` for a test zone mapping ``mx1.example.test`` there. It greets, answers
    EHLO (advertising STARTTLS), STARTTLS with ``context``, and QUIT; anything else gets
    ``250 OK``.

    Knobs: ``starttls=False`` (not advertised), ``starttls_code=454`` (refused),
    ``banner=False`` (accepts, then says nothing). The certificate kind is the
    ``context``'s (see :meth:`TestPKI.context`). ``connections`` counts clients.
    """

    def __init__(
        self,
        context: Optional[ssl.SSLContext],
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        name: str = "mx.test",
        starttls: bool = True,
        starttls_code: int = 220,
        banner: bool = True,
    ) -> None:
        super().__init__(host, port)
        self.context = context
        self.name = name
        self.starttls = starttls and context is not None
        self.starttls_code = starttls_code
        self.banner = banner

    def handle(self, conn: socket.socket) -> None:
        if not self.banner:
            while conn.recv(4096):
                pass
            return
        stream: socket.socket = conn
        stream.sendall(f"220 {self.name} ESMTP test\r\n".encode())
        buf = b""
        while True:
            while b"\n" not in buf:
                data = stream.recv(4096)
                if not data:
                    return
                buf += data
            line, buf = buf.split(b"\n", 1)
            verb = line.strip().split(b" ", 1)[0].upper()
            if verb in (b"EHLO", b"HELO"):
                ext = ["PIPELINING", "8BITMIME"]
                if self.starttls and not isinstance(stream, ssl.SSLSocket):
                    ext.append("STARTTLS")
                lines = [self.name, *ext]
                text = "".join(f"250-{x}\r\n" for x in lines[:-1]) + f"250 {lines[-1]}\r\n"
                stream.sendall(text.encode())
            elif verb == b"STARTTLS" and self.starttls and self.context is not None:
                if self.starttls_code != 220:
                    stream.sendall(f"{self.starttls_code} 4.7.0 TLS not available\r\n".encode())
                    continue
                stream.sendall(b"220 2.0.0 Ready to start TLS\r\n")
                buf = b""  # RFC 3207 §5: nothing sent before the handshake counts
                stream = self.context.wrap_socket(conn, server_side=True)
            elif verb == b"QUIT":
                stream.sendall(b"221 2.0.0 Bye\r\n")
                return
            else:
                stream.sendall(b"250 OK\r\n")

    def __repr__(self) -> str:
        return f"<SmtpServer {self.host}>"


class HttpsServer(_Server):
    """An HTTPS server on ``host:port`` serving MTA-STS policies per host name (the
    ``Host`` header; certificates chosen by SNI from ``contexts``, else ``context``).

    :meth:`serve` sets what a host answers at ``/.well-known/mta-sts.txt``: a body,
    a status (404, a 301 with ``location``), a Content-Type; ``oversize(host)`` serves a
    body larger than 64 KiB. Other paths and unknown hosts get 404. ``connections``
    counts clients.
    """

    def __init__(
        self,
        context: ssl.SSLContext,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        contexts: Optional[Mapping[str, ssl.SSLContext]] = None,
    ) -> None:
        super().__init__(host, port)
        self.context = context
        self.contexts = dict(contexts or {})
        self._answers: dict[str, tuple[int, dict[str, str], bytes]] = {}

        def pick(sslobj: ssl.SSLObject, name: Optional[str], _: ssl.SSLContext) -> None:
            chosen = self.contexts.get((name or "").lower())
            if chosen is not None:
                sslobj.context = chosen

        self.context.sni_callback = pick  # type: ignore[assignment]

    def serve(
        self,
        host: str,
        body: Union[str, bytes],
        *,
        status: int = 200,
        content_type: Optional[str] = "text/plain",
        location: Optional[str] = None,
    ) -> None:
        """What ``host`` answers (``content_type=None``: no Content-Type header)."""
        headers = {}
        if content_type is not None:
            headers["Content-Type"] = content_type
        if location is not None:
            headers["Location"] = location
        data = body.encode() if isinstance(body, str) else bytes(body)
        self._answers[host.lower()] = (status, headers, data)

    def oversize(self, host: str) -> None:
        """``host`` serves a valid-looking policy padded past 64 KiB."""
        pad = "# " + "x" * 1000 + "\n"
        self.serve(host, "version: STSv1\nmode: enforce\nmax_age: 86400\n" + pad * 70)

    def handle(self, conn: socket.socket) -> None:
        stream = self.context.wrap_socket(conn, server_side=True)
        head = b""
        while b"\r\n\r\n" not in head and len(head) < 65536:
            data = stream.recv(4096)
            if not data:
                return
            head += data
        lines = head.split(b"\r\n")
        parts = lines[0].decode("latin-1").split(" ")
        path = parts[1] if len(parts) > 1 else ""
        host = ""
        for line in lines[1:]:
            key, _, value = line.decode("latin-1").partition(":")
            if key.strip().lower() == "host":
                host = value.strip().rsplit(":", 1)[0].lower() if value.strip() else ""
        answer = self._answers.get(host) if path == "/.well-known/mta-sts.txt" else None
        status, headers, body = answer or (404, {"Content-Type": "text/plain"}, b"not found\n")
        text = f"HTTP/1.1 {status} {'OK' if status == 200 else 'Other'}\r\n"
        for key, value in {**headers, "Content-Length": str(len(body))}.items():
            text += f"{key}: {value}\r\n"
        text += "Connection: close\r\n\r\n"
        stream.sendall(text.encode("latin-1") + body)
        try:
            stream.unwrap()
        except (OSError, ValueError):
            pass

    def __repr__(self) -> str:
        return f"<HttpsServer {self.host}>"
