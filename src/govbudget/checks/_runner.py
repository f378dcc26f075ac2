"""Run the check families over a report, then group and tidy the findings.

>>> from govbudget.reader import read_report
>>> rep = read_report(text="支出决算表\\n项目\\t\\t本年支出合计\\t基本支出\\t项目支出\\n合计\\t\\t10.00\\t7.00\\t3.01\\n")
>>> [(f.rule, f.verdict) for f in check_report(rep)]
[('R03.1', 'tail')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import GovBudgetError, LimitExceededError
from ..reconcile import Finding
from . import _tables
from ._budget_links import check_budget_links
from ._catalogue import catalogue
from ._labels import check_labels
from ._narrative import check_narrative
from ._primitives import _label, forced_shares, printing_conventions
from ._roots import find_roots
from ._shift import find_shifts
from ._terms import Terms

if TYPE_CHECKING:  # pragma: no cover
    from ..reader import PublishedReport

__all__ = ["FAMILIES", "check_report"]

#: a family of checks: ``fn(report, strict, out, terms)`` appends its findings to ``out``, reading
#: every table, row and column it looks for from ``terms`` (the layouts' vocabulary)
Family = Callable[[Any, bool, list, Terms], None]


def _names(rep: PublishedReport, strict: bool, out: list, terms: Terms | None = None) -> None:
    """Code names printed in the tables that are not the year's names (from the reader's lookup)."""
    for code, printed, official in rep.name_mismatches:
        out.append(_label("names", f"code {code}", f"科目 {code} 印作“{printed}”，{rep.year}年科目表为“{official}”。"))


#: the families of checks, in the order they run: (name, function(report, strict, out, terms))
FAMILIES: tuple[tuple[str, Family], ...] = (
    ("表内", _tables.tables_family),
    ("收支总表", _tables._summary),
    ("收支总表 人员/公用经费", lambda rep, strict, out, terms: _tables._summary_groups(rep, out, terms)),
    ("财政拨款收支总表", _tables._fiscal),
    ("一般公共预算 ≤ 支出总表", _tables._x07),
    ("基本支出", _tables._basic_groups),
    ("三公", _tables._three_public),
    ("预算表间", check_budget_links),
    ("说明/附件", check_narrative),
    ("措辞", check_labels),
    ("科目名称", _names),
)


def _dedupe(findings: list) -> list:
    """Identical findings (same rule, verdict, place and figures) reported once, at every place they
    were found (a sentence printed twice gives one finding naming both lines)."""
    kept: dict[tuple, int] = {}
    out: list = []
    for f in findings:
        key = (f.rule, f.verdict, f.where, f.found, f.expected, f.message)
        if key not in kept:
            kept[key] = len(out)
            out.append(f)
            continue
        first = out[kept[key]]
        more = tuple(p for p in f.places if p not in first.places)
        if more:
            out[kept[key]] = attrs.evolve(first, places=first.places + more)
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


def _run_family(name: str, fn: Callable[[Any, bool, list], None], rep: PublishedReport, strict: bool,
                out: list) -> None:
    """Run one family; a typed error raised on an odd figure becomes a ``not_assessable`` finding for
    that family and the other families still run."""
    mark = len(out)
    try:
        fn(rep, strict, out)
    except LimitExceededError:
        raise  # the time budget of the whole check (limits.check_seconds), not an odd figure of this family
    except GovBudgetError as exc:
        where = f"核对组“{name}”"
        out.append(Finding(rule="checks", verdict="not_assessable", where=where, expected=None, found=None,
                           places=(where,), message=f"{where}：核对中途遇到无法计算的数字（{exc}），"
                           f"该组其余核对无法评估（已完成 {len(out) - mark} 项）；其他核对照常进行。"))


def _no_tables(rep: PublishedReport) -> Finding:
    where = "whole document"
    return Finding(
        rule="tables", verdict="not_assessable", where=where, expected=None, found=None,
        message=(f"未识别出任何带数据的预决算公开表（识别到 {len(rep.tables)} 张表，{len(rep.unmapped)} 行未能归位），"
                 "无法核对。"),
        places=(where,),
    )


def _plugin(fn: Callable[[Any], Iterable[Finding]], rep: PublishedReport, out: list) -> None:
    """A plug-in check ``fn(report) -> Iterable[Finding]``: its findings are added as they are;
    anything else it yields is a typed error naming the plug-in."""
    from ..errors import ReconcileError

    name = getattr(fn, "__qualname__", repr(fn))
    for f in fn(rep) or ():
        if not isinstance(f, Finding):
            raise ReconcileError(f"plug-in check {name} yielded a {type(f).__name__} ({f!r}); expected a Finding")
        out.append(f)


def check_report(rep: PublishedReport, *, strict: bool = False, families: Iterable[tuple[str, Family]] = FAMILIES,
                 layouts: Iterable[Any] = (), extra: Iterable[Callable[[Any], Iterable[Finding]]] = ()) -> list:
    """Run every family, the rules bound by ``layouts`` and the plug-ins ``extra`` over ``rep``; see
    :func:`govbudget.checks.check`.

    The layouts in force are the shipped ones for the report's kind (``common`` first) and then
    ``layouts``: their ``terms`` are what the families read the tables with, their ``rules`` (less
    their ``disable``) the catalogue rules reported; the cells a layout binds with ``[[sum]]``,
    ``[[equal]]``, ``[[le]]`` are checked for the layouts passed here.

    ``strict=True`` applies exact equality to sums (for 元 data).
    """
    from ._layouts import Layout, apply_layout, builtin_layouts, load_layout

    theirs = [lay if isinstance(lay, Layout) else load_layout(lay) for lay in layouts]
    mine = [lay for lay in (*builtin_layouts().values(), *theirs) if lay.applies_to(rep.kind)]
    terms = _shipped_terms(rep.kind) if not theirs else Terms.merge(
        {"terms": lay.terms, "add_terms": lay.add_terms} for lay in mine)
    out: list = []
    if not any(t.cells for t in rep.tables):
        out.append(_no_tables(rep))
    for name, fn in families:
        _run_family(name, lambda r, s, o, fn=fn: fn(r, s, o, terms), rep, strict, out)
    out = _enabled(out, mine)
    for lay in theirs:  # cells bound by a layout are checked when the caller names the layout
        _run_family(f"布局 {lay.id}", lambda r, s, o, lay=lay: o.extend(apply_layout(lay, r, strict=s)), rep, strict, out)
    for fn in extra:
        _plugin(fn, rep, out)
    grouped = find_shifts(rep, _dedupe(forced_shares(printing_conventions(out))), terms)
    return _blank(rep, find_roots(rep, grouped, terms, recheck=lambda r: check_report(  # C01 confirms a cause
        r, strict=strict, families=families, layouts=theirs)))


@cache
def _shipped_terms(kind: str | None) -> Terms:
    """The merged terms of the shipped layouts for reports of ``kind`` (the same for every report of
    that kind: merged once, not on every check)."""
    from ._layouts import builtin_layouts

    return Terms.merge({"terms": lay.terms, "add_terms": lay.add_terms}
                       for lay in builtin_layouts().values() if lay.applies_to(kind))


def _enabled(findings: list, layouts: list) -> list:
    """The findings of the catalogue rules some layout in force lists and none disables (rules
    outside the catalogue — a layout's own, a plug-in's — are not the catalogue's to switch)."""
    known = catalogue()
    on = {r for lay in layouts for r in lay.rules} - {r for lay in layouts for r in lay.disable}
    return [f for f in findings if f.rule in on or f.rule not in known]
