"""Special-use names (RFC 6761) are answered locally, with no query (issue 7, item 9)."""

from __future__ import annotations

import logging

import pytest
from mailtrace_mx import MXDiscovery, NoMXRecords, NXDomain
from mailtrace_mx.testing import DnsServer

# RFC 6761 §6.3 (localhost) and the loopback reverse zones: "no records" for MX.
LOOPBACK = [
    "localhost",
    "mail.localhost",
    "127.in-addr.arpa",
    "1.0.0.127.in-addr.arpa",
    "1." + "0." * 31 + "ip6.arpa",
]
# RFC 6761 §6.4 (invalid) and RFC 7686 (onion): NXDOMAIN.
NXDOMAIN = ["invalid", "x.invalid", "onion", "hidden.onion", "A.B.ONION"]
# Names that are queried like any other (.local is mDNS, RFC 6762; .test, RFC 6761 §6.2,
# is a normal name for a resolver; link-local reverse zone).
QUERIED = ["x.local", "x.test", "254.169.in-addr.arpa"]


@pytest.fixture
def mx(dns_server: DnsServer) -> MXDiscovery:
    # Records exist for every name, so a query that reached the server would succeed.
    for name in LOOPBACK + NXDOMAIN + QUERIED:
        dns_server.add(name, "MX", ["10 mx.example.net."])
    dns_server.clear_queries()
    return MXDiscovery({"servers": [dns_server.address], "timeout": 2})


@pytest.mark.parametrize("name", LOOPBACK)
def test_loopback_names_have_no_mx_and_send_no_query(
    dns_server: DnsServer, mx: MXDiscovery, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(NoMXRecords):
        mx.lookup(name)
    with caplog.at_level(logging.WARNING, logger="mailtrace.mx_discovery"):
        assert mx.resolve(name) == []
    assert caplog.messages == [f"No MX records found for {name}"]
    assert dns_server.query_count() == 0


@pytest.mark.parametrize("name", NXDOMAIN)
def test_invalid_and_onion_are_nxdomain_without_a_query(
    dns_server: DnsServer, mx: MXDiscovery, name: str
) -> None:
    with pytest.raises(NXDomain):
        mx.lookup(name)
    assert mx.expand_entry(f"mx:{name}") == []
    assert dns_server.query_count() == 0


@pytest.mark.parametrize("name", QUERIED)
def test_other_names_are_queried(dns_server: DnsServer, mx: MXDiscovery, name: str) -> None:
    assert mx.resolve(name) == ["mx.example.net"]
    assert dns_server.query_count(name) == 1
