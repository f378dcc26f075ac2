"""Build a :class:`govbudget.Ledger` from a report's leaf rows, with the unit kind the report states.

>>> from govbudget.reader import read_report
>>> rep = read_report(text="支出决算表\\n金额单位：万元\\n科目代码\\t科目名称\\t本年支出合计\\t基本支出\\t项目支出\\n"
...                        "2010499\\t其他\\t2.00\\t\\t2.00\\n")
>>> to_ledger(rep, year=2024).total(functional="2010499")
Decimal('20000.00')
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..money import D, to_yuan
from ._model import norm

if TYPE_CHECKING:  # pragma: no cover
    from . import PublishedReport

__all__ = ["build_ledger", "detect_unit_kind", "to_ledger"]

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


_INCOME_FUNDS = (
    ("一般公共预算", "GENERAL"), ("政府性基金", "GOV_FUND"), ("国有资本经营", "STATE_CAPITAL"),
    ("上级补助", "HIGHER"), ("事业收入", "OPERATIONS"), ("经营收入", "BUSINESS"), ("附属单位上缴", "AFFILIATED"),
    ("其他收入", "OTHER"), ("其他资金", "OTHER"),
)
_SPEND_COLUMNS = (("基本支出", "BASIC"), ("项目支出", "PROJECT"), ("上缴上级支出", "REMIT"),
                  ("经营支出", "BUSINESS"), ("对附属单位补助支出", "SUBSIDY"))


def build_ledger(rep: PublishedReport, *, year: int | None = None):
    r"""(ledger, notes): what :func:`to_ledger` posts and, in ``notes``, what it could not post.

    Spending by functional leaf is posted with the spend type its table prints (基本/项目/…
    columns). A leaf printed with a single amount (a 财政拨款支出表 without the split) is not
    posted: its spend type is unknown, and the note says so with the amount. Basic spending by
    economic 款 is posted as 基本支出. Income is posted by fund from the 收支总表 (其他资金 as
    其他收入). Rows that the ledger refuses are all listed in the notes (none is skipped silently).

    >>> from govbudget.reader import read_report
    >>> rep = read_report(text="财政拨款支出预算表\n单位：万元\n功能科目代码\t功能科目名称\t金额\n"
    ...                        "2010201\t行政运行\t1.00\n")
    >>> led, notes = build_ledger(rep, year=2018)
    >>> led.total(), notes
    (Decimal('0.00'), ['2010201 行政运行 1.00 万元：表中未分基本支出/项目支出，支出性质未知，未入账。'])
    """
    import govbudget as gb

    from ..errors import LedgerError

    year = year or rep.year
    if year is None:
        raise LedgerError("the report states no year: pass year= to build its ledger")
    post = _Poster(rep, gb.Ledger(gb.Unit(rep.unit or "未知单位", rep.unit_kind), year, unknown_codes="learn"))
    _post_functional(post)
    _post_economic(post)
    _post_income(post)
    return post.ledger, post.notes


def to_ledger(rep: PublishedReport, *, year: int | None = None):
    """The ledger of :func:`build_ledger` (its notes are :meth:`PublishedReport.ledger_notes`).

    The ledger's unit kind is :meth:`PublishedReport.unit_kind` (``UnitKind.OTHER`` when the
    report does not state it).
    """
    return build_ledger(rep, year=year)[0]


class _Poster:
    """Posts amounts of one report into its ledger; what the ledger refuses becomes a note."""

    def __init__(self, rep: PublishedReport, ledger) -> None:
        self.rep, self.ledger, self.notes = rep, ledger, []

    def yuan(self, value, table):
        """A printed amount of ``table`` in 元 (万元 tables are converted exactly)."""
        return to_yuan(value) if (table.amount_unit or self.rep.amount_unit) == "万元" else D(value)

    def __call__(self, what: str, fn, *args, **kw) -> None:
        import govbudget as gb

        try:
            fn(*args, **kw)
        except gb.GovBudgetError as exc:
            self.notes.append(f"{what}：未能入账（{exc}）。")


def _post_functional(post: _Poster) -> None:
    """Functional leaves by the spend type of their column; a leaf without the split is a note."""
    import govbudget as gb

    rep = post.rep
    exp = rep.table("expenditure")
    ft = exp if exp is not None and exp.codes() else (
        rep.table("general_budget_expenditure") or rep.table("fiscal_expenditure"))
    if ft is None:
        return
    codes = ft.codes()
    for code in codes:
        if any(k != code and k.startswith(code) for k in codes):
            continue
        cells = [c for c in ft.row_cells(code) if c.value is not None]
        split = []
        for c in cells:
            last = norm(c.column).split("/")[-1]
            st = next((v for k, v in _SPEND_COLUMNS if k == last), None)
            if st is not None:
                split.append((c, st))
        if split:
            for c, st in split:
                if c.value:
                    post(f"{ft.number or ft.title} {code} {c.column}", post.ledger.spend, post.yuan(c.value, ft),
                         functional=code, spend_type=getattr(gb.SpendType, st))
        elif cells:
            c = cells[0]
            post.notes.append(f"{code} {c.row_label} {c.raw} {ft.amount_unit or rep.amount_unit or ''}："
                              "表中未分基本支出/项目支出，支出性质未知，未入账。")


def _post_economic(post: _Poster) -> None:
    """Basic spending by economic 款."""
    import govbudget as gb

    bt = post.rep.table("general_budget_basic") or post.rep.table("fiscal_basic")
    if bt is None:
        return
    for code in bt.codes():
        if len(code) != 5:
            continue
        c = bt.get(code)
        if c is not None and c.value:
            post(f"{bt.number or bt.title} {code}", post.ledger.spend, post.yuan(c.value, bt), economic=code,
                 spend_type=gb.SpendType.BASIC)


def _post_income(post: _Poster) -> None:
    """Income by fund from the 收支总表 (其他资金 as 其他收入); an unknown source is a note."""
    import govbudget as gb

    from ._shape import _sides

    summ = post.rep.table("income_expenditure_summary")
    if summ is None:
        return
    s = _sides(summ)
    end = next((c.line for c in s.left if norm(c.row_label).startswith(("本年收入合计", "当年收入小计",
                                                                        "本年收入小计", "收入合计"))), None)
    for c in s.left:
        if end is not None and c.line >= end:
            break
        lab = norm(c.row_label)
        fund = next((f for k, f in _INCOME_FUNDS if k in lab), None)
        if c.value and fund is not None:
            post(f"{summ.number or summ.title} {c.row_label}", post.ledger.receive, post.yuan(c.value, summ),
                 fund=getattr(gb.Fund, fund))
        elif c.value and not re.search("财政拨款$|财政拨款收入$", lab):
            post.notes.append(f"{c.row_label} {c.raw}：收入来源无法对应到资金类别，未入账。")
