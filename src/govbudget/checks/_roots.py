"""Root causes (C01): one misprinted figure that breaks several sums and comparisons is named once.

The relations a printed cell takes part in are the sums of its table (row sums R0x.1, 类 = Σ 款 =
Σ 项 R0x.2, the fund rows of 公开07/08, whether they hold or not; the sums inside the 收支总表 R01 and
the 财政拨款收支总表 R04, read back from their findings) and the comparisons between tables (the 表间
family of the catalogue: X04, X06, X07 ≤ …, read back from their findings, holding ones included).
Every printed cell of those tables that takes part in a contradiction is tried as the cause, alone
and together with

- the cells of the same column that print its figure on the codes straight above or below it (a 类
  whose only 款 repeats its figure is misprinted with it), and
- the same figure reprinted in a sibling table (a comparison between the two cells holds because both
  print it: 公开05 copying 公开03), with that cell's own code chain.

The cell explains the contradictions if one change Δ of its figure (and of its group's) makes at least
two of them hold, every finding it folds holds after the change, no relation that holds now breaks,
and the figure it would take is printable at the cell's precision. So when two tables disagree on a
figure and only one table's sums fail, the cell of that table is the root (its figure taking the
other table's makes its sums and the comparison hold); the other cell would break its own sums.

Run by the checks, each cause is then confirmed by checking the report again with it corrected: the
findings it explains must hold and no sum or comparison that holds may fail, or it is dropped (a sum
reported only when it fails, such as a 公开04 row, is seen this way too).

The grouped finding names the cell, the printed figure and the figure that would make the relations
hold; the contradictions it explains are kept, each with the place ``explained_place`` of the
grouped finding (as for shifted rows). A cell read with doubt is never tried, a ``not_assessable``
finding is never folded, and a finding is folded only if the change makes it hold.

>>> from govbudget.reader import read_report
>>> rows = ["合计\\t\\t30.00\\t30.00\\t", "201\\t一\\t21.00\\t30.00\\t", "20101\\t二\\t30.00\\t30.00\\t"]
>>> text = "\\n".join(["支出决算表", "科目代码\\t科目名称\\t本年支出合计\\t基本支出\\t项目支出", *rows])
>>> fs = read_report(text=text).check()
>>> [(f.rule, f.where) for f in fs if f.rule == "C01"]
[('C01', '支出决算表 201 本年支出合计')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation, localcontext
from functools import cache
from typing import TYPE_CHECKING

import attrs

from ..money import money_context
from ..reader._model import Cell, PublishedTable, norm
from ..reader._shape import _fund_cols, _fund_column, _tn
from ._catalogue import catalogue, rule
from ._primitives import _at, _band, _loc, places
from ._shift import explained_by, explained_place
from ._tables import _amount_columns
from ._terms import Terms

if TYPE_CHECKING:  # pragma: no cover
    from ..reader import PublishedReport

__all__ = ["find_roots"]

RULE = "C01"
#: a printed position at the end of a place: ``公开03表 212 基本支出（第3页第120行）``
_PLACE = re.compile(r"(?P<name>.*)（(?P<loc>[^（）]*第\d+行)）")
_EXPLAINED = explained_place("", "").removesuffix(":")  # the mark of a finding another one explains
_SUMMARY_PREFIXES = ("R01.", "R04.")
#: set while the checks run again to confirm a cause (no grouping then)
_RECHECK: ContextVar[bool] = ContextVar("govbudget_roots_recheck", default=False)
#: at most this many causes the checks do not confirm are dropped before the search stops
_MOST_DROPPED = 3
#: at most this many causes are searched for (each search and confirmation re-runs the checks): a
#: report broken in more places than this (a duplicated block of rows) keeps its other contradictions
#: as they are, each reported on its own
_MOST_CAUSES = 12
#: at most this many cells change together (a figure, its code chain, its reprint in another table)
_MOST_CELLS = 256

Key = tuple[str, str]  # (rule, where) of the finding that states a relation


@cache
def _cross_rules() -> frozenset[str]:
    """The rules comparing one table's figures with another's: the catalogue's family of X04."""
    family = rule("X04").family
    return frozenset(r.id for r in catalogue().values() if r.family == family and r.id.startswith("X"))


