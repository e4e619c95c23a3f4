"""mailtrace_mx.testing.DnsServer against a minimal stdlib DNS client (UDP and TCP)."""

from __future__ import annotations

import os
import socket
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Optional

import pytest
from mailtrace_mx.testing import DnsServer

TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "PTR": 12, "MX": 15, "TXT": 16, "AAAA": 28}
TYPE_NAMES = {v: k for k, v in TYPES.items()}
NOERROR, SERVFAIL, NXDOMAIN, REFUSED = 0, 2, 3, 5


# --- a tiny DNS client -------------------------------------------------------------------


@dataclass
class Reply:
    id: int
    aa: bool
    tc: bool
    rcode: int
    question: tuple[str, int]
    answers: list[tuple[str, str, int, object]] = field(default_factory=list)
    authority: list[tuple[str, str, int, object]] = field(default_factory=list)


def build_query(name: str, rtype: str, qid: int = 0x1234) -> bytes:
    header = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    labels = b"".join(bytes([len(p)]) + p.encode("ascii") for p in name.rstrip(".").split(".") if p)
    return header + labels + b"\x00" + struct.pack("!HH", TYPES[rtype], 1)


def read_name(data: bytes, pos: int) -> tuple[str, int]:
    labels: list[str] = []
    end: Optional[int] = None
    while True:
        length = data[pos]
        if length & 0xC0 == 0xC0:
            if end is None:
                end = pos + 2
            pos = ((length & 0x3F) << 8) | data[pos + 1]
            continue
        pos += 1
        if length == 0:
            break
        labels.append(data[pos : pos + length].decode("ascii"))
        pos += length
    return ".".join(labels) + ".", end if end is not None else pos


def read_rdata(data: bytes, pos: int, rtype: int, length: int) -> object:
    rdata = data[pos : pos + length]
    if rtype == TYPES["A"]:
        return socket.inet_ntop(socket.AF_INET, rdata)
    if rtype == TYPES["AAAA"]:
        return socket.inet_ntop(socket.AF_INET6, rdata)
    if rtype == TYPES["MX"]:
        return (struct.unpack("!H", rdata[:2])[0], read_name(data, pos + 2)[0])
    if rtype in (TYPES["CNAME"], TYPES["NS"], TYPES["PTR"], TYPES["SOA"]):
        return read_name(data, pos)[0]
    if rtype == TYPES["TXT"]:
        strings, i = [], 0
        while i < len(rdata):
            strings.append(rdata[i + 1 : i + 1 + rdata[i]].decode())
            i += 1 + rdata[i]
        return strings
    return rdata


def parse_reply(data: bytes) -> Reply:
    qid, flags, qd, an, ns, _ar = struct.unpack("!HHHHHH", data[:12])
    pos = 12
    qname, pos = read_name(data, pos)
    qtype = struct.unpack("!H", data[pos : pos + 2])[0]
    pos += 4
    assert qd == 1
    reply = Reply(qid, bool(flags & 0x0400), bool(flags & 0x0200), flags & 0xF, (qname, qtype))
    for section, count in ((reply.answers, an), (reply.authority, ns)):
        for _ in range(count):
            name, pos = read_name(data, pos)
            rtype, _cls, ttl, length = struct.unpack("!HHIH", data[pos : pos + 10])
            pos += 10
            section.append(
                (name, TYPE_NAMES.get(rtype, str(rtype)), ttl, read_rdata(data, pos, rtype, length))
            )
            pos += length
    return reply


def udp_query(server: DnsServer, name: str, rtype: str, timeout: float = 2.0) -> Reply:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.sendto(build_query(name, rtype), (server.host, server.port))
        data, _ = sock.recvfrom(65535)
    return parse_reply(data)


def tcp_query(server: DnsServer, name: str, rtype: str, timeout: float = 2.0) -> Reply:
    query = build_query(name, rtype)
    with socket.create_connection((server.host, server.port), timeout=timeout) as sock:
        sock.sendall(struct.pack("!H", len(query)) + query)
        length = struct.unpack("!H", recv_exact(sock, 2))[0]
        return parse_reply(recv_exact(sock, length))


def recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise ConnectionError("closed")
        buf += chunk
    return buf


# --- fixtures ----------------------------------------------------------------------------

RECORDS = {
    "example.com": {
        "MX": ["10 mx1.example.com.", (20, "mx2.example.com.")],
        "TXT": "v=spf1 -all",
    },
    "mx1.example.com": {"A": {"ttl": 60, "value": "192.0.2.1"}, "AAAA": "2001:db8::1"},
    "alias.example.com": {"CNAME": "example.com."},
    "deep.sub.example.com": {"A": "192.0.2.9"},
    "null.example": {"MX": {"preference": 0, "exchange": "."}},
}


@pytest.fixture
def server():
    with DnsServer(RECORDS) as srv:
        yield srv


