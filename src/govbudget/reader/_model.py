"""Records the reader produces: cells, tables, narrative sections and unmapped lines.

>>> from decimal import Decimal
>>> c = Cell(table_id="expenditure", value=Decimal("455.65"), raw="455.65", row_label="合计",
...          row_code=None, column="本年支出/基本支出", column_index=3, column_no="2", row_no=None,
...          page=None, line=120, text="合计\\t\\t519.63\\t455.65")
>>> c.value, c.where
(Decimal('455.65'), 'expenditure 合计 × 本年支出/基本支出 (line 120)')
"""

from __future__ import annotations

import functools
import re
import unicodedata
import weakref
from decimal import Decimal

import attrs

__all__ = ["Cell", "PublishedTable", "Section", "Unmapped", "fold", "memo", "nfkc", "norm"]

#: CJK radical-supplement glyphs some PDF producers map simplified characters to (NFKC keeps them)
_RADICALS = str.maketrans("⻋⻔⻅⻓⻢⻛⻉⻜⻝⻘⻨⻩⻬⻮⻰⻳⻚⻆⻣⻤⻙⻦", "车门见长马风贝飞食青麦黄齐齿龙龟页角骨鬼韦鸟")


def _digits(text: str) -> int:
    return sum(ch.isdecimal() for ch in text)


def nfkc(text: str) -> str:
    """NFKC (full-width forms to ASCII, compatibility ideographs to their unified forms) except for
    characters it would turn into digits that are not digits themselves (``①``, ``¹``, ``½``, ``⑴``):
    NFKC reads ``2①0.00`` as the figure 210.00, while the printed text is a garbled figure (see
    :func:`_is_broken`). Linear in the text.

    >>> nfkc("１２３．４５"), nfkc("2①0.00"), nfkc("（一）")
    ('123.45', '2①0.00', '(一)')
    """
    if text.isascii():
        return text
    out = unicodedata.normalize("NFKC", text)
    if _digits(out) == _digits(text):
        return out
    parts, run = [], []
    for ch in text:  # rare: keep each character that NFKC would make a digit, normalise the runs between
        if _digits(unicodedata.normalize("NFKC", ch)) > _digits(ch):
            parts += [unicodedata.normalize("NFKC", "".join(run)), ch]
            run = []
        else:
            run.append(ch)
    parts.append(unicodedata.normalize("NFKC", "".join(run)))
    return "".join(parts)


def fold(text: str) -> str:
    """``text`` in NFKC (as :func:`nfkc`: no digit made of a ① or ¹), with the radical-supplement
    glyphs some PDF producers print for simplified characters (⻋, ⻔, ⻓ …) read as those characters.

    >>> fold("公务⽤⻋运⾏维护费"), fold("１２．３"), fold("2①0.00")
    ('公务用车运行维护费', '12.3', '2①0.00')
    """
    return nfkc(text).translate(_RADICALS)


_SPACES_QUOTES = re.compile(r"[\s“”\"'‘’]")
_ENUMERATION = re.compile(r"^([一二三四五六七八九十]+、|\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）])")
_CODE_KEY = re.compile(r"\d{3}(\d{2}){0,2}")


def norm(text: str | None) -> str:
    """Normalise a label for matching: NFKC, no spaces or quotes, no leading enumeration.

    Labels repeat across a report's checks (the same row label is matched thousands of times),
    so results are cached.

    >>> norm("一、一般公共预算财政拨款收入"), norm("因公出国 (境)费")
    ('一般公共预算财政拨款收入', '因公出国(境)费')
    """
    if not text:
        return ""
    return _norm(text)


_MEMO: dict[int, dict] = {}


