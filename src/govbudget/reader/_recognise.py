"""A table whose printed title the reader does not recognise, identified by its header and rows.

Used only when no title rule of :mod:`govbudget.reader.titles` gives the table's id (a title
garbled, lost at a page break, printed in words no rule knows). The signatures are data
(``signatures.toml``): each names the header words, row labels and kind of 科目 codes of one
standard table. A table gets an id only when exactly one signature is satisfied and no table of
that id was read before it in the report; otherwise it stays unrecognised (and unchecked), as a
false contradiction costs more than a missed check.

>>> rows = [["项目", "", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "其他收入"],
...         ["科目代码", "科目名称"], ["", "合计", "12.00", "12.00"], ["2010101", "行政运行", "12.00", "12.00"]]
>>> recognise_rows(rows)
'income'
>>> recognise_rows([["项目", "金额"], ["合计", "12.00"]]) is None
True
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import attrs

from ..errors import DataFileError
from ._columns import _Builder
from ._lines import _is_amount, _is_code
from ._model import PublishedTable, norm
from .titles import TABLE_NAMES

__all__ = ["BY_HEADER", "Signature", "recognise_rows", "recognise_table", "signatures"]

_FILE = Path(__file__).with_name("signatures.toml")
_CODES = ("none", "economic", "functional")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MAX_ROWS = 400  # the evidence is in the header and the first rows: a huge table is not scanned to its end
_NOTE = re.compile(r"(注|说明|备注|续行)|.*[。；]")


@attrs.frozen
class Signature:
    """What one standard table prints in its header and row labels (one entry of ``signatures.toml``).

    >>> s = Signature("three_public", contains=(("因公出国",), ("公务接待",)), codes="none")
    >>> s.satisfied(frozenset({"因公出国(境)费", "公务接待费", "合计"}), ())
    True
    >>> s.satisfied(frozenset({"因公出国(境)费", "公务接待费"}), ("30212",))
    False
    """

    table_id: str
    cells: tuple[tuple[str, ...], ...] = ()
    contains: tuple[tuple[str, ...], ...] = ()
    none_cells: tuple[str, ...] = ()
    none_contains: tuple[str, ...] = ()
    codes: str | None = None

    def satisfied(self, words: frozenset[str], codes: tuple[str, ...]) -> bool:
        """Every required group present, nothing forbidden, the row codes of the right kind."""
        if not all(any(w in words for w in group) for group in self.cells):
            return False
        if not all(any(a in w for w in words for a in group) for group in self.contains):
            return False
        if any(w in words for w in self.none_cells) or any(a in w for w in words for a in self.none_contains):
            return False
        if self.codes == "none":
            return not codes
        if self.codes == "economic":
            return bool(codes) and all(c[0] in "35" for c in codes)
        if self.codes == "functional":
            return bool(codes) and all(c[0] == "2" for c in codes)
        return True


def _groups(value: object, where: str) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list) or not all(
            isinstance(g, list) and g and all(isinstance(w, str) and w for w in g) for g in value):
        raise DataFileError(str(_FILE), [(None, f"{where}: expected a list of lists of words, found {value!r}")])
    return tuple(tuple(norm(w) for w in g) for g in value)


def _words(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise DataFileError(str(_FILE), [(None, f"{where}: expected a list of words, found {value!r}")])
    return tuple(norm(w) for w in value)


def _signature(tid: str, entry: object) -> Signature:
    if not isinstance(entry, dict):
        raise DataFileError(str(_FILE), [(None, f"[{tid}]: expected a table, found {entry!r}")])
    unknown = set(entry) - {"cells", "contains", "none_cells", "none_contains", "codes"}
    codes = entry.get("codes")
    if unknown or (codes is not None and codes not in _CODES):
        raise DataFileError(str(_FILE), [(None, f"[{tid}]: unknown keys {sorted(unknown)} or codes {codes!r} "
                                                f"(expected one of {_CODES})")])
    return Signature(tid, _groups(entry.get("cells", []), f"[{tid}] cells"),
                     _groups(entry.get("contains", []), f"[{tid}] contains"),
                     _words(entry.get("none_cells", []), f"[{tid}] none_cells"),
                     _words(entry.get("none_contains", []), f"[{tid}] none_contains"), codes)


@cache
def signatures() -> tuple[Signature, ...]:
    """The signatures of ``signatures.toml``, one per table id.

    Raises:
        DataFileError: the file is not valid TOML or an entry is malformed.

    >>> sorted(s.table_id for s in signatures())[:3]
    ['expenditure', 'fiscal_summary', 'general_budget_basic']
    """
    try:
        data = tomllib.loads(_FILE.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(str(_FILE), [(None, f"not valid TOML: {exc}")]) from exc
    return tuple(_signature(tid, entry) for tid, entry in data.items())


def _evidence(rows: Sequence[Sequence[str]], extra: Sequence[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The normalised words (header cells, row labels, ``extra`` header fragments) and the row codes."""
    words: set[str] = set()
    codes: list[str] = []
    for cells in rows[:_MAX_ROWS]:
        vals = [c.strip() for c in cells if c.strip()]
        if len(vals) >= 2 and _is_code(vals[0]) and _CJK.search(vals[1]):
            codes.append(vals[0])  # a code opens a row and a name follows it (a bare 120 is an amount)
            vals = vals[1:]
        words.update(w for w in (norm(v) for v in vals if not _is_amount(v)) if w)
    for text in extra:
        if not _NOTE.match(text.strip()):  # a note may name other tables (本表不含政府性基金…): not evidence
            words.update(w for w in (norm(x) for x in text.split()) if w)
    return frozenset(words), tuple(codes)


