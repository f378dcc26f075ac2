"""Primitives: pure functions over printed cells that return :class:`~govbudget.Finding` values.

A sum within the rounding band of its printed figures, one quantity printed twice, a part not above
its whole, a rate at its printed precision; each abstains (``not_assessable``, naming the cell and
why) when a figure it needs is not read with certainty or is outside what can be weighed. This is
the one home of the printed-precision helpers (:func:`places`, :func:`half_unit`, :func:`decimals`).

>>> from decimal import Decimal
>>> _sum(Decimal("10.00"), [Decimal("7.00"), Decimal("3.01")], rule="R03.1", where="w", strict=False).verdict
'tail'
>>> places(Decimal("6.90")), half_unit(Decimal("6.90")), half_unit(Decimal("0")), decimals([Decimal("7"), None])
(2, Decimal('0.005'), Decimal('0'), 0)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_DOWN, Decimal

import attrs

from ..money import exact, round_half_up
from ..reader._model import Cell, norm
from ..reader._shape import _present, _tn

__all__ = ["decimals", "half_unit", "places"]


def places(v: Decimal) -> int:
    """The number of decimals ``v`` is printed with (``6.90`` → 2, ``7`` → 0)."""
    if v.is_finite():  # read off its plain form: cheaper than as_tuple, asked for thousands of times a report
        s = str(v)
        if "E" not in s and "e" not in s:  # (a context may print exponents in lower case)
            point = s.find(".")
            return 0 if point < 0 else len(s) - point - 1
    return max(0, -v.as_tuple().exponent)  # type: ignore[operator]


def half_unit(v: Decimal) -> Decimal:
    """Half a unit of the last printed digit of ``v`` (``7`` → 0.5, ``6.90`` → 0.005); a printed zero is exact."""
    return Decimal(0) if v == 0 else Decimal(5).scaleb(-places(v) - 1)


def decimals(values: Iterable[Decimal | None]) -> int:
    """The most decimals any of ``values`` is printed with (blanks ignored)."""
    return max((places(v) for v in values if v is not None), default=0)


_places = places
_half_unit = half_unit
_dec = decimals
_present = _present
_tn = _tn


def _v(x: Cell | Decimal | None) -> Decimal | None:
    return x.value if isinstance(x, Cell) else x


def _neg(x: Cell | Decimal | None) -> Decimal | None:
    v = _v(x)
    return None if v is None else -v


def _placed_by(cell: Cell, rule: str | None) -> bool:
    """``cell`` was placed because ``rule``'s identity then holds: it cannot confirm that identity."""
    return bool(cell.identities) and rule is not None and any(rule == i or rule.startswith(i + ".")
                                                               for i in cell.identities)


def _unsure(*xs: object, rule: str | None = None) -> Cell | None:
    """The first cell among ``xs`` (nested lists allowed) a check may not rely on: not
    :attr:`~govbudget.reader.Cell.certain` (unreadable, placed by guess, a blank only assumed), or
    placed by the very identity ``rule`` checks.

    >>> from decimal import Decimal
    >>> c = Cell(table_id="expenditure", value=Decimal("7"), raw="7", row_label="合计", row_code=None,
    ...          column="基本支出", column_index=2, column_no=None, row_no=None, page=None, line=4, text="",
    ...          placement="identity", identities=("R03.1",))
    >>> _unsure([c], rule="R03.1") is c, _unsure([c], rule="X04") is None
    (True, True)
    """
    for x in xs:
        if isinstance(x, (list, tuple)):
            c = _unsure(*x, rule=rule)
            if c is not None:
                return c
        elif isinstance(x, Cell) and (not x.certain or _placed_by(x, rule)):
            return x
    return None


#: the figures the reconciliation can weigh: at most 10 printed decimals, fewer than 40 integer digits
_MOST_DECIMALS = 10
_MOST_DIGITS = 40


