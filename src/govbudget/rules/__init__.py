"""Derived figures as rules: 人员经费, 公用经费, 机关运行经费, 三公经费, 一般性支出, 政府采购.

What lives here: the rule engine. The rules themselves are data, one TOML file per template
and year next to this module (``hunan-2024.toml``, ``central-2024.toml``, ``central-2019.toml``).
A rule names the economic codes, funds, spending types, carried-over flag and unit kinds it
sums, its components, the budget and prior-year figures it is compared with, and the source
it implements. The engine knows a small closed set of operations (sum postings under codes,
read a declared input, add components, rate and part ≤ whole comparisons) and no template.

Main entry points: :func:`ruleset` (a shipped template), :func:`load_ruleset` (a file of your
own), :meth:`RuleSet.compute` and :meth:`RuleSet.evaluate` (→ :class:`DerivedFigure`),
:meth:`RuleSet.check` (→ reconcile ``Finding`` values). Tests: ``tests/test_rules.py``.

>>> import govbudget as gb
>>> led = gb.Ledger(gb.Unit("示例局", "行政单位"), 2024)
>>> _ = led.spend("69000", economic="30212")
>>> _ = led.spend("5600", economic="30217", spend_type="项目支出")
>>> fig = gb.ruleset("hunan", year=2024).compute(led, "three_public")
>>> fig.value, fig.wan, fig.components["abroad"].wan
(Decimal('74600.00'), Decimal('7.46'), Decimal('6.90'))
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from functools import cache
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from .._accounts import Budgets, Fund, Posting, SpendType, Unit, UnitKind, ledger_amount
from .._ids import split_id
from ..classification import check_code
from ..errors import DataFileError, GovBudgetError, LedgerError
from ..money import ZERO, D, format_amount, to_wan
from ..rates import ZERO_BASE_POLICIES, Rate, change, completion, share

if TYPE_CHECKING:  # pragma: no cover
    from ..ledger import Ledger

__all__ = [
    "CheckSpec",
    "Component",
    "ComponentSpec",
    "DerivedFigure",
    "MissingInputError",
    "Procurement",
    "Rule",
    "RuleError",
    "RuleSet",
    "UnknownRuleError",
    "available_rulesets",
    "load_ruleset",
    "ruleset",
]


# ---------------------------------------------------------------------------------------- errors
class RuleError(GovBudgetError, ValueError):
    """A rules API call that cannot be carried out as asked (a bad parameter, an unknown unit).

    >>> import govbudget as gb
    >>> try:
    ...     gb.ruleset("hunan", year=2024).compute(gb.Ledger("某单位", 2024), "personnel", funds=["税收"])
    ... except gb.RuleError as e:
    ...     print(e)  # doctest: +ELLIPSIS
    rule 'personnel': funds: '税收' is not a fund; expected one of: 一般公共预算财政拨款, ...
    """


class UnknownRuleError(GovBudgetError, LookupError):
    """A template, year or rule id that does not exist; the message lists what does.

    >>> import govbudget as gb
    >>> try:
    ...     gb.ruleset("hunan", year=1999)
    ... except LookupError as e:
    ...     print(e)
    no rule set for template 'hunan' year 1999; shipped: central 2019, central 2024, hunan 2024
    """


class MissingInputError(GovBudgetError, LookupError):
    """A rule needs an input (e.g. the 政府采购 record) that was neither passed nor in ``ledger.extras``.

    >>> import govbudget as gb
    >>> try:
    ...     gb.ruleset("hunan", year=2024).compute(gb.Ledger("某单位", 2024), "procurement")
    ... except gb.MissingInputError as e:
    ...     print(e)  # doctest: +ELLIPSIS
    rule 'procurement' component 'goods' needs the input 'procurement.goods': ...
    """


# ---------------------------------------------------------------------------------------- inputs


def _not_negative(_instance: Any, attribute: Any, value: Decimal) -> None:
    if value < 0:
        raise RuleError(f"Procurement.{attribute.name}: a contract amount is ≥ 0 元, found {value}")


def _yuan_of(name: str) -> Any:
    """Procurement amounts follow the ledger's rule (exact to the 分, 2 places); the error names the field."""

    def convert(value: Any) -> Decimal:
        try:
            return ledger_amount(value)
        except LedgerError as e:  # finer than a 分, or too large; a ParseError passes as it is
            raise LedgerError(f"Procurement.{name}: {e}") from e

    return convert


@attrs.frozen(kw_only=True)
class Procurement:
    """政府采购 contract figures of the year, in 元 (the input of the ``procurement`` rule).

    ``sme_*`` are the contract amounts awarded to 中小企业 per type; ``small_micro`` the part of
    them awarded to 小微企业. Pass it as ``inputs={"procurement": p}`` or put it in
    ``ledger.extras["procurement"]``. Amounts are ≥ 0; a 中小企业 amount above its type's total,
    or 小微 above 中小企业, is accepted here and reported by the ``procurement`` rule's X15 checks
    (:meth:`RuleSet.check`) and as a warning of :func:`~govbudget.build_narrative`.

    >>> p = Procurement(goods="277300", services="774600", sme_goods="277300",
    ...                 sme_services="774600", small_micro="851000")
    >>> p.total, p.sme
    (Decimal('1051900.00'), Decimal('1051900.00'))
    """

    goods: Decimal = attrs.field(default=ZERO, converter=_yuan_of("goods"), validator=_not_negative)
    works: Decimal = attrs.field(default=ZERO, converter=_yuan_of("works"), validator=_not_negative)
    services: Decimal = attrs.field(default=ZERO, converter=_yuan_of("services"), validator=_not_negative)
    sme_goods: Decimal = attrs.field(default=ZERO, converter=_yuan_of("sme_goods"), validator=_not_negative)
    sme_works: Decimal = attrs.field(default=ZERO, converter=_yuan_of("sme_works"), validator=_not_negative)
    sme_services: Decimal = attrs.field(default=ZERO, converter=_yuan_of("sme_services"), validator=_not_negative)
    small_micro: Decimal = attrs.field(default=ZERO, converter=_yuan_of("small_micro"), validator=_not_negative)

    @property
    def total(self) -> Decimal:
        """政府采购支出总额 = 货物 + 工程 + 服务."""
        return self.goods + self.works + self.services

    @property
    def sme(self) -> Decimal:
        """授予中小企业合同金额 = Σ per-type 中小企业 amounts."""
        return self.sme_goods + self.sme_works + self.sme_services


# ---------------------------------------------------------------------------------------- specs
_FISCAL_ALIASES = {"财政拨款", "FISCAL", "fiscal"}
_ALL = {"all", "全部", "any"}
_FISCAL_FUNDS = (Fund.GENERAL, Fund.GOV_FUND, Fund.STATE_CAPITAL)


