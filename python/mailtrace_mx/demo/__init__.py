"""The bundled sample of ``mailtrace-mx demo``: a zone set and a mailtrace-style config.

``zones.yaml`` is served by the embedded :class:`mailtrace_mx.testing.DnsServer`;
``mailtrace.yaml`` names static, ``mx:`` and mixed clusters, failing domains and a Null MX.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

#: Per-name faults the demo server injects (the domain's nameserver answers SERVFAIL).
DEMO_FAULTS = {"broken.example.test": "servfail"}


def _read(name: str) -> Any:
    return yaml.safe_load(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))


def load_demo() -> tuple[dict[str, Any], dict[str, Any]]:
    """Returns ``(zones, config)``: the served records and the parsed mailtrace config."""
    return _read("zones.yaml"), _read("mailtrace.yaml")
