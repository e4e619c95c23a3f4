"""Which defects each tool catches: mailtrace-mx ``check_domain`` against checkdmarc 6.0.4 on
the loopback scenarios of ``check_scenarios.py``, side by side in one run.

    python benches/compare_checkdmarc.py [--peer-python PYTHON] [--timeout 2] [--out FILE]

One ``mailtrace_mx.testing.DnsServer`` on 127.0.0.1 serves every scenario. Ours runs in this
process (``check_domain(target, config)`` with ``servers=[server.address]``); checkdmarc runs
as a subprocess of the interpreter given by ``--peer-python`` (default ``$CHECKDMARC_PYTHON``,
else this one: ``pip install '.[bench]'`` installs checkdmarc 6.0.4 alongside), pointed
at the same server with a ``dns.nameserver.Do53Nameserver``, its SMTP/TLS probe off
(``check_mx_tls=False``, its default) and every HTTP request refused in-process (no MTA-STS
policy or BIMI download), so no traffic leaves loopback.

Each scenario carries its own predicate for each tool (see ``check_scenarios.py``); a control
counts as a false positive when a tool reports an error in the control's section. The table,
the counts and the raw output of both tools go to ``benches/RESULTS-check.md`` (the block
between the ``compare`` markers; ``bench_check.py`` owns the ``speed`` block).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from check_scenarios import SCENARIOS, Scenario, all_faults, all_records, served  # noqa: E402

#: The interpreter that has checkdmarc 6.0.4: ``$CHECKDMARC_PYTHON`` (a separate virtualenv),
#: else this one (the ``bench`` extra installs checkdmarc alongside).
DEFAULT_PEER_PYTHON = os.environ.get("CHECKDMARC_PYTHON") or sys.executable
RESULTS = os.path.join(HERE, "RESULTS-check.md")

# --- checkdmarc, in its own interpreter ------------------------------------------------------

#: Starts the text of the error our runner raises instead of any HTTP request; it is not
#: checkdmarc's finding, so it is left out of its messages.
HTTP_OFF = "HTTP disabled in this benchmark"

#: Runs in the peer's interpreter: argv = host port timeout; stdin = one domain a line;
#: stdout = one JSON result a line, then a last line {"_stats": {...}} (its own work's CPU
#: and wall time, after imports).
PEER_RUNNER = r"""
import json, resource, sys, time
import dns.nameserver, requests, requests.sessions
import checkdmarc

def _no_http(self, method, url, *args, **kwargs):
    raise requests.ConnectionError(f"HTTP_OFF: {method} {url}")

requests.sessions.Session.request = _no_http  # MTA-STS policy and BIMI downloads off

host, port, timeout = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
nameservers = [dns.nameserver.Do53Nameserver(host, port)]
domains = [line.strip() for line in sys.stdin if line.strip()]
cpu0 = resource.getrusage(resource.RUSAGE_SELF)
t0 = time.perf_counter()
for domain in domains:
    result = checkdmarc.check_domains(
        [domain], nameservers=nameservers, timeout=timeout, check_mx_tls=False
    )
    sys.stdout.write(json.dumps(result, default=str) + "\n")
wall = time.perf_counter() - t0
cpu1 = resource.getrusage(resource.RUSAGE_SELF)
cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
print(json.dumps({"_stats": {"wall": wall, "cpu": cpu, "domains": len(domains)}}), flush=True)
"""


@dataclass
class PeerRun:
    """checkdmarc's results by domain, and what the run cost."""

    results: dict[str, Any]
    wall: float  #: of the checks, after imports
    cpu: float  #: of the checks, after imports
    process_cpu: float  #: the whole subprocess, imports included
    peak_rss_kib: int


