"""MXDiscoveryConfig, MXDiscovery construction and MXRecord: validation and dataclass
behaviour (no DNS needed)."""

from __future__ import annotations

import copy
import dataclasses
import math
import pickle

import pytest
from mailtrace_mx import MXDiscovery, MXDiscoveryConfig, MXRecord


def test_defaults_and_repr() -> None:
    c = MXDiscoveryConfig()
    assert repr(c) == "MXDiscoveryConfig(servers=[], timeout=5, cache_ttl=0, implicit_mx=False)"
    assert (c.servers, c.timeout, c.cache_ttl, c.implicit_mx) == ([], 5, 0, False)
    assert isinstance(c.timeout, int)


def test_repr_keeps_number_types_and_servers() -> None:
    c = MXDiscoveryConfig(servers=["192.0.2.1", "[::1]:5353"], timeout=2.5, cache_ttl=60)
    assert repr(c) == (
        "MXDiscoveryConfig(servers=['192.0.2.1', '[::1]:5353'], timeout=2.5, cache_ttl=60, "
        "implicit_mx=False)"
    )


def test_keyword_construction_from_dict_and_unknown_key() -> None:
    d = {"servers": ["192.0.2.1:53"], "timeout": 3, "cache_ttl": 1.5, "implicit_mx": True}
    c = MXDiscoveryConfig(**d)  # type: ignore[arg-type]
    assert c.to_dict() == d
    assert MXDiscoveryConfig.from_dict(d) == c
    with pytest.raises(TypeError, match="retries"):
        MXDiscoveryConfig(**{"retries": 3})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="retries"):
        MXDiscoveryConfig.from_dict({"timeout": 1, "retries": 3})
    with pytest.raises(TypeError, match="mapping"):
        MXDiscoveryConfig.from_dict([("timeout", 1)])  # type: ignore[arg-type]


def test_equality_copy_deepcopy_pickle() -> None:
    c = MXDiscoveryConfig(servers=["192.0.2.1"], timeout=2.5, cache_ttl=10, implicit_mx=True)
    for other in (copy.copy(c), copy.deepcopy(c), pickle.loads(pickle.dumps(c))):
        assert other == c and other is not c
        assert repr(other) == repr(c)
    assert MXDiscoveryConfig(timeout=5) == MXDiscoveryConfig(timeout=5.0)
    assert MXDiscoveryConfig(timeout=5) != MXDiscoveryConfig(timeout=6)
    assert c != "x"
    clone = copy.copy(c)
    clone.servers = ["192.0.2.2"]
    assert c.servers == ["192.0.2.1"]
    with pytest.raises(TypeError):
        hash(c)


@pytest.mark.parametrize(
    "servers",
    [["192.0.2.1"], ["192.0.2.1:5353"], ["2001:db8::1"], ["[2001:db8::1]:5353"], [], ()],
)
def test_valid_servers_are_stored_as_given(servers: list[str]) -> None:
    assert MXDiscoveryConfig(servers=servers).servers == list(servers)


@pytest.mark.parametrize(
    "entry",
    [
        "dns.example.com",
        "192.0.2.1:0",
        "192.0.2.1:65536",
        "192.0.2.1:x",
        "[192.0.2.1]:53",
        "fe80::1%eth0",
        "[fe80::1%eth0]:53",
        "192.0.2",
        " 192.0.2.1",
        "",
        "[::1]",
        "::1:53x",
    ],
)
def test_bad_server_entry_is_value_error_naming_it(entry: str) -> None:
    with pytest.raises(ValueError) as exc:
        MXDiscoveryConfig(servers=[entry])
    assert repr(entry) in str(exc.value)
    c = MXDiscoveryConfig()
    with pytest.raises(ValueError) as exc:
        c.servers = ["192.0.2.1", entry]
    assert repr(entry) in str(exc.value)
    assert c.servers == []


def test_servers_type_errors_and_copy() -> None:
    with pytest.raises(TypeError, match="bare str"):
        MXDiscoveryConfig(servers="192.0.2.1")
    with pytest.raises(TypeError, match="53"):
        MXDiscoveryConfig(servers=[53])  # type: ignore[list-item]
    c = MXDiscoveryConfig(servers=["192.0.2.1"])
    c.servers.append("192.0.2.2")
    assert c.servers == ["192.0.2.1"]


@pytest.mark.parametrize("value", [True, False, "5", None, [5], b"5"])
def test_timeout_wrong_type_is_type_error(value: object) -> None:
    with pytest.raises(TypeError, match="timeout"):
        MXDiscoveryConfig(timeout=value) if value is not None else setattr(  # type: ignore[arg-type]
            MXDiscoveryConfig(), "timeout", value
        )


@pytest.mark.parametrize(
    "value", [0, 0.0, -1, -0.5, math.nan, math.inf, -math.inf, 1e300, 10**30, -(10**30)]
)
def test_timeout_out_of_range_is_value_error(value: float) -> None:
    with pytest.raises(ValueError, match="timeout") as exc:
        MXDiscoveryConfig(timeout=value)
    assert str(value) in str(exc.value)
    c = MXDiscoveryConfig()
    with pytest.raises(ValueError):
        c.timeout = value
    assert c.timeout == 5


@pytest.mark.parametrize("value", [-1, -0.1, math.nan, math.inf, 1e300])
def test_cache_ttl_out_of_range_is_value_error(value: float) -> None:
    with pytest.raises(ValueError, match="cache_ttl"):
        MXDiscoveryConfig(cache_ttl=value)


