"""Startup cost of a code lookup, as whole-process wall time.

Three commands run with this interpreter, interleaved, N times each (median reported):

- ``bare``:   ``python -c pass``
- ``floor``:  ``python -c "import attrs, decimal, csv"`` (what the lookup cannot avoid)
- ``lookup``: ``python -c "import govbudget as gb; gb.functional(2024)['2010450']"``

``overhead_ms`` = lookup − bare, ``over_floor_ms`` = lookup − floor (target ≤ 30 ms). A separate
fresh process checks that the lookup imports neither polars nor babel. The environment is the
caller's minus ``PYTHONDONTWRITEBYTECODE`` (so byte code is cached) and every command runs
once before timing. The last line of output is one JSON object.

Usage: ``python benchmarks/startup.py [-n RUNS]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "bare": "pass",
    "floor": "import attrs, decimal, csv",
    "lookup": "import govbudget as gb; gb.functional(2024)['2010450']",
}
PROBE = (
    "import sys, json; import govbudget as gb; s = gb.functional(2024)['2010450']; "
    "print(json.dumps({'name': s.name, 'polars': 'polars' in sys.modules, 'babel': 'babel' in sys.modules}))"
)
TARGET_MS = 30.0


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.setdefault("PYTHONIOENCODING", "utf-8")
    return env


def _time(code: str, env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], env=env, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - t0) * 1000


def _slowest_imports(env: dict[str, str], n: int = 8) -> list[tuple[str, int]]:
    """The imports (any depth, indented as nested) with the largest cumulative time (µs) under ``-X importtime``."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", COMMANDS["lookup"]],
        env=env, capture_output=True, text=True, check=True,
    )
    rows = []
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((parts[2].rstrip()[1:], int(parts[1])))
    return sorted(rows, key=lambda r: -r[1])[:n]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--runs", type=int, default=21, help="timed runs per command (>= 15)")
    args = ap.parse_args(argv)
    runs = max(args.runs, 15)
    env = _env()

    for code in COMMANDS.values():  # warm: byte code, file cache
        _time(code, env)
    samples: dict[str, list[float]] = {k: [] for k in COMMANDS}
    for _ in range(runs):
        for key, code in COMMANDS.items():
            samples[key].append(_time(code, env))
    med = {k: statistics.median(v) for k, v in samples.items()}

    probe = json.loads(
        subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True,
                       encoding="utf-8", check=True).stdout
    )
    assert probe["name"] == "事业运行", probe

    print(f"python {sys.version.split()[0]} ({sys.executable}), {runs} interleaved runs each, median wall time:")
    for key, code in COMMANDS.items():
        lo, hi = min(samples[key]), max(samples[key])
        print(f"  {key:<7} {med[key]:7.1f} ms  (min {lo:.1f}, max {hi:.1f})  python -c {code!r}")
    over_floor = med["lookup"] - med["floor"]
    print(f"  lookup - bare  = {med['lookup'] - med['bare']:.1f} ms")
    print(f"  lookup - floor = {over_floor:.1f} ms (target <= {TARGET_MS:.0f} ms: "
          f"{'met' if over_floor <= TARGET_MS else 'NOT met'})")
    print("  slowest imports of the lookup (-X importtime, cumulative, nesting shown by indent):")
    for name, us in _slowest_imports(env):
        print(f"    {us / 1000:7.1f} ms  {name}")
    print(f"  after the lookup: polars imported = {probe['polars']}, babel imported = {probe['babel']}")

    result = {
        "python": sys.version.split()[0],
        "runs": runs,
        "bare_ms": round(med["bare"], 2),
        "floor_ms": round(med["floor"], 2),
        "lookup_ms": round(med["lookup"], 2),
        "overhead_ms": round(med["lookup"] - med["bare"], 2),
        "over_floor_ms": round(over_floor, 2),
        "target_ms": TARGET_MS,
        "target_met": over_floor <= TARGET_MS,
        "polars_imported": probe["polars"],
        "babel_imported": probe["babel"],
    }
    print(json.dumps(result))
    return 1 if probe["polars"] or probe["babel"] else 0


if __name__ == "__main__":
    sys.exit(main())
