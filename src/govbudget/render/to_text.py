"""Plain text in the published report's layout: title, 表号, 金额单位, 部门, tab-separated rows.

Blank cells stay empty, amounts print with 2 decimals and no thousands separators, merged
header cells print their label once. Tables are separated by an empty line.

>>> import govbudget as gb
>>> led = gb.Ledger("示例单位", 2024)
>>> _ = led.spend("3538700", functional="2010450")
>>> text = gb.render(gb.build_tables(led, gb.template("hunan", 2024))["公开05"], "text")
>>> text.splitlines()[4:8]
['项目\\t\\t本年支出\\t\\t', '科目代码\\t科目名称\\t小计\\t基本支出\\t项目支出', '栏次\\t\\t1\\t2\\t3', '合计\\t\\t353.87\\t353.87\\t']
"""

from __future__ import annotations

from pathlib import Path

from ..tables import PublicTable, PublicTables
from ._io import write_text
from ._layout import layout, text_matrix

__all__ = ["render", "table_text"]


def table_text(table: PublicTable) -> str:
    """One table as text lines (no trailing newline).

    >>> import govbudget as gb
    >>> t = gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024))["公开01"]
    >>> table_text(t).splitlines()[:2]
    ['收入支出决算总表', '收入\\t\\t\\t支出\\t\\t']
    """
    spec, tpl = table.spec, table.template
    lines = [spec.title]
    if spec.header_block:
        if spec.number:
            lines.append(spec.number)
        lines.append(tpl.unit_label)
        if tpl.department_label:
            lines.append(f"{tpl.department_label}{table.department}")
    lines += ["\t".join(row) for row in text_matrix(layout(table))]
    lines += list(spec.notes)
    if table.statement:
        lines.append(table.statement)
    return "\n".join(lines)


def render(tables: PublicTables, path: Path | None = None, *, title: bool | None = None) -> str | Path:
    """All tables as one text; written to ``path`` (UTF-8) when given.

    A set of several tables starts with a title line naming the unit and year, as a report's
    cover does (``title=True``/``False`` forces it on or off; one table renders without it).

    >>> import govbudget as gb
    >>> tables = gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024))
    >>> gb.render(tables, "text").splitlines()[0]
    '某单位 2024年度部门决算'
    """
    parts = [table_text(t) for t in tables.values()]
    if title if title is not None else len(parts) > 1:
        parts.insert(0, f"{tables.department} {tables.year}年度{tables.template.title}")
    text = "\n\n".join(parts) + "\n"
    if path is None:
        return text
    return write_text(path, text)
