"""Regressions fixed by the mail-facts layer, against the shipped ``dns_server`` fixture:
a malformed DMARC tag list is reported as malformed (not as a missing ``p=``), and the
implicit MX of ``check_domain`` has the TTL ``MXDiscovery.lookup`` gives it."""

from __future__ import annotations

import pytest
from mailtrace_mx import MXDiscovery, MXDiscoveryConfig, MXRecord, check_domain
from mailtrace_mx.testing import DnsServer


def mail_domain(server: DnsServer, domain: str, dmarc: str) -> None:
    server.add(domain, "MX", [f"10 mx1.{domain}.", f"20 mx2.{domain}."])
    server.add(f"mx1.{domain}", "A", "192.0.2.1")
    server.add(f"mx2.{domain}", "A", "192.0.2.2")
    server.add(domain, "TXT", "v=spf1 mx -all")
    server.add(f"_dmarc.{domain}", "TXT", dmarc)


@pytest.mark.parametrize(
    ("dmarc", "expected"),
    [
        ("v=DMARC1; p=reject; junk", "dmarc-malformed"),
        ("v=DMARC1; p=reject; p=none", "dmarc-malformed"),
        ("v=DMARC1; rua=mailto:a@d.example", "dmarc-no-policy"),
        ("v=DMARC1; p=none", "dmarc-policy-none"),
    ],
)
def test_dmarc_tag_list_verdicts(dns_server: DnsServer, dmarc: str, expected: str) -> None:
    mail_domain(dns_server, "d.example", dmarc)
    config = MXDiscoveryConfig(servers=[dns_server.address], timeout=2)
    report = check_domain("d.example", config)
    found = [f for f in report.findings if f.id.startswith("dmarc")]
    assert [f.id for f in found] == [expected], report.findings
    if expected == "dmarc-malformed":
        assert found[0].severity == "error"
        assert "malformed" in found[0].message


def test_implicit_mx_ttl_is_lookups(dns_server: DnsServer) -> None:
    dns_server.add("bare.example", "A", "192.0.2.10", ttl=300)
    dns_server.add("bare.example", "AAAA", "2001:db8::10", ttl=60)
    config = MXDiscoveryConfig(servers=[dns_server.address], timeout=2, implicit_mx=True)
    looked_up = MXDiscovery(config).lookup("bare.example")
    assert looked_up == [MXRecord(0, "bare.example", 300)]
    assert check_domain("bare.example", config).mx == looked_up
