"""Clusters: construction checks, expansion against the real DNS server, from_yaml."""

from __future__ import annotations

import logging
import os
import pathlib
import time

import pytest
from mailtrace_mx import Clusters, MXDiscovery
from mailtrace_mx.testing import DnsServer

RECORDS = {
    "primary.example": {"MX": ["10 mx1.primary.example.", "20 mx2.primary.example."]},
    "secondary.example": {"MX": ["10 mx.secondary.example.", "20 mx1.primary.example."]},
    "slow1.example": {"MX": ["10 mx.slow1.example."]},
    "slow2.example": {"MX": ["10 mx.slow2.example."]},
}


@pytest.fixture
def server(dns_server: DnsServer) -> DnsServer:
    dns_server.set_records(RECORDS)
    return dns_server


def config(server: DnsServer) -> dict[str, object]:
    return {"servers": [server.address], "timeout": 2}


# --- construction checks (no DNS) ------------------------------------------------------


@pytest.mark.parametrize(
    ("clusters", "exc", "needles"),
    [
        ({"c1": "host.example"}, TypeError, ["'c1'", "'host.example'"]),
        ({"c1": None}, TypeError, ["'c1'", "None"]),
        ({"c1": ["ok.example", 42]}, TypeError, ["'c1'", "42"]),
        ({"c1": ["ok.example", None]}, TypeError, ["'c1'", "None"]),
        ({"c1": ["mx:"]}, ValueError, ["'c1'", "'mx:'"]),
        ({"c1": ["mx:a..b.example"]}, ValueError, ["'c1'", "'mx:a..b.example'"]),
        ({"c1": ["mx:" + "a" * 64 + ".example"]}, ValueError, ["'c1'", "aaaa"]),
        ({"c1": ["mx:bad name.example"]}, ValueError, ["'c1'", "'mx:bad name.example'"]),
        ({5: ["a"]}, TypeError, ["5"]),
    ],
)
def test_bad_clusters_name_cluster_and_entry(
    clusters: dict[object, object], exc: type[Exception], needles: list[str]
) -> None:
    with pytest.raises(exc) as info:
        Clusters(clusters)  # type: ignore[arg-type]
    for needle in needles:
        assert needle in str(info.value)


def test_blank_and_uppercase_entries_are_static() -> None:
    # API.md: "" and "MX:x" are static entries; get_hosts skips blank ones.
    c = Clusters({"c": ["MX:example.test", "", "  ", "host.example"]})
    assert c.clusters == {"c": ["MX:example.test", "", "  ", "host.example"]}
    assert c.resolve_all() == {"c": ["MX:example.test", "MX:example", "host.example", "host"]}
    assert c.cluster_to_hosts("c") == c.resolve_all()["c"]


def test_bad_arguments() -> None:
    with pytest.raises(TypeError):
        Clusters(["c1"])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Clusters({}, domain=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="'retries'"):
        Clusters({}, mx_discovery={"retries": 1})
    with pytest.raises(TypeError):
        Clusters({}, mx_discovery=42)
    with pytest.raises(ValueError, match="max_in_flight"):
        Clusters({}, max_in_flight=0)


def test_valid_idn_and_tuple_entries_accepted() -> None:
    c = Clusters({"c1": ("mx:bücher.example", "MX:static", "mx: spaced.example. ")})
    assert c.clusters == {"c1": ["mx:bücher.example", "MX:static", "mx: spaced.example. "]}


def test_limits_passed_through_and_shared_instance() -> None:
    c = Clusters({}, max_in_flight=7, max_cache_entries=9)
    assert (c.mx_discovery.max_in_flight, c.mx_discovery.max_cache_entries) == (7, 9)
    shared = MXDiscovery({"cache_ttl": 60})
    assert Clusters({}, mx_discovery=shared).mx_discovery is shared
    with pytest.raises(TypeError):
        Clusters({}, mx_discovery=shared, max_in_flight=3)


# --- expansion against the real server -------------------------------------------------


def test_static_cluster(server: DnsServer) -> None:
    c = Clusters({"legacy": ["host1.corp.example", "relay", "192.0.2.7"]}, "corp.example")
    assert c.cluster_to_hosts("legacy") == [
        "host1.corp.example",
        "host1",
        "relay",
        "relay.corp.example",
        "192.0.2.7",
    ]


def test_mx_cluster(server: DnsServer) -> None:
    c = Clusters({"relay": ["mx:primary.example"]}, mx_discovery=config(server))
    assert c.cluster_to_hosts("relay") == [
        "mx1.primary.example",
        "mx1",
        "mx2.primary.example",
        "mx2",
    ]


def test_mixed_cluster_expansion(server: DnsServer, caplog: pytest.LogCaptureFixture) -> None:
    c = Clusters(
        {
            "hybrid": [
                "mx:primary.example",
                "backup-relay.other.example",
                "mx:secondary.example",
                "mx:missing.example",
            ]
        },
        mx_discovery=config(server),
    )
    assert c.cluster_to_hosts("hybrid") == [
        "mx1.primary.example",
        "mx1",
        "mx2.primary.example",
        "mx2",
        "backup-relay.other.example",
        "backup-relay",
        "mx.secondary.example",
        "mx",
    ]
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
        "MX lookup failed for missing.example: NXDOMAIN"
    ]


def test_unknown_cluster_is_none(server: DnsServer) -> None:
    assert Clusters({"a": ["x"]}).cluster_to_hosts("b") is None


