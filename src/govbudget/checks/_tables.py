"""Checks inside and between the tables (R01–R09, X01–X11): row sums, 类 = Σ 款 = Σ 项, the 收入支出
and 财政拨款 summary tables, 人员/公用经费 groups, 三公 subtotals, the same figure printed in two tables.

Every table, row label, column word and code these checks look for is a term of the layouts in force
(``layouts/common.toml``: ``[terms.tables]`` roles, ``[terms.table_sums]``, ``[terms.summary]``,
``[terms.fiscal]``, ``[terms.staff_costs]``, ``[terms.fund_columns]``, ``[terms.three_public_sums]``,
``[terms.three_public_columns]``); a province's layout that prints them differently replaces or adds
to them. What stays in Python is the shape of the classification (a 类 code has three digits, a
child code two more), the report kind and the wording of the findings.

>>> from govbudget.reader import read_report
>>> rep = read_report(text="支出决算表\\n项目\\t\\t本年支出合计\\t基本支出\\t项目支出\\n合计\\t\\t10.00\\t7.00\\t3.01\\n")
>>> out = []; tables_family(rep, False, out)
>>> [(f.rule, f.verdict) for f in out]
[('R03.1', 'tail')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from ..reader._figures import ThreePublicWords, three_public_cells
from ..reader._model import Cell, PublishedTable, norm
from ..reader._shape import (
    FUND_COLUMN_WORDS,
    SideWords,
    _fund_cols,
    _fund_column,
    _main,
    _present,
    _Sides,
    _sides,
    _tn,
)
from ._layouts import default_terms
from ._primitives import _adds_up, _eq, _le, _na, _neg, _placed_by, _sum, _sum_problem, _unsure

if TYPE_CHECKING:  # pragma: no cover
    from ..reader import PublishedReport
    from ._terms import Terms

__all__ = ["tables_family"]


def _pick(t: PublishedTable | None, rows: Iterable[str], columns: Iterable[str | None] = (None,)) -> Cell | None:
    """The first cell of ``t`` at one of ``rows`` (codes or labels) under one of ``columns`` (words
    the column header contains), the names in their order in the terms."""
    if t is None:
        return None
    cols = tuple(columns)
    return next((c for r in rows for col in cols if (c := t.get(r, col)) is not None), None)


def _split(t: PublishedTable, terms: Terms) -> _Sides:
    """The two sides of a 收入支出 / 财政拨款 summary table, split with the layouts' words."""
    def n(key: str) -> tuple[str, ...]:
        return terms.names("table_sums", key)
    return _sides(t, SideWords(right=n("right_rows"), suffix=n("right_suffix"), both=n("both_sides"),
                               not_classes=n("not_classes")))


def _column_words(terms: Terms) -> dict[str, tuple[str, ...]]:
    """The words of a 财政拨款 summary's fund columns (c2 合计 … c5 国有资本经营), from ``[terms.fiscal]``."""
    c3, c4, c5 = terms.names("fiscal", "fund_columns")
    return {"c3": (c3,), "c4": (c4,), "c5": (c5,), "c2": terms.names("fiscal", "total_column"),
            "whole": terms.names("fiscal", "whole_column")}


def _fund_words(terms: Terms) -> dict[str, tuple[str, ...]]:
    """The words of each 公开07/08 column role (open, close, basic, project, income, spent)."""
    return {role: terms.names("fund_columns", role) for role in FUND_COLUMN_WORDS}


def _full(names: Iterable[str]) -> set[str]:
    """Names matched against a whole normalised label."""
    return {norm(n) for n in names}


def _amount_columns(t: PublishedTable) -> list[str]:
    cols: list[str] = []
    for c in sorted(t.cells, key=lambda c: c.column_index):
        if c.column and c.column not in cols:
            cols.append(c.column)
    return cols


def _row_sums(t: PublishedTable, rule: str, strict: bool, out: list, terms: Terms) -> None:
    cols = _amount_columns(t)
    if len(cols) < 3 or not any(w in cols[0] for w in terms.names("table_sums", "total_column")):
        return
    rows: dict[int, list[Cell]] = {}
    for c in t.cells:
        rows.setdefault(c.line, []).append(c)
    for cells in rows.values():
        by_col = {c.column: c for c in cells}
        total = by_col.get(cols[0])
        parts = [by_col.get(k) for k in cols[1:]]
        if total is None or (not any(_present(p) for p in parts) and not _present(total)):
            continue
        if _adds_up(total, [p for p in parts if p is not None], rule):  # ok: no finding to name
            continue
        f = _sum_problem(total, [p for p in parts if p is not None], rule=rule, strict=strict,
                         where=f"{_tn(t)} {total.row_code or total.row_label} 行", names=None, column_free=True)
        if f is not None:
            out.append(f)


