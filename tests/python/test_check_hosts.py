"""check_domain's MX-host checks against the project's DNS server: an exchange that does
not exist, duplicates, reverse DNS with forward confirmation, TLSA records and the AD bit;
every finding on a domain breaking exactly that, with clean controls."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest
from mailtrace_mx import MXDiscoveryConfig, check_domain
from mailtrace_mx.testing import DnsServer

DIGEST = "8d02536c887482bc34ff54e41d2ba659bf85b341a0a20afadb5813dcfbcf286d"


def rev(address: str) -> str:
    return ipaddress.ip_address(address).reverse_pointer


def clean(d: str, *, no_ptr: tuple[str, ...] = ()) -> dict[str, dict[str, Any]]:
    """Two MX hosts with forward-confirmed PTRs (IPv4 and IPv6) except for ``no_ptr``."""
    zone: dict[str, dict[str, Any]] = {
        d: {"MX": [f"10 mx1.{d}.", f"20 mx2.{d}."], "TXT": "v=spf1 mx -all"},
        f"mx1.{d}": {"A": "192.0.2.1", "AAAA": "2001:db8::1"},
        f"mx2.{d}": {"A": "198.51.100.2"},
        f"_dmarc.{d}": {"TXT": "v=DMARC1; p=reject"},
        f"_mta-sts.{d}": {"TXT": "v=STSv1; id=2024"},
        f"_smtp._tls.{d}": {"TXT": "v=TLSRPTv1; rua=mailto:tls@example.org"},
    }
    for address, host in (("192.0.2.1", "mx1"), ("2001:db8::1", "mx1"), ("198.51.100.2", "mx2")):
        if address not in no_ptr:
            zone[rev(address)] = {"PTR": f"{host}.{d}."}
    return zone


@pytest.fixture
def config(dns_server: DnsServer) -> MXDiscoveryConfig:
    return MXDiscoveryConfig(servers=[dns_server.address], timeout=2)


def ids(domain: str, config: MXDiscoveryConfig) -> list[str]:
    return [f.id for f in check_domain(domain, config).findings]


def test_clean_control_with_matching_ptrs(dns_server: DnsServer, config: Any) -> None:
    dns_server.set_records(clean("ok.test"))
    report = check_domain("ok.test", config)
    assert report.findings == []
    d = report.to_dict()
    assert d["dnssec"] == {"authenticated": {"mx": False, "tlsa": False}}
    assert d["hosts"]["mx1.ok.test"] == {
        "ptr": {
            "192.0.2.1": {
                "name": "1.2.0.192.in-addr.arpa",
                "ptr": ["mx1.ok.test"],
                "confirmed": True,
                "error": None,
            },
            "2001:db8::1": {
                "name": rev("2001:db8::1"),
                "ptr": ["mx1.ok.test"],
                "confirmed": True,
                "error": None,
            },
        },
        "tlsa": [],
        "tlsa_authenticated": False,
        "tlsa_error": None,
    }


def test_exchange_nxdomain_and_duplicate(dns_server: DnsServer, config: Any) -> None:
    zone = clean("mx.test")
    zone["mx.test"]["MX"] = [
        "10 mx1.mx.test.",
        "20 mx2.mx.test.",
        "30 MX1.mx.test.",
        "40 gone.mx.test.",
    ]
    dns_server.set_records(zone)
    report = check_domain("mx.test", config)
    assert [f.id for f in report.findings] == ["mx-duplicate", "mx-nxdomain"]
    dup, gone = report.findings
    assert dup.severity == "warning" and "mx1.mx.test" in dup.message
    assert gone.severity == "error" and "gone.mx.test" in gone.message
    assert "mx-no-address" not in [f.id for f in report.findings]


def test_ptr_missing(dns_server: DnsServer, config: Any) -> None:
    dns_server.set_records(clean("miss.test", no_ptr=("2001:db8::1",)))
    report = check_domain("miss.test", config)
    assert [f.id for f in report.findings] == ["mx-ptr-missing"]
    assert report.findings[0].severity == "warning"
    assert "2001:db8::1" in report.findings[0].message
    assert report.to_dict()["hosts"]["mx1.miss.test"]["ptr"]["2001:db8::1"]["confirmed"] is False


def test_ptr_not_forward_confirmed(dns_server: DnsServer, config: Any) -> None:
    zone = clean("fc.test", no_ptr=("198.51.100.2",))
    zone[rev("198.51.100.2")] = {"PTR": "elsewhere.fc.test."}
    zone["elsewhere.fc.test"] = {"A": "203.0.113.77"}
    dns_server.set_records(zone)
    report = check_domain("fc.test", config)
    assert [f.id for f in report.findings] == ["mx-ptr-not-confirmed"]
    assert "198.51.100.2 -> elsewhere.fc.test" in report.findings[0].message
    entry = report.to_dict()["hosts"]["mx2.fc.test"]["ptr"]["198.51.100.2"]
    assert entry == {
        "name": "2.100.51.198.in-addr.arpa",
        "ptr": ["elsewhere.fc.test"],
        "confirmed": False,
        "error": None,
    }


def test_ptr_lookup_failure_is_not_missing(dns_server: DnsServer, config: Any) -> None:
    dns_server.set_records(clean("pf.test"))
    dns_server.fault(rev("198.51.100.2"), "servfail")
    report = check_domain("pf.test", config)
    assert [f.id for f in report.findings] == ["mx-ptr-lookup-failed"]
    entry = report.to_dict()["hosts"]["mx2.pf.test"]["ptr"]["198.51.100.2"]
    assert entry["confirmed"] is None and "SERVFAIL" in entry["error"]


@pytest.mark.parametrize(
    ("tlsa", "signed", "expected"),
    [
        ([f"3 1 1 {DIGEST}"], True, []),
        ([f"3 1 1 {DIGEST}", f"4 1 1 {DIGEST}"], True, ["tlsa-invalid"]),
        (["3 1 1 abcd"], True, ["tlsa-invalid"]),
        ([f"1 1 1 {DIGEST}"], True, ["tlsa-pkix-usage"]),
        ([f"3 1 1 {DIGEST}"], False, ["tlsa-without-dnssec"]),
    ],
)
def test_tlsa_findings(
    dns_server: DnsServer, config: Any, tlsa: list[str], signed: bool, expected: list[str]
) -> None:
    zone = clean("dane.test")
    zone["_25._tcp.mx1.dane.test"] = {"TLSA": tlsa}
    dns_server.set_records(zone)
    if signed:
        dns_server.sign("dane.test")
    report = check_domain("dane.test", config)
    assert [f.id for f in report.findings] == expected
    d = report.to_dict()
    assert d["dnssec"]["authenticated"]["mx"] is signed
    host = d["hosts"]["mx1.dane.test"]
    assert host["tlsa_authenticated"] is signed
    assert [f"{t['usage']} {t['selector']} {t['matching']} {t['data']}" for t in host["tlsa"]] == [
        t.lower() for t in tlsa
    ]
    assert ("dane.test", "MX") in dns_server.dnssec_ok_queries
    assert ("_25._tcp.mx1.dane.test", "TLSA") in dns_server.dnssec_ok_queries


def test_tlsa_lookup_failure(dns_server: DnsServer, config: Any) -> None:
    dns_server.set_records(clean("tf.test"))
    dns_server.fault("_25._tcp.mx2.tf.test", "servfail")
    report = check_domain("tf.test", config)
    assert [f.id for f in report.findings] == ["tlsa-lookup-failed"]
    assert report.to_dict()["hosts"]["mx2.tf.test"]["tlsa_error"] == "SERVFAIL"
