"""Concurrent identical lookups on one instance share one query on the wire, with the
cache on or off; sequential lookups without a cache each send one (issue 7, item 9)."""

from __future__ import annotations

import threading

import pytest
from mailtrace_mx import MXDiscovery
from mailtrace_mx.testing import DnsServer

CALLERS = 8


def _resolve_together(mx: MXDiscovery, callers: int) -> list[list[str]]:
    start = threading.Barrier(callers)
    results: list[list[str]] = []

    def call() -> None:
        start.wait()
        results.append(mx.resolve("shared.example"))

    threads = [threading.Thread(target=call) for _ in range(callers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.parametrize("cache_ttl", [0, 60])
def test_concurrent_identical_lookups_send_one_query(dns_server: DnsServer, cache_ttl: int) -> None:
    dns_server.add("shared.example", "MX", ["10 mx.shared.example."])
    dns_server.fault("shared.example", "delay", delay=0.5)
    config = {"servers": [dns_server.address], "timeout": 3, "cache_ttl": cache_ttl}
    # One caller alone: what one lookup costs on the wire (hickory may re-send a
    # datagram while the delayed answer is pending).
    assert _resolve_together(MXDiscovery(config), 1) == [["mx.shared.example"]]
    alone = dns_server.query_count("shared.example")
    assert alone >= 1
    dns_server.clear_queries()
    results = _resolve_together(MXDiscovery(config), CALLERS)
    assert results == [["mx.shared.example"]] * CALLERS
    assert dns_server.query_count("shared.example") == alone


def test_one_call_with_a_repeated_entry_sends_one_query(dns_server: DnsServer) -> None:
    dns_server.add("shared.example", "MX", ["10 mx.shared.example."])
    mx = MXDiscovery({"servers": [dns_server.address], "timeout": 3})
    assert mx.expand_entries(["mx:shared.example", "mx:SHARED.example."]) == ["mx.shared.example"]
    assert dns_server.query_count("shared.example") == 1


def test_sequential_lookups_without_cache_each_query(dns_server: DnsServer) -> None:
    dns_server.add("shared.example", "MX", ["10 mx.shared.example."])
    mx = MXDiscovery({"servers": [dns_server.address], "timeout": 3})
    for _ in range(3):
        assert mx.resolve("shared.example") == ["mx.shared.example"]
    assert dns_server.query_count("shared.example") == 3
