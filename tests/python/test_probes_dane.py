"""DANE end to end (issue 9, RFC 7672): TLSA records served by the project's DNS server
(signed names carry the AD bit), an SMTP server with STARTTLS on loopback, and the probe
matching the presented certificate against them through ``check_domain``."""

from __future__ import annotations

import hashlib
import json
import os
import smtplib
import ssl
import subprocess
import sys
from collections.abc import Iterator

import pytest
from mailtrace_mx import MXDiscoveryConfig, check_domain
from mailtrace_mx.testing import DnsServer, SmtpServer, TestPKI

SMTP_IP = "127.0.0.61"


@pytest.fixture
def smtp() -> Iterator[tuple[TestPKI, SmtpServer]]:
    """An SMTP server whose certificate no CA the check trusts has signed (DANE-EE alone
    can make it acceptable: RFC 7672 §3.1.1)."""
    pki = TestPKI()
    server = SmtpServer(
        pki.context("mx.dane.test", kind="untrusted"), SMTP_IP, name="mx.dane.test"
    ).start()
    try:
        yield pki, server
    finally:
        server.stop()
        pki.close()


def leaf_der(server: SmtpServer) -> bytes:
    """The certificate the server presents after STARTTLS, read with Python's own client."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with smtplib.SMTP(server.host, server.port, timeout=5) as client:
        client.starttls(context=ctx)
        der = client.sock.getpeercert(binary_form=True)  # type: ignore[union-attr]
    assert der
    return der


def serve(dns: DnsServer, tlsa: str, *, signed: bool) -> None:
    dns.set_records(
        {
            "dane.test": {"MX": ["10 mx.dane.test."]},
            "mx.dane.test": {"A": SMTP_IP},
            "_25._tcp.mx.dane.test": {"TLSA": tlsa},
        }
    )
    if signed:
        dns.sign("dane.test")


def probe(dns: DnsServer, pki: TestPKI, server: SmtpServer) -> tuple[set[str], dict]:
    config = MXDiscoveryConfig(servers=[dns.address], timeout=3)
    report = check_domain(
        "dane.test", config, probe_smtp=True, cafile=pki.cafile, smtp_port=server.port
    )
    tls = report.to_dict()["tls"]
    assert len(tls) == 1 and tls[0]["starttls"], tls
    return {f.id for f in report.findings}, tls[0]["dane"]


def test_an_authenticated_matching_dane_ee_record_is_a_match(
    dns_server: DnsServer, smtp: tuple[TestPKI, SmtpServer]
) -> None:
    pki, server = smtp
    digest = hashlib.sha256(leaf_der(server)).hexdigest()
    serve(dns_server, f"3 0 1 {digest}", signed=True)  # DANE-EE, full certificate, SHA-256
    found, dane = probe(dns_server, pki, server)
    assert dane["authenticated"] is True and dane["tlsa"], dane
    assert dane["match"], dane
    # DANE-EE authenticates the server: neither the untrusted issuer nor a missing
    # WebPKI chain is reported (RFC 7672 §3.1.1).
    assert not found & {"dane-no-match", "dane-unauthenticated", "smtp-cert-untrusted"}, found


def test_an_authenticated_record_that_matches_nothing_is_an_error(
    dns_server: DnsServer, smtp: tuple[TestPKI, SmtpServer]
) -> None:
    pki, server = smtp
    wrong = hashlib.sha256(b"not the certificate").hexdigest()
    serve(dns_server, f"3 0 1 {wrong}", signed=True)
    found, dane = probe(dns_server, pki, server)
    assert dane["authenticated"] is True and not dane["match"], dane
    assert "dane-no-match" in found, found


def test_an_unsigned_record_does_not_count(
    dns_server: DnsServer, smtp: tuple[TestPKI, SmtpServer]
) -> None:
    pki, server = smtp
    digest = hashlib.sha256(leaf_der(server)).hexdigest()
    serve(dns_server, f"3 0 1 {digest}", signed=False)
    found, dane = probe(dns_server, pki, server)
    assert dane["authenticated"] is False, dane
    assert "dane-unauthenticated" in found and "dane-no-match" not in found, found
    # Without DANE the untrusted chain is what a sender sees.
    assert "smtp-cert-untrusted" in found, found


@pytest.mark.parametrize("matching", [True, False])
def test_the_cli_reports_the_dane_outcome(
    dns_server: DnsServer, smtp: tuple[TestPKI, SmtpServer], matching: bool
) -> None:
    pki, server = smtp
    cert = leaf_der(server) if matching else b"not the certificate"
    serve(dns_server, f"3 0 1 {hashlib.sha256(cert).hexdigest()}", signed=True)
    args = ["--server", dns_server.address, "--timeout", "3", "--probe-smtp"]
    args += ["--cafile", pki.cafile, "--smtp-port", str(server.port), "--json"]
    res = subprocess.run(
        [sys.executable, "-m", "mailtrace_mx", "check", "dane.test", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    (report,) = json.loads(res.stdout)
    found = {f["id"] for f in report["findings"]}
    dane = report["tls"][0]["dane"]
    assert dane["authenticated"] is True and bool(dane["match"]) is matching, dane
    assert ("dane-no-match" in found) is not matching, found
    # dane-no-match is an error: the run exits 1 under the default --fail-on error, and 0
    # when the record matches (nothing else here is an error).
    assert res.returncode == (0 if matching else 1), (res.returncode, sorted(found))
