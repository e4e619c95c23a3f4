"""A real DNS server on 127.0.0.1 for tests: serves given records over UDP and TCP on
one free port and injects faults per name (no reply, SERVFAIL, REFUSED, truncation,
delays).

    from mailtrace_mx.testing import DnsServer

    with DnsServer({"example.com": {"MX": ["10 mx1.example.com."]}}) as server:
        MXDiscoveryConfig(servers=[server.address])

The native part lives in ``mailtrace_mx._core``; it is imported when a server is
created, so importing this module is cheap.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from types import TracebackType

__all__ = ["DEFAULT_TTL", "FAULT_KINDS", "DnsServer"]

#: TTL of records added without one.
DEFAULT_TTL = 300

#: The fault kinds accepted by :meth:`DnsServer.fault`.
FAULT_KINDS = ("timeout", "drop", "servfail", "refused", "truncate", "delay")

RecordTuple = tuple[str, str, str, int]


class DnsServer:
    """A DNS server on 127.0.0.1 answering from ``records``.

    ``records`` maps a name to ``{type: values}``; values are a str, a list of str, or
    ``{"ttl": int, "values": ...}`` (``"value"`` also accepted). MX values may also be
    ``(preference, exchange)`` tuples or ``{"preference": .., "exchange": ..}`` dicts;
    ``"0 ."`` is a Null MX. TLSA values are ``"USAGE SELECTOR MATCHING HEX"`` (``"3 1 1
    ab12..."``), PTR values a name (``"mx1.example.com."``). TXT values are plain text
    (split into 255-byte strings) or quoted presentation format (``'"part one" "part
    two"'``).

    Answers are authoritative: a name in the data with other types (or with names
    below it) gets NOERROR with no answer, any other name NXDOMAIN; CNAMEs are
    followed. ``delay`` (seconds) is applied to every query.

    The server runs between :meth:`start` and :meth:`stop` (or inside ``with``);
    records, faults and the delay can be changed at any time.
    """

    def __init__(
        self, records: Optional[Mapping[str, Mapping[str, Any]]] = None, *, delay: float = 0.0
    ) -> None:
        from ._core import _DnsServer

        self._native = _DnsServer()
        if records is not None:
            self.set_records(records)
        self.delay = delay

    # --- lifecycle -------------------------------------------------------------------

    def start(self) -> DnsServer:
        """Starts serving (on a new free port after a stop); returns ``self``."""
        self._native.start()
        return self

    def stop(self) -> None:
        """Stops serving; records, faults and counters are kept."""
        self._native.stop()

    def __enter__(self) -> DnsServer:
        return self.start()

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """True while the server is serving."""
        return self._native.running

    @property
    def host(self) -> str:
        """Always ``"127.0.0.1"``."""
        return "127.0.0.1"

    @property
    def port(self) -> int:
        """The UDP and TCP port (``RuntimeError`` when not running)."""
        return self._native.port

    @property
    def address(self) -> str:
        """``"127.0.0.1:PORT"``, usable in ``MXDiscoveryConfig.servers``."""
        return f"{self.host}:{self.port}"

    # --- data ------------------------------------------------------------------------

    def add(self, name: str, type: str, values: Any, ttl: int = DEFAULT_TTL) -> None:
        """Adds records of one name and type (values as in the records mapping)."""
        self._native.add_records(_type_records(name, type, values, ttl))

    def set_records(self, records: Mapping[str, Mapping[str, Any]]) -> None:
        """Replaces all records (on an error the old records stay)."""
        self._native.set_records(_all_records(records))

    def fault(self, name: str, kind: str, *, delay: Optional[float] = None) -> None:
        """Injects a fault for queries of ``name`` (case-insensitive).

        ``kind``: ``"timeout"`` (alias ``"drop"``: read the query, never answer),
        ``"servfail"``, ``"refused"``, ``"truncate"`` (UDP answers have TC set and no
        records, so clients retry over TCP, which gets the real answer) or ``"delay"``
        (answer after ``delay`` seconds). Faults on one name combine, e.g.
        ``fault(n, "servfail", delay=0.5)``.
        """
        _check_str(name, "name")
        _check_str(kind, "fault kind")
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r} (expected one of {FAULT_KINDS})")
        self._native.set_fault(name, kind, delay)

    def clear_faults(self) -> None:
        """Removes every fault."""
        self._native.clear_faults()

    def sign(self, name: str) -> None:
        """Marks ``name`` and every name under it as signed (case-insensitive): answers
        to queries with the DO or AD bit carry the AD bit, as a validating resolver's
        answers do (RFC 6840 §5.7). Only the flag is served, no signatures."""
        _check_str(name, "name")
        self._native.sign(name)

    def unsign(self, name: str) -> None:
        """Removes ``name`` from the signed names (see :meth:`sign`)."""
        _check_str(name, "name")
        self._native.unsign(name)

    @property
    def signed(self) -> list[str]:
        """The names marked signed, sorted, lower-cased without the trailing dot."""
        return self._native.signed()

    def reset(self) -> None:
        """Back to empty: no records, no faults, no signed names, no delay, counters at
        zero."""
        self._native.clear()
        self._native.delay = 0.0

    @property
    def delay(self) -> float:
        """Seconds every query waits before its answer (a name's delay fault wins)."""
        return self._native.delay

    @delay.setter
    def delay(self, seconds: float) -> None:
        self._native.delay = seconds

    # --- what arrived ----------------------------------------------------------------

    def query_count(self, name: Optional[str] = None) -> int:
        """Queries received for ``name`` (any case, trailing dot optional), or all."""
        if name is not None:
            _check_str(name, "name")
        return self._native.query_count(name)

    @property
    def queries(self) -> list[tuple[str, str, str]]:
        """Every query received, oldest first: ``(name, type, "udp" | "tcp")``, the name
        lower-cased without the trailing dot."""
        return self._native.queries()

    @property
    def dnssec_ok_queries(self) -> list[tuple[str, str]]:
        """The queries that carried EDNS(0) with the DNSSEC OK bit (RFC 3225), oldest
        first: ``(name, type)``."""
        return self._native.dnssec_ok_queries()

    def clear_queries(self) -> None:
        """Resets the query log and counters."""
        self._native.clear_queries()

    def __repr__(self) -> str:
        where = self.address if self.running else "stopped"
        return f"<DnsServer {where}>"


def _all_records(records: Mapping[str, Mapping[str, Any]]) -> list[RecordTuple]:
    if not isinstance(records, Mapping):
        raise TypeError(f"records must be a mapping of name to {{type: values}}, not {records!r}")
    out: list[RecordTuple] = []
    for name, by_type in records.items():
        if not isinstance(by_type, Mapping):
            raise TypeError(f"records of {name!r} must be a mapping of type to values")
        for rtype, values in by_type.items():
            out.extend(_type_records(name, rtype, values, DEFAULT_TTL))
    return out


def _type_records(name: Any, rtype: Any, values: Any, ttl: Any) -> list[RecordTuple]:
    _check_str(name, "record name")
    _check_str(rtype, "record type")
    rtype = rtype.upper()
    if isinstance(values, Mapping) and not _is_mx_mapping(rtype, values):
        ttl, values = _ttl_and_values(name, rtype, values)
    _check_ttl(ttl)
    return [(name, rtype, _value_text(rtype, v), ttl) for v in _value_list(rtype, values)]


def _is_mx_mapping(rtype: str, values: Mapping[str, Any]) -> bool:
    return rtype == "MX" and ("exchange" in values or "preference" in values)


def _ttl_and_values(name: str, rtype: str, spec: Mapping[str, Any]) -> tuple[Any, Any]:
    unknown = set(spec) - {"ttl", "values", "value"}
    if unknown:
        raise ValueError(f"unknown key {sorted(unknown)[0]!r} in {rtype} records of {name!r}")
    if "values" in spec and "value" in spec:
        raise ValueError(f"{rtype} records of {name!r}: give 'values' or 'value', not both")
    if "values" not in spec and "value" not in spec:
        raise ValueError(f"{rtype} records of {name!r} have no 'values'")
    values = spec["values"] if "values" in spec else spec["value"]
    return spec.get("ttl", DEFAULT_TTL), values


def _value_list(rtype: str, values: Any) -> list[Any]:
    if isinstance(values, (str, Mapping)) or _is_mx_pair(rtype, values):
        return [values]
    if isinstance(values, Iterable) and not isinstance(values, (bytes, bytearray)):
        return list(values)
    return [values]


def _is_mx_pair(rtype: str, value: Any) -> bool:
    return (
        rtype == "MX"
        and isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], int)
        and not isinstance(value[0], bool)
    )


def _value_text(rtype: str, value: Any) -> str:
    if rtype == "MX" and not isinstance(value, str):
        return _mx_text(value)
    if isinstance(value, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"{rtype} value must be a str, not {value!r}")
    return value


def _mx_text(value: Any) -> str:
    if isinstance(value, Mapping):
        unknown = set(value) - {"preference", "exchange"}
        if unknown or "preference" not in value or "exchange" not in value:
            raise ValueError(f"bad MX value {value!r}: expected keys 'preference', 'exchange'")
        preference, exchange = value["preference"], value["exchange"]
    elif isinstance(value, (tuple, list)) and len(value) == 2:
        preference, exchange = value
    else:
        raise TypeError(f"bad MX value {value!r}: expected 'PREF EXCHANGE' or (pref, exchange)")
    if isinstance(preference, bool) or not isinstance(preference, int):
        raise TypeError(f"bad MX value {value!r}: preference must be an int")
    if not 0 <= preference <= 65535:
        raise ValueError(f"bad MX value {value!r}: preference must be in 0..65535")
    if not isinstance(exchange, str):
        raise TypeError(f"bad MX value {value!r}: exchange must be a str")
    return f"{preference} {exchange}"


def _check_str(value: Any, what: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {value!r}")


def _check_ttl(ttl: Any) -> None:
    if isinstance(ttl, bool) or not isinstance(ttl, int):
        raise TypeError(f"ttl must be an int, not {ttl!r}")
    if not 0 <= ttl <= 2_147_483_647:
        raise ValueError(f"invalid ttl {ttl!r}: must be between 0 and 2147483647")
