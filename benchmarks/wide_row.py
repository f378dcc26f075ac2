"""read_report + check() on a report with one table row of many amounts, at two widths.

A fuzz mutant of issue 12 (a 20,000-character line of ``12.34<TAB>`` inside a table of the 江苏
政协 fixture) took 3.3 s: every cell of every row was classified against all the cells before it
in its row, so the time grew with the square of the row's width. The same run measures the report
without the row (the baseline), with a row of ``n`` characters and with one of ``8 × n``; ``ratio``
is the extra time of the wide row over that of the narrow one: linear work gives ≈ 8, quadratic
≈ 64. The last line of output is one JSON object.

Usage: ``python benchmarks/wide_row.py [-n RUNS] [--size N]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import govbudget as gb

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "reports" / "jiangsu_cppcc_2018_dept_budget_tables.txt"


def _text(size: int) -> str:
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    row = ("12.34\t" * (size // 6 + 1))[:size]
    return "\n".join([*lines[:50], *([row] if size else []), *lines[50:]])


def _time(text: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        gb.read_report(text=text).check()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=5)
    ap.add_argument("--size", type=int, default=2500)
    args = ap.parse_args()
    base, small, large = (_time(_text(size), args.n) for size in (0, args.size, 8 * args.size))
    ratio = (large - base) / max(small - base, 1e-3)
    print(f"report alone: {base:.1f} ms; with a row of {args.size:,} chars: {small:.1f} ms; of {8 * args.size:,}: "
          f"{large:.1f} ms; extra time ratio {ratio:.1f} (linear ≈ 8, quadratic ≈ 64)")
    print(json.dumps({"base_ms": round(base, 1), "small_ms": round(small, 1), "large_ms": round(large, 1),
                      "ratio": round(ratio, 2)}))


if __name__ == "__main__":
    main()
