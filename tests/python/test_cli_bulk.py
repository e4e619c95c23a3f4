"""``mailtrace-mx check``/``resolve`` over many domains, run as users run them: ``-f`` lists and
stdin, invalid lines, ``--jsonl``, the progress line on a terminal only, the summary, exit
codes, per-subcommand options and quiet broken pipes. Real DNS server on 127.0.0.1."""

from __future__ import annotations

import errno
import json
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Optional

import pytest
from mailtrace_mx.cli import main
from mailtrace_mx.testing import DnsServer

RECORDS: dict[str, dict[str, Any]] = {
    "good.test": {"MX": ["10 mx1.good.test.", "20 mx2.good.test."], "TXT": "v=spf1 mx -all"},
    "mx1.good.test": {"A": "192.0.2.1"},
    "mx2.good.test": {"A": "192.0.2.2"},
    "1.2.0.192.in-addr.arpa": {"PTR": "mx1.good.test."},  # forward-confirmed reverse DNS
    "2.2.0.192.in-addr.arpa": {"PTR": "mx2.good.test."},
    "_dmarc.good.test": {"TXT": "v=DMARC1; p=reject"},
    "_mta-sts.good.test": {"TXT": "v=STSv1; id=1"},
    "_smtp._tls.good.test": {"TXT": "v=TLSRPTv1; rua=mailto:t@good.test"},
    # warnings and infos only: one MX, SPF without all, no DMARC/MTA-STS/TLS-RPT
    "meh.test": {"MX": "10 mx1.good.test.", "TXT": "v=spf1 mx"},
    # an error: MX to a CNAME
    "bad.test": {"MX": "10 alias.good.test.", "TXT": "v=spf1 -all"},
    "alias.good.test": {"CNAME": "mx1.good.test."},
    **{f"m{i}.test": {"MX": "10 mx1.good.test.", "TXT": "v=spf1 mx -all"} for i in range(300)},
}

ENV = {**os.environ, "PYTHONWARNINGS": "ignore"}


@pytest.fixture
def server(dns_server: DnsServer) -> DnsServer:
    dns_server.set_records(RECORDS)
    return dns_server


def dns(server: DnsServer) -> list[str]:
    return ["--server", server.address, "--timeout", "2"]


def write_list(tmp_path: Path, text: str, name: str = "domains.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run_cli(
    *args: str, stdin: Optional[str] = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mailtrace_mx", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=ENV,
    )


LIST = """\
# customers
good.test
   bad.test   # trailing comment

not a domain
meh.test
a..b
"""


# --- input ---------------------------------------------------------------------------------


def test_stdin_list_with_comments_and_invalid_lines(server: DnsServer) -> None:
    res = run_cli("check", "-f", "-", "--jsonl", *dns(server), stdin=LIST)
    assert res.returncode == 1, res.stderr  # bad.test and the invalid names are errors
    lines = res.stdout.splitlines()
    docs = [json.loads(line) for line in lines]
    assert [d["domain"] for d in docs] == [
        "good.test",
        "bad.test",
        "not a domain",
        "meh.test",
        "a..b",
    ]
    assert "<stdin>:5: " in res.stderr and "'not a domain'" in res.stderr
    assert "<stdin>:7: " in res.stderr and "'a..b'" in res.stderr
    assert "<stdin>:2" not in res.stderr and "<stdin>:3" not in res.stderr
    invalid = [f["id"] for d in (docs[2], docs[4]) for f in d["findings"]]
    assert invalid == ["invalid-domain", "invalid-domain"]


def test_arguments_then_files_in_order(server: DnsServer, tmp_path: Path) -> None:
    first = write_list(tmp_path, "m1.test\nm2.test\n", "a.txt")
    second = write_list(tmp_path, "m3.test\n", "b.txt")
    res = run_cli("check", "m0.test", "-f", first, "-f", second, "--jsonl", *dns(server))
    assert res.returncode == 0, res.stderr
    assert [json.loads(x)["domain"] for x in res.stdout.splitlines()] == [
        f"m{i}.test" for i in range(4)
    ]


