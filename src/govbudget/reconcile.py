"""Reconciling printed figures: sums within the rounding band, equal printings, part ≤ whole, and a solver.

Published tables print 万元 with 2 decimals, each cell rounded half-up from its own exact
元 value, so printed parts need not add up to the printed total. A figure printed with
``d`` decimals stands for any exact value in ``[v − ½·10⁻ᵈ, v + ½·10⁻ᵈ]`` (the XBRL
Calculations 1.1 model); a total is consistent with ``n`` printed parts when the two
intervals meet, i.e. ``|total − Σ parts| ≤ (n + 1)·½·10⁻ᵈ``.

Every check returns a :class:`Finding`; nothing is raised for a problem *in* the figures.

>>> from govbudget import check_sum
>>> f = check_sum("299.48", ["291.36", "8.12"], rule="R06.2", where="公开06 人员经费合计")
>>> f.verdict, f.severity
('ok', 'ok')
>>> check_sum("519.63", ["519.00"]).verdict
'contradiction'

Blank cells (``None``, ``""``, ``"—"`` …) stand for an exact 0: they add nothing to the sum and
no uncertainty to the band, so ``n`` counts only the printed, non-blank parts.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from .errors import FloatNotAllowedError, MissingDependencyError, ParseError, ReconcileError
from .money import D, exact, parse_amount

__all__ = [
    "SEVERITY",
    "VERDICTS",
    "Finding",
    "Interval",
    "SolveResult",
    "check_equal",
    "check_le",
    "check_sum",
    "findings_to_json",
    "solve_printed",
]

#: verdict → severity
SEVERITY: dict[str, str] = {
    "ok": "ok",
    "tail": "info",
    "not_assessable": "info",
    "label": "warning",
    "contradiction": "error",
}
VERDICTS: tuple[str, ...] = tuple(SEVERITY)


# ----------------------------------------------------------------------------------------------
# helpers


_MAX_DECIMALS = 10


def _check_decimals(decimals: object, what: str = "decimals") -> int:
    if isinstance(decimals, bool) or not isinstance(decimals, int):
        raise ReconcileError(f"{what} must be an int (the printed number of decimals), found {decimals!r}")
    if not 0 <= decimals <= _MAX_DECIMALS:
        raise ReconcileError(f"{what} must be between 0 and {_MAX_DECIMALS}, found {decimals}")
    return decimals


def _check_places(places: object) -> tuple[str, ...]:
    """``places``: a sequence of place names (str), e.g. ``("公开05 基本支出", "公开06 合计")``."""
    if isinstance(places, str) or not isinstance(places, Sequence):
        raise ReconcileError(f"places must be a tuple of place names such as ('公开05 基本支出', '公开06 合计'), "
                             f"found {type(places).__name__} {places!r}")
    bad = [p for p in places if not isinstance(p, str)]
    if bad:
        raise ReconcileError(f"places must hold str place names, found {type(bad[0]).__name__} {bad[0]!r}")
    return tuple(places)


def _check_parts(parts: object) -> list:
    if isinstance(parts, str | bytes):
        raise ReconcileError(
            f"parts must be a list of printed figures, found the string {parts!r} (a str is not split into digits)"
        )
    if isinstance(parts, Mapping) or not isinstance(parts, Iterable):
        raise ReconcileError(f"parts must be a list of printed figures, found {type(parts).__name__} {parts!r}")
    return list(parts)


def _half_unit(decimals: int) -> Decimal:
    """½·10⁻ᵈ as an exact Decimal."""
    return Decimal(5).scaleb(-(decimals + 1))


def _zero(decimals: int) -> Decimal:
    return Decimal(0).scaleb(-decimals) if decimals > 0 else Decimal(0)


def _amount(value: object, decimals: int | None, where: str) -> Decimal | None:
    """Read a printed figure: ``None`` for a blank cell, a Decimal otherwise.

    Floats raise FloatNotAllowedError (through :func:`money.D`); text goes through
    :func:`money.parse_amount`; a value with more decimals than printed raises ParseError.
    """
    if value is None:
        return None
    if isinstance(value, float):
        raise FloatNotAllowedError(value)
    if isinstance(value, str):
        try:
            amount = parse_amount(value)
        except ParseError as exc:
            if where:
                raise ParseError(value, "an amount", exc.expected, where=where) from None
            raise
        if amount is None:
            return None
    else:
        amount = D(value)  # type: ignore[arg-type]
    if decimals is not None and amount.scaleb(decimals) % 1 != 0:
        raise ParseError(
            value,
            f"an amount printed with {decimals} decimals",
            f"at most {decimals} decimal places, found {-amount.as_tuple().exponent}",  # type: ignore[operator]
            where=where,
        )
    return amount


def _tidy(value: Decimal, decimals: int) -> Decimal:
    """Show ``value`` with ``decimals`` places when that loses nothing (0.100 → 0.10, 0.105 stays)."""
    q = value.quantize(Decimal(1).scaleb(-decimals))
    return q if q == value else value


def _fmt(value: Decimal | None) -> str:
    """A Decimal as plain text (never exponent notation); blank for None."""
    if value is None:
        return "空白"
    return format(value, "f")


def _fmt_signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + _fmt(value)


def _dec_json(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


# ----------------------------------------------------------------------------------------------
# Interval


def _check_interval(instance: Interval, attribute: Any, value: Decimal) -> None:
    if not isinstance(value, Decimal):
        raise ReconcileError(f"Interval.{attribute.name} must be a Decimal, found {type(value).__name__}")
    if attribute.name == "high" and value < instance.low:
        raise ReconcileError(f"Interval low {instance.low} lies above high {value}; expected low ≤ high")


@attrs.frozen(kw_only=True)
class Interval:
    """A closed interval ``[low, high]`` of exact values that a printed figure may stand for.

    >>> a = Interval.of_printed(D("154.79"), 2)
    >>> a
    Interval(low=Decimal('154.785'), high=Decimal('154.795'))
    >>> b = a + Interval.of_printed(D("0.21"), 2)
    >>> b.low, b.high, b.width
    (Decimal('154.990'), Decimal('155.010'), Decimal('0.020'))
    >>> b.contains(D("155")), b.overlaps(Interval.of_printed(D("155.02"), 2))
    (True, False)
    """

    low: Decimal = attrs.field(validator=_check_interval)
    high: Decimal = attrs.field(validator=_check_interval)

    @classmethod
    def of_printed(cls, value: Decimal | str | int | None, decimals: int) -> Interval:
        """The interval ``[v − ½·10⁻ᵈ, v + ½·10⁻ᵈ]`` of a figure printed with ``decimals`` decimals.

        A blank (``None``) stands for an exact 0, so its interval is ``[0, 0]``.

        >>> Interval.of_printed(D("0.26"), 2)
        Interval(low=Decimal('0.255'), high=Decimal('0.265'))
        >>> Interval.of_printed(None, 2)
        Interval(low=Decimal('0.00'), high=Decimal('0.00'))
        """
        decimals = _check_decimals(decimals)
        if value is None:
            z = _zero(decimals)
            return cls(low=z, high=z)
        v = D(value)  # type: ignore[arg-type]
        half = _half_unit(decimals)
        return cls(low=v - half, high=v + half)

    @classmethod
    def exact(cls, value: Decimal | str | int) -> Interval:
        """The degenerate interval ``[v, v]`` of an exactly known value.

        >>> Interval.exact(D("3.5")).width
        Decimal('0.0')
        """
        v = D(value)  # type: ignore[arg-type]
        return cls(low=v, high=v)

    def __add__(self, other: object) -> Interval:
        if not isinstance(other, Interval):
            return NotImplemented
        return Interval(low=self.low + other.low, high=self.high + other.high)

    def __radd__(self, other: object) -> Interval:
        # lets the built-in sum() start from 0
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def contains(self, x: Decimal | str | int) -> bool:
        """Whether ``low ≤ x ≤ high``.

        >>> Interval.of_printed(D("1.00"), 2).contains(D("1.005"))
        True
        """
        v = D(x)  # type: ignore[arg-type]
        return self.low <= v <= self.high

    def overlaps(self, other: Interval) -> bool:
        """Whether the two closed intervals share at least one point (touching counts).

        >>> Interval.of_printed(D("1.00"), 2).overlaps(Interval.of_printed(D("1.01"), 2))
        True
        """
        return self.low <= other.high and other.low <= self.high

    @property
    def width(self) -> Decimal:
        """``high − low``.

        >>> Interval.of_printed(D("7"), 0).width
        Decimal('1.0')
        """
        return self.high - self.low

    def to_list(self) -> list[str]:
        """``[low, high]`` as strings, for JSON.

        >>> Interval.of_printed(D("0.26"), 2).to_list()
        ['0.255', '0.265']
        """
        return [format(self.low, "f"), format(self.high, "f")]


# ----------------------------------------------------------------------------------------------
# Finding


def _check_verdict(instance: Finding, attribute: Any, value: str) -> None:
    if value not in SEVERITY:
        raise ReconcileError(f"verdict must be one of {', '.join(VERDICTS)}; found {value!r}")


def _check_opt_decimal(instance: Any, attribute: Any, value: object) -> None:
    """A Decimal-or-None field: a float raises FloatNotAllowedError, anything else ReconcileError."""
    if value is None or isinstance(value, Decimal):
        return
    if isinstance(value, float):
        raise FloatNotAllowedError(value)
    raise ReconcileError(f"Finding.{attribute.name} must be a Decimal or None, found {type(value).__name__} {value!r}")


def _check_opt_interval(instance: Any, attribute: Any, value: object) -> None:
    if value is not None and not isinstance(value, Interval):
        raise ReconcileError(f"Finding.{attribute.name} must be an Interval or None, found {type(value).__name__}")


def _check_opt_int(instance: Any, attribute: Any, value: object) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ReconcileError(f"Finding.{attribute.name} must be an int or None, found {value!r}")


@attrs.frozen(kw_only=True)
class Finding:
    """The outcome of one check at one place: a verdict, both numbers and a Chinese sentence.

    ``expected`` is what the parts (or the other printing) imply, ``found`` what is printed at
    ``where``; ``difference = found − expected``; ``tolerance`` is the half-width of the rounding
    band that was allowed (0 in strict/exact checks).

    >>> f = check_sum("154.79", ["154.70", "0.10"], where="公开06 302")
    >>> f.verdict, f.severity, f.difference, f.tolerance
    ('tail', 'info', Decimal('-0.01'), Decimal('0.015'))
    >>> print(f)
    sum tail 公开06 302: found 154.79 vs expected 154.80, diff -0.01, tolerance ±0.015
    """

    rule: str
    verdict: str = attrs.field(validator=_check_verdict)
    where: str
    expected: Decimal | None = attrs.field(validator=_check_opt_decimal)
    found: Decimal | None = attrs.field(validator=_check_opt_decimal)
    expected_interval: Interval | None = attrs.field(default=None, validator=_check_opt_interval)
    found_interval: Interval | None = attrs.field(default=None, validator=_check_opt_interval)
    n: int | None = attrs.field(default=None, validator=_check_opt_int)
    decimals: int | None = attrs.field(default=None, validator=_check_opt_int)
    difference: Decimal | None = attrs.field(default=None, validator=_check_opt_decimal)
    tolerance: Decimal | None = attrs.field(default=None, validator=_check_opt_decimal)
    message: str = ""
    places: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    #: a soft hint (the S rules of the reading docs): worth a look, never an error; its severity is "info"
    hint: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))

    @property
    def severity(self) -> str:
        """``ok`` → "ok"; ``tail`` and ``not_assessable`` → "info"; ``label`` → "warning"; ``contradiction`` → "error".

        A soft hint (``hint=True``) is "info" whatever its verdict.

        >>> check_equal("47.3", "47.31").severity
        'error'
        >>> Finding(rule="S01", verdict="label", where="公开09", expected=None, found=None, hint=True).severity
        'info'
        """
        return "info" if self.hint and self.verdict != "ok" else SEVERITY[self.verdict]

    @property
    def ok(self) -> bool:
        """True unless the verdict is a contradiction or a label problem.

        >>> check_sum("1.00", ["0.50", "0.51"]).ok
        True
        """
        return self.verdict in ("ok", "tail", "not_assessable")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict: Decimals as strings with their printed scale, intervals as ``[low, high]``.

        >>> d = check_sum("299.48", ["291.36", "8.12"]).to_dict()
        >>> d["verdict"], d["found"], d["expected"], d["found_interval"]
        ('ok', '299.48', '299.48', ['299.475', '299.485'])
        """
        return {
            "rule": self.rule,
            "verdict": self.verdict,
            "severity": self.severity,
            "where": self.where,
            "expected": _dec_json(self.expected),
            "found": _dec_json(self.found),
            "expected_interval": None if self.expected_interval is None else self.expected_interval.to_list(),
            "found_interval": None if self.found_interval is None else self.found_interval.to_list(),
            "n": self.n,
            "decimals": self.decimals,
            "difference": _dec_json(self.difference),
            "tolerance": _dec_json(self.tolerance),
            "message": self.message,
            "places": list(self.places),
            "hint": self.hint,
        }

    def __str__(self) -> str:
        head = f"{self.rule} {self.verdict}"
        if self.where:
            head += f" {self.where}"
        bits = []
        if self.found is not None or self.expected is not None:
            bits.append(f"found {_fmt(self.found)} vs expected {_fmt(self.expected)}")
        if self.difference is not None:
            bits.append(f"diff {_fmt(self.difference)}")
        if self.tolerance is not None:
            bits.append(f"tolerance ±{_fmt(self.tolerance)}")
        if not bits and self.message:
            bits.append(self.message)
        return head + (": " + ", ".join(bits) if bits else "")


