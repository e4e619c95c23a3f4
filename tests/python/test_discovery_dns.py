"""MXDiscovery against the project's real DNS server on 127.0.0.1 (no mocks).

Covers every behaviour of API.md section 1 that needs DNS, and a real-DNS counterpart
of each test named in seed 000's "Testing" section (test_expand_*, test_cache_*,
test_custom_dns_servers; test_mixed_cluster_expansion is in test_clusters.py).
"""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from mailtrace_mx import (
    InvalidDomain,
    LookupTimeout,
    MXDiscovery,
    MXDiscoveryConfig,
    MXRecord,
    NoMXRecords,
    NullMX,
    NXDomain,
    ServerFailure,
)
from mailtrace_mx.testing import DnsServer

LOGGER = "mailtrace.mx_discovery"

RECORDS: dict[str, dict[str, list[str]]] = {
    "example.com": {"MX": ["10 mx1.example.com.", "20 mx2.example.com."]},
    "order.example": {
        "MX": [
            "20 b.example.net.",
            "10 Z.example.net.",
            "10 a.example.net.",
            "30 B.EXAMPLE.net.",
        ]
    },
    "nomx.example": {"A": ["192.0.2.10"]},
    "v6only.example": {"AAAA": ["2001:db8::1"]},
    "bare.example": {"TXT": ["v=spf1 -all"]},
    "nullmx.example": {"MX": ["0 ."]},
    "alias.example": {"CNAME": ["example.com."]},
    "xn--bcher-kva.example": {"MX": ["10 mx.xn--bcher-kva.example."]},
    "broken.example": {"MX": ["10 mx.broken.example."]},
    "slow.example": {"MX": ["10 mx.slow.example."]},
    "tc.example": {"MX": ["10 mx.tc.example."]},
}


@pytest.fixture
def server(dns_server: DnsServer) -> DnsServer:
    dns_server.set_records(RECORDS)
    return dns_server


def discovery(server: DnsServer, **config: Any) -> MXDiscovery:
    limits = {k: config.pop(k) for k in ("max_in_flight", "max_cache_entries") if k in config}
    config.setdefault("timeout", 2)
    return MXDiscovery(MXDiscoveryConfig(servers=[server.address], **config), **limits)


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING
    ]


# --- seed 000 "Testing" counterparts -------------------------------------------------


def test_expand_static_entry(server: DnsServer) -> None:
    d = discovery(server)
    for entry in ["relay.example.com", "192.0.2.1", "2001:db8::1", "MX:example.com", ""]:
        assert d.expand_entry(entry) == [entry]
    assert server.query_count("example.com") == 0


def test_expand_mx_entry_success(server: DnsServer) -> None:
    d = discovery(server)
    assert d.expand_entry("mx:example.com") == ["mx1.example.com", "mx2.example.com"]
    assert d.resolve("example.com") == ["mx1.example.com", "mx2.example.com"]


def test_expand_mx_entry_timeout(server: DnsServer, caplog: pytest.LogCaptureFixture) -> None:
    server.fault("slow.example", "timeout")
    d = discovery(server, timeout=0.5)
    start = time.monotonic()
    assert d.expand_entry("mx:slow.example") == []
    elapsed = time.monotonic() - start
    assert 0.45 <= elapsed <= 0.8, elapsed
    assert warnings_of(caplog) == ["MX lookup failed for slow.example: Timeout after 0.5s"]


def test_expand_mx_entry_nxdomain(server: DnsServer, caplog: pytest.LogCaptureFixture) -> None:
    d = discovery(server)
    assert d.expand_entry("mx:missing.example") == []
    assert warnings_of(caplog) == ["MX lookup failed for missing.example: NXDOMAIN"]


def test_expand_mx_entry_no_records(server: DnsServer, caplog: pytest.LogCaptureFixture) -> None:
    d = discovery(server)
    assert d.expand_entry("mx:nomx.example") == []
    assert warnings_of(caplog) == ["No MX records found for nomx.example"]


def test_cache_disabled(server: DnsServer) -> None:
    d = discovery(server, cache_ttl=0)
    for _ in range(3):
        assert d.resolve("example.com") == ["mx1.example.com", "mx2.example.com"]
    assert server.query_count("example.com") == 3


def test_cache_enabled(server: DnsServer) -> None:
    d = discovery(server, cache_ttl=60)
    for name in ["example.com", "EXAMPLE.com.", " Example.Com "]:
        assert d.resolve(name) == ["mx1.example.com", "mx2.example.com"]
    assert server.query_count("example.com") == 1


