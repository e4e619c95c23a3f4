"""``mailtrace-mx check``: domains from arguments and ``-f`` lists through
:func:`~mailtrace_mx.check_domains`, reports streamed to stdout (text, ``--json`` or
``--jsonl``) and ``--html``, a progress line on a terminal, a summary on stderr.

Memory stays bounded whatever the input size: reports are counted (:class:`Summary`) and
written or spooled to temporary files as they come, never collected.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, Optional, Union

from ._check_output import JsonArray, JsonLines, TextReport, quiet_stdout
from ._domain_input import DomainInput
from ._progress import Progress, is_terminal
from ._run_summary import Summary
from .bulk import check_domains
from .report_html import HtmlReport

Output = Union[JsonArray, JsonLines, TextReport]


def _output(args: argparse.Namespace) -> Output:
    if args.json:
        return JsonArray(sys.stdout)
    if args.jsonl:
        return JsonLines(sys.stdout)
    return TextReport(sys.stdout)


def _probe_options(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "fetch_policy": args.fetch_policy,
        "probe_smtp": args.probe_smtp,
        "cafile": args.cafile,
        "smtp_port": args.smtp_port,
        "https_port": args.https_port,
    }


def _progress(source: DomainInput) -> Progress:
    """The progress line: on a terminal only, and not for a single domain."""
    total: Optional[int] = source.total() if is_terminal(sys.stderr) else None
    progress = Progress(sys.stderr, total, wanted=total is None or total > 1)
    source.before_message = progress.clear
    return progress


class CheckRun:
    """One run: where each report goes, and the counters."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.summary = Summary()
        self.fail_on: str = args.fail_on
        self.output = _output(args)
        self.html: Optional[HtmlReport] = None
        try:
            self.html = HtmlReport(args.html) if args.html else None
        except OSError:
            self.output.close()
            raise

    def add(self, report: Any) -> None:
        item = report.to_dict()
        self.summary.add(item)
        self.output.add(item)
        if self.html is not None:
            self.html.add(item)

    def finish(self) -> None:
        self.output.finish()
        if self.html is not None:
            self.html.finish(self.summary)

    def close(self) -> None:
        self.output.close()
        if self.html is not None:
            self.html.close()

    def status(self) -> int:
        return 1 if self.summary.reaches(self.fail_on) else 0


def run_check(args: argparse.Namespace, config: Any) -> int:
    """Runs ``check``; returns the exit status (see ``mailtrace_mx.cli``)."""
    source = DomainInput(args.domains, args.files, sys.stderr)
    try:
        run = CheckRun(args)
    except OSError:
        source.close()
        raise
    progress = _progress(source)
    try:
        reports = check_domains(
            source.names(),
            config,
            max_domains_in_flight=args.max_domains_in_flight,
            **_probe_options(args),
        )
        shared_terminal = is_terminal(sys.stdout)  # reports and progress on one screen
        try:
            for report in reports:
                if shared_terminal:
                    progress.clear()
                run.add(report)
                progress.update(run.summary.domains)
            run.summary.invalid_lines = source.invalid
            progress.clear()
            run.finish()
        finally:
            reports.close()
    except BrokenPipeError:
        quiet_stdout()
        return run.status()
    finally:
        progress.clear()
        run.close()
        source.close()
    for line in run.summary.lines():
        print(line, file=sys.stderr)
    return run.status()