@cache
def _summary_rules() -> frozenset[str]:
    """The sums inside the 收支总表 (R01) and the 财政拨款收支总表 (R04), read back from their findings."""
    return frozenset(r for r in catalogue() if r.startswith(_SUMMARY_PREFIXES))


@attrs.frozen
class _Rel:
    """A relation between printed cells: Σ sign·value + const is the residual ``base``; it holds when
    |residual| ≤ ``tol`` (a part against its whole, ``le``: residual ≤ ``tol``)."""

    key: Key
    terms: tuple[tuple[Cell, int], ...]
    base: Decimal
    tol: Decimal
    le: bool = False

    def holds(self, residual: Decimal) -> bool:
        return residual <= self.tol if self.le else abs(residual) <= self.tol


def _val(c: Cell | None) -> Decimal:
    return Decimal(0) if c is None or c.value is None else c.value


def _sum(rule_id: str, where: str, terms: list[tuple[Cell | None, int]]) -> _Rel:
    """``Σ sign·cell = 0`` within the rounding band of its printed figures (the first term is the total)."""
    got = tuple((c, s) for c, s in terms if c is not None)
    return _Rel(key=(rule_id, where), terms=got, base=sum((s * _val(c) for c, s in got), Decimal(0)),
                tol=_band([c.value for c, _ in got]))


@attrs.frozen
class _Maps:
    """The tables whose sums are stated here, with their rules (the layouts' ``terms.row_sums``,
    ``terms.hierarchy``, ``terms.fund_rows``): their cells are the ones tried as causes; and the
    words the table checks read them with (``terms.table_sums``, the basic tables)."""

    row_sums: Mapping[str, str]
    hierarchy: Mapping[str, str]
    fund_rows: Mapping[str, str]
    totals: frozenset[str]  # the 合计 row's label
    total_column: tuple[str, ...]  # a word of the first amount column of a row-sum table
    prefixes: tuple[str, ...]  # the first digit of the class codes 合计 adds up
    basic: tuple[str, ...]  # tables whose 合计 is 人员 + 公用, not Σ 类

    summary: tuple[str, ...] = ()  # the 收支总表 and 财政拨款收支总表: their sums are read back from findings

    @classmethod
    def of(cls, terms: Terms) -> _Maps:
        sums = [terms.names("table_sums", k) for k in ("total", "total_column", "class_prefixes")]
        tables = terms.section("tables")
        return cls(*(terms.section(k) for k in ("row_sums", "hierarchy", "fund_rows")),
                   frozenset(norm(n) for n in sums[0]), sums[1], sums[2], terms.names("tables", "basic"),
                   tuple(x for k in ("summary", "fiscal") if k in tables for x in terms.names("tables", k)))

    def tried(self, table_id: str | None) -> bool:
        return table_id in self.row_sums or table_id in self.hierarchy or table_id in self.summary

    def rules(self) -> set[str]:
        return {*self.row_sums.values(), *self.hierarchy.values(), *self.fund_rows.values()}


def _row_relations(t: PublishedTable, maps: _Maps) -> list[_Rel]:
    out: list[_Rel] = []
    cols = _amount_columns(t)
    if t.table_id in maps.row_sums and len(cols) >= 3 and any(w in cols[0] for w in maps.total_column):
        rows: dict[int, dict[str, Cell]] = {}
        for c in t.cells:
            rows.setdefault(c.line, {}).setdefault(c.column, c)
        for by_col in rows.values():
            total = by_col.get(cols[0])
            parts = [by_col[k] for k in cols[1:] if k in by_col]
            if total is not None and parts:
                out.append(_sum(maps.row_sums[t.table_id], f"{_tn(t)} {total.row_code or total.row_label} 行",
                                [(total, 1), *((p, -1) for p in parts)]))
    if t.table_id in maps.fund_rows:  # 本年支出 = 基本 + 项目; 年末 = 年初 + 本年收入 − 本年支出
        fund: dict[tuple[int, str | None, str], dict[str, Cell]] = {}
        for c in t.cells:
            role = _fund_column(c.column)
            if role is not None:
                fund.setdefault((c.line, c.row_code, c.row_label), {}).setdefault(role, c)
        for (_, code, label), r in fund.items():
            rid, row = maps.fund_rows[t.table_id], code or label
            if "spent" in r and ("basic" in r or "project" in r):
                out.append(_sum(rid, f"{_tn(t)} {row} 本年支出",
                                [(r["spent"], 1), (r.get("basic"), -1), (r.get("project"), -1)]))
            if "close" in r and ("open" in r or "income" in r) and "spent" in r:
                out.append(_sum(rid, f"{_tn(t)} {row} 年末结转和结余", [(r["close"], 1), (r.get("open"), -1),
                                                                        (r.get("income"), -1), (r["spent"], 1)]))
    return out


