"""Headline figures of a published report, as printed.

>>> from govbudget.reader import read_report
>>> kf = key_figures(read_report(text="三公经费支出决算表\\n预算数\\t\\t决算数\\t\\n合计\\t因公出国(境)费\\t"
...     "合计\\t因公出国(境)费\\n3.00\\t1.00\\t2.50\\t0.50\\n"))
>>> kf["three_public"]["budget"]["total"], kf["three_public"]["actual"]["abroad"]
(Decimal('3.00'), Decimal('0.50'))
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from ._model import Cell, PublishedTable, norm

if TYPE_CHECKING:  # pragma: no cover
    from . import PublishedReport

__all__ = ["classify_three_public", "key_figures", "three_public_cells"]

_TP = ("total", "abroad", "vehicle", "vehicle_purchase", "vehicle_running", "reception")


@attrs.frozen(cache_hash=True)
class ThreePublicWords:
    """The words a 三公 table's column headers are classified by (the checks pass the layouts'
    ``[terms.three_public_columns]``; the defaults are the templates the package knows).

    >>> classify_three_public("因公出境费") is None, classify_three_public("因公出境费", ThreePublicWords(abroad=("出境",)))
    (True, 'abroad')
    """

    other: tuple[str, ...] = ("会议费", "培训费", "机关运行经费")  # columns that are not 三公 items
    reception: tuple[str, ...] = ("接待", "公务接")
    abroad: tuple[str, ...] = ("出国",)
    vehicle: tuple[str, ...] = ("公务用车", "购置", "运行", "维护")  # the 公务用车 family
    purchase: tuple[str, ...] = ("购置",)  # …its purchase column (the last header part)
    running: tuple[str, ...] = ("运行", "维护")  # …its running column
    subtotal: tuple[str, ...] = ("小计",)  # the 三公 subtotal: this word last, and ``three_public`` in the path
    three_public: tuple[str, ...] = ("三公",)
    grand: tuple[str, ...] = ("合计",)  # a grand total (the 三公 total when no subtotal is printed)
    side: str = r".*(预算数|决算数|预算|决算)"  # a header part naming the side, not the item
    actual: tuple[str, ...] = ("决算",)  # a column of the 决算 side
    budget: tuple[str, ...] = ("预算",)  # a column of the 预算 side


_TP_WORDS = ThreePublicWords()


def _has(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


@functools.lru_cache(maxsize=4096)
def classify_three_public(column: str, words: ThreePublicWords = _TP_WORDS) -> str | None:
    """Which 三公 item a column header path names (``None`` for 会议费, 培训费, grand totals).

    >>> classify_three_public("预算数/公务用车购置及运行维护费/公务用车购置费")
    'vehicle_purchase'
    >>> classify_three_public("三公经费/公务用车购置及运行维护费/小计")
    'vehicle'
    >>> classify_three_public("会议费") is None
    True
    """
    s = norm(column)
    flat = s.replace("/", "")
    if _has(flat, words.other):
        return None
    if _has(flat, words.reception):
        return "reception"
    if _has(flat, words.abroad):
        return "abroad"
    segs = [x for x in s.split("/") if x and not re.fullmatch(words.side, x)]
    if not segs:
        return None
    if _has(flat, words.vehicle):
        last = segs[-1]
        if _has(last, words.purchase) and not _has(last, words.running):
            return "vehicle_purchase"
        if _has(last, words.running) and not _has(last, words.purchase):
            return "vehicle_running"
        return "vehicle"
    if _has(segs[-1], words.subtotal) and _has(flat, words.three_public):
        return "total"
    if _has(segs[-1], words.grand):
        return "grand"
    return None


def three_public_cells(table: PublishedTable | None, kind: str | None,
                       words: ThreePublicWords = _TP_WORDS) -> dict[str, dict[str, Cell]]:
    """{'budget': {item: cell}, 'actual': {item: cell}} from a 三公 table's first data row."""
    out: dict[str, dict[str, Cell]] = {"budget": {}, "actual": {}}
    if table is None:
        return out
    cells = [c for c in table.cells if not c.row_code]
    if not cells:
        return out
    first_line = min(c.line for c in cells)
    cells = [c for c in cells if c.line == first_line]
    has_subtotal = any(classify_three_public(c.column, words) == "total" for c in cells)
    for c in cells:
        item = classify_three_public(c.column, words)
        if item == "grand":
            if has_subtotal:
                continue
            item = "total"
        if item is None:
            continue
        col = norm(c.column)
        side = "actual" if _has(col, words.actual) else "budget" if (_has(col, words.budget) or kind == "预算") else "actual"
        out[side].setdefault(item, c)
    return out


