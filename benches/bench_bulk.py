"""Bulk checks: ``mailtrace-mx check -f FILE --jsonl`` over 10,000 domains (and 100,000).

    nice -n 10 python benches/bench_bulk.py [--domains 10000] [--big 100000] [--delay-ms 20]

The domains are those of ``bench_check.py`` (2 MX with addresses and PTRs, SPF with one shared
include, DMARC, MTA-STS, TLS-RPT), served by a ``mailtrace_mx.testing.DnsServer`` in a process
of its own (its CPU is not counted) that answers every query concurrently after the delay.
Each run is the CLI in a subprocess with its soft open-files limit at 1024 (``ulimit -n
1024``), reading the list from a file and writing one JSON report a line to a file (as good as
``/dev/null``: the reports are then counted and checked for failed lookups). Measured: wall
time, CPU (user + system) and peak RSS of the CLI process (``os.wait4``), queries sent and
distinct questions (``(name, type)`` pairs) at the server. checkdmarc's figures come from
``benches/RESULTS-check.md`` (measured on 200 domains, one after another; extrapolated).
The table goes to ``benches/RESULTS-bulk.md`` (between the ``bulk`` markers).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from bench_check import bench_records, domains  # noqa: E402
from compare_checkdmarc import environment, replace_block  # noqa: E402

RESULTS = os.path.join(HERE, "RESULTS-bulk.md")
#: checkdmarc 6.0.4 on 200 domains at 20 ms, one after another (benches/RESULTS-check.md).
CHECKDMARC_WALL_PER_DOMAIN = 1.100
CHECKDMARC_CPU_PER_DOMAIN = 0.06509
CHECKDMARC_QUERIES_PER_DOMAIN = 46.0
#: The open-files limit of every run.
NOFILE = 1024

#: argv: records file, delay (s). stdin commands: "count" prints "sent distinct"; "clear"
#: resets the log; EOF stops it.
SERVER_CODE = """
import json, sys
from mailtrace_mx.testing import DnsServer
with open(sys.argv[1]) as f:
    records = json.load(f)
with DnsServer(records, delay=float(sys.argv[2])) as server:
    print(server.address, flush=True)
    for line in sys.stdin:
        if line.strip() == "count":
            log = server.queries
            print(len(log), len({(n, t) for n, t, _ in log}), flush=True)
        elif line.strip() == "clear":
            server.clear_queries()
            print("ok", flush=True)
