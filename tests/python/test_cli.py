"""The ``mailtrace-mx`` CLI, run as users run it, against the project's real DNS server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from mailtrace_mx.cli import main
from mailtrace_mx.testing import DnsServer

RECORDS: dict[str, dict[str, Any]] = {
    "example.test": {"MX": ["20 mx2.example.test.", "10 mx1.example.test."]},
    "mx1.example.test": {"A": "192.0.2.1"},
    "mx2.example.test": {"A": "192.0.2.2"},
    "parked.test": {"MX": ["0 ."]},
}


@pytest.fixture
def server(dns_server: DnsServer) -> DnsServer:
    dns_server.set_records(RECORDS)
    return dns_server


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def parse_text_output(out: str) -> dict[str, list[str]]:
    clusters: dict[str, list[str]] = {}
    name = ""
    for line in out.splitlines():
        if line.startswith("  "):
            clusters[name].append(line.strip())
        else:
            name = line.rstrip(":")
            clusters[name] = []
    return clusters


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mailtrace_mx", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


def test_demo_prints_the_expansion_and_warnings():
    res = run_cli("demo")
    assert res.returncode == 0, res.stderr
    clusters = parse_text_output(res.stdout)
    # mx-relay: preference order, ties by lowercased name, case kept from the server.
    assert clusters["mx-relay"] == [
        "MX0.relay.example.test",
        "MX0",
        "mx1.relay.example.test",
        "mx1",
        "mx2.relay.example.test",
        "mx2",
    ]
    assert clusters["failing-cluster"] == ["static-fallback.example.test", "static-fallback"]
    assert "MX lookup failed for missing.example.test: NXDOMAIN" in res.stderr
    assert "No MX records found for www-only.example.test" in res.stderr
    assert "MX lookup failed for broken.example.test: SERVFAIL" in res.stderr
    assert "Null MX for parked.example.test: domain accepts no mail" in res.stderr


def test_demo_json_is_one_document():
    res = run_cli("demo", "--json")
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert set(doc) == {"clusters", "warnings"}
    assert doc["clusters"]["legacy-cluster"] == [
        "host1.example.test",
        "host1",
        "host2",
        "host2.example.test",
    ]
    assert "in1.primary.example.test" in doc["clusters"]["hybrid-cluster"]
    assert len(doc["warnings"]) == 4


def test_demo_fail_on_warning_exits_1():
    assert run_cli("demo", "--fail-on", "warning").returncode == 1


def test_clusters_command(server, tmp_path, capsys):
    config = write(
        tmp_path,
        "mailtrace.yaml",
        """\
        domain: example.test
        clusters:
          relay: ["mx:example.test", "mx:nowhere.test"]
        """,
    )
    status = main(["clusters", config, "--server", server.address, "--timeout", "2", "--json"])
    captured = capsys.readouterr()
    assert status == 0
    doc = json.loads(captured.out)
    assert doc["clusters"] == {"relay": ["mx1.example.test", "mx1", "mx2.example.test", "mx2"]}
    assert doc["warnings"] == ["MX lookup failed for nowhere.test: NXDOMAIN"]


def test_clusters_bad_config_is_exit_2(tmp_path, capsys):
    config = write(tmp_path, "bad.yaml", "clusters: [1, 2]\n")
    assert main(["clusters", config]) == 2
    assert "bad.yaml" in capsys.readouterr().err
    assert main(["clusters", str(tmp_path / "missing.yaml")]) == 2


def test_bad_server_is_exit_2(tmp_path, capsys):
    config = write(tmp_path, "ok.yaml", "clusters: {a: [host]}\n")
    assert main(["clusters", config, "--server", "not-an-ip"]) == 2
    assert "not-an-ip" in capsys.readouterr().err


def test_usage_error_is_exit_2():
    assert run_cli("no-such-command").returncode == 2
    assert run_cli("resolve").returncode == 2


def test_resolve_json(server, capsys):
    status = main(["resolve", "example.test", "parked.test", "--server", server.address, "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert status == 1  # parked.test has a Null MX: an error for a resolve
    assert [m["exchange"] for m in doc[0]["mx"]] == ["mx1.example.test", "mx2.example.test"]
    assert doc[0]["error"] is None
    assert doc[1]["error"]["type"] == "NullMX"


def test_validate_zonefile(tmp_path, capsys):
    zonefile = write(
        tmp_path,
        "example.test.zone",
        """\
        $ORIGIN example.test.
        $TTL 300
        @    IN SOA ns1 hostmaster 1 7200 3600 1209600 300
        @    IN MX 10 mx1
        mx1  IN A 192.0.2.1
        """,
    )
    status = main(["validate", zonefile, "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert status == 1
    assert doc["zone"] == "example.test."
    reasons = {r["reason"] for r in doc["reasons"]}
    assert 'MX record "example.test." should have at least 2 values for redundancy, found 1' in (
        reasons
    )
    assert 'zone "example.test." handles mail but is missing an SPF TXT record at the apex' in (
        reasons
    )