def _hierarchy(t: PublishedTable, rule: str, strict: bool, out: list, terms: Terms) -> None:
    codes = t.codes()
    if not codes:
        return
    # a row whose figures were placed by guess makes every column check it takes part in uncertain
    unsure = {}
    for c in t.cells:
        if c.ambiguous or c.placement == "uncertain" or _placed_by(c, rule):
            unsure.setdefault(c.row_code or norm(c.row_label), c)
    children: dict[str, list[str]] = {code: [] for code in codes}  # code → the codes one level below it
    for k in codes:
        if k[:-2] in children and len(k) > 2:
            children[k[:-2]].append(k)
    by_column: dict[str, dict[str, Cell]] = {}  # column → {code: first cell}, in one pass
    for c in t.cells:
        if c.row_code:
            by_column.setdefault(c.column, {}).setdefault(c.row_code, c)
    totals, prefixes = _full(terms.names("table_sums", "total")), terms.names("table_sums", "class_prefixes")
    sums_classes = t.table_id not in terms.names("tables", "basic")  # a basic table's 合计 is 人员 + 公用
    first_total: dict[str, Cell] = {}  # column → its first code-less total-row cell
    for c in t.cells:
        if not c.row_code and norm(c.row_label) in totals:
            first_total.setdefault(c.column, c)
    for col in _amount_columns(t):
        val = by_column.get(col, {})
        for code in codes:
            kids = children[code]
            if not kids or code not in val:
                continue
            parts = [val[k] for k in kids if k in val]
            bad = next((unsure[k] for k in (code, *kids) if k in unsure), None)
            if bad is None and _adds_up(val[code], parts, rule):  # ok: no finding to name
                continue
            f = _na(rule, f"{_tn(t)} {code} {col}", bad) if bad is not None else _sum_problem(
                val[code], parts, rule=rule, strict=strict,
                where=f"{_tn(t)} {code} {col}", names=[f"{_tn(t)} {k}" for k in kids if k in val])
            if f is not None and f.verdict != "ok":
                out.append(f)
        total = first_total.get(col)
        top = [val[k] for k in codes if len(k) == 3 and k in val and k.startswith(prefixes)]
        if total is not None and top and sums_classes:
            name = norm(total.row_label)
            bad = next((unsure[k] for k in (name, *(k for k in codes if len(k) == 3)) if k in unsure), None)
            f = _na(rule, f"{_tn(t)} {name} {col}", bad) if bad is not None else _sum_problem(
                total, top, rule=rule, strict=strict, where=f"{_tn(t)} {name} {col}")
            if f is not None and f.verdict != "ok":
                out.append(f)


def _fund_rows(t: PublishedTable, rule: str, strict: bool, out: list, terms: Terms) -> None:
    """R07.1 / R08.1 on every row: 本年支出 = 基本 + 项目; 年末 = 年初 + 本年收入 − 本年支出."""
    rows: dict[tuple[int, str | None, str], dict[str, Cell]] = {}
    words = _fund_words(terms)
    for c in t.cells:
        role = _fund_column(c.column, words)
        if role is not None:
            rows.setdefault((c.line, c.row_code, c.row_label), {}).setdefault(role, c)
    for (_, code, label), r in rows.items():
        row = code or label
        if "spent" in r and ("basic" in r or "project" in r):
            f = _sum_problem(r["spent"], [r.get("basic"), r.get("project")], rule=rule, strict=strict,
                             where=f"{_tn(t)} {row} 本年支出")
            if f is not None:
                out.append(f)
        if "close" in r and ("open" in r or "income" in r) and "spent" in r:
            bad = _unsure(r.get("open"), r.get("income"), r["spent"], r["close"], rule=rule)
            where = f"{_tn(t)} {row} 年末结转和结余"
            f = _na(rule, where, bad) if bad is not None else _sum_problem(
                r["close"], [r.get("open"), r.get("income"), _neg(r["spent"])], rule=rule, strict=strict,
                where=where, names=["年初结转和结余", "本年收入", "−本年支出"])
            if f is not None and f.verdict != "ok":
                out.append(f)