def test_bom_crlf_and_bad_bytes(server: DnsServer, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes(b"\xef\xbb\xbfm1.test\r\nm2.test\r\n\xffbad\r\n")
    assert main(["check", "-f", str(path), "--jsonl", *dns(server)]) == 1
    captured = capsys.readouterr()
    domains = [json.loads(line)["domain"] for line in captured.out.splitlines()]
    assert domains == ["m1.test", "m2.test", "\ufffdbad"]
    assert f"{path}:3: " in captured.err and f"{path}:1" not in captured.err


def test_invalid_line_numbers_in_a_file(server: DnsServer, tmp_path: Path, capsys: Any) -> None:
    path = write_list(tmp_path, "good.test\n\n# x\nbad..name\n" + "y" * 5000 + "\nmeh.test\n")
    status = main(["check", "-f", path, "--json", *dns(server)])
    captured = capsys.readouterr()
    assert status == 1
    assert f"{path}:4: " in captured.err and "bad..name" in captured.err
    assert f"{path}:5: line longer than" in captured.err
    doc = json.loads(captured.out)
    assert [d["domain"] for d in doc] == ["good.test", "bad..name", "y" * 1024, "meh.test"]
    assert "invalid names: 2" in captured.err


def test_missing_file_and_no_domains_are_usage_errors(capsys: Any) -> None:
    assert main(["check", "-f", "/nonexistent/list.txt"]) == 2
    assert "/nonexistent/list.txt" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        main(["check"])
    assert e.value.code == 2
    with pytest.raises(SystemExit) as e:
        main(["resolve"])
    assert e.value.code == 2


# --- outputs -------------------------------------------------------------------------------


def test_jsonl_lines_equal_the_json_document(server: DnsServer, tmp_path: Path) -> None:
    path = write_list(tmp_path, "\n".join(f"m{i}.test" for i in range(40)) + "\nbad.test\n")
    jsonl = run_cli("check", "-f", path, "--jsonl", *dns(server))
    whole = run_cli("check", "-f", path, "--json", *dns(server))
    assert jsonl.returncode == whole.returncode == 1
    lines = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert lines == json.loads(whole.stdout)
    assert [d["domain"] for d in lines] == [f"m{i}.test" for i in range(40)] + ["bad.test"]


def test_json_array_is_written_as_json_dump_would(server: DnsServer, capsys: Any) -> None:
    main(["check", "good.test", "bad.test", "--json", *dns(server)])
    out = capsys.readouterr().out
    assert out == json.dumps(json.loads(out), indent=2, ensure_ascii=False) + "\n"


def test_text_output_sorted_by_severity(server: DnsServer, capsys: Any) -> None:
    status = main(["check", "good.test", "meh.test", "a..b", "bad.test", *dns(server)])
    out = capsys.readouterr().out
    assert status == 1
    heads = [line for line in out.splitlines() if not line.startswith("  ")]
    assert heads[0].startswith("a..b: error (1 error)")
    assert heads[1].startswith("bad.test: error (1 error")
    assert heads[2].startswith("meh.test: warning (")
    assert heads[3] == "good.test: ok, no findings"
    block = out.split("bad.test: error")[1].split("\n")
    assert block[1].startswith("  MX    10  alias.good.test")


def test_summary_numbers(server: DnsServer, capsys: Any) -> None:
    domains = ["good.test", "meh.test", "bad.test", "a..b", "m1.test"]
    main(["check", *domains, "--json", *dns(server)])
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    worst = {"error": 0, "warning": 0, "info": 0, "ok": 0}
    found = {"error": 0, "warning": 0, "info": 0}
    ids: dict[str, int] = {}
    for d in doc:
        sevs = [f["severity"] for f in d["findings"]]
        for s in ("error", "warning", "info"):
            found[s] += sevs.count(s)
        worst[next((s for s in ("error", "warning", "info") if s in sevs), "ok")] += 1
        for f in d["findings"]:
            ids[f["id"]] = ids.get(f["id"], 0) + 1
    assert worst["error"] == 2 and worst["ok"] == 1  # the counts below are not trivial
    err = captured.err
    assert re.search(r"checked 5 domain\(s\) in [\d.]+ s; by worst finding: ", err)
    assert (
        f"by worst finding: {worst['error']} error, {worst['warning']} warning, "
        f"{worst['info']} info, {worst['ok']} ok" in err
    )
    assert (
        f"findings: {found['error']} error, {found['warning']} warning, {found['info']} info" in err
    )
    top = sorted(ids.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    assert "most common: " + ", ".join(f"{i} ({n})" for i, n in top) in err
    assert "invalid names: 1" in err


# --- exit codes and options ----------------------------------------------------------------


def test_fail_on_applies_to_the_whole_run(server: DnsServer) -> None:
    ok = ["good.test", "m1.test"]
    assert main(["check", *ok, *dns(server)]) == 0
    assert main(["check", *ok, "meh.test", *dns(server)]) == 0
    assert main(["check", *ok, "meh.test", "--fail-on", "warning", *dns(server)]) == 1
    assert main(["check", *ok, "bad.test", *dns(server)]) == 1


def test_a_bad_domain_exits_1_in_check_and_resolve(server: DnsServer, capsys: Any) -> None:
    assert main(["check", "a..b", *dns(server)]) == 1
    assert main(["resolve", "a..b", *dns(server)]) == 1
    capsys.readouterr()
    assert main(["resolve", "a..b", "--json", *dns(server)]) == 1
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["error"]["type"] == "InvalidDomain"


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "zone.yaml", "--server", "192.0.2.1"],
        ["validate", "zone.yaml", "--timeout", "2"],
        ["validate", "zone.yaml", "--fail-on", "error"],
        ["resolve", "example.test", "--fail-on", "warning"],
        ["resolve", "example.test", "--jsonl"],
        ["resolve", "example.test", "--html", "x.html"],
        ["clusters", "c.yaml", "--jsonl"],
        ["clusters", "c.yaml", "-f", "list.txt"],
        ["demo", "--html", "x.html"],
        ["demo", "--origin", "x"],
        ["check", "example.test", "--origin", "x"],
        ["check", "example.test", "--json", "--jsonl"],
    ],
)
def test_an_option_a_subcommand_ignores_is_a_usage_error(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 2


def test_bad_window_and_probe_options_exit_2(server: DnsServer, capsys: Any) -> None:
    assert main(["check", "good.test", "--max-domains-in-flight", "0", *dns(server)]) == 2
    assert "max_domains_in_flight" in capsys.readouterr().err
    assert main(["check", "good.test", "--smtp-port", "0", *dns(server)]) == 2
    assert "smtp_port" in capsys.readouterr().err


def test_validate_yaml_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "zone.yaml"
    path.write_text("'':\n  - type: MX\n    values: [10 mx1.example.test.\n  - x: : y\n")
    res = run_cli("validate", str(path))
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert re.search(re.escape(str(path)) + r":\d+: YAML syntax error", res.stderr), res.stderr


def test_validate_zonefile_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.zone"
    path.write_text("$ORIGIN example.test.\n@ IN MX ten mx1\n")
    res = run_cli("validate", str(path))
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert str(path) in res.stderr


def test_resolve_looks_domains_up_at_once(server: DnsServer, capsys: Any) -> None:
    domains = [f"m{i}.test" for i in range(10)]
    for name in domains:
        server.fault(name, "delay", delay=0.3)
    start = time.monotonic()
    assert main(["resolve", *domains, "--json", *dns(server)]) == 0
    took = time.monotonic() - start
    doc = json.loads(capsys.readouterr().out)
    assert [d["domain"] for d in doc] == domains
    assert doc[3]["mx"][0]["addresses"] == ["192.0.2.1"]
    assert took < 1.5, took  # one after another: 3 s


def test_resolve_from_stdin(server: DnsServer) -> None:
    res = run_cli("resolve", "-f", "-", "--json", *dns(server), stdin="good.test\nnx.test\n")
    assert res.returncode == 1
    doc = json.loads(res.stdout)
    assert [d["domain"] for d in doc] == ["good.test", "nx.test"]
    assert doc[1]["error"]["type"] == "NXDomain"


# --- progress: a terminal only -------------------------------------------------------------


def read_all(fd: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> bytes:
    out = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError as e:  # EIO: the other side is closed
                if e.errno != errno.EIO:
                    raise
                break
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    return out


def test_progress_line_on_a_terminal(server: DnsServer, tmp_path: Path) -> None:
    path = write_list(tmp_path, "\n".join(f"m{i}.test" for i in range(300)) + "\n")
    master, slave = os.openpty()
    with open(tmp_path / "out.jsonl", "wb") as out:  # a file: a pipe nobody reads would fill
        proc = subprocess.Popen(
            [sys.executable, "-m", "mailtrace_mx", "check", "-f", path, "--jsonl", *dns(server)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=slave,
            env=ENV,
        )
        os.close(slave)
        try:
            terminal = read_all(master, proc).decode()
        finally:
            os.close(master)
        proc.wait(timeout=60)
    assert proc.returncode == 0, terminal
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 300
    assert re.search(r"\rchecked \d+/300 \(\d+%\)  \d+/s", terminal), terminal
    assert "\rchecked 300/300 (100%)" in terminal
    assert "checked 300 domain(s)" in terminal  # the summary follows


def test_no_progress_when_stderr_is_piped(server: DnsServer, tmp_path: Path) -> None:
    path = write_list(tmp_path, "\n".join(f"m{i}.test" for i in range(300)) + "\n")
    res = run_cli("check", "-f", path, "--jsonl", *dns(server))
    assert res.returncode == 0
    assert "\r" not in res.stderr
    assert "/300" not in res.stderr
    assert res.stderr.startswith("checked 300 domain(s)")


# --- broken pipe ---------------------------------------------------------------------------


def test_reader_closing_early_is_quiet(server: DnsServer, tmp_path: Path) -> None:
    path = write_list(tmp_path, "\n".join(f"m{i}.test" for i in range(300)) + "\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mailtrace_mx", "check", "-f", path, "--jsonl", *dns(server)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert json.loads(first)["domain"] == "m0.test"
    assert proc.returncode == 0, err
    assert err == "", err


@pytest.mark.parametrize("command", ["check --json", "check", "resolve --json", "resolve"])
def test_pipe_to_head(server: DnsServer, tmp_path: Path, command: str) -> None:
    path = write_list(tmp_path, "\n".join(f"m{i}.test" for i in range(300)) + "\n")
    cli = f"{sys.executable} -m mailtrace_mx {command} -f {path} " + " ".join(dns(server))
    res = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"{cli} | head -1"],
        capture_output=True,
        text=True,
        timeout=60,
        env=ENV,
    )
    assert res.returncode == 0, res.stderr
    assert len(res.stdout.splitlines()) == 1
    assert "Broken pipe" not in res.stderr and "Traceback" not in res.stderr
