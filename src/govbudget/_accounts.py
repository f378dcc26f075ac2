"""The values a ledger is made of: funds, spending types, units, postings, balances and budgets.

They live apart from :class:`govbudget.Ledger` so that the modules that read or write them
(saving a ledger, the rules, the templates) need not import the ledger itself; they are public
as ``govbudget.ledger.X`` (and ``govbudget.X``), which is where they are documented.

>>> from govbudget.ledger import Posting
>>> Posting(amount="1,234.50", functional=" 2010450").functional
'2010450'
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ._codeformat import compact_code
from .classification import check_code
from .errors import FloatNotAllowedError, GovBudgetError, LedgerError, MalformedCodeError
from .money import CENT, ZERO, D, exact, to_yuan

__all__ = ["Balances", "Budgets", "Fund", "IncomePosting", "Posting", "SpendType", "Unit", "UnitKind"]


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
        """Accept a member, its Chinese value or its English name (``"GENERAL"``).

        >>> Fund.parse("GENERAL") is Fund.parse("一般公共预算财政拨款") is Fund.GENERAL
        True
        >>> Fund.parse("财政")
        Traceback (most recent call last):
        ...
        govbudget.errors.LedgerError: '财政' is not a fund; expected one of: 一般公共预算财政拨款, ...
        """
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
        """Accept a member, its Chinese value or its English name.

        >>> SpendType.parse("PROJECT"), SpendType.parse("项目支出")
        (<SpendType.PROJECT: '项目支出'>, <SpendType.PROJECT: '项目支出'>)
        """
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
        """Accept a member, its Chinese value, its English name or the short forms 行政/参公/事业.

        >>> UnitKind.parse("参公"), UnitKind.parse("ADMIN"), UnitKind.parse("财政补助事业单位").name
        (<UnitKind.CIVIL_SERVICE_MANAGED: '参照公务员法管理的事业单位'>, <UnitKind.ADMIN: '行政单位'>, 'FISCAL_SUPPORTED')
        """
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
    >>> Unit(None)
    Traceback (most recent call last):
    ...
    govbudget.errors.LedgerError: a unit name is a non-empty str such as '株洲市某中心', found NoneType None
    """

    name: str = attrs.field(validator=lambda _i, _a, v: _unit_name(v))
    kind: UnitKind = attrs.field(default=UnitKind.OTHER, converter=UnitKind.parse)


