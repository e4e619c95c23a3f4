"""Benchmark (not a test): octoDNS 1.22.0's three mail zone validators against
mailtrace_mx's on zones of 1k, 10k and 100k records.

Columns: octoDNS's three validators on its own zone; ours (a) on a native ``Zone`` built
from the same data; ours (b) fed the octoDNS zone object, conversion included (each of the
three validators converts it; ``validate_zone`` converts once). Also zone construction
times and peak RSS, each measured in a fresh subprocess.

Run against a release build::

    .venv/bin/pip install -e .          # release profile
    .venv/bin/python benches/bench_zone.py
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import subprocess
import sys
import time
from collections import Counter
from typing import Any, Callable

ZONE = "example.com."


def zone_data(n: int) -> dict[str, Any]:
    """About ``n`` records: per block of 5, an A, a CNAME, an MX with 2 values (one in-zone
    target, one outside), its SPF TXT, and a DKIM TXT; plus a mail-ready apex. One block in
    50 has findings (an MX pointing at a CNAME, an SPF without ``all``), one in 100 a dangling
    in-zone target."""
    data: dict[str, Any] = {
        "": [
            {"type": "MX", "values": [{"preference": 10, "exchange": "mx1.example.com."},
                                      {"preference": 20, "exchange": "mx2.example.net."}]},
            {"type": "TXT", "value": "v=spf1 mx -all"},
        ],
        "_dmarc": {"type": "TXT", "value": "v=DMARC1\\; p=reject"},
        "mx1": {"type": "A", "value": "192.0.2.1"},
    }  # fmt: skip
    for i in range((n - 4) // 5):
        data[f"host{i}"] = {"type": "A", "value": f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}"}
        data[f"www{i}"] = {"type": "CNAME", "value": f"host{i}.example.com."}
        data[f"mail{i}"] = [
            {"type": "MX", "values": [
                {"preference": 10, "exchange": f"host{i}.example.com."},
                {"preference": 20, "exchange": second_target(i)},
            ]},
            {"type": "TXT", "value": "v=spf1 mx" if i % 50 == 7 else "v=spf1 mx ~all"},
        ]  # fmt: skip
        data[f"k{i}._domainkey"] = {"type": "TXT", "value": f"v=DKIM1\\; k=rsa\\; p=KEY{i}"}
    return data


def second_target(i: int) -> str:
    if i % 50 == 3:
        return f"www{i}.example.com."  # a CNAME
    if i % 100 == 5:
        return f"gone{i}.example.com."  # does not exist
    return f"mx{i % 7}.mail.example.net."


def count(data: dict[str, Any]) -> int:
    return sum(len(v) if isinstance(v, list) else 1 for v in data.values())


def octo_zone(data: dict[str, Any]) -> Any:
    from octodns.record import Record
    from octodns.zone import Zone

    zone = Zone(ZONE, [])
    for name, entries in data.items():
        for entry in entries if isinstance(entries, list) else [entries]:
            record = Record.new(zone, name, {"ttl": 3600, **entry}, lenient=True)
            zone.add_record(record, lenient=True)
    return zone


def octo_validators() -> list[Any]:
    from octodns.zone.mail import (
        MailZoneValidator,
        MxTargetNotCnameZoneValidator,
        MxTargetResolvableInZoneZoneValidator,
    )

    return [
        MxTargetNotCnameZoneValidator("mx-target-not-cname"),
        MailZoneValidator("mail"),
        MxTargetResolvableInZoneZoneValidator("mx-target-resolvable-in-zone"),
    ]


def our_validators() -> list[Any]:
    import mailtrace_mx as m

    return [
        m.MxTargetNotCnameZoneValidator("mx-target-not-cname"),
        m.MailZoneValidator("mail"),
        m.MxTargetResolvableInZoneZoneValidator("mx-target-resolvable-in-zone"),
    ]


def run_all(validators: list[Any], zone: Any) -> Counter:
    out: Counter = Counter()
    for v in validators:
        for r in v.validate(zone):
            out[(r.validator_id, r.reason)] += 1
    return out


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def measure(n: int, repeat: int) -> dict[str, Any]:
    import mailtrace_mx as m

    data = zone_data(n)
    t = time.perf_counter()
    octo = octo_zone(data)
    octo_build = time.perf_counter() - t
    t = time.perf_counter()
    native = m.Zone.from_dict(ZONE, data)
    our_build = time.perf_counter() - t
    convert = best(lambda: m.Zone.from_octodns(octo), repeat)
    theirs, mine = octo_validators(), our_validators()
    expected = run_all(theirs, octo)
    assert run_all(mine, native) == expected, "verdicts differ (native)"
    assert run_all(mine, octo) == expected, "verdicts differ (octoDNS zone)"
    return {
        "records": count(data),
        "reasons": sum(expected.values()),
        "octo_build": octo_build,
        "our_build": our_build,
        "convert": convert,
        "octo": best(lambda: run_all(theirs, octo), repeat),
        "a": best(lambda: run_all(mine, native), repeat),
        "b": best(lambda: run_all(mine, octo), repeat),
        "b1": best(lambda: m.validate_zone(octo), repeat),
    }


def rss_child(which: str, n: int) -> None:
    """In a subprocess: build and validate one side, print peak RSS in MiB."""
    data = zone_data(n)
    if which == "octodns":
        zone = octo_zone(data)
        run_all(octo_validators(), zone)
    else:
        import mailtrace_mx as m

        zone = m.Zone.from_dict(ZONE, data)
        run_all(our_validators(), zone)
    print(peak_rss_mib())


def peak_rss_mib() -> float:
    """This process's peak RSS. ``VmHWM`` belongs to the address space, so unlike
    ``ru_maxrss`` it does not inherit the (large) parent's peak across fork+exec."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss(which: str, n: int) -> float:
    out = subprocess.run(
        [sys.executable, __file__, "--rss-child", which, str(n)],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def ms(s: float) -> str:
    return f"{s * 1000:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rss-child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print raw numbers as JSON")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    if args.rss_child:
        rss_child(args.rss_child[0], int(args.rss_child[1]))
        return
    rows = []
    for n in args.sizes:
        row = measure(n, args.repeat)
        row["rss_octo"] = rss("octodns", n)
        row["rss_ours"] = rss("ours", n)
        rows.append(row)
        print(f"done {n}", file=sys.stderr)
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    print(
        "| records | reasons | octoDNS 3 validators (ms) | ours (a) native Zone (ms) | speed-up (a)"
        " | ours (b) octoDNS zone, 3 conversions (ms) | speed-up (b)"
        " | validate_zone(octoDNS zone) (ms) | speed-up |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['records']:,} | {r['reasons']:,} | {ms(r['octo'])} | {ms(r['a'])}"
            f" | {r['octo'] / r['a']:.0f}x | {ms(r['b'])} | {r['octo'] / r['b']:.1f}x"
            f" | {ms(r['b1'])} | {r['octo'] / r['b1']:.1f}x |"
        )
    print()
    print(
        "| records | octoDNS zone build (ms) | Zone.from_dict (ms) | Zone.from_octodns (ms)"
        " | peak RSS octoDNS (MiB) | peak RSS ours (MiB) |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['records']:,} | {ms(r['octo_build'])} | {ms(r['our_build'])}"
            f" | {ms(r['convert'])} | {r['rss_octo']:.0f} | {r['rss_ours']:.0f} |"
        )


if __name__ == "__main__":
    main()
