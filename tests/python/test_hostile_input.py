"""One table of hostile input across the whole public API: each bad value gives the
documented exception type, and the message names the value (its repr or its str).

No case may crash the process, panic (``PanicException``) or hang; the table runs
under pytest's normal process, so any of those fails the run.
"""

# mypy: disable-error-code="arg-type, list-item, dict-item, call-arg, misc"
# The table passes values of the wrong type on purpose: that is what it tests.
from __future__ import annotations

import math
import pathlib
import subprocess
import sys
from typing import Any, Callable

import pytest
from mailtrace_mx import (
    Clusters,
    MailZoneValidator,
    MXDiscovery,
    MXDiscoveryConfig,
    MxTargetNotCnameZoneValidator,
    MxTargetResolvableInZoneZoneValidator,
    MxValue,
    Zone,
    check_domain,
    get_hosts,
    normalize_domain,
    validate_zone,
)
from mailtrace_mx.testing import DnsServer

HUGE = 2**64
SURROGATE = "\udc80"
NOT_SET = object()


class Case:
    """One row: ``call()`` must raise ``exc`` whose message contains ``shown``."""

    def __init__(
        self, name: str, call: Callable[[], Any], exc: type[BaseException], shown: Any
    ) -> None:
        self.name, self.call, self.exc = name, call, exc
        self.needles = [shown] if isinstance(shown, str) else [repr(shown), str(shown)]


def _zone() -> Zone:
    return Zone("example.test")


def _mx() -> MXDiscovery:
    return MXDiscovery({"servers": ["127.0.0.1:9"], "timeout": 1})