def _val(c: Cell | None) -> Decimal | None:
    return None if c is None else c.value


def _first(table: PublishedTable | None, rows: tuple[str, ...], column: str | None = None) -> Cell | None:
    if table is None:
        return None
    for r in rows:
        c = table.get(r, column)
        if c is not None:
            return c
    return None


def _total_row(table: PublishedTable | None) -> str | None:
    """The label of the 合计 row (or '' for an unlabelled single data row)."""
    if table is None:
        return None
    for lab in ("合计", "总计"):
        if table.row_cells(lab):
            return lab
    if any(c.row_label == "" and c.row_code is None for c in table.cells):
        return ""
    return None


def _row_value(table: PublishedTable | None, column: str) -> Cell | None:
    row = _total_row(table)
    if table is None or row is None:
        return None
    if row == "":
        key = norm(column)
        return next((c for c in table.cells if c.row_label == "" and key in norm(c.column)), None)
    return table.get(row, column)


def expenditure_table(rep: PublishedReport) -> PublishedTable | None:
    """The table that carries 合计 / 基本支出 / 项目支出 for all spending."""
    return rep.table("expenditure")


def key_figures(rep: PublishedReport) -> dict[str, Any]:
    """Headline figures (see :meth:`PublishedReport.key_figures`).

    >>> from govbudget.reader import read_report
    >>> key_figures(read_report(text="x"))["functional"]
    {}
    """
    summ = rep.table("income_expenditure_summary")
    fis = rep.table("fiscal_summary")
    exp = expenditure_table(rep)
    basic_t = rep.table("general_budget_basic") or rep.table("fiscal_basic")
    income_total = _first(summ, ("本年收入合计", "当年收入小计", "收入总计", "本年收入小计", "收入合计"))
    exp_total = _first(summ, ("本年支出合计", "当年支出小计", "支出总计", "本年支出小计", "支出合计"))
    basic = _row_value(exp, "基本支出") or _first(summ, ("基本支出",)) or _first(fis, ("基本支出",))
    project = _row_value(exp, "项目支出") or _first(summ, ("项目支出",)) or _first(fis, ("项目支出",))
    personnel = _first(basic_t, ("人员经费合计", "人员经费")) or _row_value(basic_t, "人员经费")
    public = _first(basic_t, ("公用经费合计", "公用经费")) or _row_value(basic_t, "公用经费")
    derived: list[str] = []
    pv, qv = _val(personnel), _val(public)
    if basic_t is not None and pv is None and qv is None:
        pv, qv = _derive_groups(basic_t)
        derived = [k for k, v in (("personnel", pv), ("public", qv)) if v is not None]
    fiscal_total = _first(fis, ("本年收入合计", "收入总计", "收入合计", "本年收入小计"))
    opening = _first(summ, ("年初结转和结余", "上年结转资金", "上年结转", "上年结转和结余"))
    closing = _first(summ, ("年末结转和结余", "结转下年资金", "结转下年"))
    tp = three_public_cells(rep.table("three_public"), rep.kind)
    three_public = {side: {k: _val(tp[side].get(k)) for k in _TP} for side in ("budget", "actual")}
    functional = _functional(rep, exp, summ)
    cells = {"income_total": income_total, "expenditure_total": exp_total, "basic": basic, "project": project,
             "personnel": personnel, "public": public, "fiscal_total": fiscal_total, "opening_balance": opening,
             "closing_balance": closing}
    blank = [k for k, c in cells.items() if _printed_blank(c) and k not in derived]
    blank += [f"three_public.{side}.{k}" for side in ("budget", "actual") for k in _TP
              if _printed_blank(tp[side].get(k))]
    return {
        "unit": rep.unit,
        "year": rep.year,
        "kind": rep.kind,
        "amount_unit": rep.amount_unit,
        "income_total": _val(income_total),
        "expenditure_total": _val(exp_total),
        "basic": _val(basic),
        "project": _val(project),
        "personnel": pv,
        "public": qv,
        "fiscal_total": _val(fiscal_total),
        "opening_balance": _val(opening),
        "closing_balance": _val(closing),
        "three_public": three_public,
        "functional": functional,
        "derived": tuple(derived),
        "blank": tuple(blank),
        "units": _units(rep, {"income_total": income_total, "expenditure_total": exp_total, "basic": basic,
                              "project": project, "personnel": personnel, "public": public,
                              "fiscal_total": fiscal_total, "opening_balance": opening,
                              "closing_balance": closing}, basic_t, exp, summ),
    }


