"""Rates as 部门决算 print them: 占比 (share), 完成率 (completion), 增减率 (change against 上年).

Every rate is ``amount / base × 100`` rounded half-up (四舍五入) to ``places`` decimals (2 in the
Hunan template). A zero base makes the rate undefined, and reports disagree on what to print, so
the caller chooses with ``zero_base``:

* ``"omit"`` (default): the value is ``None`` (nothing is printed, or the sentence drops the rate);
* ``"legacy_100"``: what many published reports print: ``100`` when the base is 0 and the amount
  (for a change: the difference) is positive, ``0`` for 0/0, ``-100`` when it is negative.

The returned :class:`Rate` records the policy it used and whether the base was zero, so a reader can
tell a computed 100.00 % from a conventional one.

>>> from govbudget import D
>>> from govbudget.rates import change, completion, share
>>> completion(D("143200"), D("190000")).value
Decimal('75.37')
>>> c = change(D("143200"), D("133500"))
>>> c.value, c.direction, c.trend, c.phrase()
(Decimal('7.27'), '增加', '增长', '增加0.97万元，增长7.27%')
>>> share(D("1"), D("0")).value is None, share(D("1"), D("0"), zero_base="legacy_100").value
(True, Decimal('100.00'))
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import attrs

from .errors import ParseError
from .money import D, format_amount, format_percent, round_half_up, to_wan

__all__ = ["KINDS", "ZERO_BASE_POLICIES", "Rate", "change", "completion", "share"]

#: The zero-base policies :func:`share`, :func:`completion` and :func:`change` accept.
ZERO_BASE_POLICIES: tuple[str, ...] = ("omit", "legacy_100")
#: The rate kinds, with the Chinese name a report uses for each.
KINDS: dict[str, str] = {"share": "占比", "completion": "完成率", "change": "增减率"}

ZeroBase = Literal["omit", "legacy_100"]


def _policy(value: object) -> str:
    if value not in ZERO_BASE_POLICIES:
        raise ParseError(value, "a zero-base policy", "one of " + ", ".join(repr(p) for p in ZERO_BASE_POLICIES))
    return str(value)


def _places(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 6:
        raise ParseError(value, "a number of decimal places", "an int from 0 to 6 (reports use 2, some central ones 1)")
    return value


def _sign(value: Decimal) -> int:
    return (value > 0) - (value < 0)


@attrs.frozen(kw_only=True)
class Rate:
    """A printed rate: the percent ``value`` of ``amount`` over ``base``, and how it was obtained.

    ``value`` is a percent number (``Decimal('75.37')`` means 75.37 %) rounded half-up to
    ``places``, or ``None`` when the base is zero under ``zero_base="omit"``. For a change the
    value is signed (negative for a fall); the sentence uses its absolute value with the
    :attr:`direction` and :attr:`trend` words.

    Attributes:
        kind: ``"share"``, ``"completion"`` or ``"change"`` (see :data:`KINDS`).
        amount: the part (share), the 决算数 (completion) or this year's figure (change).
        base: the whole, the 预算数, or the prior year's figure.
        value: the percent, or ``None``.
        places: decimals of ``value``.
        zero_base: the policy in force (``"omit"`` or ``"legacy_100"``).
        base_is_zero: True when the base was zero, i.e. ``value`` is a convention, not a quotient.
        fall_word: the word for a fall, 降低 (as the Hunan 2024 reports print it) or 下降.

    >>> r = Rate(kind="change", amount=D("0.56"), base=D("1.35"), value=D("-58.52"))
    >>> r.delta, r.direction, r.trend, r.text
    (Decimal('-0.79'), '减少', '降低', '-58.52%')
    """

    kind: str = attrs.field(validator=attrs.validators.in_(tuple(KINDS)))
    amount: Decimal = attrs.field(converter=D)
    base: Decimal = attrs.field(converter=D)
    value: Decimal | None = attrs.field(converter=attrs.converters.optional(D))
    places: int = attrs.field(default=2, converter=_places)
    zero_base: str = attrs.field(default="omit", converter=_policy)
    base_is_zero: bool = False
    fall_word: str = "降低"

    @property
    def name(self) -> str:
        """The Chinese name of the kind: 占比, 完成率 or 增减率.

        >>> completion(D("1"), D("2")).name
        '完成率'
        """
        return KINDS[self.kind]

    @property
    def delta(self) -> Decimal:
        """``amount − base``: the 增减额 of a change (决算数 − 预算数 for a completion).

        >>> change(D("68600"), D("120000")).delta
        Decimal('-51400')
        """
        return self.amount - self.base

    @property
    def direction(self) -> str:
        """增加, 减少 or 持平, by the sign of :attr:`delta`.

        >>> change(D("5"), D("5")).direction
        '持平'
        """
        return {1: "增加", -1: "减少", 0: "持平"}[_sign(self.delta)]

    @property
    def trend(self) -> str:
        """增长, :attr:`fall_word` (降低) or 持平, by the sign of :attr:`delta`.

        >>> change(D("4"), D("5"), fall_word="下降").trend
        '下降'
        """
        return {1: "增长", -1: self.fall_word, 0: "持平"}[_sign(self.delta)]

    @property
    def comparison(self) -> str:
        """大于, 小于 or 等于: how ``amount`` compares with ``base`` ("决算数小于预算数").

        >>> completion(D("143200"), D("190000")).comparison
        '小于'
        """
        return {1: "大于", -1: "小于", 0: "等于"}[_sign(self.delta)]

    @property
    def text(self) -> str:
        """The value as printed, e.g. ``'75.37%'``; empty when the value is ``None``.

        >>> completion(D("0"), D("0"), zero_base="legacy_100").text
        '0.00%'
        """
        return format_percent(self.value, self.places)

    def phrase(self, *, in_wan: bool = True) -> str:
        """The 增减 clause of a 说明 sentence for a change, e.g. ``'减少5.14万元，降低42.83%'``.

        With ``in_wan`` (default) ``amount`` and ``base`` are 元 and the difference is printed in
        万元 (half-up, 2 dp); otherwise they are printed as given, without a unit. An undefined
        rate (zero base under ``"omit"``) leaves the percent out; no change prints ``'持平'``.

        >>> change(D("68600"), D("120000")).phrase()
        '减少5.14万元，降低42.83%'
        >>> change(D("69000"), D("0")).phrase()
        '增加6.90万元'
        >>> change(D("0"), D("0")).phrase()
        '持平'
        """
        if self.delta == 0:
            return "持平"
        size = abs(self.delta)
        amount = f"{format_amount(to_wan(size), grouping=False)}万元" if in_wan else format_amount(size, grouping=False)
        out = f"{self.direction}{amount}"
        if self.value is not None:
            out += f"，{self.trend}{format_percent(abs(self.value), self.places)}"
        return out


def _rate(kind: str, amount, base, numerator, *, places, zero_base, fall_word="降低") -> Rate:
    policy = _policy(zero_base)
    places = _places(places)
    amount, base, numerator = D(amount), D(base), D(numerator)
    if base.is_zero():
        value = None if policy == "omit" else round_half_up(Decimal(100 * _sign(numerator)), places)
        return Rate(kind=kind, amount=amount, base=base, value=value, places=places, zero_base=policy,
                    base_is_zero=True, fall_word=fall_word)
    value = round_half_up(numerator * 100 / abs(base), places)
    return Rate(kind=kind, amount=amount, base=base, value=value, places=places, zero_base=policy,
                fall_word=fall_word)


def share(part, whole, *, places: int = 2, zero_base: ZeroBase = "omit") -> Rate:
    """占比: ``part / whole × 100`` (e.g. 人员经费 占基本支出的 %, 授予中小企业合同金额 占总额的 %).

    Args:
        part, whole: amounts (``str``, ``int`` or ``Decimal``; floats are refused), same unit.
        places: decimals of the percent (half-up).
        zero_base: ``"omit"`` or ``"legacy_100"`` (see the module docstring).

    Raises:
        ParseError: an unknown ``zero_base`` or a bad ``places``.

    >>> share(D("2994800"), D("4556500")).value
    Decimal('65.73')
    >>> share(D("0"), D("0"), zero_base="legacy_100").value
    Decimal('0.00')
    """
    return _rate("share", part, whole, part, places=places, zero_base=zero_base)


def completion(actual, budget, *, places: int = 2, zero_base: ZeroBase = "omit") -> Rate:
    """完成率: ``决算数 / 预算数 × 100`` ("完成预算的 x%"); which budget is the caller's choice.

    >>> completion(D("5600"), D("50000")).value
    Decimal('11.20')
    >>> completion(D("0"), D("0")).value is None
    True
    >>> completion(D("0"), D("0"), zero_base="bogus")
    Traceback (most recent call last):
    ...
    govbudget.errors.ParseError: cannot read 'bogus' as a zero-base policy: expected one of 'omit', 'legacy_100'
    """
    return _rate("completion", actual, budget, actual, places=places, zero_base=zero_base)


def change(current, prior, *, places: int = 2, zero_base: ZeroBase = "omit", fall_word: str = "降低") -> Rate:
    """增减: ``Δ = current − prior`` and ``增减率 = Δ / |prior| × 100`` (signed).

    With a zero prior the rate is undefined; ``"legacy_100"`` prints 增长100% as many reports do.

    >>> r = change(D("5600"), D("13500"))
    >>> r.delta, r.value, r.phrase()
    (Decimal('-7900'), Decimal('-58.52'), '减少0.79万元，降低58.52%')
    >>> change(D("69000"), D("0"), zero_base="legacy_100").phrase()
    '增加6.90万元，增长100.00%'
    """
    amount, base = D(current), D(prior)
    return _rate("change", amount, base, amount - base, places=places, zero_base=zero_base, fall_word=fall_word)
