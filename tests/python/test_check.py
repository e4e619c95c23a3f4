"""check_domain against the project's real DNS server on 127.0.0.1: every finding fires
on a zone built for it and not on a clean domain."""

from __future__ import annotations

import pickle
import time
from typing import Any

import pytest
from mailtrace_mx import (
    DomainReport,
    Finding,
    MXDiscovery,
    MXDiscoveryConfig,
    MXRecord,
    check_domain,
    resolve_addresses,
)
from mailtrace_mx.testing import DnsServer


def clean(d: str, **over: Any) -> dict[str, dict[str, Any]]:
    """A domain with nothing to report; ``over`` replaces records by owner prefix."""
    zone: dict[str, dict[str, Any]] = {
        d: {"MX": [f"10 mx1.{d}.", f"20 mx2.{d}."], "TXT": ["v=spf1 mx -all", "other=1"]},
        f"mx1.{d}": {"A": "192.0.2.1", "AAAA": "2001:db8::1"},
        f"mx2.{d}": {"A": "192.0.2.2"},
        f"_dmarc.{d}": {"TXT": "v=DMARC1; p=reject; rua=mailto:d@example.org"},
        f"{d}._report._dmarc.example.org": {"TXT": "v=DMARC1"},  # RFC 7489 §7.1
        f"_mta-sts.{d}": {"TXT": "v=STSv1; id=20240101T000000"},
        f"_smtp._tls.{d}": {"TXT": "v=TLSRPTv1; rua=mailto:tls@example.org"},
    }
    for prefix, records in over.items():
        owner = d if prefix == "apex" else f"{prefix.replace('__', '.')}.{d}"
        if records is None:
            zone.pop(owner, None)
        else:
            zone[owner] = records
    return zone


CASES: dict[str, dict[str, dict[str, Any]]] = {
    "nxdomain": {},
    "no-mx": {"no-mx.test": {"TXT": "v=spf1 -all"}},
    "implicit-mx": {"implicit-mx.test": {"A": "192.0.2.9"}},
    "null-mx": {"null-mx.test": {"MX": "0 ."}},
    "null-mx-mixed": clean(
        "null-mx-mixed.test",
        apex={"MX": ["0 .", "10 mx1.null-mx-mixed.test."], "TXT": "v=spf1 -all"},
    ),
    "null-mx-preference": {"null-mx-preference.test": {"MX": "5 ."}},
    "single-mx": clean(
        "single-mx.test", apex={"MX": "10 mx1.single-mx.test.", "TXT": "v=spf1 -all"}
    ),
    "mx-ip-literal": clean(
        "mx-ip-literal.test",
        apex={"MX": ["10 mx1.mx-ip-literal.test.", "20 192.0.2.7."], "TXT": "v=spf1 -all"},
    ),
    "mx-malformed": clean(
        "mx-malformed.test",
        apex={
            "MX": ["10 mx1.mx-malformed.test.", "20 mail_host.mx-malformed.test."],
            "TXT": "v=spf1 -all",
        },
    ),
    "mx-cname": clean("mx-cname.test", mx2={"CNAME": "mx1.mx-cname.test."}),
    "mx-no-address": clean("mx-no-address.test", mx2={"TXT": "no address here"}),
    "mx-nxdomain": clean("mx-nxdomain.test", mx2=None),
    "mx-address-not-public": clean("mx-address-not-public.test", mx2={"A": "127.0.0.1"}),
    "spf-missing": clean(
        "spf-missing.test", apex={"MX": ["10 mx1.spf-missing.test.", "20 mx2.spf-missing.test."]}
    ),
    "spf-multiple": clean(
        "spf-multiple.test",
        apex={
            "MX": ["10 mx1.spf-multiple.test.", "20 mx2.spf-multiple.test."],
            "TXT": ["v=spf1 -all", "v=spf1 mx ~all"],
        },
    ),
    "spf-plus-all": clean(
        "spf-plus-all.test",
        apex={
            "MX": ["10 mx1.spf-plus-all.test.", "20 mx2.spf-plus-all.test."],
            "TXT": "v=spf1 +all",
        },
    ),
    "spf-no-all": clean(
        "spf-no-all.test",
        apex={"MX": ["10 mx1.spf-no-all.test.", "20 mx2.spf-no-all.test."], "TXT": "v=spf1 mx"},
    ),
    "dmarc-missing": clean("dmarc-missing.test", _dmarc=None),
    "dmarc-multiple": clean(
        "dmarc-multiple.test", _dmarc={"TXT": ["v=DMARC1; p=reject", "v=DMARC1; p=none"]}
    ),
    "dmarc-no-policy": clean("dmarc-no-policy.test", _dmarc={"TXT": "v=DMARC1; rua=mailto:a@b.c"}),
    "dmarc-policy-none": clean("dmarc-policy-none.test", _dmarc={"TXT": "v=DMARC1; p=none"}),
    "mta-sts-missing": clean("mta-sts-missing.test", **{"_mta-sts": None}),
    "mta-sts-multiple": clean(
        "mta-sts-multiple.test", **{"_mta-sts": {"TXT": ["v=STSv1; id=1", "v=STSv1; id=2"]}}
    ),
    "mta-sts-malformed": clean(
        "mta-sts-malformed.test", **{"_mta-sts": {"TXT": "v=STSv1; id=a-b"}}
    ),
    "tlsrpt-missing": clean("tlsrpt-missing.test", _smtp___tls=None),
    "tlsrpt-multiple": clean(
        "tlsrpt-multiple.test",
        _smtp___tls={"TXT": ["v=TLSRPTv1; rua=mailto:a@b.c", "v=TLSRPTv1; rua=mailto:d@e.f"]},
    ),
    "tlsrpt-malformed": clean("tlsrpt-malformed.test", _smtp___tls={"TXT": "v=TLSRPTv1;"}),
}


