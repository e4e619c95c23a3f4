"""Checking many domains: :func:`check_domains` and :func:`check_domains_async` (API.md §5).

Both run :func:`~mailtrace_mx.check_domain_async` over a window of domains and give the
reports **in input order**, each as soon as it and every report before it are done:

- at most ``max_domains_in_flight`` checks run at once;
- finished reports waiting for a slower one before them are capped too (at
  ``REORDER_FACTOR x max_domains_in_flight``), so one slow domain does not stall the run
  and memory stays bounded: the input is read at most
  ``(1 + REORDER_FACTOR) x max_domains_in_flight`` names ahead of the reports handed out.
  The input may be a generator of a million names; it is read lazily, never listed.

All checks of one run share one server pool (a resolver per server, not per check) and one
cap on DNS queries in flight across the whole run, ``max_queries_in_flight`` (default
``None``: 256, lowered to a quarter of the process's open-files limit, ``RLIMIT_NOFILE``, so
a run never approaches it: each UDP query has a socket of its own). A query waiting for its
turn counts against its check's ``timeout``. A UDP query is re-sent only when no answer came
within half the timeout (at least 333 ms), so a slow server is not asked twice.

One invalid name or one failing domain never stops the run: an invalid name gives a report
with one ``invalid-domain`` finding (severity ``error``); a check that fails for any other
reason gives one ``check-failed`` finding (severity ``error``). DNS failures are findings
of the check itself, as for :func:`~mailtrace_mx.check_domain`. An item that is not a
``str`` is a programming error: ``TypeError`` when its turn comes.

:func:`check_domains` runs its event loop in a thread of its own, so it also works when
called from a thread that runs an event loop (it blocks that loop; there, prefer
:func:`check_domains_async`). Closing the iterator early cancels the checks in flight.

The transport-probe keywords (``fetch_policy``, ``probe_smtp``, ``cafile``, ``smtp_port``,
``https_port``) are validated when the function is called and passed to every check.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import threading
from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Coroutine, Generator, Iterable, Iterator
from typing import Any, Callable, Generic, Optional, Protocol, TypeVar, Union

from ._core import Checker, DomainReport, Finding, MXDiscovery, check_domain_async
from .errors import MXLookupError

__all__ = [
    "CHECK_FAILED",
    "DEFAULT_MAX_DOMAINS_IN_FLIGHT",
    "INVALID_DOMAIN",
    "REORDER_FACTOR",
    "check_domains",
    "check_domains_async",
]

#: Default of ``max_domains_in_flight``.
DEFAULT_MAX_DOMAINS_IN_FLIGHT = 64
#: Finished reports that may wait for an earlier one, per domain in flight.
REORDER_FACTOR = 4
#: Finding id of a name that is not a valid domain name (severity ``error``).
INVALID_DOMAIN = "invalid-domain"
#: Finding id of a check that failed for another reason (severity ``error``).
CHECK_FAILED = "check-failed"

#: Seconds ``check_domains`` waits for its loop thread to cancel and stop when closed.
CLOSE_TIMEOUT = 5.0

Domains = Union[Iterable[str], AsyncIterable[str]]
Check = Coroutine[Any, Any, DomainReport]


class _Future(Protocol):
    def done(self) -> bool: ...


F = TypeVar("F", bound=_Future)


# --- arguments -----------------------------------------------------------------------------


def _check_window(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(
            f"max_domains_in_flight must be an int, got {type(value).__name__} {value!r}"
        )
    if value < 1:
        raise ValueError(f"max_domains_in_flight must be at least 1, got {value!r}")
    return value


def _check_domains(value: Any, sync_only: bool) -> None:
    """``domains`` must be an iterable (or, for the async version, an async iterable)."""
    if isinstance(value, (str, bytes, bytearray)):
        raise TypeError(
            f"domains must be an iterable of str, not a bare {type(value).__name__} {value!r}"
        )
    if isinstance(value, Iterable) or (not sync_only and isinstance(value, AsyncIterable)):
        return
    kind = "an iterable" if sync_only else "an iterable or async iterable"
    raise TypeError(f"domains must be {kind} of str, got {type(value).__name__} {value!r}")


def _check_queries(value: Any) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(
            f"max_queries_in_flight must be an int or None, got {type(value).__name__} {value!r}"
        )
    return value


def _check_flag(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__} {value!r}")


def _check_port(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__} {value!r}")
    if not 1 <= value <= 65535:
        raise ValueError(f"{name} must be a port number in 1..65535, got {value!r}")


def _check_cafile(value: Any) -> None:
    if value is not None and not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"cafile must be a path (str or os.PathLike), got {value!r}")


def _probe_options(options: dict[str, Any]) -> dict[str, Any]:
    """Validates the probe keywords; returns them, to pass to every check."""
    _check_flag("fetch_policy", options["fetch_policy"])
    _check_flag("probe_smtp", options["probe_smtp"])
    _check_cafile(options["cafile"])
    _check_port("smtp_port", options["smtp_port"])
    _check_port("https_port", options["https_port"])
    return dict(options)


def _snapshot_config(config: Any) -> Any:
    """The config, validated once (an ``MXDiscovery`` is used as it is)."""
    if isinstance(config, MXDiscovery):
        return config
    return MXDiscovery(config).config


# --- one domain ----------------------------------------------------------------------------


def _failed(domain: str, finding_id: str, message: str) -> DomainReport:
    return DomainReport(domain.strip(), [Finding(finding_id, "error", message)])


def _run_checker(config: Any, max_queries_in_flight: Optional[int]) -> Checker:
    """The run's shared pool and cap (a ``ValueError`` for a cap out of range)."""
    return Checker(config, max_queries_in_flight=_check_queries(max_queries_in_flight))


