"""check() on a 说明 of one long unpunctuated run, at two sizes: time per character should not grow.

The same run measures ``n`` and ``8 × n`` characters (median of N runs each); ``ratio`` is the time
of the larger over the smaller. Linear work gives ≈ 8; the backtracking item pattern of issue 12
gave ≈ 60 (8,000 characters 2.4 s, 32,000 characters 44 s). The last line of output is one JSON object.

Usage: ``python benchmarks/check_scaling.py [-n RUNS] [--size N]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import govbudget as gb

HEAD = "支出决算表\n金额单位：万元\n项目\t\t本年支出合计\n合计\t\t1.00\n三、支出决算情况说明\n"


def _time(n: int, runs: int) -> float:
    rep = gb.read_report(text=HEAD + "字" * n)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        rep.check()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=5)
    ap.add_argument("--size", type=int, default=8000)
    args = ap.parse_args()
    small = _time(args.size, args.n)
    large = _time(8 * args.size, args.n)
    print(f"check() on {args.size} chars: {small:.1f} ms; on {8 * args.size}: {large:.1f} ms; ratio {large / small:.1f} "
          "(linear ≈ 8)")
    print(json.dumps({"small_ms": round(small, 1), "large_ms": round(large, 1), "ratio": round(large / small, 2)}))


if __name__ == "__main__":
    main()
