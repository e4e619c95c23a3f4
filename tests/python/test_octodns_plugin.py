"""The octoDNS plug-in, loaded by octoDNS's own Manager from a YAML config on a YAML
zone: our validator replaces the built-in ``mail`` and gives the same verdicts."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("octodns")

import mailtrace_mx
from mailtrace_mx import octodns as plugin

ZONE_YAML = """\
---
'':
  - type: MX
    values:
      - exchange: mail.example.com.
        preference: 10
  - type: TXT
    value: v=spf1 include:_spf.example.net
_dmarc:
  type: TXT
  value: v=DMARC1\\; rua=mailto:d@example.com
eu:
  type: MX
  value:
    exchange: mx.eu.example.com.
    preference: 10
mail:
  type: CNAME
  value: host.example.net.
"""

CONFIG = """\
---
manager:
  validators:
    enabled: [legacy, strict, best-practice]
providers:
  config:
    class: octodns.provider.yaml.YamlProvider
    directory: {zones}
    escaped_semicolons: true
zones:
  example.com.:
    lenient: false
    sources: [config]
    targets: [config]
validators:
{validators}
"""

# runs octoDNS's Manager in a fresh interpreter (it registers validators globally)
RUNNER = textwrap.dedent(
    """
    import json, logging, sys
    logging.disable(logging.WARNING)
    from octodns.manager import Manager
    from octodns.zone.exception import ValidationError
    try:
        Manager(sys.argv[1]).validate_configs()
        print(json.dumps({"reasons": []}))
    except ValidationError as e:
        print(json.dumps({
            "reasons": [[r.validator_id, r.reason, type(r).__module__] for r in e.reasons],
            "message": str(e),
        }))
    """
)


def validate_with(tmp_path: Path, validators: str) -> dict:
    zones = tmp_path / "zones"
    zones.mkdir(exist_ok=True)
    (zones / "example.com.yaml").write_text(ZONE_YAML)
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG.format(zones=zones, validators=textwrap.indent(validators, "  ")))
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, str(config)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def multiset(result: dict) -> Counter:
    return Counter((vid, reason) for vid, reason, _ in result["reasons"])


@pytest.mark.parametrize("mode", ["auto", "mail", "no-mail"])
def test_manager_loads_plugin_with_same_verdicts(tmp_path, mode):
    theirs = validate_with(
        tmp_path,
        f"mail:\n  class: octodns.zone.mail.MailZoneValidator\n  mode: {mode}\n"
        "cname:\n  class: octodns.zone.mail.MxTargetNotCnameZoneValidator\n"
        "resolvable:\n  class: octodns.zone.mail.MxTargetResolvableInZoneZoneValidator\n",
    )
    ours = validate_with(
        tmp_path,
        f"mail:\n  class: mailtrace_mx.octodns.MailZoneValidator\n  mode: {mode}\n"
        "cname:\n  class: mailtrace_mx.octodns.MxTargetNotCnameZoneValidator\n"
        "resolvable:\n  class: mailtrace_mx.octodns.MxTargetResolvableInZoneZoneValidator\n",
    )
    assert ours["reasons"], "the zone has findings; the plug-in must report them"
    assert multiset(ours) == multiset(theirs)
    # octoDNS's own reason objects, so its error message attributes them
    assert {module for _, _, module in ours["reasons"]} == {"octodns.record.validator"}
    assert "via: mail" in ours["message"]


def test_manager_clean_zone_passes(tmp_path):
    zones = tmp_path / "zones"
    zones.mkdir()
    result = validate_with(
        tmp_path,
        "mail:\n  class: mailtrace_mx.octodns.MailZoneValidator\n  min_mx: 1\n"
        "  single_mx_regexes: ['^mail\\.example\\.com\\.$']\n",
    )
    # only the mail validator is ours here; min_mx=1 removes the redundancy finding
    assert not any("redundancy" in reason for _, reason, _ in result["reasons"])


def test_plugin_classes_are_octodns_validators():
    from octodns.zone.validator import ZoneValidator

    for cls in (
        plugin.MailZoneValidator,
        plugin.MxTargetNotCnameZoneValidator,
        plugin.MxTargetResolvableInZoneZoneValidator,
    ):
        assert issubclass(cls, ZoneValidator)
    v = plugin.MailZoneValidator("m", mode="no-mail", sets=["strict"])
    assert (v.id, v.mode, v.sets) == ("m", "no-mail", {"strict"})
    assert v.DEFAULT_SINGLE_MX_REGEXES == mailtrace_mx.MailZoneValidator.DEFAULT_SINGLE_MX_REGEXES
    with pytest.raises(ValueError, match='Unknown mode "x"'):
        plugin.MailZoneValidator("m", mode="x")


def test_plugin_on_our_zone_returns_our_reasons():
    zone = mailtrace_mx.Zone.from_dict("example.com", {"": {"type": "MX", "value": "0 ."}})
    reasons = plugin.MailZoneValidator("mail").validate(zone)
    assert all(isinstance(r, mailtrace_mx.ValidationReason) for r in reasons)
    assert {r.reason for r in reasons} == {
        'zone "example.com." disables mail but is missing strict SPF TXT record "v=spf1 -all"',
        'zone "example.com." disables mail but is missing strict DMARC TXT record '
        '"v=DMARC1; p=reject;"',
    }
