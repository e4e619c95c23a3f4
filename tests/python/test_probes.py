"""Transport probes (issue 9) through ``check_domain`` and the CLI, against real servers
on loopback: the project's DNS server maps each test domain's names to 127.0.0.x, where
an SMTP server with STARTTLS and an HTTPS server (certificates from a per-run test CA)
answer with one fault each."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Optional

import pytest
from mailtrace_mx import (
    DomainReport,
    MXDiscoveryConfig,
    check_domain,
    check_domain_async,
    check_domains,
)
from mailtrace_mx.testing import DnsServer, HttpsServer, SmtpServer, TestPKI

POLICY = "version: STSv1\nmode: {mode}\nmx: {mx}\nmax_age: 86400\n"
HTTPS_IP = "127.0.0.10"
UNUSED_IP = "127.0.0.99"  # nothing listens here


@dataclass
class Lab:
    dns: DnsServer
    pki: TestPKI
    smtp: dict[str, SmtpServer]
    https: HttpsServer
    smtp_port: int

    def config(self, timeout: float = 2.0) -> MXDiscoveryConfig:
        return MXDiscoveryConfig(servers=[self.dns.address], timeout=timeout)

    def check(self, domain: str, **kw: Any) -> DomainReport:
        kw.setdefault("cafile", self.pki.cafile)
        kw.setdefault("smtp_port", self.smtp_port)
        kw.setdefault("https_port", self.https.port)
        return check_domain(domain, self.config(), **kw)


# SMTP scenario -> (server knobs, certificate kind); each gets its own 127.0.0.x and domain.
SMTP_CASES: dict[str, tuple[dict[str, Any], str]] = {
    "good": ({}, "ok"),
    "nostarttls": ({"starttls": False}, "ok"),
    "refuse454": ({"starttls_code": 454}, "ok"),
    "nobanner": ({"banner": False}, "ok"),
    "wrongname": ({}, "wrong-name"),
    "expired": ({}, "expired"),
    "expiring": ({}, "expiring"),
    "untrusted": ({}, "untrusted"),
    "tls10": ({}, "tls1.0"),
    "enforced": ({}, "wrong-name"),
}

# HTTPS scenario -> how the policy host answers.
POLICY_CASES = (
    "good",
    "p404",
    "redirect",
    "oversize",
    "ctype",
    "invalid",
    "testing",
    "uncovered",
    "notxt",
    "badcert",
    "noaddr",
    "enforced",
)


def smtp_ip(i: int) -> str:
    return f"127.0.0.{20 + i}"


def zone() -> dict[str, dict[str, Any]]:
    records: dict[str, dict[str, Any]] = {}
    for i, case in enumerate(SMTP_CASES):
        d = f"{case}.test"
        records[d] = {"MX": [f"10 mx.{d}."]}
        records[f"mx.{d}"] = {"A": smtp_ip(i)}
    records["refused.test"] = {"MX": ["10 mx.refused.test."]}
    records["mx.refused.test"] = {"A": UNUSED_IP}
    for case in POLICY_CASES:
        d = f"{case}.test"
        records.setdefault(d, {"MX": [f"10 mx.{d}."]})
        records.setdefault(f"mx.{d}", {"A": UNUSED_IP})
        if case != "notxt":
            records[f"_mta-sts.{d}"] = {"TXT": "v=STSv1; id=20261130"}
        if case != "noaddr":
            records[f"mta-sts.{d}"] = {"A": HTTPS_IP}
    records["dual.test"] = {"MX": ["10 mx.dual.test.", "20 mx.refused.test."]}
    # The good server's address, and ::1 where nothing listens on the SMTP port.
    records["mx.dual.test"] = {"A": smtp_ip(0), "AAAA": "::1"}
    records["dnsonly.test"] = {"MX": ["10 mx.good.test."]}
    records["_mta-sts.dnsonly.test"] = {"TXT": "v=STSv1; id=1"}
    records["mta-sts.dnsonly.test"] = {"A": HTTPS_IP}
    return records


def serve_policies(https: HttpsServer) -> None:
    ok = POLICY.format(mode="enforce", mx="mx.{}.test")
    for case in ("good", "notxt", "badcert", "enforced"):
        https.serve(f"mta-sts.{case}.test", ok.format(case))
    https.serve("mta-sts.dnsonly.test", ok.format("good"))
    https.serve("mta-sts.redirect.test", "", status=301, location="https://elsewhere.test/")
    https.oversize("mta-sts.oversize.test")
    https.serve("mta-sts.ctype.test", ok.format("ctype"), content_type="text/html")
    https.serve("mta-sts.invalid.test", "version: STSv1\nmode: enforce\nmax_age: 99999999999\n")
    https.serve("mta-sts.testing.test", POLICY.format(mode="testing", mx="*.testing.test"))
    https.serve("mta-sts.uncovered.test", POLICY.format(mode="enforce", mx="other.test"))


@pytest.fixture(scope="module")
def lab(dns_server_session: DnsServer) -> Iterator[Lab]:
    pki = TestPKI()
    names = [f"mta-sts.{c}.test" for c in (*POLICY_CASES, "dnsonly")]
    contexts = {n: pki.context(n) for n in names}
    contexts["mta-sts.badcert.test"] = pki.context("mta-sts.badcert.test", kind="wrong-name")
    https = HttpsServer(pki.context("mta-sts.good.test"), HTTPS_IP, contexts=contexts).start()
    serve_policies(https)
    servers: dict[str, SmtpServer] = {}
    port = 0
    for i, (case, (knobs, kind)) in enumerate(SMTP_CASES.items()):
        ctx = pki.context(f"mx.{case}.test", kind=kind)
        server = SmtpServer(ctx, smtp_ip(i), port, name=f"mx.{case}.test", **knobs).start()
        port = server.port
        servers[case] = server
    dns_server_session.reset()
    dns_server_session.set_records(zone())
    try:
        yield Lab(dns_server_session, pki, servers, https, port)
    finally:
        dns_server_session.reset()
        https.stop()
        for s in servers.values():
            s.stop()
        pki.close()


def ids(report: DomainReport) -> set[str]:
    return {f.id for f in report.findings}


def probe_ids(report: DomainReport) -> set[str]:
    dns_only = {"single-mx", "mx-address-not-public", "spf-missing", "dmarc-missing"}
    return ids(report) - dns_only - {"tlsrpt-missing", "mta-sts-missing"}


def finding(report: DomainReport, fid: str) -> Any:
    found = [f for f in report.findings if f.id == fid]
    assert found, f"{fid} not in {sorted(ids(report))}"
    return found[0]


# --- default: DNS only -------------------------------------------------------------------


def test_nothing_but_dns_is_contacted_when_probes_are_off(lab: Lab) -> None:
    for s in (*lab.smtp.values(), lab.https):
        s.clear()
    report = check_domain("dnsonly.test", lab.config())
    assert "policy" not in report.to_dict() and "tls" not in report.to_dict()
    assert lab.smtp["good"].connections == 0 and lab.https.connections == 0
    # The control: the same check with the probes on does reach both servers.
    probed = lab.check("dnsonly.test", fetch_policy=True, probe_smtp=True)
    assert lab.smtp["good"].connections == 1 and lab.https.connections == 1
    assert probe_ids(probed) == set()


# --- SMTP probe ----------------------------------------------------------------------------


def test_good_mx_reports_tls_details(lab: Lab) -> None:
    report = lab.check("good.test", probe_smtp=True)
    assert probe_ids(report) == set()
    (tls,) = report.to_dict()["tls"]
    assert tls["host"] == "mx.good.test" and tls["address"] == smtp_ip(0)
    assert tls["reached"] and tls["starttls"] and tls["verified"]
    assert tls["protocol"] in ("TLSv1_3", "TLSv1_2") and tls["cipher"].startswith("TLS")
    assert tls["banner"].startswith("mx.good.test")
    cert = tls["certificate"]
    assert cert["sans"] == ["mx.good.test"] and cert["not_after"].endswith("Z")
    assert tls["dane"] == {"tlsa": [], "authenticated": False, "error": None, "match": None}


def test_every_address_of_every_mx_is_probed(lab: Lab) -> None:
    report = lab.check("dual.test", probe_smtp=True)
    tls = report.to_dict()["tls"]
    where = [(t["host"], t["address"], t["reached"]) for t in tls]
    assert where == [
        ("mx.dual.test", smtp_ip(0), True),
        ("mx.dual.test", "::1", False),
        ("mx.refused.test", UNUSED_IP, False),
    ]
    unreachable = [f.message for f in report.findings if f.id == "smtp-unreachable"]
    assert len(unreachable) == 2 and "::1" in unreachable[0]


def test_without_cafile_the_test_ca_is_untrusted(lab: Lab) -> None:
    report = lab.check("good.test", probe_smtp=True, cafile=None)
    assert "smtp-cert-untrusted" in ids(report)


@pytest.mark.parametrize(
    ("domain", "expected", "words"),
    [
        ("nostarttls.test", "smtp-no-starttls", "STARTTLS not offered"),
        ("refuse454.test", "smtp-starttls-refused", "454"),
        ("nobanner.test", "smtp-no-banner", "timed out"),
        ("wrongname.test", "smtp-cert-name-mismatch", "wrong.invalid"),
        ("expired.test", "smtp-cert-expired", "not valid now"),
        ("expiring.test", "smtp-cert-expiring", "less than 14 days"),
        ("untrusted.test", "smtp-cert-untrusted", "mx.untrusted.test"),
        ("refused.test", "smtp-unreachable", "cannot connect"),
    ],
)
def test_smtp_failures_are_findings(lab: Lab, domain: str, expected: str, words: str) -> None:
    report = lab.check(domain, probe_smtp=True)
    f = finding(report, expected)
    assert f.severity == "warning"
    assert words in f.message and f"mx.{domain}" in f.message
    assert "mta-sts-cert-rejected" not in ids(report)  # no enforce policy fetched
    assert report.mx and report.mx[0].exchange == f"mx.{domain}"  # the rest is kept


def test_tls_1_0_only_server(lab: Lab) -> None:
    report = lab.check("tls10.test", probe_smtp=True)
    found = ids(report) & {"smtp-tls-old-version", "smtp-tls-handshake-failed"}
    # smtp-tls-old-version when the local OpenSSL can still speak TLS 1.0; if its
    # security level forbids it, the server fails the handshake another way.
    assert found, sorted(ids(report))


def test_enforce_makes_a_rejected_certificate_an_error(lab: Lab) -> None:
    report = lab.check("enforced.test", probe_smtp=True, fetch_policy=True)
    f = finding(report, "mta-sts-cert-rejected")
    assert f.severity == "error" and "mx.enforced.test" in f.message
    assert "smtp-cert-name-mismatch" in ids(report)
    # Without the policy fetch the same certificate is only a warning.
    assert "mta-sts-cert-rejected" not in ids(lab.check("enforced.test", probe_smtp=True))


# --- MTA-STS policy fetch -------------------------------------------------------------------


def test_good_policy(lab: Lab) -> None:
    report = lab.check("good.test", fetch_policy=True)
    assert probe_ids(report) == set()
    policy = report.to_dict()["policy"]
    assert policy["url"] == f"https://mta-sts.good.test:{lab.https.port}/.well-known/mta-sts.txt"
    assert policy["fetched"] and policy["error"] is None
    assert (policy["mode"], policy["max_age"], policy["mx"]) == ("enforce", 86400, ["mx.good.test"])
    assert policy["address"] == HTTPS_IP
    assert policy["certificate"]["sans"] == ["mta-sts.good.test"]


@pytest.mark.parametrize(
    ("domain", "expected", "words"),
    [
        ("p404.test", "mta-sts-policy-http-status", "404"),
        ("redirect.test", "mta-sts-policy-redirect", "elsewhere.test"),
        ("oversize.test", "mta-sts-policy-too-large", "65536"),
        ("ctype.test", "mta-sts-policy-content-type", "text/html"),
        ("invalid.test", "mta-sts-policy-invalid", "max_age"),
        ("badcert.test", "mta-sts-policy-cert-invalid", "certificate"),
        ("noaddr.test", "mta-sts-policy-unreachable", "mta-sts.noaddr.test"),
    ],
)
def test_policy_failures_are_findings(lab: Lab, domain: str, expected: str, words: str) -> None:
    report = lab.check(domain, fetch_policy=True)
    f = finding(report, expected)
    assert words in f.message and f"mta-sts.{domain}" in f.message
    # The TXT record announces MTA-STS, so a missing policy is an error too.
    assert finding(report, "mta-sts-no-policy").severity == "error"
    assert report.to_dict()["policy"]["fetched"] is (expected == "mta-sts-policy-invalid")


def test_policy_cross_checks(lab: Lab) -> None:
    testing = lab.check("testing.test", fetch_policy=True)
    assert probe_ids(testing) == {"mta-sts-testing"}
    uncovered = lab.check("uncovered.test", fetch_policy=True)
    f = finding(uncovered, "mta-sts-mx-not-covered")
    assert "mx.uncovered.test" in f.message and "other.test" in f.message
    notxt = lab.check("notxt.test", fetch_policy=True)
    assert "mta-sts-policy-without-txt" in ids(notxt)


def test_policy_host_is_resolved_through_the_configured_server(lab: Lab) -> None:
    lab.dns.clear_queries()
    lab.check("good.test", fetch_policy=True)
    assert lab.dns.query_count("mta-sts.good.test") >= 1


def test_async_twin_and_bad_arguments(lab: Lab) -> None:
    cfg = lab.config()
    kw: dict[str, Any] = {
        "cafile": lab.pki.cafile,
        "smtp_port": lab.smtp_port,
        "https_port": lab.https.port,
    }
    sync = lab.check("good.test", probe_smtp=True, fetch_policy=True)
    report = asyncio.run(
        check_domain_async("good.test", cfg, probe_smtp=True, fetch_policy=True, **kw)
    )
    assert ids(report) == ids(sync)
    assert report.to_dict()["tls"][0]["verified"]
    (bulk,) = check_domains(["good.test"], cfg, probe_smtp=True, fetch_policy=True, **kw)
    assert bulk.to_dict()["tls"] == report.to_dict()["tls"]
    with pytest.raises(TypeError, match="probe_smtp"):
        check_domain("good.test", cfg, probe_smtp=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="smtp_port"):
        check_domain("good.test", cfg, smtp_port=0)
    with pytest.raises(TypeError, match="https_port"):
        check_domain("good.test", cfg, https_port="443")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cafile"):
        check_domain("good.test", cfg, probe_smtp=True, cafile=os.devnull)


# --- CLI ----------------------------------------------------------------------------------


def run_cli(lab: Lab, *args: str, cafile: Optional[str] = None) -> Any:
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "mailtrace_mx",
            "check",
            "--json",
            "--server",
            lab.dns.address,
            "--timeout",
            "2",
            "--cafile",
            cafile or lab.pki.cafile,
            "--smtp-port",
            str(lab.smtp_port),
            "--https-port",
            str(lab.https.port),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert res.returncode in (0, 1), res.stderr
    return {r["domain"]: r for r in json.loads(res.stdout)}


def test_cli_every_outcome(lab: Lab) -> None:
    smtp_cases = {
        "good.test": set(),
        "nostarttls.test": {"smtp-no-starttls"},
        "refuse454.test": {"smtp-starttls-refused"},
        "nobanner.test": {"smtp-no-banner"},
        "wrongname.test": {"smtp-cert-name-mismatch"},
        "expired.test": {"smtp-cert-expired"},
        "expiring.test": {"smtp-cert-expiring"},
        "untrusted.test": {"smtp-cert-untrusted"},
        "refused.test": {"smtp-unreachable"},
    }
    policy_cases = {
        "p404.test": "mta-sts-policy-http-status",
        "redirect.test": "mta-sts-policy-redirect",
        "oversize.test": "mta-sts-policy-too-large",
        "ctype.test": "mta-sts-policy-content-type",
        "invalid.test": "mta-sts-policy-invalid",
        "badcert.test": "mta-sts-policy-cert-invalid",
        "noaddr.test": "mta-sts-policy-unreachable",
        "testing.test": "mta-sts-testing",
        "uncovered.test": "mta-sts-mx-not-covered",
        "notxt.test": "mta-sts-policy-without-txt",
        "enforced.test": "mta-sts-cert-rejected",
    }
    out = run_cli(lab, "--probe-smtp", "--fetch-policy", *smtp_cases, *policy_cases)
    for domain, expected in smtp_cases.items():
        got = {f["id"] for f in out[domain]["findings"]}
        assert expected <= got, (domain, got)
        assert out[domain]["tls"][0]["host"] == f"mx.{domain}"
        if not expected:
            assert not {i for i in got if i.startswith("smtp-")}, (domain, got)
    for domain, fid in policy_cases.items():
        got = {f["id"] for f in out[domain]["findings"]}
        assert fid in got, (domain, got)
        assert "policy" in out[domain]
    tls10 = {f["id"] for f in run_cli(lab, "--probe-smtp", "tls10.test")["tls10.test"]["findings"]}
    assert tls10 & {"smtp-tls-old-version", "smtp-tls-handshake-failed"}


def test_cli_without_probe_flags_stays_dns_only(lab: Lab) -> None:
    for s in (*lab.smtp.values(), lab.https):
        s.clear()
    out = run_cli(lab, "good.test", "dnsonly.test")
    assert all("tls" not in r and "policy" not in r for r in out.values())
    assert lab.smtp["good"].connections == 0 and lab.https.connections == 0