def memo(obj: object) -> dict:
    """A cache of values derived from a frozen record (a table's row index, its two sides), kept
    while the record lives and dropped with it.

    >>> t = PublishedTable(table_id=None, title="", number=None, amount_unit=None, columns=(), cells=(),
    ...     rows=(), notes=(), page=None, line=1)
    >>> memo(t).setdefault("x", 1), memo(t)["x"]
    (1, 1)
    """
    key = id(obj)
    found = _MEMO.get(key)
    if found is None:
        found = _MEMO[key] = {}
        weakref.finalize(obj, _MEMO.pop, key, None)
    return found


@functools.lru_cache(maxsize=1 << 16)
def _norm(text: str) -> str:
    s = fold(text)
    s = _SPACES_QUOTES.sub("", s)
    return _ENUMERATION.sub("", s)


@attrs.frozen(kw_only=True)
class Cell:
    """One printed amount (or blank) with its row, column and provenance.

    ``value`` is a :class:`~decimal.Decimal` as printed (scale kept), or ``None`` for a
    blank cell. ``page`` is the PDF page when the document has page markers; ``line`` is
    the 1-based line in the text that was read; ``text`` is that raw line.
    ``ambiguous`` is true when the text gave the amount without its position (a
    single-space text layer where blank cells vanished): the column is then a guess from
    the left, and checks that depend on the column are ``not_assessable``.
    ``file`` is the file the line was read from: for a text layer read with its
    ``.tables.txt`` sibling, table cells come from (and ``line`` refers to) the sibling.

    How sure the reader is of the cell's place:

    ``placement`` is ``"position"`` (the column is given by the document: a geometry box in
    a PDF, a tab-separated column in a text layer), ``"identity"`` (a text without
    positions, where the column was chosen because the row's amounts then satisfy the
    report's own identities, named in ``identities``), or ``"uncertain"`` (neither; checks
    that use the cell are ``not_assessable``). A cell placed by an identity never confirms
    that same identity. ``blank`` is only set for a cell without a value: ``"seen"`` when
    the document shows it empty (a position proven empty, or a printed 0 / — / 空) and
    ``"assumed"`` when the reader only supposes it (a dropped cell in a text layer).
    ``unreadable`` is true when the cell prints something that is not an amount where an
    amount belongs (``12,34.5x``, ``1e5``, ``NaN``): ``value`` is ``None``, ``raw`` keeps the
    text, the cell is also listed in the report's ``unmapped``, and every check using it is
    ``not_assessable``.

    >>> Cell(table_id=None, value=None, raw="", row_label="合计", row_code=None, column="",
    ...      column_index=2, column_no=None, row_no=None, page=3, line=9, text="").where
    '? 合计 (page 3, line 9)'
    """

    table_id: str | None
    value: Decimal | None
    raw: str
    row_label: str
    row_code: str | None
    column: str
    column_index: int
    column_no: str | None
    row_no: str | None
    page: int | None
    line: int
    text: str
    block: int = 0
    ambiguous: bool = False
    unreadable: bool = False
    file: str | None = None
    placement: str = "position"
    identities: tuple[str, ...] = ()
    blank: str | None = None

    @property
    def certain(self) -> bool:
        """True when a check may rely on the cell: placed, readable, and not an assumed blank.

        >>> Cell(table_id=None, value=None, raw="", row_label="合计", row_code=None, column="",
        ...      column_index=2, column_no=None, row_no=None, page=3, line=9, text="",
        ...      blank="assumed").certain
        False
        """
        if self.unreadable or self.ambiguous or self.placement == "uncertain":
            return False
        return not (self.value is None and self.blank == "assumed")

    @property
    def companion_file(self) -> str:
        """The name of the file the cell was read from when it is a companion of the report's main
        file (a ``.tables.txt`` layer, a ``x_tables`` volume), to be named with the cell's place;
        ``''`` for the main file.

        >>> Cell(table_id=None, value=None, raw="", row_label="合计", row_code=None, column="",
        ...      column_index=2, column_no=None, row_no=None, page=3, line=9, text="",
        ...      file="reports/x_tables.pdf").companion_file
        'x_tables.pdf'
        """
        if not self.file:
            return ""
        name = self.file.replace("\\", "/").rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0].lower()
        return name if name.endswith(".tables.txt") or stem.endswith(("_tables", "-tables")) else ""

    @property
    def where(self) -> str:
        """A short human-readable location, e.g. ``'expenditure 201 × 基本支出 (line 80)'``."""
        row = self.row_code or self.row_label or "?"
        col = f" × {self.column}" if self.column else ""
        pos = f"page {self.page}, line {self.line}" if self.page else f"line {self.line}"
        if self.companion_file:
            pos += f" of {self.companion_file}"
        return f"{self.table_id or '?'} {row}{col} ({pos})"

    def to_dict(self) -> dict:
        """Plain JSON-able dict (the amount as its printed string).

        >>> Cell(table_id="t", value=Decimal("7.20"), raw="7.20", row_label="x", row_code=None,
        ...      column="c", column_index=1, column_no=None, row_no=None, page=None, line=1,
        ...      text="x\\t7.20").to_dict()["value"]
        '7.20'
        """
        d = attrs.asdict(self)
        d["value"] = None if self.value is None else str(self.value)
        return d


