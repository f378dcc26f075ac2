r"""Amounts printed against the wrong codes: one grouped finding for a shifted functional-tree table.

A table whose amount columns slid against its code/name column (each code carrying the figures of
another row) breaks every check that touches it: its own 类 = Σ 款 = Σ 项 sums, and every
comparison with a sibling table. :func:`find_shifts` looks for the cause: a run of rows of
the 一般公共预算财政拨款支出表 (公开05) whose figures disagree with the same code in the sibling tables
(the 支出表 公开03: 合计 | 基本支出 | 项目支出 of the code; the 财政拨款收支总表 公开04: its 一般公共预算
column for each 类 and for 本年支出合计) while they equal the figures those siblings print under
*another* code of the table (the tables, rows and columns are the layouts' terms ``[terms.shift_rules]``
and ``[terms.shift]``). It adds one ``contradiction`` (rule ``T05.shift``) naming the table, the
first and last row affected, the shift (how many rows down each row's figures belong; a cyclic shift
wraps round to the top of the table) and how many individual contradictions it explains. Those
findings are kept, and each gets the place :func:`explained_place` of the grouped finding.

Below, the 支出决算表 prints each code's figures; the 一般公共预算 table prints every code with the
figures of the code one row below it (2010201 gets none):

>>> from govbudget.reader import read_report
>>> figs = [("201", "16.00"), ("20101", "9.00"), ("2010101", "5.00"), ("2010102", "4.00"), ("20102", "7.00"),
...         ("2010201", "7.00")]
>>> head = ["科目代码\t科目名称\t本年支出合计\t基本支出\t项目支出", "合计\t\t16.00\t16.00\t"]
>>> right = [f"{c}\t科目\t{v}\t{v}\t" for c, v in figs]
>>> moved = [f"{c}\t科目" + (f"\t{figs[i + 1][1]}" * 2 if i + 1 < len(figs) else "") for i, (c, _) in enumerate(figs)]
>>> text = "\n".join(["支出决算表", *head, *right, "一般公共预算财政拨款支出决算表", *head, *moved])
>>> fs = read_report(text=text).check()
>>> [g] = [f for f in fs if f.rule == "T05.shift"]
>>> g.where, g.n
('一般公共预算财政拨款支出决算表 201–20102', 9)
>>> print(g.message.split("：", 1)[1].split("。")[0])
201–20102 共 5 行金额整体错位 1 行（各行印的是其下第 1 行科目的金额）；表中各行均未印其金额的科目：201
>>> sum(1 for f in fs if explained_by(f) == "T05.shift:" + g.where)
9
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from ..reader._model import Cell, PublishedTable, norm
from ._layouts import default_terms

if TYPE_CHECKING:  # pragma: no cover
    from ..reader import PublishedReport
    from ._terms import Terms

__all__ = ["explained_by", "explained_place", "find_shifts"]

_PREFIX = "explained_by:"
#: a run shorter than this is not reported as a shift (one coincidence is not a pattern)
MIN_RUN = 3

Values = tuple[Decimal | None, ...]


def explained_place(rule: str, where: str) -> str:
    """The place added to every finding that a grouped finding explains.

    >>> explained_place("T05.shift", "公开05表 20709–合计")
    'explained_by:T05.shift:公开05表 20709–合计'
    """
    return f"{_PREFIX}{rule}:{where}"


def explained_by(f) -> str | None:
    """The ``rule:where`` of the grouped finding that explains ``f``, or ``None``.

    >>> from govbudget import Finding
    >>> f = Finding(rule="X06", verdict="contradiction", where="w", expected=None, found=None,
    ...             places=("w", explained_place("T05.shift", "公开05表 20709–合计")))
    >>> explained_by(f)
    'T05.shift:公开05表 20709–合计'
    """
    return next((p[len(_PREFIX):] for p in f.places if p.startswith(_PREFIX)), None)


@attrs.frozen
class _Row:
    key: str  # the code, or 合计
    cells: tuple[Cell, ...]
    values: Values  # 合计 | 基本支出 | 项目支出, zero and blank both None


def _clean(v: Decimal | None) -> Decimal | None:
    return None if v is None or v == 0 else v


def _ends(terms: Terms, key: str) -> tuple[str, ...]:
    return tuple(norm(n) for n in terms.names("shift", key))


def _roles(t: PublishedTable, terms: Terms) -> list[str]:
    """The total, 基本支出 and 项目支出 columns of a table (the total is its first amount column)."""
    cols: list[str] = []
    for c in sorted(t.cells, key=lambda c: c.column_index):
        if c.column and c.column not in cols:
            cols.append(c.column)
    if not cols:
        return []
    basic = next((c for c in cols if norm(c).endswith(_ends(terms, "basic_column"))), "")
    project = next((c for c in cols if norm(c).endswith(_ends(terms, "project_column"))), "")
    return [cols[0], basic, project]


def _rows(t: PublishedTable, terms: Terms) -> list[_Row]:
    """The table's code rows and its 合计 row (keyed by the first name of ``shift.total``), in printed order."""
    roles = _roles(t, terms)
    if not roles:
        return []
    totals = terms.names("shift", "total")
    total_labels = {norm(n) for n in totals}
    by_line: dict[int, list[Cell]] = {}
    first: dict[int, dict[str, Decimal | None]] = {}  # the first value of each column on a line
    guessed: set[int] = set()  # lines with a cell not certain
    for c in t.cells:
        by_line.setdefault(c.line, []).append(c)
        first.setdefault(c.line, {}).setdefault(c.column, c.value)
        if not c.certain:
            guessed.add(c.line)
    rows_of = {line: tuple(cells) for line, cells in by_line.items()}
    out = []
    for code, label, line in t.rows:  # one pass over the cells: a line of thousands of rows stays linear
        key = code or (totals[0] if norm(label) in total_labels else None)
        cells = rows_of.get(line, ())
        if key is None or not cells:
            continue
        vals = tuple(_clean(first[line].get(r)) if r else None for r in roles)
        if line in guessed:
            vals = (None, None, None)  # figures placed by guess prove nothing either way
        out.append(_Row(key=key, cells=cells, values=vals))
    return out


