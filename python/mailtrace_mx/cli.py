"""The ``mailtrace-mx`` command line (also ``python -m mailtrace_mx``).

Sub-commands: ``resolve``, ``clusters``, ``validate``, ``check`` and ``demo``. Results go to stdout
(one JSON document with ``--json``); messages for people go to stderr. Exit status: 0 when
nothing reaches ``--fail-on``, 1 when something does, 2 on a usage or input error.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Optional

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

LOGGER_NAME = "mailtrace.mx_discovery"
SEVERITIES = ("info", "warning", "error")


class _Collect(logging.Handler):
    """Keeps the discovery warnings so they can be printed or put in the JSON output."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _collect_warnings() -> Iterator[_Collect]:
    logger = logging.getLogger(LOGGER_NAME)
    handler = _Collect()
    logger.addHandler(handler)
    propagate = logger.propagate
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--server",
        action="append",
        default=None,
        metavar="IP[:PORT]",
        help="DNS server to ask (repeatable; default: the config's, else resolv.conf)",
    )
    common.add_argument("--timeout", type=float, default=None, help="deadline of one lookup (s)")
    common.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    common.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        default="error",
        help="lowest severity that makes the exit status 1 (default: error)",
    )

    parser = argparse.ArgumentParser(
        prog="mailtrace-mx", description="Where does a domain's mail go, and is its DNS right?"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("resolve", parents=[common], help="MX hosts of domains, RFC 5321 order")
    p.add_argument("domains", nargs="+", metavar="DOMAIN")
    p = sub.add_parser("clusters", parents=[common], help="expand a mailtrace config's clusters")
    p.add_argument("config", metavar="CONFIG.yaml")
    p = sub.add_parser("validate", parents=[common], help="run the mail-zone validators")
    p.add_argument("zone", metavar="ZONEFILE|ZONE.yaml")
    p.add_argument("--origin", default=None, help="zone name (default: $ORIGIN or file name)")
    sub.add_parser("demo", parents=[common], help="expand a bundled config on an embedded server")
    p = sub.add_parser("check", parents=[common], help="live check of domains' mail DNS")
    p.add_argument("domains", nargs="+", metavar="DOMAIN")
    return parser


def _discovery_config(args: argparse.Namespace, base: Optional[dict[str, Any]] = None) -> Any:
    from . import MXDiscoveryConfig

    data = dict(base or {})
    if args.server:
        data["servers"] = list(args.server)
    if args.timeout is not None:
        data["timeout"] = args.timeout
    return MXDiscoveryConfig(**data)


def _print_json(doc: Any) -> None:
    json.dump(doc, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def _warn_exit(warnings: Sequence[str], fail_on: str) -> int:
    """Discovery warnings count as severity 'warning'."""
    if warnings and SEVERITIES.index(fail_on) <= SEVERITIES.index("warning"):
        return EXIT_FINDINGS
    return EXIT_OK


# --- resolve -------------------------------------------------------------------------------


def cmd_resolve(args: argparse.Namespace) -> int:
    from . import MXDiscovery, MXLookupError, ServerFailure

    discovery = MXDiscovery(_discovery_config(args))
    out: list[dict[str, Any]] = []
    failed = False
    for domain in args.domains:
        entry: dict[str, Any] = {"domain": domain, "mx": [], "error": None}
        try:
            records = discovery.lookup(domain)
        except MXLookupError as e:
            failed = True
            error: dict[str, Any] = {"type": type(e).__name__, "message": str(e)}
            if isinstance(e, ServerFailure):
                error["rcode"] = e.rcode
            entry["error"] = error
        else:
            entry["mx"] = [
                {"preference": r.preference, "exchange": r.exchange, "ttl": r.ttl} for r in records
            ]
        out.append(entry)
    if args.json:
        _add_addresses(out, discovery.config)
        _print_json(out)
    else:
        for entry in out:
            if entry["error"]:
                err = entry["error"]
                print(f"{entry['domain']}: {err['type']}: {err['message']}", file=sys.stderr)
                continue
            print(f"{entry['domain']}:")
            for mx in entry["mx"]:
                print(f"  {mx['preference']:>5}  {mx['exchange']}  (ttl {mx['ttl']})")
    return EXIT_FINDINGS if failed else EXIT_OK


def _add_addresses(out: list[dict[str, Any]], config: Any) -> None:
    """Adds each MX's ``"addresses"`` (A, then AAAA), all looked up at once."""
    from . import resolve_addresses

    hosts = list(dict.fromkeys(mx["exchange"] for entry in out for mx in entry["mx"]))
    found = resolve_addresses(hosts, config) if hosts else {}
    for entry in out:
        for mx in entry["mx"]:
            mx["addresses"] = found.get(mx["exchange"], [])


# --- check ---------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    import asyncio

    from . import check_domain_async

    config = _discovery_config(args)

    async def check_all() -> list[Any]:
        return await asyncio.gather(*(check_domain_async(d, config) for d in args.domains))

    reports = asyncio.run(check_all())
    if args.json:
        _print_json([r.to_dict() for r in reports])
    else:
        for r in reports:
            print(f"{r.domain}:")
            for mx in r.mx:
                addresses = ", ".join(r.addresses.get(mx.exchange, [])) or "no address"
                print(f"  MX {mx.preference:>5}  {mx.exchange}  ({addresses})")
            for f in r.findings:
                print(f"  [{f.severity}] {f.id}: {f.message}")
            if not r.findings:
                print("  no findings")
    threshold = SEVERITIES.index(args.fail_on)
    worst = [SEVERITIES.index(f.severity) for r in reports for f in r.findings]
    return EXIT_FINDINGS if worst and max(worst) >= threshold else EXIT_OK


# --- clusters ------------------------------------------------------------------------------


def _with_overrides(clusters: Any, args: argparse.Namespace) -> Any:
    """The same clusters with ``--server``/``--timeout`` applied to their discovery config."""
    from . import Clusters

    if not args.server and args.timeout is None:
        return clusters
    config = _discovery_config(args, clusters.mx_discovery.config.to_dict())
    return Clusters(clusters.clusters, domain=clusters.domain, mx_discovery=config)


def _expand(clusters: Any) -> tuple[dict[str, list[str]], list[str]]:
    with _collect_warnings() as collected:
        result = clusters.resolve_all()
    return result, collected.messages


def _report_clusters(result: dict[str, list[str]], warnings: list[str], as_json: bool) -> None:
    if as_json:
        _print_json({"clusters": result, "warnings": warnings})
        return
    for name, hosts in result.items():
        print(f"{name}:")
        for host in hosts:
            print(f"  {host}")
        if not hosts:
            print("  (no hosts)")
    for message in warnings:
        print(f"WARNING: {message}", file=sys.stderr)


def cmd_clusters(args: argparse.Namespace) -> int:
    from . import Clusters

    result, warnings = _expand(_with_overrides(Clusters.from_yaml(args.config), args))
    _report_clusters(result, warnings, args.json)
    return _warn_exit(warnings, args.fail_on)


# --- validate ------------------------------------------------------------------------------


def _load_zone(path: str, origin: Optional[str]) -> Any:
    import os

    from . import Zone

    if path.endswith((".yaml", ".yml")):
        import yaml

        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
        if not isinstance(data, dict):
            raise ValueError(f"{path}: the document is not a mapping")
        name = origin or os.path.basename(path).rsplit(".", 1)[0]
        return Zone.from_dict(name, data)
    return Zone.from_zonefile(os.fspath(path), origin=origin)


def cmd_validate(args: argparse.Namespace) -> int:
    from . import validate_zone

    zone = _load_zone(args.zone, args.origin)
    reasons = validate_zone(zone)
    if args.json:
        _print_json(
            {
                "zone": zone.name,
                "reasons": [
                    {
                        "validator_id": r.validator_id,
                        "reason": r.reason,
                        "records": [rec.fqdn for rec in r.records],
                    }
                    for r in reasons
                ],
            }
        )
    else:
        for r in reasons:
            print(f"[{r.validator_id}] {r.reason}")
        print(f"{zone.name}: {len(reasons)} finding(s)", file=sys.stderr)
    # Validator reasons are errors in octoDNS (they fail a plan).
    return EXIT_FINDINGS if reasons else EXIT_OK


# --- demo ----------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace) -> int:
    from . import Clusters
    from .demo import DEMO_FAULTS, load_demo
    from .testing import DnsServer

    zones, doc = load_demo()
    with DnsServer(zones) as server:
        for name, kind in DEMO_FAULTS.items():
            server.fault(name, kind)
        if not args.server:
            args.server = [server.address]
        if not args.json:
            print(f"# embedded DNS server on {server.address}", file=sys.stderr)
        clusters = Clusters(
            doc["clusters"],
            domain=doc["domain"],
            mx_discovery=_discovery_config(args, doc["mx_discovery"]),
        )
        result, warnings = _expand(clusters)
    _report_clusters(result, warnings, args.json)
    return _warn_exit(warnings, args.fail_on)


COMMANDS = {
    "resolve": cmd_resolve,
    "clusters": cmd_clusters,
    "validate": cmd_validate,
    "demo": cmd_demo,
    "check": cmd_check,
}


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the CLI; returns the exit status (also used as the console-script entry point)."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (OSError, ValueError, TypeError) as e:
        print(f"mailtrace-mx: error: {e}", file=sys.stderr)
        return EXIT_USAGE
