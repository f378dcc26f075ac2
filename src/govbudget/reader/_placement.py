"""Placement strategies: which column each printed amount of a row belongs to, and how sure that is.

One strategy per kind of evidence:

- :func:`place_by_position`: the document gives the column (a tab-separated cell, a PDF box);
  ``placement="position"``, and an empty position is a blank ``"seen"``.
- :func:`place_by_identity`: a text without positions whose row prints fewer amounts than the
  table has columns; every order-keeping placement is tried and the one the row's own
  identities (合计 = 基本 + 项目, 三公 subtotals, 收入合计 = Σ parts) single out is kept,
  ``placement="identity"`` naming the identities; none or several: ``"uncertain"``.
- :func:`place_by_count`: the fallback, amounts from the left; only certain when every column
  has an amount (a complete row), else ``"uncertain"``.

A 三公 row (预算数/决算数 of 合计, 出国, 公务用车, 购置, 运行, 接待) that prints ten amounts, its
two blank 购置/出国 cells dropped, fits the subtotals in one placement only:

>>> from decimal import Decimal as D
>>> row = [D(x + ".00") for x in "10 9 1 6 5 2 6 3 4 3".split()]
>>> placed, found = place_by_identity(tuple(f"c{i}" for i in range(12)), row, "three_public")
>>> [col for col, _ in placed], found
([0, 1, 3, 4, 5, 7, 8, 9, 10, 11], True)

Two amounts under 合计 / 基本支出 / 项目支出 fit twice (which one is blank?): uncertain.

>>> place_by_identity(("合计", "基本支出", "项目支出"), [D("5.00"), D("5.00")], "expenditure")[1]
False
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

from ._model import norm

__all__ = ["column_identities", "fitting_placements", "place_by_count", "place_by_identity",
           "resolve_by_hierarchy", "vector"]

_TOTAL = re.compile(r"(^|/)(合计|小计|本年(收入|支出)合计|总计)$")
#: the most placements tried for one row (beyond it the row is uncertain)
_MAX_PLACEMENTS = 5000
_TP_SUMS = (((0, 2, 4, 10), "三公合计 = 出国 + 公务用车 + 接待"), ((4, 6, 8), "公务用车 = 购置 + 运行"))


def column_identities(cols: tuple[str, ...], tid: str | None) -> list[tuple[int, tuple[int, ...], str]]:
    """(total column, part columns, name) for the sums a row of these columns must satisfy.

    A total column (``合计``, ``小计``, ``本年支出合计``) equals the sum of the columns to its right
    up to the next total at its level; the 12 columns of a 三公 预算/决算 table have their own.

    >>> column_identities(("本年支出合计", "基本支出", "项目支出", "经营支出"), "expenditure")
    [(0, (1, 2, 3), '本年支出合计 = 基本支出 + 项目支出 + 经营支出')]
    """
    if tid == "three_public" and len(cols) == 12:
        out = []
        for side in (0, 1):
            for idx, name in _TP_SUMS:
                t, *parts = (i + side for i in idx)
                out.append((t, tuple(parts), f"{name}（{'预算数' if side == 0 else '决算数'}）"))
        return out
    out = []
    for t, col in enumerate(cols):
        if not _TOTAL.search(norm(col)):
            continue
        parent = col.rsplit("/", 1)[0] if "/" in col else ""
        parts = []
        for j in range(t + 1, len(cols)):
            if _TOTAL.search(norm(cols[j])) or (parent and not cols[j].startswith(parent + "/")):
                break
            parts.append(j)
        if len(parts) >= 2:
            name = f"{cols[t]} = {' + '.join(cols[j] for j in parts)}"
            out.append((t, tuple(parts), name))
    return out


def _fits(full: list[Decimal], sums: list[tuple[int, tuple[int, ...], str]], tol: Decimal) -> bool:
    return all(abs(full[t] - sum((full[p] for p in parts), Decimal(0))) <= tol * (len(parts) + 1)
               for t, parts, _ in sums)


def place_by_identity(cols: tuple[str, ...], values: list[Decimal | None],
                      tid: str | None) -> tuple[list[tuple[int, tuple[str, ...]]], bool]:
    """([(column, identities used)] per value, whether one placement was singled out).

    Values keep their printed order; the columns not given a value are taken as empty (0).
    When no identity applies, or none or several placements satisfy them, the values are
    placed from the left and the result is ``False`` (uncertain).
    """
    n, m = len(values), len(cols)
    left = [(k, ()) for k in range(n)]
    sums = column_identities(cols, tid)
    if not sums or n > m or any(v is None for v in values) or n == 0:
        return left, False
    if n == m:
        return [(k, ("complete row",)) for k in range(n)], True
    fits = fitting_placements(cols, values, tid)
    if len(fits) != 1:
        return left, False
    used = tuple(name for t, parts, name in sums if any(p in fits[0] for p in (t, *parts)))
    return [(p, used) for p in fits[0]], True


def _tolerance(values: list[Decimal]) -> Decimal:
    """Half a unit of the finest printed precision among ``values``."""
    exps = [int(e) for v in values for e in [v.as_tuple().exponent] if isinstance(e, int)]
    return Decimal(1).scaleb(min(0, min(exps, default=0))) / 2


def fitting_placements(cols: tuple[str, ...], values: list[Decimal | None], tid: str | None,
                       limit: int = 8) -> list[tuple[int, ...]]:
    """Every order-keeping placement of ``values`` in ``cols`` that satisfies the row's identities
    (at most ``limit + 1``; none when no identity applies or a value is unreadable).

    >>> from decimal import Decimal as D
    >>> fitting_placements(("合计", "基本支出", "项目支出"), [D("5.00"), D("5.00")], "expenditure")
    [(0, 1), (0, 2)]
    """
    n, m = len(values), len(cols)
    sums = column_identities(cols, tid)
    if not sums or n > m or n == 0 or any(v is None for v in values):
        return []
    tol = _tolerance([v for v in values if v is not None])
    fits: list[tuple[int, ...]] = []
    for tried, pos in enumerate(itertools.combinations(range(m), n)):
        if tried >= _MAX_PLACEMENTS:
            return fits + [pos] * (limit + 1 - len(fits))  # too many to tell: treat as unresolved
        full = [Decimal(0)] * m
        for p, v in zip(pos, values, strict=True):
            full[p] = v  # type: ignore[assignment]
        if _fits(full, sums, tol):
            fits.append(pos)
            if len(fits) > limit:
                break
    return fits


def vector(m: int, pos: tuple[int, ...], values: list[Decimal]) -> tuple[Decimal, ...]:
    """The full row of ``m`` columns with ``values`` at ``pos`` and 0 elsewhere."""
    full = [Decimal(0)] * m
    for p, v in zip(pos, values, strict=True):
        full[p] = v
    return tuple(full)


def resolve_by_hierarchy(fixed: dict[str, tuple[Decimal, ...]], choices: dict[str, list[tuple[Decimal, ...]]],
                         tol: Decimal, limit: int = 4096) -> dict[str, int]:
    """Rows whose placement a parent = Σ children identity singles out: code → the chosen candidate.

    ``fixed`` are the rows whose placement is known, ``choices`` the candidates of the others
    (full rows). A parent known and its children partly open: the one combination of the
    children's candidates whose column sums give the parent; a parent open and its children
    known: the one candidate equal to their sums.

    >>> from decimal import Decimal as D
    >>> fixed = {"201": (D(10), D(6), D(4))}
    >>> choices = {"20101": [(D(6), D(6), D(0)), (D(6), D(0), D(6))], "20102": [(D(4), D(4), D(0)), (D(4), D(0), D(4))]}
    >>> resolve_by_hierarchy(fixed, choices, D("0.5"))
    {'20101': 0, '20102': 1}
    """
    out: dict[str, int] = {}
    known = dict(fixed)
    for _ in range(3):
        changed = False
        for parent in sorted({c for c in [*known, *choices] if len(c) in (3, 5)}):
            kids = sorted(c for c in [*known, *choices] if len(c) == len(parent) + 2 and c.startswith(parent))
            if not kids or parent in out:
                continue
            opts = [[known[k]] if k in known else choices[k] for k in kids]
            n_combos = 1
            for o in opts:
                n_combos *= len(o)
            if n_combos > limit or (parent in known and n_combos == 1):
                continue
            targets = [known[parent]] if parent in known else choices.get(parent, [])
            hits = [(ti, combo) for ti, t in enumerate(targets) for combo in itertools.product(*[range(len(o)) for o in opts])
                    if all(abs(t[j] - sum((opts[i][c][j] for i, c in enumerate(combo)), Decimal(0))) <= tol * len(kids)
                           for j in range(len(t)))]
            if len(hits) != 1:
                continue
            ti, combo = hits[0]
            if parent not in known:
                out[parent], known[parent] = ti, targets[ti]
            for k, c in zip(kids, combo, strict=True):
                if k not in known:
                    out[k], known[k] = c, choices[k][c]
            changed = True
        if not changed:
            break
    return out


def place_by_count(n_values: int, n_cols: int) -> list[tuple[int, bool]]:
    """(column, certain) for values placed from the left: certain only for a complete row.

    >>> place_by_count(2, 2), place_by_count(1, 3)
    ([(0, True), (1, True)], [(0, False)])
    """
    return [(k, n_values == n_cols or n_cols == 1) for k in range(n_values)]
