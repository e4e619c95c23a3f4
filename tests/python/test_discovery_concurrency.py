"""Concurrency, threads, the GIL, max_in_flight and fork/spawn, against the real
DNS server on 127.0.0.1."""

from __future__ import annotations

import multiprocessing
import threading
import time

import pytest
from mailtrace_mx import MXDiscovery
from mailtrace_mx.testing import DnsServer

N_DOMAINS = 50


def _records(n: int) -> dict[str, dict[str, list[str]]]:
    return {f"d{i}.example": {"MX": [f"10 mx.d{i}.example."]} for i in range(n)}


@pytest.fixture
def server(dns_server: DnsServer) -> DnsServer:
    dns_server.set_records(_records(N_DOMAINS))
    return dns_server


def _delay_all(server: DnsServer, n: int, seconds: float) -> None:
    for i in range(n):
        server.fault(f"d{i}.example", "delay", delay=seconds)


def test_expand_entries_runs_lookups_concurrently(server: DnsServer) -> None:
    _delay_all(server, N_DOMAINS, 0.2)
    d = MXDiscovery({"servers": [server.address], "timeout": 2})
    entries = [f"mx:d{i}.example" for i in range(N_DOMAINS)]
    start = time.monotonic()
    got = d.expand_entries(entries)
    elapsed = time.monotonic() - start
    assert got == [f"mx.d{i}.example" for i in range(N_DOMAINS)]
    assert elapsed < 1.0, elapsed


def test_expand_entries_order_dedupe_and_failures_isolated(server: DnsServer) -> None:
    d = MXDiscovery({"servers": [server.address], "timeout": 2})
    entries = ["static-a", "mx:d1.example", "mx:missing.example", "mx:d0.example"]
    entries += ["static-a", "mx:", "mx:D1.example.", "mx.d0.example"]
    got = d.expand_entries(entries)
    assert got == ["static-a", "mx.d1.example", "mx.d0.example"]
    # identical domains within one call are looked up once
    assert server.query_count("d1.example") == 1


def test_max_in_flight_bounds_and_deadline_starts_at_permit(server: DnsServer) -> None:
    _delay_all(server, 4, 0.2)
    d = MXDiscovery({"servers": [server.address], "timeout": 0.5}, max_in_flight=1)
    start = time.monotonic()
    got = d.expand_entries([f"mx:d{i}.example" for i in range(4)])
    elapsed = time.monotonic() - start
    # one at a time: 4 x 0.2 s, longer than the 0.5 s deadline, yet all succeed
    assert got == [f"mx.d{i}.example" for i in range(4)]
    assert 0.75 <= elapsed < 1.6, elapsed


def test_threads_share_one_instance(server: DnsServer) -> None:
    d = MXDiscovery({"servers": [server.address], "timeout": 2, "cache_ttl": 60})
    results: dict[int, list[str]] = {}
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for i in range(N_DOMAINS):
                assert d.resolve(f"d{(i + k) % N_DOMAINS}.example") == [
                    f"mx.d{(i + k) % N_DOMAINS}.example"
                ]
            results[k] = d.expand_entries([f"mx:d{i}.example" for i in range(5)])
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert all(v == [f"mx.d{i}.example" for i in range(5)] for v in results.values())
    assert len(results) == 8
    # the cache is shared: every domain reached the server about once
    assert sum(server.query_count(f"d{i}.example") for i in range(N_DOMAINS)) < 2 * N_DOMAINS


def test_gil_released_while_waiting(server: DnsServer) -> None:
    server.fault("d0.example", "delay", delay=0.4)
    d = MXDiscovery({"servers": [server.address], "timeout": 2})
    done = threading.Event()
    ticks = 0

    def lookup() -> None:
        d.resolve("d0.example")
        done.set()

    t = threading.Thread(target=lookup)
    t.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    t.join()
    assert ticks > 50, ticks


def _resolve_in_child(address: str, queue: multiprocessing.Queue[object]) -> None:
    d = MXDiscovery({"servers": [address], "timeout": 2})
    queue.put(d.resolve("d1.example"))


def test_spawned_child_resolves(server: DnsServer) -> None:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    p = ctx.Process(target=_resolve_in_child, args=(server.address, queue))
    p.start()
    try:
        assert queue.get(timeout=30) == ["mx.d1.example"]
    finally:
        p.join(10)
    assert p.exitcode == 0


def test_forked_child_resolves_with_parent_instance(server: DnsServer) -> None:
    d = MXDiscovery({"servers": [server.address], "timeout": 2})
    # The parent has a live runtime and resolvers before forking.
    assert d.resolve("d0.example") == ["mx.d0.example"]
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()

    def child() -> None:
        queue.put(
            (
                d.resolve("d2.example"),
                MXDiscovery({"servers": [server.address]}).resolve("d3.example"),
            )
        )

    p = ctx.Process(target=child)
    p.start()
    try:
        assert queue.get(timeout=15) == (["mx.d2.example"], ["mx.d3.example"])
    finally:
        p.join(10)
    assert p.exitcode == 0
    # the parent still works after the fork
    assert d.resolve("d4.example") == ["mx.d4.example"]
