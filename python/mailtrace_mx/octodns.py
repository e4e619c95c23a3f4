"""octoDNS plug-in: mailtrace_mx's Rust validators as octoDNS zone validators.

Name them in an octoDNS config; the key becomes the validator's id, and a key equal
to a built-in id (``mail``) replaces the built-in::

    validators:
      mail:
        class: mailtrace_mx.octodns.MailZoneValidator
        mode: mail
        min_mx: 2

When octoDNS is installed the classes here are ``octodns.zone.validator.ZoneValidator``
subclasses returning octoDNS ``ValidationReason`` objects (with octoDNS's own records);
without octoDNS they still work, on ``mailtrace_mx.Zone`` objects, and return
mailtrace_mx's reasons.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Optional

from . import _core

__all__ = [
    "MailZoneValidator",
    "MxTargetNotCnameZoneValidator",
    "MxTargetResolvableInZoneZoneValidator",
]

try:
    from octodns.zone.validator import (  # type: ignore[import-untyped]
        ValidationReason as _OctoReason,
    )
    from octodns.zone.validator import (  # type: ignore[import-untyped]
        ZoneValidator as _Base,
    )
except ImportError:  # octoDNS is optional
    _OctoReason = None

    class _Base:  # type: ignore[no-redef]
        """Stand-in for octoDNS's ``ZoneValidator``: an id and optional sets."""

        def __init__(self, id: str, sets: Optional[Iterable[str]] = None) -> None:
            if not id:
                raise ValueError(f"{self.__class__.__name__} requires a non-empty id")
            self.id = id
            self.sets = set(sets) if sets is not None else None


class _Delegating(_Base):
    """Runs the Rust validator and hands back reasons in octoDNS's form."""

    _impl: Any

    def validate(self, zone: Any) -> list[Any]:
        reasons = self._impl.validate(zone)
        if _OctoReason is None or isinstance(zone, _core.Zone):
            return list(reasons)
        out = []
        for reason in reasons:
            records = [zone.get_type(r.name, r.type) for r in reason.records]
            out.append(
                _OctoReason(
                    reason.reason,
                    [r for r in records if r is not None],
                    validator_id=self.id,
                )
            )
        return out


class MailZoneValidator(_Delegating):
    """octoDNS's ``MailZoneValidator`` (1.22.0 semantics), run by mailtrace_mx."""

    DEFAULT_SINGLE_MX_REGEXES = _core.MailZoneValidator.DEFAULT_SINGLE_MX_REGEXES

    def __init__(
        self,
        id: str,
        mode: str = "auto",
        min_mx: int = 2,
        single_mx_regexes: Optional[Iterable[str]] = None,
        sets: Optional[Iterable[str]] = None,
    ) -> None:
        super().__init__(id, sets=sets)
        self._impl = _core.MailZoneValidator(
            id, mode=mode, min_mx=min_mx, single_mx_regexes=single_mx_regexes, sets=sets
        )
        self.mode = mode
        self.min_mx = min_mx


class MxTargetNotCnameZoneValidator(_Delegating):
    """octoDNS's ``MxTargetNotCnameZoneValidator``, run by mailtrace_mx."""

    def __init__(self, id: str, sets: Optional[Iterable[str]] = None) -> None:
        super().__init__(id, sets=sets)
        self._impl = _core.MxTargetNotCnameZoneValidator(id, sets=sets)


class MxTargetResolvableInZoneZoneValidator(_Delegating):
    """octoDNS's ``MxTargetResolvableInZoneZoneValidator``, run by mailtrace_mx."""

    def __init__(self, id: str, sets: Optional[Iterable[str]] = None) -> None:
        super().__init__(id, sets=sets)
        self._impl = _core.MxTargetResolvableInZoneZoneValidator(id, sets=sets)
