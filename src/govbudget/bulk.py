"""Bulk roll-ups for analysts: postings of many units in one polars frame, exact to the 分.

:func:`bulk_rollup` takes a (lazy) frame with one row per posting and returns the totals of
every unit at every level of the functional tree (类, 款, 项 and 合计), as Decimal(38, 2) 元.
Parents come from the edition's explicit links (joined in as a small mapping frame), never
from slicing code strings.

>>> import polars as pl, govbudget as gb
>>> from decimal import Decimal
>>> df = pl.DataFrame({
...     "unit": ["甲", "甲", "乙"],
...     "functional": ["2010450", "2010499", "2080505"],
...     "amount": [Decimal("100.00"), Decimal("50.50"), Decimal("7.00")],
... })
>>> out = gb.bulk_rollup(df, year=2024, sort=True)
>>> out.filter(pl.col("unit") == "甲").select("level", "code", "amount").rows()
[('合计', None, Decimal('150.50')), ('类', '201', Decimal('150.50')), ('款', '20104', Decimal('150.50')), ('项', '2010450', Decimal('100.00')), ('项', '2010499', Decimal('50.50'))]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._codeformat import compact_code
from .classification import Edition, check_code, functional
from .errors import DataFileError, FloatNotAllowedError, GovBudgetError, MalformedCodeError
from .money import CENT, D

if TYPE_CHECKING:  # pragma: no cover
    import polars as pl

__all__ = ["AMOUNT_DTYPE", "bulk_rollup"]

#: the one amount dtype of every frame govbudget returns: exact 元 with 2 decimals
AMOUNT_DTYPE = None  # set lazily to pl.Decimal(38, 2); see _amount_dtype()

_LEVELS = ("类", "款", "项")

#: sums of int64 分 are exact while max |amount| × rows stays below this (2^63 ≈ 9.22e18)
_INT64_SAFE = 9_200_000_000_000_000_000


def _amount_dtype():
    import polars as pl

    return pl.Decimal(38, 2)


def _exact_amount(frame: pl.LazyFrame, col: str, schema) -> pl.LazyFrame:
    """Cast the amount column to Decimal(38, 2) without any silent rounding."""
    import polars as pl

    dtype = schema[col]
    target = _amount_dtype()
    if dtype.is_float():
        raise FloatNotAllowedError(None, column=col, dtype=dtype)
    if isinstance(dtype, pl.Decimal):
        if dtype.scale is not None and dtype.scale > 2:
            # refuse values that are not whole 分 instead of rounding them half-to-even
            bad = (
                frame.filter(pl.col(col) != pl.col(col).cast(pl.Decimal(38, 2)).cast(dtype))
                .select(pl.len())
                .collect()
                .item()
            )
            if bad:
                raise DataFileError(
                    "postings", [(None, f"{bad} amounts in column {col!r} have more than 2 decimals (exact 元 "
                                        "to the 分 expected); they were not rounded")]
                )
        return frame.with_columns(pl.col(col).cast(target))
    if dtype.is_integer():
        return frame.with_columns(pl.col(col).cast(target))
    if dtype == pl.String:
        return _text_amounts(frame, col)
    raise DataFileError("postings", [(None, f"column {col!r} has dtype {dtype}; expected Decimal, integer or text")])


_PLAIN_AMOUNT = r"^[+-]?[0-9]+(\.[0-9]{1,2})?$"  # ASCII only: polars' \d is any Unicode digit


def _text_amounts(frame: pl.LazyFrame, col: str) -> pl.LazyFrame:
    """Read a text amount column as Decimal(38, 2): plain figures in polars, every other distinct
    text (``"1,234.50"``, ``"(12.50)"``, full-width digits) through :func:`govbudget.D`, as anywhere
    else; a text D refuses, a blank or more than 2 decimals is a problem (five are quoted)."""
    import polars as pl

    text = pl.col(col).str.strip_chars()
    odd = frame.filter(text.is_not_null() & ~text.str.contains(_PLAIN_AMOUNT)).select(text.unique()).collect()
    problems: list[tuple[int | None, str]] = []
    readings: dict[str, str] = {}
    for v in odd.get_column(col).to_list():
        try:
            d = D(v)
            if d != d.quantize(CENT):
                raise DataFileError("postings", [(None, "more than 2 decimals (exact 元 to the 分 expected)")])
            readings[v] = str(d.quantize(CENT))
        except GovBudgetError as e:
            if len(problems) < 5:
                problems.append((None, f"column {col!r}: cannot read {v!r} as an exact amount with at most 2 "
                                       f"decimals ({e})"))
    if problems:
        raise DataFileError("postings", problems)
    if readings:
        text = text.replace(readings)
    return frame.with_columns(text.str.to_decimal(scale=2).cast(_amount_dtype()))


def bulk_rollup(
    postings: pl.DataFrame | pl.LazyFrame,
    *,
    year: int | None = None,
    edition: Edition | None = None,
    unit: str = "unit",
    code: str = "functional",
    amount: str = "amount",
    by: Sequence[str] = (),
    unknown_codes: str = "error",
    sort: bool = False,
) -> pl.DataFrame:
    """Roll the postings of many units up the functional tree, exactly.

    Args:
        postings: frame or lazy frame with a unit column, a functional code column (text, any
            level, read by :func:`govbudget.compact_code` as everywhere) and an amount column in 元 (Decimal with ≤ 2
            decimals, integer 元, or text read as :func:`govbudget.D` reads it, such as ``"519.63"``
            or ``"1,234.50"``; a float column raises :class:`~govbudget.FloatNotAllowedError`).
            Null amounts, units or codes and a code column that is not text raise
            :class:`~govbudget.DataFileError` (with the number of rows concerned).
        year / edition: the functional edition giving the parent links.
        by: further grouping columns kept in the output (e.g. ``["spend_type", "fund"]``).
        unknown_codes: ``"error"`` (default): a well-formed code absent from the edition raises
            :class:`~govbudget.DataFileError`; ``"learn"``: it is taken, under the parents its
            digits give (as :class:`~govbudget.Ledger` does). Malformed codes are refused either way.

    Sums run on int64 分 when ``max |amount| × rows`` leaves no room for overflow, else on
    Decimal(38, 2) directly (slower, still exact).

    Returns:
        A frame with columns ``unit, level, code, *by, amount`` (amount Decimal(38, 2) 元), one
        row per unit and node with postings at or below it, plus a ``合计`` row per unit.
        Rows come grouped by level (类, 款, 项, 合计); ``sort=True`` orders them by unit, then
        code (合计 first) — on millions of rows that sort costs more than the roll-up itself.

    >>> import polars as pl, govbudget as gb
    >>> df = pl.DataFrame({"unit": ["甲"], "functional": ["2010450"], "amount": ["0.10"]})
    >>> gb.bulk_rollup(df, year=2024, sort=True).get_column("amount").to_list()
    [Decimal('0.10'), Decimal('0.10'), Decimal('0.10'), Decimal('0.10')]
    """
    import polars as pl

    if unknown_codes not in ("error", "learn"):
        raise DataFileError("postings", [(None, f"unknown_codes must be 'error' or 'learn', found {unknown_codes!r}")])
    learn = unknown_codes == "learn"
    if edition is None:
        if year is None:
            raise DataFileError("postings", [(None, "bulk_rollup needs year= or edition=")])
        edition = functional(year)
    elif not isinstance(edition, Edition):
        raise DataFileError("postings", [(None, f"edition must be an Edition, found {type(edition).__name__}")])
    if not isinstance(postings, pl.DataFrame | pl.LazyFrame):
        raise DataFileError(
            "postings", [(None, f"expected a polars DataFrame or LazyFrame, found {type(postings).__name__}")]
        )
    for name, value in (("unit", unit), ("code", code), ("amount", amount)):
        if not isinstance(value, str):
            raise DataFileError("postings", [(None, f"{name}= must be a column name (str), found {value!r}")])
    if isinstance(by, str):
        by = [by]
    lf = postings.lazy() if isinstance(postings, pl.DataFrame) else postings
    try:
        schema = lf.collect_schema()
    except pl.exceptions.PolarsError as e:
        raise DataFileError("postings", [(None, f"cannot read the frame's columns: {e}")]) from e
    missing = [c for c in (unit, code, amount, *by) if c not in schema]
    if missing:
        raise DataFileError("postings", [(None, f"missing columns {missing}; found {list(schema)}")])
    code_dtype = schema[code]
    if not (code_dtype == pl.String or isinstance(code_dtype, pl.Categorical | pl.Enum)):
        raise DataFileError(
            "postings",
            [(None, f"column {code!r} has dtype {code_dtype}; functional codes are text such as '2010450' "
                    f"(cast it first, e.g. pl.col({code!r}).cast(pl.String), checking no leading zero is lost)")],
        )
    lf = _exact_amount(lf.select(unit, code, *by, amount), amount, schema)

    # one pass for what must be refused or decides the sum's type
    stats_plan = lf.select(
        pl.len().alias("rows"),
        pl.col(amount).null_count().alias("null_amounts"),
        pl.col(unit).null_count().alias("null_units"),
        pl.col(code).null_count().alias("null_codes"),
        pl.col(amount).abs().max().alias("max_abs"),
    )
    # the statistics and the distinct codes in one pass over the postings
    stats_df, codes_df = pl.collect_all([stats_plan, lf.select(pl.col(code).cast(pl.String).unique())])
    stats = stats_df.row(0, named=True)
    nulls = [(None, f"{stats[k]} row{'s' if stats[k] != 1 else ''} with a null {what} in column {col!r}; "
                    "every posting needs one (nothing is summed as zero or dropped)")
             for k, what, col in (("null_amounts", "amount", amount), ("null_units", "unit", unit),
                                  ("null_codes", "code", code)) if stats[k]]
    if nulls:
        raise DataFileError("postings", nulls)
    max_fen = int((stats["max_abs"] or 0) * 100)
    use_int = max_fen * max(stats["rows"], 1) < _INT64_SAFE
    if use_int:
        # integer 分 inside (exact: the amounts have exactly 2 decimals), Decimal 元 outside
        lf = lf.with_columns((pl.col(amount) * 100).cast(pl.Int64).alias("__fen")).drop(amount)
    else:
        lf = lf.rename({amount: "__fen"})  # large amounts: sum Decimal(38, 2) itself

    # the explicit parent links of the codes that occur, as a small mapping frame
    codes = codes_df.get_column(code).to_list()
    rows, unknown, malformed = [], [], []
    for raw in codes:
        c = compact_code(raw) if isinstance(raw, str) else raw  # " 2010450", "201-04-50" as anywhere else
        if c not in edition:
            try:
                check_code(c, "functional")
            except MalformedCodeError as e:
                malformed.append(str(e))
                continue
        chain = _chain(edition, c, learn)
        if chain is None:
            unknown.append(c)
            continue
        by_level = {edition_level(x): x for x in chain}
        rows.append((raw, by_level.get("类"), by_level.get("款"), by_level.get("项")))  # joined on the raw text
    if malformed or unknown:
        raise DataFileError(
            "postings",
            [(None, f"column {code!r}: {m}") for m in sorted(malformed)]
            + [(None, f"functional code {c!r} is not in the functional edition {edition.year} "
                      f"({edition.completeness}); pass unknown_codes='learn' to take it")
               for c in sorted(unknown)],
        )
    # levels some codes lack (a posting on a 类 has no 款/项); the others need no filter
    partial_levels = {lvl for i, lvl in enumerate(_LEVELS, start=1) if any(r[i] is None for r in rows)}
    mapping = pl.DataFrame(rows, schema={code: pl.String, "类": pl.String, "款": pl.String, "项": pl.String},
                           orient="row")
    # categorical keys make the wide group_bys hash small integers instead of strings
    cat = pl.Categorical
    mapping = mapping.with_columns(pl.all().cast(cat))
    joined = lf.with_columns(pl.col(unit).cast(pl.String).cast(cat), pl.col(code).cast(pl.String).cast(cat)).join(
        mapping.lazy(), on=code, how="left"
    )

    # one group_by per level plus the unit total, run together; each plan also turns its keys back
    # into text and its 分 into Decimal 元, so that work is shared out between the cores too
    target = _amount_dtype()
    total = (pl.col("__fen").cast(target) / 100).cast(target) if use_int else pl.col("__fen").cast(target)

    def finish(frame: pl.LazyFrame, level: str, key: pl.Expr) -> pl.LazyFrame:
        return frame.agg(pl.col("__fen").sum()).select(
            pl.col(unit).cast(pl.String), pl.lit(level).alias("level"), key.cast(pl.String).alias("code"), *by,
            total.alias(amount),
        )

    plans = [
        finish((joined.filter(pl.col(level).is_not_null()) if level in partial_levels else joined)
               .group_by([unit, level, *by]), level, pl.col(level))
        for level in _LEVELS
    ]
    plans.append(finish(joined.group_by([unit, *by]), "合计", pl.lit(None, dtype=pl.String)))
    try:
        out = pl.concat(pl.collect_all(plans), how="vertical_relaxed")
    except pl.exceptions.ComputeError as e:  # a Decimal(38, 2) sum beyond 38 digits
        raise DataFileError("postings", [(None, f"the sums do not fit Decimal(38, 2): {e}")]) from e
    return out.sort([unit, "code", *by], nulls_last=False) if sort else out


def edition_level(code: str) -> str:
    """The level (类/款/项) of a functional code by its length (3/5/7 digits).

    >>> edition_level("20104")
    '款'
    """
    return {3: "类", 5: "款", 7: "项"}[len(code)]


def _chain(edition: Edition, code: str, accept: bool) -> tuple[str, ...] | None:
    """The code's path in the edition; for a learned code (already checked to be a
    well-formed functional code), its structural prefixes."""
    if code in edition:
        return tuple(s.code for s in edition.path(code))
    if not accept:
        return None
    return tuple(code[:n] for n in (3, 5, 7) if n <= len(code))
