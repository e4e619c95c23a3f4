"""``Zone.from_zonefile``: text or path, ``$INCLUDE`` confinement, errors naming the line,
and the same verdicts as the equivalent octoDNS YAML data."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from mailtrace_mx import MxValue, Zone, validate_zone

ZONE_TEXT = """\
$ORIGIN example.com.
$TTL 3600
@       IN MX 10 mx1
        IN MX 20 mx2.example.com.
@       TXT "v=spf1 mx " "~all"
_dmarc  TXT ( "v=DMARC1; p=none;" ; policy
              " rua=mailto:d@example.com" )
mx1     A 192.0.2.1
mail    CNAME mx1
sub     MX 10 mail
"""

EQUIVALENT_DICT = {
    "": [
        {"type": "MX", "values": ["10 mx1.example.com.", "20 mx2.example.com."]},
        {"type": "TXT", "value": "v=spf1 mx ~all"},
    ],
    "_dmarc": {"type": "TXT", "value": "v=DMARC1\\; p=none\\; rua=mailto:d@example.com"},
    "mx1": {"type": "A", "value": "192.0.2.1"},
    "mail": {"type": "CNAME", "value": "mx1.example.com."},
    "sub": {"type": "MX", "value": "10 mail.example.com."},
}


def verdicts(zone):
    return Counter((r.validator_id, r.reason) for r in validate_zone(zone))


def test_text_loads_like_the_yaml_layout():
    z = Zone.from_zonefile(ZONE_TEXT)
    assert z.name == "example.com."
    assert z.get_type("", "MX").values == [
        MxValue(10, "mx1.example.com."),
        MxValue(20, "mx2.example.com."),
    ]
    assert z.get_type("_dmarc", "TXT").values == ["v=DMARC1\\; p=none\\; rua=mailto:d@example.com"]
    expected = verdicts(Zone.from_dict("example.com.", EQUIVALENT_DICT))
    assert expected  # the zone has findings (CNAME target, missing one, sub-domain SPF)
    assert verdicts(z) == expected


def test_path_str_and_pathlike(tmp_path: Path):
    f = tmp_path / "example.zone"
    f.write_text(ZONE_TEXT)
    assert len(Zone.from_zonefile(f)) == len(Zone.from_zonefile(str(f))) == 6


def test_origin_argument(tmp_path: Path):
    z = Zone.from_zonefile("@ MX 0 .\nwww A 192.0.2.1\n", origin="example.org")
    assert z.name == "example.org."
    assert z.get_type("www", "A") is not None


def test_include_follows_only_inside_the_folder(tmp_path: Path):
    (tmp_path / "zones" / "parts").mkdir(parents=True)
    (tmp_path / "zones" / "parts" / "mx.zone").write_text("@ MX 10 mx1\n@ MX 20 mx2\n")
    (tmp_path / "outside.zone").write_text("@ TXT secret\n")
    main = tmp_path / "zones" / "main.zone"
    main.write_text("$ORIGIN example.com.\n$INCLUDE parts/mx.zone\n")
    assert len(Zone.from_zonefile(main).get_type("", "MX").values) == 2  # type: ignore[union-attr]
    main.write_text("$ORIGIN example.com.\n$INCLUDE ../outside.zone\n")
    with pytest.raises(ValueError, match=r"line 2: .*outside the zone file's folder"):
        Zone.from_zonefile(main)
    main.write_text(f"$ORIGIN example.com.\n$INCLUDE {tmp_path / 'outside.zone'}\n")
    with pytest.raises(ValueError, match="outside the zone file's folder"):
        Zone.from_zonefile(main)


def test_include_in_text_is_an_error():
    with pytest.raises(ValueError, match=r"line 2: \$INCLUDE is only followed in zone files"):
        Zone.from_zonefile("$ORIGIN example.com.\n$INCLUDE /etc/passwd\n")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("$ORIGIN example.com.\n@ MX 10\n", 2),
        ('$ORIGIN example.com.\n\n\n@ TXT "open\n', 4),
        ("$ORIGIN example.com.\n@ MX 99999 mx\n", 2),
        ("$ORIGIN example.com.\nwww A not-an-ip\n", 2),
        ("www A 192.0.2.1\n", 1),
        ("$ORIGIN example.com.\n@ MX ( 10\n mx\n", 2),
    ],
)
def test_syntax_errors_name_the_line(text, line):
    with pytest.raises(ValueError, match=f"line {line}: "):
        Zone.from_zonefile(text)


def test_missing_file_and_bad_source(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        Zone.from_zonefile(tmp_path / "missing.zone")
    with pytest.raises(TypeError, match=r"str or os\.PathLike"):
        Zone.from_zonefile(42)  # type: ignore[arg-type]
