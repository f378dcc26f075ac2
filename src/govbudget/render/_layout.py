"""The printed grid of a public table: merged header cells, the 栏次 row, the body rows.

Every renderer draws the same :class:`Grid`, so merges and cell placement are decided once.
A covered position of a merged cell is ``None``; an anchor cell carries its ``rowspan`` and
``colspan``. Amount cells keep the 万元 value and the exact 元 value; each renderer formats
them with :meth:`~govbudget.PublicTable.display` (thousands separators or not).

>>> import govbudget as gb
>>> t = gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024))["公开03"]
>>> g = layout(t)
>>> [(c.text, c.rowspan, c.colspan) for c in g.header[0] if c is not None][:3]
[('项目', 1, 2), ('本年支出合计', 2, 1), ('基本支出', 2, 1)]
>>> [c.text if c else None for c in g.header[1]][:3]
['科目代码', '科目名称', None]
>>> [c.text for c in g.numbers][:4]
['栏次', '', '1', '2']
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..tables import PublicTable, TableRow
from ..templates import ColumnSpec

__all__ = ["Grid", "GridCell", "layout", "text_matrix"]


@attrs.frozen(kw_only=True)
class GridCell:
    """One anchor cell of the grid.

    ``text_row`` is the row offset, inside a vertical merge, where plain-text renderers put the
    text (0 = top; the template's ``header_valign = "bottom"`` puts it on the last row).

    >>> GridCell(text="项目", colspan=2).colspan
    2
    """

    text: str = ""
    is_amount: bool = False
    value: Decimal | None = None
    exact: Decimal | None = None
    rowspan: int = 1
    colspan: int = 1
    text_row: int = 0

    def shown(self, table: PublicTable, *, grouping: bool = False) -> str:
        """The text to print: the formatted amount for an amount cell, else the label."""
        if self.is_amount:
            return table.display(self.value, self.exact, grouping=grouping)
        return self.text


Row = list[GridCell | None]


@attrs.frozen(kw_only=True)
class Grid:
    """Header rows, the optional 栏次 row and body rows of one table, all ``width`` wide.

    >>> import govbudget as gb
    >>> g = layout(gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024))["公开09"])
    >>> g.width, len(g.header), len(g.body)
    (12, 3, 1)
    """

    table: PublicTable
    width: int
    header: list[Row]
    numbers: Row | None
    body: list[Row]


_CONT = object()


def _header(columns: tuple[ColumnSpec, ...], depth: int, valign: str) -> list[Row]:
    width = len(columns)

    def at(j: int, i: int):
        path = columns[j].path
        if i >= len(path) or path[i] == "":
            return _CONT
        return path[i]

    def prefix(j: int, i: int) -> tuple[str, ...]:
        return tuple(columns[j].path[: i + 1])

    grid: list[Row] = [[None] * width for _ in range(depth)]
    for i in range(depth):
        j = 0
        while j < width:
            label = at(j, i)
            if label is _CONT:
                j += 1
                continue
            span = 1
            while j + span < width and at(j + span, i) is not _CONT and prefix(j + span, i) == prefix(j, i):
                span += 1
            down = 1
            while i + down < depth and at(j, i + down) is _CONT:
                down += 1
            grid[i][j] = GridCell(
                text=str(label), rowspan=down, colspan=span, text_row=down - 1 if valign == "bottom" else 0
            )
            j += span
    return grid


def _numbers(columns: tuple[ColumnSpec, ...]) -> Row:
    out: Row = []
    for j, c in enumerate(columns):
        if c.kind == "amount":
            out.append(GridCell(text=str(c.no)))
        elif j == 0 or columns[j - 1].kind == "amount":
            out.append(GridCell(text="栏次"))
        else:
            out.append(GridCell(text=""))
    return out


def _amount(r: TableRow | None, c: ColumnSpec) -> GridCell:
    if r is None:
        return GridCell(is_amount=True)
    return GridCell(is_amount=True, value=r.values.get(c.field), exact=r.exact.get(c.field))


def _plain(r: TableRow | None, c: ColumnSpec) -> GridCell:
    if r is None:
        return GridCell()
    if c.kind == "code":
        return GridCell(text=r.code or "")
    if c.kind == "label":
        return GridCell(text=r.label)
    if c.kind == "row_no":
        return GridCell(text="" if r.row_no is None else str(r.row_no))
    return _amount(r, c)


def _line(columns: tuple[ColumnSpec, ...], pick) -> Row:
    """One body row; ``pick(column)`` gives the TableRow feeding that column (or None)."""
    out: Row = []
    skip = 0
    for j, c in enumerate(columns):
        if skip:
            out.append(None)
            skip -= 1
            continue
        r = pick(c)
        nxt = columns[j + 1] if j + 1 < len(columns) else None
        if r is not None and c.kind == "code" and r.code is None and nxt is not None and nxt.kind == "label":
            out.append(GridCell(text=r.label, colspan=2))  # 合计 spans code and name
            skip = 1
            continue
        out.append(_amount(r, c) if c.kind == "amount" else _plain(r, c))
    return out


def _body(table: PublicTable) -> list[Row]:
    spec = table.spec
    cols = spec.columns
    if spec.layout == "two_sided":
        sides = {s: table.side_rows(s) for s in ("income", "expenditure")}
        n = max(len(v) for v in sides.values())

        def pick_two(i):
            return lambda c: sides[c.side][i] if c.side in sides and i < len(sides[c.side]) else None

        return [_line(cols, pick_two(i)) for i in range(n)]
    if spec.layout == "economic":
        groups: dict[int, list[TableRow]] = {}
        for r in table.rows:
            if r.kind != "total":
                groups.setdefault(r.group or 0, []).append(r)
        n = max((len(v) for v in groups.values()), default=0)

        def pick_group(i):
            return lambda c: groups.get(c.group or 0, [])[i] if i < len(groups.get(c.group or 0, [])) else None

        rows = [_line(cols, pick_group(i)) for i in range(n)]
        rows.append(_totals(table))
        return rows
    return [_line(cols, lambda c, r=r: r) for r in table.rows]


def _totals(table: PublicTable) -> Row:
    cols = table.spec.columns
    out: Row = [GridCell() for _ in cols]
    totals = {r.label: r for r in table.rows if r.kind == "total"}
    for t in table.spec.totals:
        r = totals.get(t.label)
        start = next(j for j, c in enumerate(cols) if c.group == t.group and c.kind != "amount")
        end = next(j for j, c in enumerate(cols) if c.group == t.value_group and c.kind == "amount")
        out[start] = GridCell(text=t.label, colspan=end - start)
        for j in range(start + 1, end):
            out[j] = None
        out[end] = _amount(r, cols[end])
    return out


def layout(table: PublicTable) -> Grid:
    """The printed grid of ``table`` (see the module docstring)."""
    spec = table.spec
    cols = spec.columns
    return Grid(
        table=table,
        width=len(cols),
        header=_header(cols, spec.header_depth, spec.header_valign),
        numbers=_numbers(cols) if spec.column_numbers else None,
        body=_body(table),
    )


def text_matrix(grid: Grid, *, grouping: bool = False) -> list[list[str]]:
    """Every grid row as plain strings: merged cells print once, covered positions are empty.

    >>> import govbudget as gb
    >>> t = gb.build_tables(gb.Ledger("某单位", 2024), gb.template("hunan", 2024))["公开05"]
    >>> text_matrix(layout(t))[:3]
    [['项目', '', '本年支出', '', ''], ['科目代码', '科目名称', '小计', '基本支出', '项目支出'], ['栏次', '', '1', '2', '3']]
    """
    header = [["" for _ in range(grid.width)] for _ in grid.header]
    for i, row in enumerate(grid.header):
        for j, cell in enumerate(row):
            if cell is not None:
                header[i + cell.text_row][j] = cell.text
    rows = header
    if grid.numbers is not None:
        rows.append([c.text if c else "" for c in grid.numbers])
    for row in grid.body:
        rows.append(["" if c is None else c.shown(grid.table, grouping=grouping) for c in row])
    return rows