def findings_to_json(findings: Iterable[Finding], **dumps_kwargs: Any) -> str:
    """Serialise findings to a JSON array (one object per finding, see :meth:`Finding.to_dict`).

    Keyword arguments go to :func:`json.dumps`; ``ensure_ascii`` defaults to False so the
    Chinese text stays readable.

    >>> text = findings_to_json([check_sum("1.00", ["0.50", "0.51"], rule="R1", where="表1")])
    >>> text[:53]
    '[{"rule": "R1", "verdict": "tail", "severity": "info"'
    >>> json.loads(text)[0]["difference"], "表1" in text
    ('-0.01', True)
    """
    if isinstance(findings, str | bytes | Finding) or not isinstance(findings, Iterable):
        raise ReconcileError(f"findings_to_json needs a list of Finding, found {type(findings).__name__} {findings!r}")
    items = list(findings)
    bad = [(i, f) for i, f in enumerate(items) if not isinstance(f, Finding)]
    if bad:
        i, f = bad[0]
        raise ReconcileError(f"findings_to_json: item {i} is a {type(f).__name__}, expected a Finding")
    dumps_kwargs.setdefault("ensure_ascii", False)
    return json.dumps([f.to_dict() for f in items], **dumps_kwargs)


# ----------------------------------------------------------------------------------------------
# checks


