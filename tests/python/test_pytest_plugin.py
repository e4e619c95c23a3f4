"""The pytest plugin's ``dns_server`` fixture, exercised in a generated test run."""

from __future__ import annotations

pytest_plugins = ["pytester"]

GENERATED = """
import socket
import struct

import pytest


def ask(server, name):
    labels = b"".join(bytes([len(p)]) + p.encode() for p in name.split("."))
    query = struct.pack("!HHHHHH", 7, 0x0100, 1, 0, 0, 0) + labels + b"\\x00\\x00\\x01\\x00\\x01"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(2)
        sock.sendto(query, (server.host, server.port))
        data, _ = sock.recvfrom(512)
    return data[3] & 0x0F, struct.unpack("!H", data[6:8])[0]  # rcode, ancount


PORTS = []


def test_first(dns_server):
    PORTS.append(dns_server.port)
    assert dns_server.address == f"127.0.0.1:{dns_server.port}"
    dns_server.add("plugin.example", "A", ["192.0.2.1", "192.0.2.2"])
    dns_server.fault("broken.example", "servfail")
    dns_server.delay = 0.01
    assert ask(dns_server, "plugin.example") == (0, 2)
    assert ask(dns_server, "broken.example") == (2, 0)
    assert dns_server.query_count("plugin.example") == 1


def test_second_sees_a_clean_server(dns_server):
    PORTS.append(dns_server.port)
    assert PORTS[0] == PORTS[1]
    assert dns_server.query_count() == 0
    assert dns_server.delay == 0.0
    assert ask(dns_server, "plugin.example") == (3, 0)
    dns_server.add("broken.example", "A", "192.0.2.3")
    assert ask(dns_server, "broken.example") == (0, 1)


def test_session_fixture_is_running(dns_server_session):
    assert dns_server_session.running
"""


def test_dns_server_fixture_resets_between_tests(pytester, monkeypatch):
    # Load only this plugin, explicitly (the entry point is tested below).
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile(GENERATED)
    result = pytester.runpytest_subprocess("-p", "mailtrace_mx.pytest_plugin", "-q")
    result.assert_outcomes(passed=3)


def test_plugin_is_registered_by_entry_point(pytester):
    pytester.makepyfile("def test_uses(dns_server):\n    assert dns_server.running\n")
    result = pytester.runpytest_subprocess("-q")
    result.assert_outcomes(passed=1)
