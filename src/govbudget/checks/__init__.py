"""Check a published report against itself: the rules, the layouts that bind them, the runner.

Three layers:

- *primitives* (:mod:`govbudget.checks._primitives`): pure functions over printed cells that
  return :class:`~govbudget.Finding` values — a sum within its rounding band, one figure printed
  twice, a part not above its whole, a rate at its printed precision;
- the *families* of rules (tables, budget cross-tables, 说明/附件, grouped root causes) that apply
  the primitives to a report;
- plug-ins: any function ``fn(report) -> Iterable[Finding]`` passed as ``extra``.

>>> import govbudget as gb
>>> from govbudget.checks import check
>>> rep = gb.read_report(text="支出决算表\\n项目\\t\\t本年支出合计\\t基本支出\\t项目支出\\n合计\\t\\t10.00\\t7.00\\t3.01\\n")
>>> [(f.rule, f.verdict) for f in check(rep)]
[('R03.1', 'tail')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._catalogue import CatalogueError, Rule, catalogue, rule
from ._layouts import Layout, builtin_layouts, load_layout
from ._runner import FAMILIES, check_report
from ._terms import Terms

if TYPE_CHECKING:  # pragma: no cover
    from ..reader import PublishedReport
    from ..reconcile import Finding

__all__ = ["FAMILIES", "CatalogueError", "Layout", "Rule", "Terms", "builtin_layouts", "catalogue", "check",
           "check_report", "load_layout", "rule"]


def check(report: PublishedReport, *, strict: bool = False, layouts: Iterable[str | Path | Layout] = (),
          extra: Iterable[Callable[[Any], Iterable[Finding]]] = ()) -> list:
    """Reconcile ``report`` against itself; a list of :class:`~govbudget.Finding`.

    ``strict=True`` applies exact equality to sums (for 元 data). ``layouts`` adds the rules that
    layout files bind to cells (a TOML path or a :class:`Layout`; see :mod:`govbudget.checks._layouts`):
    a province's template is added with a data file. ``extra`` adds plug-in checks: plain functions
    ``fn(report) -> Iterable[Finding]`` run after the built-in rules.

    >>> import govbudget as gb
    >>> rep = gb.read_report(text="支出决算表\\n项目\\t\\t本年支出合计\\t基本支出\\t项目支出\\n合计\\t\\t10.00\\t7.00\\t3.00\\n")
    >>> def no_projects(report):
    ...     c = report.table("expenditure").get("合计", "项目支出")
    ...     if c is not None and c.value:
    ...         yield gb.Finding(rule="my.P1", verdict="label", where="支出决算表 合计 项目支出", expected=None,
    ...                          found=c.value, message="本单位不应有项目支出。")
    >>> [(f.rule, f.verdict) for f in check(rep, extra=[no_projects]) if f.verdict != "ok"]
    [('my.P1', 'label')]
    """
    return check_report(report, strict=strict, layouts=layouts, extra=extra)
