"""Shared helpers for the zone differential tests: build the same zone in octoDNS 1.22.0
and in mailtrace_mx, run both sets of validators, and compare multisets of
``(validator id, reason)``."""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

import mailtrace_mx as ours

# one reading per configuration: (mode, min_mx, extra single-MX patterns)
CONFIGS: list[dict[str, Any]] = [
    {},
    {"mode": "mail"},
    {"mode": "no-mail"},
    {"min_mx": 1},
    {"min_mx": 3, "single_mx_regexes": [r"^mx1\.", r"(?<=\.)example\.(com|net)\.$"]},
]


def octo_zone(name: str, data: dict[str, Any], sub_zones: tuple[str, ...] = ()) -> Any:
    """The zone as octoDNS's YamlProvider builds it with ``lenient: true``."""
    from octodns.record import Record
    from octodns.zone import Zone

    zone = Zone(name if name.endswith(".") else name + ".", list(sub_zones))
    for rname, entries in data.items():
        for entry in entries if isinstance(entries, list) else [entries]:
            entry = octo_entry(entry)
            record = Record.new(zone, rname, entry, lenient=True)
            zone.add_record(record, lenient=True)
    return zone


def octo_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """octoDNS's YAML takes MX values only as mappings: ``"10 host."`` becomes one."""
    entry = copy.deepcopy(entry)
    entry.setdefault("ttl", 3600)
    if entry.get("type") == "MX":
        key = "values" if "values" in entry else "value"
        values = entry.get(key)
        if isinstance(values, list):
            entry[key] = [mx_mapping(v) for v in values]
        elif values is not None:
            entry[key] = mx_mapping(values)
    return entry


def mx_mapping(value: Any) -> Any:
    if isinstance(value, str):
        preference, exchange = value.split()
        return {"preference": int(preference), "exchange": exchange}
    return value


def octo_validators(config: dict[str, Any]) -> list[Any]:
    from octodns.zone.mail import (
        MailZoneValidator,
        MxTargetNotCnameZoneValidator,
        MxTargetResolvableInZoneZoneValidator,
    )

    return [
        MxTargetNotCnameZoneValidator("mx-target-not-cname", sets={"strict"}),
        MailZoneValidator("mail", sets={"best-practice"}, **config),
        MxTargetResolvableInZoneZoneValidator(
            "mx-target-resolvable-in-zone", sets={"best-practice"}
        ),
    ]


def our_validators(config: dict[str, Any]) -> list[Any]:
    return [
        ours.MxTargetNotCnameZoneValidator("mx-target-not-cname", sets={"strict"}),
        ours.MailZoneValidator("mail", sets={"best-practice"}, **config),
        ours.MxTargetResolvableInZoneZoneValidator(
            "mx-target-resolvable-in-zone", sets={"best-practice"}
        ),
    ]


def verdicts(validators: list[Any], zone: Any) -> Counter[tuple[str, str]]:
    out: Counter[tuple[str, str]] = Counter()
    for validator in validators:
        for reason in validator.validate(zone):
            out[(reason.validator_id, reason.reason)] += 1
    return out


def compare(
    name: str,
    data: dict[str, Any],
    config: dict[str, Any],
    sub_zones: tuple[str, ...] = (),
) -> Counter[tuple[str, str]]:
    """Asserts every way into our validators agrees with octoDNS; returns octoDNS's verdicts."""
    octo = octo_zone(name, data, sub_zones)
    expected = verdicts(octo_validators(config), octo)
    mine = our_validators(config)
    native = ours.Zone.from_dict(name, data, sub_zones=sub_zones)
    assert verdicts(mine, native) == expected, ("from_dict", name, data, config, sub_zones)
    assert verdicts(mine, octo) == expected, ("octoDNS zone", name, data, config, sub_zones)
    converted = ours.Zone.from_octodns(octo)
    assert verdicts(mine, converted) == expected, ("from_octodns", name, data, config)
    if not config:  # the default registry is the default configuration
        registry = Counter((r.validator_id, r.reason) for r in ours.validate_zone(octo))
        assert registry == expected, ("validate_zone(octoDNS zone)", name, data, sub_zones)
    return expected
