"""Where ``check``'s reports go on stdout: ``--json`` (one document, its array streamed),
``--jsonl`` (one report a line, flushed per line) or text (domains sorted by worst
severity, errors first; held in temporary files, not in memory, until the end)."""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from ._run_summary import SEVERITIES, worst_severity
from ._severity_spool import SeveritySpool


def quiet_stdout() -> None:
    """After a broken pipe: later writes and the flush at exit go to /dev/null, so Python
    prints no "Broken pipe" (as git and ripgrep exit quietly)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


class JsonArray:
    """``[report, ...]`` exactly as ``json.dump(list, indent=2)`` writes it, item by item."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def add(self, item: Mapping[str, Any]) -> None:
        text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        self.out.write(("[\n  " if self.count == 0 else ",\n  ") + text)
        self.count += 1

    def finish(self) -> None:
        self.out.write("\n]\n" if self.count else "[]\n")
        self.out.flush()

    def close(self) -> None:
        """Nothing to drop."""


class JsonLines:
    """One compact JSON document a line, flushed at once (for ``tail -f`` and pipes)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def add(self, item: Mapping[str, Any]) -> None:
        self.out.write(json.dumps(item, ensure_ascii=False) + "\n")
        self.out.flush()

    def finish(self) -> None:
        self.out.flush()

    def close(self) -> None:
        """Nothing to drop."""


def _counts(findings: list[Mapping[str, Any]]) -> str:
    parts = []
    for severity in reversed(SEVERITIES):
        n = sum(1 for f in findings if f["severity"] == severity)
        if n:
            parts.append(f"{n} {severity}")
    return ", ".join(parts)


def domain_text(report: Mapping[str, Any]) -> str:
    """One summary line for the domain, then its MX hosts and findings (errors first)."""
    findings = sorted(report["findings"], key=lambda f: -SEVERITIES.index(f["severity"]))
    worst = worst_severity(report)
    head = f"{report['domain']}: {worst}"
    lines = [f"{head} ({_counts(findings)})" if findings else f"{head}, no findings"]
    addresses = report.get("addresses", {})
    for mx in report["mx"]:
        found = ", ".join(addresses.get(mx["exchange"], [])) or "no address"
        lines.append(f"  MX {mx['preference']:>5}  {mx['exchange']}  ({found})")
    lines.extend(f"  [{f['severity']}] {f['id']}: {f['message']}" for f in findings)
    return "\n".join(lines) + "\n"


class TextReport:
    """Text blocks grouped by worst severity, written at the end."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.spool = SeveritySpool()

    def add(self, report: Mapping[str, Any]) -> None:
        self.spool.add(worst_severity(report), domain_text(report))

    def finish(self) -> None:
        self.spool.write_to(self.out)
        self.out.flush()

    def close(self) -> None:
        self.spool.close()
