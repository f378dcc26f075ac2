"""Which table cell a 说明 figure repeats, named as the table template prints it.

A reference reads ``<table> <row> <column>``: the row is its 行次 when the table prints 行次
(``行次30``), else its label or code (``合计``, ``2010450``); the column is its 栏次 when the table
prints 栏次 (``栏次1``), else its header label. The 行次 are those of the template's own layout
(how many 类 rows it lists), so a 24-类 template's 总计 is 行次 28, not the Hunan 30. Without a
table template there is no reference (an empty string).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ..tables import PublicTables
    from ..templates import ColumnSpec, TableSpec, Template


def _layout(template: Template) -> PublicTables:
    """The template's tables built from an empty ledger: where each row sits."""
    from ..ledger import Ledger
    from ..tables import build_tables

    return build_tables(Ledger("（版式）", template.year), template=template)


class Refs:
    """Table references for the figures of one 说明 (see the module docstring)."""

    def __init__(self, template: Template | None) -> None:
        self.template = template
        self._tables: PublicTables | None = None

    def _spec(self, kind: str) -> TableSpec | None:
        if self.template is None:
            return None
        try:
            return self.template.by_kind(kind)
        except KeyError:
            return None

    @staticmethod
    def _column(spec: TableSpec, match: dict[str, Any]) -> ColumnSpec | None:
        for c in spec.amount_columns:
            if all(_matches(getattr(c, k), v) for k, v in match.items()):
                return c
        return None

    def cell(self, kind: str, row: str | None = None, *, side: str | None = None, **column: Any) -> str:
        """The reference of the cell at ``row`` (a printed label or code; ``None`` for a table of one
        data row) in the first amount column whose attributes equal ``column`` (``side="income"``,
        ``spend_type="基本支出"``, ``source="actual", figure="abroad"`` …)."""
        spec = self._spec(kind)
        if spec is None or self.template is None:
            return ""
        col = self._column(spec, {"side": side, **column} if side else column)
        if col is None:
            return ""
        parts = [spec.id]
        if row is not None:
            parts.append(self._row(spec, row, side))
        parts.append(f"栏次{col.no}" if spec.column_numbers and col.no is not None else _header(spec, col))
        return " ".join(p for p in parts if p)

    def _row(self, spec: TableSpec, row: str, side: str | None) -> str:
        if not spec.row_numbers or self.template is None:
            return row
        if self._tables is None:
            self._tables = _layout(self.template)
        table = self._tables[spec.id]
        try:
            found = table.row(row, side=side)
        except (KeyError, LookupError):
            return row
        return f"行次{found.row_no}" if found.row_no is not None else row


def _header(spec: TableSpec, col: ColumnSpec) -> str:
    """The column's header label, with the label above it when another column has the same one."""
    if sum(1 for c in spec.amount_columns if c.label == col.label) == 1:
        return col.label
    named = [p for p in col.path if p]
    return "/".join(named[-2:])


def _matches(have: Any, want: Any) -> bool:
    """A column attribute against the wanted value; tuples of enums match a single name."""
    if isinstance(have, tuple) and not isinstance(want, tuple):
        return len(have) == 1 and getattr(have[0], "value", have[0]) == want
    return have == want
