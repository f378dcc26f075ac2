"""check() on a report with many duplicated rows and one misprinted cell (the root-cause search, C01).

The seed's 公开03 code rows are printed ``n`` and ``8 × n`` times over with 201 基本支出 misprinted in
every copy (the shape of a fuzzer's report that once took 48.9 s at n = 50: the search was
quadratic). ``ratio`` is the check time of the larger over the smaller, after subtracting the
seed's own check time measured in the same run (the same-run baseline): linear work gives ≈ 8.
The last line of output is one JSON object.

Usage: ``python benchmarks/roots.py [-n RUNS] [--copies N]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import govbudget as gb

SEED = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seed" / "zhuzhou_2024.txt"
ROW = "201\t一般公共服务支出\t410.65\t353.87\t56.78\t\t\t\n"


def _text(copies: int) -> str:
    seed = SEED.read_text(encoding="utf-8")
    lines = seed.split("\n")
    start = lines.index("合计\t\t519.63\t455.65\t63.98\t\t\t")  # 公开03's 合计 row
    end = lines.index("", start)
    text = "\n".join(lines[:start + 1] + lines[start + 1:end] * copies + lines[end:])
    return text.replace(ROW, ROW.replace("353.87", "335.87"))


def _check_ms(text: str, runs: int) -> tuple[float, int]:
    times, roots = [], 0
    for _ in range(runs):
        rep = gb.read_report(text=text)
        t0 = time.perf_counter()
        fs = rep.check()
        times.append((time.perf_counter() - t0) * 1000)
        roots = sum(1 for f in fs if f.rule == "C01")
    return statistics.median(times), roots


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=3)
    ap.add_argument("--copies", type=int, default=50)
    args = ap.parse_args()
    _check_ms(SEED.read_text(encoding="utf-8"), 1)  # warm-up
    base, _ = _check_ms(SEED.read_text(encoding="utf-8"), args.n)
    small, r1 = _check_ms(_text(args.copies), args.n)
    large, r2 = _check_ms(_text(8 * args.copies), args.n)
    ratio = (large - base) / max(small - base, 1e-3)  # float-ok: milliseconds, not money
    print(f"check() on the seed: {base:.1f} ms; ×{args.copies} rows: {small:.1f} ms ({r1} C01); "
          f"×{8 * args.copies}: {large:.1f} ms ({r2} C01); ratio over the seed {ratio:.1f} (linear ≈ 8)")
    print(json.dumps({"seed_ms": round(base, 1), "small_ms": round(small, 1), "large_ms": round(large, 1),
                      "ratio": round(ratio, 2), "roots": [r1, r2]}))


if __name__ == "__main__":
    main()
