"""Counters of a ``check`` run (constant memory) and the summary printed at its end."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from typing import Any

#: Severities, lowest first.
SEVERITIES = ("info", "warning", "error")
#: A report without findings.
OK = "ok"
#: How many finding ids the summary names.
TOP_IDS = 5


def worst_severity(report: Mapping[str, Any]) -> str:
    """The highest severity among a report's findings (``to_dict()`` form), or ``"ok"``."""
    ranks = [SEVERITIES.index(f["severity"]) for f in report["findings"]]
    return SEVERITIES[max(ranks)] if ranks else OK


def severity_rank(severity: str) -> int:
    """Sort key, errors first: error 0, warning 1, info 2, ok 3."""
    return (*reversed(SEVERITIES), OK).index(severity)


class Summary:
    """What a run found, by counters only: domains by worst severity, findings by
    severity and by id (ids come from a fixed catalog, so the counter stays small)."""

    def __init__(self) -> None:
        self.domains = 0
        self.invalid_lines = 0
        self.by_worst: Counter[str] = Counter()
        self.by_severity: Counter[str] = Counter()
        self.by_id: Counter[str] = Counter()
        self.started = time.monotonic()

    def add(self, report: Mapping[str, Any]) -> None:
        """Counts one report (``DomainReport.to_dict()`` form)."""
        self.domains += 1
        self.by_worst[worst_severity(report)] += 1
        for finding in report["findings"]:
            self.by_severity[finding["severity"]] += 1
            self.by_id[finding["id"]] += 1

    def reaches(self, fail_on: str) -> bool:
        """Whether any finding is at or above ``fail_on``."""
        floor = SEVERITIES.index(fail_on)
        return any(self.by_severity[s] for s in SEVERITIES[floor:])

    def top_ids(self) -> list[tuple[str, int]]:
        """The most common finding ids (count, then id), at most :data:`TOP_IDS`."""
        return sorted(self.by_id.items(), key=lambda item: (-item[1], item[0]))[:TOP_IDS]

    def lines(self) -> list[str]:
        """The summary, for people."""
        elapsed = time.monotonic() - self.started
        worst = ", ".join(f"{self.by_worst[s]} {s}" for s in (*reversed(SEVERITIES), OK))
        found = ", ".join(f"{self.by_severity[s]} {s}" for s in reversed(SEVERITIES))
        out = [
            f"checked {self.domains} domain(s) in {elapsed:.1f} s; by worst finding: {worst}",
            f"findings: {found}",
        ]
        if self.by_id:
            out.append("most common: " + ", ".join(f"{i} ({n})" for i, n in self.top_ids()))
        if self.invalid_lines:
            out.append(f"invalid names: {self.invalid_lines} (reported above)")
        return out