def _references(rep: PublishedReport, t: PublishedTable, terms: Terms) -> dict[str, list[tuple[Values, bool]]]:
    """For each code (and 合计): what the sibling tables print for it, as ``(values, total_only)``."""
    from ..reader._shape import _fund_cols, _sides

    ref: dict[str, list[tuple[Values, bool]]] = {}
    exp = terms.table(rep, terms.get("shift", "by_code"))
    if exp is not None:
        for r in _rows(exp, terms):
            if r.values[0] is not None:
                ref.setdefault(r.key, []).append((r.values, False))
    fis = terms.table(rep, terms.get("shift", "by_class"))
    if fis is not None:
        s = _sides(fis)
        names = {norm(label): code for code, label, _ in t.rows if code and len(code) == 3}
        for lab, cols in s.classes():
            c3 = _fund_cols(cols)["c3"]
            code = names.get(norm(lab))
            if code and c3 is not None and _clean(c3.value) is not None:
                ref.setdefault(code, []).append(((c3.value, None, None), True))
        total = _fund_cols(s.r(*terms.names("shift", "fiscal_spending_total")))["c3"]
        if total is not None and _clean(total.value) is not None:
            ref.setdefault(terms.names("shift", "total")[0], []).append(((total.value, None, None), True))
    return ref


def _match(values: Values, refs: list[tuple[Values, bool]]) -> bool:
    return values[0] is not None and any(
        (values[0] == v[0]) if total_only else (values == v) for v, total_only in refs)


def _signed(k: int, n: int) -> int:
    """A cyclic offset as the nearest signed one (``n − 1`` rows down is 1 row up)."""
    k %= n
    return k - n if k > n // 2 else k


