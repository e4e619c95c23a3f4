"""DMARC by RFC 7489 and RFC 9989 through ``check_domain``, against the shipped
``dns_server`` fixture: each defect on a domain breaking exactly that, clean controls
(an inherited record, an authorized external destination), and ``to_dict()["dmarc"]``."""

from __future__ import annotations

from typing import Any, Optional

import pytest
from mailtrace_mx import DomainReport, MXDiscoveryConfig, check_domain
from mailtrace_mx.testing import DnsServer


def mail_domain(d: str, dmarc: Optional[str]) -> dict[str, dict[str, Any]]:
    """A domain with nothing to report but what ``dmarc`` (None: no record) says."""
    zone: dict[str, dict[str, Any]] = {
        d: {"MX": [f"10 mx1.{d}.", f"20 mx2.{d}."], "TXT": "v=spf1 mx -all"},
        f"mx1.{d}": {"A": "192.0.2.1"},
        f"mx2.{d}": {"A": "192.0.2.2"},
        "1.2.0.192.in-addr.arpa": {"PTR": f"mx1.{d}."},  # forward-confirmed reverse DNS
        "2.2.0.192.in-addr.arpa": {"PTR": f"mx2.{d}."},
        f"_mta-sts.{d}": {"TXT": "v=STSv1; id=20261130"},
        f"_smtp._tls.{d}": {"TXT": f"v=TLSRPTv1; rua=mailto:tls@{d}"},
    }
    if dmarc is not None:
        zone[f"_dmarc.{d}"] = {"TXT": dmarc}
    return zone


def check(server: DnsServer, domain: str) -> DomainReport:
    return check_domain(domain, MXDiscoveryConfig(servers=[server.address], timeout=2))


def ids(report: DomainReport) -> list[str]:
    return [f.id for f in report.findings]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ("v=DMARC1; p=reject; rua=mailto:d@x.test", []),
        ("v=DMARC1; p=reject; rua=dmarc@x.test", ["dmarc-invalid-report-uri"]),
        ("v=DMARC1; p=reject; ruf=mailto:nobody", ["dmarc-invalid-report-uri"]),
        ("v=DMARC1; p=reject; rua=mailto:d@x.test!10q", ["dmarc-invalid-report-uri"]),
        ("v=DMARC1; p=reject; sp=none", ["dmarc-sp-none"]),
        ("v=DMARC1; p=reject; np=none", ["dmarc-np-none"]),
        ("v=DMARC1; p=reject; sp=drop", ["dmarc-invalid-subdomain-policy"]),
        ("v=DMARC1; p=reject; pct=150", ["dmarc-invalid-tag", "dmarc-pct-deprecated"]),
        ("v=DMARC1; p=reject; pct=100", ["dmarc-pct-deprecated"]),
        ("v=DMARC1; p=reject; adkim=x", ["dmarc-invalid-tag"]),
        ("v=DMARC1; p=reject; aspf=strict", ["dmarc-invalid-tag"]),
        ("v=DMARC1; p=reject; fo=0:x", ["dmarc-invalid-tag"]),
        ("v=DMARC1; p=reject; rf=json", ["dmarc-invalid-tag"]),
        ("v=DMARC1; p=reject; ri=1h", ["dmarc-invalid-tag"]),
        ("v=DMARC1; p=reject; t=1", ["dmarc-invalid-tag"]),
        ("v=DMARC1; p=reject; psd=yes", ["dmarc-invalid-tag"]),
        ("v=DMARC1; p=reject; t=y", ["dmarc-test-mode"]),
        ("v=DMARC1; p=reject; bimi=1", ["dmarc-unknown-tag"]),
        ("p=reject; v=DMARC1", ["dmarc-bad-version"]),
        ("v=DMARC1; p=reject; junk", ["dmarc-malformed"]),
        ("v=DMARC1; p=none", ["dmarc-policy-none"]),
    ],
)
def test_each_record_defect(dns_server: DnsServer, record: str, expected: list[str]) -> None:
    dns_server.set_records(mail_domain("x.test", record))
    report = check(dns_server, "x.test")
    assert ids(report) == expected, report.findings
    for f in report.findings:
        assert "_dmarc.x.test" in f.message