@attrs.frozen(kw_only=True)
class Unmapped:
    """A line (or cell) that the reader could not place, kept with its provenance.

    >>> Unmapped(page=2, line=14, text="@@@", reason="junk").reason
    'junk'
    """

    page: int | None
    line: int
    text: str
    reason: str
    file: str | None = None  # set when the report was read from several files

    def to_dict(self) -> dict:
        """Plain dict.

        >>> Unmapped(page=None, line=1, text="x", reason="r").to_dict()["line"]
        1
        """
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class Section:
    """A narrative block: a heading and the text lines under it, with the first line number.

    ``line`` is the heading's line (0 when the block has no heading); ``lines`` are the
    lines of the body text, in order, and ``pages`` their pages (``None`` without page markers).

    >>> Section(heading="一、收入支出决算总体情况说明", text="…", page=None, line=5).heading[:2]
    '一、'
    """

    heading: str
    text: str
    page: int | None
    line: int
    lines: tuple[int, ...] = ()
    pages: tuple[int | None, ...] = ()
    file: str | None = None  # set when the report was read from several files


@attrs.frozen(kw_only=True)
class PublishedTable:
    """One table of a published report: its id, printed title and number, unit and cells.

    ``table_id`` is a stable ASCII id (see :mod:`govbudget.reader.titles`) or ``None`` for
    a table the reader could not identify. ``amount_unit`` is ``"万元"`` or ``"元"`` as
    printed above the table. ``columns`` are the joined multi-level headers.

    >>> t = PublishedTable(table_id="income", title="收入决算表", number="公开02表",
    ...     amount_unit="万元", columns=(), cells=(), rows=(), notes=(), page=None, line=1)
    >>> t.get("合计") is None
    True
    """

    table_id: str | None
    title: str
    number: str | None
    amount_unit: str | None
    columns: tuple[str, ...]
    cells: tuple[Cell, ...]
    rows: tuple[tuple[str | None, str, int], ...]  # (code, label, line)
    notes: tuple[str, ...]
    page: int | None
    line: int
    raw_rows: tuple[tuple[int, str], ...] = ()
    misprinted_codes: tuple[tuple[str, str, int], ...] = ()
    #: how the id was found: ``"title"`` (a title rule), ``"rows"`` (the header and row labels, the
    #: title being absent or unknown: :mod:`govbudget.reader._recognise`), ``"header"`` (a layer
    #: printing no titles: the header and the standard order of the tables), ``None`` (unrecognised)
    recognised_by: str | None = None

    def certainty(self) -> dict[str, int]:
        """How the table's cells were placed: counts by ``placement``, and blanks seen / assumed.

        Keys: ``position``, ``identity``, ``uncertain`` (cells that print something),
        ``blank_seen``, ``blank_assumed`` (empty cells), ``unreadable``.

        >>> PublishedTable(table_id=None, title="", number=None, amount_unit=None, columns=(),
        ...     cells=(), rows=(), notes=(), page=None, line=1).certainty()["position"]
        0
        """
        out = dict.fromkeys(("position", "identity", "uncertain", "blank_seen", "blank_assumed", "unreadable"), 0)
        for c in self.cells:
            if c.value is None and c.blank and not c.raw:
                out[f"blank_{c.blank}"] += 1
                continue
            out["uncertain" if not c.certain and not c.unreadable else c.placement] += 1
            out["unreadable"] += c.unreadable
        return out

    def row_cells(self, row: str) -> list[Cell]:
        """Cells of the row whose code equals ``row`` or whose normalised label equals it.

        >>> PublishedTable(table_id=None, title="", number=None, amount_unit=None, columns=(),
        ...     cells=(), rows=(), notes=(), page=None, line=1).row_cells("201")
        []
        """
        key = norm(row)
        index = memo(self).get("rows")
        if index is None:  # one pass over the cells, then every row is a lookup
            index = memo(self)["rows"] = {}
            for c in self.cells:
                index.setdefault(("code", c.row_code) if c.row_code is not None else norm(c.row_label), []).append(c)
        if _CODE_KEY.fullmatch(key):
            return list(index.get(("code", key), ()))
        return list(index.get(key, ()))

    def get(self, row: str, column: str | None = None, *, index: int = 0) -> Cell | None:
        """The cell at ``row`` (code or label) whose column header contains ``column``.

        With ``column=None`` the first cell of the row is returned. ``index`` picks among
        several matches (left to right).

        >>> PublishedTable(table_id=None, title="", number=None, amount_unit=None, columns=(),
        ...     cells=(), rows=(), notes=(), page=None, line=1).get("合计", "基本支出") is None
        True
        """
        found = memo(self).setdefault("get", {})  # the table is frozen: each lookup is made once
        key = (row, column, index)
        if key not in found:
            cells = self.row_cells(row)
            if column is not None:
                col = norm(column).replace("/", "")
                cells = [c for c in cells if col in norm(c.column).replace("/", "")]
            cells = sorted(cells, key=lambda c: c.value is None and not c.raw)  # unreadable cells stay in place
            found[key] = cells[index] if len(cells) > index else None
        return found[key]

    def value(self, row: str, column: str | None = None, *, index: int = 0) -> Decimal | None:
        """The value of :meth:`get` (``None`` when blank or absent).

        >>> PublishedTable(table_id=None, title="", number=None, amount_unit=None, columns=(),
        ...     cells=(), rows=(), notes=(), page=None, line=1).value("合计") is None
        True
        """
        c = self.get(row, column, index=index)
        return None if c is None else c.value

    def codes(self) -> list[str]:
        """Row codes in printed order (each once).

        >>> PublishedTable(table_id=None, title="", number=None, amount_unit=None, columns=(),
        ...     cells=(), rows=((None, "合计", 3), ("201", "一般公共服务支出", 4)), notes=(),
        ...     page=None, line=1).codes()
        ['201']
        """
        return list(dict.fromkeys(code for code, _, _ in self.rows if code))

    def to_dict(self) -> dict:
        """Summary dict (id, title, number, unit, columns, number of cells, first line, cells by
        certainty, codes printed wrong as ``(printed, read as, line)``).

        >>> PublishedTable(table_id="income", title="收入决算表", number=None, amount_unit="万元",
        ...     columns=(), cells=(), rows=(), notes=(), page=None, line=7).to_dict()["id"]
        'income'
        """
        return {
            "id": self.table_id,
            "title": self.title,
            "number": self.number,
            "amount_unit": self.amount_unit,
            "columns": list(self.columns),
            "rows": len(self.rows),
            "cells": len(self.cells),
            "certainty": self.certainty(),
            "misprinted_codes": [list(m) for m in self.misprinted_codes],
            "recognised_by": self.recognised_by,
            "page": self.page,
            "line": self.line,
        }
