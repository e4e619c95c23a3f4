"""A bulk run's limits: one pool and one cap on DNS queries in flight across the whole run,
no UDP re-sends from a slow but answering server, and a run under a low open-files limit
that completes. Real DNS server on 127.0.0.1 (the ``dns_server`` fixture)."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from mailtrace_mx import MXDiscoveryConfig, check_domains, check_domains_async
from mailtrace_mx._core import Checker
from mailtrace_mx.testing import DnsServer

#: Queries of one domain below: MX, A, AAAA, 4 TXT, then A and AAAA of its 2 exchanges, and
#: of each exchange its TLSA record and the PTR of its address.
QUERIES_PER_DOMAIN = 15


def zone(n: int) -> dict[str, dict[str, Any]]:
    """``n`` domains of the usual shape (2 MX with addresses, SPF, DMARC, MTA-STS, TLS-RPT)."""
    records: dict[str, dict[str, Any]] = {}
    for i in range(n):
        d = f"d{i}.limits.test"
        records[d] = {"MX": [f"10 mx1.{d}.", f"20 mx2.{d}."], "TXT": "v=spf1 mx -all"}
        # Addresses of its own (198.18.0.0/15, RFC 2544): no two domains share a question.
        records[f"mx1.{d}"] = {"A": f"198.18.{i // 200}.{i % 200 + 1}"}
        records[f"mx2.{d}"] = {"A": f"198.19.{i // 200}.{i % 200 + 1}"}
        records[f"_dmarc.{d}"] = {"TXT": "v=DMARC1; p=reject"}
        records[f"_mta-sts.{d}"] = {"TXT": "v=STSv1; id=1"}
        records[f"_smtp._tls.{d}"] = {"TXT": "v=TLSRPTv1; rua=mailto:t@example.org"}
    return records


def names(n: int) -> list[str]:
    return [f"d{i}.limits.test" for i in range(n)]


def sent_and_distinct(server: DnsServer) -> tuple[int, int]:
    """Queries for this file's names (a query of an earlier test still on its way to its
    deadline may arrive during this one: not counted)."""
    ours = (".limits.test", ".18.198.in-addr.arpa", ".19.198.in-addr.arpa")
    log = [(name, rtype) for name, rtype, _ in server.queries if name.endswith(ours)]
    return len(log), len(set(log))


def failed(reports: list[Any]) -> list[str]:
    return [r.domain for r in reports if any(f.id.endswith("-failed") for f in r.findings)]


def test_the_cap_bounds_queries_in_flight_across_checks(dns_server: DnsServer) -> None:
    # 16 domains x 15 queries, 50 ms each, 16 domains at once: uncapped about 0.2 s; at
    # most 4 queries in flight, at least 240 / 4 x 50 ms = 3 s.
    dns_server.set_records(zone(16))
    dns_server.delay = 0.05
    config = MXDiscoveryConfig(servers=[dns_server.address], timeout=30)
    start = time.monotonic()
    reports = list(
        check_domains(names(16), config, max_domains_in_flight=16, max_queries_in_flight=4)
    )
    elapsed = time.monotonic() - start
    assert failed(reports) == []
    sent, distinct = sent_and_distinct(dns_server)
    assert sent == distinct == 16 * QUERIES_PER_DOMAIN
    assert elapsed >= distinct / 4 * 0.05


def test_without_a_tight_cap_the_same_run_is_fast(dns_server: DnsServer) -> None:
    # The control of the test above: the slowness there is the cap, not the server.
    dns_server.set_records(zone(16))
    dns_server.delay = 0.05
    config = MXDiscoveryConfig(servers=[dns_server.address], timeout=30)
    start = time.monotonic()
    reports = list(check_domains(names(16), config, max_domains_in_flight=16))
    assert failed(reports) == []
    assert time.monotonic() - start < 16 * QUERIES_PER_DOMAIN / 4 * 0.05 / 2


def test_a_slow_server_gets_each_question_once(dns_server: DnsServer) -> None:
    dns_server.set_records(zone(300))
    dns_server.delay = 0.02
    config = MXDiscoveryConfig(servers=[dns_server.address], timeout=10)
    reports = list(check_domains(names(300), config))
    assert len(reports) == 300 and failed(reports) == []
    sent, distinct = sent_and_distinct(dns_server)
    assert distinct == 300 * QUERIES_PER_DOMAIN
    assert sent == distinct


async def _collect(config: MXDiscoveryConfig, n: int, cap: int) -> list[Any]:
    return [r async for r in check_domains_async(names(n), config, max_queries_in_flight=cap)]


def test_the_async_version_takes_the_cap_too(dns_server: DnsServer) -> None:
    import asyncio

    dns_server.set_records(zone(8))
    dns_server.delay = 0.05
    config = MXDiscoveryConfig(servers=[dns_server.address], timeout=30)
    start = time.monotonic()
    reports = asyncio.run(_collect(config, 8, 2))
    assert [r.domain for r in reports] == names(8) and failed(reports) == []
    assert time.monotonic() - start >= 8 * QUERIES_PER_DOMAIN / 2 * 0.05


def test_checker_default_cap_and_bad_values() -> None:
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    expected = 256 if soft == resource.RLIM_INFINITY else max(1, min(256, soft // 4))
    assert Checker().max_queries_in_flight == expected
    assert Checker(max_queries_in_flight=3).max_queries_in_flight == 3
    for bad in (0, -1, 10**30):
        with pytest.raises(ValueError, match=f"max_queries_in_flight.*{bad}"):
            Checker(max_queries_in_flight=bad)
    for wrong in (True, 2.0, "8"):
        with pytest.raises(TypeError, match="max_queries_in_flight"):
            Checker(max_queries_in_flight=wrong)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="max_queries_in_flight"):
        check_domains(["a.test"], max_queries_in_flight="8")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_queries_in_flight"):
        check_domains(["a.test"], max_queries_in_flight=0)


def test_checker_checks_one_domain(dns_server: DnsServer) -> None:
    dns_server.set_records(zone(1))
    checker = Checker(MXDiscoveryConfig(servers=[dns_server.address], timeout=5))
    report = checker.check("d0.limits.test")
    assert report.domain == "d0.limits.test" and failed([report]) == []
    with pytest.raises(ValueError, match="invalid domain"):
        checker.check("not a domain")


#: Sets the soft open-files limit to argv[1], then runs the CLI with the rest of argv.
UNDER_LIMIT = """
import resource, sys
from mailtrace_mx.cli import main
soft = int(sys.argv[1])
_, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
sys.exit(main(sys.argv[2:]))
"""


def test_a_run_under_a_low_open_files_limit_completes(
    dns_server: DnsServer, tmp_path: Path
) -> None:
    n = 2000
    dns_server.set_records(zone(n))
    dns_server.delay = 0.02
    listing = tmp_path / "domains.txt"
    listing.write_text("\n".join(names(n)) + "\n", encoding="utf-8")
    args = ["check", "-f", str(listing), "--jsonl", "--server", dns_server.address]
    args += ["--timeout", "10", "--fail-on", "error"]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    res = subprocess.run(
        [sys.executable, "-c", UNDER_LIMIT, "256", *args],
        capture_output=True,
        text=True,
        timeout=240,
        env=env,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    reports = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["domain"] for r in reports] == names(n)
    bad = [r["domain"] for r in reports if any("failed" in f["id"] for f in r["findings"])]
    assert bad == []
    for text in (res.stdout, res.stderr):
        assert "no connections available" not in text
        assert "Too many open files" not in text
    sent, distinct = sent_and_distinct(dns_server)
    assert distinct == n * QUERIES_PER_DOMAIN
    assert sent <= distinct * 1.01


def test_a_head_done_before_the_wait_leaves_room_for_the_next() -> None:
    # The race behind a run that stopped after its first report (window 1): the check was
    # done before the loop waited, so it still counted as running once handed out.
    import concurrent.futures

    from mailtrace_mx.bulk import _Window

    window: _Window[concurrent.futures.Future[int]] = _Window(1)
    first: concurrent.futures.Future[int] = concurrent.futures.Future()
    window.add(first)
    first.set_result(1)
    assert window.head_done() and not window.has_room()
    assert window.pop() is first
    assert window.has_room() and not window.pending
