"""MXDiscovery copies and pickles: same config and limits, an empty cache (issue 7, item 7)."""

from __future__ import annotations

import copy
import dataclasses
import multiprocessing
import pickle
from typing import Any, Callable

import pytest
from mailtrace_mx import MXDiscovery, MXDiscoveryConfig
from mailtrace_mx.testing import DnsServer


def _pickler(protocol: int) -> Callable[[Any], Any]:
    return lambda o: pickle.loads(pickle.dumps(o, protocol=protocol))


COPIERS: list[tuple[str, Callable[[Any], Any]]] = [
    ("copy", copy.copy),
    ("deepcopy", copy.deepcopy),
    *((f"pickle{p}", _pickler(p)) for p in range(pickle.HIGHEST_PROTOCOL + 1)),
]


@dataclasses.dataclass
class MailtraceLikeConfig:
    """The shape of mailtrace's Config: a dataclass that holds an MXDiscovery."""

    clusters: dict[str, list[str]]
    mx: MXDiscovery


@pytest.mark.parametrize(("how", "copier"), COPIERS, ids=[c[0] for c in COPIERS])
def test_copy_keeps_config_and_limits_with_an_empty_cache(
    dns_server: DnsServer, how: str, copier: Callable[[Any], Any]
) -> None:
    dns_server.add("example.test", "MX", ["10 mx1.example.test."])
    config = {"servers": [dns_server.address], "timeout": 2.5, "cache_ttl": 60}
    original = MXDiscovery(config, max_in_flight=3, max_cache_entries=7)
    assert original.resolve("example.test") == ["mx1.example.test"]
    assert original.resolve("example.test") == ["mx1.example.test"]
    assert dns_server.query_count("example.test") == 1  # the original's cache answered

    clone = copier(original)
    assert type(clone) is MXDiscovery and clone is not original
    assert clone.config == original.config == MXDiscoveryConfig(**config)  # type: ignore[arg-type]
    assert (clone.max_in_flight, clone.max_cache_entries) == (3, 7)
    assert repr(clone) == repr(original)
    assert clone.resolve("example.test") == ["mx1.example.test"]
    assert dns_server.query_count("example.test") == 2  # the copy's cache started empty
    assert clone.resolve("example.test") == ["mx1.example.test"]
    assert dns_server.query_count("example.test") == 2  # and then caches on its own


@pytest.mark.parametrize(("how", "copier"), COPIERS, ids=[c[0] for c in COPIERS])
def test_object_holding_one_copies(how: str, copier: Callable[[Any], Any]) -> None:
    cfg = MailtraceLikeConfig({"c": ["mx:example.test"]}, MXDiscovery({"timeout": 3}))
    clone = copier(cfg)
    assert clone.clusters == cfg.clusters
    assert clone.mx.config == MXDiscoveryConfig(timeout=3)


def _resolve_in_worker(mx: MXDiscovery) -> tuple[str, list[str]]:
    return repr(mx), mx.resolve("example.test")


def test_spawn_pool_round_trip(dns_server: DnsServer) -> None:
    dns_server.add("example.test", "MX", ["10 mx1.example.test.", "20 mx2.example.test."])
    mx = MXDiscovery({"servers": [dns_server.address], "timeout": 5}, max_in_flight=9)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        text, hosts = pool.apply(_resolve_in_worker, (mx,))
    assert text == repr(mx)
    assert hosts == ["mx1.example.test", "mx2.example.test"]