def _odd(*xs: object) -> tuple[object, str] | None:
    """The first figure among ``xs`` (cells or amounts, nested lists allowed) that no amount printed
    in a report has — more than 10 decimals, 40 integer digits or more — and why; ``None`` when all fit.

    >>> _odd(Decimal("1.5"), [Decimal("10.00000000000")])
    (Decimal('10.00000000000'), '有 11 位小数（核对最多按 10 位小数计算）')
    """
    for x in xs:
        if isinstance(x, (list, tuple)):
            got = _odd(*x)
            if got is not None:
                return got
            continue
        v = _v(x) if isinstance(x, (Cell, Decimal)) else None
        if v is None or not v.is_finite():
            continue
        d = _places(v)
        if d > _MOST_DECIMALS:
            return x, f"有 {d} 位小数（核对最多按 {_MOST_DECIMALS} 位小数计算）"
        if not v.is_zero() and v.adjusted() >= _MOST_DIGITS:
            return x, f"有 {v.adjusted() + 1} 位整数（超出任何预决算金额，核对最多按 {_MOST_DIGITS - 1} 位整数计算）"
    return None


def _odd_na(rule: str, where: str, odd: tuple[object, str]):
    """``not_assessable`` for a check over a figure outside what can be weighed (see :func:`_odd`)."""
    from ..reconcile import Finding

    x, why = odd
    raw = x.raw if isinstance(x, Cell) else str(x)
    name = _at(x.where, x) if isinstance(x, Cell) else where
    shown = raw if len(raw) <= 30 else f"{raw[:24]}…（共 {len(raw)} 个字符）"
    return Finding(rule=rule, verdict="not_assessable", where=where, expected=None, found=None,
                   message=f"{where}：{name} 印为 {shown}，{why}，本项核对无法评估。", places=(where, name))


def _why_unsure(cell: Cell, rule: str) -> str:
    """Why a check cannot rely on ``cell`` (see :func:`_unsure`), in the words of a finding."""
    if cell.value is None and cell.raw:
        return f"{cell.where} 印的是“{cell.raw}”而不是金额"
    if cell.value is None and cell.blank == "assumed":
        return f"{cell.where} 为空白，但这是推定的空白（文本未显示该格，可能是未读出的金额）"
    if _placed_by(cell, rule) and cell.certain:
        return (f"{cell.where} 的金额 {cell.raw} 所在栏是依据本项等式（{rule}）推定的，"
                "不能再用来证实同一等式")
    return (f"{cell.where} 的金额 {cell.raw} 所在栏无法确定（文本未给出位置，单空格文本层中空白单元格已消失，"
            "金额只能自左向右依次归栏）")


def _na(rule: str, where: str, cell: Cell):
    """A ``not_assessable`` finding naming ``cell`` and saying why it cannot be relied on."""
    from ..reconcile import Finding

    why = _why_unsure(cell, rule)
    return Finding(rule=rule, verdict="not_assessable", where=where, expected=None, found=_v(cell),
                   message=f"{where}：{why}，本项核对无法评估。", places=(where, _at(cell.where, cell)))


def _loc(x: object) -> str:
    """Where a cell is printed, in the words of the human output: ``'第3页第120行'``, ``'第120行'``,
    prefixed with the file name for a cell read from a companion file (``x.tables.txt``, ``x_tables.pdf``);
    ``''`` for a bare figure.

    >>> c = Cell(table_id="expenditure", value=Decimal("1"), raw="1", row_label="合计", row_code=None,
    ...          column="基本支出", column_index=2, column_no=None, row_no=None, page=3, line=120, text="")
    >>> _loc(c), _loc(Decimal("1"))
    ('第3页第120行', '')
    """
    if not isinstance(x, Cell):
        return ""
    pos = (f"第{x.page}页" if x.page else "") + f"第{x.line}行"
    if x.companion_file:
        pos = f"{x.companion_file} {pos}"
    return pos


def _at(name: str, x: object) -> str:
    """``name`` followed by the printed position of ``x`` when ``x`` is a cell: ``'公开03表 合计 基本支出（第120行）'``.

    >>> _at("公开03表 合计", Decimal("1"))
    '公开03表 合计'
    """
    where = _loc(x)
    return f"{name}（{where}）" if where and where not in name else name


