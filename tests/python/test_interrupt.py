"""Ctrl-C during a blocking call: a SIGINT raises KeyboardInterrupt promptly
(not after the lookup's deadline, and not as a SystemError from the logging
call). Real DNS server on 127.0.0.1 whose answers never come."""

from __future__ import annotations

import os
import signal
import threading
import time
from typing import Callable

import pytest
from mailtrace_mx import MXDiscovery, MXDiscoveryConfig, check_domain
from mailtrace_mx.testing import DnsServer

SIGNAL_AFTER = 0.3
# The stated bound: KeyboardInterrupt within this long after the signal.
LATENCY = 0.5
SILENT = "silent.interrupt.test"


def interrupted_after(call: Callable[[], object]) -> float:
    """Runs `call`, SIGINT sent from a timer thread; seconds from the signal to
    the KeyboardInterrupt."""
    sent: list[float] = []

    def send() -> None:
        sent.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)

    timer = threading.Timer(SIGNAL_AFTER, send)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            call()
        caught = time.monotonic()
    finally:
        timer.cancel()
    assert sent, "the call ended before the signal was sent"
    return caught - sent[0]


@pytest.fixture
def config(dns_server: DnsServer) -> MXDiscoveryConfig:
    dns_server.fault(SILENT, "timeout")
    return MXDiscoveryConfig(servers=[dns_server.address], timeout=10)


def test_sigint_interrupts_resolve(config: MXDiscoveryConfig, dns_server: DnsServer) -> None:
    engine = MXDiscovery(config)
    latency = interrupted_after(lambda: engine.resolve(SILENT))
    assert latency < LATENCY, latency
    # The engine still works afterwards.
    dns_server.add("ok.interrupt.test", "MX", "10 mx.ok.test.")
    assert engine.resolve("ok.interrupt.test") == ["mx.ok.test"]


def test_sigint_interrupts_lookup_and_expand(config: MXDiscoveryConfig) -> None:
    engine = MXDiscovery(config)
    assert interrupted_after(lambda: engine.lookup(SILENT)) < LATENCY
    entries = [f"mx:{SILENT}", f"mx:a.{SILENT}"]
    assert interrupted_after(lambda: engine.expand_entries(entries)) < LATENCY


def test_sigint_interrupts_check_domain(config: MXDiscoveryConfig) -> None:
    latency = interrupted_after(lambda: check_domain(SILENT, config))
    assert latency < LATENCY, latency