@exact
def check_sum(
    total: str | Decimal | int | None,
    parts: Iterable[str | Decimal | int | None],
    *,
    decimals: int = 2,
    strict: bool = False,
    rule: str = "sum",
    where: str = "",
    part_names: Sequence[str] | None = None,
) -> Finding:
    """Check a printed total against its printed parts within the rounding band.

    With ``n`` non-blank printed parts and a non-blank total, the band is
    ``(n + 1)·½·10⁻ᵈ``; every blank cell is an exact 0 and adds nothing to it.
    Difference 0 → ``ok``; inside the band → ``tail`` (尾数误差); outside → ``contradiction``.
    ``strict=True`` (exact 元 data) allows no difference at all.

    >>> f = check_sum("154.79", ["21.59", "11.86", "0.52", None, "0.21", "3.90", "3.43", None,
    ...     None, "11.04", "6.90", "2.05", None, "0.15", "0.18", "0.56", None, None, None, "21.39",
    ...     "19.85", "7.45", "14.13", "6.86", "15.52", None, "7.22"], rule="R06.1", where="公开06 302")
    >>> f.verdict, f.n, f.expected, f.difference, f.tolerance
    ('tail', 19, Decimal('154.81'), Decimal('-0.02'), Decimal('0.10'))
    >>> print(f.message)
    公开06 302：印刷合计 154.79，19 项非空明细之和 154.81，相差 -0.02，未超出尾数误差允许范围 ±0.10，属单位换算造成的尾数误差。
    >>> check_sum("5196300.00", ["5196300.01"], strict=True).verdict
    'contradiction'
    """
    decimals = _check_decimals(decimals)
    raw_parts = _check_parts(parts)
    if part_names is not None:
        part_names = list(part_names)
        if len(part_names) != len(raw_parts):
            raise ReconcileError(
                f"part_names has {len(part_names)} name{'s' if len(part_names) != 1 else ''} "
                f"but there are {len(raw_parts)} parts; expected one name per part"
            )
    found = _amount(total, decimals, f"{where} 合计" if where else "total")
    values: list[Decimal | None] = []
    for i, p in enumerate(raw_parts):
        label = part_names[i] if part_names is not None else f"part {i + 1}"
        values.append(_amount(p, decimals, f"{where} {label}".strip()))

    printed = [v for v in values if v is not None]
    n = len(printed)
    zero = _zero(decimals)
    expected = sum(printed, zero)
    difference = (found if found is not None else zero) - expected
    found_interval = Interval.of_printed(found, decimals)
    expected_interval = sum((Interval.of_printed(v, decimals) for v in values), Interval.of_printed(None, decimals))
    if strict:
        tolerance = zero
        found_interval = Interval.of_printed(None, decimals) if found is None else Interval.exact(found)
        expected_interval = Interval.exact(expected)
    else:
        tolerance = _tidy((n + (found is not None)) * _half_unit(decimals), decimals)

    gap = abs(difference)
    if gap == 0:
        verdict = "ok"
    elif gap <= tolerance:
        verdict = "tail"
    else:
        verdict = "contradiction"

    label = where or "合计"
    head = f"{label}：印刷合计 {_fmt(found)}，{n} 项非空明细之和 {_fmt(expected)}"
    if verdict == "ok":
        message = head + "，两者相等。"
    elif verdict == "tail":
        message = head + f"，相差 {_fmt(difference)}，未超出尾数误差允许范围 ±{_fmt(tolerance)}，属单位换算造成的尾数误差。"
    elif strict:
        message = head + f"，相差 {_fmt(difference)}，按精确数据核对应完全相等，数据不一致。"
    else:
        message = head + f"，相差 {_fmt(difference)}，超出尾数误差允许范围 ±{_fmt(tolerance)}，数据不一致。"

    places = ((where,) if where else ()) + (tuple(part_names) if part_names is not None else ())
    return Finding(
        rule=rule,
        verdict=verdict,
        where=where,
        expected=expected,
        found=found,
        expected_interval=expected_interval,
        found_interval=found_interval,
        n=n,
        decimals=decimals,
        difference=difference,
        tolerance=tolerance,
        message=message,
        places=places,
    )


