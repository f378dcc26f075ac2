"""The reader's guarantee: every amount printed in the text is read — a cell, or listed in ``unmapped``.

Whatever the layout reading made of a line (a row, a header, a title, page furniture), the amounts
printed on it (:func:`amount_tokens`) are counted against the cells read from that line and the
``unmapped`` entries kept for it; an amount left over — inside a label or header, behind a
stray page marker, in a title — is listed in ``unmapped`` with its line, never dropped. Narrative
lines are read whole (their amounts are the 说明's, checked by the narrative rules).

>>> from govbudget.reader._text import parse_text
>>> r = parse_text("支出决算表\\n项目\\t本年支出合计\\n合计\\t12.50\\n其他分12.34散\\t1.00\\n")
>>> [(u.line, u.text, u.reason) for u in r.unmapped]
[(4, '12.34', 'amount not read as a cell (a label or header of expenditure)')]
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from ._lines import _Line
from ._model import PublishedTable, Unmapped

__all__ = ["amount_tokens", "unplaced_amounts"]

#: an amount as printed: a figure with decimals (``519.63``, ``1,234.00``, full-width or any other
#: script's digits), not part of a longer run of digits and points (a date 2024.12.31), not a
#: percentage, not followed by 年 (``4．2026年…`` in a 目录 is an item number and a year). Whole
#: numbers are left out: in a report they are as often codes, 行次, years or counts.
_AMOUNT = re.compile(r"(?<![\d.．,，])(?:\d{1,3}(?:[,，]\d{3})+|\d+)[.．]\d+(?![\d.．%％年])")

REASON = "amount not read as a cell"


def amount_tokens(text: str) -> list[tuple[str, Decimal]]:
    """The amounts printed in ``text``: ``(as printed, magnitude)``; sign and parentheses left out,
    so a garbled sign does not hide the figure. Linear in the text.

    >>> amount_tokens("合计 1,234.50 （12.00） 2024.12.31 5.5% ١٢.٥")
    [('1,234.50', Decimal('1234.50')), ('12.00', Decimal('12.00')), ('١٢.٥', Decimal('12.5'))]
    """
    out = []
    for m in _AMOUNT.finditer(text):
        g = m.group()
        digits = g.replace(",", "") if g.isascii() else "".join(  # ASCII: digits, points and commas only
            str(unicodedata.decimal(c)) if c.isdigit() else "." for c in g if c not in ",，")
        out.append((g, Decimal(digits)))
    return out


def _magnitudes(texts: Iterable[str]) -> Counter:
    return Counter(v for t in texts for _, v in amount_tokens(t))


def unplaced_amounts(lines: list[_Line], tables: Iterable[PublishedTable], whole: set[tuple[str | None, int]],
                     unmapped: list[Unmapped]) -> list[Unmapped]:
    """The amounts of ``lines`` that are neither a cell of their line nor in ``unmapped`` with it, one
    :class:`Unmapped` each (reason :data:`REASON`, and where the line was read). ``whole`` holds the
    ``(file, line)`` of lines read whole (narrative)."""
    cells: dict[tuple[str | None, int], Counter] = {}
    where: dict[int, str] = {}
    for t in tables:
        for c in t.cells:
            if c.value is not None:
                cells.setdefault((c.file, c.line), Counter())[abs(c.value)] += 1
        for no, _raw in t.raw_rows:
            where.setdefault(no, t.table_id or "an unidentified table")
    listed: dict[int, list[str]] = {}
    for u in unmapped:
        listed.setdefault(u.line, []).append(u.text)
    out = []
    for ln in lines:
        key = (ln.file, ln.no)
        if key in whole or not _AMOUNT.search(ln.text):
            continue
        tokens = amount_tokens(ln.text)
        left = Counter(v for _, v in tokens)  # what is printed less what was read (counts may go below 0)
        left.subtract(cells.get(key, ()))
        if ln.no in listed:
            left.subtract(_magnitudes(listed[ln.no]))
        if all(n <= 0 for n in left.values()):
            continue
        table = where.get(ln.no)
        context = f" (a label or header of {table})" if table else " (a title, note or page line)"
        for printed, value in tokens:
            if left[value] > 0:
                left[value] -= 1
                out.append(Unmapped(page=ln.page, line=ln.no, text=printed, reason=REASON + context))
    return out