def _basic_groups(rep: PublishedReport, strict: bool, out: list, terms: Terms | None = None) -> None:
    """R06.2 人员经费合计 = Σ its classes, R06.3 公用经费合计 = Σ the others, X08 基本支出 = 人员 + 公用."""
    terms = terms or default_terms()
    t = terms.table(rep, "basic")
    if t is None:
        return
    def n(key: str) -> tuple[str, ...]:
        return terms.names("staff_costs", key)
    cls = {c.row_code: c for c in t.cells if c.row_code and len(c.row_code) == 3 and _present(c)}
    pers, pub = _pick(t, n("personnel_total")), _pick(t, n("public_total"))
    totals = terms.names("table_sums", "total")
    if pers is None and pub is None:  # 合计 | 人员经费 | 公用经费 columns: the 合计 row's
        pers, pub = _pick(t, totals, n("personnel")), _pick(t, totals, n("public"))
        if pers is not None or pub is not None:
            _groups_vs_basic(rep, t, pers, pub, strict, out, terms)
            return
    own = n("personnel_codes")
    if _present(pers):
        parts = [cls[k] for k in own if k in cls]
        out.append(_sum(pers, parts, rule="R06.2", strict=strict, where=f"{_tn(t)} {n('personnel_total')[0]}"))
    if _present(pub):
        parts = [v for k, v in cls.items() if k not in own]
        out.append(_sum(pub, parts, rule="R06.3", strict=strict, where=f"{_tn(t)} {n('public_total')[0]}"))
    gbe = terms.table(rep, "general_budget")
    basic = _pick(gbe, totals, terms.names("table_sums", "basic"))
    if basic is not None and pub is not None and _present(pers):
        out.append(_sum(basic, [pers, pub], rule="X08", strict=strict,
                        where=f"{_tn(gbe)} {totals[0]} {terms.names('table_sums', 'basic')[0]} vs {_tn(t)} 人员+公用"))


def _groups_vs_basic(rep: PublishedReport, t: PublishedTable, pers: Cell | None, pub: Cell | None, strict: bool,
                     out: list, terms: Terms) -> None:
    """X08 for a basic-spending table printing 人员经费/公用经费 as columns: their 合计 row against the
    基本支出 of the 一般公共预算 table (=) and of the 支出总表 (all funds: ≤)."""
    totals, basic_col = terms.names("table_sums", "total"), terms.names("table_sums", "basic")
    parts = [c for c in (pers, pub) if c is not None]
    gbe = terms.table(rep, "general_budget")
    basic = _pick(gbe, totals, basic_col)
    groups = [terms.names("staff_costs", k)[0] for k in ("personnel", "public")]
    names = groups[: len(parts)] if pers is not None else groups[1:]
    if basic is not None:
        out.append(_sum(basic, parts, rule="X08", strict=strict, names=[f"{_tn(t)} {totals[0]} {n}" for n in names],
                        where=f"{_tn(gbe)} {totals[0]} {basic_col[0]} vs {_tn(t)} 人员+公用"))
    exp = terms.table(rep, "expenditure")
    all_basic = _pick(exp, totals, basic_col)
    total = _pick(t, totals)
    if all_basic is not None and total is not None and _present(total):
        out.append(_le(total, all_basic, rule="X08", pa=f"{_tn(t)} {totals[0]}",
                       pb=f"{_tn(exp)} {totals[0]} {basic_col[0]}", strict=strict))