def _exact(v: Decimal) -> bool:
    """A printed zero is exact: nothing was rounded to print it (a blank is ``None`` and exact too)."""
    return v == 0


def _band(values: list[Decimal | None]) -> Decimal:
    """The rounding band of printed figures, each at its own printed precision (½ unit of its last digit).

    A printed zero (``0``, ``0.00``) and a blank add nothing: zero is exact, not ±0.5.

    >>> _band([Decimal("7"), Decimal("0"), Decimal("6.90"), None])
    Decimal('0.505')
    """
    return sum((Decimal(5).scaleb(-_places(v) - 1) for v in values if v is not None and not _exact(v)), Decimal(0))


def _mixed(values: list[Decimal | None]) -> bool:
    """Figures printed at different precisions (zeros and blanks excluded: they are exact)."""
    return len({_places(v) for v in values if v is not None and not _exact(v)}) > 1


def _sum(total: Cell | Decimal | None, parts: list, *, rule: str, where: str, strict: bool,
         names: list[str] | None = None, column_free: bool = False):
    """check_sum on cells; ``column_free`` when the result does not depend on which column a part is in.

    Each figure's band is taken at its own printed precision: a figure printed without decimals
    (``22,118,861``) stands for ±0.5, one printed with two for ±0.005.
    """
    from ..reconcile import check_sum

    # a sum along a row does not depend on which column a printed amount went to
    loose = [x for x in (total, *parts) if not (column_free and isinstance(x, Cell) and x.value is not None
                                                and not x.unreadable and not _placed_by(x, rule))]
    bad = _unsure(loose, rule=rule)
    if bad is not None:
        return _na(rule, where, bad)
    odd = _odd(total, parts)
    if odd is not None:
        return _odd_na(rule, where, odd)
    tv = _v(total)
    pv = [_v(p) for p in parts]
    f = check_sum(tv, pv, decimals=_dec([tv, *pv]), strict=strict, rule=rule, where=where, part_names=names)
    f = attrs.evolve(f, places=_sum_places(where, total, parts, names))
    if strict or f.verdict == "ok" or not _mixed([tv, *pv]):
        return f
    tol = _band([tv, *pv])
    verdict = "tail" if abs(f.difference) <= tol else "contradiction"
    head = f.message.split("，相差")[0]
    why = "未超出按各数印刷精度计算的尾数误差允许范围" if verdict == "tail" else "超出按各数印刷精度计算的尾数误差允许范围"
    msg = (f"{head}，相差 {f.difference}，{why} ±{tol}（各数印刷的小数位数不同，"
           f"整数印刷的金额代表 ±0.5）{'，属尾数误差。' if verdict == 'tail' else '，数据不一致。'}")
    return attrs.evolve(f, verdict=verdict, tolerance=tol, message=msg)


def _adds_up(total: Cell | Decimal | None, parts: list, rule: str) -> bool:
    """True when :func:`_sum` would certainly say ``ok``: every figure certain (and not placed by the
    identity ``rule`` checks) and weighable, and the parts adding up to the total exactly (blanks
    count as 0, as in ``check_sum``)."""
    values = []  # one pass: what _unsure and _odd would look at, without building their answers
    for x in (total, *parts):
        if isinstance(x, Cell):
            if not x.certain or _placed_by(x, rule):
                return False
            x = x.value
        if isinstance(x, Decimal) and x.is_finite() and (
                _places(x) > _MOST_DECIMALS or (not x.is_zero() and x.adjusted() >= _MOST_DIGITS)):
            return False
        values.append(x)
    tv = values[0]  # a blank total is 0 to check_sum, as a blank part is
    return _total_is(Decimal(0) if tv is None else tv, [v for v in values[1:] if v is not None])


@exact
def _total_is(total: Decimal, values: list[Decimal]) -> bool:
    """``total == sum(values)``, added in the money context (exact)."""
    return total == sum(values, Decimal(0))


