"""The ledger: a unit's accounts for one year, in exact 元, rolled up along both code trees.

Postings carry the amount (元, ``Decimal``), the functional code, the economic code (optional:
published tables often give one dimension only), the spending type, the fund source and
whether the money was carried over from earlier years. Totals at every level are computed
on demand and never stored.

>>> import govbudget as gb
>>> led = gb.Ledger(gb.Unit("示例中心", gb.UnitKind.FISCAL_SUPPORTED), 2024)
>>> _ = led.spend("3538700", functional="2010450", economic="30101")
>>> _ = led.spend("567800", functional="2010499", spend_type=gb.SpendType.PROJECT)
>>> _ = led.receive("4106500", fund=gb.Fund.GENERAL, functional="2010450")
>>> led.total(functional="201")
Decimal('4106500.00')
>>> led.total(functional="20104", spend_type=gb.SpendType.PROJECT)
Decimal('567800.00')
>>> led.total(economic="301")
Decimal('3538700.00')

Marginal postings (from published tables): a posting without a functional code is an
*economic-only* view of money already counted under a functional code. Functional totals
(and totals with no code filter) use the postings that have a functional code; economic
totals use the postings that have an economic code.
"""

from __future__ import annotations

import csv
import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .classification import Edition, Subject, check_code, economic, editions, functional
from .errors import DataFileError, GovBudgetError, LedgerError, MalformedCodeError, UnknownEditionError
from .money import CENT, ZERO, D

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

__all__ = [
    "Balances",
    "Budgets",
    "Fund",
    "IncomePosting",
    "Ledger",
    "Posting",
    "SpendType",
    "Unit",
    "UnitKind",
]


class Fund(enum.StrEnum):
    """Fund sources (资金来源) of income and spending.

    >>> Fund.GENERAL.value, Fund.GENERAL.is_fiscal, Fund.OPERATIONS.is_fiscal
    ('一般公共预算财政拨款', True, False)
    >>> Fund.parse("事业收入") is Fund.OPERATIONS
    True
    """

    GENERAL = "一般公共预算财政拨款"
    GOV_FUND = "政府性基金预算财政拨款"
    STATE_CAPITAL = "国有资本经营预算财政拨款"
    HIGHER = "上级补助收入"
    OPERATIONS = "事业收入"
    BUSINESS = "经营收入"
    AFFILIATED = "附属单位上缴收入"
    OTHER = "其他收入"
    NONFISCAL_BALANCE = "使用非财政拨款结余"

    @property
    def is_fiscal(self) -> bool:
        """True for the three 财政拨款 funds."""
        return self in _FISCAL

    @classmethod
    def parse(cls, value: Fund | str) -> Fund:
        """Accept a member, its Chinese value or its English name (``"GENERAL"``)."""
        return _parse_enum(cls, value, "fund")


_FISCAL = frozenset({Fund.GENERAL, Fund.GOV_FUND, Fund.STATE_CAPITAL})


class SpendType(enum.StrEnum):
    """Spending types (支出性质) of 公开03.

    >>> SpendType.parse("基本支出") is SpendType.BASIC
    True
    """

    BASIC = "基本支出"
    PROJECT = "项目支出"
    REMIT = "上缴上级支出"
    BUSINESS = "经营支出"
    SUBSIDY = "对附属单位补助支出"

    @classmethod
    def parse(cls, value: SpendType | str) -> SpendType:
        """Accept a member, its Chinese value or its English name."""
        return _parse_enum(cls, value, "spending type")


class UnitKind(enum.StrEnum):
    """Kinds of budget units; 机关运行经费 applies only to 行政单位 and 参公 units.

    >>> UnitKind.ADMIN.runs_organ_costs, UnitKind.FISCAL_SUPPORTED.runs_organ_costs
    (True, False)
    """

    ADMIN = "行政单位"
    CIVIL_SERVICE_MANAGED = "参照公务员法管理的事业单位"
    FISCAL_SUPPORTED = "财政补助事业单位"
    PUBLIC_WELFARE_1 = "公益一类事业单位"
    PUBLIC_WELFARE_2 = "公益二类事业单位"
    INSTITUTION = "事业单位"
    OTHER = "其他"

    @property
    def runs_organ_costs(self) -> bool:
        """True for the kinds 机关运行经费 is defined on (行政单位, 参公事业单位)."""
        return self in (UnitKind.ADMIN, UnitKind.CIVIL_SERVICE_MANAGED)

    @classmethod
    def parse(cls, value: UnitKind | str) -> UnitKind:
        """Accept a member, its Chinese value, its English name or the short forms 行政/参公/事业."""
        short = {"行政": cls.ADMIN, "参公": cls.CIVIL_SERVICE_MANAGED, "事业": cls.INSTITUTION}
        if isinstance(value, str) and value in short:
            return short[value]
        return _parse_enum(cls, value, "unit kind")


