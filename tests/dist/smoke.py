"""Import-and-resolve smoke test for an installed wheel (``make test-dist``).

Runs against whatever ``mailtrace_mx`` the interpreter imports, with no test framework:
it starts the package's own DNS server on 127.0.0.1, resolves an MX through it, runs
``check_domain`` and a zone validation, and checks that the typing files and demo data
shipped. Exits non-zero (an ``AssertionError`` or import error) on any failure.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import mailtrace_mx
from mailtrace_mx import MXDiscovery, MXDiscoveryConfig, MXRecord, Zone, check_domain, validate_zone
from mailtrace_mx.testing import DnsServer

RECORDS: dict[str, dict[str, Any]] = {
    "example.test": {"MX": ["20 mx2.example.test.", "10 mx1.example.test."]},
    "mx1.example.test": {"A": "192.0.2.1"},
    "mx2.example.test": {"A": "192.0.2.2"},
    "nomail.test": {"MX": "0 ."},
}


def check_install() -> None:
    """The package comes from site-packages (not a source tree) with its extra files."""
    package_dir = os.path.dirname(mailtrace_mx.__file__)
    assert "site-packages" in package_dir, f"not an installed package: {package_dir}"
    for name in ("py.typed", "_core.pyi", os.path.join("demo", "zones.yaml")):
        path = os.path.join(package_dir, name)
        assert os.path.isfile(path), f"missing from the wheel: {name}"


def check_resolve(server: DnsServer) -> None:
    """An MX lookup through the loopback server, sorted by preference."""
    mx = MXDiscovery(MXDiscoveryConfig(servers=[server.address], timeout=2, cache_ttl=300))
    hosts = mx.resolve("example.test")
    assert hosts == ["mx1.example.test", "mx2.example.test"], hosts
    first = mx.lookup("example.test")[0]
    assert first == MXRecord(preference=10, exchange="mx1.example.test", ttl=first.ttl), first
    assert mx.resolve("missing.test") == [], "an NXDOMAIN must resolve to no hosts"


def check_live(server: DnsServer) -> None:
    """check_domain reads the MX set and its addresses through the same server."""
    config = MXDiscoveryConfig(servers=[server.address], timeout=2)
    report = check_domain("example.test", config=config)
    assert [r.exchange for r in report.mx] == ["mx1.example.test", "mx2.example.test"], report.mx
    assert report.addresses.get("mx1.example.test") == ["192.0.2.1"], report.addresses
    null_mx = check_domain("nomail.test", config=config)
    assert null_mx.findings, "a Null MX domain must have a finding"


def check_zone() -> None:
    """A zone whose only MX points at a CNAME: the strict validator reports it."""
    zone = Zone.from_dict(
        "example.com",
        {
            "": {"type": "MX", "values": [{"preference": 10, "exchange": "mail.example.com."}]},
            "mail": {"type": "CNAME", "value": "host.example.net."},
        },
    )
    reasons = validate_zone(zone, sets=("strict",))
    assert [r.validator_id for r in reasons] == ["mx-target-not-cname"], reasons
    assert validate_zone(Zone("empty.example")) == [], "an empty zone has nothing to report"


def main() -> None:
    check_install()
    with DnsServer(RECORDS) as server:
        check_resolve(server)
        check_live(server)
    check_zone()
    version = ".".join(map(str, sys.version_info[:3]))
    print(f"smoke ok: Python {version}, {mailtrace_mx._core.__file__}")


if __name__ == "__main__":
    main()
