"""Running one input through govbudget and measuring what the invariants ask.

:func:`run_report` reads a text with ``read_report(text=…)`` and checks it; :func:`run_cli`
runs ``govbudget check`` on a file in-process. Both return an :class:`Outcome`: the exception
that escaped (only a non-library one breaks the invariant), the amounts lost and the time.
"""

from __future__ import annotations

import contextlib
import io
import re
import time
import traceback
import unicodedata
from collections import Counter
from decimal import Decimal
from pathlib import Path

import attrs

import govbudget as gb

#: an amount token: a figure with decimals (``519.63``, ``1,234.00``, ``(12.50)``, full-width or any
#: other script's digits: ``١٢٣.٤٥`` is an amount on the page even though govbudget refuses to read
#: it), not part of a longer run of digits and dots (dates such as 2024.12.31), not a percentage,
#: not followed by 年 (``4．2026年部门…`` in a 目录 is an item number glued to a year).
#: Whole numbers are left out: in a report text they are as often codes, 行次, years or counts.
AMOUNT = re.compile(r"(?<![\d.．,，])(?:\d{1,3}(?:[,，]\d{3})+|\d+)[.．]\d+(?![\d.．%％年])")


@attrs.define
class Outcome:
    """What one input did: the escaped exception (type name and text), lost amounts, seconds."""

    error: str | None = None  # a non-library exception: "TypeError: …" (the invariant is broken)
    refused: str | None = None  # a GovBudgetError: a typed refusal (allowed)
    traceback: str = ""
    lost: list[tuple[int, str]] = attrs.Factory(list)  # (line, token) of amounts neither cell nor unmapped
    seconds: float = 0.0  # float-ok (time)
    findings: int = 0
    net: int = 0  # amounts listed by the reader's guarantee (see net_amounts)
    exit_code: int | None = None


def amount_tokens(line: str) -> list[Decimal]:
    """The magnitudes of the amounts printed on ``line`` (see :data:`AMOUNT`); signs and
    parentheses are left out, so a garbled sign does not hide the figure."""
    out = []
    for m in AMOUNT.finditer(line):
        digits = "".join(str(unicodedata.decimal(c)) if c.isdigit() else "." for c in m.group() if c not in ",，")
        out.append(Decimal(digits))
    return out


def lost_amounts(text: str, report) -> list[tuple[int, str]]:
    """Amount tokens of ``text`` that are neither a cell on their line nor in an ``unmapped`` entry of
    their line (counted token by token: an unreadable cell listed in ``unmapped`` accounts for its own
    figure, not for the others of its line). Narrative lines are read whole. Lines are numbered as
    ``str.splitlines`` does."""
    whole: set[int] = set()
    for s in report.narrative:
        whole.add(s.line)
        whole.update(s.lines)
    listed: dict[int, Counter] = {}
    for u in report.unmapped:
        listed.setdefault(u.line, Counter()).update(amount_tokens(u.text))
    cells: dict[int, Counter] = {}
    for t in report.tables:
        for c in t.cells:
            if c.value is not None:
                cells.setdefault(c.line, Counter())[abs(c.value)] += 1
    lost = []
    for no, line in enumerate(text.splitlines(), start=1):
        if no in whole:
            continue
        tokens = Counter(amount_tokens(line))
        missing = tokens - cells.get(no, Counter()) - listed.get(no, Counter())
        lost += [(no, str(v)) for v, k in missing.items() for _ in range(k)]
    return lost


def net_amounts(report) -> int:
    """How many amounts the reader's guarantee listed in ``unmapped`` (read from no cell: inside a
    label or header, in a title): not lost, but a measure of what the layout reading missed."""
    return sum(u.reason.startswith("amount not read as a cell") for u in report.unmapped)


def _escaped(outcome: Outcome, exc: BaseException) -> None:
    """A typed refusal, or a defect: an exception outside GovBudgetError, also when a library error
    only wraps it (``read_report`` turns a ValueError of the reader into a ReportReadError: the
    refusal is typed, but the reader broke)."""
    cause = exc.__cause__
    if isinstance(exc, gb.GovBudgetError) and (cause is None or isinstance(cause, gb.GovBudgetError)):
        outcome.refused = f"{type(exc).__name__}: {str(exc)[:200]}"
    elif isinstance(exc, gb.GovBudgetError):
        outcome.error = f"{type(cause).__name__} wrapped in {type(exc).__name__}: {str(exc)[:200]}"
        outcome.traceback = "".join(traceback.format_exception(cause))[-4000:]
    else:
        outcome.error = f"{type(exc).__name__}: {str(exc)[:200]}"
        outcome.traceback = "".join(traceback.format_exception(exc))[-4000:]


def run_report(text: str) -> Outcome:
    """``read_report(text=…)`` then ``.check()``; time, lost amounts, any escaped exception."""
    out = Outcome()
    start = time.perf_counter()
    try:
        report = gb.read_report(text=text)
        out.lost = lost_amounts(text, report)
        out.net = net_amounts(report)
        out.findings = len(report.check())
    except Exception as exc:  # the invariant under test: anything but a GovBudgetError is a defect
        _escaped(out, exc)
    out.seconds = time.perf_counter() - start
    return out


def run_cli(path: Path, *extra: str) -> Outcome:
    """``govbudget check PATH`` in-process: exit status 0/1/2 and no escaped exception."""
    from govbudget.cli import main

    out = Outcome()
    sink = io.StringIO()
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            out.exit_code = main(["check", str(path), "--no-progress", *extra])
    except SystemExit as exc:  # a command line must return its status, not exit
        out.error = f"SystemExit: {exc.code}"
    except Exception as exc:
        _escaped(out, exc)
    out.seconds = time.perf_counter() - start
    if out.error is None and out.exit_code not in (0, 1, 2):
        out.error = f"exit status {out.exit_code!r} (expected 0, 1 or 2)"
    if out.error is None and "Traceback (most recent call last)" in sink.getvalue():
        out.error = "a traceback was printed"
    return out