def _unit_name(value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise LedgerError(f"a unit name is a non-empty str such as '株洲市某中心', found {type(value).__name__} {value!r}")


#: ledger amounts stay below 10^30 元, so sums of a million postings still fit the Decimal(38, 2)
#: columns of :meth:`Ledger.to_frame` and Parquet
_MAX_LEDGER_DIGITS = 30


@exact
def _amount(value: Any) -> Decimal:
    d = D(value)
    if not d.is_zero() and d.adjusted() >= _MAX_LEDGER_DIGITS:
        raise LedgerError(
            f"amount {value!r} has {d.adjusted() + 1} integer digits; ledgers hold amounts below "
            f"10^{_MAX_LEDGER_DIGITS} 元 (so totals fit Decimal(38, 2) frames)"
        )
    if d != d.quantize(CENT):
        raise LedgerError(f"amount {value!r} has more than 2 decimals; ledgers hold exact 元 to the 分")
    return d.quantize(CENT)


def _opt_amount(value: Any) -> Decimal | None:
    return None if value is None else _amount(value)


def ledger_amount(value: Any) -> Decimal:
    """An amount in 元 on the ledger side (postings, ``Budgets``, ``Balances``, ``Procurement``):
    what :func:`govbudget.D` reads, exact to the 分 and kept at 2 places; finer is refused."""
    return _amount(value)


def _compact_code(value: object) -> object:
    """A code as the ledger reads it: :func:`govbudget.compact_code` of a str (spaces, hyphens and
    full-width digits as any code lookup reads them); anything else is passed on unchanged, to be
    refused with a :class:`~govbudget.LedgerError` by the check that follows.

    Every code the ledger takes (postings, filters, budgets, balances, :meth:`Ledger.learn`)
    goes through here before it is checked, so they are all read the same way.

    >>> _compact_code(" 2080505\u3000"), _compact_code("201-01-01"), _compact_code(2080505)
    ('2080505', '2010101', 2080505)
    """
    return compact_code(value) if isinstance(value, str) else value


def _opt_code(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise LedgerError(f"a code must be a str such as '2010450', found {type(value).__name__} {value!r}")
    return _compact_code(value) or None  # type: ignore[return-value]


#: the units an amount may be given in (``amount_unit=``); ledgers hold 元
AMOUNT_UNITS = ("元", "万元")


def _in_yuan(value: Any, amount_unit: object) -> Any:
    """``value`` in 元: as given for ``amount_unit`` None/"元", converted exactly from 万元."""
    if amount_unit is None or amount_unit == "元":
        return value
    if amount_unit == "万元":
        if isinstance(value, float):
            raise FloatNotAllowedError(value)
        return to_yuan(value)
    raise LedgerError(f"amount_unit must be one of {', '.join(AMOUNT_UNITS)} (or None for 元), found {amount_unit!r}")


_TRUE = {"true", "是"}
_FALSE = {"false", "否"}


def _flag(value: Any) -> bool:
    """``carried_over``: a bool, or the text true/false/是/否 (any case, spaces around allowed)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        v = value.strip().lower()
        if v in _TRUE:
            return True
        if v in _FALSE:
            return False
    raise LedgerError(f"carried_over must be True/False or the text true/false/是/否, found {value!r}")


def _opt_text(what: str) -> Callable[[Any], str | None]:
    def convert(value: Any) -> str | None:
        if value is None or isinstance(value, str):
            return value
        raise LedgerError(f"{what} must be a str or None, found {type(value).__name__} {value!r}")

    return convert


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise LedgerError(f"note must be a str, found {type(value).__name__} {value!r}")


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
    carried_over: bool = attrs.field(default=False, converter=_flag)
    unit: str | None = attrs.field(default=None, converter=_opt_text("unit"))
    note: str = attrs.field(default="", converter=_text)


@attrs.frozen(kw_only=True)
class IncomePosting:
    """One income posting in 元, attributed to the functional code of the spending it funds.

    >>> IncomePosting(amount="100", fund="事业收入").fund
    <Fund.OPERATIONS: '事业收入'>
    """

    amount: Decimal = attrs.field(converter=_amount)
    fund: Fund = attrs.field(default=Fund.GENERAL, converter=Fund.parse)
    functional: str | None = attrs.field(default=None, converter=_opt_code)
    unit: str | None = attrs.field(default=None, converter=_opt_text("unit"))
    note: str = attrs.field(default="", converter=_text)


class _Amounts(dict):
    """A dict whose keys and amounts are checked on every write (set, update, setdefault, |=)."""

    _what = "amounts"

    def __init__(self, data: Any = (), /, **kwargs: Any) -> None:
        super().__init__()
        self.update(data, **kwargs)

    @classmethod
    def _key(cls, key: Any) -> Any:  # pragma: no cover - every subclass overrides it
        return key

    @classmethod
    def _value(cls, value: Any, key: Any) -> Decimal:
        """Every ledger-side amount: exact to the 分, kept at 2 places (as postings)."""
        try:
            return _amount(value)
        except FloatNotAllowedError:
            raise
        except GovBudgetError as e:
            raise LedgerError(f"{cls._what}[{key!r}]: {e}") from e

    def __setitem__(self, key: Any, value: Any) -> None:
        k = self._key(key)
        super().__setitem__(k, self._value(value, k))

    def update(self, data: Any = (), /, **kwargs: Any) -> None:  # type: ignore[override]
        if isinstance(data, Mapping):
            items = list(data.items())
        else:
            try:
                items = [(k, v) for k, v in data]
            except (TypeError, ValueError) as e:
                raise LedgerError(f"{self._what}: expected a mapping or (key, amount) pairs, found {data!r}") from e
        for k, v in [*items, *kwargs.items()]:
            self[k] = v

    def setdefault(self, key: Any, default: Any = None) -> Decimal:  # type: ignore[override]
        k = self._key(key)
        if k not in self:
            self[k] = default
        return self[k]

    def __ior__(self, other: Any) -> _Amounts:  # type: ignore[override,misc]
        self.update(other)
        return self

    def copy(self) -> _Amounts:
        return type(self)(self)


class _FundAmounts(_Amounts):
    _what = "balances by fund"

    @classmethod
    def _key(cls, key: Any) -> Fund:
        return Fund.parse(key)


class _CodeAmounts(_Amounts):
    _what = "budgets by functional code"

    @classmethod
    def _key(cls, key: Any) -> str:
        try:
            return check_code(_compact_code(key), "functional")
        except MalformedCodeError as e:
            raise LedgerError(f"{cls._what}: {e}") from e


class _NamedAmounts(_Amounts):
    _what = "named amounts"

    @classmethod
    def _key(cls, key: Any) -> str:
        if not isinstance(key, str) or not key.strip():
            raise LedgerError(f"{cls._what}: keys are non-empty str such as 'abroad', found {key!r}")
        return key


#: the keys of ``Budgets.three_public`` / ``three_public_initial``: the 三公 rule's figures
THREE_PUBLIC_KEYS = ("total", "abroad", "vehicle", "vehicle_purchase", "vehicle_running", "reception")


class _ThreePublicAmounts(_NamedAmounts):
    _what = "三公 budgets"

    @classmethod
    def _key(cls, key: Any) -> str:
        k = super()._key(key)
        if k not in THREE_PUBLIC_KEYS:
            raise LedgerError(
                f"{cls._what}: unknown key {k!r}; expected one of {', '.join(THREE_PUBLIC_KEYS)}"
            )
        return k


def _three_public_amounts(value: Any) -> _ThreePublicAmounts:
    return value if type(value) is _ThreePublicAmounts else _ThreePublicAmounts(value)


def _fund_amounts(value: Any) -> _FundAmounts:
    return value if type(value) is _FundAmounts else _FundAmounts(value)


def _code_amounts(value: Any) -> _CodeAmounts:
    return value if type(value) is _CodeAmounts else _CodeAmounts(value)


def _named_amounts(value: Any) -> _NamedAmounts:
    return value if type(value) is _NamedAmounts else _NamedAmounts(value)


@attrs.define
class Balances:
    """Year-start balances by fund, 结余分配, and given year-end balances to check against.

    The year-end balance is derived (年初 + 收入 − 支出 − 结余分配); a given value is only
    compared with it. Every amount goes through :func:`govbudget.D` (exact 元 to the 分) when
    it is set, including items put into the dicts later; fund keys go through :meth:`Fund.parse`.

    >>> b = Balances()
    >>> b.opening["一般公共预算财政拨款"] = "100.00"
    >>> b.opening_total(), list(b.opening)
    (Decimal('100.00'), [<Fund.GENERAL: '一般公共预算财政拨款'>])
    >>> b.opening[Fund.GENERAL] = 1.5
    Traceback (most recent call last):
    ...
    govbudget.errors.FloatNotAllowedError: amount 1.5 is a float; ...
    """

    opening: dict[Fund, Decimal] = attrs.field(factory=_FundAmounts, converter=_fund_amounts)
    distribution: Decimal = attrs.field(default=ZERO, converter=_amount)
    closing_given: dict[Fund, Decimal] = attrs.field(factory=_FundAmounts, converter=_fund_amounts)
    #: optional breakdown of ``opening`` by functional 类/款/项 code, keyed ``(fund, code)``; the
    #: tree tables (公开07) print 年初/年末结转和结余 per row from it. Keep Σ per fund = ``opening[fund]``.
    opening_by_code: dict[tuple[Fund, str], Decimal] = attrs.Factory(dict)

    @exact
    def opening_total(self, *, fiscal_only: bool = False) -> Decimal:
        """Σ opening balances (all funds, or the three 财政拨款 funds).

        >>> b = Balances(opening={"一般公共预算财政拨款": "10", "事业收入": "5"})
        >>> b.opening_total(), b.opening_total(fiscal_only=True)
        (Decimal('15.00'), Decimal('10.00'))
        """
        return sum((v for f, v in self.opening.items() if f.is_fiscal or not fiscal_only), ZERO)

    def opening_for(self, fund: Fund | str, code: str) -> Decimal:
        """年初结转和结余 of ``fund`` booked on functional ``code`` or below it (a 类 adds its 款/项).

        >>> b = Balances()
        >>> b.opening_by_code[(Fund.GOV_FUND, "2120801")] = "50000"
        >>> b.opening_for("政府性基金预算财政拨款", "212"), b.opening_for(Fund.GOV_FUND, "2130101")
        (Decimal('50000.00'), Decimal('0.00'))
        """
        f = Fund.parse(fund)
        code = _compact_code(code)  # type: ignore[assignment]
        items = (D(v) for (g, c), v in self.opening_by_code.items() if Fund.parse(g) is f and c.startswith(code))
        return sum(items, ZERO)


@attrs.define
class Budgets:
    """Budgets and prior-year figures the 说明 compares with (external inputs, in 元).

    ``initial`` / ``adjusted`` map a functional code to its 年初预算 / 全年(调整后)预算;
    ``initial_total`` / ``adjusted_total`` are the stated totals (which may differ from the sum
    of items by tail rounding when transcribed from 万元); ``three_public`` maps the items
    ``abroad``, ``vehicle_purchase``, ``vehicle_running``, ``reception`` (and optionally the
    subtotal ``vehicle`` and the ``total``) to their budget; any other key raises
    :class:`~govbudget.LedgerError` naming the allowed ones. A stated ``total`` or ``vehicle``
    that differs from the sum of its stated items is kept as stated (公开09 prints it) and is
    flagged: in the 三公 figure's notes, in ``PublicTable.issues`` of 公开09, in
    ``Narrative.warnings`` and as a ``budget`` finding of ``RuleSet.check(led, "three_public")``.
    ``prior`` holds prior-year figures under free keys. Every amount goes through
    :func:`govbudget.D` when set (a float raises :class:`~govbudget.FloatNotAllowedError`);
    codes must be well-formed functional codes.

    >>> b = Budgets(initial={"2010450": D("4764100")})
    >>> b.initial_sum()
    Decimal('4764100.00')
    >>> b.initial["2010499"] = "100.5"
    >>> b.initial_sum()
    Decimal('4764200.50')
    >>> Budgets(initial={"2010450": 1.5})
    Traceback (most recent call last):
    ...
    govbudget.errors.FloatNotAllowedError: amount 1.5 is a float; ...
    >>> Budgets().three_public["recepton"] = "5000"
    Traceback (most recent call last):
    ...
    govbudget.errors.LedgerError: 三公 budgets: unknown key 'recepton'; expected one of total, abroad, vehicle, vehicle_purchase, vehicle_running, reception
    """

    initial: dict[str, Decimal] = attrs.field(factory=_CodeAmounts, converter=_code_amounts)
    adjusted: dict[str, Decimal] = attrs.field(factory=_CodeAmounts, converter=_code_amounts)
    initial_total: Decimal | None = attrs.field(default=None, converter=_opt_amount)
    adjusted_total: Decimal | None = attrs.field(default=None, converter=_opt_amount)
    three_public: dict[str, Decimal] = attrs.field(factory=_ThreePublicAmounts, converter=_three_public_amounts)
    prior: dict[str, Decimal] = attrs.field(factory=_NamedAmounts, converter=_named_amounts)
    #: 年初 三公 budgets, same keys as ``three_public`` (which holds the 全年/调整后 budget); a rule
    #: file picks one with ``budget = "three_public_initial"`` (central 2019 wording).
    three_public_initial: dict[str, Decimal] = attrs.field(
        factory=_ThreePublicAmounts, converter=_three_public_amounts
    )

    @exact
    def initial_sum(self) -> Decimal:
        """Σ of the 年初预算 items.

        >>> Budgets(initial={"2010450": "1.25", "2010499": "2"}).initial_sum()
        Decimal('3.25')
        """
        return sum(self.initial.values(), Decimal(0))


# documented (and pickled) where users meet them: govbudget.ledger
for _cls in (Fund, SpendType, UnitKind, Unit, Posting, IncomePosting, Balances, Budgets):
    _cls.__module__ = "govbudget.ledger"
del _cls
