"""CSV, one file per table, in the printed layout (header rows, 栏次 row, body, notes).

Merged header cells print their label once; amounts have 2 decimals and no thousands
separators; blank cells are empty. Without a path the result is a dict ``table id → CSV text``;
with a path the files ``<id>.csv`` are written into that folder as UTF-8 with a byte-order mark
(so that spreadsheet programs detect the encoding), and the dict ``id → file path`` is returned.

>>> import govbudget as gb
>>> led = gb.Ledger("示例单位", 2024)
>>> _ = led.spend("12345678", functional="2010450")
>>> out = gb.render(gb.build_tables(led, gb.template("hunan", 2024)), "csv")
>>> out["公开03"].splitlines()[3]
'合计,,1234.57,1234.57,,,,'
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..tables import PublicTable, PublicTables
from ._io import folder, write_text
from ._layout import layout, text_matrix

__all__ = ["render", "table_csv"]


def table_csv(table: PublicTable) -> str:
    """One table as CSV text (``\\n`` line ends).

    >>> import govbudget as gb
    >>> t = gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024))["公开07"]
    >>> table_csv(t).splitlines()[-1]
    '说明：本部门本年度无政府性基金预算财政拨款收入和支出，本表无数据。'
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerows(text_matrix(layout(table)))
    for note in table.spec.notes:
        w.writerow([note])
    if table.statement:
        w.writerow([table.statement])
    return buf.getvalue()


def render(tables: PublicTables, path: Path | None = None) -> dict[str, str] | dict[str, Path]:
    """Every table as CSV text, or written into the folder ``path``."""
    texts = {tid: table_csv(t) for tid, t in tables.items()}
    if path is None:
        return texts
    folder(path)
    return {tid: write_text(path / f"{tid}.csv", text, encoding="utf-8-sig") for tid, text in texts.items()}