# --- answers -----------------------------------------------------------------------------


@pytest.mark.parametrize("query", [udp_query, tcp_query])
def test_answers_with_ttl_and_echo(server, query):
    reply = query(server, "Example.COM", "MX")
    assert reply.rcode == NOERROR
    assert reply.aa
    assert reply.id == 0x1234
    assert reply.question == ("Example.COM.", TYPES["MX"])
    assert sorted(a[3] for a in reply.answers) == [
        (10, "mx1.example.com."),
        (20, "mx2.example.com."),
    ]
    assert {a[2] for a in reply.answers} == {300}


def test_value_forms(server):
    assert udp_query(server, "mx1.example.com", "A").answers == [
        ("mx1.example.com.", "A", 60, "192.0.2.1")
    ]
    assert udp_query(server, "mx1.example.com", "AAAA").answers[0][3] == "2001:db8::1"
    assert udp_query(server, "null.example", "MX").answers[0][3] == (0, ".")
    assert udp_query(server, "example.com", "TXT").answers[0][3] == ["v=spf1 -all"]
    server.add("case.example", "MX", "10 MX.Example.NET.")
    assert udp_query(server, "case.example", "MX").answers[0][3] == (10, "MX.Example.NET.")


def test_txt_strings(server):
    server.add("t.example", "TXT", ['"part one" "part two"', "x" * 300])
    values = sorted(a[3] for a in tcp_query(server, "t.example", "TXT").answers)
    assert values == [["part one", "part two"], ["x" * 255, "x" * 45]]


def test_nxdomain_and_nodata(server):
    nx = udp_query(server, "nope.example.com", "MX")
    assert nx.rcode == NXDOMAIN
    assert [r[1] for r in nx.authority] == ["SOA"]
    for name in ("mx1.example.com", "sub.example.com"):
        nodata = udp_query(server, name, "MX")
        assert (nodata.rcode, nodata.answers) == (NOERROR, [])
        assert [r[1] for r in nodata.authority] == ["SOA"]


def test_cname_is_followed(server):
    reply = udp_query(server, "alias.example.com", "MX")
    assert reply.answers[0][1:] == ("CNAME", 300, "example.com.")
    assert sorted(a[3] for a in reply.answers[1:]) == [
        (10, "mx1.example.com."),
        (20, "mx2.example.com."),
    ]


def test_add_set_records_and_reset(server):
    server.add("new.example.", "mx", "5 mx.new.example.", ttl=42)
    assert udp_query(server, "new.example", "MX").answers[0][2:] == (42, (5, "mx.new.example."))
    server.set_records({"only.example": {"A": "192.0.2.7"}})
    assert udp_query(server, "example.com", "MX").rcode == NXDOMAIN
    assert udp_query(server, "only.example", "A").rcode == NOERROR
    server.fault("only.example", "servfail")
    server.delay = 0.05
    server.reset()
    assert (server.query_count(), server.delay) == (0, 0.0)
    assert udp_query(server, "only.example", "A").rcode == NXDOMAIN


# --- faults ------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "rcode"), [("servfail", SERVFAIL), ("refused", REFUSED)])
def test_error_faults(server, kind, rcode):
    server.fault("EXAMPLE.com.", kind)
    for query in (udp_query, tcp_query):
        reply = query(server, "example.com", "MX")
        assert (reply.rcode, reply.answers) == (rcode, [])
    assert udp_query(server, "mx1.example.com", "A").rcode == NOERROR
    server.clear_faults()
    assert udp_query(server, "example.com", "MX").rcode == NOERROR


@pytest.mark.parametrize("kind", ["timeout", "drop"])
def test_no_reply(server, kind):
    server.fault("example.com", kind)
    with pytest.raises(socket.timeout):
        udp_query(server, "example.com", "MX", timeout=0.3)
    with pytest.raises(socket.timeout):
        tcp_query(server, "example.com", "MX", timeout=0.3)
    assert server.query_count("example.com") == 2
    assert udp_query(server, "mx1.example.com", "A").rcode == NOERROR


def test_truncate_udp_only(server):
    server.fault("example.com", "truncate")
    udp = udp_query(server, "example.com", "MX")
    assert udp.tc and udp.answers == []
    tcp = tcp_query(server, "example.com", "MX")
    assert not tcp.tc and len(tcp.answers) == 2
    assert server.queries == [("example.com", "MX", "udp"), ("example.com", "MX", "tcp")]


def test_delay_fault_and_combined_servfail(server):
    server.fault("example.com", "delay", delay=0.2)
    start = time.monotonic()
    assert udp_query(server, "example.com", "MX").rcode == NOERROR
    assert time.monotonic() - start >= 0.2
    server.fault("mx1.example.com", "servfail", delay=0.15)
    start = time.monotonic()
    assert udp_query(server, "mx1.example.com", "A").rcode == SERVFAIL
    assert time.monotonic() - start >= 0.15


