"""Loopback scenarios for comparing mail-DNS checkers: one domain under ``.test`` each.

Every scenario is a clean, complete domain (2 MX hosts with addresses and forward-confirmed
PTRs, SPF, DMARC, MTA-STS and TLS-RPT records) with exactly one thing broken, or nothing broken
(a control). ``records`` is in ``mailtrace_mx.testing.DnsServer``'s format; ``faults`` are
``(name, kind)`` pairs for ``DnsServer.fault``. All scenarios fit on one server: every name
lives under the scenario's own domain (or its own reverse-DNS addresses).

The predicates that decide whether a tool "caught" a scenario live with each scenario:

- ``ours``: a regex searched in each of our finding ids (a match = caught);
- ``peer``: a regex searched (case-insensitively) in checkdmarc's error and warning texts of
  the scenario's result sections (``PEER_SECTIONS``: ``spf``, ``dmarc``, ``mx``, ...);
- ``ours_not`` / ``peer_not``: a regex that must NOT match (the SERVFAIL-in-an-include-chain
  scenario is caught only as a temporary error, never as "missing" or a permanent error).

A control is "caught" when the tool reports an error in the control's section: that is a
false positive. For ours, an error is a finding of severity ``error`` whose id matches the
section's ``OURS_SECTION`` pattern (or, with ``fp_warnings``, a warning or error matching the
control's own ``ours``: the inherited-DMARC control must not even warn "missing"); for
checkdmarc, an ``error`` in the section (or a message matching the control's own ``peer``).

Scenarios the test server cannot express yet (TLSA records, the AD bit, an HTTPS policy) are
listed with ``skip`` set to the reason and are not served.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

#: Top-level domain of every scenario (RFC 2606 §2: reserved for testing).
TLD = "test"

#: The sections of a checkdmarc result, by our section name.
PEER_SECTIONS = {
    "spf": ("spf",),
    "dmarc": ("dmarc",),
    "mx": ("mx",),
    "ptr": ("mx",),
    "mta-sts": ("mta_sts",),
    "tlsrpt": ("smtp_tls_reporting",),
    "dane": ("mx",),
    "all": ("spf", "dmarc", "mx", "mta_sts", "smtp_tls_reporting"),
}

#: Our finding ids of each section (what a false positive on a control looks like).
OURS_SECTION = {
    "spf": r"^spf-",
    "dmarc": r"^dmarc-",
    "mx": r"^(nxdomain|mx-|no-mx|null-mx|address-lookup)",
    "ptr": r"^(mx-)?ptr",
    "mta-sts": r"^mta-sts-",
    "tlsrpt": r"^tlsrpt-",
    "dane": r"^(tlsa|dane|dnssec)",
    "all": r".",
}


@dataclass(frozen=True)
class Scenario:
    """One domain with one defect (or none: a control)."""

    name: str  #: also the domain's first label: ``{name}.test``
    defect: str  #: stable short name of what is wrong (``clean`` for controls)
    rfc: str  #: the section that decides
    section: str  #: spf | dmarc | mx | ptr | mta-sts | tlsrpt | dane | all
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    faults: tuple[tuple[str, str], ...] = ()
    control: bool = False
    ours: str = ""  #: regex on our finding ids
    peer: str = ""  #: regex on checkdmarc's messages of the section
    fp_warnings: bool = False  #: control: a warning matching ``ours`` is a false positive too
    ours_not: Optional[str] = None
    peer_not: Optional[str] = None
    query: Optional[str] = None  #: the name to check, when not the scenario's domain
    skip: Optional[str] = None  #: why the scenario is not served

    @property
    def domain(self) -> str:
        """The scenario's own domain."""
        return f"{self.name}.{TLD}"

    @property
    def target(self) -> str:
        """The name the tools check."""
        return self.query or self.domain

    @property
    def peer_sections(self) -> tuple[str, ...]:
        """checkdmarc's result sections this scenario is judged on."""
        return PEER_SECTIONS[self.section]


# --- the clean domain every scenario starts from --------------------------------------------


def _reverse(address: str) -> str:
    return ".".join(reversed(address.split("."))) + ".in-addr.arpa"


def clean(domain: str, index: int) -> dict[str, dict[str, Any]]:
    """A domain with nothing wrong: 2 MX with addresses and matching PTRs, SPF, DMARC,
    MTA-STS and TLS-RPT. ``index`` (1..254) picks the scenario's own two addresses."""
    a1, a2 = f"192.0.2.{index}", f"198.51.100.{index}"
    return {
        domain: {
            "MX": [f"10 mx1.{domain}.", f"20 mx2.{domain}."],
            "TXT": "v=spf1 mx ip4:203.0.113.0/24 -all",
        },
        f"mx1.{domain}": {"A": a1},
        f"mx2.{domain}": {"A": a2},
        _reverse(a1): {"PTR": f"mx1.{domain}."},
        _reverse(a2): {"PTR": f"mx2.{domain}."},
        f"_dmarc.{domain}": {"TXT": f"v=DMARC1; p=reject; rua=mailto:dmarc@{domain}"},
        f"_mta-sts.{domain}": {"TXT": "v=STSv1; id=20261130T000000"},
        f"_smtp._tls.{domain}": {"TXT": f"v=TLSRPTv1; rua=mailto:tlsrpt@{domain}"},
    }


