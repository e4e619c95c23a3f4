"""Coroutine shell of the native awaitables (see ``src/py/check/aio.rs``)."""

from __future__ import annotations

from typing import Any, Callable


async def run(start: Callable[[], Any]) -> Any:
    """Awaits the loop future that ``start()`` creates in the running loop."""
    return await start()
