"""Excel workbook (xlsxwriter): one sheet per table with title, 表号, 部门, 金额单位, merged headers.

Amounts are written as numbers with the format ``#,##0.00``; blank cells (and zeros the
template prints blank) stay empty. Footnotes follow the body. xlsxwriter is imported only
here; without it :class:`~govbudget.MissingDependencyError` names the ``xlsx`` extra.

>>> import govbudget as gb, io, zipfile
>>> led = gb.Ledger("示例单位", 2024)
>>> _ = led.spend("3538700", functional="2010450")
>>> data = gb.render(gb.build_tables(led, gb.template("hunan", 2024)), "xlsx")
>>> sheets = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("xl/worksheets/sheet")]
>>> len(sheets)
9
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ..errors import MissingDependencyError
from ..tables import PublicTable, PublicTables
from ._io import write_bytes
from ._layout import layout

__all__ = ["render"]

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _xlsxwriter():
    try:
        import xlsxwriter
    except ImportError as e:
        raise MissingDependencyError("xlsxwriter", "xlsx") from e
    return xlsxwriter


def _sheet_name(tid: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("_", tid)[:31] or "table"
    name, n = base, 2
    while name in used:
        name = f"{base[:28]}_{n}"
        n += 1
    used.add(name)
    return name


def _write_table(wb: Any, ws: Any, table: PublicTable, fmt: dict[str, Any]) -> None:
    spec, tpl = table.spec, table.template
    grid = layout(table)
    width = grid.width
    last = width - 1

    def span(r: int, c: int, rows: int, cols: int, text: str, f: Any) -> None:
        if rows > 1 or cols > 1:
            ws.merge_range(r, c, r + rows - 1, c + cols - 1, text, f)
        else:
            ws.write_string(r, c, text, f)

    span(0, 0, 1, width, spec.title, fmt["title"])
    if spec.number:
        ws.write_string(1, last, spec.number, fmt["right"])
    if tpl.department_label:
        ws.write_string(2, 0, f"{tpl.department_label}{table.department}", fmt["left"])
    ws.write_string(2, last, tpl.unit_label, fmt["right"])
    r = 3
    for row in grid.header:
        for j, cell in enumerate(row):
            if cell is not None:
                span(r, j, cell.rowspan, cell.colspan, cell.text, fmt["head"])
        r += 1
    if grid.numbers is not None:
        for j, cell in enumerate(grid.numbers):
            ws.write_string(r, j, cell.text if cell else "", fmt["head"])
        r += 1
    for row in grid.body:
        for j, cell in enumerate(row):
            if cell is None:
                continue
            if cell.is_amount:
                shown = cell.shown(table)
                if shown:
                    ws.write_number(r, j, cell.value, fmt["num"])
                else:
                    ws.write_blank(r, j, None, fmt["num"])
            else:
                span(r, j, 1, cell.colspan, cell.text, fmt["text"])
        r += 1
    for note in [*spec.notes, *([table.statement] if table.statement else [])]:
        ws.write_string(r, 0, note, fmt["left"])
        r += 1
    for j, c in enumerate(spec.columns):
        ws.set_column(j, j, {"code": 10, "row_no": 6, "label": 30}.get(c.kind, 14))


def render(tables: PublicTables, path: Path | None = None) -> bytes | Path:
    """The workbook as bytes, or written to ``path``."""
    xlsxwriter = _xlsxwriter()
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    border = {"border": 1, "valign": "vcenter"}
    fmt = {
        "title": wb.add_format({"bold": True, "font_size": 14, "align": "center"}),
        "left": wb.add_format({"align": "left"}),
        "right": wb.add_format({"align": "right"}),
        "head": wb.add_format({**border, "bold": True, "align": "center", "text_wrap": True}),
        "text": wb.add_format({**border, "align": "left"}),
        "num": wb.add_format({**border, "num_format": "#,##0.00"}),
    }
    used: set[str] = set()
    for tid, table in tables.items():
        ws = wb.add_worksheet(_sheet_name(tid, used))
        _write_table(wb, ws, table, fmt)
    wb.close()
    data = buf.getvalue()
    if path is None:
        return data
    return write_bytes(path, data)