def test_resolve_all_every_cluster_lookups_at_once(server: DnsServer) -> None:
    server.fault("slow1.example", "delay", delay=0.3)
    server.fault("slow2.example", "delay", delay=0.3)
    c = Clusters(
        {
            "one": ["mx:slow1.example", "static1"],
            "two": ["mx:slow2.example"],
            "both": ["mx:slow1.example", "mx:slow2.example"],
            "empty": [],
        },
        "corp.example",
        config(server),
    )
    start = time.monotonic()
    got = c.resolve_all()
    elapsed = time.monotonic() - start
    assert got == {
        "one": ["mx.slow1.example", "mx", "static1", "static1.corp.example"],
        "two": ["mx.slow2.example", "mx"],
        "both": ["mx.slow1.example", "mx", "mx.slow2.example"],
        "empty": [],
    }
    assert elapsed < 0.55, elapsed
    assert server.query_count("slow1.example") == 1


def test_shared_discovery_cache(server: DnsServer) -> None:
    shared = MXDiscovery({**config(server), "cache_ttl": 60})
    c = Clusters({"r": ["mx:primary.example"]}, mx_discovery=shared)
    c.cluster_to_hosts("r")
    c.resolve_all()
    shared.resolve("primary.example")
    assert server.query_count("primary.example") == 1


# --- from_yaml ---------------------------------------------------------------------------


def write(tmp_path: pathlib.Path, text: str) -> pathlib.Path:
    p = tmp_path / "mailtrace.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_from_yaml(server: DnsServer, tmp_path: pathlib.Path) -> None:
    p = write(
        tmp_path,
        f"""
method: ssh
domain: corp.example
mx_discovery:
  servers: ["{server.address}"]
  timeout: 2
  cache_ttl: 0
clusters:
  legacy:
    - host1
  mx-relay:
    - "mx:primary.example"
  hybrid:
    - "mx:secondary.example"
    - backup
""",
    )
    for path in (p, str(p)):
        c = Clusters.from_yaml(path)
        assert c.domain == "corp.example"
        assert c.mx_discovery.config.servers == [server.address]
        assert c.resolve_all() == {
            "legacy": ["host1", "host1.corp.example"],
            "mx-relay": ["mx1.primary.example", "mx1", "mx2.primary.example", "mx2"],
            "hybrid": [
                "mx.secondary.example",
                "mx",
                "mx1.primary.example",
                "mx1",
                "backup",
                "backup.corp.example",
            ],
        }


def test_from_yaml_defaults_without_optional_sections(tmp_path: pathlib.Path) -> None:
    c = Clusters.from_yaml(write(tmp_path, "clusters:\n  a: [h1.example]\n"))
    assert c.domain == ""
    assert c.mx_discovery.config.timeout == 5
    assert c.cluster_to_hosts("a") == ["h1.example", "h1"]


def test_from_yaml_missing_file(tmp_path: pathlib.Path) -> None:
    with pytest.raises(FileNotFoundError):
        Clusters.from_yaml(tmp_path / "nope.yaml")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_from_yaml_unreadable_file(tmp_path: pathlib.Path) -> None:
    p = write(tmp_path, "clusters: {}\n")
    p.chmod(0)
    with pytest.raises(PermissionError):
        Clusters.from_yaml(p)


def test_from_yaml_directory_is_oserror(tmp_path: pathlib.Path) -> None:
    with pytest.raises(OSError) as info:
        Clusters.from_yaml(tmp_path)
    assert str(tmp_path) in str(info.value)


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux /proc")
def test_from_yaml_file_that_cannot_be_read() -> None:
    # Opens fine (even as root) but reading from offset 0 fails with EIO.
    with pytest.raises(OSError) as info:
        Clusters.from_yaml("/proc/self/mem")
    assert "/proc/self/mem" in str(info.value)


@pytest.mark.parametrize(
    ("text", "exc", "needle"),
    [
        ("clusters: [unclosed\n", ValueError, "invalid YAML"),
        ("- a\n- b\n", ValueError, "mapping"),
        ("just a string\n", ValueError, "mapping"),
        ("", ValueError, "mapping"),
        ("clusters: [a, b]\n", ValueError, "'clusters' must be a mapping"),
        ("clusters: null\n", ValueError, "'clusters' must be a mapping"),
        ("clusters:\n  c1: host.example\n", TypeError, "'c1'"),
        ('clusters:\n  web-cluster: "mx:example.test"\n', TypeError, "'web-cluster'"),
        ("clusters:\n  c1: {a: 1}\n", TypeError, "'c1'"),
        ("clusters: {}\nmx_discovery: {timeout: }\n", TypeError, "timeout"),
        ("clusters: {}\nmx_discovery:\n  cache_ttl:\n", TypeError, "None"),
        ("clusters:\n  c1: [42]\n", TypeError, "42"),
        ("clusters:\n  c1: ['mx:']\n", ValueError, "'mx:'"),
        ("clusters: {}\nmx_discovery: {retries: 3}\n", TypeError, "'retries'"),
        ("clusters: {}\nmx_discovery: {timeout: 0}\n", ValueError, "timeout"),
        ("clusters: {}\nmx_discovery: {servers: [nope]}\n", ValueError, "'nope'"),
        ("clusters: {}\nmx_discovery: [1]\n", TypeError, "config"),
        ("clusters: {}\ndomain: [x]\n", TypeError, "domain"),
        (b"clusters: {\xff}\n", ValueError, "UTF-8"),
    ],
)
def test_from_yaml_errors_name_the_file(
    tmp_path: pathlib.Path, text: str | bytes, exc: type[Exception], needle: str
) -> None:
    p = tmp_path / "bad.yaml"
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    with pytest.raises(exc) as info:
        Clusters.from_yaml(p)
    assert str(p) in str(info.value)
    assert needle in str(info.value)


def test_from_yaml_path_type() -> None:
    with pytest.raises(TypeError):
        Clusters.from_yaml(42)  # type: ignore[arg-type]