def run_peer(peer_python: str, address: str, domains: list[str], timeout: float) -> PeerRun:
    """Runs checkdmarc on ``domains`` (one after another, as it works) against ``address``."""
    host, port = address.rsplit(":", 1)
    cmd = [peer_python, "-c", PEER_RUNNER.replace("HTTP_OFF", HTTP_OFF), host, port, str(timeout)]
    proc = subprocess.Popen(
        cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("\n".join(domains) + "\n")
    proc.stdin.close()
    results: dict[str, Any] = {}
    stats: dict[str, Any] = {}
    for line in proc.stdout:
        doc = json.loads(line)
        if isinstance(doc, dict) and "_stats" in doc:
            stats = doc["_stats"]
        elif isinstance(doc, dict):
            results[doc["domain"]] = doc
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or not stats:
        raise RuntimeError(f"checkdmarc runner failed (exit {proc.returncode})")
    return PeerRun(
        results=results,
        wall=stats["wall"],
        cpu=stats["cpu"],
        process_cpu=usage.ru_utime + usage.ru_stime,
        peak_rss_kib=usage.ru_maxrss,
    )


def peer_messages(result: Optional[dict[str, Any]], sections: tuple[str, ...]) -> list[str]:
    """The error and warning texts of ``sections`` of one checkdmarc result (nested ones
    included: SPF's include tree carries its own)."""
    out: list[str] = []

    def walk(node: Any, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in ("error", "warnings") and HTTP_OFF not in node:
            out.append(node)

    for section in sections:
        walk((result or {}).get(section, {}))
    return out


def peer_errors(result: Optional[dict[str, Any]], sections: tuple[str, ...]) -> list[str]:
    """The top-level ``error`` texts of ``sections`` (what counts as an error on a control)."""
    out = []
    for section in sections:
        value = (result or {}).get(section)
        if isinstance(value, dict) and value.get("error") and HTTP_OFF not in value["error"]:
            out.append(str(value["error"]))
    return out


# --- ours ------------------------------------------------------------------------------------


def run_ours(address: str, targets: list[str], timeout: float) -> dict[str, list[dict[str, Any]]]:
    """Our findings (``to_dict()`` form) by domain."""
    from mailtrace_mx import MXDiscoveryConfig, check_domain

    config = MXDiscoveryConfig(servers=[address], timeout=timeout)
    return {t: check_domain(t, config=config).to_dict()["findings"] for t in targets}


# --- judging ---------------------------------------------------------------------------------


def _any(pattern: Optional[str], texts: list[str], flags: int = 0) -> bool:
    return bool(pattern) and any(re.search(pattern, t, flags) for t in texts)  # type: ignore[arg-type]


def judge_ours(s: Scenario, findings: list[dict[str, Any]]) -> bool:
    """True when our findings show the scenario's defect (on a control: an error in its
    section, i.e. a false positive)."""
    if s.control:
        counted = ("error", "warning") if s.fp_warnings else ("error",)
        return _any(s.ours, [f["id"] for f in findings if f["severity"] in counted])
    ids = [f["id"] for f in findings]
    return _any(s.ours, ids) and not _any(s.ours_not, ids)


def misreported_ours(s: Scenario, findings: list[dict[str, Any]]) -> bool:
    """True when our findings match what the scenario must NOT be reported as."""
    return _any(s.ours_not, [f["id"] for f in findings])


def misreported_peer(s: Scenario, result: Optional[dict[str, Any]]) -> bool:
    """True when checkdmarc's messages match what the scenario must NOT be reported as."""
    return _any(s.peer_not, peer_messages(result, s.peer_sections), re.I)


def judge_peer(s: Scenario, result: Optional[dict[str, Any]]) -> bool:
    """True when checkdmarc's messages show the scenario's defect (on a control: an error in
    its section, i.e. a false positive)."""
    texts = peer_messages(result, s.peer_sections)
    if s.control:
        return bool(peer_errors(result, s.peer_sections)) or _any(s.peer, texts, re.I)
    return _any(s.peer, texts, re.I) and not _any(s.peer_not, texts, re.I)


@dataclass
class Row:
    scenario: Scenario
    ours: bool
    peer: bool
    ours_ids: list[str]
    peer_texts: list[str]
    ours_wrong: bool = False  #: reported as what it must not be (e.g. permerror for a SERVFAIL)
    peer_wrong: bool = False

    @property
    def outcome(self) -> str:
        if self.scenario.control:
            fp = [n for n, hit in (("ours", self.ours), ("checkdmarc", self.peer)) if hit]
            return "false positive: " + ", ".join(fp) if fp else "clean"
        return {
            (True, True): "both",
            (True, False): "only ours",
            (False, True): "only checkdmarc",
            (False, False): "neither",
        }[(self.ours, self.peer)]


def compare(peer_python: str, timeout: float) -> tuple[list[Row], PeerRun]:
    """Serves every scenario on one loopback server and runs both tools on it."""
    from mailtrace_mx.testing import DnsServer

    scenarios = served()
    targets = [s.target for s in scenarios]
    with DnsServer(all_records()) as server:
        for name, kind in all_faults():
            server.fault(name, kind)
        ours = run_ours(server.address, targets, timeout)
        peer = run_peer(peer_python, server.address, targets, timeout)
    rows = []
    for s in scenarios:
        findings = ours[s.target]
        result = peer.results.get(s.target)
        rows.append(
            Row(
                scenario=s,
                ours=judge_ours(s, findings),
                peer=judge_peer(s, result),
                ours_ids=[f"{f['id']} ({f['severity']})" for f in findings],
                peer_texts=peer_messages(result, s.peer_sections),
                ours_wrong=misreported_ours(s, findings),
                peer_wrong=misreported_peer(s, result),
            )
        )
    return rows, peer


# --- output ----------------------------------------------------------------------------------


def _mark(hit: bool, control: bool, wrong: bool = False) -> str:
    if control:
        return "FALSE POSITIVE" if hit else "ok"
    if wrong and not hit:
        return "misreported"
    return "caught" if hit else "-"


def _cell(text: str, limit: int = 160) -> str:
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def render(rows: list[Row], command: str, when: str) -> str:
    defects = [r for r in rows if not r.scenario.control]
    controls = [r for r in rows if r.scenario.control]
    counts = Counter(r.outcome for r in defects)
    fp_ours = sum(r.ours for r in controls)
    fp_peer = sum(r.peer for r in controls)
    skipped = [s for s in SCENARIOS if s.skip]
    lines = [
        "## Defects caught: mailtrace-mx `check_domain` vs checkdmarc 6.0.4",
        "",
        f"Command: `{command}`  ",
        when,
        "",
        f"{len(rows)} scenarios served ({len(defects)} with a defect, {len(controls)} clean "
        f"controls), {len(skipped)} skipped. Of the {len(defects)} defects: "
        f"**both caught {counts['both']}**, **only ours {counts['only ours']}**, "
        f"**only checkdmarc {counts['only checkdmarc']}**, **neither {counts['neither']}**. "
        f"False positives on the {len(controls)} controls: ours {fp_ours}, "
        f"checkdmarc {fp_peer}.",
        "",
        "`caught`: the tool's output matches the scenario's predicate; `misreported`: it "
        "reports the fault as what it is not (a SERVFAIL as a permanent error or a missing "
        "record); `ok` / `FALSE POSITIVE` on controls.",
        "",
        "| scenario | defect | RFC | ours | checkdmarc | outcome |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        s = r.scenario
        lines.append(
            f"| {s.name} | {s.defect} | {s.rfc} | {_mark(r.ours, s.control, r.ours_wrong)} | "
            f"{_mark(r.peer, s.control, r.peer_wrong)} | {r.outcome} |"
        )
    lines += ["", "Skipped (the test server cannot express them yet):", ""]
    lines += [f"- `{s.name}` ({s.defect}, {s.rfc}): {s.skip}" for s in skipped]
    lines += [
        "",
        "### What each tool said (the text the predicates read)",
        "",
        "Ours: every finding id (severity). checkdmarc: the error and warning texts of the "
        "scenario's section.",
        "",
        "| scenario | ours | checkdmarc |",
        "|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.scenario.name} | {_cell(', '.join(r.ours_ids) or '(none)')} | "
            f"{_cell(' / '.join(r.peer_texts) or '(none)', 300)} |"
        )
    return "\n".join(lines) + "\n"


def replace_block(path: str, key: str, body: str) -> None:
    """Writes ``body`` between ``<!-- key:begin -->`` and ``<!-- key:end -->`` in ``path``
    (appended when the markers are not there yet); the rest of the file is kept."""
    begin, end = f"<!-- {key}:begin -->", f"<!-- {key}:end -->"
    text = ""
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            text = f.read()
    block = f"{begin}\n{body}{end}\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        text = head + block + tail.lstrip("\n")
    else:
        if not text:
            text = "# mailtrace-mx `check` against checkdmarc 6.0.4\n\n"
        text = text.rstrip("\n") + "\n\n" + block
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def environment() -> str:
    """One line on what ran where."""
    try:
        from importlib.metadata import version

        ours = version("mailtrace-mx")
    except Exception:
        ours = "?"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    try:
        commit = subprocess.run(
            ["git", "-C", HERE, "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "?"
    return (
        f"mailtrace-mx {ours} (commit {commit}), Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"load average {load:.1f}."
    )


def main(argv: Optional[list[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--peer-python", default=DEFAULT_PEER_PYTHON)
    p.add_argument("--timeout", type=float, default=2.0, help="per check, both tools")
    p.add_argument("--out", default=RESULTS)
    args = p.parse_args(argv)
    rows, _ = compare(args.peer_python, args.timeout)
    width = max(len(r.scenario.name) for r in rows)
    print(f"{'scenario':{width}} | {'defect':28} | {'ours':14} | {'checkdmarc':14}")
    for r in rows:
        s = r.scenario
        print(
            f"{s.name:{width}} | {s.defect:28} | {_mark(r.ours, s.control, r.ours_wrong):14} | "
            f"{_mark(r.peer, s.control, r.peer_wrong):14}"
        )
    command = "python benches/compare_checkdmarc.py" + (
        " --peer-python PEER_VENV/bin/python" if args.peer_python != sys.executable else ""
    )
    body = render(rows, command, environment())
    replace_block(args.out, "compare", body)
    print(body.split("\n\n")[2])
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