def test_cache_expired(server: DnsServer) -> None:
    d = discovery(server, cache_ttl=0.2)
    d.resolve("example.com")
    d.resolve("example.com")
    assert server.query_count("example.com") == 1
    time.sleep(0.3)
    assert d.resolve("example.com") == ["mx1.example.com", "mx2.example.com"]
    assert server.query_count("example.com") == 2


def test_custom_dns_servers(server: DnsServer) -> None:
    other_records = {"example.com": {"MX": ["5 other-mx.example.org."]}}
    with DnsServer(records=other_records) as other:
        d = MXDiscovery({"servers": [other.address], "timeout": 2})
        assert d.resolve("example.com") == ["other-mx.example.org"]
        assert other.query_count("example.com") == 1
    assert server.query_count("example.com") == 0


# --- warnings: exact texts, each seen twice in a row ----------------------------------

WARNING_CASES = [
    ("missing.example", None, "MX lookup failed for missing.example: NXDOMAIN"),
    ("nomx.example", None, "No MX records found for nomx.example"),
    ("nullmx.example", None, "Null MX for nullmx.example: domain accepts no mail"),
    ("broken.example", "servfail", "MX lookup failed for broken.example: SERVFAIL"),
    ("broken.example", "refused", "MX lookup failed for broken.example: REFUSED"),
    ("slow.example", "timeout", "MX lookup failed for slow.example: Timeout after 0.3s"),
    ("a..b.example", None, "MX lookup failed for a..b.example: invalid domain name"),
]


@pytest.mark.parametrize(("domain", "fault", "text"), WARNING_CASES)
@pytest.mark.parametrize("round_", [1, 2])
def test_each_warning_text_twice(
    server: DnsServer,
    caplog: pytest.LogCaptureFixture,
    domain: str,
    fault: str | None,
    text: str,
    round_: int,
) -> None:
    if fault:
        server.fault(domain, fault)
    d = discovery(server, timeout=0.3)
    assert d.resolve(domain) == []
    assert d.expand_entry(f"mx:{domain}") == []
    assert warnings_of(caplog) == [text, text]
    assert all(r.levelno == logging.WARNING for r in caplog.records if r.name == LOGGER)