def _summary(rep: PublishedReport, strict: bool, out: list, terms: Terms | None = None) -> None:
    """R01.1–R01.6 inside 公开01; X01, X03, X04 against 公开02/03."""
    terms = terms or default_terms()
    t = terms.table(rep, "summary")
    if t is None:
        return
    def n(key: str) -> tuple[str, ...]:
        return terms.names("summary", key)
    s = _split(t, terms)
    final = rep.kind == "决算"
    inc = s.l(*n("income_total"))
    exp = _main(s.r(*n("expenditure_total")))
    grand_in = _full(n("income_grand"))
    tot_l = next((c for c in s.left if norm(c.row_label) in grand_in), None)
    if inc is None and not final:
        inc = tot_l  # a budget's 收入总计 with no 上年结转 line is its 本年收入
    end = inc.line if inc is not None else 10**9
    # 一、…收入 rows (决算); a budget may print 一、财政拨款 / 三、其他资金 without “收入”
    pattern = terms.get("summary", "income_rows_final" if final else "income_rows_budget")
    # the left half only: a 支出用途 block (三、单位预留机动经费) sits right of the first 支出 row's column
    right_cols = [c.column_index for _, cols in s.right for c in cols.values()]
    cut = min(right_cols) if right_cols else 10**9
    left = [c for c in s.left if re.match(pattern, c.row_label) and _present(c) and c.line < end
            and (final or c.column_index < cut)]
    classes = [(lab, _main(cols)) for lab, cols in s.classes()]
    right = [c for _, c in classes if _present(c)]
    if inc is not None and left:
        out.append(_sum(inc, left, rule="R01.1", strict=strict, where=f"{_tn(t)} {n('income_total')[0]}"))
    if exp is not None and right:
        out.append(_sum(exp, right, rule="R01.2", strict=strict, where=f"{_tn(t)} {n('expenditure_total')[0]}"))
    tot_r = _main(s.r(*n("expenditure_grand")))
    if final and inc is not None and exp is not None:
        _summary_balance(t, s, (inc, exp, tot_l, tot_r), strict, out, terms)
    if tot_l is not None and tot_r is not None:
        out.append(_eq(tot_l, tot_r, rule="R01.5", pa=f"{_tn(t)} 收入总计", pb=f"{_tn(t)} 支出总计"))
    _summary_links(rep, t, s, classes, inc, exp, strict, out, terms)


def _summary_balance(t: PublishedTable, s: _Sides, cells: tuple, strict: bool, out: list, terms: Terms) -> None:
    """R01.3 收入总计, R01.4 支出总计 and R01.6 年末 = 年初 + 收入 + 使用结余 − 支出 − 结余分配 (决算)."""
    inc, exp, tot_l, tot_r = cells
    def n(key: str) -> str:
        return terms.names("summary", key)[0]
    use = s.l(*terms.names("summary", "balance_used"))
    opening = s.l(*terms.names("summary", "opening"))
    distr = _main(s.r(*terms.names("summary", "distribution")))
    closing = _main(s.r(*terms.names("summary", "closing")))
    if tot_l is not None:
        out.append(_sum(tot_l, [inc, use, opening], rule="R01.3", strict=strict, where=f"{_tn(t)} 收入总计",
                        names=[n("income_total"), n("balance_used"), n("opening")]))
    if tot_r is not None:
        out.append(_sum(tot_r, [exp, distr, closing], rule="R01.4", strict=strict, where=f"{_tn(t)} 支出总计",
                        names=[n("expenditure_total"), n("distribution"), n("closing")]))
    if s.printed(*terms.names("summary", "closing")) and s.printed(*terms.names("summary", "opening")):
        where = f"{_tn(t)} {n('closing')}"
        bad = _unsure(opening, inc, use, exp, distr, closing, rule="R01.6")
        out.append(_na("R01.6", where, bad) if bad is not None else _sum(
            closing, [opening, inc, use, _neg(exp), _neg(distr)], rule="R01.6", strict=strict, where=where,
            names=[n("opening"), n("income_total"), n("balance_used"), f"−{n('expenditure_total')}",
                   f"−{n('distribution')}"]))