def _config_cases() -> list[Case]:
    cases = []
    bad_numbers: list[tuple[Any, type[BaseException]]] = [
        (None, TypeError),
        (True, TypeError),
        ("5", TypeError),
        (b"5", TypeError),
        ([5], TypeError),
        (math.nan, ValueError),
        (math.inf, ValueError),
        (-1, ValueError),
        (1e300, ValueError),
        (HUGE, ValueError),
    ]
    for field in ("timeout", "cache_ttl"):
        for value, exc in bad_numbers:
            if field == "cache_ttl" and value == -1:
                value = -0.5  # cache_ttl >= 0: a negative float
            shown = "None" if value is None else value
            cases.append(
                Case(
                    f"config-{field}-{value!r}",
                    lambda f=field, v=value: MXDiscoveryConfig(**{f: v}),
                    exc,
                    shown,
                )
            )
    cases += [
        Case("config-timeout-zero", lambda: MXDiscoveryConfig(timeout=0), ValueError, "0"),
        Case(
            "config-implicit-None", lambda: MXDiscoveryConfig(implicit_mx=None), TypeError, "None"
        ),
        Case("config-implicit-int", lambda: MXDiscoveryConfig(implicit_mx=1), TypeError, 1),
        Case("config-implicit-str", lambda: MXDiscoveryConfig(implicit_mx="yes"), TypeError, "yes"),
        Case("config-servers-None", lambda: MXDiscoveryConfig(servers=None), TypeError, "None"),
        Case(
            "config-servers-bare-str",
            lambda: MXDiscoveryConfig(servers="1.2.3.4"),
            TypeError,
            "1.2.3.4",
        ),
        Case(
            "config-servers-bytes",
            lambda: MXDiscoveryConfig(servers=b"1.2.3.4"),
            TypeError,
            "1.2.3.4",
        ),
        Case("config-servers-int-entry", lambda: MXDiscoveryConfig(servers=[53]), TypeError, "53"),
        Case(
            "config-servers-bytes-entry",
            lambda: MXDiscoveryConfig(servers=[b"1.1.1.1"]),
            TypeError,
            "1.1.1.1",
        ),
        Case(
            "config-servers-name",
            lambda: MXDiscoveryConfig(servers=["dns.example"]),
            ValueError,
            "dns.example",
        ),
        Case(
            "config-servers-port0",
            lambda: MXDiscoveryConfig(servers=["1.2.3.4:0"]),
            ValueError,
            "1.2.3.4:0",
        ),
        Case(
            "config-servers-port-big",
            lambda: MXDiscoveryConfig(servers=["1.2.3.4:65536"]),
            ValueError,
            "65536",
        ),
        Case("config-servers-empty", lambda: MXDiscoveryConfig(servers=[""]), ValueError, "''"),
        Case(
            "config-servers-ctrl",
            lambda: MXDiscoveryConfig(servers=["1.2.3.4\n"]),
            ValueError,
            repr("1.2.3.4\n"),
        ),
        Case(
            "config-servers-surrogate",
            lambda: MXDiscoveryConfig(servers=[SURROGATE]),
            ValueError,
            "udc80",
        ),
        Case(
            "config-servers-scope",
            lambda: MXDiscoveryConfig(servers=["fe80::1%eth0"]),
            ValueError,
            "eth0",
        ),
        Case(
            "config-servers-bracket-v4",
            lambda: MXDiscoveryConfig(servers=["[1.2.3.4]:53"]),
            ValueError,
            "[1.2.3.4]:53",
        ),
        Case("config-unknown-key", lambda: MXDiscoveryConfig(retries=3), TypeError, "retries"),
        Case(
            "config-from-dict-unknown",
            lambda: MXDiscoveryConfig.from_dict({"retries": 3}),
            TypeError,
            "retries",
        ),
        Case(
            "config-from-dict-None-value",
            lambda: MXDiscoveryConfig.from_dict({"timeout": None}),
            TypeError,
            "None",
        ),
        Case(
            "config-from-dict-nonmap",
            lambda: MXDiscoveryConfig.from_dict([("timeout", 1)]),
            TypeError,
            "timeout",
        ),
        Case(
            "config-from-dict-int-key", lambda: MXDiscoveryConfig.from_dict({5: 1}), TypeError, "5"
        ),
        Case(
            "config-setattr-None",
            lambda: setattr(MXDiscoveryConfig(), "timeout", None),
            TypeError,
            "None",
        ),
        Case(
            "config-setattr-cache-None",
            lambda: setattr(MXDiscoveryConfig(), "cache_ttl", None),
            TypeError,
            "None",
        ),
        Case(
            "config-setattr-implicit-None",
            lambda: setattr(MXDiscoveryConfig(), "implicit_mx", None),
            TypeError,
            "None",
        ),
        Case(
            "config-setattr-servers-str",
            lambda: setattr(MXDiscoveryConfig(), "servers", "x"),
            TypeError,
            "'x'",
        ),
    ]
    return cases


class _Obj:
    """mailtrace's dataclass shape, with a YAML `timeout:` left empty."""

    def __init__(self) -> None:
        self.servers: list[str] = []
        self.timeout: Any = None
        self.cache_ttl = 0