@exact
def check_equal(
    a: str | Decimal | int | None,
    b: str | Decimal | int | None,
    *,
    rule: str = "same",
    where: str = "",
    places: Sequence[str] = (),
    decimals: int | None = None,
) -> Finding:
    """Check that one quantity printed twice is printed the same: exact numeric equality.

    Both printings are rounded from the same exact value, so no band applies; trailing zeros do
    not matter (``"47.3"`` equals ``"47.30"``). ``a`` is the figure at ``where`` (``found``) and
    ``b`` the other printing (``expected``). A blank is an exact 0. With ``decimals`` the
    printed precision is validated and the intervals are filled in.

    >>> check_equal("47.3", "47.30", rule="X12").verdict
    'ok'
    >>> f = check_equal("455.65", "455.66", rule="X08", places=("公开05 基本支出", "公开06 合计"))
    >>> f.verdict, f.difference
    ('contradiction', Decimal('-0.01'))
    >>> print(f.message)
    同一数值在公开05 基本支出印为 455.65、在公开06 合计印为 455.66，相差 -0.01，两处应完全相同。
    """
    if decimals is not None:
        decimals = _check_decimals(decimals)
    places = _check_places(places)
    pa = places[0] if places else (where or "第一处")
    pb = places[1] if len(places) > 1 else "另一处"
    found = _amount(a, decimals, pa)
    expected = _amount(b, decimals, pb)
    fa = found if found is not None else Decimal(0)
    fb = expected if expected is not None else Decimal(0)
    difference = fa - fb
    verdict = "ok" if difference == 0 else "contradiction"
    prefix = f"{where}：" if where else ""
    if verdict == "ok":
        message = f"{prefix}同一数值在{pa}与{pb}的印数一致（{_fmt(found)}）。"
    else:
        message = f"{prefix}同一数值在{pa}印为 {_fmt(found)}、在{pb}印为 {_fmt(expected)}，相差 {_fmt(difference)}，两处应完全相同。"
    return Finding(
        rule=rule,
        verdict=verdict,
        where=where,
        expected=expected,
        found=found,
        expected_interval=None if decimals is None else Interval.of_printed(expected, decimals),
        found_interval=None if decimals is None else Interval.of_printed(found, decimals),
        n=None,
        decimals=decimals,
        difference=difference,
        tolerance=Decimal(0) if decimals is None else _zero(decimals),
        message=message,
        places=places if places else ((where,) if where else ()),
    )


