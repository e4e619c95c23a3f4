"""The SPF tree (RFC 7208) of check_domain against the project's DNS server on 127.0.0.1:
each finding on a domain breaking exactly that thing, clean controls, and the
``to_dict()["spf"]`` data."""

from __future__ import annotations

from typing import Any

import pytest
from mailtrace_mx import DomainReport, MXDiscoveryConfig, check_domain
from mailtrace_mx.testing import DnsServer


def zone(d: str, spf: Any, **extra: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A clean domain whose SPF record is ``spf`` (None: no SPF), plus ``extra``
    (owner label relative to ``d`` -> records)."""
    apex: dict[str, Any] = {"MX": [f"10 mx1.{d}.", f"20 mx2.{d}."]}
    if spf is not None:
        apex["TXT"] = spf
    records = {
        d: apex,
        f"mx1.{d}": {"A": "192.0.2.1"},
        f"mx2.{d}": {"A": "192.0.2.2"},
        f"_dmarc.{d}": {"TXT": "v=DMARC1; p=reject"},
        f"_mta-sts.{d}": {"TXT": "v=STSv1; id=1"},
        f"_smtp._tls.{d}": {"TXT": "v=TLSRPTv1; rua=mailto:t@example.org"},
        # Forward-confirmed reverse DNS, so that only SPF findings remain.
        "1.2.0.192.in-addr.arpa": {"PTR": f"mx1.{d}."},
        "2.2.0.192.in-addr.arpa": {"PTR": f"mx2.{d}."},
    }
    for label, recs in extra.items():
        records[f"{label}.{d}"] = recs
    return records


def a_terms(d: str, numbers: range) -> str:
    return " ".join(f"a:h{i}.{d}" for i in numbers)


def hosts(numbers: range) -> dict[str, dict[str, Any]]:
    return {f"h{i}": {"A": f"203.0.113.{i}"} for i in numbers}


def check(server: DnsServer, d: str, timeout: float = 2) -> DomainReport:
    return check_domain(d, MXDiscoveryConfig(servers=[server.address], timeout=timeout))


def spf_ids(report: DomainReport) -> list[str]:
    return [f.id for f in report.findings if f.id.startswith("spf-")]


D = "t.test"

# name -> (SPF record of D, extra records, expected SPF finding ids, expected result)
CASES: dict[str, tuple[Any, dict[str, Any], list[str], str]] = {
    "too-many-lookups": (
        f"v=spf1 include:_s1.{D} include:_s2.{D} -all",
        {
            **hosts(range(1, 11)),
            "_s1": {"TXT": f"v=spf1 {a_terms(D, range(1, 6))} -all"},
            "_s2": {"TXT": f"v=spf1 {a_terms(D, range(6, 11))} -all"},
        },
        ["spf-too-many-lookups"],
        "permerror",
    ),
    "exactly-ten-lookups": (
        f"v=spf1 include:_s1.{D} include:_s2.{D} -all",
        {
            **hosts(range(1, 9)),
            "_s1": {"TXT": f"v=spf1 {a_terms(D, range(1, 5))} -all"},
            "_s2": {"TXT": f"v=spf1 {a_terms(D, range(5, 9))} -all"},
        },
        [],
        "ok",
    ),
    "too-many-void": (
        f"v=spf1 a:v1.{D} a:v2.{D} a:v3.{D} mx -all",
        {},
        ["spf-too-many-void-lookups"],
        "permerror",
    ),
    "include-no-spf": (
        f"v=spf1 mx include:nospf.{D} -all",
        {"nospf": {"TXT": "just some text", "A": "203.0.113.9"}},
        ["spf-include-no-spf"],
        "permerror",
    ),
    "include-nxdomain": (
        f"v=spf1 mx include:missing.{D} -all",
        {},
        ["spf-include-no-spf"],
        "permerror",
    ),
    "redirect-no-spf": (
        f"v=spf1 redirect=nospf.{D}",
        {"nospf": {"TXT": "just some text"}},
        ["spf-redirect-no-spf"],
        "permerror",
    ),
    "redirect-neutral": (
        f"v=spf1 redirect=_spf.{D}",
        {"_spf": {"TXT": f"v=spf1 mx:{D} ?all"}},
        ["spf-redirect-neutral"],
        "ok",
    ),
    "redirect-good": (
        f"v=spf1 redirect=_spf.{D}",
        {"_spf": {"TXT": f"v=spf1 mx:{D} -all"}},
        [],
        "ok",
    ),
    "include-good": (
        f"v=spf1 mx include:_spf.{D} -all",
        {"_spf": {"TXT": "v=spf1 ip4:203.0.113.0/24 ip6:2001:db8::/32 -all"}},
        [],
        "ok",
    ),
    "include-loop": (
        f"v=spf1 include:_a.{D} -all",
        {
            "_a": {"TXT": f"v=spf1 include:_b.{D} -all"},
            "_b": {"TXT": f"v=spf1 include:_a.{D} -all"},
        },
        ["spf-include-loop"],
        "permerror",
    ),
    "bad-ip4": ("v=spf1 ip4:999.1.1.1 -all", {}, ["spf-syntax-error"], "permerror"),
    "unknown-mechanism": ("v=spf1 ipv4:203.0.113.1 -all", {}, ["spf-syntax-error"], "permerror"),
    "bad-macro": (f"v=spf1 mx exists:%{{z}}.{D} -all", {}, ["spf-syntax-error"], "permerror"),
    "bad-ip6-cidr": ("v=spf1 mx ip6:2001:db8::/129 -all", {}, ["spf-syntax-error"], "permerror"),
    "ptr": ("v=spf1 mx ptr -all", {}, ["spf-ptr"], "ok"),
    "mx-no-mx": (
        f"v=spf1 mx mx:nomx.{D} -all",
        {"nomx": {"A": "203.0.113.7"}},
        ["spf-mx-no-mx"],
        "ok",
    ),
    "duplicate-modifier": (
        f"v=spf1 mx exp=e1.{D} exp=e2.{D} -all",
        {},
        ["spf-duplicate-modifier"],
        "permerror",
    ),
    "too-long": (
        "v=spf1 mx " + " ".join(f"ip4:203.0.113.{i}" for i in range(1, 40)) + " -all",
        {},
        ["spf-too-long"],
        "ok",
    ),
    "missing": (None, {}, ["spf-missing"], "none"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_spf_defect_and_control(dns_server: DnsServer, case: str) -> None:
    spf, extra, expected, result = CASES[case]
    dns_server.set_records(zone(D, spf, **extra))
    report = check(dns_server, D)
    assert spf_ids(report) == expected, [f.message for f in report.findings]
    assert report.to_dict()["spf"]["result"] == result


def test_spf_data_of_a_clean_tree(dns_server: DnsServer) -> None:
    spf = f"v=spf1 mx include:_i.{D} redirect=_r.{D}"
    dns_server.set_records(
        zone(
            D,
            spf,
            _i={"TXT": "v=spf1 ip4:203.0.113.0/24"},
            _r={"TXT": f"v=spf1 exists:%{{i}}._ip.{D} ~all"},
        )
    )
    data = check(dns_server, D).to_dict()["spf"]
    assert data == {
        "record": spf,
        "lookups": 4,
        "void_lookups": 0,
        "effective_all": "softfail",
        "result": "ok",
        "tree": [
            {
                "name": f"_i.{D}",
                "via": "include",
                "record": "v=spf1 ip4:203.0.113.0/24",
                "status": "ok",
                "children": [],
            },
            {
                "name": f"_r.{D}",
                "via": "redirect",
                "record": f"v=spf1 exists:%{{i}}._ip.{D} ~all",
                "status": "ok",
                "children": [],
            },
        ],
        "unexpanded": [{"name": f"_r.{D}", "term": f"exists:%{{i}}._ip.{D}"}],
    }


def test_counts_and_effective_all_in_the_data(dns_server: DnsServer) -> None:
    dns_server.set_records(CASES_RECORDS["too-many-lookups"])
    data = check(dns_server, D).to_dict()["spf"]
    assert (data["lookups"], data["result"], data["effective_all"]) == (12, "permerror", "fail")
    dns_server.set_records(CASES_RECORDS["redirect-neutral"])
    data = check(dns_server, D).to_dict()["spf"]
    assert (data["effective_all"], data["tree"][0]["via"]) == ("neutral", "redirect")
    dns_server.set_records(CASES_RECORDS["missing"])
    data = check(dns_server, D).to_dict()["spf"]
    assert (data["record"], data["effective_all"], data["lookups"]) == (None, None, 0)


CASES_RECORDS = {name: zone(D, c[0], **c[1]) for name, c in CASES.items()}


@pytest.mark.parametrize("fault", ["servfail", "timeout"])
def test_failure_in_the_middle_of_a_chain_is_a_temperror_only(
    dns_server: DnsServer, fault: str
) -> None:
    dns_server.set_records(
        zone(
            D,
            f"v=spf1 mx include:_a.{D} -all",
            _a={"TXT": f"v=spf1 include:_b.{D} -all"},
            _b={"TXT": "v=spf1 ip4:203.0.113.0/24 -all"},
        )
    )
    dns_server.fault(f"_b.{D}", fault)
    report = check(dns_server, D, timeout=0.5)
    assert spf_ids(report) == ["spf-temperror"], [f.message for f in report.findings]
    assert not [f for f in report.findings if "missing" in f.id or "permerror" in f.message]
    data = report.to_dict()["spf"]
    assert data["result"] == "temperror"
    assert data["tree"][0]["children"][0]["status"] == "temperror"


def test_a_hostile_chain_is_cut_at_ten_lookups(dns_server: DnsServer) -> None:
    chain = {f"c{i}": {"TXT": f"v=spf1 include:c{i + 1}.{D} -all"} for i in range(50)}
    dns_server.set_records(zone(D, f"v=spf1 include:c0.{D} -all", **chain))
    report = check(dns_server, D)
    assert spf_ids(report) == ["spf-too-many-lookups"]
    assert sum(dns_server.query_count(f"c{i}.{D}") for i in range(50)) == 10
