"""One report published in several files (a 情况说明 volume and a table volume, issue 9.5).

The files are read in order and their texts joined; after parsing, every line number is put
back into the numbering of its own file and each cell, unmapped line and narrative section
records the ``file`` it was read from.

>>> _Spans([("a.txt", 3), ("b.txt", 2)]).locate(4)
('b.txt', 1)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

from ..errors import ReportReadError
from ._intake import bad_bytes, file_text

__all__ = ["read_files"]


class _Spans:
    """Where each file's lines lie in the joined text."""

    def __init__(self, parts: Sequence[tuple[str, int]]) -> None:
        self.files = [f for f, _ in parts]
        self.starts = [0]
        for _, n in parts:
            self.starts.append(self.starts[-1] + n)

    def locate(self, line: int) -> tuple[str | None, int]:
        """(file, line in that file) of a line of the joined text; lines ≤ 0 are left as they are."""
        if line <= 0:
            return None, line
        i = min(bisect.bisect_left(self.starts, line) - 1, len(self.files) - 1)
        return self.files[i], line - self.starts[i]

    def line(self, line: int) -> int:
        return self.locate(line)[1]


_MARKER = re.compile(r"=== 第\d+页 ===|#.*")


def _has_text(text: str) -> bool:
    r"""Whether a file's text holds anything besides page markers and ``#`` lines.

    >>> _has_text("=== 第1页 ===\n\n"), _has_text("=== 第1页 ===\n收入决算表\n")
    (False, True)
    """
    return any(ln.strip() and not _MARKER.fullmatch(ln.strip()) for ln in text.splitlines())


def read_files(paths: Sequence[object], *, read: Callable[..., Any], tables_text: str | None = None):
    """Read ``paths`` as one report (see :func:`govbudget.read_report`).

    A ``x.tables.txt`` given together with ``x.txt`` is the table layer of that text, as when
    ``x.txt`` is read alone.

    ``read`` is :func:`govbudget.read_report` (passed in, so that this module does not import
    the package that imports it).

    >>> read_files([], read=print)
    Traceback (most recent call last):
    ...
    govbudget.errors.ReportReadError: read_report needs at least one path
    """
    read_report = read
    if not paths:
        raise ReportReadError("read_report needs at least one path")
    names = [Path(str(p)) for p in paths]
    mains = {p for p in names if not p.name.endswith(".tables.txt")}
    layers = [p for p in names if p.name.endswith(".tables.txt")
              and p.with_name(p.name[: -len(".tables.txt")] + ".txt") in mains]
    members = [p for p in names if p not in layers]
    if len(members) == 1:
        return read_report(members[0])
    parts: list[tuple[str, str]] = []
    unread = []
    for raw in members:
        p, text, bad, more = file_text(raw)
        if p.suffix.lower() == ".pdf" and not _has_text(text):
            raise ReportReadError(f"cannot read {p}: no text (a PDF without a text layer)")
        if not text.endswith("\n"):
            text += "\n"
        parts.append((str(p), text))
        unread.extend(bad_bytes(text, bad, more, file=str(p)))
    if layers and tables_text is None:
        if len(layers) > 1:
            raise ReportReadError("cannot read " + ", ".join(map(str, layers)) + ": one .tables.txt layer "
                                  "per report (these are several)")
        tables_text = file_text(layers[0])[1]
    spans = _Spans([(f, len(t.splitlines())) for f, t in parts])
    rep = read_report(text="".join(t for _, t in parts), tables_text=tables_text)
    return attrs.evolve(
        _relocate(rep, spans), source=parts[0][0], files=tuple(f for f, _ in parts) + tuple(map(str, layers)),
        unmapped=_relocate_unmapped(rep.unmapped, spans) + tuple(unread),
    )


def _relocate(rep, spans: _Spans):
    def cell(c):
        if c.file is not None:  # a cell of a .tables.txt layer: its own numbering
            return c
        f, n = spans.locate(c.line)
        return attrs.evolve(c, file=f, line=n)

    tables = []
    for t in rep.tables:
        local = t.cells and t.cells[0].file is not None
        tables.append(attrs.evolve(
            t, cells=tuple(cell(c) for c in t.cells),
            line=t.line if local else spans.line(t.line),
            rows=t.rows if local else tuple((code, label, spans.line(n)) for code, label, n in t.rows),
            raw_rows=t.raw_rows if local else tuple((spans.line(n), raw) for n, raw in t.raw_rows),
        ))
    narrative = []
    for s in rep.narrative:
        first = s.line or (s.lines[0] if s.lines else 0)
        narrative.append(attrs.evolve(s, line=spans.line(s.line), lines=tuple(spans.line(n) for n in s.lines),
                                      file=spans.locate(first)[0]))
    furniture = tuple((page, spans.line(n), text) for page, n, text in rep.furniture)
    return attrs.evolve(rep, tables=tuple(tables), narrative=tuple(narrative), furniture=furniture)


def _relocate_unmapped(unmapped, spans: _Spans) -> tuple:
    out = []
    for u in unmapped:
        f, n = spans.locate(u.line)
        out.append(attrs.evolve(u, line=n, file=f) if f is not None and u.file is None else u)
    return tuple(out)
