"""Domain names for ``check``/``resolve``: arguments, then ``-f FILE`` lists (``-`` = stdin).

A list holds one name a line; ``#`` starts a comment (whole line or after the name) and
blank lines are skipped. A line that is not a valid domain name is reported on stderr with
its file and line number and still handed on (the check gives it an ``invalid-domain``
report, ``resolve`` an ``InvalidDomain`` error), so the run goes on and the line is
counted. Lines are read lazily (a list of a million names is never held in memory) and
are at most :data:`MAX_LINE` characters: the rest of a longer line is skipped.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator, Sequence
from typing import IO, Callable, Optional, TextIO

from ._core import normalize_domain

#: Characters read of one line; a longer line is invalid (a name has at most 253).
MAX_LINE = 1024

STDIN = "-"


def open_list(path: str) -> TextIO:
    """Opens a list (``-`` = stdin) as UTF-8 text (a BOM skipped, undecodable bytes replaced)."""
    if path == STDIN:
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:  # already text (e.g. replaced in tests)
            return sys.stdin
        return io.TextIOWrapper(buffer, encoding="utf-8-sig", errors="replace")
    return open(path, encoding="utf-8-sig", errors="replace")


def _bounded_lines(f: IO[str]) -> Iterator[tuple[str, bool]]:
    """(line, complete) pairs: lines cut at MAX_LINE characters, the rest skipped."""
    while True:
        line = f.readline(MAX_LINE)
        if not line:
            return
        if line.endswith("\n") or len(line) < MAX_LINE:
            yield line, True
            continue
        yield line, False
        while True:
            rest = f.readline(MAX_LINE)
            if not rest or rest.endswith("\n"):
                break


def names_in(f: IO[str]) -> Iterator[tuple[int, str, bool]]:
    """(line number, name, complete) of each line that holds a name."""
    for number, (line, complete) in enumerate(_bounded_lines(f), start=1):
        name = line.split("#", 1)[0].strip() if complete else line.strip()
        if name:
            yield number, name, complete


def invalid_reason(name: str) -> Optional[str]:
    """Why ``name`` is not a domain name to check, or None."""
    try:
        normalize_domain(name)
    except (ValueError, TypeError) as e:
        return str(e)
    return None


class DomainInput:
    """The names of one run, in order: ``arguments``, then each list in ``paths``."""

    def __init__(self, arguments: Sequence[str], paths: Sequence[str], err: TextIO) -> None:
        self.arguments = list(arguments)
        self.paths = list(paths)
        self.err = err
        self.invalid = 0
        #: Called before a message is printed (e.g. to erase a progress line).
        self.before_message: Callable[[], None] = lambda: None
        # Opened now, so a missing file is an error before anything runs.
        self.files = [(p, open_list(p)) for p in self.paths]

    def close(self) -> None:
        for path, f in self.files:
            if path != STDIN:
                f.close()

    def total(self) -> Optional[int]:
        """How many names there are (reads regular files once more), None for stdin."""
        if STDIN in self.paths:
            return None
        count = len(self.arguments)
        for path in self.paths:
            with open(path, encoding="utf-8-sig", errors="replace") as f:
                count += sum(1 for _ in names_in(f))
        return count

    def names(self) -> Iterator[str]:
        """Every name, invalid ones reported on stderr and counted in ``invalid``."""
        for name in self.arguments:
            self._check(name, "")
            yield name
        for path, f in self.files:
            where = "<stdin>" if path == STDIN else path
            for number, name, complete in names_in(f):
                self._check(name, f"{where}:{number}", complete)
                yield name

    def _check(self, name: str, where: str, complete: bool = True) -> None:
        reason = (
            invalid_reason(name)
            if complete
            else f"line longer than {MAX_LINE} characters, not a domain name"
        )
        if reason is not None:
            self.invalid += 1
            self.before_message()
            prefix = f"{where}: " if where else ""
            print(f"mailtrace-mx: {prefix}{reason}", file=self.err)