def _tree_relations(t: PublishedTable, maps: _Maps) -> list[_Rel]:
    out: list[_Rel] = []
    rid = maps.hierarchy[t.table_id]
    codes = t.codes()
    below: dict[str, list[str]] = {}  # code → the codes two digits longer under it, in table order
    for k in codes:
        if len(k) >= 2:
            below.setdefault(k[:-2], []).append(k)
    for col in _amount_columns(t):
        val: dict[str, Cell] = {}
        for c in t.cells:
            if c.row_code and c.column == col:
                val.setdefault(c.row_code, c)
        for code in codes:
            kids = [val[k] for k in below.get(code, ()) if k in val]
            if kids and code in val:
                out.append(_sum(rid, f"{_tn(t)} {code} {col}", [(val[code], 1), *((k, -1) for k in kids)]))
        total = next((c for c in t.cells if c.column == col and norm(c.row_label) in maps.totals
                      and not c.row_code), None)
        top = [val[k] for k in codes if len(k) == 3 and k in val and k.startswith(maps.prefixes)]
        if total is not None and top and t.table_id not in maps.basic:
            out.append(_sum(rid, f"{_tn(t)} {norm(total.row_label)} {col}", [(total, 1), *((k, -1) for k in top)]))
    return out


def _resolve(place: str, want: Decimal | None, known: bool, at: dict[str, list[tuple[str, Cell]]],
             home: str | None = None) -> list[Cell]:
    """The cells of the tried tables a finding's place names: by table name (``home``, the table of
    the sum's total, for a part named without it), printed position, the figure the finding read
    there when ``known``, then the column it names, the row label it names, else the row's first
    figure (what a check naming only a row compares)."""
    m = _PLACE.fullmatch(place)
    if m is None:
        return []
    name = m["name"]
    here = at.get(m["loc"], ())
    hits = [c for tn, c in here if name == tn or name.startswith(tn + " ")]
    if not hits and home is not None:
        hits = [c for tn, c in here if tn == home]
    if known:
        hits = [c for c in hits if _val(c) == (want or 0)]
    fund = re.search(r" (c[2-5])$", name)  # a fund column of the 财政拨款收支总表 (c2 合计 … c5 国有资本经营)
    if len(hits) > 1 and fund:
        hits = [c for c in [_fund_cols({c.column: c for c in hits})[fund[1]]] if c is not None]
    if len(hits) > 1:  # the column named, the row named (both when both are), else the row's first figure
        named = [c for c in hits if c.column and name.endswith((c.column, norm(c.column).split("/")[-1]))] or hits
        named = [c for c in named if c.row_label and norm(c.row_label) in norm(name)] or named
        hits = named if len(named) < len(hits) else [min(hits, key=lambda c: c.column_index)]
    return hits


def _cross_relations(findings: list, at: dict[str, list[tuple[str, Cell]]]) -> tuple[list[_Rel], set[int]]:
    """The comparisons between tables and the sums of the 收支总表/财政拨款收支总表, read back from their
    findings, and the cells some finding names without saying which of several it is (never tried:
    what it compares is not known)."""
    rules = _cross_rules() | _summary_rules()
    out: list[_Rel] = []
    unknown: set[int] = set()
    for f in findings:
        if f.rule not in rules or f.verdict not in ("ok", "tail", "contradiction"):
            continue
        shown = [p for p in f.places if not p.startswith(_EXPLAINED)]
        two = len(shown) == 2  # a = b, part ≤ whole: both figures are the finding's; a sum: only the total's
        # a finding met twice lists its places twice (a printed line repeated): what it compares is unclear
        merged = len({p.split("（")[0] for p in shown}) < len(shown)
        terms, clear = [], not merged
        home = None
        for i, p in enumerate(shown):
            hits = _resolve(p, f.found if i == 0 else f.expected, (i == 0 or two) and not merged, at, home)
            if i == 0 and len(hits) == 1:
                home = next((tn for tn, c in at.get(_loc(hits[0]), ()) if c is hits[0]), None)
            if len(hits) == 1 and not merged:
                terms.append((hits[0], 1 if i == 0 else -1))
            elif hits:
                unknown.update(id(c) for c in hits)
                clear = False
        if not clear or not terms:
            continue
        base = (f.found or Decimal(0)) - (f.expected or Decimal(0))
        r = _Rel(key=(f.rule, f.where), terms=tuple(terms), base=base, tol=f.tolerance or Decimal(0),
                 le=" ≤ " in f.where)
        if f.verdict != "contradiction" and not r.holds(base):  # the check's own band is wider: it holds
            r = attrs.evolve(r, tol=abs(base))
        out.append(r)
    return out, unknown