def _probing(options: dict[str, Any]) -> bool:
    return bool(options.get("fetch_policy") or options.get("probe_smtp"))


async def _check_one(
    domain: Any, config: Any, options: dict[str, Any], checker: Checker
) -> DomainReport:
    """The report of one domain; never raises for the name's content. DNS-only checks run
    on the run's ``checker``; checks with probes through ``check_domain_async``."""
    if not isinstance(domain, str):
        raise TypeError(f"domains must hold str, got {type(domain).__name__} {domain!r}")
    try:
        if _probing(options):
            return await check_domain_async(domain, config, **options)
        return await checker.check_async(domain)
    except ValueError as e:  # the one error a name can cause
        return _failed(domain, INVALID_DOMAIN, str(e))
    except (RuntimeError, OSError, MXLookupError) as e:  # e.g. the runtime could not start
        return _failed(domain, CHECK_FAILED, f"check failed: {e}")


# --- the window ----------------------------------------------------------------------------


class _Window(Generic[F]):
    """Checks in input order: ``pending`` (all not yet handed out) and ``running``."""

    def __init__(self, in_flight: int) -> None:
        self.in_flight = in_flight
        self.limit = in_flight * (1 + REORDER_FACTOR)
        self.pending: deque[F] = deque()
        self.running: set[F] = set()
        self.exhausted = False

    def has_room(self) -> bool:
        return (
            not self.exhausted
            and len(self.running) < self.in_flight
            and len(self.pending) < self.limit
        )

    def add(self, future: F) -> None:
        self.pending.append(future)
        self.running.add(future)

    def head_done(self) -> bool:
        return bool(self.pending) and self.pending[0].done()

    def pop(self) -> F:
        # A done head may still count as running (it finished before the last wait):
        # forgetting it here keeps ``has_room`` true, so the run never ends early.
        future = self.pending.popleft()
        self.running.discard(future)
        return future

    def forget_done(self) -> None:
        self.running = {f for f in self.running if not f.done()}


# --- async ---------------------------------------------------------------------------------


def check_domains_async(
    domains: Domains,
    config: Any = None,
    *,
    max_domains_in_flight: int = DEFAULT_MAX_DOMAINS_IN_FLIGHT,
    max_queries_in_flight: Optional[int] = None,
    fetch_policy: bool = False,
    probe_smtp: bool = False,
    cafile: Optional[Union[str, os.PathLike[str]]] = None,
    smtp_port: int = 25,
    https_port: int = 443,
) -> AsyncIterator[DomainReport]:
    """Checks ``domains`` (an iterable or async iterable of str); ``async for`` the reports.

    Arguments are checked when it is called. A sync iterable is read on the event loop's
    thread: for a slow source (a pipe), pass an async iterable.
    """
    _check_domains(domains, sync_only=False)
    window: _Window[asyncio.Future[DomainReport]] = _Window(_check_window(max_domains_in_flight))
    options = _probe_options(
        {
            "fetch_policy": fetch_policy,
            "probe_smtp": probe_smtp,
            "cafile": cafile,
            "smtp_port": smtp_port,
            "https_port": https_port,
        }
    )
    config = _snapshot_config(config)
    checker = _run_checker(config, max_queries_in_flight)
    return _run_async(domains, config, options, checker, window)


