"""The zone model's Python API: names, records, values, loading and bad input."""

from __future__ import annotations

import pytest
from mailtrace_mx import MxValue, Record, Zone


def test_names_with_and_without_dot_and_idn():
    assert Zone("example.com").name == "example.com."
    assert Zone("Example.COM.").name == "example.com."
    z = Zone("Bücher.example")
    assert (z.name, z.decoded_name) == ("xn--bcher-kva.example.", "bücher.example.")
    assert Zone("xn--bcher-kva.example.").decoded_name == "bücher.example."
    assert Zone("example.com", sub_zones=["sub", "b.c"]).sub_zones == ("sub", "b.c")


@pytest.mark.parametrize("bad", ["", "a..b.", "a b.", "xn--.example."])
def test_bad_zone_names(bad):
    with pytest.raises(ValueError):
        Zone(bad)


def test_sub_zones_must_be_names():
    with pytest.raises(TypeError, match="sub_zones"):
        Zone("example.com", sub_zones="sub")
    with pytest.raises(TypeError, match="sub_zones"):
        Zone("example.com", sub_zones=[1])


def test_add_record_and_lookups():
    z = Zone("example.com")
    mx = z.add_record("", "mx", [{"preference": 20, "exchange": "MX2.example.com."}, "10 mx1"])
    assert isinstance(mx, Record)
    assert (mx.name, mx.type, mx.fqdn, mx.decoded_fqdn, mx.ttl) == (
        "",
        "MX",
        "example.com.",
        "example.com.",
        3600,
    )
    assert mx.values == [MxValue(10, "mx1"), MxValue(20, "mx2.example.com.")]
    assert mx.values[1].preference == 20 and mx.values[1].exchange == "mx2.example.com."
    z.add_record("Bücher", "TXT", "v=spf1 -all", ttl=60)
    z.add_record("www", "A", ["192.0.2.2", "192.0.2.1"])
    z.add_record("www", "AAAA", "2001:DB8::1")
    z.add_record("alias", "CNAME", "WWW.example.com.")
    z.add_record("", "NS", ["ns2.example.net.", "ns1.example.net."])
    assert [(r.name, r.type) for r in z.records] == [
        ("", "MX"),
        ("", "NS"),
        ("alias", "CNAME"),
        ("www", "A"),
        ("www", "AAAA"),
        ("xn--bcher-kva", "TXT"),
    ]
    assert len(z) == 6
    txt = z.get_type("bücher", "TXT")
    assert txt is not None and txt.decoded_fqdn == "bücher.example.com." and txt.ttl == 60
    assert txt.fqdn == "xn--bcher-kva.example.com."
    assert z.get_type("www", "A").values == ["192.0.2.1", "192.0.2.2"]
    assert z.get_type("www", "AAAA").values == ["2001:db8::1"]
    assert z.get_type("alias", "CNAME").values == ["www.example.com."]
    assert [r.type for r in z.get("WWW")] == ["A", "AAAA"]
    assert [r.type for r in z.get("www", type="AAAA")] == ["AAAA"]
    assert z.get("nothing") == [] and z.get_type("www", "MX") is None
    assert z.owns("A", "x.example.com.") and not z.owns("A", "x.example.net.")
    assert z.hostname_from_fqdn("a.b.example.com.") == "a.b"


def test_duplicates_and_replace():
    z = Zone("example.com")
    z.add_record("www", "A", "192.0.2.1")
    with pytest.raises(ValueError, match=r"Duplicate record \"www.example.com.\", type A"):
        z.add_record("WWW", "A", "192.0.2.2")
    z.add_record("www", "A", "192.0.2.2", replace=True)
    assert z.get_type("www", "A").values == ["192.0.2.2"]


@pytest.mark.parametrize(
    ("rtype", "values", "message"),
    [
        ("MX", [{"preference": 10}], "missing exchange"),
        ("MX", [{"exchange": "mx."}], "missing preference"),
        ("MX", [{"preference": 65536, "exchange": "mx."}], "out of range"),
        ("MX", [{"preference": -1, "exchange": "mx."}], "out of range"),
        ("MX", [{"preference": "ten", "exchange": "mx."}], "invalid preference"),
        ("MX", ["10"], "preference"),
        ("MX", [None], "neither a mapping"),
        ("TXT", [5], "not a string"),
        ("TXT", [None], "not a string"),
        ("A", ["::1"], "invalid address"),
        ("CNAME", ["a.", "b."], "single value"),
        ("NOT A TYPE", [], "Invalid record type"),
    ],
)
def test_values_that_do_not_fit_the_type_name_the_record(rtype, values, message):
    z = Zone("example.com")
    with pytest.raises(ValueError, match=message) as info:
        z.add_record("mail", rtype, values)
    assert "mail.example.com." in str(info.value)