def _sum_problem(total: Cell | Decimal | None, parts: list, **kw) -> object | None:
    """:func:`_sum` for checks that keep only what is not ``ok``: ``None`` for an ``ok`` sum, found
    without building its finding when the figures add up exactly (most of a report's sums)."""
    if _adds_up(total, parts, kw["rule"]):
        return None
    f = _sum(total, parts, **kw)
    return None if f.verdict == "ok" else f


def _sum_places(where: str, total: object, parts: list, names: list[str] | None) -> tuple[str, ...]:
    """The total's place and each part's (named, or by its row), with printed positions."""
    out = [_at(where, total)]
    for i, p in enumerate(parts):
        name = names[i] if names is not None and i < len(names) else (
            f"{p.row_code or norm(p.row_label)} {p.column}".strip() if isinstance(p, Cell) else "")
        if name or isinstance(p, Cell):
            out.append(_at(name, p))
    return tuple(out)


def _eq(a: Cell | Decimal | None, b: Cell | Decimal | None, *, rule: str, pa: str, pb: str):
    """One quantity printed twice: exact. Two table cells printed at different precisions agree
    when the finer one, rounded half-up to the coarser precision, gives the coarser one (``tail``:
    the same value, printed less precisely in one place)."""
    from ..reconcile import check_equal

    bad = _unsure(a, b, rule=rule)
    if bad is not None:
        return _na(rule, pa, bad)
    odd = _odd(a, b)
    if odd is not None:
        return _odd_na(rule, pa, odd)
    f = check_equal(_v(a), _v(b), rule=rule, where=pa, places=(_at(pa, a), _at(pb, b)))
    va, vb = _v(a), _v(b)
    if f.verdict == "ok" or not (isinstance(a, Cell) and isinstance(b, Cell)) or va is None or vb is None:
        return f
    if _places(va) == _places(vb):
        return f
    coarse, fine = (va, vb) if _places(va) < _places(vb) else (vb, va)
    if round_half_up(fine, _places(coarse)) != coarse:
        if truncate(fine, _places(coarse)) == coarse:
            return attrs.evolve(f, verdict="tail", tolerance=Decimal(1).scaleb(-_places(coarse)), message=(
                f"{pa}：同一数值在{pa}印为 {va}、在{pb}印为 {vb}，印刷精度不同；{fine} 截去第 {_places(coarse)} 位"
                f"小数以后各位即为 {coarse}（{TRUNCATED}），属印刷惯例，不是数据矛盾。"),
                places=(*f.places, MARK_TRUNCATED))
        return f
    marks = (MARK_ROUNDED,) if truncate(fine, _places(coarse)) != coarse else ()
    return attrs.evolve(f, verdict="tail", tolerance=Decimal(5).scaleb(-_places(coarse) - 1), message=(
        f"{pa}：同一数值在{pa}印为 {va}、在{pb}印为 {vb}，印刷精度不同；{fine} 按 {_places(coarse)} 位小数"
        f"四舍五入即为 {coarse}，两处一致，仅精度不同。"), places=(*f.places, *marks))


def _le(part: Cell | Decimal | None, whole: Cell | Decimal | None, *, rule: str, pa: str, pb: str,
        strict: bool):
    from ..reconcile import check_le

    bad = _unsure(part, whole, rule=rule)
    if bad is not None:
        return _na(rule, f"{pa} ≤ {pb}", bad)
    odd = _odd(part, whole)
    if odd is not None:
        return _odd_na(rule, f"{pa} ≤ {pb}", odd)
    a, b = _v(part), _v(whole)
    f = check_le(a, b, decimals=_dec([a, b]), strict=strict, rule=rule, where=f"{pa} ≤ {pb}",
                 places=(_at(pa, part), _at(pb, whole)))
    if strict or f.verdict == "ok" or not _mixed([a, b]):
        return f
    tol = _band([a, b])
    return attrs.evolve(f, verdict="tail" if f.difference <= tol else "contradiction", tolerance=tol)



