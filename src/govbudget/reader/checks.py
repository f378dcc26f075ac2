"""Check a published report against itself (domain rules R01–R09, X01–X19).

Inside tables: row sums, 类 = Σ 款 = Σ 项, economic 类 = Σ 款, 人员/公用经费, 三公 subtotals.
Between tables: the same quantity printed twice must agree exactly. Tables ↔ 说明/附件:
amounts, recomputed percentages, 类/款/项 labels and direction words.

>>> from govbudget.reader import read_report
>>> rep = read_report(text="支出决算表\\n项目\\t\\t本年支出合计\\t基本支出\\t项目支出\\n合计\\t\\t10.00\\t7.00\\t3.01\\n")
>>> [(f.rule, f.verdict) for f in check_report(rep)]
[('R03.1', 'tail')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from ..money import round_half_up
from ._figures import three_public_cells
from ._model import Cell, PublishedTable, norm

if TYPE_CHECKING:  # pragma: no cover
    from . import PublishedReport

__all__ = ["check_report"]

_ROW_SUM_TABLES = {"income": "R02.1", "expenditure": "R03.1", "general_budget_expenditure": "R05.1",
                   # the budget layout of the economic table (Shanghai): 合计 | 人员经费 | 公用经费 per row
                   "general_budget_basic": "R06.2", "fiscal_basic": "R06.2"}
_HIER_RULE = {"income": "R02.2", "expenditure": "R03.2", "general_budget_expenditure": "R05.1",
              "fiscal_expenditure": "R05.1", "gov_fund": "R07.1", "state_capital": "R08.1",
              "general_budget_basic": "R06.1", "fiscal_basic": "R06.1", "operating_costs": "R06.1"}
_FUND_RULE = {"gov_fund": "R07.1", "state_capital": "R08.1"}
_ENUM_LABEL = re.compile(r"^[一二三四五六七八九十]+、")


def _dec(values: Iterable[Decimal | None]) -> int:
    d = 0
    for v in values:
        if v is not None:
            d = max(d, -v.as_tuple().exponent)  # type: ignore[operator]
    return d


_ORG_PREFIX = re.compile(r"^\S{2,30}?(?:院|局|厅|委员会|办公厅|中心|办事处|政府)部门(?=\S)")


def _tn(t: PublishedTable | None) -> str:
    """The table's name in findings: its printed number (``'公开04表'``), else its full printed title
    without the year, the unit or a “部门：… 单位：万元” tail (``'九、一般公共预算基本支出预算表'``).

    >>> from govbudget.reader._model import PublishedTable as T
    >>> _tn(T(table_id="fiscal_basic", title="九、2017年度江苏省高级人民法院部门一般公共预算基本支出预算表",
    ...       number=None, amount_unit=None, columns=(), cells=(), rows=(), notes=(), page=None, line=1))
    '九、一般公共预算基本支出预算表'
    >>> _tn(T(table_id="income", title="收入预算总表部门:江苏省政协办公厅 单位:万元", number="公开02表",
    ...       amount_unit=None, columns=(), cells=(), rows=(), notes=(), page=None, line=1))
    '公开02表'
    """
    if t is None:
        return "?"
    title = t.title.split("（未印标题")[0]
    title = re.sub(r"\s*(?:部门|单位|编制单位)\s*[:：].*$", "", title)
    if t.number:
        title = title.replace(t.number, "")
    m = re.match(r"^\s*([一二三四五六七八九十]+、)?\s*(?:20\d\d\s*年度?)?\s*(.*)$", title)
    enum, rest = (m.group(1) or ""), m.group(2).strip()
    rest = _ORG_PREFIX.sub("", rest)
    name = f"{enum}{rest}".strip()
    if t.number:  # the printed number is the table's short name (kept stable for downstream tools)
        return t.number
    return name or (t.table_id or "?")


def full_name(t: PublishedTable) -> str:
    """Number and full printed title: ``'公开04表 财政拨款收支预算总表'`` (the human output's name).

    >>> from govbudget.reader._model import PublishedTable as T
    >>> full_name(T(table_id="income", title="收入预算总表部门:江苏省政协办公厅 单位:万元", number="公开02表",
    ...       amount_unit=None, columns=(), cells=(), rows=(), notes=(), page=None, line=1))
    '公开02表 收入预算总表'
    """
    if not t.number:
        return _tn(t)
    name = _tn(attrs.evolve(t, number=None))
    return f"{t.number} {name}" if name and name != t.table_id else t.number


def _v(x: Cell | Decimal | None) -> Decimal | None:
    return x.value if isinstance(x, Cell) else x


def _neg(x: Cell | Decimal | None) -> Decimal | None:
    v = _v(x)
    return None if v is None else -v


def _unsure(*xs: object) -> Cell | None:
    """The first cell among ``xs`` (nested lists allowed) whose place or value is uncertain."""
    for x in xs:
        if isinstance(x, (list, tuple)):
            c = _unsure(*x)
            if c is not None:
                return c
        elif isinstance(x, Cell) and (x.ambiguous or x.unreadable):
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
        if _places(v) > _MOST_DECIMALS:
            return x, f"有 {_places(v)} 位小数（核对最多按 {_MOST_DECIMALS} 位小数计算）"
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


def _present(c: Cell | None) -> bool:
    """A printed cell: an amount, or something unreadable printed where an amount belongs."""
    return c is not None and (c.value is not None or bool(c.raw))


def _na(rule: str, where: str, cell: Cell):
    """A ``not_assessable`` finding, saying why."""
    from ..reconcile import Finding

    if cell.value is None and cell.raw:
        why = f"{cell.where} 印的是“{cell.raw}”而不是金额"
    else:
        why = (f"{cell.where} 的金额 {cell.raw} 所在栏无法确定（单空格文本层中空白单元格已消失，"
               "金额只能自左向右依次归栏）")
    return Finding(rule=rule, verdict="not_assessable", where=where, expected=None, found=_v(cell),
                   message=f"{where}：{why}，本项核对无法评估。", places=(where, _at(cell.where, cell)))


def _places(v: Decimal) -> int:
    return max(0, -v.as_tuple().exponent)  # type: ignore[operator]


def _loc(x: object) -> str:
    """Where a cell is printed, in the words of the human output: ``'第3页第120行'``, ``'第120行'``,
    prefixed with the file name for a cell read from a ``.tables.txt`` layer; ``''`` for a bare figure.

    >>> c = Cell(table_id="expenditure", value=Decimal("1"), raw="1", row_label="合计", row_code=None,
    ...          column="基本支出", column_index=2, column_no=None, row_no=None, page=3, line=120, text="")
    >>> _loc(c), _loc(Decimal("1"))
    ('第3页第120行', '')
    """
    if not isinstance(x, Cell):
        return ""
    pos = (f"第{x.page}页" if x.page else "") + f"第{x.line}行"
    if x.file and x.file.endswith(".tables.txt"):
        pos = f"{x.file.rsplit('/', 1)[-1]} {pos}"
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

    bad = _unsure(total, parts)
    if bad is not None and not (column_free and bad.value is not None):
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

    bad = _unsure(a, b)
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
        return f
    return attrs.evolve(f, verdict="tail", tolerance=Decimal(5).scaleb(-_places(coarse) - 1), message=(
        f"{pa}：同一数值在{pa}印为 {va}、在{pb}印为 {vb}，印刷精度不同；{fine} 按 {_places(coarse)} 位小数"
        f"四舍五入即为 {coarse}，两处一致，仅精度不同。"))


def _le(part: Cell | Decimal | None, whole: Cell | Decimal | None, *, rule: str, pa: str, pb: str,
        strict: bool):
    from ..reconcile import check_le

    bad = _unsure(part, whole)
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


def _half_unit(v: Decimal) -> Decimal:
    """Half a unit of the last printed digit of ``v`` (``7`` → 0.5, ``6.90`` → 0.005); a printed zero is exact."""
    return Decimal(0) if v == 0 else Decimal(5).scaleb(-_places(v) - 1)


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
    diff = printed - shown
    fn = rate or (lambda n, m: n * 100 / m)
    rng = _rate_range(fn, inputs if inputs is not None else (num, den))
    lo, hi = (round_half_up(rng[0], d), round_half_up(rng[1], d)) if rng is not None else (shown, shown)
    tol = max(shown - lo, hi - shown)
    span = f"{lo}%–{hi}%" if lo != hi else f"{lo}%"
    if diff == 0:
        verdict, why = "ok", "与按印刷位数四舍五入的重算值一致"
    elif lo <= printed <= hi:
        verdict, why = "tail", (f"与重算值 {shown} 相差 {diff}；按所引金额的印刷精度，重算值可在 {span} 之间，"
                                "印数在此范围内，属尾数误差")
    elif lo != hi:
        verdict, why = "contradiction", (f"与重算值 {shown} 相差 {diff}，超出所引金额的印刷精度所允许的范围 {span}"
                                         "，数据不一致")
    else:
        verdict, why = "contradiction", (f"与重算值 {shown} 相差 {diff}；按所引金额的印刷精度，重算值只能是 {span}"
                                         "，数据不一致")
    return Finding(rule=rule, verdict=verdict, where=pa, expected=shown, found=printed, decimals=d,
                   difference=diff, tolerance=tol, places=(pa, pb),
                   message=f"{pa}：印为 {printed}%，{pb} = {round_half_up(exact, 4)}%，{why}。")


def _label(rule: str, where: str, message: str, places: tuple[str, ...] = ()):
    from ..reconcile import Finding

    return Finding(rule=rule, verdict="label", where=where, expected=None, found=None, message=message,
                   places=places or (where,))


def _amount_columns(t: PublishedTable) -> list[str]:
    cols: list[str] = []
    for c in sorted(t.cells, key=lambda c: c.column_index):
        if c.column and c.column not in cols:
            cols.append(c.column)
    return cols


def _row_sums(t: PublishedTable, rule: str, strict: bool, out: list) -> None:
    cols = _amount_columns(t)
    if len(cols) < 3 or not re.search("合计|小计", cols[0]):
        return
    rows: dict[int, list[Cell]] = {}
    for c in t.cells:
        rows.setdefault(c.line, []).append(c)
    for cells in rows.values():
        by_col = {c.column: c for c in cells}
        total = by_col.get(cols[0])
        parts = [by_col.get(k) for k in cols[1:]]
        if total is None or (not any(_present(p) for p in parts) and not _present(total)):
            continue
        f = _sum(total, [p for p in parts if p is not None], rule=rule, strict=strict,
                 where=f"{_tn(t)} {total.row_code or total.row_label} 行", names=None, column_free=True)
        if f.verdict != "ok":
            out.append(f)


def _hierarchy(t: PublishedTable, rule: str, strict: bool, out: list) -> None:
    codes = t.codes()
    if not codes:
        return
    # a row whose figures were placed by guess makes every column check it takes part in uncertain
    unsure = {}
    for c in t.cells:
        if c.ambiguous:
            unsure.setdefault(c.row_code or norm(c.row_label), c)
    for col in _amount_columns(t):
        val = {}
        for c in t.cells:
            if c.row_code and c.column == col and c.row_code not in val:
                val[c.row_code] = c
        for code in codes:
            kids = [k for k in codes if len(k) == len(code) + 2 and k.startswith(code)]
            if not kids or code not in val:
                continue
            parts = [val[k] for k in kids if k in val]
            bad = next((unsure[k] for k in (code, *kids) if k in unsure), None)
            f = _na(rule, f"{_tn(t)} {code} {col}", bad) if bad is not None else _sum(
                val[code], parts, rule=rule, strict=strict,
                where=f"{_tn(t)} {code} {col}", names=[f"{_tn(t)} {k}" for k in kids if k in val])
            if f.verdict != "ok":
                out.append(f)
        total = next((c for c in t.cells if c.column == col and norm(c.row_label) == "合计"
                      and not c.row_code), None)
        top = [val[k] for k in codes if len(k) == 3 and k in val and k[0] in "23"]
        if total is not None and top and t.table_id not in ("general_budget_basic", "fiscal_basic"):
            bad = next((unsure[k] for k in ("合计", *(k for k in codes if len(k) == 3)) if k in unsure), None)
            f = _na(rule, f"{_tn(t)} 合计 {col}", bad) if bad is not None else _sum(
                total, top, rule=rule, strict=strict, where=f"{_tn(t)} 合计 {col}")
            if f.verdict != "ok":
                out.append(f)


def _fund_column(path: str) -> str | None:
    """Column role in a 公开07/08 table: open, income, spent, basic, project, close."""
    p = norm(path)
    last = p.split("/")[-1]
    if "年初" in p or "上年结转" in p:
        return "open"
    if "年末" in p or "结转下年" in p:
        return "close"
    if "基本支出" in last:
        return "basic"
    if "项目支出" in last:
        return "project"
    if last in ("本年收入", "收入"):
        return "income"
    if re.search("合计|小计|本年支出|金额", last):
        return "spent"
    return None


def _fund_rows(t: PublishedTable, rule: str, strict: bool, out: list) -> None:
    """R07.1 / R08.1 on every row: 本年支出 = 基本 + 项目; 年末 = 年初 + 本年收入 − 本年支出."""
    rows: dict[tuple[int, str | None, str], dict[str, Cell]] = {}
    for c in t.cells:
        role = _fund_column(c.column)
        if role is not None:
            rows.setdefault((c.line, c.row_code, c.row_label), {}).setdefault(role, c)
    for (_, code, label), r in rows.items():
        row = code or label
        if "spent" in r and ("basic" in r or "project" in r):
            f = _sum(r["spent"], [r.get("basic"), r.get("project")], rule=rule, strict=strict,
                     where=f"{_tn(t)} {row} 本年支出")
            if f.verdict != "ok":
                out.append(f)
        if "close" in r and ("open" in r or "income" in r) and "spent" in r:
            bad = _unsure(r.get("open"), r.get("income"), r["spent"], r["close"])
            where = f"{_tn(t)} {row} 年末结转和结余"
            f = _na(rule, where, bad) if bad is not None else _sum(
                r["close"], [r.get("open"), r.get("income"), _neg(r["spent"])], rule=rule, strict=strict,
                where=where, names=["年初结转和结余", "本年收入", "−本年支出"])
            if f.verdict != "ok":
                out.append(f)


def _basic_groups(rep: PublishedReport, strict: bool, out: list) -> None:
    t = rep.table("general_budget_basic") or rep.table("fiscal_basic")
    if t is None:
        return
    cls = {c.row_code: c for c in t.cells if c.row_code and len(c.row_code) == 3 and _present(c)}
    pers = t.get("人员经费合计")
    pub = t.get("公用经费合计")
    if pers is None and pub is None:  # 合计 | 人员经费 | 公用经费 columns: the 合计 row's
        pers, pub = t.get("合计", "人员经费"), t.get("合计", "公用经费")
        if pers is not None or pub is not None:
            _groups_vs_basic(rep, t, pers, pub, strict, out)
            return
    if _present(pers):
        parts = [cls[k] for k in ("301", "303") if k in cls]
        out.append(_sum(pers, parts, rule="R06.2", strict=strict, where=f"{_tn(t)} 人员经费合计"))
    if _present(pub):
        parts = [v for k, v in cls.items() if k not in ("301", "303")]
        out.append(_sum(pub, parts, rule="R06.3", strict=strict, where=f"{_tn(t)} 公用经费合计"))
    gbe = rep.table("general_budget_expenditure")
    basic = gbe.get("合计", "基本支出") if gbe is not None else None
    if basic is not None and pub is not None and _present(pers):
        out.append(_sum(basic, [pers, pub], rule="X08", strict=strict,
                        where=f"{_tn(gbe)} 合计 基本支出 vs {_tn(t)} 人员+公用"))


def _groups_vs_basic(rep: PublishedReport, t: PublishedTable, pers: Cell | None, pub: Cell | None, strict: bool,
                     out: list) -> None:
    """X08 for a basic-spending table printing 人员经费/公用经费 as columns: their 合计 row against the
    基本支出 of the 一般公共预算 table (=) and of the 支出总表 (all funds: ≤)."""
    parts = [c for c in (pers, pub) if c is not None]
    gbe = rep.table("general_budget_expenditure")
    basic = gbe.get("合计", "基本支出") if gbe is not None else None
    names = ["人员经费", "公用经费"][: len(parts)] if pers is not None else ["公用经费"]
    if basic is not None:
        out.append(_sum(basic, parts, rule="X08", strict=strict, names=[f"{_tn(t)} 合计 {n}" for n in names],
                        where=f"{_tn(gbe)} 合计 基本支出 vs {_tn(t)} 人员+公用"))
    exp = rep.table("expenditure")
    all_basic = exp.get("合计", "基本支出") if exp is not None else None
    total = t.get("合计")
    if all_basic is not None and total is not None and _present(total):
        out.append(_le(total, all_basic, rule="X08", pa=f"{_tn(t)} 合计", pb=f"{_tn(exp)} 合计 基本支出", strict=strict))


# --------------------------------------------------------------------------- 公开01 / 公开04

_RIGHT_LABELS = ("本年支出合计", "支出合计", "本年支出小计", "当年支出小计", "结余分配", "年末结转和结余",
                 "年末财政拨款结转和结余", "支出总计", "结转下年", "结转下年资金")


@attrs.define
class _Sides:
    """The two sides of a 收入支出 summary table in printed order."""

    left: list[Cell]
    right: list[tuple[str, dict[str, Cell]]]  # (label, {column: cell})
    lines: dict[str, int]  # first printed line of each (normalised) row label

    def l(self, *names: str, after: int = 0) -> Cell | None:  # noqa: E743
        """First left cell whose normalised label starts with one of ``names`` (below line ``after``)."""
        for c in self.left:
            if c.line > after and any(norm(c.row_label).startswith(n) for n in names):
                return c
        return None

    def printed(self, *names: str) -> bool:
        return any(k.startswith(n) for k in self.lines for n in names)

    def r(self, *names: str) -> dict[str, Cell] | None:
        for label, cols in self.right:
            if norm(label) in names:
                return cols
        return None

    def classes(self) -> list[tuple[str, dict[str, Cell]]]:
        return [(lab, cols) for lab, cols in self.right
                if _ENUM_LABEL.match(lab) and lab.endswith("支出") and not re.search("基本支出|项目支出", lab)]


def _sides(t: PublishedTable) -> _Sides:
    split = [c.column_index for c in t.cells if norm(c.row_label) in _RIGHT_LABELS]
    cut = min(split) if split else None
    left: list[Cell] = []
    right: dict[tuple[int, str], dict[str, Cell]] = {}
    for c in sorted(t.cells, key=lambda c: (c.line, c.column_index)):
        n = norm(c.row_label)
        if n == "总计" or n in ("收入总计",):
            is_right = n == "总计" and cut is not None and c.column_index >= cut
        else:
            is_right = n in _RIGHT_LABELS or n.endswith("支出")
        if is_right:
            cols = right.setdefault((c.line, c.row_label), {})
            cols.setdefault(f"{c.column}#{c.column_index}", c)
        else:
            left.append(c)
    lines: dict[str, int] = {}
    for _, label, line in t.rows:
        lines.setdefault(norm(label), line)
    return _Sides(left=left, right=[(lab, cols) for (_, lab), cols in right.items()], lines=lines)


def _main(cols: dict[str, Cell] | None) -> Cell | None:
    """The first (合计) value of a right-side row (the first printed one when the row spans columns)."""
    if not cols:
        return None
    return min(cols.values(), key=lambda c: (not _present(c) and not c.ambiguous, c.column_index))


def _fund_cols(cols: dict[str, Cell] | None) -> dict[str, Cell | None]:
    """c2 合计, c3 一般公共预算, c4 政府性基金, c5 国有资本经营 of a 公开04 right-side row."""
    out: dict[str, Cell | None] = {"c2": None, "c3": None, "c4": None, "c5": None}
    if not cols:
        return out
    for name, c in cols.items():
        key = "c3" if "一般公共预算" in name else "c4" if "政府性基金" in name else (
            "c5" if "国有资本" in name else "c2" if "合计" in name or name in ("金额", "决算数", "预算数") else None)
        if key and out[key] is None:
            out[key] = c
    if out["c2"] is None and not any(out.values()):
        out["c2"] = _main(cols)
    return out


def _summary(rep: PublishedReport, strict: bool, out: list) -> None:
    """R01.1–R01.6 inside 公开01; X01, X03, X04 against 公开02/03."""
    t = rep.table("income_expenditure_summary")
    if t is None:
        return
    s = _sides(t)
    final = rep.kind == "决算"
    inc = s.l("本年收入合计", "当年收入小计", "本年收入小计")
    exp_row = s.r("本年支出合计", "当年支出小计", "本年支出小计")
    exp = _main(exp_row)
    tot_l = next((c for c in s.left if norm(c.row_label) in ("总计", "收入总计", "收入合计")), None)
    if inc is None and not final:
        inc = tot_l  # a budget's 收入总计 with no 上年结转 line is its 本年收入
    end = inc.line if inc is not None else 10**9
    # 一、…收入 rows (决算); a budget may print 一、财政拨款 / 三、其他资金 without “收入”
    pattern = r"^[一二三四五六七八]、.*收入$" if final else r"^[一二三四五六七八]、"
    # the left half only: a 支出用途 block (三、单位预留机动经费) sits right of the first 支出 row's column
    right_cols = [c.column_index for _, cols in s.right for c in cols.values()]
    cut = min(right_cols) if right_cols else 10**9
    left = [c for c in s.left if re.match(pattern, c.row_label) and _present(c) and c.line < end
            and (final or c.column_index < cut)]
    classes = [(lab, _main(cols)) for lab, cols in s.classes()]
    right = [c for _, c in classes if _present(c)]
    if inc is not None and left:
        out.append(_sum(inc, left, rule="R01.1", strict=strict, where=f"{_tn(t)} 本年收入合计"))
    if exp is not None and right:
        out.append(_sum(exp, right, rule="R01.2", strict=strict, where=f"{_tn(t)} 本年支出合计"))
    tot_r = _main(s.r("总计", "支出总计", "支出合计"))
    if final and inc is not None and exp is not None:
        use = s.l("使用非财政拨款结余")
        opening = s.l("年初结转和结余")
        distr = _main(s.r("结余分配"))
        closing = _main(s.r("年末结转和结余"))
        if tot_l is not None:
            out.append(_sum(tot_l, [inc, use, opening], rule="R01.3", strict=strict, where=f"{_tn(t)} 收入总计",
                            names=["本年收入合计", "使用非财政拨款结余", "年初结转和结余"]))
        if tot_r is not None:
            out.append(_sum(tot_r, [exp, distr, closing], rule="R01.4", strict=strict, where=f"{_tn(t)} 支出总计",
                            names=["本年支出合计", "结余分配", "年末结转和结余"]))
        if s.printed("年末结转和结余") and s.printed("年初结转和结余"):
            where = f"{_tn(t)} 年末结转和结余"
            bad = _unsure(opening, inc, use, exp, distr, closing)
            out.append(_na("R01.6", where, bad) if bad is not None else _sum(
                closing, [opening, inc, use, _neg(exp), _neg(distr)], rule="R01.6", strict=strict, where=where,
                names=["年初结转和结余", "本年收入合计", "使用非财政拨款结余", "−本年支出合计", "−结余分配"]))
    if tot_l is not None and tot_r is not None:
        out.append(_eq(tot_l, tot_r, rule="R01.5", pa=f"{_tn(t)} 收入总计", pb=f"{_tn(t)} 支出总计"))
    # X01 / X04: 公开02 / 公开03 合计 = 公开01
    for tid, cell, rule in (("income", inc, "X01"), ("expenditure", exp, "X04")):
        other = rep.table(tid)
        if other is None or cell is None:
            continue
        c2 = other.get("合计")
        if c2 is not None:
            out.append(_eq(c2, cell, rule=rule, pa=f"{_tn(other)} 合计", pb=f"{_tn(t)} {cell.row_label}"))
    ex = rep.table("expenditure")
    if ex is not None:
        names = {c.row_code: norm(c.row_label) for c in ex.cells if c.row_code and len(c.row_code) == 3}
        for code, name in names.items():
            c1 = ex.get(code)
            c0 = next((c for lab, c in classes if norm(lab) == name), None)
            if c1 is not None and c0 is not None:
                out.append(_eq(c1, c0, rule="X04", pa=f"{_tn(ex)} {code}", pb=f"{_tn(t)} {c0.row_label}"))
    # X03: 公开02 合计 上级补助…其他收入 = 公开01 rows 4–8
    inc_t = rep.table("income")
    total_row = [c for c in inc_t.cells if norm(c.row_label) == "合计" and not c.row_code] if inc_t else []
    if final and total_row:
        for name in ("上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"):
            a = next((c for c in total_row if norm(c.column).split("/")[-1] == name), None)
            b = next((c for c in s.left if norm(c.row_label) == name), None)
            if a is None and b is None and not s.printed(name):
                continue
            out.append(_eq(a, b, rule="X03", pa=f"{_tn(inc_t)} 合计 {name}", pb=f"{_tn(t)} {name}"))


def _summary_groups(rep: PublishedReport, out: list) -> None:
    """X08 (budgets): 人员经费 / 公用经费 printed in the 收支总表's 支出总计 row = the basic table's."""
    t = rep.table("income_expenditure_summary")
    basic = rep.table("general_budget_basic") or rep.table("fiscal_basic")
    if t is None or basic is None:
        return
    row = [c for c in t.cells if norm(c.row_label) in ("支出总计", "本年支出合计", "总计")
           and norm(c.column).endswith(("人员经费", "公用经费"))]
    for name in ("人员经费", "公用经费"):
        a = next((c for c in row if norm(c.column).endswith(name)), None)
        b = basic.get(f"{name}合计") or next((c for c in basic.cells if not c.row_code and norm(c.row_label) in (
            "合计", "总计") and norm(c.column).endswith(name)), None)
        if a is not None and b is not None:
            out.append(_eq(a, b, rule="X08", pa=f"{_tn(t)} {a.row_label} {name}", pb=f"{_tn(basic)} 合计 {name}"))


def _fiscal(rep: PublishedReport, strict: bool, out: list) -> None:
    """R04.1–R04.8 inside 公开04; X02, X05, X06, X09, X10 against the other tables."""
    fis = rep.table("fiscal_summary")
    if fis is None:
        return
    gbe = rep.table("general_budget_expenditure")
    inc = rep.table("income")
    final = rep.kind == "决算"
    s = _sides(fis)
    tn = _tn(fis)
    total = s.l("本年收入合计", "收入合计", "本年收入小计")
    opening_line = s.lines.get("年初财政拨款结转和结余", 0)
    before = total.line if total is not None else 10**9
    fund_names = ("一般公共预算", "政府性基金", "国有资本经营")
    l13 = [next((c for c in s.left if c.line < before and norm(c.row_label).startswith(n)), None) for n in fund_names]
    l28 = s.l("年初财政拨款结转和结余")
    l29 = [s.l(n, after=opening_line) if opening_line else None for n in fund_names]
    l32 = next((c for c in s.left if norm(c.row_label) in ("总计", "收入总计")), None)
    r59 = _fund_cols(s.r("本年支出合计", "支出合计", "本年支出小计"))
    r60 = _fund_cols(s.r("年末财政拨款结转和结余"))
    r64 = _fund_cols(s.r("总计", "支出总计"))
    classes = [(lab, _fund_cols(cols)) for lab, cols in s.classes()]
    if total is not None and any(c is not None for c in l13):
        out.append(_sum(total, l13, rule="R04.1", strict=strict, where=f"{tn} 本年收入合计",
                        names=[f"{tn} {n}" for n in fund_names]))
    for lab, cols in [*classes, ("本年支出合计", r59), ("年末财政拨款结转和结余", r60), ("总计", r64)]:
        if cols["c2"] is not None and any(cols[k] is not None for k in ("c3", "c4", "c5")):
            f = _sum(cols["c2"], [cols["c3"], cols["c4"], cols["c5"]], rule="R04.4", strict=strict,
                     where=f"{tn} {lab} 行")
            if f.verdict != "ok":
                out.append(f)
    if any(r59.values()) and classes:
        for k in ("c2", "c3", "c4", "c5"):
            if r59[k] is not None or any(cols[k] is not None and cols[k].value for _, cols in classes):
                out.append(_sum(r59[k], [cols[k] for _, cols in classes], rule="R04.5", strict=strict,
                                where=f"{tn} 本年支出合计 {k}"))
    if final:
        if s.printed("年初财政拨款结转和结余"):
            out.append(_sum(l28, l29, rule="R04.2", strict=strict, where=f"{tn} 年初财政拨款结转和结余",
                            names=[f"{tn} 年初 {n}" for n in fund_names]))
        if l32 is not None and total is not None:
            out.append(_sum(l32, [total, l28], rule="R04.3", strict=strict, where=f"{tn} 收入总计"))
        if any(r64.values()):
            for k in ("c2", "c3", "c4", "c5"):
                if r64[k] is not None or r59[k] is not None:
                    out.append(_sum(r64[k], [r59[k], r60[k]], rule="R04.6", strict=strict, where=f"{tn} 支出总计 {k}"))
        if any(r59.values()):
            for k, l1, lo in zip(("c3", "c4", "c5"), l13, l29, strict=True):
                if r59[k] is None and l1 is None:
                    continue
                where = f"{tn} 本年支出合计 {k}"
                bad = _unsure(r59[k], l1, lo, r60[k])
                out.append(_na("R04.8", where, bad) if bad is not None else _sum(
                    r59[k], [l1, lo, _neg(r60[k])], rule="R04.8", strict=strict, where=where,
                    names=["本年收入", "年初结转和结余", "−年末结转和结余"]))
    if l32 is not None and r64["c2"] is not None:
        out.append(_eq(l32, r64["c2"], rule="R04.7", pa=f"{tn} 收入总计", pb=f"{tn} 支出总计"))
    # X02: 公开02 合计 财政拨款收入 = 公开04 本年收入合计
    if inc is not None and total is not None:
        c = inc.get("合计", "财政拨款")
        if c is not None:
            out.append(_eq(c, total, rule="X02", pa=f"{_tn(inc)} 合计 财政拨款收入", pb=f"{tn} 本年收入合计"))
    # X06: 公开05 合计/类 = 公开04 一般公共预算 column
    if gbe is not None and r59["c3"] is not None:
        c = gbe.get("合计")
        if c is not None:
            out.append(_eq(c, r59["c3"], rule="X06", pa=f"{_tn(gbe)} 合计", pb=f"{tn} 本年支出合计 一般公共预算财政拨款"))
        for code in gbe.codes():
            if len(code) != 3:
                continue
            c = gbe.get(code)
            other = next((cols["c3"] for lab, cols in classes if norm(lab) == norm(c.row_label if c else "")), None)
            if c is not None and other is not None:
                out.append(_eq(c, other, rule="X06", pa=f"{_tn(gbe)} {code}", pb=f"{tn} {other.row_label} 一般公共预算"))
    if final:
        _x05(rep, s, classes, r59, r60, l28, strict, out)
        _x09_x10(rep, classes, l13, l29, r59, r60, out)


def _x05(rep: PublishedReport, s: _Sides, classes: list, r59: dict, r60: dict, l28: Cell | None,
         strict: bool, out: list) -> None:
    """X05: 财政拨款 figures of 公开04 ≤ the same figures of 公开01 (all money)."""
    t1 = rep.table("income_expenditure_summary")
    if t1 is None:
        return
    s1 = _sides(t1)
    tn, tn1 = _tn(rep.table("fiscal_summary")), _tn(t1)
    for lab, cols in classes:
        whole = next((c for lab1, c1 in s1.classes() if norm(lab1) == norm(lab) for c in [_main(c1)]), None)
        if _present(cols["c2"]):
            out.append(_le(cols["c2"], whole, rule="X05", pa=f"{tn} {lab}", pb=f"{tn1} {lab}", strict=strict))
    pairs = ((r59["c2"], _main(s1.r("本年支出合计")), "本年支出合计", "本年支出合计"),
             (l28, s1.l("年初结转和结余"), "年初财政拨款结转和结余", "年初结转和结余"),
             (r60["c2"], _main(s1.r("年末结转和结余")), "年末财政拨款结转和结余", "年末结转和结余"))
    for part, whole, a, b in pairs:
        if _present(part):
            out.append(_le(part, whole, rule="X05", pa=f"{tn} {a}", pb=f"{tn1} {b}", strict=strict))


def _x09_x10(rep: PublishedReport, classes: list, l13: list, l29: list, r59: dict, r60: dict, out: list) -> None:
    """X09 (公开07) and X10 (公开08) against the fund columns of 公开04."""
    tn = _tn(rep.table("fiscal_summary"))
    for tid, rule, k, i in (("gov_fund", "X09", "c4", 1), ("state_capital", "X10", "c5", 2)):
        t = rep.table(tid)
        if t is None:
            continue
        roles: dict[str, Cell] = {}
        for c in t.cells:
            if norm(c.row_label) == "合计" and not c.row_code:
                role = _fund_column(c.column)
                if role is not None:
                    roles.setdefault(role, c)
        has = {_fund_column(col) for col in t.columns}
        checks = [("spent", r59[k], "本年支出合计")]
        if "open" in has:
            checks.append(("open", l29[i], "年初结转和结余"))
        if "income" in has:
            checks.append(("income", l13[i], "本年收入"))
        if "close" in has:
            checks.append(("close", r60[k], "年末财政拨款结转和结余"))
        for role, other, name in checks:
            out.append(_eq(roles.get(role), other, rule=rule, pa=f"{_tn(t)} 合计 {name}", pb=f"{tn} {name} {k}"))
        for code in t.codes():
            if len(code) != 3:
                continue
            c = next((x for x in t.row_cells(code) if _fund_column(x.column) == "spent"), None)
            lab = norm(c.row_label) if c is not None else ""
            other = next((cols[k] for lab1, cols in classes if norm(lab1) == lab), None)
            if c is not None:
                out.append(_eq(c, other, rule=rule, pa=f"{_tn(t)} {code} 本年支出", pb=f"{tn} {c.row_label} {k}"))


def _x07(rep: PublishedReport, strict: bool, out: list) -> None:
    """X07: 公开05 基本/项目 per code ≤ 公开03 基本/项目 (一般公共预算 is part of all money)."""
    t5 = rep.table("general_budget_expenditure")
    t3 = rep.table("expenditure")
    if t5 is None or t3 is None or not t3.codes():
        return
    for code in ["合计", *t5.codes()]:
        for col in ("基本支出", "项目支出"):
            a = t5.get(code, col)
            if not _present(a):
                continue
            b = t3.get(code, col)
            if b is None:
                b = next((c for c in t3.row_cells(code) if c.ambiguous), None) or b
            out.append(_le(a, b, rule="X07", pa=f"{_tn(t5)} {code} {col}", pb=f"{_tn(t3)} {code} {col}", strict=strict))


def _three_public(rep: PublishedReport, strict: bool, out: list) -> None:
    t = rep.table("three_public")
    tp = three_public_cells(t, rep.kind)
    for side, items in tp.items():
        if "total" in items:
            parts = [items[k] for k in ("abroad", "vehicle", "reception") if k in items]
            if parts:
                out.append(_sum(items["total"], parts, rule="R09.1", strict=strict,
                                where=f"{_tn(t)} {side} 合计"))
        if "vehicle" in items:
            parts = [items[k] for k in ("vehicle_purchase", "vehicle_running") if k in items]
            if parts:
                out.append(_sum(items["vehicle"], parts, rule="R09.1", strict=strict,
                                where=f"{_tn(t)} {side} 公务用车小计"))
    basic = rep.table("general_budget_basic")
    if basic is not None and tp["actual"] and rep.kind == "决算":
        for item, code in (("abroad", "30212"), ("reception", "30217"), ("vehicle_running", "30231"),
                           ("vehicle_purchase", "31013")):
            c = basic.get(code)
            if _present(c):
                out.append(_le(c, tp["actual"].get(item), rule="X11", pa=f"{_tn(basic)} {code}",
                               pb=f"{_tn(t)} 决算 {item}", strict=strict))


# --------------------------------------------------------------------------- narrative
# The 说明/附件 checks (X12–X19, S01–S04) are in ._narrative: sentence forms as data.


def _dedupe(findings: list) -> list:
    """Identical findings (same rule, verdict, place and figures) reported once."""
    seen: set = set()
    out = []
    for f in findings:
        key = (f.rule, f.verdict, f.where, f.found, f.expected, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _blank(rep: PublishedReport, findings: list) -> list:
    """A report whose tables print no amount at all (a blank template): checks over blank cells are
    ``not_assessable`` rather than ``ok`` (0 = 0 proves nothing)."""
    cells = [c for t in rep.tables if t.table_id for c in t.cells]  # identified tables only (not 序号 lists)
    if not cells or any(c.value is not None for c in cells):
        return findings
    return [attrs.evolve(f, verdict="not_assessable", message=(
        f"{f.where}：所涉单元格全部空白（报表未填数，如空白模板），本项核对无法评估。"))
        if f.verdict == "ok" and not f.found and not f.expected else f for f in findings]


def _tables_family(rep: PublishedReport, strict: bool, out: list) -> None:
    """R02–R08 inside each table: row sums, 类 = Σ 款 = Σ 项, fund rows."""
    for t in rep.tables:
        if t.table_id in _ROW_SUM_TABLES:
            _row_sums(t, _ROW_SUM_TABLES[t.table_id], strict, out)
        if t.table_id in _HIER_RULE:
            _hierarchy(t, _HIER_RULE[t.table_id], strict, out)
    for t in rep.tables:
        if t.table_id in _FUND_RULE:
            _fund_rows(t, _FUND_RULE[t.table_id], strict, out)


def _budget_links(rep: PublishedReport, strict: bool, out: list) -> None:
    from ._budget_links import check_budget_links

    check_budget_links(rep, strict, out)


def _narrative(rep: PublishedReport, strict: bool, out: list) -> None:
    from ._narrative import check_narrative

    check_narrative(rep, strict, out)


def _names(rep: PublishedReport, strict: bool, out: list) -> None:
    for code, printed, official in rep.name_mismatches:
        out.append(_label("names", f"code {code}", f"科目 {code} 印作“{printed}”，{rep.year}年科目表为“{official}”。"))


#: the families of checks, in the order they run: (name, function(report, strict, out))
FAMILIES: tuple[tuple[str, object], ...] = (
    ("表内", _tables_family),
    ("收支总表", _summary),
    ("收支总表 人员/公用经费", lambda rep, strict, out: _summary_groups(rep, out)),
    ("财政拨款收支总表", _fiscal),
    ("一般公共预算 ≤ 支出总表", _x07),
    ("基本支出", _basic_groups),
    ("三公", _three_public),
    ("预算表间", _budget_links),
    ("说明/附件", _narrative),
    ("科目名称", _names),
)


def _run_family(name: str, fn, rep: PublishedReport, strict: bool, out: list) -> None:
    """Run one family; a typed error raised on an odd figure becomes a ``not_assessable`` finding for
    that family and the other families still run."""
    from ..errors import GovBudgetError
    from ..reconcile import Finding

    mark = len(out)
    try:
        fn(rep, strict, out)
    except GovBudgetError as exc:
        where = f"核对组“{name}”"
        out.append(Finding(rule="checks", verdict="not_assessable", where=where, expected=None, found=None,
                           places=(where,), message=f"{where}：核对中途遇到无法计算的数字（{exc}），"
                           f"该组其余核对无法评估（已完成 {len(out) - mark} 项）；其他核对照常进行。"))


def check_report(rep: PublishedReport, *, strict: bool = False) -> list:
    """Run every applicable rule; see the module docstring.

    ``strict=True`` applies exact equality to sums (for 元 data).
    """
    out: list = []
    if not any(t.cells for t in rep.tables):
        from ..reconcile import Finding

        where = "whole document"
        out.append(Finding(
            rule="tables", verdict="not_assessable", where=where, expected=None, found=None,
            message=(f"未识别出任何带数据的预决算公开表（识别到 {len(rep.tables)} 张表，{len(rep.unmapped)} 行未能归位），"
                     "无法核对。"),
            places=(where,),
        ))
    for name, fn in FAMILIES:
        _run_family(name, fn, rep, strict, out)
    from ._shift import find_shifts

    return _blank(rep, find_shifts(rep, _dedupe(out)))
