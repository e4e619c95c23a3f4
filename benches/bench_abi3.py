"""abi3 against a version-specific build: the calls the limited API can slow down.

Run it once per installed build (each in its own venv) and compare; see RESULTS-abi3.md:

    python benches/bench_abi3.py

Every number is the best of several repeats (the machine is shared): a cached ``resolve``
hit (one Python-to-Rust call on a short str), the CPU of one uncached lookup through the
loopback ``DnsServer``, ``Zone.from_dict`` (many str conversions) and ``validate_zone``
(Rust only) on the 10k-record zone of ``bench_zone.py``.
"""

from __future__ import annotations

import json
import os
import sys
import time
import timeit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import mailtrace_mx as m
from bench_zone import ZONE, zone_data
from mailtrace_mx.testing import DnsServer

N = 200


def discovery(out: dict[str, object]) -> None:
    records = {
        f"d{i}.bench.test": {"MX": [f"10 mx1.d{i}.bench.test.", f"20 mx2.d{i}.bench.test."]}
        for i in range(N)
    }
    with DnsServer(records) as server:
        config = m.MXDiscoveryConfig(servers=[server.address], timeout=5, cache_ttl=3600)
        mx = m.MXDiscovery(config)
        mx.resolve("d0.bench.test")
        best = min(timeit.repeat(lambda: mx.resolve("d0.bench.test"), number=20_000, repeat=7))
        out["cached_hit_ns"] = round(best / 20_000 * 1e9)
        cpu = float("inf")
        for _ in range(3):
            fresh = m.MXDiscovery(m.MXDiscoveryConfig(servers=[server.address], timeout=5))
            start = time.process_time()
            for i in range(N):
                fresh.resolve(f"d{i}.bench.test")
            cpu = min(cpu, (time.process_time() - start) / N)
        out["sequential_cpu_us"] = round(cpu * 1e6, 1)


def zone(out: dict[str, object]) -> None:
    data = zone_data(10_000)
    build = min(timeit.repeat(lambda: m.Zone.from_dict(ZONE, data), number=1, repeat=7))
    out["from_dict_10k_ms"] = round(build * 1e3, 2)
    native = m.Zone.from_dict(ZONE, data)
    check = min(timeit.repeat(lambda: m.validate_zone(native), number=1, repeat=7))
    out["validate_zone_10k_ms"] = round(check * 1e3, 2)


def main() -> None:
    out: dict[str, object] = {"extension": os.path.basename(m._core.__file__)}
    discovery(out)
    zone(out)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