def _discovery_cases() -> list[Case]:
    return [
        Case("mxd-config-int", lambda: MXDiscovery(42), TypeError, "42"),
        Case("mxd-config-str", lambda: MXDiscovery("timeout=5"), TypeError, "timeout=5"),
        Case("mxd-config-map-None", lambda: MXDiscovery({"implicit_mx": None}), TypeError, "None"),
        Case("mxd-config-map-unknown", lambda: MXDiscovery({"tries": 1}), TypeError, "tries"),
        Case("mxd-config-object-None", lambda: MXDiscovery(_Obj()), TypeError, "None"),
        Case("mxd-in-flight-0", lambda: MXDiscovery(max_in_flight=0), ValueError, "0"),
        Case("mxd-in-flight-huge", lambda: MXDiscovery(max_in_flight=HUGE), ValueError, HUGE),
        Case("mxd-in-flight-float", lambda: MXDiscovery(max_in_flight=2.5), TypeError, 2.5),
        Case("mxd-in-flight-bool", lambda: MXDiscovery(max_in_flight=True), TypeError, True),
        Case("mxd-cache-negative", lambda: MXDiscovery(max_cache_entries=-1), ValueError, -1),
        Case("mxd-cache-str", lambda: MXDiscovery(max_cache_entries="10"), TypeError, "'10'"),
        Case("mxd-resolve-int", lambda: _mx().resolve(5), TypeError, 5),
        Case(
            "mxd-resolve-bytes", lambda: _mx().resolve(b"example.test"), TypeError, "example.test"
        ),
        Case("mxd-resolve-None", lambda: _mx().resolve(None), TypeError, "None"),
        Case("mxd-lookup-list", lambda: _mx().lookup(["example.test"]), TypeError, "example.test"),
        Case("mxd-expand-entry-int", lambda: _mx().expand_entry(7), TypeError, 7),
        Case(
            "mxd-expand-entries-str",
            lambda: _mx().expand_entries("mx:a.test"),
            TypeError,
            "mx:a.test",
        ),
        Case("mxd-expand-entries-int-item", lambda: _mx().expand_entries(["a", 3]), TypeError, 3),
        Case("mxd-expand-entries-int", lambda: _mx().expand_entries(3), TypeError, 3),
        Case("mxd-get-hosts-str", lambda: get_hosts("host", "example.test"), TypeError, "host"),
        Case("mxd-get-hosts-None-item", lambda: get_hosts([None], ""), TypeError, "None"),
        Case("mxd-get-hosts-domain-int", lambda: get_hosts([], 5), TypeError, 5),
        Case("normalize-bad", lambda: normalize_domain("a..b"), ValueError, "a..b"),
        Case("normalize-surrogate", lambda: normalize_domain(SURROGATE), ValueError, "udc80"),
        Case(
            "normalize-long-label",
            lambda: normalize_domain("a" * 64 + ".test"),
            ValueError,
            "a" * 64,
        ),
        Case("normalize-ctrl", lambda: normalize_domain("a\x00b.test"), ValueError, "\\x00"),
        Case("normalize-bytes", lambda: normalize_domain(b"a.test"), TypeError, "a.test"),
    ]


def _clusters_cases() -> list[Case]:
    return [
        Case(
            "clusters-bare-str",
            lambda: Clusters({"web": "mx:example.test"}),
            TypeError,
            "mx:example.test",
        ),
        Case("clusters-None", lambda: Clusters({"web": None}), TypeError, "None"),
        Case("clusters-int-entry", lambda: Clusters({"web": [1]}), TypeError, "1"),
        Case("clusters-bytes-entry", lambda: Clusters({"web": [b"h"]}), TypeError, "b'h'"),
        Case("clusters-mx-empty", lambda: Clusters({"web": ["mx:"]}), ValueError, "'mx:'"),
        Case("clusters-mx-bad", lambda: Clusters({"web": ["mx:a..b"]}), ValueError, "mx:a..b"),
        Case(
            "clusters-mx-surrogate",
            lambda: Clusters({"web": ["mx:" + SURROGATE]}),
            ValueError,
            "udc80",
        ),
        Case("clusters-name-int", lambda: Clusters({5: ["a"]}), TypeError, "5"),
        Case("clusters-not-mapping", lambda: Clusters([("web", ["a"])]), TypeError, "list"),
        Case("clusters-domain-int", lambda: Clusters({}, 5), TypeError, "5"),
        Case(
            "clusters-mxd-None-timeout",
            lambda: Clusters({}, mx_discovery={"timeout": None}),
            TypeError,
            "None",
        ),
        Case(
            "clusters-mxd-unknown",
            lambda: Clusters({}, mx_discovery={"retries": 1}),
            TypeError,
            "retries",
        ),
        Case("clusters-in-flight", lambda: Clusters({}, max_in_flight=-3), ValueError, "-3"),
    ]


