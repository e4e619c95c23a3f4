"""Log records look like a Python library's: the caller's file and line, never a Rust
path (issue 7, item 10)."""

from __future__ import annotations

import inspect
import logging
import pathlib

import pytest
from mailtrace_mx import Clusters, MXDiscovery
from mailtrace_mx.testing import DnsServer

HERE = pathlib.Path(__file__).name
LOGGER = "mailtrace.mx_discovery"


def _line() -> int:
    frame = inspect.currentframe()
    assert frame is not None and frame.f_back is not None
    return frame.f_back.f_lineno


def test_resolve_warning_carries_the_callers_location(
    dns_server: DnsServer, caplog: pytest.LogCaptureFixture
) -> None:
    mx = MXDiscovery({"servers": [dns_server.address], "timeout": 2})
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        line = _line() + 1
        assert mx.resolve("missing.example") == []
    [record] = caplog.records
    assert record.name == LOGGER and record.levelno == logging.WARNING
    assert record.getMessage() == "MX lookup failed for missing.example: NXDOMAIN"
    assert (record.filename, record.lineno) == (HERE, line)
    assert record.funcName == "test_resolve_warning_carries_the_callers_location"
    assert not record.pathname.endswith(".rs")


def _expand(mx: MXDiscovery) -> list[str]:
    return mx.expand_entries(["mx:missing.example", "static.example"])


def test_expand_and_clusters_log_from_their_caller(
    dns_server: DnsServer, caplog: pytest.LogCaptureFixture
) -> None:
    mx = MXDiscovery({"servers": [dns_server.address], "timeout": 2})
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert _expand(mx) == ["static.example"]
        Clusters({"c": ["mx:missing.example"]}, mx_discovery=mx).resolve_all()
    funcs = [(r.filename, r.funcName) for r in caplog.records]
    # Clusters.resolve_all is Python: its record points at clusters.py, still not Rust.
    assert funcs == [(HERE, "_expand"), ("clusters.py", "resolve_all")]


def test_a_percent_in_the_message_is_not_a_format(
    dns_server: DnsServer, caplog: pytest.LogCaptureFixture
) -> None:
    mx = MXDiscovery({"servers": [dns_server.address], "timeout": 2})
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        mx.resolve("bad%sname")
    assert caplog.messages == ["MX lookup failed for bad%sname: invalid domain name"]


def test_format_with_filename_shows_no_rust_file(dns_server: DnsServer) -> None:
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Keep()
    handler.setFormatter(logging.Formatter("%(filename)s:%(lineno)d %(message)s"))
    logger = logging.getLogger(LOGGER)
    logger.addHandler(handler)
    try:
        MXDiscovery({"servers": [dns_server.address], "timeout": 2}).resolve("nx.example")
    finally:
        logger.removeHandler(handler)
    assert len(records) == 1
    assert records[0].startswith(f"{HERE}:")
    assert ".rs:" not in records[0]