def _rate_range(rate, inputs: tuple[Decimal, ...]) -> tuple[Decimal, Decimal] | None:
    """Min and max of ``rate(*inputs)`` over the rounding intervals of the printed inputs (every corner:
    the rates checked are monotonic in each input); ``None`` when a corner cannot be computed."""
    import itertools

    vals = []
    for corner in itertools.product(*((v - _half_unit(v), v + _half_unit(v)) for v in inputs)):
        try:
            vals.append(rate(*corner))
        except ArithmeticError:
            return None
    return (min(vals), max(vals)) if vals else None


def _pct(printed: Decimal, num: Decimal | None, den: Decimal | None, *, rule: str, pa: str, pb: str,
         inputs: tuple[Decimal, ...] | None = None, rate=None):
    """A percentage printed in the 说明 against the one recomputed from the printed amounts.

    The rate is recomputed at the printed precision (rounded half-up to the printed number of
    decimals): equal → ``ok``. Otherwise the printed amounts it comes from are themselves rounded
    (``19`` stands for 18.5–19.5, ``455.65`` for 455.645–455.655): the rate is computed at every
    corner of those intervals, the least and greatest rounded half-up to the printed precision;
    a printed rate inside that range → ``tail``, outside → ``contradiction``. ``inputs`` and
    ``rate`` give the printed amounts and the formula when the rate is not ``num/den×100``
    (``Δ/(current − Δ)×100``).

    >>> _pct(Decimal("99"), Decimal("519.63"), Decimal("519.63"), rule="X12", pa="p", pb="q").verdict
    'contradiction'
    >>> _pct(Decimal("75.37"), Decimal("14.32"), Decimal("19"), rule="X12", pa="p", pb="q").verdict
    'ok'
    >>> _pct(Decimal("75.40"), Decimal("14.32"), Decimal("19"), rule="X12", pa="p", pb="q").verdict
    'tail'
    """
    from ..reconcile import Finding

    if num is None or not den:
        return None
    odd = _odd(printed, num, den, list(inputs or ()))
    if odd is not None:
        return _odd_na(rule, pa, odd)
    exact = num * 100 / den
    d = _places(printed)
    shown = round_half_up(exact, d)
    fn = rate or (lambda n, m: n * 100 / m)
    rng = _rate_range(fn, inputs if inputs is not None else (num, den)) or (exact, exact)
    verdict, why, tol = _pct_verdict(printed, shown, rng, d)
    marks: tuple[str, ...] = ()
    if verdict == "contradiction" and truncate(exact, d) == printed:
        verdict, tol = "tail", abs(printed - shown)
        why = (f"与四舍五入的重算值 {shown} 相差 {printed - shown}，但等于重算值截去第 {d} 位小数以后各位所得"
               f"（{TRUNCATED}），属印刷惯例，不是数据矛盾")
        marks = (MARK_TRUNCATED,)
    elif verdict == "ok" and truncate(exact, d) != shown:
        marks = (MARK_ROUNDED,)  # this report rounds: a rate it cuts elsewhere is no convention of its own
    return Finding(rule=rule, verdict=verdict, where=pa, expected=shown, found=printed, decimals=d,
                   difference=printed - shown, tolerance=tol, places=(pa, pb, *marks),
                   message=f"{pa}：印为 {printed}%，{pb} = {round_half_up(exact, 4)}%，{why}。")


TRUNCATED = "截尾而非四舍五入"
#: places marking a rate printed cut (a ``tail`` if the report never rounds where cutting differs) and a
#: rate printed rounded where cutting would differ; read and removed by :func:`printing_conventions`
MARK_TRUNCATED = "convention:truncated"
MARK_ROUNDED = "convention:rounded"


def truncate(v: Decimal, d: int) -> Decimal:
    """``v`` cut (not rounded) to ``d`` decimals: ``75.379`` → ``75.37`` at 2, ``-1.29`` → ``-1.2`` at 1."""
    return v.quantize(Decimal(1).scaleb(-d), rounding=ROUND_DOWN)


