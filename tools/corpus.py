"""One line per document of the development corpus, for a quick look after a change to the reader.

For each PDF in ``tests/fixtures/corpus``: tables recognised / not recognised, unmapped lines, cells by
how they were placed (position / identity / uncertain), the check's findings by verdict, the
contradictions judged in ``triage.json`` still printed (TRUE found, FALSE printed), and seconds.

Usage: ``python tools/corpus.py [FILE.pdf …]`` (``make corpus``)
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import govbudget as gb

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "corpus"


_FIGURES = re.compile(r"\d+(?:\.\d+)?(?:%|万元)")


def _same_place(where: str, judged: str) -> bool:
    """Equal places, or quotations sharing two figures (a quotation's cut may change between versions)."""
    return where == judged or ("“" in judged and len(set(_FIGURES.findall(where)) & set(_FIGURES.findall(judged))) >= 2)


def _line(path: Path, triage: list[dict]) -> str:
    t0 = time.perf_counter()
    rep = gb.read_report(path)
    findings = rep.check()
    secs = time.perf_counter() - t0
    placed: Counter[str] = Counter()
    for t in rep.tables:
        placed.update({k: v for k, v in t.certainty().items() if v})
    verdicts = Counter(f.verdict for f in findings)
    printed = [(f.rule, f.where) for f in findings if f.verdict == "contradiction"]
    judged = [e for e in triage if e["file"] == path.name]

    def found(e: dict) -> bool:
        return any(rule == e["rule"] and _same_place(where, e["where"]) for rule, where in printed)

    true_found = sum(1 for e in judged if e["verdict"].startswith("TRUE") and found(e))
    false_left = sum(1 for e in judged if e["verdict"].startswith("FALSE") and found(e))
    n_true = sum(1 for e in judged if e["verdict"].startswith("TRUE"))
    known = sum(1 for t in rep.tables if t.table_id)
    return (f"{path.name[:44]:44s} tables {known:2d}+{len(rep.tables) - known}? unmapped {len(rep.unmapped):3d} "
            f"cells {dict(placed)} findings {dict(verdicts)} triage TRUE {true_found}/{n_true} "
            f"FALSE {false_left} {secs:5.1f}s")


def main(argv: list[str]) -> None:
    triage = json.loads((CORPUS / "triage.json").read_text(encoding="utf-8"))
    files = [Path(a) for a in argv] or sorted(CORPUS.glob("*.pdf"))
    for f in files:
        print(_line(f, triage), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