def _spf(domain: str, record: Any) -> dict[str, dict[str, Any]]:
    """Replaces the domain's SPF record (a str, or a list for several TXT records)."""
    return {domain: {"TXT": record}}


def _hosts(domain: str, labels: list[str], net: str = "203.0.113") -> dict[str, Any]:
    return {f"{label}.{domain}": {"A": f"{net}.{i + 1}"} for i, label in enumerate(labels)}


# --- the corpus ------------------------------------------------------------------------------

# Each entry: (name, defect, rfc, section, changes(domain) -> (records, faults, extra kwargs)).
# ``records`` here are merged over ``clean()``: a name's types replace the clean ones; a
# ``None`` value for a name or type deletes it.

SPF_LOOKUP_LIMIT = r"spf.*(lookup|too-many|limit|dns-terms)"
SPF_VOID = r"spf.*void"
SPF_PERMERROR = r"spf.*(permerror|include|redirect|missing-target|target)"


def _spf_scenarios() -> list[dict[str, Any]]:
    five = [f"h{i}" for i in range(1, 6)]
    six_ten = [f"h{i}" for i in range(6, 11)]
    four_a, four_b = [f"h{i}" for i in range(1, 5)], [f"h{i}" for i in range(5, 9)]

    def a_terms(domain: str, labels: list[str]) -> str:
        return " ".join(f"a:{label}.{domain}" for label in labels)

    ip4_terms = " ".join(f"ip4:203.0.113.{i}" for i in range(1, 40))
    return [
        {
            "name": "spf-too-many-lookups",
            "defect": "spf-too-many-lookups",
            "rfc": "RFC 7208 §4.6.4",
            "section": "spf",
            "ours": SPF_LOOKUP_LIMIT,
            "peer": r"\d+/10 maximum DNS lookups|too many DNS lookups",
            "changes": lambda d: {
                **_spf(d, f"v=spf1 include:_s1.{d} include:_s2.{d} -all"),
                f"_s1.{d}": {"TXT": f"v=spf1 {a_terms(d, five)} -all"},
                f"_s2.{d}": {"TXT": f"v=spf1 {a_terms(d, six_ten)} -all"},
                **_hosts(d, five + six_ten),
            },
        },
        {
            "name": "spf-exactly-ten-lookups",
            "defect": "clean",
            "rfc": "RFC 7208 §4.6.4",
            "section": "spf",
            "control": True,
            "changes": lambda d: {
                **_spf(d, f"v=spf1 include:_s1.{d} include:_s2.{d} -all"),
                f"_s1.{d}": {"TXT": f"v=spf1 {a_terms(d, four_a)} -all"},
                f"_s2.{d}": {"TXT": f"v=spf1 {a_terms(d, four_b)} -all"},
                **_hosts(d, four_a + four_b),
            },
        },
        {
            "name": "spf-too-many-void-lookups",
            "defect": "spf-too-many-void-lookups",
            "rfc": "RFC 7208 §4.6.4",
            "section": "spf",
            "ours": SPF_VOID,
            "peer": r"void",
            "changes": lambda d: _spf(d, f"v=spf1 a:v1.{d} a:v2.{d} a:v3.{d} mx -all"),
        },
        {
            "name": "spf-include-no-spf",
            "defect": "spf-include-no-spf",
            "rfc": "RFC 7208 §5.2",
            "section": "spf",
            "ours": SPF_PERMERROR,
            "peer": r"nospf\..*(SPF|spf)|(SPF|spf).*nospf\.",
            "changes": lambda d: {
                **_spf(d, f"v=spf1 mx include:nospf.{d} -all"),
                f"nospf.{d}": {"TXT": "just some text", "A": "203.0.113.9"},
            },
        },
        {
            "name": "spf-include-nxdomain",
            "defect": "spf-include-nxdomain",
            "rfc": "RFC 7208 §5.2",
            "section": "spf",
            "ours": SPF_PERMERROR,
            "peer": r"missing\..*(not exist|NXDOMAIN|SPF)|(not exist|NXDOMAIN).*missing\.",
            "changes": lambda d: _spf(d, f"v=spf1 mx include:missing.{d} -all"),
        },
        {
            "name": "spf-redirect-no-spf",
            "defect": "spf-redirect-no-spf",
            "rfc": "RFC 7208 §6.1",
            "section": "spf",
            "ours": SPF_PERMERROR,
            "peer": r"nospf\.",
            "changes": lambda d: {
                **_spf(d, f"v=spf1 redirect=nospf.{d}"),
                f"nospf.{d}": {"TXT": "just some text", "A": "203.0.113.9"},
            },
        },
        {
            "name": "spf-redirect-neutral",
            "defect": "spf-redirect-neutral-all",
            "rfc": "RFC 7208 §6.1, §4.7",
            "section": "spf",
            "ours": r"spf.*(neutral|no-all|question-all)",
            "peer": r"neutral|\?all",
            "changes": lambda d: {
                **_spf(d, f"v=spf1 redirect=_spf.{d}"),
                f"_spf.{d}": {"TXT": f"v=spf1 mx:{d} ?all"},
            },
        },
        {
            "name": "spf-redirect-good",
            "defect": "clean",
            "rfc": "RFC 7208 §6.1",
            "section": "spf",
            "control": True,
            "changes": lambda d: {
                **_spf(d, f"v=spf1 redirect=_spf.{d}"),
                f"_spf.{d}": {"TXT": f"v=spf1 mx:{d} -all"},
            },
        },
        {
            "name": "spf-include-good",
            "defect": "clean",
            "rfc": "RFC 7208 §5.2",
            "section": "spf",
            "control": True,
            "changes": lambda d: {
                **_spf(d, f"v=spf1 mx include:_spf.{d} -all"),
                f"_spf.{d}": {"TXT": "v=spf1 ip4:203.0.113.0/24 ip6:2001:db8::/32 -all"},
            },
        },
        {
            "name": "spf-include-loop",
            "defect": "spf-include-loop",
            "rfc": "RFC 7208 §4.6.4, §5.2",
            "section": "spf",
            "ours": r"spf.*(loop|lookup|too-many|limit)",
            "peer": r"loop|too many|exceed|recurs",
            "changes": lambda d: {
                **_spf(d, f"v=spf1 include:_a.{d} -all"),
                f"_a.{d}": {"TXT": f"v=spf1 include:_b.{d} -all"},
                f"_b.{d}": {"TXT": f"v=spf1 include:_a.{d} -all"},
            },
        },
        {
            "name": "spf-bad-ip4",
            "defect": "spf-syntax-error",
            "rfc": "RFC 7208 §5.6",
            "section": "spf",
            "ours": r"spf.*(syntax|invalid|malformed|permerror)",
            "peer": r"999\.1\.1\.1",
            "changes": lambda d: _spf(d, "v=spf1 ip4:999.1.1.1 -all"),
        },
        {
            "name": "spf-unknown-mechanism",
            "defect": "spf-syntax-error",
            "rfc": "RFC 7208 §4.6.1",
            "section": "spf",
            "ours": r"spf.*(syntax|invalid|malformed|unknown|permerror)",
            "peer": r"ipv4",
            "changes": lambda d: _spf(d, "v=spf1 ipv4:203.0.113.1 -all"),
        },
        {
            "name": "spf-bad-macro",
            "defect": "spf-syntax-error",
            "rfc": "RFC 7208 §7.1",
            "section": "spf",
            "ours": r"spf.*(syntax|invalid|malformed|macro|permerror)",
            "peer": r"macro|%\{z\}",
            "changes": lambda d: _spf(d, f"v=spf1 mx exists:%{{z}}.{d} -all"),
        },
        {
            "name": "spf-bad-ip6-cidr",
            "defect": "spf-syntax-error",
            "rfc": "RFC 7208 §5.6",
            "section": "spf",
            "ours": r"spf.*(syntax|invalid|malformed|cidr|permerror)",
            "peer": r"2001:db8::/129|CIDR|cidr|prefix",
            "changes": lambda d: _spf(d, "v=spf1 mx ip6:2001:db8::/129 -all"),
        },
        {
            "name": "spf-ptr",
            "defect": "spf-ptr",
            "rfc": "RFC 7208 §5.5",
            "section": "spf",
            "ours": r"spf.*ptr",
            "peer": r"\bptr\b.*(deprecat|not recommended|should not|discouraged)|§ ?5\.5",
            "changes": lambda d: {d: {"TXT": "v=spf1 mx ptr -all", "A": "203.0.113.5"}},
        },
        {
            "name": "spf-mx-no-mx",
            "defect": "spf-mx-no-mx",
            "rfc": "RFC 7208 §5.4, §4.6.4",
            "section": "spf",
            "ours": r"spf.*(mx|void)",
            "peer": r"nomx\.",
            "changes": lambda d: {
                **_spf(d, f"v=spf1 mx mx:nomx.{d} -all"),
                f"nomx.{d}": {"A": "203.0.113.7"},
            },
        },
        {
            "name": "spf-duplicate-modifier",
            "defect": "spf-duplicate-modifier",
            "rfc": "RFC 7208 §6",
            "section": "spf",
            "ours": r"spf.*(duplicate|modifier|syntax|permerror)",
            "peer": r"exp|duplicate|more than once|multiple",
            "changes": lambda d: _spf(d, f"v=spf1 mx exp=e1.{d} exp=e2.{d} -all"),
        },
        {
            "name": "spf-too-long",
            "defect": "spf-too-long",
            "rfc": "RFC 7208 §3.4",
            "section": "spf",
            "ours": r"spf.*(long|size|512|octets)",
            "peer": r"512|too long|length|characters|bytes",
            "changes": lambda d: _spf(d, f"v=spf1 mx {ip4_terms} ip4:198.51.100.0/24 -all"),
        },
        {
            "name": "spf-plus-all",
            "defect": "spf-plus-all",
            "rfc": "RFC 7208 §5.1",
            "section": "spf",
            "ours": r"spf-plus-all|spf.*pass-all",
            "peer": r"\+all|pass.*all",
            "changes": lambda d: _spf(d, "v=spf1 mx +all"),
        },
        {
            "name": "spf-no-all",
            "defect": "spf-no-all",
            "rfc": "RFC 7208 §4.7",
            "section": "spf",
            "ours": r"spf.*(no-all|neutral)",
            "peer": r"all",
            "changes": lambda d: _spf(d, "v=spf1 mx ip4:203.0.113.0/24"),
        },
        {
            "name": "spf-multiple",
            "defect": "spf-multiple",
            "rfc": "RFC 7208 §4.5",
            "section": "spf",
            "ours": r"spf-multiple",
            "peer": r"multiple|more than one",
            "changes": lambda d: _spf(d, ["v=spf1 mx -all", "v=spf1 ip4:203.0.113.0/24 -all"]),
        },
        {
            "name": "spf-missing",
            "defect": "spf-missing",
            "rfc": "RFC 7208 §4.5",
            "section": "spf",
            "ours": r"spf-missing",
            "peer": r"SPF record does not exist|no SPF record",
            "changes": lambda d: _spf(d, "google-site-verification=abc123"),
        },
        {
            "name": "spf-servfail-in-chain",
            "defect": "spf-temperror",
            "rfc": "RFC 7208 §5.2, §2.6.6",
            "section": "spf",
            "ours": r"spf.*(temperror|lookup-failed|temporary)|txt-lookup-failed",
            "ours_not": r"spf.*(permerror|missing|include-no-spf|not-found)",
            "peer": r"SERVFAIL|temporar|temperror|timed out|time out|server fail",
            "peer_not": r"does not (exist|have)|not found|permerror",
            "changes": lambda d: {
                **_spf(d, f"v=spf1 mx include:_a.{d} -all"),
                f"_a.{d}": {"TXT": f"v=spf1 include:_b.{d} -all"},
                f"_b.{d}": {"TXT": "v=spf1 ip4:203.0.113.0/24 -all"},
            },
            "faults": lambda d: ((f"_b.{d}", "servfail"),),
        },
    ]


