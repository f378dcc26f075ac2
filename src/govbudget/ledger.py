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
totals (an ``economic`` filter, or a roll-up of the economic tree) use the postings that have
an economic code. See :class:`Ledger` for the full rule.
"""

from __future__ import annotations

import csv
import enum
import warnings
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._accounts import (
    AMOUNT_UNITS,
    Balances,
    Budgets,
    Fund,
    IncomePosting,
    Posting,
    SpendType,
    Unit,
    UnitKind,
    _compact_code,
    _in_yuan,
)
from .classification import Edition, Subject, check_code, economic, editions, functional
from .errors import (
    DataFileError,
    FloatNotAllowedError,
    GovBudgetError,
    LedgerError,
    MalformedCodeError,
    UnknownEditionError,
)
from .money import ZERO, D, exact  # noqa: F401 - D: the doctests of the classes from _accounts run here

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


class _AnyUnit:
    """The default of the ``unit`` filter: every unit (``unit=None`` means the ledger's own)."""

    def __repr__(self) -> str:
        return "<every unit>"


_ANY: Any = _AnyUnit()


@cache
def _shipped_codes(scheme: str) -> frozenset[str]:
    """Every code of every shipped edition of ``scheme`` (a filter code that is real in some year)."""
    out: set[str] = set()
    for y in editions()[scheme]:
        out.update(functional(y) if scheme == "functional" else economic(y))
    return frozenset(out)


UNKNOWN_CODES = ("error", "learn")


def _unknown_codes(value: object, accept_attested: object) -> str:
    if accept_attested is not None:
        warnings.warn("Ledger(accept_attested=…) is replaced by unknown_codes='learn' | 'error'",
                      DeprecationWarning, stacklevel=3)
        if not isinstance(accept_attested, bool):
            raise LedgerError(f"accept_attested must be True or False, found {accept_attested!r}")
        if accept_attested:
            value = "learn"
    if value not in UNKNOWN_CODES:
        raise LedgerError(f"unknown_codes must be 'error' or 'learn', found {value!r}")
    return value  # type: ignore[return-value]


def _sub_units(units: object) -> dict[str, Unit]:
    try:
        unit_list = list(units)  # type: ignore[call-overload]
    except TypeError as e:
        raise LedgerError(f"units must be an iterable of Unit, found {units!r}") from e
    out: dict[str, Unit] = {}
    for u in unit_list:
        if not isinstance(u, Unit):
            raise LedgerError(f"units must be Unit values such as Unit('某中心', '事业单位'), found {u!r}")
        if u.name in out:
            raise LedgerError(f"units: {u.name!r} is declared twice ({out[u.name].kind.value}, {u.kind.value}); "
                              "each sub-unit name must be unique")
        out[u.name] = u
    return out


class Ledger:
    """A unit's accounts for one year, built from postings (amounts in 元).

    Args:
        unit: the reporting :class:`Unit` (or its name).
        year: the budget year; selects the code editions.
        functional_edition / economic_edition: override the shipped editions (e.g. an
            official table loaded with :func:`govbudget.load_edition`).
        unknown_codes: what a well-formed code absent from the edition does: ``"error"`` (the
            default) refuses the posting; ``"learn"`` takes it, with the name the posting gives
            (``name=``) or unnamed, and lists it in :attr:`learned_codes`. Roll-ups place a
            learned code under its parents by its digits (``2130198`` under ``21301`` and ``213``).
        units: sub-units of a consolidated department (for 机关运行经费 by unit kind); names must
            be distinct.

    **Editions.** Codes are checked against the shipped edition of ``year``. A year without
    shipped tables fails as :func:`govbudget.functional` does (:class:`~govbudget.UnknownEditionError`)
    unless editions are passed, or ``unknown_codes="learn"`` (then every code is learned from
    the postings and :attr:`edition_note` says so).

    **Which postings a total uses.** A posting may carry a functional code, an economic code or
    both. A posting with only an economic code (a 公开06 leaf) is a second view of money already
    counted under a functional code, so it must not be counted twice:

    - with a ``functional`` filter, or with no code filter at all, a total uses the postings that
      have a functional code (the functional view);
    - with an ``economic`` filter (and no ``functional`` one), it uses the postings that have an
      economic code (the economic view);
    - with both filters, a posting must match both;
    - :meth:`rollup` of the ``"economic"`` tree uses the economic view and of the
      ``"functional"`` tree the functional view, whatever other filters are given.

    Filter codes are checked: a malformed code or a non-str raises :class:`~govbudget.LedgerError`,
    and so does a code unknown to the ledger's edition, to every shipped edition of the scheme and
    to the codes learned from the postings (a typo would otherwise total 0.00).

    **Inputs.** Amounts are read by :func:`govbudget.D` (what :func:`govbudget.parse_amount`
    reads, a blank aside) and may be given in 万元 with ``amount_unit="万元"``; codes have the
    spaces around them removed; see the page *One input rule* of the docs.

    >>> import govbudget as gb
    >>> led = gb.Ledger("某单位", 2024)
    >>> led.spend("10", functional="2999999")
    Traceback (most recent call last):
    ...
    govbudget.errors.LedgerError: functional code '2999999' of posting 1 is not in the functional edition 2024 ...
    >>> led = gb.Ledger("某单位", 2024, unknown_codes="learn")
    >>> _ = led.spend("1,234.50", functional="2999999", name="示例支出")
    >>> led.learned_codes["functional"], led.total(functional="299")
    ({'2999999': '示例支出'}, Decimal('1234.50'))
    >>> gb.Ledger("某单位", 2030)
    Traceback (most recent call last):
    ...
    govbudget.errors.UnknownEditionError: no functional edition for 2030; shipped editions: ...
    """

    def __init__(
        self,
        unit: Unit | str,
        year: int,
        *,
        functional_edition: Edition | None = None,
        economic_edition: Edition | None = None,
        unknown_codes: str = "error",
        units: Iterable[Unit] = (),
        accept_attested: bool | None = None,
    ) -> None:
        if isinstance(unit, str):
            unit = Unit(unit)
        if not isinstance(unit, Unit):
            raise LedgerError(f"unit must be a Unit or its name (a str), found {type(unit).__name__} {unit!r}")
        self.unit = unit
        if isinstance(year, bool) or not isinstance(year, int):
            raise UnknownEditionError("functional", year, editions()["functional"],
                                      message=f"the year of a ledger must be an int such as 2024, "
                                              f"found {type(year).__name__} {year!r}")
        self.unknown_codes = _unknown_codes(unknown_codes, accept_attested)
        for name, ed in (("functional_edition", functional_edition), ("economic_edition", economic_edition)):
            if ed is not None and not isinstance(ed, Edition):
                raise LedgerError(f"{name} must be an Edition (see govbudget.load_edition), found {ed!r}")
        self.units: dict[str, Unit] = _sub_units(units)
        self._notes: list[str] = []
        self._fn = functional_edition or self._shipped("functional", year)
        self._ec = economic_edition or self._shipped("economic", year)
        self.year: int = year
        self._known_filters: set[tuple[str, str]] = set()
        self._postings: list[Posting] = []
        self._income: list[IncomePosting] = []
        self._learned: dict[str, dict[str, str | None]] = {"functional": {}, "economic": {}}
        self.balances = Balances()
        self.budgets = Budgets()
        self.extras: dict[str, Any] = {}

    def _shipped(self, scheme: str, year: object) -> Edition:
        get = functional if scheme == "functional" else economic
        if isinstance(year, int) and not isinstance(year, bool) and year in editions()[scheme]:
            return get(year)
        if self.unknown_codes == "learn" and isinstance(year, int) and not isinstance(year, bool):
            self._notes.append(f"no {scheme} edition {year} is shipped: every code is learned from the postings")
            return Edition(scheme, year, (), completeness="no shipped edition; codes learned from the postings")
        try:
            get(year)  # type: ignore[arg-type]  # fails as functional(year) / economic(year) fails
        except UnknownEditionError as e:
            raise UnknownEditionError(
                e.scheme, e.year, e.available,
                message=f"{e}. A ledger of that year needs functional_edition=/economic_edition= "
                        "(see govbudget.load_edition) or unknown_codes='learn'",
            ) from None
        raise AssertionError("unreachable: a shipped edition was not found")  # pragma: no cover

    @property
    def edition_note(self) -> str:
        """How the editions were chosen when ``year`` has no shipped one ("" when it has).

        >>> import govbudget as gb
        >>> gb.Ledger("某单位", 2024).edition_note
        ''
        >>> gb.Ledger("某单位", 2030, unknown_codes="learn").edition_note.split(";")[0]
        'no functional edition 2030 is shipped: every code is learned from the postings'
        """
        return "; ".join(self._notes)

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
    def learned_codes(self) -> dict[str, dict[str, str | None]]:
        """Codes taken though absent from the edition: scheme → code → name (None when unnamed)."""
        return {k: dict(v) for k, v in self._learned.items()}

    def learn(self, code: str, name: str | None = None, *, scheme: str = "functional") -> None:
        """Declare a code absent from the edition (and its name), in either ``unknown_codes`` mode.

        A code the edition has is not learned (its name must then be one the edition gives it);
        a learned code keeps the first name it was given, and another name raises
        :class:`~govbudget.LedgerError`.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> led.learn(" 2130198", "行政运行")
        >>> led.name_of("2130198"), led.parent_of("2130198")
        ('行政运行', '21301')
        """
        if scheme not in ("functional", "economic"):
            raise LedgerError(f"scheme must be 'functional' or 'economic', found {scheme!r}")
        if name is not None and not isinstance(name, str):
            raise LedgerError(f"a code's name is a str such as '行政运行', found {type(name).__name__} {name!r}")
        code = self._well_formed(_compact_code(code), scheme, "learn")
        if self._unknown(code, scheme, name, "learn"):
            self._remember(code, scheme, name)

    def _well_formed(self, code: object, scheme: str, where: str) -> str:
        if not isinstance(code, str):
            raise LedgerError(f"{where}: a code must be a str such as '2010450', found {type(code).__name__} {code!r}")
        try:
            return check_code(code, scheme)
        except MalformedCodeError as e:
            raise LedgerError(f"{where}: {e}") from e

    def _unknown(self, code: str, scheme: str, name: str | None, where: str) -> bool:
        """True when ``code`` is to be learned; raises when the name contradicts what is known."""
        edition = self._fn if scheme == "functional" else self._ec
        subject = edition.get(code)
        if subject is not None:
            if name is not None and name.strip() not in subject.names:
                raise LedgerError(f"{where}: {scheme} code {code!r} is {subject.name!r} in the {scheme} edition "
                                  f"{edition.year}; the posting names it {name!r}")
            return False
        if code in self._learned[scheme]:
            known = self._learned[scheme][code]
            if name is not None and known is not None and name.strip() != known:
                raise LedgerError(f"{where}: {scheme} code {code!r} was learned as {known!r}; "
                                  f"the posting names it {name!r}")
            return name is not None and known is None
        return True

    def _remember(self, code: str, scheme: str, name: str | None) -> None:
        self._learned[scheme][code] = None if name is None else name.strip()
        self.__dict__.pop("_ancestor_cache", None)

    def _check(self, code: str | None, scheme: str, where: str, name: str | None) -> bool:
        """Check a posting's code; True when it is to be learned (the caller records it once all passed)."""
        if code is None:
            if name is not None:
                raise LedgerError(f"{where}: a {scheme} name {name!r} is given without a {scheme} code")
            return False
        code = self._well_formed(code, scheme, where)
        if not self._unknown(code, scheme, name, where):
            return False
        if self.unknown_codes == "learn" or code in self._learned[scheme]:
            return True
        edition = self._fn if scheme == "functional" else self._ec
        near = ", ".join(edition.nearest(code, 3)) if len(edition) else "none"
        note = f" Note: {self.edition_note}." if self.edition_note else ""
        raise LedgerError(
            f"{scheme} code {code!r} of {where} is not in the {scheme} edition {edition.year} "
            f"({edition.completeness}); nearest known: {near}. Build the ledger with unknown_codes='learn' "
            f"to take well-formed codes the edition lacks (name them with name=), or load the official "
            f"edition.{note}"
        )

    def _check_unit(self, unit: str | None, where: str) -> None:
        if unit is None or unit in self.units or unit == self.unit.name:
            return
        if unit in AMOUNT_UNITS:
            raise LedgerError(f"{where}: unit {unit!r} is an amount unit; unit= names a sub-unit (所属单位). "
                              f"For an amount in {unit} pass amount_unit={unit!r}")
        declared = ", ".join(sorted(self.units)) or "none"
        raise LedgerError(
            f"{where}: unit {unit!r} is not declared (sub-units: {declared}; the ledger's own unit: "
            f"{self.unit.name!r}); pass units=[Unit({unit!r}, kind), …] to the Ledger so that rules by unit kind "
            "(机关运行经费) can classify it"
        )

    def add(
        self, posting: Posting | IncomePosting, *, name: str | None = None, economic_name: str | None = None
    ) -> Posting | IncomePosting:
        """Add a posting after checking its codes against the editions and its unit.

        A posting's ``unit`` must be one of :attr:`units` or the ledger's own unit name (``None``
        means the ledger's unit); anything else is refused here rather than failing later in a rule.
        ``name`` names the posting's functional code (its economic code when it has no functional
        one) and ``economic_name`` its economic code; see :meth:`learn`. A refused posting
        leaves nothing behind (no learned code, no posting).

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> led.add(gb.Posting(amount="5", functional="2210201", economic="30113")).amount
        Decimal('5.00')
        >>> led.spend("5", functional="2210201", unit="所属中心")
        Traceback (most recent call last):
        ...
        govbudget.errors.LedgerError: posting 2: unit '所属中心' is not declared (sub-units: none; ...
        """
        for what, v in (("name", name), ("economic_name", economic_name)):
            if v is not None and not isinstance(v, str):
                raise LedgerError(f"{what} must be a str such as '行政运行', found {type(v).__name__} {v!r}")
        if isinstance(posting, Posting):
            where = f"posting {len(self._postings) + 1}"
            if posting.functional is None and posting.economic is None:
                raise LedgerError(f"{where}: a posting needs a functional or an economic code (found neither)")
            fn_name, ec_name = (name, economic_name) if posting.functional is not None else (None, name)
            if posting.functional is None and economic_name is not None:
                raise LedgerError(f"{where}: economic_name is for a posting with both codes; name= names the "
                                  "economic code of an economic-only posting")
            new = [(c, s, n) for c, s, n in ((posting.functional, "functional", fn_name),
                                             (posting.economic, "economic", ec_name))
                   if self._check(c, s, where, n)]
            self._check_unit(posting.unit, where)
            self._postings.append(posting)
        elif isinstance(posting, IncomePosting):
            where = f"income posting {len(self._income) + 1}"
            if economic_name is not None:
                raise LedgerError(f"{where}: an income posting has no economic code to name")
            new = [(posting.functional, "functional", name)] if self._check(
                posting.functional, "functional", where, name) else []
            self._check_unit(posting.unit, where)
            self._income.append(posting)
        else:
            raise LedgerError(f"expected a Posting or IncomePosting, found {type(posting).__name__}")
        for code, scheme, n in new:  # every check passed: only now is anything learned
            self._remember(code, scheme, n)  # type: ignore[arg-type]
        return posting

    def spend(
        self,
        amount: Decimal | str | int,
        *,
        amount_unit: str | None = None,
        name: str | None = None,
        economic_name: str | None = None,
        **fields: Any,
    ) -> Posting:
        """Add an expenditure posting; keyword fields as in :class:`Posting`.

        ``amount`` is read by :func:`govbudget.D` (``"1,234.50"``, ``"(12.50)"`` …) in 元, or in
        万元 with ``amount_unit="万元"`` (converted exactly by :func:`govbudget.to_yuan`);
        ``name`` / ``economic_name`` as in :meth:`add`.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> led.spend("0.50", functional="2010450", economic="30201", fund="一般公共预算财政拨款").fund.name
        'GENERAL'
        >>> led.spend("1,234.56", amount_unit="万元", functional=" 2010450").amount
        Decimal('12345600.00')
        """
        try:
            p = Posting(amount=_in_yuan(amount, amount_unit), **fields)
        except TypeError as e:
            if isinstance(e, GovBudgetError):
                raise
            raise LedgerError(f"bad posting fields {sorted(fields)}: {e}") from e
        return self.add(p, name=name, economic_name=economic_name)  # type: ignore[return-value]

    def receive(
        self, amount: Decimal | str | int, *, amount_unit: str | None = None, name: str | None = None, **fields: Any
    ) -> IncomePosting:
        """Add an income posting; keyword fields as in :class:`IncomePosting`, amount as in :meth:`spend`.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> led.receive("100", fund=gb.Fund.OPERATIONS).amount
        Decimal('100.00')
        """
        try:
            p = IncomePosting(amount=_in_yuan(amount, amount_unit), **fields)
        except TypeError as e:
            if isinstance(e, GovBudgetError):
                raise
            raise LedgerError(f"bad income fields {sorted(fields)}: {e}") from e
        return self.add(p, name=name)  # type: ignore[return-value]

    # ------------------------------------------------------------------ trees
    def subject(self, code: str, *, scheme: str = "functional") -> Subject | None:
        """The edition's subject for ``code``, or None for a code the ledger learned.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024, unknown_codes="learn")
        >>> led.subject("2010450").name, led.subject("30217", scheme="economic").level
        ('事业运行', '款')
        >>> _ = led.spend("1", functional="2130198")
        >>> led.subject("2130198") is None
        True
        """
        edition = self._fn if scheme == "functional" else self._ec
        return edition.get(code)

    def name_of(self, code: str, *, scheme: str | None = None) -> str | None:
        """The name of a code from the edition, else the name it was learned with (None when unnamed).

        >>> import govbudget as gb
        >>> gb.Ledger("某单位", 2024).name_of("30217")
        '公务接待费'
        """
        scheme = scheme or ("economic" if code[:1] in "35" else "functional")
        edition = self._fn if scheme == "functional" else self._ec
        s = edition.get(code)
        if s is not None:
            return s.name
        return self._learned["economic" if scheme != "functional" else "functional"].get(code)

    def parent_of(self, code: str, *, scheme: str = "functional") -> str | None:
        """The parent code: the edition's explicit link, else the structural parent of a learned code.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024, unknown_codes="learn")
        >>> led.parent_of("2010450"), led.parent_of("201"), led.parent_of("30217", scheme="economic")
        ('20104', None, '302')
        >>> led.parent_of("2130198")  # not in the edition: its parent by the digits
        '21301'
        """
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
    _FILTERS = ("functional", "economic", "fund", "spend_type", "carried_over", "unit")

    def _filter_code(self, code: object, scheme: str) -> str:
        """Check one filter code: a str, well-formed, and known (edition, any shipped edition, learned)."""
        if not isinstance(code, str):
            raise LedgerError(
                f"{scheme} filter must be a code as a str such as {'2010450' if scheme == 'functional' else '302'!r}, "
                f"found {type(code).__name__} {code!r}"
            )
        code = _compact_code(code)
        if (scheme, code) in self._known_filters:
            return code  # type: ignore[return-value]
        try:
            check_code(code, scheme)
        except MalformedCodeError as e:
            raise LedgerError(f"{scheme} filter: {e}") from e
        edition = self._fn if scheme == "functional" else self._ec
        known = (
            code in edition
            or code in _shipped_codes(scheme)
            or any(code in self.chain(a, scheme=scheme) for a in self._learned[scheme])
        )
        if not known:
            note = f" Note: {self.edition_note}." if self.edition_note else ""
            raise LedgerError(
                f"{scheme} filter {code!r} is not in the {scheme} edition {edition.year} ({edition.completeness}), "
                f"in any shipped {scheme} edition, nor among the codes the ledger learned; nearest known: "
                f"{', '.join(edition.nearest(code, 3)) if len(edition) else 'none'}.{note}"
            )
        self._known_filters.add((scheme, code))
        return code

    def _codes(self, value: object, scheme: str) -> tuple[str, ...] | None:
        if value is None:
            return None
        if isinstance(value, str):
            return (self._filter_code(value, scheme),)
        if scheme == "economic" and isinstance(value, Iterable):
            codes = tuple(self._filter_code(c, scheme) for c in value)
            if not codes:
                raise LedgerError("economic filter: an empty list of codes matches nothing; pass None for no filter")
            return codes
        kind = "a code or several codes" if scheme == "economic" else "one code"
        raise LedgerError(f"{scheme} filter must be {kind} as str, found {type(value).__name__} {value!r}")

    @staticmethod
    def _set(value, parse, what: str):
        if value is None:
            return None
        if isinstance(value, str | enum.Enum):
            return frozenset({parse(value)})
        if not isinstance(value, Iterable):
            raise LedgerError(f"{what} filter must be one value or several, found {type(value).__name__} {value!r}")
        return frozenset(parse(v) for v in value)

    def _units(self, value: object) -> frozenset[str | None] | None:
        """The ``unit`` filter as the set of ``Posting.unit`` values it matches (None: no filter).

        ``None`` and the ledger's own name both mean the ledger's own unit, which postings give
        as ``unit=None`` or by its name; other names must be declared sub-units.
        """
        if value is _ANY:
            return None
        names = (value,) if value is None or isinstance(value, str) else None
        if names is None and isinstance(value, Iterable):
            names = tuple(value)
        if names is None or not all(u is None or isinstance(u, str) for u in names):
            raise LedgerError(f"unit filter must be a unit name (str), None for the ledger's own unit, or several, "
                              f"found {value!r}")
        out: set[str | None] = set()
        for u in names:
            if u is None or u == self.unit.name:
                out |= {None, self.unit.name}
            elif u in self.units:
                out.add(u)
            else:
                declared = ", ".join(sorted(self.units)) or "none"
                raise LedgerError(f"unit filter {u!r} is not the ledger's own unit ({self.unit.name!r}) nor a "
                                  f"declared sub-unit (sub-units: {declared})")
        return frozenset(out)

    def _select(self, view: str, filters: Mapping[str, Any]) -> tuple[Posting, ...]:
        """Postings matching ``filters``; with no code filter, those with a code of ``view``."""
        unknown = sorted(set(filters) - set(self._FILTERS))
        if unknown:
            raise LedgerError(f"unknown filter {', '.join(unknown)}; expected any of: {', '.join(self._FILTERS)}")
        fn_codes = self._codes(filters.get("functional"), "functional")
        ec_codes = self._codes(filters.get("economic"), "economic")
        funds = self._set(filters.get("fund"), Fund.parse, "fund")
        types = self._set(filters.get("spend_type"), SpendType.parse, "spend_type")
        carried = filters.get("carried_over")
        if carried is not None and not isinstance(carried, bool):
            raise LedgerError(f"carried_over filter must be True, False or None, found {carried!r}")
        units = self._units(filters.get("unit", _ANY))
        if fn_codes is None and ec_codes is None:
            view_attr = "functional" if view == "functional" else "economic"
        else:
            view_attr = None
        out = []
        for p in self._postings:
            if view_attr is not None and getattr(p, view_attr) is None:
                continue
            if fn_codes is not None and (p.functional is None or fn_codes[0] not in self.chain(p.functional)):
                continue
            if ec_codes is not None:
                if p.economic is None:
                    continue
                chain = self.chain(p.economic, scheme="economic")
                if not any(c in chain for c in ec_codes):
                    continue
            if funds is not None and p.fund not in funds:
                continue
            if types is not None and p.spend_type not in types:
                continue
            if carried is not None and p.carried_over != carried:
                continue
            if units is not None and p.unit not in units:
                continue
            out.append(p)
        return tuple(out)

    def select(
        self,
        *,
        functional: str | None = None,
        economic: str | Iterable[str] | None = None,
        fund: Fund | str | Iterable[Fund | str] | None = None,
        spend_type: SpendType | str | Iterable[SpendType | str] | None = None,
        carried_over: bool | None = None,
        unit: Any = _ANY,
    ) -> tuple[Posting, ...]:
        """The expenditure postings matching every filter (see :meth:`total` and, for which postings
        count, :class:`Ledger`). Without ``unit``, postings of every unit; ``unit=None``, those of the
        ledger's own unit.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.spend("100", functional="2010450", economic="30101")
        >>> _ = led.spend("100", economic="30201")  # economic-only view
        >>> [p.economic for p in led.select()], [p.economic for p in led.select(economic=["301", "302"])]
        (['30101'], ['30101', '30201'])
        """
        return self._select(
            "functional",
            {"functional": functional, "economic": economic, "fund": fund, "spend_type": spend_type,
             "carried_over": carried_over, "unit": unit},
        )

    @exact
    def total(self, **filters: Any) -> Decimal:
        """Σ expenditure matching the filters, at any level of either tree.

        Filters: ``functional`` (a 类/款/项 code), ``economic`` (a 类/款 code or several),
        ``fund`` (one or several :class:`Fund`), ``spend_type``, ``carried_over``, ``unit`` (a
        sub-unit's name, several, or ``None`` for the ledger's own unit; without it, every unit).
        An unknown filter name, a malformed or unknown code raise :class:`~govbudget.LedgerError`.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.spend("100", functional="2080505", economic="30108")
        >>> _ = led.spend("20", functional="2080505", economic="30108", fund="事业收入")
        >>> led.total(functional="208"), led.total(functional="208", fund=gb.Fund.GENERAL)
        (Decimal('120.00'), Decimal('100.00'))
        >>> led.total(functional="20l")
        Traceback (most recent call last):
        ...
        govbudget.errors.LedgerError: functional filter: '20l' is not a functional code: expected 3, 5 or 7 ASCII digits (类/款/项), found the non-digit character 'l' at position 3
        """
        return sum((p.amount for p in self._select("functional", filters)), ZERO)

    @exact
    def income_total(
        self,
        *,
        fund: Fund | str | Iterable[Fund | str] | None = None,
        functional: str | None = None,
        unit: Any = _ANY,
    ) -> Decimal:
        """Σ income matching the filters (``unit`` as in :meth:`total`).

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.receive("100", fund="一般公共预算财政拨款", functional="2010450")
        >>> led.income_total(functional="201"), led.income_total(fund="事业收入")
        (Decimal('100.00'), Decimal('0.00'))
        """
        funds = self._set(fund, Fund.parse, "fund")
        codes = self._codes(functional, "functional")
        units = self._units(unit)
        out = ZERO
        for p in self._income:
            if funds is not None and p.fund not in funds:
                continue
            if codes is not None and (p.functional is None or codes[0] not in self.chain(p.functional)):
                continue
            if units is not None and p.unit not in units:
                continue
            out += p.amount
        return out

    @exact
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

        Columns must be among those of :meth:`to_frame` (``kind`` and ``amount`` required); every
        bad row is reported at once in a :class:`~govbudget.DataFileError` whose "line" numbers
        are the frame's row numbers counted from 1.

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.spend("1.10", functional="2010450")
        >>> gb.Ledger.from_frame(led.to_frame(), "某单位", 2024).total()
        Decimal('1.10')
        """
        import polars as pl

        led = cls(unit, year, **kwargs)
        if isinstance(frame, pl.LazyFrame):
            frame = frame.collect()
        if not isinstance(frame, pl.DataFrame):
            raise DataFileError("postings", [(None, f"expected a polars DataFrame, found {type(frame).__name__}")])
        led._check_columns("postings", frame.columns, None)
        problems: list[tuple[int | None, str]] = []
        for i, row in enumerate(frame.iter_rows(named=True), start=1):
            try:
                led._add_row(row)
            except GovBudgetError as e:
                problems.append((i, str(e)))
        if problems:
            raise DataFileError("postings", problems)
        return led

    def _check_columns(self, path: object, columns: Iterable[str | None], line: int | None) -> None:
        cols = list(columns)
        problems: list[tuple[int | None, str]] = []
        missing = [c for c in ("kind", "amount") if c not in cols]
        if missing:
            problems.append((line, f"missing columns {missing}; found {cols}"))
        unknown = [c for c in cols if c not in self._COLUMNS]
        if unknown:
            problems.append((line, f"unknown columns {unknown}; known columns: {', '.join(self._COLUMNS)}"))
        dup = sorted({c for c in cols if cols.count(c) > 1 and c is not None})
        if dup:
            problems.append((line, f"duplicate columns {dup}"))
        if problems:
            raise DataFileError(path, problems)

    def _add_row(self, row: Mapping[str, Any]) -> None:
        amount = row.get("amount")
        if isinstance(amount, float):
            raise FloatNotAllowedError(amount)
        if amount is None:
            raise LedgerError("amount is empty")
        if not isinstance(amount, str | int | Decimal):
            raise LedgerError(f"amount must be text, an int or a Decimal, found {type(amount).__name__}")
        raw_kind = row.get("kind")
        kind = raw_kind.strip() if isinstance(raw_kind, str) else raw_kind

        def opt(k):
            v = row.get(k)
            return None if v is None or str(v).strip() == "" else str(v).strip()

        if kind == "expenditure":
            co = row.get("carried_over")
            carried = False if co is None or (isinstance(co, str) and not co.strip()) else co
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
            for k in ("economic", "spend_type"):
                if opt(k) is not None:
                    raise LedgerError(f"an income row has no {k}, found {row.get(k)!r}")
            co = row.get("carried_over")
            if co not in (None, False) and not (isinstance(co, str) and co.strip().lower() in {"", "false", "否"}):
                raise LedgerError(f"an income row is never carried over, found carried_over={co!r}")
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

        Postings only: the unit kind, sub-units, balances, budgets and extras are not in the file
        (use :meth:`save` / :meth:`load` for the whole ledger).

        >>> import govbudget as gb, tempfile, pathlib
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.spend("1.10", functional="2010450", economic="30201")
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "postings.csv"
        >>> led.write_csv(p)
        >>> gb.Ledger.read_csv(p, "某单位", 2024).postings == led.postings
        True
        """
        try:
            with open(path, "w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh, lineterminator="\n")
                w.writerow(self._COLUMNS)
                for p in self._postings:
                    w.writerow(["expenditure", p.amount, p.functional or "", p.economic or "", p.spend_type.value,
                                p.fund.value, "true" if p.carried_over else "false", p.unit or "", p.note])
                for q in self._income:
                    w.writerow(["income", q.amount, q.functional or "", "", "", q.fund.value, "false", q.unit or "",
                                q.note])
        except OSError as e:
            raise DataFileError(path, [(None, f"cannot write: {e.strerror or e}")]) from e

    @classmethod
    def read_csv(cls, path: str | Path, unit: Unit | str, year: int, **kwargs: Any) -> Ledger:
        """Read postings written by :meth:`write_csv` (or by hand: same columns).

        Postings only: balances, budgets, sub-units and extras start empty (:meth:`load` reads a
        whole ledger saved by :meth:`save`).

        The header must name only known columns (``kind`` and ``amount`` required); a row with
        more cells than the header, a bad value or an unknown code is a problem, and every
        problem is reported at once with its line number in a :class:`~govbudget.DataFileError`.

        >>> import govbudget as gb, tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "postings.csv"
        >>> _ = p.write_text("kind,amount,functional,carried_over\\n"
        ...                  "expenditure,12.50,2010450,true\\nincome,12.50,2010450,\\n", encoding="utf-8")
        >>> led = gb.Ledger.read_csv(p, "某单位", 2024)
        >>> led.total(), led.income_total(), led.postings[0].carried_over
        (Decimal('12.50'), Decimal('12.50'), True)
        >>> _ = p.write_text("kind,amount,memo\\nexpenditure,1,x\\n", encoding="utf-8")
        >>> gb.Ledger.read_csv(p, "某单位", 2024)
        Traceback (most recent call last):
        ...
        govbudget.errors.DataFileError: ...: 1 bad row
          line 1: unknown columns ['memo']; known columns: kind, amount, functional, economic, spend_type, fund, carried_over, unit, note
        """
        led = cls(unit, year, **kwargs)
        led._read_postings_csv(path)
        return led

    def _read_postings_csv(self, path: str | Path) -> None:
        if not isinstance(path, str | Path):
            raise DataFileError(repr(path), [(None, f"expected a path (str or Path), found {type(path).__name__}")])
        problems: list[tuple[int | None, str]] = []
        try:
            fh = open(path, encoding="utf-8-sig", newline="")
        except OSError as e:
            raise DataFileError(path, [(None, f"cannot open: {e.strerror or e}")]) from e
        with fh:
            reader = csv.DictReader(fh)
            try:
                fields = reader.fieldnames
                if not fields:
                    raise DataFileError(path, [(1, "no header line; expected the columns "
                                                   + ", ".join(self._COLUMNS))])
                self._check_columns(path, fields, 1)
                for row in reader:
                    line = reader.line_num
                    if None in row:
                        problems.append((line, f"more cells than header columns: {row[None]!r}"))
                        continue
                    if not any((v or "").strip() for v in row.values()):
                        continue  # a blank line holds nothing
                    try:
                        self._add_row(row)
                    except GovBudgetError as e:
                        problems.append((line, str(e)))
            except UnicodeDecodeError as e:
                raise DataFileError(
                    path, [(None, f"not UTF-8 text ({e.reason} at byte {e.start}); save the file as UTF-8 CSV")]
                ) from e
            except csv.Error as e:
                raise DataFileError(path, [(reader.line_num or None, f"not a readable CSV file: {e}")]) from e
        if problems:
            raise DataFileError(path, problems)

    def save(self, folder: str | Path) -> Path:
        """Save the whole ledger into ``folder``: ``postings.csv`` (as :meth:`write_csv`) and a
        ``ledger.toml`` sidecar with the unit and its kind, the year, declared sub-units, learned
        codes, balances (by fund and by code), budgets (by code, totals, 三公 全年 and 年初, prior
        year) and ``extras`` that are plain data (str, int, bool, None, Decimal, list, tuple, dict,
        or a :class:`~govbudget.rules.Procurement`; anything else raises
        :class:`~govbudget.LedgerError`). :meth:`load` reads it back exactly. Returns the folder.

        A ledger built on an edition of your own (``functional_edition=``) saves a marker; pass
        the same edition to :meth:`load`.

        >>> import govbudget as gb, tempfile, pathlib
        >>> led = gb.Ledger(gb.Unit("某中心", "财政补助事业单位"), 2024)
        >>> _ = led.spend("69000", economic="30212")
        >>> led.budgets.three_public["abroad"] = gb.D("70000")
        >>> led.balances.opening["一般公共预算财政拨款"] = "100"
        >>> folder = led.save(pathlib.Path(tempfile.mkdtemp()) / "ledger")
        >>> sorted(p.name for p in folder.iterdir())
        ['ledger.toml', 'postings.csv']
        >>> back = gb.Ledger.load(folder)
        >>> back.unit, back.budgets.three_public, back.balances.opening_total(), back.postings == led.postings
        (Unit(name='某中心', kind=<UnitKind.FISCAL_SUPPORTED: '财政补助事业单位'>), {'abroad': Decimal('70000.00')}, Decimal('100.00'), True)
        """
        from ._store import save

        return save(self, folder)

    @classmethod
    def load(cls, folder: str | Path, **kwargs: Any) -> Ledger:
        """Read a ledger written by :meth:`save` (``kwargs``: ``functional_edition=`` /
        ``economic_edition=`` when it was saved with editions of your own).

        Problems in the sidecar raise :class:`~govbudget.DataFileError` naming ``ledger.toml``;
        bad postings are reported as by :meth:`read_csv`.

        >>> import govbudget as gb, tempfile
        >>> gb.Ledger.load(tempfile.mkdtemp())
        Traceback (most recent call last):
        ...
        govbudget.errors.DataFileError: .../ledger.toml: 1 file problem
          file: cannot read: No such file or directory
        """
        from ._store import load

        return load(cls, folder, **kwargs)

    def write_parquet(self, path: str | Path) -> None:
        """Write all postings to Parquet with an exact Decimal(38,2) amount column.

        Postings only, like :meth:`write_csv` (:meth:`save` keeps the whole ledger).

        >>> import govbudget as gb, tempfile, pathlib
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.spend("7.20", functional="2010450", spend_type="项目支出")
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "p.parquet"
        >>> led.write_parquet(p)
        >>> gb.Ledger.read_parquet(p, "某单位", 2024).postings == led.postings
        True
        """
        frame = self.to_frame()
        try:
            frame.write_parquet(path)
        except OSError as e:
            raise DataFileError(path, [(None, f"cannot write: {e.strerror or e}")]) from e

    @classmethod
    def read_parquet(cls, path: str | Path, unit: Unit | str, year: int, **kwargs: Any) -> Ledger:
        """Read postings written by :meth:`write_parquet` (bad rows reported as by :meth:`from_frame`).

        Postings only, like :meth:`read_csv` (:meth:`load` reads a whole ledger).

        >>> import govbudget as gb, tempfile, pathlib
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.receive("3.30", fund="事业收入", functional="2010450")
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "p.parquet"
        >>> led.write_parquet(p)
        >>> gb.Ledger.read_parquet(p, "某单位", 2024).income_total(fund="事业收入")
        Decimal('3.30')
        >>> gb.Ledger.read_parquet(p.with_name("missing.parquet"), "某单位", 2024)
        Traceback (most recent call last):
        ...
        govbudget.errors.DataFileError: ...missing.parquet: 1 file problem
          file: cannot read as Parquet: ...
        """
        import polars as pl

        if not isinstance(path, str | Path):
            raise DataFileError(repr(path), [(None, f"expected a path (str or Path), found {type(path).__name__}")])
        try:
            frame = pl.read_parquet(path)
        except Exception as e:  # polars raises several unrelated types for unreadable files
            raise DataFileError(path, [(None, f"cannot read as Parquet: {e}")]) from e
        return cls.from_frame(frame, unit, year, **kwargs)

    @exact
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
        ``total``. Rows are in code order, the 合计 first. The functional tree sums every posting
        with a functional code, the economic tree every posting with an economic code (filters
        such as ``fund`` narrow that set; see :class:`Ledger`).

        >>> import govbudget as gb
        >>> led = gb.Ledger("某单位", 2024)
        >>> _ = led.spend("100", functional="2010450")
        >>> _ = led.spend("50", functional="2010499", spend_type="项目支出")
        >>> df = led.rollup()
        >>> df.select("code", "total", "基本支出", "项目支出").rows()[:3]
        [(None, Decimal('150.00'), Decimal('100.00'), Decimal('50.00')), ('201', Decimal('150.00'), Decimal('100.00'), Decimal('50.00')), ('20104', Decimal('150.00'), Decimal('100.00'), Decimal('50.00'))]
        """
        import polars as pl

        if tree not in ("functional", "economic"):
            raise LedgerError(f"rollup tree must be 'functional' or 'economic', found {tree!r}")
        scheme = tree
        by = (by,) if isinstance(by, str) else tuple(by)
        for b in by:
            if b not in ("spend_type", "fund"):
                raise LedgerError(f"rollup by {b!r}: expected 'spend_type' or 'fund'")
        # the tree decides the view: every posting with a code of that tree (see the class docs)
        posts = self._select(scheme, filters)
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
