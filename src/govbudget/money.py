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

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import FloatNotAllowedError, ParseError

__all__ = [
    "CENT",
    "ZERO",
    "D",
    "format_amount",
    "format_percent",
    "parse_amount",
    "percent",
    "round_half_up",
    "to_wan",
    "to_yuan",
]

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
_TEN_THOUSAND = Decimal(10000)


def D(value: str | int | Decimal) -> Decimal:
    """Return ``value`` as a :class:`~decimal.Decimal`; the one door for every amount.

    Accepts ``str`` (plain decimal notation, surrounding spaces allowed), ``int`` and
    ``Decimal``. A ``float`` raises :class:`~govbudget.FloatNotAllowedError`; anything
    else, or a string that is not a finite number, raises :class:`~govbudget.ParseError`.

    >>> D("519.63"), D(12), D(Decimal("1.5"))
    (Decimal('519.63'), Decimal('12'), Decimal('1.5'))
    >>> D(0.5)
    Traceback (most recent call last):
    ...
    govbudget.errors.FloatNotAllowedError: amount 0.5 is a float; ...
    """
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ParseError(value, "an amount", "a finite number")
        return value
    if isinstance(value, bool):
        raise ParseError(value, "an amount", "a str, int or Decimal, not a bool")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        raise FloatNotAllowedError(value)
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
            raise ParseError(value, "an amount", "plain decimal digits such as '519.63'")
        return Decimal(text)
    raise ParseError(value, "an amount", f"a str, int or Decimal, not {type(value).__name__}")


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round half-up (四舍五入) to ``places`` decimals; negative zero becomes zero.

    >>> round_half_up(D("0.125")), round_half_up(D("-0.125")), round_half_up(D("-0.001"))
    (Decimal('0.13'), Decimal('-0.13'), Decimal('0.00'))
    """
    q = D(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return q.copy_abs() if q.is_zero() else q


def to_wan(yuan: Decimal | str | int, places: int = 2) -> Decimal:
    """Convert exact 元 to 万元 as printed: divide by 10 000, round half-up to ``places``.

    >>> to_wan(D("50")), to_wan(D("150")), to_wan(D("-50")), to_wan(D("5196300"))
    (Decimal('0.01'), Decimal('0.02'), Decimal('-0.01'), Decimal('519.63'))
    """
    return round_half_up(D(yuan) / _TEN_THOUSAND, places)


def to_yuan(wan: Decimal | str | int) -> Decimal:
    """Convert a 万元 figure to 元 exactly (no rounding: 万元 with 2 dp is whole 元).

    >>> to_yuan(D("519.63"))
    Decimal('5196300.00')
    """
    return (D(wan) * _TEN_THOUSAND).quantize(CENT)


_BLANKS = {"", "-", "—", "–", "－", "——", "--", "/", "／"}
_AMOUNT_RE = re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?|[+-]?\.\d+")


def parse_amount(text: str | None) -> Decimal | None:
    """Read a printed amount; ``None`` for a blank cell (blank is not zero).

    Accepts ``519.63``, ``1,234.56``, ``1234``, full-width digits and punctuation,
    negatives as printed (``-12.5``, ``－12.5``, ``(12.50)``), and ``-``/``—``/empty for
    a blank. Anything else raises :class:`~govbudget.ParseError` quoting the text.
    The printed scale is kept (``7.20`` stays ``Decimal('7.20')``).

    >>> parse_amount("1,234.56"), parse_amount("５１９．６３"), parse_amount("—")
    (Decimal('1234.56'), Decimal('519.63'), None)
    >>> parse_amount("(12.50)")
    Decimal('-12.50')
    """
    if text is None:
        return None
    if not isinstance(text, str):
        raise ParseError(text, "an amount", "text")
    s = unicodedata.normalize("NFKC", text).strip().replace(" ", "").replace("\u3000", "")
    if s in _BLANKS:
        return None
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if s.startswith(("−", "－")):
        s = "-" + s[1:]
    if not _AMOUNT_RE.fullmatch(s):
        raise ParseError(
            text, "an amount", "digits with optional thousands separators and decimals"
        )
    try:
        value = Decimal(s.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid numbers
        raise ParseError(text, "an amount", "a number") from exc
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
    return round_half_up(part * 100 / whole, places)


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


def format_percent(value: Decimal | None, places: int = 2) -> str:
    """Format a percentage *number* (87.69 means 87.69 %) half-up with ``places`` decimals.

    >>> format_percent(D("87.685")), format_percent(D("100")), format_percent(None)
    ('87.69%', '100.00%', '')
    """
    if value is None:
        return ""
    from babel.numbers import format_percent as _fp

    q = round_half_up(D(value) / 100, places + 2)
    pattern = "#,##0" + ("." + "0" * places if places else "") + "%"
    return _fp(q, format=pattern, locale="zh_CN", decimal_quantization=False)