@exact
def check_le(
    part: str | Decimal | int | None,
    whole: str | Decimal | int | None,
    *,
    decimals: int = 2,
    strict: bool = False,
    rule: str = "le",
    where: str = "",
    places: Sequence[str] = (),
) -> Finding:
    """Check part ≤ whole (the "⊑" rules) within the band of the two printed figures.

    ``found`` is the part, ``expected`` the whole, ``difference = part − whole``. A part below
    or equal to the whole is ``ok``; above it by no more than the band (``2·½·10⁻ᵈ`` for two
    printed figures, ``n = 1``) is ``tail``; further above is ``contradiction``
    (部分大于整体). For a "⊒" rule swap the arguments.

    >>> check_le("6.86", "6.86", rule="X11").verdict
    'ok'
    >>> check_le("6.87", "6.86").verdict, check_le("6.88", "6.86").verdict
    ('tail', 'contradiction')
    >>> print(check_le("6.88", "6.86", places=("公开06 30231", "公开09 c11")).message)
    部分（公开06 30231）印为 6.88，比整体（公开09 c11）印数 6.86 大 0.02，超出尾数误差允许范围 ±0.01，部分大于整体，数据矛盾。
    """
    decimals = _check_decimals(decimals)
    places = _check_places(places)
    pa = places[0] if places else ""
    pb = places[1] if len(places) > 1 else ""
    found = _amount(part, decimals, pa or where or "part")
    expected = _amount(whole, decimals, pb or "whole")
    zero = _zero(decimals)
    difference = (found if found is not None else zero) - (expected if expected is not None else zero)
    if strict:
        tolerance = zero
    else:
        tolerance = _tidy(((found is not None) + (expected is not None)) * _half_unit(decimals), decimals)
    if difference <= 0:
        verdict = "ok"
    elif difference <= tolerance:
        verdict = "tail"
    else:
        verdict = "contradiction"

    prefix = f"{where}：" if where else ""
    sp = f"部分（{pa}）" if pa else "部分"
    sw = f"整体（{pb}）" if pb else "整体"
    if verdict == "ok":
        message = f"{prefix}{sp}印为 {_fmt(found)}，不大于{sw}印数 {_fmt(expected)}，符合部分不超过整体的要求。"
    elif verdict == "tail":
        message = (
            f"{prefix}{sp}印为 {_fmt(found)}，比{sw}印数 {_fmt(expected)} 大 {_fmt(difference)}，"
            f"未超出尾数误差允许范围 ±{_fmt(tolerance)}，可视为尾数误差。"
        )
    else:
        message = (
            f"{prefix}{sp}印为 {_fmt(found)}，比{sw}印数 {_fmt(expected)} 大 {_fmt(difference)}，"
            f"超出{'精确核对的零容差' if strict else f'尾数误差允许范围 ±{_fmt(tolerance)}'}，部分大于整体，数据矛盾。"
        )
    return Finding(
        rule=rule,
        verdict=verdict,
        where=where,
        expected=expected,
        found=found,
        expected_interval=Interval.of_printed(expected, decimals),
        found_interval=Interval.of_printed(found, decimals),
        n=1,
        decimals=decimals,
        difference=difference,
        tolerance=tolerance,
        message=message,
        places=places if places else ((where,) if where else ()),
    )


# ----------------------------------------------------------------------------------------------
# solver


@attrs.frozen(kw_only=True)
class SolveResult:
    """The answer of :func:`solve_printed`.

    ``feasible``: whether exact values exist that round to every printed figure and satisfy
    every sum exactly. ``values``: one such set of exact values (name → Decimal with
    ``exact_decimals`` places) when feasible, else None. ``conflict``: when infeasible, a smallest
    set of figures that cannot all be right together with the others, i.e. freeing these
    figures (and only these) makes the rest feasible; None when feasible.

    >>> r = SolveResult(feasible=False, values=None, conflict=frozenset({"A"}))
    >>> r.feasible, sorted(r.conflict)
    (False, ['A'])
    """

    feasible: bool
    values: Mapping[str, Decimal] | None
    conflict: frozenset[str] | None


_MAX_EXACT_INT = 2**53  # integers up to this size are exact as binary floats
_ENUMERATION_LIMIT = 2000


