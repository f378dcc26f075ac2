"""Build a :class:`govbudget.Ledger` from a report's leaf rows, with the unit kind the report states.

>>> from govbudget.reader import read_report
>>> rep = read_report(text="支出决算表\\n金额单位：万元\\n科目代码\\t科目名称\\t本年支出合计\\t基本支出\\t项目支出\\n"
...                        "2010499\\t其他\\t2.00\\t\\t2.00\\n")
>>> to_ledger(rep).total(functional="2010499")
Decimal('20000.00')
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..money import D, to_yuan
from ._model import norm

if TYPE_CHECKING:  # pragma: no cover
    from . import PublishedReport

__all__ = ["detect_unit_kind", "to_ledger"]

# "本单位为财政补助事业单位" — the unit describing itself (definitions such as
# "机关运行经费是指行政单位和参照公务员法管理的事业单位…" do not match)
_SELF = re.compile(
    r"本(?:单位|部门|中心|局|委|办|院|所|馆|站|队)(?:为|是|系|属于?)(?:[^，。；、]{0,8}?)"
    r"(参照公务员法管理的?事业单位|参公(?:事业)?单位|财政补助事业单位|公益一类事业单位|公益二类事业单位|"
    r"行政单位|行政机关|事业单位)"
)
# "本部门中，行政单位1家，参公单位1家" — a department listing its units by kind
_COUNT = re.compile(r"(行政单位|参公(?:事业)?单位|参照公务员法管理的事业单位|事业单位)\s*(\d+)\s*家")


def detect_unit_kind(text: str):
    """The :class:`govbudget.UnitKind` a report states for itself, and the words that say so.

    A department made of units of different kinds is ``UnitKind.OTHER``; so is a report
    that does not say.

    >>> detect_unit_kind("本单位为财政补助事业单位，不属于机关运行经费适用范围。")
    (<UnitKind.FISCAL_SUPPORTED: '财政补助事业单位'>, '本单位为财政补助事业单位')
    >>> detect_unit_kind("本部门中，行政单位1家，参公单位1家。")[0]
    <UnitKind.OTHER: '其他'>
    >>> detect_unit_kind("机关运行经费是指行政单位和参照公务员法管理的事业单位使用…")
    (<UnitKind.OTHER: '其他'>, None)
    """
    import govbudget as gb

    flat = re.sub(r"\s+", "", text)
    kinds = {
        "行政单位": gb.UnitKind.ADMIN, "行政机关": gb.UnitKind.ADMIN,
        "财政补助事业单位": gb.UnitKind.FISCAL_SUPPORTED, "公益一类事业单位": gb.UnitKind.PUBLIC_WELFARE_1,
        "公益二类事业单位": gb.UnitKind.PUBLIC_WELFARE_2, "事业单位": gb.UnitKind.INSTITUTION,
    }
    m = _SELF.search(flat)
    if m:
        word = m.group(1)
        kind = gb.UnitKind.CIVIL_SERVICE_MANAGED if ("参公" in word or "参照" in word) else kinds[word]
        return kind, m.group(0)
    counts: dict[str, int] = {}
    evidence = []
    for m in _COUNT.finditer(flat):
        key = "参公" if ("参公" in m.group(1) or "参照" in m.group(1)) else m.group(1)
        counts[key] = counts.get(key, 0) + int(m.group(2))
        evidence.append(m.group(0))
    present = [k for k, n in counts.items() if n > 0]
    if len(present) == 1:
        kind = {"行政单位": gb.UnitKind.ADMIN, "参公": gb.UnitKind.CIVIL_SERVICE_MANAGED,
                "事业单位": gb.UnitKind.INSTITUTION}[present[0]]
        return kind, "，".join(evidence)
    return gb.UnitKind.OTHER, ("，".join(evidence) or None)


def to_ledger(rep: PublishedReport):
    """Post 基本/项目 spending by functional leaf (公开03 or 05) and basic spending by economic leaf.

    The ledger's unit kind is :meth:`PublishedReport.unit_kind` (``UnitKind.OTHER`` when the
    report does not state it).
    """
    import govbudget as gb

    unit = gb.Unit(rep.unit or "未知单位", rep.unit_kind)
    led = gb.Ledger(unit, rep.year or 2024, accept_attested=True)

    def yuan(v, t):
        return to_yuan(v) if (t.amount_unit or rep.amount_unit) == "万元" else D(v)

    ft = rep.table("expenditure") if rep.table("expenditure") and rep.table("expenditure").codes() else (
        rep.table("general_budget_expenditure"))
    if ft is not None:
        codes = ft.codes()
        for code in codes:
            if any(k != code and k.startswith(code) for k in codes):
                continue
            cells = ft.row_cells(code)
            split = [(c, gb.SpendType.BASIC if "基本" in norm(c.column) else gb.SpendType.PROJECT)
                     for c in cells if c.value is not None and ("基本支出" in norm(c.column) or "项目支出" in norm(c.column))]
            if split:
                for c, st in split:
                    led.spend(yuan(c.value, ft), functional=code, spend_type=st)
            elif cells and cells[0].value is not None:
                led.spend(yuan(cells[0].value, ft), functional=code)
    bt = rep.table("general_budget_basic") or rep.table("fiscal_basic")
    if bt is not None:
        codes = bt.codes()
        for code in codes:
            if len(code) != 5:
                continue
            c = bt.get(code)
            if c is not None and c.value:
                led.spend(yuan(c.value, bt), economic=code, spend_type=gb.SpendType.BASIC)
    return led