def _parse_enum(cls, value, what):
    if isinstance(value, cls):
        return value
    if isinstance(value, str):
        v = value.strip()
        for m in cls:
            if v in (m.value, m.name, m.name.lower()):
                return m
    raise LedgerError(f"{value!r} is not a {what}; expected one of: " + ", ".join(m.value for m in cls))


@attrs.frozen
class Unit:
    """A budget unit: its name and kind. A department may consolidate several units.

    >>> Unit("株洲市某中心", "财政补助事业单位").kind
    <UnitKind.FISCAL_SUPPORTED: '财政补助事业单位'>
    """

    name: str
    kind: UnitKind = attrs.field(default=UnitKind.OTHER, converter=UnitKind.parse)


def _amount(value: Any) -> Decimal:
    d = D(value)
    if d != d.quantize(CENT):
        raise LedgerError(f"amount {value!r} has more than 2 decimals; ledgers hold exact 元 to the 分")
    return d.quantize(CENT)


def _opt_code(value: str | None) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


@attrs.frozen(kw_only=True)
class Posting:
    """One expenditure posting in 元.

    >>> Posting(amount="12.50", functional="2010450", economic="30201").amount
    Decimal('12.50')
    >>> Posting(amount=1.5)
    Traceback (most recent call last):
    ...
    govbudget.errors.FloatNotAllowedError: amount 1.5 is a float; ...
    """

    amount: Decimal = attrs.field(converter=_amount)
    functional: str | None = attrs.field(default=None, converter=_opt_code)
    economic: str | None = attrs.field(default=None, converter=_opt_code)
    spend_type: SpendType = attrs.field(default=SpendType.BASIC, converter=SpendType.parse)
    fund: Fund = attrs.field(default=Fund.GENERAL, converter=Fund.parse)
    carried_over: bool = False
    unit: str | None = None
    note: str = ""


@attrs.frozen(kw_only=True)
class IncomePosting:
    """One income posting in 元, attributed to the functional code of the spending it funds.

    >>> IncomePosting(amount="100", fund="事业收入").fund
    <Fund.OPERATIONS: '事业收入'>
    """

    amount: Decimal = attrs.field(converter=_amount)
    fund: Fund = attrs.field(default=Fund.GENERAL, converter=Fund.parse)
    functional: str | None = attrs.field(default=None, converter=_opt_code)
    unit: str | None = None
    note: str = ""


@attrs.define
class Balances:
    """Year-start balances by fund, 结余分配, and given year-end balances to check against.

    The year-end balance is derived (年初 + 收入 − 支出 − 结余分配); a given value is only
    compared with it.

    >>> b = Balances()
    >>> b.opening[Fund.GENERAL] = D("100.00")
    >>> b.opening_total()
    Decimal('100.00')
    """

    opening: dict[Fund, Decimal] = attrs.Factory(dict)
    distribution: Decimal = ZERO
    closing_given: dict[Fund, Decimal] = attrs.Factory(dict)
    #: optional breakdown of ``opening`` by functional 类/款/项 code, keyed ``(fund, code)``; the
    #: tree tables (公开07) print 年初/年末结转和结余 per row from it. Keep Σ per fund = ``opening[fund]``.
    opening_by_code: dict[tuple[Fund, str], Decimal] = attrs.Factory(dict)

    def opening_total(self, *, fiscal_only: bool = False) -> Decimal:
        """Σ opening balances (all funds, or the three 财政拨款 funds)."""
        return sum((v for f, v in self.opening.items() if f.is_fiscal or not fiscal_only), ZERO)

    def opening_for(self, fund: Fund | str, code: str) -> Decimal:
        """年初结转和结余 of ``fund`` booked on functional ``code`` or below it (a 类 adds its 款/项).

        >>> b = Balances()
        >>> b.opening_by_code[(Fund.GOV_FUND, "2120801")] = D("50000")
        >>> b.opening_for("政府性基金预算财政拨款", "212"), b.opening_for(Fund.GOV_FUND, "2130101")
        (Decimal('50000.00'), Decimal('0.00'))
        """
        f = Fund.parse(fund)
        return sum((v for (g, c), v in self.opening_by_code.items() if g is f and c.startswith(code)), ZERO)


