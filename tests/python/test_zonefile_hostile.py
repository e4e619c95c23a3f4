"""Hostile zone-file text: no hang, no crash, an error naming a line.

Each case runs in a child process under an address-space limit, so a
regression (the reader once allocated without bound on "\\x85\\n") fails the
test instead of taking the machine down.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

# Unicode White_Space other than "\n", " " and "\t", and the four information
# separators Python's str.isspace() also counts.
BLANKS = [
    "\x85",
    "\xa0",
    "\u1680",
    *[chr(c) for c in range(0x2000, 0x200B)],
    "\u2028",
    "\u2029",
    "\u202f",
    "\u205f",
    "\u3000",
    "\x0b",
    "\x0c",
]
SEPARATORS = ["\x1c", "\x1d", "\x1e", "\x1f"]

MEMORY_LIMIT = 1 << 30  # bytes of address space for the child
TIMEOUT = 60  # seconds: a hang, not a slow machine


def run_limited(body: str) -> str:
    """Runs `body` in a child Python under RLIMIT_AS; returns its stdout."""
    code = textwrap.dedent(
        f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}))
        from mailtrace_mx import Zone
        """
    ) + textwrap.dedent(body)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=TIMEOUT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_nel_then_newline() -> None:
    out = run_limited(
        """
        z = Zone.from_zonefile("\\x85\\n", origin="example.com")
        print(len(z.records))
        """
    )
    assert out.split() == ["0"]


@pytest.mark.parametrize("blank", BLANKS, ids=lambda c: f"U+{ord(c):04X}")
def test_unicode_blank_separates_tokens(blank: str) -> None:
    out = run_limited(
        f"""
        b = {blank!r}
        text = f"a{{b}}TXT{{b}}x{{b}}\\n{{b}}MX 10 mx.example.com.\\n{{b}}\\n"
        z = Zone.from_zonefile(text, origin="example.com")
        print(sorted((r.name, r.type) for r in z.records))
        for text in [b, b + "\\n", "\\n" + b + b]:
            assert len(Zone.from_zonefile(text + "\\n", origin="example.com").records) == 0
        """
    )
    assert out.strip() == "[('a', 'MX'), ('a', 'TXT')]"


@pytest.mark.parametrize("sep", SEPARATORS, ids=lambda c: f"U+{ord(c):04X}")
def test_information_separators_name_their_line(sep: str) -> None:
    out = run_limited(
        f"""
        sep = chr({ord(sep)})
        try:
            Zone.from_zonefile(f"a TXT x\\nb{{sep}} TXT y\\n", origin="example.com")
        except ValueError as e:
            print(e)
        """
    )
    assert out.startswith(f"line 2: control character U+{ord(sep):04X}"), out


def test_ten_megabytes_of_garbage_name_a_line() -> None:
    out = run_limited(
        """
        import random
        rng = random.Random(7)
        text = rng.randbytes(10 << 20).decode("latin-1")
        lines = text.count("\\n") + 1
        try:
            Zone.from_zonefile(text, origin="example.com")
        except ValueError as e:
            message = str(e)
            line = int(message.split(":")[0].removeprefix("line "))
            assert 1 <= line <= lines, message
            assert len(message) < 2000, len(message)
            print("ValueError", line)
        """
    )
    assert out.startswith("ValueError "), out


def test_record_data_that_contains_itself() -> None:
    out = run_limited(
        """
        loop = []
        loop.append(loop)
        try:
            Zone("example.com").add_record("a", "TXT", loop)
        except ValueError as e:
            print(e)
        """
    )
    assert "nested more than 32 levels" in out, out