def domain_of(finding_id: str) -> str:
    return f"{finding_id}.test"


@pytest.fixture
def server(dns_server: DnsServer) -> DnsServer:
    records: dict[str, dict[str, Any]] = {}
    records.update(clean("ok.test"))
    # Reverse DNS of the addresses every case shares, confirmed through ok.test's hosts.
    records["1.2.0.192.in-addr.arpa"] = {"PTR": "mx1.ok.test."}
    records["2.2.0.192.in-addr.arpa"] = {"PTR": "mx2.ok.test."}
    records["1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa"] = {
        "PTR": "mx1.ok.test."
    }
    for zone in CASES.values():
        records.update(zone)
    s = dns_server
    s.set_records(records)
    s.fault("_dmarc.txt-lookup-failed.test", "servfail")
    s.fault("mx-lookup-failed.test", "servfail")
    s.fault("mx1.address-lookup-failed.test", "refused")
    s.add("txt-lookup-failed.test", "MX", ["10 mx1.ok.test.", "20 mx2.ok.test."])
    s.add("txt-lookup-failed.test", "TXT", "v=spf1 -all")
    s.add(
        "address-lookup-failed.test",
        "MX",
        ["10 mx1.address-lookup-failed.test.", "20 mx2.ok.test."],
    )
    s.add("address-lookup-failed.test", "TXT", "v=spf1 -all")
    return s


@pytest.fixture
def config(server: DnsServer) -> MXDiscoveryConfig:
    return MXDiscoveryConfig(servers=[server.address], timeout=2)


def ids(report: DomainReport) -> list[str]:
    return [f.id for f in report.findings]


def test_clean_domain_has_no_findings(config: MXDiscoveryConfig) -> None:
    report = check_domain("ok.test", config)
    assert report.findings == []
    assert report.domain == "ok.test"
    assert report.mx == [MXRecord(10, "mx1.ok.test", 300), MXRecord(20, "mx2.ok.test", 300)]
    assert report.addresses == {
        "mx1.ok.test": ["192.0.2.1", "2001:db8::1"],
        "mx2.ok.test": ["192.0.2.2"],
    }


@pytest.mark.parametrize("finding_id", sorted(CASES))
def test_each_finding_fires_on_its_zone(config: MXDiscoveryConfig, finding_id: str) -> None:
    report = check_domain(domain_of(finding_id), config)
    assert finding_id in ids(report), report.findings
    for f in report.findings:
        assert f.severity in ("error", "warning", "info")
        assert f.message


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("mx-lookup-failed.test", ["mx-lookup-failed"]),
        ("txt-lookup-failed.test", ["txt-lookup-failed", "mta-sts-missing", "tlsrpt-missing"]),
    ],
)
def test_lookup_failures_are_findings(
    config: MXDiscoveryConfig, domain: str, expected: list[str]
) -> None:
    report = check_domain(domain, config)
    assert ids(report)[0] == expected[0]
    assert set(expected) <= set(ids(report))
    failed = next(f for f in report.findings if f.id.endswith("lookup-failed"))
    assert "SERVFAIL" in failed.message


def test_address_lookup_failure(config: MXDiscoveryConfig) -> None:
    report = check_domain("address-lookup-failed.test", config)
    f = next(f for f in report.findings if f.id == "address-lookup-failed")
    assert "REFUSED" in f.message and f.severity == "warning"
    assert f.records == ["address-lookup-failed.test MX 10 mx1.address-lookup-failed.test"]
    assert "mx-no-address" not in ids(report)


def test_exact_findings_of_some_zones(config: MXDiscoveryConfig) -> None:
    assert ids(check_domain("nxdomain.test", config)) == ["nxdomain"]
    assert ids(check_domain("null-mx.test", config)) == ["null-mx", "spf-missing", "dmarc-missing"]
    assert ids(check_domain("mx-cname.test", config)) == ["mx-cname"]
    report = check_domain("null-mx-mixed.test", config)
    assert ids(report) == ["null-mx-mixed"]
    assert report.mx == []  # as lookup(): a Null MX anywhere means no mail
    assert report.findings[0].severity == "error"
    assert report.findings[0].records == [
        "null-mx-mixed.test MX 0 .",
        "null-mx-mixed.test MX 10 mx1.null-mx-mixed.test",
    ]
    spf = check_domain("spf-multiple.test", config).findings[0]
    assert spf.records == [
        'spf-multiple.test TXT "v=spf1 -all"',
        'spf-multiple.test TXT "v=spf1 mx ~all"',
    ]