DMARC_TAG_ERR = r"dmarc.*(invalid|malformed|syntax|tag)"


def _dmarc(domain: str, record: Any) -> dict[str, dict[str, Any]]:
    return {f"_dmarc.{domain}": {"TXT": record}}


def _dmarc_scenarios() -> list[dict[str, Any]]:
    return [
        {
            "name": "dmarc-rua-no-scheme",
            "defect": "dmarc-rua-no-scheme",
            "rfc": "RFC 7489 §6.4 (DMARC URI), §6.3 rua",
            "section": "dmarc",
            "ours": r"dmarc.*(rua|uri|scheme|invalid|malformed)",
            "peer": r"rua|URI|uri|scheme|mailto",
            "changes": lambda d: _dmarc(d, f"v=DMARC1; p=reject; rua=dmarc@{d}"),
        },
        {
            "name": "dmarc-rua-unauthorized",
            "defect": "dmarc-rua-unauthorized",
            "rfc": "RFC 7489 §7.1",
            "section": "dmarc",
            "ours": r"dmarc.*(external|authori|report-dest|rua)",
            "peer": r"_report\._dmarc|authori|does not indicate|accept",
            "changes": lambda d: {
                **_dmarc(d, "v=DMARC1; p=reject; rua=mailto:dmarc@reports-x.test"),
                "reports-x.test": {"MX": "10 mx1.reports-x.test.", "TXT": "v=spf1 -all"},
                "mx1.reports-x.test": {"A": "203.0.113.200"},
            },
        },
        {
            "name": "dmarc-rua-authorized",
            "defect": "clean",
            "rfc": "RFC 7489 §7.1",
            "section": "dmarc",
            "control": True,
            "fp_warnings": True,
            "ours": r"dmarc.*(authori|external|report-dest)",
            "peer": r"_report\._dmarc|does not indicate|authori",
            "changes": lambda d: {
                **_dmarc(d, "v=DMARC1; p=reject; rua=mailto:dmarc@reports-y.test"),
                "reports-y.test": {"MX": "10 mx1.reports-y.test.", "TXT": "v=spf1 -all"},
                "mx1.reports-y.test": {"A": "203.0.113.201"},
                f"{d}._report._dmarc.reports-y.test": {"TXT": "v=DMARC1"},
            },
        },
        {
            "name": "dmarc-sp-none",
            "defect": "dmarc-sp-none",
            "rfc": "RFC 7489 §6.3 (sp)",
            "section": "dmarc",
            "ours": r"dmarc.*(sp|subdomain).*none|dmarc-sp",
            "peer": r"sp=none|subdomain|sp ",
            "changes": lambda d: _dmarc(d, f"v=DMARC1; p=reject; sp=none; rua=mailto:dmarc@{d}"),
        },
        {
            "name": "dmarc-pct-out-of-range",
            "defect": "dmarc-pct-out-of-range",
            "rfc": "RFC 7489 §6.3 (pct)",
            "section": "dmarc",
            "ours": r"dmarc.*(pct|invalid|tag)",
            "peer": r"pct.*(range|0-100|0 and 100|integer)|150",
            "changes": lambda d: _dmarc(d, f"v=DMARC1; p=reject; pct=150; rua=mailto:dmarc@{d}"),
        },
        {
            "name": "dmarc-malformed",
            "defect": "dmarc-malformed",
            "rfc": "RFC 7489 §6.4",
            "section": "dmarc",
            "ours": r"dmarc.*(malformed|syntax|invalid)",
            "ours_not": r"dmarc-no-policy",
            "peer": r"junk|syntax|malformed|invalid|error",
            "changes": lambda d: _dmarc(d, "v=DMARC1; p=reject; junk"),
        },
        {
            "name": "dmarc-no-p",
            "defect": "dmarc-no-policy",
            "rfc": "RFC 7489 §6.3 (p), §6.6.3",
            "section": "dmarc",
            "ours": r"dmarc-no-policy|dmarc.*(p-missing|missing-p)",
            "peer": r"\bp\b|policy",
            "changes": lambda d: _dmarc(d, f"v=DMARC1; rua=mailto:dmarc@{d}"),
        },
        {
            "name": "dmarc-invalid-p",
            "defect": "dmarc-invalid-policy",
            "rfc": "RFC 7489 §6.3 (p)",
            "section": "dmarc",
            "ours": r"dmarc-no-policy|dmarc.*(invalid|policy)",
            "peer": r"block|\bp\b|policy",
            "changes": lambda d: _dmarc(d, "v=DMARC1; p=block"),
        },
        {
            "name": "dmarc-invalid-adkim",
            "defect": "dmarc-invalid-tag",
            "rfc": "RFC 7489 §6.3 (adkim)",
            "section": "dmarc",
            "ours": DMARC_TAG_ERR + r"|dmarc.*adkim",
            "peer": r"adkim",
            "changes": lambda d: _dmarc(d, f"v=DMARC1; p=reject; adkim=x; rua=mailto:dmarc@{d}"),
        },
        {
            "name": "dmarc-multiple",
            "defect": "dmarc-multiple",
            "rfc": "RFC 7489 §6.6.3",
            "section": "dmarc",
            "ours": r"dmarc-multiple",
            "peer": r"multiple|more than one",
            "changes": lambda d: _dmarc(d, ["v=DMARC1; p=reject", "v=DMARC1; p=none"]),
        },
        {
            "name": "dmarc-missing",
            "defect": "dmarc-missing",
            "rfc": "RFC 7489 §6.6.3",
            "section": "dmarc",
            "ours": r"dmarc-missing",
            "peer": r"DMARC record does not exist|no DMARC record",
            "changes": lambda d: {f"_dmarc.{d}": None},
        },
        {
            "name": "dmarc-p-none",
            "defect": "dmarc-policy-none",
            "rfc": "RFC 7489 §6.3 (p)",
            "section": "dmarc",
            "ours": r"dmarc-policy-none|dmarc.*none",
            "peer": r"p=none|none",
            "changes": lambda d: _dmarc(d, f"v=DMARC1; p=none; rua=mailto:dmarc@{d}"),
        },
        {
            "name": "dmarc-inherited",
            "defect": "clean",
            "rfc": "RFC 7489 §6.6.3, RFC 9989 (tree walk)",
            "section": "dmarc",
            "control": True,
            "fp_warnings": True,
            "ours": r"^dmarc-(missing|no-policy)",
            "peer": r"DMARC record does not exist",
            "query": "mail.dmarc-inherited.test",
            "changes": lambda d: {
                f"mail.{d}": {
                    "MX": [f"10 mx1.{d}.", f"20 mx2.{d}."],
                    "TXT": f"v=spf1 mx:{d} -all",
                },
                f"_mta-sts.mail.{d}": {"TXT": "v=STSv1; id=20261130T000000"},
                f"_smtp._tls.mail.{d}": {"TXT": f"v=TLSRPTv1; rua=mailto:tlsrpt@{d}"},
            },
        },
    ]


