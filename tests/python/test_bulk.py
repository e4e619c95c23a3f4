"""``check_domains`` / ``check_domains_async``: input order, streaming, bounded read-ahead,
a window of checks in flight, bad names and failing domains as reports. Real DNS server on
127.0.0.1 (the ``dns_server`` fixture), per-name delays from its delay faults."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from mailtrace_mx import (
    DomainReport,
    Finding,
    MXDiscoveryConfig,
    check_domain,
    check_domains,
    check_domains_async,
)
from mailtrace_mx.bulk import CHECK_FAILED, INVALID_DOMAIN, REORDER_FACTOR
from mailtrace_mx.testing import DnsServer

N = 12


def zone(n: int) -> dict[str, dict[str, Any]]:
    records: dict[str, dict[str, Any]] = {"mx.shared.test": {"A": "192.0.2.1"}}
    for i in range(n):
        records[f"d{i}.test"] = {"MX": "10 mx.shared.test.", "TXT": "v=spf1 mx -all"}
    return records


@pytest.fixture
def server(dns_server: DnsServer) -> DnsServer:
    dns_server.set_records(zone(200))
    return dns_server


@pytest.fixture
def config(server: DnsServer) -> MXDiscoveryConfig:
    return MXDiscoveryConfig(servers=[server.address], timeout=3)


def names(n: int) -> list[str]:
    return [f"d{i}.test" for i in range(n)]


class Counted:
    """A generator of names that records how far it was read."""

    def __init__(self, items: list[str]) -> None:
        self.items = items
        self.taken = 0

    def __iter__(self) -> Iterator[str]:
        for item in self.items:
            self.taken += 1
            yield item


def threads_named(prefix: str) -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith(prefix)]


# --- order and timing ----------------------------------------------------------------------


def test_input_order_with_varied_delays(server: DnsServer, config: MXDiscoveryConfig) -> None:
    domains = names(N)
    for i, name in enumerate(domains):  # the first ones are the slowest
        server.fault(name, "delay", delay=0.03 * (N - i))
    start = time.monotonic()
    reports = list(check_domains(domains, config, max_domains_in_flight=N))
    took = time.monotonic() - start
    assert [r.domain for r in reports] == domains
    assert all(r.findings == check_domain(r.domain, config).findings for r in reports[:2])
    assert [m.exchange for m in reports[5].mx] == ["mx.shared.test"]
    assert took < 0.03 * N * (N + 1) / 2 / 2, took  # concurrent: far below the sum of delays


def test_async_input_order_with_varied_delays(server: DnsServer, config: Any) -> None:
    domains = names(N)
    for i, name in enumerate(domains):
        server.fault(name, "delay", delay=0.02 * ((i * 7) % N))

    async def main() -> list[str]:
        return [r.domain async for r in check_domains_async(domains, config)]

    assert asyncio.run(main()) == domains


def test_a_report_comes_as_soon_as_it_and_those_before_are_done(
    server: DnsServer, config: MXDiscoveryConfig
) -> None:
    server.fault("d1.test", "delay", delay=1.0)
    start = time.monotonic()
    seen: list[tuple[str, float]] = []
    for report in check_domains(names(4), config):
        seen.append((report.domain, time.monotonic() - start))
    assert [d for d, _ in seen] == names(4)
    assert seen[0][1] < 0.5, seen  # not held back by the slow second domain
    assert seen[1][1] >= 0.9, seen
    assert seen[3][1] - seen[1][1] < 0.3, seen  # the others were done meanwhile


def test_at_most_max_domains_in_flight(server: DnsServer, config: MXDiscoveryConfig) -> None:
    delay, window, n = 0.25, 2, 8
    for name in names(n):
        server.fault(name, "delay", delay=delay)
    start = time.monotonic()
    assert len(list(check_domains(names(n), config, max_domains_in_flight=window))) == n
    took = time.monotonic() - start
    assert took >= n / window * delay * 0.9, took  # never more than 2 at once
    assert took < n * delay * 0.8, took  # but 2 at once


# --- bounded read-ahead --------------------------------------------------------------------


@pytest.mark.parametrize("window", [1, 3, 8])
def test_a_generator_is_read_only_a_window_ahead(
    server: DnsServer, config: MXDiscoveryConfig, window: int
) -> None:
    source = Counted(names(150))
    limit = window * (1 + REORDER_FACTOR)
    ahead = []
    for yielded, _report in enumerate(check_domains(source, config, max_domains_in_flight=window)):
        ahead.append(source.taken - yielded)
    assert len(ahead) == 150
    assert max(ahead) <= limit, max(ahead)
    assert max(ahead) >= min(window, 2), ahead  # it does read ahead (checks run at once)


def test_a_slow_head_does_not_read_the_whole_input(
    server: DnsServer, config: MXDiscoveryConfig
) -> None:
    server.fault("d0.test", "delay", delay=0.8)
    source = Counted(names(200))
    reports = check_domains(source, config, max_domains_in_flight=4)
    first = next(reports)
    assert first.domain == "d0.test"
    # The others finished during the slow head; they wait, up to the reorder limit.
    assert source.taken == 4 * (1 + REORDER_FACTOR)
    assert [r.domain for r in reports] == names(200)[1:]


def test_async_generator_input_is_read_lazily(server: DnsServer, config: Any) -> None:
    source = Counted(names(60))

    async def agen() -> AsyncIterator[str]:
        for name in source:
            await asyncio.sleep(0)
            yield name

    async def main() -> list[int]:
        ahead = []
        i = 0
        async for _ in check_domains_async(agen(), config, max_domains_in_flight=2):
            ahead.append(source.taken - i)
            i += 1
        return ahead

    ahead = asyncio.run(main())
    assert len(ahead) == 60 and max(ahead) <= 2 * (1 + REORDER_FACTOR)


# --- bad names and failures ----------------------------------------------------------------


def test_invalid_and_failing_domains_do_not_stop_the_run(
    server: DnsServer, config: MXDiscoveryConfig
) -> None:
    server.fault("dead.test", "timeout")
    short = MXDiscoveryConfig(servers=[server.address], timeout=0.5)
    domains = ["d0.test", "a..b", " d1.test ", "dead.test", "x" * 300, "d2.test"]
    reports = list(check_domains(domains, short))
    assert [r.domain for r in reports] == [
        "d0.test",
        "a..b",
        "d1.test",
        "dead.test",
        "x" * 300,
        "d2.test",
    ]
    for bad in (reports[1], reports[4]):
        assert [(f.id, f.severity) for f in bad.findings] == [(INVALID_DOMAIN, "error")]
        assert bad.domain in bad.findings[0].message
        assert bad.mx == [] and bad.addresses == {}
    dead_ids = [f.id for f in reports[3].findings]
    assert "mx-lookup-failed" in dead_ids, dead_ids
    assert INVALID_DOMAIN not in [f.id for r in (reports[0], reports[5]) for f in r.findings]
    assert CHECK_FAILED not in [f.id for r in reports for f in r.findings]


def test_invalid_name_report_matches_check_domain_error(config: MXDiscoveryConfig) -> None:
    with pytest.raises(ValueError) as e:
        check_domain("a..b", config)
    (report,) = check_domains(["a..b"], config)
    assert report.findings == [Finding(INVALID_DOMAIN, "error", str(e.value))]


def test_a_non_str_item_raises_in_its_turn(config: MXDiscoveryConfig) -> None:
    reports = check_domains(["d0.test", 42, "d1.test"], config)  # type: ignore[list-item]
    assert next(reports).domain == "d0.test"
    with pytest.raises(TypeError, match="42"):
        next(reports)


def test_empty_input(config: MXDiscoveryConfig) -> None:
    assert list(check_domains([], config)) == []
    assert list(check_domains(iter(()), config)) == []


# --- arguments -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "exc", "text"),
    [
        ({"max_domains_in_flight": 0}, ValueError, "0"),
        ({"max_domains_in_flight": -3}, ValueError, "-3"),
        ({"max_domains_in_flight": "8"}, TypeError, "'8'"),
        ({"max_domains_in_flight": True}, TypeError, "True"),
        ({"max_domains_in_flight": 2.5}, TypeError, "2.5"),
        ({"max_domains_in_flight": None}, TypeError, "None"),
        ({"smtp_port": 0}, ValueError, "smtp_port"),
        ({"https_port": 70000}, ValueError, "70000"),
        ({"smtp_port": "25"}, TypeError, "'25'"),
        ({"probe_smtp": "yes"}, TypeError, "'yes'"),
        ({"fetch_policy": 1}, TypeError, "fetch_policy"),
        ({"cafile": 3}, TypeError, "3"),
    ],
)
def test_bad_arguments_name_the_value(kwargs: dict[str, Any], exc: type, text: str) -> None:
    with pytest.raises(exc) as e:
        check_domains(["d0.test"], None, **kwargs)
    assert text in str(e.value)
    with pytest.raises(exc):
        check_domains_async(["d0.test"], None, **kwargs)


def test_domains_must_be_an_iterable_of_names() -> None:
    with pytest.raises(TypeError, match=re.escape("bare str 'example.test'")):
        check_domains("example.test")
    with pytest.raises(TypeError, match="bare bytes"):
        check_domains_async(b"example.test")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="int 42"):
        check_domains(42)  # type: ignore[arg-type]

    async def agen() -> AsyncIterator[str]:
        yield "d0.test"

    with pytest.raises(TypeError, match="iterable of str"):
        check_domains(agen())  # type: ignore[arg-type]


def test_bad_config_fails_at_the_call() -> None:
    with pytest.raises(ValueError, match="not-an-ip"):
        check_domains(["d0.test"], {"servers": ["not-an-ip"]})
    with pytest.raises(TypeError, match="bogus"):
        check_domains(["d0.test"], {"bogus": 1})


def test_probe_keywords_reach_every_check(config: MXDiscoveryConfig) -> None:
    (plain,) = check_domains(["d0.test"], config, smtp_port=2525, https_port=8443)
    assert plain.domain == "d0.test" and "policy" not in plain.to_dict()
    # fetch_policy reaches the check: its report carries the policy data (nothing serves
    # mta-sts.d0.test here, so the policy is reported as not fetched).
    (probed,) = check_domains(["d0.test"], config, fetch_policy=True, https_port=8443)
    assert "policy" in probed.to_dict()


# --- loops and threads ---------------------------------------------------------------------


def test_sync_version_works_inside_a_running_loop(config: MXDiscoveryConfig) -> None:
    async def main() -> list[str]:
        return [r.domain for r in check_domains(names(5), config)]

    assert asyncio.run(main()) == names(5)


def test_closing_early_cancels_and_leaves_no_thread(
    server: DnsServer, config: MXDiscoveryConfig
) -> None:
    for name in names(20)[1:]:
        server.fault(name, "delay", delay=2.0)
    reports = check_domains(names(20), config, max_domains_in_flight=8)
    assert next(reports).domain == "d0.test"
    assert threads_named("mailtrace-mx-check-domains")
    start = time.monotonic()
    reports.close()
    assert time.monotonic() - start < 1.0
    assert threads_named("mailtrace-mx-check-domains") == []


def test_async_break_cancels_the_rest(server: DnsServer, config: Any) -> None:
    for name in names(10)[1:]:
        server.fault(name, "delay", delay=2.0)

    async def first() -> tuple[str, float, int]:
        reports = check_domains_async(names(10), config)
        report = await reports.__anext__()
        start = time.monotonic()
        await reports.aclose()  # type: ignore[attr-defined]
        left = len([t for t in asyncio.all_tasks() if t is not asyncio.current_task()])
        return report.domain, time.monotonic() - start, left

    domain, took, left = asyncio.run(first())
    assert domain == "d0.test" and took < 1.0 and left == 0


# --- DomainReport built in Python ----------------------------------------------------------


def test_domain_report_constructor() -> None:
    f = Finding(INVALID_DOMAIN, "error", "invalid domain name: 'a..b'")
    report = DomainReport("a..b", [f])
    d = report.to_dict()
    assert {k: d[k] for k in ("domain", "mx", "addresses", "findings")} == {
        "domain": "a..b",
        "mx": [],
        "addresses": {},
        "findings": [f.to_dict()],
    }
    assert d["dmarc"]["record"] is None  # not checked: no DMARC record known
    assert DomainReport("x.test").findings == []
    with pytest.raises(TypeError, match="findings\\[1\\]"):
        DomainReport("x.test", [f, "oops"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="'oops'"):
        DomainReport("x.test", "oops")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="domain"):
        DomainReport(3)  # type: ignore[arg-type]
