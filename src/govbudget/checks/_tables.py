"""Checks inside and between the tables (R01–R09, X01–X11): row sums, 类 = Σ 款 = Σ 项, the 收入支出
and 财政拨款 summary tables, 人员/公用经费 groups, 三公 subtotals, the same figure printed in two tables.

>>> from govbudget.reader import read_report
>>> rep = read_report(text="支出决算表\\n项目\\t\\t本年支出合计\\t基本支出\\t项目支出\\n合计\\t\\t10.00\\t7.00\\t3.01\\n")
>>> out = []; tables_family(rep, False, out)
>>> [(f.rule, f.verdict) for f in out]
[('R03.1', 'tail')]
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..reader._figures import three_public_cells
from ..reader._model import Cell, PublishedTable, norm
from ..reader._shape import _fund_cols, _fund_column, _main, _present, _Sides, _sides, _tn
from ._layouts import default_terms
from ._primitives import _eq, _le, _na, _neg, _placed_by, _sum, _sum_problem, _unsure

if TYPE_CHECKING:  # pragma: no cover
    from ..reader import PublishedReport
    from ._terms import Terms

__all__ = ["tables_family"]

def _amount_columns(t: PublishedTable) -> list[str]:
    cols: list[str] = []
    for c in sorted(t.cells, key=lambda c: c.column_index):
        if c.column and c.column not in cols:
            cols.append(c.column)
    return cols


def _row_sums(t: PublishedTable, rule: str, strict: bool, out: list) -> None:
    cols = _amount_columns(t)
    if len(cols) < 3 or not re.search("合计|小计", cols[0]):
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
        f = _sum_problem(total, [p for p in parts if p is not None], rule=rule, strict=strict,
                         where=f"{_tn(t)} {total.row_code or total.row_label} 行", names=None, column_free=True)
        if f is not None:
            out.append(f)


def _hierarchy(t: PublishedTable, rule: str, strict: bool, out: list) -> None:
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
    for col in _amount_columns(t):
        val = by_column.get(col, {})
        for code in codes:
            kids = children[code]
            if not kids or code not in val:
                continue
            parts = [val[k] for k in kids if k in val]
            bad = next((unsure[k] for k in (code, *kids) if k in unsure), None)
            f = _na(rule, f"{_tn(t)} {code} {col}", bad) if bad is not None else _sum_problem(
                val[code], parts, rule=rule, strict=strict,
                where=f"{_tn(t)} {code} {col}", names=[f"{_tn(t)} {k}" for k in kids if k in val])
            if f is not None and f.verdict != "ok":
                out.append(f)
        total = next((c for c in t.cells if c.column == col and norm(c.row_label) == "合计"
                      and not c.row_code), None)
        top = [val[k] for k in codes if len(k) == 3 and k in val and k[0] in "23"]
        if total is not None and top and t.table_id not in ("general_budget_basic", "fiscal_basic"):
            bad = next((unsure[k] for k in ("合计", *(k for k in codes if len(k) == 3)) if k in unsure), None)
            f = _na(rule, f"{_tn(t)} 合计 {col}", bad) if bad is not None else _sum_problem(
                total, top, rule=rule, strict=strict, where=f"{_tn(t)} 合计 {col}")
            if f is not None and f.verdict != "ok":
                out.append(f)


def _fund_rows(t: PublishedTable, rule: str, strict: bool, out: list) -> None:
    """R07.1 / R08.1 on every row: 本年支出 = 基本 + 项目; 年末 = 年初 + 本年收入 − 本年支出."""
    rows: dict[tuple[int, str | None, str], dict[str, Cell]] = {}
    for c in t.cells:
        role = _fund_column(c.column)
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
    t = rep.table("general_budget_basic") or rep.table("fiscal_basic")
    if t is None:
        return
    cls = {c.row_code: c for c in t.cells if c.row_code and len(c.row_code) == 3 and _present(c)}
    pers = t.get("人员经费合计")
    pub = t.get("公用经费合计")
    if pers is None and pub is None:  # 合计 | 人员经费 | 公用经费 columns: the 合计 row's
        pers, pub = t.get("合计", "人员经费"), t.get("合计", "公用经费")
        if pers is not None or pub is not None:
            _groups_vs_basic(rep, t, pers, pub, strict, out)
            return
    if _present(pers):
        parts = [cls[k] for k in ("301", "303") if k in cls]
        out.append(_sum(pers, parts, rule="R06.2", strict=strict, where=f"{_tn(t)} 人员经费合计"))
    if _present(pub):
        parts = [v for k, v in cls.items() if k not in ("301", "303")]
        out.append(_sum(pub, parts, rule="R06.3", strict=strict, where=f"{_tn(t)} 公用经费合计"))
    gbe = rep.table("general_budget_expenditure")
    basic = gbe.get("合计", "基本支出") if gbe is not None else None
    if basic is not None and pub is not None and _present(pers):
        out.append(_sum(basic, [pers, pub], rule="X08", strict=strict,
                        where=f"{_tn(gbe)} 合计 基本支出 vs {_tn(t)} 人员+公用"))


def _groups_vs_basic(rep: PublishedReport, t: PublishedTable, pers: Cell | None, pub: Cell | None, strict: bool,
                     out: list) -> None:
    """X08 for a basic-spending table printing 人员经费/公用经费 as columns: their 合计 row against the
    基本支出 of the 一般公共预算 table (=) and of the 支出总表 (all funds: ≤)."""
    parts = [c for c in (pers, pub) if c is not None]
    gbe = rep.table("general_budget_expenditure")
    basic = gbe.get("合计", "基本支出") if gbe is not None else None
    names = ["人员经费", "公用经费"][: len(parts)] if pers is not None else ["公用经费"]
    if basic is not None:
        out.append(_sum(basic, parts, rule="X08", strict=strict, names=[f"{_tn(t)} 合计 {n}" for n in names],
                        where=f"{_tn(gbe)} 合计 基本支出 vs {_tn(t)} 人员+公用"))
    exp = rep.table("expenditure")
    all_basic = exp.get("合计", "基本支出") if exp is not None else None
    total = t.get("合计")
    if all_basic is not None and total is not None and _present(total):
        out.append(_le(total, all_basic, rule="X08", pa=f"{_tn(t)} 合计", pb=f"{_tn(exp)} 合计 基本支出", strict=strict))


def _summary(rep: PublishedReport, strict: bool, out: list, terms: Terms | None = None) -> None:
    """R01.1–R01.6 inside 公开01; X01, X03, X04 against 公开02/03."""
    t = rep.table("income_expenditure_summary")
    if t is None:
        return
    s = _sides(t)
    final = rep.kind == "决算"
    inc = s.l("本年收入合计", "当年收入小计", "本年收入小计")
    exp_row = s.r("本年支出合计", "当年支出小计", "本年支出小计")
    exp = _main(exp_row)
    tot_l = next((c for c in s.left if norm(c.row_label) in ("总计", "收入总计", "收入合计")), None)
    if inc is None and not final:
        inc = tot_l  # a budget's 收入总计 with no 上年结转 line is its 本年收入
    end = inc.line if inc is not None else 10**9
    # 一、…收入 rows (决算); a budget may print 一、财政拨款 / 三、其他资金 without “收入”
    pattern = r"^[一二三四五六七八]、.*收入$" if final else r"^[一二三四五六七八]、"
    # the left half only: a 支出用途 block (三、单位预留机动经费) sits right of the first 支出 row's column
    right_cols = [c.column_index for _, cols in s.right for c in cols.values()]
    cut = min(right_cols) if right_cols else 10**9
    left = [c for c in s.left if re.match(pattern, c.row_label) and _present(c) and c.line < end
            and (final or c.column_index < cut)]
    classes = [(lab, _main(cols)) for lab, cols in s.classes()]
    right = [c for _, c in classes if _present(c)]
    if inc is not None and left:
        out.append(_sum(inc, left, rule="R01.1", strict=strict, where=f"{_tn(t)} 本年收入合计"))
    if exp is not None and right:
        out.append(_sum(exp, right, rule="R01.2", strict=strict, where=f"{_tn(t)} 本年支出合计"))
    tot_r = _main(s.r("总计", "支出总计", "支出合计"))
    if final and inc is not None and exp is not None:
        use = s.l("使用非财政拨款结余")
        opening = s.l("年初结转和结余")
        distr = _main(s.r("结余分配"))
        closing = _main(s.r("年末结转和结余"))
        if tot_l is not None:
            out.append(_sum(tot_l, [inc, use, opening], rule="R01.3", strict=strict, where=f"{_tn(t)} 收入总计",
                            names=["本年收入合计", "使用非财政拨款结余", "年初结转和结余"]))
        if tot_r is not None:
            out.append(_sum(tot_r, [exp, distr, closing], rule="R01.4", strict=strict, where=f"{_tn(t)} 支出总计",
                            names=["本年支出合计", "结余分配", "年末结转和结余"]))
        if s.printed("年末结转和结余") and s.printed("年初结转和结余"):
            where = f"{_tn(t)} 年末结转和结余"
            bad = _unsure(opening, inc, use, exp, distr, closing, rule="R01.6")
            out.append(_na("R01.6", where, bad) if bad is not None else _sum(
                closing, [opening, inc, use, _neg(exp), _neg(distr)], rule="R01.6", strict=strict, where=where,
                names=["年初结转和结余", "本年收入合计", "使用非财政拨款结余", "−本年支出合计", "−结余分配"]))
    if tot_l is not None and tot_r is not None:
        out.append(_eq(tot_l, tot_r, rule="R01.5", pa=f"{_tn(t)} 收入总计", pb=f"{_tn(t)} 支出总计"))
    # X01 / X04: 公开02 / 公开03 合计 = 公开01
    for tid, cell, rule in (("income", inc, "X01"), ("expenditure", exp, "X04")):
        other = rep.table(tid)
        if other is None or cell is None:
            continue
        c2 = other.get("合计")
        if c2 is not None:
            out.append(_eq(c2, cell, rule=rule, pa=f"{_tn(other)} 合计", pb=f"{_tn(t)} {cell.row_label}"))
    ex = rep.table("expenditure")
    if ex is not None:
        names = {c.row_code: norm(c.row_label) for c in ex.cells if c.row_code and len(c.row_code) == 3}
        for code, name in names.items():
            c1 = ex.get(code)
            c0 = next((c for lab, c in classes if norm(lab) == name), None)
            if c1 is not None and c0 is not None:
                out.append(_eq(c1, c0, rule="X04", pa=f"{_tn(ex)} {code}", pb=f"{_tn(t)} {c0.row_label}"))
    # X03: 公开02 合计 上级补助…其他收入 = 公开01 rows 4–8
    inc_t = rep.table("income")
    total_row = [c for c in inc_t.cells if norm(c.row_label) == "合计" and not c.row_code] if inc_t else []
    if final and total_row:
        for name in ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"):
            a = next((c for c in total_row if norm(c.column).split("/")[-1] == name), None)
            b = next((c for c in s.left if norm(c.row_label) == name), None)
            if a is None and b is None and not s.printed(name):
                continue
            out.append(_eq(a, b, rule="X03", pa=f"{_tn(inc_t)} 合计 {name}", pb=f"{_tn(t)} {name}"))


def _summary_groups(rep: PublishedReport, out: list, terms: Terms | None = None) -> None:
    """X08 (budgets): 人员经费 / 公用经费 printed in the 收支总表's 支出总计 row = the basic table's."""
    t = rep.table("income_expenditure_summary")
    basic = rep.table("general_budget_basic") or rep.table("fiscal_basic")
    if t is None or basic is None:
        return
    row = [c for c in t.cells if norm(c.row_label) in ("支出总计", "本年支出合计", "总计")
           and norm(c.column).endswith(("人员经费", "公用经费"))]
    for name in ("人员经费", "公用经费"):
        a = next((c for c in row if norm(c.column).endswith(name)), None)
        b = basic.get(f"{name}合计") or next((c for c in basic.cells if not c.row_code and norm(c.row_label) in (
            "合计", "总计") and norm(c.column).endswith(name)), None)
        if a is not None and b is not None:
            out.append(_eq(a, b, rule="X08", pa=f"{_tn(t)} {a.row_label} {name}", pb=f"{_tn(basic)} 合计 {name}"))


def _fiscal(rep: PublishedReport, strict: bool, out: list, terms: Terms | None = None) -> None:
    """R04.1–R04.8 inside 公开04; X02, X05, X06, X09, X10 against the other tables."""
    fis = rep.table("fiscal_summary")
    if fis is None:
        return
    gbe = rep.table("general_budget_expenditure")
    inc = rep.table("income")
    final = rep.kind == "决算"
    s = _sides(fis)
    tn = _tn(fis)
    total = s.l("本年收入合计", "收入合计", "本年收入小计")
    opening_line = s.lines.get("年初财政拨款结转和结余", 0)
    before = total.line if total is not None else 10**9
    fund_names = ("一般公共预算", "政府性基金", "国有资本经营")
    fund_income = [next((c for c in s.left if c.line < before and norm(c.row_label).startswith(n)), None) for n in fund_names]
    opening = s.l("年初财政拨款结转和结余")
    fund_opening = [s.l(n, after=opening_line) if opening_line else None for n in fund_names]
    grand_in = next((c for c in s.left if norm(c.row_label) in ("总计", "收入总计")), None)
    spent = _fund_cols(s.r("本年支出合计", "支出合计", "本年支出小计"))
    closing = _fund_cols(s.r("年末财政拨款结转和结余"))
    grand_out = _fund_cols(s.r("总计", "支出总计"))
    classes = [(lab, _fund_cols(cols)) for lab, cols in s.classes()]
    if total is not None and any(c is not None for c in fund_income):
        out.append(_sum(total, fund_income, rule="R04.1", strict=strict, where=f"{tn} 本年收入合计",
                        names=[f"{tn} {n}" for n in fund_names]))
    for lab, cols in [*classes, ("本年支出合计", spent), ("年末财政拨款结转和结余", closing), ("总计", grand_out)]:
        if cols["c2"] is not None and any(cols[k] is not None for k in ("c3", "c4", "c5")):
            f = _sum(cols["c2"], [cols["c3"], cols["c4"], cols["c5"]], rule="R04.4", strict=strict,
                     where=f"{tn} {lab} 行")
            if f.verdict != "ok":
                out.append(f)
    if any(spent.values()) and classes:
        for k in ("c2", "c3", "c4", "c5"):
            if spent[k] is not None or any(cols[k] is not None and cols[k].value for _, cols in classes):
                out.append(_sum(spent[k], [cols[k] for _, cols in classes], rule="R04.5", strict=strict,
                                where=f"{tn} 本年支出合计 {k}"))
    if final:
        if s.printed("年初财政拨款结转和结余"):
            out.append(_sum(opening, fund_opening, rule="R04.2", strict=strict, where=f"{tn} 年初财政拨款结转和结余",
                            names=[f"{tn} 年初 {n}" for n in fund_names]))
        if grand_in is not None and total is not None:
            out.append(_sum(grand_in, [total, opening], rule="R04.3", strict=strict, where=f"{tn} 收入总计"))
        if any(grand_out.values()):
            for k in ("c2", "c3", "c4", "c5"):
                if grand_out[k] is not None or spent[k] is not None:
                    out.append(_sum(grand_out[k], [spent[k], closing[k]], rule="R04.6", strict=strict, where=f"{tn} 支出总计 {k}"))
        if any(spent.values()):
            for k, l1, lo in zip(("c3", "c4", "c5"), fund_income, fund_opening, strict=True):
                if spent[k] is None and l1 is None:
                    continue
                where = f"{tn} 本年支出合计 {k}"
                bad = _unsure(spent[k], l1, lo, closing[k], rule="R04.8")
                out.append(_na("R04.8", where, bad) if bad is not None else _sum(
                    spent[k], [l1, lo, _neg(closing[k])], rule="R04.8", strict=strict, where=where,
                    names=["本年收入", "年初结转和结余", "−年末结转和结余"]))
    if grand_in is not None and grand_out["c2"] is not None:
        out.append(_eq(grand_in, grand_out["c2"], rule="R04.7", pa=f"{tn} 收入总计", pb=f"{tn} 支出总计"))
    # X02: 公开02 合计 财政拨款收入 = 公开04 本年收入合计
    if inc is not None and total is not None:
        c = inc.get("合计", "财政拨款")
        if c is not None:
            out.append(_eq(c, total, rule="X02", pa=f"{_tn(inc)} 合计 财政拨款收入", pb=f"{tn} 本年收入合计"))
    # X06: 公开05 合计/类 = 公开04 一般公共预算 column
    if gbe is not None and spent["c3"] is not None:
        c = gbe.get("合计")
        if c is not None:
            out.append(_eq(c, spent["c3"], rule="X06", pa=f"{_tn(gbe)} 合计", pb=f"{tn} 本年支出合计 一般公共预算财政拨款"))
        for code in gbe.codes():
            if len(code) != 3:
                continue
            c = gbe.get(code)
            other = next((cols["c3"] for lab, cols in classes if norm(lab) == norm(c.row_label if c else "")), None)
            if c is not None and other is not None:
                out.append(_eq(c, other, rule="X06", pa=f"{_tn(gbe)} {code}", pb=f"{tn} {other.row_label} 一般公共预算"))
    if final:
        _x05(rep, s, classes, spent, closing, opening, strict, out)
        _x09_x10(rep, classes, fund_income, fund_opening, spent, closing, out)


def _x05(rep: PublishedReport, s: _Sides, classes: list, spent: dict, closing: dict, opening: Cell | None,
         strict: bool, out: list) -> None:
    """X05: 财政拨款 figures of 公开04 ≤ the same figures of 公开01 (all money)."""
    t1 = rep.table("income_expenditure_summary")
    if t1 is None:
        return
    s1 = _sides(t1)
    tn, tn1 = _tn(rep.table("fiscal_summary")), _tn(t1)
    for lab, cols in classes:
        whole = next((c for lab1, c1 in s1.classes() if norm(lab1) == norm(lab) for c in [_main(c1)]), None)
        if _present(cols["c2"]):
            out.append(_le(cols["c2"], whole, rule="X05", pa=f"{tn} {lab}", pb=f"{tn1} {lab}", strict=strict))
    pairs = ((spent["c2"], _main(s1.r("本年支出合计")), "本年支出合计", "本年支出合计"),
             (opening, s1.l("年初结转和结余"), "年初财政拨款结转和结余", "年初结转和结余"),
             (closing["c2"], _main(s1.r("年末结转和结余")), "年末财政拨款结转和结余", "年末结转和结余"))
    for part, whole, a, b in pairs:
        if _present(part):
            out.append(_le(part, whole, rule="X05", pa=f"{tn} {a}", pb=f"{tn1} {b}", strict=strict))


def _x09_x10(rep: PublishedReport, classes: list, fund_income: list, fund_opening: list, spent: dict, closing: dict, out: list) -> None:
    """X09 (公开07) and X10 (公开08) against the fund columns of 公开04."""
    tn = _tn(rep.table("fiscal_summary"))
    for tid, rule, k, i in (("gov_fund", "X09", "c4", 1), ("state_capital", "X10", "c5", 2)):
        t = rep.table(tid)
        if t is None:
            continue
        roles: dict[str, Cell] = {}
        for c in t.cells:
            if norm(c.row_label) == "合计" and not c.row_code:
                role = _fund_column(c.column)
                if role is not None:
                    roles.setdefault(role, c)
        has = {_fund_column(col) for col in t.columns}
        checks = [("spent", spent[k], "本年支出合计")]
        if "open" in has:
            checks.append(("open", fund_opening[i], "年初结转和结余"))
        if "income" in has:
            checks.append(("income", fund_income[i], "本年收入"))
        if "close" in has:
            checks.append(("close", closing[k], "年末财政拨款结转和结余"))
        for role, other, name in checks:
            out.append(_eq(roles.get(role), other, rule=rule, pa=f"{_tn(t)} 合计 {name}", pb=f"{tn} {name} {k}"))
        for code in t.codes():
            if len(code) != 3:
                continue
            c = next((x for x in t.row_cells(code) if _fund_column(x.column) == "spent"), None)
            lab = norm(c.row_label) if c is not None else ""
            other = next((cols[k] for lab1, cols in classes if norm(lab1) == lab), None)
            if c is not None:
                out.append(_eq(c, other, rule=rule, pa=f"{_tn(t)} {code} 本年支出", pb=f"{tn} {c.row_label} {k}"))


def _x07(rep: PublishedReport, strict: bool, out: list, terms: Terms | None = None) -> None:
    """X07: 公开05 基本/项目 per code ≤ 公开03 基本/项目 (一般公共预算 is part of all money)."""
    t5 = rep.table("general_budget_expenditure")
    t3 = rep.table("expenditure")
    if t5 is None or t3 is None or not t3.codes():
        return
    for code in ["合计", *t5.codes()]:
        for col in ("基本支出", "项目支出"):
            a = t5.get(code, col)
            if not _present(a):
                continue
            b = t3.get(code, col)
            if b is None:
                b = next((c for c in t3.row_cells(code) if c.ambiguous), None) or b
            out.append(_le(a, b, rule="X07", pa=f"{_tn(t5)} {code} {col}", pb=f"{_tn(t3)} {code} {col}", strict=strict))


def _three_public(rep: PublishedReport, strict: bool, out: list, terms: Terms | None = None) -> None:
    t = rep.table("three_public")
    tp = three_public_cells(t, rep.kind)
    for side, items in tp.items():
        if "total" in items:
            parts = [items[k] for k in ("abroad", "vehicle", "reception") if k in items]
            if parts:
                out.append(_sum(items["total"], parts, rule="R09.1", strict=strict,
                                where=f"{_tn(t)} {side} 合计"))
        if "vehicle" in items:
            parts = [items[k] for k in ("vehicle_purchase", "vehicle_running") if k in items]
            if parts:
                out.append(_sum(items["vehicle"], parts, rule="R09.1", strict=strict,
                                where=f"{_tn(t)} {side} 公务用车小计"))
    basic = rep.table("general_budget_basic")
    if basic is not None and tp["actual"] and rep.kind == "决算":
        for item, code in (("abroad", "30212"), ("reception", "30217"), ("vehicle_running", "30231"),
                           ("vehicle_purchase", "31013")):
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
            _row_sums(t, row_sums[t.table_id], strict, out)
        if t.table_id in hierarchy:
            _hierarchy(t, hierarchy[t.table_id], strict, out)
    for t in rep.tables:
        if t.table_id in fund_rows:
            _fund_rows(t, fund_rows[t.table_id], strict, out)