def _summary_links(rep: PublishedReport, t: PublishedTable, s: _Sides, classes: list, inc: Cell | None,
                   exp: Cell | None, strict: bool, out: list, terms: Terms) -> None:
    """X01 / X04: 公开02 / 公开03 合计 (and each 类) = 公开01; X03: 公开02 合计 上级补助…其他收入 = 公开01."""
    totals = terms.names("table_sums", "total")
    for other, cell, rule in ((terms.table(rep, "income"), inc, "X01"), (terms.table(rep, "expenditure"), exp, "X04")):
        c2 = _pick(other, totals)
        if cell is not None and c2 is not None:
            out.append(_eq(c2, cell, rule=rule, pa=f"{_tn(other)} {totals[0]}", pb=f"{_tn(t)} {cell.row_label}"))
    ex = terms.table(rep, "expenditure")
    if ex is not None:
        names = {c.row_code: norm(c.row_label) for c in ex.cells if c.row_code and len(c.row_code) == 3}
        for code, name in names.items():
            c1 = ex.get(code)
            c0 = next((c for lab, c in classes if norm(lab) == name), None)
            if c1 is not None and c0 is not None:
                out.append(_eq(c1, c0, rule="X04", pa=f"{_tn(ex)} {code}", pb=f"{_tn(t)} {c0.row_label}"))
    inc_t = terms.table(rep, "income")
    total_row = [c for c in inc_t.cells if norm(c.row_label) in _full(totals) and not c.row_code] if inc_t else []
    if rep.kind == "决算" and total_row:
        for name in terms.names("summary", "income_sources"):
            a = next((c for c in total_row if norm(c.column).split("/")[-1] == name), None)
            b = next((c for c in s.left if norm(c.row_label) == name), None)
            if a is None and b is None and not s.printed(name):
                continue
            out.append(_eq(a, b, rule="X03", pa=f"{_tn(inc_t)} {totals[0]} {name}", pb=f"{_tn(t)} {name}"))


def _summary_groups(rep: PublishedReport, out: list, terms: Terms | None = None) -> None:
    """X08 (budgets): 人员经费 / 公用经费 printed in the 收支总表's 支出总计 row = the basic table's."""
    terms = terms or default_terms()
    t = terms.table(rep, "summary")
    basic = terms.table(rep, "basic")
    if t is None or basic is None:
        return
    def n(key: str) -> tuple[str, ...]:
        return terms.names("staff_costs", key)
    rows, basic_rows = _full(n("summary_rows")), _full(n("basic_total"))
    groups = [(n("personnel"), n("personnel_total")), (n("public"), n("public_total"))]
    ends = tuple(norm(w) for words, _ in groups for w in words)
    row = [c for c in t.cells if norm(c.row_label) in rows and norm(c.column).endswith(ends)]
    for words, group_total in groups:
        ends = tuple(norm(w) for w in words)
        a = next((c for c in row if norm(c.column).endswith(ends)), None)
        b = _pick(basic, group_total) or next((c for c in basic.cells if not c.row_code and norm(
            c.row_label) in basic_rows and norm(c.column).endswith(ends)), None)
        if a is not None and b is not None:
            out.append(_eq(a, b, rule="X08", pa=f"{_tn(t)} {a.row_label} {words[0]}",
                           pb=f"{_tn(basic)} {n('basic_total')[0]} {words[0]}"))


@attrs.frozen
class _Fiscal:
    """The rows of a 财政拨款收支总表 the checks read (right-side rows as c2 合计 … c5 国有资本经营)."""

    tn: str
    s: _Sides
    funds: tuple[str, ...]  # the three funds' row names, in column order c3, c4, c5
    total: Cell | None  # 本年收入合计
    opening: Cell | None  # 年初财政拨款结转和结余
    fund_income: list  # each fund's 本年收入
    fund_opening: list  # each fund's 年初结转和结余
    grand_in: Cell | None
    spent: dict
    closing: dict
    grand_out: dict
    classes: list  # (label, {c2…c5}) of each 类 row


def _fiscal_rows(fis: PublishedTable, terms: Terms) -> _Fiscal:
    def n(key: str) -> tuple[str, ...]:
        return terms.names("fiscal", key)
    s, words = _split(fis, terms), _column_words(terms)
    total = s.l(*n("income_total"))
    opening_line = next((s.lines[norm(k)] for k in n("opening") if norm(k) in s.lines), 0)
    before = total.line if total is not None else 10**9
    funds = n("funds")
    grand_in = _full(n("income_grand"))
    return _Fiscal(
        tn=_tn(fis), s=s, funds=funds, total=total, opening=s.l(*n("opening")),
        fund_income=[next((c for c in s.left if c.line < before and norm(c.row_label).startswith(f)), None)
                     for f in funds],
        fund_opening=[s.l(f, after=opening_line) if opening_line else None for f in funds],
        grand_in=next((c for c in s.left if norm(c.row_label) in grand_in), None),
        spent=_fund_cols(s.r(*n("expenditure_total")), words), closing=_fund_cols(s.r(*n("closing")), words),
        grand_out=_fund_cols(s.r(*n("expenditure_grand")), words),
        classes=[(lab, _fund_cols(cols, words)) for lab, cols in s.classes()])


