"""Reading a PDF report against pdfplumber's own text extraction of the same file, in one run.

For each PDF (the development corpus by default), interleaved, N times each (median reported):

- ``baseline``: ``pdfplumber.open(f)`` and ``page.extract_text()`` for every page;
- ``read``:     ``govbudget.read_report(f)`` (geometry, tables, cells, narrative; no checks).

``ratio`` = Σ read / Σ baseline over the files (target ≤ 1.5). The last line of output is one JSON
object.

Usage: ``python benchmarks/read.py [-n RUNS] [FILE.pdf …]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import pdfplumber

import govbudget as gb

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "corpus"
TARGET = 1.5


def _baseline(path: Path) -> None:
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def _read(path: Path) -> None:
    gb.read_report(path)


def _time(fn, path: Path) -> float:
    t0 = time.perf_counter()
    fn(path)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", "--runs", type=int, default=3)
    ap.add_argument("files", nargs="*", type=Path)
    args = ap.parse_args()
    files = args.files or sorted(CORPUS.glob("*.pdf"))
    rows = []
    for f in files:
        base, read = [], []
        _read(f)  # warm caches (code tables, imports)
        for _ in range(args.runs):
            base.append(_time(_baseline, f))
            read.append(_time(_read, f))
        b, r = statistics.median(base), statistics.median(read)
        rows.append((f.name, b, r))
        print(f"{f.name:48s} baseline {b:6.2f}s  read {r:6.2f}s  ×{r / b:4.2f}")
    tb, tr = sum(b for _, b, _ in rows), sum(r for _, _, r in rows)
    ratio = tr / tb if tb else float("nan")  # float-ok: a timing ratio, not money
    print(json.dumps({"files": len(rows), "baseline_s": round(tb, 2), "read_s": round(tr, 2),
                      "ratio": round(ratio, 2), "target": TARGET, "ok": ratio <= TARGET}))


if __name__ == "__main__":
    main()