def printing_conventions(findings: list) -> list:
    """Rates printed cut instead of rounded are a ``tail`` (hint :data:`TRUNCATED`) only in a report
    that cuts: where the same report prints another rate rounded half-up although cutting would give
    a different figure, a cut rate is a ``contradiction`` again. The marks are removed."""
    rounds = any(MARK_ROUNDED in f.places for f in findings)
    out = []
    for f in findings:
        if MARK_TRUNCATED not in f.places and MARK_ROUNDED not in f.places:
            out.append(f)
            continue
        places = tuple(p for p in f.places if p not in (MARK_TRUNCATED, MARK_ROUNDED))
        if MARK_TRUNCATED in f.places and rounds:
            head = re.split(r"，与四舍五入的重算值|截去第", f.message)[0]
            f = attrs.evolve(f, verdict="contradiction", message=(
                f"{head}，与重算值 {f.expected} 相差 {f.difference}；它等于截尾所得，但本报告其他数字按四舍五入"
                "印刷（截尾处与四舍五入不同），截尾不是本报告的印刷惯例，数据不一致。"))
        out.append(attrs.evolve(f, places=places))
    return out


COARSE_CHANGE = "增减额的印刷位数少于基数"
FORCED_100 = "各项占比合计调整为100%"


def forced_shares(findings: list) -> list:
    """Shares of one 说明 section printed to add up to exactly 100 (the last one adjusted): a share
    one unit of its last digit off its recomputed value is a ``tail`` with the hint :data:`FORCED_100`
    when the printed shares of the section add up to 100 and the recomputed ones do not."""
    groups: dict[str, list] = {}
    for f in findings:
        if f.rule == "X12" and f.where.endswith("占比") and f.found is not None and f.expected is not None:
            groups.setdefault(f.where.split(" ")[0], []).append(f)
    forced = set()
    for fs in groups.values():
        if len(fs) >= 2 and sum(f.found for f in fs) == 100 and sum(f.expected for f in fs) != 100:
            forced |= {id(f) for f in fs if f.verdict == "contradiction"
                       and abs(f.found - f.expected) == Decimal(1).scaleb(-places(f.found))}
    return [attrs.evolve(f, verdict="tail", message=f.message.rstrip("。").removesuffix("，数据不一致") + (
        f"；本节各项占比印数合计恰为100%而重算值合计不是，此项相差一个末位单位（{FORCED_100}），属印刷惯例。"))
        if id(f) in forced else f for f in findings]


def _pct_verdict(printed: Decimal, shown: Decimal, rng: tuple[Decimal, Decimal], d: int) -> tuple[str, str, Decimal]:
    """Verdict, reason and tolerance of a printed rate against the exact one's range ``rng``: inside
    the range rounded half-up → ``ok``/``tail``; beyond it → ``contradiction``."""
    lo, hi = round_half_up(rng[0], d), round_half_up(rng[1], d)
    diff = printed - shown
    tol = max(shown - lo, hi - shown)
    span = f"{lo}%–{hi}%" if lo != hi else f"{lo}%"
    if diff == 0:
        return "ok", "与按印刷位数四舍五入的重算值一致", tol
    if lo <= printed <= hi:
        return "tail", (f"与重算值 {shown} 相差 {diff}；按所引金额的印刷精度，重算值可在 {span} 之间，"
                        "印数在此范围内，属尾数误差"), tol
    if lo != hi:
        return "contradiction", f"与重算值 {shown} 相差 {diff}，超出所引金额的印刷精度所允许的范围 {span}，数据不一致", tol
    return "contradiction", f"与重算值 {shown} 相差 {diff}；按所引金额的印刷精度，重算值只能是 {span}，数据不一致", tol


def _label(rule: str, where: str, message: str, places: tuple[str, ...] = ()):
    from ..reconcile import Finding

    return Finding(rule=rule, verdict="label", where=where, expected=None, found=None, message=message,
                   places=places or (where,))