def test_mx_value_type():
    v = MxValue("5", "Mx.Example.")
    assert (v.preference, v.exchange, str(v)) == (5, "mx.example.", "5 mx.example.")
    assert sorted([MxValue(20, "a."), MxValue(10, "b.")])[0] == MxValue(10, "b.")
    assert len({MxValue(1, "a."), MxValue(1, "A.")}) == 1
    with pytest.raises(ValueError):
        MxValue(70000, "a.")


def test_from_dict_layout():
    data = {
        "": [
            {"type": "MX", "values": [{"priority": 10, "value": "mx1.example.com."}]},
            {"type": "TXT", "ttl": 300, "value": '"v=spf1 " "-all"'},
        ],
        "_dmarc": {"type": "TXT", "value": "v=DMARC1\\; p=reject"},
        "x": {"type": "A", "values": []},
    }
    z = Zone.from_dict("example.com", data)
    assert z.get_type("", "MX").values == [MxValue(10, "mx1.example.com.")]
    txt = z.get_type("", "TXT")
    assert (txt.values, txt.ttl) == (["v=spf1 -all"], 300)
    assert z.get_type("_dmarc", "TXT").values == ["v=DMARC1\\; p=reject"]
    assert z.get_type("x", "A").values == []
    raw = Zone.from_dict("e.com", {"": {"type": "TXT", "value": "a;b"}}, escaped_semicolons=False)
    assert raw.get_type("", "TXT").values == ["a\\;b"]
    sub = Zone.from_dict("e.com", {}, sub_zones=["s"])
    assert sub.sub_zones == ("s",)


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        ([], TypeError, "must be a dict"),
        ({1: {"type": "A"}}, TypeError, "record names must be str"),
        ({"www": {"value": "192.0.2.1"}}, ValueError, 'record "www.example.com.": missing type'),
        ({"www": "192.0.2.1"}, ValueError, "not a mapping"),
        ({"www": {"type": "A", "ttl": "soon", "value": "192.0.2.1"}}, ValueError, "invalid ttl"),
    ],
)
def test_from_dict_bad_layout(data, error, message):
    with pytest.raises(error, match=message):
        Zone.from_dict("example.com", data)


def test_from_octodns_reads_all_values():
    octodns = pytest.importorskip("octodns.zone")
    from octodns.record import Record as OctoRecord

    octo = octodns.Zone("example.com.", ["sub"])
    for name, data in [
        ("", {"type": "MX", "values": [{"preference": 10, "exchange": "mx1.example.com."}]}),
        ("", {"type": "TXT", "values": ["v=spf1 -all", "b"]}),
        ("www", {"type": "A", "values": ["192.0.2.1"]}),
        ("alias", {"type": "CNAME", "value": "www.example.com."}),
        (
            "_sip._tcp",
            {
                "type": "SRV",
                "value": {"priority": 1, "weight": 2, "port": 3, "target": "t.example.net."},
            },
        ),
    ]:
        octo.add_record(OctoRecord.new(octo, name, {"ttl": 60, **data}))
    z = Zone.from_octodns(octo)
    assert z.sub_zones == ("sub",)
    assert [(r.name, r.type, r.ttl) for r in z.records] == [
        ("", "MX", 60),
        ("", "TXT", 60),
        ("_sip._tcp", "SRV", 60),
        ("alias", "CNAME", 60),
        ("www", "A", 60),
    ]
    assert z.get_type("", "TXT").values == ["b", "v=spf1 -all"]
    assert z.get_type("alias", "CNAME").values == ["www.example.com."]
    assert z.get_type("_sip._tcp", "SRV").values == ["1 2 3 t.example.net."]
    # a copy-on-write copy reads through to its origin
    assert len(Zone.from_octodns(octo.copy())) == 5
    with pytest.raises(TypeError):
        Zone.from_octodns(object())
