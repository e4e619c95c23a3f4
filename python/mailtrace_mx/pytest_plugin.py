"""pytest plugin of mailtrace-mx (registered through the ``pytest11`` entry point).

Fixtures:

``dns_server``
    A running :class:`mailtrace_mx.testing.DnsServer` on 127.0.0.1, empty at the start
    of each test and reset (records, faults, delay, counters) after it::

        def test_lookup(dns_server):
            dns_server.add("example.com", "MX", ["10 mx1.example.com."])
            dns_server.fault("broken.example", "servfail")
            cfg = MXDiscoveryConfig(servers=[dns_server.address])

``dns_server_session``
    The one server behind ``dns_server``, shared by the whole session (not reset).

This module imports nothing heavy: the native server is loaded by the fixtures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from mailtrace_mx.testing import DnsServer


@pytest.fixture(scope="session")
def dns_server_session() -> Iterator[DnsServer]:
    """One test DNS server for the whole session."""
    from mailtrace_mx.testing import DnsServer

    server = DnsServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def dns_server(dns_server_session: DnsServer) -> Iterator[DnsServer]:
    """The session's test DNS server, reset before and after the test."""
    dns_server_session.reset()
    try:
        yield dns_server_session
    finally:
        dns_server_session.reset()
