"""Exact money: the one door :func:`D`, 元 ↔ 万元, reading printed amounts, formatting.

Amounts are :class:`decimal.Decimal`, always. Ledgers hold 元 with 2 decimals; published
tables print 万元 with 2 decimals. Rounding is half-up (四舍五入) and happens only at
presentation, each cell from its own exact value.

>>> from govbudget import D, to_wan, format_amount
>>> to_wan(D("5196300"))
Decimal('519.63')
>>> format_amount(D("1234567.891"))
'1,234,567.89'
"""

from __future__ import annotations

import contextvars
import decimal
import functools
import re
import unicodedata
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import ParamSpec, TypeVar

from .errors import FloatNotAllowedError, ParseError

__all__ = [
    "CENT",
    "ZERO",
    "D",
    "exact",
    "format_amount",
    "format_percent",
    "money_context",
    "parse_amount",
    "percent",
    "round_half_up",
    "to_wan",
    "to_yuan",
]

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
_TEN_THOUSAND = Decimal(10000)

#: amounts must lie strictly below this magnitude (10^40 元); D refuses larger ones
_MAX_INT_DIGITS = 40
#: and carry at most this many decimals (trailing zeros aside); D refuses finer ones
_MAX_DECIMALS = 40

# Arithmetic on amounts runs in this context, never the caller's: an amount D accepts has at
# most 40 integer digits and 40 decimals (80 digits), and 100 significant digits hold sums of
# up to 10^20 of them exactly, so every sum and quantize is exact whatever the caller's context
# (precision, rounding, traps) is. Divisions are rounded once, to the places asked for.
_CONTEXT = decimal.Context(
    prec=100,
    rounding=ROUND_HALF_UP,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

_P = ParamSpec("_P")
_R = TypeVar("_R")


def money_context() -> decimal.Context:
    """A fresh copy of the decimal context govbudget does money arithmetic in (100 digits, half-up).

    Use it with :func:`decimal.localcontext` when adding many amounts yourself, so the caller's
    context (precision, rounding) never changes a result.

    >>> import decimal
    >>> with decimal.localcontext(money_context()):
    ...     D("9" * 30) + D("0.01")
    Decimal('999999999999999999999999999999.01')
    """
    return _CONTEXT.copy()


# the money context an @exact function is running in (its own copy of _CONTEXT): a nested @exact
# call whose current context is still that very object skips entering a new one
_ACTIVE: contextvars.ContextVar[decimal.Context | None] = contextvars.ContextVar("govbudget_money_context", default=None)


def exact(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Decorator: run ``fn`` inside :func:`money_context`, whatever the caller's context is.

    >>> import decimal
    >>> @exact
    ... def add(a, b):
    ...     return a + b
    >>> with decimal.localcontext(prec=3):
    ...     add(D("1234.5"), D("0.25"))
    Decimal('1234.75')
    """

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if decimal.getcontext() is _ACTIVE.get():  # called from inside another @exact: already exact
            return fn(*args, **kwargs)
        with decimal.localcontext(_CONTEXT) as ctx:
            token = _ACTIVE.set(ctx)
            try:
                return fn(*args, **kwargs)
            finally:
                _ACTIVE.reset(token)

    return wrapper


def D(value: str | int | Decimal) -> Decimal:
    """Return ``value`` as a :class:`~decimal.Decimal`; the one door for every amount.

    Accepts ``int``, ``Decimal`` and ``str`` in every form :func:`parse_amount` reads (plain
    ``519.63``, thousands separators ``1,234.56``, full-width digits, ``(12.50)`` or ``−12.50``
    for a negative; spaces around the figure are ignored), keeping the printed scale. A blank
    (``""``, ``—``) is not an amount: it raises :class:`~govbudget.ParseError` (read a cell that
    may be blank with :func:`parse_amount`, which gives ``None``). A ``float`` raises
    :class:`~govbudget.FloatNotAllowedError`; anything else, text that is not a figure, an amount
    of 10^40 or more in magnitude, or one with more than 40 decimals raises
    :class:`~govbudget.ParseError`.

    >>> D("519.63"), D(12), D(Decimal("1.5")), D("1,234.50"), D("(7.20)")
    (Decimal('519.63'), Decimal('12'), Decimal('1.5'), Decimal('1234.50'), Decimal('-7.20'))
    >>> D(0.5)
    Traceback (most recent call last):
    ...
    govbudget.errors.FloatNotAllowedError: amount 0.5 is a float; ...
    >>> D("—")
    Traceback (most recent call last):
    ...
    govbudget.errors.ParseError: cannot read '—' as an amount: expected a figure such as '519.63'; a blank is not an amount (parse_amount reads a blank cell as None)
    """
    if isinstance(value, Decimal):  # checked, not computed: no context needed (the common case)
        if not value.is_finite():
            raise ParseError(value, "an amount", "a finite number")
        return _bounded(value, value)
    return _from_other(value)


@exact
def _from_other(value: object) -> Decimal:
    """:func:`D` of anything but a Decimal, in the money context (a printed form may be negated)."""
    if isinstance(value, bool):
        raise ParseError(value, "an amount", "a str, int or Decimal, not a bool")
    if isinstance(value, int):
        if value.bit_length() > 4 * _MAX_INT_DIGITS:  # cheap guard before building the Decimal
            raise ParseError(value, "an amount", f"a magnitude below 10^{_MAX_INT_DIGITS}")
        return _bounded(Decimal(value), value)
    if isinstance(value, float):
        raise FloatNotAllowedError(value)
    if isinstance(value, str):
        text = value.strip()
        if _PLAIN_RE.fullmatch(text):  # the common case, without the character-by-character reading
            return _bounded(Decimal(text), value)
        d = _read_printed(value)
        if d is None:
            raise ParseError(value, "an amount", "a figure such as '519.63'; a blank is not an amount "
                                                 "(parse_amount reads a blank cell as None)")
        return d
    raise ParseError(value, "an amount", f"a str, int or Decimal, not {type(value).__name__}")


_PLAIN_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


def _shown(original: object) -> object:
    return original if not isinstance(original, str | int) or len(str(original)) <= 50 else f"{str(original)[:20]}…"


def _bounded(d: Decimal, original: object) -> Decimal:
    if not d.is_zero() and d.adjusted() >= _MAX_INT_DIGITS:
        raise ParseError(_shown(original), "an amount",
                         f"a magnitude below 10^{_MAX_INT_DIGITS} (found {d.adjusted() + 1} integer digits)")
    if d.is_finite() and "E" not in (s := str(d).upper()) and ("." not in s or len(s) - s.find(".") - 1 <= _MAX_DECIMALS):
        return d  # a plain figure with at most 40 decimals (read off its text: cheaper than as_tuple)
    _sign, digits, exponent = d.as_tuple()
    if isinstance(exponent, int) and exponent < -_MAX_DECIMALS:
        places = -exponent - (len(digits) - len(bytes(digits).rstrip(b"\0")))  # trailing zeros aside
        if places > _MAX_DECIMALS and not d.is_zero():
            raise ParseError(_shown(original), "an amount", f"at most {_MAX_DECIMALS} decimals (found {places})")
    return d


def _check_places(places: object, most: int = 20) -> int:
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= most:
        raise ParseError(places, "a number of decimal places", f"an int from 0 to {most}")
    return places


def _unsigned_zero(q: Decimal) -> Decimal:
    return q.copy_abs() if q.is_zero() else q


@exact
def round_half_up(value: Decimal | str | int, places: int = 2) -> Decimal:
    """Round half-up (四舍五入) to ``places`` decimals; negative zero becomes zero.

    >>> round_half_up(D("0.125")), round_half_up(D("-0.125")), round_half_up(D("-0.001"))
    (Decimal('0.13'), Decimal('-0.13'), Decimal('0.00'))
    """
    _check_places(places)
    return _unsigned_zero(D(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@exact
def to_wan(yuan: Decimal | str | int, places: int = 2) -> Decimal:
    """Convert exact 元 to 万元 as printed: divide by 10 000, round half-up to ``places`` (once).

    >>> to_wan(D("50")), to_wan(D("150")), to_wan(D("-50")), to_wan(D("5196300"))
    (Decimal('0.01'), Decimal('0.02'), Decimal('-0.01'), Decimal('519.63'))

    The result does not depend on the caller's decimal context:

    >>> import decimal
    >>> with decimal.localcontext(prec=5):
    ...     to_wan(D("123456789012"))
    Decimal('12345678.90')
    """
    _check_places(places)
    # rounding the 元 figure to 10^(4 - places) 元 and moving the point is one exact rounding
    q = D(yuan).quantize(Decimal(1).scaleb(4 - places), rounding=ROUND_HALF_UP)
    return _unsigned_zero(q.scaleb(-4))


@exact
def to_yuan(wan: Decimal | str | int) -> Decimal:
    """Convert a 万元 figure to 元 exactly, to the 分 (no rounding ever).

    A 万元 figure with more than 6 decimals is finer than a 分 and is refused with a
    :class:`~govbudget.ParseError`: round it first (``round_half_up(x, 6)``) if that is meant.

    >>> to_yuan(D("519.63")), to_yuan("1,234.5")
    (Decimal('5196300.00'), Decimal('12345000.00'))
    >>> to_yuan("0.0000001")
    Traceback (most recent call last):
    ...
    govbudget.errors.ParseError: cannot read '0.0000001' as an amount in 万元: expected at most 6 decimals (whole 分 in 元); it is 0.001 元, finer than a 分: round it first with round_half_up(x, 6) if that is meant
    """
    y = D(wan).scaleb(4)
    q = y.quantize(CENT)
    if q != y:
        raise ParseError(_shown(wan), "an amount in 万元",
                         f"at most 6 decimals (whole 分 in 元); it is {y.normalize():f} 元, finer than a 分: "
                         "round it first with round_half_up(x, 6) if that is meant")
    return _bounded(_unsigned_zero(q), wan)


_BLANKS = {"", "-", "—", "–", "－", "——", "--", "/", "／"}
_AMOUNT_RE = re.compile(r"[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?|[+-]?\.[0-9]+")
# the characters a printed amount may hold, with their ASCII reading: ASCII digits and
# separators, their full-width forms (０-９ ．，－＋（）) and the minus sign U+2212. Everything
# else, including characters NFKC would turn into digits (①, ², ⑩, Arabic-Indic digits), is refused.
_AMOUNT_CHARS = {c: c for c in "0123456789.,+-()"}
_AMOUNT_CHARS |= {chr(0xFF10 + i): str(i) for i in range(10)}
_AMOUNT_CHARS |= {"．": ".", "，": ",", "－": "-", "＋": "+", "（": "(", "）": ")", "−": "-"}


@exact
def parse_amount(text: str | None) -> Decimal | None:
    """Read a printed amount; ``None`` for a blank cell (blank is not zero).

    Accepts ``519.63``, ``1,234.56``, ``1234``, full-width digits and punctuation,
    negatives as printed (``-12.5``, ``－12.5``, ``(12.50)``), and ``-``/``—``/empty for
    a blank. Spaces around the figure are ignored; anything else raises
    :class:`~govbudget.ParseError` quoting the text: footnote marks (``519.63①``, ``12²``),
    other scripts' digits, spaces inside the figure (``12 345``: two cells run together?) and a
    sign inside accounting parentheses (``(-12.50)``: which sign is meant?). The printed scale
    is kept (``7.20`` stays ``Decimal('7.20')``); the bounds of :func:`D` apply.

    >>> parse_amount("1,234.56"), parse_amount("５１９．６３"), parse_amount("—")
    (Decimal('1234.56'), Decimal('519.63'), None)
    >>> parse_amount("(12.50)")
    Decimal('-12.50')
    >>> parse_amount("519.63①")
    Traceback (most recent call last):
    ...
    govbudget.errors.ParseError: cannot read '519.63①' as an amount: expected digits with optional thousands separators and decimals, found '①' (a footnote mark or a non-ASCII digit is not read as a digit)
    """
    if text is None:
        return None
    if not isinstance(text, str):
        raise ParseError(text, "an amount", "text")
    return _read_printed(text)


def _read_printed(text: str) -> Decimal | None:
    s = text.strip()  # str.strip also removes the ideographic space U+3000
    if unicodedata.normalize("NFKC", s) in _BLANKS:
        return None
    expected = "digits with optional thousands separators and decimals"
    chars = []
    for c in s:
        ascii_c = _AMOUNT_CHARS.get(c)
        if ascii_c is None:
            if c.isspace():
                raise ParseError(_shown(text), "an amount", f"{expected}, found a space inside the figure "
                                                            "(two figures run together?)")
            digitlike = any(ch.isdigit() for ch in unicodedata.normalize("NFKC", c)) or c.isdigit()
            why = " (a footnote mark or a non-ASCII digit is not read as a digit)" if digitlike else ""
            raise ParseError(_shown(text), "an amount", f"{expected}, found {c!r}{why}")
        chars.append(ascii_c)
    s = "".join(chars)
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
        if s[:1] in ("+", "-"):
            raise ParseError(_shown(text), "an amount", "no sign inside accounting parentheses: "
                                                        "(12.50) is already negative, found a sign inside them")
    if not _AMOUNT_RE.fullmatch(s):
        raise ParseError(_shown(text), "an amount", expected)
    value = _bounded(Decimal(s.replace(",", "")), text)
    return -value if negative else value


#: quotients are computed to this many digits past the places asked for before the one rounding
_GUARD = 3


@exact
def percent(part: Decimal | str | int, whole: Decimal | str | int, places: int = 2) -> Decimal | None:
    """Return ``part / whole × 100`` rounded half-up, or ``None`` when ``whole`` is zero.

    The quotient is rounded once, to ``places``, whatever the number of digits (no double
    rounding); a quotient of 10^40 % or more raises :class:`~govbudget.ParseError`.

    >>> percent(D("455.65"), D("519.63"))
    Decimal('87.69')
    >>> percent(D("1"), D("0")) is None
    True
    """
    _check_places(places)
    part, whole = D(part), D(whole)
    if whole.is_zero():
        return None
    return _divide_half_up(part * 100, whole, places)


def _divide_half_up(num: Decimal, den: Decimal, places: int) -> Decimal:
    """``num / den`` rounded half-up to ``places`` decimals with a single rounding (not public).

    The quotient is first taken to ``places + 3`` decimals rounding with ROUND_05UP (which keeps
    the information a later half-up rounding needs: an inexact quotient never lands on a tie),
    then rounded half-up; this equals rounding the exact quotient.

    >>> _divide_half_up(D("1"), D("3"), 2), _divide_half_up(D("0.0049999999999999999999"), D("1"), 2)
    (Decimal('0.33'), Decimal('0.00'))
    """
    if den.is_zero():
        raise ParseError(den, "a divisor", "a non-zero amount")
    int_digits = max(num.adjusted() - den.adjusted() + 1, 0) if not num.is_zero() else 0
    if int_digits > _MAX_INT_DIGITS + 1:
        raise ParseError(_shown(num), "the numerator of a quotient",
                         f"a quotient below 10^{_MAX_INT_DIGITS}; {_shown(num)} / {_shown(den)} is larger")
    ctx = decimal.Context(prec=int_digits + places + _GUARD, rounding=decimal.ROUND_05UP, Emax=decimal.MAX_EMAX,
                          Emin=decimal.MIN_EMIN, traps=[InvalidOperation, decimal.DivisionByZero, decimal.Overflow])
    with decimal.localcontext(_CONTEXT):
        q = ctx.divide(num, den)
        return _unsigned_zero(q.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


@exact
def format_amount(value: Decimal | str | int | None, places: int = 2, *, grouping: bool = True) -> str:
    """Format an amount with ``places`` decimals (half-up first), thousands grouped (zh_CN).

    ``None`` (a blank cell) formats as the empty string.

    >>> format_amount(D("519.6")), format_amount(D("0.025")), format_amount(None)
    ('519.60', '0.03', '')
    >>> format_amount(D("1234567.89"), grouping=False)
    '1234567.89'
    """
    if value is None:
        return ""
    from babel.numbers import format_decimal

    q = round_half_up(value, places)
    pattern = ("#,##0" if grouping else "0") + ("." + "0" * places if places else "")
    return format_decimal(q, format=pattern, locale="zh_CN", decimal_quantization=False)


@exact
def format_percent(value: Decimal | str | int | None, places: int = 2) -> str:
    """Format a percentage *number* (87.69 means 87.69 %) half-up with ``places`` decimals.

    >>> format_percent(D("87.685")), format_percent(D("100")), format_percent(None)
    ('87.69%', '100.00%', '')
    >>> format_percent(D("1"), "2")
    Traceback (most recent call last):
    ...
    govbudget.errors.ParseError: cannot read '2' as a number of decimal places: expected an int from 0 to 18
    """
    _check_places(places, 18)
    if value is None:
        return ""
    from babel.numbers import format_percent as _fp

    q = round_half_up(value, places).scaleb(-2)  # one rounding; moving the point is exact
    pattern = "#,##0" + ("." + "0" * places if places else "") + "%"
    return _fp(q, format=pattern, locale="zh_CN", decimal_quantization=False)