def test_delayed_queries_do_not_serialise(server):
    server.delay = 0.3
    assert server.delay == pytest.approx(0.3)
    results: list[int] = []

    def ask(i: int) -> None:
        query = udp_query if i % 2 else tcp_query
        results.append(query(server, "example.com", "MX").rcode)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(20)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    assert results == [NOERROR] * 20
    assert 0.3 <= elapsed < 1.2
    assert server.query_count("example.com") == 20


def test_malformed_packets_are_ignored(server):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.3)
        for junk in (b"", b"\x00", b"\xff" * 30):
            sock.sendto(junk, (server.host, server.port))
        with pytest.raises(socket.timeout):
            sock.recvfrom(512)
    assert server.query_count() == 0
    assert udp_query(server, "example.com", "MX").rcode == NOERROR


# --- lifecycle ---------------------------------------------------------------------------


def test_lifecycle_and_address():
    srv = DnsServer({"a.example": {"A": "192.0.2.1"}}, delay=0.01)
    assert not srv.running
    assert repr(srv) == "<DnsServer stopped>"
    with pytest.raises(RuntimeError, match="not running"):
        _ = srv.address
    with srv as started:
        assert started is srv and srv.running
        host, port = srv.address.rsplit(":", 1)
        assert (host, int(port)) == (srv.host, srv.port) == ("127.0.0.1", srv.port)
        assert udp_query(srv, "a.example", "A").answers[0][3] == "192.0.2.1"
        assert srv.query_count("A.EXAMPLE.") == 1
    assert not srv.running
    srv.start()
    try:
        assert udp_query(srv, "a.example", "A").rcode == NOERROR
        assert srv.query_count("a.example") == 2
    finally:
        srv.stop()
    srv.stop()


# --- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda s: s.add("x.example", "BOGUS", "1"), ValueError, "BOGUS"),
        (lambda s: s.add("x.example", "MX", "mx.example."), ValueError, "mx.example."),
        (lambda s: s.add("x.example", "MX", "99999 mx.example."), ValueError, "99999"),
        (lambda s: s.add("x.example", "MX", (70000, "mx.")), ValueError, "70000"),
        (lambda s: s.add("x.example", "MX", {"preference": 1}), ValueError, "exchange"),
        (lambda s: s.add("x.example", "A", "not-an-ip"), ValueError, "not-an-ip"),
        (lambda s: s.add("x.example", "A", 42), TypeError, "42"),
        (lambda s: s.add("bad..name", "A", "192.0.2.1"), ValueError, "bad..name"),
        (lambda s: s.add(b"x", "A", "192.0.2.1"), TypeError, "b'x'"),
        (lambda s: s.add("x.example", "A", "192.0.2.1", ttl=-1), ValueError, "-1"),
        (lambda s: s.add("x.example", "A", "192.0.2.1", ttl=True), TypeError, "True"),
        (lambda s: s.set_records({"x": {"A": {"vals": "1"}}}), ValueError, "vals"),
        (lambda s: s.set_records(["x"]), TypeError, "mapping"),
        (lambda s: s.fault("x", "explode"), ValueError, "explode"),
        (lambda s: s.fault("x", "delay"), ValueError, "delay"),
        (lambda s: s.fault("x", "delay", delay=-1), ValueError, "-1"),
        (lambda s: s.fault("x", "delay", delay=float("nan")), ValueError, "NaN"),
        (lambda s: setattr(s, "delay", -0.5), ValueError, "-0.5"),
        (lambda s: setattr(s, "delay", "1"), TypeError, "'1'"),
        (lambda s: setattr(s, "delay", True), TypeError, "True"),
    ],
)
def test_bad_input(call, error, match):
    srv = DnsServer(RECORDS)
    with pytest.raises(error, match=match):
        call(srv)


def test_failed_set_records_keeps_old_records(server):
    with pytest.raises(ValueError, match="BOGUS"):
        server.set_records({"z.example": {"A": "192.0.2.1", "BOGUS": "x"}})
    assert udp_query(server, "example.com", "MX").rcode == NOERROR
    assert udp_query(server, "z.example", "A").rcode == NXDOMAIN