def _segments(offsets: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """``(row, k)`` pairs → ``(first row, last row, k)`` runs of the same offset."""
    out: list[tuple[int, int, int]] = []
    for i, k in offsets:
        if out and out[-1][2] == k and out[-1][1] == i - 1:
            out[-1] = (out[-1][0], i, k)
        else:
            out.append((i, i, k))
    return out


def _describe(rows: list[_Row], segs: list[tuple[int, int, int]]) -> str:
    n = len(rows)
    parts = []
    for a, b, k in segs:
        span = f"{rows[a].key}–{rows[b].key} 共 {b - a + 1} 行" if b > a else f"{rows[a].key} 行"
        way = f"其下第 {k} 行" if k > 0 else f"其上第 {-k} 行"
        wrapped = [i for i in range(a, b + 1) if not 0 <= i + k < n]
        tail = ""
        if wrapped:
            heads = [rows[(i + k) % n].key for i in wrapped]
            tail = (f"，末 {len(wrapped)} 行接表{'首' if k > 0 else '尾'} {heads[0]}–{heads[-1]} 的金额，循环错位"
                    if len(heads) > 1 else f"，{rows[wrapped[0]].key} 行接表{'首' if k > 0 else '尾'} {heads[0]} 的金额")
        parts.append(f"{span}金额整体错位 {abs(k)} 行（各行印的是{way}科目的金额{tail}）")
    return "；".join(parts)


def _located(rows: list[_Row]) -> set[str]:
    from ._primitives import _loc

    return {f"（{_loc(c)}）" for r in rows for c in r.cells if _loc(c)}


def _shift_in(rep: PublishedReport, t: PublishedTable, rule: str, findings: list,
              terms: Terms) -> tuple[object | None, list]:
    """The grouped finding for ``t`` (or ``None``) and the findings with the explained ones marked."""
    from ..reconcile import Finding
    from ._primitives import _at, _tn

    rows = _rows(t, terms)
    ref = _references(rep, t, terms)
    n = len(rows)
    if n < MIN_RUN or not ref:
        return None, findings
    index = {r.key: i for i, r in enumerate(rows)}
    # each row: None (agrees / cannot tell), or the rows of the table whose sibling figures it prints
    state: list[list[int] | None] = []
    for r in rows:
        own = ref.get(r.key, [])
        if r.values[0] is None or _match(r.values, own):
            state.append(None)
            continue
        state.append([index[k] for k, refs in ref.items() if k != r.key and k in index and _match(r.values, refs)])
    runs: list[list[int]] = []
    for i, s in enumerate(state):
        if s:
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
    runs = [run for run in runs if len(run) >= MIN_RUN and sum(1 for i in run if ref.get(rows[i].key)) >= MIN_RUN]
    if not runs:
        return None, findings
    shifted: dict[int, int] = {}  # row → k: its figures are those of row i + k (cyclic)
    for run in runs:
        prev: int | None = None
        for i in run:
            cands = [_signed(j - i, n) for j in state[i] or []]
            k = min(cands, key=lambda k: (abs(k - prev) if prev is not None else abs(k), abs(k)))
            shifted[i] = prev = k
        # rows after the run whose figures equal both their own and the shifted ones (a 款 with a single
        # 项) are read as part of it: the shift goes on through them. Not before it: the run starts at
        # the first row that disagrees (a 合计 equal to its only 类 stays where it is).
        k, j = shifted[run[-1]], run[-1] + 1
        while j < n and j not in shifted and state[j] is None and rows[j].values[0] is not None \
                and _match(rows[j].values, ref.get(rows[(j + k) % n].key, [])):
            shifted[j] = k
            j += 1
    offsets = sorted(shifted.items())
    segs = _segments(offsets)
    first, last = rows[offsets[0][0]], rows[offsets[-1][0]]
    tn = _tn(t)
    where = f"{tn} {first.key}–{last.key}"
    affected = [rows[i] for i, _ in offsets]
    locs = _located(affected)
    mark = explained_place(rule, where)
    out, count = [], 0
    for f in findings:
        if f.verdict == "contradiction" and any(loc in p for p in f.places for loc in locs):
            f = attrs.evolve(f, places=(*f.places, mark))
            count += 1
        out.append(f)
    if count == 0:
        return None, findings
    targets = {(i + k) % n for i, k in offsets}
    unused = [rows[i].key for i in range(offsets[0][0], offsets[-1][0] + 1) if i not in targets and state[i] is not None]
    missing = f"；表中各行均未印其金额的科目：{'、'.join(unused)}" if unused else ""
    ks = sorted({k for _, _, k in segs}, key=lambda k: (k < 0, abs(k)))
    if len(ks) == 1:
        how = f"金额整体错位 {abs(ks[0])} 行"
    elif all(k > 0 for k in ks):
        how = f"金额错位 {'、'.join(str(k) for k in ks)} 行"
    else:
        how = "金额互换错位，" + "、".join(f"{'下' if k > 0 else '上'} {abs(k)} 行" for k in ks)
    msg = (f"{where}：{_describe(rows, segs)}{missing}。共 {len(affected)} 行的金额印在了别的科目下"
           f"（{how}），与同级表（支出决算表、财政拨款收入支出决算总表）中其他科目所印的金额一致；"
           f"本表因此出现的 {count} 项单项矛盾均由此错位解释。")
    grouped = Finding(rule=rule, verdict="contradiction", where=where, expected=None, found=None, n=count,
                      message=msg, places=(_at(f"{tn} {first.key}", first.cells[0]), _at(f"{tn} {last.key}",
                                                                                        last.cells[0])))
    pos = next((i for i, f in enumerate(out) if explained_by(f) is not None), len(out))
    return grouped, [*out[:pos], grouped, *out[pos:]]


def find_shifts(rep: PublishedReport, findings: list, terms: Terms | None = None) -> list:
    """``findings`` with one grouped finding per table whose amounts are printed against the wrong
    codes, inserted before the first finding it explains; those findings are kept and marked.
    The tables looked at are ``terms.shift_rules`` (the built-in vocabulary when ``terms`` is ``None``).

    >>> from govbudget.reader import read_report
    >>> rep = read_report(text="支出决算表\\n")
    >>> find_shifts(rep, []) == []
    True
    """
    terms = terms or default_terms()
    for tid, rule in terms.section("shift_rules").items():
        t = rep.table(tid)
        if t is not None:
            _, findings = _shift_in(rep, t, rule, findings, terms)
    return findings
