"""Differential property test: on 1,000 generated zones octoDNS 1.22.0 and mailtrace_mx
give the same multisets of (validator id, reason), through every way into our validators
(``Zone.from_dict``, an octoDNS zone passed directly, ``Zone.from_octodns``)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from zone_corpus import CONFIGS, compare

pytest.importorskip("octodns")

ZONES = ["example.com.", "Example.ORG.", "bücher.example.", "xn--mnchen-3ya.de.", "a.b.example."]
NAMES = ["", "_dmarc", "mail", "Mail2", "mx1", "sub", "a.sub", "cname", "www", "bücher", "b.c"]
SUB_ZONES = ["sub", "b.c", "mail", "a.sub"]
TXT_PIECES = [
    "v=spf1", "V=SPF1", " -all", " ~all", " ?all", " mx", " include:x", "v=DMARC1", "v=dmarc1",
    "\\;", ";", " p=reject", " p=none", "p", " P=REJECT", "p=", "\\", '"', '" "', " ", "x", "=",
    "\u0130", "\u00a0", "\u001f", "sp=reject",
]  # fmt: skip


def targets(zone: str) -> list[str]:
    return [
        ".", f"mx1.{zone}", f"MX2.{zone}", f"cname.{zone}", f"mail.{zone}", f"a.sub.{zone}",
        f"sub.{zone}", zone, zone.rstrip("."), "mx1", "smtp.google.com", "smtp.google.com.",
        "inbound-smtp.us-east-1.amazonaws.com.", "mx.example.net.", f"bücher.{zone}",
        f"_dmarc.{zone}", f"www.{zone}", f"x.b.c.{zone}",
    ]  # fmt: skip


@st.composite
def zones(draw: st.DrawFn) -> tuple[str, dict[str, Any], tuple[str, ...], dict[str, Any]]:
    zone = draw(st.sampled_from(ZONES))
    pool = targets(zone)
    sub_zones = tuple(draw(st.lists(st.sampled_from(SUB_ZONES), unique=True, max_size=2)))
    mx_value = st.one_of(
        st.builds(
            lambda p, e: {"preference": p, "exchange": e},
            st.sampled_from([0, 0, 1, 10, 65535]),
            st.sampled_from(pool),
        ),
        st.builds(lambda p, e: f"{p} {e}", st.sampled_from([0, 5]), st.sampled_from(pool)),
    )
    txt_value = st.lists(st.sampled_from(TXT_PIECES), max_size=6).map("".join)
    record = st.one_of(
        st.lists(mx_value, max_size=3).map(lambda vs: {"type": "MX", "values": vs}),
        st.lists(txt_value, max_size=3).map(lambda vs: {"type": "TXT", "values": vs}),
        st.just({"type": "A", "value": "192.0.2.1"}),
        st.just({"type": "AAAA", "values": ["2001:db8::1"]}),
        st.sampled_from(pool[1:8]).map(lambda t: {"type": "CNAME", "value": t}),
    )
    names = draw(st.lists(st.sampled_from(NAMES), unique_by=str.lower, max_size=7))
    data = {
        name: draw(st.lists(record, min_size=1, max_size=3, unique_by=lambda r: r["type"]))
        for name in names
    }
    config = draw(
        st.one_of(
            st.sampled_from(CONFIGS),
            st.fixed_dictionaries(
                {
                    "mode": st.sampled_from(["auto", "mail", "no-mail"]),
                    "min_mx": st.integers(0, 4),
                }
            ),
        )
    )
    return zone, data, sub_zones, config


@pytest.fixture(scope="module", autouse=True)
def quiet_octodns() -> Iterator[None]:
    logging.disable(logging.WARNING)
    yield
    logging.disable(logging.NOTSET)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zones())
def test_generated_zones_match_octodns(example):
    zone, data, sub_zones, config = example
    compare(zone, data, config, sub_zones)