async def _next_name(source: Any) -> tuple[bool, Any]:
    """(True, name) or (False, None) at the end, from a sync or async iterator."""
    if isinstance(source, AsyncIterator):
        try:
            return True, await source.__anext__()
        except StopAsyncIteration:
            return False, None
    try:
        return True, next(source)
    except StopIteration:
        return False, None


async def _run_async(
    domains: Domains,
    config: Any,
    options: dict[str, Any],
    checker: Checker,
    window: _Window[asyncio.Future[DomainReport]],
) -> AsyncIterator[DomainReport]:
    source = domains.__aiter__() if isinstance(domains, AsyncIterable) else iter(domains)
    try:
        while True:
            while window.has_room():
                more, name = await _next_name(source)
                if not more:
                    window.exhausted = True
                    break
                window.add(asyncio.ensure_future(_check_one(name, config, options, checker)))
            if not window.pending:
                return
            if window.head_done():
                yield window.pop().result()
                continue
            await asyncio.wait(window.running, return_when=asyncio.FIRST_COMPLETED)
            window.forget_done()
    finally:
        for task in window.pending:
            task.cancel()
        if window.pending:
            await asyncio.wait(window.pending)


# --- sync ----------------------------------------------------------------------------------


def check_domains(
    domains: Iterable[str],
    config: Any = None,
    *,
    max_domains_in_flight: int = DEFAULT_MAX_DOMAINS_IN_FLIGHT,
    max_queries_in_flight: Optional[int] = None,
    fetch_policy: bool = False,
    probe_smtp: bool = False,
    cafile: Optional[Union[str, os.PathLike[str]]] = None,
    smtp_port: int = 25,
    https_port: int = 443,
) -> Generator[DomainReport, None, None]:
    """Checks ``domains`` (any iterable of str, read lazily); yields the reports in input order.

    Arguments are checked when it is called. The input is read on the calling thread.
    """
    _check_domains(domains, sync_only=True)
    window: _Window[concurrent.futures.Future[DomainReport]] = _Window(
        _check_window(max_domains_in_flight)
    )
    options = _probe_options(
        {
            "fetch_policy": fetch_policy,
            "probe_smtp": probe_smtp,
            "cafile": cafile,
            "smtp_port": smtp_port,
            "https_port": https_port,
        }
    )
    config = _snapshot_config(config)
    checker = _run_checker(config, max_queries_in_flight)
    return _run_sync(iter(domains), lambda name: _check_one(name, config, options, checker), window)


def _run_sync(
    source: Iterator[Any],
    check: Callable[[Any], Check],
    window: _Window[concurrent.futures.Future[DomainReport]],
) -> Generator[DomainReport, None, None]:
    loop = _LoopThread()
    try:
        while True:
            while window.has_room():
                name = next(source, _END)
                if name is _END:
                    window.exhausted = True
                    break
                window.add(loop.submit(check(name)))
            if not window.pending:
                return
            if window.head_done():
                yield window.pop().result()
                continue
            concurrent.futures.wait(window.running, return_when=concurrent.futures.FIRST_COMPLETED)
            window.forget_done()
    finally:
        loop.close()


_END = object()


class _LoopThread:
    """An event loop running in a daemon thread of its own."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(
            target=self.loop.run_forever, name="mailtrace-mx-check-domains", daemon=True
        )
        self.thread.start()

    def submit(self, check: Check) -> concurrent.futures.Future[DomainReport]:
        return asyncio.run_coroutine_threadsafe(check, self.loop)

    def close(self) -> None:
        """Cancels what still runs, then stops and closes the loop (each step bounded:
        at interpreter exit the daemon thread may no longer run)."""
        if self.loop.is_closed():
            return
        try:
            asyncio.run_coroutine_threadsafe(_cancel_all(), self.loop).result(CLOSE_TIMEOUT)
            self.loop.call_soon_threadsafe(self.loop.stop)
        except (concurrent.futures.TimeoutError, RuntimeError):
            return
        self.thread.join(CLOSE_TIMEOUT)
        if not self.thread.is_alive():
            self.loop.close()


async def _cancel_all() -> None:
    me = asyncio.current_task()
    others = [t for t in asyncio.all_tasks() if t is not me]
    for task in others:
        task.cancel()
    if others:
        await asyncio.wait(others)