def _mx(domain: str, values: Any) -> dict[str, dict[str, Any]]:
    return {domain: {"MX": values}}


def _mx_scenarios() -> list[dict[str, Any]]:
    return [
        {
            "name": "mx-target-nxdomain",
            "defect": "mx-target-nxdomain",
            "rfc": "RFC 5321 §5.1",
            "section": "mx",
            "ours": r"mx-(target-)?(nxdomain|not-exist|missing)",
            "peer": r"ghost\..*(not exist|NXDOMAIN|does not have any A)",
            "changes": lambda d: _mx(d, [f"10 mx1.{d}.", f"20 ghost.{d}."]),
        },
        {
            "name": "mx-target-no-address",
            "defect": "mx-no-address",
            "rfc": "RFC 5321 §5.1",
            "section": "mx",
            "ours": r"mx-no-address",
            "peer": r"mx2\..*(does not have any A|no A)",
            "changes": lambda d: {f"mx2.{d}": {"A": None, "TXT": "no address here"}},
        },
        {
            "name": "mx-duplicate-host",
            "defect": "mx-duplicate-host",
            "rfc": "RFC 5321 §5.1",
            "section": "mx",
            "ours": r"mx.*(duplicate|twice|repeat)",
            "peer": r"multiple MX|listed in multiple|duplicate",
            "changes": lambda d: _mx(d, [f"10 mx1.{d}.", f"20 mx1.{d}.", f"30 mx2.{d}."]),
        },
        {
            "name": "mx-cname",
            "defect": "mx-cname",
            "rfc": "RFC 2181 §10.3, RFC 5321 §5.1",
            "section": "mx",
            "ours": r"mx-cname",
            "peer": r"CNAME",
            "changes": lambda d: {
                f"mx2.{d}": {"A": None, "CNAME": f"real.{d}."},
                f"real.{d}": {"A": "203.0.113.50"},
            },
        },
        {
            "name": "mx-ip-literal",
            "defect": "mx-ip-literal",
            "rfc": "RFC 1035 §3.3.9, RFC 5321 §5.1",
            "section": "mx",
            "ours": r"mx-ip-literal",
            "peer": r"IP address|not a (valid )?hostname|192\.0\.2\.99",
            "changes": lambda d: _mx(d, [f"10 mx1.{d}.", "20 192.0.2.99."]),
        },
        {
            "name": "mx-null-mixed",
            "defect": "null-mx-mixed",
            "rfc": "RFC 7505 §3",
            "section": "mx",
            "ours": r"null-mx-mixed",
            "peer": r"null MX.*(other|along|mixed|together)|RFC 7505",
            "changes": lambda d: _mx(d, ["0 .", f"10 mx1.{d}."]),
        },
        {
            "name": "mx-missing",
            "defect": "no-mx",
            "rfc": "RFC 5321 §5.1",
            "section": "mx",
            "ours": r"^no-mx$",
            "peer": r"no MX|does not have any MX|MX records? (were )?not found",
            "changes": lambda d: {d: {"MX": None}},
        },
        {
            "name": "mx-implicit",
            "defect": "implicit-mx",
            "rfc": "RFC 5321 §5.1",
            "section": "mx",
            "ours": r"implicit-mx",
            "peer": r"no MX|implicit|A record",
            "changes": lambda d: {d: {"MX": None, "A": "203.0.113.60"}},
        },
        {
            "name": "mx-null-only",
            "defect": "clean",
            "rfc": "RFC 7505 §3",
            "section": "mx",
            "control": True,
            "changes": lambda d: {
                d: {"MX": "0 .", "TXT": "v=spf1 -all"},
                f"mx1.{d}": None,
                f"mx2.{d}": None,
            },
        },
        {
            "name": "mx-private-address",
            "defect": "mx-address-not-public",
            "rfc": "RFC 6890",
            "section": "mx",
            "ours": r"mx-address-not-public",
            "peer": r"10\.0\.0\.25.*(private|reserved|not public)|(private|reserved).*10\.0\.0\.25",
            "changes": lambda d: {
                f"mx2.{d}": {"A": "10.0.0.25"},
                "25.0.0.10.in-addr.arpa": {"PTR": f"mx2.{d}."},
            },
        },
        {
            "name": "domain-nxdomain",
            "defect": "nxdomain",
            "rfc": "RFC 1035 §4.1.1",
            "section": "mx",
            "ours": r"^nxdomain$",
            "peer": r"not exist|NXDOMAIN",
            "changes": lambda d: dict.fromkeys(clean(d, 1)),
        },
    ]


