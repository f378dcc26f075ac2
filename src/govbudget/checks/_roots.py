"""Root causes (C01): one misprinted figure that breaks several sums of a table is named once.

For each table with sum contradictions (row sums R0x.1, 类 = Σ 款 = Σ 项 R0x.2), every printed
cell is tried as the cause, together with the cells of the same column that print the same figure
directly above or below it in the code tree (a 类 whose only 款 repeats its figure is misprinted with
it). The cell explains the contradictions if one change Δ of its figure makes at least two of them
hold and breaks no sum that holds now. The grouped finding names the cell, the printed figure and
the figure that would make the sums hold; the contradictions it explains are kept, each with the
place ``explained_place`` of the grouped finding (as for shifted rows).

>>> from govbudget.reader import read_report
>>> rows = ["合计\\t\\t30.00\\t30.00\\t", "201\\t一\\t21.00\\t30.00\\t", "20101\\t二\\t30.00\\t30.00\\t"]
>>> text = "\\n".join(["支出决算表", "科目代码\\t科目名称\\t本年支出合计\\t基本支出\\t项目支出", *rows])
>>> fs = read_report(text=text).check()
>>> [(f.rule, f.where) for f in fs if f.rule == "C01"]
[('C01', '支出决算表 201 本年支出合计')]
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from ..reader._model import Cell, PublishedTable, norm
from ..reader._shape import _tn
from ._primitives import _at, _band
from ._shift import explained_by, explained_place
from ._tables import _amount_columns
from ._terms import Terms

if TYPE_CHECKING:  # pragma: no cover
    from ..reader import PublishedReport

__all__ = ["find_roots"]

RULE = "C01"


@attrs.frozen
class _Rel:
    rule: str
    where: str
    total: Cell
    parts: tuple[Cell, ...]

    def residual(self, change: dict[int, Decimal] | None = None) -> Decimal:
        change = change or {}

        def v(c: Cell) -> Decimal:
            return (c.value or Decimal(0)) + change.get(id(c), Decimal(0))

        return v(self.total) - sum((v(c) for c in self.parts), Decimal(0))

    def tolerance(self) -> Decimal:
        return _band([c.value for c in (self.total, *self.parts)])


def _relations(t: PublishedTable, terms: Terms) -> list[_Rel]:
    """The sums of ``t`` as the table checks state them (same places)."""
    _ROW_SUM_TABLES, _HIER_RULE = terms.section("row_sums"), terms.section("hierarchy")
    out: list[_Rel] = []
    cols = _amount_columns(t)
    if t.table_id in _ROW_SUM_TABLES and len(cols) >= 3:
        rows: dict[int, dict[str, Cell]] = {}
        for c in t.cells:
            rows.setdefault(c.line, {}).setdefault(c.column, c)
        for by_col in rows.values():
            total = by_col.get(cols[0])
            parts = tuple(by_col[k] for k in cols[1:] if k in by_col)
            if total is not None and parts:
                out.append(_Rel(_ROW_SUM_TABLES[t.table_id], f"{_tn(t)} {total.row_code or total.row_label} 行",
                                total, parts))
    if t.table_id in _HIER_RULE:
        codes = t.codes()
        below: dict[str, list[str]] = {}  # code → the codes two digits longer under it, in table order
        for k in codes:
            if len(k) >= 2:
                below.setdefault(k[:-2], []).append(k)
        for col in cols:
            val = {}
            for c in t.cells:
                if c.row_code and c.column == col:
                    val.setdefault(c.row_code, c)
            for code in codes:
                kids = tuple(val[k] for k in below.get(code, ()) if k in val)
                if kids and code in val:
                    out.append(_Rel(_HIER_RULE[t.table_id], f"{_tn(t)} {code} {col}", val[code], kids))
            total = next((c for c in t.cells if c.column == col and norm(c.row_label) == "合计" and not c.row_code), None)
            top = tuple(val[k] for k in codes if len(k) == 3 and k in val and k[0] in "23")
            if total is not None and top and t.table_id not in ("general_budget_basic", "fiscal_basic"):
                out.append(_Rel(_HIER_RULE[t.table_id], f"{_tn(t)} 合计 {col}", total, top))
    return out


def _group(t: PublishedTable, c: Cell) -> list[Cell]:
    """``c`` and the cells of its column that print its figure on the codes straight above or below it."""
    if not c.row_code:
        return [c]
    same = [x for x in t.cells if x.column == c.column and x.row_code and x.value == c.value and x is not c
            and (x.row_code.startswith(c.row_code) or c.row_code.startswith(x.row_code))]
    return [c, *same]


def _best_cause(t: PublishedTable, rels: list[_Rel], bad: set[str]):
    """(cells, Δ, explained wheres) of the cell that explains most contradictions (≥ 2), or ``None``.

    Changing every cell of a group by Δ changes a sum's residual by Δ·k, where k counts the group's
    cells in the total minus those among the parts: each sum's residual and band are computed once.
    """
    by_cell: dict[int, list[int]] = {}
    for i, r in enumerate(rels):
        for c in (r.total, *r.parts):
            by_cell.setdefault(id(c), []).append(i)
    base = [r.residual() for r in rels]
    band = [r.tolerance() for r in rels]
    best = None
    for c in t.cells:
        if c.value is None or not c.certain:
            continue
        group = _group(t, c)
        ids = {id(x) for x in group}
        mine = sorted({i for x in ids for i in by_cell.get(x, ())})
        k = {i: (id(rels[i].total) in ids) - sum(1 for p in rels[i].parts if id(p) in ids) for i in mine}
        seen: set[Decimal] = set()
        for i in (i for i in mine if rels[i].where in bad and k[i]):
            delta = -base[i] / k[i]
            if delta in seen:
                continue
            seen.add(delta)
            fixed = [rels[j].where for j in mine if rels[j].where in bad and abs(base[j] + delta * k[j]) <= band[j]]
            broken = any(rels[j].where not in bad and abs(base[j] + delta * k[j]) > band[j] for j in mine)
            if len(fixed) >= 2 and not broken and (best is None or len(fixed) > len(best[2])):
                best = (group, delta, fixed)
    return best


def _grouped(t: PublishedTable, group: list[Cell], delta: Decimal, n: int):
    from ..reconcile import Finding

    c = group[0]
    where = f"{_tn(t)} {c.row_code or norm(c.row_label)} {c.column}"
    others = "、".join(x.row_code or "" for x in group[1:])
    also = f"（{others} 同列印有同一数字，一并计）" if others else ""
    want = c.value + delta
    msg = (f"{where}：印为 {c.value}{also}；若为 {want}，本表 {n} 项合计关系均成立，且不破坏其他成立的关系。"
           f"这 {n} 项矛盾很可能都由这一处印刷错误引起，列在其下。")
    return Finding(rule=RULE, verdict="contradiction", where=where, expected=want, found=c.value, n=n,
                   message=msg, places=tuple(_at(f"{_tn(t)} {x.row_code or norm(x.row_label)} {x.column}", x)
                                            for x in group))


def find_roots(rep: PublishedReport, findings: list, terms: Terms | None = None) -> list:
    """``findings`` with one grouped finding per table whose sum contradictions one printed figure
    explains, inserted before the first of them; those are kept and marked. The tables and their
    sums are the ones the layouts' ``terms.row_sums`` and ``terms.hierarchy`` name."""
    from ._layouts import default_terms

    terms = terms or default_terms()
    for t in rep.tables:
        if t.table_id not in terms.section("row_sums") and t.table_id not in terms.section("hierarchy"):
            continue
        rels = _relations(t, terms)
        wheres = {r.where for r in rels}
        bad = {f.where for f in findings if f.verdict == "contradiction" and f.where in wheres
               and explained_by(f) is None}
        if len(bad) < 2:
            continue
        cause = _best_cause(t, rels, bad)
        if cause is None:
            continue
        group, delta, fixed = cause
        g = _grouped(t, group, delta, len(fixed))
        mark = explained_place(RULE, g.where)
        marked = [attrs.evolve(f, places=(*f.places, mark)) if f.verdict == "contradiction" and f.where in fixed
                  and explained_by(f) is None else f for f in findings]
        pos = next((i for i, f in enumerate(marked) if explained_by(f) == f"{RULE}:{g.where}"), len(marked))
        findings = [*marked[:pos], g, *marked[pos:]]
    return findings
