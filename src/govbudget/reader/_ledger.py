"""Build a :class:`govbudget.Ledger` from a report's leaf rows.

>>> from govbudget.reader import read_report
>>> rep = read_report(text="支出决算表\\n金额单位：万元\\n科目代码\\t科目名称\\t本年支出合计\\t基本支出\\t项目支出\\n"
...                        "2010499\\t其他\\t2.00\\t\\t2.00\\n")
>>> to_ledger(rep).total(functional="2010499")
Decimal('20000.00')
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..money import D, to_yuan
from ._model import norm

if TYPE_CHECKING:  # pragma: no cover
    from . import PublishedReport

__all__ = ["to_ledger"]


def to_ledger(rep: PublishedReport):
    """Post 基本/项目 spending by functional leaf (公开03 or 05) and basic spending by economic leaf."""
    import govbudget as gb

    unit = gb.Unit(rep.unit or "未知单位", gb.UnitKind.parse("行政")) if _has_kind() else gb.Unit(rep.unit or "?")
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


def _has_kind() -> bool:
    return False