def _names(value: Any, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise RuleError(f"{what}: expected a string or a list of strings, found {value!r}")


def _dedupe(items: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(items))


def _parse_funds(value: Any) -> tuple[Fund, ...] | None:
    if value is None or (isinstance(value, str) and value in _ALL):
        return None
    if isinstance(value, Fund):
        return (value,)
    out: list[Fund] = []
    for v in (value,) if isinstance(value, str) else tuple(value):
        if isinstance(v, str) and v in _FISCAL_ALIASES:
            out += _FISCAL_FUNDS
        else:
            try:
                out.append(Fund.parse(v))
            except GovBudgetError as e:
                raise RuleError(f"funds: {e}") from None
    return _dedupe(out)


def _parse_spend_types(value: Any) -> tuple[SpendType, ...] | None:
    if value is None or (isinstance(value, str) and value in _ALL):
        return None
    if isinstance(value, SpendType):
        return (value,)
    out = []
    for v in (value,) if isinstance(value, str) else tuple(value):
        try:
            out.append(SpendType.parse(v))
        except GovBudgetError as e:
            raise RuleError(f"spend_types: {e}") from None
    return _dedupe(out)


def _parse_unit_kinds(value: Any) -> tuple[UnitKind, ...] | None:
    if value is None or (isinstance(value, str) and value in _ALL):
        return None
    if isinstance(value, UnitKind):
        return (value,)
    out = []
    for v in (value,) if isinstance(value, str) else tuple(value):
        try:
            out.append(UnitKind.parse(v))
        except GovBudgetError as e:
            raise RuleError(f"unit_kinds: {e}") from None
    return _dedupe(out)


def _parse_carried(value: Any) -> bool | None:
    if value is None or value == "any":
        return None
    if value is True or value == "carried":
        return True
    if value is False or value == "current":
        return False
    raise RuleError(f"carried_over: expected 'any', 'current', 'carried' or a bool, found {value!r}")


def _parse_codes(value: Any, what: str = "economic") -> tuple[str, ...]:
    codes = _names(value, what)
    for c in codes:
        try:
            check_code(c, "economic")
        except GovBudgetError as e:
            raise RuleError(f"{what}: {e}") from None
    return codes


def _parse_budget(value: Any) -> str:
    if value not in _BUDGET_FIELDS:
        raise RuleError(f"budget {value!r} is not a Budgets field; expected one of {', '.join(_BUDGET_FIELDS)}")
    return str(value)


def _opt_str(value: Any) -> str | None:
    return None if value is None or value is False else str(value)


@attrs.frozen(kw_only=True)
class ComponentSpec:
    """One named part of a rule: economic codes, declared inputs, or a sum of other parts.

    ``share_of`` names the component (or ``"total"``, the rule's value) the part is printed as a
    share of; ``default`` is used when an input is not declared.

    >>> ComponentSpec(id="abroad", name="因公出国（境）费", economic=("30212",)).source_kind
    'economic'
    """

    id: str
    name: str
    economic: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    sum_of: tuple[str, ...] = ()
    share_of: str | None = None
    default: Decimal | None = attrs.field(default=None, converter=attrs.converters.optional(D))
    source: str = ""

    @property
    def source_kind(self) -> str:
        """Where the value comes from: ``"economic"``, ``"input"`` or ``"sum"``."""
        return "economic" if self.economic else "input" if self.inputs else "sum"


@attrs.frozen(kw_only=True)
class CheckSpec:
    """A part ≤ whole check attached to a rule.

    ``kind="le"``: component ``part`` ≤ component ``whole``. ``kind="within"``: for each listed
    component, the postings under its codes restricted to ``funds``/``spend_types`` (e.g. the
    一般公共预算 基本支出 of 公开06) ≤ the component itself.

    >>> CheckSpec(id="X15.sme", kind="le", part="sme", whole="total").kind
    'le'
    """

    id: str
    kind: str = attrs.field(validator=attrs.validators.in_(("le", "within")))
    part: str | None = None
    whole: str | None = None
    components: tuple[str, ...] = ()
    funds: tuple[Fund, ...] | None = None
    spend_types: tuple[SpendType, ...] | None = None
    where: str = ""
    source: str = ""


@attrs.frozen(kw_only=True)
class Rule:
    """One derived figure, as declared in a rule file.

    Selection (applies to every economic part): ``economic`` (when there are no components),
    ``funds`` / ``spend_types`` / ``carried_over`` (``None`` = any), ``unit_kinds`` (``None`` =
    every unit; otherwise only postings of units of these kinds count, and the figure is not
    applicable when the ledger has none). ``budget`` names a :class:`~govbudget.Budgets` field
    (keys: component ids and ``"total"``); ``prior`` is the key prefix in ``ledger.budgets.prior``
    (``prior[prefix]`` is the rule's prior-year value, ``prior[f"{prefix}.{component}"]`` a part's).

    >>> import govbudget as gb
    >>> r = gb.ruleset("hunan", year=2024)["organ_costs"]
    >>> r.economic, [k.value for k in r.unit_kinds]
    (('302', '307', '310', '399'), ['行政单位', '参照公务员法管理的事业单位'])
    """

    id: str
    name: str
    source: str
    section: str = ""
    economic: tuple[str, ...] = ()
    funds: tuple[Fund, ...] | None = None
    spend_types: tuple[SpendType, ...] | None = None
    carried_over: bool | None = None
    unit_kinds: tuple[UnitKind, ...] | None = None
    not_applicable: str = "本单位是{kinds}，不在{name}的统计范围内。"
    components: tuple[ComponentSpec, ...] = ()
    total: tuple[str, ...] = ()
    budget: str | None = None
    budget_basis: str = ""
    prior: str | None = None
    checks: tuple[CheckSpec, ...] = ()
    based_on: str | None = None

    def component(self, cid: str) -> ComponentSpec:
        """The component spec ``cid``; :class:`UnknownRuleError` lists the known ones."""
        for c in self.components:
            if c.id == cid:
                return c
        known = ", ".join(c.id for c in self.components) or "none"
        raise UnknownRuleError(f"rule {self.id!r} has no component {cid!r}; components: {known}")

    def adjusted(self, **changes: Any) -> Rule:
        """A copy with selection parameters changed, given as in rule files or as enum members.

        Accepted: ``economic``, ``funds``, ``spend_types``, ``carried_over``, ``unit_kinds``,
        ``budget`` (a :class:`~govbudget.Budgets` field, e.g. ``"three_public_initial"`` for the
        年初 三公 budget) and ``budget_basis``.

        >>> import govbudget as gb
        >>> r = gb.ruleset("hunan", year=2024)["personnel"].adjusted(funds="财政拨款", spend_types="all")
        >>> len(r.funds), r.spend_types
        (3, None)
        >>> gb.ruleset("hunan", year=2024)["three_public"].adjusted(budget="three_public_initial").budget
        'three_public_initial'
        """
        parsers = {
            "economic": _parse_codes,
            "funds": _parse_funds,
            "spend_types": _parse_spend_types,
            "carried_over": _parse_carried,
            "unit_kinds": _parse_unit_kinds,
            "budget": _parse_budget,
            "budget_basis": str,
        }
        out = {}
        for key, value in changes.items():
            if key not in parsers:
                raise RuleError(
                    f"rule {self.id!r}: cannot adjust {key!r}; expected one of {', '.join(parsers)}"
                )
            try:
                out[key] = parsers[key](value)
            except RuleError as e:
                raise RuleError(f"rule {self.id!r}: {e}") from None
        if "economic" in out and self.components:
            raise RuleError(f"rule {self.id!r} sums components; change their codes in the rule file instead")
        return attrs.evolve(self, **out)


# ---------------------------------------------------------------------------------------- results
def _wan(value: Decimal | None) -> Decimal | None:
    return None if value is None else to_wan(value)


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _rate_dict(rate: Rate | None) -> dict[str, Any] | None:
    if rate is None:
        return None
    return {
        "kind": rate.kind,
        "value": _dec(rate.value),
        "amount": str(rate.amount),
        "base": str(rate.base),
        "places": rate.places,
        "zero_base": rate.zero_base,
        "base_is_zero": rate.base_is_zero,
        "direction": rate.direction,
        "trend": rate.trend,
    }


@attrs.frozen(kw_only=True)
class Component:
    """A computed part of a derived figure (e.g. 三公 公务接待费), with its own comparisons.

    ``value`` is in 元; ``codes`` the economic codes (or ``inputs`` the declared inputs, or
    ``parts`` the component ids) it was made from; ``postings`` the ledger postings that made it.

    >>> import govbudget as gb
    >>> c = Component(id="reception", name="公务接待费", value=gb.D("5600"))
    >>> c.wan
    Decimal('0.56')
    """

    id: str
    name: str
    value: Decimal
    codes: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    postings: tuple[Posting, ...] = ()
    budget: Decimal | None = None
    prior: Decimal | None = None
    completion: Rate | None = None
    change: Rate | None = None
    share: Rate | None = None
    note: str = ""

    @property
    def wan(self) -> Decimal:
        """The value in 万元 as printed (half-up, 2 dp)."""
        return to_wan(self.value)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (Decimals as strings; postings counted, not listed)."""
        return {
            "id": self.id,
            "name": self.name,
            "value": str(self.value),
            "wan": str(self.wan),
            "codes": list(self.codes),
            "inputs": list(self.inputs),
            "parts": list(self.parts),
            "postings": len(self.postings),
            "budget": _dec(self.budget),
            "prior": _dec(self.prior),
            "completion": _rate_dict(self.completion),
            "change": _rate_dict(self.change),
            "share": _rate_dict(self.share),
            "note": self.note,
        }


@attrs.frozen(kw_only=True)
class DerivedFigure:
    """The value of one rule on one ledger, with everything needed to see how it was made.

    ``value`` is exact 元 (``None`` when the rule is not applicable, and then ``reason`` says
    why, in the template's words). ``components`` maps a component id to its :class:`Component`.
    ``completion`` compares with the budget the rule names, ``change`` with the prior year;
    both are :class:`~govbudget.rates.Rate` or ``None`` when that figure was not supplied.

    >>> import govbudget as gb
    >>> led = gb.Ledger(gb.Unit("某中心", "财政补助事业单位"), 2024)
    >>> fig = gb.ruleset("hunan", year=2024).compute(led, "organ_costs")
    >>> fig.applicable, fig.value, fig.reason
    (False, None, '本单位是财政补助事业单位，而机关运行经费只统计行政单位和参照公务员法管理的事业单位，本单位不在统计范围内。')
    """

    rule_id: str
    name: str
    value: Decimal | None
    applicable: bool = True
    reason: str = ""
    source: str = ""
    template: str = ""
    year: int | None = None
    components: dict[str, Component] = attrs.field(factory=dict, converter=dict)
    codes: tuple[str, ...] = ()
    postings: tuple[Posting, ...] = ()
    parameters: dict[str, Any] = attrs.field(factory=dict, converter=dict)
    units: dict[str, Decimal] = attrs.field(factory=dict, converter=dict)
    excluded_units: dict[str, str] = attrs.field(factory=dict, converter=dict)
    budget: Decimal | None = None
    budget_basis: str = ""
    prior: Decimal | None = None
    completion: Rate | None = None
    change: Rate | None = None
    notes: tuple[str, ...] = ()

    @property
    def wan(self) -> Decimal | None:
        """The value in 万元 as printed (half-up, 2 dp), or ``None`` when not applicable.

        >>> DerivedFigure(rule_id="x", name="x", value=D("1432000")).wan
        Decimal('143.20')
        """
        return _wan(self.value)

    def explain(self) -> str:
        """A readable multi-line account: value, scope, source, components, comparisons.

        >>> import govbudget as gb
        >>> led = gb.Ledger(gb.Unit("某中心", "财政补助事业单位"), 2024)
        >>> _ = led.spend("15000", economic="30215")
        >>> print(gb.ruleset("hunan", year=2024).compute(led, "general_spending").explain())
        ... # doctest: +ELLIPSIS
        一般性支出 [general_spending, hunan 2024] = 15000.00 元 (1.50 万元)
          口径: 资金 一般公共预算财政拨款、政府性基金预算财政拨款、国有资本经营预算财政拨款; 支出 基本支出、项目支出; 资金年度 当年 + 以前年度结转
          依据: 《株洲市长株潭一体化发展事务中心2024年度部门决算》说明十 一般性支出: ...
          - 会议费 [30215]: 15000.00 元 (1.50 万元), 1 笔
          - 培训费 [30216]: 0.00 元 (0.00 万元), 0 笔
          - 举办节庆、晚会、论坛、赛事活动 [input festivals]: 0.00 元 (0.00 万元); 未申报，按 0 计
        """
        head = f"{self.name} [{self.rule_id}, {self.template} {self.year}]"
        if not self.applicable:
            lines = [f"{head}: 不适用 — {self.reason}"]
        else:
            lines = [f"{head} = {_yuan(self.value)}"]
        p = self.parameters
        scope = []
        if "funds" in p:
            scope.append("资金 " + ("全部" if p["funds"] is None else "、".join(p["funds"])))
        if "spend_types" in p:
            scope.append("支出 " + ("全部" if p["spend_types"] is None else "、".join(p["spend_types"])))
        if "carried_over" in p:
            scope.append("资金年度 " + {None: "当年 + 以前年度结转", False: "当年", True: "以前年度结转"}[p["carried_over"]])
        if p.get("unit_kinds"):
            scope.append("单位类型 " + "、".join(p["unit_kinds"]))
        if scope:
            lines.append("  口径: " + "; ".join(scope))
        if self.source:
            lines.append(f"  依据: {self.source}")
        if self.codes and not self.components:
            lines.append(f"  科目: {', '.join(self.codes)}; {len(self.postings)} 笔")
        for name, amount in self.units.items():
            lines.append(f"  计入单位 {name}: {_yuan(amount)}")
        for name, kind in self.excluded_units.items():
            lines.append(f"  不计入单位 {name} ({kind})")
        for c in self.components.values():
            lines.append("  - " + _component_line(c))
        if self.budget is not None:
            rate = f", 完成率 {self.completion.text or '无'}" if self.completion else ""
            lines.append(f"  预算 ({self.budget_basis or '预算数'}): {_yuan(self.budget)}{rate}")
        if self.prior is not None and self.change is not None:
            lines.append(f"  上年: {_yuan(self.prior)}; {self.change.phrase()}")
        lines.extend(f"  注: {n}" for n in self.notes)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (Decimals as strings, rates as dicts, postings counted).

        >>> DerivedFigure(rule_id="x", name="x", value=None, applicable=False).to_dict()["wan"] is None
        True
        """
        return {
            "rule_id": self.rule_id,
            "name": self.name,
            "template": self.template,
            "year": self.year,
            "applicable": self.applicable,
            "reason": self.reason,
            "value": _dec(self.value),
            "wan": _dec(self.wan),
            "source": self.source,
            "codes": list(self.codes),
            "postings": len(self.postings),
            "parameters": dict(self.parameters),
            "units": {k: str(v) for k, v in self.units.items()},
            "excluded_units": dict(self.excluded_units),
            "components": {k: c.to_dict() for k, c in self.components.items()},
            "budget": _dec(self.budget),
            "budget_basis": self.budget_basis,
            "prior": _dec(self.prior),
            "completion": _rate_dict(self.completion),
            "change": _rate_dict(self.change),
            "notes": list(self.notes),
        }


def _yuan(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{format_amount(value, grouping=False)} 元 ({format_amount(to_wan(value), grouping=False)} 万元)"


def _component_line(c: Component) -> str:
    if c.codes:
        made = f"[{', '.join(c.codes)}]"
    elif c.inputs:
        made = f"[input {', '.join(c.inputs)}]"
    else:
        made = "= " + " + ".join(c.parts)
    text = f"{c.name} {made}: {_yuan(c.value)}"
    if c.codes:
        text += f", {len(c.postings)} 笔"
    extras = []
    if c.share is not None:
        extras.append(f"占比 {c.share.text or '无'}")
    if c.budget is not None:
        extras.append(f"预算 {format_amount(to_wan(c.budget), grouping=False)} 万元")
        if c.completion is not None:
            extras.append(f"完成率 {c.completion.text or '无'}")
    if c.change is not None:
        extras.append(f"比上年{c.change.phrase()}")
    if c.note:
        extras.append(c.note)
    return text + ("; " + ", ".join(extras) if extras else "")


#: prefix of a :attr:`DerivedFigure.notes` entry saying that a stated budget subtotal differs
#: from the sum of its stated parts (the stated figures are printed; the note flags them)
BUDGET_MISMATCH = "预算数与各项之和不符："


# ---------------------------------------------------------------------------------------- loading
_RULE_KEYS = {
    "id", "name", "source", "section", "economic", "funds", "spend_types", "carried_over", "unit_kinds",
    "not_applicable", "component", "total", "budget", "budget_basis", "prior", "check", "based_on", "remove",
}
_COMPONENT_KEYS = {"id", "name", "economic", "input", "sum_of", "share_of", "default", "source"}
_CHECK_KEYS = {"id", "kind", "part", "whole", "components", "funds", "spend_types", "where", "source"}
_SELECTION = ("economic", "funds", "spend_types", "carried_over")
_BUDGET_FIELDS = tuple(
    f.name for f in attrs.fields(Budgets) if f.name not in ("initial_total", "adjusted_total", "prior")
)


def _merge_by_id(base: list[dict], extra: list[dict]) -> list[dict]:
    out = [dict(x) for x in base]
    index = {x.get("id"): i for i, x in enumerate(out)}
    for item in extra:
        i = index.get(item.get("id"))
        if i is None:
            index[item.get("id")] = len(out)
            out.append(dict(item))
        else:
            merged = dict(out[i])
            for key, value in item.items():
                if key in ("component", "check"):
                    merged[key] = _merge_by_id(merged.get(key, []), value)
                else:
                    merged[key] = value
            out[i] = merged
    return [x for x in out if not x.get("remove")]


def _read_toml(path: Path | Any, label: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise DataFileError(label, [(None, f"cannot read: {e.strerror or e}")]) from e
    except UnicodeDecodeError as e:
        raise DataFileError(label, [(None, f"not UTF-8 text ({e.reason} at byte {e.start}); "
                                           "a rule file is UTF-8 TOML")]) from e
    except tomllib.TOMLDecodeError as e:
        raise DataFileError(label, [(getattr(e, "lineno", None), f"not valid TOML: {e}")]) from e
    except ValueError as e:  # after TOMLDecodeError (a ValueError too): e.g. a NUL character in the path
        raise DataFileError(label, [(None, f"cannot read: {e}")]) from e
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise DataFileError(label, [(None, f"extends must be a file stem such as 'hunan-2024', found {parent!r}")])
    if parent in seen:
        raise DataFileError(label, [(None, f"extends cycle: {' → '.join((*seen, parent))}")])
    ppath = _shipped_dir().joinpath(f"{parent}.toml")
    if not ppath.is_file():
        local = Path(str(path)).with_name(f"{parent}.toml") if isinstance(path, Path) else None
        if local is None or not local.is_file():
            raise DataFileError(label, [(None, f"extends {parent!r}: no such rule file (shipped: {_shipped_names()})")])
        ppath = local
    base = _read_toml(ppath, f"{parent}.toml", (*seen, parent))
    merged = {k: v for k, v in base.items() if k != "rule"}
    for key in ("template", "rates"):
        merged[key] = {**base.get(key, {}), **data.get(key, {})}
    for key, value in data.items():
        if key not in ("template", "rates", "rule"):
            merged[key] = value
    merged["rule"] = _merge_by_id(base.get("rule", []), data.get("rule", []))
    return merged


def _build(data: dict[str, Any], label: str, path: str = "") -> RuleSet:
    problems: list[tuple[int | None, str]] = []

    def bad(msg: str) -> None:
        problems.append((None, msg))

    template = data.get("template", {})
    rates = data.get("rates", {})
    tid, year = template.get("id"), template.get("year")
    if not isinstance(tid, str) or not tid:
        bad(f"[template] id must be a non-empty string, found {tid!r}")
    if not isinstance(year, int) or isinstance(year, bool):
        bad(f"[template] year must be an int such as 2024, found {year!r}")
    places = rates.get("places", 2)
    if not isinstance(places, int) or isinstance(places, bool) or not 0 <= places <= 6:
        bad(f"[rates] places must be an int from 0 to 6, found {places!r}")
    zero_base = rates.get("zero_base", "omit")
    if zero_base not in ZERO_BASE_POLICIES:
        bad(f"[rates] zero_base must be one of {', '.join(ZERO_BASE_POLICIES)}, found {zero_base!r}")

    raw_rules = data.get("rule", [])
    raw_by_id = {r.get("id"): r for r in raw_rules if isinstance(r, dict)}
    rules: dict[str, Rule] = {}
    for n, raw in enumerate(raw_rules, start=1):
        rid = raw.get("id") if isinstance(raw, dict) else None
        where = f"rule {rid!r}" if rid else f"rule #{n}"
        if not isinstance(raw, dict) or not isinstance(rid, str) or not rid:
            bad(f"{where}: needs an id (a non-empty string)")
            continue
        if rid in rules:
            bad(f"{where}: duplicate id")
            continue
        unknown = set(raw) - _RULE_KEYS
        if unknown:
            bad(f"{where}: unknown keys {sorted(unknown)}; expected some of {sorted(_RULE_KEYS)}")
        spec = dict(raw)
        base_id = spec.get("based_on")
        if base_id is not None:
            base = raw_by_id.get(base_id)
            if base is None or base_id == rid:
                bad(f"{where}: based_on {base_id!r} is not another rule of this file")
            else:
                for key in _SELECTION:
                    if key not in spec and key in base:
                        spec[key] = base[key]
        try:
            rules[rid] = _rule(spec, where)
        except (RuleError, GovBudgetError, TypeError) as e:
            bad(str(e))
    for r in rules.values():
        for c in r.checks:
            if c.kind == "within" and not r.components:
                bad(f"rule {r.id!r} check {c.id!r}: kind 'within' needs components")
    if problems:
        raise DataFileError(label, problems)
    return RuleSet(
        template=tid, year=year, title=template.get("title", ""), source=template.get("source", ""),
        places=places, zero_base=zero_base, rules=rules, path=path,
    )


def _rule(spec: dict[str, Any], where: str) -> Rule:
    rid = spec["id"]

    def field(key, parse, default=None):
        if key not in spec:
            return default
        try:
            return parse(spec[key])
        except RuleError as e:
            raise RuleError(f"{where}: {e}") from None

    for key in ("name", "source"):
        if not isinstance(spec.get(key), str) or not spec[key]:
            raise RuleError(f"{where}: needs a {key} (a non-empty string)")
    components = tuple(_component(c, f"{where} component #{i}") for i, c in enumerate(spec.get("component", []), 1))
    ids = [c.id for c in components]
    if len(set(ids)) != len(ids):
        raise RuleError(f"{where}: duplicate component ids in {ids}")
    known = set(ids) | {"total"}
    for c in components:
        for ref in (*c.sum_of, *((c.share_of,) if c.share_of else ())):
            if ref not in known or ref == c.id:
                raise RuleError(f"{where} component {c.id!r}: refers to {ref!r}; expected one of {sorted(known - {c.id})}")
    _no_cycles(components, where)
    total = field("total", lambda v: _names(v, "total"), ())
    for t in total:
        if t not in ids:
            raise RuleError(f"{where}: total names {t!r}, which is not a component ({', '.join(ids) or 'none'})")
    economic = field("economic", _parse_codes, ())
    if components and not total:
        raise RuleError(f"{where}: a rule with components needs a total (the component ids that add up to it)")
    if not components and not economic:
        raise RuleError(f"{where}: needs economic codes or components")
    if components and economic:
        raise RuleError(f"{where}: give either economic codes or components, not both")
    budget = field("budget", str)
    if budget is not None and budget not in _BUDGET_FIELDS:
        raise RuleError(f"{where}: budget {budget!r} is not a Budgets field; expected one of {', '.join(_BUDGET_FIELDS)}")
    checks = tuple(_check(c, f"{where} check #{i}", set(ids) | {"total"}) for i, c in enumerate(spec.get("check", []), 1))
    return Rule(
        id=rid,
        name=spec["name"],
        source=spec["source"],
        section=str(spec.get("section", "")),
        economic=economic,
        funds=field("funds", _parse_funds),
        spend_types=field("spend_types", _parse_spend_types),
        carried_over=field("carried_over", _parse_carried),
        unit_kinds=field("unit_kinds", _parse_unit_kinds),
        not_applicable=str(spec.get("not_applicable", Rule.__attrs_attrs__.not_applicable.default)),
        components=components,
        total=total,
        budget=budget,
        budget_basis=str(spec.get("budget_basis", "")),
        prior=_opt_str(spec.get("prior")),
        checks=checks,
        based_on=_opt_str(spec.get("based_on")),
    )


def _component(raw: Any, where: str) -> ComponentSpec:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise RuleError(f"{where}: needs an id (a non-empty string)")
    where = f"{where.rsplit(' #', 1)[0]} {raw['id']!r}"
    unknown = set(raw) - _COMPONENT_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown keys {sorted(unknown)}; expected some of {sorted(_COMPONENT_KEYS)}")
    sources = [k for k in ("economic", "input", "sum_of") if k in raw]
    if len(sources) != 1:
        raise RuleError(f"{where}: needs exactly one of economic, input, sum_of; found {sources or 'none'}")
    try:
        return ComponentSpec(
            id=raw["id"],
            name=str(raw.get("name", raw["id"])),
            economic=_parse_codes(raw["economic"]) if "economic" in raw else (),
            inputs=_names(raw["input"], "input") if "input" in raw else (),
            sum_of=_names(raw["sum_of"], "sum_of") if "sum_of" in raw else (),
            share_of=_opt_str(raw.get("share_of")),
            default=str(raw["default"]) if "default" in raw else None,
            source=str(raw.get("source", "")),
        )
    except (RuleError, GovBudgetError) as e:
        raise RuleError(f"{where}: {e}") from None


def _no_cycles(components: tuple[ComponentSpec, ...], where: str) -> None:
    deps = {c.id: c.sum_of for c in components}
    state: dict[str, int] = {}

    def visit(cid: str, path: tuple[str, ...]) -> None:
        if state.get(cid) == 2:
            return
        if state.get(cid) == 1:
            raise RuleError(f"{where}: components add up in a circle: {' → '.join((*path, cid))}")
        state[cid] = 1
        for d in deps.get(cid, ()):
            visit(d, (*path, cid))
        state[cid] = 2

    for cid in deps:
        visit(cid, ())


def _check(raw: Any, where: str, known: set[str]) -> CheckSpec:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        raise RuleError(f"{where}: needs an id (a non-empty string)")
    unknown = set(raw) - _CHECK_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown keys {sorted(unknown)}; expected some of {sorted(_CHECK_KEYS)}")
    kind = raw.get("kind")
    if kind == "le":
        for key in ("part", "whole"):
            if raw.get(key) not in known:
                raise RuleError(f"{where}: {key} must name a component or 'total', found {raw.get(key)!r}")
    elif kind == "within":
        comps = _names(raw.get("components", []), "components")
        bad = [c for c in comps if c not in known or c == "total"]
        if bad or not comps:
            raise RuleError(f"{where}: components must name components of the rule, found {list(comps)}")
    else:
        raise RuleError(f"{where}: kind must be 'le' or 'within', found {kind!r}")
    return CheckSpec(
        id=raw["id"],
        kind=kind,
        part=raw.get("part"),
        whole=raw.get("whole"),
        components=_names(raw.get("components", []), "components"),
        funds=_parse_funds(raw.get("funds")),
        spend_types=_parse_spend_types(raw.get("spend_types")),
        where=str(raw.get("where", "")),
        source=str(raw.get("source", "")),
    )


@cache
def _shipped_dir():
    return files(__name__)


def _shipped_names() -> str:
    return ", ".join(sorted(p.name.removesuffix(".toml") for p in _shipped_dir().iterdir() if p.name.endswith(".toml")))


def available_rulesets() -> tuple[tuple[str, int], ...]:
    """The shipped rule sets as ``(template, year)`` pairs, sorted.

    >>> import govbudget as gb
    >>> gb.available_rulesets()
    (('central', 2019), ('central', 2024), ('hunan', 2024))
    """
    out = []
    for p in _shipped_dir().iterdir():
        stem = p.name.removesuffix(".toml")
        if p.name.endswith(".toml") and "-" in stem:
            name, _, year = stem.rpartition("-")
            if year.isdigit():
                out.append((name, int(year)))
    return tuple(sorted(out))


@cache
def _shipped(template: str, year: int) -> RuleSet:
    label = f"{template}-{year}.toml"
    data = _read_toml(_shipped_dir().joinpath(label), label)
    rs = _build(data, label, path=f"govbudget/rules/{label}")
    if (rs.template, rs.year) != (template, year):
        raise DataFileError(label, [(None, f"[template] says {rs.template} {rs.year}, the file name says {template} {year}")])
    return rs


def ruleset(template: Any = "hunan", year: int | None = None) -> RuleSet:
    """The shipped rule set of a template (``"hunan"``, ``"central"``) for a report year.

    Names are read as by :func:`govbudget.template`: ``ruleset("hunan", 2024)``,
    ``ruleset("hunan", year=2024)``, ``ruleset("hunan-2024")`` or ``ruleset(("hunan", 2024))``;
    a :class:`RuleSet` is returned as it is and a :class:`~govbudget.Template` gives the rule set it
    names (``Template.ruleset()``). The year must be an ``int``.

    Raises:
        UnknownRuleError: no such template/year (the message lists what ships), a missing year
            or a year that is not an int.

    >>> import govbudget as gb
    >>> rs = gb.ruleset("hunan", year=2024)
    >>> rs.ids[:3], gb.ruleset("hunan", 2024) is rs, gb.ruleset("hunan-2024") is rs
    (('personnel', 'public', 'organ_costs'), True, True)
    >>> [f.value for f in gb.ruleset("central", year=2024)["three_public"].funds]
    ['一般公共预算财政拨款']
    """
    if isinstance(template, RuleSet) and year is None:
        return template
    if year is None and not isinstance(template, str | tuple) and callable(getattr(template, "ruleset", None)):
        return template.ruleset()  # a Template (not imported here: templates import rules)
    name, y = split_id(template, year, what="rule set", error=UnknownRuleError)
    if (name, y) not in available_rulesets():
        shipped = ", ".join(f"{t} {yy}" for t, yy in available_rulesets())
        raise UnknownRuleError(f"no rule set for template {name!r} year {y!r}; shipped: {shipped}")
    return _shipped(name, y)


def load_ruleset(path: str | Path) -> RuleSet:
    """Load a rule file of your own (same format as the shipped ones; ``extends`` may name a
    shipped file or a file next to it). Problems are reported together as a DataFileError.

    >>> import govbudget as gb, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "mine.toml"
    >>> _ = p.write_text('extends = "hunan-2024"\\n[template]\\nid = "mine"\\nyear = 2024\\n'
    ...                  '[[rule]]\\nid = "public"\\neconomic = ["302", "307", "309", "310", "399"]\\n', encoding="utf-8")
    >>> gb.load_ruleset(p)["public"].economic
    ('302', '307', '309', '310', '399')
    """
    if not isinstance(path, str | Path):
        raise DataFileError(repr(path), [(None, f"expected a path (str or Path), found {type(path).__name__}")])
    p = Path(path)
    if p.is_dir():
        raise DataFileError(p, [(None, "is a directory; expected a rule file (TOML)")])
    return _build(_read_toml(p, str(p)), str(p), path=str(p))


# ---------------------------------------------------------------------------------------- engine
def _present_units(ledger: Ledger) -> dict[str, Unit]:
    units = dict(ledger.units)
    own = (None, ledger.unit.name)
    if ledger.unit.name not in units and (not units or any(p.unit in own for p in ledger.postings)):
        units[ledger.unit.name] = ledger.unit
    return units


def _kind_text(kinds: Iterable[UnitKind]) -> str:
    return "、".join(dict.fromkeys(k.value for k in kinds))


@attrs.frozen(kw_only=True)
class RuleSet:
    """The rules of one template and year, and the engine that evaluates them on a ledger.

    >>> import govbudget as gb
    >>> rs = gb.ruleset("hunan", year=2024)
    >>> rs.template, rs.year, rs.places, "three_public" in rs
    ('hunan', 2024, 2, True)
    """

    template: str
    year: int
    title: str = ""
    source: str = ""
    places: int = 2
    zero_base: str = "omit"
    rules: Mapping[str, Rule] = attrs.field(factory=dict, converter=lambda m: MappingProxyType(dict(m)))
    path: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        """Rule ids in file order."""
        return tuple(self.rules)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self.rules

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules.values())

    def __getitem__(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise UnknownRuleError(
                f"no rule {rule_id!r} in {self.template} {self.year}; rules: {', '.join(self.rules)}"
            ) from None

    def adjust(self, rule_id: str, **changes: Any) -> RuleSet:
        """A copy with one rule's selection changed (see :meth:`Rule.adjusted`).

        >>> import govbudget as gb
        >>> rs = gb.ruleset("hunan", year=2024).adjust("three_public", funds="一般公共预算财政拨款")
        >>> [f.value for f in rs["three_public"].funds]
        ['一般公共预算财政拨款']
        """
        rules = dict(self.rules)
        rules[rule_id] = self[rule_id].adjusted(**changes)
        return attrs.evolve(self, rules=rules)

    def compute(
        self,
        ledger: Ledger,
        rule_id: str,
        *,
        inputs: Mapping[str, Any] | None = None,
        zero_base: str | None = None,
        **changes: Any,
    ) -> DerivedFigure:
        """Evaluate one rule on ``ledger``.

        Args:
            ledger: the :class:`~govbudget.Ledger` (amounts in 元).
            rule_id: e.g. ``"three_public"``; see :attr:`ids`.
            inputs: declared inputs (``{"procurement": Procurement(...), "festivals": D("0")}``);
                ``ledger.extras`` is read when a key is missing here.
            zero_base: the zero-base policy of the rates (default: the rule file's).
            **changes: selection overrides for this call, e.g. ``funds="财政拨款"``,
                ``spend_types="all"`` (see :meth:`Rule.adjusted`).

        Raises:
            UnknownRuleError, RuleError, MissingInputError.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.spend("100", economic="30101")
        >>> _ = led.spend("40", economic="30101", spend_type="项目支出")
        >>> rs = gb.ruleset("hunan", year=2024)
        >>> rs.compute(led, "personnel").value, rs.compute(led, "personnel", spend_types="all").value
        (Decimal('100.00'), Decimal('140.00'))
        """
        rule = self[rule_id].adjusted(**changes) if changes else self[rule_id]
        policy = self.zero_base if zero_base is None else zero_base
        if policy not in ZERO_BASE_POLICIES:
            raise RuleError(f"zero_base must be one of {', '.join(ZERO_BASE_POLICIES)}, found {policy!r}")
        return _Evaluation(self, rule, ledger, dict(inputs or {}), policy).run()

    def evaluate(
        self,
        ledger: Ledger,
        *,
        inputs: Mapping[str, Any] | None = None,
        zero_base: str | None = None,
        missing: str = "skip",
    ) -> dict[str, DerivedFigure]:
        """Evaluate every rule; returns ``{rule_id: DerivedFigure}`` in file order.

        ``missing="skip"`` leaves out rules whose inputs are not declared (e.g. 政府采购 without a
        :class:`Procurement`); ``missing="raise"`` raises :class:`MissingInputError` instead.

        >>> import govbudget as gb
        >>> figs = gb.ruleset("hunan", year=2024).evaluate(gb.Ledger("某单位", 2024))
        >>> list(figs)
        ['personnel', 'public', 'organ_costs', 'three_public', 'general_spending']
        """
        if missing not in ("skip", "raise"):
            raise RuleError(f"missing must be 'skip' or 'raise', found {missing!r}")
        out: dict[str, DerivedFigure] = {}
        for rid in self.rules:
            try:
                out[rid] = self.compute(ledger, rid, inputs=inputs, zero_base=zero_base)
            except MissingInputError:
                if missing == "raise":
                    raise
        return out

    def check(
        self,
        ledger: Ledger,
        rule_id: str,
        *,
        inputs: Mapping[str, Any] | None = None,
        stated: Mapping[str, Any] | None = None,
    ) -> list:
        """Run the part ≤ whole checks the rule declares; returns reconcile ``Finding`` values.

        Without ``stated`` both sides come from the ledger and are compared exactly in 元. With
        ``stated`` (component id → printed 万元 figure, e.g. from 公开09) the whole is the printed
        figure and the part is the ledger amount in 万元, compared within the rounding band.
        When the rule names a budget, every stated budget subtotal (``total``, and a component
        made of parts such as 三公 ``vehicle``) is also checked against the sum of its stated
        parts in 万元 (rule id ``<rule>.budget.<component>``).

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.spend("68600", economic="30231")
        >>> rs = gb.ruleset("hunan", year=2024)
        >>> [f.verdict for f in rs.check(led, "three_public")]
        ['ok', 'ok', 'ok', 'ok']
        >>> f = rs.check(led, "three_public", stated={"vehicle_running": "6.80"})[2]
        >>> f.verdict, f.found, f.expected
        ('contradiction', Decimal('6.86'), Decimal('6.80'))
        """
        from ..reconcile import check_le

        rule = self[rule_id]
        ev = _Evaluation(self, rule, ledger, dict(inputs or {}), self.zero_base)
        fig = ev.run()
        if not fig.applicable:
            return []
        stated = dict(stated or {})
        findings = []
        for spec in rule.checks:
            pairs: list[tuple[str, str, Decimal, Decimal | None, str, str]] = []
            if spec.kind == "le":
                part = ev.value_of(spec.part)
                whole = ev.value_of(spec.whole)
                pairs.append((spec.id, spec.whole, part, whole, ev.label(spec.part), ev.label(spec.whole)))
            else:
                scope = "、".join(f.value for f in spec.funds or ()) + " " + "、".join(s.value for s in spec.spend_types or ())
                for cid in spec.components:
                    comp = rule.component(cid)
                    part = sum((p.amount for p in ev.select(comp.economic, spec.funds, spec.spend_types)), ZERO)
                    pairs.append(
                        (f"{spec.id}.{cid}", cid, part, ev.value_of(cid),
                         f"{scope.strip()} {'/'.join(comp.economic)}", f"{rule.name} {comp.name}")
                    )
            for check_id, whole_id, part, whole, pname, wname in pairs:
                where = f"{spec.where} {rule.name}".strip()
                if whole_id in stated:
                    findings.append(check_le(to_wan(part), stated[whole_id], rule=check_id, where=where,
                                             places=(pname, f"{wname}（所列）")))
                else:
                    findings.append(check_le(part, whole, strict=True, rule=check_id, where=where,
                                             places=(pname, wname)))
        findings.extend(ev.budget_findings())
        return findings


class _Evaluation:
    """One rule on one ledger: values are computed lazily and memoised by component id."""

    def __init__(self, rs: RuleSet, rule: Rule, ledger: Ledger, inputs: dict[str, Any], policy: str) -> None:
        self.rs, self.rule, self.ledger, self.inputs, self.policy = rs, rule, ledger, inputs, policy
        self.values: dict[str, Decimal] = {}
        self.posts: dict[str, tuple[Posting, ...]] = {}
        self.notes: dict[str, str] = {}
        self.unstated: dict[str, None] = {}
        self.units = _present_units(ledger)
        self.allowed: set[str] | None = None
        if rule.unit_kinds is not None:
            self.allowed = {n for n, u in self.units.items() if u.kind in rule.unit_kinds}

    # selection ------------------------------------------------------------------------------
    def unit_of(self, p: Posting) -> str:
        name = p.unit or self.ledger.unit.name
        if name not in self.units:
            raise RuleError(
                f"rule {self.rule.id!r}: posting of unit {name!r} but the ledger declares no such unit "
                f"(declared: {', '.join(self.units) or 'none'}); pass units=[Unit(name, kind), …] to the Ledger"
            )
        return name

    def select(self, codes, funds=attrs.NOTHING, spend_types=attrs.NOTHING) -> tuple[Posting, ...]:
        r = self.rule
        posts = self.ledger.select(
            economic=codes,
            fund=r.funds if funds is attrs.NOTHING else funds,
            spend_type=r.spend_types if spend_types is attrs.NOTHING else spend_types,
            carried_over=r.carried_over,
        )
        if self.allowed is not None:
            posts = tuple(p for p in posts if self.unit_of(p) in self.allowed)
        return posts

    # values ---------------------------------------------------------------------------------
    def label(self, cid: str | None) -> str:
        if cid == "total" or cid is None:
            return f"{self.rule.name}合计"
        return self.rule.component(cid).name

    def value_of(self, cid: str | None) -> Decimal:
        if cid == "total" or cid is None:
            return self.total()
        if cid not in self.values:
            spec = self.rule.component(cid)
            if spec.economic:
                posts = self.select(spec.economic)
                self.posts[cid] = posts
                self.values[cid] = sum((p.amount for p in posts), ZERO)
            elif spec.inputs:
                self.values[cid] = sum((self.read_input(spec, key) for key in spec.inputs), ZERO)
            else:
                self.values[cid] = sum((self.value_of(s) for s in spec.sum_of), ZERO)
        return self.values[cid]

    def read_input(self, spec: ComponentSpec, key: str) -> Decimal:
        head, _, attr = key.partition(".")
        for source in (self.inputs, self.ledger.extras):
            if key in source:
                return D(source[key])
            if attr and head in source:
                obj = source[head]
                value = obj.get(attr) if isinstance(obj, Mapping) else getattr(obj, attr, None)
                if value is not None:
                    return D(value)
        if spec.default is not None:
            self.notes[spec.id] = f"未申报，按 {spec.default} 计"
            return spec.default
        hint = f"pass inputs={{'{head}': Procurement(...)}}" if head == "procurement" else f"pass inputs={{'{key}': amount}}"
        raise MissingInputError(
            f"rule {self.rule.id!r} component {spec.id!r} needs the input {key!r}: {hint} "
            f"or set ledger.extras[{head!r}]"
        )

    def total(self) -> Decimal:
        if "total" not in self.values:
            if self.rule.components:
                self.values["total"] = sum((self.value_of(c) for c in self.rule.total), ZERO)
            else:
                posts = self.select(self.rule.economic)
                self.posts["total"] = posts
                self.values["total"] = sum((p.amount for p in posts), ZERO)
        return self.values["total"]

    # comparisons ----------------------------------------------------------------------------
    def _lookup(
        self, mapping: Mapping[str, Any], key: str, parts: tuple[str, ...], keyer, *, partial: bool = False
    ) -> tuple[Decimal | None, bool]:
        """(value, inferred): the stated figure, else the sum of the parts' figures.

        Prior-year figures are inferred only when every part is stated. Budgets (``partial``) are
        inferred when at least one part is stated: a budget table leaves an item without budget
        blank, which is 0 (the unstated parts are named in ``self.unstated``).
        """
        if key in mapping and mapping[key] is not None:
            return D(mapping[key]), False
        if not parts:
            return None, False
        total, missing = ZERO, []
        for part in parts:
            spec = self.rule.component(part)
            value, _ = self._lookup(mapping, keyer(part), spec.sum_of, keyer, partial=partial)
            if value is None:
                if not partial:
                    return None, False
                missing.append(spec.name)
                continue
            total += value
        if len(missing) == len(parts):
            return None, False
        self.unstated.update(dict.fromkeys(missing))
        return total, True

    def budget_of(self, cid: str) -> tuple[Decimal | None, bool]:
        if self.rule.budget is None:
            return None, False
        mapping = getattr(self.ledger.budgets, self.rule.budget)
        parts = self.rule.total if cid == "total" else self.rule.component(cid).sum_of
        return self._lookup(mapping, cid, parts, lambda c: c, partial=True)

    def budget_findings(self) -> list:
        """Stated budget subtotals against their stated parts (e.g. 三公 ``total`` vs abroad +
        vehicle + reception, ``vehicle`` vs purchase + running), compared in 万元 within the
        rounding band (budgets are transcribed from 万元 tables). One finding per subtotal that
        is stated and has at least one part stated; an unstated part is a blank (0)."""
        from ..reconcile import check_sum

        r = self.rule
        if r.budget is None:
            return []
        mapping = getattr(self.ledger.budgets, r.budget)
        targets = [("total", r.total), *((c.id, c.sum_of) for c in r.components if c.sum_of)]
        out = []
        for cid, parts in targets:
            if mapping.get(cid) is None or not parts:
                continue
            values = [self.budget_of(part)[0] for part in parts]
            if all(v is None for v in values):
                continue
            where = f"{r.budget_basis or '预算数'} {self.label(cid)}"
            out.append(check_sum(to_wan(D(mapping[cid])), [None if v is None else to_wan(v) for v in values],
                                 rule=f"{r.id}.budget.{cid}", where=where,
                                 part_names=[self.label(p) for p in parts]))
        return out

    def prior_of(self, cid: str) -> tuple[Decimal | None, bool]:
        if self.rule.prior is None:
            return None, False
        prefix = self.rule.prior
        key = prefix if cid == "total" else f"{prefix}.{cid}"
        parts = self.rule.total if cid == "total" else self.rule.component(cid).sum_of
        return self._lookup(self.ledger.budgets.prior, key, parts, lambda c: f"{prefix}.{c}")

    def outside_scope(self) -> list[str]:
        """Notes naming postings under the rule's codes that its spending types leave out."""
        r = self.rule
        codes = r.economic or tuple(c for s in r.components for c in s.economic)
        if r.spend_types is None or not codes:
            return []
        out: dict[SpendType, Decimal] = {}
        for p in self.select(codes, spend_types=None):
            if p.spend_type not in r.spend_types:
                out[p.spend_type] = out.get(p.spend_type, ZERO) + p.amount
        return [f"未计入{st.value}中的{_yuan(v)}（不属于本口径的支出类型）" for st, v in out.items()]

    # result ---------------------------------------------------------------------------------
    def parameters(self) -> dict[str, Any]:
        r = self.rule
        out: dict[str, Any] = {"zero_base": self.policy, "places": self.rs.places}
        if any(c.economic for c in r.components) or r.economic:
            out["funds"] = None if r.funds is None else [f.value for f in r.funds]
            out["spend_types"] = None if r.spend_types is None else [s.value for s in r.spend_types]
            out["carried_over"] = r.carried_over
        if r.unit_kinds is not None:
            out["unit_kinds"] = [k.value for k in r.unit_kinds]
        return out

    def run(self) -> DerivedFigure:
        r, rs = self.rule, self.rs
        base = dict(rule_id=r.id, name=r.name, source=r.source, template=rs.template, year=rs.year,
                    parameters=self.parameters(), budget_basis=r.budget_basis)
        excluded = {}
        if self.allowed is not None:
            excluded = {n: u.kind.value for n, u in self.units.items() if n not in self.allowed}
            if not self.allowed:
                reason = r.not_applicable.format(kinds=_kind_text(u.kind for u in self.units.values()), name=r.name)
                return DerivedFigure(**base, value=None, applicable=False, reason=reason, excluded_units=excluded)
        places, policy = rs.places, self.policy
        total = self.total()
        comps: dict[str, Component] = {}
        notes = []
        for spec in r.components:
            value = self.value_of(spec.id)
            budget, b_inf = self.budget_of(spec.id)
            prior, p_inf = self.prior_of(spec.id)
            note = self.notes.get(spec.id, "")
            if b_inf or p_inf:
                what = "、".join(w for w, f in (("预算", b_inf), ("上年数", p_inf)) if f)
                note = "; ".join(x for x in (note, f"{what}由各项相加") if x)
            comps[spec.id] = Component(
                id=spec.id, name=spec.name, value=value, codes=spec.economic, inputs=spec.inputs,
                parts=spec.sum_of, postings=self.posts.get(spec.id, ()), budget=budget, prior=prior,
                completion=None if budget is None else completion(value, budget, places=places, zero_base=policy),
                change=None if prior is None else change(value, prior, places=places, zero_base=policy),
                share=None if spec.share_of is None
                else share(value, self.value_of(spec.share_of), places=places, zero_base=policy),
                note=note,
            )
        budget, b_inf = self.budget_of("total")
        prior, p_inf = self.prior_of("total")
        if b_inf:
            notes.append("预算合计由各项预算相加")
        if self.unstated:
            notes.append(f"未列预算的项目按0计：{'、'.join(self.unstated)}")
        if p_inf:
            notes.append("上年合计由各项上年数相加")
        notes.extend(f"{BUDGET_MISMATCH}{f.message}" for f in self.budget_findings() if f.verdict != "ok")
        notes.extend(self.outside_scope())
        postings: tuple[Posting, ...] = self.posts.get("total", ())
        if r.components:
            postings = tuple(p for c in comps.values() if c.codes for p in c.postings)
        units: dict[str, Decimal] = {}
        if self.allowed is not None:
            for p in postings:
                name = self.unit_of(p)
                units[name] = units.get(name, ZERO) + p.amount
            for name in sorted(self.allowed):
                units.setdefault(name, ZERO)
        if excluded:
            notes.append(f"只计入{_kind_text(r.unit_kinds or ())}的支出")
        codes = r.economic or tuple(c for s in r.components for c in s.economic)
        return DerivedFigure(
            **base, value=total, components=comps, codes=codes, postings=postings, units=units,
            excluded_units=excluded, budget=budget, prior=prior,
            completion=None if budget is None else completion(total, budget, places=places, zero_base=policy),
            change=None if prior is None else change(total, prior, places=places, zero_base=policy),
            notes=tuple(notes),
        )