@attrs.define
class _Net:
    """The relations of a report, indexed by the cells they name, and the cells' code-tree neighbours."""

    rels: list[_Rel]
    table: dict[int, PublishedTable]  # id(cell) → its table
    by_cell: dict[int, list[int]] = attrs.Factory(dict)
    by_key: dict[Key, list[int]] = attrs.Factory(dict)
    same: dict[tuple[int, str, Decimal], list[Cell]] = attrs.Factory(dict)  # (table, column, figure) → coded cells
    reprint: dict[int, list[Cell]] = attrs.Factory(dict)  # id(cell) → the cells of other tables printing it

    def index(self) -> None:
        for i, r in enumerate(self.rels):
            self.by_key.setdefault(r.key, []).append(i)
            for c, _ in r.terms:
                self.by_cell.setdefault(id(c), []).append(i)
            cells = [c for c, _ in r.terms]
            if len(cells) == 2 and r.key[0] in _cross_rules() and cells[0].value == cells[1].value:
                a, b = cells
                if a.certain and b.certain and a.value is not None:
                    self.reprint.setdefault(id(a), []).append(b)
                    self.reprint.setdefault(id(b), []).append(a)
        for key, t in {id(t): t for t in self.table.values()}.items():
            for c in t.cells:
                if c.row_code and c.value is not None and c.certain:
                    self.same.setdefault((key, c.column, c.value), []).append(c)

    def chain(self, c: Cell) -> list[Cell]:
        """``c`` and the cells of its column that print its figure on the codes straight above or below it."""
        if not c.row_code:
            return [c]
        near = self.same.get((id(self.table[id(c)]), c.column, c.value), [])
        return [c, *(x for x in near if x is not c and (x.row_code.startswith(c.row_code)
                                                        or c.row_code.startswith(x.row_code)))]

    def groups(self, c: Cell, seen: set) -> list[list[Cell]]:
        """The sets of cells tried with ``c`` not tried yet (``seen`` holds what was): ``c`` alone, with
        its reprints in other tables, its code chain, and that chain with its reprints (each with its
        own chain). A chain is built once for every cell printing the same figure on the same code."""
        out = []
        for chained in (False, True):
            key = ("chain", id(self.table[id(c)]), c.column, c.value, c.row_code) if chained and c.row_code else id(c)
            if key in seen:
                continue
            seen.add(key)
            own = self.chain(c) if chained else [c]
            wide = {id(x): x for x in own}
            for x in own:
                for y in self.reprint.get(id(x), ()):
                    for z in (self.chain(y) if chained else [y]):
                        wide.setdefault(id(z), z)
            out += [own] if len(wide) == len(own) else [own, list(wide.values())]
        return out


def _fits(v: Decimal, like: Decimal) -> bool:
    """``v`` can be printed with the decimals ``like`` is printed with."""
    try:
        return v == v.quantize(Decimal(1).scaleb(-places(like)))
    except InvalidOperation:
        return False