def _yaml_cases(tmp: pathlib.Path) -> list[Case]:
    docs = {
        "yaml-bare-str-cluster": (
            'clusters:\n  web-cluster: "mx:example.test"\n',
            TypeError,
            "web-cluster",
        ),
        "yaml-timeout-empty": ("clusters: {}\nmx_discovery:\n  timeout:\n", TypeError, "None"),
        "yaml-implicit-empty": (
            "clusters: {}\nmx_discovery: {implicit_mx: }\n",
            TypeError,
            "implicit_mx",
        ),
        "yaml-unknown-key": ("clusters: {}\nmx_discovery: {retry: 1}\n", TypeError, "retry"),
        "yaml-timeout-str": ("clusters: {}\nmx_discovery: {timeout: soon}\n", TypeError, "soon"),
        "yaml-not-mapping": ("- a\n", ValueError, "mapping"),
        "yaml-syntax": ("clusters: [\n", ValueError, "invalid YAML"),
        "yaml-int-entry": ("clusters:\n  c: [42]\n", TypeError, "42"),
    }
    cases = []
    for name, (text, exc, shown) in docs.items():
        path = tmp / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        cases.append(Case(name, lambda p=path: Clusters.from_yaml(p), exc, shown))
    cases.append(Case("yaml-path-int", lambda: Clusters.from_yaml(42), TypeError, "int"))
    cases.append(
        Case(
            "yaml-missing",
            lambda: Clusters.from_yaml(tmp / "nope.yaml"),
            FileNotFoundError,
            "nope.yaml",
        )
    )
    return cases


def _zone_cases(tmp: pathlib.Path) -> list[Case]:
    include = tmp / "zone.txt"
    include.write_text("$ORIGIN example.test.\n@ 3600 IN MX x\n", encoding="utf-8")
    return [
        Case("zone-name-int", lambda: Zone(5), TypeError, "5"),
        Case("zone-name-None", lambda: Zone(None), TypeError, "None"),
        Case("zone-name-bytes", lambda: Zone(b"example.test"), TypeError, "example.test"),
        Case("zone-name-surrogate", lambda: Zone(SURROGATE), ValueError, "udc80"),
        Case(
            "zone-sub-zones-str", lambda: Zone("example.test", sub_zones="sub"), TypeError, "'sub'"
        ),
        Case("zone-sub-zones-int", lambda: Zone("example.test", sub_zones=5), TypeError, "5"),
        Case(
            "zone-sub-zones-int-item", lambda: Zone("example.test", sub_zones=[5]), TypeError, "5"
        ),
        Case(
            "add-ttl-str",
            lambda: _zone().add_record("", "A", "192.0.2.1", ttl="long"),
            TypeError,
            "'long'",
        ),
        Case(
            "add-ttl-None",
            lambda: _zone().add_record("", "A", "192.0.2.1", ttl=None),
            TypeError,
            "None",
        ),
        Case(
            "add-ttl-float",
            lambda: _zone().add_record("", "A", "192.0.2.1", ttl=1.5),
            TypeError,
            "1.5",
        ),
        Case(
            "add-ttl-bool",
            lambda: _zone().add_record("", "A", "192.0.2.1", ttl=True),
            TypeError,
            "True",
        ),
        Case(
            "add-ttl-huge",
            lambda: _zone().add_record("", "A", "192.0.2.1", ttl=HUGE),
            ValueError,
            HUGE,
        ),
        Case("add-name-int", lambda: _zone().add_record(1, "A", "192.0.2.1"), TypeError, "1"),
        Case("add-type-int", lambda: _zone().add_record("", 1, "192.0.2.1"), TypeError, "1"),
        Case(
            "add-type-unknown-surrogate",
            lambda: _zone().add_record("", SURROGATE, "x"),
            ValueError,
            "udc80",
        ),
        Case(
            "add-replace-int",
            lambda: _zone().add_record("", "A", "192.0.2.1", replace=1),
            TypeError,
            "1",
        ),
        Case(
            "add-mx-pref-str",
            lambda: _zone().add_record("", "MX", {"preference": "x", "exchange": "m."}),
            ValueError,
            "x",
        ),
        Case(
            "add-mx-pref-huge",
            lambda: _zone().add_record("", "MX", "70000 m.example.test."),
            ValueError,
            "70000",
        ),
        Case("get-name-int", lambda: _zone().get(5), TypeError, "5"),
        Case("get-type-int", lambda: _zone().get("", 5), TypeError, "5"),
        Case("get-type-surrogate", lambda: _zone().get("", SURROGATE), ValueError, "udc80"),
        Case("get-type-type-None", lambda: _zone().get_type("", None), TypeError, "None"),
        Case("owns-fqdn-int", lambda: _zone().owns("A", 5), TypeError, "5"),
        Case("hostname-fqdn-None", lambda: _zone().hostname_from_fqdn(None), TypeError, "None"),
        Case("from-dict-data-list", lambda: Zone.from_dict("example.test", [1]), TypeError, "[1]"),
        Case("from-dict-key-int", lambda: Zone.from_dict("example.test", {5: {}}), TypeError, "5"),
        Case(
            "from-dict-ttl-str",
            lambda: Zone.from_dict(
                "example.test", {"": {"type": "A", "ttl": "x", "value": "192.0.2.1"}}
            ),
            ValueError,
            '"x"',
        ),
        Case(
            "from-dict-escaped-int",
            lambda: Zone.from_dict("example.test", {}, escaped_semicolons=0),
            TypeError,
            "0",
        ),
        Case(
            "from-dict-name-surrogate", lambda: Zone.from_dict(SURROGATE, {}), ValueError, "udc80"
        ),
        Case("from-zonefile-int", lambda: Zone.from_zonefile(5), TypeError, "5"),
        Case(
            "from-zonefile-origin-int",
            lambda: Zone.from_zonefile("@ 1 IN A 192.0.2.1\n", origin=5),
            TypeError,
            "5",
        ),
        Case(
            "from-zonefile-surrogate",
            lambda: Zone.from_zonefile(SURROGATE + "\n"),
            ValueError,
            "udc80",
        ),
        Case(
            "from-zonefile-missing",
            lambda: Zone.from_zonefile(str(tmp / "missing.zone")),
            OSError,
            "missing.zone",
        ),
        Case(
            "from-zonefile-include-in-text",
            lambda: Zone.from_zonefile(f"$INCLUDE {include}\n", origin="example.test"),
            ValueError,
            "$INCLUDE",
        ),
        Case("from-octodns-int", lambda: Zone.from_octodns(5), TypeError, "5"),
        Case("mxvalue-pref-str", lambda: MxValue("ten", "mx.example.test."), ValueError, "ten"),
        Case("mxvalue-pref-neg", lambda: MxValue(-1, "mx.example.test."), ValueError, "-1"),
        Case("mxvalue-pref-huge", lambda: MxValue(HUGE, "mx.example.test."), ValueError, str(HUGE)),
        Case("mxvalue-exchange-int", lambda: MxValue(10, 5), ValueError, "5"),
    ]


