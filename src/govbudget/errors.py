"""The exception hierarchy: one base, :class:`GovBudgetError`, and a builtin mixin per family.

Exceptions are for misuse and unreadable input (a malformed code, an edition that is not
shipped, a float where money is expected, a broken data file). Problems found *in* a report
are not exceptions: they are :class:`govbudget.Finding` values.

>>> import govbudget as gb
>>> issubclass(gb.UnknownCodeError, KeyError) and issubclass(gb.UnknownCodeError, gb.GovBudgetError)
True
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "DataFileError",
    "FloatNotAllowedError",
    "GovBudgetError",
    "LedgerError",
    "LimitExceededError",
    "MalformedCodeError",
    "MissingDependencyError",
    "ParseError",
    "ReconcileError",
    "ReportReadError",
    "UnknownCodeError",
    "UnknownEditionError",
]


def article(word: str) -> str:
    """``"an"`` before a vowel sound (``"an economic code"``), else ``"a"``.

    >>> article("economic"), article("functional")
    ('an', 'a')
    """
    return "an" if str(word)[:1].lower() in "aeiou" and str(word)[:1] else "a"


class GovBudgetError(Exception):
    """Base class of every error govbudget raises.

    >>> import govbudget as gb
    >>> try:
    ...     gb.functional(1999)
    ... except gb.GovBudgetError as e:
    ...     print(type(e).__name__)
    UnknownEditionError
    """


class MalformedCodeError(GovBudgetError, ValueError):
    """A string that cannot be a code of the scheme at all (length, non-digits, stray characters).

    >>> import govbudget as gb
    >>> try:
    ...     gb.functional(2024)["20104x"]
    ... except gb.MalformedCodeError as e:
    ...     print(e)
    '20104x' is not a functional code: expected 3, 5 or 7 ASCII digits (类/款/项), found the non-digit character 'x' at position 6
    """

    def __init__(self, code: object, scheme: str, reason: str) -> None:
        self.code, self.scheme, self.reason = code, scheme, reason
        super().__init__(f"{code!r} is not {article(scheme)} {scheme} code: {reason}")

    def __reduce__(self):  # pragma: no cover - pickling support
        return (type(self), (self.code, self.scheme, self.reason))


class UnknownCodeError(GovBudgetError, KeyError):
    """A well-formed code that the edition does not contain. Also a :class:`KeyError`.

    The message names the code, scheme and year, says how complete the shipped edition
    is, and suggests the nearest known codes (same parent first).

    >>> import govbudget as gb
    >>> try:
    ...     gb.functional(2024)["2010451"]
    ... except KeyError as e:
    ...     print(e.code, e.year, e.suggestions[:2])
    2010451 2024 ('2010450', '2010403')
    """

    def __init__(
        self,
        code: str,
        scheme: str,
        year: int,
        *,
        completeness: str = "",
        suggestions: Sequence[str] = (),
    ) -> None:
        self.code, self.scheme, self.year = code, scheme, year
        self.completeness = completeness
        self.suggestions = tuple(suggestions)
        super().__init__(code)

    def __str__(self) -> str:
        msg = f"code {self.code!r} is not in the {self.scheme} edition {self.year}"
        if self.completeness:
            msg += f" ({self.completeness})"
        if self.suggestions:
            msg += "; nearest known codes: " + ", ".join(self.suggestions)
        return msg

    def __reduce__(self):  # pragma: no cover
        return (_rebuild_unknown, (self.code, self.scheme, self.year, self.completeness, self.suggestions))


def _rebuild_unknown(code, scheme, year, completeness, suggestions):  # pragma: no cover
    return UnknownCodeError(code, scheme, year, completeness=completeness, suggestions=suggestions)


class UnknownEditionError(GovBudgetError, LookupError):
    """An edition (scheme, year) that is not shipped; the message lists those that are.

    >>> import govbudget as gb
    >>> try:
    ...     gb.functional(1999)
    ... except LookupError as e:
    ...     print(e)  # doctest: +ELLIPSIS
    no functional edition for 1999; shipped editions: 2017, ...
    """

    def __init__(self, scheme: str, year: object, available: Sequence[object], *, message: str = "") -> None:
        self.scheme, self.year, self.available = scheme, year, tuple(available)
        shipped = ", ".join(str(y) for y in self.available) or "none"
        super().__init__(message or f"no {scheme} edition for {year}; shipped editions: {shipped}")


class DataFileError(GovBudgetError, ValueError):
    """A malformed, unreadable or unwritable data file (shipped or user-supplied), every problem listed.

    ``problems`` is a tuple of ``(line, message)`` pairs; ``line`` is ``None`` for a problem of
    the whole file (it cannot be opened, written, parsed), which is counted as a file problem
    rather than a bad row.

    >>> import govbudget as gb
    >>> e = gb.DataFileError("my.csv", [(3, "code '2x' is not a code")])
    >>> print(e)
    my.csv: 1 bad row
      line 3: code '2x' is not a code
    >>> print(gb.DataFileError("out", [(None, "cannot write: is a directory")]))
    out: 1 file problem
      file: cannot write: is a directory
    """

    def __init__(self, path: object, problems: Sequence[tuple[int | None, str]]) -> None:
        self.path = str(path)
        self.problems = tuple(problems)
        rows = sum(1 for line, _ in self.problems if line is not None)
        whole = len(self.problems) - rows
        counts = []
        if rows or not whole:
            counts.append(f"{rows} bad row{'s' if rows != 1 else ''}")
        if whole:
            counts.append(f"{whole} file problem{'s' if whole != 1 else ''}")
        lines = [f"{self.path}: {', '.join(counts)}"]
        for line, message in self.problems:
            where = f"line {line}" if line is not None else "file"
            lines.append(f"  {where}: {message}")
        super().__init__("\n".join(lines))


class FloatNotAllowedError(GovBudgetError, TypeError):
    """A float reached an amount. Money is :class:`decimal.Decimal` only.

    >>> import govbudget as gb
    >>> try:
    ...     gb.D(0.1)
    ... except TypeError as e:
    ...     print(e)
    amount 0.1 is a float; pass a str, int or Decimal (e.g. D('0.1')) so no binary rounding creeps in

    A float column of a frame is reported by name:

    >>> print(gb.FloatNotAllowedError(None, column="amount", dtype="f64"))  # doctest: +ELLIPSIS
    column 'amount' holds floats (dtype f64); amounts must be exact: read the column as text ...
    """

    def __init__(self, value: object, *, column: str | None = None, dtype: object = None) -> None:
        self.value, self.column, self.dtype = value, column, dtype
        if column is not None:
            super().__init__(
                f"column {column!r} holds floats (dtype {dtype}); amounts must be exact: read the column as "
                "text (e.g. schema_overrides={column: pl.String}) or as Decimal, so no binary rounding creeps in"
            )
            return
        super().__init__(
            f"amount {value!r} is a float; pass a str, int or Decimal (e.g. D('{value!r}')) "
            "so no binary rounding creeps in"
        )


class ParseError(GovBudgetError, ValueError):
    """Text that cannot be read as what was asked for (an amount, a code, a percent).

    >>> import govbudget as gb
    >>> try:
    ...     gb.parse_amount("12,34.5x")
    ... except gb.ParseError as e:
    ...     print(e)
    cannot read '12,34.5x' as an amount: expected digits with optional thousands separators and decimals, found 'x'
    """

    def __init__(self, text: object, what: str, expected: str, where: str = "") -> None:
        self.text, self.what, self.expected, self.where = text, what, expected, where
        prefix = f"{where}: " if where else ""
        super().__init__(f"{prefix}cannot read {text!r} as {what}: expected {expected}")


class LedgerError(GovBudgetError, ValueError):
    """A posting or balance the ledger cannot accept (unknown code, bad fund, wrong unit).

    >>> import govbudget as gb
    >>> issubclass(gb.LedgerError, ValueError)
    True
    """


class ReportReadError(GovBudgetError, OSError):
    """A published report that cannot be read at all (missing file, unsupported format).

    >>> import govbudget as gb
    >>> issubclass(gb.ReportReadError, gb.GovBudgetError)
    True
    """


class MissingDependencyError(GovBudgetError, ImportError):
    """An optional extra is needed; the message says which one to install.

    >>> import govbudget as gb
    >>> print(gb.MissingDependencyError("pdfplumber", "pdf"))
    pdfplumber is needed for this; install it with: pip install 'govbudget[pdf]'
    """

    def __init__(self, package: str, extra: str) -> None:
        self.package, self.extra = package, extra
        super().__init__(f"{package} is needed for this; install it with: pip install 'govbudget[{extra}]'")


class ReconcileError(GovBudgetError, ValueError):
    """Arguments to a reconciliation function that do not fit together.

    For example names of parts that do not match the parts, a sum that refers to a figure
    that was not given, or an interval whose low end lies above its high end.

    >>> from govbudget.reconcile import check_sum
    >>> from govbudget.errors import ReconcileError
    >>> try:
    ...     check_sum("1.00", ["0.50", "0.50"], part_names=["a"])
    ... except ReconcileError as e:
    ...     print(e)
    part_names has 1 name but there are 2 parts; expected one name per part
    """


class LimitExceededError(GovBudgetError, ValueError):
    """An untrusted input is larger than a configured limit (see :mod:`govbudget.limits`).

    The message names the input, the limit, its value, what was found and how to raise it.

    >>> import govbudget as gb
    >>> print(gb.LimitExceededError("big.pdf", "max_pdf_pages", 500, 2000))
    big.pdf: 2000 exceeds the limit max_pdf_pages = 500; raise it with govbudget.limits.override(max_pdf_pages=...)
    """

    def __init__(self, source: object, limit: str, value: object, found: object) -> None:
        self.source, self.limit, self.value, self.found = source, limit, value, found
        super().__init__(
            f"{source}: {found} exceeds the limit {limit} = {value}; "
            f"raise it with govbudget.limits.override({limit}=...)"
        )

    def __reduce__(self):  # pragma: no cover - pickling support
        return (type(self), (self.source, self.limit, self.value, self.found))