def _try(net: _Net, group: list[Cell], bad: set[Key]) -> tuple[Decimal, list[Key]] | None:
    """The change Δ of ``group``'s figures that makes most contradictions hold and breaks nothing, with
    the keys of those it makes hold (``None`` when no change makes two hold).

    Changing every cell of the group by Δ changes a relation's residual by Δ·k, k the sum of the
    group's signs in it: each residual is computed once."""
    ids = {id(x) for x in group}
    mine = sorted({i for x in ids for i in net.by_cell.get(x, ())})
    k = {i: sum(s for c, s in net.rels[i].terms if id(c) in ids) for i in mine}
    best: tuple[Decimal, list[Key]] | None = None
    seen: set[Decimal] = set()
    for i in mine:
        r = net.rels[i]
        if r.key not in bad or not k[i] or r.holds(r.base):
            continue
        delta = -r.base / k[i]
        if delta in seen or not _fits(group[0].value + delta, group[0].value):
            continue
        seen.add(delta)
        after = {j: net.rels[j].holds(net.rels[j].base + delta * k[j]) for j in mine}
        if any(not ok for j, ok in after.items() if net.rels[j].key not in bad):
            continue
        # only contradictions not yet explained count (a relation another cause explains is not fixed twice)
        keys = {net.rels[j].key for j in mine if after[j] and net.rels[j].key in bad
                and not net.rels[j].holds(net.rels[j].base)}
        fixed = [key for key in keys if all(after.get(j, net.rels[j].holds(net.rels[j].base))
                                            for j in net.by_key[key])]
        if len(fixed) >= 2 and (best is None or len(fixed) > len(best[1])):
            best = (delta, sorted(fixed))
    return best


def _best_cause(net: _Net, bad: set[Key], unknown: set[int],
                skip: set[frozenset[int]]) -> tuple[list[Cell], Decimal, list[Key]] | None:
    """(cells, Δ, explained keys) of the cell that explains most contradictions (≥ 2), or ``None``;
    of two explaining as many, the one changing fewer cells. Groups in ``skip`` are not tried."""
    best = None
    tried: set[frozenset[int]] = set(skip)
    seen: set = set()
    for key in sorted(bad):
        for i in net.by_key.get(key, ()):
            for c, _ in net.rels[i].terms:
                if c.value is None or not c.certain or id(c) not in net.table:
                    continue
                for group in net.groups(c, seen):
                    if len(group) > _MOST_CELLS:
                        continue
                    ids = frozenset(id(x) for x in group)
                    if ids in tried or ids & unknown:
                        continue
                    tried.add(ids)
                    got = _try(net, group, bad)
                    if got is not None and (best is None or (len(got[1]), -len(group)) > (len(best[2]), -len(best[0]))):
                        best = (group, got[0], got[1])
    return best


def _name(net: _Net, c: Cell) -> str:
    return f"{_tn(net.table[id(c)])} {c.row_code or norm(c.row_label)} {c.column}"


def _grouped(net: _Net, group: list[Cell], delta: Decimal, fixed: list[Key]):
    """The C01 finding: the cell, its printed figure, the figure that makes the ``fixed`` relations
    hold, and what those are (this table's sums, another table's, comparisons between tables)."""
    from ..reconcile import Finding

    c = group[0]
    home = net.table[id(c)]
    where = _name(net, c)
    chain = "、".join(x.row_code or norm(x.row_label) for x in group[1:] if net.table[id(x)] is home)
    elsewhere: dict[str, list[str]] = {}
    for x in group[1:]:
        if net.table[id(x)] is not home:
            elsewhere.setdefault(_tn(net.table[id(x)]), []).append(x.row_code or norm(x.row_label))
    also = [f"{chain} 同列印有同一数字"] if chain else []
    also += [f"{tn} {'、'.join(codes)} {c.column} 印有同一数字" for tn, codes in elsewhere.items()]
    said = f"（{'；'.join(also)}，一并计）" if also else ""
    sums: dict[str, int] = {}
    cross: list[str] = []
    for key in fixed:
        r = net.rels[net.by_key[key][0]]
        if key[0] in _cross_rules():
            cross.append(key[0])
        else:
            t = net.table[id(r.terms[0][0])]
            sums["本表" if t is home else _tn(t)] = sums.get("本表" if t is home else _tn(t), 0) + 1
    what = [f"{tn} {k} 项合计关系" for tn, k in sums.items()]
    what += [f"{len(cross)} 项表间核对（{'、'.join(dict.fromkeys(cross))}）"] if cross else []
    want = c.value + delta
    n = len(fixed)
    msg = (f"{where}：印为 {c.value}{said}；若为 {want}，{'、'.join(what)}均成立，且不破坏其他成立的关系。"
           f"这 {n} 项矛盾很可能都由这一处印刷错误引起，列在其下。")
    return Finding(rule=RULE, verdict="contradiction", where=where, expected=want, found=c.value, n=n,
                   message=msg, places=tuple(_at(_name(net, x), x) for x in group))