@attrs.define
class Budgets:
    """Budgets and prior-year figures the 说明 compares with (external inputs, in 元).

    ``initial`` / ``adjusted`` map a functional code to its 年初预算 / 全年(调整后)预算;
    ``initial_total`` / ``adjusted_total`` are the stated totals (which may differ from the sum
    of items by tail rounding when transcribed from 万元); ``three_public`` maps the items
    ``abroad``, ``vehicle_purchase``, ``vehicle_running``, ``reception`` (and optionally
    ``total``) to their budget; ``prior`` holds prior-year figures under free keys.

    >>> b = Budgets(initial={"2010450": D("4764100")})
    >>> b.initial_sum()
    Decimal('4764100')
    """

    initial: dict[str, Decimal] = attrs.Factory(dict)
    adjusted: dict[str, Decimal] = attrs.Factory(dict)
    initial_total: Decimal | None = None
    adjusted_total: Decimal | None = None
    three_public: dict[str, Decimal] = attrs.Factory(dict)
    prior: dict[str, Decimal] = attrs.Factory(dict)
    #: 年初 三公 budgets, same keys as ``three_public`` (which holds the 全年/调整后 budget); a rule
    #: file picks one with ``budget = "three_public_initial"`` (central 2019 wording).
    three_public_initial: dict[str, Decimal] = attrs.Factory(dict)

    def initial_sum(self) -> Decimal:
        """Σ of the 年初预算 items."""
        return sum(self.initial.values(), Decimal(0))


_EMPTY_FILTER = object()


