"""The writers of the 说明 sections, one function per section id of the sentence templates.

``build`` walks the section ids of the sentence templates in their order and calls the writer
registered for each (``@writes("一")``); a template with a section no writer knows is an error
that names it. Every writer gets the same :class:`Context`: the ledger, the inputs, the rule set's
derived figures, the :class:`~govbudget.narrative._writer.Writer` that formats and records each
figure, and the table references of the table template.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..ledger import Fund, Ledger, SpendType
from ..money import ZERO
from ._model import PRIOR_KEYS, NarrativeError, NarrativeInputs, NarrativeTerm
from ._refs import Refs
from ._writer import Writer, fill

if TYPE_CHECKING:  # pragma: no cover
    from ..rules import RuleSet

_FISCAL = (Fund.GENERAL, Fund.GOV_FUND, Fund.STATE_CAPITAL)
_INCOME_PARTS = (
    ("财政拨款收入", _FISCAL),
    ("上级补助收入", (Fund.HIGHER,)),
    ("事业收入", (Fund.OPERATIONS,)),
    ("经营收入", (Fund.BUSINESS,)),
    ("附属单位上缴收入", (Fund.AFFILIATED,)),
    ("其他收入", (Fund.OTHER,)),
)
#: 公开09 column figure of each 三公 key
_THREE_PUBLIC_KEYS = ("total", "abroad", "vehicle", "vehicle_purchase", "vehicle_running", "reception")

Writer_ = Callable[["Context"], str]
_WRITERS: dict[str, Writer_] = {}


def writes(section_id: str) -> Callable[[Writer_], Writer_]:
    """Register the writer of section ``section_id``."""

    def register(fn: Writer_) -> Writer_:
        _WRITERS[section_id] = fn
        return fn

    return register


def writer_ids() -> tuple[str, ...]:
    """The section ids a sentence template may use."""
    return tuple(_WRITERS)


class Context:
    """What every section writer reads: the ledger, inputs, rule set, writer and references."""

    def __init__(self, ledger: Ledger, inputs: NarrativeInputs, tpl: Mapping[str, Any], rs: RuleSet,
                 zero_base: str, refs: Refs) -> None:
        self.ledger, self.inputs, self.tpl, self.rs, self.zero_base, self.refs = ledger, inputs, tpl, rs, zero_base, refs
        self.sec = tpl["sections"]
        self.year = ledger.year
        self.budgets = ledger.budgets
        self.prior = ledger.budgets.prior
        self.w = Writer(tpl, zero_base, inputs.reasons, inputs.missing_reason)
        self.w.code_name = lambda code: ledger.name_of(code, scheme="functional")

    def fill(self, template: str, **values: Any) -> str:
        return fill(template, {"Y": self.year, **values})

    def join(self, parts: list[str]) -> str:
        return self.tpl["meta"]["clause_separator"].join(parts)

    def missing(self, where: str, what: str, how: str = "the clause is left out") -> None:
        self.w.warnings.add(f"{what} not supplied; {how}", where)

    # ----------------------------------------------------------------------- totals
    @cached_property
    def income_total(self) -> Decimal:
        return sum((self.ledger.income_total(fund=f) for f in Fund if f is not Fund.NONFISCAL_BALANCE), ZERO)

    @cached_property
    def grand_total(self) -> Decimal:
        led = self.ledger
        return self.income_total + led.income_total(fund=Fund.NONFISCAL_BALANCE) + led.balances.opening_total()

    @cached_property
    def spending(self) -> Decimal:
        return self.ledger.total()

    @cached_property
    def general(self) -> Decimal:
        return self.ledger.total(fund=Fund.GENERAL)

    @cached_property
    def basic(self) -> Decimal:
        return self.ledger.total(fund=Fund.GENERAL, spend_type=SpendType.BASIC)

    @cached_property
    def project(self) -> Decimal:
        return self.ledger.total(fund=Fund.GENERAL, spend_type=SpendType.PROJECT)

    @cached_property
    def general_items(self) -> list[str]:
        """The 项 of 说明五（三）: those with 一般公共预算 spending and those with a 年初预算."""
        led = self.ledger
        return sorted({p.functional for p in led.select(fund=Fund.GENERAL) if p.functional} | set(self.budgets.initial))

    @cached_property
    def initial_total(self) -> Decimal | None:
        """年初预算 total: stated, else the sum of the 项 budgets when every 项 has one, else not
        supplied (``None``): a total over parts with a part unknown is not a figure."""
        b = self.budgets
        if b.initial_total is not None:
            return b.initial_total
        if not b.initial or any(code not in b.initial for code in self.general_items):
            return None
        return b.initial_sum()

    @cached_property
    def figures(self) -> dict[str, Any]:
        return _derived(self.ledger, self.rs, self.zero_base, self.inputs)

    @cached_property
    def three_public(self) -> dict[str, dict[str, Decimal | None]]:
        """The 三公 figures by key: ``actual``, ``budget`` (``None``: not stated) and ``prior``."""
        tp = self.figures["three_public"]
        act: dict[str, Decimal | None] = {k: c.value for k, c in tp.components.items()}
        act["total"] = tp.value or ZERO
        stated: dict[str, Decimal | None] = {k: c.budget for k, c in tp.components.items()}
        stated["total"] = tp.budget
        pri: dict[str, Decimal | None] = {k: self.prior.get(k, c.prior) for k, c in tp.components.items()}
        if "vehicle" not in self.prior and (pri["vehicle_purchase"] is not None
                                            or pri["vehicle_running"] is not None):
            pri["vehicle"] = (pri["vehicle_purchase"] or ZERO) + (pri["vehicle_running"] or ZERO)
        pri["total"] = tp.prior
        return {"actual": act, "budget": stated, "prior": pri}

    @cached_property
    def procurement_total(self) -> Decimal | None:
        pf = self.figures["procurement"]
        if pf is None:
            return None
        return ZERO if pf.value is None else pf.value


def _derived(ledger: Ledger, rs: RuleSet, zero_base: str, inputs: NarrativeInputs) -> dict[str, Any]:
    """人员/公用经费, 机关运行经费, 三公, 一般性支出 and 政府采购 by the rule set (govbudget.rules).

    政府采购 is ``None`` when no :class:`~govbudget.rules.Procurement` was supplied (in the inputs
    or in ``ledger.extras``): the rule would raise :class:`~govbudget.rules.MissingInputError`.
    """
    from ..rules import MissingInputError

    given: dict[str, Any] = {}
    if inputs.procurement is not None:
        given["procurement"] = inputs.procurement
    if inputs.festival is not None:
        given["festivals"] = inputs.festival
    out: dict[str, Any] = {rid: rs.compute(ledger, rid, inputs=given, zero_base=zero_base)
                           for rid in ("personnel", "public", "organ_costs", "three_public", "general_spending")}
    try:
        out["procurement"] = rs.compute(ledger, "procurement", inputs=given, zero_base=zero_base)
    except MissingInputError:
        out["procurement"] = None
    # the rule's part ≤ whole checks (X15: 中小企业 ≤ 总额 per type and overall, 小微 ≤ 中小企业)
    out["procurement_findings"] = [] if out["procurement"] is None else rs.check(ledger, "procurement", inputs=given)
    return out


def build(ctx: Context, section_ids: list[str]) -> list[tuple[str, str, str]]:
    """(id, heading, text) of each section, in the order of the sentence templates."""
    unknown = [s for s in section_ids if s not in _WRITERS]
    if unknown:
        raise NarrativeError(f"sentence templates: no writer for section {', '.join(unknown)}; "
                             f"sections govbudget writes: {', '.join(_WRITERS)}")
    return [(sid, ctx.fill(ctx.sec[sid]["heading"]), _WRITERS[sid](ctx)) for sid in section_ids]


def _prior_label(key: str) -> str:
    return PRIOR_KEYS[key]


# ------------------------------------------------------------------------------------ 一 … 四
@writes("一")
def _overall(ctx: Context) -> str:
    s, w = "一", ctx.w
    return ctx.fill(ctx.sec[s]["text"],
                    total=w.amount(s, "收支总计", ctx.grand_total, ctx.refs.cell("summary", "总计", side="income")),
                    change=w.change(s, "", ctx.grand_total, ctx.prior.get("total"), _prior_label("total")),
                    reason=w.change_reason(s, ctx.prior.get("total")))


@writes("二")
def _income(ctx: Context) -> str:
    s, w = "二", ctx.w
    parts = []
    for name, funds in _INCOME_PARTS:
        amount = ctx.ledger.income_total(fund=funds)
        parts.append(ctx.fill(ctx.sec[s]["part"], name=name, amount=w.amount(s, name, amount),
                              share=w.share(s, f"{name}占比", amount, ctx.income_total, "收入合计")))
    source = ctx.refs.cell("summary", "本年收入合计", side="income")
    return ctx.fill(ctx.sec[s]["text"], income=w.amount(s, "收入合计", ctx.income_total, source), parts=ctx.join(parts))


@writes("三")
def _spending(ctx: Context) -> str:
    s, w = "三", ctx.w
    parts = []
    for st in SpendType:
        amount = ctx.ledger.total(spend_type=st)
        parts.append(ctx.fill(ctx.sec[s]["part"], name=st.value, amount=w.amount(s, st.value, amount),
                              share=w.share(s, f"{st.value}占比", amount, ctx.spending, "支出合计")))
    source = ctx.refs.cell("summary", "本年支出合计", side="expenditure")
    return ctx.fill(ctx.sec[s]["text"], spending=w.amount(s, "支出合计", ctx.spending, source), parts=ctx.join(parts))


@writes("四")
def _fiscal(ctx: Context) -> str:
    s, w, led = "四", ctx.w, ctx.ledger
    total = led.income_total(fund=_FISCAL) + led.balances.opening_total(fiscal_only=True)
    return ctx.fill(ctx.sec[s]["text"],
                    total=w.amount(s, "财政拨款收支总计", total, ctx.refs.cell("fiscal_summary", "总计", side="income")),
                    change=w.change(s, "", total, ctx.prior.get("fiscal_total"), _prior_label("fiscal_total")),
                    reason=w.change_reason(s, ctx.prior.get("fiscal_total")))


# ------------------------------------------------------------------------------------ 五
def _general_source(ctx: Context, row: str = "合计", **column: Any) -> str:
    return ctx.refs.cell("general", row, **(column or {"key": "c1"}))


@writes("五")
def _general(ctx: Context) -> str:
    s5 = ctx.sec["五"]
    return "\n\n".join([s5["overall_heading"], _general_overall(ctx), s5["structure_heading"],
                        _general_structure(ctx), s5["detail_heading"], *_general_detail(ctx)])


def _general_overall(ctx: Context) -> str:
    s, w = "五（一）", ctx.w
    return ctx.fill(ctx.sec["五"]["overall"],
                    general=w.amount(s, "一般公共预算财政拨款支出", ctx.general, _general_source(ctx)),
                    share=w.share(s, "占本年支出合计", ctx.general, ctx.spending, "本年支出合计"),
                    change=w.change(s, "", ctx.general, ctx.prior.get("general"), _prior_label("general")),
                    reason=w.change_reason(s, ctx.prior.get("general")))


def _general_structure(ctx: Context) -> str:
    s, w, led, s5 = "五（二）", ctx.w, ctx.ledger, ctx.sec["五"]
    classes = sorted({led.chain(p.functional)[-1] for p in led.select(fund=Fund.GENERAL) if p.functional})
    parts = []
    for code in classes:
        amount = led.total(functional=code, fund=Fund.GENERAL)
        name = led.name_of(code, scheme="functional") or code
        parts.append(ctx.fill(s5["structure_part"], name=name,
                              amount=w.amount(s, name, amount, _general_source(ctx, code)),
                              share=w.share(s, f"{name}占比", amount, ctx.general, "一般公共预算财政拨款支出")))
    if not parts:
        return ctx.fill(s5["structure_none"])
    return ctx.fill(s5["structure"], parts=ctx.join(parts),
                    general=w.amount(s, "一般公共预算财政拨款支出", ctx.general, _general_source(ctx)))


def _general_detail(ctx: Context) -> list[str]:
    s, w, s5, budgets = "五（三）", ctx.w, ctx.sec["五"], ctx.budgets
    items = ctx.general_items
    if ctx.initial_total is None and budgets.initial:
        ctx.missing(s, "年初预算 total (Budgets.initial_total; Budgets.initial lacks some 项)",
                    "the total is a placeholder, with no completion rate")
    elif ctx.initial_total is None:
        ctx.missing(s, "年初预算 (Budgets.initial / initial_total)", "placeholders are printed")
    lines = [ctx.fill(s5["detail"], budget=w.amount(s, "年初预算", ctx.initial_total),
                      general=w.amount(s, "支出决算", ctx.general, _general_source(ctx)),
                      completion=w.completion(s, "完成年初预算", ctx.general, ctx.initial_total, "年初预算"),
                      items_intro=s5["items_intro"] if items else "")]
    for n, code in enumerate(items, start=1):
        lines.append(_general_item(ctx, n, code))
    return lines


def _general_item(ctx: Context, n: int, code: str) -> str:
    s, w, led, s5 = "五（三）", ctx.w, ctx.ledger, ctx.sec["五"]
    subject = "".join(f"{led.name_of(c, scheme='functional') or c}（{lvl}）"
                      for c, lvl in zip(reversed(led.chain(code)), ("类", "款", "项"), strict=False))
    w.terms.append(NarrativeTerm(section=s, label=f"{code} 科目", text=subject))
    actual = led.total(functional=code, fund=Fund.GENERAL)
    budget = ctx.budgets.initial.get(code)
    if budget is None:
        w.warnings.add("no 年初预算 for the 项; a placeholder is printed and no comparison", w.place(f"五（三）.{code}"))
    values = dict(n=n, subject=subject, budget=w.amount(s, f"{code} 年初预算", budget, missing="年初预算"),
                  actual=w.amount(s, f"{code} 支出决算", actual, _general_source(ctx, code)),
                  completion=w.completion(s, f"{code} 完成年初预算", actual, budget, "年初预算"))
    if budget is None:
        return ctx.fill(s5["item_unknown"], **values)
    if actual == budget:
        return ctx.fill(s5["item_equal"], **values)
    return ctx.fill(s5["item"], comparison=w.comparison(actual, budget), reason=w.reason(f"五（三）.{code}"), **values)


# ------------------------------------------------------------------------------------ 六
@writes("六")
def _basic(ctx: Context) -> str:
    """The class lists are the personnel / public rules' economic codes; the 款 named are the
    non-zero ones among the postings each rule counted, in code order."""
    s, w, f = "六", ctx.w, ctx.figures
    personnel = f["personnel"].value or ZERO
    public = f["public"].value or ZERO

    def names(fig: Any) -> str:
        sums: dict[str, Decimal] = {}
        for p in fig.postings:
            if p.economic and len(p.economic) == 5:
                sums[p.economic] = sums.get(p.economic, ZERO) + p.amount
        listed = ctx.tpl["meta"]["list_separator"].join(
            ctx.ledger.name_of(c, scheme="economic") or c for c in sorted(sums) if sums[c])
        return ctx.fill(ctx.sec[s]["items"], names=listed) if listed else ""

    return ctx.fill(ctx.sec[s]["text"],
                    basic=w.amount(s, "基本支出", ctx.basic, _general_source(ctx, spend_type="基本支出")),
                    personnel=w.amount(s, "人员经费", personnel, ctx.refs.cell("general_basic", "人员经费合计")),
                    personnel_share=w.share(s, "人员经费占比", personnel, ctx.basic, "基本支出"),
                    personnel_items=names(f["personnel"]),
                    public=w.amount(s, "公用经费", public, ctx.refs.cell("general_basic", "公用经费合计")),
                    public_share=w.share(s, "公用经费占比", public, ctx.basic, "基本支出"),
                    public_items=names(f["public"]))