def _fiscal(rep: PublishedReport, strict: bool, out: list, terms: Terms | None = None) -> None:
    """R04.1–R04.8 inside 公开04; X02, X05, X06, X09, X10 against the other tables."""
    terms = terms or default_terms()
    fis = terms.table(rep, "fiscal")
    if fis is None:
        return
    f = _fiscal_rows(fis, terms)
    tn, spent, classes = f.tn, f.spent, f.classes
    def n(key: str) -> str:
        return terms.names("fiscal", key)[0]
    if f.total is not None and any(c is not None for c in f.fund_income):
        out.append(_sum(f.total, f.fund_income, rule="R04.1", strict=strict, where=f"{tn} {n('income_total')}",
                        names=[f"{tn} {x}" for x in f.funds]))
    rows = [*classes, (n("expenditure_total"), spent), (n("closing"), f.closing), (n("expenditure_grand"), f.grand_out)]
    for lab, cols in rows:
        if cols["c2"] is not None and any(cols[k] is not None for k in ("c3", "c4", "c5")):
            r = _sum(cols["c2"], [cols["c3"], cols["c4"], cols["c5"]], rule="R04.4", strict=strict,
                     where=f"{tn} {lab} 行")
            if r.verdict != "ok":
                out.append(r)
    if any(spent.values()) and classes:
        for k in ("c2", "c3", "c4", "c5"):
            if spent[k] is not None or any(cols[k] is not None and cols[k].value for _, cols in classes):
                out.append(_sum(spent[k], [cols[k] for _, cols in classes], rule="R04.5", strict=strict,
                                where=f"{tn} {n('expenditure_total')} {k}"))
    if rep.kind == "决算":
        _fiscal_final(f, strict, out, terms)
    if f.grand_in is not None and f.grand_out["c2"] is not None:
        out.append(_eq(f.grand_in, f.grand_out["c2"], rule="R04.7", pa=f"{tn} 收入总计", pb=f"{tn} 支出总计"))
    _fiscal_links(rep, f, out, terms)
    if rep.kind == "决算":
        _x05(rep, f, strict, out, terms)
        _x09_x10(rep, f, out, terms)


def _fiscal_final(f: _Fiscal, strict: bool, out: list, terms: Terms) -> None:
    """R04.2 年初, R04.3 收入总计, R04.6 支出总计, R04.8 each fund's 支出 = 收入 + 年初 − 年末 (决算)."""
    tn, spent, closing = f.tn, f.spent, f.closing
    opening = terms.names("fiscal", "opening")
    if f.s.printed(*opening):
        out.append(_sum(f.opening, f.fund_opening, rule="R04.2", strict=strict, where=f"{tn} {opening[0]}",
                        names=[f"{tn} 年初 {x}" for x in f.funds]))
    if f.grand_in is not None and f.total is not None:
        out.append(_sum(f.grand_in, [f.total, f.opening], rule="R04.3", strict=strict, where=f"{tn} 收入总计"))
    if any(f.grand_out.values()):
        for k in ("c2", "c3", "c4", "c5"):
            if f.grand_out[k] is not None or spent[k] is not None:
                out.append(_sum(f.grand_out[k], [spent[k], closing[k]], rule="R04.6", strict=strict,
                                where=f"{tn} 支出总计 {k}"))
    if any(spent.values()):
        for k, l1, lo in zip(("c3", "c4", "c5"), f.fund_income, f.fund_opening, strict=True):
            if spent[k] is None and l1 is None:
                continue
            where = f"{tn} {terms.names('fiscal', 'expenditure_total')[0]} {k}"
            bad = _unsure(spent[k], l1, lo, closing[k], rule="R04.8")
            out.append(_na("R04.8", where, bad) if bad is not None else _sum(
                spent[k], [l1, lo, _neg(closing[k])], rule="R04.8", strict=strict, where=where,
                names=["本年收入", "年初结转和结余", "−年末结转和结余"]))