def _validator_cases() -> list[Case]:
    return [
        Case(
            "mail-min-mx-str", lambda: MailZoneValidator("mail", min_mx="two"), TypeError, "'two'"
        ),
        Case("mail-min-mx-None", lambda: MailZoneValidator("mail", min_mx=None), TypeError, "None"),
        Case("mail-min-mx-float", lambda: MailZoneValidator("mail", min_mx=2.0), TypeError, "2.0"),
        Case("mail-min-mx-huge", lambda: MailZoneValidator("mail", min_mx=HUGE), ValueError, HUGE),
        Case("mail-id-int", lambda: MailZoneValidator(5), TypeError, "5"),
        Case(
            "mail-mode-unknown", lambda: MailZoneValidator("mail", mode="loud"), ValueError, "loud"
        ),
        Case("mail-mode-None", lambda: MailZoneValidator("mail", mode=None), TypeError, "None"),
        Case(
            "mail-regex-bad",
            lambda: MailZoneValidator("mail", single_mx_regexes=["("]),
            ValueError,
            '"("',
        ),
        Case(
            "mail-regex-str",
            lambda: MailZoneValidator("mail", single_mx_regexes="x"),
            TypeError,
            "'x'",
        ),
        Case(
            "mail-regex-int",
            lambda: MailZoneValidator("mail", single_mx_regexes=[1]),
            TypeError,
            "1",
        ),
        Case(
            "mail-sets-str", lambda: MailZoneValidator("mail", sets="strict"), TypeError, "strict"
        ),
        Case("cname-id-None", lambda: MxTargetNotCnameZoneValidator(None), TypeError, "None"),
        Case(
            "resolvable-sets-int",
            lambda: MxTargetResolvableInZoneZoneValidator("r", sets=5),
            TypeError,
            "5",
        ),
        Case("validate-zone-int", lambda: MailZoneValidator("mail").validate(5), TypeError, "5"),
        Case(
            "validate-zone-fn-str", lambda: validate_zone("example.test"), TypeError, "example.test"
        ),
        Case(
            "validate-zone-sets-str",
            lambda: validate_zone(_zone(), sets="strict"),
            TypeError,
            "strict",
        ),
    ]