def _figure_bounds(value: Decimal | None, decimals: int, exact_decimals: int) -> tuple[int, int]:
    """Integer range (in units of 10^-exact_decimals) of exact values that round half-up to ``value``.

    ROUND_HALF_UP rounds ties away from zero, so a positive figure v covers [v − ½u, v + ½u),
    a negative one (v − ½u, v + ½u], and 0 covers (−½u, ½u). With exact_decimals == decimals the
    printed figure is exact.
    """
    if value is None:
        return 0, 0
    v = int(value.scaleb(exact_decimals))  # exact: value has at most `decimals` ≤ exact_decimals places
    if exact_decimals == decimals:
        return v, v
    half = 5 * 10 ** (exact_decimals - decimals - 1)
    if v > 0:
        return v - half, v + half - 1
    if v < 0:
        return v - half + 1, v + half
    return -half + 1, half - 1


def _verify(rows: list[dict[int, int]], rhs: list[int], y: list[int], lo: list[int | None], hi: list[int | None]) -> bool:
    for i, yi in enumerate(y):
        if lo[i] is not None and yi < lo[i]:  # type: ignore[operator]
            return False
        if hi[i] is not None and yi > hi[i]:  # type: ignore[operator]
            return False
    return all(sum(c * y[j] for j, c in row.items()) == b for row, b in zip(rows, rhs, strict=True))


def _solve_milp(
    np: Any,
    milp: Any,
    sparse: Any,
    opt: Any,
    rows: list[dict[int, int]],
    rhs: list[int],
    lo: list[int | None],
    hi: list[int | None],
    target: list[int] | None = None,
) -> list[int] | None:
    """Find an integer y with rows·y = rhs and lo ≤ y ≤ hi (None = unbounded); None if infeasible.

    With ``target`` (only for finite bounds), the y returned minimises Σ |y_j − target_j|: auxiliary
    variables d_j ≥ ±(y_j − target_j) carry the distance.
    """
    n = len(lo)
    if target is not None and not rows:
        return [min(max(t, a), b) for t, a, b in zip(target, lo, hi, strict=True)]  # type: ignore[type-var]
    if not rows:
        # nothing to satisfy: the point of each range nearest to 0 will do
        return [max(a, 0) if a is not None and a > 0 else (min(b, 0) if b is not None else 0) for a, b in zip(lo, hi, strict=True)]
    data, ri, ci = [], [], []
    for r, row in enumerate(rows):
        for j, c in row.items():
            ri.append(r)
            ci.append(j)
            data.append(c)
    a = sparse.csr_array(
        (np.array(data, dtype=np.float64), (np.array(ri), np.array(ci))), shape=(len(rows), n)  # float-ok: small exact integers
    )
    b = np.array(rhs, dtype=np.float64)  # float-ok: integer right-hand sides below 2**53
    lower = np.array([-np.inf if x is None else x for x in lo], dtype=np.float64)  # float-ok: integer bounds
    upper = np.array([np.inf if x is None else x for x in hi], dtype=np.float64)  # float-ok: integer bounds
    if target is None:
        res = milp(
            c=np.zeros(n),
            constraints=[opt.LinearConstraint(a, b, b)],
            integrality=np.ones(n),
            bounds=opt.Bounds(lower, upper),
        )
    else:
        # variables y_0..y_{n-1}, d_0..d_{n-1}: y_j − d_j ≤ t_j and y_j + d_j ≥ t_j
        eye = sparse.identity(n, format="csr", dtype=np.float64)  # float-ok: unit coefficients
        t = np.array(target, dtype=np.float64)  # float-ok: integer targets
        dist = sparse.vstack([sparse.hstack([eye, -eye]), sparse.hstack([eye, eye])]).tocsr()
        sums_rows = sparse.hstack([a, sparse.csr_array((len(rows), n), dtype=np.float64)]).tocsr()  # float-ok: zeros
        res = milp(
            c=np.concatenate([np.zeros(n), np.ones(n)]),
            constraints=[
                opt.LinearConstraint(sums_rows, b, b),
                opt.LinearConstraint(dist, np.concatenate([np.full(n, -np.inf), t]), np.concatenate([t, np.full(n, np.inf)])),
            ],
            integrality=np.concatenate([np.ones(n), np.zeros(n)]),
            bounds=opt.Bounds(np.concatenate([lower, np.zeros(n)]), np.concatenate([upper, np.full(n, np.inf)])),
        )
    if res.status == 2:  # infeasible
        return None
    if res.x is None:
        raise ReconcileError(f"the MILP solver stopped without an answer (status {res.status}: {res.message})")
    y = [int(v) for v in np.rint(res.x[:n])]  # float-ok: integer solution read back
    if not _verify(rows, rhs, y, lo, hi):
        raise ReconcileError("the MILP solver returned a solution that does not check exactly; the figures may be too large")
    return y


def _sum_pairs(sums: object) -> list[tuple[str, Sequence[str]]]:
    """``sums`` as a list of ``(total, parts)`` pairs: a mapping gives its items, an iterable its pairs."""
    if isinstance(sums, Mapping):
        return list(sums.items())
    if isinstance(sums, (str, bytes)) or not isinstance(sums, Iterable):
        raise ReconcileError(
            f"sums must be a mapping total → parts or an iterable of (total, parts) pairs, found {type(sums).__name__}"
        )
    pairs = []
    for k, item in enumerate(sums):
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise ReconcileError(f"sums item {k} must be a (total, parts) pair, found {item!r}")
        pairs.append((item[0], item[1]))
    return pairs


