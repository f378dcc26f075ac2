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

# Arithmetic on amounts runs in this context, never the caller's: 80 significant digits hold
# any amount D accepts (≤ 40 integer digits) with its decimals, and sums of millions of them, so
# every sum and quantize is exact whatever precision the caller's context has.
_CONTEXT = decimal.Context(
    prec=80,
    rounding=ROUND_HALF_UP,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

_P = ParamSpec("_P")
_R = TypeVar("_R")


def money_context() -> decimal.Context:
    """A fresh copy of the decimal context govbudget does money arithmetic in (80 digits, half-up).

    Use it with :func:`decimal.localcontext` when adding many amounts yourself, so the caller's
    context (precision, rounding) never changes a result.

    >>> import decimal
    >>> with decimal.localcontext(money_context()):
    ...     D("9" * 30) + D("0.01")
    Decimal('999999999999999999999999999999.01')
    """
    return _CONTEXT.copy()


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
        with decimal.localcontext(_CONTEXT):
            return fn(*args, **kwargs)

    return wrapper


def D(value: str | int | Decimal) -> Decimal:
    """Return ``value`` as a :class:`~decimal.Decimal`; the one door for every amount.

    Accepts ``str`` (plain decimal notation with ASCII digits, surrounding spaces allowed),
    ``int`` and ``Decimal``. A ``float`` raises :class:`~govbudget.FloatNotAllowedError`;
    anything else, a string that is not a finite number, or an amount of 10^40 or more in
    magnitude raises :class:`~govbudget.ParseError`.

    >>> D("519.63"), D(12), D(Decimal("1.5"))
    (Decimal('519.63'), Decimal('12'), Decimal('1.5'))
    >>> D(0.5)
    Traceback (most recent call last):
    ...
    govbudget.errors.FloatNotAllowedError: amount 0.5 is a float; ...
    >>> D("١٢٣")
    Traceback (most recent call last):
    ...
    govbudget.errors.ParseError: cannot read '١٢٣' as an amount: expected plain decimal digits such as '519.63' (ASCII 0-9)
    """
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ParseError(value, "an amount", "a finite number")
        return _bounded(value, value)
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
        if not _PLAIN_RE.fullmatch(text):
            raise ParseError(value, "an amount", "plain decimal digits such as '519.63' (ASCII 0-9)")
        return _bounded(Decimal(text), value)
    raise ParseError(value, "an amount", f"a str, int or Decimal, not {type(value).__name__}")


_PLAIN_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")


def _bounded(d: Decimal, original: object) -> Decimal:
    if not d.is_zero() and d.adjusted() >= _MAX_INT_DIGITS:
        shown = original if not isinstance(original, str | int) or len(str(original)) <= 50 else f"{str(original)[:20]}…"
        raise ParseError(shown, "an amount", f"a magnitude below 10^{_MAX_INT_DIGITS} (found {d.adjusted() + 1} integer digits)")
    return d


def _check_places(places: object, most: int = 20) -> int:
    if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= most:
        raise ParseError(places, "a number of decimal places", f"an int from 0 to {most}")
    return places


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round half-up (四舍五入) to ``places`` decimals; negative zero becomes zero.

    >>> round_half_up(D("0.125")), round_half_up(D("-0.125")), round_half_up(D("-0.001"))
    (Decimal('0.13'), Decimal('-0.13'), Decimal('0.00'))
    """
    _check_places(places)
    with decimal.localcontext(_CONTEXT):
        q = D(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return q.copy_abs() if q.is_zero() else q


def to_wan(yuan: Decimal | str | int, places: int = 2) -> Decimal:
    """Convert exact 元 to 万元 as printed: divide by 10 000, round half-up to ``places``.

    >>> to_wan(D("50")), to_wan(D("150")), to_wan(D("-50")), to_wan(D("5196300"))
    (Decimal('0.01'), Decimal('0.02'), Decimal('-0.01'), Decimal('519.63'))

    The result does not depend on the caller's decimal context:

    >>> import decimal
    >>> with decimal.localcontext(prec=5):
    ...     to_wan(D("123456789012"))
    Decimal('12345678.90')
    """
    with decimal.localcontext(_CONTEXT):
        return round_half_up(D(yuan) / _TEN_THOUSAND, places)


def to_yuan(wan: Decimal | str | int) -> Decimal:
    """Convert a 万元 figure to 元 exactly (no rounding: 万元 with 2 dp is whole 元).

    >>> to_yuan(D("519.63"))
    Decimal('5196300.00')
    """
    with decimal.localcontext(_CONTEXT):
        return (D(wan) * _TEN_THOUSAND).quantize(CENT)


_BLANKS = {"", "-", "—", "–", "－", "——", "--", "/", "／"}
_AMOUNT_RE = re.compile(r"[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?|[+-]?\.[0-9]+")
# the characters a printed amount may hold, with their ASCII reading: ASCII digits and
# separators, their full-width forms (０-９ ．，－＋（）) and the minus sign U+2212. Everything
# else, including characters NFKC would turn into digits (①, ², ⑩, Arabic-Indic digits), is refused.
_AMOUNT_CHARS = {c: c for c in "0123456789.,+-()"}
_AMOUNT_CHARS |= {chr(0xFF10 + i): str(i) for i in range(10)}
_AMOUNT_CHARS |= {"．": ".", "，": ",", "－": "-", "＋": "+", "（": "(", "）": ")", "−": "-"}


def parse_amount(text: str | None) -> Decimal | None:
    """Read a printed amount; ``None`` for a blank cell (blank is not zero).

    Accepts ``519.63``, ``1,234.56``, ``1234``, full-width digits and punctuation,
    negatives as printed (``-12.5``, ``－12.5``, ``(12.50)``), and ``-``/``—``/empty for
    a blank. Spaces around the figure are ignored; anything else raises
    :class:`~govbudget.ParseError` quoting the text: footnote marks (``519.63①``, ``12²``),
    other scripts' digits, and spaces inside the figure (``12 345``: two cells run together?).
    The printed scale is kept (``7.20`` stays ``Decimal('7.20')``).

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
    s = text.strip()  # str.strip also removes the ideographic space U+3000
    if unicodedata.normalize("NFKC", s) in _BLANKS:
        return None
    expected = "digits with optional thousands separators and decimals"
    chars = []
    for c in s:
        ascii_c = _AMOUNT_CHARS.get(c)
        if ascii_c is None:
            if c.isspace():
                raise ParseError(text, "an amount", f"{expected}, found a space inside the figure "
                                                    "(two figures run together?)")
            digitlike = any(ch.isdigit() for ch in unicodedata.normalize("NFKC", c)) or c.isdigit()
            why = " (a footnote mark or a non-ASCII digit is not read as a digit)" if digitlike else ""
            raise ParseError(text, "an amount", f"{expected}, found {c!r}{why}")
        chars.append(ascii_c)
    s = "".join(chars)
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if not _AMOUNT_RE.fullmatch(s):
        raise ParseError(text, "an amount", expected)
    value = D(s.replace(",", ""))
    return -value if negative else value


def percent(part: Decimal, whole: Decimal, places: int = 2) -> Decimal | None:
    """Return ``part / whole × 100`` rounded half-up, or ``None`` when ``whole`` is zero.

    >>> percent(D("455.65"), D("519.63"))
    Decimal('87.69')
    >>> percent(D("1"), D("0")) is None
    True
    """
    part, whole = D(part), D(whole)
    if whole.is_zero():
        return None
    with decimal.localcontext(_CONTEXT):
        return round_half_up(part * 100 / whole, places)


@exact
def format_amount(value: Decimal | None, places: int = 2, *, grouping: bool = True) -> str:
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
def format_percent(value: Decimal | None, places: int = 2) -> str:
    """Format a percentage *number* (87.69 means 87.69 %) half-up with ``places`` decimals.

    >>> format_percent(D("87.685")), format_percent(D("100")), format_percent(None)
    ('87.69%', '100.00%', '')
    >>> format_percent(D("1"), "2")
    Traceback (most recent call last):
    ...
    govbudget.errors.ParseError: cannot read '2' as a number of decimal places: expected an int from 0 to 18
    """
    _check_places(places, 18)  # the fraction is rounded to places + 2
    if value is None:
        return ""
    from babel.numbers import format_percent as _fp

    with decimal.localcontext(_CONTEXT):
        q = round_half_up(D(value) / 100, places + 2)
    pattern = "#,##0" + ("." + "0" * places if places else "") + "%"
    return _fp(q, format=pattern, locale="zh_CN", decimal_quantization=False)
