"""Differential tests: octoDNS 1.22.0 and mailtrace_mx give the same multisets of
(validator id, reason) on a hand-written corpus covering every branch of
``octodns/zone/mail.py``."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator

import pytest
from zone_corpus import CONFIGS, compare
from zone_corpus.cases import CASES

pytest.importorskip("octodns")

# every message template of octodns/zone/mail.py
TEMPLATES = [
    r'MX record ".*" should have at least \d+ values for redundancy, found \d+',
    r'zone ".*" has multiple SPF values',
    r'".*" has multiple SPF values',
    r'zone ".*" has multiple DMARC values',
    r'zone ".*" handles mail but is missing MX records at the apex',
    r'zone ".*" handles mail but is missing an SPF TXT record at the apex',
    r'SPF record at the apex of ".*" should terminate with "~all" or "-all"',
    r'zone ".*" handles mail but is missing a DMARC TXT record at _dmarc',
    r"DMARC record at _dmarc\..* is missing a policy \(p=\.\.\.\)",
    r'zone ".*" disables mail but is missing a Null MX record \(0 \.\)',
    r'zone ".*" disables mail and should have a single Null MX record \(0 \.\)',
    r'zone ".*" disables mail but is missing strict SPF TXT record "v=spf1 -all"',
    r'zone ".*" disables mail and should have a single strict SPF TXT record "v=spf1 -all"',
    r'zone ".*" disables mail but is missing strict DMARC TXT record "v=DMARC1; p=reject;"',
    r'zone ".*" disables mail and should have a DMARC TXT record with "v=DMARC1; p=reject;"',
    r'".*" handles mail but is missing an SPF TXT record',
    r'SPF record at ".*" should terminate with "~all" or "-all"',
    r'".*" disables mail and should have a single Null MX record \(0 \.\)',
    r'".*" disables mail but is missing strict SPF TXT record "v=spf1 -all"',
    r'".*" disables mail and should have a strict SPF TXT record "v=spf1 -all"',
    r'MX record ".*" points to exchange ".*" which is a CNAME',
    r'MX record ".*" points to in-zone target ".*" that does not exist',
]


@pytest.fixture(scope="module", autouse=True)
def quiet_octodns() -> Iterator[None]:
    """octoDNS logs a warning for every lenient record; keep the output readable."""
    logging.disable(logging.WARNING)
    yield
    logging.disable(logging.NOTSET)


def templates_of(reasons: Iterable[tuple[str, str]]) -> Counter[str]:
    """How often each message template occurs among the (validator id, reason) pairs."""
    seen: Counter[str] = Counter()
    for _, reason in reasons:
        for template in TEMPLATES:
            if re.fullmatch(template, reason):
                seen[template] += 1
    return seen


@pytest.mark.parametrize(
    "config", CONFIGS, ids=lambda c: ",".join(f"{k}={v}" for k, v in c.items()) or "default"
)
@pytest.mark.parametrize(("case", "name", "data", "sub_zones"), CASES, ids=[c[0] for c in CASES])
def test_corpus_matches_octodns(case, name, data, sub_zones, config):
    compare(name, data, config, sub_zones)


def test_corpus_covers_every_message():
    """Every template is produced by some case of the corpus (self-contained: it runs the
    corpus through octoDNS itself, so it passes or fails alone as in the whole run)."""
    seen: Counter[str] = Counter()
    for _, name, data, sub_zones in CASES:
        for config in CONFIGS:
            seen += templates_of(compare(name, data, config, sub_zones))
    missing = [t for t in TEMPLATES if not seen[t]]
    assert not missing, missing


def test_corpus_size():
    assert len(CASES) * len(CONFIGS) >= 400


FQDNS = [
    "example.com.", "example.com", "www.example.com.", "WWW.Example.COM.", "a.b.example.com",
    "wwwXexampleYcom.", "other.org.", "sub.example.com.", "x.sub.example.com.", "xsub.example.com.",
    "bücher.example.com.", "Post.bücher.example.", "post.xn--bcher-kva.example.", ".",
]  # fmt: skip


@pytest.mark.parametrize("zone_name", ["example.com.", "bücher.example."])
@pytest.mark.parametrize("fqdn", FQDNS)
def test_ownership_helpers_match_octodns(zone_name, fqdn):
    import mailtrace_mx
    from octodns.zone import Zone as OctoZone

    theirs = OctoZone(zone_name, ["sub"])
    mine = mailtrace_mx.Zone(zone_name, sub_zones=["sub"])
    assert mine.hostname_from_fqdn(fqdn) == theirs.hostname_from_fqdn(fqdn)
    for rtype in ("A", "CNAME", "NS"):
        assert mine.owns(rtype, fqdn) == theirs.owns(rtype, fqdn), rtype
