"""The ``mailtrace-mx`` command line (also ``python -m mailtrace_mx``).

Sub-commands: ``resolve``, ``clusters``, ``validate``, ``check`` and ``demo``; each takes only
the options it uses (any other is a usage error). Results go to stdout (one JSON document with
``--json``; ``check --jsonl``: one report a line); messages for people go to stderr.

``check`` and ``resolve`` take domains as arguments and from ``-f FILE`` (``-`` = stdin; one a
line, ``#`` comments). A name that is not a valid domain is reported on stderr (with its line)
and does not stop the run: ``check`` gives it a report with an ``invalid-domain`` finding
(severity error), ``resolve`` an ``InvalidDomain`` error, so both exit 1 for it.

Exit status:

- 0: nothing at or above ``--fail-on`` (default ``error``); ``resolve``: every lookup worked.
- 1: a finding at or above ``--fail-on`` (``clusters``/``demo``: lookup warnings count as
  ``warning``; ``validate``: any reason); ``resolve``: a lookup failed (NXDOMAIN, no MX,
  Null MX, invalid name, timeout, server failure).
- 2: usage or input error (unknown option, unreadable file, YAML or zone syntax error, bad
  server or timeout).
- 130: interrupted (Ctrl-C).

When stdout is closed early (``| head``) the run stops quietly, without "Broken pipe";
``check`` then exits with the status of the reports written so far, the others with 0.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from itertools import islice
from typing import Any, Optional

from .bulk import DEFAULT_MAX_DOMAINS_IN_FLIGHT

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

EXIT_HELP = """exit status: 0 nothing at or above --fail-on; 1 findings at or above it (resolve: a
lookup failed); 2 usage or input error; 130 interrupted"""

LOGGER_NAME = "mailtrace.mx_discovery"
SEVERITIES = ("info", "warning", "error")
#: Domains ``resolve`` looks up at once (and, with --json, addresses per batch).
RESOLVE_BATCH = 64


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


def _add_dns_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--server",
        action="append",
        default=None,
        metavar="IP[:PORT]",
        help="DNS server to ask (repeatable; default: the config's, else resolv.conf)",
    )
    p.add_argument("--timeout", type=float, default=None, help="deadline of one lookup (s)")


def _add_json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print one JSON document on stdout")


def _add_fail_on(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        default="error",
        help="lowest severity that makes the exit status 1 (default: error)",
    )


def _add_domains(p: argparse.ArgumentParser) -> None:
    p.add_argument("domains", nargs="*", metavar="DOMAIN")
    p.add_argument(
        "-f",
        "--file",
        dest="files",
        action="append",
        default=[],
        metavar="FILE",
        help="read domains from FILE, one a line, # comments (- = stdin; repeatable)",
    )
    p.set_defaults(subparser=p)


def _add_check_options(p: argparse.ArgumentParser) -> None:
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    out.add_argument(
        "--jsonl", action="store_true", help="print one JSON report a line, as they complete"
    )
    p.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report")
    p.add_argument(
        "--max-domains-in-flight",
        type=int,
        default=DEFAULT_MAX_DOMAINS_IN_FLIGHT,
        metavar="N",
        help=f"domains checked at once (default {DEFAULT_MAX_DOMAINS_IN_FLIGHT})",
    )
    p.add_argument("--fetch-policy", action="store_true", help="fetch the MTA-STS policy")
    p.add_argument("--probe-smtp", action="store_true", help="STARTTLS probe of each MX")
    p.add_argument("--cafile", metavar="PEM", help="extra trusted CAs for the probes")
    p.add_argument("--smtp-port", type=int, default=25, metavar="N", help="default 25")
    p.add_argument("--https-port", type=int, default=443, metavar="N", help="default 443")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mailtrace-mx",
        description="Where does a domain's mail go, and is its DNS right?",
        epilog=EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("resolve", help="MX hosts of domains, RFC 5321 order", epilog=EXIT_HELP)
    _add_domains(p)
    _add_dns_options(p)
    _add_json(p)
    p = sub.add_parser("clusters", help="expand a mailtrace config's clusters")
    p.add_argument("config", metavar="CONFIG.yaml")
    _add_dns_options(p)
    _add_json(p)
    _add_fail_on(p)
    p = sub.add_parser("validate", help="run the mail-zone validators")
    p.add_argument("zone", metavar="ZONEFILE|ZONE.yaml")
    p.add_argument("--origin", default=None, help="zone name (default: $ORIGIN or file name)")
    _add_json(p)
    p = sub.add_parser("demo", help="expand a bundled config on an embedded server")
    _add_dns_options(p)
    _add_json(p)
    _add_fail_on(p)
    p = sub.add_parser("check", help="live check of domains' mail DNS", epilog=EXIT_HELP)
    _add_domains(p)
    _add_dns_options(p)
    _add_check_options(p)
    _add_fail_on(p)
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


def _batches(items: Iterable[str], size: int) -> Iterator[list[str]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _lookup_entry(discovery: Any, domain: str) -> dict[str, Any]:
    """``{"domain", "mx", "error"}`` of one domain (``resolve --json``'s item)."""
    from . import MXLookupError, ServerFailure

    entry: dict[str, Any] = {"domain": domain, "mx": [], "error": None}
    try:
        records = discovery.lookup(domain)
    except MXLookupError as e:
        error: dict[str, Any] = {"type": type(e).__name__, "message": str(e)}
        if isinstance(e, ServerFailure):
            error["rcode"] = e.rcode
        entry["error"] = error
    else:
        entry["mx"] = [
            {"preference": r.preference, "exchange": r.exchange, "ttl": r.ttl} for r in records
        ]
    return entry


def _print_resolved(entry: dict[str, Any]) -> None:
    if entry["error"]:
        err = entry["error"]
        print(f"{entry['domain']}: {err['type']}: {err['message']}", file=sys.stderr)
        return
    print(f"{entry['domain']}:")
    for mx in entry["mx"]:
        print(f"  {mx['preference']:>5}  {mx['exchange']}  (ttl {mx['ttl']})")


def cmd_resolve(args: argparse.Namespace) -> int:
    """MX records of every domain, looked up a batch at a time (the lookups of a batch run
    at once, on threads: the native lookup releases the GIL); output in input order."""
    from . import MXDiscovery
    from ._check_output import JsonArray
    from ._domain_input import DomainInput

    discovery = MXDiscovery(_discovery_config(args))
    source = DomainInput(args.domains, args.files, sys.stderr)
    array = JsonArray(sys.stdout) if args.json else None
    failed = False
    try:
        with ThreadPoolExecutor(RESOLVE_BATCH, thread_name_prefix="mailtrace-mx-resolve") as pool:
            for batch in _batches(source.names(), RESOLVE_BATCH):
                entries = list(pool.map(lambda d: _lookup_entry(discovery, d), batch))
                failed = failed or any(e["error"] for e in entries)
                if array is None:
                    for entry in entries:
                        _print_resolved(entry)
                    continue
                _add_addresses(entries, discovery.config)
                for entry in entries:
                    array.add(entry)
        if array is not None:
            array.finish()
    finally:
        source.close()
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
    from ._check_cli import run_check

    return run_check(args, _discovery_config(args))


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


def _read_yaml(path: str) -> Any:
    """The YAML document of ``path``; a syntax error is a ValueError naming file and line."""
    import yaml

    with open(path, encoding="utf-8") as f:
        try:
            return yaml.safe_load(f)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark is not None else path
            problem = getattr(e, "problem", None) or str(e)
            raise ValueError(f"{where}: YAML syntax error: {problem}") from None


def _load_zone(path: str, origin: Optional[str]) -> Any:
    from . import Zone

    try:
        if path.endswith((".yaml", ".yml")):
            data = _read_yaml(path)
            if not isinstance(data, dict):
                raise ValueError(f"{path}: the document is not a mapping")
            name = origin or os.path.basename(path).rsplit(".", 1)[0]
            return Zone.from_dict(name, data)
        return Zone.from_zonefile(os.fspath(path), origin=origin)
    except (ValueError, TypeError) as e:
        if path in str(e):
            raise
        raise type(e)(f"{path}: {e}") from None


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


def _lenient_stdout() -> None:
    """Names that cannot be encoded are printed with backslash escapes, never an error."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Runs the CLI; returns the exit status (also used as the console-script entry point)."""
    args = _parser().parse_args(argv)
    if args.command in ("resolve", "check") and not args.domains and not args.files:
        args.subparser.error("give DOMAIN arguments or -f FILE (- = stdin)")
    _lenient_stdout()
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:
        from ._check_output import quiet_stdout

        quiet_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        print("mailtrace-mx: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (OSError, ValueError, TypeError, NotImplementedError) as e:
        print(f"mailtrace-mx: error: {e}", file=sys.stderr)
        return EXIT_USAGE