def test_timeout_prints_like_python_str(
    server: DnsServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.fault("slow.example", "timeout")
    MXDiscovery({"servers": [server.address], "timeout": 1}).resolve("slow.example")
    assert warnings_of(caplog) == ["MX lookup failed for slow.example: Timeout after 1s"]


def test_warnings_honour_logger_level(server: DnsServer, caplog: pytest.LogCaptureFixture) -> None:
    d = discovery(server)
    caplog.set_level(logging.ERROR, logger=LOGGER)
    d.resolve("missing.example")
    assert warnings_of(caplog) == []
    caplog.set_level(logging.WARNING, logger=LOGGER)
    d.resolve("missing.example")
    assert warnings_of(caplog) == ["MX lookup failed for missing.example: NXDOMAIN"]


def test_control_characters_escaped_in_warning(
    server: DnsServer, caplog: pytest.LogCaptureFixture
) -> None:
    d = discovery(server)
    assert d.resolve("evil.example\nWARNING forged") == []
    assert warnings_of(caplog) == [
        "MX lookup failed for evil.example\\nWARNING forged: invalid domain name"
    ]


def test_mx_prefix_with_nothing_after_it(
    server: DnsServer, caplog: pytest.LogCaptureFixture
) -> None:
    d = discovery(server)
    assert d.expand_entry("mx:") == []
    assert d.expand_entry("mx:   ") == []
    assert warnings_of(caplog) == ["MX lookup failed for : invalid domain name"] * 2


# --- lookup(): structured answers and exceptions --------------------------------------


def test_lookup_records_and_order(server: DnsServer) -> None:
    d = discovery(server)
    assert d.lookup("example.com") == [
        MXRecord(10, "mx1.example.com", 300),
        MXRecord(20, "mx2.example.com", 300),
    ]


def test_order_preference_then_lowercased_name_case_kept_dedupe(server: DnsServer) -> None:
    d = discovery(server)
    got = d.resolve("order.example")
    assert got == ["a.example.net", "Z.example.net", "b.example.net"]
    assert [r.exchange for r in d.lookup("order.example")] == got
    assert [r.preference for r in d.lookup("order.example")] == [10, 10, 20]


@pytest.mark.parametrize(
    ("domain", "fault", "exc", "rcode"),
    [
        ("missing.example", None, NXDomain, None),
        ("nomx.example", None, NoMXRecords, None),
        ("nullmx.example", None, NullMX, None),
        ("broken.example", "servfail", ServerFailure, "SERVFAIL"),
        ("broken.example", "refused", ServerFailure, "REFUSED"),
        ("slow.example", "timeout", LookupTimeout, None),
        ("a..b.example", None, InvalidDomain, None),
    ],
)
def test_lookup_raises(
    server: DnsServer,
    caplog: pytest.LogCaptureFixture,
    domain: str,
    fault: str | None,
    exc: type[Exception],
    rcode: str | None,
) -> None:
    if fault:
        server.fault(domain, fault)
    d = discovery(server, timeout=0.3)
    with pytest.raises(exc) as info:
        d.lookup(f"  {domain} ")
    assert info.value.domain == domain  # type: ignore[attr-defined]
    if exc is ServerFailure:
        assert info.value.rcode == rcode  # type: ignore[attr-defined]
    assert warnings_of(caplog) == []


def test_errors_share_base_class(server: DnsServer) -> None:
    from mailtrace_mx import MXLookupError

    with pytest.raises(MXLookupError, match="NXDOMAIN"):
        discovery(server).lookup("missing.example")


# --- DNS behaviours -------------------------------------------------------------------


def test_null_mx_is_cached_failures_are_not(server: DnsServer) -> None:
    d = discovery(server, cache_ttl=60)
    for _ in range(2):
        d.resolve("nullmx.example")
        d.resolve("missing.example")
        d.resolve("nomx.example")
    assert server.query_count("nullmx.example") == 1
    assert server.query_count("missing.example") == 2
    assert server.query_count("nomx.example") == 2


def test_timeouts_and_servfail_not_cached(server: DnsServer) -> None:
    server.fault("broken.example", "servfail")
    d = discovery(server, cache_ttl=60, timeout=0.3)
    d.resolve("broken.example")
    d.resolve("broken.example")
    assert server.query_count("broken.example") == 2
    server.reset()
    server.add("broken.example", "MX", ["10 mx.broken.example."])
    assert d.resolve("broken.example") == ["mx.broken.example"]


def test_lookup_shares_the_cache_and_clear_cache(server: DnsServer) -> None:
    d = discovery(server, cache_ttl=60)
    d.resolve("example.com")
    assert [r.exchange for r in d.lookup("Example.com")] == ["mx1.example.com", "mx2.example.com"]
    assert server.query_count("example.com") == 1
    d.clear_cache()
    d.lookup("example.com")
    assert server.query_count("example.com") == 2


def test_lru_bound(server: DnsServer) -> None:
    for name in ["a.example", "b.example", "c.example"]:
        server.add(name, "MX", [f"10 mx.{name}."])
    d = discovery(server, cache_ttl=60, max_cache_entries=2)
    for name in ["a.example", "b.example", "a.example", "c.example", "a.example", "b.example"]:
        assert d.resolve(name) == [f"mx.{name}"]
    # b was least recently used when c came in, so it was evicted; a stayed.
    assert server.query_count("a.example") == 1
    assert server.query_count("b.example") == 2
    assert server.query_count("c.example") == 1


def test_cname_at_queried_name_followed(server: DnsServer) -> None:
    d = discovery(server)
    assert d.resolve("alias.example") == ["mx1.example.com", "mx2.example.com"]


def test_truncated_udp_answer_retried_over_tcp(server: DnsServer) -> None:
    server.fault("tc.example", "truncate")
    d = discovery(server)
    assert d.resolve("tc.example") == ["mx.tc.example"]
    transports = [t for name, _, t in server.queries if name == "tc.example"]
    assert transports == ["udp", "tcp"]


def test_idn_queried_as_punycode(server: DnsServer) -> None:
    d = discovery(server)
    assert d.resolve("bücher.example") == ["mx.xn--bcher-kva.example"]
    assert d.expand_entry("mx: BÜCHER.example. ") == ["mx.xn--bcher-kva.example"]
    assert server.query_count("xn--bcher-kva.example") == 2


def test_trailing_dot_and_whitespace_allowed(server: DnsServer) -> None:
    d = discovery(server)
    assert d.expand_entry("mx:  example.com.  ") == ["mx1.example.com", "mx2.example.com"]


def test_implicit_mx(server: DnsServer, caplog: pytest.LogCaptureFixture) -> None:
    d = discovery(server, implicit_mx=True)
    assert d.resolve("nomx.example") == ["nomx.example"]
    assert d.resolve("NoMX.example.") == ["NoMX.example"]
    assert d.resolve("v6only.example") == ["v6only.example"]
    assert d.lookup("nomx.example") == [MXRecord(0, "nomx.example", 300)]
    assert d.resolve("example.com") == ["mx1.example.com", "mx2.example.com"]
    assert warnings_of(caplog) == []
    assert d.resolve("bare.example") == []
    assert warnings_of(caplog) == ["No MX records found for bare.example"]
    assert discovery(server).resolve("nomx.example") == []


@pytest.mark.parametrize(
    "domain",
    [
        "a..b.example",
        ".example.com",
        "a" * 64 + ".example",
        ".".join(["abcdefghi"] * 26) + ".com",
        "has space.example",
        "tab\there.example",
        "\udc80.example",
        "xn--zz.example",
        ".",
        "",
    ],
)
def test_invalid_domains(server: DnsServer, caplog: pytest.LogCaptureFixture, domain: str) -> None:
    d = discovery(server)
    assert d.resolve(domain) == []
    [message] = warnings_of(caplog)
    assert message.endswith(": invalid domain name")
    with pytest.raises(InvalidDomain):
        d.lookup(domain)


def test_longest_valid_names_accepted(server: DnsServer) -> None:
    label63 = "a" * 63 + ".example"
    server.add(label63, "MX", ["10 mx.example.com."])
    assert discovery(server).resolve(label63) == ["mx.example.com"]


@pytest.mark.parametrize("value", [None, 42, b"example.com", ["example.com"]])
def test_non_str_domain_is_type_error(server: DnsServer, value: object) -> None:
    d = discovery(server)
    for method in (d.resolve, d.lookup, d.expand_entry):
        with pytest.raises(TypeError):
            method(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        d.expand_entries(["mx:example.com", value])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        d.expand_entries("mx:example.com")


# --- servers, deadline, failover -------------------------------------------------------


def test_failover_dead_first_server_within_one_deadline(server: DnsServer) -> None:
    with DnsServer(records=RECORDS) as dead:
        dead.fault("example.com", "timeout")
        d = MXDiscovery({"servers": [dead.address, server.address], "timeout": 1})
        start = time.monotonic()
        assert d.resolve("example.com") == ["mx1.example.com", "mx2.example.com"]
        elapsed = time.monotonic() - start
        assert elapsed < 0.9, elapsed
        assert dead.query_count("example.com") >= 1
        assert server.query_count("example.com") == 1


@pytest.mark.parametrize("fault", ["servfail", "refused"])
def test_failover_on_rcode(server: DnsServer, fault: str) -> None:
    with DnsServer(records=RECORDS) as bad:
        bad.fault("example.com", fault)
        d = MXDiscovery({"servers": [bad.address, server.address], "timeout": 2})
        assert d.resolve("example.com") == ["mx1.example.com", "mx2.example.com"]
        assert bad.query_count("example.com") == 1


def test_nxdomain_from_first_server_is_final(server: DnsServer) -> None:
    with DnsServer(records={}) as empty:
        d = MXDiscovery({"servers": [empty.address, server.address], "timeout": 2})
        assert d.resolve("example.com") == []
        assert empty.query_count("example.com") == 1
        assert server.query_count("example.com") == 0


def test_all_servers_dead_honours_total_deadline(
    server: DnsServer, caplog: pytest.LogCaptureFixture
) -> None:
    with DnsServer(records=RECORDS) as dead:
        dead.fault("example.com", "timeout")
        server.fault("example.com", "timeout")
        d = MXDiscovery({"servers": [dead.address, server.address], "timeout": 0.6})
        start = time.monotonic()
        assert d.resolve("example.com") == []
        elapsed = time.monotonic() - start
        assert 0.55 <= elapsed <= 0.9, elapsed
        assert server.query_count("example.com") >= 1
    assert warnings_of(caplog) == ["MX lookup failed for example.com: Timeout after 0.6s"]


def test_server_with_port_and_ipv4_only_addressing(server: DnsServer) -> None:
    host, port = server.address.rsplit(":", 1)
    d = MXDiscovery({"servers": [f"{host}:{port}"]})
    assert d.resolve("example.com") == ["mx1.example.com", "mx2.example.com"]


FRESH_INTERPRETER = """
import logging, sys
records = []
class Keep(logging.Handler):
    def emit(self, record):
        records.append((record.name, record.levelname, record.getMessage()))
log = logging.getLogger("mailtrace.mx_discovery")
log.addHandler(Keep())
log.propagate = False
from mailtrace_mx import MXDiscovery
d = MXDiscovery({"servers": [sys.argv[1]], "timeout": 2})
d.resolve("missing.example")
log.setLevel(logging.ERROR)
d.resolve("missing.example")
log.setLevel(logging.WARNING)
d.resolve("nomx.example")
print(records)
"""


def test_logging_from_first_message_in_fresh_interpreter(server: DnsServer) -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", FRESH_INTERPRETER, server.address],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert out.stdout.strip() == repr(
        [
            (LOGGER, "WARNING", "MX lookup failed for missing.example: NXDOMAIN"),
            (LOGGER, "WARNING", "No MX records found for nomx.example"),
        ]
    )
    assert out.stderr == ""
