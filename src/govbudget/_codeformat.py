"""Codes as strings, the way python-stdnum handles numbers: compact, split, format (and, in
:mod:`govbudget.classification`, validate and is_valid, which also check membership in a year).

The same five functions serve the 支出功能分类 (``functional``: 类 3 / 款 5 / 项 7 digits, starting
with 2), the 部门预算支出经济分类 (``economic``: 类 3 / 款 5 digits, starting with 3) and the
政府预算支出经济分类 (``government``: 类 3 / 款 5 digits, starting with 5). Without a scheme, the
leading digit picks it.

>>> import govbudget as gb
>>> gb.compact_code("２０１ 01-01")
'2010101'
>>> gb.split_code("2010101"), gb.format_code("30217")
(('201', '01', '01'), '302 17')
>>> gb.is_valid_code("2010450", year=2024), gb.is_valid_code("2010", "functional")
(True, False)
"""

from __future__ import annotations

from .errors import MalformedCodeError, UnknownEditionError, article

__all__ = ["check_code", "compact_code", "format_code", "scheme_of", "shape", "split_code"]

LEVELS: dict[str, dict[int, str]] = {
    "functional": {3: "类", 5: "款", 7: "项"},
    "economic": {3: "类", 5: "款"},
    "government": {3: "类", 5: "款"},
}
LEADING = {"functional": "2", "economic": "3", "government": "5"}
BY_LEADING = {v: k for k, v in LEADING.items()}
SCHEME_LABEL = {
    "functional": "支出功能分类",
    "economic": "部门预算支出经济分类",
    "government": "政府预算支出经济分类",
}
SCHEME_ALIASES = {"department": "economic", "economic-department": "economic", "economic-government": "government"}

# full-width digits → ASCII; separators people type or print inside a code
FULLWIDTH = {ord("０") + i: ord("0") + i for i in range(10)}
_SEPARATORS = " \t\u3000\u00a0\u2009\u202f-‐‑–—.·・_．－＿"
DROP = {ord(c): None for c in _SEPARATORS}


def compact_code(code: object) -> str:
    """The code without separators and with ASCII digits; does not check the result.

    Full-width digits (２０１) become ASCII; spaces (also full-width and no-break), hyphens, dots,
    middle dots and underscores are removed, so ``201 01 01``, ``201-01-01`` and ``２０１０１０１``
    all compact to ``2010101``.

    >>> compact_code(" 201 01 01 "), compact_code("201-01-01"), compact_code("３０２．１７")
    ('2010101', '2010101', '30217')
    >>> compact_code(2010101)
    Traceback (most recent call last):
    ...
    govbudget.errors.MalformedCodeError: 2010101 is not a classification code: expected a str of digits, found an int
    """
    if not isinstance(code, str):
        raise MalformedCodeError(code, "classification", f"expected a str of digits, found {article(type(code).__name__)} {type(code).__name__}")
    return code.translate(FULLWIDTH).translate(DROP)


def normal_scheme(scheme: object) -> str:
    """The canonical scheme name for ``scheme`` (``"department"`` → ``"economic"``), else UnknownEditionError."""
    if not isinstance(scheme, str):
        raise UnknownEditionError(
            repr(scheme), None, tuple(LEVELS),
            message=f"a scheme is a str, one of: {', '.join(LEVELS)} (or 'department'); "
                    f"found {type(scheme).__name__} {scheme!r}",
        )
    resolved = SCHEME_ALIASES.get(scheme, scheme)
    if resolved not in LEVELS:
        raise UnknownEditionError(
            str(scheme), None, tuple(LEVELS),
            message=f"unknown scheme {scheme!r}; expected one of: {', '.join(LEVELS)} (or 'department')",
        )
    return resolved


def scheme_of(code: object) -> str:
    """The scheme a (compacted) code belongs to, from its leading digit.

    >>> scheme_of("2010101"), scheme_of("30217"), scheme_of("501")
    ('functional', 'economic', 'government')
    """
    c = compact_code(code)
    scheme = BY_LEADING.get(c[:1])
    if scheme is None or not c.isascii() or not c.isdigit():
        raise MalformedCodeError(
            code, "classification", "expected digits starting with 2 (支出功能分类), 3 (部门预算经济分类) or 5 (政府预算经济分类), "
                        f"found {c[:1]!r} first" if c else "expected digits, found an empty code",
        )
    return scheme


def check_code(code: object, scheme: str) -> str:
    """Return ``code`` if it is shaped like a code of ``scheme`` (exactly, no compacting), else raise.

    >>> check_code("20104", "functional")
    '20104'
    >>> check_code("2010", "functional")
    Traceback (most recent call last):
    ...
    govbudget.errors.MalformedCodeError: '2010' is not a functional code: expected 3, 5 or 7 ASCII digits (类/款/项), found 4 characters
    """
    levels = LEVELS[scheme]
    shape = ", ".join(str(n) for n in list(levels)[:-1]) + f" or {list(levels)[-1]}"
    expected = f"expected {shape} ASCII digits ({'/'.join(levels.values())})"
    if not isinstance(code, str):
        raise MalformedCodeError(code, scheme, f"{expected}, found {article(type(code).__name__)} {type(code).__name__}")
    if not code.strip():
        raise MalformedCodeError(code, scheme, f"{expected}, found {'only whitespace' if code else 'an empty code'}")
    if not code.isascii() or not code.isdigit():
        i = next(i for i, ch in enumerate(code) if not ("0" <= ch <= "9"))
        bad = "whitespace" if code[i].isspace() else f"the non-digit character {code[i]!r}"
        raise MalformedCodeError(code, scheme, f"{expected}, found {bad} at position {i + 1}")
    if len(code) not in levels:
        raise MalformedCodeError(code, scheme, f"{expected}, found {len(code)} characters")
    if not code.startswith(LEADING[scheme]):
        raise MalformedCodeError(
            code, scheme, f"{SCHEME_LABEL[scheme]} codes start with {LEADING[scheme]}, found {code[0]}"
        )
    return code


def shape(code: object, scheme: str | None = None) -> str:
    """The compacted code if it has the shape of ``scheme`` (by its leading digit when None), else raise.

    >>> shape("201 01 01"), shape("３０２１７", "department")
    ('2010101', '30217')
    """
    c = compact_code(code)
    resolved = scheme_of(c) if scheme is None else normal_scheme(scheme)
    try:
        check_code(c, resolved)
    except MalformedCodeError as e:
        raise MalformedCodeError(code if isinstance(code, str) and c == code else c, resolved, e.reason) from None
    return c


def split_code(code: object, scheme: str | None = None) -> tuple[str, ...]:
    """The parts of a code: (类,), (类, 款) or (类, 款, 项).

    >>> split_code("2010101"), split_code("302 17"), split_code("501")
    (('201', '01', '01'), ('302', '17'), ('501',))
    """
    c = shape(code, scheme)
    return tuple(c[i:j] for i, j in ((0, 3), (3, 5), (5, 7)) if len(c) >= j)


def format_code(code: object, scheme: str | None = None, *, sep: str = " ") -> str:
    """The code with its parts separated by ``sep`` (as the 科目 books print it).

    >>> format_code("2010101"), format_code("2010101", sep="-"), format_code("30217")
    ('201 01 01', '201-01-01', '302 17')
    """
    if not isinstance(sep, str):
        raise MalformedCodeError(sep, "classification", f"the separator must be a str, found {article(type(sep).__name__)} {type(sep).__name__}")
    return sep.join(split_code(code, scheme))
