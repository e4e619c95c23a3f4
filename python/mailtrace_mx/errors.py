"""Exceptions raised by :meth:`MXDiscovery.lookup` (API.md section 1, "Errors").

They are plain Python classes so they pickle and carry normal attributes; the Rust
bindings import them (``pyo3::import_exception!``) and raise them by name.
"""

from __future__ import annotations

from typing import Optional

__all__ = [
    "InternalError",
    "InvalidDomain",
    "LookupTimeout",
    "MXLookupError",
    "NXDomain",
    "NoMXRecords",
    "NullMX",
    "ServerFailure",
]


class MXLookupError(Exception):
    """Base class of every MX lookup failure; ``.domain`` is the domain as written."""

    def __init__(self, domain: str, message: str = "") -> None:
        super().__init__(domain, message)
        self.domain = domain
        self.message = message or domain

    def __str__(self) -> str:
        return self.message


class NXDomain(MXLookupError):
    """The domain does not exist (NXDOMAIN)."""


class NoMXRecords(MXLookupError):
    """The domain exists but has no MX records (NOERROR, empty answer)."""


class NullMX(MXLookupError):
    """The domain publishes a Null MX (RFC 7505): it accepts no mail."""


class LookupTimeout(MXLookupError):
    """No usable answer arrived before the configured deadline."""


class InvalidDomain(MXLookupError):
    """The domain is not a valid DNS name (empty label, too long, bad IDNA, ...)."""


class ServerFailure(MXLookupError):
    """SERVFAIL, REFUSED, another rcode, or a malformed/unusable reply.

    ``.rcode`` is the mnemonic (``"SERVFAIL"``, ``"REFUSED"``) or ``None``.
    """

    def __init__(self, domain: str, message: str = "", rcode: Optional[str] = None) -> None:
        super().__init__(domain, message)
        self.args = (domain, message, rcode)
        self.rcode = rcode


class InternalError(MXLookupError):
    """A failure of mailtrace-mx itself, not of DNS: the DNS runtime could not
    start, no nameserver is configured, or a lookup task was lost."""
