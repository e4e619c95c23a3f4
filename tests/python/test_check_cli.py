"""``mailtrace-mx check`` and ``resolve --json`` addresses, against the real DNS server."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from mailtrace_mx.cli import main
from mailtrace_mx.testing import DnsServer

RECORDS: dict[str, dict[str, Any]] = {
    "good.test": {"MX": ["10 mx1.good.test.", "20 mx2.good.test."], "TXT": "v=spf1 mx -all"},
    "mx1.good.test": {"A": "192.0.2.1", "AAAA": "2001:db8::1"},
    "mx2.good.test": {"A": "192.0.2.2"},
    "_dmarc.good.test": {"TXT": "v=DMARC1; p=reject"},
    "_mta-sts.good.test": {"TXT": "v=STSv1; id=1"},
    "_smtp._tls.good.test": {"TXT": "v=TLSRPTv1; rua=mailto:t@good.test"},
    # Only warnings and infos: single MX, no SPF all-terminator, no DMARC/MTA-STS/TLS-RPT.
    "meh.test": {"MX": "10 mx1.good.test.", "TXT": "v=spf1 mx"},
    "bad.test": {"MX": "10 alias.good.test.", "TXT": "v=spf1 -all"},
    "alias.good.test": {"CNAME": "mx1.good.test."},
    "1.2.0.192.in-addr.arpa": {"PTR": "mx1.good.test."},
    "2.2.0.192.in-addr.arpa": {"PTR": "mx2.good.test."},
    "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa": {
        "PTR": "mx1.good.test."
    },
}


@pytest.fixture
def server(dns_server: DnsServer) -> DnsServer:
    dns_server.set_records(RECORDS)
    return dns_server


def cli(server: DnsServer, *args: str) -> list[str]:
    return [*args, "--server", server.address, "--timeout", "2"]


def test_check_json(server: DnsServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(cli(server, "check", "good.test", "bad.test", "--json")) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [d["domain"] for d in doc] == ["good.test", "bad.test"]
    base = {k: doc[0][k] for k in ("domain", "mx", "addresses", "findings")}  # keys only added
    assert doc[0]["spf"]["result"] == "ok"
    assert base == {
        "domain": "good.test",
        "mx": [
            {"preference": 10, "exchange": "mx1.good.test", "ttl": 300},
            {"preference": 20, "exchange": "mx2.good.test", "ttl": 300},
        ],
        "addresses": {
            "mx1.good.test": ["192.0.2.1", "2001:db8::1"],
            "mx2.good.test": ["192.0.2.2"],
        },
        "findings": [],
    }
    assert doc[0]["dmarc"]["name"] == "_dmarc.good.test"
    assert "mx-cname" in [f["id"] for f in doc[1]["findings"]]
    assert set(doc[1]["findings"][0]) == {"id", "severity", "message", "records"}


def test_check_text_and_exit_codes(server: DnsServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(cli(server, "check", "good.test")) == 0
    out = capsys.readouterr().out
    assert "mx1.good.test  (192.0.2.1, 2001:db8::1)" in out and "no findings" in out
    assert main(cli(server, "check", "meh.test")) == 0  # nothing at or above error
    out = capsys.readouterr().out
    assert "[warning] spf-no-all:" in out and "[info] single-mx:" in out
    assert main(cli(server, "check", "meh.test", "--fail-on", "warning")) == 1
    assert main(cli(server, "check", "good.test", "--fail-on", "info")) == 0
    assert main(cli(server, "check", "bad.test")) == 1
    assert "[error] mx-cname:" in capsys.readouterr().out


def test_check_usage_errors(server: DnsServer, capsys: pytest.CaptureFixture[str]) -> None:
    # An invalid name is a report with an error finding (exit 1, as in `resolve`), not a
    # usage error: one bad name in a list must not stop the run.
    assert main(cli(server, "check", "a..b")) == 1
    captured = capsys.readouterr()
    assert "mailtrace-mx: invalid domain name: 'a..b'" in captured.err
    assert "[error] invalid-domain:" in captured.out
    with pytest.raises(SystemExit) as e:
        main(["check"])
    assert e.value.code == 2


def test_resolve_json_has_addresses(server: DnsServer, capsys: pytest.CaptureFixture[str]) -> None:
    main(cli(server, "resolve", "good.test", "--json"))
    doc = json.loads(capsys.readouterr().out)
    assert doc[0]["mx"] == [
        {
            "preference": 10,
            "exchange": "mx1.good.test",
            "ttl": 300,
            "addresses": ["192.0.2.1", "2001:db8::1"],
        },
        {"preference": 20, "exchange": "mx2.good.test", "ttl": 300, "addresses": ["192.0.2.2"]},
    ]


def test_check_as_a_process(server: DnsServer) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mailtrace_mx", *cli(server, "check", "bad.test", "--json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert json.loads(proc.stdout)[0]["domain"] == "bad.test"
