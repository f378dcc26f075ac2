"""Markdown: a heading per table, a line with 表号/部门/金额单位, a pipe table, the notes.

Markdown has no merged cells, so each column's header is its header path joined with " / "
(``本年支出 / 基本支出``); the 栏次 row is the first body row. Amounts are right-aligned,
with 2 decimals and thousands separators (``1,234.57``); blank cells are empty.

>>> import govbudget as gb
>>> led = gb.Ledger("示例单位", 2024)
>>> _ = led.spend("12345678", functional="2010450")
>>> md = gb.render(gb.build_tables(led, gb.template("hunan", 2024))["公开05"], "md")
>>> print(md.splitlines()[6])
| 项目 / 科目代码 | 项目 / 科目名称 | 本年支出 / 小计 | 本年支出 / 基本支出 | 本年支出 / 项目支出 |
>>> print(md.splitlines()[9])
| 合计 |  | 1,234.57 | 1,234.57 |  |
"""

from __future__ import annotations

from pathlib import Path

from ..tables import PublicTable, PublicTables
from ._io import write_text
from ._layout import layout

__all__ = ["render", "table_markdown"]


#: characters with a meaning inside a Markdown line (emphasis, code, links, headings, tables);
#: list markers (``-``, ``1.``) act only at the start of a line, where no escaped text is put
_MD_SPECIAL = set("\\`*_[]#|~")


def _esc(text: str) -> str:
    """Text as literal Markdown: HTML's ``& < >`` as entities, Markdown's specials backslashed,
    line breaks as spaces (a cell or heading stays on one line).

    >>> print(_esc("<b>A&B</b> *x* #1 a|b 1,234.50"))
    &lt;b&gt;A&amp;B&lt;/b&gt; \\*x\\* \\#1 a\\|b 1,234.50
    """
    out = []
    for ch in text.replace("\r\n", " ").replace("\n", " ").replace("\r", " "):
        if ch == "&":
            out.append("&amp;")
        elif ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch in _MD_SPECIAL:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _head(path: tuple[str, ...]) -> str:
    parts: list[str] = []
    for p in path:
        if p and (not parts or parts[-1] != p):
            parts.append(p)
    return " / ".join(parts)


def table_markdown(table: PublicTable) -> str:
    """One table as Markdown (no trailing newline).

    >>> import govbudget as gb
    >>> t = gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024))["公开09"]
    >>> table_markdown(t).splitlines()[0]
    '### 财政拨款“三公”经费支出决算表'
    """
    spec, tpl = table.spec, table.template
    grid = layout(table)
    meta = [spec.number] if spec.number else []
    if tpl.department_label:
        meta.append(f"{tpl.department_label}{table.department}")
    meta.append(tpl.unit_label)
    lines = [f"### {_esc(spec.title)}", "", " · ".join(_esc(m) for m in meta), ""]
    lines.append("| " + " | ".join(_esc(_head(c.path)) for c in spec.columns) + " |")
    lines.append("|" + "|".join("---:" if c.kind == "amount" else "---" for c in spec.columns) + "|")
    body = ([grid.numbers] if grid.numbers is not None else []) + grid.body
    for row in body:
        cells = ["" if c is None else _esc(c.shown(table, grouping=True)) for c in row]
        lines.append("| " + " | ".join(cells) + " |")
    notes = list(spec.notes) + ([table.statement] if table.statement else [])
    if notes:
        lines.append("")
        lines += [_esc(n) + "  " for n in notes[:-1]] + [_esc(notes[-1])]
    return "\n".join(lines)


def render(tables: PublicTables, path: Path | None = None) -> str | Path:
    """All tables as one Markdown document; written to ``path`` when given."""
    title = f"# {_esc(tables.department)} {tables.year}年度{tables.template.title}"
    text = "\n\n".join([title, *(table_markdown(t) for t in tables.values())]) + "\n"
    if path is None:
        return text
    return write_text(path, text)
