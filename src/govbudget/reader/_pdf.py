"""PDF → the text layout the reader parses (``=== 第N页 ===``, ``[表格]`` blocks), by geometry.

Each page is read with the boxes of its characters (pdfplumber). A ruled table found on the page
is written tab-separated, one cell per printed cell box; a table without rules is written
tab-separated by the column bands of its header and amounts (:mod:`._bands`); so every amount
keeps the column its box lies in and is never placed by counting; the rest of the page is written as text lines in reading
order. Words printed outside
the visible page (content that overflows the page box: a viewer does not show it) are not read as
the document: they are written as ``[页面外]`` lines that the reader lists in ``unmapped``.

pdfplumber is imported lazily; without it :class:`~govbudget.MissingDependencyError`.

>>> pdf_to_text.__name__
'pdf_to_text'
"""

from __future__ import annotations

from pathlib import Path

from ..errors import MissingDependencyError, ReportReadError
from ._bands import Layout, unruled_tables

__all__ = ["HIDDEN", "pdf_to_text"]

#: the prefix of a line printed outside the visible page
HIDDEN = "[页面外]"


def _table_lines(table) -> list[str]:
    rows = []
    for row in table.extract():
        cells = [(c or "").replace("\n", "") for c in row]
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            rows.append("\t".join(cells))
    return ["[表格]", *rows, "[/表格]"]


def _off_page(obj: dict, width: float, height: float) -> bool:  # float-ok (coordinates/seconds, not money)
    """A character printed entirely outside the page box (not shown by a viewer)."""
    return obj.get("object_type") == "char" and (
        obj["top"] >= height or obj["bottom"] <= 0 or obj["x0"] >= width or obj["x1"] <= 0)


def _page_lines(page, carry: Layout | None = None) -> tuple[list[str], Layout | None]:
    """One page → its lines: tables (ruled: cells by their boxes; without rules: cells by the column
    bands of :mod:`._bands`) and text lines in reading order, then the lines printed outside the page
    box, marked :data:`HIDDEN`; and the column layout of an unruled table that runs to the page's end."""
    w, h = page.width, page.height
    hidden_lines: list[str] = []
    if any(_off_page(c, w, h) for c in page.chars):
        hidden = page.filter(lambda o: _off_page(o, w, h))
        hidden_lines = [f"{HIDDEN}{ln['text']}" for ln in hidden.extract_text_lines(y_tolerance=6)]
        page = page.filter(lambda o: not _off_page(o, w, h))
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    items: list[tuple[float, list[str]]] = [(t.bbox[1], _table_lines(t)) for t in tables]
    carry_out = None
    if not tables:
        found, carry_out = unruled_tables(page.extract_words(), carry)
        for top, bottom, lines in found:
            boxes.append((0, top - 0.5, w, bottom + 0.5))
            items.append((top, lines))

    def outside(obj, boxes=boxes):
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    for line in page.filter(outside).extract_text_lines(y_tolerance=6):
        items.append((line["top"], [line["text"]]))
    out: list[str] = []
    for _, lines in sorted(items, key=lambda x: x[0]):
        out.extend(lines)
    return out + hidden_lines, carry_out


def pdf_to_text(path: str | Path) -> str:
    """Extract tables (tab-separated by column band, inside ``[表格]``) and other text lines, page by page."""
    try:
        import pdfplumber
    except ImportError as exc:
        raise MissingDependencyError("pdfplumber", "pdf") from exc
    out: list[str] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            carry = None
            for n, page in enumerate(pdf.pages, start=1):
                out.append(f"=== 第{n}页 ===")
                lines, carry = _page_lines(page, carry)
                out.extend(lines)
    except MissingDependencyError:
        raise
    except Exception as exc:  # pdfplumber/pdfminer raise many types on broken files
        raise ReportReadError(f"cannot read {path}: {exc}") from exc
    return "\n".join(out) + "\n"
