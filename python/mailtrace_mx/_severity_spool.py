"""Text grouped by severity (errors first, input order within a group) without holding a
large run in memory: each group is a temporary file that stays in memory while small."""

from __future__ import annotations

import shutil
import tempfile
from typing import IO, Any

from ._run_summary import OK, SEVERITIES, severity_rank

#: Bytes a group keeps in memory before it moves to a temporary file.
IN_MEMORY = 1 << 20


class SeveritySpool:
    """Appends text per severity; writes it out errors first."""

    def __init__(self) -> None:
        self.groups: dict[str, IO[Any]] = {
            s: tempfile.SpooledTemporaryFile(
                IN_MEMORY, mode="w+", encoding="utf-8", errors="backslashreplace"
            )
            for s in (*SEVERITIES, OK)
        }

    def add(self, severity: str, text: str) -> None:
        """Appends ``text`` to the group of ``severity``."""
        self.groups[severity].write(text)

    def write_to(self, out: IO[str]) -> None:
        """Copies every group to ``out``, errors first, then warnings, info, ok."""
        for severity in sorted(self.groups, key=severity_rank):
            group = self.groups[severity]
            group.seek(0)
            shutil.copyfileobj(group, out)

    def close(self) -> None:
        """Drops the groups (and their temporary files)."""
        for group in self.groups.values():
            group.close()

    def __enter__(self) -> SeveritySpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
