"""Hostile input never panics or crashes: property tests over the discovery API."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mailtrace_mx import (
    InvalidDomain,
    MXDiscovery,
    MXDiscoveryConfig,
    MXLookupError,
    get_hosts,
    normalize_domain,
)
from mailtrace_mx.testing import DnsServer

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
names = st.one_of(
    st.text(max_size=300),
    st.from_regex(
        r"[a-zA-Z0-9\-_.\u00e0-\u00ff]{0,70}(\.[a-z0-9\-]{0,70}){0,5}\.?", fullmatch=True
    ),
)


@pytest.fixture
def server(dns_server: DnsServer) -> DnsServer:
    dns_server.set_records({"ok.example": {"MX": ["10 mx.ok.example."]}})
    return dns_server


@SETTINGS
@given(names)
def test_normalize_domain_is_str_or_value_error(domain: str) -> None:
    try:
        key = normalize_domain(domain)
    except ValueError:
        return
    assert key == key.lower() and not key.endswith(".") and len(key) <= 253
    assert all(0 < len(label) <= 63 for label in key.split("."))
    assert normalize_domain(key) == key


@SETTINGS
@given(names)
def test_resolve_and_lookup_never_raise_unexpectedly(server: DnsServer, domain: str) -> None:
    d = MXDiscovery({"servers": [server.address], "timeout": 1})
    assert isinstance(d.resolve(domain), list)
    assert isinstance(d.expand_entry("mx:" + domain), list)
    try:
        d.lookup(domain)
    except MXLookupError as e:
        assert e.domain == domain.strip()
        try:
            normalize_domain(domain)
        except ValueError:
            assert isinstance(e, InvalidDomain)


@SETTINGS
@given(st.lists(st.text(max_size=40), max_size=8), st.text(max_size=20))
def test_get_hosts_total(hostnames: list[str], domain: str) -> None:
    got = get_hosts(hostnames, domain)
    assert len(got) == len(set(got))
    assert all(h for h in got)
    for name in hostnames:
        if name.strip():
            assert name.strip() in got


@SETTINGS
@given(st.text(max_size=60))
def test_server_entries_value_error_or_kept(entry: str) -> None:
    try:
        c = MXDiscoveryConfig(servers=[entry])
    except ValueError as e:
        assert repr(entry) in str(e)
    else:
        assert c.servers == [entry]


@SETTINGS
@given(st.one_of(st.floats(), st.integers(min_value=-(10**40), max_value=10**40)))
def test_numbers_value_error_or_kept(value: float) -> None:
    for field in ("timeout", "cache_ttl"):
        try:
            c = MXDiscoveryConfig(**{field: value})  # type: ignore[arg-type]
        except ValueError:
            continue
        assert getattr(c, field) == value
