"""Hand-written zones covering every branch and message of octoDNS 1.22.0's
``octodns/zone/mail.py``. Each case is ``(id, zone name, data, sub_zones)``; the data
is in octoDNS's YAML layout."""

from __future__ import annotations

from typing import Any


def mx(*values: Any) -> dict[str, Any]:
    return {"type": "MX", "values": list(values)}


def txt(*values: str) -> dict[str, Any]:
    return {"type": "TXT", "values": list(values)}


def pm(pref: int, exchange: str) -> dict[str, Any]:
    return {"preference": pref, "exchange": exchange}


NULL = pm(0, ".")
MX2 = [pm(10, "mx1.example.com."), pm(20, "mx2.example.com.")]
ADDR = {"type": "A", "value": "192.0.2.1"}
SPF = "v=spf1 include:_spf.example.net ~all"
DMARC = "v=DMARC1\\; p=reject\\; rua=mailto:d@example.com"
GOOD_MAIL = {
    "": [mx(*MX2), txt(SPF)],
    "_dmarc": txt(DMARC),
    "mx1": ADDR,
    "mx2": ADDR,
}

CASES: list[tuple[str, str, dict[str, Any], tuple[str, ...]]] = [
    ("empty", "example.com.", {}, ()),
    ("only-a", "example.com.", {"www": ADDR}, ()),
    ("good-mail", "example.com.", GOOD_MAIL, ()),
    ("lone-dmarc", "example.com.", {"_dmarc": txt("v=DMARC1; p=none")}, ()),
    # redundancy and single-MX providers, with and without trailing dot
    ("single-mx", "example.com.", {"": mx(pm(10, "mx1.example.com.")), "mx1": ADDR}, ()),
    ("no-mx-values", "example.com.", {"": {"type": "MX", "values": []}}, ()),
    (
        "duplicate-mx-values",
        "example.com.",
        {"": mx(pm(10, "a.example.net."), pm(10, "a.example.net."))},
        (),
    ),
    ("google-single", "example.com.", {"": [mx(pm(1, "smtp.google.com.")), txt(SPF)]}, ()),
    ("google-single-no-dot", "example.com.", {"": [mx(pm(1, "smtp.google.com")), txt(SPF)]}, ()),
    ("ses-single", "example.com.", {"": mx(pm(10, "inbound-smtp.us-east-1.amazonaws.com."))}, ()),
    (
        "ses-feedback",
        "example.com.",
        {"bounce": mx(pm(10, "feedback-smtp.eu-west-1.amazonses.com"))},
        (),
    ),
    ("postmark", "example.com.", {"": mx(pm(10, "inbound.postmarkapp.com."))}, ()),
    ("hubspot-upper", "example.com.", {"": mx(pm(10, "MX.HubAPI.com."))}, ()),
    ("sendgrid", "example.com.", {"parse": mx(pm(10, "mx.sendgrid.net"))}, ()),
    ("siftrock-loose", "example.com.", {"": mx(pm(10, "smtp.siftrock.comx"))}, ()),
    ("google-not-single", "example.com.", {"": mx(pm(1, "aspmx.l.google.com."))}, ()),
    (
        "mx-string-values",
        "example.com.",
        {"": mx("10 mx1.example.com.", "20 mx1.example.com.")},
        (),
    ),
    ("mx-legacy-keys", "example.com.", {"": mx({"priority": 10, "value": "mx1.example.com."})}, ()),
    # Null MX
    (
        "null-mx",
        "example.com.",
        {"": [mx(NULL), txt("v=spf1 -all")], "_dmarc": txt("v=DMARC1; p=reject;")},
        (),
    ),
    ("null-mx-alone", "example.com.", {"": mx(NULL)}, ()),
    ("null-mx-plus-other", "example.com.", {"": mx(NULL, pm(10, "mx.example.net."))}, ()),
    ("null-mx-pref-10", "example.com.", {"": mx(pm(10, "."))}, ()),
    ("null-mx-dmarc-none", "example.com.", {"": mx(NULL), "_dmarc": txt("v=DMARC1; p=none")}, ()),
    ("null-mx-dmarc-no-value", "example.com.", {"": mx(NULL), "_dmarc": txt("not dmarc")}, ()),
    ("null-mx-spf-soft", "example.com.", {"": [mx(NULL), txt("v=spf1 ~all")]}, ()),
    # SPF-only mode detection
    ("strict-spf-only", "example.com.", {"": txt("v=spf1 -all")}, ()),
    ("strict-spf-upper", "example.com.", {"": txt("V=SPF1 -ALL")}, ()),
    ("spf-only-mail", "example.com.", {"": txt("v=spf1 mx ~all")}, ()),
    (
        "spf-unterminated",
        "example.com.",
        {"": [mx(*MX2), txt("v=spf1 mx")], "_dmarc": txt(DMARC)},
        (),
    ),
    ("spf-neutral", "example.com.", {"": [mx(*MX2), txt("v=spf1 mx ?all")]}, ()),
    ("spf-backslash", "example.com.", {"": txt("v=spf1\\ -all")}, ()),
    ("spf-quoted", "example.com.", {"": txt('"v=spf1 -all"')}, ()),
    ("spf-chunked", "example.com.", {"": txt('"v=spf1 " "-all"')}, ()),
    ("spf-not-first", "example.com.", {"": txt("google-site-verification=x", "v=spf1 -all")}, ()),
    ("multiple-spf", "example.com.", {"": [mx(*MX2), txt("v=spf1 a -all", "v=spf1 mx ~all")]}, ()),
    ("multiple-spf-sorted", "example.com.", {"": txt("v=spf1 mx", "v=spf1 -all")}, ()),
    ("spf1x-prefix", "example.com.", {"": txt("v=spf10 -all")}, ()),
    # DMARC
    (
        "dmarc-no-policy",
        "example.com.",
        {"": [mx(*MX2), txt(SPF)], "_dmarc": txt("v=DMARC1; rua=mailto:x@example.com")},
        (),
    ),
    ("dmarc-bare-p", "example.com.", {"": [mx(*MX2), txt(SPF)], "_dmarc": txt("v=DMARC1; p")}, ()),
    (
        "dmarc-multiple",
        "example.com.",
        {"": [mx(*MX2), txt(SPF)], "_dmarc": txt("v=DMARC1; p=none", "v=DMARC1; p=reject")},
        (),
    ),
    (
        "dmarc-case-escape",
        "example.com.",
        {"": mx(NULL), "_dmarc": txt("V=DMARC1\\; P = REJECT\\;")},
        (),
    ),
    (
        "dmarc-last-p-wins",
        "example.com.",
        {"": mx(NULL), "_dmarc": txt("v=DMARC1; p=reject; p=none")},
        (),
    ),
    ("dmarc-unescaped", "example.com.", {"": mx(NULL), "_dmarc": txt("v=DMARC1;p=reject")}, ()),
    (
        "dmarc-whitespace",
        "example.com.",
        {"": mx(NULL), "_dmarc": txt("v=DMARC1;\u00a0p=reject\u001f;")},
        (),
    ),
    ("dmarc-not-dmarc", "example.com.", {"": [mx(*MX2), txt(SPF)], "_dmarc": txt("hello")}, ()),
    (
        "dmarc-backslash-inside",
        "example.com.",
        {"": mx(NULL), "_dmarc": txt("v=DMARC1; p=rej\\ect")},
        (),
    ),
    # sub-domains
    ("sub-mail", "example.com.", {"mail": mx(pm(10, "mx1.example.com.")), "mx1": ADDR}, ()),
    (
        "sub-mail-good",
        "example.com.",
        {"mail": [mx(*MX2), txt("v=spf1 mx -all")], "mx1": ADDR, "mx2": ADDR},
        (),
    ),
    ("sub-spf-unterminated", "example.com.", {"mail": [mx(*MX2), txt("v=spf1 mx")]}, ()),
    ("sub-null", "example.com.", {"legacy": mx(NULL)}, ()),
    ("sub-null-good", "example.com.", {"legacy": [mx(NULL), txt("v=spf1 -all")]}, ()),
    ("sub-null-soft", "example.com.", {"legacy": [mx(NULL), txt("v=spf1 ~all")]}, ()),
    (
        "sub-multi-spf",
        "example.com.",
        {"a": [mx(*MX2), txt("v=spf1 -all", "v=spf1 ~all")], "b.c": mx(NULL)},
        (),
    ),
    (
        "sub-and-apex",
        "example.com.",
        {**GOOD_MAIL, "eu": [mx(pm(5, "mx.eu.example.com.")), txt("v=spf1")], "mx.eu": ADDR},
        (),
    ),
    (
        "sub-sorted",
        "example.com.",
        {"z": mx(pm(1, "z.example.com.")), "a": mx(pm(1, "a.example.com.")), "m": mx(NULL)},
        (),
    ),
    # MX targets: CNAME and resolvable
    (
        "target-cname",
        "example.com.",
        {
            "": mx(pm(10, "mail.example.com."), pm(20, "mx2.example.com.")),
            "mail": {"type": "CNAME", "value": "host.example.net."},
            "mx2": ADDR,
        },
        (),
    ),
    (
        "target-missing",
        "example.com.",
        {"": mx(pm(10, "mx1.example.com."), pm(20, "mx1.example.com."))},
        (),
    ),
    ("target-apex", "example.com.", {"": mx(pm(10, "example.com."), pm(20, "example.com"))}, ()),
    (
        "target-apex-cname",
        "example.com.",
        {
            "www": mx(pm(10, "www.example.com."), pm(20, "alias.example.com")),
            "alias": {"type": "CNAME", "value": "www.example.com."},
        },
        (),
    ),
    ("target-no-dot", "example.com.", {"": mx(pm(10, "mx1.example.com"), pm(20, "mx1"))}, ()),
    (
        "target-outside",
        "example.com.",
        {"": mx(pm(10, "mx.example.net."), pm(20, "mx.notexample.com."))},
        (),
    ),
    (
        "target-case",
        "example.com.",
        {"": mx(pm(10, "MX1.Example.COM."), pm(20, "Mx2.example.com.")), "mx1": ADDR},
        (),
    ),
    (
        "target-other-type",
        "example.com.",
        {
            "": mx(pm(10, "t.example.com."), pm(20, "u.example.com.")),
            "t": txt("x"),
            "u": {"type": "AAAA", "value": "2001:db8::1"},
        },
        (),
    ),
    (
        "target-dmarc-name",
        "example.com.",
        {"": mx(pm(10, "_dmarc.example.com."), pm(20, "null.example.com."))},
        (),
    ),
    ("target-null-dot", "example.com.", {"": mx(pm(10, "."), pm(20, "."))}, ()),
    # sub-zones
    (
        "sub-zone-target",
        "example.com.",
        {"": mx(pm(10, "mx.sub.example.com."), pm(20, "sub.example.com."))},
        ("sub",),
    ),
    (
        "sub-zone-ns-boundary",
        "example.com.",
        {
            "": mx(pm(10, "deep.a.sub.example.com."), pm(20, "xsub.example.com.")),
            "sub": {"type": "NS", "values": ["ns1.example.net."]},
        },
        ("sub", "other"),
    ),
    (
        "sub-zone-lenient-record",
        "example.com.",
        {
            "mx.sub": mx(pm(10, "mx.sub.example.com.")),
            "sub": {"type": "CNAME", "value": "x.example.net."},
        },
        ("sub",),
    ),
    (
        "sub-zone-nested",
        "example.com.",
        {"": mx(pm(10, "a.b.c.example.com."), pm(20, "b.c.example.com."))},
        ("b.c",),
    ),
    # IDN
    (
        "idn-zone",
        "bücher.example.",
        {"": mx(pm(10, "mx.bücher.example.")), "post": mx(pm(10, "mx.xn--bcher-kva.example."))},
        (),
    ),
    (
        "idn-encoded-zone",
        "xn--bcher-kva.example.",
        {"münchen": [mx(pm(10, "münchen.xn--bcher-kva.example.")), txt("v=spf1")]},
        (),
    ),
    ("idn-mail-mode", "пример.рф.", {"": txt("v=spf1 mx")}, ()),
    (
        "idn-records",
        "example.com.",
        {"bücher": mx(NULL), "": mx(pm(1, "bücher.example.com."), pm(2, "Straße.example.com."))},
        (),
    ),
    # case folding of names and zone
    (
        "upper-zone",
        "Example.COM.",
        {"Mail": mx(pm(10, "MX.example.com.")), "_DMARC": txt("v=DMARC1; p=none")},
        (),
    ),
    (
        "upper-spf",
        "example.com.",
        {"": [mx(*MX2), txt("V=SPF1 MX ~ALL")], "_dmarc": txt("V=DMARC1; P=NONE")},
        (),
    ),
    # min_mx and user patterns
    (
        "three-mx",
        "example.com.",
        {"": mx(pm(1, "a.example.net."), pm(2, "b.example.net."), pm(3, "c.example.net."))},
        (),
    ),
    ("user-pattern-match", "example.com.", {"": mx(pm(1, "mx1.example.net."))}, ()),
    ("user-pattern-lookbehind", "example.net.", {"x": mx(pm(1, "host.example.com"))}, ()),
    # escaping and odd TXT
    (
        "txt-escaped-semicolons",
        "example.com.",
        {"": [mx(NULL), txt("v=spf1 -all")], "_dmarc": txt("v=DMARC1\\;p=reject\\;")},
        (),
    ),
    ("txt-double-backslash", "example.com.", {"": txt("v=spf1 \\\\-all")}, ()),
    ("txt-empty", "example.com.", {"": [mx(*MX2), txt("")]}, ()),
    ("txt-only-quote", "example.com.", {"": txt('"')}, ()),
    ("txt-unicode", "example.com.", {"": txt("v=spf1 İnclude -ALL")}, ()),
    (
        "ttl-and-types",
        "example.com.",
        {
            "": [
                mx(*MX2),
                {"type": "TXT", "ttl": 60, "value": SPF},
                {"type": "NS", "values": ["ns1.example.net."]},
            ],
            "_dmarc": txt(DMARC),
        },
        (),
    ),
]