def _fiscal_links(rep: PublishedReport, f: _Fiscal, out: list, terms: Terms) -> None:
    """X02: 公开02 合计 财政拨款收入 = 公开04 本年收入合计; X06: 公开05 合计/类 = 公开04 一般公共预算 column."""
    tn, totals = f.tn, terms.names("table_sums", "total")
    total_name = terms.names("fiscal", "income_total")[0]
    inc = terms.table(rep, "income")
    if inc is not None and f.total is not None:
        c = _pick(inc, totals, terms.names("fiscal", "income_column"))
        if c is not None:
            out.append(_eq(c, f.total, rule="X02", pa=f"{_tn(inc)} {totals[0]} 财政拨款收入", pb=f"{tn} {total_name}"))
    gbe = terms.table(rep, "general_budget")
    if gbe is None or f.spent["c3"] is None:
        return
    c = _pick(gbe, totals)
    if c is not None:
        out.append(_eq(c, f.spent["c3"], rule="X06", pa=f"{_tn(gbe)} {totals[0]}",
                       pb=f"{tn} {terms.names('fiscal', 'expenditure_total')[0]} 一般公共预算财政拨款"))
    for code in gbe.codes():
        if len(code) != 3:
            continue
        c = gbe.get(code)
        other = next((cols["c3"] for lab, cols in f.classes if norm(lab) == norm(c.row_label if c else "")), None)
        if c is not None and other is not None:
            out.append(_eq(c, other, rule="X06", pa=f"{_tn(gbe)} {code}", pb=f"{tn} {other.row_label} 一般公共预算"))


def _x05(rep: PublishedReport, f: _Fiscal, strict: bool, out: list, terms: Terms) -> None:
    """X05: 财政拨款 figures of 公开04 ≤ the same figures of 公开01 (all money)."""
    t1 = terms.table(rep, "summary")
    if t1 is None:
        return
    s1 = _split(t1, terms)
    tn, tn1 = f.tn, _tn(t1)
    classes1 = s1.classes()
    for lab, cols in f.classes:
        whole = next((c for lab1, c1 in classes1 if norm(lab1) == norm(lab) for c in [_main(c1)]), None)
        if _present(cols["c2"]):
            out.append(_le(cols["c2"], whole, rule="X05", pa=f"{tn} {lab}", pb=f"{tn1} {lab}", strict=strict))
    def n(key: str) -> tuple[str, ...]:
        return terms.names("summary", key)
    def m(key: str) -> str:
        return terms.names("fiscal", key)[0]
    pairs = ((f.spent["c2"], _main(s1.r(*n("expenditure_total"))), m("expenditure_total"), n("expenditure_total")[0]),
             (f.opening, s1.l(*n("opening")), m("opening"), n("opening")[0]),
             (f.closing["c2"], _main(s1.r(*n("closing"))), m("closing"), n("closing")[0]))
    for part, whole, a, b in pairs:
        if _present(part):
            out.append(_le(part, whole, rule="X05", pa=f"{tn} {a}", pb=f"{tn1} {b}", strict=strict))


def _x09_x10(rep: PublishedReport, f: _Fiscal, out: list, terms: Terms) -> None:
    """X09 (公开07) and X10 (公开08) against the fund columns of 公开04."""
    tn, totals = f.tn, _full(terms.names("table_sums", "total"))
    total_name, words = terms.names("table_sums", "total")[0], _fund_words(terms)
    for t, rule, k, i in ((terms.table(rep, "gov_fund"), "X09", "c4", 1), (terms.table(rep, "state_capital"), "X10", "c5", 2)):
        if t is None:
            continue
        roles: dict[str, Cell] = {}
        for c in t.cells:
            if norm(c.row_label) in totals and not c.row_code:
                col_role = _fund_column(c.column, words)
                if col_role is not None:
                    roles.setdefault(col_role, c)
        has = {_fund_column(col, words) for col in t.columns}
        tn7 = f"{_tn(t)} {total_name}"
        out.append(_eq(roles.get("spent"), f.spent[k], rule=rule, pa=f"{tn7} 本年支出合计", pb=f"{tn} 本年支出合计 {k}"))
        if "open" in has:
            out.append(_eq(roles.get("open"), f.fund_opening[i], rule=rule, pa=f"{tn7} 年初结转和结余",
                           pb=f"{tn} 年初结转和结余 {k}"))
        if "income" in has:
            out.append(_eq(roles.get("income"), f.fund_income[i], rule=rule, pa=f"{tn7} 本年收入", pb=f"{tn} 本年收入 {k}"))
        if "close" in has:
            out.append(_eq(roles.get("close"), f.closing[k], rule=rule, pa=f"{tn7} 年末财政拨款结转和结余",
                           pb=f"{tn} 年末财政拨款结转和结余 {k}"))
        for code in t.codes():
            if len(code) != 3:
                continue
            c = next((x for x in t.row_cells(code) if _fund_column(x.column, words) == "spent"), None)
            lab = norm(c.row_label) if c is not None else ""
            other = next((cols[k] for lab1, cols in f.classes if norm(lab1) == lab), None)
            if c is not None:
                out.append(_eq(c, other, rule=rule, pa=f"{_tn(t)} {code} 本年支出", pb=f"{tn} {c.row_label} {k}"))