def _check_cases() -> list[Case]:
    return [
        Case("check-domain-int", lambda: check_domain(5), TypeError, "5"),
        Case(
            "check-domain-bad",
            lambda: check_domain("a..b", {"servers": ["127.0.0.1:9"]}),
            ValueError,
            "a..b",
        ),
        Case(
            "check-config-None-timeout",
            lambda: check_domain("a.test", {"timeout": None}),
            TypeError,
            "None",
        ),
        Case("check-config-int", lambda: check_domain("a.test", 42), TypeError, "42"),
    ]


def _server_cases() -> list[Case]:
    return [
        Case("server-records-str", lambda: DnsServer("x"), TypeError, "x"),
        Case(
            "server-fault-kind",
            lambda: DnsServer().fault("a.test", "explode"),
            ValueError,
            "explode",
        ),
        Case("server-fault-name-int", lambda: DnsServer().fault(5, "servfail"), TypeError, "5"),
        Case(
            "server-add-ttl-str",
            lambda: DnsServer().add("a.test", "A", ["192.0.2.1"], ttl="x"),
            TypeError,
            "x",
        ),
        Case(
            "server-add-ttl-neg",
            lambda: DnsServer().add("a.test", "A", ["192.0.2.1"], ttl=-5),
            ValueError,
            "-5",
        ),
        Case("server-query-count-int", lambda: DnsServer().query_count(5), TypeError, "5"),
    ]


def _all_cases(tmp: pathlib.Path) -> list[Case]:
    return (
        _config_cases()
        + _discovery_cases()
        + _clusters_cases()
        + _yaml_cases(tmp)
        + _zone_cases(tmp)
        + _validator_cases()
        + _check_cases()
        + _server_cases()
    )


def test_table_is_large_enough(tmp_path: pathlib.Path) -> None:
    cases = _all_cases(tmp_path)
    assert len(cases) >= 100
    assert len({c.name for c in cases}) == len(cases)


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Case]:
    return {c.name: c for c in _all_cases(tmp_path_factory.mktemp("hostile"))}


def _names() -> list[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        return [c.name for c in _all_cases(pathlib.Path(d))]


@pytest.mark.parametrize("name", _names())
def test_bad_value_is_named(table: dict[str, Case], name: str) -> None:
    case = table[name]
    with pytest.raises(case.exc) as info:
        case.call()
    message = str(info.value)
    assert any(n in message for n in case.needles), (case.needles, message)


CLI = [
    (["resolve", "--timeout", "nan", "example.test"], "nan"),
    (["resolve", "--server", "dns.example", "example.test"], "dns.example"),
    (["resolve", "--timeout", "-3", "example.test"], "-3"),
    (["clusters", "/nonexistent/mailtrace.yaml"], "/nonexistent/mailtrace.yaml"),
    (["validate", "/nonexistent/zone.yaml"], "/nonexistent/zone.yaml"),
]


@pytest.mark.parametrize(("argv", "shown"), CLI, ids=[" ".join(a) for a, _ in CLI])
def test_cli_names_the_bad_value(argv: list[str], shown: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mailtrace_mx", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert shown in proc.stderr
    assert "Traceback" not in proc.stderr
