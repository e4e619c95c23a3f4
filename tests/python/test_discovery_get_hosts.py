"""get_hosts: mailtrace's host expansion, deterministic (no DNS)."""

from __future__ import annotations

import pytest
from mailtrace_mx import get_hosts


def test_dotted_name_gives_itself_and_first_label() -> None:
    assert get_hosts(["mx1.example.com"], "corp.example") == ["mx1.example.com", "mx1"]


def test_bare_name_gives_itself_and_name_dot_domain() -> None:
    assert get_hosts(["relay"], "corp.example") == ["relay", "relay.corp.example"]
    assert get_hosts(["relay"], "") == ["relay"]


def test_ip_literals_kept_as_they_are() -> None:
    ips = ["192.0.2.1", "2001:db8::1", "::1", "fe80::1%eth0", "::ffff:192.0.2.1"]
    assert get_hosts(ips, "corp.example") == ips


def test_not_quite_ips_are_names() -> None:
    assert get_hosts(["192.0.2.256"], "") == ["192.0.2.256", "192"]
    assert get_hosts(["1.2.3"], "") == ["1.2.3", "1"]


def test_blank_entries_skipped_and_whitespace_stripped() -> None:
    assert get_hosts(["", "   ", " mx1.example.com\t", " 192.0.2.1 "], "d") == [
        "mx1.example.com",
        "mx1",
        "192.0.2.1",
    ]


def test_dedup_first_occurrence_kept_in_order() -> None:
    got = get_hosts(["b.example", "a", "b", "a.x", "b.example"], "x")
    assert got == ["b.example", "b", "a", "a.x", "b.x"]


def test_accepts_any_iterable_of_str() -> None:
    assert get_hosts(("a",), "d") == get_hosts(iter(["a"]), "d") == ["a", "a.d"]


@pytest.mark.parametrize(
    ("hostnames", "domain"), [("mx1.example.com", "d"), ([1], "d"), (["a"], None), (5, "d")]
)
def test_bad_types_are_type_errors(hostnames: object, domain: object) -> None:
    with pytest.raises(TypeError):
        get_hosts(hostnames, domain)  # type: ignore[arg-type]