def _network(rep: PublishedReport, findings: list, maps: _Maps) -> tuple[_Net, set[int]]:
    """Every relation of the tried tables and every comparison between tables, indexed."""
    table: dict[int, PublishedTable] = {}
    at: dict[str, list[tuple[str, Cell]]] = {}
    rels: list[_Rel] = []
    for t in rep.tables:
        if not maps.tried(t.table_id):
            continue
        tn = _tn(t)
        for c in t.cells:
            table[id(c)] = t
            at.setdefault(_loc(c), []).append((tn, c))
        rels += _row_relations(t, maps)
        if t.table_id in maps.hierarchy:
            rels += _tree_relations(t, maps)
    cross, unknown = _cross_relations(findings, at)
    net = _Net(rels=rels + cross, table=table)
    net.index()
    return net, unknown


def _changed(rep: PublishedReport, group: list[Cell], delta: Decimal) -> PublishedReport:
    """``rep`` with the figures of ``group`` changed by ``delta``."""
    new = {id(c): attrs.evolve(c, value=c.value + delta, raw=str(c.value + delta)) for c in group}
    tables = tuple(attrs.evolve(t, cells=tuple(new.get(id(c), c) for c in t.cells))
                   if any(id(c) in new for c in t.cells) else t for t in rep.tables)
    return attrs.evolve(rep, tables=tables)


def _holds_after(rep: PublishedReport, cause: tuple, findings: list, kinds: set[str],
                 recheck: Callable[[PublishedReport], list]) -> bool:
    """The checks run again with the cause corrected: every finding it explains holds and no sum or
    comparison that holds now fails (the relations above are what the table checks state; this
    confirms it against the checks themselves)."""
    from ..errors import GovBudgetError, LimitExceededError

    group, delta, fixed = cause
    token = _RECHECK.set(True)
    try:
        after = recheck(_changed(rep, group, delta))
    except LimitExceededError:
        raise
    except GovBudgetError:
        return False
    finally:
        _RECHECK.reset(token)
    was = {(f.rule, f.where) for f in findings if f.verdict == "contradiction" and f.rule in kinds}
    now = {(f.rule, f.where) for f in after if f.verdict == "contradiction" and f.rule in kinds}
    return not now & set(fixed) and now <= was


def find_roots(rep: PublishedReport, findings: list, terms: Terms | None = None,
               recheck: Callable[[PublishedReport], list] | None = None) -> list:
    """``findings`` with one grouped finding per printed figure that explains several contradictions
    (sums of its table, of a table reprinting it, comparisons between tables), inserted before the
    first of them; those are kept and marked. The tables and their sums are the ones the layouts'
    ``terms.row_sums``, ``terms.hierarchy`` and ``terms.fund_rows`` name. With ``recheck`` (the
    checks without grouping, as the runner gives it) each cause is confirmed by checking the report
    again with it corrected; a cause the checks do not confirm is dropped."""
    from ._layouts import default_terms

    if _RECHECK.get():  # the checks run again to confirm a cause: no grouping inside
        return findings
    maps = _Maps.of(terms or default_terms())
    kinds = _cross_rules() | _summary_rules() | maps.rules()
    bad = {(f.rule, f.where) for f in findings
           if f.verdict == "contradiction" and f.rule in kinds and explained_by(f) is None}
    if len(bad) < 2:
        return findings
    with localcontext(money_context()):
        net, unknown = _network(rep, findings, maps)
        bad &= set(net.by_key)
        skip: set[frozenset[int]] = set()
        for _ in range(_MOST_CAUSES):
            if len(bad) < 2 or len(skip) >= _MOST_DROPPED:
                break
            cause = _best_cause(net, bad, unknown, skip)
            if cause is None:
                break
            if recheck is not None and not _holds_after(rep, cause, findings, kinds, recheck):
                skip.add(frozenset(id(x) for x in cause[0]))
                continue
            group, delta, fixed = cause
            g = _grouped(net, group, delta, fixed)
            mark = explained_place(RULE, g.where)
            done = set(fixed)
            findings = [attrs.evolve(f, places=(*f.places, mark)) if f.verdict == "contradiction"
                        and (f.rule, f.where) in done and explained_by(f) is None else f for f in findings]
            pos = next((i for i, f in enumerate(findings) if explained_by(f) == f"{RULE}:{g.where}"), len(findings))
            findings = [*findings[:pos], g, *findings[pos:]]
            bad -= done
    return findings
