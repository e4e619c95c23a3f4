"""single_mx_regexes: a pattern is rejected exactly when Python's ``re`` rejects it.

octoDNS compiles the patterns with ``re.compile``; we run them with fancy-regex
behind a check of Python's syntax rules. For each pattern below, ours raises
``ValueError`` iff ``re.compile`` raises ``re.error``, except for the few listed
in ``KNOWN_DIFFERENCES`` with the reason.
"""

from __future__ import annotations

import re
import warnings

import pytest
from mailtrace_mx import MailZoneValidator

PATTERNS = [
    # group names
    r"(?P<a>x)(?P<a>y)",
    r"(?P<1a>x)",
    r"(?P<>x)",
    r"(?P<a-b>x)",
    r"(?P<a b>x)",
    r"(?P<_b2>x)",
    r"(?P<é>x)",
    r"(?P<a>x)(?P<b>y)",
    r"(?<a>x)",
    r"(?P<a>x)(?P=a)",
    r"(?P=b)",
    r"(?P<a",
    r"(?Px)",
    # flags
    r"(?i)mx\.example\.",
    r"(?i)(?s)mx",
    r"a(?i)b",
    r"(a(?i)b)",
    r"(?i:mx)",
    r"(?-i:mx)",
    r"(?L)a",
    r"(?Q)a",
    r"(?x) mx \. example # comment",
    r"(?x) a # (?P<a>x)(?P<a>y)",
    # escapes
    r"\q",
    r"\z",
    r"\p{L}",
    r"\h",
    r"\K",
    r"\x4",
    r"\x41",
    r"\x{41}",
    r"\u0041",
    r"\U00000041",
    r"\0\012",
    r"\777",
    r"(a)\1",
    r"\2(a)",
    r"\.\-\<\>",
    r"\d\D\s\S\w\W\b\B\A\Z",
    # sets
    r"[]a]",
    r"[^]a-z\d-]",
    r"[z-a]",
    r"[\d-z]",
    r"[\A]",
    r"[a",
    r"[\w.-]+\.example\.",
    r"[[a]",
    r"[a&&b~~c]",
    # repeats and flags fancy-regex spells differently
    r"a{,3}",
    r"a{2}{3}",
    r"x{",
    r"(?a)a",
    r"(?au)a",
    # structure
    r"(",
    r")",
    r"a**",
    r"*a",
    r"a{2,1}",
    r"(?<=a)b(?<!c)",
    r"(?<=a+)b",
    r"(?#comment)mx",
    r"(?#unterminated",
    r"^(feedback|inbound)-smtp\..+\.amazon(aws|ses)\.com\.$",
    r"^mx(?!bad)\w+\.example\.$",
]

# Patterns where the engines disagree in a way a user may meet, and why.
KNOWN_DIFFERENCES: dict[str, str] = {}


def python_rejects(pattern: str) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            re.compile(pattern)
        except re.error:
            return True
    return False


def ours_rejects(pattern: str) -> bool:
    try:
        MailZoneValidator("mail", single_mx_regexes=[pattern])
    except ValueError as e:
        assert str(e).startswith(f'Invalid single_mx_regexes pattern "{pattern}": ')
        return True
    return False


def test_enough_patterns_of_both_kinds() -> None:
    rejected = [p for p in PATTERNS if python_rejects(p)]
    assert len(PATTERNS) >= 50
    assert 20 <= len(rejected) <= len(PATTERNS) - 15


@pytest.mark.parametrize("pattern", [p for p in PATTERNS if p not in KNOWN_DIFFERENCES])
def test_rejected_iff_python_rejects(pattern: str) -> None:
    assert ours_rejects(pattern) == python_rejects(pattern)


def test_messages_are_pythons() -> None:
    with pytest.raises(ValueError) as info:
        MailZoneValidator("mail", single_mx_regexes=["(?P<a>x)(?P<a>y)"])
    assert str(info.value) == (
        'Invalid single_mx_regexes pattern "(?P<a>x)(?P<a>y)": '
        "redefinition of group name 'a' as group 2; was group 1 at position 12"
    )
    with pytest.raises(ValueError, match=r"bad character in group name '1a' at position 4$"):
        MailZoneValidator("mail", single_mx_regexes=["(?P<1a>x)"])
