"""HTML: one ``<table>`` per public table, merged header cells via ``rowspan``/``colspan``.

Every text is escaped. Amount cells carry ``class="num"`` and print with 2 decimals and
thousands separators; blank cells are empty. The result is a complete UTF-8 document.

>>> import govbudget as gb
>>> t = gb.build_tables(gb.Ledger("某<单位>", 2024), gb.template("hunan", 2024))["公开03"]
>>> page = gb.render(t, "html")
>>> '<th colspan="2">项目</th>' in page, '<th rowspan="2">本年支出合计</th>' in page, "某&lt;单位&gt;" in page
(True, True, True)
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from ..tables import PublicTable, PublicTables
from ._io import write_text
from ._layout import GridCell, layout

__all__ = ["render", "table_html"]

_STYLE = (
    "table.govbudget{border-collapse:collapse;margin:1em 0}"
    "table.govbudget th,table.govbudget td{border:1px solid #999;padding:2px 6px}"
    "table.govbudget td.num{text-align:right;font-variant-numeric:tabular-nums}"
    ".govbudget-meta{display:flex;gap:2em}"
)


def _attrs(cell: GridCell) -> str:
    out = ""
    if cell.rowspan > 1:
        out += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        out += f' colspan="{cell.colspan}"'
    return out


def table_html(table: PublicTable) -> str:
    """One table as an HTML ``<section>``.

    >>> import govbudget as gb
    >>> t = gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024))["公开06"]
    >>> '<th colspan="6">公用经费</th>' in table_html(t)
    True
    """
    spec, tpl = table.spec, table.template
    grid = layout(table)
    out = [f'<section class="govbudget-table" id="{escape(spec.id)}">', f"<h2>{escape(spec.title)}</h2>"]
    meta = [spec.number] if spec.number else []
    if tpl.department_label:
        meta.append(f"{tpl.department_label}{table.department}")
    meta.append(tpl.unit_label)
    out.append('<div class="govbudget-meta">' + "".join(f"<span>{escape(m)}</span>" for m in meta) + "</div>")
    out.append('<table class="govbudget">')
    out.append("<thead>")
    head_rows = grid.header + ([grid.numbers] if grid.numbers is not None else [])
    for row in head_rows:
        cells = "".join(f"<th{_attrs(c)}>{escape(c.text)}</th>" for c in row if c is not None)
        out.append(f"<tr>{cells}</tr>")
    out.append("</thead>")
    out.append("<tbody>")
    for row in grid.body:
        cells = []
        for c in row:
            if c is None:
                continue
            cls = ' class="num"' if c.is_amount else ""
            cells.append(f"<td{cls}{_attrs(c)}>{escape(c.shown(table, grouping=True))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody>")
    out.append("</table>")
    for note in spec.notes:
        out.append(f'<p class="note">{escape(note)}</p>')
    if table.statement:
        out.append(f'<p class="statement">{escape(table.statement)}</p>')
    out.append("</section>")
    return "\n".join(out)


def render(tables: PublicTables, path: Path | None = None) -> str | Path:
    """All tables as one HTML document; written to ``path`` when given."""
    title = escape(f"{tables.department} {tables.year}年度{tables.template.title}")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        f'<head><meta charset="utf-8"><title>{title}</title><style>{_STYLE}</style></head>',
        "<body>",
        f"<h1>{title}</h1>",
        *(table_html(t) for t in tables.values()),
        "</body>",
        "</html>",
    ]
    text = "\n".join(parts) + "\n"
    if path is None:
        return text
    return write_text(path, text)
