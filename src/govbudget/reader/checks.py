"""Check a published report against itself (domain rules R01–R09, X01–X19).

Inside tables: row sums, 类 = Σ 款 = Σ 项, economic 类 = Σ 款, 人员/公用经费, 三公 subtotals.
Between tables: the same quantity printed twice must agree exactly. Tables ↔ 说明/附件:
amounts, recomputed percentages, 类/款/项 labels and direction words.

>>> from govbudget.reader import read_report
>>> rep = read_report(text="支出决算表\\n项目\\t\\t本年支出合计\\t基本支出\\t项目支出\\n合计\\t\\t10.00\\t7.00\\t3.01\\n")
>>> [(f.rule, f.verdict) for f in check_report(rep)]
[('R03.1', 'tail')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from ..money import round_half_up
from ._figures import three_public_cells
from ._model import Cell, PublishedTable, norm

if TYPE_CHECKING:  # pragma: no cover
    from . import PublishedReport

__all__ = ["check_report"]

_ROW_SUM_TABLES = {
    "income": "R02.1", "expenditure": "R03.1", "general_budget_expenditure": "R05.1",
    "state_capital": "R08.1",
}
_HIER_RULE = {"income": "R02.2", "expenditure": "R03.2", "general_budget_expenditure": "R05.1",
              "fiscal_expenditure": "R05.1", "gov_fund": "R07.1", "state_capital": "R08.1",
              "general_budget_basic": "R06.1", "fiscal_basic": "R06.1", "operating_costs": "R06.1"}


def _dec(values: Iterable[Decimal | None]) -> int:
    d = 0
    for v in values:
        if v is not None:
            d = max(d, -v.as_tuple().exponent)  # type: ignore[operator]
    return d


def _tn(t: PublishedTable) -> str:
    return t.number or t.title[:20] or (t.table_id or "?")


def _sum(total: Cell | Decimal | None, parts: list, *, rule: str, where: str, strict: bool,
         names: list[str] | None = None):
    from ..reconcile import check_sum

    tv = total.value if isinstance(total, Cell) else total
    pv = [p.value if isinstance(p, Cell) else p for p in parts]
    return check_sum(tv, pv, decimals=_dec([tv, *pv]), strict=strict, rule=rule, where=where,
                     part_names=names)


def _eq(a: Decimal | None, b: Decimal | None, *, rule: str, pa: str, pb: str):
    from ..reconcile import check_equal

    return check_equal(a, b, rule=rule, where=pa, places=(pa, pb))


def _label(rule: str, where: str, message: str, places: tuple[str, ...] = ()):
    from ..reconcile import Finding

    return Finding(rule=rule, verdict="label", where=where, expected=None, found=None, message=message,
                   places=places or (where,))


def _amount_columns(t: PublishedTable) -> list[str]:
    cols: list[str] = []
    for c in t.cells:
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
        if total is None or (all(p is None or p.value is None for p in parts) and total.value is None):
            continue
        f = _sum(total, [p for p in parts if p is not None], rule=rule, strict=strict,
                 where=f"{_tn(t)} {total.row_code or total.row_label} 行", names=None)
        if f.verdict != "ok":
            out.append(f)


def _hierarchy(t: PublishedTable, rule: str, strict: bool, out: list) -> None:
    codes = t.codes()
    if not codes:
        return
    for col in _amount_columns(t):
        val = {}
        for c in t.cells:
            if c.row_code and c.column == col and c.row_code not in val:
                val[c.row_code] = c
        for code in codes:
            kids = [k for k in codes if len(k) == len(code) + 2 and k.startswith(code)]
            if not kids or code not in val:
                continue
            parts = [val[k] for k in kids if k in val]
            f = _sum(val[code], parts, rule=rule, strict=strict,
                     where=f"{_tn(t)} {code} {col}", names=[f"{_tn(t)} {k}" for k in kids if k in val])
            if f.verdict != "ok":
                out.append(f)
        total = next((c for c in t.cells if c.column == col and norm(c.row_label) == "合计"
                      and not c.row_code), None)
        top = [val[k] for k in codes if len(k) == 3 and k in val and k[0] in "23"]
        if total is not None and top and t.table_id not in ("general_budget_basic", "fiscal_basic"):
            f = _sum(total, top, rule=rule, strict=strict, where=f"{_tn(t)} 合计 {col}")
            if f.verdict != "ok":
                out.append(f)


def _basic_groups(rep: PublishedReport, strict: bool, out: list) -> None:
    t = rep.table("general_budget_basic") or rep.table("fiscal_basic")
    if t is None:
        return
    cls = {c.row_code: c for c in t.cells if c.row_code and len(c.row_code) == 3 and c.value is not None}
    pers = t.get("人员经费合计")
    pub = t.get("公用经费合计")
    if pers is not None and pers.value is not None:
        parts = [cls[k] for k in ("301", "303") if k in cls]
        out.append(_sum(pers, parts, rule="R06.2", strict=strict, where=f"{_tn(t)} 人员经费合计"))
    if pub is not None and pub.value is not None:
        parts = [v for k, v in cls.items() if k not in ("301", "303")]
        out.append(_sum(pub, parts, rule="R06.3", strict=strict, where=f"{_tn(t)} 公用经费合计"))
    gbe = rep.table("general_budget_expenditure")
    basic = gbe.get("合计", "基本支出") if gbe is not None else None
    if basic is not None and pers is not None and pub is not None and pers.value is not None:
        out.append(_sum(basic, [pers, pub], rule="X08", strict=strict,
                        where=f"{_tn(gbe)} 合计 基本支出 vs {_tn(t)} 人员+公用"))


def _summary(rep: PublishedReport, strict: bool, out: list) -> None:
    t = rep.table("income_expenditure_summary")
    if t is None:
        return
    inc = t.get("本年收入合计")
    exp = t.get("本年支出合计")
    left = [c for c in t.cells if re.match(r"^[一二三四五六七八]、.*收入$", c.row_label) and c.value is not None]
    right = [c for c in t.cells if re.match(r"^[一二三四五六七八九十]+、.*支出$", c.row_label)
             and c.value is not None and c.row_no is not None and c.column_no == "2"] or [
        c for c in t.cells if re.match(r"^[一二三四五六七八九十]+、.*支出$", c.row_label) and c.value is not None
        and not re.search("基本支出|项目支出", c.row_label)]
    if inc is not None and left:
        out.append(_sum(inc, left, rule="R01.1", strict=strict, where=f"{_tn(t)} 本年收入合计"))
    if exp is not None and right:
        out.append(_sum(exp, right, rule="R01.2", strict=strict, where=f"{_tn(t)} 本年支出合计"))
    tot = t.row_cells("总计")
    if len(tot) >= 2:
        out.append(_eq(tot[0].value, tot[1].value, rule="R01.5", pa=f"{_tn(t)} 收入总计", pb=f"{_tn(t)} 支出总计"))
    # X01 / X04: 公开02 / 公开03 合计 = 公开01
    for tid, cell, rule in (("income", inc, "X01"), ("expenditure", exp, "X04")):
        other = rep.table(tid)
        if other is None or cell is None:
            continue
        c2 = other.get("合计")
        if c2 is not None:
            out.append(_eq(c2.value, cell.value, rule=rule, pa=f"{_tn(other)} 合计", pb=f"{_tn(t)} {cell.row_label}"))
    ex = rep.table("expenditure")
    if ex is not None:
        names = {c.row_code: norm(c.row_label) for c in ex.cells if c.row_code and len(c.row_code) == 3}
        for code, name in names.items():
            c1 = ex.get(code)
            c0 = next((c for c in right if norm(c.row_label) == name), None)
            if c1 is not None and c0 is not None:
                out.append(_eq(c1.value, c0.value, rule="X04", pa=f"{_tn(ex)} {code}", pb=f"{_tn(t)} {c0.row_label}"))


def _fiscal(rep: PublishedReport, strict: bool, out: list) -> None:
    fis = rep.table("fiscal_summary")
    gbe = rep.table("general_budget_expenditure")
    inc = rep.table("income")
    if fis is None:
        return
    total = fis.get("本年收入合计")
    if inc is not None and total is not None:
        c = inc.get("合计", "财政拨款")
        if c is not None:
            out.append(_eq(c.value, total.value, rule="X02", pa=f"{_tn(inc)} 合计 财政拨款收入",
                           pb=f"{_tn(fis)} 本年收入合计"))
    spent = fis.get("本年支出合计", "一般公共预算")
    if gbe is not None and spent is not None:
        c = gbe.get("合计")
        if c is not None:
            out.append(_eq(c.value, spent.value, rule="X06", pa=f"{_tn(gbe)} 合计",
                           pb=f"{_tn(fis)} 本年支出合计 一般公共预算财政拨款"))


def _three_public(rep: PublishedReport, strict: bool, out: list) -> None:
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
        from ..reconcile import check_le

        for item, code in (("abroad", "30212"), ("reception", "30217"), ("vehicle_running", "30231"),
                           ("vehicle_purchase", "31013")):
            c = basic.get(code)
            whole = tp["actual"].get(item)
            if c is not None and c.value is not None:
                wv = whole.value if whole is not None else None
                out.append(check_le(c.value, wv, decimals=_dec([c.value, wv]), strict=strict, rule="X11",
                                    where=f"{_tn(basic)} {code} ≤ {_tn(t)} 决算 {item}",
                                    places=(f"{_tn(basic)} {code}", f"{_tn(t)} {item}")))


# --------------------------------------------------------------------------- narrative

_NUM = r"(\d+(?:\.\d+)?)"


def _n(s: str) -> Decimal:
    return Decimal(s.replace(" ", ""))


def _narr(rep: PublishedReport, strict: bool, out: list) -> None:
    text = rep.narrative_text.replace("\n", "")
    text = re.sub(r"(?<=\d) (?=[\d.])|(?<=[\d.]) (?=\d)", "", text)
    kf = rep.key_figures()
    exp = rep.table("expenditure")
    # 说明三: 基本支出 / 项目支出 amounts and shares
    m = re.search(r"支出合计\s*" + _NUM + r"\s*万元，其中：基本支出\s*" + _NUM + r"\s*万元，占\s*" + _NUM
                  + r"%；项目支出\s*" + _NUM + r"\s*万元，占\s*" + _NUM + "%", text)
    if m and kf["basic"] is not None:
        _tot, b, bp, p, _pp = (_n(x) for x in m.groups())
        out.append(_eq(b, kf["basic"], rule="X12", pa="说明三 基本支出", pb=f"{_tn(exp)} 合计 基本支出"))
        if kf["project"] is not None:
            out.append(_eq(p, kf["project"], rule="X12", pa="说明三 项目支出", pb=f"{_tn(exp)} 合计 项目支出"))
        if kf["expenditure_total"]:
            out.append(_eq(bp, round_half_up(kf["basic"] * 100 / kf["expenditure_total"], 2), rule="X12",
                           pa="说明三 基本支出占比", pb="基本支出/本年支出合计×100 (HALF_UP)"))
    # 说明六: 人员经费 / 公用经费
    for name, key in (("人员经费", "personnel"), ("公用经费", "public")):
        m = re.search(name + r"\s*" + _NUM + r"\s*万元，占基本支出的\s*" + _NUM + "%", text)
        if m and kf[key] is not None and kf["basic"]:
            out.append(_eq(_n(m.group(1)), kf[key], rule="X12", pa=f"说明六 {name}", pb=f"公开06 {name}合计"))
            out.append(_eq(_n(m.group(2)), round_half_up(kf[key] * 100 / kf["basic"], 2), rule="X12",
                           pa=f"说明六 {name}占比", pb=f"{name}/基本支出×100 (HALF_UP)"))
    # 说明七: 三公 budget and actual
    tpb, tpa = kf["three_public"]["budget"], kf["three_public"]["actual"]
    m = re.search(r"三公.{0,3}经费财政拨款支出预算为\s*" + _NUM + r"\s*万元，支出决算为\s*" + _NUM, text)
    if m and tpb["total"] is not None:
        out.append(_eq(_n(m.group(1)), tpb["total"], rule="X12", pa="说明七(一) 三公预算",
                       pb="公开09 预算数 合计"))
        out.append(_eq(_n(m.group(2)), tpa["total"], rule="X12", pa="说明七(一) 三公决算",
                       pb="公开09 决算数 合计"))
    for name, key in (("因公出国（境）费", "abroad"), ("公务用车购置费及运行维护费", "vehicle"),
                      ("公务接待费", "reception")):
        m = re.search(re.escape(name) + r"支出预算为\s*" + _NUM + r"\s*万元，支出决算为\s*" + _NUM, text)
        if m and tpb[key] is not None:
            out.append(_eq(_n(m.group(1)), tpb[key], rule="X12", pa=f"说明七(二) {name}预算",
                           pb=f"公开09 预算数 {name}"))
            out.append(_eq(_n(m.group(2)), tpa[key], rule="X12", pa=f"说明七(二) {name}决算",
                           pb=f"公开09 决算数 {name}"))
    _directions(text, out)
    _items(rep, text, strict, out)
    _attachments(rep, kf, out)


def _directions(text: str, out: list) -> None:
    for m in re.finditer(r"与上年相比[，,]?\s*(?:[^，。；]{0,12}?)(增加减少|减少增加|增加|减少)\s*" + _NUM
                         + r"\s*万元，\s*(增长|降低|下降)\s*" + _NUM + "%", text):
        word, _amount, pword, _pct = m.groups()
        where = f"说明 “{m.group(0)[:30]}…”"
        if word in ("增加减少", "减少增加"):
            out.append(_label("X12.direction", where,
                              f"{where}：方向词“{word}”自相矛盾，按“{pword}”应为"
                              f"“{'增加' if pword == '增长' else '减少'}”。"))
        elif (word == "增加") != (pword == "增长"):
            out.append(_label("X12.direction", where, f"{where}：“{word}”与“{pword}”方向不一致。"))


def _items(rep: PublishedReport, text: str, strict: bool, out: list) -> None:
    """说明五(三): per-项 labels vs the code tree, and Σ 年初预算 vs the printed total."""
    gbe = rep.table("general_budget_expenditure")
    m = re.search(r"年初预算数为\s*" + _NUM + r"\s*万元，支出决算数为", text)
    items = list(re.finditer(
        r"\d+、([^（）、]*?)（类）([^（）]*?)（款）([^（）]*?)（项）。?年初预算为\s*" + _NUM
        + r"\s*万元，支出决算为\s*" + _NUM, text))
    if m and items:
        budgets = [_n(i.group(4)) for i in items]
        out.append(_sum(_n(m.group(1)), budgets, rule="X18", strict=strict,
                        where="说明五(三) 年初预算合计", names=[f"说明五(三) 第{k + 1}项" for k in range(len(items))]))
    if gbe is None:
        return
    names = {c.row_code: c.row_label for c in gbe.cells if c.row_code}
    for k, it in enumerate(items, start=1):
        lei, kuan, xiang = (norm(x) for x in it.group(1, 2, 3))
        actual = _n(it.group(5))
        cand = [code for code, nm in names.items() if len(code) == 7 and norm(nm) == xiang]
        if len(cand) > 1:
            cand = [code for code in cand if gbe.value(code) == actual] or cand
        if not cand:
            continue
        code = cand[0]
        true_lei, true_kuan = norm(names.get(code[:3])), norm(names.get(code[:5]))
        where = f"说明五(三) 第{k}项"
        bad = []
        if lei and lei not in true_lei:
            bad.append(f"类“{it.group(1)}”应为“{names.get(code[:3])}”")
        if kuan != true_kuan:
            bad.append(f"款“{it.group(2)}”应为“{names.get(code[:5])}”")
        if bad:
            out.append(_label("X12.label", where, f"{where}（{code} {names[code]}）：" + "；".join(bad) + "。",
                              places=(where, f"{_tn(gbe)} {code}")))
        out.append(_eq(actual, gbe.value(code), rule="X12", pa=f"{where} 支出决算", pb=f"{_tn(gbe)} {code}"))


def _attachments(rep: PublishedReport, kf: dict, out: list) -> None:
    """附件1/附件2 (绩效) 基本/项目/公用/三公 vs the tables (X19)."""
    for tid in ("performance_basic_data", "performance_self_evaluation"):
        t = rep.table(tid)
        if t is None:
            continue
        raw = "\n".join(text for _, text in t.raw_rows)
        raw = re.sub(r"(?<=[\d.]) (?=[\d.])", "", raw)
        for name, key, tname in (("基本支出", "basic", "公开03 合计 基本支出"),
                                 ("项目支出", "project", "公开03 合计 项目支出")):
            m = re.search(name + r"[:：] ?" + _NUM, raw)
            if m and kf[key] is not None:
                out.append(_eq(_n(m.group(1)), kf[key], rule="X19", pa=f"附件 {name}", pb=tname))
        for label, key, tname in (("项目支出", "project", "公开03 合计 项目支出"),
                                  ("公用经费", "public", "公开06 公用经费合计"),
                                  ("三公经费", None, "公开09 决算数 合计")):
            for line in raw.splitlines():
                cells = [x for x in line.split("\t")]
                if cells and norm(cells[0]).rstrip(":：") == label and len(cells) >= 5:
                    nums = [x for x in cells[1:] if re.fullmatch(r"\d+(\.\d+)?", x)]
                    if len(nums) >= 3:
                        target = kf[key] if key else kf["three_public"]["actual"]["total"]
                        if target is not None:
                            out.append(_eq(_n(nums[-1]), target, rule="X19",
                                           pa=f"附件1 {label} {rep.year}年决算数", pb=tname))


def check_report(rep: PublishedReport, *, strict: bool = False) -> list:
    """Run every applicable rule; see the module docstring.

    ``strict=True`` applies exact equality to sums (for 元 data).
    """
    out: list = []
    for t in rep.tables:
        if t.table_id in _ROW_SUM_TABLES:
            _row_sums(t, _ROW_SUM_TABLES[t.table_id], strict, out)
        if t.table_id in _HIER_RULE:
            _hierarchy(t, _HIER_RULE[t.table_id], strict, out)
    _summary(rep, strict, out)
    _fiscal(rep, strict, out)
    _basic_groups(rep, strict, out)
    _three_public(rep, strict, out)
    _narr(rep, strict, out)
    for code, printed, official in rep.name_mismatches:
        out.append(_label("names", f"code {code}", f"科目 {code} 印作“{printed}”，{rep.year}年科目表为“{official}”。"))
    return out