@exact
def solve_printed(
    figures: Mapping[str, str | Decimal | int | None],
    sums: Mapping[str, Sequence[str]] | Iterable[tuple[str, Sequence[str]]],
    *,
    decimals: int = 2,
    exact_decimals: int | None = None,
) -> SolveResult:
    """Decide whether exact values exist behind a whole set of printed figures and sums.

    Each figure printed as ``v`` with ``decimals`` decimals stands for an exact value ``x`` that
    rounds half-up to ``v``: ``v − ½u ≤ x < v + ½u`` for ``u = 10⁻ᵈ`` (mirrored for negatives,
    since 四舍五入 rounds ties away from zero). Exact values live on the grid of
    ``exact_decimals`` places, by default ``decimals + 4`` — 元 with 2 decimals when 万元 are printed
    with 2 decimals. Blank figures are an exact 0.

    ``sums`` is either a mapping ``{total: [part, …]}`` or an iterable of ``(total, [part, …])``
    pairs; the pairs form lets one total have several decompositions (基本支出 = Σ functional 项
    and = 人员经费合计 + 公用经费合计). Every decomposition must hold exactly.

    The question is an integer program (scipy's HiGHS ``milp``, variables in units of
    ``10^-exact_decimals``). Feasible → ``values`` holds the witness nearest to the printed
    figures (smallest Σ ``|exact − printed|``; among equally near ones, whichever HiGHS returns), so
    a figure keeps its printed value unless a sum needs it to move. Infeasible → ``conflict`` is
    a smallest set of figures whose freeing makes all other figures and sums consistent (found
    by minimising the number of relaxed figures; the freeing is re-checked exactly).

    Unlike pairwise :func:`check_sum` calls, this sees chains: each sum below is within its own
    band, yet B cannot be both ≤ 0.51 (from A = B + C) and ≥ 0.515 (from B = D + E + F).

    >>> figs = {"A": "1.00", "B": "0.51", "C": "0.50", "D": "0.18", "E": "0.18", "F": "0.17"}
    >>> sums = {"A": ["B", "C"], "B": ["D", "E", "F"]}
    >>> check_sum("1.00", ["0.51", "0.50"]).verdict, check_sum("0.51", ["0.18", "0.18", "0.17"]).verdict
    ('tail', 'tail')
    >>> r = solve_printed(figs, sums)
    >>> r.feasible, len(r.conflict)
    (False, 1)
    >>> ok = solve_printed({"T": "299.48", "a": "291.36", "b": "8.12"}, {"T": ["a", "b"]})
    >>> ok.feasible, ok.conflict
    (True, None)

    Two decompositions of one total: T = a + b and T = c + d. Printed a + b = 1.01 and
    c + d = 1.00, each within its band of T = 1.00, and jointly feasible (T = 1.004999…):

    >>> two = [("T", ["a", "b"]), ("T", ["c", "d"])]
    >>> r = solve_printed({"T": "1.00", "a": "0.51", "b": "0.50", "c": "0.60", "d": "0.40"}, two)
    >>> r.feasible, r.values["T"] == r.values["a"] + r.values["b"] == r.values["c"] + r.values["d"]
    (True, True)
    """
    if not isinstance(figures, Mapping):
        raise ReconcileError(f"figures must be a mapping name → printed figure, found {type(figures).__name__}")
    sums = _sum_pairs(sums)  # validated once (a one-shot iterator is read here, not twice)
    for total, parts in sums:
        if isinstance(parts, Mapping) or not isinstance(parts, Iterable):
            raise ReconcileError(f"sums[{total!r}] must be a list of part names, found {type(parts).__name__} {parts!r}")
    try:
        import numpy as np
        import scipy.optimize as opt
        import scipy.sparse as sparse
    except ImportError as exc:
        raise MissingDependencyError("scipy", "solver") from exc
    milp = opt.milp

    decimals = _check_decimals(decimals)
    e = decimals + 4 if exact_decimals is None else _check_decimals(exact_decimals, "exact_decimals")
    if e < decimals:
        raise ReconcileError(
            f"exact_decimals must be at least decimals ({decimals}); found {e}: exact data cannot be coarser than print"
        )

    names = list(figures)
    index = {name: i for i, name in enumerate(names)}
    printed = [_amount(figures[name], decimals, str(name)) for name in names]
    bounds = [_figure_bounds(v, decimals, e) for v in printed]
    base = [b[0] for b in bounds]
    width = [b[1] - b[0] for b in bounds]

    # constraint per sum: x_total − Σ x_part = 0; with x = base + y: row·y = −row·base
    rows: list[dict[int, int]] = []
    rhs: list[int] = []
    for total, parts in _sum_pairs(sums):
        if isinstance(parts, str):
            raise ReconcileError(f"sums[{total!r}] must be a list of part names, found the string {parts!r}")
        row: dict[int, int] = {}
        for name, coef in itertools.chain([(total, 1)], ((p, -1) for p in parts)):
            if name not in index:
                raise ReconcileError(
                    f"sum {total!r} refers to {name!r}, which is not among the figures; expected one of the given names"
                )
            j = index[name]
            row[j] = row.get(j, 0) + coef
        row = {j: c for j, c in row.items() if c != 0}
        rows.append(row)
        rhs.append(-sum(c * base[j] for j, c in row.items()))

    biggest = max([abs(b) for b in rhs] + width + [0])
    if biggest * max(1, len(names)) >= _MAX_EXACT_INT:
        raise ReconcileError(
            f"figures too large for the solver at {e} exact decimals; expected magnitudes below "
            f"{_MAX_EXACT_INT // max(1, len(names))} units of 10^-{e}"
        )

    def scale(j: int, y: int) -> Decimal:
        return Decimal(base[j] + y).scaleb(-e)

    target = [int(v.scaleb(e)) - base[j] if v is not None else 0 for j, v in enumerate(printed)]
    y = _solve_milp(np, milp, sparse, opt, rows, rhs, [0] * len(names), list(width), target)
    if y is not None:
        return SolveResult(feasible=True, values={name: scale(j, y[j]) for j, name in enumerate(names)}, conflict=None)

    conflict = _smallest_conflict(np, milp, sparse, opt, rows, rhs, width)
    return SolveResult(feasible=False, values=None, conflict=frozenset(names[j] for j in conflict))