def _ptr_scenarios(index_of: dict[str, int]) -> list[dict[str, Any]]:
    def a2(name: str) -> str:
        return _reverse(f"198.51.100.{index_of[name]}")

    return [
        {
            "name": "ptr-missing",
            "defect": "ptr-missing",
            "rfc": "RFC 1912 §2.1, RFC 8499 (FCrDNS)",
            "section": "ptr",
            "ours": r"ptr.*(missing|none|no-)|no-ptr",
            "peer": r"198\.51\.100\.\d+ does not have any reverse DNS",
            "changes": lambda d: {a2("ptr-missing"): None},
        },
        {
            "name": "ptr-not-confirmed",
            "defect": "ptr-not-forward-confirmed",
            "rfc": "RFC 1912 §2.1, RFC 8499 (FCrDNS)",
            "section": "ptr",
            "ours": r"ptr.*(confirm|mismatch|forward)|fcrdns",
            "peer": r"reverse DNS of 198\.51\.100\.\d+ is .* but",
            "changes": lambda d: {
                a2("ptr-not-confirmed"): {"PTR": f"elsewhere.{d}."},
                f"elsewhere.{d}": {"A": "203.0.113.77"},
            },
        },
        {
            "name": "ptr-matching",
            "defect": "clean",
            "rfc": "RFC 1912 §2.1",
            "section": "ptr",
            "control": True,
            "fp_warnings": True,
            "ours": r"ptr|fcrdns|reverse",
            "peer": r"reverse DNS",
            "changes": lambda d: {},
        },
    ]


