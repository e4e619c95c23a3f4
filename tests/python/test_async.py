"""The async twins: awaitable in a running loop, concurrent, never blocking the loop, and
equal to the sync versions (results and warnings). Real DNS server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import pytest
from mailtrace_mx import (
    Clusters,
    MXDiscovery,
    MXDiscoveryConfig,
    check_domain,
    check_domain_async,
)
from mailtrace_mx.testing import DnsServer

DELAY = 0.4
N = 6
LOGGER = "mailtrace.mx_discovery"

RECORDS: dict[str, dict[str, Any]] = {
    **{f"slow{i}.test": {"MX": [f"10 mx.slow{i}.test.", "20 mx.b.test."]} for i in range(N)},
    **{f"mx.slow{i}.test": {"A": f"192.0.2.{i + 1}"} for i in range(N)},
    "mx.b.test": {"A": "192.0.2.100"},
    "fast.test": {"MX": "10 mx.b.test."},
    "nomx.test": {"A": "192.0.2.50"},
    "parked.test": {"MX": "0 ."},
}


@pytest.fixture
def server(dns_server: DnsServer) -> DnsServer:
    dns_server.set_records(RECORDS)
    for i in range(N):
        dns_server.fault(f"slow{i}.test", "delay", delay=DELAY)
    dns_server.fault("broken.test", "servfail")
    return dns_server


@pytest.fixture
def discovery(server: DnsServer) -> MXDiscovery:
    return MXDiscovery(MXDiscoveryConfig(servers=[server.address], timeout=3))


def run(coro: Any) -> Any:
    return asyncio.run(coro)


SLOW = [f"slow{i}.test" for i in range(N)]


def test_concurrent_resolves_take_one_delay(discovery: MXDiscovery) -> None:
    async def main() -> tuple[float, list[list[str]]]:
        start = time.monotonic()
        results = await asyncio.gather(*(discovery.resolve_async(d) for d in SLOW))
        return time.monotonic() - start, results

    took, results = run(main())
    assert results == [[f"mx.slow{i}.test", "mx.b.test"] for i in range(N)]
    assert DELAY * 0.9 <= took < DELAY * 2, took  # sequential would be N * DELAY


def test_loop_is_not_blocked(discovery: MXDiscovery) -> None:
    async def main() -> int:
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.02)
                ticks += 1

        task = asyncio.create_task(ticker())
        await discovery.resolve_async("slow0.test")
        task.cancel()
        return ticks

    assert run(main()) >= DELAY / 0.02 / 2


def test_check_domain_async_concurrent_and_equal(server: DnsServer) -> None:
    cfg = MXDiscoveryConfig(servers=[server.address], timeout=3)

    async def main() -> tuple[float, list[Any]]:
        start = time.monotonic()
        reports = await asyncio.gather(*(check_domain_async(d, cfg) for d in SLOW))
        return time.monotonic() - start, reports

    took, reports = run(main())
    assert took < DELAY * 2, took
    for d, report in zip(SLOW, reports):
        assert report.to_dict() == check_domain(d, cfg).to_dict()
    assert run(check_domain_async("parked.test", cfg)).to_dict() == (
        check_domain("parked.test", cfg).to_dict()
    )


def test_same_results_and_warnings_as_sync(
    discovery: MXDiscovery, caplog: pytest.LogCaptureFixture
) -> None:
    entries = ["mx:fast.test", "static.host", "mx:nomx.test", "mx:broken.test", "mx:parked.test"]
    caplog.set_level(logging.WARNING, logger=LOGGER)
    sync = discovery.expand_entries(entries)
    sync_warnings = [r.getMessage() for r in caplog.records]
    caplog.clear()
    got = run(discovery.expand_entries_async(entries))
    assert got == sync
    assert [r.getMessage() for r in caplog.records] == sync_warnings
    assert len(sync_warnings) == 3
    caplog.clear()
    assert run(discovery.resolve_async("nx.test")) == []
    assert [r.getMessage() for r in caplog.records] == ["MX lookup failed for nx.test: NXDOMAIN"]
    assert [r.name for r in caplog.records] == [LOGGER]
    assert run(discovery.expand_entry_async("mx:fast.test")) == discovery.expand_entry(
        "mx:fast.test"
    )
    assert run(discovery.expand_entry_async("1.2.3.4")) == ["1.2.3.4"]


def test_clusters_resolve_all_async(server: DnsServer) -> None:
    clusters = Clusters(
        {"a": ["mx:slow0.test", "relay"], "b": ["mx:slow1.test", "mx:fast.test"]},
        domain="example.org",
        mx_discovery={"servers": [server.address], "timeout": 3},
    )

    async def main() -> tuple[float, dict[str, list[str]]]:
        start = time.monotonic()
        result = await clusters.resolve_all_async()
        return time.monotonic() - start, result

    took, result = run(main())
    assert result == clusters.resolve_all()
    assert took < DELAY * 2


def test_bad_arguments_raise_at_call(discovery: MXDiscovery) -> None:
    with pytest.raises(TypeError, match="domain must be a str"):
        discovery.resolve_async(42)  # type: ignore[arg-type, unused-coroutine]
    with pytest.raises(TypeError, match="entries"):
        discovery.expand_entries_async("mx:fast.test")  # type: ignore[unused-coroutine]
    with pytest.raises(TypeError):
        check_domain_async(None)  # type: ignore[arg-type, unused-coroutine]
    with pytest.raises(ValueError, match=r"a\.\.b"):
        run(check_domain_async("a..b"))


def test_cancelled_await_is_harmless(discovery: MXDiscovery) -> None:
    async def main() -> list[str]:
        task = asyncio.create_task(discovery.resolve_async("slow2.test"))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.sleep(DELAY)  # the late result is dropped quietly
        return await discovery.resolve_async("fast.test")

    assert run(main()) == ["mx.b.test"]


def test_interpreter_exit_right_after_an_await_is_clean(server: DnsServer) -> None:
    """The worker thread must be out of Python before the loop sees the result, or
    the interpreter may finalize under it (seen as SIGABRT at exit)."""
    import subprocess
    import sys

    script = (
        "import asyncio, sys\n"
        "from mailtrace_mx import MXDiscovery, check_domain_async\n"
        f"cfg = {{'servers': ['{server.address}'], 'timeout': 2}}\n"
        "async def main():\n"
        "    return await asyncio.gather(check_domain_async('fast.test', cfg),\n"
        "                                MXDiscovery(cfg).resolve_async('fast.test'))\n"
        "print(asyncio.run(main())[1])\n"
    )
    for _ in range(8):
        proc = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert proc.stdout.strip() == "['mx.b.test']"