def _smallest_conflict(
    np: Any, milp: Any, sparse: Any, opt: Any, rows: list[dict[int, int]], rhs: list[int], width: list[int]
) -> list[int]:
    """A smallest set of variables whose bounds must be dropped for rows·y = rhs to be solvable.

    Big-M model: y_j ∈ [−M·r_j, w_j + M·r_j], r_j binary, minimise Σ r_j. M covers every
    residual plus every width along every constraint a variable is in. The relaxed set is read
    from the integer solution (variables outside their own range) and re-checked exactly; if the
    solver's tolerances made it look smaller than it is, small sets are enumerated instead.
    """
    n = len(width)
    involved = sorted({j for row in rows for j in row})
    degree = [0] * n
    for row in rows:
        for j, c in row.items():
            degree[j] += abs(c)
    big_m = sum(abs(b) for b in rhs) + sum(w * d for w, d in zip(width, degree, strict=True)) + 1

    # variables: y_0..y_{n-1}, r_0..r_{n-1}
    data, ri, ci, lo_c, hi_c = [], [], [], [], []
    r = 0
    for row, b in zip(rows, rhs, strict=True):
        for j, c in row.items():
            data.append(c)
            ri.append(r)
            ci.append(j)
        lo_c.append(b)
        hi_c.append(b)
        r += 1
    for j in involved:
        # y_j + M r_j ≥ 0
        data += [1, big_m]
        ri += [r, r]
        ci += [j, n + j]
        lo_c.append(0)
        hi_c.append(np.inf)
        r += 1
        # y_j − M r_j ≤ w_j
        data += [1, -big_m]
        ri += [r, r]
        ci += [j, n + j]
        lo_c.append(-np.inf)
        hi_c.append(width[j])
        r += 1
    a = sparse.csr_array(
        (np.array(data, dtype=np.float64), (np.array(ri), np.array(ci))), shape=(r, 2 * n)  # float-ok: integers
    )
    lower = np.array([-big_m] * n + [0] * n, dtype=np.float64)  # float-ok: integer bounds
    upper = np.array([w + big_m for w in width] + [1] * n, dtype=np.float64)  # float-ok: integer bounds
    cost = np.array([0] * n + [1] * n, dtype=np.float64)  # float-ok: unit costs
    res = milp(
        c=cost,
        constraints=[
            opt.LinearConstraint(
                a,
                np.array(lo_c, dtype=np.float64),  # float-ok: integer bounds
                np.array(hi_c, dtype=np.float64),  # float-ok: integer bounds
            )
        ],
        integrality=np.ones(2 * n),
        bounds=opt.Bounds(lower, upper),
    )
    lo_free: list[int | None]
    hi_free: list[int | None]
    candidate: list[int] | None = None
    k_solver = 1
    if res.x is not None:
        k_solver = max(1, int(np.rint(res.fun)))  # float-ok: integer objective read back
        y = [int(v) for v in np.rint(res.x[:n])]  # float-ok: integer solution read back
        outside = [j for j in range(n) if y[j] < 0 or y[j] > width[j]]
        lo_free = [None if j in outside else 0 for j in range(n)]
        hi_free = [None if j in outside else width[j] for j in range(n)]
        if _verify(rows, rhs, y, lo_free, hi_free):
            candidate = outside
            if len(outside) <= k_solver:
                return outside

    # Fallback: exact search over small sets, smallest first.
    stop = len(candidate) if candidate is not None else len(involved) + 1
    checked = 0
    for size in range(k_solver, stop):
        for subset in itertools.combinations(involved, size):
            checked += 1
            if checked > _ENUMERATION_LIMIT:
                break
            free = set(subset)
            lo_free = [None if j in free else 0 for j in range(n)]
            hi_free = [None if j in free else width[j] for j in range(n)]
            if _solve_milp(np, milp, sparse, opt, rows, rhs, lo_free, hi_free) is not None:
                return list(subset)
    if candidate is not None:
        return candidate
    raise ReconcileError("could not find a conflict set: the solver gave no usable answer for the relaxed problem")