def _tls_scenarios() -> list[dict[str, Any]]:
    return [
        {
            "name": "mta-sts-bad-id",
            "defect": "mta-sts-malformed",
            "rfc": "RFC 8461 §3.1",
            "section": "mta-sts",
            "ours": r"mta-sts-malformed",
            "peer": r"id value|invalid|syntax",
            "changes": lambda d: {f"_mta-sts.{d}": {"TXT": "v=STSv1; id=not_valid!"}},
        },
        {
            "name": "mta-sts-no-id",
            "defect": "mta-sts-malformed",
            "rfc": "RFC 8461 §3.1",
            "section": "mta-sts",
            "ours": r"mta-sts-malformed",
            "peer": r"\bid\b|missing|required",
            "changes": lambda d: {f"_mta-sts.{d}": {"TXT": "v=STSv1;"}},
        },
        {
            "name": "mta-sts-multiple",
            "defect": "mta-sts-multiple",
            "rfc": "RFC 8461 §3.1",
            "section": "mta-sts",
            "ours": r"mta-sts-multiple",
            "peer": r"multiple|more than one",
            "changes": lambda d: {
                f"_mta-sts.{d}": {"TXT": ["v=STSv1; id=1", "v=STSv1; id=2"]},
            },
        },
        {
            "name": "mta-sts-missing",
            "defect": "mta-sts-missing",
            "rfc": "RFC 8461 §3.1",
            "section": "mta-sts",
            "ours": r"mta-sts-missing",
            "peer": r"MTA-STS (DNS )?record does not exist",
            "changes": lambda d: {f"_mta-sts.{d}": None},
        },
        {
            "name": "mta-sts-policy-mx-mismatch",
            "defect": "mta-sts-policy-mx-mismatch",
            "rfc": "RFC 8461 §4.1",
            "section": "mta-sts",
            "skip": (
                "needs the HTTPS policy (fetch_policy, issue 9); both tools' HTTPS probing is off"
            ),
            "changes": lambda d: {},
        },
        {
            "name": "tlsrpt-no-rua",
            "defect": "tlsrpt-malformed",
            "rfc": "RFC 8460 §3",
            "section": "tlsrpt",
            "ours": r"tlsrpt-malformed",
            "peer": r"rua|missing|required|expected tag",
            "changes": lambda d: {f"_smtp._tls.{d}": {"TXT": "v=TLSRPTv1;"}},
        },
        {
            "name": "tlsrpt-bad-scheme",
            "defect": "tlsrpt-malformed",
            "rfc": "RFC 8460 §3",
            "section": "tlsrpt",
            "ours": r"tlsrpt-malformed",
            "peer": r"ftp|scheme|mailto|https|URI",
            "changes": lambda d: {f"_smtp._tls.{d}": {"TXT": "v=TLSRPTv1; rua=ftp://x.example"}},
        },
        {
            "name": "tlsrpt-multiple",
            "defect": "tlsrpt-multiple",
            "rfc": "RFC 8460 §3",
            "section": "tlsrpt",
            "ours": r"tlsrpt-multiple",
            "peer": r"multiple|more than one",
            "changes": lambda d: {
                f"_smtp._tls.{d}": {
                    "TXT": [f"v=TLSRPTv1; rua=mailto:a@{d}", f"v=TLSRPTv1; rua=mailto:b@{d}"]
                },
            },
        },
        {
            "name": "tlsrpt-missing",
            "defect": "tlsrpt-missing",
            "rfc": "RFC 8460 §3",
            "section": "tlsrpt",
            "ours": r"tlsrpt-missing",
            "peer": r"TLS Reporting record does not exist",
            "changes": lambda d: {f"_smtp._tls.{d}": None},
        },
        {
            "name": "dane-tlsa-bad-usage",
            "defect": "tlsa-invalid",
            "rfc": "RFC 7672 §3.1.3, RFC 6698 §2.1",
            "section": "dane",
            "skip": "the test DNS server has no TLSA records yet (issue 8)",
            "changes": lambda d: {},
        },
        {
            "name": "dane-tlsa-without-dnssec",
            "defect": "tlsa-without-dnssec",
            "rfc": "RFC 7672 §2.2",
            "section": "dane",
            "skip": "the test DNS server has no TLSA records and no AD bit yet (issue 8)",
            "changes": lambda d: {},
        },
    ]