def test_sub_domain_inherits_and_is_not_missing(dns_server: DnsServer) -> None:
    dns_server.set_records(
        {
            **mail_domain("org.test", "v=DMARC1; p=reject; sp=quarantine"),
            **mail_domain("mail.org.test", None),
        }
    )
    report = check(dns_server, "mail.org.test")
    assert ids(report) == ["dmarc-inherited"]
    assert report.findings[0].severity == "info"
    assert report.to_dict()["dmarc"] == {
        "record": "v=DMARC1; p=reject; sp=quarantine",
        "name": "_dmarc.org.test",
        "inherited": True,
        "policy": "reject",
        "subdomain_policy": "quarantine",
        "rua": [],
        "ruf": [],
        "external_authorized": {},
    }
    # RFC 9989 §4.10: up to the TLD, never the root.
    assert dns_server.query_count("_dmarc.test") == 1
    assert dns_server.query_count("_dmarc") == 0


def test_missing_everywhere(dns_server: DnsServer) -> None:
    dns_server.set_records(mail_domain("bare.test", None))
    report = check(dns_server, "bare.test")
    assert ids(report) == ["dmarc-missing"]
    assert report.to_dict()["dmarc"]["record"] is None


def test_external_destinations(dns_server: DnsServer) -> None:
    record = "v=DMARC1; p=reject; rua=mailto:a@ok.example,mailto:b@no.example; ruf=mailto:c@x.test"
    dns_server.set_records(
        {
            **mail_domain("x.test", record),
            "x.test._report._dmarc.ok.example": {"TXT": "v=DMARC1"},
        }
    )
    report = check(dns_server, "x.test")
    assert ids(report) == ["dmarc-external-unauthorized"]
    f = report.findings[0]
    assert f.severity == "warning"
    assert "no.example" in f.message and "x.test._report._dmarc.no.example" in f.message
    data = report.to_dict()["dmarc"]
    assert data["rua"] == ["mailto:a@ok.example", "mailto:b@no.example"]
    assert data["ruf"] == ["mailto:c@x.test"]
    assert data["external_authorized"] == {"ok.example": True, "no.example": False}


def test_authorized_external_destination_is_clean(dns_server: DnsServer) -> None:
    dns_server.set_records(
        {
            **mail_domain("x.test", "v=DMARC1; p=reject; rua=mailto:dmarc@reports.example"),
            "x.test._report._dmarc.reports.example": {"TXT": "v=DMARC1"},
        }
    )
    report = check(dns_server, "x.test")
    assert report.findings == []
    assert report.to_dict()["dmarc"]["external_authorized"] == {"reports.example": True}


def test_failed_authorization_lookup_is_temporary(dns_server: DnsServer) -> None:
    dns_server.set_records(
        mail_domain("x.test", "v=DMARC1; p=reject; rua=mailto:dmarc@reports.example")
    )
    dns_server.fault("x.test._report._dmarc.reports.example", "servfail")
    report = check(dns_server, "x.test")
    assert ids(report) == ["txt-lookup-failed"]
    assert "SERVFAIL" in report.findings[0].message
    assert report.to_dict()["dmarc"]["external_authorized"] == {"reports.example": None}


def test_failed_walk_lookup_is_not_missing(dns_server: DnsServer) -> None:
    dns_server.set_records(
        {
            **mail_domain("org.test", "v=DMARC1; p=reject"),
            **mail_domain("mail.org.test", None),
        }
    )
    dns_server.fault("_dmarc.org.test", "servfail")
    report = check(dns_server, "mail.org.test")
    assert ids(report) == ["txt-lookup-failed"]
    assert "_dmarc.org.test" in report.findings[0].message