class Ledger:
    """A unit's accounts for one year, built from postings (amounts in 元).

    Args:
        unit: the reporting :class:`Unit` (or its name).
        year: the budget year; selects the code editions.
        functional_edition / economic_edition: override the shipped editions (e.g. an
            official table loaded with :func:`govbudget.load_edition`).
        accept_attested: accept codes absent from the edition (for published reports, which
            attest their own codes); they are listed in :attr:`attested_codes`.
        units: sub-units of a consolidated department (for 机关运行经费 by unit kind).

    >>> import govbudget as gb
    >>> led = gb.Ledger("某单位", 2024)
    >>> led.spend("10", functional="2999999")
    Traceback (most recent call last):
    ...
    govbudget.errors.LedgerError: functional code '2999999' of posting 1 is not in the functional edition 2024 ...
    >>> led = gb.Ledger("某单位", 2024, accept_attested=True)
    >>> _ = led.spend("10", functional="2999999")
    >>> sorted(led.attested_codes["functional"])
    ['2999999']
    """

    def __init__(
        self,
        unit: Unit | str,
        year: int,
        *,
        functional_edition: Edition | None = None,
        economic_edition: Edition | None = None,
        accept_attested: bool = False,
        units: Iterable[Unit] = (),
    ) -> None:
        self.unit = unit if isinstance(unit, Unit) else Unit(str(unit))
        if not isinstance(year, int) or isinstance(year, bool):
            raise LedgerError(f"year must be an int such as 2024, found {year!r}")
        self.year = year
        self.accept_attested = accept_attested
        self.units: dict[str, Unit] = {u.name: u for u in units}
        self._fn = functional_edition or self._shipped("functional", year)
        self._ec = economic_edition or self._shipped("economic", year)
        self._postings: list[Posting] = []
        self._income: list[IncomePosting] = []
        self._attested: dict[str, dict[str, str | None]] = {"functional": {}, "economic": {}}
        self.balances = Balances()
        self.budgets = Budgets()
        self.extras: dict[str, Any] = {}

    def _shipped(self, scheme: str, year: int) -> Edition:
        if year in editions()[scheme]:
            return functional(year) if scheme == "functional" else economic(year)
        if self.accept_attested:
            return Edition(scheme, year, (), completeness="no shipped edition; codes attested by the input")
        # nearest earlier shipped edition, else fail with the list
        earlier = [y for y in editions()[scheme] if y <= year]
        if earlier:
            y = max(earlier)
            return functional(y) if scheme == "functional" else economic(y)
        raise UnknownEditionError(scheme, year, editions()[scheme])

    # ------------------------------------------------------------------ building
    def __repr__(self) -> str:
        return (
            f"<Ledger {self.unit.name} {self.year}: {len(self._postings)} expenditure and "
            f"{len(self._income)} income postings>"
        )

    @property
    def functional_edition(self) -> Edition:
        """The functional edition codes are checked against."""
        return self._fn

    @property
    def economic_edition(self) -> Edition:
        """The economic (部门预算) edition codes are checked against."""
        return self._ec

    @property
    def postings(self) -> tuple[Posting, ...]:
        """Expenditure postings, in the order added."""
        return tuple(self._postings)

    @property
    def income(self) -> tuple[IncomePosting, ...]:
        """Income postings, in the order added."""
        return tuple(self._income)

    @property
    def attested_codes(self) -> dict[str, dict[str, str | None]]:
        """Codes accepted from the input though absent from the edition: scheme → code → name."""
        return {k: dict(v) for k, v in self._attested.items()}

    def attest(self, code: str, name: str | None = None, *, scheme: str = "functional") -> None:
        """Record a code (and its printed name) that the input document attests.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024, accept_attested=True)
        >>> led.attest("2130101", "行政运行")
        >>> led.name_of("2130101")
        '行政运行'
        """
        scheme = "economic" if scheme != "functional" else "functional"
        edition = self._fn if scheme == "functional" else self._ec
        check_code(code, scheme)
        if code not in edition:
            self._attested[scheme][code] = name
        self.__dict__.pop("_ancestor_cache", None)

    def _check(self, code: str | None, scheme: str, where: str) -> None:
        if code is None:
            return
        try:
            check_code(code, scheme)
        except MalformedCodeError as e:
            raise LedgerError(f"{where}: {e}") from e
        edition = self._fn if scheme == "functional" else self._ec
        if code in edition or code in self._attested[scheme]:
            return
        if self.accept_attested:
            self._attested[scheme][code] = None
            self.__dict__.pop("_ancestor_cache", None)
            return
        near = ", ".join(edition.nearest(code, 3)) if len(edition) else "none"
        raise LedgerError(
            f"{scheme} code {code!r} of {where} is not in the {scheme} edition {edition.year} "
            f"({edition.completeness}); nearest known: {near}. Build the ledger with accept_attested=True "
            "to accept codes attested by a published report, or load the official edition."
        )

    def add(self, posting: Posting | IncomePosting) -> Posting | IncomePosting:
        """Add a posting after checking its codes against the editions.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> led.add(gb.Posting(amount="5", functional="2210201", economic="30113")).amount
        Decimal('5.00')
        """
        if isinstance(posting, Posting):
            where = f"posting {len(self._postings) + 1}"
            self._check(posting.functional, "functional", where)
            self._check(posting.economic, "economic", where)
            if posting.functional is None and posting.economic is None:
                raise LedgerError(f"{where}: a posting needs a functional or an economic code (found neither)")
            if posting.unit is not None and self.units and posting.unit not in self.units:
                raise LedgerError(f"{where}: unit {posting.unit!r} is not one of {sorted(self.units)}")
            self._postings.append(posting)
        elif isinstance(posting, IncomePosting):
            self._check(posting.functional, "functional", f"income posting {len(self._income) + 1}")
            self._income.append(posting)
        else:
            raise LedgerError(f"expected a Posting or IncomePosting, found {type(posting).__name__}")
        return posting

    def spend(self, amount: Decimal | str | int, **fields: Any) -> Posting:
        """Add an expenditure posting (元); keyword fields as in :class:`Posting`.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> led.spend("0.50", functional="2010450", economic="30201", fund="一般公共预算财政拨款").fund.name
        'GENERAL'
        """
        try:
            p = Posting(amount=amount, **fields)
        except TypeError as e:
            if isinstance(e, GovBudgetError):
                raise
            raise LedgerError(f"bad posting fields {sorted(fields)}: {e}") from e
        return self.add(p)  # type: ignore[return-value]

    def receive(self, amount: Decimal | str | int, **fields: Any) -> IncomePosting:
        """Add an income posting (元); keyword fields as in :class:`IncomePosting`.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> led.receive("100", fund=gb.Fund.OPERATIONS).amount
        Decimal('100.00')
        """
        try:
            p = IncomePosting(amount=amount, **fields)
        except TypeError as e:
            if isinstance(e, GovBudgetError):
                raise
            raise LedgerError(f"bad income fields {sorted(fields)}: {e}") from e
        return self.add(p)  # type: ignore[return-value]

    # ------------------------------------------------------------------ trees
    def subject(self, code: str, *, scheme: str = "functional") -> Subject | None:
        """The edition's subject for ``code``, or None for a code only attested by the input."""
        edition = self._fn if scheme == "functional" else self._ec
        return edition.get(code)

    def name_of(self, code: str, *, scheme: str | None = None) -> str | None:
        """The name of a code from the edition, else the name the input attested.

        >>> import govbudget as gb
        >>> gb.Ledger("某单位", 2024).name_of("30217")
        '公务接待费'
        """
        scheme = scheme or ("economic" if code[:1] in "35" else "functional")
        edition = self._fn if scheme == "functional" else self._ec
        s = edition.get(code)
        if s is not None:
            return s.name
        return self._attested["economic" if scheme != "functional" else "functional"].get(code)

    def parent_of(self, code: str, *, scheme: str = "functional") -> str | None:
        """The parent code: the edition's explicit link, else the structural parent of an attested code."""
        edition = self._fn if scheme == "functional" else self._ec
        s = edition.get(code)
        if s is not None:
            return s.parent
        return code[:-2] if len(code) > 3 else None

    @cached_property
    def _ancestor_cache(self) -> dict[tuple[str, str], tuple[str, ...]]:
        return {}

    def chain(self, code: str, *, scheme: str = "functional") -> tuple[str, ...]:
        """``code`` and its ancestors, bottom first.

        >>> import govbudget as gb
        >>> gb.Ledger("某单位", 2024).chain("2010450")
        ('2010450', '20104', '201')
        """
        key = (scheme, code)
        cache = self._ancestor_cache
        if key not in cache:
            out = [code]
            p = self.parent_of(code, scheme=scheme)
            while p:
                out.append(p)
                p = self.parent_of(p, scheme=scheme)
            cache[key] = tuple(out)
        return cache[key]

    # ------------------------------------------------------------------ totals
    def _match(
        self,
        p: Posting,
        functional: str | None,
        economic: str | Iterable[str] | None,
        fund,
        spend_type,
        carried_over,
        unit,
    ) -> bool:
        if functional is not None:
            if p.functional is None or functional not in self.chain(p.functional):
                return False
        if economic is not None:
            if p.economic is None:
                return False
            codes = (economic,) if isinstance(economic, str) else tuple(economic)
            chain = self.chain(p.economic, scheme="economic")
            if not any(c in chain for c in codes):
                return False
        elif functional is None and p.functional is None:
            return False  # economic-only views are not counted twice
        if fund is not None and p.fund not in fund:
            return False
        if spend_type is not None and p.spend_type not in spend_type:
            return False
        if carried_over is not None and p.carried_over != carried_over:
            return False
        return unit is None or p.unit in unit

    @staticmethod
    def _set(value, parse):
        if value is None:
            return None
        if isinstance(value, str | enum.Enum):
            return frozenset({parse(value)})
        return frozenset(parse(v) for v in value)

    def select(
        self,
        *,
        functional: str | None = None,
        economic: str | Iterable[str] | None = None,
        fund: Fund | str | Iterable[Fund | str] | None = None,
        spend_type: SpendType | str | Iterable[SpendType | str] | None = None,
        carried_over: bool | None = None,
        unit: str | Iterable[str] | None = None,
    ) -> tuple[Posting, ...]:
        """The expenditure postings matching every filter (see :meth:`total`)."""
        funds = self._set(fund, Fund.parse)
        types = self._set(spend_type, SpendType.parse)
        units = None if unit is None else (frozenset({unit}) if isinstance(unit, str) else frozenset(unit))
        return tuple(
            p for p in self._postings if self._match(p, functional, economic, funds, types, carried_over, units)
        )

    def total(self, **filters: Any) -> Decimal:
        """Σ expenditure matching the filters, at any level of either tree.

        Filters: ``functional`` (a 类/款/项 code), ``economic`` (a 类/款 code or several),
        ``fund`` (one or several :class:`Fund`), ``spend_type``, ``carried_over``, ``unit``.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.spend("100", functional="2080505", economic="30108")
        >>> _ = led.spend("20", functional="2080505", economic="30108", fund="事业收入")
        >>> led.total(functional="208"), led.total(functional="208", fund=gb.Fund.GENERAL)
        (Decimal('120.00'), Decimal('100.00'))
        """
        return sum((p.amount for p in self.select(**filters)), ZERO)

    def income_total(
        self,
        *,
        fund: Fund | str | Iterable[Fund | str] | None = None,
        functional: str | None = None,
        unit: str | None = None,
    ) -> Decimal:
        """Σ income matching the filters.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.receive("100", fund="一般公共预算财政拨款", functional="2010450")
        >>> led.income_total(functional="201"), led.income_total(fund="事业收入")
        (Decimal('100.00'), Decimal('0.00'))
        """
        funds = self._set(fund, Fund.parse)
        out = ZERO
        for p in self._income:
            if funds is not None and p.fund not in funds:
                continue
            if functional is not None and (p.functional is None or functional not in self.chain(p.functional)):
                continue
            if unit is not None and p.unit != unit:
                continue
            out += p.amount
        return out

    def closing(self, fund: Fund | str | None = None) -> Decimal:
        """Derived 年末结转和结余: 年初 + 收入 − 支出 (− 结余分配 for the whole), for one fund or all.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.receive("100", fund="一般公共预算财政拨款")
        >>> _ = led.spend("80", functional="2010450")
        >>> led.closing(), led.closing(gb.Fund.GENERAL)
        (Decimal('20.00'), Decimal('20.00'))
        """
        if fund is None:
            opening = self.balances.opening_total()
            return opening + self.income_total() - self.total() - self.balances.distribution
        f = Fund.parse(fund)
        return self.balances.opening.get(f, ZERO) + self.income_total(fund=f) - self.total(fund=f)

    def check_closing(self) -> list:
        """Compare given year-end balances with the derived ones; returns reconcile Findings.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> led.balances.closing_given[gb.Fund.GENERAL] = gb.D("5")
        >>> [f.verdict for f in led.check_closing()]
        ['contradiction']
        """
        from .reconcile import check_equal

        return [
            check_equal(
                given,
                self.closing(f),
                rule="balance.closing",
                where=f"年末结转和结余 {f.value}",
                places=("given", "derived: 年初 + 收入 − 支出"),
            )
            for f, given in self.balances.closing_given.items()
        ]

    # ------------------------------------------------------------------ frames
    def to_frame(self) -> pl.DataFrame:
        """All postings as one polars frame (``kind`` = expenditure/income; amount Decimal(38,2) 元).

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.spend("1.10", functional="2010450")
        >>> led.to_frame().select("kind", "amount").row(0)
        ('expenditure', Decimal('1.10'))
        """
        import polars as pl

        rows = [
            {
                "kind": "expenditure",
                "amount": str(p.amount),
                "functional": p.functional,
                "economic": p.economic,
                "spend_type": p.spend_type.value,
                "fund": p.fund.value,
                "carried_over": p.carried_over,
                "unit": p.unit,
                "note": p.note,
            }
            for p in self._postings
        ] + [
            {
                "kind": "income",
                "amount": str(p.amount),
                "functional": p.functional,
                "economic": None,
                "spend_type": None,
                "fund": p.fund.value,
                "carried_over": False,
                "unit": p.unit,
                "note": p.note,
            }
            for p in self._income
        ]
        schema = {
            "kind": pl.String,
            "amount": pl.String,
            "functional": pl.String,
            "economic": pl.String,
            "spend_type": pl.String,
            "fund": pl.String,
            "carried_over": pl.Boolean,
            "unit": pl.String,
            "note": pl.String,
        }
        df = pl.DataFrame(rows, schema=schema, orient="row")
        return df.with_columns(pl.col("amount").str.to_decimal(scale=2).cast(pl.Decimal(38, 2)))

    @classmethod
    def from_frame(cls, frame: pl.DataFrame, unit: Unit | str, year: int, **kwargs: Any) -> Ledger:
        """Build a ledger from a frame shaped like :meth:`to_frame` (amount as Decimal or text).

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.spend("1.10", functional="2010450")
        >>> gb.Ledger.from_frame(led.to_frame(), "某单位", 2024).total()
        Decimal('1.10')
        """
        led = cls(unit, year, **kwargs)
        required = {"kind", "amount"}
        missing = required - set(frame.columns)
        if missing:
            raise DataFileError("postings", [(None, f"missing columns {sorted(missing)}; found {frame.columns}")])
        for i, row in enumerate(frame.iter_rows(named=True), start=2):
            try:
                led._add_row(row)
            except GovBudgetError as e:
                raise DataFileError("postings", [(i, str(e))]) from e
        return led

    def _add_row(self, row: Mapping[str, Any]) -> None:
        amount = row.get("amount")
        if isinstance(amount, float):
            from .errors import FloatNotAllowedError

            raise FloatNotAllowedError(amount)
        amount = str(amount) if amount is not None else ""
        kind = (row.get("kind") or "").strip()

        def opt(k):
            v = row.get(k)
            return None if v is None or str(v).strip() == "" else str(v).strip()

        if kind == "expenditure":
            co = row.get("carried_over")
            carried = co if isinstance(co, bool) else str(co or "").strip().lower() in {"true", "1", "yes", "是"}
            self.spend(
                amount,
                functional=opt("functional"),
                economic=opt("economic"),
                spend_type=opt("spend_type") or SpendType.BASIC,
                fund=opt("fund") or Fund.GENERAL,
                carried_over=carried,
                unit=opt("unit"),
                note=row.get("note") or "",
            )
        elif kind == "income":
            self.receive(
                amount,
                fund=opt("fund") or Fund.GENERAL,
                functional=opt("functional"),
                unit=opt("unit"),
                note=row.get("note") or "",
            )
        else:
            raise LedgerError(f"kind must be 'expenditure' or 'income', found {kind!r}")

    _COLUMNS = ("kind", "amount", "functional", "economic", "spend_type", "fund", "carried_over", "unit", "note")

    def write_csv(self, path: str | Path) -> None:
        """Write all postings to a UTF-8 CSV (amounts as exact text); :meth:`read_csv` reads it back.

        >>> import govbudget as gb, tempfile, pathlib
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.spend("1.10", functional="2010450", economic="30201")
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "postings.csv"
        >>> led.write_csv(p)
        >>> gb.Ledger.read_csv(p, "某单位", 2024).postings == led.postings
        True
        """
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(self._COLUMNS)
            for p in self._postings:
                w.writerow(["expenditure", p.amount, p.functional or "", p.economic or "", p.spend_type.value,
                            p.fund.value, "true" if p.carried_over else "false", p.unit or "", p.note])
            for q in self._income:
                w.writerow(["income", q.amount, q.functional or "", "", "", q.fund.value, "false", q.unit or "",
                            q.note])

    @classmethod
    def read_csv(cls, path: str | Path, unit: Unit | str, year: int, **kwargs: Any) -> Ledger:
        """Read postings written by :meth:`write_csv` (or by hand: same columns); bad rows are
        reported together with their line numbers."""
        led = cls(unit, year, **kwargs)
        problems: list[tuple[int | None, str]] = []
        try:
            fh = open(path, encoding="utf-8-sig", newline="")
        except OSError as e:
            raise DataFileError(path, [(None, f"cannot open: {e.strerror}")]) from e
        with fh:
            reader = csv.DictReader(fh)
            missing = {"kind", "amount"} - set(reader.fieldnames or ())
            if missing:
                raise DataFileError(path, [(1, f"missing columns {sorted(missing)}")])
            for row in reader:
                try:
                    led._add_row(row)
                except GovBudgetError as e:
                    problems.append((reader.line_num, str(e)))
        if problems:
            raise DataFileError(path, problems)
        return led

    def write_parquet(self, path: str | Path) -> None:
        """Write all postings to Parquet with an exact Decimal(38,2) amount column.

        >>> import govbudget as gb, tempfile, pathlib
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.spend("7.20", functional="2010450", spend_type="项目支出")
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "p.parquet"
        >>> led.write_parquet(p)
        >>> gb.Ledger.read_parquet(p, "某单位", 2024).postings == led.postings
        True
        """
        self.to_frame().write_parquet(path)

    @classmethod
    def read_parquet(cls, path: str | Path, unit: Unit | str, year: int, **kwargs: Any) -> Ledger:
        """Read postings written by :meth:`write_parquet`."""
        import polars as pl

        try:
            frame = pl.read_parquet(path)
        except Exception as e:  # polars raises several unrelated types for unreadable files
            raise DataFileError(path, [(None, f"cannot read as Parquet: {e}")]) from e
        return cls.from_frame(frame, unit, year, **kwargs)

    def rollup(
        self,
        tree: str = "functional",
        *,
        by: Iterable[str] = ("spend_type",),
        **filters: Any,
    ) -> pl.DataFrame:
        """Totals at every level of a tree as a polars frame with Decimal(38,2) 元 columns.

        One row per code that has postings at or below it, plus a ``合计`` row (code None);
        one amount column per value of each ``by`` field (``spend_type`` or ``fund``) and
        ``total``. Rows are in code order, the 合计 first.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.spend("100", functional="2010450")
        >>> _ = led.spend("50", functional="2010499", spend_type="项目支出")
        >>> df = led.rollup()
        >>> df.select("code", "total", "基本支出", "项目支出").rows()[:3]
        [(None, Decimal('150.00'), Decimal('100.00'), Decimal('50.00')), ('201', Decimal('150.00'), Decimal('100.00'), Decimal('50.00')), ('20104', Decimal('150.00'), Decimal('100.00'), Decimal('50.00'))]
        """
        import polars as pl

        scheme = "functional" if tree == "functional" else "economic"
        by = tuple(by)
        for b in by:
            if b not in ("spend_type", "fund"):
                raise LedgerError(f"rollup by {b!r}: expected 'spend_type' or 'fund'")
        posts = self.select(**filters) if filters else tuple(
            p for p in self._postings if (p.functional if scheme == "functional" else p.economic) is not None
        )
        columns: list[str] = []
        for b in by:
            members = SpendType if b == "spend_type" else Fund
            columns += [m.value for m in members]
        sums: dict[str | None, dict[str, Decimal]] = {}
        for p in posts:
            code = p.functional if scheme == "functional" else p.economic
            if code is None:
                continue
            keys = [b_val.value for b_val in (getattr(p, b) for b in by)]
            for node in (*self.chain(code, scheme=scheme), None):
                row = sums.setdefault(node, {})
                row["total"] = row.get("total", ZERO) + p.amount
                for k in keys:
                    row[k] = row.get(k, ZERO) + p.amount
        order = sorted(c for c in sums if c is not None)
        records = []
        for code in [None, *order]:
            vals = sums.get(code, {})
            rec: dict[str, Any] = {
                "code": code,
                "name": "合计" if code is None else self.name_of(code, scheme=scheme),
                "level": None if code is None else {3: "类", 5: "款", 7: "项"}[len(code)],
                "parent": None if code is None else self.parent_of(code, scheme=scheme),
                "total": str(vals.get("total", ZERO)),
            }
            for c in columns:
                rec[c] = str(vals.get(c, ZERO))
            records.append(rec)
        schema = {"code": pl.String, "name": pl.String, "level": pl.String, "parent": pl.String,
                  "total": pl.String, **{c: pl.String for c in columns}}
        df = pl.DataFrame(records, schema=schema, orient="row")
        return df.with_columns(
            [pl.col(c).str.to_decimal(scale=2).cast(pl.Decimal(38, 2)) for c in ["total", *columns]]
        )