def _x07(rep: PublishedReport, strict: bool, out: list, terms: Terms | None = None) -> None:
    """X07: 公开05 基本/项目 per code ≤ 公开03 基本/项目 (一般公共预算 is part of all money)."""
    terms = terms or default_terms()
    t5 = terms.table(rep, "general_budget")
    t3 = terms.table(rep, "expenditure")
    if t5 is None or t3 is None or not t3.codes():
        return
    totals = terms.names("table_sums", "total")
    for rows in [totals, *((code,) for code in t5.codes())]:
        for col in (terms.names("table_sums", "basic"), terms.names("table_sums", "project")):
            a = _pick(t5, rows, col)
            if not _present(a):
                continue
            b = _pick(t3, rows, col)
            if b is None:
                b = next((c for r in rows for c in t3.row_cells(r) if c.ambiguous), None) or b
            out.append(_le(a, b, rule="X07", pa=f"{_tn(t5)} {rows[0]} {col[0]}", pb=f"{_tn(t3)} {rows[0]} {col[0]}",
                           strict=strict))


def _three_public_words(terms: Terms) -> ThreePublicWords:
    """The words the 三公 columns are classified by, from ``[terms.three_public_columns]``."""
    return ThreePublicWords(**{f.name: terms.get("three_public_columns", f.name) if f.name == "side" else
                               terms.names("three_public_columns", f.name) for f in attrs.fields(ThreePublicWords)})


def _three_public(rep: PublishedReport, strict: bool, out: list, terms: Terms | None = None) -> None:
    """R09.1 三公 合计 = 出国 + 公务用车 + 接待, 公务用车 = 购置 + 运行; X11 基本支出 codes ≤ 三公 决算."""
    terms = terms or default_terms()
    t = terms.table(rep, "three_public")
    tp = three_public_cells(t, rep.kind, _three_public_words(terms))
    for side, items in tp.items():
        for whole in ("total", "vehicle"):
            parts = [items[k] for k in terms.names("three_public_sums", whole) if k in items]
            if whole in items and parts:
                out.append(_sum(items[whole], parts, rule="R09.1", strict=strict,
                                where=f"{_tn(t)} {side} {'合计' if whole == 'total' else '公务用车小计'}"))
    basic = terms.table(rep, "general_budget_basic")  # 一般公共预算 only: 财政拨款 also pays 基金
    if basic is not None and tp["actual"] and rep.kind == "决算":
        for item, code in terms.get("three_public_sums", "codes").items():
            c = basic.get(code)
            if _present(c):
                out.append(_le(c, tp["actual"].get(item), rule="X11", pa=f"{_tn(basic)} {code}",
                               pb=f"{_tn(t)} 决算 {item}", strict=strict))


def tables_family(rep: PublishedReport, strict: bool, out: list, terms: Terms | None = None) -> None:
    """R02–R08 inside each table: row sums, 类 = Σ 款 = Σ 项, fund rows — on the tables the layouts'
    ``terms.row_sums``, ``terms.hierarchy`` and ``terms.fund_rows`` name, under the rule they give."""
    terms = terms or default_terms()
    row_sums, hierarchy, fund_rows = (terms.section(k) for k in ("row_sums", "hierarchy", "fund_rows"))
    for t in rep.tables:
        if t.table_id in row_sums:
            _row_sums(t, row_sums[t.table_id], strict, out, terms)
        if t.table_id in hierarchy:
            _hierarchy(t, hierarchy[t.table_id], strict, out, terms)
    for t in rep.tables:
        if t.table_id in fund_rows:
            _fund_rows(t, fund_rows[t.table_id], strict, out, terms)