def _printed_blank(c: Cell | None) -> bool:
    """A cell the table prints empty (Hunan convention: 0), as opposed to a figure the report lacks
    (or a blank the reader only assumes: a cell dropped from a text without positions).

    >>> _printed_blank(None), _printed_blank(Cell(table_id=None, value=None, raw="", row_label="x", row_code=None,
    ...     column="c", column_index=1, column_no=None, row_no=None, page=None, line=1, text=""))
    (False, True)
    """
    return c is not None and c.value is None and not c.raw and not c.unreadable and c.blank != "assumed"


def _units(rep: PublishedReport, cells: dict[str, Cell | None], basic_t: PublishedTable | None,
           exp: PublishedTable | None, summ: PublishedTable | None) -> dict[str, str | None]:
    """The amount unit each figure is printed in (its table's unit, else the report's)."""
    by_table = {id(c): t.amount_unit for t in rep.tables for c in t.cells}
    out: dict[str, str | None] = {}
    for k, c in cells.items():
        out[k] = (by_table.get(id(c)) if c is not None else None) or rep.amount_unit
    if out["personnel"] is None or cells["personnel"] is None:
        out["personnel"] = out["public"] = (basic_t.amount_unit if basic_t is not None else None) or rep.amount_unit
    tp = rep.table("three_public")
    out["three_public"] = (tp.amount_unit if tp is not None else None) or rep.amount_unit
    src = exp if exp is not None and exp.codes() else summ
    out["functional"] = (src.amount_unit if src is not None else None) or rep.amount_unit
    return out


def _row_total(t: PublishedTable, code: str) -> Decimal | None:
    cells = t.row_cells(code)
    c = next((x for x in cells if re.search("合计|小计|金额", norm(x.column))), None) or (cells[0] if cells else None)
    return _val(c)


def _functional(rep: PublishedReport, exp: PublishedTable | None,
                summ: PublishedTable | None) -> dict[str, Decimal | None]:
    """code → 本年支出合计 (all funds) as printed.

    From the 支出表 when it prints codes; otherwise the 类 rows of the 收支总表 (all funds),
    named → coded through the fiscal table or the year's edition. A 类's 款/项 are taken from a
    财政拨款-only table (一般公共预算/财政拨款支出表) only when that table's 类 equals the all-funds
    类: then every item of the class is 财政拨款 money and the figures are the all-funds ones.
    Codes whose all-funds figure the report does not print are left out.
    """
    out: dict[str, Decimal | None] = {}
    if exp is not None and exp.codes():
        for code in exp.codes():
            if code.startswith("2"):
                out[code] = _row_total(exp, code)
        return out
    ftab = rep.table("general_budget_expenditure") or rep.table("fiscal_expenditure")
    if summ is None:
        return out
    from .checks import _main, _sides

    names: dict[str, str] = {}
    if ftab is not None:
        for code, label, _ in ftab.rows:
            if code and len(code) == 3:
                names.setdefault(norm(label), code)
    try:
        import govbudget as gb

        ed = gb.functional(rep.year) if rep.year else None
    except (gb.GovBudgetError, TypeError, ValueError):  # an unknown year: names come from the report only
        ed = None
    for label, cols in _sides(summ).classes():
        c = _main(cols)
        if c is None or c.value is None:
            continue
        key = norm(label)
        code = names.get(key)
        if code is None and ed is not None:
            code = next((x.code for x in ed.roots() if norm(x.name) == key), None)
        if code is not None:
            out[code] = c.value
    if ftab is not None:
        for code in ftab.codes():
            if len(code) > 3 and code[:3] in out and _row_total(ftab, code[:3]) == out[code[:3]]:
                out[code] = _row_total(ftab, code)
    return out


def _derive_groups(t: PublishedTable) -> tuple[Decimal | None, Decimal | None]:
    """人员经费 = 301 + 303 and 公用经费 = the other printed economic 类 (None without 类 rows)."""
    cls: dict[str, Decimal] = {}
    for code in t.codes():
        if len(code) == 3 and code[0] == "3":
            c = next((x for x in t.row_cells(code) if x.value is not None and not x.ambiguous), None)
            if c is not None:
                cls[code] = c.value  # type: ignore[assignment]
    if not cls:
        return None, None
    pers = [v for k, v in cls.items() if k in ("301", "303")]
    pub = [v for k, v in cls.items() if k not in ("301", "303")]
    return (sum(pers, Decimal(0)) if pers else None), (sum(pub, Decimal(0)) if pub else None)