"""


class Server:
    """The DNS server in a child process."""

    def __init__(self, records: dict[str, Any], delay_s: float) -> None:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(records, f)
            self.records_file = f.name
        cmd = [sys.executable, "-c", SERVER_CODE, self.records_file, str(delay_s)]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.address = self._ask(None)

    def _ask(self, command: Optional[str]) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        if command is not None:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def clear(self) -> None:
        self._ask("clear")

    def count(self) -> tuple[int, int]:
        sent, distinct = self._ask("count").split()
        return int(sent), int(distinct)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=60)
        os.unlink(self.records_file)


@dataclass
class Run:
    """One CLI run."""

    domains: int
    delay_ms: int
    wall: float
    cpu: float
    peak_rss_kib: int
    sent: int
    distinct: int
    reports: int
    failed: int
    exit_code: int


def _limit_files() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (NOFILE, hard))


def run_cli(server: Server, n: int, delay_ms: int, timeout: float, bound: float) -> Run:
    """``mailtrace-mx check -f LIST --jsonl`` over the first ``n`` domains."""
    server.clear()
    with tempfile.TemporaryDirectory() as tmp:
        listing = os.path.join(tmp, "domains.txt")
        with open(listing, "w") as f:
            f.write("\n".join(domains(n)) + "\n")
        out_path = os.path.join(tmp, "reports.jsonl")
        cmd = [sys.executable, "-m", "mailtrace_mx", "check", "-f", listing, "--jsonl"]
        cmd += ["--server", server.address, "--timeout", str(timeout), "--fail-on", "error"]
        with open(out_path, "w") as out:
            t0 = time.perf_counter()
            proc = subprocess.Popen(
                cmd, stdout=out, stderr=subprocess.DEVNULL, preexec_fn=_limit_files
            )
            try:
                _, status, usage = os.wait4(proc.pid, 0) if _wait(proc, bound) else (0, 0, None)
            finally:
                if proc.poll() is None:
                    proc.kill()
            wall = time.perf_counter() - t0
        if usage is None:
            raise SystemExit(f"the CLI did not finish {n} domains within {bound} s")
        reports = failed = 0
        with open(out_path) as f:
            for line in f:
                reports += 1
                failed += '-failed"' in line
    sent, distinct = server.count()
    return Run(
        domains=n,
        delay_ms=delay_ms,
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_rss_kib=usage.ru_maxrss,
        sent=sent,
        distinct=distinct,
        reports=reports,
        failed=failed,
        exit_code=os.waitstatus_to_exitcode(status),
    )


def _wait(proc: subprocess.Popen[bytes], bound: float) -> bool:
    """Whether ``proc`` exited within ``bound`` seconds (still a zombie: wait4 reaps it)."""
    deadline = time.monotonic() + bound
    while time.monotonic() < deadline:
        if os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            return True
        time.sleep(0.05)
    return False


def _row(r: Run) -> str:
    per = r.domains
    return (
        f"| {r.domains:,} | {r.delay_ms} ms | {r.wall:.1f} s | {r.domains / r.wall:,.0f} |"
        f" {r.sent / r.wall:,.0f} | {1000 * r.cpu / per:.2f} ms |"
        f" {r.peak_rss_kib / 1024:.1f} MiB | {r.sent:,} / {r.distinct:,} ="
        f" {r.sent / max(r.distinct, 1):.3f} | {r.sent / per:.1f} | {r.reports:,} | {r.failed} |"
    )


def render(runs: list[Run], command: str) -> str:
    lines = [
        "## `mailtrace-mx check -f FILE --jsonl` under `ulimit -n 1024`",
        "",
        f"Command: `{command}`  ",
        environment(),
        "",
        "| domains | delay | wall | domains/s | queries/s | CPU per domain | peak RSS"
        " | sent / distinct | queries per domain | reports | failed lookups |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        *(_row(r) for r in runs),
        "",
    ]
    main = next((r for r in runs if r.delay_ms > 0), None)
    if main is not None:
        peer_wall = CHECKDMARC_WALL_PER_DOMAIN * main.domains
        lines += [
            f"checkdmarc 6.0.4 at {main.delay_ms} ms (from RESULTS-check.md: 200 domains one"
            f" after another, extrapolated to {main.domains:,}):",
            "",
            "| | wall | CPU per domain | queries per domain |",
            "|---|---|---|---|",
            f"| checkdmarc, extrapolated | {peer_wall:,.0f} s |"
            f" {1000 * CHECKDMARC_CPU_PER_DOMAIN:.2f} ms | {CHECKDMARC_QUERIES_PER_DOMAIN:.1f} |",
            f"| ratio checkdmarc / ours | {peer_wall / main.wall:,.0f}x |"
            f" {CHECKDMARC_CPU_PER_DOMAIN * main.domains / main.cpu:.1f}x |"
            f" {CHECKDMARC_QUERIES_PER_DOMAIN * main.domains / main.sent:.2f}x |",
            "",
        ]
    return "\n".join(lines)


def main(argv: Optional[list[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--domains", type=int, default=10_000)
    p.add_argument("--big", type=int, default=100_000, help="0 ms run (0 to skip)")
    p.add_argument("--delay-ms", type=int, default=20)
    p.add_argument("--timeout", type=float, default=5.0, help="per-check timeout (s)")
    p.add_argument("--bound", type=float, default=600, help="seconds a run may take at most")
    p.add_argument("--no-write", action="store_true", help="print only")
    args = p.parse_args(argv)
    runs: list[Run] = []
    server = Server(bench_records(max(args.domains, args.big)), args.delay_ms / 1000)
    try:
        runs.append(run_cli(server, args.domains, args.delay_ms, args.timeout, args.bound))
        print(_row(runs[-1]), flush=True)
    finally:
        server.close()
    if args.big:
        server = Server(bench_records(args.big), 0.0)
        try:
            for n in (args.domains, args.big):
                runs.append(run_cli(server, n, 0, args.timeout, args.bound))
                print(_row(runs[-1]), flush=True)
        finally:
            server.close()
    command = "nice -n 10 python benches/bench_bulk.py " + " ".join(argv or sys.argv[1:])
    text = render(runs, command.strip())
    print(text)
    if not args.no_write:
        replace_block(RESULTS, "bulk", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