def _control_scenarios() -> list[dict[str, Any]]:
    return [
        {
            "name": "clean-full",
            "defect": "clean",
            "rfc": "-",
            "section": "all",
            "control": True,
            "changes": lambda d: {},
        },
        {
            "name": "clean-dmarc-quarantine",
            "defect": "clean",
            "rfc": "RFC 7489 §6.3",
            "section": "dmarc",
            "control": True,
            "changes": lambda d: _dmarc(
                d, f"v=DMARC1; p=quarantine; adkim=s; aspf=s; rua=mailto:dmarc@{d}"
            ),
        },
        {
            "name": "clean-mx-one-down-pref",
            "defect": "clean",
            "rfc": "RFC 5321 §5.1",
            "section": "mx",
            "control": True,
            "changes": lambda d: _mx(d, [f"5 mx2.{d}.", f"50 mx1.{d}."]),
        },
    ]


def _merge(base: dict[str, dict[str, Any]], changes: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {name: dict(types) for name, types in base.items()}
    for name, types in changes.items():
        if types is None:
            out.pop(name, None)
            continue
        merged = out.setdefault(name, {})
        for rtype, values in types.items():
            if values is None:
                merged.pop(rtype, None)
            else:
                merged[rtype] = values
        if not merged:
            out.pop(name, None)
    return out


def _build() -> list[Scenario]:
    raw_lists = [_spf_scenarios(), _dmarc_scenarios(), _mx_scenarios()]
    names = [s["name"] for lst in raw_lists for s in lst]
    ptr_names = ["ptr-missing", "ptr-not-confirmed", "ptr-matching"]
    index_of = {n: i + 1 for i, n in enumerate(names + ptr_names)}
    raw = [*raw_lists[0], *raw_lists[1], *raw_lists[2], *_ptr_scenarios(index_of)]
    raw += _tls_scenarios() + _control_scenarios()
    for spec in raw:
        index_of.setdefault(spec["name"], len(index_of) + 1)
    out = []
    for spec in raw:
        spec = dict(spec)
        name = spec["name"]
        domain = f"{name}.{TLD}"
        changes = spec.pop("changes")(domain)
        faults = spec.pop("faults", lambda d: ())(domain)
        records = {} if spec.get("skip") else _merge(clean(domain, index_of[name]), changes)
        if spec.get("control"):
            spec.setdefault("ours", OURS_SECTION[spec["section"]])
            spec.setdefault("peer", "")
        out.append(Scenario(records=records, faults=tuple(faults), **spec))
    return out


def validate(scenarios: list[Scenario]) -> None:
    """Raises ``ValueError`` when the corpus is inconsistent: a duplicate name, a defect
    without a predicate for each tool, a regex that does not compile, an unknown section, a
    fault on a name no scenario serves, or two scenarios serving different data at one name."""
    seen: set[str] = set()
    for s in scenarios:
        if s.name in seen:
            raise ValueError(f"duplicate scenario {s.name!r}")
        seen.add(s.name)
        if s.section not in PEER_SECTIONS:
            raise ValueError(f"scenario {s.name}: unknown section {s.section!r}")
        if s.skip:
            continue
        if not s.control and not (s.ours and s.peer):
            raise ValueError(f"scenario {s.name}: a defect needs both predicates")
        for pattern in (s.ours, s.peer, s.ours_not, s.peer_not):
            if pattern:
                re.compile(pattern)
        if s.target.lower() not in {n.lower() for n in s.records} and s.defect != "nxdomain":
            raise ValueError(f"scenario {s.name}: nothing served at {s.target}")
        for name, _ in s.faults:
            if name not in s.records:
                raise ValueError(f"scenario {s.name}: fault on {name}, which is not served")


#: Every scenario, served or skipped.
SCENARIOS: list[Scenario] = _build()
validate(SCENARIOS)


def served() -> list[Scenario]:
    """The scenarios the test server can express."""
    return [s for s in SCENARIOS if s.skip is None]


def all_records() -> dict[str, dict[str, Any]]:
    """The records of every served scenario, for one ``DnsServer``."""
    out: dict[str, dict[str, Any]] = {}
    for s in served():
        for name, types in s.records.items():
            merged = out.setdefault(name, {})
            for rtype, values in types.items():
                if rtype in merged and merged[rtype] != values:
                    raise ValueError(f"scenario {s.name}: {name} {rtype} clashes")
                merged[rtype] = values
    return out


def all_faults() -> list[tuple[str, str]]:
    """The faults of every served scenario."""
    return [f for s in served() for f in s.faults]


if __name__ == "__main__":
    for s in SCENARIOS:
        state = f"skipped: {s.skip}" if s.skip else f"{len(s.records)} names"
        print(f"{s.name:32} {s.defect:28} {s.section:8} {state}")
    print(f"{len(served())} served, {len(SCENARIOS) - len(served())} skipped")