@pytest.mark.parametrize("value", [True, "60"])
def test_cache_ttl_wrong_type_is_type_error(value: object) -> None:
    with pytest.raises(TypeError, match="cache_ttl"):
        MXDiscoveryConfig(cache_ttl=value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [1, 0, "yes", None])
def test_implicit_mx_must_be_bool(value: object) -> None:
    with pytest.raises(TypeError, match="implicit_mx"):
        MXDiscoveryConfig(implicit_mx=value) if value is not None else setattr(  # type: ignore[arg-type]
            MXDiscoveryConfig(), "implicit_mx", value
        )


def test_setters_validate_and_delete_is_refused() -> None:
    c = MXDiscoveryConfig()
    c.timeout = 0.25
    c.cache_ttl = 30
    c.implicit_mx = True
    assert (c.timeout, c.cache_ttl, c.implicit_mx) == (0.25, 30, True)
    with pytest.raises(AttributeError):
        del c.timeout


@dataclasses.dataclass
class SeedConfig:
    """mailtrace's own dataclass (seed 000), which MXDiscovery must accept."""

    servers: list[str] = dataclasses.field(default_factory=list)
    timeout: int = 5
    cache_ttl: int = 0


def test_mxdiscovery_accepts_config_mapping_object_none() -> None:
    assert MXDiscovery().config == MXDiscoveryConfig()
    assert MXDiscovery(None).config == MXDiscoveryConfig()
    assert MXDiscovery({"timeout": 2}).config == MXDiscoveryConfig(timeout=2)
    seed = SeedConfig(servers=["192.0.2.1"], timeout=3, cache_ttl=9)
    assert MXDiscovery(seed).config == MXDiscoveryConfig(
        servers=["192.0.2.1"], timeout=3, cache_ttl=9
    )
    assert MXDiscovery(MXDiscoveryConfig(implicit_mx=True)).config.implicit_mx is True


def test_mxdiscovery_config_is_a_snapshot() -> None:
    c = MXDiscoveryConfig(timeout=2)
    d = MXDiscovery(c)
    c.timeout = 9
    assert d.config.timeout == 2
    d.config.timeout = 7
    assert d.config.timeout == 2
    seed = SeedConfig(timeout=3)
    d2 = MXDiscovery(seed)
    seed.timeout = 8
    assert d2.config.timeout == 3


def test_mxdiscovery_bad_config() -> None:
    with pytest.raises(TypeError, match="42"):
        MXDiscovery(42)
    with pytest.raises(TypeError, match="'retries'"):
        MXDiscovery({"timeout": 1, "retries": 2})
    with pytest.raises(ValueError, match="'bad'"):
        MXDiscovery({"servers": ["bad"]})
    with pytest.raises(TypeError):
        MXDiscovery("192.0.2.1")
    with pytest.raises(ValueError):
        MXDiscovery(SeedConfig(timeout=0))


def test_mxdiscovery_limits() -> None:
    d = MXDiscovery(max_in_flight=3, max_cache_entries=0)
    assert (d.max_in_flight, d.max_cache_entries) == (3, 0)
    assert (MXDiscovery().max_in_flight, MXDiscovery().max_cache_entries) == (256, 100_000)
    with pytest.raises(ValueError, match="max_in_flight"):
        MXDiscovery(max_in_flight=0)
    with pytest.raises(TypeError, match="max_in_flight"):
        MXDiscovery(max_in_flight=True)
    with pytest.raises(ValueError, match="max_cache_entries"):
        MXDiscovery(max_cache_entries=-1)
    with pytest.raises(ValueError, match="max_in_flight"):
        MXDiscovery(max_in_flight=10**40)


def test_mxrecord_value_semantics() -> None:
    r = MXRecord(preference=10, exchange="mx1.example.com", ttl=300)
    assert r == MXRecord(10, "mx1.example.com", 300)
    assert r != MXRecord(20, "mx1.example.com", 300)
    assert hash(r) == hash(MXRecord(10, "mx1.example.com", 300))
    assert len({r, MXRecord(10, "mx1.example.com", 300)}) == 1
    assert repr(r) == "MXRecord(preference=10, exchange='mx1.example.com', ttl=300)"
    assert (r.preference, r.exchange, r.ttl) == (10, "mx1.example.com", 300)
    assert pickle.loads(pickle.dumps(r)) == r
    assert copy.deepcopy(r) == r
    with pytest.raises(AttributeError):
        r.preference = 5  # type: ignore[misc]
    assert MXRecord.__match_args__ == ("preference", "exchange", "ttl")


@pytest.mark.parametrize(
    ("kwargs", "exc"),
    [
        ({"preference": "10", "exchange": "a", "ttl": 1}, TypeError),
        ({"preference": True, "exchange": "a", "ttl": 1}, TypeError),
        ({"preference": 70000, "exchange": "a", "ttl": 1}, ValueError),
        ({"preference": 1, "exchange": 5, "ttl": 1}, TypeError),
        ({"preference": 1, "exchange": "a", "ttl": -1}, ValueError),
    ],
)
def test_mxrecord_bad_arguments(kwargs: dict[str, object], exc: type[Exception]) -> None:
    with pytest.raises(exc):
        MXRecord(**kwargs)  # type: ignore[arg-type]
