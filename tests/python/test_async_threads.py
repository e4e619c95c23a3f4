"""Every ``*_async`` runs as a task on the module's shared runtime: many
concurrent awaits need no thread each. Real DNS server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import re
import time

from mailtrace_mx import MXDiscovery, MXDiscoveryConfig
from mailtrace_mx.testing import DnsServer

CONCURRENT = 200
DELAY = 0.8
# The stated bound: at most this many threads above the baseline (measured after
# a first await has started the shared runtime) while 200 awaits are pending.
EXTRA_THREADS = 4


def thread_count() -> int:
    with open("/proc/self/status") as f:
        match = re.search(r"^Threads:\s+(\d+)$", f.read(), re.MULTILINE)
    assert match is not None
    return int(match.group(1))


async def resolve_all_sampling(
    engine: MXDiscovery, names: list[str]
) -> tuple[list[list[str]], int]:
    """Awaits every resolve at once; the peak thread count seen meanwhile."""
    peak = thread_count()
    pending = asyncio.gather(*(engine.resolve_async(n) for n in names))
    while not pending.done():
        peak = max(peak, thread_count())
        await asyncio.sleep(0.02)
    return await pending, peak


def test_200_concurrent_resolve_async_use_a_bounded_number_of_threads(
    dns_server: DnsServer,
) -> None:
    names = [f"d{i}.threads.test" for i in range(CONCURRENT)]
    dns_server.set_records(
        {
            "warm.threads.test": {"MX": "10 mx.threads.test."},
            **{n: {"MX": f"10 mx.{n}."} for n in names},
        }
    )
    engine = MXDiscovery(MXDiscoveryConfig(servers=[dns_server.address], timeout=10))

    async def main() -> tuple[int, list[list[str]], int, float]:
        assert await engine.resolve_async("warm.threads.test") == ["mx.threads.test"]
        baseline = thread_count()
        dns_server.delay = DELAY
        start = time.monotonic()
        results, peak = await resolve_all_sampling(engine, names)
        return baseline, results, peak, time.monotonic() - start

    baseline, results, peak, elapsed = asyncio.run(main())
    assert results == [[f"mx.{n}"] for n in names]
    # Concurrent: one server delay or a few, far from 200 of them in a row.
    assert elapsed < 10 * DELAY, elapsed
    assert peak <= baseline + EXTRA_THREADS, (baseline, peak)
