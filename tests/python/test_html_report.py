"""``check --html``: one self-contained page, checked as text and in a real headless browser
(Debian's ``chromium``; ``.ci/install-browser.sh`` installs it). The browser tests are skipped
only when no browser is installed outside CI; in CI (``$CI`` set) they must run."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any, Optional

import pytest
from mailtrace_mx import DomainReport, Finding
from mailtrace_mx._run_summary import Summary
from mailtrace_mx.cli import main
from mailtrace_mx.report_html import HtmlReport
from mailtrace_mx.testing import DnsServer

ROOT = Path(__file__).resolve().parents[2]
INSTALL_BROWSER = ROOT / ".ci" / "install-browser.sh"

RECORDS: dict[str, dict[str, Any]] = {
    "good.test": {"MX": ["10 mx1.good.test.", "20 mx2.good.test."], "TXT": "v=spf1 mx -all"},
    "mx1.good.test": {"A": "192.0.2.1", "AAAA": "2001:db8::1"},
    "mx2.good.test": {"A": "192.0.2.2"},
    "1.2.0.192.in-addr.arpa": {"PTR": "mx1.good.test."},  # forward-confirmed reverse DNS
    "2.2.0.192.in-addr.arpa": {"PTR": "mx2.good.test."},
    "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa": {
        "PTR": "mx1.good.test."
    },
    "_dmarc.good.test": {"TXT": "v=DMARC1; p=reject"},
    "_mta-sts.good.test": {"TXT": "v=STSv1; id=1"},
    "_smtp._tls.good.test": {"TXT": "v=TLSRPTv1; rua=mailto:t@good.test"},
    "meh.test": {"MX": "10 mx1.good.test.", "TXT": "v=spf1 mx"},
    "bad.test": {"MX": "10 alias.good.test.", "TXT": "v=spf1 -all"},
    "alias.good.test": {"CNAME": "mx1.good.test."},
}
DOMAINS = ["good.test", "meh.test", "bad.test", "nx.test", "a..b"]


@pytest.fixture
def report_file(dns_server: DnsServer, tmp_path: Path) -> Path:
    dns_server.set_records(RECORDS)
    path = tmp_path / "report.html"
    argv = ["check", *DOMAINS, "--html", str(path), "--jsonl", "--server", dns_server.address]
    assert main(argv) == 1
    return path


def rows(page: str) -> list[tuple[str, str]]:
    """(worst severity, domain) of each table row, in page order."""
    return re.findall(r'<tr class="[a-z]+" data-severity="([a-z]+)" data-domain="([^"]*)"', page)


# --- the page as text ----------------------------------------------------------------------


def test_page_is_self_contained(report_file: Path) -> None:
    page = report_file.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "<style>" in page and "<script>" in page
    for external in ("http://", "https://", "<link", " src=", "@import", "url("):
        assert external not in page, external


def test_rows_errors_first_then_input_order(report_file: Path) -> None:
    page = report_file.read_text(encoding="utf-8")
    assert rows(page) == [
        ("error", "bad.test"),
        ("error", "nx.test"),
        ("error", "a..b"),
        ("warning", "meh.test"),
        ("ok", "good.test"),
    ]
    assert "<b>3</b>error" in page and "<b>1</b>warning" in page and "<b>1</b>no findings" in page
    assert "1 invalid name(s)" in page
    assert "<code>invalid-domain</code>" in page


def test_text_is_escaped(tmp_path: Path) -> None:
    report = DomainReport("x.test", [Finding("evil", "warning", '<script>alert("x")</script>')])
    summary = Summary()
    summary.add(report.to_dict())
    html = HtmlReport(tmp_path / "r.html")
    html.add(report.to_dict())
    html.finish(summary)
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # only the filter script


def test_unwritable_html_path_fails_before_the_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "good.test", "--html", "/nonexistent/dir/r.html"]) == 2
    assert "/nonexistent/dir/r.html" in capsys.readouterr().err


# --- in a real browser ---------------------------------------------------------------------


def find_browser() -> Optional[str]:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> str:
    found = find_browser()
    if found is None and os.environ.get("CI"):
        subprocess.run(["bash", str(INSTALL_BROWSER)], check=True, timeout=900)
        found = find_browser()
        assert found is not None, "CI: .ci/install-browser.sh did not install chromium"
    if found is None:
        pytest.skip("chromium is not installed (.ci/install-browser.sh installs it)")
    return found


def run_browser(browser: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_browser_runs_the_filters(browser: str, report_file: Path, tmp_path: Path) -> None:
    res = run_browser(browser, tmp_path, "--dump-dom", report_file.as_uri())
    assert res.returncode == 0, res.stderr[-2000:]
    dom = res.stdout
    assert re.search(r'<body[^>]* data-filters-ready="true"', dom), dom[:500]
    assert [d for _, d in rows(dom)] == ["bad.test", "nx.test", "a..b", "meh.test", "good.test"]
    assert "5 of 5 domains shown" in dom


def test_browser_filter_from_the_address(browser: str, report_file: Path, tmp_path: Path) -> None:
    res = run_browser(browser, tmp_path, "--dump-dom", report_file.as_uri() + "#severity=warning")
    assert res.returncode == 0, res.stderr[-2000:]
    dom = res.stdout
    assert "1 of 5 domains shown" in dom
    hidden = re.findall(r'<tr class="[a-z]+" data-severity="([a-z]+)"[^>]*? hidden', dom)
    assert sorted(hidden) == ["error", "error", "error", "ok"]


def test_phone_screenshot(browser: str, report_file: Path, tmp_path: Path) -> None:
    shot = tmp_path / "phone.png"
    res = run_browser(
        browser, tmp_path, f"--screenshot={shot}", "--window-size=412,915", report_file.as_uri()
    )
    assert res.returncode == 0, res.stderr[-2000:]
    assert png_size(shot) == (412, 915)
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank one