def test_records_may_be_given_before_start_and_kept_across_restart():
    srv = DnsServer()
    srv.add("pre.example", "A", "192.0.2.3")
    srv.fault("pre.example", "refused")
    with srv:
        assert udp_query(srv, "pre.example", "A").rcode == REFUSED


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs Linux /proc")
def test_import_starts_nothing():
    code = (
        "import os, mailtrace_mx.testing, mailtrace_mx.pytest_plugin; "
        "print(len(os.listdir('/proc/self/task')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1"


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs Linux /proc")
def test_stop_joins_the_server_thread():
    def threads() -> int:
        return len(os.listdir("/proc/self/task"))

    before = threads()
    servers = [DnsServer().start() for _ in range(3)]
    assert threads() == before + 3
    for srv in servers:
        srv.stop()
    assert threads() == before
    srv = DnsServer().start()
    del srv
    assert threads() == before


def test_idn_names_are_served_in_punycode(server):
    server.add("bücher.example", "MX", "10 mx.bücher.example.")
    reply = udp_query(server, "xn--bcher-kva.example", "MX")
    assert reply.answers[0][3] == (10, "mx.xn--bcher-kva.example.")
    assert server.query_count("bücher.example") == server.query_count("XN--BCHER-KVA.example") == 1


# --- DNSSEC flags, TLSA and PTR ---------------------------------------------------------------

AD_FLAG = 0x0020
DO_FLAG = 0x8000


def flagged_udp_query(
    server: DnsServer, name: str, rtype: int, *, do: Optional[bool], ad: bool = False
) -> tuple[int, Optional[int], bytes]:
    """Sends a query with the AD header bit and/or an OPT record (DO bit when ``do``; no
    OPT when ``do`` is None); returns the reply's header flags, its OPT TTL field (None
    without OPT: extended rcode, version, DO and Z flags) and the raw reply."""
    flags = 0x0100 | (AD_FLAG if ad else 0)
    header = struct.pack("!HHHHHH", 0x4321, flags, 1, 0, 0, 0 if do is None else 1)
    labels = b"".join(bytes([len(p)]) + p.encode("ascii") for p in name.split("."))
    packet = header + labels + b"\x00" + struct.pack("!HH", rtype, 1)
    if do is not None:
        packet += b"\x00" + struct.pack("!HHIH", 41, 1232, DO_FLAG if do else 0, 0)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(2)
        sock.sendto(packet, (server.host, server.port))
        data, _ = sock.recvfrom(65535)
    reply_flags = struct.unpack("!H", data[2:4])[0]
    arcount = struct.unpack("!H", data[10:12])[0]
    opt_ttl = None
    if arcount and data[-11:-8] == b"\x00\x00\x29":
        opt_ttl = struct.unpack("!I", data[-6:-2])[0]
    return reply_flags, opt_ttl, data


def test_signed_names_get_ad_when_asked_and_do_is_echoed(server: DnsServer) -> None:
    mx = TYPES["MX"]
    flags, opt, _ = flagged_udp_query(server, "example.com", mx, do=True)
    assert not flags & AD_FLAG and opt == DO_FLAG  # DO echoed (RFC 3225 §3)
    server.sign("Example.COM.")
    assert server.signed == ["example.com"]
    flags, opt, _ = flagged_udp_query(server, "example.com", mx, do=True)
    assert flags & AD_FLAG and opt == DO_FLAG
    flags, _, _ = flagged_udp_query(server, "deep.sub.example.com", TYPES["A"], do=None, ad=True)
    assert flags & AD_FLAG  # AD in the query asks for AD too (RFC 6840 §5.7)
    flags, opt, _ = flagged_udp_query(server, "example.com", mx, do=False)
    assert not flags & AD_FLAG and opt == 0
    flags, _, _ = flagged_udp_query(server, "null.example", mx, do=True)
    assert not flags & AD_FLAG  # not under a signed name
    assert server.dnssec_ok_queries == [
        ("example.com", "MX"),
        ("example.com", "MX"),
        ("null.example", "MX"),
    ]
    server.unsign("example.com")
    flags, _, _ = flagged_udp_query(server, "example.com", mx, do=True)
    assert not flags & AD_FLAG
    server.sign("example.com")
    server.reset()
    assert server.signed == []


def test_tlsa_and_ptr_records_are_served(server: DnsServer) -> None:
    digest = "ab" * 32
    server.add("_25._tcp.mx1.example.com", "TLSA", [f"3 1 1 {digest}", "2 0 2 " + "cd" * 64])
    server.add("1.2.0.192.in-addr.arpa", "PTR", "mx1.example.com.")
    reply = udp_query(server, "1.2.0.192.in-addr.arpa", "PTR")
    assert reply.answers == [("1.2.0.192.in-addr.arpa.", "PTR", 300, "mx1.example.com.")]
    _, _, raw = flagged_udp_query(server, "_25._tcp.mx1.example.com", 52, do=True)
    assert bytes([3, 1, 1]) + bytes.fromhex(digest) in raw
    assert bytes([2, 0, 2]) + bytes.fromhex("cd" * 64) in raw
    with pytest.raises(ValueError, match="TLSA"):
        server.add("_25._tcp.x.example", "TLSA", "3 1 1 not-hex")
    with pytest.raises(TypeError, match="name must be a str"):
        server.sign(42)  # type: ignore[arg-type]