def test_implicit_mx_in_report_when_configured(server: DnsServer) -> None:
    cfg = MXDiscoveryConfig(servers=[server.address], timeout=2, implicit_mx=True)
    report = check_domain("implicit-mx.test.", cfg)
    assert report.mx == [MXRecord(0, "implicit-mx.test", 300)]
    assert report.addresses == {"implicit-mx.test": ["192.0.2.9"]}
    assert "implicit-mx" in ids(report)
    plain = check_domain("implicit-mx.test", MXDiscoveryConfig(servers=[server.address]))
    assert plain.mx == [] and "implicit-mx" in ids(plain)


def test_mx_order_matches_lookup(server: DnsServer, config: MXDiscoveryConfig) -> None:
    server.add(
        "order.test", "MX", ["30 c.ok.test.", "10 B.ok.test.", "10 a.ok.test.", "20 b.ok.test."]
    )
    assert check_domain("order.test", config).mx == MXDiscovery(config).lookup("order.test")
    assert [r.exchange for r in check_domain("order.test", config).mx] == [
        "a.ok.test",
        "B.ok.test",
        "c.ok.test",
    ]


def test_to_dict_shape(config: MXDiscoveryConfig) -> None:
    d = check_domain("mx-no-address.test", config).to_dict()
    assert list(d)[:4] == ["domain", "mx", "addresses", "findings"]  # keys are only added
    assert d["mx"][0] == {"preference": 10, "exchange": "mx1.mx-no-address.test", "ttl": 300}
    assert d["addresses"]["mx2.mx-no-address.test"] == []
    assert d["findings"] == [
        {
            "id": "mx-no-address",
            "severity": "error",
            "message": d["findings"][0]["message"],
            "records": ["mx-no-address.test MX 20 mx2.mx-no-address.test"],
        }
    ]


def test_timeout_bounds_the_whole_check(server: DnsServer) -> None:
    server.fault("silent.test", "timeout")
    cfg = MXDiscoveryConfig(servers=[server.address], timeout=0.5)
    start = time.monotonic()
    report = check_domain("silent.test", cfg)
    took = time.monotonic() - start
    assert 0.45 <= took < 0.9
    assert ids(report)[0] == "mx-lookup-failed"
    assert "Timeout after 0.5s" in report.findings[0].message


def test_bad_input(config: MXDiscoveryConfig) -> None:
    with pytest.raises(TypeError, match="domain must be a str"):
        check_domain(42, config)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"a\.\.b"):
        check_domain("a..b", config)
    with pytest.raises(TypeError, match="nope"):
        check_domain("ok.test", {"nope": 1})
    with pytest.raises(ValueError):
        check_domain("ok.test", {"timeout": -1})


def test_config_forms(server: DnsServer) -> None:
    as_dict = {"servers": [server.address], "timeout": 2}
    assert check_domain("ok.test", as_dict).findings == []
    assert check_domain("ok.test", MXDiscovery(as_dict)).findings == []


def test_finding_value_type() -> None:
    f = Finding("mx-cname", "error", "m", ["a MX 1 b"])
    assert f == Finding(id="mx-cname", severity="error", message="m", records=["a MX 1 b"])
    assert hash(f) == hash(pickle.loads(pickle.dumps(f)))
    assert f.to_dict() == {
        "id": "mx-cname",
        "severity": "error",
        "message": "m",
        "records": ["a MX 1 b"],
    }
    assert "mx-cname" in repr(f)
    with pytest.raises(ValueError, match="severity"):
        Finding("x", "fatal", "m")  # type: ignore[arg-type]


def test_resolve_addresses(config: MXDiscoveryConfig) -> None:
    assert resolve_addresses(["mx1.ok.test", "nowhere.test"], config) == {
        "mx1.ok.test": ["192.0.2.1", "2001:db8::1"],
        "nowhere.test": [],
    }


def test_works_in_a_forked_child(config: MXDiscoveryConfig) -> None:
    import multiprocessing

    check_domain("ok.test", config)  # the runtime exists in the parent first
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(1) as pool:
        ids_in_child = pool.apply_async(_child_check, (config.to_dict(),)).get(timeout=20)
    assert ids_in_child == ["mx-no-address"]


def _child_check(cfg: dict[str, Any]) -> list[str]:
    return [f.id for f in check_domain("mx-no-address.test", cfg).findings]


def test_arbitrary_domains_never_crash(config: MXDiscoveryConfig) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    fast = MXDiscoveryConfig(servers=config.servers, timeout=0.3)

    @settings(max_examples=60, deadline=None)
    @given(st.text(max_size=80))
    def run(domain: str) -> None:
        try:
            report = check_domain(domain, fast)
        except ValueError as e:
            assert "invalid domain name" in str(e)
        else:
            assert all(f.severity in ("error", "warning", "info") for f in report.findings)

    run()
