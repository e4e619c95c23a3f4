"""The progress line of a long run: on stderr, only when stderr is a terminal.

``checked 1234/10000 (12%)  410/s  ETA 21s``, rewritten in place with ``\\r`` at most
:data:`INTERVAL` seconds apart and erased at the end. When stderr is a file or a pipe
nothing is written at all.
"""

from __future__ import annotations

import os
import time
from typing import Callable, Optional, TextIO

#: Seconds between two redraws.
INTERVAL = 0.1


def is_terminal(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal (False for anything without a descriptor)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _width(stream: TextIO) -> int:
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
        return columns - 1 if columns >= 20 else 79
    except (AttributeError, ValueError, OSError):
        return 79


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds // 60 % 60:02d}m"


def progress_text(done: int, total: Optional[int], elapsed: float) -> str:
    """The line for ``done`` of ``total`` (None: unknown) after ``elapsed`` seconds."""
    rate = done / elapsed if elapsed > 0 else 0.0
    if total is None:
        return f"checked {done}  {rate:.0f}/s"
    percent = 100 * done // total if total else 100
    text = f"checked {done}/{total} ({percent}%)  {rate:.0f}/s"
    if 0 < rate and done < total:
        text += f"  ETA {_duration((total - done) / rate)}"
    return text


class Progress:
    """Draws the progress line on ``stream`` if it is a terminal and ``wanted``."""

    def __init__(
        self,
        stream: TextIO,
        total: Optional[int],
        wanted: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.total = total
        self.enabled = wanted and is_terminal(stream)
        self.clock = clock
        self.started = clock()
        self.last_draw = -INTERVAL
        self.drawn = 0

    def update(self, done: int) -> None:
        """Redraws for ``done`` finished domains (throttled)."""
        if not self.enabled:
            return
        now = self.clock()
        if now - self.last_draw < INTERVAL and done != self.total:
            return
        self.last_draw = now
        text = progress_text(done, self.total, now - self.started)[: _width(self.stream)]
        self.stream.write("\r" + text.ljust(self.drawn))
        self.stream.flush()
        self.drawn = len(text)

    def clear(self) -> None:
        """Erases the line (before other messages and at the end)."""
        if self.enabled and self.drawn:
            self.stream.write("\r" + " " * self.drawn + "\r")
            self.stream.flush()
            self.drawn = 0