def recognise_rows(rows: Sequence[Sequence[str]], extra: Sequence[str] = (),
                   seen: Sequence[str | None] = ()) -> str | None:
    """The one table id whose signature a title-less table's cells satisfy, or ``None``.

    ``rows`` are the table's rows of cells (header rows and data rows), ``extra`` lines of header
    text printed outside the cells, ``seen`` the ids of the tables read before this one: an id
    already read is not given again (a second table of one kind means the guess is wrong).

    >>> head = [["项目", "一般公共预算支出"], ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出"]]
    >>> recognise_rows([*head, ["2040101", "行政运行", "5.00", "5.00", ""]])
    'general_budget_expenditure'
    >>> recognise_rows([*head, ["2040101", "行政运行", "5.00", "5.00", ""]], seen=("general_budget_expenditure",)) is None
    True
    """
    words, codes = _evidence(rows, extra)
    if not words:
        return None
    hits = [s.table_id for s in signatures() if s.satisfied(words, codes)]
    if len(hits) != 1 or hits[0] in seen:
        return None
    return hits[0]


#: the title given to a table identified without a recognised title (its id's short name before it)
BY_HEADER = "（未印标题，按表头识别）"


def recognise_table(b: _Builder, before: Sequence[PublishedTable]) -> str | None:
    """Decide the id of a table about to be assembled; return how it was found.

    A table whose title a title rule recognised keeps its id (``"title"``). Any other table (no
    title, an unrecognised title, a title-less block opened on a guess from its header) gets the
    id its header and rows give by :func:`recognise_rows` (``"rows"``). When they give none, a
    block of a layer that prints no titles at all (no table ``before`` it was recognised by its
    title) keeps the id its header suggested by the standard order of the 公开表 (``"header"``,
    :func:`~govbudget.reader._columns.identify_header`), unless a table before it has that id;
    otherwise the table stays unrecognised (``None``).

    >>> from govbudget.reader._columns import _Builder
    >>> b = _Builder(None, "", None, 1)
    >>> recognise_table(b, ()), b.table_id
    (None, None)
    """
    if b.table_id is not None and not b.by_header:
        return "title"
    seen = [t.table_id for t in before]
    tid = recognise_rows([ln.cells or [] for ln in b.rows], [ln.text for ln in b.title_lines], seen)
    how = "rows" if tid else None
    if tid is None and b.by_header and b.table_id is not None and b.table_id not in seen and not any(
            t.recognised_by == "title" for t in before):
        tid, how = b.table_id, "header"  # a layer without titles: the order of its headers
    if b.by_header or not b.title:
        b.title = f"{TABLE_NAMES[tid]}{BY_HEADER}" if tid else ""
    b.table_id = tid
    return how
