"""Validator parameters, bad arguments, the default registry, reasons and regex limits."""

from __future__ import annotations

import logging

import pytest
from mailtrace_mx import (
    MailZoneValidator,
    MxTargetNotCnameZoneValidator,
    MxTargetResolvableInZoneZoneValidator,
    ValidationReason,
    Zone,
    validate_zone,
)

BROKEN = {
    "": {"type": "MX", "values": ["10 mail.example.com.", "20 gone.example.com."]},
    "mail": {"type": "CNAME", "value": "host.example.net."},
}


def test_parameters_and_defaults():
    v = MailZoneValidator("mail")
    assert (v.id, v.mode, v.min_mx, v.sets, v.single_mx_regexes) == ("mail", "auto", 2, None, ())
    v = MailZoneValidator("m", mode="no-mail", min_mx=3, single_mx_regexes=["^a"], sets=["x"])
    assert (v.mode, v.min_mx, v.sets, v.single_mx_regexes) == ("no-mail", 3, {"x"}, ("^a",))
    assert MailZoneValidator.DEFAULT_SINGLE_MX_REGEXES == (
        r"^(feedback|inbound)-smtp\..+\.amazon(aws|ses)\.com\.$",
        r"^inbound\.postmarkapp\.com\.$",
        r"^mx\.hubapi\.com\.$",
        r"^mx\.sendgrid\.net\.$",
        r"^smtp\.google\.com\.$",
        r"^smtp\.siftrock\.com.",
    )
    assert MxTargetNotCnameZoneValidator("c", sets={"strict"}).sets == {"strict"}
    assert MxTargetResolvableInZoneZoneValidator("r").id == "r"


def test_bad_parameters():
    with pytest.raises(ValueError, match=r'^Unknown mode "sometimes"$'):
        MailZoneValidator("mail", mode="sometimes")
    with pytest.raises(ValueError, match=r'^Invalid single_mx_regexes pattern "\(": .+'):
        MailZoneValidator("mail", single_mx_regexes=["("])
    with pytest.raises(ValueError, match="non-empty id"):
        MxTargetNotCnameZoneValidator("")
    with pytest.raises(TypeError):
        MailZoneValidator("mail", single_mx_regexes="^a")
    with pytest.raises(TypeError):
        MailZoneValidator("mail", min_mx="2")


@pytest.mark.parametrize("bad", [None, "example.com", 42, {"": []}])
def test_validate_rejects_non_zones(bad):
    for v in (MailZoneValidator("m"), MxTargetNotCnameZoneValidator("c")):
        with pytest.raises(TypeError, match=r"takes a mailtrace_mx\.Zone or an octoDNS zone"):
            v.validate(bad)
    with pytest.raises(TypeError):
        validate_zone(bad)


def test_validate_zone_registry_and_sets():
    z = Zone.from_dict("example.com", BROKEN)
    ids = [r.validator_id for r in validate_zone(z)]
    assert ids[0] == "mx-target-not-cname"
    assert set(ids) == {"mx-target-not-cname", "mail", "mx-target-resolvable-in-zone"}
    assert {r.validator_id for r in validate_zone(z, sets=["strict"])} == {"mx-target-not-cname"}
    assert "mx-target-not-cname" not in {
        r.validator_id for r in validate_zone(z, sets=("best-practice",))
    }
    assert validate_zone(z, sets=[]) == []
    with pytest.raises(TypeError):
        validate_zone(z, sets="strict")


def test_reasons_carry_records_and_order_is_deterministic():
    z = Zone.from_dict(
        "example.com",
        {
            **BROKEN,
            "z": {"type": "MX", "value": "0 ."},
            "a": {"type": "MX", "value": "0 ."},
        },
    )
    first = [str(r) for r in validate_zone(z)]
    assert first == [str(r) for r in validate_zone(z)]
    mail = MailZoneValidator("mail").validate(z)
    assert all(isinstance(r, ValidationReason) for r in mail)
    # apex findings first, then sub-domains sorted by name
    subs = [r.reason for r in mail if r.reason.startswith('"')]
    assert subs == sorted(subs) and subs[0].startswith('"a.example.com."')
    r = MxTargetNotCnameZoneValidator("c").validate(z)[0]
    assert (
        str(r)
        == r.reason
        == ('MX record "example.com." points to exchange "mail.example.com." which is a CNAME')
    )
    assert r.validator_id == "c"
    assert [(rec.name, rec.type) for rec in r.records] == [("", "MX")]
    assert r == MxTargetNotCnameZoneValidator("c").validate(z)[0]


def test_user_pattern_with_lookaround_exempts_single_mx():
    z = Zone.from_dict("example.com", {"": {"type": "MX", "value": "10 mx.example.net"}})
    redundancy = 'MX record "example.com." should have at least 2 values for redundancy, found 1'
    assert redundancy in [r.reason for r in MailZoneValidator("m").validate(z)]
    v = MailZoneValidator("m", single_mx_regexes=[r"(?<=mx\.)example\.net\.$"])
    assert redundancy not in [r.reason for r in v.validate(z)]


def test_backtracking_limit_is_no_match_and_a_warning(caplog):
    z = Zone.from_dict("example.com", {"": {"type": "MX", "value": "10 " + "a" * 30 + "."}})
    v = MailZoneValidator("m", single_mx_regexes=[r"^(a|a)*(?=b)c"])
    with caplog.at_level(logging.WARNING):
        reasons = [r.reason for r in v.validate(z)]
    assert any("redundancy" in r for r in reasons)
    assert any("gave up" in rec.getMessage() for rec in caplog.records)
