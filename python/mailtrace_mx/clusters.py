"""Cluster definitions with ``mx:`` entries, as in mailtrace's config file."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any, Optional, Union

from ._core import MXDiscovery, get_hosts, normalize_domain

__all__ = ["Clusters"]

_MX_PREFIX = "mx:"


def _check_entries(name: str, entries: Any) -> tuple[str, ...]:
    """Validates one cluster's entries once, at construction; errors name the cluster
    and the entry. Blank entries and ``MX:x`` are static (``get_hosts`` skips blanks)."""
    if isinstance(entries, str) or not isinstance(entries, (list, tuple)):
        raise TypeError(
            f"cluster {name!r} must be a list or tuple of str, got {type(entries).__name__} "
            f"{entries!r}"
        )
    for entry in entries:
        if not isinstance(entry, str):
            raise TypeError(
                f"cluster {name!r}: entry {entry!r} must be a str, not {type(entry).__name__}"
            )
        if entry.startswith(_MX_PREFIX):
            try:
                normalize_domain(entry[len(_MX_PREFIX) :].strip())
            except ValueError:
                raise ValueError(
                    f"cluster {name!r}: entry {entry!r} is not a valid mx: domain"
                ) from None
    return tuple(entries)


class Clusters:
    """Named clusters of hosts; ``mx:DOMAIN`` entries expand to the domain's MX hosts.

    ``clusters`` maps each cluster name to a list (or tuple) of entries: static host
    names or IPs, and ``mx:`` entries. ``domain`` completes short host names (see
    :func:`get_hosts`). ``mx_discovery`` is an :class:`MXDiscovery` (shared, with its
    cache), or anything :class:`MXDiscovery` accepts as config (None: defaults);
    ``max_in_flight`` and ``max_cache_entries`` are passed through to it.
    """

    def __init__(
        self,
        clusters: Mapping[str, Sequence[str]],
        domain: str = "",
        mx_discovery: Any = None,
        *,
        max_in_flight: Optional[int] = None,
        max_cache_entries: Optional[int] = None,
    ) -> None:
        if not isinstance(clusters, Mapping):
            raise TypeError(f"clusters must be a mapping, got {type(clusters).__name__}")
        if not isinstance(domain, str):
            raise TypeError(f"domain must be a str, got {type(domain).__name__} {domain!r}")
        checked: dict[str, tuple[str, ...]] = {}
        for name, entries in clusters.items():
            if not isinstance(name, str):
                raise TypeError(f"cluster name {name!r} must be a str")
            checked[name] = _check_entries(name, entries)
        self._clusters = checked
        self._domain = domain
        self._mx = self._make_discovery(mx_discovery, max_in_flight, max_cache_entries)

    @staticmethod
    def _make_discovery(
        mx_discovery: Any, max_in_flight: Optional[int], max_cache_entries: Optional[int]
    ) -> MXDiscovery:
        limits = {}
        if max_in_flight is not None:
            limits["max_in_flight"] = max_in_flight
        if max_cache_entries is not None:
            limits["max_cache_entries"] = max_cache_entries
        if isinstance(mx_discovery, MXDiscovery):
            if limits:
                raise TypeError(
                    "max_in_flight/max_cache_entries cannot be combined with an MXDiscovery "
                    "instance (they are set on it)"
                )
            return mx_discovery
        return MXDiscovery(mx_discovery, **limits)

    @property
    def clusters(self) -> dict[str, list[str]]:
        """A copy of the cluster definitions."""
        return {name: list(entries) for name, entries in self._clusters.items()}

    @property
    def domain(self) -> str:
        """The domain appended to short host names."""
        return self._domain

    @property
    def mx_discovery(self) -> MXDiscovery:
        """The :class:`MXDiscovery` doing the lookups."""
        return self._mx

    def cluster_to_hosts(self, name: str) -> Optional[list[str]]:
        """The hosts of cluster ``name`` (``mx:`` entries expanded, then
        :func:`get_hosts`), or None for an unknown cluster."""
        entries = self._clusters.get(name)
        if entries is None:
            return None
        return get_hosts(self._mx.expand_entries(entries), self._domain)

    def resolve_all(self) -> dict[str, list[str]]:
        """Every cluster's hosts, with all ``mx:`` lookups issued at once."""
        names = list(self._clusters)
        hosts = self._mx._cluster_hosts(list(self._clusters.values()), self._domain)
        return dict(zip(names, hosts))

    async def resolve_all_async(self) -> dict[str, list[str]]:
        """:meth:`resolve_all` as a coroutine (same result, same warnings); the event
        loop is not blocked while the lookups run."""
        names = list(self._clusters)
        groups = await self._mx.expand_entry_groups_async([self._clusters[n] for n in names])
        return {n: get_hosts(g, self._domain) for n, g in zip(names, groups)}

    def __repr__(self) -> str:
        return f"Clusters({self.clusters!r}, domain={self._domain!r}, mx_discovery={self._mx!r})"

    @classmethod
    def from_yaml(cls, path: Union[str, os.PathLike[str]]) -> Clusters:
        """Reads ``clusters``, ``domain`` and ``mx_discovery`` of a mailtrace config file.

        Other keys are ignored. A missing file is ``FileNotFoundError``; YAML syntax
        errors and documents that are not mappings are ``ValueError`` naming the file.
        """
        import yaml  # type: ignore[import-untyped]

        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
        name = os.fspath(path)
        try:
            with open(name, "rb") as f:
                raw = f.read()
        except FileNotFoundError:
            raise
        except OSError as e:
            # Same errno (so the same OSError subclass), with the file named.
            raise OSError(e.errno, f"cannot read {name}: {e.strerror or e}", name) from e
        try:
            doc = yaml.safe_load(raw.decode("utf-8"))
        except UnicodeDecodeError as e:
            raise ValueError(f"{name}: not UTF-8 text: {e}") from None
        except yaml.YAMLError as e:
            raise ValueError(f"{name}: invalid YAML: {e}") from None
        if not isinstance(doc, dict):
            raise ValueError(f"{name}: the document must be a mapping, got {type(doc).__name__}")
        clusters = doc.get("clusters")
        clusters = {} if clusters is None and "clusters" not in doc else clusters
        if not isinstance(clusters, dict):
            raise ValueError(
                f"{name}: 'clusters' must be a mapping of lists, got {type(clusters).__name__}"
            )
        for cluster, entries in clusters.items():
            if not isinstance(entries, list):
                raise TypeError(
                    f"{name}: cluster {cluster!r} must be a list, got {type(entries).__name__} "
                    f"{entries!r}"
                )
        domain = doc.get("domain")
        domain = "" if domain is None else domain
        try:
            return cls(clusters, domain, doc.get("mx_discovery"))
        except (TypeError, ValueError) as e:
            raise type(e)(f"{name}: {e}") from e
